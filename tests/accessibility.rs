//! The customer's pages pass an automated WCAG 2.2 AA check (axe-core) in a real browser
//! (Debian's Chromium), in English and Norwegian, at desktop and phone sizes.

use std::path::Path;
use std::process::Command;

use crate::harness::*;

fn run_axe(sim: &Sim, user: &str, password: &str, shots: &Path) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        dir.join("node_modules/axe-core").exists() && Path::new("/usr/bin/chromium").exists(),
        "the browser test needs Chromium and tests/browser/node_modules: run ./scripts/test.sh, which installs them"
    );
    let out = Command::new("node")
        .current_dir(&dir)
        .arg("a11y.mjs")
        .args([&sim.url(), user, password])
        .arg(shots)
        .output()
        .expect("run node");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "accessibility check failed for {user}:\n{text}");
    assert!(text.contains("desktop:") && text.contains("phone:"), "{text}");
}

#[test]
fn the_checklist_page_has_no_serious_accessibility_violation() {
    let sim = Sim::start();
    run_axe(&sim, "demo", &sim.password(), &sim.dir.path().join("demo"));
    assert!(sim.dir.path().join("demo-phone.png").exists());
}

#[test]
fn the_norwegian_page_has_no_serious_accessibility_violation() {
    let sim = Sim::start();
    run_axe(&sim, "other", "Annen-Konto-Passord-2026", &sim.dir.path().join("other"));
}
