//! Search-engine spam pasted into a site's pages: a block of many links to other sites that
//! visitors never see, because the element is moved far off the screen, or hidden by its
//! style or by a script that hides it by its id right away. Search engines read the links;
//! the site's owner does not. Hidden menus and share buttons hold a few links, mostly to the
//! site's own pages; screen-reader texts moved off the screen hold no list of links.
//! Byte searches over the text, only where a hiding style or script is.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::Shape;
use crate::detect::{Danger, Why};

/// An element made invisible by its own `style` attribute (not a style sheet's rule, which
/// may be for any element): far off the screen, not displayed, or hidden.
static HIDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)\bstyle\s*=\s*\\?["'][^"'<>]{0,160}?"#,
        r"(?:\b(?:top|left)\s*:\s*-[1-9][0-9]{2,}(?:px)?\b|\bdisplay\s*:\s*none\b|\bvisibility\s*:\s*hidden\b)",
        // Or shrunk to nothing (fresh114's `<marquee style='position: absolute; width: 0px;'>`;
        // not `min-width: 0`, a flexible box's).
        r#"|(?i-u)\bstyle\s*=\s*\\?["'](?:[^"'<>]{0,160}?[\s;])?(?:width|height)\s*:\s*0(?:px)?\s*(?:;|\\?["'])"#,
    ))
    .expect("pattern compiles")
});

/// A script hiding an element by its id (`getElementById("x").style.display = "none"`): the
/// id's value is the capture.
static HIDDEN_BY_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)getElementById\s*\(\s*\\?["']([a-z0-9_-]{1,40})\\?["']\s*\)\s*\.style\.(?:display|visibility)\s*=\s*"#,
        r#"\\?["'](?:none|hidden)"#,
    ))
    .expect("pattern compiles")
});

/// A link to another site (an absolute address).
static FOREIGN_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<a\s[^>]{0,200}?\bhref\s*=\s*\\?["']?\s*https?://"#).expect("pattern compiles")
});

/// How far after the hiding place the links are counted, and how many make a block.
const BLOCK: usize = 8 << 10;
const MANY_LINKS: usize = 8;
const MANY_HOSTS: usize = 3;
/// Fewer links make a block when their words sell the spam trades (`Slot 88`, `viagra`): at
/// least `SPAM_WORDED` of them.
const FEW_LINKS: usize = 4;
const SPAM_WORDED: usize = 2;
/// A link's words that sell gambling, pills or porn.
static SPAM_ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(?:slot|gacor|togel|toto|judi|casino|poker|maxwin|bokep|viagra|cialis|levitra|porn|xxx)")
        .expect("pattern compiles")
});
/// How far after a link's address its words are looked for.
const ANCHOR_WINDOW: usize = 300;
/// Links read per block.
const MAX_LINKS: usize = 64;
/// Hiding places looked at per file.
const MAX_PLACES: usize = 16;

/// Where a hidden block of many links to other sites starts.
pub(super) fn hidden_links(text: &[u8]) -> Option<usize> {
    // Most files hold fewer links to other sites than a block needs: counted the cheap way
    // first (`href=`, any case, then after a quote or none `http`), before any pattern is run.
    static HREF: LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        LazyLock::new(|| [memchr::memmem::Finder::new(b"ref="), memchr::memmem::Finder::new(b"REF=")]);
    let absolute = HREF
        .iter()
        .flat_map(|f| f.find_iter(text))
        .filter(|&p| {
            if p == 0 || !matches!(text[p - 1], b'h' | b'H') {
                return false;
            }
            let rest = &text[p + 4..text.len().min(p + 11)];
            let rest = rest.strip_prefix(b"\\").unwrap_or(rest);
            let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
            rest.len() >= 4 && rest[..4].eq_ignore_ascii_case(b"http")
        })
        .take(MANY_LINKS)
        .count();
    if absolute < FEW_LINKS {
        return None;
    }
    let many_after = |from: usize| {
        let window = &text[from..text.len().min(from + BLOCK)];
        // The block ends where the page's body does.
        let window = match memchr::memmem::find(window, b"</body") {
            Some(end) => &window[..end],
            None => window,
        };
        // Links to several sites: a hidden menu links the site's own pages.
        let mut hosts: [&[u8]; MANY_HOSTS] = [b""; MANY_HOSTS];
        let (mut links, mut seen, mut worded) = (0, 0, 0);
        for m in FOREIGN_LINK.find_iter(window).take(MAX_LINKS) {
            links += 1;
            let rest = &window[m.end()..];
            let near = &rest[..rest.len().min(ANCHOR_WINDOW)];
            if let Some(open) = memchr::memchr(b'>', near) {
                let words = &near[open + 1..];
                let words = &words[..memchr::memchr(b'<', words).unwrap_or(words.len())];
                worded += usize::from(SPAM_ANCHOR.is_match(words));
            }
            let host = &rest
                [..rest.iter().take(80).take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')).count()];
            if seen < MANY_HOSTS && !hosts[..seen].contains(&host) {
                hosts[seen] = host;
                seen += 1;
            }
            if (links >= MANY_LINKS || (links >= FEW_LINKS && worded >= SPAM_WORDED)) && seen >= MANY_HOSTS {
                return true;
            }
        }
        false
    };
    let mut from = 0;
    for m in HIDING.find_iter(text).take(MAX_PLACES) {
        if m.start() >= from && many_after(m.end()) {
            return Some(m.start());
        }
        from = m.end() + BLOCK;
    }
    for c in HIDDEN_BY_SCRIPT.captures_iter(text).take(MAX_PLACES) {
        let id = c.get(1).map_or(&b""[..], |g| g.as_bytes());
        let (mut at, mut tries) = (0, 0);
        while let Some(p) = memchr::memmem::find(&text[at..], id).map(|p| p + at) {
            // (A short id is found in many words: the element is looked for a few times only.)
            tries += 1;
            if tries > MAX_PLACES {
                break;
            }
            at = p + id.len();
            let before = &text[p.saturating_sub(5)..p];
            if before.ends_with(b"id=\"") || before.ends_with(b"id='") || before.ends_with(b"id=") {
                if many_after(at) {
                    return Some(p);
                }
                break;
            }
        }
    }
    None
}

/// The finding of a hidden link block.
pub(super) fn analyze(text: &[u8]) -> Vec<Shape> {
    hidden_links(text).map(|at| Shape { why: Why::HiddenLinks, danger: Danger::High, at }).into_iter().collect()
}

#[cfg(test)]
mod tests;
