//! The signs each family is recognised by: time arguments, words, addresses, script blocks,
//! reconnaissance shown to the visitor.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::tokens::{const_product, ident, is_op, str_value};
use crate::php::{Tok, Token, same_ci};

/// A day in seconds: backdating by less is how tests age a cache file.
pub(super) const DAY: u64 = 86_400;

/// A time argument that sets a file's time into the past on purpose: `time() - <days>`, a
/// fixed date (`strtotime('2015-…')`, `mktime(…)` of numbers, a literal timestamp) or
/// another file's time (`filemtime(...)`, made to match its neighbours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PastTime {
    DaysAgo,
    FixedDate,
    AnotherFile,
}

/// A time days or more back, in `strtotime`'s words (`-400 days`, `- 2 weeks`, `-1 year`).
static RELATIVE_PAST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)^\s*-\s*[1-9][0-9]*\s*(?:day|week|month|year)s?\b").expect("pattern compiles"));

pub(super) fn past_time(arg: &[Token<'_>]) -> Option<PastTime> {
    let names: Vec<Vec<u8>> = arg.iter().filter_map(ident).map(|n| n.to_ascii_lowercase()).collect();
    // `strtotime('-400 days', time())`: days or more back from now. (A time relative to now by
    // minutes, or ahead, is a cache's, not a date to hide behind.)
    let relative = |v: &[u8]| matches!(v.trim_ascii_start().first(), Some(b'+' | b'-'));
    if names.iter().any(|n| n == b"strtotime")
        && let Some(v) = arg.iter().filter_map(str_value).find(|v| relative(v))
    {
        return RELATIVE_PAST.is_match(v).then_some(PastTime::DaysAgo);
    }
    if let Some(i) = arg.iter().position(|t| ident(t).is_some_and(|n| same_ci(n, b"time"))) {
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
    let only_literals = arg.iter().all(|t| matches!(t.tok, Tok::Num(_) | Tok::Str(_) | Tok::Op(_) | Tok::Ident(_)));
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

/// Whether `$v` is given another file's time somewhere (`$t = filemtime($f);`,
/// `$t = @filectime($f);`): touching a file with it makes a changed file look untouched.
pub(super) fn holds_file_time(t: &[Token<'_>], v: &[u8]) -> bool {
    t.windows(4).any(|w| {
        matches!(w[0].tok, Tok::Var(n) if n == v)
            && is_op(Some(&w[1]), b"=")
            && w[2..]
                .iter()
                .find(|x| !is_op(Some(x), b"@"))
                .and_then(ident)
                .is_some_and(|n| same_ci(n, b"filemtime") || same_ci(n, b"filectime"))
    })
}

/// `unlink(__FILE__)`, `unlink($_SERVER['SCRIPT_FILENAME'])`: the running script deletes itself.
pub(super) fn is_own_file(arg: &[Token<'_>]) -> bool {
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
pub(super) static CRAWLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)google|bing|yahoo|yandex|baidu|msnbot|slurp|spider|crawl|\bbot\b").expect("pattern compiles")
});

/// Whether a literal names a crawler, not only one of Google's services (`maps.google.com`,
/// `googleapis.com`: dsIDXpress's map scripts, fresh113).
pub(super) fn names_crawler(value: &[u8]) -> bool {
    CRAWLER.find_iter(value).any(|m| {
        let w = m.as_bytes();
        if !w.eq_ignore_ascii_case(b"google") {
            return true;
        }
        let after = &value[m.end()..];
        let before = &value[..m.start()];
        let service_after = [
            &b"apis"[..],
            b"tagmanager",
            b"usercontent",
            b"syndication",
            b"-analytics",
            b"analytics",
            b"adservices",
            b"maps",
            b"_maps",
            b"fonts",
            b"recaptcha",
        ]
        .iter()
        .any(|s| after.len() >= s.len() && after[..s.len()].eq_ignore_ascii_case(s));
        let service_before = [&b"maps."[..], b"fonts.", b"ajax.", b"apis.", b"translate.", b"docs.", b"drive."]
            .iter()
            .any(|s| before.len() >= s.len() && before[before.len() - s.len()..].eq_ignore_ascii_case(s));
        !(service_after || service_before)
    })
}

/// A literal web address.
/// A literal web address, also base64-encoded (`aHR0cDovL` is `http://`).
pub(super) static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)^\s*https?://|^aHR0cDovL|^aHR0cHM6Ly").expect("pattern compiles"));

/// Whether a literal is an absolute address, also as a redirect's whole header naming its host
/// (`"Location: https://spam.example/"`; not `"Location: https://" . $host`, the site's own).
pub(super) fn is_address(value: &[u8]) -> bool {
    let header_host = || {
        value.len() > 9 && value[..9].eq_ignore_ascii_case(b"location:") && URL.is_match(&value[9..]) && {
            let after = memchr::memmem::find(value, b"://").map_or(value.len(), |k| k + 3);
            value.get(after).is_some_and(u8::is_ascii_alphanumeric)
        }
    };
    URL.is_match(value) || header_host()
}

/// A page sending the browser elsewhere from script or markup.
pub(super) static REDIRECT_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)\b(?:window\.|document\.)?location(?:\.href)?\s*=|location\.replace\(|http-equiv=["']?refresh"#)
        .expect("pattern compiles")
});

/// A shell command that downloads something…
pub(super) static DOWNLOAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(?:wget|curl|fetch|lwp-download|lynx\s+-source|GET)\s[^\n;|]{0,200}(?:https?|ftp)://")
        .expect("pattern compiles")
});
/// A download printed straight into an interpreter (`wget -O - host/x | perl`,
/// `curl -s https://… | sh`): the address needs no scheme, the program never touches the disk.
pub(super) static PIPED_DOWNLOAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)\b(?:wget|curl|fetch|lwp-download|lynx\s+-source|GET)\s[^\n;|&]{0,200}\|\s*",
        r"(?:sudo\s+)?(?:perl|python[23]?|php|ruby|(?:ba|da|z|k)?sh)(?:\s|$)",
    ))
    .expect("pattern compiles")
});
/// A download run by a shell as the text of its command (`bash -c "$(curl -fsSL https://…)"`,
/// `eval "$(wget -qO- …)"`): like a download piped into a shell, it never touches the disk
/// (fresh111's gsocket installers in PHP's `system(…)`).
pub(super) static SUBSTITUTED_DOWNLOAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?-u)(?:\b(?:ba|da|z)?sh\s+-c|\beval)\s+["']?\$\(\s*(?:curl|wget)\s[^)\n]{0,200}https?://"#)
        .expect("pattern compiles")
});
/// …and then starts it or makes it executable (looked for in the text after the download).
pub(super) static RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)chmod\s+(?:\+x|[0-7]{3,4})|\./[a-z0-9_.-]|",
        // An interpreter given a script file (not `php -r`, not a word in a sentence).
        r"\b(?:perl|python[23]?|php|sh|bash|nohup)\s+(?:-\S+\s+)*(?:/tmp/|/var/tmp/|/dev/shm/|[\w.-]+\.(?:pl|py|sh|php|bin|txt)\b)",
    ))
        .expect("pattern compiles")
});
/// How far after a download its start is looked for.
pub(super) const RUN_WINDOW: usize = 400;

