//! Phase 2: apply a confirmed plan through cPanel, in `Batch::strict` batches, recording each
//! item's result in `~/.secure_reopen/rotation.json` after every batch, so a reload shows
//! progress and a crash or a retry continues with only what is not done. Database users are
//! followed by their configuration files, rewritten byte for byte.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::Secret;
use super::configs::{self, Format};
use super::inventory::ConfigUse;
use super::plan::{CredentialId, Item, Kind};
use crate::fsutil;
use crate::uapi::{self, Call, Transport};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    Done,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    pub id: CredentialId,
    pub status: Status,
    /// cPanel's message, or what went wrong with a configuration file (never a password).
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub plan_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    pub items: Vec<ItemResult>,
    /// Configuration files rewritten, relative to the home directory.
    #[serde(default)]
    pub configs_rewritten: Vec<String>,
}

impl Record {
    pub fn done(&self, id: &CredentialId) -> bool {
        self.items.iter().any(|i| &i.id == id && i.status == Status::Done)
    }

    pub fn counts(&self) -> (usize, usize, usize) {
        let c = |s| self.items.iter().filter(|i| i.status == s).count();
        (c(Status::Done), c(Status::Failed), c(Status::Pending))
    }
}

pub fn record_path(state_dir: &Path) -> std::path::PathBuf {
    state_dir.join("rotation.json")
}

pub fn load(state_dir: &Path) -> std::io::Result<Option<Record>> {
    fsutil::read_json(&record_path(state_dir))
}

fn save(state_dir: &Path, r: &Record) -> Result<(), String> {
    fsutil::write_json(&record_path(state_dir), r, 0o600).map_err(|e| format!("cannot save the progress record: {e}"))
}

