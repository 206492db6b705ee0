//! Known string values computed the way PHP would (decoders and string functions on
//! literals), and tests on literal text.

pub(super) fn blob_like(v: &[u8]) -> bool {
    if v.len() < 1000 {
        return false;
    }
    let b64 = v
        .iter()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'\n' | b'\r' | b'-' | b'_'))
        .count();
    // Long words of prose or code have spaces and punctuation; encoded data has none.
    b64 * 100 >= v.len() * 97 && !v.starts_with(b"data:")
}

pub(super) fn php_name(v: &[u8]) -> bool {
    [".php", ".phtml", ".pht", ".phar", ".php5", ".php7"]
        .iter()
        .any(|e| v.len() >= e.len() && v[v.len() - e.len()..].eq_ignore_ascii_case(e.as_bytes()))
}

pub(super) fn parse_num(v: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(v).ok()?.replace('_', "");
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return i64::from_str_radix(h, 16).ok();
    }
    if s.len() > 1 && s.starts_with('0') && s.bytes().all(|c| c.is_ascii_digit()) {
        return i64::from_str_radix(&s[1..], 8).ok();
    }
    s.parse().ok()
}

pub(super) fn rot13(v: &[u8]) -> Vec<u8> {
    v.iter()
        .map(|c| match c {
            b'a'..=b'z' => (c - b'a' + 13) % 26 + b'a',
            b'A'..=b'Z' => (c - b'A' + 13) % 26 + b'A',
            _ => *c,
        })
        .collect()
}

pub(super) fn hex(v: &[u8]) -> Option<Vec<u8>> {
    if !v.len().is_multiple_of(2) {
        return None;
    }
    v.chunks(2).map(|p| std::str::from_utf8(p).ok().and_then(|s| u8::from_str_radix(s, 16).ok())).collect()
}

pub(super) fn replace(s: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.is_empty() {
        return s.to_vec();
    }
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

/// Whether a literal `preg_replace` pattern has the `e` modifier (runs the replacement).
pub(super) fn preg_has_e(p: &[u8]) -> bool {
    let p = p.trim_ascii_start();
    let Some(&d) = p.first() else { return false };
    if d.is_ascii_alphanumeric() || d == b'\\' {
        return false;
    }
    let close = match d {
        b'(' => b')',
        b'{' => b'}',
        b'[' => b']',
        b'<' => b'>',
        c => c,
    };
    let Some(end) = p[1..].iter().rposition(|c| *c == close) else { return false };
    let mods = &p[end + 2..];
    mods.iter().all(|c| c.is_ascii_alphabetic() || c.is_ascii_whitespace()) && mods.contains(&b'e')
}
