//! Request input seen the cheap way (flow-insensitive, two rounds), and the places where
//! the families look at it: form fields used as variables, credentials in log lines, PHP
//! code in a literal that reads the request.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::tokens::{Budget, close_of, ident, is_op, str_value};
use super::{F, classify};
use crate::detect::Why;
use crate::php::{Tok, Token, same_ci};

/// A literal holding PHP code that reads the request and runs it or saves files: what a
/// dropper writes to disk, as a file of its own (after `<?php`) or as statements an injector
/// pastes into the site's PHP files (lines of code, no open tag).
pub(super) fn holds_php_reading_request(value: &[u8], vars: &[&[u8]]) -> bool {
    static INPUT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?-u)\$_(?:GET|POST|REQUEST|COOKIE|FILES)\b").expect("pattern compiles"));
    static PHP_SINK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i-u)\b(?:eval|assert|system|passthru|shell_exec|exec|move_uploaded_file|file_put_contents|fwrite|copy)\s*\(")
            .expect("pattern compiles")
    });
    if value.len() > 64 * 1024 {
        return false;
    }
    let input_var = vars.iter().any(|v| is_request(v));
    let runs_request = |code: &[u8]| (input_var || INPUT.is_match(code)) && PHP_SINK.is_match(code);
    // (`memmem::find` builds a searcher per call: dearer than the scan of a short literal.)
    if let Some(open) = memchr::memchr_iter(b'<', value).find(|&p| value.get(p + 1) == Some(&b'?')) {
        let code = &value[open..];
        let php = code.get(2..5).is_some_and(|w| same_ci(w, b"php")) || code.get(2) == Some(&b'=');
        if php && runs_request(code) {
            return true;
        }
    }
    // Statements to paste: several lines ending in `;`, not a pattern or a message (an open
    // tag in them is one the code looks for in the files it changes).
    value.len() >= PASTED_CODE
        && memchr::memchr_iter(b'$', value).any(|p| value.get(p + 1) == Some(&b'_'))
        && statement_lines(value) >= 3
        && runs_request(value)
}

/// The shortest literal taken for statements to paste into files without an open tag.
const PASTED_CODE: usize = 96;

/// How many lines of a text end a statement (`;` before the line's end), counted up to 3.
fn statement_lines(value: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', value).filter(|&p| value[..p].trim_ascii_end().ends_with(b";")).take(3).count()
}

/// Request input, with PHP 4's long names that old web shells still use.
#[inline(always)]
pub(super) fn is_request(v: &[u8]) -> bool {
    // Asked of every variable: the first byte answers for nearly all.
    matches!(v.first(), Some(b'_' | b'H'))
        && matches!(
            v,
            b"_GET"
                | b"_POST"
                | b"_REQUEST"
                | b"_COOKIE"
                | b"_FILES"
                | b"HTTP_GET_VARS"
                | b"HTTP_POST_VARS"
                | b"HTTP_COOKIE_VARS"
                | b"HTTP_POST_FILES"
        )
}

