//! Hidden code, looked for in every tokenized file (the families in `mod.rs` only in files
//! with their words): PHP's own names spelled in escape codes or hexadecimal text, request data
//! decrypted with a key and run (Behinder, Godzilla and their kin, often through a class of the
//! file's own that the data-flow analysis does not follow), texts kept in an XOR-encrypted
//! table, names assembled from pieces (`assembled`), and script tags kept in base64. One pass
//! over the tokens plus the bounded passes of `assembled`.

use super::input::is_request;
use super::signs::{
    ESCAPED_NAMES, FUNCTION_NAMES, MANY_ESCAPED_NAMES, base64_name_bit, escaped_name_bit, hex_name_bit,
};
use super::tokens::is_op;
use super::{Options, Shape};
use super::{assembled, keyed};
use crate::detect::{Danger, Why};
use std::sync::LazyLock;

use crate::php::{Tok, Token, same_ci};

/// Up to this size a decrypting loader's signs are taken to belong together.
const LOADER_WHOLE_FILE: usize = 16 << 10;

/// Up to this size names kept reversed or in pieces are read (`kept_reversed_or_in_pieces`).
const PIECED_NAMES_FILE: usize = 128 << 10;
/// Up to this size names kept with noise through them are read (fresh101's fake plugins are
/// 135 KB; a 200 KB application's every literal is not).
const NOISY_NAMES_FILE: usize = 160 << 10;

/// What one pass over the tokens shows of hidden code.
#[derive(Default)]
struct Signs {
    /// `escaped_name_bit`s and `hex_name_bit`s, and the first such literal.
    names: u64,
    first_name: Option<usize>,
    /// A name kept with a noise character sprinkled through it (`":b:ase6:4:_:decode"`).
    noisy_name: Option<usize>,
    /// The same bits for lists of character codes (`array(0 => 101, 1 => 118, …)` is `eval`),
    /// and the first such list.
    coded_names: u64,
    first_coded: Option<usize>,
    /// `eval(`/`assert(` called.
    evals: Option<usize>,
    /// A shell function called (`exec(`, `system(`…; not a method of that name).
    shell: Option<usize>,
    /// `openssl_decrypt`/`mcrypt_decrypt` called, or bytes XORed with a key (`$d[$i] ^ $k[…]`).
    decrypts: bool,
    /// Request data read: a superglobal, or `php://input`.
    request: bool,
    /// Cheap hints that gate `assembled`'s passes: a call through a variable (`$f(`), indexed
    /// pieces joined (`] . $`), a table entry appended by a variable index (`.= $t[$`), an
    /// underscore variable counted up (`$__++`), a literal in a bitwise operation, and a
    /// character XORed with `ord(…)`.
    var_call: bool,
    joins_pieces: bool,
    appends_entry: bool,
    counts_up: bool,
    bitwise_literal: bool,
    xor_ord: bool,
    /// Where lists open with a single letter (`['m', …`, `array('e', …`): a name may be kept
    /// spelled out letter by letter (`names_in_letter_lists`). The first `MAX_LETTER_LISTS`.
    letter_lists: Vec<usize>,
    /// A variable named by underscores only called as a function, directly or through an
    /// entry (`$_(95)`, `$__[0]($__[1])`, `$_[@-_]($_[@!+_])`): the non-alphanumeric backdoors
    /// build every name out of symbols.
    underscore_call: Option<usize>,
    /// `__FILE__` named (a part of the file's own name may be a function's).
    own_file: bool,
    /// `__COMPILER_HALT_OFFSET__` named: the file reads what it keeps after `__halt_compiler`.
    halt_offset: bool,
    /// A literal holding a script or frame tag in base64 (`PHNjcmlwd…` is `<script…`).
    encoded_markup: Option<usize>,
    /// `goto label;` statements: code cut into pieces and shuffled (yakpro-po, uutool).
    gotos: u32,
    /// PHP's own `eval`/`assert`/`create_function` called (not a method of that name, nor
    /// its definition).
    runs_code: Option<usize>,
    /// A superglobal read with a key kept encoded (`$_SERVER[base64_decode('SFRUUF9IT1NU')]`).
    encoded_key: Option<usize>,
    /// `eval`, `assert` or a shell function called inside a string, where the string names a
    /// variable (`"{${eval($a)}}"`): code run by merely writing the string.
    called_in_string: Option<(usize, Why)>,
}

