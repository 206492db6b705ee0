//! The users inside the scripts: a real WordPress (Debian's `wordpress` package) on a real
//! MariaDB (Debian's `mariadb-server`: a private server on a unix socket in a temporary folder,
//! stopped when the test ends), installed into the demo account's `public_html` with
//! `wp_install()` and an administrator, an editor, an author and a subscriber. The customer
//! opens the WordPress step, saves the sheet and applies it; then the old passwords no longer
//! log in to `wp-login.php` (WordPress served by `php -S` on loopback), the new ones do, the
//! sessions are gone, and the checklist sees it from the sites' own password hashes.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::*;

const WORDPRESS: &str = "/usr/share/wordpress";

fn missing(what: &str) -> ! {
    panic!(
        "{what} is missing: these tests need Debian's mariadb-server, php-cli, php-mysql and wordpress \
         packages (./scripts/test.sh installs them)"
    )
}

fn tool(name: &str) -> PathBuf {
    for dir in ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"] {
        let p = Path::new(dir).join(name);
        if p.is_file() {
            return p;
        }
    }
    missing(name)
}

/// A private MariaDB server: its own data folder and socket, no network.
pub struct MariaDb {
    child: Child,
    dir: tempfile::TempDir,
    pub socket: PathBuf,
}

impl MariaDb {
    pub fn start() -> MariaDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        let socket = dir.path().join("mysql.sock");
        // SAFETY: geteuid has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;
        let mut install = Command::new(tool("mariadb-install-db"));
        // A private tmpdir: two bootstraps sharing /tmp (tests run in parallel) break each other.
        let tmp = dir.path().join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        install
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg("--skip-test-db")
            .arg(format!("--tmpdir={}", tmp.display()));
        install.arg("--auth-root-authentication-method=socket");
        if root {
            install.arg("--user=root");
        }
        let out = install.output().expect("run mariadb-install-db");
        assert!(out.status.success(), "mariadb-install-db failed: {}", String::from_utf8_lossy(&out.stderr));
        let mut server = Command::new(tool("mariadbd"));
        server
            .arg("--no-defaults")
            .arg(format!("--tmpdir={}", tmp.display()))
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!("--pid-file={}", dir.path().join("mariadb.pid").display()))
            .arg(format!("--log-error={}", dir.path().join("error.log").display()))
            .arg("--skip-networking")
            .arg("--innodb-buffer-pool-size=16M");
        if root {
            server.arg("--user=root");
        }
        let child = server.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start mariadbd");
        let mut db = MariaDb { child, dir, socket };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if db.socket.exists() && db.try_sql("SELECT 1").is_ok() {
                return db;
            }
            if let Ok(Some(st)) = db.child.try_wait() {
                let log = std::fs::read_to_string(db.dir.path().join("error.log")).unwrap_or_default();
                panic!("mariadbd exited early ({st}): {log}");
            }
            assert!(Instant::now() < deadline, "mariadbd did not start within 30 s");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn try_sql(&self, sql: &str) -> Result<String, String> {
        let out = Command::new(tool("mariadb"))
            .arg("--no-defaults")
            .arg(format!("--socket={}", self.socket.display()))
            .args(["-u", "root", "-N", "-B", "-e", sql])
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    pub fn sql(&self, sql: &str) -> String {
        self.try_sql(sql).unwrap_or_else(|e| panic!("SQL failed: {sql}: {e}"))
    }
}

impl Drop for MariaDb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs PHP code (`php -r`) in `dir` and returns its output.
pub fn php(dir: &Path, code: &str) -> String {
    let out = Command::new(tool("php")).arg("-r").arg(code).current_dir(dir).output().expect("run php");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "php failed: {text} {}", String::from_utf8_lossy(&out.stderr));
    text
}

/// A real WordPress in `site`: Debian's core files (the top-level scripts copied, `wp-admin`
/// and `wp-includes` linked), a wp-config.php from WordPress's own sample, and `wp_install()`.
pub struct WordPress {
    pub site: PathBuf,
    pub url: String,
    server: Child,
    pub prefix: String,
}

