//! Attacks on the reopen gate, tried as an attacker who still has the customer's files (a
//! stolen FTP password, a web shell) would: each must fail, and the stolen passwords still
//! working afterwards is the proof that nothing was really done.

use serde_json::{Value, json};

use crate::harness::*;

/// The items only the three customer-side files could fake; everything else off.
fn narrow_policy(sim: &Sim) {
    std::fs::write(
        sim.root().join("var/cpanel/secure_reopen/policy.json"),
        json!({"items": {"persistence_reviewed": "off", "tokens_keys_reviewed": "off", "wordpress_hardened": "off"},
               "php_minimum": "7.4"})
        .to_string(),
    )
    .unwrap();
}

/// The reopen button, as the customer's browser presses it.
fn press_reopen(b: &Browser) -> Page {
    b.send(&b.plugin().form("reopen"), &[])
}

/// Every credential the plugin's inventory names for the demo account, as the rotation
/// record writes them.
fn every_credential(sim: &Sim) -> Vec<Value> {
    let st = sim.state();
    let a = &st["accounts"]["demo"];
    let mut ids = vec![json!({"kind": "cpanel", "login": "demo"})];
    let list = |key: &str, field: &str| -> Vec<String> {
        a[key].as_array().into_iter().flatten().filter_map(|x| x[field].as_str().map(str::to_owned)).collect()
    };
    for m in list("mailboxes", "email") {
        ids.push(json!({"kind": "email", "login": m}));
    }
    for f in list("ftp", "user") {
        ids.push(json!({"kind": "ftp", "login": f.split('@').next().unwrap()}));
        ids.push(json!({"kind": "ftp", "login": f}));
    }
    for u in list("mysql_users", "user") {
        ids.push(json!({"kind": "mysql", "login": u}));
    }
    for u in list("postgres_users", "user") {
        ids.push(json!({"kind": "postgres", "login": u}));
    }
    for w in list("webdisk", "login") {
        ids.push(json!({"kind": "webdisk", "login": w}));
    }
    for s in a["subaccounts"].as_array().into_iter().flatten() {
        ids.push(json!({"kind": "subaccount", "login": format!("{}@{}", s["username"].as_str().unwrap(), s["domain"].as_str().unwrap())}));
    }
    ids
}

fn write(sim: &Sim, name: &str, v: &Value) {
    let dir = sim.home().join(".secure_reopen");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), v.to_string()).unwrap();
}

#[test]
fn forged_rotation_restore_and_progress_records_do_not_reopen() {
    let sim = Sim::start();
    narrow_policy(&sim);
    let webdav_before = std::fs::read_to_string(sim.home().join("etc/webdav/shadow")).unwrap();
    let b = sim.browser();
    let before = b.plugin().text();
    assert!(before.contains("2 of 7 required steps done"), "{before}");
    let release = sim.incident()["released_at"].as_str().unwrap().to_owned();
    let after_release = "2099-01-01T00:00:00Z";
    // The page's record of the password change: an append-only journal, one line per item.
    let t = time::OffsetDateTime::parse(after_release, &time::format_description::well_known::Rfc3339)
        .unwrap()
        .unix_timestamp();
    let mut journal = format!("{}\n", json!({"plan": "forged", "started_at": after_release}));
    for id in every_credential(&sim) {
        let line = json!({"p": "forged", "k": id["kind"], "l": id["login"], "s": "done", "t": t});
        journal.push_str(&format!("{line}\n"));
    }
    std::fs::create_dir_all(sim.home().join(".secure_reopen")).unwrap();
    std::fs::write(sim.home().join(".secure_reopen/rotation.log"), journal).unwrap();
    write(
        &sim,
        "restore.json",
        &json!({"folder": "public_html", "backup_id": "2026-11-10T02:00:00Z", "backup_before_attack": true,
                "quarantine": ".secure_reopen/quarantine/x", "step": "verified", "started_at": after_release,
                "files": 40, "bytes": 1000}),
    );
    let at = json!({"at": after_release});
    write(
        &sim,
        "progress.json",
        &json!({"release": release, "attestations": {"attest_computer_scanned": at, "attest_password_manager": at,
                "attest_guidance_read": at, "wp_admins_changed": at, "clean_install": at}}),
    );
    // The WordPress users' record: every site "looked at" after the release, nobody left.
    write(
        &sim,
        "wp_users.json",
        &json!({"release": release, "installs": {"public_html": {"observed_at": after_release, "users": []}}}),
    );
    // The customer-side page believes the files (they may drive it)…
    let page = b.plugin().text();
    assert!(page.contains("Every required step is done"), "the forgery should fool the page: {page}");
    // …but root does not: the reopen is refused, naming what root checked itself.
    let r = press_reopen(&b);
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(sim.incident()["status"], json!("awaiting_customer"));
    assert_eq!(sim.site_status("demo-shop.example"), 503);
    let log = sim.audit_log();
    let refusal = log.lines().rev().find(|l| l.contains("\"event\":\"reopen\"")).expect("the refusal is audited");
    for item in ["credentials_rotated", "folder_restored", "attest_computer_scanned"] {
        assert!(refusal.contains(item), "{item} should block: {refusal}");
    }
    // The proof: the stolen passwords still work; nothing was changed.
    assert!(sim.check_login("mysql", "demo_wpuser", "wpdb-Passord-19"));
    // Web Disk's login is held (locked in cpdavd's file), with its hash unchanged.
    assert_eq!(std::fs::read_to_string(sim.home().join("etc/webdav/shadow")).unwrap(), webdav_before);
}

