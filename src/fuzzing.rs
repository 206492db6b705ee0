//! Bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs`): each takes the fuzzer's bytes, feeds
//! them to one parser of hostile input and asserts that parser's invariants (round trips,
//! bounds, "what was accepted is exactly what was sent"), not only that it does not panic.
//!
//! They live in the library so that the libFuzzer targets are one line each and the committed
//! corpus is replayed by the ordinary test suite (`tests/fuzz_corpus.rs`) on the stable
//! toolchain. Not an API: nothing outside the fuzz crate and the tests calls these.
//!
//! Input layouts are plain text where the parser reads text, so a corpus file is a readable
//! real-world sample (a CGI environment, a wp-config.php, a cPanel reply).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{Value, json};

use crate::cgi::{Limits, Method, Request, RequestError, SecurityToken, csrf};
use crate::passwords::Secret;
use crate::passwords::configs::{self, Format};
use crate::passwords::plan::{self, CredentialId, Item, Kind};
use crate::sweep::detect;
use crate::uapi::live::{self, LiveOptions, LiveTransport};
use crate::uapi::{Api2Envelope, Call, Envelope, Transport, UapiError, envelope};

/// Splits at the first `sep`: (before, after); all of it is `before` when there is none.
fn split_at<'a>(data: &'a [u8], sep: &[u8]) -> (&'a [u8], &'a [u8]) {
    match data.windows(sep.len()).position(|w| w == sep) {
        Some(i) => (&data[..i], &data[i + sep.len()..]),
        None => (data, &[]),
    }
}

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

// ---------------------------------------------------------------------------------------------
// CGI request, cookies, urlencoded forms, CSRF token

/// The largest body the CGI target accepts (small, so the limit path is reached too).
pub const CGI_MAX_BODY: usize = 4096;

fn csrf_key() -> &'static csrf::Key {
    static KEY: OnceLock<csrf::Key> = OnceLock::new();
    KEY.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory for the CSRF key");
        let key = csrf::Key::load_or_create(&dir.path().join("state")).expect("a CSRF key");
        // The key is read once; the directory is no longer needed.
        drop(dir);
        key
    })
}

/// `KEY=VALUE` lines (the CGI environment), an empty line, then the request body.
pub fn cgi_request(data: &[u8]) {
    let (head, body) = split_at(data, b"\n\n");
    let mut env = HashMap::new();
    for line in String::from_utf8_lossy(head).split('\n') {
        if let Some((k, v)) = line.split_once('=') {
            env.insert(k.to_owned(), v.to_owned());
        }
    }
    let var = |k: &str| env.get(k).map(String::as_str).unwrap_or("");
    let limits = Limits { max_body: CGI_MAX_BODY };
    let mut reader = body;
    let r = Request::from_cgi(&env, &mut reader, &limits);
    let is_post = var("REQUEST_METHOD") == "POST";
    let declared: Option<usize> = var("CONTENT_LENGTH").trim().parse().ok();
    match r {
        Ok(req) => {
            let method = match req.method {
                Method::Get => "GET",
                Method::Head => "HEAD",
                Method::Post => "POST",
            };
            assert_eq!(method, var("REQUEST_METHOD"), "the method is the one cpsrvd gave");
            assert_eq!(req.user.as_str(), var("REMOTE_USER"), "the user is the one cpsrvd gave");
            assert!(SecurityToken::is_valid(req.security_token.as_str()), "a token that is not /cpsessN");
            if let Some(t) = env.get("cp_security_token").filter(|t| SecurityToken::is_valid(t)) {
                assert_eq!(req.security_token.as_str(), t, "cpsrvd's own token wins");
            }
            // Exactly CONTENT_LENGTH bytes are the form: not one more, not one less.
            if is_post && declared.unwrap_or(0) > 0 {
                let n = declared.unwrap_or(0);
                assert!(n <= CGI_MAX_BODY, "a body over the limit was read");
                assert_eq!(req.form, urlencoded(&body[..n]), "the form is the declared body");
                assert_eq!(reader.len(), body.len() - n, "read past CONTENT_LENGTH");
            } else {
                assert!(req.form.is_empty(), "a form without a POST body");
                assert_eq!(reader.len(), body.len(), "a body was read for a request without one");
            }
            for pairs in [&req.query, &req.form] {
                assert_eq!(&urlencoded(reencode(pairs).as_bytes()), pairs, "urlencoded round trip");
            }
            check_cookies(var("HTTP_COOKIE"), &req.cookies);
            check_csrf(&req);
        }
        Err(RequestError::MethodNotAllowed(m)) => {
            assert_eq!(m, var("REQUEST_METHOD"));
            assert!(!["GET", "HEAD", "POST"].contains(&m.as_str()));
        }
        Err(RequestError::BodyTooLarge { limit }) => {
            assert_eq!(limit, CGI_MAX_BODY);
            assert!(is_post && declared.is_some_and(|n| n > CGI_MAX_BODY));
            assert_eq!(reader.len(), body.len(), "a body over the limit was read before refusing it");
        }
        Err(RequestError::Io(_)) => {
            assert!(declared.is_some_and(|n| n > body.len()), "a short body is the only read error here");
        }
        Err(RequestError::BadLength) => assert!(declared.is_none()),
        Err(RequestError::UnsupportedContentType(_) | RequestError::NoUser | RequestError::NoSecurityToken) => {}
    }
}

