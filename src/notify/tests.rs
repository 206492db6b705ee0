use super::*;

#[test]
fn header_injection_is_impossible() {
    assert!(!valid_address("a@b.example\nBcc: x@y.example"));
    assert!(!valid_address("-oQ/tmp@x.example"));
    assert!(valid_address("owner@demo-shop.example"));
    assert_eq!(encode_subject("Nettstedet ditt er åpent"), "=?UTF-8?B?TmV0dHN0ZWRldCBkaXR0IGVyIMOlcGVudA==?=");
}

#[test]
fn the_customer_is_never_written_to_on_a_held_domain() {
    let info = serde_json::json!({
        "domain": "shop.example", "domains": ["shop.example", "blog.example"],
        "contact_email": "owner@Mail.Shop.example", "contact_email_2": "owner@isp.example",
    });
    let (to, note) = customer_recipient(&info).unwrap();
    assert_eq!(to, "owner@isp.example");
    assert!(note.unwrap().contains("owner@Mail.Shop.example"));
    let only_own = serde_json::json!({"domain": "shop.example", "contact_email": "me@shop.example"});
    assert!(customer_recipient(&only_own).unwrap_err().contains("tell the customer by phone"));
    let none = serde_json::json!({"domain": "shop.example", "contact_email": ""});
    assert!(customer_recipient(&none).unwrap_err().contains("no contact e-mail"));
}

#[test]
fn the_host_notice_goes_to_whms_contact_by_default() {
    let root = tempfile::tempdir().unwrap();
    let paths = Paths::new(root.path());
    let cfg = Config::default();
    assert!(host_recipient(&paths, &cfg).unwrap_err().contains("CONTACTEMAIL"));
    std::fs::create_dir_all(root.path().join("etc")).unwrap();
    std::fs::write(root.path().join("etc/wwwacct.conf"), "ADDR 10.0.0.1\nCONTACTEMAIL noc@host.example\n").unwrap();
    assert_eq!(host_recipient(&paths, &cfg).unwrap().as_deref(), Some("noc@host.example"));
    let off = Config { host_notices: Some(false), ..Config::default() };
    assert_eq!(host_recipient(&paths, &off).unwrap(), None);
    std::fs::write(root.path().join("etc/hostname"), "server1.host.example\n").unwrap();
    assert_eq!(sender(&paths, &cfg), "secure-reopen@server1.host.example");
}