#[test]
fn a_clean_install_confirmation_does_not_count_while_a_backup_before_the_attack_exists() {
    let sim = Sim::start();
    std::fs::write(
        sim.root().join("var/cpanel/secure_reopen/policy.json"),
        json!({"items": {"credentials_rotated": "off", "persistence_reviewed": "off", "tokens_keys_reviewed": "off",
               "wordpress_hardened": "off"}, "php_minimum": "7.4"})
        .to_string(),
    )
    .unwrap();
    let b = sim.browser();
    for item in ["clean_install", "attest_computer_scanned", "attest_password_manager", "attest_guidance_read"] {
        assert_eq!(b.submit(&[("action", "attest"), ("item", item)]).status, 303, "{item}");
    }
    let r = press_reopen(&b);
    assert_eq!(r.status, 409, "{}", r.text());
    let log = sim.audit_log();
    let refusal = log.lines().rev().find(|l| l.contains("\"event\":\"reopen\"")).unwrap();
    assert!(refusal.contains("folder_restored"), "{refusal}");
    assert!(!refusal.contains("attest_"), "the real confirmations count: {refusal}");
}

#[test]
fn evidence_from_another_case_does_not_count() {
    let sim = Sim::start();
    let ev = sim.root().join("var/cpanel/secure_reopen/evidence/demo.json");
    let mut v: Value = serde_json::from_slice(&std::fs::read(&ev).unwrap()).unwrap();
    assert!(!std::fs::read_to_string(&ev).unwrap().contains("$sim$"), "root stores digests, never hashes");
    v["incident_id"] = json!("an-earlier-case");
    std::fs::write(&ev, v.to_string()).unwrap();
    let r = press_reopen(&sim.browser());
    assert_eq!(r.status, 409);
    assert!(sim.audit_log().contains("no record of this case"), "{}", sim.audit_log());
}

