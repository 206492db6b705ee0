//! The cPanel contract (docs/CONTRACT.md) pinned against the simulator: every call the plugin
//! makes is run with the table's arguments and must succeed with every reply field the plugin
//! reads; on a server without PostgreSQL and Web Disk those calls are refused the way the
//! plugin recognises as "this account has none"; and every function the simulator serves has
//! a row.

use serde_json::Value;

use crate::harness::*;

struct Row {
    module: String,
    func: String,
    api2: bool,
    args: Vec<(String, String)>,
    fields: Vec<String>,
    gate: String,
}

fn contract() -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/CONTRACT.md"))
        .expect("docs/CONTRACT.md")
}

/// The rows of the table under `heading`.
fn table(heading: &str) -> Vec<Vec<String>> {
    let text = contract();
    let start = text.find(heading).unwrap_or_else(|| panic!("no section {heading:?}"));
    let body = &text[start + heading.len()..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    body.lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| Call "))
        .map(|l| l.trim().trim_matches('|').split('|').map(|c| c.trim().to_owned()).collect())
        .collect()
}

fn rows() -> Vec<Row> {
    table("## Calls the plugin makes")
        .into_iter()
        .map(|c| {
            let (module, func) = c[0].split_once("::").expect("Module::function");
            let args = c[2]
                .trim_matches('`')
                .split_whitespace()
                .map(|kv| {
                    let (k, v) = kv.split_once('=').unwrap_or_else(|| panic!("{}: argument {kv:?}", c[0]));
                    (k.to_owned(), v.to_owned())
                })
                .collect();
            let fields = c[3].split(',').map(|f| f.trim().to_owned()).filter(|f| !f.is_empty()).collect();
            Row {
                module: module.to_owned(),
                func: func.to_owned(),
                api2: c[1] == "API 2",
                args,
                fields,
                gate: c[4].clone(),
            }
        })
        .collect()
}

/// Runs one row as the demo user (API token: it outlives the password change in the table).
/// Returns `Ok(data)` or cPanel's error texts.
fn run(sim: &Sim, row: &Row, linekey: &str) -> Result<Value, Vec<String>> {
    let args: Vec<(String, String)> = row
        .args
        .iter()
        .map(|(k, v)| {
            let v = match v.as_str() {
                "$password" => sim.password(),
                "$linekey" => linekey.to_owned(),
                _ => v.clone(),
            };
            (k.clone(), v)
        })
        .collect();
    let auth = format!("cpanel demo:{}", sim.api_token());
    let mut form: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let texts = |v: &Value| -> Vec<String> {
        match v {
            Value::Array(a) => {
                a.iter().map(|e| e.as_str().map(str::to_owned).unwrap_or_else(|| e.to_string())).collect()
            }
            Value::String(s) => vec![s.clone()],
            _ => vec![v.to_string()],
        }
    };
    if row.api2 {
        let mut all = vec![
            ("cpanel_jsonapi_apiversion", "2"),
            ("cpanel_jsonapi_module", row.module.as_str()),
            ("cpanel_jsonapi_func", row.func.as_str()),
        ];
        all.append(&mut form);
        let (_, body) = http_post(&format!("{}/json-api/cpanel", sim.url()), &[("Authorization", &auth)], &all);
        let v: Value = serde_json::from_str(&body).expect("API 2 JSON");
        let r = &v["cpanelresult"];
        if r["event"]["result"] != 1 || r.get("error").is_some_and(|e| !e.is_null()) {
            return Err(texts(&r["error"]));
        }
        // Failure inside data (Cron::remove_line) or an empty answer (SSH::delkey).
        let first = r["data"].as_array().and_then(|a| a.first()).cloned().unwrap_or(Value::Null);
        if first.is_null() || first.get("status").is_some_and(|s| s == 0) {
            return Err(vec![format!("failure inside data: {}", r["data"])]);
        }
        Ok(r["data"].clone())
    } else {
        let (status, body) = http_post(
            &format!("{}/execute/{}/{}", sim.url(), row.module, row.func),
            &[("Authorization", &auth)],
            &form,
        );
        assert_eq!(status, 200, "{}::{}: HTTP {status}", row.module, row.func);
        let v: Value = serde_json::from_str(&body).expect("UAPI JSON");
        // The `uapi` tool's wrapper or /execute's bare result object.
        let r = if v.get("result").is_some() { v["result"].clone() } else { v };
        if r["status"] != 1 {
            return Err(texts(&r["errors"]));
        }
        Ok(r["data"].clone())
    }
}

fn field<'a>(data: &'a Value, path: &str) -> Option<&'a Value> {
    let mut v = data.as_array().and_then(|a| a.first()).unwrap_or(data);
    for part in path.split('.') {
        v = v.get(part)?;
    }
    Some(v)
}

fn first_linekey(sim: &Sim) -> String {
    let v = sim.api2("Cron", "listcron", &[]);
    v["cpanelresult"]["data"][0]["linekey"].as_str().expect("a linekey").to_owned()
}

