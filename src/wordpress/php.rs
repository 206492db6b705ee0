//! Runs `program.php` — WordPress's own API (`wp-load.php`, `get_users`, `wp_set_password`,
//! `WP_Session_Tokens::destroy_all`) — with php-cli, as the user running this process (the
//! customer, under cpsrvd). The program text goes in argv (`php -r`: public code, no secret);
//! the request, with any new password, goes on standard input only; the environment is
//! cleared (the site's code never sees cPanel's session token). Bounded in time and output;
//! the answer is one marked JSON line, parsed strictly.
//!
//! Why not WP Toolkit or WP-CLI (read in cPanel 11.120's `3rdparty/wp-toolkit`): the
//! customer's way in, UAPI `WpToolkitCli::execute_command`, reaches the AdminBin module
//! `Cpanel::Admin::Modules::Cpanel::WpToolkitCli`, which runs `/usr/local/bin/wp-toolkit` with
//! every parameter in argv and no standard input or environment of ours; WP Toolkit's
//! `--site-admin-reset-password` takes the password only from an `ADMIN_PASSWORD` environment
//! variable (root only) and resets one administrator per site, not every uploader. `wp user
//! update --user_pass=…` puts the password in argv. php-cli is on every cPanel server
//! (EasyApache's `/usr/local/bin/php`), and this program does what those tools do for a
//! password, for every user the page lists, with nothing visible in the process list.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use crate::passwords::Secret;

pub const PROGRAM: &str = include_str!("program.php");
const MARKER: &str = "SECURE_REOPEN_RESULT ";

#[derive(Debug, Clone)]
pub struct Options {
    pub php: PathBuf,
    pub timeout: Duration,
    pub max_output: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { php: find_php(), timeout: Duration::from_secs(60), max_output: 4 << 20 }
    }
}

/// cPanel's PHP wrapper first (it picks the site's EasyApache PHP), then `php` on PATH.
pub fn find_php() -> PathBuf {
    let cpanel = PathBuf::from("/usr/local/bin/php");
    if cpanel.is_file() {
        return cpanel;
    }
    let path = std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into());
    std::env::split_paths(&path).map(|d| d.join("php")).find(|p| p.is_file()).unwrap_or_else(|| PathBuf::from("php"))
}

/// What to ask of one install.
pub enum Op<'a> {
    /// Administrators and uploaders, and (with `software`) plugins and themes.
    List { software: bool },
    /// New passwords for these user ids; their sessions end. Then the list again.
    Set(&'a [(u64, &'a Secret)]),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub id: u64,
    pub login: String,
    pub email: String,
    pub roles: Vec<String>,
    pub admin: bool,
    pub upload: bool,
    /// Unix time (WordPress stores it in UTC).
    pub registered: Option<i64>,
    /// The newest login among the user's open sessions (WordPress keeps no other record).
    pub last_login: Option<i64>,
    pub sessions: u32,
    /// HMAC-SHA256 of the stored password hash under the customer's key: tells "changed" from
    /// "not changed" without keeping the hash.
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Software {
    pub file: String,
    pub name: String,
    pub version: String,
    pub active: bool,
    /// The newer version WordPress's own update check recorded (`update_plugins` /
    /// `update_themes` site transients). Whether a plugin is abandoned (closed on
    /// wordpress.org) is not known offline, so it is not shown.
    #[serde(default)]
    pub update: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetResult {
    pub id: u64,
    pub ok: bool,
    /// Keyed digest of the hash before the change (`None` when nothing was changed).
    pub old_hash: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    pub ok: bool,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub wp_version: Option<String>,
    #[serde(default)]
    pub site_url: Option<String>,
    #[serde(default)]
    pub users: Vec<User>,
    #[serde(default)]
    pub set: Option<Vec<SetResult>>,
    #[serde(default)]
    pub plugins: Option<Vec<Software>>,
    #[serde(default)]
    pub themes: Option<Vec<Software>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// The install's folder is not a plain folder inside the home directory.
    Outside(String),
    /// php-cli could not be started.
    Start(String),
    Timeout(u64),
    TooLarge(usize),
    /// No marked answer: WordPress did not load (the message is php's own, shortened).
    NoAnswer(String),
    Malformed(String),
    /// The program answered with an error (the site's database unreachable…).
    Site(String),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Outside(p) => write!(f, "{p} is not a folder inside the home directory"),
            RunError::Start(e) => write!(f, "cannot run php-cli: {e}"),
            RunError::Timeout(s) => write!(f, "the site did not answer within {s} s"),
            RunError::TooLarge(n) => write!(f, "the site answered more than {n} bytes"),
            RunError::NoAnswer(e) => write!(f, "the site's PHP stopped before answering: {e}"),
            RunError::Malformed(e) => write!(f, "unexpected answer from the site: {e}"),
            RunError::Site(e) => write!(f, "the site answered: {e}"),
        }
    }
}

