//! Root's own evidence for one incident: what root saw at `incident release`, kept root-only
//! under `/var/cpanel/secure_reopen/evidence/USER.json` and scoped to the incident's id, so
//! the reopen gate decides from what root observes, never from a file the customer (or an
//! attacker who still has their files) can write.
//!
//! - Passwords: a keyed digest (HMAC-SHA256 under a root-only key) of every credential's
//!   password hash as cPanel stores it ([`hashes`]); never the hash itself. The step is done
//!   when every credential present at release has a different hash now, or is gone.
//! - WordPress: a keyed digest of each `wp-config.php`'s keys and salts at release; the salts
//!   count as renewed only when they differ from every set root saw then (a restore that
//!   brings old salts back is caught).
//! - Database settings: every site config naming a MySQL user must log in with it for real
//!   ([`dblogin`]).
//! - Backups: which backups cPanel listed, and whether any predates the attack (a "clean
//!   install" instead of a restore is accepted only when none does).

pub mod dblogin;
pub mod gate;
pub mod hashes;
pub mod phpser;
pub mod restore;
pub mod sql;
pub mod wpusers;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use time::OffsetDateTime;

use crate::incident::Incident;
use crate::paths::Paths;
use crate::user::UserName;

pub use hashes::{CredKind, Credential};

pub const RECORD_VERSION: u32 = 1;
const KEY_LEN: usize = 32;

/// One credential at release: its kind, its login, and the keyed digest of its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digested {
    pub kind: CredKind,
    pub name: String,
    pub digest: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub version: u32,
    /// The incident this evidence belongs to; evidence of another case never counts.
    pub incident_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub taken_at: OffsetDateTime,
    pub credentials: Vec<Digested>,
    /// Keyed digests of the WordPress keys and salts root saw at release (any config).
    pub wp_salts: Vec<String>,
    /// The backups cPanel listed at release (RFC 3339).
    pub backups: Vec<String>,
    /// The WordPress administrators, editors and authors root read from each site's database
    /// at release, with keyed digests of their password hashes ([`wpusers`]).
    #[serde(default)]
    pub wp_users: Vec<wpusers::Seen>,
    /// Why root could not read them at release (the step then cannot be confirmed).
    #[serde(default)]
    pub wp_users_error: Option<String>,
}

/// What the password step looks like to root now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasswordCheck {
    /// Present at release and still with the same hash.
    pub unchanged: Vec<(CredKind, String)>,
    /// Not present at release (listed for the customer: did they make it?).
    pub created: Vec<(CredKind, String)>,
}

pub fn record_path(paths: &Paths, user: &UserName) -> PathBuf {
    paths.data_dir().join("evidence").join(format!("{user}.json"))
}

fn key_path(paths: &Paths) -> PathBuf {
    paths.data_dir().join("evidence").join("digest.key")
}

/// The root-only digest key, created (0600, 32 random bytes) on first use. Read without
/// following a symlink and with a size cap.
pub fn key(paths: &Paths) -> Result<Key, String> {
    let dir = paths.data_dir().join("evidence");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let _ = std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let read = || crate::fsutil::read_user_file(&dir, Path::new("digest.key"), 1024);
    let bytes = match read().map_err(|e| format!("cannot read {}: {e}", key_path(paths).display()))? {
        Some(b) => b,
        None => {
            let mut k = [0u8; KEY_LEN];
            rand::fill(&mut k);
            use std::io::Write;
            use std::os::unix::fs::OpenOptionsExt;
            let made = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(libc::O_NOFOLLOW)
                .open(key_path(paths))
                .and_then(|mut f| f.write_all(&k).and_then(|()| f.sync_all()));
            match made {
                Ok(()) => {}
                // Another root process made it first: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(format!("cannot create {}: {e}", key_path(paths).display())),
            }
            read()
                .map_err(|e| format!("cannot read {}: {e}", key_path(paths).display()))?
                .ok_or_else(|| format!("{} vanished", key_path(paths).display()))?
        }
    };
    if bytes.len() != KEY_LEN {
        return Err(format!("{} is not a {KEY_LEN}-byte key; remove it to make a new one", key_path(paths).display()));
    }
    Ok(Key(bytes))
}

