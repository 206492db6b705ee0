//! What a person sees in the simulator: the login page, a Jupiter-like dashboard with the
//! plugins registered by `install.json`, the plugins' live pages (`*.live.cgi`) run like cpsrvd
//! runs them (with a LiveAPI socket each), and the account's websites (closed while a hold
//! include file exists).

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;
use serde_json::json;
use tiny_http::{Header, Request, Response};

use crate::server::{Session, Sim, parse_form};

type Resp = Response<std::io::Cursor<Vec<u8>>>;

const STYLE: &str = "body{margin:0;font:15px/1.5 system-ui,sans-serif;background:#f1f3f5;color:#1f2933}\
header{background:#0b2a4a;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center}\
header b{flex:1}main{max-width:64rem;margin:1rem auto;padding:0 1rem}\
.group{background:#fff;border:1px solid #d5dbe1;border-radius:6px;margin-bottom:1rem}\
.group h2{font-size:1rem;margin:0;padding:.6rem 1rem;border-bottom:1px solid #d5dbe1}\
.items{display:flex;flex-wrap:wrap;gap:.5rem;padding:.8rem}\
.items a{display:flex;align-items:center;gap:.5rem;width:14rem;padding:.4rem;text-decoration:none;color:#17598f}\
.items img{width:40px;height:40px}form{background:#fff;max-width:22rem;margin:3rem auto;padding:1.5rem;border-radius:6px}\
label{display:block;margin:.6rem 0 .2rem}input{width:100%;padding:.5rem;font:inherit}button{margin-top:1rem;padding:.5rem 1rem;font:inherit}\
.err{color:#a11b1b}";

fn page(title: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; meta name="viewport" content="width=device-width, initial-scale=1"; title { (title) } style { (maud::PreEscaped(STYLE)) } }
            body { (body) }
        }
    }
    .into_string()
}

fn header(k: &str, v: &str) -> Header {
    Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("valid header")
}

fn html_resp(status: u16, body: String) -> Resp {
    Response::from_data(body.into_bytes())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
}

fn login_form(error: Option<&str>) -> String {
    page(
        "cPanel Login (simulator)",
        html! {
            form method="post" action="/login/" {
                h1 { "cPanel (simulator)" }
                @if let Some(e) = error { p.err role="alert" { (e) } }
                label for="user" { "Username" } input #user name="user" autocomplete="username" required;
                label for="pass" { "Password" } input #pass name="pass" type="password" autocomplete="current-password" required;
                button type="submit" { "Log in" }
            }
        },
    )
}

pub fn login(sim: &Sim, req: &Request, query: &str, body: &[u8]) -> Resp {
    if req.method() != &tiny_http::Method::Post {
        return html_resp(200, login_form(None));
    }
    let json_only = parse_form(query.as_bytes()).iter().any(|(k, v)| k == "login_only" && v == "1");
    let form = parse_form(body);
    let get = |k: &str| form.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let (user, pass) = (get("user"), get("pass"));
    let verdict = {
        let world = sim.world.lock().expect("world");
        match world.accounts.get(&user) {
            Some(a) if a.suspended => Err("This account is currently suspended."),
            Some(a) if a.password.matches(&pass) => Ok(()),
            _ => Err("The login is invalid."),
        }
    };
    match verdict {
        Ok(()) => {
            let origin = req.remote_addr().map(|a| a.ip()).unwrap_or(std::net::Ipv4Addr::LOCALHOST.into());
            let (token, cookie) = sim.new_session(&user, origin);
            let redirect = format!("{token}/frontend/jupiter/index.html");
            let set = header("Set-Cookie", &format!("cpsession={cookie}; HttpOnly; Path=/; SameSite=Lax"));
            if json_only {
                let v = json!({"status": 1, "security_token": token, "redirect": redirect});
                Response::from_data(v.to_string().into_bytes())
                    .with_header(header("Content-Type", "application/json"))
                    .with_header(set)
            } else {
                Response::from_data(Vec::new())
                    .with_status_code(303)
                    .with_header(header("Location", &redirect))
                    .with_header(set)
            }
        }
        Err(msg) if json_only => {
            let v = json!({"status": 0, "message": msg});
            Response::from_data(v.to_string().into_bytes())
                .with_status_code(401)
                .with_header(header("Content-Type", "application/json"))
        }
        Err(msg) => html_resp(401, login_form(Some(msg))),
    }
}

/// cpsrvd's answer to a `/cpsess…` request whose session it refuses: the login page with the
/// reason (`Cpanel/Template/Unauthenticated.pm` texts), HTTP 401.
pub fn login_again(reason: &str) -> Resp {
    html_resp(401, login_form(Some(reason)))
}

