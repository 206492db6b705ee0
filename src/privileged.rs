//! The customer side's way to root: UAPI calls to the plugin's own module `SecureReopen`
//! (`plugin/uapi/SecureReopen.pm`), which hands them to the AdminBin helper (`helper` mode of
//! this binary) with the caller's identity taken from cPanel, never from the request.
//! Going through UAPI means the same transport, batching and timeouts as every other call,
//! and the simulator can play cPanel's part faithfully.
//!
//! No call carries the customer's address: the module runs inside cpsrvd and takes it from
//! the `REMOTE_ADDR` cpsrvd set for the connection, so a caller cannot choose what the audit
//! log says about where a request came from (a `remote` parameter is ignored).

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
        FindingUnkept = "finding_unkept",
        TokenUnkept = "token_unkept",
        SshKeyUnkept = "ssh_key_unkept",
        PasswordsChanged = "passwords_changed",
        WordpressHardened = "wordpress_hardened",
        QuarantinePurged = "quarantine_purged",
        WpUsersChanged = "wp_users_changed",
        // Written by the helper as root.
        AccountPasswordSet = "account_password_set",
        Reopen = "reopen",
        PreviewAllowed = "preview_allowed",
        // Written by the admin CLI.
        IncidentOpened = "incident_opened",
        IncidentReleased = "incident_released",
        IncidentInvestigating = "incident_investigating",
        IncidentClosed = "incident_closed",
        IncidentScanned = "incident_scanned",
        IncidentEdited = "incident_edited",
        ReopenForced = "reopen_forced",
        AccountPasswordReset = "account_password_reset",
        // Written by whoever places or lifts the holds (admin CLI or helper), before the change:
        // the ledger a lost hold record is rebuilt from.
        MailLoginsSuspended = "mail_logins_suspended",
        MailLoginsUnsuspended = "mail_logins_unsuspended",
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
            | Event::FindingUnkept
            | Event::TokenUnkept
            | Event::SshKeyUnkept
            | Event::PasswordsChanged
            | Event::WordpressHardened
            | Event::QuarantinePurged
            | Event::WpUsersChanged => true,
            Event::AccountPasswordSet
            | Event::Reopen
            | Event::PreviewAllowed
            | Event::IncidentOpened
            | Event::IncidentReleased
            | Event::IncidentInvestigating
            | Event::IncidentClosed
            | Event::IncidentScanned
            | Event::IncidentEdited
            | Event::ReopenForced
            | Event::AccountPasswordReset
            | Event::MailLoginsSuspended
            | Event::MailLoginsUnsuspended => false,
        }
    }
}

names! {
    /// The actions of the plugin's UAPI module `SecureReopen`, each run by the helper as root.
    pub enum HelperAction {
        Audit = "audit",
        SetAccountPassword = "set_account_password",
        Reopen = "reopen",
        Preview = "preview",
    }
}

names! {
    /// Why root refused: the first word of the helper's error (`code: detail`), so the page
    /// words it in the customer's language ([`crate::i18n::Texts::refusal`]) and the English
    /// detail stays in logs.
    pub enum RefusalCode {
        /// The helper is not running as root (an installation problem).
        NotRoot = "not_root",
        /// Malformed or unexpected input (never from the plugin's own page).
        BadRequest = "bad_request",
        /// An attestation of something that is not one, or a kept item without a reason.
        NotAllowed = "not_allowed",
        RateLimited = "rate_limited",
        /// Root could not write its record (audit log, incident record).
        RecordFailed = "record_failed",
        NoCase = "no_case",
        AlreadyReopened = "already_reopened",
        Investigating = "investigating",
        /// The page showed an older state of the case.
        StalePage = "stale_page",
        /// Required steps are not done.
        StepsMissing = "steps_missing",
        /// Root has no record of the release to check against.
        NoReleaseRecord = "no_release_record",
        /// Root could not check (a record unreadable, cPanel not answering, a damaged log).
        CannotCheck = "cannot_check",
        /// Every check passed but the holds could not be lifted.
        HoldsNotLifted = "holds_not_lifted",
        /// The cPanel password can be set through root only while the case awaits the customer.
        NotAwaiting = "not_awaiting",
        WeakPassword = "weak_password",
        /// The current cPanel password is missing, wrong or could not be checked.
        CurrentPassword = "current_password",
        /// cPanel did not set the password.
        PasswordNotSet = "password_not_set",
    }
}

impl RefusalCode {
    /// The code of a refusal the helper relayed through cPanel (`errors` of the UAPI answer).
    pub fn of(errors: &[String]) -> Option<RefusalCode> {
        errors.first().and_then(|e| e.split_once(": ")).and_then(|(code, _)| RefusalCode::parse(code))
    }
}

/// The detail of a [`RefusalCode::StepsMissing`] refusal (JSON): what root found not done, so
/// the page can name what it cannot see itself (a site config that cannot log in to its
/// database, which only root tries).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StepsMissing {
    /// The blocking items, as root names them in its log.
    pub not_done: Vec<String>,
    /// (config file, database user) pairs that cannot log in.
    pub db_login_fails: Vec<(String, String)>,
}

impl StepsMissing {
    /// The facts of a relayed `steps_missing` refusal, if that is what `errors` holds.
    pub fn of(errors: &[String]) -> Option<StepsMissing> {
        let detail = errors.first()?.strip_prefix("steps_missing: ")?;
        serde_json::from_str(detail).ok()
    }
}

/// `SecureReopen::audit`: records one customer event (batched with the page's other calls).
pub fn audit_call(event: Event, result: &str, details: Map<String, Value>) -> Call {
    Call::new(MODULE, HelperAction::Audit.as_str())
        .arg("event", event.as_str())
        .arg("result", result)
        .arg("details", Value::Object(details).to_string())
}

/// `SecureReopen::reopen`: the helper re-runs every check itself and, if all pass, lifts the
/// holds. `release` is the release time the customer's page showed (a stale form is refused).
pub fn reopen_call(release: i64) -> Call {
    Call::new(MODULE, HelperAction::Reopen.as_str()).arg("release", release.to_string())
}

/// `SecureReopen::preview`: lets the address the customer is logged in from (cpsrvd's, not a
/// parameter) see their website while it is held.
pub fn preview_call() -> Call {
    Call::new(MODULE, HelperAction::Preview.as_str())
}

/// Builds a details map from pairs of plain strings.
pub fn details(pairs: &[(&str, &str)]) -> Map<String, Value> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned()))).collect()
}
