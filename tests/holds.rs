//! The holds of a released case, as cPanel's files and Apache see them: every website (also a
//! domain added during the hold), mail, FTP and Web Disk stay closed until the reopen and are
//! open afterwards; the customer previews their own site from their cPanel login's address;
//! a partial lift never opens the website; a lost hold record is rebuilt from what root sees.

use std::net::Ipv4Addr;

use serde_json::json;

use crate::harness::*;

/// The customer's browser (the harness logs in from 127.0.0.1).
const CUSTOMER: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 1);
/// Anybody else on the internet.
const VISITOR: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);
const SITES: [&str; 3] = ["demo-shop.example", "demo-blog.example", "new-shop.example"];

fn webdav_shadow(sim: &Sim) -> String {
    std::fs::read_to_string(sim.home().join("etc/webdav/shadow")).unwrap()
}

fn include(sim: &Sim) -> String {
    std::fs::read_to_string(sim.root().join("etc/apache2/conf.d/userdata/ssl/2_4/demo/secure_reopen_hold.conf"))
        .unwrap()
}

/// The stolen passwords of the scenario.
fn logins_work(sim: &Sim) -> [bool; 3] {
    [
        sim.check_login("ftp", "backup@demo-shop.example", "backup-ftp-2023"),
        sim.check_login("email", "info@demo-shop.example", "Sommer2024!info"),
        sim.check_login("webdisk", "files@demo-shop.example", "webdisk-Pass-21"),
    ]
}

/// Only what this test is about decides the reopen: later steps off, the confirmations made.
fn pass_the_checklist(sim: &Sim, b: &Browser) {
    std::fs::write(
        sim.root().join("var/cpanel/secure_reopen/policy.json"),
        json!({"items": {"credentials_rotated": "off", "folder_restored": "off", "persistence_reviewed": "off",
                         "wordpress_hardened": "off", "tokens_keys_reviewed": "off"}, "php_minimum": "7.4"})
        .to_string(),
    )
    .unwrap();
    for item in ["attest_computer_scanned", "attest_password_manager", "attest_guidance_read"] {
        assert_eq!(b.submit(&[("action", "attest"), ("item", item)]).status, 303, "{item}");
    }
}