/// Decoders whose result is a key of a superglobal only in code that hides what it reads.
const KEY_DECODERS: [&[u8]; 6] = [b"base64_decode", b"str_rot13", b"hex2bin", b"gzinflate", b"gzuncompress", b"strrev"];

fn is_superglobal(v: &[u8]) -> bool {
    matches!(v, b"_SERVER" | b"_GET" | b"_POST" | b"_COOKIE" | b"_REQUEST" | b"_FILES" | b"_ENV" | b"GLOBALS")
}

/// `goto`s that make a file shuffled code: generated parsers have hundreds too, but run no
/// code of their own with `eval`.
const SHUFFLED: u32 = 30;

/// How a script or frame tag starts in base64 (`<script`, `<SCRIPT`, `<Script`, `<iframe`,
/// `<IFRAME`): a page's markup kept unreadable in PHP, to be printed into pages. Sites print
/// their markup as it is.
const ENCODED_MARKUP: [&[u8]; 5] = [b"PHNjcmlwd", b"PFNDUklQV", b"PFNjcmlwd", b"PGlmcmFtZ", b"PElGUkFNR"];

fn encoded_markup(value: &[u8]) -> bool {
    value.len() >= 12 && value[0] == b'P' && ENCODED_MARKUP.iter().any(|m| value.starts_with(m))
}

/// Whether the source of an interpolated string reads a superglobal under a decoded key
/// (`"…{$_SERVER[base64_decode('SFRUUF9IT1NU')]}"`).
fn encoded_key_in(raw: &[u8]) -> bool {
    memchr::memchr_iter(b'[', raw).any(|k| {
        let after = &raw[k + 1..];
        let name = after.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
        KEY_DECODERS.iter().any(|d| same_ci(&after[..name], d)) && after.get(name) == Some(&b'(')
    })
}

/// The longest joined literal read for a name (a hexadecimal name's digits), and the most
/// pieces read back for it.
const JOINED: usize = 48;
const MAX_PIECES: usize = 8;

/// The literals joined by `.` that end with the one at `i` (`"eli" . "fpmt"`), as one text, when
/// there are two or more and they fit in `buf`.
fn joined_literal<'b>(t: &[Token<'_>], i: usize, buf: &'b mut [u8; JOINED]) -> Option<&'b [u8]> {
    let piece = |k: usize| match &t[k].tok {
        Tok::Str(q) if q.vars.is_empty() => Some(q.value),
        _ => None,
    };
    let mut first = i;
    while first >= 2 && (i - first) / 2 < MAX_PIECES && is_op(t.get(first - 1), b".") && piece(first - 2).is_some() {
        first -= 2;
    }
    if first == i {
        return None;
    }
    let mut len = 0;
    for k in (first..=i).step_by(2) {
        let v = piece(k)?;
        buf.get_mut(len..len + v.len())?.copy_from_slice(v);
        len += v.len();
    }
    Some(&buf[..len])
}

