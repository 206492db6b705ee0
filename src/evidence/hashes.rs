//! Every credential's password hash as cPanel stores it, read by root from cPanel's own
//! files and databases (never from anything the plugin wrote):
//!
//! | kind | where |
//! |---|---|
//! | cPanel | `/etc/shadow`, the user's line |
//! | mail | `~USER/etc/DOMAIN/shadow`, one line per mailbox, for every domain cPanel lists |
//! | Web Disk | `~USER/etc/webdav/shadow` (`Cpanel/WebDisk.pm`) |
//! | FTP | `/etc/proftpd/USER` (the main login's line is the cPanel password: skipped) |
//! | MySQL | `mysql.user.authentication_string`, through the `mysql` client as root |
//! | PostgreSQL | `pg_shadow.passwd`, through `psql` as postgres, when PostgreSQL is there |
//!
//! Files in the home are the customer's: they are opened below the home without following
//! any symlink, regular files only, with a size cap. A hash is compared without the marks
//! holds and suspensions add (`!`, `!!`, `*LOCKED*`), so locking is not mistaken for a change.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::paths::Paths;
use crate::user::UserName;

/// Largest credential file root reads (a mail shadow with 100,000 mailboxes is ~15 MB).
pub const MAX_FILE: u64 = 32 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredKind {
    Cpanel,
    Mail,
    WebDisk,
    Ftp,
    Mysql,
    Postgres,
}

impl CredKind {
    pub fn tag(self) -> &'static str {
        match self {
            CredKind::Cpanel => "cpanel",
            CredKind::Mail => "mail",
            CredKind::WebDisk => "webdisk",
            CredKind::Ftp => "ftp",
            CredKind::Mysql => "mysql",
            CredKind::Postgres => "postgres",
        }
    }
}

/// One credential and its stored hash (a hash, never a password; redacted in `Debug`).
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    pub kind: CredKind,
    pub name: String,
    pub hash: String,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credential({}:{})", self.kind.tag(), self.name)
    }
}

/// The hash without the marks a lock adds.
pub fn normalise(hash: &str) -> &str {
    let mut h = hash;
    loop {
        if let Some(r) = h.strip_prefix("*LOCKED*") {
            h = r;
        } else if let Some(r) = h.strip_prefix('!') {
            h = r;
        } else {
            return h;
        }
    }
}

/// `login:hash:…` lines of a shadow-style file (comments and blank lines skipped).
fn shadow_lines(bytes: &[u8]) -> impl Iterator<Item = (&str, &str)> {
    bytes.split(|b| *b == b'\n').filter_map(|l| {
        let l = std::str::from_utf8(l).ok()?;
        if l.starts_with('#') || l.trim().is_empty() {
            return None;
        }
        let mut f = l.splitn(3, ':');
        Some((f.next()?, normalise(f.next().unwrap_or(""))))
    })
}

fn read(base: &Path, rel: &str) -> Result<Option<Vec<u8>>, String> {
    crate::fsutil::read_user_file(base, Path::new(rel), MAX_FILE)
        .map_err(|e| format!("could not check {}: {e}", base.join(rel).display()))
}

/// A DNS name as cPanel stores it (no path tricks).
fn plain_domain(d: &str) -> bool {
    !d.is_empty()
        && d.len() <= 253
        && !d.starts_with('.')
        && !d.contains("..")
        && d.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

/// Every credential of `user` now. `domains` are the account's domains as cPanel lists them.
/// Any source root cannot read is an error ("could not check"), never an empty list.
pub fn read_all(paths: &Paths, user: &UserName, home: &Path, domains: &[String]) -> Result<Vec<Credential>, String> {
    let mut out = Vec::new();
    let etc = paths.root().join("etc");
    let shadow =
        read(&etc, "shadow")?.ok_or_else(|| format!("could not check {}: missing", etc.join("shadow").display()))?;
    match shadow_lines(&shadow).find(|(l, _)| *l == user.as_str()) {
        Some((_, h)) => {
            out.push(Credential { kind: CredKind::Cpanel, name: user.as_str().to_owned(), hash: h.to_owned() })
        }
        None => return Err(format!("{user} has no line in /etc/shadow")),
    }
    let mut seen = std::collections::BTreeSet::new();
    for d in domains {
        let d = d.to_ascii_lowercase();
        if !plain_domain(&d) {
            return Err(format!("cPanel listed an invalid domain name {d:?}"));
        }
        if !seen.insert(d.clone()) {
            continue;
        }
        if let Some(bytes) = read(home, &format!("etc/{d}/shadow"))? {
            out.extend(shadow_lines(&bytes).map(|(l, h)| Credential {
                kind: CredKind::Mail,
                name: format!("{l}@{d}"),
                hash: h.to_owned(),
            }));
        }
    }
    if let Some(bytes) = read(home, "etc/webdav/shadow")? {
        out.extend(shadow_lines(&bytes).map(|(l, h)| Credential {
            kind: CredKind::WebDisk,
            name: l.to_owned(),
            hash: h.to_owned(),
        }));
    }
    let proftpd = paths.root().join("etc/proftpd");
    if let Some(bytes) = read(&proftpd, user.as_str())? {
        out.extend(shadow_lines(&bytes).filter(|(l, _)| *l != user.as_str()).map(|(l, h)| Credential {
            kind: CredKind::Ftp,
            name: l.to_owned(),
            hash: h.to_owned(),
        }));
    }
    out.extend(super::sql::hashes(paths, user, super::sql::Engine::Mysql)?);
    out.extend(super::sql::hashes(paths, user, super::sql::Engine::Postgres)?);
    Ok(out)
}

#[cfg(test)]
mod tests;
