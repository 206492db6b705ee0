//! What hacked hosting accounts hold besides web shells, each family by its idea:
//! - a phishing page: a login form with a password field that shows, unescaped, the email
//!   address the lure's link carried (`?email=`), the way kits greet their victim by name;
//! - a phishing kit's collector whose form fields pass through variables before they are
//!   labelled and sent away (`$p = $_POST['pass']; $m = "Pass: $p"; mail(…)`), then the
//!   visitor sent on to a real site;
//! - a dropper's last step: a program in the site's folder made executable and started
//!   (`chmod('x', 0755); exec('./x > /dev/null &')`);
//! - a spam or phishing page that checks whether its own site is on a blocklist (Safe
//!   Browsing, Spamhaus, SURBL) so it can move on when caught;
//! - a WordPress login without a password: the script sets the login cookie of an account
//!   (an administrator) at the top of a file a visitor requests.
//!
//! One pass over the tokens plus a few byte regexes; nothing is allocated per token.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::input::reads_input;
use super::signs::{REDIRECT_TEXT, URL};
use super::tokens::{Budget, ident, is_op, str_value};
use super::words::{Gate, LiteralGates};
use super::{Options, Shape, Shared};
use crate::detect::{Danger, Why};
use crate::php::{Tok, Token};
use credentials::{
    credential_vars, decodes_text, hidden_vars, hides_text, labelled, phishing_page, reads, reads_request,
};

/// Blocklists of spam and phishing sites that a page asks about its own site.
static BLOCKLIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)safebrowsing|transparencyreport|spamhaus|surbl|uribl|phishtank|openphish")
        .expect("pattern compiles")
});

/// A program in the current folder started from a shell command (`./name`), at the start of
/// the command or after a separator.
static LOCAL_PROGRAM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)(?:^|[;&|]\s*|\bnohup\s+)\./[A-Za-z0-9_][A-Za-z0-9_.-]*").expect("pattern compiles")
});

/// A command that installs a crontab: `crontab` given a file or standard input (`-`, a pipe
/// into it), or nothing yet (the file's name is joined on); not `crontab -l` (a listing), `-r`
/// or `-e`.
static CRONTAB_INSTALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)(?:^|[;&|(]\s*)crontab(?:\s*$|\s+(?:-\s|-$|-u\s+\S+\s+[^-\s]|[^-\s]))|\|\s*crontab\s*(?:-\s*)?$")
        .expect("pattern compiles")
});

/// A crontab line: five schedule fields (`*`, `*/5`, numbers, lists), then a command.
static CRON_SCHEDULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m-u)(?:^|['\x22\n])\s*(?:[*0-9][0-9,/*-]*\s+){4}[*0-9][0-9,/*-]*\s+[/\w.'\x22$]")
        .expect("pattern compiles")
});

/// The command runs on in the background after the page returns.
static BACKGROUND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)&\s*$|\bnohup\b|\bsetsid\b").expect("pattern compiles"));

/// Server settings that choose what runs a file: a literal with one of these is checked as the
/// `.htaccess` it would become.
static HANDLER_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(?:AddHandler|SetHandler|AddType|ExecCGI|ForceType|RewriteRule|disable_functions)\b")
        .expect("pattern compiles")
});

/// A page's title that is a sign-in, a verification or a recovery.
static SIGN_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    // (Its end also escaped, `<\/title>`, in a script's string.)
    // (Also in the kits' other languages: fresh150's French PayPal page is titled
    // "Connectez-vous à votre compte PayPal".)
    Regex::new(concat!(
        r"(?is-u)<title>([^<]{0,160}?(?:sign[ -]?in|log[ -]?in|verif|recover|connexion|connectez|iniciar ses|",
        r"inicia ses|anmeld|einlogg|accedi|inloggen|zaloguj|giri.{1,2} yap)[^<]{0,160})<\\?/title>",
    ))
    .expect("pattern compiles")
});

/// A title written in character codes (`&#83;&#105;&#103;&#110;…`): the words hidden from a
/// search of the page.
static CODED_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is-u)<title>\s*((?:&#x?[0-9a-f]{1,6};\s*){6,400})</title>").expect("pattern compiles")
});

/// The text of character codes (`&#83;`, `&#x53;`); other bytes are kept.
fn decode_codes(coded: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(coded.len() / 4);
    for piece in coded.split(|&c| c == b';') {
        let piece = piece.trim_ascii();
        let Some(num) = piece.strip_prefix(b"&#") else { continue };
        let value = match num.first() {
            Some(b'x' | b'X') => std::str::from_utf8(&num[1..]).ok().and_then(|h| u32::from_str_radix(h, 16).ok()),
            _ => std::str::from_utf8(num).ok().and_then(|d| d.parse::<u32>().ok()),
        };
        if let Some(c) = value.and_then(char::from_u32) {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    out
}

/// Where the page's title, written in character codes, dresses it as a big provider's sign-in
/// (fresh93's Microsoft kit: `Sign in to your Microsoft account`, every letter a code): no
/// site hides its own title from a search that way.
fn coded_brand_sign_in_title(text: &[u8]) -> Option<usize> {
    memchr::memmem::find(text, b"&#")?;
    let c = CODED_TITLE.captures(text)?;
    let coded = c.get(1)?;
    let title = decode_codes(coded.as_bytes());
    let words = format!("<title>{}</title>", String::from_utf8_lossy(&title));
    (SIGN_IN_TITLE.is_match(words.as_bytes()) && SIGN_IN_BRAND.is_match(&title)).then_some(coded.start())
}

/// Providers whose sign-in pages phishing kits copy.
static SIGN_IN_BRAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)\b(?:google|gmail|microsoft|outlook|office ?365|hotmail|yahoo|apple ?id|icloud|paypal|",
        r"facebook|instagram|netflix|amazon|dropbox|docusign|adobe|wells ?fargo|linkedin|coinbase)\b",
    ))
    .expect("pattern compiles")
});

/// Where a plain page dressed as a big provider's (its title names one: `Gmail.com`) asks for a
/// password and posts its form to another site (fresh111's `enter.html` posts to a `post.php`
/// elsewhere): a copied sign-in page, whatever its words.
pub(crate) fn page_posts_password_away(text: &[u8]) -> Option<usize> {
    // (Or titled so and its markup kept in base64 or character codes for its script to reveal:
    // fresh124's "Microsoft Login" page posts with `$.ajax` from markup no search reads.)
    if let Some(at) = brand_sign_in_title(text) {
        let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
        if has(b"atob(") || has(b"unescape(") || has(b"fromCharCode(") {
            return Some(at);
        }
    }
    let form = FOREIGN_FORM.find(text)?;
    credentials::PASSWORD_INPUT.find(text)?;
    let title = PAGE_TITLE.captures(text)?.get(1)?;
    SIGN_IN_BRAND.is_match(title.as_bytes()).then_some(form.start())
}

/// The words of a page that asks for a wallet's secret words.
static WALLET_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(?:recovery|seed|secret|mnemonic|backup)[ -]phrase|\b(?:12|24|twelve|twenty-four)[ -]words?\b")
        .expect("pattern compiles")
});
/// A field for them: a text area or an input named for the phrase (`phrase_recovery`, `seed`,
/// `mnemonic`, `pkey`).
static PHRASE_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i-u)<(?:textarea|input)\b[^>]{0,300}?\bname\s*=\s*\\?["']?[a-z0-9_-]{0,24}(?:phrase|seed|mnemonic|pkey)"#,
    )
    .expect("pattern compiles")
});

/// Where a page asks its visitor for a crypto wallet's recovery phrase in a field named for it
/// (fresh124's fake MetaMask, WalletConnect and Phantom pages): whoever has the words has the
/// wallet, and no site but the wallet's own app ever asks for them.
pub(crate) fn asks_wallet_phrase(text: &[u8]) -> Option<usize> {
    let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
    // (`Phrase`, `phrase`: a page in capitals writes its words in its markup too.)
    if !has(b"hrase") {
        return None;
    }
    let field = PHRASE_FIELD.find(text)?;
    // (Or beside the other ways into a wallet, its keystore file and its private key:
    // fresh159's `eachwallet1.php` offers the three tabs.)
    let other_ways = || {
        let lower = text.to_ascii_lowercase();
        let has = |w: &[u8]| memchr::memmem::find(&lower, w).is_some();
        has(b"keystore") && (has(b"private key") || has(b"privatekey") || has(b"private_key"))
    };
    (WALLET_PHRASE.is_match(text) || other_ways()).then_some(field.start())
}

