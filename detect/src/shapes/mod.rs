//! Malicious files whose harm is plain code, not hidden code run through `eval`: what real
//! attackers leave besides backdoors (`taint` finds those). Each family is recognised by its
//! idea, not by an author's names or strings:
//! - anti-forensics: files backdated with `touch()` to an old time, scripts that delete
//!   themselves;
//! - remote control: reverse and bind shells (a socket and a shell), IRC bots, UDP flooders,
//!   connections to machines the visitor names;
//! - search-engine cloaking: the visitor's browser or referrer checked for search engines,
//!   then content fetched from another site or a redirect to one;
//! - injected JavaScript: obfuscated scripts or scripts from throw-away domains;
//! - droppers: shell commands that download and start a program, PHP code holding request
//!   input written to disk, beacons that mail the file's place on the server home;
//! - phishing and spam: credentials from a form mailed or saved with labels, mass mailers
//!   looping over a typed list of addresses;
//! - web-shell consoles: server reconnaissance shown to the visitor together with a file
//!   manager driven by the request; old shells that run a form field as a variable
//!   (`register_globals`); `ini_restore` of PHP's protections; grabbers of other accounts'
//!   site files.
//!
//! Pure functions over the tokens `php::tokenize` made for `taint` (`tokens`: readers,
//! `input`: request input the cheap way, `signs`: what each family is recognised by), plus a
//! few byte regexes over the text; the work is linear in the tokens. `may_match` is this
//! module's own prefilter: a file without any of its words is not tokenized for it.

use std::cell::OnceCell;
use std::sync::LazyLock;

use regex::bytes::Regex;

use super::app::App;
use super::detect::{Danger, Why};
use super::php::{Tok, Token, same_ci};

mod assembled;
mod bypass;
mod doorways;
mod hidden;
mod input;
mod keyed;
mod kits;
mod mailers;
mod planted;
mod seo;
mod signs;
#[cfg(test)]
mod tests;
mod tokens;
mod tools;
mod words;

pub use hidden::hidden;
use input::{credential_line, form_field_to_sink, holds_php_reading_request, input_vars, is_request, reads_input};
pub use planted::{analyze as planted, may_match as planted_may_match};
use signs::{
    CRAWLER, DOWNLOAD, FORM, HUNTER_WORDS, IP_WILDCARD, IRC, LOCATION_KEYS, MANY_IP_WILDCARDS, OTHER_SITES,
    PIPED_DOWNLOAD, PastTime, RECON_SETTINGS, REDIRECT_TEXT, RUN, RUN_WINDOW, SECURITY_HUNTER, SHELL_BINARY,
    SQL_INTO_FILE, SYSTEM_LINK, TEXTAREA, THROWAWAY_SCRIPT, URL, VISITOR_ADDRESS, any_word, holds_file_time,
    hunter_bit, is_own_file, is_shown, obfuscated_script, past_time, recon_calls,
};
use tokens::{Budget, ident, is_op, one_of, str_value};
use words::Words;

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
        r"posix_getpwuid|mail|ini_restore|symlink|gethostbyaddr|phishtank|spamhaus|virustotal|netcraft|",
        r"safebrowsing|urlscan|kaspersky|bitdefender|mcafee|fortinet|zscaler|trendmicro|sophos|avast|",
        r"fwrite|fputs|file_put_contents|outfile|dumpfile|chmod|nohup|wp_set_auth_cookie|surbl|uribl|openphish|",
        r"anti\d*|anti-?bots?|blocker|blacklist|bots|array_rand|mt_rand|random_int|(?-i:HTTP_HOST|SERVER_NAME)|",
        r"transparencyreport)\b|<script|<input|<textarea|document\.cookie|",
        // A file-reading stream wrapper starting a literal (`bypass`).
        r"['\x22](?:file:|compress\.(?:zlib|bzip2)://|glob://)|",
        // Hexadecimal text starting like a dangerous function's name (`base64_`, `shell_`,
        // `system`, `assert`, `file_`, `php_`, `passth`, `eval`).
        r"['\x22](?:6261736536345f|7368656c6c5f|73797374656d|617373657274|66696c655f|7068705f|706173737468|6576616c)[0-9a-f]*['\x22]|",
        // Two escaped letters close together (a name spelled in escape codes, not binary bytes).
        r"\\(?:x[4-7][0-9a-f]|1[0-7]{2})[a-z0-9_]{0,3}\\(?:x[4-7][0-9a-f]|1[0-7]{2})",
    ))
    .expect("pattern compiles")
});

