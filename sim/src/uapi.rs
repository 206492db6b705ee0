//! UAPI and API 2 functions, as cPanel 11.120 defines them (see docs/CONTRACT.md for the
//! source of each). [`FUNCTIONS`] is the one list of what this simulator serves, with each
//! function's `%API` gate; a function missing from it fails as cPanel fails for a function it
//! does not have. Each function gets the account and the call's parameters and returns `data`
//! or cPanel's error texts.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::state::{Account, Hash, strength};

pub type Args = [(String, String)];

/// `Ok((data, changed))`: changed says whether the state must be saved.
pub type Outcome = Result<(Value, bool), Vec<String>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Uapi,
    Api2,
}

/// A module's or function's `%API` requirements (`_needs_role`/`needs_role`,
/// `_needs_feature`/`needs_feature`), checked by `Cpanel::Security::Authz` before the function
/// runs (`Cpanel/API.pm` `_verify_requirements`, `Cpanel/Api2/Exec.pm`).
#[derive(Debug, Clone, Copy)]
pub struct Gate {
    /// At least one of these server roles must be on (empty: none needed).
    pub roles: &'static [&'static str],
    pub feature: Option<&'static str>,
}

const OPEN: Gate = Gate { roles: &[], feature: None };

const fn role(r: &'static [&'static str], f: Option<&'static str>) -> Gate {
    Gate { roles: r, feature: f }
}

