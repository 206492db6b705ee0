//! The CGI layer (RFC 3875) under cpsrvd: read the request, check the session, run the page,
//! write the response. Any error or panic becomes an error page and a log line without secrets.

pub mod csrf;
mod request;
mod response;

use std::collections::HashMap;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

pub use request::{Limits, Method, Request, RequestError, SecurityToken};
pub use response::{Response, content_security_policy};

use crate::i18n::Lang;
use crate::pages::{self, Ctx};
use crate::paths::Paths;
use crate::uapi::Transport;
use crate::uapi::cli::{CliOptions, CliTransport};
use crate::uapi::http::{Auth, HttpOptions, HttpTransport};

/// Chooses the UAPI transport: `cli` (cPanel's `uapi` tool, run as the user); otherwise cpsrvd
/// over HTTPS with the customer's own session. The simulator sets the address.
pub const TRANSPORT_ENV: &str = "SECURE_REOPEN_UAPI";
pub const CPSRVD_URL_ENV: &str = "SECURE_REOPEN_CPSRVD_URL";
const DEFAULT_CPSRVD_URL: &str = "https://127.0.0.1:2083";

/// Entry point in CGI mode: the process environment and standard streams. Returns the exit code.
pub fn main() -> i32 {
    let env: HashMap<String, String> = std::env::vars().collect();
    let head_only = env.get("REQUEST_METHOD").map(String::as_str) == Some("HEAD");
    let resp = serve(&env, &mut std::io::stdin().lock());
    let mut out = std::io::stdout().lock();
    match resp.write_cgi(&mut out, head_only) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

/// Handles one request; never panics and never returns without a page.
pub fn serve(env: &HashMap<String, String>, body: &mut dyn Read) -> Response {
    let lang = Lang::from_accept_language(env.get("HTTP_ACCEPT_LANGUAGE").map(String::as_str).unwrap_or(""));
    crate::log::quiet_panics();
    match catch_unwind(AssertUnwindSafe(|| handle(env, body))) {
        Ok(r) => r,
        Err(_) => pages::error_page(lang, 500, lang.texts().error_internal),
    }
}

fn handle(env: &HashMap<String, String>, body: &mut dyn Read) -> Response {
    let lang = Lang::from_accept_language(env.get("HTTP_ACCEPT_LANGUAGE").map(String::as_str).unwrap_or(""));
    let req = match Request::from_cgi(env, body, &Limits::default()) {
        Ok(r) => r,
        Err(e) => {
            crate::log::event("request_refused", &[("reason", &format!("{e:?}"))]);
            return pages::request_error(lang, &e);
        }
    };
    let paths = Paths::from_env();
    let Some(home) = env.get("HOME").filter(|h| h.starts_with('/')) else {
        crate::log::event("no_home", &[("user", req.user.as_str())]);
        return pages::error_page(lang, 500, lang.texts().error_internal);
    };
    let state_dir = user_state_dir(home);
    let csrf = match csrf::Key::load_or_create(&state_dir) {
        Ok(k) => k,
        Err(e) => {
            crate::log::event("csrf_key_unavailable", &[("user", req.user.as_str()), ("error", &e.to_string())]);
            return pages::error_page(lang, 500, lang.texts().error_internal);
        }
    };
    let transport = match transport_for(env, &req, &paths) {
        Ok(t) => t,
        Err(e) => {
            crate::log::event("transport_config", &[("error", &e)]);
            return pages::error_page(lang, 500, lang.texts().error_internal);
        }
    };
    let ctx = Ctx { paths, home: std::path::PathBuf::from(home), state_dir, transport, csrf };
    pages::route(&req, &ctx)
}

/// The customer's own state (CSRF key, progress records), in their home directory.
pub fn user_state_dir(home: &str) -> std::path::PathBuf {
    std::path::Path::new(home).join(".secure_reopen")
}

fn transport_for(env: &HashMap<String, String>, req: &Request, paths: &Paths) -> Result<Box<dyn Transport>, String> {
    let cli = || {
        let mut o = CliOptions::new(paths.uapi_bin(), paths.cpapi2_bin());
        o.timeout = Duration::from_secs(60);
        Box::new(CliTransport::new(o)) as Box<dyn Transport>
    };
    if env.get(TRANSPORT_ENV).map(String::as_str) == Some("cli") {
        return Ok(cli());
    }
    let Some(cookie) = req.cookie("cpsession") else {
        return Ok(cli());
    };
    let base = env.get(CPSRVD_URL_ENV).map(String::as_str).unwrap_or(DEFAULT_CPSRVD_URL);
    let auth =
        Auth::Session { security_token: req.security_token.as_str().to_owned(), session_cookie: cookie.to_owned() };
    let opts = HttpOptions { timeout: Duration::from_secs(30), ..HttpOptions::default() };
    Ok(Box::new(HttpTransport::new(base, auth, opts)?))
}
