//! The host's checklist policy (`policy.json` in the data directory, root-owned): make items
//! required, recommended or off, add attestations, and set thresholds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ItemDef, ItemId, Severity};
use crate::paths::Paths;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    Required,
    Recommended,
    Off,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub en: String,
    pub nb: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraAttestation {
    pub id: String,
    pub severity: Severity,
    pub title: Localized,
    pub why: Localized,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Per built-in item: required, recommended or off. Missing items keep their default; an
    /// unknown name is refused when the file is read.
    #[serde(default)]
    pub items: BTreeMap<ItemId, Setting>,
    #[serde(default)]
    pub extra_attestations: Vec<ExtraAttestation>,
    /// Lowest PHP version counted as supported, "MAJOR.MINOR".
    #[serde(default = "default_php_minimum")]
    pub php_minimum: String,
    // (journey) The guide and the quarantine.
    /// The host's guide to keeping a website secure, per language, linked from the "read the
    /// guide" item. `None`: the item has no link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide_url: Option<Localized>,
    /// How many days the host keeps a folder a restore moved to the quarantine (shown to the
    /// customer; `secure-reopen quarantine purge USER` deletes older copies).
    #[serde(default = "default_quarantine_days")]
    pub quarantine_days: u32,
}

fn default_quarantine_days() -> u32 {
    30
}

/// The longest retention a policy may set (10 years).
const MAX_QUARANTINE_DAYS: u32 = 3650;

/// A link the customer follows: `https://` (or `http://`), no white space, quotes or angle
/// brackets, at most 2,000 characters.
fn check_url(what: &str, url: &str) -> Result<(), String> {
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    let chars_ok = !url.chars().any(|c| c.is_whitespace() || c.is_control() || "\"'<>`".contains(c));
    let host_ok = url.split("://").nth(1).is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    if !(scheme_ok && chars_ok && host_ok) || url.len() > 2000 {
        return Err(format!(
            "{what} {url:?} must be an https:// address (no spaces or quotes, 2000 characters at most)"
        ));
    }
    Ok(())
}

fn default_php_minimum() -> String {
    // PHP 8.1 left security support on 2025-12-31; 8.2 has it until 2026-12-31.
    "8.2".to_owned()
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            items: BTreeMap::new(),
            extra_attestations: Vec::new(),
            php_minimum: default_php_minimum(),
            guide_url: None,
            quarantine_days: default_quarantine_days(),
        }
    }
}

impl Policy {
    /// Loads and checks the policy; a missing file means the defaults.
    pub fn load(paths: &Paths) -> Result<Policy, String> {
        let path = paths.policy_file();
        let p: Policy = crate::fsutil::read_json(&path)
            .map_err(|e| format!("cannot read the policy {}: {e}", path.display()))?
            .unwrap_or_default();
        p.check().map_err(|e| format!("policy {}: {e}", path.display()))?;
        Ok(p)
    }

    /// Every problem in the policy, precisely.
    pub fn check(&self) -> Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        for x in &self.extra_attestations {
            let ok = x.id.starts_with("x_")
                && x.id.len() <= 40
                && x.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !ok {
                return Err(format!(
                    "extra attestation id {:?} must be x_ followed by a-z, 0-9 or _ (40 characters at most)",
                    x.id
                ));
            }
            if !seen.insert(&x.id) {
                return Err(format!("extra attestation id {:?} appears twice", x.id));
            }
            for t in [&x.title.en, &x.title.nb, &x.why.en, &x.why.nb] {
                if t.trim().is_empty() || t.len() > 1000 {
                    return Err(format!(
                        "extra attestation {:?}: every title and why must have 1–1000 characters",
                        x.id
                    ));
                }
            }
        }
        parse_php_version(&self.php_minimum)
            .ok_or_else(|| format!("php_minimum {:?} is not MAJOR.MINOR", self.php_minimum))?;
        if let Some(g) = &self.guide_url {
            check_url("guide_url.en", &g.en)?;
            check_url("guide_url.nb", &g.nb)?;
        }
        if !(1..=MAX_QUARANTINE_DAYS).contains(&self.quarantine_days) {
            return Err(format!(
                "quarantine_days {} must be between 1 and {MAX_QUARANTINE_DAYS}",
                self.quarantine_days
            ));
        }
        Ok(())
    }

    /// The severity an item has under this policy, or `None` when it is off.
    pub fn severity_of(&self, def: &ItemDef) -> Option<Severity> {
        match self.items.get(&def.id) {
            Some(Setting::Off) => None,
            Some(Setting::Required) => Some(Severity::Required),
            Some(Setting::Recommended) => Some(Severity::Recommended),
            None => Some(def.severity),
        }
    }
}

/// `"8.2"`, `ea-php82`, `alt-php82`, `php8.2` → (8, 2).
pub fn parse_php_version(s: &str) -> Option<(u32, u32)> {
    let digits: String = s.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    if let Some((a, b)) = digits.split_once('.') {
        return Some((a.parse().ok()?, b.split('.').next()?.parse().ok()?));
    }
    let mut it = digits.chars();
    let major = it.next()?.to_digit(10)?;
    let minor: String = it.collect();
    Some((major, minor.parse().ok()?))
}

#[cfg(test)]
mod tests;
