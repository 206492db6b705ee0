//! What planted scripts do besides running request data through PHP's own sinks:
//! - commands run through another engine: Windows' scripting host (`new COM('WScript.Shell')`,
//!   `Shell.Application`), PHP's embedded Perl (`new Perl()` then `->eval(…)`), or the
//!   Windows shell named by `COMSPEC` handed to `proc_open`/`popen`;
//! - a program of the attacker's own started in the background from the current or a
//!   temporary folder (`exec('./x > /dev/null &')`: a miner, a bot, a proxy);
//! - injectors: PHP code that runs a hidden (decoded) payload, kept in a literal and written
//!   into files;
//! - log wipers: the server's logs and shell histories named and deleted or emptied;
//! - a WordPress script that logs its visitor in (`wp_set_auth_cookie`) outside any function,
//!   with no check: an administrator's session for whoever requests it;
//! - file managers: files the visitor names changed (`chmod`, `rename`, `unlink`…) or shown
//!   (`readfile($_GET['f'])`), the name taken whole from the request (no folder of the
//!   application's own in front);
//! - old shells written for `register_globals`: a variable never set in the file, named like a
//!   request field the file reads (`isset($_GET['cmd'])` … `system($cmd)`), run as a command
//!   or as code, directly or through a function of the file's own;
//! - a function (or method) whose body only calls one parameter with another (`$f($arg)`), in
//!   a small script that reads the request: a gadget that runs whatever function the visitor
//!   names, reached through reflection, a trait or a callback so no call shows both;
//! - a doorway's health check: the site's own name looked up in Safe Browsing or a domain
//!   blocklist (`….dbl.spamhaus.org`), so the spammer knows when to move on.
//!
//! One pass over the tokens, gated by `may_match` (a byte regex of the words they need).

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::input::is_request;
use super::signs::is_shown;
use super::tokens::{Budget, ident, is_op, str_value};
use super::words::Gate;
use super::{Options, Shape, Shared};
use crate::detect::{Danger, Why};
use crate::php::{Tok, Token};
use gadgets::{call_gadget, global_field_to_sink};
use paths::{MAX_FILE_OPS, request_named_ops, skip_wrappers};

/// Every word one of these families needs.
const MAY_MATCH_PATTERN: &str = concat!(
    r"(?i-u)\bnew\s+(?:COM|perl)\b|COMSPEC|/dev/null\s*(?:2>&1\s*)?&|nohup|wp_set_auth_cookie|user_pass|",
    r"wp_create_user|wp_insert_user|",
    r"/var/log/|_history\b|HISTFILE|\butmp\b|\bwtmp\b|lastlog|safebrowsing|spamhaus|surbl|uribl|",
    r"eval\s*\(\s*(?:base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|strrev)",
);
/// Every match of `MAY_MATCH_PATTERN` begins with one of these words (in any case).
const MAY_MATCH_STARTS: [&str; 19] = [
    "new",
    "comspec",
    "/dev/null",
    "nohup",
    "wp_set_auth_cookie",
    "wp_create_user",
    "wp_insert_user",
    "user_pass",
    "/var/log/",
    "_history",
    "histfile",
    "utmp",
    "wtmp",
    "lastlog",
    "safebrowsing",
    "spamhaus",
    "surbl",
    "uribl",
    "eval",
];
/// `MAY_MATCH_STARTS` in a lowercase text: a literal search, many times faster over a large
/// file than the case-blind pattern (whose automaton misses the cache on a page of 200 KB).
static STARTS: LazyLock<Regex> = LazyLock::new(|| {
    let words: Vec<String> = MAY_MATCH_STARTS.iter().map(|w| regex::escape(w)).collect();
    Regex::new(&format!("(?-u){}", words.join("|"))).expect("pattern compiles")
});
/// The pattern, tried only where one of its first words is (anchored there).
static MAY_MATCH_AT: LazyLock<regex_automata::meta::Regex> =
    LazyLock::new(|| regex_automata::meta::Regex::new(MAY_MATCH_PATTERN).expect("pattern compiles"));

/// Whether `MAY_MATCH_PATTERN` matches anywhere in `text`: found where its first words are in
/// a lowercase copy, then the pattern tried at each of them in the text itself.
fn may_match_pattern(text: &[u8]) -> bool {
    use regex_automata::{Anchored, Input};
    let lower = crate::php::ascii_lowercase(text);
    let mut from = 0;
    while let Some(m) = STARTS.find_at(&lower, from) {
        if MAY_MATCH_AT.is_match(Input::new(text).range(m.start()..).anchored(Anchored::Yes)) {
            return true;
        }
        from = m.start() + 1;
    }
    false
}

