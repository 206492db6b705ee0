//! cPanel's LiveAPI: how a `.live.cgi` page calls cPanel. cpsrvd starts the page with
//! `CPANEL_CONNECT_SOCKET` naming a Unix socket served by the customer's own, already
//! authenticated cPanel process; calls over it need no password, cookie or token.
//!
//! The protocol, as cPanel's own clients speak it (`Cpanel/LiveAPI.pm`, `php/cpanel.php`) and
//! its server reads it (`Cpanel/Parser/Legacy.pm` `parse`):
//! - every message is `<byte length>\n<payload>`;
//! - first `<cpaneljson enable="1">` (answered with `{"data":{"result":"json"}}`);
//! - a call is `<cpanelaction>\n{"module","reqtype":"exec","func","apiversion","args"}\n</cpanelaction>`;
//! - every answer is `<?xml version="1.0" ?>\n<cpanelresult>JSON</cpanelresult>\n`, possibly with
//!   an `<error>…</error>` element before the JSON (FleetSSL's `cpanelgo` handles both), and
//!   `<cpanelresult></cpanelresult>` when cPanel could only log the error;
//! - `<cpanelxml shutdown="1" />` ends the conversation (cPanel closes the socket).
//!
//! Every read and write has a deadline, answers are capped in size, and a connection that failed
//! in the middle of a call is never used again (a late answer would be taken for the next call's).

use std::fmt;
use std::io::{ErrorKind, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use super::{Api2Envelope, Call, Envelope, Transport, UapiError};

/// The environment variable cpsrvd sets for `.live.` pages.
pub const SOCKET_ENV: &str = "CPANEL_CONNECT_SOCKET";

const ENABLE_JSON: &str = r#"<cpaneljson enable="1">"#;
const SHUTDOWN: &str = r#"<cpanelxml shutdown="1" />"#;
const RESULT_OPEN: &str = "<cpanelresult>";
const RESULT_CLOSE: &str = "</cpanelresult>";

#[derive(Debug, Clone)]
pub struct LiveOptions {
    /// Limit for one call: from the first byte sent to the end of its answer.
    pub timeout: Duration,
    /// Largest answer read (FleetSSL's client stops at 20 MB; a list of 10,000 mailboxes is
    /// about 2 MB).
    pub max_reply_bytes: usize,
}

impl Default for LiveOptions {
    fn default() -> LiveOptions {
        LiveOptions { timeout: Duration::from_secs(60), max_reply_bytes: 64 << 20 }
    }
}

/// Which API a call goes to: `apiversion` in the `<cpanelaction>` request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ApiVersion {
    Uapi,
    Api2,
}

impl ApiVersion {
    fn wire(self) -> &'static str {
        match self {
            ApiVersion::Uapi => "uapi",
            ApiVersion::Api2 => "2",
        }
    }
}

struct Conn {
    stream: UnixStream,
    /// Bytes read after the end of the previous answer (cPanel sends a newline after it).
    pending: Vec<u8>,
}

pub struct LiveTransport {
    /// `None` once the connection failed or was closed.
    conn: Mutex<Option<Conn>>,
    opts: LiveOptions,
}

impl fmt::Debug for LiveTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiveTransport").field("opts", &self.opts).finish_non_exhaustive()
    }
}

impl LiveTransport {
    /// Connects to cPanel's socket and switches the conversation to JSON.
    pub fn connect(socket: &Path, opts: LiveOptions) -> Result<LiveTransport, UapiError> {
        let name = "LiveAPI connection";
        let stream = UnixStream::connect(socket).map_err(|e| UapiError::Unreachable {
            call: name.to_owned(),
            detail: format!("cannot connect to cPanel's LiveAPI socket {}: {e}", socket.display()),
        })?;
        LiveTransport::over_stream(stream, opts)
    }

