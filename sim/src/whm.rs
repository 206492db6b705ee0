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

/// One of root's WHM API tokens as cPanel keeps it (`Cpanel/Security/Authn/APITokens/
/// whostmgr.pm`): a hash of the token, never the token, with its ACLs and allowed addresses.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ApiToken {
    pub name: String,
    pub sha256: String,
    /// Empty: every ACL root has.
    pub acls: Vec<String>,
    /// Empty: any address.
    pub whitelist_ips: Vec<String>,
    pub create_time: i64,
}

fn tokens_file(state_dir: &Path) -> std::path::PathBuf {
    state_dir.join("whm-api-tokens.json")
}

fn load_tokens(state_dir: &Path) -> Vec<ApiToken> {
    std::fs::read(tokens_file(state_dir)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

fn save_tokens(state_dir: &Path, tokens: &[ApiToken]) -> std::io::Result<()> {
    let text = serde_json::to_vec(tokens).map_err(std::io::Error::other)?;
    crate::util::write_atomic(&tokens_file(state_dir), &text, 0o600)
}

fn sha256_hex(s: &str) -> String {
    use sha2::Digest;
    crate::state::hex(&sha2::Sha256::digest(s.as_bytes()))
}

/// WHM API 1 as `whmapi1 FUNCTION key=value… --output=json` prints it (root's own tool):
/// `api_token_create` and `api_token_revoke` (`Whostmgr/API/1/Tokens.pm`).
pub fn whmapi1(sim: &Sim, func: &str, args: &[(String, String)]) -> serde_json::Value {
    let meta = |result: u8, reason: &str| json!({"result": result, "reason": reason, "command": func, "version": 1});
    let _guard = sim.world.lock().expect("world");
    let mut tokens = load_tokens(&sim.state_dir);
    // Repeated arguments: `acl-1=…`, `whitelist_ip=…` (Whostmgr::API::1::Utils::get_length_arguments).
    let many = |base: &str| -> Vec<String> {
        args.iter()
            .filter(|(k, _)| {
                k == base
                    || k.strip_prefix(base).and_then(|r| r.strip_prefix('-')).is_some_and(|n| n.parse::<u32>().is_ok())
            })
            .map(|(_, v)| v.clone())
            .collect()
    };
    match func {
        "api_token_create" => {
            let Some(name) =
                args.iter().find(|(k, _)| k == "token_name").map(|(_, v)| v.clone()).filter(|n| !n.is_empty())
            else {
                return json!({"metadata": meta(0, "The system failed to create the API token: Provide the “token_name” argument.")});
            };
            if tokens.iter().any(|t| t.name == name) {
                return json!({"metadata": meta(0, &format!("The system failed to create the API token: An API token named “{name}” already exists."))});
            }
            const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            let mut b = [0u8; 32];
            rand::fill(&mut b);
            let token: String = b.iter().map(|x| CHARS[*x as usize % CHARS.len()] as char).collect();
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let acls = many("acl");
            let t = ApiToken {
                name: name.clone(),
                sha256: sha256_hex(&token),
                acls: acls.clone(),
                whitelist_ips: many("whitelist_ip"),
                create_time: now,
            };
            tokens.push(t);
            if let Err(e) = save_tokens(&sim.state_dir, &tokens) {
                return json!({"metadata": meta(0, &format!("The system failed to create the API token: {e}"))});
            }
            let mut data = json!({"token": token, "name": name, "create_time": now});
            if !acls.is_empty() {
                data["acls"] = json!(acls);
            }
            json!({"metadata": meta(1, "OK"), "data": data})
        }
        "api_token_revoke" => {
            let names = many("token_name");
            if names.is_empty() {
                return json!({"metadata": meta(0, "Provide at least one “token_name” argument.")});
            }
            let before = tokens.len();
            tokens.retain(|t| !names.contains(&t.name));
            let _ = save_tokens(&sim.state_dir, &tokens);
            json!({"metadata": meta(1, "OK"), "data": {"tokens_revoked": before - tokens.len()}})
        }
        _ => {
            json!({"metadata": meta(0, &format!("Unknown app (“{func}”) requested for this version (1) of the API."))})
        }
    }
}

/// Whether the request carries `Authorization: whm root:TOKEN` with a token of root's that
/// has `acl` (or all ACLs) and allows the client's address. The access hash
/// (`WHM root:HASH`) is refused: cPanel turns it off by default (`allow_deprecated_accesshash`).
pub fn authorized(sim: &Sim, req: &Request, acl: &str) -> bool {
    let Some(value) =
        req.headers().iter().find(|h| h.field.equiv("Authorization")).map(|h| h.value.as_str().to_owned())
    else {
        return false;
    };
    let Some((scheme, cred)) = value.split_once(' ') else { return false };
    let Some(token) = cred.strip_prefix("root:") else { return false };
    if !scheme.eq_ignore_ascii_case("whm") {
        return false;
    }
    let ip = req.remote_addr().map(|a| a.ip().to_string()).unwrap_or_default();
    let digest = sha256_hex(token.trim());
    load_tokens(&sim.state_dir).iter().any(|t| {
        t.sha256 == digest
            && (t.acls.is_empty() || t.acls.iter().any(|a| a == acl || a == "all"))
            && (t.whitelist_ips.is_empty() || t.whitelist_ips.contains(&ip))
    })
}