/// A small PHP file that is nothing but a few literals assigned (and comments).
static ONLY_ASSIGNMENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?s-u)\A\s*<\?(?:php)?\s+(?:(?://|#)[^\n]*\n\s*|/\*.*?\*/\s*)*"#,
        r#"(?:\$\w+\s*=\s*(?:"[^"$\\]*"|'[^'\\]*')\s*;[ \t]*(?:(?://|#)[^\n]*)?\s*){1,4}(?:\?>\s*)?\z"#,
    ))
    .expect("pattern compiles")
});
/// An assignment of a free mail service's address (one or a list), with the variable's name.
static MAILBOX_ASSIGNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i-u)\$(\w+)\s*=\s*["']\s*((?:[a-z0-9._%+-]+@(?:gmail|googlemail|yahoo|hotmail|outlook|live|aol|yandex|mail|proton(?:mail)?|pm|tutanota|icloud|gmx|zoho)\.[a-z.]{2,6}\s*,?\s*)+)["']"#,
    )
    .expect("pattern compiles")
});
/// What a kit names its results' mailbox (`$Receive_email`, `$resultbox`, `$send`).
static RESULTS_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)receiv|result|rezult|drop|send|recipient|\blog").expect("pattern compiles"));
/// Where a kit sends its victim afterwards: the real brand's page.
static BRAND_REDIRECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)=\s*["']https?://(?:[\w-]+\.)*(?:office|microsoftonline|live|outlook|paypal|apple|icloud|chase|wellsfargo|"#,
        r#"bankofamerica|citi|huntington|netflix|amazon|usps|dhl|coinbase|binance|adobe|dropbox|docusign|google)\.\w"#,
    ))
    .expect("pattern compiles")
});
/// The largest settings file read for this.
const MAX_MAILBOX_FILE: usize = 1024;

/// Where a phishing kit's settings file is nothing but the mailbox its results go to: a few
/// literals, one a free mail service's address, and named for results, or a list of them, or
/// a private mail service's, or beside the brand's page the victim is sent on to (the wp2021
/// captures' `email.php` and `config.php`: `$Receive_email="…@protonmail.com";`, `$to =
/// '…@yandex.com'; $redirect = 'https://outlook.office.com/owa';`). A site's contact form keeps
/// its address among its other settings.
pub(crate) fn kit_mailbox(text: &[u8]) -> Option<usize> {
    if text.len() > MAX_KIT_SETTINGS || memchr::memchr(b'@', text).is_none() {
        return None;
    }
    if text.len() > MAX_MAILBOX_FILE || !ONLY_ASSIGNMENTS.is_match(text) {
        return kit_settings(text);
    }
    let c = MAILBOX_ASSIGNED.captures(text)?;
    let (name, boxes) = (c.get(1)?.as_bytes(), c.get(2)?.as_bytes());
    let several = boxes.iter().filter(|b| **b == b'@').count() >= 2;
    let private = boxes.windows(6).any(|w| w.eq_ignore_ascii_case(b"proton") || w.eq_ignore_ascii_case(b"tutano"));
    let kit = RESULTS_NAME.is_match(name) || several || private || BRAND_REDIRECT.is_match(text);
    kit.then_some(c.get(0)?.start())
}

/// A web address written in ROT13 and decoded (`str_rot13('uggc://…')`).
static ROT13_ADDRESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i-u)str_rot13\s*\(\s*["']uggcf?://"#).expect("pattern compiles"));

/// A switch of one of a kit's steps (`$SETTING_VBV = 1;`, `$bank_page = true;`,
/// `$double_login = "on";`).
static STEP_SWITCH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)\$\w*(?:vbv|3ds|identity|bank|card|billing|ssn|selfie|double_?login|login_?twice|otp|secure_?page|id_?page|scam)\w*"#,
        r#"\s*=\s*(?:true|false|[01]|["'](?:yes|no|on|off)["'])\s*;"#,
    ))
    .expect("pattern compiles")
});
/// The largest kit settings file read for its step switches.
const MAX_KIT_SETTINGS: usize = 4096;

/// Where a small settings file holds a free mail service's address and switches two of a
/// phishing kit's steps on or off (fresh140's `Config.php`: `$SETTING_VBV = 1;
/// $SETTING_BANK = 1;`; fresh142's CRACKERZ `config.php`: `$bank_page = true; $identity_page =
/// false;`): which pages the victim goes through, and where their answers go.
fn kit_settings(text: &[u8]) -> Option<usize> {
    let mailbox = MAILBOX_ASSIGNED.find(text)?;
    (STEP_SWITCH.find_iter(text).take(2).count() == 2).then_some(mailbox.start())
}

/// A request's field named for a wallet's secret words or key (`$_POST['phrase']`,
/// `$data["mnemonic"]` of a JSON post).
static WALLET_SECRET_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i-u)\[\s*['"](?:phrase|mnemonic|seed|(?:seed|recovery|secret|wallet)_?phrase|private_?key|privkey|keystore)['"]\s*\]"#,
    )
    .expect("pattern compiles")
});
/// Where what is read is kept or sent: mail, another site, a file, a database.
static KEEPS_OR_SENDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\bmail\s*\(|curl_exec|sendMessage|file_put_contents|fwrite|insertOne|->insert\w*\(|mysqli?_query|->query\(")
        .expect("pattern compiles")
});

/// Where a script takes a wallet's recovery phrase or private key from the request, in a file
/// that speaks of wallets, and keeps or sends it (fresh136's drainers' MongoDB and file
/// loggers): whoever has the words has the wallet, and no site's server is ever sent them.
pub(crate) fn keeps_wallet_secret(text: &[u8]) -> Option<usize> {
    let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
    if !(has(b"allet") || has(b"ALLET") || has(b"etamask")) || !(has(b"$_") || has(b"php://input")) {
        return None;
    }
    let field = WALLET_SECRET_FIELD.find(text)?;
    KEEPS_OR_SENDS.is_match(text).then_some(field.start())
}

/// A form field's name (`<input … name="cvv">`, `<select name='exp_month'>`).
static FIELD_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<(?:input|select)\b[^>]{0,300}?\bname\s*=\s*\\?["']?([a-z0-9_\[\]-]{1,40})"#)
        .expect("pattern compiles")
});
/// A card's security code in a field's name (`cvv`, `card_cvc`, `csc`, `cvv2`).
static CODE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)cvv|cvc|csc|security_?code").expect("pattern compiles"));
/// What no shop asks with a card: the cash machine's PIN (`pin`, `apin`, `atm_pin`,
/// `cardpin`), a social security number, a mother's maiden name.
static BANK_SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)^(?:[a-z]{0,5}_?pin\d?|pin_?(?:code|number)|.*\bssn|ssn.*|social_?sec.*|mmn|.*maiden.*)$")
        .expect("pattern compiles")
});

/// Where a page's form asks for a card with its security code and, in the same form or page,
/// for a secret no shop asks with a card: its PIN, a social security number, a mother's
/// maiden name (the wp2021 capture's Huntington step page posts `number`, `cvc`, `apin`, `ssn`
/// to `process3.php`; its sending is in that other file). A shop's checkout takes the card and
/// its code; only the bank's cash machine asks the PIN, and no one online asks both.
pub(crate) fn asks_card_and_bank_secret(text: &[u8]) -> Option<usize> {
    let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
    if !(has(b"<input") || has(b"<INPUT")) || !CODE_NAME.is_match(text) {
        return None;
    }
    let (mut code, mut secret) = (None, false);
    // (Found first, then read for its name: a capture over the whole page costs more.)
    for m in FIELD_NAME.find_iter(text).take(MAX_FIELDS) {
        let c = FIELD_NAME.captures(m.as_bytes())?;
        let name = c.get(1)?;
        if code.is_none() && CODE_NAME.is_match(name.as_bytes()) {
            code = Some(m.start());
        } else if BANK_SECRET_NAME.is_match(name.as_bytes()) {
            secret = true;
        }
        if secret && code.is_some() {
            return code;
        }
    }
    // (Or a card with its code asked on a page titled with a brand that takes no card on a
    // stranger's site: fresh150's Venmo `card.php`, fresh142's Netflix `card.php`.)
    let title = code.and_then(|_| PAGE_TITLE.captures(text)).and_then(|c| c.get(1))?;
    CARD_BRAND.is_match(title.as_bytes()).then_some(code?)
}

/// Brands whose card pages kits copy (payment services, banks, streaming, carriers; not the
/// makers whose goods a shop sells under their names).
static CARD_BRAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)\b(?:paypal|venmo|cash ?app|zelle|icloud|netflix|spotify|chase|citi|wells ?fargo|",
        r"bank of america|sparkasse|santander|dhl|usps|fedex|coinbase|binance)\b",
    ))
    .expect("pattern compiles")
});
/// The most form fields one page is read for.
const MAX_FIELDS: usize = 200;

/// A card's security code from the request put into the visitor's session
/// (`$_SESSION["cvv"] = $_POST['cvv'];`).
static CARD_CODE_KEPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)\$_SESSION(?:\s*\[[^\]\n]{1,60}\]){1,3}\s*=\s*\$(?:_POST|_GET|_REQUEST|\w{1,20})\s*\[\s*",
        r#"['"](?:cvv2?|cvc2?|csc|ccv2?|c[cv]_?cvv|card_?(?:cvv|cvc|code)|security_?code)['"]\s*\]"#,
    ))
    .expect("pattern compiles")
});

/// Where a step of a kit keeps a card's security code in the session for its next page
/// (fresh142's Netflix kit's `next.inc.php`, with the mail password and the bank's name): a
/// shop hands the card to its payment provider and never keeps its code.
pub(crate) fn keeps_card_code(text: &[u8]) -> Option<usize> {
    memchr::memmem::find(text, b"_SESSION")?;
    CARD_CODE_KEPT.find(text).map(|m| m.start())
}

