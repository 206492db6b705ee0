use super::*;

fn rec(event: crate::privileged::Event) -> Record<'static> {
    Record { source: Source::Helper, remote: "127.0.0.1", event, result: "ok", details: Default::default() }
}

fn setup(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::new(dir.path());
    let user = UserName::parse("demo").unwrap();
    for i in 0..n {
        append(&paths, &user, rec(crate::privileged::Event::ALL[i])).unwrap();
    }
    let p = log_path(&paths, &user);
    (dir, p)
}

#[test]
fn intact_chain_verifies() {
    let (_d, p) = setup(3);
    assert_eq!(verify(&p).unwrap(), Ok(3));
}

#[test]
fn edited_entry_is_named() {
    let (_d, p) = setup(3);
    let text = fs::read_to_string(&p).unwrap().replacen("\"attested\"", "\"token_kept\"", 1);
    fs::write(&p, text).unwrap();
    assert_eq!(verify(&p).unwrap().unwrap_err().line, 2);
}

#[test]
fn removed_entry_is_named() {
    let (_d, p) = setup(3);
    let lines: Vec<String> = fs::read_to_string(&p).unwrap().lines().map(str::to_owned).collect();
    fs::write(&p, format!("{}\n{}\n", lines[0], lines[2])).unwrap();
    assert_eq!(verify(&p).unwrap().unwrap_err().line, 2);
}

#[test]
fn a_missing_log_is_missing_not_intact() {
    let (_d, p) = setup(0);
    assert_eq!(verify(&p).unwrap().unwrap_err().why, "the audit log is missing");
}

#[test]
fn a_tail_cut_with_its_head_is_caught_by_the_anchor() {
    let (d, p) = setup(3);
    let paths = Paths::new(d.path());
    let user = UserName::parse("demo").unwrap();
    let anchor = head(&paths, &user).unwrap().unwrap();
    assert_eq!(verify_anchored(&p, Some(&anchor)).unwrap(), Ok(3));
    // Cut the last entry and rewrite the head to match: only the anchor notices.
    let lines: Vec<String> = fs::read_to_string(&p).unwrap().lines().map(str::to_owned).collect();
    fs::write(&p, format!("{}\n{}\n", lines[0], lines[1])).unwrap();
    let second: Entry = serde_json::from_str(&lines[1]).unwrap();
    fsutil::write_json(&head_path(&p), &Head { seq: 2, hash: second.hash }, 0o600).unwrap();
    assert_eq!(verify(&p).unwrap(), Ok(2));
    assert!(verify_anchored(&p, Some(&anchor)).unwrap().unwrap_err().why.contains("incident record"));
}

#[test]
fn truncated_tail_is_detected() {
    let (_d, p) = setup(3);
    let lines: Vec<String> = fs::read_to_string(&p).unwrap().lines().map(str::to_owned).collect();
    fs::write(&p, format!("{}\n{}\n", lines[0], lines[1])).unwrap();
    assert!(verify(&p).unwrap().unwrap_err().why.contains("cut off"));
}
