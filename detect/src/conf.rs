//! Rules for the files that change how the web server and PHP treat a folder: `.htaccess`,
//! `.user.ini`, `php.ini`. Blocks written by well-known plugins (WordPress itself, Wordfence's
//! firewall, WP Super Cache, W3 Total Cache, LiteSpeed Cache) are recognised by their exact
//! markers and skipped; what is left is read line by line.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::detect::{Danger, Why};

/// One finding in a configuration file: what, how bad, the byte offset of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfHit {
    pub why: Why,
    pub danger: Danger,
    pub at: usize,
    pub evidence: String,
}

/// (begin marker, end marker, what must hold inside for the block to be skipped; no block is
/// skipped whose rewrites send pages to a hidden or made-up script).
const KNOWN_BLOCKS: &[(&str, &str, Inside)] = &[
    ("# BEGIN WordPress", "# END WordPress", Inside::Any),
    ("# BEGIN WPSuperCache", "# END WPSuperCache", Inside::Any),
    ("# BEGIN W3TC", "# END W3TC", Inside::Any),
    ("# BEGIN LSCACHE", "# END LSCACHE", Inside::Any),
    ("# BEGIN NON_LSCACHE", "# END NON_LSCACHE", Inside::Any),
    ("# SOFTACULOUS Enable bot protection", "# SOFTACULOUS Enable bot protection End", Inside::BotRules),
    ("# Wordfence WAF", "# END Wordfence WAF", Inside::Prepends("/wordfence-waf.php")),
    ("; Wordfence WAF", "; END Wordfence WAF", Inside::Prepends("/wordfence-waf.php")),
    // All In One WP Security's firewall (fresh113's site).
    ("# Begin AIOWPSEC Firewall", "# End AIOWPSEC Firewall", Inside::Prepends("/aios-bootstrap.php")),
    ("; Begin AIOWPSEC Firewall", "; End AIOWPSEC Firewall", Inside::Prepends("/aios-bootstrap.php")),
];

#[derive(Clone, Copy)]
enum Inside {
    Any,
    /// Every `auto_prepend_file` in the block loads the security plugin's own file (Wordfence's
    /// `wordfence-waf.php`, All In One WP Security's `aios-bootstrap.php`).
    Prepends(&'static str),
    /// Only rewrites turning browsers away by their names: `RewriteEngine`, conditions on
    /// `HTTP_USER_AGENT`, rules (Softaculous's bot protection).
    BotRules,
}

/// Standard extensions per handler kind: anything else mapped to a handler is invented.
const PHP_EXT: &[&str] = &["php", "php3", "php4", "php5", "php7", "php8", "phtml", "pht", "phps", "inc"];
/// What a handler that runs PHP may be given: `.phps` is for the source highlighter only
/// (`application/x-httpd-php-source`); run as code, it hides a script from scanners.
const PHP_RUN_EXT: &[&str] = &["php", "php3", "php4", "php5", "php7", "php8", "phtml", "pht", "inc"];
const CGI_EXT: &[&str] = &["cgi", "pl", "py", "sh", "rb"];
const SSI_EXT: &[&str] = &["shtml", "shtm", "stm"];

macro_rules! re {
    ($name:ident, $p:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($p).expect("pattern compiles"));
    };
}

re!(
    PREPEND,
    r"(?i-u)^\s*(?:php_value\s+|php_admin_value\s+)?auto_(?:prepend|append)_file\s*=?\s*['\x22]?([^'\x22\s;]*)"
);
re!(HANDLER, r"(?i-u)^\s*(AddHandler|AddType|AddOutputFilter|SetHandler|ForceType|AddOutputFilterByType)\s+(\S+)(.*)$");
re!(FILES_OPEN, r"(?i-u)^\s*<Files(?:Match)?\s+(.*)>");
re!(FILES_CLOSE, r"(?i-u)^\s*</Files(?:Match)?\s*>");
re!(DENY_ALL, r"(?i-u)^\s*(?:Deny\s+from\s+all|Require\s+all\s+denied)\b");
re!(ALLOW_ALL, r"(?i-u)^\s*(?:Allow\s+from\s+all|Require\s+all\s+granted)\b");
re!(ORDER, r"(?i-u)^\s*Order\s+(?:allow\s*,\s*deny|deny\s*,\s*allow)\s*$");
re!(
    WEAKEN,
    r"(?i-u)^\s*(?:php_value\s+|php_admin_value\s+|php_flag\s+|php_admin_flag\s+)?(disable_functions|allow_url_include)\s*=?\s*['\x22]?([^'\x22;\s]*)"
);
re!(OPTIONS, r"(?i-u)^\s*Options\s+(.*)$");
re!(SAFE_MODE_OFF, r"(?i-u)^\s*(?:php_(?:admin_)?flag\s+)?safe_mode\s*=?\s*['\x22]?(?:off|0|false|no)\b");
// PHP switched back on for the folder: hosts and security plugins switch it off where only
// uploads belong (`php_flag engine off`); nothing but a file that wants scripts run there
// switches it on.
re!(ENGINE_ON, r"(?i-u)^\s*php_(?:admin_)?flag\s+engine\s+(?:on|1|true)\s*$");
re!(SATISFY_ANY, r"(?i-u)^\s*Satisfy\s+Any\b");
// A folder's index set to a page that is not a site's usual start page: a listing is shown.
re!(ODD_INDEX, r"(?i-u)^\s*DirectoryIndex\s+(?:[^\si]|i[^\sn])\S*\.(?:htm|html|txt)\s*$");
re!(XBITHACK, r"(?i-u)^\s*XBitHack\s+(on|full)\b");
re!(COND, r"(?i-u)^\s*RewriteCond\s+%\{HTTP_(USER_AGENT|REFERER)\}\s+(\S+)");
// A variable set from the browser's name or the referrer (`SetEnvIfNoCase User-Agent "Google"
// is_google_bot=1`), and a condition on it (`RewriteCond %{ENV:is_google_bot} =1`).
re!(SET_ENV_IF, r#"(?i-u)^\s*SetEnvIf(?:NoCase)?\s+(?:User-Agent|Referer)\s+("[^"]*"|\S+)\s+!?([\w-]+)"#);
re!(ENV_COND, r"(?i-u)^\s*RewriteCond\s+%\{ENV:([\w-]+)\}\s+(\S+)");
// A condition on the page asked for (`RewriteCond %{REQUEST_URI} !^/index.php$`).
re!(URI_COND, r"(?i-u)^\s*RewriteCond\s+%\{(?:REQUEST_URI|REQUEST_FILENAME|SCRIPT_FILENAME|SCRIPT_NAME)\}\s+(!?)(\S+)");
// A rewrite that refuses the request (`- [F]`, `[R=403]`, `[R=404]`, `[G]`).
re!(RULE_REFUSES, r"(?i-u)^\s*RewriteRule\s+\S+\s+-\s+\[[^\]]*\b(?:F|G|R=40[34]|R=410)\b");
re!(RULE, r"(?i-u)^\s*(?:RewriteRule\s+\S+|Redirect(?:Match|Permanent|Temp)?(?:\s+\d{3})?\s+\S+)\s+(\S+)");
re!(URL_HOST, r"(?i-u)^https?://([a-z0-9.-]+)");
// Every `.html` address rewritten to the bare `index.php` (`RewriteRule .*.html?$ index.php
// [L]`): no folder, no name handed on.
re!(EVERY_HTML_TO_INDEX, r"(?i-u)^\s*RewriteRule\s+\^?[.*()\\]*html?\??\$?\s+/?index\.php(?:\s+\[[^\]]*\])?\s*$");
// Any condition of a rewrite.
re!(ANY_COND, r"(?i-u)^\s*RewriteCond\s");
// A request for a program (`.exe`, `.dll`, `.vbs`…) rewritten to a PHP script, the address not
// handed on (`RewriteRule ([^/]*.exe) p_univ.php [NC]`): the ending, then the script.
re!(
    PROGRAM_RULE,
    r"(?i-u)^\s*RewriteRule\s+\S*\.\W{0,3}(exe|dll|vbs|scr|msi|jar|bat|ps1|apk)\b\S*\s+([^\s$]+\.php)(?:\s|$)"
);
re!(SSI_EXEC, r"(?i-u)<!--\s*#\s*(exec|include\s+virtual\s*=\s*['\x22]?https?:)");

// How server settings start (`<IfModule …>`, `RewriteEngine On`, `Order Allow,Deny`…); no
// script or style sheet does.
re!(
    DIRECTIVE_START,
    r"(?i-u)\A(?:\s*#[^\n]*\n)*\s*(?:<IfModule\s|<Files(?:Match)?\s|RewriteEngine\s|RewriteRule\s|RewriteCond\s|Order\s+(?:allow|deny)|Deny\s+from\s|Allow\s+from\s|Require\s+all\s|Options\s+[+-]?[A-Z]|AddHandler\s|SetHandler\s|AddType\s|php_(?:value|flag)\s)"
);

/// The most pages a lockdown's conditions are read for.
const MAX_ALLOWED: usize = 32;

/// Whether a file's text is server settings (an `.htaccess` kept under another name, ready to
/// be copied back over the site's own).
/// (A byte-order mark in front, as an editor saves it, is no text of its own.)
pub fn is_server_settings(text: &[u8]) -> bool {
    let text = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(text);
    DIRECTIVE_START.is_match(&text[..text.len().min(4096)])
}

/// A line that turns visitors away by their host: `deny from HOST`, `Require not host HOST`.
/// (A condition or an environment variable may as well let them in: a maintenance page that
/// admits the scanners.)
static TURNS_AWAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)^\s*(?:deny\s+from|require\s+not\s+host)\s").expect("pattern compiles"));
/// Different security services named before a server's settings are a kit's filter.
const MANY_HUNTERS: u32 = 3;
/// Google's hosts and crawler networks in a turning-away line (`google.com`, `66.249.…`,
/// `64.233.…`, `66.102.…`, `72.14.…`, `74.125.…`, `209.85.…`, `216.239.…`).
static GOOGLE_NETWORK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\sgoogle(?:bot)?\.com\b|\s(?:66\.249|64\.233|66\.102|72\.14|74\.125|209\.85|216\.239)\.")
        .expect("pattern compiles")
});
/// How many such lines make a kit's filter (not one address denied by mistake).
const MANY_GOOGLE_LINES: usize = 3;

