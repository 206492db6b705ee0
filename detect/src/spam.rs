//! Search-engine spam pages an intruder puts on a site: online-gambling advertising ("slot
//! gacor", "maxwin", "togel", "RTP live") written to rank under the site's good name, the
//! commonest planted page of recent years. Such a page repeats many of the trade's own words;
//! a news story about gambling names one or two of them, once or twice.

use std::sync::LazyLock;

use regex::bytes::Regex;

/// The trade's words (lowercase), in the campaigns' languages: words no other page uses
/// together. (Not "casino" or "jackpot": a real casino's or a game's site has those.)
const GAMBLING_WORDS: [&str; 27] = [
    "gacor",
    "maxwin",
    "togel",
    "situs slot",
    "rtp slot",
    "rtp live",
    "judi online",
    "judi slot",
    "scatter hitam",
    "mahjong ways",
    "slot88",
    "slot777",
    "slot thailand",
    "daftar slot",
    "link alternatif",
    "deposit pulsa",
    "anti rungkad",
    "bocoran",
    "gampang menang",
    "slot demo",
    "slot hari ini",
    "slot terbaru",
    "slot online",
    "sbobet",
    "judi bola",
    "agen bola",
    "situs judi",
];

/// Different words, and times in all, from which a page is the trade's.
/// (A page repeats them, `REPEATS` times each on average at least; a comment filter's list of
/// them names each once.)
const MIN_KINDS: u32 = 4;
const MIN_TIMES: usize = 10;
const REPEATS: usize = 2;
/// The words only the advertising itself uses (a news story about a raid names gambling,
/// lotteries and slot sites, never "gacor" or "maxwin"): one of them at least.
const ADVERTISING: [&str; 8] =
    ["gacor", "maxwin", "rtp slot", "rtp live", "scatter hitam", "anti rungkad", "gampang menang", "bocoran"];
/// Different words on a page, and times one advertising word is said, that make it the trade's
/// whatever the others' count.
const HAMMERED_KINDS: u32 = 6;
const HAMMERED_TIMES: usize = 4;
/// Bytes of a file read for the words (a spam page says them from its top).
const MAX_READ: usize = 1 << 20;

static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = GAMBLING_WORDS.iter().map(|w| regex::escape(w)).collect();
    Regex::new(&format!("(?-u){}", alternatives.join("|"))).expect("pattern compiles")
});

/// A page's redirect: a refresh's address, or a script's `location`.
static REDIRECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?-u)http-equiv\s*=\s*["']?refresh["']?[^>]{0,40}url\s*=\s*([^"'>\s]{1,300})|location(?:\.href)?\s*=\s*["']([^"']{1,300})"#)
        .expect("pattern compiles")
});
/// The largest page read as nothing but a redirect.
const MAX_REDIRECT_PAGE: usize = 2048;

/// Where a small page (its text lowercased) only sends its visitors on to an address named
/// for the trade (`url=https://…/slot-gacor-4d/`, fresh138's hijacked page): the site's good
/// name lent to a gambling site.
fn redirect_to_gambling(low: &[u8]) -> Option<usize> {
    if low.len() > MAX_REDIRECT_PAGE {
        return None;
    }
    let c = REDIRECT.captures(low)?;
    let url = c.get(1).or_else(|| c.get(2))?;
    let words: Vec<u8> =
        url.as_bytes().iter().map(|b| if matches!(b, b'-' | b'_' | b'+') { b' ' } else { *b }).collect();
    let advertising = WORDS.find_iter(&words).any(|m| ADVERTISING.iter().any(|w| w.as_bytes() == m.as_bytes()));
    // (With the trade's own name: "gacor" alone is a songbird's praise too.)
    let trade = [&b"slot"[..], b"togel", b"judi", b"casino", b"maxwin", b"rtp"]
        .iter()
        .any(|w| memchr::memmem::find(&words, w).is_some());
    (advertising && trade).then_some(c.get(0)?.start())
}

/// Where a script seeds its random numbers with the page's own address or host
/// (`srand(crc32($_SERVER['HTTP_HOST']))`, `mt_srand(crc32($host . $uri))`): every page a
/// doorway makes up then reads the same at each visit, and differs from every other site's
/// (fresh156's book doorway and its sitemap pages). A site's random numbers are random.
pub fn seeded_by_address(text: &[u8]) -> Option<usize> {
    let at = memchr::memmem::find(text, b"srand(crc32(")?;
    let call = &text[at..text.len().min(at + 120)];
    let close = memchr::memchr(b';', call).unwrap_or(call.len());
    let args = &call[..close];
    let has = |w: &[u8]| memchr::memmem::find(args, w).is_some();
    (has(b"HTTP_HOST") || has(b"REQUEST_URI") || has(b"SERVER_NAME") || has(b"$host") || has(b"$uri")).then_some(at)
}

