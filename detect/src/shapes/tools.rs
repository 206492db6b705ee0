//! Attackers' tools that are not shells: a PHP virus, which reads its own code and writes it
//! into the other scripts it finds by reading a folder (appended, prepended or as an
//! `include` of itself), so that every page of the site runs it.
//!
//! An application that reads its own file (a self-updater, a checksum) writes it back to its
//! own path; one that lists folders and writes files does not put its own text in them.
//!
//! A watchdog: a script that never ends (`ignore_user_abort`, no time limit, `while (1 == 1)`)
//! and in its loop writes a file back and makes it read-only, so a cleaned page or a removed
//! backdoor is back within a second.
//!
//! And a probe that prints the site's own settings file (`file_get_contents('../../.env')`
//! dumped, `readfile('wp-config.php')`): the database password and keys for whoever opens it.
//! An application reads its settings by including or parsing them, and shows none of them.

use std::sync::LazyLock;

use regex::bytes::Regex;

use crate::php::{Tok, Token};

use super::tokens::{close_of, ident, is_call, is_op, str_value};
use super::{Options, Shape};
use crate::detect::{Danger, Why};

/// Calls that read a folder's entries.
const LISTING: &[&[u8]] = &[b"opendir", b"readdir", b"scandir", b"glob"];
/// Calls that write into an open or named file.
const WRITES: &[&[u8]] = &[b"fwrite", b"fputs", b"file_put_contents"];

/// The most variables that hold the file's own code remembered.
const MAX_SELF: usize = 16;

/// Settings files that hold a site's database password and keys (Laravel's and other
/// frameworks' `.env`, WordPress's, Joomla's).
const SECRET_FILES: [&[u8]; 3] = [b".env", b"wp-config.php", b"configuration.php"];
/// Tokens after a settings file's read where its variable is looked for being shown.
const SHOWN_WINDOW: usize = 512;
/// Most reads of a settings file into a variable followed.
const MAX_SECRET_READS: usize = 16;
/// Calls that print the file they are given.
const PRINTS_FILE: &[&[u8]] = &[b"readfile", b"highlight_file", b"show_source"];
/// Calls that return the file they are given.
const READS_FILE: &[&[u8]] = &[b"file_get_contents", b"file"];
/// Calls that print a value (besides `echo` and `print`).
const DUMPS: &[&[u8]] = &[b"var_dump", b"print_r", b"var_export", b"printf"];

/// Whether the file may hold one of the tools (before tokenizing).
pub(super) fn may_match(text: &[u8]) -> bool {
    memchr::memmem::find(text, b"__FILE__").is_some() || names_secret_file(text) || may_be_watchdog(text)
}

fn may_be_watchdog(text: &[u8]) -> bool {
    let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
    // (A watchdog run from the command line needs no time limit lifted: it sleeps between rounds.)
    let locks = has(b"chmod")
        && (has(b"ignore_user_abort") || has(b"set_time_limit") || has(b"sleep"))
        && READ_ONLY_NUMBER.is_match(text);
    // (A large web shell has all those words: its tokens are walked for loops only when one is
    // written as never ending.)
    (locks || may_download_again(text)) && ENDLESS_LOOP_TEXT.is_match(text)
}

/// `endless_loop`'s loops as written in the text (`while (1)`, `while(true)`, `while (1 == 1)`,
/// `while (!0)`, `for (;;)`).
static ENDLESS_LOOP_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\bwhile\s*\(\s*(?:1\s*(?:==\s*1\s*)?|true\s*|!\s*0\s*)\)|\bfor\s*\(\s*;\s*;\s*\)")
        .expect("pattern compiles")
});

/// Whether the file may download a PHP file over a path of its own between sleeps (before
/// tokenizing): a command line that downloads into a file, and a PHP file's name.
fn may_download_again(text: &[u8]) -> bool {
    memchr::memmem::find(text, b"sleep").is_some()
        && crate::programs::DOWNLOADS_OVER.is_match(text)
        && crate::programs::PHP_PATH.is_match(text)
}

/// A mode the owner cannot write (`read_only_mode`), as written in the text.
static READ_ONLY_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)\b0[0145][0-7]{2}\b").expect("pattern compiles"));

fn names_secret_file(text: &[u8]) -> bool {
    SECRET_FILES.iter().any(|f| memchr::memmem::find(text, f).is_some())
}

