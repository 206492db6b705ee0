use super::*;

#[test]
fn wordpress_roles_and_capabilities_are_read() {
    let roles = r#"a:2:{s:13:"administrator";a:2:{s:4:"name";s:13:"Administrator";s:12:"capabilities";a:2:{s:14:"manage_options";b:1;s:12:"upload_files";b:1;}}s:12:"shop_manager";a:2:{s:4:"name";s:15:"Gestionnaire ø";s:12:"capabilities";a:2:{s:4:"read";b:1;s:12:"upload_files";i:1;}}}"#;
    let v = parse(roles.as_bytes()).unwrap();
    let names: Vec<String> = v.entries().map(|(k, _)| k).collect();
    assert_eq!(names, ["administrator", "shop_manager"]);
    let shop = v.get("shop_manager").unwrap().get("capabilities").unwrap();
    assert!(shop.get("upload_files").unwrap().truthy());
    assert_eq!(shop.get("manage_options"), None);
    let caps = parse(br#"a:2:{s:6:"editor";b:1;s:13:"administrator";b:0;}"#).unwrap();
    assert!(caps.get("editor").unwrap().truthy() && !caps.get("administrator").unwrap().truthy());
}

#[test]
fn objects_lies_about_lengths_and_deep_nesting_are_refused() {
    for bad in [
        &br#"O:8:"stdClass":0:{}"#[..],
        br#"s:5:"abc";"#,
        br#"a:2:{i:0;b:1;}"#,
        br#"a:1:{a:0:{}i:1;}"#,
        br#"b:1;trailing"#,
        br#"s:99999999999999999999:"x";"#,
    ] {
        assert_eq!(parse(bad), None, "{}", String::from_utf8_lossy(bad));
    }
    let deep = "a:1:{i:0;".repeat(40) + "N;" + &"}".repeat(40);
    assert_eq!(parse(deep.as_bytes()), None);
}
