//! The delete-then-restore steps, each recorded in `~/.secure_reopen/restore.json` before the
//! next begins:
//!
//! 1. `Planned` — folder and backup chosen;
//! 2. `Quarantined` — the folder was moved (one rename, nothing copied or lost) to
//!    `~/.secure_reopen/quarantine/<time>-<name>`, outside every document root, mode 0700;
//! 3. `Restored` — cPanel's `Restore::restore_file` put the backup's copy in place;
//! 4. `Verified` — the restored files match the backup: every file cPanel says that backup
//!    holds is there with the size cPanel gives (`Restore::query_file_info`), and no file that
//!    only other backups hold is there. `Restore::directory_listing` lists the union of all
//!    backups and no sizes, so it only supplies the names to ask about. Comparing contents
//!    (hashes) needs root's access to the backup and is the privileged helper's job.
//!
//! A failure after step 2 rolls back: the half-restored folder goes to the quarantine too and
//! the original comes back. A crash leaves the record at its last step; the page offers to
//! continue or roll back.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::fsutil;
use crate::uapi::{self, Call, Transport};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Planned,
    Quarantined,
    Restored,
    Verified,
    RolledBack,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The restored folder, relative to the home directory.
    pub folder: String,
    pub backup_id: String,
    /// The backup predates the attack (as `choose` decided when it was picked).
    pub backup_before_attack: bool,
    /// Where the old folder went, relative to the home directory.
    pub quarantine: String,
    pub step: Step,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    #[serde(default)]
    pub files: u64,
    #[serde(default)]
    pub bytes: u64,
    /// What went wrong, in precise words (shown to the customer in their words by the page).
    #[serde(default)]
    pub problem: Option<String>,
}

impl Record {
    pub fn done_clean(&self) -> bool {
        self.step == Step::Verified && self.backup_before_attack
    }

    pub fn interrupted(&self) -> bool {
        matches!(self.step, Step::Planned | Step::Quarantined | Step::Restored)
    }
}

pub fn record_path(state_dir: &Path) -> PathBuf {
    state_dir.join("restore.json")
}

/// The record; a damaged one is moved aside with a time stamp (and logged), and the folders on
/// disk then say where things stand (an interrupted restore's original is in the quarantine).
pub fn load(state_dir: &Path) -> std::io::Result<Option<Record>> {
    Ok(fsutil::read_json_or_aside(&record_path(state_dir))?.0)
}

fn save(state_dir: &Path, r: &Record) -> Result<(), String> {
    fsutil::write_json(&record_path(state_dir), r, 0o600).map_err(|e| format!("cannot save the restore record: {e}"))
}

/// A folder the customer may restore: plain names below the home directory, existing, a real
/// folder (not a symlink), and not the home directory itself or our own state.
pub fn check_folder(home: &Path, rel: &str) -> Result<PathBuf, String> {
    let p = Path::new(rel);
    if rel.is_empty() || p.is_absolute() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!("{rel:?} is not a folder inside your home directory"));
    }
    if p.components().next().is_some_and(|c| c.as_os_str() == ".secure_reopen") {
        return Err("that folder belongs to this tool".into());
    }
    let full = home.join(p);
    let md = fs::symlink_metadata(&full).map_err(|_| format!("{rel} does not exist"))?;
    if !md.is_dir() {
        return Err(format!("{rel} is not a folder"));
    }
    Ok(full)
}

pub struct Plan<'a> {
    pub home: &'a Path,
    pub state_dir: &'a Path,
    pub folder: &'a str,
    pub backup_id: &'a str,
    pub backup_before_attack: bool,
}

