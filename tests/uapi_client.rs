//! The plugin's UAPI client: LiveAPI byte for byte against a scripted cPanel socket and
//! against the simulator's live-page socket, HTTP with a token or a password (bare answers),
//! and cPanel's command-line tool: batches, and every injected fault ends in a clear error,
//! never a hang.

use std::io::{Read, Write};
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;

use secure_reopen::uapi::cli::{CliOptions, CliTransport};
use secure_reopen::uapi::http::{Auth, HttpOptions, HttpTransport};
use secure_reopen::uapi::live::{LiveOptions, LiveTransport};
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
    // A weak password fails while the batch runs: the calls after it are sent again.
    let weak = Call::new("Mysql", "set_password").arg("user", "demo_wpuser").arg("password", "abc").secret();
    let calls = [list_pops(), weak, Call::new("Ftp", "list_ftp"), Call::new("Tokens", "list")];
    let r = uapi::batch(&t, &calls);
    assert_eq!(r.len(), 4);
    assert!(r[0].is_ok());
    assert!(r[1].as_ref().unwrap_err().cpanel_messages()[0].contains("too weak"), "{:?}", r[1]);
    assert!(r[2].as_ref().unwrap().as_array().unwrap().iter().any(|f| f["user"] == json!("dev@demo-shop.example")));
    assert!(r[3].is_ok());
}

#[test]
fn a_batch_cpanel_refuses_whole_for_an_unknown_function_is_asked_call_by_call() {
    let sim = Sim::start();
    let t = basic(&sim, Duration::from_secs(10));
    let unsuspend = Call::new("Email", "unsuspend_login").arg("email", "post@demo-shop.example");
    let calls = [unsuspend, Call::new("Email", "nope"), Call::new("Tokens", "list")];
    let r = uapi::batch(&t, &calls);
    assert_eq!(r.len(), 3);
    assert!(r[0].is_ok(), "{:?}", r[0]);
    assert_eq!(
        r[1].as_ref().unwrap_err().cpanel_messages(),
        ["The system could not find the function “nope” in the module “Email”."]
    );
    assert!(r[2].is_ok());
    let post = &sim.state()["accounts"]["demo"]["mailboxes"][1];
    assert_eq!((&post["email"], &post["suspended_login"]), (&json!("post@demo-shop.example"), &json!(false)));
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

// ---- LiveAPI -------------------------------------------------------------------------------

const ENABLE: &[u8] = b"23\n<cpaneljson enable=\"1\">";
const ENABLED: &[u8] = b"<?xml version=\"1.0\" ?>\n<cpanelresult>{\"data\":{\"result\":\"json\"}}</cpanelresult>\n";
const SHUTDOWN: &[u8] = b"26\n<cpanelxml shutdown=\"1\" />";

/// A scripted cPanel: for each step, the exact bytes it must receive and what it answers
/// (`None`: it stops answering, `Some(b"")`: it closes the connection).
struct Peer {
    _dir: tempfile::TempDir,
    path: PathBuf,
    thread: Option<std::thread::JoinHandle<Result<(), String>>>,
}

impl Peer {
    fn start(script: Vec<(Vec<u8>, Option<Vec<u8>>)>) -> Peer {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cpanel.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let thread = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().map_err(|e| e.to_string())?;
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            for (want, answer) in script {
                let mut got = vec![0u8; want.len()];
                s.read_exact(&mut got).map_err(|e| format!("reading {:?}: {e}", String::from_utf8_lossy(&want)))?;
                if got != want {
                    return Err(format!(
                        "expected {:?}\n     got {:?}",
                        String::from_utf8_lossy(&want),
                        String::from_utf8_lossy(&got)
                    ));
                }
                match answer {
                    None => {
                        std::thread::sleep(Duration::from_secs(3));
                        return Ok(());
                    }
                    Some(a) if a.is_empty() => return Ok(()),
                    Some(a) => s.write_all(&a).map_err(|e| e.to_string())?,
                }
            }
            // After the last step: nothing more may arrive; cPanel closes.
            let mut rest = Vec::new();
            let _ = s.read_to_end(&mut rest);
            if rest.is_empty() {
                Ok(())
            } else {
                Err(format!("unexpected bytes: {:?}", String::from_utf8_lossy(&rest)))
            }
        });
        Peer { _dir: dir, path, thread: Some(thread) }
    }

    fn finish(mut self) {
        self.thread.take().unwrap().join().unwrap().unwrap();
    }
}

