//! The incident record: what the host found, written by the admin side (root), read by the
//! customer's CGI. One JSON file per cPanel user under `Paths::incidents_dir()`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::paths::Paths;

pub const RECORD_VERSION: u32 = 1;

/// Where an incident stands. Transitions: `Investigating → AwaitingCustomer → Reopened →
/// Closed`, and back to `Investigating` when the admin reopens the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Investigating,
    AwaitingCustomer,
    Reopened,
    Closed,
}

/// How sure the technician is of the attack time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Exact,
    Approximate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttackTime {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub precision: Precision,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub version: u32,
    /// Names this case: root's evidence and the customer's records belong to one case only.
    /// Records written before ids existed take theirs from `opened_at` ([`Incident::case_id`]).
    #[serde(default)]
    pub id: String,
    pub user: String,
    pub status: Status,
    #[serde(with = "time::serde::rfc3339")]
    pub opened_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub released_at: Option<OffsetDateTime>,
    /// `None` when the attack time could not be determined (logs rotated).
    #[serde(default)]
    pub attack_time: Option<AttackTime>,
    #[serde(default)]
    pub vector: Option<String>,
    /// Files the scanner removed, as paths relative to the home directory.
    #[serde(default)]
    pub removed_files: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub contact_email: Option<String>,
    /// The folder the technician names as affected, relative to the home directory.
    #[serde(default)]
    pub affected_dir: Option<String>,
    /// The audit log's head at the last release or reopen, kept here (outside the log) so a
    /// log cut back together with its head file is still detected.
    #[serde(default)]
    pub audit_anchor: Option<crate::audit::Anchor>,
    /// The software the attacker came in through, named by the technician: the checklist asks
    /// the customer to update or remove it, and root checks the files before a reopen.
    #[serde(default)]
    pub vulnerable: Vec<Vulnerable>,
}

/// The affected folder as the record keeps it: a plain folder below the home (no `..`, not
/// absolute), without slashes around it; `None` when it is not one.
pub fn plain_folder(s: &str) -> Option<String> {
    let f = s.trim_matches('/');
    let plain =
        !f.is_empty() && std::path::Path::new(f).components().all(|c| matches!(c, std::path::Component::Normal(_)));
    plain.then(|| f.to_owned())
}

/// What kind of software a [`Vulnerable`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SoftwareKind {
    /// A folder in `wp-content/plugins/`.
    WordpressPlugin,
    /// A folder in `wp-content/themes/`.
    WordpressTheme,
}

impl SoftwareKind {
    /// The name on the command line (`wordpress-plugin:SLUG:VERSION`).
    pub fn as_str(self) -> &'static str {
        match self {
            SoftwareKind::WordpressPlugin => "wordpress-plugin",
            SoftwareKind::WordpressTheme => "wordpress-theme",
        }
    }
}

/// Software at a version the attacker used: every version below `fixed` is vulnerable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vulnerable {
    pub kind: SoftwareKind,
    /// The folder's name in `wp-content/plugins` or `wp-content/themes`.
    pub slug: String,
    /// The first version that is not vulnerable (digits and dots).
    pub fixed: String,
}

impl Vulnerable {
    /// Parses `wordpress-plugin:SLUG:FIXED` or `wordpress-theme:SLUG:FIXED`, strictly: the slug
    /// is WordPress's folder name (`a-z 0-9 - _`, at most 100), the version dotted numbers.
    pub fn parse(s: &str) -> Result<Vulnerable, String> {
        let mut parts = s.split(':');
        let (Some(kind), Some(slug), Some(fixed), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("{s:?} is not KIND:SLUG:FIXED_VERSION (e.g. wordpress-plugin:contact-form:5.3.2)"));
        };
        let kind = match kind {
            "wordpress-plugin" => SoftwareKind::WordpressPlugin,
            "wordpress-theme" => SoftwareKind::WordpressTheme,
            _ => return Err(format!("{kind:?} is not a kind of software: use wordpress-plugin or wordpress-theme")),
        };
        if !valid_slug(slug) {
            return Err(format!(
                "{slug:?} is not a WordPress folder name (lowercase letters, digits, - and _, at most 100)"
            ));
        }
        if Version::parse(fixed).is_none() {
            return Err(format!("{fixed:?} is not a version (digits separated by dots, e.g. 5.3.2)"));
        }
        Ok(Vulnerable { kind, slug: slug.to_owned(), fixed: fixed.to_owned() })
    }
}

