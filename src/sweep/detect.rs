//! Content detectors: pure functions from a file's name and text to findings. Each pattern is
//! shaped after real backdoors and injected rules, tuned to stay quiet on clean code
//! (WordPress core is the yardstick).

use std::sync::OnceLock;

use regex::{Regex, RegexSet};

/// Why a file looks suspicious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Why {
    /// PHP or another executable in a folder meant for uploads or media.
    ExecutableInUploads,
    /// `.htaccess`/`.user.ini`/`php.ini` makes PHP run a file before or after every page.
    PrependAppend,
    /// `.htaccess` makes images or other data files run as PHP.
    HandlerOnData,
    /// `.htaccess` redirects depending on the visitor's browser or where they came from.
    ConditionalRedirect,
    /// `.htaccess` redirects to another domain.
    ForeignRedirect,
    /// A WordPress must-use plugin or drop-in: runs on every page, often used to hide malware.
    WordPressAutoload,
    /// eval/assert of decoded or request data.
    EvalOfDecoded,
    /// A long encoded blob.
    EncodedBlob,
    /// `preg_replace` with the `/e` modifier (runs the replacement as code).
    PregReplaceEval,
    /// A function name taken from the request.
    DynamicCallFromInput,
    /// A shell command taken from the request.
    ShellFromInput,
    /// Changed after the attack time.
    ModifiedAfterAttack,
    /// Anyone on the server may change it.
    WorldWritable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub why: Why,
    /// 1-based line, when the finding is about a place in the text.
    pub line: Option<usize>,
    /// A short excerpt (≤ 120 characters) of the matching text.
    pub evidence: String,
}

const PHP_EXTENSIONS: &[&str] = &["php", "php3", "php4", "php5", "php7", "php8", "phtml", "pht", "phar", "phps"];
const OTHER_EXEC: &[&str] = &["cgi", "pl", "py", "sh"];
/// Folder names (exact, lowercase) meant for uploaded or media files, never for code.
const UPLOAD_DIRS: &[&str] = &["uploads", "upload", "media", "images", "img", "tmp"];
const DROP_INS: &[&str] = &[
    "advanced-cache.php",
    "db.php",
    "db-error.php",
    "install.php",
    "maintenance.php",
    "object-cache.php",
    "sunrise.php",
    "fatal-error-handler.php",
];

pub fn extension(name: &str) -> Option<String> {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

pub fn is_php(name: &str) -> bool {
    extension(name).is_some_and(|e| PHP_EXTENSIONS.contains(&e.as_str()))
}

/// Whether a file's text needs reading: PHP, `.htaccess`, `.user.ini`, `php.ini`.
pub fn wants_content(name: &str) -> bool {
    is_php(name) || matches!(name, ".htaccess" | ".user.ini" | "php.ini")
}

/// Findings from the path alone (relative to the document root, `/`-separated).
pub fn by_path(rel: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let parts: Vec<&str> = rel.split('/').collect();
    let name = parts.last().copied().unwrap_or("");
    let dirs = &parts[..parts.len().saturating_sub(1)];
    let ext = extension(name).unwrap_or_default();
    let executable = PHP_EXTENSIONS.contains(&ext.as_str()) || OTHER_EXEC.contains(&ext.as_str());
    // `index.php` guards that WordPress and others put in upload folders are harmless only when
    // tiny; they are judged by content below, not flagged by path.
    if executable && dirs.iter().any(|d| UPLOAD_DIRS.contains(d)) {
        out.push(Hit { why: Why::ExecutableInUploads, line: None, evidence: rel.chars().take(120).collect() });
    }
    if let Some(i) = dirs.iter().position(|d| *d == "wp-content") {
        let under = &parts[i + 1..];
        let mu = under.len() >= 2 && under[0] == "mu-plugins";
        let drop_in = under.len() == 1 && DROP_INS.contains(&under[0]);
        if mu || drop_in {
            out.push(Hit { why: Why::WordPressAutoload, line: None, evidence: rel.chars().take(120).collect() });
        }
    }
    out
}

struct Patterns {
    set: RegexSet,
    each: Vec<(Why, Regex)>,
}

fn php_patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let list: Vec<(Why, &str)> = vec![
            (
                Why::EvalOfDecoded,
                r"(?i)(?-u:\b)(?:eval|assert)\s*\(\s*(?:@\s*)?(?:base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|strrev|rawurldecode|hex2bin|convert_uudecode|\$_(?:GET|POST|REQUEST|COOKIE|SERVER|FILES)(?-u:\b)|\$\{?\s*['\x22]?_(?:GET|POST|REQUEST|COOKIE))",
            ),
            (Why::EncodedBlob, r"[A-Za-z0-9+/]{1200,}={0,2}"),
            (Why::EncodedBlob, r"(?:\\x[0-9a-fA-F]{2}){80,}"),
            (
                Why::PregReplaceEval,
                r#"(?i)preg_replace\s*\(\s*['"](?:/[^/'"]*/|#[^#'"]*#|~[^~'"]*~|@[^@'"]*@|![^!'"]*!|\|[^|'"]*\|)[a-df-z]*e[a-z]*['"]"#,
            ),
            (Why::DynamicCallFromInput, r"\$_(?:GET|POST|REQUEST|COOKIE)\s*\[[^\]]{1,40}\]\s*\("),
            (Why::DynamicCallFromInput, r"(?i)(?-u:\b)create_function\s*\(.{0,80}\$_(?:GET|POST|REQUEST|COOKIE)"),
            (
                Why::ShellFromInput,
                r"(?i)(?-u:\b)(?:system|shell_exec|passthru|exec|popen|proc_open|pcntl_exec)\s*\(\s*(?:@\s*)?\$_(?:GET|POST|REQUEST|COOKIE|SERVER)",
            ),
        ];
        Patterns {
            set: RegexSet::new(list.iter().map(|(_, p)| *p)).expect("patterns compile"),
            each: list.into_iter().map(|(w, p)| (w, Regex::new(p).expect("pattern compiles"))).collect(),
        }
    })
}