/// Where a page hands each visitor to a traffic distribution system's server and follows
/// where it says (Keitaro's `KClient`: `sendAllParams()`, `forceRedirectOffer()`): fresh156's
/// billing site and diet page, the block put in front of their home pages. The visitor is
/// sent on to whatever offer that server picks.
pub fn traffic_client(text: &[u8]) -> Option<usize> {
    let at =
        memchr::memmem::find(text, b"forceRedirectOffer").or_else(|| memchr::memmem::find(text, b"sendAllParams"))?;
    (memchr::memmem::find(text, b"KClient").is_some() || memchr::memmem::find(text, b"KClickClient").is_some())
        .then_some(at)
}

/// Where a page of gambling spam starts saying so, if the file is one.
pub fn gambling_page(text: &[u8]) -> Option<usize> {
    let text = &text[..text.len().min(MAX_READ)];
    // Every such page has one of these (found without a lowercase copy; most files stop here).
    let anchors: [&[u8]; 9] = [b"acor", b"ACOR", b"axwin", b"axWin", b"AXWIN", b"ogel", b"OGEL", b"lot88", b"LOT88"];
    if !anchors.iter().any(|a| memchr::memmem::find(text, a).is_some()) {
        return None;
    }
    let low = crate::php::ascii_lowercase(text);
    if let Some(at) = redirect_to_gambling(&low) {
        return Some(at);
    }
    let (mut kinds, mut times, mut first) = (0u32, 0usize, None);
    let mut each = [0usize; GAMBLING_WORDS.len()];
    for m in WORDS.find_iter(&low) {
        let k = GAMBLING_WORDS.iter().position(|w| w.as_bytes() == m.as_bytes()).unwrap_or(0);
        kinds |= 1 << k;
        each[k] += 1;
        times += 1;
        first.get_or_insert(m.start());
    }
    let advertising = GAMBLING_WORDS.iter().enumerate().any(|(k, w)| kinds & (1 << k) != 0 && ADVERTISING.contains(w));
    // (Or, on a page of many of the words, one of the advertising's own said again and again:
    // fresh140's 500 KB "SLOT GACOR" page, its other words once each among its markup.)
    let hammered = kinds.count_ones() >= HAMMERED_KINDS
        && GAMBLING_WORDS.iter().zip(each).any(|(w, n)| n >= HAMMERED_TIMES && ADVERTISING.contains(w));
    let repeated = times >= REPEATS * kinds.count_ones() as usize || hammered;
    if kinds.count_ones() >= MIN_KINDS && times >= MIN_TIMES && advertising && repeated {
        return first;
    }
    // A template whose title is a name the script prints again and again (the brand of each
    // address the doorway answers: fresh110's `?products=` pages), with the advertising's
    // own words: the page is the trade's whatever name it is given.
    if advertising && times >= TEMPLATE_TIMES && titled_by_variable(&low).is_some() {
        return first;
    }
    // A marketplace's page copied whole (hundreds of its own links) with the trade's words in
    // it: a doorway dressed as a shop (fresh106's and fresh110's Lazada copies).
    (advertising && times >= CLONE_TIMES && cloned_marketplace(&low)).then_some(first).flatten()
}

/// Advertising words, times in all, on a copied marketplace page.
const CLONE_TIMES: usize = 3;
/// Links of a marketplace's own, at least, in a copy of one of its pages.
const CLONE_LINKS: usize = 100;

/// Whether the page links to one of the big Asian marketplaces `CLONE_LINKS` times or more (a
/// page saved from it; a shop's own site links to it a few times).
fn cloned_marketplace(low: &[u8]) -> bool {
    [&b"lazada.co"[..], b"tokopedia.com", b"shopee.co"]
        .iter()
        .any(|m| memchr::memmem::find_iter(low, m).take(CLONE_LINKS).count() == CLONE_LINKS)
}

/// Advertising words, times in all, on a page titled by a variable.
const TEMPLATE_TIMES: usize = 2;
/// Times the title's variable is printed in all.
const TEMPLATE_PRINTS: usize = 3;

/// Where the title of a PHP page is a variable printed (`<title><?php echo $brand ?>`,
/// `<title><?= $title;?>`) that the page prints `TEMPLATE_PRINTS` times at least (`low`: the
/// text in lowercase).
fn titled_by_variable(low: &[u8]) -> Option<usize> {
    let at = memchr::memmem::find(low, b"<title>")?;
    let after = &low[at + 7..low.len().min(at + 7 + 120)];
    let var = PRINTED_VARIABLE.captures(after)?.get(1)?.as_bytes();
    let prints = PRINTED_VARIABLE.captures_iter(low).filter(|c| c.get(1).is_some_and(|m| m.as_bytes() == var)).count();
    (prints >= TEMPLATE_PRINTS).then_some(at)
}

