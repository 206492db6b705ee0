//! Signs that a PHP file is a part of an application, not a script of its own: a visitor cannot
//! run it by asking for it (it stops unless the application included it), its writes sit behind
//! the application's permission check, or they are methods of a class that run only when the
//! application calls them. An application saving an upload is ordinary; a dropper is a script
//! a visitor requests directly to save a file of their choosing.

use std::cell::OnceCell;
use std::sync::LazyLock;

use regex::bytes::Regex;

use super::php::{Tok, Token, same_ci};

/// How far into a file the direct-access guard is looked for (it is the first statement, after
/// the licence comment).
const GUARD_WINDOW: usize = 4096;

/// `defined('IN_APP') or exit;`, `if (!defined('BASEPATH')) { die('No direct access'); }`,
/// `!defined('X') && exit();`: the file stops when requested directly.
static DIRECT_ACCESS_GUARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i-u)\bdefined\s*\(\s*['"][a-z_][a-z0-9_\\]*['"]\s*\)\s*(?:or|\|\|)\s*(?:die|exit)\b"#,
        r#"|!\s*defined\s*\(\s*['"][a-z_][a-z0-9_\\]*['"]\s*\)\s*(?:&&|and)\s*(?:die|exit)\b"#,
        r#"|\bif\s*\(\s*!\s*defined\s*\(\s*['"][a-z_][a-z0-9_\\]*['"]\s*\)\s*\)\s*(?::|\{)?\s*"#,
        r#"(?:die|exit|return|throw|header\s*\()\b"#,
    ))
    .expect("pattern compiles")
});

/// Words in a method's or another file's function's name that say it checks access
/// (`User::require_acl('admin')`, `$this->hasGlobalPermission(…)`, `checkAccess('UPLOAD')`),
/// compared without `_` and case.
const ACCESS_WORDS: &[&[u8]] = &[
    b"acl",
    b"permission",
    b"authorize",
    b"authorise",
    b"checkauth",
    b"checklogin",
    b"requirelogin",
    b"requireadmin",
    b"checkadmin",
    b"hasaccess",
    b"canaccess",
    b"checkaccess",
];
/// Words that say so in a method's name only (`$auth->isLoggedIn()`), not in a plain
/// function's: WordPress's `is_admin()` only asks whether the admin area is shown,
/// `is_logged_in()` whether someone is.
const METHOD_ACCESS_WORDS: &[&[u8]] = &[b"loggedin", b"isadmin", b"capabilit"];
/// WordPress's capability and nonce checks.
const ACCESS_FUNCTIONS: &[&[u8]] = &[b"current_user_can", b"check_admin_referer", b"check_ajax_referer"];
/// The application's login file, included first (`include './include/auth.php';`).
static LOGIN_FILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(?:^|[/\\])(?:auth|check_?login|login_?check|checklogin|admin_?check)\.(?:inc\.)?php$")
        .expect("pattern compiles")
});

