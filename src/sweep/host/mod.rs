//! The host's own scanners, root side only (the scan command, `incident open --scan`, root's
//! reopen check), never in the CGI:
//! - YARA rules the host keeps in `/etc/secure-reopen/yara/` (`*.yar`, `*.yara`; the folder
//!   and its files owned by root and writable by nobody else) are run by the `yara` tool as a
//!   bounded child: compiled once per scan, `--fast-scan`, no symlinks followed, a size cap per
//!   file, a deadline for the whole run and a cap on what it prints;
//! - Linux Malware Detect's last scan (`/usr/local/maldetect/sess/session.last` names it; each
//!   line of `session.hits.ID` is `SIGNATURE : PATH`);
//! - ClamAV's reports: clamd's log (the `LogFile` its `clamd.conf` names) and the reports a
//!   technician saved with `clamscan --log` in `/var/cpanel/secure_reopen/clamav/` (`*.log`);
//!   a hit is a line `PATH: SIGNATURE FOUND` (clamd may add `(HASH:SIZE)` to the signature and
//!   a `ctime -> ` time before the path);
//! - ImunifyAV's (or Imunify360's) Malicious List, from its own command line
//!   (`imunify-antivirus malware malicious list --json`) run as a bounded child.
//!
//! A report or rule file is used only when root (or whoever runs the scan: a technician's own
//! folder, a test) owns it and nobody else can write to it. A hit counts when the file is still
//! there, inside the folder swept, not behind a link, and not changed since the scanner saw it
//! (when the report says when that was). Hits become findings ("host rule NAME", "maldet
//! SIGNATURE", "ClamAV SIGNATURE", "ImunifyAV TYPE") merged into the sweep's report, so a file
//! both flag is listed once.
//!
//! Root keeps what they said about an account in `incidents/USER.host.json` (root's, readable by
//! the customer's group, like the incident record): the customer's page lists those hits with
//! the sweep's own so the customer can remove the file, and root's reopen check
//! ([`for_gate`]) reads the reports again and checks the YARA matches again itself.

use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::detect::{self, Danger, Hit, Why};
use super::files::{FileFinding, Report};
use crate::paths::Paths;

mod reports;
mod yara;
pub use reports::clamscan_dir;
use reports::*;
use yara::*;

/// Where the host keeps its YARA rules, under the server's root.
pub const YARA_DIR: &str = "etc/secure-reopen/yara";
/// Where Linux Malware Detect keeps its scan sessions.
pub const MALDET_SESS: &str = "usr/local/maldetect/sess";
/// clamd's configuration: cPanel's own ClamAV first (`Cpanel/ServiceManager/Services/Clamd.pm`),
/// then the distributions' (RHEL's, Debian's, EPEL's clamd@scan).
pub const CLAMD_CONFS: &[&str] =
    &["usr/local/cpanel/3rdparty/etc/clamd.conf", "etc/clamd.conf", "etc/clamav/clamd.conf", "etc/clamd.d/scan.conf"];
/// The host's list of cleared files: a SHA-256 per line (as `sha256sum` prints it; `#` starts a
/// comment). A hit on a file with one of these contents is a false positive the technician
/// cleared; the same file changed is judged again.
pub const CLEARED_LIST: &str = "etc/secure-reopen/host-cleared.sha256";
/// ImunifyAV's command line, then Imunify360's (the same `malware malicious list`).
pub const IMUNIFY_CLIS: &[&str] = &["usr/bin/imunify-antivirus", "usr/bin/imunify360-agent"];
/// The `yara` tool, where Debian and a source install put it.
const YARA_BINARIES: &[&str] = &["/usr/bin/yara", "/usr/local/bin/yara"];
/// At most this much of `yara`'s or ImunifyAV's output is read (about 40,000 matches).
const MAX_OUTPUT: u64 = 4 << 20;
/// Of a report or log, at most this much (its end, the newest lines) is read.
const MAX_REPORT: u64 = 8 << 20;
/// At most this many Malicious List entries are asked for.
const IMUNIFY_LIMIT: &str = "10000";
/// A file is listed with at most this many of the host's hits.
const MAX_HITS_PER_FILE: usize = 8;
/// At most this many recorded YARA matches are checked again at a reopen (the rest stay open).
const MAX_RECHECK: usize = 32;

#[derive(Debug, Clone)]
pub struct Options {
    /// Whole `yara` run (and ImunifyAV's list); it is killed after this.
    pub deadline: Duration,
    /// Files larger than this are skipped by `yara` (the sweep reports them itself).
    pub max_file: u64,
    pub threads: usize,
    /// The account whose home is swept, when known: ImunifyAV is asked for its files only.
    pub user: Option<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options { deadline: Duration::from_secs(600), max_file: 8 << 20, threads: 2, user: None }
    }
}

