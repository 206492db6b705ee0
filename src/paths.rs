//! Every filesystem path the plugin uses, derived from one root.
//!
//! On a real server the root is `/`. Tests, the simulator and `install.sh --root` point it at a
//! fake root so that nothing outside a temporary directory is touched.

use std::path::{Path, PathBuf};

/// Environment variable that moves the root (tests and the simulator only).
pub const ROOT_ENV: &str = "SECURE_REOPEN_ROOT";

#[derive(Debug, Clone)]
pub struct Paths {
    root: PathBuf,
}

impl Paths {
    pub fn new(root: impl Into<PathBuf>) -> Paths {
        Paths { root: root.into() }
    }

    /// The root from `SECURE_REOPEN_ROOT`, or `/`.
    pub fn from_env() -> Paths {
        match std::env::var_os(ROOT_ENV) {
            Some(r) if !r.is_empty() => Paths::new(r),
            _ => Paths::new("/"),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn under(&self, abs: &str) -> PathBuf {
        self.root.join(abs.trim_start_matches('/'))
    }

    /// Root-owned data: incident records, policy, audit logs.
    pub fn data_dir(&self) -> PathBuf {
        self.under("/var/cpanel/secure_reopen")
    }

    pub fn incidents_dir(&self) -> PathBuf {
        self.data_dir().join("incidents")
    }

    pub fn incident_file(&self, user: &str) -> PathBuf {
        self.incidents_dir().join(format!("{user}.json"))
    }

    pub fn policy_file(&self) -> PathBuf {
        self.data_dir().join("policy.json")
    }

    pub fn audit_dir(&self) -> PathBuf {
        self.data_dir().join("audit")
    }

    /// Where the plugin's files live under the Jupiter theme.
    pub fn theme_plugin_dir(&self) -> PathBuf {
        self.under("/usr/local/cpanel/base/frontend/jupiter/secure_reopen")
    }

    /// cPanel's `uapi` command-line tool.
    pub fn uapi_bin(&self) -> PathBuf {
        self.under("/usr/local/cpanel/bin/uapi")
    }

    /// cPanel's `cpapi2` command-line tool (API 2).
    pub fn cpapi2_bin(&self) -> PathBuf {
        self.under("/usr/local/cpanel/bin/cpapi2")
    }

    /// EasyApache 4 per-user include directory (every virtual host of the user).
    pub fn apache_user_dir(&self, tls: bool, user: &str) -> PathBuf {
        let kind = if tls { "ssl" } else { "std" };
        self.under(&format!("/etc/apache2/conf.d/userdata/{kind}/2_4/{user}"))
    }
}

impl Paths {
    /// Root-side hold records (what was closed at release, to undo exactly).
    pub fn holds_dir(&self) -> PathBuf {
        self.data_dir().join("holds")
    }

    /// One of cPanel's scripts (`rebuildhttpdconf`, `restartsrv_httpd`…).
    pub fn cpanel_script(&self, name: &str) -> PathBuf {
        self.under("/usr/local/cpanel/scripts").join(name)
    }

    /// cPanel's FTP virtual users of one account (`login:hash:uid:gid:owner:home:shell`),
    /// read by the FTP server.
    pub fn ftp_passwd_file(&self, user: &str) -> PathBuf {
        self.under("/etc/proftpd").join(user)
    }

    /// cPanel's record of an account (`/var/cpanel/users/USER`): exists for every account.
    pub fn cpanel_user_file(&self, user: &str) -> PathBuf {
        self.under("/var/cpanel/users").join(user)
    }

    /// The host's own checklist texts and contact settings.
    pub fn config_file(&self) -> PathBuf {
        self.data_dir().join("config.json")
    }
}