/// Runs every step; returns the final record (Verified, or RolledBack with the problem).
pub fn run(t: &dyn Transport, plan: &Plan<'_>) -> Result<Record, String> {
    let full = check_folder(plan.home, plan.folder)?;
    let now = OffsetDateTime::now_utc();
    let stamp = format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    );
    let name: String =
        plan.folder.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    let qdir = plan.state_dir.join("quarantine");
    fs::create_dir_all(&qdir).map_err(|e| format!("cannot create the quarantine: {e}"))?;
    fs::set_permissions(&qdir, fs::Permissions::from_mode(0o700)).map_err(|e| e.to_string())?;
    // Two restores in the same second must not meet in one name (the second rename would fail,
    // or replace an empty copy): `STAMP.N-name` for the Nth (restore::quarantine reads both).
    let mut quarantine = qdir.join(format!("{stamp}-{name}"));
    let mut n = 1;
    while fs::symlink_metadata(&quarantine).is_ok()
        || fs::symlink_metadata(format!("{}-partial", quarantine.display())).is_ok()
    {
        n += 1;
        quarantine = qdir.join(format!("{stamp}.{n}-{name}"));
    }
    let rel_q = quarantine.strip_prefix(plan.home).map_err(|_| "the quarantine must be inside the home directory")?;
    let mut rec = Record {
        folder: plan.folder.to_owned(),
        backup_id: plan.backup_id.to_owned(),
        backup_before_attack: plan.backup_before_attack,
        quarantine: rel_q.to_string_lossy().into_owned(),
        step: Step::Planned,
        started_at: now,
        files: 0,
        bytes: 0,
        problem: None,
    };
    save(plan.state_dir, &rec)?;
    let mode = fs::metadata(&full).map(|m| m.permissions().mode() & 0o7777).unwrap_or(0o755);
    fs::rename(&full, &quarantine).map_err(|e| format!("cannot move {} to the quarantine: {e}", plan.folder))?;
    rec.step = Step::Quarantined;
    if let Err(e) = save(plan.state_dir, &rec) {
        // No record of the move (a full disk): undo it at once (a rename needs no space), so
        // the folder is never missing behind a record that says nothing happened.
        return match fs::rename(&quarantine, &full) {
            Ok(()) => Err(format!("{e}; the folder was put back, nothing was restored")),
            Err(e2) => Err(format!("{e}; and {} could not be put back from {}: {e2}", plan.folder, rec.quarantine)),
        };
    }
    continue_from(t, plan.home, plan.state_dir, rec, mode)
}

/// Continues an interrupted restore from its record.
pub fn resume(t: &dyn Transport, home: &Path, state_dir: &Path) -> Result<Record, String> {
    let mut rec = load(state_dir).map_err(|e| e.to_string())?.ok_or("there is no restore to continue")?;
    if !rec.interrupted() {
        return Ok(rec);
    }
    let (folder, quarantined) = (home.join(&rec.folder).exists(), home.join(&rec.quarantine).exists());
    match (rec.step, folder, quarantined) {
        // The original is back already (a roll back whose record was not saved): never
        // restore over it.
        (_, true, false) if rec.step != Step::Planned => {
            rec.step = Step::RolledBack;
            rec.problem.get_or_insert_with(|| "the original folder was already back".into());
            save(state_dir, &rec)?;
            Ok(rec)
        }
        // Moved, but the record of the move was not saved before the stop.
        (Step::Planned, false, true) => {
            rec.step = Step::Quarantined;
            save(state_dir, &rec)?;
            continue_from(t, home, state_dir, rec, 0o755)
        }
        // Nothing was moved (the stop came before the move, or the move was undone at once).
        (Step::Planned, true, false) => {
            rec.step = Step::RolledBack;
            rec.problem.get_or_insert_with(|| "the restore stopped before anything was moved".into());
            save(state_dir, &rec)?;
            Ok(rec)
        }
        (Step::Planned, _, _) => Err("the restore had not started; start it again".into()),
        _ => continue_from(t, home, state_dir, rec, 0o755),
    }
}

fn continue_from(
    t: &dyn Transport,
    home: &Path,
    state_dir: &Path,
    mut rec: Record,
    mode: u32,
) -> Result<Record, String> {
    let full = home.join(&rec.folder);
    if rec.step == Step::Quarantined {
        if !full.exists() {
            fs::create_dir(&full).map_err(|e| format!("cannot create {}: {e}", rec.folder))?;
            let _ = fs::set_permissions(&full, fs::Permissions::from_mode(mode));
        }
        let call = restore_call(&rec.backup_id, &rec.folder);
        if let Err(e) = uapi::call(t, &call) {
            return roll_back(home, state_dir, rec, &format!("cPanel could not restore the backup: {e}"));
        }
        rec.step = Step::Restored;
        save(state_dir, &rec)?;
    }
    match verify(t, home, &rec) {
        Ok((files, bytes)) => {
            rec.files = files;
            rec.bytes = bytes;
            rec.step = Step::Verified;
            save(state_dir, &rec)?;
            Ok(rec)
        }
        Err(e) => roll_back(home, state_dir, rec, &e),
    }
}

