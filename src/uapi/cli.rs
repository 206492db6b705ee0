//! cPanel's command-line tools, run as the user: `uapi --output=json Module function k=v…` and
//! `cpapi2 --output=json Module function k=v…`. They print the same envelopes as cpsrvd.
//!
//! Command-line arguments are visible to other users in the process list, so a [`Call`] marked
//! secret (a password) is refused here: such calls go over LiveAPI ([`super::live`]) in the
//! page, or over [`super::http`] with a token for tools outside cpsrvd.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::{Api2Envelope, Call, Envelope, Transport, UapiError, check_name};

/// The characters the tools take unencoded in `key=value` arguments; everything else is
/// percent-encoded, as cPanel asks for values given on the command line.
const ARG_ESCAPE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'@');

#[derive(Debug, Clone)]
pub struct CliOptions {
    pub uapi: PathBuf,
    pub cpapi2: PathBuf,
    pub timeout: Duration,
    /// `--user=NAME`, for root only (the admin CLI acting on a customer's account).
    pub user: Option<String>,
    /// Largest output read from the tool.
    pub max_output_bytes: usize,
}

impl CliOptions {
    pub fn new(uapi: PathBuf, cpapi2: PathBuf) -> CliOptions {
        CliOptions { uapi, cpapi2, timeout: Duration::from_secs(60), user: None, max_output_bytes: 64 << 20 }
    }
}

#[derive(Debug, Clone)]
pub struct CliTransport {
    opts: CliOptions,
}

impl CliTransport {
    pub fn new(opts: CliOptions) -> CliTransport {
        CliTransport { opts }
    }

    fn run(&self, program: &PathBuf, call: &Call) -> Result<Vec<u8>, UapiError> {
        check_name(call)?;
        let name = call.name();
        if call.secret_args {
            return Err(UapiError::Unreachable {
                call: name,
                detail: "refusing to pass a password on the command line (visible in the process list)".into(),
            });
        }
        let mut cmd = Command::new(program);
        cmd.arg("--output=json");
        if let Some(u) = &self.opts.user {
            cmd.arg(format!("--user={u}"));
        }
        cmd.arg(&call.module).arg(&call.func);
        for (k, v) in &call.args {
            cmd.arg(format!("{}={}", utf8_percent_encode(k, ARG_ESCAPE), utf8_percent_encode(v, ARG_ESCAPE)));
        }
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null());
        let mut child = cmd.spawn().map_err(|e| UapiError::Unreachable {
            call: name.clone(),
            detail: format!("cannot run {}: {e}", program.display()),
        })?;
        let mut stdout = child.stdout.take().expect("stdout was piped");
        let limit = self.opts.max_output_bytes as u64;
        let reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let r = (&mut stdout).take(limit + 1).read_to_end(&mut buf);
            r.map(|_| buf)
        });
        let deadline = Instant::now() + self.opts.timeout;
        let status = match crate::child::wait_until(&mut child, deadline) {
            Ok(Some(st)) => st,
            Ok(None) => return Err(UapiError::Timeout { call: name, seconds: self.opts.timeout.as_secs() }),
            Err(e) => return Err(UapiError::Unreachable { call: name, detail: e.to_string() }),
        };
        let out = reader
            .join()
            .map_err(|_| UapiError::Unreachable { call: name.clone(), detail: "reader thread failed".into() })?
            .map_err(|e| UapiError::Unreachable { call: name.clone(), detail: e.to_string() })?;
        if out.len() as u64 > limit {
            return Err(UapiError::Malformed { call: name, detail: format!("output larger than {limit} bytes") });
        }
        if out.is_empty() && !status.success() {
            return Err(UapiError::Unreachable {
                call: name,
                detail: format!("{} exited with {status}", program.display()),
            });
        }
        Ok(out)
    }
}

impl Transport for CliTransport {
    fn uapi(&self, call: &Call) -> Result<Envelope, UapiError> {
        let out = self.run(&self.opts.uapi, call)?;
        Envelope::parse(&call.name(), &out)
    }

    fn api2(&self, call: &Call) -> Result<Api2Envelope, UapiError> {
        let out = self.run(&self.opts.cpapi2, call)?;
        Api2Envelope::parse(&call.name(), &out)
    }
}
