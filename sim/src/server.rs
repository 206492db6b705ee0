//! The cpsrvd-like HTTP server: logins and sessions, `/execute` (UAPI), `/json-api/cpanel`
//! (API 2), the dashboard, the plugin's CGI, the websites (closed by hold include files), and
//! the `/__sim/` test hooks. One thread per request: the plugin's CGI calls back in while its
//! own request is still open.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tiny_http::{Header, Request, Response};

use crate::state::World;
use crate::uapi;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Faults {
    /// Added to every /execute and /json-api request.
    #[serde(default)]
    pub latency_ms: u64,
    /// The Nth function call (counting calls inside a batch) answers status 0.
    #[serde(default)]
    pub fail_nth: Option<u64>,
    /// The HTTP answer carrying the Nth call is cut-off JSON.
    #[serde(default)]
    pub malformed_nth: Option<u64>,
    /// The HTTP request carrying the Nth call never answers.
    #[serde(default)]
    pub hang_nth: Option<u64>,
    /// The HTTP request carrying the Nth call answers HTTP 500.
    #[serde(default)]
    pub http_error_nth: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub user: String,
    pub token: String,
}

pub struct Sim {
    pub state_dir: PathBuf,
    pub root: PathBuf,
    pub plugin_bin: PathBuf,
    pub plugin_dir: PathBuf,
    pub url: Mutex<String>,
    pub world: Mutex<World>,
    pub sessions: Mutex<HashMap<String, Session>>,
    pub faults: Mutex<Faults>,
    pub calls: AtomicU64,
    pub cli_secret: String,
}

/// What a request's calls ran into.
#[derive(Default)]
struct Hit {
    malformed: bool,
    hang: bool,
    http_error: bool,
    /// The state changed: save it once, when the request's calls are done.
    changed: bool,
}

type Resp = Response<std::io::Cursor<Vec<u8>>>;

fn header(k: &str, v: &str) -> Header {
    Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("valid header")
}

fn respond(status: u16, ctype: &str, body: impl Into<Vec<u8>>) -> Resp {
    Response::from_data(body.into()).with_status_code(status).with_header(header("Content-Type", ctype))
}

fn json_resp(v: &Value) -> Resp {
    respond(200, "application/json; charset=utf-8", v.to_string())
}

fn html(status: u16, body: String) -> Resp {
    respond(status, "text/html; charset=utf-8", body)
}

fn get_header(req: &Request, name: &str) -> Option<String> {
    req.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str().to_owned())
}

fn cookie(req: &Request, name: &str) -> Option<String> {
    let h = get_header(req, "Cookie")?;
    cookie::Cookie::split_parse(h).filter_map(Result::ok).find(|c| c.name() == name).map(|c| c.value().to_owned())
}

