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
use crate::checklist::{self, Policy, probes};
use crate::holds;
use crate::incident::{self, Status};
use crate::paths::Paths;
use crate::privileged::CUSTOMER_EVENTS;
use crate::uapi::cli::{CliOptions, CliTransport};
use crate::uapi::{self, Transport};
use crate::user::UserName;

const MAX_INPUT: u64 = 64 * 1024;

/// A refusal, worded for the log and for the customer's page (cPanel shows `errors`).
#[derive(Debug)]
pub struct Refusal(pub String);

pub fn main(caller: &str, action: &str) -> i32 {
    let paths = Paths::from_env();
    let result = run(&paths, caller, action, &mut std::io::stdin().lock());
    let (out, code) = match result {
        Ok(data) => (json!({"status": 1, "data": data, "errors": null}), 0),
        Err(Refusal(msg)) => {
            crate::log::event("helper_refused", &[("caller", caller), ("action", action), ("why", &msg)]);
            (json!({"status": 0, "data": null, "errors": [msg]}), 1)
        }
    };
    println!("{out}");
    code
}

pub fn run(paths: &Paths, caller: &str, action: &str, input: &mut dyn Read) -> Result<Value, Refusal> {
    require_root(paths)?;
    let user = UserName::parse(caller).map_err(Refusal)?;
    let args = read_args(input)?;
    match action {
        "audit" => audit_event(paths, &user, &args),
        "set_account_password" => set_account_password(paths, &user, &args),
        "reopen" => reopen(paths, &user, &args, &as_user(paths, &user)),
        "preview" => preview(paths, &user, &args),
        _ => Err(Refusal(format!("unknown action {action:?}"))),
    }
}

/// On a real server (root `/`) only root may act; a fake root (tests, simulator) is harmless.
fn require_root(paths: &Paths) -> Result<(), Refusal> {
    // SAFETY: geteuid has no preconditions.
    let euid = unsafe { libc::geteuid() };
    if paths.root() == Path::new("/") && euid != 0 {
        return Err(Refusal("the helper must run as root (through cPanel's AdminBin)".into()));
    }
    Ok(())
}

fn read_args(input: &mut dyn Read) -> Result<Map<String, Value>, Refusal> {
    let mut buf = Vec::new();
    input.take(MAX_INPUT + 1).read_to_end(&mut buf).map_err(|e| Refusal(format!("cannot read input: {e}")))?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(Refusal(format!("input larger than {MAX_INPUT} bytes")));
    }
    if buf.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice(&buf) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(Refusal("input must be a JSON object".into())),
    }
}

fn arg<'a>(args: &'a Map<String, Value>, key: &str, max: usize) -> Result<&'a str, Refusal> {
    let v = args.get(key).and_then(Value::as_str).ok_or_else(|| Refusal(format!("missing parameter {key:?}")))?;
    if v.len() > max || v.chars().any(char::is_control) {
        return Err(Refusal(format!("parameter {key:?} is too long or has control characters")));
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
        .map_err(|_| Refusal("parameter \"remote\" is not an IP address".into()))
}

/// cPanel's `uapi`/`cpapi2` tools as root acting for the user (`--user=USER`).
fn as_user(paths: &Paths, user: &UserName) -> CliTransport {
    let mut o = CliOptions::new(paths.uapi_bin(), paths.cpapi2_bin());
    o.user = Some(user.as_str().to_owned());
    o.timeout = Duration::from_secs(120);
    CliTransport::new(o)
}

fn audit_event(paths: &Paths, user: &UserName, args: &Map<String, Value>) -> Result<Value, Refusal> {
    let event = arg(args, "event", 40)?;
    if !CUSTOMER_EVENTS.contains(&event) {
        return Err(Refusal(format!("event {event:?} may not be reported by a customer session")));
    }
    let result = arg(args, "result", 20)?;
    if !["ok", "refused", "failed"].contains(&result) {
        return Err(Refusal(format!("result {result:?} must be ok, refused or failed")));
    }
    let remote = remote(args)?;
    let details = match args.get("details").and_then(Value::as_str) {
        None => Map::new(),
        Some(s) => match serde_json::from_str(s) {
            Ok(Value::Object(m)) => m,
            _ => return Err(Refusal("details must be a JSON object".into())),
        },
    };
    check_details(&details)?;
    check_meaning(paths, event, result, &details)?;
    rate_limit(paths, user)?;
    let entry =
        audit::append(paths, user, Record { source: Source::Customer, remote: &remote, event, result, details })
            .map_err(|e| Refusal(format!("cannot write the audit log: {e}")))?;
    Ok(json!({"seq": entry.body.seq}))
}

