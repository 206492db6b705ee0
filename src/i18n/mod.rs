//! Everything the customer reads, one file per language. A field missing in one language is a
//! compile error, so no page can show a key or fall back silently.

use crate::checklist::ItemId;

mod en;
mod nb;
pub mod when;

/// What the release e-mail tells the customer about their case (the runbook promises the time,
/// the way in and the removed files).
pub struct ReleaseFacts<'a> {
    pub user: &'a str,
    /// The attack time, already written for people (with its zone), or `None` when unknown.
    pub attack_time: Option<String>,
    pub approximate: bool,
    pub vector: Option<&'a str>,
    pub removed_files: &'a [String],
}

/// How many removed files an e-mail lists before it says "and N more".
pub const MAIL_FILES_SHOWN: usize = 20;

/// The list of removed files for an e-mail, one per line, cut after [`MAIL_FILES_SHOWN`].
pub fn mail_file_list(files: &[String], more: fn(usize) -> String) -> String {
    let mut out: String = files.iter().take(MAIL_FILES_SHOWN).map(|f| format!("  - {f}\n")).collect();
    if files.len() > MAIL_FILES_SHOWN {
        out.push_str(&format!("  {}\n", more(files.len() - MAIL_FILES_SHOWN)));
    }
    out
}

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
        header.split(',').find_map(Lang::from_tag).unwrap_or(Lang::En)
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
    /// The language these texts are in (for dates and numbers written by `when`).
    pub lang: Lang,
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
    /// The account's package does not include this tool (Feature Manager).
    pub feature_off: &'static str,
    pub error_record: &'static str,
    /// The label of an error page's links onward.
    pub error_ways_label: &'static str,
    pub error_to_start: &'static str,
    /// Introduces a technical message kept in English.
    pub english_detail: &'static str,
    // The checklist.
    pub checklist_title: &'static str,
    pub progress: fn(done: usize, total: usize) -> String,
    /// The folded list of steps that are done or not needed.
    pub done_items: fn(n: usize) -> String,
    pub required: &'static str,
    pub recommended: &'static str,
    pub state_done: &'static str,
    pub state_not_needed: &'static str,
    pub state_not_done: &'static str,
    pub why_label: &'static str,
    pub items: ItemTexts,
    pub reason: fn(&crate::checklist::Reason) -> String,
    pub confirm_button: &'static str,
    pub keep_label: &'static str,
    pub keep_reason_label: &'static str,
    pub keep_button: &'static str,
    pub revoke_button: &'static str,
    pub remove_key_button: &'static str,
    pub key_fingerprint: &'static str,
    pub key_comment: &'static str,
    pub key_date: &'static str,
    pub reopen_title: &'static str,
    pub reopen_ready: &'static str,
    pub reopen_missing: &'static str,
    pub reopen_button: &'static str,
    pub reopened_notice: &'static str,
    pub reopen_refused: &'static str,
    /// The reopen was refused without a list of steps (root gave none).
    pub reopen_not_done: &'static str,
    /// Why root refused a reopen, by the helper's code (`None`: a refusal without one).
    pub refusal: fn(Option<crate::privileged::RefusalCode>) -> &'static str,
    /// A step root named that this page does not know (an extra attestation removed since).
    pub step_of_host: &'static str,
    pub notice_saved: &'static str,
    pub error_keep_reason: &'static str,
    pub error_unknown_item: &'static str,
    pub error_cpanel_action: &'static str,
    /// A wp-config.php could not be hardened: which one, and the ones already hardened.
    pub error_harden: fn(file: &str, done: &[String]) -> String,
    pub error_stale: &'static str,
    pub passwords: PasswordTexts,
    pub restore: RestoreTexts,
    pub sweep: SweepTexts,
    pub open_step: &'static str,
    pub open_two_factor: &'static str,
    pub open_multiphp: &'static str,
    pub open_guide: &'static str,
    pub harden_button: &'static str,
    pub back_to_checklist: &'static str,
    // E-mail to the customer when the host releases the account.
    pub mail_release_subject: &'static str,
    pub mail_release_body: fn(facts: &ReleaseFacts<'_>) -> String,
    pub wp_users: WpUsersTexts,
    // Faults (`pages/once.rs`, lost answers, the audit log).
    pub already_done: &'static str,
    pub already_done_continue: &'static str,
    pub error_cpanel_unsure: &'static str,
    pub reopen_unsure: &'static str,
    pub error_audit: &'static str,
    pub record_damaged: &'static str,
    pub audit_pending: &'static str,
    // The saved check of the website folders: when it ran, and the button to run it again.
    pub files_checked: fn(at: &str) -> String,
    pub files_check_again: &'static str,
    pub files_check_damaged: &'static str,
}