/// A shell started for a remote user: the payload of reverse and bind shells.
pub(super) static SHELL_BINARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)/bin/(?:ba|z|c|k|tc|da)?sh\b|\bcmd\.exe\b|\bsh -i\b").expect("pattern compiles")
});

/// IRC commands (bots take orders in a channel): a message, or a nickname and a channel
/// sent at the start of a line.
pub(super) static IRC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)\b(PRIVMSG)\b|(?:^|\n)(NICK|JOIN) ").expect("pattern compiles"));

/// Hidden JavaScript in a `<script>` block: obfuscator names, character codes, runs of
/// hex escapes, a packer. Ordinary scripts printed by themes have none of these.
pub(super) static SCRIPT_OPEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)<script(?:\s[^<>]{0,200})?>").expect("pattern compiles"));
pub(super) static OBFUSCATED_JS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)\b_0x[0-9a-f]{4,}\b|String\.fromCharCode\(\s*\d+\s*,\s*\d+\s*,\s*\d+|",
        r"(?:\\x[0-9a-f]{2}){8}|(?:\\u00[0-9a-f]{2}){8}|eval\(function\(p,a,c,k,e",
    ))
    .expect("pattern compiles")
});
/// The longest script body looked into.
pub(super) const SCRIPT_WINDOW: usize = 20_000;

