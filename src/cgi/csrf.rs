//! CSRF tokens: an HMAC of the session, keyed by a per-user secret kept in the user's home.
//!
//! The token binds the cPanel user, the session's security token and its `cpsession` cookie,
//! so a form from another session (or another user) never validates. cPanel's own security
//! token in the URL is checked too; the CSRF token is the second, independent lock.

use std::fs::{self, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
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
        let mut key = [0u8; 32];
        match OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path) {
            Ok(mut f) => {
                rand::fill(&mut key);
                f.write_all(&key)?;
                f.sync_all()?;
                Ok(Key(key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let mut f = fs::File::open(&path)?;
                let mut buf = Vec::new();
                f.read_to_end(&mut buf)?;
                if buf.len() != 32 {
                    return Err(std::io::Error::other(format!("{} is damaged", path.display())));
                }
                key.copy_from_slice(&buf);
                Ok(Key(key))
            }
            Err(e) => Err(e),
        }
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
