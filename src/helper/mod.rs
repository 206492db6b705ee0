//! Root mode: the AdminBin helper. cPanel's AdminBin mechanism (through
//! `plugin/uapi/SecureReopen.pm` and `plugin/adminbin/`) runs
//! `secure-reopen helper --caller USER ACTION` as root, with the action's parameters as a JSON
//! object on standard input. USER comes from cPanel's own knowledge of the session, never
//! from the customer's request. Every parameter is treated as hostile; every call is audited.
//! The answer on standard output is a UAPI-style result: `{"status":1,"data":…}` or
//! `{"status":0,"errors":[…]}`.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::audit::{self, Record, Source};

use crate::checklist::{self, Policy};
use crate::holds;
use crate::incident::{self, Status};
use crate::paths::Paths;
use crate::privileged::{Event, HelperAction, RefusalCode};
use crate::uapi::cli::{CliOptions, CliTransport};
use crate::user::UserName;

mod reopen;

use reopen::reopen;

const MAX_INPUT: u64 = 64 * 1024;

/// A refusal: a code the page words in the customer's language, and a precise English detail
/// for the log. cPanel relays it as one error, `code: detail`.
#[derive(Debug)]
pub struct Refusal {
    pub code: RefusalCode,
    pub detail: String,
}

impl Refusal {
    pub fn new(code: RefusalCode, detail: impl Into<String>) -> Refusal {
        Refusal { code, detail: detail.into() }
    }

    fn bad(detail: impl Into<String>) -> Refusal {
        Refusal::new(RefusalCode::BadRequest, detail)
    }
}

pub fn main(caller: &str, action: &str) -> i32 {
    let paths = Paths::from_env();
    let result = run(&paths, caller, action, &mut std::io::stdin().lock());
    let (out, code) = match result {
        Ok(data) => (json!({"status": 1, "data": data, "errors": null}), 0),
        Err(Refusal { code, detail }) => {
            crate::log::event("helper_refused", &[("caller", caller), ("action", action), ("why", &detail)]);
            (json!({"status": 0, "data": null, "errors": [format!("{code}: {detail}")]}), 1)
        }
    };
    println!("{out}");
    code
}

pub fn run(paths: &Paths, caller: &str, action: &str, input: &mut dyn Read) -> Result<Value, Refusal> {
    require_root(paths)?;
    let user = UserName::parse(caller).map_err(Refusal::bad)?;
    let args = read_args(input)?;
    let Some(action) = HelperAction::parse(action) else {
        return Err(Refusal::bad(format!("unknown action {action:?}")));
    };
    match action {
        HelperAction::Audit => audit_event(paths, &user, &args),
        HelperAction::SetAccountPassword => set_account_password(paths, &user, &args),
        HelperAction::Reopen => reopen(paths, &user, &args, &as_user(paths, &user)),
        HelperAction::Preview => preview(paths, &user, &args),
    }
}

/// On a real server (root `/`) only root may act; a fake root (tests, simulator) is harmless.
fn require_root(paths: &Paths) -> Result<(), Refusal> {
    // SAFETY: geteuid has no preconditions.
    let euid = unsafe { libc::geteuid() };
    if paths.root() == Path::new("/") && euid != 0 {
        return Err(Refusal::new(RefusalCode::NotRoot, "the helper must run as root (through cPanel's AdminBin)"));
    }
    Ok(())
}

fn read_args(input: &mut dyn Read) -> Result<Map<String, Value>, Refusal> {
    let mut buf = Vec::new();
    input.take(MAX_INPUT + 1).read_to_end(&mut buf).map_err(|e| Refusal::bad(format!("cannot read input: {e}")))?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(Refusal::bad(format!("input larger than {MAX_INPUT} bytes")));
    }
    if buf.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice(&buf) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(Refusal::bad("input must be a JSON object")),
    }
}

fn arg<'a>(args: &'a Map<String, Value>, key: &str, max: usize) -> Result<&'a str, Refusal> {
    let v = args.get(key).and_then(Value::as_str).ok_or_else(|| Refusal::bad(format!("missing parameter {key:?}")))?;
    if v.len() > max || v.chars().any(char::is_control) {
        return Err(Refusal::bad(format!("parameter {key:?} is too long or has control characters")));
    }
    Ok(v)
}

/// The customer's address, as cpsrvd set `REMOTE_ADDR` for the connection (the UAPI module
/// `SecureReopen.pm` passes it; the request cannot): a literal IPv4 or IPv6 address, written
/// back in its canonical form.
fn remote(args: &Map<String, Value>) -> Result<String, Refusal> {
    let r = arg(args, "remote", 64)?;
    r.parse::<std::net::IpAddr>()
        .map(|ip| ip.to_string())
        .map_err(|_| Refusal::bad("parameter \"remote\" is not an IP address"))
}

/// cPanel's `uapi`/`cpapi2` tools as root acting for the user (`--user=USER`).
fn as_user(paths: &Paths, user: &UserName) -> CliTransport {
    let mut o = CliOptions::new(paths.uapi_bin(), paths.cpapi2_bin());
    o.user = Some(user.as_str().to_owned());
    o.timeout = Duration::from_secs(120);
    CliTransport::new(o)
}