/// The `ESCAPED_NAMES` bit of the literal `value` at `i`, just after `(`, `,` or `.`: a name
/// kept reversed handed to what reverses it (`strrev('lave')`, `$this->rev("cexe_lruc")`,
/// `call_user_func($rev, 'TSOH_PTTH')`), or
/// joined from pieces (`"eli" . "fpmt"`, `"666f7" . "0656e"`), as hexadecimal or reversed text.
#[inline(never)]
fn kept_reversed_or_in_pieces(t: &[Token<'_>], i: usize, value: &[u8]) -> u64 {
    if !is_op(t.get(i - 1), b".") {
        return reversed_name_bit(value);
    }
    let mut buf = [0u8; JOINED];
    joined_literal(t, i, &mut buf).map_or(0, |whole| hex_name_bit(whole) | reversed_name_bit(whole))
}

/// Where a file includes code it keeps after `__halt_compiler`: it reads its own tail (its
/// name, `__FILE__` or the server's `SCRIPT_FILENAME`, and `__COMPILER_HALT_OFFSET__`), writes a
/// file (by name, or through functions called by variables) and includes a path that is not
/// written in the code. An archive's stub (`Phar::mapPhar`, the default stub's `Extract_Phar`)
/// is not one. A pass of its own, only in files that name the offset.
fn own_tail_included(t: &[Token<'_>]) -> Option<usize> {
    let (mut own_name, mut writes, mut phar, mut include) = (false, false, false, None);
    for (i, x) in t.iter().enumerate() {
        match x.tok {
            Tok::Ident(b"__FILE__") => own_name = true,
            Tok::Str(q) => own_name |= q.value == b"SCRIPT_FILENAME" || q.value == b"PHP_SELF",
            Tok::Var(_) => writes |= is_op(t.get(i + 1), b"(") && !(i > 0 && is_op(t.get(i - 1), b"->")),
            Tok::Ident(n) => {
                if same_ci(n, b"mapPhar") || same_ci(n, b"Extract_Phar") {
                    phar = true;
                } else if same_ci(n, b"fwrite") || same_ci(n, b"fputs") || same_ci(n, b"file_put_contents") {
                    writes = true;
                } else if include.is_none() && crate::php::is_include_word(n) {
                    let k = if is_op(t.get(i + 1), b"(") { i + 2 } else { i + 1 };
                    let written = matches!(t.get(k).map(|x| &x.tok), Some(Tok::Str(q)) if q.vars.is_empty())
                        && matches!(t.get(k + 1).map(|x| &x.tok), Some(Tok::Op(b";" | b")")) | Some(Tok::Close));
                    if !written {
                        include = Some(x.at);
                    }
                }
            }
            _ => {}
        }
    }
    include.filter(|_| own_name && writes && !phar)
}

/// Which of `ESCAPED_NAMES` a literal is once a noise character sprinkled through it is taken
/// out (`":b:ase6:4:_:decode"`, `'a|s|s|e|r|t'`), a bit: a name kept for `str_replace` to
/// clean, so that no search for it finds it (fresh101's fake plugins). The noise is one
/// punctuation character, at least twice inside the name; the name at least `NOISY_SHORTEST`
/// letters.
fn noisy_name_bit(value: &[u8]) -> u64 {
    const LONGEST: usize = 40;
    if value.len() <= NOISY_SHORTEST || value.len() > LONGEST {
        return 0;
    }
    let Some(&noise) = value.iter().find(|c| c.is_ascii_punctuation() && **c != b'_') else { return 0 };
    // Inside the name: a name between slashes or at signs (`'/system/'`, `'@HTTP_HOST@'`) is
    // a path's part or a placeholder.
    let value = value.strip_prefix(&[noise]).unwrap_or(value);
    let value = value.strip_suffix(&[noise]).unwrap_or(value);
    let mut name = [0u8; LONGEST];
    let (mut len, mut noises) = (0, 0);
    for &c in value {
        if c == noise {
            noises += 1;
        } else if c.is_ascii_alphanumeric() || c == b'_' {
            name[len] = c;
            len += 1;
        } else {
            return 0;
        }
    }
    if noises < 2 || len < NOISY_SHORTEST {
        return 0;
    }
    ESCAPED_NAMES.iter().position(|x| same_ci(&name[..len], x)).map_or(0, |i| 1 << i)
}
const NOISY_SHORTEST: usize = 6;

/// Which of `ESCAPED_NAMES` a literal is when read backwards (`"stnetnoc_tup_elif"`), a bit:
/// a name kept reversed for `strrev` or a reversing helper of the file's own.
fn reversed_name_bit(value: &[u8]) -> u64 {
    const LONGEST: usize = 24;
    if value.len() < 4 || value.len() > LONGEST || !REVERSED_STARTS[value.len()][(value[0] & 0x7f | 0x20) as usize] {
        return 0;
    }
    // Read backwards, leaving at the first letter no name has (most literals are text).
    let mut buf = [0u8; LONGEST];
    for (k, c) in value.iter().rev().enumerate() {
        if !(c.is_ascii_alphanumeric() || *c == b'_') {
            return 0;
        }
        buf[k] = *c;
    }
    let name = &buf[..value.len()];
    ESCAPED_NAMES.iter().position(|n| same_ci(name, n)).map_or(0, |i| 1 << i)
}

/// For each length, the letters (lowercase, `| 0x20`) a name of `ESCAPED_NAMES` of that length
/// ends with: what a literal holding it reversed starts with. Most literals are left at this.
static REVERSED_STARTS: LazyLock<[[bool; 128]; 25]> = LazyLock::new(|| {
    let mut table = [[false; 128]; 25];
    for n in ESCAPED_NAMES {
        if let Some(last) = n.last()
            && n.len() < 25
        {
            table[n.len()][(last & 0x7f | 0x20) as usize] = true;
        }
    }
    table
});

fn signs(text: &[u8], t: &[Token<'_>]) -> Signs {
    let mut s = Signs::default();
    // Names kept reversed or cut into pieces are read in a loader's size of file only: read
    // in every literal of a large application, they cost more than the rest of this pass.
    let loader_sized = text.len() <= PIECED_NAMES_FILE;
    let noisy_sized = text.len() <= NOISY_NAMES_FILE;
    for (i, tok) in t.iter().enumerate() {
        if matches!(t.get(i + 1).map(|x| &x.tok), Some(Tok::Num(_)))
            && let Some(bit) = list_open(t, i).map(|k| coded_name_bit(t, k))
            && bit != 0
        {
            s.coded_names |= bit;
            s.first_coded.get_or_insert(tok.at);
        }
        match &tok.tok {
            Tok::Ident(b"__FILE__") => s.own_file = true,
            Tok::Ident(b"__COMPILER_HALT_OFFSET__") => s.halt_offset = true,
            Tok::Ident(n)
                if n.len() == 4
                    && same_ci(n, b"goto")
                    && matches!(t.get(i + 1).map(|x| &x.tok), Some(Tok::Ident(_))) =>
            {
                s.gotos += 1;
            }
            Tok::Ident(n) if is_op(t.get(i + 1), b"(") => {
                // (Not a method of that name, nor its definition.)
                let php_own = || {
                    !(i > 0
                        && (matches!(t[i - 1].tok, Tok::Op(b"->" | b"::" | b"?->"))
                            || matches!(t[i - 1].tok, Tok::Ident(f) if same_ci(f, b"function"))))
                };
                let runs = same_ci(n, b"eval") || same_ci(n, b"assert") || same_ci(n, b"create_function");
                if s.evals.is_none() && runs {
                    s.evals = Some(tok.at);
                }
                if s.runs_code.is_none() && runs && php_own() {
                    s.runs_code = Some(tok.at);
                }
                s.decrypts |= same_ci(n, b"openssl_decrypt") || same_ci(n, b"mcrypt_decrypt");
                if s.shell.is_none() && crate::taint::SHELL.iter().any(|c| same_ci(n, c.as_bytes())) && php_own() {
                    s.shell = Some(tok.at);
                }
            }
            Tok::Var(v) => {
                s.request |= is_request(v);
                if s.encoded_key.is_none()
                    && is_superglobal(v)
                    && is_op(t.get(i + 1), b"[")
                    && matches!(t.get(i + 2).map(|x| &x.tok), Some(Tok::Ident(n)) if KEY_DECODERS.iter().any(|d| same_ci(n, d)))
                    && is_op(t.get(i + 3), b"(")
                {
                    s.encoded_key = Some(tok.at);
                }
                let method = i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::"));
                // `$f(…)`, `$list[3](…)` or `$GLOBALS['f'](…)`.
                let entry = is_op(t.get(i + 1), b"[")
                    && matches!(t.get(i + 2).map(|x| &x.tok), Some(Tok::Num(_) | Tok::Str(_)))
                    && is_op(t.get(i + 3), b"]")
                    && is_op(t.get(i + 4), b"(");
                s.var_call |= !method && (is_op(t.get(i + 1), b"(") || entry);
                if s.underscore_call.is_none() && !method && v.iter().all(|c| *c == b'_') && called_entry(t, i + 1) {
                    s.underscore_call = Some(tok.at);
                }
                s.counts_up |= v.len() >= 2 && v.iter().all(|c| *c == b'_') && is_op(t.get(i + 1), b"++");
            }
            Tok::Op(b".") => {
                s.joins_pieces |= i > 0
                    && (is_op(t.get(i - 1), b"]") || is_op(t.get(i - 1), b"}"))
                    && matches!(t.get(i + 1).map(|x| &x.tok), Some(Tok::Var(_)));
            }
            Tok::Op(b".=") => {
                s.appends_entry |= matches!(t.get(i + 1).map(|x| &x.tok), Some(Tok::Var(_)))
                    && (is_op(t.get(i + 2), b"[") || is_op(t.get(i + 2), b"{"))
                    && matches!(t.get(i + 3).map(|x| &x.tok), Some(Tok::Var(_)));
            }
            Tok::Op(b"^" | b"&" | b"|") => {
                let str_at = |k: usize| matches!(t.get(k).map(|x| &x.tok), Some(Tok::Str(_)));
                s.bitwise_literal |= (i > 0 && str_at(i - 1)) || str_at(i + 1);
                if is_op(t.get(i), b"^") {
                    s.xor_ord |= matches!(t.get(i + 1).map(|x| &x.tok), Some(Tok::Ident(n)) if same_ci(n, b"ord"));
                    // `$data[$i] ^ $key[$i + 1 & 15]`, `$data[$i] ^ $char`: bytes XORed with a key.
                    s.decrypts |=
                        i > 0 && is_op(t.get(i - 1), b"]") && matches!(t.get(i + 1).map(|x| &x.tok), Some(Tok::Var(_)));
                }
            }
            Tok::Str(quoted) => {
                let (value, vars, escapes) = (quoted.value, &quoted.vars, &quoted.escapes);
                if value.len() == 1
                    && i > 0
                    && matches!(t[i - 1].tok, Tok::Op(b"[" | b"("))
                    && is_op(t.get(i + 1), b",")
                    && s.letter_lists.len() < MAX_LETTER_LISTS
                {
                    s.letter_lists.push(i - 1);
                }
                if !quoted.called.is_empty() && s.called_in_string.is_none() {
                    let f = quoted.called;
                    s.called_in_string =
                        if same_ci(f, b"eval") || same_ci(f, b"assert") || same_ci(f, b"create_function") {
                            Some((tok.at, Why::EvalOfVariable))
                        } else if crate::taint::SHELL.iter().any(|c| same_ci(f, c.as_bytes())) {
                            Some((tok.at, Why::ShellFromInput))
                        } else {
                            None
                        };
                }
                if s.encoded_markup.is_none() && encoded_markup(value) {
                    s.encoded_markup = Some(tok.at);
                }
                let mut bit = escaped_name_bit(value, *escapes) | hex_name_bit(value) | base64_name_bit(value);
                if loader_sized && i > 0 && matches!(t[i - 1].tok, Tok::Op(b"(" | b"," | b".")) {
                    bit |= kept_reversed_or_in_pieces(t, i, value);
                }
                if bit != 0 {
                    s.names |= bit;
                    s.first_name.get_or_insert(tok.at);
                }
                if noisy_sized && s.noisy_name.is_none() && noisy_name_bit(value) != 0 {
                    s.noisy_name = Some(tok.at);
                }
                s.request |=
                    vars.iter().any(|v| is_request(v)) || (value.len() == 11 && same_ci(value, b"php://input"));
                if s.encoded_key.is_none() && vars.iter().any(|v| is_superglobal(v)) {
                    let end = t.get(i + 1).map_or(text.len(), |n| n.at).min(text.len());
                    if encoded_key_in(&text[tok.at.min(end)..end]) {
                        s.encoded_key = Some(tok.at);
                    }
                }
            }
            _ => {}
        }
    }
    s
}

/// Whether the tokens from `k` call what precedes them: `(` at once, or after one subscript of
/// a few tokens (`[0](`, `[@-_](`).
fn called_entry(t: &[Token<'_>], k: usize) -> bool {
    if is_op(t.get(k), b"(") {
        return true;
    }
    if !is_op(t.get(k), b"[") {
        return false;
    }
    let mut depth = 0usize;
    for j in k..t.len().min(k + SHORT_SUBSCRIPT) {
        match t[j].tok {
            Tok::Op(b"[") => depth += 1,
            Tok::Op(b"]") => {
                depth -= 1;
                if depth == 0 {
                    return is_op(t.get(j + 1), b"(");
                }
            }
            _ => {}
        }
    }
    false
}
/// The most tokens a subscript of `called_entry` spans.
const SHORT_SUBSCRIPT: usize = 12;

/// Longest name spelled in a list of character codes.
const LONGEST_CODED: usize = 24;

/// Where the items of an array literal opening at `i` start (`array(`, `[` not indexing).
fn list_open(t: &[Token<'_>], i: usize) -> Option<usize> {
    match t[i].tok {
        Tok::Op(b"[") if !(i > 0 && matches!(t[i - 1].tok, Tok::Var(_) | Tok::Op(b"]" | b")" | b"}"))) => Some(i + 1),
        Tok::Op(b"(") if i > 0 && matches!(t[i - 1].tok, Tok::Ident(a) if same_ci(a, b"array")) => Some(i + 1),
        _ => None,
    }
}

/// Which of `ESCAPED_NAMES` the list of character codes from token `k` spells (a bit), if any:
/// numbers, each maybe after its key (`0 => 101`), up to the list's close.
fn coded_name_bit(t: &[Token<'_>], mut k: usize) -> u64 {
    let mut name = [0u8; LONGEST_CODED];
    let mut len = 0;
    loop {
        let Some(Tok::Num(n)) = t.get(k).map(|x| &x.tok) else { return 0 };
        let (n, next) = if is_op(t.get(k + 1), b"=>") {
            match t.get(k + 2).map(|x| &x.tok) {
                Some(Tok::Num(v)) => (*v, k + 3),
                _ => return 0,
            }
        } else {
            (*n, k + 1)
        };
        let code = match n.strip_prefix(b"0x").or_else(|| n.strip_prefix(b"0X")) {
            Some(hex) => std::str::from_utf8(hex).ok().and_then(|h| u8::from_str_radix(h, 16).ok()),
            None => std::str::from_utf8(n).ok().and_then(|d| d.parse::<u8>().ok()),
        };
        match code {
            Some(c @ 32..=126) if len < LONGEST_CODED => name[len] = c,
            _ => return 0,
        }
        len += 1;
        k = next;
        if is_op(t.get(k), b",") {
            k += 1;
        }
        if is_op(t.get(k), b")") || is_op(t.get(k), b"]") {
            break;
        }
    }
    ESCAPED_NAMES.iter().position(|x| same_ci(&name[..len], x)).map_or(0, |i| 1 << i)
}

/// The longest name read from a list of letters.
const LETTER_LIST_NAME: usize = 24;
/// Most lists opening with a letter remembered by the signs' walk.
const MAX_LETTER_LISTS: usize = 64;
/// The shortest of the escaped names that are functions' (`eval`, `exec`).
const SHORTEST_FUNCTION_NAME: usize = 4;

/// Where two or more of PHP's dangerous names are kept as lists of single letters
/// (`['m','o','v','e','_','u',…]`) to be joined: fresh126's `invisio.php` keeps
/// `move_uploaded_file`, `file_put_contents` and the rest so, for a search to miss.
fn names_in_letter_lists(t: &[Token<'_>], opens: &[usize]) -> Option<usize> {
    let letter = |k: usize| matches!(t.get(k).map(|x| &x.tok), Some(Tok::Str(q)) if q.value.len() == 1);
    let (mut names, mut first) = (0u64, None);
    // (The lists the signs' walk saw open, `[` or `array(`; after the last seen, when it saw
    // as many as it keeps, every token.)
    let rest = if opens.len() == MAX_LETTER_LISTS { opens.last().map_or(t.len(), |&l| l + 1) } else { t.len() };
    let listed = opens.iter().copied().chain(rest..t.len());
    let mut done = 0;
    for open in listed {
        if open < done {
            continue;
        }
        let i = match &t[open].tok {
            Tok::Op(b"[") => open,
            Tok::Op(b"(") if open > 0 && matches!(&t[open - 1].tok, Tok::Ident(n) if same_ci(n, b"array")) => open - 1,
            _ => continue,
        };
        // (A list, not an index: `$s['a']` is most files' single letter after a bracket.)
        if !(letter(open + 1) && is_op(t.get(open + 2), b",")) {
            continue;
        }
        let mut buf = [0u8; LETTER_LIST_NAME];
        let (mut len, mut k) = (0, open + 1);
        while letter(k) && len < LETTER_LIST_NAME {
            if let Tok::Str(q) = &t[k].tok {
                buf[len] = q.value[0];
            }
            len += 1;
            k += if is_op(t.get(k + 1), b",") { 2 } else { 1 };
        }
        if let Some(bit) = (len >= SHORTEST_FUNCTION_NAME)
            .then(|| ESCAPED_NAMES.iter().position(|n| same_ci(&buf[..len], n)))
            .flatten()
            .map(|b| 1u64 << b)
        {
            names |= bit & FUNCTION_NAMES;
            first.get_or_insert(t[i].at);
        }
        done = k;
    }
    first.filter(|_| names.count_ones() >= 2)
}

/// Every sign of hidden code in one tokenized PHP file.
pub fn hidden(text: &[u8], t: &[Token<'_>], o: Options) -> Vec<Shape> {
    let s = signs(text, t);
    let mut out = Vec::new();
    let mut add = |why, danger, at| out.push(Shape { why, danger, at });

    // PHP's own names spelled in escape codes or hexadecimal text: many of them, or `GLOBALS`
    // so spelled in a file that runs code with `eval` or commands with `exec`.
    if let Some(at) = s.first_name {
        if let Some(e) = s.evals.or(s.shell).filter(|_| s.names & 1 != 0) {
            add(Why::EvalOfDecoded, Danger::High, e);
        } else if s.var_call && s.names & FUNCTION_NAMES != 0 {
            // A function's name kept in hexadecimal or escapes, in a file that calls through
            // variables (fresh99's uploader calls `$bd[3]`, hex for `move_uploaded_file`).
            add(Why::HiddenFunctionName, Danger::High, at);
        } else if s.names.count_ones() >= MANY_ESCAPED_NAMES {
            add(Why::ObfuscatedNames, Danger::Medium, at);
        }
    }
    // A name PHP runs or decodes with, kept with noise through it: no application spells one
    // so.
    if let Some(at) = s.noisy_name {
        add(Why::HiddenFunctionName, Danger::High, at);
    }
    // Two or more of them spelled in lists of character codes, in a file that calls through
    // variables: the names a loader calls are kept where no text search sees them.
    if let Some(at) = s.first_coded.filter(|_| s.var_call && s.coded_names.count_ones() >= 2) {
        add(Why::HiddenFunctionName, Danger::High, at);
    }
    // Code kept after `__halt_compiler` in the file itself, read back from its own name at
    // that offset, written out (to a temporary file, also through functions called by
    // variables) and included: a payload no text search of the code sees. An archive's stub reads its own tail too, but maps or extracts the archive.
    if let Some(at) = s.halt_offset.then(|| own_tail_included(t)).flatten() {
        add(Why::IncludeOfData, Danger::High, at);
    }
    // What the server or the visitor sent read under keys kept encoded: no application hides
    // which request field or server variable it reads (`HTTP_HOST`, `REMOTE_ADDR` in base64).
    if let Some(at) = s.encoded_key {
        add(Why::ObfuscatedNames, Danger::Medium, at);
    }
    // Code or a command run inside a string: no application calls `eval` to name a variable.
    if let Some((at, why)) = s.called_in_string {
        add(why, Danger::High, at);
    }
    // Shuffled code that runs code: what it runs is hidden twice (a remote loader's way).
    if let Some(e) = s.runs_code.filter(|_| s.gotos >= SHUFFLED && !(s.first_name.is_some() && s.names & 1 != 0)) {
        add(Why::EvalOfDecoded, Danger::High, e);
    }
    // (The table's pass only in files XORing characters with `ord(…)`: most have functions to
    // read and none of that.)
    if let Some(at) = s.xor_ord.then(|| assembled::xor_string_table(t)).flatten() {
        add(Why::ObfuscatedNames, Danger::Medium, at);
    }

    // A script or frame tag kept in base64: printed, it puts hidden JavaScript or another
    // site's page into the site's pages.
    if let Some(at) = s.encoded_markup {
        add(Why::InjectedScript, Danger::High, at);
    }

    // Encrypted loaders: the request decrypted with a key kept in the file or the session,
    // then run as code.
    if let Some(at) = s.evals
        && s.decrypts
        && s.request
        && (o.small || text.len() <= LOADER_WHOLE_FILE)
    {
        add(Why::EvalOfDecoded, Danger::High, at);
    }

    // Dangerous names never written out: joined from indexed pieces, spelled from a table by
    // number lists, counted up in underscores, computed by bitwise operators; then called.
    let assembled = if s.var_call {
        None.or_else(|| s.joins_pieces.then(|| assembled::called_assembled_name(t)).flatten())
            .or_else(|| s.appends_entry.then(|| assembled::table_decoder_names(t)).flatten())
            .or_else(|| s.appends_entry.then(|| assembled::inline_table_names(t)).flatten())
            .or_else(|| s.counts_up.then(|| assembled::incremented_names(t)).flatten())
            .or_else(|| s.bitwise_literal.then(|| assembled::bitwise_literal_names(t)).flatten())
            .or_else(|| s.own_file.then(|| assembled::own_file_name_called(t)).flatten())
            .or_else(|| names_in_letter_lists(t, &s.letter_lists))
    } else {
        None
    }
    .or_else(|| memchr::memmem::find(text, b"parse_str").and_then(|_| assembled::parse_str_names(t)))
    .or_else(|| {
        // (A decoder named, or joined from pieces: `'b' . 'ase' . '64' . '_' . 'de' . 'code'`.)
        let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
        let decodes = s.joins_pieces || has(b"base64_decode") || has(b"'64'") || has(b"\"64\"");
        decodes.then(|| assembled::base64_literal_names(t)).flatten()
    });
    if let Some(at) = assembled {
        add(Why::HiddenFunctionName, Danger::High, at);
    } else if let Some(at) = s
        .joins_pieces
        .then(|| {
            // (Many words spelled: in a loader's size of file only, as names in pieces.)
            keyed::call_through_spelled_key(t)
                .or_else(|| (text.len() <= PIECED_NAMES_FILE).then(|| keyed::many_spelled_words(t)).flatten())
        })
        .flatten()
    {
        add(Why::HiddenFunctionName, Danger::High, at);
    } else if let Some(at) = s.underscore_call {
        // A function called through a variable named by underscores only: what it calls was
        // made out of symbols (no application names a function variable so).
        add(Why::HiddenFunctionName, Danger::High, at);
    }
    out
}