/// A bare `Cookie:` header through the request parser.
pub fn cookies(data: &[u8]) {
    let header = String::from_utf8_lossy(data).replace('\n', " ");
    let mut env = base_env();
    env.insert("HTTP_COOKIE".to_owned(), header.clone());
    let req = Request::from_cgi(&env, &mut std::io::empty(), &Limits::default()).expect("a valid GET request");
    check_cookies(&header, &req.cookies);
    check_csrf(&req);
}

/// A POSTed `application/x-www-form-urlencoded` body through the request parser.
pub fn urlencoded_form(data: &[u8]) {
    let mut env = base_env();
    env.insert("REQUEST_METHOD".to_owned(), "POST".to_owned());
    env.insert("CONTENT_TYPE".to_owned(), "application/x-www-form-urlencoded; charset=UTF-8".to_owned());
    env.insert("CONTENT_LENGTH".to_owned(), data.len().to_string());
    let limits = Limits { max_body: 1 << 20 };
    let req = Request::from_cgi(&env, &mut &data[..], &limits).expect("a valid POST request");
    assert_eq!(req.form, urlencoded(data));
    assert_eq!(urlencoded(reencode(&req.form).as_bytes()), req.form, "urlencoded round trip");
    // What a page reads is the first value of a name, and every value in order.
    for (k, v) in &req.form {
        let first = req.form.iter().find(|(k2, _)| k2 == k).map(|(_, v)| v.as_str());
        assert_eq!(req.form_value(k), first);
        assert!(req.form_values(k).any(|x| x == v));
    }
    check_csrf(&req);
}

