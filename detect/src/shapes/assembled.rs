//! Function names put together at run time from pieces kept apart, so that no dangerous name
//! is ever written out: a name joined from three or more indexed pieces (`$t[4].$t[0].$t[7]`,
//! `$this->parts[2].$this->parts[0]…`) and then called; a decoder function that spells names
//! out of a character table by lists of numbers (`name(array(12, 4, 9))`), its results then
//! called through variables. Linear in the tokens; no allocation per token.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::signs;
use super::tokens::{self, ident, is_op, joined, str_value};
use crate::php::{Tok, Token, same_ci};

/// Pieces joined before a name counts as assembled.
const MIN_PIECES: usize = 3;
/// Calls of a table decoder with number lists before it counts as one.
const MIN_TABLE_CALLS: usize = 3;
/// Assembled names remembered per file.
const MAX_NAMES: usize = 16;
/// The most tokens of a function body read for a table decoder's loop.
const DECODER_BODY: usize = 64;

/// The tokens one indexed piece at `i` takes (`$v[3]`, `$v{3}`, `$this->v[3]`,
/// `self::$v[3]`), if it is one.
fn piece(t: &[Token<'_>], i: usize) -> Option<usize> {
    let mut j = i;
    match t.get(j)?.tok {
        Tok::Var(b"this") if is_op(t.get(j + 1), b"->") && t.get(j + 2).and_then(ident).is_some() => j += 3,
        Tok::Var(_) => j += 1,
        Tok::Ident(n)
            if (same_ci(n, b"self") || same_ci(n, b"static"))
                && is_op(t.get(j + 1), b"::")
                && matches!(t.get(j + 2).map(|x| &x.tok), Some(Tok::Var(_))) =>
        {
            j += 3
        }
        _ => return None,
    }
    let close: &[u8] = if is_op(t.get(j), b"[") {
        b"]"
    } else if is_op(t.get(j), b"{") {
        b"}"
    } else {
        return None;
    };
    (matches!(t.get(j + 1).map(|x| &x.tok), Some(Tok::Num(_))) && is_op(t.get(j + 2), close)).then_some(j + 3 - i)
}

/// Where a variable holding a name joined from indexed pieces only (`$f = $a[3].$a[0].$a[5];`)
/// is called (`$f(…)`, `@$f(…)`).
pub(super) fn called_assembled_name(t: &[Token<'_>]) -> Option<usize> {
    let mut names: Vec<&[u8]> = Vec::new();
    // Long joins (`MIN_TABLE_PIECES` pieces or more): where the first is, and how many.
    let mut table_joins = (None, 0);
    for i in 0..t.len() {
        // `$f = …` or `$GLOBALS['f'] = …` (the file's own variable `f`), and what follows `=`.
        let assigned = match t[i].tok {
            Tok::Var(v) if is_op(t.get(i + 1), b"=") && !(i > 0 && is_op(t.get(i - 1), b"->")) => Some((v, i + 2)),
            Tok::Var(b"GLOBALS") if is_op(t.get(i + 4), b"=") => global_key(t, i).map(|k| (k, i + 5)),
            _ => None,
        };
        if let Some((v, from)) = assigned {
            let (pieces, j) = joined(t, from, piece);
            let ends = is_op(t.get(j), b";") || matches!(t.get(j).map(|x| &x.tok), Some(Tok::Close));
            if pieces >= MIN_PIECES && ends && !names.contains(&v) && names.len() < MAX_NAMES {
                names.push(v);
            }
            if pieces >= MIN_TABLE_PIECES && ends {
                table_joins.0.get_or_insert(t[i].at);
                table_joins.1 += 1;
            }
            continue;
        }
        // `$f(…)`, `$GLOBALS['f'](…)`.
        let called = match t[i].tok {
            Tok::Var(b"GLOBALS") if is_op(t.get(i + 4), b"(") => global_key(t, i),
            Tok::Var(v) if is_op(t.get(i + 1), b"(") => Some(v),
            _ => None,
        };
        if let Some(v) = called
            && names.contains(&v)
        {
            let method = i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::"));
            if !method {
                return Some(t[i].at);
            }
        }
    }
    // Many names spelled from a table whose text is not in the file (`$$n = $t[62].$t[51]…`,
    // `$t` made by a function), then anything called through a variable.
    let (first, joins) = table_joins;
    if joins >= MIN_TABLE_JOINS && calls_through_variable(t) { first } else { None }
}

/// The key of `$GLOBALS['key']` at `i` (a literal key).
fn global_key<'a>(t: &[Token<'a>], i: usize) -> Option<&'a [u8]> {
    if !is_op(t.get(i + 1), b"[") || !is_op(t.get(i + 3), b"]") {
        return None;
    }
    match t.get(i + 2).map(|x| x.tok) {
        Some(Tok::Str(quoted)) if quoted.vars.is_empty() => Some(quoted.value),
        _ => None,
    }
}

