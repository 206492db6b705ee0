//! CSRF tokens: an HMAC of the session, keyed by a per-user secret kept in the user's home.
//!
//! The token binds the cPanel user, the session's security token and its `cpsession` cookie,
//! so a form from another session (or another user) never validates. cPanel's own security
//! token in the URL is checked too; the CSRF token is the second, independent lock.

use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::Request;

type HmacSha256 = Hmac<Sha256>;

pub const FIELD: &str = "csrf";

/// The secret key: 32 random bytes in `dir/csrf.key`, mode 0600, created on first use.
pub struct Key([u8; 32]);

impl Key {
    pub fn load_or_create(dir: &Path) -> std::io::Result<Key> {
        fs::create_dir_all(dir)?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        let path = dir.join("csrf.key");
        for _ in 0..3 {
            match fs::File::open(&path) {
                Ok(mut f) => {
                    let mut buf = Vec::new();
                    Read::take(&mut f, 64).read_to_end(&mut buf)?;
                    if let Ok(key) = <[u8; 32]>::try_from(buf.as_slice()) {
                        return Ok(Key(key));
                    }
                    // Empty or garbage (e.g. written by an older version that was cut off):
                    // kept aside for support, and a new key made; open forms need a reload.
                    let aside = crate::fsutil::move_aside_damaged(&path);
                    crate::log::event("record_damaged", &[("file", &aside)]);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            // The whole key is written and synced under a temporary name, then linked into
            // place: the file never exists half-written, and of two first requests one wins
            // and the other reads its key.
            let mut key = [0u8; 32];
            rand::fill(&mut key);
            let mut tmp = tempfile::Builder::new().prefix(".csrf.key-").tempfile_in(dir)?;
            tmp.as_file().set_permissions(fs::Permissions::from_mode(0o600))?;
            tmp.write_all(&key)?;
            tmp.as_file().sync_all()?;
            match fs::hard_link(tmp.path(), &path) {
                Ok(()) => return Ok(Key(key)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other(format!("{} keeps changing under us", path.display())))
    }

    #[cfg(test)]
    pub fn fixed(bytes: [u8; 32]) -> Key {
        Key(bytes)
    }

    fn mac(&self, req: &Request) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes any key length");
        for part in [req.user.as_str(), req.security_token.as_str(), req.cookie("cpsession").unwrap_or("")] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac
    }

    /// The token to put in every form of this session.
    pub fn token(&self, req: &Request) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.mac(req).finalize().into_bytes())
    }

    /// Constant-time check of the token a POST carried.
    pub fn verify(&self, req: &Request) -> bool {
        let Some(given) = req.form_value(FIELD) else {
            return false;
        };
        let Ok(bytes) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(given) else {
            return false;
        };
        self.mac(req).verify_slice(&bytes).is_ok()
    }
}
