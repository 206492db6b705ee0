//! Phase 2: apply a confirmed plan through cPanel. Everything that can be checked is checked
//! before the first change (a complete inventory, the current cPanel password, every
//! configuration file that uses a database user, free disk space); then every credential but
//! the cPanel password goes in `Batch::strict` batches, each item marked `sending` in the
//! journal before its request leaves; the cPanel password goes last and alone (changing it
//! ends every cPanel session, so nothing may depend on the session after it).
//!
//! A lost answer makes an item `Unknown`, never "not changed"; the retry re-sends the plan's
//! own password, which is idempotent for every kind. For the cPanel password the retry first
//! asks cPanel whether the plan's password is already the account's (`check_password`): then
//! the change was made and nothing is sent; otherwise it needs the current password again
//! (root never sets a cPanel password without it).
//!
//! A database user and every configuration file that uses it are one unit: files are checked
//! and backed up (unique names, never overwritten) before any change; after the password
//! changed, every file is rewritten, or every rewritten file is put back and the password too.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use super::Secret;
use super::configs::{self, Format};
use super::inventory::ConfigUse;
use super::journal::{self, Journal};
pub use super::journal::{Counts, ItemResult, Record, Status};
use super::plan::{CredentialId, Item, Kind};
use crate::fsutil;
use crate::uapi::{self, Call, Transport, UapiError};

/// Loads the record of what was applied (`None` before the first apply).
pub fn load(state_dir: &Path) -> std::io::Result<Option<Record>> {
    journal::load(state_dir)
}

/// `SecureReopen::check_password`: cPanel's own check of the account's current password
/// (`Cpanel::Passwd::Check::is_correct`), run as the customer; nothing changes.
pub fn check_password_call(password: &str) -> Call {
    Call::new(crate::privileged::MODULE, "check_password").arg("password", password).secret()
}

/// The UAPI call that sets one credential's password (marked secret: body only, never logged).
/// Each is the function cPanel 11.120 has for that service (docs/CONTRACT.md).
pub fn call_for(item: &Item, current_cpanel: Option<&Secret>) -> Option<Call> {
    let pw = item.password.expose();
    let login = item.id.login.as_str();
    let c = match item.id.kind {
        // `enablemysql=1`: the account's own MySQL login uses the cPanel password, so it changes
        // too (the stolen password must not keep working there).
        // Only with the current password (root does not set one without it: issue #11).
        Kind::Cpanel => Call::new("UserManager", "change_password")
            .arg("oldpass", current_cpanel?.expose())
            .arg("newpass", pw)
            .arg("enablemysql", "1"),
        Kind::Ftp => Call::new("Ftp", "passwd").arg("user", login).arg("pass", pw),
        Kind::Email => {
            let (_, domain) = login.split_once('@')?;
            Call::new("Email", "passwd_pop").arg("email", login).arg("password", pw).arg("domain", domain)
        }
        Kind::Mysql => Call::new("Mysql", "set_password").arg("user", login).arg("password", pw),
        Kind::Postgres => Call::new("Postgresql", "set_password").arg("user", login).arg("password", pw),
        // No digest hash: one made from the new password would be kept beside it in
        // ~/etc/webdav/shadow; the customer can turn digest authentication on again in cPanel.
        Kind::Webdisk => {
            Call::new("WebDisk", "set_password").arg("user", login).arg("password", pw).arg("enabledigest", "0")
        }
        Kind::Subaccount => {
            let (user, domain) = login.split_once('@')?;
            Call::new("UserManager", "edit_user").arg("username", user).arg("domain", domain).arg("password", pw)
        }
        Kind::WordpressAdmin => return None,
    };
    Some(c.secret())
}

pub struct Options<'a> {
    pub home: &'a Path,
    pub state_dir: &'a Path,
    pub plan_id: &'a str,
    /// The customer's current cPanel password, when they gave it (checked before any change).
    pub current_cpanel: Option<&'a Secret>,
    pub configs: &'a BTreeMap<String, Vec<ConfigUse>>,
    /// Database user → settings files that name it but cannot be updated safely.
    pub unreadable: &'a BTreeMap<String, Vec<(String, String)>>,
    /// Parts of the account cPanel did not list: the apply refuses before any change.
    pub missing: &'a [String],
    /// Calls per `Batch::strict` request.
    pub batch: usize,
    /// Runs after every other credential and before the cPanel password (which ends the
    /// session): the last moment the session can be used, e.g. for the audit entry.
    pub before_cpanel: &'a dyn Fn(&Record),
}

