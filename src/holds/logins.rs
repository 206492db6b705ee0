//! The FTP and Web Disk logins' locks: the hold edits cPanel's own password files (root's
//! `/etc/proftpd/USER`, the customer's `~/etc/webdav/shadow`) under cPanel's lock on them
//! ([`crate::cpanel_lock`]), never following a link.

use std::ffi::OsStr;
use std::fs;
use std::os::fd::AsFd;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::{HoldError, HoldRecord, WEBDISK_SHADOW, WebDiskLock};
use crate::cpanel_lock::{self, Patience};
use crate::fsutil;
use crate::paths::Paths;
use crate::user::UserName;

/// How long a lock cPanel holds on root's own files is waited for (cPanel's own edits take
/// milliseconds; its lockers wait up to 196 s before breaking one).
const ROOT_LOCK_WAIT: Duration = Duration::from_secs(60);
/// How long a lock in the customer's home is waited for before going on without it.
const USER_LOCK_WAIT: Duration = Duration::from_secs(3);

/// The most read of the Web Disk password file.
const WEBDISK_CAP: u64 = 4 << 20;

pub(super) fn read_webdisk(home: &Path) -> Result<Option<String>, HoldError> {
    fsutil::read_user_file(home, Path::new(WEBDISK_SHADOW), WEBDISK_CAP)
        .map(|b| b.map(|b| String::from_utf8_lossy(&b).into_owned()))
        .map_err(|e| HoldError(format!("cannot read {}: {e}", home.join(WEBDISK_SHADOW).display())))
}

/// Locks every unlocked Web Disk login: `!` before field 1 (crypt) and field 8 (digest).
pub(super) fn lock_webdisk(home: &Path, record: &mut HoldRecord) -> Result<(), HoldError> {
    edit_webdisk(home, |f| {
        let (hash, digest) = (f[1].to_owned(), f[8].to_owned());
        if hash.starts_with('!') || hash.is_empty() || hash.starts_with("*LOCKED*") {
            return false;
        }
        if !record.webdisk_locked.iter().any(|l| l.login == f[0]) {
            record.webdisk_locked.push(WebDiskLock { login: f[0].clone(), hash: hash.clone(), digest: digest.clone() });
        }
        f[1] = format!("!{hash}");
        if !digest.is_empty() {
            f[8] = format!("!{digest}");
        }
        true
    })
}

/// Unlocks exactly the Web Disk entries the hold locked that still hold the locked hash (a
/// login whose password was set since keeps its new entry).
pub(super) fn unlock_webdisk(record: &mut HoldRecord) -> Result<(), HoldError> {
    if record.webdisk_locked.is_empty() {
        return Ok(());
    }
    let Some(home) = record.home.clone() else {
        return Err(HoldError("the hold record does not say where the home directory is".into()));
    };
    let locked = record.webdisk_locked.clone();
    edit_webdisk(&home, |f| {
        let Some(l) = locked.iter().find(|l| l.login == f[0] && f[1].strip_prefix('!') == Some(l.hash.as_str())) else {
            return false;
        };
        f[1] = l.hash.clone();
        f[8] = l.digest.clone();
        true
    })?;
    record.webdisk_locked.clear();
    Ok(())
}