    /// Starts the conversation on a stream that is already connected to cPanel (or, in the
    /// fuzzing harness, to a peer that answers with arbitrary bytes).
    pub(crate) fn over_stream(stream: UnixStream, opts: LiveOptions) -> Result<LiveTransport, UapiError> {
        let t = LiveTransport { conn: Mutex::new(Some(Conn { stream, pending: Vec::new() })), opts };
        // cPanel answers `{"data":{"result":"json"}}`; nothing in it needs checking.
        t.exchange("LiveAPI connection", ENABLE_JSON)?;
        Ok(t)
    }

    /// Connects to the socket named by `CPANEL_CONNECT_SOCKET` in `env`, if set.
    pub fn from_env(
        env: &std::collections::HashMap<String, String>,
        opts: LiveOptions,
    ) -> Option<Result<LiveTransport, UapiError>> {
        let path = env.get(SOCKET_ENV).filter(|p| !p.is_empty())?;
        Some(LiveTransport::connect(Path::new(path), opts))
    }

    /// Says goodbye the way cPanel's clients do: the shutdown message, then read to the end.
    /// Also done on drop; errors are of no consequence here.
    pub fn close(&self) {
        let Some(mut conn) = self.conn.lock().unwrap_or_else(|p| p.into_inner()).take() else {
            return;
        };
        let deadline = Instant::now() + self.opts.timeout.min(Duration::from_secs(5));
        if send(&mut conn.stream, SHUTDOWN, deadline).is_err() {
            return;
        }
        let mut buf = [0u8; 4096];
        let mut total = 0usize;
        while let Ok(rest) = left(deadline) {
            let _ = conn.stream.set_read_timeout(Some(rest));
            match conn.stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    total += n;
                    if total > self.opts.max_reply_bytes {
                        break;
                    }
                }
            }
        }
    }

    fn action(&self, call: &Call, version: ApiVersion) -> Result<Value, UapiError> {
        super::check_name(call)?;
        let payload = action_payload(call, version);
        let reply = self.exchange(&call.name(), &payload)?;
        parse_reply(&call.name(), &reply)
    }

    /// Sends one message and reads its answer, up to and including `</cpanelresult>`.
    fn exchange(&self, name: &str, payload: &str) -> Result<Vec<u8>, UapiError> {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let Some(conn) = guard.as_mut() else {
            return Err(UapiError::Unreachable {
                call: name.to_owned(),
                detail: "the LiveAPI connection to cPanel was lost after an earlier failure".to_owned(),
            });
        };
        let deadline = Instant::now() + self.opts.timeout;
        let r = send(&mut conn.stream, payload, deadline)
            .and_then(|()| read_reply(conn, deadline, self.opts.max_reply_bytes));
        match r {
            Ok(reply) => Ok(reply),
            Err(e) => {
                // The conversation is out of step: never reuse it.
                *guard = None;
                Err(e.into_error(name, self.opts.timeout, self.opts.max_reply_bytes))
            }
        }
    }
}

impl Drop for LiveTransport {
    fn drop(&mut self) {
        self.close();
    }
}

impl Transport for LiveTransport {
    fn uapi(&self, call: &Call) -> Result<Envelope, UapiError> {
        let v = self.action(call, ApiVersion::Uapi)?;
        uapi_envelope(&call.name(), v)
    }

    fn api2(&self, call: &Call) -> Result<Api2Envelope, UapiError> {
        let v = self.action(call, ApiVersion::Api2)?;
        if v.get("cpanelresult").is_none()
            && let Some(e) = v.get("error").and_then(Value::as_str)
        {
            return Err(UapiError::Cpanel { call: call.name(), errors: vec![e.to_owned()] });
        }
        serde_json::from_value(v).map_err(|e| UapiError::Malformed { call: call.name(), detail: e.to_string() })
    }
}

