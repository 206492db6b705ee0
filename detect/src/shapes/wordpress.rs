//! WordPress persistence: what an intruder adds so that a way back in survives new passwords.
//! - An administrator kept out of the list of users: a `pre_user_query` hook that adds
//!   `ID != …` or `user_login <> …` to the query the users page runs.
//! - An administrator made with a login and a password written in the file
//!   (`wp_insert_user` with `'user_pass' => '…'` and the `administrator` role).
//! - A plugin that takes itself out of the list of plugins (an `all_plugins` filter that
//!   unsets its own `plugin_basename(__FILE__)`), or takes away its own "Deactivate" link.
//!
//! A real plugin shows in the list and can be switched off there; a real administrator is made
//! in the dashboard. A test suite or an installer may make an administrator with a written
//! password, so that sign counts only in a plugin that hides.

use std::sync::LazyLock;

use regex::bytes::Regex;

use crate::php::{Tok, Token};

use super::Shape;
use super::tokens::{close_of, ident, is_op, str_value};
use crate::detect::{Danger, Why};

/// The words one of the signs needs (before tokenizing).
const WORDS: &[&[u8]] = &[
    b"pre_user_query",
    b"pre_get_users",
    b"all_plugins",
    b"wp_insert_user",
    b"wp_create_user",
    b"plugin_action_links",
    b"wp-blog-header.php",
    b"wp_insert_post",
    b"'capabilities'",
    b"\"capabilities\"",
    b"$wpdb->users",
    b"wp_set_password",
];

/// `WORDS` searched in one pass.
static ANY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    let words: Vec<String> = WORDS.iter().map(|w| regex::escape(&String::from_utf8_lossy(w))).collect();
    Regex::new(&format!("(?-u){}", words.join("|"))).expect("pattern compiles")
});

