//! The technicians' WHM page, run as WHM runs it (a CGI with WHM's environment, as root): the
//! morning list, one incident, and the CLI's actions behind buttons with a CSRF token.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::json;

use crate::harness::*;

const TOKEN: &str = "/cpsess7300000001";

struct Answer {
    status: u16,
    location: Option<String>,
    body: String,
}

/// One request to the WHM page, as cpsrvd would start it.
fn whm(sim: &Sim, user: &str, method: &str, query: &str, form: &[(&str, &str)]) -> Answer {
    let body: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
    let mut child = Command::new(PLUGIN)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("GATEWAY_INTERFACE", "CGI/1.1")
        .env("REQUEST_METHOD", method)
        .env("SCRIPT_NAME", format!("{TOKEN}/cgi/secure_reopen/index.cgi"))
        .env("QUERY_STRING", query)
        .env("REMOTE_USER", user)
        .env("REMOTE_ADDR", "127.0.0.1")
        .env("cp_security_token", TOKEN)
        .env("CONTENT_TYPE", "application/x-www-form-urlencoded")
        .env("CONTENT_LENGTH", body.len().to_string())
        .env("SECURE_REOPEN_ROOT", sim.root())
        .env("CPANEL_SIM_URL", sim.url())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the WHM page");
    child.stdin.take().unwrap().write_all(body.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("not a CGI answer: {text}"));
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.split_once(": ").filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.to_owned()))
    };
    let status = header("Status").and_then(|s| s.split(' ').next().and_then(|n| n.parse().ok())).unwrap_or(200);
    assert_eq!(header("Cache-Control").as_deref(), Some("no-store"), "every answer: no-store");
    Answer { status, location: header("Location"), body: body.to_owned() }
}

fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a form with a CSRF token") + 19;
    html[at..].split('"').next().unwrap().to_owned()
}

#[test]
fn the_morning_list_shows_every_incident_with_its_audit_state() {
    let sim = Sim::start();
    let a = whm(&sim, "root", "GET", "", &[]);
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.body.contains(">demo</a>"), "{}", a.body);
    assert!(a.body.contains("Waiting for the customer"));
    assert!(a.body.contains("in place"), "holds are shown");
    assert!(a.body.contains("intact ("), "audit chain verified: {}", a.body);

    // A cut log is visible to the technician at a glance.
    let log = sim.root().join("var/cpanel/secure_reopen/audit/demo.log");
    let text = std::fs::read_to_string(&log).unwrap();
    let edited = text.replacen("\"result\":\"ok\"", "\"result\":\"ko\"", 1);
    assert_ne!(text, edited, "the demo has audit entries to tamper with");
    std::fs::write(&log, edited).unwrap();
    let a = whm(&sim, "root", "GET", "", &[]);
    assert!(a.body.contains("BROKEN at line"), "{}", a.body);
}

#[test]
fn only_root_or_an_all_privileged_reseller_may_open_it() {
    let sim = Sim::start();
    let a = whm(&sim, "demo", "GET", "", &[]);
    assert_eq!(a.status, 403);
    assert!(a.body.contains("Log in to WHM as root"));
    std::fs::create_dir_all(sim.root().join("var/cpanel")).unwrap();
    std::fs::write(sim.root().join("var/cpanel/resellers"), "res1:list-accts,create-acct\nres2:all\n").unwrap();
    assert_eq!(whm(&sim, "res1", "GET", "", &[]).status, 403);
    assert_eq!(whm(&sim, "res2", "GET", "", &[]).status, 200);
}

#[test]
fn a_forced_reopen_from_whm_runs_the_cli_and_shows_its_result_after_a_redirect() {
    let sim = Sim::start();
    let page = whm(&sim, "root", "GET", "user=demo", &[]);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Reopen now (skip the checklist)"));
    let csrf = csrf_of(&page.body);

    // Without the token, or without the confirmation, nothing happens.
    let a = whm(&sim, "root", "POST", "", &[("user", "demo"), ("action", "force_reopen"), ("confirm", "yes")]);
    assert_eq!(a.status, 403);
    let a = whm(&sim, "root", "POST", "", &[("csrf", &csrf), ("user", "demo"), ("action", "force_reopen")]);
    assert_eq!(a.status, 400);
    assert!(a.body.contains("tick the confirmation box"));
    assert_eq!(sim.incident()["status"], json!("awaiting_customer"));
    assert_eq!(sim.site_status("demo-shop.example"), 503);

    let a = whm(
        &sim,
        "root",
        "POST",
        "",
        &[("csrf", &csrf), ("user", "demo"), ("action", "force_reopen"), ("confirm", "yes")],
    );
    assert_eq!(a.status, 303, "{}", a.body);
    assert_eq!(a.location.as_deref(), Some(format!("{TOKEN}/cgi/secure_reopen/index.cgi?user=demo").as_str()));
    assert_eq!(sim.incident()["status"], json!("reopened"));
    assert_eq!(sim.site_status("demo-shop.example"), 200);
    assert!(sim.audit_log().contains("\"event\":\"reopen_forced\""));

    let after = whm(&sim, "root", "GET", "user=demo", &[]);
    assert!(after.body.contains("Reopen now (skip the checklist) – demo: done"), "{}", after.body);
    assert!(after.body.contains("reopened demo without the checklist"), "the CLI's own words: {}", after.body);
    // The result is shown once; a reload does not repeat it.
    let again = whm(&sim, "root", "GET", "user=demo", &[]);
    assert!(!again.body.contains(": done"));
    assert!(again.body.contains("reopen_forced"), "the audit log lists the action");
}

