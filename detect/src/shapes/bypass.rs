//! Readers of any file on the server that get round PHP's folder limits (`open_basedir`,
//! `safe_mode`): the file a visitor names is put behind a stream wrapper (`file:`,
//! `compress.zlib://`, `glob://`) and handed to a reader that does not apply the limits the
//! same way (curl's own `file:` support, `copy` through a decompressor). An application
//! reads its own files by path; only a bypass tool prefixes a visitor's path with a wrapper.
//! One pass over the tokens, no allocation per token.

use super::input::is_request;
use super::tokens::is_op;
use crate::php::{Tok, Token};

/// Wrappers that read local files, written as the whole literal (at most this long, slashes
/// and a doubled `file:` included) before the visitor's path is joined on.
const WRAPPERS: [&[u8]; 4] = [b"file:", b"compress.zlib://", b"compress.bzip2://", b"glob://"];
const MAX_PREFIX: usize = 24;

/// Whether a literal is only a file-reading wrapper (`"file:///"`, `"file:file:///"`,
/// `"compress.zlib://"`), with nothing of a path of its own.
fn is_wrapper_prefix(v: &[u8]) -> bool {
    v.len() <= MAX_PREFIX
        && WRAPPERS.iter().any(|w| v.len() >= w.len() && v[..w.len()].eq_ignore_ascii_case(w))
        && v.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'/' | b'.'))
        && !v.iter().rev().take_while(|c| **c != b'/' && **c != b':').any(|c| c.is_ascii_alphanumeric())
}

/// Whether the literal `value` at token `i` is a wrapper joined to request input
/// (`"file:file:///" . $file` with `$file` from `$_GET`): `inputs` are the variables holding
/// request input. Asked of every literal: the first byte answers for nearly all.
pub(super) fn wraps_request_path(t: &[Token<'_>], i: usize, value: &[u8], inputs: &[&[u8]]) -> bool {
    if value.first().is_none_or(|c| !matches!(c | 0x20, b'f' | b'c' | b'g')) || !is_wrapper_prefix(value) {
        return false;
    }
    if !is_op(t.get(i + 1), b".") {
        return false;
    }
    matches!(t.get(i + 2).map(|x| &x.tok), Some(Tok::Var(v)) if (is_request(v) || inputs.contains(v)) && *v != b"_FILES")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::tokenize_for_test;
    use crate::shapes::input::input_vars;

    fn at(src: &str) -> Option<usize> {
        let t = tokenize_for_test(src.as_bytes(), 100_000);
        let inputs = input_vars(&t);
        t.iter().enumerate().find_map(|(i, x)| match &x.tok {
            Tok::Str(quoted) if wraps_request_path(&t, i, quoted.value, &inputs) => Some(x.at),
            _ => None,
        })
    }

    #[test]
    fn a_visitors_path_behind_a_wrapper_is_found() {
        assert!(
            at("<?php $f = $_POST['f']; $c = curl_init(); curl_setopt($c, CURLOPT_URL, 'file:file:///' . $f);")
                .is_some()
        );
        assert!(at("<?php if (copy('compress.zlib://' . $_GET['p'], $tmp)) { readfile($tmp); }").is_some());
    }

    #[test]
    fn an_applications_own_paths_behind_a_wrapper_are_quiet() {
        assert!(at("<?php $fd = 'compress.zlib://' . $fname; $h = fopen($fd, 'rb');").is_none());
        assert!(at("<?php $url = 'file://' . $tmpdir . 'meta.xml'; $f = $_GET['f'];").is_none());
        // An upload's temporary file, unpacked.
        assert!(at("<?php $h = gzopen('compress.zlib://' . $_FILES['dump']['tmp_name'], 'r');").is_none());
        // A wrapper with a fixed path of its own.
        assert!(at("<?php $p = $_GET['p']; $x = 'file:///etc/app' . $p;").is_none());
    }
}
