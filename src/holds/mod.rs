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
//!   fresh entry, which is how the customer unlocks an account before the reopen;
//! - every Web Disk login is locked the same way: cPanel has no per-login switch, and cpdavd
//!   authenticates from `~USER/etc/webdav/shadow` (`login:hash:days::::::digest`,
//!   `Cpanel/WebDisk.pm`), so the hold puts `!` before both the crypt hash (field 1) and the
//!   digest hash (field 8), the fields `suspendacct` marks with `*LOCKED*`. `unsuspendacct`
//!   strips only `*LOCKED*` (`scripts/unsuspendacct`), so the `!` survives the release. A new
//!   Web Disk password (`WebDisk::set_password` rewrites the entry) unlocks that login;
//! - the customer may preview their own site from the address they are logged in to cPanel
//!   from: the include lets exactly that one address through (set when they open the page,
//!   replaced when it changes, at most once a minute since each change rebuilds Apache's
//!   configuration).
//!
//! What was changed is recorded in a root-side hold record, and `lift` undoes exactly that:
//! it removes only the files it wrote and unsuspends only the mailboxes it suspended, mail,
//! FTP and Web Disk first and the website last, so a partial lift never leaves the site public
//! while the case is not reopened. A missing or damaged record is rebuilt from what root sees;
//! since a suspended mailbox does not say who suspended it, every suspension and unsuspension
//! of the holds is first written to root's audit log (before the change, so a reply lost in
//! between is covered), and a rebuilt record takes only the mailboxes that ledger says are the
//! hold's. One the customer or the host suspended before the hold stays suspended.

use std::fs;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use crate::audit;
use crate::fsutil;
use crate::paths::Paths;
use crate::privileged::Event;
use crate::uapi::types::{DomainList, Mailbox, decode};
use crate::uapi::{self, Call, Transport};
use crate::user::UserName;

mod logins;
mod preview;
use logins::*;
pub use preview::{PreviewOutcome, set_preview};

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
    /// The account's home directory as cPanel named it when the hold was applied.
    #[serde(default)]
    pub home: Option<PathBuf>,
    /// Web Disk logins this hold locked, with the hashes they had (never a password).
    #[serde(default)]
    pub webdisk_locked: Vec<WebDiskLock>,
    /// The one address that may see the website during the hold (the customer's).
    #[serde(default)]
    pub preview: Option<Preview>,
    /// Rebuilt from what root saw because the record was missing or damaged.
    #[serde(default)]
    pub rebuilt: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebDiskLock {
    pub login: String,
    pub hash: String,
    pub digest: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub ip: IpAddr,
    #[serde(with = "time::serde::rfc3339")]
    pub set_at: OffsetDateTime,
}

impl HoldRecord {
    fn empty() -> HoldRecord {
        HoldRecord {
            applied_at: OffsetDateTime::now_utc(),
            apache_includes: Vec::new(),
            mail_logins_suspended: Vec::new(),
            ftp_locked: Vec::new(),
            created_dirs: Vec::new(),
            home: None,
            webdisk_locked: Vec::new(),
            preview: None,
            rebuilt: false,
        }
    }
}

/// Web Disk's password file, relative to the home directory.
const WEBDISK_SHADOW: &str = "etc/webdav/shadow";

fn record_path(paths: &Paths, user: &UserName) -> PathBuf {
    paths.holds_dir().join(format!("{user}.json"))
}

pub fn load(paths: &Paths, user: &UserName) -> std::io::Result<Option<HoldRecord>> {
    fsutil::read_json(&record_path(paths, user))
}

