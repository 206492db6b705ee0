//! Every credential of the account, from one batched UAPI round trip plus API 2's Web Disk
//! list (UAPI has none), and the scripts' configuration files that use each database user.
//! A service the server or package does not offer (cPanel's role or feature gate refuses the
//! call) counts as "this account has none", and is named in [`Inventory::absent`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::configs::{self, Format};
use super::plan::{CredentialId, Kind};
use crate::uapi::answers::Answers;
use crate::uapi::{Call, UapiError};

pub fn calls() -> Vec<Call> {
    Source::UAPI.iter().map(|s| s.call()).collect()
}

/// Where the inventory reads from: one call each.
#[derive(Debug, Clone, Copy)]
enum Source {
    Ftp,
    Email,
    Mysql,
    Postgres,
    WebDisk,
    SubAccounts,
    Domains,
}

impl Source {
    const UAPI: [Source; 6] =
        [Source::Ftp, Source::Email, Source::Mysql, Source::Postgres, Source::SubAccounts, Source::Domains];

    fn call(self) -> Call {
        match self {
            Source::Ftp => Call::new("Ftp", "list_ftp"),
            Source::Email => Call::new("Email", "list_pops"),
            Source::Mysql => Call::new("Mysql", "list_users"),
            Source::Postgres => Call::new("Postgresql", "list_users"),
            Source::WebDisk => webdisk_call(),
            Source::SubAccounts => Call::new("UserManager", "list_users"),
            Source::Domains => domains_data_call(),
        }
    }

    /// The name the page gives a part cPanel did not list.
    fn name(self) -> &'static str {
        match self {
            Source::Ftp => "FTP",
            Source::Email => "email",
            Source::Mysql => "MySQL",
            Source::Postgres => "PostgreSQL",
            Source::WebDisk => "Web Disk",
            Source::SubAccounts => "sub-accounts",
            Source::Domains => "domains",
        }
    }

    fn answer(self, answers: &Answers) -> Result<Value, UapiError> {
        match self {
            Source::WebDisk => answers.api2(&self.call()),
            _ => answers.uapi(&self.call()),
        }
    }
}

/// `DomainInfo::domains_data`: every domain with its document root.
pub fn domains_data_call() -> Call {
    Call::new("DomainInfo", "domains_data")
}

/// The API 2 call for Web Disk accounts (`WebDisk::listwebdisks`; UAPI has no list).
pub fn webdisk_call() -> Call {
    Call::new("WebDisk", "listwebdisks")
}

/// A configuration file that holds a database user's password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigUse {
    /// Relative to the home directory.
    pub path: String,
    pub format: Format,
}

#[derive(Debug, Clone, Default)]
pub struct Inventory {
    pub items: Vec<CredentialId>,
    /// Database user → the files that use it.
    pub configs: BTreeMap<String, Vec<ConfigUse>>,
    /// Parts cPanel did not answer (the page says which).
    pub missing: Vec<String>,
    /// Services this server or package does not offer (cPanel refused them by role or
    /// feature): the account has none of those credentials.
    pub absent: Vec<String>,
    /// Database user → settings files that name it but cannot be read safely (path, why): its
    /// password must not change until the customer fixes them.
    pub unreadable: BTreeMap<String, Vec<(String, String)>>,
}

fn strs(v: &Value, key: &str) -> Vec<String> {
    v.as_array().into_iter().flatten().filter_map(|x| x.get(key).and_then(Value::as_str).map(str::to_owned)).collect()
}

