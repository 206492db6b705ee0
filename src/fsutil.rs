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

/// Moves a damaged record aside as `NAME.damaged-<unix time in ns>` beside it (never deleted,
/// so support can read it) and returns where it went, for the log and the page.
pub fn move_aside_damaged(path: &Path) -> String {
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let aside = path.with_file_name(format!("{name}.damaged-{stamp}"));
    match fs::rename(path, &aside) {
        Ok(()) => aside.display().to_string(),
        Err(e) => format!("{} (could not be moved aside: {e})", path.display()),
    }
}

/// [`read_json`] for a customer-side record the page must survive: a damaged file is moved
/// aside ([`move_aside_damaged`]), logged, and read as absent; the second value says where it went.
pub fn read_json_or_aside<T: serde::de::DeserializeOwned>(path: &Path) -> std::io::Result<(Option<T>, Option<String>)> {
    match read_json(path) {
        Ok(v) => Ok((v, None)),
        Err(e) if e.kind() == std::io::ErrorKind::Other && path.exists() => {
            let aside = move_aside_damaged(path);
            crate::log::event("record_damaged", &[("file", &aside), ("error", &e.to_string())]);
            Ok((None, Some(aside)))
        }
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

/// One entry met by [`walk`]: its path relative to the walk's base, what `lstat` says, and the
/// folder it sits in (to open it without resolving a path again).
pub struct Entry<'a> {
    pub rel: &'a Path,
    pub mode: u32,
    pub size: u64,
    pub mtime: i64,
    dir: std::os::fd::BorrowedFd<'a>,
    name: &'a std::ffi::CStr,
}

impl Entry<'_> {
    pub fn is_dir(&self) -> bool {
        self.mode & libc::S_IFMT == libc::S_IFDIR
    }
    pub fn is_file(&self) -> bool {
        self.mode & libc::S_IFMT == libc::S_IFREG
    }
    pub fn is_symlink(&self) -> bool {
        self.mode & libc::S_IFMT == libc::S_IFLNK
    }
    pub fn name(&self) -> &[u8] {
        self.name.to_bytes()
    }

    /// Opens this entry as a regular file, relative to its folder, without following a
    /// symlink and without blocking on a FIFO; anything else than a regular file is refused.
    pub fn open(&self) -> std::io::Result<File> {
        use std::os::fd::{AsRawFd, FromRawFd};
        // SAFETY: a valid directory fd and a NUL-terminated name.
        let fd = unsafe {
            libc::openat(
                self.dir.as_raw_fd(),
                self.name.as_ptr(),
                libc::O_RDONLY | libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC,
            )
        };
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: fd was just returned by openat and is owned by nobody else.
        let f = unsafe { File::from_raw_fd(fd) };
        if !f.metadata()?.is_file() {
            return Err(std::io::Error::other("not a regular file"));
        }
        Ok(f)
    }
}

/// How a walk ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WalkEnd {
    pub entries: usize,
    /// The walk stopped at its entry cap: what follows was not seen.
    pub truncated: bool,
    /// Folders that could not be opened or read (relative paths and why).
    pub unreadable: Vec<String>,
}

