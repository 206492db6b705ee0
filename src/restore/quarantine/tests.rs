use super::*;
use std::fs;

fn state() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let s = d.path().join(".secure_reopen");
    fs::create_dir_all(s.join("quarantine")).unwrap();
    (d, s)
}

#[test]
fn names_tell_the_date_and_the_folder() {
    let (t, f, p) = parse_name("20261125-183000-public_html-partial").unwrap();
    assert_eq!(t, time::macros::datetime!(2026-11-25 18:30:00 UTC));
    assert_eq!((f.as_str(), p), ("public_html", true));
    assert!(parse_name("notes").is_none());
    let (_, f, p) = parse_name("20261125-183000.2-public_html").unwrap();
    assert_eq!((f.as_str(), p), ("public_html", false));
    assert!(valid_name("files/1764095400"));
    for bad in ["", ".", "..", "a/b", "../x", "a\nb", "files", "files/../x", "files/"] {
        assert!(!valid_name(bad), "{bad:?}");
    }
}

#[test]
fn purge_removes_exactly_the_copy_named_and_never_follows_a_link() {
    let (d, s) = state();
    let q = root(&s);
    let outside = d.path().join("public_html");
    fs::create_dir_all(outside.join("keep")).unwrap();
    fs::write(outside.join("keep/index.php"), "site").unwrap();
    for name in ["20261101-000000-public_html", "20261120-000000-public_html"] {
        fs::create_dir_all(q.join(name).join("a/b")).unwrap();
        fs::write(q.join(name).join("a/b/f.php"), "x").unwrap();
        // Links inside a copy: to a folder and to a file outside the quarantine.
        std::os::unix::fs::symlink(&outside, q.join(name).join("a/dirlink")).unwrap();
        std::os::unix::fs::symlink(outside.join("keep/index.php"), q.join(name).join("filelink")).unwrap();
    }
    // A link in the quarantine's own folder is not a copy.
    std::os::unix::fs::symlink(&outside, q.join("20261121-000000-evil")).unwrap();
    let listed = list(&s).unwrap();
    assert_eq!(
        listed.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["20261101-000000-public_html", "20261120-000000-public_html"]
    );
    assert_eq!((listed[0].files, listed[0].bytes), (1, 1));
    assert!(matches!(purge(&s, "20261121-000000-evil"), Err(PurgeError::NoSuchCopy)));
    assert!(matches!(purge(&s, "../../public_html"), Err(PurgeError::BadName)));
    let gone = purge(&s, "20261101-000000-public_html").unwrap();
    assert_eq!(gone.folder, "public_html");
    assert!(!q.join("20261101-000000-public_html").exists());
    assert!(q.join("20261120-000000-public_html/a/b/f.php").exists(), "the other copy stays");
    assert_eq!(fs::read_to_string(outside.join("keep/index.php")).unwrap(), "site", "links are not followed");
    assert!(fs::symlink_metadata(q.join("20261121-000000-evil")).is_ok());
}

#[test]
fn files_the_sweep_removed_are_copies_too() {
    let (_d, s) = state();
    let f = root(&s).join("files/1764095400/public_html/wp-content/uploads");
    fs::create_dir_all(&f).unwrap();
    fs::write(f.join("cache-img.php"), "<?php eval($_POST['x']);").unwrap();
    let listed = list(&s).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "files/1764095400");
    assert_eq!(listed[0].folder, "public_html/wp-content/uploads/cache-img.php");
    assert_eq!(listed[0].made, time::macros::datetime!(2025-11-25 18:30 UTC));
    purge(&s, "files/1764095400").unwrap();
    assert!(root(&s).join("files").is_dir() && !root(&s).join("files/1764095400").exists());
}

#[test]
fn a_quarantine_that_is_a_link_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let s = d.path().join(".secure_reopen");
    fs::create_dir_all(&s).unwrap();
    let elsewhere = d.path().join("elsewhere");
    fs::create_dir_all(elsewhere.join("20261101-000000-x")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, s.join("quarantine")).unwrap();
    assert!(list(&s).is_err());
    assert!(purge(&s, "20261101-000000-x").is_err());
    assert!(elsewhere.join("20261101-000000-x").exists());
}

#[test]
fn older_than_keeps_the_newer_copies() {
    let (_d, s) = state();
    for name in ["20261001-000000-old", "20261120-000000-new"] {
        fs::create_dir_all(root(&s).join(name)).unwrap();
    }
    let (done, failed) = purge_older_than(&s, time::macros::datetime!(2026-11-01 00:00 UTC)).unwrap();
    assert!(failed.is_empty());
    assert_eq!(done.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["20261001-000000-old"]);
    assert!(root(&s).join("20261120-000000-new").exists());
}