/// Why the apply changed nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// cPanel did not list these parts of the account, so the plan may miss credentials (and
    /// the website settings that use a database user).
    InventoryIncomplete(Vec<String>),
    /// cPanel says the current cPanel password the customer typed is not the current one.
    WrongCurrentPassword,
    /// cPanel could not check the current cPanel password.
    CannotCheckPassword(String),
    /// Not enough free space for the record and the backup copies of the settings files.
    DiskSpace { need: u64, free: u64 },
    /// The record (or a backup copy) cannot be written.
    Record(String),
}

/// What an apply did.
#[derive(Debug)]
pub struct Outcome {
    pub record: Record,
    /// The run stopped early because its record could not be written (items sent before that
    /// read back as unknown, never as unchanged).
    pub stopped: Option<String>,
    /// The cPanel password was sent: every cPanel session, this one included, may be gone.
    pub cpanel_sent: bool,
}

/// What happens to the cPanel password in this run.
enum CpanelRoute<'a> {
    /// `UserManager::change_password` with the current password (checked first).
    Own(&'a Secret),
    /// An earlier answer was lost, and cPanel confirms the plan's password is the account's
    /// password now: the change was made; nothing is sent.
    AlreadyChanged,
    /// No current password was given: it stays waiting (root does not set a cPanel password
    /// without the current one; the host can give the customer a new one).
    NeedsCurrent,
}

/// Whether cPanel says `password` is the account's current password.
fn is_current(t: &dyn Transport, password: &Secret) -> Result<bool, UapiError> {
    let v = uapi::call(t, &check_password_call(password.expose()))?;
    Ok(v.get("correct").and_then(|c| c.as_u64().or(c.as_bool().map(u64::from))) == Some(1))
}

/// A database user's settings files, read and checked before any change.
struct Unit {
    files: Vec<Prepared>,
}

struct Prepared {
    rel: String,
    path: PathBuf,
    old_text: String,
    new_text: String,
    mode: u32,
    format: Format,
    line: usize,
    old_password: String,
}

/// Applies every item of the plan that is not done yet, or refuses before any change. One
/// apply at a time per account: a second submit (double click, two tabs) waits for the first
/// and then finds only what is left.
pub fn apply(t: &dyn Transport, items: &[Item], o: &Options<'_>) -> Result<Outcome, Refusal> {
    if !o.missing.is_empty() {
        return Err(Refusal::InventoryIncomplete(o.missing.to_vec()));
    }
    std::fs::create_dir_all(o.state_dir).map_err(|e| Refusal::Record(e.to_string()))?;
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(o.state_dir.join("rotation.lock"))
        .map_err(|e| Refusal::Record(e.to_string()))?;
    lock.lock().map_err(|e| Refusal::Record(e.to_string()))?;
    let r = apply_locked(t, items, o);
    let _ = lock.unlock();
    r
}

