use super::*;

fn one(format: Format, text: &str) -> DbLogin {
    let mut v = find(format, text).unwrap();
    assert_eq!(v.len(), 1, "{v:?}");
    v.remove(0)
}

#[test]
fn hardening_sets_a_false_disallow_file_edit_to_true_and_leaves_an_odd_value_to_a_person() {
    let base = "<?php\ndefine('DB_USER', 'u');\ndefine('DB_PASSWORD', 'p');\n";
    let tail = "require_once ABSPATH . 'wp-settings.php';\n";
    for word in ["false", "FALSE", "null"] {
        let text = format!("{base}define( 'DISALLOW_FILE_EDIT', {word} );\n{tail}");
        let out = harden_wordpress(&text).unwrap();
        assert!(out.contains("define( 'DISALLOW_FILE_EDIT', true );"), "{out}");
        assert_eq!(out.matches("DISALLOW_FILE_EDIT").count(), 1, "{out}");
    }
    let text = format!("{base}define('DISALLOW_FILE_EDIT', 'no');\n{tail}");
    let e = harden_wordpress(&text).unwrap_err().to_string();
    assert!(e.contains("DISALLOW_FILE_EDIT on line 4"), "{e}");
}

#[test]
fn wordpress_rewrite_keeps_every_other_byte() {
    let text = "<?php\r\n// define('DB_PASSWORD', 'commented');\r\ndefine( 'DB_USER', 'demo_wp' );\r\ndefine( 'DB_PASSWORD', 'old\\'pw' ); # trailing\r\n$x = \"DB_PASSWORD\";\r\n";
    let l = one(Format::WordPress, text);
    assert_eq!((l.user.as_str(), l.password.as_str(), l.line), ("demo_wp", "old'pw", 4));
    let out = rewrite(Format::WordPress, text, &l, "n3w'p\\w").unwrap();
    assert_eq!(out, text.replace("old\\'pw", "n3w\\'p\\\\w"));
}

/// Found by the php_config fuzzer: a `//` or `#` comment with a non-ASCII character (every
/// translated wp-config-sample.php has them) made the lexer slice inside the character and
/// panic, so the page failed for such sites.
#[test]
fn wordpress_config_with_norwegian_comments_is_read() {
    let text = "<?php\n// ** Databaseinnstillinger – spør verten din ** //\ndefine( 'DB_USER', 'demo_wp' ); # brukernavn på én linje\ndefine( 'DB_PASSWORD', 'gammelt' );\n";
    let l = one(Format::WordPress, text);
    assert_eq!((l.user.as_str(), l.password.as_str(), l.line), ("demo_wp", "gammelt", 4));
    let out = rewrite(Format::WordPress, text, &l, "nytt-æøå").unwrap();
    assert_eq!(out, text.replace("'gammelt'", "'nytt-æøå'"));
}

/// Found by the php_config fuzzer: hardening put its `define` before the first text
/// `require_once ABSPATH . 'wp-settings.php';`, even inside a comment or a string; inside a
/// `/* … */` block its own `*/` ended the block early and the rest became code.
#[test]
fn hardening_inserts_before_the_real_require_not_a_commented_one() {
    let text = "<?php\ndefine('DB_USER','u');\ndefine('DB_PASSWORD','p');\n/* old:\nrequire_once ABSPATH . 'wp-settings.php';\n*/\nrequire_once ABSPATH . 'wp-settings.php';\n";
    let out = harden_wordpress(text).unwrap();
    let added =
        "/* Added by secure-reopen: no editing of code from the dashboard. */\ndefine( 'DISALLOW_FILE_EDIT', true );\n";
    assert_eq!(out, text.replacen("*/\nrequire_once", &format!("*/\n{added}require_once"), 1));
}

/// Found with the php_config fuzzer's span check: the value of a string left open at the
/// end of the file was taken to end one byte early (inside a multi-byte character: a panic
/// in the rewrite; otherwise a rewrite that kept the old last byte).
#[test]
fn an_unclosed_password_string_at_the_end_of_the_file_does_not_panic() {
    let text = "<?php define('DB_USER','u'); define('DB_PASSWORD','gammel-ærø";
    let l = one(Format::WordPress, text);
    assert_eq!(l.password, "gammel-ærø");
    let out = rewrite(Format::WordPress, text, &l, "ny").unwrap();
    assert_eq!(out, "<?php define('DB_USER','u'); define('DB_PASSWORD','ny");
}