fn conf_patterns() -> &'static [(Why, Regex)] {
    static P: OnceLock<Vec<(Why, Regex)>> = OnceLock::new();
    P.get_or_init(|| {
        [
            (Why::PrependAppend, r"(?im)^\s*(?:php_value\s+|php_admin_value\s+)?auto_(?:prepend|append)_file\s*[=\s]\s*\S+"),
            (
                Why::HandlerOnData,
                r"(?im)^\s*(?:AddHandler|AddType|SetHandler)\s+[^\n]*(?:php|x-httpd)[^\n]*\.(?:jpe?g|png|gif|ico|bmp|svg|webp|txt|css|js|pdf|zip)(?-u:\b)",
            ),
            (Why::ConditionalRedirect, r"(?im)^\s*RewriteCond\s+%\{HTTP_(?:USER_AGENT|REFERER)\}"),
        ]
        .into_iter()
        .map(|(w, p)| (w, Regex::new(p).expect("pattern compiles")))
        .collect()
    })
}

fn redirect_target() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?im)^\s*(?:RewriteRule\s+\S+|Redirect(?:Match|Permanent|Temp)?(?:\s+\d{3})?\s+\S+)\s+https?://([A-Za-z0-9.-]+)")
            .expect("pattern compiles")
    })
}

/// Findings in a file's text. `own_domains`: the account's domains (a redirect to one of them
/// is not foreign).
pub fn by_content(name: &str, text: &str, own_domains: &[String]) -> Vec<Hit> {
    let mut out = Vec::new();
    if is_php(name) {
        let p = php_patterns();
        let matched = p.set.matches(text);
        if matched.matched_any() {
            for i in matched.iter() {
                let (why, re) = &p.each[i];
                if let Some(m) = re.find(text) {
                    out.push(hit(*why, text, m.start(), m.as_str()));
                }
            }
        }
    } else {
        for (why, re) in conf_patterns() {
            if let Some(m) = re.find(text) {
                out.push(hit(*why, text, m.start(), m.as_str()));
            }
        }
        if name == ".htaccess" {
            for c in redirect_target().captures_iter(text) {
                let host = c[1].to_ascii_lowercase();
                let own = own_domains.iter().any(|d| host == *d || host.ends_with(&format!(".{d}")));
                if !own {
                    let m = c.get(0).expect("whole match");
                    out.push(hit(Why::ForeignRedirect, text, m.start(), m.as_str()));
                    break;
                }
            }
        }
    }
    out.sort_by_key(|h| h.why);
    out.dedup_by_key(|h| h.why);
    out
}

