//! Spam doorways and server beacons on hacked hosting accounts, each by what it does:
//! - a doorway: the page a visitor gets is fetched from another site, and the address asked
//!   for names this site (`"http://spam.example/?host=" . $_SERVER['HTTP_HOST']`), so the
//!   remote server serves each hacked site its own spam; the page is printed or saved as the
//!   site's pages;
//! - a host beacon: the same kind of address fetched and its answer thrown away, pasted at the
//!   top of a page (the attacker's server learns which site runs its code);
//! - a recon beacon: a small script, driven by no visitor, that reads out who and where it runs
//!   (`php_uname`, `get_current_user`, `phpinfo`, its path or host name) and mails that to a
//!   fixed address;
//! - an infection beacon: a small script that mails the address of the page it sits in (this
//!   site's name and the path asked for) to an address written in the code, so that its
//!   author learns every site it was planted on.
//!
//! Caching proxies fetch the site's own pages (`"http://" . $_SERVER['HTTP_HOST'] . …`: the
//! address starts with the site's name, not another's); licence and update checks send the
//! host name away but print no page; contact forms mail what a visitor typed, not the server's
//! facts. Two passes over the tokens, only when the file reads the site's name at all.
//!
//! - remote content in a page template: a theme file (it ends the page, or calls WordPress's
//!   header or footer) prints what another site's fixed address answers, so that site's owner
//!   decides what every page shows (hidden backlinks, ads). Pictures, styles and data are
//!   fetched too, but are not pages (`.svg`, `.css`, `.json`…), and an answer escaped before
//!   it is printed is text.

use super::input::{input_vars, reads_input};
use super::tokens::{Budget, close_of, ident, is_op, str_value};
use super::{Options, Shape};
use crate::detect::{Danger, Why};
use crate::php::{Tok, Token, same_ci};

/// Request keys that name this site or the page asked for.
const HOST_KEYS: [&[u8]; 2] = [b"HTTP_HOST", b"SERVER_NAME"];
/// Keys of where the script sits or what was asked (a beacon's "where").
const PLACE_KEYS: [&[u8]; 6] =
    [b"HTTP_HOST", b"SERVER_NAME", b"SCRIPT_FILENAME", b"DOCUMENT_ROOT", b"REQUEST_URI", b"PHP_SELF"];
/// `PLACE_KEYS` bits of this site's name, and of the page asked for.
const HOST_AND_PAGE: (u8, u8) = (0b11, 0b11_0000);
/// Functions that fetch an address.
const FETCHES: [&[u8]; 6] =
    [b"file_get_contents", b"curl_init", b"fopen", b"file", b"readfile", b"stream_get_contents"];
/// Functions that read out who runs the script and on what.
const RECON: [&[u8]; 5] = [b"php_uname", b"get_current_user", b"phpinfo", b"posix_getpwuid", b"getmyuid"];
/// Bounds: variables remembered per kind, tokens of one statement read.
const MAX_VARS: usize = 32;
const MAX_STATEMENT: usize = 256;
/// Assignments remembered by `shown_through`.
const MAX_FLOWS: usize = 256;
/// A beacon is a short script.
const BEACON_TOKENS: usize = 1200;

#[derive(Default)]
struct Facts<'a> {
    /// Variables holding another site's address (`$remote = "http://spam.example/";`).
    remote_vars: Vec<&'a [u8]>,
    /// Variables holding this site's name (`$host = "http://" . $_SERVER['HTTP_HOST'];`).
    host_vars: Vec<&'a [u8]>,
    /// The file's own functions that fetch an address.
    fetchers: Vec<&'a [u8]>,
    /// The file's own functions that print what they fetched (fresh100's
    /// `fetch_and_display_content($url)` in a `wp-blog-header.php`).
    printers: Vec<&'a [u8]>,
    /// Variables printed (`echo $page;`) or written to a file.
    shown_vars: Vec<&'a [u8]>,
    /// Variables printed only.
    echoed_vars: Vec<&'a [u8]>,
    /// The first `mail(` called outside any function, and whether its recipient is a literal.
    top_mail: Option<usize>,
    recon_calls: u8,
    place_keys: u8,
    /// `PLACE_KEYS` bits read (not set: `$_SERVER['PHP_SELF'] = '/index.php'` hides a script).
    place_reads: u8,
    request_input: bool,
    /// Every name called outside the file's functions (`name(`, methods too) and its token
    /// index, in order: the families' own passes read these, not every token again.
    top_calls: Vec<(usize, &'a [u8])>,
}

