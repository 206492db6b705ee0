//! The users inside the WordPress sites, as root reads them from each site's own database:
//! root logs in with the `wp-config.php`'s database settings (the `mysql` client, the password
//! through a pipe, a timeout) and reads `user_pass` of every user whose role in
//! `PREFIX_usermeta` (`PREFIX_capabilities`) is one of WordPress's roles that can manage the
//! site or upload files (administrator, editor, author; the roles `program.php` lists on a
//! stock site). At release root keeps keyed digests of those hashes; at the reopen the step is
//! done only when every one of them changed or the user is gone. The customer-side record
//! (`~/.secure_reopen/wp_users.json`) drives the page only.

use std::path::Path;

use super::Key;
use crate::passwords::configs::{DefineValue, define_values, string_variable};
use crate::paths::Paths;

/// Roles whose users can upload files or manage the site on a stock WordPress.
const ROLES: &[&str] = &["administrator", "editor", "author"];

/// One privileged user of one install, with the keyed digest of their password hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Seen {
    /// The install's `wp-config.php`, relative to the home directory.
    pub config: String,
    pub id: u64,
    pub login: String,
    pub digest: String,
}

/// A table prefix as WordPress accepts it (`wp-load.php` refuses others): letters, digits and `_`.
fn valid_prefix(p: &str) -> bool {
    !p.is_empty() && p.len() <= 64 && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn valid_db_name(n: &str) -> bool {
    !n.is_empty() && n.len() <= 64 && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The privileged users of every install (configs relative to `home`), read as root. `Err`
/// when one install could not be read: "could not check", never "no users".
pub fn read(paths: &Paths, key: &Key, home: &Path, configs: &[String]) -> Result<Vec<Seen>, String> {
    let canon = home.canonicalize().map_err(|e| format!("cannot resolve the home directory: {e}"))?;
    let mut out = Vec::new();
    for config in configs {
        let bytes =
            crate::fsutil::read_user_file(&canon, Path::new(config), crate::passwords::inventory::MAX_CONFIG_BYTES)
                .map_err(|e| format!("could not read {config}: {e}"))?
                .ok_or_else(|| format!("{config} is gone"))?;
        let text = String::from_utf8_lossy(&bytes);
        let defines = define_values(&text);
        let get = |k: &str| {
            defines.iter().find(|(n, _)| n == k).and_then(|(_, v)| match v {
                DefineValue::Str(s) => Some(s.clone()),
                _ => None,
            })
        };
        let (Some(db), Some(user), Some(password)) = (get("DB_NAME"), get("DB_USER"), get("DB_PASSWORD")) else {
            return Err(format!("{config} does not name its database plainly"));
        };
        let prefix = string_variable(&text, "table_prefix").unwrap_or_else(|| "wp_".to_owned());
        if !valid_prefix(&prefix) || !valid_db_name(&db) {
            return Err(format!("{config} has an unusual table prefix or database name"));
        }
        let query = format!(
            "SELECT u.ID, u.user_login, u.user_pass, m.meta_value FROM `{prefix}users` u JOIN `{prefix}usermeta` m \
             ON m.user_id = u.ID WHERE m.meta_key = '{prefix}capabilities' ORDER BY u.ID"
        );
        let rows = super::sql::mysql_query_as(paths, &user, &password, &db, &query)
            .map_err(|e| format!("could not read the users of {config}: {e}"))?;
        for row in rows.lines() {
            let f: Vec<&str> = row.splitn(4, '\t').collect();
            let [id, login, hash, caps] = f[..] else { continue };
            let Ok(id) = id.parse::<u64>() else { continue };
            // A serialized PHP array of role names: `a:1:{s:13:"administrator";b:1;}`.
            if !ROLES.iter().any(|r| caps.contains(&format!("\"{r}\""))) {
                continue;
            }
            out.push(Seen {
                config: config.clone(),
                id,
                login: login.to_owned(),
                digest: key.digest(&[b"wp_user", config.as_bytes(), hash.as_bytes()]),
            });
        }
    }
    Ok(out)
}

/// The users seen at release whose password hash is still the same now (by install and id).
pub fn unchanged<'a>(at_release: &'a [Seen], now: &[Seen]) -> Vec<&'a Seen> {
    at_release
        .iter()
        .filter(|r| now.iter().any(|n| n.config == r.config && n.id == r.id && n.digest == r.digest))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(id: u64, digest: &str) -> Seen {
        Seen { config: "public_html/wp-config.php".into(), id, login: format!("u{id}"), digest: digest.into() }
    }

    #[test]
    fn the_table_prefix_is_read_from_code_not_comments() {
        let text = "<?php\n// $table_prefix = 'old_';\n# Innstillinger – ikke rør\n$table_prefix = 'shop_';\n";
        assert_eq!(string_variable(text, "table_prefix").as_deref(), Some("shop_"));
        assert!(valid_prefix("shop_") && !valid_prefix("x`; DROP TABLE y; --"));
    }

    #[test]
    fn a_user_is_done_when_their_hash_changed_or_they_are_gone() {
        let release = [seen(1, "a"), seen(2, "b"), seen(3, "c")];
        let now = [seen(1, "a2"), seen(2, "b"), seen(4, "d")];
        let left: Vec<u64> = unchanged(&release, &now).iter().map(|s| s.id).collect();
        assert_eq!(left, vec![2]);
    }
}