/// Whether the file may hold one of these families (cheap, before tokenizing).
/// A file that does not reach a sink the data-flow analysis knows is tokenized for these
/// families only if it has their words, or a file operation on a variable and the request or
/// its own name read (a bare file manager, a self-deleting dropper). The families on calls of
/// shell and code functions or through variables need no gate: such files are tokenized anyway
/// (`detect`).
pub fn may_match(text: &[u8]) -> bool {
    has_words(text)
        || ((REQUEST.is_match(text) || OWN_NAME.is_match(text))
            && FILE_OP_HINT.is_match(text)
            && FILE_OP_ON_VARIABLE.is_match(text))
}

/// `MAY_MATCH_PATTERN`, after a search for plain literals (which is many times faster than
/// the pattern's, and finds nothing in most files).
fn has_words(text: &[u8]) -> bool {
    WORD_HINTS.is_match(text) && may_match_pattern(text)
}

/// Literals one of `MAY_MATCH_PATTERN`'s words holds (as most files write them).
static WORD_HINTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?-u)COM|Com|com\(|Perl|perl|/dev/null|nohup|wp_set_auth_cookie|wp_create_user|wp_insert_user|user_pass|/var/log/|",
        r"_history|HISTFILE|utmp|lastlog|",
        r"safebrowsing|spamhaus|surbl|uribl|eval|Eval|EVAL",
    ))
    .expect("pattern compiles")
});
/// Literals `FILE_OP_ON_VARIABLE` holds.
static FILE_OP_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?-u)chmod|chown|chgrp|rename|unlink|rmdir|mkdir|copy|touch|readfile|highlight_file|show_source|file_get_contents|",
        r"fopen|opendir|scandir",
    ))
        .expect("pattern compiles")
});

/// A file operation on a variable's value (`chmod($p`, `unlink(@trim($f`)…
static FILE_OP_ON_VARIABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)\b(?:chmod|chown|chgrp|rename|unlink|rmdir|mkdir|copy|touch|readfile|highlight_file|show_source|",
        r"file_get_contents|fopen|opendir|scandir)\s*\(\s*(?:@\s*)?(?:[a-z_]+\s*\(\s*)?\$",
    ))
    .expect("pattern compiles")
});
/// …or the script's own name read (a dropper deleting itself through a variable).
static OWN_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)__FILE__|SCRIPT_(?:FILE)?NAME|PHP_SELF").expect("pattern compiles"));
/// …and the request read somewhere in the file.
static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)\$_(?:GET|POST|REQUEST|COOKIE)\b|\$HTTP_(?:GET|POST)_VARS").expect("pattern compiles")
});

/// Functions that change, move or delete the file they are given first, in the order of
/// `kind_of`'s `K::FileChange` (a test keeps them one).
#[cfg(test)]
const FILE_CHANGE: [&[u8]; 9] =
    [b"chmod", b"chown", b"chgrp", b"rename", b"unlink", b"rmdir", b"mkdir", b"copy", b"touch"];

/// A command that starts a program from the current folder or a temporary one, detached into
/// the background (`./x > /dev/null &`, `nohup /tmp/x &`).
static STARTS_IN_BACKGROUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)^\s*(?:cd\s+\S+\s*(?:;|&&)\s*)?(?:nohup\s+)?(?:\./|/tmp/|/var/tmp/|/dev/shm/)[^\s;|&]+[^;|]*&\s*$",
    )
    .expect("pattern compiles")
});

/// PHP code that runs a decoded payload (`<?php @eval(base64_decode("…`): what injectors
/// write into other files.
static RUNS_DECODED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)<\?php[\s\S]{0,200}?\b(?:eval|assert)\s*\(\s*(?:@\s*)?",
        r"(?:base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|strrev)\s*\(",
    ))
    .expect("pattern compiles")
});

/// The server's logs and shell histories.
static LOG_FILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)/var/log/|/var/adm/|\.(?:bash|ksh|zsh|sh|mysql)_(?:history|logout)\b|\bu?wtmp\b|\butmp\b|\blastlog\b|",
        // `unset HISTFILE`, `find / -name '*.log' -exec rm`.
        r"\bHISTFILE\b|\bfind\s+/\S*\s+-name\s+\S*log",
    ))
    .expect("pattern compiles")
});
/// A word every `LOG_FILE` match holds: the regex is started only in the few literals with
/// one (a file's literals are thousands, a regex search costs more to start than most are long).
pub(super) const LOG_WORDS: [&str; 9] =
    ["/var/log/", "/var/adm/", "_history", "_logout", "wtmp", "utmp", "lastlog", "histfile", "find"];
/// Log names in literals that make a wiper (with a way to delete or empty them).
const MANY_LOG_FILES: u8 = 3;

/// Domain blocklists and Safe Browsing: a site looked up there is checked for being listed.
static BLOCKLIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)safebrowsing|\.spamhaus\.org|\.surbl\.org|\.uribl\.com").expect("pattern compiles")
});