/// The WordPress users step (`pages/wpusers.rs`).
pub struct WpUsersTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub no_sites: &'static str,
    pub site: &'static str,
    pub version: &'static str,
    pub read_error: &'static str,
    pub details: &'static str,
    pub nobody: &'static str,
    pub col_role: &'static str,
    pub col_registered: &'static str,
    pub col_last_login: &'static str,
    pub col_status: &'static str,
    pub admin: &'static str,
    pub uploader: &'static str,
    pub created_after_attack: &'static str,
    pub unknown: &'static str,
    pub status_changed: &'static str,
    pub status_old: &'static str,
    pub status_failed: &'static str,
    pub plan_button: &'static str,
    pub sheet_title: &'static str,
    pub sheet_intro: &'static str,
    pub saved_label: &'static str,
    pub apply_button: &'static str,
    pub must_confirm: &'static str,
    pub tampered: &'static str,
    pub results: fn(done: usize, failed: usize) -> String,
    pub software_title: &'static str,
    pub plugins: &'static str,
    pub themes: &'static str,
    pub active: &'static str,
    pub inactive: &'static str,
    pub named_in_note: &'static str,
    /// Before the newer version WordPress offers: "update available:".
    pub update_available: &'static str,
    pub method_note: &'static str,
    pub others_title: &'static str,
    pub others_intro: &'static str,
    pub joomla_site: &'static str,
    pub drupal_site: &'static str,
    pub others_read_error: &'static str,
    pub no_admins: &'static str,
    pub super_user: &'static str,
    pub blocked: &'static str,
    pub joomla_steps: &'static [&'static str],
    pub drupal_steps: &'static [&'static str],
    pub stale_sheet: &'static str,
    pub email: &'static str,
}

pub struct PasswordTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub new_plan_button: &'static str,
    pub plan_title: &'static str,
    pub plan_intro: &'static str,
    pub col_what: &'static str,
    pub col_login: &'static str,
    pub col_password: &'static str,
    pub kind: fn(crate::passwords::plan::Kind) -> &'static str,
    pub download_text: &'static str,
    pub download_csv: &'static str,
    pub print: &'static str,
    pub own_label: &'static str,
    pub own_button: &'static str,
    pub saved_label: &'static str,
    pub current_cpanel_label: &'static str,
    pub apply_button: &'static str,
    pub must_confirm: &'static str,
    pub tampered: &'static str,
    pub no_plan: &'static str,
    pub results_title: &'static str,
    pub results: fn(done: usize, failed: usize, pending: usize) -> String,
    pub failed_label: &'static str,
    pub retry_intro: &'static str,
    pub retry_label: &'static str,
    pub retry_button: &'static str,
    pub own_too_short: fn(min: usize) -> String,
    pub own_guessable: &'static str,
    pub own_same: &'static str,
    pub own_bad_chars: &'static str,
    pub own_cpanel_rule: fn(need: u64) -> String,
    pub configs_updated: &'static str,
    pub wordpress_manual: &'static str,
    /// The cPanel password goes last and logs the customer out (plan page and confirm step).
    pub cpanel_last_notice: &'static str,
    pub confirm_logout: &'static str,
    pub current_cpanel_help: &'static str,
    pub col_own: &'static str,
    pub own_all_button: &'static str,
    pub own_refused_row: fn(login: &str, why: &str) -> String,
    pub unknown_label: &'static str,
    pub unknown_explain: &'static str,
    pub results_unknown: fn(unknown: usize) -> String,
    pub done_label: &'static str,
    pub refused_inventory: fn(missing: &str) -> String,
    pub refused_wrong_current: &'static str,
    pub refused_cannot_check: &'static str,
    pub refused_disk: fn(need_kib: u64, free_kib: u64) -> String,
    pub refused_record: &'static str,
    pub stopped: &'static str,
    pub damaged_record: fn(path: &str) -> String,
    pub sheet_elsewhere: &'static str,
    pub new_sheet_button: &'static str,
    pub replaced_notice: fn(when: &str) -> String,
    pub kept_earlier: fn(n: usize) -> String,
    pub applied_notice: &'static str,
    pub print_back: &'static str,
    pub retry_from_browser: &'static str,
    pub all_done: &'static str,
    pub nothing_to_change: &'static str,
}

