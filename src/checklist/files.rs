//! File probes over the account's document roots: world-writable entries and WordPress
//! configuration. Streams the tree (never loads it), never follows symlinks, stays inside the
//! home directory, and stops at fixed bounds.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Bounds of one scan.
#[derive(Debug, Clone)]
pub struct ScanLimits {
    pub max_entries: usize,
    pub max_examples: usize,
    /// wp-config.php larger than this is not read.
    pub max_config_bytes: u64,
}

impl Default for ScanLimits {
    fn default() -> ScanLimits {
        ScanLimits { max_entries: 2_000_000, max_examples: 5, max_config_bytes: 256 * 1024 }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WpConfig {
    /// Relative to the home directory.
    pub path: String,
    pub file_edit_disallowed: bool,
    /// All eight keys and salts present and none is WordPress's placeholder.
    pub salts_set: bool,
    /// SHA-256 of the eight values, to recognise the ones this tool set.
    pub salts_fingerprint: String,
    pub modified: Option<SystemTime>,
}

/// A plugin or theme folder (`…/wp-content/plugins/SLUG`, `…/wp-content/themes/SLUG`) and the
/// versions its headers name, read as WordPress's `get_file_data` reads them: the first 8 KiB of
/// each PHP file directly in a plugin's folder that has a `Plugin Name:` header, or a theme's
/// `style.css`. (A site that moved `wp-content` elsewhere with `WP_CONTENT_DIR`, and single-file
/// plugins directly in `plugins/`, are not seen.)
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WpSoftware {
    /// The folder holding `wp-content`, relative to the home directory.
    pub site: String,
    pub kind: crate::incident::SoftwareKind,
    pub slug: String,
    /// The `Version:` of each header file; empty when none names one (version unknown).
    pub versions: Vec<String>,
    /// The folder is a symlink: not followed, so its version is unknown.
    pub linked: bool,
}

/// WordPress reads this much of a file for its headers (`get_file_data`).
const HEADER_BYTES: u64 = 8 * 1024;

/// A header's value as WordPress's `get_file_data` finds it: the first line (after `\r` became
/// `\n`) that is `[ \t]*<?php` (optional), then only ` \t/*#@`, then `NAME:` (any case), cut at
/// `*/` or `?>` and trimmed. `None` when absent or empty.
pub fn file_header(text: &str, name: &str) -> Option<String> {
    let text = text.replace('\r', "\n");
    text.split('\n').find_map(|line| {
        let t = line.trim_start_matches([' ', '\t']);
        let rest = match t.get(..5) {
            Some(open) if open.eq_ignore_ascii_case("<?php") => &t[5..],
            _ => line,
        };
        let rest = rest.trim_start_matches([' ', '\t', '/', '*', '#', '@']);
        // By `get`, never by index: any byte may be in the file, and a cut inside a character
        // is "no header here", not a panic.
        if !rest.get(..name.len())?.eq_ignore_ascii_case(name) {
            return None;
        }
        let mut value = rest.get(name.len()..)?.strip_prefix(':')?;
        if let Some(i) = [value.find("*/"), value.find("?>")].into_iter().flatten().min() {
            value = &value[..i];
        }
        let value = value.trim();
        (!value.is_empty()).then(|| value.to_owned())
    })
}

/// Where `rel` sits in a WordPress site's `wp-content`: the site folder, the kind, the slug, and
/// the file's name when `rel` is a file directly inside the plugin's or theme's folder.
fn software_at(rel: &Path) -> Option<(String, crate::incident::SoftwareKind, String, Option<String>)> {
    use crate::incident::SoftwareKind;
    let parts: Vec<&std::ffi::OsStr> = rel.iter().collect();
    let n = parts.len();
    let kind_of = |p: &std::ffi::OsStr| match p.to_str() {
        Some("plugins") => Some(SoftwareKind::WordpressPlugin),
        Some("themes") => Some(SoftwareKind::WordpressTheme),
        _ => None,
    };
    let site = |end: usize| parts[..end].iter().collect::<PathBuf>().to_string_lossy().into_owned();
    let text = |p: &std::ffi::OsStr| p.to_string_lossy().into_owned();
    if n >= 3
        && parts[n - 3] == "wp-content"
        && let Some(kind) = kind_of(parts[n - 2])
    {
        return Some((site(n - 3), kind, text(parts[n - 1]), None));
    }
    if n >= 4
        && parts[n - 4] == "wp-content"
        && let Some(kind) = kind_of(parts[n - 3])
    {
        return Some((site(n - 4), kind, text(parts[n - 2]), Some(text(parts[n - 1]))));
    }
    None
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Findings {
    pub world_writable: usize,
    pub world_writable_examples: Vec<String>,
    pub wp_configs: Vec<WpConfig>,
    /// Every plugin and theme folder of the WordPress sites, sorted.
    #[serde(default)]
    pub wp_software: Vec<WpSoftware>,
    /// The scan stopped at `max_entries`.
    pub truncated: bool,
    /// What could not be checked (a document root or link pointing outside the home, a
    /// folder swapped during the walk, a config over the size cap…): never a pass.
    pub problems: Vec<String>,
}

impl Findings {
    /// The findings when the scan saw everything; otherwise why it could not check.
    pub fn complete(self) -> Result<Findings, String> {
        if self.truncated {
            return Err("the website has more files than the check reads; ask your host".into());
        }
        match self.problems.first() {
            None => Ok(self),
            Some(p) if self.problems.len() == 1 => Err(p.clone()),
            Some(p) => Err(format!("{p} (and {} more)", self.problems.len() - 1)),
        }
    }
}

/// The document roots as paths relative to `home` (lexically: a root is never resolved
/// through a symlink), nested ones dropped (walked with their parent). A root outside the
/// home is a problem.
pub fn roots_below(home: &Path, docroots: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut problems = Vec::new();
    let mut roots: Vec<PathBuf> = Vec::new();
    for d in docroots {
        let plain = |p: &Path| p.components().all(|c| matches!(c, std::path::Component::Normal(_)));
        match d.strip_prefix(home) {
            Ok(r) if plain(r) && !r.as_os_str().is_empty() => roots.push(r.to_path_buf()),
            _ => problems.push(format!("the document root {} is not a folder inside the home directory", d.display())),
        }
    }
    roots.sort();
    roots.dedup();
    let outer = roots.iter().filter(|r| !roots.iter().any(|o| o != *r && r.starts_with(o))).cloned().collect();
    (outer, problems)
}

/// Whether a symlink's target leaves `home` (absolute elsewhere, or climbing out with `..`).
fn points_outside(home: &Path, link_rel: &Path, target: &Path) -> bool {
    let mut at: Vec<std::ffi::OsString> = if target.is_absolute() {
        match target.strip_prefix(home) {
            Ok(_) => Vec::new(),
            Err(_) => return true,
        }
    } else {
        link_rel.parent().map(|p| p.iter().map(|c| c.to_owned()).collect()).unwrap_or_default()
    };
    let rest = if target.is_absolute() { target.strip_prefix(home).unwrap_or(target) } else { target };
    for c in rest.components() {
        match c {
            std::path::Component::ParentDir if at.pop().is_none() => return true,
            std::path::Component::ParentDir => {}
            std::path::Component::Normal(n) => at.push(n.to_owned()),
            _ => {}
        }
    }
    false
}

/// Scans each document root (absolute paths) inside `home`, walking with directory
/// descriptors (`fsutil::walk`): nothing is followed, a config is read only as a regular file
/// opened relative to its folder, up to the cap.
pub fn scan(home: &Path, docroots: &[PathBuf], limits: &ScanLimits) -> Findings {
    use std::io::Read;
    let mut f = Findings::default();
    let (roots, problems) = roots_below(home, docroots);
    f.problems = problems;
    let mut budget = limits.max_entries;
    let mut software = std::collections::BTreeMap::new();
    for root in roots {
        let mut configs = Vec::new();
        let walked = crate::fsutil::walk(home, &root, budget, |e| {
            if let Some((site, kind, slug, file)) = software_at(e.rel) {
                use crate::incident::SoftwareKind;
                // The folder is visited before what is in it (`fsutil::walk`).
                let key = (site.clone(), kind, slug.clone());
                match file {
                    None if e.is_dir() || e.is_symlink() => {
                        let linked = e.is_symlink();
                        software.insert(key, WpSoftware { site, kind, slug, versions: Vec::new(), linked });
                    }
                    // The file whose header names the version, and the header it must also
                    // have to count (a plugin's main file has `Plugin Name:`).
                    Some(name) if e.is_file() => {
                        let header_file = match kind {
                            SoftwareKind::WordpressPlugin => name.ends_with(".php").then_some(Some("Plugin Name")),
                            SoftwareKind::WordpressTheme => (name == "style.css").then_some(None),
                        };
                        let mut bytes = Vec::new();
                        if let Some(entry) = software.get_mut(&key)
                            && let Some(required) = header_file
                            && e.open().and_then(|file| file.take(HEADER_BYTES).read_to_end(&mut bytes)).is_ok()
                        {
                            let text = String::from_utf8_lossy(&bytes);
                            if required.is_none_or(|h| file_header(&text, h).is_some())
                                && let Some(v) = file_header(&text, "Version")
                            {
                                entry.versions.push(v);
                            }
                        }
                    }
                    _ => {}
                }
            }
            if e.is_symlink() {
                let target = std::fs::read_link(home.join(e.rel)).unwrap_or_default();
                if points_outside(home, e.rel, &target) {
                    configs.push(Err(format!("{} points outside the home directory", e.rel.display())));
                }
                return false;
            }
            if e.mode & 0o002 != 0 {
                f.world_writable += 1;
                if f.world_writable_examples.len() < limits.max_examples {
                    f.world_writable_examples.push(e.rel.to_string_lossy().into_owned());
                }
            }
            if e.is_file() && e.name() == b"wp-config.php" {
                let rel = e.rel.to_string_lossy().into_owned();
                if e.size > limits.max_config_bytes {
                    configs.push(Err(format!("{rel} is larger than {} bytes", limits.max_config_bytes)));
                    return false;
                }
                let mut bytes = Vec::new();
                let read = e.open().and_then(|file| file.take(limits.max_config_bytes + 1).read_to_end(&mut bytes));
                match read {
                    Ok(_) if bytes.len() as u64 <= limits.max_config_bytes => {
                        let modified =
                            std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_secs(e.mtime.max(0) as u64));
                        configs.push(Ok(read_wp_config(rel, &String::from_utf8_lossy(&bytes), modified)));
                    }
                    Ok(_) => configs.push(Err(format!("{rel} grew past {} bytes", limits.max_config_bytes))),
                    Err(err) => configs.push(Err(format!("{rel}: {err}"))),
                }
            }
            true
        });
        for c in configs {
            match c {
                Ok(c) => f.wp_configs.push(c),
                Err(p) => f.problems.push(p),
            }
        }
        match walked {
            Ok(end) => {
                budget = budget.saturating_sub(end.entries);
                f.truncated |= end.truncated;
                f.problems.extend(end.unreadable);
                if end.truncated {
                    break;
                }
            }
            Err(e) => f.problems.push(format!("{}: {e}", root.display())),
        }
    }
    f.wp_configs.sort_by(|a, b| a.path.cmp(&b.path));
    f.wp_software = software.into_values().collect();
    f
}

use crate::passwords::configs::WP_SALTS as SALT_KEYS;

/// Reads the settings that matter from a wp-config.php without running it, with the same
/// PHP reader that rewrites configs (`passwords::configs`): comments and strings are skipped,
/// so a commented-out define does not count, and any byte is safe (non-UTF-8 is read lossily).
pub fn read_wp_config(path: String, text: &str, modified: Option<SystemTime>) -> WpConfig {
    use crate::passwords::configs::{DefineValue, define_values};
    let defines = define_values(text);
    // The last definition wins at run time only if the first is absent; PHP keeps the first.
    let get = |k: &str| defines.iter().find(|(n, _)| n == k).map(|(_, v)| v);
    let is_true = |k: &str| matches!(get(k), Some(DefineValue::Word(w)) if w == "true");
    let file_edit_disallowed = is_true("DISALLOW_FILE_EDIT") || is_true("DISALLOW_FILE_MODS");
    let salt = |k: &str| match get(k) {
        Some(DefineValue::Str(s)) => Some(s.as_str()),
        _ => None,
    };
    let salts_set =
        SALT_KEYS.iter().all(|k| salt(k).is_some_and(|v| v.len() >= 32 && !v.contains("put your unique phrase here")));
    let joined: String = SALT_KEYS.iter().map(|k| salt(k).unwrap_or("")).collect::<Vec<_>>().join("\n");
    let salts_fingerprint = crate::audit::hex(&<sha2::Sha256 as sha2::Digest>::digest(joined.as_bytes()));
    WpConfig { path, file_edit_disallowed, salts_set, salts_fingerprint, modified }
}

#[cfg(test)]
mod tests;
