//! cPanel's own lock on a file it edits, taken before root edits the same file, so a change
//! cPanel makes at the same moment (the customer setting an FTP or Web Disk password) is not
//! lost. The protocol is `Cpanel::SafeFile::safelock` (11.120, `Cpanel/SafeFile.pm` and
//! `Cpanel/SafeFileLock.pm`): the lock is a file `FILE.lock` beside `FILE`; a locker writes
//! `PID\nNAME\n` into a temporary file in the same folder and `link()`s it to `FILE.lock`,
//! which fails while another lock exists; a lock whose process is gone is stale and replaced
//! by `rename()` (never removed, so no other locker sees a gap); unlocking removes `FILE.lock`
//! when it is still the locker's own. cPanel's FTP storage (`Cpanel/FtpUtils/Passwd.pm`,
//! `lock_storage_ex`) locks `/etc/proftpd/USER` and `USER.suspended`; Web Disk
//! (`Cpanel/WebDisk.pm`) locks `~/etc/webdav/shadow` through `safeopen`.
//!
//! Everything happens relative to an open folder, never following a link. In a folder the
//! customer controls, a lock proves nothing (they can write one that never ends), so there the
//! wait is short and the edit goes on without it ([`Patience::ThenGoOn`]).

use std::ffi::{CString, OsStr};
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::time::{Duration, Instant};

/// How long to wait for a lock another process holds, and what then.
#[derive(Debug, Clone, Copy)]
pub enum Patience {
    /// Root's own folders: wait this long, then refuse (the caller says "try again").
    ThenRefuse(Duration),
    /// A folder the customer controls: wait this long, then edit without the lock.
    ThenGoOn(Duration),
}

/// How often a held lock is looked at again (`$TIME_BETWEEN_DOTLOCK_CHECKS`).
const POLL: Duration = Duration::from_millis(300);
/// The most of a lock file read: a PID and a program name.
const MAX_LOCK_FILE: u64 = 4096;
/// The name written into our locks, after our PID.
const NAME: &str = "secure-reopen";

/// A lock this process holds; released when dropped.
#[derive(Debug)]
pub struct Held {
    dir: OwnedFd,
    lock: CString,
    temp: Option<CString>,
    ino: u64,
}

impl Drop for Held {
    fn drop(&mut self) {
        // Only our own lock is removed: one that was replaced meanwhile belongs to its taker.
        if stat_at(self.dir.as_raw_fd(), &self.lock).is_ok_and(|st| st.st_ino == self.ino) {
            // SAFETY: a NUL-terminated name relative to an open folder.
            unsafe { libc::unlinkat(self.dir.as_raw_fd(), self.lock.as_ptr(), 0) };
        }
        if let Some(temp) = &self.temp {
            // SAFETY: as above.
            unsafe { libc::unlinkat(self.dir.as_raw_fd(), temp.as_ptr(), 0) };
        }
    }
}

/// Why no lock was taken.
#[derive(Debug)]
pub enum LockError {
    /// Another process still holds it after the wait: its PID and name as its lock says.
    Busy {
        pid: Option<i32>,
        name: String,
    },
    Io(std::io::Error),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Busy { pid: Some(pid), name } => {
                write!(f, "cPanel's lock on it is held by process {pid} ({name})")
            }
            LockError::Busy { pid: None, name: _ } => write!(f, "cPanel's lock on it is held"),
            LockError::Io(e) => write!(f, "cannot take cPanel's lock on it: {e}"),
        }
    }
}

impl From<std::io::Error> for LockError {
    fn from(e: std::io::Error) -> Self {
        LockError::Io(e)
    }
}

/// Takes cPanel's lock on `file` in the open folder `dir`. `Ok(None)`: the lock is held by
/// another process and `patience` says to go on without it.
pub fn lock(dir: BorrowedFd<'_>, file: &OsStr, patience: Patience) -> Result<Option<Held>, LockError> {
    let dir = dir.try_clone_to_owned()?;
    let lock = cstr(&[file.as_bytes(), b".lock"].concat())?;
    // cPanel's temporary name: the lock's name, then random, reversed time and reversed PID.
    let mut tag = [0u8; 4];
    rand::fill(&mut tag);
    let rev = |n: u64| n.to_string().chars().rev().collect::<String>().parse::<u64>().unwrap_or(0);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let temp_name = format!(
        "{}.lock-{:x}-{:x}-{:x}",
        file.to_string_lossy(),
        u32::from_le_bytes(tag),
        rev(now),
        rev(u64::from(std::process::id()))
    );
    let temp = cstr(temp_name.as_bytes())?;
    let fd = open_at(dir.as_raw_fd(), &temp, libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL, 0o644)?;
    let mut held = Held { dir, lock, temp: Some(temp), ino: 0 };
    std::fs::File::from(fd).write_all(format!("{}\n{NAME}\n", std::process::id()).as_bytes())?;
    let (wait, refuse) = match patience {
        Patience::ThenRefuse(d) => (d, true),
        Patience::ThenGoOn(d) => (d, false),
    };
    let deadline = Instant::now() + wait;
    let mut empty_before = false;
    loop {
        let temp = held.temp.as_ref().expect("the temporary lock exists until installed");
        // SAFETY: NUL-terminated names relative to the same open folder.
        if unsafe { libc::linkat(held.dir.as_raw_fd(), temp.as_ptr(), held.dir.as_raw_fd(), held.lock.as_ptr(), 0) }
            == 0
        {
            held.ino = stat_at(held.dir.as_raw_fd(), &held.lock)?.st_ino;
            return Ok(Some(held));
        }
        let e = std::io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::EEXIST) {
            return Err(e.into());
        }
        let owner = read_owner(held.dir.as_raw_fd(), &held.lock);
        match &owner {
            // Gone between the link and the read: try again at once.
            Owner::Gone => continue,
            // Not a lock cPanel writes (a folder, a FIFO, a link): nobody can take it.
            Owner::NotAFile => return give_up(refuse, None, "not a regular file".into()),
            Owner::Process { pid, ino, mtime, .. } if !alive(*pid) => {
                if replace_if_same(&mut held, *ino, *mtime)? {
                    return Ok(Some(held));
                }
                continue;
            }
            // cPanel clobbers a lock file that stays empty (a crash wrote it).
            Owner::Empty { ino, mtime } if empty_before => {
                if replace_if_same(&mut held, *ino, *mtime)? {
                    return Ok(Some(held));
                }
                continue;
            }
            Owner::Empty { .. } => empty_before = true,
            Owner::Process { .. } => {}
        }
        if Instant::now() >= deadline {
            let (pid, name) = match owner {
                Owner::Process { pid, name, .. } => (Some(pid), name),
                _ => (None, String::new()),
            };
            return give_up(refuse, pid, name);
        }
        std::thread::sleep(POLL);
    }
}