fn apply_locked(t: &dyn Transport, items: &[Item], o: &Options<'_>) -> Result<Outcome, Refusal> {
    let prior = journal::load(o.state_dir).map_err(|e| Refusal::Record(e.to_string()))?.unwrap_or_default();
    let todo: Vec<&Item> = items.iter().filter(|i| !prior.done(&i.id)).collect();
    let cpanel = todo.iter().copied().find(|i| i.id.kind == Kind::Cpanel);
    let others: Vec<&Item> = todo.iter().copied().filter(|i| i.id.kind != Kind::Cpanel).collect();

    // 1. Everything that can be checked, before any change.
    // A lost answer for the cPanel password is settled by asking cPanel whether the plan's
    // password is the account's now; the customer needs no password they may no longer have.
    let settled = match cpanel {
        Some(item) if prior.status(&item.id) == Some(Status::Unknown) => {
            is_current(t, &item.password).map_err(|e| Refusal::CannotCheckPassword(e.to_string()))?
        }
        _ => false,
    };
    let route = match (cpanel, o.current_cpanel) {
        (None, _) => None,
        (Some(_), _) if settled => Some(CpanelRoute::AlreadyChanged),
        (Some(_), None) => Some(CpanelRoute::NeedsCurrent),
        (Some(_), Some(cur)) => match is_current(t, cur) {
            Ok(true) => Some(CpanelRoute::Own(cur)),
            Ok(false) => return Err(Refusal::WrongCurrentPassword),
            Err(e) => return Err(Refusal::CannotCheckPassword(e.to_string())),
        },
    };
    let mut units: BTreeMap<CredentialId, Unit> = BTreeMap::new();
    let mut refused: Vec<(&Item, String)> = Vec::new();
    for item in others.iter().filter(|i| matches!(i.id.kind, Kind::Mysql | Kind::Postgres)) {
        if let Some((path, why)) = o.unreadable.get(&item.id.login).and_then(|v| v.first()) {
            refused.push((item, format!("{path}: {why}")));
            continue;
        }
        match prepare_unit(o.home, o.configs.get(&item.id.login).map(Vec::as_slice).unwrap_or(&[]), item) {
            Ok(u) => {
                units.insert(item.id.clone(), u);
            }
            Err(why) => refused.push((item, why)),
        }
    }
    let config_bytes: u64 = units.values().flat_map(|u| &u.files).map(|f| f.old_text.len() as u64 + 4096).sum();
    let need = 64 * 1024 + todo.len() as u64 * 3 * 512 + config_bytes;
    let free = free_bytes(o.state_dir).min(free_bytes(o.home));
    if free < need {
        return Err(Refusal::DiskSpace { need, free });
    }
    for f in units.values().flat_map(|u| &u.files) {
        backup_copy(o.state_dir, &f.rel, &f.old_text).map_err(|e| Refusal::Record(format!("{}: {e}", f.rel)))?;
    }
    // Only now the record is opened for writing: a refusal above leaves no trace.
    let mut j = Journal::open(o.state_dir, o.plan_id).map_err(|e| Refusal::Record(e.to_string()))?;
    j.record.damaged = prior.damaged;
    let mut stopped: Option<String> = None;
    for (item, why) in &refused {
        let msg = format!("not changed, so your website keeps working: {why}");
        note(&mut j, &item.id, Status::Failed, Some(msg), &mut stopped);
    }
    if let Err(e) = j.sync() {
        return Err(Refusal::Record(e.to_string()));
    }
    if let Some(s) = stopped {
        return Err(Refusal::Record(s));
    }

    // 2. Every credential but the cPanel password, in batches.
    let send: Vec<&Item> = others.iter().copied().filter(|i| !refused.iter().any(|(r, _)| r.id == i.id)).collect();
    for chunk in send.chunks(o.batch.max(1)) {
        let mut calls = Vec::new();
        let mut which = Vec::new();
        for item in chunk {
            match call_for(item, None) {
                Some(c) => {
                    calls.push(c);
                    which.push(*item);
                }
                None => note(&mut j, &item.id, Status::Failed, Some(missing_reason(item)), &mut stopped),
            }
        }
        for item in &which {
            note(&mut j, &item.id, Status::Sending, None, &mut stopped);
        }
        if let Err(e) = j.sync() {
            stopped.get_or_insert_with(|| format!("cannot save the record: {e}"));
        }
        if stopped.is_some() {
            break;
        }
        let results = uapi::batch(t, &calls);
        for ((item, call), r) in which.iter().zip(&calls).zip(results) {
            let (status, msg) = match classify(r) {
                // A lost answer for a database user: ask once more (the same password again is
                // harmless), because its website settings must not stay behind.
                (Status::Unknown, m) if units.contains_key(&item.id) => match uapi::call(t, call) {
                    Ok(_) => (Status::Done, None),
                    Err(e) => match classify(Err(e)) {
                        (Status::Unknown, _) => (Status::Unknown, m),
                        other => other,
                    },
                },
                other => other,
            };
            let (status, msg) = match (status, units.get(&item.id)) {
                (Status::Done, Some(u)) => commit_unit(t, item, u, &mut j, &mut stopped),
                // Still not sure (the line to cPanel is gone for this request): the whole call
                // reached cPanel, so it most likely ran. The settings follow the plan's password
                // now — a site that matches its database in the likely case — and the item stays
                // "not sure" until the retry sends the same password again and makes it certain.
                (Status::Unknown, Some(u)) => {
                    let lost = msg.unwrap_or_default();
                    match commit_unit(t, item, u, &mut j, &mut stopped) {
                        (Status::Done, _) => (
                            Status::Unknown,
                            Some(format!(
                                "{lost}; your website's settings now have the new database password, which cPanel \
                                 most likely set: try again to make sure"
                            )),
                        ),
                        (_, why) => (Status::Unknown, Some(format!("{lost}; {}", why.unwrap_or_default()))),
                    }
                }
                (status, _) => (status, msg),
            };
            note(&mut j, &item.id, status, msg, &mut stopped);
        }
        if let Err(e) = j.sync() {
            stopped.get_or_insert_with(|| format!("cannot save the record: {e}"));
        }
        if stopped.is_some() {
            break;
        }
    }

    // 3. The cPanel password, last and alone: it ends every session, this one included.
    let mut cpanel_sent = false;
    if let (Some(item), Some(CpanelRoute::AlreadyChanged), None) = (cpanel, &route, &stopped) {
        note(&mut j, &item.id, Status::Done, None, &mut stopped);
        let _ = j.sync();
    }
    if let (Some(item), Some(CpanelRoute::NeedsCurrent), None) = (cpanel, &route, &stopped) {
        let why = "needs your current cPanel password (or a new one from your host)".to_owned();
        note(&mut j, &item.id, Status::Pending, Some(why), &mut stopped);
        let _ = j.sync();
    }
    if let (Some(item), Some(CpanelRoute::Own(cur)), None) = (cpanel, route, &stopped) {
        (o.before_cpanel)(&j.record);
        note(&mut j, &item.id, Status::Sending, None, &mut stopped);
        if let Err(e) = j.sync() {
            stopped.get_or_insert_with(|| format!("cannot save the record: {e}"));
        }
        if stopped.is_none()
            && let Some(call) = call_for(item, Some(cur))
        {
            cpanel_sent = true;
            let (status, msg) = classify(uapi::call(t, &call));
            note(&mut j, &item.id, status, msg, &mut stopped);
            if let Err(e) = j.sync() {
                stopped.get_or_insert_with(|| format!("cannot save the record: {e}"));
            }
        }
    }
    Ok(Outcome { record: j.record, stopped, cpanel_sent })
}

