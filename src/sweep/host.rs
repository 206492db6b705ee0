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

use std::io::{Read, Seek};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::detect::{self, Danger, Hit, Why};
use super::files::{FileFinding, Report};
use crate::paths::Paths;

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

/// The folder's rule files, sorted; none when the folder does not exist; an error when it is
/// not the host's.
fn rule_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let md = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read the host rule folder {}: {e}", dir.display())),
    };
    if !md.is_dir() || !trusted(&md) {
        return Err(format!(
            "host rules in {} not used: the folder must be root's and writable only by root",
            dir.display()
        ));
    }
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for e in entries.flatten() {
        let p = e.path();
        let rule = p.extension().is_some_and(|x| x == "yar" || x == "yara");
        if !rule {
            continue;
        }
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_file() && trusted(&m) => out.push(p),
            _ => {
                return Err(format!(
                    "host rule {} not used: it must be a file of root's, writable only by root",
                    p.display()
                ));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn yara_binary() -> Option<&'static str> {
    YARA_BINARIES.iter().copied().find(|p| Path::new(p).is_file())
}

type Matches = Vec<(PathBuf, String)>;

/// `yara -r` over `root` with every rule file (compiled once), bounded.
fn run_yara(dir: &Path, rules: &[PathBuf], root: &Path, opts: &Options) -> Result<(Matches, Option<String>), String> {
    let Some(bin) = yara_binary() else {
        return Err(format!("host rules in {} not used: the yara tool is not installed", dir.display()));
    };
    let mut cmd = Command::new(bin);
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .args(["--recursive", "--fast-scan", "--no-follow-symlinks", "--no-warnings"])
        .arg(format!("--skip-larger={}", opts.max_file))
        .arg(format!("--threads={}", opts.threads.clamp(1, 8)))
        .arg(format!("--timeout={}", opts.deadline.as_secs().max(1)))
        .args(rules)
        .arg(root);
    let (status, stdout, stderr) = run_bounded(cmd, opts.deadline).map_err(|e| format!("cannot run {bin}: {e}"))?;
    let mut cut = status.is_none().then(|| {
        format!("the host rules did not finish within {} s: their matches so far are listed", opts.deadline.as_secs())
    });
    if let Some(st) = status
        && !st.success()
        && stdout.is_empty()
    {
        let msg = String::from_utf8_lossy(&stderr);
        let first = msg.lines().next().unwrap_or("").chars().take(200).collect::<String>();
        return Err(format!("the host rules in {} could not run (yara: {first})", dir.display()));
    }
    if stdout.len() as u64 >= MAX_OUTPUT && cut.is_none() {
        cut = Some("the host rules matched too often: only the first matches are listed".into());
    }
    Ok((parse_yara(&stdout, root), cut))
}

/// `yara` on one file of the customer's, opened by root first without following any link
/// ([`crate::fsutil::open_user_file`]) and handed to `yara` as its standard input: the file
/// checked is the one root opened, even if the path is swapped for a link meanwhile. The
/// names of the rules that match.
fn yara_on_file(
    dir: &Path,
    rules: &[PathBuf],
    home: &Path,
    rel: &Path,
    deadline: Duration,
) -> Result<(Vec<String>, Option<String>), String> {
    let Some(bin) = yara_binary() else {
        return Err(format!("host rules in {} not used: the yara tool is not installed", dir.display()));
    };
    let file = match crate::fsutil::open_user_file(home, rel) {
        Ok(Some(f)) => f,
        Ok(None) => return Ok((Vec::new(), None)),
        Err(e) => return Err(format!("{} not checked again: {e}", rel.display())),
    };
    const TARGET: &str = "/dev/stdin";
    let mut cmd = Command::new(bin);
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .args(["--fast-scan", "--no-warnings"])
        .arg(format!("--timeout={}", deadline.as_secs().max(1)))
        .args(rules)
        .arg(TARGET)
        .stdin(Stdio::from(file));
    let (status, stdout, _) = run_bounded_with(&mut cmd, deadline).map_err(|e| format!("cannot run {bin}: {e}"))?;
    let cut =
        status.is_none().then(|| format!("{} was not checked again within {} s", rel.display(), deadline.as_secs()));
    let names = parse_yara(&stdout, Path::new(TARGET)).into_iter().map(|(_, rule)| rule).collect();
    Ok((names, cut))
}

/// `RULE PATH` lines (a path may hold spaces; a rule name never does); paths outside `root`
/// are dropped.
fn parse_yara(out: &[u8], root: &Path) -> Matches {
    use std::os::unix::ffi::OsStrExt;
    let mut v = Vec::new();
    for line in out.split(|c| *c == b'\n') {
        let Some(sp) = line.iter().position(|c| *c == b' ') else { continue };
        let (rule, path) = (&line[..sp], &line[sp + 1..]);
        let valid = !rule.is_empty() && rule.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b':');
        let path = PathBuf::from(std::ffi::OsStr::from_bytes(path));
        if valid && path.starts_with(root) {
            v.push((path, String::from_utf8_lossy(rule).into_owned()));
        }
    }
    v
}

