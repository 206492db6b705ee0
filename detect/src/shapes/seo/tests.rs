//! Tests of [`super`]: hidden link blocks in their own minimal shapes, and clean near-misses.

use crate::detect::Why;

fn links(n: usize) -> String {
    (0..n).map(|k| format!("<a href=\"https://shop{k}.example.net/\">cheap pills {k}</a>\n")).collect()
}

fn found(src: &str) -> Vec<Why> {
    super::analyze(src.as_bytes()).into_iter().map(|s| s.why).collect()
}

#[test]
fn many_links_to_other_sites_hidden_from_visitors_are_seo_spam() {
    let offscreen = format!("<?php get_header(); ?><div style=\"position:absolute; top:-1200px\">{}</div>", links(10));
    assert_eq!(found(&offscreen), [Why::HiddenLinks]);
    let by_script = format!(
        "<?php include 'page.html'; ?><div id=\"b\">{}</div>\
         <script>document.getElementById('b').style.display='none';</script>",
        links(10)
    );
    assert_eq!(found(&by_script), [Why::HiddenLinks]);
    let upper = offscreen.replace("<a href=", "<A HREF=");
    assert_eq!(found(&upper), [Why::HiddenLinks]);
    // fresh114's hacklink block: a marquee shrunk to no width.
    let shrunk = format!("<marquee style='position: absolute; width: 0px;'>{}</marquee>", links(10));
    assert_eq!(found(&shrunk), [Why::HiddenLinks]);
    // (A flexible box's `min-width: 0` hides nothing.)
    let flex = format!("<div style=\"display:flex; min-width: 0;\">{}</div>", links(10));
    assert!(found(&flex).is_empty());
}

#[test]
fn menus_share_buttons_and_screen_reader_text_are_not_seo_spam() {
    // A hidden share menu: a few links.
    let share = format!("<ul class=\"share\" style=\"display:none\">{}</ul>", links(4));
    assert!(found(&share).is_empty());
    // A hidden menu of the site's own pages.
    let menu: String = (0..20).map(|k| format!("<a href=\"/page-{k}/\">Page {k}</a>")).collect();
    assert!(found(&format!("<nav style=\"display: none\">{menu}</nav>")).is_empty());
    // Text for screen readers moved off the screen, the links shown after the page's body.
    let reader = format!("<span style=\"left:-9999px\">Skip to content</span></body>{}", links(10));
    assert!(found(&reader).is_empty());
    // A hidden submenu of the site's own pages, written as full addresses.
    let own: String = (0..20).map(|k| format!("<a href=\"https://www.bakery.example/p{k}\">P{k}</a>")).collect();
    assert!(found(&format!("<ul style=\"display:none\">{own}</ul>")).is_empty());
    // A style sheet's rule hides some element, not the links after it.
    let sheet = format!("<style>.tip {{ display: none; }}</style><div>{}</div>", links(10));
    assert!(found(&sheet).is_empty());
    // Links shown to everyone.
    assert!(found(&format!("<div class=\"partners\">{}</div>", links(12))).is_empty());
}

#[test]
fn the_fixture_is_found() {
    let src = include_str!("../../../../tests/fixtures/sweep/malicious/hidden_link_block.php");
    let hits = crate::detect::judge("lib/hidden_link_block.php", "hidden_link_block.php", src.as_bytes(), &[]);
    assert!(hits.iter().any(|h| h.why == Why::HiddenLinks), "{hits:?}");
}

#[test]
fn a_few_hidden_links_selling_gambling_are_spam() {
    // fresh100's `api.php`: five hidden links to hacked sites, their words selling slots.
    let block = "<div style=\"display:none;\">\n<a href=\"https://www.luck.example.jp/error/\">Demo Slot88</a>\n\
                 <a href=\"https://lubuk.example.go.id/wp-content/\">Slot 50000</a>\n\
                 <a href=\"https://dikbud.example.go.id/slot5000/\">Slot 5000</a>\n\
                 <a href=\"http://demo.example.id/wp-includes/\">Slot 88</a>\n</div>\n";
    assert!(super::hidden_links(block.as_bytes()).is_some());
    // Four hidden links of a menu or of sharing buttons sell nothing.
    let share = block
        .replace("Demo Slot88", "Twitter")
        .replace("Slot 50000", "Facebook")
        .replace("Slot 5000", "Mail")
        .replace("Slot 88", "Print");
    assert!(super::hidden_links(share.as_bytes()).is_none());
}
