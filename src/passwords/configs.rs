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
    /// `.env` value without quotes.
    Bare,
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
/// and `DISALLOW_FILE_EDIT`, added before WordPress loads when it is missing. Every other byte
/// stays as it was.
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
    if !php::has_define(&out, "DISALLOW_FILE_EDIT") {
        let at = out
            .find("require_once ABSPATH . 'wp-settings.php';")
            .or_else(|| out.find("require_once(ABSPATH . 'wp-settings.php');"));
        let Some(at) = at else {
            return Err(ConfigError::NotLiteral { key: "wp-settings.php require".into(), line: 0 });
        };
        let line_start = out[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let eol = if out.contains("\r\n") { "\r\n" } else { "\n" };
        out.insert_str(line_start, &format!("/* Added by secure-reopen: no editing of code from the dashboard. */{eol}define( 'DISALLOW_FILE_EDIT', true );{eol}"));
    }
    Ok(out)
}

/// A new value for a bare `.env` value that needs quoting changes the quote kind; that is
/// expressed by returning the quotes as part of the value.
fn encode(q: Quote, v: &str) -> String {
    match q {
        Quote::Single => v.replace('\\', "\\\\").replace('\'', "\\'"),
        Quote::Double => v.replace('\\', "\\\\").replace('"', "\\\"").replace('$', "\\$"),
        Quote::Bare if v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.@%+".contains(&b)) => v.to_owned(),
        Quote::Bare if !v.contains('\'') => format!("'{v}'"),
        Quote::Bare => format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"").replace('$', "\\$")),
        Quote::UrlUserinfo(_) => utf8_percent_encode(v, USERINFO).to_string(),
    }
}

/// Everything but RFC 3986 unreserved characters is percent-encoded in userinfo.
const USERINFO: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

fn line_of(text: &str, pos: usize) -> usize {
    text[..pos].bytes().filter(|b| *b == b'\n').count() + 1
}

mod php {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Tok {
        /// A string literal: decoded value, span of its contents, quote kind. `None` quote for
        /// heredoc/nowdoc (never rewritten).
        Str(String, Range<usize>, Option<Quote>),
        Ident(String),
        Var(String),
        Punct(&'static str),
        Other,
    }

