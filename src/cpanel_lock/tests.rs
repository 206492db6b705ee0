use super::*;
use std::os::fd::AsFd;

fn folder() -> (tempfile::TempDir, std::fs::File) {
    let d = tempfile::tempdir().unwrap();
    let f = std::fs::File::open(d.path()).unwrap();
    (d, f)
}

#[test]
fn a_lock_is_cpanels_file_with_our_pid_and_is_removed_when_released() {
    let (d, f) = folder();
    let held = lock(f.as_fd(), OsStr::new("demo"), Patience::ThenRefuse(Duration::ZERO)).unwrap().unwrap();
    let text = std::fs::read_to_string(d.path().join("demo.lock")).unwrap();
    assert_eq!(text, format!("{}\n{NAME}\n", std::process::id()));
    drop(held);
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0, "lock and temporary file gone");
}

#[test]
fn a_live_lock_is_waited_for_and_a_dead_ones_is_replaced() {
    let (d, f) = folder();
    // Held by a live process (this one, as cPanel's): refused after the wait.
    std::fs::write(d.path().join("demo.lock"), format!("{}\nftpupdate\n", std::process::id())).unwrap();
    let e = lock(f.as_fd(), OsStr::new("demo"), Patience::ThenRefuse(Duration::ZERO)).unwrap_err();
    assert!(e.to_string().contains(&format!("process {} (ftpupdate)", std::process::id())), "{e}");
    assert!(lock(f.as_fd(), OsStr::new("demo"), Patience::ThenGoOn(Duration::ZERO)).unwrap().is_none());
    // Its process is gone: the lock is stale and taken over.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    std::fs::write(d.path().join("demo.lock"), format!("{dead}\nftpupdate\n")).unwrap();
    let held = lock(f.as_fd(), OsStr::new("demo"), Patience::ThenRefuse(Duration::ZERO)).unwrap().unwrap();
    assert!(std::fs::read_to_string(d.path().join("demo.lock")).unwrap().contains(NAME));
    drop(held);
    assert!(!d.path().join("demo.lock").exists());
}

#[test]
fn a_lock_that_is_a_link_or_a_fifo_is_never_followed_or_waited_on() {
    let (d, f) = folder();
    std::fs::write(d.path().join("target"), "1\n").unwrap();
    std::os::unix::fs::symlink(d.path().join("target"), d.path().join("a.lock")).unwrap();
    let c = CString::new(d.path().join("b.lock").as_os_str().as_bytes()).unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for name in ["a", "b"] {
        assert!(matches!(
            lock(f.as_fd(), OsStr::new(name), Patience::ThenRefuse(Duration::from_secs(5))),
            Err(LockError::Busy { pid: None, .. })
        ));
        assert!(lock(f.as_fd(), OsStr::new(name), Patience::ThenGoOn(Duration::from_secs(5))).unwrap().is_none());
    }
    assert_eq!(std::fs::read_to_string(d.path().join("target")).unwrap(), "1\n");
}