/// The Apache directives that close a site, leaving `/.well-known/` open so AutoSSL and
/// domain validation keep working, and letting `preview` (the customer's address) through.
/// Rewrite rules of the virtual host run before any `.htaccess`, so the site's own files
/// cannot open it; without mod_rewrite, mod_alias closes it for everyone.
pub fn include_text(preview: Option<IpAddr>) -> String {
    let allow = match preview {
        Some(ip) => format!(
            "# The owner may look at the site from {ip} (their cPanel login's address).\nRewriteCond %{{REMOTE_ADDR}} !={ip}\n"
        ),
        None => String::new(),
    };
    format!(
        "# secure-reopen: this website stays closed until its owner finishes the security\n\
         # checklist. Removed by secure-reopen when the owner reopens. Do not edit.\n\
         <IfModule mod_rewrite.c>\n\
         RewriteEngine On\n\
         RewriteCond %{{REQUEST_URI}} !^/\\.well-known/\n\
         {allow}\
         RewriteRule ^ - [R=503,L]\n\
         </IfModule>\n\
         <IfModule !mod_rewrite.c>\n\
         RedirectMatch 503 ^/(?!\\.well-known/)\n\
         </IfModule>\n\
         ErrorDocument 503 \"This website is closed for maintenance after a security incident. It will be back soon.\"\n"
    )
}

#[derive(Debug)]
pub struct HoldError(pub String);

impl std::fmt::Display for HoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Closes the websites and the mail, FTP and Web Disk logins of `user`. Idempotent: applying
/// twice changes nothing the second time (the record keeps what the first one did).
pub fn apply(paths: &Paths, user: &UserName, t: &dyn Transport, by: audit::Source) -> Result<HoldRecord, HoldError> {
    // A missing record is the normal start here; only mailboxes the ledger says an earlier hold
    // suspended (and nobody lifted) are taken back as the hold's: those the customer suspended
    // before stay theirs.
    let path = record_path(paths, user);
    let existing =
        load(paths, user).map_err(|e| HoldError(format!("cannot read the hold record {}: {e}", path.display())))?;
    let fresh = existing.is_none();
    let mut record = existing.unwrap_or_else(HoldRecord::empty);

    let calls = [
        Call::new("DomainInfo", "list_domains"),
        Call::new("Email", "list_pops"),
        Call::new("Variables", "get_user_information"),
    ];
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
    let home = r
        .next()
        .expect("one result per call")
        .ok()
        .and_then(|v| v.get("home").and_then(Value::as_str).map(PathBuf::from))
        .filter(|h| h.is_absolute())
        .ok_or_else(|| HoldError(format!("cPanel did not say where the home directory of {user} is")))?;
    record.home = Some(home.clone());
    if fresh {
        record.mail_logins_suspended = held_by_ledger(paths, user, &mailboxes);
    }

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
            write_include(&file, record.preview.as_ref().map(|p| p.ip))?;
            record.apache_includes.push(file);
            save(paths, user, &record)?;
        }
    }
    let to_suspend: Vec<&Mailbox> = mailboxes
        .iter()
        .filter(|m| !truthy(m.suspended_login.as_ref()))
        .filter(|m| !record.mail_logins_suspended.contains(&m.email))
        .collect();
    let emails: Vec<&str> = to_suspend.iter().map(|m| m.email.as_str()).collect();
    ledger(paths, user, by, Event::MailLoginsSuspended, &emails)?;
    let calls: Vec<Call> = emails.iter().map(|e| Call::new("Email", "suspend_login").arg("email", *e)).collect();
    let results = uapi::batch(t, &calls);
    let mut failures = Vec::new();
    let mut unanswered = Vec::new();
    for (m, res) in to_suspend.iter().zip(results) {
        match res {
            Ok(_) => record.mail_logins_suspended.push(m.email.clone()),
            Err(e) => unanswered.push((m.email.as_str(), e)),
        }
    }
    if !unanswered.is_empty() {
        // A reply lost on the way may hide a suspension that happened: until cPanel says, it is
        // unknown. One suspended now is the hold's (the ledger says it was about to).
        let list = Call::new("Email", "list_pops");
        match uapi::call(t, &list).and_then(|v| decode::<Vec<Mailbox>>(&list, v)) {
            Ok(now) => {
                for (email, e) in unanswered {
                    if now.iter().any(|m| m.email == email && truthy(m.suspended_login.as_ref())) {
                        record.mail_logins_suspended.push(email.to_owned());
                    } else {
                        failures.push(format!("{email}: {e}"));
                    }
                }
            }
            Err(check) => failures.extend(
                unanswered
                    .into_iter()
                    .map(|(email, e)| format!("{email}: {e} (whether its login is suspended is unknown: {check})")),
            ),
        }
    }
    save(paths, user, &record)?;
    lock_ftp(paths, user, &mut record)?;
    save(paths, user, &record)?;
    if let Err(e) = lock_webdisk(&home, &mut record) {
        failures.push(e.0);
    }
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

