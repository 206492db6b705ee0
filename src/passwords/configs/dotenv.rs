//! `.env` files (Laravel, Symfony): `KEY=value` lines and `DATABASE_URL` userinfo.

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
                // The whole value, quotes included, is replaced on a rewrite: `encode` picks
                // the quoting the new value needs.
                let (value, close) = quoted(v, *q);
                (value, vstart..vstart + close.map_or(v.len(), |c| c + 1), Quote::EnvQuoted)
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

/// A quoted value starting at `v[0]`: its value and the index of the closing quote. Single
/// quotes are literal; in double quotes `\"`, `\\` and `\$` are escapes (phpdotenv).
fn quoted(v: &str, q: u8) -> (String, Option<usize>) {
    let b = v.as_bytes();
    let mut out = Vec::new();
    let mut j = 1;
    let mut close = None;
    while j < b.len() {
        match b[j] {
            c if c == q => {
                close = Some(j);
                break;
            }
            b'\\' if q == b'"' && matches!(b.get(j + 1), Some(b'"' | b'\\' | b'$')) => {
                out.push(b[j + 1]);
                j += 2;
            }
            c => {
                out.push(c);
                j += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), close)
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
    if let Some(url) = get("DATABASE_URL")?
        && let Some(l) = url_login(text, url)
    {
        out.push(l);
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
