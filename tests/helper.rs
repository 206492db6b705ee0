//! The root-side helper trusts nothing the customer's side sends: bad callers, unknown
//! actions, garbage, oversized input, forged events, secrets in details, and files the
//! customer swapped for symlinks are all refused, and nothing changes.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::harness::*;

fn helper(sim: &Sim, caller: &str, action: &str, input: &[u8]) -> (i32, Value) {
    let mut child = Command::new(PLUGIN)
        .args(["helper", "--caller", caller, action])
        .env("SECURE_REOPEN_ROOT", sim.root())
        .env("CPANEL_SIM_URL", sim.url())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let w = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    let _ = w.join();
    (out.status.code().unwrap_or(-1), serde_json::from_slice(&out.stdout).unwrap_or(Value::Null))
}

fn refused(v: &Value) -> String {
    assert_eq!(v["status"], json!(0), "expected a refusal: {v}");
    v["errors"][0].as_str().unwrap_or_default().to_owned()
}

#[test]
fn hostile_input_is_refused_and_leaves_the_audit_log_alone() {
    let sim = Sim::start();
    let before = sim.audit_log();
    let ok_event = json!({"event": "page_view", "result": "ok", "remote": "203.0.113.9"}).to_string();
    let cases: Vec<(&str, &str, Vec<u8>, &str)> = vec![
        ("../root", "audit", ok_event.clone().into_bytes(), "not a valid cPanel user name"),
        ("Demo", "audit", ok_event.clone().into_bytes(), "not a valid cPanel user name"),
        ("demo", "chmod", ok_event.clone().into_bytes(), "unknown action"),
        ("demo", "audit", b"\x00\xff not json".to_vec(), "must be a JSON object"),
        ("demo", "audit", vec![b' '; 70 * 1024], "larger than"),
        (
            "demo",
            "audit",
            json!({"event": "reopen", "result": "ok", "remote": "1.2.3.4"}).to_string().into_bytes(),
            "may not be reported",
        ),
        (
            "demo",
            "audit",
            json!({"event": "attested", "result": "ok", "remote": "1.2.3.4; rm -rf /"}).to_string().into_bytes(),
            "not an IP address",
        ),
        (
            "demo",
            "audit",
            json!({"event": "attested", "result": "ok", "remote": "1.2.3.4", "details": "{\"password\":\"x\"}"})
                .to_string()
                .into_bytes(),
            "not allowed",
        ),
        (
            "demo",
            "audit",
            json!({"event": "attested", "result": "maybe", "remote": "1.2.3.4"}).to_string().into_bytes(),
            "must be ok",
        ),
    ];
    for (caller, action, input, why) in cases {
        let (code, v) = helper(&sim, caller, action, &input);
        assert_eq!(code, 1, "{caller} {action}: {v}");
        let msg = refused(&v);
        assert!(msg.contains(why), "{caller} {action}: {msg:?} does not say {why:?}");
    }
    assert_eq!(sim.audit_log(), before, "a refused call wrote to the audit log");
}

#[test]
fn a_customer_cannot_reopen_by_calling_the_helper_directly() {
    let sim = Sim::start();
    let release = sim.incident()["released_at"].as_str().unwrap().to_owned();
    let ts =
        time::OffsetDateTime::parse(&release, &time::format_description::well_known::Rfc3339).unwrap().unix_timestamp();
    let input = json!({"remote": "203.0.113.9", "release": ts.to_string()}).to_string();
    let (code, v) = helper(&sim, "demo", "reopen", input.as_bytes());
    assert_eq!(code, 1);
    let facts: Value = serde_json::from_str(refused(&v).strip_prefix("steps_missing: ").expect("a code")).unwrap();
    assert!(facts["not_done"].as_array().unwrap().contains(&json!("credentials_rotated")), "{v}");
    assert_eq!(sim.incident()["status"], json!("awaiting_customer"));
    assert_eq!(sim.site_status("demo-shop.example"), 503);
}

