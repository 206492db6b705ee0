//! Nothing is lost, whatever the world does: every simulator fault (a failure, a cut-off
//! answer, an HTTP 500, a lost answer after cPanel did the work) at every step a customer
//! takes, a form sent twice, a full audit disk and damaged records. Each case drives the page
//! through the simulator as a browser does and checks the invariant: what cPanel holds matches
//! what the page said, and a retry completes.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::harness::*;
use crate::reopen::make_everything_pass;

/// The faults the simulator injects into one function's answer, and whether cPanel did the
/// work behind it (only a failure stops the call before it runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Fail,
    Malformed,
    Http500,
    LostReply,
}

const FAULTS: [Fault; 4] = [Fault::Fail, Fault::Malformed, Fault::Http500, Fault::LostReply];

impl Fault {
    fn json(self, function: &str, nth: u64) -> Value {
        let key = match self {
            Fault::Fail => "fail_nth",
            Fault::Malformed => "malformed_nth",
            Fault::Http500 => "http_error_nth",
            Fault::LostReply => "lost_reply_nth",
        };
        json!({ "function": function, key: nth })
    }

    /// cPanel ran the call, but the page could not know it.
    fn ran(self) -> bool {
        self != Fault::Fail
    }
}

/// The hidden fields of the form that posts `action`: the first such form that holds
/// `needle` or comes after it on the page (as a browser sends them: CSRF token, the form's
/// one-time id, the action and its subject).
fn form(body: &str, needle: &str, action: &str) -> Vec<(String, String)> {
    let at = body.find(needle).unwrap_or_else(|| panic!("{needle:?} is not on the page"));
    let marker = format!("name=\"action\" value=\"{action}\"");
    let mut pos = 0;
    let html = loop {
        let start = pos + body[pos..].find("<form").unwrap_or_else(|| panic!("no {action} form at {needle:?}"));
        let end = start + body[start..].find("</form>").expect("form ends");
        let f = &body[start..end];
        if f.contains(&marker) && (start > at || f.contains(needle)) {
            break f;
        }
        pos = end;
    };
    let mut fields = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<input") {
        rest = &rest[i..];
        let tag = &rest[..rest.find('>').unwrap()];
        let attr = |name: &str| {
            let k = format!(" {name}=\"");
            tag.find(&k).map(|j| tag[j + k.len()..].split('"').next().unwrap().replace("&amp;", "&"))
        };
        if attr("type").as_deref() == Some("hidden") {
            fields.push((attr("name").unwrap(), attr("value").unwrap_or_default()));
        }
        rest = &rest[1..];
    }
    assert!(fields.iter().any(|(k, _)| k == "once"), "every form carries a one-time id: {fields:?}");
    fields
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    &fields.iter().find(|(k, _)| k == name).unwrap_or_else(|| panic!("no {name} in {fields:?}")).1
}

fn post(b: &Browser, fields: &[(String, String)], extra: &[(&str, &str)]) -> Page {
    let mut all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    all.extend_from_slice(extra);
    b.post(&all)
}

fn account(sim: &Sim) -> Value {
    sim.state()["accounts"]["demo"].clone()
}

fn names(v: &Value, key: &str) -> Vec<String> {
    v.as_array().into_iter().flatten().filter_map(|x| x[key].as_str().map(str::to_owned)).collect()
}

const NOTHING_CHANGED: &str = "Nothing was changed";
const NOT_SURE: &str = "cannot tell yet whether this was done";

/// One removal the customer can make, where its form is, and how to see it in cPanel.
struct Removal {
    what: &'static str,
    function: &'static str,
    /// The page (`view`) and the text its form follows.
    view: &'static str,
    needle: &'static str,
    action: &'static str,
    /// Whether the thing is still in cPanel's state of the account.
    present: fn(&Value) -> bool,
    /// What must survive (the customer's own, legitimate neighbour), where there is one.
    neighbour: Option<fn(&Value) -> bool>,
}

const REMOVALS: &[Removal] = &[
    Removal {
        what: "cron job",
        function: "Cron::remove_line",
        view: "sweep",
        needle: "bad.example/k.sh",
        action: "remove_finding",
        present: |a| names(&a["cron"], "command").iter().any(|c| c.contains("bad.example/k.sh")),
        neighbour: Some(|a| names(&a["cron"], "command").iter().any(|c| c.contains("wp-cron.php"))),
    },
    Removal {
        what: "forwarder",
        function: "Email::delete_forwarder",
        view: "sweep",
        needle: "collector@bad.example",
        action: "remove_finding",
        present: |a| a["forwarders"].to_string().contains("collector@bad.example"),
        neighbour: Some(|a| a["forwarders"].to_string().contains("owner@demo-shop.example")),
    },
    Removal {
        what: "mail filter",
        function: "Email::delete_filter",
        view: "sweep",
        needle: "newsletters",
        action: "remove_finding",
        present: |a| names(&a["filters"], "filtername").iter().any(|f| f == "newsletters"),
        neighbour: None,
    },
    Removal {
        what: "API token",
        function: "Tokens::revoke",
        view: "home",
        needle: "deploy",
        action: "remove_token",
        present: |a| names(&a["tokens"], "name").iter().any(|n| n == "deploy"),
        neighbour: Some(|a| names(&a["tokens"], "name").iter().any(|n| n == "cpanel-sim")),
    },
    Removal {
        what: "SSH key",
        function: "SSH::delkey",
        view: "home",
        needle: "laptop",
        action: "remove_ssh_key",
        present: |a| names(&a["ssh_keys"], "name").iter().any(|n| n == "laptop"),
        neighbour: None,
    },
];