/// A variable printed by PHP (`<?php echo $x`, `<?= $x`), its name the capture.
static PRINTED_VARIABLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)<\?(?:php\s+echo|=)\s*\$([a-z_][a-z0-9_]*)").expect("pattern compiles"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_repeating_the_gambling_trades_words_is_spam() {
        let page = "<title>SLOT GACOR: Situs Slot Gacor Maxwin</title>\n".to_owned()
            + &"<p>Daftar slot gacor hari ini, RTP live tertinggi, bocoran maxwin.</p>\n".repeat(4);
        assert!(gambling_page(page.as_bytes()).is_some());
        // A news story naming the trade once or twice, and a theme's slot machine game.
        let news = "<p>Polisi menutup situs judi online; pemain togel ditangkap.</p>".repeat(3);
        assert!(gambling_page(news.as_bytes()).is_none());
        let game = "<div class=\"slot-machine\">Spin to win the jackpot!</div>".repeat(20);
        assert!(gambling_page(game.as_bytes()).is_none());
        // Regressions (review): a raid's story naming the trade's words often, and a comment
        // filter's list of them; a page written in mixed case.
        let raid = "<title>Polisi Bongkar Jaringan Judi Online dan Togel</title><p>Judi online, togel, situs slot, judi slot.</p>"
            .to_owned()
            + &"<p>Pemain judi online ditangkap.</p>".repeat(6);
        assert!(gambling_page(raid.as_bytes()).is_none());
        assert!(
            gambling_page(b"<meta http-equiv=\"refresh\" content=\"0; url=https://example.es/-/slot-gacor-4d/\"/>")
                .is_some()
        );
        assert!(
            gambling_page(b"<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/gacor-bird-food/\"/>")
                .is_none()
        );
        let list = "<?php return array('slot gacor', 'gacor', 'maxwin', 'togel', 'situs slot', 'rtp slot', 'rtp live', \
                    'judi online', 'judi slot', 'slot88', 'slot777', 'daftar slot', 'bocoran');";
        assert!(gambling_page(list.as_bytes()).is_none());
        // fresh140's "SLOT GACOR" page: one advertising word again and again, the others once
        // each in half a megabyte of markup.
        let hammered = "<title>SLOT GACOR HARI INI</title>".to_owned()
            + &"<div class=\"x\"></div>".repeat(2000)
            + "<p>slot gacor malam ini, gacor terbaru, maxwin, situs slot, mahjong ways, link alternatif, bocoran, gampang menang, slot gacor</p>";
        assert!(gambling_page(hammered.as_bytes()).is_some());
        // fresh155's Bola16 page: "slot online" again and again, the advertising's word once.
        let bola = "<title>BOLA16 Slot Online</title>".to_owned()
            + &"<p>Daftar slot online terpercaya, deposit jackpot.</p>".repeat(11)
            + "<p>slot gacor, togel, togel hari ini, sbobet</p>";
        assert!(gambling_page(bola.as_bytes()).is_some());
        let mixed = "SLOT88 Situs Slot Thailand, Link Alternatif SLOT88 MaxWin, RTP Live, daftar slot. ".repeat(4);
        assert!(gambling_page(mixed.as_bytes()).is_some());
        // fresh110's doorway templates: the brand asked for printed as the title and all
        // through the page, a few of the trade's words around it.
        let template = "<title><?php echo $BRAND ?> : Situs Baru</title><meta name=\"keywords\" content=\"<?php echo $BRAND ?>\">\n\
                        <h1><?php echo $BRAND ?> slot gacor</h1><p>Daftar <?= $BRAND ?> gampang maxwin.</p>";
        assert!(gambling_page(template.as_bytes()).is_some());
        // A marketplace's page saved whole, the trade's words in its title and banners.
        let clone = "<title>SLOT GACOR hari ini</title>".to_owned()
            + &"<a href=\"https://www.lazada.co.id/p/1\">Sepatu</a>".repeat(120)
            + "<h1>gacor</h1><p>link gacor</p>";
        assert!(gambling_page(clone.as_bytes()).is_some());
        let shop =
            "<title>Toko kami</title>".to_owned() + &"<a href=\"https://www.lazada.co.id/p/1\">Sepatu</a>".repeat(120);
        assert!(gambling_page(shop.as_bytes()).is_none());
        // A shop's template titled by a variable that mentions a chirpy bird once: not spam.
        let birds =
            "<title><?php echo $title ?></title><h1><?php echo $title ?></h1><p><?= $title ?>: burung gacor.</p>";
        assert!(gambling_page(birds.as_bytes()).is_none());
    }
}