    fn lex(text: &str) -> Vec<(Tok, usize)> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        // Outside <?php … ?> is inline HTML.
        let mut in_php = false;
        while i < b.len() {
            if !in_php {
                match text[i..].find("<?php").or_else(|| text[i..].find("<?")) {
                    Some(p) => {
                        i += p + if text[i + p..].starts_with("<?php") { 5 } else { 2 };
                        in_php = true;
                        continue;
                    }
                    None => break,
                }
            }
            let c = b[i];
            let start = i;
            if text[i..].starts_with("?>") {
                in_php = false;
                i += 2;
            } else if c.is_ascii_whitespace() {
                i += 1;
            } else if text[i..].starts_with("//") || c == b'#' {
                while i < b.len() && b[i] != b'\n' && !text[i..].starts_with("?>") {
                    i += 1;
                }
            } else if text[i..].starts_with("/*") {
                i = text[i + 2..].find("*/").map(|e| i + 2 + e + 2).unwrap_or(b.len());
            } else if c == b'\'' || c == b'"' {
                let (value, end) = string(text, i);
                let q = if c == b'\'' { Quote::Single } else { Quote::Double };
                out.push((Tok::Str(value, i + 1..end.saturating_sub(1).max(i + 1), Some(q)), start));
                i = end;
            } else if text[i..].starts_with("<<<") {
                let end = heredoc_end(text, i);
                out.push((Tok::Str(String::new(), i..end, None), start));
                i = end;
            } else if c == b'$' {
                let mut j = i + 1;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                out.push((Tok::Var(text[i + 1..j].to_owned()), start));
                i = j.max(i + 1);
            } else if c.is_ascii_alphabetic() || c == b'_' || c == b'\\' {
                let mut j = i;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'\\') {
                    j += 1;
                }
                out.push((Tok::Ident(text[i..j].to_ascii_lowercase()), start));
                i = j;
            } else {
                let p: &'static str = match c {
                    b'(' => "(",
                    b')' => ")",
                    b',' => ",",
                    b';' => ";",
                    b'[' => "[",
                    b']' => "]",
                    b'=' if b.get(i + 1) == Some(&b'>') => "=>",
                    b'=' => "=",
                    _ => "",
                };
                out.push((if p.is_empty() { Tok::Other } else { Tok::Punct(p) }, start));
                i += if p == "=>" { 2 } else { 1 };
                // Skip the rest of a multi-byte character.
                while i < b.len() && !text.is_char_boundary(i) {
                    i += 1;
                }
            }
        }
        out
    }

    /// A quoted string starting at `i`: its decoded value and the index after the closing quote.
    fn string(text: &str, i: usize) -> (String, usize) {
        let b = text.as_bytes();
        let q = b[i];
        let mut j = i + 1;
        let mut value = Vec::new();
        while j < b.len() {
            let c = b[j];
            if c == b'\\' && j + 1 < b.len() {
                let n = b[j + 1];
                if q == b'\'' {
                    if n == b'\'' || n == b'\\' {
                        value.push(n);
                    } else {
                        value.extend([c, n]);
                    }
                } else {
                    match n {
                        b'"' | b'\\' | b'$' => value.push(n),
                        b'n' => value.push(b'\n'),
                        b't' => value.push(b'\t'),
                        _ => value.extend([c, n]),
                    }
                }
                j += 2;
                continue;
            }
            if c == q {
                return (String::from_utf8_lossy(&value).into_owned(), j + 1);
            }
            value.push(c);
            j += 1;
        }
        (String::from_utf8_lossy(&value).into_owned(), b.len())
    }

    fn heredoc_end(text: &str, i: usize) -> usize {
        let rest = &text[i + 3..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let label: String = rest[..line_end]
            .trim()
            .trim_matches(|c| c == '\'' || c == '"')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if label.is_empty() {
            return i + 3;
        }
        let body_start = i + 3 + line_end + 1;
        let mut pos = body_start.min(text.len());
        for line in text[pos..].split_inclusive('\n') {
            if line.trim_start().starts_with(&label) {
                return pos + line.find(&label).unwrap_or(0) + label.len();
            }
            pos += line.len();
        }
        text.len()
    }

    /// (key, value token) pairs the format uses for user and password.
    fn settings(format: Format, toks: &[(Tok, usize)]) -> Vec<(String, Tok, usize)> {
        let mut out = Vec::new();
        for w in 0..toks.len() {
            let t = |k: usize| toks.get(w + k).map(|x| &x.0);
            match format {
                Format::WordPress => {
                    if let (
                        Some(Tok::Ident(d)),
                        Some(Tok::Punct("(")),
                        Some(Tok::Str(name, _, _)),
                        Some(Tok::Punct(",")),
                        Some(v),
                    ) = (t(0), t(1), t(2), t(3), t(4))
                    {
                        if d == "define" && (name == "DB_USER" || name == "DB_PASSWORD") {
                            out.push((name.clone(), v.clone(), toks[w + 4].1));
                        }
                    }
                }
                Format::Joomla => {
                    if let (Some(Tok::Var(name)), Some(Tok::Punct("=")), Some(v)) = (t(0), t(1), t(2)) {
                        let after_public =
                            w > 0 && matches!(&toks[w - 1].0, Tok::Ident(p) if p == "public" || p == "var");
                        if after_public && (name == "user" || name == "password") {
                            out.push((name.clone(), v.clone(), toks[w + 2].1));
                        }
                    }
                }
                Format::Drupal => {
                    if let (Some(Tok::Str(name, _, _)), Some(Tok::Punct("=>")), Some(v)) = (t(0), t(1), t(2)) {
                        if name == "username" || name == "password" {
                            out.push((name.clone(), v.clone(), toks[w + 2].1));
                        }
                    }
                }
                Format::DotEnv => {}
            }
        }
        out
    }

    /// Every `define('NAME', 'string')`: name, span of the value's contents, quote, line.
    pub(super) fn defines(text: &str) -> Vec<(String, Range<usize>, Quote, usize)> {
        let toks = lex(text);
        let mut out = Vec::new();
        for w in 0..toks.len() {
            let t = |k: usize| toks.get(w + k).map(|x| &x.0);
            if let (
                Some(Tok::Ident(d)),
                Some(Tok::Punct("(")),
                Some(Tok::Str(name, _, _)),
                Some(Tok::Punct(",")),
                Some(Tok::Str(_, span, Some(q))),
            ) = (t(0), t(1), t(2), t(3), t(4))
            {
                if d == "define" {
                    out.push((name.clone(), span.clone(), *q, line_of(text, span.start)));
                }
            }
        }
        out
    }

    /// True when `define('NAME', …)` appears in code (not in a comment or string).
    pub(super) fn has_define(text: &str, name: &str) -> bool {
        let toks = lex(text);
        toks.windows(3).any(|w| {
            matches!(&w[0].0, Tok::Ident(d) if d == "define")
                && matches!(&w[1].0, Tok::Punct("("))
                && matches!(&w[2].0, Tok::Str(n, _, _) if n == name)
        })
    }

    pub(super) fn find(format: Format, text: &str) -> Result<Vec<DbLogin>, ConfigError> {
        let toks = lex(text);
        let found = settings(format, &toks);
        let (user_key, pass_key) = match format {
            Format::WordPress => ("DB_USER", "DB_PASSWORD"),
            Format::Joomla => ("user", "password"),
            _ => ("username", "password"),
        };
        let users: Vec<&(String, Tok, usize)> = found.iter().filter(|(k, _, _)| k == user_key).collect();
        let passes: Vec<&(String, Tok, usize)> = found.iter().filter(|(k, _, _)| k == pass_key).collect();
        // WordPress and Joomla set one login; a second definition makes the file ambiguous.
        if format != Format::Drupal {
            for list in [&users, &passes] {
                if list.len() > 1 {
                    return Err(ConfigError::Ambiguous {
                        key: list[0].0.clone(),
                        lines: list.iter().map(|(_, _, p)| line_of(text, *p)).collect(),
                    });
                }
            }
        }
        let mut out = Vec::new();
        // Drupal may hold several connections: pair each password with the username before it.
        for (i, (key, tok, pos)) in passes.iter().enumerate() {
            let user = match format {
                Format::Drupal => users.iter().rev().find(|(_, _, up)| up < pos).or(users.get(i)),
                _ => users.first(),
            };
            let Some((_, Tok::Str(user, _, Some(_)), _)) = user.map(|u| *u) else {
                continue;
            };
            match tok {
                Tok::Str(value, span, Some(q)) => out.push(DbLogin {
                    user: user.clone(),
                    password: value.clone(),
                    span: span.clone(),
                    quote: *q,
                    line: line_of(text, span.start),
                }),
                _ => {
                    return Err(ConfigError::NotLiteral { key: key.clone(), line: line_of(text, *pos) });
                }
            }
        }
        Ok(out)
    }
}