/// The events the reopen gate reads (confirmations, kept items) must say something root can
/// check: a confirmation names an item that is one, a kept item has a name and a reason.
fn check_meaning(paths: &Paths, event: &str, result: &str, d: &Map<String, Value>) -> Result<(), Refusal> {
    let text = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("");
    match (event, result) {
        ("attested", "ok") => {
            let item = text("item");
            let policy = Policy::load(paths).map_err(Refusal)?;
            let special = [checklist::CLEAN_INSTALL];
            if !policy.is_attestation(item) && !special.contains(&item) {
                return Err(Refusal(format!("{item:?} is not something a customer confirms")));
            }
        }
        ("token_kept" | "ssh_key_kept" | "finding_kept", "ok") => {
            let reason = text("reason").chars().count();
            if text("name").is_empty() || !(3..=200).contains(&reason) {
                return Err(Refusal("a kept item needs its name and a reason of 3 to 200 characters".into()));
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
    .map_err(|e| Refusal(format!("cannot check the event rate: {e}")))?;
    if allowed {
        Ok(())
    } else {
        Err(Refusal(format!("more than {EVENTS_PER_MINUTE} events in a minute; wait a minute and try again")))
    }
}

/// Details are short plain strings under a few keys; nothing that looks like a secret.
fn check_details(d: &Map<String, Value>) -> Result<(), Refusal> {
    if d.len() > 20 {
        return Err(Refusal("too many details".into()));
    }
    for (k, v) in d {
        let key_ok = k.len() <= 40 && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        if !key_ok || k.contains("pass") || k.contains("secret") || k.contains("token_value") {
            return Err(Refusal(format!("detail key {k:?} is not allowed")));
        }
        let ok = match v {
            Value::String(s) => s.len() <= 500 && !s.chars().any(char::is_control),
            Value::Array(a) => a.len() <= 50 && a.iter().all(|x| x.as_str().is_some_and(|s| s.len() <= 200)),
            Value::Number(_) | Value::Bool(_) => true,
            _ => false,
        };
        if !ok {
            return Err(Refusal(format!("detail {k:?} must be a short text, list of texts, number or flag")));
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
    let ip: std::net::IpAddr = remote(args)?.parse().map_err(|_| Refusal("not an IP address".into()))?;
    let inc = incident::load(paths, user.as_str()).map_err(|e| Refusal(e.to_string()))?;
    if inc.map(|i| i.status) != Some(Status::AwaitingCustomer) {
        return Ok(json!({"preview": "not_held"}));
    }
    let outcome = holds::set_preview(paths, user, ip).map_err(|e| Refusal(e.0))?;
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
            Record { source: Source::Helper, remote: &ip.to_string(), event: "preview_allowed", result: "ok", details },
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
        args.get("password").and_then(Value::as_str).ok_or_else(|| Refusal("missing parameter \"password\"".into()))?;
    let inc = incident::load(paths, user.as_str()).map_err(|e| Refusal(e.to_string()))?;
    if inc.map(|i| i.status) != Some(Status::AwaitingCustomer) {
        return Err(Refusal("the cPanel password can be set here only while the security case awaits you".into()));
    }
    if password.chars().count() < 15
        || password.chars().any(char::is_control)
        || crate::passwords::zxcvbn_score(password, &[user.as_str()]) < 3
    {
        return Err(Refusal("the new password is too weak".into()));
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
                event: "account_password_set",
                result: "refused",
                details,
            },
        );
        return Err(Refusal(why));
    }
    let result = crate::whm::set_account_password(paths, user, password);
    let (res, details) = match &result {
        Ok(()) => ("ok", Map::new()),
        Err(e) => ("failed", crate::privileged::details(&[("why", e)])),
    };
    audit::append(
        paths,
        user,
        Record { source: Source::Helper, remote: &remote, event: "account_password_set", result: res, details },
    )
    .map_err(|e| Refusal(format!("cannot write the audit log: {e}")))?;
    result.map(|()| json!({"changed": true})).map_err(Refusal)
}

/// Re-runs every check as root and, only if all required items pass, lifts the holds and marks
/// the incident reopened. Serialized per user, so two tabs cannot reopen twice.
pub fn reopen(paths: &Paths, user: &UserName, args: &Map<String, Value>, t: &dyn Transport) -> Result<Value, Refusal> {
    let remote = remote(args)?;
    let release: i64 = arg(args, "release", 20)?.parse().map_err(|_| Refusal("release must be a number".into()))?;
    let outcome = incident::with_lock(paths, user.as_str(), || Ok(reopen_locked(paths, user, release, t)))
        .map_err(|e| Refusal(format!("cannot lock the incident record: {e}")))?;
    let (result, details) = match &outcome {
        Ok(v) => {
            let created: Vec<String> = v["new_credentials"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            ("ok", if created.is_empty() { Map::new() } else { json_details("new_credentials", &created) })
        }
        Err(ReopenRefused::Blocking(ids)) => ("refused", json_details("blocking", ids)),
        Err(ReopenRefused::Other(msg)) => ("refused", json_details("why", std::slice::from_ref(msg))),
    };
    audit::append(paths, user, Record { source: Source::Helper, remote: &remote, event: "reopen", result, details })
        .map_err(|e| Refusal(format!("cannot write the audit log: {e}")))?;
    if outcome.is_ok() {
        anchor_audit_head(paths, user);
    }
    match outcome {
        Ok(v) => Ok(v),
        Err(ReopenRefused::Blocking(ids)) => {
            Err(Refusal(format!("These required steps are not done yet: {}", ids.join(", "))))
        }
        Err(ReopenRefused::Other(msg)) => Err(Refusal(msg)),
    }
}

fn json_details(key: &str, items: &[String]) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(key.to_owned(), Value::Array(items.iter().cloned().map(Value::String).collect()));
    m
}

enum ReopenRefused {
    Blocking(Vec<String>),
    Other(String),
}

fn reopen_locked(paths: &Paths, user: &UserName, release: i64, t: &dyn Transport) -> Result<Value, ReopenRefused> {
    let other = |s: String| ReopenRefused::Other(s);
    let mut inc = incident::load(paths, user.as_str())
        .map_err(|e| other(e.to_string()))?
        .ok_or_else(|| other("there is no security case for this account".into()))?;
    match inc.status {
        Status::AwaitingCustomer => {}
        Status::Reopened | Status::Closed => {
            return Err(other("the website has already been reopened".into()));
        }
        Status::Investigating => {
            return Err(other("the host is still investigating; reopening is not possible yet".into()));
        }
    }
    if inc.released_at.map(|r| r.unix_timestamp()) != Some(release) {
        return Err(other("the page was out of date (the case changed since it was opened); reload it".into()));
    }
    let policy = Policy::load(paths).map_err(other)?;
    let (eval, created) = evaluate_as_root(paths, user, &policy, t, &inc)?;
    let blocking: Vec<String> = eval
        .blocking()
        .iter()
        .map(|i| match &i.state {
            checklist::State::NotDone(checklist::Reason::DbLoginFails(f)) => {
                let what: Vec<String> =
                    f.iter().map(|(p, u)| format!("{p} cannot log in to the database as {u}")).collect();
                format!("{} ({})", i.id, what.join("; "))
            }
            _ => i.id.clone(),
        })
        .collect();
    if !blocking.is_empty() {
        return Err(ReopenRefused::Blocking(blocking));
    }
    holds::lift(paths, user, t).map_err(|e| other(format!("could not lift the holds: {e}")))?;
    inc.status = Status::Reopened;
    incident::save(paths, &inc).map_err(|e| other(format!("cannot save the incident record: {e}")))?;
    if let Err(e) = notify_host(paths, user) {
        crate::log::event("host_notice_failed", &[("user", user.as_str()), ("error", &e)]);
    }
    // Logins made during the case are not blockers, but the customer and the log see them.
    Ok(json!({"reopened": true, "new_credentials": created}))
}

/// Records the audit log's head in the incident record (outside the log), under its lock.
pub fn anchor_audit_head(paths: &Paths, user: &UserName) {
    let r = incident::with_lock(paths, user.as_str(), || {
        let Some(mut inc) = incident::load(paths, user.as_str()).map_err(std::io::Error::other)? else {
            return Ok(());
        };
        inc.audit_anchor = audit::head(paths, user)?;
        incident::save(paths, &inc)
    });
    if let Err(e) = r {
        crate::log::event("audit_anchor_failed", &[("user", user.as_str()), ("error", &e.to_string())]);
    }
}

/// Tells the host that a customer reopened after the checklist (WHM's contact by default).
fn notify_host(paths: &Paths, user: &UserName) -> Result<(), String> {
    let cfg = crate::notify::Config::load(paths)?;
    let Some(to) = crate::notify::host_recipient(paths, &cfg)? else { return Ok(()) };
    let at = OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    // The log's head goes into the e-mail too: a copy of the chain's state outside the server.
    let head = audit::head(paths, user)
        .ok()
        .flatten()
        .map(|h| format!("Audit log head at the reopen: entry {} with hash {}\n", h.seq, h.hash))
        .unwrap_or_default();
    let body = format!(
        "The customer {user} reopened their website at {at} after the server checked every\nrequired step of the security checklist.\n\n{head}Audit log: secure-reopen audit show {user}\n(check it with: secure-reopen audit verify {user})\n"
    );
    let subject = format!("secure-reopen: {user} reopened after the security checklist");
    crate::notify::send(paths, &cfg, &crate::notify::Message { to: &to, subject: &subject, body: &body })
}

/// The same evaluation the page shows, computed by root from cPanel's answers and what root
/// reads itself. The customer's files (`rotation.json`, `restore.json`, `progress.json`) are
/// not read: passwords, restore and WordPress salts are judged from root's evidence of the
/// release ([`crate::evidence`]); confirmations and kept items come from the audit log.
fn evaluate_as_root(
    paths: &Paths,
    user: &UserName,
    policy: &Policy,
    t: &dyn Transport,
    inc: &incident::Incident,
) -> Result<(checklist::Evaluation, Vec<String>), ReopenRefused> {
    use crate::evidence::gate;
    let other = ReopenRefused::Other;
    let release = inc.released_at;
    let acct = gate::account(paths, user, t).map_err(other)?;
    let key = crate::evidence::key(paths).map_err(other)?;
    let rec = crate::evidence::load(paths, user, inc).map_err(other)?.ok_or_else(|| {
        other(
            "the server has no record of this case's release to check against; ask your host to release the case again"
                .into(),
        )
    })?;
    let mut progress = gate::progress_from_audit(paths, user, inc).map_err(other)?;
    let results = uapi::batch(t, &probes::calls());
    let api2: Vec<_> = probes::api2_calls().iter().map(|c| uapi::call_api2(t, c)).collect();
    let ctx = probes::Context {
        user: &inc.user,
        home: &acct.home,
        release,
        attack: inc.attack_time.as_ref().map(|a| a.at),
        restore: None,
        rotation: None,
    };
    let snap = probes::snapshot(results, api2, ctx);
    if let Ok(files) = &snap.files {
        gate::judge_salts(&key, &rec, files, &mut progress);
    }
    let seen = gate::Seen { inc, acct: &acct, rec: &rec, key: &key };
    // The WordPress users: from the sites' own databases as root reads them, never from the
    // customer-side record (`wp_users.json`, which drives the page only).
    let wordpress = match &snap.files {
        Ok(files) => {
            let configs: Vec<String> = files.wp_configs.iter().map(|c| c.path.clone()).collect();
            gate::judge_wp_users(paths, &key, &rec, &acct.home, &configs)
        }
        Err(e) => checklist::State::NotDone(checklist::Reason::CouldNotCheck(e.clone())),
    };
    let judged = gate::judge(paths, user, &seen, &progress, wordpress);
    let created: Vec<String> = judged.created.iter().map(|(k, n)| format!("{}:{n}", k.tag())).collect();
    if !created.is_empty() {
        crate::log::event(
            "credentials_created_since_release",
            &[("user", user.as_str()), ("names", &created.join(" "))],
        );
    }
    let mut eval = checklist::evaluate(policy, &snap, &progress);
    for item in &mut eval.items {
        match item.id.as_str() {
            checklist::CREDENTIALS_ROTATED => item.state = judged.passwords.clone(),
            checklist::FOLDER_RESTORED => item.state = judged.restore.clone(),
            _ => {}
        }
    }
    Ok((eval, created))
}
