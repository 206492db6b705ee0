//! The server's own checks: what cPanel says (tokens, SSH keys, 2FA, PHP versions, document
//! roots; one `Batch::strict` round trip plus the API 2 calls) and what the files say. A
//! service the server or package lacks (cPanel's role or feature gate refuses it) counts as
//! "none": no tokens, no keys, no 2FA to check, no PHP versions to check.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::files::Findings;
use super::policy::{Policy, parse_php_version};
use super::walk_cache;
use super::{ItemId, Reason, State};
use crate::progress::Progress;
use crate::uapi::answers::{Answers, Ask};
use crate::uapi::types::unavailable_or;
use crate::uapi::{Call, UapiError};

/// Everything the probes saw. Each part is an error text when cPanel did not answer.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub release: Option<OffsetDateTime>,
    pub tokens: Result<Vec<Token>, String>,
    pub ssh_keys: Result<Vec<SshKey>, String>,
    pub two_factor: Result<bool, String>,
    pub php: Result<Vec<VhostPhp>, String>,
    pub files: Result<Findings, String>,
    /// Persistence findings (account and files), for the sweep item.
    pub sweep: Result<Vec<crate::sweep::Finding>, String>,
    /// The customer's restore record, if any.
    pub restore: Option<crate::restore::run::Record>,
    /// Every credential of the account now.
    pub credentials: Result<Vec<crate::passwords::plan::CredentialId>, String>,
    /// The customer's password rotation record, if any.
    pub rotation: Option<crate::passwords::apply::Record>,
    /// What the plugin saw and changed in the WordPress sites (`~/.secure_reopen/wp_users.json`).
    pub wp_users: Option<crate::wordpress::Record>,
    /// When the website folders were checked, for the page (`None` for root's own walk).
    pub files_checked: Option<walk_cache::Checked>,
    /// The software the case names as the way in (root's incident record).
    pub vulnerable: Vec<crate::incident::Vulnerable>,
}