pub fn parse_form(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

impl Sim {
    pub fn handle(&self, mut req: Request) {
        let url = req.url().to_owned();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        let path = path.to_owned();
        let query = query.to_owned();
        let mut body = Vec::new();
        let _ = req.as_reader().take(64 << 20).read_to_end(&mut body);
        let resp = self.route(&req, &path, &query, &body);
        let _ = req.respond(resp);
    }

    fn route(&self, req: &Request, path: &str, query: &str, body: &[u8]) -> Resp {
        if path == "/" || path == "/login" || path == "/login/" {
            return crate::pages::login(self, req, query, body);
        }
        if let Some(rest) = path.strip_prefix("/__sim/") {
            return self.sim_hook(req, rest, body);
        }
        if let Some(rest) = path.strip_prefix("/__site/") {
            return crate::pages::site(self, rest);
        }
        // /cpsessNNNNNNNNNN/… needs the matching session cookie.
        let (session, rest) = match token_prefix(path) {
            Some((token, rest)) => match self.session_for(req, token) {
                Some(s) => (Some(s), rest),
                None => return html(401, "<h1>Access denied</h1><p>Your session has expired or the security token is wrong. Log in again.</p>".into()),
            },
            None => (None, path),
        };
        if let Some(rest2) = rest.strip_prefix("/execute/") {
            let user = match session.as_ref().map(|s| s.user.clone()).or_else(|| self.header_user(req)) {
                Some(u) => u,
                None => return html(401, "<h1>Access denied</h1>".into()),
            };
            let mut params = parse_form(query.as_bytes());
            params.extend(parse_form(body));
            let (module, func) = rest2.split_once('/').unwrap_or((rest2, ""));
            return self.execute(&user, module, func, &params);
        }
        if rest == "/json-api/passwd" && session.is_none() {
            return self.whm_passwd(req, query, body);
        }
        if rest == "/json-api/cpanel" {
            let user = match session.as_ref().map(|s| s.user.clone()).or_else(|| self.header_user(req)) {
                Some(u) => u,
                None => return html(401, "<h1>Access denied</h1>".into()),
            };
            let mut params = parse_form(query.as_bytes());
            params.extend(parse_form(body));
            return self.api2_request(&user, &params);
        }
        if let (Some(s), Some(theme)) = (&session, rest.strip_prefix("/frontend/jupiter/")) {
            let _page = PageRequest::start(self, &s.user);
            return crate::pages::frontend(self, req, s, theme, query, body);
        }
        html(404, "<h1>Not found</h1>".into())
    }

    fn session_for(&self, req: &Request, token: &str) -> Option<Session> {
        let c = cookie(req, "cpsession")?;
        let s = self.sessions.lock().expect("sessions").get(&c).cloned()?;
        (s.token == token).then_some(s)
    }

    /// Basic auth, `Authorization: cpanel USER:TOKEN`, or the local CLI secret (the `uapi` tool).
    fn header_user(&self, req: &Request) -> Option<String> {
        if let (Some(secret), Some(user)) = (get_header(req, "X-Sim-Cli"), get_header(req, "X-Sim-User")) {
            let ok = secret.len() == self.cli_secret.len() && secret == self.cli_secret;
            return ok.then_some(user).filter(|u| self.world.lock().expect("world").accounts.contains_key(u));
        }
        let auth = get_header(req, "Authorization")?;
        let world = self.world.lock().expect("world");
        if let Some(b64) = auth.strip_prefix("Basic ") {
            use base64::Engine;
            let raw = base64::engine::general_purpose::STANDARD.decode(b64.trim()).ok()?;
            let text = String::from_utf8(raw).ok()?;
            let (u, p) = text.split_once(':')?;
            let a = world.accounts.get(u)?;
            return (a.password.matches(p) && !a.suspended).then(|| u.to_owned());
        }
        if let Some(rest) = auth.strip_prefix("cpanel ") {
            let (u, t) = rest.trim().split_once(':')?;
            let a = world.accounts.get(u)?;
            return (a.tokens.iter().any(|x| x.secret.matches(t)) && !a.suspended).then(|| u.to_owned());
        }
        None
    }

    /// Counts one function call and says which fault, if any, it triggers.
    fn tick(&self, hit: &mut Hit) -> bool {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let f = self.faults.lock().expect("faults").clone();
        hit.malformed |= f.malformed_nth == Some(n);
        hit.hang |= f.hang_nth == Some(n);
        hit.http_error |= f.http_error_nth == Some(n);
        f.fail_nth == Some(n)
    }

    fn latency(&self) {
        let ms = self.faults.lock().expect("faults").latency_ms;
        if ms > 0 {
            std::thread::sleep(Duration::from_millis(ms));
        }
    }

    /// Runs one function (not Batch) for `user`: `{data, errors, status…}` body.
    fn run_one(&self, user: &str, module: &str, func: &str, params: &[(String, String)], hit: &mut Hit) -> Value {
        if self.tick(hit) {
            return body_err(vec!["Simulated failure (cpanel-sim fault injection).".into()]);
        }
        if module == "SecureReopen" {
            // SecureReopen.pm's `%API` gate (`_needs_feature => 'secure_reopen'`).
            let gate = match self.world.lock().expect("world").accounts.get(user) {
                Some(a) => uapi::check_gate(a, uapi::Api::Uapi, module, func),
                None => Err(vec!["No such account.".into()]),
            };
            if let Err(e) = gate {
                return body_err(e);
            }
            return crate::helper_bridge::call(self, user, func, params);
        }
        let mut world = self.world.lock().expect("world");
        let Some(acct) = world.accounts.get_mut(user) else {
            return body_err(vec!["No such account.".into()]);
        };
        match uapi::uapi(acct, module, func, params) {
            Ok((data, changed)) => {
                if changed {
                    hit.changed = true;
                    if let Err(e) = self.sync_ftp_file(user, module, func, params, &world) {
                        return body_err(vec![format!("The system could not update the FTP users: {e}")]);
                    }
                }
                if (module, func) == ("UserManager", "change_password") {
                    self.end_sessions(user);
                }
                json!({"data": data, "errors": null, "messages": null, "metadata": {}, "status": 1, "warnings": null})
            }
            Err(errors) => body_err(errors),
        }
    }

    fn execute(&self, user: &str, module: &str, func: &str, params: &[(String, String)]) -> Resp {
        self.latency();
        let mut hit = Hit::default();
        let result = if (module, func) == ("Batch", "strict") {
            self.batch(user, params, &mut hit)
        } else {
            self.run_one(user, module, func, params, &mut hit)
        };
        if hit.changed {
            if let Err(e) = self.world.lock().expect("world").save(&self.state_dir) {
                let envelope = json!({"apiversion": 3, "func": func, "module": module,
                                      "result": body_err(vec![format!("The system could not save the change: {e}")])});
                return self.deliver(envelope, &hit);
            }
        }
        let envelope = json!({"apiversion": 3, "func": func, "module": module, "result": result});
        self.deliver(envelope, &hit)
    }

    fn deliver(&self, envelope: Value, hit: &Hit) -> Resp {
        if hit.hang {
            std::thread::sleep(Duration::from_secs(600));
        }
        if hit.http_error {
            return html(500, "<html><body><h1>Internal Server Error</h1></body></html>".into());
        }
        if hit.malformed {
            let s = envelope.to_string();
            return respond(200, "application/json", s[..s.len() / 2].to_owned());
        }
        json_resp(&envelope)
    }

    /// `Batch::strict`: every `command` (or `command-N`) parameter is a JSON array
    /// `[module, function, {params}]`; stops at the first failure.
    fn batch(&self, user: &str, params: &[(String, String)], hit: &mut Hit) -> Value {
        let mut cmds: Vec<(&str, &str)> = params
            .iter()
            .filter(|(k, _)| k == "command" || k.starts_with("command-"))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        cmds.sort_by_key(|(k, _)| k.strip_prefix("command-").and_then(|n| n.parse::<u64>().ok()).unwrap_or(0));
        if cmds.is_empty() {
            return body_err(vec!["You must specify the “command” parameter.".into()]);
        }
        let mut out = Vec::new();
        for (_, c) in cmds {
            let parsed: Option<(String, String, Vec<(String, String)>)> =
                serde_json::from_str::<Value>(c).ok().and_then(|v| {
                    let a = v.as_array()?;
                    let m = a.first()?.as_str()?.to_owned();
                    let f = a.get(1)?.as_str()?.to_owned();
                    let p = match a.get(2) {
                        Some(Value::Object(o)) => o
                            .iter()
                            .map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())))
                            .collect(),
                        None => Vec::new(),
                        _ => return None,
                    };
                    Some((m, f, p))
                });
            let Some((m, f, p)) = parsed else {
                return body_err(vec![format!(
                    "The command “{c}” is not a JSON array of a module, a function and parameters."
                )]);
            };
            let r = self.run_one(user, &m, &f, &p, hit);
            let failed = r["status"] != json!(1);
            let errors = r["errors"].clone();
            out.push(r);
            if failed {
                return json!({"data": out, "errors": errors, "messages": null, "metadata": {}, "status": 0, "warnings": null});
            }
        }
        json!({"data": out, "errors": null, "messages": null, "metadata": {}, "status": 1, "warnings": null})
    }

    fn api2_request(&self, user: &str, params: &[(String, String)]) -> Resp {
        self.latency();
        let p = |k: &str| uapi::arg(params, k).unwrap_or("").to_owned();
        let (module, func) = (p("cpanel_jsonapi_module"), p("cpanel_jsonapi_func"));
        let mut hit = Hit::default();
        if p("cpanel_jsonapi_apiversion") != "2" {
            let e = json!({"cpanelresult": {"apiversion": 2, "error": "Only API 2 is served here (cpanel_jsonapi_apiversion=2).", "event": {"result": 0}}});
            return json_resp(&e);
        }
        let failed = self.tick(&mut hit);
        let args: Vec<(String, String)> =
            params.iter().filter(|(k, _)| !k.starts_with("cpanel_jsonapi_")).cloned().collect();
        let result = if failed {
            Err(vec!["Simulated failure (cpanel-sim fault injection).".to_string()])
        } else {
            let mut world = self.world.lock().expect("world");
            match world.accounts.get_mut(user) {
                Some(acct) => {
                    let r = uapi::api2(acct, &module, &func, &args);
                    if matches!(r, Ok((_, true))) {
                        let _ = world.save(&self.state_dir);
                    }
                    r
                }
                None => Err(vec!["No such account.".into()]),
            }
        };
        let envelope = match result {
            Ok((data, _)) => {
                json!({"cpanelresult": {"apiversion": 2, "func": func, "module": module, "data": data, "event": {"result": 1}}})
            }
            Err(e) => {
                json!({"cpanelresult": {"apiversion": 2, "func": func, "module": module, "data": [], "error": e.join(" "), "event": {"result": 0, "reason": e.join(" ")}}})
            }
        };
        self.deliver(envelope, &hit)
    }

    fn sim_hook(&self, req: &Request, rest: &str, body: &[u8]) -> Resp {
        match rest {
            "suspend" => {
                if get_header(req, "X-Sim-Cli").as_deref() != Some(self.cli_secret.as_str()) {
                    return respond(403, "text/plain", "forbidden");
                }
                let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
                let (Some(user), Some(flag)) = (v["user"].as_str(), v["suspended"].as_bool()) else {
                    return respond(400, "text/plain", "bad JSON");
                };
                let mut world = self.world.lock().expect("world");
                let Some(a) = world.accounts.get_mut(user) else {
                    return respond(404, "text/plain", "no such account");
                };
                a.suspended = flag;
                let _ = world.save(&self.state_dir);
                json_resp(&json!({"ok": true}))
            }
            "check_login" => {
                #[derive(Deserialize)]
                struct Q {
                    service: String,
                    user: String,
                    password: String,
                }
                let Ok(q) = serde_json::from_slice::<Q>(body) else {
                    return respond(400, "text/plain", "bad JSON");
                };
                let ok = crate::logins::check(
                    &self.world.lock().expect("world"),
                    &self.root,
                    &q.service,
                    &q.user,
                    &q.password,
                );
                json_resp(&json!({"ok": ok}))
            }
            "state" => json_resp(&serde_json::to_value(&*self.world.lock().expect("world")).expect("state serializes")),
            "faults" => match serde_json::from_slice::<Faults>(body) {
                Ok(f) => {
                    *self.faults.lock().expect("faults") = f;
                    self.calls.store(0, Ordering::SeqCst);
                    json_resp(&json!({"ok": true}))
                }
                Err(e) => respond(400, "text/plain", e.to_string()),
            },
            "calls" => json_resp(&json!({"calls": self.calls.load(Ordering::SeqCst)})),
            // What WHM's Feature Manager sets for the account's package: {"user","feature","on"}.
            "feature" => {
                let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
                let (Some(user), Some(feature), Some(on)) =
                    (v["user"].as_str(), v["feature"].as_str(), v["on"].as_bool())
                else {
                    return respond(400, "text/plain", "bad JSON");
                };
                let mut world = self.world.lock().expect("world");
                let Some(a) = world.accounts.get_mut(user) else {
                    return respond(404, "text/plain", "no such account");
                };
                if on {
                    a.features_off.remove(feature);
                } else {
                    a.features_off.insert(feature.to_owned());
                }
                let _ = world.save(&self.state_dir);
                json_resp(&json!({"ok": true}))
            }
            // What WHM's Password Strength Configuration sets: {"user","app","strength"}.
            "required_strength" => {
                let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
                let (Some(user), Some(app), Some(n)) = (v["user"].as_str(), v["app"].as_str(), v["strength"].as_u64())
                else {
                    return respond(400, "text/plain", "bad JSON");
                };
                let mut world = self.world.lock().expect("world");
                let Some(a) = world.accounts.get_mut(user) else {
                    return respond(404, "text/plain", "no such account");
                };
                a.strength.insert(app.to_owned(), n.min(100) as u32);
                let _ = world.save(&self.state_dir);
                json_resp(&json!({"ok": true}))
            }
            _ => respond(404, "text/plain", "no such hook"),
        }
    }

    /// A changed cPanel password ends every session of the user (Cpanel/ChangePasswd.pm
    /// `Cpanel::Session::SinglePurge::purge_user`): the customer logs in again with the new
    /// password. A page request of that user still running finishes first — its cPanel
    /// process was authenticated when it started, as a LiveAPI page's is — and the sessions
    /// end when it does.
    pub fn end_sessions(&self, user: &str) {
        let mut running = PAGES.lock().expect("pages");
        match running.iter_mut().find(|(u, _, _)| u == user) {
            Some(entry) => entry.2 = true,
            None => {
                drop(running);
                self.sessions.lock().expect("sessions").retain(|_, s| s.user != user);
            }
        }
    }

    pub fn new_session(&self, user: &str) -> (String, String) {
        let mut n = [0u8; 8];
        rand::fill(&mut n);
        let token = format!("/cpsess{:010}", u64::from_le_bytes(n) % 10_000_000_000);
        let mut c = [0u8; 24];
        rand::fill(&mut c);
        let cookie = format!("{user}:{}", crate::state::hex(&c));
        self.sessions
            .lock()
            .expect("sessions")
            .insert(cookie.clone(), Session { user: user.to_owned(), token: token.clone() });
        (token, cookie)
    }
}