/// Where the application's permission check guards the code: the whole file when it is
/// called outside functions, in a method or a closure, or in a function the file calls or
/// names (a hook); else only the bodies of the functions that call it (byte ranges). A file of
/// functions copied from an application (a generated backdoor padded with WordPress's own
/// code) has its checks in copies it never calls, not in its own handlers.
fn access_checked<'a>(t: &[Token<'a>]) -> Guarded {
    let mut out = Guarded::default();
    // Open braces: the token each opened at, what it opened, and whether a check was seen
    // directly in that function.
    let mut braces: Vec<(usize, Opened<'a>, bool)> = Vec::new();
    let mut pending = Opened::Block;
    // Plain functions holding a check: the file's copies unless called or named.
    let mut checked_functions: Vec<&'a [u8]> = Vec::new();
    for k in 0..t.len() {
        match t[k].tok {
            Tok::Op(b"{") => {
                braces.push((k, pending, false));
                pending = Opened::Block;
            }
            Tok::Op(b"}") => {
                if let Some((open, Opened::Function(_), true)) = braces.pop()
                    && out.ranges.len() < MAX_GUARDED_FUNCTIONS
                {
                    out.ranges.push((t[open].at, t[k].at));
                }
            }
            Tok::Op(b";") => pending = Opened::Block,
            Tok::Ident(w) if same_ci(w, b"class") || same_ci(w, b"trait") || same_ci(w, b"interface") => {
                pending = Opened::Class;
            }
            Tok::Ident(w) if same_ci(w, b"function") || same_ci(w, b"fn") => {
                // A named function outside classes, or a method or closure (`None`).
                let in_class = braces.iter().any(|b| matches!(b.1, Opened::Class));
                let name = match t.get(k + 1).map(|x| &x.tok) {
                    Some(Tok::Ident(n)) if !in_class => Some(*n),
                    _ => None,
                };
                pending = Opened::Function(name);
            }
            Tok::Ident(_) if checks_access(t, k) => {
                match braces.iter_mut().rev().find(|b| matches!(b.1, Opened::Function(_))) {
                    Some(function) => {
                        function.2 = true;
                        match function.1 {
                            Opened::Function(Some(name)) if checked_functions.len() < MAX_CHECKED_FUNCTIONS => {
                                checked_functions.push(name)
                            }
                            _ => out.whole_file = true,
                        }
                    }
                    None => out.whole_file = true,
                }
            }
            _ => {}
        }
        if out.whole_file {
            return out;
        }
    }
    out.whole_file = !checked_functions.is_empty() && referenced(t, &checked_functions);
    out
}

/// What an open brace opened.
#[derive(Clone, Copy)]
enum Opened<'a> {
    Block,
    Class,
    /// A function's body: its name when it is a named function outside classes.
    Function(Option<&'a [u8]>),
}

/// Whether one of `names` is called or named in a literal (a hook, a callback) anywhere in
/// the file, other than where it is declared.
fn referenced(t: &[Token<'_>], names: &[&[u8]]) -> bool {
    t.iter().enumerate().any(|(k, x)| match &x.tok {
        Tok::Ident(w) => {
            let declared = k > 0 && matches!(t[k - 1].tok, Tok::Ident(f) if same_ci(f, b"function"));
            !declared && names.iter().any(|n| same_ci(n, w))
        }
        Tok::Str(quoted) => names.iter().any(|n| same_ci(n, quoted.value)),
        _ => false,
    })
}

/// Plain functions with a check looked up by name (a file with more is an application whose
/// checks guard it whole).
const MAX_CHECKED_FUNCTIONS: usize = 64;

/// Functions whose bodies are remembered as guarded (more are not guarded).
const MAX_GUARDED_FUNCTIONS: usize = 4096;

/// Where a permission check guards a file's code (`access_checked`).
#[derive(Debug, Default)]
struct Guarded {
    whole_file: bool,
    ranges: Vec<(usize, usize)>,
}

impl Guarded {
    fn covers(&self, at: usize) -> bool {
        self.whole_file || self.ranges.iter().any(|(s, e)| (*s..=*e).contains(&at))
    }
}

/// Whether the name at `k` calls the application's permission check.
fn checks_access(t: &[Token<'_>], k: usize) -> bool {
    let Tok::Ident(w) = t[k].tok else { return false };
    let called = is_op(t, k + 1, b"(");
    let method = k > 0 && matches!(t[k - 1].tok, Tok::Op(b"->" | b"::" | b"?->"));
    if called && w.len() <= 64 && (access_word(w, ACCESS_WORDS) || (method && access_word(w, METHOD_ACCESS_WORDS))) {
        // A method, or a function of the application's (RoxyFileman's `checkAccess('UPLOAD')`)
        // that this file does not define itself (an empty check written to look guarded).
        let defined_here = || {
            t.windows(2).any(|p| {
                matches!((&p[0].tok, &p[1].tok), (Tok::Ident(f), Tok::Ident(n)) if same_ci(f, b"function") && same_ci(n, w))
            })
        };
        if method || !defined_here() {
            return true;
        }
    }
    if called && ACCESS_FUNCTIONS.iter().any(|f| same_ci(w, f)) {
        return true;
    }
    if called && session_guard(t, k) {
        return true;
    }
    let include = crate::php::is_include_word(w);
    let path = if is_op(t, k + 1, b"(") { t.get(k + 2) } else { t.get(k + 1) };
    include && matches!(path.map(|p| &p.tok), Some(Tok::Str(quoted)) if LOGIN_FILE.is_match(quoted.value))
}

/// `if (!isset($_SESSION['sid'])) { redirect('index.php'); }`, `if (empty($_SESSION['admin']))
/// exit;` at `k` (`isset` or `empty`): the application's login, made elsewhere, is required.
/// A script that sets the session itself (a shell's own password form) has no such guard.
fn session_guard(t: &[Token<'_>], k: usize) -> bool {
    let Tok::Ident(w) = t[k].tok else { return false };
    let opens_if = |at: usize| matches!(t[at].tok, Tok::Ident(i) if same_ci(i, b"if"));
    // Where the `if`'s parenthesis opens.
    let open = if same_ci(w, b"isset") && k >= 3 && is_op(t, k - 1, b"!") && is_op(t, k - 2, b"(") && opens_if(k - 3) {
        k - 2
    } else if same_ci(w, b"empty") && k >= 2 && is_op(t, k - 1, b"(") && opens_if(k - 2) {
        k - 1
    } else {
        return false;
    };
    // `$_SESSION['sid']`, `$_SESSION['cp']['id']`, then the call's `)`.
    let keyed = matches!(t.get(k + 2).map(|x| &x.tok), Some(Tok::Var(b"_SESSION")))
        && literal_keys_end(t, k + 3).is_some_and(|e| e > k + 3 && is_op(t, e, b")"));
    if !keyed {
        return false;
    }
    // The condition may go on (`|| empty(…)`): the body starts after the `if`'s own `)`.
    let mut depth = 0usize;
    let Some(close) = (open..t.len().min(open + 64)).find(|&j| {
        match t[j].tok {
            Tok::Op(b"(") => depth += 1,
            Tok::Op(b")") => {
                depth -= 1;
                return depth == 0;
            }
            _ => {}
        }
        false
    }) else {
        return false;
    };
    // The body sends the visitor away and stops (`header('Location: …')` alone does not stop
    // the script: a file editor behind such a guard still saves for anyone).
    let leaves =
        t[close + 1..t.len().min(close + 40)].iter().take_while(|x| !is_op_tok(x, b"}")).any(|x| match x.tok {
            Tok::Ident(n) => {
                same_ci(n, b"exit")
                    || same_ci(n, b"die")
                    || same_ci(n, b"return")
                    || n.windows(8).any(|w| w.eq_ignore_ascii_case(b"redirect"))
            }
            _ => false,
        });
    let sets_session = || {
        (0..t.len()).any(|i| {
            matches!(t[i].tok, Tok::Var(b"_SESSION")) && bracket_groups_end(t, i + 1).is_some_and(|e| is_op(t, e, b"="))
        })
    };
    leaves && !sets_session()
}

/// The end of `['a']['b']…` starting at `from` (literal keys only), if there is one group.
fn literal_keys_end(t: &[Token<'_>], from: usize) -> Option<usize> {
    let mut j = from;
    while is_op(t, j, b"[") && matches!(t.get(j + 1).map(|x| &x.tok), Some(Tok::Str(_))) && is_op(t, j + 2, b"]") {
        j += 3;
    }
    (j > from).then_some(j)
}

/// The end of `[…][…]…` starting at `from` (any keys, each group at most 16 tokens).
fn bracket_groups_end(t: &[Token<'_>], from: usize) -> Option<usize> {
    let mut j = from;
    while is_op(t, j, b"[") {
        j = (j + 1..t.len().min(j + 16)).find(|&e| is_op(t, e, b"]"))? + 1;
    }
    (j > from).then_some(j)
}

fn is_op_tok(x: &Token<'_>, op: &[u8]) -> bool {
    matches!(x.tok, Tok::Op(o) if o == op)
}

/// Whether a name holds one of `words` (without `_`, any case).
fn access_word(w: &[u8], words: &[&[u8]]) -> bool {
    let mut name = [0u8; 64];
    let mut n = 0;
    for c in w.iter().filter(|c| **c != b'_').take(64) {
        name[n] = c.to_ascii_lowercase();
        n += 1;
    }
    // (A plain scan: `memmem::find` would build a searcher per word and name.)
    let name = &name[..n];
    words.iter().any(|a| name.windows(a.len()).any(|w| w == *a))
}

/// A literal naming a file type (`'jpg'`), a pattern of several (`'/\.(png|gif)$/i'`,
/// `'php|asp'`), or the key of an upload's type (`['extension']`, `['type']`); not a page's
/// address that happens to end in `.php`.
static FILE_TYPE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)^(?:extension|type|mime|\.?(?:jpe?g|png|gif|bmp|webp|pdf|docx?|xlsx?|csv|txt|sql|gz|zip))$",
        r"|\b(?:jpe?g|png|gif|bmp|webp|pdf|docx?|xlsx?|csv|txt|sql|gz|zip|php\d?|phtml|asp|aspx|jsp|cgi)\|",
        r"(?:jpe?g|png|gif|bmp|webp|pdf|docx?|xlsx?|csv|txt|sql|gz|zip|php\d?|phtml|asp|aspx|jsp|cgi)\b",
    ))
    .expect("pattern compiles")
});

// `App::of` calls, in tests: once per file at most, however many checks ask.
#[cfg(test)]
thread_local! {
    pub(crate) static MADE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// What a file shows of the application around it. Each fact is worked out when first asked
/// (each is a walk over the whole file, and a check stops at the first that answers: a method
/// needs no look for permission checks' blocks).
#[derive(Debug, Default)]
pub struct App {
    /// Stops unless an application included it.
    included_only: bool,
    /// Where the application's permission check guards the code.
    access_checked: OnceCell<Guarded>,
    /// Byte ranges of class and trait bodies.
    classes: OnceCell<Vec<(usize, usize)>>,
    /// Byte ranges of blocks that run after a check of a file's type.
    type_checked: OnceCell<Vec<(usize, usize)>>,
    /// Where the file's SQL statements that write rows start (`"INSERT INTO products …"`),
    /// and the variables each names.
    row_writes: OnceCell<Vec<(usize, Vec<Vec<u8>>)>>,
}

impl App {
    pub fn of(text: &[u8]) -> App {
        #[cfg(test)]
        MADE.with(|c| c.set(c.get() + 1));
        let head = &text[..text.len().min(GUARD_WINDOW)];
        App { included_only: DIRECT_ACCESS_GUARD.is_match(head), ..App::default() }
    }

    fn guarded(&self, t: &[Token<'_>]) -> &Guarded {
        self.access_checked.get_or_init(|| access_checked(t))
    }

    fn classes(&self, t: &[Token<'_>]) -> &[(usize, usize)] {
        self.classes.get_or_init(|| class_bodies(t))
    }

    /// Whether what the statement at byte `at` saved or sent is then recorded in the
    /// application's database: within `RECORD_WINDOW` bytes after it, an SQL statement that
    /// writes a row names a variable the statement named, or one that variable was last made
    /// from (a shop's product form saves the picture at `$dir . $name`, then inserts the
    /// product with `'$name'`; a newsletter mails `$to` made from `$email`, then inserts the
    /// subscriber). A dropper or a spam sender keeps no records; a web shell's SQL console
    /// writes rows of its own, not the saved file's.
    pub fn records_in_database(&self, at: usize, t: &[Token<'_>]) -> bool {
        let start = t.partition_point(|x| x.at < at);
        let named = statement_vars(t, start);
        let mut used = named.clone();
        for v in named {
            let set = (start.saturating_sub(MAX_ASSIGNMENT_LOOKBACK)..start)
                .rev()
                .find(|&k| matches!(t[k].tok, Tok::Var(n) if n == v) && is_op(t, k + 1, b"="));
            if let Some(k) = set {
                used.extend(statement_vars(t, k + 2));
            }
        }
        self.row_writes
            .get_or_init(|| row_writes(t))
            .iter()
            .any(|(w, vars)| *w > at && *w - at <= RECORD_WINDOW && vars.iter().any(|v| used.contains(&v.as_slice())))
    }

    /// Whether the code at byte `at` runs only inside the application: the file cannot be
    /// requested on its own, its writes are behind a permission check, or `at` is in a method.
    pub fn owns(&self, at: usize, t: &[Token<'_>]) -> bool {
        self.included_only
            || self.guarded(t).covers(at)
            || self.in_method(at, t)
            || self.type_checked.get_or_init(|| type_checked_blocks(t)).iter().any(|(s, e)| (*s..=*e).contains(&at))
    }

    /// Whether byte `at` is in a method of a class the file declares and does not run itself.
    pub fn in_method(&self, at: usize, t: &[Token<'_>]) -> bool {
        self.classes(t).iter().any(|(s, e)| (*s..=*e).contains(&at))
    }
}

/// How far after a saved upload the statement recording it is looked for (bytes).
const RECORD_WINDOW: usize = 1500;

/// How far before a statement the assignment of a variable it names is looked for (tokens).
const MAX_ASSIGNMENT_LOOKBACK: usize = 256;

/// Most tokens of one statement looked at for the variables it names.
const MAX_STATEMENT_TOKENS: usize = 64;

/// Where string literals that are SQL statements writing rows start (`INSERT INTO`,
/// `REPLACE INTO`, `UPDATE … SET`), with the variables the statement names.
/// A statement built over several (`$q = "INSERT INTO logos SET "; $q .= "file='$name'";`)
/// names the variables of its continuations too.
fn row_writes(t: &[Token<'_>]) -> Vec<(usize, Vec<Vec<u8>>)> {
    (0..t.len())
        .filter(|&k| matches!(t[k].tok, Tok::Str(l) if is_row_write(l.value)) && runs_as_query(t, k))
        .map(|k| {
            let mut vars = statement_vars(t, k);
            vars.extend(continued_vars(t, k));
            (t[k].at, vars.into_iter().map(<[u8]>::to_vec).collect())
        })
        .collect()
}

/// Most continuations (`$q .= …;`) of one statement read.
const MAX_CONTINUATIONS: usize = 16;

/// The variables named by the statements that go on building the one the literal at `k` is
/// assigned to (`$q = "…"; $q .= "… '$name'";`), as long as they follow one another.
fn continued_vars<'a>(t: &[Token<'a>], k: usize) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let Some(start) = (k.saturating_sub(2)..k).find(|&j| matches!(t[j].tok, Tok::Var(_)) && is_op(t, j + 1, b"="))
    else {
        return out;
    };
    let Tok::Var(v) = t[start].tok else { return out };
    let mut j = k;
    for _ in 0..MAX_CONTINUATIONS {
        // The next statement.
        let Some(end) = (j..t.len().min(j + MAX_STATEMENT_TOKENS)).find(|&a| is_op(t, a, b";")) else { break };
        j = end + 1;
        if !(matches!(t.get(j).map(|x| &x.tok), Some(Tok::Var(w)) if *w == v) && is_op(t, j + 1, b".=")) {
            break;
        }
        out.extend(statement_vars(t, j + 2));
    }
    out
}

/// Whether the SQL literal at `k` is handed to a query (`mysqli_query($db, "INSERT …")`,
/// `$db->query('UPDATE …')`), in its own statement or through the variable its statement
/// assigns (`$sql = "INSERT …"; mysqli_query($conn, $sql);`). A statement written into a
/// string nobody runs records nothing (a spam sender's decoy).
fn runs_as_query(t: &[Token<'_>], k: usize) -> bool {
    let start = (k.saturating_sub(MAX_STATEMENT_TOKENS)..k)
        .rev()
        .find(|&j| matches!(t[j].tok, Tok::Op(b";" | b"{" | b"}")) || matches!(t[j].tok, Tok::Close))
        .map_or(0, |j| j + 1);
    let end = (k..t.len().min(k + MAX_STATEMENT_TOKENS))
        .find(|&j| matches!(t[j].tok, Tok::Op(b";")) || matches!(t[j].tok, Tok::Close))
        .unwrap_or(t.len());
    if (start..k).any(|j| query_call(t, j)) {
        return true;
    }
    // `$sql = "…";` then a query naming `$sql` within the record's window, before `$sql` is
    // given another value.
    let Tok::Var(v) = t[start].tok else { return false };
    if !is_op(t, start + 1, b"=") {
        return false;
    }
    let limit = t[k].at.saturating_add(RECORD_WINDOW);
    for j in (end..t.len()).take_while(|&j| t[j].at <= limit) {
        if matches!(t[j].tok, Tok::Var(n) if n == v) && is_op(t, j + 1, b"=") {
            return false;
        }
        if query_call(t, j)
            && (j + 1..t.len().min(j + MAX_STATEMENT_TOKENS))
                .take_while(|&a| !matches!(t[a].tok, Tok::Op(b";")))
                .any(|a| matches!(t[a].tok, Tok::Var(n) if n == v))
        {
            return true;
        }
    }
    false
}

/// A function or method that runs SQL (`mysqli_query`, `query`, `prepare`, `exec`, `execute`).
fn names_query(n: &[u8]) -> bool {
    // (One lowercase copy, then plain comparisons: the names after every statement writing
    // rows are asked.)
    let mut buf = [0u8; 32];
    let Some(n) = crate::php::lower_name(n, &mut buf) else {
        return false;
    };
    let has = |w: &[u8]| n.windows(w.len()).any(|x| x == w);
    (has(b"query") || has(b"prepare") || has(b"exec"))
        // Not an address's query string, nor a program run (`http_build_query`, `curl_exec`,
        // `shell_exec`, `add_query_arg`, `parse_url`).
        && ![&b"http"[..], b"curl", b"shell", b"build", b"_arg", b"parse", b"pcntl", b"url"].iter().any(|w| has(w))
}

/// Whether the name at `j` is a call that runs SQL: `names_query`, and `exec` only as a
/// method (`$pdo->exec(…)`; PHP's own `exec` runs a program).
fn query_call(t: &[Token<'_>], j: usize) -> bool {
    matches!(t[j].tok, Tok::Ident(n) if names_query(n)
        && (!same_ci(n, b"exec") || (j > 0 && matches!(t[j - 1].tok, Tok::Op(b"->" | b"::" | b"?->")))))
        && is_op(t, j + 1, b"(")
}

/// The variables named from token `k` to the end of its statement (`;`), those interpolated in
/// strings included, within `MAX_STATEMENT_TOKENS` tokens; not `$this` nor the request's and
/// PHP's own arrays (`$_POST`, `$GLOBALS`), which any two statements may share.
fn statement_vars<'a>(t: &[Token<'a>], k: usize) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    for x in t.iter().skip(k).take(MAX_STATEMENT_TOKENS) {
        match x.tok {
            Tok::Op(b";") | Tok::Close => break,
            Tok::Var(v) => out.push(v),
            Tok::Str(l) => out.extend_from_slice(l.vars),
            _ => {}
        }
    }
    out.retain(|v| !(v.starts_with(b"_") || *v == b"this" || *v == b"GLOBALS"));
    out
}

fn is_row_write(sql: &[u8]) -> bool {
    let sql = sql.trim_ascii_start();
    // (Most literals start with none of the three words: told from the first letter.)
    if !matches!(sql.first().map(u8::to_ascii_lowercase), Some(b'i' | b'r' | b'u')) {
        return false;
    }
    let mut words = sql.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty());
    let (first, second, third) = (words.next(), words.next(), words.next());
    match (first, second, third) {
        (Some(first), Some(second), _) if same_ci(first, b"insert") || same_ci(first, b"replace") => {
            same_ci(second, b"into")
        }
        (Some(first), Some(_), Some(set)) if same_ci(first, b"update") => same_ci(set, b"set"),
        _ => false,
    }
}

/// Whether a type test lets every file through because its list is empty: `empty($allowed) ||
/// in_array($ext, $allowed)` with `$allowed = []` in the file (fresh118's uploader: "Empty
/// array means all file types are allowed").
fn passes_all_when_empty(t: &[Token<'_>], cond: &[Token<'_>]) -> bool {
    let Some(list) = cond.windows(5).find_map(|w| match (&w[0].tok, &w[1].tok, &w[2].tok, &w[3].tok, &w[4].tok) {
        (Tok::Ident(e), Tok::Op(b"("), Tok::Var(v), Tok::Op(b")"), Tok::Op(b"||")) if same_ci(e, b"empty") => Some(*v),
        _ => None,
    }) else {
        return false;
    };
    (0..t.len()).any(|k| {
        matches!(t[k].tok, Tok::Var(v) if v == list)
            && is_op(t, k + 1, b"=")
            && ((is_op(t, k + 2, b"[") && is_op(t, k + 3, b"]"))
                || (t.get(k + 2).is_some_and(|a| matches!(a.tok, Tok::Ident(a) if same_ci(a, b"array")))
                    && is_op(t, k + 3, b"(")
                    && is_op(t, k + 4, b")")))
    })
}

/// The byte ranges of blocks that run only after a check of a file's type: the block of an
/// `if` (or `elseif`) whose condition tests an extension or type (`if (in_array($parts['extension'],
/// $allowed)) {`), the `else` block after one (`if (preg_match('/php|asp/i', $ext)) { die(); }
/// else {`), and the rest of the block after a guard that leaves when the test fails (`if
/// (!preg_match($types, $name)) { return; }`). One pass; each tested condition's block is
/// walked once.
fn type_checked_blocks(t: &[Token<'_>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // Tokens all the walks of one file may visit together (a file of many unclosed blocks).
    let mut budget = t.len().saturating_mul(4).saturating_add(4096);
    for (k, x) in t.iter().enumerate() {
        if budget == 0 {
            break;
        }
        let Tok::Ident(w) = x.tok else { continue };
        if !(same_ci(w, b"if") || same_ci(w, b"elseif")) || !is_op(t, k + 1, b"(") {
            continue;
        }
        let Some(close) = matching(t, k + 1, (b"(", b")"), MAX_CONDITION, &mut budget) else { continue };
        if !tests_type(&t[k + 2..close]) || passes_all_when_empty(t, &t[k + 2..close]) {
            continue;
        }
        // The condition after its test (`preg_match('/\.sql$/', $f) && unlink($f)`), and the block.
        if let Some(test) = (k + 2..close).find(|&c| is_type_test_call(&t[c].tok)) {
            out.push((t[test].at, t[close].at));
        }
        let leaving = |y: &Token<'_>| matches!(y.tok, Tok::Ident(w) if same_ci(w, b"return") || same_ci(w, b"exit") || same_ci(w, b"die") || same_ci(w, b"throw"));
        if !is_op(t, close + 1, b"{") {
            // A guard without braces: `if (!in_array($ext, $allowed)) die('…');` — the rest of
            // the block around it runs only after the test.
            if is_op(t, k + 2, b"!")
                && t.get(close + 1).is_some_and(leaving)
                && let Some(end) = (close + 1..t.len().min(close + 1 + MAX_CONDITION)).find(|&j| is_op(t, j, b";"))
            {
                let rest_end = rest_of_block(t, end, &mut budget);
                out.push((t[end].at, t[rest_end].at));
            }
            continue;
        }
        let Some(end) = matching(t, close + 1, (b"{", b"}"), MAX_BLOCK, &mut budget) else { continue };
        out.push((t[close + 1].at, t[end].at));
        // A guard: `if (!preg_match($types, $name)) { … return; }` — the rest of the block
        // around it runs only after the test.
        if is_op(t, k + 2, b"!") && t[close + 1..end].iter().any(leaving) {
            let rest_end = rest_of_block(t, end, &mut budget);
            out.push((t[end].at, t[rest_end].at));
        }
        // The rest of the chain runs only after the test (`else if (!move_uploaded_file(…))`,
        // `elseif (…) {…}`, `else {…}`).
        let mut last = end;
        loop {
            let next = t.get(last + 1).map(|y| &y.tok);
            let branch = match next {
                Some(Tok::Ident(e)) if same_ci(e, b"elseif") => Some(last + 2),
                Some(Tok::Ident(e)) if same_ci(e, b"else") => match t.get(last + 2).map(|y| &y.tok) {
                    Some(Tok::Ident(i)) if same_ci(i, b"if") => Some(last + 3),
                    Some(Tok::Op(b"{")) => {
                        if let Some(else_end) = matching(t, last + 2, (b"{", b"}"), MAX_BLOCK, &mut budget) {
                            last = else_end;
                        }
                        None
                    }
                    _ => None,
                },
                _ => None,
            };
            let Some(open) = branch else { break };
            let Some(c) = matching(t, open, (b"(", b")"), MAX_CONDITION, &mut budget) else { break };
            let Some(e) =
                is_op(t, c + 1, b"{").then(|| matching(t, c + 1, (b"{", b"}"), MAX_BLOCK, &mut budget)).flatten()
            else {
                break;
            };
            last = e;
        }
        if last > end {
            out.push((t[end].at, t[last].at));
        }
        if out.len() >= MAX_CHECKED_BLOCKS {
            break;
        }
    }
    out
}

/// Where the block holding token `from` closes (its `}`), or the file's last token; within
/// `MAX_BLOCK` tokens, paid from `budget`.
fn rest_of_block(t: &[Token<'_>], from: usize, budget: &mut usize) -> usize {
    let mut depth = 0usize;
    for j in from + 1..t.len().min(from + 1 + MAX_BLOCK) {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        if is_op(t, j, b"{") {
            depth += 1;
        } else if is_op(t, j, b"}") {
            if depth == 0 {
                return j;
            }
            depth -= 1;
        }
    }
    t.len() - 1
}

/// A condition that calls a test (`in_array`, `preg_match`, `strpos`…) on a file type, or
/// compares a value with a picture's type (`$type == "image/jpeg"`).
fn tests_type(cond: &[Token<'_>]) -> bool {
    let picture_type = |x: &Token<'_>| matches!(&x.tok, Tok::Str(q) if q.value.len() > 6 && q.value[..6].eq_ignore_ascii_case(b"image/"));
    let equals = |k: usize| matches!(cond.get(k).map(|x| &x.tok), Some(Tok::Op(b"==" | b"===")));
    if (0..cond.len()).any(|k| picture_type(&cond[k]) && ((k > 0 && equals(k - 1)) || equals(k + 1))) {
        return true;
    }
    let calls_test = cond.iter().any(|x| is_type_test_call(&x.tok));
    // (Without a test the names need no reading.)
    calls_test
        && cond.iter().any(|x| match &x.tok {
            Tok::Str(quoted) => FILE_TYPE_WORD.is_match(quoted.value),
            Tok::Var(v) => [b"ext".as_slice(), b"type", b"mime"]
                .iter()
                .any(|w| v.windows(w.len()).any(|p| p.eq_ignore_ascii_case(w))),
            _ => false,
        })
}

/// A function a file-type check calls (`in_array($ext, $allowed)`, `preg_match('/\.jpg$/', …)`).
/// Or the application's own check named for it (FCKeditor's `IsAllowedExt($sExtension, …)`,
/// `is_valid_extension`, `checkExt`).
fn is_type_test_call(tok: &Tok<'_>) -> bool {
    let Tok::Ident(w) = tok else { return false };
    if [b"in_array".as_slice(), b"preg_match", b"strpos", b"stripos", b"strstr", b"stristr"]
        .iter()
        .any(|f| same_ci(w, f))
    {
        return true;
    }
    let has = |p: &[u8]| w.windows(p.len()).any(|x| x.eq_ignore_ascii_case(p));
    let is = w.len() >= 2 && w[..2].eq_ignore_ascii_case(b"is");
    has(b"allowed") || (has(b"ext") && (is || has(b"valid") || has(b"check")))
}

#[inline(always)]
fn is_op(t: &[Token<'_>], k: usize, op: &[u8]) -> bool {
    // The length and the first byte decide most answers without comparing the rest.
    matches!(t.get(k).map(|x| &x.tok), Some(Tok::Op(o)) if o.len() == op.len() && o.first() == op.first() && *o == op)
}

/// The index of the closing token matching the opening one at `k` (within `limit` tokens, and
/// what is left of `budget`).
fn matching(
    t: &[Token<'_>],
    k: usize,
    (open, close): (&[u8], &[u8]),
    limit: usize,
    budget: &mut usize,
) -> Option<usize> {
    if !is_op(t, k, open) {
        return None;
    }
    let mut depth = 0usize;
    for j in k..t.len().min(k + limit) {
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        if is_op(t, j, open) {
            depth += 1;
        } else if is_op(t, j, close) {
            depth -= 1;
            if depth == 0 {
                return Some(j);
            }
        }
    }
    None
}

/// Longest condition and block followed (tokens), and most type-checked blocks kept.
const MAX_CONDITION: usize = 256;
const MAX_BLOCK: usize = 100_000;
const MAX_CHECKED_BLOCKS: usize = 64;

/// The bodies of `class Name … { … }` and `trait Name { … }` (not `Name::class`) that the file
/// does not use itself: a class the file makes (`new Name`) or calls (`Name::run()`) runs when
/// the file is requested.
fn class_bodies(t: &[Token<'_>]) -> Vec<(usize, usize)> {
    // The classes the file uses itself, found when it declares one.
    let mut used: Option<Vec<&[u8]>> = None;
    let used_here = || -> Vec<&[u8]> {
        t.iter()
            .enumerate()
            .filter_map(|(k, x)| {
                let Tok::Ident(w) = x.tok else { return None };
                let made = k > 0 && matches!(t[k - 1].tok, Tok::Ident(n) if same_ci(n, b"new"));
                let called = matches!(t.get(k + 1).map(|y| &y.tok), Some(Tok::Op(b"::")));
                (made || called).then_some(w)
            })
            .take(4096)
            .collect()
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let name = match (&t[i].tok, t.get(i + 1).map(|x| &x.tok)) {
            (Tok::Ident(w), Some(Tok::Ident(n)))
                if (same_ci(w, b"class") || same_ci(w, b"trait"))
                    && !(i > 0 && matches!(t[i - 1].tok, Tok::Op(b"::" | b"->" | b"?->"))) =>
            {
                *n
            }
            _ => {
                i += 1;
                continue;
            }
        };
        // The header (`extends A implements B, C`) up to the body's `{`.
        let Some(open) = (i + 2..t.len().min(i + 64)).find(|k| matches!(t[*k].tok, Tok::Op(b"{"))) else {
            i += 1;
            continue;
        };
        let close = crate::php::block_end(t, open, usize::MAX).unwrap_or(t.len() - 1);
        if !used.get_or_insert_with(used_here).iter().any(|u| same_ci(u, name)) {
            out.push((t[open].at, t[close].at));
        }
        i = close + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::tokenize_for_test;

    /// A file's application facts, with its tokens to ask them of.
    struct Seen {
        app: App,
        t: Vec<Token<'static>>,
    }

    impl Seen {
        fn owns(&self, at: usize) -> bool {
            self.app.owns(at, &self.t)
        }
        fn guarded(&self) -> &Guarded {
            self.app.guarded(&self.t)
        }
        fn classes(&self) -> &[(usize, usize)] {
            self.app.classes(&self.t)
        }
    }

    fn app(src: &str) -> Seen {
        let src: &'static [u8] = Box::leak(src.as_bytes().to_vec().into_boxed_slice());
        Seen { app: App::of(src), t: tokenize_for_test(src, usize::MAX) }
    }

    #[test]
    fn a_file_that_stops_unless_included_is_the_applications() {
        assert!(app("<?php defined('IN_SHOP') or exit('No access');\n$a = 1;").app.included_only);
        assert!(
            app("<?php\n/* licence */\nif (!defined('BASEPATH')) {\n  die('No direct script access');\n}")
                .app
                .included_only
        );
        assert!(app("<?php !defined('APP') && exit();").app.included_only);
        // An encoder's own `define` once, and a guard far down the file, are not guards.
        assert!(!app("<?php if(!defined('abcdefgh')){define('abcdefgh',__FILE__);").app.included_only);
        let late = format!("<?php {}\nif (!defined('X')) exit;", "$a = 1;\n".repeat(1000));
        assert!(!app(&late).app.included_only);
    }

    #[test]
    fn the_applications_permission_check_is_seen() {
        assert!(app("<?php if (!User::require_acl('admin')) { exit; }").guarded().whole_file);
        assert!(app("<?php if (!$this->hasGlobalPermission('templates')) return;").guarded().whole_file);
        assert!(app("<?php if (!current_user_can('upload_files')) wp_die();").guarded().whole_file);
        // A custom admin's session guard (fresh22's banner upload): the login is elsewhere.
        let guard = "<?php session_start(); include('includes/function.php');\nif(!isset($_SESSION['sid']))\n{\nredirect('index.php');\n}";
        assert!(app(guard).guarded().whole_file);
        assert!(
            app("<?php if (empty($_SESSION['admin'])) { header('Location: login.php'); exit; }").guarded().whole_file
        );
        // …but not a script that logs itself in (a shell's password form), nor a session
        // read that sends nobody away.
        let own_login = "<?php session_start(); if (!isset($_SESSION['ok'])) { if (md5($_POST['p']) == 'x') { $_SESSION['ok'] = 1; } else { die('<form>'); } }";
        assert!(!app(own_login).guarded().whole_file);
        assert!(!app("<?php if (!isset($_SESSION['lang'])) { $lang = 'en'; }").guarded().whole_file);
        let no_stop = "<?php session_start(); if (!isset($_SESSION['username'])) { header('Location: login.html'); }";
        assert!(!app(no_stop).guarded().whole_file);
        // Nested keys, a condition that goes on, a top-level `return` (fresh26's gallery).
        let nested = "<?php session_start(); if(!isset($_SESSION['cp']['id']) || empty($_SESSION['cp']['id'])) { header ('Location: sign-in.php'); return; }";
        assert!(app(nested).guarded().whole_file);
        let sets_nested =
            "<?php if (!isset($_SESSION['cp']['id'])) { if ($_POST['p'] == 'x') { $_SESSION['cp']['id'] = 1; } exit; }";
        assert!(!app(sets_nested).guarded().whole_file);
        // RoxyFileman's upload handler (fresh23): its actions and access are checked first.
        assert!(app("<?php verifyAction('UPLOAD'); checkAccess('UPLOAD');").guarded().whole_file);
        // …but not a check the file writes itself, empty, to look guarded.
        let own = "<?php function checkAccess($a) { return true; } checkAccess('UPLOAD');";
        assert!(!app(own).guarded().whole_file);
        assert!(app("<?php include('./include/auth.php');").guarded().whole_file);
        assert!(app("<?php require_once \"scripts/php/auth.php\";").guarded().whole_file);
        // A password the script compares itself, or the file's permission bits, are not.
        assert!(!app("<?php if ($_POST['p'] == 'x') { $perms = fileperms($f); }").guarded().whole_file);
        assert!(!app("<?php echo $zip->GetPerms($f);").guarded().whole_file);
    }

    #[test]
    fn a_check_in_a_copied_function_the_file_never_calls_guards_nothing() {
        // Regression: a generated backdoor padded with copies of WordPress's functions
        // (`current_user_can` in one it never calls) counted as checking its users.
        let padded = "<?php function erase_personal_data() { if (!current_user_can('x')) { wp_send_json_error(); } }\n\
                      function keep($k) { move_uploaded_file($_FILES[$k]['tmp_name'], $_FILES[$k]['name']); }\n\
                      keep('f');";
        let a = app(padded);
        assert!(!a.guarded().whole_file);
        assert!(!a.owns(padded.find("move_uploaded_file").unwrap()));
        // The check guards its own function's body.
        assert!(a.owns(padded.find("wp_send_json_error").unwrap()));
        // Near-misses: the checking function is called, or hooked by name, or the check is a
        // method's or at the top: the file is the application's as before.
        for src in [
            "<?php function gate() { if (!current_user_can('x')) exit; } gate(); move_uploaded_file($a, $b);",
            "<?php function gate() { if (!current_user_can('x')) exit; } add_action('init', 'gate');",
            "<?php class A { function run() { if (!current_user_can('x')) return; } }",
            "<?php if (!current_user_can('x')) { exit; } function keep() {}",
        ] {
            assert!(app(src).guarded().whole_file, "{src}");
        }
    }

    #[test]
    fn an_upload_after_a_type_check_in_an_else_if_chain_is_the_applications() {
        // Regression: BigDump (a database dump importer) refuses other files in one branch and
        // moves the upload in the next `else if`; its delete tests the ending in the same
        // condition. Both were a dropper and a file manager.
        let chain = "<?php if (file_exists($n)) { echo 'exists'; }\n\
                     else if (!preg_match('/(\\.(sql|gz|csv))$/i', $n)) { echo 'only .sql'; }\n\
                     else if (!@move_uploaded_file($_FILES['f']['tmp_name'], $dir . '/' . $n)) { echo 'failed'; }\n\
                     else { echo 'saved'; }\n\
                     if (preg_match('/(\\.(sql|gz|csv))$/i', $_REQUEST['delete']) && @unlink($dir . '/' . $_REQUEST['delete'])) echo 'ok';";
        let a = app(chain);
        assert!(a.owns(chain.find("move_uploaded_file").unwrap()));
        assert!(a.owns(chain.find("unlink").unwrap()));
        // Near-misses: a call before the test in the condition, and an upload before the chain.
        let before = "<?php if (@unlink($_GET['f']) && preg_match('/\\.sql$/', $_GET['f'])) echo 1;\n\
                      move_uploaded_file($a, $b); if (!preg_match('/\\.sql$/', $n)) { die(); }";
        let b = app(before);
        assert!(!b.owns(before.find("unlink").unwrap()));
        assert!(!b.owns(before.find("move_uploaded_file").unwrap()));
    }

    #[test]
    fn an_upload_behind_a_type_check_is_the_applications() {
        let owns = |src: &str| app(src).owns(src.find("move_uploaded_file").unwrap());
        let allowed = "<?php $p = pathinfo($_FILES['f']['name']);\nif (in_array($p['extension'], array('jpg', 'png'))) {\n  move_uploaded_file($a, $b);\n}";
        assert!(owns(allowed));
        let denied = "<?php if (preg_match('/php|asp|cgi/i', $kind)) { die('no'); } else { if ($ok) { move_uploaded_file($a, $b); } }";
        assert!(owns(denied));
        // The type the browser sent, compared with pictures' (fresh28's photo page).
        let mime = "<?php $t = $_FILES['f']['type']; if ($t == \"image/jpeg\" || $t == \"image/png\") { move_uploaded_file($a, $b); }";
        assert!(owns(mime));
        // fresh118's uploader: the list is empty, and an empty list lets every type through.
        let empty = "<?php $allowed = [];\nif (empty($allowed) || in_array($ext, $allowed)) {\n  move_uploaded_file($a, $b);\n}";
        assert!(!owns(empty));
        let configured = empty.replace("$allowed = [];", "$allowed = ['jpg', 'png'];");
        assert!(owns(&configured));
        assert!(!owns("<?php if ($t == \"text/x-php\") { move_uploaded_file($a, $b); }"));
        // A password check, or a test that is not about the file's type, is not.
        assert!(!owns("<?php if (md5($_POST['k']) == 'ab12') { move_uploaded_file($a, $b); }"));
        assert!(!owns("<?php if (strpos($ua, 'bot') === false) { move_uploaded_file($a, $b); }"));
        assert!(!owns("<?php if (in_array($ext, $list)) { echo 1; }\nmove_uploaded_file($a, $b);"));
        let fetched = "<?php if (($c = file_get_contents('http://x.example/code.php')) && stripos($c, $key) !== false) { move_uploaded_file($a, $b); }";
        assert!(!owns(fetched));
        // Regression: FCKeditor's connector checks the ending with a function of its own
        // (`IsAllowedExt`) and was reported as an uploader (fresh18).
        assert!(owns(
            "<?php if (!$sErrorNumber && IsAllowedExt($sExtension, $resourceType)) { move_uploaded_file($a, $b); }"
        ));
        assert!(owns("<?php if (is_valid_extension($ext)) { move_uploaded_file($a, $b); }"));
        // Near-misses: a check of something else by a function of the application's.
        assert!(!owns("<?php if (is_logged_in($ext)) { move_uploaded_file($a, $b); }"));
        assert!(!owns("<?php if (checkKey($_POST['k'])) { move_uploaded_file($a, $b); }"));
        // Regression: fresh89's own upload handler leaves unless the ending is a picture's, in
        // a guard without braces.
        let braceless = "<?php try { $ext = pathinfo($file['name'], PATHINFO_EXTENSION);
            if (!in_array($ext, array('jpeg', 'jpg', 'png')))
    die('ERROR: invalid file type');
            move_uploaded_file($source, $dest); die($dest); } catch (Exception $e) { die('x'); }";
        assert!(owns(braceless));
        // A guard that does not leave, or that tests something else.
        assert!(!owns("<?php if (!in_array($ext, array('jpg'))) echo 'odd';\nmove_uploaded_file($a, $b);"));
        assert!(!owns("<?php if (!isset($_POST['k'])) die();\nmove_uploaded_file($a, $b);"));
    }

    #[test]
    fn methods_are_inside_their_class_and_top_level_code_is_not() {
        let src = "<?php class Up extends Base { function save() { move_uploaded_file($a, $b); } }\nmove_uploaded_file($c, $d);";
        let a = app(src);
        let first = src.find("move_uploaded_file").unwrap();
        let last = src.rfind("move_uploaded_file").unwrap();
        assert!(a.owns(first));
        assert!(!a.owns(last));
        assert!(app("<?php $n = Foo::class; move_uploaded_file($c, $d);").classes().is_empty());
        // A class the file runs itself is the file's own code.
        let run = "<?php class Drop { function go() { move_uploaded_file($a, $b); } }\n$d = new Drop(); $d->go();";
        assert!(!app(run).owns(run.find("move_uploaded_file").unwrap()));
        let called = "<?php class Drop { static function go() { move_uploaded_file($a, $b); } }\nDrop::go();";
        assert!(!app(called).owns(called.find("move_uploaded_file").unwrap()));
    }
}