fn framed(payload: &str) -> Vec<u8> {
    format!("{}\n{payload}", payload.len()).into_bytes()
}

fn answer(json: &str) -> Option<Vec<u8>> {
    Some(format!("<?xml version=\"1.0\" ?>\n<cpanelresult>{json}</cpanelresult>\n").into_bytes())
}

fn live(path: &Path, timeout: Duration) -> LiveTransport {
    LiveTransport::connect(path, LiveOptions { timeout, ..LiveOptions::default() }).unwrap()
}

#[test]
fn liveapi_messages_are_byte_exact() {
    let uapi_call = "<cpanelaction>\n{\"module\":\"Email\",\"reqtype\":\"exec\",\"func\":\"passwd_pop\",\"apiversion\":\"uapi\",\
                     \"args\":{\"email\":\"info@demo-shop.example\",\"password\":\"Tq8v Lm2r\\\"X\\\\w9\"}}\n</cpanelaction>";
    let api2_call = "<cpanelaction>\n{\"module\":\"Cron\",\"reqtype\":\"exec\",\"func\":\"listcron\",\"apiversion\":\"2\",\"args\":{}}\n</cpanelaction>";
    // Batch::strict's repeated `command`: the names cPanel's form parser gives them.
    let batch_call = "<cpanelaction>\n{\"module\":\"Batch\",\"reqtype\":\"exec\",\"func\":\"strict\",\"apiversion\":\"uapi\",\"args\":{\
                      \"command\":\"[\\\"Email\\\",\\\"list_pops\\\",{}]\",\
                      \"command-0\":\"[\\\"Ftp\\\",\\\"list_ftp\\\",{}]\"}}\n</cpanelaction>";
    let peer = Peer::start(vec![
        (ENABLE.to_vec(), Some(ENABLED.to_vec())),
        (
            framed(uapi_call),
            answer(r#"{"apiversion":3,"func":"passwd_pop","module":"Email","result":{"data":null,"errors":null,"messages":null,"metadata":{},"status":1,"warnings":null}}"#),
        ),
        (
            framed(api2_call),
            // cPanel may put an <error> element before the JSON.
            Some(b"<?xml version=\"1.0\" ?>\n<cpanelresult><error>A warning occurred while processing this directive.</error>{\"cpanelresult\":{\"apiversion\":2,\"data\":[{\"linekey\":\"k1\"}],\"event\":{\"result\":1}}}</cpanelresult>\n".to_vec()),
        ),
        (
            framed(batch_call),
            answer(r#"{"apiversion":3,"func":"strict","module":"Batch","result":{"data":[{"data":[1],"status":1},{"data":[2],"status":1}],"errors":null,"messages":null,"metadata":{},"status":1,"warnings":null}}"#),
        ),
        (SHUTDOWN.to_vec(), Some(Vec::new())),
    ]);
    let t = live(&peer.path, Duration::from_secs(5));
    let c = Call::new("Email", "passwd_pop")
        .arg("email", "info@demo-shop.example")
        .arg("password", "Tq8v Lm2r\"X\\w9")
        .secret();
    assert_eq!(uapi::call(&t, &c).unwrap(), json!(null));
    assert_eq!(uapi::call_api2(&t, &Call::new("Cron", "listcron")).unwrap(), json!([{"linekey": "k1"}]));
    let r = uapi::batch(&t, &[list_pops(), Call::new("Ftp", "list_ftp")]);
    assert_eq!(r, vec![Ok(json!([1])), Ok(json!([2]))]);
    drop(t);
    peer.finish();
}

#[test]
fn a_silent_cpanel_times_out_and_the_connection_is_not_reused() {
    let peer =
        Peer::start(vec![(ENABLE.to_vec(), Some(ENABLED.to_vec())), (framed(&action("Email", "list_pops")), None)]);
    let t = live(&peer.path, Duration::from_millis(500));
    let started = Instant::now();
    assert!(matches!(uapi::call(&t, &list_pops()), Err(UapiError::Timeout { .. })));
    assert!(started.elapsed() < Duration::from_secs(3));
    // A late answer must never be read as the next call's.
    let e = uapi::call(&t, &list_pops()).unwrap_err();
    assert!(matches!(&e, UapiError::Unreachable { detail, .. } if detail.contains("lost")), "{e}");
}

#[test]
fn a_closed_connection_an_oversized_or_empty_answer_are_clear_errors() {
    let peer = Peer::start(vec![
        (ENABLE.to_vec(), Some(ENABLED.to_vec())),
        (framed(&action("Email", "list_pops")), Some(Vec::new())),
    ]);
    let e = uapi::call(&live(&peer.path, Duration::from_secs(5)), &list_pops()).unwrap_err();
    assert!(matches!(&e, UapiError::Lost { .. }) && e.outcome_unknown(), "{e}");

    let huge = format!("<?xml version=\"1.0\" ?>\n<cpanelresult>{}", "x".repeat(300_000)).into_bytes();
    let peer = Peer::start(vec![
        (ENABLE.to_vec(), Some(ENABLED.to_vec())),
        (framed(&action("Email", "list_pops")), Some(huge)),
    ]);
    let t =
        LiveTransport::connect(&peer.path, LiveOptions { timeout: Duration::from_secs(5), max_reply_bytes: 100_000 })
            .unwrap();
    let e = uapi::call(&t, &list_pops()).unwrap_err();
    assert!(matches!(&e, UapiError::Malformed { detail, .. } if detail.contains("larger than")), "{e}");

    let peer = Peer::start(vec![
        (ENABLE.to_vec(), Some(ENABLED.to_vec())),
        (
            framed(&action("Email", "list_pops")),
            Some(b"<?xml version=\"1.0\" ?>\n<cpanelresult></cpanelresult>\n".to_vec()),
        ),
        (SHUTDOWN.to_vec(), Some(Vec::new())),
    ]);
    let t = live(&peer.path, Duration::from_secs(5));
    let e = uapi::call(&t, &list_pops()).unwrap_err();
    assert!(e.outcome_unknown(), "an empty result may or may not have done the work: {e}");
    drop(t);
    peer.finish();
}

#[test]
fn no_socket_means_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = LiveTransport::connect(&dir.path().join("none.sock"), LiveOptions::default()).unwrap_err();
    assert!(matches!(&e, UapiError::Unreachable { detail, .. } if detail.contains("LiveAPI socket")), "{e}");
}

fn action(module: &str, func: &str) -> String {
    format!(
        "<cpanelaction>\n{{\"module\":\"{module}\",\"reqtype\":\"exec\",\"func\":\"{func}\",\"apiversion\":\"uapi\",\"args\":{{}}}}\n</cpanelaction>"
    )
}

/// The simulator's live-page socket, held open by a stand-in page while a test speaks to it.
pub struct HeldPage {
    pub sim: Sim,
    pub socket: PathBuf,
    dir: tempfile::TempDir,
    request: Option<std::thread::JoinHandle<Page>>,
}

impl HeldPage {
    /// Starts a simulator whose live page only waits (its socket open) until released.
    pub fn open() -> HeldPage {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display().to_string();
        let script = dir.path().join("index.live.cgi");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\ncase \"$1\" in incident|helper|whm-token) exit 0;; esac\n\
                 printf '%s' \"$CPANEL_CONNECT_SOCKET\" > '{d}/socket.tmp' && mv '{d}/socket.tmp' '{d}/socket'\n\
                 while [ ! -e '{d}/go' ]; do sleep 0.02; done\n\
                 printf 'Content-Type: text/plain\\r\\n\\r\\n'\n\
                 if [ -e '{d}/big' ]; then head -c 200000 /dev/zero | tr '\\0' x; else echo released; fi\n"
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let sim = Sim::start_with(Options { plugin_bin: Some(script), ..Options::default() });
        let b = sim.browser();
        let request = std::thread::spawn(move || b.plugin());
        let socket_file = dir.path().join("socket");
        let deadline = Instant::now() + Duration::from_secs(20);
        while !socket_file.exists() {
            assert!(Instant::now() < deadline, "the live page did not start");
            std::thread::sleep(Duration::from_millis(10));
        }
        let socket = PathBuf::from(std::fs::read_to_string(&socket_file).unwrap());
        HeldPage { sim, socket, dir, request: Some(request) }
    }

    /// Lets the page finish (with a page of 200,000 bytes when `big`) and returns it.
    pub fn release(mut self, big: bool) -> Page {
        if big {
            std::fs::write(self.dir.path().join("big"), "").unwrap();
        }
        std::fs::write(self.dir.path().join("go"), "").unwrap();
        self.request.take().unwrap().join().unwrap()
    }
}

#[test]
fn every_fault_reaches_the_page_over_liveapi_as_a_clear_error() {
    let page = HeldPage::open();
    let sim = &page.sim;
    let t = live(&page.socket, Duration::from_millis(800));
    assert_eq!(uapi::call(&t, &list_pops()).unwrap().as_array().unwrap().len(), 3);

    sim.set_faults(json!({"fail_nth": 1}));
    assert!(uapi::call(&t, &list_pops()).unwrap_err().cpanel_messages()[0].contains("Simulated failure"));
    sim.set_faults(json!({"malformed_nth": 1}));
    assert!(matches!(uapi::call(&t, &list_pops()), Err(UapiError::Malformed { .. })));
    sim.set_faults(json!({"http_error_nth": 1}));
    assert!(uapi::call(&t, &list_pops()).unwrap_err().outcome_unknown());
    // The connection is still in step after answers that were wrong but complete.
    assert!(uapi::call_api2(&t, &Call::new("Cron", "listcron")).is_ok());

    sim.set_faults(json!({"hang_nth": 1}));
    let started = Instant::now();
    assert!(matches!(uapi::call(&t, &list_pops()), Err(UapiError::Timeout { .. })));
    assert!(started.elapsed() < Duration::from_secs(5));

    // The call runs, its answer is lost: the page cannot know, cPanel's state shows it ran.
    sim.set_faults(json!({"lost_reply_nth": 1}));
    let t = live(&page.socket, Duration::from_secs(5));
    let unsuspend = Call::new("Email", "unsuspend_login").arg("email", "post@demo-shop.example");
    let e = uapi::call(&t, &unsuspend).unwrap_err();
    assert!(matches!(&e, UapiError::Lost { .. }) && e.outcome_unknown(), "{e}");
    assert_eq!(sim.state()["accounts"]["demo"]["mailboxes"][1]["suspended_login"], json!(false));
    sim.set_faults(json!({}));
    t.close();
    assert_eq!(page.release(false).body.trim(), "released");
}

#[test]
fn a_page_over_64_kib_is_served_without_hanging() {
    let page = HeldPage::open();
    let t = live(&page.socket, Duration::from_secs(5));
    assert!(uapi::call(&t, &list_pops()).is_ok());
    let started = Instant::now();
    let p = page.release(true);
    assert_eq!(p.status, 200);
    assert_eq!(p.body.len(), 200_000);
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    drop(t);
}

#[test]
fn latency_is_injected_per_request() {
    let page = HeldPage::open();
    page.sim.set_faults(json!({"latency_ms": 300}));
    let t = live(&page.socket, Duration::from_secs(5));
    let started = Instant::now();
    uapi::call(&t, &list_pops()).unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    drop(t);
    page.release(false);
}

#[test]
fn the_page_itself_talks_to_cpanel_over_liveapi() {
    let sim = Sim::start();
    let before = calls(&sim)["live_calls"].as_u64().unwrap();
    let p = sim.browser().plugin();
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(calls(&sim)["live_calls"].as_u64().unwrap() > before, "the page made no LiveAPI call");
}

fn calls(sim: &Sim) -> serde_json::Value {
    serde_json::from_str(&http_get(&format!("{}/__sim/calls", sim.url()), &[]).1).unwrap()
}
