//! Known string values computed the way PHP would (decoders and string functions on
//! literals), and tests on literal text.

pub(super) fn blob_like(v: &[u8]) -> bool {
    if v.len() < 1000 {
        return false;
    }
    // Long words of prose or code have spaces and punctuation; encoded data has none: at most
    // 3 % of other bytes (counted until there are too many: prose stops at its first words).
    let most = v.len() * 3 / 100;
    let mut other = 0;
    for c in v {
        if !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'\n' | b'\r' | b'-' | b'_')) {
            other += 1;
            if other > most {
                return false;
            }
        }
    }
    !v.starts_with(b"data:")
}

pub(super) fn php_name(v: &[u8]) -> bool {
    // Every ending has a dot in the last six bytes (most texts have none: one look, no list).
    if !v[v.len().saturating_sub(6)..].contains(&b'.') {
        return false;
    }
    [".php", ".phtml", ".pht", ".phar", ".php5", ".php7"]
        .iter()
        .any(|e| v.len() >= e.len() && v[v.len() - e.len()..].eq_ignore_ascii_case(e.as_bytes()))
}

pub(super) fn parse_num(v: &[u8]) -> Option<i64> {
    // A plain decimal number (a table's index, a character's code), the most read by far, is
    // added up here: no text checked or parsed.
    if !v.is_empty() && v.len() <= 18 && v.iter().all(u8::is_ascii_digit) && (v[0] != b'0' || v.len() == 1) {
        return Some(v.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')));
    }
    let s = std::str::from_utf8(v).ok()?;
    // Digit separators (`1_000`) are dropped; without one nothing is copied (this runs for
    // every index of a character table).
    if s.contains('_') {
        return parse_num_text(&s.replace('_', ""));
    }
    parse_num_text(s)
}

fn parse_num_text(s: &str) -> Option<i64> {
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

/// A literal `preg_replace` pattern's body and modifiers (`/a+/i` is `a+` and `i`): the
/// delimiter is its first byte (or a bracket and its closing one), `None` when there is none.
fn preg_parts(p: &[u8]) -> Option<(&[u8], &[u8])> {
    let p = p.trim_ascii_start();
    let d = *p.first()?;
    if d.is_ascii_alphanumeric() || d == b'\\' {
        return None;
    }
    let close = match d {
        b'(' => b')',
        b'{' => b'}',
        b'[' => b']',
        b'<' => b'>',
        c => c,
    };
    let end = 1 + p[1..].iter().rposition(|c| *c == close)?;
    Some((&p[1..end], &p[end + 1..]))
}

/// Whether a literal `preg_replace` pattern has the `e` modifier (runs the replacement).
pub(super) fn preg_has_e(p: &[u8]) -> bool {
    preg_parts(p).is_some_and(|(_, mods)| {
        mods.iter().all(|c| c.is_ascii_alphabetic() || c.is_ascii_whitespace()) && mods.contains(&b'e')
    })
}

/// Most `preg_replace` patterns compiled per file (nested code included): compiling one
/// costs as much as reading thousands of tokens, and a file of many distinct patterns is
/// read with its later ones unknown.
pub(super) const MAX_PREG_PATTERNS: usize = 16;

/// The patterns a file's `preg_replace` folds compiled, each once: the same few run again in
/// every loop, call and pass (a CSS parser's `/(left|top)/` on `'50% 0%'`), and compiling is
/// what costs, not replacing.
#[derive(Default)]
pub(super) struct Pregs {
    compiled: Vec<(Vec<u8>, Option<regex::bytes::Regex>)>,
}

impl Pregs {
    /// `preg_replace` of a short literal by a literal without references (`preg_replace('/_/',
    /// '', 's_y_s')`): the pattern read by the `regex` crate (delimiters and the `i`, `s`, `m`,
    /// `x` modifiers), `None` when it cannot be read that way or too many were compiled.
    pub(super) fn fold(&mut self, pattern: &[u8], replacement: &[u8], subject: &[u8]) -> Option<Vec<u8>> {
        if pattern.len() > 64 || subject.len() > 64 || replacement.len() > 64 || preg_has_e(pattern) {
            return None;
        }
        if replacement.iter().any(|c| matches!(c, b'$' | b'\\')) {
            return None;
        }
        let (body, mods) = preg_parts(pattern)?;
        if let Some(needle) = literal_pattern(body, mods) {
            return Some(replace_literal(subject, needle, replacement));
        }
        let k = match self.compiled.iter().position(|(p, _)| p == pattern) {
            Some(k) => k,
            None if self.compiled.len() >= MAX_PREG_PATTERNS => return None,
            None => {
                count_preg_build();
                self.compiled.push((pattern.to_vec(), compile_preg(body, mods)));
                self.compiled.len() - 1
            }
        };
        let re = self.compiled[k].1.as_ref()?;
        Some(re.replace_all(subject, regex::bytes::NoExpand(replacement)).into_owned())
    }
}

fn compile_preg(body: &[u8], mods: &[u8]) -> Option<regex::bytes::Regex> {
    let body = std::str::from_utf8(body).ok()?;
    // (The modifiers before the `-`: in `(?-ui)` the `i` would be switched off.)
    let mut flags = String::from("(?");
    for m in mods {
        match m {
            b'i' | b's' | b'm' | b'x' => flags.push(char::from(*m)),
            b'u' | b'D' | b'U' | b'S' => {}
            _ => return None,
        }
    }
    flags.push_str("-u)");
    regex::bytes::RegexBuilder::new(&format!("{flags}{body}")).size_limit(1 << 16).build().ok()
}

/// A pattern that is plain text (no operator, no escape; no modifier that changes how text
/// matches): replaced without compiling anything (`/_/`, `/xx/`).
fn literal_pattern<'p>(body: &'p [u8], mods: &[u8]) -> Option<&'p [u8]> {
    let plain = !body.is_empty() && !body.iter().any(|c| b"\\^$.|?*+()[]{}".contains(c));
    let same_text = mods.iter().all(|m| matches!(m, b's' | b'm' | b'u' | b'D' | b'U' | b'S'));
    (plain && same_text).then_some(body)
}

