//! The same plugin binary is a correct CGI/1.1 program under a real Apache httpd with mod_cgi,
//! outside our own simulator: REMOTE_USER from Apache's own Basic auth, the security token in
//! the URL, cookies, urlencoded POST bodies, and the size limit. Apache gives no LiveAPI
//! socket, so the page falls back to reading through cPanel's `uapi` tool (absent here).

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{PLUGIN, agent, basic, page};

const MODULES: &str = "/usr/lib/apache2/modules";
const TOKEN_PATH: &str = "/cpsess0123456789/frontend/jupiter/secure_reopen/index.live.cgi";

struct Apache {
    child: Child,
    dir: tempfile::TempDir,
    port: u16,
}

impl Drop for Apache {
    fn drop(&mut self) {
        // `-k stop` signals the daemon through its pid file and waits for it to go.
        let _ = Command::new("/usr/sbin/apache2")
            .arg("-f")
            .arg(self.dir.path().join("httpd.conf"))
            .args(["-k", "stop"])
            .status();
        let _ = self.child.wait();
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.dir.path().join("httpd.pid").exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn open_to_all(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn start_apache() -> Apache {
    assert!(
        Path::new("/usr/sbin/apache2").exists() && Path::new(MODULES).join("mod_cgi.so").exists(),
        "Apache httpd is not installed: run ./scripts/test.sh, which installs it"
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    open_to_all(&d, 0o755);
    let cgi_dir = d.join("cgi");
    std::fs::create_dir(&cgi_dir).unwrap();
    open_to_all(&cgi_dir, 0o755);
    let cgi = cgi_dir.join("index.live.cgi");
    std::fs::copy(PLUGIN, &cgi).unwrap();
    open_to_all(&cgi, 0o755);
    // The CGI's own state (its CSRF key) goes in HOME, which the CGI user must be able to write.
    let home = d.join("home");
    std::fs::create_dir(&home).unwrap();
    open_to_all(&home, 0o777);
    let root = d.join("root");
    std::fs::create_dir(&root).unwrap();
    open_to_all(&root, 0o755);
    let st = Command::new("htpasswd")
        .args(["-bcB", "-C", "5"])
        .arg(d.join("htpasswd"))
        .args(["demo", "demo-pass-1234"])
        .output()
        .unwrap();
    assert!(st.status.success(), "htpasswd failed: {}", String::from_utf8_lossy(&st.stderr));
    open_to_all(&d.join("htpasswd"), 0o644);

    let port = free_port();
    let as_root = Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(false);
    let user = if as_root { "User www-data\nGroup www-data\n" } else { "" };
    let modules =
        ["mpm_prefork", "authz_core", "authz_user", "authn_core", "authn_file", "auth_basic", "alias", "env", "cgi"]
            .iter()
            .map(|m| format!("LoadModule {m}_module {MODULES}/mod_{m}.so\n"))
            .collect::<String>();
    let conf = format!(
        "{modules}{user}ServerName 127.0.0.1\nListen 127.0.0.1:{port}\nPidFile {d}/httpd.pid\nDefaultRuntimeDir {d}\n\
         ErrorLog {d}/error.log\nLogLevel warn\nStartServers 1\nMinSpareServers 1\nMaxSpareServers 2\n\
         ScriptAlias {TOKEN_PATH} {cgi}\nScriptAlias /plain/index.cgi {cgi}\n\
         <Location />\n  AuthType Basic\n  AuthName \"cPanel\"\n  AuthUserFile {d}/htpasswd\n  Require valid-user\n</Location>\n\
         SetEnv HOME {home}\nSetEnv SECURE_REOPEN_ROOT {root}\n",
        d = d.display(),
        cgi = cgi.display(),
        home = home.display(),
        root = root.display(),
    );
    std::fs::write(d.join("httpd.conf"), conf).unwrap();
    let child = Command::new("/usr/sbin/apache2")
        .arg("-f")
        .arg(d.join("httpd.conf"))
        .args(["-k", "start"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start apache2");
    let apache = Apache { child, dir, port };
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "apache2 did not start listening: {}", apache.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    apache
}

impl Apache {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }

    fn state_dir(&self) -> PathBuf {
        self.dir.path().join("home/.secure_reopen")
    }
}

fn auth() -> String {
    basic("demo", "demo-pass-1234")
}

fn get(url: &str, headers: &[(&str, &str)]) -> (u16, Vec<(String, String)>, String) {
    let mut req = agent().get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    read(req.call().expect("GET"))
}

fn read(resp: ureq::http::Response<ureq::Body>) -> (u16, Vec<(String, String)>, String) {
    let p = page(resp);
    (p.status, p.headers, p.body)
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

#[test]
fn get_renders_the_page_with_every_security_header() {
    let apache = start_apache();
    let (status, h, body) = get(&apache.url(TOKEN_PATH), &[("Authorization", &auth())]);
    assert_eq!(status, 200, "{body}\n{}", apache.log());
    assert_eq!(header(&h, "content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(header(&h, "cache-control"), Some("no-store"));
    assert!(header(&h, "content-security-policy").unwrap().contains("default-src 'none'"));
    assert_eq!(header(&h, "x-content-type-options"), Some("nosniff"));
    assert_eq!(header(&h, "referrer-policy"), Some("no-referrer"));
    assert!(body.contains("<html lang=\"en\""));
    // No cPanel here: the page says the account details are unavailable instead of failing.
    assert!(body.contains("could not fetch your account details"), "{body}");
    let (_, _, nb) = get(&apache.url(TOKEN_PATH), &[("Authorization", &auth()), ("Accept-Language", "nb-NO,nb;q=0.9")]);
    assert!(nb.contains("<html lang=\"nb\""));
}

#[test]
fn a_post_form_and_its_cookie_reach_the_program() {
    let apache = start_apache();
    let cookie = ("Cookie", "cpsession=demo%3Aabc; other=1");
    let (_, _, page) = get(&apache.url(TOKEN_PATH), &[("Authorization", &auth()), cookie]);
    assert!(!page.contains("name=\"csrf\""), "the calm page has no forms");
    // A POST without a CSRF token is refused by our program (our page, not Apache's).
    let resp = agent()
        .post(&apache.url(TOKEN_PATH))
        .header("Authorization", &auth())
        .header(cookie.0, cookie.1)
        .send_form([("action", "attest"), ("item", "attest_guidance_read")])
        .unwrap();
    let (status, h, body) = read(resp);
    // Refused, and answered with a redirect to the page that says so (POST → 303 → GET).
    assert_eq!(status, 303, "{body}");
    let location = header(&h, "location").expect("a Location").to_owned();
    assert!(location.starts_with(TOKEN_PATH) && location.contains("?view=notice&n="), "{location}");
    let (status, h, body) =
        get(&apache.url(location.split('#').next().unwrap()), &[("Authorization", &auth()), cookie]);
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("This form has expired or did not come from this page"));
    assert_eq!(header(&h, "cache-control"), Some("no-store"));
    // The program ran as the CGI user and created its key in HOME, nothing else.
    assert!(apache.state_dir().join("csrf.key").exists(), "{}", apache.log());
    assert!(!apache.state_dir().join("progress.json").exists());
}

#[test]
fn a_body_over_the_limit_is_refused_with_413() {
    let apache = start_apache();
    let big = vec![b'a'; 5 * 1024 * 1024];
    let resp = agent()
        .post(&apache.url(TOKEN_PATH))
        .header("Authorization", &auth())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(&big[..]);
    let (status, h, body) = match resp {
        Ok(r) => read(r),
        // Apache may close the connection once the program answered without reading the body.
        Err(e) => panic!("no answer to the large body: {e}"),
    };
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("too large"));
    assert_eq!(header(&h, "cache-control"), Some("no-store"));
}

#[test]
fn apache_auth_guards_the_program_and_a_url_without_a_token_is_refused() {
    let apache = start_apache();
    let (status, _, _) = get(&apache.url(TOKEN_PATH), &[]);
    assert_eq!(status, 401, "Apache's own Basic auth answers first");
    let (status, _, body) = get(&apache.url("/plain/index.cgi"), &[("Authorization", &auth())]);
    assert_eq!(status, 403);
    assert!(body.contains("Your cPanel session could not be confirmed"), "{body}");
}
