use super::*;

#[test]
fn only_the_last_marked_line_counts_and_fields_are_strict() {
    let ok = b"junk from a plugin\nSECURE_REOPEN_RESULT {\"ok\":true,\"users\":[]}\n";
    assert!(parse(ok).unwrap().ok);
    assert!(matches!(parse(b"<html>fatal</html>"), Err(RunError::NoAnswer(_))));
    let extra = b"\nSECURE_REOPEN_RESULT {\"ok\":true,\"users\":[],\"surprise\":1}\n";
    assert!(matches!(parse(extra), Err(RunError::Malformed(_))));
    let bad_hash = br#"
SECURE_REOPEN_RESULT {"ok":true,"users":[{"id":1,"login":"a","email":"","roles":[],"admin":true,"upload":true,"registered":null,"last_login":null,"sessions":0,"hash":"x"}]}
"#;
    assert!(matches!(parse(bad_hash), Err(RunError::Malformed(_))));
}

#[test]
fn an_install_outside_home_is_refused() {
    let home = tempfile::tempdir().unwrap();
    assert!(matches!(install_dir(home.path(), "../etc", "wp-config.php"), Err(RunError::Outside(_))));
    assert!(matches!(install_dir(home.path(), "missing", "wp-config.php"), Err(RunError::Outside(_))));
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("wp-config.php"), "<?php").unwrap();
    std::os::unix::fs::symlink(other.path(), home.path().join("link")).unwrap();
    assert!(matches!(install_dir(home.path(), "link", "wp-config.php"), Err(RunError::Outside(_))));
}
