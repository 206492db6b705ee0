use super::*;
use std::os::unix::fs::PermissionsExt;

#[test]
fn yara_lines_and_maldet_lines_are_read() {
    let m = parse_yara(b"Webshell_x /h/a b.php\n/etc/passwd\nbad rule! /h/c\nR /elsewhere/x\n", Path::new("/h"));
    assert_eq!(m, [(PathBuf::from("/h/a b.php"), "Webshell_x".to_owned())]);
}

#[test]
fn clamscan_and_clamd_lines_are_read_and_the_rest_is_not() {
    let log = b"\n-------------------------------------------------------------------------------\n\n\
/home/u/public_html/a.php: Php.Webshell.Generic-1 FOUND\n\
/home/u/public_html/ok.php: OK\n\
/home/u/odd: name.php: Win.Test.EICAR_HDB-1 FOUND\n\
stdin: Php.Trojan-2 FOUND\n\
Wed Nov 25 21:26:24 2026 -> /home/u/public_html/b.php: Php.Malware.Agent-3(0123abcd:512) FOUND\n\
/home/u/c.php: has space FOUND\n\
----------- SCAN SUMMARY -----------\nInfected files: 2\n";
    let hits = parse_clamav(log);
    let got: Vec<(String, String, bool)> =
        hits.iter().map(|(p, s, t)| (p.display().to_string(), s.clone(), t.is_some())).collect();
    assert_eq!(
        got,
        [
            ("/home/u/public_html/a.php".to_owned(), "Php.Webshell.Generic-1".to_owned(), false),
            ("/home/u/odd: name.php".to_owned(), "Win.Test.EICAR_HDB-1".to_owned(), false),
            ("/home/u/public_html/b.php".to_owned(), "Php.Malware.Agent-3".to_owned(), true),
        ]
    );
    // The server's local time, whatever its zone: within a day of the same clock in UTC.
    let utc = time::macros::datetime!(2026-11-25 21:26:24 UTC).unix_timestamp();
    assert!((hits[2].2.unwrap() - utc).abs() <= 14 * 3600);
    assert_eq!(ctime("not a time"), None);
}

#[test]
fn clamd_names_its_log_in_its_configuration() {
    let conf = "# LogFile /var/log/old.log\nExample\nLogFile /var/log/clamd.log\nLogTime yes\nLogFile relative.log\n";
    assert_eq!(clamd_log_file(conf).as_deref(), Some("/var/log/clamd.log"));
    assert_eq!(clamd_log_file("LogSyslog yes\n"), None);
}

#[test]
fn imunifys_list_keeps_what_it_did_not_clean() {
    let out = br#"{"items": [
        {"file": "/home/u/public_html/x.php", "type": "SMW-INJ-04174-bkdr", "status": "found", "malicious": true, "created": 1764100000},
        {"file": "/home/u/public_html/y.js", "type": "SMW-INJ-04346-js.inj", "status": "cleanup_done", "malicious": true},
        {"file": "/home/u/public_html/z.php", "type": "SMW-SA-1", "status": "cleanup_removed", "malicious": true},
        {"file": "/home/u/public_html/s.php", "type": "SMW-SUSP-1", "status": "found", "malicious": false},
        {"type": "no file"}
    ], "max_count": 5}"#;
    let hits = parse_imunify(out).unwrap();
    assert_eq!(hits, [(PathBuf::from("/home/u/public_html/x.php"), "SMW-INJ-04174-bkdr".to_owned(), Some(1764100000))]);
    let bare = br#"[{"file": "/h/a.php", "type": "T", "status": "found", "Created": 5}]"#;
    assert_eq!(parse_imunify(bare).unwrap(), [(PathBuf::from("/h/a.php"), "T".to_owned(), Some(5))]);
    assert!(parse_imunify(b"Traceback (most recent call last)").is_err());
    assert!(parse_imunify(br#"{"items": 3}"#).is_err());
}

#[test]
fn a_report_others_can_write_is_refused_and_a_long_one_is_read_from_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("clamscan.log");
    let mut text = String::from("/h/first.php: Old-1 FOUND\n");
    while text.len() < 3000 {
        text.push_str("/h/ok.php: OK\n");
    }
    text.push_str("/h/last.php: New-1 FOUND\n");
    std::fs::write(&log, &text).unwrap();
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
    let tail = read_report(&log, 1000).unwrap().unwrap();
    assert!(tail.len() <= 1000 && tail.starts_with(b"/h/ok.php: OK\n"), "whole lines from the end");
    assert_eq!(parse_clamav(&tail).len(), 1, "only the newest lines");
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o666)).unwrap();
    assert!(read_report(&log, 1000).unwrap_err().contains("writable only by root"));
    let link = dir.path().join("link.log");
    std::os::unix::fs::symlink(&log, &link).unwrap();
    assert!(read_report(&link, 1000).is_err(), "a link is not followed");
    assert_eq!(read_report(&dir.path().join("none.log"), 1000).unwrap(), None);
}