/// Every tool found in one PHP file.
pub(super) fn analyze(text: &[u8], t: &[Token<'_>], o: Options) -> Vec<Shape> {
    let mut out = Vec::new();
    if o.small
        && memchr::memmem::find(text, b"__FILE__").is_some()
        && let Some(at) = spreads_itself(t)
    {
        out.push(Shape { why: Why::InjectsHiddenCode, danger: Danger::High, at });
    }
    if text.len() <= OWN_TEXT_CARRIER
        && memchr::memmem::find(text, b"__FILE__").is_some()
        && let Some(at) = name_counted_from_own_text(text, t)
    {
        out.push(Shape { why: Why::HiddenFunctionName, danger: Danger::High, at });
    }
    if names_secret_file(text)
        && let Some(at) = shows_secret_file(t).or_else(|| password_cut_from_settings(text, t))
    {
        out.push(Shape { why: Why::ShowsSiteSecrets, danger: Danger::High, at });
    }
    if may_be_watchdog(text)
        && let Some(at) = rewrites_in_a_loop(t).or_else(|| downloads_in_a_loop(text, t))
    {
        out.push(Shape { why: Why::RewritesFilesForever, danger: Danger::High, at });
    }
    if let Some(at) = object_made_from_request_evals_a_property(text, t) {
        out.push(Shape { why: Why::CodeFromInput, danger: Danger::Critical, at });
    }
    if o.small
        && let Some(at) = runs_from_archive(text, t)
    {
        out.push(Shape { why: Why::IncludeOfData, danger: Danger::High, at });
    }
    if let Some(at) = common_passwords_tried(text, t) {
        out.push(Shape { why: Why::PasswordCracker, danger: Danger::High, at });
    }
    out
}

/// Where the database password is cut out of a settings file's text with `explode`
/// (`explode("'DB_PASSWORD', '", $file)`: fresh167's `mail.php` email extractor, and the config
/// grabbers before it) in a script that prints: an application includes its settings, it
/// never cuts them out of the text.
fn password_cut_from_settings(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    memchr::memmem::find(text, b"DB_PASSWORD")?;
    if memchr::memmem::find(text, b"echo").is_none() && memchr::memmem::find(text, b"print").is_none() {
        return None;
    }
    t.windows(3).find_map(|w| {
        let cut = ident(&w[0]).is_some_and(|n| n.eq_ignore_ascii_case(b"explode")) && is_op(Some(&w[1]), b"(");
        let v = str_value(&w[2])?;
        let key: Vec<u8> = v.iter().copied().filter(|c| !c.is_ascii_whitespace()).collect();
        (cut && (key == b"'DB_PASSWORD','" || key == b"\"DB_PASSWORD\",\"")).then_some(w[0].at)
    })
}

/// Where a file makes an object from a request field (`new Navigator($_POST['common'])`) and a
/// method `eval`s one of the object's properties (`eval($this->m_webInfo)`, fresh174's
/// `common.php`, run from `__destruct`): what the visitor posts is run, the path through the
/// object hidden from a reading of one function at a time.
fn object_made_from_request_evals_a_property(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    memchr::memmem::find(text, b"eval")?;
    memchr::memmem::find(text, b"new ")?;
    let evals_property = t.windows(5).any(|w| {
        ident(&w[0]).is_some_and(|n| n.eq_ignore_ascii_case(b"eval"))
            && is_op(Some(&w[1]), b"(")
            && matches!(w[2].tok, Tok::Var(b"this"))
            && is_op(Some(&w[3]), b"->")
            && ident(&w[4]).is_some()
    });
    if !evals_property {
        return None;
    }
    t.windows(5).find_map(|w| {
        let made = ident(&w[0]).is_some_and(|n| n.eq_ignore_ascii_case(b"new"))
            && ident(&w[1]).is_some()
            && is_op(Some(&w[2]), b"(")
            && matches!(w[3].tok, Tok::Var(v) if super::input::is_request(v));
        made.then_some(w[0].at)
    })
}

/// Where a small script unpacks an archive (`ZipArchive::extractTo`) and includes a file from
/// it (fresh166's `siomay.php` and `ampunom.php` run the shell kept in `nasgor.zip`): code kept
/// where no search of the site's PHP reads it. A plugin installer unpacks, and leaves the
/// running to the application.
fn runs_from_archive(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    memchr::memmem::find(text, b"extractTo")?;
    memchr::memmem::find(text, b"ZipArchive")?;
    t.iter().enumerate().find_map(|(i, x)| {
        let n = ident(x)?;
        let include =
            [&b"include"[..], b"include_once", b"require", b"require_once"].iter().any(|w| n.eq_ignore_ascii_case(w));
        let arg = t.get(i + 1 + usize::from(is_op(t.get(i + 1), b"(")))?;
        (include && matches!(arg.tok, Tok::Var(_))).then_some(x.at)
    })
}

/// The passwords a cracker tries first: a list holding many of them is a guesser's.
const COMMON_PASSWORDS: [&[u8]; 16] = [
    b"123456",
    b"12345678",
    b"123456789",
    b"password",
    b"qwerty",
    b"admin123",
    b"abc123",
    b"111111",
    b"123123",
    b"654321",
    b"letmein",
    b"pass123",
    b"admin1234",
    b"1234567",
    b"112233",
    b"qwerty123",
];
/// Different common passwords in a file's literals that make a guesser's list.
const MANY_COMMON_PASSWORDS: usize = 8;

/// Where a script that sends web requests (`curl_exec`) keeps a list of common passwords
/// (fresh155's OpenCart admin brute-forcer tries `admin`, `123456`, `password`… on each shop of
/// a list): a login guessed from the account against others. A site checks a new password
/// against such a list; it never sends them anywhere.
fn common_passwords_tried(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    memchr::memmem::find(text, b"curl_exec")?;
    memchr::memmem::find(text, b"123456")?;
    let mut seen = 0u32;
    let mut first = None;
    for x in t {
        if let Some(v) = str_value(x)
            && let Some(k) = COMMON_PASSWORDS.iter().position(|p| *p == v)
        {
            seen |= 1 << k;
            first.get_or_insert(x.at);
            if seen.count_ones() as usize >= MANY_COMMON_PASSWORDS {
                return first;
            }
        }
    }
    None
}

/// Largest file read as a carrier of a name kept in its own whitespace (fresh126's are 2 and
/// 5 KB; a `.phar` archive, which reads itself too, holds a whole application's calls).
const OWN_TEXT_CARRIER: usize = 64 << 10;
/// Calls that read a file's text.
const READS_TEXT: &[&[u8]] = &[b"file", b"file_get_contents", b"fopen"];

/// A file that reads its own text (`file(__FILE__)`), counts characters in it
/// (`substr_count`) into character codes (`chr`), and calls a function through a variable:
/// a name kept in the file's whitespace, as tabs and spaces at its lines' ends or invisible
/// letters in its variables' names (fresh126's two steganographic shells), where no search
/// reads it. Where its own text is read.
fn name_counted_from_own_text(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
    if !(has(b"substr_count") && has(b"chr")) {
        return None;
    }
    let own = (0..t.len())
        .find(|&i| is_call(t, i, READS_TEXT) && matches!(t.get(i + 2).and_then(ident), Some(n) if n == b"__FILE__"))?;
    let counts = (0..t.len()).any(|i| is_call(t, i, &[b"substr_count"]));
    let codes = (0..t.len()).any(|i| is_call(t, i, &[b"chr"]));
    let var_call = (1..t.len()).any(|i| {
        matches!(t[i].tok, Tok::Var(_))
            && is_op(t.get(i + 1), b"(")
            && !matches!(t[i - 1].tok, Tok::Op(b"->" | b"::" | b"?->" | b"$"))
            && !matches!(ident(&t[i - 1]), Some(w) if w.eq_ignore_ascii_case(b"function"))
    });
    (counts && codes && var_call).then(|| t[own].at)
}

/// Calls that write a file whole or copy one.
const PUTS_FILE: &[&[u8]] = &[b"file_put_contents", b"fwrite", b"fputs", b"copy"];
/// Most variables holding a read-only mode followed.
const MAX_MODE_VARS: usize = 8;
/// Most tokens of a loop's body read.
const MAX_LOOP_BODY: usize = 20_000;

/// The first write in an endless loop whose body also makes a file read-only (`chmod($f,
/// 0444)`).
/// (A loop inside one already read is part of its body: the walk goes on after the body, so
/// nested loops cost one reading, not one each.)
fn rewrites_in_a_loop(t: &[Token<'_>]) -> Option<usize> {
    let (loops, modes) = endless_loops(t);
    let read_only = |x: &Token<'_>| read_only_mode(x) || matches!(x.tok, Tok::Var(v) if modes.contains(&v));
    loops.into_iter().find_map(|(_, open, close)| {
        let locks = (open..close).any(|k| {
            is_call(t, k, &[b"chmod"])
                && (k + 2..close.min(k + 24))
                    .find(|&j| matches!(t[j].tok, Tok::Op(b",")))
                    .and_then(|c| t.get(c + 1))
                    .is_some_and(read_only)
        });
        // (Or the loop only puts the read-only mode back whenever it changes: fresh125's
        // `lockpermisioin.php` keeps a hijacked `index.php` from being cleaned.)
        locks.then(|| t[(open..close).find(|&k| is_call(t, k, PUTS_FILE)).unwrap_or(open)].at)
    })
}

/// An endless loop: where it starts, its body's `{`, and its end.
type Loop = (usize, usize, usize);

/// Most endless loops read in one file.
const MAX_LOOPS: usize = 16;

/// The file's endless loops (where each starts, its body's `{` and its end), a loop inside
/// one already found being part of its body; and the variables given a read-only mode
/// (`$file_permissions = 0555;`). One walk over the tokens.
fn endless_loops<'a>(t: &[Token<'a>]) -> (Vec<Loop>, Vec<&'a [u8]>) {
    let (mut loops, mut modes) = (Vec::new(), Vec::new());
    let mut inside = 0;
    for i in 0..t.len() {
        match t[i].tok {
            Tok::Var(v)
                if modes.len() < MAX_MODE_VARS
                    && is_op(t.get(i + 1), b"=")
                    && t.get(i + 2).is_some_and(read_only_mode)
                    && is_op(t.get(i + 3), b";") =>
            {
                modes.push(v)
            }
            Tok::Ident(w) if i >= inside && (w.len() == 3 || w.len() == 5) && loops.len() < MAX_LOOPS => {
                if let Some(open) = endless_loop(t, i) {
                    let close =
                        crate::php::block_end(t, open, MAX_LOOP_BODY).unwrap_or(t.len().min(open + MAX_LOOP_BODY));
                    loops.push((i, open, close));
                    inside = close.max(i + 1);
                }
            }
            _ => {}
        }
    }
    (loops, modes)
}