/// Walks the tree below `base`/`start` (plain relative names) with directory descriptors: every
/// folder is opened relative to its parent with `O_NOFOLLOW`, so a folder swapped for a
/// symlink during the walk is never entered, and no path is resolved twice. Symlinks are
/// reported (as symlinks), never followed. `descend` says whether to enter a folder. Stops
/// after `max_entries` entries. `Err` when `start` itself cannot be opened as a real folder
/// below `base` (a symlink, missing, not a folder).
pub fn walk(
    base: &Path,
    start: &Path,
    max_entries: usize,
    mut visit: impl FnMut(&Entry<'_>) -> bool,
) -> std::io::Result<WalkEnd> {
    use std::os::fd::{AsFd, AsRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    let open_dir = open_dir_at;
    let c = |b: &[u8]| std::ffi::CString::new(b).map_err(std::io::Error::other);
    let mut fd = open_dir(libc::AT_FDCWD, &c(base.as_os_str().as_bytes())?)?;
    for comp in start.components() {
        let std::path::Component::Normal(name) = comp else {
            return Err(std::io::Error::other("the folder must be plain names below the base"));
        };
        fd = open_dir(fd.as_raw_fd(), &c(name.as_bytes())?).map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) || e.raw_os_error() == Some(libc::ENOTDIR) {
                std::io::Error::other(format!("{} is a symbolic link or not a folder", start.display()))
            } else {
                e
            }
        })?;
    }
    let mut end = WalkEnd::default();
    // Folders still to read: (their parent, their name, their path). A folder is opened only
    // when its turn comes, so open descriptors stay bounded by the depth, not the width.
    type Pending = (Option<std::rc::Rc<OwnedFd>>, std::ffi::CString, std::path::PathBuf);
    let mut first = Some(fd);
    let mut stack: Vec<Pending> = vec![(None, std::ffi::CString::default(), start.to_path_buf())];
    while let Some((parent, name, rel)) = stack.pop() {
        let dir = match (parent, first.take()) {
            (None, Some(fd)) => fd,
            (Some(p), _) => match open_dir(p.as_raw_fd(), &name) {
                Ok(fd) => fd,
                // Swapped for a symlink (or a file) since it was seen: never entered.
                Err(e) if e.raw_os_error() == Some(libc::ELOOP) || e.raw_os_error() == Some(libc::ENOTDIR) => {
                    end.unreadable.push(format!("{}: became a symbolic link during the check", rel.display()));
                    continue;
                }
                Err(e) if e.raw_os_error() == Some(libc::ENOENT) => continue,
                Err(e) => {
                    end.unreadable.push(format!("{}: {e}", rel.display()));
                    continue;
                }
            },
            (None, None) => continue,
        };
        let dir = std::rc::Rc::new(dir);
        // fdopendir takes ownership of the descriptor it is given: give it a duplicate.
        let dup = match dir.try_clone() {
            Ok(d) => d,
            Err(e) => {
                end.unreadable.push(format!("{}: {e}", rel.display()));
                continue;
            }
        };
        // SAFETY: dup is a valid directory descriptor whose ownership passes to the DIR.
        let dp = unsafe { libc::fdopendir(std::os::fd::IntoRawFd::into_raw_fd(dup)) };
        if dp.is_null() {
            end.unreadable.push(format!("{}: {}", rel.display(), std::io::Error::last_os_error()));
            continue;
        }
        loop {
            // SAFETY: dp is a valid DIR stream until closedir below.
            let ent = unsafe { libc::readdir(dp) };
            if ent.is_null() {
                break;
            }
            // SAFETY: d_name is a NUL-terminated array inside the entry readdir returned.
            let name = unsafe { std::ffi::CStr::from_ptr((*ent).d_name.as_ptr()) }.to_owned();
            if name.to_bytes() == b"." || name.to_bytes() == b".." {
                continue;
            }
            end.entries += 1;
            if end.entries > max_entries {
                end.truncated = true;
                break;
            }
            // SAFETY: zeroed stat is a valid out-buffer for fstatat.
            let mut st: libc::stat = unsafe { std::mem::zeroed() };
            // SAFETY: valid dirfd, NUL-terminated name, valid out pointer.
            if unsafe { libc::fstatat(dir.as_raw_fd(), name.as_ptr(), &mut st, libc::AT_SYMLINK_NOFOLLOW) } != 0 {
                continue; // Gone since readdir: nothing to check.
            }
            let child_rel = rel.join(std::ffi::OsStr::from_bytes(name.to_bytes()));
            let entry = Entry {
                rel: &child_rel,
                mode: st.st_mode,
                size: st.st_size as u64,
                mtime: st.st_mtime,
                dir: dir.as_fd(),
                name: &name,
            };
            if visit(&entry) && entry.is_dir() {
                stack.push((Some(dir.clone()), name, child_rel));
            }
        }
        // SAFETY: dp came from fdopendir and is closed once.
        unsafe { libc::closedir(dp) };
        if end.truncated {
            return Ok(end);
        }
    }
    Ok(end)
}

/// Opens the directory `name` inside `dirfd` (or `AT_FDCWD`) without following a link.
pub(crate) fn open_dir_at(dirfd: libc::c_int, name: &std::ffi::CStr) -> std::io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    // SAFETY: a valid dirfd (or AT_FDCWD) and a NUL-terminated name.
    let fd = unsafe {
        libc::openat(dirfd, name.as_ptr(), libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC)
    };
    if fd < 0 {
        Err(std::io::Error::last_os_error())
    } else {
        // SAFETY: fd was just returned by openat and is owned by nobody else.
        Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
    }
}

#[cfg(test)]
mod tests;