/// Users the site gets: (login, role, password).
pub const USERS: [(&str, &str, &str); 4] = [
    ("admin", "administrator", "Old-Admin-Pass-4471"),
    ("editor", "editor", "Old-Editor-Pass-4472"),
    ("author", "author", "Old-Author-Pass-4473"),
    ("sub", "subscriber", "Old-Subscriber-Pass-4474"),
];

impl WordPress {
    /// The demo shop: tables `wp_`, all four users.
    pub fn install(db: &MariaDb, site: &Path) -> WordPress {
        WordPress::install_as(db, site, "wp_", "admin@demo-shop.example", &USERS[1..])
    }

    /// A WordPress with its tables under `prefix`: the administrator `admin` (with `email`)
    /// and `others`.
    pub fn install_as(
        db: &MariaDb,
        site: &Path,
        prefix: &str,
        email: &str,
        others: &[(&str, &str, &str)],
    ) -> WordPress {
        if !Path::new(WORDPRESS).join("wp-login.php").is_file() {
            missing("WordPress (/usr/share/wordpress)");
        }
        db.sql(
            "CREATE DATABASE IF NOT EXISTS wpreal; \
             CREATE USER IF NOT EXISTS 'wpreal'@'localhost' IDENTIFIED BY 'Db-Pass-8812'; \
             GRANT ALL ON wpreal.* TO 'wpreal'@'localhost';",
        );
        // Replace the demo's stand-in files with WordPress's own.
        for stale in ["wp-includes", "wp-admin"] {
            let p = site.join(stale);
            if p.is_dir() && !p.is_symlink() {
                std::fs::remove_dir_all(&p).unwrap();
            } else {
                let _ = std::fs::remove_file(&p);
            }
        }
        for e in std::fs::read_dir(WORDPRESS).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".php") && name != "wp-config.php" {
                std::fs::copy(e.path(), site.join(&name)).unwrap();
            }
        }
        // Real copies, as a customer's site has them: root's checks treat a link out of the home
        // as "could not check" (Debian's tree links into /usr/share/javascript; -L follows them).
        for dir in ["wp-includes", "wp-admin"] {
            let st = std::process::Command::new("cp")
                .arg("-rL")
                .arg(Path::new(WORDPRESS).join(dir))
                .arg(site.join(dir))
                .status()
                .unwrap();
            assert!(st.success(), "copy WordPress's {dir}");
        }
        let sample = std::fs::read_to_string(Path::new(WORDPRESS).join("wp-config-sample.php")).unwrap();
        let config = sample
            .replace("database_name_here", "wpreal")
            .replace("username_here", "wpreal")
            .replace("password_here", "Db-Pass-8812")
            .replace("'localhost'", &format!("'localhost:{}'", db.socket.display()))
            .replace("$table_prefix = 'wp_';", &format!("$table_prefix = '{prefix}';"));
        std::fs::write(site.join("wp-config.php"), config).unwrap();

        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let url = format!("http://127.0.0.1:{port}");
        let mut code = format!(
            "define('WP_INSTALLING', true); $_SERVER['HTTP_HOST'] = '127.0.0.1:{port}'; \
             function wp_new_blog_notification() {{}} \
             require './wp-load.php'; require_once ABSPATH . 'wp-admin/includes/upgrade.php'; \
             wp_install('Demo shop', 'admin', '{email}', true, '', '{}'); \
             update_option('siteurl', '{url}'); update_option('home', '{url}');",
            USERS[0].2
        );
        for (login, role, pw) in others {
            code.push_str(&format!(
                "$id = wp_create_user('{login}', '{pw}', '{login}@demo-shop.example'); \
                 if (is_wp_error($id)) {{ fwrite(STDERR, $id->get_error_message()); exit(1); }} \
                 (new WP_User($id))->set_role('{role}');"
            ));
        }
        php(site, &code);
        let server = Command::new(tool("php"))
            .args(["-S", &format!("127.0.0.1:{port}"), "-t"])
            .arg(site)
            .current_dir(site)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start php -S");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "php -S did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        WordPress { site: site.to_path_buf(), url, server, prefix: prefix.to_owned() }
    }

    /// A login through wp-login.php as a browser does it: the auth cookie when WordPress
    /// accepts the password.
    pub fn login(&self, user: &str, password: &str) -> Option<String> {
        let resp = agent()
            .post(&format!("{}/wp-login.php", self.url))
            .header("Cookie", "wordpress_test_cookie=WP%20Cookie%20check")
            .send_form([("log", user), ("pwd", password), ("wp-submit", "Log In"), ("testcookie", "1")])
            .expect("POST wp-login.php");
        let status = resp.status().as_u16();
        let cookie = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("wordpress_logged_in_"))
            .and_then(|c| c.split(';').next())
            .and_then(|kv| kv.split_once('='))
            .map(|(_, v)| v.to_owned());
        let _ = page(resp);
        match (status, cookie) {
            (302, Some(c)) => Some(c),
            _ => None,
        }
    }

    /// (does WordPress still accept this logged-in cookie, how many sessions the user has)
    pub fn session(&self, cookie: &str, user_id: u64) -> (bool, usize) {
        let cookie = percent_decode(cookie);
        let out = php(
            &self.site,
            &format!(
                "$_SERVER['HTTP_HOST'] = '127.0.0.1'; require './wp-load.php'; \
                 echo json_encode([wp_validate_auth_cookie('{cookie}', 'logged_in') !== false, \
                 count(WP_Session_Tokens::get_instance({user_id})->get_all())]);"
            ),
        );
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("session JSON");
        (v[0].as_bool().unwrap(), v[1].as_u64().unwrap() as usize)
    }

    pub fn set_registered(&self, db: &MariaDb, login: &str, when: &str) {
        let table = format!("wpreal.{}users", self.prefix);
        db.sql(&format!("UPDATE {table} SET user_registered = '{when}' WHERE user_login = '{login}'"));
    }
}

