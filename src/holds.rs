//! Holds: what keeps a released account safe while the customer works. The customer can log
//! in to cPanel, but
//! - every website answers 503 "closed for maintenance" through an EasyApache include file in
//!   root-owned `/etc/apache2/conf.d/userdata/{std,ssl}/2_4/USER/`, which applies to every
//!   virtual host of the user, also one added during the hold (the customer, or an attacker
//!   with a stolen FTP password, cannot remove it);
//! - every mailbox's login is suspended (`Email::suspend_login`), since its password is
//!   presumed stolen; incoming mail still arrives;
//! - every FTP login is locked: its password hash in cPanel's FTP user file
//!   (`/etc/proftpd/USER`) gets the `!` prefix that marks a locked password, and open FTP
//!   sessions are ended (`Ftp::kill_session`). Setting a new FTP password (step 4) writes a
//!   fresh entry, which is how the customer unlocks an account before the reopen.
//!
//! What was changed is recorded in a root-side hold record, and `lift` undoes exactly that:
//! it removes only the files it wrote and unsuspends only the mailboxes it suspended.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use crate::fsutil;
use crate::paths::Paths;
use crate::uapi::types::{DomainList, Mailbox, decode};
use crate::uapi::{self, Call, Transport};
use crate::user::UserName;

pub const INCLUDE_NAME: &str = "secure_reopen_hold.conf";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldRecord {
    #[serde(with = "time::serde::rfc3339")]
    pub applied_at: OffsetDateTime,
    /// Include files this hold wrote (absolute paths).
    pub apache_includes: Vec<PathBuf>,
    /// Mailboxes whose login this hold suspended (not those suspended before).
    pub mail_logins_suspended: Vec<String>,
    /// FTP logins this hold locked, with the hash they had (a hash, never a password), so
    /// the lift restores exactly that entry and leaves one the customer changed since.
    #[serde(default)]
    pub ftp_locked: Vec<(String, String)>,
    /// Folders this hold created (removed again on lift if still empty), deepest last.
    #[serde(default)]
    pub created_dirs: Vec<PathBuf>,
}

fn record_path(paths: &Paths, user: &UserName) -> PathBuf {
    paths.holds_dir().join(format!("{user}.json"))
}

pub fn load(paths: &Paths, user: &UserName) -> std::io::Result<Option<HoldRecord>> {
    fsutil::read_json(&record_path(paths, user))
}

/// The Apache directives that close a site, leaving `/.well-known/` open so AutoSSL and
/// domain validation keep working.
pub fn include_text() -> String {
    "# secure-reopen: this website stays closed until its owner finishes the security\n\
     # checklist. Removed by secure-reopen when the owner reopens. Do not edit.\n\
     <IfModule mod_alias.c>\n\
     RedirectMatch 503 ^/(?!\\.well-known/)\n\
     </IfModule>\n\
     ErrorDocument 503 \"This website is closed for maintenance after a security incident. It will be back soon.\"\n"
        .to_owned()
}

#[derive(Debug)]
pub struct HoldError(pub String);

