//! Home-directory backups as real `.tar.gz` archives, and the `Restore` module over them.
//! Paths in archives are relative to the home directory (`public_html/index.php`).

use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde_json::{Value, json};

use crate::state::Account;
use crate::uapi::{Args, Outcome, arg};

/// Archives `src` (a folder laid out like a home directory) into `archive`.
pub fn make_archive(src: &Path, archive: &Path) -> std::io::Result<()> {
    if let Some(d) = archive.parent() {
        fs::create_dir_all(d)?;
    }
    let f = fs::File::create(archive)?;
    let mut b = tar::Builder::new(GzEncoder::new(f, Compression::fast()));
    b.follow_symlinks(false);
    b.append_dir_all(".", src)?;
    b.into_inner()?.finish()?;
    Ok(())
}

/// Entries of an archive: (relative path, is_dir, size).
fn entries(archive: &Path) -> std::io::Result<Vec<(String, bool, u64)>> {
    Ok(entries_full(archive)?.iter().map(|(p, d, s, _)| (p.clone(), *d, *s)).collect())
}

type Entry = (String, bool, u64, u64);

/// Archives already read, by path, with the length and time they had then: cPanel's Restore
/// functions are called once per path (thousands of times for a WordPress), and reading a
/// whole archive each time would make the simulator, not the plugin, the slow part.
static ENTRIES: std::sync::Mutex<Vec<Cached>> = std::sync::Mutex::new(Vec::new());

/// An archive's path, length and time when read, and its entries.
type Cached = (PathBuf, u64, Option<std::time::SystemTime>, std::sync::Arc<Vec<Entry>>);

/// Entries of an archive: (relative path, is_dir, size, mtime).
fn entries_full(archive: &Path) -> std::io::Result<std::sync::Arc<Vec<Entry>>> {
    let meta = fs::metadata(archive)?;
    let (len, modified) = (meta.len(), meta.modified().ok());
    let mut cache = ENTRIES.lock().expect("archive cache");
    if let Some((_, _, _, e)) = cache.iter().find(|(p, l, m, _)| p == archive && *l == len && *m == modified) {
        return Ok(e.clone());
    }
    let e = std::sync::Arc::new(read_entries(archive)?);
    cache.retain(|(p, _, _, _)| p != archive);
    cache.push((archive.to_path_buf(), len, modified, e.clone()));
    Ok(e)
}

fn read_entries(archive: &Path) -> std::io::Result<Vec<Entry>> {
    let mut a = tar::Archive::new(GzDecoder::new(fs::File::open(archive)?));
    let mut out = Vec::new();
    for e in a.entries()? {
        let e = e?;
        let p = e.path()?.to_string_lossy().trim_start_matches("./").trim_end_matches('/').to_owned();
        if p.is_empty() || p == "." {
            continue;
        }
        let h = e.header();
        out.push((p, h.entry_type().is_dir(), h.size().unwrap_or(0), h.mtime().unwrap_or(0)));
    }
    Ok(out)
}

/// A UAPI `path` (beginning with `/`, relative to the home directory) as a path inside the
/// archives (`public_html/index.php`; `` for `/`). `..` is refused, as cPanel refuses `/../`.
fn rel_path(p: &str) -> Result<String, Vec<String>> {
    if !p.starts_with('/') {
        return Err(vec!["The path must begin with a forward slash (/).".into()]);
    }
    let mut out = PathBuf::new();
    for c in Path::new(p).components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::RootDir | Component::CurDir => {}
            _ => return Err(vec!["Invalid data detected in input arguments.".into()]),
        }
    }
    Ok(out.to_string_lossy().into_owned())
}

fn io(e: std::io::Error) -> Vec<String> {
    vec![format!("The system could not read the backup: {e}")]
}

fn required<'a>(a: &'a Args, key: &str) -> Result<&'a str, Vec<String>> {
    arg(a, key).filter(|s| !s.is_empty()).ok_or_else(|| vec![format!("You must specify the “{key}” parameter.")])
}

fn kind(dir: bool) -> &'static str {
    if dir { "dir" } else { "file" }
}

