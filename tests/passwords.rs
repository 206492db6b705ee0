//! New passwords for every credential, through the customer's page: the sheet is shown and
//! downloadable before anything changes and stays the same sheet until the customer asks for
//! a new one; a tampered plan is refused; everything that can be checked is checked before the
//! first change; the cPanel password goes last and alone, and the customer logs in again with
//! it; a lost answer is "not sure", never "not changed", and the retry finishes it; a database
//! user and its settings files change together or not at all; no plaintext password is left in
//! the plugin's files.

use std::collections::BTreeMap;

use serde_json::json;

use crate::harness::*;

const SEED_COOKIE: &str = "secure_reopen_plan";

/// The customer's browser for this step: the cPanel session plus the plan's seed cookie.
pub(crate) struct Tab {
    pub(crate) b: Browser,
    seed: Option<String>,
    /// Where the last POST sent the browser (303), when that is this step's page.
    next: Option<String>,
    /// The session's CSRF token, read once (so page views do not count as calls to cPanel).
    csrf: Option<String>,
}

impl Tab {
    pub(crate) fn new(b: Browser) -> Tab {
        Tab { b, seed: None, next: None, csrf: None }
    }

    /// The same browser after logging in again (new session, same cookies otherwise).
    pub(crate) fn relogin(&self, b: Browser) -> Tab {
        Tab { b, seed: self.seed.clone(), next: None, csrf: None }
    }

    pub(crate) fn headers(&self) -> Vec<(String, String)> {
        let mut c = format!("cpsession={}", self.b.cookie);
        if let Some(s) = &self.seed {
            c.push_str(&format!("; {SEED_COOKIE}={s}"));
        }
        vec![("Cookie".to_owned(), c)]
    }

    fn keep_seed(&mut self, p: &Page) {
        for (k, v) in &p.headers {
            if k.eq_ignore_ascii_case("set-cookie")
                && let Some(rest) = v.strip_prefix(&format!("{SEED_COOKIE}="))
            {
                let val = rest.split(';').next().unwrap_or("");
                self.seed = (!val.is_empty()).then(|| val.to_owned());
            }
        }
    }

    fn get(&mut self, url: &str) -> Page {
        let mut req = agent().get(url);
        for (k, v) in self.headers() {
            req = req.header(&k, &v);
        }
        let p = page(req.call().expect("GET"));
        self.keep_seed(&p);
        p
    }

    /// The step's page: where the last POST redirected to, else its plain address.
    pub(crate) fn view(&mut self) -> Page {
        let url = match self.next.take() {
            Some(loc) => format!("{}{}", self.b.base, loc.split('#').next().unwrap_or_default()),
            None => format!("{}?view=passwords", self.b.plugin_url()),
        };
        self.get(&url)
    }

    pub(crate) fn post(&mut self, fields: &[(&str, &str)]) -> Page {
        let csrf = self.csrf.get_or_insert_with(|| self.b.plugin().csrf()).clone();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        let mut req = agent().post(&self.b.plugin_url());
        for (k, v) in self.headers() {
            req = req.header(&k, &v);
        }
        let p = page(req.send_form(all.iter().copied()).expect("POST"));
        self.keep_seed(&p);
        self.next = p.header("location").filter(|l| p.status == 303 && l.contains("view=passwords")).map(str::to_owned);
        p
    }

    /// Posts the sheet's one form (plan and passwords carried once) with `extra` fields.
    pub(crate) fn post_sheet(&mut self, s: &Sheet, extra: &[(&str, &str)]) -> Page {
        let mut f = vec![("plan", s.plan.as_str()), ("pw", s.pw.as_str())];
        f.extend_from_slice(extra);
        self.post(&f)
    }

    /// Asks for new passwords and reads the sheet the page then shows.
    pub(crate) fn new_sheet(&mut self) -> Sheet {
        let r = self.post(&[("action", "plan_new")]);
        assert_eq!(r.status, 303, "{}", r.text());
        assert!(self.seed.is_some(), "the plan's seed cookie is set");
        let page = self.view();
        self.sheet(&page)
    }

    fn sheet(&mut self, page: &Page) -> Sheet {
        let plan = hidden(&page.body, "plan").unwrap_or_else(|| panic!("no sheet in: {}", page.text()));
        let pw = hidden(&page.body, "pw").expect("passwords carried once");
        let s = Sheet { plan, pw, ..Sheet::default() };
        let csv = self.post_sheet(&s, &[("action", "plan_download_csv")]);
        assert_eq!(csv.status, 200, "{}", csv.text());
        assert!(csv.header("content-disposition").unwrap().contains("attachment"));
        let rows = csv
            .body
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.splitn(3, ',').collect();
                (f[0].to_owned(), f[1].to_owned(), f[2].to_owned())
            })
            .collect();
        Sheet { rows, csv: csv.body, ..s }
    }
}

#[derive(Clone, Default)]
pub(crate) struct Sheet {
    pub(crate) plan: String,
    pub(crate) pw: String,
    /// (kind, login, password) in plan order.
    pub(crate) rows: Vec<(String, String, String)>,
    csv: String,
}

impl Sheet {
    fn by_login(&self) -> BTreeMap<String, (String, String)> {
        self.rows.iter().map(|(k, l, p)| (l.clone(), (k.clone(), p.clone()))).collect()
    }