#[derive(Debug, Clone, Deserialize)]
struct Item {
    #[serde(rename = "type")]
    kind: String,
    id: String,
    name: String,
    #[serde(default)]
    group_id: Option<String>,
    #[serde(default)]
    order: Option<i64>,
    #[serde(default)]
    uri: Option<String>,
    #[serde(default)]
    icon: Option<String>,
}

fn registered(sim: &Sim) -> Vec<Item> {
    std::fs::read(sim.plugin_dir.join("install.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<Vec<Item>>(&b).ok())
        .unwrap_or_default()
}

fn group_name(id: &str) -> String {
    match id {
        "security" => "Security".into(),
        "files" => "Files".into(),
        "email" => "Email".into(),
        other => other.to_owned(),
    }
}

pub fn frontend(sim: &Sim, req: &Request, s: &Session, rest: &str, query: &str, body: &[u8]) -> Resp {
    let items = registered(sim);
    if rest == "index.html" || rest.is_empty() {
        let mut links: Vec<&Item> = items.iter().filter(|i| i.kind == "link").collect();
        links.sort_by_key(|i| i.order.unwrap_or(0));
        let mut groups: Vec<String> = links.iter().filter_map(|i| i.group_id.clone()).collect();
        groups.dedup();
        let body = page(
            "cPanel – Tools (simulator)",
            html! {
                header { b { "cPanel (simulator)" } span { "Logged in as " (s.user) } }
                main {
                    h1 { "Tools" }
                    @if let Some(why) = crate::wordpress::stand_in_reason() {
                        p.notice role="note" {
                            "This demo runs without a real WordPress (" (why) "), so the website is a stand-in: "
                            "the WordPress users step cannot read or change its users and cannot finish, and the "
                            "reopen stays blocked. Run ./scripts/demo.sh with sudo rights to install the missing packages."
                        }
                    }
                    @for g in &groups {
                        section.group {
                            h2 { (group_name(g)) }
                            div.items {
                                @for i in links.iter().filter(|i| i.group_id.as_deref() == Some(g.as_str())) {
                                    a href={ (s.token) "/frontend/jupiter/" (i.uri.as_deref().unwrap_or("")) } id={ "item_" (i.id) } {
                                        @if let Some(icon) = &i.icon { img src={ (s.token) "/frontend/jupiter/_plugin_icons/" (icon) } alt=""; }
                                        span { (i.name) }
                                    }
                                }
                            }
                        }
                    }
                }
            },
        );
        return html_resp(200, body);
    }
    if let Some(icon) = rest.strip_prefix("_plugin_icons/") {
        if items.iter().any(|i| i.icon.as_deref() == Some(icon))
            && let Ok(bytes) = std::fs::read(sim.plugin_dir.join(icon))
        {
            let ctype = if icon.ends_with(".svg") { "image/svg+xml" } else { "image/png" };
            return Response::from_data(bytes).with_header(header("Content-Type", ctype));
        }
        return html_resp(404, "<h1>Not found</h1>".into());
    }
    // A registered plugin's live page: its uri, or another `.live.cgi` in the same folder.
    // cpsrvd runs Template Toolkit and `.live.` pages only; a plain `.cgi` is not a page.
    let cgi = items.iter().filter_map(|i| i.uri.as_deref()).find(|u| {
        rest.ends_with(".live.cgi")
            && !rest.contains("..")
            && (rest == *u || Path::new(rest).parent() == Path::new(u).parent())
    });
    match cgi {
        Some(_) => run_cgi(sim, req, s, rest, query, body),
        None => html_resp(404, "<h1>Not found</h1>".into()),
    }
}

/// Largest page read from a plugin.
const MAX_PAGE: u64 = 64 << 20;
/// How long a page may run (cpsrvd's own limit is not in its Perl; this bounds the demo).
const PAGE_DEADLINE: Duration = Duration::from_secs(300);

/// Runs the plugin binary as a live page: CGI/1.1 with the environment cpsrvd gives, plus a
/// fresh LiveAPI socket in `CPANEL_CONNECT_SOCKET` served as the logged-in user while the page
/// runs. A page that never connected to its socket fails the request as cpsrvd does.
fn run_cgi(sim: &Sim, req: &Request, s: &Session, rest: &str, query: &str, body: &[u8]) -> Resp {
    let home = sim.world.lock().expect("world").accounts.get(&s.user).map(|a| a.home.clone()).unwrap_or_default();
    let program = Program {
        user: &s.user,
        token: &s.token,
        home: &home,
        script_name: format!("{}/frontend/jupiter/{rest}", s.token),
        live: true,
    };
    run_program(sim, req, &program, query, body)
}

/// One CGI program run by cpsrvd for a logged-in user.
pub struct Program<'a> {
    pub user: &'a str,
    pub token: &'a str,
    pub home: &'a std::path::Path,
    pub script_name: String,
    /// A cPanel live page (LiveAPI socket); WHM's CGI programs have none.
    pub live: bool,
}

/// Runs `program` with cpsrvd's CGI/1.1 environment. Output is read while it runs (a page
/// larger than a pipe's buffer must not stall it), with a deadline.
pub fn run_program(sim: &Sim, req: &Request, program: &Program<'_>, query: &str, body: &[u8]) -> Resp {
    let url = sim.url.lock().expect("url").clone();
    let port = url.rsplit(':').next().unwrap_or("0").to_owned();
    let Ok(live) = crate::liveapi::Endpoint::open() else {
        return html_resp(500, "<h1>Internal Server Error</h1><p>cpsrvd could not open the LiveAPI socket.</p>".into());
    };
    let mut cmd = Command::new(&sim.plugin_bin);
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into()))
        .env("GATEWAY_INTERFACE", "CGI/1.1")
        .env("SERVER_PROTOCOL", "HTTP/1.1")
        .env("SERVER_SOFTWARE", "cpsrvd/11.120 (cpanel-sim)")
        .env("SERVER_NAME", "127.0.0.1")
        .env("SERVER_PORT", &port)
        .env("REQUEST_METHOD", req.method().as_str())
        .env("REQUEST_URI", req.url())
        .env("SCRIPT_NAME", &program.script_name)
        .env("SCRIPT_FILENAME", sim.plugin_bin.as_os_str())
        .env("QUERY_STRING", query)
        .env("REMOTE_ADDR", req.remote_addr().map(|a| a.ip().to_string()).unwrap_or_default())
        .env("REMOTE_PORT", req.remote_addr().map(|a| a.port().to_string()).unwrap_or_default())
        .env("REMOTE_USER", program.user)
        .env("HTTPS", "off")
        .env("HOME", program.home)
        .env("USER", program.user)
        .env("cp_security_token", program.token)
        .env("SECURE_REOPEN_ROOT", &sim.root);
    if program.live {
        cmd.env("CPANEL", "active").env("CPANEL_CONNECT_SOCKET", &live.path);
    }
    for h in req.headers() {
        let name = h.field.as_str().as_str().to_ascii_uppercase().replace('-', "_");
        match name.as_str() {
            "CONTENT_TYPE" => {
                cmd.env("CONTENT_TYPE", h.value.as_str());
            }
            "CONTENT_LENGTH" | "AUTHORIZATION" | "PROXY" => {}
            _ => {
                cmd.env(format!("HTTP_{name}"), h.value.as_str());
            }
        }
    }
    if req.method() == &tiny_http::Method::Post {
        cmd.env("CONTENT_LENGTH", body.len().to_string());
    }
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let Ok(mut child) = cmd.spawn() else {
        return html_resp(500, "<h1>Internal Server Error</h1><p>The plugin could not start.</p>".into());
    };
    let (stdin, stdout, stderr) = (child.stdin.take(), child.stdout.take(), child.stderr.take());
    let outcome = std::thread::scope(|scope| {
        if program.live {
            live.serve(scope, sim, program.user, req.remote_addr().map(|a| a.ip()));
        }
        if let Some(mut stdin) = stdin {
            scope.spawn(move || {
                let _ = stdin.write_all(body);
            });
        }
        let out = scope.spawn(move || read_capped(stdout));
        let err = scope.spawn(move || read_capped(stderr));
        let deadline = Instant::now() + PAGE_DEADLINE;
        let status = loop {
            match child.try_wait() {
                Ok(Some(st)) => break Some(st),
                Ok(None) if Instant::now() > deadline => break None,
                Ok(None) => std::thread::sleep(Duration::from_millis(2)),
                Err(_) => break None,
            }
        };
        if status.is_none() {
            let _ = child.kill();
            let _ = child.wait();
        }
        live.finish();
        let out = out.join().unwrap_or_default();
        let err = err.join().unwrap_or_default();
        (status, out, err)
    });
    let (status, out, err) = outcome;
    if !err.is_empty() {
        eprint!("{}", String::from_utf8_lossy(&err));
    }
    if status.is_none() {
        return html_resp(504, "<h1>Gateway Timeout</h1>".into());
    }
    if program.live && !live.was_connected() {
        // cpanel.pl's `setup_external_engine` dies with this (seen in cPanel's error_log in
        // public bug reports; the text is in the compiled cpanel binary, not in its Perl).
        eprintln!("Child failed to make LIVEAPI connection to cPanel from: {}.", program.script_name);
        return html_resp(
            500,
            page(
                "Internal Server Error",
                html! { h1 { "Internal Server Error" } p { "Child failed to make LIVEAPI connection to cPanel." } },
            ),
        );
    }
    if out.len() as u64 > MAX_PAGE {
        return html_resp(502, "<h1>Bad Gateway</h1><p>The page was too large.</p>".into());
    }
    parse_cgi_output(&out)
}

