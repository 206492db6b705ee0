//! Attackers' tools that are not shells: a PHP virus, which reads its own code and writes it
//! into the other scripts it finds by reading a folder (appended, prepended or as an
//! `include` of itself), so that every page of the site runs it.
//!
//! An application that reads its own file (a self-updater, a checksum) writes it back to its
//! own path; one that lists folders and writes files does not put its own text in them.

use crate::php::{Tok, Token};

use super::tokens::{close_of, ident, str_value};
use super::{Options, Shape};
use crate::detect::{Danger, Why};

/// Calls that read a folder's entries.
const LISTING: &[&[u8]] = &[b"opendir", b"readdir", b"scandir", b"glob"];
/// Calls that write into an open or named file.
const WRITES: &[&[u8]] = &[b"fwrite", b"fputs", b"file_put_contents"];

/// The most variables that hold the file's own code remembered.
const MAX_SELF: usize = 16;

/// Whether the file may hold one of the tools (before tokenizing).
pub(super) fn may_match(text: &[u8]) -> bool {
    memchr::memmem::find(text, b"__FILE__").is_some()
}

/// Every tool found in one PHP file.
pub(super) fn analyze(text: &[u8], t: &[Token<'_>], o: Options) -> Vec<Shape> {
    let mut out = Vec::new();
    if o.small
        && may_match(text)
        && let Some(at) = spreads_itself(t)
    {
        out.push(Shape { why: Why::InjectsHiddenCode, danger: Danger::High, at });
    }
    out
}

/// The offset of the write that puts the file's own code (or an `include` of its own path)
/// into another file, when the file also reads a folder.
fn spreads_itself(t: &[Token<'_>]) -> Option<usize> {
    // Variables holding the file's own path (or a handle on it), and its own code.
    let (mut path, mut code): (Vec<&[u8]>, Vec<&[u8]>) = (Vec::new(), Vec::new());
    let holds = |x: &Token<'_>, vars: &[&[u8]], file: bool| match &x.tok {
        Tok::Ident(n) => file && *n == b"__FILE__",
        Tok::Var(v) => vars.contains(v),
        Tok::Str(quoted) => quoted.vars.iter().any(|v| vars.contains(v)),
        _ => false,
    };
    let mut listing = false;
    let mut write = None;
    for i in 0..t.len() {
        if is_call(t, i, LISTING) {
            listing = true;
        }
        // `$f = fopen(__FILE__, 'r')`, `$c = fread($f, …)`, `$c = substr($c, 0, 866)`.
        if let Tok::Var(v) = t[i].tok
            && matches!(t.get(i + 1).map(|x| &x.tok), Some(Tok::Op(b"=")))
            && path.len() + code.len() < MAX_SELF
        {
            let end = close_of(t, i + 1).max(i + 2).min(t.len());
            let rhs = &t[i + 2..end];
            let reads = rhs.iter().enumerate().any(|(k, x)| {
                ident(x).is_some_and(|n| READS.iter().any(|w| n.eq_ignore_ascii_case(w)))
                    && matches!(rhs.get(k + 1).map(|y| &y.tok), Some(Tok::Op(b"(")))
            });
            let of_code = rhs.iter().any(|x| holds(x, &code, false));
            let of_path = rhs.iter().any(|x| holds(x, &path, true));
            if (of_code || (reads && of_path)) && !code.contains(&v) {
                code.push(v);
            } else if of_path && !reads && !path.contains(&v) {
                path.push(v);
            }
        }
        if write.is_none() && is_call(t, i, WRITES) {
            let end = close_of(t, i + 1).min(t.len());
            let args = &t[i + 2..end.max(i + 2)];
            // The first argument is where it writes: the text is what follows. Writing to its
            // own file (`fopen(__FILE__, 'w')` then `fwrite($h, …)`) is a self-update.
            let text_at = args.iter().position(|x| matches!(x.tok, Tok::Op(b","))).map_or(args.len(), |c| c + 1);
            let to_self = args[..text_at].iter().any(|x| holds(x, &path, true));
            let own_code = args[text_at..].iter().any(|x| holds(x, &code, false));
            let own_include = args[text_at..].iter().any(|x| holds(x, &path, true))
                && t[i.saturating_sub(INCLUDE_NEAR)..end].iter().any(|x| {
                    str_value(x).is_some_and(|v| {
                        memchr::memmem::find(v, b"include").is_some() || memchr::memmem::find(v, b"require").is_some()
                    })
                });
            if !to_self && (own_code || own_include) {
                write = Some(t[i].at);
            }
        }
    }
    write.filter(|_| listing)
}

/// Longest literal of PHP code read as what a mass infector writes.
const MAX_WRITTEN_CODE: usize = 64 << 10;

/// Whether the file may hold PHP code it writes into folders it reads (before tokenizing): a
/// second `<?php` and a folder read.
pub(crate) fn written_code_may_match(text: &[u8]) -> bool {
    let mut tags = memchr::memmem::find_iter(text, b"<?php");
    tags.next().is_some()
        && tags.next().is_some()
        && [&b"scandir"[..], b"opendir", b"glob("].iter().any(|w| memchr::memmem::find(text, w).is_some())
}

/// A literal of PHP code (`'<?php …'`) in a file that reads folders and writes files: what a
/// mass infector puts into every theme's `header.php`. The caller judges that code as a file
/// of its own (a folder's `index.php` guard, `<?php // Silence is golden`, is nothing).
pub(crate) fn written_code<'t>(t: &'t [Token<'_>]) -> Option<(usize, &'t [u8])> {
    let (mut listing, mut writes, mut code) = (false, false, None);
    for (i, x) in t.iter().enumerate() {
        listing |= is_call(t, i, LISTING);
        writes |= is_call(t, i, WRITES);
        if code.is_none()
            && let Tok::Str(quoted) = &x.tok
        {
            let v = quoted.value.trim_ascii_start();
            let php = v.len() >= 5 && (v[..5].eq_ignore_ascii_case(b"<?php") || v.starts_with(b"<?="));
            if php && quoted.value.len() <= MAX_WRITTEN_CODE {
                code = Some((x.at, quoted.value));
            }
        }
    }
    code.filter(|_| listing && writes)
}

/// Whether `t[i]` calls one of `names` (any case).
fn is_call(t: &[Token<'_>], i: usize, names: &[&[u8]]) -> bool {
    ident(&t[i]).is_some_and(|n| names.iter().any(|w| n.eq_ignore_ascii_case(w)))
        && matches!(t.get(i + 1).map(|x| &x.tok), Some(Tok::Op(b"(")))
}

/// Calls that read a file's text.
const READS: &[&[u8]] = &[b"fread", b"file_get_contents", b"file", b"fgets", b"stream_get_contents", b"highlight_file"];

/// Tokens before a write of its own path in which the `include` it writes is looked for.
const INCLUDE_NEAR: usize = 24;
