//! What the checklist's own buttons change on the account: revoke an old API token, remove an
//! old SSH key, harden every WordPress `wp-config.php`. Pages parse the form, call one of these,
//! audit and render; the changes and their records happen here.

use std::path::Path;

use time::OffsetDateTime;

use crate::progress;
use crate::uapi::{self, Call, Transport, UapiError};

/// Why a change did not happen (or not completely), in facts; pages word it per language.
#[derive(Debug)]
pub enum RemedyError {
    /// cPanel refused the change or did not answer.
    Cpanel(UapiError),
    /// A wp-config.php could not be hardened (`file` relative to the home directory); the files
    /// before it in `done` were.
    Harden { file: String, why: String, done: Vec<String> },
    /// The change was made but the customer's record of it could not be written.
    Record(std::io::Error),
}

impl RemedyError {
    /// Whether cPanel's answer was lost, so the change may have happened after all.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, RemedyError::Cpanel(e) if e.outcome_unknown())
    }
}

impl std::fmt::Display for RemedyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RemedyError::Cpanel(e) => write!(f, "{e}"),
            RemedyError::Harden { file, why, .. } => write!(f, "{file}: {why}"),
            RemedyError::Record(e) => write!(f, "cannot write the progress record: {e}"),
        }
    }
}

/// `Tokens::revoke` answers 1, or 0 when there was no such token.
pub fn revoke_token(t: &dyn Transport, name: &str) -> Result<(), RemedyError> {
    let c = Call::new("Tokens", "revoke").arg("name", name);
    match uapi::call(t, &c).map_err(RemedyError::Cpanel)?.as_i64() {
        Some(1) => Ok(()),
        _ => Err(RemedyError::Cpanel(UapiError::Cpanel { call: c.name(), errors: vec!["no such token".into()] })),
    }
}

/// `SSH::delkey` (API 2) answers an empty list when it deleted nothing.
pub fn remove_ssh_key(t: &dyn Transport, name: &str) -> Result<(), RemedyError> {
    let c = Call::new("SSH", "delkey").arg("name", name).arg("pub", "1");
    uapi::call_api2(t, &c)
        .and_then(|d| crate::uapi::types::api2_outcome(&c, d))
        .map(|_| ())
        .map_err(RemedyError::Cpanel)
}

/// New keys and salts and no code editing, in every wp-config.php under the document roots;
/// the keys and salts set are remembered (to tell them from ones a restore brings back).
/// Returns the files hardened.
pub fn harden_wordpress(
    t: &dyn Transport,
    home: &Path,
    state_dir: &Path,
    release: Option<OffsetDateTime>,
) -> Result<Vec<String>, RemedyError> {
    let data = uapi::call(t, &crate::passwords::inventory::domains_data_call()).map_err(RemedyError::Cpanel)?;
    let roots = super::probes::docroots(&data);
    let found = super::files::scan(home, &roots, &Default::default());
    let mut done = Vec::new();
    for c in &found.wp_configs {
        match crate::passwords::apply::harden_config(home, state_dir, &c.path) {
            Ok(()) => done.push(c.path.clone()),
            Err(why) => return Err(RemedyError::Harden { file: c.path.clone(), why, done }),
        }
    }
    let after = super::files::scan(home, &roots, &Default::default());
    progress::update(state_dir, release, |p| {
        for c in after.wp_configs.iter().filter(|c| done.contains(&c.path)) {
            p.wp_salts.insert(c.path.clone(), c.salts_fingerprint.clone());
        }
    })
    .map_err(RemedyError::Record)?;
    Ok(done)
}
