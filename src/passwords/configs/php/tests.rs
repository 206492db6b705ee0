use super::*;

#[test]
fn non_ascii_in_comments_and_strings_is_read_not_a_panic() {
    let text = "<?php\n// Databaseinnstillinger for nettbutikken – ærlig talt, ikke rør!\n# Ændret av Øystein på Å\n/* «sikkerhet» */\ndefine( 'DB_USER', 'demo_wp' ); // bruker æøå\ndefine( 'DB_PASSWORD', 'påske-Ø' );\n$x = \"ü\"; ?>ÆØÅ<?php define('DISALLOW_FILE_EDIT', true);\n";
    let logins = find(Format::WordPress, text).unwrap();
    assert_eq!(logins[0].user, "demo_wp");
    assert_eq!(logins[0].password, "påske-Ø");
    assert_eq!(logins[0].line, 6);
    let v = define_values(text);
    assert!(v.contains(&("DISALLOW_FILE_EDIT".to_string(), DefineValue::Word("true".into()))));
    // A comment that ends the file mid-character-sequence, and `?>` right after one.
    for t in ["<?php // ø", "<?php #ø?>å", "<?php /* ø", "<?php 'ø", "<?php <<<A\nø\nA;", "<?php $ø = 1;", "<?ø"]
    {
        let _ = find(Format::WordPress, t);
        let _ = define_values(t);
    }
}

/// A bounded, deterministic run of the fuzz target's check (the full fuzzer is `fuzz/`,
/// nightly only): PHP-like soup with non-ASCII, unclosed strings and comments, `?>`.
#[test]
fn the_reader_survives_generated_configs() {
    const PARTS: &[&str] = &[
        "<?php",
        "?>",
        "define(",
        "'DB_USER'",
        "'DB_PASSWORD'",
        "\"DB_HOST\"",
        ",",
        ")",
        ";",
        "'x'",
        "\"y\"",
        "'",
        "\"",
        "\\",
        "//",
        "#",
        "/*",
        "*/",
        "\n",
        " ",
        "<<<EOT\n",
        "EOT;",
        "<<<'N'\n",
        "N;",
        "public $user = ",
        "public $password = ",
        "'username' => ",
        "'password' => ",
        "ø",
        "Æ",
        "å",
        "€",
        "\u{1F600}",
        "$",
        "DB_PASSWORD=",
        "DATABASE_URL=mysql://u:p%40@h/db",
        "define('DISALLOW_FILE_EDIT', true);",
        "true",
        "getenv('X')",
        "=>",
        "=",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..4000 {
        let n = (next() % 40) as usize;
        let text: String = (0..n).map(|_| PARTS[(next() % PARTS.len() as u64) as usize]).collect();
        super::super::check_reader(text.as_bytes());
        // And raw bytes cut at any point (not valid UTF-8).
        let cut = (next() as usize) % (text.len() + 1);
        super::super::check_reader(&text.as_bytes()[..cut]);
    }
}
