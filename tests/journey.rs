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

/// The demo's shop is a real WordPress on the simulator's private MariaDB, served by PHP.
#[test]
fn a_customer_does_every_step_and_the_website_reopens() {
    journey(Sim::start_with(Options { wordpress: true, ..Default::default() }));
}

/// The same journey on a server without PostgreSQL and Web Disk: cPanel refuses those calls,
/// which counts as "none", so nothing blocks the reopen.
#[test]
fn the_journey_also_passes_on_a_server_without_postgresql_and_web_disk() {
    journey(Sim::start_with(Options { scenario: Some("demo-basic".into()), wordpress: true, ..Default::default() }));
}

fn journey(sim: Sim) {
    let b = sim.browser();
    assert!(b.plugin().text().contains("1 of 10 required steps done"));

    // Step 5: delete and restore from the backup before the attack.
    let t0 = std::time::Instant::now();
    let r = b.submit(&[("action", "restore_start"), ("folder", "public_html"), ("backup", "weekly/2026-11-15")]);
    assert_eq!(r.status, 303, "{}", r.text());
    eprintln!("restoring a real WordPress (public_html) took {:?}", t0.elapsed());
    // The backup brought back WordPress itself: its core files and the clean configuration.
    assert!(sim.home().join("public_html/wp-includes/version.php").is_file());
    assert!(!sim.home().join("public_html/wp-content/uploads/2026/11/cache-img.php").exists());

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
    let (b, _sheet) = change_all_passwords(&sim, &b);

    // Step 4 inside the scripts: the WordPress administrators and uploaders.
    let sheet = b.submit(&[("action", "wp_plan"), ("seen", "0")]);
    assert_eq!(sheet.status, 200, "{}", sheet.text());
    let mut wp_fields = crate::script_users::form_fields(&sheet.body, "wp_apply");
    wp_fields.retain(|(k, _)| k != "action");
    let csrf = b.plugin().csrf();
    let mut all: Vec<(&str, &str)> = vec![("csrf", &csrf), ("action", "wp_apply"), ("saved", "yes")];
    all.extend(wp_fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert_eq!(b.post(&all).status, 303);

    for item in ["attest_computer_scanned", "attest_password_manager", "attest_guidance_read"] {
        assert_eq!(b.submit(&[("action", "attest"), ("item", item)]).status, 303);
    }
    let page = b.plugin();
    let t = page.text();
    assert!(t.contains("10 of 10 required steps done"), "{t}");
    assert!(t.contains("Every required step is done"));

    let r = b.send(&page.form("reopen"), &[]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(sim.incident()["status"], json!("reopened"));
    let (status, site) = sim.site_page("demo-shop.example");
    assert_eq!(status, 200, "{site}");
    assert!(
        site.contains("<meta name=\"generator\" content=\"WordPress 6.") && site.contains("<h1>Demo shop</h1>"),
        "{site}"
    );
    // The old passwords are refused where they were used: the real database and WordPress.
    assert!(!sim.mariadb_login("demo_wpuser", "wpdb-Passord-19"), "the old database password still works");
    for (login, old) in [("admin", "Shop-Admin-2024!"), ("anna", "Anna-Blogg-2025")] {
        assert!(!sim.wp_login("demo-shop.example", login, old), "{login}'s old WordPress password still logs in");
    }
    for (key, old) in [("cpanel:demo", sim.password()), ("email:info@demo-shop.example", "Sommer2024!info".into())] {
        let (service, user) = key.split_once(':').unwrap();
        assert!(!sim.check_login(service, user, &old), "{key}: the old password still works");
    }
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
        "wp_users_changed",
        "attested",
        "reopen",
    ] {
        assert!(log.contains(&format!("\"event\":\"{event}\",\"result\":\"ok\"")), "{event} is not in the audit log");
    }
    let (code, out, _) = sim.admin(&["audit", "verify", "demo"]);
    assert_eq!(code, 0);
    assert!(out.contains("chain intact"));
}
