//! The host's YARA rules, run by the `yara` tool as a bounded child.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::*;

/// The folder's rule files, sorted; none when the folder does not exist; an error when it is
/// not the host's.
pub(super) fn rule_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
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

pub(super) fn yara_binary() -> Option<&'static str> {
    YARA_BINARIES.iter().copied().find(|p| Path::new(p).is_file())
}

type Matches = Vec<(PathBuf, String)>;

/// `yara -r` over `root` with every rule file (compiled once), bounded.
pub(super) fn run_yara(
    dir: &Path,
    rules: &[PathBuf],
    root: &Path,
    opts: &Options,
) -> Result<(Matches, Option<String>), String> {
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
pub(super) fn yara_on_file(
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
pub(super) fn parse_yara(out: &[u8], root: &Path) -> Matches {
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