/// Variables that hold request input (`$host = $_GET['h'];`, `$p = trim(@$_POST['p']);`,
/// `$list = explode("\n", $to);`, `foreach ($list as $one)`): a cheap, flow-insensitive view
/// for the families below, two rounds deep (`taint` follows data for real).
pub(super) fn input_vars<'a>(t: &[Token<'a>]) -> Vec<&'a [u8]> {
    // The list keeps the order found; the set answers "is it one of them" in one look (a
    // webshell has thousands of assignments, each asked about up to 32 tokens).
    let mut out: Vec<&'a [u8]> = Vec::new();
    let mut set = Names::default();
    // (Or read by `filter_input(INPUT_POST, 'card', …)`: fresh115's Correos kit.)
    // (Or the request's headers taken whole, `apache_request_headers()`: fresh177's reGeorg
    // tunnel connects where `X-TARGET` says.)
    let holds = |x: &Token<'_>, set: &Names<'a>| match &x.tok {
        Tok::Var(r) => is_request(r) || set.contains(r),
        Tok::Str(quoted) => quoted.vars.iter().any(|r| is_request(r) || set.contains(r)),
        Tok::Ident(f) => [&b"filter_input"[..], b"filter_input_array", b"apache_request_headers", b"getallheaders"]
            .iter()
            .any(|w| same_ci(f, w)),
        _ => false,
    };
    for round in 0..2 {
        if round == 1 && set.is_empty() {
            // Nothing found in the first round: the second would read the same.
            break;
        }
        for (i, tok) in t.iter().enumerate() {
            if out.len() >= 64 {
                return out;
            }
            match tok.tok {
                Tok::Var(v) if is_op(t.get(i + 1), b"=") && !(i > 0 && is_op(t.get(i - 1), b"->")) => {
                    if set.contains(v) {
                        continue;
                    }
                    let mut rhs = t[i + 2..]
                        .iter()
                        .take(32)
                        .take_while(|x| !is_op(Some(x), b";") && !matches!(x.tok, Tok::Close));
                    if rhs.any(|x| holds(x, &set)) {
                        out.push(v);
                        set.insert(v);
                    }
                }
                Tok::Ident(k) if same_ci(k, b"foreach") && is_op(t.get(i + 1), b"(") => {
                    let head = &t[i + 2..close_of(t, i + 1).min(t.len())];
                    let Some(as_at) = head.iter().position(|x| ident(x).is_some_and(|n| same_ci(n, b"as"))) else {
                        continue;
                    };
                    if head[..as_at].iter().any(|x| holds(x, &set)) {
                        for x in &head[as_at + 1..] {
                            if let Tok::Var(v) = x.tok
                                && set.insert(v)
                            {
                                out.push(v);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// A set of a file's names with a one-word summary (a bit per length and first byte): most
/// "is it one of them" are answered without hashing the name, the others by the taint
/// analysis's keyed hasher (several times cheaper than the standard one on short names).
#[derive(Default)]
struct Names<'a> {
    bits: u64,
    set: std::collections::HashSet<&'a [u8], crate::taint::Keyed>,
}

impl<'a> Names<'a> {
    fn bit(v: &[u8]) -> u64 {
        let k = v.len().wrapping_mul(7).wrapping_add(usize::from(v.first().copied().unwrap_or(0)));
        1 << (k & 63)
    }
    fn insert(&mut self, v: &'a [u8]) -> bool {
        self.bits |= Names::bit(v);
        self.set.insert(v)
    }
    fn contains(&self, v: &[u8]) -> bool {
        self.bits & Names::bit(v) != 0 && self.set.contains(v)
    }
    fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

/// Whether an argument reads request input, directly or through one of `inputs`.
pub(super) fn reads_input(arg: &[Token<'_>], inputs: &[&[u8]]) -> bool {
    let named = |v: &[u8]| is_request(v) || inputs.contains(&v);
    arg.iter().any(|x| match &x.tok {
        Tok::Var(v) => named(v),
        Tok::Str(quoted) => quoted.vars.iter().any(|v| named(v)),
        _ => false,
    })
}

/// A label naming a credential at the end of a literal (`"Password : "`, `"CVV="`), also
/// set in HTML (`"<b>Pass :</b> <font color='red'>"`, how collectors format their mails),
/// in brackets (`"[Card Number] = "`) or padded with spaces or tabs into a column; in the
/// languages kits are made for too (`"Usuario:"`, `"Senha:"`, `"Kennwort:"`).
pub(super) static CREDENTIAL_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)(?:pass|pwd|user|login|e-?mail|card|\bcc|cvv|cvc|ssn|\bpin\b|\bexp|otp|dob|account|\bid|",
        r"usuario|utilisateur|benutzer|gebruiker|senha|contrase|clave|kennwort|cryptogram|geheim|wachtwoord|haslo|",
        // (A card and its code in French and Spanish: `N°.Carte : `, `Code sécurité : `.)
        r"carte|tarjeta|s(?:e|\xC3\xA9)curit(?:e|\xC3\xA9)|seguridad|",
        // (A wallet's secret words or key: `Phrase: `, `Seed: `, `Private Key: `, wallet
        // drainers' mails.)
        r"phrase|\bseed|mnemonic|private ?key|keystore|wallet)",
        // (After the colon, a chat message's marks: `*Email:* `, `_Pass_: ` in Markdown.)
        // (The word's end may hold an accented letter: `Contraseña: `, fresh132's bank kits.)
        r"(?:[a-z0-9 \t\\._#\])*-]|[\xC2-\xDF][\x80-\xBF]){0,20}[ \t]*[:=>|-][*_`~]{0,2}\s*(?:<[^<>\n]{0,80}>\s*){0,4}[*_`~]{0,2}$",
    ))
    .expect("pattern compiles")
});
/// A form field holding a credential.
pub(super) static CREDENTIAL_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)pass|pwd|user|login|e-?mail|card|^cc|cvv|cvc|ssn|(?:^|_)pin(?:_|$)|^exp|otp|two_?fact|2fa|dob|account|phrase|^seed|mnemonic|private_?key|wallet|verif(?:ication|y)?_?code",
    )
    .expect("pattern compiles")
});
/// A short label at the end of a literal (`"Pd: "`, `"\nP = "`).
static SHORT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)(?:^|\n|\s)[A-Za-z][A-Za-z0-9 ._-]{0,11}\s*[:=]\s*$").expect("pattern compiles")
});
/// A field holding a secret (not a name or an address).
pub(super) static SECRET_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)pass|pwd|card|^cc|cvv|cvc|ssn|(?:^|_)pin(?:_|$)|otp|two_?fact|2fa|phrase|^seed|mnemonic|private_?key|verif(?:ication|y)?_?code",
    )
    .expect("pattern compiles")
});

