//! PHP configuration files (WordPress, Joomla, Drupal): a small lexer that knows comments,
//! both string kinds and heredoc/nowdoc, and the settings each format uses.

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
            match find_from(b, i, b"<?") {
                Some(p) => {
                    i = p + if b[p..].starts_with(b"<?php") { 5 } else { 2 };
                    in_php = true;
                    continue;
                }
                None => break,
            }
        }
        let c = b[i];
        let start = i;
        if b[i..].starts_with(b"?>") {
            in_php = false;
            i += 2;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if b[i..].starts_with(b"//") || c == b'#' {
            // Byte by byte (a comment may hold any text): stop at the line's end or `?>`.
            while i < b.len() && b[i] != b'\n' && !b[i..].starts_with(b"?>") {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            i = find_from(b, i + 2, b"*/").map(|e| e + 2).unwrap_or(b.len());
        } else if c == b'\'' || c == b'"' {
            let (value, contents_end, end) = string(text, i);
            let q = if c == b'\'' { Quote::Single } else { Quote::Double };
            out.push((Tok::Str(value, i + 1..contents_end, Some(q)), start));
            i = end;
        } else if b[i..].starts_with(b"<<<") {
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
            // A run of other characters is one token: a file of junk costs one, not one per byte.
            if !(p.is_empty() && matches!(out.last(), Some((Tok::Other, _)))) {
                out.push((if p.is_empty() { Tok::Other } else { Tok::Punct(p) }, start));
            }
            i += if p == "=>" { 2 } else { 1 };
            // Skip the rest of a multi-byte character.
            while i < b.len() && !text.is_char_boundary(i) {
                i += 1;
            }
        }
    }
    out
}

/// The first `pat` at or after `from`, as an index into `b`.
fn find_from(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?.windows(pat.len()).position(|w| w == pat).map(|p| from + p)
}

/// A quoted string starting at `i`: its decoded value, the end of its contents and the index
/// after the closing quote (both the end of the text when the string is not closed).
fn string(text: &str, i: usize) -> (String, usize, usize) {
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
            return (String::from_utf8_lossy(&value).into_owned(), j, j + 1);
        }
        value.push(c);
        j += 1;
    }
    (String::from_utf8_lossy(&value).into_owned(), b.len(), b.len())
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
                    && d == "define"
                    && (name == "DB_USER" || name == "DB_PASSWORD")
                {
                    out.push((name.clone(), v.clone(), toks[w + 4].1));
                }
            }
            Format::Joomla => {
                if let (Some(Tok::Var(name)), Some(Tok::Punct("=")), Some(v)) = (t(0), t(1), t(2)) {
                    let after_public = w > 0 && matches!(&toks[w - 1].0, Tok::Ident(p) if p == "public" || p == "var");
                    if after_public && (name == "user" || name == "password") {
                        out.push((name.clone(), v.clone(), toks[w + 2].1));
                    }
                }
            }
            Format::Drupal => {
                if let (Some(Tok::Str(name, _, _)), Some(Tok::Punct("=>")), Some(v)) = (t(0), t(1), t(2)) {
                    // `'a' => 'username' => …` is no PHP: neither a key that is itself a value
                    // nor a value that is itself a key is a setting.
                    let key_is_value = w > 0 && toks[w - 1].0 == Tok::Punct("=>");
                    let value_is_key = t(3) == Some(&Tok::Punct("=>"));
                    if (name == "username" || name == "password") && !key_is_value {
                        let v = if value_is_key { Tok::Other } else { v.clone() };
                        out.push((name.clone(), v, toks[w + 2].1));
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
            && d == "define"
        {
            out.push((name.clone(), span.clone(), *q, line_of(text, span.start)));
        }
    }
    out
}

/// A `define()`'s value as the checks read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefineValue {
    /// A string literal, decoded.
    Str(String),
    /// A bare word such as `true` or a constant, lower-cased.
    Word(String),
    /// Anything else (an expression, a number…).
    Other,
}

/// Every `define('NAME', value)` in code (not in comments or strings), in file order.
pub fn define_values(text: &str) -> Vec<(String, DefineValue)> {
    let toks = lex(text);
    let mut out = Vec::new();
    for w in 0..toks.len() {
        let t = |k: usize| toks.get(w + k).map(|x| &x.0);
        if let (Some(Tok::Ident(d)), Some(Tok::Punct("(")), Some(Tok::Str(name, _, _)), Some(Tok::Punct(",")), Some(v)) =
            (t(0), t(1), t(2), t(3), t(4))
            && d == "define"
        {
            let value = match v {
                Tok::Str(s, _, Some(_)) => DefineValue::Str(s.clone()),
                Tok::Ident(word) => DefineValue::Word(word.clone()),
                _ => DefineValue::Other,
            };
            out.push((name.clone(), value));
        }
    }
    out
}

/// The first `define('NAME', value)` in code (PHP keeps the first): where its value starts, and
/// the value.
pub(super) fn first_define(text: &str, name: &str) -> Option<(usize, DefineValue)> {
    let toks = lex(text);
    toks.windows(5).find_map(|w| match (&w[0].0, &w[1].0, &w[2].0, &w[3].0, &w[4]) {
        (Tok::Ident(d), Tok::Punct("("), Tok::Str(n, _, _), Tok::Punct(","), (v, at)) if d == "define" && n == name => {
            let value = match v {
                Tok::Str(s, _, Some(_)) => DefineValue::Str(s.clone()),
                Tok::Ident(word) => DefineValue::Word(word.clone()),
                _ => DefineValue::Other,
            };
            Some((*at, value))
        }
        _ => None,
    })
}

/// Where `statement` starts in code (not in a comment or string): the first token of it.
pub(super) fn code_position(text: &str, statement: &str) -> Option<usize> {
    lex(text).into_iter().map(|(_, at)| at).find(|at| text[*at..].starts_with(statement))
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
        let Some((_, Tok::Str(user, _, Some(_)), _)) = user.copied() else {
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

/// The string assigned to `$name` in code (`$table_prefix = 'wp_';`), the first one in file
/// order; `None` when there is none or the value is not a plain string literal.
pub fn string_variable(text: &str, name: &str) -> Option<String> {
    let toks = lex(text);
    toks.windows(3).find_map(|w| match (&w[0].0, &w[1].0, &w[2].0) {
        (Tok::Var(v), Tok::Punct("="), Tok::Str(s, _, Some(_))) if v == name => Some(s.clone()),
        _ => None,
    })
}

#[cfg(test)]
mod tests;
