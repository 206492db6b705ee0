//! Database settings in the scripts' configuration files: find which file uses which database
//! user, and rewrite exactly one password value, keeping every other byte.
//!
//! Supported: WordPress `wp-config.php` (`define('DB_PASSWORD', …)`), Joomla
//! `configuration.php` (`public $password = …`), Drupal `settings.php` (`'password' => …`),
//! and `.env` files (`DB_PASSWORD=…`, `DATABASE_URL=mysql://user:pass@…`). PHP files are read
//! with a small lexer that knows comments, both string kinds and heredoc/nowdoc, so a
//! commented-out or string-embedded setting is never touched.

use std::ops::Range;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    WordPress,
    Joomla,
    Drupal,
    DotEnv,
}

impl Format {
    /// From the file name, as found under a document root.
    pub fn of_file(name: &str) -> Option<Format> {
        match name {
            "wp-config.php" => Some(Format::WordPress),
            "configuration.php" => Some(Format::Joomla),
            "settings.php" | "settings.local.php" => Some(Format::Drupal),
            ".env" | ".env.local" | ".env.production" => Some(Format::DotEnv),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    Single,
    Double,
    /// A whole `.env` value without quotes: the new value brings quotes if it needs them.
    Bare,
    /// A whole quoted `.env` value, quotes included: the new value is quoted too (text may
    /// follow the closing quote directly).
    EnvQuoted,
    /// The password inside a `DATABASE_URL` (percent-encoded userinfo).
    UrlUserinfo(u8),
}

/// One database login found in a file: the user and where its password value sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbLogin {
    pub user: String,
    /// The current password (it is about to be replaced; never logged).
    pub password: String,
    /// Byte range of the password value (inside its quotes) in the file.
    span: Range<usize>,
    quote: Quote,
    /// 1-based line of the value, for precise error messages.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// The setting appears more than once, so which one applies is not certain.
    Ambiguous { key: String, lines: Vec<usize> },
    /// The value is not a plain string literal (a constant, an expression, getenv()…).
    NotLiteral { key: String, line: usize },
    /// After rewriting, the file did not read back the new value.
    Verify(String),
}

impl DbLogin {
    /// Byte range of the password value in the file (for the fuzzing harness's invariants).
    pub(crate) fn value_span(&self) -> Range<usize> {
        self.span.clone()
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Ambiguous { key, lines } => {
                let l: Vec<String> = lines.iter().map(|n| n.to_string()).collect();
                write!(f, "{key} is set more than once (lines {}); change it by hand", l.join(", "))
            }
            ConfigError::NotLiteral { key, line } => {
                write!(f, "{key} on line {line} is not a plain text value; change it by hand")
            }
            ConfigError::Verify(m) => write!(f, "the rewritten file did not check out: {m}"),
        }
    }
}

/// Finds the database logins a configuration file sets.
pub fn find(format: Format, text: &str) -> Result<Vec<DbLogin>, ConfigError> {
    match format {
        Format::DotEnv => dotenv::find(text),
        php_format => php::find(php_format, text),
    }
}

/// Replaces the password of `login` with `new`, escaped for its place, and returns the new
/// text. Every byte outside the value stays as it was; the result is read back to check.
pub fn rewrite(format: Format, text: &str, login: &DbLogin, new: &str) -> Result<String, ConfigError> {
    let encoded = encode(login.quote, new);
    let mut out = String::with_capacity(text.len() + encoded.len());
    out.push_str(&text[..login.span.start]);
    out.push_str(&encoded);
    out.push_str(&text[login.span.end..]);
    let again = find(format, &out)?;
    let ok = again.iter().any(|l| l.user == login.user && l.password == new && l.line == login.line);
    if !ok {
        return Err(ConfigError::Verify(format!("line {} does not hold the new password afterwards", login.line)));
    }
    Ok(out)
}

/// WordPress's eight keys and salts.
pub const WP_SALTS: [&str; 8] = [
    "AUTH_KEY",
    "SECURE_AUTH_KEY",
    "LOGGED_IN_KEY",
    "NONCE_KEY",
    "AUTH_SALT",
    "SECURE_AUTH_SALT",
    "LOGGED_IN_SALT",
    "NONCE_SALT",
];