/// Records one item; a failed append stops the run (nothing more is sent).
fn note(j: &mut Journal, id: &CredentialId, status: Status, msg: Option<String>, stopped: &mut Option<String>) {
    if let Err(e) = j.set(id, status, msg) {
        stopped.get_or_insert_with(|| format!("cannot save the record: {e}"));
    }
}

/// What an answer means for the item: cPanel's refusal is "failed" (nothing changed); a call
/// cPanel did not run is still pending; a lost answer is unknown.
fn classify(r: Result<serde_json::Value, UapiError>) -> (Status, Option<String>) {
    match r {
        Ok(_) => (Status::Done, None),
        Err(UapiError::Cpanel { errors, call }) => {
            let m = errors.join(" ");
            (Status::Failed, Some(if m.is_empty() { format!("cPanel refused {call}") } else { m }))
        }
        Err(e @ (UapiError::NotRun { .. } | UapiError::Denied { .. })) => (Status::Pending, Some(e.to_string())),
        // Sent, and the answer lost (or never sure it was not sent): cPanel may have done it.
        Err(
            e @ (UapiError::Timeout { .. }
            | UapiError::Unreachable { .. }
            | UapiError::Lost { .. }
            | UapiError::Http { .. }
            | UapiError::Malformed { .. }),
        ) => (Status::Unknown, Some(e.to_string())),
    }
}

fn missing_reason(item: &Item) -> String {
    format!("cannot be changed automatically ({})", item.id.kind.code())
}

/// Reads and checks every settings file of a database user and computes its new text.
fn prepare_unit(home: &Path, uses: &[ConfigUse], item: &Item) -> Result<Unit, String> {
    let mut files = Vec::new();
    for u in uses {
        let rel = Path::new(&u.path);
        let fail = |why: String| format!("{}: {why}", u.path);
        if rel.is_absolute() || rel.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
            return Err(fail("not a path inside the home directory".into()));
        }
        let path = home.join(rel);
        let md = std::fs::symlink_metadata(&path).map_err(|e| fail(e.to_string()))?;
        if !md.is_file() {
            return Err(fail("not a regular file".into()));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| fail(e.to_string()))?;
        let logins = configs::find(u.format, &text).map_err(|e| fail(e.to_string()))?;
        let login = logins
            .iter()
            .find(|l| l.user == item.id.login)
            .ok_or_else(|| fail("the database user is no longer in this file".into()))?;
        let new_text = configs::rewrite(u.format, &text, login, item.password.expose())
            .map_err(|e| fail(format!("line {}: {e}", login.line)))?;
        let mode = std::os::unix::fs::PermissionsExt::mode(&md.permissions()) & 0o7777;
        files.push(Prepared {
            rel: u.path.clone(),
            path,
            mode,
            format: u.format,
            line: login.line,
            old_password: login.password.clone(),
            old_text: text,
            new_text,
        });
    }
    Ok(Unit { files })
}