    pub(crate) fn cpanel(&self) -> String {
        self.rows.iter().find(|r| r.0 == "cpanel").expect("cPanel is in the plan").2.clone()
    }
}

fn hidden(body: &str, name: &str) -> Option<String> {
    let i = body.find(&format!("name=\"{name}\" value=\""))? + name.len() + 15;
    Some(
        body[i..]
            .split('"')
            .next()?
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

pub(crate) fn journal(sim: &Sim) -> String {
    std::fs::read_to_string(sim.home().join(".secure_reopen/rotation.log")).unwrap_or_default()
}

const OLD: [(&str, &str, &str); 6] = [
    ("email", "info@demo-shop.example", "Sommer2024!info"),
    ("ftp", "dev@demo-shop.example", "dev-ftp-2022!!"),
    ("mysql", "demo_wpuser", "wpdb-Passord-19"),
    ("postgres", "demo_stats", "stats-Passord-20"),
    ("webdisk", "files@demo-shop.example", "webdisk-Pass-21"),
    ("subaccount", "lisa@demo-shop.example", "lisa-Sub-Pass-22"),
];

pub(crate) fn unhold_mail(sim: &Sim) {
    // Mail logins are held until the reopen; lift that for the login check only.
    for m in ["info", "post", "anna"] {
        sim.uapi("Email", "unsuspend_login", &[("email", &format!("{m}@demo-shop.example"))]);
    }
}

pub(crate) fn every_new_password_works(sim: &Sim, s: &Sheet) {
    unhold_mail(sim);
    for (svc, login, old_pw) in OLD {
        assert!(!sim.check_login(svc, login, old_pw), "{login}: the old password still works");
    }
    for (kind, login, new_pw) in &s.rows {
        assert!(sim.check_login(kind, login, new_pw), "{login}: the new password does not work");
    }
}

#[test]
fn the_whole_account_gets_new_passwords_the_cpanel_one_last_and_the_site_keeps_working() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let wp_before = std::fs::read_to_string(sim.home().join("public_html/wp-config.php")).unwrap();
    let s = tab.new_sheet();
    let pw = s.by_login();
    for want in [
        "demo",
        "info@demo-shop.example",
        "dev@demo-shop.example",
        "demo_wpuser",
        "demo_stats",
        "files@demo-shop.example",
        "lisa@demo-shop.example",
    ] {
        assert!(pw.contains_key(want), "{want} missing from {:?}", pw.keys());
    }
    assert!(!pw.contains_key("anonymous"), "cPanel's special FTP entries are not in the plan");
    // The sheet says beforehand that the cPanel password goes last and logs the customer out.
    let page = tab.view();
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let text = page.text();
    assert!(text.contains("Your cPanel password is changed last, on its own"), "{text}");
    assert!(text.contains("then your cPanel password, and you are logged out"), "{text}");
    // One form carries the plan once.
    assert_eq!(page.body.matches("name=\"pw\"").count(), 1);
    assert_eq!(page.body.matches("<form").count(), 1, "the sheet, no other (WordPress users have their own step)");

    // Phase 1 changed nothing; reload, a second "make new passwords" and the print view all
    // show the same sheet.
    assert!(sim.check_login("mysql", "demo_wpuser", "wpdb-Passord-19"));
    assert_eq!(hidden(&tab.view().body, "pw").as_deref(), Some(s.pw.as_str()));
    assert_eq!(tab.post(&[("action", "plan_new")]).status, 303);
    assert_eq!(hidden(&tab.view().body, "pw").as_deref(), Some(s.pw.as_str()), "a shown plan stays the plan");
    let print = tab.post_sheet(&s, &[("action", "plan_print")]);
    assert_eq!(print.status, 303);
    let printed = tab.get(&format!("{}{}", sim.url(), print.header("location").unwrap()));
    // Printed in groups of four (the text runs on without the groups' spaces).
    let joined: String = printed.text().split_whitespace().collect();
    assert!(joined.contains(&pw["demo_wpuser"].1) && printed.text().contains("Back to your new passwords"));

    let r = tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes"), ("current", &sim.password())]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(r.header("location").unwrap().ends_with("?view=passwords#progress"), "{:?}", r.header("location"));

    // The record: the cPanel password was sent after every other credential had its answer.
    let log = journal(&sim);
    let cpanel_sent = log.find("\"k\":\"cpanel\",\"l\":\"demo\",\"s\":\"sending\"").expect("cPanel sent");
    let last_other = log
        .lines()
        .filter(|l| l.contains("\"s\":\"done\"") && !l.contains("\"k\":\"cpanel\""))
        .map(|l| log.find(l).unwrap())
        .max()
        .unwrap();
    assert!(last_other < cpanel_sent, "{log}");

    // The customer logs in again with the new cPanel password and sees the result.
    let mut again = tab.relogin(sim.browser_as("demo", &s.cpanel()));
    let progress = again.view().text();
    assert!(progress.contains(&format!("{} changed, 0 failed, 0 waiting", pw.len())), "{progress}");
    assert!(progress.contains("Every password is changed"), "{progress}");
    assert!(!progress.contains("Change all passwords now"), "after the apply nothing offers another set");
    assert!(again.seed.is_none(), "the browser forgets the seed once every password is changed");
    every_new_password_works(&sim, &s);
    assert!(sim.audit_log().contains("\"event\":\"passwords_changed\",\"result\":\"ok\""));

    // wp-config.php: the new database password, every other byte as it was, a backup kept.
    let wp_after = std::fs::read_to_string(sim.home().join("public_html/wp-config.php")).unwrap();
    assert_eq!(wp_after, wp_before.replace("wpdb-Passord-19", &pw["demo_wpuser"].1));
    let backups = sim.home().join(".secure_reopen/config-backups");
    assert!(std::fs::read_dir(&backups).unwrap().next().is_some());

    // No plaintext password in the plugin's own files or logs (the configs hold the database
    // password by design; the backups keep the old, now useless one).
    for dir in [sim.home().join(".secure_reopen"), sim.root().join("var/cpanel/secure_reopen")] {
        for f in walk(&dir) {
            if f.starts_with(&backups) {
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
            for (login, (_, p)) in &pw {
                assert!(!text.contains(p.as_str()), "{login}'s password is in {}", f.display());
            }
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() { stack.push(p) } else { out.push(p) }
        }
    }
    out
}

#[test]
fn a_tampered_or_unconfirmed_plan_changes_nothing() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    let r = tab.post_sheet(&s, &[("action", "plan_apply"), ("current", &sim.password())]);
    assert_eq!(r.status, 303);
    assert!(tab.view().text().contains("Tick the box to confirm that you saved the passwords"));
    let mut weak = s.clone();
    weak.pw = s.pw.replacen(&s.rows[1].2, "password123", 1);
    let r = tab.post_sheet(&weak, &[("action", "plan_apply"), ("saved", "yes")]);
    assert_eq!(r.status, 303);
    assert!(tab.view().text().contains("do not match the ones we made"));
    let mut extra = s.clone();
    extra.pw.push_str("\nAb3");
    tab.post_sheet(&extra, &[("action", "plan_apply"), ("saved", "yes")]);
    assert!(sim.check_login("mysql", "demo_wpuser", "wpdb-Passord-19"));
    assert!(!sim.home().join(".secure_reopen/rotation.log").exists());
}

#[test]
fn a_wrong_current_cpanel_password_changes_nothing_at_all() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    let r = tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes"), ("current", "not-my-password-at-all")]);
    assert_eq!(r.status, 303);
    let text = tab.view().text();
    assert!(text.contains("The current cPanel password you typed is not correct. Nothing was changed."), "{text}");
    // (E-mail, FTP and Web Disk logins are held until the reopen, so their old passwords do
    // not log in.)
    for (svc, login, old) in OLD.iter().filter(|o| !["email", "ftp", "webdisk"].contains(&o.0)) {
        assert!(sim.check_login(svc, login, old), "{login} changed");
    }
    assert!(sim.check_login("cpanel", "demo", &sim.password()));
    assert!(!sim.home().join(".secure_reopen/rotation.log").exists(), "no record: nothing was sent");
    // The same sheet is still offered.
    assert_eq!(hidden(&tab.view().body, "pw").as_deref(), Some(s.pw.as_str()));
}

