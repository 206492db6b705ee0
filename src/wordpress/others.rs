//! Joomla and Drupal sites: their administrators, listed with the site's own database settings
//! by a small read-only PHP program (`others.php`, run like `program.php`: as the customer,
//! request on stdin). Joomla: `#__users` in groups 8 (Super Users) and 7 (Administrator);
//! Drupal 8 and later: `users_field_data` with the `administrator` role. Their passwords are
//! changed by the customer in the site itself; the page gives the exact steps.
//!
//! Sites are the `configuration.php` and `settings.php` files the password inventory finds
//! ([`crate::passwords::inventory::find_configs`]).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::php::{self, Options, RunError};
use crate::passwords::configs::Format;

pub const PROGRAM: &str = include_str!("others.php");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cms {
    Joomla,
    Drupal,
}

impl Cms {
    fn code(self) -> &'static str {
        match self {
            Cms::Joomla => "joomla",
            Cms::Drupal => "drupal",
        }
    }

    fn config(self) -> &'static str {
        match self {
            Cms::Joomla => "configuration.php",
            Cms::Drupal => "settings.php",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Admin {
    pub id: u64,
    pub login: String,
    pub email: String,
    /// `super_user` (Joomla) or `administrator`.
    pub role: String,
    pub registered: Option<i64>,
    pub last_login: Option<i64>,
    pub blocked: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reply {
    ok: bool,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    admins: Vec<Admin>,
}

/// Every Joomla and Drupal site under the document roots: (kind, folder), sorted.
pub fn sites(home: &Path, docroots: &[PathBuf]) -> Vec<(Cms, String)> {
    let mut out: Vec<(Cms, String)> = Vec::new();
    for uses in crate::passwords::inventory::find_configs(home, docroots).values() {
        for u in uses {
            let cms = match u.format {
                Format::Joomla => Cms::Joomla,
                // settings.local.php sits beside settings.php: the folder is the site.
                Format::Drupal => Cms::Drupal,
                Format::WordPress | Format::DotEnv => continue,
            };
            let folder = super::install_of(&u.path);
            if !out.iter().any(|(c, f)| *c == cms && *f == folder) {
                out.push((cms, folder));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// The administrators of one site.
pub fn admins(opts: &Options, home: &Path, cms: Cms, folder: &str) -> Result<Vec<Admin>, RunError> {
    let input = serde_json::to_vec(&serde_json::json!({ "kind": cms.code() })).expect("JSON");
    let (out, err) = php::exec(opts, home, folder, cms.config(), PROGRAM, input)?;
    let line = php::marked(&out).map_err(|_| RunError::NoAnswer(php::short(&String::from_utf8_lossy(&err))))?;
    let reply: Reply = serde_json::from_str(&line).map_err(|e| RunError::Malformed(e.to_string()))?;
    if !reply.ok {
        return Err(RunError::Site(php::short(reply.error.as_deref().unwrap_or("no reason given"))));
    }
    if reply.admins.iter().any(|a| a.login.is_empty() || a.login.len() > 255 || a.login.chars().any(char::is_control)) {
        return Err(RunError::Malformed("a user name is not as the site stores it".into()));
    }
    Ok(reply.admins)
}

#[cfg(test)]
mod tests;
