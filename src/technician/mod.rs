//! The technicians' page in WHM: every incident with its status, the customer's last action,
//! the audit chain's state, and the same actions as the admin CLI.
//!
//! WHM runs it as root for a WHM user whose ACLs the AppConfig registration requires
//! (`plugin/whm/secure_reopen.conf`, `acls=all`); the page checks the user again itself (root, or
//! a reseller with the `all` ACL). It never reimplements an action: every button runs the admin
//! CLI (`secure-reopen incident …`), so a rule lives in one place and the CLI's audit entries,
//! locks and e-mails apply unchanged. Arguments on that command line are a validated user name,
//! fixed words and (for a correction of the case) the technician's own text given as
//! `--name=VALUE`, never a secret.

mod view;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::cgi::{Limits, Method, Request, Response, csrf};
use crate::fsutil;
use crate::paths::Paths;
use crate::user::UserName;

/// The URL space WHM serves this page under (`/cpsessN/cgi/secure_reopen/index.cgi`).
pub const WHM_CGI_DIR: &str = "/cgi/secure_reopen/";

/// Whether cpsrvd started us as the WHM page rather than the customer's cPanel page.
pub fn is_whm_request(env: &HashMap<String, String>) -> bool {
    env.get("SCRIPT_NAME").is_some_and(|s| s.contains(WHM_CGI_DIR))
}

/// Entry point for the WHM page. Returns the exit code.
pub fn main() -> i32 {
    let env: HashMap<String, String> = std::env::vars().collect();
    let head_only = env.get("REQUEST_METHOD").map(String::as_str) == Some("HEAD");
    let paths = Paths::from_env();
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("/usr/local/cpanel/bin/secure-reopen"));
    let resp = serve(&env, &mut std::io::stdin().lock(), &paths, &exe);
    match resp.write_cgi(&mut std::io::stdout().lock(), head_only) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

/// What the technician can do from the page: the admin CLI's incident actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Release,
    ForceReopen,
    Investigate,
    Close,
    Edit,
}

impl Action {
    pub const ALL: [Action; 5] =
        [Action::Release, Action::ForceReopen, Action::Investigate, Action::Close, Action::Edit];

    fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == s)
    }

    pub fn name(self) -> &'static str {
        match self {
            Action::Release => "release",
            Action::ForceReopen => "force_reopen",
            Action::Investigate => "investigate",
            Action::Close => "close",
            Action::Edit => "edit",
        }
    }

    /// The admin CLI's words for this action (a correction takes its fields from the form).
    fn cli_args(self, user: &UserName, req: &Request) -> Vec<String> {
        let u = user.as_str().to_owned();
        match self {
            Action::Release => vec!["incident".into(), "release".into(), u],
            Action::ForceReopen => vec!["incident".into(), "reopen".into(), u, "--force".into()],
            Action::Investigate => vec!["incident".into(), "investigate".into(), u],
            Action::Close => vec!["incident".into(), "close".into(), u],
            Action::Edit => {
                let mut args = vec!["incident".into(), "edit".into(), u];
                let field = |n: &str| req.form_value(n).map(str::trim).unwrap_or("");
                match field("attack_time") {
                    "" => args.push("--no-attack-time".into()),
                    at => {
                        args.push(format!("--attack-time={at}"));
                        if req.form_value("exact") == Some("yes") {
                            args.push("--exact".into());
                        }
                    }
                }
                // Text fields as `--name=VALUE`, so a value starting with `-` stays a value.
                for (name, flag) in EDIT_FIELDS {
                    args.push(format!("--{flag}={}", field(name)));
                }
                args
            }
        }
    }
}

/// The case's text fields the page corrects: (form field, the CLI's flag).
pub const EDIT_FIELDS: [(&str, &str); 4] =
    [("vector", "vector"), ("notes", "notes"), ("contact", "contact"), ("affected_dir", "affected-dir")];

/// The outcome of the last action, shown once after the redirect.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Flash {
    user: String,
    action: Action,
    ok: bool,
    output: String,
}

/// Handles one request; every failure is a page.
pub fn serve(env: &HashMap<String, String>, body: &mut dyn Read, paths: &Paths, exe: &Path) -> Response {
    // SAFETY: geteuid has no preconditions.
    if paths.root() == Path::new("/") && unsafe { libc::geteuid() } != 0 {
        return view::error(500, "The WHM page must run as root: register it with AppConfig (install.sh does).");
    }
    let req = match Request::from_cgi(env, body, &Limits::default()) {
        Ok(r) => r,
        Err(e) => return view::error(400, &format!("The request was refused ({e:?}). Open the page from WHM again.")),
    };
    if !is_authorized(paths, &req.user) {
        crate::log::event("whm_refused", &[("user", req.user.as_str())]);
        return view::error(
            403,
            "This page is for root and resellers with the \"all\" privilege. Log in to WHM as root.",
        );
    }
    let state = paths.data_dir().join("whm");
    let key = match csrf::Key::load_or_create(&state) {
        Ok(k) => k,
        Err(e) => return view::error(500, &format!("Cannot read the page's key in {}: {e}", state.display())),
    };
    match req.method {
        Method::Get | Method::Head => get(&req, paths, &key, &state),
        Method::Post => post(&req, paths, &key, &state, exe),
    }
}