/// `"Password: " . $_POST['pass']` or `"Password: $_POST[pass]"` at token `i`: a collector's
/// log line. How many such lines, and whether one field is a secret.
pub(super) fn credential_line(t: &[Token<'_>], i: usize, value: &[u8], vars: &[&[u8]]) -> Option<(u8, bool)> {
    if value.len() > 200 {
        return None;
    }
    // (A field carried over from the kit's previous page in the session counts as the request's.)
    if vars.iter().any(|v| matches!(*v, b"_POST" | b"_GET" | b"_REQUEST" | b"_SESSION")) {
        // Interpolated: labels each followed by a `[key]` in the same text.
        let (mut lines, mut secret, mut from) = (0u8, false, 0);
        while let Some(open) = memchr::memchr(b'[', &value[from..]).map(|o| o + from) {
            let Some(close) = memchr::memchr(b']', &value[open..]).map(|c| c + open) else { break };
            let key = value[open + 1..close].trim_ascii_matches_quotes();
            if CREDENTIAL_LABEL.is_match(&value[from..open]) && CREDENTIAL_KEY.is_match(key) {
                lines += 1;
                secret |= SECRET_KEY.is_match(key);
            }
            from = close + 1;
        }
        return (lines > 0).then_some((lines, secret));
    }
    // The cheap tests first: a label is followed by request input.
    let Some(Token { tok: Tok::Var(v), .. }) = t.get(i + 2) else { return None };
    if !matches!(*v, b"_POST" | b"_GET" | b"_REQUEST" | b"_SESSION")
        || !is_op(t.get(i + 1), b".")
        || !is_op(t.get(i + 3), b"[")
    {
        return None;
    }
    let key = t.get(i + 4).and_then(str_value)?;
    if !CREDENTIAL_LABEL.is_match(value) {
        // A field named for a secret needs no label that names it (`"Pd: " . $_POST['password']`):
        // a label of a few letters is enough.
        // Nor does a coded field under a label naming a secret in another language.
        let secret = SECRET_KEY.is_match(key) || ((key.len() <= 2 || coded_field(key)) && SECRET_LABEL.is_match(value));
        return (secret && SHORT_LABEL.is_match(value)).then_some((1, true));
    }
    if CREDENTIAL_KEY.is_match(key) {
        return Some((1, SECRET_KEY.is_match(key)));
    }
    // A field whose name says nothing of what it holds: a letter or two (`$_POST['p']`), a
    // coded name (`$_POST['AK09']`, `$_POST['f12']`: letters and a number, how kits keep their
    // fields' meaning out of the page) or a name of the kit's own (`$_SESSION['_n_']`): the
    // label says what it holds.
    let label = value.rsplit(|b| *b == b'\n').next().unwrap_or(value);
    Some((1, SECRET_KEY.is_match(label) || SECRET_LABEL.is_match(label)))
}

/// A secret named in a label in other languages than English (`Mot de passe`, `Senha`,
/// `Contraseña`, `Kennwort`, `Cryptogramme`, `Code secret`).
pub(super) static SECRET_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)senha|contrase|clave|kennwort|cryptogram|code\s*secret|geheim|wachtwoord|haslo|s(?:e|\xC3\xA9)curit(?:e|\xC3\xA9)|seguridad",
        r"|phrase|\bseed|mnemonic|private ?key",
    ))
    .expect("pattern compiles")
});

