//! Follows data through a PHP file's tokens: from request input, decoders, downloads and
//! strings assembled character by character, into the places where data becomes code or a
//! command (eval, assert, variable functions, include, shell calls) or a file on disk.
//!
//! The analysis is deliberately simple and never fails: one environment per function (globals
//! share one), flow-insensitive (two passes so later assignments reach earlier uses), literal
//! strings folded through concatenation, table lookups (`$s{17}.$s{9}`), `chr`, `strrev`,
//! `str_rot13`, `base64_decode` and `str_replace`, so a hidden function name is known by name.
//! Work is bounded by the token count.

mod calls;
mod fold;
mod names;

use std::borrow::Cow;
use std::collections::HashMap;

use fold::*;
/// A fast keyed hasher for a file's names (also the shape families' sets).
pub(crate) use names::Keyed;
use names::*;

use super::detect::{Danger, Why};
use super::php::{Tok, Token, tokenize};

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
/// …or calls its argument as a function (`function f($g, $a) { $g($a); }`).
const WRAPS_CALL: Labels = 16384;
const WRAPS: Labels = WRAPS_CODE | WRAPS_SHELL | WRAPS_CALL;
/// Decoded or fetched data returned by a method of the object itself (`$this->unpack($x)`):
/// it counts where it runs as PHP code, not as a command or a function's name (test runners
/// and PDF libraries decode their own data and hand it to their own methods).
const METHOD_DECODED: Labels = 32768;
/// Object properties (`$this->x`, `$o->x`) share one environment per file, by name.
const PROPS: u32 = u32::MAX;
/// Constants `define`d as a code or shell function's name share one environment per file.
const CONSTS: u32 = u32::MAX - 1;

const HIDDEN: Labels = DECODED | ASSEMBLED;
const TAINT: Labels = INPUT | DECODED | REMOTE | ASSEMBLED | BLOB;

/// Longest literal kept for folding (function names and char tables are short).
const MAX_LIT: usize = 8192;
/// Longest value kept as a variable's value in the order of the text (names, tables, short
/// code; every read copies it).
const MAX_CUR: usize = 256;
/// Longest string literal taken into folding.
const MAX_LITERAL_TOKEN: usize = 2048;

#[derive(Debug, Clone, Default)]
struct Val<'t> {
    labels: Labels,
    /// (Borrowed from the string-literal token it is, when it is one: most are never changed.)
    lit: Option<Cow<'t, [u8]>>,
    /// Character lookups and `chr()` calls concatenated into this value.
    atoms: u16,
    /// The string-literal token this value is, when it is exactly one (its whole text, even
    /// when too long to fold: code given to `eval` is read from it).
    tok: Option<usize>,
    /// An array's known elements.
    arr: Option<Table>,
}

impl<'t> Val<'t> {
    fn unknown() -> Val<'t> {
        Val { labels: UNKNOWN, ..Val::default() }
    }
    fn lit(v: Vec<u8>) -> Val<'t> {
        Val { lit: (v.len() <= MAX_LIT).then_some(Cow::Owned(v)), ..Val::default() }
    }
    /// A string literal's value: kept when short enough to be a name, a table or an encoded
    /// name (long texts are never folded, so they are not copied).
    fn lit_of(v: &'t [u8]) -> Val<'t> {
        Val { lit: (v.len() <= MAX_LITERAL_TOKEN).then_some(Cow::Borrowed(v)), ..Val::default() }
    }
    fn join(&mut self, o: &Val<'t>) {
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
    /// The literal given by the last assignment read so far in this pass, in the order of the
    /// text (obfuscators reuse one variable for many names: `$_ = 's'.'s'; $_ = 'a'.$_.'ert'`).
    cur: Option<Vec<u8>>,
    /// Character lookups appended so far in this pass (`$n .= $t{3}; $n .= $t{9}; …`).
    atoms: u16,
    /// The known elements of the array given by the last assignment read in this pass.
    cur_arr: Option<Table>,
}

/// Where an assignment to an array element goes.
#[derive(Debug, Clone, Default)]
enum ElemKey {
    #[default]
    Unknown,
    Known(Vec<u8>),
    /// `$a[] = …`
    Append,
}

/// A piece of a joining function's result.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Param(usize),
    Lit(Vec<u8>),
}

