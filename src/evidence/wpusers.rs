//! The users inside the WordPress sites, as root reads them from each site's own database:
//! root logs in with the `wp-config.php`'s database settings (the `mysql` client, the password
//! through a pipe, a timeout) and reads `user_pass` of every user whose role in
//! `PREFIX_usermeta` (`PREFIX_capabilities`) is one of the site's roles that can manage the
//! site or upload files: the rule `program.php` applies for the page (`sr_roles`), read from
//! the site's own `PREFIX_user_roles` option, so a shop's or a plugin's role that can upload
//! counts as it does on the page; when that option cannot be read, WordPress's stock roles
//! that can (administrator, editor, author). At release root keeps keyed digests of those hashes; at the reopen the step is
//! done only when every one of them changed or the user is gone. The customer-side record
//! (`~/.secure_reopen/wp_users.json`) drives the page only.

use std::path::Path;

use super::Key;
use crate::passwords::configs::{DefineValue, define_values, string_variable};
use crate::paths::Paths;

/// Roles whose users can upload files or manage the site on a stock WordPress.
const ROLES: &[&str] = &["administrator", "editor", "author"];
/// The capabilities that make a role's users the runbook's "users who can upload".
const PRIVILEGED_CAPS: &[&str] = &["upload_files", "manage_options"];

/// The site's roles that can upload or manage it (`program.php`'s `sr_roles`: a role with
/// `upload_files` or `manage_options`, and `administrator`), from its serialized roles option;
/// `None` when that is not a plain serialized array.
fn privileged_roles(option: &[u8]) -> Option<Vec<String>> {
    let roles = super::phpser::parse(option)?;
    let mut out = vec!["administrator".to_owned()];
    for (name, role) in roles.entries() {
        let caps = role.get("capabilities");
        if PRIVILEGED_CAPS.iter().any(|c| caps.and_then(|caps| caps.get(c)).is_some_and(|v| v.truthy()))
            && name != "administrator"
        {
            out.push(name);
        }
    }
    Some(out)
}

/// Whether a user's serialized capabilities give them one of `roles`. An unreadable value
/// falls back to looking for a role's quoted name, as a plain search would.
fn has_role(caps: &[u8], roles: &[String]) -> bool {
    match super::phpser::parse(caps) {
        Some(v) => v.entries().any(|(k, v)| v.truthy() && roles.contains(&k)),
        None => {
            let text = String::from_utf8_lossy(caps);
            roles.iter().any(|r| text.contains(&format!("\"{r}\"")))
        }
    }
}

/// A field of the `mysql` client's batch output as the database holds it (the client writes
/// a tab, a newline, a NUL and a backslash as `\t`, `\n`, `\0`, `\\`).
fn unescape_batch(field: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(field.len());
    let mut it = field.bytes();
    while let Some(b) = it.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match it.next() {
            Some(b't') => out.push(b'\t'),
            Some(b'n') => out.push(b'\n'),
            Some(b'0') => out.push(0),
            Some(other) => out.push(other),
            None => out.push(b'\\'),
        }
    }
    out
}

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
        let roles_query =
            format!("SELECT option_value FROM `{prefix}options` WHERE option_name = '{prefix}user_roles'");
        let option = super::sql::mysql_query_as(paths, &user, &password, &db, &roles_query)
            .map_err(|e| format!("could not read the roles of {config}: {e}"))?;
        let roles =
            privileged_roles(&unescape_batch(option.strip_suffix('\n').unwrap_or(&option))).unwrap_or_else(|| {
                crate::log::event("wp_roles_unreadable", &[("config", config), ("using", "WordPress's stock roles")]);
                ROLES.iter().map(|r| (*r).to_owned()).collect()
            });
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
            if !has_role(&unescape_batch(caps), &roles) {
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
mod tests;
