//! Which backup to restore from: the newest one made before the attack.

use time::{Duration, OffsetDateTime};

use crate::incident::{AttackTime, Precision};

/// When the attack time is only approximate, a backup must be this much older than it to
/// count as clean: an estimate of "about 03:00" should not trust a backup from 02:59.
pub const APPROXIMATE_MARGIN: Duration = Duration::hours(24);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// `chosen` predates the attack; `others` are every other backup, newest first.
    Clean {
        chosen: OffsetDateTime,
        others: Vec<OffsetDateTime>,
    },
    /// Every backup was made after the attack (or too close to it): offer a clean install.
    AllAfterAttack(Vec<OffsetDateTime>),
    /// The attack time is not known: the customer must choose, knowing the risk.
    AttackTimeUnknown(Vec<OffsetDateTime>),
    NoBackups,
}

/// The newest backup strictly older than the attack (minus the margin when approximate).
pub fn choose(backups: &[OffsetDateTime], attack: Option<&AttackTime>) -> Choice {
    let mut all = backups.to_vec();
    all.sort_by(|a, b| b.cmp(a));
    all.dedup();
    if all.is_empty() {
        return Choice::NoBackups;
    }
    let Some(attack) = attack else {
        return Choice::AttackTimeUnknown(all);
    };
    let limit = match attack.precision {
        Precision::Exact => attack.at,
        Precision::Approximate => attack.at - APPROXIMATE_MARGIN,
    };
    match all.iter().position(|b| *b < limit) {
        Some(i) => {
            let chosen = all.remove(i);
            Choice::Clean { chosen, others: all }
        }
        None => Choice::AllAfterAttack(all),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn at(p: Precision) -> AttackTime {
        AttackTime { at: datetime!(2026-11-18 03:12 UTC), precision: p }
    }

    #[test]
    fn newest_before_attack_wins() {
        let b = [datetime!(2026-11-10 00:00 UTC), datetime!(2026-11-20 00:00 UTC), datetime!(2026-11-17 00:00 UTC)];
        assert_eq!(
            choose(&b, Some(&at(Precision::Exact))),
            Choice::Clean {
                chosen: datetime!(2026-11-17 00:00 UTC),
                others: vec![datetime!(2026-11-20 00:00 UTC), datetime!(2026-11-10 00:00 UTC)]
            }
        );
    }

    #[test]
    fn approximate_time_keeps_a_margin() {
        let b = [datetime!(2026-11-10 00:00 UTC), datetime!(2026-11-17 12:00 UTC)];
        match choose(&b, Some(&at(Precision::Approximate))) {
            Choice::Clean { chosen, .. } => assert_eq!(chosen, datetime!(2026-11-10 00:00 UTC)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn only_later_backups_warn() {
        let b = [datetime!(2026-11-20 00:00 UTC), datetime!(2026-11-18 03:12 UTC)];
        assert!(matches!(choose(&b, Some(&at(Precision::Exact))), Choice::AllAfterAttack(v) if v.len() == 2));
        assert_eq!(choose(&[], Some(&at(Precision::Exact))), Choice::NoBackups);
    }
}
