//! The demo's real WordPress: Debian's WordPress core (`/usr/share/wordpress`, its files copied
//! as a customer's site has them) on the private MariaDB, installed with WordPress's own
//! `wp_install()`, and served behind the simulator's `/__site/DOMAIN/` by PHP's built-in server
//! (`php -S` on loopback; every domain's document root is linked as `__site/DOMAIN` in its web
//! root, so WordPress sees its real path). Without MariaDB, PHP or WordPress the demo keeps its
//! stand-in files and `stand_in_reason` says why.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use tiny_http::{Header, Request, Response};

type Resp = Response<std::io::Cursor<Vec<u8>>>;

const CORE: &str = "/usr/share/wordpress";

/// The PHP server (one process: the parent-death signal reaches it) and its port.
static PHP_PORT: OnceLock<u16> = OnceLock::new();
static PHP: std::sync::Mutex<Option<std::process::Child>> = std::sync::Mutex::new(None);
/// Why the demo runs with the stand-in site (shown on the dashboard).
static STAND_IN: OnceLock<String> = OnceLock::new();

/// Whether the simulator gives the demo a real WordPress (`--wordpress`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Mode {
    /// Files that look like WordPress, no database (fast; most tests).
    StandIn,
    /// A real WordPress when the machine has MariaDB, PHP and WordPress; otherwise the
    /// stand-in, saying why on the dashboard.
    Auto,
    /// A real WordPress or an error.
    Real,
}

/// What the machine lacks for a real WordPress, in a sentence; `None` when nothing.
pub fn missing() -> Option<String> {
    let mut absent = Vec::new();
    if let Some(m) = crate::mariadb::missing() {
        absent.push(m);
    }
    if crate::mariadb::tool("php").is_none() {
        absent.push("php not found (Debian package php-cli)".to_owned());
    } else if !php_has_mysqli() {
        absent.push("PHP cannot talk to MariaDB (Debian package php-mysql)".to_owned());
    }
    if !Path::new(CORE).join("wp-login.php").is_file() {
        absent.push(format!("WordPress's files are not in {CORE} (Debian package wordpress)"));
    }
    (!absent.is_empty()).then(|| absent.join("; "))
}