/// Which of the host's scanners said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scanner {
    Yara,
    Maldet,
    Clamav,
    Imunify,
}

impl Scanner {
    /// How a finding's evidence names it.
    fn label(self) -> &'static str {
        match self {
            Scanner::Yara => "host rule",
            Scanner::Maldet => "maldet",
            Scanner::Clamav => "ClamAV",
            Scanner::Imunify => "ImunifyAV",
        }
    }
}

/// One file a host scanner flagged: its path relative to the home, and what the scanner
/// called it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HostHit {
    pub path: String,
    pub scanner: Scanner,
    pub signature: String,
}

impl HostHit {
    fn new(home: &Path, path: &Path, scanner: Scanner, signature: &str) -> HostHit {
        let rel = path.strip_prefix(home).unwrap_or(path).to_string_lossy().into_owned();
        let signature: String = signature.chars().filter(|c| !c.is_control()).take(120).collect();
        HostHit { path: rel, scanner, signature }
    }

    /// The finding's evidence: "ClamAV Php.Webshell-1".
    pub fn evidence(&self) -> String {
        format!("{} {}", self.scanner.label(), self.signature)
    }
}

/// What the host's scanners said about files under `root` (inside `home`): hits with paths
/// relative to `home`, and notes for the technician (a rule folder refused, a run cut short).
#[derive(Debug, Default)]
pub struct HostScan {
    pub hits: Vec<HostHit>,
    pub notes: Vec<String>,
    /// Reports the host has that could not be read ([`for_gate`]): what they say is unknown,
    /// so root cannot vouch that nothing is flagged.
    pub unread: Vec<String>,
    /// Files (relative to the home) whose content the technician cleared ([`CLEARED_LIST`]):
    /// their hits are kept in the record, never listed or counted.
    pub cleared: Vec<String>,
    /// The hits already listed, and how many each file has (a file is listed with at most
    /// [`MAX_HITS_PER_FILE`]: a report naming one file a thousand times stays quick).
    seen: std::collections::HashSet<HostHit>,
    per_file: std::collections::HashMap<String, usize>,
}

impl HostScan {
    /// One finding per file, as the sweep reports them.
    pub fn findings(&self) -> Vec<FileFinding> {
        let mut out: Vec<FileFinding> = Vec::new();
        let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for h in self.hits.iter().filter(|h| !self.cleared.contains(&h.path)) {
            let hit = Hit::meta(Why::HostRule, Danger::High, h.evidence());
            match at.get(h.path.as_str()) {
                Some(&i) => out[i].hits.push(hit),
                None => {
                    at.insert(&h.path, out.len());
                    out.push(FileFinding { path: h.path.clone(), hits: vec![hit] });
                }
            }
        }
        out
    }

    fn push(&mut self, hit: HostHit) {
        let n = self.per_file.get(&hit.path).copied().unwrap_or(0);
        if n < MAX_HITS_PER_FILE && !self.seen.contains(&hit) {
            self.per_file.insert(hit.path.clone(), n + 1);
            self.seen.insert(hit.clone());
            self.hits.push(hit);
        }
    }
}

/// Runs the host's YARA rules over `root` and reads the other scanners' reports.
pub fn scan(paths: &Paths, home: &Path, root: &Path, opts: &Options) -> HostScan {
    let mut out = HostScan::default();
    let dir = paths.root().join(YARA_DIR);
    match rule_files(&dir) {
        Ok(rules) if rules.is_empty() => {}
        Ok(rules) => match run_yara(&dir, &rules, root, opts) {
            Ok((matches, note)) => {
                out.notes.extend(note);
                for (path, rule) in matches {
                    out.push(HostHit::new(home, &path, Scanner::Yara, &rule));
                }
            }
            Err(e) => out.notes.push(e),
        },
        Err(e) => out.notes.push(e),
    }
    let reports = reports(paths, home, root, opts);
    out.notes.extend(reports.notes);
    for h in reports.hits {
        out.push(h);
    }
    clear(paths, home, &mut out);
    out
}

/// Marks the hits on files whose content the technician cleared ([`CLEARED_LIST`]).
fn clear(paths: &Paths, home: &Path, out: &mut HostScan) {
    if out.hits.is_empty() {
        return;
    }
    let list = match read_report(&paths.root().join(CLEARED_LIST), 4 << 20) {
        Ok(Some(text)) => String::from_utf8_lossy(&text)
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|h| h.len() == 64 && h.bytes().all(|c| c.is_ascii_hexdigit()))
            .map(str::to_ascii_lowercase)
            .collect::<std::collections::HashSet<String>>(),
        Ok(None) => return,
        Err(e) => {
            out.notes.push(format!("the host's list of cleared files {e}"));
            return;
        }
    };
    let mut files: Vec<&str> = out.hits.iter().map(|h| h.path.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    let cleared: Vec<String> = files
        .into_iter()
        .filter(|rel| content_sha256(&home.join(rel)).is_some_and(|h| list.contains(&h)))
        .map(str::to_owned)
        .collect();
    out.cleared = cleared;
}

