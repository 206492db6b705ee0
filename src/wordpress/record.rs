//! What the plugin saw and did in the customer's WordPress sites, in the customer's state
//! folder (`~/.secure_reopen/wp_users.json`, 0600, atomic under a lock): per install the
//! administrators and uploaders last seen (with a keyed digest of each password hash, never
//! the hash) and every password change made here. Also the plan digest of the sheet shown
//! (`wp_plan.json`) and the digest key (`wp_users.key`). Root reads the record with
//! [`crate::fsutil::read_user_file`] for the checklist, like the rotation record.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::User;
use crate::fsutil;

pub const FILE: &str = "wp_users.json";
pub const PLAN_FILE: &str = "wp_plan.json";
const KEY_FILE: &str = "wp_users.key";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The release this record belongs to; a record of an earlier case does not count.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub release: Option<OffsetDateTime>,
    /// Install folder (relative to home) → what was seen there.
    #[serde(default)]
    pub installs: BTreeMap<String, Observed>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observed {
    #[serde(with = "time::serde::rfc3339")]
    pub observed_at: OffsetDateTime,
    /// Why the last look failed, in the technician's words.
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub wp_version: Option<String>,
    #[serde(default)]
    pub users: Vec<ObservedUser>,
    /// WordPress user id → the last change made here.
    #[serde(default)]
    pub changes: BTreeMap<String, Change>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObservedUser {
    pub id: u64,
    pub login: String,
    pub admin: bool,
    pub upload: bool,
    /// Keyed digest of the password hash.
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub login: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub ok: bool,
    /// Keyed digest of the hash before the change.
    pub old_hash: String,
    #[serde(default)]
    pub message: Option<String>,
}

pub fn path(state_dir: &Path) -> PathBuf {
    state_dir.join(FILE)
}

/// The record of this release (an older one starts empty).
pub fn load(state_dir: &Path, release: Option<OffsetDateTime>) -> std::io::Result<Record> {
    // A damaged record is moved aside with a time stamp (kept for support); the page goes on.
    let r: Record = fsutil::read_json_or_aside(&path(state_dir))?.0.unwrap_or_default();
    Ok(if r.release == release { r } else { Record { release, ..Record::default() } })
}

/// Root's read of the customer's record: no symlinks followed, bounded; damaged means none.
pub fn read_as_root(home: &Path) -> Option<Record> {
    let rel = Path::new(".secure_reopen").join(FILE);
    fsutil::read_user_file(home, &rel, 16 << 20).ok().flatten().and_then(|b| serde_json::from_slice(&b).ok())
}

/// Changes the record under its lock: read, apply `f`, write atomically.
pub fn update(
    state_dir: &Path,
    release: Option<OffsetDateTime>,
    f: impl FnOnce(&mut Record),
) -> std::io::Result<Record> {
    fsutil::with_lock(&state_dir.join("wp_users.lock"), || {
        let mut r = load(state_dir, release)?;
        f(&mut r);
        fsutil::write_json(&path(state_dir), &r, 0o600)?;
        Ok(r)
    })
}

/// Stores what one look at an install saw (keeping the changes made before).
pub fn observe(r: &mut Record, install: &str, at: OffsetDateTime, seen: Result<(&[User], Option<&str>), String>) {
    let entry = r.installs.entry(install.to_owned()).or_insert_with(|| Observed {
        observed_at: at,
        error: None,
        wp_version: None,
        users: Vec::new(),
        changes: BTreeMap::new(),
    });
    entry.observed_at = at;
    match seen {
        Ok((users, version)) => {
            entry.error = None;
            entry.wp_version = version.map(str::to_owned);
            entry.users = users
                .iter()
                .map(|u| ObservedUser {
                    id: u.id,
                    login: u.login.clone(),
                    admin: u.admin,
                    upload: u.upload,
                    hash: u.hash.clone(),
                })
                .collect();
        }
        Err(e) => entry.error = Some(e),
    }
}

/// The customer's digest key (32 random bytes, hex), created 0600 on first use.
pub fn digest_key(state_dir: &Path) -> std::io::Result<String> {
    let p = state_dir.join(KEY_FILE);
    fsutil::with_lock(&state_dir.join("wp_users.lock"), || {
        if let Ok(k) = std::fs::read_to_string(&p) {
            let k = k.trim();
            if k.len() == 64 && k.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Ok(k.to_owned());
            }
        }
        let mut b = [0u8; 32];
        rand::fill(&mut b);
        let k = crate::audit::hex(&b);
        fsutil::write_atomic(&p, k.as_bytes(), 0o600)?;
        Ok(k)
    })
}

pub fn load_plan(state_dir: &Path) -> std::io::Result<Option<crate::passwords::plan::Stored>> {
    Ok(fsutil::read_json_or_aside(&state_dir.join(PLAN_FILE))?.0)
}

pub fn save_plan(state_dir: &Path, s: &crate::passwords::plan::Stored) -> std::io::Result<()> {
    fsutil::write_json(&state_dir.join(PLAN_FILE), s, 0o600)
}

pub fn remove_plan(state_dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(state_dir.join(PLAN_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