/// maldet's last scan: `(signature, path, written)` of every hit (`written`: when the hits file
/// was last written); none when maldet never ran.
fn maldet_hits(sess: &Path) -> Result<Vec<(String, String, Option<i64>)>, String> {
    let Some(last) = read_report(&sess.join("session.last"), 256)? else { return Ok(Vec::new()) };
    let id = String::from_utf8_lossy(&last).trim().to_owned();
    if id.is_empty() || !id.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-') {
        return Err(format!("maldet's last scan id in {} is not one", sess.join("session.last").display()));
    }
    let file = sess.join(format!("session.hits.{id}"));
    let Some(text) = read_report(&file, MAX_REPORT)? else { return Ok(Vec::new()) };
    // The scan ended when its hits were written: a file changed after that is judged anew.
    let written = std::fs::symlink_metadata(&file).ok().map(|m| m.mtime());
    Ok(String::from_utf8_lossy(&text)
        .lines()
        .filter_map(|l| l.split_once(" : "))
        .map(|(sig, path)| (sig.trim().chars().take(120).collect(), path.trim().to_owned(), written))
        .filter(|(_, p, _)| p.starts_with('/'))
        .collect())
}

/// A report or log of the host's, without following a link: its last `max` bytes (the newest
/// lines; the first, cut line is dropped); `None` when absent; an error when it is not a file
/// of root's that only root can write (see [`report_owner_ok`]).
fn read_report(path: &Path, max: u64) -> Result<Option<Vec<u8>>, String> {
    let mut f =
        match std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
    let md = f.metadata().map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !md.is_file() {
        return Err(format!("{} is not a file", path.display()));
    }
    if !report_owner_ok(&md) {
        return Err(format!("{} not used: it must be root's and writable only by root", path.display()));
    }
    let cut = md.len() > max;
    if cut {
        f.seek(std::io::SeekFrom::Start(md.len() - max)).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    }
    let mut b = Vec::new();
    f.take(max).read_to_end(&mut b).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if cut && let Some(nl) = b.iter().position(|c| *c == b'\n') {
        b.drain(..=nl);
    }
    Ok(Some(b))
}

/// A report may also be the scanner's own account's (Debian's clamd writes its log as
/// `clamav`), never a customer's: a system account (uid below 1000) of that name.
fn report_owner_ok(md: &std::fs::Metadata) -> bool {
    if trusted(md) {
        return true;
    }
    md.mode() & 0o022 == 0 && md.uid() < 1000 && user_name(md.uid()).is_some_and(|n| n == "clamav" || n == "clamscan")
}

fn user_name(uid: u32) -> Option<String> {
    // SAFETY: getpwuid returns NULL or a pointer to static storage, read at once.
    let pw = unsafe { libc::getpwuid(uid) };
    if pw.is_null() {
        return None;
    }
    // SAFETY: pw is non-null; pw_name is a NUL-terminated string.
    let name = unsafe { std::ffi::CStr::from_ptr((*pw).pw_name) };
    Some(name.to_string_lossy().into_owned())
}

/// Where a technician keeps `clamscan --log` reports for the sweep to read.
pub fn clamscan_dir(paths: &Paths) -> PathBuf {
    paths.data_dir().join("clamav")
}

