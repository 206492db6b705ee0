//! Defacement pages: the page an intruder puts up to claim the break-in ("Hacked by …",
//! "Hackeado por …"). Such a claim is read only where a visitor sees it first — the page's
//! title, a heading, a banner — or as the whole text of a short file; a programmer's comment
//! ("// hacked by Ann to fix the resize") never counts.

use std::sync::LazyLock;

use regex::bytes::Regex;

/// The claim itself: a word for "broke in" and "by" in the languages defacers write.
static CLAIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(?:h[a4]ck[e3]d|hackead[oa]|hack[e3]ad[o0]|defaced|pwn[e3]d|0wn[e3]d|[o0]wn3d)[!.]{0,3}[ \t]+(?:by|por|par|von)\b")
        .expect("defacement claim regex")
});

/// Elements that make a claim the page's headline.
const PROMINENT: &[&[u8]] = &[b"title", b"h1", b"h2", b"h3", b"marquee", b"center", b"font"];
/// How far before a claim its element may open.
const LOOK_BACK: usize = 200;
/// A file this short whose claim is not in a comment is a defacement note by itself.
const SHORT_NOTE: usize = 1024;
/// At most this many claims of one file are looked at.
const MAX_CLAIMS: usize = 16;

/// Where the file claims a break-in where visitors see it, if it does.
pub fn claim(text: &[u8]) -> Option<usize> {
    CLAIM.find_iter(text).take(MAX_CLAIMS).map(|m| m.start()).find(|&at| !in_comment(text, at) && seen(text, at))
}

/// Whether a short file is a claim of the break-in by itself (`Hacked By …` alone in an
/// `index.txt`, fresh169's defacer's note kept as text).
pub fn short_note_claim(text: &[u8]) -> bool {
    text.len() <= SHORT_NOTE && claim(text).is_some()
}

/// Where markup the file holds claims a break-in in a headline, if it does: for a script that
/// writes a page and a server-parsed page, where a short file's text is code or running text
/// ("// hacked by Ann to fix the resize", "our forum was hacked by spammers").
pub fn claim_in_headline(text: &[u8]) -> Option<usize> {
    CLAIM.find_iter(text).take(MAX_CLAIMS).map(|m| m.start()).find(|&at| !in_comment(text, at) && headline(text, at))
}

/// The claim's line starts as a comment does in PHP, JavaScript, CSS or HTML.
fn in_comment(text: &[u8], at: usize) -> bool {
    let start = memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1);
    let line = text[start..at].trim_ascii_start();
    [b"//".as_slice(), b"#", b"*", b"/*", b"<!--"].iter().any(|c| line.starts_with(c))
}

/// The claim is the whole of a short file, or sits inside a headline element opened just
/// before it and not yet closed.
fn seen(text: &[u8], at: usize) -> bool {
    text.len() <= SHORT_NOTE || headline(text, at) || alerted(text, at)
}

/// The claim is the message of a box the page pops up (`alert('Your System Has Been Hacked! By
/// …')`, fresh113's defacement).
fn alerted(text: &[u8], at: usize) -> bool {
    let before = &text[at.saturating_sub(ALERT_LOOK_BACK)..at];
    memchr::memmem::rfind(before, b"alert(")
        .is_some_and(|k| !before[k..].contains(&b'\n') && !before[k..].contains(&b')'))
}
/// How far before a claim its `alert(` may open.
const ALERT_LOOK_BACK: usize = 80;

/// The claim sits inside a headline element opened just before it and not yet closed.
fn headline(text: &[u8], at: usize) -> bool {
    let window = &text[at.saturating_sub(LOOK_BACK)..at];
    let Some(open) = memchr::memrchr(b'<', window) else { return false };
    let tag = &window[open + 1..];
    if tag.first() == Some(&b'/') {
        // The nearest tag closes an element: the claim stands in running text, not a headline.
        return false;
    }
    let name: Vec<u8> = tag.iter().take_while(|c| c.is_ascii_alphanumeric()).map(u8::to_ascii_lowercase).collect();
    if PROMINENT.contains(&name.as_slice()) {
        return true;
    }
    // An inline tag (`<b>`, `<span>`, `<i>`) inside a headline: the headline opened before it.
    let before = &window[..open];
    memchr::memrchr(b'<', before).is_some_and(|o| {
        let n: Vec<u8> =
            before[o + 1..].iter().take_while(|c| c.is_ascii_alphanumeric()).map(u8::to_ascii_lowercase).collect();
        PROMINENT.contains(&n.as_slice())
    })
}

#[cfg(test)]
mod tests {
    use super::claim;

    #[test]
    fn a_claim_in_the_title_or_a_heading_is_found() {
        let page =
            format!("<html><head><title>HaCkEd By Nobody</title></head><body>{}</body></html>", "x".repeat(2000));
        assert!(claim(page.as_bytes()).is_some());
        let page =
            format!("<html><body>{}<center><h1><b>Hackeado por Grupo</b></h1></center></body>", "y".repeat(2000));
        assert!(claim(page.as_bytes()).is_some());
        // fresh113's page pops the claim up, its words broken by a `!`.
        let popup = format!(
            "<html><script>function t() {{ alert('Your System Has Been Hacked! By Khanh'); }}</script>{}",
            "w".repeat(2000)
        );
        assert!(claim(popup.as_bytes()).is_some());
        // A script's alert about something else, a claim in prose after it.
        let other =
            format!("<script>alert('Saved');</script><p>our blog was hacked by spammers</p>{}", "v".repeat(2000));
        assert!(claim(other.as_bytes()).is_none());
    }

    #[test]
    fn a_short_note_is_a_claim_by_itself() {
        assert!(claim(b"pwned by someone, patch your site").is_some());
        assert!(claim(b"<?php echo 'H4CK3D by Nobody'; ?>").is_some());
    }

    #[test]
    fn comments_and_prose_are_not_claims() {
        assert!(claim(b"<?php\n    // Hacked by Ann in 2006 to fix the resize\n$x = 1;").is_none());
        let post = format!(
            "<html><body>{}<p>Last year our shop was hacked by a bot; here is what we learned.</p></body></html>",
            "z".repeat(2000)
        );
        assert!(claim(post.as_bytes()).is_none());
        assert!(claim(b"This site is owned by the town council.").is_none());
        assert!(claim(b"<title>How to tell if your site was hacked</title>").is_none());
    }
}
