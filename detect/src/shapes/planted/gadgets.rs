//! Calls that run what a visitor sends without naming it: a function of the file's own that
//! only calls one parameter with another (a gadget handed a function's name), and the old
//! shells written for `register_globals`, where a request field is the variable a command or
//! code call is given.

use super::super::input::is_request;
use super::super::tokens::{close_of, ident, is_op};
use super::is_shell;
use super::paths::is_named_field;
use crate::detect::Why;
use crate::php::{Tok, Token};

/// The most tokens of a function's body looked at for `call_gadget`.
const GADGET_BODY: usize = 64;

/// Where a function's body calls one of its parameters (or a variable joined from them) with
/// another parameter: `function go($f, $a) { $f($a); }`, `function w($v, $k) { $x = $k . $v;
/// $x($_POST['x']); }`.
pub(super) fn call_gadget(t: &[Token<'_>]) -> Option<usize> {
    for (i, x) in t.iter().enumerate() {
        if !ident(x).is_some_and(|n| n.eq_ignore_ascii_case(b"function")) {
            continue;
        }
        let Some(open) = t[i + 1..].iter().take(3).position(|y| is_op(Some(y), b"(")).map(|p| i + 1 + p) else {
            continue;
        };
        let close = close_of(t, open);
        let mut params: Vec<&[u8]> =
            t[open..close].iter().filter_map(|y| if let Tok::Var(v) = y.tok { Some(v) } else { None }).collect();
        if params.len() < 2 {
            continue;
        }
        let Some(body) = t.get(close + 1..).and_then(|r| r.iter().take(4).position(|y| is_op(Some(y), b"{"))) else {
            continue;
        };
        let from = close + 2 + body;
        let body = &t[from..t.len().min(from + GADGET_BODY)];
        let args = params.clone();
        for (k, y) in body.iter().enumerate() {
            match y.tok {
                Tok::Op(b"}") => break,
                // `$x = $a . $b;`: a name joined from the parameters.
                Tok::Var(v) if is_op(body.get(k + 1), b"=") => {
                    let rhs: Vec<&Token<'_>> = body[k + 2..].iter().take_while(|z| !is_op(Some(z), b";")).collect();
                    let joined = !rhs.is_empty()
                        && rhs.iter().all(|z| match z.tok {
                            Tok::Var(w) => args.contains(&w),
                            Tok::Op(o) => o == b".",
                            _ => false,
                        });
                    if joined && params.len() < 16 {
                        params.push(v);
                    }
                }
                Tok::Var(v) if is_op(body.get(k + 1), b"(") && params.contains(&v) => {
                    let given = body.get(k + 2).is_some_and(|z| match z.tok {
                        Tok::Var(w) => w != v && (args.contains(&w) || is_request(w)),
                        _ => false,
                    });
                    if given {
                        return Some(y.at);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// Request fields read by name, looked at in one file.
const MAX_FIELDS: usize = 64;

/// A command or code call given a variable that nothing in the file sets but a request field
/// of the same name (`$_GET['cmd']` … `system($cmd)`): with `register_globals` (what these old
/// shells are written for) the field is the variable. Also through a function of the file's
/// own that runs its argument (`function ex($c) { return shell_exec($c); } … ex($cmd)`).
pub(super) fn global_field_to_sink(t: &[Token<'_>]) -> Option<(Why, usize)> {
    // The fields read by name.
    let mut fields: Vec<&[u8]> = Vec::new();
    for (i, x) in t.iter().enumerate() {
        if let Tok::Var(v) = x.tok
            && is_named_field(v)
            && is_op(t.get(i + 1), b"[")
            && let Some(Tok::Str(quoted)) = t.get(i + 2).map(|k| &k.tok)
            && quoted.vars.is_empty()
            && is_op(t.get(i + 3), b"]")
            && !fields.contains(&quoted.value)
            && fields.len() < MAX_FIELDS
        {
            fields.push(quoted.value);
        }
    }
    if fields.is_empty() {
        return None;
    }
    // The variables the file sets itself, and its functions that run their argument.
    // Only the fields' names matter: a variable of another name is never asked about.
    let mut set: Vec<&[u8]> = Vec::new();
    let mut runners: Vec<(&[u8], Why)> = Vec::new();
    // Functions' parameters and the token range where they hold (the parameters and the body).
    let mut scopes: Vec<(Vec<&[u8]>, usize, usize)> = Vec::new();
    for (i, x) in t.iter().enumerate() {
        match x.tok {
            Tok::Ident(n) if n.eq_ignore_ascii_case(b"function") => {
                let Some(open) = t[i + 1..].iter().take(3).position(|y| is_op(Some(y), b"(")) else { continue };
                let params_end = close_of(t, i + 1 + open);
                if let (Some(name), Some(why)) = (t.get(i + 1).and_then(ident), body_runs(t, params_end + 1))
                    && runners.len() < 16
                {
                    runners.push((name, why));
                }
                if scopes.len() >= MAX_SCOPES {
                    return None;
                }
                let params =
                    t[i..params_end].iter().filter_map(|y| if let Tok::Var(v) = y.tok { Some(v) } else { None });
                scopes.push((params.collect(), i, body_end(t, params_end + 1)));
            }
            Tok::Ident(n) if n.eq_ignore_ascii_case(b"global") || n.eq_ignore_ascii_case(b"extract") => return None,
            Tok::Var(v) => {
                let sets = matches!(t.get(i + 1), Some(Token { tok: Tok::Op(o), .. })
                    if o.ends_with(b"=") && !matches!(*o, b"==" | b"===" | b"!=" | b"!==" | b"<=" | b">="));
                let looped = i > 0 && ident(&t[i - 1]).is_some_and(|p| p.eq_ignore_ascii_case(b"as"));
                let by_ref = i > 0 && is_op(t.get(i - 1), b"&");
                if (sets || looped || by_ref) && fields.contains(&v) && !set.contains(&v) {
                    set.push(v);
                }
            }
            _ => {}
        }
    }
    let free = |v: &[u8], k: usize| {
        fields.contains(&v)
            && !set.contains(&v)
            && !scopes.iter().any(|(params, from, to)| (*from..=*to).contains(&k) && params.contains(&v))
    };
    for (i, x) in t.iter().enumerate() {
        let Tok::Ident(n) = x.tok else { continue };
        let method = i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::"));
        if method || !is_op(t.get(i + 1), b"(") {
            continue;
        }
        let why = match sink_kind(n) {
            Some(w) => w,
            None => match runners.iter().find(|(r, _)| r.eq_ignore_ascii_case(n)) {
                Some((_, w)) => *w,
                None => continue,
            },
        };
        let end = close_of(t, i + 1);
        let gives_free = t[i + 2..end.min(t.len())].iter().enumerate().any(|(k, y)| match &y.tok {
            Tok::Var(v) => free(v, i + 2 + k),
            Tok::Str(quoted) => quoted.vars.iter().any(|v| free(v, i + 2 + k)),
            _ => false,
        });
        if gives_free {
            return Some((why, x.at));
        }
    }
    None
}

/// Functions looked at for `global_field_to_sink` (more: a large application, not an old shell).
const MAX_SCOPES: usize = 32;

/// The index of the `}` closing the body that opens at or just after `from` (or the end).
fn body_end(t: &[Token<'_>], from: usize) -> usize {
    let Some(open) = t.get(from..).and_then(|r| r.iter().take(8).position(|y| is_op(Some(y), b"{"))) else {
        return from;
    };
    let mut depth = 0usize;
    for (k, y) in t.iter().enumerate().skip(from + open) {
        match y.tok {
            Tok::Op(b"{") => depth += 1,
            Tok::Op(b"}") => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    t.len()
}

/// What a call of a shell or code function is a finding for.
fn sink_kind(n: &[u8]) -> Option<Why> {
    if is_shell(n) {
        Some(Why::ShellFromInput)
    } else if n.eq_ignore_ascii_case(b"eval") || n.eq_ignore_ascii_case(b"assert") {
        Some(Why::CodeFromInput)
    } else {
        None
    }
}

/// The most tokens of a function's body looked into for a sink.
const MAX_BODY: usize = 400;

/// Whether the function body starting after its parameters (`from`) calls a shell or code
/// function (a short body only: the wrappers of old shells are a few lines).
fn body_runs(t: &[Token<'_>], from: usize) -> Option<Why> {
    let open = from + t.get(from..)?.iter().take(8).position(|y| is_op(Some(y), b"{"))?;
    let mut depth = 0usize;
    for (k, y) in t.iter().enumerate().skip(open).take(MAX_BODY) {
        match y.tok {
            Tok::Op(b"{") => depth += 1,
            Tok::Op(b"}") => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
            }
            Tok::Ident(n) if is_op(t.get(k + 1), b"(") => {
                if let Some(w) = sink_kind(n) {
                    return Some(w);
                }
            }
            _ => {}
        }
    }
    None
}