#[test]
fn a_progress_file_written_or_swapped_by_hand_confirms_nothing() {
    let sim = Sim::start();
    // Everything but the attestations is off; the customer's own progress file (a real file,
    // then a symlink to a copy elsewhere) claims every attestation for this release. Root reads
    // confirmations only from its audit log, so neither counts.
    std::fs::write(
        sim.root().join("var/cpanel/secure_reopen/policy.json"),
        json!({"items": {"credentials_rotated": "off", "folder_restored": "off", "persistence_reviewed": "off", "wordpress_hardened": "off", "tokens_keys_reviewed": "off"}, "php_minimum": "7.4"}).to_string(),
    )
    .unwrap();
    let release = sim.incident()["released_at"].as_str().unwrap().to_owned();
    let at = json!({"at": "2026-11-25T12:00:00Z"});
    let forged = json!({"release": release, "attestations": {"attest_computer_scanned": at, "attest_password_manager": at, "attest_guidance_read": at}});
    let progress = sim.home().join(".secure_reopen/progress.json");
    std::fs::create_dir_all(progress.parent().unwrap()).unwrap();
    let ts =
        time::OffsetDateTime::parse(&release, &time::format_description::well_known::Rfc3339).unwrap().unix_timestamp();
    let elsewhere = sim.dir.path().join("forged.json");
    std::fs::write(&elsewhere, forged.to_string()).unwrap();
    for swap in [false, true] {
        let _ = std::fs::remove_file(&progress);
        if swap {
            std::os::unix::fs::symlink(&elsewhere, &progress).unwrap();
        } else {
            std::fs::write(&progress, forged.to_string()).unwrap();
        }
        let (code, v) = helper(
            &sim,
            "demo",
            "reopen",
            json!({"remote": "203.0.113.9", "release": ts.to_string()}).to_string().as_bytes(),
        );
        assert_eq!(code, 1, "{v}");
        assert!(refused(&v).contains("attest_"), "{v}");
        assert_eq!(sim.incident()["status"], json!("awaiting_customer"));
    }
}

#[test]
fn on_a_real_root_the_helper_refuses_to_run_unprivileged() {
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", PLUGIN, "helper", "--caller", "demo", "audit"])
        .env_remove("SECURE_REOPEN_ROOT")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(refused(&v).contains("must run as root"));
}

#[test]
fn root_sets_only_a_strong_cpanel_password_and_only_during_the_case() {
    let sim = Sim::start();
    let weak = json!({"remote": "203.0.113.9", "password": "short"}).to_string();
    let (code, v) = helper(&sim, "demo", "set_account_password", weak.as_bytes());
    assert_eq!(code, 1);
    assert!(refused(&v).contains("too weak"));
    assert!(sim.check_login("cpanel", "demo", &sim.password()));
    let run = |input: &str| {
        Command::new(PLUGIN)
            .args(["helper", "--caller", "demo", "set_account_password"])
            .env("SECURE_REOPEN_ROOT", sim.root())
            .env("SECURE_REOPEN_WHM_URL", sim.tls_url())
            .env("SECURE_REOPEN_CPANEL_URL", sim.tls_url())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                c.stdin.take().unwrap().write_all(input.as_bytes())?;
                c.wait_with_output()
            })
            .unwrap()
    };
    // Without the current password (an API token alone), or with a wrong one: refused.
    for current in [None, Some("not-the-password")] {
        let mut v = json!({"remote": "203.0.113.9", "password": "Velvet-Orbit-Tunnel-Gravy-1987"});
        if let Some(c) = current {
            v["current"] = json!(c);
        }
        let out = run(&v.to_string());
        assert_eq!(out.status.code(), Some(1));
        let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(refused(&answer).contains("current cPanel password"), "{answer}");
        assert!(sim.check_login("cpanel", "demo", &sim.password()));
    }
    assert!(sim.audit_log().contains("\"event\":\"account_password_set\",\"result\":\"refused\""));
    let strong =
        json!({"remote": "203.0.113.9", "password": "Velvet-Orbit-Tunnel-Gravy-1987", "current": sim.password()})
            .to_string();
    let out = run(&strong);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(sim.check_login("cpanel", "demo", "Velvet-Orbit-Tunnel-Gravy-1987"));
    assert!(!sim.check_login("cpanel", "demo", &sim.password()));
    // Without an open case, root refuses.
    sim.admin(&["incident", "reopen", "demo", "--force"]);
    let (code, v) = helper(&sim, "demo", "set_account_password", strong.as_bytes());
    assert_eq!(code, 1);
    assert!(refused(&v).contains("only while the security case awaits you"));
}