impl Drop for WordPress {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// The hidden fields of the form that posts `action`, in page order (name, value).
pub fn form_fields(body: &str, action: &str) -> Vec<(String, String)> {
    let at = body.find(&format!("value=\"{action}\"")).unwrap_or_else(|| panic!("no {action} form in page"));
    let start = body[..at].rfind("<form").unwrap();
    let end = at + body[at..].find("</form>").unwrap();
    let form = &body[start..end];
    let mut out = Vec::new();
    let mut rest = form;
    while let Some(i) = rest.find("type=\"hidden\" name=\"") {
        rest = &rest[i + 20..];
        let name = rest.split('"').next().unwrap().to_owned();
        let Some(j) = rest.find("value=\"") else { break };
        out.push((name, rest[j + 7..].split('"').next().unwrap().to_owned()));
    }
    out.retain(|(k, _)| k != "csrf");
    out
}

fn post_fields(b: &Browser, fields: &[(String, String)], extra: &[(&str, &str)]) -> Page {
    let csrf = b.plugin().csrf();
    let mut all: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    all.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    all.extend_from_slice(extra);
    b.post(&all)
}

/// A page's text as a reader sees it (line-break hints in e-mail addresses and paths joined).
fn read(p: &Page) -> String {
    Page { status: p.status, headers: Vec::new(), body: p.body.replace("<wbr>", "") }.text()
}

fn steps_done(b: &Browser) -> usize {
    let t = b.plugin().text();
    let i = t.find(" of 10 required steps done").expect("progress line");
    t[..i].rsplit(' ').next().unwrap().parse().unwrap()
}

#[test]
fn wordpress_administrators_and_uploaders_get_new_passwords_that_really_log_in() {
    let db = MariaDb::start();
    let sim = Sim::start();
    let site = sim.home().join("public_html");
    let wp = WordPress::install(&db, &site);
    // The editor, the admin and the subscriber existed before the attack; the author did not.
    for login in ["admin", "editor", "sub"] {
        wp.set_registered(&db, login, "2026-10-01 10:00:00");
    }
    wp.set_registered(&db, "author", "2026-11-19 08:00:00");
    // A second WordPress, on the add-on domain: its own tables, one administrator.
    let blog =
        WordPress::install_as(&db, &sim.home().join("demo-blog.example"), "blog_", "admin@demo-blog.example", &[]);
    blog.set_registered(&db, "admin", "2026-10-01 10:00:00");
    let old_cookie = wp.login("admin", USERS[0].2).expect("the old admin password works before");
    assert!(wp.login("admin", "wrong-password").is_none(), "a wrong password must not log in");

    let b = change_all_passwords(&sim, &sim.browser()).0;
    let home = b.plugin().text();
    assert!(home.contains("2 WordPress sites have not been checked yet"), "{home}");
    let before = steps_done(&b);
    let editor_hash = db.sql("SELECT user_pass FROM wpreal.wp_users WHERE user_login = 'editor'");

    // The list: administrators and uploaders, the user created after the attack first, no
    // subscriber; the plugin the host's note names is pointed out.
    // WordPress's own update check recorded a newer contact-form (its site transient).
    let (file, new) = ("contact-form/contact-form.php", "5.3.2");
    let update = format!(
        "O:8:\"stdClass\":1:{{s:8:\"response\";a:1:{{s:{}:\"{file}\";O:8:\"stdClass\":1:{{s:11:\"new_version\";s:{}:\"{new}\";}}}}}}",
        file.len(),
        new.len()
    );
    db.sql(&format!(
        "INSERT INTO wpreal.wp_options (option_name, option_value, autoload) VALUES ('_site_transient_update_plugins', '{update}', 'no') \
         ON DUPLICATE KEY UPDATE option_value = VALUES(option_value); \
         DELETE FROM wpreal.wp_options WHERE option_name = '_site_transient_timeout_update_plugins'"
    ));
    let list = b.get(&format!("{}?view=wpusers", b.plugin_url()));
    assert_eq!(list.status, 200, "{}", list.text());
    let text = read(&list);
    assert!(text.contains("update available: 5.3.2"), "{text}");
    let pos = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} not on the page: {text}"));
    assert!(pos("author@demo-shop.example") < pos("admin@demo-shop.example"), "{text}");
    assert!(pos("admin@demo-shop.example") < pos("editor@demo-shop.example"), "{text}");
    assert_eq!(text.matches("Created after the attack").count(), 1, "{text}");
    assert!(!text.contains("sub@demo-shop.example"), "a subscriber cannot upload: {text}");
    assert!(text.contains("Last login"), "{text}");
    assert!(text.contains("Named in your host's note about the attack"), "{text}");
    assert!(text.contains("WordPress version: 6."), "{text}");
    assert!(text.contains("WordPress site in ~/demo-blog.example"), "{text}");
    assert!(text.contains("WordPress site in ~/public_html"), "{text}");
    let home = b.plugin().text();
    assert!(home.contains("4 WordPress administrators or uploaders still have the old password"), "{home}");