/// A file's SHA-256, read without following a link, regular files up to 64 MB only.
fn content_sha256(path: &Path) -> Option<String> {
    use sha2::{Digest, Sha256};
    let f = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path).ok()?;
    let md = f.metadata().ok()?;
    if !md.is_file() || md.len() > 64 << 20 {
        return None;
    }
    let mut h = Sha256::new();
    std::io::copy(&mut f.take(64 << 20), &mut h).ok()?;
    Some(crate::audit::hex(&h.finalize()))
}

/// What the scanners that already ran say (maldet, ClamAV, ImunifyAV): quick, nothing is
/// scanned again.
fn reports(paths: &Paths, home: &Path, root: &Path, opts: &Options) -> HostScan {
    let mut out = HostScan::default();
    match maldet_hits(&paths.root().join(MALDET_SESS)) {
        Ok(hits) => {
            for (sig, path, written) in hits {
                let p = PathBuf::from(&path);
                if still_here(root, &p, written) {
                    out.push(HostHit::new(home, &p, Scanner::Maldet, &sig));
                }
            }
        }
        Err(e) => out.notes.push(e),
    }
    for (path, sig, at) in clamav_hits(paths, &mut out.notes) {
        if still_here(root, &path, at) {
            out.push(HostHit::new(home, &path, Scanner::Clamav, &sig));
        }
    }
    match imunify_hits(paths, opts) {
        Ok(hits) => {
            for (path, kind, at) in hits {
                if still_here(root, &path, at) {
                    out.push(HostHit::new(home, &path, Scanner::Imunify, &kind));
                }
            }
        }
        Err(e) => out.notes.push(e),
    }
    out
}

/// A hit stands when its file is still a file at that path (not a link), inside `root`, and
/// was not changed after the scanner saw it (`seen`, Unix time, when the report says).
fn still_here(root: &Path, path: &Path, seen: Option<i64>) -> bool {
    if !path.is_absolute() || !path.starts_with(root) {
        return false;
    }
    let inside = path.components().all(|c| !matches!(c, std::path::Component::ParentDir));
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && inside => seen.is_none_or(|t| m.mtime() <= t),
        _ => false,
    }
}

/// Adds the host's findings to the sweep's report (one finding per file, strongest first).
pub fn merge(report: &mut Report, host: &HostScan) {
    for f in host.findings() {
        match report.findings.iter_mut().find(|g| g.path == f.path) {
            Some(g) => {
                g.hits.extend(f.hits);
                g.hits = detect::rank(std::mem::take(&mut g.hits));
            }
            None => report.findings.push(f),
        }
    }
    report.findings.sort_by(|a, b| b.danger().cmp(&a.danger()).then_with(|| a.path.cmp(&b.path)));
}

/// Whether the host, not a customer, controls a rule folder or file: owned by root (or by
/// whoever runs the scan, when that is not root: a technician's own folder or a test), not a
/// link, writable by nobody else.
fn trusted(md: &std::fs::Metadata) -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    !md.file_type().is_symlink() && (md.uid() == 0 || md.uid() == me) && md.mode() & 0o022 == 0
}

/// Root's record of what the host's scanners said about an account.
#[derive(Debug, Serialize, Deserialize)]
pub struct Record {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub hits: Vec<HostHit>,
    /// Files whose content the technician cleared when root read the reports.
    #[serde(default)]
    pub cleared: Vec<String>,
}

pub fn record_file(paths: &Paths, user: &str) -> PathBuf {
    paths.incidents_dir().join(format!("{user}.host.json"))
}

/// Keeps `hits` as the account's record: root's, readable by the customer's group (their page
/// lists the hits), written atomically.
pub fn save_record(paths: &Paths, user: &str, host: &HostScan) -> std::io::Result<()> {
    let path = record_file(paths, user);
    let record = Record { at: OffsetDateTime::now_utc(), hits: host.hits.clone(), cleared: host.cleared.clone() };
    crate::fsutil::write_json(&path, &record, 0o640)?;
    crate::fsutil::share_with_user_group(&path, user)
}

/// The account's record; `None` when root never kept one.
pub fn load_record(paths: &Paths, user: &str) -> Result<Option<Record>, String> {
    let path = record_file(paths, user);
    let f = match std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    if !f.metadata().is_ok_and(|m| m.is_file()) {
        return Err(format!("{} is not a file", path.display()));
    }
    let mut b = Vec::new();
    f.take(MAX_REPORT).read_to_end(&mut b).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_slice(&b).map(Some).map_err(|e| format!("{} is damaged: {e}", path.display()))
}