/// Pieces in a join that spells a word from a table.
const MIN_TABLE_PIECES: usize = 4;
/// Such joins that make a file one spelling its names.
const MIN_TABLE_JOINS: usize = 3;

/// `$f(…)` or `$$f(…)` anywhere (not a method `->$f(…)`).
fn calls_through_variable(t: &[Token<'_>]) -> bool {
    (0..t.len()).any(|i| {
        matches!(t[i].tok, Tok::Var(_))
            && !(i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::")))
            && is_op(t.get(i + 1), b"(")
    })
}

/// A function of the file that spells a string out of a table by the numbers it is given
/// (`function d($l) { $s = ''; foreach ($l as $n) { $s .= $table[$n]; } return $s; }`), called
/// with number lists at least `MIN_TABLE_CALLS` times, in a file that calls functions through
/// variables: where the decoder is defined.
pub(super) fn table_decoder_names(t: &[Token<'_>]) -> Option<usize> {
    let through_variable = (0..t.len()).any(|i| {
        let Tok::Var(_) = t[i].tok else { return false };
        let method = i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::"));
        !method && (is_op(t.get(i + 1), b"(") || piece(t, i).is_some_and(|n| is_op(t.get(i + n), b"(")))
    });
    if !through_variable {
        return None;
    }
    // Each decoder's calls are counted over the whole file: a bounded number of them.
    let decoders = (0..t.len()).filter_map(|i| decoder_at(t, i).map(|name| (i, name))).take(MAX_DECODERS);
    for (i, name) in decoders {
        let calls = (0..t.len())
            .filter(|&k| {
                ident(&t[k]).is_some_and(|n| same_ci(n, name))
                    && !(k > 0 && ident(&t[k - 1]).is_some_and(|p| same_ci(p, b"function")))
                    && is_op(t.get(k + 1), b"(")
                    && number_list(t, k + 2)
            })
            .take(MIN_TABLE_CALLS)
            .count();
        if calls >= MIN_TABLE_CALLS {
            return Some(t[i].at);
        }
    }
    None
}

/// `array(4, …` or `[4, …` at `i`.
fn number_list(t: &[Token<'_>], i: usize) -> bool {
    let first = if is_op(t.get(i), b"[") {
        i + 1
    } else if t.get(i).and_then(ident).is_some_and(|n| same_ci(n, b"array")) && is_op(t.get(i + 1), b"(") {
        i + 2
    } else {
        return false;
    };
    matches!(t.get(first).map(|x| &x.tok), Some(Tok::Num(_)))
}

/// The name of the table decoder defined at `i` (`function name($p) {`), if it is one.
fn decoder_at<'a>(t: &[Token<'a>], i: usize) -> Option<&'a [u8]> {
    if !ident(&t[i]).is_some_and(|f| same_ci(f, b"function")) {
        return None;
    }
    let name = t.get(i + 1).and_then(ident)?;
    let Some(Tok::Var(param)) = t.get(i + 3).map(|x| &x.tok) else { return None };
    if !is_op(t.get(i + 2), b"(") || !is_op(t.get(i + 4), b")") {
        return None;
    }
    let body = &t[(i + 5).min(t.len())..t.len().min(i + 5 + DECODER_BODY)];
    // `foreach ($param as $v)` … `.= $table[$v]`.
    let each = body.iter().enumerate().find_map(|(k, x)| {
        let is_loop = ident(x).is_some_and(|w| same_ci(w, b"foreach"));
        let over = matches!(body.get(k + 2).map(|y| &y.tok), Some(Tok::Var(p)) if p == param);
        let as_ = body.get(k + 3).and_then(ident).is_some_and(|w| same_ci(w, b"as"));
        match body.get(k + 4).map(|y| &y.tok) {
            Some(Tok::Var(v)) if is_loop && over && as_ && is_op(body.get(k + 4 + 1), b")") => Some(*v),
            _ => None,
        }
    })?;
    let picks = body.windows(5).any(|w| {
        is_op(Some(&w[0]), b".=")
            && matches!(w[1].tok, Tok::Var(_))
            && (is_op(Some(&w[2]), b"[") || is_op(Some(&w[2]), b"{"))
            && matches!(w[3].tok, Tok::Var(v) if v == each)
            && (is_op(Some(&w[4]), b"]") || is_op(Some(&w[4]), b"}"))
    });
    picks.then_some(name)
}

/// A name spelled inline by a loop over a list of numbers that picks characters from a text
/// the file keeps (`$a = "e_iym0*53q…"; foreach ([18, 19, 33, 0, …] as $r) { $n .= $a[$r]; }`
/// spells `base64_decode`: fresh153's uploads backdoors), when a spelled name is a dangerous
/// function's. Where the first such loop is.
pub(super) fn inline_table_names(t: &[Token<'_>]) -> Option<usize> {
    let mut loops = 0usize;
    for i in 0..t.len() {
        if !ident(&t[i]).is_some_and(|w| same_ci(w, b"foreach")) || !is_op(t.get(i + 1), b"(") {
            continue;
        }
        loops += 1;
        if loops > MAX_INLINE_LOOPS {
            return None;
        }
        // `[n, n, …]` or `array(n, n, …)`, then `as $r)`.
        let (mut k, close) = if is_op(t.get(i + 2), b"[") {
            (i + 3, b"]".as_slice())
        } else if t.get(i + 2).and_then(ident).is_some_and(|w| same_ci(w, b"array")) && is_op(t.get(i + 3), b"(") {
            (i + 4, b")".as_slice())
        } else {
            continue;
        };
        let mut picks: Vec<usize> = Vec::new();
        while let Some(Tok::Num(n)) = t.get(k).map(|x| &x.tok) {
            let Some(n) = std::str::from_utf8(n).ok().and_then(|n| n.parse::<usize>().ok()) else { break };
            picks.push(n);
            k += if is_op(t.get(k + 1), b",") { 2 } else { 1 };
            if picks.len() > MAX_PICKS {
                break;
            }
        }
        if picks.len() < 4
            || !is_op(t.get(k), close)
            || !t.get(k + 1).and_then(ident).is_some_and(|w| same_ci(w, b"as"))
        {
            continue;
        }
        let Some(Tok::Var(each)) = t.get(k + 2).map(|x| &x.tok) else { continue };
        // The body: `{ $n .= $table[$r]; }` (braces optional).
        let b = k + 4 + usize::from(is_op(t.get(k + 4), b"{"));
        let (Some(Tok::Var(_)), Some(Tok::Var(table)), Some(Tok::Var(r))) =
            (t.get(b).map(|x| &x.tok), t.get(b + 2).map(|x| &x.tok), t.get(b + 4).map(|x| &x.tok))
        else {
            continue;
        };
        if !is_op(t.get(k + 3), b")")
            || !is_op(t.get(b + 1), b".=")
            || !(is_op(t.get(b + 3), b"[") || is_op(t.get(b + 3), b"{"))
            || r != each
        {
            continue;
        }
        // The table: the text the file assigns to it.
        let Some(text) =
            (0..t.len().saturating_sub(2)).find_map(|j| match (&t[j].tok, t.get(j + 2).and_then(str_value)) {
                (Tok::Var(v), Some(text)) if v == table && is_op(t.get(j + 1), b"=") => Some(text),
                _ => None,
            })
        else {
            continue;
        };
        let spelled: Option<Vec<u8>> = picks.iter().map(|&p| text.get(p).copied()).collect();
        let dangerous = spelled.is_some_and(|name| {
            signs::ESCAPED_NAMES[signs::FUNCTION_NAMES_FROM..].iter().any(|n| name.eq_ignore_ascii_case(n))
        });
        if dangerous {
            return Some(t[i].at);
        }
    }
    None
}
/// The most `foreach` loops read for an inline table's, and numbers read in one list.
const MAX_INLINE_LOOPS: usize = 64;
const MAX_PICKS: usize = 40;

/// Increments of variables named only by underscores that make a file one spelling names
/// letter by letter (`$__ = 'A'; $__++;` gives `B`).
const MIN_INCREMENTS: usize = 5;

/// Letters counted up in variables named only by underscores (`$__++`, `$___++`), then a call
/// through a variable: how shells without a single letter or digit spell `assert` and
/// `$_POST`. Where the first increment is.
pub(super) fn incremented_names(t: &[Token<'_>]) -> Option<usize> {
    let underscores = |v: &[u8]| v.len() >= 2 && v.iter().all(|c| *c == b'_');
    let mut first = None;
    let mut increments = 0;
    for i in 0..t.len() {
        if let Tok::Var(v) = t[i].tok
            && underscores(v)
            && is_op(t.get(i + 1), b"++")
        {
            first.get_or_insert(t[i].at);
            increments += 1;
            if increments >= MIN_INCREMENTS {
                break;
            }
        }
    }
    if increments < MIN_INCREMENTS {
        return None;
    }
    if calls_through_variable(t) { first } else { None }
}

/// Calls of one XOR string decoder with literal arguments that make a file's texts hidden.
const MIN_DECODER_CALLS: usize = 12;
/// XOR string decoders remembered per file.
const MAX_DECODERS: usize = 8;
/// The most tokens of a function body read for a XOR string decoder.
const XOR_DECODER_BODY: usize = 160;

/// A file whose texts are all hidden in an encrypted table: a function that base64-decodes
/// an entry and XORs it with a key (`chr(ord($s[$i]) ^ ord($k[$i % $l]))`), called at least
/// `MIN_DECODER_CALLS` times with literal arguments (`T::g('_x', 'k')` in place of every
/// string). Where the decoder is defined.
pub(super) fn xor_string_table(t: &[Token<'_>]) -> Option<usize> {
    let mut decoders: Vec<(&[u8], usize)> = Vec::new();
    for i in 0..t.len() {
        if decoders.len() >= MAX_DECODERS {
            break;
        }
        if !ident(&t[i]).is_some_and(|f| same_ci(f, b"function")) {
            continue;
        }
        let Some(name) = t.get(i + 1).and_then(ident) else { continue };
        let body = &t[i..t.len().min(i + XOR_DECODER_BODY)];
        let decodes = body.iter().any(|x| ident(x).is_some_and(|n| same_ci(n, b"base64_decode")));
        let xors =
            body.windows(2).any(|w| is_op(Some(&w[0]), b"^") && ident(&w[1]).is_some_and(|n| same_ci(n, b"ord")));
        if decodes && xors {
            decoders.push((name, t[i].at));
        }
    }
    decoders.into_iter().find_map(|(name, at)| {
        let calls = (1..t.len())
            .filter(|&k| {
                ident(&t[k]).is_some_and(|n| same_ci(n, name))
                    && !ident(&t[k - 1]).is_some_and(|p| same_ci(p, b"function"))
                    && is_op(t.get(k + 1), b"(")
                    && matches!(t.get(k + 2).map(|x| &x.tok), Some(Tok::Str(_)))
            })
            .take(MIN_DECODER_CALLS)
            .count();
        (calls >= MIN_DECODER_CALLS).then_some(at)
    })
}

/// Bitwise operations between literals that make a file one computing its names.
const MIN_BITWISE_LITERALS: usize = 4;
/// The longest literal taken for a piece of a computed name.
const MAX_BITWISE_LITERAL: usize = 64;

/// Names computed by bitwise operations between literal strings (`'W2vzV' ^ 'SJJs'`,
/// `'QcI3' & 'EAJ'`, barewords included), then a call through a variable: texts that exist
/// only once the operators ran. Where the first such operation is.
pub(super) fn bitwise_literal_names(t: &[Token<'_>]) -> Option<usize> {
    // A short printable literal, or an ASCII bareword PHP reads as one (not a call, not a
    // constant's `::`). Binary data read as code (after `__halt_compiler`) is neither.
    let literal = |k: usize| match t.get(k).map(|x| &x.tok) {
        Some(Tok::Str(quoted)) => {
            (1..=MAX_BITWISE_LITERAL).contains(&quoted.value.len())
                && quoted.value.iter().all(|c| (0x20..0x7f).contains(c))
        }
        Some(Tok::Ident(n)) => {
            let named =
                is_op(t.get(k + 1), b"(") || is_op(t.get(k + 1), b"::") || (k > 0 && is_op(t.get(k - 1), b"::"));
            n.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_') && !named
        }
        _ => false,
    };
    let mut first = None;
    let mut ops = 0;
    for i in 1..t.len() {
        let bitwise = is_op(t.get(i), b"^") || is_op(t.get(i), b"&") || is_op(t.get(i), b"|");
        let strings = matches!(t[i - 1].tok, Tok::Str(_)) || matches!(t.get(i + 1).map(|x| &x.tok), Some(Tok::Str(_)));
        if bitwise && strings && literal(i - 1) && literal(i + 1) {
            first.get_or_insert(t[i].at);
            ops += 1;
            if ops >= MIN_BITWISE_LITERALS {
                break;
            }
        }
    }
    if ops < MIN_BITWISE_LITERALS {
        return None;
    }
    if calls_through_variable(t) { first } else { None }
}

/// Where dangerous names are kept in base64 literals (`"eStUbEtYd0VjeDBKMjBRPTo6Y3JlYXRlX2Z1bmN0aW9u"`
/// is `y+TlKXwEcx0J20Q=::create_function`), two different ones at least, in a file that calls
/// through a variable or a class's `__call` (the wp2021 captures' `info.php` class backdoor):
/// an application spells the functions it calls.
pub(super) fn base64_literal_names(t: &[Token<'_>]) -> Option<usize> {
    let mut seen = 0u64;
    let mut first = None;
    // (A literal in pieces is read joined: `base64_decode('ZmlsZV' . '9nZ' . 'XRfY29' …)`.)
    let mut joined = Vec::new();
    for (i, x) in t.iter().enumerate() {
        if i > 0 && is_op(t.get(i - 1), b".") && t.get(i.wrapping_sub(2)).and_then(str_value).is_some() {
            continue;
        }
        let Some(mut v) = str_value(x) else { continue };
        if is_op(t.get(i + 1), b".") && t.get(i + 2).and_then(str_value).is_some() {
            joined.clear();
            let mut k = i;
            while let Some(p) = t.get(k).and_then(str_value).filter(|p| joined.len() + p.len() <= MAX_NAME_LITERAL) {
                joined.extend_from_slice(p);
                if !(is_op(t.get(k + 1), b".") && t.get(k + 2).and_then(str_value).is_some()) {
                    break;
                }
                k += 2;
            }
            v = &joined;
        }
        if !((12..=MAX_NAME_LITERAL).contains(&v.len()) && v.len() % 4 == 0) {
            continue;
        }
        if !v.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=')) {
            continue;
        }
        let Some(decoded) = crate::detect::base64_decoded(v) else { continue };
        // (Data decodes to bytes, a name to text.)
        if decoded.iter().filter(|c| c.is_ascii_graphic()).count() * 5 < decoded.len() * 4 {
            continue;
        }
        for m in DECODED_NAME.find_iter(&decoded) {
            if let Some(k) = signs::ESCAPED_NAMES.iter().position(|n| *n == m.as_bytes()) {
                seen |= 1 << k;
                first.get_or_insert(x.at);
            }
        }
    }
    let magic_call = || t.iter().any(|x| ident(x).is_some_and(|n| n.eq_ignore_ascii_case(b"__call")));
    // (Or an entry of a table called: `$GLOBALS['_628_'][5](…)`.)
    let entry_call = || (1..t.len()).any(|i| is_op(t.get(i - 1), b"]") && is_op(t.get(i), b"("));
    (seen.count_ones() >= 2 && (calls_through_variable(t) || magic_call() || entry_call())).then_some(first?)
}
/// The function names of `ESCAPED_NAMES` (six letters or more), searched in decoded text.
static DECODED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<String> = signs::ESCAPED_NAMES[signs::FUNCTION_NAMES_FROM..]
        .iter()
        .filter(|n| n.len() >= 6)
        .map(|n| regex::escape(&String::from_utf8_lossy(n)))
        .collect();
    Regex::new(&format!("(?-u){}", names.join("|"))).expect("pattern compiles")
});
/// The longest literal read as a name in base64.
const MAX_NAME_LITERAL: usize = 96;

/// Where a query string written in pieces of percent codes is parsed into a table of
/// dangerous names (`parse_str('0=%'.'61%'.'72…', $f); $f[0]($f[4], …)`): the names are in no
/// literal, and the table's entries are called. An application parses queries it is given.
pub(super) fn parse_str_names(t: &[Token<'_>]) -> Option<usize> {
    let at = (0..t.len()).find(|&i| tokens::is_call(t, i, &[b"parse_str"]))?;
    let mut query = Vec::new();
    let mut table = None;
    for (k, x) in t[at + 2..].iter().enumerate() {
        match &x.tok {
            Tok::Str(_) if query.len() < MAX_QUERY => query.extend_from_slice(str_value(x)?),
            Tok::Op(b".") => {}
            Tok::Op(b",") => {
                table = match t.get(at + 3 + k).map(|x| &x.tok) {
                    Some(Tok::Var(v)) => Some(*v),
                    _ => None,
                };
                break;
            }
            _ => return None,
        }
    }
    // An entry of the table called: `$f[0](…)`.
    let table = table?;
    let called = (0..t.len()).any(|i| {
        matches!(t[i].tok, Tok::Var(v) if v == table)
            && is_op(t.get(i + 1), b"[")
            && is_op(t.get(i + 3), b"]")
            && is_op(t.get(i + 4), b"(")
    });
    let decoded = percent_decoded(&query);
    let names = decoded
        .split(|c| *c == b'&')
        .filter_map(|pair| pair.splitn(2, |c| *c == b'=').nth(1))
        .filter(|v| signs::ESCAPED_NAMES.iter().skip(signs::FUNCTION_NAMES_FROM).any(|n| v.eq_ignore_ascii_case(n)))
        .count();
    (names >= 2 && called).then_some(t[at].at)
}
/// The most bytes of a query in pieces that are read.
const MAX_QUERY: usize = 4096;

/// `%61` as `a`; anything else as it is.
fn percent_decoded(v: &[u8]) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if v[i] == b'%'
            && let (Some(h), Some(l)) = (v.get(i + 1).and_then(|c| hex(*c)), v.get(i + 2).and_then(|c| hex(*c)))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(v[i]);
            i += 1;
        }
    }
    out
}

/// Names taken from the file's own name remembered per file.
const MAX_OWN_NAMES: usize = 8;

/// The name a variable is assigned under, the `=` at `eq`: `$v =` or `${'v'} =`.
fn assigned_name<'t>(t: &'t [Token<'_>], eq: usize) -> Option<&'t [u8]> {
    match t.get(eq.checked_sub(1)?).map(|x| &x.tok) {
        Some(Tok::Var(v)) => Some(v),
        Some(Tok::Op(b"}")) if eq >= 4 && is_op(t.get(eq - 4), b"$") && is_op(t.get(eq - 3), b"{") => {
            match &t[eq - 2].tok {
                Tok::Str(quoted) => Some(quoted.value),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A function named by the file's own name (`$f = substr(__FILE__, -10, 6); $f($_POST[1]);`,
/// the file saved as `system.php`): the name is nowhere in the code. Where it is called.
pub(super) fn own_file_name_called(t: &[Token<'_>]) -> Option<usize> {
    let mut names: Vec<&[u8]> = Vec::new();
    for i in 0..t.len() {
        let part =
            ident(&t[i]).is_some_and(|n| same_ci(n, b"substr") || same_ci(n, b"basename") || same_ci(n, b"pathinfo"));
        let of_own_file = t.get(i + 2).and_then(ident).is_some_and(|n| n == b"__FILE__");
        if !(part && of_own_file && is_op(t.get(i + 1), b"(")) {
            continue;
        }
        let mut j = i;
        while j > 0 && is_op(t.get(j - 1), b"@") {
            j -= 1;
        }
        if j > 0
            && is_op(t.get(j - 1), b"=")
            && let Some(name) = assigned_name(t, j - 1)
            && names.len() < MAX_OWN_NAMES
        {
            names.push(name);
        }
    }
    if names.is_empty() {
        return None;
    }
    (0..t.len()).find_map(|i| match t[i].tok {
        Tok::Var(v) if is_op(t.get(i + 1), b"(") && names.contains(&v) => Some(t[i].at),
        _ => None,
    })
}
