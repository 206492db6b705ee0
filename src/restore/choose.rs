//! Which backup to restore from: the newest one made before the attack. One rule,
//! [`is_clean`], decides "before the attack" for the page, the restore and the checklist.

use time::{Date, Duration, OffsetDateTime, Time};

use crate::incident::{AttackTime, Precision};

/// When the attack time is only approximate, a backup must be this much older than it to
/// count as clean: an estimate of "about 03:00" should not trust a backup from 02:59.
pub const APPROXIMATE_MARGIN: Duration = Duration::hours(24);

/// cPanel names a backup by its day only (`backupDate`, `YYYY-MM-DD`, in the server's time
/// zone, which the page does not know): a backup of that day may have been made until the end
/// of that day anywhere, 12 hours after midnight UTC of the next day at the latest (UTC−12).
pub const LATEST_ZONE: Duration = Duration::hours(12);

/// One backup that holds the folder, as `Restore::query_file_info` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// cPanel's `backupID`: `2026-11-10`, `weekly/2026-11-15`, `monthly/2026-11-01`.
    pub id: String,
    /// `backupDate`.
    pub date: Date,
}

impl Backup {
    /// From `backupID` and `backupDate` (`YYYY-MM-DD`); `None` when the date is not one.
    pub fn parse(id: &str, date: &str) -> Option<Backup> {
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        Some(Backup { id: id.to_owned(), date: Date::parse(date, &fmt).ok()? })
    }

    /// The latest moment this backup can have been made.
    pub fn latest_possible(&self) -> OffsetDateTime {
        self.date.with_time(Time::MIDNIGHT).assume_utc() + Duration::days(1) + LATEST_ZONE
    }
}

/// The one rule for "this backup was made before the attack": the latest moment the backup can
/// have been made is not after the attack time (minus [`APPROXIMATE_MARGIN`] when that time
/// is approximate).
pub fn is_clean(backup: &Backup, attack: &AttackTime) -> bool {
    let limit = match attack.precision {
        Precision::Exact => attack.at,
        Precision::Approximate => attack.at - APPROXIMATE_MARGIN,
    };
    backup.latest_possible() <= limit
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// `chosen` predates the attack; `others` are every other backup, newest first.
    Clean {
        chosen: Backup,
        others: Vec<Backup>,
    },
    /// Every backup was made after the attack (or too close to it): offer a clean install.
    AllAfterAttack(Vec<Backup>),
    /// The attack time is not known: the customer must choose, knowing the risk.
    AttackTimeUnknown(Vec<Backup>),
    NoBackups,
}

/// The newest backup that [`is_clean`].
pub fn choose(backups: &[Backup], attack: Option<&AttackTime>) -> Choice {
    let mut all = backups.to_vec();
    all.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    all.dedup_by(|a, b| a.id == b.id);
    if all.is_empty() {
        return Choice::NoBackups;
    }
    let Some(attack) = attack else {
        return Choice::AttackTimeUnknown(all);
    };
    match all.iter().position(|b| is_clean(b, attack)) {
        Some(i) => {
            let chosen = all.remove(i);
            Choice::Clean { chosen, others: all }
        }
        None => Choice::AllAfterAttack(all),
    }
}

#[cfg(test)]
mod tests;