/// Root's reopen check: the scanners' reports read again now, and the YARA matches root
/// recorded (`incident open --scan`) checked again on the files still there (at most
/// [`MAX_RECHECK`]; a match that cannot be checked again stays). `yara` never runs over the
/// whole home here: the reopen must answer quickly.
pub fn for_gate(paths: &Paths, user: &str, home: &Path) -> HostScan {
    let mut out = gate_scan(paths, user, home);
    clear(paths, home, &mut out);
    out
}

fn gate_scan(paths: &Paths, user: &str, home: &Path) -> HostScan {
    let opts = Options { deadline: Duration::from_secs(60), user: Some(user.to_owned()), ..Default::default() };
    let mut out = reports(paths, home, home, &opts);
    let recorded = match load_record(paths, user) {
        Ok(r) => r.map(|r| r.hits).unwrap_or_default(),
        Err(e) => {
            out.notes.push(e);
            Vec::new()
        }
    };
    // A YARA match that cannot be checked again stands (below); a report that cannot be read
    // hides what it says.
    out.unread = out.notes.clone();
    let yara: Vec<HostHit> = recorded.into_iter().filter(|h| h.scanner == Scanner::Yara).collect();
    if yara.is_empty() {
        return out;
    }
    let dir = paths.root().join(YARA_DIR);
    let rules = rule_files(&dir).unwrap_or_default();
    let mut checked = 0;
    let mut seen: Vec<&str> = Vec::new();
    for h in &yara {
        let abs = home.join(&h.path);
        if seen.contains(&h.path.as_str()) {
            continue;
        }
        seen.push(&h.path);
        let present = still_here(home, &abs, None);
        if !present || rules.is_empty() || checked >= MAX_RECHECK {
            // Gone (kept in the record, not open), or not checkable again: it stands.
            out.push(h.clone());
            continue;
        }
        checked += 1;
        match yara_on_file(&dir, &rules, home, Path::new(&h.path), Duration::from_secs(20)) {
            Ok((rules_matched, None)) => {
                for rule in rules_matched {
                    out.push(HostHit::new(home, &abs, Scanner::Yara, &rule));
                }
            }
            Ok((_, Some(note))) | Err(note) => {
                out.notes.push(note);
                yara.iter().filter(|y| y.path == h.path).for_each(|y| out.push(y.clone()));
            }
        }
    }
    out
}

/// [`for_gate`], then kept as the account's record (the page shows what root saw last). A
/// record that cannot be written is a note: the check itself stands.
pub fn refresh_record(paths: &Paths, user: &str, home: &Path) -> HostScan {
    let mut host = for_gate(paths, user, home);
    if let Err(e) = save_record(paths, user, &host) {
        host.notes.push(format!("cannot write {}: {e}", record_file(paths, user).display()));
    }
    host
}

/// The hits on files still in `home` (not behind a link), as the sweep's findings: one per
/// file, listed and acted on like the sweep's own. Messages in the mailboxes (`mail/`, where
/// ClamAV flags the phishing and viruses people send) are not what an attacker left to come
/// back: the technician's scan lists them, the review does not.
pub fn open_findings(home: &Path, hits: &[HostHit], cleared: &[String]) -> Vec<super::Finding> {
    let mut out: Vec<super::Finding> = Vec::new();
    let mut listed = std::collections::HashSet::new();
    for h in hits {
        if listed.contains(h.path.as_str()) || cleared.contains(&h.path) {
            continue;
        }
        let rel = Path::new(&h.path);
        let inside = !rel.is_absolute() && rel.components().all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside || rel.starts_with("mail") || !std::fs::symlink_metadata(home.join(rel)).is_ok_and(|m| m.is_file()) {
            continue;
        }
        let f = super::Finding::new(
            super::Subject::File { path: h.path.clone() },
            vec![super::Reason::File(Why::HostRule)],
            h.evidence(),
        );
        listed.insert(h.path.as_str());
        out.push(f);
    }
    out
}

/// Adds host findings to a sweep's list: a file the sweep flagged too keeps its one finding
/// (the host's reason added; the sweep's evidence first).
pub fn merge_findings(list: &mut Vec<super::Finding>, host: Vec<super::Finding>) {
    for f in host {
        match list.iter_mut().find(|g| g.id == f.id) {
            Some(g) => {
                for r in f.reasons {
                    if !g.reasons.contains(&r) {
                        g.reasons.push(r);
                    }
                }
                if g.evidence.is_empty() {
                    g.evidence = f.evidence;
                }
            }
            None => list.push(f),
        }
    }
}

#[cfg(test)]
mod tests;