mod dotenv {
    use super::*;

    struct Line {
        key: String,
        value: String,
        /// Byte range of the value's contents (inside quotes when quoted).
        span: Range<usize>,
        quote: Quote,
        line: usize,
    }

    fn lines(text: &str) -> Vec<Line> {
        let mut out = Vec::new();
        let mut pos = 0;
        for (n, raw) in text.split_inclusive('\n').enumerate() {
            let start = pos;
            pos += raw.len();
            let body = raw.trim_end_matches(['\n', '\r']);
            let trimmed = body.trim_start();
            if trimmed.starts_with('#') || !trimmed.contains('=') {
                continue;
            }
            let lead = body.len() - trimmed.len();
            let decl = trimmed.strip_prefix("export ").unwrap_or(trimmed);
            let skip = trimmed.len() - decl.len();
            let Some(eq) = decl.find('=') else { continue };
            let key = decl[..eq].trim().to_owned();
            let vstart = start + lead + skip + eq + 1;
            let v = &text[vstart..start + body.len()];
            let (value, span, quote) = match v.as_bytes().first() {
                Some(q @ (b'\'' | b'"')) => {
                    let close = v[1..].find(*q as char).map(|e| e + 1).unwrap_or(v.len());
                    let inner = &v[1..close.min(v.len())];
                    let value = if *q == b'"' {
                        inner.replace("\\\"", "\"").replace("\\$", "$").replace("\\\\", "\\")
                    } else {
                        inner.to_owned()
                    };
                    let quote = if *q == b'"' { Quote::Double } else { Quote::Single };
                    (value, vstart + 1..vstart + close.min(v.len()), quote)
                }
                _ => {
                    // A bare value ends at " #" (inline comment) or the line end.
                    let end = v.find(" #").unwrap_or(v.len());
                    let value = v[..end].trim_end();
                    (value.to_owned(), vstart..vstart + value.len(), Quote::Bare)
                }
            };
            out.push(Line { key, value, span, quote, line: n + 1 });
        }
        out
    }

