//! Mass mailers built on a mail library (PHPMailer and its like, often pasted whole into the
//! file): at the top of the script, outside any function, a loop hands the library's
//! `AddAddress` (or `AddBCC`, `AddCC`) each address of a list the visitor typed into a form's
//! text box. A newsletter plugin mails its subscribers from a database inside its own methods;
//! a contact form mails a fixed address; PHPMailer itself has no form and no top-level loop.
//! The same with PHP's `mail()`: in a top-level loop, each mail's sender (its headers) and its
//! subject or text chosen by the visitor (a spoofing spam sender; a contact form mails once).
//! One pass over the tokens, only when the file has a text box.

use super::input::reads_input;
use super::signs::TEXTAREA;
use super::tokens::{Budget, is_op};
use super::{Options, Shape};
use crate::detect::{Danger, Why};
use crate::php::{Tok, Token, same_ci};

/// A mail library's methods that add a recipient.
const ADD_RECIPIENT: [&[u8]; 3] = [b"addaddress", b"addbcc", b"addcc"];
/// Loop keywords.
const LOOPS: [&[u8]; 4] = [b"for", b"foreach", b"while", b"do"];

/// The first recipient a visitor typed, added in a top-level loop.
pub(super) fn analyze(text: &[u8], t: &[Token<'_>], _o: Options, inputs: &[&[u8]]) -> Vec<Shape> {
    let mut out = Vec::new();
    if !TEXTAREA.is_match(text) {
        return out;
    }
    let budget = Budget::for_tokens(t.len());
    // Brace depth; the depth where a function's body starts (0: none open); loops open at the
    // top level (their body's depth).
    let (mut depth, mut function_at, mut pending_function) = (0usize, 0usize, false);
    let (mut loops, mut pending_loop): (Vec<usize>, bool) = (Vec::new(), false);
    for (i, tok) in t.iter().enumerate() {
        match &tok.tok {
            Tok::Op(b"{") => {
                depth += 1;
                if pending_function {
                    pending_function = false;
                    if function_at == 0 {
                        function_at = depth;
                    }
                } else if pending_loop {
                    pending_loop = false;
                    loops.push(depth);
                }
            }
            Tok::Op(b"}") => {
                if depth == function_at {
                    function_at = 0;
                }
                if loops.last() == Some(&depth) {
                    loops.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Tok::Ident(n) if same_ci(n, b"function") => pending_function = true,
            Tok::Ident(n) if function_at == 0 && LOOPS.iter().any(|w| same_ci(n, w)) => pending_loop = true,
            Tok::Ident(n)
                if function_at == 0
                    && !loops.is_empty()
                    && i > 0
                    && is_op(t.get(i - 1), b"->")
                    && is_op(t.get(i + 1), b"(")
                    && ADD_RECIPIENT.iter().any(|w| same_ci(n, w))
                    && budget.args(t, i + 1).first().is_some_and(|a| reads_input(a, inputs)) =>
            {
                out.push(Shape { why: Why::MailFromInput, danger: Danger::High, at: tok.at });
                return out;
            }
            Tok::Ident(n)
                if function_at == 0
                    && !loops.is_empty()
                    && same_ci(n, b"mail")
                    && !(i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::")))
                    && is_op(t.get(i + 1), b"(")
                    && sender_and_text_from_input(&budget.args(t, i + 1), inputs) =>
            {
                out.push(Shape { why: Why::MailFromInput, danger: Danger::High, at: tok.at });
                return out;
            }
            _ => {}
        }
    }
    out
}

/// `mail(to, subject, text, headers)` whose headers (the sender) and subject or text the
/// visitor chose.
fn sender_and_text_from_input(args: &[&[Token<'_>]], inputs: &[&[u8]]) -> bool {
    args.len() >= 4 && reads_input(args[3], inputs) && (reads_input(args[1], inputs) || reads_input(args[2], inputs))
}

#[cfg(test)]
mod tests;