fn view_url(b: &Browser, view: &str) -> String {
    if view == "home" { b.plugin_url() } else { format!("{}?view={view}", b.plugin_url()) }
}

/// Every removal under every fault: the page says "nothing changed" only when cPanel did not
/// run the call, "not sure" otherwise; the same form sent again completes (or says it is
/// already gone); the neighbour survives; cPanel ends without the thing.
#[test]
fn every_removal_under_every_fault_tells_the_truth_and_a_retry_completes() {
    for r in REMOVALS {
        for fault in FAULTS {
            let case = format!("{} under {fault:?}", r.what);
            let sim = Sim::start();
            let b = sim.browser();
            assert!((r.present)(&account(&sim)), "{case}: the demo has it");
            if r.action == "remove_ssh_key" {
                // The page lists the keys once the old tokens are dealt with.
                assert_eq!(b.submit(&[("action", "remove_token"), ("name", "deploy")]).status, 303);
            }
            let fields = form(&b.get(&view_url(&b, r.view)).body, r.needle, r.action);
            sim.set_faults(fault.json(r.function, 1));
            let first = post(&b, &fields, &[]);
            sim.set_faults(json!({}));
            let text = first.text();
            assert_eq!(first.status, 502, "{case}: {text}");
            let after = account(&sim);
            if fault.ran() {
                assert!(!(r.present)(&after), "{case}: cPanel did remove it");
                assert!(text.contains(NOT_SURE) && !text.contains(NOTHING_CHANGED), "{case}: {text}");
            } else {
                assert!((r.present)(&after), "{case}: cPanel did not run the call");
                assert!(text.contains(NOTHING_CHANGED), "{case}: {text}");
            }
            // The same form again (the first answer was an error, so its id is unused).
            let again = post(&b, &fields, &[]);
            let after = account(&sim);
            assert!(!(r.present)(&after), "{case}: the retry completes: {}", again.text());
            assert!(r.neighbour.is_none_or(|n| n(&after)), "{case}: the neighbour survives");
            assert!(matches!(again.status, 303 | 409 | 502), "{case}: {} {}", again.status, again.text());
            if again.status == 502 {
                // Token or key already gone: cPanel says so, and the page does not claim a change.
                assert!(again.text().contains(NOTHING_CHANGED), "{case}: {}", again.text());
            }
        }
    }
}

/// The regression of the issue: a "Remove" on a cron finding sent twice (one after the other
/// with the same form, and two at once) removes that job only, never the next, legitimate one.
#[test]
fn a_double_remove_on_a_cron_job_removes_that_job_only() {
    let sim = Sim::start();
    let b = sim.browser();
    let fields = form(&b.get(&view_url(&b, "sweep")).body, "bad.example/k.sh", "remove_finding");
    let first = post(&b, &fields, &[]);
    assert_eq!(first.status, 303, "{}", first.text());
    let second = post(&b, &fields, &[]);
    assert_eq!(second.status, 409, "{}", second.text());
    assert!(second.text().contains("already sent") && second.text().contains("not done again"), "{}", second.text());
    let cron = names(&account(&sim)["cron"], "command");
    assert_eq!(cron, ["/usr/local/bin/php /home/demo/public_html/wp-cron.php"]);
    assert_eq!(sim.audit_log().matches("\"event\":\"finding_removed\",\"result\":\"ok\"").count(), 1);

    // Two at once, on a fresh account: one does the work, the other says so.
    let sim = Sim::start();
    let b = sim.browser();
    let fields = form(&b.get(&view_url(&b, "sweep")).body, "bad.example/k.sh", "remove_finding");
    let (s1, s2) = std::thread::scope(|s| {
        let a = s.spawn(|| post(&b, &fields, &[]).status);
        let c = s.spawn(|| post(&b, &fields, &[]).status);
        (a.join().unwrap(), c.join().unwrap())
    });
    let mut got = [s1, s2];
    got.sort();
    assert_eq!(got, [303, 409]);
    assert_eq!(names(&account(&sim)["cron"], "command"), ["/usr/local/bin/php /home/demo/public_html/wp-cron.php"]);
    assert_eq!(sim.audit_log().matches("\"event\":\"finding_removed\",\"result\":\"ok\"").count(), 1);
}

/// A restore that stopped after the folder went to the quarantine (the record says so).
fn interrupt_a_restore(sim: &Sim, step: &str) -> std::path::PathBuf {
    let state = sim.home().join(".secure_reopen");
    let q = state.join("quarantine/20261125-000000-public_html");
    std::fs::create_dir_all(q.parent().unwrap()).unwrap();
    std::fs::rename(sim.home().join("public_html"), &q).unwrap();
    let rec = json!({"folder": "public_html", "backup_id": "weekly/2026-11-15", "backup_before_attack": true,
                     "quarantine": ".secure_reopen/quarantine/20261125-000000-public_html", "step": step,
                     "started_at": "2026-11-25T00:00:00Z"});
    std::fs::write(state.join("restore.json"), rec.to_string()).unwrap();
    q
}

fn restore_step(sim: &Sim) -> String {
    let rec: Value = serde_json::from_slice(&std::fs::read(sim.home().join(".secure_reopen/restore.json")).unwrap())
        .expect("restore record");
    rec["step"].as_str().unwrap().to_owned()
}

const BACKDOOR: &str = "public_html/wp-content/uploads/2026/11/cache-img.php";

