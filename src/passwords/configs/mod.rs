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
mod tests;