/// After the database password changed: every file gets it, or every file and the password
/// are put back.
fn commit_unit(
    t: &dyn Transport,
    item: &Item,
    unit: &Unit,
    j: &mut Journal,
    stopped: &mut Option<String>,
) -> (Status, Option<String>) {
    let mut written: Vec<&Prepared> = Vec::new();
    let mut failure = None;
    for f in &unit.files {
        let r = fsutil::write_atomic(&f.path, f.new_text.as_bytes(), f.mode)
            .map_err(|e| format!("cannot write: {e}"))
            .and_then(|()| {
                written.push(f);
                if f.format == Format::DotEnv { Ok(()) } else { php_lint(&f.path) }
            })
            .map_err(|e| format!("{} (line {}): {e}", f.rel, f.line));
        if let Err(e) = r {
            failure = Some(e);
            break;
        }
    }
    let Some(why) = failure else {
        for f in &unit.files {
            if let Err(e) = j.config_rewritten(&f.rel) {
                stopped.get_or_insert_with(|| format!("cannot save the record: {e}"));
            }
        }
        return (Status::Done, None);
    };
    // Put every file back as it was, then the database password.
    let files_back = written.iter().all(|f| fsutil::write_atomic(&f.path, f.old_text.as_bytes(), f.mode).is_ok());
    let old = unit.files.first().map(|f| f.old_password.clone()).unwrap_or_default();
    let back = Item { id: item.id.clone(), password: Secret::new(old), custom: false };
    let db_back = call_for(&back, None).map(|c| uapi::call(t, &c).is_ok()).unwrap_or(false);
    match (files_back, db_back) {
        (true, true) => (
            Status::Failed,
            Some(format!(
                "{why}; the database password and every settings file were put back, so your website keeps working"
            )),
        ),
        _ => (
            Status::Unknown,
            Some(format!(
                "{why}; putting things back did not finish, so your website may not reach its database: try again now (backup copies are in ~/.secure_reopen/config-backups)"
            )),
        ),
    }
}

/// Free bytes for an unprivileged writer on the file system holding `path` (0 when unknown).
fn free_bytes(path: &Path) -> u64 {
    use std::os::unix::ffi::OsStrExt;
    let mut p = path;
    while !p.exists() {
        match p.parent() {
            Some(q) => p = q,
            None => return 0,
        }
    }
    let Ok(c) = std::ffi::CString::new(p.as_os_str().as_bytes()) else { return 0 };
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: c is NUL-terminated and s is a valid, writable statvfs.
    if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
        return 0;
    }
    (s.f_bavail as u64).saturating_mul(s.f_frsize as u64)
}

/// Keeps a copy of a settings file before it changes, under a name no other copy has (it is
/// never overwritten): `config-backups/<time>-<random>/<path>`, 0600.
pub fn backup_copy(state_dir: &Path, rel: &str, text: &str) -> std::io::Result<PathBuf> {
    use std::io::Write;
    let mut tag = [0u8; 6];
    rand::fill(&mut tag);
    let key = format!("{}-{}", OffsetDateTime::now_utc().unix_timestamp_nanos(), crate::audit::hex(&tag));
    let dest = state_dir.join("config-backups").join(key).join(rel);
    let dir = dest.parent().ok_or_else(|| std::io::Error::other("no parent"))?;
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    std::fs::set_permissions(tmp.path(), std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(&dest).map_err(|e| e.error)?;
    Ok(dest)
}

/// `php -l FILE` when PHP is installed; no PHP means the re-parse in `rewrite` is the check.
fn php_lint(path: &Path) -> Result<(), String> {
    match std::process::Command::new("php").arg("-l").arg(path).output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or("syntax error").to_owned()),
        Err(_) => Ok(()),
    }
}

/// Hardens one wp-config.php (relative to the home directory) with a backup copy, an atomic
/// write keeping its mode, and `php -l` (the original comes back if PHP rejects the result).
pub fn harden_config(home: &Path, state_dir: &Path, rel: &str) -> Result<(), String> {
    let relp = Path::new(rel);
    if relp.is_absolute() || relp.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
        return Err("not a path inside the home directory".into());
    }
    let path = home.join(relp);
    let md = std::fs::symlink_metadata(&path).map_err(|e| e.to_string())?;
    if !md.is_file() {
        return Err("not a regular file".into());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let new_text = configs::harden_wordpress(&text).map_err(|e| e.to_string())?;
    backup_copy(state_dir, rel, &text).map_err(|e| format!("cannot keep a backup copy: {e}"))?;
    let mode = std::os::unix::fs::PermissionsExt::mode(&md.permissions()) & 0o7777;
    fsutil::write_atomic(&path, new_text.as_bytes(), mode).map_err(|e| format!("cannot write: {e}"))?;
    if let Err(e) = php_lint(&path) {
        let _ = fsutil::write_atomic(&path, text.as_bytes(), mode);
        return Err(format!("PHP rejects the hardened file ({e}); the original was put back"));
    }
    Ok(())
}
