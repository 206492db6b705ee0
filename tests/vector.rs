//! The attack vector (issue 15): the technician names the plugin or theme the attacker came in
//! through, the page asks the customer to update or remove it, and root checks the files itself
//! before a reopen. Driven with the admin CLI and the customer's page through the simulator.

use std::path::PathBuf;

use serde_json::json;

use crate::harness::*;

const OTHER_PASSWORD: &str = "Annen-Konto-Passord-2026";
/// The item's title on "other"'s (Norwegian) page.
const TITLE_NB: &str = "Oppdater eller fjern utvidelsen eller temaet angriperen kom inn gjennom";

fn other_home(sim: &Sim) -> PathBuf {
    sim.state_dir().join("home/other")
}

fn other_incident(sim: &Sim) -> serde_json::Value {
    let p = sim.root().join("var/cpanel/secure_reopen/incidents/other.json");
    serde_json::from_slice(&std::fs::read(p).expect("incident record")).expect("incident JSON")
}

fn plugin_file(sim: &Sim) -> PathBuf {
    other_home(sim).join("public_html/wp-content/plugins/contact-form/contact-form.php")
}

/// A plugin's main file as WordPress ships it, at `version`.
fn install_plugin(sim: &Sim, version: &str) {
    let f = plugin_file(sim);
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    std::fs::write(
        &f,
        format!("<?php\n/**\n * Plugin Name: Contact Form\n * Version: {version}\n * Requires PHP: 7.4\n */\n"),
    )
    .unwrap();
}

