//! The CGI layer (RFC 3875) under cpsrvd: read the request, check the session, run the page,
//! write the response. Any error or panic becomes an error page and a log line without secrets.
//! How the page reaches cPanel is not this layer's business: [`crate::uapi::choose`] decides.

pub mod csrf;
mod request;
mod response;

use std::collections::HashMap;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

pub use request::{Limits, Method, Request, RequestError, SecurityToken};
pub use response::{Response, content_security_policy};

use crate::i18n::Lang;
use crate::pages::{self, Ctx};
use crate::paths::Paths;

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
    let paths = Paths::from_env();
    // First, before anything can refuse the request: cpsrvd fails a live page that never
    // connected to its LiveAPI socket.
    let transport = match crate::uapi::choose::for_page(env, &paths) {
        Ok(t) => t,
        Err(e) => {
            crate::log::event("cpanel_unreachable", &[("error", &e.to_string())]);
            return pages::error_page(lang, 500, lang.texts().error_internal);
        }
    };
    let req = match Request::from_cgi(env, body, &Limits::default()) {
        Ok(r) => r,
        Err(e) => {
            crate::log::event("request_refused", &[("reason", &format!("{e:?}"))]);
            return pages::request_error(lang, &e);
        }
    };
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
    let ctx = Ctx { paths, home: std::path::PathBuf::from(home), state_dir, transport, csrf };
    pages::route(&req, &ctx)
}

/// The customer's own state (CSRF key, progress records), in their home directory.
pub fn user_state_dir(home: &str) -> std::path::PathBuf {
    std::path::Path::new(home).join(".secure_reopen")
}
