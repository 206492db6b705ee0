//! Files that must never be half-written: write a temporary file beside the target, sync it,
//! rename it over the target, all under an exclusive lock.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// Runs `f` while holding an exclusive lock on `lock_path` (created 0600 if missing).
pub fn with_lock<T>(lock_path: &Path, f: impl FnOnce() -> std::io::Result<T>) -> std::io::Result<T> {
    if let Some(dir) = lock_path.parent() {
        fs::create_dir_all(dir)?;
    }
    let lock = OpenOptions::new().read(true).write(true).create(true).truncate(false).mode(0o600).open(lock_path)?;
    lock.lock()?;
    let r = f();
    let _ = lock.unlock();
    r
}

/// Replaces `path` with `bytes` atomically; the new file gets `mode`.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    let dir = path.parent().ok_or_else(|| std::io::Error::other("path has no parent"))?;
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    tmp.as_file().set_permissions(fs::Permissions::from_mode(mode))?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Reads a JSON file; `Ok(None)` when it does not exist.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> std::io::Result<Option<T>> {
    match fs::read(path) {
        Ok(b) => serde_json::from_slice(&b)
            .map(Some)
            .map_err(|e| std::io::Error::other(format!("{} is damaged: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

pub fn write_json<T: serde::Serialize>(path: &Path, value: &T, mode: u32) -> std::io::Result<()> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    write_atomic(path, &bytes, mode)
}

/// When running as root, gives `path` to group `user` (root stays owner) so the customer's
/// processes can read it. Elsewhere (tests, the simulator) there is nothing to change.
pub fn share_with_user_group(path: &Path, user: &str) -> std::io::Result<()> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(());
    }
    let Some(gid) = user_gid(user) else {
        return Ok(());
    };
    std::os::unix::fs::chown(path, Some(0), Some(gid))
}

/// The primary group of a system user, if the user exists.
pub fn user_gid(user: &str) -> Option<u32> {
    let name = std::ffi::CString::new(user).ok()?;
    // SAFETY: getpwnam takes a NUL-terminated string and returns NULL or a pointer to static
    // storage that we read immediately.
    let pw = unsafe { libc::getpwnam(name.as_ptr()) };
    if pw.is_null() {
        None
    } else {
        // SAFETY: pw is non-null and points to a valid passwd record.
        Some(unsafe { (*pw).pw_gid })
    }
}

/// Opens a file the customer controls, as root, without following any symlink on the way:
/// each component is opened with `O_NOFOLLOW` relative to the folder before it (no path is
/// resolved twice), the file with `O_NONBLOCK` so a FIFO cannot hang the reader, and only a
/// regular file is returned. `Ok(None)` when it does not exist.
pub fn open_user_file(base: &Path, rel: &Path) -> std::io::Result<Option<File>> {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    let open = |dirfd: libc::c_int, name: &std::ffi::OsStr, flags: libc::c_int| -> std::io::Result<OwnedFd> {
        let c = std::ffi::CString::new(name.as_bytes()).map_err(std::io::Error::other)?;
        // SAFETY: valid dirfd (or AT_FDCWD) and NUL-terminated name.
        let fd = unsafe { libc::openat(dirfd, c.as_ptr(), flags | libc::O_NOFOLLOW | libc::O_CLOEXEC) };
        if fd < 0 {
            Err(std::io::Error::last_os_error())
        } else {
            // SAFETY: fd was just returned by openat and is owned by nobody else.
            Ok(unsafe { OwnedFd::from_raw_fd(fd) })
        }
    };
    let mut dir = open(libc::AT_FDCWD, base.as_os_str(), libc::O_RDONLY | libc::O_DIRECTORY)?;
    let comps: Vec<_> = rel.components().collect();
    if comps.is_empty() {
        return Err(std::io::Error::other("no file named"));
    }
    for (i, c) in comps.iter().enumerate() {
        let std::path::Component::Normal(name) = c else {
            return Err(std::io::Error::other("path must be plain names below the base"));
        };
        let last = i + 1 == comps.len();
        let flags = if last { libc::O_RDONLY | libc::O_NONBLOCK } else { libc::O_RDONLY | libc::O_DIRECTORY };
        match open(dir.as_raw_fd(), name, flags) {
            Ok(fd) => dir = fd,
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => return Ok(None),
            Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
                return Err(std::io::Error::other(format!("{} is a symbolic link", name.to_string_lossy())));
            }
            Err(e) => return Err(e),
        }
    }
    let f = File::from(dir);
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(Some(f))
}

/// Reads a file the customer controls ([`open_user_file`]), up to `max` bytes: a larger file
/// is an error, never a partial read.
pub fn read_user_file(base: &Path, rel: &Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let Some(mut f) = open_user_file(base, rel)? else { return Ok(None) };
    let len = f.metadata()?.len();
    if len > max {
        return Err(std::io::Error::other(format!("larger than {max} bytes")));
    }
    let mut buf = Vec::with_capacity(len as usize);
    (&mut f).take(max + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > max {
        return Err(std::io::Error::other(format!("larger than {max} bytes")));
    }
    Ok(Some(buf))
}

/// The document roots that lie inside `home` (both canonicalized), without duplicates and
/// without roots nested in another one (a nested root is walked with its parent). `None` when
/// the home directory itself cannot be resolved.
pub fn roots_inside(
    home: &Path,
    docroots: &[std::path::PathBuf],
) -> Option<(std::path::PathBuf, Vec<std::path::PathBuf>)> {
    let home = home.canonicalize().ok()?;
    let mut roots: Vec<std::path::PathBuf> =
        docroots.iter().filter_map(|d| d.canonicalize().ok()).filter(|d| d.starts_with(&home)).collect();
    roots.sort();
    roots.dedup();
    let outer = roots.iter().filter(|r| !roots.iter().any(|o| o != *r && r.starts_with(o))).cloned().collect();
    Some((home, outer))
}