/// The literal text of the expression starting at `i` made of literals joined by `.`
/// (`'W'.'Scr'.'ipt.she'.'ll'`), lowercased, up to `cap` bytes; `None` when anything else
/// stands in it.
fn joined_literal(t: &[Token<'_>], mut i: usize, cap: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let v = match t.get(i).map(|x| &x.tok) {
            Some(Tok::Str(quoted)) if quoted.vars.is_empty() => quoted.value,
            _ => return None,
        };
        if out.len() + v.len() > cap {
            return None;
        }
        out.extend(v.iter().map(u8::to_ascii_lowercase));
        if !is_op(t.get(i + 1), b".") {
            return Some(out);
        }
        i += 2;
    }
}

/// What a name is to these families.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum K {
    Function,
    Include,
    Com,
    Perl,
    Eval,
    Shell,
    Write,
    /// One of `FILE_CHANGE` (its index).
    FileChange(usize),
    /// Prints the file it is given.
    FileShow,
    Fopen,
    /// `opendir`, `scandir`: a folder's names read.
    ListsFolder,
    AuthCookie,
    /// `wp_create_user`, `wp_insert_user`: a WordPress user made.
    MakesUser,
    /// `file_get_contents` (true: a read that may be shown) or `gethostbyname`.
    Fetch(bool),
}

/// `FILE_CHANGE`'s index of `unlink`.
const UNLINK: usize = 4;

crate::php::word_match! {
    /// What a name is, lowercased on a stack buffer (no allocation per token).
    fn kind_of -> Option<K> {
        b"function" => Some(K::Function),
        b"require" | b"require_once" | b"include" | b"include_once" => Some(K::Include),
        b"com" => Some(K::Com),
        b"perl" => Some(K::Perl),
        b"eval" | b"assert" => Some(K::Eval),
        b"system" | b"exec" | b"shell_exec" | b"passthru" | b"popen" | b"proc_open" => Some(K::Shell),
        b"fwrite" | b"fputs" | b"file_put_contents" => Some(K::Write),
        b"readfile" | b"highlight_file" | b"show_source" => Some(K::FileShow),
        b"fopen" => Some(K::Fopen),
        b"opendir" | b"scandir" => Some(K::ListsFolder),
        b"wp_set_auth_cookie" => Some(K::AuthCookie),
        b"wp_create_user" | b"wp_insert_user" => Some(K::MakesUser),
        b"file_get_contents" => Some(K::Fetch(true)),
        b"gethostbyname" => Some(K::Fetch(false)),
        // `FILE_CHANGE` by its order (a test keeps them one).
        b"chmod" => Some(K::FileChange(0)),
        b"chown" => Some(K::FileChange(1)),
        b"chgrp" => Some(K::FileChange(2)),
        b"rename" => Some(K::FileChange(3)),
        b"unlink" => Some(K::FileChange(UNLINK)),
        b"rmdir" => Some(K::FileChange(5)),
        b"mkdir" => Some(K::FileChange(6)),
        b"copy" => Some(K::FileChange(7)),
        b"touch" => Some(K::FileChange(8)),
        _ => None,
    }
}

pub(super) fn is_shell(name: &[u8]) -> bool {
    [&b"system"[..], b"exec", b"shell_exec", b"passthru", b"popen", b"proc_open"]
        .iter()
        .any(|s| name.eq_ignore_ascii_case(s))
}

/// Whether a place stands inside a function's body (`stack`: the open braces around it, each
/// marked whether it opened a function).
fn in_function(stack: &[bool]) -> bool {
    stack.iter().any(|f| *f)
}

