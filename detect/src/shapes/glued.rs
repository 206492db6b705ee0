//! A loader glued in front of a real file: a PHP block that only includes another file, closed
//! and opened again at once before the file's own code (`<?php if (file_exists(dirname(__FILE__)
//! . '/wp-vcd.php')) include_once(…); ?><?php` then WordPress's own header). Campaigns hook
//! their code into core, plugin and theme files this way, so it runs on every page and survives
//! a look at the file's own code.
//!
//! A hand-written page may start with `<?php include 'config.php'; ?>` too; what it does not do
//! is guard the include with `file_exists` of the same file (the intruder's way of not breaking
//! the site once the payload is removed), include a name without an ending, or put the block in
//! front of a file header (`/**`). Bytes only, on the file's first few hundred bytes.

use super::tokens::{ident, is_op, str_value};
use crate::php::{Tok, Token};

/// The most bytes the glued block takes.
const MAX_BLOCK: usize = 400;

/// Whether the file may start with a glued loader (cheap, before tokenizing).
pub(super) fn may_match(text: &[u8]) -> bool {
    front(text).is_some()
}

/// A block closed and opened again at the start of the file: its offset, and whether a file
/// header (`/*`) follows it.
fn front(text: &[u8]) -> Option<(usize, bool)> {
    let s = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(text);
    let at = text.len() - s.len();
    if s.len() < 5 || !s[..5].eq_ignore_ascii_case(b"<?php") {
        return None;
    }
    let close = memchr::memmem::find(&s[..s.len().min(MAX_BLOCK)], b"?>")?;
    let rest = s[close + 2..].trim_ascii_start();
    if !rest.get(..5).is_some_and(|o| o.eq_ignore_ascii_case(b"<?php")) {
        return None;
    }
    Some((at, rest[5..].trim_ascii_start().starts_with(b"/*")))
}

/// The offset of a glued loader at the start of the file (`t`: the file's tokens).
pub(super) fn loader_in_front(text: &[u8], t: &[Token<'_>]) -> Option<usize> {
    let (at, header) = front(text)?;
    let block = &t[..t.iter().position(|x| matches!(x.tok, Tok::Close))?];
    // One statement (an `if` and its include at most), and nothing assigned.
    let statements = block.iter().filter(|x| is_op(Some(x), b";")).count();
    if statements > 2 || block.iter().any(|x| is_op(Some(x), b"=")) {
        return None;
    }
    let load = block.iter().position(|x| ident(x).is_some_and(crate::php::is_include_word))?;
    let guarded = block.iter().any(|x| ident(x).is_some_and(|n| n.eq_ignore_ascii_case(b"file_exists")));
    // The included name: its literals' last part without an ending (`include("zwp-9jt7s")`).
    let no_ending = block[load..].iter().filter_map(str_value).any(|l| {
        let name = l.rsplit(|c| *c == b'/').next().unwrap_or(l);
        !name.is_empty() && !name.contains(&b'.')
    });
    (guarded || header || no_ending).then_some(at)
}

#[cfg(test)]
mod tests {
    use crate::php::tokenize_for_test;

    fn loader_in_front(src: &[u8]) -> Option<usize> {
        super::loader_in_front(src, &tokenize_for_test(src, usize::MAX))
    }

    #[test]
    fn a_loader_glued_in_front_of_a_files_own_code_is_found() {
        let vcd = "<?php if (file_exists(dirname(__FILE__) . '/wp-vcd.php')) include_once(dirname(__FILE__) . '/wp-vcd.php'); ?><?php\n/**\n * Core Post API\n */\nfunction f() {}";
        assert_eq!(loader_in_front(vcd.as_bytes()), Some(0));
        let bare = "<?php include(\"zwp-9jt7s\");?>\n<?php\ndefine('WP_USE_THEMES', true);";
        assert_eq!(loader_in_front(bare.as_bytes()), Some(0));
        let bom = format!("\u{feff}{vcd}");
        assert_eq!(loader_in_front(bom.as_bytes()), Some(3));
    }

    #[test]
    fn a_page_that_starts_by_including_its_settings_is_not_a_glued_loader() {
        let page = "<?php include 'config.php'; ?>\n<?php session_start(); echo $title;";
        assert_eq!(loader_in_front(page.as_bytes()), None);
        let template = "<?php require_once('header.php'); ?>\n<div class=\"main\"><?php the_content(); ?></div>";
        assert_eq!(loader_in_front(template.as_bytes()), None);
        // Code before the include: the file's own.
        let own = "<?php $a = 1; $b = 2; $c = 3; include 'x'; ?><?php /* x */";
        assert_eq!(loader_in_front(own.as_bytes()), None);
        let set = "<?php\n$title = 'Forside';\nrequire_once ROOT.'tpl_header.php';\n?>\n<?php echo $title;";
        assert_eq!(loader_in_front(set.as_bytes()), None);
        // A template's first block holds only a comment that speaks of including.
        let comment = "<?php\n// \"Undefined\" variables: the code that includes this file sets them.\n?>\n<?php /* notice */ if ($a) : ?>";
        assert_eq!(loader_in_front(comment.as_bytes()), None);
    }
}
