//! cPanel's per-account FTP user file, `/etc/proftpd/USER` (`login:hash:uid:gid:owner:home:shell`),
//! in the fake root. The FTP server reads it, so a `!` before a hash locks that login; the
//! simulator's FTP logins honour that, and a password change rewrites the entry unlocked.

use std::path::{Path, PathBuf};

use crate::state::{Account, Hash};

pub fn path(root: &Path, user: &str) -> PathBuf {
    root.join("etc/proftpd").join(user)
}

fn line(login: &str, hash: &Hash, owner: &str, home: &Path) -> String {
    format!("{login}:{}:1000:1000:{owner}:{}:/bin/ftpsh\n", hash.encoded(), home.display())
}

/// Writes the whole file for an account (at creation).
pub fn write_all(root: &Path, acct: &Account) -> std::io::Result<()> {
    let mut text = line(&acct.user, &acct.password, &acct.user, &acct.home);
    for f in acct.ftp.iter().filter(|f| f.kind == "sub") {
        if let Some(h) = &f.password {
            text.push_str(&line(&f.user, h, &acct.user, &f.homedir));
        }
    }
    crate::util::write_atomic(&path(root, &acct.user), text.as_bytes(), 0o640)
}

/// Replaces (or adds) one login's entry, unlocked, after its password changed.
pub fn set(root: &Path, acct: &Account, login: &str, hash: &Hash, home: &Path) -> std::io::Result<()> {
    let p = path(root, &acct.user);
    // cPanel edits it under its FTP storage lock (`Cpanel/FtpUtils/Passwd.pm`).
    crate::util::with_safelock(&p, LOCK_WAIT, || set_locked(&p, acct, login, hash, home))?
}

/// How long the simulator waits for another holder of cPanel's lock on a file.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

fn set_locked(p: &Path, acct: &Account, login: &str, hash: &Hash, home: &Path) -> std::io::Result<()> {
    let p = p.to_path_buf();
    let text = std::fs::read_to_string(&p).unwrap_or_default();
    let new = line(login, hash, &acct.user, home);
    let mut found = false;
    let mut out: String = text
        .split_inclusive('\n')
        .map(|l| {
            if l.split(':').next() == Some(login) {
                found = true;
                new.clone()
            } else {
                l.to_owned()
            }
        })
        .collect();
    if !found {
        out.push_str(&new);
    }
    crate::util::write_atomic(&p, out.as_bytes(), 0o640)
}

/// True when the login's entry is locked (or missing while the file exists).
pub fn locked(root: &Path, user: &str, login: &str) -> bool {
    match std::fs::read_to_string(path(root, user)) {
        Ok(text) => !text
            .lines()
            .any(|l| l.split(':').next() == Some(login) && l.split(':').nth(1).is_some_and(|h| !h.starts_with('!'))),
        Err(_) => false,
    }
}
