//! Functions called through an array entry whose key is spelled letter by letter from a
//! character table (`$g[$g['t'][55] . $g['t'][2] . $g['t'][51]]($x)`): the name of the
//! function is never written, neither where it is stored nor where it is called. The loaders
//! of many WordPress infections keep every name this way, in an alias of `$GLOBALS`.
//! One pass over the tokens, no allocation.

use super::tokens::{is_op, joined};
use crate::php::{Tok, Token};

/// Letters joined before a key counts as spelled.
const MIN_LETTERS: usize = 3;
/// Subscripts of one letter (`$t[5]`, `$g['t'][5]`, `$g['a']['t'][5]`).
const MAX_SUBSCRIPTS: usize = 3;

/// The tokens one letter taken from a table at `i` spans (`$t[5]`, `$t{5}`, `$g['t'][5]`): a
/// variable and up to `MAX_SUBSCRIPTS` subscripts of one literal each, the last a number.
fn letter(t: &[Token<'_>], i: usize) -> Option<usize> {
    let Tok::Var(_) = t.get(i)?.tok else { return None };
    let mut j = i + 1;
    let mut last_number = false;
    for _ in 0..MAX_SUBSCRIPTS {
        let close: &[u8] = if is_op(t.get(j), b"[") {
            b"]"
        } else if is_op(t.get(j), b"{") {
            b"}"
        } else {
            break;
        };
        let key = t.get(j + 1).map(|x| &x.tok);
        if !matches!(key, Some(Tok::Num(_) | Tok::Str(_))) || !is_op(t.get(j + 2), close) {
            return None;
        }
        last_number = matches!(key, Some(Tok::Num(_)));
        j += 3;
    }
    last_number.then_some(j - i)
}

/// Where a function is called through an array entry keyed by a name spelled from a table
/// (`$a[$t[3] . $t[0] . $t[7]](…)`, `@$a[…](…)`), if anywhere.
pub(super) fn call_through_spelled_key(t: &[Token<'_>]) -> Option<usize> {
    for i in 0..t.len() {
        let Tok::Var(_) = t[i].tok else { continue };
        if !is_op(t.get(i + 1), b"[") || (i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::"))) {
            continue;
        }
        let (letters, j) = joined(t, i + 2, letter);
        if letters >= MIN_LETTERS && is_op(t.get(j), b"]") && is_op(t.get(j + 1), b"(") {
            return Some(t[i].at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::tokenize_for_test;

    fn at(src: &str) -> Option<usize> {
        call_through_spelled_key(&tokenize_for_test(src.as_bytes(), 100_000))
    }

    #[test]
    fn a_call_through_a_key_spelled_from_a_table_is_found() {
        let g = "<?php $g = $GLOBALS; $g['t'] = 'xbsae64_dco'; \
                 $g[$g['t'][1] . $g['t'][4] . $g['t'][2]] = 'strrev'; \
                 $r = @$g[$g['t'][1] . $g['t'][4] . $g['t'][2]]($data);";
        assert!(at(g).is_some());
        assert!(at("<?php $t = 'abcdef'; $f[$t{0} . $t{1} . $t{2}]($x);").is_some());
    }

    #[test]
    fn ordinary_entries_and_joins_are_quiet() {
        // A handler picked by a plain key, a join that is stored, not called.
        assert!(at("<?php $handlers[$type]($event); $handlers['save']($x);").is_none());
        assert!(at("<?php $key = $row[0] . $row[1] . $row[2]; $seen[$row[0] . $row[1] . $row[2]] = true;").is_none());
        assert!(at("<?php $this->map[$p[0] . $p[1] . $p[2]]($x);").is_none());
    }
}