/// The regression of the issue: "put the original back" sent twice — after each other and at
/// once, fifteen times — always leaves the original public_html in place, never missing, and
/// the half-restored folder kept in the quarantine.
#[test]
fn a_double_put_the_original_back_never_leaves_the_folder_missing() {
    let sim = Sim::start();
    let b = sim.browser();
    for run in 0..15 {
        let q = interrupt_a_restore(&sim, if run % 3 == 0 { "restored" } else { "quarantined" });
        if run % 3 == 0 {
            // A half-restored folder stands in the original's place.
            std::fs::create_dir_all(sim.home().join("public_html/half")).unwrap();
        }
        let page = b.get(&view_url(&b, "restore"));
        assert!(page.text().contains("A restore was interrupted"), "run {run}: {}", page.text());
        let fields = form(&page.body, "A restore was interrupted", "restore_rollback");
        let statuses: Vec<u16> = if run % 2 == 0 {
            std::thread::scope(|s| {
                let a = s.spawn(|| post(&b, &fields, &[]).status);
                let c = s.spawn(|| post(&b, &fields, &[]).status);
                vec![a.join().unwrap(), c.join().unwrap()]
            })
        } else {
            vec![post(&b, &fields, &[]).status, post(&b, &fields, &[]).status]
        };
        let mut sorted = statuses.clone();
        sorted.sort();
        assert_eq!(sorted, [303, 409], "run {run}: one does it, the other says it was done");
        assert!(sim.home().join(BACKDOOR).exists(), "run {run}: the original public_html is back");
        assert!(!q.exists(), "run {run}: the original left the quarantine");
        assert_eq!(restore_step(&sim), "rolled_back", "run {run}");
        let t = b.get(&view_url(&b, "restore")).text();
        assert!(t.contains("we put your original folder back"), "run {run}: {t}");
        if run % 3 == 0 {
            let kept = std::fs::read_dir(q.parent().unwrap())
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains("-partial-") && e.path().join("half").exists());
            assert!(kept, "run {run}: the half-restored folder is kept in the quarantine");
            for e in std::fs::read_dir(q.parent().unwrap()).unwrap().flatten() {
                std::fs::remove_dir_all(e.path()).unwrap();
            }
        }
    }
}

