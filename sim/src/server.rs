//! The cpsrvd-like HTTP server: logins and sessions (with cookie IP validation), `/execute`
//! (UAPI, answering the bare result object as `Cpanel/API.pm` does), `/json-api/cpanel`
//! (API 2), the dashboard, the plugin's live page (which calls back over LiveAPI, see
//! `liveapi`), the websites (closed by hold include files), and the `/__sim/` test hooks. One
//! thread per request.

use std::collections::HashMap;
use std::io::Read;
use std::net::IpAddr;
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
    /// Every call of this function (`Module::function`; API 2 ones too) answers status 0: a
    /// fault named by function, which stays put when a page changes the order of its calls.
    #[serde(default)]
    pub fail_function: Option<String>,
    /// The HTTP answer carrying the Nth call is cut-off JSON.
    #[serde(default)]
    pub malformed_nth: Option<u64>,
    /// The HTTP request carrying the Nth call never answers.
    #[serde(default)]
    pub hang_nth: Option<u64>,
    /// The HTTP request carrying the Nth call answers HTTP 500 (over LiveAPI: the empty
    /// `<cpanelresult></cpanelresult>` cPanel sends when it could only log the error).
    #[serde(default)]
    pub http_error_nth: Option<u64>,
    /// The Nth call runs, then its answer is lost: over LiveAPI the connection closes without
    /// an answer; over HTTP the request never answers.
    #[serde(default)]
    pub lost_reply_nth: Option<u64>,
    /// Only calls of this function (`Module::function`, UAPI or API 2, also inside a batch)
    /// count towards the `*_nth` faults above: `{"function": "Cron::remove_line",
    /// "lost_reply_nth": 1}` loses the answer of the first cron removal, whatever ran before.
    #[serde(default)]
    pub function: Option<String>,
}

/// cPanel's "Cookie IP validation" (Tweak Settings `cookieipvalidation`; default `strict` in
/// `Cpanel/Config/CpConfGuard/Default.pm`; `loose` compares the /24, per the setting's help).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CookieIpValidation {
    Disabled,
    Loose,
    #[default]
    Strict,
}

impl CookieIpValidation {
    fn allows(self, origin: IpAddr, now: IpAddr) -> bool {
        match self {
            CookieIpValidation::Disabled => true,
            CookieIpValidation::Strict => origin == now,
            CookieIpValidation::Loose => match (origin, now) {
                (IpAddr::V4(a), IpAddr::V4(b)) => a.octets()[..3] == b.octets()[..3],
                (a, b) => a == b,
            },
        }
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub user: String,
    pub token: String,
    /// The address the login came from (cookie IP validation compares it).
    pub origin: IpAddr,
}

/// Why cpsrvd sends a `/cpsess…` request back to the login page (`msg_code` texts from
/// `Cpanel/Template/Unauthenticated.pm`).
pub enum SessionRefusal {
    InvalidSession,
    TokenIncorrect,
    ChangedIp,
}

impl SessionRefusal {
    pub fn text(&self) -> &'static str {
        match self {
            SessionRefusal::InvalidSession => "Your session cookie is invalid. Please log in again.",
            SessionRefusal::TokenIncorrect => "The security token in your request is invalid.",
            SessionRefusal::ChangedIp => "Your IP address has changed. Please log in again.",
        }
    }
}

pub struct Sim {
    pub state_dir: PathBuf,
    pub root: PathBuf,
    pub plugin_bin: PathBuf,
    pub plugin_dir: PathBuf,
    pub url: Mutex<String>,
    /// cpsrvd's TLS port (2083/2087 on a server): `https://127.0.0.1:PORT`, with the
    /// certificate in `/var/cpanel/ssl/cpanel/mycpanel.pem`.
    pub tls_url: Mutex<String>,
    pub world: Mutex<World>,
    pub sessions: Mutex<HashMap<String, Session>>,
    pub faults: Mutex<Faults>,
    pub calls: AtomicU64,
    /// Calls of [`Faults::function`] since the faults were set.
    pub function_calls: AtomicU64,
    /// Calls that came over LiveAPI (from live pages).
    pub live_calls: AtomicU64,
    /// Every function called since the faults were last set (`Module::function`, API 2 ones as
    /// `api2 Module::function`), for tests that check a page asks each thing once.
    pub call_names: Mutex<Vec<String>>,
    pub cli_secret: String,
    pub cookie_ip_validation: CookieIpValidation,
}