#[test]
fn customer_events_are_rate_limited() {
    let sim = Sim::start();
    let ev = json!({"event": "page_view", "result": "ok", "remote": "203.0.113.9"}).to_string();
    let mut refused_at = None;
    for i in 0..130 {
        let (code, v) = helper(&sim, "demo", "audit", ev.as_bytes());
        if code != 0 {
            assert!(refused(&v).contains("events in a minute"), "{v}");
            refused_at = Some(i);
            break;
        }
    }
    // The page's own views during start-up count too, so the refusal comes at or before 120.
    assert!(refused_at.is_some_and(|i| i <= 120), "{refused_at:?}");
}

#[test]
fn a_confirmation_the_gate_reads_must_name_a_real_confirmation() {
    let sim = Sim::start();
    let bad = [
        json!({"event": "attested", "result": "ok", "remote": "203.0.113.9", "details": json!({"item": "credentials_rotated"}).to_string()}),
        json!({"event": "token_kept", "result": "ok", "remote": "203.0.113.9", "details": json!({"name": "deploy"}).to_string()}),
    ];
    for ev in bad {
        let (code, v) = helper(&sim, "demo", "audit", ev.to_string().as_bytes());
        assert_eq!(code, 1, "{v}");
    }
    let good = json!({"event": "attested", "result": "ok", "remote": "203.0.113.9", "details": json!({"item": "attest_guidance_read"}).to_string()});
    assert_eq!(helper(&sim, "demo", "audit", good.to_string().as_bytes()).0, 0);
}

/// cPanel's Perl side of the privileged path compiles (against stand-ins for cPanel's own
/// modules, which only a server has) and takes the caller's address from cpsrvd only.
#[test]
fn the_perl_modules_compile_and_take_the_address_from_cpsrvd() {
    let stubs = tempfile::tempdir().unwrap();
    for m in ["Admin/Base", "JSON", "SafeRun/Object", "AdminBin/Call", "Passwd/Check"] {
        let file = stubs.path().join("Cpanel").join(format!("{m}.pm"));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, format!("package Cpanel::{};\n1;\n", m.replace('/', "::"))).unwrap();
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for module in ["plugin/adminbin/Helper.pm", "plugin/uapi/SecureReopen.pm"] {
        let out = Command::new("perl").arg("-c").arg("-I").arg(stubs.path()).arg(root.join(module)).output().unwrap();
        assert!(out.status.success(), "{module}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let uapi = std::fs::read_to_string(root.join("plugin/uapi/SecureReopen.pm")).unwrap();
    let params = &uapi[uapi.find("my %PARAMS").unwrap()..];
    let params = &params[..params.find(");").unwrap()];
    assert!(!params.contains("remote"), "a caller must not name the address: {params}");
    assert!(uapi.contains("$params{'remote'} = $ENV{'REMOTE_ADDR'}"));
    let helper = std::fs::read_to_string(root.join("plugin/adminbin/Helper.pm")).unwrap();
    assert!(helper.contains("Cpanel::SafeRun::Object->new(") && helper.contains("timeout"), "no pipe can hang it");
}
