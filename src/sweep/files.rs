//! Walks document roots and runs the detectors, in parallel: a few threads share a stack of
//! folders still to list, each reading one file at a time into its own buffer (memory is
//! bounded by threads × `max_read`). Never follows symlinks, opens files with `O_NOFOLLOW` and
//! `O_NONBLOCK` (a FIFO cannot hang it), stays inside the home directory, and reads at most
//! `max_read` bytes of a file: a larger file is reported as such.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::SystemTime;

use super::detect::{self, Danger, Hit, Why};

#[derive(Debug, Clone)]
pub struct Options {
    /// Files changed after this moment are reported (the attack time), if known…
    pub attack_time: Option<SystemTime>,
    /// …and before this one (the release: later changes are the customer's own work).
    pub until: Option<SystemTime>,
    /// The account's domains: redirects to them are not foreign.
    pub own_domains: Vec<String>,
    /// Bytes read of one file at most; a larger code file is reported (`TooLarge`).
    pub max_read: u64,
    pub max_entries: usize,
    /// Worker threads; 0 picks from the machine (at most 4).
    pub threads: usize,
    /// What one file's content says (`detect::judge`; tests give one that fails).
    pub judge: Judge,
}

/// `detect::judge`'s shape: relative path, file name, content, the account's domains.
pub type Judge = fn(&str, &str, &[u8], &[String]) -> Vec<Hit>;

impl Default for Options {
    fn default() -> Options {
        Options {
            attack_time: None,
            until: None,
            own_domains: Vec::new(),
            max_read: 8 * 1024 * 1024,
            max_entries: 5_000_000,
            threads: 0,
            judge: detect::judge,
        }
    }
}

/// One suspicious file: where (relative to the home directory) and every reason, strongest
/// first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFinding {
    pub path: String,
    pub hits: Vec<Hit>,
}

impl FileFinding {
    /// The strongest reason's weight.
    pub fn danger(&self) -> Danger {
        self.hits.iter().map(|h| h.danger).max().unwrap_or(Danger::Low)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Most dangerous first, then by path.
    pub findings: Vec<FileFinding>,
    pub files_seen: usize,
    /// Regular files among them.
    pub files: usize,
    /// Files whose content was read and checked.
    pub files_read: usize,
    pub bytes_read: u64,
    pub truncated: bool,
    /// What the technician should know about the scan itself (host rules refused, cut short).
    pub notes: Vec<String>,
}

struct Queue {
    dirs: Vec<(usize, PathBuf)>,
    busy: usize,
}

struct Shared<'a> {
    queue: Mutex<Queue>,
    wake: Condvar,
    seen: AtomicUsize,
    stop: AtomicBool,
    home: &'a Path,
    roots: &'a [PathBuf],
    opts: &'a Options,
}

#[derive(Default)]
struct Local {
    findings: Vec<FileFinding>,
    files: usize,
    read: usize,
    bytes: u64,
}

pub fn sweep(home: &Path, docroots: &[PathBuf], opts: &Options) -> Report {
    let mut report = Report::default();
    let Some((home, roots)) = crate::fsutil::roots_inside(home, docroots) else { return report };
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()).min(4),
        n => n,
    };
    let shared = Shared {
        queue: Mutex::new(Queue { dirs: roots.iter().cloned().enumerate().collect(), busy: 0 }),
        wake: Condvar::new(),
        seen: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        home: &home,
        roots: &roots,
        opts,
    };
    let locals: Vec<Local> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads).map(|_| s.spawn(|| worker(&shared))).collect();
        workers.into_iter().map(|w| w.join().unwrap_or_default()).collect()
    });
    for l in locals {
        report.findings.extend(l.findings);
        report.files += l.files;
        report.files_read += l.read;
        report.bytes_read += l.bytes;
    }
    report.files_seen = shared.seen.load(Ordering::Relaxed).min(opts.max_entries);
    report.truncated = shared.stop.load(Ordering::Relaxed);
    report.findings.sort_by(|a, b| b.danger().cmp(&a.danger()).then_with(|| a.path.cmp(&b.path)));
    report
}

fn worker(sh: &Shared<'_>) -> Local {
    let mut local = Local::default();
    let mut buf = Vec::with_capacity(64 * 1024);
    loop {
        let (root, dir) = {
            let mut q = sh.queue.lock().unwrap_or_else(|e| e.into_inner());
            loop {
                if sh.stop.load(Ordering::Relaxed) {
                    return local;
                }
                if let Some(d) = q.dirs.pop() {
                    q.busy += 1;
                    break d;
                }
                if q.busy == 0 {
                    sh.wake.notify_all();
                    return local;
                }
                q = sh.wake.wait(q).unwrap_or_else(|e| e.into_inner());
            }
        };
        // Whatever happens below, the folder is done when this ends (a panic too): the other
        // workers wait for `busy` to reach 0.
        let mut busy = Busy { sh, found_dirs: Vec::new() };
        let found_dirs = &mut busy.found_dirs;
        if let Ok(entries) = fs::read_dir(&dir) {
            for entry in entries.flatten() {
                if sh.seen.fetch_add(1, Ordering::Relaxed) >= sh.opts.max_entries {
                    sh.stop.store(true, Ordering::Relaxed);
                    break;
                }
                let Ok(ft) = entry.file_type() else { continue };
                if ft.is_symlink() {
                    continue;
                }
                let path = entry.path();
                if ft.is_dir() {
                    if let Some(h) = entry.metadata().ok().as_ref().and_then(world_writable) {
                        local.findings.push(finding(sh.home, &path, vec![h]));
                    }
                    found_dirs.push((root, path));
                } else if ft.is_file() {
                    local.files += 1;
                    if let Some(f) = check_file(sh, root, &entry, &path, &mut buf, &mut local) {
                        local.findings.push(f);
                    }
                }
            }
        }
    }
}

