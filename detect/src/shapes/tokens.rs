//! Small readers over `php::tokenize` tokens: names, operators, literals, call arguments.

use crate::php::{Tok, Token};

// (Helpers asked of every token are inlined by force: the tests' and the plugin's builds are
// not optimized for speed, and there each question would cost a call.)
#[inline(always)]
pub(super) fn ident<'a>(t: &Token<'a>) -> Option<&'a [u8]> {
    match t.tok {
        Tok::Ident(n) => Some(n),
        _ => None,
    }
}

#[inline(always)]
pub(super) fn is_op(t: Option<&Token<'_>>, op: &[u8]) -> bool {
    // Asked of nearly every token: the first byte and the length decide most answers.
    matches!(t, Some(Token { tok: Tok::Op(o), .. }) if o.len() == op.len() && o.first() == op.first() && *o == op)
}

/// Whether `v` is one of `list` (asked of every literal: the lengths first, inline).
#[inline(always)]
pub(super) fn one_of(list: &[&[u8]], v: &[u8]) -> bool {
    list.iter().any(|s| s.len() == v.len() && *s == v)
}

#[inline(always)]
pub(super) fn str_value<'t>(t: &'t Token<'_>) -> Option<&'t [u8]> {
    match &t.tok {
        Tok::Str(quoted) | Tok::Backtick(quoted) => Some(quoted.value),
        _ => None,
    }
}

/// The most tokens a call's arguments are read over: the families look at short arguments,
/// and a bound keeps nested calls (`touch(touch(touch(…`) linear.
pub(super) const MAX_CALL_TOKENS: usize = 256;

/// Whether `t[i]` calls one of `names` (any case).
pub(super) fn is_call(t: &[Token<'_>], i: usize, names: &[&[u8]]) -> bool {
    ident(&t[i]).is_some_and(|n| names.iter().any(|w| n.eq_ignore_ascii_case(w))) && is_op(t.get(i + 1), b"(")
}

/// The index of the `)` closing the `(` at `open`, or where reading stopped (the end of the
/// statement, of the file, or `MAX_CALL_TOKENS` later).
pub(super) fn close_of(t: &[Token<'_>], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, tok) in t.iter().enumerate().skip(open).take(MAX_CALL_TOKENS) {
        if let Tok::Op(o) = tok.tok {
            match o {
                b"(" | b"[" | b"{" => depth += 1,
                b")" | b"]" | b"}" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i;
                    }
                }
                b";" => return i,
                _ => {}
            }
        }
        if matches!(tok.tok, Tok::Close) {
            return i;
        }
    }
    t.len().min(open + MAX_CALL_TOKENS)
}

/// The tokens of each argument of the call whose `(` is at `open`.
pub(super) fn args<'s, 'a>(t: &'s [Token<'a>], open: usize) -> Vec<&'s [Token<'a>]> {
    let end = close_of(t, open);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = open + 1;
    for i in open + 1..end.min(t.len()) {
        if let Tok::Op(o) = t[i].tok {
            match o {
                b"(" | b"[" | b"{" => depth += 1,
                b")" | b"]" | b"}" => depth = depth.saturating_sub(1),
                b"," if depth == 0 => {
                    out.push(&t[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
    }
    if start < end.min(t.len()) {
        out.push(&t[start..end.min(t.len())]);
    }
    out
}

/// The value of a constant product such as `60*60*24*30`, if the tokens are only that.
pub(super) fn const_product(t: &[Token<'_>]) -> Option<u64> {
    let mut v: u64 = 1;
    let mut any = false;
    for tok in t {
        match tok.tok {
            Tok::Num(n) => {
                let n: u64 = std::str::from_utf8(n).ok()?.parse().ok()?;
                v = v.saturating_mul(n);
                any = true;
            }
            Tok::Op(b"*" | b"(" | b")") => {}
            _ => return None,
        }
    }
    any.then_some(v)
}

/// A bound on the tokens all argument readings of one file may visit together: a file of
/// many nested calls stays linear (later calls are then read as having no arguments).
#[derive(Debug)]
pub(super) struct Budget(std::cell::Cell<usize>);

impl Budget {
    /// A few times the file's tokens.
    pub(super) fn for_tokens(n: usize) -> Budget {
        Budget(std::cell::Cell::new(n.saturating_mul(4).saturating_add(4096)))
    }

    /// `args`, while the budget lasts.
    pub(super) fn args<'s, 'a>(&self, t: &'s [Token<'a>], open: usize) -> Vec<&'s [Token<'a>]> {
        let left = self.0.get();
        if left == 0 {
            return Vec::new();
        }
        let spent = close_of(t, open).saturating_sub(open) + 1;
        self.0.set(left.saturating_sub(spent));
        args(t, open)
    }
}

/// Parts joined by `.` from `j` (`$t[3] . $t[9] . $t[1]`), each read by `part` (the tokens it
/// takes at an index, if one starts there): how many, and where the join ends.
pub(super) fn joined(
    t: &[Token<'_>],
    mut j: usize,
    part: impl Fn(&[Token<'_>], usize) -> Option<usize>,
) -> (usize, usize) {
    let mut parts = 0;
    while let Some(n) = part(t, j) {
        parts += 1;
        j += n;
        if !is_op(t.get(j), b".") {
            break;
        }
        j += 1;
    }
    (parts, j)
}
