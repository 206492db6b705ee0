//! Search-engine spam pages an intruder puts on a site: online-gambling advertising ("slot
//! gacor", "maxwin", "togel", "RTP live") written to rank under the site's good name, the
//! commonest planted page of recent years. Such a page repeats many of the trade's own words;
//! a news story about gambling names one or two of them, once or twice.

use std::sync::LazyLock;

use regex::bytes::Regex;

/// The trade's words (lowercase), in the campaigns' languages: words no other page uses
/// together. (Not "casino" or "jackpot": a real casino's or a game's site has those.)
const GAMBLING_WORDS: [&str; 19] = [
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
];

/// Different words, and times in all, from which a page is the trade's.
const MIN_KINDS: u32 = 4;
const MIN_TIMES: usize = 10;
/// Bytes of a file read for the words (a spam page says them from its top).
const MAX_READ: usize = 1 << 20;

static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = GAMBLING_WORDS.iter().map(|w| regex::escape(w)).collect();
    Regex::new(&format!("(?-u){}", alternatives.join("|"))).expect("pattern compiles")
});

/// Where a page of gambling spam starts saying so, if the file is one.
pub fn gambling_page(text: &[u8]) -> Option<usize> {
    let text = &text[..text.len().min(MAX_READ)];
    // Every such page has one of these (found without a lowercase copy; most files stop here).
    let anchors: [&[u8]; 6] = [b"acor", b"ACOR", b"axwin", b"AXWIN", b"ogel", b"OGEL"];
    if !anchors.iter().any(|a| memchr::memmem::find(text, a).is_some()) {
        return None;
    }
    let low = crate::php::ascii_lowercase(text);
    let (mut kinds, mut times, mut first) = (0u32, 0usize, None);
    for m in WORDS.find_iter(&low) {
        let k = GAMBLING_WORDS.iter().position(|w| w.as_bytes() == m.as_bytes()).unwrap_or(0);
        kinds |= 1 << k;
        times += 1;
        first.get_or_insert(m.start());
    }
    (kinds.count_ones() >= MIN_KINDS && times >= MIN_TIMES).then_some(first).flatten()
}

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
    }
}
