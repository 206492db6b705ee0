//! File probes over the account's document roots: world-writable entries and WordPress
//! configuration. Streams the tree (never loads it), never follows symlinks, stays inside the
//! home directory, and stops at fixed bounds.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
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

#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    pub world_writable: usize,
    pub world_writable_examples: Vec<String>,
    pub wp_configs: Vec<WpConfig>,
    /// The scan stopped at `max_entries`.
    pub truncated: bool,
}

/// Scans each document root (absolute paths) that lies inside `home`.
pub fn scan(home: &Path, docroots: &[PathBuf], limits: &ScanLimits) -> Findings {
    let mut f = Findings::default();
    let Some((home, roots)) = crate::fsutil::roots_inside(home, docroots) else { return f };
    let mut seen = 0usize;
    for root in roots {
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                seen += 1;
                if seen > limits.max_entries {
                    f.truncated = true;
                    return f;
                }
                let Ok(md) = entry.path().symlink_metadata() else {
                    continue;
                };
                if md.file_type().is_symlink() {
                    continue;
                }
                let path = entry.path();
                if md.permissions().mode() & 0o002 != 0 {
                    f.world_writable += 1;
                    if f.world_writable_examples.len() < limits.max_examples {
                        f.world_writable_examples.push(rel(&home, &path));
                    }
                }
                if md.is_dir() {
                    stack.push(path);
                } else if md.is_file() && entry.file_name() == "wp-config.php" && md.size() <= limits.max_config_bytes {
                    if let Ok(text) = fs::read_to_string(&path) {
                        f.wp_configs.push(read_wp_config(rel(&home, &path), &text, md.modified().ok()));
                    }
                }
            }
        }
    }
    f.wp_configs.sort_by(|a, b| a.path.cmp(&b.path));
    f
}

fn rel(home: &Path, p: &Path) -> String {
    p.strip_prefix(home).unwrap_or(p).to_string_lossy().into_owned()
}

use crate::passwords::configs::WP_SALTS as SALT_KEYS;

/// Reads the settings that matter from a wp-config.php without running it: PHP comments are
/// skipped so a commented-out define does not count.
pub fn read_wp_config(path: String, text: &str, modified: Option<SystemTime>) -> WpConfig {
    let code = strip_php_comments(text);
    let defines = defines(&code);
    let get = |k: &str| defines.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let file_edit_disallowed = get("DISALLOW_FILE_EDIT").is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || get("DISALLOW_FILE_MODS").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let salts_set = SALT_KEYS.iter().all(|k| {
        get(k).is_some_and(|v| {
            let v = v.trim_matches(|c| c == '\'' || c == '"');
            v.len() >= 32 && !v.contains("put your unique phrase here")
        })
    });
    let joined: String = SALT_KEYS.iter().map(|k| get(k).unwrap_or("")).collect::<Vec<_>>().join("\n");
    let salts_fingerprint = crate::audit::hex(&<sha2::Sha256 as sha2::Digest>::digest(joined.as_bytes()));
    WpConfig { path, file_edit_disallowed, salts_set, salts_fingerprint, modified }
}

/// `define( 'NAME', value )` pairs, value as written (quotes kept for strings).
fn defines(code: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("define") {
        rest = &rest[i + 6..];
        let t = rest.trim_start();
        let Some(t) = t.strip_prefix('(') else {
            continue;
        };
        let t = t.trim_start();
        let Some(q) = t.chars().next().filter(|c| *c == '\'' || *c == '"') else {
            continue;
        };
        let Some(end) = t[1..].find(q) else { continue };
        let name = t[1..1 + end].to_owned();
        let after = t[1 + end + 1..].trim_start();
        let Some(after) = after.strip_prefix(',') else {
            continue;
        };
        let value = read_value(after.trim_start());
        out.push((name, value));
    }
    out
}

fn read_value(s: &str) -> String {
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, q @ ('\'' | '"'))) => {
            let mut escaped = false;
            for (i, c) in chars {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    return s[..=i].to_owned();
                }
            }
            s.to_owned()
        }
        _ => s.split([')', ',']).next().unwrap_or("").trim().to_owned(),
    }
}

/// Removes `//`, `#` and `/* */` comments outside string literals.
pub fn strip_php_comments(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quote {
            out.push(c as char);
            if c == b'\\' && i + 1 < b.len() {
                out.push(b[i + 1] as char);
                i += 2;
                continue;
            }
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if c == b'\'' || c == b'"' {
            quote = Some(c);
            out.push(c as char);
            i += 1;
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = text[i + 2..].find("*/").map(|e| i + 2 + e + 2).unwrap_or(b.len());
        } else if (c == b'/' && b.get(i + 1) == Some(&b'/')) || c == b'#' {
            i = text[i..].find('\n').map(|e| i + e).unwrap_or(b.len());
        } else {
            // Keep multi-byte characters intact.
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SALTS: &str = "define('AUTH_KEY','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');\ndefine('SECURE_AUTH_KEY','bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');\ndefine('LOGGED_IN_KEY','cccccccccccccccccccccccccccccccccccccc');\ndefine('NONCE_KEY','dddddddddddddddddddddddddddddddddddddd');\ndefine('AUTH_SALT','eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee');\ndefine('SECURE_AUTH_SALT','ffffffffffffffffffffffffffffffffffffff');\ndefine('LOGGED_IN_SALT','gggggggggggggggggggggggggggggggggggggg');\ndefine('NONCE_SALT','hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh');\n";

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
    }
}