/// The icon of a site whose name is a variable (`"http://" . $fav . "/favicon.ico"`, Google's
/// `s2/favicons?domain=` service).
static DOMAINS_ICON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)["']https?://["']\s*\.\s*\$\w+\s*\.\s*["']/favicon\.ico|s2/favicons\?(?:sz=\d+&)?domain=["']?\s*\.?\s*\$"#)
        .expect("pattern compiles")
});
/// An address split at its `@`.
static SPLIT_AT_SIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)explode\s*\(\s*["']@["']|strstr\s*\([^;]{1,80}["']@["']"#).expect("pattern compiles")
});

/// Where a page splits an address its link carried at the `@` and shows the icon of that
/// domain (fresh146's random-named webmail lure: the victim's own mail provider's logo over a
/// password form). No site dresses itself as each visitor's mail provider.
pub(crate) fn dressed_as_visitors_provider(text: &[u8]) -> Option<usize> {
    let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
    if !(has(b"favicon") && has(b"@") && (has(b"$_GET") || has(b"$_REQUEST") || has(b"$_POST"))) {
        return None;
    }
    let icon = DOMAINS_ICON.find(text)?;
    SPLIT_AT_SIGN.is_match(text).then_some(icon.start())
}

/// A chat bot's key printed into a page's script (`` `https://api.telegram.org/bot<?php echo
/// $_SESSION['TELEGRAM_BOT_KEY']?>/sendMessage` ``): the visitor's browser sends what they
/// typed to the bot (fresh124's Canada Post pages). A site keeps its bot's key on the server.
fn bot_key_printed_into_page(text: &[u8]) -> Option<usize> {
    memchr::memmem::find(text, b"api.telegram.org/bot<?").or_else(|| BOT_KEY_HANDED_OUT.find(text).map(|m| m.start()))
}

/// A bot's key and chat handed to the browser as data (`echo json_encode(["token" => $token,
/// "chat_id" => $chat_id])`: fresh132's BANPRO kit's `sax.php`, whose script then posts to
/// Telegram itself).
static BOT_KEY_HANDED_OUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)json_encode\s*\(\s*(?:\[|array\s*\()[^;]{0,200}?["'](?:bot_?)?token["']\s*=>\s*\$\w+"#,
        r#"[^;]{0,200}?["']chat_?id["']\s*=>"#,
    ))
    .expect("pattern compiles")
});

/// Where a page's script posts what the visitor typed straight to a Telegram bot from the
/// browser (fresh132's BANPRO and Sabadell kits' `script.js`: `fetch(\`https://api.telegram.org/
/// bot${token}/sendMessage\`)` after reading the form's fields): a site's bot key never leaves
/// its server.
/// (Or to a Discord webhook: fresh159's wallet kit's `form-submission-handler.js`.)
pub(crate) fn script_posts_to_chat_bot(js: &[u8]) -> Option<usize> {
    let at = memchr::memmem::find(js, b"api.telegram.org/bot")
        .or_else(|| memchr::memmem::find(js, b"discord.com/api/webhooks/"))
        .or_else(|| memchr::memmem::find(js, b"discordapp.com/api/webhooks/"))?;
    let reads_form = memchr::memmem::find(js, b".value").is_some() || memchr::memmem::find(js, b"FormData(").is_some();
    reads_form.then_some(at)
}

/// A form sent to an absolute address.
static FOREIGN_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<form\b[^>]{0,300}?\baction\s*=\s*["']?https?://"#).expect("pattern compiles")
});
/// A page's title.
static PAGE_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)<title[^>]{0,80}>([^<]{0,200})</title>").expect("pattern compiles"));

/// Where the page's title dresses it as a big provider's sign-in (`Sign in - Google Accounts`).
fn brand_sign_in_title(text: &[u8]) -> Option<usize> {
    memchr::memmem::find(text, b"<title").or_else(|| memchr::memmem::find(text, b"<TITLE"))?;
    let c = SIGN_IN_TITLE.captures(text)?;
    let title = c.get(1)?;
    SIGN_IN_BRAND.is_match(title.as_bytes()).then_some(title.start())
}

/// A file of a phishing kit's visitor filter, by its name (`antibot.php`, `anti/anti3.php`,
/// `blocker.php`, `Bots/…`, `blacklist.php`; the SCAMA kits' `autob/basicbot.php`,
/// `uacrawler.php`, `refspam.php`, fresh159's Chase kit).
static ANTIBOT_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)(?:^|[/\\._-])(?:anti-?bots?|anti\d*\.php|blocker|bots?[/\\-]|blacklist|autob/|basicbot|",
        r"uacrawler|refspam)",
    ))
    .expect("pattern compiles")
});

/// The visitor's cookies put into an address the browser then loads (a cookie thief).
static COOKIE_SENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)(?:location(?:\.href)?\s*=|\.src\s*=|open\s*\()\s*\\?["'][^"'<>]{1,200}\\?["']\s*\+\s*"#,
        r#"(?:escape\s*\(\s*|encodeURIComponent\s*\(\s*)?document\.cookie"#,
    ))
    .expect("pattern compiles")
});

/// A path to code or server settings (what a restorer writes).
static CODE_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(?:\.(?:php\d?|phtml|pht|phar)|(?:^|/)\.htaccess|(?:^|/)\.user\.ini)$")
        .expect("pattern compiles")
});

/// A path to a picture, icon, script or other data file (where a restorer keeps its copy).
static DATA_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\.(?:png|jpe?g|gif|ico|bmp|svg|webp|woff2?|ttf|mo|po|jsc?|css)$").expect("pattern compiles")
});

/// PHP code in a literal that runs a decoded text (`<?php @eval(base64_decode("…"))`): the
/// payload an injector pastes into other files.
static HIDDEN_CODE_PAYLOAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)<\?(?:php)?\s*@?(?:eval|assert)\s*\(\s*@?(?:base64_decode|gzinflate|gzuncompress|gzdecode|",
        r"str_rot13|strrev|hex2bin|urldecode|rawurldecode|convert_uudecode)\s*\(",
    ))
    .expect("pattern compiles")
});

/// What a file manager does to the files a visitor names.
/// (`kit_word` reads these by their order.)
#[cfg(test)]
const PATH_CHANGES: &[&[u8]] = &[b"unlink", b"rename", b"rmdir", b"chmod", b"copy", b"file_put_contents", b"touch"];
/// How it shows the folders.
#[cfg(test)]
const LISTINGS: &[&[u8]] = &[b"scandir", b"opendir", b"readdir", b"glob", b"dir"];
/// `PATH_CHANGES` bits of the calls that are also writes or mode changes.
const CHMOD_BIT: u8 = 3;
const WRITES_BIT: u8 = 5;

/// What a name is to `facts`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KitWord {
    None,
    /// `function`, `class`…: a body follows.
    Body,
    /// `die`, `exit`.
    Stop,
    Loop,
    Include,
    /// A `PATH_CHANGES` call, by its bit.
    PathChange(u8),
    Listing,
    Uploads,
    Mail,
    /// `fwrite`, `fputs` (`file_put_contents` is a path change too).
    Write,
    CurlExec,
    /// `curl_init`, `curl_setopt`: where a request goes, and what it carries.
    CurlInit,
    CurlSetopt,
    Header,
}

crate::php::word_match! {
    /// What a name, in any case, is to `facts`.
    fn kit_word -> KitWord {
        b"function" | b"class" | b"trait" | b"interface" | b"fn" => KitWord::Body,
        b"die" | b"exit" => KitWord::Stop,
        b"for" | b"foreach" | b"while" => KitWord::Loop,
        b"include" | b"include_once" | b"require" | b"require_once" => KitWord::Include,
        b"move_uploaded_file" => KitWord::Uploads,
        b"mail" => KitWord::Mail,
        b"fwrite" | b"fputs" => KitWord::Write,
        b"curl_exec" => KitWord::CurlExec,
        b"curl_init" => KitWord::CurlInit,
        b"curl_setopt" => KitWord::CurlSetopt,
        b"header" => KitWord::Header,
        b"unlink" => KitWord::PathChange(0),
        b"rename" => KitWord::PathChange(1),
        b"rmdir" => KitWord::PathChange(2),
        b"chmod" => KitWord::PathChange(CHMOD_BIT),
        b"copy" => KitWord::PathChange(4),
        b"file_put_contents" => KitWord::PathChange(WRITES_BIT),
        b"touch" => KitWord::PathChange(6),
        b"scandir" | b"opendir" | b"readdir" | b"glob" | b"dir" => KitWord::Listing,
        _ => KitWord::None,
    }
}

/// How far into a long literal its PHP payload's start is looked for.
const PAYLOAD_HEAD: usize = 256;

/// The most assignments of literals remembered to resolve paths.
pub(super) const MAX_LITERAL_VARS: usize = 64;

/// Every word the literal checks of `facts` need (redirects, handlers, blocklists, payloads).
pub(super) const KIT_LITERAL_WORDS: [&str; 19] = [
    "location",
    "refresh",
    "addhandler",
    "sethandler",
    "addtype",
    "execcgi",
    "forcetype",
    "rewriterule",
    "disable_functions",
    "safebrowsing",
    "transparencyreport",
    "spamhaus",
    "surbl",
    "uribl",
    "phishtank",
    "openphish",
    "eval",
    "assert",
    "crontab",
];

/// Whether a script reads who its visitor is: the address (`REMOTE_ADDR`, or a proxy's
/// forwarded one) and the browser, as a kit's record of each victim does. (A shop's lead
/// form may send the address alone, against spam.)
fn names_the_visitor(text: &[u8]) -> bool {
    let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();
    super::signs::VISITOR_ADDRESS.iter().any(|w| has(w))
        && (has(b"HTTP_USER_AGENT") || GEOLOCATION.iter().any(|w| has(w)))
}