impl Sim {
    /// WHM API 1 `passwd` (root only: `Authorization: WHM root:ACCESSHASH`).
    fn whm_passwd(&self, req: &Request, query: &str, body: &[u8]) -> Resp {
        let hash = std::fs::read_to_string(self.root.join("root/.accesshash")).unwrap_or_default();
        let want = format!("WHM root:{}", hash.trim());
        if hash.trim().is_empty() || get_header(req, "Authorization").as_deref() != Some(want.as_str()) {
            return html(403, "<h1>Access denied</h1>".into());
        }
        let mut params = parse_form(query.as_bytes());
        params.extend(parse_form(body));
        let (user, password) = (uapi::arg(&params, "user").unwrap_or(""), uapi::arg(&params, "password").unwrap_or(""));
        let mut world = self.world.lock().expect("world");
        let reason = match world.accounts.get_mut(user) {
            None => Err(format!("User “{user}” does not exist.")),
            Some(_) if password.is_empty() => Err("You must specify the “password” parameter.".into()),
            Some(a) if crate::state::strength(password) < a.required_strength("passwd") => {
                Err("The password you selected cannot be used because it is too weak.".into())
            }
            Some(a) => {
                a.password = crate::state::Hash::of(password);
                Ok(())
            }
        };
        if reason.is_ok() {
            let _ = world.save(&self.state_dir);
            if let Some(a) = world.accounts.get(user) {
                let _ = crate::ftpfile::set(&self.root, a, &a.user, &a.password, &a.home);
            }
            // WHM passwd → Whostmgr/Passwd/Change.pm → Cpanel::ChangePasswd: sessions end too.
            drop(world);
            self.end_sessions(user);
        }
        let v = match reason {
            Ok(()) => json!({"metadata": {"result": 1, "reason": "OK", "command": "passwd", "version": 1}, "data": {}}),
            Err(r) => json!({"metadata": {"result": 0, "reason": r, "command": "passwd", "version": 1}}),
        };
        json_resp(&v)
    }

