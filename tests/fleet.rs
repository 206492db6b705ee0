//! The Ansible role installs the plugin with the same install.sh, idempotently, and reports
//! no change on a second run or in check mode (local connection, fake root).

use std::path::Path;
use std::process::Command;

use crate::harness::PLUGIN;

fn playbook(root: &Path, stage: &Path, extra: &[&str]) -> (bool, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("plugin/ansible");
    let out = Command::new("ansible-playbook")
        .current_dir(&dir)
        .args(["-i", "localhost,", "-c", "local", "site.yml"])
        .args(["-e", "ansible_become=false"])
        .arg("-e")
        .arg(format!("ansible_python_interpreter={}", python()))
        .arg("-e")
        .arg(format!("secure_reopen_root={}", root.display()))
        .arg("-e")
        .arg(format!("secure_reopen_stage={}", stage.display()))
        .arg("-e")
        .arg(format!("secure_reopen_binary={PLUGIN}"))
        .args(extra)
        .env("ANSIBLE_NOCOLOR", "1")
        .env("ANSIBLE_HOST_KEY_CHECKING", "False")
        .output()
        .expect("ansible-playbook is installed by ./scripts/test.sh");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// The Python that runs ansible itself (pip installed it there).
fn python() -> String {
    let out = Command::new("sh").args(["-c", "command -v python3"]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn changed(recap: &str) -> usize {
    recap
        .lines()
        .filter(|l| l.contains("ok=") && l.contains("changed="))
        .filter_map(|l| l.split("changed=").nth(1)?.split_whitespace().next()?.parse::<usize>().ok())
        .sum()
}

#[test]
fn the_ansible_role_installs_once_and_then_changes_nothing() {
    // SAFETY: geteuid has no preconditions.
    assert!(unsafe { libc::geteuid() } == 0, "install.sh needs root: run the tests as root");
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    crate::harness::fake_cpanel_tree(&root);
    let stage = tmp.path().join("stage");
    let (ok, out) = playbook(&root, &stage, &[]);
    assert!(ok, "{out}");
    assert!(root.join("usr/local/cpanel/base/frontend/jupiter/secure_reopen/index.live.cgi").exists(), "{out}");
    assert!(root.join("var/cpanel/secure_reopen/policy.json").exists());
    let (ok, out) = playbook(&root, &stage, &[]);
    assert!(ok, "{out}");
    assert_eq!(changed(&out), 0, "a second run changed something:\n{out}");
    let (ok, out) = playbook(&root, &stage, &["--check"]);
    assert!(ok, "{out}");
    assert_eq!(changed(&out), 0, "check mode reports a change:\n{out}");
}
