//! The customer's page: the incident, the checklist, and the reopen gate, driven through the
//! simulator's cpsrvd-like CGI host exactly as a browser would.

use serde_json::json;

use crate::harness::*;

const TITLE_PASSWORDS: &str = "Set new passwords for everything";

fn policy(sim: &Sim, v: serde_json::Value) {
    let p = sim.root().join("var/cpanel/secure_reopen/policy.json");
    std::fs::write(p, v.to_string()).unwrap();
}

/// Everything this version can check passes: the steps of later versions are turned off in
/// the policy, old PHP is accepted, the token is removed and the SSH key kept with a reason.
pub(crate) fn make_everything_pass(sim: &Sim, b: &Browser) {
    policy(
        sim,
        json!({"items": {"credentials_rotated": "off", "folder_restored": "off", "persistence_reviewed": "off", "wordpress_hardened": "off"},
               "php_minimum": "7.4"}),
    );
    assert_eq!(b.submit(&[("action", "remove_token"), ("name", "deploy")]).status, 303);
    assert_eq!(
        b.submit(&[
            ("action", "keep_ssh_key"),
            ("name", "laptop"),
            ("reason", "my own laptop, key is passphrase-protected")
        ])
        .status,
        303
    );
    for item in ["attest_computer_scanned", "attest_password_manager", "attest_guidance_read"] {
        assert_eq!(b.submit(&[("action", "attest"), ("item", item)]).status, 303, "{item}");
    }
}

