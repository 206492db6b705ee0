use super::*;

#[test]
fn lock_marks_are_not_a_change() {
    assert_eq!(normalise("*LOCKED*!$6$abc"), "$6$abc");
    assert_eq!(normalise("!!$6$abc"), "$6$abc");
    assert_eq!(normalise("$6$abc"), "$6$abc");
}

#[test]
fn a_symlinked_mail_shadow_is_could_not_check_not_empty() {
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("home/u1");
    std::fs::create_dir_all(home.join("etc/x.example")).unwrap();
    std::fs::create_dir_all(root.path().join("etc")).unwrap();
    std::fs::write(root.path().join("etc/shadow"), "u1:$6$a:1:0:99999:7:::\n").unwrap();
    std::os::unix::fs::symlink("/etc/hostname", home.join("etc/x.example/shadow")).unwrap();
    let user = UserName::parse("u1").unwrap();
    let err = read_all(&Paths::new(root.path()), &user, &home, &["x.example".into()]).unwrap_err();
    assert!(err.contains("could not check"), "{err}");
}
