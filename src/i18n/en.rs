use crate::privileged::RefusalCode;

use super::{PasswordTexts, RestoreTexts, SweepTexts, Texts, WpUsersTexts};

mod items;
mod sweep;

pub static TEXTS: Texts = Texts {
    lang: super::Lang::En,
    app_name: "Secure and reopen your website",
    skip_to_content: "Skip to the main content",
    back_to_cpanel: "Back to cPanel",
    no_incident_title: "Your account has no open security case",
    no_incident_body: "We have no record of a hacked website on this account. Nothing needs doing here right now.",
    tips_title: "Keep your website safe",
    tips: &[
        "Keep WordPress, themes, plugins and other scripts up to date.",
        "Use a different, long password for every service, kept in a password manager.",
        "Turn on two-factor authentication for cPanel.",
        "Remove plugins, themes and scripts you no longer use.",
        "Keep regular backups, and check now and then that they work.",
    ],
    incident_title: "Your website was hacked",
    what_happened: "What happened",
    attack_time: "When the attack happened",
    attack_time_unknown: "Not known (the logs no longer reach back that far)",
    approximately: "approximately",
    vector: "How the attacker got in",
    vector_unknown: "Not known",
    removed_files: "Harmful files our scanner removed",
    technician_notes: "Notes from our technician",
    contact: "Questions? Write to",
    status_investigating: "We are investigating. Your account stays closed until we are done.",
    status_awaiting: "We have finished our investigation. Secure your website with the steps below, then reopen it.",
    status_reopened: "Your website has been reopened.",
    status_closed: "This case is closed.",
    warning_title: "Do every step before you reopen",
    warning_body: "If you reopen without new passwords and a clean copy of your website, it will most likely be hacked again within days. If our technicians find that these steps were skipped, a new clean-up may be charged.",
    account_title: "Your account",
    domains: "Websites",
    mailboxes: "Email accounts",
    ftp_accounts: "FTP accounts",
    cpanel_unavailable: "We could not fetch your account details from cPanel right now. Reload the page in a minute.",
    error_title: "Something went wrong",
    error_try_again: "Go back to the start and try again. If it keeps happening, contact support.",
    error_body_too_large: "What you sent is too large for this page.",
    error_bad_request: "The request could not be understood.",
    error_method: "This page cannot be used that way.",
    error_session: "Your cPanel session could not be confirmed. Log in to cPanel again and open this page from there.",
    error_csrf: "This form has expired or did not come from this page. Nothing was changed. Open the page again and repeat the step.",
    error_internal: "An unexpected error happened on our side. Nothing was changed.",
    error_not_found: "That page does not exist.",
    feature_off: "Your hosting package does not include this security tool. Contact your hosting provider: they can turn it on for your account.",
    error_record: "We could not read your security case. Contact support and mention this page.",
    error_ways_label: "Where to go from here",
    english_detail: "in the server's words:",
    error_to_start: "Start of Secure & Reopen",
    checklist_title: "Secure your website, step by step",
    progress: |done, total| format!("{done} of {total} required steps done"),
    done_items: |n| if n == 1 { "1 step done or not needed".into() } else { format!("{n} steps done or not needed") },
    required: "Required",
    recommended: "Recommended",
    state_done: "Done",
    state_not_needed: "Not needed on your account",
    state_not_done: "Not done yet",
    why_label: "Why this matters",
    items: items::ITEMS,
    reason: items::reason,
    refusal,
    confirm_button: "I confirm",
    keep_label: "Keep",
    keep_reason_label: "Why do you keep it?",
    keep_button: "Keep it",
    revoke_button: "Remove token",
    remove_key_button: "Remove key",
    key_fingerprint: "Fingerprint",
    key_comment: "Comment",
    key_date: "Added or changed",
    reopen_title: "Reopen your website",
    reopen_ready: "Every required step is done. When you reopen, your website and email logins open again.",
    reopen_missing: "You can reopen when every required step is done. Still missing:",
    reopen_button: "Reopen my website",
    reopened_notice: "Your website is open again. Keep following the security tips below.",
    step_of_host: "A step your host added",
    reopen_refused: "Your website was not reopened. Our server checked again and these steps are not done:",
    reopen_not_done: "Your website was not reopened.",
    notice_saved: "Saved.",
    error_keep_reason: "Write a short reason (3 to 200 characters) for keeping it.",
    error_unknown_item: "That step does not exist on your checklist.",
    error_cpanel_action: "cPanel could not do that right now. Nothing was changed. Try again in a minute.",
    error_harden: |file, done| {
        let before = if done.is_empty() {
            "No file was changed.".to_owned()
        } else {
            format!(
                "These files were already changed and keep their new settings (a backup copy of each is kept): {}.",
                done.join(", ")
            )
        };
        format!(
            "We could not change {file}, so this step is not done. {before} Try again; if it keeps happening, contact support."
        )
    },
    error_stale: "Your case changed after this page was opened (in another tab or by your host), so nothing was done. Open the start of Secure & Reopen to see where things stand now.",
    passwords: PasswordTexts {
        title: "New passwords for everything",
        intro: "We make a new, strong password for every login on your account: cPanel, FTP, e-mail, databases, Web Disk and sub-accounts. You see and save them first; nothing changes until you confirm. Your website's database settings are updated for you.",
        new_plan_button: "Make new passwords",
        plan_title: "Your new passwords",
        plan_intro: "Save these now (download or print them, or copy them to your password manager). We do not keep them: once you leave this page they cannot be shown again.",
        col_what: "Service",
        col_login: "Login",
        col_password: "New password",
        kind: kind_en,
        download_text: "Download as text",
        download_csv: "Download as CSV",
        print: "Print view",
        own_label: "Or type your own (15 characters or more)",
        own_button: "Use mine",
        saved_label: "I have saved these passwords",
        current_cpanel_label: "Your current cPanel password (needed to change it)",
        apply_button: "Change all passwords now",
        must_confirm: "Tick the box to confirm that you saved the passwords. Nothing was changed.",
        tampered: "These passwords do not match the ones we made for you. Nothing was changed. Make new passwords and try again.",
        no_plan: "There are no new passwords waiting. Make new passwords first.",
        results_title: "Progress",
        results: |done, failed, pending| format!("{done} changed, {failed} failed, {pending} waiting."),
        failed_label: "Not changed",
        retry_intro: "To try the rest again, paste the CSV file you downloaded (it has the passwords; we never stored them).",
        retry_label: "Contents of the CSV file",
        retry_button: "Try the rest again",
        own_too_short: |min| format!("Your own password must have at least {min} characters."),
        own_guessable: "Your own password is too easy to guess (it is close to common words or your own names). Use a longer one or ours.",
        own_same: "That is the password we suggested; nothing to change.",
        own_bad_chars: "Your own password has characters that cannot be used.",
        own_cpanel_rule: |need| {
            format!(
                "Your host requires a stronger password for this service (strength {need} of 100). Make it longer or use ours."
            )
        },
        configs_updated: "Website settings updated with the new database password",
        wordpress_manual: "The administrators and uploaders of your WordPress sites get new passwords in their own step:",
        cpanel_last_notice: "Your cPanel password is changed last, on its own. Changing it logs you out of cPanel everywhere, this window included. Then log in again with the new cPanel password from this sheet and open Secure & Reopen: it shows what was changed.",
        confirm_logout: "When you press the button, every other password is changed first; then your cPanel password, and you are logged out. Log in again with the new cPanel password from your sheet.",
        current_cpanel_help: "We check it before anything changes. If you no longer have it, leave it empty: every other password is changed, and your host can give you a new cPanel password.",
        col_own: "Or your own (optional)",
        own_all_button: "Use the passwords I typed",
        own_refused_row: |login, why| format!("{login}: {why} Nothing was changed."),
        unknown_label: "Not sure (the answer was lost)",
        unknown_explain: "We sent these changes, but cPanel's answer was lost, so we cannot tell whether they were made. Press \u{201c}Try the rest again\u{201d}: it sends the same new passwords from your sheet again, which is safe.",
        results_unknown: |n| format!("{n} not sure."),
        done_label: "Changed",
        refused_inventory: |missing| {
            let missing = missing.replace(',', ", ");
            format!(
                "cPanel did not list your {missing}, so new passwords could miss some logins or your website's settings. Nothing was changed. Try again in a minute; if it keeps happening, contact support."
            )
        },
        refused_wrong_current: "The current cPanel password you typed is not correct. Nothing was changed. Type it again, or leave the field empty: every other password is then changed, and your host can give you a new cPanel password.",
        refused_cannot_check: "cPanel could not check your current cPanel password right now. Nothing was changed. Try again in a minute.",
        refused_disk: |need, free| {
            format!(
                "There is not enough free disk space in your account to keep the record of the change and backup copies of your website's settings ({need} KiB needed, {free} KiB free). Nothing was changed. Free some space and try again."
            )
        },
        refused_record: "We could not write the record of the change. Nothing was changed. Try again in a minute; if it keeps happening, contact support.",
        stopped: "We stopped because the record of the change could not be saved (the disk may be full). Passwords marked \u{201c}not sure\u{201d} may already be changed; the others were not sent. Free some space, then press \u{201c}Try the rest again\u{201d}.",
        damaged_record: |path| {
            format!(
                "The record of an earlier password change was damaged. We moved it aside ({path}) and started a new one; your host can still read the old one."
            )
        },
        sheet_elsewhere: "Your new passwords were shown in another window or browser. That sheet is still your plan: use it. If you no longer have it, make a new sheet; the old one then becomes void.",
        new_sheet_button: "Make a new sheet (the old one becomes void)",
        replaced_notice: |when| {
            format!("This sheet replaces the one made {when}. That one is now void for the passwords below.")
        },
        kept_earlier: |n| {
            format!(
                "{} already changed with your earlier sheet. Keep that sheet for {}; {} not on this one.",
                if n == 1 { "1 password was".to_owned() } else { format!("{n} passwords were") },
                if n == 1 { "it" } else { "them" },
                if n == 1 { "it is" } else { "they are" }
            )
        },
        applied_notice: "These passwords are being applied. Keep this sheet; no other set is valid.",
        print_back: "Back to your new passwords",
        retry_from_browser: "This browser still holds your sheet, so you do not need to paste anything.",
        all_done: "Every password is changed. Keep your sheet in a safe place.",
        nothing_to_change: "There is nothing left to change.",
    },
    restore: RestoreTexts {
        title: "Move the hacked folder away and restore a clean copy",
        intro: "We move the folder you choose out of your website into a quarantine that nobody can reach from the web (nothing is deleted: you can still fetch your own files from it), then put the copy from the backup back in its place and check it.",
        folder_label: "Folder to restore",
        backup_label: "Backup to restore from",
        before_attack: "made before the attack (recommended)",
        after_attack: "made after the attack: it may contain the attacker's files",
        start_button: "Move to quarantine and restore",
        all_after_attack: "Every backup we have was made after the attack, so each may contain the attacker's files. Restoring one will not clean your website. Instead, move the hacked folder away first (rename it in File Manager, or restore any backup here: we move the folder to the quarantine before anything else), then install your script (for example WordPress) fresh and add your content again; when that is done, confirm it below.",
        no_backups: "There are no backups of this account. Move the hacked folder away first (rename it in File Manager, so none of the attacker's files stay in your website), then install your script (for example WordPress) fresh and add your content again; when that is done, confirm it below.",
        unknown_attack_time: "We do not know when the attack happened, so we cannot tell which backup is clean. Choose the oldest backup you can live with.",
        clean_install: "I moved the hacked folder away, installed my script fresh and added my content again",
        clean_install_button: "I confirm",
        interrupted: "A restore was interrupted. Your original folder is safe in the quarantine. Continue the restore, or put the original back.",
        continue_button: "Continue the restore",
        rollback_button: "Put the original back",
        done: |folder, backup, files, quarantine| {
            format!(
                "{folder} was restored from the backup of {backup} ({}). The old folder is kept in {quarantine}.",
                if files == 1 { "1 file checked".to_owned() } else { format!("{files} files checked") }
            )
        },
        rolled_back: "The restore did not finish, so we put your original folder back. Nothing was lost. Try again in a minute, or contact support.",
        quarantine_title: "Quarantined copies of your folders",
        quarantine_intro: |days| {
            format!(
                "Each folder a restore moved away is kept here, out of reach of the web, so you can still fetch your own files from it (in File Manager, show hidden files and open .secure_reopen/quarantine). Your host keeps each copy for {days} days after it was moved here, then deletes it. Delete a copy sooner once you no longer need anything in it."
            )
        },
        quarantine_unreadable: "We could not list the quarantine right now. Reload the page in a minute.",
        partial_copy: "the half-restored folder set aside when a restore was undone",
        col_size: "Size",
        col_made: "Moved to the quarantine",
        col_until: "Kept until",
        files: |n| if n == 1 { "1 file".into() } else { format!("{n} files") },
        purge_confirm: "Yes, delete this copy for good",
        purge_button: "Delete this copy",
        purge_must_confirm: "Tick the box to confirm that the copy should be deleted for good. Nothing was deleted.",
        copy_gone: "That copy is no longer in the quarantine (it was deleted already, perhaps in another tab). Nothing else was deleted.",
        quarantine_reminder: |n, until| {
            let copies = if n == 1 {
                "1 copy of your old folders remains".to_owned()
            } else {
                format!("{n} copies of your old folders remain")
            };
            format!(
                "{copies} in the quarantine (in File Manager: .secure_reopen/quarantine, a hidden folder). Your host keeps them until {until}; fetch anything you still need before then, or delete them yourself in File Manager."
            )
        },
        error_folder: "That folder cannot be restored. Choose one of the folders listed.",
        error_backup: "That backup does not exist. Choose one of the backups listed.",
        daily: "daily backup",
        weekly: "weekly backup",
        monthly: "monthly backup",
        late_title: "This backup was made after the attack",
        late_warning: |folder, backup| {
            format!(
                "The backup {backup} was made after the attack, so it may contain the attacker's files. Restoring {folder} from it will most likely not clean your website, and the step will not count as done. Choose a backup from before the attack if you have one."
            )
        },
        late_confirm: "I understand: restore this backup anyway",
        late_button: "Restore from this backup anyway",
        late_cancel: "Choose another backup",
    },
    sweep: SweepTexts {
        title: "Remove what the attacker left behind",
        intro: "Attackers leave scheduled tasks, e-mail forwarders and hidden files so they can come back. Remove each thing below, or keep it and say why.",
        nothing_found: "Nothing left to review.",
        could_not_check: "We could not complete the review right now. Reload the page in a minute.",
        file: "File",
        cron: "Scheduled task (cron job)",
        forwarder: "E-mail forwarder",
        filter: "E-mail filter",
        remove_file: "Move the file to quarantine",
        remove_cron: "Delete the task",
        remove_forwarder: "Remove the forwarder",
        remove_filter: "Delete the filter",
        kept: "Kept",
        why_suspicious: "Why it looks like the attacker's:",
        level_backdoor: "Backdoor: remove it",
        level_dangerous: "Dangerous",
        level_suspicious: "Suspicious",
        level_check: "Check it",
        undo_keep: "Decide again",
        removed_title: "Already removed",
        removed: "Removed",
        reason: sweep::sweep_reason,
        gone: "That was already removed.",
    },
    harden_button: "Do this for me",
    open_two_factor: "Open Two-Factor Authentication in cPanel",
    open_multiphp: "Open MultiPHP Manager in cPanel",
    open_guide: "Read the guide",
    open_step: "Open this step",
    back_to_checklist: "Back to the checklist",
    mail_release_subject: "Your website is ready to be secured and reopened",
    mail_release_body: |f| {
        let user = f.user;
        let mut facts = String::new();
        match &f.attack_time {
            Some(t) if f.approximate => facts.push_str(&format!("When: around {t}\n")),
            Some(t) => facts.push_str(&format!("When: {t}\n")),
            None => facts.push_str("When: we could not tell from the logs\n"),
        }
        if let Some(v) = f.vector {
            facts.push_str(&format!("How the attackers got in: {v}\n"));
        }
        if f.removed_files.is_empty() {
            facts.push_str("Harmful files removed: none were found\n");
        } else {
            let n = f.removed_files.len();
            facts.push_str(&format!("Harmful files removed ({n}):\n"));
            facts.push_str(&super::mail_file_list(f.removed_files, |m| {
                format!("… and {m} more (listed in Secure & Reopen)")
            }));
        }
        format!(
            "Hello,\n\nWe have finished investigating the attack on your web hosting account \"{user}\".\n\n{facts}\nYou can log in to cPanel again. Your website and e-mail logins stay closed until you\nhave secured the account.\n\nOpen cPanel, choose \"Secure & Reopen\" under Security, and follow the steps. Set aside\ntime: reopening without them most likely means being hacked again.\n"
        )
    },
    wp_users: WpUsersTexts {
        title: "New passwords for your WordPress users",
        intro: "Attackers often add a WordPress administrator or steal one's password, and come back through it. Below is every administrator and every user who can upload files, in each WordPress site of your account. Set new passwords for them here: the old passwords stop working and everyone is logged out.",
        no_sites: "We found no WordPress site in your account. Nothing to do here.",
        site: "WordPress site in",
        version: "WordPress version",
        read_error: "We could not read this site's users: WordPress did not answer. Check that the site's database works, then reload this page.",
        details: "Technical details",
        nobody: "This site has no administrator or user who can upload.",
        col_role: "Can do",
        col_registered: "Created",
        col_last_login: "Last login",
        col_status: "Password",
        admin: "Administrator",
        uploader: "Can upload files",
        created_after_attack: "Created after the attack. If you did not create this user, delete it in WordPress (Users).",
        unknown: "Not known",
        status_changed: "New password set",
        status_old: "Old password",
        status_failed: "Could not be changed",
        plan_button: "Set new passwords for these users",
        sheet_title: "New WordPress passwords: save them now",
        sheet_intro: "Nothing has changed yet. Save these passwords in your password manager or print this page. When you press the button below, exactly these passwords are set and each of these users is logged out everywhere. Give each person their new password in a safe way. Making a new sheet makes this one void.",
        saved_label: "I have saved these passwords",
        apply_button: "Set these passwords now",
        must_confirm: "Tick the box to confirm that you saved the passwords, then press the button again.",
        tampered: "This sheet of passwords is not the current one (or it was changed). Open the WordPress step again and make a new sheet.",
        results: |done, failed| match (done, failed) {
            (1, 0) => "The new password is set and the user is logged out everywhere.".into(),
            (d, 0) => format!("All {d} new passwords are set and the users are logged out everywhere."),
            (d, f) => format!("{d} new passwords set; {f} could not be set (see below)."),
        },
        software_title: "Plugins and themes",
        plugins: "Plugins",
        themes: "Themes",
        active: "in use",
        inactive: "not in use",
        named_in_note: "Named in your host's note about the attack: update it or remove it.",
        update_available: "update available:",
        method_note: "The passwords are set with WordPress's own functions, run as your account. Nothing but a fingerprint of each site's stored password is kept, to check that it changed.",
        others_title: "Joomla and Drupal sites",
        others_intro: "Change the password of every administrator below in the site itself, following these steps.",
        joomla_site: "Joomla site in",
        drupal_site: "Drupal site in",
        others_read_error: "We could not read this site's administrators: its database did not answer. Follow the steps for every administrator you know of.",
        no_admins: "No administrator found.",
        super_user: "Super User",
        blocked: "blocked",
        joomla_steps: &[
            "Log in to the site's administration: the site's address followed by /administrator.",
            "Open Users › Manage and open each user listed here.",
            "Type a new password in Password and again in Confirm Password (let your password manager make it), then press Save & Close.",
            "Delete every user here you do not know: tick it and press Delete.",
            "Log everyone out: in cPanel open phpMyAdmin, choose the site's database, tick the table whose name ends in _session, and choose Empty.",
        ],
        drupal_steps: &[
            "Log in to the site as an administrator and open People (the site's address followed by /admin/people).",
            "For each user listed here choose Edit, type a new password in Password and again in Confirm password, and press Save.",
            "Cancel every account here you do not know: Edit › Cancel account.",
            "Log everyone out: in cPanel open phpMyAdmin, choose the site's database, tick the table whose name ends in sessions, and choose Empty.",
        ],
        email: "E-mail",
        stale_sheet: "This page is older than the last password change, so no new sheet was made: the passwords you saved last are the ones in use. Open the WordPress step again to see where things stand.",
    },
    already_done: "This form was already sent, and what it asked for was done once. It was not done again.",
    already_done_continue: "Continue",
    error_cpanel_unsure: "cPanel's answer did not arrive, so we cannot tell yet whether this was done. Reload the page to see how things stand now; anything still listed there can be tried again.",
    reopen_unsure: "The answer to your reopen request did not arrive, so we do not know yet whether your website was reopened. Reload this page in a minute: it shows where your case stands.",
    error_audit: "We could not write this step into your case's record, so it was not done. Nothing was lost. Try again in a minute; if it keeps happening, contact support.",
    record_damaged: "One of this tool's own records was damaged. We kept a copy for support and started it afresh; what cPanel shows is unchanged. Check the step again before you continue.",
    audit_pending: "This was done, but it could not be written into your case's record yet (the server is short of space or busy). It will be written before your next step, and your next steps wait until then. Nothing was lost.",
    files_checked: |at| {
        format!(
            "Your website's files were checked at {at}. If you changed files yourself since then (by FTP or in File Manager), check them again."
        )
    },
    files_check_again: "Check my files again",
    files_check_damaged: "The result of the last check of your files could not be read, so your files were checked again just now.",
};

