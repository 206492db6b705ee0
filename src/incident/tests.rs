use super::*;

#[test]
fn versions_compare_as_numbers_part_by_part() {
    let v = |s| Version::parse(s).unwrap();
    assert!(v("5.10") > v("5.9"));
    assert!(v("5.3") < v("5.3.1"));
    assert_eq!(v("5.3"), v("5.3.0"));
    assert!(v("10") > v("9.99.99"));
    for bad in ["", "1.", ".1", "1..2", "1.2-beta", "v2", "1 2", "1234567890", "1.2.3.4.5.6.7", "+1"] {
        assert_eq!(Version::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn vulnerable_software_is_parsed_strictly() {
    assert_eq!(
        Vulnerable::parse("wordpress-plugin:contact-form:5.3.2"),
        Ok(Vulnerable { kind: SoftwareKind::WordpressPlugin, slug: "contact-form".into(), fixed: "5.3.2".into() })
    );
    assert_eq!(Vulnerable::parse("wordpress-theme:shop_2:1").unwrap().kind, SoftwareKind::WordpressTheme);
    for bad in [
        "wordpress-plugin:contact-form",
        "wordpress-plugin:contact-form:5.3:x",
        "joomla:contact-form:5",
        "wordpress-plugin:Contact-Form:5",
        "wordpress-plugin:../x:5",
        "wordpress-plugin::5",
        "wordpress-plugin:a/b:5",
        "wordpress-plugin:contact-form:5.x",
    ] {
        assert!(Vulnerable::parse(bad).is_err(), "{bad:?}");
    }
}