/// Findings in a configuration file named `name` (`.htaccess`, `.user.ini`, `php.ini`).
pub fn check(name: &str, text: &[u8], own_domains: &[String]) -> Vec<ConfHit> {
    let mut out = Vec::new();
    let lines = lines(text);
    let skipped = known_blocks(&lines);
    let htaccess = name == ".htaccess";
    // Lockdown state: the current <Files> pattern, and what denies/allows we saw.
    let mut files_pattern: Option<&[u8]> = None;
    // The section's pattern is a regular expression (`<FilesMatch …>`, `<Files ~ …>`).
    let mut files_regex = false;
    let mut files_match_php = false;
    let mut deny_php: Option<usize> = None;
    let mut allowed_php: Vec<String> = Vec::new();
    let mut allow_at = 0;
    // `<Files *.php>` allowed (judged at the end, by what else the file says).
    let mut every_php_allowed: Option<usize> = None;
    let mut engine_on = false;
    // Lines saying something, and the first one switching PHP's safe mode off.
    let (mut said, mut safe_mode_off) = (0usize, None);
    // Directives other than a `<Files>` block's own and its grants.
    let mut other_directives = false;
    let mut cond: Option<(usize, bool)> = None;
    // Variables set from the browser's name or the referrer, and whether a search engine's.
    let mut browser_vars: Vec<(Vec<u8>, bool)> = Vec::new();
    // Whether conditions (of any kind) wait for the next rule.
    let mut conds_pending = false;
    // A negated browser condition inside a <Files> block of PHP files, waiting for its rule.
    let mut ua_key: Option<usize> = None;
    // Conditions waiting for their rule: PHP pages asked for, and the pages let through.
    let (mut uri_php, mut uri_allowed) = (false, Vec::<String>::new());
    // Symlink browsing: folder listings and links followed, opened to everyone.
    let (mut indexes, mut follow) = (false, false);
    let mut browse_at: Option<usize> = None;
    let mut opener: Option<usize> = None;
    // Security services turned away by name (their hosts, crawlers or referrers), and where
    // the first such line is.
    let (mut hunters, mut hunter_at) = (0u32, None);
    let (mut google_denied, mut google_at) = (0usize, None);
    // Programs' endings (bits) rewritten to one script, and the first such line.
    let mut program_rules: Option<(Vec<u8>, u16, usize)> = None;
    for (k, &(at, line)) in lines.iter().enumerate() {
        if skipped[k] {
            continue;
        }
        let t = line.trim_ascii();
        if t.is_empty() || t.starts_with(b"#") || t.starts_with(b";") {
            continue;
        }
        said += 1;
        if SAFE_MODE_OFF.is_match(t) {
            safe_mode_off.get_or_insert(at);
            continue;
        }
        other_directives |=
            !(FILES_OPEN.is_match(t) || FILES_CLOSE.is_match(t) || ALLOW_ALL.is_match(t) || ORDER.is_match(t));
        let mut hit = |why: Why, danger: Danger| {
            out.push(ConfHit { why, danger, at, evidence: evidence(t) });
        };
        let conditioned = std::mem::replace(&mut conds_pending, ANY_COND.is_match(t));
        // Every `.html` page, whether it exists or not, handed to `index.php` with nothing of
        // its address (fresh140's hacked sites: the spam generator put in `index.php` answers
        // for thousands of made-up pages). A site's own rule hands the name on
        // (`index.php?page=$1`) or leaves real files alone (`RewriteCond %{REQUEST_FILENAME} !-f`).
        if !conditioned && EVERY_HTML_TO_INDEX.is_match(t) {
            hit(Why::RewriteToHiddenScript, Danger::Medium);
            continue;
        }
        if let Some(c) = PREPEND.captures(t) {
            let target = c.get(1).map_or(&b""[..], |m| m.as_bytes()).to_ascii_lowercase();
            if !target.is_empty() && target != b"none" {
                let odd = !target.ends_with(b".php")
                    || target.windows(2).any(|w| w == b"/.")
                    || [b"/tmp/".as_slice(), b"/uploads/", b"/images/", b"/cache/"]
                        .iter()
                        .any(|d| target.windows(d.len()).any(|w| w == *d));
                hit(Why::PrependAppend, if odd { Danger::Critical } else { Danger::High });
            }
            continue;
        }
        if let Some(c) = WEAKEN.captures(t) {
            let key = c[1].to_ascii_lowercase();
            let val = c[2].to_ascii_lowercase();
            let weak = if key == b"disable_functions" {
                matches!(val.as_slice(), b"none" | b"" | b"off" | b"0")
            } else {
                matches!(val.as_slice(), b"on" | b"1" | b"true" | b"yes")
            };
            if weak {
                hit(Why::PhpWeakened, Danger::High);
            }
            continue;
        }
        if !htaccess {
            continue;
        }
        if (hunters.count_ones() < MANY_HUNTERS || google_denied < MANY_GOOGLE_LINES) && TURNS_AWAY.is_match(t) {
            let (bits, first) = crate::shapes::hunters_named(t);
            hunters |= bits;
            if first.is_some() {
                hunter_at.get_or_insert(at);
            }
            if GOOGLE_NETWORK.is_match(t) {
                google_denied += 1;
                google_at.get_or_insert(at);
            }
        }
        if let Some(c) = FILES_OPEN.captures(t) {
            files_pattern = Some(c.get(1).map_or(&b""[..], |m| m.as_bytes()));
            files_regex = t.trim_ascii_start().get(..11).is_some_and(|h| h.eq_ignore_ascii_case(b"<FilesMatch"))
                || files_pattern.is_some_and(|p| p.starts_with(b"~"));
            // (Read once a section: a section of many lines compiles its pattern once.)
            files_match_php =
                files_pattern.is_some_and(|p| if files_regex { matches_php_files(p) } else { glob_matches_php(p) });
            continue;
        }
        if FILES_CLOSE.is_match(t) {
            files_pattern = None;
            continue;
        }
        if let Some(p) = files_pattern {
            let pl = p.to_ascii_lowercase();
            // `.suspected` is the ending hosts' malware scanners give the files they find: a
            // rule about it is malware guarding its quarantined copies or locking out rivals'.
            if (DENY_ALL.is_match(t) || ALLOW_ALL.is_match(t)) && pl.windows(9).any(|w| w == b"suspected") {
                hit(Why::PhpLockdown, Danger::High);
            }
            // `<FilesMatch "^(?!op\.php$).*$">` denied: every file but the one named.
            if DENY_ALL.is_match(t)
                && files_regex
                && let Some(names) = all_but(&pl).filter(|n| !n.is_empty())
            {
                deny_php.get_or_insert(at);
                allow_at = at;
                allowed_php.extend(names.into_iter().take(MAX_ALLOWED.saturating_sub(allowed_php.len())));
            } else if DENY_ALL.is_match(t)
                && (pl.windows(3).any(|w| w == b"php") || files_match_php)
                && names_php_files(&pl).is_empty()
            {
                deny_php = Some(at);
            }
            if ALLOW_ALL.is_match(t) {
                let names = names_php_files(&pl);
                if !names.is_empty() {
                    allow_at = at;
                    allowed_php.extend(names.into_iter().take(MAX_ALLOWED.saturating_sub(allowed_php.len())));
                } else if reallows_every_php(&pl) {
                    hit(Why::PhpReallowed, Danger::High);
                } else if names_every_php(&pl) {
                    every_php_allowed.get_or_insert(at);
                }
            }
        }
        if let Some(c) = HANDLER.captures(t) {
            let directive = c[1].to_ascii_lowercase();
            let handler = c[2].to_ascii_lowercase();
            let rest = c[3].to_ascii_lowercase();
            let kind = if handler.ends_with(b"-source") {
                Some(PHP_EXT)
            } else if handler.windows(3).any(|w| w == b"php") || handler.starts_with(b"application/x-httpd") {
                Some(PHP_RUN_EXT)
            } else if handler == b"cgi-script" || handler.starts_with(b"perl") || handler.starts_with(b"python") {
                Some(CGI_EXT)
            } else if handler == b"server-parsed" || handler == b"includes" {
                Some(SSI_EXT)
            } else {
                None
            };
            if kind.is_none() && shows_php_as_text(&directive, &handler, &rest, files_pattern) {
                hit(Why::PhpSourceShown, Danger::High);
                continue;
            }
            let Some(std) = kind else { continue };
            let ssi = std == SSI_EXT;
            match directive.as_slice() {
                b"sethandler" | b"forcetype" => {
                    // Every file here (or those the <Files> block names) runs as a program,
                    // unless handed to PHP-FPM's socket (`"proxy:unix:…|fcgi://…"`, quoted or not).
                    let to_fpm = handler.strip_prefix(b"\"").unwrap_or(&handler).starts_with(b"proxy:");
                    let odd = match files_pattern {
                        None => !to_fpm,
                        Some(p) => names_data_files(&p.to_ascii_lowercase()) && !to_fpm,
                    };
                    if odd {
                        hit(if ssi { Why::SsiExec } else { Why::HandlerOnData }, Danger::High);
                    }
                }
                _ => {
                    let exts: Vec<&[u8]> = rest
                        .split(|c| c.is_ascii_whitespace())
                        .filter(|e| !e.is_empty())
                        .map(|e| e.strip_prefix(b".").unwrap_or(e))
                        .collect();
                    let invented = exts.iter().any(|e| !std.iter().any(|s| s.as_bytes() == *e));
                    if invented {
                        hit(if ssi { Why::SsiExec } else { Why::HandlerOnData }, Danger::High);
                    }
                }
            }
            continue;
        }
        if ENGINE_ON.is_match(t) {
            engine_on = true;
            continue;
        }
        if let Some(c) = OPTIONS.captures(t) {
            let opts = c[1].to_ascii_lowercase();
            let on = |o: &[u8]| {
                opts.split(|c| c.is_ascii_whitespace())
                    .any(|w| w == o || (w.len() > o.len() && w[0] == b'+' && &w[1..] == o))
            };
            indexes |= on(b"indexes") || on(b"all");
            follow |= on(b"followsymlinks") || on(b"all");
            if indexes && follow {
                browse_at.get_or_insert(at);
            }
            continue;
        }
        if SATISFY_ANY.is_match(t) || ODD_INDEX.is_match(t) {
            opener.get_or_insert(at);
            continue;
        }
        if XBITHACK.is_match(t) {
            hit(Why::SsiExec, Danger::Medium);
            continue;
        }
        if let Some(c) = URI_COND.captures(t) {
            let pattern = c[2].to_ascii_lowercase();
            if c[1].is_empty() {
                uri_php |= pattern.windows(3).any(|w| w == b"php");
            } else if uri_allowed.len() < MAX_ALLOWED {
                // (Bare names in the site's folder: an application's own rules let its paths in
                // subfolders through, `!/core/modules/…/test_index.php`.)
                let names = names_php_files(&pattern).into_iter().map(|n| n.trim_start_matches('/').to_owned());
                uri_allowed.extend(
                    names.filter(|n| n.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))),
                );
            }
            continue;
        }
        // Every PHP page refused but the ones the conditions let through: a lockdown written as
        // rewrites (`RewriteCond %{REQUEST_URI} !^/maw.php$` … `RewriteRule ^.*$ - [R=403]`).
        if RULE.is_match(t) || RULE_REFUSES.is_match(t) {
            let allowed = std::mem::take(&mut uri_allowed);
            let php = std::mem::replace(&mut uri_php, false) || t.to_ascii_lowercase().windows(4).any(|w| w == b".php");
            if RULE_REFUSES.is_match(t) && php && !allowed.is_empty() {
                deny_php.get_or_insert(at);
                allow_at = at;
                allowed_php.extend(allowed);
            }
        }
        if let Some(c) = SET_ENV_IF.captures(t) {
            if browser_vars.len() < MAX_BROWSER_VARS {
                browser_vars.push((c[2].to_ascii_lowercase(), search_engine_named(&c[1])));
            }
            continue;
        }
        // A condition on a variable set from the browser's name is one on the browser's name.
        if let Some(c) = ENV_COND.captures(t)
            && !c[2].starts_with(b"!")
            && let Some((_, engines)) = browser_vars.iter().find(|(v, _)| v.as_slice() == c[1].to_ascii_lowercase())
        {
            cond = Some((at, *engines));
            continue;
        }
        if let Some(c) = COND.captures(t) {
            let negated = c[2].starts_with(b"!");
            let engines = search_engine_named(&c[2]);
            if !negated {
                cond = Some((at, engines));
            } else if c[1].eq_ignore_ascii_case(b"USER_AGENT")
                && files_pattern.is_some_and(|p| p.to_ascii_lowercase().windows(3).any(|w| w == b"php"))
            {
                // Every browser but one turned away from the PHP files here: a secret browser
                // name is the key to the shells they hide (`!support.wordpress.com`, `[R=404]`).
                ua_key = Some(at);
            }
            continue;
        }
        // (A condition holds for the next rule only.)
        if let Some(key) = ua_key.take_if(|_| RULE.is_match(t))
            && RULE_REFUSES.is_match(t)
        {
            out.push(ConfHit {
                why: Why::PhpLockdown,
                danger: Danger::High,
                at: key,
                evidence: evidence(line_at(&lines, key).unwrap_or(t)),
            });
            continue;
        }
        if let Some(c) = PROGRAM_RULE.captures(t) {
            const ENDINGS: [&[u8]; 9] = [b"exe", b"dll", b"vbs", b"scr", b"msi", b"jar", b"bat", b"ps1", b"apk"];
            let bit = ENDINGS.iter().position(|e| c[1].eq_ignore_ascii_case(e)).map_or(0, |k| 1u16 << k);
            let script = c[2].to_ascii_lowercase();
            match &mut program_rules {
                Some((s, bits, _)) if *s == script => *bits |= bit,
                None => program_rules = Some((script, bit, at)),
                Some(_) => {}
            }
        }
        if let Some(c) = RULE.captures(t) {
            let target = c[1].to_ascii_lowercase();
            let foreign = URL_HOST.captures(&target).and_then(|h| {
                let host = String::from_utf8_lossy(&h[1]).into_owned();
                let own = own_domains.iter().any(|d| host == *d || host.ends_with(&format!(".{d}")));
                (!own).then_some(host)
            });
            let to_php = target.ends_with(b".php") && !target.ends_with(b"/index.php") && target != b"index.php";
            if let Some((_, engines)) = cond.take() {
                if foreign.is_some() || to_php {
                    hit(Why::ConditionalRedirect, Danger::High);
                } else if engines {
                    hit(Why::ConditionalRedirect, Danger::Medium);
                }
            }
            if foreign.is_some() {
                hit(Why::ForeignRedirect, Danger::Medium);
            }
            if foreign.is_none() && (hidden_script(&target) || doorway_generator(&target)) {
                hit(Why::RewriteToHiddenScript, Danger::High);
            }
        }
    }
    // A settings file that says nothing but "safe mode off": a shell's companion (fresh139's
    // `php.ini` dropped beside an uploader). PHP has had no safe mode since 5.4; a site's own
    // settings set its limits and say more.
    if let Some(at) = safe_mode_off.filter(|_| said == 1) {
        let t = line_at(&lines, at).unwrap_or_default();
        out.push(ConfHit { why: Why::PhpWeakened, danger: Danger::Medium, at, evidence: evidence(t) });
    }
    // Two kinds of program or more served by one script (a botnet's download proxy: fresh112's
    // QBot `p_univ.php` answers for `.exe`, `.dll` and `.vbs` alike). A download counter hands
    // the file's name on (`download.php?f=$1`).
    if let Some((_, _, at)) = program_rules.filter(|(_, bits, _)| bits.count_ones() >= 2) {
        let t = line_at(&lines, at).unwrap_or_default();
        out.push(ConfHit { why: Why::RewriteToHiddenScript, danger: Danger::High, at, evidence: evidence(t) });
    }
    if let (Some(at), Some(_)) = (browse_at, opener) {
        let t = line_at(&lines, at).unwrap_or_default();
        out.push(ConfHit { why: Why::SymlinkBrowsing, danger: Danger::High, at, evidence: evidence(t) });
    }
    // (A hardening of WordPress's library folder lets its two scripts that are requested
    // directly run: the editor's loader and multisite's old file server.)
    let library_hardening = allowed_php.iter().all(|n| n == "wp-tinymce.php" || n == "ms-files.php");
    // A file that only lets `index.php` run, with or without names beside it, and says nothing
    // else: the other half of a lockdown whose refusal is in the folder above (dropped with a
    // shell in a hidden or random folder, or in a core folder with the names of its files and
    // the shell's). Plugins that open their own endpoints name them (`webp-on-demand.php`).
    let lone_index = deny_php.is_none() && !other_directives && allowed_php.iter().any(|n| n == "index.php");
    if lone_index {
        let evidence = format!("allows only: {}", allowed_php.join(", "));
        out.push(ConfHit {
            why: Why::PhpLockdown,
            danger: Danger::Medium,
            at: allow_at,
            evidence: evidence.chars().take(120).collect(),
        });
    }
    // Anti-virus vendors, blocklists and anti-phishing services denied by name: a phishing
    // kit's `.htaccess` (fresh93's PayPal kit denies virustotal.com, avast.com, eset.com…);
    // a site has no reason to hide from them.
    // Or Google's own networks and hosts denied line after line (fresh93's kit: `deny from
    // google.com`, `66.249.67`, `64.233.160.0/19`…): the crawlers that feed Safe Browsing
    // kept from the page. A site that wants out of search results says so to the crawler.
    if let Some(at) = hunter_at
        .filter(|_| hunters.count_ones() >= MANY_HUNTERS)
        .or(google_at.filter(|_| google_denied >= MANY_GOOGLE_LINES))
    {
        let t = line_at(&lines, at).unwrap_or_default();
        out.push(ConfHit { why: Why::PhishingBotFilter, danger: Danger::High, at, evidence: evidence(t) });
    }
    // Every PHP file let run again, and nothing else said: undoes the refusal of the folder
    // above (a core folder opened for the shells dropped in it).
    // Or with PHP's engine switched back on (fresh139's `.php`-named payload: every PHP file
    // granted, rewriting stopped for them, the engine on — for the shells in an uploads folder).
    if let Some(at) = every_php_allowed.filter(|_| deny_php.is_none() && (!other_directives || engine_on)) {
        let t = line_at(&lines, at).unwrap_or_default();
        out.push(ConfHit { why: Why::PhpReallowed, danger: Danger::Medium, at, evidence: evidence(t) });
    }
    if let Some(at) = deny_php
        && !allowed_php.is_empty()
        && !library_hardening
    {
        let only_index = allowed_php.iter().all(|n| n == "index.php");
        let evidence = format!("allows only: {}", allowed_php.join(", "));
        out.push(ConfHit {
            why: Why::PhpLockdown,
            danger: if only_index { Danger::Medium } else { Danger::High },
            at: at.min(allow_at),
            evidence: evidence.chars().take(120).collect(),
        });
    }
    out
}