/// Whether the file may hold one of the families (cheap, before tokenizing), when it is not
/// tokenized anyway: the families that need a call through a variable, `eval` or a decoder
/// (assembled names, encrypted loaders, string tables) are looked for in every file that may
/// reach a sink (`detect`).
pub fn may_match(text: &[u8]) -> bool {
    MAY_MATCH.is_match(text) || seo::hidden_links(text).is_some() || kits::may_match(text) || tools::may_match(text)
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
    /// `gethostbyaddr`: the visitor's host name (a filter tells crawlers by it).
    HostName,
}

const IRC_MESSAGE: u8 = 1;
const IRC_NICK: u8 = 2;
const IRC_JOIN: u8 = 4;

/// What one name is, or nothing (lowercased on a stack buffer: no allocation per token).
fn classify(name: &[u8]) -> Option<F> {
    let mut buf = [0u8; 32];
    if name.len() > buf.len() {
        return None;
    }
    // (A plain loop: the crate is built for size, and the slice methods would be calls.)
    for (l, c) in buf.iter_mut().zip(name) {
        *l = c.to_ascii_lowercase();
    }
    Some(match &buf[..name.len()] {
        b"touch" => F::Touch,
        b"unlink" => F::Unlink,
        b"fsockopen" | b"pfsockopen" | b"socket_create" | b"stream_socket_client" | b"stream_socket_server" => {
            F::Socket
        }
        b"system" | b"exec" | b"shell_exec" | b"passthru" | b"popen" | b"proc_open" | b"pcntl_exec" => F::Shell,
        b"file_get_contents" | b"fopen" | b"readfile" | b"file" => F::Fetch,
        b"curl_exec" => F::CurlExec,
        b"fwrite" | b"fputs" | b"file_put_contents" => F::Write,
        b"socket_write" | b"socket_send" | b"socket_sendto" => F::SocketSend,
        b"socket_connect" | b"socket_bind" => F::SocketAddr,
        b"mail" => F::Mail,
        b"getenv" => F::Getenv,
        b"header" => F::Header,
        b"gethostbyaddr" => F::HostName,
        b"for" | b"foreach" | b"while" => F::Loop,
        b"php_uname" | b"posix_getpwuid" | b"posix_getgrgid" | b"posix_geteuid" | b"posix_getuid"
        | b"posix_getegid" | b"get_current_user" | b"getmyuid" | b"getmygid" | b"disk_free_space"
        | b"disk_total_space" | b"diskfreespace" | b"fileowner" | b"fileperms" => F::Recon,
        b"opendir" | b"scandir" | b"readdir" | b"glob" | b"dir" | b"recursivedirectoryiterator" => F::DirList,
        b"rmdir" | b"rename" | b"chmod" | b"mkdir" | b"copy" => F::FileChange,
        b"move_uploaded_file" => F::Upload,
        b"highlight_file" | b"show_source" | b"fread" => F::FileRead,
        b"set_time_limit" | b"ignore_user_abort" => F::RunsLong,
        _ => return None,
    })
}

