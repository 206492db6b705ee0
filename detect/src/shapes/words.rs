//! Words looked for in many short texts (every literal of a file), ASCII case ignored: a
//! regex search costs hundreds of instructions to start, more than most literals are long.
//! A table of the words' first two bytes finds the few places worth comparing. Long texts
//! are searched by a regex of the same words, whose literal search is faster per byte once
//! started.

use std::cell::{Cell, OnceCell};
use std::sync::LazyLock;

use super::tokens::str_value;
use crate::php::Token;

/// A set of words (ASCII case ignored), at least two bytes each.
pub(super) struct Words {
    /// Bit `a << 8 | b` set when a word starts with the (lowercase) bytes `a`, `b`.
    starts: Vec<u64>,
    /// The words, lowercase, ordered by their first byte.
    words: Vec<Vec<u8>>,
    /// For each word, the sets it belongs to (bit 0 for a set of its own).
    sets: Vec<u8>,
    /// For each first byte, the range of `words` starting with it.
    by_first: Vec<(usize, usize)>,
    /// The same words as one regex, for texts of `LONG_TEXT` bytes and more.
    regex: regex::bytes::Regex,
}

/// From this length a text is searched by the regex (measured in instructions on the costliest
/// webshells: 32 beats 64 by up to 0.7 %, and 128 loses to 64 by up to 0.7 %).
const LONG_TEXT: usize = 32;

impl Words {
    pub(super) fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> Words {
        Words::of_sets(words.into_iter().map(|w| (w, 1)))
    }

    /// Words of several sets, each with the bits of the sets it is in (a word in two sets
    /// given twice has both bits).
    fn of_sets<'w>(words: impl IntoIterator<Item = (&'w str, u8)>) -> Words {
        let mut starts = vec![0u64; (1 << 16) / 64];
        let mut tagged: Vec<(Vec<u8>, u8)> =
            words.into_iter().map(|(w, set)| (w.as_bytes().to_ascii_lowercase(), set)).collect();
        tagged.sort();
        tagged.dedup_by(|later, first| {
            let same = later.0 == first.0;
            if same {
                first.1 |= later.1;
            }
            same
        });
        let (words, sets): (Vec<Vec<u8>>, Vec<u8>) = tagged.into_iter().unzip();
        let alternatives: Vec<String> =
            words.iter().map(|w| regex::escape(std::str::from_utf8(w).expect("words are text"))).collect();
        let regex = regex::bytes::Regex::new(&format!("(?i-u){}", alternatives.join("|"))).expect("pattern compiles");
        let mut by_first = vec![(0, 0); 256];
        for (k, w) in words.iter().enumerate() {
            assert!(w.len() >= 2, "a word of two bytes or more");
            let p = pair(w[0], w[1]);
            starts[p / 64] |= 1 << (p % 64);
            let range = &mut by_first[usize::from(w[0])];
            if range.1 == 0 {
                range.0 = k;
            }
            range.1 = k + 1;
        }
        Words { starts, words, sets, by_first, regex }
    }

    /// Whether `text` holds one of the words, in any ASCII case.
    pub(super) fn any_in(&self, text: &[u8]) -> bool {
        if text.len() >= LONG_TEXT {
            return self.regex.is_match(text);
        }
        self.in_short(text)
    }

    /// `any_in` by the table of first bytes.
    fn in_short(&self, text: &[u8]) -> bool {
        self.sets_in_short(text, 1) != 0
    }

    /// The sets whose words `text` holds, by the table of first bytes (the scan ends once all
    /// of `all` are found).
    fn sets_in_short(&self, text: &[u8], all: u8) -> u8 {
        let mut found = 0;
        let Some((&first, rest)) = text.split_first() else { return found };
        let mut a = first.to_ascii_lowercase();
        for (i, c) in rest.iter().enumerate() {
            let b = c.to_ascii_lowercase();
            let p = pair(a, b);
            if self.starts[p / 64] & (1 << (p % 64)) != 0 {
                // The words starting with these two bytes, compared from here (`i` is where
                // the first byte is).
                let (from, to) = self.by_first[usize::from(a)];
                let here = &text[i..];
                for (w, set) in self.words[from..to].iter().zip(&self.sets[from..to]) {
                    if w[1] == b && here.len() >= w.len() && here[..w.len()].eq_ignore_ascii_case(w) {
                        found |= set;
                    }
                }
                if found & all == all {
                    return found;
                }
            }
            a = b;
        }
        found
    }
}

/// The families that gate their checks of a literal on its holding one of their words.
#[derive(Debug, Clone, Copy)]
pub(super) enum Gate {
    /// `literal_facts` and `blocklist_facts` (`facts::LITERAL_WORDS` and `signs::HUNTER_WORDS`).
    Facts = 0,
    /// Log files named (`planted::LOG_WORDS`).
    Logs = 1,
    /// The kits' literal checks: redirects, handlers, blocklists, payloads
    /// (`kits::KIT_LITERAL_WORDS`).
    Kits = 2,
}

/// Every gate's words: each set alone (a long literal is searched by its regex), and all of
/// them in one table (a short literal is scanned once for every gate).
struct GateWords {
    each: [Words; 3],
    all: Words,
    /// Each gate's shortest word: a shorter literal holds none (most literals are a few bytes).
    shortest: [usize; 3],
}

