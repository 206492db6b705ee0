//! The shared test harness: start `cpanel-sim` on a free loopback port with a fresh state
//! directory, and talk to it the way a browser, a script or cPanel's tools would.

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const PLUGIN: &str = env!("CARGO_BIN_EXE_secure-reopen");
/// The simulator is its own crate in the workspace; `cargo test --workspace` builds it beside
/// the plugin (see `sim_path`).
pub static SIM: std::sync::LazyLock<String> = std::sync::LazyLock::new(sim_path);

pub struct Sim {
    child: Child,
    pub dir: tempfile::TempDir,
    pub ready: Value,
}

#[derive(Default)]
pub struct Options {
    pub extra_args: Vec<String>,
    /// The simulator's scenario (`demo` when not given; `demo-basic`: no PostgreSQL, no Web Disk).
    pub scenario: Option<String>,
    /// The program the simulator runs as the plugin's live page (default: the plugin).
    pub plugin_bin: Option<PathBuf>,
    /// The demo's site is a real WordPress on the simulator's private MariaDB, served by PHP
    /// (`--wordpress real`; Debian's mariadb-server, wordpress, php-cli, php-mysql).
    pub wordpress: bool,
}

impl Sim {
    pub fn start() -> Sim {
        Sim::start_with(Options::default())
    }