/// Every ClamAV hit the host's reports hold: `(path, signature, seen)`, `seen` the Unix time of
/// the line (clamd's `LogTime`) or of the report's last write.
fn clamav_hits(paths: &Paths, notes: &mut Vec<String>) -> Vec<(PathBuf, String, Option<i64>)> {
    let mut logs = Vec::new();
    // clamd's log: the first configuration there is names it.
    for conf in CLAMD_CONFS.iter().map(|c| paths.root().join(c)) {
        match read_report(&conf, 1 << 20) {
            Ok(Some(text)) => {
                if let Some(log) = clamd_log_file(&String::from_utf8_lossy(&text)) {
                    logs.push(paths.root().join(log.trim_start_matches('/')));
                }
                break;
            }
            Ok(None) => {}
            Err(e) => {
                notes.push(format!("ClamAV's configuration {e}"));
                break;
            }
        }
    }
    let dir = clamscan_dir(paths);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        match std::fs::symlink_metadata(&dir) {
            Ok(md) if md.is_dir() && trusted(&md) => {
                let mut found: Vec<PathBuf> =
                    entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "log")).collect();
                found.sort();
                logs.extend(found);
            }
            _ => notes.push(format!(
                "ClamAV reports in {} not used: the folder must be root's and writable only by root",
                dir.display()
            )),
        }
    }
    let mut out = Vec::new();
    for log in logs {
        match read_report(&log, MAX_REPORT) {
            Ok(Some(text)) => {
                let written = std::fs::symlink_metadata(&log).ok().map(|m| m.mtime());
                for (path, sig, at) in parse_clamav(&text) {
                    out.push((path, sig, at.or(written)));
                }
            }
            Ok(None) => {}
            Err(e) => notes.push(format!("ClamAV's report {e}")),
        }
    }
    out
}

/// The `LogFile` a clamd configuration names (the last, if it is named twice), when it is an
/// absolute path.
fn clamd_log_file(conf: &str) -> Option<String> {
    conf.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            (w.next()? == "LogFile").then(|| w.next()).flatten()
        })
        .rfind(|p| p.starts_with('/'))
        .map(str::to_owned)
}

/// `PATH: SIGNATURE FOUND` lines of a clamscan report or clamd log. clamd may write
/// `SIGNATURE(HASH:SIZE)` (`ExtendedDetectionInfo`) and start a line with `ctime -> `
/// (`LogTime`); the time is returned when there is one.
fn parse_clamav(text: &[u8]) -> Vec<(PathBuf, String, Option<i64>)> {
    use std::os::unix::ffi::OsStrExt;
    let mut out = Vec::new();
    for line in text.split(|c| *c == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(body) = line.strip_suffix(b" FOUND") else { continue };
        let (at, body) = match body.windows(5).position(|w| w == b" -> /") {
            Some(i) if i == 24 => (ctime(&String::from_utf8_lossy(&body[..i])), &body[i + 4..]),
            _ => (None, body),
        };
        let Some(colon) = body.windows(2).rposition(|w| w == b": ") else { continue };
        let (path, sig) = (&body[..colon], &body[colon + 2..]);
        let sig = match sig.iter().position(|c| *c == b'(') {
            Some(i) if sig.ends_with(b")") => &sig[..i],
            _ => sig,
        };
        let valid = !sig.is_empty() && sig.iter().all(|c| c.is_ascii_graphic());
        if valid && path.starts_with(b"/") {
            out.push((PathBuf::from(std::ffi::OsStr::from_bytes(path)), String::from_utf8_lossy(sig).into_owned(), at));
        }
    }
    out
}

/// A `ctime` time ("Wed Nov 25 21:26:24 2026", the server's local time) as Unix time.
fn ctime(s: &str) -> Option<i64> {
    let w: Vec<&str> = s.split_whitespace().collect();
    let [_, mon, day, hms, year] = w.as_slice() else { return None };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mon = MONTHS.iter().position(|m| m == mon)? as i32;
    let t: Vec<i32> = hms.split(':').map(str::parse).collect::<Result<_, _>>().ok()?;
    let [h, m, sec] = t.as_slice() else { return None };
    // SAFETY: tm is plain data; mktime reads and normalises it.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    tm.tm_year = year.parse::<i32>().ok()? - 1900;
    tm.tm_mon = mon;
    tm.tm_mday = day.parse().ok()?;
    (tm.tm_hour, tm.tm_min, tm.tm_sec) = (*h, *m, *sec);
    tm.tm_isdst = -1;
    // SAFETY: tm is a valid, initialised struct.
    let t = unsafe { libc::mktime(&mut tm) };
    (t != -1).then_some(t)
}

