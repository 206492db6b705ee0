//! A gate that hides a page from the search engine that would list it (a phishing kit's, a web
//! shell's): a visitor whose browser or host name is Google's (or Bing's) is told the page does
//! not exist (`404 Not Found`) while everyone else goes on to the page.
//!
//! A site's own bot filters turn away scrapers and unwanted crawlers, often with `403`; no
//! site lies to the search engine it wants to be found by. The check is on the visitor (its
//! browser name or the host name of its address) and the lie stands close after the name.

use crate::php::{Tok, Token};

use super::super::tokens::{close_of, ident, str_value};

/// Names of the search engines a site wants to be found by (a part of a browser or host name).
const ENGINES: &[&[u8]] = &[b"google", b"googlebot", b"bing", b"bingbot", b"msnbot"];

/// Crawlers' own names inside a browser name.
const CRAWLER_NAMES: [&[u8]; 3] = [b"Googlebot/", b"bingbot/", b"msnbot/"];
/// The longest browser name read for a crawler's.
const MAX_BROWSER_NAME: usize = 300;

/// Tokens between the engine's name and the lie that belong together (a list of names and the
/// loop over it).
const NEAR: usize = 120;

/// The offset of the `404` sent to a search engine, if the file hides from one.
pub(super) fn hides_from_search(t: &[Token<'_>]) -> Option<usize> {
    let mut visitor = false;
    let mut engine_at: Option<usize> = None;
    for i in 0..t.len() {
        match &t[i].tok {
            Tok::Ident(n) if n.eq_ignore_ascii_case(b"gethostbyaddr") => visitor = true,
            Tok::Str(quoted) if quoted.value.len() <= 16 => {
                let value = quoted.value;
                if value == b"HTTP_USER_AGENT" {
                    visitor = true;
                } else if ENGINES.iter().any(|e| value.eq_ignore_ascii_case(e)) {
                    engine_at = Some(i);
                }
            }
            // (Or a crawler's whole browser name, `"Mozilla/5.0 (compatible; Googlebot/2.1;
            // +http://www.google.com/bot.html)"`: fresh150's `netcraft_check.php`.)
            Tok::Str(quoted)
                if quoted.value.len() <= MAX_BROWSER_NAME
                    && CRAWLER_NAMES.iter().any(|c| memchr::memmem::find(quoted.value, c).is_some()) =>
            {
                engine_at = Some(i);
            }
            _ => {}
        }
        if let Some(e) = engine_at
            && visitor
            && i - e <= NEAR
            && ident(&t[i]).is_some_and(|n| n.eq_ignore_ascii_case(b"header"))
            && matches!(t.get(i + 1).map(|x| &x.tok), Some(Tok::Op(b"(")))
        {
            let end = close_of(t, i + 1).min(t.len());
            let not_found = t[i + 2..end.max(i + 2)]
                .iter()
                .filter_map(str_value)
                .any(|v| memchr::memmem::find(v, b"404").is_some());
            if not_found {
                return Some(t[i].at);
            }
        }
    }
    None
}