/// Whether a `FilesMatch` pattern that does not spell `php` still matches PHP files
/// (`"\.ph"`, `"\.PH"`, `"\.p.p$"`: a lockdown written in pieces and cases), read as the
/// regular expression Apache reads it.
fn matches_php_files(pattern: &[u8]) -> bool {
    let pattern = pattern.strip_prefix(b"~").unwrap_or(pattern).trim_ascii();
    let pattern = pattern.strip_prefix(b"\"").and_then(|p| p.strip_suffix(b"\"")).unwrap_or(pattern);
    if pattern.is_empty() || pattern.len() > 64 {
        return false;
    }
    regex::bytes::RegexBuilder::new(&String::from_utf8_lossy(pattern))
        .unicode(false)
        .size_limit(1 << 16)
        .build()
        .is_ok_and(|r| r.is_match(b"shell.php"))
}

/// Whether a `<Files>` wildcard pattern (`*.ph*`, `*.p?p`) matches a PHP file's name, as
/// Apache matches it (`*` any run of characters but `/`, `?` one).
fn glob_matches_php(pattern: &[u8]) -> bool {
    let pattern = pattern.trim_ascii();
    let pattern = pattern.strip_prefix(b"\"").and_then(|p| p.strip_suffix(b"\"")).unwrap_or(pattern);
    let stars = pattern.iter().filter(|c| **c == b'*').count();
    if pattern.is_empty() || pattern.len() > 64 || stars > 8 || !pattern.iter().any(|c| matches!(c, b'*' | b'?')) {
        return false;
    }
    // Matched by hand: a pattern has few stars, and the name is short.
    fn matches(p: &[u8], n: &[u8]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some((b'*', rest)) => (0..=n.len()).any(|k| matches(rest, &n[k..])),
            Some((b'?', rest)) => !n.is_empty() && matches(rest, &n[1..]),
            Some((c, rest)) => n.first().is_some_and(|d| d.eq_ignore_ascii_case(c)) && matches(rest, &n[1..]),
        }
    }
    matches(pattern, b"shell.php")
}