/// What the probes know besides cPanel's answers.
pub struct Context<'a> {
    pub user: &'a str,
    pub home: &'a Path,
    pub release: Option<OffsetDateTime>,
    pub attack: Option<OffsetDateTime>,
    pub restore: Option<crate::restore::run::Record>,
    pub rotation: Option<crate::passwords::apply::Record>,
    /// The page reads the saved walk of the website folders; root walks them itself.
    pub walk: walk_cache::Walk<'a>,
    /// The software the case names as the way in ([`crate::incident::Incident::vulnerable`]).
    pub vulnerable: &'a [crate::incident::Vulnerable],
    /// What the host's own scanners flagged on files still there
    /// ([`crate::sweep::host::open_findings`]): root reads the reports itself at the reopen, the
    /// page shows root's record of them. Part of the persistence review; an error (a report
    /// root could not read) makes the review "could not check".
    pub host: Result<Vec<crate::sweep::Finding>, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Token {
    pub name: String,
    #[serde(default)]
    pub create_time: Option<Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SshKey {
    pub name: String,
    #[serde(default)]
    pub mtime: Option<Value>,
    #[serde(default)]
    pub authstatus: Option<String>,
}

impl SshKey {
    /// Only an authorized public key lets someone in.
    fn grants_access(&self) -> bool {
        self.authstatus.as_deref().map(|s| s == "authorized").unwrap_or(true)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct VhostPhp {
    pub vhost: String,
    pub version: String,
}

fn tokens_call() -> Call {
    Call::new("Tokens", "list")
}

fn two_factor_call() -> Call {
    Call::new("TwoFactorAuth", "get_user_configuration")
}

fn php_call() -> Call {
    Call::new("LangPHP", "php_get_vhost_versions")
}

/// The API 2 call for SSH keys (UAPI has none).
pub fn ssh_call() -> Call {
    Call::new("SSH", "listkeys").arg("types", "pub")
}

/// Every call the probes need (UAPI in the page's one batch, API 2 beside it); a page adds its
/// own calls to this, and a call two readers need is sent once.
pub fn ask() -> Ask {
    Ask::new()
        .uapi([tokens_call(), two_factor_call(), php_call(), crate::passwords::inventory::domains_data_call()])
        .uapi(crate::sweep::account::calls())
        .uapi(crate::passwords::inventory::calls())
        .api2([ssh_call(), crate::sweep::account::cron_call(), crate::passwords::inventory::webdisk_call()])
}

/// Builds the snapshot from the answers to [`ask`], then scans the document roots inside
/// `home`.
pub fn snapshot(answers: &Answers, ctx: Context<'_>) -> Snapshot {
    let none = |r: Result<Value, UapiError>, empty: Value| unavailable_or(r, empty).map_err(|e| e.to_string());
    let tokens = none(answers.uapi(&tokens_call()), json!([])).and_then(decode::<Vec<Token>>);
    let two_factor = none(answers.uapi(&two_factor_call()), json!({})).map(|v| truthy(v.get("is_enabled")));
    let php = none(answers.uapi(&php_call()), json!([])).and_then(decode::<Vec<VhostPhp>>);
    let domains_data = answers.uapi(&crate::passwords::inventory::domains_data_call()).map_err(|e| e.to_string());
    let mail = crate::sweep::account::calls().iter().map(|c| answers.uapi(c)).collect();
    let ssh = answers.api2(&ssh_call());
    let cron = unavailable_or(answers.api2(&crate::sweep::account::cron_call()), json!([]));
    // The credentials only: a page view walks no folder (the configs come with the sheet).
    let inv = crate::passwords::inventory::from_answers(ctx.user, answers, None);
    let credentials = if inv.missing.is_empty() {
        Ok(inv.items)
    } else {
        Err(format!("cPanel did not list every credential (no answer for {})", inv.missing.join(", ")))
    };
    let ssh_keys = none(ssh, json!([])).and_then(decode::<Vec<SshKey>>);
    let docroots = domains_data.as_ref().map(docroots).map_err(Clone::clone);
    let own_domains = domains_data.as_ref().map(domain_names).unwrap_or_default();
    let site = docroots.map(|d| {
        let scope = walk_cache::Scope {
            home: ctx.home,
            docroots: &d,
            own_domains: &own_domains,
            attack: ctx.attack,
            release: ctx.release,
        };
        walk_cache::site(&scope, ctx.walk)
    });
    let files_checked = site.as_ref().ok().and_then(|(_, c)| *c);
    let (files, sweep) = match site {
        Ok((site, _)) => (
            site.files.complete(),
            crate::sweep::account::findings(mail, cron, &own_domains).and_then(|mut found| {
                found.extend(site.sweep);
                crate::sweep::host::merge_findings(&mut found, ctx.host?);
                Ok(found)
            }),
        ),
        Err(e) => (Err(e.clone()), Err(e)),
    };
    Snapshot {
        release: ctx.release,
        tokens,
        ssh_keys,
        two_factor,
        php,
        files,
        sweep,
        restore: ctx.restore,
        credentials,
        rotation: ctx.rotation,
        wp_users: crate::wordpress::record::read_as_root(ctx.home),
        files_checked,
        vulnerable: ctx.vulnerable.to_vec(),
    }
}

/// Every domain name in `DomainInfo::domains_data`.
pub fn domain_names(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut take = |d: &Value| {
        if let Some(n) = d.get("domain").and_then(Value::as_str) {
            out.push(n.to_ascii_lowercase());
        }
    };
    if let Some(m) = v.get("main_domain") {
        take(m);
    }
    for key in ["addon_domains", "sub_domains"] {
        if let Some(list) = v.get(key).and_then(Value::as_array) {
            list.iter().for_each(&mut take);
        }
    }
    if let Some(list) = v.get("parked_domains").and_then(Value::as_array) {
        out.extend(list.iter().filter_map(Value::as_str).map(str::to_ascii_lowercase));
    }
    out
}

fn decode<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, String> {
    serde_json::from_value(v).map_err(|e| format!("unexpected answer from cPanel: {e}"))
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0) != 0,
        Some(Value::String(s)) => s == "1" || s.eq_ignore_ascii_case("true"),
        Some(Value::Bool(b)) => *b,
        _ => false,
    }
}

fn unix_time(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// Every document root named in `DomainInfo::domains_data`.
pub fn docroots(v: &Value) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut take = |d: &Value| {
        if let Some(p) = d.get("documentroot").and_then(Value::as_str) {
            out.push(PathBuf::from(p));
        }
    };
    if let Some(m) = v.get("main_domain") {
        take(m);
    }
    for key in ["addon_domains", "sub_domains"] {
        if let Some(list) = v.get(key).and_then(Value::as_array) {
            list.iter().for_each(&mut take);
        }
    }
    out
}

/// The rule of every built-in item: its state from what the server saw and the customer did.
pub fn state_of(id: ItemId, snap: &Snapshot, progress: &Progress, policy: &Policy) -> State {
    match id {
        ItemId::AttestComputerScanned | ItemId::AttestPasswordManager | ItemId::AttestGuidanceRead => {
            super::attested(progress, id.as_str())
        }
        ItemId::TokensKeysReviewed => tokens_and_keys(snap, progress),
        ItemId::TwoFactor => match &snap.two_factor {
            Ok(true) => State::Done,
            Ok(false) => State::NotDone(Reason::TwoFactorOff),
            Err(e) => State::NotDone(Reason::CouldNotCheck(e.clone())),
        },
        ItemId::PhpSupported => php(snap, policy),
        ItemId::NoWorldWritable => match &snap.files {
            Ok(f) if f.world_writable == 0 => State::Done,
            Ok(f) => State::NotDone(Reason::WorldWritable {
                count: f.world_writable,
                examples: f.world_writable_examples.clone(),
            }),
            Err(e) => State::NotDone(Reason::CouldNotCheck(e.clone())),
        },
        ItemId::WordpressHardened => wordpress(snap, progress),
        ItemId::VulnerableSoftware => vulnerable_software(snap),
        ItemId::PersistenceReviewed => match &snap.sweep {
            Ok(found) => {
                let open = found.iter().filter(|f| !progress.kept_findings.contains_key(&f.id)).count();
                if open == 0 { State::Done } else { State::NotDone(Reason::OpenFindings(open)) }
            }
            Err(e) => State::NotDone(Reason::CouldNotCheck(e.clone())),
        },
        ItemId::FolderRestored => match &snap.restore {
            Some(r) if r.done_clean() => State::Done,
            _ if progress.attestations.contains_key(super::CLEAN_INSTALL) => State::Done,
            Some(r) if r.step == crate::restore::run::Step::Verified => State::NotDone(Reason::RestoredFromLateBackup),
            _ => State::NotDone(Reason::NotRestored),
        },
        ItemId::CredentialsRotated => match credentials(snap) {
            State::Done => wordpress_users(snap),
            other => other,
        },
    }
}

/// Whether `id` is on this case's checklist at all (the policy decides the rest).
pub fn applies(id: ItemId, snap: &Snapshot) -> bool {
    match id {
        ItemId::VulnerableSoftware => !snap.vulnerable.is_empty(),
        _ => true,
    }
}

/// No WordPress site has a plugin or theme the case names below its fixed version: each such
/// folder was updated (its header names the fixed version or later) or removed. A folder whose
/// version cannot be read, or that is a symlink (not followed), is not done. Whether a plugin is
/// abandoned (closed on wordpress.org) cannot be known offline, so it is not judged here.
fn vulnerable_software(snap: &Snapshot) -> State {
    use crate::incident::Version;
    let f = match &snap.files {
        Ok(f) => f,
        Err(e) => return State::NotDone(Reason::CouldNotCheck(e.clone())),
    };
    let mut left = Vec::new();
    for v in &snap.vulnerable {
        let Some(fixed) = Version::parse(&v.fixed) else {
            return State::NotDone(Reason::CouldNotCheck(format!("the case names {:?} as a version", v.fixed)));
        };
        for sw in f.wp_software.iter().filter(|s| s.kind == v.kind && s.slug == v.slug) {
            let below = sw.versions.iter().find(|x| Version::parse(x).is_none_or(|x| x < fixed));
            let installed = if sw.linked {
                super::Installed::Linked
            } else if sw.versions.is_empty() {
                super::Installed::Unknown
            } else if let Some(x) = below {
                if Version::parse(x).is_some() {
                    super::Installed::Version(x.clone())
                } else {
                    super::Installed::Unknown
                }
            } else {
                continue;
            };
            left.push(super::VulnerableFound {
                site: sw.site.clone(),
                slug: sw.slug.clone(),
                installed,
                fixed: v.fixed.clone(),
            });
        }
    }
    if left.is_empty() { State::Done } else { State::NotDone(Reason::VulnerableSoftware(left)) }
}

/// Every administrator and uploader of every WordPress site got a new password here after the
/// release, as the sites' own password hashes show ([`crate::wordpress::left`]).
pub(crate) fn wordpress_users(snap: &Snapshot) -> State {
    let f = match &snap.files {
        Ok(f) => f,
        Err(e) => return State::NotDone(Reason::CouldNotCheck(e.clone())),
    };
    let configs: Vec<String> = f.wp_configs.iter().map(|c| c.path.clone()).collect();
    match crate::wordpress::left(snap.wp_users.as_ref(), &configs, snap.release) {
        Ok(()) => State::Done,
        Err(l) => State::NotDone(Reason::WpUsersLeft { users: l.users, unchecked: l.unchecked }),
    }
}

/// Every credential the account has now was changed through a plan applied after the release.
fn credentials(snap: &Snapshot) -> State {
    let all = match &snap.credentials {
        Ok(c) => c,
        Err(e) => return State::NotDone(Reason::CouldNotCheck(e.clone())),
    };
    let left = all
        .iter()
        .filter(|id| match &snap.rotation {
            Some(r) => {
                !(r.done(id)
                    && snap.release.is_none_or(|rel| {
                        r.get(id).and_then(|i| i.at).is_some_and(|at| at.unix_timestamp() >= rel.unix_timestamp())
                    }))
            }
            None => true,
        })
        .count();
    if left == 0 { State::Done } else { State::NotDone(Reason::CredentialsLeft(left)) }
}

fn predates(t: Option<i64>, release: Option<OffsetDateTime>) -> bool {
    match (t, release) {
        (Some(t), Some(r)) => t < r.unix_timestamp(),
        // Unknown creation time or unknown release: review it.
        _ => true,
    }
}

fn tokens_and_keys(snap: &Snapshot, progress: &Progress) -> State {
    let tokens = match &snap.tokens {
        Ok(t) => t,
        Err(e) => return State::NotDone(Reason::CouldNotCheck(e.clone())),
    };
    let keys = match &snap.ssh_keys {
        Ok(k) => k,
        Err(e) => return State::NotDone(Reason::CouldNotCheck(e.clone())),
    };
    let old_tokens: Vec<String> = tokens
        .iter()
        .filter(|t| predates(unix_time(t.create_time.as_ref()), snap.release))
        .filter(|t| !progress.kept_tokens.contains_key(&t.name))
        .map(|t| t.name.clone())
        .collect();
    let old_keys: Vec<String> = keys
        .iter()
        .filter(|k| k.grants_access())
        .filter(|k| predates(unix_time(k.mtime.as_ref()), snap.release))
        .filter(|k| !progress.kept_ssh_keys.contains_key(&k.name))
        .map(|k| k.name.clone())
        .collect();
    // Tokens and keys are reviewed together, on one screen.
    match (old_tokens.is_empty(), old_keys.is_empty()) {
        (true, true) => State::Done,
        (false, true) => State::NotDone(Reason::OldTokens(old_tokens)),
        (true, false) => State::NotDone(Reason::OldSshKeys(old_keys)),
        (false, false) => State::NotDone(Reason::OldTokensAndKeys { tokens: old_tokens, keys: old_keys }),
    }
}

fn php(snap: &Snapshot, policy: &Policy) -> State {
    let list = match &snap.php {
        Ok(l) => l,
        Err(e) => return State::NotDone(Reason::CouldNotCheck(e.clone())),
    };
    let min = parse_php_version(&policy.php_minimum).unwrap_or((8, 2));
    let old: Vec<(String, String)> = list
        .iter()
        .filter(|v| parse_php_version(&v.version).is_none_or(|ver| ver < min))
        .map(|v| (v.vhost.clone(), v.version.clone()))
        .collect();
    if old.is_empty() { State::Done } else { State::NotDone(Reason::OldPhp(old)) }
}

fn wordpress(snap: &Snapshot, progress: &Progress) -> State {
    let f = match &snap.files {
        Ok(f) => f,
        Err(e) => return State::NotDone(Reason::CouldNotCheck(e.clone())),
    };
    if f.wp_configs.is_empty() {
        return State::NotApplicable;
    }
    let open: Vec<String> = f.wp_configs.iter().filter(|c| !c.file_edit_disallowed).map(|c| c.path.clone()).collect();
    if !open.is_empty() {
        return State::NotDone(Reason::WpFileEditAllowed(open));
    }
    // New keys and salts after the release log out every session the attacker had; the ones
    // this tool set are recognised by their fingerprint (a restore brings old ones back).
    let stale: Vec<String> = f
        .wp_configs
        .iter()
        .filter(|c| !(c.salts_set && progress.wp_salts.get(&c.path) == Some(&c.salts_fingerprint)))
        .map(|c| c.path.clone())
        .collect();
    if stale.is_empty() { State::Done } else { State::NotDone(Reason::WpSaltsOld(stale)) }
}
