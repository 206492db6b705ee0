//! JavaScript an intruder adds to a site's scripts (`.js` files) and pages (`<script>` blocks):
//! what visitors' browsers run, not the server. Three behaviours, each needing more than a
//! spelling:
//! - an address or a script tag kept hidden (character codes, escape codes, base64, percent
//!   codes, reversed text) that decodes to another site's address or to markup, used where a
//!   script is loaded, a page is written or the visitor is sent away;
//! - a script fetched and run (`eval` of a request's answer) only for some visitors: those
//!   arriving from elsewhere (`document.referrer`; injections also skip visitors with the
//!   site's cookies, so the logged-in owner never sees them);
//! - an obfuscator's string-table rotation (`while(!![]) { … push(… shift()) … parseInt }`),
//!   the mark of the tool injection campaigns run their code through: none of the clean sets'
//!   6,512 scripts has one. Added after a script's own code it is reported higher than a file
//!   that is nothing else (a vendor may protect its own code that way).
//!
//! Also: the page's own names (`document`, `write`, `eval`…) kept in escape codes; computed
//! text decoded and run at once (`eval(atob(x))`); an invisible frame showing another site
//! (an exploit kit's gate); a skimmer — card fields, or every field of a checkout page, sent
//! to an address written in full (reported as a collector); and a script tag or `src` at a
//! throw-away domain, as in PHP pages.

use std::sync::LazyLock;

use base64::Engine as _;
use regex::bytes::Regex;

use crate::detect::{Danger, Why};

/// A script an intruder added, what it does, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Injection {
    /// `InjectedScript`, `CredentialCollector` for a skimmer of payment forms, or
    /// `LoadsForeignScript` for a whole script's loader of another site's script.
    pub why: Why,
    pub danger: Danger,
    pub at: usize,
}

/// Hidden texts: character codes (`String.fromCharCode(104,116,…)`), runs of escape codes
/// (`'\x68\x74…'`), base64 given to `atob`, percent codes given to `unescape`, and long texts
/// of hexadecimal digits (decoded two by two in a loop). Each needs eight hidden
/// characters or more (forty for hexadecimal digits: a checksum is thirty-two).
static HIDDEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?-u)fromCharCode(?:\.apply\(\s*(?:null|this|String)\s*,\s*\[|\()\s*(?P<codes>(?:0x[0-9a-fA-F]{1,4}|\d{1,5})(?:\s*,\s*(?:0x[0-9a-fA-F]{1,4}|\d{1,5})){7,})"#,
        r#"|(?P<hex>(?:\\x[0-9a-fA-F]{2}|\\u00[0-9a-fA-F]{2}){8,})"#,
        r#"|(?:\batob|\[\s*["']atob["']\s*\])\s*\(\s*["'](?P<b64>[A-Za-z0-9+/]{12,}={0,2})["']"#,
        r#"|unescape\(\s*["'](?P<pct>(?:%[0-9a-fA-F]{2}|%u[0-9a-fA-F]{4}){8,})"#,
        r#"|["'](?P<hexdigits>(?:[0-9a-fA-F]{2}){40,})["']"#,
    ))
    .expect("hidden text regex")
});
/// Text turned round before use (`'…'.split('').reverse().join('')`): found by its tail, the
/// quoted text read backwards from there (a pattern for the text itself would try every quote
/// of a large script).
static REVERSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?-u)["']\s*\.split\(\s*["']["']\s*\)\s*\.reverse\(\s*\)\s*\.join\("#).expect("reversed regex")
});
/// The longest reversed text read.
const MAX_REVERSED: usize = 300;

/// What a decoded text must hold to be an address, markup or code worth hiding (a page written
/// with a mail link kept from address harvesters is not).
static REVEALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)https?:|^\s*//[a-z0-9-]+\.[a-z0-9.-]+|<\s*(?:script|iframe)\b|document\.cookie|XMLHttpRequest|",
        r"fromCharCode|createElement|\beval\s*\(|\blocation\b|\.src\b|appendChild",
    ))
    .expect("reveals regex")
});

/// Where a hidden text is used: a script or frame made, a page written, the visitor sent away,
/// code run or fetched.
static USE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?-u)createElement|\.src\b|setAttribute|document\.write|\blocation\b|window\.open|appendChild|",
        r"insertBefore|innerHTML|insertAdjacentHTML|\beval\s*\(|\bFunction\s*\(|setTimeout\s*\(|",
        r"\bfetch\s*\(|XMLHttpRequest|getScript|\.append\s*\(|\.html\s*\(",
    ))
    .expect("use regex")
});
/// How far from a hidden text its use may be.
const USE_WINDOW: usize = 600;

/// A whole quoted text in escape codes (`'\x77\x72\x69\x74\x65'`): decoded, the name of what
/// runs code, writes the page, reads cookies or makes elements is hidden for no honest reason
/// (minifiers never escape plain letters).
static ESCAPED_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?-u)["'](?P<e>(?:\\x[0-9a-fA-F]{2}|\\u00[0-9a-fA-F]{2}){4,40})["']"#).expect("escaped text regex")
});
const HIDDEN_NAMES: &[&[u8]] = &[
    b"eval",
    b"write",
    b"writeln",
    b"cookie",
    b"createElement",
    b"appendChild",
    b"insertBefore",
    b"atob",
    b"fromCharCode",
    b"XMLHttpRequest",
    b"responseText",
    b"referrer",
    b"innerHTML",
    b"setAttribute",
    b"getElementsByTagName",
    b"document",
    b"location",
    b"iframe",
    b"script",
    b"userAgent",
    b"sendBeacon",
];
/// At most this many escaped texts of one script are decoded.
const MAX_ESCAPED: usize = 256;

/// Decoded text run as code at once: `eval(String.fromCharCode(…))`, `eval(atob(…))`,
/// `this['eval'](this['atob'](…))`, `eval(unescape(…))`.
static RUNS_DECODED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?-u)(?:\beval|\[\s*["']eval["']\s*\])\s*\(\s*(?:(?:this|window|self)\s*\[\s*["']atob["']\s*\]|(?:window\.)?atob"#,
        r#"|String\.fromCharCode|unescape|decodeURIComponent|\w+\s*\[\s*["']fromCharCode["']\s*\])\s*\("#,
    ))
    .expect("runs decoded regex")
});

/// A frame made invisible (no size, hidden, or far off the screen) that shows another site: an
/// exploit kit's or an ad fraud's gate.
static IFRAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i-u)<iframe\b|createElement\s*\(\s*["']iframe["']"#).expect("iframe regex"));
static INVISIBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)\b(?:width|height)\s*(?:=|:)\s*\\?["']?\s*[0-9]\s*(?:px)?\s*\\?["';,>\s]"#,
        r#"|visibility\s*(?:=|:)\s*\\?["']?\s*hidden|(?:left|top)\s*(?:=|:)\s*\\?["']?\s*-\s*\d{3,}"#,
    ))
    .expect("invisible regex")
});
static ABSOLUTE_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)(?:https?:)?//[a-z0-9-]+(?:\.[a-z0-9-]+)+[/?:]").expect("absolute url regex"));
const IFRAME_WINDOW: usize = 500;
/// At most this many frames of one script are looked around.
const MAX_FRAMES: usize = 32;

