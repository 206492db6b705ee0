//! The plugin's own UAPI module `SecureReopen`, played the way cPanel would: the call goes to
//! the AdminBin helper (the real plugin binary in `helper` mode, as root would run it) with the
//! caller's name taken from the session, never from the request. Its answer is already a UAPI
//! result body.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Map, Value};

use crate::server::{Sim, body_err};

/// The functions of `plugin/uapi/SecureReopen.pm` (`check_password` runs as the user, the others
/// through AdminBin).
pub const ACTIONS: &[&str] = &["audit", "reopen", "set_account_password", "check_password", "preview"];

/// `remote` is the address of the connection cpsrvd serves: `SecureReopen.pm` passes
/// `$ENV{REMOTE_ADDR}` and never a `remote` parameter of the call.
pub fn call(sim: &Sim, user: &str, func: &str, params: &[(String, String)], remote: Option<std::net::IpAddr>) -> Value {
    if func == "check_password" {
        return check_password(sim, user, params);
    }
    if !ACTIONS.contains(&func) {
        return body_err(vec![format!(
            "Failed to load module “SecureReopen”: The function “{func}” does not exist in the module “SecureReopen”."
        )]);
    }
    let mut args: Map<String, Value> =
        params.iter().filter(|(k, _)| k != "remote").map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
    if let Some(ip) = remote {
        args.insert("remote".into(), Value::String(ip.to_string()));
    }
    let url = sim.url.lock().expect("url").clone();
    let tls_url = sim.tls_url.lock().expect("tls url").clone();
    let child = Command::new(&sim.plugin_bin)
        .args(["helper", "--caller", user, func])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into()))
        .env("SECURE_REOPEN_ROOT", &sim.root)
        .env("CPANEL_SIM_URL", &url)
        .env("SECURE_REOPEN_WHM_URL", &tls_url)
        .env("SECURE_REOPEN_CPANEL_URL", &tls_url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return body_err(vec!["The privileged helper could not start.".into()]);
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(Value::Object(args).to_string().as_bytes());
    }
    let Ok(out) = child.wait_with_output() else {
        return body_err(vec!["The privileged helper failed.".into()]);
    };
    if !out.stderr.is_empty() {
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
    }
    match serde_json::from_slice::<Value>(&out.stdout) {
        Ok(mut v) if v.get("status").is_some() => {
            let o = v.as_object_mut().expect("object");
            o.entry("messages").or_insert(Value::Null);
            o.entry("warnings").or_insert(Value::Null);
            o.entry("metadata").or_insert(Value::Object(Map::new()));
            v
        }
        _ => body_err(vec!["The privileged helper gave no answer.".into()]),
    }
}

/// `SecureReopen::check_password`: the module calls `Cpanel::Passwd::Check::is_correct` as the
/// user (cpwrapd's `security`/`VALIDATE`); no AdminBin, nothing changes.
fn check_password(sim: &Sim, user: &str, params: &[(String, String)]) -> Value {
    let Some(pw) = params.iter().find(|(k, _)| k == "password").map(|(_, v)| v.as_str()).filter(|p| !p.is_empty())
    else {
        return body_err(vec!["The “password” parameter is required.".into()]);
    };
    let world = sim.world.lock().expect("world");
    let Some(acct) = world.accounts.get(user) else {
        return body_err(vec!["No such account.".into()]);
    };
    let correct = u8::from(acct.password.matches(pw));
    serde_json::json!({"data": {"correct": correct}, "errors": null, "messages": null, "metadata": {}, "status": 1, "warnings": null})
}