/// Every function the simulator serves: (API, module, function, gate). Gates as each module's
/// `%API` declares them in cPanel 11.120; `Email` has none here because `Cpanel/API/Email.pm`
/// is not in the mirror (see docs/CONTRACT.md).
pub const FUNCTIONS: &[(Api, &str, &str, Gate)] = &[
    (Api::Uapi, "Email", "list_pops", OPEN),
    (Api::Uapi, "Email", "list_pops_with_disk", OPEN),
    (Api::Uapi, "Email", "passwd_pop", OPEN),
    (Api::Uapi, "Email", "suspend_login", OPEN),
    (Api::Uapi, "Email", "unsuspend_login", OPEN),
    (Api::Uapi, "Email", "suspend_incoming", OPEN),
    (Api::Uapi, "Email", "unsuspend_incoming", OPEN),
    (Api::Uapi, "Email", "list_forwarders", OPEN),
    (Api::Uapi, "Email", "delete_forwarder", OPEN),
    (Api::Uapi, "Email", "list_filters", OPEN),
    (Api::Uapi, "Email", "delete_filter", OPEN),
    (Api::Uapi, "Ftp", "list_ftp", role(&["FTP"], None)),
    (Api::Uapi, "Ftp", "list_ftp_with_disk", role(&["FTP"], None)),
    (Api::Uapi, "Ftp", "passwd", role(&["FTP"], Some("ftpaccts"))),
    (Api::Uapi, "Ftp", "kill_session", role(&["FTP"], Some("ftpsetup"))),
    (Api::Uapi, "Mysql", "list_users", role(&["MySQLClient"], Some("mysql"))),
    (Api::Uapi, "Mysql", "list_databases", role(&["MySQLClient"], Some("mysql"))),
    (Api::Uapi, "Mysql", "set_password", role(&["MySQLClient"], Some("mysql"))),
    (Api::Uapi, "Postgresql", "list_users", role(&["PostgresClient"], Some("postgres"))),
    (Api::Uapi, "Postgresql", "set_password", role(&["PostgresClient"], Some("postgres"))),
    (Api::Uapi, "WebDisk", "set_password", role(&["WebDisk"], Some("webdisk"))),
    (Api::Uapi, "UserManager", "list_users", role(&["MailReceive", "FTP", "WebDisk"], Some("user_manager"))),
    (Api::Uapi, "UserManager", "edit_user", role(&["MailReceive", "FTP", "WebDisk"], Some("user_manager"))),
    (Api::Uapi, "UserManager", "change_password", OPEN),
    (Api::Uapi, "Tokens", "list", role(&[], Some("apitokens"))),
    (Api::Uapi, "Tokens", "revoke", role(&[], Some("apitokens"))),
    (Api::Uapi, "Tokens", "create_full_access", role(&[], Some("apitokens"))),
    (Api::Uapi, "DomainInfo", "list_domains", OPEN),
    (Api::Uapi, "DomainInfo", "domains_data", OPEN),
    (Api::Uapi, "LangPHP", "php_get_vhost_versions", role(&["WebServer"], Some("multiphp"))),
    (Api::Uapi, "LangPHP", "php_set_vhost_versions", role(&["WebServer"], Some("multiphp"))),
    (Api::Uapi, "TwoFactorAuth", "get_user_configuration", role(&[], Some("twofactorauth"))),
    (Api::Uapi, "Locale", "get_attributes", OPEN),
    (Api::Uapi, "Variables", "get_user_information", OPEN),
    (Api::Uapi, "PasswdStrength", "get_required_strength", OPEN),
    (Api::Uapi, "Features", "has_feature", OPEN),
    (Api::Uapi, "Features", "list_features", OPEN),
    (Api::Uapi, "Backup", "list_backups", role(&[], Some("backup"))),
    (Api::Uapi, "Restore", "directory_listing", role(&["FileStorage"], Some("filerestoration"))),
    (Api::Uapi, "Restore", "query_file_info", role(&["FileStorage"], Some("filerestoration"))),
    (Api::Uapi, "Restore", "restore_file", role(&["FileStorage"], Some("filerestoration"))),
    // Run by the server itself (server.rs), listed so that a batch resolves them.
    (Api::Uapi, "Batch", "strict", OPEN),
    // The plugin's own module (plugin/uapi/SecureReopen.pm, `_needs_feature`), relayed by
    // helper_bridge.rs.
    (Api::Uapi, "SecureReopen", "audit", role(&[], Some("secure_reopen"))),
    (Api::Uapi, "SecureReopen", "reopen", role(&[], Some("secure_reopen"))),
    (Api::Uapi, "SecureReopen", "set_account_password", role(&[], Some("secure_reopen"))),
    (Api::Uapi, "SecureReopen", "check_password", role(&[], Some("secure_reopen"))),
    (Api::Uapi, "SecureReopen", "preview", role(&[], Some("secure_reopen"))),
    (Api::Api2, "Cron", "listcron", role(&["WebServer"], Some("cron"))),
    (Api::Api2, "Cron", "remove_line", role(&["WebServer"], Some("cron"))),
    (Api::Api2, "SSH", "listkeys", role(&[], Some("ssh"))),
    (Api::Api2, "SSH", "delkey", role(&[], Some("ssh"))),
    (Api::Api2, "WebDisk", "listwebdisks", role(&["WebDisk"], None)),
    (Api::Api2, "PasswdStrength", "get_password_strength", OPEN),
];

/// The features cPanel knows (a subset: those the functions above and the plugin use);
/// `Features::has_feature` answers `null` for any other name.
const KNOWN_FEATURES: &[&str] = &[
    "apitokens",
    "backup",
    "cron",
    "filerestoration",
    "ftpaccts",
    "ftpsetup",
    "multiphp",
    "mysql",
    "popaccts",
    "postgres",
    "secure_reopen",
    "ssh",
    "twofactorauth",
    "user_manager",
    "webdisk",
];

fn lookup(api: Api, module: &str, func: &str) -> Option<Gate> {
    FUNCTIONS.iter().find(|(a, m, f, _)| *a == api && *m == module && *f == func).map(|(_, _, _, g)| *g)
}

/// Whether cPanel has this UAPI function (what `Batch::strict` resolves before it runs).
pub fn known(module: &str, func: &str) -> bool {
    lookup(Api::Uapi, module, func).is_some()
}

