//! The security checklist: items declared as data, a policy that tunes them, and an evaluation
//! that turns what the server sees (a [`probes::Snapshot`]) and what the customer did
//! ([`crate::progress::Progress`]) into a state per item. Knows no HTML.

pub mod files;
pub mod policy;
pub mod probes;
pub mod remedy;
pub mod walk_cache;

use serde::{Deserialize, Serialize};

use crate::progress::Progress;

pub use policy::Policy;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A probe the server runs.
    Verified,
    /// The plugin does it for the customer (rotate passwords, restore a folder…).
    Action,
    /// The customer confirms it.
    Attested,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Required,
    Recommended,
}

/// A built-in item's definition: how it is done and how much it matters by default.
#[derive(Debug, Clone, Copy)]
pub struct ItemDef {
    pub id: ItemId,
    pub kind: Kind,
    pub severity: Severity,
}

/// Declares the built-in items once: the enum, its names on disk and in forms (serde and
/// [`ItemId::as_str`] agree), the page's order ([`ItemId::ALL`]) and each item's definition.
/// Adding an item here makes the compiler ask for its rule ([`probes::state_of`]) and its texts
/// in every language ([`crate::i18n::ItemTexts::get`]).
macro_rules! items {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $kind:ident, $severity:ident;)*) => {
        /// A built-in checklist item. Its texts live in `i18n`; its rule in [`probes::state_of`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum ItemId {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)*
        }

        impl ItemId {
            /// Every built-in item, in the order the page shows them (the runbook's order).
            pub const ALL: &'static [ItemId] = &[$(ItemId::$variant),*];

            /// The name in policy files, forms, anchors and the audit log.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ItemId::$variant => $name,)*
                }
            }

            pub fn def(self) -> ItemDef {
                match self {
                    $(ItemId::$variant => ItemDef { id: self, kind: Kind::$kind, severity: Severity::$severity },)*
                }
            }

            pub fn parse(s: &str) -> Option<ItemId> {
                match s {
                    $($name => Some(ItemId::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

items! {
    CredentialsRotated = "credentials_rotated", Action, Required;
    FolderRestored = "folder_restored", Action, Required;
    PersistenceReviewed = "persistence_reviewed", Action, Required;
    TokensKeysReviewed = "tokens_keys_reviewed", Verified, Required;
    PhpSupported = "php_supported", Verified, Required;
    NoWorldWritable = "no_world_writable", Verified, Required;
    WordpressHardened = "wordpress_hardened", Verified, Required;
    /// Shown only when the case names the software the attacker came in through.
    VulnerableSoftware = "vulnerable_software", Verified, Required;
    TwoFactor = "two_factor", Verified, Recommended;
    AttestComputerScanned = "attest_computer_scanned", Attested, Required;
    AttestPasswordManager = "attest_password_manager", Attested, Required;
    AttestGuidanceRead = "attest_guidance_read", Attested, Required;
}

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Not an item: the customer's confirmation, offered when every backup postdates the attack,
/// that they reinstalled the script cleanly instead of restoring.
pub const CLEAN_INSTALL: &str = "clean_install";

/// What a customer may confirm: a built-in attestation the policy keeps on, the clean
/// reinstall, or one of the host's own attestations. The one rule for the page and root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    Item(ItemId),
    CleanInstall,
    /// The host's own attestation (`x_…`), named in the policy.
    Extra(String),
}

impl Confirmation {
    /// `None` when `s` is not something the customer confirms under `policy`.
    pub fn parse(policy: &Policy, s: &str) -> Option<Confirmation> {
        if s == CLEAN_INSTALL {
            return Some(Confirmation::CleanInstall);
        }
        if let Some(id) = ItemId::parse(s) {
            let def = id.def();
            return (def.kind == Kind::Attested && policy.severity_of(&def).is_some())
                .then_some(Confirmation::Item(id));
        }
        policy.extra_attestations.iter().any(|x| x.id == s).then(|| Confirmation::Extra(s.to_owned()))
    }

    /// The name kept in the customer's progress and the audit log.
    pub fn as_str(&self) -> &str {
        match self {
            Confirmation::Item(id) => id.as_str(),
            Confirmation::CleanInstall => CLEAN_INSTALL,
            Confirmation::Extra(x) => x,
        }
    }
}

/// Why an item is not done, in facts; pages word it per language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Delivered by a step that this version does not have yet: never counts as passed.
    StepNotAvailable,
    /// The customer has not confirmed it.
    NotAttested,
    /// API tokens created before the release, not kept on purpose.
    OldTokens(Vec<String>),
    /// SSH keys present before the release, not kept on purpose.
    OldSshKeys(Vec<String>),
    /// Both at once: the customer reviews them together.
    OldTokensAndKeys {
        tokens: Vec<String>,
        keys: Vec<String>,
    },
    TwoFactorOff,
    /// (domain, PHP version) pairs below the supported minimum.
    OldPhp(Vec<(String, String)>),
    /// World-writable files or folders: how many, and a few of them (relative paths).
    WorldWritable {
        count: usize,
        examples: Vec<String>,
    },
    /// wp-config.php files that still allow editing code from the dashboard.
    WpFileEditAllowed(Vec<String>),
    /// wp-config.php files whose keys and salts were not renewed since the release.
    WpSaltsOld(Vec<String>),
    /// cPanel did not answer, so the server could not check.
    CouldNotCheck(String),
    /// The sweep found this many things not yet removed or kept.
    OpenFindings(usize),
    /// This many credentials still have their old password.
    CredentialsLeft(usize),
    /// WordPress administrators and uploaders whose password the plugin has not changed since
    /// the release (`users`), and WordPress sites not looked at since then (`unchecked`).
    WpUsersLeft {
        users: usize,
        unchecked: usize,
    },
    /// Site configs (path, database user) that cannot log in to their database.
    DbLoginFails(Vec<(String, String)>),
    /// The software the case names, still in a WordPress site below the fixed version.
    VulnerableSoftware(Vec<VulnerableFound>),
    /// No verified delete-then-restore yet.
    NotRestored,
    /// Restored, but from a backup made after the attack.
    RestoredFromLateBackup,
}

/// One plugin or theme folder the case names that is not updated yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VulnerableFound {
    /// The site's folder (holding `wp-content`), relative to the home directory.
    pub site: String,
    pub slug: String,
    pub installed: Installed,
    /// The first version that is not vulnerable.
    pub fixed: String,
}

/// What the files say about an installed plugin's or theme's version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    /// Below the fixed version.
    Version(String),
    /// No header names a version we can compare (or the folder could not be read).
    Unknown,
    /// The folder is a symlink, which the check does not follow.
    Linked,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Done,
    /// Nothing to do on this account (e.g. no WordPress found).
    NotApplicable,
    NotDone(Reason),
}