#[derive(Clone, Copy)]
enum Target<'a> {
    Var(&'a [u8]),
    /// `$a[...]`: only labels flow.
    Elem(&'a [u8]),
    /// `$o->name`: one slot per property name in the file.
    Prop(&'a [u8]),
    /// `$GLOBALS['name']`: the file's own variable of that name.
    Global(&'a [u8]),
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
    env: HashMap<(u32, &'a [u8]), Slot, Keyed>,
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
    wrappers: HashMap<Vec<u8>, Labels, Keyed>,
    /// Every variable name in the file, made when first needed (`var_named`).
    var_names: Option<std::collections::HashSet<&'a [u8], Keyed>>,
    /// Names looked for by reading the tokens before `var_names` is made.
    var_name_scans: usize,
    /// Emptied argument lists for the next calls (`recycle`).
    arg_lists: Vec<Vec<Val<'t>>>,
    /// What the parameters of the function being read reach (WRAPS_*).
    fn_sinks: Labels,
    /// What the function being read returns (its marks, for its callers).
    fn_returns: Labels,
    /// Which shell functions (bit per `SHELL` entry) the function's parameters reach.
    fn_shell_kinds: u16,
    /// Named functions whose result is decoded, fetched or request data (lowercase name → marks).
    returns: HashMap<Vec<u8>, Labels, Keyed>,
    /// Named functions that only join their parameters (lowercase name → pieces).
    templates: HashMap<Vec<u8>, Vec<Piece>, Keyed>,
    /// Variables a function declared `global` (scope, name).
    globals: std::collections::HashSet<(u32, &'a [u8]), Keyed>,
    /// Whether a scope (by number) declared any `global` (most look up no name in `globals`).
    global_scopes: Vec<bool>,
    /// `unserialize` of request data: every object's properties may be the visitor's.
    props_from_input: bool,
    /// How deep in code read from string literals (`eval('…')`) this analysis is.
    nest: u8,
    /// A command-line script, or code in one (`Script`); `None` until asked (`command_line`).
    command_line: Option<bool>,
    /// The key of the array element last written as a target (`$a['k']`).
    elem_key: ElemKey,
    /// Variables naming files written with PHP code around data (`'<?php ' . $code`), and
    /// that data's marks: including such a file runs the data (`eval` through a file).
    written_code: Vec<(&'a [u8], Labels)>,
    /// Bytes of literal code that may still be read (shared by nested analyses).
    nested_budget: usize,
    /// Array elements still to be kept in tables for this file: obfuscators' tables are a few
    /// hundred entries, a font's or a dictionary's data files are many thousand, and those
    /// are only walked for sinks, not kept.
    table_budget: usize,
    depth: u32,
    budget: usize,
    out: Vec<Sink>,
}

/// What is known of a file besides its tokens.
#[derive(Debug, Clone, Copy, Default)]
pub struct Script {
    /// A command-line script (`#!/usr/bin/env php` first): its arguments are the operator's,
    /// not a visitor's.
    pub command_line: bool,
}

/// Runs the analysis over a file's tokens.
pub fn analyze(tokens: &[Token<'_>], script: Script) -> Vec<Sink> {
    // Code read from literals costs at most about twice the file (a file of many `eval('…')`
    // of one long text stays linear).
    let size = tokens.last().map_or(0, |t| t.at);
    let mut budget = size.saturating_mul(2).clamp(64 << 10, MAX_NESTED_CODE);
    // Whether the file checks it runs from the command line is read from its tokens only when a
    // finding depends on it (most files never ask).
    let nesting = Nesting { level: 0, params: &[], command_line: script.command_line.then_some(true), depth: 0 };
    analyze_nested(tokens, &nesting, &mut budget).0
}

/// A script that checks it runs from the command line (`php_sapi_name()`, `PHP_SAPI`, a
/// `cli_check.php` include) is one.
fn checks_cli(tokens: &[Token<'_>]) -> bool {
    count_cli_read();
    tokens.iter().enumerate().any(|(k, t)| match &t.tok {
        Tok::Ident(w) => {
            // A PHPUnit test (`class FooTest extends TestCase`): run by `phpunit` in a shell.
            let test_case = w.len() >= 8
                && w[w.len() - 8..].eq_ignore_ascii_case(b"testcase")
                && k > 0
                && matches!(tokens[k - 1].tok, Tok::Ident(e) if same_ci(e, b"extends"));
            test_case
                || same_ci(w, b"php_sapi_name")
                || *w == b"PHP_SAPI"
                // A framework's own test (`if (!$this->cli) die(…)`, Laravel's `runningInConsole()`).
                || same_ci(w, b"cli")
                || same_ci(w, b"is_cli")
                || same_ci(w, b"iscli")
                || same_ci(w, b"runninginconsole")
        }
        // The count of command-line arguments (`$argc`, `$_SERVER['argc']`): a usage check.
        Tok::Var(v) => *v == b"argc",
        // (One searcher for all the file's strings, not one built per string.)
        Tok::Str { value, .. } => {
            value == b"argc" || (value.len() >= CLI_CHECK.needle().len() && CLI_CHECK.find(value).is_some())
        }
        _ => false,
    })
}

/// An include of a command-line guard (`cli_check.php`), searched for in every string.
static CLI_CHECK: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"cli_check"));

/// Variables named by a value (`$$a`, `$GLOBALS['a']`) looked up by reading a file's tokens
/// before a set of its names is made.
const VAR_NAME_SCANS: usize = 8;

/// Most emptied argument lists kept for reuse (calls nested deeper allocate their own).
const MAX_SPARE_ARG_LISTS: usize = 64;

/// Deepest nesting of expressions followed (deeper ones are unknown values): bounds the stack
/// a hostile file can use, also in a debug build's 2 MB test threads.
const MAX_DEPTH: u32 = 100;

/// Most code read from string literals per file (bytes).
const MAX_NESTED_CODE: usize = 8 << 20;
/// Code inside code inside code: deeper literals are not read.
const MAX_NEST: u8 = 4;

/// Where an analysis runs: at a file's top, or in code held by a string literal (`eval('…')`,
/// `create_function('$a', '…')`, whose parameters are `params`).
struct Nesting<'p> {
    level: u8,
    params: &'p [Vec<u8>],
    /// A command-line script (`None`: not known yet, read from these tokens when asked).
    command_line: Option<bool>,
    /// How deep in expressions the code holding the literal already is (one stack for all).
    depth: u32,
}

/// The sinks of `tokens`, and what its parameters reach (WRAPS_*).
fn analyze_nested(tokens: &[Token<'_>], nesting: &Nesting<'_>, nested_budget: &mut usize) -> (Vec<Sink>, Labels) {
    let mut a = An {
        t: tokens,
        env: HashMap::default(),
        scope: 0,
        next_scope: 1,
        first: true,
        stale: false,
        record: true,
        extracted: Vec::new(),
        wrappers: HashMap::default(),
        var_names: None,
        var_name_scans: 0,
        arg_lists: Vec::new(),
        fn_sinks: 0,
        fn_returns: 0,
        fn_shell_kinds: 0,
        returns: HashMap::default(),
        templates: HashMap::default(),
        globals: Default::default(),
        global_scopes: Vec::new(),
        props_from_input: false,
        nest: nesting.level,
        command_line: nesting.command_line,
        elem_key: ElemKey::Unknown,
        written_code: Vec::new(),
        nested_budget: *nested_budget,
        table_budget: MAX_TABLE_ENTRIES,
        depth: nesting.depth,
        budget: 0,
        out: Vec::new(),
    };
    for p in nesting.params {
        if let Some(n) = a.var_named(p) {
            a.env.insert((0, n), Slot { labels: PARAM | UNKNOWN, lit: LitState::Conflict, ..Slot::default() });
        }
    }
    // The first pass records too: a second one runs only when a variable gained a mark
    // after it was read (flow-insensitive: a later assignment reaches an earlier use), and
    // only while the first found nothing critical: a file already known to be a backdoor
    // costs one pass (the large webshells full of tables are where the time goes).
    for first in [true, false] {
        if !first && (!a.stale || a.out.iter().any(|s| s.danger == Danger::Critical)) {
            break;
        }
        a.first = first;
        count_pass();
        a.out.clear();
        a.scope = 0;
        a.next_scope = 1;
        a.fn_sinks = 0;
        for s in a.env.values_mut() {
            s.cur = None;
            s.atoms = 0;
            s.cur_arr = None;
        }
        a.budget = tokens.len().saturating_mul(8) + 10_000;
        a.block(0, tokens.len());
    }
    *nested_budget = a.nested_budget;
    (a.out, a.fn_sinks)
}

/// An array literal: its elements' labels; single characters count as assembly pieces
/// (`implode('', ['a','s','s','e','r','t'])`).
/// Known elements of an array: key, value (both as PHP would print them).
type Table = std::rc::Rc<Vec<(Vec<u8>, Vec<u8>)>>;
/// Most elements kept of one array, and longest element kept.
const MAX_TABLE: usize = 512;
/// Elements kept in all the tables of one file (`An::table_budget`).
const MAX_TABLE_ENTRIES: usize = 8 * MAX_TABLE;
const MAX_ELEMENT: usize = 32;

fn table_put(table: &mut Vec<(Vec<u8>, Vec<u8>)>, key: Vec<u8>, v: &Val<'_>) {
    if let Some(l) = v.lit.as_ref().filter(|l| l.len() <= MAX_ELEMENT)
        && table.len() < MAX_TABLE
    {
        table.push((key, l.to_vec()));
    } else if let Some(sub) = &v.arr {
        // An array in an array: its elements under `key NUL subkey`.
        for (k, x) in sub.iter().take(MAX_TABLE.saturating_sub(table.len())) {
            let mut path = key.clone();
            path.push(0);
            path.extend_from_slice(k);
            table.push((path, x.clone()));
        }
    }
}

/// `$v[key]`: a character of a known string, an element of a known array (or the array
/// inside it), or an unknown value with the container's marks.
fn element<'t>(v: &Val<'t>, key: Option<&[u8]>, curly: bool) -> Val<'t> {
    let index = key.and_then(parse_num);
    let at = v.lit.as_deref().map(|t| char_at(t, index));
    element_of(v, key, index, at, curly)
}

// Bytes of variables' known texts copied by reads, in tests: indexing a long text must not
// copy it (`indexed_var`).
#[cfg(test)]
thread_local! {
    static TEXT_COPIED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

// Passes over a file's tokens (nested code's included), in tests: a second pass runs only when
// a variable was read before it changed.
#[cfg(test)]
thread_local! {
    static PASSES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

// Reads of all the tokens to find a variable's name, in tests: bounded per file.
#[cfg(test)]
thread_local! {
    static NAME_SCANS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[inline]
fn count_name_scan() {
    #[cfg(test)]
    NAME_SCANS.with(|c| c.set(c.get() + 1));
}

// Reads of a file's tokens for a command-line check, in tests: only when a finding asks.
#[cfg(test)]
thread_local! {
    static CLI_READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[inline]
fn count_cli_read() {
    #[cfg(test)]
    CLI_READS.with(|c| c.set(c.get() + 1));
}

#[inline]
fn count_pass() {
    #[cfg(test)]
    PASSES.with(|c| c.set(c.get() + 1));
}

#[inline]
fn count_copied(_bytes: usize) {
    #[cfg(test)]
    TEXT_COPIED.with(|c| c.set(c.get() + _bytes));
}

/// The character of `text` at a literal index, when there is one.
fn char_at(text: &[u8], index: Option<i64>) -> Option<u8> {
    index.filter(|n| *n >= 0 && (*n as usize) < text.len()).map(|n| text[n as usize])
}

/// `element`, given the container's text only as what indexing needs (`at`: whether it has a
/// known text, and its character at the index): a variable holding a long text is indexed
/// without copying it.
fn element_of<'t>(v: &Val<'t>, key: Option<&[u8]>, index: Option<i64>, at: Option<Option<u8>>, curly: bool) -> Val<'t> {
    let found = match (&v.arr, key) {
        (Some(t), Some(k)) => table_get(t, k).map(<[u8]>::to_vec),
        _ => None,
    };
    let inner = match (&v.arr, key, &found) {
        (Some(t), Some(k), None) => {
            let sub: Vec<(Vec<u8>, Vec<u8>)> = t
                .iter()
                .filter(|(p, _)| p.len() > k.len() && p.starts_with(k) && p[k.len()] == 0)
                .map(|(p, x)| (p[k.len() + 1..].to_vec(), x.clone()))
                .collect();
            (!sub.is_empty()).then(|| Table::new(sub))
        }
        _ => None,
    };
    let piece = found.as_ref().is_some_and(|e| e.len() <= 4);
    let ch = match at {
        Some(Some(c)) => Some(vec![c]),
        _ => found,
    };
    // A character lookup: in a known string, or with the string-offset braces `$s{17}`.
    let numeric = index.is_some();
    let char_lookup = (numeric && (at.is_some() || curly)) || piece;
    let labels = v.labels & !(FIXED_HEAD | OPERATED | PHP_NAME);
    Val { labels, lit: ch.map(Cow::Owned), atoms: u16::from(char_lookup), arr: inner, ..Val::default() }
}

fn table_get<'x>(table: &'x [(Vec<u8>, Vec<u8>)], key: &[u8]) -> Option<&'x [u8]> {
    // The last one with the key wins, as in PHP.
    table.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_slice())
}

/// An array literal's elements, folded as they are read (none is kept: a file of huge
/// literal tables costs no allocation per element): their labels; single characters count as
/// assembly pieces (`implode('', ['a','s','s','e','r','t'])`).
#[derive(Default)]
struct ArrayFold {
    labels: Labels,
    chars: usize,
    len: usize,
}

impl ArrayFold {
    fn add(&mut self, x: &Val<'_>) {
        self.labels |= x.labels & !(FIXED_HEAD | OPERATED);
        if x.lit.as_ref().is_some_and(|l| l.len() == 1 && (l[0].is_ascii_alphabetic() || l[0] == b'_')) {
            self.chars += 1;
        }
        self.len += 1;
    }
    fn val<'t>(&self) -> Val<'t> {
        let mut v = Val { labels: self.labels, ..Val::default() };
        if self.chars >= 3 && self.chars * 2 >= self.len {
            v.labels |= ASSEMBLED;
        }
        v
    }
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
    /// Whether this is a command-line script (or code in one), read from the file's tokens the
    /// first time it is asked.
    fn command_line(&mut self) -> bool {
        let t = self.t;
        *self.command_line.get_or_insert_with(|| checks_cli(t))
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

    /// Whether the operator at `i` is one `binary` may fold (so a first value is worth keeping).
    fn folds_next(&self, i: usize) -> bool {
        matches!(self.tok(i), Some(Tok::Op(o)) if matches!(*o, b"+" | b"-" | b"*" | b"/" | b"%" | b"&" | b"|" | b"<" | b">" | b"<=" | b">=" | b"==" | b"===" | b"!=" | b"!==" | b"<>"))
    }

    fn terminator(&self, i: usize) -> bool {
        match self.tok(i) {
            None | Some(Tok::Close) => true,
            Some(Tok::Op(o)) => matches!(*o, b";" | b"," | b")" | b"]" | b"}" | b"{" | b"=>"),
            Some(Tok::Ident(w)) => same_ci(w, b"as"),
            _ => false,
        }
    }

    /// An expression from `i`: its value, where it ends, and what it assigns to (when it is a
    /// plain variable).
    fn expr(&mut self, i: usize) -> (Val<'t>, usize, Option<Target<'a>>) {
        if self.depth > MAX_DEPTH || self.budget == 0 {
            return (Val::unknown(), i + 1, None);
        }
        self.depth += 1;
        let r = self.expr_inner(i);
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, i: usize) -> (Val<'t>, usize, Option<Target<'a>>) {
        let mut acc = Val::default();
        let mut lit: Option<Cow<'t, [u8]>> = Some(Cow::Borrowed(&[][..]));
        let mut pure = true;
        let mut j = i;
        let mut atoms_seen = 0;
        let mut head_fixed = false;
        let mut last_target = None;
        // `"\x13\x19" ^ "``"`: two literals xor-ed (a hidden name).
        let mut xor = false;
        // Arithmetic and comparisons of known values, left to right, when no `.` mixes in
        // (`$_ = ('>' > '<') + ('>' > '<')` is 2, an index into a table).
        let mut folded: Option<Cow<'t, [u8]>> = None;
        let mut pending: Option<&'a [u8]> = None;
        let mut dots = false;
        let mut first_tok = None;
        let mut first_arr = None;
        while !self.terminator(j) && self.budget > 0 {
            self.budget -= 1;
            // A plain variable assigned to (`$x = …`, `$x .= …`): `assign` works on its slot,
            // the value it held is not used, so it is not read (a second pass is for a value
            // read before it changed, not for every variable that is given a mark).
            let (v, nj, target) = match (self.tok(j), self.tok(j + 1)) {
                (Some(Tok::Var(n)), Some(Tok::Op(o))) if atoms_seen == 0 && is_assign(o) => {
                    (Val::default(), j + 1, Some(Target::Var(n)))
                }
                _ => self.atom(j),
            };
            if nj <= j {
                return (acc, j, None);
            }
            atoms_seen += 1;
            folded = match (pending.take(), &folded, &v.lit) {
                (None, _, l) if atoms_seen == 1 => l.as_ref().filter(|l| l.len() <= 20 && self.folds_next(nj)).cloned(),
                (Some(op), Some(a), Some(b)) => binary(op, a, b).map(Cow::Owned),
                _ => None,
            };
            if atoms_seen == 1 {
                first_tok = v.tok;
                first_arr = v.arr.clone();
                // Anything but the request itself at the start (a literal, a constant, the
                // application's own base folder): the visitor picks at most a part inside it.
                head_fixed = v.labels & INPUT == 0;
            }
            last_target = target;
            // An array joined to text is the word `Array` (a letter source for obfuscators).
            let v = if v.lit.is_none() && v.arr.is_some() && (atoms_seen > 1 || self.op(nj, b".")) {
                Val { lit: Some(Cow::Borrowed(&b"Array"[..])), ..v }
            } else {
                v
            };
            // The atom's text is moved, not copied, into the expression's (most are one atom).
            let mut v = v;
            let v_lit = v.lit.take();
            match (&mut lit, v_lit) {
                (Some(l), Some(x)) if std::mem::take(&mut xor) && !l.is_empty() && !x.is_empty() => {
                    *l = Cow::Owned(l.iter().zip(x.iter()).map(|(a, b)| a ^ b).collect());
                    acc.labels |= DECODED;
                    v.lit = Some(x);
                }
                (Some(l), Some(x)) if pure && l.len() + x.len() <= MAX_LIT => {
                    if l.is_empty() {
                        *l = x;
                        v.lit = Some(Cow::Borrowed(&[][..]));
                    } else {
                        l.to_mut().extend_from_slice(&x);
                        v.lit = Some(x);
                    }
                }
                (_, x) => {
                    lit = None;
                    v.lit = x;
                }
            }
            acc.join(&v);
            j = nj;
            match self.tok(j) {
                Some(Tok::Op(b".")) => {
                    dots = true;
                    j += 1;
                }
                Some(Tok::Op(b"^")) if pure && lit.as_ref().is_some_and(|l| !l.is_empty()) && v.lit.is_some() => {
                    xor = true;
                    j += 1;
                }
                Some(Tok::Op(o)) if is_assign(o) => {
                    let o: &[u8] = o;
                    // The element key of this target, not of one in the right-hand side.
                    let key = std::mem::take(&mut self.elem_key);
                    let (rhs, end, _) = self.expr(j + 1);
                    if let Some(t) = target {
                        self.elem_key = key;
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
                    pending = Some(*o);
                    j += 1;
                }
                Some(Tok::Ident(w))
                    if [b"and".as_slice(), b"or", b"xor", b"instanceof"].iter().any(|k| same_ci(w, k)) =>
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
        acc.lit = if pure && atoms_seen > 0 {
            lit
        } else if !dots && pending.is_none() {
            folded
        } else {
            None
        };
        acc.tok = if atoms_seen == 1 { first_tok } else { None };
        acc.arr = if atoms_seen == 1 { first_arr } else { None };
        // A dangerous function's name computed by decoding or piece by piece, wherever it goes
        // (a callback of a method, a session handler, a value kept for later).
        if acc.labels & HIDDEN != 0
            && let Some(l) = &acc.lit
            && l.len() <= 24
        {
            let mut buf = [0u8; 24];
            let name = &mut buf[..l.len()];
            name.copy_from_slice(l);
            name.make_ascii_lowercase();
            let name: &[u8] = name;
            if is(name, SHELL) || is(name, CODE) {
                self.hit(Why::HiddenFunctionName, Danger::High, i);
            } else if class(name) & C_DECODER != 0 && name != b"pack" {
                self.hit(Why::HiddenFunctionName, Danger::Medium, i);
            }
        }
        let target = if atoms_seen == 1 { last_target } else { None };
        (acc, j, target)
    }

    fn assign(&mut self, t: Target<'a>, op: &[u8], rhs: &Val<'t>) {
        let (scope, name, elem) = match t {
            Target::Var(n) => (self.scope_of(n), n, false),
            Target::Elem(n) if n == b"GLOBALS" => (0, n, true),
            Target::Elem(n) => (self.scope_of(n), n, true),
            Target::Prop(n) => (PROPS, n, false),
            Target::Global(n) => (0, n, false),
        };
        let first = self.first;
        let slot = self.env.entry((scope, name)).or_default();
        let before = slot.labels;
        let mut labels = rhs.labels & !UNKNOWN | if rhs.lit.is_none() { rhs.labels & UNKNOWN } else { 0 };
        if elem && labels & INPUT != 0 {
            labels = labels & !INPUT | ELEM_INPUT;
        }
        slot.labels |= labels;
        // The value from here on, in the order of the text.
        let append = op == b".=";
        slot.cur = match (elem, op, slot.cur.take(), &rhs.lit) {
            (false, b"=", _, Some(v)) if v.len() <= MAX_CUR => Some(v.to_vec()),
            (false, b".=", Some(mut c), Some(v)) if c.len() + v.len() <= MAX_CUR => {
                c.extend_from_slice(v);
                Some(c)
            }
            _ => None,
        };
        slot.atoms = if append { slot.atoms.saturating_add(rhs.atoms) } else { rhs.atoms };
        slot.cur_arr = match (elem, op, std::mem::take(&mut self.elem_key)) {
            (false, b"=", _) => rhs.arr.clone(),
            // One element set: the others stay as they were (or unknown).
            (true, b"=", key @ (ElemKey::Known(_) | ElemKey::Append)) if self.table_budget > 0 => {
                // Copied only when another value still shares the table (a file of thousands of
                // `$GLOBALS['k'] = …` lines must not copy it once per line).
                let mut t: Vec<(Vec<u8>, Vec<u8>)> = slot
                    .cur_arr
                    .take()
                    .map(|t| std::rc::Rc::try_unwrap(t).unwrap_or_else(|shared| (*shared).clone()))
                    .unwrap_or_default();
                let k = match key {
                    ElemKey::Known(k) => k,
                    _ => {
                        // PHP's next index is the largest integer key plus one; a long table
                        // (never a name table) takes its length, so appends stay O(1).
                        let next = if t.len() > 64 {
                            t.len() as i64
                        } else {
                            t.iter().filter_map(|(k, _)| parse_num(k)).max().map_or(0, |n| n + 1)
                        };
                        next.to_string().into_bytes()
                    }
                };
                let kept = t.len();
                table_put(&mut t, k, rhs);
                self.table_budget = self.table_budget.saturating_sub(t.len() - kept);
                Some(std::rc::Rc::new(t))
            }
            _ => None,
        };
        if slot.atoms >= 3 {
            slot.labels |= ASSEMBLED;
        }
        if !first {
            return;
        }
        let lit_before = matches!(slot.lit, LitState::Unset);
        let read = slot.read;
        slot.lit = match (std::mem::take(&mut slot.lit), &rhs.lit, op, elem) {
            (_, _, _, true) => LitState::Conflict,
            (LitState::Unset, Some(v), b"=", _) => LitState::Known(v.to_vec()),
            (LitState::Known(old), Some(v), b"=", _) if old[..] == v[..] => LitState::Known(old),
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

    fn lookup(&mut self, name: &'a [u8]) -> Val<'t> {
        if let Some(l) = is_superglobal_input(name) {
            return Val { labels: l, ..Val::default() };
        }
        if self.extracted.contains(&self.scope) {
            return Val { labels: INPUT | UNKNOWN, ..Val::default() };
        }
        let scope = self.scope_of(name);
        self.lookup_at(scope, name)
    }

    fn lookup_at(&mut self, scope: u32, name: &'a [u8]) -> Val<'t> {
        self.lookup_at_with(scope, name, |t| {
            count_copied(t.len());
            t.to_vec()
        })
    }

    /// `lookup_at`, with what of the variable's known text the value keeps (`text`).
    fn lookup_at_with(&mut self, scope: u32, name: &'a [u8], text: impl FnOnce(&[u8]) -> Vec<u8>) -> Val<'t> {
        // One hash of the name per read: in the first pass the slot is made (and marked read).
        let slot = if self.first {
            let s = self.env.entry((scope, name)).or_default();
            s.read = true;
            Some(&*s)
        } else {
            self.env.get(&(scope, name))
        };
        match slot {
            None => Val::unknown(),
            Some(s) => match (&s.cur, &s.lit, &s.cur_arr) {
                (Some(v), _, _) => {
                    Val { labels: s.labels & !UNKNOWN, lit: Some(Cow::Owned(text(v))), ..Val::default() }
                }
                (None, LitState::Known(v), _) => {
                    Val { labels: s.labels, lit: Some(Cow::Owned(text(v))), ..Val::default() }
                }
                (None, _, Some(t)) => Val { labels: s.labels | UNKNOWN, arr: Some(t.clone()), ..Val::default() },
                _ => Val { labels: s.labels | UNKNOWN, ..Val::default() },
            },
        }
    }

    /// Where a variable of the function being read lives (`global $x` makes it the file's).
    fn scope_of(&self, name: &'a [u8]) -> u32 {
        if self.scope != 0
            && self.global_scopes.get(self.scope as usize) == Some(&true)
            && self.globals.contains(&(self.scope, name))
        {
            0
        } else {
            self.scope
        }
    }

    /// `$o->name`: what any object's property of that name was given in this file.
    fn lookup_prop(&mut self, name: &'a [u8]) -> Val<'t> {
        let s = self.env.entry((PROPS, name)).or_default();
        if self.first {
            s.read = true;
        }
        let from_input = if self.props_from_input { INPUT } else { 0 };
        match &s.lit {
            LitState::Known(v) => {
                Val { labels: s.labels | from_input, lit: Some(Cow::Owned(v.clone())), ..Val::default() }
            }
            _ => Val { labels: s.labels | UNKNOWN | from_input, ..Val::default() },
        }
    }

    /// A token `$name` spelling `name`, so a variable named by a known string (`$$a`) can be
    /// assigned like one written out.
    fn var_named(&mut self, name: &[u8]) -> Option<&'a [u8]> {
        let t: &'t [Token<'a>] = self.t;
        // The first few looked for by reading the tokens (a set of every name costs more than
        // a few reads); from then on every name once per file (a file of many `$$a` stays
        // linear).
        if self.var_names.is_none() && self.var_name_scans < VAR_NAME_SCANS {
            self.var_name_scans += 1;
            count_name_scan();
            return t.iter().find_map(|t| match &t.tok {
                Tok::Var(n) if *n == name => Some(*n),
                _ => None,
            });
        }
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

    /// A call's argument list, emptied and kept for the next call's (`args`).
    fn recycle(&mut self, mut args: Vec<Val<'t>>) {
        args.clear();
        if self.arg_lists.len() < MAX_SPARE_ARG_LISTS {
            self.arg_lists.push(args);
        }
    }

    /// `list($a, $b) = …` / `[$a, $b] = …` (`open`, then `=` at `eq`): every variable in the
    /// list gets the right-hand side's marks.
    fn destructure(&mut self, open: usize, eq: usize) -> (Val<'t>, usize, Option<Target<'a>>) {
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
    fn strings_in_call(&self, i: usize, mut f: impl FnMut(&[u8]) -> bool) -> bool {
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
    fn args(&mut self, open: usize) -> (Vec<Val<'t>>, usize) {
        // An empty list kept from an earlier call (`recycle`): most calls allocate none.
        let mut out = self.arg_lists.pop().unwrap_or_default();
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

    fn atom(&mut self, i: usize) -> (Val<'t>, usize, Option<Target<'a>>) {
        let Some(tok) = self.tok(i) else { return (Val::default(), i, None) };
        match tok {
            Tok::Op(o) => match *o {
                b"++" | b"--" => {
                    let (mut v, e, target) = self.atom(i + 1);
                    if let Some(t) = target {
                        v.lit = self.step(t, *o == b"++").map(Cow::Owned);
                    }
                    (v, e.max(i + 1), None)
                }
                b"~" if matches!(self.tok(i + 1), Some(Tok::Ident(w)) if w.iter().all(|c| *c >= 0x80)) => {
                    // `~ÂÏ…`: high bytes are a bare word in PHP (an undefined constant, so its own
                    // text); inverted they spell a name.
                    let Some(Tok::Ident(w)) = self.tok(i + 1) else { return (Val::default(), i + 1, None) };
                    let lit = w.iter().map(|c| !c).collect();
                    (Val { labels: DECODED, lit: Some(lit), ..Val::default() }, i + 2, None)
                }
                b"~" | b"-" | b"!" => {
                    let op = *o;
                    let numeric = matches!(self.tok(i + 1), Some(Tok::Num(_)));
                    let (mut v, e, _) = self.atom(i + 1);
                    if let Some(l) = v.lit.take() {
                        v.lit = unary(op, &l, numeric).map(Cow::Owned);
                        if op == b"~" && !numeric {
                            // Bytes inverted: a name hidden as unprintable text.
                            v.labels |= DECODED;
                        }
                    }
                    (v, e.max(i + 1), None)
                }
                b"@" => {
                    // `@$x = …` assigns `$x` (the `@` only hides errors).
                    let (v, e, target) = self.atom(i + 1);
                    (v, e.max(i + 1), target)
                }
                b"+" | b"&" | b"..." => {
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
                    self.postfix(v, e, None, i, None)
                }
                b"[" => {
                    let (vals, e, table) = self.list(i, b"]");
                    if self.op(e, b"=") && self.op(e.wrapping_sub(1), b"]") {
                        return self.destructure(i, e);
                    }
                    let mut v = vals.val();
                    v.arr = table;
                    self.postfix(v, e, None, i, None)
                }
                b"$" => {
                    // Variable variables: `${'_PO'.'ST'}`, `$$name`.
                    if self.op(i + 1, b"{") {
                        let (inner, e, _) = self.expr(i + 2);
                        let e = if self.op(e, b"}") { e + 1 } else { e.max(i + 2) };
                        return self.named_var(&inner, e, i);
                    }
                    if let Some(Tok::Var(n)) = self.tok(i + 1) {
                        // `$$a(…)`, `$$a[…]`: the variable named by `$a`, then the call or index.
                        let n = *n;
                        let v = self.lookup(n);
                        return self.named_var(&v, i + 2, i);
                    }
                    (Val::default(), i + 1, None)
                }
                _ => (Val::default(), i, None),
            },
            Tok::Var(name) => {
                let name = *name;
                if let Some(r) = self.indexed_var(name, i) {
                    return r;
                }
                let v = self.lookup(name);
                self.postfix(v, i + 1, Some(Target::Var(name)), i, Some(name))
            }
            Tok::Num(n) => {
                (Val { lit: (n.len() <= MAX_LIT).then_some(Cow::Borrowed(*n)), ..Val::default() }, i + 1, None)
            }
            Tok::Str { value, vars, escapes } => {
                let mut v = Val::lit_of(value);
                for name in vars {
                    let x = self.lookup(name);
                    v.labels |= x.labels;
                    // `"$f"` alone is the variable's text (a name quoted to look like data).
                    v.lit = if value.is_empty() && vars.len() == 1 { x.lit } else { None };
                }
                if blob_like(value) || *escapes >= 100 {
                    v.labels |= BLOB;
                }
                if php_name(value) {
                    v.labels |= PHP_NAME;
                }
                if vars.is_empty() {
                    v.tok = Some(i);
                }
                self.postfix(v, i + 1, None, i, None)
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
    /// Also the known elements, by key (`['a' => 'x', 'y']`).
    fn list(&mut self, open: usize, close: &[u8]) -> (ArrayFold, usize, Option<Table>) {
        let mut out = ArrayFold::default();
        let mut table = Vec::new();
        let mut next = 0i64;
        let mut key: Option<Option<Vec<u8>>> = None;
        let mut j = open + 1;
        let end = loop {
            if self.op(j, close) {
                break j + 1;
            }
            if self.tok(j).is_none() || self.budget == 0 {
                break j;
            }
            // A plain number in a data table no longer kept: counted, not evaluated.
            if self.table_budget == 0
                && matches!(self.tok(j), Some(Tok::Num(_)))
                && (self.op(j + 1, b",") || self.op(j + 1, close) || self.op(j + 1, b"=>"))
            {
                out.len += 1;
                j = if self.op(j + 1, close) { break j + 2 } else { j + 2 };
                continue;
            }
            let (v, end, _) = self.expr(j);
            if self.table_budget == 0 {
                // Only the elements' marks from here on.
            } else if self.op(end, b"=>") {
                key = Some(v.lit.as_deref().map(<[u8]>::to_vec));
            } else {
                let kept = table.len();
                let k = match key.take() {
                    None => Some(next),
                    Some(Some(k)) => parse_num(&k).or(Some(-1)).filter(|n| *n >= 0).or_else(|| {
                        table_put(&mut table, k, &v);
                        None
                    }),
                    Some(None) => None,
                };
                if let Some(n) = k {
                    next = n + 1;
                    if table.len() < MAX_TABLE {
                        table_put(&mut table, n.to_string().into_bytes(), &v);
                    }
                }
                self.table_budget = self.table_budget.saturating_sub(table.len() - kept);
            }
            out.add(&v);
            if self.op(end, b",") || self.op(end, b"=>") {
                j = end + 1;
            } else if self.op(end, close) {
                break end + 1;
            } else if self.op(end, b";") || self.op(end, b"{") || self.op(end, b"}") {
                break end;
            } else {
                j = end.max(j + 1);
            }
        };
        (out, end, (!table.is_empty() || self.table_budget > 0).then(|| std::rc::Rc::new(table)))
    }

    fn postfix(
        &mut self,
        v: Val<'t>,
        j: usize,
        target: Option<Target<'a>>,
        start: usize,
        base_name: Option<&'a [u8]>,
    ) -> (Val<'t>, usize, Option<Target<'a>>) {
        self.postfix_from(v, j, target, start, base_name, false)
    }

    /// `$name[literal]` or `$name{literal}` at `i` (a plain variable, one literal token as
    /// the index): the element is taken from the variable's text without copying the text
    /// (obfuscators index one long alphabet thousands of times), then the rest of the
    /// postfix chain as `postfix` reads it. Anything else: `None`, read the general way.
    fn indexed_var(&mut self, name: &'a [u8], i: usize) -> Option<(Val<'t>, usize, Option<Target<'a>>)> {
        let close: &[u8] = match self.tok(i + 1) {
            Some(Tok::Op(b"[")) => b"]",
            Some(Tok::Op(b"{")) => b"}",
            _ => return None,
        };
        let literal = match self.tok(i + 2) {
            Some(Tok::Num(_)) => true,
            Some(Tok::Str { vars, .. }) => vars.is_empty(),
            _ => false,
        };
        if !literal
            || !self.op(i + 3, close)
            || name == b"GLOBALS"
            || name == b"_SERVER"
            || is_superglobal_input(name).is_some()
            || self.extracted.contains(&self.scope)
        {
            return None;
        }
        // As `postfix` would: the index (a literal: it reads no variable), then the element.
        let (idx, _, _) = self.expr(i + 2);
        let key = idx.lit;
        let index = key.as_deref().and_then(parse_num);
        let scope = self.scope_of(name);
        let v = self.lookup_at_with(scope, name, |t| char_at(t, index).map(|c| vec![c]).unwrap_or_default());
        let at = v.lit.as_ref().map(|one| one.first().copied());
        let v = element_of(&v, key.as_deref(), index, at, close == b"}");
        self.elem_key = key.map_or(ElemKey::Unknown, |k| ElemKey::Known(k.into_owned()));
        Some(self.postfix_from(v, i + 4, Some(Target::Elem(name)), i, Some(name), true))
    }

    fn postfix_from(
        &mut self,
        mut v: Val<'t>,
        mut j: usize,
        mut target: Option<Target<'a>>,
        start: usize,
        base_name: Option<&'a [u8]>,
        mut indexed: bool,
    ) -> (Val<'t>, usize, Option<Target<'a>>) {
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
                    let key = idx.lit;
                    let indexed_before = indexed;
                    // Special arrays by key.
                    let mut global = None;
                    if !indexed {
                        match (base_name, &key) {
                            (Some(b"_SERVER"), Some(k)) => {
                                let input = server_key_is_input(k) && !(**k == *b"argv" && self.command_line());
                                v = Val { labels: if input { INPUT } else { 0 }, ..Val::default() };
                            }
                            (Some(b"GLOBALS"), Some(k)) => {
                                v = match is_superglobal_input(k) {
                                    Some(l) => Val { labels: l, ..Val::default() },
                                    None => match self.var_named(k) {
                                        Some(n) => {
                                            global = Some(n);
                                            self.lookup_at(0, n)
                                        }
                                        // A name only ever used through `$GLOBALS[…]`: its
                                        // value as the file last set it there.
                                        None => {
                                            let t = self
                                                .env
                                                .get(&(0, b"GLOBALS".as_slice()))
                                                .and_then(|s| s.cur_arr.clone());
                                            match t.as_deref().and_then(|t| table_get(t, k)) {
                                                Some(x) => Val::lit(x.to_vec()),
                                                None => Val::unknown(),
                                            }
                                        }
                                    },
                                };
                            }
                            _ => v = element(&v, key.as_deref(), curly),
                        }
                    } else {
                        v = element(&v, key.as_deref(), curly);
                    }
                    indexed = true;
                    // The key an assignment to this element would use (`$a['k'] = …`, `$a[] = …`).
                    self.elem_key = match (&target, indexed_before) {
                        (Some(Target::Var(_)), false) if self.op(j + 1, close) => ElemKey::Append,
                        (Some(Target::Var(_)), false) => {
                            key.map_or(ElemKey::Unknown, |k| ElemKey::Known(k.into_owned()))
                        }
                        _ => ElemKey::Unknown,
                    };
                    target = match global {
                        Some(n) => Some(Target::Global(n)),
                        None => target.and_then(|t| match t {
                            Target::Var(n) | Target::Elem(n) => Some(Target::Elem(n)),
                            Target::Prop(_) | Target::Global(_) => None,
                        }),
                    };
                    j = e;
                }
                Some(Tok::Op(b"->")) | Some(Tok::Op(b"?->")) | Some(Tok::Op(b"::")) => {
                    target = None;
                    j += 1;
                    let method = match self.tok(j) {
                        Some(Tok::Ident(m)) => Some(lower(m)),
                        _ => None,
                    };
                    match self.tok(j) {
                        Some(Tok::Ident(_)) | Some(Tok::Var(_)) => j += 1,
                        Some(Tok::Op(b"{")) => {
                            let c = self.close_of(j);
                            j = c + 1;
                        }
                        _ => {}
                    }
                    v = Val::unknown();
                    if self.op(j, b"(") {
                        let open = j;
                        let (args, e) = self.args(j);
                        if let Some(m) = &method {
                            v = self.method_call(m, &args, open);
                        }
                        self.recycle(args);
                        j = e;
                    }
                }
                Some(Tok::Op(b"(")) => {
                    target = None;
                    let open = j;
                    let (args, e) = self.args(j);
                    v = self.var_call(&v, &args, open.max(start));
                    self.recycle(args);
                    j = e;
                }
                Some(Tok::Op(o @ (b"++" | b"--"))) => {
                    if let Some(t) = target {
                        self.step(t, *o == b"++");
                    }
                    j += 1;
                }
                _ => return (v, j, target),
            }
        }
    }

    /// A variable named by a computed value (`${'_PO'.'ST'}`, `${'GLOBALS'}[…]`, `$$name`) from
    /// where that value ends (`e`).
    fn named_var(&mut self, name: &Val<'t>, e: usize, i: usize) -> (Val<'t>, usize, Option<Target<'a>>) {
        match name.lit.as_deref() {
            Some(b"GLOBALS") => {
                return self.postfix(Val::unknown(), e, Some(Target::Var(b"GLOBALS")), i, Some(b"GLOBALS"));
            }
            Some(b"_SERVER") => return self.postfix(Val::unknown(), e, None, i, Some(b"_SERVER")),
            Some(n) => {
                if let Some(l) = is_superglobal_input(n) {
                    return self.postfix(Val { labels: l, ..Val::default() }, e, None, i, None);
                }
                if let Some(n) = self.var_named(n) {
                    let x = self.lookup(n);
                    return self.postfix(x, e, Some(Target::Var(n)), i, Some(n));
                }
            }
            None => {}
        }
        let v = Val { labels: UNKNOWN | (name.labels & TAINT), ..Val::default() };
        self.postfix(v, e, None, i, None)
    }

    /// `$x++` / `--$x`: the variable's known value stepped the way PHP does (`'a'++` is `'b'`).
    fn step(&mut self, t: Target<'a>, up: bool) -> Option<Vec<u8>> {
        let key = match t {
            Target::Var(n) => (self.scope_of(n), n),
            Target::Global(n) => (0, n),
            Target::Elem(_) | Target::Prop(_) => return None,
        };
        let first = self.first;
        let slot = self.env.entry(key).or_default();
        if first {
            slot.lit = LitState::Conflict;
        }
        slot.cur = slot.cur.as_deref().and_then(|c| if up { str_inc(c) } else { num_dec(c) });
        slot.cur.clone()
    }

    fn ident(&mut self, w: &'a [u8], i: usize) -> (Val<'t>, usize, Option<Target<'a>>) {
        let mut buf = [0u8; 48];
        let name: &[u8] = if w.len() <= buf.len() {
            buf[..w.len()].copy_from_slice(w);
            buf[..w.len()].make_ascii_lowercase();
            &buf[..w.len()]
        } else {
            w
        };
        let call = self.op(i + 1, b"(");
        if is_include(name) {
            let (v, e, _) = self.expr(i + 1);
            // A file this script wrote code into: its data is what runs.
            if let Some(&(_, labels)) =
                self.included_var(i).and_then(|n| self.written_code.iter().find(|(w, _)| *w == n))
            {
                self.code(&Val { labels: labels | UNKNOWN, ..Val::default() }, i, true);
            }
            self.include(&v, i);
            return (Val::unknown(), e, None);
        }
        match name {
            b"function" | b"fn" => return self.function(i),
            b"global" if !call => {
                // `global $a, $b;`: the function's `$a` is the file's.
                let mut e = i + 1;
                while let Some(Tok::Var(_) | Tok::Op(b",")) = self.tok(e) {
                    if let Some(Tok::Var(n)) = self.tok(e) {
                        self.globals.insert((self.scope, n));
                        let k = self.scope as usize;
                        if self.global_scopes.len() <= k {
                            self.global_scopes.resize(k + 1, false);
                        }
                        self.global_scopes[k] = true;
                    }
                    e += 1;
                }
                return (Val::default(), e, None);
            }
            b"return" => {
                let (v, e, _) = self.expr(i + 1);
                self.fn_returns |= v.labels & (ANY_INPUT | DECODED | REMOTE | BLOB);
                return (v, e, None);
            }
            b"foreach" if call => {
                let (v, mut e, _) = self.expr(i + 2);
                if matches!(self.tok(e), Some(Tok::Ident(a)) if same_ci(a, b"as")) {
                    e += 1;
                    while !self.op(e, b")") && self.tok(e).is_some() && !self.op(e, b"{") && !self.op(e, b";") {
                        let name = match self.tok(e) {
                            Some(Tok::Var(n)) => {
                                e += 1;
                                Some(*n)
                            }
                            // `as ${$name} => …`: a variable named by a value.
                            Some(Tok::Op(b"$")) => {
                                let (_, end, t) = self.atom(e);
                                e = end.max(e + 1);
                                match t {
                                    Some(Target::Var(n)) => Some(n),
                                    _ => None,
                                }
                            }
                            _ => {
                                e += 1;
                                None
                            }
                        };
                        if let Some(n) = name {
                            let scope = self.scope_of(n);
                            let s = self.env.entry((scope, n)).or_default();
                            if s.read && (v.labels & !s.labels & (TAINT | UPLOAD | ELEM_INPUT)) != 0 {
                                self.stale = true;
                            }
                            s.labels |= v.labels | UNKNOWN;
                            s.lit = LitState::Conflict;
                            s.cur = None;
                        }
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
                    // (`new $class($_GET['id'])` of a class the visitor names is not evidence
                    // alone: admin pages of CMSs load the record type a link names that way.)
                    if reflect && args.first().is_some_and(|a| a.labels & INPUT != 0) {
                        self.hit(Why::DynamicCallFromInput, Danger::Critical, i);
                    }
                    // `new ReflectionFunction('assert')`: a code or shell function kept to call later.
                    let named = args.first().and_then(|a| a.lit.as_deref()).map(lower);
                    if reflect && named.is_some_and(|n| is(&n, CODE) || is(&n, SHELL)) {
                        self.hit(Why::HiddenFunctionName, Danger::High, i);
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
                let (vals, e, table) = self.list(i + 1, b")");
                if name == b"list" && self.op(e, b"=") && self.op(e.wrapping_sub(1), b")") {
                    return self.destructure(i + 1, e);
                }
                let mut v = vals.val();
                v.arr = table;
                return self.postfix(v, e, None, i, None);
            }
            b"eval" if call => {
                let (args, e) = self.args(i + 1);
                let v = args.into_iter().next().unwrap_or_default();
                self.code(&v, i, true);
                self.literal_code(&v, i, &[]);
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
        if call && self.op(i + 2, b"...") && self.op(i + 3, b")") {
            // `strlen(...)`: the function itself as a value (PHP 8.1), not a call.
            return self.postfix(Val::lit(name.to_vec()), i + 4, None, i, None);
        }
        if call {
            let (args, e) = self.args(i + 1);
            let v = self.call(name, &args, i, false);
            self.recycle(args);
            return self.postfix(v, e, None, i, None);
        }
        if self.op(i + 1, b"::") {
            return self.postfix(Val::unknown(), i + 1, None, i, None);
        }
        // A bare word is a constant, or (undefined, in old PHP) its own name as text: `$f =
        // passthru;` names the function without quotes.
        if is_code_or_shell(name) {
            return (Val::lit(name.to_vec()), i + 1, None);
        }
        // A constant the file defined as a code or shell function's name.
        if let Some(Slot { lit: LitState::Known(v), .. }) = self.env.get(&(CONSTS, w)) {
            return (Val::lit(v.clone()), i + 1, None);
        }
        // A bare word of high bytes only (`~(瞰)`): undefined, so its own bytes.
        if w.iter().all(|c| *c >= 0x80) {
            return (Val::lit(w.to_vec()), i + 1, None);
        }
        (Val::default(), i + 1, None)
    }
}

#[cfg(test)]
mod tests;