/// cPanel's answer to a function it does not have.
pub fn unknown(api: Api, module: &str, func: &str) -> Vec<String> {
    match api {
        // Cpanel/API.pm: a module that does not load, or a function it lacks.
        Api::Uapi if !FUNCTIONS.iter().any(|(a, m, _, _)| *a == Api::Uapi && *m == module) => {
            vec![format!("Failed to load module “{module}”: Can’t locate Cpanel/API/{module}.pm in @INC.")]
        }
        Api::Uapi => vec![format!("The system could not find the function “{func}” in the module “{module}”.")],
        // Cpanel/Api2/Exec.pm.
        Api::Api2 => vec![format!("API2: Could not locate function Cpanel::{module}::api2_{func}!")],
    }
}

/// The function's gate, checked as `Cpanel::Security::Authz::verify_user_meets_requirements`
/// does for a non-root caller: roles first, then the feature.
pub fn check_gate(acct: &Account, api: Api, module: &str, func: &str) -> Result<(), Vec<String>> {
    let gate = lookup(api, module, func).ok_or_else(|| unknown(api, module, func))?;
    if !gate.roles.is_empty() && !gate.roles.iter().any(|r| acct.has_role(r)) {
        // Cpanel/Exception/System/RequiredRoleDisabled.pm, as a user process ($> != 0).
        return Err(vec!["This server does not support this functionality.".into()]);
    }
    if let Some(f) = gate.feature
        && !acct.has_feature(f)
    {
        // Cpanel/Exception/FeatureNotEnabled.pm.
        return Err(vec![format!("You do not have the feature “{f}”.")]);
    }
    Ok(())
}

pub fn arg<'a>(args: &'a Args, key: &str) -> Option<&'a str> {
    args.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// cPanel's wording for a missing required parameter (`Cpanel::Args::get_length_required`).
fn req<'a>(args: &'a Args, key: &str) -> Result<&'a str, Vec<String>> {
    match arg(args, key) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(vec![format!("You must specify the “{key}” parameter.")]),
    }
}

fn read(v: Value) -> Outcome {
    Ok((v, false))
}

fn wrote() -> Outcome {
    Ok((Value::Null, true))
}

fn flag(b: bool) -> u8 {
    u8::from(b)
}

/// The strength check every password-setting function makes.
fn strong_enough(acct: &Account, app: &str, password: &str) -> Result<(), Vec<String>> {
    let need = acct.required_strength(app);
    let got = strength(password);
    if got < need {
        return Err(vec![format!(
            "The password you selected cannot be used because it is too weak and would be too easy to guess. Please select a password with strength rating of {need} or higher. (The strength rating of this password is {got}.)"
        )]);
    }
    Ok(())
}

fn full_email(args: &Args, key: &str) -> Result<String, Vec<String>> {
    let e = req(args, key)?;
    if e.contains('@') {
        return Ok(e.to_owned());
    }
    let d = req(args, "domain")?;
    Ok(format!("{e}@{d}"))
}

/// The mailbox `email` of the account. A rotation changes thousands of mailboxes one call at a
/// time, so the position of each address is remembered per thread (for the list it was built
/// from) instead of scanning the list on every call; an entry is used only when the mailbox at
/// that position still has that address, else the index is built again.
fn mailbox_mut<'a>(acct: &'a mut Account, email: &str) -> Option<&'a mut crate::state::Mailbox> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static INDEX: RefCell<(usize, HashMap<String, usize>)> = RefCell::new((0, HashMap::new()));
    }
    let list = acct.mailboxes.as_ptr() as usize;
    let holds = |i: &usize| acct.mailboxes.get(*i).is_some_and(|m| m.email == email);
    let known = INDEX.with(|c| {
        let c = c.borrow();
        if c.0 == list { c.1.get(email).copied() } else { None }
    });
    let i = match known.filter(holds) {
        Some(i) => i,
        None => {
            let map: HashMap<String, usize> =
                acct.mailboxes.iter().enumerate().map(|(i, m)| (m.email.clone(), i)).collect();
            let i = map.get(email).copied();
            INDEX.with(|c| *c.borrow_mut() = (list, map));
            i.filter(holds)?
        }
    };
    acct.mailboxes.get_mut(i)
}