#[test]
fn a_failed_domain_listing_stops_the_apply_before_any_change() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    let csrf = tab.b.plugin().csrf();
    // The apply request reads the account first; the inventory lists the domains.
    sim.set_faults(json!({"fail_function": "DomainInfo::domains_data"}));
    let mut req = agent().post(&tab.b.plugin_url());
    for (k, v) in tab.headers() {
        req = req.header(&k, &v);
    }
    let fields = [
        ("csrf", csrf.as_str()),
        ("plan", &s.plan),
        ("pw", &s.pw),
        ("action", "plan_apply"),
        ("saved", "yes"),
        ("current", &sim.password()),
    ];
    let r = page(req.send_form(fields.iter().copied()).unwrap());
    sim.set_faults(json!({}));
    assert_eq!(r.status, 303);
    tab.next = r.header("location").map(str::to_owned);
    let text = tab.view().text();
    assert!(text.contains("cPanel did not list your domains"), "{text}");
    assert!(text.contains("Nothing was changed"));
    assert!(sim.check_login("mysql", "demo_wpuser", "wpdb-Passord-19"), "the site's database password is untouched");
    assert!(!sim.home().join(".secure_reopen/rotation.log").exists());
}

#[test]
fn a_failure_mid_way_is_recorded_per_item_and_a_retry_finishes_the_rest() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    // Fail the first mailbox's new password; no current password given.
    sim.set_faults(json!({"function": "Email::passwd_pop", "fail_nth": 1}));
    let r = tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes"), ("current", "")]);
    sim.set_faults(json!({}));
    assert_eq!(r.status, 303);
    // Without the current cPanel password, the cPanel password waits (root does not set one
    // without it, issue #11); the session still works, the failed item is recorded.
    assert!(!sim.check_login("cpanel", "demo", &s.cpanel()));
    let text = tab.view().text();
    assert!(text.contains("1 failed"), "{text}");
    assert!(text.contains("Simulated failure"), "{text}");
    assert!(!sim.audit_log().contains("\"event\":\"account_password_set\""), "root was not asked");

    // This browser still holds the sheet: the retry needs nothing pasted but the current password.
    assert!(text.contains("This browser still holds your sheet"));
    let pw_now = sim.password();
    assert_eq!(tab.post(&[("action", "plan_retry"), ("current", &pw_now)]).status, 303);
    let mut tab = tab.relogin(sim.browser_as("demo", &s.cpanel()));
    assert!(tab.view().text().contains("0 failed, 0 waiting"));
    every_new_password_works(&sim, &s);
}

