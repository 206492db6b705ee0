//! The quarantine: every folder a restore moved away (`~/.secure_reopen/quarantine/NAME`),
//! listed with its size and date, and deleted one copy at a time by name — by the customer on
//! the restore page, or by the technician (`secure-reopen quarantine purge USER`).
//!
//! Deleting never follows a symbolic link: the quarantine root is opened with `O_NOFOLLOW`,
//! the copy is named by one plain component and opened relative to it, and every folder below
//! is opened relative to its parent (`openat` + `O_NOFOLLOW`) and emptied with `unlinkat`, so a
//! link inside a copy is removed as a link and what it points to is never touched. Nothing
//! outside the copy named is removed.

use std::ffi::{CStr, CString};
use std::os::fd::{AsRawFd, IntoRawFd, OwnedFd};
use std::path::{Path, PathBuf};

use time::{Duration, OffsetDateTime};

/// The folder of copies inside a user's state directory.
pub fn root(state_dir: &Path) -> PathBuf {
    state_dir.join("quarantine")
}

/// One quarantined copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    /// Its name in the quarantine (`20261125-183000-public_html`, `…-partial` for the
    /// half-restored folder a rollback set aside).
    pub name: String,
    /// The folder it was, as far as the name tells (`public_html`).
    pub folder: String,
    /// A half-restored folder set aside by a rollback, not the original.
    pub partial: bool,
    /// When it was moved into the quarantine.
    pub made: OffsetDateTime,
    pub bytes: u64,
    pub files: u64,
    /// The walk met more than it counts (the size is a lower bound).
    pub truncated: bool,
}

impl Copy {
    /// The day the host's retention ends for this copy.
    pub fn kept_until(&self, retention_days: u32) -> OffsetDateTime {
        self.made + Duration::days(i64::from(retention_days))
    }
}

/// How many entries a copy's size is counted over before it is called "at least".
const SIZE_WALK_CAP: usize = 200_000;

/// Where the sweep's "move the file to quarantine" puts removed files: `files/<unix time>/<path>`.
const FILES: &str = "files";

/// A copy's name: one plain path component of printable characters (never `.`, `..` or
/// `files`), or `files/<digits>` for the files one removal moved.
pub fn valid_name(name: &str) -> bool {
    if let Some(ts) = name.strip_prefix("files/") {
        return !ts.is_empty() && ts.len() <= 20 && ts.bytes().all(|b| b.is_ascii_digit());
    }
    !name.is_empty()
        && name.len() <= 255
        && name != "."
        && name != ".."
        && name != FILES
        && !name.contains('/')
        && !name.chars().any(char::is_control)
}

/// `YYYYMMDD-HHMMSS-folder` as `restore::run` names a copy (UTC).
fn parse_name(name: &str) -> Option<(OffsetDateTime, String, bool)> {
    let (stamp, rest) = name.split_at_checked(15)?;
    // `.N` after the stamp: the Nth copy moved in the same second.
    let rest = match rest.strip_prefix('.') {
        Some(r) => r.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    let folder = rest.strip_prefix('-')?;
    let n = |r: std::ops::Range<usize>| stamp.get(r)?.parse::<u32>().ok();
    if stamp.as_bytes().get(8) != Some(&b'-') {
        return None;
    }
    let date = time::Date::from_calendar_date(
        n(0..4)? as i32,
        time::Month::try_from(u8::try_from(n(4..6)?).ok()?).ok()?,
        u8::try_from(n(6..8)?).ok()?,
    )
    .ok()?;
    let t = time::Time::from_hms(
        u8::try_from(n(9..11)?).ok()?,
        u8::try_from(n(11..13)?).ok()?,
        u8::try_from(n(13..15)?).ok()?,
    )
    .ok()?;
    let (folder, partial) = match folder.strip_suffix("-partial") {
        Some(f) => (f, true),
        None => (folder, false),
    };
    Some((date.with_time(t).assume_utc(), folder.to_owned(), partial))
}

fn cstr(s: &[u8]) -> std::io::Result<CString> {
    CString::new(s).map_err(std::io::Error::other)
}

use crate::fsutil::open_dir_at;

/// The quarantine root, opened without following a link; `None` when there is none.
fn open_root(state_dir: &Path) -> std::io::Result<Option<OwnedFd>> {
    use std::os::unix::ffi::OsStrExt;
    let state = match open_dir_at(libc::AT_FDCWD, &cstr(state_dir.as_os_str().as_bytes())?) {
        Ok(fd) => fd,
        Err(e) if e.raw_os_error() == Some(libc::ENOENT) => return Ok(None),
        Err(e) => return Err(e),
    };
    match open_dir_at(state.as_raw_fd(), c"quarantine") {
        Ok(fd) => Ok(Some(fd)),
        Err(e) if e.raw_os_error() == Some(libc::ENOENT) => Ok(None),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) || e.raw_os_error() == Some(libc::ENOTDIR) => {
            Err(std::io::Error::other("the quarantine is a symbolic link or not a folder"))
        }
        Err(e) => Err(e),
    }
}