/// Runs one UAPI function for the account, gate first.
pub fn uapi(acct: &mut Account, module: &str, func: &str, a: &Args) -> Outcome {
    check_gate(acct, Api::Uapi, module, func)?;
    match (module, func) {
        ("Email", "list_pops") | ("Email", "list_pops_with_disk") => read(Value::Array(
            acct.mailboxes
                .iter()
                .map(|m| {
                    json!({"email": m.email, "login": m.email, "suspended_login": flag(m.suspended_login),
                           "suspended_incoming": flag(m.suspended_incoming)})
                })
                .collect(),
        )),
        ("Email", "passwd_pop") => {
            let email = full_email(a, "email")?;
            let pw = req(a, "password")?;
            strong_enough(acct, "pop", pw)?;
            let m = mailbox_mut(acct, &email).ok_or_else(|| no_such("email account", &email))?;
            m.password = Hash::of(pw);
            wrote()
        }
        ("Email", f @ ("suspend_login" | "unsuspend_login" | "suspend_incoming" | "unsuspend_incoming")) => {
            let email = req(a, "email")?.to_owned();
            let m = mailbox_mut(acct, &email).ok_or_else(|| no_such("email account", &email))?;
            match f {
                "suspend_login" => m.suspended_login = true,
                "unsuspend_login" => m.suspended_login = false,
                "suspend_incoming" => m.suspended_incoming = true,
                _ => m.suspended_incoming = false,
            }
            wrote()
        }
        ("Email", "list_forwarders") => {
            let domain = arg(a, "domain");
            read(Value::Array(
                acct.forwarders
                    .iter()
                    .filter(|f| domain.is_none_or(|d| f.dest.ends_with(&format!("@{d}"))))
                    .map(|f| json!({"dest": f.dest, "forward": f.forward, "html_dest": f.dest, "html_forward": f.forward, "uri_dest": f.dest, "uri_forward": f.forward}))
                    .collect(),
            ))
        }
        ("Email", "delete_forwarder") => {
            let address = req(a, "address")?.to_owned();
            let to = req(a, "forwarder")?.to_owned();
            let before = acct.forwarders.len();
            acct.forwarders.retain(|f| !(f.dest == address && f.forward == to));
            if acct.forwarders.len() == before {
                return Err(vec![format!("The forwarder “{address}” to “{to}” does not exist.")]);
            }
            wrote()
        }
        ("Email", "list_filters") => {
            let account = arg(a, "account");
            read(Value::Array(
                acct.filters
                    .iter()
                    .filter(|f| account.is_none_or(|x| x == f.account))
                    .map(|f| json!({"filtername": f.filtername, "enabled": 1, "account": f.account}))
                    .collect(),
            ))
        }
        ("Email", "delete_filter") => {
            let name = req(a, "filtername")?.to_owned();
            let account = arg(a, "account").unwrap_or("").to_owned();
            let before = acct.filters.len();
            acct.filters.retain(|f| !(f.filtername == name && (account.is_empty() || f.account == account)));
            if acct.filters.len() == before {
                return Err(no_such("filter", &name));
            }
            wrote()
        }
        ("Ftp", "list_ftp") | ("Ftp", "list_ftp_with_disk") => read(Value::Array(
            acct.ftp
                .iter()
                .map(|f| json!({"user": f.user, "type": f.kind, "homedir": f.homedir}))
                .collect(),
        )),
        ("Ftp", "passwd") => {
            let user = req(a, "user")?;
            let pw = req(a, "pass")?;
            strong_enough(acct, "ftp", pw)?;
            let full = if user.contains('@') { user.to_owned() } else { format!("{user}@{}", arg(a, "domain").unwrap_or(&acct.main_domain.domain)) };
            let f = acct
                .ftp
                .iter_mut()
                .find(|f| (f.user == full || f.user == user) && f.kind == "sub")
                .ok_or_else(|| no_such("FTP account", user))?;
            f.password = Some(Hash::of(pw));
            wrote()
        }
        ("Ftp", "kill_session") => read(Value::Null),
        ("Mysql", "list_users") => read(Value::Array(
            acct.mysql_users.iter().map(|u| json!({"user": u.user, "shortuser": u.user, "databases": u.databases})).collect(),
        )),
        ("Mysql", "list_databases") => read(Value::Array(
            acct.mysql_databases
                .iter()
                .map(|d| {
                    let users: Vec<&str> =
                        acct.mysql_users.iter().filter(|u| u.databases.contains(d)).map(|u| u.user.as_str()).collect();
                    json!({"database": d, "users": users, "disk_usage": 0})
                })
                .collect(),
        )),
        ("Mysql", "set_password") | ("Postgresql", "set_password") => {
            let user = req(a, "user")?;
            let pw = req(a, "password")?;
            let (app, list) = if module == "Mysql" { ("mysql", &mut acct.mysql_users) } else { ("postgres", &mut acct.postgres_users) };
            let need = acct.strength.get(app).copied().unwrap_or(65);
            if strength(pw) < need {
                return Err(vec![format!(
                    "The password you selected cannot be used because it is too weak and would be too easy to guess. Please select a password with strength rating of {need} or higher. (The strength rating of this password is {}.)",
                    strength(pw)
                )]);
            }
            let u = list.iter_mut().find(|u| u.user == user).ok_or_else(|| no_such("database user", user))?;
            if module == "Mysql" {
                crate::mariadb::set_password(user, pw).map_err(|e| vec![e])?;
            }
            u.password = Hash::of(pw);
            wrote()
        }
        ("Postgresql", "list_users") => read(Value::Array(
            acct.postgres_users.iter().map(|u| json!({"user": u.user, "databases": u.databases})).collect(),
        )),
        ("WebDisk", "set_password") => {
            let user = req(a, "user")?;
            let pw = req(a, "password")?;
            strong_enough(acct, "webdisk", pw)?;
            let w = acct.webdisk.iter_mut().find(|w| w.login == user).ok_or_else(|| no_such("Web Disk account", user))?;
            w.password = Hash::of(pw);
            wrote()
        }
        ("UserManager", "list_users") => {
            let mut v: Vec<Value> = vec![json!({"username": acct.user, "domain": acct.main_domain.domain, "full_username": acct.user, "type": "cpanel"})];
            v.extend(acct.subaccounts.iter().map(|s| {
                json!({"username": s.username, "domain": s.domain, "full_username": format!("{}@{}", s.username, s.domain), "type": "sub"})
            }));
            read(Value::Array(v))
        }
        // Cpanel/API/UserManager.pm edit_user → Cpanel::UserManager::edit_user (attributes
        // `username`, `domain`, `password`); answers the edited record.
        ("UserManager", "edit_user") => {
            let user = req(a, "username")?;
            let domain = req(a, "domain")?;
            let pw = req(a, "password")?;
            strong_enough(acct, "virtual", pw)?;
            let s = acct
                .subaccounts
                .iter_mut()
                .find(|s| s.username == user && s.domain == domain)
                .ok_or_else(|| no_such("subaccount", &format!("{user}@{domain}")))?;
            s.password = Hash::of(pw);
            let (username, domain) = (s.username.clone(), s.domain.clone());
            Ok((
                json!({"username": username, "domain": domain, "full_username": format!("{username}@{domain}"), "type": "sub"}),
                true,
            ))
        }
        // Cpanel/API/UserManager.pm change_password → Cpanel::Passwd::api2_change_password;
        // failures are "Failed to change password: <statustxt>". Every session of the user
        // ends (Cpanel/ChangePasswd.pm); the server purges them (server.rs).
        ("UserManager", "change_password") => {
            let old = req(a, "oldpass")?;
            let new = req(a, "newpass")?;
            if !acct.password.matches(old) {
                return Err(vec!["Failed to change password: The current password you entered is not correct.".into()]);
            }
            if let Err(e) = strong_enough(acct, "passwd", new) {
                return Err(vec![format!("Failed to change password: {}", e.join(" "))]);
            }
            acct.password = Hash::of(new);
            Ok((json!("Password Changed"), true))
        }
        ("Tokens", "list") => read(Value::Array(
            acct.tokens
                .iter()
                .map(|t| json!({"name": t.name, "create_time": t.create_time, "expires_at": null, "has_full_access": 1}))
                .collect(),
        )),
        ("Tokens", "revoke") => {
            let name = req(a, "name")?.to_owned();
            let before = acct.tokens.len();
            acct.tokens.retain(|t| t.name != name);
            // Cpanel/API/Tokens.pm revoke: 1, or 0 when there was no such token.
            Ok((json!(u8::from(acct.tokens.len() < before)), acct.tokens.len() < before))
        }
        ("Tokens", "create_full_access") => {
            let name = req(a, "name")?.to_owned();
            if acct.tokens.iter().any(|t| t.name == name) {
                return Err(vec![format!("An API token named “{name}” already exists.")]);
            }
            let token = new_token();
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            acct.tokens.push(crate::state::Token { name: name.clone(), create_time: now, secret: Hash::of(&token) });
            Ok((json!({"name": name, "token": token, "create_time": now}), true))
        }
        ("DomainInfo", "list_domains") => read(json!({
            "main_domain": acct.main_domain.domain,
            "addon_domains": acct.addon_domains.iter().map(|d| &d.domain).collect::<Vec<_>>(),
            "sub_domains": acct.sub_domains.iter().map(|d| &d.domain).collect::<Vec<_>>(),
            "parked_domains": acct.parked_domains,
        })),
        ("DomainInfo", "domains_data") => {
            let one = |d: &crate::state::Domain, kind: &str| {
                json!({"domain": d.domain, "documentroot": d.documentroot, "homedir": acct.home, "user": acct.user, "type": kind, "servername": d.domain})
            };
            read(json!({
                "main_domain": one(&acct.main_domain, "main_domain"),
                "addon_domains": acct.addon_domains.iter().map(|d| one(d, "addon_domain")).collect::<Vec<_>>(),
                "sub_domains": acct.sub_domains.iter().map(|d| one(d, "sub_domain")).collect::<Vec<_>>(),
                "parked_domains": acct.parked_domains,
            }))
        }
        ("LangPHP", "php_get_vhost_versions") => read(Value::Array(
            acct.domains()
                .map(|d| json!({"vhost": d.domain, "version": d.php_version, "account": acct.user, "documentroot": d.documentroot, "php_fpm": 0}))
                .collect(),
        )),
        ("LangPHP", "php_set_vhost_versions") => {
            let version = req(a, "version")?.to_owned();
            let vhosts: Vec<String> =
                a.iter().filter(|(k, _)| k == "vhost" || k.starts_with("vhost-")).map(|(_, v)| v.clone()).collect();
            if vhosts.is_empty() {
                return Err(vec!["You must specify the “vhost” parameter.".into()]);
            }
            for v in &vhosts {
                let d = std::iter::once(&mut acct.main_domain)
                    .chain(acct.addon_domains.iter_mut())
                    .chain(acct.sub_domains.iter_mut())
                    .find(|d| &d.domain == v)
                    .ok_or_else(|| no_such("virtual host", v))?;
                d.php_version = version.clone();
            }
            Ok((json!({"vhosts": vhosts}), true))
        }
        ("TwoFactorAuth", "get_user_configuration") => {
            read(json!({"is_enabled": flag(acct.two_factor), "issuer": "cpanel-sim"}))
        }
        ("Locale", "get_attributes") => read(json!({"locale": acct.locale, "direction": "ltr", "encoding": "utf-8", "name": acct.locale})),
        ("Variables", "get_user_information") => read(json!({
            "user": acct.user, "home": acct.home, "domain": acct.main_domain.domain,
            "contact_email": acct.contact_email, "contact_email_2": acct.contact_email_2, "locale": acct.locale,
            "suspended": flag(acct.suspended),
            "domains": acct.domains().map(|d| d.domain.clone()).collect::<Vec<_>>(),
        })),
        // Cpanel/API/PasswdStrength.pm: `app` optional (no app: 0).
        ("PasswdStrength", "get_required_strength") => {
            let need = arg(a, "app").filter(|s| !s.is_empty()).map_or(0, |app| acct.required_strength(app));
            read(json!({"strength": need}))
        }
        // Cpanel/API/Features.pm: 1, 0 (with a message), or null for an unknown feature.
        ("Features", "has_feature") => {
            let name = arg(a, "name").filter(|s| !s.is_empty()).ok_or_else(|| vec!["You must specify a feature name.".to_string()])?;
            if !KNOWN_FEATURES.contains(&name) {
                return read(Value::Null);
            }
            read(json!(flag(acct.has_feature(name))))
        }
        ("Features", "list_features") => read(Value::Object(
            KNOWN_FEATURES.iter().map(|f| ((*f).to_owned(), json!(flag(acct.has_feature(f))))).collect(),
        )),
        // Cpanel/API/Backup.pm: the `YYYY-MM-DD` lines of LISTDATES — daily backups only.
        ("Backup", "list_backups") => {
            let mut dates: Vec<&str> = acct.backups.iter().filter(|b| b.daily()).map(|b| b.date()).collect();
            dates.sort();
            dates.dedup();
            read(json!(dates))
        }
        ("Restore", "directory_listing") => crate::backups::directory_listing(acct, a),
        ("Restore", "query_file_info") => crate::backups::query_file_info(acct, a),
        ("Restore", "restore_file") => crate::backups::restore_file(acct, a),
        _ => Err(unknown(Api::Uapi, module, func)),
    }
}