/// Whether a `FilesMatch` pattern is every PHP file under each of its endings (`.php` and
/// `.phtml`, the shells' companion rule): an application allows its own files by name, and a
/// folder's hardening denies them.
fn reallows_every_php(pattern: &[u8]) -> bool {
    let has = |w: &[u8]| memchr::memmem::find(pattern, w).is_some();
    has(b"phtml") && has(b"php")
}

/// Whether a `<Files>` pattern is every file ending in `.php` (`*.php`, `"\.php$"`,
/// `~ "^.*\.php$"`), and nothing else.
fn names_every_php(pattern: &[u8]) -> bool {
    let rest: Vec<u8> =
        pattern.iter().copied().filter(|c| !b"\"'^$\\.*+()~".contains(c) && !c.is_ascii_whitespace()).collect();
    rest == b"php"
}

/// `AddType text/plain .php`, `AddHandler txt .php`…: PHP files are sent as text, so anyone can
/// read the site's code and the database password in its configuration.
fn shows_php_as_text(directive: &[u8], handler: &[u8], rest: &[u8], files_pattern: Option<&[u8]>) -> bool {
    let as_text = handler.starts_with(b"text/") || matches!(handler, b"txt" | b"text");
    if !as_text {
        return false;
    }
    match directive {
        b"addtype" | b"addhandler" => rest
            .split(|c| c.is_ascii_whitespace())
            .map(|e| e.strip_prefix(b".").unwrap_or(e))
            .any(|e| e != b"phps" && e != b"inc" && PHP_EXT.contains(&String::from_utf8_lossy(e).as_ref())),
        b"forcetype" => files_pattern.is_some_and(|p| p.to_ascii_lowercase().windows(4).any(|w| w == b".php")),
        _ => false,
    }
}

/// A rewrite target (lowercase) that is a PHP file with a hidden name or in a folder meant for
/// uploads and images: spam pages and backdoors are served this way.
fn hidden_script(target: &[u8]) -> bool {
    let path = target.split(|c| *c == b'?').next().unwrap_or(target);
    if !super::detect::is_php(&String::from_utf8_lossy(path)) {
        return false;
    }
    let parts: Vec<&[u8]> = path.split(|c| *c == b'/').filter(|p| !p.is_empty()).collect();
    let hidden = parts.iter().any(|p| p.starts_with(b".") && *p != b"." && *p != b"..");
    let dirs = &parts[..parts.len().saturating_sub(1)];
    let uploads = dirs.iter().any(|d| matches!(*d, b"uploads" | b"upload" | b"images" | b"img" | b"tmp"));
    hidden || uploads || parts.last().is_some_and(|name| index_lookalike(name))
}

/// A script named like the site's `index.php` with a letter repeated (`indeeex.php`,
/// `inndex.php`): a backdoor every page is handed to, named to pass a glance.
fn index_lookalike(name: &[u8]) -> bool {
    let Some(stem) = name.strip_suffix(b".php") else { return false };
    let mut collapsed = stem.to_vec();
    collapsed.dedup();
    collapsed == b"index" && stem != b"index"
}

/// A rewrite target (lowercase) that hands the page name asked for (`$1`) to a PHP file with a
/// made-up name (`6szo68jxftuiqbk.php?…&hl=$1`): a spam kit's generator, which makes a page for
/// every address search engines are given.
/// Or to a script whose name is spelled with escapes a substitution never needs, in a folder
/// of its own or before a letter (`woocommerceq/index\.php?cat=$1`, `memoryobject.\php?id=$1`):
/// written so that searches for `.php` miss it. (An application's own rules at the top
/// sometimes escape a dot: `index\.php\?c=list&id=$1`.)
/// Most variables set from the browser's name remembered.
const MAX_BROWSER_VARS: usize = 16;

/// Whether a pattern of a browser's name or referrer names a search engine, a social site or
/// phones (who a cloaker tells apart).
fn search_engine_named(pattern: &[u8]) -> bool {
    let p = pattern.to_ascii_lowercase();
    [b"google".as_slice(), b"bing", b"yahoo", b"yandex", b"baidu", b"facebook", b"android", b"iphone", b"mobile"]
        .iter()
        .any(|w| p.windows(w.len()).any(|x| x == *w))
}

