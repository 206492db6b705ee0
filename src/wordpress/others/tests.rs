use super::*;

#[test]
fn one_site_per_folder_from_the_password_inventory() {
    let home = tempfile::tempdir().unwrap();
    let doc = home.path().join("public_html");
    let drupal = doc.join("cms/sites/default");
    std::fs::create_dir_all(&drupal).unwrap();
    std::fs::write(
        doc.join("configuration.php"),
        "<?php\nclass JConfig {\n\tpublic $user = 'j';\n\tpublic $password = 'p';\n}\n",
    )
    .unwrap();
    let d = "<?php\n$databases['default']['default'] = ['username' => 'd', 'password' => 'p'];\n";
    std::fs::write(drupal.join("settings.php"), d).unwrap();
    std::fs::write(drupal.join("settings.local.php"), d).unwrap();
    std::fs::write(doc.join("wp-config.php"), "<?php\ndefine('DB_USER', 'w');\ndefine('DB_PASSWORD', 'p');\n").unwrap();
    let found = sites(home.path(), &[doc]);
    assert_eq!(
        found,
        [(Cms::Joomla, "public_html".to_owned()), (Cms::Drupal, "public_html/cms/sites/default".to_owned())]
    );
}
