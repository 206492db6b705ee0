//! cpsrvd's side of LiveAPI, as cPanel builds it: for every request to a `.live.` page a fresh
//! Unix socket (0600, in a private folder) named by `CPANEL_CONNECT_SOCKET`, served as the
//! logged-in user, one thread per connection. The conversation is the one
//! `Cpanel/Parser/Legacy.pm` `parse` reads: `<length>\n<payload>` messages;
//! `<cpaneljson enable="1">` switches to JSON and is answered
//! `<?xml version="1.0" ?>\n<cpanelresult>{"data":{"result":"json"}}</cpanelresult>\n`;
//! `<cpanelxml shutdown="1" />` ends it (the socket is closed, nothing is answered); every
//! other message is answered `<?xml version="1.0" ?>\n<cpanelresult>…</cpanelresult>\n`.
//! A `<cpanelaction>` holds `{"module","reqtype":"exec","func","apiversion","args"}`; UAPI
//! answers `{"apiversion":3,"func","module","result":{…}}` and API 2 `{"cpanelresult":{…}}`
//! (what `Cpanel/LiveAPI.pm` and `php/cpanel.php` unpack). An action cPanel cannot run is
//! answered with an empty `<cpanelresult></cpanelresult>` (the clients' "check the cPanel
//! error_log" case).

use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::Scope;
use std::time::Duration;

use serde_json::{Value, json};

use crate::server::{Hit, Sim};

const XML_DECL: &str = "<?xml version=\"1.0\" ?>\n";
/// Largest message read (a batch of 200 password changes is far below this).
const MAX_MESSAGE: usize = 64 << 20;
/// How often a waiting thread looks whether the page request is over.
const POLL: Duration = Duration::from_millis(100);
/// How often the socket is checked for a new connection.
const ACCEPT_POLL: Duration = Duration::from_millis(2);

/// The socket of one page request.
pub struct Endpoint {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
    listener: UnixListener,
    connected: AtomicBool,
    stop: AtomicBool,
}

impl Endpoint {
    /// A fresh socket in a new private (0700) folder, itself 0600.
    pub fn open() -> std::io::Result<Endpoint> {
        let dir = tempfile::Builder::new().prefix("cpsrvd-live-").tempdir()?;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))?;
        let path = dir.path().join("live.sock");
        let listener = UnixListener::bind(&path)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        Ok(Endpoint { _dir: dir, path, listener, connected: AtomicBool::new(false), stop: AtomicBool::new(false) })
    }

    /// Did the page connect at least once?
    pub fn was_connected(&self) -> bool {
        self.connected.load(Ordering::SeqCst)
    }

    /// Accepts connections (a thread each) until [`Endpoint::finish`].
    pub fn serve<'scope, 'env>(
        &'env self,
        scope: &'scope Scope<'scope, 'env>,
        sim: &'env Sim,
        user: &'env str,
        remote: Option<std::net::IpAddr>,
    ) {
        scope.spawn(move || {
            // Polled, so that the end of the request always ends this thread.
            if self.listener.set_nonblocking(true).is_err() {
                return;
            }
            while !self.stop.load(Ordering::SeqCst) {
                match self.listener.accept() {
                    Ok((stream, _)) => {
                        if stream.set_nonblocking(false).is_err() {
                            continue;
                        }
                        self.connected.store(true, Ordering::SeqCst);
                        scope.spawn(move || {
                            Conversation { sim, user, remote, stop: &self.stop, stream, buf: Vec::new() }.run()
                        });
                    }
                    Err(_) => std::thread::sleep(ACCEPT_POLL),
                }
            }
            // A page that connected just before it ended did connect.
            while self.listener.accept().is_ok() {
                self.connected.store(true, Ordering::SeqCst);
            }
        });
    }

    /// The page request is over: stop accepting and end every conversation still waiting.
    pub fn finish(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

struct Conversation<'a> {
    sim: &'a Sim,
    user: &'a str,
    /// The browser's address of the page request (cpsrvd's `REMOTE_ADDR`).
    remote: Option<std::net::IpAddr>,
    stop: &'a AtomicBool,
    stream: UnixStream,
    buf: Vec<u8>,
}

enum Message {
    Payload(Vec<u8>),
    End,
}