/// A payment form's card fields by name, or a test that the page is a checkout, with every
/// field of the form collected.
static CARD_FIELDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)(?:\b|_)cc_(?:number|cid|exp\w*|owner|ss_\w+)\b|\bcard_?number\b|\bcard-number\b|\bcc-(?:number|exp|csc)\b",
        r"|\bcvv2?\b|\bcvc\b|\bcredit_?card_?number\b",
    ))
    .expect("card fields regex")
});
static CHECKOUT_PAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i-u)["'/](?:onepage|onestep|firecheckout|checkout)\b"#).expect("checkout regex"));
static ALL_FIELDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?-u)querySelectorAll\s*\(\s*["'](?:input|select|textarea|form)|getElementsByTagName\s*\(\s*["'](?:input|select)"#,
        r#"|(?:\$|jQuery)\(\s*["'](?:input|select|form|:input)[^"']{0,30}["']\s*\)"#,
    ))
    .expect("all fields regex")
});
/// Data sent out to an address written in full: another site.
static SENDS_TO_ANOTHER_SITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)(?:\.open\s*\(\s*["'](?:POST|GET)["']\s*,|\burl\s*:|\.post\s*\(|\.src\s*=|sendBeacon\s*\(|\bfetch\s*\(|\baction\s*=)"#,
        r#"\s*["'](?:https?:)?//[a-z0-9-]+(?:\.[a-z0-9-]+)+"#,
    ))
    .expect("sends to another site regex")
});
/// Or such an address kept elsewhere in the script (`Glink: 'https://…'`), and a sender.
static FULL_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)["'](?:https?:)?//[a-z0-9-]+(?:\.[a-z0-9-]+)+[^"'\s]*["']"#).expect("address regex")
});
static SENDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u)XMLHttpRequest|\.ajax\s*\(|\$\.post\s*\(|jQuery\.post\s*\(|new\s+Image\b|sendBeacon\s*\(|\bfetch\s*\(",
    )
    .expect("sender regex")
});

/// A script's answer run as code (`eval(…)`, `window['eval'](…)`: injected code names its
/// functions and properties in brackets so that a search for `eval(` misses them).
static RUNS_ANSWER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?-u)\beval\s*\(|\[\s*["']eval["']\s*\]\s*\(|\bnew\s+Function\s*\("#).expect("runs answer regex")
});
static FETCHES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)XMLHttpRequest|\bfetch\s*\(|responseText").expect("fetches regex"));
/// Only some visitors: those arriving from elsewhere (a site's own code reads its cookies near
/// its loaders often enough; where a visitor came from, seldom).
static PICKS_VISITORS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?-u)(?:\.|\[\s*["'])referrer\b"#).expect("picks visitors regex"));
/// How near each other the fetch, the run and the pick must be.
const FETCH_WINDOW: usize = 2_000;

/// Text fetched from another site's address written in full (`fetch("https://x.example/roll.txt")`,
/// `xhr.open('GET', 'https://…')`, `$.get("https://…")`), in any of the three quotes.
static FETCHES_FROM_SITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)(?:\bfetch\s*\(|\.open\s*\(\s*["'`](?:get|post)["'`]\s*,|\$\.(?:get|ajax)\s*\()\s*"#,
        r#"["'`](?:https?:)?//(?P<h>[a-z0-9-]+(?:\.[a-z0-9-]+)+)"#,
    ))
    .expect("fetches from a site regex")
});
/// Markup put into an element a script holds by name (`box.innerHTML = text`).
static PUT_IN_ELEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)\b(?P<el>[A-Za-z_$][\w$]{0,40})\.(?:innerHTML\s*=[^=]|insertAdjacentHTML\s*\()")
        .expect("markup regex")
});
/// Moved where no visitor sees it: thousands of units off the screen's left or top edge, or
/// indented out of sight (`left = "-9999rem"`, `text-indent:-10000px`).
static OFF_SCREEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)(?:left|top|text-?indent)["']?\s*[:=]\s*["']?\s*-\d{4,}\s*(?:px|r?em|pt)?\b"#)
        .expect("off-screen regex")
});
/// How far before the off-screen style the element holding it is named (`box.style.left = `,
/// `box.setAttribute('style', 'position:absolute;top:…`).
const STYLED_ELEMENT_BEFORE: usize = 80;

/// Text fetched from another site and put into the page, into an element the same script moves
/// where no visitor sees it: links kept for search engines only (spam an intruder serves from
/// their own host, changed at will). A script measuring the scrollbar off the screen puts no
/// fetched text there.
fn hidden_remote_text(js: &[u8]) -> Option<usize> {
    FETCHES_FROM_SITE.captures_iter(js).take(MAX_RUNS).filter(|c| !provider_host(&c["h"])).find_map(|c| {
        let at = c.get(0)?.start();
        let near = &js[at..js.len().min(at + FETCH_WINDOW)];
        let hidden = PUT_IN_ELEMENT.captures_iter(near).take(MAX_RUNS).any(|p| {
            let el = &p["el"];
            OFF_SCREEN
                .find_iter(near)
                .take(MAX_RUNS)
                .any(|m| styles_element(&near[m.start().saturating_sub(STYLED_ELEMENT_BEFORE)..m.start()], el))
        });
        hidden.then_some(at)
    })
}

/// Whether the text before a style names the element `el` as an object (`el.style.left = `,
/// `el.setAttribute(`), not as a part of a longer name.
fn styles_element(before: &[u8], el: &[u8]) -> bool {
    memchr::memmem::find_iter(before, el).any(|k| {
        let whole = k == 0 || !(before[k - 1].is_ascii_alphanumeric() || matches!(before[k - 1], b'_' | b'$'));
        whole && before.get(k + el.len()) == Some(&b'.')
    })
}

