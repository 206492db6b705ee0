//! Words looked for in many short texts (every literal of a file), ASCII case ignored: a
//! regex search costs hundreds of instructions to start, more than most literals are long.
//! A table of the words' first two bytes finds the few places worth comparing. Long texts
//! are searched by a regex of the same words, whose literal search is faster per byte once
//! started.

/// A set of words (ASCII case ignored), at least two bytes each.
pub(super) struct Words {
    /// Bit `a << 8 | b` set when a word starts with the (lowercase) bytes `a`, `b`.
    starts: Vec<u64>,
    /// The words, lowercase, ordered by their first byte.
    words: Vec<Vec<u8>>,
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
        let mut starts = vec![0u64; (1 << 16) / 64];
        let mut words: Vec<Vec<u8>> = words.into_iter().map(|w| w.as_bytes().to_ascii_lowercase()).collect();
        words.sort();
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
        Words { starts, words, by_first, regex }
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
        let Some((&first, rest)) = text.split_first() else { return false };
        let mut a = first.to_ascii_lowercase();
        for (i, c) in rest.iter().enumerate() {
            let b = c.to_ascii_lowercase();
            let p = pair(a, b);
            if self.starts[p / 64] & (1 << (p % 64)) != 0 {
                // The words starting with these two bytes, compared from here (`i` is where
                // the first byte is).
                let (from, to) = self.by_first[usize::from(a)];
                let here = &text[i..];
                let found = self.words[from..to]
                    .iter()
                    .any(|w| w[1] == b && here.len() >= w.len() && here[..w.len()].eq_ignore_ascii_case(w));
                if found {
                    return true;
                }
            }
            a = b;
        }
        false
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
