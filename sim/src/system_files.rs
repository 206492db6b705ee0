//! cPanel's own files that hold password hashes, kept in the fake root exactly as cPanel lays
//! them out, rewritten from the account state after every change (`World::save`; only the
//! files derived from what changed):
//!
//! - `/etc/shadow`: the cPanel user's system password (`user:hash:days:0:99999:7:::`);
//!   `suspendacct` prefixes `!!` (`Cpanel::Auth::Shadow::update_shadow_without_acctlock`).
//! - `~USER/etc/DOMAIN/shadow`: one line per mailbox (`local:hash:days::::::`); a suspended
//!   login carries `!` before the hash (`Email::suspend_login`), and `suspendacct` prefixes
//!   `*LOCKED*` to fields 1 and 8 (`scripts/suspendacct`, `_suspendshadowfile`).
//! - `~USER/etc/webdav/shadow`: Web Disk logins (`login:hash:days::::::digest`,
//!   `Cpanel/WebDisk.pm`), `*LOCKED*` the same way.
//! - `/var/cpanel/users/USER`: cPanel's record of the account (`USER=`, `DNS=`, `SUSPENDED=`).
//! - `/backup/YYYY-MM-DD/accounts/USER.tar.gz`: where cPanel's compressed backups live
//!   (`Cpanel/Backup/Config.pm` BACKUPDIR `/backup`); the simulator's archives are linked
//!   there. Their entries are relative to the home directory; cPanel's own start with
//!   `USER/homedir/` (root's reader accepts both).
//! - `/etc/proftpd/USER` while suspended: `suspendacct` copies it to `USER.suspended` and
//!   writes `# Account suspended`; `unsuspendacct` puts the copy back (`scripts/suspendacct`,
//!   `scripts/unsuspendacct`). The entries themselves are `ftpfile.rs`.
//!
//! MySQL's and PostgreSQL's hashes are answered by the
//! `mysql` and `psql` shims (`sql_tools.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::state::{Account, Derived, World};

/// Days since the epoch, as shadow files count them (fixed: the simulator needs no aging).
const DAYS: &str = "20400";

fn locked(acct: &Account) -> &'static str {
    if acct.suspended { "*LOCKED*" } else { "" }
}

/// `~USER/etc/DOMAIN/shadow` for every domain with a mailbox (or only those in `only`).
fn mail_shadows(acct: &Account, only: Option<&BTreeSet<String>>) -> BTreeMap<String, String> {
    use std::fmt::Write;
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for m in &acct.mailboxes {
        let Some((local, domain)) = m.email.split_once('@') else { continue };
        if only.is_some_and(|o| !o.contains(domain)) {
            continue;
        }
        let bang = if m.suspended_login { "!" } else { "" };
        let file = match files.get_mut(domain) {
            Some(f) => f,
            None => files.entry(domain.to_owned()).or_insert_with(|| String::with_capacity(128 * acct.mailboxes.len())),
        };
        let lock = locked(acct);
        let _ = writeln!(file, "{local}:{lock}{bang}{}:{DAYS}::::::{lock}", m.password.encoded());
    }
    files
}

/// `held` names the logins whose entry root locked with `!` (kept while the hash is unchanged;
/// a new password writes a fresh entry, as `Cpanel/WebDisk.pm` `api2_passwdwebdisk` does).
fn webdisk_shadow(acct: &Account, held: &dyn Fn(&str, &str) -> bool) -> String {
    acct.webdisk
        .iter()
        .map(|w| {
            let bang = if held(&w.login, &w.password.encoded()) { "!" } else { "" };
            format!("{}:{}{bang}{}:{DAYS}::::::{}{bang}\n", w.login, locked(acct), w.password.encoded(), locked(acct))
        })
        .collect()
}

/// The crypt-hash field of `login` in a shadow-style file, with `*LOCKED*` taken off.
pub fn shadow_field(text: &str, login: &str) -> Option<String> {
    text.lines()
        .find(|l| l.split(':').next() == Some(login))
        .and_then(|l| l.split(':').nth(1))
        .map(|h| h.trim_start_matches("*LOCKED*").to_owned())
}

fn system_line(acct: &Account) -> String {
    let lock = if acct.suspended { "!!" } else { "" };
    format!("{}:{lock}{}:{DAYS}:0:99999:7:::\n", acct.user, acct.password.encoded())
}

const FTP_SUSPENDED: &str = "# Account suspended\n";

/// `suspendacct`/`unsuspendacct`'s swap of the account's FTP user file.
fn suspend_ftp_file(root: &Path, acct: &Account) -> std::io::Result<()> {
    let live = crate::ftpfile::path(root, &acct.user);
    let aside = live.with_file_name(format!("{}.suspended", acct.user));
    let current = std::fs::read_to_string(&live).ok();
    if acct.suspended {
        if current.as_deref().is_some_and(|t| t != FTP_SUSPENDED) && !aside.exists() {
            std::fs::copy(&live, &aside)?;
            crate::util::write_atomic(&live, FTP_SUSPENDED.as_bytes(), 0o640)?;
        }
    } else if aside.exists() {
        std::fs::rename(&aside, &live)?;
    }
    Ok(())
}

/// Rewrites every file above from `world` (the fake root is `root`).
pub fn mirror(root: &Path, world: &World) -> std::io::Result<()> {
    for acct in world.accounts.values() {
        mirror_account(root, acct, &Derived { all: true, ..Derived::default() })?;
    }
    system_shadow(root, world)
}

