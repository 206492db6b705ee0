//! The persistence sweep: what attackers leave behind so they can come back. File detectors
//! (`files`) walk the document roots; account detectors (`account`: cron jobs, forwarders,
//! filters) read cPanel. Every finding says what, where, why, with a short evidence excerpt,
//! and carries one action; the customer removes it or keeps it with a reason.

pub mod account;
pub use secure_reopen_detect::{app, conf, detect, php, shapes, taint};
pub mod files;
pub mod host;
pub mod remove;
pub mod scan;

use sha2::{Digest, Sha256};

/// What a finding is about, with what is needed to act on it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Subject {
    /// A file, relative to the home directory.
    File { path: String },
    /// A cron job: cPanel's `linekey` for it (what `Cron::remove_line` removes by) and its
    /// command.
    Cron { linekey: String, command: String },
    /// An e-mail forwarder: mail to `address` goes on to `to`.
    Forwarder { address: String, to: String },
    /// An e-mail filter of `account`.
    Filter { account: String, name: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Reason {
    File(detect::Why),
    /// A scheduled command that downloads or decodes and runs code.
    CronDownloadsCode,
    /// A scheduled command: review it.
    CronReview,
    /// Mail is copied to a domain that is not the account's.
    ForwarderExternal,
    /// A mail filter: review it (attackers hide replies and reset mails).
    FilterReview,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    /// Stable across runs: a hash of the subject, so "keep" survives a reload.
    pub id: String,
    pub subject: Subject,
    pub reasons: Vec<Reason>,
    /// A short excerpt, escaped when shown.
    pub evidence: String,
}

impl Finding {
    pub fn new(subject: Subject, reasons: Vec<Reason>, evidence: String) -> Finding {
        let key = match &subject {
            Subject::File { path } => format!("file\0{path}"),
            Subject::Cron { command, .. } => format!("cron\0{command}"),
            Subject::Forwarder { address, to } => format!("fwd\0{address}\0{to}"),
            Subject::Filter { account, name } => format!("filter\0{account}\0{name}"),
        };
        let id = crate::audit::hex(&Sha256::digest(key.as_bytes())[..8]);
        Finding { id, subject, reasons, evidence }
    }
}

/// File findings as sweep findings.
pub fn from_files(report: &files::Report) -> Vec<Finding> {
    report
        .findings
        .iter()
        .map(|f| {
            let evidence =
                f.hits.iter().find(|h| !h.evidence.is_empty()).map(|h| h.evidence.clone()).unwrap_or_default();
            Finding::new(
                Subject::File { path: f.path.clone() },
                f.hits.iter().map(|h| Reason::File(h.why)).collect(),
                evidence,
            )
        })
        .collect()
}
