//! The reopen: root re-runs every check from its own evidence and, only if every required item
//! passes, lifts the holds, marks the incident reopened and tells the host.

use std::cell::OnceCell;

use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::{Refusal, arg, remote};
use crate::audit::{self, Record, Source};
use crate::checklist::{self, ItemId, Policy, probes};
use crate::evidence::gate;
use crate::holds;
use crate::incident::{self, Status};
use crate::paths::Paths;
use crate::privileged::{Event, RefusalCode, StepsMissing};
use crate::progress::Progress;
use crate::uapi::Transport;
use crate::user::UserName;

/// Re-runs every check as root and, only if all required items pass, lifts the holds and marks
/// the incident reopened. Serialized per user, so two tabs cannot reopen twice.
pub fn reopen(paths: &Paths, user: &UserName, args: &Map<String, Value>, t: &dyn Transport) -> Result<Value, Refusal> {
    let remote = remote(args)?;
    let release: i64 = arg(args, "release", 20)?.parse().map_err(|_| Refusal::bad("release must be a number"))?;
    let outcome = incident::with_lock(paths, user.as_str(), || Ok(reopen_locked(paths, user, release, t, &remote)))
        .map_err(|e| Refusal::new(RefusalCode::CannotCheck, format!("cannot lock the incident record: {e}")))?;
    let refused = match &outcome {
        // Recorded before anything changed (see `reopen_locked`).
        Ok(_) | Err(ReopenRefused::Recorded(..)) => None,
        Err(ReopenRefused::Blocking(ids, _)) => Some(json_details("blocking", ids)),
        Err(ReopenRefused::Other(_, msg)) => Some(json_details("why", std::slice::from_ref(msg))),
    };
    if let Some(details) = refused {
        let r = Record { source: Source::Helper, remote: &remote, event: Event::Reopen, result: "refused", details };
        audit::append(paths, user, r)
            .map_err(|e| Refusal::new(RefusalCode::RecordFailed, format!("cannot write the audit log: {e}")))?;
    }
    if outcome.is_ok() {
        anchor_audit_head(paths, user);
    }
    match outcome {
        Ok(v) => Ok(v),
        Err(ReopenRefused::Blocking(ids, db_login_fails)) => Err(Refusal::new(
            RefusalCode::StepsMissing,
            json!(StepsMissing { not_done: ids, db_login_fails }).to_string(),
        )),
        Err(ReopenRefused::Other(code, msg) | ReopenRefused::Recorded(code, msg)) => Err(Refusal::new(code, msg)),
    }
}

fn json_details(key: &str, items: &[String]) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(key.to_owned(), Value::Array(items.iter().cloned().map(Value::String).collect()));
    m
}

enum ReopenRefused {
    /// The blocking items (with root's facts, for the audit entry) and the site configs that
    /// cannot log in to their database.
    Blocking(Vec<String>, Vec<(String, String)>),
    Other(RefusalCode, String),
    /// Refused after the reopen's own audit entry was attempted (already in the log, or the
    /// log could not be written, which is itself the reason).
    Recorded(RefusalCode, String),
}

