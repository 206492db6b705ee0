//! The whole runbook as a customer does it, with the host's default policy: restore, review,
//! tokens and keys, PHP, WordPress, new passwords, attestations, then the reopen.

use serde_json::json;

use crate::harness::*;

fn first_id(page: &str, needle: &str, action: &str) -> Option<String> {
    let at = page.find(needle)?;
    let rest = &page[at..];
    let a = rest.find(&format!("value=\"{action}\""))?;
    let rest = &rest[a..];
    let i = rest.find("name=\"id\" value=\"")? + 17;
    Some(rest[i..].split('"').next()?.to_owned())
}

#[test]
fn a_customer_does_every_step_and_the_website_reopens() {
    let sim = Sim::start();
    let b = sim.browser();
    assert!(b.plugin().text().contains("1 of 10 required steps done"));

    // Step 5: delete and restore from the backup before the attack.
    let r = b.submit(&[("action", "restore_start"), ("folder", "public_html"), ("backup", "2026-11-10T02:00:00Z")]);
    assert_eq!(r.status, 303);

    // Review what the attacker left: remove the rogue job and forwarder, keep the rest.
    let url = format!("{}?view=sweep", b.plugin_url());
    for needle in ["bad.example/k.sh", "collector@bad.example"] {
        let id = first_id(&b.get(&url).body, needle, "remove_finding").expect(needle);
        assert_eq!(b.submit(&[("action", "remove_finding"), ("id", &id)]).status, 303);
    }
    while let Some(id) = first_id(&b.get(&url).body, "<li class=\"item\"", "keep_finding") {
        assert_eq!(b.submit(&[("action", "keep_finding"), ("id", &id), ("reason", "mine, checked")]).status, 303);
    }

    // Old token and key; PHP (the customer changes it in MultiPHP Manager); WordPress.
    assert_eq!(b.submit(&[("action", "remove_token"), ("name", "deploy")]).status, 303);
    assert_eq!(
        b.submit(&[("action", "keep_ssh_key"), ("name", "laptop"), ("reason", "my laptop, passphrase-protected")])
            .status,
        303
    );
    let v = sim.uapi("LangPHP", "php_set_vhost_versions", &[("vhost", "demo-shop.example"), ("version", "ea-php83")]);
    assert_eq!(v["result"]["status"], json!(1), "{v}");
    assert_eq!(b.submit(&[("action", "harden_wordpress")]).status, 303);
    let wp = std::fs::read_to_string(sim.home().join("public_html/wp-config.php")).unwrap();
    assert!(wp.contains("define( 'DISALLOW_FILE_EDIT', true );"));

    // Step 4: new passwords for everything. The sheet's seed lives in a cookie; the cPanel
    // password goes last and logs the customer out, so they log in again with the new one.
    let csrf = b.plugin().csrf();
    let r = b.post(&[("csrf", &csrf), ("action", "plan_new")]);
    assert_eq!(r.status, 303);
    let seed = r
        .header("set-cookie")
        .and_then(|c| c.strip_prefix("secure_reopen_plan="))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .expect("the sheet's seed cookie");
    let cookies = format!("cpsession={}; secure_reopen_plan={seed}", b.cookie);
    let sheet =
        page(agent().get(&format!("{}?view=passwords", b.plugin_url())).header("Cookie", &cookies).call().unwrap())
            .body;
    let field = |name: &str| {
        let i = sheet.find(&format!("name=\"{name}\" value=\"")).unwrap() + name.len() + 15;
        sheet[i..].split('"').next().unwrap().to_owned()
    };
    let (plan, pws) = (field("plan"), field("pw"));
    let post = |extra: &[(&str, &str)]| {
        let mut f = vec![("csrf", csrf.as_str()), ("plan", plan.as_str()), ("pw", pws.as_str())];
        f.extend_from_slice(extra);
        page(agent().post(&b.plugin_url()).header("Cookie", &cookies).send_form(f.iter().copied()).unwrap())
    };
    let csv = post(&[("action", "plan_download_csv")]).body;
    let new_cpanel = csv.lines().find_map(|l| l.strip_prefix("cpanel,demo,")).expect("cPanel in the plan").to_owned();
    let pw = sim.password();
    assert_eq!(post(&[("action", "plan_apply"), ("saved", "yes"), ("current", pw.as_str())]).status, 303);
    let b = sim.browser_as("demo", &new_cpanel);

    for item in ["wp_admins_changed", "attest_computer_scanned", "attest_password_manager", "attest_guidance_read"] {
        assert_eq!(b.submit(&[("action", "attest"), ("item", item)]).status, 303);
    }
    let page = b.plugin();
    let t = page.text();
    assert!(t.contains("10 of 10 required steps done"), "{}", b.get(&url).text());
    assert!(t.contains("Every required step is done"));

    let i = page.body.find("name=\"release\" value=\"").unwrap() + 22;
    let release = page.body[i..].split('"').next().unwrap().to_owned();
    let r = b.post(&[("csrf", &page.csrf()), ("action", "reopen"), ("release", &release)]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(sim.incident()["status"], json!("reopened"));
    assert_eq!(sim.site_status("demo-shop.example"), 200);
    // Every step is in the audit log.
    let log = sim.audit_log();
    for event in [
        "restore_done",
        "finding_removed",
        "finding_kept",
        "token_revoked",
        "ssh_key_kept",
        "wordpress_hardened",
        "passwords_changed",
        "attested",
        "reopen",
    ] {
        assert!(log.contains(&format!("\"event\":\"{event}\",\"result\":\"ok\"")), "{event} is not in the audit log");
    }
    let (code, out, _) = sim.admin(&["audit", "verify", "demo"]);
    assert_eq!(code, 0);
    assert!(out.contains("chain intact"));
}
