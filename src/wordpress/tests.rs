use super::record::{Change, Observed, ObservedUser};
use super::*;
use std::collections::BTreeMap;

fn t(s: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(s).unwrap()
}

fn rec(release: i64, observed: i64, hash: &str, change: Option<(i64, &str)>) -> Record {
    let mut changes = BTreeMap::new();
    if let Some((at, old)) = change {
        changes.insert(
            "1".to_owned(),
            Change { login: "admin".into(), at: t(at), ok: true, old_hash: old.into(), message: None },
        );
    }
    let users = vec![ObservedUser { id: 1, login: "admin".into(), admin: true, upload: true, hash: hash.into() }];
    let mut installs = BTreeMap::new();
    installs.insert(
        "public_html".to_owned(),
        Observed { observed_at: t(observed), error: None, users, changes, wp_version: None },
    );
    Record { release: Some(t(release)), installs }
}

#[test]
fn done_only_when_every_user_changed_after_the_release_and_the_hash_moved() {
    let cfgs = ["public_html/wp-config.php".to_owned()];
    let r = Some(t(100));
    assert_eq!(left(None, &cfgs, r), Err(Left { users: 0, unchecked: 1 }));
    assert_eq!(left(Some(&rec(100, 150, "new", None)), &cfgs, r), Err(Left { users: 1, unchecked: 0 }));
    assert_eq!(left(Some(&rec(100, 150, "new", Some((120, "old")))), &cfgs, r), Ok(()));
    // Changed before the release: does not count.
    assert_eq!(left(Some(&rec(100, 150, "new", Some((90, "old")))), &cfgs, r), Err(Left { users: 1, unchecked: 0 }));
    // The old hash is back (a restore of the database): not done.
    assert_eq!(left(Some(&rec(100, 150, "old", Some((120, "old")))), &cfgs, r), Err(Left { users: 1, unchecked: 0 }));
    // A record of another release does not count.
    assert_eq!(left(Some(&rec(50, 150, "new", Some((120, "old")))), &cfgs, r), Err(Left { users: 0, unchecked: 1 }));
    // No WordPress: nothing to do.
    assert_eq!(left(None, &[], r), Ok(()));
}

#[test]
fn targets_round_trip_and_incident_note_names_plugins() {
    let tg = Target { install: "public_html/a#b".into(), id: 7 };
    assert_eq!(Target::parse(&tg.login()), Some(tg));
    let s = Software {
        file: "revslider/revslider.php".into(),
        name: "Slider Revolution".into(),
        version: "4.1".into(),
        active: true,
        update: None,
    };
    assert!(named_in("Uploaded through an old RevSlider plugin", &s));
    assert!(!named_in("Stolen FTP password", &s));
}