/// Services that tell where an address is (a kit records its victim's country, or lets in
/// only the bank's: fresh132's Bancolombia pages ask `geoplugin.net`).
const GEOLOCATION: [&[u8]; 6] = [b"geoplugin", b"ip-api.com", b"ipinfo.io", b"ipapi.co", b"ipwhois", b"ipgeolocation"];

/// A redirect's address that ends in a query's value to come (`Location: pass.php?email=`).
fn carries_on(value: &[u8]) -> bool {
    let value = value.trim_ascii();
    value.len() > 9
        && value[..9].eq_ignore_ascii_case(b"location:")
        && memchr::memchr(b'?', value).is_some()
        && value.ends_with(b"=")
}

/// Where a file holds a Telegram bot's key (the bot's number, a colon and 35 letters of its
/// secret: `123456789:AA…`): where a kit's pages send their victims' data, or a planted logger
/// its visits (fresh115's `bot.php`, `config.php`; fresh132's names its chat a channel,
/// `$canal`). None of 273,100 files of applications holds one; a site that set up its own bot
/// is told to check.
fn chat_bot_key(text: &[u8]) -> Option<usize> {
    let token_char = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-');
    let at = memchr::memmem::find_iter(text, b":AA").take(32).find_map(|p| {
        let digits = text[..p].iter().rev().take_while(|b| b.is_ascii_digit()).count();
        let start = p - digits;
        let secret = &text[p + 1..];
        let len = secret.iter().take_while(|b| token_char(b)).count();
        // (Alone, or in the API's address: `…/bot123456789:AA…/sendMessage`.)
        let alone = start == 0 || !token_char(&text[start - 1]) || text[..start].ends_with(b"/bot");
        ((8..=10).contains(&digits) && len == 35 && alone).then_some(start)
    })?;
    Some(at)
}

/// A literal ending in a secret's label (`"🔑 Password: "`, `"\nCVV : "`, `"SSN: "`), by kind.
static SECRET_KIND_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)(?:(pass(?:word|wd)?|senha|contrase)|(cvv2?|cvc2?|security code)|(ssn|social security)|",
        r"(\bpin\b)|(otp|sms ?code|one[ -]time)|(maiden))[^:=\n]{0,12}[:=][*_` ]*$",
    ))
    .expect("pattern compiles")
});

