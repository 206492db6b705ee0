//! A byte-oriented PHP tokenizer, just enough to follow data through a file: inline HTML,
//! open/close tags, comments, variables, names, numbers, every string form (single, double with
//! interpolation, heredoc, nowdoc, backticks) with escapes decoded, and operators.
//!
//! Why our own: the maintained PHP lexers on crates.io either need a newer Rust than this
//! project and pull a large tree into the CGI (mago-syntax: rayon, notify, schemars,
//! codespan…), or are unmaintained full parsers that give up on malformed files
//! (php-parser-rs), which is what malware often is. This one never fails: any byte sequence
//! gives tokens, in one linear pass.

use std::borrow::Cow;

/// Where one file's string literals are kept while its tokens live: one allocation for many
/// literals (a large webshell has ten thousand), freed at once, and read in file order.
pub type Arena = bumpalo::Bump;

/// Whether two names are the same but for ASCII case (PHP's keywords and function names): the
/// lengths first, inline, so the usual answer (different lengths) costs no call. Asked of
/// nearly every name token by the detectors. (Inlined by force, in every build profile.)
#[inline(always)]
pub fn same_ci(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.eq_ignore_ascii_case(b)
}

/// Whether a name is one of PHP's four words that run another file (`include`, `include_once`,
/// `require`, `require_once`), in any case.
pub fn is_include_word(name: &[u8]) -> bool {
    [&b"include"[..], b"include_once", b"require", b"require_once"].iter().any(|w| same_ci(name, w))
}