fn is_server_key(t: &[Token<'_>], i: usize, keys: &[&[u8]]) -> Option<usize> {
    match &t[i].tok {
        Tok::Var(b"_SERVER") if is_op(t.get(i + 1), b"[") => {
            let k = t.get(i + 2).and_then(|k| str_value(k).or_else(|| ident(k)))?;
            keys.iter().position(|w| *w == k)
        }
        _ => None,
    }
}

/// Another site's address: `http(s)://` followed by a host name, not the scheme alone (to which
/// the site's own name is appended).
fn is_remote_literal(v: &[u8]) -> bool {
    let rest = if v.len() > 7 && v[..7].eq_ignore_ascii_case(b"http://") {
        &v[7..]
    } else if v.len() > 8 && v[..8].eq_ignore_ascii_case(b"https://") {
        &v[8..]
    } else {
        return false;
    };
    let host = rest.iter().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-')).count();
    host >= 4 && rest[..host].contains(&b'.') && !rest[..host].eq_ignore_ascii_case(b"localhost")
}

/// The end of the statement starting at `i` (its `;`, `?>` or the bound).
fn statement_end(t: &[Token<'_>], i: usize) -> usize {
    let mut depth = 0usize;
    for (k, x) in t.iter().enumerate().skip(i).take(MAX_STATEMENT) {
        match x.tok {
            Tok::Op(b"(" | b"[") => depth += 1,
            Tok::Op(b")" | b"]") => depth = depth.saturating_sub(1),
            Tok::Op(b";" | b"{" | b"}") if depth == 0 => return k,
            Tok::Close => return k,
            _ => {}
        }
    }
    t.len().min(i + MAX_STATEMENT)
}

/// A call that fetches an address (or opens a file): what a file's own fetcher calls.
fn is_fetch(n: &[u8]) -> bool {
    FETCHES.iter().any(|w| same_ci(n, w)) || same_ci(n, b"curl_exec") || same_ci(n, b"wp_remote_get")
}

fn push<'a>(list: &mut Vec<&'a [u8]>, v: &'a [u8]) {
    if list.len() < MAX_VARS && !list.contains(&v) {
        list.push(v);
    }
}

fn facts<'a>(t: &[Token<'a>]) -> Facts<'a> {
    let mut f = Facts::default();
    // Brace depth, and the depth at which each open function's body started.
    let mut depth = 0usize;
    let mut bodies: Vec<usize> = Vec::new();
    let mut function: Option<&'a [u8]> = None;
    let mut pending_body = false;
    // In the function being read: variables given a fetched answer, or text made from one.
    let mut fetched: Vec<&'a [u8]> = Vec::new();
    for (i, tok) in t.iter().enumerate() {
        match &tok.tok {
            Tok::Op(b"{") => {
                depth += 1;
                if pending_body {
                    bodies.push(depth);
                    pending_body = false;
                }
            }
            Tok::Op(b"}") => {
                if bodies.last() == Some(&depth) {
                    bodies.pop();
                    if bodies.is_empty() {
                        function = None;
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Tok::Op(b";") if pending_body => pending_body = false, // an abstract method
            Tok::Ident(n) if same_ci(n, b"function") => {
                pending_body = true;
                if bodies.is_empty() {
                    function = t.get(i + 1).and_then(ident);
                    fetched.clear();
                }
            }
            Tok::Ident(n) if is_op(t.get(i + 1), b"(") => {
                if bodies.is_empty() {
                    f.top_calls.push((i, n));
                }
                if is_fetch(n)
                    && let Some(name) = function
                {
                    push(&mut f.fetchers, name);
                }
                if RECON.iter().any(|w| same_ci(n, w)) {
                    f.recon_calls = f.recon_calls.saturating_add(1);
                }
                if same_ci(n, b"mail") && bodies.is_empty() && f.top_mail.is_none() {
                    f.top_mail = Some(i);
                }
                // What is written to a file counts as shown (a doorway saving its pages).
                if n.eq_ignore_ascii_case(b"fwrite")
                    || n.eq_ignore_ascii_case(b"fputs")
                    || n.eq_ignore_ascii_case(b"file_put_contents")
                {
                    for x in &t[i..statement_end(t, i)] {
                        if let Tok::Var(v) = x.tok {
                            push(&mut f.shown_vars, v);
                        }
                    }
                }
            }
            Tok::Ident(n) if same_ci(n, b"echo") || same_ci(n, b"print") => {
                let statement = &t[i..statement_end(t, i)];
                if let Some(name) = function
                    && statement.iter().any(|x| matches!(x.tok, Tok::Var(v) if fetched.contains(&v)))
                {
                    push(&mut f.printers, name);
                }
                for x in statement {
                    if let Tok::Var(v) = x.tok {
                        push(&mut f.shown_vars, v);
                        push(&mut f.echoed_vars, v);
                    }
                }
            }
            Tok::Var(v) => {
                if super::input::is_request(v) {
                    f.request_input = true;
                }
                if let Some(k) = is_server_key(t, i, &PLACE_KEYS) {
                    f.place_keys |= 1 << k;
                    if !is_op(t.get(i + 4), b"=") {
                        f.place_reads |= 1 << k;
                    }
                }
                if is_op(t.get(i + 1), b"=") {
                    let end = statement_end(t, i + 2);
                    let rhs = &t[i + 2..end];
                    if function.is_some()
                        && rhs.iter().any(|x| match x.tok {
                            Tok::Ident(n) => is_fetch(n) || same_ci(n, b"wp_remote_retrieve_body"),
                            Tok::Var(w) => fetched.contains(&w),
                            _ => false,
                        })
                    {
                        push(&mut fetched, v);
                    }
                    if starts_remote(rhs) {
                        push(&mut f.remote_vars, v);
                    }
                    if names_site(rhs, &f.host_vars) {
                        push(&mut f.host_vars, v);
                    }
                } else if is_op(t.get(i + 1), b".=")
                    && f.remote_vars.contains(v)
                    && names_site(&t[i + 2..statement_end(t, i + 2)], &f.host_vars)
                {
                    // An address built on: `$u = "http://…?d="; $u .= $_SERVER['HTTP_HOST'];`.
                    push(&mut f.host_vars, v);
                }
            }
            _ => {}
        }
    }
    f
}

/// `shown` and every variable a shown one was made from, through any number of assignments
/// that pass text through (`$r = curl_exec($ch); $body = substr($r, …); echo $body;`), at
/// most `MAX_VARS`. Read only for a fetch whose answer is not shown directly.
fn shown_through<'a>(t: &[Token<'a>], shown: &[&'a [u8]]) -> Vec<&'a [u8]> {
    let mut flows: Vec<(&'a [u8], &'a [u8])> = Vec::new();
    for i in 0..t.len() {
        let Tok::Var(v) = t[i].tok else { continue };
        if !is_op(t.get(i + 1), b"=") || flows.len() >= MAX_FLOWS {
            continue;
        }
        let rhs = &t[i + 2..statement_end(t, i + 2)];
        if !passes_through(rhs) {
            continue;
        }
        for x in rhs {
            let from: &[&'a [u8]] = match &x.tok {
                Tok::Var(w) => std::slice::from_ref(w),
                Tok::Str(quoted) => quoted.vars,
                _ => &[],
            };
            for &w in from {
                if flows.len() < MAX_FLOWS && w != v {
                    flows.push((v, w));
                }
            }
        }
    }
    let mut out = shown.to_vec();
    loop {
        let before = out.len();
        for &(to, from) in &flows {
            if out.contains(&to) {
                push(&mut out, from);
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

/// Functions whose result is their argument's text, cut or recoded: what is shown of the
/// result shows the argument (`$body = substr($response, $size)`). A decoded structure
/// (`json_decode`), a test or an escaped copy is not the fetched page.
const PASS_THROUGH: [&[u8]; 12] = [
    b"substr",
    b"trim",
    b"ltrim",
    b"rtrim",
    b"str_replace",
    b"str_ireplace",
    b"preg_replace",
    b"curl_exec",
    b"iconv",
    b"mb_convert_encoding",
    b"gzinflate",
    b"gzdecode",
];

/// Whether an assignment's right side calls nothing but `PASS_THROUGH` functions.
fn passes_through(rhs: &[Token<'_>]) -> bool {
    (0..rhs.len()).all(|k| match rhs[k].tok {
        Tok::Ident(n) if is_op(rhs.get(k + 1), b"(") => PASS_THROUGH.iter().any(|w| same_ci(n, w)),
        _ => true,
    })
}

/// Whether an expression starts with another site's address: a literal, or one formatted
/// (`sprintf("http://spam.example/?d=%s", …)`).
fn starts_remote(e: &[Token<'_>]) -> bool {
    match e {
        [x, ..] if str_value(x).is_some_and(is_remote_literal) => true,
        [Token { tok: Tok::Ident(n), .. }, open, x, ..] if same_ci(n, b"sprintf") && is_op(Some(open), b"(") => {
            str_value(x).is_some_and(is_remote_literal)
        }
        _ => false,
    }
}

/// Whether the tokens read this site's name (a host key, or a variable holding it).
fn names_site(e: &[Token<'_>], host_vars: &[&[u8]]) -> bool {
    (0..e.len()).any(|k| match e[k].tok {
        Tok::Var(v) => is_server_key(e, k, &HOST_KEYS).is_some() || host_vars.contains(&v),
        Tok::Str(quoted) => quoted.vars.iter().any(|v| host_vars.contains(v)),
        _ => false,
    })
}

/// Whether an address expression starts with another site's address and names this site.
fn remote_for_site(arg: &[Token<'_>], f: &Facts<'_>) -> bool {
    let arg = match arg.first() {
        Some(Token { tok: Tok::Op(b"@"), .. }) => &arg[1..],
        _ => arg,
    };
    match arg.first().map(|x| &x.tok) {
        // A variable given another site's address that names this site (`$u = "http://…/?d="
        // . $_SERVER['HTTP_HOST']; curl_init($u)`).
        Some(Tok::Var(v)) if arg.len() == 1 => f.remote_vars.contains(v) && f.host_vars.contains(v),
        Some(Tok::Var(v)) => f.remote_vars.contains(v) && names_site(&arg[1..], &f.host_vars),
        _ => starts_remote(arg) && names_site(&arg[1..], &f.host_vars),
    }
}

/// Words of a page template (a theme's file, or a page ending).
/// (And WordPress's own `wp-blog-header.php`, known by its `$wp_did_header`: whatever it prints
/// is on every page; fresh86's copy prints another site's link list before loading WordPress.
/// A script of its own that loads WordPress may show another site's status.)
const TEMPLATE_WORDS: [&[u8]; 6] = [b"</body>", b"</html>", b"wp_footer", b"wp_head", b"get_footer", b"wp_did_header"];
/// Endings of addresses that are a page's parts or data, not a page. (Not `.txt`: a link list
/// kept as text, printed raw into a footer, is the page's spam — fresh70's `asli.txt`.)
const ASSET_ENDINGS: [&[u8]; 7] = [b".svg", b".css", b".js", b".json", b".xml", b".png", b".jpg"];

/// Whether the file may be a traffic client (`visitor_routed`; cheap, before tokenizing).
pub(super) fn may_route_visitors(text: &[u8]) -> bool {
    let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
    has(b"_SERVER")
        && (has(b"file_get_contents") || has(b"curl_"))
        && memchr::memmem::find_iter(text, b"://").any(|p| text.get(p + 3).is_some_and(u8::is_ascii_digit))
}

/// Phrases a keyword doorway keeps, at least, in one list; and how many in a hundred of its
/// entries are phrases of three words or more.
const MIN_PHRASES: usize = 80;
const PHRASE_SHARE: usize = 70;

/// Whether the file may hold a keyword doorway's list (`keyword_pages`; cheap, before
/// tokenizing): a `404 Not Found` and many quoted entries.
pub(super) fn may_keep_keywords(text: &[u8]) -> bool {
    // Entries ending a quoted text of three words or more (`"cheap generic pills",`), counted
    // from where each closing quote and comma stand.
    let phrases = |sep: &[u8]| {
        memchr::memmem::find_iter(text, sep)
            .filter(|&k| {
                let from = k.saturating_sub(MAX_PHRASE);
                let open = memchr::memrchr(sep[0], &text[from..k]).map_or(from, |o| from + o + 1);
                memchr::memchr_iter(b' ', &text[open..k]).take(2).count() == 2
            })
            .take(MIN_PHRASES)
            .count()
            == MIN_PHRASES
    };
    memchr::memmem::find(text, NOT_FOUND).is_some() && (phrases(b"\",") || phrases(b"',"))
}

/// The longest entry read back from its end for `may_keep_keywords`.
const MAX_PHRASE: usize = 120;

/// The status a keyword doorway answers for a phrase it does not keep.
const NOT_FOUND: &[u8] = b"404 Not Found";

/// A keyword doorway (fresh110's "V3.0" generator pages): a list of `MIN_PHRASES` search
/// phrases or more written in the file, the one a request names made a page, a `404` for
/// any other. Where the list starts.
pub(super) fn keyword_pages(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    if !may_keep_keywords(text) || !t.iter().any(|x| matches!(x.tok, Tok::Var(v) if super::input::is_request(v))) {
        return None;
    }
    let mut k = 0;
    while k < t.len() {
        let open = match (&t[k].tok, t.get(k + 1).map(|x| &x.tok)) {
            (Tok::Ident(a), Some(Tok::Op(b"("))) if same_ci(a, b"array") => k + 1,
            (Tok::Op(b"="), Some(Tok::Op(b"["))) => k + 1,
            _ => {
                k += 1;
                continue;
            }
        };
        // A bare list of strings, up to its close.
        let (mut entries, mut phrases, mut j) = (0usize, 0usize, open + 1);
        while let Some(v) = t.get(j).and_then(str_value) {
            entries += 1;
            phrases += usize::from(v.iter().filter(|c| **c == b' ').count() >= 2 && v.len() <= 200);
            match t.get(j + 1).map(|x| &x.tok) {
                Some(Tok::Op(b",")) => j += 2,
                _ => break,
            }
        }
        if phrases >= MIN_PHRASES && phrases * 100 >= entries * PHRASE_SHARE {
            return Some(t[open].at);
        }
        k = j.max(k + 1);
    }
    None
}

/// Whether the file may be a page template that prints a fetched page (cheap, before tokenizing).
/// (Or any script that may print a text file fetched from another site: a link list.)
pub(super) fn may_print_remote(text: &[u8]) -> bool {
    printed_remote(text).is_some()
}

/// Which fetched addresses a file may print: any page in a template, a text file elsewhere.
pub(super) fn printed_remote(text: &[u8]) -> Option<Printed> {
    let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
    if !(has(b"://") && (has(b"file_get_contents") || has(b"curl_") || has(b"wp_remote_get"))) {
        return None;
    }
    if is_template(text) { Some(Printed::AnyPage) } else { has(b".txt").then_some(Printed::TextFile) }
}

/// Escapers that make a printed text harmless text.
const ESCAPES: [&[u8]; 4] = [b"esc_html", b"htmlspecialchars", b"htmlentities", b"strip_tags"];

fn is_template(text: &[u8]) -> bool {
    TEMPLATE_WORDS.iter().any(|w| memchr::memmem::find(text, w).is_some())
}

/// Which fetched addresses count for `remote_content_printed`: any page (in a page template),
/// or only a text file (in any script: a link list printed raw is the page's spam wherever it
/// is printed — fresh100's `backlink.php`, a `wp-blog-header.php` without its own words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Printed {
    AnyPage,
    TextFile,
}

/// The first fetch, outside the file's functions, of another site's fixed address whose answer
/// is printed, in a page template.
fn remote_content_printed<'a>(t: &[Token<'a>], f: &Facts<'a>, what: Printed) -> Option<usize> {
    let budget = Budget::for_tokens(t.len());
    // Each variable's answer, read once (`remote_value` reads the whole file).
    let mut known: Vec<(&[u8], bool)> = Vec::new();
    // What the printed variables were made from, read once if needed.
    let mut echoed: Option<Vec<&[u8]>> = None;
    for &(i, n) in &f.top_calls {
        if (FETCHES.iter().any(|w| same_ci(n, w)) || same_ci(n, b"curl_exec") || f.fetchers.contains(&n))
            && !(i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::")))
            && budget.args(t, i + 1).first().is_some_and(|a| fixed_remote_page(a, f, t, &mut known, what))
            && (printed(t, i, &f.echoed_vars)
                || f.printers.contains(&n)
                || printed(t, i, echoed.get_or_insert_with(|| shown_through(t, &f.echoed_vars))))
        {
            return Some(t[i].at);
        }
    }
    None
}

/// Whether an address argument is another site's page written in the file (a literal, or a
/// variable given one).
/// (`known`: the answers for variables, at most one per variable of `remote_vars`.)
fn fixed_remote_page<'a>(
    arg: &[Token<'a>],
    f: &Facts<'a>,
    t: &[Token<'_>],
    known: &mut Vec<(&'a [u8], bool)>,
    what: Printed,
) -> bool {
    let page = |u: &[u8]| {
        is_remote_literal(u)
            && !ASSET_ENDINGS.iter().any(|e| lower_ends_with(u, e))
            && (what == Printed::AnyPage || lower_ends_with(u, b".txt"))
    };
    match arg {
        [Token { tok: Tok::Str(quoted), .. }] if quoted.vars.is_empty() => page(quoted.value),
        [Token { tok: Tok::Var(v), .. }] if f.remote_vars.contains(v) => {
            if let Some((_, answer)) = known.iter().find(|(w, _)| w == v) {
                return *answer;
            }
            let answer = remote_value(t, v).is_some_and(page);
            known.push((v, answer));
            answer
        }
        _ => false,
    }
}

// Whole-file reads by `remote_value`, in tests: at most one per variable, however many fetches
// name it.
#[cfg(test)]
thread_local! {
    pub(super) static VALUE_READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The literal a variable of `remote_vars` was given (`$url = "https://…";`).
fn remote_value<'t>(t: &'t [Token<'_>], v: &[u8]) -> Option<&'t [u8]> {
    #[cfg(test)]
    VALUE_READS.with(|c| c.set(c.get() + 1));
    (0..t.len().saturating_sub(3)).find_map(|i| match (&t[i].tok, str_value(&t[i + 2])) {
        (Tok::Var(w), Some(u)) if *w == v && is_op(t.get(i + 1), b"=") && is_op(t.get(i + 3), b";") => Some(u),
        _ => None,
    })
}

fn lower_ends_with(u: &[u8], e: &[u8]) -> bool {
    let u = u.split(|c| *c == b'?').next().unwrap_or(u);
    u.len() >= e.len() && u[u.len() - e.len()..].eq_ignore_ascii_case(e)
}

/// Which of the families to look for in a file (each has its own gate, the facts are shared).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Families {
    /// Doorways and beacons: the file reads the site's name or place and fetches, mails or
    /// writes.
    pub site_pages: bool,
    /// Remote content in a page template, or a text file fetched (`printed_remote`).
    pub printed: Option<Printed>,
    /// The file fetches something (a traffic client may name neither the site nor a template).
    pub fetches: bool,
}

/// The most places naming Googlebot read.
const MAX_CRAWLER_NAMES: usize = 32;

/// Where a request names this page's address inside a crawler's name (`"Mozilla/5.0
/// (compatible; Googlebot/2.1; " . $req_url . ")"`, `$req_url` the page's host and path): a
/// link seller's client asking another site which links to print on this page (fresh82's and
/// fresh119's `Get_links` classes, in a theme's `functions.php`). A crawler names its own site.
fn page_in_crawler_name(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    memchr::memmem::find(text, b"REQUEST_URI")?;
    let reads_page = |span: &[Token<'_>]| {
        span.windows(3).any(|w| {
            matches!(w[0].tok, Tok::Var(b"_SERVER"))
                && is_op(Some(&w[1]), b"[")
                && str_value(&w[2]) == Some(b"REQUEST_URI")
        })
    };
    let statement = |from: usize| {
        let end = (from..t.len().min(from + 24)).find(|&k| is_op(t.get(k), b";")).unwrap_or(t.len().min(from + 24));
        &t[from..end]
    };
    // The crawler's name joined to a variable first (rare), then that variable's assignments.
    let assigned_page = |v: &[u8]| {
        (0..t.len()).any(|i| {
            matches!(t[i].tok, Tok::Var(w) if w == v) && is_op(t.get(i + 1), b"=") && reads_page(statement(i + 2))
        })
    };
    // (From where the name is written, to the literal holding it: few places, not every token.)
    memchr::memmem::find_iter(text, b"Googlebot").take(MAX_CRAWLER_NAMES).find_map(|p| {
        let i = t.partition_point(|x| x.at <= p).checked_sub(1)?;
        let x = &t[i];
        if !matches!(x.tok, Tok::Str(_)) || !is_op(t.get(i + 1), b".") {
            return None;
        }
        let crawler = str_value(x).is_some_and(|v| memchr::memmem::find(v, b"Googlebot").is_some());
        let page = crawler
            && match t.get(i + 2).map(|y| y.tok) {
                Some(Tok::Var(b"_SERVER")) => reads_page(&t[i + 2..t.len().min(i + 5)]),
                Some(Tok::Var(v)) => assigned_page(v),
                _ => false,
            };
        page.then_some(x.at)
    })
}

/// Every doorway, beacon and printed remote page in one file.
pub(super) fn analyze(text: &[u8], t: &[Token<'_>], o: Options, families: Families) -> Vec<Shape> {
    let mut out = Vec::new();
    // Nothing names the site or the script's place: neither doorways nor beacons can be here.
    let site_pages = families.site_pages
        && (memchr::memmem::find(text, b"_SERVER").is_some() || memchr::memmem::find(text, b"phpinfo").is_some());
    // (A fetch, the server's facts and an address of four numbers: rare together.)
    if families.fetches
        && may_route_visitors(text)
        && let Some(at) = visitor_routed(t)
    {
        out.push(Shape { why: Why::SpamDoorway, danger: Danger::High, at });
    }
    if families.fetches
        && let Some(at) = page_in_crawler_name(text, t)
    {
        out.push(Shape { why: Why::PrintsRemoteContent, danger: Danger::High, at });
    }
    if !site_pages && families.printed.is_none() {
        return out;
    }
    let f = facts(t);
    if let Some(at) = match families.printed {
        Some(Printed::AnyPage) => remote_content_printed(t, &f, Printed::AnyPage),
        // (A text shown escaped is text: a status line, not links.)
        Some(Printed::TextFile) if !ESCAPES.iter().any(|e| memchr::memmem::find(text, e).is_some()) => {
            remote_content_printed(t, &f, Printed::TextFile)
        }
        _ => None,
    } {
        out.push(Shape { why: Why::PrintsRemoteContent, danger: Danger::High, at });
    }
    if !site_pages || f.place_keys == 0 {
        return out;
    }
    let (page, beacon) = doorway(t, &f);
    if let Some(at) = page {
        out.push(Shape { why: Why::SpamDoorway, danger: Danger::High, at });
    }
    if let Some(at) = beacon {
        out.push(Shape { why: Why::ReportsItsLocation, danger: Danger::High, at });
    }
    // A beacon: server facts, or the page's own address, mailed from the top of a short script
    // to an address in the code, the mail holding nothing a visitor typed.
    let site_and_page = f.place_reads & HOST_AND_PAGE.0 != 0 && f.place_reads & HOST_AND_PAGE.1 != 0;
    if let Some(i) = f.top_mail
        && (o.small || t.len() <= BEACON_TOKENS)
        && (f.recon_calls >= 1 || (o.small && site_and_page && fixed_recipient(t, i)))
        && f.place_keys != 0
        && !(f.request_input
            && Budget::for_tokens(t.len()).args(t, i + 1).iter().any(|a| reads_input(a, &input_vars(t))))
    {
        out.push(Shape { why: Why::ReportsItsLocation, danger: Danger::High, at: t[i].at });
    }
    if page.is_none()
        && let Some(at) = pages_from_remote_database(t, &f)
    {
        out.push(Shape { why: Why::SpamDoorway, danger: Danger::High, at });
    }
    out
}

/// Keys of who the visitor is: where from, with what browser, sent by which page.
const VISITOR_KEYS: [&[u8]; 4] = [b"REMOTE_ADDR", b"HTTP_X_FORWARDED_FOR", b"HTTP_USER_AGENT", b"HTTP_REFERER"];

/// A traffic client: two facts of the visitor read, an address of a bare IP written in the
/// code, fetched, and the answer printed, so that server picks what each visitor gets (a
/// download, another site's page, nothing). The address is where the answer comes from: an
/// application's services have names. Returns the address's literal.
fn visitor_routed(t: &[Token<'_>]) -> Option<usize> {
    let (mut visitor, mut address, mut fetch, mut print) = (0u8, None, false, false);
    for (i, x) in t.iter().enumerate() {
        if let Some(k) = is_server_key(t, i, &VISITOR_KEYS) {
            visitor |= 1 << k;
        }
        match &x.tok {
            Tok::Str(q) if address.is_none() && is_ip_address(q.value) => address = Some(x.at),
            Tok::Ident(n) if is_op(t.get(i + 1), b"(") => {
                fetch |= FETCHES.iter().chain(&[&b"curl_exec"[..]]).any(|w| same_ci(n, w));
            }
            Tok::Ident(n) => print |= same_ci(n, b"echo") || same_ci(n, b"print"),
            _ => {}
        }
    }
    address.filter(|_| visitor.count_ones() >= 2 && fetch && print)
}

/// `http://203.0.113.7/…`: an address whose host is four numbers.
fn is_ip_address(v: &[u8]) -> bool {
    let rest = match v.iter().position(|&c| c == b':') {
        Some(p) if v[..p].eq_ignore_ascii_case(b"http") || v[..p].eq_ignore_ascii_case(b"https") => &v[p..],
        _ => return false,
    };
    let Some(rest) = rest.strip_prefix(b"://") else { return false };
    let host: &[u8] = rest.split(|c| matches!(c, b'/' | b':' | b'?')).next().unwrap_or_default();
    let parts: Vec<&[u8]> = host.split(|&c| c == b'.').collect();
    parts.len() == 4
        && parts.iter().all(|p| (1..=3).contains(&p.len()) && p.iter().all(u8::is_ascii_digit))
        && !host.starts_with(b"127.")
}

/// Whether the recipient of the `mail(` at `i` is an address written in the code: a literal,
/// or a variable assigned one (`$to = "drop@example.net";`).
fn fixed_recipient(t: &[Token<'_>], i: usize) -> bool {
    let args = Budget::for_tokens(t.len()).args(t, i + 1);
    let is_address = |x: Option<&Token<'_>>| x.and_then(str_value).is_some_and(|v| v.contains(&b'@'));
    match args.first().copied() {
        Some([x]) if is_address(Some(x)) => true,
        Some([Token { tok: Tok::Var(v), .. }]) => (0..t.len().saturating_sub(2)).any(|k| {
            matches!(t[k].tok, Tok::Var(w) if w == *v) && is_op(t.get(k + 1), b"=") && is_address(t.get(k + 2))
        }),
        _ => false,
    }
}

/// Database connections.
const CONNECTS: [&[u8]; 3] = [b"mysql_connect", b"mysqli_connect", b"mysqli"];
/// Database queries.
const QUERIES: [&[u8]; 3] = [b"mysql_query", b"mysqli_query", b"query"];

/// A page generator fed from another server's database: a connection to a database host that
/// is not this server's (a literal host name), a query naming this site (its rows are this
/// site's spam pages), and files written, all outside the file's functions.
fn pages_from_remote_database(t: &[Token<'_>], f: &Facts<'_>) -> Option<usize> {
    if f.host_vars.is_empty() && f.place_keys & 0b11 == 0 {
        return None;
    }
    let budget = Budget::for_tokens(t.len());
    let (mut remote_db, mut query) = (false, None);
    for &(i, n) in &f.top_calls {
        if CONNECTS.iter().any(|w| same_ci(n, w)) {
            let host = budget.args(t, i + 1).first().and_then(|a| a.iter().find_map(str_value)).map(<[u8]>::to_vec);
            remote_db |= host.is_some_and(|h| is_remote_host(&h));
        } else if remote_db && query.is_none() && QUERIES.iter().any(|w| same_ci(n, w)) {
            if budget.args(t, i + 1).iter().any(|a| names_site(a, &f.host_vars)) {
                query = Some(t[i].at);
            }
        } else if query.is_some() && (same_ci(n, b"fwrite") || same_ci(n, b"fputs") || same_ci(n, b"file_put_contents"))
        {
            return query;
        }
    }
    None
}

/// A database host on another machine, named literally (`db3.example.co.uk`), not this one.
fn is_remote_host(h: &[u8]) -> bool {
    let name = h.split(|b| *b == b':').next().unwrap_or(h);
    name.contains(&b'.')
        && name.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        && !name.starts_with(b"127.")
        && !name.eq_ignore_ascii_case(b"localhost")
        && !name.starts_with(b"10.")
        && !name.starts_with(b"192.168.")
}

/// The first fetch, outside the file's functions, of another site's address that names this
/// site, whose page is printed or saved (a doorway); and the first whose answer is thrown away
/// (a beacon telling the attacker's server which site it is in).
fn doorway<'a>(t: &[Token<'a>], f: &Facts<'a>) -> (Option<usize>, Option<usize>) {
    let mut beacon = None;
    if f.host_vars.is_empty() && f.place_keys & 0b11 == 0 {
        return (None, beacon);
    }
    let budget = Budget::for_tokens(t.len());
    // What the shown variables were made from, read once if needed.
    let mut shown: Option<Vec<&[u8]>> = None;
    for &(i, n) in &f.top_calls {
        let method = i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::"));
        // `curl_setopt($ch, CURLOPT_URL, $address)`: the handle's answer is the page.
        if !method && same_ci(n, b"curl_setopt") {
            let args = budget.args(t, i + 1);
            let url_option = args.get(1).is_some_and(|a| {
                matches!(a, [Token { tok: Tok::Ident(b"CURLOPT_URL"), .. }] | [Token { tok: Tok::Num(b"10002"), .. }])
            });
            if url_option
                && args.get(2).is_some_and(|a| remote_for_site(a, f))
                && matches!(args.first(), Some([Token { tok: Tok::Var(h), .. }])
                    if shown.get_or_insert_with(|| shown_through(t, &f.shown_vars)).contains(h))
            {
                return (Some(t[i].at), beacon);
            }
            continue;
        }
        let fetch = FETCHES.iter().any(|w| same_ci(n, w)) || f.fetchers.contains(&n);
        if method || !fetch {
            continue;
        }
        let args = budget.args(t, i + 1);
        if !args.first().is_some_and(|a| remote_for_site(a, f)) {
            continue;
        }
        if printed(t, i, &f.shown_vars) || printed(t, i, shown.get_or_insert_with(|| shown_through(t, &f.shown_vars))) {
            return (Some(t[i].at), beacon);
        }
        if beacon.is_none() && discarded(t, i) {
            beacon = Some(t[i].at);
        }
    }
    (None, beacon)
}

/// Whether the call at `i` is a statement of its own: its answer is not used.
fn discarded(t: &[Token<'_>], i: usize) -> bool {
    let before = if i > 0 && is_op(t.get(i - 1), b"@") { i - 1 } else { i };
    let starts = before == 0 || matches!(t[before - 1].tok, Tok::Op(b";" | b"{" | b"}") | Tok::Close);
    let end = close_of(t, i + 1);
    starts && (is_op(t.get(end + 1), b";") || matches!(t.get(end + 1).map(|x| &x.tok), Some(Tok::Close) | None))
}

/// Whether the call at `i` is printed, or assigned to one of `shown` (variables printed, or
/// printed or saved).
fn printed(t: &[Token<'_>], i: usize, shown: &[&[u8]]) -> bool {
    let mut k = i;
    while k > 0 {
        k -= 1;
        match &t[k].tok {
            Tok::Op(b"@" | b"(") => {}
            Tok::Ident(w) if same_ci(w, b"echo") || same_ci(w, b"print") => return true,
            Tok::Op(b"=") => {
                return k > 0 && matches!(t[k - 1].tok, Tok::Var(v) if shown.contains(&v));
            }
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests;
