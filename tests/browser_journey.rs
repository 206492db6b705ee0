//! The whole journey in Debian's Chromium, as a customer clicks it, on the demo's real
//! WordPress: English on a desktop (1280×900) and Norwegian on a phone (390×844, the same
//! hacked shop with its owner reading in Norwegian). `tests/browser/journey.mjs` clicks
//! through every step with the traps of issue 15 and checks every page (no horizontal
//! overflow, axe-core clean); this side checks the outcome in the simulator's state: the site
//! answers 200 with WordPress's page, every old password is refused (cPanel's records, the real
//! MariaDB, WordPress's own login) and every new one from the sheets works. Screenshots of each
//! step stay in `target/journey-screenshots/<lang>-<size>/` (printed; a CI artifact).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::{Value, json};

use crate::harness::*;

/// The demo's stolen passwords (`sim/src/scenario.rs`): service, login, password.
const OLD: &[(&str, &str, &str)] = &[
    ("email", "info@demo-shop.example", "Sommer2024!info"),
    ("email", "post@demo-shop.example", "Sommer2024!post"),
    ("email", "anna@demo-shop.example", "Anna-katt-1987"),
    ("ftp", "backup@demo-shop.example", "backup-ftp-2023"),
    ("ftp", "dev@demo-shop.example", "dev-ftp-2022!!"),
    ("mysql", "demo_wpuser", "wpdb-Passord-19"),
    ("postgres", "demo_stats", "stats-Passord-20"),
    ("webdisk", "files@demo-shop.example", "webdisk-Pass-21"),
    ("subaccount", "lisa@demo-shop.example", "lisa-Sub-Pass-22"),
];
const OLD_WORDPRESS: &[(&str, &str)] = &[("admin", "Shop-Admin-2024!"), ("anna", "Anna-Blogg-2025")];

fn run(scenario: &str, lang: &str, size: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").exists() && Path::new("/usr/bin/chromium").exists(),
        "the browser journey needs Chromium and tests/browser/node_modules: run ./scripts/test.sh, which installs them"
    );
    let t0 = Instant::now();
    let sim = Sim::start_with(Options { scenario: Some(scenario.into()), wordpress: true, ..Default::default() });
    let ready = t0.elapsed();
    let shots: PathBuf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/journey-screenshots/{lang}-{size}"));
    let _ = std::fs::remove_dir_all(&shots);
    eprintln!("browser journey {lang} {size}: screenshots in {}", shots.display());
    let t1 = Instant::now();
    let out = Command::new("node")
        .current_dir(&dir)
        .arg("journey.mjs")
        .args([&sim.url(), "demo", &sim.password(), lang, size])
        .arg(&shots)
        .output()
        .expect("run node");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the browser journey ({lang}, {size}) failed:\n{text}");
    eprintln!("browser journey {lang} {size}: simulator ready in {ready:?}, journey {:?}", t1.elapsed());
    let result: Value = text
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .map(|j| serde_json::from_str(j).expect("RESULT JSON"))
        .unwrap_or_else(|| panic!("no RESULT line:\n{text}"));
    for f in result["fixme"].as_array().into_iter().flatten() {
        eprintln!("browser journey {lang} {size}: FIXME {f}");
    }
    let website = std::fs::read_dir(&shots)
        .map(|d| d.flatten().any(|e| e.file_name().to_string_lossy().ends_with("-website.png")))
        .unwrap_or(false);
    assert!(shots.join("01-checklist.png").exists() && website, "screenshots are kept");

    // The outcome, in the simulator's state.
    assert_eq!(sim.incident()["status"], json!("reopened"));
    let (status, site) = sim.site_page("demo-shop.example");
    assert_eq!(status, 200, "{site}");
    assert!(site.contains("content=\"WordPress 6.") && site.contains("<h1>Demo shop</h1>"), "{site}");
    assert!(!sim.check_login("cpanel", "demo", &sim.password()), "the old cPanel password still works");
    for (service, login, old) in OLD {
        assert!(!sim.check_login(service, login, old), "{service} {login}: the old password still works");
    }
    assert!(!sim.mariadb_login("demo_wpuser", "wpdb-Passord-19"), "the real database takes the old password");
    for (login, old) in OLD_WORDPRESS {
        assert!(!sim.wp_login("demo-shop.example", login, old), "WordPress: {login}'s old password still logs in");
    }
    // Every new password from the sheet works where it is used.
    for c in result["passwords"].as_array().expect("the sheet's passwords") {
        let (kind, login, pw) =
            (c["kind"].as_str().unwrap(), c["login"].as_str().unwrap(), c["password"].as_str().unwrap());
        assert!(sim.check_login(kind, login, pw), "{kind} {login}: the sheet's password does not work");
        if kind == "mysql" {
            assert!(sim.mariadb_login(login, pw), "the real database refuses the sheet's password");
        }
    }
    let wp = result["wordpress"].as_array().expect("the WordPress sheet");
    let admin = wp.iter().find(|u| u["id"] == json!("public_html#1")).expect("the administrator is on the sheet");
    assert!(sim.wp_login("demo-shop.example", "admin", admin["password"].as_str().unwrap()), "the new admin password");
    let total = t0.elapsed();
    eprintln!("browser journey {lang} {size}: {total:?} in all");
}

#[test]
fn a_customer_on_a_desktop_in_english_clicks_through_every_step_to_a_reopened_wordpress() {
    run("demo", "en", "desktop");
}

#[test]
fn a_customer_on_a_phone_in_norwegian_clicks_through_every_step_to_a_reopened_wordpress() {
    run("demo-nb", "nb", "phone");
}

/// Ctrl-C in the demo's terminal stops the simulator, and the simulator stops its MariaDB
/// cleanly (the server's own shutdown removes its socket) and PHP's server, leaving nothing
/// running; so does a simulator killed outright (the tests' end), by the parent-death signal.
#[test]
fn ctrl_c_or_a_kill_stops_the_demo_and_its_private_mariadb_and_php() {
    for signal in [libc::SIGINT, libc::SIGKILL] {
        let sim = Sim::start_with(Options { wordpress: true, ..Default::default() });
        let pid = |f: &str| -> i32 {
            std::fs::read_to_string(sim.state_dir().join(f)).expect(f).trim().parse().expect("a pid")
        };
        let (db, php) = (pid("mysql/mariadb.pid"), pid("php.pid"));
        let socket = PathBuf::from(sim.ready["mariadb_socket"].as_str().expect("a socket"));
        assert!(socket.exists() && Path::new(&format!("/proc/{php}")).exists());
        // SAFETY: a signal to the simulator this test started.
        unsafe { libc::kill(sim.pid() as i32, signal) };
        let gone = |p: i32| {
            std::fs::read_to_string(format!("/proc/{p}/stat"))
                .map(|s| s.split(") ").nth(1).is_some_and(|r| r.starts_with('Z')))
                .unwrap_or(true)
        };
        let deadline = Instant::now() + std::time::Duration::from_secs(60);
        while !gone(db) || !gone(php) || (signal == libc::SIGINT && socket.exists()) {
            assert!(Instant::now() < deadline, "MariaDB or PHP still runs 60 s after signal {signal}");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}
