//! Paths a visitor names: request fields (or variables set to one) given whole to the
//! functions that change, move, delete or show files — what a file manager left by an
//! intruder does.

use super::super::input::is_request;
use super::super::tokens::{Budget, is_op};
use crate::php::{Tok, Token};

/// Whether an argument is a path taken whole from the request: a request field (or a variable
/// set to one), perhaps unescaped or decoded, with nothing of the application's own in front.
/// Uploads' names are not: the server chose the temporary file.
fn request_named(arg: &[Token<'_>], named: &[&[u8]]) -> bool {
    let arg = skip_wrappers(arg);
    match arg.first().map(|x| &x.tok) {
        Some(Tok::Var(v)) => is_named_field(v) || named.contains(v),
        Some(Tok::Str(quoted)) => {
            quoted.value.is_empty() && quoted.vars.first().is_some_and(|v| is_named_field(v) || named.contains(v))
        }
        _ => false,
    }
}

pub(super) fn is_named_field(v: &[u8]) -> bool {
    is_request(v) && !matches!(v, b"_FILES" | b"HTTP_POST_FILES")
}

/// Functions that keep a path the visitor's: unescaping, decoding, trimming.
const KEEPS_PATH: [&[u8]; 10] = [
    b"trim",
    b"rtrim",
    b"ltrim",
    b"stripslashes",
    b"urldecode",
    b"rawurldecode",
    b"base64_decode",
    b"hex2bin",
    b"realpath",
    b"iconv",
];

/// The tokens after any `@`, `(` and `KEEPS_PATH` calls in front.
pub(super) fn skip_wrappers<'s, 'a>(mut arg: &'s [Token<'a>]) -> &'s [Token<'a>] {
    loop {
        match arg.first().map(|x| &x.tok) {
            Some(Tok::Op(b"@" | b"(")) => arg = &arg[1..],
            Some(Tok::Ident(n)) if KEEPS_PATH.iter().any(|k| n.eq_ignore_ascii_case(k)) && is_op(arg.get(1), b"(") => {
                arg = &arg[2..]
            }
            // `iconv('utf-8', 'gbk', $_GET['f'])`: the last argument.
            Some(Tok::Str(quoted)) if quoted.vars.is_empty() && is_op(arg.get(1), b",") => arg = &arg[2..],
            _ => return arg,
        }
    }
}

/// Variables set to a request field whole (`$p = $_GET['p'];`, `$f = trim(@$_POST['f']);`,
/// `$p = isset($_GET['p']) ? $_GET['p'] : '';`, `$p = $_GET['p'] ?? '';`), and variables set
/// to one of those with a fixed ending (`$index = rtrim($p, '/') . '/index.php';`): a file in
/// the folder the visitor names.
fn request_named_vars<'a>(t: &[Token<'a>]) -> Vec<&'a [u8]> {
    let mut out: Vec<&'a [u8]> = Vec::new();
    for (i, tok) in t.iter().enumerate() {
        let Tok::Var(v) = tok.tok else { continue };
        if !is_op(t.get(i + 1), b"=") || (i > 0 && is_op(t.get(i - 1), b"->")) || out.len() >= 32 {
            continue;
        }
        let mut rhs = &t[i + 2..t.len().min(i + 2 + 24)];
        // `isset($_GET['p']) ? $_GET['p'] : …`: the value when it is set.
        if matches!(rhs.first().map(|x| &x.tok), Some(Tok::Ident(n)) if n.eq_ignore_ascii_case(b"isset"))
            && let Some(q) = rhs.iter().take_while(|x| !is_op(Some(x), b";")).position(|x| is_op(Some(x), b"?"))
        {
            rhs = &rhs[q + 1..];
        }
        let rhs = skip_wrappers(rhs);
        let Some(Token { tok: Tok::Var(r), .. }) = rhs.first() else { continue };
        let statement = || rhs[1..].iter().take_while(|x| !is_op(Some(x), b";"));
        if out.contains(r) {
            // A named folder with a fixed ending: only literals, `.` and a wrapper's closing
            // arguments follow.
            let fixed_tail = statement().all(|x| match &x.tok {
                Tok::Str(q) => q.vars.is_empty(),
                // `DIRECTORY_SEPARATOR`
                Tok::Ident(c) => c.iter().all(|b| b.is_ascii_uppercase() || *b == b'_'),
                _ => is_op(Some(x), b".") || is_op(Some(x), b",") || is_op(Some(x), b")"),
            });
            if fixed_tail && !out.contains(&v) {
                out.push(v);
            }
            continue;
        }
        if !is_named_field(r) || !is_op(rhs.get(1), b"[") {
            continue;
        }
        // The field, then only closing brackets before the statement's end (or a literal
        // default after `??`, or the other branch of an `isset` test).
        let Some(end) = rhs.iter().position(|x| is_op(Some(x), b"]")) else { continue };
        let mut rest = rhs[end + 1..].iter().take_while(|x| !is_op(Some(x), b";")).peekable();
        let mut whole = true;
        while let Some(x) = rest.next() {
            if is_op(Some(x), b")") || is_op(Some(x), b"]") {
                continue;
            }
            if is_op(Some(x), b"??") || is_op(Some(x), b":") {
                // (`?? null`, `?? false`: no path at all when the field is missing.)
                whole = rest.all(|y| match &y.tok {
                    Tok::Str(q) => q.vars.is_empty(),
                    Tok::Ident(c) => c.eq_ignore_ascii_case(b"null") || c.eq_ignore_ascii_case(b"false"),
                    _ => is_op(Some(y), b")"),
                });
                break;
            }
            whole = false;
            break;
        }
        if whole && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// File operations looked at in one file.
pub(super) const MAX_FILE_OPS: usize = 64;

/// Of the file operations found, the changes (their kind and place) and the first shown read
/// whose path is taken whole from the request.
pub(super) fn request_named_ops(
    t: &[Token<'_>],
    ops: &[(Option<usize>, usize)],
    budget: &Budget,
) -> (Vec<(usize, usize)>, Option<usize>) {
    let inputs = request_named_vars(t);
    let mut changes = Vec::new();
    let mut shown = None;
    for &(kind, i) in ops {
        let args = budget.args(t, i + 1);
        if !args.first().is_some_and(|a| request_named(a, &inputs)) {
            continue;
        }
        match kind {
            Some(k) => changes.push((k, t[i].at)),
            None => {
                shown.get_or_insert(t[i].at);
            }
        }
    }
    (changes, shown)
}