/// Everything a file shows of the families, one pass over the tokens.
#[derive(Default)]
struct Facts {
    /// First call of each function family.
    first: Vec<(F, usize)>,
    /// Every call of a reconnaissance function (`F::Recon`, methods too), token indices.
    recon_at: Vec<usize>,
    backdated: Option<(PastTime, usize)>,
    self_delete: Option<usize>,
    udp_socket: Option<usize>,
    user_agent: Option<usize>,
    /// Where the visitor's browser or referrer is read (token indices, the first few).
    ua_reads: Vec<usize>,
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
    /// A `<script>` literal written into a file.
    writes_script: Option<usize>,
    /// SQL in a literal that makes the database write a file (`INTO OUTFILE`), and whether it
    /// carries code or a library (`DUMPFILE`, `<?php`, `.php`).
    sql_writes_file: Option<(usize, bool)>,
    /// `mail()` to an address from the request.
    mail_to_input: Option<usize>,
    /// Which of `LOCATION_KEYS` are read (bits).
    location_keys: u8,
    /// This site's name read (`$_SERVER['HTTP_HOST']`, `SERVER_NAME`): the doorways' sign.
    names_site: bool,
    /// `ini_restore('safe_mode')`: undoes the host's hardening for this script.
    protection_restored: Option<usize>,
    /// The visitor's address read (`$_SERVER['REMOTE_ADDR']`, `getenv('REMOTE_ADDR')`).
    visitor_address: bool,
    /// `die`/`exit`: a visitor can be turned away.
    stops: bool,
    /// Security services named in literals (`hunter_bit`s), and the first such literal.
    hunters: u32,
    first_hunter: Option<usize>,
    /// Blocklist address patterns (`"^66.102.*.*"`) in literals.
    ip_wildcards: u16,
    /// A file-reading stream wrapper joined to request input (`bypass`).
    wrapped_request_path: Option<usize>,
}

impl Facts {
    fn at(&self, f: F) -> Option<usize> {
        self.first.iter().find(|(g, _)| *g == f).map(|(_, at)| *at)
    }
    fn has(&self, f: F) -> bool {
        self.at(f).is_some()
    }
}