/// Is there a UAPI module of this name?
pub fn has_module(module: &str) -> bool {
    FUNCTIONS.iter().any(|(a, m, _, _)| *a == Api::Uapi && *m == module)
}

pub fn no_such(what: &str, name: &str) -> Vec<String> {
    vec![format!("The {what} “{name}” does not exist.")]
}

fn new_token() -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut b = [0u8; 32];
    rand::fill(&mut b);
    b.iter().map(|x| A[*x as usize % A.len()] as char).collect()
}

/// API 2: `Ok(data)` becomes `{"cpanelresult":{…,"data":…,"event":{"result":1}}}`. Functions
/// that fail inside `data` (`Cron::remove_line`, `SSH::delkey`) answer `Ok` as cPanel does.
pub fn api2(acct: &mut Account, module: &str, func: &str, a: &Args) -> Outcome {
    check_gate(acct, Api::Api2, module, func)?;
    match (module, func) {
        // Cpanel/Cron.pm api2_listcron: count, schedule, command, command_htmlsafe, linekey —
        // no `line` — and a trailing `{count: N}` unless `omit_extra_record`.
        ("Cron", "listcron") => {
            let mut out: Vec<Value> = acct
                .cron
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    json!({"count": i + 1, "minute": c.minute, "hour": c.hour, "day": c.day, "month": c.month,
                           "weekday": c.weekday, "command": c.command, "command_htmlsafe": html_escape(&c.command),
                           "linekey": linekey(c)})
                })
                .collect();
            if arg(a, "omit_extra_record").is_none_or(|v| v.is_empty() || v == "0") {
                out.push(json!({"count": acct.cron.len() + 1}));
            }
            read(Value::Array(out))
        }
        // Cpanel/Cron.pm api2_remove_line: by `linekey`, else `line`/`commandnumber` (1-based);
        // the outcome is only in data[0].status.
        ("Cron", "remove_line") => {
            let before = acct.cron.len();
            let status = if let Some(key) = arg(a, "linekey").filter(|k| !k.is_empty()) {
                acct.cron.retain(|c| linekey(c) != key);
                Some(acct.cron.len() < before)
            } else if let Some(n) =
                arg(a, "line").or_else(|| arg(a, "commandnumber")).filter(|v| !v.is_empty() && *v != "0")
            {
                match n.parse::<usize>() {
                    Ok(n) if n >= 1 && n <= before => {
                        acct.cron.remove(n - 1);
                        Some(true)
                    }
                    _ => Some(false),
                }
            } else {
                None
            };
            match status {
                Some(true) => Ok((json!([{"status": 1, "statusmsg": ""}]), true)),
                Some(false) => read(json!([{"status": 0, "statusmsg": "Cron job not found in the crontab."}])),
                None => read(json!([{"status": 0, "statusmsg": "You must specify line, commandnumber, or linekey"}])),
            }
        }
        // Cpanel/SSH.pm api2_listkeys: `authstatus` is "authorized" or "not authorized";
        // `key` is the file name, `file` its full path.
        ("SSH", "listkeys") => {
            let want_pub = arg(a, "types").is_none_or(|t| t == "pub") || arg(a, "pub").is_some_and(|p| p == "1");
            read(Value::Array(
                acct.ssh_keys
                    .iter()
                    .filter(|_| want_pub)
                    .map(|k| {
                        json!({"name": k.name, "key": format!("{}.pub", k.name),
                               "file": format!("{}/.ssh/{}.pub", acct.home.display(), k.name),
                               "mtime": k.mtime, "ctime": k.mtime, "haspub": 0, "auth": flag(k.authorized),
                               "authaction": if k.authorized { "Deauthorize" } else { "Authorize" },
                               "authstatus": if k.authorized { "authorized" } else { "not authorized" }})
                    })
                    .collect(),
            ))
        }
        // Cpanel/SSH.pm api2_delkey (`name`, `pub`): the deleted key's record, or an empty list
        // (and the error) when nothing was deleted.
        ("SSH", "delkey") => {
            let name = arg(a, "name").unwrap_or("").to_owned();
            let before = acct.ssh_keys.len();
            acct.ssh_keys.retain(|k| k.name != name.trim_end_matches(".pub"));
            if acct.ssh_keys.len() == before {
                return Err(vec![format!("Could not delete {}/.ssh/{name}.pub.", acct.home.display())]);
            }
            let file = format!("{name}.pub");
            Ok((
                json!([{"name": file, "keyfile": format!("{}/.ssh/{file}", acct.home.display()), "leave_authorized": null}]),
                true,
            ))
        }
        // Cpanel/WebDisk.pm api2_listwebdisks.
        ("WebDisk", "listwebdisks") => read(Value::Array(
            acct.webdisk
                .iter()
                .map(|w| {
                    let (user, domain) = w.login.split_once('@').unwrap_or((&w.login, ""));
                    let reldir =
                        w.homedir.strip_prefix(&acct.home).map(|p| p.display().to_string()).unwrap_or_default();
                    json!({"login": w.login, "user": user, "domain": domain, "homedir": w.homedir, "reldir": reldir,
                           "private": 0, "hasdigest": 0, "perms": "rw", "sslport": 2078, "mainport": 2077})
                })
                .collect(),
        )),
        // Cpanel/PasswdStrength.pm api2_get_password_strength.
        ("PasswdStrength", "get_password_strength") => match arg(a, "password") {
            Some(pw) => read(json!([{"strength": strength(pw)}])),
            None => Err(vec!["The password parameter was not passed".into()]),
        },
        _ => Err(unknown(Api::Api2, module, func)),
    }
}

/// cPanel's `linekey` is a fast hash of the serialized crontab line; any stable digest of the
/// line serves (the plugin treats it as opaque).
pub fn linekey(c: &crate::state::CronJob) -> String {
    let line = format!("{} {} {} {} {} {}", c.minute, c.hour, c.day, c.month, c.weekday, c.command);
    crate::state::hex(&Sha256::digest(line.as_bytes())[..8])
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}