    // The sheet: three new passwords, nothing changed yet.
    let plan_form = form_fields(&list.body, "wp_plan");
    assert_eq!(plan_form.iter().find(|(k, _)| k == "seen").map(|(_, v)| v.as_str()), Some("0"));
    let sheet = b.submit(&[("action", "wp_plan"), ("seen", "0")]);
    assert_eq!(sheet.status, 200, "{}", sheet.text());
    assert_eq!(sheet.header("cache-control"), Some("no-store"));
    let mut fields = form_fields(&sheet.body, "wp_apply");
    fields.retain(|(k, _)| k != "action");
    let get = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    // install#id → new password
    let mut sheet_pw = std::collections::BTreeMap::new();
    for i in 0.. {
        let Some(login) = get(&format!("l{i}")) else { break };
        sheet_pw.insert(login, get(&format!("p{i}")).unwrap());
    }
    assert_eq!(
        sheet_pw.keys().map(String::as_str).collect::<Vec<_>>(),
        ["demo-blog.example#1", "public_html#1", "public_html#2", "public_html#3"],
        "both admins, the editor and the author; not the subscriber"
    );
    let new_pw: std::collections::BTreeMap<u64, String> =
        (1..=3).map(|id| (id, sheet_pw[&format!("public_html#{id}")].clone())).collect();
    assert!(wp.login("admin", USERS[0].2).is_some(), "nothing changes when the sheet is shown");

