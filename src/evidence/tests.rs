use super::*;

fn cred(kind: CredKind, name: &str, hash: &str) -> Credential {
    Credential { kind, name: name.into(), hash: hash.into() }
}

fn incident() -> Incident {
    serde_json::from_value(serde_json::json!({
        "version": 1, "user": "demo", "status": "awaiting_customer", "opened_at": "2026-11-20T10:00:00Z", "id": "c1"
    }))
    .unwrap()
}

#[test]
fn only_a_changed_hash_counts_and_new_credentials_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let k = key(&Paths::new(dir.path())).unwrap();
    let at_release = [cred(CredKind::Mail, "a@x.example", "$6$old"), cred(CredKind::Ftp, "f@x.example", "$6$f")];
    let rec = build(&k, &incident(), &at_release, &[], Vec::new());
    assert!(!serde_json::to_string(&rec).unwrap().contains("$6$"), "no hash is stored");
    let now = [cred(CredKind::Mail, "a@x.example", "$6$new"), cred(CredKind::Ftp, "f@x.example", "$6$f")];
    let check = check_passwords(&k, &rec, &now);
    assert_eq!(check.unchanged, vec![(CredKind::Ftp, "f@x.example".to_string())]);
    let now = [cred(CredKind::Mail, "a@x.example", "$6$new"), cred(CredKind::Mysql, "demo_new", "*AB")];
    let check = check_passwords(&k, &rec, &now);
    assert!(check.unchanged.is_empty(), "a removed credential is gone, a changed one is done");
    assert_eq!(check.created, vec![(CredKind::Mysql, "demo_new".to_string())]);
}

#[test]
fn the_key_is_kept_and_another_key_gives_other_digests() {
    let dir = tempfile::tempdir().unwrap();
    let p = Paths::new(dir.path());
    let (a, b) = (key(&p).unwrap(), key(&p).unwrap());
    assert_eq!(a.salts("x"), b.salts("x"));
    let other = tempfile::tempdir().unwrap();
    assert_ne!(a.salts("x"), key(&Paths::new(other.path())).unwrap().salts("x"));
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(key_path(&p)).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_symlinked_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = Paths::new(dir.path());
    std::fs::create_dir_all(p.data_dir().join("evidence")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", key_path(&p)).unwrap();
    assert!(key(&p).is_err());
}