#[test]
fn a_retry_from_another_browser_takes_the_pasted_sheet_csv_or_text() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    let txt = tab.post_sheet(&s, &[("action", "plan_download_txt")]).body;
    sim.set_faults(json!({"function": "Ftp::passwd", "fail_nth": 1}));
    tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes"), ("current", &sim.password())]);
    sim.set_faults(json!({}));
    // Another browser: no seed cookie. The text download is as good as the CSV.
    let mut other = Tab::new(sim.browser_as("demo", &s.cpanel()));
    let text = other.view().text();
    assert!(text.contains("1 failed") && text.contains("paste the CSV file"), "{text}");
    assert_eq!(other.post(&[("action", "plan_retry"), ("csv", &txt)]).status, 303);
    assert!(other.view().text().contains("0 failed, 0 waiting"));
    every_new_password_works(&sim, &s);
    let _ = s.csv;
}

#[test]
fn a_lost_answer_is_not_sure_never_not_changed_and_the_retry_resends_the_same_passwords() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    let n = s.rows.len() as u64;
    // The batch of every other credential runs in cPanel, then its answer is lost (HTTP 500).
    sim.set_faults(json!({"function": "Email::passwd_pop", "http_error_nth": 1}));
    let r = tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes"), ("current", &sim.password())]);
    sim.set_faults(json!({}));
    assert_eq!(r.status, 303);
    let mut tab = tab.relogin(sim.browser_as("demo", &s.cpanel()));
    let text = tab.view().text();
    // Database users were asked again at once (their website settings must follow), the rest
    // are "not sure"; none is reported as not changed.
    let dbs = s.rows.iter().filter(|r| r.0 == "mysql" || r.0 == "postgres").count() as u64;
    assert!(text.contains(&format!("{} not sure", n - 1 - dbs)), "{text}");
    assert!(text.contains("cPanel's answer was lost"), "{text}");
    assert!(!text.contains("Not changed"), "{text}");
    assert_eq!(tab.post(&[("action", "plan_retry")]).status, 303);
    let text = tab.view().text();
    assert!(text.contains(&format!("{n} changed, 0 failed, 0 waiting")), "{text}");
    every_new_password_works(&sim, &s);
    let wp = std::fs::read_to_string(sim.home().join("public_html/wp-config.php")).unwrap();
    assert!(wp.contains(&s.by_login()["demo_wpuser"].1));
}

#[test]
fn a_lost_answer_for_the_cpanel_password_is_settled_by_asking_cpanel_without_any_current_password() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    let n = s.rows.len() as u64;
    // The cPanel password (last and alone): changed, answer lost.
    sim.set_faults(json!({"function": "UserManager::change_password", "http_error_nth": 1}));
    tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes"), ("current", &sim.password())]);
    sim.set_faults(json!({}));
    assert!(sim.check_login("cpanel", "demo", &s.cpanel()), "cPanel did change it");
    let mut tab = tab.relogin(sim.browser_as("demo", &s.cpanel()));
    let text = tab.view().text();
    assert!(text.contains("1 not sure"), "{text}");
    assert!(!text.contains("Your current cPanel password (needed"), "the retry asks for no password: {text}");
    assert_eq!(tab.post(&[("action", "plan_retry")]).status, 303);
    assert!(tab.view().text().contains(&format!("{n} changed, 0 failed, 0 waiting")));
    assert!(sim.check_login("cpanel", "demo", &s.cpanel()));
    // cPanel confirmed the sheet's password is the account's now: nothing was set again.
    assert!(!sim.audit_log().contains("\"event\":\"account_password_set\""));
}

#[test]
fn an_own_password_must_be_long_and_hard_to_guess_and_the_sheet_keeps_it() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    let email = s.rows.iter().position(|r| r.0 == "email").unwrap().to_string();
    let o = |i: &str| format!("o{i}");
    tab.post_sheet(&s, &[("action", "plan_own"), (&o("1"), "short")]);
    assert!(tab.view().text().contains("at least 15 characters"));
    tab.post_sheet(&s, &[("action", "plan_own"), (&o("1"), "demo-shop.example2026")]);
    assert!(tab.view().text().contains("too easy to guess"));
    // The host demands the top rating for e-mail: a passphrase of lowercase words falls short.
    let (st, _) = http_post_raw(
        &format!("{}/__sim/required_strength", sim.url()),
        &[],
        json!({"user": "demo", "app": "virtual", "strength": 100}).to_string().into_bytes(),
        "application/json",
    );
    assert_eq!(st, 200);
    tab.post_sheet(&s, &[("action", "plan_own"), (&o(&email), "velvetorbittunnel")]);
    let text = tab.view().text();
    assert!(text.contains("Your host requires a stronger password for this service (strength 100 of 100)"), "{text}");
    assert_eq!(hidden(&tab.view().body, "pw").as_deref(), Some(s.pw.as_str()), "a refusal changes nothing");
    let mine = "velvet orbit tunnel gravy 1987";
    assert_eq!(tab.post_sheet(&s, &[("action", "plan_own"), (&o("1"), mine)]).status, 303);
    let again = tab.view();
    let new = tab.sheet(&again);
    assert_eq!(new.rows[1].2, mine);
    assert_eq!(new.rows[0].2, s.rows[0].2, "the other passwords stay");
    // The old form no longer matches the stored digest.
    tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes")]);
    assert!(tab.view().text().contains("do not match the ones we made"));
}