fn reopen_locked(
    paths: &Paths,
    user: &UserName,
    release: i64,
    t: &dyn Transport,
    remote: &str,
) -> Result<Value, ReopenRefused> {
    let other = |s: String| ReopenRefused::Other(RefusalCode::CannotCheck, s);
    let refuse = |code: RefusalCode, s: &str| ReopenRefused::Other(code, s.to_owned());
    let mut inc = incident::load(paths, user.as_str())
        .map_err(|e| other(e.to_string()))?
        .ok_or_else(|| refuse(RefusalCode::NoCase, "there is no security case for this account"))?;
    match inc.status {
        Status::AwaitingCustomer => {}
        Status::Reopened | Status::Closed => {
            return Err(refuse(RefusalCode::AlreadyReopened, "the website has already been reopened"));
        }
        Status::Investigating => {
            return Err(refuse(
                RefusalCode::Investigating,
                "the host is still investigating; reopening is not possible yet",
            ));
        }
    }
    if inc.released_at.map(|r| r.unix_timestamp()) != Some(release) {
        return Err(refuse(
            RefusalCode::StalePage,
            "the page was out of date (the case changed since it was opened); reload it",
        ));
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
                format!("{} ({})", i.item.name(), what.join("; "))
            }
            _ => i.item.name().to_owned(),
        })
        .collect();
    if !blocking.is_empty() {
        let db_login_fails: Vec<(String, String)> = eval
            .blocking()
            .iter()
            .filter_map(|i| match &i.state {
                checklist::State::NotDone(checklist::Reason::DbLoginFails(f)) => Some(f.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        return Err(ReopenRefused::Blocking(blocking, db_login_fails));
    }
    // The event is in the log before anything changes: a reopen that cannot be audited (a full
    // disk) does not happen, and the customer is told to try again.
    let details = if created.is_empty() { Map::new() } else { json_details("new_credentials", &created) };
    let entry = Record { source: Source::Helper, remote, event: Event::Reopen, result: "ok", details };
    audit::append(paths, user, entry).map_err(|e| {
        ReopenRefused::Recorded(
            RefusalCode::RecordFailed,
            format!("cannot write the audit log, so nothing was reopened; try again: {e}"),
        )
    })?;
    let undone = |code: RefusalCode, why: String| {
        let details = json_details("why", std::slice::from_ref(&why));
        let r = Record { source: Source::Helper, remote, event: Event::Reopen, result: "failed", details };
        if let Err(e) = audit::append(paths, user, r) {
            crate::log::event("audit_failed", &[("user", user.as_str()), ("error", &e.to_string())]);
        }
        ReopenRefused::Recorded(code, why)
    };
    holds::lift(paths, user, t, crate::audit::Source::Helper)
        .map_err(|e| undone(RefusalCode::HoldsNotLifted, format!("could not lift the holds: {e}")))?;
    inc.status = Status::Reopened;
    incident::save(paths, &inc)
        .map_err(|e| undone(RefusalCode::RecordFailed, format!("cannot save the incident record: {e}")))?;
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

/// The same assessment the page shows ([`checklist::assess`]), computed by root from cPanel's
/// answers and what root reads itself. The customer's files (`rotation.json`, `restore.json`,
/// `progress.json`) are not read: passwords, restore and WordPress salts are judged from root's
/// evidence of the release ([`crate::evidence`]); confirmations and kept items come from the
/// audit log.
fn evaluate_as_root(
    paths: &Paths,
    user: &UserName,
    policy: &Policy,
    t: &dyn Transport,
    inc: &incident::Incident,
) -> Result<(checklist::Evaluation, Vec<String>), ReopenRefused> {
    let other = |e: String| ReopenRefused::Other(RefusalCode::CannotCheck, e);
    let acct = gate::account(paths, user, t).map_err(other)?;
    let key = crate::evidence::key(paths).map_err(other)?;
    let rec = crate::evidence::load(paths, user, inc).map_err(other)?.ok_or_else(|| {
        ReopenRefused::Other(
            RefusalCode::NoReleaseRecord,
            "the server has no record of this case's release to check against; ask your host to release the case again"
                .into(),
        )
    })?;
    let answers = probes::ask().send(t);
    // The host's scanners, read again by root now (and kept for the page, which shows them).
    let host = crate::sweep::host::refresh_record(paths, user.as_str(), &acct.home);
    for n in &host.notes {
        crate::log::event("host_scanners_note", &[("user", user.as_str()), ("note", n)]);
    }
    let ctx = probes::Context {
        user: &inc.user,
        home: &acct.home,
        release: inc.released_at,
        attack: inc.attack_time.as_ref().map(|a| a.at),
        restore: None,
        rotation: None,
        // Root walks every file itself: the page's saved walk is the customer's to write.
        walk: checklist::walk_cache::Walk::Full,
        vulnerable: &inc.vulnerable,
        host: if host.unread.is_empty() {
            Ok(crate::sweep::host::open_findings(&acct.home, &host.hits, &host.cleared))
        } else {
            Err(format!("the host's malware scanners' reports could not be read: {}", host.unread.join("; ")))
        },
    };
    let snap = probes::snapshot(&answers, ctx);
    let evidence = RootEvidence {
        paths,
        user,
        seen: gate::Seen { inc, acct: &acct, rec: &rec, key: &key },
        judged: OnceCell::new(),
    };
    let eval = checklist::assess(policy, &snap, &evidence).map_err(other)?;
    // Credentials made since the release are reported even when the policy turned both judged
    // items off.
    if evidence.judged.get().is_none() {
        let progress = checklist::Records::progress(&evidence, &snap).map_err(other)?;
        checklist::Records::judge(&evidence, ItemId::CredentialsRotated, &snap, &progress);
    }
    let created: Vec<String> = evidence
        .judged
        .get()
        .map(|j| j.created.iter().map(|(k, n)| format!("{}:{n}", k.tag())).collect())
        .unwrap_or_default();
    if !created.is_empty() {
        crate::log::event(
            "credentials_created_since_release",
            &[("user", user.as_str()), ("names", &created.join(" "))],
        );
    }
    Ok((eval, created))
}

/// Root's side of the assessment: confirmations and kept items from the audit chain, WordPress
/// salts against root's record of the release, and the passwords and restore items judged from
/// root's own evidence ([`gate::judge`], once per assessment).
struct RootEvidence<'a> {
    paths: &'a Paths,
    user: &'a UserName,
    seen: gate::Seen<'a>,
    judged: OnceCell<gate::Judgement>,
}

impl checklist::Records for RootEvidence<'_> {
    fn progress(&self, snap: &probes::Snapshot) -> Result<Progress, String> {
        let mut progress = gate::progress_from_audit(self.paths, self.user, self.seen.inc)?;
        if let Ok(files) = &snap.files {
            gate::judge_salts(self.seen.key, self.seen.rec, files, &mut progress);
        }
        Ok(progress)
    }

    fn judge(&self, id: ItemId, snap: &probes::Snapshot, progress: &Progress) -> Option<checklist::State> {
        let judged = || {
            self.judged.get_or_init(|| {
                // The WordPress users: from the sites' own databases as root reads them, never
                // from the customer-side record (`wp_users.json`, which drives the page only).
                let wordpress = match &snap.files {
                    Ok(files) => {
                        let configs: Vec<String> = files.wp_configs.iter().map(|c| c.path.clone()).collect();
                        let gate::Seen { key, rec, acct, .. } = self.seen;
                        gate::judge_wp_users(self.paths, key, rec, &acct.home, &configs)
                    }
                    Err(e) => checklist::State::NotDone(checklist::Reason::CouldNotCheck(e.clone())),
                };
                gate::judge(self.paths, self.user, &self.seen, progress, wordpress)
            })
        };
        match id {
            ItemId::CredentialsRotated => Some(judged().passwords.clone()),
            ItemId::FolderRestored => Some(judged().restore.clone()),
            ItemId::PersistenceReviewed
            | ItemId::TokensKeysReviewed
            | ItemId::PhpSupported
            | ItemId::NoWorldWritable
            | ItemId::WordpressHardened
            | ItemId::VulnerableSoftware
            | ItemId::TwoFactor
            | ItemId::AttestComputerScanned
            | ItemId::AttestPasswordManager
            | ItemId::AttestGuidanceRead => None,
        }
    }
}