fn php_has_mysqli() -> bool {
    Command::new("php")
        .args(["-r", "exit(extension_loaded('mysqli') ? 0 : 1);"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Records why the demo has no real WordPress.
pub fn set_stand_in(reason: String) {
    let _ = STAND_IN.set(reason);
}

pub fn stand_in_reason() -> Option<&'static str> {
    STAND_IN.get().map(String::as_str)
}

/// Copies WordPress's core into `doc` (links followed, as an upload by FTP would have them);
/// `wp-config.php` and `wp-content` stay the site's own.
/// Every file gets `mtime`, the day the customer uploaded WordPress.
pub fn copy_core(doc: &Path, mtime: std::time::SystemTime) -> std::io::Result<()> {
    for e in fs::read_dir(CORE)? {
        let e = e?;
        let name = e.file_name();
        if name == "wp-config.php" || name == "wp-content" || name == ".htaccess" {
            continue;
        }
        copy_following(&e.path(), &doc.join(&name), mtime)?;
    }
    Ok(())
}

fn copy_following(from: &Path, to: &Path, mtime: std::time::SystemTime) -> std::io::Result<()> {
    let Ok(meta) = fs::metadata(from) else { return Ok(()) };
    if meta.is_dir() {
        fs::create_dir_all(to)?;
        for e in fs::read_dir(from)? {
            let e = e?;
            copy_following(&e.path(), &to.join(e.file_name()), mtime)?;
        }
    } else if meta.is_file() {
        fs::copy(from, to)?;
        fs::File::options().write(true).open(to)?.set_modified(mtime)?;
    }
    Ok(())
}

/// A WordPress user the demo creates: login, role, e-mail, password, registered (UTC).
pub struct User<'a> {
    pub login: &'a str,
    pub role: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    pub registered: &'a str,
}

/// Creates the database and its user (the passwords as in `wp-config.php`), then runs
/// `wp_install()` in `doc` (whose `wp-config.php` is written) and adds the users; the first user
/// is the administrator `wp_install` makes. The theme `shop` is switched on.
pub fn install(
    doc: &Path,
    db: &str,
    db_user: &str,
    db_password: &str,
    title: &str,
    users: &[User],
) -> Result<(), String> {
    use crate::mariadb::{quote, sql};
    sql(&format!(
        "CREATE DATABASE IF NOT EXISTS `{db}`; CREATE USER IF NOT EXISTS {u}@'localhost' IDENTIFIED BY {p}; \
         GRANT ALL ON `{db}`.* TO {u}@'localhost';",
        u = quote(db_user),
        p = quote(db_password)
    ))?;
    let php_str = |s: &str| format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"));
    let (admin, others) = users.split_first().ok_or("the site needs an administrator")?;
    let mut code = format!(
        "define('WP_INSTALLING', true); $_SERVER['HTTP_HOST'] = 'localhost'; \
         function wp_new_blog_notification() {{}} \
         require './wp-load.php'; require_once ABSPATH . 'wp-admin/includes/upgrade.php'; \
         $r = wp_install({}, {}, {}, true, '', {}); \
         if (is_wp_error($r)) {{ fwrite(STDERR, $r->get_error_message()); exit(1); }} \
         update_option('template', 'shop'); update_option('stylesheet', 'shop'); \
         wp_update_user(['ID' => 1, 'user_registered' => {}]);",
        php_str(title),
        php_str(admin.login),
        php_str(admin.email),
        php_str(admin.password),
        php_str(admin.registered),
    );
    for u in others {
        code.push_str(&format!(
            "$id = wp_insert_user(['user_login' => {}, 'user_pass' => {}, 'user_email' => {}, 'role' => {}, \
             'user_registered' => {}]); \
             if (is_wp_error($id)) {{ fwrite(STDERR, $id->get_error_message()); exit(1); }}",
            php_str(u.login),
            php_str(u.password),
            php_str(u.email),
            php_str(u.role),
            php_str(u.registered)
        ));
    }
    // The code (with the demo's published passwords) goes through stdin, not argv.
    let mut child = Command::new("php")
        .current_dir(doc)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run php: {e}"))?;
    child.stdin.take().expect("stdin").write_all(format!("<?php {code}").as_bytes()).map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "WordPress's installation failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(())
}

/// Points the site's addresses at the simulator (`BASE/__site/DOMAIN`), at every start.
pub fn set_address(db: &str, base: &str, domain: &str) -> Result<(), String> {
    let url = crate::mariadb::quote(&format!("{base}/__site/{domain}"));
    crate::mariadb::sql(&format!(
        "UPDATE `{db}`.wp_options SET option_value = {url} WHERE option_name IN ('siteurl', 'home');"
    ))
    .map(drop)
}

/// PHP's server does not look for `index.php` in a linked folder: the router does, as Apache's
/// `DirectoryIndex`; everything else is served as PHP's server does.
const ROUTER: &str = r#"<?php
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$dir = $_SERVER['DOCUMENT_ROOT'] . $path;
if (substr($path, -1) === '/' && is_file($dir . 'index.php')) {
    $_SERVER['SCRIPT_NAME'] = $_SERVER['PHP_SELF'] = $path . 'index.php';
    $_SERVER['SCRIPT_FILENAME'] = $dir . 'index.php';
    chdir($dir);
    require $dir . 'index.php';
    return true;
}
return false;
"#;

/// Starts `php -S` on a free loopback port over `web` (where `__site/DOMAIN` links to each
/// document root) and waits until it answers.
pub fn start_server(web: &Path, sites: &[(String, PathBuf)]) -> Result<(), String> {
    let links = web.join("__site");
    let _ = fs::remove_dir_all(&links);
    fs::create_dir_all(&links).map_err(|e| e.to_string())?;
    for (domain, doc) in sites {
        std::os::unix::fs::symlink(doc, links.join(domain)).map_err(|e| e.to_string())?;
    }
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let router = web.with_file_name("php-router.php");
    fs::write(&router, ROUTER).map_err(|e| e.to_string())?;
    let mut cmd = Command::new("php");
    cmd.args(["-d", "display_errors=0", "-d", "log_errors=1", "-S", &format!("127.0.0.1:{port}"), "-t"])
        .arg(web)
        .arg(&router)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    crate::mariadb::child_of_simulator(&mut cmd, libc::SIGKILL);
    let child = cmd.spawn().map_err(|e| format!("cannot start php -S: {e}"))?;
    let _ = fs::write(web.with_file_name("php.pid"), child.id().to_string());
    *PHP.lock().expect("php child") = Some(child);
    let deadline = Instant::now() + Duration::from_secs(15);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err("php -S did not listen within 15 s".into());
        }
        std::thread::sleep(Duration::from_millis(30));
    }
    let _ = PHP_PORT.set(port);
    Ok(())
}

/// Stops PHP's server.
pub fn stop() {
    if let Some(mut child) = PHP.lock().expect("php child").take() {
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// Passes a visitor's request for `/__site/…` to PHP's server, when it runs; its answer comes
/// back as it is (status, headers, body). `None` when no PHP server runs.
pub fn proxy(req: &Request, path: &str, query: &str, body: &[u8]) -> Option<Resp> {
    let port = *PHP_PORT.get()?;
    Some(forward(port, req, path, query, body).unwrap_or_else(|e| {
        Response::from_data(format!("<h1>Bad gateway</h1><p>{}</p>", html_escape(&e)).into_bytes())
            .with_status_code(502)
    }))
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn forward(port: u16, req: &Request, path: &str, query: &str, body: &[u8]) -> Result<Resp, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(120))).map_err(|e| e.to_string())?;
    let target = if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") };
    let mut head = format!("{} {target} HTTP/1.0\r\n", req.method());
    for h in req.headers() {
        let name = h.field.as_str().as_str();
        if ["connection", "content-length", "transfer-encoding", "keep-alive"]
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n))
        {
            continue;
        }
        head.push_str(&format!("{name}: {}\r\n", h.value.as_str()));
    }
    if let Some(a) = req.remote_addr() {
        head.push_str(&format!("X-Forwarded-For: {}\r\n", a.ip()));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()));
    s.write_all(head.as_bytes()).and_then(|_| s.write_all(body)).map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    s.take(64 << 20).read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or("PHP's answer has no header")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or("PHP's answer has no status")?;
    let mut resp = Response::from_data(raw[split + 4..].to_vec()).with_status_code(status);
    for l in lines {
        let Some((k, v)) = l.split_once(':') else { continue };
        if ["connection", "content-length", "transfer-encoding", "date"]
            .iter()
            .any(|n| k.trim().eq_ignore_ascii_case(n))
        {
            continue;
        }
        if let Ok(h) = Header::from_bytes(k.trim().as_bytes(), v.trim().as_bytes()) {
            resp.add_header(h);
        }
    }
    Ok(resp)
}
