//! The customer side's way to root: UAPI calls to the plugin's own module `SecureReopen`
//! (`plugin/uapi/SecureReopen.pm`), which hands them to the AdminBin helper (`helper` mode of
//! this binary) with the caller's identity taken from cPanel, never from the request.
//! Going through UAPI means the same transport, batching and timeouts as every other call,
//! and the simulator can play cPanel's part faithfully.

use serde_json::{Map, Value};

use crate::uapi::Call;

pub const MODULE: &str = "SecureReopen";

names! {
    /// Every event the audit log records, by who may write it ([`Event::customer_may_report`]).
    pub enum Event {
        // Reported by the customer's session (relayed and checked by the helper).
        /// Older logs only: page views are no longer audited.
        PageView = "page_view",
        Attested = "attested",
        TokenKept = "token_kept",
        SshKeyKept = "ssh_key_kept",
        TokenRevoked = "token_revoked",
        SshKeyRemoved = "ssh_key_removed",
        ReopenAttempt = "reopen_attempt",
        RestoreDone = "restore_done",
        RestoreRolledBack = "restore_rolled_back",
        FindingRemoved = "finding_removed",
        FindingKept = "finding_kept",
        PasswordsChanged = "passwords_changed",
        WordpressHardened = "wordpress_hardened",
        QuarantinePurged = "quarantine_purged",
        WpUsersChanged = "wp_users_changed",
        // Written by the helper as root.
        AccountPasswordSet = "account_password_set",
        Reopen = "reopen",
        // Written by the admin CLI.
        IncidentOpened = "incident_opened",
        IncidentReleased = "incident_released",
        IncidentInvestigating = "incident_investigating",
        IncidentClosed = "incident_closed",
        IncidentScanned = "incident_scanned",
        ReopenForced = "reopen_forced",
        AccountPasswordReset = "account_password_reset",
    }
}

impl Event {
    /// Whether a customer's session may report this event; root's own events it may not.
    pub fn customer_may_report(self) -> bool {
        match self {
            Event::PageView
            | Event::Attested
            | Event::TokenKept
            | Event::SshKeyKept
            | Event::TokenRevoked
            | Event::SshKeyRemoved
            | Event::ReopenAttempt
            | Event::RestoreDone
            | Event::RestoreRolledBack
            | Event::FindingRemoved
            | Event::FindingKept
            | Event::PasswordsChanged
            | Event::WordpressHardened
            | Event::QuarantinePurged
            | Event::WpUsersChanged => true,
            Event::AccountPasswordSet
            | Event::Reopen
            | Event::IncidentOpened
            | Event::IncidentReleased
            | Event::IncidentInvestigating
            | Event::IncidentClosed
            | Event::IncidentScanned
            | Event::ReopenForced
            | Event::AccountPasswordReset => false,
        }
    }
}

names! {
    /// The actions of the plugin's UAPI module `SecureReopen`, each run by the helper as root.
    pub enum HelperAction {
        Audit = "audit",
        SetAccountPassword = "set_account_password",
        Reopen = "reopen",
    }
}

/// `SecureReopen::audit`: records one customer event (batched with the page's other calls).
pub fn audit_call(event: Event, result: &str, remote: &str, details: Map<String, Value>) -> Call {
    Call::new(MODULE, HelperAction::Audit.as_str())
        .arg("event", event.as_str())
        .arg("result", result)
        .arg("remote", remote)
        .arg("details", Value::Object(details).to_string())
}

/// `SecureReopen::reopen`: the helper re-runs every check itself and, if all pass, lifts the
/// holds. `release` is the release time the customer's page showed (a stale form is refused).
pub fn reopen_call(remote: &str, release: i64) -> Call {
    Call::new(MODULE, HelperAction::Reopen.as_str()).arg("remote", remote).arg("release", release.to_string())
}

/// Builds a details map from pairs of plain strings.
pub fn details(pairs: &[(&str, &str)]) -> Map<String, Value> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned()))).collect()
}

/// `SecureReopen::set_account_password`: root sets the customer's own cPanel password when they
/// do not have the current one (UAPI needs it). A secret call: body only, never logged.
pub fn set_account_password_call(remote: &str, password: &str) -> Call {
    Call::new(MODULE, HelperAction::SetAccountPassword.as_str())
        .arg("remote", remote)
        .arg("password", password)
        .secret()
}