impl Conversation<'_> {
    fn run(mut self) {
        let _ = self.stream.set_read_timeout(Some(POLL));
        let mut json_mode = false;
        loop {
            let payload = match self.next_message() {
                Message::Payload(p) => p,
                Message::End => return,
            };
            let text = String::from_utf8_lossy(&payload).into_owned();
            if has_flag(&text, "cpanelxml", "shutdown") {
                return;
            }
            if has_flag(&text, "cpaneljson", "enable") {
                json_mode = true;
                if self.write(&format!("{XML_DECL}<cpanelresult>{{\"data\":{{\"result\":\"json\"}}}}</cpanelresult>\n"))
                {
                    continue;
                }
                return;
            }
            let reply = if !text.trim_start().starts_with("<cpanel") {
                Reply::Json(
                    json!({"apiversion":"1","error":"No Valid Command Given.","data":{"reason":"No Valid Command Given.","result":"0"},"type":"text"}),
                )
            } else if !json_mode {
                // cPanel would answer in its XML form, which no client of this plugin reads.
                Reply::Raw("<error>cpanel-sim answers LiveAPI only in JSON mode: send &lt;cpaneljson enable=\"1\"&gt; first</error>".into())
            } else {
                self.action(&text)
            };
            let body = match reply {
                Reply::Json(v) => v.to_string(),
                Reply::Raw(s) => s,
                Reply::Cut(v) => {
                    let s = v.to_string();
                    s[..s.len() / 2].to_owned()
                }
                Reply::Never => {
                    while !self.stop.load(Ordering::SeqCst) {
                        std::thread::sleep(POLL);
                    }
                    return;
                }
                Reply::Close => return,
            };
            if !self.write(&format!("{XML_DECL}<cpanelresult>{body}</cpanelresult>\n")) {
                return;
            }
        }
    }

    /// Runs one `<cpanelaction>` as the page's user.
    fn action(&self, text: &str) -> Reply {
        let inner = text
            .split_once("<cpanelaction>")
            .and_then(|(_, rest)| rest.rsplit_once("</cpanelaction>"))
            .map(|(json, _)| json.trim());
        let Some(Ok(Value::Object(a))) = inner.map(serde_json::from_str::<Value>) else {
            return Reply::Raw(String::new());
        };
        let s = |k: &str| match a.get(k) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let (module, func, version) = (s("module"), s("func"), s("apiversion"));
        if s("reqtype") != "exec" || module.is_empty() || func.is_empty() {
            return Reply::Raw(String::new());
        }
        let args: Vec<(String, String)> = match a.get("args") {
            Some(Value::Object(o)) => o
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())))
                .collect(),
            None | Some(Value::Null) => Vec::new(),
            Some(_) => return Reply::Raw(String::new()),
        };
        self.sim.latency();
        self.sim.live_calls.fetch_add(1, Ordering::SeqCst);
        let mut hit = Hit::default();
        hit.remote = self.remote;
        let answer = match version.as_str() {
            "uapi" | "3" => {
                let result = self.sim.uapi_result(self.user, &module, &func, &args, &mut hit);
                json!({"apiversion": 3, "func": func, "module": module, "result": result})
            }
            "2" => self.sim.api2_result(self.user, &module, &func, &args, &mut hit),
            _ => return Reply::Raw(String::new()),
        };
        if hit.hang {
            Reply::Never
        } else if hit.lost_reply {
            Reply::Close
        } else if hit.http_error {
            // What stands for an HTTP 500 here: cPanel could not answer and logged why.
            Reply::Raw(String::new())
        } else if hit.malformed {
            Reply::Cut(answer)
        } else {
            Reply::Json(answer)
        }
    }

    /// Reads `<length>\n` and that many bytes, waiting while the page request lasts.
    fn next_message(&mut self) -> Message {
        loop {
            if let Some(nl) = self.buf.iter().position(|&b| b == b'\n') {
                // `int readline`: leading digits; anything else (or 0) ends the conversation.
                let line = String::from_utf8_lossy(&self.buf[..nl]).into_owned();
                let digits: String = line.trim().chars().take_while(char::is_ascii_digit).collect();
                let Some(len) = digits.parse::<usize>().ok().filter(|n| *n > 0 && *n <= MAX_MESSAGE) else {
                    return Message::End;
                };
                if self.buf.len() >= nl + 1 + len {
                    let payload = self.buf[nl + 1..nl + 1 + len].to_vec();
                    self.buf.drain(..nl + 1 + len);
                    return Message::Payload(payload);
                }
            } else if self.buf.len() > 24 {
                return Message::End;
            }
            let mut chunk = [0u8; 32 * 1024];
            match self.stream.read(&mut chunk) {
                Ok(0) => return Message::End,
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted) => {
                    if self.stop.load(Ordering::SeqCst) {
                        return Message::End;
                    }
                }
                Err(_) => return Message::End,
            }
        }
    }

    fn write(&mut self, s: &str) -> bool {
        let _ = self.stream.set_write_timeout(Some(Duration::from_secs(30)));
        self.stream.write_all(s.as_bytes()).is_ok()
    }
}

enum Reply {
    Json(Value),
    /// Written as is between `<cpanelresult>` and `</cpanelresult>` (empty: cPanel's
    /// "could not propagate the error").
    Raw(String),
    /// The first half of the JSON (fault injection).
    Cut(Value),
    /// The call ran; the answer never comes (fault injection).
    Never,
    /// The call ran; the connection closes without an answer (fault injection).
    Close,
}

/// `<TAG\s*ATTR=["']+1`, the test `Cpanel/Parser/Legacy.pm` makes for control messages.
fn has_flag(text: &str, tag: &str, attr: &str) -> bool {
    let Some(i) = text.find(&format!("<{tag}")) else {
        return false;
    };
    let rest = text[i + tag.len() + 1..].trim_start();
    let Some(rest) = rest.strip_prefix(attr).and_then(|r| r.strip_prefix('=')) else {
        return false;
    };
    let unquoted = rest.trim_start_matches(['"', '\'']);
    unquoted.len() < rest.len() && unquoted.starts_with('1')
}

#[cfg(test)]
mod tests {
    use super::has_flag;

    #[test]
    fn control_messages_are_recognised_like_cpanel_does() {
        assert!(has_flag(r#"<cpanelxml shutdown="1" />"#, "cpanelxml", "shutdown"));
        assert!(has_flag(r#"<cpaneljson enable='1'>"#, "cpaneljson", "enable"));
        assert!(!has_flag(r#"<cpaneljson enable="0">"#, "cpaneljson", "enable"));
        assert!(!has_flag(r#"<cpaneljson enable=1>"#, "cpaneljson", "enable"));
    }
}
