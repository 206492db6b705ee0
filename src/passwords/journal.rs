//! The per-item record of a password rotation: an append-only journal
//! (`~/.secure_reopen/rotation.log`), one JSON line per item event, synced once per batch.
//!
//! Appending costs the same for the first and the ten-thousandth item (the old
//! `rotation.json` was rewritten whole after every batch); reading replays the lines into a
//! map, so finding an item is O(1). An item is marked `sending` (and synced) *before* its
//! request leaves, so a crash, a kill or a full disk after that point reads back as
//! "unknown", never as "not changed". A damaged journal is moved aside with a time stamp and
//! reported; the customer continues with a fresh one (the old one is kept for the host).

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::plan::{CredentialId, Kind};

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not sent yet (or cPanel says it did not run it).
    Pending,
    /// Sent; no answer recorded yet. Read back as `Unknown` (see [`Record::replay`]).
    Sending,
    Done,
    /// cPanel answered that it did not change it.
    Failed,
    /// The request went out but its answer was lost: it may or may not have changed.
    Unknown,
}

/// One line of the journal.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum Line {
    /// A plan starts (or continues) being applied.
    Plan {
        plan: String,
        #[serde(with = "time::serde::rfc3339")]
        started_at: OffsetDateTime,
    },
    Item {
        /// Plan id.
        p: String,
        k: Kind,
        l: String,
        s: Status,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        m: Option<String>,
        /// Unix time.
        t: i64,
    },
    /// A configuration file now holds the new database password.
    Config { cfg: String },
    /// The outcome of the cPanel password was sent to the audit log.
    Audited { audited: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemResult {
    pub id: CredentialId,
    pub status: Status,
    /// cPanel's message, or what went wrong with a configuration file (never a password).
    pub message: Option<String>,
    pub at: Option<OffsetDateTime>,
    /// The plan (sheet) this item's new password comes from.
    pub plan_id: String,
}

/// The replayed journal: every item's latest state, in the order items first appeared.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The latest plan applied.
    pub plan_id: String,
    /// When the first plan of this journal started being applied.
    pub started_at: Option<OffsetDateTime>,
    pub items: Vec<ItemResult>,
    index: HashMap<CredentialId, usize>,
    /// Configuration files rewritten, relative to the home directory.
    pub configs_rewritten: Vec<String>,
    /// Audit markers already sent.
    pub audited: Vec<String>,
    /// A damaged journal found on load, moved aside to this path.
    pub damaged: Option<PathBuf>,
}

impl Record {
    pub fn get(&self, id: &CredentialId) -> Option<&ItemResult> {
        self.index.get(id).map(|&i| &self.items[i])
    }

    pub fn status(&self, id: &CredentialId) -> Option<Status> {
        self.get(id).map(|r| r.status)
    }

    pub fn done(&self, id: &CredentialId) -> bool {
        self.status(id) == Some(Status::Done)
    }

    /// (done, failed, pending, unknown).
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for i in &self.items {
            match i.status {
                Status::Done => c.done += 1,
                Status::Failed => c.failed += 1,
                Status::Pending => c.pending += 1,
                Status::Sending | Status::Unknown => c.unknown += 1,
            }
        }
        c
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn set(&mut self, plan_id: &str, id: &CredentialId, status: Status, message: Option<String>, at: OffsetDateTime) {
        let r = ItemResult { id: id.clone(), status, message, at: Some(at), plan_id: plan_id.to_owned() };
        match self.index.get(id) {
            Some(&i) => self.items[i] = r,
            None => {
                self.index.insert(id.clone(), self.items.len());
                self.items.push(r);
            }
        }
    }