fn audit_event(paths: &Paths, user: &UserName, args: &Map<String, Value>) -> Result<Value, Refusal> {
    let name = arg(args, "event", 40)?;
    let Some(event) = Event::parse(name).filter(|e| e.customer_may_report()) else {
        return Err(Refusal::bad(format!("event {name:?} may not be reported by a customer session")));
    };
    let result = arg(args, "result", 20)?;
    if !["ok", "refused", "failed"].contains(&result) {
        return Err(Refusal::bad(format!("result {result:?} must be ok, refused or failed")));
    }
    let remote = remote(args)?;
    let details = match args.get("details").and_then(Value::as_str) {
        None => Map::new(),
        Some(s) => match serde_json::from_str(s) {
            Ok(Value::Object(m)) => m,
            _ => return Err(Refusal::bad("details must be a JSON object")),
        },
    };
    check_details(&details)?;
    check_meaning(paths, event, result, &details)?;
    rate_limit(paths, user)?;
    let entry =
        audit::append(paths, user, Record { source: Source::Customer, remote: &remote, event, result, details })
            .map_err(|e| Refusal::new(RefusalCode::RecordFailed, format!("cannot write the audit log: {e}")))?;
    Ok(json!({"seq": entry.body.seq}))
}

/// The events the reopen gate reads (confirmations, kept items) must say something root can
/// check: a confirmation names an item that is one, a kept item has a name and a reason.
fn check_meaning(paths: &Paths, event: Event, result: &str, d: &Map<String, Value>) -> Result<(), Refusal> {
    let text = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("");
    match (event, result) {
        (Event::Attested, "ok") => {
            let item = text("item");
            let policy = Policy::load(paths).map_err(|e| Refusal::new(RefusalCode::CannotCheck, e))?;
            if checklist::Confirmation::parse(&policy, item).is_none() {
                return Err(Refusal::new(
                    RefusalCode::NotAllowed,
                    format!("{item:?} is not something a customer confirms"),
                ));
            }
        }
        (Event::TokenKept | Event::SshKeyKept | Event::FindingKept, "ok") => {
            let reason = text("reason").chars().count();
            if text("name").is_empty() || !(3..=200).contains(&reason) {
                return Err(Refusal::new(
                    RefusalCode::NotAllowed,
                    "a kept item needs its name and a reason of 3 to 200 characters",
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

/// Customer events a user may report per minute: a page view and its actions are a handful;
/// a script flooding the log (to bury a real event or fill the disk) is not.
pub const EVENTS_PER_MINUTE: u32 = 120;

/// A fixed one-minute window per user, kept root-only beside the log.
fn rate_limit(paths: &Paths, user: &UserName) -> Result<(), Refusal> {
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Window {
        start: i64,
        count: u32,
    }
    let file = paths.audit_dir().join(format!("{user}.rate"));
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let allowed = crate::fsutil::with_lock(&file.with_extension("ratelock"), || {
        let mut w: Window = crate::fsutil::read_json(&file).ok().flatten().unwrap_or(Window { start: now, count: 0 });
        if now - w.start >= 60 || now < w.start {
            w = Window { start: now, count: 0 };
        }
        w.count += 1;
        crate::fsutil::write_json(&file, &w, 0o600)?;
        Ok(w.count <= EVENTS_PER_MINUTE)
    })
    .map_err(|e| Refusal::new(RefusalCode::RecordFailed, format!("cannot check the event rate: {e}")))?;
    if allowed {
        Ok(())
    } else {
        Err(Refusal::new(
            RefusalCode::RateLimited,
            format!("more than {EVENTS_PER_MINUTE} events in a minute; wait a minute and try again"),
        ))
    }
}

/// Details are short plain strings under a few keys; nothing that looks like a secret.
fn check_details(d: &Map<String, Value>) -> Result<(), Refusal> {
    if d.len() > 20 {
        return Err(Refusal::bad("too many details"));
    }
    for (k, v) in d {
        let key_ok = k.len() <= 40 && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        if !key_ok || k.contains("pass") || k.contains("secret") || k.contains("token_value") {
            return Err(Refusal::bad(format!("detail key {k:?} is not allowed")));
        }
        let ok = match v {
            Value::String(s) => s.len() <= 500 && !s.chars().any(char::is_control),
            Value::Array(a) => a.len() <= 50 && a.iter().all(|x| x.as_str().is_some_and(|s| s.len() <= 200)),
            Value::Number(_) | Value::Bool(_) => true,
            _ => false,
        };
        if !ok {
            return Err(Refusal::bad(format!("detail {k:?} must be a short text, list of texts, number or flag")));
        }
    }
    Ok(())
}

/// cpsrvd's address for checking a password (`SECURE_REOPEN_CPANEL_URL` moves it: the
/// simulator).
pub const CPANEL_URL_ENV: &str = "SECURE_REOPEN_CPANEL_URL";

/// Whether `current` is `user`'s cPanel password, asked of cpsrvd itself (HTTP Basic on
/// loopback over TLS pinned to cpsrvd's certificate, one harmless read). `Err` when cpsrvd
/// could not be asked.
fn current_password_ok(paths: &Paths, user: &UserName, current: &str) -> Result<bool, String> {
    use base64::Engine;
    let base = std::env::var(CPANEL_URL_ENV).unwrap_or_else(|_| "https://127.0.0.1:2083".to_owned());
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{current}"));
    let answer =
        crate::whm::post(paths, &base, "/execute/Variables/get_user_information", &format!("Basic {basic}"), &[])?;
    match answer.status {
        200 => {
            let v: Value =
                serde_json::from_slice(&answer.body).map_err(|e| format!("cpsrvd's answer is not JSON: {e}"))?;
            Ok(v["status"].as_i64() == Some(1))
        }
        401 | 403 => Ok(false),
        s => Err(format!("cpsrvd answered HTTP {s}")),
    }
}

/// Lets the customer's own address (cpsrvd's `REMOTE_ADDR`, never a parameter they choose)
/// see their website while it is held, only while their case awaits them.
fn preview(paths: &Paths, user: &UserName, args: &Map<String, Value>) -> Result<Value, Refusal> {
    let ip: std::net::IpAddr = remote(args)?.parse().map_err(|_| Refusal::bad("not an IP address"))?;
    let inc =
        incident::load(paths, user.as_str()).map_err(|e| Refusal::new(RefusalCode::CannotCheck, e.to_string()))?;
    if inc.map(|i| i.status) != Some(Status::AwaitingCustomer) {
        return Ok(json!({"preview": "not_held"}));
    }
    let outcome = holds::set_preview(paths, user, ip).map_err(|e| Refusal::new(RefusalCode::CannotCheck, e.0))?;
    let word = match outcome {
        holds::PreviewOutcome::NotHeld => "not_held",
        holds::PreviewOutcome::Unchanged => "unchanged",
        holds::PreviewOutcome::Set => "set",
        holds::PreviewOutcome::TooSoon => "too_soon",
    };
    if outcome == holds::PreviewOutcome::Set {
        let details = crate::privileged::details(&[("address", &ip.to_string())]);
        let _ = audit::append(
            paths,
            user,
            Record {
                source: Source::Helper,
                remote: &ip.to_string(),
                event: Event::PreviewAllowed,
                result: "ok",
                details,
            },
        );
    }
    Ok(json!({"preview": word}))
}

/// Sets the caller's own cPanel password through root (for sessions whose own calls cannot
/// carry it), only while their case awaits them, only to a strong password, and only with the
/// current password: an API token alone (one an attacker made during the hack) never sets it.
/// A customer without the current password gets a new one from the technician
/// (`incident release USER --reset-password`).
fn set_account_password(paths: &Paths, user: &UserName, args: &Map<String, Value>) -> Result<Value, Refusal> {
    let remote = remote(args)?;
    let password =
        args.get("password").and_then(Value::as_str).ok_or_else(|| Refusal::bad("missing parameter \"password\""))?;
    let inc =
        incident::load(paths, user.as_str()).map_err(|e| Refusal::new(RefusalCode::CannotCheck, e.to_string()))?;
    if inc.map(|i| i.status) != Some(Status::AwaitingCustomer) {
        return Err(Refusal::new(
            RefusalCode::NotAwaiting,
            "the cPanel password can be set here only while the security case awaits you",
        ));
    }
    if password.chars().count() < 15
        || password.chars().any(char::is_control)
        || crate::passwords::zxcvbn_score(password, &[user.as_str()]) < 3
    {
        return Err(Refusal::new(RefusalCode::WeakPassword, "the new password is too weak"));
    }
    let current = args.get("current").and_then(Value::as_str).filter(|c| !c.is_empty() && c.len() <= 1024);
    let verified = match current {
        None => {
            Err("without the current cPanel password root does not set a new one; ask your host for a new password"
                .to_owned())
        }
        Some(c) => match current_password_ok(paths, user, c) {
            Ok(true) => Ok(()),
            Ok(false) => Err("the current cPanel password is not correct".to_owned()),
            Err(e) => Err(format!("could not check the current cPanel password: {e}")),
        },
    };
    if let Err(why) = verified {
        let details = crate::privileged::details(&[("why", &why)]);
        let _ = audit::append(
            paths,
            user,
            Record {
                source: Source::Helper,
                remote: &remote,
                event: Event::AccountPasswordSet,
                result: "refused",
                details,
            },
        );
        return Err(Refusal::new(RefusalCode::CurrentPassword, why));
    }
    let result = crate::whm::set_account_password(paths, user, password);
    let (res, details) = match &result {
        Ok(()) => ("ok", Map::new()),
        Err(e) => ("failed", crate::privileged::details(&[("why", e)])),
    };
    audit::append(
        paths,
        user,
        Record { source: Source::Helper, remote: &remote, event: Event::AccountPasswordSet, result: res, details },
    )
    .map_err(|e| Refusal::new(RefusalCode::RecordFailed, format!("cannot write the audit log: {e}")))?;
    result.map(|()| json!({"changed": true})).map_err(|e| Refusal::new(RefusalCode::PasswordNotSet, e))
}
