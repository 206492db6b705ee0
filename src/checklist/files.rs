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

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Findings {
    pub world_writable: usize,
    pub world_writable_examples: Vec<String>,
    pub wp_configs: Vec<WpConfig>,
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
    for root in roots {
        let mut configs = Vec::new();
        let walked = crate::fsutil::walk(home, &root, budget, |e| {
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
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    const SALTS: &str = "<?php\ndefine('AUTH_KEY','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');\ndefine('SECURE_AUTH_KEY','bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');\ndefine('LOGGED_IN_KEY','cccccccccccccccccccccccccccccccccccccc');\ndefine('NONCE_KEY','dddddddddddddddddddddddddddddddddddddd');\ndefine('AUTH_SALT','eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee');\ndefine('SECURE_AUTH_SALT','ffffffffffffffffffffffffffffffffffffff');\ndefine('LOGGED_IN_SALT','gggggggggggggggggggggggggggggggggggggg');\ndefine('NONCE_SALT','hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh');\n";

    #[test]
    fn commented_define_does_not_count() {
        let c = read_wp_config("x".into(), "<?php\n// define('DISALLOW_FILE_EDIT', true);\n", None);
        assert!(!c.file_edit_disallowed);
        let c = read_wp_config("x".into(), "<?php\ndefine( 'DISALLOW_FILE_EDIT', true );\n", None);
        assert!(c.file_edit_disallowed);
    }

    #[test]
    fn placeholder_salts_are_not_set() {
        let text = SALTS.replace("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "put your unique phrase here");
        assert!(!read_wp_config("x".into(), &text, None).salts_set);
        assert!(read_wp_config("x".into(), SALTS, None).salts_set);
    }

    #[test]
    fn scan_finds_world_writable_and_skips_symlinks_out() {
        let home = tempfile::tempdir().unwrap();
        let doc = home.path().join("public_html");
        fs::create_dir_all(doc.join("a")).unwrap();
        fs::write(doc.join("a/open.txt"), "x").unwrap();
        fs::set_permissions(doc.join("a/open.txt"), fs::Permissions::from_mode(0o666)).unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("wp-config.php"), "<?php").unwrap();
        std::os::unix::fs::symlink(outside.path(), doc.join("link")).unwrap();
        let f = scan(home.path(), &[doc], &ScanLimits::default());
        assert_eq!(f.world_writable, 1);
        assert_eq!(f.world_writable_examples, ["public_html/a/open.txt"]);
        assert!(f.wp_configs.is_empty());
        // A link that leaves the home is a finding ("could not check"), not a skip.
        assert_eq!(f.problems, ["public_html/link points outside the home directory"]);
        assert!(f.clone().complete().is_err());
    }
}