#[test]
fn a_new_sheet_only_when_asked_and_the_old_one_is_said_to_be_void() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    // Another browser does not hold the seed: it is told that the sheet was shown elsewhere.
    let mut other = Tab::new(sim.browser());
    let text = other.view().text();
    assert!(text.contains("were shown in another window or browser"), "{text}");
    assert!(!text.contains(&s.rows[0].2));
    assert_eq!(other.post(&[("action", "plan_new")]).status, 303, "no silent replacement");
    assert_eq!(hidden(&tab.view().body, "pw").as_deref(), Some(s.pw.as_str()));
    other.post(&[("action", "plan_new"), ("replace", "yes")]);
    let page = other.view();
    assert!(page.text().contains("This sheet replaces the one made"), "{}", page.text());
    let fresh = other.sheet(&page);
    assert_ne!(fresh.pw, s.pw);
    // The first tab's sheet is void now.
    tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes")]);
    assert!(tab.view().text().contains("do not match the ones we made"));
}

#[test]
fn a_new_sheet_after_a_partial_apply_keeps_the_per_item_record() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    sim.set_faults(json!({"function": "Email::passwd_pop", "fail_nth": 1}));
    tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes"), ("current", &sim.password())]);
    sim.set_faults(json!({}));
    let mut tab = Tab::new(sim.browser_as("demo", &s.cpanel()));
    tab.post(&[("action", "plan_new"), ("replace", "yes")]);
    let page = tab.view();
    let text = page.text();
    assert!(text.contains("1 failed"), "the record is kept: {text}");
    let fresh = tab.sheet(&page);
    assert_eq!(fresh.rows.len(), 1, "only the credential not changed yet: {:?}", fresh.rows);
    let first_mailbox = &s.rows.iter().find(|r| r.0 == "email").expect("the sheet has mailboxes").1;
    assert_eq!(&fresh.rows[0].1, first_mailbox, "the mailbox whose change failed");
    tab.post_sheet(&fresh, &[("action", "plan_apply"), ("saved", "yes")]);
    assert!(tab.view().text().contains("0 failed, 0 waiting"));
    unhold_mail(&sim);
    for (kind, login, pw) in s.rows.iter().filter(|r| r.1 != fresh.rows[0].1).chain(&fresh.rows) {
        assert!(sim.check_login(kind, login, pw), "{login}");
    }
}

#[test]
fn a_second_config_that_cannot_be_rewritten_puts_back_the_first_and_the_database_password() {
    let sim = Sim::start();
    let first = sim.home().join("public_html/wp-config.php");
    let before = std::fs::read_to_string(&first).unwrap();
    // A second copy of the site (staging) uses the same database user; PHP rejects it.
    let second = sim.home().join("public_html/staging/wp-config.php");
    std::fs::create_dir_all(second.parent().unwrap()).unwrap();
    let broken = "<?php\ndefine( 'DB_USER', 'demo_wpuser' );\ndefine( 'DB_PASSWORD', 'wpdb-Passord-19' );\n$x = ;\n";
    std::fs::write(&second, broken).unwrap();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes"), ("current", &sim.password())]);
    let mut tab = tab.relogin(sim.browser_as("demo", &s.cpanel()));
    let text = tab.view().text();
    assert!(text.contains("public_html/staging/wp-config.php"), "{text}");
    assert!(text.contains("the database password and every settings file were put back"), "{text}");
    assert_eq!(std::fs::read_to_string(&first).unwrap(), before, "the first file was put back too");
    assert_eq!(std::fs::read_to_string(&second).unwrap(), broken);
    assert!(sim.check_login("mysql", "demo_wpuser", "wpdb-Passord-19"), "the site and its database agree");
    // Each file has its own backup copy; none overwrote another.
    let copies = walk(&sim.home().join(".secure_reopen/config-backups"));
    assert_eq!(copies.len(), 2, "{copies:?}");
}

