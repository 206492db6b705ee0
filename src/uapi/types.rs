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