/// One folder being listed by a worker: when dropped, its subfolders join the queue and the
/// worker is no longer busy, also when the worker unwinds.
struct Busy<'s, 'a> {
    sh: &'s Shared<'a>,
    found_dirs: Vec<(usize, PathBuf)>,
}

impl Drop for Busy<'_, '_> {
    fn drop(&mut self) {
        let mut q = self.sh.queue.lock().unwrap_or_else(|e| e.into_inner());
        q.busy -= 1;
        let more = !self.found_dirs.is_empty();
        q.dirs.append(&mut self.found_dirs);
        if more || q.busy == 0 {
            self.sh.wake.notify_all();
        }
    }
}

fn world_writable(md: &fs::Metadata) -> Option<Hit> {
    let mode = md.permissions().mode();
    (mode & 0o002 != 0).then(|| Hit::meta(Why::WorldWritable, Danger::Medium, format!("mode {:o}", mode & 0o7777)))
}

fn check_file(
    sh: &Shared<'_>,
    root: usize,
    entry: &fs::DirEntry,
    path: &Path,
    buf: &mut Vec<u8>,
    local: &mut Local,
) -> Option<FileFinding> {
    let opts = sh.opts;
    let name = entry.file_name();
    let name = name.to_string_lossy();
    let md = entry.metadata().ok();
    let mut hits: Vec<Hit> = md.as_ref().and_then(world_writable).into_iter().collect();
    let wants = detect::wants_content(&name);
    // A picture's, icon's or style sheet's name: its first bytes say whether it is PHP code or
    // server settings in disguise (a loader's payload, a lockdown kept to restore), read whole
    // only then.
    // So is a file whose name says nothing (no ending, or a made-up one): a program run as CGI
    // by a handler beside it, or server settings kept to restore.
    // And any file in `cgi-bin`, where cPanel's Apache runs every file as CGI.
    // (Below the scanned root, as `detect::judge` reads it from the relative path: a folder
    // above the root is not looked at, so a file read for it would be judged as nothing.)
    let in_cgi_bin = || {
        let rel = path.strip_prefix(&sh.roots[root]).unwrap_or(path);
        rel.parent().is_some_and(|p| p.components().any(|c| c.as_os_str() == "cgi-bin"))
    };
    let sniffed = !wants && md.as_ref().is_some_and(|m| m.len() >= 5) && detect::sniffed(&name, in_cgi_bin());
    if wants || sniffed {
        let rel_root = path.strip_prefix(&sh.roots[root]).unwrap_or(path).to_string_lossy().into_owned();
        buf.clear();
        let opened = fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path);
        if let Ok(mut f) = opened {
            if sniffed {
                let _ = (&mut f).take(detect::SNIFF as u64).read_to_end(buf);
                if !detect::worth_reading(&name, buf) {
                    return finish(sh, path, hits);
                }
            }
            let _ = f.take(opts.max_read.saturating_sub(buf.len() as u64)).read_to_end(buf);
            local.read += 1;
            local.bytes += buf.len() as u64;
            // A fault of ours in one file's checks (a panic; the hook logs where, never the
            // data) is that file's finding, and the walk goes on.
            let judged = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                (opts.judge)(&rel_root, &name, buf, &opts.own_domains)
            }));
            match judged {
                Ok(found) => hits.extend(found),
                Err(_) => hits.push(Hit::meta(Why::CheckFailed, Danger::Medium, String::new())),
            }
            if detect::is_code(&name) && md.as_ref().is_some_and(|m| m.len() > opts.max_read) {
                hits.push(Hit::meta(
                    Why::TooLarge,
                    Danger::Medium,
                    format!("{} bytes, the first {} checked", md.as_ref().map_or(0, |m| m.len()), opts.max_read),
                ));
            }
        }
        if buf.capacity() > 1024 * 1024 {
            // Give back the memory of a rare large file.
            *buf = Vec::with_capacity(64 * 1024);
        }
    }
    if let (Some(at), Some(md)) = (opts.attack_time, &md)
        && detect::is_code(&name)
        && md.modified().is_ok_and(|m| m > at && opts.until.is_none_or(|u| m < u))
    {
        hits.push(Hit::meta(Why::ModifiedAfterAttack, Danger::Medium, String::new()));
    }
    finish(sh, path, hits)
}

fn finish(sh: &Shared<'_>, path: &Path, hits: Vec<Hit>) -> Option<FileFinding> {
    if hits.is_empty() {
        return None;
    }
    Some(finding(sh.home, path, detect::rank(hits)))
}

fn finding(home: &Path, path: &Path, hits: Vec<Hit>) -> FileFinding {
    let rel = path.strip_prefix(home).unwrap_or(path).to_string_lossy().into_owned();
    FileFinding { path: rel, hits }
}