#[test]
fn a_config_that_cannot_be_read_safely_keeps_its_database_user_unchanged_and_says_why() {
    let sim = Sim::start();
    let cfg = sim.home().join("public_html/wp-config.php");
    let text = std::fs::read_to_string(&cfg).unwrap();
    let hostile =
        text.replace("define( 'DB_HOST'", "if ( false ) { define( 'DB_PASSWORD', 'other' ); }\ndefine( 'DB_HOST'");
    std::fs::write(&cfg, &hostile).unwrap();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes"), ("current", &sim.password())]);
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), hostile, "the file was not touched");
    // Its database user keeps the password the file has, and the page says which file and why.
    assert!(sim.check_login("mysql", "demo_wpuser", "wpdb-Passord-19"), "the site and its database still agree");
    let mut tab = tab.relogin(sim.browser_as("demo", &s.cpanel()));
    let text = tab.view().text();
    assert!(text.contains("public_html/wp-config.php: DB_PASSWORD is set more than once"), "{text}");
    assert!(text.contains("not changed, so your website keeps working"), "{text}");
    assert!(sim.check_login("postgres", "demo_stats", &s.by_login()["demo_stats"].1), "the others did change");
}

#[test]
fn a_damaged_record_is_moved_aside_and_the_customer_continues() {
    let sim = Sim::start();
    let state = sim.home().join(".secure_reopen");
    std::fs::create_dir_all(&state).unwrap();
    std::fs::write(state.join("rotation.log"), b"{\"broken\n\x00garbage\n").unwrap();
    std::fs::write(state.join("plan.json"), b"{ not json").unwrap();
    let mut tab = Tab::new(sim.browser());
    let page = tab.view();
    assert_eq!(page.status, 200);
    assert!(page.text().contains("was damaged. We moved it aside"), "{}", page.text());
    let aside: Vec<_> = std::fs::read_dir(&state)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".damaged-"))
        .collect();
    assert_eq!(aside.len(), 2, "{aside:?}");
    let s = tab.new_sheet();
    tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes"), ("current", &sim.password())]);
    let mut tab = tab.relogin(sim.browser_as("demo", &s.cpanel()));
    assert!(tab.view().text().contains("0 failed, 0 waiting"));
}

/// A small file system for the customer's records (tmpfs), unmounted when dropped.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(at: &std::path::Path, size: &str) -> SmallDisk {
        std::fs::create_dir_all(at).unwrap();
        let st = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .expect("mount");
        assert!(st.success(), "mounting a tmpfs needs root (./scripts/test.sh runs as root)");
        SmallDisk(at.to_path_buf())
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn fill(dir: &std::path::Path, leave: u64) {
    use std::io::Write;
    let mut f = std::fs::File::create(dir.join("filler")).unwrap();
    let chunk = vec![7u8; 4096];
    loop {
        let free = nix_free(dir);
        if free <= leave {
            break;
        }
        if f.write_all(&chunk[..(free - leave).min(4096) as usize]).is_err() {
            break;
        }
        f.sync_all().unwrap();
    }
}

fn nix_free(dir: &std::path::Path) -> u64 {
    let out = std::process::Command::new("df").args(["-B1", "--output=avail"]).arg(dir).output().unwrap();
    String::from_utf8_lossy(&out.stdout).lines().nth(1).unwrap().trim().parse().unwrap()
}

#[test]
fn too_little_disk_space_refuses_before_any_change() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    let state = sim.home().join(".secure_reopen");
    let keep = tempfile::tempdir().unwrap();
    // The records move to a 256 KiB disk, then it fills up to 8 KiB free.
    for f in ["csrf.key", "plan.json"] {
        std::fs::copy(state.join(f), keep.path().join(f)).unwrap();
    }
    let _disk = SmallDisk::mount(&state, "256k");
    for f in ["csrf.key", "plan.json"] {
        std::fs::copy(keep.path().join(f), state.join(f)).unwrap();
    }
    fill(&state, 8 * 1024);
    tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes"), ("current", &sim.password())]);
    let text = tab.view().text();
    assert!(text.contains("There is not enough free disk space"), "{text}");
    assert!(text.contains("Nothing was changed"));
    assert!(sim.check_login("mysql", "demo_wpuser", "wpdb-Passord-19"));
    assert!(sim.check_login("cpanel", "demo", &sim.password()));
    assert!(!state.join("rotation.log").exists());
}

/// Every credential has either its old password or the plan's, exactly as the record says, and
/// the site's settings agree with its database.
pub(crate) fn record_matches_cpanel(sim: &Sim, s: &Sheet) -> secure_reopen::passwords::journal::Record {
    use secure_reopen::passwords::journal::{Record, Status};
    let rec = Record::replay(journal(sim).as_bytes()).expect("a readable record");
    unhold_mail(sim);
    for (kind, login, new) in &s.rows {
        let id = secure_reopen::passwords::plan::CredentialId {
            kind: secure_reopen::passwords::plan::Kind::from_code(kind).unwrap(),
            login: login.clone(),
        };
        let old = match kind.as_str() {
            "cpanel" => Some(sim.password()),
            _ => OLD.iter().find(|o| o.1 == login).map(|o| o.2.to_owned()),
        };
        let is_new = sim.check_login(kind, login, new);
        let is_old = old.as_ref().is_some_and(|o| sim.check_login(kind, login, o));
        // (FTP and Web Disk logins stay locked until the reopen, and the scenario's old
        // passwords are known for one login per service: only those can be checked both ways.)
        if old.is_some() && kind != "ftp" && kind != "webdisk" {
            assert!(is_new || is_old, "{login} has neither its old password nor the plan's");
        }
        match rec.status(&id) {
            Some(Status::Done) => assert!(is_new, "{login}: recorded as changed, but it is not"),
            Some(Status::Unknown) => {}
            _ => assert!(!is_new, "{login}: recorded as not changed, but it is"),
        }
    }
    rec
}