/// `fstatat` without following a link.
fn stat_at(dirfd: libc::c_int, name: &CStr) -> std::io::Result<libc::stat> {
    // SAFETY: zeroed stat is a valid out-buffer for fstatat.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: valid dirfd, NUL-terminated name, valid out pointer.
    if unsafe { libc::fstatat(dirfd, name.as_ptr(), &mut st, libc::AT_SYMLINK_NOFOLLOW) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(st)
}

fn is_dir(st: &libc::stat) -> bool {
    st.st_mode & libc::S_IFMT == libc::S_IFDIR
}

/// The names in a folder (without `.` and `..`).
fn names(dir: &OwnedFd) -> std::io::Result<Vec<CString>> {
    let dup = dir.try_clone()?;
    // SAFETY: dup is a valid directory descriptor whose ownership passes to the DIR.
    let dp = unsafe { libc::fdopendir(dup.into_raw_fd()) };
    if dp.is_null() {
        return Err(std::io::Error::last_os_error());
    }
    let mut out = Vec::new();
    loop {
        // SAFETY: dp is a valid DIR stream until closedir below.
        let ent = unsafe { libc::readdir(dp) };
        if ent.is_null() {
            break;
        }
        // SAFETY: d_name is a NUL-terminated array inside the entry readdir returned.
        let name = unsafe { CStr::from_ptr((*ent).d_name.as_ptr()) };
        if name.to_bytes() != b"." && name.to_bytes() != b".." {
            out.push(name.to_owned());
        }
    }
    // SAFETY: dp came from fdopendir and is closed once.
    unsafe { libc::closedir(dp) };
    Ok(out)
}

/// Every copy in the quarantine, oldest first. Anything in it that is not a real folder (a
/// link someone put there) is not a copy and is not listed.
pub fn list(state_dir: &Path) -> std::io::Result<Vec<Copy>> {
    let Some(root_fd) = open_root(state_dir)? else { return Ok(Vec::new()) };
    let mut copies = Vec::new();
    for name in names(&root_fd)? {
        let Ok(st) = stat_at(root_fd.as_raw_fd(), &name) else { continue };
        let Ok(text) = name.to_str() else { continue };
        if is_dir(&st) && text == FILES {
            copies.extend(removed_files(state_dir, &root_fd)?);
            continue;
        }
        if !is_dir(&st) || !valid_name(text) {
            continue;
        }
        // The move into the quarantine is a rename, which sets the folder's ctime.
        let ctime = OffsetDateTime::from_unix_timestamp(st.st_ctime).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let (made, folder, partial) = parse_name(text).unwrap_or((ctime, text.to_owned(), false));
        let (mut bytes, mut files) = (0u64, 0u64);
        let rel = Path::new("quarantine").join(text);
        let end = crate::fsutil::walk(state_dir, &rel, SIZE_WALK_CAP, |e| {
            if e.mode & libc::S_IFMT == libc::S_IFREG {
                bytes += e.size;
                files += 1;
            }
            true
        })?;
        copies.push(Copy {
            name: text.to_owned(),
            folder,
            partial,
            made,
            bytes,
            files,
            truncated: end.truncated || !end.unreadable.is_empty(),
        });
    }
    copies.sort_by(|a, b| a.made.cmp(&b.made).then_with(|| a.name.cmp(&b.name)));
    Ok(copies)
}

/// The files removed by the sweep, one copy per removal (`files/<unix time>`), named after the
/// file it holds.
fn removed_files(state_dir: &Path, root_fd: &OwnedFd) -> std::io::Result<Vec<Copy>> {
    let files_fd = open_dir_at(root_fd.as_raw_fd(), c"files")?;
    let mut out = Vec::new();
    for ts in names(&files_fd)? {
        let Ok(text) = ts.to_str() else { continue };
        let name = format!("{FILES}/{text}");
        let Ok(st) = stat_at(files_fd.as_raw_fd(), &ts) else { continue };
        if !is_dir(&st) || !valid_name(&name) {
            continue;
        }
        let made = text
            .parse::<i64>()
            .ok()
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let (mut bytes, mut files, mut first) = (0u64, 0u64, None::<String>);
        let rel = Path::new("quarantine").join(&name);
        let end = crate::fsutil::walk(state_dir, &rel, SIZE_WALK_CAP, |e| {
            if e.mode & libc::S_IFMT == libc::S_IFREG {
                bytes += e.size;
                files += 1;
                if first.is_none() {
                    first = e.rel.strip_prefix(&rel).ok().map(|p| p.to_string_lossy().into_owned());
                }
            }
            true
        })?;
        out.push(Copy {
            name,
            folder: first.unwrap_or_default(),
            partial: false,
            made,
            bytes,
            files,
            truncated: end.truncated || !end.unreadable.is_empty(),
        });
    }
    Ok(out)
}

/// Why a copy was not deleted.
#[derive(Debug)]
pub enum PurgeError {
    /// Not a copy's name (a path, `..`, empty).
    BadName,
    /// No such copy, or it is not a real folder (a link is never followed).
    NoSuchCopy,
    Io(std::io::Error),
}

impl std::fmt::Display for PurgeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PurgeError::BadName => f.write_str("not the name of a quarantined copy"),
            PurgeError::NoSuchCopy => {
                f.write_str("there is no quarantined copy of that name (a link is never followed)")
            }
            PurgeError::Io(e) => write!(f, "cannot delete the copy: {e}"),
        }
    }
}

