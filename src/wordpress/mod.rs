//! The users inside the customer's WordPress sites (runbook step 4): every administrator and
//! every user who can upload, per install, and new passwords for them set through WordPress's
//! own PHP API (`php.rs`, run as the customer — the CGI already is). The server keeps only
//! keyed digests of the users' password hashes (`record.rs`), so the checklist can see that a
//! password really changed after the release instead of asking the customer to confirm it.
//! The administrators of Joomla and Drupal sites are listed too (`others.rs`); their
//! passwords are changed in the site, with the page's exact steps. Knows no HTML.
//!
//! Installs are the `wp-config.php` files the checklist's file scan finds
//! ([`crate::checklist::files::scan`]), so the page and the checklist always agree on which
//! sites there are.

pub mod others;
pub mod php;
pub mod record;

use std::path::{Path, PathBuf};

use time::OffsetDateTime;

pub use php::{Reply, Software, User};
pub use record::Record;

/// An install: the folder holding `wp-config.php`, relative to the home directory.
pub fn install_of(wp_config: &str) -> String {
    match wp_config.rsplit_once('/') {
        Some((dir, _)) => dir.to_owned(),
        None => String::new(),
    }
}

/// Every install under the document roots, in a stable order.
pub fn installs(home: &Path, docroots: &[PathBuf]) -> Vec<String> {
    let found = crate::checklist::files::scan(home, docroots, &Default::default());
    let mut out: Vec<String> = found.wp_configs.iter().map(|c| install_of(&c.path)).collect();
    out.sort();
    out.dedup();
    out
}

/// A user the plan covers: the install and WordPress's user id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub install: String,
    pub id: u64,
}

impl Target {
    /// The plan's login field: `install#id` (the id after the last `#`).
    pub fn login(&self) -> String {
        format!("{}#{}", self.install, self.id)
    }

    pub fn parse(login: &str) -> Option<Target> {
        let (install, id) = login.rsplit_once('#')?;
        Some(Target { install: install.to_owned(), id: id.parse().ok()? })
    }
}

/// Users to show first: created after the attack (an attacker's way back in), then
/// administrators, then the rest; by login within each group.
pub fn sort_for_review(users: &mut [User], attack: Option<OffsetDateTime>) {
    let attack = attack.map(|a| a.unix_timestamp());
    users.sort_by_key(|u| (!created_after(u, attack), !u.admin, u.login.clone()));
}

pub fn created_after(u: &User, attack: Option<i64>) -> bool {
    matches!((u.registered, attack), (Some(r), Some(a)) if r >= a)
}

/// Plugins and themes the host's incident note names (by folder or name, case-insensitively).
pub fn named_in(note: &str, s: &Software) -> bool {
    let note = note.to_lowercase();
    let slug = s.file.split('/').next().unwrap_or(&s.file).trim_end_matches(".php").to_lowercase();
    (slug.len() >= 3 && note.contains(&slug)) || (s.name.len() >= 3 && note.contains(&s.name.to_lowercase()))
}

/// Why the WordPress part of the password step is not done yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    /// Administrators and uploaders whose password was not changed here since the release.
    pub users: usize,
    /// Installs not looked at since the release (or whose last look failed).
    pub unchecked: usize,
}

/// The checklist's rule: every install the file scan found was looked at after the release,
/// and every administrator and uploader seen there had a new password set here after the
/// release whose hash is still not the one from before (a later change by the customer
/// counts too). `Ok(())` when nothing is left.
pub fn left(record: Option<&Record>, wp_configs: &[String], release: Option<OffsetDateTime>) -> Result<(), Left> {
    let mut l = Left { users: 0, unchecked: 0 };
    let after_release = |t: OffsetDateTime| release.is_none_or(|r| t >= r);
    for install in wp_configs.iter().map(|p| install_of(p)) {
        let seen = record.filter(|r| r.release == release).and_then(|r| r.installs.get(&install));
        match seen {
            Some(s) if s.error.is_none() && after_release(s.observed_at) => {
                for u in &s.users {
                    let changed = s
                        .changes
                        .get(&u.id.to_string())
                        .is_some_and(|c| c.ok && after_release(c.at) && c.old_hash != u.hash);
                    if !changed {
                        l.users += 1;
                    }
                }
            }
            _ => l.unchecked += 1,
        }
    }
    if l.users == 0 && l.unchecked == 0 { Ok(()) } else { Err(l) }
}

#[cfg(test)]
mod tests;
