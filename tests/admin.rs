//! The technician's command line: list, show, release (with the customer's e-mail), forced
//! reopen, investigate again, close, and removed-file lists from the host's scanner.

use serde_json::{Value, json};

use crate::harness::*;

fn outbox(sim: &Sim) -> String {
    std::fs::read_to_string(sim.root().join("var/mail/outbox")).unwrap_or_default()
}

#[test]
fn list_and_show_speak_json_for_scripts() {
    let sim = Sim::start();
    let (code, out, err) = sim.admin(&["incident", "list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["user"], json!("demo"));
    assert_eq!(v[0]["status"], json!("awaiting_customer"));
    assert!(v[0]["opened_at"].as_str().unwrap().ends_with('Z'), "ISO 8601 with zone");
    let (code, out, _) = sim.admin(&["incident", "status", "demo", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap()["removed_files"].as_array().unwrap().len(), 2);
    let (code, out, _) = sim.admin(&["incident", "show", "demo"]);
    assert_eq!(code, 0);
    assert!(out.contains("holds:         in place"), "{out}");
    let (code, _, err) = sim.admin(&["incident", "show", "Nobody/.."]);
    assert_eq!(code, 2);
    assert!(err.contains("not a valid cPanel user name"));
    let (code, _, err) = sim.admin(&["incident", "show", "other"]);
    assert_eq!(code, 1);
    assert!(err.contains("no incident record for other"));
}

#[test]
fn release_tells_the_customer_by_e_mail() {
    let sim = Sim::start();
    let mail = outbox(&sim);
    // The first contact address is on the account's own (held) domain: the second one is used.
    assert!(mail.contains("To: shop.owner@isp-mail.example"), "{mail}");
    assert!(!mail.contains("To: owner@demo-shop.example"), "never to a held mailbox: {mail}");
    assert!(mail.contains("From: secure-reopen@server1.host.example"), "a real sender: {mail}");
    // The facts the runbook promises: when, how, what was removed.
    assert!(mail.contains("When: around 2026-"), "{mail}");
    assert!(mail.contains("How the attackers got in: An outdated contact-form plugin"), "{mail}");
    assert!(mail.contains("Harmful files removed (2):"), "{mail}");
    assert!(mail.contains("Subject: Your website is ready to be secured and reopened"));
    assert!(mail.contains("Secure & Reopen"));
    assert!(!mail.contains(&sim.password()), "no secret in the e-mail");
}

#[test]
fn a_forced_reopen_is_audited_and_a_case_can_be_investigated_again_and_closed() {
    let sim = Sim::start();
    let (code, _, err) = sim.admin(&["incident", "reopen", "demo"]);
    assert_eq!(code, 2, "needs --force");
    assert!(err.contains("--force"));
    let (code, _, err) = sim.admin(&["incident", "reopen", "demo", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(sim.incident()["status"], json!("reopened"));
    assert_eq!(sim.site_status("demo-shop.example"), 200);
    assert!(sim.audit_log().contains("\"event\":\"reopen_forced\""));

    let (code, _, err) = sim.admin(&["incident", "investigate", "demo"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(sim.incident()["status"], json!("investigating"));
    assert_eq!(sim.site_status("demo-shop.example"), 503);
    assert!(!sim.check_login("cpanel", "demo", &sim.password()), "suspended again");

    let (code, _, _) = sim.admin(&["incident", "close", "demo"]);
    assert_eq!(code, 1, "an investigated case is not closed");
    sim.admin(&["incident", "release", "demo"]);
    sim.admin(&["incident", "reopen", "demo", "--force"]);
    let (code, _, err) = sim.admin(&["incident", "close", "demo"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(sim.incident()["status"], json!("closed"));
    let (code, out, _) = sim.admin(&["audit", "verify", "demo"]);
    assert_eq!(code, 0);
    assert!(out.contains("chain intact"));
}

#[test]
fn removed_files_come_from_the_last_maldet_scan() {
    let sim = Sim::start();
    let sess = sim.root().join("usr/local/maldetect/sess");
    std::fs::create_dir_all(&sess).unwrap();
    std::fs::write(sess.join("session.last"), "251124-0312.4242\n").unwrap();
    let home = sim.state_dir().join("home/other");
    std::fs::write(
        sess.join("session.hits.251124-0312.4242"),
        format!(
            "{{HEX}}php.cmdshell.generic.1 : {h}/public_html/x.php\n{{MD5}}shell.r57 : {h}/public_html/up/y.php\n{{HEX}}other : /home/someoneelse/z.php\n",
            h = home.display()
        ),
    )
    .unwrap();
    let (code, _, err) = sim.admin(&["incident", "open", "other", "--from-maldet", "--no-suspend"]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = sim.admin(&["incident", "show", "other", "--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["removed_files"], json!(["public_html/up/y.php", "public_html/x.php"]));
    let (code, _, err) = sim.admin(&["incident", "open", "other", "--no-suspend"]);
    assert_eq!(code, 1, "a second open incident is refused");
    assert!(err.contains("already has an open incident"));
}

#[test]
fn policy_check_names_a_mistake_precisely() {
    let sim = Sim::start();
    std::fs::write(sim.root().join("var/cpanel/secure_reopen/policy.json"), r#"{"items":{"two_factr":"required"}}"#)
        .unwrap();
    let (code, _, err) = sim.admin(&["policy", "check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unknown variant `two_factr`") && err.contains("expected one of `credentials_rotated`"),
        "{err}"
    );
    std::fs::write(sim.root().join("var/cpanel/secure_reopen/policy.json"), r#"{"items":{"two_factor":"required"}}"#)
        .unwrap();
    let (code, out, _) = sim.admin(&["policy", "check"]);
    assert_eq!(code, 0);
    assert!(out.contains("two_factor") && out.contains("required"));
}

#[test]
fn an_empty_server_says_no_incidents_instead_of_a_bare_header() {
    let root = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(crate::harness::PLUGIN)
        .args(["incident", "list"])
        .env("SECURE_REOPEN_ROOT", root.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "no incidents");
}

#[test]
fn policy_check_says_where_mail_goes_and_refuses_a_broken_config() {
    let sim = Sim::start();
    let (code, out, err) = sim.admin(&["policy", "check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("notices to the host: noc@host.example"), "WHM's contact by default: {out}");
    assert!(out.contains("mail sender: secure-reopen@server1.host.example"), "{out}");
    let config = sim.root().join("var/cpanel/secure_reopen/config.json");
    std::fs::write(&config, r#"{"host_notices": false}"#).unwrap();
    let (_, out, _) = sim.admin(&["policy", "check"]);
    assert!(out.contains("notices to the host: off"), "{out}");
    std::fs::write(&config, r#"{"host_mail": "typo@host.example"}"#).unwrap();
    let (code, _, err) = sim.admin(&["policy", "check"]);
    assert_eq!(code, 1);
    assert!(err.contains("config.json") && err.contains("host_mail"), "{err}");
}

#[test]
fn on_a_machine_without_cpanel_the_cli_says_so_unless_a_root_is_named() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(crate::harness::PLUGIN)
            .args(args)
            .env_remove("SECURE_REOPEN_ROOT")
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, err) = run(&["incident", "list"]);
    if std::path::Path::new("/usr/local/cpanel/version").exists() {
        assert_eq!(code, Some(0), "{err}");
    } else {
        assert_eq!(code, Some(1));
        assert!(err.contains("cPanel & WHM is not installed") && err.contains("--root"), "{err}");
    }
    let root = tempfile::tempdir().unwrap();
    let (code, err) = run(&["--root", root.path().to_str().unwrap(), "incident", "list"]);
    assert_eq!(code, Some(0), "{err}");
    let out = std::process::Command::new(crate::harness::PLUGIN).args(["incident", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Exit codes: 0 done") && help.contains("Example:"), "{help}");
}

#[test]
fn opening_a_case_for_an_account_that_does_not_exist_is_refused() {
    let sim = Sim::start();
    let (code, _, err) = sim.admin(&["incident", "open", "nosuchuser", "--no-suspend"]);
    assert_ne!(code, 0);
    assert!(err.contains("nosuchuser is not a cPanel account on this server"), "{err}");
    assert!(!sim.root().join("var/cpanel/secure_reopen/incidents/nosuchuser.json").exists());
}

#[test]
fn a_missing_or_cut_audit_log_is_reported_not_intact() {
    let sim = Sim::start();
    let log = sim.root().join("var/cpanel/secure_reopen/audit/demo.log");
    let head = log.with_extension("head");
    // Cut the log back to its first entry and rewrite the head file to match: only the anchor
    // the release recorded in the incident record (outside the log) still knows what was there.
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let keep = &lines[..1];
    std::fs::write(&log, format!("{}\n", keep.join("\n"))).unwrap();
    let first: serde_json::Value = serde_json::from_str(keep[0]).unwrap();
    std::fs::write(&head, serde_json::json!({"seq": first["seq"], "hash": first["hash"]}).to_string()).unwrap();
    let (code, _, err) = sim.admin(&["audit", "verify", "demo"]);
    assert_ne!(code, 0);
    assert!(err.contains("incident record"), "{err}");
    std::fs::remove_file(&log).unwrap();
    let (code, _, err) = sim.admin(&["audit", "verify", "demo"]);
    assert_ne!(code, 0);
    assert!(err.contains("the audit log is missing"), "{err}");
}

#[test]
fn a_customer_without_the_current_password_gets_a_new_one_from_the_technician() {
    let sim = Sim::start();
    let (code, _, err) = sim.admin(&["incident", "investigate", "demo"]);
    assert_eq!(code, 0, "{err}");
    let out = std::process::Command::new(PLUGIN)
        .args(["incident", "release", "demo", "--reset-password"])
        .env("SECURE_REOPEN_ROOT", sim.root())
        .env("CPANEL_SIM_URL", sim.url())
        .env("SECURE_REOPEN_WHM_URL", sim.tls_url())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text} {}", String::from_utf8_lossy(&out.stderr));
    let pw = text.lines().find_map(|l| l.split("it is not stored): ").nth(1)).expect("the new password is printed");
    assert!(sim.check_login("cpanel", "demo", pw.trim()));
    assert!(!sim.check_login("cpanel", "demo", &sim.password()));
    let log = sim.audit_log();
    assert!(log.contains("\"event\":\"account_password_reset\",\"result\":\"ok\""));
    assert!(!log.contains(pw.trim()), "the password is never in the audit log");
}

#[test]
fn an_open_case_is_corrected_with_edit_and_the_customer_sees_it_at_once() {
    let sim = Sim::start();
    let vector = "A stolen FTP password was used to upload a file.";
    let (code, out, err) = sim.admin(&[
        "incident",
        "edit",
        "demo",
        "--vector",
        vector,
        "--attack-time",
        "2026-11-17T22:40:00Z",
        "--exact",
        "--affected-dir",
        "/public_html/",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("changed attack_time, vector, affected_dir of demo's incident"), "{out}");
    let (_, show, _) = sim.admin(&["incident", "show", "demo"]);
    assert!(show.contains("attack time:   2026-11-17T22:40:00Z (Exact)"), "{show}");
    assert!(show.contains(&format!("vector:        {vector}")), "{show}");
    assert_eq!(sim.incident()["affected_dir"], json!("public_html"));
    assert!(sim.browser().plugin().text().contains(vector), "the customer's page reads the record");
    assert!(sim.audit_log().contains("\"incident_edited\""));
    // Mistakes are named; nothing changes.
    for (args, says) in [
        (&["--affected-dir", "../../etc"][..], "must be a folder below the home directory"),
        (&["--attack-time", "yesterday"], "is not RFC 3339"),
        (&[], "nothing to change"),
    ] {
        let (code, _, err) = sim.admin(&[&["incident", "edit", "demo"][..], args].concat());
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // A reopened case is history: edit refuses it.
    let (code, _, err) = sim.admin(&["incident", "reopen", "demo", "--force"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = sim.admin(&["incident", "edit", "demo", "--notes", "late"]);
    assert_eq!(code, 1);
    assert!(err.contains("only an open case can be edited"), "{err}");
}