/// How many kinds of secret (a password, a card's code, a social security number, a PIN, a
/// one-time code, a mother's maiden name) the file's literals label.
fn secret_kinds_labelled(t: &[Token<'_>]) -> u32 {
    let mut kinds = 0u8;
    // Each line's label, up to the value put in it (`"Nomor: $nomor\nPin: $pin\nOtp: $otp"`,
    // fresh142's DANA kit, reads as three labelled lines).
    for v in t.iter().filter_map(str_value).filter(|v| v.len() <= 256) {
        for line in v.split(|b| *b == b'\n') {
            let label = line.split(|b| *b == b'$').next().unwrap_or(line);
            if let Some(c) = SECRET_KIND_LABEL.captures(label) {
                for k in 1..=6 {
                    if c.get(k).is_some() {
                        kinds |= 1 << k;
                    }
                }
            }
        }
    }
    kinds.count_ones()
}

/// Whether a script adds to the end of a file (`FILE_APPEND`, `fopen($f, 'a')`).
fn appends_to_a_file(text: &[u8]) -> bool {
    memchr::memmem::find(text, b"FILE_APPEND").is_some() || FOPEN_APPEND.is_match(text)
}
static FOPEN_APPEND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i-u)\bfopen\s*\([^;]{1,200}?,\s*["']a\+?b?["']\s*\)"#).expect("pattern compiles"));

/// Whether a script reads a form's fields (`$_POST["word$i"]` collected in a loop is in no
/// variable of its own).
fn reads_a_form(text: &[u8]) -> bool {
    [&b"$_POST["[..], b"$_REQUEST[", b"$_GET["].iter().any(|w| memchr::memmem::find(text, w).is_some())
}

/// Every family of this module found in one PHP file.
#[cfg(test)]
pub(super) fn analyze(text: &[u8], t: &[Token<'_>], o: Options) -> Vec<Shape> {
    analyze_with(text, t, o, &super::input::input_vars(t), &Shared::default())
}

/// `analyze`, with the request's variables (`input_vars`) the caller already found, and what
/// the file's families share (the application's facts, made when first needed).
pub(super) fn analyze_with<'a>(
    text: &[u8],
    t: &[Token<'a>],
    o: Options,
    inputs: &[&'a [u8]],
    shared: &Shared,
) -> Vec<Shape> {
    let app = &shared.app;
    let mut out = Vec::new();
    let f = facts(text, t, inputs, &shared.literals);
    if let Some(at) =
        phishing_page(text, t).or_else(|| coded_brand_sign_in_title(text)).or_else(|| asks_wallet_phrase(text))
    {
        out.push(Shape { why: Why::PhishingPage, danger: Danger::High, at });
    } else if f.send_away
        && !inputs.is_empty()
        && let Some(at) = brand_sign_in_title(text)
    {
        // A page titled as a big provider's sign-in that mails or sends what it is sent (a
        // Google account's recovery phone and address): a site never dresses as Google's.
        out.push(Shape { why: Why::PhishingPage, danger: Danger::High, at });
    } else if f.visitor_read
        && f.writes
        && credentials::PASSWORD_INPUT.is_match(text)
        && let Some(at) = brand_sign_in_title(text)
    {
        // Or that asks for a password while it keeps a record of who comes (fresh150's French
        // PayPal page logs each visitor's address and turns away the ones on its list).
        out.push(Shape { why: Why::PhishingPage, danger: Danger::High, at });
    }
    // A collector: labelled credentials (through variables) sent away, and the visitor sent on
    // to another site or the mail sent to a fixed address.
    // (Or added to a log file, as each victim comes: fresh107's webmail logger appends
    // `Email: … | Password: …` to `login_attempts.txt`.)
    if let Some(at) = f.secret_line
        && f.credential_lines >= 2
        && (f.send_away || (f.writes && (f.foreign_redirect || o.small || appends_to_a_file(text))))
    {
        out.push(Shape { why: Why::CredentialCollector, danger: Danger::High, at });
    } else if let Some(at) = f.secret_carried
        && f.to_chat_bot.is_some()
    {
        // A password or a one-time code the visitor typed, put in a message to a chat bot
        // (fresh83's bank kit sends each step's code to Telegram): a site's own contact form
        // asks for neither.
        out.push(Shape { why: Why::CredentialCollector, danger: Danger::High, at });
    } else if let Some(at) = f.to_chat_bot
        && names_card_and_code(t)
    {
        // A card's number and its security code, by their names, in a file that writes to a
        // chat bot (fresh168's card kits: `cardNumber` and `ccv` posted, `card_number` and
        // `card_cvc` read from the payment form's JSON, their labels in Russian): no shop sends
        // a card to a chat.
        out.push(Shape { why: Why::CredentialCollector, danger: Danger::High, at });
    } else if let Some(at) = f.victim_heading
        && f.send_away
        && f.visitor_read
    {
        // The visitor's browser and address sent on under a heading that calls them the victim
        // (fresh164's wallet kit's `function.php` mails `VICTIM INFORMATION`).
        out.push(Shape { why: Why::CredentialCollector, danger: Danger::High, at });
    } else if let Some(at) = f.to_chat_bot
        && secret_kinds_labelled(t) >= 2
    {
        // Labels of two kinds of secret (a password and a card's code, a social security number)
        // in a file that writes to a chat bot, whatever holds the values (fresh115's storage
        // library fills its messages from what the kit's pages hand it).
        out.push(Shape { why: Why::CredentialCollector, danger: Danger::High, at });
    } else if let Some(at) = f.to_chat_bot
        && (!inputs.is_empty() || reads_a_form(text))
        && (names_the_visitor(text) || f.foreign_redirect || f.passes_field_on)
    {
        // What a visitor typed, with the visitor's address and browser, sent to a chat bot
        // (fresh93's Chase kit: the e-mail, the IP address and the user agent, to Telegram):
        // a kit's record of its victims. So is a form sent to a chat bot before the visitor
        // is sent on to another site (fresh93's seed-phrase page: on to Coinbase's sign-in),
        // or on to the kit's next page with what they typed (`pass.php?email=`).
        out.push(Shape { why: Why::CredentialCollector, danger: Danger::High, at });
    }
    // A card's security code or a social security number kept for the kit's next page, or a
    // bot's key handed to the visitor's browser.
    // (The card's code read into a variable of the form's first: few files have one.)
    if let Some(at) = (!inputs.is_empty())
        .then(|| credentials::keeps_card_code(text, t))
        .flatten()
        .or_else(|| bot_key_printed_into_page(text))
    {
        out.push(Shape { why: Why::CredentialCollector, danger: Danger::High, at });
    }
    if let Some(at) = chat_bot_key(text) {
        out.push(Shape { why: Why::ChatBotKey, danger: Danger::Medium, at });
    }
    if let Some(at) = f.local_program
        && (f.made_executable || f.background)
    {
        out.push(Shape { why: Why::StartsProgram, danger: Danger::High, at });
    }
    // A crontab installed from PHP, with a schedule written in the file: the intruder's script
    // comes back every few minutes (the account's own cron jobs are reviewed apart).
    if let Some(at) = f.cron_install
        && CRON_SCHEDULE.is_match(text)
    {
        out.push(Shape { why: Why::InstallsCronJob, danger: Danger::High, at });
    }
    if let Some(at) = f.own_site_listed
        && (f.stops || f.foreign_redirect)
    {
        out.push(Shape { why: Why::ChecksBlocklists, danger: Danger::High, at });
    }
    // A mass mailer: mail sent in a loop to addresses and with a text or headers the visitor
    // gives (its form may be another file).
    if let Some(at) = f.mail_from_input
        && f.loops
    {
        out.push(Shape { why: Why::MailFromInput, danger: Danger::High, at });
    }
    // Server settings written from PHP that make invented endings or data files run as PHP or
    // CGI (a web shell's way around a host's limits).
    // (Or that hand every page name asked for to a made-up script: a doorway kit's rewriter.)
    if let Some((at, why)) = f.handler_literal
        && f.writes
    {
        out.push(Shape { why, danger: Danger::High, at });
    }
    // A phishing kit's page that loads the kit's visitor filter first (and then asks for a
    // password: a fake sign-in page).
    if let Some(at) = f.antibot_include
        && (f.antibot_includes >= 2
            || f.visitor_read
            || f.foreign_redirect
            || credentials::PASSWORD_INPUT.is_match(text)
            || brand_sign_in_title(text).is_some())
    {
        let danger = if f.antibot_includes >= 2 { Danger::High } else { Danger::Medium };
        out.push(Shape { why: Why::PhishingBotFilter, danger, at });
    }
    if memchr::memmem::find(text, b"document.cookie").is_some()
        && let Some(m) = COOKIE_SENT.find(text)
    {
        out.push(Shape { why: Why::StealsCookies, danger: Danger::High, at: m.start() });
    }
    if let Some(at) = restores_from_data(t).or_else(|| unquarantines(text, t)) {
        out.push(Shape { why: Why::RestoresFromDisguise, danger: Danger::High, at });
    }
    if let Some(at) = f.payload_literal
        && f.writes
    {
        out.push(Shape { why: Why::InjectsHiddenCode, danger: Danger::High, at });
    }
    // A file manager a visitor drives: folders listed, files the request names deleted,
    // renamed or given other rights, and files written; not the application's own (behind its
    // permission check, or a class's method).
    if let Some(at) = f.path_change_from_input
        && f.lists_folders
        && (f.path_changes.count_ones() >= 2 || f.writes || f.uploads)
        && !app.get_or_init(|| crate::app::App::of(text)).owns(at, t)
    {
        out.push(Shape { why: Why::FileManagerShell, danger: Danger::High, at });
    }
    if o.small
        && let Some(at) = random_redirect(text, t)
    {
        out.push(Shape { why: Why::TrafficRedirector, danger: Danger::High, at });
    }
    if let Some(at) = f.hidden_recipient {
        out.push(Shape { why: Why::HiddenMailRecipient, danger: Danger::High, at });
    }
    // A password mailed to a free mail service's address the code holds (a backdoored login).
    if let Some(at) = f.password_to_free_mail {
        out.push(Shape { why: Why::CredentialCollector, danger: Danger::High, at });
    }
    // What visitors send, posted on to an address the code hides: a server-side skimmer
    // (a shop's bootstrap forwarding every checkout request).
    if let Some(at) = f.hidden_url
        && f.posts_fields
        && f.whole_request
    {
        out.push(Shape { why: Why::SendsRequestToHiddenAddress, danger: Danger::High, at });
    }
    // Each visitor's address, browser and page sent to an address hidden in ROT13 (`uggc://`),
    // the reply printed (fresh152's `___php_http_request` glued in front of Joomla's
    // `defines.php`): a spam doorway's remote control. No site hides where it calls so.
    if let Some(m) = ROT13_ADDRESS.find(text)
        && memchr::memmem::find(text, b"HTTP_USER_AGENT").is_some()
        && memchr::memmem::find(text, b"REMOTE_ADDR").is_some()
    {
        out.push(Shape { why: Why::SendsRequestToHiddenAddress, danger: Danger::High, at: m.start() });
    }
    // Logins tried on other sites' XML-RPC in parallel, the list sent by the visitor: a
    // brute-force worker (a client posting to its own blogs sends one request at a time).
    if let Some(at) = memchr::memmem::find(text, b"wp.getUsersBlogs")
        && memchr::memmem::find(text, b"curl_multi_exec").is_some()
        && (f.whole_request || !inputs.is_empty())
    {
        out.push(Shape { why: Why::NetworkFromInput, danger: Danger::High, at });
    }
    if memchr::memmem::find(text, b"404").is_some()
        && let Some(at) = gates::hides_from_search(t)
    {
        out.push(Shape { why: Why::HidesFromSearchEngines, danger: Danger::High, at });
    }
    if let Some(at) = copier::may_match(text)
        .then(|| copier::copies_kit(t))
        .flatten()
        .or_else(|| copier::may_write_one_time_page(text).then(|| copier::writes_one_time_page(t)).flatten())
    {
        out.push(Shape { why: Why::KitCopier, danger: Danger::High, at });
    }
    out
}

/// Whether the file may hold a family that the shared word list does not announce.
pub(super) fn may_match(text: &[u8]) -> bool {
    // A collector may send what it gathers to a chat bot or another site with curl only (one
    // request, or many at once).
    copier::may_match(text)
        || memchr::memmem::find(text, b".suspected").is_some()
        || memchr::memmem::find(text, b":AA").is_some()
        // (A bot's chat handed to the browser: fresh132's `sax.php` names no other word.)
        || memchr::memmem::find(text, b"chat_id").is_some()
        // (Or a Discord webhook: fresh164's LandBank kit.)
        || memchr::memmem::find(text, b"/api/webhooks/").is_some()
        // (Or a chat helper of the kit's, `telegram_send(…)`: fresh168's Avito kit.)
        || memchr::memmem::find(text, b"telegram").is_some()
        || memchr::memmem::find(text, b"Telegram").is_some()
        || memchr::memmem::find(text, b"curl_exec").is_some()
        || memchr::memmem::find(text, b"curl_multi_exec").is_some()
}

#[derive(Default)]
struct Facts {
    /// Labelled credentials in literals (`"Pass: " . $p`, `"Pass: $p"`), and the first secret.
    credential_lines: u8,
    secret_line: Option<usize>,
    /// The first literal a variable named for a secret is pasted in, labelled or not.
    secret_carried: Option<usize>,
    /// A chat bot's address (Telegram's API): only a kit posts what visitors type there.
    to_chat_bot: Option<usize>,
    /// Mail to a fixed address (not the visitor's), a chat bot's or another site's address
    /// fetched.
    send_away: bool,
    /// A file written.
    writes: bool,
    /// `Location: http…` or a script redirect to an absolute address.
    foreign_redirect: bool,
    /// A redirect whose address carries a form's field on to the next page
    /// (`Location: ../pass.php?email=` . `$email`): a kit's next step greets its victim.
    passes_field_on: bool,
    local_program: Option<usize>,
    /// A shell call's literal that installs a crontab (`crontab FILE`, `crontab -`, `| crontab`).
    cron_install: Option<usize>,
    background: bool,
    made_executable: bool,
    own_site_listed: Option<usize>,
    stops: bool,
    /// `mail()` to an address from the request with its text or headers from the request too.
    mail_from_input: Option<usize>,
    loops: bool,
    /// A literal that, as an `.htaccess`, makes files run that should not or hands page names
    /// to a made-up script, and what it is found for.
    handler_literal: Option<(usize, Why)>,
    /// Includes of the kit's visitor filter files (`ANTIBOT_PATH`), and the first.
    antibot_includes: u8,
    antibot_include: Option<usize>,
    /// The visitor's address or browser read.
    visitor_read: bool,
    /// `mail()` to an address that is decoded or assembled in the code.
    hidden_recipient: Option<usize>,
    /// `mail()` of a labelled password to a free mail service's address the code holds.
    password_to_free_mail: Option<usize>,
    /// A web request (curl) to an address that is decoded or assembled in the code, and
    /// whether one carries posted fields.
    hidden_url: Option<usize>,
    posts_fields: bool,
    /// The visitor's request taken whole (`php://input`, `$_POST` not indexed: encoded,
    /// serialized or walked).
    whole_request: bool,
    /// A literal holding PHP code that runs a decoded text.
    payload_literal: Option<usize>,
    /// Files the request names deleted, renamed or changed (`PATH_CHANGES` bits), and the first.
    path_changes: u8,
    path_change_from_input: Option<usize>,
    lists_folders: bool,
    uploads: bool,
    /// A message's heading that calls the visitor a victim (`VICTIM INFORMATION`).
    victim_heading: Option<usize>,
}

fn facts<'a>(text: &[u8], t: &[Token<'a>], inputs: &[&'a [u8]], gates: &LiteralGates) -> Facts {
    let mut f = Facts::default();
    let creds = credential_vars(t);
    // Found when first needed (most files call none of the functions that ask).
    let mut hidden: Option<Vec<&'a [u8]>> = None;
    let budget = Budget::for_tokens(t.len());
    // Brace depth inside functions and classes: a login set there is the application's.
    let mut bodies: Vec<bool> = Vec::new();
    let mut pending_body = false;
    // Open braces that began a loop's body, and a loop whose body is still to open (or is one
    // statement: `foreach (…) mail(…);`).
    let mut loop_braces: Vec<bool> = Vec::new();
    let mut pending_loop = false;
    // Open parentheses (a `for (…; …; …)` header's `;` does not end the loop).
    let mut parens = 0usize;
    for (i, tok) in t.iter().enumerate() {
        match &tok.tok {
            Tok::Op(b"{") => {
                bodies.push(pending_body);
                pending_body = false;
                loop_braces.push(pending_loop);
                pending_loop = false;
            }
            Tok::Op(b"}") => {
                bodies.pop();
                loop_braces.pop();
            }
            Tok::Op(b"(") => parens += 1,
            Tok::Op(b")") => parens = parens.saturating_sub(1),
            Tok::Op(b";") => {
                pending_body = false;
                pending_loop &= parens > 0;
            }
            Tok::Ident(n) => {
                // One look at the name: most are none of the words below.
                let word = kit_word(n);
                match word {
                    KitWord::None => continue,
                    KitWord::Body => {
                        pending_body = true;
                        continue;
                    }
                    KitWord::Stop => f.stops = true,
                    KitWord::Loop => {
                        f.loops = true;
                        pending_loop = true;
                        continue;
                    }
                    KitWord::Include => {
                        // The literal parts of the path (`__DIR__ . '/anti/a1.php'`).
                        let path = t[i + 1..t.len().min(i + 8)]
                            .iter()
                            .take_while(|x| !is_op(Some(x), b";") && !matches!(x.tok, Tok::Close))
                            .filter_map(str_value);
                        if path.into_iter().any(|p| p.len() <= 256 && ANTIBOT_PATH.is_match(p)) {
                            f.antibot_includes = f.antibot_includes.saturating_add(1);
                            f.antibot_include.get_or_insert(tok.at);
                        }
                        continue;
                    }
                    _ => {}
                }
                let method = i > 0 && matches!(t[i - 1].tok, Tok::Op(b"->" | b"::" | b"?->"));
                if method || !is_op(t.get(i + 1), b"(") {
                    continue;
                }
                match word {
                    KitWord::PathChange(bit) => {
                        // At the top of the script a visitor requests (a library's functions are
                        // run by the application that loads them).
                        let top = !bodies.contains(&true);
                        if top && budget.args(t, i + 1).first().is_some_and(|a| reads_input(a, inputs)) {
                            f.path_changes |= 1 << bit;
                            f.path_change_from_input.get_or_insert(tok.at);
                        }
                    }
                    KitWord::Listing => f.lists_folders = true,
                    KitWord::Uploads => f.uploads = true,
                    _ => {}
                }
                match word {
                    KitWord::Mail => {
                        let args = budget.args(t, i + 1);
                        let to_visitor = args.first().is_some_and(|a| reads(a, &creds) || reads_request(a));
                        f.send_away |= !to_visitor;
                        if f.hidden_recipient.is_none()
                            && args.first().is_some_and(|a| hides_text(a, hidden.get_or_insert_with(|| hidden_vars(t))))
                        {
                            f.hidden_recipient = Some(tok.at);
                        }
                        if f.password_to_free_mail.is_none() && credentials::mails_password_to_free_address(&args) {
                            f.password_to_free_mail = Some(tok.at);
                        }
                        let to_input = args.first().is_some_and(|a| reads_input(a, inputs));
                        // (Sent in a loop: a mass mailer sends to a list.)
                        let in_loop = pending_loop || loop_braces.contains(&true);
                        if to_input
                            && in_loop
                            && f.mail_from_input.is_none()
                            && args.iter().skip(1).any(|a| reads_input(a, inputs))
                        {
                            f.mail_from_input = Some(tok.at);
                        }
                    }
                    KitWord::Write | KitWord::PathChange(WRITES_BIT) => f.writes = true,
                    KitWord::CurlExec => f.send_away = true,
                    KitWord::CurlInit => {
                        let args = budget.args(t, i + 1);
                        // (An address the visitor sends, decoded, is a proxy's, not hidden in the code.)
                        if f.hidden_url.is_none()
                            && args.first().is_some_and(|a| {
                                !reads_request(a) && decodes_text(a, hidden.get_or_insert_with(|| hidden_vars(t)))
                            })
                        {
                            f.hidden_url = Some(tok.at);
                        }
                    }
                    KitWord::CurlSetopt => {
                        let args = budget.args(t, i + 1);
                        let option = args.get(1).and_then(|a| a.first()).map(|x| &x.tok);
                        if matches!(option, Some(Tok::Ident(b"CURLOPT_POSTFIELDS"))) {
                            f.posts_fields = true;
                        }
                        if matches!(option, Some(Tok::Ident(b"CURLOPT_URL")))
                            && f.hidden_url.is_none()
                            && args.get(2).is_some_and(|a| {
                                !reads_request(a) && decodes_text(a, hidden.get_or_insert_with(|| hidden_vars(t)))
                            })
                        {
                            f.hidden_url = Some(tok.at);
                        }
                    }
                    KitWord::PathChange(CHMOD_BIT) => {
                        let args = budget.args(t, i + 1);
                        f.made_executable |= args.get(1).and_then(|a| a.first()).is_some_and(executable_mode);
                    }
                    KitWord::Header => {
                        let args = budget.args(t, i + 1);
                        let arg = args.first().copied().unwrap_or(&[]);
                        let first = arg.first().and_then(str_value);
                        f.foreign_redirect |= first.is_some_and(is_foreign);
                        f.passes_field_on |= first.is_some_and(carries_on) && arg[1..].iter().any(|a| {
                            matches!(a.tok, Tok::Var(v) if inputs.contains(&v) || credentials::find(&creds, v).is_some())
                        });
                    }
                    _ => {}
                }
            }
            Tok::Var(b"_POST" | b"_REQUEST" | b"_GET" | b"_COOKIE") if !f.whole_request => {
                // (Not one field, nor only asked whether there are fields.)
                let asked = i >= 2
                    && is_op(t.get(i - 1), b"(")
                    && matches!(t[i - 2].tok, Tok::Ident(n) if [&b"isset"[..], b"empty", b"count", b"sizeof", b"is_array"]
                        .iter()
                        .any(|w| n.eq_ignore_ascii_case(w)));
                f.whole_request = !is_op(t.get(i + 1), b"[") && !asked;
            }
            Tok::Var(b"_SERVER") if !f.visitor_read => {
                let key = t.get(i + 2).and_then(str_value);
                f.visitor_read = key.is_some_and(|k| k == b"REMOTE_ADDR" || k == b"HTTP_USER_AGENT");
            }
            Tok::Str(quoted) | Tok::Backtick(quoted) => {
                let (value, vars) = (quoted.value, &quoted.vars);
                f.whole_request |= value.eq_ignore_ascii_case(b"php://input");
                if f.victim_heading.is_none()
                    && value.len() <= 4096
                    && (memchr::memmem::find(value, b"ICTIM").is_some()
                        || memchr::memmem::find(value, b"ictim").is_some())
                    && VICTIM_HEADING.is_match(value)
                {
                    f.victim_heading = Some(tok.at);
                }
                if f.payload_literal.is_none()
                    && value.len() > 4096
                    && HIDDEN_CODE_PAYLOAD.is_match(&value[..value.len().min(PAYLOAD_HEAD)])
                {
                    f.payload_literal = Some(tok.at);
                }
                if value.len() > 4096 {
                    continue;
                }
                // The literal as written: interpolated names are kept there, with the labels before them.
                let raw = &text[tok.at.min(text.len())..t.get(i + 1).map_or(text.len(), |n| n.at).min(text.len())];
                let l = labelled(t, i, value, raw, vars, &creds);
                f.credential_lines = f.credential_lines.saturating_add(l.lines);
                if l.secret && f.secret_line.is_none() {
                    f.secret_line = Some(tok.at);
                }
                if l.carries_secret && f.secret_carried.is_none() {
                    f.secret_carried = Some(tok.at);
                }
                // The checks below need one of these words: most literals have none.
                let worded = value.len() >= 4 && gates.has(t, i, Gate::Kits);
                if worded
                    && !f.foreign_redirect
                    && REDIRECT_TEXT.is_match(value)
                    && memchr::memmem::find(value, b"http").is_some()
                {
                    f.foreign_redirect = true;
                }
                if value.len() >= 4 && value[..4].eq_ignore_ascii_case(b"http") && value.len() <= 512 {
                    // An address of a chat bot's API: where kits send what they collect.
                    // (Or a Discord webhook's: fresh164's LandBank kit posts there.)
                    let lower = value.to_ascii_lowercase();
                    let bot = memchr::memmem::find(&lower, b"api.telegram.org").is_some()
                        || memchr::memmem::find(&lower, b"/api/webhooks/").is_some_and(|_| {
                            memchr::memmem::find(&lower, b"discord.com").is_some()
                                || memchr::memmem::find(&lower, b"discordapp.com").is_some()
                        });
                    f.send_away |= bot;
                    if bot {
                        f.to_chat_bot.get_or_insert(tok.at);
                    }
                }
                if f.local_program.is_none()
                    && memchr::memmem::find(value, b"./").is_some()
                    && LOCAL_PROGRAM.is_match(value)
                    && runs_shell(t, i)
                {
                    f.local_program = Some(tok.at);
                    f.background = BACKGROUND.is_match(value.trim_ascii_end());
                    f.made_executable |= memchr::memmem::find(value, b"chmod +x").is_some();
                }
                if worded
                    && f.payload_literal.is_none()
                    && memchr::memchr(b'<', value).is_some()
                    && HIDDEN_CODE_PAYLOAD.is_match(value)
                {
                    f.payload_literal = Some(tok.at);
                }
                if worded && f.cron_install.is_none() && CRONTAB_INSTALL.is_match(value) && runs_shell(t, i) {
                    f.cron_install = Some(tok.at);
                }
                if worded && f.handler_literal.is_none() && HANDLER_WORDS.is_match(value) {
                    f.handler_literal = server_config_planted(value).map(|why| (tok.at, why));
                }
                if worded && f.own_site_listed.is_none() && BLOCKLIST.is_match(value) && names_own_site(t, i) {
                    f.own_site_listed = Some(tok.at);
                }
            }
            _ => {}
        }
    }
    // A kit's own helper that sends to its chat, kept in another file (fresh164's Netflix kit
    // calls `sendMessage($telegram_message)` from each step, fresh168's Avito kit
    // `telegram_send(…)`). (Looked for apart, in the few files that name a chat.)
    if f.to_chat_bot.is_none()
        && CHAT_SERVICE.is_match(text)
        && let Some(at) = chat_helper_called(t)
    {
        f.send_away = true;
        f.to_chat_bot = Some(at);
    }
    f
}

crate::php::word_match! {
    /// Helpers named for sending to a chat (`sendTelegram`, `send_to_discord`, `sendMessage`).
    fn is_chat_helper -> bool {
        b"sendtelegram" | b"send_telegram" | b"sendtotelegram" | b"send_to_telegram" | b"telegram_send"
        | b"sendtelegrammessage" | b"send_telegram_message" | b"telegramsend" | b"senddiscord" | b"send_discord"
        | b"sendtodiscord" | b"send_to_discord" | b"senddiscordwebhook" | b"send_discord_webhook" | b"sendmessage"
        | b"send_message" => true,
        _ => false,
    }
}

/// Where a chat helper (`is_chat_helper`) is first called as a function (not a method).
fn chat_helper_called(t: &[Token<'_>]) -> Option<usize> {
    t.iter().enumerate().find_map(|(i, x)| {
        let Tok::Ident(n) = x.tok else { return None };
        let method = i > 0 && matches!(t[i - 1].tok, Tok::Op(b"->" | b"::" | b"?->"));
        (!method && is_op(t.get(i + 1), b"(") && is_chat_helper(n)).then_some(x.at)
    })
}

/// A heading of the part of a message about the visitor, who is called the victim
/// (`[ VICTIM INFORMATION ]`, `Victim Info`): a kit's report to its owner.
static VICTIM_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\bvictim'?s?\s*(?:info(?:rmation)?|details|data|ip)\b").expect("pattern compiles")
});

/// A card's number, by a variable's or a field's name (`$card_number`, `'cardNumber'`, `cc_num`).
static CARD_NUMBER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)^(?:card_?(?:num|number|no)|cc_?(?:num|number|no)|credit_?card_?number)$")
        .expect("pattern compiles")
});
/// A card's security code, by a variable's or a field's name (`$card_cvc`, `'ccv'`, `cvv2`).
static CARD_CODE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)^(?:cvv2?|cvc2?|ccv|card_?(?:cvv|cvc|code|ccv)|cc_?(?:cvv|cvc)|security_?code)$")
        .expect("pattern compiles")
});