fn doorway_generator(target: &[u8]) -> bool {
    let Some(q) = memchr::memchr(b'?', target) else { return false };
    let (path, query) = target.split_at(q);
    let path = path.strip_suffix(b"\\").unwrap_or(path);
    let backref = |w: &[u8]| w.windows(2).any(|w| w[0] == b'$' && w[1].is_ascii_digit());
    if !backref(query) {
        return false;
    }
    // A parameter whose very name is taken from the address (`?dodecasyllabic$5=$2`, fresh138's
    // doorway rewrite): pages made up by the thousand; an application names its parameters.
    if query[1..].split(|c| *c == b'&').any(|p| p.iter().position(|c| *c == b'=').is_some_and(|e| backref(&p[..e]))) {
        return true;
    }
    let plain: Vec<u8> = path.iter().copied().filter(|c| *c != b'\\').collect();
    let name = plain.rsplit(|c| *c == b'/').next().unwrap_or(&plain);
    let Some(stem) = name.strip_suffix(b".php") else { return false };
    let in_folder = plain.trim_ascii_start().strip_prefix(b"/").unwrap_or(&plain).contains(&b'/');
    let escapes_letter = path.windows(2).any(|w| w[0] == b'\\' && w[1].is_ascii_alphanumeric());
    let escaped = path.contains(&b'\\');
    // WordPress's library folder is never where pages go (but multisite's old file server).
    let in_core_library = plain.split(|c| *c == b'/').any(|d| d == b"wp-includes") && name != b"ms-files.php";
    // (The generator's own query, `?world=5&looping=176&hl=$1`, names it whatever its name.)
    let kit_query =
        memchr::memmem::find(query, b"looping=").is_some() && memchr::memmem::find(query, b"hl=$").is_some();
    made_up_name(stem)
        || kit_query
        || (escaped && (in_folder || escapes_letter))
        || in_core_library
        || (!in_folder && wordpress_lookalike(stem))
}

/// WordPress's own scripts named `wp-…` in a site's root folder.
const WORDPRESS_ROOT_SCRIPTS: [&[u8]; 13] = [
    b"wp-activate",
    b"wp-blog-header",
    b"wp-comments-post",
    b"wp-config",
    b"wp-config-sample",
    b"wp-cron",
    b"wp-links-opml",
    b"wp-load",
    b"wp-login",
    b"wp-mail",
    b"wp-settings",
    b"wp-signup",
    b"wp-trackback",
];

/// A script named like one of WordPress's own that WordPress does not have (`wp-blog.php`):
/// where a doorway kit hides its generator in a WordPress site.
fn wordpress_lookalike(stem: &[u8]) -> bool {
    stem.starts_with(b"wp-") && !WORDPRESS_ROOT_SCRIPTS.contains(&stem)
}

/// A file name of random letters and digits: digits in two places between letters and a run of
/// consonants no word has, or digits in three places (`6szo68jxftuiqbk`, not `utf8mb4`,
/// `php7to8`, `wp2fa`).
fn made_up_name(stem: &[u8]) -> bool {
    if stem.len() < 8 || !stem.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return false;
    }
    let digit_groups =
        stem.chunk_by(|a, b| a.is_ascii_digit() == b.is_ascii_digit()).filter(|g| g[0].is_ascii_digit()).count();
    let consonants = stem
        .chunk_by(|a, b| is_consonant(*a) == is_consonant(*b))
        .filter(|g| is_consonant(g[0]))
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0);
    (digit_groups >= 2 && consonants >= 4) || digit_groups >= 3
}

fn is_consonant(c: u8) -> bool {
    c.is_ascii_lowercase() && !matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Server-side includes that run commands, in `.shtml` pages.
pub fn check_ssi(text: &[u8]) -> Vec<ConfHit> {
    SSI_EXEC
        .find(text)
        .map(|m| ConfHit { why: Why::SsiExec, danger: Danger::High, at: m.start(), evidence: evidence(m.as_bytes()) })
        .into_iter()
        .collect()
}

/// The trimmed text of the line that starts at byte `at`.
fn line_at<'a>(lines: &[(usize, &'a [u8])], at: usize) -> Option<&'a [u8]> {
    lines.iter().find(|(a, _)| *a == at).map(|(_, l)| l.trim_ascii())
}

fn evidence(t: &[u8]) -> String {
    String::from_utf8_lossy(t).chars().filter(|c| !c.is_control()).take(120).collect()
}

fn lines(text: &[u8]) -> Vec<(usize, &[u8])> {
    let mut out = Vec::new();
    // Apache skips a UTF-8 byte-order mark at the start of a configuration file (an editor's
    // mark must not hide the first directive).
    let (mut at, text) = match text.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (3, rest),
        None => (0, text),
    };
    for l in text.split(|c| *c == b'\n') {
        out.push((at, l));
        at += l.len() + 1;
    }
    out
}

/// Which lines belong to a well-known plugin's block.
fn known_blocks(lines: &[(usize, &[u8])]) -> Vec<bool> {
    let mut skip = vec![false; lines.len()];
    let mut k = 0;
    while k < lines.len() {
        let t = lines[k].1.trim_ascii();
        let block = KNOWN_BLOCKS.iter().find(|(b, _, _)| t.starts_with(b.as_bytes()));
        let Some((_, end, inside)) = block else {
            k += 1;
            continue;
        };
        let Some(e) = (k + 1..lines.len()).find(|&j| lines[j].1.trim_ascii().starts_with(end.as_bytes())) else {
            k += 1;
            continue;
        };
        let ok = match inside {
            // (Unless a rewrite in it sends pages to a hidden or made-up script: doorway
            // campaigns put their rules inside `# BEGIN WordPress`, which scanners trust.)
            Inside::Any => !(k + 1..e).any(|j| {
                RULE.captures(lines[j].1.trim_ascii()).is_some_and(|c| {
                    let target = c[1].to_ascii_lowercase();
                    hidden_script(&target) || doorway_generator(&target)
                })
            }),
            Inside::BotRules => (k + 1..e).all(|j| {
                let l = lines[j].1.trim_ascii();
                let starts = |w: &[u8]| l.len() >= w.len() && l[..w.len()].eq_ignore_ascii_case(w);
                l.is_empty()
                    || l.starts_with(b"#")
                    || starts(b"RewriteEngine ")
                    || starts(b"RewriteCond %{HTTP_USER_AGENT}")
                    || (starts(b"RewriteRule ")
                        && !RULE.captures(l).is_some_and(|c| {
                            let target = c[1].to_ascii_lowercase();
                            hidden_script(&target) || doorway_generator(&target)
                        }))
            }),
            Inside::Prepends(file) => (k + 1..e).all(|j| match PREPEND.captures(lines[j].1.trim_ascii()) {
                Some(c) => c.get(1).is_some_and(|m| m.as_bytes().ends_with(file.as_bytes())),
                None => true,
            }),
        };
        if ok {
            for s in &mut skip[k..=e] {
                *s = true;
            }
        }
        k = e + 1;
    }
    skip
}

/// The `.php` file names a `<Files>`/`<FilesMatch>` pattern names one by one
/// (`"^(index.php|wp-l0gin.php)$"` → both).
/// The PHP files a pattern leaves out of "everything" with a look-ahead
/// (`^(?!op\.php$).*$`, `^(?!(index|op)\.php$)`, `^(?!(a\.php|b\.php)$)`), if it is written so.
fn all_but(p: &[u8]) -> Option<Vec<String>> {
    let start = memchr::memmem::find(p, b"(?!")?;
    let inner = &p[start + 3..];
    // The look-ahead's own closing bracket.
    let mut depth = 1usize;
    let end = inner.iter().position(|c| {
        match c {
            b'(' => depth += 1,
            b')' => depth -= 1,
            _ => {}
        }
        depth == 0
    })?;
    let text = String::from_utf8_lossy(&inner[..end]).replace("\\.", ".").replace(['^', '$'], "").replace("?:", "");
    // `(index|op).php`: each alternative of the group, with the ending after it.
    let (group, ending) = match (text.find('('), text.rfind(')')) {
        (Some(o), Some(c)) if o < c => (text[o + 1..c].to_owned(), text[c + 1..].to_owned()),
        _ => (text.clone(), String::new()),
    };
    let names = group
        .split('|')
        .map(|n| if n.ends_with(".php") { n.to_owned() } else { format!("{n}{ending}") })
        .filter(|n| {
            n.ends_with(".php")
                && n.len() > 4
                && n.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
        })
        .collect();
    Some(names)
}

/// The PHP files a `<Files>` pattern or a request condition names (lowercase input), at most
/// `MAX_ALLOWED`. A group of names sharing an ending is read whole (`^(index|wp-l0gin)\.php$`,
/// `^(?:index|x)\.(php)$` name `index.php` and the other); a group of endings after a dot
/// (`\.(php|phtml|jpg.php)$`) names no file.
fn names_php_files(p: &[u8]) -> Vec<String> {
    let s = String::from_utf8_lossy(p).replace(['"', '\''], "");
    let s = s.trim().trim_start_matches('~').trim();
    let is_name = |n: &str| n.ends_with(".php") && !n.starts_with('.') && !n.contains('*') && !n.contains('[');
    let plain = |n: &str| n.replace(['^', '$', '\\', '(', ')'], "");
    let flat = || s.split(['|', ' ']).map(|n| plain(n.trim())).filter(|n| is_name(n)).take(MAX_ALLOWED).collect();
    // The first group, capturing or not (a look-ahead is read by `all_but`).
    let Some(open) = s.find('(').filter(|&o| !s[o..].starts_with("(?!") && !s[o..].starts_with("(?=")) else {
        return flat();
    };
    let inner = if s[open..].starts_with("(?:") { open + 3 } else { open + 1 };
    let Some(close) = s[inner..].find(')').map(|c| c + inner) else { return flat() };
    let (before, alternatives, after) = (plain(&s[..open]), &s[inner..close], plain(&s[close + 1..]));
    if alternatives.contains('(') {
        // Nested groups: read as the names written out.
        return flat();
    }
    if before.ends_with('.') {
        return Vec::new();
    }
    if before.len() + after.len() > MAX_NAME {
        return flat();
    }
    alternatives
        .split('|')
        .take(MAX_ALLOWED * 4)
        .map(|a| format!("{before}{}{after}", plain(a.trim())))
        .filter(|n| is_name(n))
        .take(MAX_ALLOWED)
        .collect()
}

