use super::*;
use time::macros::datetime;

fn at(p: Precision) -> AttackTime {
    AttackTime { at: datetime!(2026-11-18 03:12 UTC), precision: p }
}

fn b(id: &str) -> Backup {
    Backup::parse(id, id.rsplit('/').next().unwrap()).unwrap()
}

#[test]
fn newest_before_attack_wins() {
    let all = [b("2026-11-10"), b("2026-11-20"), b("weekly/2026-11-15")];
    assert_eq!(
        choose(&all, Some(&at(Precision::Exact))),
        Choice::Clean { chosen: b("weekly/2026-11-15"), others: vec![b("2026-11-20"), b("2026-11-10")] }
    );
}

#[test]
fn a_backup_of_the_attack_day_is_not_clean() {
    // cPanel gives the day only: the backup may have been made after 03:12.
    assert!(!is_clean(&b("2026-11-18"), &at(Precision::Exact)));
    assert!(!is_clean(&b("2026-11-17"), &at(Precision::Exact)), "a 2026-11-17 backup can end at 11-18 12:00 UTC");
    assert!(is_clean(&b("2026-11-16"), &at(Precision::Exact)));
}

#[test]
fn approximate_time_keeps_a_margin() {
    assert!(is_clean(&b("2026-11-16"), &at(Precision::Exact)));
    assert!(!is_clean(&b("2026-11-16"), &at(Precision::Approximate)));
    match choose(&[b("2026-11-10"), b("2026-11-16")], Some(&at(Precision::Approximate))) {
        Choice::Clean { chosen, .. } => assert_eq!(chosen, b("2026-11-10")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn only_later_backups_warn() {
    assert!(matches!(
        choose(&[b("2026-11-20"), b("2026-11-18")], Some(&at(Precision::Exact))),
        Choice::AllAfterAttack(v) if v.len() == 2
    ));
    assert_eq!(choose(&[], Some(&at(Precision::Exact))), Choice::NoBackups);
}
