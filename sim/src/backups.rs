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
    let mut a = tar::Archive::new(GzDecoder::new(fs::File::open(archive)?));
    let mut out = Vec::new();
    for e in a.entries()? {
        let e = e?;
        let p = e.path()?.to_string_lossy().trim_start_matches("./").trim_end_matches('/').to_owned();
        if p.is_empty() || p == "." {
            continue;
        }
        out.push((p, e.header().entry_type().is_dir(), e.header().size().unwrap_or(0)));
    }
    Ok(out)
}

/// `path` relative to the home directory, without `..` or a leading `/` (an absolute path
/// inside the home is accepted and made relative).
fn rel_path(acct: &Account, p: &str) -> Result<String, Vec<String>> {
    let p = Path::new(p);
    let p = if p.is_absolute() {
        p.strip_prefix(&acct.home)
            .map_err(|_| vec![format!("The path “{}” is outside your home directory.", p.display())])?
    } else {
        p
    };
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::CurDir => {}
            _ => return Err(vec!["The path must not contain “..”.".into()]),
        }
    }
    Ok(out.to_string_lossy().trim_end_matches('/').to_owned())
}

fn backup<'a>(acct: &'a Account, id: &str) -> Result<&'a crate::state::Backup, Vec<String>> {
    acct.backups.iter().find(|b| b.date == id).ok_or_else(|| vec![format!("The backup “{id}” does not exist.")])
}

fn io(e: std::io::Error) -> Vec<String> {
    vec![format!("The system could not read the backup: {e}")]
}

pub fn restore(acct: &mut Account, func: &str, a: &Args) -> Outcome {
    let path = rel_path(
        acct,
        arg(a, "path")
            .filter(|s| !s.is_empty())
            .ok_or_else(|| vec!["You must specify the “path” parameter.".to_string()])?,
    )?;
    match func {
        "query_file_info" => {
            let mut out = Vec::new();
            for b in &acct.backups {
                let found = entries(&b.archive).map_err(io)?.into_iter().find(|(p, _, _)| *p == path);
                out.push(match found {
                    Some((_, dir, size)) => json!({"backup_id": b.date, "backup_date": b.date, "exists": 1, "type": if dir { "dir" } else { "file" }, "size": size}),
                    None => json!({"backup_id": b.date, "backup_date": b.date, "exists": 0}),
                });
            }
            Ok((Value::Array(out), false))
        }
        "directory_listing" => {
            let id = arg(a, "backup_id");
            let prefix = if path.is_empty() { String::new() } else { format!("{path}/") };
            let mut out: Vec<Value> = Vec::new();
            for b in acct.backups.iter().filter(|b| id.is_none_or(|i| i == b.date)) {
                for (p, dir, size) in entries(&b.archive).map_err(io)? {
                    if let Some(rest) = p.strip_prefix(&prefix) {
                        if !rest.contains('/') && !out.iter().any(|v| v["name"] == rest) {
                            out.push(json!({"name": rest, "path": p, "type": if dir { "dir" } else { "file" }, "size": size}));
                        }
                    }
                }
            }
            Ok((Value::Array(out), false))
        }
        _ => {
            let id =
                arg(a, "backup_id").ok_or_else(|| vec!["You must specify the “backup_id” parameter.".to_string()])?;
            let overwrite = arg(a, "overwrite") == Some("1");
            let b = backup(acct, id)?;
            let dest = acct.home.join(&path);
            if dest.exists() && !overwrite && fs::read_dir(&dest).map(|mut d| d.next().is_some()).unwrap_or(true) {
                return Err(vec![format!("The path “{path}” already exists. Set “overwrite” to 1 to replace it.")]);
            }
            let mut arch = tar::Archive::new(GzDecoder::new(fs::File::open(&b.archive).map_err(io)?));
            arch.set_preserve_mtime(true);
            let mut restored = 0u64;
            for e in arch.entries().map_err(io)? {
                let mut e = e.map_err(io)?;
                let p =
                    e.path().map_err(io)?.to_string_lossy().trim_start_matches("./").trim_end_matches('/').to_owned();
                if p == path || p.starts_with(&format!("{path}/")) {
                    let target = acct.home.join(&p);
                    if e.header().entry_type().is_dir() {
                        fs::create_dir_all(&target).map_err(io)?;
                    } else {
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
                        restored += 1;
                    }
                }
            }
            if restored == 0 && !dest.exists() {
                return Err(vec![format!("The backup “{id}” does not contain “{path}”.")]);
            }
            Ok((json!({"restored_files": restored}), false))
        }
    }
}