    /// A changed FTP or cPanel password rewrites that login's entry in the FTP user file.
    fn sync_ftp_file(
        &self,
        user: &str,
        module: &str,
        func: &str,
        params: &[(String, String)],
        world: &World,
    ) -> std::io::Result<()> {
        let Some(acct) = world.accounts.get(user) else {
            return Ok(());
        };
        match (module, func) {
            ("Ftp", "passwd") => {
                let login = uapi::arg(params, "user").unwrap_or("");
                if let Some(f) = acct
                    .ftp
                    .iter()
                    .find(|f| f.kind == "sub" && (f.user == login || f.user.split('@').next() == Some(login)))
                {
                    if let Some(h) = &f.password {
                        crate::ftpfile::set(&self.root, acct, &f.user, h, &f.homedir)?;
                    }
                }
                Ok(())
            }
            ("UserManager", "change_password") => {
                crate::ftpfile::set(&self.root, acct, &acct.user, &acct.password, &acct.home)
            }
            _ => Ok(()),
        }
    }
}

/// Page requests running now: (user, how many, sessions to end when the last one finishes).
static PAGES: Mutex<Vec<(String, u32, bool)>> = Mutex::new(Vec::new());

/// Marks a page request of `user` as running until it is dropped (see `Sim::end_sessions`).
struct PageRequest<'a> {
    sim: &'a Sim,
    user: String,
}