#[test]
fn everything_stays_closed_until_the_reopen_and_the_owner_alone_previews_the_site() {
    let sim = Sim::start();
    // Released: Web Disk is locked with `!` in cpdavd's file (fields 1 and 8), which
    // unsuspendacct (it strips only `*LOCKED*`) left in place.
    let shadow = webdav_shadow(&sim);
    let line = shadow.lines().find(|l| l.starts_with("files@demo-shop.example:")).unwrap();
    let f: Vec<&str> = line.split(':').collect();
    assert!(f[1].starts_with("!$sim$") && !f[1].contains("LOCKED"), "{line}");
    assert_eq!(logins_work(&sim), [false; 3]);
    // ProFTPD's passwd.vhosts was rebuilt after the FTP entries were locked.
    let ftpupdate = || std::fs::read_to_string(sim.root().join("var/log/ftpupdate.log")).unwrap_or_default();
    assert_eq!(ftpupdate().matches("ftpupdate --user=demo").count(), 1, "{}", ftpupdate());
    // A domain added during the hold is closed too (the include is per user, not per domain).
    sim.add_domain("demo", "new-shop.example");
    for site in SITES {
        assert_eq!(sim.site_status_from(CUSTOMER, site), 503, "{site}");
        assert_eq!(sim.site_status_from(VISITOR, site), 503, "{site}");
    }
    // The owner opens the page: their address (cpsrvd's, not one they name) may see the site.
    let b = sim.browser();
    assert_eq!(b.plugin().status, 200);
    assert!(include(&sim).contains("RewriteCond %{REMOTE_ADDR} !=127.0.0.1"), "{}", include(&sim));
    for site in SITES {
        assert_eq!(sim.site_status_from(CUSTOMER, site), 200, "{site}");
        assert_eq!(sim.site_status_from(VISITOR, site), 503, "{site}: nobody else gets through");
    }
    assert!(sim.audit_log().contains("\"event\":\"preview_allowed\""));
    // A second view changes nothing (no Apache rebuild per page view).
    let before =
        std::fs::metadata(sim.root().join("var/cpanel/secure_reopen/holds/demo.json")).unwrap().modified().unwrap();
    assert_eq!(b.plugin().status, 200);
    let after =
        std::fs::metadata(sim.root().join("var/cpanel/secure_reopen/holds/demo.json")).unwrap().modified().unwrap();
    assert_eq!(before, after);
    assert_eq!(logins_work(&sim), [false; 3], "the preview opens the website only");

    pass_the_checklist(&sim, &b);
    let page = b.plugin();
    let i = page.body.find("name=\"release\" value=\"").unwrap() + 22;
    let release = page.body[i..].split('"').next().unwrap().to_owned();
    let r = b.post(&[("csrf", &page.csrf()), ("action", "reopen"), ("release", &release)]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(sim.incident()["status"], json!("reopened"));
    for site in SITES {
        assert_eq!(sim.site_status_from(VISITOR, site), 200, "{site} is open for everyone");
    }
    assert_eq!(logins_work(&sim), [true; 3], "exactly undone: the untouched logins work as before");
    assert_eq!(ftpupdate().matches("ftpupdate --user=demo").count(), 2, "and again after the unlock");
    assert_eq!(webdav_shadow(&sim), shadow.replace(":!$sim$", ":$sim$").replace("::::::!", "::::::"));
    assert!(!sim.root().join("var/cpanel/secure_reopen/holds/demo.json").exists());
}

#[test]
fn a_web_disk_password_set_during_the_hold_works_and_is_kept_at_the_lift() {
    let sim = Sim::start();
    let v = sim.uapi(
        "WebDisk",
        "set_password",
        &[("user", "files@demo-shop.example"), ("password", "Kv8-Orbit-Lime-2026!q"), ("enabledigest", "0")],
    );
    assert_eq!(v["result"]["status"], json!(1), "{v}");
    assert!(sim.check_login("webdisk", "files@demo-shop.example", "Kv8-Orbit-Lime-2026!q"));
    let (code, _, err) = sim.admin(&["incident", "reopen", "demo", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(sim.check_login("webdisk", "files@demo-shop.example", "Kv8-Orbit-Lime-2026!q"));
    assert!(!sim.check_login("webdisk", "files@demo-shop.example", "webdisk-Pass-21"));
}

#[test]
fn a_lift_that_cannot_reopen_a_login_leaves_the_website_closed_and_can_be_retried() {
    let sim = Sim::start();
    // cPanel fails the first call of the lift (a mailbox's unsuspend_login).
    sim.set_faults(json!({"fail_nth": 1}));
    let (code, _, err) = sim.admin(&["incident", "reopen", "demo", "--force"]);
    assert_eq!(code, 1);
    assert!(err.contains("website stays closed"), "{err}");
    assert_eq!(sim.incident()["status"], json!("awaiting_customer"));
    for site in SITES.iter().take(2) {
        assert_eq!(sim.site_status_from(VISITOR, site), 503, "{site}");
    }
    // The record keeps only what is still held: that mailbox and the website.
    let rec: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sim.root().join("var/cpanel/secure_reopen/holds/demo.json")).unwrap())
            .unwrap();
    assert_eq!(rec["mail_logins_suspended"].as_array().unwrap().len(), 1, "{rec}");
    assert_eq!(rec["ftp_locked"], json!([]));
    assert_eq!(rec["webdisk_locked"], json!([]));
    assert_eq!(rec["apache_includes"].as_array().unwrap().len(), 2);
    // cPanel answers again; the retry finishes the lift.
    sim.set_faults(json!({}));
    let (code, _, err) = sim.admin(&["incident", "reopen", "demo", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(logins_work(&sim), [true; 3]);
    assert_eq!(sim.site_status_from(VISITOR, "demo-shop.example"), 200);
    let state = sim.state();
    for m in state["accounts"]["demo"]["mailboxes"].as_array().unwrap() {
        assert_eq!(m["suspended_login"], json!(false), "{}", m["email"]);
    }
}

#[test]
fn a_missing_or_damaged_hold_record_is_rebuilt_from_what_root_sees() {
    for damage in ["missing", "damaged"] {
        let sim = Sim::start();
        let record = sim.root().join("var/cpanel/secure_reopen/holds/demo.json");
        if damage == "missing" {
            std::fs::remove_file(&record).unwrap();
        } else {
            std::fs::write(&record, "{\"applied_at\": tru").unwrap();
        }
        let (code, _, err) = sim.admin(&["incident", "reopen", "demo", "--force"]);
        assert_eq!(code, 0, "{damage}: {err}");
        assert_eq!(logins_work(&sim), [true; 3], "{damage}");
        assert_eq!(sim.site_status_from(VISITOR, "demo-shop.example"), 200, "{damage}");
        assert!(!sim.root().join("etc/apache2/conf.d/userdata/std/2_4/demo/secure_reopen_hold.conf").exists());
        let kept: Vec<_> = std::fs::read_dir(sim.root().join("var/cpanel/secure_reopen/holds"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("damaged"))
            .collect();
        assert_eq!(kept.len(), usize::from(damage == "damaged"), "a damaged record is kept aside");
    }
}

#[test]
fn a_mailbox_suspended_before_the_hold_stays_suspended_when_the_hold_record_is_lost() {
    let sim = Sim::start();
    let (code, _, err) = sim.admin(&["incident", "reopen", "demo", "--force"]);
    assert_eq!(code, 0, "{err}");
    // Between two cases the host suspends one mailbox's login (it sent spam).
    sim.uapi("Email", "suspend_login", &[("email", "post@demo-shop.example")]);
    for args in [&["incident", "open", "demo"][..], &["incident", "release", "demo"]] {
        let (code, _, err) = sim.admin(args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    assert_eq!(logins_work(&sim), [false; 3], "the second case holds the account again");
    std::fs::remove_file(sim.root().join("var/cpanel/secure_reopen/holds/demo.json")).unwrap();
    let (code, _, err) = sim.admin(&["incident", "reopen", "demo", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(logins_work(&sim), [true; 3], "what the hold closed is open again");
    let state = sim.state();
    for m in state["accounts"]["demo"]["mailboxes"].as_array().unwrap() {
        let host_suspended = m["email"] == json!("post@demo-shop.example");
        assert_eq!(m["suspended_login"], json!(host_suspended), "{}", m["email"]);
    }
    let log = sim.audit_log();
    assert!(log.contains("\"mail_logins_suspended\"") && log.contains("\"mail_logins_unsuspended\""), "{log}");
}

#[test]
fn a_suspension_whose_answer_could_not_be_read_is_checked_and_lifted_at_the_reopen() {
    let sim = Sim::start();
    let (code, _, err) = sim.admin(&["incident", "reopen", "demo", "--force"]);
    assert_eq!(code, 0, "{err}");
    // The second case's hold suspends the mail logins; they are suspended, but cPanel's answer
    // arrives cut off (a lost answer is the same to the hold, after a longer wait).
    sim.set_faults(json!({"function": "Email::suspend_login", "malformed_nth": 1}));
    let (code, _, err) = sim.admin(&["incident", "open", "demo"]);
    assert_eq!(code, 0, "the hold checked what happened: {err}");
    sim.set_faults(json!({}));
    let rec: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sim.root().join("var/cpanel/secure_reopen/holds/demo.json")).unwrap())
            .unwrap();
    let mailboxes = sim.state()["accounts"]["demo"]["mailboxes"].as_array().unwrap().len();
    assert_eq!(rec["mail_logins_suspended"].as_array().unwrap().len(), mailboxes, "{rec}");
    for args in [&["incident", "release", "demo"][..], &["incident", "reopen", "demo", "--force"]] {
        let (code, _, err) = sim.admin(args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    for m in sim.state()["accounts"]["demo"]["mailboxes"].as_array().unwrap() {
        assert_eq!(m["suspended_login"], json!(false), "{}", m["email"]);
    }
}

#[test]
fn the_hold_waits_for_cpanels_lock_on_the_ftp_file_and_passes_a_lock_in_the_customers_home() {
    let sim = Sim::start();
    let (code, _, err) = sim.admin(&["incident", "reopen", "demo", "--force"]);
    assert_eq!(code, 0, "{err}");
    // cPanel is changing demo's FTP accounts (a live process holds `Cpanel::SafeFile`'s lock),
    // and something in the customer's home holds the Web Disk file's lock and never lets go.
    let mut cpanel = std::process::Command::new("sleep").arg("60").spawn().unwrap();
    let ftp_lock = sim.root().join("etc/proftpd/demo.lock");
    std::fs::write(&ftp_lock, format!("{}\n/usr/local/cpanel/bin/ftpadmin\n", cpanel.id())).unwrap();
    let webdav_lock = sim.home().join("etc/webdav/shadow.lock");
    std::fs::write(&webdav_lock, format!("{}\nattacker\n", cpanel.id())).unwrap();
    std::thread::scope(|s| {
        let open = s.spawn(|| sim.admin(&["incident", "open", "demo"]));
        std::thread::sleep(std::time::Duration::from_secs(2));
        assert!(!open.is_finished(), "the hold waits for cPanel");
        assert!(sim.check_login("ftp", "backup@demo-shop.example", "backup-ftp-2023"), "FTP untouched while locked");
        // cPanel finishes and unlocks.
        std::fs::remove_file(&ftp_lock).unwrap();
        let (code, _, err) = open.join().unwrap();
        assert_eq!(code, 0, "{err}");
    });
    cpanel.kill().unwrap();
    cpanel.wait().unwrap();
    assert_eq!(logins_work(&sim), [false; 3], "FTP, mail and Web Disk are held");
    assert!(!ftp_lock.exists(), "the hold's own lock is gone");
    assert!(webdav_lock.exists(), "a lock in the customer's home is passed, not taken or removed");
}

#[test]
fn root_never_writes_through_a_web_disk_file_swapped_for_a_link() {
    let sim = Sim::start();
    // The attacker (with the customer's files) points cpdavd's password file at a file root
    // would otherwise rewrite for them.
    let victim = sim.dir.path().join("victim");
    std::fs::write(&victim, "files@demo-shop.example:$sim$x:20400::::::\n").unwrap();
    let shadow = sim.home().join("etc/webdav/shadow");
    std::fs::remove_file(&shadow).unwrap();
    std::os::unix::fs::symlink(&victim, &shadow).unwrap();
    // The technician holds the account again (investigate: holds, then suspendacct).
    let (code, _, err) = sim.admin(&["incident", "investigate", "demo"]);
    assert_eq!(code, 1, "the hold says what it could not do");
    assert!(err.contains("webdav/shadow") && err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "files@demo-shop.example:$sim$x:20400::::::\n");
}

/// The helper as cPanel's AdminBin runs it for `SecureReopen::preview` (the module passes
/// cpsrvd's `REMOTE_ADDR` as `remote`).
fn preview_from(sim: &Sim, remote: &str) -> serde_json::Value {
    use std::io::Write;
    let mut child = std::process::Command::new(PLUGIN)
        .args(["helper", "--caller", "demo", "preview"])
        .env("SECURE_REOPEN_ROOT", sim.root())
        .env("CPANEL_SIM_URL", sim.url())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(json!({"remote": remote}).to_string().as_bytes()).unwrap();
    serde_json::from_slice(&child.wait_with_output().unwrap().stdout).unwrap()
}

#[test]
fn the_preview_address_is_checked_replaced_on_change_and_rate_limited() {
    let sim = Sim::start();
    for bad in ["0.0.0.0", "224.0.0.1", "169.254.1.1", "::", "127.0.0.5 ; reload", "2001:db8::1/64", "example.com"] {
        let v = preview_from(&sim, bad);
        assert_eq!(v["status"], json!(0), "{bad}: {v}");
    }
    assert!(!include(&sim).contains("REMOTE_ADDR"), "nothing was let through");
    assert_eq!(preview_from(&sim, "127.0.0.3")["data"]["preview"], json!("set"));
    assert_eq!(sim.site_status_from(Ipv4Addr::new(127, 0, 0, 3), "demo-shop.example"), 200);
    assert_eq!(preview_from(&sim, "127.0.0.3")["data"]["preview"], json!("unchanged"));
    // Another address within the minute: Apache is not rebuilt again yet.
    assert_eq!(preview_from(&sim, "127.0.0.4")["data"]["preview"], json!("too_soon"));
    assert_eq!(sim.site_status_from(Ipv4Addr::new(127, 0, 0, 4), "demo-shop.example"), 503);
    // A minute later the new address replaces the old one.
    let record = sim.root().join("var/cpanel/secure_reopen/holds/demo.json");
    let mut rec: serde_json::Value = serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
    rec["preview"]["set_at"] = json!("2020-01-01T00:00:00Z");
    std::fs::write(&record, rec.to_string()).unwrap();
    assert_eq!(preview_from(&sim, "127.0.0.4")["data"]["preview"], json!("set"));
    assert_eq!(sim.site_status_from(Ipv4Addr::new(127, 0, 0, 4), "demo-shop.example"), 200);
    assert_eq!(sim.site_status_from(Ipv4Addr::new(127, 0, 0, 3), "demo-shop.example"), 503);
    assert_eq!(sim.site_status_from(VISITOR, "demo-shop.example"), 503);
    // After the reopen there is nothing to preview.
    let (code, _, err) = sim.admin(&["incident", "reopen", "demo", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(preview_from(&sim, "127.0.0.3")["data"]["preview"], json!("not_held"));
}