/// A plugin's or theme's folder name as WordPress makes them.
pub fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// A dotted numeric version (`5`, `5.3`, `5.3.2.1`), compared part by part as numbers, missing
/// parts as 0 (`5.3` = `5.3.0` < `5.10`).
#[derive(Debug, Clone)]
pub struct Version(Vec<u64>);

impl PartialEq for Version {
    fn eq(&self, other: &Version) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Version {}

impl Version {
    /// `None` for anything but 1 to 6 parts of 1 to 9 digits each (`1.2-beta`, `v2`, ``).
    pub fn parse(s: &str) -> Option<Version> {
        let parts: Option<Vec<u64>> = s
            .split('.')
            .map(|p| {
                (!p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect();
        parts.filter(|p| p.len() <= 6).map(Version)
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Version) -> std::cmp::Ordering {
        let n = self.0.len().max(other.0.len());
        let at = |v: &Version, i: usize| v.0.get(i).copied().unwrap_or(0);
        (0..n).map(|i| at(self, i).cmp(&at(other, i))).find(|o| o.is_ne()).unwrap_or(std::cmp::Ordering::Equal)
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Version) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Incident {
    /// The case's id (`id`, or for older records the opening time in seconds).
    pub fn case_id(&self) -> String {
        if self.id.is_empty() { format!("opened-{}", self.opened_at.unix_timestamp()) } else { self.id.clone() }
    }
}

/// A fresh case id: 16 random hexadecimal digits.
pub fn new_id() -> String {
    let mut b = [0u8; 8];
    rand::fill(&mut b);
    crate::audit::hex(&b)
}

#[derive(Debug)]
pub enum LoadError {
    Io(std::io::Error),
    Corrupt(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(e) => write!(f, "cannot read the incident record: {e}"),
            LoadError::Corrupt(e) => write!(f, "the incident record is damaged: {e}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads the incident record of `user`; `Ok(None)` when there is none.
pub fn load(paths: &Paths, user: &str) -> Result<Option<Incident>, LoadError> {
    let path = paths.incident_file(user);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(LoadError::Io(e)),
    };
    let incident: Incident = serde_json::from_slice(&bytes).map_err(|e| LoadError::Corrupt(e.to_string()))?;
    if incident.user != user {
        return Err(LoadError::Corrupt(format!("record names user {:?}, expected {user:?}", incident.user)));
    }
    Ok(Some(incident))
}

/// Writes the record atomically: owner root, group the customer's (so their CGI can read it,
/// other accounts cannot), mode 0640.
pub fn save(paths: &Paths, incident: &Incident) -> std::io::Result<()> {
    let path = paths.incident_file(&incident.user);
    crate::fsutil::write_json(&path, incident, 0o640)?;
    crate::fsutil::share_with_user_group(&path, &incident.user)
}

/// Runs `f` under the lock of `user`'s incident record (one change at a time).
pub fn with_lock<T>(paths: &Paths, user: &str, f: impl FnOnce() -> std::io::Result<T>) -> std::io::Result<T> {
    crate::fsutil::with_lock(&paths.incidents_dir().join(format!("{user}.lock")), f)
}

/// Every incident record, sorted by user. Files that are not a user's record are skipped; a
/// damaged record is returned as an error beside the others, never dropped silently.
pub fn list_all(paths: &Paths) -> std::io::Result<Vec<Result<Incident, (String, LoadError)>>> {
    let dir = paths.incidents_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut users: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".json").filter(|u| crate::user::UserName::parse(u).is_ok()).map(str::to_owned)
        })
        .collect();
    users.sort();
    Ok(users
        .into_iter()
        .filter_map(|u| match load(paths, &u) {
            Ok(Some(i)) => Some(Ok(i)),
            Ok(None) => None,
            Err(e) => Some(Err((u, e))),
        })
        .collect())
}

#[cfg(test)]
mod tests;