impl<'a> PageRequest<'a> {
    fn start(sim: &'a Sim, user: &str) -> PageRequest<'a> {
        let mut running = PAGES.lock().expect("pages");
        match running.iter_mut().find(|(u, _, _)| u == user) {
            Some(entry) => entry.1 += 1,
            None => running.push((user.to_owned(), 1, false)),
        }
        PageRequest { sim, user: user.to_owned() }
    }
}

impl Drop for PageRequest<'_> {
    fn drop(&mut self) {
        let mut running = PAGES.lock().expect("pages");
        let Some(i) = running.iter().position(|(u, _, _)| *u == self.user) else { return };
        running[i].1 -= 1;
        if running[i].1 == 0 {
            let (_, _, purge) = running.remove(i);
            drop(running);
            if purge {
                self.sim.sessions.lock().expect("sessions").retain(|_, s| s.user != self.user);
            }
        }
    }
}

pub fn body_err(errors: Vec<String>) -> Value {
    json!({"data": null, "errors": errors, "messages": null, "metadata": {}, "status": 0, "warnings": null})
}

/// `/cpsess0123456789/rest` → ("/cpsess0123456789", "/rest").
fn token_prefix(path: &str) -> Option<(&str, &str)> {
    let t = path.get(..17)?;
    if t.starts_with("/cpsess") && t[7..].bytes().all(|b| b.is_ascii_digit()) { Some((t, &path[17..])) } else { None }
}
