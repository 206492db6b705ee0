//! What the host's other scanners already said: maldet's last session, ClamAV's logs and
//! ImunifyAV's Malicious List, each read under root's rules for reports.

use std::io::{Read, Seek};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::*;

/// maldet's last scan: `(signature, path, written)` of every hit (`written`: when the hits file
/// was last written); none when maldet never ran.
pub(super) fn maldet_hits(sess: &Path) -> Result<Vec<(String, String, Option<i64>)>, String> {
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
pub(super) fn read_report(path: &Path, max: u64) -> Result<Option<Vec<u8>>, String> {
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
pub(super) fn report_owner_ok(md: &std::fs::Metadata) -> bool {
    if trusted(md) {
        return true;
    }
    md.mode() & 0o022 == 0 && md.uid() < 1000 && user_name(md.uid()).is_some_and(|n| n == "clamav" || n == "clamscan")
}

pub(super) fn user_name(uid: u32) -> Option<String> {
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
pub(super) fn clamav_hits(paths: &Paths, notes: &mut Vec<String>) -> Vec<(PathBuf, String, Option<i64>)> {
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
pub(super) fn clamd_log_file(conf: &str) -> Option<String> {
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
pub(super) fn parse_clamav(text: &[u8]) -> Vec<(PathBuf, String, Option<i64>)> {
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
pub(super) fn ctime(s: &str) -> Option<i64> {
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
pub(super) fn imunify_hits(paths: &Paths, opts: &Options) -> Result<Vec<(PathBuf, String, Option<i64>)>, String> {
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
pub(super) fn parse_imunify(out: &[u8]) -> Result<Vec<(PathBuf, String, Option<i64>)>, String> {
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
pub(super) fn run_bounded(
    mut cmd: Command,
    deadline: Duration,
) -> std::io::Result<(Option<std::process::ExitStatus>, Vec<u8>, Vec<u8>)> {
    run_bounded_with(cmd.stdin(Stdio::null()), deadline)
}

/// [`run_bounded`] with the standard input the caller set.
pub(super) fn run_bounded_with(
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