/// Whether a file names both a card's number and its security code (variables or fields).
fn names_card_and_code(t: &[Token<'_>]) -> bool {
    let (mut number, mut code) = (false, false);
    for x in t {
        let name = match &x.tok {
            Tok::Var(v) => *v,
            Tok::Str(q) if q.value.len() <= 32 => q.value,
            _ => continue,
        };
        number |= CARD_NUMBER_NAME.is_match(name);
        code |= CARD_CODE_NAME.is_match(name);
        if number && code {
            return true;
        }
    }
    false
}

/// A chat service named (a kit's `sendMessage` helper is its bot's).
static CHAT_SERVICE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)telegram|discord").expect("pattern compiles"));

/// A list of other sites' addresses (`array('https://a.example/', …)`), one picked at random
/// (`$l[array_rand($l)]`, `$l[mt_rand(…)]`, or `$n = mt_rand(…); … $l[$n]`), and the visitor
/// sent there (`Location:`, or a page's refresh to it).
fn random_redirect(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    let mut urls = false;
    let mut picked = false;
    let mut redirect = None;
    // Variables given a random number (`$n = mt_rand(0, 2);`).
    let mut random_vars: Vec<&[u8]> = Vec::new();
    let is_random =
        |n: &[u8]| [&b"array_rand"[..], b"mt_rand", b"rand", b"random_int"].iter().any(|r| n.eq_ignore_ascii_case(r));
    for (i, x) in t.iter().enumerate() {
        match &x.tok {
            Tok::Var(v)
                if is_op(t.get(i + 1), b"=")
                    && random_vars.len() < 8
                    && t.get(i + 2).and_then(ident).is_some_and(is_random)
                    && is_op(t.get(i + 3), b"(") =>
            {
                random_vars.push(v);
            }
            Tok::Var(v) if i > 0 && is_op(t.get(i - 1), b"[") && is_op(t.get(i + 1), b"]") => {
                picked |= random_vars.contains(v);
            }
            Tok::Str(quoted) => {
                let value = quoted.value;
                let listed = is_op(t.get(i + 1), b",") || is_op(t.get(i + 1), b")") || is_op(t.get(i + 1), b"]");
                urls |= listed && (URL.is_match(value) || is_host_name(value));
                if value.len() >= 9 && value[..9].eq_ignore_ascii_case(b"location:") {
                    redirect.get_or_insert(x.at);
                }
            }
            Tok::Ident(n) if is_op(t.get(i + 1), b"(") && i > 0 && is_op(t.get(i - 1), b"[") => {
                picked |= is_random(n);
            }
            _ => {}
        }
    }
    if !(urls && picked) {
        return None;
    }
    // A refresh written in the page around the code (`<meta http-equiv="refresh" …>`).
    redirect.or_else(|| REFRESH.find(text).map(|m| m.start()))
}