/// The first `<script>` block whose body (up to the next `<`) is obfuscated.
pub(super) fn obfuscated_script(text: &[u8]) -> Option<usize> {
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
pub(super) static THROWAWAY_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)<script[^>]{0,200}\bsrc\s*=\s*["']?(?:https?:)?//[a-z0-9.-]+\.(?:ga|tk|ml|cf|gq|xyz|top|pw|icu|buzz|"#,
        r#"club|online|site|space|website|fun|monster|rest|cyou)(?:[/:"'\s>?])"#,
    ))
    .expect("pattern compiles")
});

/// A box for many lines (a mass mailer's list of addresses).
pub(super) static TEXTAREA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)<textarea\b").expect("pattern compiles"));

/// A form for the visitor (web-shell consoles are pages to click in).
pub(super) static FORM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)<(?:form|input|textarea)\b").expect("pattern compiles"));

/// PHP's protections (the first three) and the file listing the server's accounts: what a
/// web shell reads out first.
pub(super) const RECON_SETTINGS: [&[u8]; 4] = [b"safe_mode", b"disable_functions", b"open_basedir", b"/etc/passwd"];

/// Another account's site files (`'/home/' . $user . '/public_html/…'`, `'/home/' .
/// $owner['name'] . '/public_html'`): how config grabbers collect every site's database
/// password.
pub(super) static OTHER_SITES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)(?:/home\d*/["']\s*\.\s*\$[a-z_0-9]+(?:\[[^\]\n]{1,24}\])?\s*\.\s*["']|/home\d*/\$[a-z_0-9]+|/home\d*/\{\$[a-z_0-9]+\})"#,
        r#"/(?:public_html|www|htdocs)(?:/|\w{0,8}["'])"#,
    ))
    .expect("pattern compiles")
});

/// The server's root, homes or accounts list linked into the site.
pub(super) static SYSTEM_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)\bsymlink\s*\(\s*["']/(?:["']|home\d*/?["']|etc/passwd|var/www/?["'])"#)
        .expect("pattern compiles")
});

/// Where a file sits on the server: what a planted script mails home so the attacker finds it.
pub(super) const LOCATION_KEYS: [&[u8]; 4] = [b"SCRIPT_FILENAME", b"DOCUMENT_ROOT", b"PATH_TRANSLATED", b"SERVER_ADDR"];

/// How many different reconnaissance functions the file calls (`calls`: the token indices of
/// its calls of them, in order), and whether one of them is shown to the visitor
/// (`echo php_uname()`, `'<td>' . get_current_user()`): a console prints what it found out, a
/// library uses it.
pub(super) fn recon_calls<'a>(t: &[Token<'a>], calls: &[usize]) -> (usize, bool) {
    let mut seen: Vec<&'a [u8]> = Vec::new();
    let mut held: Vec<&'a [u8]> = Vec::new();
    let mut shown = false;
    for &i in calls {
        let Tok::Ident(n) = t[i].tok else { continue };
        if !seen.iter().any(|s| same_ci(s, n)) && seen.len() < 32 {
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
            Tok::Str(quoted) => quoted.vars.iter().any(|v| held.contains(v)),
            Tok::Var(v) => held.contains(v) && is_shown(t, i),
            _ => false,
        });
    }
    (seen.len(), shown)
}

