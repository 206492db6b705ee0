//! The technician's scan: sweep a folder, print the findings most dangerous first (text or
//! JSON), and keep them as an incident's evidence.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::Reason;
use super::files::{self, Report};
use crate::i18n::Lang;

/// Sweeps `path` (a folder inside `home`, or `home` itself).
pub fn run(home: &Path, path: &Path, opts: &files::Options) -> Report {
    files::sweep(home, &[path.to_path_buf()], opts)
}

/// Root's scan: the sweep, then the host's own rules and scanners' reports (`host`), merged.
pub fn run_with_host(paths: &crate::paths::Paths, home: &Path, path: &Path, opts: &files::Options) -> Report {
    run_with_host_for(paths, home, path, opts, None).0
}

/// [`run_with_host`] for one account's home (`user`: ImunifyAV is asked for its files only),
/// with what the host's scanners said, for root's record ([`super::host::save_record`]).
pub fn run_with_host_for(
    paths: &crate::paths::Paths,
    home: &Path,
    path: &Path,
    opts: &files::Options,
    user: Option<&str>,
) -> (Report, super::host::HostScan) {
    let mut report = run(home, path, opts);
    let host_opts = super::host::Options {
        max_file: opts.max_read,
        threads: if opts.threads == 0 { 2 } else { opts.threads },
        user: user.map(str::to_owned),
        ..Default::default()
    };
    let host = super::host::scan(paths, home, path, &host_opts);
    report.notes.extend(host.notes.iter().cloned());
    super::host::merge(&mut report, &host);
    (report, host)
}

/// The reason's words, in English (the CLI's language).
fn words(why: super::detect::Why) -> &'static str {
    (Lang::En.texts().sweep.reason)(&Reason::File(why))
}

pub fn to_json(root: &Path, report: &Report, seconds: f64) -> Value {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "path": f.path,
                "danger": f.danger().as_str(),
                "reasons": f.hits.iter().map(|h| json!({
                    "why": h.why.id(),
                    "danger": h.danger.as_str(),
                    "line": h.line,
                    "evidence": h.evidence,
                    "text": words(h.why),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "root": root.display().to_string(),
        "files_seen": report.files_seen,
        "files_read": report.files_read,
        "bytes_read": report.bytes_read,
        "truncated": report.truncated,
        "notes": report.notes,
        "seconds": (seconds * 1000.0).round() / 1000.0,
        "findings": findings,
    })
}

pub fn to_text(root: &Path, report: &Report, seconds: f64) -> String {
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&format!("{:<8} {}\n", f.danger().as_str(), f.path));
        for h in &f.hits {
            let at = h.line.map(|l| format!(" (line {l})")).unwrap_or_default();
            out.push_str(&format!("         - {}{at}\n", words(h.why)));
            if !h.evidence.is_empty() {
                out.push_str(&format!("           {}\n", h.evidence));
            }
        }
    }
    for n in &report.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out.push_str(&format!(
        "{}: {} findings in {} entries ({} files read, {:.1} MB) in {:.2} s{}\n",
        root.display(),
        report.findings.len(),
        report.files_seen,
        report.files_read,
        report.bytes_read as f64 / 1e6,
        seconds,
        if report.truncated { "; stopped early: too many entries" } else { "" }
    ));
    out
}

/// Where an incident's scan evidence is kept (beside the incident record, root only).
pub fn evidence_file(paths: &crate::paths::Paths, user: &str) -> PathBuf {
    paths.incidents_dir().join(format!("{user}.scan.json"))
}
