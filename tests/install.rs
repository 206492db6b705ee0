//! `install.sh` in a fake root: install, re-install (changes nothing), upgrade (keeps data),
//! dry run (changes nothing), uninstall (keeps records) and purge, with the modes cPanel needs.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::PLUGIN;

struct FakeRoot {
    dir: tempfile::TempDir,
}

impl FakeRoot {
    fn new() -> FakeRoot {
        let dir = tempfile::tempdir().unwrap();
        crate::harness::fake_cpanel_tree(dir.path());
        FakeRoot { dir }
    }

    fn p(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn run(&self, args: &[&str]) -> (i32, String) {
        self.run_with(PLUGIN, args)
    }

    fn run_with(&self, binary: &str, args: &[&str]) -> (i32, String) {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("install.sh");
        let out = Command::new("sh")
            .arg(script)
            .arg("--root")
            .arg(self.dir.path())
            .args(["--binary", binary])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
        )
    }

    fn mode(&self, rel: &str) -> u32 {
        std::fs::metadata(self.p(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")).permissions().mode() & 0o7777
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.p("scripts.log")).unwrap_or_default()
    }
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

#[test]
fn install_lays_out_the_plugin_with_cpanels_modes_and_a_second_run_changes_nothing() {
    assert!(is_root(), "install.sh installs root-owned files: run the tests as root (./scripts/test.sh in CI)");
    let r = FakeRoot::new();
    let (code, out) = r.run(&[]);
    assert_eq!(code, 0, "{out}");
    for (rel, mode) in [
        ("usr/local/cpanel/3rdparty/secure-reopen/secure-reopen", 0o755),
        ("usr/local/cpanel/base/frontend/jupiter/secure_reopen/index.live.cgi", 0o755),
        ("usr/local/cpanel/Cpanel/API/SecureReopen.pm", 0o644),
        ("usr/local/cpanel/whostmgr/docroot/cgi/secure_reopen/index.cgi", 0o700),
        ("usr/local/cpanel/whostmgr/docroot/addon_plugins/secure_reopen.png", 0o644),
        ("var/cpanel/perl/Cpanel/Admin/Modules/SecureReopen/Helper.pm", 0o644),
        ("var/cpanel/secure_reopen", 0o711),
        ("var/cpanel/secure_reopen/incidents", 0o711),
        ("var/cpanel/secure_reopen/audit", 0o700),
        ("var/cpanel/secure_reopen/holds", 0o700),
        ("var/cpanel/secure_reopen/policy.json", 0o644),
        ("var/cpanel/secure_reopen/whm.token", 0o600),
        ("usr/local/cpanel/3rdparty/secure-reopen/registration/install.json", 0o644),
    ] {
        assert_eq!(r.mode(rel), mode, "{rel}");
        assert_eq!(std::fs::metadata(r.p(rel)).unwrap().uid(), 0, "{rel} is root's");
    }
    assert_eq!(
        std::fs::read_link(r.p("usr/local/sbin/secure-reopen")).unwrap(),
        Path::new("/usr/local/cpanel/3rdparty/secure-reopen/secure-reopen")
    );
    assert!(r.log().contains("install_plugin") && r.log().contains("--theme=jupiter"), "{}", r.log());
    let conf = r.p("usr/local/cpanel/3rdparty/secure-reopen/registration/secure_reopen.conf");
    assert!(
        r.log().contains(&format!("register_appconfig {}", conf.display())),
        "the WHM page is registered with AppConfig: {}",
        r.log()
    );
    let conf_text = std::fs::read_to_string(&conf).unwrap();
    assert!(conf_text.contains("\nacls=all\n") && conf_text.contains("\nservice=whostmgr\n"), "{conf_text}");

    // The WHM API token: created by whmapi1 with only the `passwd` ACL, from loopback only, and
    // taken from its output (the token is on no command line).
    let whm_log = std::fs::read_to_string(r.p("whmapi1.log")).unwrap();
    assert!(
        whm_log.contains("api_token_create token_name=secure_reopen acl-1=passwd whitelist_ip=127.0.0.1"),
        "{whm_log}"
    );
    assert!(!whm_log.contains("FAKETOKEN"));
    assert_eq!(
        std::fs::read_to_string(r.p("var/cpanel/secure_reopen/whm.token")).unwrap(),
        "FAKETOKEN0123456789ABCDEFGHIJKLM"
    );

    let (code, out) = r.run(&[]);
    assert_eq!(code, 0);
    assert!(out.contains("nothing changed"), "{out}");
    assert_eq!(r.log().lines().count(), 2, "install_plugin or register_appconfig ran again: {}", r.log());
    assert_eq!(std::fs::read_to_string(r.p("whmapi1.log")).unwrap(), whm_log, "the token is kept on a re-install");
}

#[test]
fn an_upgrade_keeps_the_hosts_policy_and_incident_records() {
    assert!(is_root(), "run the tests as root");
    let r = FakeRoot::new();
    assert_eq!(r.run(&[]).0, 0);
    std::fs::write(r.p("var/cpanel/secure_reopen/policy.json"), "{\"php_minimum\":\"8.3\"}").unwrap();
    std::fs::write(r.p("var/cpanel/secure_reopen/incidents/demo.json"), "{}").unwrap();
    let newer = r.p("newer-secure-reopen");
    std::fs::copy(PLUGIN, &newer).unwrap();
    let mut bytes = std::fs::read(&newer).unwrap();
    bytes.extend_from_slice(b"\0upgrade");
    std::fs::write(&newer, &bytes).unwrap();
    std::fs::set_permissions(&newer, std::fs::Permissions::from_mode(0o755)).unwrap();
    // An install from before LiveAPI left a plain index.cgi, which cpsrvd would offer for download.
    let old_page = r.p("usr/local/cpanel/base/frontend/jupiter/secure_reopen/index.cgi");
    std::fs::write(&old_page, "old").unwrap();
    let (code, out) = r.run_with(newer.to_str().unwrap(), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(!old_page.exists(), "the old page type is removed on upgrade: {out}");
    assert_eq!(std::fs::read(r.p("usr/local/cpanel/3rdparty/secure-reopen/secure-reopen")).unwrap(), bytes);
    assert_eq!(
        std::fs::read_to_string(r.p("var/cpanel/secure_reopen/policy.json")).unwrap(),
        "{\"php_minimum\":\"8.3\"}"
    );
    assert!(r.p("var/cpanel/secure_reopen/incidents/demo.json").exists());
}

#[test]
fn a_dry_run_changes_nothing() {
    assert!(is_root(), "run the tests as root");
    let r = FakeRoot::new();
    let (code, out) = r.run(&["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("would install") && out.contains("would run:"), "{out}");
    assert!(!r.p("usr/local/cpanel/3rdparty").exists());
    assert!(!r.p("var/cpanel").exists());
    assert!(r.log().is_empty());
}

#[test]
fn uninstall_keeps_records_and_purge_removes_them() {
    assert!(is_root(), "run the tests as root");
    let r = FakeRoot::new();
    assert_eq!(r.run(&[]).0, 0);
    std::fs::write(r.p("var/cpanel/secure_reopen/audit/demo.log"), "{}\n").unwrap();
    let (code, out) = r.run(&["--uninstall"]);
    assert_eq!(code, 0, "{out}");
    assert!(r.log().contains("uninstall_plugin"));
    assert!(r.log().contains("unregister_appconfig secure_reopen"), "{}", r.log());
    // One revoke before the install's create (a token of a lost file), one at the uninstall.
    let whm_log = std::fs::read_to_string(r.p("whmapi1.log")).unwrap();
    assert_eq!(whm_log.matches("api_token_revoke token_name=secure_reopen").count(), 2, "{whm_log}");
    assert!(!r.p("var/cpanel/secure_reopen/whm.token").exists(), "the revoked token's file is gone");
    for gone in [
        "usr/local/cpanel/whostmgr/docroot/cgi/secure_reopen",
        "usr/local/cpanel/whostmgr/docroot/addon_plugins/secure_reopen.png",
        "usr/local/cpanel/3rdparty/secure-reopen",
        "usr/local/cpanel/base/frontend/jupiter/secure_reopen",
        "usr/local/cpanel/Cpanel/API/SecureReopen.pm",
        "usr/local/sbin/secure-reopen",
    ] {
        assert!(!r.p(gone).exists() && !r.p(gone).is_symlink(), "{gone} remains");
    }
    assert!(r.p("var/cpanel/secure_reopen/audit/demo.log").exists());
    let (code, out) = r.run(&["--uninstall", "--purge"]);
    assert_eq!(code, 0, "{out}");
    assert!(!r.p("var/cpanel/secure_reopen").exists());
}

#[test]
fn install_refuses_without_cpanel_or_without_root_and_says_why() {
    assert!(is_root(), "run the tests as root");
    let r = FakeRoot::new();
    std::fs::remove_file(r.p("usr/local/cpanel/version")).unwrap();
    let (code, out) = r.run(&[]);
    assert_eq!(code, 1);
    assert!(out.contains("cPanel & WHM is not installed"), "{out}");
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "sh"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("install.sh"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("run me as root"));
    let (code, out) = r.run(&["--bogus"]);
    assert_eq!(code, 2, "{out}");
}

#[test]
fn the_install_script_is_shellcheck_clean() {
    let out = Command::new("shellcheck")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["install.sh", "scripts/test.sh", "scripts/demo.sh", "scripts/bench-sweep.sh", ".ci/run"])
        .output()
        .expect("shellcheck is installed by ./scripts/test.sh");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}