#[test]
fn every_call_in_the_contract_table_works_on_the_simulator_as_documented() {
    let sim = Sim::start();
    let linekey = first_linekey(&sim);
    let rows = rows();
    assert!(rows.len() >= 35, "the table lists every call ({} rows)", rows.len());
    for row in &rows {
        let name = format!("{}::{}", row.module, row.func);
        let data = run(&sim, row, &linekey).unwrap_or_else(|e| panic!("{name} failed: {e:?}"));
        for f in &row.fields {
            match f.as_str() {
                "(status)" => {}
                "(data)" => assert!(!data.is_null(), "{name}: data is null"),
                path => assert!(field(&data, path).is_some(), "{name}: no {path:?} in {data}"),
            }
        }
    }
}

#[test]
fn on_a_server_without_postgresql_and_web_disk_those_calls_are_refused_as_absent() {
    let sim = Sim::start_with(Options { scenario: Some("demo-basic".into()), ..Default::default() });
    let linekey = first_linekey(&sim);
    let mut refused = Vec::new();
    for row in rows() {
        let name = format!("{}::{}", row.module, row.func);
        let gated = ["role PostgresClient", "role WebDisk"].iter().any(|g| row.gate.contains(g));
        match run(&sim, &row, &linekey) {
            Ok(_) => assert!(!gated, "{name} should be refused on this server"),
            Err(errors) => {
                assert!(gated, "{name} failed: {errors:?}");
                let e = secure_reopen::uapi::UapiError::Cpanel { call: name.clone(), errors };
                assert!(secure_reopen::uapi::types::is_unavailable(&e), "{name}: {e}");
                refused.push(name);
            }
        }
    }
    assert_eq!(
        refused,
        ["Postgresql::list_users", "Postgresql::set_password", "WebDisk::set_password", "WebDisk::listwebdisks"]
    );
}

#[test]
fn every_function_the_simulator_serves_has_a_source_in_the_contract() {
    let sim_src = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sim/src/uapi.rs"))
        .expect("sim/src/uapi.rs");
    let text = contract();
    let served: Vec<String> = sim_src
        .lines()
        .filter_map(|l| l.trim().strip_prefix("(Api::"))
        .filter_map(|l| {
            let parts: Vec<&str> = l.split('"').collect();
            (parts.len() >= 4).then(|| format!("{}::{}", parts[1], parts[3]))
        })
        .collect();
    assert!(served.len() >= 45, "parsed the simulator's function list ({})", served.len());
    for f in served {
        assert!(
            text.contains(&format!("| {f} |")),
            "{f} is served by the simulator but has no row in docs/CONTRACT.md"
        );
    }
}

#[test]
fn a_package_without_the_feature_gets_a_clear_page_and_cannot_call_the_module() {
    let sim = Sim::start();
    let b = sim.browser();
    assert_eq!(b.plugin().status, 200);
    // Feature Manager: secure_reopen off for the account's package.
    let (st, _) = http_post_raw(
        &format!("{}/__sim/feature", sim.url()),
        &[],
        serde_json::json!({"user": "demo", "feature": "secure_reopen", "on": false}).to_string().into_bytes(),
        "application/json",
    );
    assert_eq!(st, 200);
    let page = b.plugin();
    assert_eq!(page.status, 403, "{}", page.text());
    assert!(page.text().contains("Your hosting package does not include this security tool"), "{}", page.text());
    // SecureReopen.pm's own gate refuses the module for that account.
    let v = sim.uapi("SecureReopen", "audit", &[("event", "attested"), ("result", "ok"), ("remote", "127.0.0.1")]);
    assert_eq!(v["result"]["status"], serde_json::json!(0));
    assert_eq!(v["result"]["errors"][0], serde_json::json!("You do not have the feature “secure_reopen”."));
    // Back on: the page works again.
    let (st, _) = http_post_raw(
        &format!("{}/__sim/feature", sim.url()),
        &[],
        serde_json::json!({"user": "demo", "feature": "secure_reopen", "on": true}).to_string().into_bytes(),
        "application/json",
    );
    assert_eq!(st, 200);
    assert_eq!(b.plugin().status, 200);
}

#[test]
fn every_call_the_plugin_makes_has_a_row_in_the_contract() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let text = contract();
    let mut seen = 0;
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        for (i, _) in src.match_indices("Call::new(\"") {
            let parts: Vec<&str> = src[i..].splitn(5, '"').collect();
            // Call::new("Module", "function") — a literal module and function.
            if parts.len() < 5 || parts[2].trim() != "," {
                continue;
            }
            let name = format!("{}::{}", parts[1], parts[3]);
            seen += 1;
            assert!(
                text.contains(&format!("| {name} |")),
                "{} calls {name}, which has no row in docs/CONTRACT.md",
                f.display()
            );
        }
    }
    assert!(seen >= 40, "found the plugin's calls ({seen})");
}
