//! The plugin's UAPI client against the simulator over real HTTP and through cPanel's
//! command-line tool: every transport, batches, and every injected fault ends in a clear
//! error, never a hang.

use std::time::{Duration, Instant};

use serde_json::json;

use secure_reopen::uapi::cli::{CliOptions, CliTransport};
use secure_reopen::uapi::http::{Auth, HttpOptions, HttpTransport};
use secure_reopen::uapi::{self, Call, UapiError};

use crate::harness::*;

fn basic(sim: &Sim, timeout: Duration) -> HttpTransport {
    let auth = Auth::Basic { user: "demo".into(), password: sim.password() };
    HttpTransport::new(&sim.url(), auth, HttpOptions { timeout, ..HttpOptions::default() }).unwrap()
}

fn list_pops() -> Call {
    Call::new("Email", "list_pops")
}

#[test]
fn every_http_auth_form_reaches_cpanel() {
    let sim = Sim::start();
    let t = basic(&sim, Duration::from_secs(10));
    assert_eq!(uapi::call(&t, &list_pops()).unwrap().as_array().unwrap().len(), 3);

    let tok = HttpTransport::new(
        &sim.url(),
        Auth::Token { user: "demo".into(), token: sim.api_token() },
        HttpOptions::default(),
    )
    .unwrap();
    assert!(uapi::call(&tok, &list_pops()).is_ok());

    let b = sim.browser();
    let ses = HttpTransport::new(
        &sim.url(),
        Auth::Session { security_token: b.token.clone(), session_cookie: b.cookie.clone() },
        HttpOptions::default(),
    )
    .unwrap();
    assert!(uapi::call(&ses, &list_pops()).is_ok());

    let bad = HttpTransport::new(
        &sim.url(),
        Auth::Token { user: "demo".into(), token: "NOPE".into() },
        HttpOptions::default(),
    )
    .unwrap();
    assert!(matches!(uapi::call(&bad, &list_pops()), Err(UapiError::Denied { .. })));
}

#[test]
fn api2_calls_go_through_json_api() {
    let sim = Sim::start();
    let t = basic(&sim, Duration::from_secs(10));
    let keys = uapi::call_api2(&t, &Call::new("SSH", "listkeys").arg("types", "pub")).unwrap();
    assert_eq!(keys[0]["name"], json!("laptop"));
    let e = uapi::call_api2(&t, &Call::new("SSH", "nope")).unwrap_err();
    assert!(matches!(e, UapiError::Cpanel { .. }));
}

#[test]
fn a_batch_gives_every_call_its_own_result_even_after_a_failure() {
    let sim = Sim::start();
    let t = basic(&sim, Duration::from_secs(10));
    let calls = [list_pops(), Call::new("Email", "nope"), Call::new("Ftp", "list_ftp"), Call::new("Tokens", "list")];
    let r = uapi::batch(&t, &calls);
    assert_eq!(r.len(), 4);
    assert!(r[0].is_ok());
    assert!(r[1].as_ref().unwrap_err().cpanel_messages()[0].contains("nope"));
    assert!(r[2].as_ref().unwrap().as_array().unwrap().iter().any(|f| f["user"] == json!("dev@demo-shop.example")));
    assert!(r[3].is_ok());
}

#[test]
fn an_injected_failure_carries_cpanels_message() {
    let sim = Sim::start();
    sim.set_faults(json!({"fail_nth": 1}));
    let e = uapi::call(&basic(&sim, Duration::from_secs(10)), &list_pops()).unwrap_err();
    assert!(e.cpanel_messages()[0].contains("Simulated failure"), "{e}");
}

#[test]
fn a_malformed_reply_is_an_error_not_a_guess() {
    let sim = Sim::start();
    sim.set_faults(json!({"malformed_nth": 1}));
    let e = uapi::call(&basic(&sim, Duration::from_secs(10)), &list_pops()).unwrap_err();
    assert!(matches!(e, UapiError::Malformed { .. }), "{e}");
}

#[test]
fn an_http_error_is_reported_with_its_status() {
    let sim = Sim::start();
    sim.set_faults(json!({"http_error_nth": 1}));
    let e = uapi::call(&basic(&sim, Duration::from_secs(10)), &list_pops()).unwrap_err();
    assert_eq!(e, UapiError::Http { call: "Email::list_pops".into(), status: 500 });
}

#[test]
fn a_hanging_cpanel_times_out_instead_of_hanging_the_page() {
    let sim = Sim::start();
    sim.set_faults(json!({"hang_nth": 1}));
    let started = Instant::now();
    let e = uapi::call(&basic(&sim, Duration::from_millis(800)), &list_pops()).unwrap_err();
    assert!(matches!(e, UapiError::Timeout { .. }), "{e}");
    assert!(started.elapsed() < Duration::from_secs(20), "the timeout did not fire");
}

#[test]
fn latency_is_injected_per_request() {
    let sim = Sim::start();
    sim.set_faults(json!({"latency_ms": 300}));
    let started = Instant::now();
    uapi::call(&basic(&sim, Duration::from_secs(10)), &list_pops()).unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[test]
fn the_uapi_command_line_tool_works_and_never_gets_a_password() {
    let sim = Sim::start();
    let bin = sim.root().join("usr/local/cpanel/bin");
    let mut o = CliOptions::new(bin.join("uapi"), bin.join("cpapi2"));
    o.user = Some("demo".into());
    let t = CliTransport::new(o.clone());
    assert_eq!(uapi::call(&t, &list_pops()).unwrap().as_array().unwrap().len(), 3);
    // Values with spaces and symbols survive the command line's encoding.
    let v = uapi::call(&t, &Call::new("PasswdStrength", "get_required_strength").arg("app", "pop")).unwrap();
    assert_eq!(v["strength"], json!(60));
    // Two jobs and cPanel's trailing {count} record.
    assert!(uapi::call_api2(&t, &Call::new("Cron", "listcron")).unwrap().as_array().unwrap().len() == 3);
    let secret = Call::new("Email", "passwd_pop").arg("email", "info@demo-shop.example").arg("password", "x").secret();
    assert!(matches!(uapi::call(&t, &secret), Err(UapiError::Unreachable { .. })));
    let missing = CliTransport::new(CliOptions::new("/nonexistent/uapi".into(), "/nonexistent/cpapi2".into()));
    assert!(matches!(uapi::call(&missing, &list_pops()), Err(UapiError::Unreachable { .. })));
}