fn base_env() -> HashMap<String, String> {
    [
        ("REQUEST_METHOD", "GET"),
        ("REMOTE_USER", "demo"),
        ("SCRIPT_NAME", "/cpsess0123456789/frontend/jupiter/secure_reopen/index.live.cgi"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn urlencoded(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn reencode(pairs: &[(String, String)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

fn check_cookies(header: &str, cookies: &[(String, String)]) {
    for (name, value) in cookies {
        assert!(!name.is_empty(), "a cookie without a name");
        assert!(!name.contains([';', '=']) && !value.contains(';'), "a cookie that spans two: {name:?}");
        assert!(header.contains(name.as_str()) && header.contains(value.as_str()), "a cookie not in the header");
    }
}

/// A posted CSRF token is accepted exactly when it is the session's token.
fn check_csrf(req: &Request) {
    let key = csrf_key();
    let token = key.token(req);
    if key.verify(req) {
        assert_eq!(req.form_value(csrf::FIELD), Some(token.as_str()), "a CSRF token other than the session's passed");
    }
    let mut with = req.clone();
    with.form.insert(0, (csrf::FIELD.to_owned(), token));
    assert!(key.verify(&with), "the session's own CSRF token was refused");
}

// ---------------------------------------------------------------------------------------------
// cPanel's answers: LiveAPI frames and UAPI/API 2 envelopes

fn ignore_sigpipe() {
    static ONCE: OnceLock<()> = OnceLock::new();
    // A peer that hangs up must give an error, not kill the process (libFuzzer's `main` is not
    // Rust's, which would have set this).
    ONCE.get_or_init(|| unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    });
}

/// The result of one call over LiveAPI: the data, or the error.
type LiveResult = Result<Value, UapiError>;

/// Runs a LiveAPI conversation against a peer that sends `answer` (all of it, then hangs up):
/// the JSON switch, then `calls` calls alternating UAPI and API 2.
fn converse(answer: Vec<u8>, calls: usize) -> (Result<(), UapiError>, Vec<LiveResult>) {
    ignore_sigpipe();
    let (ours, theirs) = UnixStream::pair().expect("a socket pair");
    let peer = std::thread::spawn(move || {
        let mut s = theirs;
        let _ = s.write_all(&answer);
        let _ = s.shutdown(Shutdown::Write);
        let mut sink = Vec::new();
        let _ = s.read_to_end(&mut sink);
    });
    let opts = LiveOptions { timeout: Duration::from_secs(5), max_reply_bytes: 1 << 16 };
    let mut results = Vec::new();
    let started = match LiveTransport::over_stream(ours, opts) {
        Ok(t) => {
            for i in 0..calls {
                let c = Call::new("Fuzz", &format!("f{i}"));
                results.push(if i % 2 == 0 {
                    t.uapi(&c).and_then(|e| e.into_data(&c.name()))
                } else {
                    t.api2(&c).and_then(|e| e.into_data(&c.name()))
                });
            }
            Ok(())
        }
        Err(e) => Err(e),
    };
    peer.join().expect("the peer thread ends");
    (started, results)
}

fn wire_failure(e: &UapiError) -> bool {
    matches!(e, UapiError::Timeout { .. } | UapiError::Unreachable { .. } | UapiError::Lost { .. })
}

/// Arbitrary bytes as everything cPanel's side of the LiveAPI socket says.
pub fn live_stream(data: &[u8]) {
    let (started, results) = converse(data.to_vec(), 4);
    let frames = count(data, b"</cpanelresult>");
    match started {
        Ok(()) => assert!(frames >= 1, "the JSON switch was answered without a frame"),
        Err(e) => assert!(results.is_empty(), "{e}"),
    }
    let answered = results.iter().filter(|r| !r.as_ref().is_err_and(wire_failure)).count();
    assert!(answered < frames.max(1), "{answered} answers from {frames} frames");
    // A conversation that failed is never used again: a late answer would be taken for the
    // next call's. (An answer that was complete but wrong leaves it in step.)
    if let Some(first) = results.iter().position(|r| r.as_ref().is_err_and(wire_failure)) {
        for r in &results[first + 1..] {
            assert!(
                matches!(r, Err(UapiError::Unreachable { detail, .. }) if detail.contains("lost after an earlier failure")),
                "a call after a failed one used the connection: {r:?}"
            );
        }
    }
    let _ = live::parse_reply("Fuzz::f", data);
}

fn is_malformed(e: &UapiError) -> bool {
    matches!(e, UapiError::Malformed { .. })
}

/// Lines of text become the data of successive answers, framed exactly as cPanel frames them
/// (`Cpanel::JSON::Dump`, which does not escape `/`); each call must get its own answer back.
pub fn live_roundtrip(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let values: Vec<&str> = text.split('\n').take(6).collect();
    let mut answer = frame(&json!({"data":{"result":"json"}}));
    for (i, v) in values.iter().enumerate() {
        let body = if i % 2 == 0 {
            json!({"apiversion":3,"func":format!("f{i}"),"module":"Fuzz",
                "result":{"data":v,"errors":null,"messages":null,"metadata":{},"status":1,"warnings":null}})
        } else {
            json!({"cpanelresult":{"apiversion":2,"data":v,"event":{"result":1},"func":format!("f{i}"),"module":"Fuzz"}})
        };
        answer.extend(frame(&body));
    }
    let (started, results) = converse(answer, values.len());
    started.expect("the JSON switch");
    for (i, (got, want)) in results.iter().zip(&values).enumerate() {
        if count(want.as_bytes(), b"</cpanelresult>") > live::MAX_INNER_CLOSES {
            // Refused by design (each one costs a scan of the answer): the conversation ends.
            assert!(matches!(got, Err(UapiError::Malformed { .. })), "answer {i}: {got:?}");
            assert!(results[i + 1..].iter().all(|r| matches!(r, Err(UapiError::Unreachable { .. }))));
            break;
        }
        assert_eq!(got.as_ref().ok(), Some(&Value::String(want.to_string())), "answer {i} is not its own");
    }
    // The same answer through the frame parser alone.
    for v in &values {
        let one = frame(&json!({"result":{"status":1,"data":v}}));
        let parsed = live::parse_reply("Fuzz::f", &one).expect("a well-formed frame");
        assert_eq!(parsed["result"]["data"], Value::String(v.to_string()));
    }
}

fn frame(v: &Value) -> Vec<u8> {
    format!("<?xml version=\"1.0\" ?>\n<cpanelresult>{v}</cpanelresult>\n").into_bytes()
}

/// The first byte is the batch size (1–8); the rest is one JSON answer, read as every envelope.
pub fn envelopes(data: &[u8]) {
    let Some((&n, body)) = data.split_first() else { return };
    let calls: Vec<Call> = (0..=(n % 8)).map(|i| Call::new("M", &format!("f{i}"))).collect();
    let json: Option<Value> = serde_json::from_slice(body).ok();
    // serde skips ignored fields without checking their strings' UTF-8, so an envelope may
    // parse where a `Value` does not; the shape is checked when both do.
    // serde also reads a struct from a JSON array (its fields in order): the shape is checked
    // for objects.
    let has = |k: &str| json.as_ref().and_then(Value::as_object).is_none_or(|m| m.contains_key(k));
    if let Ok(env) = Envelope::parse_bare("M::f", body) {
        assert!(has("status"), "a bare result without status");
        check_failure_has_message(env.into_data("M::f"));
    }
    if let Ok(env) = Api2Envelope::parse("M::f", body) {
        assert!(has("cpanelresult"));
        check_failure_has_message(env.into_data("M::f"));
    }
    let Ok(env) = Envelope::parse("Batch::strict", body) else { return };
    assert!(has("result"), "a wrapped answer without result");
    let batch_ok = env.result.ok();
    let data_null = env.result.data.is_null();
    check_failure_has_message(env.clone().into_data("Batch::strict"));
    match envelope::split_batch(env, &calls) {
        Ok(out) => {
            assert!(out.len() <= calls.len(), "more results than calls");
            if let Some((last, before)) = out.split_last() {
                assert!(before.iter().all(Result::is_ok), "a result after a failure (cPanel stops at the first)");
                if out.len() < calls.len() {
                    assert!(last.is_err(), "a short batch without a failure");
                }
            } else {
                assert!(!batch_ok && data_null, "no results from a batch that ran");
            }
            for (r, c) in out.iter().zip(&calls) {
                if let Err(e) = r {
                    assert!(matches!(e, UapiError::Cpanel { call, errors } if *call == c.name() && !errors.is_empty()));
                }
            }
        }
        Err(e) => assert!(is_malformed(&e)),
    }
}

fn check_failure_has_message(r: Result<Value, UapiError>) {
    if let Err(e) = r {
        assert!(!e.cpanel_messages().is_empty(), "a failure without a message: {e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration files: read, rewrite one password, read again

/// First line: the new password (control characters dropped, as the plan refuses them); the
/// rest: the file. `format` picks the reader.
pub fn config_rewrite(format: Format, data: &[u8]) {
    let (first, rest) = split_at(data, b"\n");
    let mut new: String = String::from_utf8_lossy(first).chars().filter(|c| !c.is_control()).collect();
    if new.is_empty() {
        new = "n3w-Pa55word".to_owned();
    }
    let text = String::from_utf8_lossy(rest);
    let text = text.as_ref();
    let Ok(logins) = configs::find(format, text) else { return };
    for (i, l) in logins.iter().enumerate().take(4) {
        let span = l.value_span();
        assert!(span.start <= span.end && span.end <= text.len(), "a span outside the file");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "a span inside a character");
        assert_eq!(l.line, text[..span.start].matches('\n').count() + 1, "the line of the value");
        let Ok(out) = configs::rewrite(format, text, l, &new) else { continue };
        assert!(out.starts_with(&text[..span.start]), "bytes before the value changed");
        assert!(out.ends_with(&text[span.end..]), "bytes after the value changed");
        assert!(out.len() >= text.len() - span.len());
        let again = configs::find(format, &out).expect("a rewritten file reads again");
        assert_eq!(again.len(), logins.len(), "the rewrite changed how many logins the file has");
        for (j, (a, b)) in again.iter().zip(&logins).enumerate() {
            assert_eq!(a.user, b.user, "login {j}'s user changed");
            if i == j {
                assert_eq!(a.password, new, "the new password does not read back");
            } else {
                assert_eq!(a.password, b.password, "another login's password changed");
            }
        }
        // A rollback puts the old password back: what was changed can be changed back.
        if !l.password.chars().any(char::is_control) {
            let back = configs::rewrite(format, &out, &again[i], &l.password).expect("the old password goes back");
            let restored = configs::find(format, &back).expect("a restored file reads again");
            let pairs =
                |v: &[configs::DbLogin]| v.iter().map(|l| (l.user.clone(), l.password.clone())).collect::<Vec<_>>();
            assert_eq!(pairs(&restored), pairs(&logins), "the rollback did not restore every login");
        }
    }
    if format == Format::WordPress
        && let Ok(out) = configs::harden_wordpress(text)
    {
        let again = configs::find(format, &out).expect("a hardened file reads again");
        let pairs = |v: &[configs::DbLogin]| v.iter().map(|l| (l.user.clone(), l.password.clone())).collect::<Vec<_>>();
        assert_eq!(pairs(&again), pairs(&logins), "hardening changed the database login");
    }
}

pub fn php_config(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else { return };
    let format = [Format::WordPress, Format::Joomla, Format::Drupal][usize::from(sel % 3)];
    config_rewrite(format, rest);
}

pub fn dotenv(data: &[u8]) {
    config_rewrite(Format::DotEnv, data);
}

// ---------------------------------------------------------------------------------------------
// The password sheet (CSV) the customer downloads and may post back

pub fn password_csv(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(rows) = plan::from_csv(&text) {
        let items = to_items(&rows);
        let again = plan::from_csv(&plan::to_csv(&items)).expect("our own CSV reads back");
        assert_eq!(pairs(&again), pairs(&rows), "CSV round trip");
    }
    // The same bytes as items (`kind login NUL password NUL`…), without control characters
    // (the plan refuses those): what we write, we read back unchanged.
    let mut items = Vec::new();
    let mut fields = data.split(|b| *b == 0);
    while let (Some(a), Some(b)) = (fields.next(), fields.next()) {
        let Some((&k, login)) = a.split_first() else { continue };
        let clean = |b: &[u8]| String::from_utf8_lossy(b).chars().filter(|c| !c.is_control()).collect::<String>();
        items.push(Item {
            id: CredentialId { kind: Kind::ALL[usize::from(k) % Kind::ALL.len()], login: clean(login) },
            password: Secret::new(clean(b)),
            custom: true,
        });
    }
    let rows = plan::from_csv(&plan::to_csv(&items)).expect("our own CSV reads back");
    assert_eq!(pairs(&rows), pairs(&from_items(&items)), "CSV round trip of written items");
}

fn to_items(rows: &[(CredentialId, Secret)]) -> Vec<Item> {
    rows.iter().map(|(id, p)| Item { id: id.clone(), password: p.clone(), custom: false }).collect()
}

fn from_items(items: &[Item]) -> Vec<(CredentialId, Secret)> {
    items.iter().map(|i| (i.id.clone(), i.password.clone())).collect()
}

fn pairs(rows: &[(CredentialId, Secret)]) -> Vec<(CredentialId, String)> {
    rows.iter().map(|(id, p)| (id.clone(), p.expose().to_owned())).collect()
}

// ---------------------------------------------------------------------------------------------
// The sweep's detectors

/// First line: the file's path under the document root; the rest: its text. The text is read
/// as the named file and as `.htaccess` and a PHP file.
pub fn sweep_detect(data: &[u8]) {
    let (path, text) = split_at(data, b"\n");
    let path = String::from_utf8_lossy(path);
    let own = ["demo-shop.example".to_owned()];
    let name = path.rsplit('/').next().unwrap_or("");
    let lines = text.iter().filter(|b| **b == b'\n').count() + 1;
    for n in [name, ".htaccess", "x.php", ".user.ini", "x.js", "x.html", "x.pl"] {
        let (hits, _) = detect::by_content(n, text, &own);
        for h in &hits {
            assert!(h.evidence.chars().count() <= 120, "evidence longer than 120 characters");
            assert!(!h.evidence.chars().any(char::is_control), "a control character in evidence");
            if let Some(line) = h.line {
                assert!((1..=lines).contains(&line), "line {line} of {lines}");
            }
        }
    }
    for h in detect::by_path(&path) {
        assert!(h.evidence.chars().count() <= 120);
        assert!(h.line.is_none());
    }
}

/// A target's body: the fuzzer's bytes in, a panic when an invariant does not hold.
pub type Body = fn(&[u8]);

/// Every target, by the name of its folder under `fuzz/corpus/`.
pub const TARGETS: &[(&str, Body)] = &[
    ("cgi_request", cgi_request),
    ("cookies", cookies),
    ("urlencoded_form", urlencoded_form),
    ("live_stream", live_stream),
    ("live_roundtrip", live_roundtrip),
    ("envelopes", envelopes),
    ("php_config", php_config),
    ("dotenv", dotenv),
    ("password_csv", password_csv),
    ("sweep_detect", sweep_detect),
];