/// The `}` that closes the `{` at `open` (braces counted, nothing else), looked for in at most
/// `limit` tokens; `None` when the block does not close there.
pub fn block_end(t: &[Token<'_>], open: usize, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, x) in t.iter().enumerate().skip(open).take(limit) {
        match x.tok {
            Tok::Op(b"{") => depth += 1,
            Tok::Op(b"}") => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// One token. Strings carry their decoded value and the variables they interpolate in a
/// [`Lit`] kept in the file's [`Arena`], so that a token stays four words: the detectors walk
/// a large file's tokens many times, and a smaller list is read faster (64 bytes a token cost
/// about a tenth more time on the costliest files than 32).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok<'a> {
    /// `$name` (without the `$`).
    Var(&'a [u8]),
    /// A name or keyword, as written.
    Ident(&'a [u8]),
    Num(&'a [u8]),
    /// A quoted string, heredoc or nowdoc.
    Str(&'a Lit<'a>),
    /// A backtick command (runs a shell).
    Backtick(&'a Lit<'a>),
    Op(&'a [u8]),
    /// `?>`: ends a statement.
    Close,
}

/// A string literal: its decoded value (the file's own bytes when nothing was decoded), the
/// variables interpolated in a double-quoted string, heredoc or backtick command (a property
/// read through one as `o->p`), and how many
/// escapes it used. Nothing in it needs dropping: a decoded value and the variables' list are
/// in the arena too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lit<'a> {
    pub value: &'a [u8],
    pub vars: &'a [&'a [u8]],
    pub escapes: u32,
    /// A function called where the string names a variable (`"{${eval($a)}}"`, `"${system('id')}"`):
    /// PHP runs the call to learn the name. Empty when none.
    pub called: &'a [u8],
}

impl<'a> Lit<'a> {
    /// The literal in `arena`, its value already the file's bytes or the arena's.
    fn kept(arena: &'a Arena, value: &'a [u8], vars: &[&'a [u8]], escapes: u32) -> &'a Lit<'a> {
        let vars: &'a [&'a [u8]] = if vars.is_empty() { &[] } else { arena.alloc_slice_copy(vars) };
        arena.alloc(Lit { value, vars, escapes, called: &[] })
    }
}

/// The buffers a decoded string is written to before it is kept in the arena: made once per
/// file, not once per string.
#[derive(Default)]
struct Scratch<'a> {
    value: Vec<u8>,
    vars: Vec<&'a [u8]>,
    called: &'a [u8],
}

impl<'a> Scratch<'a> {
    /// The string `interpolated` read: its value (the file's bytes, or the scratch value's copy
    /// in the arena) and variables.
    fn keep(&self, arena: &'a Arena, file_bytes: Option<&'a [u8]>, escapes: u32) -> &'a Lit<'a> {
        let value = match file_bytes {
            Some(v) => v,
            None => arena.alloc_slice_copy(&self.value),
        };
        let lit = Lit::kept(arena, value, &self.vars, escapes);
        if self.called.is_empty() {
            return lit;
        }
        arena.alloc(Lit { called: self.called, ..*lit })
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Token<'a> {
    pub tok: Tok<'a>,
    /// Byte offset of the token in the file.
    pub at: usize,
}

/// `name` in lowercase, on the caller's stack (PHP's keywords and function names ignore ASCII
/// case: one lowercase copy, then plain comparisons, costs less than a case-blind comparison
/// per word), or `None` for a name longer than `buf` (longer than every word looked for).
#[inline(always)]
pub fn lower_name<'b>(name: &[u8], buf: &'b mut [u8; 32]) -> Option<&'b [u8]> {
    let low = buf.get_mut(..name.len())?;
    low.copy_from_slice(name);
    low.make_ascii_lowercase();
    Some(low)
}

/// `text` in ASCII lowercase: the same bytes as `to_ascii_lowercase`, eight at a time (a whole
/// file is lowered before a literal search; a byte-by-byte loop, which the compiler did not
/// turn into vector instructions here, cost the largest files two per cent of their time).
pub fn ascii_lowercase(text: &[u8]) -> Vec<u8> {
    let mut low = text.to_vec();
    let mut words = low.chunks_exact_mut(8);
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        w.copy_from_slice(&lower_word(x).to_le_bytes());
    }
    for b in words.into_remainder() {
        *b |= u8::from(b.wrapping_sub(b'A') < 26) << 5;
    }
    low
}

/// Eight bytes lowered at once: each byte from `A` to `Z` gains the bit 0x20 (a byte's high bit
/// marks what it is; no byte's sum carries into the next).
#[inline(always)]
fn lower_word(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = x & !HIGH;
    let from_a = low7 + 0x3f3f_3f3f_3f3f_3f3f; // high bit: at least `A`
    let past_z = low7 + 0x2525_2525_2525_2525; // high bit: past `Z`
    let upper = from_a & !past_z & !x & HIGH;
    x | (upper >> 2)
}

/// The first letters and lengths a list of lowercase words has: a name that no word starts
/// and measures like is told from two loads, before it is lowercased (three of every four
/// names in a large file are none of a family's words and are never copied).
#[derive(Clone, Copy)]
pub struct WordShapes([u32; 27]);

impl WordShapes {
    /// The shapes of `words` (each 1 to 31 bytes, checked when the constant is built).
    pub const fn of(words: &[&[u8]]) -> WordShapes {
        let mut lengths = [0u32; 27];
        let mut k = 0;
        while k < words.len() {
            let w = words[k];
            assert!(!w.is_empty() && w.len() < 32, "a word is 1 to 31 bytes");
            lengths[first_letter(w[0])] |= 1 << w.len();
            k += 1;
        }
        WordShapes(lengths)
    }

    /// Whether `name`, in any case, may be one of the words.
    #[inline(always)]
    pub fn may_be(&self, name: &[u8]) -> bool {
        match name.first() {
            Some(&c) if name.len() < 32 => self.0[first_letter(c)] & (1 << name.len()) != 0,
            _ => false,
        }
    }
}

/// A letter's place in the alphabet in either case, 26 for any other byte.
#[inline(always)]
const fn first_letter(c: u8) -> usize {
    let l = c | 0x20;
    if l.is_ascii_lowercase() { (l - b'a') as usize } else { 26 }
}

/// `fn name(name: &[u8]) -> T`: lowercase words matched against a name in any case, the last
/// arm (`_ => …`) for every other name. The words' shapes (`WordShapes`) are made from the
/// arms themselves, so a name no arm can match is answered without being lowercased.
macro_rules! word_match {
    ($(#[$attr:meta])* $vis:vis fn $name:ident -> $t:ty {
        $($($word:literal)|+ => $value:expr,)+
        _ => $other:expr $(,)?
    }) => {
        $(#[$attr])*
        $vis fn $name(name: &[u8]) -> $t {
            const SHAPES: $crate::php::WordShapes = $crate::php::WordShapes::of(&[$($($word),+),+]);
            if !SHAPES.may_be(name) {
                return $other;
            }
            let mut buf = [0u8; 32];
            match $crate::php::lower_name(name, &mut buf) {
                $($(Some($word))|+ => $value,)+
                _ => $other,
            }
        }
    };
}
pub(crate) use word_match;

/// The length of the operator at the start of `s` (the longest of PHP's operators).
fn op_len(s: &[u8]) -> usize {
    // Brackets and separators (most operators in code) never start a longer one.
    if matches!(s.first(), Some(b'(' | b')' | b';' | b',' | b'[' | b']' | b'{' | b'}' | b'@' | b'~')) {
        return 1;
    }
    let b = |k: usize| s.get(k).copied().unwrap_or(0);
    match (b(0), b(1), b(2)) {
        (b'<', b'<', b'=')
        | (b'>', b'>', b'=')
        | (b'*', b'*', b'=')
        | (b'.', b'.', b'.')
        | (b'?', b'?', b'=')
        | (b'=', b'=', b'=')
        | (b'!', b'=', b'=')
        | (b'<', b'=', b'>')
        | (b'?', b'-', b'>') => 3,
        (b'=', b'=' | b'>', _)
        | (b'!', b'=', _)
        | (b'<', b'>' | b'=' | b'<', _)
        | (b'>', b'=' | b'>', _)
        | (b'&', b'&' | b'=', _)
        | (b'|', b'|' | b'=', _)
        | (b'+', b'+' | b'=', _)
        | (b'-', b'-' | b'=' | b'>', _)
        | (b'*', b'=' | b'*', _)
        | (b'/' | b'.' | b'%' | b'^', b'=', _)
        | (b':', b':', _)
        | (b'?', b'?', _) => 2,
        _ => 1,
    }
}

/// The name that starts at `s` (if any), added to `vars`.
/// The function named at `s` when it is called there (`eval(`, `system (`).
fn called_at(src: &[u8], s: usize) -> Option<&[u8]> {
    let mut j = s;
    while j < src.len() && is_ident(src[j]) {
        j += 1;
    }
    let k = j + src.get(j..)?.iter().take_while(|c| c.is_ascii_whitespace()).count();
    (j > s && starts_name(src, s) && src.get(k) == Some(&b'(')).then(|| &src[s..j])
}

fn push_ident_at<'a>(src: &'a [u8], s: usize, vars: &mut Vec<&'a [u8]>) {
    let mut j = s;
    while j < src.len() && is_ident(src[j]) {
        j += 1;
    }
    if j > s {
        vars.push(&src[s..property_end(src, j).unwrap_or(j)]);
    }
}

/// The end of a property read after a variable's name in a string (`"$o->p"`, `"{$o->p}"`):
/// the variable is then kept as `o->p` (its text stays in the literal's value).
fn property_end(src: &[u8], j: usize) -> Option<usize> {
    if src.get(j..j + 2) != Some(b"->") || !starts_name(src, j + 2) {
        return None;
    }
    let mut k = j + 2;
    while k < src.len() && is_ident(src[k]) {
        k += 1;
    }
    Some(k)
}

/// Bytes that start (bit 1) or continue (bit 2) a name: letters, `_` and every byte from
/// 0x80 (PHP's names may be any non-ASCII bytes); digits only continue. One load per byte in
/// the tokenizer's hottest loops.
static NAME_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            t[b] = 3;
        } else if c.is_ascii_digit() {
            t[b] = 2;
        }
        b += 1;
    }
    t
};

