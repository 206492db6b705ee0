//! Deleting the quarantined copy of the last restored folder: the customer's explicit choice,
//! run as the customer (nothing else is ever deleted).

use std::path::Path;

use super::run::{self, Step};

/// Why the quarantine was not purged.
#[derive(Debug)]
pub enum PurgeError {
    /// No verified restore with a quarantine to purge (already purged, or none yet).
    Nothing,
    /// The record names a place outside `~/.secure_reopen/quarantine`, or not a folder.
    Unsafe,
    Io(std::io::Error),
}

/// Deletes the quarantined folder of the last verified restore; returns its path (relative to
/// the home directory).
pub fn purge(home: &Path, state_dir: &Path) -> Result<String, PurgeError> {
    let Some(r) = run::load(state_dir).ok().flatten().filter(|r| r.step == Step::Verified) else {
        return Err(PurgeError::Nothing);
    };
    let q = home.join(&r.quarantine);
    let inside = state_dir.join("quarantine");
    let safe = Path::new(&r.quarantine).components().all(|c| matches!(c, std::path::Component::Normal(_)))
        && q.starts_with(&inside)
        && std::fs::symlink_metadata(&q).is_ok_and(|m| m.is_dir());
    if !safe {
        return Err(PurgeError::Unsafe);
    }
    std::fs::remove_dir_all(&q).map_err(PurgeError::Io)?;
    Ok(r.quarantine)
}