/// Whether the expression at `i` is printed: part of a concatenation, or in an `echo` or
/// `print` statement.
pub(super) fn is_shown(t: &[Token<'_>], i: usize) -> bool {
    if i > 0 && is_op(t.get(i - 1), b".") {
        return true;
    }
    for back in t[..i].iter().rev().take(40) {
        match back.tok {
            Tok::Op(b";" | b"{" | b"}") | Tok::Close => return false,
            Tok::Ident(w) if same_ci(w, b"echo") || same_ci(w, b"print") => return true,
            // (Or dumped: fresh127's `var_dump(file_get_contents($_GET["f"]))`.)
            Tok::Ident(w) if same_ci(w, b"var_dump") || same_ci(w, b"print_r") || same_ci(w, b"printf") => {
                return true;
            }
            _ => {}
        }
    }
    false
}

/// SQL that writes a file on the server (`SELECT … INTO OUTFILE '…'`, `INTO DUMPFILE`).
pub(super) static SQL_INTO_FILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)\binto\s+(?:out|dump)file").expect("pattern compiles"));

/// Security vendors, blocklists and anti-phishing services: what a phishing kit's filter
/// turns away (by their crawlers' host names, browsers or referrers) so that its page is not
/// reported. A site's own code has no reason to hide from them.
pub(super) static SECURITY_HUNTER: LazyLock<Regex> = LazyLock::new(|| any_word(&HUNTER_WORDS));
/// `HUNTER_WORDS`' bits of the anti-phishing services (PhishTank, OpenPhish).
pub(super) const ANTI_PHISHING: u32 = 0b11;
/// `SECURITY_HUNTER`'s names (case-insensitive), also part of the literals' one gate.
pub(super) const HUNTER_WORDS: [&str; 20] = [
    "phishtank",
    "openphish",
    "spamhaus",
    "virustotal",
    "urlscan",
    "safebrowsing",
    "netcraft",
    "kaspersky",
    "bitdefender",
    "avast",
    "sophos",
    "fortinet",
    "mcafee",
    "trendmicro",
    "zscaler",
    "forcepoint",
    "websense",
    "bluecoat",
    "paloalto",
    "surbl",
];

/// A byte regex for any of `words` (literal text, ASCII case ignored).
pub(super) fn any_word(words: &[&str]) -> Regex {
    let words: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    Regex::new(&format!("(?i-u){}", words.join("|"))).expect("pattern compiles")
}

/// The security services a text names (a bit each, `hunter_bit`), and where the first stands.
pub(crate) fn hunters_named(text: &[u8]) -> (u32, Option<usize>) {
    SECURITY_HUNTER
        .find_iter(text)
        .take(64)
        .fold((0, None), |(bits, first), m| (bits | hunter_bit(m.as_bytes()), first.or(Some(m.start()))))
}

/// Which of `SECURITY_HUNTER`'s names a match is (a bit each), so a list is counted by
/// different names, not by repeats.
pub(super) fn hunter_bit(m: &[u8]) -> u32 {
    HUNTER_WORDS.iter().position(|w| same_ci(m, w.as_bytes())).map_or(0, |i| 1 << i)
}

/// An address pattern of a blocklist (`"^66.102.*.*"`, `"66.249.*"`): ranges of whole
/// networks, written as wildcards, not the single addresses or CIDR blocks of a firewall.
pub(super) static IP_WILDCARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)^\^?[0-9]{1,3}\\?\.[0-9]{1,3}\\?\.(?:\*|[0-9]{1,3}\\?\.\*)").expect("pattern compiles")
});

/// Blocklist entries that make a file a phishing filter on their own (with a visitor test and
/// a way to turn the visitor away).
pub(super) const MANY_IP_WILDCARDS: u16 = 20;

/// Server keys naming the visitor's address.
pub(super) const VISITOR_ADDRESS: [&[u8]; 4] =
    [b"REMOTE_ADDR", b"HTTP_X_FORWARDED_FOR", b"HTTP_CLIENT_IP", b"HTTP_CF_CONNECTING_IP"];

