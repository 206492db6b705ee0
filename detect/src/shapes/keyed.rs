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

/// Letters joined before a word counts as spelled, and such words before a file spells its
/// names so (the call itself may be spelled another way, or cut from a sample).
const MIN_WORD_LETTERS: usize = 4;
const MANY_WORDS: usize = 8;

/// Where the first of many words is spelled letter by letter from one table, its letters
/// picked out of order (`$g['t'][81] . $g['t'][96] . $g['t'][62] . $g['t'][20]`): the
/// `$GLOBALS` loaders spell every name and key so. (Bytes taken in order, `$b[0] . $b[1] .
/// $b[2] . $b[3]`, are a binary format's, not a word's.)
pub(super) fn many_spelled_words(t: &[Token<'_>]) -> Option<usize> {
    let (mut words, mut first) = (0, None);
    let mut i = 0;
    while i < t.len() {
        if letter(t, i).is_none() || (i > 0 && is_op(t.get(i - 1), b".")) {
            i += 1;
            continue;
        }
        let (letters, j) = joined(t, i, letter);
        if letters >= MIN_WORD_LETTERS && out_of_order(&t[i..j]) {
            first.get_or_insert(t[i].at);
            words += 1;
            if words >= MANY_WORDS {
                return first;
            }
        }
        i = j.max(i + 1);
    }
    None
}

/// Whether the letters' numbers (each letter's last subscript) are not counted up one by one.
fn out_of_order(join: &[Token<'_>]) -> bool {
    let numbers = join.windows(2).filter_map(|w| match (&w[0].tok, &w[1].tok) {
        (Tok::Num(n), Tok::Op(b"]" | b"}")) => std::str::from_utf8(n).ok()?.parse::<i64>().ok(),
        _ => None,
    });
    let mut last = None;
    let mut in_order = true;
    for n in numbers {
        in_order &= last.is_none_or(|l: i64| n == l + 1);
        last = Some(n);
    }
    !in_order
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
    fn many_words_spelled_from_one_table_are_found() {
        // fresh101's `$GLOBALS` backdoor, its calls cut from the sample.
        let word = "$g['t'][81] . $g['t'][96] . $g['t'][62] . $g['t'][20]";
        let spelled = format!("<?php $g = $GLOBALS; {}", format!("$g[{word}] = {word};\n").repeat(4));
        let tokens = tokenize_for_test(spelled.as_bytes(), 100_000);
        assert!(many_spelled_words(&tokens).is_some());
        // Seven words are not many; bytes in order are a binary format's.
        let few = format!("<?php {}", format!("$x = {word};\n").repeat(7));
        assert!(many_spelled_words(&tokenize_for_test(few.as_bytes(), 100_000)).is_none());
        let bytes = "<?php ".to_owned() + &"$n = $b[0] . $b[1] . $b[2] . $b[3];\n".repeat(12);
        assert!(many_spelled_words(&tokenize_for_test(bytes.as_bytes(), 100_000)).is_none());
    }

    #[test]
    fn ordinary_entries_and_joins_are_quiet() {
        // A handler picked by a plain key, a join that is stored, not called.
        assert!(at("<?php $handlers[$type]($event); $handlers['save']($x);").is_none());
        assert!(at("<?php $key = $row[0] . $row[1] . $row[2]; $seen[$row[0] . $row[1] . $row[2]] = true;").is_none());
        assert!(at("<?php $this->map[$p[0] . $p[1] . $p[2]]($x);").is_none());
    }
}