static GATE_WORDS: LazyLock<GateWords> = LazyLock::new(|| {
    let lists: [Vec<&str>; 3] = [
        super::facts::LITERAL_WORDS.into_iter().chain(super::signs::HUNTER_WORDS).collect(),
        super::planted::LOG_WORDS.to_vec(),
        super::kits::KIT_LITERAL_WORDS.to_vec(),
    ];
    let each = lists.each_ref().map(|list| Words::new(list.iter().copied()));
    let shortest = lists.each_ref().map(|list| list.iter().map(|w| w.len()).min().unwrap_or(0));
    let all = Words::of_sets(lists.iter().enumerate().flat_map(|(g, list)| list.iter().map(move |w| (*w, 1u8 << g))));
    GateWords { each, all, shortest }
});

/// Up to this length a literal is scanned for every gate's words at once (a longer one by the
/// asked gate's regex: three regex searches cost about as much as one scan of this many bytes).
const GATE_SCAN_TEXT: usize = 64;

/// One file's literals and the gates' words they hold, each literal scanned at most once for
/// all the families that ask (a large webshell has ten thousand literals, asked by three).
#[derive(Default)]
pub(super) struct LiteralGates {
    /// Per token: bit `g` when gate `g` was answered, bit `4 + g` when its words are there.
    bits: OnceCell<Box<[Cell<u8>]>>,
}

impl LiteralGates {
    /// Whether the literal at `t[i]` holds one of `gate`'s words (any ASCII case); `false` for
    /// a token that is no literal.
    pub(super) fn has(&self, t: &[Token<'_>], i: usize, gate: Gate) -> bool {
        let Some(value) = t.get(i).and_then(str_value) else { return false };
        let words = &*GATE_WORDS;
        if value.len() < words.shortest[gate as usize] {
            return false;
        }
        let bits = self.bits.get_or_init(|| (0..t.len()).map(|_| Cell::new(0)).collect());
        let (asked, found) = (1u8 << gate as u8, 16u8 << gate as u8);
        let known = bits[i].get();
        if known & asked != 0 {
            return known & found != 0;
        }
        let now = if value.len() < GATE_SCAN_TEXT {
            0b111 | words.all.sets_in_short(value, 0b111) << 4
        } else if words.each[gate as usize].any_in(value) {
            asked | found
        } else {
            asked
        };
        bits[i].set(known | now);
        now & found != 0
    }
}

#[inline(always)]
fn pair(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_in_any_case_and_only_whole() {
        let w = Words::new(["google", "/etc/passwd", "cmd"]);
        assert!(w.any_in(b"GoOgLe"));
        assert!(w.any_in(b"cat /ETC/passwd;"));
        assert!(w.any_in(b"x=cmd"));
        assert!(!w.any_in(b"goog"));
        assert!(!w.any_in(b"cm"));
        assert!(!w.any_in(b""));
        assert!(!w.any_in(b"c"));
        assert!(!w.any_in(b"/etc/pass"));
    }

    #[test]
    fn a_literal_asked_by_several_gates_answers_each_as_its_own_words_would() {
        // Short literals are scanned once for every gate, long ones by the asked gate's regex;
        // either way each gate answers as its own words alone.
        let texts: [&[u8]; 7] = [
            b"Location: http://x",
            b"cat /var/log/auth",
            b"<?php eval($_POST[1]);",
            b"nothing here",
            b"spamhaus and wtmp",
            b"a long text that mentions lastlog only at its very end, past thirty-two bytes",
            b"a long text, with REFRESH in capitals, and no log word in it at all",
        ];
        let mut src = b"<?php ".to_vec();
        for t in texts {
            src.extend_from_slice(b"'");
            src.extend_from_slice(t);
            src.extend_from_slice(b"';");
        }
        let t = crate::php::tokenize_for_test(Box::leak(src.into_boxed_slice()), usize::MAX);
        let literals: Vec<usize> = (0..t.len()).filter(|&i| str_value(&t[i]).is_some()).collect();
        let gates = LiteralGates::default();
        for gate in [Gate::Kits, Gate::Logs, Gate::Facts, Gate::Kits] {
            for (&i, text) in literals.iter().zip(texts) {
                let alone = GATE_WORDS.each[gate as usize].any_in(text);
                assert_eq!(gates.has(&t, i, gate), alone, "{gate:?} {}", String::from_utf8_lossy(text));
            }
        }
        let answers: Vec<bool> = literals.iter().map(|&i| gates.has(&t, i, Gate::Logs)).collect();
        assert_eq!(answers, [false, true, false, false, true, true, false]);
        // A token that is no literal holds no word.
        assert!(!gates.has(&t, literals[0] + 1, Gate::Facts));
    }

    #[test]
    fn the_same_texts_as_the_regex_of_the_words() {
        let list = ["bot", "http://", "https://", "safe_mode", "aHR0c", "/bin/", "surbl"];
        let w = Words::new(list);
        let pattern = list.iter().map(|x| regex::escape(x)).collect::<Vec<_>>().join("|");
        let re = regex::bytes::Regex::new(&format!("(?i-u){pattern}")).unwrap();
        let texts: [&[u8]; 9] =
            [b"robots", b"HTTPS://x", b"htt://", b"SAFE_MODE", b"ahr0C", b"/usr/bin/", b"surb", b"\xffBOT\xfe", b"b"];
        for t in texts {
            assert_eq!(w.any_in(t), re.is_match(t), "{}", String::from_utf8_lossy(t));
        }
        // Long texts (searched by the regex) and short ones (by the table) answer alike.
        for t in texts {
            let mut long = vec![b'.'; LONG_TEXT];
            long.extend_from_slice(t);
            assert_eq!(w.any_in(&long), w.in_short(&long), "{}", String::from_utf8_lossy(t));
            assert_eq!(w.any_in(&long), re.is_match(t), "{}", String::from_utf8_lossy(t));
        }
    }
}
