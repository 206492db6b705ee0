use super::{ItemText, ItemTexts, PasswordTexts, RestoreTexts, SweepTexts, Texts};

pub static TEXTS: Texts = Texts {
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
    error_record: "We could not read your security case. Contact support and mention this page.",
    checklist_title: "Secure your website, step by step",
    progress: |done, total| format!("{done} of {total} required steps done"),
    required: "Required",
    recommended: "Recommended",
    state_done: "Done",
    state_not_needed: "Not needed on your account",
    state_not_done: "Not done yet",
    why_label: "Why this matters",
    items: ItemTexts {
        credentials_rotated: ItemText {
            title: "Set new passwords for everything",
            why: "The attacker may know every password on the account: cPanel, FTP, email, databases and the users inside your website.",
            how: "Open this step: we make new passwords, you save them, then we change them all and update your website's settings.",
        },
        folder_restored: ItemText {
            title: "Delete the hacked folder and restore a clean copy",
            why: "Attackers leave hidden files behind. Only deleting the folder and restoring a backup from before the attack removes them.",
            how: "Choose the folder and the backup in the restore step; we move the hacked folder to a safe quarantine and put the clean copy back.",
        },
        persistence_reviewed: ItemText {
            title: "Remove what the attacker left behind",
            why: "Attackers add scheduled tasks, email forwarders and hidden files so they can come back.",
            how: "Open the review: remove each thing we found, or keep it and say why.",
        },
        tokens_keys_reviewed: ItemText {
            title: "Remove old API tokens and SSH keys",
            why: "A token or key made before the clean-up lets anyone who has it in, even after you change passwords.",
            how: "Remove each one below, or keep it and say why.",
        },
        two_factor: ItemText {
            title: "Turn on two-factor authentication for cPanel",
            why: "With a second step at login, a stolen password alone is not enough to get in.",
            how: "Open Two-Factor Authentication in cPanel (Security) and follow the steps.",
        },
        php_supported: ItemText {
            title: "Use a supported PHP version",
            why: "Old PHP versions no longer get security fixes, so known holes stay open.",
            how: "Open MultiPHP Manager in cPanel and choose a newer version for each website.",
        },
        no_world_writable: ItemText {
            title: "No files that anyone can change",
            why: "Files and folders that every user on the server may write are an easy way in.",
            how: "Set folders to 755 and files to 644 in File Manager (Permissions).",
        },
        wordpress_hardened: ItemText {
            title: "Harden WordPress",
            why: "Editing plugin and theme code from the dashboard lets an attacker with a WordPress login run any code. New security keys log everyone out.",
            how: "Add define('DISALLOW_FILE_EDIT', true); to wp-config.php and renew the security keys.",
        },
        attest_computer_scanned: ItemText {
            title: "I have scanned my own computer for malware",
            why: "Passwords are often stolen from an infected computer. New passwords typed on it would be stolen again.",
            how: "Run a full scan with an up-to-date antivirus program, then confirm here.",
        },
        attest_password_manager: ItemText {
            title: "I keep my passwords in a password manager",
            why: "A password manager lets you use a different, long password everywhere without writing them down.",
            how: "Save your new passwords in a password manager, then confirm here.",
        },
        attest_guidance_read: ItemText {
            title: "I have read how to keep my website secure",
            why: "Securing a website is continuous work: updates, backups and good passwords keep it safe.",
            how: "Read the guide on securing your website, then confirm here.",
        },
    },
    reason: reason,
    confirm_button: "I confirm",
    keep_label: "Keep",
    keep_reason_label: "Why do you keep it?",
    keep_button: "Keep it",
    revoke_button: "Remove token",
    remove_key_button: "Remove key",
    reopen_title: "Reopen your website",
    reopen_ready: "Every required step is done. When you reopen, your website and email logins open again.",
    reopen_missing: "You can reopen when every required step is done. Still missing:",
    reopen_button: "Reopen my website",
    reopened_notice: "Your website is open again. Keep following the security tips below.",
    reopen_refused: "Your website was not reopened. Our server checked again and these steps are not done:",
    notice_saved: "Saved.",
    error_keep_reason: "Write a short reason (3 to 200 characters) for keeping it.",
    error_unknown_item: "That step does not exist on your checklist.",
    error_cpanel_action: "cPanel could not do that right now. Nothing was changed. Try again in a minute.",
    error_stale: "This page was out of date. We have loaded it again; check the steps and try once more.",
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
        wordpress_manual: "WordPress users: log in to each WordPress admin, change the password of every administrator (Users › Profile), and press \u{201c}Log out everywhere else\u{201d}.",
    },
    restore: RestoreTexts {
        title: "Delete the hacked folder and restore a clean copy",
        intro: "We move the folder you choose out of your website into a quarantine that nobody can reach from the web (nothing is deleted: you can still fetch your own files from it), then put the copy from the backup back in its place and check it.",
        folder_label: "Folder to restore",
        backup_label: "Backup to restore from",
        before_attack: "made before the attack (recommended)",
        after_attack: "made after the attack: it may contain the attacker's files",
        start_button: "Move to quarantine and restore",
        all_after_attack: "Every backup we have was made after the attack, so each may contain the attacker's files. Restoring one will not clean your website. Install your script (for example WordPress) fresh instead, then add your content again; when that is done, confirm it below.",
        no_backups: "There are no backups of this account. Install your script (for example WordPress) fresh, then add your content again; when that is done, confirm it below.",
        unknown_attack_time: "We do not know when the attack happened, so we cannot tell which backup is clean. Choose the oldest backup you can live with.",
        clean_install: "I installed my script fresh and added my content again",
        clean_install_button: "I confirm",
        interrupted: "A restore was interrupted. Your original folder is safe in the quarantine. Continue the restore, or put the original back.",
        continue_button: "Continue the restore",
        rollback_button: "Put the original back",
        done: |folder, backup, files, quarantine| {
            format!(
                "{folder} was restored from the backup of {backup} ({files} files checked). The old folder is kept in {quarantine}."
            )
        },
        rolled_back: "The restore did not finish, so we put your original folder back. Nothing was lost. Try again in a minute, or contact support.",
        purge_intro: "The old folder stays in the quarantine until you delete it. Fetch anything you still need from it first.",
        purge_button: "Delete the quarantined copy",
        error_folder: "That folder cannot be restored. Choose one of the folders listed.",
        error_backup: "That backup does not exist. Choose one of the backups listed.",
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
        reason: sweep_reason,
        gone: "That was already removed.",
    },
    harden_button: "Do this for me",
    open_step: "Open this step",
    back_to_checklist: "Back to the checklist",
    mail_release_subject: "Your website is ready to be secured and reopened",
    mail_release_body: |user| {
        format!(
            "Hello,\n\nWe have finished investigating the attack on your web hosting account \"{user}\".\nYou can log in to cPanel again. Your website and e-mail logins stay closed until you\nhave secured the account.\n\nOpen cPanel, choose \"Secure & Reopen\" under Security, and follow the steps. Set aside\ntime: reopening without them most likely means being hacked again.\n"
        )
    },
};