/// An obfuscator's string-table rotation loop.
static ROTATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)while\s*\(\s*!!\[\]\s*\)\s*\{").expect("rotation regex"));
/// The older form: the table turned a counted number of times (`while(--n){t['push'](t['shift']())}`).
static ROTATION_COUNTDOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?-u)while\s*\(\s*--\s*[\w$]+\s*\)\s*\{\s*[\w$]+\s*(?:\[\s*["']push["']\s*\]|\.push)\s*\(\s*[\w$]+\s*(?:\[\s*["']shift["']\s*\]|\.shift)\s*\(\s*\)\s*\)"#)
        .expect("countdown rotation regex")
});
/// What a rotation loop holds just after it opens.
const ROTATION_BODY: usize = 800;
/// A file whose first bytes show no obfuscation is a script of its own with something added.
const OWN_CODE_HEAD: usize = 512;
static OBFUSCATED_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)\b_0x[0-9a-f]{4,}|while\s*\(\s*!!\[\]|\bfunction\s+[A-Za-z_$]{1,3}\s*\(\s*\)\s*\{\s*(?:var|const|let)\s+[A-Za-z_$0-9]{1,6}\s*=\s*\[\s*['\x22]")
        .expect("obfuscated head regex")
});

/// A script loaded from, or a script's address at, a throw-away domain (free or cheap
/// top-level domains injection campaigns register by the thousand).
static THROWAWAY_SRC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)(?:<script[^>]{0,200}\bsrc\s*=\s*\\?["']?|\.src\s*=\s*["'])(?:https?:)?//[a-z0-9.-]+\."#,
        r#"(?:ga|tk|ml|cf|gq|xyz|top|pw|icu|buzz|club|online|site|space|website|fun|monster|rest|cyou)(?:[/:"'\\\s>?])"#,
    ))
    .expect("throw-away script regex")
});

/// At most this many `<script>` blocks of one page are read, each up to this long (a block
/// never closed is read that far, not to the page's end), none twice.
const MAX_BLOCKS: usize = 256;
const MAX_BLOCK: usize = 256 << 10;
/// At most this many rotation loops of one script are looked into.
const MAX_ROTATIONS: usize = 64;
/// How many hidden texts deep decoded code is read again, and how many decoded bytes of one
/// script at most.
const MAX_HIDDEN_DEPTH: u8 = 2;
const MAX_INNER_BYTES: usize = 256 << 10;
/// At most this many hidden texts of one script are decoded.
const MAX_HIDDEN: usize = 64;
/// At most this many `eval`s of one script are looked around.
const MAX_RUNS: usize = 64;

/// The first sign that a script was added to (or is) this JavaScript.
pub fn injected(js: &[u8]) -> Option<Injection> {
    injected_in(js, &Inner { depth: 0, budget: &std::cell::Cell::new(MAX_INNER_BYTES) })
        .or_else(|| marked_injection(js).map(|at| Injection { why: Why::InjectedScript, danger: Danger::High, at }))
        .or_else(|| code_off_screen(js).map(|at| Injection { why: Why::InjectedScript, danger: Danger::High, at }))
        .or_else(|| browser_miner(js).map(|at| Injection { why: Why::InjectedScript, danger: Danger::High, at }))
        .or_else(|| cloaker(js).map(|at| Injection { why: Why::SearchEngineCloaking, danger: Danger::High, at }))
        .or_else(|| char_code_loader(js).map(|at| Injection { why: Why::InjectedScript, danger: Danger::High, at }))
        .or_else(|| {
            code_for_search_visitors(js).map(|at| Injection { why: Why::InjectedScript, danger: Danger::High, at })
        })
        .or_else(|| hidden_from_admins(js).map(|at| Injection { why: Why::InjectedScript, danger: Danger::High, at }))
        .or_else(|| {
            makes_an_administrator(js).map(|at| Injection { why: Why::InjectedScript, danger: Danger::High, at })
        })
        .or_else(|| command_to_paste(js).map(|at| Injection { why: Why::InjectedScript, danger: Danger::High, at }))
        .or_else(|| {
            to_gambling_site(js).map(|at| Injection { why: Why::ConditionalRedirect, danger: Danger::High, at })
        })
}

/// Where a script sends its visitors to another site only when they are not signed in to the
/// site's WordPress (`document.cookie.indexOf('wordpress_logged_in_') === -1`, fresh162's
/// click hijackers): its owner, signed in, never sees it.
fn hidden_from_admins(js: &[u8]) -> Option<usize> {
    let at = memchr::memmem::find(js, b"wordpress_logged_in")?;
    memchr::memmem::find(js, b"document.cookie")?;
    (ABSOLUTE_REDIRECT.is_match(js) || FOREIGN_WINDOW.is_match(js)).then_some(at)
}

/// Where a script reads the nonce of WordPress's "add user" form and posts it back (fresh179's
/// XSS payloads make an administrator with the signed-in owner's session): WordPress's own
/// page is filled in by hand.
fn makes_an_administrator(js: &[u8]) -> Option<usize> {
    let at = memchr::memmem::find(js, b"_wpnonce_create-user")?;
    memchr::memmem::find(js, b"user-new.php")?;
    memchr::memmem::find(js, b"administrator").map(|_| at)
}

/// Where a page copies a Windows command for its visitor to paste and run (`mshta …`,
/// `powershell …` put on the clipboard: fresh179's and fresh173's fake CAPTCHA, "ClickFix"):
/// no site asks its visitors to run a command to prove they are human.
fn command_to_paste(js: &[u8]) -> Option<usize> {
    let copies = memchr::memmem::find(js, b"execCommand(\"copy\")")
        .or_else(|| memchr::memmem::find(js, b"execCommand('copy')"))
        .or_else(|| memchr::memmem::find(js, b"clipboard.writeText"))?;
    WINDOWS_RUNNER.is_match(js).then_some(copies)
}
/// A Windows program that runs what it is given (`mshta https://…`, `powershell -w hidden …`).
static WINDOWS_RUNNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)["'`]\s*(?:mshta|powershell(?:\.exe)?|cmd(?:\.exe)?\s+/c)\s"#).expect("windows runner regex")
});

/// Another site's page opened (`window.open('https://…')`).
static FOREIGN_WINDOW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?-u)window\.open\s*\(\s*["'`](?:https?://|tg:)"#).expect("foreign window regex"));

/// The page sent to a site whose name is online gambling's trade words (`ombaktoto30.store`,
/// `slotgacor88.com`; fresh156's `redirect.js` sends mobile visitors from Indonesia so).
fn to_gambling_site(js: &[u8]) -> Option<usize> {
    GAMBLING_REDIRECT.find(js).map(|m| m.start())
}

static GAMBLING_REDIRECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)(?:location(?:\.href)?\s*=\s*|location\.(?:replace|assign)\s*\(\s*|window\.open\s*\(\s*)["'`]https?://"#,
        r#"[a-z0-9.-]{0,40}(?:toto|togel|gacor|judi|maxwin|slot)[a-z0-9-]{0,30}\.[a-z]"#,
    ))
    .expect("gambling redirect regex")
});

/// The cloaking trade's names for its two pages (`white_page`, `blackPage`, `money_page`): the
/// harmless one shown to reviewers and crawlers, the one the visitors are sent to.
static CLOAK_PAGE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)\b(?:white|black|money|safe|offer)_?page\b").expect("cloak page regex"));