    // Not confirmed, or tampered with: refused, nothing changed.
    let r = post_fields(&b, &fields, &[("action", "wp_apply")]);
    assert_eq!(r.status, 400);
    let mut tampered = fields.clone();
    let p0 = tampered.iter_mut().find(|(k, _)| k == "p0").unwrap();
    p0.1 = "Attacker-Chosen-Pass-0001".into();
    let r = post_fields(&b, &tampered, &[("action", "wp_apply"), ("saved", "yes")]);
    assert_eq!(r.status, 409);
    assert!(wp.login("admin", USERS[0].2).is_some(), "a refused sheet changes nothing");

    // Applied: the exact passwords of the sheet, sessions ended.
    let t0 = Instant::now();
    let r = post_fields(&b, &fields, &[("action", "wp_apply"), ("saved", "yes")]);
    let took = t0.elapsed();
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(r.header("location").unwrap().ends_with("?view=wpusers&done=1#result"));
    eprintln!("applying 4 WordPress passwords in 2 sites took {took:?}");
    let (valid, sessions) = wp.session(&old_cookie, 1);
    assert!(!valid, "the admin's old login cookie must stop working");
    assert_eq!(sessions, 0, "every session of the admin must be gone");
    for (id, (login, _, old)) in USERS[..3].iter().enumerate() {
        assert!(wp.login(login, old).is_none(), "{login}'s old password still logs in");
        assert!(wp.login(login, &new_pw[&(id as u64 + 1)]).is_some(), "{login}'s new password does not log in");
    }
    assert!(wp.login("sub", USERS[3].2).is_some(), "the subscriber was not on the sheet and keeps the password");
    assert!(blog.login("admin", USERS[0].2).is_none(), "the blog's old admin password still logs in");
    assert!(blog.login("admin", &sheet_pw["demo-blog.example#1"]).is_some(), "the blog's new admin password");

    // The same sheet again: refused (it is used), no second change. Back to the list page from
    // before and "make a sheet" again: refused too, saying the saved passwords are in use.
    let again = post_fields(&b, &fields, &[("action", "wp_apply"), ("saved", "yes")]);
    assert_eq!(again.status, 409);
    let stale = b.submit(&[("action", "wp_plan"), ("seen", "0")]);
    assert_eq!(stale.status, 409);
    assert!(stale.text().contains("the passwords you saved last are the ones in use"), "{}", stale.text());
    assert!(wp.login("admin", &new_pw[&1]).is_some(), "a stale form changes nothing");

    let result = read(&b.get(&format!("{}?view=wpusers&done=1", b.plugin_url())));
    assert!(result.contains("All 4 new passwords are set"), "{result}");
    assert_eq!(result.matches("New password set").count(), 4, "{result}");

    // The checklist sees it from the hashes.
    let home = b.plugin().text();
    assert!(!home.contains("still have the old password"), "{home}");
    assert_eq!(steps_done(&b), before + 1, "{home}");

    // Nothing secret kept: no new password and no WordPress hash in the plugin's files.
    let state = sim.home().join(".secure_reopen");
    for e in std::fs::read_dir(&state).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        for pw in sheet_pw.values() {
            assert!(!text.contains(pw.as_str()), "{} holds a new password", e.path().display());
        }
        assert!(!text.contains("$P$") && !text.contains("$wp$"), "{} holds a WordPress hash", e.path().display());
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(state.join("wp_users.json")).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "the record must be private");
    assert!(sim.audit_log().contains("\"event\":\"wp_users_changed\",\"result\":\"ok\""), "{}", sim.audit_log());

    // The old hash back (a database restored from before the change) is seen at the next look.
    db.sql(&format!("UPDATE wpreal.wp_users SET user_pass = '{}' WHERE user_login = 'editor'", editor_hash.trim()));
    assert!(wp.login("editor", USERS[1].2).is_some());
    let _ = b.get(&format!("{}?view=wpusers", b.plugin_url()));
    let home = b.plugin().text();
    assert!(home.contains("One WordPress administrator or uploader still has the old password"), "{home}");
}

