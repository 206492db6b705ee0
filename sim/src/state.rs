//! The simulated account state: what cPanel would keep about each account, on disk under the
//! state directory (`accounts.json`, written atomically after every change) plus real home
//! directories. Passwords are stored as salted SHA-256 (never plaintext); cPanel itself uses
//! crypt hashes, but the simulator only needs "the new password logs in, the old one fails".

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hash {
    salt: String,
    sha256: String,
}

impl Hash {
    pub fn of(password: &str) -> Hash {
        let mut salt = [0u8; 12];
        rand::fill(&mut salt);
        let salt = hex(&salt);
        Hash { sha256: digest(&salt, password), salt }
    }

    /// The form written into files that store hashes (no `:`).
    pub fn encoded(&self) -> String {
        format!("$sim${}${}", self.salt, self.sha256)
    }

    pub fn matches(&self, password: &str) -> bool {
        digest(&self.salt, password) == self.sha256
    }
}

fn digest(salt: &str, password: &str) -> String {
    hex(&Sha256::digest(format!("{salt}:{password}").as_bytes()))
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Domain {
    pub domain: String,
    pub documentroot: PathBuf,
    pub php_version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Mailbox {
    pub email: String,
    pub password: Hash,
    #[serde(default)]
    pub suspended_login: bool,
    #[serde(default)]
    pub suspended_incoming: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Forwarder {
    /// The address mail arrives at.
    pub dest: String,
    /// Where it is sent on.
    pub forward: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Filter {
    pub account: String,
    pub filtername: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FtpAccount {
    pub user: String,
    /// main, sub, anonymous, logaccess
    pub kind: String,
    pub homedir: PathBuf,
    pub password: Option<Hash>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DbUser {
    pub user: String,
    pub password: Hash,
    pub databases: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebDiskUser {
    pub login: String,
    pub homedir: PathBuf,
    pub password: Hash,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SubAccount {
    pub username: String,
    pub domain: String,
    pub password: Hash,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Token {
    pub name: String,
    pub create_time: i64,
    pub secret: Hash,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SshKey {
    pub name: String,
    pub key: String,
    pub mtime: i64,
    pub authorized: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CronJob {
    pub minute: String,
    pub hour: String,
    pub day: String,
    pub month: String,
    pub weekday: String,
    pub command: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Backup {
    /// cPanel's `backupID`: the backup's folder below the backup directory — `2026-11-10` for
    /// a daily backup, `weekly/2026-11-15` or `monthly/2026-11-01` for the others
    /// (`Cpanel/Backup/Restore.pm` `_prepare_out_record`).
    pub id: String,
    /// A real .tar.gz of the home directory's files at that date.
    pub archive: PathBuf,
}

impl Backup {
    /// `backupDate`: the `YYYY-MM-DD` in the backup's path.
    pub fn date(&self) -> &str {
        self.id.rsplit('/').next().unwrap_or(&self.id)
    }

    /// `Backup::list_backups` lists only daily backups (`bin/admin/Cpanel/backup LISTDATES`
    /// answers the dated folders directly below the backup directory).
    pub fn daily(&self) -> bool {
        !self.id.contains('/')
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub user: String,
    pub password: Hash,
    #[serde(default)]
    pub suspended: bool,
    pub locale: String,
    pub contact_email: String,
    /// WHM's second contact address (`CONTACTEMAIL2` in the user file).
    #[serde(default)]
    pub contact_email_2: String,
    pub home: PathBuf,
    pub main_domain: Domain,
    #[serde(default)]
    pub addon_domains: Vec<Domain>,
    #[serde(default)]
    pub sub_domains: Vec<Domain>,
    #[serde(default)]
    pub parked_domains: Vec<String>,
    #[serde(default)]
    pub mailboxes: Vec<Mailbox>,
    #[serde(default)]
    pub forwarders: Vec<Forwarder>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub ftp: Vec<FtpAccount>,
    #[serde(default)]
    pub mysql_users: Vec<DbUser>,
    #[serde(default)]
    pub mysql_databases: Vec<String>,
    #[serde(default)]
    pub postgres_users: Vec<DbUser>,
    #[serde(default)]
    pub webdisk: Vec<WebDiskUser>,
    #[serde(default)]
    pub subaccounts: Vec<SubAccount>,
    #[serde(default)]
    pub tokens: Vec<Token>,
    #[serde(default)]
    pub ssh_keys: Vec<SshKey>,
    #[serde(default)]
    pub cron: Vec<CronJob>,
    #[serde(default)]
    pub two_factor: bool,
    /// Required strength (0–100) per app: passwd, mysql, postgres, virtual (pop, ftp and
    /// webdisk use virtual's).
    #[serde(default)]
    pub strength: BTreeMap<String, u32>,
    #[serde(default)]
    pub backups: Vec<Backup>,
    /// Features the account's package (Feature Manager) turns off: `postgres`, `webdisk`,
    /// `secure_reopen`… Every other feature is on.
    #[serde(default)]
    pub features_off: BTreeSet<String>,
    /// Server roles that are off on the account's server (WHM Server Profile):
    /// `PostgresClient`, `WebDisk`, `FileStorage`… Kept per account so one simulator can hold
    /// accounts of differently configured servers.
    #[serde(default)]
    pub roles_off: BTreeSet<String>,
}

impl Account {
    pub fn domains(&self) -> impl Iterator<Item = &Domain> {
        std::iter::once(&self.main_domain).chain(&self.addon_domains).chain(&self.sub_domains)
    }

    pub fn required_strength(&self, app: &str) -> u32 {
        // `pop`, `ftp` and `webdisk` share `virtual`'s rule (Cpanel/PasswdStrength/Check.pm).
        let app = match app {
            "pop" | "ftp" | "webdisk" => "virtual",
            a => a,
        };
        self.strength.get(app).copied().unwrap_or(65)
    }

    pub fn has_feature(&self, name: &str) -> bool {
        !self.features_off.contains(name)
    }

    pub fn has_role(&self, name: &str) -> bool {
        !self.roles_off.contains(name)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct World {
    pub accounts: BTreeMap<String, Account>,
}

impl World {
    pub fn path(state_dir: &Path) -> PathBuf {
        state_dir.join("accounts.json")
    }

    pub fn load(state_dir: &Path) -> std::io::Result<Option<World>> {
        match std::fs::read(World::path(state_dir)) {
            Ok(b) => serde_json::from_slice(&b).map(Some).map_err(std::io::Error::other),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn save(&self, state_dir: &Path) -> std::io::Result<()> {
        let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        crate::util::write_atomic(&World::path(state_dir), &bytes, 0o600)?;
        crate::system_files::mirror(&state_dir.join("root"), self)
    }
}

/// cPanel rates passwords 0–100. This approximation counts bits from length and the kinds of
/// characters used (80 bits and more rate 100), which orders passwords the way cPanel's meter
/// does: longer and more varied is stronger.
pub fn strength(password: &str) -> u32 {
    let mut pool = 0u32;
    if password.bytes().any(|b| b.is_ascii_lowercase()) {
        pool += 26;
    }
    if password.bytes().any(|b| b.is_ascii_uppercase()) {
        pool += 26;
    }
    if password.bytes().any(|b| b.is_ascii_digit()) {
        pool += 10;
    }
    if password.chars().any(|c| !c.is_ascii_alphanumeric()) {
        pool += 33;
    }
    if pool == 0 {
        return 0;
    }
    let bits = password.chars().count() as f64 * f64::from(pool).log2();
    ((bits * 100.0 / 80.0).floor() as u32).min(100)
}