fn replace_literal(subject: &[u8], needle: &[u8], replacement: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(subject.len());
    let mut last = 0;
    for at in memchr::memmem::find_iter(subject, needle) {
        out.extend_from_slice(&subject[last..at]);
        out.extend_from_slice(replacement);
        last = at + needle.len();
    }
    out.extend_from_slice(&subject[last..]);
    out
}

// Patterns compiled, in tests: each distinct one once per file, and at most `MAX_PREG_PATTERNS`.
#[cfg(test)]
thread_local! {
    pub(super) static PREG_BUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[inline]
fn count_preg_build() {
    #[cfg(test)]
    PREG_BUILDS.with(|c| c.set(c.get() + 1));
}

/// Whether an `/e` replacement calls a function without using any part of the match (`\\1`,
/// `$1`, `${1}`): it is not a transformation of the text but code run for its own sake.
pub(super) fn runs_without_match(r: &[u8]) -> bool {
    let backref = r.windows(2).any(|w| matches!(w[0], b'\\' | b'$') && (w[1].is_ascii_digit() || w[1] == b'{'));
    let call = r.windows(2).any(|w| (w[0].is_ascii_alphanumeric() || w[0] == b'_') && w[1] == b'(');
    call && !backref
}

/// A prefix operator on a known value: `~` inverts the bytes of a string (or the bits of a
/// number), `-` negates a number, `!` is PHP's boolean not.
pub(super) fn unary(op: &[u8], v: &[u8], numeric: bool) -> Option<Vec<u8>> {
    match op {
        b"~" if numeric => parse_num(v).map(|n| (!n).to_string().into_bytes()),
        b"~" => Some(v.iter().map(|c| !c).collect()),
        b"-" => parse_num(v).map(|n| n.wrapping_neg().to_string().into_bytes()),
        b"!" => Some(if falsy(v) { b"1".to_vec() } else { Vec::new() }),
        _ => None,
    }
}

fn falsy(v: &[u8]) -> bool {
    v.is_empty() || v == b"0"
}

/// `a OP b` on known values, when PHP's result is plain: integer arithmetic and comparisons
/// (`('>' > '<') + ('>' > '<')` is 2). Anything else is unknown.
pub(super) fn binary(op: &[u8], a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
    let bool_lit = |t: bool| Some(if t { b"1".to_vec() } else { Vec::new() });
    let num = |v: &[u8]| if v.is_empty() { Some(0) } else { parse_num(v) };
    match (op, num(a), num(b)) {
        (b"+", Some(x), Some(y)) => x.checked_add(y).map(|n| n.to_string().into_bytes()),
        (b"-", Some(x), Some(y)) => x.checked_sub(y).map(|n| n.to_string().into_bytes()),
        (b"*", Some(x), Some(y)) => x.checked_mul(y).map(|n| n.to_string().into_bytes()),
        (b"/", Some(x), Some(y)) if y != 0 && x % y == 0 => Some((x / y).to_string().into_bytes()),
        (b"%", Some(x), Some(y)) if y != 0 => Some((x % y).to_string().into_bytes()),
        (b"&", Some(x), Some(y)) => Some((x & y).to_string().into_bytes()),
        (b"|", Some(x), Some(y)) => Some((x | y).to_string().into_bytes()),
        (b"<", Some(x), Some(y)) => bool_lit(x < y),
        (b">", Some(x), Some(y)) => bool_lit(x > y),
        (b"<=", Some(x), Some(y)) => bool_lit(x <= y),
        (b">=", Some(x), Some(y)) => bool_lit(x >= y),
        (b"==" | b"===", Some(x), Some(y)) => bool_lit(x == y),
        (b"!=" | b"!==" | b"<>", Some(x), Some(y)) => bool_lit(x != y),
        (b"<", None, None) => bool_lit(a < b),
        (b">", None, None) => bool_lit(a > b),
        (b"==" | b"===", None, None) => bool_lit(a == b),
        (b"!=" | b"!==" | b"<>", None, None) => bool_lit(a != b),
        _ => None,
    }
}

/// PHP's `++` on a string: `'a'` → `'b'`, `'Az'` → `'Ba'`, `'zz'` → `'aaa'`, numbers add one.
pub(super) fn str_inc(v: &[u8]) -> Option<Vec<u8>> {
    if v.is_empty() {
        return Some(b"1".to_vec());
    }
    if let Some(n) = parse_num(v).filter(|_| v.iter().all(u8::is_ascii_digit) || v[0] == b'-') {
        return n.checked_add(1).map(|n| n.to_string().into_bytes());
    }
    if !v.last().is_some_and(u8::is_ascii_alphanumeric) {
        return Some(v.to_vec());
    }
    let mut out = v.to_vec();
    let mut k = out.len();
    while k > 0 {
        k -= 1;
        let (wrapped, first) = match out[k] {
            b'z' => (true, b'a'),
            b'Z' => (true, b'A'),
            b'9' => (true, b'1'),
            c if c.is_ascii_alphanumeric() => {
                out[k] = c + 1;
                return Some(out);
            }
            // A character that is not a letter or digit stops the carry.
            _ => return Some(out),
        };
        out[k] = if first == b'1' { b'0' } else { first };
        if wrapped && (k == 0 || !out[k - 1].is_ascii_alphanumeric()) {
            out.insert(k, first);
            return Some(out);
        }
    }
    Some(out)
}

/// PHP's `--`: only numbers change.
pub(super) fn num_dec(v: &[u8]) -> Option<Vec<u8>> {
    match parse_num(v) {
        Some(n) => n.checked_sub(1).map(|n| n.to_string().into_bytes()),
        None => Some(v.to_vec()),
    }
}