pub struct RestoreTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub folder_label: &'static str,
    pub backup_label: &'static str,
    pub before_attack: &'static str,
    pub after_attack: &'static str,
    pub start_button: &'static str,
    pub all_after_attack: &'static str,
    pub no_backups: &'static str,
    pub unknown_attack_time: &'static str,
    pub clean_install: &'static str,
    pub clean_install_button: &'static str,
    pub interrupted: &'static str,
    pub continue_button: &'static str,
    pub rollback_button: &'static str,
    pub done: fn(folder: &str, backup: &str, files: u64, quarantine: &str) -> String,
    pub rolled_back: &'static str,
    pub quarantine_title: &'static str,
    pub quarantine_intro: fn(days: u32) -> String,
    pub quarantine_unreadable: &'static str,
    pub partial_copy: &'static str,
    pub col_size: &'static str,
    pub col_made: &'static str,
    pub col_until: &'static str,
    pub files: fn(n: u64) -> String,
    pub purge_confirm: &'static str,
    pub purge_button: &'static str,
    pub purge_must_confirm: &'static str,
    pub copy_gone: &'static str,
    /// On the start page after the reopen: copies remain, and until when.
    pub quarantine_reminder: fn(copies: usize, until: &str) -> String,
    pub error_folder: &'static str,
    pub error_backup: &'static str,
    pub daily: &'static str,
    pub weekly: &'static str,
    pub monthly: &'static str,
    pub late_title: &'static str,
    pub late_warning: fn(folder: &str, backup: &str) -> String,
    pub late_confirm: &'static str,
    pub late_button: &'static str,
    pub late_cancel: &'static str,
}

pub struct SweepTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub nothing_found: &'static str,
    pub could_not_check: &'static str,
    pub file: &'static str,
    pub cron: &'static str,
    pub forwarder: &'static str,
    pub filter: &'static str,
    pub remove_file: &'static str,
    pub remove_cron: &'static str,
    pub remove_forwarder: &'static str,
    pub remove_filter: &'static str,
    pub kept: &'static str,
    pub reason: fn(&crate::sweep::Reason) -> &'static str,
    pub gone: &'static str,
    pub why_suspicious: &'static str,
    pub level_backdoor: &'static str,
    pub level_dangerous: &'static str,
    pub level_suspicious: &'static str,
    pub level_check: &'static str,
    pub undo_keep: &'static str,
    pub removed_title: &'static str,
    pub removed: &'static str,
}

/// Title, why it matters, and what to do, for one built-in item.
pub struct ItemText {
    pub title: &'static str,
    pub why: &'static str,
    pub how: &'static str,
}

/// One field per built-in item, so a language without an item's texts does not compile.
pub struct ItemTexts {
    pub credentials_rotated: ItemText,
    pub folder_restored: ItemText,
    pub persistence_reviewed: ItemText,
    pub tokens_keys_reviewed: ItemText,
    pub two_factor: ItemText,
    pub php_supported: ItemText,
    pub no_world_writable: ItemText,
    pub wordpress_hardened: ItemText,
    pub vulnerable_software: ItemText,
    pub attest_computer_scanned: ItemText,
    pub attest_password_manager: ItemText,
    pub attest_guidance_read: ItemText,
}

impl ItemTexts {
    pub fn get(&self, id: ItemId) -> &ItemText {
        match id {
            ItemId::CredentialsRotated => &self.credentials_rotated,
            ItemId::FolderRestored => &self.folder_restored,
            ItemId::PersistenceReviewed => &self.persistence_reviewed,
            ItemId::TokensKeysReviewed => &self.tokens_keys_reviewed,
            ItemId::TwoFactor => &self.two_factor,
            ItemId::PhpSupported => &self.php_supported,
            ItemId::NoWorldWritable => &self.no_world_writable,
            ItemId::WordpressHardened => &self.wordpress_hardened,
            ItemId::VulnerableSoftware => &self.vulnerable_software,
            ItemId::AttestComputerScanned => &self.attest_computer_scanned,
            ItemId::AttestPasswordManager => &self.attest_password_manager,
            ItemId::AttestGuidanceRead => &self.attest_guidance_read,
        }
    }
}