/// An endless loop that sleeps between rounds and looks whether a file is still there, in a
/// file whose command line downloads a PHP file into a path (`exec("wget -q $url -O $f")`,
/// through a function of its own): whatever is cleaned comes back within seconds (fresh125's
/// `getbackshelldownloader.php`). Where the loop starts.
fn downloads_in_a_loop(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    if !may_download_again(text) {
        return None;
    }
    endless_loops(t).0.into_iter().find_map(|(start, open, close)| {
        let body = open..close;
        (body.clone().any(|k| is_call(t, k, &[b"sleep", b"usleep"]))
            && body.clone().any(|k| is_call(t, k, &[b"file_exists", b"is_file"])))
        .then(|| t[start].at)
    })
}

/// `while (1)`, `while (true)`, `while (1 == 1)`, `while (!0)` or `for (;;)` at `i`: where its
/// body's `{` is.
fn endless_loop(t: &[Token<'_>], i: usize) -> Option<usize> {
    let word = ident(&t[i])?;
    let op = |k: usize, o: &[u8]| matches!(t.get(k).map(|x| &x.tok), Some(Tok::Op(x)) if *x == o);
    let num = |k: usize, n: &[u8]| matches!(t.get(k).map(|x| &x.tok), Some(Tok::Num(x)) if *x == n);
    if !op(i + 1, b"(") {
        return None;
    }
    let end = if word.eq_ignore_ascii_case(b"for") {
        (op(i + 2, b";") && op(i + 3, b";") && op(i + 4, b")")).then_some(i + 4)?
    } else if word.eq_ignore_ascii_case(b"while") {
        let always =
            |k: usize| num(k, b"1") || matches!(t.get(k).and_then(ident), Some(w) if w.eq_ignore_ascii_case(b"true"));
        if always(i + 2) && op(i + 3, b")") {
            i + 3
        } else if num(i + 2, b"1") && op(i + 3, b"==") && num(i + 4, b"1") && op(i + 5, b")") {
            i + 5
        } else if op(i + 2, b"!") && num(i + 3, b"0") && op(i + 4, b")") {
            i + 4
        } else {
            return None;
        }
    } else {
        return None;
    };
    op(end + 1, b"{").then_some(end + 1)
}

/// A file mode its owner cannot write (`0444`, `0555`, `0400`).
fn read_only_mode(x: &Token<'_>) -> bool {
    let Tok::Num(n) = x.tok else { return false };
    n.len() == 4 && n[0] == b'0' && n[1..].iter().all(|c| (b'0'..=b'7').contains(c)) && (n[1] - b'0') & 2 == 0
}

/// The offset of a call that prints a settings file named by a literal path, or reads it into
/// what is then printed (`echo`, `print`, `var_dump`…: in the same statement, or through the
/// variable it is put in).
fn shows_secret_file(t: &[Token<'_>]) -> Option<usize> {
    let mut examined = 0;
    for i in 0..t.len() {
        let prints = is_call(t, i, PRINTS_FILE);
        let method = i > 0 && matches!(t[i - 1].tok, Tok::Op(b"->" | b"::" | b"?->"));
        if method || (!prints && !is_call(t, i, READS_FILE)) {
            continue;
        }
        // The one argument: a literal path whose last part is a settings file, or one under
        // the document root (`$_SERVER["DOCUMENT_ROOT"] . "/.env"`, a probe's way: an
        // application names its own folder, `ABSPATH . 'wp-config.php'`).
        let settings = |x: Option<&Token<'_>>| {
            x.and_then(str_value).is_some_and(|p| {
                let name = p.rsplit(|c| *c == b'/' || *c == b'\\').next().unwrap_or(p);
                SECRET_FILES.iter().any(|f| name.eq_ignore_ascii_case(f))
            })
        };
        let literal = is_op(t.get(i + 3), b")") && settings(t.get(i + 2));
        let under_root = matches!(t.get(i + 2).map(|x| &x.tok), Some(Tok::Var(b"_SERVER")))
            && is_op(t.get(i + 3), b"[")
            && t.get(i + 4).and_then(str_value) == Some(b"DOCUMENT_ROOT")
            && is_op(t.get(i + 5), b"]")
            && is_op(t.get(i + 6), b".")
            && settings(t.get(i + 7))
            && is_op(t.get(i + 8), b")");
        // (A call that prints the file it is given, `readfile(dirname(__FILE__) . '/wp-config.php')`,
        // never serves an application's own settings: any path ending in the name counts.)
        let printed_path = prints && {
            let close = close_of(t, i + 1);
            close > i + 2 && close - i <= 16 && is_op(t.get(close), b")") && settings(t.get(close - 1))
        };
        let secret = literal || under_root || printed_path;
        if !secret {
            continue;
        }
        if prints || super::signs::is_shown(t, i) || dumped(t, i) {
            return Some(t[i].at);
        }
        // `$l = file_get_contents(…);` (or `= @file_get_contents`) then `var_dump($l)`, `echo $l`.
        let call = if i > 0 && matches!(t[i - 1].tok, Tok::Op(b"@")) { i - 1 } else { i };
        // (Looked for a while after: reads of the settings all over a large file each cost
        // one window, not the rest of the file.)
        examined += 1;
        if call >= 2
            && matches!(t[call - 1].tok, Tok::Op(b"="))
            && let Tok::Var(v) = t[call - 2].tok
            && (i + 4..t.len().min(i + SHOWN_WINDOW))
                .any(|k| matches!(t[k].tok, Tok::Var(w) if w == v) && (super::signs::is_shown(t, k) || dumped(t, k)))
        {
            return Some(t[i].at);
        }
        if examined >= MAX_SECRET_READS {
            return None;
        }
    }
    None
}

/// Whether the value at `i` is the first argument of a call that prints it (`var_dump($x)`).
fn dumped(t: &[Token<'_>], i: usize) -> bool {
    i >= 2 && matches!(t[i - 1].tok, Tok::Op(b"(")) && is_call(t, i - 2, DUMPS)
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

/// Calls that read a file's text.
const READS: &[&[u8]] = &[b"fread", b"file_get_contents", b"file", b"fgets", b"stream_get_contents", b"highlight_file"];

/// Tokens before a write of its own path in which the `include` it writes is looked for.
const INCLUDE_NEAR: usize = 24;