#[test]
fn root_counts_a_shop_role_that_can_upload_as_the_page_lists_it() {
    // The simulator's real WordPress: root reads its database through the `mysql` client.
    let sim = Sim::start_with(Options { wordpress: true, ..Default::default() });
    let site = sim.home().join("public_html");
    // A shop plugin's role that can upload files (WooCommerce's shop manager can), and a user
    // with it; a role that cannot, and a user with that.
    php(
        &site,
        "$_SERVER['HTTP_HOST'] = '127.0.0.1'; require './wp-load.php'; \
         add_role('shop_manager', 'Gestionnaire de boutique', ['read' => true, 'upload_files' => true]); \
         add_role('customer', 'Kunde', ['read' => true]); \
         foreach (['manager' => 'shop_manager', 'buyer' => 'customer'] as $login => $role) { \
           $id = wp_create_user($login, 'Old-Pass-7731', $login . '@demo-shop.example'); \
           if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message()); exit(1); } \
           (new WP_User($id))->set_role($role); }",
    );
    // Root takes its evidence at a new release.
    for args in [&["incident", "investigate", "demo"][..], &["incident", "release", "demo"]] {
        let (code, _, err) = sim.admin(args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    let evidence: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sim.root().join("var/cpanel/secure_reopen/evidence/demo.json")).unwrap())
            .unwrap();
    assert!(evidence["wp_users_error"].is_null(), "{evidence}");
    let root_sees: Vec<&str> =
        evidence["wp_users"].as_array().unwrap().iter().map(|u| u["login"].as_str().unwrap()).collect();
    assert!(root_sees.contains(&"manager") && !root_sees.contains(&"buyer"), "{root_sees:?}");
    // The customer's page lists the same people.
    let b = change_all_passwords(&sim, &sim.browser()).0;
    let text = read(&b.get(&format!("{}?view=wpusers", b.plugin_url())));
    assert!(text.contains("manager@demo-shop.example") && !text.contains("buyer@demo-shop.example"), "{text}");
    let home = b.plugin().text();
    let n = root_sees.len();
    assert!(
        home.contains(&format!("{n} WordPress administrators or uploaders still have the old password")),
        "{n}: {home}"
    );
}

#[test]
fn a_wordpress_that_does_not_load_is_shown_and_blocks_the_step() {
    // The demo's site is a stand-in without WordPress's code: php-cli cannot load it.
    let sim = Sim::start();
    let b = change_all_passwords(&sim, &sim.browser()).0;
    let page = b.get(&format!("{}?view=wpusers", b.plugin_url()));
    assert_eq!(page.status, 200);
    let text = read(&page);
    assert!(text.contains("We could not read this site's users"), "{text}");
    assert!(!text.contains("Set new passwords for these users"), "{text}");
    let home = b.plugin().text();
    assert!(home.contains("One WordPress site has not been checked yet"), "{home}");
}

