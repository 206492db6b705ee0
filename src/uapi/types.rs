//! Typed views of the UAPI answers the plugin reads. Fields cPanel may omit default, so an
//! older or newer cPanel does not break a page; a wrong shape is an error, never a guess.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{Call, UapiError};

pub fn decode<T: DeserializeOwned>(call: &Call, data: Value) -> Result<T, UapiError> {
    serde_json::from_value(data).map_err(|e| UapiError::Malformed { call: call.name(), detail: e.to_string() })
}

/// `DomainInfo::list_domains`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DomainList {
    #[serde(default)]
    pub main_domain: String,
    #[serde(default)]
    pub addon_domains: Vec<String>,
    #[serde(default)]
    pub sub_domains: Vec<String>,
    #[serde(default)]
    pub parked_domains: Vec<String>,
}

impl DomainList {
    pub fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.main_domain.as_str())
            .filter(|d| !d.is_empty())
            .chain(self.addon_domains.iter().map(String::as_str))
            .chain(self.sub_domains.iter().map(String::as_str))
    }
}

/// One item of `Email::list_pops`.
#[derive(Debug, Clone, Deserialize)]
pub struct Mailbox {
    pub email: String,
    #[serde(default)]
    pub login: Option<String>,
    #[serde(default)]
    pub suspended_login: Option<Value>,
    #[serde(default)]
    pub suspended_incoming: Option<Value>,
}

/// One item of `Ftp::list_ftp`.
#[derive(Debug, Clone, Deserialize)]
pub struct FtpAccount {
    pub user: String,
    #[serde(default, rename = "type")]
    pub kind: String,
}

impl FtpAccount {
    /// cPanel lists its own special entries (anonymous, log access) beside real accounts.
    pub fn is_special(&self) -> bool {
        matches!(self.kind.as_str(), "anonymous" | "logaccess")
    }
}

/// `Locale::get_attributes`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LocaleAttributes {
    #[serde(default)]
    pub locale: String,
}

/// cPanel's answer when a module's `%API` gate refuses the caller: the server lacks the role
/// (`Cpanel/Exception/System/RequiredRoleDisabled.pm`, as a user process sees it) or the
/// account's package lacks the feature (`Cpanel/Exception/FeatureNotEnabled.pm`,
/// `FeaturesNotEnabled.pm`; `Cpanel/Admin/Modules/Cpanel/restore.pm`). Such a refusal means
/// "this account has none of that service", never "could not check".
///
/// cPanel's answer carries no code, only its (localised) text: these are the English texts of
/// cPanel 11.120. In another cPanel locale a refusal is not recognised and shows as "could not
/// check" — the safe side.
pub fn is_unavailable(e: &UapiError) -> bool {
    e.cpanel_messages().iter().any(|m| {
        m == "This server does not support this functionality."
            || (m.starts_with("This functionality is not available because the ")
                && m.contains(" disabled on this server"))
            || (m.starts_with("You do not have the feature") && m.ends_with('.'))
            || m == "The File Restoration feature is disabled."
    })
}

/// A service cPanel may not offer, as the page names it.
pub fn unavailable_or<T>(r: Result<T, UapiError>, none: T) -> Result<T, UapiError> {
    match r {
        Err(e) if is_unavailable(&e) => Ok(none),
        other => other,
    }
}

/// API 2 functions that report their outcome inside `data` (`[{"status":0,"statusmsg":…}]`
/// while `event.result` is 1, e.g. `Cron::remove_line`), or answer an empty list when nothing
/// was done (`SSH::delkey`): `Ok(data)` only when the first record exists and has no
/// `status` 0.
pub fn api2_outcome(call: &Call, data: Value) -> Result<Value, UapiError> {
    let first = match &data {
        Value::Array(a) => a.first(),
        Value::Object(_) => Some(&data),
        _ => None,
    };
    let Some(first) = first else {
        return Err(UapiError::Cpanel {
            call: call.name(),
            errors: vec!["cPanel did nothing (an empty answer)".into()],
        });
    };
    let failed = match first.get("status") {
        Some(Value::Number(n)) => n.as_i64() == Some(0),
        Some(Value::String(s)) => s == "0" || s.is_empty(),
        Some(Value::Null) => true,
        _ => false,
    };
    if failed {
        let msg = first.get("statusmsg").and_then(Value::as_str).filter(|s| !s.is_empty());
        return Err(UapiError::Cpanel {
            call: call.name(),
            errors: vec![msg.unwrap_or("cPanel reported a failure without a message").to_owned()],
        });
    }
    Ok(data)
}

/// One record of `Restore::query_file_info`: a backup that holds the path.
#[derive(Debug, Clone, Deserialize)]
pub struct BackupOfPath {
    /// `2026-11-10` (daily), `weekly/2026-11-15`, `monthly/2026-11-01`.
    #[serde(rename = "backupID")]
    pub backup_id: String,
    /// `YYYY-MM-DD`: the day the backup was made (no time of day).
    #[serde(rename = "backupDate")]
    pub backup_date: String,
    /// Only for a file.
    #[serde(default, rename = "fileSize")]
    pub file_size: Option<u64>,
    #[serde(default, rename = "type")]
    pub kind: String,
}

/// One item of `Restore::directory_listing` (the union of every backup; no sizes).
#[derive(Debug, Clone, Deserialize)]
pub struct BackupDirItem {
    pub name: String,
    /// `file`, `dir`, `symlink`, or `mixed` when backups disagree.
    #[serde(default, rename = "type")]
    pub kind: String,
    /// Whether the name exists in the home directory now.
    #[serde(default)]
    pub exists: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(msg: &str) -> UapiError {
        UapiError::Cpanel { call: "X::y".into(), errors: vec![msg.into()] }
    }

    #[test]
    fn gate_refusals_mean_the_service_is_absent() {
        assert!(is_unavailable(&refused("This server does not support this functionality.")));
        assert!(is_unavailable(&refused("You do not have the feature “postgres”.")));
        assert!(!is_unavailable(&refused("The system could not connect to PostgreSQL.")));
        assert!(!is_unavailable(&UapiError::Timeout { call: "X::y".into(), seconds: 5 }));
    }

    #[test]
    fn api2_failure_inside_data_is_a_failure() {
        let c = Call::new("Cron", "remove_line");
        assert!(api2_outcome(&c, json!([{"status": 0, "statusmsg": "Cron job not found in the crontab."}])).is_err());
        assert!(api2_outcome(&c, json!([{"status": 1, "statusmsg": ""}])).is_ok());
        assert!(api2_outcome(&Call::new("SSH", "delkey"), json!([])).is_err());
        assert!(api2_outcome(&Call::new("SSH", "delkey"), json!([{"name": "k.pub"}])).is_ok());
    }
}