/// A script that tells crawlers apart by the browser's name and sends everyone else to
/// another page, its pages named as the cloaking trade names them (fresh151's `index.js`:
/// `white_page`, `black_page`, an `isBot()` of Google's robots). A language redirect that
/// spares crawlers has no white and black pages.
fn cloaker(js: &[u8]) -> Option<usize> {
    let has = |w: &[u8]| memchr::memmem::find(js, w).is_some();
    if !has(b"userAgent") || !(has(b"location") || has(b"<iframe") || has(b"createElement('iframe')")) {
        return None;
    }
    let names = CLOAK_PAGE_NAME.find_iter(js).take(MAX_CLOAK_NAMES).collect::<Vec<_>>();
    let two = names.iter().any(|m| !m.as_bytes().eq_ignore_ascii_case(names[0].as_bytes()));
    let crawlers = has(b"Googlebot") || has(b"/bot/") || has(b"bot|") || has(b"|bot") || has(b"/bot/i");
    if two && crawlers {
        return Some(names[0].start());
    }
    // (Or crawlers told apart and everyone else sent to another site's address: fresh156's
    // `redirect.js`. A site's own language or device redirect stays on its own paths.)
    let away = ABSOLUTE_REDIRECT.find(js)?;
    (has(b"/bot/i") || has(b"/crawler/i") || has(b"/spider/i") || has(b"Googlebot")).then_some(away.start())
}

/// The page sent to another site's address written out (`window.location.href =
/// "https://…"`, `location.replace('https://…')`).
static ABSOLUTE_REDIRECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?-u)location(?:\.href)?\s*=\s*["'`]https?://|location\.(?:replace|assign)\s*\(\s*["'`]https?://"#)
        .expect("absolute redirect regex")
});

/// A script element whose address is spelled in character codes, in three or more
/// `String.fromCharCode(104, 116, …)` pieces (fresh156's `3.js` loads a jsDelivr copy of an
/// attacker's repository so): no site hides the address of its own scripts.
fn char_code_loader(js: &[u8]) -> Option<usize> {
    let has = |w: &[u8]| memchr::memmem::find(js, w).is_some();
    if !(has(b"createElement('script')") || has(b"createElement(\"script\")")) {
        return None;
    }
    let mut pieces = CHAR_CODE_PIECE.find_iter(js);
    let first = pieces.next()?.start();
    (pieces.take(MIN_CHAR_CODE_PIECES - 1).count() == MIN_CHAR_CODE_PIECES - 1).then_some(first)
}
/// Where a script runs text as code (`new Function(b)()`) only for visitors it told apart from
/// crawlers and by where they came from (fresh156's jsDelivr ad injectors: `isRobot()`,
/// `isReferrerSearch()`, a city check, then a ciphered payload run). A site's own script
/// neither hides its code in text nor chooses its visitors so.
fn code_for_search_visitors(js: &[u8]) -> Option<usize> {
    let at = memchr::memmem::find(js, b"new Function(")?;
    let arg = js.get(at + 13..)?.iter().find(|c| !c.is_ascii_whitespace())?;
    let has = |w: &[u8]| memchr::memmem::find(js, w).is_some();
    let crawlers = has(b"robot") || has(b"spider") || has(b"Googlebot") || has(b"/bot/i");
    (!matches!(arg, b'"' | b'\'' | b'`') && crawlers && has(b"document.referrer")).then_some(at)
}

/// `String.fromCharCode(` with literal numbers.
static CHAR_CODE_PIECE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)String\.fromCharCode\(\s*\d+\s*,\s*\d").expect("char code regex"));
const MIN_CHAR_CODE_PIECES: usize = 3;
/// The page names a script is read for.
const MAX_CLOAK_NAMES: usize = 16;

/// A browser miner started with its owner's site key (`new Client.Anonymous('87a0…')`,
/// CoinHive's and its clones' way: fresh140's hacked shop's `index.php` mines on its visitors'
/// machines).
fn browser_miner(js: &[u8]) -> Option<usize> {
    static MINER_START: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?-u)\b(?:CoinHive|Client|CRLT|CoinImp|deepMiner|Miner)\.(?:Anonymous|User|Token)\(\s*["'][0-9A-Za-z]{32,64}["']"#)
            .expect("browser miner regex")
    });
    memchr::memmem::find(js, b".Anonymous(").or_else(|| memchr::memmem::find(js, b".User("))?;
    MINER_START.find(js).map(|m| m.start())
}

/// Code written after hundreds of spaces on its line, where an editor's window never shows it
/// (fresh128's responsiveCarousel: a card skimmer 971 spaces to the right of the library's
/// code). A comment may be laid out so (a banner's box); code is not. None of the clean sets'
/// scripts has code so placed.
fn code_off_screen(js: &[u8]) -> Option<usize> {
    memchr::memmem::find(js, &[b' '; 32]).or_else(|| memchr::memmem::find(js, &[b'\t'; 32]))?;
    OFF_SCREEN_CODE.find(js).map(|m| m.end() - 1)
}
/// Code after 500 spaces or tabs on its line (`code_off_screen` first looks for 32 spaces or
/// 32 tabs in a row, a cheap search before the pattern's).
static OFF_SCREEN_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)[ \t]{500,}[^\s*/]").expect("off-screen regex"));

/// An injector's marker: a comment of 32 hexadecimal digits (`/*857fa143e5988d9492f71363cb97f97f*/`)
/// that the injector writes around the code it adds to a site's scripts, to find it again,
/// with obfuscated or loading code beside it (fresh97's `wp-emoji-release.js` and `jquery.js`
/// copies). None of the clean sets' 270,000 files holds such a comment.
fn marked_injection(js: &[u8]) -> Option<usize> {
    memchr::memmem::find(js, b"*/")?;
    let m = HEX_MARKER.find_iter(js).take(MAX_HIDDEN).find(|m| {
        let near = &js[m.start().saturating_sub(MARKER_WINDOW)..js.len().min(m.end() + MARKER_WINDOW)];
        MARKED_CODE.is_match(near)
    })?;
    Some(m.start())
}
static HEX_MARKER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u)/\*[0-9a-f]{32}\*/").expect("marker regex"));
/// What an injected block does: runs or writes code, or hides names in escapes or codes.
static MARKED_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)\beval\s*\(|fromCharCode|document\.write|createElement\s*\(|(?:\\x[0-9a-fA-F]{2}){4}")
        .expect("marked code regex")
});
/// How far around a marker its block is looked at (bytes).
const MARKER_WINDOW: usize = 8192;

/// How deep in hidden texts the code being read is, and how many decoded bytes may still be
/// read again for the whole script (a page of embedded fonts is not re-read font by font).
struct Inner<'b> {
    depth: u8,
    budget: &'b std::cell::Cell<usize>,
}

