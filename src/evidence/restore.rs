//! Root's own check of a restore: the affected folder holds, name for name and byte for byte,
//! what a backup from before the attack holds, and the files the host's scanner removed are
//! not back. Root reads cPanel's backup archive itself (`/backup/DATE/accounts/USER.tar.gz`,
//! entries `USER/homedir/…`), streaming, with caps; the customer's `restore.json` plays no part.
//!
//! Two kinds of file differ by design and are skipped here: `wp-config.php` and `.env`, which
//! the plugin rewrites after a restore (new salts, new database password). Root checks those
//! itself (salts against the release, the database login for real).

use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;
use sha2::{Digest, Sha256};

use crate::fsutil;
use crate::incident::Incident;
use crate::paths::Paths;
use crate::restore::choose::{Backup, is_clean};
use crate::user::UserName;

/// Bounds of one archive comparison.
pub const MAX_FILES: u64 = 1_000_000;
pub const MAX_BYTES: u64 = 16 << 30;

/// What root concluded about the restore step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The folder matches a backup from before the attack (its date).
    Restored(String),
    /// It matches only a backup made after the attack.
    FromLateBackup(String),
    /// No backup predates the attack: a clean install is the customer's way.
    NoCleanBackup,
    NotRestored(String),
    CouldNotCheck(String),
}

/// cPanel's compressed account backup of `user` on `date` (`YYYY-MM-DD…`).
/// Where cPanel keeps a backup of `user`: `/backup/<backupID>/accounts/USER.tar.gz` (the ID is
/// `2026-11-10`, `weekly/2026-11-15` or `monthly/2026-11-01`; cPanel's default backup folder).
pub fn archive_path(paths: &Paths, user: &UserName, id: &str) -> PathBuf {
    paths.root().join("backup").join(id).join("accounts").join(format!("{user}.tar.gz"))
}

/// The backups of `user` root finds itself on disk: daily folders directly below `/backup`,
/// and those below `weekly/` and `monthly/` (what `Restore::query_file_info` calls their IDs).
pub fn backups_on_disk(paths: &Paths, user: &UserName) -> Vec<String> {
    let base = paths.root().join("backup");
    let mut ids = Vec::new();
    for (prefix, dir) in [("", base.clone()), ("weekly/", base.join("weekly")), ("monthly/", base.join("monthly"))] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let id = format!("{prefix}{name}");
            if Backup::parse(&id, &name).is_some() && archive_path(paths, user, &id).is_file() {
                ids.push(id);
            }
        }
    }
    ids.sort();
    ids
}

/// The folder root compares: the technician's affected folder, else `public_html`.
fn folder(inc: &Incident) -> Result<String, String> {
    let f = inc.affected_dir.as_deref().unwrap_or("public_html");
    crate::incident::plain_folder(f)
        .ok_or_else(|| format!("the affected folder {f:?} is not a plain folder below the home"))
}

fn sha256(mut r: impl Read, budget: &mut u64) -> std::io::Result<[u8; 32]> {
    let mut h = Sha256::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            return Ok(h.finalize().into());
        }
        *budget = budget.checked_sub(n as u64).ok_or_else(|| std::io::Error::other("more bytes than the cap"))?;
        h.update(&buf[..n]);
    }
}

/// Whether every file of `folder` in the archive is in the home with the same content.
/// `Ok(Err(why))` names the first difference.
pub fn folder_matches(
    archive: &Path,
    user: &UserName,
    home: &Path,
    folder: &str,
) -> std::io::Result<Result<u64, String>> {
    let f = std::fs::File::open(archive)?;
    let mut a = tar::Archive::new(GzDecoder::new(std::io::BufReader::new(f)));
    let prefix = format!("{user}/homedir/");
    let mut files = 0u64;
    let mut budget = MAX_BYTES;
    for e in a.entries()? {
        let e = e?;
        if !e.header().entry_type().is_file() {
            continue;
        }
        let raw = e.path()?.to_string_lossy().into_owned();
        let p = raw.trim_start_matches("./");
        let p = p.strip_prefix(prefix.as_str()).unwrap_or(p).to_owned();
        if !p.starts_with(&format!("{folder}/")) {
            continue;
        }
        let name = Path::new(&p).file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == "wp-config.php" || name == ".env" {
            continue;
        }
        files += 1;
        if files > MAX_FILES {
            return Err(std::io::Error::other(format!("the backup holds more than {MAX_FILES} files")));
        }
        let want = sha256(e, &mut budget)?;
        let got = match fsutil::open_user_file(home, Path::new(&p)) {
            Ok(Some(f)) => sha256(f, &mut budget)?,
            Ok(None) => return Ok(Err(format!("{p} is missing"))),
            Err(e) => return Ok(Err(format!("{p}: {e}"))),
        };
        if want != got {
            return Ok(Err(format!("{p} differs from the backup")));
        }
    }
    if files == 0 {
        return Ok(Err(format!("the backup holds no files in {folder}")));
    }
    Ok(Ok(files))
}

/// The restore step as root sees it, from the backups cPanel listed at release.
pub fn verdict(paths: &Paths, user: &UserName, inc: &Incident, home: &Path, backups: &[String]) -> Verdict {
    let folder = match folder(inc) {
        Ok(f) => f,
        Err(e) => return Verdict::CouldNotCheck(e),
    };
    for removed in &inc.removed_files {
        let p = Path::new(removed);
        if p.components().all(|c| matches!(c, std::path::Component::Normal(_)))
            && std::fs::symlink_metadata(home.join(p)).is_ok()
        {
            return Verdict::NotRestored(format!("{removed}, which the host's scanner removed, is back"));
        }
    }
    // cPanel's backup IDs (`2026-11-10`, `weekly/…`, `monthly/…`); one rule decides "clean".
    let mut all: Vec<Backup> =
        backups.iter().filter_map(|id| Backup::parse(id, id.rsplit('/').next().unwrap_or(id))).collect();
    all.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    let attack = inc.attack_time.as_ref();
    let clean = |b: &Backup| attack.is_none_or(|at| is_clean(b, at));
    let mut last_problem = None;
    for b in &all {
        let archive = archive_path(paths, user, &b.id);
        match folder_matches(&archive, user, home, &folder) {
            Ok(Ok(_)) if clean(b) => return Verdict::Restored(b.id.clone()),
            Ok(Ok(_)) => return Verdict::FromLateBackup(b.id.clone()),
            Ok(Err(why)) => last_problem = Some(why),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Verdict::CouldNotCheck(format!("cannot read {}: {e}", archive.display())),
        }
    }
    if !all.iter().any(clean) {
        return Verdict::NoCleanBackup;
    }
    Verdict::NotRestored(last_problem.unwrap_or_else(|| format!("{folder} does not match any backup")))
}
