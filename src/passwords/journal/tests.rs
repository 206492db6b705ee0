use super::*;

fn id(l: &str) -> CredentialId {
    CredentialId { kind: Kind::Email, login: l.into() }
}

#[test]
fn replay_keeps_the_latest_state_and_turns_sending_into_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "p1").unwrap();
    j.set(&id("a@x"), Status::Sending, None).unwrap();
    j.set(&id("b@x"), Status::Sending, None).unwrap();
    j.set(&id("a@x"), Status::Done, None).unwrap();
    j.sync().unwrap();
    drop(j);
    let r = load(dir.path()).unwrap().unwrap();
    assert_eq!(r.status(&id("a@x")), Some(Status::Done));
    assert_eq!(r.status(&id("b@x")), Some(Status::Unknown));
    assert_eq!(r.counts(), Counts { done: 1, unknown: 1, ..Counts::default() });
}

#[test]
fn a_torn_last_line_is_ignored_and_a_damaged_journal_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "p1").unwrap();
    j.set(&id("a@x"), Status::Done, None).unwrap();
    j.sync().unwrap();
    drop(j);
    let mut f = OpenOptions::new().append(true).open(path(dir.path())).unwrap();
    f.write_all(b"{\"p\":\"p1\",\"k\":\"email\",\"l\":\"b@").unwrap();
    drop(f);
    let r = load(dir.path()).unwrap().unwrap();
    assert!(r.done(&id("a@x")) && r.damaged.is_none());
    std::fs::write(path(dir.path()), b"not json\n{}\n").unwrap();
    let r = load(dir.path()).unwrap().unwrap();
    let aside = r.damaged.expect("reported");
    assert!(aside.exists() && !path(dir.path()).exists());
    assert_eq!(std::fs::read(aside).unwrap(), b"not json\n{}\n");
}