#[test]
fn joomla_and_drupal_administrators_are_listed_with_the_steps() {
    let db = MariaDb::start();
    let sim = Sim::start();
    let sock = db.socket.display().to_string();
    db.sql(
        "CREATE DATABASE jdb; CREATE USER 'jdb'@'localhost' IDENTIFIED BY 'Jdb-Pass-5521'; \
         GRANT SELECT ON jdb.* TO 'jdb'@'localhost'; \
         CREATE TABLE jdb.jos_users (id INT PRIMARY KEY, name VARCHAR(400), username VARCHAR(150), \
           email VARCHAR(100), password VARCHAR(100), block TINYINT, registerDate DATETIME, lastvisitDate DATETIME NULL); \
         CREATE TABLE jdb.jos_user_usergroup_map (user_id INT, group_id INT); \
         INSERT INTO jdb.jos_users VALUES (1, 'Boss', 'boss', 'boss@demo-blog.example', 'x', 0, '2025-01-01 10:00:00', '2026-11-01 09:00:00'), \
           (2, 'Manager', 'manager', 'manager@demo-blog.example', 'x', 1, '2025-02-01 10:00:00', NULL), \
           (3, 'Reader', 'reader', 'reader@demo-blog.example', 'x', 0, '2025-03-01 10:00:00', NULL); \
         INSERT INTO jdb.jos_user_usergroup_map VALUES (1, 8), (2, 7), (3, 2); \
         CREATE DATABASE ddb; CREATE USER 'ddb'@'localhost' IDENTIFIED BY 'Ddb-Pass-5522'; \
         GRANT SELECT ON ddb.* TO 'ddb'@'localhost'; \
         CREATE TABLE ddb.users_field_data (uid INT, langcode VARCHAR(12), name VARCHAR(60), mail VARCHAR(254), \
           created INT, login INT, status TINYINT); \
         CREATE TABLE ddb.user__roles (entity_id INT, roles_target_id VARCHAR(32)); \
         INSERT INTO ddb.users_field_data VALUES (1, 'en', 'siteowner', 'owner@demo-shop.example', 1700000000, 1790000000, 1), \
           (2, 'en', 'intruder', 'x@bad.example', 1795400000, 0, 1), (3, 'en', 'writer', 'w@demo-shop.example', 1700000000, 0, 1); \
         INSERT INTO ddb.user__roles VALUES (1, 'administrator'), (2, 'administrator'), (3, 'content_editor');",
    );
    std::fs::write(
        sim.home().join("demo-blog.example/configuration.php"),
        format!(
            "<?php\nclass JConfig {{\n\tpublic $dbtype = 'mysqli';\n\tpublic $host = 'localhost:{sock}';\n\
             \tpublic $user = 'jdb';\n\tpublic $password = 'Jdb-Pass-5521';\n\tpublic $db = 'jdb';\n\
             \tpublic $dbprefix = 'jos_';\n}}\n"
        ),
    )
    .unwrap();
    let drupal = sim.home().join("public_html/cms/sites/default");
    std::fs::create_dir_all(&drupal).unwrap();
    std::fs::write(
        drupal.join("settings.php"),
        format!(
            "<?php\n$databases['default']['default'] = array (\n  'database' => 'ddb',\n  'username' => 'ddb',\n\
             \x20 'password' => 'Ddb-Pass-5522',\n  'prefix' => '',\n  'host' => 'localhost',\n  'port' => '',\n\
             \x20 'unix_socket' => '{sock}',\n  'driver' => 'mysql',\n);\n$settings['hash_salt'] = 'x';\n"
        ),
    )
    .unwrap();

    let b = sim.browser();
    let page = b.get(&format!("{}?view=wpusers", b.plugin_url()));
    assert_eq!(page.status, 200);
    let text = read(&page);
    assert!(text.contains("Joomla site in ~/demo-blog.example"), "{text}");
    assert!(text.contains("Drupal site in ~/public_html/cms/sites/default"), "{text}");
    for admin in ["boss@demo-blog.example", "manager@demo-blog.example", "owner@demo-shop.example", "x@bad.example"] {
        assert!(text.contains(admin), "{admin} is an administrator: {text}");
    }
    for not_admin in ["reader@demo-blog.example", "w@demo-shop.example"] {
        assert!(!text.contains(not_admin), "{not_admin} is not an administrator: {text}");
    }
    assert!(text.contains("Super User"), "{text}");
    assert!(text.contains("(blocked)"), "{text}");
    assert_eq!(text.matches("Created after the attack").count(), 1, "only the intruder: {text}");
    assert!(text.contains("/administrator"), "the Joomla steps are shown: {text}");
    assert!(text.contains("/admin/people"), "the Drupal steps are shown: {text}");

    // A site whose database refuses: said so, with the steps still there.
    db.sql("DROP USER 'ddb'@'localhost'");
    let text = read(&b.get(&format!("{}?view=wpusers", b.plugin_url())));
    assert!(text.contains("We could not read this site's administrators"), "{text}");
    assert!(text.contains("/admin/people"), "{text}");
}
