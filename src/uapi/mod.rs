//! Calling cPanel: UAPI (and API 2 where UAPI has no equivalent) behind one small trait.
//!
//! Three real transports implement [`Transport`]: [`live::LiveTransport`] (cPanel's LiveAPI
//! socket, the page's transport inside cpsrvd), [`http::HttpTransport`] (cpsrvd over HTTP(S)
//! with an API token or a password, for tools outside cpsrvd) and [`cli::CliTransport`]
//! (cPanel's `uapi`/`cpapi2` command-line tools, for root's tools; never given a secret).
//! [`choose`] picks one for the page. Domain code only sees [`Call`], [`call`] and [`batch`];
//! it never knows which transport is underneath.

pub mod answers;
pub mod choose;
pub mod cli;
pub mod envelope;
pub mod http;
pub mod live;
pub mod types;

use std::fmt;

use serde_json::Value;

pub use envelope::{Api2Envelope, Envelope, ResultBody};

/// One UAPI (or API 2) function call: `Module::function` with its parameters.
#[derive(Clone, PartialEq, Eq)]
pub struct Call {
    pub module: String,
    pub func: String,
    pub args: Vec<(String, String)>,
    /// Parameters whose values are secrets (passwords): never logged, never put in a URL.
    pub secret_args: bool,
}

impl Call {
    pub fn new(module: &str, func: &str) -> Call {
        Call { module: module.to_owned(), func: func.to_owned(), args: Vec::new(), secret_args: false }
    }

    pub fn arg(mut self, key: &str, value: impl Into<String>) -> Call {
        self.args.push((key.to_owned(), value.into()));
        self
    }

    /// Marks this call as carrying a secret (a password): transports send it only in a request
    /// body or on standard input, and `Debug` hides every value.
    pub fn secret(mut self) -> Call {
        self.secret_args = true;
        self
    }

    pub fn name(&self) -> String {
        format!("{}::{}", self.module, self.func)
    }
}

impl fmt::Debug for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Call");
        d.field("name", &self.name());
        if self.secret_args {
            let keys: Vec<&str> = self.args.iter().map(|(k, _)| k.as_str()).collect();
            d.field("args(redacted)", &keys);
        } else {
            d.field("args", &self.args);
        }
        d.finish()
    }
}

/// What went wrong talking to cPanel. The `Display` text is precise enough for a log line and
/// never contains a parameter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UapiError {
    /// cPanel answered `status: 0`; `errors` are cPanel's own messages.
    Cpanel { call: String, errors: Vec<String> },
    /// No answer within the time limit.
    Timeout { call: String, seconds: u64 },
    /// Could not reach cPanel (connection refused, TLS failure, the tool could not start).
    Unreachable { call: String, detail: String },
    /// cPanel answered with an HTTP error status.
    Http { call: String, status: u16 },
    /// The login, session or token was refused.
    Denied { call: String },
    /// The answer was not cPanel's envelope.
    Malformed { call: String, detail: String },
    /// A batch stopped at an earlier call, so this one was not run.
    NotRun { call: String },
    /// The call was sent, then the connection closed without an answer: it may or may not
    /// have run.
    Lost { call: String },
}

impl UapiError {
    /// cPanel's messages, for showing to the customer beside a failed item.
    pub fn cpanel_messages(&self) -> &[String] {
        match self {
            UapiError::Cpanel { errors, .. } => errors,
            _ => &[],
        }
    }

    /// True when the call may have run although no usable answer came (the answer timed out,
    /// was lost, unreadable, or an HTTP error): a change must then be checked, not assumed.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            UapiError::Timeout { .. } | UapiError::Lost { .. } | UapiError::Malformed { .. } | UapiError::Http { .. }
        )
    }
}

impl fmt::Display for UapiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UapiError::Cpanel { call, errors } => {
                write!(f, "cPanel refused {call}: {}", errors.join("; "))
            }
            UapiError::Timeout { call, seconds } => {
                write!(f, "{call}: cPanel did not answer within {seconds} s")
            }
            UapiError::Unreachable { call, detail } => {
                write!(f, "{call}: cannot reach cPanel: {detail}")
            }
            UapiError::Http { call, status } => write!(f, "{call}: cPanel answered HTTP {status}"),
            UapiError::Denied { call } => {
                write!(f, "{call}: cPanel refused the login, session or API token")
            }
            UapiError::Malformed { call, detail } => {
                write!(f, "{call}: cPanel's answer was not a valid API response: {detail}")
            }
            UapiError::NotRun { call } => write!(f, "{call}: not run because an earlier call in the batch failed"),
            UapiError::Lost { call } => {
                write!(
                    f,
                    "{call}: cPanel gave no answer (the connection closed, or its result was empty); the call may or may not have run"
                )
            }
        }
    }
}