/// ImunifyAV's Malicious List: `(file, type, detected)` of every entry not cleaned by it
/// (`status` `cleanup_done` / `cleanup_removed`). None when it is not installed.
fn imunify_hits(paths: &Paths, opts: &Options) -> Result<Vec<(PathBuf, String, Option<i64>)>, String> {
    let Some(cli) = IMUNIFY_CLIS.iter().map(|c| paths.root().join(c)).find(|p| p.exists()) else {
        return Ok(Vec::new());
    };
    match std::fs::symlink_metadata(&cli) {
        Ok(m) if m.is_file() && trusted(&m) => {}
        _ => return Err(format!("{} not run: it must be root's and writable only by root", cli.display())),
    }
    let mut cmd = Command::new(&cli);
    cmd.env_clear().env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").args([
        "malware",
        "malicious",
        "list",
        "--json",
        "--limit",
        IMUNIFY_LIMIT,
    ]);
    if let Some(u) = &opts.user {
        cmd.args(["--user", u]);
    }
    let deadline = opts.deadline.min(Duration::from_secs(120));
    let (status, stdout, stderr) =
        run_bounded(cmd, deadline).map_err(|e| format!("cannot run {}: {e}", cli.display()))?;
    let Some(status) = status else {
        return Err(format!("ImunifyAV's list did not answer within {} s", deadline.as_secs()));
    };
    if !status.success() {
        let msg = String::from_utf8_lossy(&stderr);
        let first: String = msg.lines().next().unwrap_or("").chars().take(200).collect();
        return Err(format!("ImunifyAV's list could not be read ({}: {first})", cli.display()));
    }
    parse_imunify(&stdout).map_err(|e| format!("ImunifyAV's list is not what it documents: {e}"))
}

/// The Malicious List as `--json` prints it: `{"items": [...]}` (or a bare list), each entry
/// with `file`, `type`, `status`, `malicious` and `created`.
fn parse_imunify(out: &[u8]) -> Result<Vec<(PathBuf, String, Option<i64>)>, String> {
    let v: serde_json::Value = serde_json::from_slice(out).map_err(|e| e.to_string())?;
    let items = v.get("items").unwrap_or(&v).as_array().ok_or("no list of items")?;
    let mut hits = Vec::new();
    for i in items {
        let Some(file) = i.get("file").and_then(|f| f.as_str()) else { continue };
        let status = i.get("status").and_then(|s| s.as_str()).unwrap_or("");
        let cleaned = status.starts_with("cleanup_done") || status.starts_with("cleanup_removed");
        let malicious = i.get("malicious").and_then(|m| m.as_bool()) != Some(false);
        if cleaned || !malicious {
            continue;
        }
        let kind = i.get("type").and_then(|t| t.as_str()).unwrap_or("malware");
        let created = i.get("created").or_else(|| i.get("Created")).and_then(|c| c.as_f64()).map(|c| c as i64);
        hits.push((PathBuf::from(file), kind.to_owned(), created));
    }
    Ok(hits)
}

/// Runs `cmd` with no input, reading at most [`MAX_OUTPUT`] of its output, killed at `deadline`.
fn run_bounded(
    mut cmd: Command,
    deadline: Duration,
) -> std::io::Result<(Option<std::process::ExitStatus>, Vec<u8>, Vec<u8>)> {
    run_bounded_with(cmd.stdin(Stdio::null()), deadline)
}

/// [`run_bounded`] with the standard input the caller set.
fn run_bounded_with(
    cmd: &mut Command,
    deadline: Duration,
) -> std::io::Result<(Option<std::process::ExitStatus>, Vec<u8>, Vec<u8>)> {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn()?;
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let t_out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = (&mut out).take(MAX_OUTPUT).read_to_end(&mut b);
        // Drain the rest so the child is never blocked on a full pipe.
        let _ = std::io::copy(&mut out, &mut std::io::sink());
        b
    });
    let t_err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = (&mut err).take(16 << 10).read_to_end(&mut b);
        let _ = std::io::copy(&mut err, &mut std::io::sink());
        b
    });
    let status = crate::child::wait_until(&mut child, Instant::now() + deadline)?;
    Ok((status, t_out.join().unwrap_or_default(), t_err.join().unwrap_or_default()))
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
