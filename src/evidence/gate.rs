//! The two moments root looks for itself: at `incident release` it records what it sees
//! ([`take`]); at the reopen it decides the gate's root-verified items from what it sees now
//! and that record ([`judge`]). The customer's own files (`rotation.json`, `restore.json`,
//! `progress.json`) are not read here: what the customer confirmed or kept comes from the
//! root-side audit log, which only cPanel-authenticated sessions can add to (through the
//! helper), and only when its chain is intact.

use std::path::PathBuf;

use serde_json::Value;

use super::restore::{self, Verdict};
use super::{CredKind, Key, PasswordCheck, Record};
use crate::audit::{self, Source};
use crate::checklist::files::{Findings, ScanLimits};
use crate::checklist::{self, Reason, State, probes};
use crate::incident::Incident;
use crate::paths::Paths;
use crate::privileged::Event;
use crate::progress::{Attested, Kept, Progress};
use crate::uapi::{self, Call, Transport};
use crate::user::UserName;

/// What cPanel (asked by root, as root) says about the account.
pub struct Account {
    pub home: PathBuf,
    pub domains: Vec<String>,
    pub docroots: Vec<PathBuf>,
    /// The backups root finds on disk, by cPanel's backup ID (`2026-11-10`, `weekly/…`).
    pub backups: Vec<String>,
}

pub fn account(paths: &Paths, user: &UserName, t: &dyn Transport) -> Result<Account, String> {
    let calls = [Call::new("Variables", "get_user_information"), Call::new("DomainInfo", "domains_data")];
    let mut r = uapi::batch(t, &calls).into_iter();
    let mut next = |what: &str| {
        r.next()
            .unwrap_or_else(|| Err(uapi::UapiError::NotRun { call: what.into() }))
            .map_err(|e| format!("cannot ask cPanel about the account ({what}): {e}"))
    };
    let info = next("Variables::get_user_information")?;
    let home = info
        .get("home")
        .and_then(Value::as_str)
        .map(PathBuf::from)
        .filter(|h| h.is_absolute())
        .ok_or("cPanel did not say where the home directory is")?;
    let data = next("DomainInfo::domains_data")?;
    // Root looks at the backups itself (`Backup::list_backups` lists daily ones only).
    let backups = restore::backups_on_disk(paths, user);
    Ok(Account { home, domains: probes::domain_names(&data), docroots: probes::docroots(&data), backups })
}

fn scan(acct: &Account) -> Findings {
    checklist::files::scan(&acct.home, &acct.docroots, &ScanLimits::default())
}

/// At release: digests of every credential's hash and of the WordPress salts, and the
/// backups root finds. Written root-only, scoped to the incident.
pub fn take(paths: &Paths, user: &UserName, inc: &Incident, t: &dyn Transport) -> Result<Record, String> {
    let key = super::key(paths)?;
    let acct = account(paths, user, t)?;
    let creds = super::hashes::read_all(paths, user, &acct.home, &acct.domains)?;
    let found = scan(&acct);
    let salts: Vec<String> = found.wp_configs.iter().map(|c| c.salts_fingerprint.clone()).collect();
    let mut rec = super::build(&key, inc, &creds, &salts, acct.backups.clone());
    let configs: Vec<String> = found.wp_configs.iter().map(|c| c.path.clone()).collect();
    match super::wpusers::read(paths, &key, &acct.home, &configs) {
        Ok(users) => rec.wp_users = users,
        Err(e) => {
            crate::log::event("wp_users_unreadable_at_release", &[("user", user.as_str()), ("error", &e)]);
            rec.wp_users_error = Some(e);
        }
    }
    super::save(paths, user, &rec)?;
    Ok(rec)
}

/// The customer's confirmations and kept items of this release, from the audit log.
pub fn progress_from_audit(paths: &Paths, user: &UserName, inc: &Incident) -> Result<Progress, String> {
    let release = inc.released_at;
    let log = audit::log_path(paths, user);
    match audit::verify_anchored(&log, inc.audit_anchor.as_ref()) {
        Ok(Ok(_)) => {}
        Ok(Err(b)) => return Err(format!("the audit log is damaged at line {}: {}", b.line, b.why)),
        Err(e) => return Err(format!("cannot read the audit log: {e}")),
    }
    let entries = audit::read(&log).map_err(|e| format!("cannot read the audit log: {e}"))?;
    let mut p = Progress { release, ..Progress::default() };
    let Some(release) = release else { return Ok(p) };
    for e in entries.iter().map(|e| &e.body) {
        if e.source != Source::Customer || e.result != "ok" || e.at < release {
            continue;
        }
        let text = |k: &str| e.details.get(k).and_then(Value::as_str).map(str::to_owned);
        let kept = || Kept { reason: text("reason").unwrap_or_default(), at: e.at };
        match (Event::parse(&e.event), text("item"), text("name")) {
            (Some(Event::Attested), Some(item), _) => {
                p.attestations.insert(item, Attested { at: e.at });
            }
            (Some(Event::TokenKept), _, Some(n)) => {
                p.kept_tokens.insert(n, kept());
            }
            (Some(Event::SshKeyKept), _, Some(n)) => {
                p.kept_ssh_keys.insert(n, kept());
            }
            (Some(Event::FindingKept), _, Some(n)) => {
                p.kept_findings.insert(n, kept());
            }
            // The customer took a kept item back to decide again (pages/sweep.rs).
            (Some(Event::FindingUnkept), _, Some(n)) => {
                p.kept_findings.remove(&n);
            }
            (Some(Event::TokenUnkept), _, Some(n)) => {
                p.kept_tokens.remove(&n);
            }
            (Some(Event::SshKeyUnkept), _, Some(n)) => {
                p.kept_ssh_keys.remove(&n);
            }
            _ => {}
        }
    }
    Ok(p)
}

