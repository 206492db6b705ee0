use super::*;

#[test]
fn php_versions_parse() {
    assert_eq!(parse_php_version("ea-php74"), Some((7, 4)));
    assert_eq!(parse_php_version("alt-php82"), Some((8, 2)));
    assert_eq!(parse_php_version("8.3"), Some((8, 3)));
    assert_eq!(parse_php_version("inherit"), None);
}

#[test]
fn guide_links_and_retention_are_checked() {
    let p: Policy = serde_json::from_str(
        r#"{"guide_url":{"en":"https://host.example/guide","nb":"https://host.example/veiledning"}}"#,
    )
    .unwrap();
    assert!(p.check().is_ok());
    assert_eq!(p.quarantine_days, 30);
    for bad in ["javascript:alert(1)", "https://", "https://x.example/a b", "https://x.example/\"x", "/guide"] {
        let mut q = p.clone();
        q.guide_url.as_mut().unwrap().nb = bad.into();
        assert!(q.check().unwrap_err().contains("guide_url.nb"), "{bad}");
    }
    let p: Policy = serde_json::from_str(r#"{"quarantine_days":0}"#).unwrap();
    assert!(p.check().unwrap_err().contains("quarantine_days"));
}

#[test]
fn unknown_item_is_refused() {
    let e = serde_json::from_str::<Policy>(r#"{"items":{"nope":"off"}}"#).unwrap_err().to_string();
    assert!(e.contains("unknown variant `nope`") && e.contains("two_factor"), "{e}");
}