/// Rewrites the entries of `~/etc/webdav/shadow` that `edit` changes (it gets the fields, at
/// least 9), as root in the customer's home: every folder opened without following links, the
/// new file written beside the old one and renamed over it, with the old file's owner and mode.
pub(super) fn edit_webdisk(home: &Path, mut edit: impl FnMut(&mut Vec<String>) -> bool) -> Result<(), HoldError> {
    let shadow = home.join(WEBDISK_SHADOW);
    let (dir, name) = match fsutil_user::open_parent(home, Path::new(WEBDISK_SHADOW)) {
        Ok(d) => d,
        // No Web Disk folder: no Web Disk login to hold.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(HoldError(format!("cannot open the folder of {}: {e}", shadow.display()))),
    };
    // cPanel's lock, so a password the customer sets this very moment is not lost; in their own
    // folder it proves nothing, so a lock that does not end is noted and passed.
    let lock = cpanel_lock::lock(dir.as_fd(), name, Patience::ThenGoOn(USER_LOCK_WAIT))
        .map_err(|e| HoldError(format!("{}: {e}", shadow.display())))?;
    if lock.is_none() {
        crate::log::event("cpanel_lock_passed", &[("file", &shadow.display().to_string())]);
    }
    let text = match fsutil_user::read_at(&dir, name, WEBDISK_CAP) {
        Ok(Some(b)) => String::from_utf8_lossy(&b).into_owned(),
        Ok(None) => return Ok(()),
        Err(e) => return Err(HoldError(format!("cannot read {}: {e}", shadow.display()))),
    };
    let mut changed = false;
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let mut f: Vec<String> = body.split(':').map(str::to_owned).collect();
        if f.len() >= 9 && edit(&mut f) {
            changed = true;
            out.push_str(&f.join(":"));
            if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    if !changed {
        return Ok(());
    }
    fsutil_user::replace_at(&dir, name, out.as_bytes())
        .map_err(|e| HoldError(format!("cannot write {}: {e}", shadow.display())))
}

/// Replacing a file in a customer's home as root, never following a link.
mod fsutil_user {
    use std::ffi::CString;
    use std::ffi::OsStr;
    use std::io::Write;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    use std::path::{Component, Path};

    fn openat(
        dir: libc::c_int,
        name: &std::ffi::OsStr,
        flags: libc::c_int,
        mode: libc::c_uint,
    ) -> std::io::Result<OwnedFd> {
        let c = CString::new(name.as_bytes()).map_err(std::io::Error::other)?;
        // SAFETY: a valid directory descriptor (or AT_FDCWD) and a NUL-terminated name.
        let fd = unsafe { libc::openat(dir, c.as_ptr(), flags | libc::O_NOFOLLOW | libc::O_CLOEXEC, mode) };
        if fd < 0 {
            Err(std::io::Error::last_os_error())
        } else {
            // SAFETY: just returned by openat, owned by nobody else.
            Ok(unsafe { OwnedFd::from_raw_fd(fd) })
        }
    }

    fn check(r: libc::c_int) -> std::io::Result<()> {
        if r < 0 { Err(std::io::Error::last_os_error()) } else { Ok(()) }
    }

    /// The folder holding `base/rel`, every folder opened without following a link, and the
    /// file's name in it.
    pub fn open_parent<'a>(base: &Path, rel: &'a Path) -> std::io::Result<(OwnedFd, &'a OsStr)> {
        let mut dir = openat(libc::AT_FDCWD, base.as_os_str(), libc::O_RDONLY | libc::O_DIRECTORY, 0)?;
        let comps: Vec<_> = rel.components().collect();
        let Some((last, parents)) = comps.split_last() else { return Err(std::io::Error::other("no file named")) };
        for c in parents {
            let Component::Normal(name) = c else { return Err(std::io::Error::other("plain names only")) };
            dir = openat(dir.as_raw_fd(), name, libc::O_RDONLY | libc::O_DIRECTORY, 0)?;
        }
        let Component::Normal(name) = last else { return Err(std::io::Error::other("plain names only")) };
        Ok((dir, name))
    }

    /// At most `max` bytes of the regular file `name` in `dir`; `None` when there is none.
    pub fn read_at(dir: &OwnedFd, name: &OsStr, max: u64) -> std::io::Result<Option<Vec<u8>>> {
        use std::io::Read;
        let f = match openat(dir.as_raw_fd(), name, libc::O_RDONLY | libc::O_NONBLOCK, 0) {
            Ok(fd) => std::fs::File::from(fd),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        if !f.metadata()?.is_file() {
            return Err(std::io::Error::other("not a regular file"));
        }
        let mut buf = Vec::new();
        f.take(max + 1).read_to_end(&mut buf)?;
        if buf.len() as u64 > max {
            return Err(std::io::Error::other(format!("larger than {max} bytes")));
        }
        Ok(Some(buf))
    }

    /// Replaces the file `name` in `dir` (which must exist as a regular file) with `bytes`,
    /// keeping its owner and mode.
    pub fn replace_at(dir: &OwnedFd, name: &OsStr, bytes: &[u8]) -> std::io::Result<()> {
        let old = std::fs::File::from(openat(dir.as_raw_fd(), name, libc::O_RDONLY | libc::O_NONBLOCK, 0)?);
        let meta = old.metadata()?;
        if !meta.is_file() {
            return Err(std::io::Error::other("not a regular file"));
        }
        let mut tag = [0u8; 8];
        rand::fill(&mut tag);
        let tmp_name = format!(".{}.secure-reopen-{:016x}", name.to_string_lossy(), u64::from_le_bytes(tag));
        let tmp = std::ffi::OsStr::new(&tmp_name);
        let fd = openat(dir.as_raw_fd(), tmp, libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL, 0o600)?;
        let result = (|| {
            use std::os::unix::fs::MetadataExt;
            // SAFETY: fd is open; owner and mode come from the file being replaced.
            check(unsafe { libc::fchown(fd.as_raw_fd(), meta.uid(), meta.gid()) })?;
            check(unsafe { libc::fchmod(fd.as_raw_fd(), meta.mode() & 0o7777) })?;
            let mut f = std::fs::File::from(fd);
            f.write_all(bytes)?;
            f.sync_all()?;
            let (a, b) = (CString::new(tmp.as_bytes())?, CString::new(name.as_bytes())?);
            // SAFETY: both names are NUL-terminated and relative to the same open folder.
            check(unsafe { libc::renameat(dir.as_raw_fd(), a.as_ptr(), dir.as_raw_fd(), b.as_ptr()) })
        })();
        if result.is_err() {
            let c = CString::new(tmp.as_bytes())?;
            // SAFETY: a NUL-terminated name in an open folder.
            unsafe { libc::unlinkat(dir.as_raw_fd(), c.as_ptr(), 0) };
        }
        result
    }
}

/// Rewrites the password field of the FTP user file's entries (`login:hash:rest`) with `edit`
/// (`None` keeps a line as it is), atomically and keeping the file's mode. A missing file has
/// nothing to hold: `Ok(false)`.
pub(super) fn edit_ftp_file(
    paths: &Paths,
    user: &UserName,
    mut edit: impl FnMut(&str, &str) -> Option<String>,
) -> Result<bool, HoldError> {
    let file = paths.ftp_passwd_file(user.as_str());
    // cPanel's FTP storage lock (`lock_storage_ex`): the file and its suspended twin.
    let dir = std::fs::File::open(file.parent().unwrap_or(Path::new("/")))
        .map_err(|e| HoldError(format!("cannot open the folder of {}: {e}", file.display())))?;
    let mut locks = Vec::new();
    for suffix in ["", ".suspended"] {
        let name = format!("{user}{suffix}");
        let held = cpanel_lock::lock(dir.as_fd(), OsStr::new(&name), Patience::ThenRefuse(ROOT_LOCK_WAIT)).map_err(|e| {
            HoldError(format!(
                "cPanel is changing the FTP accounts of {user} ({}{suffix}: {e}); nothing was changed, try again in a minute",
                file.display()
            ))
        })?;
        locks.push(held);
    }
    let text = match fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(HoldError(format!("cannot read {}: {e}", file.display()))),
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut changed = false;
    for line in text.split_inclusive('\n') {
        let fields: Vec<&str> = line.splitn(3, ':').collect();
        match (fields.len() == 3).then(|| edit(fields[0], fields[1])).flatten() {
            Some(hash) => {
                changed = true;
                out.push_str(&[fields[0], hash.as_str(), fields[2]].join(":"));
            }
            None => out.push_str(line),
        }
    }
    if !changed {
        return Ok(false);
    }
    let mode = fs::metadata(&file)
        .map(|m| std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o7777)
        .unwrap_or(0o640);
    fsutil::write_atomic(&file, out.as_bytes(), mode)
        .map_err(|e| HoldError(format!("cannot write {}: {e}", file.display())))?;
    Ok(true)
}

/// Marks every unlocked entry of the account's FTP user file as locked (`!` before the hash).
pub(super) fn lock_ftp(paths: &Paths, user: &UserName, record: &mut HoldRecord) -> Result<(), HoldError> {
    let changed = edit_ftp_file(paths, user, |login, hash| {
        if hash.starts_with('!') || hash.is_empty() {
            return None;
        }
        if !record.ftp_locked.iter().any(|(l, _)| l == login) {
            record.ftp_locked.push((login.to_owned(), hash.to_owned()));
        }
        Some(format!("!{hash}"))
    })?;
    if changed { ftpupdate(paths, user) } else { Ok(()) }
}

/// Unlocks exactly the entries the hold locked whose hash is still the one it locked.
pub(super) fn unlock_ftp(paths: &Paths, user: &UserName, record: &mut HoldRecord) -> Result<(), HoldError> {
    if record.ftp_locked.is_empty() {
        return Ok(());
    }
    let locked = record.ftp_locked.clone();
    let changed = edit_ftp_file(paths, user, |login, hash| {
        let original = hash.strip_prefix('!')?;
        locked.iter().any(|(l, h)| l == login && h == original).then(|| original.to_owned())
    })?;
    if changed {
        ftpupdate(paths, user)?;
    }
    record.ftp_locked.clear();
    Ok(())
}

/// ProFTPD authenticates from `/etc/proftpd/passwd.vhosts`, which only `bin/ftpupdate`
/// rebuilds from the per-user files (`bin/ftpupdate --user=USER`); Pure-FTPd reads the
/// per-user files themselves.
pub(super) fn ftpupdate(paths: &Paths, user: &UserName) -> Result<(), HoldError> {
    let prog = paths.root().join("usr/local/cpanel/bin/ftpupdate");
    let st = Command::new(&prog)
        .arg(format!("--user={user}"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| HoldError(format!("cannot run {}: {e}", prog.display())))?;
    if st.success() { Ok(()) } else { Err(HoldError(format!("{} --user={user} failed ({st})", prog.display()))) }
}
