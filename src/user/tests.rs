use super::UserName;

#[test]
fn rejects_path_tricks_and_odd_names() {
    for bad in ["", "../etc", "Demo", "1abc", "a/b", "abcdefghijklmnopq", "demo\n"] {
        assert!(UserName::parse(bad).is_err(), "{bad:?}");
    }
    assert_eq!(UserName::parse("demo2").unwrap().as_str(), "demo2");
}
