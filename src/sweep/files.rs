//! Walks document roots and runs the detectors. Streams the tree (one directory listing in
//! memory at a time), never follows symlinks, stays inside the home directory, and reads at
//! most `max_read` bytes of a file.

use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::detect::{self, Hit, Why};

#[derive(Debug, Clone)]
pub struct Options {
    /// Files changed after this moment are reported (the attack time), if known…
    pub attack_time: Option<SystemTime>,
    /// …and before this one (the release: later changes are the customer's own work).
    pub until: Option<SystemTime>,
    /// The account's domains: redirects to them are not foreign.
    pub own_domains: Vec<String>,
    pub max_read: u64,
    pub max_entries: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            attack_time: None,
            until: None,
            own_domains: Vec::new(),
            max_read: 512 * 1024,
            max_entries: 5_000_000,
        }
    }
}

/// One suspicious file: where (relative to the home directory) and every reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFinding {
    pub path: String,
    pub hits: Vec<Hit>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub findings: Vec<FileFinding>,
    pub files_seen: usize,
    pub truncated: bool,
}

pub fn sweep(home: &Path, docroots: &[PathBuf], opts: &Options) -> Report {
    let mut report = Report::default();
    let Some((home, roots)) = crate::fsutil::roots_inside(home, docroots) else { return report };
    let mut buf = Vec::with_capacity(64 * 1024);
    for root in &roots {
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                report.files_seen += 1;
                if report.files_seen > opts.max_entries {
                    report.truncated = true;
                    return report;
                }
                let Ok(ft) = entry.file_type() else { continue };
                if ft.is_symlink() {
                    continue;
                }
                let path = entry.path();
                let name = entry.file_name();
                let name = name.to_string_lossy();
                let mut hits = Vec::new();
                let md = entry.metadata().ok();
                if let Some(md) = &md {
                    if md.permissions().mode() & 0o002 != 0 {
                        hits.push(Hit {
                            why: Why::WorldWritable,
                            line: None,
                            evidence: format!("mode {:o}", md.permissions().mode() & 0o7777),
                        });
                    }
                }
                if ft.is_dir() {
                    stack.push(path);
                    push(&mut report, &home, &entry.path(), hits);
                    continue;
                }
                if !ft.is_file() {
                    continue;
                }
                let rel_root = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().into_owned();
                hits.extend(detect::by_path(&rel_root));
                if let (Some(at), Some(md)) = (opts.attack_time, &md) {
                    if md.modified().is_ok_and(|m| m > at && opts.until.is_none_or(|u| m < u))
                        && (detect::wants_content(&name) || !hits.is_empty())
                    {
                        hits.push(Hit { why: Why::ModifiedAfterAttack, line: None, evidence: String::new() });
                    }
                }
                if detect::wants_content(&name) {
                    buf.clear();
                    if let Ok(f) = fs::File::open(&path) {
                        let _ = f.take(opts.max_read).read_to_end(&mut buf);
                        let text = String::from_utf8_lossy(&buf);
                        hits.extend(detect::by_content(&name, &text, &opts.own_domains));
                    }
                }
                push(&mut report, &home, &path, hits);
            }
        }
    }
    report.findings.sort_by(|a, b| a.path.cmp(&b.path));
    report
}

fn push(report: &mut Report, home: &Path, path: &Path, mut hits: Vec<Hit>) {
    // A file changed after the attack matters only beside another reason or as code/config.
    if hits.is_empty() {
        return;
    }
    hits.sort_by_key(|h| h.why);
    hits.dedup_by_key(|h| h.why);
    let rel = path.strip_prefix(home).unwrap_or(path).to_string_lossy().into_owned();
    report.findings.push(FileFinding { path: rel, hits });
}
