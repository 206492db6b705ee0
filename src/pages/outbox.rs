//! Customer events root could not record yet (its disk was full, the helper did not answer):
//! kept in `~/.secure_reopen/audit.outbox` and sent again, in order, before every later action
//! ([`super::once::guard`]), which is refused while any is still pending — so an event is
//! retried, never silently skipped, and nothing (the reopen included) goes ahead while the
//! case's log is missing a step. Written atomically under the account's action lock.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::fsutil;
use crate::privileged;
use crate::uapi::{self, Transport};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    event: String,
    result: String,
    details: Map<String, Value>,
    /// When the event happened (the log's own time is when it was finally recorded).
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
}

pub fn path(state_dir: &Path) -> PathBuf {
    state_dir.join("audit.outbox")
}

fn load(state_dir: &Path) -> std::io::Result<Vec<Pending>> {
    Ok(fsutil::read_json_or_aside(&path(state_dir))?.0.unwrap_or_default())
}

fn save(state_dir: &Path, list: &[Pending]) -> std::io::Result<()> {
    if list.is_empty() {
        return match std::fs::remove_file(path(state_dir)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    fsutil::write_json(&path(state_dir), &list, 0o600)
}

/// Keeps one event that could not be sent. Called under the account's action lock.
pub fn push(state_dir: &Path, event: privileged::Event, result: &str, pairs: &[(&str, &str)]) {
    let r = load(state_dir).and_then(|mut list| {
        list.push(Pending {
            event: event.as_str().to_owned(),
            result: result.to_owned(),
            details: privileged::details(pairs),
            at: OffsetDateTime::now_utc(),
        });
        save(state_dir, &list)
    });
    if let Err(e) = r {
        crate::log::event("audit_outbox_failed", &[("event", event.as_str()), ("error", &e.to_string())]);
    }
}

/// Whether sending the event again may work: no answer, or root could not write or check.
fn may_succeed_later(e: &uapi::UapiError) -> bool {
    match e {
        uapi::UapiError::Cpanel { errors, .. } => errors.iter().any(|m| {
            m.contains("cannot write the audit log") || m.contains("event rate") || m.contains("wait a minute")
        }),
        _ => true,
    }
}

/// How many events wait to be recorded.
pub fn pending(state_dir: &Path) -> usize {
    load(state_dir).map_or(0, |l| l.len())
}

/// Sends the waiting events in order; stops at the first that root still cannot record.
pub fn flush(state_dir: &Path, t: &dyn Transport) -> Result<(), String> {
    let mut list = load(state_dir).map_err(|e| e.to_string())?;
    let mut sent = 0;
    let mut failure = None;
    for p in &list {
        let mut details = p.details.clone();
        let at = p.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
        details.insert("happened_at".into(), Value::String(at));
        let Some(event) = privileged::Event::parse(&p.event) else {
            // Written by an older version under a name this one does not know: nothing can
            // record it, so it is logged and the rest go on.
            crate::log::event("audit_event_unknown", &[("event", &p.event)]);
            sent += 1;
            continue;
        };
        match uapi::call(t, &privileged::audit_call(event, &p.result, details)) {
            Ok(_) => sent += 1,
            // Root refused the event on its merits (not for want of disk or time): retrying
            // cannot help, so it is logged here and the rest go on.
            Err(e) if !may_succeed_later(&e) => {
                crate::log::event("audit_event_refused", &[("event", &p.event), ("error", &e.to_string())]);
                sent += 1;
            }
            Err(e) => {
                failure = Some(e.to_string());
                break;
            }
        }
    }
    if sent > 0 {
        list.drain(..sent);
        save(state_dir, &list).map_err(|e| e.to_string())?;
    }
    failure.map_or(Ok(()), Err)
}