    pub(super) fn find(text: &str) -> Result<Vec<DbLogin>, ConfigError> {
        let all = lines(text);
        let get = |k: &str| -> Result<Option<&Line>, ConfigError> {
            let hits: Vec<&Line> = all.iter().filter(|l| l.key == k).collect();
            if hits.len() > 1 {
                return Err(ConfigError::Ambiguous { key: k.to_owned(), lines: hits.iter().map(|l| l.line).collect() });
            }
            Ok(hits.first().copied())
        };
        let mut out = Vec::new();
        if let (Some(u), Some(p)) = (get("DB_USERNAME")?.or(get("DB_USER")?), get("DB_PASSWORD")?) {
            // phpdotenv treats a single-quoted value literally; a bare value may not contain
            // what needs quoting, which `encode` handles by adding quotes.
            out.push(DbLogin {
                user: u.value.clone(),
                password: p.value.clone(),
                span: p.span.clone(),
                quote: p.quote,
                line: p.line,
            });
        }
        if let Some(url) = get("DATABASE_URL")? {
            if let Some(l) = url_login(text, url) {
                out.push(l);
            }
        }
        Ok(out)
    }

    /// `scheme://user:password@host…`: the password part of the userinfo.
    fn url_login(text: &str, l: &Line) -> Option<DbLogin> {
        let v = &text[l.span.clone()];
        let after = v.find("://")? + 3;
        let at = v[after..].find('@')? + after;
        let colon = v[after..at].find(':')? + after;
        let user = percent_decode_str(&v[after..colon]).decode_utf8().ok()?.into_owned();
        let password = percent_decode_str(&v[colon + 1..at]).decode_utf8().ok()?.into_owned();
        let start = l.span.start + colon + 1;
        Some(DbLogin { user, password, span: start..l.span.start + at, quote: Quote::UrlUserinfo(0), line: l.line })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(format: Format, text: &str) -> DbLogin {
        let mut v = find(format, text).unwrap();
        assert_eq!(v.len(), 1, "{v:?}");
        v.remove(0)
    }

    #[test]
    fn wordpress_rewrite_keeps_every_other_byte() {
        let text = "<?php\r\n// define('DB_PASSWORD', 'commented');\r\ndefine( 'DB_USER', 'demo_wp' );\r\ndefine( 'DB_PASSWORD', 'old\\'pw' ); # trailing\r\n$x = \"DB_PASSWORD\";\r\n";
        let l = one(Format::WordPress, text);
        assert_eq!((l.user.as_str(), l.password.as_str(), l.line), ("demo_wp", "old'pw", 4));
        let out = rewrite(Format::WordPress, text, &l, "n3w'p\\w").unwrap();
        assert_eq!(out, text.replace("old\\'pw", "n3w\\'p\\\\w"));
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
