//! WHM's side, as much as the technicians' page needs: root's login (`/whm`), a WHM session
//! (`whostmgrsession` cookie, `/cpsessN/` token, the same cookie IP validation as cPanel), and
//! the plugin's AppConfig-registered CGI at `/cpsessN/cgi/secure_reopen/index.cgi`, run as root
//! without a LiveAPI socket (WHM's CGI programs have none).
//!
//! AppConfig (`Cpanel/AppConfig.pm`) lets through only WHM users with the app's `acls`; the
//! plugin registers `acls=all`, which only root has here.

use std::path::Path;

use serde_json::json;
use tiny_http::{Request, Response};

use crate::server::{Sim, parse_form};

type Resp = Response<std::io::Cursor<Vec<u8>>>;

/// The cookie WHM's sessions use (cPanel's is `cpsession`).
pub const COOKIE: &str = "whostmgrsession";

/// Where root's WHM password is kept for the demo and the tests.
pub fn password_file(state_dir: &Path) -> std::path::PathBuf {
    state_dir.join("whm-root-password")
}

fn html(status: u16, body: String) -> Resp {
    Response::from_data(body.into_bytes())
        .with_status_code(status)
        .with_header(crate::server::header("Content-Type", "text/html; charset=utf-8"))
}

fn login_form(error: Option<&str>) -> String {
    let error = error.map(|e| format!("<p role=\"alert\">{}</p>", crate::server::escape(e))).unwrap_or_default();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>WHM Login</title></head><body>\
         <h1>WHM</h1>{error}<form method=\"post\" action=\"/whm\">\
         <label for=\"user\">Username</label><input id=\"user\" name=\"user\" value=\"root\">\
         <label for=\"pass\">Password</label><input id=\"pass\" name=\"pass\" type=\"password\">\
         <button type=\"submit\">Log in</button></form></body></html>"
    )
}

/// `/whm`: the login form, and its POST (`login_only=1` answers JSON, for scripts).
pub fn login(sim: &Sim, req: &Request, query: &str, body: &[u8]) -> Resp {
    if req.method() != &tiny_http::Method::Post {
        return html(200, login_form(None));
    }
    let json_only = parse_form(query.as_bytes()).iter().any(|(k, v)| k == "login_only" && v == "1");
    let form = parse_form(body);
    let get = |k: &str| form.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let expected = std::fs::read_to_string(password_file(&sim.state_dir)).unwrap_or_default();
    let ok = get("user") == "root" && !expected.trim().is_empty() && get("pass") == expected.trim();
    if !ok {
        return if json_only {
            Response::from_data(json!({"status": 0, "message": "The login is invalid."}).to_string().into_bytes())
                .with_status_code(401)
                .with_header(crate::server::header("Content-Type", "application/json"))
        } else {
            html(401, login_form(Some("The login is invalid.")))
        };
    }
    let origin = req.remote_addr().map(|a| a.ip()).unwrap_or(std::net::Ipv4Addr::LOCALHOST.into());
    let (token, cookie) = sim.new_session("root", origin);
    let redirect = format!("{token}/cgi/secure_reopen/index.cgi");
    let set = crate::server::header("Set-Cookie", &format!("{COOKIE}={cookie}; HttpOnly; Path=/; SameSite=Lax"));
    if json_only {
        Response::from_data(
            json!({"status": 1, "security_token": token, "redirect": redirect}).to_string().into_bytes(),
        )
        .with_header(crate::server::header("Content-Type", "application/json"))
        .with_header(set)
    } else {
        Response::from_data(Vec::new())
            .with_status_code(303)
            .with_header(crate::server::header("Location", &redirect))
            .with_header(set)
    }
}

/// `/cpsessN/cgi/…` with a WHM session: the plugin's registered page, run as root.
pub fn cgi(sim: &Sim, req: &Request, token: &str, rest: &str, query: &str, body: &[u8]) -> Resp {
    let session = match sim.session_for_cookie(req, COOKIE, token) {
        Ok(s) if s.user == "root" => s,
        Ok(_) => return html(403, "<h1>Access denied</h1><p>WHM is for root.</p>".into()),
        Err(why) => return html(401, login_form(Some(why.text()))),
    };
    // AppConfig: only the registered URL runs; anything else under /cgi/ is WHM's own.
    if rest != "/cgi/secure_reopen/index.cgi" {
        return html(404, "<h1>Not found</h1>".into());
    }
    let home = sim.root.join("root");
    let program = crate::pages::Program {
        user: &session.user,
        token: &session.token,
        home: &home,
        script_name: format!("{}{rest}", session.token),
        live: false,
    };
    crate::pages::run_program(sim, req, &program, query, body)
}