#[test]
fn hostile_input_gets_a_clear_page() {
    let sim = Sim::start();
    let a = whm(&sim, "root", "GET", "user=..%2Fetc", &[]);
    assert_eq!(a.status, 400);
    assert!(a.body.contains("not a cPanel user name"));
    let a = whm(&sim, "root", "GET", "user=nobody", &[]);
    assert_eq!(a.status, 404);
    let csrf = csrf_of(&whm(&sim, "root", "GET", "user=demo", &[]).body);
    let a = whm(&sim, "root", "POST", "", &[("csrf", &csrf), ("user", "demo"), ("action", "rm -rf")]);
    assert_eq!(a.status, 400);
    assert!(!a.body.contains("<script>"));
}

impl Sim {
    fn whm_password(&self) -> String {
        self.ready["whm_password"].as_str().unwrap_or_default().to_owned()
    }
}

#[test]
fn whm_serves_the_page_only_to_roots_whm_session() {
    let sim = Sim::start();
    let (code, body) =
        http_post(&format!("{}/whm?login_only=1", sim.url()), &[], &[("user", "root"), ("pass", "wrong")]);
    assert_eq!(code, 401, "{body}");
    let resp = agent()
        .post(&format!("{}/whm?login_only=1", sim.url()))
        .send_form([("user", "root"), ("pass", sim.whm_password().as_str())])
        .unwrap();
    let cookie = resp.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_owned();
    assert!(cookie.starts_with("whostmgrsession="), "{cookie}");
    let v: serde_json::Value = serde_json::from_str(&page(resp).body).unwrap();
    let token = v["security_token"].as_str().unwrap().to_owned();
    let url = format!("{}{token}/cgi/secure_reopen/index.cgi", sim.url());
    let (code, body) = http_get(&url, &[("Cookie", &cookie)]);
    assert_eq!(code, 200, "{body}");
    assert!(body.contains(">demo</a>") && body.contains("Waiting for the customer"), "{body}");
    // A customer's cPanel session is not a WHM session.
    let b = sim.browser();
    let (code, _) =
        http_get(&format!("{}{}/cgi/secure_reopen/index.cgi", sim.url(), b.token), &[("Cookie", &b.cookie)]);
    assert_eq!(code, 401);
    // Only the registered URL runs.
    let (code, _) = http_get(&format!("{}{token}/cgi/other/index.cgi", sim.url()), &[("Cookie", &cookie)]);
    assert_eq!(code, 404);
}

#[test]
fn a_technician_forces_a_reopen_in_the_browser() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").exists() && std::path::Path::new("/usr/bin/chromium").exists(),
        "the browser test needs Chromium and tests/browser/node_modules: run ./scripts/test.sh, which installs them"
    );
    let sim = Sim::start();
    let shots = sim.dir.path().join("whm");
    let out = Command::new("node")
        .current_dir(&dir)
        .arg("whm.mjs")
        .args([sim.url(), sim.whm_password(), "demo".to_owned()])
        .arg(&shots)
        .output()
        .expect("run node");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the WHM journey failed:\n{text}");
    assert_eq!(sim.incident()["status"], json!("reopened"), "{text}");
    assert_eq!(sim.site_status("demo-shop.example"), 200);
    assert!(sim.dir.path().join("whm-incident.png").exists());
}

#[test]
fn a_technician_corrects_the_case_from_whm_and_the_customer_sees_it() {
    let sim = Sim::start();
    let page = whm(&sim, "root", "GET", "user=demo", &[]);
    assert!(page.body.contains("Correct the case details") && page.body.contains("name=\"vector\""), "{}", page.body);
    let csrf = csrf_of(&page.body);
    // Text that starts like a flag and holds markup: a value on the CLI, escaped on the page.
    let vector = "--a stolen FTP password <b>uploaded</b> a file";
    let edit = |attack: &str| {
        whm(
            &sim,
            "root",
            "POST",
            "",
            &[
                ("csrf", &csrf),
                ("user", "demo"),
                ("action", "edit"),
                ("attack_time", attack),
                ("exact", "yes"),
                ("vector", vector),
                ("notes", "Ring oss på 22 22 22 22 om noe er uklart."),
                ("contact", "support@host.example"),
                ("affected_dir", "public_html"),
            ],
        )
    };
    let a = edit("2026-11-17T22:40:00Z");
    assert_eq!(a.status, 303, "{}", a.body);
    assert_eq!(sim.incident()["vector"], json!(vector));
    assert_eq!(sim.incident()["notes"], json!("Ring oss på 22 22 22 22 om noe er uklart."));
    let (_, show, _) = sim.admin(&["incident", "show", "demo"]);
    assert!(show.contains("attack time:   2026-11-17T22:40:00Z (Exact)"), "{show}");
    let after = whm(&sim, "root", "GET", "user=demo", &[]);
    assert!(after.body.contains("Correct the case details – demo: done"), "{}", after.body);
    assert!(after.body.contains("&lt;b&gt;uploaded") && !after.body.contains("<b>uploaded"), "escaped");
    assert!(after.body.contains("value=\"2026-11-17T22:40:00Z\""), "the form shows what the record says");
    assert!(sim.browser().plugin().text().contains("a stolen FTP password <b>uploaded</b> a file"));
    // A mistake: the CLI's own words on the page, nothing changed.
    assert_eq!(edit("last tuesday").status, 303);
    let after = whm(&sim, "root", "GET", "user=demo", &[]);
    assert!(after.body.contains("demo: failed") && after.body.contains("is not RFC 3339"), "{}", after.body);
    let (_, show, _) = sim.admin(&["incident", "show", "demo"]);
    assert!(show.contains("attack time:   2026-11-17T22:40:00Z (Exact)"), "{show}");
}