#[inline(always)]
fn is_ident_start(b: u8) -> bool {
    NAME_BYTES[usize::from(b)] & 1 != 0
}

#[inline(always)]
fn is_ident(b: u8) -> bool {
    NAME_BYTES[usize::from(b)] & 2 != 0
}

/// Whether a name starts at `k` (false past the end). (Patterns, not `Option::is_some_and`,
/// in the tokenizer's hottest arms: a build not optimized for speed would call it.)
#[inline(always)]
fn starts_name(src: &[u8], k: usize) -> bool {
    matches!(src.get(k), Some(&c) if is_ident_start(c))
}

/// Whether the byte at `k` may continue a name (false past the end).
#[inline(always)]
fn continues_name(src: &[u8], k: usize) -> bool {
    matches!(src.get(k), Some(&c) if is_ident(c))
}

/// The value of the hexadecimal digit at `k`, if it is one.
#[inline(always)]
fn hex_digit(src: &[u8], k: usize) -> Option<u8> {
    match src.get(k) {
        Some(&c @ b'0'..=b'9') => Some(c - b'0'),
        Some(&c @ b'a'..=b'f') => Some(c - b'a' + 10),
        Some(&c @ b'A'..=b'F') => Some(c - b'A' + 10),
        _ => None,
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    memchr::memmem::find(&hay[from..], needle).map(|i| i + from)
}

/// Tokens of a PHP file. Stops after `max_tokens` (a bound on memory for huge files).
pub fn tokenize<'a>(src: &'a [u8], arena: &'a Arena, max_tokens: usize) -> Vec<Token<'a>> {
    tokens(src, arena, max_tokens, false)
}

/// `tokenize` for PHP code without an open tag: a payload kept to be run by `eval` (a loader
/// reads it from a file, a honeypot saved what was posted) is code from its first byte.
pub fn tokenize_code<'a>(src: &'a [u8], arena: &'a Arena, max_tokens: usize) -> Vec<Token<'a>> {
    tokens(src, arena, max_tokens, true)
}

fn tokens<'a>(src: &'a [u8], arena: &'a Arena, max_tokens: usize, code: bool) -> Vec<Token<'a>> {
    // Room for the tokens made once: growing the list of a large file copied it a dozen times.
    // (Room untouched costs no memory; a huge file's list still grows.)
    let mut out = Vec::with_capacity((src.len() / BYTES_PER_TOKEN + 16).min(max_tokens).min(MAX_RESERVED_TOKENS));
    let mut scratch = Scratch::default();
    let n = src.len();
    let mut i = 0;
    // Inline HTML until the first open tag.
    let mut in_php = code;
    while i < n && out.len() < max_tokens {
        if !in_php {
            match find(src, b"<?", i) {
                None => break,
                Some(j) => {
                    let rest = &src[j + 2..];
                    if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(b"php") {
                        i = j + 5;
                    } else if rest.first() == Some(&b'=') {
                        i = j + 3;
                        out.push(Token { tok: Tok::Ident(b"echo"), at: j });
                    } else {
                        // Short open tag (`<?` then anything that is not `xml`).
                        if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(b"xml") {
                            i = j + 2;
                            continue;
                        }
                        i = j + 2;
                    }
                    in_php = true;
                    continue;
                }
            }
        }
        let b = src[i];
        let at = i;
        match b {
            // A run of blanks at once (indentation is most of a file's bytes between tokens).
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                i += 1;
                while i < n && matches!(src[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
                    i += 1;
                }
            }
            b'#' if src.get(i + 1) != Some(&b'[') => i = line_comment_end(src, i),
            b'/' if src.get(i + 1) == Some(&b'/') => i = line_comment_end(src, i),
            b'/' if src.get(i + 1) == Some(&b'*') => i = find(src, b"*/", i + 2).map_or(n, |j| j + 2),
            b'?' if src.get(i + 1) == Some(&b'>') => {
                out.push(Token { tok: Tok::Close, at });
                i += 2;
                in_php = false;
            }
            b'$' if starts_name(src, i + 1) => {
                let s = i + 1;
                i = s;
                while i < n && is_ident(src[i]) {
                    i += 1;
                }
                out.push(Token { tok: Tok::Var(&src[s..i]), at });
            }
            b'\'' => {
                let (value, end) = single_quoted(src, i + 1);
                i = end;
                let value = match value {
                    Cow::Borrowed(v) => v,
                    Cow::Owned(v) => arena.alloc_slice_copy(&v),
                };
                out.push(Token { tok: Tok::Str(Lit::kept(arena, value, &[], 0)), at });
            }
            b'"' => {
                let (value, escapes, end) = interpolated(src, i + 1, Quote::Byte(b'"'), &mut scratch);
                i = end;
                out.push(Token { tok: Tok::Str(scratch.keep(arena, value, escapes)), at });
            }
            b'`' => {
                let (value, escapes, end) = interpolated(src, i + 1, Quote::Byte(b'`'), &mut scratch);
                i = end;
                out.push(Token { tok: Tok::Backtick(scratch.keep(arena, value, escapes)), at });
            }
            b'<' if src[i..].starts_with(b"<<<") => match heredoc(src, i + 3, arena, &mut scratch) {
                Some((tok, end)) => {
                    i = end;
                    out.push(Token { tok, at });
                }
                None => {
                    out.push(Token { tok: Tok::Op(b"<<"), at });
                    i += 2;
                }
            },
            b'0'..=b'9' => {
                let s = i;
                while i < n && (src[i].is_ascii_alphanumeric() || src[i] == b'_' || src[i] == b'.') {
                    i += 1;
                }
                out.push(Token { tok: Tok::Num(&src[s..i]), at });
            }
            b'\\' if starts_name(src, i + 1) => i += 1, // namespace separator
            c if is_ident_start(c) => {
                let mut s = i;
                loop {
                    while i < n && is_ident(src[i]) {
                        i += 1;
                    }
                    if i < n && src[i] == b'\\' && starts_name(src, i + 1) {
                        // A namespaced name counts by its last part (`\base64_decode` is
                        // `base64_decode`).
                        i += 1;
                        s = i;
                    } else {
                        break;
                    }
                }
                let last = &src[s..i];
                out.push(Token { tok: Tok::Ident(last), at });
            }
            _ => {
                let len = op_len(&src[i..]).min(n - i);
                out.push(Token { tok: Tok::Op(&src[i..i + len]), at });
                i += len;
            }
        }
    }
    out
}

/// `tokenize` for tests, whose tokens outlive the function making them: the arena is never
/// freed.
#[cfg(test)]
pub(crate) fn tokenize_for_test(src: &[u8], max_tokens: usize) -> Vec<Token<'_>> {
    tokenize(src, Box::leak(Box::default()), max_tokens)
}