/// Builds the inventory from the answers to [`calls`] and [`webdisk_call`], with the site
/// configuration files that use each database user when `home` is given (a walk of the
/// document roots); without it, the credentials only (the checklist counts credentials; a page
/// view walks no folder).
pub fn from_answers(account: &str, answers: &Answers, home: Option<&Path>) -> Inventory {
    let mut inv = Inventory::default();
    inv.items.push(CredentialId { kind: Kind::Cpanel, login: account.to_owned() });
    let next = |source: Source, inv: &mut Inventory| match source.answer(answers) {
        Ok(v) => Some(v),
        Err(e) if crate::uapi::types::is_unavailable(&e) => {
            inv.absent.push(source.name().to_owned());
            None
        }
        Err(_) => {
            inv.missing.push(source.name().to_owned());
            None
        }
    };
    if let Some(v) = next(Source::Ftp, &mut inv) {
        // cPanel's own entries (the main login, anonymous and log access) are not FTP accounts
        // of their own: the main login is the cPanel password.
        for f in v.as_array().into_iter().flatten() {
            if f.get("type").and_then(Value::as_str) == Some("sub")
                && let Some(u) = f.get("user").and_then(Value::as_str)
            {
                inv.items.push(CredentialId { kind: Kind::Ftp, login: u.to_owned() });
            }
        }
    }
    if let Some(v) = next(Source::Email, &mut inv) {
        inv.items.extend(strs(&v, "email").into_iter().map(|login| CredentialId { kind: Kind::Email, login }));
    }
    if let Some(v) = next(Source::Mysql, &mut inv) {
        inv.items.extend(strs(&v, "user").into_iter().map(|login| CredentialId { kind: Kind::Mysql, login }));
    }
    if let Some(v) = next(Source::Postgres, &mut inv) {
        inv.items.extend(strs(&v, "user").into_iter().map(|login| CredentialId { kind: Kind::Postgres, login }));
    }
    if let Some(v) = next(Source::WebDisk, &mut inv) {
        inv.items.extend(strs(&v, "login").into_iter().map(|login| CredentialId { kind: Kind::Webdisk, login }));
    }
    if let Some(v) = next(Source::SubAccounts, &mut inv) {
        for u in v.as_array().into_iter().flatten() {
            if u.get("type").and_then(Value::as_str) == Some("sub")
                && let Some(full) = u.get("full_username").and_then(Value::as_str)
            {
                inv.items.push(CredentialId { kind: Kind::Subaccount, login: full.to_owned() });
            }
        }
    }
    if let Some(v) = next(Source::Domains, &mut inv)
        && let Some(home) = home
    {
        let mut roots = Vec::new();
        if let Some(p) = v.get("main_domain").and_then(|d| d.get("documentroot")).and_then(Value::as_str) {
            roots.push(PathBuf::from(p));
        }
        for k in ["addon_domains", "sub_domains"] {
            for d in v.get(k).and_then(Value::as_array).into_iter().flatten() {
                if let Some(p) = d.get("documentroot").and_then(Value::as_str) {
                    roots.push(PathBuf::from(p));
                }
            }
        }
        let (configs, unreadable) = scan_configs(home, &roots);
        inv.configs = configs;
        for id in inv.items.iter().filter(|i| matches!(i.kind, Kind::Mysql | Kind::Postgres)) {
            let bad: Vec<(String, String)> = unreadable
                .iter()
                .filter(|u| u.text.contains(&id.login))
                .map(|u| (u.path.clone(), u.why.clone()))
                .collect();
            if !bad.is_empty() {
                inv.unreadable.insert(id.login.clone(), bad);
            }
        }
    }
    inv
}

/// A settings file the reader refused (ambiguous or not a plain value).
struct Unreadable {
    path: String,
    why: String,
    text: String,
}

/// Largest configuration file read (real ones are a few KiB).
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Looks for the known configuration files in each document root (four folders deep at most,
/// no symlinks) and maps each database user to the files that set its password.
pub fn find_configs(home: &Path, roots: &[PathBuf]) -> BTreeMap<String, Vec<ConfigUse>> {
    scan_configs(home, roots).0
}

fn scan_configs(home: &Path, roots: &[PathBuf]) -> (BTreeMap<String, Vec<ConfigUse>>, Vec<Unreadable>) {
    let mut out: BTreeMap<String, Vec<ConfigUse>> = BTreeMap::new();
    let mut bad = Vec::new();
    let Ok(home) = home.canonicalize() else { return (out, bad) };
    for root in roots.iter().filter_map(|r| r.canonicalize().ok()).filter(|r| r.starts_with(&home)) {
        let mut stack = vec![(root, 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for e in entries.flatten() {
                let Ok(ft) = e.file_type() else { continue };
                let name = e.file_name().to_string_lossy().into_owned();
                if ft.is_dir() && depth < 4 && !name.starts_with('.') && name != "uploads" && name != "node_modules" {
                    stack.push((e.path(), depth + 1));
                } else if ft.is_file() {
                    let Some(format) = Format::of_file(&name) else { continue };
                    // Opened without following a symlink, regular files only, capped (a sparse
                    // 32 MiB "config" must not cost root its size, let alone a token per byte).
                    let rel_to_home = e.path().strip_prefix(&home).map(Path::to_path_buf).unwrap_or_default();
                    let Ok(Some(bytes)) = crate::fsutil::read_user_file(&home, &rel_to_home, MAX_CONFIG_BYTES) else {
                        continue;
                    };
                    let Ok(text) = String::from_utf8(bytes) else { continue };
                    let rel =
                        e.path().strip_prefix(&home).map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
                    let found = match configs::find(format, &text) {
                        Ok(f) => f,
                        Err(e) => {
                            bad.push(Unreadable { path: rel.clone(), why: e.to_string(), text });
                            continue;
                        }
                    };
                    for login in found {
                        let uses = out.entry(login.user.clone()).or_default();
                        if !uses.iter().any(|u| u.path == rel) {
                            uses.push(ConfigUse { path: rel.clone(), format });
                        }
                    }
                }
            }
        }
    }
    (out, bad)
}
