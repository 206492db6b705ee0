//! The checklist items' texts (English): what each step is, why it matters and how to do it,
//! and why an item is not done.

use crate::i18n::{ItemText, ItemTexts};

pub(super) const ITEMS: ItemTexts = ItemTexts {
    credentials_rotated: ItemText {
        title: "Set new passwords for everything",
        why: "The attacker may know every password on the account: cPanel, FTP, email, databases and the users inside your website.",
        how: "Open this step: we make new passwords, you save them, then we change them all and update your website's settings.",
    },
    folder_restored: ItemText {
        title: "Move the hacked folder away and restore a clean copy",
        why: "Attackers leave hidden files behind. Only moving the whole folder away and restoring a backup from before the attack removes them.",
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
    vulnerable_software: ItemText {
        title: "Update or remove the plugin or theme the attacker came in through",
        why: "We found that the attacker got in through a hole in this software. While the old version is on your website, anyone can use the same hole again, even after every other step.",
        how: "In WordPress, open Plugins (or Appearance, Themes) and update it, or delete it if you do not need it. Then check this page again.",
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
};

pub(super) fn reason(r: &crate::checklist::Reason) -> String {
    use crate::checklist::Reason::*;
    match r {
        StepNotAvailable => "This step is not available in the plugin yet.".into(),
        NotAttested => "Not confirmed yet.".into(),
        OldTokens(t) => format!("API tokens made before the clean-up: {}.", t.join(", ")),
        OldSshKeys(k) => format!("SSH keys from before the clean-up: {}.", k.join(", ")),
        OldTokensAndKeys { tokens, keys } => format!(
            "API tokens made before the clean-up: {}. SSH keys from before the clean-up: {}.",
            tokens.join(", "),
            keys.join(", ")
        ),
        TwoFactorOff => "Two-factor authentication is off.".into(),
        OldPhp(v) => {
            format!("Old PHP on: {}.", v.iter().map(|(d, ver)| format!("{d} ({ver})")).collect::<Vec<_>>().join(", "))
        }
        WorldWritable { count, examples } => {
            format!("{count} found, for example: {}.", examples.join(", "))
        }
        WpFileEditAllowed(p) => format!("File editing is still allowed in: {}.", p.join(", ")),
        OpenFindings(1) => "1 thing to remove or keep on purpose.".into(),
        OpenFindings(n) => format!("{n} things to remove or keep on purpose."),
        DbLoginFails(f) => format!(
            "Your website cannot log in to its database with the settings in: {}. Make a new password for that database user in the passwords step; we put it in these files.",
            f.iter().map(|(p, u)| format!("{p} ({u})")).collect::<Vec<_>>().join(", ")
        ),
        CredentialsLeft(1) => "1 login still has its old password.".into(),
        CredentialsLeft(n) => format!("{n} logins still have their old password."),
        WpUsersLeft { users, unchecked } => match (users, unchecked) {
            (0, 1) => "One WordPress site has not been checked yet: open the WordPress step.".into(),
            (0, n) => format!("{n} WordPress sites have not been checked yet: open the WordPress step."),
            (1, _) => "One WordPress administrator or uploader still has the old password.".into(),
            (n, _) => format!("{n} WordPress administrators or uploaders still have the old password."),
        },
        VulnerableSoftware(found) => format!(
            "Still an unsafe version: {}.",
            found
                .iter()
                .map(|f| {
                    use crate::checklist::Installed;
                    let (slug, site, fixed) = (&f.slug, &f.site, &f.fixed);
                    match &f.installed {
                        Installed::Version(v) => format!("{slug} {v} in {site} (update to {fixed} or later, or remove it)"),
                        Installed::Unknown => {
                            format!("{slug} in {site} (version unknown: update to {fixed} or later, or remove it)")
                        }
                        Installed::Linked => format!(
                            "{slug} in {site} is a link to another folder, which we do not follow (put the plugin's own folder there, or remove it)"
                        ),
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        ),
        NotRestored => "The folder has not been restored from a clean backup yet.".into(),
        RestoredFromLateBackup => {
            "The folder was restored from a backup made after the attack, which may hold the backdoor.".into()
        }
        WpSaltsOld(p) => format!("The security keys were not renewed since the clean-up in: {}.", p.join(", ")),
        CouldNotCheck(_) => "We could not check this right now. Reload the page in a minute.".into(),
    }
}