#[test]
fn the_page_shows_the_incident_the_warning_and_the_checklist() {
    let sim = Sim::start();
    let b = sim.browser();
    let p = b.plugin();
    assert_eq!(p.status, 200);
    assert_eq!(p.header("cache-control"), Some("no-store"));
    assert!(p.header("content-security-policy").unwrap().contains("default-src 'none'"));
    assert_eq!(p.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(p.header("referrer-policy"), Some("no-referrer"));
    let t = p.text();
    assert!(t.contains("Your website was hacked"), "{t}");
    // In the server's time zone, with its name (the test machine's is UTC).
    assert!(t.contains("approximately 18 November 2026, 03:12 UTC"), "{t}");
    assert!(t.contains("An outdated contact-form plugin"));
    assert!(t.contains("Harmful files our scanner removed (2)"));
    assert!(t.contains("most likely be hacked again"));
    assert!(t.contains("1 of 10 required steps done"), "{t}");
    assert!(t.contains(TITLE_PASSWORDS));
    assert!(t.contains("API tokens made before the clean-up: deploy."));
    assert!(t.contains("Old PHP on: demo-shop.example (ea-php74)."));
    // A view is not an event: reading the page neither audits nor asks root (issue 14).
    let before = sim.audit_log();
    let _ = b.plugin();
    assert_eq!(sim.audit_log(), before);
    assert!(!before.contains("\"event\":\"page_view\""));
}

#[test]
fn a_post_without_a_valid_csrf_token_changes_nothing() {
    let sim = Sim::start();
    let b = sim.browser();
    let missing = b.post(&[("action", "attest"), ("item", "attest_computer_scanned")]);
    assert_eq!(missing.status, 403);
    assert!(missing.text().contains("Nothing was changed"));
    let forged = b.post(&[("csrf", "AAAA"), ("action", "attest"), ("item", "attest_computer_scanned")]);
    assert_eq!(forged.status, 403);
    // A token from another session does not validate either.
    let other_session = sim.browser();
    let token = other_session.plugin().csrf();
    assert_eq!(b.post(&[("csrf", &token), ("action", "attest"), ("item", "attest_computer_scanned")]).status, 403);
    assert!(!sim.home().join(".secure_reopen/progress.json").exists());
    assert!(!sim.audit_log().contains("\"event\":\"attested\""));
}

#[test]
fn an_attestation_is_saved_audited_and_survives_a_new_session() {
    let sim = Sim::start();
    let b = sim.browser();
    let r = b.submit(&[("action", "attest"), ("item", "attest_computer_scanned")]);
    assert_eq!(r.status, 303);
    assert!(r.header("location").unwrap().ends_with("index.live.cgi?notice=saved"));
    let again = sim.browser().plugin().text();
    assert!(again.contains("2 of 10 required steps done"), "{again}");
    assert!(sim.audit_log().contains("\"event\":\"attested\""));
    assert!(sim.audit_log().contains("attest_computer_scanned"));
    // An item that is not an attestation cannot be "confirmed".
    let bad = b.submit(&[("action", "attest"), ("item", "credentials_rotated")]);
    assert_eq!(bad.status, 400);
}

#[test]
fn an_unknown_form_action_is_a_clear_400_and_changes_nothing() {
    let sim = Sim::start();
    let b = sim.browser();
    // The first view lets the customer's address preview the held site (root audits that).
    assert_eq!(b.plugin().status, 200);
    let before = sim.audit_log();
    for action in ["", "nope", "attest ", "ATTEST", "plan_download"] {
        let r = b.submit(&[("action", action), ("item", "attest_computer_scanned")]);
        assert_eq!(r.status, 400, "{action:?}");
        assert!(r.text().contains("The request could not be understood."), "{action:?}: {}", r.text());
    }
    assert!(!sim.home().join(".secure_reopen/progress.json").exists());
    assert_eq!(sim.audit_log(), before);
}

#[test]
fn reopen_is_refused_while_steps_are_missing_and_the_page_names_them() {
    let sim = Sim::start();
    let b = sim.browser();
    let release = sim.incident()["released_at"].as_str().unwrap().to_owned();
    let ts =
        time::OffsetDateTime::parse(&release, &time::format_description::well_known::Rfc3339).unwrap().unix_timestamp();
    let r = b.submit(&[("action", "reopen"), ("release", &ts.to_string())]);
    assert_eq!(r.status, 409);
    let t = r.text();
    assert!(t.contains("Your website was not reopened"), "{t}");
    assert!(t.contains(TITLE_PASSWORDS));
    assert_eq!(sim.incident()["status"], json!("awaiting_customer"));
    assert_eq!(sim.site_status("demo-shop.example"), 503);
    assert!(sim.audit_log().contains("\"event\":\"reopen\",\"result\":\"refused\""));
}

#[test]
fn each_required_item_blocks_the_reopen_in_turn() {
    let sim = Sim::start();
    let b = sim.browser();
    make_everything_pass(&sim, &b);
    assert!(b.plugin().text().contains("Every required step is done"));
    let base = json!({"credentials_rotated": "off", "folder_restored": "off", "persistence_reviewed": "off", "wordpress_hardened": "off"});
    let release = || {
        let r = sim.incident()["released_at"].as_str().unwrap().to_owned();
        time::OffsetDateTime::parse(&r, &time::format_description::well_known::Rfc3339)
            .unwrap()
            .unix_timestamp()
            .to_string()
    };
    let cases: Vec<(&str, serde_json::Value, &str)> = vec![
        ("old PHP", json!({"items": base, "php_minimum": "8.4"}), "Use a supported PHP version"),
        (
            "2FA required",
            json!({"items": {"two_factor": "required", "credentials_rotated": "off", "folder_restored": "off", "persistence_reviewed": "off", "wordpress_hardened": "off"}, "php_minimum": "7.4"}),
            "Turn on two-factor authentication",
        ),
        (
            "WordPress",
            json!({"items": {"credentials_rotated": "off", "folder_restored": "off", "persistence_reviewed": "off"}, "php_minimum": "7.4"}),
            "Harden WordPress",
        ),
        (
            "passwords",
            json!({"items": {"folder_restored": "off", "persistence_reviewed": "off", "wordpress_hardened": "off"}, "php_minimum": "7.4"}),
            TITLE_PASSWORDS,
        ),
        (
            "host's own attestation",
            json!({"items": base, "php_minimum": "7.4", "extra_attestations": [{"id": "x_offsite_backup", "severity": "required",
            "title": {"en": "I keep a backup outside this server", "nb": "Jeg har en sikkerhetskopi utenfor serveren"},
            "why": {"en": "If the server is lost, so are backups on it.", "nb": "Mister vi serveren, mister vi kopiene på den."}}]}),
            "I keep a backup outside this server",
        ),
    ];
    for (what, p, title) in cases {
        policy(&sim, p);
        let r = b.submit(&[("action", "reopen"), ("release", &release())]);
        assert_eq!(r.status, 409, "{what}: expected a refusal");
        assert!(r.text().contains(title), "{what}: the refusal does not name {title:?}");
        assert_eq!(sim.incident()["status"], json!("awaiting_customer"), "{what}");
    }
    // A world-writable file blocks too, and fixing it clears it.
    policy(&sim, json!({"items": base, "php_minimum": "7.4"}));
    let f = sim.home().join("public_html/index.php");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o666)).unwrap();
    let r = b.submit(&[("action", "reopen"), ("release", &release())]);
    assert_eq!(r.status, 409);
    assert!(r.text().contains("No files that anyone can change"));
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
    // The refusal re-checked the files (the page shows what root saw); fixed, they are checked
    // again at the customer's request.
    assert!(!b.plugin().text().contains("Every required step is done"));
    assert_eq!(b.submit(&[("action", "check_files")]).status, 303);
    assert!(b.plugin().text().contains("Every required step is done"));
}

