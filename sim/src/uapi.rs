//! UAPI and API 2 functions, as cPanel documents their parameters and answers. Each function
//! gets the account and the call's parameters and returns `data` or cPanel-style error texts.

use serde_json::{Value, json};

use crate::state::{Account, CronJob, Hash, strength};

pub type Args = [(String, String)];

/// `Ok((data, changed))`: changed says whether the state must be saved.
pub type Outcome = Result<(Value, bool), Vec<String>>;

pub fn arg<'a>(args: &'a Args, key: &str) -> Option<&'a str> {
    args.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// cPanel's wording for a missing required parameter.
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

pub fn uapi(acct: &mut Account, module: &str, func: &str, a: &Args) -> Outcome {
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
            let m = acct.mailboxes.iter_mut().find(|m| m.email == email).ok_or_else(|| no_such("email account", &email))?;
            m.password = Hash::of(pw);
            wrote()
        }
        ("Email", f @ ("suspend_login" | "unsuspend_login" | "suspend_incoming" | "unsuspend_incoming")) => {
            let email = req(a, "email")?.to_owned();
            let m = acct.mailboxes.iter_mut().find(|m| m.email == email).ok_or_else(|| no_such("email account", &email))?;
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
            u.password = Hash::of(pw);
            wrote()
        }
        ("Postgresql", "list_users") => read(Value::Array(
            acct.postgres_users.iter().map(|u| json!({"user": u.user, "databases": u.databases})).collect(),
        )),
        ("WebDisk", "list_users") => read(Value::Array(
            acct.webdisk.iter().map(|w| json!({"login": w.login, "homedir": w.homedir, "perms": "rw"})).collect(),
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
        ("UserManager", "change_password") => {
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
            wrote()
        }
        ("Passwd", "change_password") => {
            let old = req(a, "oldpass")?;
            let new = req(a, "newpass")?;
            if !acct.password.matches(old) {
                return Err(vec!["The current password you entered is not correct.".into()]);
            }
            strong_enough(acct, "passwd", new)?;
            acct.password = Hash::of(new);
            wrote()
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
            if acct.tokens.len() == before {
                return Err(vec![format!("The API token “{name}” does not exist.")]);
            }
            Ok((json!(1), true))
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
            "contact_email": acct.contact_email, "locale": acct.locale, "suspended": flag(acct.suspended),
        })),
        ("PasswdStrength", "get_password_strength") => {
            let pw = req(a, "password")?;
            read(json!({"strength": strength(pw)}))
        }
        ("PasswdStrength", "get_required_strength") => {
            let app = req(a, "app")?;
            read(json!({"strength": acct.required_strength(app)}))
        }
        ("Backup", "list_backups") => {
            let mut dates: Vec<&str> = acct.backups.iter().map(|b| b.date.as_str()).collect();
            dates.sort();
            read(json!(dates))
        }
        ("Restore", f @ ("directory_listing" | "query_file_info" | "restore_file")) => crate::backups::restore(acct, f, a),
        _ => Err(vec![format!("Failed to load module “{module}”: The function “{func}” does not exist in the module “{module}”.")]),
    }
}

/// The UAPI functions [`uapi`] models, for `Batch::strict`'s resolution of every command
/// before it runs any (`Cpanel/API/Batch.pm`, `Cpanel::API::get_coderef`) and for the answer
/// to an unknown module or function. Keep in step with the match in [`uapi`].
const FUNCTIONS: &[(&str, &[&str])] = &[
    (
        "Email",
        &[
            "list_pops",
            "list_pops_with_disk",
            "passwd_pop",
            "suspend_login",
            "unsuspend_login",
            "suspend_incoming",
            "unsuspend_incoming",
            "list_forwarders",
            "delete_forwarder",
            "list_filters",
            "delete_filter",
        ],
    ),
    ("Ftp", &["list_ftp", "list_ftp_with_disk", "passwd", "kill_session"]),
    ("Mysql", &["list_users", "list_databases", "set_password"]),
    ("Postgresql", &["list_users", "set_password"]),
    ("WebDisk", &["list_users", "set_password"]),
    ("UserManager", &["list_users", "change_password"]),
    ("Passwd", &["change_password"]),
    ("Tokens", &["list", "revoke", "create_full_access"]),
    ("DomainInfo", &["list_domains", "domains_data"]),
    ("LangPHP", &["php_get_vhost_versions", "php_set_vhost_versions"]),
    ("TwoFactorAuth", &["get_user_configuration"]),
    ("Locale", &["get_attributes"]),
    ("Variables", &["get_user_information"]),
    ("PasswdStrength", &["get_password_strength", "get_required_strength"]),
    ("Backup", &["list_backups"]),
    ("Restore", &["directory_listing", "query_file_info", "restore_file"]),
];

/// Is there a UAPI module of this name?
pub fn has_module(module: &str) -> bool {
    FUNCTIONS.iter().any(|(m, _)| *m == module)
}

/// Does `module` have `func`?
pub fn known(module: &str, func: &str) -> bool {
    FUNCTIONS.iter().any(|(m, fs)| *m == module && fs.contains(&func))
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

/// API 2: `Ok(data)` becomes `{"cpanelresult":{…,"data":…,"event":{"result":1}}}`.
pub fn api2(acct: &mut Account, module: &str, func: &str, a: &Args) -> Outcome {
    match (module, func) {
        ("Cron", "listcron") => read(Value::Array(
            acct.cron
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    json!({"line": i + 1, "linekey": format!("line-{}", i + 1), "minute": c.minute, "hour": c.hour,
                           "day": c.day, "month": c.month, "weekday": c.weekday, "command": c.command, "count": i + 1})
                })
                .collect(),
        )),
        ("Cron", "remove_line") => {
            let line: usize =
                req(a, "line")?.parse().map_err(|_| vec!["The “line” parameter must be a line number.".to_string()])?;
            if line == 0 || line > acct.cron.len() {
                return Err(vec![format!("There is no cron job on line {line}.")]);
            }
            let removed: CronJob = acct.cron.remove(line - 1);
            Ok((json!([{"status": 1, "statusmsg": format!("removed {}", removed.command)}]), true))
        }
        ("SSH", "listkeys") => {
            let want_pub = arg(a, "types").is_none_or(|t| t.contains("pub"));
            read(Value::Array(
                acct.ssh_keys
                    .iter()
                    .filter(|_| want_pub)
                    .map(|k| {
                        json!({"name": k.name, "file": format!("{}/.ssh/{}.pub", acct.home.display(), k.name), "key": k.key,
                               "mtime": k.mtime, "haspub": 1, "authstatus": if k.authorized { "authorized" } else { "not-authorized" }})
                    })
                    .collect(),
            ))
        }
        ("SSH", "delkey") => {
            let name = req(a, "name")?.to_owned();
            let before = acct.ssh_keys.len();
            acct.ssh_keys.retain(|k| k.name != name);
            if acct.ssh_keys.len() == before {
                return Err(no_such("SSH key", &name));
            }
            wrote()
        }
        _ => Err(vec![format!("Could not find function “{func}” in module “{module}”.")]),
    }
}