/// The fewest bytes a token takes in code as people and minifiers write it: indented code has
/// one token per 4 bytes or more, minified code (Adminer, packed web shells) one per 2.5 to 4.
const BYTES_PER_TOKEN: usize = 2;

/// Most tokens room is made for before any is read (16 MB of tokens).
const MAX_RESERVED_TOKENS: usize = 1 << 18;

fn line_comment_end(src: &[u8], mut i: usize) -> usize {
    while i < src.len() {
        match src[i] {
            b'\n' => return i + 1,
            // `?>` ends a one-line comment too.
            b'?' if src.get(i + 1) == Some(&b'>') => return i,
            _ => i += 1,
        }
    }
    i
}

fn single_quoted(src: &[u8], mut i: usize) -> (Cow<'_, [u8]>, usize) {
    // Most literals hold no escape: their value is the file's own bytes.
    if let Some(k) = memchr::memchr2(b'\'', b'\\', &src[i.min(src.len())..])
        && src[i + k] == b'\''
    {
        return (Cow::Borrowed(&src[i..i + k]), i + k + 1);
    }
    let mut v = Vec::new();
    // Runs without a quote or a backslash are copied whole (long encoded blobs are one run).
    while let Some(k) = memchr::memchr2(b'\'', b'\\', &src[i.min(src.len())..]) {
        v.extend_from_slice(&src[i..i + k]);
        i += k;
        if src[i] == b'\'' {
            return (Cow::Owned(v), i + 1);
        }
        if matches!(src.get(i + 1), Some(b'\'' | b'\\')) {
            v.push(src[i + 1]);
            i += 2;
        } else {
            v.push(b'\\');
            i += 1;
        }
    }
    v.extend_from_slice(&src[i.min(src.len())..]);
    (Cow::Owned(v), src.len())
}

