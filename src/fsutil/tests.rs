use super::*;

#[test]
fn a_folder_swapped_for_a_symlink_during_the_walk_is_not_entered() {
    let home = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret"), "x").unwrap();
    fs::create_dir_all(home.path().join("www/a")).unwrap();
    fs::write(home.path().join("www/a/file"), "y").unwrap();
    let mut seen = Vec::new();
    let end = walk(home.path(), Path::new("www"), 100, |e| {
        seen.push(e.rel.to_path_buf());
        if e.rel == Path::new("www/a") {
            // The attacker's move, between the check and the use.
            fs::rename(home.path().join("www/a"), home.path().join("www/a.old")).unwrap();
            std::os::unix::fs::symlink(outside.path(), home.path().join("www/a")).unwrap();
        }
        true
    })
    .unwrap();
    assert!(!seen.iter().any(|p| p.ends_with("secret")), "{seen:?}");
    assert_eq!(end.unreadable, ["www/a: became a symbolic link during the check"]);
    // The start itself may not be a symlink either.
    std::os::unix::fs::symlink(outside.path(), home.path().join("link")).unwrap();
    assert!(walk(home.path(), Path::new("link"), 100, |_| true).is_err());
}

#[test]
fn a_fifo_is_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let c = std::ffi::CString::new(dir.path().join("f").as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let err = read_user_file(dir.path(), Path::new("f"), 100).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
}