/// `injected`, in code `depth` hidden texts deep (what a hidden text decodes to is read the
/// same way: `eval(atob('…'))` of a loader that reverses its address).
fn injected_in(js: &[u8], inner: &Inner<'_>) -> Option<Injection> {
    let high = |at| Some(Injection { why: Why::InjectedScript, danger: Danger::High, at });
    if let Some(at) = hidden_use(js, inner).or_else(|| hidden_name(js)) {
        return high(at);
    }
    if let Some(at) = runs_decoded(js) {
        return high(at);
    }
    if let Some(at) = invisible_frame(js) {
        return high(at);
    }
    if let Some(at) = skims_payment_forms(js).or_else(|| logs_keys(js)) {
        return Some(Injection { why: Why::CredentialCollector, danger: Danger::High, at });
    }
    if let Some(at) = sends_cookies(js) {
        return Some(Injection { why: Why::StealsCookies, danger: Danger::High, at });
    }
    if let Some(at) = fetched_and_run(js).or_else(|| hidden_remote_text(js)) {
        return high(at);
    }
    if let Some(m) = THROWAWAY_SRC.find(js) {
        return high(m.start());
    }
    if let Some(at) = packed_loader(js, inner) {
        return high(at);
    }
    rotation(js)
}

/// Dean Edwards' packer: `eval(function(p,a,c,k,e,d){…}('payload',base,count,'w1|w2'.split('|')`.
static PACKED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?s-u)eval\(function\(p,a,c,k,e,[dr]\)\{.{0,600}?\}\(\s*'(?P<p>(?:[^'\\]|\\.)+)'\s*,\s*"#,
        r#"(?P<a>\d{1,2})\s*,\s*\d{1,6}\s*,\s*'(?P<k>[^']*)'\.split\('\|'\)"#,
    ))
    .expect("packer regex")
});
/// The start of a `PACKED` match, up to the packer's function's body.
static PACKED_HEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)\Aeval\(function\(p,a,c,k,e,[dr]\)\{").expect("packer head regex"));
/// What follows the payload in a `PACKED` match, up to the words' opening quote.
static PACKED_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)\A'\s*,\s*(?P<a>\d{1,2})\s*,\s*\d{1,6}\s*,\s*'").expect("packer tail regex"));
/// What a packed script that only loads another site's script shows once unpacked: a script
/// element or tag given an address on another host.
static LOADS_REMOTE_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?is-u)createElement\(\s*\\?['"]script\\?['"]\s*\).{0,600}?\.src\s*=\s*\\?['"](?:https?:)?//(?P<h>[a-z0-9-]+\.[a-z0-9.-]+)"#,
        r#"|<script[^>]{0,200}\bsrc\s*=\s*\\?['"]?(?:https?:)?//(?P<t>[a-z0-9-]+\.[a-z0-9.-]+)"#,
    ))
    .expect("remote script regex")
});
/// The big providers whose snippets sites paste (analytics, search engines' link submission,
/// tag managers, public CDNs): a packed copy of their loader is a site's own (a Chinese CMS
/// ships Baidu's link-submission snippet packed).
const PROVIDER_HOSTS: &[&[u8]] = &[
    b"baidu.com",
    b"bdstatic.com",
    b"google-analytics.com",
    b"googletagmanager.com",
    b"google.com",
    b"googleapis.com",
    b"gstatic.com",
    b"googlesyndication.com",
    b"doubleclick.net",
    b"yandex.ru",
    b"facebook.net",
    b"cnzz.com",
    b"51.la",
    b"jsdelivr.net",
    b"cloudflare.com",
    b"jquery.com",
];

/// Services whose loaders a site's own scripts carry (embeds, payments, captchas, chat, ads):
/// a script element pointed at one is the site's, for the loader check of whole scripts
/// (`remote_loader`), besides `PROVIDER_HOSTS`.
const WIDGET_HOSTS: &[&[u8]] = &[
    b"youtube.com",
    b"ytimg.com",
    b"vimeo.com",
    b"instagram.com",
    b"twitter.com",
    b"x.com",
    b"facebook.com",
    b"linkedin.com",
    b"licdn.com",
    b"pinterest.com",
    b"stripe.com",
    b"paypal.com",
    b"paypalobjects.com",
    b"recaptcha.net",
    b"hcaptcha.com",
    b"cloudflareinsights.com",
    b"unpkg.com",
    b"bootstrapcdn.com",
    b"hotjar.com",
    b"clarity.ms",
    b"carbonads.com",
    b"disqus.com",
    b"addthis.com",
    b"sharethis.com",
    b"tawk.to",
    b"hs-scripts.com",
    b"hubspot.com",
    b"zdassets.com",
    b"intercom.io",
    b"crisp.chat",
    b"livechatinc.com",
    b"wp.com",
    b"wordpress.com",
    b"wordpress.org",
    b"gravatar.com",
    b"amazon-adsystem.com",
    b"googletagservices.com",
    b"bing.com",
    b"microsoft.com",
    b"apple.com",
    b"chimpstatic.com",
    b"mailchimp.com",
];

/// A whole script (a `.js` file) that makes a script element and points it at another site
/// by an address written in it (`e.src = 'https://x.example/s.js'`; the injected one-line
/// loader passes `document, 'script', 'https://…'` to its function): what a hacked theme's
/// `superfish.js` or `jquery.js` gets appended. Not for a page's blocks, where services'
/// snippets are pasted every day; not for the services sites load (`PROVIDER_HOSTS`,
/// `WIDGET_HOSTS`). None of the clean sets' scripts has one; a site's own loader of a small
/// service is possible, so it is reported for a look (`Medium`).
pub fn remote_loader(js: &[u8]) -> Option<Injection> {
    let element = SCRIPT_ELEMENT.find_iter(js).take(MAX_RUNS).find_map(|m| {
        let near = &js[m.start()..js.len().min(m.end() + LOADER_WINDOW)];
        let named =
            m.as_bytes().to_ascii_lowercase().windows(6).any(|w| w == b"script") || SCRIPT_ARGUMENT.is_match(near);
        let foreign =
            LOADER_SRC.captures_iter(near).take(MAX_RUNS).any(|c| !provider_host(&c["h"]) && !widget_host(&c["h"]));
        (named && foreign).then_some(m.start())
    })?;
    Some(Injection { why: Why::LoadsForeignScript, danger: Danger::Medium, at: element })
}
static SCRIPT_ELEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)createElement\(\s*(?:\\?["']script\\?["']|[\w$]{1,12})\s*\)"#).expect("script element regex")
});
/// The loader's function given `'script'` as an argument (`})(document, 'script', …)`).
static SCRIPT_ARGUMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i-u)\(\s*document\s*,\s*["']script["']\s*,"#).expect("script argument regex"));
/// The element's address, written in full where it is given: `.src = '…'`,
/// `setAttribute('src', '…')`, or the loader function's argument after `'script'`.
static LOADER_SRC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)(?:\.src\s*=\s*|setAttribute\(\s*["']src["']\s*,\s*|\(\s*document\s*,\s*["']script["']\s*,\s*)"#,
        r#"["'](?:https?:)?//(?P<h>[a-z0-9-]+(?:\.[a-z0-9-]+)+)"#,
    ))
    .expect("loader address regex")
});
/// How far after the element is made its address is looked for.
const LOADER_WINDOW: usize = 1_200;

fn widget_host(host: &[u8]) -> bool {
    host_in(host, WIDGET_HOSTS)
}