/// Root's verdict on the items it verifies itself, to replace the shared evaluation's.
pub struct Judgement {
    pub passwords: State,
    pub restore: State,
    /// Credentials made after the release (for the customer to recognise).
    pub created: Vec<(CredKind, String)>,
}

/// Fills `progress.wp_salts` with the configs whose keys and salts root has not seen at
/// release (so the shared WordPress rule counts exactly those as renewed).
pub fn judge_salts(key: &Key, rec: &Record, files: &Findings, progress: &mut Progress) {
    let now: Vec<(String, String)> =
        files.wp_configs.iter().map(|c| (c.path.clone(), c.salts_fingerprint.clone())).collect();
    let stale = super::stale_salts(key, rec, &now);
    progress.wp_salts = now.into_iter().filter(|(p, _)| !stale.contains(p)).collect();
}

/// The users inside the WordPress sites, as root reads them from the sites' databases: done
/// when every administrator, editor and author root saw at release has a different password
/// hash now or is gone. `configs` are the `wp-config.php` files found now.
pub fn judge_wp_users(paths: &Paths, key: &Key, rec: &Record, home: &std::path::Path, configs: &[String]) -> State {
    if let Some(e) = &rec.wp_users_error {
        return State::NotDone(Reason::CouldNotCheck(format!(
            "the server could not read the WordPress users at release: {e}"
        )));
    }
    if rec.wp_users.is_empty() {
        return State::Done;
    }
    match super::wpusers::read(paths, key, home, configs) {
        Ok(now) => {
            let left = super::wpusers::unchanged(&rec.wp_users, &now);
            if left.is_empty() {
                State::Done
            } else {
                State::NotDone(Reason::WpUsersLeft { users: left.len(), unchecked: 0 })
            }
        }
        Err(e) => State::NotDone(Reason::CouldNotCheck(e)),
    }
}

/// What [`judge`] compares: the case, the account now, and root's record of the release.
pub struct Seen<'a> {
    pub inc: &'a Incident,
    pub acct: &'a Account,
    pub rec: &'a Record,
    pub key: &'a Key,
}

/// `None` when every site config logs in to its database; else why not.
fn db_logins(paths: &Paths, acct: &Account, mysql_users: &[String]) -> Option<State> {
    match super::dblogin::failing(paths, &acct.home, &acct.docroots, mysql_users) {
        Ok(f) if f.is_empty() => None,
        Ok(f) => Some(State::NotDone(Reason::DbLoginFails(f.into_iter().map(|x| (x.path, x.user)).collect()))),
        Err(e) => Some(State::NotDone(Reason::CouldNotCheck(e))),
    }
}

/// The password and restore items as root sees them now.
/// `wordpress` is the WordPress users rule ([`crate::checklist::probes::wordpress_users`]),
/// which the passwords item also needs.
pub fn judge(paths: &Paths, user: &UserName, seen: &Seen<'_>, progress: &Progress, wordpress: State) -> Judgement {
    let Seen { inc, acct, rec, key } = *seen;
    let (passwords, created) = match super::hashes::read_all(paths, user, &acct.home, &acct.domains) {
        Ok(now) => {
            let PasswordCheck { unchanged, created } = super::check_passwords(key, rec, &now);
            let mysql_users: Vec<String> =
                now.iter().filter(|c| c.kind == CredKind::Mysql).map(|c| c.name.clone()).collect();
            let state = if !unchanged.is_empty() {
                State::NotDone(Reason::CredentialsLeft(unchanged.len()))
            } else if let Some(state) = db_logins(paths, acct, &mysql_users) {
                state
            } else {
                wordpress
            };
            (state, created)
        }
        Err(e) => (State::NotDone(Reason::CouldNotCheck(e)), Vec::new()),
    };
    let restore = match restore::verdict(paths, user, inc, &acct.home, &rec.backups) {
        Verdict::Restored(_) => State::Done,
        Verdict::NoCleanBackup if progress.attestations.contains_key(checklist::CLEAN_INSTALL) => State::Done,
        Verdict::NoCleanBackup => State::NotDone(Reason::NotRestored),
        Verdict::FromLateBackup(_) => State::NotDone(Reason::RestoredFromLateBackup),
        Verdict::NotRestored(why) => {
            crate::log::event("restore_not_verified", &[("user", user.as_str()), ("why", &why)]);
            State::NotDone(Reason::NotRestored)
        }
        Verdict::CouldNotCheck(e) => State::NotDone(Reason::CouldNotCheck(e)),
    };
    Judgement { passwords, restore, created }
}