/// Rewrites only the files derived from what a save changed (`World::save`): a password
/// change of one mailbox rewrites its domain's shadow file, not every file of every account.
pub fn mirror_changed(root: &Path, world: &World, changed: &[(String, Derived)]) -> std::io::Result<()> {
    for (user, d) in changed {
        if let Some(acct) = world.accounts.get(user) {
            mirror_account(root, acct, d)?;
        }
    }
    if changed.iter().any(|(_, d)| d.all) {
        system_shadow(root, world)?;
    }
    Ok(())
}

/// `/etc/shadow`: root and every account's system password.
fn system_shadow(root: &Path, world: &World) -> std::io::Result<()> {
    let mut shadow = String::from("root:*:20000:0:99999:7:::\n");
    for acct in world.accounts.values() {
        shadow.push_str(&system_line(acct));
    }
    replace(&root.join("etc/shadow"), shadow.as_bytes(), 0o600)
}

/// Replaces a derived file atomically (a reader sees the old or the new one) without waiting
/// for the disk: the account state is what is synced ([`World::save`]), and these files are
/// written again from it when the simulator starts.
fn replace(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let dir = path.parent().ok_or_else(|| std::io::Error::other("path has no parent"))?;
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode))?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn mirror_account(root: &Path, acct: &Account, d: &Derived) -> std::io::Result<()> {
    if d.all {
        // cPanel's account record (`Cpanel/Config/LoadCpUserFile.pm` reads KEY=VALUE lines).
        let cpuser =
            format!("USER={}\nDNS={}\nSUSPENDED={}\n", acct.user, acct.main_domain.domain, u8::from(acct.suspended));
        replace(&root.join("var/cpanel/users").join(&acct.user), cpuser.as_bytes(), 0o640)?;
        suspend_ftp_file(root, acct)?;
    }
    let domains: Option<BTreeSet<String>> = match &d.mailboxes {
        _ if d.all || d.mail_whole => None,
        Some(changed) => Some(
            changed
                .iter()
                .filter_map(|&i| acct.mailboxes.get(i))
                .filter_map(|m| m.email.split_once('@').map(|(_, dom)| dom.to_owned()))
                .collect(),
        ),
        None => Some(BTreeSet::new()),
    };
    if domains.as_ref().is_none_or(|d| !d.is_empty()) {
        for (domain, text) in mail_shadows(acct, domains.as_ref()) {
            replace(&acct.home.join("etc").join(domain).join("shadow"), text.as_bytes(), 0o640)?;
        }
    }
    if d.all || d.backups {
        for b in &acct.backups {
            // cPanel's layout: /backup/<backupID>/accounts/USER.tar.gz (daily, weekly/, monthly/).
            let at = root.join("backup").join(&b.id).join("accounts").join(format!("{}.tar.gz", acct.user));
            if !at.exists() && b.archive.exists() {
                std::fs::create_dir_all(at.parent().expect("has a parent"))?;
                if std::fs::hard_link(&b.archive, &at).is_err() {
                    std::fs::copy(&b.archive, &at)?;
                }
            }
        }
    }
    let webdav = acct.home.join("etc/webdav/shadow");
    if (d.all || d.webdisk) && (!acct.webdisk.is_empty() || webdav.exists()) {
        // A `!` root put before a hash (its Web Disk hold) stays while the hash is the same.
        // cPanel writes it under its lock (`Cpanel/WebDisk.pm` `safeopen`).
        crate::util::with_safelock(&webdav, crate::ftpfile::LOCK_WAIT, || {
            let before = std::fs::read_to_string(&webdav).unwrap_or_default();
            let held = |login: &str, hash: &str| shadow_field(&before, login).as_deref() == Some(&format!("!{hash}"));
            replace(&webdav, webdisk_shadow(acct, &held).as_bytes(), 0o600)
        })??;
    }
    Ok(())
}

/// The hash a shadow-style line holds for `login`, as written (tests of the simulator).
#[cfg(test)]
fn field(text: &str, login: &str) -> Option<String> {
    text.lines().find(|l| l.split(':').next() == Some(login)).and_then(|l| l.split(':').nth(1)).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Hash;

    #[test]
    fn suspension_locks_mail_and_webdisk_and_the_system_password() {
        let mut acct: Account = serde_json::from_value(serde_json::json!({
            "user": "u1", "password": Hash::of("a"), "locale": "en", "contact_email": "",
            "home": "/nonexistent", "main_domain": {"domain": "d.example", "documentroot": "/x", "php_version": "8"},
            "mailboxes": [{"email": "a@d.example", "password": Hash::of("b"), "suspended_login": true}],
            "webdisk": [{"login": "w@d.example", "homedir": "/x", "password": Hash::of("c")}]
        }))
        .unwrap();
        acct.suspended = true;
        assert!(field(&system_line(&acct), "u1").unwrap().starts_with("!!$sim$"));
        assert!(field(&mail_shadows(&acct, None)["d.example"], "a").unwrap().starts_with("*LOCKED*!$sim$"));
        let open = |_: &str, _: &str| false;
        assert!(field(&webdisk_shadow(&acct, &open), "w@d.example").unwrap().starts_with("*LOCKED*$sim$"));
        acct.suspended = false;
        assert!(field(&webdisk_shadow(&acct, &open), "w@d.example").unwrap().starts_with("$sim$"));
        let held = |_: &str, _: &str| true;
        assert!(field(&webdisk_shadow(&acct, &held), "w@d.example").unwrap().starts_with("!$sim$"));
    }
}