impl std::fmt::Display for HoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Closes the websites and mail logins of `user`. Idempotent: applying twice changes nothing
/// the second time (the record keeps what the first one did).
pub fn apply(paths: &Paths, user: &UserName, t: &dyn Transport) -> Result<HoldRecord, HoldError> {
    let path = record_path(paths, user);
    let mut record = load(paths, user)
        .map_err(|e| HoldError(format!("cannot read the hold record {}: {e}", path.display())))?
        .unwrap_or(HoldRecord {
            applied_at: OffsetDateTime::now_utc(),
            apache_includes: Vec::new(),
            mail_logins_suspended: Vec::new(),
            ftp_locked: Vec::new(),
            created_dirs: Vec::new(),
        });

    let calls = [Call::new("DomainInfo", "list_domains"), Call::new("Email", "list_pops")];
    let mut r = uapi::batch(t, &calls).into_iter();
    let domains: DomainList = r
        .next()
        .expect("one result per call")
        .and_then(|v| decode(&calls[0], v))
        .map_err(|e| HoldError(format!("cannot list the domains of {user}: {e}")))?;
    let mailboxes: Vec<Mailbox> = r
        .next()
        .expect("one result per call")
        .and_then(|v| decode(&calls[1], v))
        .map_err(|e| HoldError(format!("cannot list the mailboxes of {user}: {e}")))?;

    for domain in domains.all().chain(domains.parked_domains.iter().map(String::as_str)) {
        if !valid_domain(domain) {
            return Err(HoldError(format!("cPanel returned an invalid domain name {domain:?}")));
        }
    }
    // One include per user (not per domain): EasyApache applies `…/2_4/USER/*.conf` to every
    // virtual host of the user, so a domain added during the hold is closed too.
    for tls in [false, true] {
        let dir = paths.apache_user_dir(tls, user.as_str());
        let file = dir.join(INCLUDE_NAME);
        if !record.apache_includes.contains(&file) {
            if !dir.exists() && !record.created_dirs.contains(&dir) {
                record.created_dirs.push(dir.clone());
            }
            fsutil::write_atomic(&file, include_text().as_bytes(), 0o644)
                .map_err(|e| HoldError(format!("cannot write {}: {e}", file.display())))?;
            record.apache_includes.push(file);
            save(paths, user, &record)?;
        }
    }
    let to_suspend: Vec<&Mailbox> = mailboxes
        .iter()
        .filter(|m| !truthy(m.suspended_login.as_ref()))
        .filter(|m| !record.mail_logins_suspended.contains(&m.email))
        .collect();
    let calls: Vec<Call> =
        to_suspend.iter().map(|m| Call::new("Email", "suspend_login").arg("email", m.email.as_str())).collect();
    let results = uapi::batch(t, &calls);
    let mut failures = Vec::new();
    for (m, res) in to_suspend.iter().zip(results) {
        match res {
            Ok(_) => record.mail_logins_suspended.push(m.email.clone()),
            Err(e) => failures.push(format!("{}: {e}", m.email)),
        }
    }
    save(paths, user, &record)?;
    lock_ftp(paths, user, &mut record)?;
    save(paths, user, &record)?;
    if let Err(e) = uapi::call(t, &Call::new("Ftp", "kill_session").arg("login", "all")) {
        failures.push(format!("ending FTP sessions: {e}"));
    }
    apply_apache(paths)?;
    if !failures.is_empty() {
        return Err(HoldError(format!("could not hold everything: {}", failures.join("; "))));
    }
    Ok(record)
}

/// Undoes exactly what `apply` recorded, then removes the record.
pub fn lift(paths: &Paths, user: &UserName, t: &dyn Transport) -> Result<(), HoldError> {
    let path = record_path(paths, user);
    let Some(mut record) =
        load(paths, user).map_err(|e| HoldError(format!("cannot read the hold record {}: {e}", path.display())))?
    else {
        return Ok(());
    };
    let calls: Vec<Call> = record
        .mail_logins_suspended
        .iter()
        .map(|e| Call::new("Email", "unsuspend_login").arg("email", e.as_str()))
        .collect();
    let results = uapi::batch(t, &calls);
    let mut failures = Vec::new();
    let mut still = Vec::new();
    for (email, res) in record.mail_logins_suspended.iter().zip(results) {
        if let Err(e) = res {
            // A mailbox the customer deleted meanwhile has nothing left to unsuspend.
            if !is_gone(&e) {
                failures.push(format!("{email}: {e}"));
                still.push(email.clone());
            }
        }
    }
    record.mail_logins_suspended = still;
    if let Err(e) = unlock_ftp(paths, user, &mut record) {
        failures.push(e.0);
    }
    for file in &record.apache_includes {
        match fs::remove_file(file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => failures.push(format!("{}: {e}", file.display())),
        }
    }
    record.apache_includes.retain(|f| f.exists());
    // Only the folders the hold created, and only when nothing else was put in them since.
    for dir in record.created_dirs.iter().rev() {
        let _ = fs::remove_dir(dir);
    }
    record.created_dirs.retain(|d| d.exists());
    apply_apache(paths)?;
    if failures.is_empty() {
        fs::remove_file(&path).map_err(|e| HoldError(format!("cannot remove {}: {e}", path.display())))?;
        Ok(())
    } else {
        save(paths, user, &record)?;
        Err(HoldError(format!("could not lift every hold: {}", failures.join("; "))))
    }
}

