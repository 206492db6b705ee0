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
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::fsutil;
use crate::incident::Incident;
use crate::paths::Paths;
use crate::restore::choose::{Choice, choose};
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
pub fn archive_path(paths: &Paths, user: &UserName, date: &str) -> PathBuf {
    let day: String = date.chars().take(10).collect();
    paths.root().join("backup").join(day).join("accounts").join(format!("{user}.tar.gz"))
}

/// The folder root compares: the technician's affected folder, else `public_html`.
fn folder(inc: &Incident) -> Result<String, String> {
    let f = inc.affected_dir.clone().unwrap_or_else(|| "public_html".into());
    let f = f.trim_matches('/').to_owned();
    let plain = !f.is_empty() && Path::new(&f).components().all(|c| matches!(c, std::path::Component::Normal(_)));
    if plain { Ok(f) } else { Err(format!("the affected folder {f:?} is not a plain folder below the home")) }
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
    let dates: Vec<(OffsetDateTime, &String)> =
        backups.iter().filter_map(|b| OffsetDateTime::parse(b, &Rfc3339).ok().map(|t| (t, b))).collect();
    let times: Vec<OffsetDateTime> = dates.iter().map(|(t, _)| *t).collect();
    let clean: Vec<OffsetDateTime> = match choose(&times, inc.attack_time.as_ref()) {
        Choice::Clean { chosen, others } => {
            std::iter::once(chosen).chain(others.into_iter().filter(|o| *o < chosen)).collect()
        }
        Choice::AttackTimeUnknown(all) => all,
        Choice::AllAfterAttack(_) | Choice::NoBackups => Vec::new(),
    };
    let mut last_problem = None;
    let mut ordered: Vec<&(OffsetDateTime, &String)> = dates.iter().collect();
    ordered.sort_by_key(|d| std::cmp::Reverse(d.0));
    for (t, id) in ordered {
        let archive = archive_path(paths, user, id);
        match folder_matches(&archive, user, home, &folder) {
            Ok(Ok(_)) if clean.contains(t) => return Verdict::Restored((*id).clone()),
            Ok(Ok(_)) => return Verdict::FromLateBackup((*id).clone()),
            Ok(Err(why)) => last_problem = Some(why),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Verdict::CouldNotCheck(format!("cannot read {}: {e}", archive.display())),
        }
    }
    if clean.is_empty() && !matches!(choose(&times, inc.attack_time.as_ref()), Choice::AttackTimeUnknown(_)) {
        return Verdict::NoCleanBackup;
    }
    Verdict::NotRestored(last_problem.unwrap_or_else(|| format!("{folder} does not match any backup")))
}