/// Whether `host` is one of `PROVIDER_HOSTS` or a name under one.
fn provider_host(host: &[u8]) -> bool {
    host_in(host, PROVIDER_HOSTS)
}

/// Whether `host` is one of `names` or a name under one (any case).
fn host_in(host: &[u8], names: &[&[u8]]) -> bool {
    let host = host.to_ascii_lowercase();
    names.iter().any(|p| host == *p || (host.ends_with(p) && host[host.len() - p.len() - 1] == b'.'))
}

/// A script packed with Dean Edwards' packer whose unpacked code loads a script from another
/// site (a planted `jquery.js` that is only such a loader). Libraries were packed this way
/// too; what they unpack to does not load others' scripts.
fn packed_loader(js: &[u8], inner: &Inner<'_>) -> Option<usize> {
    memchr::memmem::find(js, b"eval(function(p,a,c,k,e,")?;
    // (Each match is found by the fast engine and then read by hand or on its own few
    // bytes: the engine's groups over a payload of tens of kilobytes cost a packed library
    // more than the rest of its reading.)
    PACKED.find_iter(js).take(MAX_HIDDEN).find_map(|m| {
        let (payload, base, words) = packed_parts(m.as_bytes())?;
        let words: Vec<&[u8]> = words.split(|b| *b == b'|').collect();
        let code = unpack(payload, base, &words)?;
        let loads_others = LOADS_REMOTE_SCRIPT.find_iter(&code).take(MAX_HIDDEN).any(|l| {
            LOADS_REMOTE_SCRIPT
                .captures(l.as_bytes())
                .and_then(|c| c.name("h").or_else(|| c.name("t")))
                .is_some_and(|h| !provider_host(h.as_bytes()))
        });
        // Or what it unpacks to is an injection itself, read as hidden code is.
        let budget = inner.budget.get();
        let deeper = !loads_others && inner.depth < MAX_HIDDEN_DEPTH && code.len() <= budget && {
            inner.budget.set(budget - code.len());
            injected_in(&code, &Inner { depth: inner.depth + 1, budget: inner.budget }).is_some()
        };
        (loads_others || deeper).then_some(m.start())
    })
}

/// The payload, base and words (`w1|w2`) of a `PACKED` match.
/// (Each `}('` of the function's first 600 bytes is tried as the payload's start, as the
/// regex's lazy head would: the packer's body may call another function first.)
fn packed_parts(m: &[u8]) -> Option<(&[u8], u32, &[u8])> {
    let body = PACKED_HEAD.find(m)?.end();
    let limit = m.len().min(body + PACKED_BODY);
    memchr::memmem::find_iter(&m[body..limit], b"}(").take(MAX_HIDDEN).find_map(|at| {
        let mut start = body + at + 2;
        while m.get(start).is_some_and(u8::is_ascii_whitespace) {
            start += 1;
        }
        (m.get(start) == Some(&b'\'')).then_some(())?;
        payload_parts(m, start + 1)
    })
}

/// The payload starting at `start` (after its quote), then the base and the words.
fn payload_parts(m: &[u8], start: usize) -> Option<(&[u8], u32, &[u8])> {
    // The payload is a quoted text: `\'` stands for a quote.
    let mut end = start;
    while end < m.len() && m[end] != b'\'' {
        end += if m[end] == b'\\' { 2 } else { 1 };
    }
    let payload = m.get(start..end).filter(|p| !p.is_empty())?;
    let tail = PACKED_TAIL.captures(&m[end..m.len().min(end + 64)])?;
    let base = std::str::from_utf8(tail.name("a")?.as_bytes()).ok()?.parse().ok()?;
    let words_at = end + tail.get(0)?.end();
    let words_len = memchr::memchr(b'\'', &m[words_at..])?;
    Some((payload, base, &m[words_at..words_at + words_len]))
}

/// How far into the packer's function its call (`}('`) is looked for (the `PACKED` pattern's
/// bound).
const PACKED_BODY: usize = 602;

/// The packer's payload with each word (a number in `base`, digits 0-9a-zA-Z) put back.
fn unpack(payload: &[u8], base: u32, words: &[&[u8]]) -> Option<Vec<u8>> {
    if !(2..=62).contains(&base) {
        return None;
    }
    let digit = |b: u8| -> Option<u32> {
        match b {
            b'0'..=b'9' => Some(u32::from(b - b'0')),
            b'a'..=b'z' => Some(u32::from(b - b'a') + 10),
            b'A'..=b'Z' => Some(u32::from(b - b'A') + 36),
            _ => None,
        }
    };
    let mut out = Vec::with_capacity(payload.len() * 2);
    let mut i = 0;
    while i < payload.len() {
        let b = payload[i];
        if !(b.is_ascii_alphanumeric() || b == b'_') {
            // (The payload is a quoted text: `\'` stands for a quote.)
            if b == b'\\' && i + 1 < payload.len() {
                out.push(payload[i + 1]);
                i += 2;
                continue;
            }
            out.push(b);
            i += 1;
            continue;
        }
        let start = i;
        while i < payload.len() && (payload[i].is_ascii_alphanumeric() || payload[i] == b'_') {
            i += 1;
        }
        let word = &payload[start..i];
        let n = word.iter().try_fold(0u64, |n, &b| {
            let d = u64::from(digit(b)?);
            (d < u64::from(base)).then(|| n.saturating_mul(u64::from(base)).saturating_add(d))
        });
        match n.and_then(|n| words.get(usize::try_from(n).ok()?)).filter(|w| !w.is_empty()) {
            Some(w) => out.extend_from_slice(w),
            None => out.extend_from_slice(word),
        }
        if out.len() > MAX_INNER_BYTES {
            return None;
        }
    }
    Some(out)
}

/// The first `<script>` block of a page whose code shows an injection (offsets in the page).
pub fn in_page(html: &[u8]) -> Option<Injection> {
    if let Some(m) = THROWAWAY_SRC.find(html) {
        return Some(Injection { why: Why::InjectedScript, danger: Danger::High, at: m.start() });
    }
    // Each block is read once: the next is looked for after this one's end, so a page of
    // script tags never closed is not read again from every tag.
    let mut from = 0;
    for _ in 0..MAX_BLOCKS {
        let open = SCRIPT_OPEN.find_at(html, from)?;
        let rest = &html[open.end()..html.len().min(open.end() + MAX_BLOCK)];
        let end = CLOSE.find(rest).map_or(rest.len(), |m| m.start());
        if let Some(found) = injected(&rest[..end]) {
            return Some(Injection { at: open.start(), ..found });
        }
        from = open.end() + end;
    }
    None
}