#[test]
fn a_hit_stands_only_on_a_file_still_there_unchanged_and_inside() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    std::fs::create_dir_all(home.join("public_html")).unwrap();
    let f = home.join("public_html/x.php");
    std::fs::write(&f, "x").unwrap();
    let mtime = std::fs::metadata(&f).unwrap().mtime();
    assert!(still_here(home, &f, None));
    assert!(still_here(home, &f, Some(mtime)));
    assert!(!still_here(home, &f, Some(mtime - 60)), "changed since the scanner saw it");
    assert!(!still_here(&home.join("public_html/sub"), &f, None), "outside the folder swept");
    assert!(!still_here(home, &home.join("public_html/../public_html/x.php"), None));
    std::os::unix::fs::symlink(&f, home.join("public_html/l.php")).unwrap();
    assert!(!still_here(home, &home.join("public_html/l.php"), None));

    let hit = |p: &str, s: Scanner| HostHit { path: p.into(), scanner: s, signature: "Sig-1".into() };
    let hits = [
        hit("public_html/x.php", Scanner::Clamav),
        hit("public_html/x.php", Scanner::Imunify),
        hit("public_html/gone.php", Scanner::Maldet),
        hit("public_html/l.php", Scanner::Yara),
        hit("../etc/passwd", Scanner::Yara),
        hit("/etc/passwd", Scanner::Yara),
        hit("mail/shop.example/info/cur/1764.host:2,S", Scanner::Clamav),
    ];
    std::fs::create_dir_all(home.join("mail/shop.example/info/cur")).unwrap();
    std::fs::write(home.join("mail/shop.example/info/cur/1764.host:2,S"), "Subject: invoice").unwrap();
    // A report naming one file many times lists it with a few of them, once each.
    let mut many = HostScan::default();
    for i in 0..50 {
        many.push(HostHit {
            path: "public_html/x.php".into(),
            scanner: Scanner::Clamav,
            signature: format!("S-{}", i % 20),
        });
    }
    assert_eq!(many.hits.len(), MAX_HITS_PER_FILE);
    assert_eq!(many.findings().len(), 1);
    assert!(open_findings(home, &hits, &["public_html/x.php".to_owned()]).is_empty(), "cleared by the technician");
    let open = open_findings(home, &hits, &[]);
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].subject, crate::sweep::Subject::File { path: "public_html/x.php".into() });
    assert_eq!(open[0].evidence, "ClamAV Sig-1");
    // The sweep's finding on the same file stays one finding, with the host's reason added.
    let own = crate::sweep::Finding::new(
        crate::sweep::Subject::File { path: "public_html/x.php".into() },
        vec![crate::sweep::Reason::File(Why::ShellFromInput)],
        "system($_GET['c'])".into(),
    );
    let mut list = vec![own];
    merge_findings(&mut list, open);
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0].reasons,
        [crate::sweep::Reason::File(Why::ShellFromInput), crate::sweep::Reason::File(Why::HostRule)]
    );
    assert_eq!(list[0].evidence, "system($_GET['c'])");
}

/// Root's reopen check runs `yara` again only on the files it recorded a match on: a file
/// the customer cleaned no longer stands, one still matching does, and one that cannot be
/// checked again (the rules gone) stands as recorded.
#[test]
fn the_reopen_checks_recorded_yara_matches_again_on_those_files_only() {
    if yara_binary().is_none() {
        panic!("this test needs the yara tool (apt-get install yara)");
    }
    let tmp = tempfile::tempdir().unwrap();
    let paths = Paths::new(tmp.path().join("root"));
    let rules = paths.root().join(YARA_DIR);
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::create_dir_all(paths.incidents_dir()).unwrap();
    std::fs::set_permissions(&rules, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(rules.join("t.yar"), "rule Test_Marker { strings: $a = \"zq-marker-zq\" condition: $a }\n").unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(home.join("public_html")).unwrap();
    std::fs::write(home.join("public_html/a.php"), "<?php // zq-marker-zq\n").unwrap();
    std::fs::write(home.join("public_html/b.php"), "<?php // zq-marker-zq\n").unwrap();
    // Not recorded: never scanned here, even though it matches.
    std::fs::write(home.join("public_html/c.php"), "<?php // zq-marker-zq\n").unwrap();
    let hit = |p: &str| HostHit { path: p.into(), scanner: Scanner::Yara, signature: "Test_Marker".into() };
    let recorded = [hit("public_html/a.php"), hit("public_html/b.php"), hit("public_html/gone.php")];
    save_record(&paths, "u", &HostScan { hits: recorded.to_vec(), ..Default::default() }).unwrap();
    let paths_of = |h: &HostScan| {
        let mut v: Vec<String> = h.hits.iter().map(|h| h.path.clone()).collect();
        v.sort();
        v
    };
    let first = for_gate(&paths, "u", &home);
    assert_eq!(paths_of(&first), ["public_html/a.php", "public_html/b.php", "public_html/gone.php"]);
    assert_eq!(first.notes, Vec::<String>::new());
    std::fs::write(home.join("public_html/b.php"), "<?php // cleaned\n").unwrap();
    let again = refresh_record(&paths, "u", &home);
    assert_eq!(paths_of(&again), ["public_html/a.php", "public_html/gone.php"]);
    assert_eq!(open_findings(&home, &again.hits, &[]).len(), 1, "a gone file is remembered, not open");
    assert_eq!(load_record(&paths, "u").unwrap().unwrap().hits, again.hits);
    std::fs::remove_file(rules.join("t.yar")).unwrap();
    std::fs::write(home.join("public_html/a.php"), "<?php // cleaned too\n").unwrap();
    assert_eq!(paths_of(&for_gate(&paths, "u", &home)), ["public_html/a.php", "public_html/gone.php"]);
}