fn refusal(code: Option<RefusalCode>) -> &'static str {
    use RefusalCode as C;
    match code {
        Some(C::StepsMissing) => {
            "Our server checked every step again from its own records and some required steps are not done yet. Look through the checklist again, then try once more."
        }
        Some(C::NoCase) => "There is no open security case for your account, so there is nothing to reopen.",
        Some(C::AlreadyReopened) => "Your website has already been reopened.",
        Some(C::Investigating) => {
            "Your host is still investigating, so your website cannot be reopened yet. You will get an e-mail when you can continue."
        }
        Some(C::StalePage) => {
            "This page was out of date: your case changed since you opened it. Open the page again and repeat the step."
        }
        Some(C::NoReleaseRecord) => {
            "Our server has no record of your case to check against. Ask your host to release the case again; nothing you did is lost."
        }
        Some(C::HoldsNotLifted) => {
            "Every step was checked, but the server could not open your website and e-mail logins. Nothing was reopened. Try again in a minute; if it keeps happening, contact support."
        }
        Some(C::RecordFailed) => {
            "Our server could not write its record of this, so nothing was reopened. Try again in a minute; if it keeps happening, contact support."
        }
        Some(C::RateLimited) => "Too many requests in a short time. Wait a minute and try again.",
        Some(C::CannotCheck | C::NotRoot) => {
            "Our server could not check your steps right now, so nothing was reopened. Try again in a minute; if it keeps happening, contact support."
        }
        Some(
            C::BadRequest | C::NotAllowed | C::NotAwaiting | C::WeakPassword | C::CurrentPassword | C::PasswordNotSet,
        )
        | None => {
            "Our server refused the request, so nothing was reopened. Open the page again and repeat the step; if it keeps happening, contact support."
        }
    }
}

fn kind_en(k: crate::passwords::plan::Kind) -> &'static str {
    use crate::passwords::plan::Kind::*;
    match k {
        Cpanel => "cPanel",
        Ftp => "FTP",
        Email => "E-mail",
        Mysql => "MySQL database",
        Postgres => "PostgreSQL database",
        Webdisk => "Web Disk",
        Subaccount => "Sub-account",
        WordpressAdmin => "WordPress administrator",
    }
}