/// A stop between the move to the quarantine and the record of it (the record still says
/// "planned", the folder is gone): the page offers the way back, and it brings the original.
#[test]
fn a_stop_right_after_the_move_is_found_and_the_original_comes_back() {
    let sim = Sim::start();
    let b = sim.browser();
    let q = interrupt_a_restore(&sim, "planned");
    let page = b.get(&view_url(&b, "restore"));
    assert!(page.text().contains("A restore was interrupted"), "{}", page.text());
    let r = post(&b, &form(&page.body, "A restore was interrupted", "restore_rollback"), &[]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(sim.home().join(BACKDOOR).exists() && !q.exists());
    assert_eq!(restore_step(&sim), "rolled_back");

    // Continuing instead finishes the restore from the quarantined original.
    let sim = Sim::start();
    let b = sim.browser();
    let q = interrupt_a_restore(&sim, "planned");
    let page = b.get(&view_url(&b, "restore"));
    let r = post(&b, &form(&page.body, "A restore was interrupted", "restore_continue"), &[]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(restore_step(&sim), "verified");
    assert!(sim.home().join("public_html/wp-config.php").exists() && !sim.home().join(BACKDOOR).exists());
    assert!(q.join("wp-content/uploads/2026/11/cache-img.php").exists(), "the hacked original stays in the quarantine");
}

/// Every fault at every cPanel step of a restore (the restore itself, the listing and the
/// per-file check of the verification): the folder is never missing, the record says what is
/// on disk (verified = the backup's files, rolled back = the original), and a new start
/// completes.
#[test]
fn every_fault_at_every_restore_step_leaves_the_folder_whole_and_a_new_start_completes() {
    // (function, which of its calls; `Restore::query_file_info` is first asked for both
    // document roots by the page, then per file by the verification)
    let steps: &[(&str, u64)] =
        &[("Restore::restore_file", 1), ("Restore::directory_listing", 1), ("Restore::query_file_info", 3)];
    for (function, nth) in steps {
        for fault in FAULTS {
            let case = format!("{function} #{nth} under {fault:?}");
            eprintln!("case: {case}");
            let sim = Sim::start();
            let b = sim.browser();
            let page = b.get(&view_url(&b, "restore"));
            let fields = form(&page.body, "restore_start", "restore_start");
            let start = [("folder", "public_html"), ("backup", "weekly/2026-11-15")];
            sim.set_faults(fault.json(function, *nth));
            let r = post(&b, &fields, &start);
            sim.set_faults(json!({}));
            assert!(matches!(r.status, 303 | 500 | 503), "{case}: {} {}", r.status, r.text());
            if r.status == 503 {
                // A lost answer ends the page's line to cPanel for this request: the roll back
                // is done, its audit event waits and is sent before the next step.
                assert!(r.text().contains("could not be written into your case's record yet"), "{case}");
                assert!(sim.home().join(".secure_reopen/audit.outbox").exists(), "{case}");
            }
            let step = restore_step(&sim);
            let original = sim.home().join(BACKDOOR).exists();
            let folder = sim.home().join("public_html/wp-config.php").exists();
            assert!(folder, "{case}: public_html is never missing (step {step})");
            match step.as_str() {
                "rolled_back" => assert!(original, "{case}: rolled back means the original is in place"),
                "verified" => assert!(!original, "{case}: verified means the backup's files are in place"),
                other => panic!("{case}: the record is left at {other}"),
            }
            let t = b.get(&view_url(&b, "restore")).text();
            if step == "rolled_back" {
                assert!(t.contains("we put your original folder back"), "{case}: {t}");
                // A new start, with nothing in the way, completes.
                let page = b.get(&view_url(&b, "restore"));
                let r = post(&b, &form(&page.body, "restore_start", "restore_start"), &start);
                assert_eq!(r.status, 303, "{case}: {}", r.text());
                assert_eq!(restore_step(&sim), "verified", "{case}");
                assert!(!sim.home().join(BACKDOOR).exists());
                assert!(sim.audit_log().contains("\"event\":\"restore_rolled_back\""), "{case}: audited");
                assert!(!sim.home().join(".secure_reopen/audit.outbox").exists(), "{case}: nothing waits");
            }
        }
    }
}

fn status(sim: &Sim) -> String {
    sim.incident()["status"].as_str().unwrap().to_owned()
}

/// The reopen's answer lost or unreadable: when root reopened, the page says reopened (it
/// reads the case); when it did not, the page says it does not know yet — never "Nothing was
/// changed" for an answer that never came. A reload then shows the truth, and a retry works.
#[test]
fn a_lost_reopen_answer_reads_the_case_instead_of_guessing() {
    for ready in [true, false] {
        for fault in FAULTS {
            let case = format!("ready={ready} under {fault:?}");
            let sim = Sim::start();
            let b = sim.browser();
            if ready {
                make_everything_pass(&sim, &b);
            }
            let fields = form(&b.plugin().body, "reopen-h", "reopen");
            sim.set_faults(fault.json("SecureReopen::reopen", 1));
            let r = post(&b, &fields, &[]);
            sim.set_faults(json!({}));
            let reopened = status(&sim) == "reopened";
            assert_eq!(reopened, ready && fault.ran(), "{case}");
            let text = r.text();
            if reopened {
                assert_eq!(r.status, 303, "{case}: {text}");
                assert!(r.header("location").unwrap().contains("notice=reopened"), "{case}");
                assert_eq!(sim.site_status("demo-shop.example"), 200, "{case}: the site is open");
            } else if fault.ran() {
                assert_eq!(r.status, 504, "{case}: {text}");
                assert!(text.contains("do not know yet whether your website was reopened"), "{case}: {text}");
                assert!(!text.contains(NOTHING_CHANGED), "{case}: {text}");
            } else {
                // cPanel refused the call before the helper ran: truly not reopened.
                assert_eq!(r.status, 409, "{case}: {text}");
                assert!(text.contains("Your website was not reopened"), "{case}: {text}");
            }
            if ready && !reopened {
                // A retry (a fresh form) completes.
                let r = post(&b, &form(&b.plugin().body, "reopen-h", "reopen"), &[]);
                assert_eq!(r.status, 303, "{case}: {}", r.text());
                assert_eq!(status(&sim), "reopened", "{case}");
            }
        }
    }
}

/// One form for the double-submit table: the page, the text the form follows, its action,
/// the fields the customer fills in, and whether the action writes an audit entry.
struct FormCase<'a> {
    url: &'a str,
    needle: &'a str,
    action: &'a str,
    extra: &'a [(&'a str, &'a str)],
    audited: bool,
}

/// What a second submission must leave as it was: the customer's records (but the used-form
/// list), the site's settings and the quarantine.
fn customer_side(sim: &Sim) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let dir = sim.home().join(".secure_reopen");
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_file() && name != "once.json" {
            out.insert(name, std::fs::read(e.path()).unwrap());
        }
    }
    if let Ok(d) = std::fs::read_dir(dir.join("quarantine")) {
        for e in d.flatten() {
            out.insert(format!("quarantine/{}", e.file_name().to_string_lossy()), Vec::new());
        }
    }
    let wp = sim.home().join("public_html/wp-config.php");
    out.insert("wp-config.php".into(), std::fs::read(wp).unwrap_or_default());
    out
}

/// Every form the customer sends, sent twice: the work is done once, the second answer says
/// so (and leads where the first did), and cPanel, root's log and the customer's records hold
/// one change.
#[test]
fn every_form_sent_twice_does_its_work_once() {
    let sim = Sim::start();
    let b = sim.browser();
    let (home, sweep, restore, passwords) =
        (b.plugin_url(), view_url(&b, "sweep"), view_url(&b, "restore"), view_url(&b, "passwords"));
    let case = |url, needle, action, extra, audited| FormCase { url, needle, action, extra, audited };
    let cases = [
        case(&home, "deploy", "remove_token", &[], true),
        case(&home, "laptop", "keep_ssh_key", &[("reason", "my own laptop")], true),
        case(&home, "attest_computer_scanned", "attest", &[], true),
        case(&home, "harden_wordpress", "harden_wordpress", &[], true),
        case(&sweep, "collector@bad.example", "remove_finding", &[], true),
        case(&sweep, "wp-cron.php", "keep_finding", &[("reason", "WordPress's own scheduler")], true),
        case(
            &restore,
            "restore_start",
            "restore_start",
            &[("folder", "public_html"), ("backup", "weekly/2026-11-15")],
            true,
        ),
        case(&restore, "quarantine_purge", "quarantine_purge", &[("confirm", "yes")], true),
        // A second "new passwords" would void the sheet the first one made.
        case(&passwords, "plan_new", "plan_new", &[], false),
    ];
    for c in &cases {
        let action = c.action;
        let page = b.get(c.url);
        let fields = form(&page.body, c.needle, action);
        let log_before = sim.audit_log().lines().count();
        let first = post(&b, &fields, c.extra);
        assert_eq!(first.status, 303, "{action}: {}", first.text());
        let log_after_first = sim.audit_log().lines().count();
        let (state, mine) = (account(&sim), customer_side(&sim));
        let second = post(&b, &fields, c.extra);
        assert_eq!(second.status, 409, "{action}: {}", second.text());
        let t = second.text();
        assert!(t.contains("already sent") && t.contains("not done again"), "{action}: {t}");
        let back = first.header("location").unwrap();
        assert!(second.body.contains(&back.replace('&', "&amp;")), "{action}: leads where the first did");
        assert!(!c.audited || log_after_first > log_before, "{action}: audited once");
        assert_eq!(sim.audit_log().lines().count(), log_after_first, "{action}: the second did nothing");
        assert_eq!(account(&sim), state, "{action}: cPanel unchanged by the second");
        assert!(customer_side(&sim) == mine, "{action}: the customer's records unchanged by the second");
    }
    let q = sim.home().join(".secure_reopen/quarantine");
    let left: Vec<_> = std::fs::read_dir(&q).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(left.is_empty(), "one purge, of the one restore: {left:?}");
}