/// The website's settings hold the password its database user has.
pub(crate) fn site_and_database_agree(sim: &Sim) {
    use secure_reopen::passwords::configs::{self, Format};
    let wp = std::fs::read_to_string(sim.home().join("public_html/wp-config.php")).unwrap();
    let site = configs::find(Format::WordPress, &wp).unwrap();
    assert!(
        sim.check_login("mysql", "demo_wpuser", &site[0].password),
        "the site's settings and its database disagree"
    );
}

/// The plugin's CGI processes the simulator (found by its unique state folder) is running.
pub(crate) fn cgi_children(sim: &Sim) -> Vec<i32> {
    let state = sim.state_dir().display().to_string();
    let procs: Vec<(i32, i32, String, String)> = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let after = &stat[stat.rfind(')')? + 2..];
            let ppid = after.split(' ').nth(1)?.parse().ok()?;
            let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
            let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
            let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            Some((pid, ppid, cmd, String::from_utf8_lossy(&environ).into_owned()))
        })
        .collect();
    let sims: Vec<i32> =
        procs.iter().filter(|p| p.2.contains("cpanel-sim") && p.2.contains(&state)).map(|p| p.0).collect();
    procs.iter().filter(|p| sims.contains(&p.1) && p.3.contains("GATEWAY_INTERFACE=CGI/1.1")).map(|p| p.0).collect()
}

#[test]
fn a_kill_while_the_batch_is_in_cpanel_s_hands_reads_back_as_not_sure_and_the_retry_finishes() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    let state = sim.home().join(".secure_reopen");
    sim.set_faults(json!({"latency_ms": 1500}));
    let killer = {
        let log = state.join("rotation.log");
        let sim_state = sim.state_dir();
        std::thread::spawn(move || {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while std::time::Instant::now() < deadline {
                if std::fs::read_to_string(&log).unwrap_or_default().contains("\"s\":\"sending\"") {
                    return Some(sim_state);
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            None
        })
    };
    let poster = apply_in_background(&sim, &tab, &s);
    assert!(killer.join().unwrap().is_some(), "the apply never marked its batch as sent");
    let pids = cgi_children(&sim);
    assert_eq!(pids.len(), 1, "exactly the one CGI process of the apply: {pids:?}");
    // SAFETY: kill has no memory preconditions; the pid is the CGI process found above.
    assert_eq!(unsafe { libc::kill(pids[0], libc::SIGKILL) }, 0);
    let _ = poster.join();
    std::thread::sleep(std::time::Duration::from_millis(1600));
    sim.set_faults(json!({}));
    let rec = record_matches_cpanel(&sim, &s);
    assert!(rec.counts().unknown > 0, "the batch sent before the kill is not sure: {rec:?}");
    let text = tab.view().text();
    assert!(text.contains("not sure") && !text.contains("Nothing was changed"), "{text}");
    // The cPanel password was never sent: the customer's session still works.
    assert!(sim.check_login("cpanel", "demo", &sim.password()));
    assert_eq!(tab.post(&[("action", "plan_retry"), ("current", &sim.password())]).status, 303);
    let mut tab = tab.relogin(sim.browser_as("demo", &s.cpanel()));
    assert!(tab.view().text().contains("0 failed, 0 waiting"));
    every_new_password_works(&sim, &s);
    site_and_database_agree(&sim);
}

#[test]
fn a_disk_that_fills_up_mid_apply_keeps_the_record_true_and_the_retry_finishes() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    let state = sim.home().join(".secure_reopen");
    let keep = tempfile::tempdir().unwrap();
    for f in ["csrf.key", "plan.json"] {
        std::fs::copy(state.join(f), keep.path().join(f)).unwrap();
    }
    let _disk = SmallDisk::mount(&state, "1m");
    for f in ["csrf.key", "plan.json"] {
        std::fs::copy(keep.path().join(f), state.join(f)).unwrap();
    }
    sim.set_faults(json!({"latency_ms": 1000}));
    let filler = {
        let state = state.clone();
        std::thread::spawn(move || {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while std::time::Instant::now() < deadline {
                if std::fs::read_to_string(state.join("rotation.log")).unwrap_or_default().contains("sending") {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            fill(&state, 0);
        })
    };
    tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes"), ("current", &sim.password())]);
    filler.join().unwrap();
    sim.set_faults(json!({}));
    let rec = record_matches_cpanel(&sim, &s);
    site_and_database_agree(&sim);
    let cpanel_now = if sim.check_login("cpanel", "demo", &s.cpanel()) { s.cpanel() } else { sim.password() };
    let mut tab = tab.relogin(sim.browser_as("demo", &cpanel_now));
    let text = tab.view().text();
    if rec.counts().done > 0 {
        assert!(!text.contains("Nothing was changed"), "{text}");
    }
    std::fs::remove_file(state.join("filler")).unwrap();
    assert_eq!(tab.post(&[("action", "plan_retry"), ("current", &cpanel_now)]).status, 303);
    let mut tab = tab.relogin(sim.browser_as("demo", &s.cpanel()));
    assert!(tab.view().text().contains("0 failed, 0 waiting"));
    every_new_password_works(&sim, &s);
}

#[test]
fn wordpress_s_own_sample_config_is_rewritten_byte_for_byte_and_stays_valid_php() {
    use secure_reopen::passwords::configs::{self, Format};
    let sample = std::path::Path::new("/usr/share/wordpress/wp-config-sample.php");
    assert!(sample.exists(), "Debian's wordpress package is needed: run ./scripts/test.sh");
    let text = std::fs::read_to_string(sample).unwrap();
    let logins = configs::find(Format::WordPress, &text).unwrap();
    assert_eq!(logins.len(), 1);
    assert_eq!((logins[0].user.as_str(), logins[0].password.as_str()), ("username_here", "password_here"));
    let new = "Q7m'x\\$yZ"; // quotes, backslash and a dollar sign must be escaped, not break the file
    let out = configs::rewrite(Format::WordPress, &text, &logins[0], new).unwrap();
    assert_eq!(out, text.replace("'password_here'", "'Q7m\\'x\\\\$yZ'"));
    let tmp = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(tmp.path(), &out).unwrap();
    let lint = std::process::Command::new("php")
        .arg("-l")
        .arg(tmp.path())
        .output()
        .expect("php-cli is installed by ./scripts/test.sh");
    assert!(lint.status.success(), "{}", String::from_utf8_lossy(&lint.stdout));
    // PHP itself reads back exactly the new password (without loading the rest of WordPress).
    let standalone = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(standalone.path(), out.replace("require_once ABSPATH . 'wp-settings.php';", "")).unwrap();
    let check = std::process::Command::new("php")
        .arg("-r")
        .arg(format!("include '{}'; echo DB_PASSWORD;", standalone.path().display()))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&check.stdout), new);
}