/// PHP's own names (its globals, the server's keys, decoders and sinks) that code has no
/// reason to spell in escape codes (`"\x47L\x4f\x42AL\x53"` is `GLOBALS`): obfuscators do, so
/// that a search for the name finds nothing. `GLOBALS` first.
pub(crate) const ESCAPED_NAMES: [&[u8]; 40] = [
    b"GLOBALS",
    b"_GET",
    b"_POST",
    b"_COOKIE",
    b"_REQUEST",
    b"_SERVER",
    b"_FILES",
    b"REMOTE_ADDR",
    b"HTTP_USER_AGENT",
    b"HTTP_REFERER",
    b"HTTP_HOST",
    b"REQUEST_URI",
    b"HTTP_X_FORWARDED_FOR",
    b"HTTP_CLIENT_IP",
    b"DOCUMENT_ROOT",
    b"SCRIPT_FILENAME",
    b"eval",
    b"assert",
    b"base64_decode",
    b"gzinflate",
    b"gzuncompress",
    b"str_rot13",
    b"strrev",
    b"create_function",
    b"system",
    b"exec",
    b"shell_exec",
    b"passthru",
    b"popen",
    b"proc_open",
    b"file_put_contents",
    b"file_get_contents",
    b"fwrite",
    b"curl_exec",
    b"call_user_func",
    b"preg_replace",
    b"pack",
    b"hex2bin",
    b"move_uploaded_file",
    b"mail",
];

/// Where `ESCAPED_NAMES`'s functions' names start (the first sixteen are the request's arrays
/// and the server's keys), and their bits.
pub(crate) const FUNCTION_NAMES_FROM: usize = 16;
pub(super) const FUNCTION_NAMES: u64 = !((1 << FUNCTION_NAMES_FROM) - 1);

/// Distinct escaped names that make a file obfuscated on their own.
pub(super) const MANY_ESCAPED_NAMES: u32 = 4;

/// Which of `ESCAPED_NAMES` a literal spelled with at least two escapes is (a bit), if any.
pub(super) fn escaped_name_bit(value: &[u8], escapes: u32) -> u64 {
    if escapes < 2 || value.len() > 24 {
        return 0;
    }
    ESCAPED_NAMES.iter().position(|n| same_ci(value, n)).map_or(0, |i| 1 << i)
}

/// Which of `ESCAPED_NAMES`' functions a literal written in base64 is (`"cGFjaw=="` is `pack`,
/// `"c3lzdGVt"` is `system`), a bit, if any: GladiusPHP's loaders (fresh123's `checkbox.php`)
/// decode their function list so. None of 273,100 files of applications holds one.
pub(super) fn base64_name_bit(value: &[u8]) -> u64 {
    const LONGEST: usize = 24;
    let fits = (8..=32).contains(&value.len()) && value.len().is_multiple_of(4);
    if !fits || !value.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=')) {
        return 0;
    }
    use base64::Engine as _;
    let mut buf = [0u8; LONGEST];
    let Ok(n) = base64::engine::general_purpose::STANDARD.decode_slice(value, &mut buf) else { return 0 };
    // (The request's and the server's keys so kept are `encoded_key`'s.)
    ESCAPED_NAMES.iter().position(|name| same_ci(&buf[..n], name)).map_or(0, |i| (1u64 << i) & FUNCTION_NAMES)
}

/// Which of `ESCAPED_NAMES` a literal written as hexadecimal digits is (`"7368656c6c5f65786563"`
/// is `shell_exec`), a bit, if any: web shells keep their function list so.
pub(super) fn hex_name_bit(value: &[u8]) -> u64 {
    const LONGEST: usize = 24;
    if value.len() < 6 || value.len() > 2 * LONGEST || !value.len().is_multiple_of(2) {
        return 0;
    }
    let mut buf = [0u8; LONGEST];
    for (k, pair) in value.chunks_exact(2).enumerate() {
        let digit = |c: u8| (c as char).to_digit(16);
        let (Some(hi), Some(lo)) = (digit(pair[0]), digit(pair[1])) else { return 0 };
        buf[k] = (hi * 16 + lo) as u8;
    }
    let name = &buf[..value.len() / 2];
    ESCAPED_NAMES.iter().position(|n| same_ci(name, n)).map_or(0, |i| 1 << i)
}