#[test]
fn reopen_lifts_every_hold_exactly_once_and_the_audit_chain_holds() {
    let sim = Sim::start();
    let b = sim.browser();
    make_everything_pass(&sim, &b);
    let page = b.plugin();
    let csrf = page.csrf();
    let i = page.body.find("name=\"release\" value=\"").unwrap() + 22;
    let release = page.body[i..].split('"').next().unwrap().to_owned();

    // While held, FTP logins are locked even with their (stolen) password; one the customer
    // changes during the hold works with the new password.
    assert!(!sim.check_login("ftp", "dev@demo-shop.example", "dev-ftp-2022!!"));
    let v = sim.uapi(
        "Ftp",
        "passwd",
        &[("user", "backup"), ("domain", "demo-shop.example"), ("pass", "Vb7nQ2xLp9Kz4mWs8Rt3")],
    );
    assert_eq!(v["result"]["status"], json!(1), "{v}");
    assert!(sim.check_login("ftp", "backup@demo-shop.example", "Vb7nQ2xLp9Kz4mWs8Rt3"));

    std::fs::write(
        sim.root().join("var/cpanel/secure_reopen/config.json"),
        r#"{"host_email": "abuse@host.example", "from": "secure-reopen@host.example"}"#,
    )
    .unwrap();
    let r = b.post(&[("csrf", &csrf), ("action", "reopen"), ("release", &release)]);
    assert_eq!(r.status, 303, "{}", r.text());
    let mail = std::fs::read_to_string(sim.root().join("var/mail/outbox")).unwrap();
    assert!(mail.contains("To: abuse@host.example") && mail.contains("demo reopened"), "{mail}");
    // Exactly undone: the untouched login is as it was, the changed one keeps its new password.
    assert!(sim.check_login("ftp", "dev@demo-shop.example", "dev-ftp-2022!!"));
    assert!(sim.check_login("ftp", "backup@demo-shop.example", "Vb7nQ2xLp9Kz4mWs8Rt3"));
    assert!(!sim.check_login("ftp", "backup@demo-shop.example", "backup-ftp-2023"));
    assert!(r.header("location").unwrap().ends_with("notice=reopened"));
    assert_eq!(sim.incident()["status"], json!("reopened"));
    assert_eq!(sim.site_status("demo-shop.example"), 200);
    assert_eq!(sim.site_status("demo-blog.example"), 200);
    let state = sim.state();
    for m in state["accounts"]["demo"]["mailboxes"].as_array().unwrap() {
        assert_eq!(m["suspended_login"], json!(false), "{}", m["email"]);
    }
    assert!(!sim.root().join("etc/apache2/conf.d/userdata/std/2_4/demo").exists());
    assert!(b.plugin().text().contains("Your website has been reopened"));

    // The same form submitted again from a second, stale tab does nothing.
    let again = b.post(&[("csrf", &csrf), ("action", "reopen"), ("release", &release)]);
    assert_eq!(again.status, 409);
    assert_eq!(sim.audit_log().matches("\"event\":\"reopen\",\"result\":\"ok\"").count(), 1);

    let (code, out, err) = sim.admin(&["audit", "verify", "demo"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("chain intact"));
}

#[test]
fn an_edited_audit_log_is_caught_at_the_edited_line() {
    let sim = Sim::start();
    let b = sim.browser();
    b.submit(&[("action", "attest"), ("item", "attest_guidance_read")]);
    let path = sim.root().join("var/cpanel/secure_reopen/audit/demo.log");
    let text = std::fs::read_to_string(&path).unwrap().replace("attest_guidance_read", "attest_computer_scanned");
    std::fs::write(&path, text).unwrap();
    let (code, _, err) = sim.admin(&["audit", "verify", "demo"]);
    assert_eq!(code, 1);
    assert!(err.contains("chain broken at line") && err.contains("edited"), "{err}");
}

#[test]
fn no_passwords_or_session_secrets_reach_the_audit_log() {
    let sim = Sim::start();
    let b = sim.browser();
    b.submit(&[("action", "attest"), ("item", "attest_guidance_read")]);
    let log = sim.audit_log();
    assert!(!log.contains(&sim.password()));
    assert!(!log.contains(&b.cookie));
    assert!(!log.contains(&b.token));
}

#[test]
fn norwegian_customers_get_norwegian_pages_and_a_calm_page_without_a_case() {
    let sim = Sim::start();
    let other = sim.browser_as("other", "Annen-Konto-Passord-2026");
    let calm = other.plugin();
    assert!(calm.body.contains("<html lang=\"nb\""));
    assert!(calm.text().contains("Kontoen din har ingen åpen sikkerhetssak"), "{}", calm.text());
    assert!(calm.text().contains("Hold nettstedet ditt trygt"));
    let (code, _, err) =
        sim.admin(&["incident", "open", "other", "--attack-time", "2026-11-01T00:00:00Z", "--no-suspend"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = sim.admin(&["incident", "release", "other"]);
    assert_eq!(code, 0, "{err}");
    let t = other.plugin().text();
    assert!(t.contains("Nettstedet ditt ble hacket"), "{t}");
    assert!(t.contains("påkrevde steg er gjort"));
    assert!(t.contains("Sett nye passord på alt"));
}

fn press_reopen(b: &Browser) -> Page {
    b.send(&b.plugin().form("reopen"), &[])
}

#[test]
fn passwords_then_restore_brings_the_old_database_password_back_and_the_gate_names_the_config() {
    let sim = Sim::start();
    policy(
        &sim,
        json!({"items": {"persistence_reviewed": "off", "tokens_keys_reviewed": "off", "wordpress_hardened": "off"},
               "php_minimum": "7.4"}),
    );
    // The customer's own order: every password first (the site's config gets the new one)…
    let (b, _) = change_all_passwords(&sim, &sim.browser());
    let wp = sim.home().join("public_html/wp-config.php");
    assert!(!std::fs::read_to_string(&wp).unwrap().contains("wpdb-Passord-19"));
    // …then the restore, which puts the backup's wp-config.php (old password) back.
    let r = b.submit(&[("action", "restore_start"), ("folder", "public_html"), ("backup", "weekly/2026-11-15")]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(std::fs::read_to_string(&wp).unwrap().contains("wpdb-Passord-19"));
    for item in ["attest_computer_scanned", "attest_password_manager", "attest_guidance_read"] {
        assert_eq!(b.submit(&[("action", "attest"), ("item", item)]).status, 303);
    }
    // Root logs in with the config's settings for real: refused, naming the file and user.
    let r = press_reopen(&b);
    assert_eq!(r.status, 409, "{}", r.text());
    let t = r.text();
    assert!(
        t.contains("cannot log in to its database with the settings in: public_html/wp-config.php (demo_wpuser)"),
        "{t}"
    );
    assert_eq!(sim.site_status("demo-shop.example"), 503);
    // The plugin's fix: a new password for just that database user, written into the config.
    // The page keeps its progress list and offers "Try the rest again" for what now waits.
    let csrf = b.plugin().csrf();
    let r = b.post(&[("csrf", &csrf), ("action", "plan_new"), ("only", "mysql:demo_wpuser"), ("replace", "yes")]);
    assert_eq!(r.status, 303, "{}", r.text());
    let seed = r
        .header("set-cookie")
        .and_then(|c| c.strip_prefix("secure_reopen_plan="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let cookies = format!("cpsession={}; secure_reopen_plan={seed}", b.cookie);
    let view =
        page(agent().get(&format!("{}?view=passwords", b.plugin_url())).header("Cookie", &cookies).call().unwrap());
    assert!(view.text().contains("1 waiting"), "{}", view.text());
    let fix = page(
        agent()
            .post(&b.plugin_url())
            .header("Cookie", &cookies)
            .send_form([("csrf", csrf.as_str()), ("action", "plan_retry")])
            .unwrap(),
    );
    assert_eq!(fix.status, 303, "{}", fix.text());
    let config = std::fs::read_to_string(&wp).unwrap();
    assert!(!config.contains("wpdb-Passord-19"), "the config has the new password again");
    assert!(!sim.check_login("mysql", "demo_wpuser", "wpdb-Passord-19"));
    // Root no longer names the config (what is left is the demo's stand-in WordPress, whose
    // users the plugin cannot read: the journey with a real WordPress goes on to the reopen).
    let r = press_reopen(&b);
    let t = r.text();
    assert!(!t.contains("cannot log in to the database"), "{t}");
}

#[test]
fn holds_put_in_place_before_the_suspension_survive_suspend_and_unsuspend() {
    let sim = Sim::start();
    let root = sim.root();
    let ftp_file = root.join("etc/proftpd/demo");
    // The demo case was opened (holds, then suspendacct) and released (unsuspendacct only).
    for kind in ["std", "ssl"] {
        assert!(root.join(format!("etc/apache2/conf.d/userdata/{kind}/2_4/demo/secure_reopen_hold.conf")).is_file());
    }
    let held = |sim: &Sim| {
        assert_eq!(sim.site_status("demo-shop.example"), 503);
        assert_eq!(sim.site_status("demo-blog.example"), 503);
        assert!(!sim.check_login("ftp", "backup@demo-shop.example", "backup-ftp-2023"));
        assert!(!sim.check_login("email", "info@demo-shop.example", "Sommer2024!info"));
    };
    held(&sim);
    assert!(std::fs::read_to_string(&ftp_file).unwrap().contains(":!$sim$"), "FTP entries carry the hold's lock");
    // Investigate again: holds (already there), then suspendacct with cPanel's file effects.
    let (code, _, err) = sim.admin(&["incident", "investigate", "demo"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&ftp_file).unwrap(), "# Account suspended\n");
    assert!(root.join("etc/proftpd/demo.suspended").is_file());
    assert!(
        std::fs::read_to_string(sim.home().join("etc/demo-shop.example/shadow")).unwrap().contains(":*LOCKED*!$sim$")
    );
    assert!(std::fs::read_to_string(root.join("etc/shadow")).unwrap().contains("demo:!!$sim$"));
    // Release: unsuspendacct puts back exactly what it saved, the holds' locks included.
    let (code, _, err) = sim.admin(&["incident", "release", "demo"]);
    assert_eq!(code, 0, "{err}");
    assert!(!root.join("etc/proftpd/demo.suspended").exists());
    assert!(std::fs::read_to_string(&ftp_file).unwrap().contains(":!$sim$"));
    held(&sim);
    // The reopen lifts them: every site and login is open again.
    let (code, _, err) = sim.admin(&["incident", "reopen", "demo", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(sim.site_status("demo-shop.example"), 200);
    assert_eq!(sim.site_status("demo-blog.example"), 200);
    assert!(sim.check_login("ftp", "backup@demo-shop.example", "backup-ftp-2023"));
    assert!(sim.check_login("email", "info@demo-shop.example", "Sommer2024!info"));
}

/// Regression: with `define('DISALLOW_FILE_EDIT', false)` in wp-config.php, "do this for me"
/// reported success (hardening saw the constant defined) while the checklist (which counts only
/// `true`) stayed red forever. Hardening now sets it to `true` and checks with the checklist's
/// own reader.
#[test]
fn hardening_a_wp_config_that_says_disallow_file_edit_false_turns_the_item_green() {
    let sim = Sim::start();
    let path = sim.home().join("public_html/wp-config.php");
    let text = std::fs::read_to_string(&path).unwrap();
    let marker = "require_once ABSPATH . 'wp-settings.php';";
    assert!(text.contains(marker) && !text.contains("DISALLOW_FILE_EDIT"), "{text}");
    std::fs::write(&path, text.replace(marker, &format!("define('DISALLOW_FILE_EDIT', false);\n{marker}"))).unwrap();
    let b = sim.browser();
    let item = |state: &str| format!("class=\"item {state}\" aria-labelledby=\"item-wordpress_hardened\"");
    assert!(b.plugin().body.contains(&item("todo")));
    assert_eq!(b.submit(&[("action", "harden_wordpress")]).status, 303);
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("define('DISALLOW_FILE_EDIT', true);"), "{after}");
    assert!(!after.contains("define('DISALLOW_FILE_EDIT', false);"), "{after}");
    let page = b.plugin().body;
    assert!(page.contains(&item("done")), "{page}");
}

/// Each page view asks cPanel each thing once: the overview and the checklist's probes share
/// some calls (domains, mailboxes, FTP accounts), which used to be sent twice.
#[test]
fn the_checklist_page_asks_cpanel_each_thing_once() {
    let sim = Sim::start();
    let b = sim.browser();
    for view in ["", "?view=sweep", "?view=passwords"] {
        sim.set_faults(json!({}));
        let page = b.get(&format!("{}{view}", b.plugin_url()));
        assert_eq!(page.status, 200, "{view}");
        let names = sim.call_names();
        let mut seen = std::collections::HashSet::new();
        let twice: Vec<&String> = names.iter().filter(|n| !seen.insert(*n)).collect();
        assert!(twice.is_empty(), "{view:?} asked twice: {twice:?} (all: {names:?})");
        if view == "?view=sweep" {
            let back = page.link("Back to the checklist").expect("a way back");
            assert!(b.plugin_url().ends_with(&back), "{back}");
        }
        if view.is_empty() {
            for call in
                ["Tokens::list", "DomainInfo::domains_data", "Email::list_pops", "Ftp::list_ftp", "api2 SSH::listkeys"]
            {
                assert!(names.iter().any(|n| n == call), "{call} not asked: {names:?}");
            }
        }
    }
}

/// Hardening that stops at one wp-config.php says which files it already changed, instead of
/// "Nothing was changed".
#[test]
fn a_hardening_that_stops_half_way_says_what_it_changed() {
    let sim = Sim::start();
    let main = sim.home().join("public_html/wp-config.php");
    let text = std::fs::read_to_string(&main).unwrap();
    std::fs::create_dir_all(sim.home().join("public_html/blog")).unwrap();
    std::fs::write(sim.home().join("public_html/blog/wp-config.php"), &text).unwrap();
    let marker = "require_once ABSPATH . 'wp-settings.php';";
    std::fs::write(&main, text.replace(marker, &format!("define('DISALLOW_FILE_EDIT', 'no');\n{marker}"))).unwrap();
    let b = sim.browser();
    let r = b.submit(&[("action", "harden_wordpress")]);
    assert_eq!(r.status, 500);
    let t = r.text();
    assert!(t.contains("We could not change public_html/wp-config.php, so this step is not done."), "{t}");
    assert!(
        t.contains("keep their new settings (a backup copy of each is kept): public_html/blog/wp-config.php."),
        "{t}"
    );
    assert!(!t.contains("Nothing was changed"), "{t}");
    let blog = std::fs::read_to_string(sim.home().join("public_html/blog/wp-config.php")).unwrap();
    assert!(blog.contains("define( 'DISALLOW_FILE_EDIT', true );"), "{blog}");
    assert!(sim.audit_log().contains("\"event\":\"wordpress_hardened\",\"result\":\"failed\""));
}