/// Puts the original folder back; the half-restored one joins the quarantine. Idempotent: when
/// the original is back already (a second roll back, or one whose record was lost), only the
/// record changes; the folder in place is never moved unless the original is there to replace it.
pub fn roll_back(home: &Path, state_dir: &Path, mut rec: Record, why: &str) -> Result<Record, String> {
    let full = home.join(&rec.folder);
    let q = home.join(&rec.quarantine);
    let original_waiting = fs::symlink_metadata(&q).is_ok_and(|m| m.is_dir());
    if original_waiting {
        if fs::symlink_metadata(&full).is_ok() {
            let stamp = OffsetDateTime::now_utc().unix_timestamp_nanos();
            let partial = PathBuf::from(format!("{}-partial-{stamp}", q.display()));
            fs::rename(&full, &partial)
                .map_err(|e| format!("{why}; and the half-restored folder could not be moved aside: {e}"))?;
        }
        if let Err(e) = fs::rename(&q, &full) {
            return Err(format!("{why}; and the original could not be moved back from {}: {e}", rec.quarantine));
        }
    } else if fs::symlink_metadata(&full).is_err() {
        return Err(format!("{why}; and neither {} nor its original in {} is there", rec.folder, rec.quarantine));
    }
    rec.step = Step::RolledBack;
    rec.problem = Some(why.to_owned());
    save(state_dir, &rec)?;
    Ok(rec)
}

/// `Restore::restore_file`: `backupID`, a `path` beginning with `/` (relative to the home
/// directory), `overwrite` 1 (the folder was emptied into the quarantine first).
pub fn restore_call(backup_id: &str, folder: &str) -> Call {
    Call::new("Restore", "restore_file")
        .arg("backupID", backup_id)
        .arg("path", format!("/{folder}"))
        .arg("overwrite", "1")
}

/// `Restore::query_file_info` for a path relative to the home directory.
pub fn backups_of_call(rel: &str) -> Call {
    Call::new("Restore", "query_file_info").arg("path", format!("/{rel}"))
}

/// `Restore::directory_listing` for a folder relative to the home directory (`/…/`).
fn listing_call(rel: &str) -> Call {
    Call::new("Restore", "directory_listing").arg("path", format!("/{rel}/"))
}

/// Compares the restored folder with the chosen backup, file by file (see the module text).
fn verify(t: &dyn Transport, home: &Path, rec: &Record) -> Result<(u64, u64), String> {
    use crate::uapi::types::{BackupDirItem, BackupOfPath, decode};
    // The names every backup has below the folder.
    let mut pending = vec![rec.folder.clone()];
    let mut names: Vec<String> = Vec::new();
    while !pending.is_empty() {
        let calls: Vec<Call> = pending.iter().map(|p| listing_call(p)).collect();
        let mut next = Vec::new();
        for ((dir, res), c) in pending.iter().zip(uapi::batch(t, &calls)).zip(&calls) {
            let list = res.map_err(|e| format!("cannot list {dir} in the backups: {e}"))?;
            let items: Vec<BackupDirItem> = decode(c, list).map_err(|e| e.to_string())?;
            for item in items {
                if item.name.is_empty() || item.name.contains('/') || item.name == ".." || item.name == "." {
                    continue;
                }
                let rel = format!("{dir}/{}", item.name);
                if matches!(item.kind.as_str(), "dir" | "mixed") {
                    next.push(rel.clone());
                }
                if item.kind != "dir" {
                    names.push(rel);
                }
            }
        }
        pending = next;
    }
    // Which of them the chosen backup holds, and at what size.
    let calls: Vec<Call> = names.iter().map(|n| backups_of_call(n)).collect();
    let (mut files, mut bytes) = (0u64, 0u64);
    for ((rel, res), c) in names.iter().zip(uapi::batch(t, &calls)).zip(&calls) {
        let local = fs::symlink_metadata(home.join(rel)).ok();
        let records: Vec<BackupOfPath> = match res {
            Ok(v) => decode(c, v).map_err(|e| e.to_string())?,
            // "… does not exist." in every backup: only possible if it vanished meanwhile.
            Err(crate::uapi::UapiError::Cpanel { .. }) => Vec::new(),
            Err(e) => return Err(format!("cannot ask cPanel about {rel}: {e}")),
        };
        match records.iter().find(|r| r.backup_id == rec.backup_id) {
            Some(r) => {
                let md = local.ok_or_else(|| format!("{rel} is missing after the restore"))?;
                if let Some(want) = r.file_size.filter(|_| r.kind != "dir")
                    && md.len() != want
                {
                    return Err(format!("{rel} has {} bytes, the backup has {want}", md.len()));
                }
                files += 1;
                bytes += md.len();
            }
            None if local.is_some() => {
                return Err(format!("{rel} is not in backup {} but is there after the restore", rec.backup_id));
            }
            None => {}
        }
    }
    if files == 0 {
        return Err(format!("the backup has no files in {}", rec.folder));
    }
    Ok((files, bytes))
}
