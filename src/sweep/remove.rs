//! Removing a finding the customer chose to remove: a file goes to the quarantine (a rename,
//! never a delete), a cron job, forwarder or filter is deleted through cPanel.

use std::path::Path;

use super::Subject;
use crate::uapi::{self, Call, Transport};

/// Removes what `subject` names; `home` and `state_dir` are the customer's. A failure says
/// whether the outcome is unknown (cPanel's answer was lost: it may have removed it) and why.
pub fn remove(t: &dyn Transport, home: &Path, state_dir: &Path, subject: &Subject) -> Result<(), (bool, String)> {
    let cpanel = |e: crate::uapi::UapiError| (e.outcome_unknown(), e.to_string());
    match subject {
        Subject::File { path } => quarantine_file(home, state_dir, path).map_err(|e| (false, e)),
        Subject::Cron { linekey, .. } => {
            let c = super::account::remove_cron_call(linekey);
            uapi::call_api2(t, &c).and_then(|d| crate::uapi::types::api2_outcome(&c, d)).map(|_| ()).map_err(cpanel)
        }
        Subject::Forwarder { address, to } => uapi::call(
            t,
            &Call::new("Email", "delete_forwarder").arg("address", address.as_str()).arg("forwarder", to.as_str()),
        )
        .map(|_| ())
        .map_err(cpanel),
        Subject::Filter { account, name } => uapi::call(
            t,
            &Call::new("Email", "delete_filter").arg("account", account.as_str()).arg("filtername", name.as_str()),
        )
        .map(|_| ())
        .map_err(cpanel),
    }
}

/// Moves a file into `~/.secure_reopen/quarantine/files/<time>/<path>` (same file system: a
/// rename, never a copy and delete).
fn quarantine_file(home: &Path, state_dir: &Path, rel: &str) -> Result<(), String> {
    let p = Path::new(rel);
    if p.is_absolute() || p.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
        return Err(format!("{rel:?} is not inside the home directory"));
    }
    let from = home.join(p);
    std::fs::symlink_metadata(&from).map_err(|e| format!("{rel}: {e}"))?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let to = state_dir.join("quarantine/files").join(now.to_string()).join(p);
    std::fs::create_dir_all(to.parent().expect("has parent")).map_err(|e| e.to_string())?;
    let _ = std::fs::set_permissions(state_dir.join("quarantine"), std::os::unix::fs::PermissionsExt::from_mode(0o700));
    std::fs::rename(&from, &to).map_err(|e| format!("cannot move {rel} to the quarantine: {e}"))
}