/// The UAPI call that sets one credential's password (marked secret: body only, never logged).
/// Each is the function cPanel 11.120 has for that service (docs/CONTRACT.md).
pub fn call_for(item: &Item, current_cpanel: Option<&Secret>, remote: &str) -> Option<Call> {
    let pw = item.password.expose();
    let login = item.id.login.as_str();
    let c = match item.id.kind {
        // `enablemysql=1`: the account's own MySQL login uses the cPanel password, so it changes
        // too (the stolen password must not keep working there).
        Kind::Cpanel => match current_cpanel {
            Some(old) => Call::new("UserManager", "change_password")
                .arg("oldpass", old.expose())
                .arg("newpass", pw)
                .arg("enablemysql", "1"),
            // Without the current password only root can set it: the privileged helper does.
            None => crate::privileged::set_account_password_call(remote, pw),
        },
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
    pub current_cpanel: Option<&'a Secret>,
    /// The customer's address, for the helper's audit entry.
    pub remote: &'a str,
    pub configs: &'a BTreeMap<String, Vec<ConfigUse>>,
    /// Calls per `Batch::strict` request.
    pub batch: usize,
}

/// Applies every item of the plan that is not done yet. Only items of this plan are ever
/// applied; the record of another plan is replaced.
pub fn apply(t: &dyn Transport, items: &[Item], o: &Options<'_>) -> Result<Record, String> {
    let mut rec = match load(o.state_dir).map_err(|e| e.to_string())? {
        Some(r) if r.plan_id == o.plan_id => r,
        _ => Record {
            plan_id: o.plan_id.to_owned(),
            started_at: OffsetDateTime::now_utc(),
            items: items
                .iter()
                .map(|i| ItemResult { id: i.id.clone(), status: Status::Pending, message: None, at: None })
                .collect(),
            configs_rewritten: Vec::new(),
        },
    };
    save(o.state_dir, &rec)?;
    let todo: Vec<&Item> = items.iter().filter(|i| !rec.done(&i.id)).collect();
    for chunk in todo.chunks(o.batch.max(1)) {
        let mut calls = Vec::new();
        let mut which = Vec::new();
        for item in chunk {
            match call_for(item, o.current_cpanel, o.remote) {
                Some(c) => {
                    calls.push(c);
                    which.push(*item);
                }
                None => set(&mut rec, &item.id, Status::Failed, Some(missing_reason(item))),
            }
        }
        let results = uapi::batch(t, &calls);
        for (item, r) in which.iter().zip(results) {
            match r {
                Ok(_) => {
                    let msg = after_db_change(t, item, o, &mut rec);
                    let status = if msg.is_some() { Status::Failed } else { Status::Done };
                    set(&mut rec, &item.id, status, msg);
                }
                Err(e) => {
                    let msg = e.cpanel_messages().join(" ");
                    set(&mut rec, &item.id, Status::Failed, Some(if msg.is_empty() { e.to_string() } else { msg }));
                }
            }
        }
        save(o.state_dir, &rec)?;
    }
    Ok(rec)
}

fn missing_reason(item: &Item) -> String {
    match item.id.kind {
        Kind::Cpanel => "needs your current cPanel password".into(),
        _ => format!("cannot be changed automatically ({})", item.id.kind.code()),
    }
}

fn set(rec: &mut Record, id: &CredentialId, status: Status, message: Option<String>) {
    if let Some(r) = rec.items.iter_mut().find(|r| &r.id == id) {
        r.status = status;
        r.message = message;
        r.at = Some(OffsetDateTime::now_utc());
    }
}

/// After a database password changed: rewrite every configuration file that uses the user.
/// If one cannot be rewritten, the database password is put back to the value the file still
/// has, so the site keeps working, and the item reports the file and line.
fn after_db_change(t: &dyn Transport, item: &Item, o: &Options<'_>, rec: &mut Record) -> Option<String> {
    if !matches!(item.id.kind, Kind::Mysql | Kind::Postgres) {
        return None;
    }
    let uses = o.configs.get(&item.id.login)?;
    for u in uses {
        if let Err(e) = rewrite_config(o, u, &item.id.login, item.password.expose()) {
            let old = old_password(o.home, u, &item.id.login);
            let back = old.and_then(|old| {
                let mut c =
                    call_for(&Item { id: item.id.clone(), password: Secret::new(old), custom: false }, None, o.remote)?;
                c.secret_args = true;
                uapi::call(t, &c).ok()
            });
            let tail = if back.is_some() {
                "the database password was put back, so the site keeps working"
            } else {
                "the database password could not be put back: update the file by hand now"
            };
            return Some(format!("{}: {e}; {tail}", u.path));
        }
        rec.configs_rewritten.push(u.path.clone());
    }
    None
}

fn old_password(home: &Path, u: &ConfigUse, user: &str) -> Option<String> {
    let text = std::fs::read_to_string(home.join(&u.path)).ok()?;
    configs::find(u.format, &text).ok()?.into_iter().find(|l| l.user == user).map(|l| l.password)
}

/// One file: backup copy outside the document root (0600), rewrite of that one value,
/// atomic replace keeping the mode, then `php -l` where PHP exists.
fn rewrite_config(o: &Options<'_>, u: &ConfigUse, user: &str, new: &str) -> Result<(), String> {
    let rel = Path::new(&u.path);
    if rel.is_absolute() || rel.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
        return Err("not a path inside the home directory".into());
    }
    let path = o.home.join(rel);
    let md = std::fs::symlink_metadata(&path).map_err(|e| e.to_string())?;
    if !md.is_file() {
        return Err("not a regular file".into());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let logins = configs::find(u.format, &text).map_err(|e| e.to_string())?;
    let login = logins.iter().find(|l| l.user == user).ok_or("the database user is no longer in this file")?;
    let new_text = configs::rewrite(u.format, &text, login, new).map_err(|e| format!("line {}: {e}", login.line))?;
    let stamp = OffsetDateTime::now_utc().unix_timestamp();
    let backup = o.state_dir.join("config-backups").join(stamp.to_string()).join(rel);
    fsutil::write_atomic(&backup, text.as_bytes(), 0o600).map_err(|e| format!("cannot keep a backup copy: {e}"))?;
    let mode = std::os::unix::fs::PermissionsExt::mode(&md.permissions()) & 0o7777;
    fsutil::write_atomic(&path, new_text.as_bytes(), mode).map_err(|e| format!("cannot write: {e}"))?;
    if u.format != Format::DotEnv {
        if let Err(e) = php_lint(&path) {
            let _ = fsutil::write_atomic(&path, text.as_bytes(), mode);
            return Err(format!(
                "line {}: PHP rejects the rewritten file ({e}); the original was put back",
                login.line
            ));
        }
    }
    Ok(())
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
    let stamp = OffsetDateTime::now_utc().unix_timestamp();
    let backup = state_dir.join("config-backups").join(stamp.to_string()).join(relp);
    fsutil::write_atomic(&backup, text.as_bytes(), 0o600).map_err(|e| format!("cannot keep a backup copy: {e}"))?;
    let mode = std::os::unix::fs::PermissionsExt::mode(&md.permissions()) & 0o7777;
    fsutil::write_atomic(&path, new_text.as_bytes(), mode).map_err(|e| format!("cannot write: {e}"))?;
    if let Err(e) = php_lint(&path) {
        let _ = fsutil::write_atomic(&path, text.as_bytes(), mode);
        return Err(format!("PHP rejects the hardened file ({e}); the original was put back"));
    }
    Ok(())
}