impl State {
    pub fn passes(&self) -> bool {
        matches!(self, State::Done | State::NotApplicable)
    }
}

/// An item as shown and gated: built-in, or the host's extra attestation with its texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Builtin(ItemId),
    Extra(policy::ExtraAttestation),
}

impl Item {
    /// The item's name in forms, anchors and the audit log.
    pub fn name(&self) -> &str {
        match self {
            Item::Builtin(id) => id.as_str(),
            Item::Extra(x) => &x.id,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ItemResult {
    pub item: Item,
    pub kind: Kind,
    pub severity: Severity,
    pub state: State,
}

#[derive(Debug, Clone)]
pub struct Evaluation {
    pub items: Vec<ItemResult>,
}

impl Evaluation {
    pub fn required(&self) -> impl Iterator<Item = &ItemResult> {
        self.items.iter().filter(|i| i.severity == Severity::Required)
    }

    pub fn required_done(&self) -> usize {
        self.required().filter(|i| i.state.passes()).count()
    }

    pub fn required_total(&self) -> usize {
        self.required().count()
    }

    /// The required items that block a reopen.
    pub fn blocking(&self) -> Vec<&ItemResult> {
        self.required().filter(|i| !i.state.passes()).collect()
    }
}

/// Where an assessment reads what was done. The page reads the customer's own records
/// ([`CustomerRecords`]); root, before a reopen, reads its own evidence of the release and the
/// audit chain, and judges some items itself (`helper`'s `RootEvidence`).
pub trait Records {
    /// What the customer confirmed or kept, as this side trusts it.
    fn progress(&self, snap: &probes::Snapshot) -> Result<Progress, String>;
    /// The state of `id` as this side judges it from its own evidence, or `None` for the
    /// shared rule ([`probes::state_of`]).
    fn judge(&self, id: ItemId, snap: &probes::Snapshot, progress: &Progress) -> Option<State>;
}

/// The customer's own records in `~/.secure_reopen` (the page's side): the shared rules read
/// the restore and rotation records the snapshot carries.
pub struct CustomerRecords<'a> {
    pub state_dir: &'a std::path::Path,
    pub release: Option<time::OffsetDateTime>,
}

impl Records for CustomerRecords<'_> {
    fn progress(&self, _snap: &probes::Snapshot) -> Result<Progress, String> {
        // A missing or unreadable record is "nothing confirmed yet": root checks for itself.
        Ok(crate::progress::load(self.state_dir, self.release).unwrap_or_default())
    }

    fn judge(&self, _id: ItemId, _snap: &probes::Snapshot, _progress: &Progress) -> Option<State> {
        None
    }
}

/// The one checklist assessment, for the page and for root: what the server saw and what was
/// done (as `records` reads it) into a state per item, under a policy.
pub fn assess(policy: &Policy, snap: &probes::Snapshot, records: &dyn Records) -> Result<Evaluation, String> {
    let progress = records.progress(snap)?;
    Ok(evaluate(policy, snap, &progress, |id| records.judge(id, snap, &progress)))
}

fn evaluate(
    policy: &Policy,
    snap: &probes::Snapshot,
    progress: &Progress,
    judge: impl Fn(ItemId) -> Option<State>,
) -> Evaluation {
    let mut items = Vec::new();
    for &id in ItemId::ALL {
        let def = id.def();
        let Some(severity) = policy.severity_of(&def) else {
            continue;
        };
        if !probes::applies(id, snap) {
            continue;
        }
        let state = judge(id).unwrap_or_else(|| probes::state_of(id, snap, progress, policy));
        items.push(ItemResult { item: Item::Builtin(id), kind: def.kind, severity, state });
    }
    for extra in &policy.extra_attestations {
        items.push(ItemResult {
            item: Item::Extra(extra.clone()),
            kind: Kind::Attested,
            severity: extra.severity,
            state: attested(progress, &extra.id),
        });
    }
    Evaluation { items }
}

pub(crate) fn attested(progress: &Progress, id: &str) -> State {
    if progress.attestations.contains_key(id) { State::Done } else { State::NotDone(Reason::NotAttested) }
}

#[cfg(test)]
mod tests;