    pub fn start_with(opts: Options) -> Sim {
        let dir = tempfile::tempdir().expect("temp dir");
        let ready_file = dir.path().join("ready.json");
        let state = dir.path().join("state");
        let plugin_bin = opts.plugin_bin.clone().unwrap_or_else(|| PathBuf::from(PLUGIN));
        let child = Command::new(SIM.as_str())
            .args(["--listen", "127.0.0.1:0", "--scenario", opts.scenario.as_deref().unwrap_or("demo"), "--plugin-bin"])
            .arg(&plugin_bin)
            .arg("--state-dir")
            .arg(&state)
            .arg("--ready-file")
            .arg(&ready_file)
            .arg("--plugin-dir")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("plugin"))
            .args(if opts.wordpress { &["--wordpress", "real"][..] } else { &[] })
            .args(&opts.extra_args)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("sim.stderr")).map(Stdio::from).unwrap_or(Stdio::null()))
            .spawn()
            .expect("start cpanel-sim");
        let mut sim = Sim { child, dir, ready: Value::Null };
        // A real WordPress: MariaDB's first start, WordPress's install and four backups of it.
        let deadline = Instant::now() + Duration::from_secs(if opts.wordpress { 180 } else { 30 });
        loop {
            if let Ok(b) = std::fs::read(&ready_file)
                && let Ok(v) = serde_json::from_slice(&b)
            {
                sim.ready = v;
                return sim;
            }
            if let Ok(Some(st)) = sim.child.try_wait() {
                let err = std::fs::read_to_string(sim.dir.path().join("sim.stderr")).unwrap_or_default();
                panic!("cpanel-sim exited early: {st}: {err}");
            }
            assert!(Instant::now() < deadline, "cpanel-sim did not become ready in time");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The simulator's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn s(&self, k: &str) -> String {
        self.ready[k].as_str().unwrap_or_default().to_owned()
    }
    pub fn url(&self) -> String {
        self.s("url")
    }
    pub fn password(&self) -> String {
        self.s("password")
    }
    /// cpsrvd's TLS port (its certificate is the fake root's `/var/cpanel/ssl/cpanel/mycpanel.pem`).
    pub fn tls_url(&self) -> String {
        self.s("tls_url")
    }
    pub fn api_token(&self) -> String {
        self.s("api_token")
    }
    pub fn root(&self) -> PathBuf {
        PathBuf::from(self.s("root"))
    }
    pub fn state_dir(&self) -> PathBuf {
        PathBuf::from(self.s("state_dir"))
    }
    pub fn home(&self) -> PathBuf {
        self.state_dir().join("home/demo")
    }

    /// A UAPI call as the demo user with its API token (which outlives password changes).
    /// `/execute` answers the bare result object; it is returned as the `uapi` tool prints it,
    /// `{"apiversion":3,"func","module","result":{…}}`, so tests read `["result"]`.
    pub fn uapi(&self, module: &str, func: &str, args: &[(&str, &str)]) -> Value {
        let result = self.execute(module, func, args);
        json!({"apiversion": 3, "func": func, "module": module, "result": result})
    }

    /// `/execute/Module/func` with the API token: the bare result object, checked to be bare.
    pub fn execute(&self, module: &str, func: &str, args: &[(&str, &str)]) -> Value {
        let (status, body) = http_post(
            &format!("{}/execute/{module}/{func}", self.url()),
            &[("Authorization", &format!("cpanel demo:{}", self.api_token()))],
            args,
        );
        assert_eq!(status, 200, "{module}::{func} answered HTTP {status}: {body}");
        let v: Value =
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("{module}::{func}: not JSON ({e}): {body}"));
        assert!(v.get("status").is_some() && v.get("result").is_none(), "not a bare result object: {body}");
        v
    }

    pub fn api2(&self, module: &str, func: &str, args: &[(&str, &str)]) -> Value {
        let mut all =
            vec![("cpanel_jsonapi_apiversion", "2"), ("cpanel_jsonapi_module", module), ("cpanel_jsonapi_func", func)];
        all.extend_from_slice(args);
        let (_, body) = http_post(
            &format!("{}/json-api/cpanel", self.url()),
            &[("Authorization", &basic("demo", &self.password()))],
            &all,
        );
        serde_json::from_str(&body).expect("API 2 JSON")
    }

    pub fn state(&self) -> Value {
        let (_, body) = http_get(&format!("{}/__sim/state", self.url()), &[]);
        serde_json::from_str(&body).expect("state JSON")
    }

    /// The cPanel functions called since the faults were last set, in order (`Module::function`,
    /// API 2 ones as `api2 Module::function`).
    pub fn call_names(&self) -> Vec<String> {
        let (_, body) = http_get(&format!("{}/__sim/calls", self.url()), &[]);
        let v: Value = serde_json::from_str(&body).expect("calls JSON");
        v["names"].as_array().expect("names").iter().map(|n| n.as_str().expect("name").to_owned()).collect()
    }

    pub fn set_faults(&self, faults: Value) {
        let (s, _) = http_post_raw(
            &format!("{}/__sim/faults", self.url()),
            &[],
            faults.to_string().into_bytes(),
            "application/json",
        );
        assert_eq!(s, 200);
    }

    pub fn check_login(&self, service: &str, user: &str, password: &str) -> bool {
        let body = json!({"service": service, "user": user, "password": password}).to_string();
        let (_, r) =
            http_post_raw(&format!("{}/__sim/check_login", self.url()), &[], body.into_bytes(), "application/json");
        serde_json::from_str::<Value>(&r).expect("JSON")["ok"] == json!(true)
    }

    /// Logs in like a browser and returns the session.
    pub fn browser(&self) -> Browser {
        self.browser_as("demo", &self.password())
    }

    pub fn browser_as(&self, user: &str, password: &str) -> Browser {
        let agent = agent();
        let resp = agent
            .post(&format!("{}/login/?login_only=1", self.url()))
            .send_form([("user", user), ("pass", password)])
            .expect("login request");
        let cookie = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.split(';').next().and_then(|kv| kv.strip_prefix("cpsession=")).map(str::to_owned))
            .expect("cpsession cookie");
        let mut body = String::new();
        resp.into_body().as_reader().read_to_string(&mut body).expect("body");
        let v: Value = serde_json::from_str(&body).expect("login JSON");
        assert_eq!(v["status"], json!(1), "login failed: {body}");
        Browser { base: self.url(), token: v["security_token"].as_str().expect("token").to_owned(), cookie, lang: None }
    }

    pub fn incident(&self) -> Value {
        let p = self.root().join("var/cpanel/secure_reopen/incidents/demo.json");
        serde_json::from_slice(&std::fs::read(p).expect("incident record")).expect("incident JSON")
    }

    pub fn audit_log(&self) -> String {
        std::fs::read_to_string(self.root().join("var/cpanel/secure_reopen/audit/demo.log")).unwrap_or_default()
    }

    /// Runs the admin CLI against this simulator's fake root.
    pub fn admin(&self, args: &[&str]) -> (i32, String, String) {
        let out = Command::new(PLUGIN)
            .args(args)
            .env("SECURE_REOPEN_ROOT", self.root())
            .env("CPANEL_SIM_URL", self.url())
            .output()
            .expect("run admin CLI");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// What a visitor of `domain` gets: HTTP status. The visitor comes from 127.0.0.2, not the
    /// customer's 127.0.0.1 (whose own address may preview the held site).
    pub fn site_status(&self, domain: &str) -> u16 {
        self.site_status_from(std::net::Ipv4Addr::new(127, 0, 0, 2), domain)
    }

    /// What `domain`'s front page gives the customer's browser (127.0.0.1): HTTP status and page.
    pub fn site_page(&self, domain: &str) -> (u16, String) {
        http_get(&format!("{}/__site/{domain}/", self.url()), &[])
    }

    /// Whether the real MariaDB (`Options::wordpress`) lets `user` log in with `password`
    /// (given to the client in its environment, not its arguments).
    pub fn mariadb_login(&self, user: &str, password: &str) -> bool {
        let socket = self.ready["mariadb_socket"].as_str().expect("the simulator runs a MariaDB");
        Command::new("mariadb")
            .arg("--no-defaults")
            .arg(format!("--socket={socket}"))
            .args(["-u", user, "-e", "SELECT 1"])
            .env("MYSQL_PWD", password)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run mariadb")
            .success()
    }

    /// A login through `domain`'s real `wp-login.php` behind the simulator, as a browser does
    /// it: true when WordPress accepts the password (302 with its logged-in cookie).
    pub fn wp_login(&self, domain: &str, user: &str, password: &str) -> bool {
        let resp = agent()
            .post(&format!("{}/__site/{domain}/wp-login.php", self.url()))
            .header("Cookie", "wordpress_test_cookie=WP%20Cookie%20check")
            .send_form([("log", user), ("pwd", password), ("wp-submit", "Log In"), ("testcookie", "1")])
            .expect("POST wp-login.php");
        let status = resp.status().as_u16();
        let logged_in = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|c| c.starts_with("wordpress_logged_in_"));
        let _ = page(resp);
        status == 302 && logged_in
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Browser {
    pub base: String,
    pub token: String,
    pub cookie: String,
    pub lang: Option<String>,
}

pub struct Page {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Page {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The value of the first hidden `csrf` field.
    pub fn csrf(&self) -> String {
        let i = self.body.find("name=\"csrf\" value=\"").expect("page has a CSRF field") + 19;
        self.body[i..].split('"').next().expect("value").to_owned()
    }

    /// The forms of the page whose `action` field is `action`, in page order.
    pub fn forms(&self, action: &str) -> Vec<Form> {
        self.body
            .split("<form")
            .skip(1)
            .filter_map(|f| f.split("</form>").next())
            .map(|f| Form { fields: inputs(f) })
            .filter(|f| f.field("action") == Some(action))
            .collect()
    }

    /// The first form whose `action` field is `action`.
    pub fn form(&self, action: &str) -> Form {
        self.forms(action).into_iter().next().unwrap_or_else(|| panic!("no {action:?} form on the page"))
    }

    /// The target of the first link whose text is `label`.
    pub fn link(&self, label: &str) -> Option<String> {
        self.body.split("<a ").skip(1).find_map(|a| {
            let (tag, rest) = a.split_once('>')?;
            let text = unescape(rest.split("</a>").next()?.trim());
            (text == label).then(|| attr(tag, "href")).flatten()
        })
    }

    /// The page's text without tags, for readable assertions.
    pub fn text(&self) -> String {
        let no_style = regex_lite_strip(&self.body);
        no_style
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
    }
}

/// A form of a page: its named fields (hidden or with a value) in order.
pub struct Form {
    pub fields: Vec<(String, String)>,
}

impl Form {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The form's fields with `extra` set (replacing a field of that name, else added): what a
    /// browser posts after the user fills in `extra`.
    pub fn filled(&self, extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut out = self.fields.clone();
        for (k, v) in extra {
            match out.iter_mut().find(|(n, _)| n == k) {
                Some(f) => f.1 = (*v).to_owned(),
                None => out.push(((*k).to_owned(), (*v).to_owned())),
            }
        }
        out
    }
}

/// The `name`/`value` pairs of the `<input>` and `<button>` tags in `html` that have both.
fn inputs(html: &str) -> Vec<(String, String)> {
    html.split('<')
        .filter(|t| t.starts_with("input ") || t.starts_with("button "))
        .filter_map(|t| {
            let tag = t.split('>').next()?;
            Some((attr(tag, "name")?, attr(tag, "value")?))
        })
        .collect()
}

/// An attribute's value in a tag maud wrote (`name="value"`), unescaped.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let spaced = format!(" {tag}");
    let i = spaced.find(&key)? + key.len();
    Some(unescape(spaced[i..].split('"').next()?))
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Drops the stylesheet and tags, folds white space.
fn regex_lite_strip(html: &str) -> String {
    let without_style = match (html.find("<style>"), html.find("</style>")) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &html[..a], &html[b + 8..]),
        _ => html.to_owned(),
    };
    let mut out = String::with_capacity(without_style.len());
    let mut in_tag = false;
    for c in without_style.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Browser {
    pub fn plugin_url(&self) -> String {
        format!("{}{}/frontend/jupiter/secure_reopen/index.live.cgi", self.base, self.token)
    }

    fn headers(&self) -> Vec<(String, String)> {
        let mut h = vec![("Cookie".to_owned(), format!("cpsession={}", self.cookie))];
        if let Some(l) = &self.lang {
            h.push(("Accept-Language".to_owned(), l.clone()));
        }
        h
    }

    pub fn get(&self, url: &str) -> Page {
        let mut req = agent().get(url);
        for (k, v) in self.headers() {
            req = req.header(&k, &v);
        }
        page(req.call().expect("GET"))
    }

    pub fn plugin(&self) -> Page {
        self.get(&self.plugin_url())
    }

    /// A POST as the browser shows it: a refusal answers 303 to a notice (`…&n=ID`), which
    /// the browser follows; this returns the page the customer then sees, with its status.
    pub fn post(&self, fields: &[(&str, &str)]) -> Page {
        let r = self.post_raw(fields);
        match r.header("location").filter(|l| r.status == 303 && l.contains("&n=")) {
            Some(l) => {
                let url = format!("{}{}", self.base, l.split('#').next().unwrap_or(l));
                self.get(&url)
            }
            None => r,
        }
    }

    /// A POST's own answer, redirects not followed.
    pub fn post_raw(&self, fields: &[(&str, &str)]) -> Page {
        let mut req = agent().post(&self.plugin_url());
        for (k, v) in self.headers() {
            req = req.header(&k, &v);
        }
        page(req.send_form(fields.iter().copied()).expect("POST"))
    }

    /// Posts `form` as a browser does, with `extra` filled in.
    pub fn send(&self, form: &Form, extra: &[(&str, &str)]) -> Page {
        let fields = form.filled(extra);
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.post(&refs)
    }

    /// Submits a form the way a browser does: with the CSRF token from the current page.
    pub fn submit(&self, fields: &[(&str, &str)]) -> Page {
        let csrf = self.plugin().csrf();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post(&all)
    }
}

pub fn page(resp: ureq::http::Response<ureq::Body>) -> Page {
    let status = resp.status().as_u16();
    let headers = resp
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    let mut body = String::new();
    let _ = resp.into_body().as_reader().read_to_string(&mut body);
    Page { status, headers, body }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

pub fn basic(user: &str, pw: &str) -> String {
    use base64::Engine;
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pw}")))
}

pub fn http_get(url: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut req = agent().get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let p = page(req.call().expect("GET"));
    (p.status, p.body)
}

pub fn http_post(url: &str, headers: &[(&str, &str)], form: &[(&str, &str)]) -> (u16, String) {
    let mut req = agent().post(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let p = page(req.send_form(form.iter().copied()).expect("POST"));
    (p.status, p.body)
}

pub fn http_post_raw(url: &str, headers: &[(&str, &str)], body: Vec<u8>, ctype: &str) -> (u16, String) {
    let mut req = agent().post(url).header("Content-Type", ctype);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let p = page(req.send(body).expect("POST"));
    (p.status, p.body)
}

/// `cpanel-sim` sits beside the plugin binary in the workspace's target folder.
fn sim_path() -> String {
    let p = std::path::Path::new(PLUGIN).with_file_name("cpanel-sim");
    assert!(
        p.exists(),
        "{} is missing: the simulator is its own crate; build it with `cargo build -p cpanel-sim` \
         (./scripts/test.sh does)",
        p.display()
    );
    p.display().to_string()
}

/// A minimal cPanel tree for install.sh: the version file and cPanel's registration tools,
/// each of which appends its command line to `ROOT/scripts.log`.
pub fn fake_cpanel_tree(root: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(root.join("usr/local/cpanel/scripts")).unwrap();
    std::fs::create_dir_all(root.join("usr/local/cpanel/bin")).unwrap();
    std::fs::write(root.join("usr/local/cpanel/version"), "11.132.0.1\n").unwrap();
    for tool in
        ["scripts/install_plugin", "scripts/uninstall_plugin", "bin/register_appconfig", "bin/unregister_appconfig"]
    {
        let p = root.join("usr/local/cpanel").join(tool);
        let name = tool.rsplit('/').next().unwrap();
        std::fs::write(&p, format!("#!/bin/sh\necho \"{name} $*\" >> \"{}/scripts.log\"\n", root.display())).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // `whmapi1` answers as WHM API 1 does (`--output=json`), logging to `ROOT/whmapi1.log`.
    let whmapi1 = root.join("usr/local/cpanel/bin/whmapi1");
    std::fs::write(
        &whmapi1,
        format!(
            "#!/bin/sh\necho \"whmapi1 $*\" >> \"{}/whmapi1.log\"\ncase \"$1\" in\n  api_token_create) echo '{{\"metadata\":{{\"result\":1,\"reason\":\"OK\"}},\"data\":{{\"token\":\"FAKETOKEN0123456789ABCDEFGHIJKLM\",\"name\":\"secure_reopen\"}}}}' ;;\n  *) echo '{{\"metadata\":{{\"result\":1,\"reason\":\"OK\"}},\"data\":{{}}}}' ;;\nesac\n",
            root.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&whmapi1, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The customer asks for a new sheet (with `plan_new`'s extra fields, e.g. `only`), saves it
/// and confirms it with the current cPanel password, as the page's one form does (the sheet's
/// seed in a cookie, the plan carried once). Returns the apply's answer and the sheet as CSV
/// (`kind,login,password` lines).
pub fn apply_new_sheet(sim: &Sim, b: &Browser, plan_new: &[(&str, &str)]) -> (Page, String) {
    let csrf = b.plugin().csrf();
    let mut ask = vec![("csrf", csrf.as_str()), ("action", "plan_new")];
    ask.extend_from_slice(plan_new);
    let r = b.post(&ask);
    assert_eq!(r.status, 303, "{}", r.text());
    let seed = r
        .header("set-cookie")
        .and_then(|c| c.strip_prefix("secure_reopen_plan="))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .expect("the sheet's seed cookie");
    let cookies = format!("cpsession={}; secure_reopen_plan={seed}", b.cookie);
    let sheet =
        page(agent().get(&format!("{}?view=passwords", b.plugin_url())).header("Cookie", &cookies).call().unwrap())
            .body;
    let field = |name: &str| {
        let i = sheet.find(&format!("name=\"{name}\" value=\"")).unwrap_or_else(|| {
            panic!("the sheet's form: {}", Page { status: 200, headers: Vec::new(), body: sheet.clone() }.text())
        }) + name.len()
            + 15;
        sheet[i..].split('"').next().unwrap().to_owned()
    };
    let (plan, pws) = (field("plan"), field("pw"));
    let post = |extra: &[(&str, &str)]| {
        let mut f = vec![("csrf", csrf.as_str()), ("plan", plan.as_str()), ("pw", pws.as_str())];
        f.extend_from_slice(extra);
        page(agent().post(&b.plugin_url()).header("Cookie", &cookies).send_form(f.iter().copied()).unwrap())
    };
    let csv = post(&[("action", "plan_download_csv")]).body;
    let current = sim.password();
    (post(&[("action", "plan_apply"), ("saved", "yes"), ("current", current.as_str())]), csv)
}

/// Every password of the account changed from one sheet. The new cPanel password ends every
/// session, so this returns a browser logged in again with it, and the sheet as CSV.
pub fn change_all_passwords(sim: &Sim, b: &Browser) -> (Browser, String) {
    let (r, csv) = apply_new_sheet(sim, b, &[]);
    assert_eq!(r.status, 303, "{}", r.text());
    let new_cpanel = csv.lines().find_map(|l| l.strip_prefix("cpanel,demo,")).expect("cPanel in the plan").to_owned();
    (sim.browser_as("demo", &new_cpanel), csv)
}

/// An HTTP request to the simulator from another loopback address than 127.0.0.1.
pub fn get_from(src: std::net::Ipv4Addr, url: &str, cookie: &str) -> (u16, String) {
    use std::io::Write;
    use std::net::{SocketAddrV4, TcpStream};
    use std::os::fd::FromRawFd;
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let dst: SocketAddrV4 = host.parse().unwrap();
    let sockaddr = |a: SocketAddrV4| libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: a.port().to_be(),
        sin_addr: libc::in_addr { s_addr: u32::from_ne_bytes(a.ip().octets()) },
        sin_zero: [0; 8],
    };
    let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: a fresh socket; bind and connect get valid sockaddr_in values of the given size,
    // and the descriptor is owned by the TcpStream from then on.
    let mut stream = unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        assert!(fd >= 0);
        let from = sockaddr(SocketAddrV4::new(src, 0));
        assert_eq!(libc::bind(fd, (&raw const from).cast(), len), 0, "cannot bind {src}");
        let to = sockaddr(dst);
        assert_eq!(libc::connect(fd, (&raw const to).cast(), len), 0);
        TcpStream::from_raw_fd(fd)
    };
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "GET /{path} HTTP/1.1\r\nHost: {host}\r\nCookie: cpsession={cookie}\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut resp = String::new();
    stream.read_to_string(&mut resp).unwrap();
    let status = resp.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, resp)
}

impl Sim {
    /// What a visitor from `src` (a loopback address) gets for `domain`'s front page.
    pub fn site_status_from(&self, src: std::net::Ipv4Addr, domain: &str) -> u16 {
        get_from(src, &format!("{}/__site/{domain}/", self.url()), "").0
    }

    /// Adds an addon domain to `user`'s account, as cPanel's Domains page does.
    pub fn add_domain(&self, user: &str, domain: &str) {
        let (st, body) = http_post_raw(
            &format!("{}/__sim/add_domain", self.url()),
            &[],
            json!({"user": user, "domain": domain}).to_string().into_bytes(),
            "application/json",
        );
        assert_eq!(st, 200, "{body}");
    }
}