fn facts<'a>(t: &[Token<'a>], inputs: &[&'a [u8]]) -> Facts {
    let mut f = Facts::default();
    let budget = Budget::for_tokens(t.len());
    let mut recon_seen = [false; 4];
    for (i, tok) in t.iter().enumerate() {
        match &tok.tok {
            Tok::Ident(name) => {
                if !f.stops && (same_ci(name, b"die") || same_ci(name, b"exit")) {
                    f.stops = true;
                }
                let Some(kind) = classify(name) else { continue };
                let called = is_op(t.get(i + 1), b"(");
                if called && kind == F::Recon {
                    f.recon_at.push(i);
                }
                let method = i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::"));
                let defined = i > 0 && ident(&t[i - 1]).is_some_and(|p| same_ci(p, b"function"));
                if !called || method || defined {
                    continue;
                }
                if !f.first.iter().any(|(g, _)| *g == kind) {
                    f.first.push((kind, tok.at));
                }
                let a = || budget.args(t, i + 1);
                match kind {
                    F::Touch => {
                        // (A variable holding another file's time, looked up once.)
                        let saved = |x: &[Token<'_>]| match x {
                            [Token { tok: Tok::Var(v), .. }] if f.backdated.is_none() && holds_file_time(t, v) => {
                                Some(PastTime::AnotherFile)
                            }
                            _ => None,
                        };
                        if let Some(p) = a().get(1).and_then(|x| past_time(x).or_else(|| saved(x))) {
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
                    F::Write if f.writes_script.is_none() => {
                        let data = a().into_iter().nth(1).unwrap_or_default();
                        let script = data.iter().filter_map(str_value).any(|v| {
                            let v = &v[..v.len().min(4096)];
                            memchr::memmem::find(&v.to_ascii_lowercase(), b"<script").is_some()
                        });
                        if script {
                            f.writes_script = Some(tok.at);
                        }
                    }
                    F::Mail if f.mail_to_input.is_none() && a().first().is_some_and(|x| reads_input(x, inputs)) => {
                        f.mail_to_input = Some(tok.at);
                    }
                    F::Getenv if f.user_agent.is_none() || !f.visitor_address => {
                        let key = a().first().and_then(|x| x.first()).and_then(str_value).map(<[u8]>::to_vec);
                        if key.as_deref().is_some_and(|k| k == b"HTTP_USER_AGENT" || k == b"HTTP_REFERER") {
                            f.user_agent.get_or_insert(tok.at);
                            if f.ua_reads.len() < MAX_UA_READS {
                                f.ua_reads.push(i);
                            }
                        }
                        f.visitor_address |= key.is_some_and(|k| VISITOR_ADDRESS.contains(&k.as_slice()));
                    }
                    F::HostName => f.visitor_address = true,
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
                    f.names_site |= key.is_some_and(|k| k == b"HTTP_HOST" || k == b"SERVER_NAME");
                    if key.is_some_and(|k| k == b"HTTP_USER_AGENT" || k == b"HTTP_REFERER") {
                        f.user_agent.get_or_insert(tok.at);
                        if f.ua_reads.len() < MAX_UA_READS {
                            f.ua_reads.push(i);
                        }
                    }
                    f.visitor_address |= key.is_some_and(|k| VISITOR_ADDRESS.contains(&k));
                }
            }
            Tok::Str { value, vars, .. } => {
                // Most literals have none of the words the two readers look for: one scan
                // tells (`LITERAL_GATE` holds both's words; an address pattern starts so).
                if value.len() <= 64 * 1024 && (may_be_ip_wildcard(value) || LITERAL_GATE.any_in(value)) {
                    literal_facts(&mut f, value, &mut recon_seen);
                    blocklist_facts(&mut f, value, tok.at);
                }
                if f.wrapped_request_path.is_none() && bypass::wraps_request_path(t, i, value, inputs) {
                    f.wrapped_request_path = Some(tok.at);
                }
                if f.sql_writes_file.is_none_or(|(_, code)| !code)
                    && value.len() <= 64 * 1024
                    && memchr::memchr2(b'f', b'F', value).is_some()
                    && let Some(m) = SQL_INTO_FILE.find(value)
                {
                    // The match ends in `outfile` or `dumpfile`.
                    let words = m.as_bytes();
                    let code = words[words.len() - 8..].eq_ignore_ascii_case(b"dumpfile")
                        || memchr::memmem::find(value, b"<?").is_some()
                        || memchr::memmem::find(value, b".php").is_some();
                    f.sql_writes_file = Some((tok.at, code));
                }
                if vars.contains(&&b"_SERVER"[..]) && value.len() <= 4096 {
                    // `"$_SERVER[DOCUMENT_ROOT]"`: the key stays in the text.
                    for (k, key) in LOCATION_KEYS.iter().enumerate() {
                        if memchr::memmem::find(value, key).is_some() {
                            f.location_keys |= 1 << k;
                        }
                    }
                }
                if i >= 2 && !f.recon_shown && one_of(&RECON_SETTINGS, value) {
                    let getter = ident(&t[i - 2]).is_some_and(|n| same_ci(n, b"ini_get") || same_ci(n, b"get_cfg_var"));
                    f.recon_shown = getter && is_op(t.get(i - 1), b"(") && is_shown(t, i - 2);
                }
                if i >= 2 && f.protection_restored.is_none() && one_of(&RECON_SETTINGS[..3], value) {
                    let restore = ident(&t[i - 2]).is_some_and(|n| same_ci(n, b"ini_restore"));
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
static ANY_LITERAL_WORD: LazyLock<Regex> = LazyLock::new(|| any_word(&LITERAL_WORDS));
const LITERAL_WORDS: [&str; 24] = [
    "google",
    "bing",
    "yahoo",
    "yandex",
    "baidu",
    "msnbot",
    "slurp",
    "spider",
    "crawl",
    "bot",
    "http://",
    "https://",
    "aHR0c",
    "location",
    "refresh",
    "/bin/",
    "cmd",
    "PRIVMSG",
    "NICK",
    "JOIN",
    "safe_mode",
    "disable_functions",
    "open_basedir",
    "/etc/passwd",
];

/// Every word `literal_facts` and `blocklist_facts` look for (`ANY_LITERAL_WORD`,
/// `SECURITY_HUNTER`): a literal without any of them (and not starting like an address
/// pattern) is not given to them.
static LITERAL_GATE: LazyLock<Words> = LazyLock::new(|| Words::new(LITERAL_WORDS.into_iter().chain(HUNTER_WORDS)));

/// Whether a literal may start like `IP_WILDCARD` (anchored at the start: `^` or a digit).
fn may_be_ip_wildcard(value: &[u8]) -> bool {
    matches!(value.first(), Some(b'^' | b'0'..=b'9'))
}

fn literal_facts(f: &mut Facts, value: &[u8], recon_seen: &mut [bool; 4]) {
    if value.len() > 4096 || !ANY_LITERAL_WORD.is_match(value) {
        return;
    }
    // A search engine's name tested against the visitor, and an address on another site: a
    // search engine's own address (fonts, maps) is neither.
    if !(f.crawler_words && f.url_literal) {
        let url = URL.is_match(value);
        let crawler = CRAWLER.is_match(value);
        f.crawler_words |= crawler && !url;
        f.url_literal |= url && !crawler;
    }
    if !f.redirect && REDIRECT_TEXT.is_match(value) {
        f.redirect = true;
    }
    if !f.shell_literal && SHELL_BINARY.is_match(value) {
        f.shell_literal = true;
    }
    let all_irc = IRC_MESSAGE | IRC_NICK | IRC_JOIN;
    for c in IRC.captures_iter(value).take(if f.irc == all_irc { 0 } else { 4 }) {
        f.irc |= match c.get(1).or_else(|| c.get(2)).map(|m| m.as_bytes()) {
            Some(b"PRIVMSG") => IRC_MESSAGE,
            Some(b"NICK") => IRC_NICK,
            _ => IRC_JOIN,
        };
    }
    // Searchers built once (`memmem::find` would build one per literal and word).
    static RECON_FINDERS: LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        LazyLock::new(|| RECON_SETTINGS.iter().map(memchr::memmem::Finder::new).collect());
    for (k, w) in RECON_SETTINGS.iter().enumerate() {
        if !recon_seen[k] && value.len() >= w.len() && RECON_FINDERS[k].find(value).is_some() {
            recon_seen[k] = true;
        }
    }
}

/// A phishing filter's blocklist entries in one literal: security services by name, networks
/// by address pattern.
fn blocklist_facts(f: &mut Facts, value: &[u8], at: usize) {
    if value.len() > 64 * 1024 {
        return;
    }
    if may_be_ip_wildcard(value) && IP_WILDCARD.is_match(value) {
        f.ip_wildcards = f.ip_wildcards.saturating_add(1);
    }
    if f.hunters.count_ones() < 2 {
        for m in SECURITY_HUNTER.find_iter(value).take(32) {
            f.hunters |= hunter_bit(m.as_bytes());
            f.first_hunter.get_or_insert(at);
        }
    }
}

/// Every family found in one PHP file.
pub fn analyze(text: &[u8], t: &[Token<'_>], o: Options) -> Vec<Shape> {
    analyze_sharing(text, t, o, &OnceCell::new())
}

/// `analyze`, with the file's application facts (`App::of`) made at most once for the caller
/// and the families that ask (a file manager's check and the caller's own).
pub fn analyze_sharing(text: &[u8], t: &[Token<'_>], o: Options, app: &OnceCell<App>) -> Vec<Shape> {
    // The request's variables, found once for this module's families and the kits'.
    let inputs = input_vars(t);
    let f = facts(t, &inputs);
    let mut out = Vec::new();
    let mut add = |why, danger, at| out.push(Shape { why, danger, at });

    // Anti-forensics.
    if let Some((p, at)) = f.backdated {
        let danger = match (p, o.small || f.self_delete.is_some()) {
            (PastTime::DaysAgo | PastTime::FixedDate, true) => Danger::High,
            (PastTime::AnotherFile, true) => Danger::Medium,
            // In a large file alone (test suites set fixed dates on their fixtures): weak.
            (_, false) => Danger::Low,
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
    // Else a mail relay check left by spammers: a small page whose form names the address mail
    // is sent to (to test the server can send before a mass mailer is uploaded).
    if let Some(at) = f.mail_to_input {
        if f.has(F::Loop) && TEXTAREA.is_match(text) {
            add(Why::MailFromInput, Danger::High, at);
        } else if o.small && FORM.is_match(text) {
            add(Why::MailFromInput, Danger::Medium, at);
        }
    }

    // The database made to write a file: a web shell, or a library to take over the server.
    if let Some((at, code)) = f.sql_writes_file {
        add(Why::DatabaseWritesFile, if code { Danger::High } else { Danger::Medium }, at);
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
        && (f.has(F::Mail) || f.has(F::Write) || f.has(F::CurlExec) || (f.has(F::Fetch) && f.url_literal))
    {
        add(Why::CredentialCollector, Danger::High, at);
    }

    // A phishing kit's collector that fingerprints its victim: form fields sent away together
    // with the visitor's host name (looked up from the address), then a redirect onwards.
    if let Some(at) = f.at(F::HostName)
        && f.request_input
        && f.redirect
        && (f.has(F::Mail) || f.has(F::Write) || f.has(F::CurlExec))
        && (o.small || text.len() <= COLLECTOR_WHOLE_FILE)
    {
        add(Why::CredentialCollector, Danger::High, at);
    }

    // Cloaking: search engines' crawlers (or visitors coming from them) told apart, then
    // content fetched from another site or a redirect to one.
    if let Some(ua) = f.user_agent {
        let fetch = f.has(F::CurlExec) || f.has(F::Fetch);
        if f.crawler_words && (fetch || f.redirect) && f.url_literal {
            // The signs are gathered over the whole file: in a large one (a cache plugin that
            // treats crawlers apart and fetches pages) they need not belong together.
            // In a large one, they count when they stand together around one reading of the
            // visitor's browser or referrer (a doorway padded with text to look ordinary).
            let together = o.small || text.len() <= CLOAK_WHOLE_FILE || f.ua_reads.iter().any(|&i| cloak_near(t, i));
            let danger = if together { Danger::High } else { Danger::Low };
            add(Why::SearchEngineCloaking, danger, ua);
        }
    }

    // A phishing kit's filter: the visitor (address, host name, browser, referrer) checked
    // against security services or whole networks' address patterns, and turned away.
    let visitor = f.visitor_address || f.user_agent.is_some();
    let hunted = f.hunters.count_ones() >= 2 || f.ip_wildcards >= MANY_IP_WILDCARDS;
    if visitor && hunted && (f.stops || f.redirect) {
        add(Why::PhishingBotFilter, Danger::High, f.first_hunter.or(f.user_agent).unwrap_or(0));
    }

    // Droppers.
    if let Some(at) = f.php_dropper_literal
        && f.has(F::Write)
    {
        add(Why::WritesCodeWithInput, Danger::High, at);
    }
    if (f.has(F::Shell) || t.iter().any(|x| matches!(x.tok, Tok::Backtick { .. })))
        && let Some(at) = download_and_run(t)
    {
        add(Why::DownloadsProgram, Danger::High, at);
    }

    // Web-shell consoles: server reconnaissance and a file manager driven by the request.
    let (calls, shown) = recon_calls(t, &f.recon_at);
    let shown = shown || f.recon_shown;
    let recon_kinds = calls + usize::from(f.recon_literals);
    let control = [F::DirList, F::FileChange, F::Upload, F::FileRead, F::Write, F::Unlink, F::Shell, F::Shell]
        .iter()
        .filter(|k| f.has(**k))
        .count();
    if recon_kinds >= 3 && shown && control >= 3 && f.request_input && FORM.is_match(text) {
        add(Why::WebShellConsole, Danger::High, f.at(F::Recon).unwrap_or(0));
    }

    // A file the visitor names read through a wrapper that gets round the folder limits.
    if let Some(at) = f.wrapped_request_path {
        add(Why::FileReadFromInput, Danger::High, at);
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

    // Injected JavaScript: a script written into the files found by walking folders (a mass
    // injector), or already in this file.
    if let Some(at) = f.writes_script
        && f.has(F::DirList)
    {
        add(Why::InjectedScript, Danger::High, at);
    }
    if let Some(at) = obfuscated_script(text).or_else(|| THROWAWAY_SCRIPT.find(text).map(|m| m.start())) {
        // Pasted in front of the file's code is how injections look; a plugin printing its
        // own packed script is rarer but real.
        let in_front = memchr::memmem::find(&text[..at], b"<?").is_none();
        add(Why::InjectedScript, if in_front { Danger::High } else { Danger::Medium }, at);
    }
    // A console already says it manages files for a visitor.
    let console = out.iter().any(|s| s.why == Why::WebShellConsole);
    out.extend(
        kits::analyze_with(text, t, o, &inputs, app)
            .into_iter()
            .filter(|s| !(console && s.why == Why::FileManagerShell)),
    );
    // Doorways and beacons read the site's name or place and fetch, mail or write.
    let acts = [F::Fetch, F::CurlExec, F::Mail, F::Write].iter().any(|k| f.has(*k));
    if (f.names_site || f.location_keys != 0) && acts {
        out.extend(doorways::analyze(text, t, o));
    }
    out.extend(mailers::analyze(text, t, o, &inputs));
    out.extend(tools::analyze(text, t, o));
    out.extend(seo::analyze(text));
    out
}

/// Up to this size a collector's signs are taken to belong together.
const COLLECTOR_WHOLE_FILE: usize = 8 << 10;

/// Readings of the visitor's browser or referrer looked around for cloaking.
const MAX_UA_READS: usize = 16;
/// Tokens before and after such a reading that belong to it.
const NEAR_BEFORE: usize = 150;
const NEAR_AFTER: usize = 600;

/// Whether the tokens around the reading at `i` name search engines in a literal, hold another
/// site's address, and redirect or fetch.
fn cloak_near(t: &[Token<'_>], i: usize) -> bool {
    let (mut crawler, mut url, mut action) = (false, false, false);
    let window = &t[i.saturating_sub(NEAR_BEFORE)..t.len().min(i + NEAR_AFTER)];
    for (k, x) in window.iter().enumerate() {
        match &x.tok {
            Tok::Str { value, .. } if value.len() <= 4096 => {
                let (is_url, is_crawler) = (URL.is_match(value), CRAWLER.is_match(value));
                crawler |= is_crawler && !is_url;
                url |= is_url && !is_crawler;
                action |= REDIRECT_TEXT.is_match(value)
                    || (value.len() >= 9 && value[..9].eq_ignore_ascii_case(b"location:"));
            }
            Tok::Ident(n) if is_op(window.get(k + 1), b"(") => {
                action |= matches!(classify(n), Some(F::Fetch | F::CurlExec));
            }
            _ => {}
        }
        if crawler && url && action {
            return true;
        }
    }
    false
}

/// Up to this size a file's cloaking signs are taken to belong together.
const CLOAK_WHOLE_FILE: usize = 16 << 10;

/// The most literal text joined for `download_and_run`.
const MAX_COMMAND_TEXT: usize = 1 << 20;

/// Where the file's literals (commands are often built from several) hold a download that is
/// then started: the literals joined by spaces, never comments.
fn download_and_run(t: &[Token<'_>]) -> Option<usize> {
    let mut text = Vec::new();
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for x in t {
        let (Tok::Str { value, .. } | Tok::Backtick { value, .. }) = &x.tok else { continue };
        if text.len() + value.len() >= MAX_COMMAND_TEXT {
            break;
        }
        starts.push((text.len(), x.at));
        text.extend_from_slice(value);
        text.push(b' ');
    }
    if let Some(m) = PIPED_DOWNLOAD.find(&text) {
        let i = starts.partition_point(|(s, _)| *s <= m.start());
        return starts.get(i.saturating_sub(1)).map(|(_, at)| *at);
    }
    // Each download once: the windows after them are read at most once in all.
    let mut seen_to = 0;
    for m in DOWNLOAD.find_iter(&text) {
        let from = m.end().max(seen_to);
        let to = text.len().min(m.end() + RUN_WINDOW);
        seen_to = to;
        if from < to && RUN.is_match(&text[from..to]) {
            let i = starts.partition_point(|(s, _)| *s <= m.start());
            return starts.get(i.saturating_sub(1)).map(|(_, at)| *at);
        }
    }
    None
}
