//! The server's own checks: what cPanel says (tokens, SSH keys, 2FA, PHP versions, document
//! roots; one `Batch::strict` round trip plus the API 2 calls) and what the files say. A
//! service the server or package lacks (cPanel's role or feature gate refuses it) counts as
//! "none": no tokens, no keys, no 2FA to check, no PHP versions to check.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::files::{self, Findings, ScanLimits};
use super::policy::{Policy, parse_php_version};
use super::{Reason, State};
use crate::progress::Progress;
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
}

/// What the probes know besides cPanel's answers.
pub struct Context<'a> {
    pub user: &'a str,
    pub home: &'a Path,
    pub release: Option<OffsetDateTime>,
    pub attack: Option<OffsetDateTime>,
    pub restore: Option<crate::restore::run::Record>,
    pub rotation: Option<crate::passwords::apply::Record>,
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
    pub haspub: Option<Value>,
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

/// The UAPI calls the probes need, to be put in the page's one batch.
pub fn calls() -> Vec<Call> {
    vec![
        Call::new("Tokens", "list"),
        Call::new("TwoFactorAuth", "get_user_configuration"),
        Call::new("LangPHP", "php_get_vhost_versions"),
        Call::new("DomainInfo", "domains_data"),
        Call::new("Email", "list_forwarders"),
        Call::new("Email", "list_filters"),
    ]
    .into_iter()
    .chain(crate::passwords::inventory::calls())
    .collect()
}

/// The API 2 call for SSH keys (UAPI has none).
pub fn ssh_call() -> Call {
    Call::new("SSH", "listkeys").arg("types", "pub")
}

/// The API 2 calls the probes need, in the order [`snapshot`] takes their answers.
pub fn api2_calls() -> Vec<Call> {
    vec![ssh_call(), crate::sweep::account::cron_call(), crate::passwords::inventory::webdisk_call()]
}

/// Builds the snapshot from the answers to [`calls`] (in order) and [`ssh_call`], then scans
/// the document roots inside `home`.
pub fn snapshot(
    results: Vec<Result<Value, UapiError>>,
    api2: Vec<Result<Value, UapiError>>,
    ctx: Context<'_>,
) -> Snapshot {
    let mut it = results.into_iter();
    let mut next = || it.next().unwrap_or_else(|| Err(UapiError::NotRun { call: "probe".into() }));
    let none = |r: Result<Value, UapiError>, empty: Value| unavailable_or(r, empty).map_err(|e| e.to_string());
    let tokens = none(next(), json!([])).and_then(decode::<Vec<Token>>);
    let two_factor = none(next(), json!({})).map(|v| truthy(v.get("is_enabled")));
    let php = none(next(), json!([])).and_then(decode::<Vec<VhostPhp>>);
    let domains_data = next().map_err(|e| e.to_string());
    let mail = vec![next(), next()];
    let inv_results: Vec<_> = (0..crate::passwords::inventory::calls().len()).map(|_| next()).collect();
    let mut a2 = api2.into_iter();
    let ssh = a2.next().unwrap_or_else(|| Err(UapiError::NotRun { call: "SSH::listkeys".into() }));
    let cron = unavailable_or(
        a2.next().unwrap_or_else(|| Err(UapiError::NotRun { call: "Cron::listcron".into() })),
        json!([]),
    );
    let webdisk = a2.next().unwrap_or_else(|| Err(UapiError::NotRun { call: "WebDisk::listwebdisks".into() }));
    let inv = crate::passwords::inventory::from_results(ctx.user, inv_results, webdisk, ctx.home);
    let credentials = if inv.missing.is_empty() {
        Ok(inv.items)
    } else {
        Err(format!("cPanel did not list every credential (no answer for {})", inv.missing.join(", ")))
    };
    let ssh_keys = none(ssh, json!([])).and_then(decode::<Vec<SshKey>>);
    let docroots = domains_data.as_ref().map(docroots).map_err(Clone::clone);
    let own_domains = domains_data.as_ref().map(domain_names).unwrap_or_default();
    let files = docroots.clone().and_then(|d| files::scan(ctx.home, &d, &ScanLimits::default()).complete());
    let sweep = docroots.and_then(|d| {
        let mut found = crate::sweep::account::findings(mail, cron, &own_domains)?;
        let opts = crate::sweep::files::Options {
            attack_time: ctx
                .attack
                .map(|a| std::time::UNIX_EPOCH + std::time::Duration::from_secs(a.unix_timestamp().max(0) as u64)),
            until: ctx
                .release
                .map(|r| std::time::UNIX_EPOCH + std::time::Duration::from_secs(r.unix_timestamp().max(0) as u64)),
            own_domains,
            ..Default::default()
        };
        found.extend(crate::sweep::from_files(&crate::sweep::files::sweep(ctx.home, &d, &opts)));
        Ok(found)
    });
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

/// The state of a verified or action item.
pub fn state_of(id: &str, snap: &Snapshot, progress: &Progress, policy: &Policy) -> State {
    use super::*;
    match id {
        TOKENS_KEYS_REVIEWED => tokens_and_keys(snap, progress),
        TWO_FACTOR => match &snap.two_factor {
            Ok(true) => State::Done,
            Ok(false) => State::NotDone(Reason::TwoFactorOff),
            Err(e) => State::NotDone(Reason::CouldNotCheck(e.clone())),
        },
        PHP_SUPPORTED => php(snap, policy),
        NO_WORLD_WRITABLE => match &snap.files {
            Ok(f) if f.world_writable == 0 => State::Done,
            Ok(f) => State::NotDone(Reason::WorldWritable {
                count: f.world_writable,
                examples: f.world_writable_examples.clone(),
            }),
            Err(e) => State::NotDone(Reason::CouldNotCheck(e.clone())),
        },
        WORDPRESS_HARDENED => wordpress(snap, progress),
        PERSISTENCE_REVIEWED => match &snap.sweep {
            Ok(found) => {
                let open = found.iter().filter(|f| !progress.kept_findings.contains_key(&f.id)).count();
                if open == 0 { State::Done } else { State::NotDone(Reason::OpenFindings(open)) }
            }
            Err(e) => State::NotDone(Reason::CouldNotCheck(e.clone())),
        },
        FOLDER_RESTORED => match &snap.restore {
            Some(r) if r.done_clean() => State::Done,
            _ if progress.attestations.contains_key(CLEAN_INSTALL) => State::Done,
            Some(r) if r.step == crate::restore::run::Step::Verified => State::NotDone(Reason::RestoredFromLateBackup),
            _ => State::NotDone(Reason::NotRestored),
        },
        CREDENTIALS_ROTATED => match credentials(snap) {
            State::Done => wordpress_users(snap),
            other => other,
        },
        _ => State::NotDone(Reason::StepNotAvailable),
    }
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
