//! The simulated account state: what cPanel would keep about each account, on disk under the
//! state directory (`accounts.json` and the journal of changes beside it, see [`World::save`])
//! plus real home directories. Passwords are stored as salted SHA-256 (never plaintext); cPanel itself uses
//! crypt hashes, but the simulator only needs "the new password logs in, the old one fails".

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    pub domain: String,
    pub documentroot: PathBuf,
    pub php_version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mailbox {
    pub email: String,
    pub password: Hash,
    #[serde(default)]
    pub suspended_login: bool,
    #[serde(default)]
    pub suspended_incoming: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forwarder {
    /// The address mail arrives at.
    pub dest: String,
    /// Where it is sent on.
    pub forward: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Filter {
    pub account: String,
    pub filtername: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FtpAccount {
    pub user: String,
    /// main, sub, anonymous, logaccess
    pub kind: String,
    pub homedir: PathBuf,
    pub password: Option<Hash>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DbUser {
    pub user: String,
    pub password: Hash,
    pub databases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebDiskUser {
    pub login: String,
    pub homedir: PathBuf,
    pub password: Hash,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubAccount {
    pub username: String,
    pub domain: String,
    pub password: Hash,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    pub name: String,
    pub create_time: i64,
    pub secret: Hash,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SshKey {
    pub name: String,
    pub key: String,
    pub mtime: i64,
    pub authorized: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CronJob {
    pub minute: String,
    pub hour: String,
    pub day: String,
    pub month: String,
    pub weekday: String,
    pub command: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// Every account the simulator holds. On disk: `accounts.json` (a base written whole, with its
/// generation) and `accounts.log.GEN`, a journal of what changed since, one line per save
/// ([`World::save`]). Saving costs what changed, not the size of the state; the journal is
/// folded into a new base once it outgrows the base.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct World {
    pub accounts: BTreeMap<String, Account>,
    /// What is on disk, to write only the difference.
    #[serde(skip)]
    saved: Saved,
}

/// The state as last written (a copy of it, the base's generation, the journal's length).
#[derive(Default)]
struct Saved(Option<Box<OnDisk>>);

struct OnDisk {
    dir: PathBuf,
    accounts: BTreeMap<String, Account>,
    generation: u64,
    base_len: u64,
    log_len: u64,
}

// A copy of the state is a state not yet saved anywhere.
impl Clone for Saved {
    fn clone(&self) -> Saved {
        Saved(None)
    }
}

impl std::fmt::Debug for Saved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Saved(on disk)" } else { "Saved(none)" })
    }
}

/// The base file: the accounts and the generation of the journal that follows it.
#[derive(Serialize)]
struct BaseOut<'a> {
    generation: u64,
    accounts: &'a BTreeMap<String, Account>,
}

#[derive(Deserialize)]
struct BaseIn {
    #[serde(default)]
    generation: u64,
    accounts: BTreeMap<String, Account>,
}

/// One save's changes: one line of the journal, applied whole or (torn by a crash) not at all.
#[derive(Serialize, Deserialize)]
struct Line {
    ops: Vec<Op>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Op {
    /// A new account (or one replaced whole).
    Account {
        user: String,
        account: Box<Account>,
    },
    Removed {
        user: String,
    },
    /// Every field but the item sections (those are kept as they are).
    Head {
        user: String,
        head: Box<Account>,
    },
    /// An item section replaced whole.
    Section {
        user: String,
        section: String,
        items: Value,
    },
    /// Items of a section replaced in place and items added at its end.
    Items {
        user: String,
        section: String,
        set: Vec<(usize, Value)>,
        push: Vec<Value>,
    },
}

/// What changed in one item section.
enum Changed {
    Nothing,
    /// These indexes (into the new list) were replaced or added.
    Items(Vec<usize>),
    Whole,
}

fn diff_items<T: PartialEq + Clone + Serialize>(
    user: &str,
    section: &str,
    now: &[T],
    saved: &mut Vec<T>,
    ops: &mut Vec<Op>,
) -> Changed {
    let whole = |saved: &mut Vec<T>, ops: &mut Vec<Op>| {
        let items = serde_json::to_value(now).unwrap_or(Value::Null);
        ops.push(Op::Section { user: user.to_owned(), section: section.to_owned(), items });
        *saved = now.to_vec();
        Changed::Whole
    };
    if now.len() < saved.len() {
        return whole(saved, ops);
    }
    let set: Vec<usize> = (0..saved.len()).filter(|&i| now[i] != saved[i]).collect();
    let pushed = saved.len()..now.len();
    if set.is_empty() && pushed.is_empty() {
        return Changed::Nothing;
    }
    if set.len() + pushed.len() > now.len() / 2 + 4 {
        return whole(saved, ops);
    }
    let value = |t: &T| serde_json::to_value(t).unwrap_or(Value::Null);
    ops.push(Op::Items {
        user: user.to_owned(),
        section: section.to_owned(),
        set: set.iter().map(|&i| (i, value(&now[i]))).collect(),
        push: now[pushed.clone()].iter().map(value).collect(),
    });
    for &i in &set {
        saved[i] = now[i].clone();
    }
    saved.extend_from_slice(&now[pushed.clone()]);
    Changed::Items(set.into_iter().chain(pushed).collect())
}

fn apply_items<T: serde::de::DeserializeOwned>(
    list: &mut Vec<T>,
    set: Vec<(usize, Value)>,
    push: Vec<Value>,
) -> std::io::Result<()> {
    let de = |v: Value| serde_json::from_value::<T>(v).map_err(std::io::Error::other);
    for (i, v) in set {
        let slot = list.get_mut(i).ok_or_else(|| std::io::Error::other(format!("journal: no item {i}")))?;
        *slot = de(v)?;
    }
    for v in push {
        list.push(de(v)?);
    }
    Ok(())
}

/// The lists of an account that grow with it: saved item by item. Everything else is the
/// account's head, saved whole when any of it changes.
macro_rules! item_sections {
    ($($f:ident: $t:ty),* $(,)?) => {
        struct Sections {
            $($f: Vec<$t>,)*
        }
        fn take_sections(a: &mut Account) -> Sections {
            Sections { $($f: std::mem::take(&mut a.$f),)* }
        }
        fn put_sections(a: &mut Account, s: Sections) {
            $(a.$f = s.$f;)*
        }
        /// Appends the changes of every section to `ops`; answers what changed among what
        /// cPanel's files are derived from.
        fn diff_sections(user: &str, now: &Account, saved: &mut Account, ops: &mut Vec<Op>) -> Derived {
            let mut d = Derived::default();
            $(
                let c = diff_items(user, stringify!($f), &now.$f, &mut saved.$f, ops);
                d.note(stringify!($f), c);
            )*
            d
        }
        fn apply_section(a: &mut Account, section: &str, change: SectionChange) -> std::io::Result<()> {
            match section {
                $(stringify!($f) => change.apply(&mut a.$f),)*
                other => Err(std::io::Error::other(format!("journal: unknown section {other}"))),
            }
        }
    };
}

item_sections!(
    mailboxes: Mailbox,
    forwarders: Forwarder,
    filters: Filter,
    ftp: FtpAccount,
    mysql_users: DbUser,
    mysql_databases: String,
    postgres_users: DbUser,
    webdisk: WebDiskUser,
    subaccounts: SubAccount,
    tokens: Token,
    ssh_keys: SshKey,
    cron: CronJob,
    backups: Backup,
    addon_domains: Domain,
    sub_domains: Domain,
    parked_domains: String,
);

enum SectionChange {
    Whole(Value),
    Items(Vec<(usize, Value)>, Vec<Value>),
}

impl SectionChange {
    fn apply<T: serde::de::DeserializeOwned>(self, list: &mut Vec<T>) -> std::io::Result<()> {
        match self {
            SectionChange::Whole(v) => {
                *list = serde_json::from_value(v).map_err(std::io::Error::other)?;
                Ok(())
            }
            SectionChange::Items(set, push) => apply_items(list, set, push),
        }
    }
}

/// What an account's save changed among the files cPanel derives from it
/// ([`crate::system_files`]).
#[derive(Debug, Default)]
pub struct Derived {
    /// Everything (a new account, or its head: the password, suspension, domains…).
    pub all: bool,
    /// The mailboxes at these indexes changed (`None`: none, or the list was replaced whole).
    pub mailboxes: Option<Vec<usize>>,
    pub mail_whole: bool,
    pub webdisk: bool,
    pub backups: bool,
}

impl Derived {
    fn note(&mut self, section: &str, c: Changed) {
        match (section, c) {
            (_, Changed::Nothing) => {}
            ("mailboxes", Changed::Items(i)) => self.mailboxes = Some(i),
            ("mailboxes", Changed::Whole) => self.mail_whole = true,
            ("webdisk", _) => self.webdisk = true,
            ("backups", _) => self.backups = true,
            _ => {}
        }
    }

    fn any(&self) -> bool {
        self.all || self.mailboxes.is_some() || self.mail_whole || self.webdisk || self.backups
    }
}

/// The journal is folded into a new base once it is larger than this or than the base.
const MIN_COMPACT: u64 = if cfg!(test) { 16 * 1024 } else { 1024 * 1024 };

impl World {
    pub fn new(accounts: BTreeMap<String, Account>) -> World {
        World { accounts, saved: Saved::default() }
    }

    pub fn path(state_dir: &Path) -> PathBuf {
        state_dir.join("accounts.json")
    }

    fn log_path(state_dir: &Path, generation: u64) -> PathBuf {
        state_dir.join(format!("accounts.log.{generation}"))
    }

    /// The base and every complete line of its journal (a line torn by a crash is ignored).
    pub fn load(state_dir: &Path) -> std::io::Result<Option<World>> {
        let bytes = match std::fs::read(World::path(state_dir)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let base: BaseIn = serde_json::from_slice(&bytes).map_err(std::io::Error::other)?;
        let mut accounts = base.accounts;
        let log = match std::fs::read(World::log_path(state_dir, base.generation)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        let mut good = 0usize;
        while let Some(end) = log[good..].iter().position(|&b| b == b'\n') {
            let line: Line = serde_json::from_slice(&log[good..good + end])
                .map_err(|e| std::io::Error::other(format!("journal line at byte {good}: {e}")))?;
            for op in line.ops {
                apply(&mut accounts, op)?;
            }
            good += end + 1;
        }
        let on_disk = OnDisk {
            dir: state_dir.to_path_buf(),
            accounts: accounts.clone(),
            generation: base.generation,
            base_len: bytes.len() as u64,
            log_len: good as u64,
        };
        Ok(Some(World { accounts, saved: Saved(Some(Box::new(on_disk))) }))
    }

    /// Writes what changed since the last save (one journal line, synced) and rewrites the
    /// files cPanel derives from what changed: the cost follows the change, not the accounts'
    /// size. The first save, and one whose journal outgrew the base, writes a new base.
    pub fn save(&mut self, state_dir: &Path) -> std::io::Result<()> {
        let World { accounts, saved } = self;
        let Some(disk) = saved.0.as_mut().filter(|d| d.dir == state_dir) else {
            let generation = 1 + World::base_generation(state_dir);
            self.write_base(state_dir, generation)?;
            return crate::system_files::mirror(&state_dir.join("root"), self);
        };
        let mut ops = Vec::new();
        let mut derived: Vec<(String, Derived)> = Vec::new();
        let gone: Vec<String> = disk.accounts.keys().filter(|u| !accounts.contains_key(*u)).cloned().collect();
        for user in gone {
            disk.accounts.remove(&user);
            ops.push(Op::Removed { user });
        }
        for (user, now) in accounts.iter_mut() {
            let Some(old) = disk.accounts.get_mut(user) else {
                ops.push(Op::Account { user: user.clone(), account: Box::new(now.clone()) });
                disk.accounts.insert(user.clone(), now.clone());
                derived.push((user.clone(), Derived { all: true, ..Derived::default() }));
                continue;
            };
            let (now_s, old_s) = (take_sections(now), take_sections(old));
            let head = now != old;
            if head {
                ops.push(Op::Head { user: user.clone(), head: Box::new(now.clone()) });
                *old = now.clone();
            }
            put_sections(now, now_s);
            put_sections(old, old_s);
            let mut d = diff_sections(user, now, old, &mut ops);
            d.all |= head;
            if d.any() {
                derived.push((user.clone(), d));
            }
        }
        if ops.is_empty() {
            return Ok(());
        }
        if disk.log_len > disk.base_len.max(MIN_COMPACT) {
            let generation = disk.generation + 1;
            self.write_base(state_dir, generation)?;
        } else {
            let mut line = serde_json::to_vec(&Line { ops }).map_err(std::io::Error::other)?;
            line.push(b'\n');
            use std::os::unix::fs::{FileExt, OpenOptionsExt};
            let f = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(World::log_path(state_dir, disk.generation))?;
            // Past a line torn by a crash: the next line starts where the last good one ended.
            f.set_len(disk.log_len)?;
            f.write_all_at(&line, disk.log_len)?;
            f.sync_data()?;
            disk.log_len += line.len() as u64;
        }
        crate::system_files::mirror_changed(&state_dir.join("root"), self, &derived)
    }

    fn base_generation(state_dir: &Path) -> u64 {
        #[derive(Deserialize)]
        struct Generation {
            #[serde(default)]
            generation: u64,
        }
        std::fs::read(World::path(state_dir))
            .ok()
            .and_then(|b| serde_json::from_slice::<Generation>(&b).ok())
            .map_or(0, |g| g.generation)
    }

    /// A new base (the whole state) with an empty journal. The journal before the previous one
    /// is deleted; the previous one stays for a reader that read the previous base.
    fn write_base(&mut self, state_dir: &Path, generation: u64) -> std::io::Result<()> {
        let bytes =
            serde_json::to_vec(&BaseOut { generation, accounts: &self.accounts }).map_err(std::io::Error::other)?;
        crate::util::write_atomic(&World::path(state_dir), &bytes, 0o600)?;
        if let Ok(dir) = std::fs::read_dir(state_dir) {
            for e in dir.flatten() {
                let name = e.file_name();
                let old = name
                    .to_str()
                    .and_then(|n| n.strip_prefix("accounts.log."))
                    .and_then(|g| g.parse::<u64>().ok())
                    .is_some_and(|g| g + 1 < generation);
                if old {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        self.saved = Saved(Some(Box::new(OnDisk {
            dir: state_dir.to_path_buf(),
            accounts: self.accounts.clone(),
            generation,
            base_len: bytes.len() as u64,
            log_len: 0,
        })));
        Ok(())
    }
}

fn apply(accounts: &mut BTreeMap<String, Account>, op: Op) -> std::io::Result<()> {
    let missing = |u: &str| std::io::Error::other(format!("journal: no account {u}"));
    match op {
        Op::Account { user, account } => {
            accounts.insert(user, *account);
        }
        Op::Removed { user } => {
            accounts.remove(&user);
        }
        Op::Head { user, mut head } => {
            let a = accounts.get_mut(&user).ok_or_else(|| missing(&user))?;
            let s = take_sections(a);
            put_sections(&mut head, s);
            *a = *head;
        }
        Op::Section { user, section, items } => {
            let a = accounts.get_mut(&user).ok_or_else(|| missing(&user))?;
            apply_section(a, &section, SectionChange::Whole(items))?;
        }
        Op::Items { user, section, set, push } => {
            let a = accounts.get_mut(&user).ok_or_else(|| missing(&user))?;
            apply_section(a, &section, SectionChange::Items(set, push))?;
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn account(dir: &Path, user: &str, mailboxes: usize) -> Account {
        let home = dir.join("home").join(user);
        serde_json::from_value(serde_json::json!({
            "user": user, "password": Hash::of("pw"), "locale": "en", "contact_email": "",
            "home": home, "main_domain": {"domain": "d.example", "documentroot": home.join("public_html"), "php_version": "8"},
            "mailboxes": (0..mailboxes).map(|i| serde_json::json!({"email": format!("m{i}@d.example"), "password": Hash::of("old")})).collect::<Vec<_>>(),
        }))
        .unwrap()
    }

    fn on_disk(dir: &Path) -> Value {
        serde_json::to_value(World::load(dir).unwrap().unwrap().accounts).unwrap()
    }

    fn len(p: &Path) -> u64 {
        std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
    }

    #[test]
    fn a_save_writes_what_changed_and_a_load_reads_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let mut w = World::new(BTreeMap::from([("u".to_owned(), account(d, "u", 2000))]));
        w.save(d).unwrap();
        let base = std::fs::read(World::path(d)).unwrap();

        // One mailbox's new password: a short journal line, the base untouched, the domain's
        // shadow file rewritten.
        let shadow = d.join("home/u/etc/d.example/shadow");
        let before = std::fs::read_to_string(&shadow).unwrap();
        w.accounts.get_mut("u").unwrap().mailboxes[7].password = Hash::of("new");
        w.save(d).unwrap();
        let log = World::log_path(d, 1);
        assert!(len(&log) < 400, "journal line of {} bytes for one change", len(&log));
        assert_eq!(std::fs::read(World::path(d)).unwrap(), base);
        assert_ne!(std::fs::read_to_string(&shadow).unwrap(), before);
        assert_eq!(on_disk(d), serde_json::to_value(&w.accounts).unwrap());

        // A head change, a removed item, an added account: all read back.
        let a = w.accounts.get_mut("u").unwrap();
        a.suspended = true;
        a.mailboxes.remove(3);
        a.tokens.push(Token { name: "t".into(), create_time: 1, secret: Hash::of("s") });
        w.accounts.insert("v".into(), account(d, "v", 1));
        w.save(d).unwrap();
        assert!(std::fs::read_to_string(d.join("root/etc/shadow")).unwrap().contains("u:!!$sim$"));
        let loaded = World::load(d).unwrap().unwrap();
        assert_eq!(serde_json::to_value(&loaded.accounts).unwrap(), serde_json::to_value(&w.accounts).unwrap());
        // Nothing changed: nothing written.
        let l = len(&log);
        w.save(d).unwrap();
        assert_eq!(len(&log), l);

        // Saves continue from a loaded state; a removed account is removed.
        let mut w2 = loaded;
        w2.accounts.remove("v");
        w2.accounts.get_mut("u").unwrap().mailboxes[0].suspended_login = true;
        w2.save(d).unwrap();
        assert_eq!(on_disk(d), serde_json::to_value(&w2.accounts).unwrap());
    }

    #[test]
    fn a_line_torn_by_a_crash_is_ignored_and_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let mut w = World::new(BTreeMap::from([("u".to_owned(), account(d, "u", 10))]));
        w.save(d).unwrap();
        w.accounts.get_mut("u").unwrap().mailboxes[1].password = Hash::of("kept");
        w.save(d).unwrap();
        let good = serde_json::to_value(&w.accounts).unwrap();
        let log = World::log_path(d, 1);
        let mut f = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
        std::io::Write::write_all(&mut f, b"{\"ops\":[{\"removed\":{\"user\":\"u\"").unwrap();
        let mut loaded = World::load(d).unwrap().unwrap();
        assert_eq!(serde_json::to_value(&loaded.accounts).unwrap(), good);
        loaded.accounts.get_mut("u").unwrap().mailboxes[2].password = Hash::of("after");
        loaded.save(d).unwrap();
        assert_eq!(on_disk(d), serde_json::to_value(&loaded.accounts).unwrap());
        // A damaged line in the middle is an error, never a silently older state.
        let mut bytes = std::fs::read(&log).unwrap();
        bytes[5] = b'#';
        std::fs::write(&log, bytes).unwrap();
        assert!(World::load(d).is_err());
    }

    #[test]
    fn the_journal_is_folded_into_a_new_base_and_a_reader_of_the_old_base_still_reads() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let mut w = World::new(BTreeMap::from([("u".to_owned(), account(d, "u", 100))]));
        w.save(d).unwrap();
        let mut generation = 1;
        for round in 0..2_000 {
            let a = w.accounts.get_mut("u").unwrap();
            a.mailboxes[round % 100].password = Hash::of(&round.to_string());
            w.save(d).unwrap();
            let g = World::base_generation(d);
            if g != generation {
                // The journal of the previous base stays, complete, for a reader that read it.
                assert!(World::log_path(d, generation).exists());
                assert!(!World::log_path(d, generation.saturating_sub(1)).exists() || generation == 1);
                generation = g;
            }
        }
        assert!(generation >= 3, "never compacted");
        assert_eq!(on_disk(d), serde_json::to_value(&w.accounts).unwrap());
        assert!(len(&World::log_path(d, generation)) <= MIN_COMPACT + 1024);
    }
}
