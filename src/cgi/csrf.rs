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

const KEY_LEN: usize = 32;
/// The most read from `csrf.key`: a bigger file is damaged (or planted), never read whole.
const KEY_CAP: u64 = 64;
pub const KEY_FILE: &str = "csrf.key";

impl Key {
    /// Reads the key without following a symbolic link (`O_NOFOLLOW`), never blocking on a FIFO
    /// (`O_NONBLOCK`, regular files only) and never reading more than [`KEY_CAP`] bytes. A key
    /// that is missing is created; one that is a link, not a regular file or not 32 bytes is
    /// moved aside to `csrf.key.damaged-TIME` (nothing deleted) and replaced by a new one, so open
    /// forms stop validating but the page keeps working.
    pub fn load_or_create(dir: &Path) -> std::io::Result<Key> {
        fs::create_dir_all(dir)?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        let path = dir.join(KEY_FILE);
        for _ in 0..3 {
            match read_key(&path) {
                Ok(Some(key)) => return Ok(Key(key)),
                Ok(None) => {}
                Err(why) => {
                    crate::log::event("csrf_key_damaged", &[("file", &path.display().to_string()), ("why", &why)]);
                    let stamp = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
                    fs::rename(&path, dir.join(format!("{KEY_FILE}.damaged-{stamp}")))?;
                }
            }
            if let Some(key) = create_key(dir, &path)? {
                return Ok(Key(key));
            }
            // Another request created it first: read theirs.
        }
        Err(std::io::Error::other(format!("{} keeps changing; try again", path.display())))
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

/// `Ok(None)` when there is no key; `Err(why)` when the file is there but unusable.
fn read_key(path: &Path) -> Result<Option<[u8; KEY_LEN]>, String> {
    let f = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Err("it is a symbolic link".into()),
        Err(e) => return Err(e.to_string()),
    };
    let meta = f.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("it is not a regular file".into());
    }
    let mut buf = Vec::with_capacity(KEY_LEN);
    (&f).take(KEY_CAP + 1).read_to_end(&mut buf).map_err(|e| e.to_string())?;
    let key: [u8; KEY_LEN] =
        buf.as_slice().try_into().map_err(|_| format!("it holds {} bytes, not {KEY_LEN}", buf.len()))?;
    Ok(Some(key))
}

/// Writes a new key to a temporary file and links it into place, which fails when a key is
/// already there (`Ok(None)`): never overwrites, never writes through a link.
fn create_key(dir: &Path, path: &Path) -> std::io::Result<Option<[u8; KEY_LEN]>> {
    let mut key = [0u8; KEY_LEN];
    rand::fill(&mut key);
    let mut tmp = tempfile::Builder::new().prefix(".csrf-").tempfile_in(dir)?;
    tmp.as_file().set_permissions(fs::Permissions::from_mode(0o600))?;
    tmp.write_all(&key)?;
    tmp.as_file().sync_all()?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(Some(key)),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(e.error),
    }
}
