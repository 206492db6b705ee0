//! The simulator keeps cPanel's contract: the bare `/execute` answer, errors, authentication
//! and cookie IP validation, `Batch::strict`, API 2, password changes and backups, and the
//! live page's LiveAPI socket, as the plugin (and curl) see them.

use std::io::{Read, Write};
use std::net::Ipv4Addr;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::*;
use crate::uapi_client::HeldPage;

#[test]
fn execute_answers_the_bare_result_object() {
    let sim = Sim::start();
    let (status, body) = http_post(
        &format!("{}/execute/Email/list_pops", sim.url()),
        &[("Authorization", &format!("cpanel demo:{}", sim.api_token()))],
        &[],
    );
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["data", "errors", "messages", "metadata", "status", "warnings"], "{body}");
    assert_eq!(v["status"], json!(1));
    let emails: Vec<&str> = v["data"].as_array().unwrap().iter().map(|m| m["email"].as_str().unwrap()).collect();
    assert_eq!(emails, ["info@demo-shop.example", "post@demo-shop.example", "anna@demo-shop.example"]);
    // A failure is HTTP 200 too, with status 0.
    let v = sim.execute("Email", "passwd_pop", &[("email", "info@demo-shop.example")]);
    assert_eq!(v["status"], json!(0));
}

