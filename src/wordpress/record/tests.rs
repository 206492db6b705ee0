use super::*;

fn user(id: u64, hash: &str) -> User {
    User {
        id,
        login: format!("u{id}"),
        email: String::new(),
        roles: vec!["administrator".into()],
        admin: true,
        upload: true,
        registered: None,
        last_login: None,
        sessions: 0,
        hash: hash.into(),
    }
}

#[test]
fn a_new_look_replaces_the_users_and_keeps_the_changes_and_a_failed_look_is_remembered() {
    let t = OffsetDateTime::UNIX_EPOCH;
    let mut r = Record::default();
    observe(&mut r, "public_html", t, Ok((&[user(1, "a")], Some("6.1"))));
    r.installs
        .get_mut("public_html")
        .unwrap()
        .changes
        .insert("1".into(), Change { login: "u1".into(), at: t, ok: true, old_hash: "a".into(), message: None });
    observe(&mut r, "public_html", t, Ok((&[user(1, "b"), user(2, "c")], Some("6.1"))));
    let o = &r.installs["public_html"];
    assert_eq!(o.users.len(), 2);
    assert_eq!(o.changes.len(), 1);
    observe(&mut r, "public_html", t, Err("database down".into()));
    assert_eq!(r.installs["public_html"].error.as_deref(), Some("database down"));
}

#[test]
fn the_digest_key_is_private_and_stable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let k = digest_key(dir.path()).unwrap();
    assert_eq!(k.len(), 64);
    assert_eq!(digest_key(dir.path()).unwrap(), k);
    let mode = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0);
}