/// The customer's own records, damaged (empty, garbage, cut off): each is moved aside with a
/// time stamp (kept for support), the page works, and the customer's next step succeeds.
#[test]
fn every_damaged_customer_record_is_moved_aside_and_the_customer_continues() {
    let cases: &[(&str, &[u8])] = &[
        ("progress.json", b"{\"attestations\": {\"attest_computer"),
        ("progress.json", b""),
        ("restore.json", b"\x00\x01garbage"),
        ("restore.json", b"{\"folder\": \"public_html\", \"step\": \"quarant"),
        ("csrf.key", b""),
        ("csrf.key", b"short"),
        ("once.json", b"[[["),
        ("audit.outbox", b"not json"),
        ("plan.json", b"{"),
        ("wp_users.json", b"{\"installs\": [tru"),
    ];
    for (name, bytes) in cases {
        let case = format!("{name} = {:?}", String::from_utf8_lossy(bytes));
        let sim = Sim::start();
        let b = sim.browser();
        assert_eq!(b.submit(&[("action", "attest"), ("item", "attest_guidance_read")]).status, 303);
        let dir = sim.home().join(".secure_reopen");
        std::fs::write(dir.join(name), bytes).unwrap();
        let views = ["home", "restore", "sweep", "passwords", "wpusers"];
        for url in views.map(|v| view_url(&b, v)) {
            let p = b.get(&url);
            assert_eq!(p.status, 200, "{case}: {url}: {}", p.text());
        }
        let r = post(&b, &form(&b.plugin().body, "attest_computer_scanned", "attest"), &[]);
        assert_eq!(r.status, 303, "{case}: {}", r.text());
        let progress = std::fs::read_to_string(dir.join("progress.json")).unwrap();
        assert!(progress.contains("attest_computer_scanned"), "{case}: the step is recorded: {progress}");
        let aside: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&format!("{name}.damaged-")))
            .collect();
        assert_eq!(aside.len(), 1, "{case}: kept aside once with a time stamp: {aside:?}");
        assert_eq!(std::fs::read(dir.join(&aside[0])).unwrap(), *bytes, "{case}: kept as it was");
    }
}

/// A small file system over root's audit folder (tmpfs), with the folder's files copied in;
/// unmounted when dropped.
struct FullAuditDisk {
    at: std::path::PathBuf,
}

impl FullAuditDisk {
    fn mount(sim: &Sim) -> FullAuditDisk {
        let at = sim.root().join("var/cpanel/secure_reopen/audit");
        let saved: BTreeMap<_, _> = std::fs::read_dir(&at)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| (e.file_name(), std::fs::read(e.path()).unwrap()))
            .collect();
        let st = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
            .arg(&at)
            .status()
            .unwrap();
        assert!(st.success(), "mounting a tmpfs needs root (./scripts/test.sh runs as root)");
        for (name, bytes) in &saved {
            std::fs::write(at.join(name), bytes).unwrap();
        }
        let disk = FullAuditDisk { at };
        disk.fill();
        disk
    }

    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.at.join("filler")).unwrap();
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).is_ok() {}
        let mut small = vec![0u8; 64];
        while f.write_all(&small).is_ok() {}
        small.truncate(1);
        while f.write_all(&small).is_ok() {}
        let _ = f.sync_all();
    }

    fn free(&self) {
        std::fs::remove_file(self.at.join("filler")).unwrap();
    }
}

impl Drop for FullAuditDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.at).status();
    }
}

fn chain_intact(sim: &Sim) -> String {
    let (code, out, err) = sim.admin(&["audit", "verify", "demo"]);
    assert_eq!(code, 0, "the chain holds: {out}{err}");
    out
}

