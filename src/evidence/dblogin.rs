//! Database settings, checked for real: every site configuration that names a MySQL user must
//! log in with that user and the password it holds (root runs the `mysql` client with them,
//! the password through a pipe, with a timeout: `sql::mysql_login`). A restore that brings
//! back an old `wp-config.php` with the old database password is caught here; the customer's
//! fix is a new password for that database user (the password step rewrites every file that
//! names it).

use std::path::{Path, PathBuf};

use crate::passwords::configs::{self, Format};
use crate::paths::Paths;

/// A config that cannot log in (home-relative path, database user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failing {
    pub path: String,
    pub user: String,
}

/// Every config under the document roots whose database login fails. `Err` when root could
/// not find out (no client, a timeout): "could not check", never "works".
pub fn failing(
    paths: &Paths,
    home: &Path,
    docroots: &[PathBuf],
    mysql_users: &[String],
) -> Result<Vec<Failing>, String> {
    let uses = crate::passwords::inventory::find_configs(home, docroots);
    let canon_home = home.canonicalize().map_err(|e| format!("cannot resolve the home directory: {e}"))?;
    let mut out = Vec::new();
    let mut files: Vec<(String, Format)> =
        uses.values().flatten().map(|u| (u.path.clone(), u.format)).collect::<Vec<_>>();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    for (path, format) in files {
        // PostgreSQL settings in a .env are not checked here (MySQL is what cPanel sites use).
        let bytes =
            crate::fsutil::read_user_file(&canon_home, Path::new(&path), crate::passwords::inventory::MAX_CONFIG_BYTES)
                .map_err(|e| format!("could not check {path}: {e}"))?;
        let Some(bytes) = bytes else { continue };
        let Ok(text) = String::from_utf8(bytes) else { continue };
        let Ok(logins) = configs::find(format, &text) else { continue };
        for login in logins {
            let user_ok = !login.user.is_empty() && login.user.len() <= 80 && !login.user.chars().any(char::is_control);
            // WordPress and Joomla speak MySQL only; a Drupal or .env setting may name a
            // PostgreSQL user, so it is checked when the user is one of the account's MySQL users.
            let mysql = matches!(format, Format::WordPress | Format::Joomla) || mysql_users.contains(&login.user);
            if !user_ok || !mysql {
                continue;
            }
            if !super::sql::mysql_login(paths, &login.user, &login.password)? {
                out.push(Failing { path: path.clone(), user: login.user.clone() });
            }
        }
    }
    Ok(out)
}