/// Hardens a wp-config.php: new random keys and salts (which logs every user out everywhere)
/// and `DISALLOW_FILE_EDIT` true: added before WordPress loads when it is missing, set to
/// `true` when it is a bare word such as `false`. Every other byte stays as it was.
pub fn harden_wordpress(text: &str) -> Result<String, ConfigError> {
    const SALT_CHARS: &[u8] =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%()*+,-./:;<=>?@[]^_{|}~";
    let mut spans: Vec<(Range<usize>, String)> = Vec::new();
    for (name, span, _quote, _) in php::defines(text) {
        if WP_SALTS.contains(&name.as_str()) {
            let mut rng = rand::rng();
            let v: String =
                (0..64).map(|_| SALT_CHARS[rand::Rng::random_range(&mut rng, 0..SALT_CHARS.len())] as char).collect();
            spans.push((span, v));
        }
    }
    spans.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_owned();
    for (r, v) in spans {
        out.replace_range(r, &v);
    }
    // The checklist counts only `true` (`checklist::files::read_wp_config`): a `false` (or any
    // other bare word) is set to `true`; a value that is not a bare word is left to a person.
    match php::first_define(&out, "DISALLOW_FILE_EDIT") {
        Some((_, DefineValue::Word(w))) if w == "true" => {}
        Some((at, DefineValue::Word(w))) => out.replace_range(at..at + w.len(), "true"),
        Some((at, DefineValue::Str(_) | DefineValue::Other)) => {
            return Err(ConfigError::NotLiteral { key: "DISALLOW_FILE_EDIT".into(), line: line_of(&out, at) });
        }
        None => insert_file_edit_off(&mut out)?,
    }
    // A file the reader cannot place the insertion in safely (an unclosed string swallows the
    // rest of the file) must not have its database login changed by hardening: refuse instead.
    let logins = |t: &str| {
        find(Format::WordPress, t)
            .map(|v| v.into_iter().map(|l| (l.user, l.password)).collect::<Vec<_>>())
            .map_err(|e| e.to_string())
    };
    if logins(text) != logins(&out) {
        return Err(ConfigError::NotLiteral {
            key: "DB_PASSWORD (the file does not read the same after hardening)".into(),
            line: 0,
        });
    }
    // Hardening is done only when the checklist's own reader agrees.
    if !crate::checklist::files::read_wp_config(String::new(), &out, None).file_edit_disallowed {
        return Err(ConfigError::Verify("DISALLOW_FILE_EDIT does not read as true after hardening".into()));
    }
    Ok(out)
}

/// Adds `define( 'DISALLOW_FILE_EDIT', true );` before WordPress loads its settings.
fn insert_file_edit_off(out: &mut String) -> Result<(), ConfigError> {
    let at = php::code_position(out, "require_once ABSPATH . 'wp-settings.php';")
        .or_else(|| php::code_position(out, "require_once(ABSPATH . 'wp-settings.php');"));
    let Some(at) = at else {
        return Err(ConfigError::NotLiteral { key: "wp-settings.php require".into(), line: 0 });
    };
    let line_start = out[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let eol = if out.contains("\r\n") { "\r\n" } else { "\n" };
    out.insert_str(line_start, &format!("/* Added by secure-reopen: no editing of code from the dashboard. */{eol}define( 'DISALLOW_FILE_EDIT', true );{eol}"));
    Ok(())
}

/// A new value for a bare `.env` value that needs quoting changes the quote kind; that is
/// expressed by returning the quotes as part of the value.
fn encode(q: Quote, v: &str) -> String {
    match q {
        Quote::Single => v.replace('\\', "\\\\").replace('\'', "\\'"),
        Quote::Double => v.replace('\\', "\\\\").replace('"', "\\\"").replace('$', "\\$"),
        Quote::Bare if !v.is_empty() && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.@%+".contains(&b)) => {
            v.to_owned()
        }
        Quote::Bare | Quote::EnvQuoted if !v.contains('\'') => format!("'{v}'"),
        Quote::Bare | Quote::EnvQuoted => {
            format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"").replace('$', "\\$"))
        }
        Quote::UrlUserinfo(_) => utf8_percent_encode(v, USERINFO).to_string(),
    }
}

/// Everything but RFC 3986 unreserved characters is percent-encoded in userinfo.
const USERINFO: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

fn line_of(text: &str, pos: usize) -> usize {
    text.as_bytes()[..pos.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

mod php;
pub use php::{DefineValue, define_values, string_variable};

/// The reader's properties on any input, for the fuzz target (`fuzz/`) and its bounded run in
/// the test suite: reading never panics, and every password value found can be rewritten to a
/// hostile new value and read back exactly (the rewrite checks that itself).
#[doc(hidden)]
pub fn check_reader(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = define_values(&text);
    let _ = php::has_define(&text, "DISALLOW_FILE_EDIT");
    let _ = string_variable(&text, "table_prefix");
    for format in [Format::WordPress, Format::Joomla, Format::Drupal, Format::DotEnv] {
        let Ok(logins) = find(format, &text) else { continue };
        for login in logins {
            let new = "N3w-'\"\\$x{ø}#//?>";
            if let Err(e) = rewrite(format, &text, &login, new) {
                assert!(
                    matches!(e, ConfigError::Ambiguous { .. } | ConfigError::NotLiteral { .. }),
                    "a {format:?} value found could not be rewritten: {e}"
                );
            }
        }
    }
    if let Ok(hardened) = harden_wordpress(&text) {
        assert!(php::has_define(&hardened, "DISALLOW_FILE_EDIT"));
    }
}

mod dotenv;

#[cfg(test)]
mod tests {
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
        let added = "/* Added by secure-reopen: no editing of code from the dashboard. */\ndefine( 'DISALLOW_FILE_EDIT', true );\n";
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
        let d = "<?php\n$databases['default']['default'] = [\n  'username' => 'du',\n  'password' => 'username' => 'x',\n];\n";
        assert!(matches!(find(Format::Drupal, d), Err(ConfigError::NotLiteral { line: 4, .. })));
    }

    #[test]
    fn two_password_defines_are_ambiguous() {
        let text = "<?php\ndefine('DB_USER','u');\nif ($a) { define('DB_PASSWORD','a'); } else { define('DB_PASSWORD','b'); }\n";
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
}