#[test]
fn a_double_submitted_apply_does_its_work_once() {
    let sim = Sim::start();
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    let csrf = tab.b.plugin().csrf();
    sim.set_faults(json!({"latency_ms": 300}));
    let posts: Vec<_> = (0..2)
        .map(|_| {
            let (url, headers, csrf) = (tab.b.plugin_url(), tab.headers(), csrf.clone());
            let (plan, pw, cur) = (s.plan.clone(), s.pw.clone(), sim.password());
            std::thread::spawn(move || {
                let mut req = agent().post(&url);
                for (k, v) in headers {
                    req = req.header(&k, &v);
                }
                let f = [
                    ("csrf", csrf.as_str()),
                    ("plan", &plan),
                    ("pw", &pw),
                    ("action", "plan_apply"),
                    ("saved", "yes"),
                    ("current", &cur),
                ];
                page(req.send_form(f.iter().copied()).expect("POST")).status
            })
        })
        .collect();
    for p in posts {
        assert_eq!(p.join().unwrap(), 303);
    }
    sim.set_faults(json!({}));
    let mut tab = tab.relogin(sim.browser_as("demo", &s.cpanel()));
    let text = tab.view().text();
    assert!(text.contains(&format!("{} changed, 0 failed, 0 waiting", s.rows.len())), "{text}");
    let log = journal(&sim);
    assert_eq!(
        log.matches("\"k\":\"cpanel\",\"l\":\"demo\",\"s\":\"sending\"").count(),
        1,
        "cPanel was asked once: {log}"
    );
    every_new_password_works(&sim, &s);
}

#[test]
fn an_account_without_postgresql_or_web_disk_gets_a_complete_plan_without_them() {
    // cPanel refuses Postgresql::* and WebDisk::* on this server: the account has none, and
    // the inventory is still complete (nothing is "could not check").
    let sim = Sim::start_with(Options { scenario: Some("demo-basic".into()), ..Default::default() });
    let mut tab = Tab::new(sim.browser());
    let s = tab.new_sheet();
    let pw = s.by_login();
    for want in ["demo", "info@demo-shop.example", "dev@demo-shop.example", "demo_wpuser", "lisa@demo-shop.example"] {
        assert!(pw.contains_key(want), "{want} missing from {:?}", pw.keys());
    }
    assert!(!pw.values().any(|(kind, _)| kind == "postgres" || kind == "webdisk"), "{:?}", pw.keys());
    let home = tab.b.plugin().text();
    assert!(!home.contains("We could not check this right now"), "{home}");
}

/// Sends the sheet's "apply" from another thread (to be killed or watched mid-way); the
/// answer's status when it comes.
pub(crate) fn apply_in_background(sim: &Sim, tab: &Tab, s: &Sheet) -> std::thread::JoinHandle<u16> {
    let (url, headers) = (tab.b.plugin_url(), tab.headers());
    let csrf = tab.b.plugin().csrf();
    let cur = sim.password();
    let (plan, pw) = (s.plan.clone(), s.pw.clone());
    std::thread::spawn(move || {
        let mut req = agent().post(&url);
        for (k, v) in headers {
            req = req.header(&k, &v);
        }
        let f = [
            ("csrf", csrf.as_str()),
            ("plan", &plan),
            ("pw", &pw),
            ("action", "plan_apply"),
            ("saved", "yes"),
            ("current", &cur),
        ];
        page(req.send_form(f.iter().copied()).expect("POST")).status
    })
}