/// The digest key (redacted in `Debug`).
pub struct Key(Vec<u8>);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl Key {
    /// HMAC-SHA256 over length-prefixed parts (so no two part lists collide).
    pub fn digest(&self, parts: &[&[u8]]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        for p in parts {
            mac.update(&(p.len() as u64).to_be_bytes());
            mac.update(p);
        }
        crate::audit::hex(&mac.finalize().into_bytes())
    }

    fn credential(&self, c: &Credential) -> String {
        self.digest(&[c.kind.tag().as_bytes(), c.name.as_bytes(), c.hash.as_bytes()])
    }

    pub fn salts(&self, fingerprint: &str) -> String {
        self.digest(&[b"wp_salts", fingerprint.as_bytes()])
    }
}

/// Builds the record from what root reads now.
pub fn build(
    key: &Key,
    inc: &Incident,
    credentials: &[Credential],
    salt_fingerprints: &[String],
    backups: Vec<String>,
) -> Record {
    let mut creds: Vec<Digested> = credentials
        .iter()
        .map(|c| Digested { kind: c.kind, name: c.name.clone(), digest: key.credential(c) })
        .collect();
    creds.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    let mut wp_salts: Vec<String> = salt_fingerprints.iter().map(|f| key.salts(f)).collect();
    wp_salts.sort();
    wp_salts.dedup();
    Record {
        version: RECORD_VERSION,
        incident_id: inc.case_id(),
        taken_at: OffsetDateTime::now_utc(),
        credentials: creds,
        wp_salts,
        wp_users: Vec::new(),
        wp_users_error: None,
        backups,
    }
}

pub fn save(paths: &Paths, user: &UserName, rec: &Record) -> Result<(), String> {
    let p = record_path(paths, user);
    crate::fsutil::write_json(&p, rec, 0o600).map_err(|e| format!("cannot write {}: {e}", p.display()))
}

/// The evidence of this incident; `Ok(None)` when root has none for it (another case's
/// record does not count).
pub fn load(paths: &Paths, user: &UserName, inc: &Incident) -> Result<Option<Record>, String> {
    let dir = paths.data_dir().join("evidence");
    let bytes = crate::fsutil::read_user_file(&dir, Path::new(&format!("{user}.json")), 64 << 20)
        .map_err(|e| format!("cannot read {}: {e}", record_path(paths, user).display()))?;
    let Some(bytes) = bytes else { return Ok(None) };
    let rec: Record = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{} is damaged: {e}", record_path(paths, user).display()))?;
    Ok((rec.incident_id == inc.case_id()).then_some(rec))
}

/// Compares the credentials root reads now with the record.
pub fn check_passwords(key: &Key, rec: &Record, now: &[Credential]) -> PasswordCheck {
    let mut out = PasswordCheck::default();
    for c in now {
        match rec.credentials.iter().find(|d| d.kind == c.kind && d.name == c.name) {
            Some(d) if d.digest == key.credential(c) => out.unchanged.push((c.kind, c.name.clone())),
            Some(_) => {}
            None => out.created.push((c.kind, c.name.clone())),
        }
    }
    out.unchanged.sort();
    out.created.sort();
    out
}

/// Which of `now` (path, salts fingerprint) still carry keys and salts root saw at release.
pub fn stale_salts(key: &Key, rec: &Record, now: &[(String, String)]) -> Vec<String> {
    let seen: BTreeSet<&str> = rec.wp_salts.iter().map(String::as_str).collect();
    now.iter().filter(|(_, fp)| seen.contains(key.salts(fp).as_str())).map(|(p, _)| p.clone()).collect()
}

#[cfg(test)]
mod tests;
