//! What the customer has done that the server cannot see for itself: attestations, and tokens
//! or keys kept on purpose (with their reason). Kept in the customer's home
//! (`~/.secure_reopen/progress.json`), written atomically under a lock; each change is also
//! sent to the root-side audit log.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::fsutil;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    pub reason: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Item id → when the customer confirmed it.
    #[serde(default)]
    pub attestations: BTreeMap<String, Attested>,
    /// API token name → why it stays.
    #[serde(default)]
    pub kept_tokens: BTreeMap<String, Kept>,
    /// SSH key name → why it stays.
    #[serde(default)]
    pub kept_ssh_keys: BTreeMap<String, Kept>,
    /// Sweep finding id → why it stays.
    #[serde(default)]
    pub kept_findings: BTreeMap<String, Kept>,
    /// wp-config.php (relative path) → fingerprint of the keys and salts this tool set.
    #[serde(default)]
    pub wp_salts: BTreeMap<String, String>,
    /// The release this progress belongs to; progress from an earlier case does not count.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub release: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attested {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

pub fn file(state_dir: &Path) -> PathBuf {
    state_dir.join("progress.json")
}

/// Loads the progress of the current release: a record from another release starts empty. A
/// damaged record is moved aside with a time stamp (and logged), so the customer confirms again
/// instead of meeting an error page for good.
pub fn load(state_dir: &Path, release: Option<OffsetDateTime>) -> std::io::Result<Progress> {
    let p: Progress = fsutil::read_json_or_aside(&file(state_dir))?.0.unwrap_or_default();
    if p.release != release {
        return Ok(Progress { release, ..Progress::default() });
    }
    Ok(p)
}

/// Changes the progress under its lock: read, apply `f`, write atomically.
pub fn update(
    state_dir: &Path,
    release: Option<OffsetDateTime>,
    f: impl FnOnce(&mut Progress),
) -> std::io::Result<Progress> {
    fsutil::with_lock(&state_dir.join("progress.lock"), || {
        let mut p = load(state_dir, release)?;
        f(&mut p);
        fsutil::write_json(&file(state_dir), &p, 0o600)?;
        Ok(p)
    })
}
