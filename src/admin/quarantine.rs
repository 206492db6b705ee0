//! `secure-reopen quarantine list|purge USER`: the folders a restore moved to a customer's
//! quarantine, for the technician. Deleting uses the same code as the customer's page
//! (`restore::quarantine`: one copy by name, never through a link) and is audited per copy.

use crate::privileged::Event;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Failure, admin_audit, user_arg};
use crate::checklist::Policy;
use crate::paths::Paths;
use crate::restore::quarantine::{self, Copy};

#[derive(clap::Subcommand)]
pub enum Action {
    /// Every quarantined copy: name, size, when it was moved there, until when the policy
    /// keeps it.
    List {
        user: String,
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Delete the copies older than DAYS (default: the policy's quarantine_days), or exactly
    /// the copy named with --name.
    Purge {
        user: String,
        #[arg(long, value_name = "DAYS", conflicts_with = "name")]
        older_than: Option<u32>,
        /// One copy, by its name in `quarantine list`.
        #[arg(long)]
        name: Option<String>,
    },
}

pub fn run(paths: &Paths, action: Action) -> Result<(), Failure> {
    let policy = Policy::load(paths).map_err(Failure::Failed)?;
    match action {
        Action::List { user, json } => {
            let user = user_arg(&user)?;
            let state = state_dir(paths, &user)?;
            let copies = quarantine::list(&state)
                .map_err(|e| Failure::Failed(format!("cannot list {}: {e}", quarantine::root(&state).display())))?;
            if json {
                let v: Vec<_> = copies.iter().map(|c| to_json(c, policy.quarantine_days)).collect();
                println!("{}", serde_json::to_string_pretty(&v).expect("copies serialize"));
            } else if copies.is_empty() {
                println!("no quarantined copies in {}", quarantine::root(&state).display());
            } else {
                println!(
                    "{:<44} {:>12} {:>8}  {:<20}  {:<20}",
                    "COPY", "BYTES", "FILES", "MOVED (UTC)", "KEPT UNTIL (UTC)"
                );
                for c in &copies {
                    println!(
                        "{:<44} {:>12} {:>8}  {:<20}  {:<20}",
                        c.name,
                        c.bytes,
                        c.files,
                        stamp(c.made),
                        stamp(c.kept_until(policy.quarantine_days))
                    );
                }
            }
            Ok(())
        }
        Action::Purge { user, older_than, name } => {
            let user = user_arg(&user)?;
            let state = state_dir(paths, &user)?;
            if let Some(name) = name {
                let c = quarantine::purge(&state, &name).map_err(|e| Failure::Failed(format!("{name}: {e}")))?;
                let c = &c;
                purged(paths, &user, c)?;
                println!("deleted {} ({} bytes)", c.name, c.bytes);
                return Ok(());
            }
            let days = older_than.unwrap_or(policy.quarantine_days);
            let cutoff = OffsetDateTime::now_utc() - time::Duration::days(i64::from(days));
            let (done, failed) = quarantine::purge_older_than(&state, cutoff)
                .map_err(|e| Failure::Failed(format!("cannot list {}: {e}", quarantine::root(&state).display())))?;
            for c in &done {
                purged(paths, &user, c)?;
                println!("deleted {} ({} bytes, moved {})", c.name, c.bytes, stamp(c.made));
            }
            for (c, why) in &failed {
                admin_audit(paths, &user, Event::QuarantinePurged, "failed", &[("copy", &c.name)])?;
                eprintln!("not deleted {}: {why}", c.name);
            }
            if done.is_empty() && failed.is_empty() {
                println!("no quarantined copy is older than {days} days");
            }
            if failed.is_empty() {
                Ok(())
            } else {
                Err(Failure::Failed(format!("{} copies could not be deleted", failed.len())))
            }
        }
    }
}

fn state_dir(paths: &Paths, user: &crate::user::UserName) -> Result<std::path::PathBuf, Failure> {
    let home = super::incident::home_of(paths, user)?;
    Ok(home.join(".secure_reopen"))
}

/// Audits one deleted copy.
fn purged(paths: &Paths, user: &crate::user::UserName, c: &Copy) -> Result<(), Failure> {
    admin_audit(paths, user, Event::QuarantinePurged, "ok", &[("copy", &c.name), ("bytes", &c.bytes.to_string())])
}

fn stamp(t: OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    t.format(&f).unwrap_or_default()
}

fn to_json(c: &Copy, days: u32) -> serde_json::Value {
    serde_json::json!({
        "name": c.name,
        "folder": c.folder,
        "partial": c.partial,
        "bytes": c.bytes,
        "files": c.files,
        "at_least": c.truncated,
        "moved_at": c.made.format(&Rfc3339).unwrap_or_default(),
        "kept_until": c.kept_until(days).format(&Rfc3339).unwrap_or_default(),
    })
}