/// The longest name read from a pattern's group and what surrounds it.
const MAX_NAME: usize = 255;

/// Whether a `<Files>` pattern names data files (images, text, invented endings) rather than
/// PHP scripts.
fn names_data_files(p: &[u8]) -> bool {
    let s = String::from_utf8_lossy(p);
    let words: Vec<&str> = s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let php_only = words.iter().all(|w| PHP_EXT.contains(w) || matches!(*w, "s" | "ph" | "p" | "t" | "ml" | "tml"));
    // (`<Files *>`, `<FilesMatch ".*">`: every file, fresh119's LiteSpeed `.htaccess`.)
    words.is_empty() || !php_only
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockdowns_written_as_rewrites_or_a_look_ahead_are_found() {
        // fresh70's `maw.php` lockdown: every PHP page refused but two.
        let rewrites = "RewriteEngine On\nRewriteCond %{REQUEST_URI} !^/index.php$ [NC]\n\
                        RewriteCond %{REQUEST_URI} !^/maw.php$ [NC]\nRewriteCond %{REQUEST_URI} \\.php$ [NC]\n\
                        RewriteRule ^.*$ - [R=403,L]\n";
        assert_eq!(whys(".htaccess", rewrites), [Why::PhpLockdown]);
        // fresh70's `op.php`: every file denied but one, by a look-ahead.
        let ahead = "Options -Indexes\n<FilesMatch \"^(?!op\\.php$).*$\">\n    Deny from all\n</FilesMatch>\n";
        assert_eq!(whys(".htaccess", ahead), [Why::PhpLockdown]);
        // The review's inputs: names written whole in the look-ahead's group, and a lockdown
        // hidden between the markers of Softaculous's bot protection.
        let whole = "<FilesMatch \"^(?!(sh3ll\\.php|wp-tinymce\\.php)$).*$\">\nDeny from all\n</FilesMatch>\n";
        assert_eq!(whys(".htaccess", whole), [Why::PhpLockdown]);
        let hidden = "# SOFTACULOUS Enable bot protection\n<FilesMatch \"\\.(php|phtml)$\">\nDeny from all\n</FilesMatch>\n\
                      <FilesMatch \"^(index\\.php|wp-l0gin\\.php)$\">\nAllow from all\n</FilesMatch>\n\
                      # SOFTACULOUS Enable bot protection End\n";
        assert_eq!(whys(".htaccess", hidden), [Why::PhpLockdown]);
        let bots = "# SOFTACULOUS Enable bot protection\nRewriteEngine on\nRewriteCond %{HTTP_USER_AGENT} (?:virusbot|spambot) [NC]\n\
                    RewriteRule ^(.*)$ http://no.access/\n# SOFTACULOUS Enable bot protection End\n";
        assert!(whys(".htaccess", bots).is_empty());
        // Drupal's own rules let its paths in subfolders through.
        let drupal = "RewriteCond %{REQUEST_URI} !/core/[^/]*\\.php$\n\
                      RewriteCond %{REQUEST_URI} !/core/modules/system/tests/modules/x/test_index.php\n\
                      RewriteRule \"^(.+/.*|autoload)\\.php($|/)\" - [F]\n";
        assert!(whys(".htaccess", drupal).is_empty());
    }

    #[test]
    fn a_lockdown_spelled_in_pieces_and_cases_is_found() {
        // fresh67's `.htaccess`: `\.ph` denied in each case, WordPress's two entry points allowed.
        let lock = "<FilesMatch \"\\.ph\">\nOrder deny,allow\nDeny from all\n</FilesMatch>\n\
                    <FilesMatch \"\\.PH\">\nOrder deny,allow\nDeny from all\n</FilesMatch>\n\
                    <FilesMatch \"index\\.php$\">\nOrder allow,deny\nAllow from all\n</FilesMatch>\n\
                    <FilesMatch \"wp-login\\.php$\">\nOrder allow,deny\nAllow from all\n</FilesMatch>\n";
        assert_eq!(whys(".htaccess", lock), [Why::PhpLockdown]);
        // A `<Files>` wildcard is not a regular expression: `\.ph` names no PHP file.
        let wildcard = "<Files \"\\.ph\">\nDeny from all\n</Files>\n<Files \"index.php\">\nAllow from all\n</Files>\n";
        assert!(whys(".htaccess", wildcard).is_empty());
    }

    fn whys(name: &str, t: &str) -> Vec<Why> {
        let mut v: Vec<Why> =
            check(name, t.as_bytes(), &["demo-shop.example".to_owned()]).into_iter().map(|h| h.why).collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn invented_handlers_lockdowns_and_weakening() {
        assert_eq!(whys(".htaccess", "Options +ExecCGI\nAddHandler cgi-script .izo\n"), [Why::HandlerOnData]);
        assert_eq!(whys(".htaccess", "AddType application/x-httpd-php .jpg .php\n"), [Why::HandlerOnData]);
        assert_eq!(
            whys(".htaccess", "<FilesMatch \"\\.(jpg|png)$\">\nSetHandler application/x-httpd-php\n</FilesMatch>\n"),
            [Why::HandlerOnData]
        );
        let lock = "<FilesMatch \".(py|exe|php)$\">\n Order allow,deny\n Deny from all\n</FilesMatch>\n<FilesMatch \"^(index.php|lock360.php|wp-l0gin.php)$\">\n Order allow,deny\n Allow from all\n</FilesMatch>\n";
        assert_eq!(whys(".htaccess", lock), [Why::PhpLockdown]);
        // Regression: a byte-order mark before the first directive (an editor's) hid the lockdown.
        assert_eq!(whys(".htaccess", &format!("\u{feff}{lock}")), [Why::PhpLockdown]);
        assert_eq!(whys(".user.ini", "disable_functions = NONE\n"), [Why::PhpWeakened]);
        assert_eq!(whys("php.ini", "allow_url_include = On\n"), [Why::PhpWeakened]);
        assert_eq!(whys("php.ini", "safe_mode=OFF\n"), [Why::PhpWeakened]);
        assert!(whys("php.ini", "memory_limit = 256M\nsafe_mode = Off\n").is_empty());
        assert_eq!(whys(".htaccess", "AddOutputFilter INCLUDES .jpg\nOptions +Includes\n"), [Why::SsiExec]);
        // `.phps` is never scanned as code (servers show it as source): run as PHP, it hides one.
        assert_eq!(whys(".htaccess", "AddHandler application/x-httpd-php .phps\n"), [Why::HandlerOnData]);
        // Regression: fresh119's LiteSpeed `.htaccess` runs every file as PHP (`<Files *>`);
        // PHP's own endings, or every file handed to PHP-FPM's socket, are a host's settings.
        assert_eq!(
            whys(".htaccess", "<Files *>\n    SetHandler application/x-httpd-php\n</Files>\n"),
            [Why::HandlerOnData]
        );
        assert!(
            whys(".htaccess", "<FilesMatch \"\\.(php|phtml)$\">\nSetHandler application/x-httpd-php\n</FilesMatch>\n")
                .is_empty()
        );
        assert!(
            whys(
                ".htaccess",
                "<FilesMatch \".*\">\nSetHandler \"proxy:unix:/run/php-fpm.sock|fcgi://localhost\"\n</FilesMatch>\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn every_php_file_granted_with_the_engine_switched_on_is_reallowed() {
        let payload = "<IfModule mod_rewrite.c>\nRewriteEngine On\nRewriteCond %{REQUEST_URI} \\.php$ [NC]\n\
                       RewriteRule ^ - [L]\n<Files *.php>\nOrder Allow,Deny\nAllow from all\n</Files>\n</IfModule>\n\
                       php_flag engine on\n";
        assert_eq!(whys(".htaccess", payload), [Why::PhpReallowed]);
        // Without the engine line, a site's rules around a grant are its own.
        assert!(whys(".htaccess", &payload.replace("php_flag engine on\n", "")).is_empty());
        // Switched off, as hosts do in uploads: quiet.
        assert!(whys(".htaccess", "php_flag engine off\n").is_empty());
    }

    #[test]
    fn rules_about_quarantined_suspected_files_are_lockdowns() {
        let deny = "<FilesMatch '.(php|php5|suspected|phtml)$'>\nOrder allow,deny\nDeny from all\n</FilesMatch>\n";
        assert_eq!(whys(".htaccess", deny), [Why::PhpLockdown]);
        let allow = "<FilesMatch \".(php|suspected)$\">\nRequire all granted\n</FilesMatch>\n";
        assert_eq!(whys(".htaccess", allow), [Why::PhpLockdown]);
        // A shell's folder opened again for every PHP file (fresh18's asset folder).
        let reopened = "<FilesMatch \".*\\.(?i:phtml|php|PHP)$\">\nOrder Allow,Deny\nAllow from all\n</FilesMatch>\n";
        assert_eq!(whys(".htaccess", reopened), [Why::PhpReallowed]);
        let plain = "<FilesMatch \"\\.(php|phtml)$\">\nRequire all granted\n</FilesMatch>\n";
        assert_eq!(whys(".htaccess", plain), [Why::PhpReallowed]);
        // fresh50's `wp-includes/js/.htaccess`: every `.php` let run, nothing else said.
        for every in [
            "<Files *.php>\nallow from all\n</Files>",
            "<FilesMatch \"\\.php$\">\nRequire all granted\n</FilesMatch>\n",
            "<Files ~ \"\\.php$\">\nAllow from all\n</Files>\n",
        ] {
            assert_eq!(whys(".htaccess", every), [Why::PhpReallowed], "{every}");
        }
        // Among a site's other rules, or beside a refusal, it is the site's own arrangement.
        let among = "Options -Indexes\n<Files *.php>\nallow from all\n</Files>\n";
        assert!(whys(".htaccess", among).is_empty());
        // Near-misses: an application's own files allowed by name, and an upload folder's
        // hardening (PHP-like endings denied, no quarantine ending named).
        for quiet in [
            "<FilesMatch \"^(feed|ajax)\\.php$\">\nRequire all granted\n</FilesMatch>\n",
            "<FilesMatch \"\\.(php|phtml|php5)$\">\nDeny from all\n</FilesMatch>\n",
        ] {
            assert!(whys(".htaccess", quiet).is_empty(), "{quiet}");
        }
    }

    #[test]
    fn programs_served_by_one_script_are_a_download_proxy() {
        // fresh112's QBot `.htaccess`.
        let proxy = "Options -Indexes\nRewriteEngine on\nRewriteRule ([^/]*.exe) p_univ.php [NC]\n\
                     RewriteRule ([^/]*.png) p_univ.php [NC]\nRewriteRule ([^/]*.dll) p_univ.php [NC]\n";
        assert_eq!(whys(".htaccess", proxy), [Why::RewriteToHiddenScript]);
        // A download counter is handed the file's name; one kind of program alone is a shop's.
        let counter = "RewriteEngine on\nRewriteRule ^dl/(.*\\.exe)$ download.php?f=$1 [L]\nRewriteRule ^dl/(.*\\.msi)$ download.php?f=$1 [L]\n";
        assert!(whys(".htaccess", counter).is_empty());
        let one = "RewriteEngine on\nRewriteRule ^setup\\.exe$ get.php [L]\n";
        assert!(whys(".htaccess", one).is_empty());
    }

    #[test]
    fn a_parameter_named_from_the_address_is_a_doorway() {
        let rule = "RewriteEngine On\nRewriteRule ^(.*)\\/vupho([0-9]+)-(.*)\\/(dodecasyllabic)([0-9]+)$ ?dodecasyllabic$5=$2&%{QUERY_STRING}[L]\n";
        assert_eq!(whys(".htaccess", rule), [Why::RewriteToHiddenScript]);
        assert!(whys(".htaccess", "RewriteEngine On\nRewriteRule ^tag/(.*)$ ?tag=$1 [L]\n").is_empty());
    }

    #[test]
    fn crawlers_told_apart_by_a_variable_and_sent_to_a_script_are_cloaking() {
        // fresh147's WordPress kit: Googlebot's home page is `wp-setting.php`.
        let rule = "RewriteEngine On\nSetEnvIfNoCase User-Agent \"Google\" is_google_bot=1\nRewriteCond %{ENV:is_google_bot} =1\n\
                    RewriteCond %{REQUEST_URI} ^/$\nRewriteRule ^$ wp-setting.php [L]\n";
        assert_eq!(whys(".htaccess", rule), [Why::ConditionalRedirect]);
        // A variable for old browsers, a condition on another variable.
        let own = "SetEnvIfNoCase User-Agent \"MSIE [6-8]\" old_ie\nRewriteCond %{ENV:old_ie} =1\nRewriteRule ^$ /legacy/ [L]\n\
                   RewriteCond %{ENV:HTTPS} !on\nRewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [R=301,L]\n";
        assert!(whys(".htaccess", own).is_empty(), "{:?}", whys(".htaccess", own));
    }

    #[test]
    fn every_html_page_handed_to_index_php_is_a_spam_generator() {
        // fresh140's two hacked sites: one above WordPress's block, one alone.
        let above = "<IfModule mod_rewrite.c>\nRewriteEngine On\nRewriteRule .*.html?$ index.php [L]\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteCond %{REQUEST_FILENAME} !-d\nRewriteRule . index.php [L]\n</IfModule>\n";
        assert_eq!(whys(".htaccess", above), [Why::RewriteToHiddenScript]);
        assert_eq!(
            whys(".htaccess", "RewriteEngine on\nRewriteRule .html$ /index.php\n"),
            [Why::RewriteToHiddenScript]
        );
        // The page's name handed on, a folder of its own, or real files left alone.
        for own in [
            "RewriteEngine on\nRewriteRule ^(.*)\\.html$ index.php?page=$1 [L]\n",
            "RewriteEngine on\nRewriteRule ^blog/(.*)\\.html$ index.php [L]\n",
            "RewriteEngine on\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule ^(.*)\\.html$ index.php [L]\n",
        ] {
            assert!(whys(".htaccess", own).is_empty(), "{own}");
        }
    }

    #[test]
    fn pages_handed_to_a_lookalike_of_index_php_go_to_a_backdoor() {
        // fresh36's `wp-admin/css/colors/blue/.htaccess`.
        let rule = "RewriteEngine On\nRewriteBase /\nRewriteRule ^indeeex\\.php$ - [L]\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule . /indeeex.php [L]\n";
        assert_eq!(whys(".htaccess", rule), [Why::RewriteToHiddenScript]);
        assert_eq!(whys(".htaccess", &rule.replace("indeeex", "inndex")), [Why::RewriteToHiddenScript]);
        // The site's own front controller, and names that only start alike.
        for own in ["index", "index2", "indexes", "indx"] {
            assert!(whys(".htaccess", &rule.replace("indeeex", own)).is_empty(), "{own}");
        }
    }

    #[test]
    fn a_lockdown_whose_endings_include_a_double_one_is_a_lockdown() {
        // fresh75's `kunci-akses-musuh`: `jpg.PhP` among the denied endings was read as a file
        // named, so the refusal did not count; the allowed names share one `\.php`.
        let lockdown = "<FilesMatch \".(php|Php|php7|jpg.PhP|php;.jpg|PHP JPG|phtml)$\"> \nOrder allow,deny \nDeny from all \n</FilesMatch> \n\
                        <FilesMatch \"^(index|script-loader-backup|wptralala)\\.php$\">\n  Order allow,deny\n  Allow from all\n</FilesMatch>\n";
        let hits = check(".htaccess", lockdown.as_bytes(), &[]);
        assert_eq!(hits.iter().map(|h| h.why).collect::<Vec<_>>(), [Why::PhpLockdown]);
        assert_eq!(hits[0].evidence, "allows only: index.php, script-loader-backup.php, wptralala.php");
        // Regressions (review): groups nested, not capturing, or holding the ending; and a
        // pattern of many thousand names read in linear time, its names capped.
        let deny = "<FilesMatch \"\\.(?:php|phtml|jpg\\.php)$\">\nDeny from all\n</FilesMatch>\n";
        for allow in ["^((index|wp-l0gin)\\.php)$", "^(index|wp-l0gin)\\.(php)$", "^(?:index|wp-l0gin)\\.php$"] {
            let text = format!("{deny}<FilesMatch \"{allow}\">\nAllow from all\n</FilesMatch>\n");
            assert_eq!(whys(".htaccess", &text), [Why::PhpLockdown], "{text}");
        }
        let names: Vec<String> = (0..10_000).map(|k| format!("a{k}")).collect();
        let many = format!("\"^({}){}\\.php$\"", names.join("|"), "x".repeat(50_000));
        assert!(names_php_files(many.as_bytes()).len() <= MAX_ALLOWED);
        let grouped = format!("\"^({})\\.php$\"", names.join("|"));
        assert_eq!(names_php_files(grouped.as_bytes()).len(), MAX_ALLOWED);
    }

    #[test]
    fn a_lockdown_written_with_wildcards_is_a_lockdown() {
        // fresh78's `ht.sh` writes this into every folder: `*.ph*` in any case refused, the
        // attacker's two pages allowed.
        let lockdown = "<Files *.ph*>\n    Order Deny,Allow\n    Deny from all\n</Files>\n<Files *.PH*>\n    Deny from all\n</Files>\n\
                        <FilesMatch \"^(index.html|index-MAR.php|wolv2.php|)$\">\n    Order allow,deny\n    Allow from all\n</FilesMatch>\n";
        assert_eq!(whys(".htaccess", lockdown), [Why::PhpLockdown]);
        assert!(
            glob_matches_php(b"*.p?p")
                && glob_matches_php(b"\"*.PH*\"")
                && !glob_matches_php(b"*.jp*")
                && !glob_matches_php(b"wp-*.css")
        );
        // Many stars are not tried at all (each one multiplies the ways to match).
        assert!(!glob_matches_php(&[b'*'; 60]));
    }

    #[test]
    fn a_folder_that_only_lets_index_php_run_is_half_a_lockdown() {
        // fresh32's and fresh34's: dropped beside a shell in a random or hidden folder, the
        // refusal of every other PHP file being in the folder above.
        let lone = "#---do-not-change-the-following-content---\n<FilesMatch \"^(index.php)$\">\n Order allow,deny\n Allow from all\n</FilesMatch>";
        assert_eq!(whys(".htaccess", lone), [Why::PhpLockdown]);
        let quoted = "<FilesMatch '^(index.php)$'>\nOrder allow,deny\nAllow from all\n</FilesMatch>";
        assert_eq!(whys(".htaccess", quoted), [Why::PhpLockdown]);
        // fresh50's `wp-includes/block-patterns/.htaccess`: the core folder's own files allowed
        // with the shell dropped among them.
        let listed = "#---do-not-change-the-following-content---\n<FilesMatch '^(index.php|query-grid-posts.php|style_c4.php)$'>\nOrder allow,deny\nAllow from all\n</FilesMatch>";
        assert_eq!(whys(".htaccess", listed), [Why::PhpLockdown]);
        // The names' shared ending written once (`^(index|ajax)\.php$` names `index.php`).
        let grouped = "<FilesMatch \"^(index|ajax)\\.php$\">\nRequire all granted\n</FilesMatch>\n";
        assert_eq!(whys(".htaccess", grouped), [Why::PhpLockdown]);
        // A plugin opening its own endpoints, or index.php allowed among a site's other rules.
        for quiet in [
            "<FilesMatch \"(webp-on-demand\\.php|ping\\.php)$\">\n  Require all granted\n</FilesMatch>\n",
            "<Files \"archive.php\">\nOrder Allow,Deny\nAllow from all\n</Files>\n",
            "Options -Indexes\n<FilesMatch \"^(index.php)$\">\nAllow from all\n</FilesMatch>\n",
        ] {
            assert!(whys(".htaccess", quiet).is_empty(), "{quiet}");
        }
    }

    #[test]
    fn server_settings_are_told_from_scripts_by_how_they_start() {
        assert!(is_server_settings(b"<IfModule mod_rewrite.c>\nRewriteEngine On\n"));
        assert!(is_server_settings(b"# keep\n<FilesMatch \".(php)$\">\nDeny from all\n"));
        assert!(is_server_settings(b"Order Allow,Deny\nDeny from all\n"));
        // fresh72's quarantined `.htaccess.infected`, saved with a byte-order mark.
        assert!(is_server_settings(b"\xef\xbb\xbf<FilesMatch \".(py|exe|php)$\">\n Order allow,deny\n"));
        assert!(!is_server_settings(b"/*! jQuery Masonry */\n(function($){ $.fn.masonry = 1; })(jQuery);"));
        assert!(!is_server_settings(b"// Options for the slider\nvar Options = {};"));
    }

    #[test]
    fn well_known_blocks_and_hosting_defaults_are_quiet() {
        let wf = "# Wordfence WAF\n<IfModule mod_php7.c>\n\tphp_value auto_prepend_file '/home/u/public_html/wordfence-waf.php'\n</IfModule>\n# END Wordfence WAF\n";
        assert!(whys(".htaccess", wf).is_empty());
        let ini = "; Wordfence WAF\nauto_prepend_file = '/home/u/public_html/wordfence-waf.php'\n; END Wordfence WAF\n";
        assert!(whys(".user.ini", ini).is_empty());
        let bad = "; Wordfence WAF\nauto_prepend_file = '/home/u/.cache/x.ico'\n; END Wordfence WAF\n";
        assert_eq!(whys(".user.ini", bad), [Why::PrependAppend]);
        // All In One WP Security's firewall (fresh113's site), and an intruder's file in its block.
        let aios = "# Begin AIOWPSEC Firewall\n<IfModule LiteSpeed>\nphp_value auto_prepend_file '/home/u/site/aios-bootstrap.php'\n</IfModule>\n# End AIOWPSEC Firewall\n";
        assert!(whys(".htaccess", aios).is_empty());
        assert_eq!(whys(".htaccess", &aios.replace("aios-bootstrap.php", "wp-l0gin.php")), [Why::PrependAppend]);
        let cp = "# php -- BEGIN cPanel-generated handler, do not edit\n<IfModule mime_module>\n  AddHandler application/x-httpd-ea-php81 .php .php8 .phtml\n</IfModule>\n";
        assert!(whys(".htaccess", cp).is_empty());
        let fpm = "<FilesMatch \\.php$>\nSetHandler \"proxy:unix:/run/php.sock|fcgi://localhost\"\n</FilesMatch>\n";
        assert!(whys(".htaccess", fpm).is_empty());
        let sc = "# BEGIN WPSuperCache\nRewriteCond %{HTTP_USER_AGENT} !^.*(2.0\\ MMP|240x320).* [NC]\nRewriteRule ^(.*) \"/wp-content/cache/supercache/%{SERVER_NAME}/index.html\" [L]\n# END WPSuperCache\n";
        assert!(whys(".htaccess", sc).is_empty());
        let deny_uploads = "<Files *.php>\ndeny from all\n</Files>\n";
        assert!(whys(".htaccess", deny_uploads).is_empty());
        // Security plugins' hardening of wp-includes (fresh23): every script denied but the two
        // WordPress requests there itself. An attacker's own name allowed is still a lockdown.
        let library = "<Files *.php>\ndeny from all\n</Files>\n<Files wp-tinymce.php>\nallow from all\n</Files>\n\
                       <Files ms-files.php>\nallow from all\n</Files>";
        assert!(whys(".htaccess", library).is_empty());
        let own = library.replace("ms-files.php", "wp-xmlrpcs.php");
        assert_eq!(whys(".htaccess", &own), [Why::PhpLockdown]);
        // Regression: PHP answered with "not found" to every browser but one (fresh19's
        // wp-content/.htaccess hiding its shells behind `!support.wordpress.com`).
        let key = "<FilesMatch \\.(php|php.|phtml)$>\nRewriteEngine on\nRewriteCond %{HTTP_USER_AGENT} !support.example.com\nRewriteRule .* - [R=404]\n</FilesMatch>";
        assert_eq!(whys(".htaccess", key), [Why::PhpLockdown]);
        // Near misses: bad robots turned away by name, and a browser condition on pictures.
        let bots = "<FilesMatch \\.php$>\nRewriteCond %{HTTP_USER_AGENT} (ahrefs|semrush) [NC]\nRewriteRule .* - [F]\n</FilesMatch>";
        assert!(whys(".htaccess", bots).is_empty());
        let pictures =
            "<FilesMatch \\.(jpg|png)$>\nRewriteCond %{HTTP_USER_AGENT} !^Mozilla\nRewriteRule .* - [F]\n</FilesMatch>";
        assert!(whys(".htaccess", pictures).is_empty());
        assert!(whys(".user.ini", "disable_functions = exec,system\nallow_url_include = Off\n").is_empty());
    }

    #[test]
    fn php_sent_as_text_and_symlink_browsing_are_found() {
        assert_eq!(whys(".htaccess", "AddType text/plain .php\n"), [Why::PhpSourceShown]);
        assert_eq!(whys(".htaccess", "AddHandler txt .php .phtml\n"), [Why::PhpSourceShown]);
        assert_eq!(whys(".htaccess", "<Files wp-config.php>\nForceType text/plain\n</Files>\n"), [Why::PhpSourceShown]);
        let sym = "Options Indexes FollowSymLinks\nDirectoryIndex readme.htm\nSatisfy Any\n";
        assert_eq!(whys(".htaccess", sym), [Why::SymlinkBrowsing]);
        let sym2 = "Options +Indexes +FollowSymLinks\nDirectoryIndex zz.html\n";
        assert_eq!(whys(".htaccess", sym2), [Why::SymlinkBrowsing]);
    }

    #[test]
    fn listings_and_source_highlighting_that_sites_use_are_quiet() {
        // Source highlighting of .phps, a plain listing, the usual start page.
        assert!(
            whys(".htaccess", "AddType application/x-httpd-php-source .phps\nAddType text/plain .phps\n").is_empty()
        );
        assert!(
            whys(".htaccess", "Options +Indexes +FollowSymLinks\nDirectoryIndex index.html index.php\n").is_empty()
        );
        assert!(whys(".htaccess", "Options -Indexes +FollowSymLinks\nSatisfy Any\n").is_empty());
        assert!(whys(".htaccess", "AddType text/plain .txt .log\nAddType text/html .htm\n").is_empty());
    }
}