impl std::error::Error for UapiError {}

/// Module and function names go into a URL path or a command line: allow only what cPanel's
/// names use (`Cpanel/API.pm` `_function_is_safe` allows `[A-Za-z0-9_]`).
pub(crate) fn check_name(call: &Call) -> Result<(), UapiError> {
    let ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok(&call.module) && ok(&call.func) {
        Ok(())
    } else {
        Err(UapiError::Malformed { call: call.name(), detail: "invalid module or function name".to_owned() })
    }
}

/// A way to reach cPanel. Implementations must put a time limit on every call.
pub trait Transport {
    /// Runs one UAPI call and returns cPanel's envelope (whatever its `status`).
    fn uapi(&self, call: &Call) -> Result<Envelope, UapiError>;
    /// Runs one API 2 call (for what UAPI lacks: cron jobs, SSH keys).
    fn api2(&self, call: &Call) -> Result<Api2Envelope, UapiError>;
}

/// Runs one UAPI call: `Ok(data)` when cPanel answered `status: 1`.
pub fn call(t: &dyn Transport, c: &Call) -> Result<Value, UapiError> {
    t.uapi(c)?.into_data(&c.name())
}

/// Runs one API 2 call: `Ok(data)` when the event result is 1.
pub fn call_api2(t: &dyn Transport, c: &Call) -> Result<Value, UapiError> {
    t.api2(c)?.into_data(&c.name())
}

/// Most calls put in one `Batch::strict` request (keeps request bodies and cPanel's work per
/// request bounded).
pub const BATCH_CHUNK: usize = 200;

/// Runs many calls with `Batch::strict`, so that a page view costs one round trip.
///
/// `Batch::strict` stops at the first failing call; the calls after it are sent again in a new
/// batch, so one failure costs one extra round trip and every call gets its own result. A batch
/// cPanel refused before running anything (one of its functions does not exist) is asked call
/// by call, so the other calls still run and the missing one gets cPanel's own error. A
/// transport-level failure (timeout, unreachable) fails every call not yet answered.
pub fn batch(t: &dyn Transport, calls: &[Call]) -> Vec<Result<Value, UapiError>> {
    let mut out: Vec<Result<Value, UapiError>> = Vec::with_capacity(calls.len());
    while out.len() < calls.len() {
        let start = out.len();
        let end = (start + BATCH_CHUNK).min(calls.len());
        let chunk = &calls[start..end];
        if chunk.len() == 1 {
            out.push(call(t, &chunk[0]));
            continue;
        }
        match run_strict(t, chunk) {
            Ok(results) => {
                if results.is_empty() {
                    // cPanel ran nothing of this chunk: ask each call on its own.
                    out.extend(chunk.iter().map(|c| call(t, c)));
                } else {
                    out.extend(results);
                }
            }
            Err(e) => {
                for c in chunk {
                    out.push(Err(retarget(&e, c)));
                }
            }
        }
    }
    out
}

fn retarget(e: &UapiError, c: &Call) -> UapiError {
    let call = c.name();
    match e.clone() {
        UapiError::Cpanel { errors, .. } => UapiError::Cpanel { call, errors },
        UapiError::Timeout { seconds, .. } => UapiError::Timeout { call, seconds },
        UapiError::Unreachable { detail, .. } => UapiError::Unreachable { call, detail },
        UapiError::Http { status, .. } => UapiError::Http { call, status },
        UapiError::Denied { .. } => UapiError::Denied { call },
        UapiError::Malformed { detail, .. } => UapiError::Malformed { call, detail },
        UapiError::NotRun { .. } => UapiError::NotRun { call },
        UapiError::Lost { .. } => UapiError::Lost { call },
    }
}

/// One `Batch::strict` round trip. Returns the results of the calls cPanel ran: all of them, or
/// the successful prefix followed by the failing call's error.
fn run_strict(t: &dyn Transport, chunk: &[Call]) -> Result<Vec<Result<Value, UapiError>>, UapiError> {
    let mut b = Call::new("Batch", "strict");
    b.secret_args = chunk.iter().any(|c| c.secret_args);
    for c in chunk {
        b.args.push(("command".to_owned(), batch_command(c)));
    }
    let env = t.uapi(&b)?;
    envelope::split_batch(env, chunk)
}

/// `["Module","function",{"param":"value"}]`, as `Batch::strict` takes its `command`.
fn batch_command(c: &Call) -> String {
    let mut params = serde_json::Map::new();
    for (k, v) in &c.args {
        params.insert(k.clone(), Value::String(v.clone()));
    }
    serde_json::to_string(&serde_json::json!([c.module, c.func, params])).expect("a JSON value always serializes")
}
