//! The tamper-evident audit log: one JSON line per event, each carrying the SHA-256 of the one
//! before, so an edited, removed or reordered entry breaks the chain at a line `verify` names.
//! A `.head` file beside the log keeps the last sequence number and hash, so cutting entries
//! off the end is detected too; the head is also anchored outside the log ([`Anchor`], in the
//! incident record and the host's reopen e-mail), so a log cut back together with its head is
//! caught. A missing log is reported as missing, never as intact. Written by root only (helper
//! and admin CLI); never a password.

use std::fs::{self, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::fsutil;
use crate::paths::Paths;
use crate::user::UserName;

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who wrote an entry. `Customer` entries are the customer's claims, relayed by the helper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Customer,
    Helper,
    Admin,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    pub seq: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub user: String,
    pub source: Source,
    pub remote: String,
    pub event: String,
    pub result: String,
    pub details: serde_json::Map<String, serde_json::Value>,
    pub prev: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(flatten)]
    pub body: Body,
    pub hash: String,
}

/// What a caller records; the log adds sequence, time, chain and hash.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    pub source: Source,
    pub remote: &'a str,
    pub event: crate::privileged::Event,
    pub result: &'a str,
    pub details: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Head {
    seq: u64,
    hash: String,
}

/// A point of the chain recorded outside the log: entry `seq` had hash `hash`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub seq: u64,
    pub hash: String,
}

/// The log's current head, to anchor elsewhere; `None` when there is no entry yet.
pub fn head(paths: &Paths, user: &UserName) -> std::io::Result<Option<Anchor>> {
    Ok(fsutil::read_json::<Head>(&head_path(&log_path(paths, user)))?.map(|h| Anchor { seq: h.seq, hash: h.hash }))
}

pub fn log_path(paths: &Paths, user: &UserName) -> PathBuf {
    paths.audit_dir().join(format!("{user}.log"))
}

fn head_path(log: &Path) -> PathBuf {
    log.with_extension("head")
}

fn hash_of(body: &Body) -> String {
    let bytes = serde_json::to_vec(body).expect("audit body serializes");
    hex(&Sha256::digest(&bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends one entry under the log's lock and returns it.
pub fn append(paths: &Paths, user: &UserName, rec: Record<'_>) -> std::io::Result<Entry> {
    let log = log_path(paths, user);
    let lock = log.with_extension("lock");
    fsutil::with_lock(&lock, || {
        let head: Head = fsutil::read_json(&head_path(&log))?.unwrap_or(Head { seq: 0, hash: GENESIS.to_owned() });
        let body = Body {
            seq: head.seq + 1,
            at: OffsetDateTime::now_utc(),
            user: user.as_str().to_owned(),
            source: rec.source,
            remote: rec.remote.chars().take(64).collect(),
            event: rec.event.as_str().to_owned(),
            result: rec.result.to_owned(),
            details: rec.details,
            prev: head.hash,
        };
        let entry = Entry { hash: hash_of(&body), body };
        let mut line = serde_json::to_vec(&entry).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let mut f = OpenOptions::new().create(true).append(true).mode(0o600).open(&log)?;
        let before = f.metadata()?.len();
        // A failed append (a full disk) must not leave a torn line or a log ahead of its head,
        // which would break the chain for good: the log is cut back to where it was (shrinking
        // needs no space) and the caller gets the error, to refuse or retry the action.
        let written = f.write_all(&line).and_then(|()| f.sync_all()).and_then(|()| {
            fsutil::write_json(&head_path(&log), &Head { seq: entry.body.seq, hash: entry.hash.clone() }, 0o600)
        });
        if let Err(e) = written {
            if let Err(e2) = f.set_len(before).and_then(|()| f.sync_all()) {
                crate::log::event(
                    "audit_cut_back_failed",
                    &[("log", &log.display().to_string()), ("error", &e2.to_string())],
                );
            }
            return Err(e);
        }
        Ok(entry)
    })
}

/// Where and why a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub line: usize,
    pub why: String,
}

/// Checks the whole chain. `Ok(n)`: n entries, all intact. A missing log is a break (there is
/// always at least the technician's first entry when a case exists).
pub fn verify(path: &Path) -> std::io::Result<Result<u64, Break>> {
    verify_anchored(path, None)
}

/// [`verify`], and the entry `anchor` names must be in the log with that hash.
pub fn verify_anchored(path: &Path, anchor: Option<&Anchor>) -> std::io::Result<Result<u64, Break>> {
    let f = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Err(Break { line: 1, why: "the audit log is missing".into() }));
        }
        Err(e) => return Err(e),
    };
    let mut prev = GENESIS.to_owned();
    let mut seq = 0u64;
    let mut anchored = anchor.is_none();
    for (i, line) in BufReader::new(f).lines().enumerate() {
        let n = i + 1;
        let line = line?;
        let entry: Entry = match serde_json::from_str(&line) {
            Ok(e) => e,
            Err(e) => {
                return Ok(Err(Break { line: n, why: format!("not a valid entry: {e}") }));
            }
        };
        if entry.body.prev != prev {
            return Ok(Err(Break {
                line: n,
                why: "does not follow the entry before it (an entry was removed, inserted or reordered)".into(),
            }));
        }
        if hash_of(&entry.body) != entry.hash {
            return Ok(Err(Break {
                line: n,
                why: "its content does not match its hash (the entry was edited)".into(),
            }));
        }
        if entry.body.seq != seq + 1 {
            return Ok(Err(Break { line: n, why: format!("sequence jumps from {seq} to {}", entry.body.seq) }));
        }
        seq = entry.body.seq;
        prev = entry.hash;
        if let Some(a) = anchor.filter(|a| a.seq == seq) {
            if a.hash != prev {
                return Ok(Err(Break {
                    line: n,
                    why: format!("entry {seq} is not the one recorded in the incident record (the log was rewritten)"),
                }));
            }
            anchored = true;
        }
    }
    if !anchored {
        let a = anchor.expect("checked above");
        return Ok(Err(Break {
            line: seq as usize + 1,
            why: format!(
                "the log ends at entry {seq} but the incident record holds entry {} (entries were cut off the end)",
                a.seq
            ),
        }));
    }
    if let Some(head) = fsutil::read_json::<Head>(&head_path(path))?
        && (head.seq != seq || head.hash != prev)
    {
        return Ok(Err(Break {
            line: seq as usize + 1,
            why: format!(
                "the log ends at entry {seq} but its head records entry {} (entries were cut off the end)",
                head.seq
            ),
        }));
    }
    Ok(Ok(seq))
}

/// Reads all entries (for `show`), without checking the chain.
pub fn read(path: &Path) -> std::io::Result<Vec<Entry>> {
    let f = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    BufReader::new(f).lines().map(|l| l.and_then(|l| serde_json::from_str(&l).map_err(std::io::Error::other))).collect()
}

#[cfg(test)]
mod tests;