/// Where a PHP file prints a script that loads another site's script, only for visitors who
/// come from a search engine and are not the site's users (fresh141's WP-VCD `wp-tmp.php`: its
/// ads shown to search visitors, hidden from the administrators it records). Analytics that
/// skip logged-in users load for every visitor; only an ad injector picks search visitors.
pub fn loader_hidden_from_owner(php: &[u8]) -> Option<Injection> {
    let has = |w: &[u8]| memchr::memmem::find(php, w).is_some();
    if !has(b"HTTP_REFERER") || !(has(b"is_user_logged_in") || has(b"wordpress_logged_in")) {
        return None;
    }
    let engines = [&b"google."[..], b"yahoo.", b"bing.", b"yandex", b"baidu"];
    if engines.iter().filter(|e| has(e)).count() < 2 {
        return None;
    }
    let mut from = 0;
    for _ in 0..MAX_BLOCKS {
        let open = SCRIPT_OPEN.find_at(php, from)?;
        let rest = &php[open.end()..php.len().min(open.end() + MAX_BLOCK)];
        let end = CLOSE.find(rest).map_or(rest.len(), |m| m.start());
        // (Written in a PHP literal: `\/\/host\/path`, `\'script\'`.)
        let block: Vec<u8> = unescape_slashes(&rest[..end]);
        if remote_loader(&block).is_some() {
            return Some(Injection { why: Why::InjectedScript, danger: Danger::High, at: open.start() });
        }
        from = open.end() + end;
    }
    None
}

/// `\/` as `/` and `\'` as `'`: a script as a PHP literal or JSON writes them so.
fn unescape_slashes(js: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(js.len());
    let mut i = 0;
    while i < js.len() {
        if js[i] == b'\\' && matches!(js.get(i + 1), Some(b'/' | b'\'' | b'"')) {
            i += 1;
        }
        out.push(js[i]);
        i += 1;
    }
    out
}

static SCRIPT_OPEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)<script(?:\s[^<>]{0,300})?>").expect("script open regex"));
static CLOSE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i-u)</script").expect("script close regex"));

/// A hidden address or markup next to where it is used.
fn hidden_use(js: &[u8], inner: &Inner<'_>) -> Option<usize> {
    let decoded = HIDDEN.captures_iter(js).take(MAX_HIDDEN).filter_map(|c| decode(&c));
    decoded.chain(reversed(js)).find_map(|(start, end, decoded)| {
        let near = &js[start.saturating_sub(USE_WINDOW)..js.len().min(end + USE_WINDOW)];
        if REVEALS.is_match(&decoded) && USE.is_match(near) {
            return Some(start);
        }
        // Hidden code is read as code, a level or two deep: text, not data (an image or a
        // font in base64), paid from the script's budget.
        let budget = inner.budget.get();
        let text = decoded.iter().filter(|b| b.is_ascii_graphic() || b.is_ascii_whitespace()).count();
        if inner.depth >= MAX_HIDDEN_DEPTH || decoded.len() > budget || text * 10 < decoded.len() * 9 {
            return None;
        }
        inner.budget.set(budget - decoded.len());
        injected_in(&decoded, &Inner { depth: inner.depth + 1, budget: inner.budget }).map(|_| start)
    })
}

/// Reversed texts (start, end, the text turned back round).
fn reversed(js: &[u8]) -> impl Iterator<Item = (usize, usize, Vec<u8>)> + '_ {
    REVERSED.find_iter(js).take(MAX_HIDDEN).filter_map(|m| {
        let close = m.start();
        let quote = js[close];
        let from = close.saturating_sub(MAX_REVERSED);
        let open = js[from..close].iter().rposition(|&b| b == quote || b == b'\n').map(|p| from + p)?;
        let body = &js[open + 1..close];
        (js[open] == quote && body.len() >= 8 && !body.contains(&b'\\'))
            .then(|| (open, m.end(), body.iter().rev().copied().collect()))
    })
}

/// A hidden text's place and what it decodes to.
fn decode(c: &regex::bytes::Captures<'_>) -> Option<(usize, usize, Vec<u8>)> {
    let whole = c.get(0)?;
    let decoded = if let Some(m) = c.name("codes") {
        char_codes(m.as_bytes())
    } else if let Some(m) = c.name("hex") {
        escapes(m.as_bytes())
    } else if let Some(m) = c.name("b64") {
        base64::engine::general_purpose::STANDARD.decode(m.as_bytes()).ok()?
    } else if let Some(m) = c.name("pct") {
        percent(m.as_bytes())
    } else if let Some(m) = c.name("hexdigits") {
        m.as_bytes()
            .chunks(2)
            .filter_map(|d| std::str::from_utf8(d).ok().and_then(|h| u8::from_str_radix(h, 16).ok()))
            .collect()
    } else {
        return None;
    };
    Some((whole.start(), whole.end(), decoded))
}

/// Decoded text run as code at once, the text computed (a literal is decoded and judged by
/// what it holds, `hidden_use`: a site's mail-address obfuscator runs `eval(unescape('…'))`).
fn runs_decoded(js: &[u8]) -> Option<usize> {
    RUNS_DECODED.find_iter(js).take(MAX_RUNS).find_map(|m| {
        // (A quote escaped for the PHP or JavaScript string holding the script is a quote.)
        let next = js[m.end()..].iter().find(|c| !c.is_ascii_whitespace() && **c != b'\\')?;
        (!matches!(next, b'"' | b'\'' | b'0'..=b'9')).then_some(m.start())
    })
}

/// A skimmer: card fields read (or every field of a checkout page's forms), and data sent to an
/// address written in full (at the sender, or kept elsewhere in the script).
fn skims_payment_forms(js: &[u8]) -> Option<usize> {
    let reads = CARD_FIELDS.find(js).or_else(|| CHECKOUT_PAGE.find(js).and(ALL_FIELDS.find(js)))?;
    let sent = SENDS_TO_ANOTHER_SITE.is_match(js) || (SENDER.is_match(js) && FULL_ADDRESS.is_match(js));
    sent.then_some(reads.start())
}

/// The page's cookies put in a request (`new Image().src = server + '/steal?c=' +
/// encodeURIComponent(document.cookie)`, `xhr.send(document.cookie)`): a session thief
/// (fresh96's XSS payloads). A cookie set (`document.cookie = …`) is the site's own.
fn sends_cookies(js: &[u8]) -> Option<usize> {
    memchr::memmem::find_iter(js, b"document.cookie").take(MAX_COOKIE_READS).find(|&p| {
        let after = js[p + b"document.cookie".len()..].trim_ascii_start();
        if after.first() == Some(&b'=') && after.get(1) != Some(&b'=') {
            return false;
        }
        let window = &js[p.saturating_sub(COOKIE_WINDOW)..p];
        let statement = &window[window.iter().rposition(|&c| c == b';' || c == b'}').map_or(0, |k| k + 1)..];
        COOKIE_SINK.is_match(statement)
            || (COOKIE_REQUEST.is_match(statement) && memchr::memmem::find(statement, b"://").is_some())
            || cookie_variable_sent(js, statement, p)
    })
}