/// Found by the dotenv fuzzer: an empty quoted value (`DB_PASSWORD=""`) went back bare,
/// so the text after its closing quote became part of the value.
#[test]
fn an_empty_dotenv_password_is_written_back_quoted() {
    let e = "DB_USER=u\nDB_PASSWORD=\"\"x\n";
    let l = one(Format::DotEnv, e);
    let out = rewrite(Format::DotEnv, e, &l, "ny").unwrap();
    assert_eq!(out, "DB_USER=u\nDB_PASSWORD='ny'x\n");
    let back = rewrite(Format::DotEnv, &out, &one(Format::DotEnv, &out), "").unwrap();
    assert_eq!(back, "DB_USER=u\nDB_PASSWORD=''x\n");
}

/// Found by the dotenv fuzzer: `\"` did not end a double-quoted `.env` value (the value
/// was cut there), and a new value in single quotes was escaped PHP's way although `.env`
/// single quotes are literal, so a backslash in the password could not be written or
/// written back.
#[test]
fn dotenv_quotes_and_backslashes_round_trip() {
    let e = "DB_USER=u\nDB_PASSWORD=\"s3cr\\\"et\\$pw\" # quoted\n";
    let l = one(Format::DotEnv, e);
    assert_eq!(l.password, "s3cr\"et$pw");
    let out = rewrite(Format::DotEnv, e, &l, "back\\slash x").unwrap();
    assert_eq!(out, "DB_USER=u\nDB_PASSWORD='back\\slash x' # quoted\n");
    let again = one(Format::DotEnv, &out);
    let back = rewrite(Format::DotEnv, &out, &again, "s3cr\"et$pw").unwrap();
    assert_eq!(one(Format::DotEnv, &back).password, "s3cr\"et$pw");
}

/// Found by the php_config fuzzer: in `'password' => 'username' => 'x'` (no valid PHP)
/// the password's value was also read as a username key, so rewriting the password changed
/// which user the file's other connection belonged to.
#[test]
fn a_drupal_value_that_is_also_a_key_is_not_a_setting() {
    let d =
        "<?php\n$databases['default']['default'] = [\n  'username' => 'du',\n  'password' => 'username' => 'x',\n];\n";
    assert!(matches!(find(Format::Drupal, d), Err(ConfigError::NotLiteral { line: 4, .. })));
}

#[test]
fn two_password_defines_are_ambiguous() {
    let text =
        "<?php\ndefine('DB_USER','u');\nif ($a) { define('DB_PASSWORD','a'); } else { define('DB_PASSWORD','b'); }\n";
    assert_eq!(
        find(Format::WordPress, text).unwrap_err(),
        ConfigError::Ambiguous { key: "DB_PASSWORD".into(), lines: vec![3, 3] }
    );
}

#[test]
fn non_literal_password_is_refused() {
    let text = "<?php\ndefine('DB_USER','u');\ndefine('DB_PASSWORD', getenv('X'));\n";
    assert!(matches!(find(Format::WordPress, text), Err(ConfigError::NotLiteral { line: 3, .. })));
}

#[test]
fn heredoc_and_block_comments_do_not_fool_the_lexer() {
    let text = "<?php\n$h = <<<EOT\ndefine('DB_PASSWORD','in-heredoc');\nEOT;\n/* define('DB_PASSWORD','x'); */\ndefine('DB_USER','u');\ndefine('DB_PASSWORD','real');\n";
    assert_eq!(one(Format::WordPress, text).password, "real");
}

#[test]
fn joomla_and_drupal() {
    let j = "<?php\nclass JConfig {\n\tpublic $user = 'jo';\n\tpublic $password = \"p\\$w\";\n}\n";
    let l = one(Format::Joomla, j);
    assert_eq!((l.user.as_str(), l.password.as_str()), ("jo", "p$w"));
    assert_eq!(rewrite(Format::Joomla, j, &l, "a$b").unwrap(), j.replace("p\\$w", "a\\$b"));
    let d = "<?php\n$databases['default']['default'] = [\n  'database' => 'd',\n  'username' => 'du',\n  'password' => 'dp',\n];\n";
    let l = one(Format::Drupal, d);
    assert_eq!((l.user.as_str(), l.password.as_str()), ("du", "dp"));
}

#[test]
fn dotenv_forms() {
    let e = "APP_KEY=x\nDB_USERNAME=lara\nDB_PASSWORD=old # note\r\nDATABASE_URL=\"mysql://sym:p%40ss@127.0.0.1:3306/db\"\n";
    let v = find(Format::DotEnv, e).unwrap();
    assert_eq!((v[0].user.as_str(), v[0].password.as_str()), ("lara", "old"));
    assert_eq!((v[1].user.as_str(), v[1].password.as_str()), ("sym", "p@ss"));
    let out = rewrite(Format::DotEnv, e, &v[0], "has space").unwrap();
    assert_eq!(out, e.replace("=old #", "='has space' #"));
    let out = rewrite(Format::DotEnv, e, &v[1], "n@w/pw").unwrap();
    assert_eq!(out, e.replace("p%40ss", "n%40w%2Fpw"));
}