fn hit(why: Why, text: &str, at: usize, matched: &str) -> Hit {
    let line = text[..at].bytes().filter(|b| *b == b'\n').count() + 1;
    let evidence: String = matched.trim().chars().filter(|c| !c.is_control()).take(120).collect();
    Hit { why, line: Some(line), evidence }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whys(name: &str, text: &str) -> Vec<Why> {
        by_content(name, text, &["demo-shop.example".to_owned()]).into_iter().map(|h| h.why).collect()
    }

    #[test]
    fn backdoor_shapes_are_found() {
        assert_eq!(whys("x.php", "<?php @eval(base64_decode($_POST['k']));"), [Why::EvalOfDecoded]);
        assert_eq!(whys("x.php", "<?php assert($_REQUEST['a']);"), [Why::EvalOfDecoded]);
        assert_eq!(whys("x.php", "<?php $_GET['f']($_GET['a']);"), [Why::DynamicCallFromInput]);
        assert_eq!(whys("x.php", "<?php system($_GET['c']);"), [Why::ShellFromInput]);
        assert_eq!(whys("x.php", "<?php preg_replace('/.*/e', $_POST['c'], '');"), [Why::PregReplaceEval]);
        let blob = format!("<?php $x = '{}';", "QUJD".repeat(400));
        assert_eq!(whys("x.php", &blob), [Why::EncodedBlob]);
    }

    #[test]
    fn htaccess_tricks_are_found() {
        let t = "RewriteEngine On\nRewriteCond %{HTTP_USER_AGENT} (google|bing) [NC]\nRewriteRule ^(.*)$ https://spam-pills.example/$1 [R=302,L]\n";
        assert_eq!(whys(".htaccess", t), [Why::ConditionalRedirect, Why::ForeignRedirect]);
        assert_eq!(whys(".htaccess", "AddHandler application/x-httpd-php .jpg\n"), [Why::HandlerOnData]);
        assert_eq!(whys(".user.ini", "auto_prepend_file = /home/demo/.cache/x.php\n"), [Why::PrependAppend]);
    }

    #[test]
    fn ordinary_code_is_quiet() {
        assert!(whys("x.php", "<?php echo esc_html( $title ); $r = preg_replace('/\\s+/', ' ', $s);").is_empty());
        let own = "RewriteEngine On\nRewriteRule ^old$ https://www.demo-shop.example/new [R=301,L]\n";
        assert!(whys(".htaccess", own).is_empty());
        assert!(whys(".htaccess", "# BEGIN WordPress\nRewriteEngine On\nRewriteRule . /index.php [L]\n").is_empty());
    }

    /// Found by the sweep_detect fuzzer (7 files a second): with Unicode word boundaries a PHP
    /// file with one non-ASCII character and long base64 runs took ≈ 50 µs a byte (3 s for
    /// 60 KB in a release build, a minute for a 1 MB webshell; 10 s here in a debug build);
    /// ASCII word boundaries (the only ones PHP has) take a twelfth of that.
    #[test]
    fn a_non_ascii_webshell_with_base64_runs_is_scanned_quickly() {
        let text =
            format!("<?php // æ\n$x=\"{}\"; @eval(base64_decode($x));", format!("{}é", "QUJD".repeat(300)).repeat(50));
        let start = std::time::Instant::now();
        assert_eq!(whys("x.php", &text), [Why::EvalOfDecoded, Why::EncodedBlob]);
        let took = start.elapsed();
        assert!(took < std::time::Duration::from_secs(4), "{} KB took {took:?}", text.len() / 1024);
    }

    #[test]
    fn paths() {
        let w: Vec<Why> = by_path("wp-content/uploads/2026/11/cache-img.php").into_iter().map(|h| h.why).collect();
        assert_eq!(w, [Why::ExecutableInUploads]);
        let w: Vec<Why> = by_path("wp-content/mu-plugins/loader.php").into_iter().map(|h| h.why).collect();
        assert_eq!(w, [Why::WordPressAutoload]);
        assert!(by_path("wp-includes/version.php").is_empty());
    }
}
