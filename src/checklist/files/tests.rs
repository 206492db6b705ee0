use super::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;

const SALTS: &str = "<?php\ndefine('AUTH_KEY','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');\ndefine('SECURE_AUTH_KEY','bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');\ndefine('LOGGED_IN_KEY','cccccccccccccccccccccccccccccccccccccc');\ndefine('NONCE_KEY','dddddddddddddddddddddddddddddddddddddd');\ndefine('AUTH_SALT','eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee');\ndefine('SECURE_AUTH_SALT','ffffffffffffffffffffffffffffffffffffff');\ndefine('LOGGED_IN_SALT','gggggggggggggggggggggggggggggggggggggg');\ndefine('NONCE_SALT','hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh');\n";

#[test]
fn commented_define_does_not_count() {
    let c = read_wp_config("x".into(), "<?php\n// define('DISALLOW_FILE_EDIT', true);\n", None);
    assert!(!c.file_edit_disallowed);
    let c = read_wp_config("x".into(), "<?php\ndefine( 'DISALLOW_FILE_EDIT', true );\n", None);
    assert!(c.file_edit_disallowed);
}

#[test]
fn placeholder_salts_are_not_set() {
    let text = SALTS.replace("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "put your unique phrase here");
    assert!(!read_wp_config("x".into(), &text, None).salts_set);
    assert!(read_wp_config("x".into(), SALTS, None).salts_set);
}

#[test]
fn scan_finds_world_writable_and_skips_symlinks_out() {
    let home = tempfile::tempdir().unwrap();
    let doc = home.path().join("public_html");
    fs::create_dir_all(doc.join("a")).unwrap();
    fs::write(doc.join("a/open.txt"), "x").unwrap();
    fs::set_permissions(doc.join("a/open.txt"), fs::Permissions::from_mode(0o666)).unwrap();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("wp-config.php"), "<?php").unwrap();
    std::os::unix::fs::symlink(outside.path(), doc.join("link")).unwrap();
    let f = scan(home.path(), &[doc], &ScanLimits::default());
    assert_eq!(f.world_writable, 1);
    assert_eq!(f.world_writable_examples, ["public_html/a/open.txt"]);
    assert!(f.wp_configs.is_empty());
    // A link that leaves the home is a finding ("could not check"), not a skip.
    assert_eq!(f.problems, ["public_html/link points outside the home directory"]);
    assert!(f.clone().complete().is_err());
}

#[test]
fn headers_are_read_as_wordpress_reads_them() {
    let php = "<?php\r/**\r * Plugin Name: Contact Form\r * Version: 5.1 */\r";
    assert_eq!(file_header(php, "Plugin Name").as_deref(), Some("Contact Form"));
    assert_eq!(file_header(php, "Version").as_deref(), Some("5.1"));
    assert_eq!(file_header("<?php /* version:2.0 ?> */", "Version").as_deref(), Some("2.0"));
    // Only comment characters may come before the name on its line.
    assert_eq!(file_header("$x = 1; // Version: 9.9", "Version"), None);
    assert_eq!(file_header(" * Requires PHP Version: 7.4\n * Version:\n", "Version"), None);
    // Any bytes: a name cut inside a character is no header, never a panic.
    assert_eq!(file_header("Versioé: 1\n<?ph\u{e9}\n * Versio\u{1f600}", "Version"), None);
    assert_eq!(file_header("\u{e9}\u{e9}\u{e9}", "Plugin Name"), None);
}

#[test]
fn scan_reads_plugin_and_theme_versions_and_does_not_follow_a_linked_plugin() {
    use crate::incident::SoftwareKind::*;
    let home = tempfile::tempdir().unwrap();
    let doc = home.path().join("public_html");
    let plugins = doc.join("wp-content/plugins");
    fs::create_dir_all(plugins.join("contact-form/includes")).unwrap();
    fs::write(plugins.join("contact-form/readme.php"), "<?php\n// Version: 9.0\n").unwrap();
    fs::write(plugins.join("contact-form/contact-form.php"), "<?php\n/*\nPlugin Name: CF\nVersion: 5.1\n*/").unwrap();
    fs::write(plugins.join("contact-form/includes/x.php"), "<?php\n/* Plugin Name: X\nVersion: 1.0 */").unwrap();
    fs::write(plugins.join("index.php"), "<?php // Silence is golden.").unwrap();
    fs::create_dir_all(doc.join("wp-content/themes/shop")).unwrap();
    fs::write(doc.join("wp-content/themes/shop/style.css"), "/*\nTheme Name: Shop\nVersion: 2.3\n*/").unwrap();
    fs::create_dir_all(home.path().join("elsewhere")).unwrap();
    fs::write(home.path().join("elsewhere/p.php"), "<?php\n/* Plugin Name: P\nVersion: 99 */").unwrap();
    std::os::unix::fs::symlink("../../../elsewhere", plugins.join("linked")).unwrap();
    let f = scan(home.path(), &[doc], &ScanLimits::default());
    let got: Vec<_> = f.wp_software.iter().map(|s| (s.kind, s.slug.as_str(), s.versions.clone(), s.linked)).collect();
    assert_eq!(
        got,
        [
            (WordpressPlugin, "contact-form", vec!["5.1".to_owned()], false),
            (WordpressPlugin, "linked", vec![], true),
            (WordpressTheme, "shop", vec!["2.3".to_owned()], false),
        ]
    );
    assert!(f.wp_software.iter().all(|s| s.site == "public_html"));
}
