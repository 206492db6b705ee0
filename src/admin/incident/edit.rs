//! `secure-reopen incident edit`: the technician corrects what an open case says.

use clap::Args;

use super::{
    CaseText, Failure, Status, admin_audit, affected_dir_arg, load, parse_attack_time, save, status_word, user_arg,
};
use crate::incident;
use crate::paths::Paths;
use crate::privileged::Event;

/// `incident edit`'s arguments: only what is given changes.
#[derive(Args)]
pub(crate) struct EditArgs {
    pub(super) user: String,
    /// When the attack happened (RFC 3339, e.g. 2026-11-18T03:12:00Z).
    #[arg(long, conflicts_with = "no_attack_time")]
    attack_time: Option<String>,
    /// The attack time is exact (default: approximate); with --attack-time.
    #[arg(long, requires = "attack_time")]
    exact: bool,
    /// The attack time is not known (the logs were rotated).
    #[arg(long)]
    no_attack_time: bool,
    #[command(flatten)]
    text: CaseText,
    /// Replaces the list of vulnerable software (KIND:SLUG:FIXED_VERSION, repeatable).
    #[arg(long, value_name = "KIND:SLUG:FIXED_VERSION", value_parser = incident::Vulnerable::parse)]
    vulnerable: Vec<incident::Vulnerable>,
    /// Empties the list of vulnerable software.
    #[arg(long, conflicts_with = "vulnerable")]
    no_vulnerable: bool,
}

/// `incident edit`: only an open case (investigating or awaiting the customer); what is given
/// replaces what the record says, and the audit log names the fields changed.
pub(super) fn edit(paths: &Paths, args: EditArgs) -> Result<(), Failure> {
    let EditArgs {
        user,
        attack_time,
        exact,
        no_attack_time,
        text: CaseText { vector, notes, contact, affected_dir },
        vulnerable,
        no_vulnerable,
    } = args;
    let user = user_arg(&user)?;
    let attack_time = attack_time.map(|s| parse_attack_time(&s, exact)).transpose()?;
    // Empty clears it (the record then means `public_html`).
    let affected_dir =
        affected_dir.map(|d| if d.trim().is_empty() { Ok(String::new()) } else { affected_dir_arg(&d) }).transpose()?;
    let mut inc = load(paths, &user)?;
    if !matches!(inc.status, Status::Investigating | Status::AwaitingCustomer) {
        return Err(Failure::Failed(format!(
            "{user}'s incident is {}; only an open case can be edited (`incident investigate {user}` opens it again)",
            status_word(inc.status)
        )));
    }
    let mut changed = Vec::new();
    if let Some(a) = attack_time {
        inc.attack_time = Some(a);
        changed.push("attack_time");
    } else if no_attack_time {
        inc.attack_time = None;
        changed.push("attack_time");
    }
    for (field, name, value) in [
        (&mut inc.vector, "vector", vector),
        (&mut inc.notes, "notes", notes),
        (&mut inc.contact_email, "contact", contact),
        (&mut inc.affected_dir, "affected_dir", affected_dir),
    ] {
        if let Some(v) = value {
            *field = Some(v).filter(|v| !v.trim().is_empty());
            changed.push(name);
        }
    }
    if !vulnerable.is_empty() || no_vulnerable {
        inc.vulnerable = vulnerable;
        changed.push("vulnerable");
    }
    if changed.is_empty() {
        return Err(Failure::Usage(
            "nothing to change: give --attack-time, --no-attack-time, --vector, --notes, --contact, --affected-dir, --vulnerable or --no-vulnerable".into(),
        ));
    }
    save(paths, &inc)?;
    admin_audit(paths, &user, Event::IncidentEdited, "ok", &[("fields", &changed.join(","))])?;
    println!("changed {} of {user}'s incident", changed.join(", "));
    Ok(())
}