/// Whether the cookies read at `p` are kept in a variable (`const c = document.cookie;`) that a
/// request soon after sends to an address written whole (fresh109's `woof.js` posts
/// `{cookie: c}` to a collector).
fn cookie_variable_sent(js: &[u8], statement: &[u8], p: usize) -> bool {
    let Some(c) = COOKIE_KEPT.captures(statement) else { return false };
    let name = &c[1];
    let rest = &js[p..js.len().min(p + COOKIE_FOLLOW)];
    COOKIE_REQUEST.find_iter(rest).any(|m| {
        let call = &rest[m.start()..rest.len().min(m.start() + COOKIE_WINDOW * 2)];
        memchr::memmem::find(call, b"://").is_some()
            && memchr::memmem::find_iter(call, name).any(|k| {
                let word = |b: Option<&u8>| b.is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'$');
                !word(k.checked_sub(1).and_then(|j| call.get(j))) && !word(call.get(k + name.len()))
            })
    })
}
/// `name =` ending the statement that reads the cookies.
static COOKIE_KEPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)([A-Za-z_$][A-Za-z0-9_$]{0,40})\s*=\s*$").expect("cookie variable regex"));
/// How far after the cookies are read their request is looked for.
const COOKIE_FOLLOW: usize = 1500;
/// Where a statement sends what follows: an element's address, the page's, a beacon.
static COOKIE_SINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\.src\s*=|location(?:\.href)?\s*=|sendBeacon\s*\(").expect("cookie sink regex")
});
/// A request, which counts given an address written whole (WordPress posts the cookies to its
/// own `ajaxurl` to check the session).
static COOKIE_REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\bfetch\s*\(|\.send\s*\(|\.open\s*\(|\$\.(?:get|post|ajax)\s*\(").expect("cookie request regex")
});
/// How many readings of the cookies are looked at, and how far back for their statement.
const MAX_COOKIE_READS: usize = 64;
const COOKIE_WINDOW: usize = 200;

/// A keylogger: a key listener, the keys gathered into a text, and a picture's address or a
/// beacon to send them (fresh96's `evil_form.js`: `keyBuffer += e.key`, then
/// `new Image().src = server + '/keylog?k=' + btoa(keyBuffer)`).
fn logs_keys(js: &[u8]) -> Option<usize> {
    let at = KEY_LISTENER.find(js)?.start();
    (KEYS_GATHERED.is_match(js) && KEYS_SENT.is_match(js)).then_some(at)
}
static KEY_LISTENER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?-u)addEventListener\(\s*['"]key(?:press|down|up)['"]|\.onkey(?:press|down|up)\s*="#)
        .expect("key listener regex")
});
static KEYS_GATHERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?-u)\+=\s*(?:e|ev|evt|event)\.(?:key|keyCode|which|charCode)\b|",
        r"\+=\s*String\.fromCharCode\(\s*(?:e|ev|evt|event)\.(?:keyCode|which|charCode)",
    ))
    .expect("keys gathered regex")
});
static KEYS_SENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)new\s+Image\b|sendBeacon\s*\(").expect("keys sent regex"));

/// The first text in escape codes that hides a name of what runs code or changes the page.
fn hidden_name(js: &[u8]) -> Option<usize> {
    ESCAPED_TEXT.captures_iter(js).take(MAX_ESCAPED).find_map(|c| {
        let decoded = escapes(c.name("e")?.as_bytes());
        HIDDEN_NAMES.contains(&decoded.as_slice()).then(|| c.get(0).map_or(0, |m| m.start()))
    })
}

/// An invisible frame showing another site.
fn invisible_frame(js: &[u8]) -> Option<usize> {
    IFRAME.find_iter(js).take(MAX_FRAMES).map(|m| m.start()).find(|&at| {
        let near = &js[at.saturating_sub(IFRAME_WINDOW)..js.len().min(at + IFRAME_WINDOW)];
        INVISIBLE.is_match(near) && ABSOLUTE_URL.is_match(near)
    })
}

/// `104, 0x74, …` as bytes (codes above a byte's range are dropped: only an address matters).
fn char_codes(list: &[u8]) -> Vec<u8> {
    list.split(|&b| b == b',')
        .filter_map(|n| {
            let n = std::str::from_utf8(n).ok()?.trim();
            let v = match n.strip_prefix("0x") {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse::<u32>().ok()?,
            };
            u8::try_from(v).ok()
        })
        .collect()
}

/// `\x68\u0074…` as bytes.
fn escapes(run: &[u8]) -> Vec<u8> {
    let hex = |d: &[u8]| std::str::from_utf8(d).ok().and_then(|s| u8::from_str_radix(s, 16).ok());
    let mut out = Vec::with_capacity(run.len() / 4);
    let mut i = 0;
    while i + 3 < run.len() {
        match run[i + 1] {
            b'x' => {
                out.extend(hex(&run[i + 2..i + 4]));
                i += 4;
            }
            _ if i + 5 < run.len() => {
                out.extend(hex(&run[i + 4..i + 6]));
                i += 6;
            }
            _ => break,
        }
    }
    out
}

/// `%68%74…` (and `%u0068`) as bytes.
fn percent(run: &[u8]) -> Vec<u8> {
    let plain: Vec<u8> = run
        .split(|&b| b == b'%')
        .filter(|p| !p.is_empty())
        .flat_map(|p| if p[0] == b'u' && p.len() >= 5 { p[3..5].to_vec() } else { p[..p.len().min(2)].to_vec() })
        .collect();
    plain.chunks(2).filter_map(|d| std::str::from_utf8(d).ok().and_then(|s| u8::from_str_radix(s, 16).ok())).collect()
}

/// A fetched answer run as code for only some visitors.
fn fetched_and_run(js: &[u8]) -> Option<usize> {
    RUNS_ANSWER.find_iter(js).take(MAX_RUNS).map(|m| m.start()).find(|&at| {
        let near = &js[at.saturating_sub(FETCH_WINDOW)..js.len().min(at + FETCH_WINDOW)];
        FETCHES.is_match(near) && PICKS_VISITORS.is_match(near)
    })
}

/// An obfuscator's rotation loop: higher when the file starts as ordinary code.
fn rotation(js: &[u8]) -> Option<Injection> {
    let m = ROTATION.find_iter(js).take(MAX_ROTATIONS).find(|m| {
        let body = &js[m.end()..js.len().min(m.end() + ROTATION_BODY)];
        let has = |w: &[u8]| memchr::memmem::find(body, w).is_some();
        has(b"parseInt") && has(b"push") && has(b"shift")
    });
    let m = m.or_else(|| ROTATION_COUNTDOWN.find(js))?;
    let head = &js[..js.len().min(OWN_CODE_HEAD)];
    let own_code_first = m.start() > OWN_CODE_HEAD && !OBFUSCATED_HEAD.is_match(head);
    Some(Injection {
        why: Why::InjectedScript,
        danger: if own_code_first { Danger::High } else { Danger::Medium },
        at: m.start(),
    })
}

#[cfg(test)]
mod tests;