/// `Restore::directory_listing` (`path` only, `/…/`): the union of every backup's entries
/// directly in that folder, each `{name, type, exists, onDiskType, conflict}` where `exists`
/// and `onDiskType` describe the home directory now (`Cpanel/Backup/Restore.pm`
/// `directory_listing`, `_stat_as_user`). No sizes.
pub fn directory_listing(acct: &Account, a: &Args) -> Outcome {
    let raw = required(a, "path")?;
    if !raw.ends_with('/') {
        return Err(vec!["The path must end with a forward slash (/).".into()]);
    }
    let path = rel_path(raw)?;
    let prefix = if path.is_empty() { String::new() } else { format!("{path}/") };
    let mut seen: Vec<(String, &'static str, String)> = Vec::new();
    for b in &acct.backups {
        for (p, dir, _, _) in entries_full(&b.archive).map_err(io)?.iter() {
            let dir = *dir;
            if let Some(rest) = p.strip_prefix(&prefix)
                && !rest.is_empty()
                && !rest.contains('/')
            {
                match seen.iter_mut().find(|(n, _, _)| n == rest) {
                    Some(e) if e.1 != kind(dir) => e.1 = "mixed",
                    Some(_) => {}
                    None => seen.push((rest.to_owned(), kind(dir), p.clone())),
                }
            }
        }
    }
    if seen.is_empty() && path.is_empty() {
        return Err(vec!["This account does not appear to have any usable backups.".into()]);
    }
    seen.sort();
    let out = seen
        .into_iter()
        .map(|(name, ty, full)| {
            let on_disk = fs::symlink_metadata(acct.home.join(&full)).ok();
            let disk = on_disk.as_ref().map(|m| {
                if m.is_dir() {
                    "dir"
                } else if m.file_type().is_symlink() {
                    "symlink"
                } else {
                    "file"
                }
            });
            json!({"name": name, "type": ty, "exists": u8::from(disk.is_some()),
                   "onDiskType": disk.unwrap_or("Unknown"), "conflict": u8::from(disk.is_some_and(|d| d != ty))})
        })
        .collect();
    Ok((Value::Array(out), false))
}

/// `Restore::query_file_info` (`path` beginning with `/`): one record per backup holding the
/// path — `backupID`, `backupDate`, `path`, `type`, `mtime`, `backupType`, and `fileSize` for a
/// file; an error when no backup has it (`Cpanel/Backup/Restore.pm` `query_file_info`).
pub fn query_file_info(acct: &Account, a: &Args) -> Outcome {
    let raw = required(a, "path")?;
    let path = rel_path(raw)?;
    let shown = if path.is_empty() { "/".to_owned() } else { format!("/{path}") };
    let want_exists = arg(a, "exists").is_some_and(|v| v == "1");
    let on_disk = u8::from(fs::symlink_metadata(acct.home.join(&path)).is_ok());
    let mut out = Vec::new();
    for b in &acct.backups {
        let found = if path.is_empty() {
            Some((String::new(), true, 0, 0))
        } else {
            entries_full(&b.archive).map_err(io)?.iter().find(|(p, _, _, _)| *p == path).cloned()
        };
        if let Some((_, dir, size, mtime)) = found {
            let mut r = json!({"backupID": b.id, "backupDate": b.date(), "path": shown, "type": kind(dir),
                               "mtime": mtime, "backupType": "compressed"});
            if !dir {
                r["fileSize"] = json!(size);
            }
            if want_exists {
                r["exists"] = json!(on_disk);
            }
            out.push(r);
        }
    }
    if out.is_empty() {
        return Err(vec![format!("{shown} does not exist.")]);
    }
    Ok((Value::Array(out), false))
}

/// `Restore::restore_file` (`backupID`, `path` beginning with `/`, `overwrite` 1|0): puts the
/// backup's copy of a file or a folder (with everything in it) back in the home directory. A
/// file that exists is replaced only with `overwrite=1`. Answers `{"success": 1}`.
pub fn restore_file(acct: &mut Account, a: &Args) -> Outcome {
    let id = required(a, "backupID")?.to_owned();
    let raw = required(a, "path")?;
    let overwrite = match arg(a, "overwrite") {
        Some("1") => true,
        Some("0") => false,
        None | Some("") => return Err(vec!["You must specify the “overwrite” parameter.".into()]),
        Some(_) => return Err(vec!["Set the overwrite flag to 1 or 0.".into()]),
    };
    let path = rel_path(raw)?;
    let b = acct
        .backups
        .iter()
        .find(|b| b.id == id)
        .ok_or_else(|| vec!["The system could not find the backup path.".to_string()])?;
    let record = entries(&b.archive).map_err(io)?.into_iter().find(|(p, _, _)| *p == path || path.is_empty());
    let Some((_, is_dir, _)) = record else {
        return Err(vec!["The system could not find the backup path.".into()]);
    };
    let dest = acct.home.join(&path);
    if !is_dir && dest.exists() && !overwrite {
        return Err(vec![
            "The file already exists but you must set the overwrite flag to 1 to restore the file.".into(),
        ]);
    }
    let mut arch = tar::Archive::new(GzDecoder::new(fs::File::open(&b.archive).map_err(io)?));
    for e in arch.entries().map_err(io)? {
        let mut e = e.map_err(io)?;
        let p = e.path().map_err(io)?.to_string_lossy().trim_start_matches("./").trim_end_matches('/').to_owned();
        let inside = path.is_empty() || p == path || p.starts_with(&format!("{path}/"));
        if p.is_empty() || p == "." || !inside {
            continue;
        }
        let target = acct.home.join(&p);
        if e.header().entry_type().is_dir() {
            fs::create_dir_all(&target).map_err(io)?;
            continue;
        }
        if target.exists() && !overwrite {
            continue;
        }
        if let Some(d) = target.parent() {
            fs::create_dir_all(d).map_err(io)?;
        }
        let mut buf = Vec::new();
        e.read_to_end(&mut buf).map_err(io)?;
        fs::write(&target, &buf).map_err(io)?;
        // Like cPanel's restore: the files keep the times they had in the backup.
        if let Ok(m) = e.header().mtime() {
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(m);
            let _ = fs::File::options().write(true).open(&target).and_then(|f| f.set_modified(t));
        }
    }
    Ok((json!({"success": 1}), false))
}
