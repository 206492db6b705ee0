//! A call's arguments read from the tokens: their spans, the variables they name, and whether
//! a path argument ends as a file no server runs.

use super::*;

/// How far back a handle's `fopen` is looked for.
const OPEN_LOOKBACK: usize = 256;

impl<'t, 'a> An<'t, 'a> {
    /// The tokens of argument `n` of the call at `i` (a name then `(`, or the `(` itself).
    pub(super) fn arg_span(&self, i: usize, n: usize) -> Option<(usize, usize)> {
        let open = if self.op(i, b"(") { i } else { i + 1 };
        if !self.op(open, b"(") {
            return None;
        }
        let close = self.close_of(open);
        let (mut k, mut seen, mut depth, mut start) = (open + 1, 0, 0usize, open + 1);
        while k < close {
            match self.tok(k)? {
                Tok::Op(b"(" | b"[" | b"{") => depth += 1,
                Tok::Op(b")" | b"]" | b"}") => depth = depth.saturating_sub(1),
                Tok::Op(b",") if depth == 0 => {
                    if seen == n {
                        return (start < k).then_some((start, k));
                    }
                    seen += 1;
                    start = k + 1;
                }
                _ => {}
            }
            k += 1;
        }
        (seen == n && start < close).then_some((start, close))
    }

    /// Whether argument `n` of the call at `i` ends with a literal naming a file no server
    /// runs (`'cache/import.csv'`, `$dir . $id . '.jpg'`, `"{$root}/avatar/{$id}.png"`), and
    /// the call writes it whole: request data appended to an image is a collector's hiding place.
    /// (Archives are not inert: droppers write a `.zip` and unpack it. Callers also require a
    /// name the visitor did not choose.)
    pub(super) fn arg_ends_inert(&self, i: usize, n: usize) -> bool {
        !self.idents_in_call(i, b"FILE_APPEND") && self.arg_names_data_file(i, n)
    }

    /// Whether the `n`th argument of the call at `i` ends with a literal naming a data file
    /// (`'/log.txt'`), appended to or not.
    pub(super) fn arg_names_data_file(&self, i: usize, n: usize) -> bool {
        let Some((_, end)) = self.arg_span(i, n) else { return false };
        let Some(Tok::Str(quoted)) = self.tok(end - 1) else { return false };
        let l = lower(quoted.value);
        INERT_ENDINGS.iter().any(|e| l.ends_with(e.as_bytes()))
    }

    /// Whether the `n`th argument of the call at `i` is the script's own file (`__FILE__`, with
    /// or without `@`).
    pub(super) fn arg_is_own_file(&self, i: usize, n: usize) -> bool {
        let Some((start, end)) = self.arg_span(i, n) else { return false };
        let start = if self.op(start, b"@") { start + 1 } else { start };
        let file = |k: usize| matches!(self.tok(k), Some(Tok::Ident(w)) if *w == b"__FILE__");
        // (Or its name in its own folder, `basename(__FILE__)`: fresh149's Shell Booter bot
        // updates itself so.)
        let basename = end == start + 4
            && matches!(self.tok(start), Some(Tok::Ident(w)) if w.eq_ignore_ascii_case(b"basename"))
            && self.op(start + 1, b"(")
            && file(start + 2)
            && self.op(start + 3, b")");
        (end == start + 1 && file(start)) || basename
    }

    /// Whether the name `word` is written among the arguments of the call at `i`.
    pub(super) fn idents_in_call(&self, i: usize, word: &[u8]) -> bool {
        let open = if self.op(i, b"(") { i } else { i + 1 };
        let close = self.close_of(open);
        (open..close).any(|k| matches!(self.tok(k), Some(Tok::Ident(w)) if *w == word))
    }

    /// Whether the callback argument of the call at `i` is `array($object, …)` or `[$object,
    /// …]` with an object that is not the visitor's: a method of the application's object.
    pub(super) fn method_of_own_object(&mut self, i: usize) -> bool {
        let Some(name) = (match self.tok(i) {
            Some(Tok::Ident(n)) => Some(lower(n)),
            _ => None,
        }) else {
            return false;
        };
        let Some((_, pos)) = CALLBACKS.iter().find(|(n, _)| n.as_bytes() == name.as_slice()) else { return false };
        if *pos == LAST {
            return false;
        }
        let Some((start, _)) = self.arg_span(i, *pos) else { return false };
        let first = match self.tok(start) {
            Some(Tok::Ident(a)) if a.eq_ignore_ascii_case(b"array") && self.op(start + 1, b"(") => start + 2,
            Some(Tok::Op(b"[")) => start + 1,
            _ => return false,
        };
        match self.tok(first) {
            Some(Tok::Var(v)) if self.op(first + 1, b",") => {
                let v = *v;
                v == b"this" || self.lookup(v).labels & ANY_INPUT == 0
            }
            _ => false,
        }
    }