/// A UAPI answer over LiveAPI is an object whose `result` is the result body; an answer with
/// only an `error` is cPanel refusing the call.
fn uapi_envelope(name: &str, v: Value) -> Result<Envelope, UapiError> {
    if v.get("result").is_none()
        && let Some(e) = v.get("error").and_then(Value::as_str)
    {
        return Err(UapiError::Cpanel { call: name.to_owned(), errors: vec![e.to_owned()] });
    }
    serde_json::from_value(v).map_err(|e| UapiError::Malformed { call: name.to_owned(), detail: e.to_string() })
}

/// `<cpanelaction>\n{…}\n</cpanelaction>`, with every parameter a string. A parameter given more
/// than once gets the names cPanel's form parser gives repeated keys (`Cpanel::Form`
/// `_get_available_name_for_value`): `command`, `command-0`, `command-1`…, which is what
/// `Cpanel::Args::get_multiple` reads back, in that order.
fn action_payload(call: &Call, version: ApiVersion) -> String {
    #[derive(serde::Serialize)]
    struct Action<'a> {
        module: &'a str,
        reqtype: &'a str,
        func: &'a str,
        apiversion: &'a str,
        args: Map<String, Value>,
    }
    let mut args = Map::new();
    for (k, v) in &call.args {
        let key = available_name(k, &args);
        args.insert(key, Value::String(v.clone()));
    }
    let action = Action { module: &call.module, reqtype: "exec", func: &call.func, apiversion: version.wire(), args };
    let json = serde_json::to_string(&action).expect("a JSON value always serializes");
    format!("<cpanelaction>\n{json}\n</cpanelaction>")
}

fn available_name(name: &str, taken: &Map<String, Value>) -> String {
    if !taken.contains_key(name) {
        return name.to_owned();
    }
    (0u64..)
        .map(|n| format!("{name}-{n}"))
        .find(|k| !taken.contains_key(k))
        .expect("an unbounded range has a free name")
}

/// What went wrong on the socket, before it is tied to a call.
enum WireError {
    Timeout,
    /// Closed while the message was being sent: cPanel reads whole messages only, so nothing ran.
    Closed,
    /// Closed after the whole message was sent, before the answer.
    NoAnswer,
    TooLarge,
    /// More `</cpanelresult>` inside the answer's strings than [`MAX_INNER_CLOSES`].
    Unframed,
    Io(std::io::Error),
}

impl WireError {
    fn into_error(self, call: &str, timeout: Duration, cap: usize) -> UapiError {
        let call = call.to_owned();
        match self {
            WireError::Timeout => UapiError::Timeout { call, seconds: timeout.as_secs().max(1) },
            WireError::Closed => {
                UapiError::Unreachable { call, detail: "cPanel closed the LiveAPI connection".to_owned() }
            }
            WireError::NoAnswer => UapiError::Lost { call },
            WireError::TooLarge => UapiError::Malformed { call, detail: format!("answer larger than {cap} bytes") },
            WireError::Unframed => UapiError::Malformed {
                call,
                detail: format!("more than {MAX_INNER_CLOSES} </cpanelresult> inside the answer's text"),
            },
            WireError::Io(e) => UapiError::Unreachable { call, detail: format!("LiveAPI socket: {e}") },
        }
    }
}

fn io_error(e: std::io::Error) -> WireError {
    match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => WireError::Timeout,
        ErrorKind::BrokenPipe | ErrorKind::ConnectionReset | ErrorKind::UnexpectedEof => WireError::Closed,
        _ => WireError::Io(e),
    }
}

fn left(deadline: Instant) -> Result<Duration, WireError> {
    match deadline.checked_duration_since(Instant::now()) {
        Some(d) if !d.is_zero() => Ok(d),
        _ => Err(WireError::Timeout),
    }
}

