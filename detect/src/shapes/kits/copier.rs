//! A phishing kit's "copier": the page a lure links to makes a folder with a random name,
//! copies the kit's files into it (walking the kit's folder) and sends the visitor there, so
//! each victim gets a fresh address that blocklists have not seen yet.
//!
//! Told by what it does together: a name made from a random number (`rand`, `uniqid`,
//! `random_bytes`…, maybe hashed or cut), a folder made and files copied while a folder is
//! read, and a redirect whose address holds that random name. An installer copies folders to
//! a place it chooses by name and sends its user to a fixed step; a cache or upload tool that
//! names a folder at random does not send the visitor into it.

use crate::php::{Tok, Token};

use super::super::tokens::{close_of, ident};

/// Calls that give a random (or per-visit) value: the clock to the microsecond too
/// (`md5($date->format("m-d-Y H:i:s.u"))`, fresh142's PayPal kit).
const RANDOM: &[&[u8]] = &[
    b"rand",
    b"mt_rand",
    b"random_int",
    b"random_bytes",
    b"uniqid",
    b"openssl_random_pseudo_bytes",
    b"str_shuffle",
    b"microtime",
    b"hrtime",
    b"format",
];
/// Calls that read a folder's entries.
const LISTING: &[&[u8]] = &[b"opendir", b"readdir", b"scandir", b"glob"];

/// The most random names remembered.
const MAX_NAMES: usize = 16;

/// Whether the file may be a copier (before tokenizing): it makes a folder, copies and
/// redirects.
pub(in crate::shapes) fn may_match(text: &[u8]) -> bool {
    memchr::memmem::find(text, b"mkdir").is_some()
        && memchr::memmem::find(text, b"copy").is_some()
        && memchr::memmem::find(text, b"ocation").is_some()
}

/// Whether the file may write a page that deletes itself (before tokenizing).
/// (An `unlink(` just after PHP's open tag, in a literal.)
pub(in crate::shapes) fn may_write_one_time_page(text: &[u8]) -> bool {
    memchr::memmem::find_iter(text, b"unlink(").take(64).any(|p| {
        let before = &text[p.saturating_sub(12)..p];
        memchr::memmem::find(before, b"<?").is_some()
    })
}

/// Where a script writes PHP that deletes its own file once it has run (`fwrite($fp, "<?php
/// unlink(basename(\$_SERVER['SCRIPT_NAME'])); ?>")`) after a page's text: a kit's one-time
/// page, gone before a report can be checked (fresh124's AusPost `main.php` writes one under a
/// random name for each visitor).
pub(super) fn writes_one_time_page(t: &[Token<'_>]) -> Option<usize> {
    const OWN: [&[u8]; 4] = [b"SCRIPT_NAME", b"SCRIPT_FILENAME", b"PHP_SELF", b"__FILE__"];
    (0..t.len()).find_map(|i| {
        let writer = ident(&t[i]).is_some_and(|n| {
            [&b"fwrite"[..], b"fputs", b"file_put_contents"].iter().any(|w| n.eq_ignore_ascii_case(w))
        }) && matches!(t.get(i + 1).map(|x| &x.tok), Some(Tok::Op(b"(")));
        if !writer {
            return None;
        }
        let end = close_of(t, i + 1).min(t.len());
        t[i + 2..end.max(i + 2)].iter().find_map(|x| {
            let Tok::Str(quoted) = &x.tok else { return None };
            let v = quoted.value;
            let code = v.trim_ascii_start().starts_with(b"<?") && v.len() <= 512;
            let deletes = memchr::memmem::find(v, b"unlink(").is_some()
                && OWN.iter().any(|w| memchr::memmem::find(v, w).is_some());
            (code && deletes).then_some(t[i].at)
        })
    })
}

/// The offset of the redirect into a randomly named copy of a folder, if the file is a copier.
pub(super) fn copies_kit(t: &[Token<'_>]) -> Option<usize> {
    let called = |i: usize, names: &[&[u8]]| {
        ident(&t[i]).is_some_and(|n| names.iter().any(|w| n.eq_ignore_ascii_case(w)))
            && matches!(t.get(i + 1).map(|x| &x.tok), Some(Tok::Op(b"(")))
    };
    let (mut mkdir, mut copy, mut listing) = (false, false, false);
    let mut random: Vec<&[u8]> = Vec::new();
    let mut redirect = None;
    let holds = |x: &Token<'_>, random: &[&[u8]]| match &x.tok {
        Tok::Var(v) => random.contains(v),
        Tok::Str(quoted) => quoted.vars.iter().any(|v| random.contains(v)),
        _ => false,
    };
    for i in 0..t.len() {
        if called(i, &[b"mkdir"]) {
            mkdir = true;
        } else if called(i, &[b"copy"]) {
            copy = true;
        } else if called(i, LISTING) {
            listing = true;
        }
        // `$name = … rand(…) …;` or `$name = md5($random);`: a random name.
        if let Tok::Var(v) = t[i].tok
            && matches!(t.get(i + 1).map(|x| &x.tok), Some(Tok::Op(b"=")))
            && random.len() < MAX_NAMES
        {
            let end = close_of(t, i + 1).max(i + 2);
            let rhs = &t[i + 2..end.min(t.len())];
            let from_random = rhs.iter().enumerate().any(|(k, x)| {
                holds(x, &random)
                    || (ident(x).is_some_and(|n| RANDOM.iter().any(|w| n.eq_ignore_ascii_case(w)))
                        && matches!(rhs.get(k + 1).map(|y| &y.tok), Some(Tok::Op(b"("))))
            });
            if from_random && !random.contains(&v) {
                random.push(v);
            }
        }
        // `header("Location: $dir")` or `header("location:" . $dir)`.
        if redirect.is_none() && called(i, &[b"header"]) {
            let end = close_of(t, i + 1).min(t.len());
            let arg = &t[i + 2..end.max(i + 2)];
            let location = arg.iter().any(|x| match &x.tok {
                Tok::Str(quoted) => {
                    let value = quoted.value;
                    value.len() >= 9 && value[..9].eq_ignore_ascii_case(b"location:")
                        || value.len() >= 8 && value[..8].eq_ignore_ascii_case(b"location")
                }
                _ => false,
            });
            if location && arg.iter().any(|x| holds(x, &random)) {
                redirect = Some(t[i].at);
            }
        }
    }
    redirect.filter(|_| mkdir && copy && listing)
}