/// A plugin header's author line naming WordPress alone (`* Author: Wordpress`,
/// `Author: WordPress.org`).
static WORDPRESS_AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im-u)^[ \t/*#]*Author:[ \t]*WordPress(?:\.org)?[ \t\r]*$").expect("pattern compiles")
});
/// How far into a file a plugin's header is looked for.
const PLUGIN_HEADER: usize = 4096;

/// Where a plugin's header names WordPress itself as its author (fresh156's `WPCoreSys`,
/// wp2021's `wp-core-module.php`, fresh144's fake `woocommerce_inputs.php`): WordPress's own
/// plugins are signed by their teams (`WordPress Contributors`, `Automattic`), never by
/// "WordPress" alone. A backdoor dressed as a part of the core is.
pub(crate) fn poses_as_wordpress(text: &[u8]) -> Option<usize> {
    let head = &text[..text.len().min(PLUGIN_HEADER)];
    memchr::memmem::find(head, b"Plugin Name:")?;
    WORDPRESS_AUTHOR.find(head).map(|m| m.start())
}

/// Whether the file may hold one of the signs.
pub(super) fn may_match(text: &[u8]) -> bool {
    ANY_WORD.is_match(text)
}

/// What the file's tokens say, in one walk.
#[derive(Default)]
struct Signs {
    /// `add_action('pre_user_query', …)`.
    users_query_hook: Option<usize>,
    /// A literal leaving a user out of a query (`ID != `, `user_login NOT IN`).
    excludes_user: bool,
    /// Users looked up by their role in the database (`meta_value like '%administrator%'`): a
    /// whole role kept from other roles' view, as User Role Editor keeps administrators from
    /// editors, not one account of the intruder's.
    role_looked_up: bool,
    /// `wp_insert_user(` / `wp_create_user(`.
    makes_user: Option<usize>,
    /// The literal `administrator`.
    admin_role: bool,
    /// A password written in the file (`'user_pass' => 'x'`, `wp_create_user('a', 'x')`).
    written_password: bool,
    /// `add_filter('all_plugins', …)`.
    plugin_list_filter: Option<usize>,
    /// `add_filter('plugin_action_links…', …)`.
    action_links_filter: bool,
    /// `unset($plugins[plugin_basename(__FILE__)])`, also through a variable holding it.
    unsets_own_entry: bool,
    /// `unset($plugins['x/index.php'])`, also from a written list: entries the file names.
    unsets_named_entry: bool,
    /// `unset($actions['deactivate'])`.
    unsets_deactivate: bool,
    /// A call to another machine (`wp_remote_get`, `curl_exec`…).
    calls_out: bool,
    /// WordPress loaded from outside it: an include of `wp-load.php`, `wp-blog-header.php` or
    /// `wp-config.php` (the name also joined from pieces, `"wp"."-"."config".".php"`, after a
    /// searched prefix, `$prefix . "wp-blog-header.php"`, or kept in a variable).
    loads_wordpress: bool,
    /// `wp_insert_post(`/`wp_update_post(` in a file that reads the request.
    posts_from_request: Option<usize>,
    request_read: bool,
    /// A user's role written straight into the database (`$wpdb->prefix . 'capabilities'`).
    writes_capabilities: Option<usize>,
    /// A role the request names (`$_POST['role']`).
    role_from_request: bool,
    /// A permission or login check (`current_user_can`, `is_user_logged_in`).
    checks_permission: bool,
    /// A user's row written with its password into the users' table (`INSERT INTO $wpdb->users
    /// (… user_pass …)`), and an administrator's role written as WordPress keeps it
    /// (`a:1:{s:13:"administrator";b:1;}`).
    inserts_user_row: Option<usize>,
    admin_serialized: bool,
    /// Any user's password set by an SQL update of the users' table (`UPDATE $wpdb->users SET
    /// user_pass = …`).
    sets_user_password: Option<usize>,
    /// `wp_set_password(` called.
    sets_password: Option<usize>,
}

/// The most variables holding the plugin's own name followed.
const MAX_OWN_NAMES: usize = 8;

/// Calls that reach another machine.
const CALLS_OUT: &[&[u8]] = &[b"wp_remote_get", b"wp_remote_post", b"wp_remote_request", b"curl_exec", b"fsockopen"];

/// A plugin's entry in WordPress's list: its folder and main file (`x/index.php`).
fn is_plugin_entry(v: &[u8]) -> bool {
    v.len() <= 200 && v.ends_with(b".php") && memchr::memchr(b'/', v).is_some()
}

/// Whether the value starting at `k` is a written list of plugins' entries (`['x/index.php',
/// 'index.php']`, `array(…)`): names only, one of them at least with its folder.
fn lists_plugin_entries(t: &[Token<'_>], k: usize) -> bool {
    let open = match (t.get(k).map(|x| &x.tok), t.get(k + 1)) {
        (Some(Tok::Op(b"[")), _) => k,
        (Some(Tok::Ident(n)), Some(p)) if n.eq_ignore_ascii_case(b"array") && is_op(Some(p), b"(") => k + 1,
        _ => return false,
    };
    let close = close_of(t, open).min(t.len());
    let items = &t[open + 1..close];
    let names = items.iter().filter_map(str_value);
    let all_names = items.iter().all(|x| is_op(Some(x), b",") || str_value(x).is_some_and(|v| v.ends_with(b".php")));
    all_names && names.clone().count() <= 32 && names.clone().any(is_plugin_entry)
}

/// Every sign found in one PHP file.
pub(super) fn analyze(text: &[u8], t: &[Token<'_>]) -> Vec<Shape> {
    let mut out = Vec::new();
    if !may_match(text) {
        return out;
    }
    let s = signs(t);
    // (Or in code kept in a literal, to be written into the theme's `functions.php`: fresh118's
    // `bplog.php`.)
    // (Not a role kept from the other roles, its members looked up in the database: fresh166's
    // User Role Editor hides administrators from editors.)
    let hides_user =
        s.users_query_hook.filter(|_| s.excludes_user && !s.role_looked_up).or_else(|| hides_user_in_written_code(t));
    if let Some(at) = hides_user {
        out.push(Shape { why: Why::HiddenAdministrator, danger: Danger::High, at });
    }
    // Entries the file names are hidden by a kit when a request's field can show them again
    // (`?show_all`); an agency's white-label hides others' plugins from its clients.
    let hides_plugin = s.plugin_list_filter.filter(|_| s.unsets_own_entry || (s.unsets_named_entry && s.request_read));
    let no_deactivate = s.action_links_filter && s.unsets_deactivate;
    // An administrator with a written password, made by a plugin that hides.
    if let Some(at) = s.makes_user.filter(|_| s.admin_role && s.written_password && hides_user.is_none())
        && (hides_plugin.is_some() || no_deactivate)
    {
        out.push(Shape { why: Why::HiddenAdministrator, danger: Danger::High, at });
    }
    // …or by a script that loads WordPress from outside to make one (a dropped `add.php`): a
    // plugin or a theme runs inside WordPress and never includes its settings file.
    if let Some(at) = s.makes_user.filter(|_| s.admin_role && s.written_password && s.loads_wordpress)
        && hides_user.is_none()
        && hides_plugin.is_none()
        && !no_deactivate
    {
        out.push(Shape { why: Why::HiddenAdministrator, danger: Danger::High, at });
    }
    // …or a page loading WordPress from outside that makes an account of any role the visitor
    // picks, for anyone who opens it (fresh106's `login.php` writes the user and the role
    // straight into the database): WordPress's own page for that is behind its login.
    // (Or an administrator made and its new password shown to whoever opens the page: fresh116's
    // `wp-admin.php` drop-in prints a generated password.)
    if let Some(at) = s.makes_user.or(s.writes_capabilities)
        && s.loads_wordpress
        && (s.role_from_request || (s.admin_role && shows_password(t)))
        && !s.checks_permission
    {
        out.push(Shape { why: Why::AdminBackdoor, danger: Danger::High, at });
    }
    // …or an administrator's row and role written into the database when a request asks
    // (fresh113's WP-VCD `class.wp.php`: `?awu` inserts user 1001010, every literal in escape
    // codes): WordPress makes its users itself.
    if let Some(at) = s.inserts_user_row
        && s.admin_serialized
        && s.request_read
        && !s.checks_permission
    {
        out.push(Shape { why: Why::AdminBackdoor, danger: Danger::High, at });
    }
    // …or any user's password set to what the visitor sends, by a script loading WordPress
    // from outside with no login asked (fresh131's `wp-user-password-reset.php` lists the
    // users and rewrites `user_pass` in SQL): WordPress's own reset mails a link.
    if let Some(at) = s.sets_user_password
        && s.loads_wordpress
        && s.request_read
        && !s.checks_permission
    {
        out.push(Shape { why: Why::AdminBackdoor, danger: Danger::High, at });
    }
    // …or the administrators' passwords changed by a file that calls another machine (the
    // wp2021 capture's `qhrxh.php` gives every administrator a random password and sends it,
    // with the login page's address, to its master): a reset WordPress makes mails a link to
    // the user.
    if let Some(at) = s.sets_password
        && s.admin_role
        && s.calls_out
        && !s.checks_permission
    {
        out.push(Shape { why: Why::AdminBackdoor, danger: Danger::High, at });
    }
    // …and a script loading WordPress from outside to write the visitor's text into its posts
    // (a spam tool's `wp-blog-post.php`): a plugin writes posts from inside WordPress.
    if s.loads_wordpress
        && let Some(at) =
            s.posts_from_request.filter(|_| s.request_read).or_else(|| super::gates::request_rows_written(t))
    {
        out.push(Shape { why: Why::RemoteSpamControl, danger: Danger::High, at });
    }
    if let Some(at) = hides_plugin {
        let more = no_deactivate || s.calls_out || hides_user.is_some() || s.makes_user.is_some();
        out.push(Shape { why: Why::HidesItsPlugin, danger: if more { Danger::High } else { Danger::Medium }, at });
    }
    out
}

fn signs(t: &[Token<'_>]) -> Signs {
    let mut s = Signs::default();
    // Variables given the plugin's own name (`$me = plugin_basename(__FILE__)`), and constants
    // defined from the file's own name (`define('X_PLUGIN', basename(__DIR__) . '/' .
    // basename(__FILE__))`).
    let mut own_names: Vec<&[u8]> = Vec::new();
    let mut own_constants: Vec<&[u8]> = Vec::new();
    // Variables holding the name of WordPress's loader or settings file.
    let mut loader_vars: Vec<&[u8]> = Vec::new();
    // Variables given a written list of plugins' entries (`$hidden = ['x/index.php', …]`), and
    // those that go through one.
    let mut plugin_lists: Vec<&[u8]> = Vec::new();
    let mut named_entries: Vec<&[u8]> = Vec::new();
    for (i, x) in t.iter().enumerate() {
        if let Tok::Var(v) = x.tok
            && is_op(t.get(i + 1), b"=")
            && plugin_lists.len() < MAX_OWN_NAMES
            && lists_plugin_entries(t, i + 2)
        {
            plugin_lists.push(v);
        }
        // `foreach ($hidden as $p)`: each `$p` is one of the entries the file names.
        if let Tok::Var(v) = x.tok
            && plugin_lists.contains(&v)
            && t.get(i + 1).and_then(ident).is_some_and(|n| n.eq_ignore_ascii_case(b"as"))
            && let Some(Tok::Var(each)) = t.get(i + 2).map(|y| y.tok)
            && is_op(t.get(i + 3), b")")
            && named_entries.len() < MAX_OWN_NAMES
        {
            named_entries.push(each);
        }
        if let Tok::Var(v) = x.tok
            && is_op(t.get(i + 1), b"=")
            && names_wordpress_loader(t, i + 2)
            && loader_vars.len() < MAX_OWN_NAMES
        {
            loader_vars.push(v);
        }
        if let Tok::Ident(n) = x.tok
            && crate::php::is_include_word(n)
        {
            let k = if is_op(t.get(i + 1), b"(") { i + 2 } else { i + 1 };
            s.loads_wordpress |= names_wordpress_loader(t, k)
                || matches!(t.get(k).map(|y| &y.tok), Some(Tok::Var(v)) if loader_vars.contains(v));
        }
        if let Tok::Ident(n) = x.tok
            && n.eq_ignore_ascii_case(b"define")
            && is_op(t.get(i + 1), b"(")
            && let Some(name) = t.get(i + 2).and_then(str_value)
            && own_constants.len() < MAX_OWN_NAMES
        {
            let end = close_of(t, i + 1).min(t.len());
            let own = t[i + 2..end].iter().any(
                |y| matches!(y.tok, Tok::Ident(f) if f == b"__FILE__" || f.eq_ignore_ascii_case(b"plugin_basename")),
            );
            if own {
                own_constants.push(name);
            }
        }
        if let Tok::Var(v) = x.tok
            && is_op(t.get(i + 1), b"=")
            && t.get(i + 2).and_then(ident).is_some_and(|n| n.eq_ignore_ascii_case(b"plugin_basename"))
            && own_names.len() < MAX_OWN_NAMES
        {
            own_names.push(v);
        }
        match &x.tok {
            Tok::Ident(n) if is_op(t.get(i + 1), b"(") => {
                let is = |w: &[u8]| n.eq_ignore_ascii_case(w);
                if is(b"add_action") || is(b"add_filter") {
                    match t.get(i + 2).and_then(str_value) {
                        Some(b"pre_user_query" | b"pre_get_users") => {
                            s.users_query_hook = s.users_query_hook.or(Some(x.at))
                        }
                        Some(b"all_plugins") => s.plugin_list_filter = s.plugin_list_filter.or(Some(x.at)),
                        // `'plugin_action_links_' . plugin_basename(__FILE__)`
                        Some(h) if h.starts_with(b"plugin_action_links") => s.action_links_filter = true,
                        _ => {}
                    }
                } else if (is(b"wp_insert_post") || is(b"wp_update_post")) && post_from_request(t, i + 1) {
                    // (Not WordPress's own `xmlrpc.php`, which loads WordPress and posts what
                    // its XML-RPC request parsed, not the form's fields.)
                    s.posts_from_request = s.posts_from_request.or(Some(x.at));
                } else if is(b"wp_insert_user") || is(b"wp_create_user") {
                    s.makes_user = s.makes_user.or(Some(x.at));
                    // `wp_create_user('login', 'password', …)`
                    let literal = |k: usize| t.get(k).and_then(str_value).is_some_and(|v| !v.is_empty());
                    s.written_password |=
                        is(b"wp_create_user") && literal(i + 2) && is_op(t.get(i + 3), b",") && literal(i + 4);
                } else if is(b"unset") {
                    // The keys taken out (`unset($a['edit'], $a['deactivate'])`): what starts
                    // each `[…]` of the call.
                    let end = close_of(t, i + 1).min(t.len());
                    for k in i + 2..end {
                        if !is_op(t.get(k - 1), b"[") {
                            continue;
                        }
                        match &t[k].tok {
                            Tok::Ident(n) if n.eq_ignore_ascii_case(b"plugin_basename") => s.unsets_own_entry = true,
                            Tok::Var(v) if own_names.contains(v) => s.unsets_own_entry = true,
                            Tok::Var(v) if named_entries.contains(v) => s.unsets_named_entry = true,
                            Tok::Ident(c) if own_constants.contains(c) => s.unsets_own_entry = true,
                            // `unset($plugins['x/index.php'])`: an entry the file names.
                            Tok::Str(quoted) if is_plugin_entry(quoted.value) => s.unsets_named_entry = true,
                            Tok::Str(quoted) if quoted.value == b"deactivate" => s.unsets_deactivate = true,
                            _ => {}
                        }
                    }
                } else if is(b"wp_set_password") {
                    s.sets_password = s.sets_password.or(Some(x.at));
                } else if CALLS_OUT.iter().any(|w| is(w)) {
                    s.calls_out = true;
                } else if is(b"current_user_can") || is(b"is_user_logged_in") || is(b"check_admin_referer") {
                    s.checks_permission = true;
                }
            }
            Tok::Var(v) if super::input::is_request(v) => {
                s.request_read = true;
                s.role_from_request |=
                    is_op(t.get(i + 1), b"[") && t.get(i + 2).and_then(str_value).is_some_and(|k| k == b"role");
            }
            Tok::Str(quoted) => match quoted.value {
                b"capabilities" | b"wp_capabilities" => s.writes_capabilities = s.writes_capabilities.or(Some(x.at)),
                v if v.eq_ignore_ascii_case(b"administrator") => s.admin_role = true,
                v if v.eq_ignore_ascii_case(b"%administrator%") => s.role_looked_up = true,
                // `'meta_query' => [['key' => 'is_fallback_admin', 'compare' => 'NOT EXISTS']]` in
                // a users' query hook (fresh119's `security-measures.php`).
                b"NOT EXISTS" => s.excludes_user = true,
                // `$query->set('exclude', …)` in a users' query hook.
                b"exclude" if i >= 2 && is_op(t.get(i - 1), b"(") && t.get(i - 2).and_then(ident) == Some(b"set") => {
                    s.excludes_user = true
                }
                b"user_pass" => {
                    s.written_password |=
                        is_op(t.get(i + 1), b"=>") && t.get(i + 2).and_then(str_value).is_some_and(|v| !v.is_empty());
                }
                v => {
                    s.excludes_user |= excludes_user(v);
                    if inserts_user_row(v) {
                        s.inserts_user_row = s.inserts_user_row.or(Some(x.at));
                    }
                    if s.sets_user_password.is_none() && sets_user_password(v) {
                        s.sets_user_password = Some(x.at);
                    }
                    s.admin_serialized |= memchr::memmem::find(v, b"s:13:\"administrator\"").is_some();
                }
            },
            _ => {}
        }
    }
    s
}

/// Whether a literal is an SQL insert of a user's row with its password written in it as
/// WordPress keeps it (`INSERT INTO wp_users (ID, user_login, user_pass, …) VALUES (…,
/// '$P$B…', …)`); a migration's installer inserts the password its user typed.
fn sets_user_password(v: &[u8]) -> bool {
    static UPDATE_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i-u)^\s*UPDATE\s[^;]{0,80}users\W[^;]{0,40}\bSET\s+`?user_pass`?\s*=").expect("pattern compiles")
    });
    v.len() <= 4096 && UPDATE_PASSWORD.is_match(v)
}

fn inserts_user_row(v: &[u8]) -> bool {
    v.len() >= 11
        && v.len() <= 4096
        && v[..11].eq_ignore_ascii_case(b"INSERT INTO")
        && memchr::memmem::find(v, b"users").is_some()
        && memchr::memmem::find(v, b"user_pass").is_some()
        && memchr::memmem::find(v, b"$P$").is_some()
}

/// Whether the post handed to the call opening at `open` holds request fields: written in
/// the call, or in the variable's assignments (`$p['post_content'] = $_POST['body'];`).
fn post_from_request(t: &[Token<'_>], open: usize) -> bool {
    let request = |span: &[Token<'_>]| span.iter().any(|y| matches!(y.tok, Tok::Var(v) if super::input::is_request(v)));
    let close = close_of(t, open).min(t.len());
    if request(&t[open..close]) {
        return true;
    }
    let Some(Tok::Var(post)) = t.get(open + 1).map(|x| &x.tok) else { return false };
    t.iter().enumerate().any(|(i, x)| {
        matches!(x.tok, Tok::Var(v) if v == *post) && {
            let end = t[i..t.len().min(i + 64)]
                .iter()
                .position(|y| is_op(Some(y), b";"))
                .map_or(t.len().min(i + 64), |e| i + e);
            t[i..end].iter().any(|y| is_op(Some(y), b"=")) && request(&t[i..end])
        }
    })
}

/// Whether the literals joined by `.` from `k` (`'../wp-load.php'`, `"../"."wp"."-"."config".".php"`)
/// name WordPress's loader or its settings file.
fn names_wordpress_loader(t: &[Token<'_>], mut k: usize) -> bool {
    // (A prefix searched for: `$prefix . "wp-blog-header.php"`; or the site's root,
    // `$_SERVER['DOCUMENT_ROOT'] . '/wp-config.php'`.)
    if matches!(t.get(k).map(|x| &x.tok), Some(Tok::Var(_))) && is_op(t.get(k + 1), b".") {
        k += 2;
    } else if matches!(t.get(k).map(|x| &x.tok), Some(Tok::Var(b"_SERVER")))
        && is_op(t.get(k + 1), b"[")
        && is_op(t.get(k + 3), b"]")
        && is_op(t.get(k + 4), b".")
    {
        k += 5;
    }
    let mut joined = Vec::new();
    while let Some(v) = t.get(k).and_then(str_value) {
        if joined.len() + v.len() > 256 {
            return false;
        }
        joined.extend_from_slice(v);
        if !is_op(t.get(k + 1), b".") {
            break;
        }
        k += 2;
    }
    joined.ends_with(b"wp-load.php") || joined.ends_with(b"wp-config.php") || joined.ends_with(b"wp-blog-header.php")
}

/// Where a literal holds PHP code (without its open tag) that keeps a user out of the list of
/// users, read as the code it becomes.
fn hides_user_in_written_code(t: &[Token<'_>]) -> Option<usize> {
    t.iter().filter(|x| !matches!(x.tok, Tok::Backtick(_))).find_map(|x| {
        let v = str_value(x).filter(|v| v.len() <= MAX_WRITTEN_HOOK)?;
        memchr::memmem::find(v, b"pre_get_users").or_else(|| memchr::memmem::find(v, b"pre_user_query"))?;
        let arena = crate::php::Arena::new();
        let inner = crate::php::tokenize_code(v, &arena, MAX_WRITTEN_HOOK);
        let s = signs(&inner);
        s.users_query_hook.filter(|_| s.excludes_user).map(|_| x.at)
    })
}
/// The longest literal read as code for a hidden user.
const MAX_WRITTEN_HOOK: usize = 64 << 10;

/// Whether an `echo` prints a password after its label (`echo "Password: " . $password`).
fn shows_password(t: &[Token<'_>]) -> bool {
    (0..t.len()).any(|i| {
        ident(&t[i]).is_some_and(|w| w.eq_ignore_ascii_case(b"echo"))
            && t[i + 1..t.len().min(i + 8)]
                .iter()
                .filter_map(str_value)
                .any(|v| v.len() <= 200 && v.windows(8).any(|w| w.eq_ignore_ascii_case(b"password")))
            && t[i + 1..t.len().min(i + 12)].iter().any(|x| matches!(x.tok, Tok::Var(_)))
    })
}

/// Whether a literal leaves a user out of a query: `ID != `, `.ID <> `, `user_login NOT IN (`.
fn excludes_user(v: &[u8]) -> bool {
    if v.len() > 512 || memchr::memchr3(b'!', b'<', b'N', v).is_none() && memchr::memchr(b'n', v).is_none() {
        return false;
    }
    let l = v.to_ascii_lowercase();
    [b"!=".as_slice(), b"<>", b" not in", b" not like"].iter().any(|op| {
        memchr::memmem::find_iter(&l, op).any(|p| {
            let before = l[..p].trim_ascii_end();
            let before = before.strip_suffix(b"`").unwrap_or(before);
            before.ends_with(b"user_login")
                || (before.ends_with(b"id")
                    && !before[..before.len() - 2].last().is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_'))
        })
    })
}

#[cfg(test)]
mod tests;
