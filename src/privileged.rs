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

/// The events a customer's session may report. Anything else is refused by the helper.
pub const CUSTOMER_EVENTS: &[&str] = &[
    "page_view",
    "attested",
    "token_kept",
    "ssh_key_kept",
    "token_revoked",
    "ssh_key_removed",
    "reopen_attempt",
    "restore_done",
    "restore_rolled_back",
    "finding_removed",
    "finding_kept",
    "passwords_changed",
    "wordpress_hardened",
    "quarantine_purged",
    "wp_users_changed",
];

/// `SecureReopen::audit`: records one customer event (batched with the page's other calls).
pub fn audit_call(event: &str, result: &str, details: Map<String, Value>) -> Call {
    Call::new(MODULE, "audit")
        .arg("event", event)
        .arg("result", result)
        .arg("details", Value::Object(details).to_string())
}

/// `SecureReopen::reopen`: the helper re-runs every check itself and, if all pass, lifts the
/// holds. `release` is the release time the customer's page showed (a stale form is refused).
pub fn reopen_call(release: i64) -> Call {
    Call::new(MODULE, "reopen").arg("release", release.to_string())
}

/// `SecureReopen::preview`: lets the address the customer is logged in from (cpsrvd's, not a
/// parameter) see their website while it is held.
pub fn preview_call() -> Call {
    Call::new(MODULE, "preview")
}

/// Builds a details map from pairs of plain strings.
pub fn details(pairs: &[(&str, &str)]) -> Map<String, Value> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned()))).collect()
}

/// `SecureReopen::set_account_password`: root sets the customer's own cPanel password when they
/// do not have the current one (UAPI needs it). A secret call: body only, never logged.
pub fn set_account_password_call(password: &str) -> Call {
    Call::new(MODULE, "set_account_password").arg("password", password).secret()
}
