//! The host's own scanners, root side only (the scan command, `incident open --scan`), never
//! in the CGI:
//! - YARA rules the host keeps in `/etc/secure-reopen/yara/` (`*.yar`, `*.yara`; the folder
//!   and its files owned by root and writable by nobody else) are run by the `yara` tool as a
//!   bounded child: compiled once per scan, `--fast-scan`, no symlinks followed, a size cap per
//!   file, a deadline for the whole run and a cap on what it prints;
//! - Linux Malware Detect's last scan (`/usr/local/maldetect/sess/session.last` names it; each
//!   line of `session.hits.ID` is `SIGNATURE : PATH`): a hit on a file that is still there
//!   is a finding.
//!
//! Their matches become findings ("host rule NAME", "maldet SIGNATURE") merged into the
//! sweep's report, so a file both flag is listed once.

use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::detect::{self, Danger, Hit, Why};
use super::files::{FileFinding, Report};
use crate::paths::Paths;

/// Where the host keeps its YARA rules, under the server's root.
pub const YARA_DIR: &str = "etc/secure-reopen/yara";
/// Where Linux Malware Detect keeps its scan sessions.
pub const MALDET_SESS: &str = "usr/local/maldetect/sess";
/// The `yara` tool, where Debian and a source install put it.
const YARA_BINARIES: &[&str] = &["/usr/bin/yara", "/usr/local/bin/yara"];
/// At most this much of `yara`'s output is read (about 40,000 matches).
const MAX_OUTPUT: u64 = 4 << 20;
/// A maldet hits file larger than this is not read.
const MAX_REPORT: u64 = 8 << 20;

#[derive(Debug, Clone)]
pub struct Options {
    /// Whole `yara` run; it is killed after this.
    pub deadline: Duration,
    /// Files larger than this are skipped by `yara` (the sweep reports them itself).
    pub max_file: u64,
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { deadline: Duration::from_secs(600), max_file: 8 << 20, threads: 2 }
    }
}

/// What the host's scanners said about files under `root` (inside `home`): findings with paths
/// relative to `home`, and notes for the technician (a rule folder refused, a run cut short).
#[derive(Debug, Default)]
pub struct HostScan {
    pub findings: Vec<FileFinding>,
    pub notes: Vec<String>,
}

/// Runs the host's YARA rules over `root` and reads maldet's last report.
pub fn scan(paths: &Paths, home: &Path, root: &Path, opts: &Options) -> HostScan {
    let mut out = HostScan::default();
    let dir = paths.root().join(YARA_DIR);
    match rule_files(&dir) {
        Ok(rules) if rules.is_empty() => {}
        Ok(rules) => match run_yara(&dir, &rules, root, opts) {
            Ok((matches, note)) => {
                out.notes.extend(note);
                for (path, rule) in matches {
                    add(
                        &mut out.findings,
                        home,
                        &path,
                        Hit::meta(Why::HostRule, Danger::High, format!("host rule {rule}")),
                    );
                }
            }
            Err(e) => out.notes.push(e),
        },
        Err(e) => out.notes.push(e),
    }
    match maldet_hits(&paths.root().join(MALDET_SESS)) {
        Ok(hits) => {
            for (sig, path) in hits {
                // Only files still there, inside the folder swept, and not through a link.
                let p = PathBuf::from(&path);
                let here = p.starts_with(root) && std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_file());
                if here {
                    add(&mut out.findings, home, &p, Hit::meta(Why::HostRule, Danger::High, format!("maldet {sig}")));
                }
            }
        }
        Err(e) => out.notes.push(e),
    }
    out
}

/// Adds the host's findings to the sweep's report (one finding per file, strongest first).
pub fn merge(report: &mut Report, host: HostScan) {
    for f in host.findings {
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

fn add(findings: &mut Vec<FileFinding>, home: &Path, path: &Path, hit: Hit) {
    let rel = path.strip_prefix(home).unwrap_or(path).to_string_lossy().into_owned();
    match findings.iter_mut().find(|f| f.path == rel) {
        Some(f) => {
            if !f.hits.contains(&hit) {
                f.hits.push(hit);
            }
        }
        None => findings.push(FileFinding { path: rel, hits: vec![hit] }),
    }
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
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("cannot run {bin}: {e}"))?;
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let t_out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = (&mut out).take(MAX_OUTPUT).read_to_end(&mut b);
        // Drain the rest so yara is never blocked on a full pipe.
        let _ = std::io::copy(&mut out, &mut std::io::sink());
        b
    });
    let t_err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = (&mut err).take(16 << 10).read_to_end(&mut b);
        let _ = std::io::copy(&mut err, &mut std::io::sink());
        b
    });
    let deadline = Instant::now() + opts.deadline;
    let status = crate::child::wait_until(&mut child, deadline).map_err(|e| format!("cannot wait for {bin}: {e}"))?;
    let mut cut = status.is_none().then(|| {
        format!("the host rules did not finish within {} s: their matches so far are listed", opts.deadline.as_secs())
    });
    let stdout = t_out.join().unwrap_or_default();
    let stderr = t_err.join().unwrap_or_default();
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

/// maldet's last scan: `(signature, path)` of every hit; none when maldet never ran.
fn maldet_hits(sess: &Path) -> Result<Vec<(String, String)>, String> {
    let Some(last) = read_capped(&sess.join("session.last"), 256)? else { return Ok(Vec::new()) };
    let id = String::from_utf8_lossy(&last).trim().to_owned();
    if id.is_empty() || !id.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-') {
        return Err(format!("maldet's last scan id in {} is not one", sess.join("session.last").display()));
    }
    let file = sess.join(format!("session.hits.{id}"));
    let Some(text) = read_capped(&file, MAX_REPORT)? else { return Ok(Vec::new()) };
    Ok(String::from_utf8_lossy(&text)
        .lines()
        .filter_map(|l| l.split_once(" : "))
        .map(|(sig, path)| (sig.trim().chars().take(120).collect(), path.trim().to_owned()))
        .filter(|(_, p)| p.starts_with('/'))
        .collect())
}

/// A report file, without following a link, up to `max` bytes; `None` when absent.
fn read_capped(path: &Path, max: u64) -> Result<Option<Vec<u8>>, String> {
    let f = match std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    if !f.metadata().is_ok_and(|m| m.is_file()) {
        return Err(format!("{} is not a file", path.display()));
    }
    let mut b = Vec::new();
    f.take(max).read_to_end(&mut b).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(Some(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yara_lines_and_maldet_lines_are_read() {
        let m = parse_yara(b"Webshell_x /h/a b.php\n/etc/passwd\nbad rule! /h/c\nR /elsewhere/x\n", Path::new("/h"));
        assert_eq!(m, [(PathBuf::from("/h/a b.php"), "Webshell_x".to_owned())]);
    }
}