/// Root's audit disk full: a step the customer takes is done but its event waits (the page
/// says so), the next step is refused until the event is recorded, the reopen is refused
/// while it cannot be audited — and once there is room the waiting event is recorded first,
/// the chain is intact (no torn line), and everything goes on.
#[test]
fn a_full_audit_disk_blocks_until_the_event_is_recorded_and_never_breaks_the_chain() {
    let sim = Sim::start();
    let b = sim.browser();
    make_everything_pass(&sim, &b);
    let lines_before = sim.audit_log().lines().count();
    let disk = FullAuditDisk::mount(&sim);

    // A confirmation: done (the customer's record), but not yet in root's log — and said so.
    let r = b.submit(&[("action", "attest"), ("item", "attest_computer_scanned")]);
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.text().contains("could not be written into your case's record yet"), "{}", r.text());
    assert_eq!(sim.audit_log().lines().count(), lines_before, "nothing half-written");
    assert!(sim.home().join(".secure_reopen/audit.outbox").exists(), "the event waits");

    // The next step is refused while the event waits, and changes nothing.
    let sweep = form(&b.get(&view_url(&b, "sweep")).body, "collector@bad.example", "remove_finding");
    let r = post(&b, &sweep, &[]);
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.text().contains("so it was not done"), "{}", r.text());
    assert!(account(&sim)["forwarders"].to_string().contains("collector@bad.example"));
    let reopen = form(&b.plugin().body, "reopen-h", "reopen");
    let r = post(&b, &reopen, &[]);
    assert_eq!(r.status, 503, "the reopen waits too: {}", r.text());
    assert_eq!(status(&sim), "awaiting_customer");

    // Root's own reopen refuses when it cannot write its event first.
    let v = sim.uapi("SecureReopen", "reopen", &[("remote", "203.0.113.9"), ("release", field(&reopen, "release"))]);
    assert_eq!(v["result"]["status"], json!(0), "{v}");
    assert!(v.to_string().contains("cannot write the audit log, so nothing was reopened"), "{v}");
    assert_eq!(status(&sim), "awaiting_customer");
    assert_eq!(sim.site_status("demo-shop.example"), 503, "the site stays closed");
    assert_eq!(sim.audit_log().lines().count(), lines_before, "nothing half-written");
    chain_intact(&sim);

    // Room again: the waiting event goes first, then the reopen.
    disk.free();
    let fields = form(&b.plugin().body, "reopen-h", "reopen");
    let r = post(&b, &fields, &[]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(status(&sim), "reopened");
    chain_intact(&sim);
    let log = sim.audit_log();
    let waited = log.lines().rfind(|l| l.contains("attest_computer_scanned")).expect("the waiting event is recorded");
    assert!(waited.contains("happened_at"), "{waited}");
    assert!(log.contains("\"event\":\"reopen\",\"result\":\"ok\""));
    drop(disk);
}

// ---- Passwords: every fault at every step of the apply, and kill -9 at any batch ----

use crate::passwords::{Sheet, Tab, apply_in_background, cgi_children, journal, site_and_database_agree};