/// A site's name alone (`freedatesfind.com`: a list of them, the scheme written in the
/// redirect), not a file's (`index.php`).
fn is_host_name(v: &[u8]) -> bool {
    const FILE_ENDINGS: [&[u8]; 12] =
        [b"php", b"html", b"htm", b"js", b"css", b"txt", b"jpg", b"png", b"gif", b"json", b"xml", b"ico"];
    let Some(dot) = v.iter().rposition(|c| *c == b'.') else { return false };
    let top = &v[dot + 1..];
    (4..=253).contains(&v.len())
        && v.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'.' || *c == b'-')
        && !v.starts_with(b".")
        && !v.windows(2).any(|w| w == b"..")
        && top.len() >= 2
        && top.iter().all(u8::is_ascii_alphabetic)
        && !FILE_ENDINGS.iter().any(|e| top.eq_ignore_ascii_case(e))
}

/// A page's refresh to an address (`<meta http-equiv="refresh" content="2; url=…">`, the
/// attributes in either order); a refresh of the page itself names none.
static REFRESH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<meta[^>]*http-equiv\s*=\s*["']?refresh[^>]*url\s*=|<meta[^>]*url\s*=[^>]*http-equiv\s*=\s*["']?refresh"#)
        .expect("pattern compiles")
});

/// Where a script renames files a host's scanner put out of use (`x.php.suspected`) back to
/// their working names (fresh108's `lerbim.php` walks its folder every run): the intrusion
/// comes back after each cleanup.
fn unquarantines(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    memchr::memmem::find(text, b".suspected")?;
    let named = t.iter().find(|x| str_value(x).is_some_and(|v| memchr::memmem::find(v, b".suspected").is_some()))?;
    (0..t.len()).any(|i| super::tokens::is_call(t, i, &[b"rename", b"copy"])).then_some(named.at)
}