/// Rewrites the password field of the FTP user file's entries (`login:hash:rest`) with `edit`
/// (`None` keeps a line as it is), atomically and keeping the file's mode. A missing file has
/// nothing to hold: `Ok(false)`.
fn edit_ftp_file(
    paths: &Paths,
    user: &UserName,
    mut edit: impl FnMut(&str, &str) -> Option<String>,
) -> Result<bool, HoldError> {
    let file = paths.ftp_passwd_file(user.as_str());
    let text = match fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(HoldError(format!("cannot read {}: {e}", file.display()))),
    };
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let fields: Vec<&str> = line.splitn(3, ':').collect();
        match (fields.len() == 3).then(|| edit(fields[0], fields[1])).flatten() {
            Some(hash) => out.push_str(&[fields[0], hash.as_str(), fields[2]].join(":")),
            None => out.push_str(line),
        }
    }
    let mode = fs::metadata(&file)
        .map(|m| std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o7777)
        .unwrap_or(0o640);
    fsutil::write_atomic(&file, out.as_bytes(), mode)
        .map_err(|e| HoldError(format!("cannot write {}: {e}", file.display())))?;
    Ok(true)
}

/// Marks every unlocked entry of the account's FTP user file as locked (`!` before the hash).
fn lock_ftp(paths: &Paths, user: &UserName, record: &mut HoldRecord) -> Result<(), HoldError> {
    edit_ftp_file(paths, user, |login, hash| {
        if hash.starts_with('!') || hash.is_empty() {
            return None;
        }
        if !record.ftp_locked.iter().any(|(l, _)| l == login) {
            record.ftp_locked.push((login.to_owned(), hash.to_owned()));
        }
        Some(format!("!{hash}"))
    })
    .map(|_| ())
}

/// Unlocks exactly the entries the hold locked whose hash is still the one it locked.
fn unlock_ftp(paths: &Paths, user: &UserName, record: &mut HoldRecord) -> Result<(), HoldError> {
    if record.ftp_locked.is_empty() {
        return Ok(());
    }
    let locked = record.ftp_locked.clone();
    edit_ftp_file(paths, user, |login, hash| {
        let original = hash.strip_prefix('!')?;
        locked.iter().any(|(l, h)| l == login && h == original).then(|| original.to_owned())
    })?;
    record.ftp_locked.clear();
    Ok(())
}

fn save(paths: &Paths, user: &UserName, r: &HoldRecord) -> Result<(), HoldError> {
    let path = record_path(paths, user);
    fsutil::write_json(&path, r, 0o600).map_err(|e| HoldError(format!("cannot write {}: {e}", path.display())))
}

/// Rebuilds Apache's configuration and restarts it, so include files take effect.
fn apply_apache(paths: &Paths) -> Result<(), HoldError> {
    for script in ["rebuildhttpdconf", "restartsrv_httpd"] {
        let prog = paths.cpanel_script(script);
        let st = Command::new(&prog)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .status()
            .map_err(|e| HoldError(format!("cannot run {}: {e}", prog.display())))?;
        if !st.success() {
            return Err(HoldError(format!("{} failed ({st})", prog.display())));
        }
    }
    Ok(())
}

fn is_gone(e: &uapi::UapiError) -> bool {
    e.cpanel_messages().iter().any(|m| m.contains("does not exist") || m.contains("No such"))
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0) != 0,
        Some(Value::String(s)) => s == "1",
        Some(Value::Bool(b)) => *b,
        _ => false,
    }
}

/// A DNS name as cPanel stores it: letters, digits, hyphens and dots; no path tricks.
fn valid_domain(d: &str) -> bool {
    !d.is_empty()
        && d.len() <= 253
        && !d.starts_with('.')
        && !d.contains("..")
        && d.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}