/// Whether cPanel holds `password` for the credential, read from the simulator's state (the
/// salted SHA-256 it keeps; suspended mail logins and locked FTP entries are still read).
/// `None` for a kind this check does not know.
fn holds(acct: &Value, kind: &str, login: &str, password: &str) -> Option<bool> {
    use sha2::{Digest, Sha256};
    let matches = |h: &Value| {
        let (Some(salt), Some(sum)) = (h["salt"].as_str(), h["sha256"].as_str()) else { return false };
        let d: String =
            Sha256::digest(format!("{salt}:{password}").as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        d == sum
    };
    let find = |list: &str, key: &str| {
        acct[list]
            .as_array()
            .into_iter()
            .flatten()
            .find(|x| x[key].as_str() == Some(login))
            .map(|x| matches(&x["password"]))
    };
    match kind {
        "cpanel" => Some(matches(&acct["password"])),
        "email" => find("mailboxes", "email"),
        "ftp" => find("ftp", "user"),
        "mysql" => find("mysql_users", "user"),
        "postgres" => find("postgres_users", "user"),
        "webdisk" => find("webdisk", "login"),
        "subaccount" => acct["subaccounts"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|x| {
                format!("{}@{}", x["username"].as_str().unwrap_or(""), x["domain"].as_str().unwrap_or("")) == login
            })
            .map(|x| matches(&x["password"])),
        _ => None,
    }
}

/// The old passwords the scenarios give (one per service in the demo, every extra mailbox).
fn old_password(sim: &Sim, kind: &str, login: &str) -> Option<String> {
    const OLD: [(&str, &str); 6] = [
        ("info@demo-shop.example", "Sommer2024!info"),
        ("dev@demo-shop.example", "dev-ftp-2022!!"),
        ("demo_wpuser", "wpdb-Passord-19"),
        ("demo_stats", "stats-Passord-20"),
        ("files@demo-shop.example", "webdisk-Pass-21"),
        ("lisa@demo-shop.example", "lisa-Sub-Pass-22"),
    ];
    if kind == "cpanel" {
        return Some(sim.password());
    }
    if let Some(n) = login.strip_prefix("box").and_then(|r| r.strip_suffix("@demo-shop.example")) {
        return Some(format!("Box-{n}-Old-Pass-2024"));
    }
    OLD.iter().find(|o| o.0 == login).map(|o| o.1.to_owned())
}

/// The invariant after any fault: every credential holds its old password or the plan's, and
/// the record says exactly which (changed = the plan's, not changed = not the plan's, not
/// sure = either). Returns how many hold the plan's.
fn every_credential_old_or_planned_as_recorded(sim: &Sim, s: &Sheet, case: &str) -> usize {
    use secure_reopen::passwords::journal::{Record, Status};
    use secure_reopen::passwords::plan::{CredentialId, Kind};
    let acct = account(sim);
    let rec = Record::replay(journal(sim).as_bytes()).unwrap_or_default();
    let mut changed = 0;
    for (kind, login, new) in &s.rows {
        let Some(is_new) = holds(&acct, kind, login, new) else { continue };
        changed += usize::from(is_new);
        if let Some(old) = old_password(sim, kind, login) {
            let is_old = holds(&acct, kind, login, &old) == Some(true);
            assert!(is_new || is_old, "{case}: {login} has neither its old password nor the plan's");
        }
        let id = CredentialId { kind: Kind::from_code(kind).unwrap(), login: login.clone() };
        match rec.status(&id) {
            Some(Status::Done) => assert!(is_new, "{case}: {login} recorded as changed, but it is not"),
            Some(Status::Unknown) => {}
            _ => assert!(!is_new, "{case}: {login} recorded as not changed, but it is"),
        }
    }
    changed
}

/// The retry the page offers completes: with the record, "try again" (the cPanel password that
/// works now, when one is asked); without one (refused before any change), the sheet again.
fn retry_completes(sim: &Sim, tab: &Tab, s: &Sheet, case: &str) {
    let cpanel_now = if sim.check_login("cpanel", "demo", &s.cpanel()) { s.cpanel() } else { sim.password() };
    let mut tab = tab.relogin(sim.browser_as("demo", &cpanel_now));
    let r = if journal(sim).is_empty() {
        tab.post_sheet(s, &[("action", "plan_apply"), ("saved", "yes"), ("current", &cpanel_now)])
    } else {
        tab.post(&[("action", "plan_retry"), ("current", &cpanel_now)])
    };
    assert_eq!(r.status, 303, "{case}: the retry: {}", r.text());
    let mut tab = tab.relogin(sim.browser_as("demo", &s.cpanel()));
    let text = tab.view().text();
    assert!(text.contains(&format!("{} changed, 0 failed, 0 waiting", s.rows.len())), "{case}: {text}");
    let acct = account(sim);
    for (kind, login, new) in &s.rows {
        assert_ne!(holds(&acct, kind, login, new), Some(false), "{case}: {login} has the plan's password");
    }
    site_and_database_agree(sim);
}

/// Every fault at every cPanel step of a password change — the inventory's lists, the check
/// of the current password, a mailbox, FTP and database password in the batch, and the cPanel
/// password last — keeps every credential old or the plan's as the record says, the site's
/// settings in step with its database, the page truthful, and the retry completes.
#[test]
fn every_fault_at_every_step_of_a_password_change_keeps_the_record_true_and_a_retry_completes() {
    let steps: &[(&str, u64)] = &[
        ("Email::list_pops", 1),
        ("Mysql::list_users", 1),
        // The first is the page's own (its folders), the second the inventory's.
        ("DomainInfo::domains_data", 2),
        ("WebDisk::listwebdisks", 1),
        ("SecureReopen::check_password", 1),
        ("Email::passwd_pop", 1),
        ("Ftp::passwd", 1),
        ("Mysql::set_password", 1),
        ("UserManager::change_password", 1),
    ];
    for (function, nth) in steps {
        for fault in FAULTS {
            let case = format!("{function} #{nth} under {fault:?}");
            eprintln!("case: {case}");
            let sim = Sim::start();
            let mut tab = Tab::new(sim.browser());
            let s = tab.new_sheet();
            sim.set_faults(fault.json(function, *nth));
            let r = tab.post_sheet(&s, &[("action", "plan_apply"), ("saved", "yes"), ("current", &sim.password())]);
            sim.set_faults(json!({}));
            // (503: done as far as it went, its audit event waits — a lost answer ends the
            // page's line to cPanel for the rest of the request.)
            let waits = r.status == 503 && r.text().contains("could not be written into your case's record yet");
            assert!(r.status < 500 || r.status == 502 || waits, "{case}: {} {}", r.status, r.text());
            let changed = every_credential_old_or_planned_as_recorded(&sim, &s, &case);
            site_and_database_agree(&sim);
            let cpanel_now = if sim.check_login("cpanel", "demo", &s.cpanel()) { s.cpanel() } else { sim.password() };
            let mut seen = tab.relogin(sim.browser_as("demo", &cpanel_now));
            let text = seen.view().text();
            if changed > 0 {
                assert!(!text.contains(NOTHING_CHANGED), "{case}: {changed} changed: {text}");
            }
            retry_completes(&sim, &tab, &s, &case);
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Batch {
    First,
    Middle,
    Last,
}

/// kill -9 of the page while a batch of a large change (600 more mailboxes: four
/// `Batch::strict` chunks) is in cPanel's hands — the first, the middle and the last: every
/// credential is old or the plan's as the record says, the page after it says "not sure"
/// (never "nothing was changed"), and "try again" finishes all of them.
#[test]
fn a_kill_at_the_first_middle_or_last_batch_of_a_large_change_loses_nothing() {
    for point in [Batch::First, Batch::Middle, Batch::Last] {
        let case = format!("kill at the {point:?} batch");
        let sim = Sim::start_with(Options { scenario: Some("demo-many".into()), ..Options::default() });
        let mut tab = Tab::new(sim.browser());
        let s = tab.new_sheet();
        let others = s.rows.len() - 1;
        assert!(others >= 600, "{case}: {others} credentials");
        let chunk = secure_reopen::uapi::BATCH_CHUNK;
        let batches = others.div_ceil(chunk);
        assert!(batches >= 3, "{case}");
        let target = match point {
            Batch::First => 1,
            Batch::Middle => batches.div_ceil(2),
            Batch::Last => batches,
        };
        // Marked "sending" before it goes: the target batch is in cPanel's hands once this
        // many items are so marked.
        let marked = (target * chunk).min(others);
        sim.set_faults(json!({"latency_ms": 700}));
        let poster = apply_in_background(&sim, &tab, &s);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while journal(&sim).matches("\"s\":\"sending\"").count() < marked {
            assert!(std::time::Instant::now() < deadline, "{case}: the batch was never sent");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let pids = cgi_children(&sim);
        assert_eq!(pids.len(), 1, "{case}: the one CGI process of the change: {pids:?}");
        // SAFETY: kill has no memory preconditions; the pid is the CGI process found above.
        assert_eq!(unsafe { libc::kill(pids[0], libc::SIGKILL) }, 0);
        let _ = poster.join();
        // cPanel finishes what it was given (the simulator's latency comes first).
        std::thread::sleep(std::time::Duration::from_millis(1500));
        sim.set_faults(json!({}));
        let changed = every_credential_old_or_planned_as_recorded(&sim, &s, &case);
        assert!(changed >= (target - 1) * chunk, "{case}: the batches before the kill went through");
        assert!(!sim.check_login("cpanel", "demo", &s.cpanel()), "{case}: the cPanel password waits for the last");
        let text = tab.view().text();
        assert!(text.contains("not sure") && !text.contains(NOTHING_CHANGED), "{case}: {text}");
        retry_completes(&sim, &tab, &s, &case);
    }
}

/// A full disk right after the move to the quarantine (the record of the move cannot be
/// saved): the folder is put back at once, never left missing; the page says the original is
/// in place; and with room again the restore completes.
#[test]
fn a_disk_that_fills_right_after_the_move_puts_the_folder_back_and_a_new_start_completes() {
    use std::io::Write;
    let sim = Sim::start();
    let b = sim.browser();
    let page = b.get(&view_url(&b, "restore"));
    let fields = form(&page.body, "restore_start", "restore_start");
    let start = [("folder", "public_html"), ("backup", "weekly/2026-11-15")];

    // The home on a small disk of its own (tmpfs, the files copied in) with exactly one page
    // free: enough for the record of the plan, not for the record of the move.
    let home = sim.home();
    let keep = tempfile::tempdir().unwrap();
    let st = std::process::Command::new("cp").arg("-a").arg(format!("{}/.", home.display())).arg(keep.path()).status();
    assert!(st.unwrap().success());
    let st = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64m,mode=0755", "tmpfs"])
        .arg(&home)
        .status()
        .unwrap();
    assert!(st.success(), "mounting a tmpfs needs root (./scripts/test.sh runs as root)");
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(home.clone());
    let st = std::process::Command::new("cp").arg("-a").arg(format!("{}/.", keep.path().display())).arg(&home).status();
    assert!(st.unwrap().success());
    let gap = home.join("gap");
    std::fs::write(&gap, vec![0u8; 4096]).unwrap();
    let mut filler = std::fs::File::create(home.join("filler")).unwrap();
    let chunk = vec![0u8; 1 << 16];
    while filler.write_all(&chunk).is_ok() {}
    while filler.write_all(&[0u8; 512]).is_ok() {}
    while filler.write_all(&[0u8]).is_ok() {}
    drop(filler);
    std::fs::remove_file(&gap).unwrap();

    let r = post(&b, &fields, &start);
    assert_eq!(r.status, 500, "{}", r.text());
    assert!(r.text().contains("we put your original folder back"), "{}", r.text());
    assert!(home.join(BACKDOOR).exists(), "the original public_html is in its place");
    assert_eq!(restore_step(&sim), "planned", "the plan was recorded, the move could not be");
    let q = home.join(".secure_reopen/quarantine");
    let moved: Vec<_> = std::fs::read_dir(&q).map(|d| d.flatten().map(|e| e.file_name()).collect()).unwrap_or_default();
    assert!(moved.is_empty(), "nothing stays in the quarantine: {moved:?}");

    // Room again: the page offers to go on; the stale plan is closed and a new start completes.
    std::fs::remove_file(home.join("filler")).unwrap();
    let page = b.get(&view_url(&b, "restore"));
    if page.text().contains("A restore was interrupted") {
        let r = post(&b, &form(&page.body, "A restore was interrupted", "restore_continue"), &[]);
        assert_eq!(r.status, 303, "{}", r.text());
        assert!(home.join(BACKDOOR).exists(), "nothing was restored over the original");
    }
    let page = b.get(&view_url(&b, "restore"));
    let r = post(&b, &form(&page.body, "restore_start", "restore_start"), &start);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(restore_step(&sim), "verified");
    assert!(!home.join(BACKDOOR).exists() && home.join("public_html/wp-config.php").exists());
}

/// A reopen whose answer never comes (the page's own deadline passes while root reopens):
/// the page reads the case and says reopened — never "Nothing was changed".
#[test]
fn a_reopen_answer_that_never_comes_reads_the_case() {
    let sim = Sim::start();
    let b = sim.browser();
    make_everything_pass(&sim, &b);
    let fields = form(&b.plugin().body, "reopen-h", "reopen");
    sim.set_faults(json!({"function": "SecureReopen::reopen", "hang_nth": 1}));
    // A browser that waits longer than the page's own 60 s deadline for cPanel.
    let patient: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(std::time::Duration::from_secs(150)))
        .build()
        .into();
    let all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = page(
        patient
            .post(&b.plugin_url())
            .header("Cookie", &format!("cpsession={}", b.cookie))
            .send_form(all.iter().copied())
            .expect("POST"),
    );
    sim.set_faults(json!({}));
    assert_eq!(status(&sim), "reopened");
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(r.header("location").unwrap().contains("notice=reopened"));
    assert_eq!(sim.site_status("demo-shop.example"), 200);
}