/// Runs the program in `home/install` (cPanel's PHP wrapper chooses the PHP version from the
/// folder) and returns its checked answer.
pub fn run(opts: &Options, home: &Path, install: &str, key: &str, op: Op<'_>) -> Result<Reply, RunError> {
    let out = exec(opts, home, install, "wp-config.php", PROGRAM, request(key, &op))?;
    let reply = parse(&out.0).map_err(|e| match e {
        RunError::NoAnswer(_) => RunError::NoAnswer(short(&String::from_utf8_lossy(&out.1))),
        other => other,
    })?;
    if !reply.ok {
        return Err(RunError::Site(short(reply.error.as_deref().unwrap_or("no reason given"))));
    }
    Ok(reply)
}

/// Runs `program` with php-cli in `home/dir` (which must hold the regular file `config`), the
/// input on standard input; returns (stdout, stderr), both bounded.
pub(super) fn exec(
    opts: &Options,
    home: &Path,
    dir: &str,
    config: &str,
    program: &str,
    input: Vec<u8>,
) -> Result<(Vec<u8>, Vec<u8>), RunError> {
    let dir = install_dir(home, dir, config)?;
    let mut child = Command::new(&opts.php)
        .args(["-d", "display_errors=stderr", "-d", "log_errors=0", "-d", "memory_limit=256M"])
        .arg("-d")
        .arg(format!("max_execution_time={}", opts.timeout.as_secs()))
        .arg("-r")
        .arg(program)
        .current_dir(&dir)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| RunError::Start(format!("{}: {e}", opts.php.display())))?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let writer = std::thread::spawn(move || {
        let mut input = input;
        let r = stdin.write_all(&input);
        input.zeroize();
        r
    });
    let limit = opts.max_output;
    let mut stdout = child.stdout.take().expect("stdout was piped");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut stdout).take(limit as u64 + 1).read_to_end(&mut buf);
        buf
    });
    let mut stderr = child.stderr.take().expect("stderr was piped");
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut stderr).take(64 << 10).read_to_end(&mut buf);
        buf
    });
    let deadline = Instant::now() + opts.timeout;
    match crate::child::wait_until(&mut child, deadline) {
        Ok(Some(_)) => {}
        Ok(None) => return Err(RunError::Timeout(opts.timeout.as_secs())),
        Err(e) => return Err(RunError::Start(e.to_string())),
    }
    let _ = writer.join();
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if out.len() > limit {
        return Err(RunError::TooLarge(limit));
    }
    Ok((out, err))
}

pub(super) fn short(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.is_empty() {
        return "no message".into();
    }
    one.chars().take(300).collect()
}

/// The folder, resolved, must be inside the resolved home and hold `config` as a regular file
/// (not a symlink).
fn install_dir(home: &Path, install: &str, config: &str) -> Result<PathBuf, RunError> {
    let outside = || RunError::Outside(install.to_owned());
    if install.split('/').any(|c| c == ".." || c == ".") || install.starts_with('/') {
        return Err(outside());
    }
    let home = home.canonicalize().map_err(|_| outside())?;
    let dir = home.join(install).canonicalize().map_err(|_| outside())?;
    if !dir.starts_with(&home) {
        return Err(outside());
    }
    let cfg = std::fs::symlink_metadata(dir.join(config)).map_err(|_| outside())?;
    if !cfg.file_type().is_file() {
        return Err(outside());
    }
    Ok(dir)
}

fn request(key: &str, op: &Op<'_>) -> Vec<u8> {
    let v = match op {
        Op::List { software } => serde_json::json!({ "op": "list", "key": key, "software": software }),
        Op::Set(users) => serde_json::json!({
            "op": "set",
            "key": key,
            "users": users.iter().map(|(id, pw)| serde_json::json!({ "id": id, "password": pw.expose() })).collect::<Vec<_>>(),
        }),
    };
    serde_json::to_vec(&v).expect("JSON of plain values")
}

/// The last marked line of the output; everything else (a site's stray output) is ignored.
pub fn parse(out: &[u8]) -> Result<Reply, RunError> {
    let line = marked(out)?;
    let reply: Reply = serde_json::from_str(&line).map_err(|e| RunError::Malformed(e.to_string()))?;
    for u in &reply.users {
        let hex = u.hash.len() == 64 && u.hash.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex || u.login.is_empty() || u.login.len() > 60 || u.login.chars().any(char::is_control) {
            return Err(RunError::Malformed(format!("user {} is not a WordPress user as WordPress stores it", u.id)));
        }
    }
    Ok(reply)
}

/// The JSON of the last marked line.
pub(super) fn marked(out: &[u8]) -> Result<String, RunError> {
    let text = String::from_utf8_lossy(out);
    text.lines()
        .rev()
        .find_map(|l| l.strip_prefix(MARKER))
        .map(str::to_owned)
        .ok_or_else(|| RunError::NoAnswer(String::new()))
}

#[cfg(test)]
mod tests;