#[test]
fn the_uapi_tool_prints_the_wrapped_answer() {
    let sim = Sim::start();
    let out = std::process::Command::new(sim.root().join("usr/local/cpanel/bin/uapi"))
        .args(["--output=json", "--user=demo", "Email", "list_pops"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((&v["apiversion"], &v["module"], &v["func"]), (&json!(3), &json!("Email"), &json!("list_pops")));
    assert_eq!(v["result"]["status"], json!(1));
}

#[test]
fn unknown_function_and_missing_parameter_fail_like_cpanel() {
    let sim = Sim::start();
    let v = sim.uapi("Email", "no_such_function", &[]);
    assert_eq!(v["result"]["status"], json!(0));
    assert_eq!(
        v["result"]["errors"][0],
        json!("The system could not find the function “no_such_function” in the module “Email”.")
    );
    let v = sim.execute("Nope", "list", &[]);
    assert!(v["errors"][0].as_str().unwrap().starts_with("Failed to load module “Nope”"), "{v}");
    assert_eq!(v["data"], json!(null));
    let v = sim.uapi("Email", "passwd_pop", &[("email", "info@demo-shop.example")]);
    assert_eq!(v["result"]["status"], json!(0));
    assert!(v["result"]["errors"][0].as_str().unwrap().contains("“password”"));
}

#[test]
fn api_tokens_authenticate_and_wrong_ones_are_refused() {
    let sim = Sim::start();
    let url = format!("{}/execute/Email/list_pops", sim.url());
    let good = format!("cpanel demo:{}", sim.api_token());
    let (s, body) = http_get(&url, &[("Authorization", &good)]);
    assert_eq!(s, 200);
    assert!(body.contains("\"status\":1"));
    let (s, _) = http_get(&url, &[("Authorization", "cpanel demo:WRONGTOKEN")]);
    assert_eq!(s, 401);
    let (s, _) = http_get(&url, &[("Authorization", &basic("demo", "wrong password"))]);
    assert_eq!(s, 401);
    let (s, _) = http_get(&url, &[]);
    assert_eq!(s, 401);
}

#[test]
fn session_urls_need_the_right_token_and_cookie() {
    let sim = Sim::start();
    let b = sim.browser();
    assert!(b.token.starts_with("/cpsess") && b.token.len() == 17);
    let ok = b.get(&format!("{}{}/execute/Email/list_pops", b.base, b.token));
    assert_eq!(ok.status, 200);
    let wrong = b.get(&format!("{}/cpsess0000000001/execute/Email/list_pops", b.base));
    assert_eq!(wrong.status, 401);
    let no_cookie = http_get(&format!("{}{}/execute/Email/list_pops", b.base, b.token), &[]);
    assert_eq!(no_cookie.0, 401);
}

#[test]
fn batch_strict_runs_in_order_and_stops_at_a_failure() {
    let sim = Sim::start();
    let v = sim.execute(
        "Batch",
        "strict",
        &[
            ("command", r#"["PasswdStrength","get_required_strength",{"app":"pop"}]"#),
            ("command", r#"["Mysql","set_password",{"user":"demo_wpuser","password":"abc"}]"#),
            ("command", r#"["Ftp","list_ftp"]"#),
        ],
    );
    assert_eq!(v["status"], json!(0));
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), 2, "stops after the failing call");
    assert_eq!(data[0]["data"]["strength"], json!(60));
    assert_eq!(data[1]["status"], json!(0));
    // The failing command is counted from 0, as Cpanel/API/Batch.pm does.
    let e = v["errors"][0].as_str().unwrap();
    assert!(e.starts_with("Command #1 failed. It reported the following error: The password"), "{e}");
}

#[test]
fn batch_strict_resolves_every_command_before_running_any() {
    let sim = Sim::start();
    let suspended = |sim: &Sim| sim.state()["accounts"]["demo"]["mailboxes"][1]["suspended_login"].clone();
    assert_eq!(suspended(&sim), json!(true), "mail logins are held at release");
    let v = sim.execute(
        "Batch",
        "strict",
        &[
            ("command", r#"["Email","unsuspend_login",{"email":"post@demo-shop.example"}]"#),
            ("command", r#"["Ftp","list_ftp"]"#),
            ("command", r#"["WebDisk","nope"]"#),
        ],
    );
    assert_eq!((&v["status"], &v["data"]), (&json!(0), &json!(null)), "{v}");
    assert_eq!(v["errors"][0], json!("The UAPI module “WebDisk” does not have a function named “nope”."));
    assert_eq!(suspended(&sim), json!(true), "nothing ran");
    // An unknown module too.
    let v = sim.execute("Batch", "strict", &[("command", r#"["Email","list_pops"]"#), ("command", r#"["Nope","x"]"#)]);
    assert!(v["errors"][0].as_str().unwrap().contains("Cpanel::API::Nope"), "{v}");
}

#[test]
fn batch_strict_refuses_any_parameter_but_command() {
    let sim = Sim::start();
    let v = sim.execute("Batch", "strict", &[("command", r#"["Email","list_pops"]"#), ("email", "x"), ("user", "y")]);
    assert_eq!(v["status"], json!(0));
    assert_eq!(v["errors"][0], json!("The following parameter names are invalid: email, user"));
    let v = sim.execute("Batch", "strict", &[("cache-fix", "1"), ("command", r#"["Email","list_pops"]"#)]);
    assert_eq!(v["status"], json!(1), "{v}");
    let v = sim.execute("Batch", "strict", &[("command", r#"{"Email":"list_pops"}"#)]);
    assert!(v["errors"][0].as_str().unwrap().contains("is not an array"), "{v}");
    let v = sim.execute("Batch", "strict", &[]);
    assert_eq!(v["errors"][0], json!("Provide at least one “command” argument."));
}

#[test]
fn a_session_cookie_from_another_address_is_refused_by_default() {
    let sim = Sim::start();
    let b = sim.browser();
    let url = format!("{}{}/execute/Email/list_pops", b.base, b.token);
    let (s, _) = get_from(Ipv4Addr::new(127, 0, 0, 1), &url, &b.cookie);
    assert_eq!(s, 200, "the address that logged in");
    let (s, body) = get_from(Ipv4Addr::new(127, 0, 0, 2), &url, &b.cookie);
    assert_eq!(s, 401);
    assert!(body.contains("Your IP address has changed. Please log in again."), "{body}");
    // The same for the plugin's page.
    let (s, _) = get_from(Ipv4Addr::new(127, 0, 0, 2), &b.plugin_url(), &b.cookie);
    assert_eq!(s, 401);

    // A host that set "Cookie IP validation" to loose accepts the same /24.
    let loose = Sim::start_with(Options {
        extra_args: vec!["--cookie-ip-validation".into(), "loose".into()],
        ..Options::default()
    });
    let b = loose.browser();
    let (s, _) =
        get_from(Ipv4Addr::new(127, 0, 0, 2), &format!("{}{}/execute/Email/list_pops", b.base, b.token), &b.cookie);
    assert_eq!(s, 200);
}

#[test]
fn a_new_cpanel_password_ends_every_session() {
    let sim = Sim::start();
    let b = sim.browser();
    assert_eq!(b.get(&format!("{}{}/execute/Tokens/list", b.base, b.token)).status, 200);
    let new = "Ny-Sterk-Passord-2026!x";
    let (s, body) = http_post(
        &format!("{}/json-api/passwd", sim.url()),
        &[(
            "Authorization",
            &format!(
                "whm root:{}",
                std::fs::read_to_string(sim.root().join("var/cpanel/secure_reopen/whm.token")).unwrap().trim()
            ),
        )],
        &[("user", "demo"), ("password", new)],
    );
    assert_eq!(s, 200, "{body}");
    let p = b.get(&format!("{}{}/execute/Tokens/list", b.base, b.token));
    assert_eq!(p.status, 401);
    assert!(p.body.contains("Your session cookie is invalid"), "{}", p.body);
    let again = sim.browser_as("demo", new);
    assert_eq!(again.get(&format!("{}{}/execute/Tokens/list", again.base, again.token)).status, 200);
}

#[test]
fn a_live_page_that_never_connects_fails_like_cpsrvd() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("index.live.cgi");
    std::fs::write(&script, "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\nI never called cPanel\\n'\n")
        .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let sim = Sim::start_with(Options { plugin_bin: Some(script), ..Options::default() });
    let p = sim.browser().plugin();
    assert_eq!(p.status, 500);
    assert!(p.body.contains("Child failed to make LIVEAPI connection to cPanel"), "{}", p.body);
    assert!(!p.body.contains("I never called cPanel"));
}

#[test]
fn only_live_pages_run() {
    let sim = Sim::start();
    let b = sim.browser();
    let p = b.get(&format!("{}{}/frontend/jupiter/secure_reopen/index.cgi", b.base, b.token));
    assert_eq!(p.status, 404);
}

/// Reads one answer: up to and including `</cpanelresult>\n`.
fn read_answer(s: &mut UnixStream) -> String {
    let mut got = Vec::new();
    let mut byte = [0u8; 1];
    while !got.ends_with(b"</cpanelresult>\n") {
        assert_eq!(s.read(&mut byte).unwrap(), 1, "cPanel closed early: {}", String::from_utf8_lossy(&got));
        got.push(byte[0]);
    }
    String::from_utf8(got).unwrap()
}

fn send(s: &mut UnixStream, payload: &str) {
    s.write_all(format!("{}\n{payload}", payload.len()).as_bytes()).unwrap();
}

fn answer_json(a: &str) -> Value {
    let inner =
        a.strip_prefix("<?xml version=\"1.0\" ?>\n<cpanelresult>").unwrap().strip_suffix("</cpanelresult>\n").unwrap();
    serde_json::from_str(inner).unwrap_or_else(|e| panic!("{e}: {a}"))
}

#[test]
fn the_live_socket_speaks_cpanels_protocol_byte_for_byte() {
    let page = HeldPage::open();
    let mode = std::fs::metadata(&page.socket).unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(mode.permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::metadata(page.socket.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
    let mut s = UnixStream::connect(&page.socket).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(b"23\n<cpaneljson enable=\"1\">").unwrap();
    assert_eq!(
        read_answer(&mut s),
        "<?xml version=\"1.0\" ?>\n<cpanelresult>{\"data\":{\"result\":\"json\"}}</cpanelresult>\n"
    );

    send(
        &mut s,
        "<cpanelaction>\n{\"module\":\"Email\",\"reqtype\":\"exec\",\"func\":\"list_pops\",\"apiversion\":\"uapi\",\"args\":{}}\n</cpanelaction>",
    );
    let v = answer_json(&read_answer(&mut s));
    assert_eq!((&v["apiversion"], &v["module"], &v["func"]), (&json!(3), &json!("Email"), &json!("list_pops")));
    assert_eq!(v["result"]["status"], json!(1));
    assert_eq!(v["result"]["data"].as_array().unwrap().len(), 3);

    send(
        &mut s,
        "<cpanelaction>\n{\"module\":\"Cron\",\"reqtype\":\"exec\",\"func\":\"listcron\",\"apiversion\":\"2\"}\n</cpanelaction>",
    );
    let v = answer_json(&read_answer(&mut s));
    assert_eq!(v["cpanelresult"]["event"]["result"], json!(1), "{v}");

    // Batch::strict with its commands named as cPanel's form parser names them.
    send(
        &mut s,
        r#"<cpanelaction>
{"module":"Batch","reqtype":"exec","func":"strict","apiversion":"uapi","args":{"command-0":"[\"Ftp\",\"list_ftp\"]","command":"[\"Tokens\",\"list\"]"}}
</cpanelaction>"#,
    );
    let v = answer_json(&read_answer(&mut s));
    assert_eq!(v["result"]["status"], json!(1), "{v}");
    let data = v["result"]["data"].as_array().unwrap();
    assert!(data[0]["data"].as_array().unwrap().iter().any(|t| t["name"].is_string()), "Tokens::list first");
    assert!(data[1]["data"].as_array().unwrap().iter().any(|f| f.get("type").is_some()), "then Ftp::list_ftp");

    // An action cPanel cannot read: the empty result (the reason goes to its error_log).
    send(&mut s, "<cpanelaction>\nnot json\n</cpanelaction>");
    assert_eq!(read_answer(&mut s), "<?xml version=\"1.0\" ?>\n<cpanelresult></cpanelresult>\n");

    // Shutdown: cPanel closes without a word.
    s.write_all(b"26\n<cpanelxml shutdown=\"1\" />").unwrap();
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "{:?}", String::from_utf8_lossy(&rest));
    assert_eq!(page.release(false).body.trim(), "released");
}

#[test]
fn api2_lists_cron_jobs_and_ssh_keys() {
    let sim = Sim::start();
    let v = sim.api2("Cron", "listcron", &[]);
    assert_eq!(v["cpanelresult"]["event"]["result"], json!(1));
    let data = v["cpanelresult"]["data"].as_array().unwrap();
    let cmds: Vec<&str> = data.iter().filter_map(|c| c["command"].as_str()).collect();
    assert!(cmds.iter().any(|c| c.contains("bad.example")));
    // cPanel's records have a linekey and no line number, and end with a lone {count}.
    assert!(data[..2].iter().all(|c| c["linekey"].as_str().is_some_and(|k| !k.is_empty()) && c.get("line").is_none()));
    assert_eq!(data[2], json!({"count": 3}));
    let v = sim.api2("SSH", "listkeys", &[("types", "pub")]);
    assert_eq!(v["cpanelresult"]["data"][0]["name"], json!("laptop"));
    assert_eq!(v["cpanelresult"]["data"][0]["authstatus"], json!("authorized"));
}

#[test]
fn a_new_password_logs_in_and_the_old_one_no_longer_does() {
    let sim = Sim::start();
    let old = "Sommer2024!post";
    // Mail logins are held at release: even the right password does not log in.
    assert!(!sim.check_login("email", "post@demo-shop.example", old));
    sim.uapi("Email", "unsuspend_login", &[("email", "post@demo-shop.example")]);
    assert!(sim.check_login("email", "post@demo-shop.example", old));
    let v = sim.uapi(
        "Email",
        "passwd_pop",
        &[("email", "post"), ("domain", "demo-shop.example"), ("password", "Tq8vLm2rXw9pKz4nHs3B")],
    );
    assert_eq!(v["result"]["status"], json!(1), "{v}");
    assert!(sim.check_login("email", "post@demo-shop.example", "Tq8vLm2rXw9pKz4nHs3B"));
    assert!(!sim.check_login("email", "post@demo-shop.example", old));
}

#[test]
fn weak_passwords_are_refused_with_the_required_strength() {
    let sim = Sim::start();
    let v = sim.uapi("Mysql", "set_password", &[("user", "demo_wpuser"), ("password", "abc")]);
    assert_eq!(v["result"]["status"], json!(0));
    assert!(v["result"]["errors"][0].as_str().unwrap().contains("strength rating of 50"));
}

#[test]
fn restore_file_extracts_real_files_from_a_dated_backup() {
    let sim = Sim::start();
    let v = sim.uapi("Backup", "list_backups", &[]);
    let dates: Vec<String> =
        v["result"]["data"].as_array().unwrap().iter().map(|d| d.as_str().unwrap().to_owned()).collect();
    // Daily backups only: the weekly one is found through Restore::query_file_info.
    assert_eq!(dates, ["2026-11-10", "2026-11-18", "2026-11-20"]);
    let target = sim.home().join("public_html/wp-content/themes/shop/functions.php");
    std::fs::remove_file(&target).unwrap();
    let v = sim.uapi(
        "Restore",
        "restore_file",
        &[("backupID", "weekly/2026-11-15"), ("path", "/public_html/wp-content/themes/shop"), ("overwrite", "1")],
    );
    assert_eq!(v["result"]["status"], json!(1), "{v}");
    assert_eq!(v["result"]["data"], json!({"success": 1}));
    assert!(std::fs::read_to_string(&target).unwrap().contains("wp_enqueue_style"));
    for path in ["../etc", "/../etc", "public_html"] {
        let v = sim.uapi("Restore", "restore_file", &[("backupID", "2026-11-10"), ("path", path), ("overwrite", "1")]);
        assert_eq!(v["result"]["status"], json!(0), "{path}");
    }
}

#[test]
fn the_dashboard_shows_the_plugin_icon_from_install_json() {
    let sim = Sim::start();
    let b = sim.browser();
    let dash = b.get(&format!("{}{}/frontend/jupiter/index.html", b.base, b.token));
    assert_eq!(dash.status, 200);
    assert!(dash.body.contains("Secure &amp; Reopen") || dash.body.contains("Secure & Reopen"));
    assert!(dash.body.contains(&format!("{}/frontend/jupiter/secure_reopen/index.live.cgi", b.token)));
    let icon = b.get(&format!("{}{}/frontend/jupiter/_plugin_icons/secure_reopen.svg", b.base, b.token));
    assert_eq!(icon.status, 200);
    assert!(icon.body.starts_with("<svg"));
}

#[test]
fn cron_jobs_are_removed_by_linekey_and_a_failure_is_only_in_data() {
    let sim = Sim::start();
    let v = sim.api2("Cron", "listcron", &[]);
    let key = v["cpanelresult"]["data"][1]["linekey"].as_str().unwrap().to_owned();
    let v = sim.api2("Cron", "remove_line", &[("linekey", &key)]);
    assert_eq!(v["cpanelresult"]["data"][0]["status"], json!(1), "{v}");
    // The same key again: cPanel's event succeeds, the failure is in data[0].status.
    let v = sim.api2("Cron", "remove_line", &[("linekey", &key)]);
    assert_eq!(v["cpanelresult"]["event"]["result"], json!(1));
    assert_eq!(v["cpanelresult"]["data"][0]["status"], json!(0), "{v}");
    assert_eq!(v["cpanelresult"]["data"][0]["statusmsg"], json!("Cron job not found in the crontab."));
    let v = sim.api2("Cron", "listcron", &[]);
    assert_eq!(v["cpanelresult"]["data"].as_array().unwrap().len(), 2, "one job and the {{count}} record");
}

#[test]
fn a_cpanel_password_change_ends_every_session_of_the_user() {
    let sim = Sim::start();
    let a = sim.browser();
    let b = sim.browser();
    assert_eq!(a.plugin().status, 200);
    let new = "Vq7-lime-Orbit-2026!k";
    let v = sim.uapi("UserManager", "change_password", &[("oldpass", &sim.password()), ("newpass", new)]);
    assert_eq!(v["result"]["status"], json!(1), "{v}");
    for old in [&a, &b] {
        assert_eq!(old.get(&old.plugin_url()).status, 401, "the old session still works");
    }
    assert_eq!(sim.browser_as("demo", new).plugin().status, 200);
    // Passwd::change_password is API 2's old form: UAPI has no Passwd module.
    let v = sim.uapi("Passwd", "change_password", &[("oldpass", new), ("newpass", "x")]);
    assert_eq!(v["result"]["status"], json!(0));
}