    /// Reads journal bytes. Torn last line (a crash while appending) is ignored; any other
    /// unreadable line is damage (`Err` with its line number).
    pub fn replay(bytes: &[u8]) -> Result<Record, usize> {
        let mut r = Record::default();
        let complete = match bytes.iter().rposition(|b| *b == b'\n') {
            Some(i) => &bytes[..=i],
            None => &bytes[..0],
        };
        for (n, raw) in complete.split(|b| *b == b'\n').enumerate() {
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let line: Line = serde_json::from_slice(raw).map_err(|_| n + 1)?;
            match line {
                Line::Plan { plan, started_at } => {
                    r.started_at.get_or_insert(started_at);
                    r.plan_id = plan;
                }
                Line::Item { p, k, l, s, m, t } => {
                    let at = OffsetDateTime::from_unix_timestamp(t).map_err(|_| n + 1)?;
                    r.set(&p, &CredentialId { kind: k, login: l }, s, m, at);
                }
                Line::Config { cfg } => {
                    if !r.configs_rewritten.contains(&cfg) {
                        r.configs_rewritten.push(cfg);
                    }
                }
                Line::Audited { audited } => r.audited.push(audited),
            }
        }
        // A request that was sent and never answered (killed, disk full) is unknown.
        for i in &mut r.items {
            if i.status == Status::Sending {
                i.status = Status::Unknown;
                i.message.get_or_insert_with(|| "sent to cPanel; the answer was not recorded".to_owned());
            }
        }
        Ok(r)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub done: usize,
    pub failed: usize,
    pub pending: usize,
    pub unknown: usize,
}

pub fn path(state_dir: &Path) -> PathBuf {
    state_dir.join("rotation.log")
}

/// Loads the record; `None` when nothing was ever applied. A damaged journal is moved aside
/// (`rotation.log.damaged-<unix time>`) and the record says where.
pub fn load(state_dir: &Path) -> std::io::Result<Option<Record>> {
    let p = path(state_dir);
    let bytes = match std::fs::read(&p) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    match Record::replay(&bytes) {
        Ok(r) => Ok(Some(r)),
        Err(_line) => {
            let stamp = OffsetDateTime::now_utc().unix_timestamp_nanos();
            let aside = state_dir.join(format!("rotation.log.damaged-{stamp}"));
            std::fs::rename(&p, &aside)?;
            crate::log::event("record_damaged", &[("file", &aside.display().to_string())]);
            Ok(Some(Record { damaged: Some(aside), ..Record::default() }))
        }
    }
}

/// The open journal: appends lines, syncs on [`Journal::sync`], keeps the replayed record.
pub struct Journal {
    file: File,
    pub record: Record,
    plan_id: String,
}

impl Journal {
    /// Opens (or creates) the journal for applying `plan_id`.
    pub fn open(state_dir: &Path, plan_id: &str) -> std::io::Result<Journal> {
        std::fs::create_dir_all(state_dir)?;
        let record = load(state_dir)?.unwrap_or_default();
        let file = OpenOptions::new().create(true).append(true).mode(0o600).open(path(state_dir))?;
        let mut j = Journal { file, record, plan_id: plan_id.to_owned() };
        if j.record.plan_id != plan_id {
            let now = OffsetDateTime::now_utc();
            j.append(&Line::Plan { plan: plan_id.to_owned(), started_at: now })?;
            j.record.started_at.get_or_insert(now);
            j.record.plan_id = plan_id.to_owned();
            j.sync()?;
        }
        Ok(j)
    }

    fn append(&mut self, line: &Line) -> std::io::Result<()> {
        let mut b = serde_json::to_vec(line).map_err(std::io::Error::other)?;
        b.push(b'\n');
        self.file.write_all(&b)
    }

    /// Records an item's state (in memory at once; on disk at the next [`Journal::sync`]).
    pub fn set(&mut self, id: &CredentialId, status: Status, message: Option<String>) -> std::io::Result<()> {
        let now = OffsetDateTime::now_utc();
        self.record.set(&self.plan_id, id, status, message.clone(), now);
        let line = Line::Item {
            p: self.plan_id.clone(),
            k: id.kind,
            l: id.login.clone(),
            s: status,
            m: message,
            t: now.unix_timestamp(),
        };
        self.append(&line)
    }

    pub fn config_rewritten(&mut self, rel: &str) -> std::io::Result<()> {
        if !self.record.configs_rewritten.iter().any(|c| c == rel) {
            self.record.configs_rewritten.push(rel.to_owned());
        }
        self.append(&Line::Config { cfg: rel.to_owned() })
    }

    pub fn audited(&mut self, what: &str) -> std::io::Result<()> {
        self.record.audited.push(what.to_owned());
        self.append(&Line::Audited { audited: what.to_owned() })?;
        self.sync()
    }

    /// Makes every line so far durable (one fsync per batch).
    pub fn sync(&mut self) -> std::io::Result<()> {
        self.file.flush()?;
        self.file.sync_data()
    }
}

#[cfg(test)]
mod tests;