/// `file_put_contents('x.php', file_get_contents('a.png'))`, `copy('a.png', '.htaccess')`:
/// code kept under a picture's name put back in place (a restorer that undoes a cleanup). The
/// names may be called through `call_user_func`, and names and paths kept in variables given
/// literal pieces (`$w = "fi"."le"."_put"…; $h = $root . "/.h"."ta"."ccess";`).
fn restores_from_data(t: &[Token<'_>]) -> Option<usize> {
    let mut literals: Vec<(&[u8], Vec<u8>)> = Vec::new();
    let budget = Budget::for_tokens(t.len());
    let text_of = |arg: &[Token<'_>], literals: &[(&[u8], Vec<u8>)]| -> Option<Vec<u8>> {
        match arg {
            [x] => match &x.tok {
                Tok::Str(quoted) => Some(quoted.value.to_vec()),
                Tok::Var(v) => literals.iter().find(|(n, _)| n == v).map(|(_, l)| l.clone()),
                _ => None,
            },
            _ => None,
        }
    };
    // The function a call names: itself, or the first argument of `call_user_func`; and the
    // call's own arguments.
    let callee = |k: usize, literals: &[(&[u8], Vec<u8>)]| -> Option<(Vec<u8>, Vec<&[Token<'_>]>)> {
        let n = ident(t.get(k)?)?;
        if !is_op(t.get(k + 1), b"(") || (k > 0 && matches!(t[k - 1].tok, Tok::Op(b"->" | b"::"))) {
            return None;
        }
        let args = budget.args(t, k + 1);
        if n.eq_ignore_ascii_case(b"call_user_func") {
            let name = text_of(strip_at(args.first()?), literals)?;
            Some((name.to_ascii_lowercase(), args[1..].to_vec()))
        } else {
            Some((n.to_ascii_lowercase(), args))
        }
    };
    for (i, tok) in t.iter().enumerate() {
        match &tok.tok {
            // `$p = 'a.png';`, or a path joined to its last parts (`$_SERVER['DOCUMENT_ROOT'] .
            // '/index' . '.php'`): its ending is what counts.
            Tok::Var(v) if is_op(t.get(i + 1), b"=") && literals.len() < MAX_LITERAL_VARS => {
                let Some(end) = (i + 2..t.len().min(i + 2 + MAX_JOINED_PIECES)).find(|&k| is_op(t.get(k), b";")) else {
                    continue;
                };
                // The run of literal pieces the statement ends with.
                let mut first = end;
                while first >= i + 3
                    && matches!(t[first - 1].tok, Tok::Str(_))
                    && (first - 1 == i + 2 || is_op(t.get(first - 2), b"."))
                {
                    first -= if first - 1 == i + 2 { 1 } else { 2 };
                }
                if first == end {
                    continue;
                }
                let mut joined = Vec::new();
                for x in &t[first..end] {
                    if let Tok::Str(quoted) = x.tok {
                        joined.extend_from_slice(quoted.value);
                    }
                }
                if joined.len() <= 256 {
                    literals.push((v, joined));
                }
            }
            Tok::Ident(n)
                if n.eq_ignore_ascii_case(b"file_put_contents")
                    || n.eq_ignore_ascii_case(b"copy")
                    || n.eq_ignore_ascii_case(b"call_user_func") =>
            {
                let Some((name, args)) = callee(i, &literals) else { continue };
                let put = name == b"file_put_contents";
                if !put && name != b"copy" {
                    continue;
                }
                let (to, from) = if put {
                    // The text written is a file read: `file_get_contents(src)` or the same
                    // through `call_user_func`.
                    let Some(read) = args.get(1).map(|a| strip_at(a)) else { continue };
                    let Some(at) = read.first().map(|x| x.at) else { continue };
                    let k = t.partition_point(|x| x.at < at);
                    let Some((reader, read_args)) = callee(k, &literals) else { continue };
                    if reader != b"file_get_contents" || read_args.len() != 1 {
                        continue;
                    }
                    (args.first().map(|a| strip_at(a)), read_args.first().map(|a| strip_at(a)))
                } else {
                    (args.get(1).map(|a| strip_at(a)), args.first().map(|a| strip_at(a)))
                };
                let (Some(to), Some(from)) =
                    (to.and_then(|a| text_of(a, &literals)), from.and_then(|a| text_of(a, &literals)))
                else {
                    continue;
                };
                if CODE_PATH.is_match(&to) && DATA_PATH.is_match(&from) {
                    return Some(tok.at);
                }
                // Or from a copy under a name of no kind (`index.log`, `htaccess.ed`), the page
                // then made read-only (fresh113's `1359.js` puts the site's `index.php` and
                // `.htaccess` back each time it runs); an installer writes its settings from a
                // template (`htaccess.txt`, `config.php.dist`) and leaves them writable.
                if CODE_PATH.is_match(&to) && !CODE_PATH.is_match(&from) && !TEMPLATE_PATH.is_match(&from) && locks(t) {
                    return Some(tok.at);
                }
            }
            _ => {}
        }
    }
    None
}

/// A path to a template or a kept copy of settings (`htaccess.txt`, `config.php.dist`,
/// `wp-config-sample.php`), what installers and updaters copy from.
static TEMPLATE_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)(?:\.(?:txt|dist|sample|tpl|template|example|default|bak|orig|in|new|old|save)|[-_.]sample\.php)$",
    )
    .expect("pattern compiles")
});

/// Whether the file makes something read-only (`chmod($f, 0444)`, `0440`, `0400`, `0555`).
fn locks(t: &[Token<'_>]) -> bool {
    (0..t.len()).any(|i| {
        ident(&t[i]).is_some_and(|n| n.eq_ignore_ascii_case(b"chmod"))
            && is_op(t.get(i + 1), b"(")
            && t[i + 2..t.len().min(i + 12)]
                .iter()
                .take_while(|x| !is_op(Some(x), b")"))
                .any(|x| matches!(x.tok, Tok::Num(b"0444" | b"0440" | b"0400" | b"0555")))
    })
}

/// Most tokens of an assignment read for the literal pieces it ends with (a path or a name
/// spelled a letter a piece: `'/'.'w'.'p'.'-'…` is two tokens a letter).
const MAX_JOINED_PIECES: usize = 160;

/// The argument without a leading `@`.
fn strip_at<'s, 'a>(arg: &'s [Token<'a>]) -> &'s [Token<'a>] {
    match arg {
        [first, rest @ ..] if is_op(Some(first), b"@") => rest,
        _ => arg,
    }
}

/// What the text, as an `.htaccess`, is found for when it makes data files or invented endings
/// run as PHP or CGI, or hands page names to a made-up script.
fn server_config_planted(value: &[u8]) -> Option<Why> {
    // (A `php.ini` that frees every function PHP's host switched off: fresh149's Shell Booter
    // bot writes `disable_functions = none` beside itself.)
    if FREES_FUNCTIONS.is_match(value)
        && crate::conf::check("php.ini", value, &[])
            .iter()
            .any(|h| h.why == Why::PhpWeakened && h.danger >= Danger::High)
    {
        return Some(Why::PhpWeakened);
    }
    let hits = crate::conf::check(".htaccess", value, &[]);
    let high = |w: fn(Why) -> bool| hits.iter().any(|h| w(h.why) && h.danger >= Danger::High);
    if high(|w| matches!(w, Why::HandlerOnData | Why::SsiExec)) {
        Some(Why::PlantsServerConfig)
    } else if high(|w| w == Why::RewriteToHiddenScript) {
        Some(Why::RewriteToHiddenScript)
    } else {
        None
    }
}

/// A `php.ini` line freeing every function (`disable_functions = none`).
static FREES_FUNCTIONS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?im-u)^\s*disable_functions\s*=\s*["']?none\b"#).expect("pattern compiles"));

/// `0755`, `0744`, `0777`, `0700`, `0111`-like modes: the owner may run the file.
fn executable_mode(x: &Token<'_>) -> bool {
    let Tok::Num(n) = x.tok else { return false };
    let Some(digits) = n.strip_prefix(b"0").filter(|d| d.len() == 3 && d.iter().all(|c| (b'0'..=b'7').contains(c)))
    else {
        return false;
    };
    (digits[0] - b'0') & 1 == 1
}

/// A `Location:` header to an address on the web (not a page of the site itself).
fn is_foreign(v: &[u8]) -> bool {
    let v = v.trim_ascii_start();
    v.len() > 9 && v[..9].eq_ignore_ascii_case(b"location:") && URL.is_match(&v[9..])
}

/// Whether the literal at `i` is (part of) the first argument of a shell call or a backtick.
fn runs_shell(t: &[Token<'_>], i: usize) -> bool {
    if matches!(t[i].tok, Tok::Backtick(_)) {
        return true;
    }
    // Back over the argument's tokens to its call.
    for k in (i.saturating_sub(12)..i).rev() {
        match &t[k].tok {
            Tok::Op(b"(") => {
                return k > 0
                    && ident(&t[k - 1]).is_some_and(|n| {
                        [&b"exec"[..], b"shell_exec", b"system", b"passthru", b"popen", b"proc_open"]
                            .iter()
                            .any(|s| n.eq_ignore_ascii_case(s))
                    });
            }
            Tok::Op(b";" | b")" | b"{" | b"}") | Tok::Close => return false,
            _ => {}
        }
    }
    false
}

/// Whether the tokens around the literal at `i` (the same expression) read the site's own
/// host name.
fn names_own_site(t: &[Token<'_>], i: usize) -> bool {
    let from = i.saturating_sub(8);
    let to = t.len().min(i + 9);
    t[from..to].iter().enumerate().any(|(k, x)| match &x.tok {
        Tok::Var(b"_SERVER") => t[from..to].get(k + 2).and_then(str_value).is_some_and(is_host_key),
        Tok::Str(quoted) => {
            quoted.vars.contains(&&b"_SERVER"[..])
                && (has(quoted.value, b"HTTP_HOST") || has(quoted.value, b"SERVER_NAME"))
        }
        _ => false,
    })
}

fn is_host_key(k: &[u8]) -> bool {
    k == b"HTTP_HOST" || k == b"SERVER_NAME"
}

fn has(v: &[u8], w: &[u8]) -> bool {
    memchr::memmem::find(v, w).is_some()
}

mod copier;
mod credentials;
mod gates;
#[cfg(test)]
mod tests;