/// A form field's name of a few letters and a number, nothing that says what it holds.
fn coded_field(key: &[u8]) -> bool {
    (3..=10).contains(&key.len())
        && key.iter().all(|c| c.is_ascii_alphanumeric())
        && key[0].is_ascii_alphabetic()
        && key.iter().any(u8::is_ascii_digit)
}

pub(super) trait TrimQuotes {
    fn trim_ascii_matches_quotes(&self) -> &[u8];
}

impl TrimQuotes for [u8] {
    fn trim_ascii_matches_quotes(&self) -> &[u8] {
        let mut s = self;
        while let [b'\'' | b'"', rest @ ..] = s {
            s = rest;
        }
        while let [rest @ .., b'\'' | b'"'] = s {
            s = rest;
        }
        s
    }
}

/// The names of a page's form fields, in order: `<input`, `<textarea` or `<select` (any case,
/// a whole word), then within 300 bytes of the tag (no `>` between) the first `name`
/// attribute with a name (`name = \"cmd`, `NAME='c'`, `name=f`), up to 41 name bytes.
/// (A scan from each `<`: the pattern's bounded gap made a regex's automaton slow on large
/// pages.)
pub(super) fn form_field_names(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(p) = memchr::memchr(b'<', &text[from.min(text.len())..]).map(|p| from + p) {
            from = p + 1;
            let after = &text[p + 1..];
            let Some(tag) = [&b"input"[..], b"textarea", b"select"]
                .into_iter()
                .find(|w| after.len() >= w.len() && after[..w.len()].eq_ignore_ascii_case(w))
            else {
                continue;
            };
            let start = p + 1 + tag.len();
            if text.get(start).is_some_and(|&c| word(c)) {
                continue;
            }
            // `name` may start anywhere in the next 300 bytes before a `>`.
            let gap_end = text[start..text.len().min(start + 301)]
                .iter()
                .position(|&c| c == b'>')
                .map_or(text.len().min(start + 301), |k| start + k);
            for q in start..gap_end {
                if !(text.len() >= q + 4 && text[q..q + 4].eq_ignore_ascii_case(b"name")) || word(text[q - 1]) {
                    continue;
                }
                let mut k = q + 4;
                while text.get(k).is_some_and(u8::is_ascii_whitespace) {
                    k += 1;
                }
                if text.get(k) != Some(&b'=') {
                    continue;
                }
                k += 1;
                while text.get(k).is_some_and(u8::is_ascii_whitespace) {
                    k += 1;
                }
                if text.get(k) == Some(&b'\\') {
                    k += 1;
                }
                if matches!(text.get(k), Some(b'"' | b'\'')) {
                    k += 1;
                }
                if !text.get(k).is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_') {
                    continue;
                }
                let name_end =
                    (k + 1..text.len().min(k + 41)).find(|&e| !word(text[e])).unwrap_or(text.len().min(k + 41));
                from = name_end;
                return Some(&text[k..name_end]);
            }
        }
        None
    })
}