/// Every family of this module found in one PHP file.
pub fn analyze(text: &[u8], t: &[Token<'_>], o: Options, shared: &Shared) -> Vec<Shape> {
    let gates = &shared.literals;
    let mut out = Vec::new();
    // The families recognised by their words are looked for only in files with them; the
    // others are cheap token tests, their heavier passes run only when the request is read.
    let words = has_words(text);
    // Without their words, the families here need the request read (or a small script, for
    // a dropper deleting itself): most files are left after one scan.
    if !words && !o.small && !REQUEST.is_match(text) {
        return out;
    }
    let mut sink_called = false;
    let mut var_call_of_var = false;
    let budget = Budget::for_tokens(t.len());
    // The script prints something (a read or a listing of its may be shown): for a file
    // opened for reading and a folder listed.
    let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
    let shows = has(b"echo") || has(b"print") || has(b"<?=") || has(b"fpassthru");
    // The variables the file checks against a list or a pattern (a download page's allowed
    // files, a gallery's album names), found when first asked.
    let checked = std::cell::OnceCell::new();
    let unchecked = |i: usize| {
        let args = budget.args(t, i + 1);
        let Some([Token { tok: Tok::Var(v), .. }]) = args.first().map(|a| &a[..]) else { return true };
        !checked.get_or_init(|| checked_vars(t)).contains(v)
    };
    let mut request = false;
    let mut shell_object: Option<usize> = None;
    let mut perl_object = false;
    let mut perl_eval: Option<usize> = None;
    let mut comspec_shell: Option<usize> = None;
    let mut background: Option<usize> = None;
    let mut injector_literal: Option<usize> = None;
    let mut writes = false;
    let mut log_names: u8 = 0;
    let mut first_log: Option<usize> = None;
    let mut erases = false;
    let mut loads_wordpress = false;
    let mut logs_in: Option<usize> = None;
    // A user made at the top of the script (not in a function the application calls).
    let mut makes_user: Option<usize> = None;
    // A user made with a name and password written in the file (in a function).
    let mut hooked_maker: Option<usize> = None;
    let mut blocklist_lookup: Option<usize> = None;
    let mut redirects = false;
    // File operations on a variable (`FILE_CHANGE`'s index, or `None` for a read that is shown).
    let mut file_ops: Vec<(Option<usize>, usize)> = Vec::new();
    // Files deleted through a variable.
    let mut unlinked_vars: Vec<(&[u8], usize)> = Vec::new();
    // Braces: whether each open one is a function's body; a `function` keyword waits for its `{`.
    let mut braces: Vec<bool> = Vec::new();
    let mut function_pending = false;
    for (i, tok) in t.iter().enumerate() {
        match &tok.tok {
            Tok::Op(b"{") => {
                braces.push(function_pending);
                function_pending = false;
            }
            Tok::Op(b"}") => {
                braces.pop();
            }
            Tok::Op(b";") => function_pending = false,
            Tok::Var(v) => {
                request |= is_request(v);
                var_call_of_var |=
                    is_op(t.get(i + 1), b"(") && matches!(t.get(i + 2).map(|x| &x.tok), Some(Tok::Var(_)));
            }
            Tok::Str(quoted) => {
                let (value, vars) = (quoted.value, &quoted.vars);
                // (`'_POST'` alone names the request for a variable variable: `$$name`.)
                request |= vars.iter().any(|v| is_request(v)) || is_request(value);
                if words && value.len() <= 256 << 10 {
                    if injector_literal.is_none()
                        && memchr::memmem::find(value, b"<?").is_some()
                        && RUNS_DECODED.is_match(value)
                    {
                        injector_literal = Some(tok.at);
                    }
                    if value.len() <= 4096 {
                        let logs = if gates.has(t, i, Gate::Logs) {
                            LOG_FILE.find_iter(value).take(8).count() as u8
                        } else {
                            0
                        };
                        if logs > 0 {
                            log_names = log_names.saturating_add(logs);
                            first_log.get_or_insert(tok.at);
                            erases |= memchr::memmem::find(value, b"rm ").is_some();
                        }
                        redirects |= value.len() >= 9 && value[..9].eq_ignore_ascii_case(b"location:");
                    }
                }
            }
            Tok::Backtick(quoted) if words && background.is_none() && STARTS_IN_BACKGROUND.is_match(quoted.value) => {
                background = Some(tok.at);
            }
            Tok::Ident(n) => {
                let Some(kind) = kind_of(n) else { continue };
                match kind {
                    K::Function => {
                        function_pending = true;
                        continue;
                    }
                    K::Include => {
                        if words {
                            loads_wordpress |= loads_wordpress_at(t, i + 1);
                        }
                        continue;
                    }
                    _ => {}
                }
                let called = is_op(t.get(i + 1), b"(");
                let after_new = i > 0 && ident(&t[i - 1]).is_some_and(|p| p.eq_ignore_ascii_case(b"new"));
                let method = i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::"));
                if after_new && called {
                    if kind == K::Com && words {
                        let class = joined_literal(t, i + 2, 256).unwrap_or_default();
                        let scripting = memchr::memmem::find(&class, b"wscript").is_some()
                            || memchr::memmem::find(&class, b"shell.application").is_some();
                        if scripting && shell_object.is_none() {
                            shell_object = Some(tok.at);
                        }
                    } else if kind == K::Perl {
                        perl_object = true;
                    }
                    continue;
                }
                if method {
                    if called && kind == K::Eval && perl_eval.is_none() {
                        perl_eval = Some(tok.at);
                    }
                    continue;
                }
                if !called {
                    continue;
                }
                match kind {
                    K::Shell => {
                        sink_called = true;
                        erases = true;
                        if words {
                            let args = budget.args(t, i + 1);
                            let first = args.first().copied().unwrap_or_default();
                            if comspec_shell.is_none()
                                && first
                                    .iter()
                                    .any(|x| str_value(x).is_some_and(|v| v.eq_ignore_ascii_case(b"COMSPEC")))
                            {
                                comspec_shell = Some(tok.at);
                            }
                            if background.is_none()
                                && joined_literal(first, 0, 4096).is_some_and(|cmd| STARTS_IN_BACKGROUND.is_match(&cmd))
                            {
                                background = Some(tok.at);
                            }
                        }
                    }
                    K::Eval => sink_called = true,
                    K::Write => {
                        writes = true;
                        erases = true;
                    }
                    K::FileChange(k) => {
                        erases |= k == UNLINK;
                        if file_ops.len() < MAX_FILE_OPS {
                            file_ops.push((Some(k), i));
                        }
                        if k == UNLINK && o.small && unlinked_vars.len() < 16 {
                            let arg = skip_wrappers(&t[i + 2..]);
                            if let (Some(Tok::Var(v)), true) = (arg.first().map(|x| &x.tok), is_op(arg.get(1), b")")) {
                                unlinked_vars.push((v, tok.at));
                            }
                        }
                    }
                    K::FileShow if file_ops.len() < MAX_FILE_OPS => file_ops.push((None, i)),
                    K::Fopen => {
                        // Opened for writing: emptied.
                        let args = budget.args(t, i + 1);
                        let mode = args.get(1).and_then(|a| a.first()).and_then(str_value);
                        erases |= words && mode.is_some_and(|m| m.first().is_some_and(|c| matches!(c, b'w' | b'W')));
                        // Opened for reading, in a script that prints: a file shown line by
                        // line (fresh91's Brazilian reader: `fopen($_GET['a'], 'r')`, `fgets`).
                        let reads = mode.is_some_and(|m| m.first().is_some_and(|c| matches!(c, b'r' | b'R')));
                        if reads && shows && file_ops.len() < MAX_FILE_OPS && unchecked(i) {
                            file_ops.push((None, i));
                        }
                    }
                    K::ListsFolder if shows && file_ops.len() < MAX_FILE_OPS && unchecked(i) => {
                        file_ops.push((None, i))
                    }
                    K::AuthCookie if !in_function(&braces) => {
                        logs_in.get_or_insert(tok.at);
                    }
                    K::MakesUser if !in_function(&braces) => {
                        makes_user.get_or_insert(tok.at);
                    }
                    K::MakesUser if hooked_maker.is_none() && fixed_credentials(t, i) => {
                        hooked_maker = Some(i);
                    }
                    K::Fetch(read) => {
                        if read && file_ops.len() < MAX_FILE_OPS && is_shown(t, i) {
                            file_ops.push((None, i));
                        }
                        if words {
                            let args = budget.args(t, i + 1);
                            let looked_up = args.first().is_some_and(|a| {
                                a.iter().any(|x| str_value(x).is_some_and(|v| v.len() <= 4096 && BLOCKLIST.is_match(v)))
                            });
                            let own_site = args.first().is_some_and(|a| {
                                a.iter().any(|x| match &x.tok {
                                    Tok::Str(quoted) => {
                                        let value = quoted.value;
                                        memchr::memmem::find(value, b"HTTP_HOST").is_some()
                                            || memchr::memmem::find(value, b"SERVER_NAME").is_some()
                                            || memchr::memmem::find(value, b"site=").is_some()
                                    }
                                    Tok::Var(v) => *v == b"_SERVER",
                                    _ => false,
                                })
                            });
                            if looked_up && own_site {
                                blocklist_lookup.get_or_insert(tok.at);
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let (changes, shown) =
        if file_ops.is_empty() || !request { (Vec::new(), None) } else { request_named_ops(t, &file_ops, &budget) };
    let mut add = |why, danger, at| out.push(Shape { why, danger, at });

    // File managers: one change in a small script, or several kinds of change.
    if let Some(&(_, at)) = changes.first() {
        let kinds = changes.iter().fold(0u16, |m, (k, _)| m | 1 << k).count_ones();
        let danger = match (kinds, o.small) {
            (3.., _) => Danger::High,
            (2, _) | (_, true) => Danger::Medium,
            _ => Danger::Low,
        };
        add(Why::FileChangeFromInput, danger, at);
    }
    // In a small script, and the variable never set to anything else (a name reused for
    // another file in a large one).
    if let Some(&(_, at)) = unlinked_vars.iter().find(|(v, _)| set_only_to_own_name(t, v)) {
        add(Why::DeletesItself, Danger::Medium, at);
    }
    if request
        && o.small
        && var_call_of_var
        && let Some(at) = call_gadget(t)
    {
        add(Why::DynamicCallFromInput, Danger::High, at);
    }
    if request
        && sink_called
        && let Some((why, at)) = global_field_to_sink(t)
    {
        add(why, Danger::High, at);
    }
    if let Some(at) = shown {
        add(Why::FileReadFromInput, if o.small { Danger::Medium } else { Danger::Low }, at);
    }

    // Commands through another engine.
    let engine = shell_object.or(perl_eval.filter(|_| perl_object)).or(comspec_shell);
    if let Some(at) = engine {
        add(Why::ShellObject, if request { Danger::Critical } else { Danger::High }, at);
    }
    if let Some(at) = background {
        add(Why::StartsProgram, Danger::High, at);
    }
    if let Some(at) = injector_literal.filter(|_| writes) {
        add(Why::InjectsHiddenCode, Danger::High, at);
    }
    if let Some(at) = first_log.filter(|_| log_names >= MANY_LOG_FILES && erases) {
        add(Why::ErasesLogs, Danger::High, at);
    }
    // A script that loads WordPress and logs the visitor in at its top (not in a function the
    // application calls), with no password or signature checked anywhere: an open door.
    if let Some(at) = logs_in.filter(|_| loads_wordpress && !checks_login(t)) {
        add(Why::AdminBackdoor, Danger::High, at);
    } else if let Some(at) = makes_user.filter(|_| loads_wordpress && names_administrator(t) && !checks_login(t)) {
        // Or makes an administrator there, for whoever opens it (fresh87's `wp-links.php`
        // prints the new account's name and password).
        add(Why::AdminBackdoor, Danger::High, at);
    } else if let Some(i) = hooked_maker.filter(|&i| runs_on_every_request(t, i) && administrator_after(t, i)) {
        // Or in a function WordPress runs on every request (`add_action('init', …)`), with a
        // name and password the file holds (aaronjorbin's "NSA backdoor" plugin: `nsa`/`nsa`,
        // made an administrator): the attacker's account comes back whenever it is deleted.
        add(Why::AdminBackdoor, Danger::High, t[i].at);
    }
    if words && let Some(at) = hard_coded_admin(text, t).or_else(|| admin_by_raw_sql(text, t)) {
        add(Why::AdminBackdoor, Danger::High, at);
    }
    if let Some(at) = blocklist_lookup {
        let danger = if o.small || redirects { Danger::High } else { Danger::Medium };
        add(Why::ChecksBlocklists, danger, at);
    }
    out
}

/// A user row written with a password hash the file holds, in a file that names the
/// administrator role (CMSmap's "WordPress Shell" plugin inserts `adminlin` into `wp_users`):
/// an administrator the attacker can always log in as. (Tests and installers create users with
/// a password, never a stored hash.)
fn hard_coded_admin(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    // (Both forms name the column: most files are left after one search.)
    memchr::memmem::find(text, b"user_pass")?;
    let hash = t.iter().enumerate().find_map(|(i, x)| {
        let v = str_value(x)?;
        // `'user_pass' => '57a4…'`, or an `INSERT INTO … users` holding the hash.
        let keyed = v == b"user_pass"
            && is_op(t.get(i + 1), b"=>")
            && t.get(i + 2).and_then(str_value).is_some_and(is_password_hash);
        let inserted = (40..=4096).contains(&v.len())
            && v.windows(11).any(|w| w.eq_ignore_ascii_case(b"insert into"))
            && v.split(|c| matches!(c, b'\'' | b'"' | b',' | b' ' | b'(' | b')')).any(is_password_hash);
        (keyed || inserted).then_some(x.at)
    })?;
    let admin = t
        .iter()
        .filter_map(str_value)
        .any(|v| v.eq_ignore_ascii_case(b"administrator") || v.windows(15).any(|w| w == b"\"administrator\""));
    admin.then_some(hash)
}

/// A user row and an administrator's capabilities written by raw SQL, from what the visitor
/// sends or from names and a password written in the file, in a script that loads WordPress's
/// settings and opens the database with their password itself (fresh23's wp-aa.php: a form
/// that adds administrators; fresh58's wp-store.php: one written in). WordPress and its
/// plugins add users through its own functions; a migration's installer writes the settings
/// file with the password it is given.
fn admin_by_raw_sql(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    // The capabilities' serialized role, also inside a double-quoted literal (`s:13:\"…\"`).
    // Or serialized by the script itself (`serialize(array('administrator' => true))`).
    // (One search leaves most files.)
    memchr::memmem::find(text, b"administrator")?;
    let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
    let serialized = || has(b"serialize") && names_administrator(t);
    if !(has(b"s:13:\"administrator\"") || has(b"s:13:\\\"administrator\\\"") || serialized()) {
        return None;
    }
    memchr::memmem::find(text, b"DB_PASSWORD")?;
    // WordPress's settings (or WordPress itself) loaded — the path written in the include or
    // in a variable it includes —, and the database opened with its password outside
    // WordPress's own database object.
    let settings_path = |p: &[u8]| p.ends_with(b"wp-config.php") || p.ends_with(b"wp-load.php");
    let includes = t.iter().any(|x| ident(x).is_some_and(crate::php::is_include_word));
    let names_password =
        t.iter().any(|x| matches!(x.tok, Tok::Ident(b"DB_PASSWORD")) || str_value(x) == Some(b"DB_PASSWORD"));
    // Or the settings read as text and the password picked out of them by a pattern (fresh74's
    // admin adder finds every `wp-config.php` under the account and opens each site's database).
    // A migration's installer reads the settings too, and writes them back with the password
    // it was given (Duplicator's `installer.php`): it writes the settings file.
    let parses_settings = || {
        let patterns = t.iter().filter_map(str_value).any(|v| memchr::memmem::find(v, b"DB_PASSWORD").is_some());
        let call = |i: usize, names: &[&[u8]]| super::tokens::is_call(t, i, names);
        let reads = (0..t.len()).any(|i| call(i, &[b"file_get_contents", b"file", b"fread"]));
        let settings = |v: &[u8]| v.ends_with(b"wp-config.php");
        let writes = (0..t.len()).any(|i| {
            call(i, &[b"file_put_contents", b"fopen"]) && t.get(i + 2).and_then(str_value).is_some_and(settings)
        });
        patterns && reads && !writes && t.iter().filter_map(str_value).any(settings)
    };
    let reads_settings =
        (includes && t.iter().filter_map(str_value).any(settings_path) && names_password) || parses_settings();
    // `"INSERT INTO `" . $prefix . "users` (`user_login`, `user_pass`) …"`: the columns in the
    // same literal or one of the next few.
    let holds = |x: &Token<'_>, w: &[u8]| {
        str_value(x).is_some_and(|v| v.len() <= 4096 && v.windows(w.len()).any(|p| p.eq_ignore_ascii_case(w)))
    };
    let insert = (0..t.len())
        .find(|&i| holds(&t[i], b"insert into") && t[i..t.len().min(i + 8)].iter().any(|x| holds(x, b"user_pass")))?;
    reads_settings.then_some(t[insert].at)
}

/// A stored password hash: MD5's 32 hex digits, phpass (`$P$`, `$H$`), bcrypt (`$2y$`).
fn is_password_hash(v: &[u8]) -> bool {
    let md5 = v.len() == 32 && v.iter().all(u8::is_ascii_hexdigit);
    let phpass = v.len() == 34 && (v.starts_with(b"$P$") || v.starts_with(b"$H$"));
    let bcrypt = v.len() >= 60 && (v.starts_with(b"$2y$") || v.starts_with(b"$wp$2y$") || v.starts_with(b"$2a$"));
    md5 || phpass || bcrypt
}

/// Whether every assignment of `$v` (one at least) sets it to the script's own name.
fn set_only_to_own_name(t: &[Token<'_>], v: &[u8]) -> bool {
    let mut any = false;
    for (i, x) in t.iter().enumerate() {
        if matches!(x.tok, Tok::Var(w) if w == v) && is_op(t.get(i + 1), b"=") {
            if !holds_own_name(&t[i + 2..]) {
                return false;
            }
            any = true;
        }
    }
    any
}

/// Whether the statement starting at `rhs` (an assignment's right side) holds the script's own
/// name: `__FILE__`, `$_SERVER['SCRIPT_FILENAME']`, `SCRIPT_NAME` or `PHP_SELF`.
fn holds_own_name(rhs: &[Token<'_>]) -> bool {
    rhs.iter().take(24).take_while(|x| !is_op(Some(x), b";")).any(|x| match &x.tok {
        Tok::Ident(n) => *n == b"__FILE__",
        Tok::Str(quoted) => matches!(quoted.value, b"SCRIPT_FILENAME" | b"SCRIPT_NAME" | b"PHP_SELF"),
        _ => false,
    })
}

/// Functions that check who logs in (a real login, a reset link, a signed request).
const LOGIN_CHECKS: &[&[u8]] = &[
    b"wp_check_password",
    b"wp_authenticate",
    b"wp_signon",
    b"check_password_reset_key",
    b"wp_verify_nonce",
    b"check_admin_referer",
    b"check_ajax_referer",
    b"hash_equals",
    b"password_verify",
    b"wp_validate_auth_cookie",
    b"is_user_logged_in",
    b"current_user_can",
    // Run only from the command line (a provisioning script).
    b"php_sapi_name",
    b"PHP_SAPI",
];

/// Whether the file checks who logs in anywhere (`LOGIN_CHECKS`).
fn checks_login(t: &[Token<'_>]) -> bool {
    t.iter().any(|x| matches!(x.tok, Tok::Ident(n) if LOGIN_CHECKS.iter().any(|c| n.eq_ignore_ascii_case(c))))
}

/// The variables given to a check against a list or a pattern (`in_array($file, $allowed)`,
/// `preg_match('/^[a-z0-9-]+$/', $album)`, `realpath`, `basename`), the first 64 of them.
fn checked_vars<'a>(t: &[Token<'a>]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    for (k, x) in t.iter().enumerate() {
        let Tok::Ident(n) = x.tok else { continue };
        let check = [&b"in_array"[..], b"preg_match", b"realpath", b"basename", b"array_key_exists", b"is_allowed"]
            .iter()
            .any(|c| n.eq_ignore_ascii_case(c));
        if !check || !is_op(t.get(k + 1), b"(") {
            continue;
        }
        for y in t.iter().skip(k + 2).take(CHECK_ARGS) {
            if let Tok::Var(v) = y.tok
                && !out.contains(&v)
                && out.len() < MAX_CHECKED_VARS
            {
                out.push(v);
            }
        }
    }
    out
}
/// Tokens of a check's arguments looked at, and most variables kept.
const CHECK_ARGS: usize = 8;
const MAX_CHECKED_VARS: usize = 64;

/// Whether the user-making call at `i` (`wp_create_user('nsa', 'nsa', …)`) is given its name
/// and password as literals.
fn fixed_credentials(t: &[Token<'_>], i: usize) -> bool {
    is_op(t.get(i + 1), b"(")
        && t.get(i + 2).and_then(str_value).is_some_and(|v| !v.is_empty())
        && is_op(t.get(i + 3), b",")
        && t.get(i + 4).and_then(str_value).is_some_and(|v| !v.is_empty())
}

/// Whether the administrator's role is given just after the user-making call at `i`
/// (`set_role('administrator')`, `'role' => 'administrator'`), in the same function.
fn administrator_after(t: &[Token<'_>], i: usize) -> bool {
    t.iter()
        .skip(i)
        .take(MAX_ROLE_DISTANCE)
        .take_while(|x| !matches!(x.tok, Tok::Ident(f) if f.eq_ignore_ascii_case(b"function")))
        .filter_map(str_value)
        .any(|v| v.eq_ignore_ascii_case(b"administrator"))
}
/// Most tokens between the user-making call and the role given.
const MAX_ROLE_DISTANCE: usize = 64;

/// WordPress's actions run on every request.
const EVERY_REQUEST_HOOKS: &[&[u8]] =
    &[b"init", b"wp_loaded", b"plugins_loaded", b"wp_head", b"wp_footer", b"admin_init", b"template_redirect"];

/// Whether the named function holding token `i` is hooked to one of `EVERY_REQUEST_HOOKS`
/// (`add_action('init', 'make_login')`).
fn runs_on_every_request(t: &[Token<'_>], i: usize) -> bool {
    let Some(name) = (0..i).rev().take(MAX_MAKER_DISTANCE).find_map(|k| {
        matches!(t[k].tok, Tok::Ident(f) if f.eq_ignore_ascii_case(b"function"))
            .then(|| t.get(k + 1).and_then(ident))
            .flatten()
    }) else {
        return false;
    };
    (0..t.len()).any(|k| {
        matches!(t[k].tok, Tok::Ident(a) if a.eq_ignore_ascii_case(b"add_action"))
            && is_op(t.get(k + 1), b"(")
            && t.get(k + 2)
                .and_then(str_value)
                .is_some_and(|h| EVERY_REQUEST_HOOKS.iter().any(|e| h.eq_ignore_ascii_case(e)))
            && is_op(t.get(k + 3), b",")
            && t.get(k + 4).and_then(str_value).is_some_and(|f| f.eq_ignore_ascii_case(name))
    })
}

/// Most tokens between a function's name and the user-making call in it.
const MAX_MAKER_DISTANCE: usize = 400;

/// Whether a literal names WordPress's administrator role (`set_role('administrator')`,
/// `'role' => 'administrator'`).
fn names_administrator(t: &[Token<'_>]) -> bool {
    t.iter().filter_map(str_value).any(|v| v.eq_ignore_ascii_case(b"administrator"))
}

/// Whether the include at `i` (after the keyword) names WordPress's loader (also after a
/// trimmed document root and a separator: `rtrim($_SERVER["DOCUMENT_ROOT"], "/\\") .
/// DIRECTORY_SEPARATOR . "wp-blog-header.php"`, fresh125's `wp-blog-format.php`).
fn loads_wordpress_at(t: &[Token<'_>], i: usize) -> bool {
    t.iter().skip(i).take(24).take_while(|x| !is_op(Some(x), b";")).any(|x| {
        str_value(x).is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.ends_with(b"wp-load.php") || v.ends_with(b"wp-blog-header.php")
        })
    })
}

mod gadgets;
mod paths;
#[cfg(test)]
mod tests;