    /// Whether the call at `i` is `call_user_func` given the callback alone: what it calls is
    /// given nothing. (Other callers hand theirs data: `ob_start`'s gets the page's output,
    /// `array_map`'s the array's elements.)
    pub(super) fn called_with_nothing(&self, i: usize, rest: &[Val<'t>]) -> bool {
        rest.is_empty() && matches!(self.tok(i), Some(Tok::Ident(n)) if n.eq_ignore_ascii_case(b"call_user_func"))
    }

    /// The variable an `include` at `i` names whole (`include $f;`, `@include($f);`).
    pub(super) fn included_var(&self, i: usize) -> Option<&'a [u8]> {
        let mut k = i + 1;
        while self.op(k, b"(") || self.op(k, b"@") {
            k += 1;
        }
        match self.tok(k)? {
            Tok::Var(v) if self.terminator(k + 1) => Some(*v),
            _ => None,
        }
    }

    /// Whether the call at `i`'s second argument is the one token `is` accepts.
    pub(super) fn second_arg_is(&self, i: usize, is: impl Fn(&Tok<'a>) -> bool) -> bool {
        let open = if self.op(i, b"(") { i } else { i + 1 };
        let close = self.close_of(open);
        let (mut k, mut depth) = (open + 1, 0usize);
        while k < close {
            match self.tok(k) {
                Some(Tok::Op(b"(" | b"[" | b"{")) => depth += 1,
                Some(Tok::Op(b")" | b"]" | b"}")) => depth = depth.saturating_sub(1),
                Some(Tok::Op(b",")) if depth == 0 => {
                    return self.tok(k + 1).is_some_and(&is) && (self.op(k + 2, b",") || k + 2 == close);
                }
                None => return false,
                _ => {}
            }
            k += 1;
        }
        false
    }

    /// The path variable the handle `h` was opened on before the token `i` (`$h = fopen($path,
    /// 'w')`), looked for in at most `OPEN_LOOKBACK` tokens.
    pub(super) fn opened_path(&self, i: usize, h: &[u8]) -> Option<&'a [u8]> {
        (i.saturating_sub(OPEN_LOOKBACK)..i).rev().find_map(|k| {
            let opened = matches!(self.tok(k), Some(Tok::Var(v)) if *v == h)
                && self.op(k + 1, b"=")
                && matches!(self.tok(k + 2), Some(Tok::Ident(n)) if n.eq_ignore_ascii_case(b"fopen"))
                && self.op(k + 3, b"(");
            if !opened {
                return None;
            }
            match self.tok(k + 4) {
                Some(Tok::Var(p)) if self.op(k + 5, b",") => Some(*p),
                _ => None,
            }
        })
    }

    /// The variable given whole as argument `n` of the call at `i` (a name then `(`, or the
    /// `(` of a call through a value): where a function writes a result by reference.
    pub(super) fn arg_var(&self, i: usize, n: usize) -> Option<&'a [u8]> {
        let open = if self.op(i, b"(") { i } else { i + 1 };
        let close = self.close_of(open);
        let mut k = open + 1;
        let mut seen = 0;
        let mut depth = 0usize;
        while k < close {
            match self.tok(k)? {
                Tok::Op(b"(" | b"[" | b"{") => depth += 1,
                Tok::Op(b")" | b"]" | b"}") => depth = depth.saturating_sub(1),
                Tok::Op(b",") if depth == 0 => seen += 1,
                Tok::Var(v) if depth == 0 && seen == n && (self.op(k + 1, b",") || k + 1 == close) => {
                    return (self.op(k - 1, b",") || self.op(k - 1, b"&") || k - 1 == open).then_some(*v);
                }
                _ => {}
            }
            k += 1;
        }
        None
    }
}

/// Endings of files servers never run: saving an upload or a download under one is not a
/// dropper (a script that includes such a file is found by `include`).
pub(super) const INERT_ENDINGS: &[&str] = &[
    ".ico", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".txt", ".log", ".csv", ".json", ".xml", ".pdf", ".mp3",
    ".mp4", ".doc", ".docx", ".xls", ".xlsx",
];