fn reason(r: &crate::checklist::Reason) -> String {
    use crate::checklist::Reason::*;
    match r {
        StepNotAvailable => "This step is not available in the plugin yet.".into(),
        NotAttested => "Not confirmed yet.".into(),
        OldTokens(t) => format!("API tokens made before the clean-up: {}.", t.join(", ")),
        OldSshKeys(k) => format!("SSH keys from before the clean-up: {}.", k.join(", ")),
        TwoFactorOff => "Two-factor authentication is off.".into(),
        OldPhp(v) => {
            format!("Old PHP on: {}.", v.iter().map(|(d, ver)| format!("{d} ({ver})")).collect::<Vec<_>>().join(", "))
        }
        WorldWritable { count, examples } => {
            format!("{count} found, for example: {}.", examples.join(", "))
        }
        WpFileEditAllowed(p) => format!("File editing is still allowed in: {}.", p.join(", ")),
        OpenFindings(n) => format!("{n} things to remove or keep on purpose."),
        CredentialsLeft(n) => format!("{n} logins still have their old password."),
        WpAdminsLeft => "Confirm that you changed the password of every WordPress administrator.".into(),
        NotRestored => "The folder has not been restored from a clean backup yet.".into(),
        RestoredFromLateBackup => {
            "The folder was restored from a backup made after the attack, which may hold the backdoor.".into()
        }
        WpSaltsOld(p) => format!("The security keys were not renewed since the clean-up in: {}.", p.join(", ")),
        CouldNotCheck(_) => "We could not check this right now. Reload the page in a minute.".into(),
    }
}

fn sweep_reason(r: &crate::sweep::Reason) -> &'static str {
    use crate::sweep::Reason::*;
    use crate::sweep::detect::Why::*;
    match r {
        File(ExecutableInUploads) => "Program code in a folder meant for uploads or images.",
        File(PrependAppend) => "Makes PHP run a hidden file before or after every page.",
        File(HandlerOnData) => "Makes images or other data files run as program code.",
        File(ConditionalRedirect) => {
            "Sends visitors elsewhere depending on their browser or where they came from (typical spam redirect)."
        }
        File(ForeignRedirect) => "Redirects visitors to another website.",
        File(WordPressAutoload) => "Runs on every WordPress page without showing in the plugin list.",
        File(EvalOfDecoded) => "Runs hidden code it decodes or receives from visitors (a backdoor).",
        File(EncodedBlob) => "Contains a long block of hidden, encoded data.",
        File(PregReplaceEval) => "Runs text as program code.",
        File(DynamicCallFromInput) => "Lets visitors choose which function to run (a backdoor).",
        File(ShellFromInput) => "Lets visitors run commands on the server (a backdoor).",
        File(ModifiedAfterAttack) => "Changed after the attack.",
        File(WorldWritable) => "Anyone on the server can change it.",
        File(CodeFromInput) => "Runs program code that visitors send to it (a backdoor).",
        File(CodeFromInternet) => "Downloads program code from the internet and runs it (a backdoor).",
        File(HiddenFunctionName) => "Calls a dangerous function under a hidden, pieced-together name.",
        File(EvalOfVariable) => "Runs text as program code.",
        File(UploadDropper) => "Saves files that visitors upload or send onto the server (an uploader).",
        File(IncludeOfData) => "Loads an image or text file as program code (hidden code).",
        File(PhpLockdown) => {
            "Blocks every PHP file except a few chosen ones (attackers lock the site to their own files)."
        }
        File(SsiExec) => "Makes web pages run server commands.",
        File(PhpWeakened) => "Switches off PHP's protections.",
        File(TooLarge) => "Too large to check whole: only the beginning was checked.",
        CronDownloadsCode => "Downloads code from the internet and runs it.",
        CronReview => "Runs on a schedule. Keep it only if you made it.",
        ForwarderExternal => {
            "Copies mail to an address outside your domains. Attackers use this to read password-reset mails."
        }
        FilterReview => "Filters your mail. Keep it only if you made it.",
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