/// Writes `<len>\n<payload>` before the deadline.
fn send(stream: &mut UnixStream, payload: &str, deadline: Instant) -> Result<(), WireError> {
    let mut msg = format!("{}\n", payload.len()).into_bytes();
    msg.extend_from_slice(payload.as_bytes());
    let mut rest = &msg[..];
    while !rest.is_empty() {
        stream.set_write_timeout(Some(left(deadline)?)).map_err(WireError::Io)?;
        match stream.write(rest) {
            Ok(0) => return Err(WireError::Closed),
            Ok(n) => rest = &rest[n..],
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(io_error(e)),
        }
    }
    Ok(())
}

/// How many `</cpanelresult>` inside the text of one answer are looked past before the answer
/// is refused (each costs one scan of the answer so far).
pub(crate) const MAX_INNER_CLOSES: usize = 16;

/// How long to wait for more of an answer whose last `</cpanelresult>` came inside a string:
/// cPanel writes a whole answer at once, so its rest is never far behind.
const GRACE: Duration = Duration::from_millis(250);

/// Reads one answer, up to the `</cpanelresult>` that ends it; keeps what follows for the next.
///
/// cPanel's JSON does not escape `/`, so `</cpanelresult>` can appear inside a string of an
/// answer (a cron command, a file name, a forwarder: text the attacker chose). Stopping at the
/// first one would cut the answer and leave its tail to be taken as the next call's answer. So
/// a `</cpanelresult>` inside a JSON string ends the answer only when nothing follows it (an
/// answer cut short: cPanel sends nothing more until the next call).
fn read_reply(conn: &mut Conn, deadline: Instant, cap: usize) -> Result<Vec<u8>, WireError> {
    let mut buf = std::mem::take(&mut conn.pending);
    let mut from = 0usize;
    let mut inner = 0usize;
    // The end of an answer that may go on: it ends there if nothing but blanks follows.
    let mut maybe_end: Option<usize> = None;
    let mut chunk = vec![0u8; 32 * 1024];
    loop {
        if let Some(end) = maybe_end {
            if buf[end..].iter().all(u8::is_ascii_whitespace) {
                // Wait below, for a short while only.
            } else {
                maybe_end = None;
                inner += 1;
                if inner > MAX_INNER_CLOSES {
                    return Err(WireError::Unframed);
                }
            }
        }
        if maybe_end.is_none() {
            while let Some(i) = find(&buf[from..], RESULT_CLOSE.as_bytes()) {
                let end = from + i + RESULT_CLOSE.len();
                from = end;
                if !may_go_on(&buf[..end]) {
                    return Ok(take_answer(conn, buf, end));
                }
                if buf[end..].iter().all(u8::is_ascii_whitespace) {
                    maybe_end = Some(end);
                    break;
                }
                inner += 1;
                if inner > MAX_INNER_CLOSES {
                    return Err(WireError::Unframed);
                }
            }
            if maybe_end.is_none() {
                from = from.max(buf.len().saturating_sub(RESULT_CLOSE.len() - 1));
            }
        }
        if buf.len() > cap {
            return Err(WireError::TooLarge);
        }
        let wait = match maybe_end {
            Some(_) => left(deadline)?.min(GRACE),
            None => left(deadline)?,
        };
        conn.stream.set_read_timeout(Some(wait)).map_err(WireError::Io)?;
        match (conn.stream.read(&mut chunk), maybe_end) {
            (Ok(0), Some(end)) => return Ok(take_answer(conn, buf, end)),
            (Ok(0), None) => return Err(WireError::NoAnswer),
            (Ok(n), _) => buf.extend_from_slice(&chunk[..n]),
            (Err(e), _) if e.kind() == ErrorKind::Interrupted => {}
            (Err(e), Some(end)) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Ok(take_answer(conn, buf, end));
            }
            (Err(e), _) => {
                return Err(match io_error(e) {
                    WireError::Closed => WireError::NoAnswer,
                    other => other,
                });
            }
        }
    }
}