/// "other" gets a case naming contact-form below 5.3.2, released; every other item is turned
/// off in the host's policy so this item alone decides the reopen.
fn open_case(sim: &Sim) -> Browser {
    let off: serde_json::Map<String, serde_json::Value> = [
        "credentials_rotated",
        "folder_restored",
        "persistence_reviewed",
        "tokens_keys_reviewed",
        "php_supported",
        "no_world_writable",
        "wordpress_hardened",
        "two_factor",
        "attest_computer_scanned",
        "attest_password_manager",
        "attest_guidance_read",
    ]
    .into_iter()
    .map(|i| (i.to_owned(), json!("off")))
    .collect();
    let p = sim.root().join("var/cpanel/secure_reopen/policy.json");
    std::fs::write(p, json!({ "items": off }).to_string()).unwrap();
    for args in [
        &[
            "incident",
            "open",
            "other",
            "--attack-time",
            "2026-11-01T00:00:00Z",
            "--vulnerable",
            "wordpress-plugin:contact-form:5.3.2",
            "--no-suspend",
        ][..],
        &["incident", "release", "other"],
    ] {
        let (code, _, err) = sim.admin(args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    sim.browser_as("other", OTHER_PASSWORD)
}

/// Presses "reopen" with the release the page shows.
fn reopen(b: &Browser) -> Page {
    let page = b.plugin();
    let i = page.body.find("name=\"release\" value=\"").expect("the reopen form") + 22;
    let release = page.body[i..].split('"').next().unwrap().to_owned();
    b.post(&[("csrf", &page.csrf()), ("action", "reopen"), ("release", &release)])
}

#[test]
fn the_technician_names_the_vulnerable_software_and_a_wrong_name_writes_nothing() {
    let sim = Sim::start();
    for bad in [
        "wordpress-plugin:Contact-Form:5.3.2",
        "wordpress-plugin:../../etc:5",
        "wordpress-plugin:contact-form:5.3-beta",
        "joomla:contact-form:5",
        "wordpress-plugin:contact-form",
    ] {
        let (code, _, err) = sim.admin(&["incident", "open", "other", "--vulnerable", bad, "--no-suspend"]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("--vulnerable"), "{bad}: {err}");
        assert!(!sim.root().join("var/cpanel/secure_reopen/incidents/other.json").exists(), "{bad}");
    }
    let (code, _, err) = sim.admin(&[
        "incident",
        "open",
        "other",
        "--vulnerable",
        "wordpress-plugin:contact-form:5.3.2",
        "--vulnerable",
        "wordpress-theme:shop:2.0",
        "--no-suspend",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        other_incident(&sim)["vulnerable"],
        json!([
            {"kind": "wordpress_plugin", "slug": "contact-form", "fixed": "5.3.2"},
            {"kind": "wordpress_theme", "slug": "shop", "fixed": "2.0"}
        ])
    );
    let (code, out, _) = sim.admin(&["incident", "show", "other"]);
    assert_eq!(code, 0);
    assert!(out.contains("vulnerable:    wordpress-plugin:contact-form below 5.3.2"), "{out}");
    assert!(out.contains("vulnerable:    wordpress-theme:shop below 2.0"), "{out}");
}

#[test]
fn a_vulnerable_plugin_blocks_the_reopen_until_it_is_updated() {
    let sim = Sim::start();
    install_plugin(&sim, "5.1");
    let b = open_case(&sim);
    let t = b.plugin().text();
    assert!(t.contains(TITLE_NB), "{t}");
    assert!(t.contains("contact-form 5.1 i public_html (oppdater til 5.3.2 eller nyere, eller fjern den)"), "{t}");

    let r = reopen(&b);
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains(TITLE_NB), "{}", r.text());
    assert_eq!(other_incident(&sim)["status"], json!("awaiting_customer"));

    // 5.3 is below 5.3.2 (numbers, part by part): still refused.
    install_plugin(&sim, "5.3");
    assert_eq!(reopen(&b).status, 409);
    // The update writes the fixed version (5.10 > 5.3.2 as numbers, not as text).
    install_plugin(&sim, "5.10");
    assert_eq!(b.submit(&[("action", "check_files")]).status, 303);
    assert!(!b.plugin().text().contains("contact-form 5."), "the item is done");
    let r = reopen(&b);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(other_incident(&sim)["status"], json!("reopened"));
}

#[test]
fn removing_the_plugin_folder_also_lets_the_site_reopen() {
    let sim = Sim::start();
    install_plugin(&sim, "5.1");
    let b = open_case(&sim);
    assert_eq!(reopen(&b).status, 409);
    std::fs::remove_dir_all(plugin_file(&sim).parent().unwrap()).unwrap();
    let r = reopen(&b);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(other_incident(&sim)["status"], json!("reopened"));
}

#[test]
fn a_forged_site_check_record_does_not_make_root_reopen() {
    let sim = Sim::start();
    install_plugin(&sim, "5.1");
    let b = open_case(&sim);
    assert!(b.plugin().text().contains("contact-form 5.1"));
    // The customer side writes the page's saved walk: claim the update happened.
    let record = other_home(&sim).join(".secure_reopen/site_check.json");
    let text = std::fs::read_to_string(&record).unwrap();
    assert!(text.contains("\"5.1\""), "{text}");
    std::fs::write(&record, text.replace("\"5.1\"", "\"9.9\"")).unwrap();
    assert!(!b.plugin().text().contains("contact-form 5.1"), "the page believes its own record");
    // Root walks the files itself.
    let r = reopen(&b);
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains(TITLE_NB));
    assert_eq!(other_incident(&sim)["status"], json!("awaiting_customer"));
}

#[test]
fn a_symlinked_plugin_folder_is_not_followed_and_blocks_the_reopen() {
    let sim = Sim::start();
    // The "updated" copy lives elsewhere in the home; the plugin folder is a link to it.
    let elsewhere = other_home(&sim).join("plugin-copy");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("contact-form.php"), "<?php\n/* Plugin Name: Contact Form\nVersion: 9.9 */\n")
        .unwrap();
    let plugins = other_home(&sim).join("public_html/wp-content/plugins");
    std::fs::create_dir_all(&plugins).unwrap();
    std::os::unix::fs::symlink("../../../plugin-copy", plugins.join("contact-form")).unwrap();
    let b = open_case(&sim);
    let t = b.plugin().text();
    assert!(t.contains("contact-form i public_html er en lenke til en annen mappe, som vi ikke følger"), "{t}");
    let r = reopen(&b);
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(other_incident(&sim)["status"], json!("awaiting_customer"));
    // A real folder at the fixed version is accepted.
    std::fs::remove_file(plugins.join("contact-form")).unwrap();
    install_plugin(&sim, "5.3.2");
    let r = reopen(&b);
    assert_eq!(r.status, 303, "{}", r.text());
}

#[test]
fn a_case_that_names_no_software_has_no_such_item() {
    let sim = Sim::start();
    let t = sim.browser().plugin().text();
    assert!(!t.contains("Update or remove the plugin or theme"), "{t}");
}