/// A shell or code call given a variable named like one of the page's form fields: with
/// `register_globals` (old PHP, still what these shells are written for) the field is the
/// variable.
pub(super) fn form_field_to_sink(text: &[u8], t: &[Token<'_>]) -> Option<(Why, usize)> {
    let mut fields: Vec<&[u8]> = Vec::new();
    for name in form_field_names(text).take(256) {
        if !fields.contains(&name) && fields.len() < 64 {
            fields.push(name);
        }
    }
    if fields.is_empty() {
        return None;
    }
    // Fields the code never sets itself: only `register_globals` gives them a value.
    let set_here = assigned(t, &fields);
    let mut unset = fields.clone();
    unset.retain(|f| !set_here.contains(f));
    let budget = Budget::for_tokens(t.len());
    for (i, tok) in t.iter().enumerate() {
        let Tok::Ident(n) = tok.tok else { continue };
        let method = i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::"));
        if method || !is_op(t.get(i + 1), b"(") {
            continue;
        }
        // File writes are what editors do too: only a field nothing in the file sets counts.
        let (why, names) = if classify(n) == Some(F::Shell) {
            (Why::ShellFromInput, &fields)
        } else if same_ci(n, b"move_uploaded_file") || same_ci(n, b"copy") {
            (Why::UploadDropper, &fields)
        } else if same_ci(n, b"mail") {
            (Why::MailFromInput, &fields)
        } else if same_ci(n, b"eval") || same_ci(n, b"assert") {
            (Why::CodeFromInput, &fields)
        } else if same_ci(n, b"file_put_contents") || (same_ci(n, b"fopen") && writes(t, i, &budget)) {
            (Why::UploadDropper, &unset)
        } else {
            continue;
        };
        let first = budget.args(t, i + 1).into_iter().next().unwrap_or_default();
        let named = first.iter().any(|x| match &x.tok {
            Tok::Var(v) => names.contains(v),
            Tok::Str(quoted) => quoted.vars.iter().any(|v| names.contains(v)),
            _ => false,
        });
        if named {
            return Some((why, tok.at));
        }
    }
    None
}

/// `fopen(…, 'w')` (or `a`, `x`, `c`): opened for writing.
fn writes(t: &[Token<'_>], i: usize, budget: &Budget) -> bool {
    let args = budget.args(t, i + 1);
    let mode = args.get(1).and_then(|a| a.first()).and_then(str_value);
    mode.and_then(|m| m.first()).is_some_and(|c| matches!(c.to_ascii_lowercase(), b'w' | b'a' | b'x' | b'c'))
}

/// Which of `fields` the file sets itself: assigned, a loop variable, a function's parameter.
fn assigned<'a>(t: &[Token<'a>], fields: &[&[u8]]) -> Vec<&'a [u8]> {
    // Asked of every variable of the file: one look, not one per field.
    let mut wanted = Names::default();
    for f in fields {
        wanted.insert(f);
    }
    let mut out: Vec<&'a [u8]> = Vec::new();
    let mut params_until = 0;
    for (i, x) in t.iter().enumerate() {
        if ident(x).is_some_and(|n| same_ci(n, b"function")) {
            // The parameter list: from the next `(` to its `)`.
            if let Some(open) = t[i + 1..].iter().take(3).position(|y| is_op(Some(y), b"(")) {
                params_until = close_of(t, i + 1 + open);
            }
            continue;
        }
        let Tok::Var(v) = x.tok else { continue };
        if !wanted.contains(v) || out.contains(&v) {
            continue;
        }
        let sets = matches!(t.get(i + 1), Some(Token { tok: Tok::Op(o), .. })
            if o.ends_with(b"=") && !matches!(*o, b"==" | b"===" | b"!=" | b"!==" | b"<=" | b">="));
        let looped = i > 0 && ident(&t[i - 1]).is_some_and(|p| same_ci(p, b"as"));
        if sets || looped || i < params_until {
            out.push(v);
        }
    }
    out
}