/// The answer is `buf[..end]`; what follows (less the newline cPanel ends it with) is kept.
fn take_answer(conn: &mut Conn, mut buf: Vec<u8>, end: usize) -> Vec<u8> {
    conn.pending = buf.split_off(end);
    while conn.pending.first().is_some_and(u8::is_ascii_whitespace) {
        conn.pending.remove(0);
    }
    buf
}

/// Whether the answer may go on after `frame`, which ends in `</cpanelresult>`: that
/// `</cpanelresult>` is inside a JSON string or an element.
fn may_go_on(frame: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(frame) else { return false };
    match reply_parts(text) {
        Ok((_, json)) => ends_inside_string(json),
        Err(ReplyError::Unclosed(_)) => true,
        Err(ReplyError::Other(_)) => false,
    }
}

/// Whether JSON text ends inside a string.
fn ends_inside_string(json: &str) -> bool {
    let (mut inside, mut escaped) = (false, false);
    for b in json.bytes() {
        match (inside, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => inside = false,
            (false, _, b'"') => inside = true,
            _ => {}
        }
    }
    inside
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

enum ReplyError {
    /// An element is not closed before the end (the answer may go on).
    Unclosed(&'static str),
    Other(&'static str),
}

/// The parts of an answer: the text of its `<error>` element, if any, and the JSON (possibly
/// empty) inside `<cpanelresult>…</cpanelresult>`. Tolerates the `<?xml …?>` declaration and
/// elements before the JSON.
fn reply_parts(text: &str) -> Result<(Option<String>, &str), ReplyError> {
    let start = text.find(RESULT_OPEN).ok_or(ReplyError::Other("no <cpanelresult> in the answer"))?;
    let inner = &text[start + RESULT_OPEN.len()..];
    let inner = &inner[..inner.rfind(RESULT_CLOSE).unwrap_or(inner.len())];
    let mut rest = inner.trim_start();
    let mut error_text: Option<String> = None;
    while rest.starts_with('<') {
        if let Some(after) = rest.strip_prefix("<error>") {
            let end = after.find("</error>").ok_or(ReplyError::Unclosed("an unclosed <error> element"))?;
            error_text = Some(after[..end].trim().to_owned());
            rest = after[end + "</error>".len()..].trim_start();
        } else {
            // Another element (FleetSSL's client skips these too): up to its closing tag.
            let tag_end = rest.find('>').ok_or(ReplyError::Unclosed("an unclosed element"))?;
            let tag = &rest[1..tag_end];
            let close = format!("</{}>", tag.split_whitespace().next().unwrap_or(""));
            rest = match (tag.ends_with('/'), rest.find(&close)) {
                (false, Some(i)) => &rest[i + close.len()..],
                _ => &rest[tag_end + 1..],
            }
            .trim_start();
        }
    }
    Ok((error_text, rest.trim_end()))
}

/// The JSON inside `<cpanelresult>…</cpanelresult>`; an `<error>` element's text is cPanel's
/// message when no JSON follows. An empty result without one means the call died inside cPanel
/// (the reason went to cPanel's error_log only): it may or may not have done its work, so its
/// outcome is unknown.
pub(crate) fn parse_reply(name: &str, reply: &[u8]) -> Result<Value, UapiError> {
    let malformed = |detail: &str| UapiError::Malformed { call: name.to_owned(), detail: detail.to_owned() };
    let text = std::str::from_utf8(reply).map_err(|_| malformed("the answer is not UTF-8"))?;
    let (error_text, json) =
        reply_parts(text).map_err(|(ReplyError::Unclosed(m) | ReplyError::Other(m))| malformed(m))?;
    if json.is_empty() {
        return Err(match error_text {
            Some(e) => UapiError::Cpanel { call: name.to_owned(), errors: vec![e] },
            // A complete answer (the conversation stays in step) without a result.
            None => malformed("an empty result: the call died inside cPanel (see cPanel's error_log)"),
        });
    }
    serde_json::from_str(json).map_err(|e| malformed(&e.to_string()))
}

#[cfg(test)]
mod tests;