/// Deletes exactly the copy named, and nothing else.
pub fn purge(state_dir: &Path, name: &str) -> Result<Copy, PurgeError> {
    if !valid_name(name) {
        return Err(PurgeError::BadName);
    }
    let copy = list(state_dir).map_err(PurgeError::Io)?.into_iter().find(|c| c.name == name);
    let copy = copy.ok_or(PurgeError::NoSuchCopy)?;
    let mut root_fd = open_root(state_dir).map_err(PurgeError::Io)?.ok_or(PurgeError::NoSuchCopy)?;
    let mut leaf = name;
    if let Some(ts) = name.strip_prefix("files/") {
        root_fd = open_dir_at(root_fd.as_raw_fd(), c"files").map_err(|_| PurgeError::NoSuchCopy)?;
        leaf = ts;
    }
    let c = cstr(leaf.as_bytes()).map_err(PurgeError::Io)?;
    let dir = match open_dir_at(root_fd.as_raw_fd(), &c) {
        Ok(d) => d,
        Err(e) if matches!(e.raw_os_error(), Some(libc::ELOOP | libc::ENOTDIR | libc::ENOENT)) => {
            return Err(PurgeError::NoSuchCopy);
        }
        Err(e) => return Err(PurgeError::Io(e)),
    };
    empty_dir(&dir).map_err(PurgeError::Io)?;
    // SAFETY: valid dirfd and NUL-terminated name.
    if unsafe { libc::unlinkat(root_fd.as_raw_fd(), c.as_ptr(), libc::AT_REMOVEDIR) } != 0 {
        return Err(PurgeError::Io(std::io::Error::last_os_error()));
    }
    Ok(copy)
}

/// Removes everything inside an opened folder: links and files with `unlinkat`, folders
/// opened relative to their parent (never through a link) and emptied first. Depth is bounded
/// by the file system's own; an explicit stack keeps Rust's stack flat.
fn empty_dir(top: &OwnedFd) -> std::io::Result<()> {
    // (the folder, its parent and its name in the parent once emptied)
    type Parent = Option<(std::rc::Rc<OwnedFd>, CString)>;
    let mut stack: Vec<(OwnedFd, Parent)> = vec![(top.try_clone()?, None)];
    while let Some((dir, parent)) = stack.pop() {
        let dir = std::rc::Rc::new(dir);
        let mut subdirs = Vec::new();
        for name in names(&dir)? {
            let st = match stat_at(dir.as_raw_fd(), &name) {
                Ok(st) => st,
                Err(e) if e.raw_os_error() == Some(libc::ENOENT) => continue,
                Err(e) => return Err(e),
            };
            if is_dir(&st) {
                subdirs.push(name);
            } else {
                // SAFETY: valid dirfd and NUL-terminated name; a link is removed, not followed.
                if unsafe { libc::unlinkat(dir.as_raw_fd(), name.as_ptr(), 0) } != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
        }
        if subdirs.is_empty() {
            if let Some((p, n)) = parent {
                // SAFETY: valid dirfd and NUL-terminated name.
                if unsafe { libc::unlinkat(p.as_raw_fd(), n.as_ptr(), libc::AT_REMOVEDIR) } != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            continue;
        }
        // Come back to this folder once its subfolders are gone.
        let again = dir.try_clone()?;
        stack.push((again, parent));
        for n in subdirs {
            let child = open_dir_at(dir.as_raw_fd(), &n)?;
            stack.push((child, Some((dir.clone(), n))));
        }
    }
    Ok(())
}

/// The copies deleted, and the ones that could not be with why.
pub type Purged = (Vec<Copy>, Vec<(Copy, String)>);

/// Deletes every copy made before `cutoff` (the technician's `purge --older-than`).
pub fn purge_older_than(state_dir: &Path, cutoff: OffsetDateTime) -> std::io::Result<Purged> {
    let (mut done, mut failed) = (Vec::new(), Vec::new());
    for c in list(state_dir)?.into_iter().filter(|c| c.made < cutoff) {
        match purge(state_dir, &c.name) {
            Ok(c) => done.push(c),
            Err(e) => failed.push((c, e.to_string())),
        }
    }
    Ok((done, failed))
}

#[cfg(test)]
mod tests;