#[derive(Clone, Copy)]
enum Quote<'a> {
    Byte(u8),
    /// A heredoc's closing label (at the start of a line, after optional blanks).
    Label(&'a [u8]),
}

/// A double-quoted string, backtick command or heredoc body from `i`: how many escapes it used
/// and where it ends; its value is the file's own bytes when returned, else the decoded value
/// in `scratch`, with the interpolated variables.
fn interpolated<'a>(
    src: &'a [u8],
    mut i: usize,
    q: Quote<'_>,
    scratch: &mut Scratch<'a>,
) -> (Option<&'a [u8]>, u32, usize) {
    scratch.vars.clear();
    scratch.called = &[];
    // Most quoted strings hold no escape and no variable: their value is the file's own bytes.
    if let Quote::Byte(e) = q
        && let Some(k) = memchr::memchr3(b'\\', b'$', e, &src[i.min(src.len())..])
        && src[i + k] == e
    {
        return (Some(&src[i..i + k]), 0, i + k + 1);
    }
    // Room made once for the text up to the next quote (all of it when no escaped quote comes
    // first; decoding never makes a text longer), not grown run by run.
    let room = match q {
        Quote::Byte(e) => memchr::memchr(e, &src[i.min(src.len())..]).unwrap_or(0),
        Quote::Label(_) => 0,
    };
    let Scratch { value: v, vars, called } = scratch;
    v.clear();
    v.reserve(room);
    let mut escapes = 0u32;
    let n = src.len();
    let mut line_start = true;
    while i < n {
        if let Quote::Label(label) = q
            && line_start
        {
            let mut j = i;
            while j < n && (src[j] == b' ' || src[j] == b'\t') {
                j += 1;
            }
            if src[j..].starts_with(label) && !continues_name(src, j + label.len()) {
                // The newline before the label is not part of the string.
                if v.last() == Some(&b'\n') {
                    v.pop();
                }
                return (None, escapes, j + label.len());
            }
        }
        let c = src[i];
        line_start = c == b'\n';
        match c {
            b'"' | b'`' if matches!(q, Quote::Byte(e) if e == c) => return (None, escapes, i + 1),
            b'\\' if i + 1 < n => {
                escapes += 1;
                let e = src[i + 1];
                i += 2;
                match e {
                    b'n' => v.push(b'\n'),
                    b't' => v.push(b'\t'),
                    b'r' => v.push(b'\r'),
                    b'v' => v.push(0x0b),
                    b'e' => v.push(0x1b),
                    b'f' => v.push(0x0c),
                    b'\\' | b'$' | b'"' | b'`' => v.push(e),
                    b'x' if hex_digit(src, i).is_some() => {
                        let mut x = 0u32;
                        let mut k = 0;
                        while k < 2
                            && let Some(d) = hex_digit(src, i)
                        {
                            x = x * 16 + u32::from(d);
                            i += 1;
                            k += 1;
                        }
                        v.push(x as u8);
                    }
                    b'0'..=b'7' => {
                        let mut x = u32::from(e - b'0');
                        let mut k = 1;
                        while k < 3 && matches!(src.get(i), Some(b'0'..=b'7')) {
                            x = x * 8 + u32::from(src[i] - b'0');
                            i += 1;
                            k += 1;
                        }
                        v.push(x as u8);
                    }
                    b'u' if src.get(i) == Some(&b'{') => {
                        let end = src[i..].iter().position(|c| *c == b'}').map(|p| p + i);
                        let code = end
                            .and_then(|e| std::str::from_utf8(&src[i + 1..e]).ok())
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32);
                        match (code, end) {
                            (Some(ch), Some(e)) => {
                                let mut b = [0; 4];
                                v.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
                                i = e + 1;
                            }
                            _ => v.extend_from_slice(b"\\u"),
                        }
                    }
                    _ => {
                        escapes -= 1;
                        v.push(b'\\');
                        v.push(e);
                    }
                }
            }
            b'$' if starts_name(src, i + 1) => {
                let s = i + 1;
                i = s;
                while i < n && is_ident(src[i]) {
                    i += 1;
                }
                vars.push(&src[s..property_end(src, i).unwrap_or(i)]);
            }
            // `${name}` and `{$name…}`: the variable's name.
            b'$' if src.get(i + 1) == Some(&b'{') => {
                let s = i + 2;
                if let Some(f) = called_at(src, s) {
                    *called = f;
                }
                push_ident_at(src, s, vars);
                i = s;
            }
            b'{' if src.get(i + 1) == Some(&b'$') => {
                if src.get(i + 2) == Some(&b'{')
                    && let Some(f) = called_at(src, i + 3)
                {
                    *called = f;
                }
                push_ident_at(src, i + 2, vars);
                // Skip to the matching brace: the inside is an expression, not text.
                let mut depth = 0usize;
                while i < n {
                    match src[i] {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ => {
                // A run of plain text at once (HTML in `echo "…"` is long): up to the next byte
                // another arm would read; a newline ends its run, so a heredoc's label is
                // still looked for at the start of every line.
                let mut k = i + 1;
                if c != b'\n' {
                    while k < n && !matches!(src[k], b'\\' | b'$' | b'{' | b'"' | b'`' | b'\n') {
                        k += 1;
                    }
                }
                v.extend_from_slice(&src[i..k]);
                i = k;
            }
        }
    }
    (None, escapes, i)
}

fn heredoc<'a>(src: &'a [u8], mut i: usize, arena: &'a Arena, scratch: &mut Scratch<'a>) -> Option<(Tok<'a>, usize)> {
    while i < src.len() && (src[i] == b' ' || src[i] == b'\t') {
        i += 1;
    }
    let quote = src.get(i).copied().filter(|c| *c == b'\'' || *c == b'"');
    if quote.is_some() {
        i += 1;
    }
    let s = i;
    while i < src.len() && is_ident(src[i]) {
        i += 1;
    }
    if i == s {
        return None;
    }
    let label = &src[s..i];
    if let Some(q) = quote {
        if src.get(i) != Some(&q) {
            return None;
        }
        i += 1;
    }
    // The body starts on the next line.
    match src[i..].iter().position(|c| *c == b'\n') {
        Some(p) => i += p + 1,
        None => return None,
    }
    if quote == Some(b'\'') {
        // Nowdoc: no escapes, no interpolation.
        let mut j = i;
        loop {
            let mut k = j;
            while k < src.len() && (src[k] == b' ' || src[k] == b'\t') {
                k += 1;
            }
            if src[k..].starts_with(label) && !continues_name(src, k + label.len()) {
                let value = &src[i..j.saturating_sub(1).max(i)];
                return Some((Tok::Str(Lit::kept(arena, value, &[], 0)), k + label.len()));
            }
            match src[j..].iter().position(|c| *c == b'\n') {
                Some(p) => j += p + 1,
                None => return Some((Tok::Str(Lit::kept(arena, &src[i..], &[], 0)), src.len())),
            }
        }
    }
    let (value, escapes, end) = interpolated(src, i, Quote::Label(label), scratch);
    Some((Tok::Str(scratch.keep(arena, value, escapes)), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok<'_>> {
        tokenize_for_test(s.as_bytes(), usize::MAX).into_iter().map(|t| t.tok).collect()
    }

    fn lit_str<'a>(value: &'a [u8], vars: Vec<&'a [u8]>, escapes: u32) -> Tok<'a> {
        Tok::Str(Lit::kept(Box::leak(Box::default()), value, &vars, escapes))
    }

    fn lit_backtick<'a>(value: &'a [u8], vars: Vec<&'a [u8]>) -> Tok<'a> {
        Tok::Backtick(Lit::kept(Box::leak(Box::default()), value, &vars, 0))
    }

    word_match! {
        fn pet -> Option<u8> {
            b"cat" | b"dog" => Some(1),
            b"_hamster" => Some(2),
            _ => None,
        }
    }

    #[test]
    fn a_text_is_lowered_as_the_standard_library_does() {
        let every_byte: Vec<u8> = (0..=255u8).collect();
        assert_eq!(ascii_lowercase(&every_byte), every_byte.to_ascii_lowercase());
        assert_eq!(ascii_lowercase("Ærø ÅSE <?PHP".as_bytes()), "Ærø Åse <?php".as_bytes());
        // Eight bytes at a time: every byte value, at every place of a word, as the standard
        // library lowers it.
        let all: Vec<u8> = (0..=255u8).chain(0..=255u8).chain(b"@AZ[`az{".iter().copied()).collect();
        for skip in 0..8 {
            assert_eq!(ascii_lowercase(&all[skip..]), all[skip..].to_ascii_lowercase(), "from {skip}");
        }
    }

    #[test]
    fn a_word_match_answers_in_any_case_and_only_for_its_words() {
        assert_eq!(pet(b"cat"), Some(1));
        assert_eq!(pet(b"DOG"), Some(1));
        assert_eq!(pet(b"_Hamster"), Some(2));
        // Same first letter and length as a word, or as another word's first letter: lowered,
        // then no arm.
        assert_eq!(pet(b"cow"), None);
        assert_eq!(pet(b"dat"), None);
        // No word starts or measures so: told without lowering.
        for other in [&b"cats"[..], b"", b"c", b"_hamsters", b"`at", b"@at", &[b'c'; 40]] {
            assert_eq!(pet(other), None, "{}", String::from_utf8_lossy(other));
        }
        let shapes = WordShapes::of(&[b"cat", b"_x"]);
        assert!(shapes.may_be(b"CUT") && shapes.may_be(b"_y") && shapes.may_be(b"@y"));
        assert!(!shapes.may_be(b"cut_") && !shapes.may_be(b"dat"));
    }

    #[test]
    fn a_token_stays_four_words_and_a_plain_string_is_the_files_own_bytes() {
        // The detectors walk a large file's tokens many times: a token of 64 bytes cost the
        // costliest files about a tenth more time than one of 32.
        assert!(std::mem::size_of::<Token<'_>>() <= 32, "{}", std::mem::size_of::<Token<'_>>());
        let src = br#"<?php $a = 'plain' . "also plain" . <<<'EOT'
nowdoc
EOT;
$b = 'it\'s' . "tab\t" . "$x";"#;
        let arena = Arena::new();
        let in_file = src.as_ptr_range();
        let borrowed: Vec<bool> = tokenize(src, &arena, usize::MAX)
            .iter()
            .filter_map(|t| match &t.tok {
                Tok::Str(s) => Some(in_file.contains(&s.value.as_ptr())),
                _ => None,
            })
            .collect();
        assert_eq!(borrowed, [true, true, true, false, false, false]);
        // A file's tokens and literals are freed at once: nothing in them is dropped one by one.
        assert!(!std::mem::needs_drop::<Token<'_>>() && !std::mem::needs_drop::<Lit<'_>>());
    }

    #[test]
    fn strings_are_decoded_and_interpolation_is_seen() {
        let t = toks("<?php $a = \"\\x62as\\145{$_GET['x']}\"; $b='it\\'s'; `ls $d`;");
        assert_eq!(t[0], Tok::Var(b"a"));
        assert_eq!(t[2], lit_str(b"base", vec![b"_GET".as_slice()], 2));
        assert_eq!(t[6], lit_str(b"it's", vec![], 0));
        assert_eq!(t[8], lit_backtick(b"ls ", vec![b"d".as_slice()]));
    }

    #[test]
    fn html_comments_heredocs_and_namespaces() {
        let t = toks(
            "<html><?= $x ?> text <?php /* eval( */ // system(\n# x\n$y = <<<EOT\n  a $z\n  EOT;\n\\base64_decode($y);",
        );
        assert_eq!(t[0], Tok::Ident(b"echo"));
        assert_eq!(t[1], Tok::Var(b"x"));
        assert_eq!(t[2], Tok::Close);
        assert_eq!(t[5], lit_str(b"  a ", vec![b"z".as_slice()], 0));
        assert_eq!(t[7], Tok::Ident(b"base64_decode"));
        let t = toks("<?php $s = <<<'N'\nraw $x\nN;\n");
        assert_eq!(t[2], lit_str(b"raw $x", vec![], 0));
    }

    #[test]
    fn plain_text_runs_keep_heredoc_labels_escapes_and_variables() {
        let t = toks("<?php $h = <<<EOT\nab EOT cd\n  x\\ty {$a} \"q\" `b` {x} $ 5\nEOT;\n$s = \"<b>$c</b>\\x41{z}\";");
        assert_eq!(t[2], lit_str(b"ab EOT cd\n  x\ty  \"q\" `b` {x} $ 5", vec![b"a".as_slice()], 1));
        assert_eq!(t[4], Tok::Var(b"s"));
        assert_eq!(t[6], lit_str(b"<b></b>A{z}", vec![b"c".as_slice()], 1));
    }

    #[test]
    fn name_bytes_are_letters_digits_underscore_and_high_bytes() {
        for b in 0..=255u8 {
            assert_eq!(is_ident_start(b), b.is_ascii_alphabetic() || b == b'_' || b >= 0x80, "{b}");
            assert_eq!(is_ident(b), b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80, "{b}");
        }
    }

    #[test]
    fn a_files_token_list_is_made_once() {
        // Code as written (indented, commented) and minified: the list made at the start holds
        // all the tokens (growing it copied every token so far).
        let (mut written, mut minified) = (String::from("<?php\n"), String::from("<?php "));
        for k in 0..400 {
            written.push_str(&format!(
                "    // step {k}\n    $name_{k} = isset($_GET['k{k}']) ? trim($_GET['k{k}']) : 'none';\n"
            ));
            minified.push_str(&format!("$name_{k}=isset($_GET['k{k}'])?trim($_GET['k{k}']):'none';"));
        }
        for src in [written, minified] {
            let t = tokenize_for_test(src.as_bytes(), usize::MAX);
            assert!(t.len() > 4000, "{} tokens in {} bytes", t.len(), src.len());
            assert_eq!(t.capacity(), src.len() / BYTES_PER_TOKEN + 16);
        }
    }

    #[test]
    fn namespaced_names_count_by_their_last_part_and_brackets_are_one_byte() {
        let t = toks(r"<?php \App\Util\run_it(); Foo\ bar; x\1; $a[(1)]{@~0};");
        let shown: Vec<String> = t
            .iter()
            .map(|x| match x {
                Tok::Ident(n) => format!("I:{}", String::from_utf8_lossy(n)),
                Tok::Op(o) => format!("O:{}", String::from_utf8_lossy(o)),
                Tok::Num(n) => format!("N:{}", String::from_utf8_lossy(n)),
                Tok::Var(v) => format!("V:{}", String::from_utf8_lossy(v)),
                _ => "?".to_owned(),
            })
            .collect();
        let want = "I:run_it O:( O:) O:; I:Foo O:\\ I:bar O:; I:x O:\\ N:1 O:; V:a O:[ O:( N:1 O:) O:] O:{ O:@ O:~ N:0 O:} O:;";
        assert_eq!(shown.join(" "), want);
    }

    #[test]
    fn quoted_literals_with_and_without_escapes() {
        assert_eq!(toks("<?php 'plain';")[0], lit_str(b"plain", vec![], 0));
        assert_eq!(toks(r"<?php 'a\\b\'c\d';")[0], lit_str(br"a\b'c\d", vec![], 0));
        assert_eq!(toks("<?php 'open")[0], lit_str(b"open", vec![], 0));
        assert_eq!(toks("<?php \"q\\\"r\"")[0], lit_str(b"q\"r", vec![], 1));
    }

    #[test]
    fn any_bytes_give_tokens() {
        let junk: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
        let mut src = b"<?php ".to_vec();
        src.extend_from_slice(&junk);
        let _ = tokenize_for_test(&src, usize::MAX);
        let _ = tokenize_for_test(b"<?php \"unterminated {$", usize::MAX);
        let _ = tokenize_for_test(b"<?php <<<", usize::MAX);
    }
}