fn get(req: &Request, paths: &Paths, key: &csrf::Key, state: &Path) -> Response {
    let flash = take_flash(state, req);
    match req.query_value("user") {
        None => match view::overview(paths) {
            Ok(rows) => view::list_page(req, &rows, flash.as_ref()),
            Err(e) => view::error(500, &e),
        },
        Some(u) => match UserName::parse(u) {
            Ok(user) => view::detail_page(req, paths, key, &user, flash.as_ref()),
            Err(_) => view::error(400, "That is not a cPanel user name. Go back to the list."),
        },
    }
}

fn post(req: &Request, paths: &Paths, key: &csrf::Key, state: &Path, exe: &Path) -> Response {
    if !key.verify(req) {
        return view::error(403, "The form was old or came from elsewhere. Open the incident again and repeat.");
    }
    let Some(action) = req.form_value("action").and_then(Action::parse) else {
        return view::error(400, "Unknown action. Go back to the list.");
    };
    let Some(user) = req.form_value("user").and_then(|u| UserName::parse(u).ok()) else {
        return view::error(400, "That is not a cPanel user name. Go back to the list.");
    };
    if action == Action::ForceReopen && req.form_value("confirm") != Some("yes") {
        return view::error(400, "A forced reopen skips the customer's checklist: tick the confirmation box to do it.");
    }
    let (ok, output) = run_cli(exe, paths, &action.cli_args(&user, req));
    crate::log::event("whm_action", &[("user", user.as_str()), ("action", action.name()), ("ok", &ok.to_string())]);
    let flash = Flash { user: user.as_str().to_owned(), action, ok, output };
    if let Err(e) = fsutil::write_json(&flash_path(state, req), &flash, 0o600) {
        return view::error(500, &format!("The action ran ({}), but its result could not be kept: {e}", flash.output));
    }
    Response::see_other(&format!("{}?user={}", req.self_url(), user.as_str()))
}

/// Root, or a reseller whose ACL list in `/var/cpanel/resellers` holds `all`.
fn is_authorized(paths: &Paths, user: &UserName) -> bool {
    if user.as_str() == "root" {
        return true;
    }
    let Ok(text) = read_root_file(&paths.root().join("var/cpanel/resellers"), 1 << 20) else {
        return false;
    };
    text.lines().any(|line| {
        line.split_once(':')
            .is_some_and(|(name, acls)| name == user.as_str() && acls.split(',').any(|a| a.trim() == "all"))
    })
}

/// Reads a root-owned text file without following a link at its last component, capped.
fn read_root_file(path: &Path, cap: u64) -> std::io::Result<String> {
    use std::os::unix::fs::OpenOptionsExt;
    let f = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path)?;
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut out = Vec::new();
    f.take(cap).read_to_end(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// One file per WHM session, so two technicians never see each other's result.
fn flash_path(state: &Path, req: &Request) -> PathBuf {
    let id = crate::audit::hex(&<sha2::Sha256 as sha2::Digest>::digest(req.security_token.as_str().as_bytes()));
    state.join(format!("flash-{}.json", &id[..16]))
}

fn take_flash(state: &Path, req: &Request) -> Option<Flash> {
    let p = flash_path(state, req);
    let f = fsutil::read_json::<Flash>(&p).ok().flatten();
    let _ = std::fs::remove_file(&p);
    f
}

/// Longest time one action may take (suspensions and Apache rebuilds included).
const ACTION_TIMEOUT: Duration = Duration::from_secs(300);
/// What the page keeps of an action's output.
const OUTPUT_CAP: usize = 16 * 1024;

/// Runs the admin CLI with a time limit and returns (success, what it printed).
fn run_cli(exe: &Path, paths: &Paths, args: &[String]) -> (bool, String) {
    let mut cmd = Command::new(exe);
    cmd.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    // The CGI environment must not make the CLI think it is a page.
    cmd.env_remove("GATEWAY_INTERFACE");
    cmd.env(crate::paths::ROOT_ENV, paths.root());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return (false, format!("could not start {}: {e}", exe.display())),
    };
    let readers = [child.stdout.take().map(capped_reader), child.stderr.take().map(capped_reader)];
    let deadline = Instant::now() + ACTION_TIMEOUT;
    let status = crate::child::wait_until(&mut child, deadline).ok().flatten();
    let mut text = String::new();
    for r in readers.into_iter().flatten() {
        if let Ok(out) = r.join() {
            text.push_str(&String::from_utf8_lossy(&out));
        }
    }
    match status {
        Some(st) => (st.success(), text.trim().to_owned()),
        None => (
            false,
            format!(
                "the command did not finish within {} s; check `secure-reopen incident status`",
                ACTION_TIMEOUT.as_secs()
            ),
        ),
    }
}

fn capped_reader(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 8192];
        while let Ok(n) = r.read(&mut buf) {
            if n == 0 {
                break;
            }
            if out.len() < OUTPUT_CAP {
                out.extend_from_slice(&buf[..n.min(OUTPUT_CAP - out.len())]);
            }
        }
        out
    })
}
