//! The security checklist: items declared as data, a policy that tunes them, and an evaluation
//! that turns what the server sees (a [`probes::Snapshot`]) and what the customer did
//! ([`crate::progress::Progress`]) into a state per item. Knows no HTML.

pub mod files;
pub mod policy;
pub mod probes;

use serde::{Deserialize, Serialize};

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

/// A built-in item. Its texts live in `i18n` under the same id.
#[derive(Debug, Clone, Copy)]
pub struct ItemDef {
    pub id: &'static str,
    pub kind: Kind,
    pub severity: Severity,
}

pub const CREDENTIALS_ROTATED: &str = "credentials_rotated";
pub const FOLDER_RESTORED: &str = "folder_restored";
pub const PERSISTENCE_REVIEWED: &str = "persistence_reviewed";
pub const TOKENS_KEYS_REVIEWED: &str = "tokens_keys_reviewed";
pub const TWO_FACTOR: &str = "two_factor";
pub const PHP_SUPPORTED: &str = "php_supported";
pub const NO_WORLD_WRITABLE: &str = "no_world_writable";
pub const WORDPRESS_HARDENED: &str = "wordpress_hardened";
pub const ATTEST_COMPUTER_SCANNED: &str = "attest_computer_scanned";
pub const ATTEST_PASSWORD_MANAGER: &str = "attest_password_manager";
pub const ATTEST_GUIDANCE_READ: &str = "attest_guidance_read";
/// Not an item: the customer's confirmation, offered when every backup postdates the attack,
/// that they reinstalled the script cleanly instead of restoring.
pub const CLEAN_INSTALL: &str = "clean_install";

/// The built-in items, in the order the page shows them (the runbook's order).
pub const BUILTIN: &[ItemDef] = &[
    ItemDef { id: CREDENTIALS_ROTATED, kind: Kind::Action, severity: Severity::Required },
    ItemDef { id: FOLDER_RESTORED, kind: Kind::Action, severity: Severity::Required },
    ItemDef { id: PERSISTENCE_REVIEWED, kind: Kind::Action, severity: Severity::Required },
    ItemDef { id: TOKENS_KEYS_REVIEWED, kind: Kind::Verified, severity: Severity::Required },
    ItemDef { id: PHP_SUPPORTED, kind: Kind::Verified, severity: Severity::Required },
    ItemDef { id: NO_WORLD_WRITABLE, kind: Kind::Verified, severity: Severity::Required },
    ItemDef { id: WORDPRESS_HARDENED, kind: Kind::Verified, severity: Severity::Required },
    ItemDef { id: TWO_FACTOR, kind: Kind::Verified, severity: Severity::Recommended },
    ItemDef { id: ATTEST_COMPUTER_SCANNED, kind: Kind::Attested, severity: Severity::Required },
    ItemDef { id: ATTEST_PASSWORD_MANAGER, kind: Kind::Attested, severity: Severity::Required },
    ItemDef { id: ATTEST_GUIDANCE_READ, kind: Kind::Attested, severity: Severity::Required },
];

pub fn builtin(id: &str) -> Option<&'static ItemDef> {
    BUILTIN.iter().find(|d| d.id == id)
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
    /// No verified delete-then-restore yet.
    NotRestored,
    /// Restored, but from a backup made after the attack.
    RestoredFromLateBackup,
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

/// An item as shown and gated: built-in or the admin's extra attestation.
#[derive(Debug, Clone)]
pub struct ItemResult {
    pub id: String,
    pub kind: Kind,
    pub severity: Severity,
    pub state: State,
    /// For the admin's extra attestations: their texts (en, nb).
    pub extra: Option<policy::ExtraAttestation>,
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

    pub fn may_reopen(&self) -> bool {
        self.blocking().is_empty()
    }
}

/// Turns what the server saw and what the customer did into a state per item, under a policy.
pub fn evaluate(policy: &Policy, snap: &probes::Snapshot, progress: &crate::progress::Progress) -> Evaluation {
    let mut items = Vec::new();
    for def in BUILTIN {
        let Some(severity) = policy.severity_of(def) else {
            continue;
        };
        let state = match def.kind {
            Kind::Attested => attested(progress, def.id),
            _ => probes::state_of(def.id, snap, progress, policy),
        };
        items.push(ItemResult { id: def.id.to_owned(), kind: def.kind, severity, state, extra: None });
    }
    for extra in &policy.extra_attestations {
        items.push(ItemResult {
            id: extra.id.clone(),
            kind: Kind::Attested,
            severity: extra.severity,
            state: attested(progress, &extra.id),
            extra: Some(extra.clone()),
        });
    }
    Evaluation { items }
}

fn attested(progress: &crate::progress::Progress, id: &str) -> State {
    if progress.attestations.contains_key(id) { State::Done } else { State::NotDone(Reason::NotAttested) }
}