/// What a request's calls ran into.
#[derive(Default)]
pub struct Hit {
    pub malformed: bool,
    pub hang: bool,
    pub http_error: bool,
    pub lost_reply: bool,
    /// The state changed: save it once, when the request's calls are done.
    changed: bool,
    /// The address of the connection cpsrvd serves (its `REMOTE_ADDR`): the customer's browser
    /// for a live page, the HTTP client for `/execute`. What the plugin's module reports.
    pub remote: Option<IpAddr>,
}

type Resp = Response<std::io::Cursor<Vec<u8>>>;

pub fn header(k: &str, v: &str) -> Header {
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
        if path == "/whm" || path == "/whm/" {
            return crate::whm::login(self, req, query, body);
        }
        // WHM's pages (`/cpsessN/cgi/…`) belong to a WHM session, not a cPanel one.
        if let Some((token, rest)) = token_prefix(path).filter(|(_, r)| r.starts_with("/cgi/")) {
            return crate::whm::cgi(self, req, token, rest, query, body);
        }
        if let Some(rest) = path.strip_prefix("/__sim/") {
            return self.sim_hook(req, rest, body);
        }
        if let Some(rest) = path.strip_prefix("/__site/") {
            return crate::pages::site(self, rest, req, query, body);
        }
        // /cpsessNNNNNNNNNN/… needs the matching session cookie, from the address that logged in.
        let (session, rest) = match token_prefix(path) {
            Some((token, rest)) => match self.session_for(req, token) {
                Ok(s) => (Some(s), rest),
                Err(why) => return crate::pages::login_again(why.text()),
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
            let params = form_names(params);
            let (module, func) = rest2.split_once('/').unwrap_or((rest2, ""));
            return self.execute(&user, module, func, &params, req.remote_addr().map(|a| a.ip()));
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
            return crate::pages::frontend(self, req, s, theme, query, body);
        }
        html(404, "<h1>Not found</h1>".into())
    }

    fn session_for(&self, req: &Request, token: &str) -> Result<Session, SessionRefusal> {
        self.session_for_cookie(req, "cpsession", token)
    }

    /// The session of a `/cpsessN/` request from its cookie (`cpsession` for cPanel,
    /// `whostmgrsession` for WHM): the token must match and the address must pass cookie IP
    /// validation.
    pub fn session_for_cookie(&self, req: &Request, name: &str, token: &str) -> Result<Session, SessionRefusal> {
        let c = cookie(req, name).ok_or(SessionRefusal::InvalidSession)?;
        let s = self.sessions.lock().expect("sessions").get(&c).cloned().ok_or(SessionRefusal::InvalidSession)?;
        if s.token != token {
            return Err(SessionRefusal::TokenIncorrect);
        }
        let now = req.remote_addr().map(|a| a.ip()).ok_or(SessionRefusal::ChangedIp)?;
        if !self.cookie_ip_validation.allows(s.origin, now) {
            return Err(SessionRefusal::ChangedIp);
        }
        Ok(s)
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
    fn tick(&self, module: &str, func: &str, api2: bool, hit: &mut Hit) -> bool {
        let mut n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let prefix = if api2 { "api2 " } else { "" };
        self.call_names.lock().expect("call names").push(format!("{prefix}{module}::{func}"));
        let f = self.faults.lock().expect("faults").clone();
        if f.fail_function.as_deref().and_then(|fun| fun.split_once("::")) == Some((module, func)) {
            return true;
        }
        if let Some(only) = &f.function {
            if only.split_once("::") != Some((module, func)) {
                return false;
            }
            n = self.function_calls.fetch_add(1, Ordering::SeqCst) + 1;
        }
        hit.malformed |= f.malformed_nth == Some(n);
        hit.hang |= f.hang_nth == Some(n);
        hit.http_error |= f.http_error_nth == Some(n);
        hit.lost_reply |= f.lost_reply_nth == Some(n);
        f.fail_nth == Some(n)
    }

    pub fn latency(&self) {
        let ms = self.faults.lock().expect("faults").latency_ms;
        if ms > 0 {
            std::thread::sleep(Duration::from_millis(ms));
        }
    }

    /// Runs one function (not Batch) for `user`: `{data, errors, status…}` body.
    fn run_one(&self, user: &str, module: &str, func: &str, params: &[(String, String)], hit: &mut Hit) -> Value {
        if self.tick(module, func, false, hit) {
            return body_err(vec!["Simulated failure (cpanel-sim fault injection).".into()]);
        }
        if let Err(e) = resolve(module, func) {
            return body_err(vec![e.single_call()]);
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
            return crate::helper_bridge::call(self, user, func, params, hit.remote);
        }
        let mut world = self.world.lock().expect("world");
        let Some(acct) = world.accounts.get_mut(user) else {
            return body_err(vec!["No such account.".into()]);
        };
        let password_before = acct.password.clone();
        let outcome = uapi::uapi(acct, module, func, params);
        if acct.password != password_before {
            // `Cpanel/ChangePasswd.pm`: a new cPanel password ends every session of the user.
            self.end_sessions(user);
        }
        match outcome {
            Ok((data, changed)) => {
                if changed {
                    hit.changed = true;
                    if let Err(e) = self.sync_ftp_file(user, module, func, params, &world) {
                        return body_err(vec![format!("The system could not update the FTP users: {e}")]);
                    }
                }
                json!({"data": data, "errors": null, "messages": null, "metadata": {}, "status": 1, "warnings": null})
            }
            Err(errors) => body_err(errors),
        }
    }

    /// One UAPI request (a function or `Batch::strict`) as `user`: the result object
    /// `{data,errors,messages,metadata,status,warnings}`, with the state saved.
    pub fn uapi_result(
        &self,
        user: &str,
        module: &str,
        func: &str,
        params: &[(String, String)],
        hit: &mut Hit,
    ) -> Value {
        let result = if (module, func) == ("Batch", "strict") {
            self.batch(user, params, hit)
        } else {
            self.run_one(user, module, func, params, hit)
        };
        if hit.changed
            && let Err(e) = self.world.lock().expect("world").save(&self.state_dir)
        {
            return body_err(vec![format!("The system could not save the change: {e}")]);
        }
        result
    }

    /// HTTP `/execute/Module/function`: the bare result object (`Cpanel/API.pm`
    /// `_serialize_result` prints `for_public()` of the result, nothing around it).
    fn execute(
        &self,
        user: &str,
        module: &str,
        func: &str,
        params: &[(String, String)],
        remote: Option<IpAddr>,
    ) -> Resp {
        self.latency();
        let mut hit = Hit { remote, ..Hit::default() };
        let result = self.uapi_result(user, module, func, params, &mut hit);
        self.deliver(result, &hit)
    }

    fn end_sessions(&self, user: &str) {
        self.sessions.lock().expect("sessions").retain(|_, s| s.user != user);
    }

    fn deliver(&self, envelope: Value, hit: &Hit) -> Resp {
        if hit.hang || hit.lost_reply {
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

    /// `Batch::strict` as `Cpanel/API/Batch.pm` runs it: only `command` parameters (stored by
    /// the form parser as `command`, `command-0`, `command-1`…) and a few legacy ones are
    /// allowed; every command is decoded and resolved before any runs (one unknown function
    /// fails the whole batch with `data` null); then they run in order until one fails, which
    /// ends the batch with the results so far and "Command #N failed…" (N counted from 0).
    fn batch(&self, user: &str, params: &[(String, String)], hit: &mut Hit) -> Value {
        const EXCEPTIONS: &[&str] = &[
            "cache-fix",
            "cpanel_jsonapi_func",
            "cpanel_jsonapi_module",
            "cpanel_jsonapi_apiversion",
            "api.version",
            "api.persona",
        ];
        let invalid: Vec<&str> = params
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| !EXCEPTIONS.contains(k) && numbered("command", k).is_none())
            .collect();
        if !invalid.is_empty() {
            let noun = if invalid.len() == 1 { "name is" } else { "names are" };
            return body_err(vec![format!("The following parameter {noun} invalid: {}", invalid.join(", "))]);
        }
        let mut cmds: Vec<(u64, &str)> =
            params.iter().filter_map(|(k, v)| numbered("command", k).map(|n| (n, v.as_str()))).collect();
        cmds.sort_by_key(|(n, _)| *n);
        if cmds.is_empty() {
            return body_err(vec!["Provide at least one “command” argument.".into()]);
        }
        if cmds.iter().any(|(_, c)| c.is_empty()) {
            return body_err(vec!["The “command” arguments cannot be empty.".into()]);
        }
        let mut decoded = Vec::with_capacity(cmds.len());
        for (_, c) in &cmds {
            match decode_command(c) {
                Ok(d) => decoded.push(d),
                Err(e) => return body_err(vec![e]),
            }
        }
        for (m, f, _) in &decoded {
            if let Err(e) = resolve(m, f) {
                return body_err(vec![e.in_batch()]);
            }
        }
        let mut out = Vec::new();
        for (n, (m, f, p)) in decoded.iter().enumerate() {
            let r = self.run_one(user, m, f, p, hit);
            let failed = r["status"] != json!(1);
            let errors: Vec<String> = r["errors"]
                .as_array()
                .map(|a| a.iter().filter_map(|e| e.as_str().map(str::to_owned)).collect())
                .unwrap_or_default();
            out.push(r);
            if failed {
                let msg = format!("Command #{n} failed. It reported the following error: {}", errors.join("\n"));
                return json!({"data": out, "errors": [msg], "messages": null, "metadata": {}, "status": 0, "warnings": null});
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
        let args: Vec<(String, String)> =
            params.iter().filter(|(k, _)| !k.starts_with("cpanel_jsonapi_")).cloned().collect();
        let envelope = self.api2_result(user, &module, &func, &args, &mut hit);
        self.deliver(envelope, &hit)
    }

    /// One API 2 call as `user`: `{"cpanelresult":{…}}`, with the state saved.
    pub fn api2_result(&self, user: &str, module: &str, func: &str, args: &[(String, String)], hit: &mut Hit) -> Value {
        let failed = self.tick(module, func, true, hit);
        let result = if failed {
            Err(vec!["Simulated failure (cpanel-sim fault injection).".to_string()])
        } else {
            let mut world = self.world.lock().expect("world");
            match world.accounts.get_mut(user) {
                Some(acct) => {
                    let r = uapi::api2(acct, module, func, args);
                    if matches!(r, Ok((_, true))) {
                        let _ = world.save(&self.state_dir);
                    }
                    r
                }
                None => Err(vec!["No such account.".into()]),
            }
        };
        match result {
            Ok((data, _)) => {
                json!({"cpanelresult": {"apiversion": 2, "func": func, "module": module, "data": data, "event": {"result": 1}}})
            }
            Err(e) => {
                json!({"cpanelresult": {"apiversion": 2, "func": func, "module": module, "data": [], "error": e.join(" "), "event": {"result": 0, "reason": e.join(" ")}}})
            }
        }
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
            // Root's `whmapi1` tool: {"func", "args": [[key, value]…]}.
            "whmapi1" => {
                if get_header(req, "X-Sim-Cli").as_deref() != Some(self.cli_secret.as_str()) {
                    return respond(403, "text/plain", "forbidden");
                }
                #[derive(Deserialize)]
                struct Q {
                    func: String,
                    args: Vec<(String, String)>,
                }
                let Ok(q) = serde_json::from_slice::<Q>(body) else {
                    return respond(400, "text/plain", "bad JSON");
                };
                json_resp(&crate::whm::whmapi1(self, &q.func, &q.args))
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
                    self.call_names.lock().expect("call names").clear();
                    self.function_calls.store(0, Ordering::SeqCst);
                    json_resp(&json!({"ok": true}))
                }
                Err(e) => respond(400, "text/plain", e.to_string()),
            },
            "calls" => json_resp(&json!({"calls": self.calls.load(Ordering::SeqCst),
                                          "names": *self.call_names.lock().expect("call names"),
                                          "live_calls": self.live_calls.load(Ordering::SeqCst)})),
            // What cPanel's Domains page does for a new addon domain (API 2
            // `AddonDomain::addaddondomain`: a document root in the home, a virtual host, which
            // gets the user's EasyApache includes): {"user","domain"}.
            "add_domain" => {
                let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
                let (Some(user), Some(domain)) = (v["user"].as_str(), v["domain"].as_str()) else {
                    return respond(400, "text/plain", "bad JSON");
                };
                if domain.is_empty() || !domain.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
                    return respond(400, "text/plain", "bad domain");
                }
                let mut world = self.world.lock().expect("world");
                let Some(a) = world.accounts.get_mut(user) else {
                    return respond(404, "text/plain", "no such account");
                };
                let doc = a.home.join(domain);
                if std::fs::create_dir_all(&doc).is_err()
                    || std::fs::write(doc.join("index.html"), format!("<h1>{domain}</h1>\n")).is_err()
                {
                    return respond(500, "text/plain", "cannot create the document root");
                }
                a.addon_domains.push(crate::state::Domain {
                    domain: domain.to_owned(),
                    documentroot: doc,
                    php_version: "ea-php83".into(),
                });
                let _ = world.save(&self.state_dir);
                json_resp(&json!({"ok": true}))
            }
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

    pub fn new_session(&self, user: &str, origin: IpAddr) -> (String, String) {
        let mut n = [0u8; 8];
        rand::fill(&mut n);
        let token = format!("/cpsess{:010}", u64::from_le_bytes(n) % 10_000_000_000);
        let mut c = [0u8; 24];
        rand::fill(&mut c);
        let cookie = format!("{user}:{}", crate::state::hex(&c));
        self.sessions
            .lock()
            .expect("sessions")
            .insert(cookie.clone(), Session { user: user.to_owned(), token: token.clone(), origin });
        (token, cookie)
    }
}

impl Sim {
    /// WHM API 1 `passwd` (root only: `Authorization: whm root:TOKEN`, a WHM API token with the
    /// `passwd` ACL).
    fn whm_passwd(&self, req: &Request, query: &str, body: &[u8]) -> Resp {
        if !crate::whm::authorized(self, req, "passwd") {
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
            self.end_sessions(user);
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
                    && let Some(h) = &f.password
                {
                    crate::ftpfile::set(&self.root, acct, &f.user, h, &f.homedir)?;
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

pub fn body_err(errors: Vec<String>) -> Value {
    json!({"data": null, "errors": errors, "messages": null, "metadata": {}, "status": 0, "warnings": null})
}

/// `/cpsess0123456789/rest` → ("/cpsess0123456789", "/rest").
fn token_prefix(path: &str) -> Option<(&str, &str)> {
    let t = path.get(..17)?;
    if t.starts_with("/cpsess") && t[7..].bytes().all(|b| b.is_ascii_digit()) { Some((t, &path[17..])) } else { None }
}

/// Form parameters as cPanel's form parser stores them (`Cpanel/Form.pm`
/// `_get_available_name_for_value`): a name given again becomes `name-0`, then `name-1`…
pub fn form_names(pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        let taken = |name: &str| out.iter().any(|(o, _)| o == name);
        let name = if taken(&k) {
            (0u64..).map(|n| format!("{k}-{n}")).find(|c| !taken(c)).expect("an unbounded range has a free name")
        } else {
            k
        };
        out.push((name, v));
    }
    out
}

/// `KEY` or `KEY-N` (`Cpanel/Args.pm` `get_multiple`): its place in cPanel's order
/// (`Cpanel/Form/Utils.pm` `restore_same_name_keys_order`: the bare name first, then by N).
fn numbered(key: &str, name: &str) -> Option<u64> {
    let rest = name.strip_prefix(key)?;
    if rest.is_empty() {
        return Some(0);
    }
    let n = rest.strip_prefix('-')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse::<u64>().ok().map(|n| n.saturating_add(1))
}

type Command = (String, String, Vec<(String, String)>);

/// One `command`: a JSON array `[module, function, {args}]` (`_get_commands_from_args_object`).
fn decode_command(c: &str) -> Result<Command, String> {
    let v: Value = serde_json::from_str(c).map_err(|e| format!("The “command” argument is not valid JSON: {e}"))?;
    let Value::Array(a) = v else {
        return Err(format!("The following “command” is not an array: {c}"));
    };
    let text = |i: usize| a.get(i).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned);
    let m = text(0).ok_or_else(|| format!("The following “command” lacks a module: {c}"))?;
    let f = text(1).ok_or_else(|| format!("The following “command” lacks a function: {c}"))?;
    let p = match a.get(2) {
        None => Vec::new(),
        Some(Value::Object(o)) => {
            o.iter().map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string()))).collect()
        }
        Some(_) => return Err(format!("The following “command”’s arguments are not given as a hash: {c}")),
    };
    if a.len() > 3 {
        return Err(format!("The following “command” has too many array members: {c}"));
    }
    Ok((m, f, p))
}

/// Why a function cannot be called (`Cpanel/API.pm`).
enum Unresolved {
    IllegalName(String),
    NoModule(String),
    NoFunction(String, String),
}

impl Unresolved {
    fn load_error(module: &str) -> String {
        let path = module.replace("::", "/");
        format!(
            "The system failed to load the module “Cpanel::API::{module}” because of an error: Can't locate Cpanel/API/{path}.pm in @INC."
        )
    }

    /// What `execute` answers for a single call (`_init_execute`, `_run_module_function`).
    fn single_call(&self) -> String {
        match self {
            Unresolved::IllegalName(f) => format!("Illegal function name: {f}"),
            Unresolved::NoModule(m) => format!("Failed to load module “{m}”: {}", Unresolved::load_error(m)),
            Unresolved::NoFunction(m, f) => {
                format!("The system could not find the function “{f}” in the module “{m}”.")
            }
        }
    }

    /// What `Batch` answers when it resolves its commands first (`get_coderef`).
    fn in_batch(&self) -> String {
        match self {
            Unresolved::IllegalName(f) => format!("“{f}” is not a valid UAPI function name."),
            Unresolved::NoModule(m) => Unresolved::load_error(m),
            Unresolved::NoFunction(m, f) => format!("The UAPI module “{m}” does not have a function named “{f}”."),
        }
    }
}

/// Does cPanel (as this simulator models it) have `Module::function`? The plugin's own module
/// `SecureReopen` has the helper's actions.
fn resolve(module: &str, func: &str) -> Result<(), Unresolved> {
    let safe = !func.is_empty()
        && func.len() <= 1024
        && !func.starts_with('_')
        && func.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !safe {
        return Err(Unresolved::IllegalName(func.to_owned()));
    }
    let known = if module == "SecureReopen" {
        Some(crate::helper_bridge::ACTIONS.contains(&func))
    } else if uapi::has_module(module) {
        Some(uapi::known(module, func))
    } else {
        None
    };
    match known {
        Some(true) => Ok(()),
        Some(false) => Err(Unresolved::NoFunction(module.to_owned(), func.to_owned())),
        None => Err(Unresolved::NoModule(module.to_owned())),
    }
}

/// Text for HTML (the simulator's few hand-written pages).
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
