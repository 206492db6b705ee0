//! Everything the customer reads, one file per language. A field missing in one language is a
//! compile error, so no page can show a key or fall back silently.

mod en;
mod nb;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Nb,
}

impl Lang {
    /// From cPanel's locale tag (`en`, `nb`, `no`, `nn`, `nb_NO`…) or an Accept-Language header.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        let primary = t.split(['-', '_', ';', ',']).next().unwrap_or("");
        match primary {
            "nb" | "no" | "nn" => Some(Lang::Nb),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn from_accept_language(header: &str) -> Lang {
        header
            .split(',')
            .find_map(Lang::from_tag)
            .unwrap_or(Lang::En)
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nb => "nb",
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &en::TEXTS,
            Lang::Nb => &nb::TEXTS,
        }
    }
}

pub struct Texts {
    pub app_name: &'static str,
    pub skip_to_content: &'static str,
    pub back_to_cpanel: &'static str,
    // The calm page.
    pub no_incident_title: &'static str,
    pub no_incident_body: &'static str,
    pub tips_title: &'static str,
    pub tips: &'static [&'static str],
    // Incident summary.
    pub incident_title: &'static str,
    pub what_happened: &'static str,
    pub attack_time: &'static str,
    pub attack_time_unknown: &'static str,
    pub approximately: &'static str,
    pub vector: &'static str,
    pub vector_unknown: &'static str,
    pub removed_files: &'static str,
    pub technician_notes: &'static str,
    pub contact: &'static str,
    pub status_investigating: &'static str,
    pub status_awaiting: &'static str,
    pub status_reopened: &'static str,
    pub status_closed: &'static str,
    pub warning_title: &'static str,
    pub warning_body: &'static str,
    // Account overview.
    pub account_title: &'static str,
    pub domains: &'static str,
    pub mailboxes: &'static str,
    pub ftp_accounts: &'static str,
    pub cpanel_unavailable: &'static str,
    // Error pages.
    pub error_title: &'static str,
    pub error_try_again: &'static str,
    pub error_body_too_large: &'static str,
    pub error_bad_request: &'static str,
    pub error_method: &'static str,
    pub error_session: &'static str,
    pub error_csrf: &'static str,
    pub error_internal: &'static str,
    pub error_not_found: &'static str,
    pub error_record: &'static str,
}