/// Runs the helper's reopen for demo as root would, with a deadline; returns its answer and
/// its own peak memory (KiB, the kernel's VmHWM of exactly that process, polled).
fn reopen_with_peak(sim: &Sim) -> (serde_json::Value, i64, std::time::Duration) {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let release = sim.incident()["released_at"].as_str().unwrap().to_owned();
    let ts =
        time::OffsetDateTime::parse(&release, &time::format_description::well_known::Rfc3339).unwrap().unix_timestamp();
    let started = std::time::Instant::now();
    // Reaped below with `wait4` (which also gives its resource usage), not `Child::wait`.
    #[allow(clippy::zombie_processes)]
    let mut child = Command::new(PLUGIN)
        .args(["helper", "--caller", "demo", "reopen"])
        .env("SECURE_REOPEN_ROOT", sim.root())
        .env("CPANEL_SIM_URL", sim.url())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(json!({"remote": "203.0.113.9", "release": ts.to_string()}).to_string().as_bytes())
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let pid = child.id() as libc::pid_t;
    let deadline = started + std::time::Duration::from_secs(90);
    let mut status = 0;
    // SAFETY: zeroed rusage is a valid out-buffer.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // The helper's own peak (VmHWM), polled while it runs: wait4's figure also counts the
    // programs it starts (cPanel's tools, which are not the plugin).
    let mut own_peak: i64 = 0;
    let hwm = || -> Option<i64> {
        let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    loop {
        if let Some(k) = hwm() {
            own_peak = own_peak.max(k);
        }
        // SAFETY: pid is our own child; valid out pointers.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the helper hung on hostile files (killed after 90 s)");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let text = reader.join().unwrap();
    let _ = usage;
    (serde_json::from_str(&text).unwrap_or(json!({"raw": text})), own_peak, started.elapsed())
}

#[test]
fn hostile_files_neither_hang_nor_bloat_root_and_count_as_could_not_check() {
    let sim = Sim::start();
    let www = sim.home().join("public_html");
    // A sparse 32 MiB "config" under every name root reads, and a FIFO named like a config.
    for (dir, name) in [("big", "wp-config.php"), ("big2", ".env"), ("big3", "configuration.php")] {
        std::fs::create_dir_all(www.join(dir)).unwrap();
        std::fs::File::create(www.join(dir).join(name)).unwrap().set_len(32 << 20).unwrap();
    }
    std::fs::create_dir_all(www.join("pipe")).unwrap();
    let fifo = std::ffi::CString::new(www.join("pipe/wp-config.php").as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    // A link out of the home, named like a folder of the site.
    std::os::unix::fs::symlink("/etc", www.join("assets-cdn")).unwrap();
    let (v, peak_kib, took) = reopen_with_peak(&sim);
    eprintln!("helper reopen on hostile files: peak RSS {peak_kib} KiB, {took:?}");
    assert_eq!(v["status"], json!(0), "{v}");
    assert!(peak_kib < 64 * 1024, "root's peak memory was {peak_kib} KiB");
    let log = sim.audit_log();
    let refusal = log.lines().rev().find(|l| l.contains("\"event\":\"reopen\"")).unwrap();
    // What the walk could not check blocks the items it decides; it never passes them.
    for item in ["no_world_writable", "wordpress_hardened"] {
        assert!(refusal.contains(item), "{item}: {refusal}");
    }
    assert_eq!(sim.incident()["status"], json!("awaiting_customer"));
}

#[test]
fn a_norwegian_comment_in_wp_config_is_read_and_nothing_leaks() {
    let sim = Sim::start();
    let cfg = sim.home().join("public_html/wp-config.php");
    let text = std::fs::read_to_string(&cfg).unwrap();
    let text = text.replacen(
        "<?php",
        "<?php\n// Innstillinger for nettbutikken – ikke rør! Ærlig talt, Øystein.\n# Endret på Åsgårdstrand\n",
        1,
    );
    std::fs::write(&cfg, &text).unwrap();
    let (v, _, _) = reopen_with_peak(&sim);
    let answer = v.to_string();
    assert_eq!(v["status"], json!(0), "refused for the missing steps, not crashed: {answer}");
    assert!(!answer.contains("DB_PASSWORD") && !answer.contains("panicked"), "{answer}");
    // The page reads it too.
    let page = sim.browser().plugin();
    assert_eq!(page.status, 200);
    assert!(!page.text().contains("DB_PASSWORD"));
}

#[test]
fn an_api_token_alone_cannot_set_the_cpanel_password() {
    let sim = Sim::start();
    // The attacker made an API token during the hack; through it they reach the plugin's
    // privileged module like any UAPI call.
    let v = sim.uapi(
        "SecureReopen",
        "set_account_password",
        &[("remote", "198.51.100.7"), ("password", "Attacker-Owns-This-Now-2026!")],
    );
    assert_eq!(v["result"]["status"], json!(0), "{v}");
    assert!(v.to_string().contains("current cPanel password"), "{v}");
    assert!(sim.check_login("cpanel", "demo", &sim.password()));
    assert!(!sim.check_login("cpanel", "demo", "Attacker-Owns-This-Now-2026!"));
}

/// Root answers a refused reopen with a code; the page words it for the customer (and the
/// English detail goes only to the logs and the audit entry).
#[test]
fn a_refused_reopen_is_worded_from_roots_code_not_its_english_detail() {
    let sim = Sim::start();
    std::fs::remove_file(sim.root().join("var/cpanel/secure_reopen/evidence/demo.json")).unwrap();
    let r = press_reopen(&sim.browser());
    assert_eq!(r.status, 409);
    let t = r.text();
    assert!(t.contains("Ask your host to release the case again; nothing you did is lost."), "{t}");
    assert!(!t.contains("no record of this case's release"), "{t}");
    assert!(sim.audit_log().contains("no record of this case"), "{}", sim.audit_log());
}

/// The CSRF key files found aside after the page replaced a damaged one.
fn damaged_keys(sim: &Sim) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(sim.home().join(".secure_reopen"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("csrf.key.damaged-"))
        .collect()
}

#[test]
fn a_planted_csrf_key_link_oversized_file_or_fifo_is_never_read() {
    use std::os::unix::fs::FileTypeExt;
    let sim = Sim::start();
    let b = sim.browser();
    assert_eq!(b.plugin().status, 200);
    let dir = sim.home().join(".secure_reopen");
    let key = dir.join("csrf.key");
    // A link to a key the attacker knows (e.g. in a folder they can still write over FTP).
    let known = sim.home().join("public_html/known.key");
    std::fs::write(&known, [7u8; 32]).unwrap();
    std::fs::remove_file(&key).unwrap();
    std::os::unix::fs::symlink(&known, &key).unwrap();
    let page = b.plugin();
    assert_eq!(page.status, 200, "{}", page.text());
    let meta = std::fs::symlink_metadata(&key).unwrap();
    assert!(meta.file_type().is_file(), "the link was replaced by a real key file");
    assert_eq!(meta.len(), 32);
    assert_ne!(std::fs::read(&key).unwrap(), vec![7u8; 32], "the attacker's key is not used");
    assert_eq!(std::fs::read(&known).unwrap(), vec![7u8; 32], "nothing was written through the link");
    let aside = damaged_keys(&sim);
    assert_eq!(aside.len(), 1);
    assert!(std::fs::symlink_metadata(&aside[0]).unwrap().file_type().is_symlink(), "kept aside, not deleted");
    // Forms of the new key work.
    assert_eq!(b.submit(&[("action", "attest"), ("item", "attest_guidance_read")]).status, 303);

    // An oversized (sparse, 1 GiB) key is not read into memory.
    std::fs::remove_file(&key).unwrap();
    std::fs::File::create(&key).unwrap().set_len(1 << 30).unwrap();
    let started = std::time::Instant::now();
    assert_eq!(b.plugin().status, 200);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(std::fs::metadata(&key).unwrap().len(), 32);
    assert_eq!(damaged_keys(&sim).len(), 2);

    // A FIFO never hangs the page.
    std::fs::remove_file(&key).unwrap();
    let c = std::ffi::CString::new(key.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    assert_eq!(b.plugin().status, 200);
    assert!(std::fs::metadata(&key).unwrap().is_file());
    assert!(damaged_keys(&sim).iter().any(|p| std::fs::symlink_metadata(p).unwrap().file_type().is_fifo()));
}

/// The audit log's entries, parsed.
fn audit_entries(sim: &Sim) -> Vec<Value> {
    sim.audit_log().lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
}

#[test]
fn a_forged_remote_address_never_reaches_the_audit_log() {
    let sim = Sim::start();
    // Over HTTP with an API token (an attacker's script), the module's own parameter names.
    let v = sim.uapi(
        "SecureReopen",
        "audit",
        &[("event", "page_view"), ("result", "ok"), ("remote", "198.51.100.66"), ("details", "{}")],
    );
    assert_eq!(v["result"]["status"], json!(1), "{v}");
    // Through the page (LiveAPI), with a `remote` field slipped into the form.
    let b = sim.browser();
    assert_eq!(
        b.submit(&[("action", "attest"), ("item", "attest_guidance_read"), ("remote", "198.51.100.67")]).status,
        303
    );
    let log = sim.audit_log();
    assert!(!log.contains("198.51.100.6"), "a forged address reached the log: {log}");
    let customer: Vec<Value> =
        audit_entries(&sim).into_iter().filter(|e| e.to_string().contains("\"customer\"")).collect();
    assert!(customer.len() >= 2, "{log}");
    for e in &customer {
        assert!(e.to_string().contains("\"127.0.0.1\""), "the connection's address is recorded: {e}");
    }
}

/// Runs the helper's `set_account_password` for demo as root would, with cpsrvd (2083) and
/// WHM (2087) at the given addresses.
fn set_password_via(sim: &Sim, cpanel: &str, whm: &str, input: &Value) -> (bool, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(PLUGIN)
        .args(["helper", "--caller", "demo", "set_account_password"])
        .env("SECURE_REOPEN_ROOT", sim.root())
        .env("SECURE_REOPEN_CPANEL_URL", cpanel)
        .env("SECURE_REOPEN_WHM_URL", whm)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn root_sends_no_password_to_a_server_without_cpsrvds_certificate() {
    let sim = Sim::start();
    // Another server on loopback (a process that took the port), with its own certificate for
    // the same hostname.
    let impostor = Sim::start();
    let pem = |s: &Sim| std::fs::read(s.root().join("var/cpanel/ssl/cpanel/mycpanel.pem")).unwrap();
    assert_ne!(pem(&sim), pem(&impostor));
    let token = sim.root().join("var/cpanel/secure_reopen/whm.token");
    let meta = std::fs::metadata(&token).unwrap();
    assert_eq!(std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o777, 0o600);
    assert!(!sim.root().join("root/.accesshash").exists(), "the deprecated access hash is not used");
    let new = "Velvet-Orbit-Tunnel-Gravy-1987";
    let input = json!({"remote": "203.0.113.9", "password": new, "current": sim.password()});
    // The current password's check goes to the impostor: refused before anything is sent.
    let (ok, answer) = set_password_via(&sim, &impostor.tls_url(), &sim.tls_url(), &input);
    assert!(!ok && answer.contains("could not check the current cPanel password"), "{answer}");
    assert!(answer.contains("certificate"), "{answer}");
    // WHM is the impostor: the new password and the WHM token never leave.
    let (ok, answer) = set_password_via(&sim, &sim.tls_url(), &impostor.tls_url(), &input);
    assert!(!ok && answer.contains("certificate"), "{answer}");
    for s in [&sim, &impostor] {
        assert!(s.check_login("cpanel", "demo", &s.password()));
        assert!(!s.check_login("cpanel", "demo", new));
    }
    // Plain HTTP is refused outright.
    let (ok, answer) = set_password_via(&sim, &sim.tls_url(), &sim.url(), &input);
    assert!(!ok && answer.contains("https"), "{answer}");
    // The real cpsrvd, pinned: done.
    let (ok, answer) = set_password_via(&sim, &sim.tls_url(), &sim.tls_url(), &input);
    assert!(ok, "{answer}");
    assert!(sim.check_login("cpanel", "demo", new));
}

#[test]
fn a_forged_wordpress_users_record_does_not_confirm_the_users_inside_the_sites() {
    let sim = Sim::start_with(Options { wordpress: true, ..Default::default() });
    std::fs::write(
        sim.root().join("var/cpanel/secure_reopen/policy.json"),
        json!({"items": {"folder_restored": "off", "persistence_reviewed": "off", "tokens_keys_reviewed": "off",
                         "wordpress_hardened": "off"}, "php_minimum": "7.4"})
        .to_string(),
    )
    .unwrap();
    // Root read the WordPress administrators from the site's own database at release.
    let ev = std::fs::read_to_string(sim.root().join("var/cpanel/secure_reopen/evidence/demo.json")).unwrap();
    let ev: Value = serde_json::from_str(&ev).unwrap();
    assert!(!ev["wp_users"].as_array().unwrap().is_empty(), "{ev}");
    assert!(ev["wp_users_error"].is_null(), "{ev}");
    let b = sim.browser();
    let (b, _) = change_all_passwords(&sim, &b);
    for item in ["attest_computer_scanned", "attest_password_manager", "attest_guidance_read"] {
        assert_eq!(b.submit(&[("action", "attest"), ("item", item)]).status, 303, "{item}");
    }
    // The customer-side record says every WordPress user was dealt with; nobody was.
    let release = sim.incident()["released_at"].as_str().unwrap().to_owned();
    write(
        &sim,
        "wp_users.json",
        &json!({"release": release, "installs": {"public_html": {"observed_at": "2099-01-01T00:00:00Z", "users": []}}}),
    );
    let r = press_reopen(&b);
    assert_eq!(r.status, 409, "{}", r.text());
    let log = sim.audit_log();
    let refusal = log.lines().rev().find(|l| l.contains("\"event\":\"reopen\"")).unwrap();
    assert!(refusal.contains("credentials_rotated"), "{refusal}");
    assert_eq!(sim.incident()["status"], json!("awaiting_customer"));

    // The plugin's real change of the WordPress users' passwords: root sees the new hashes.
    let sheet = b.submit(&[("action", "wp_plan"), ("seen", "0")]);
    assert_eq!(sheet.status, 200, "{}", sheet.text());
    let mut wp_fields = crate::script_users::form_fields(&sheet.body, "wp_apply");
    wp_fields.retain(|(k, _)| k != "action");
    let csrf = b.plugin().csrf();
    let mut all: Vec<(&str, &str)> = vec![("csrf", &csrf), ("action", "wp_apply"), ("saved", "yes")];
    all.extend(wp_fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert_eq!(b.post(&all).status, 303);
    let r = press_reopen(&b);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(sim.incident()["status"], json!("reopened"));
}
