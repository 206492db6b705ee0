//! The walk of the website folders, done when it can have a new answer and remembered for the
//! page: the file checks ([`super::files::scan`]) and the sweep of the files
//! ([`crate::sweep::files::sweep`]) run when the customer asks for a check or a step that
//! changes files completes ([`refresh`]), and their result is kept per case in the customer's
//! state folder (`~/.secure_reopen/site_check.json`, written atomically). A page view reads
//! it ([`Walk::Cached`]); with no usable record it walks once, so the page is never blank, and
//! says why.
//!
//! The record is the page's convenience only: the customer can write it, so root's reopen
//! check ([`Walk::Full`]) always walks everything itself and never reads it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::files::{self, Findings, ScanLimits};

/// The record's name in the customer's state folder.
pub const FILE: &str = "site_check.json";
/// Bumped when the record's shape or what a walk finds changes: an older record is re-walked.
const VERSION: u32 = 1;
/// A record larger than this is not read (it is damaged, or not ours).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// What one walk of the website folders found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// World-writable entries and WordPress configs (before [`Findings::complete`]).
    pub files: Findings,
    /// What the sweep found in the files (account findings are read from cPanel on each view).
    pub sweep: Vec<crate::sweep::Finding>,
}

/// What the walk covers: a record made for other folders, domains or times is not used.
pub struct Scope<'a> {
    pub home: &'a Path,
    pub docroots: &'a [PathBuf],
    /// The account's domains (redirects to them are not foreign).
    pub own_domains: &'a [String],
    pub attack: Option<OffsetDateTime>,
    pub release: Option<OffsetDateTime>,
}

impl Scope<'_> {
    /// A digest of everything the walk's answer depends on besides the files themselves.
    fn key(&self) -> String {
        let mut h = Sha256::new();
        let mut put = |b: &[u8]| {
            h.update((b.len() as u64).to_le_bytes());
            h.update(b);
        };
        put(self.home.as_os_str().as_encoded_bytes());
        for d in self.docroots {
            put(d.as_os_str().as_encoded_bytes());
        }
        put(b"\0domains");
        for d in self.own_domains {
            put(d.as_bytes());
        }
        put(&self.attack.map_or(i64::MIN, OffsetDateTime::unix_timestamp).to_le_bytes());
        put(&self.release.map_or(i64::MIN, OffsetDateTime::unix_timestamp).to_le_bytes());
        crate::audit::hex(&h.finalize())
    }

    /// Walks every document root now: the file checks, then the sweep.
    pub fn walk(&self) -> Site {
        let files = files::scan(self.home, self.docroots, &ScanLimits::default());
        let secs = |t: OffsetDateTime| {
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(t.unix_timestamp().max(0) as u64)
        };
        let opts = crate::sweep::files::Options {
            attack_time: self.attack.map(secs),
            until: self.release.map(secs),
            own_domains: self.own_domains.to_vec(),
            ..Default::default()
        };
        let sweep = crate::sweep::from_files(&crate::sweep::files::sweep(self.home, self.docroots, &opts));
        Site { files, sweep }
    }
}

/// How the probes get the walk's answer.
#[derive(Debug, Clone, Copy)]
pub enum Walk<'a> {
    /// Root's reopen check (and anything that must not trust the customer's files): walk
    /// everything now, read and write no record.
    Full,
    /// The customer's page: the record of this case (`case` is [`crate::incident::Incident::case_id`]),
    /// walking once when there is no usable one.
    Cached { state_dir: &'a Path, case: &'a str },
}

/// Where the answer the page shows comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The record of an earlier check.
    Saved,
    /// The customer asked, or a step that changes files completed.
    Asked,
    /// No record yet (the first view of this case): walked once.
    FirstCheck,
    /// The record could not be read (damaged, too large, not a file): walked again.
    Damaged,
    /// The record was made for another case, other folders or domains: walked again.
    Outdated,
}

/// When the files were checked, and how the page got the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    pub at: OffsetDateTime,
    pub origin: Origin,
}

#[derive(Serialize, Deserialize)]
struct Record {
    version: u32,
    case: String,
    key: String,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
    site: Site,
}

pub fn path(state_dir: &Path) -> PathBuf {
    state_dir.join(FILE)
}

/// The walk's answer for `scope`: the record (or a walk once, saved) for the page, a fresh
/// walk for root. `None` for the check time when nothing was saved or read ([`Walk::Full`]).
pub fn site(scope: &Scope<'_>, walk: Walk<'_>) -> (Site, Option<Checked>) {
    let Walk::Cached { state_dir, case } = walk else { return (scope.walk(), None) };
    let key = scope.key();
    let origin = match load(state_dir) {
        Ok(Some(r)) if r.version == VERSION && r.case == case && r.key == key => {
            return (r.site, Some(Checked { at: r.at, origin: Origin::Saved }));
        }
        Ok(Some(_)) => Origin::Outdated,
        Ok(None) => Origin::FirstCheck,
        Err(_) => Origin::Damaged,
    };
    let (site, at) = walk_and_save(scope, state_dir, case, &key);
    (site, Some(Checked { at, origin }))
}

/// Walks the website folders now and saves the answer for the page: the one call made when the
/// customer asks for a check and when a step that changes files completes (restore, WordPress
/// hardening, removing a finding). Asks cPanel for the document roots and domains.
pub fn refresh(
    t: &dyn crate::uapi::Transport,
    home: &Path,
    state_dir: &Path,
    inc: &crate::incident::Incident,
) -> Result<Checked, String> {
    let data =
        crate::uapi::call(t, &crate::uapi::Call::new("DomainInfo", "domains_data")).map_err(|e| e.to_string())?;
    let docroots = super::probes::docroots(&data);
    let own_domains = super::probes::domain_names(&data);
    let scope = Scope {
        home,
        docroots: &docroots,
        own_domains: &own_domains,
        attack: inc.attack_time.as_ref().map(|a| a.at),
        release: inc.released_at,
    };
    let (_, at) = walk_and_save(&scope, state_dir, &inc.case_id(), &scope.key());
    Ok(Checked { at, origin: Origin::Asked })
}

fn walk_and_save(scope: &Scope<'_>, state_dir: &Path, case: &str, key: &str) -> (Site, OffsetDateTime) {
    // The time the walk started: a file changed during it is not claimed as checked.
    let at = OffsetDateTime::now_utc();
    let site = scope.walk();
    let record = Record { version: VERSION, case: case.to_owned(), key: key.to_owned(), at, site };
    // A record that cannot be written only costs the next view a walk.
    if let Err(e) = crate::fsutil::write_json(&path(state_dir), &record, 0o600) {
        crate::log::event("site_check_not_saved", &[("error", &e.to_string())]);
    }
    (record.site, at)
}

/// The record, read without following a link and up to a size cap. `Ok(None)` when there is
/// none; an error when it cannot be used.
fn load(state_dir: &Path) -> Result<Option<Record>, String> {
    let bytes = match crate::fsutil::read_user_file(state_dir, Path::new(FILE), MAX_BYTES) {
        Ok(Some(b)) => b,
        Ok(None) => return Ok(None),
        // No state folder yet: no record either.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests;