fn read_capped(pipe: Option<impl Read>) -> Vec<u8> {
    let mut buf = Vec::new();
    if let Some(mut p) = pipe {
        let _ = (&mut p).take(MAX_PAGE + 1).read_to_end(&mut buf);
        // Past the limit, keep draining so that the page can finish and exit.
        let _ = std::io::copy(&mut p, &mut std::io::sink());
    }
    buf
}

/// Splits a CGI response into headers and body; `Status:` sets the code.
fn parse_cgi_output(raw: &[u8]) -> Resp {
    let (head_end, sep) = match (find(raw, b"\r\n\r\n"), find(raw, b"\n\n")) {
        (Some(a), Some(b)) if b < a => (b, 2),
        (Some(a), _) => (a, 4),
        (None, Some(b)) => (b, 2),
        (None, None) => {
            return html_resp(500, "<h1>Internal Server Error</h1><p>The plugin sent no headers.</p>".into());
        }
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let body = raw[head_end + sep..].to_vec();
    let mut status = 200;
    let mut resp = Response::from_data(body);
    for line in head.lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim();
        if k.eq_ignore_ascii_case("Status") {
            status = v.split_whitespace().next().and_then(|s| s.parse().ok()).unwrap_or(500);
        } else if k.eq_ignore_ascii_case("Location") && status == 200 {
            status = 302;
            resp.add_header(header(k, v));
        } else if !k.eq_ignore_ascii_case("Content-Length") {
            resp.add_header(header(k, v));
        }
    }
    resp.with_status_code(status)
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

/// `/__site/DOMAIN/path`: the website as a visitor sees it (static files only).
/// A visitor's request for a website: 503 while root holds it, else the file, or the answer of
/// PHP's server when the demo has a real WordPress.
pub fn site(sim: &Sim, rest: &str, req: &Request, query: &str, body: &[u8]) -> Resp {
    let (domain, path) = rest.split_once('/').unwrap_or((rest, ""));
    let found = {
        let world = sim.world.lock().expect("world");
        world
            .accounts
            .values()
            .find_map(|a| a.domains().find(|d| d.domain == domain).map(|d| (a.user.clone(), d.documentroot.clone())))
    };
    let Some((user, docroot)) = found else {
        return html_resp(404, "<h1>No such site</h1>".into());
    };
    let visitor = req.remote_addr().map(|a| a.ip()).unwrap_or(std::net::Ipv4Addr::LOCALHOST.into());
    let uri = format!("/{path}");
    for kind in ["std", "ssl"] {
        // EasyApache includes `…/2_4/USER/*.conf` in every vhost of the user and
        // `…/2_4/USER/DOMAIN/*.conf` in that domain's.
        let user_dir = sim.root.join(format!("etc/apache2/conf.d/userdata/{kind}/2_4/{user}"));
        let closed = crate::apache::closed_by(&user_dir, visitor, &uri)
            || crate::apache::closed_by(&user_dir.join(domain), visitor, &uri);
        if closed {
            return html_resp(503, page("Closed for maintenance", html! { h1 { "Closed for maintenance" } p { "This website is closed for maintenance after a security incident. It will be back soon." } }))
                .with_header(header("Retry-After", "3600"));
        }
    }
    if path.split('/').any(|c| c == "..") {
        return html_resp(400, "<h1>Bad request</h1>".into());
    }
    if let Some(answer) = crate::wordpress::proxy(req, &format!("/__site/{rest}"), query, body) {
        return answer;
    }
    let mut file = docroot.join(path);
    if file.is_dir() {
        file = ["index.html", "index.php"].iter().map(|i| file.join(i)).find(|p| p.is_file()).unwrap_or(file);
    }
    match std::fs::read(&file) {
        Ok(b) => {
            let ctype = if file.extension().is_some_and(|e| e == "html") {
                "text/html; charset=utf-8"
            } else {
                "text/plain; charset=utf-8"
            };
            Response::from_data(b).with_header(header("Content-Type", ctype))
        }
        Err(_) => html_resp(404, "<h1>Not found</h1>".into()),
    }
}