/// Undoes exactly what `apply` recorded, then removes the record. Mail, FTP and Web Disk
/// first; the website only when all of them are open again, so a failure leaves the site
/// closed (the safe side) and the record says what is still held, for a retry.
pub fn lift(paths: &Paths, user: &UserName, t: &dyn Transport, by: audit::Source) -> Result<(), HoldError> {
    let path = record_path(paths, user);
    let Some(mut record) = load_or_rebuild(paths, user, t)? else {
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
    // After the calls, only those done: one whose reply was lost stays the hold's in the ledger,
    // and a rebuilt record takes it again only while it is still suspended.
    let done: Vec<&str> =
        record.mail_logins_suspended.iter().filter(|e| !still.contains(e)).map(String::as_str).collect();
    ledger(paths, user, by, Event::MailLoginsUnsuspended, &done)?;
    record.mail_logins_suspended = still;
    if let Err(e) = unlock_ftp(paths, user, &mut record) {
        failures.push(e.0);
    }
    if let Err(e) = unlock_webdisk(&mut record) {
        failures.push(e.0);
    }
    if !failures.is_empty() {
        save(paths, user, &record)?;
        return Err(HoldError(format!(
            "could not lift every hold (the website stays closed): {}",
            failures.join("; ")
        )));
    }
    save(paths, user, &record)?;
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

fn write_include(file: &Path, preview: Option<IpAddr>) -> Result<(), HoldError> {
    fsutil::write_atomic(file, include_text(preview).as_bytes(), 0o644)
        .map_err(|e| HoldError(format!("cannot write {}: {e}", file.display())))
}

/// The hold record, or one rebuilt from what root sees when it is missing or damaged (a damaged
/// one is kept aside): the hold's include files, locked FTP and Web Disk entries and suspended
/// mail logins. `None` when nothing is held.
pub fn load_or_rebuild(paths: &Paths, user: &UserName, t: &dyn Transport) -> Result<Option<HoldRecord>, HoldError> {
    let path = record_path(paths, user);
    match load(paths, user) {
        Ok(Some(r)) => return Ok(Some(r)),
        Ok(None) => {}
        Err(e) => {
            let aside = path.with_extension(format!("json.damaged-{}", OffsetDateTime::now_utc().unix_timestamp()));
            crate::log::event(
                "hold_record_damaged",
                &[("user", user.as_str()), ("error", &e.to_string()), ("kept_as", &aside.display().to_string())],
            );
            fs::rename(&path, &aside)
                .map_err(|e| HoldError(format!("cannot move the damaged {} aside: {e}", path.display())))?;
        }
    }
    let mut record = HoldRecord::empty();
    record.rebuilt = true;
    for tls in [false, true] {
        let file = paths.apache_user_dir(tls, user.as_str()).join(INCLUDE_NAME);
        if fs::symlink_metadata(&file).is_ok_and(|m| m.is_file()) {
            record.apache_includes.push(file);
        }
    }
    edit_ftp_file(paths, user, |login, hash| {
        if let Some(h) = hash.strip_prefix('!').filter(|h| !h.is_empty()) {
            record.ftp_locked.push((login.to_owned(), h.to_owned()));
        }
        None
    })?;
    let calls = [Call::new("Email", "list_pops"), Call::new("Variables", "get_user_information")];
    let mut r = uapi::batch(t, &calls).into_iter();
    let mailboxes: Vec<Mailbox> = r
        .next()
        .expect("one result per call")
        .and_then(|v| decode(&calls[0], v))
        .map_err(|e| HoldError(format!("cannot list the mailboxes of {user}: {e}")))?;
    record.mail_logins_suspended = held_by_ledger(paths, user, &mailboxes);
    record.home = r
        .next()
        .expect("one result per call")
        .ok()
        .and_then(|v| v.get("home").and_then(Value::as_str).map(PathBuf::from))
        .filter(|h| h.is_absolute());
    if let Some(home) = &record.home {
        let text = read_webdisk(home)?.unwrap_or_default();
        for line in text.lines() {
            let f: Vec<&str> = line.split(':').collect();
            if f.len() >= 9
                && let Some(hash) = f[1].strip_prefix('!')
            {
                let digest = f[8].strip_prefix('!').unwrap_or(f[8]);
                record.webdisk_locked.push(WebDiskLock {
                    login: f[0].to_owned(),
                    hash: hash.to_owned(),
                    digest: digest.to_owned(),
                });
            }
        }
    }
    let held = !record.apache_includes.is_empty()
        || !record.ftp_locked.is_empty()
        || !record.webdisk_locked.is_empty()
        || !record.mail_logins_suspended.is_empty();
    if !held {
        return Ok(None);
    }
    crate::log::event("hold_record_rebuilt", &[("user", user.as_str())]);
    save(paths, user, &record)?;
    Ok(Some(record))
}

/// Writes to root's audit log which mailboxes the holds are about to suspend, or have
/// unsuspended (none: nothing is written). A log that cannot be written stops the change: without the ledger a
/// lost record could not tell the hold's suspensions from the customer's.
fn ledger(paths: &Paths, user: &UserName, by: audit::Source, event: Event, emails: &[&str]) -> Result<(), HoldError> {
    if emails.is_empty() {
        return Ok(());
    }
    let mut details = serde_json::Map::new();
    details.insert("mailboxes".into(), Value::from(emails.to_vec()));
    audit::append(paths, user, audit::Record { source: by, remote: "", event, result: "ok", details })
        .map(|_| ())
        .map_err(|e| HoldError(format!("cannot write the audit log before changing the mail logins of {user}: {e}")))
}

/// Of the mailboxes suspended now, those the audit log's ledger says the holds suspended and
/// did not unsuspend since. A log whose chain is broken or missing attributes none (they stay
/// suspended, and the server log says which).
fn held_by_ledger(paths: &Paths, user: &UserName, mailboxes: &[Mailbox]) -> Vec<String> {
    let suspended: Vec<&str> =
        mailboxes.iter().filter(|m| truthy(m.suspended_login.as_ref())).map(|m| m.email.as_str()).collect();
    if suspended.is_empty() {
        return Vec::new();
    }
    let log = audit::log_path(paths, user);
    let entries = match audit::verify(&log) {
        Ok(Ok(_)) => audit::read(&log).unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut ours = std::collections::BTreeSet::new();
    for e in &entries {
        let names =
            e.body.details.get("mailboxes").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
        match Event::parse(&e.body.event) {
            Some(Event::MailLoginsSuspended) => ours.extend(names),
            Some(Event::MailLoginsUnsuspended) => names.for_each(|n| {
                ours.remove(n);
            }),
            _ => {}
        }
    }
    let (held, left): (Vec<&str>, Vec<&str>) = suspended.into_iter().partition(|m| ours.contains(m));
    if !left.is_empty() {
        crate::log::event(
            "hold_mail_left_suspended",
            &[("user", user.as_str()), ("mailboxes", &left.join(",")), ("why", "not suspended by the hold")],
        );
    }
    held.into_iter().map(str::to_owned).collect()
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

#[cfg(test)]
mod tests;
