//! Cost that stays flat as accounts grow (issue 14): a page view does not walk the website's
//! folders; the customer's "Check my files again" and every step that changes files do, and the
//! page shows the saved check. Root's reopen check walks itself and never trusts that record.

use std::os::unix::fs::PermissionsExt;

use serde_json::{Value, json};

use crate::harness::*;
use crate::reopen::make_everything_pass;

const WORLD_WRITABLE: &str = "No files that anyone can change";

fn saved_check(sim: &Sim) -> Value {
    let p = sim.home().join(".secure_reopen/site_check.json");
    serde_json::from_slice(&std::fs::read(p).expect("the saved check exists")).expect("saved check JSON")
}

fn release(sim: &Sim) -> String {
    let r = sim.incident()["released_at"].as_str().unwrap().to_owned();
    time::OffsetDateTime::parse(&r, &time::format_description::well_known::Rfc3339)
        .unwrap()
        .unix_timestamp()
        .to_string()
}

#[test]
fn a_view_shows_the_saved_check_of_the_files_until_the_customer_checks_again() {
    let sim = Sim::start();
    let b = sim.browser();
    // The first view of the case has no saved check: it walks once, so the page is never blank.
    let first = b.plugin().text();
    assert!(first.contains("Your website's files were checked at"), "{first}");
    assert!(first.contains("Check my files again"));
    let at = saved_check(&sim)["at"].clone();
    assert_eq!(saved_check(&sim)["site"]["files"]["world_writable"], json!(0));

    // The customer makes a file world-writable by FTP: a plain view does not walk again…
    let f = sim.home().join("public_html/index.php");
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o666)).unwrap();
    let again = b.plugin().text();
    assert!(!again.contains("1 found, for example: public_html/index.php"), "{again}");
    assert_eq!(saved_check(&sim)["at"], at, "a view rewrote the saved check");

    // …"Check my files again" does (a POST with the CSRF token, answered 303).
    let forged = b.post(&[("csrf", "AAAA"), ("action", "check_files")]);
    assert_eq!(forged.status, 403);
    assert_eq!(saved_check(&sim)["at"], at);
    let r = b.submit(&[("action", "check_files")]);
    assert_eq!(r.status, 303);
    assert!(r.header("location").unwrap().ends_with("index.live.cgi?notice=saved"));
    assert_ne!(saved_check(&sim)["at"], at);
    assert_eq!(saved_check(&sim)["site"]["files"]["world_writable"], json!(1));
    let after = b.plugin().text();
    assert!(after.contains("1 found, for example: public_html/index.php"), "{after}");
    // Reading the page is not an event; asking for a check is not one root must know either.
    assert!(!sim.audit_log().contains("check_files"));
}

#[test]
fn a_damaged_or_linked_saved_check_is_walked_again_and_the_page_says_so() {
    let sim = Sim::start();
    let b = sim.browser();
    let _ = b.plugin();
    let p = sim.home().join(".secure_reopen/site_check.json");
    std::fs::write(&p, b"{\"version\":1,\"case\":").unwrap();
    let t = b.plugin().text();
    assert!(t.contains("could not be read, so your files were checked again just now"), "{t}");
    assert_eq!(saved_check(&sim)["version"], json!(1));
    // Replaced by a good record: the next view reads it quietly.
    assert!(!b.plugin().text().contains("could not be read"));

    // A link in its place is not followed (it could point at any file the customer can read).
    std::fs::remove_file(&p).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", &p).unwrap();
    let t = b.plugin().text();
    assert!(t.contains("could not be read"), "{t}");
    assert!(!std::fs::symlink_metadata(&p).unwrap().file_type().is_symlink());
}

#[test]
fn a_forged_saved_check_does_not_pass_roots_reopen_check() {
    let sim = Sim::start();
    let b = sim.browser();
    make_everything_pass(&sim, &b);
    let f = sim.home().join("public_html/index.php");
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o666)).unwrap();
    assert_eq!(b.submit(&[("action", "check_files")]).status, 303);
    let t = b.plugin().text();
    assert!(t.contains("1 found, for example: public_html/index.php"), "{t}");
    assert!(!t.contains("Every required step is done"));

    // The customer (or an attacker with their FTP password) rewrites the saved check to say the
    // files are fine: the page believes it — it is only the page's convenience…
    let p = sim.home().join(".secure_reopen/site_check.json");
    let mut forged = saved_check(&sim);
    forged["site"]["files"]["world_writable"] = json!(0);
    forged["site"]["files"]["world_writable_examples"] = json!([]);
    std::fs::write(&p, forged.to_string()).unwrap();
    assert!(b.plugin().text().contains("Every required step is done"));

    // …but root walks the files itself and refuses; the page then shows what root saw.
    let r = b.submit(&[("action", "reopen"), ("release", &release(&sim))]);
    assert_eq!(r.status, 409);
    let t = r.text();
    assert!(t.contains("Your website was not reopened"), "{t}");
    assert!(t.contains(WORLD_WRITABLE));
    assert!(t.contains("1 found, for example: public_html/index.php"), "the page still shows the forged check: {t}");
    assert_eq!(sim.incident()["status"], json!("awaiting_customer"));
    assert_eq!(sim.site_status("demo-shop.example"), 503);
    assert_eq!(saved_check(&sim)["site"]["files"]["world_writable"], json!(1));

    // Fixed and checked again, the same gate opens.
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(b.submit(&[("action", "check_files")]).status, 303);
    assert!(b.plugin().text().contains("Every required step is done"));
    assert_eq!(b.submit(&[("action", "reopen"), ("release", &release(&sim))]).status, 303);
    assert_eq!(sim.incident()["status"], json!("reopened"));
}

#[test]
fn removing_a_backdoor_checks_the_files_again() {
    let sim = Sim::start();
    let b = sim.browser();
    let page = b.get(&format!("{}?view=sweep", b.plugin_url()));
    assert_eq!(page.status, 200);
    let before = saved_check(&sim);
    let files: Vec<&Value> = before["site"]["sweep"].as_array().unwrap().iter().collect();
    let backdoor = files.first().expect("the demo's sweep finds a file");
    let id = backdoor["id"].as_str().unwrap().to_owned();
    let path = backdoor["subject"]["File"]["path"].as_str().expect("a file finding").to_owned();
    let r = b.submit(&[("action", "remove_finding"), ("id", &id)]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(!sim.home().join(&path).exists());
    let after = saved_check(&sim);
    assert_ne!(after["at"], before["at"]);
    assert!(after["site"]["sweep"].as_array().unwrap().iter().all(|f| f["id"] != json!(id)));
    // The finding is no longer offered (the page keeps only a "removed" line for it).
    let t = b.get(&format!("{}?view=sweep", b.plugin_url())).body;
    assert!(!t.contains(&format!("value=\"{id}\"")), "{t}");
}