fn give_up(refuse: bool, pid: Option<i32>, name: String) -> Result<Option<Held>, LockError> {
    if refuse { Err(LockError::Busy { pid, name }) } else { Ok(None) }
}

/// Replaces a stale lock by renaming our temporary file over it, when it is still the one
/// looked at (same inode and time), as cPanel does.
fn replace_if_same(held: &mut Held, ino: u64, mtime: i64) -> Result<bool, LockError> {
    match stat_at(held.dir.as_raw_fd(), &held.lock) {
        Ok(st) if st.st_ino == ino && st.st_mtime == mtime => {}
        Ok(_) => return Ok(false),
        Err(e) if e.raw_os_error() == Some(libc::ENOENT) => return Ok(false),
        Err(e) => return Err(e.into()),
    }
    let temp = held.temp.take().expect("the temporary lock exists until installed");
    // SAFETY: NUL-terminated names relative to the same open folder.
    if unsafe { libc::renameat(held.dir.as_raw_fd(), temp.as_ptr(), held.dir.as_raw_fd(), held.lock.as_ptr()) } != 0 {
        held.temp = Some(temp);
        return Err(std::io::Error::last_os_error().into());
    }
    held.ino = stat_at(held.dir.as_raw_fd(), &held.lock)?.st_ino;
    Ok(true)
}

enum Owner {
    Gone,
    NotAFile,
    Empty { ino: u64, mtime: i64 },
    Process { pid: i32, name: String, ino: u64, mtime: i64 },
}

/// Who holds the lock, as its file says (read without following a link or waiting on a FIFO).
fn read_owner(dir: libc::c_int, lock: &CString) -> Owner {
    let Ok(fd) = open_at(dir, lock, libc::O_RDONLY | libc::O_NONBLOCK, 0) else {
        return match stat_at(dir, lock) {
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => Owner::Gone,
            _ => Owner::NotAFile,
        };
    };
    let f = std::fs::File::from(fd);
    let Ok(md) = f.metadata() else { return Owner::NotAFile };
    if !md.is_file() {
        return Owner::NotAFile;
    }
    let mut text = String::new();
    let _ = f.take(MAX_LOCK_FILE).read_to_string(&mut text);
    let (ino, mtime) = (md.ino(), md.mtime());
    let mut lines = text.lines();
    match lines.next().map(str::trim).filter(|l| !l.is_empty()) {
        None => Owner::Empty { ino, mtime },
        Some(pid) => Owner::Process {
            // A PID that does not parse (or is not a process's) is never alive: stale.
            pid: pid.parse().ok().filter(|p: &i32| *p > 0).unwrap_or(i32::MAX),
            name: lines.next().unwrap_or("").chars().filter(|c| !c.is_control()).take(64).collect(),
            ino,
            mtime,
        },
    }
}

/// Whether a process is running (`kill(pid, 0)`: EPERM means it is, someone else's).
fn alive(pid: i32) -> bool {
    if pid == i32::MAX {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists.
    unsafe { libc::kill(pid, 0) == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM) }
}

fn cstr(b: &[u8]) -> std::io::Result<CString> {
    CString::new(b).map_err(std::io::Error::other)
}

fn open_at(dir: libc::c_int, name: &CString, flags: libc::c_int, mode: libc::c_uint) -> std::io::Result<OwnedFd> {
    // SAFETY: an open folder and a NUL-terminated name.
    let fd = unsafe { libc::openat(dir, name.as_ptr(), flags | libc::O_NOFOLLOW | libc::O_CLOEXEC, mode) };
    if fd < 0 {
        Err(std::io::Error::last_os_error())
    } else {
        // SAFETY: just returned by openat, owned by nobody else.
        Ok(unsafe { OwnedFd::from_raw_fd(fd) })
    }
}

fn stat_at(dir: libc::c_int, name: &CString) -> std::io::Result<libc::stat> {
    // SAFETY: an all-zero `stat` is a valid value for fstatat to fill.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: an open folder, a NUL-terminated name and a `stat` to write to.
    if unsafe { libc::fstatat(dir, name.as_ptr(), &mut st, libc::AT_SYMLINK_NOFOLLOW) } == 0 {
        Ok(st)
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests;
