use super::*;

fn seen(id: u64, digest: &str) -> Seen {
    Seen { config: "public_html/wp-config.php".into(), id, login: format!("u{id}"), digest: digest.into() }
}

#[test]
fn the_table_prefix_is_read_from_code_not_comments() {
    let text = "<?php\n// $table_prefix = 'old_';\n# Innstillinger – ikke rør\n$table_prefix = 'shop_';\n";
    assert_eq!(string_variable(text, "table_prefix").as_deref(), Some("shop_"));
    assert!(valid_prefix("shop_") && !valid_prefix("x`; DROP TABLE y; --"));
}

#[test]
fn a_role_that_can_upload_counts_and_a_role_set_to_false_does_not() {
    let option = br#"a:3:{s:13:"administrator";a:1:{s:12:"capabilities";a:0:{}}s:12:"shop_manager";a:1:{s:12:"capabilities";a:1:{s:12:"upload_files";b:1;}}s:8:"customer";a:1:{s:12:"capabilities";a:1:{s:4:"read";b:1;}}}"#;
    let roles = privileged_roles(option).unwrap();
    assert_eq!(roles, ["administrator", "shop_manager"]);
    assert!(has_role(br#"a:1:{s:12:"shop_manager";b:1;}"#, &roles));
    assert!(!has_role(br#"a:2:{s:13:"administrator";b:0;s:8:"customer";b:1;}"#, &roles));
    assert_eq!(unescape_batch(r"a\tb\\c\n"), b"a\tb\\c\n");
    assert_eq!(privileged_roles(b""), None);
}

#[test]
fn a_user_is_done_when_their_hash_changed_or_they_are_gone() {
    let release = [seen(1, "a"), seen(2, "b"), seen(3, "c")];
    let now = [seen(1, "a2"), seen(2, "b"), seen(4, "d")];
    let left: Vec<u64> = unchanged(&release, &now).iter().map(|s| s.id).collect();
    assert_eq!(left, vec![2]);
}
