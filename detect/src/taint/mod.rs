//! Follows data through a PHP file's tokens: from request input, decoders, downloads and
//! strings assembled character by character, into the places where data becomes code or a
//! command (eval, assert, variable functions, include, shell calls) or a file on disk.
//!
//! The analysis is deliberately simple and never fails: one environment per function (globals
//! share one), flow-insensitive (two passes so later assignments reach earlier uses), literal
//! strings folded through concatenation, table lookups (`$s{17}.$s{9}`), `chr`, `strrev`,
//! `str_rot13`, `base64_decode` and `str_replace`, so a hidden function name is known by name.
//! Work is bounded by the token count.
//!
//! Here: the marks, the analysis's state and its passes. The walk is split by what it reads:
//! `exprs` (expressions), `env` (variables), `idents` (bare words), `calls` (what calls do),
//! `decls` (the file's own functions), `sinks` (code, commands, includes), `call_args` (a
//! call's arguments), `tables` (known arrays and strings), `fold` (literals folded through
//! string functions), `names` (hidden function names).

mod call_args;
mod calls;
mod decls;
mod env;
mod exprs;
mod fold;
mod idents;
mod names;
pub(crate) use names::SHELL;
mod reuse;
mod sinks;
mod tables;

use std::borrow::Cow;
use std::collections::HashMap;

use decls::param_names;
use exprs::is_web_address;
use fold::*;
/// A fast keyed hasher for a file's names (also the shape families' sets).
pub(crate) use names::Keyed;
use names::*;
use reuse::{Bodies, Reading};
use sinks::param_positions;
use tables::*;

use super::detect::{Danger, Why};
use super::php::{Arena, Tok, Token, tokenize};

/// Where a value may come from (bit set).
type Labels = u32;
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
/// …or saves its argument as a file (`move_uploaded_file($a, $b)`, `copy($a, $b)`): handed an
/// uploaded file, it is an upload's dropper under another name.
const WRAPS_SAVE: Labels = 65536;
/// Which parameter a value is, for the first `PARAMS_TRACKED` (`PARAM_0 << k`): what a
/// function does with each parameter, where `PARAM` only says "one of them".
const PARAM_0: Labels = 1 << 17;
const PARAMS_TRACKED: u32 = 4;
const PARAM_BITS: Labels = ((1 << PARAMS_TRACKED) - 1) * PARAM_0;
/// A function that calls parameter k as a function (`CALLS_PARAM_0 << k`)…
const CALLS_PARAM_0: Labels = PARAM_0 << PARAMS_TRACKED;
const CALLS_PARAM_BITS: Labels = ((1 << PARAMS_TRACKED) - 1) * CALLS_PARAM_0;
/// …or includes the file parameter k names, as the whole path (`INCLUDES_PARAM_0 << k`).
const INCLUDES_PARAM_0: Labels = CALLS_PARAM_0 << PARAMS_TRACKED;
const INCLUDES_PARAM_BITS: Labels = ((1 << PARAMS_TRACKED) - 1) * INCLUDES_PARAM_0;
/// A password typed into a login form (`$_POST['pwd']`): sent to another site, it is stolen.
const SECRET: Labels = 1 << 29;
/// …or sends its argument to another site (`curl_setopt($ch, CURLOPT_POSTFIELDS, $a)`, a mail
/// to a written address).
const WRAPS_SEND: Labels = 1 << 30;
/// Starts with another site's address written in the code, whatever follows
/// (`"https://" . $host . $path`, `"https://$host/raw"`): reading it fetches from that site.
const WEB_HEAD: Labels = 1 << 31;
const WRAPS: Labels =
    WRAPS_CODE | WRAPS_SHELL | WRAPS_CALL | WRAPS_SAVE | WRAPS_SEND | CALLS_PARAM_BITS | INCLUDES_PARAM_BITS;
/// Which parameters reach a use (a command; a mail's recipient or sender): bit k for tracked
/// parameter k, `ANY` for one not tracked (or not known: a closure's, a method's of another
/// object).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ParamsAt(u8);

impl ParamsAt {
    const NONE: ParamsAt = ParamsAt(0);
    const ANY: ParamsAt = ParamsAt(0x80);
    /// The parameters a value is, in a function with parameters past the tracked ones or not
    /// (`PARAM` alone is then one of those, else a value kept in a property or a global).
    fn of(labels: Labels, untracked: bool) -> ParamsAt {
        if labels & PARAM == 0 {
            return ParamsAt::NONE;
        }
        let bits = ((labels & PARAM_BITS) >> PARAM_0.trailing_zeros()) as u8;
        ParamsAt(bits | if untracked { ParamsAt::ANY.0 } else { 0 })
    }
    /// Whether the argument at position `k` reaches the use.
    fn reaches(self, k: usize) -> bool {
        self.0 & ParamsAt::ANY.0 != 0 || (k < PARAMS_TRACKED as usize && self.0 & (1 << k) != 0)
    }
}

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

/// Functions that cut or rearrange a string (`cut_name`).
const CUT_NAME: [&[u8]; 10] = [
    b"substr",
    b"mb_substr",
    b"strrev",
    b"str_rot13",
    b"str_replace",
    b"strtr",
    b"implode",
    b"join",
    b"sprintf",
    b"trim",
];

/// Keys of loops over the request's fields remembered in one file.
const MAX_REQUEST_KEYS: usize = 16;
/// Longest literal kept for folding (function names and char tables are short).
const MAX_LIT: usize = 8192;
/// The longest text a function's `return` is remembered by (a name, a short format).
const MAX_RETURNED_TEXT: usize = 64;
/// Longest value kept as a variable's value in the order of the text (names, tables, short
/// code; every read copies it).
const MAX_CUR: usize = 256;
/// Longest string literal taken into folding (borrowed, not copied: an injection's table of
/// 6 KB has its function names cut out of it with `substr`).
const MAX_LITERAL_TOKEN: usize = 8192;

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

/// What the `return`s of the function being read give as text: nothing yet, always the same
/// known text, or something else.
#[derive(Default)]
enum Returned {
    #[default]
    Nothing,
    Lit(Vec<u8>),
    Other,
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
    /// `$$k` or `${$k}`, `$k` the key of a loop over the request's fields: an assignment of
    /// request data to it copies every field into a variable of its name (`foreach ($_POST as
    /// $k => $v) $$k = $v;`, `register_globals` by hand).
    RequestNamed,
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
    /// Keys of loops over the request's fields (`foreach ($_POST as $k => …)`), by scope.
    request_keys: Vec<(u32, &'a [u8])>,
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
    /// The marks of what the script printed from the internet (`readfile` of an address): an
    /// output buffer read back (`ob_get_clean()`) holds it.
    printed: Labels,
    /// What the function being read returns (its marks, for its callers).
    fn_returns: Labels,
    /// …and as text.
    fn_returned: Returned,
    /// Which shell functions (bit per `SHELL` entry) the function's parameters reach.
    fn_shell_kinds: u16,
    /// Which parameters of the function being read reach a command (`ParamsAt`).
    fn_shell_at: ParamsAt,
    /// Which parameters of the function being read become a mail's recipient and its sender.
    fn_mail_at: (ParamsAt, ParamsAt),
    /// The function being read has more parameters than are tracked by position.
    fn_untracked_params: bool,
    /// Named functions that run a parameter as a command: which ones (lowercase name →
    /// `ParamsAt`); a call hands only those arguments to the command.
    shell_at: HashMap<Vec<u8>, ParamsAt, Keyed>,
    /// Named functions that mail to a recipient and from a sender they are given: which
    /// parameters are each (lowercase name → recipient's, sender's).
    mail_at: HashMap<Vec<u8>, (ParamsAt, ParamsAt), Keyed>,
    /// Named functions whose result is decoded, fetched or request data (lowercase name → marks).
    returns: HashMap<Vec<u8>, Labels, Keyed>,
    /// Named functions that only join their parameters (lowercase name → pieces).
    templates: HashMap<Vec<u8>, Vec<Piece>, Keyed>,
    /// Named functions that only return one of PHP's functions of their parameters
    /// (lowercase name → that function and which parameter goes where): `function f($a, $b,
    /// $c) { return str_replace($a, $b, $c); }` is `str_replace` under another name.
    aliases: HashMap<Vec<u8>, (Vec<u8>, Vec<usize>), Keyed>,
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
    /// Calls through elements of arrays that hold request data, per array (`calls_from_table`).
    elem_calls: Vec<(&'a [u8], u8)>,
    /// Bytes of literal code that may still be read, and the patterns compiled (shared by
    /// nested analyses).
    file: PerFile,
    /// Array elements still to be kept in tables for this file: obfuscators' tables are a few
    /// hundred entries, a font's or a dictionary's data files are many thousand, and those
    /// are only walked for sinks, not kept.
    table_budget: usize,
    depth: u32,
    budget: usize,
    out: Vec<Sink>,
    /// What the first pass read of each named function's body, for the second pass to reuse
    /// when nothing the body depends on changed (`reuse`).
    bodies: Bodies,
    /// The named functions' bodies being read now, innermost last (first pass only).
    reading: Vec<Reading>,
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
    let mut file =
        PerFile { nested_code: size.saturating_mul(2).clamp(64 << 10, MAX_NESTED_CODE), ..PerFile::default() };
    // Whether the file checks it runs from the command line is read from its tokens only when a
    // finding depends on it (most files never ask).
    let nesting = Nesting { level: 0, params: &[], command_line: script.command_line.then_some(true), depth: 0 };
    analyze_nested(tokens, &nesting, &mut file).0
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
        Tok::Str(quoted) => {
            let value = quoted.value;
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

/// Files of at most this many tokens may be read more than twice (`MAX_SMALL_PASSES`).
const FIXPOINT_TOKENS: usize = 4_000;
/// Files of more tokens than this (about 80 KB of code) are read once: a second pass over such
/// a file (a database manager of 300 KB, an obfuscated mailer of 85 KB) cost a fifth to a
/// quarter of its time, and over every set of the corpus it changed no file's finding nor
/// level (only a long blob in Adminer's copies, in the malware sets and the clean ones alike,
/// and one reason of a WP-VCD file already found). At 12,000 two files were lost. What is lost: in such a file, data reaching a
/// sink only through a function defined after its caller, or a variable given its value
/// after its use (a backdoor of two chained functions appended to a large plugin file).
const ONE_PASS_TOKENS: usize = 20_000;
/// Most passes over a small file.
const MAX_SMALL_PASSES: usize = 5;

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

/// What one file's analyses share, its nested ones included.
#[derive(Default)]
struct PerFile {
    /// Bytes of code read from string literals that may still be read.
    nested_code: usize,
    pregs: Pregs,
}

/// The sinks of `tokens`, and what its parameters reach (WRAPS_*).
fn analyze_nested(tokens: &[Token<'_>], nesting: &Nesting<'_>, file: &mut PerFile) -> (Vec<Sink>, Labels) {
    let mut a = An {
        t: tokens,
        env: HashMap::default(),
        scope: 0,
        next_scope: 1,
        first: true,
        stale: false,
        record: true,
        extracted: Vec::new(),
        request_keys: Vec::new(),
        wrappers: HashMap::default(),
        var_names: None,
        var_name_scans: 0,
        arg_lists: Vec::new(),
        fn_sinks: 0,
        printed: 0,
        fn_returns: 0,
        fn_returned: Returned::Nothing,
        fn_shell_kinds: 0,
        fn_shell_at: ParamsAt::NONE,
        fn_mail_at: (ParamsAt::NONE, ParamsAt::NONE),
        fn_untracked_params: false,
        shell_at: HashMap::default(),
        mail_at: HashMap::default(),
        returns: HashMap::default(),
        templates: HashMap::default(),
        aliases: HashMap::default(),
        globals: Default::default(),
        global_scopes: Vec::new(),
        props_from_input: false,
        nest: nesting.level,
        command_line: nesting.command_line,
        elem_key: ElemKey::Unknown,
        written_code: Vec::new(),
        elem_calls: Vec::new(),
        file: std::mem::take(file),
        table_budget: MAX_TABLE_ENTRIES,
        depth: nesting.depth,
        budget: 0,
        out: Vec::new(),
        bodies: Bodies::new(nesting.level == 0 && tokens.len() > FIXPOINT_TOKENS),
        reading: Vec::new(),
    };
    for p in nesting.params {
        if let Some(n) = a.var_named(p) {
            a.env.insert((0, n), Slot { labels: PARAM | UNKNOWN, lit: LitState::Conflict, ..Slot::default() });
        }
    }
    // The first pass records too: a second one runs only when a variable gained a mark
    // after it was read (flow-insensitive: a later assignment reaches an earlier use), and
    // only while nothing critical is known (found by the first, or by the shapes before this
    // analysis ran): a file already known to be a backdoor costs one pass (the large webshells
    // full of tables are where the time goes).
    // A small file whose functions' summaries still changed in the second pass is read again,
    // up to `MAX_SMALL_PASSES` in all: droppers chain tiny functions defined in any order
    // (`$_COOKIE` reaches `eval` through eight of them), and each pass carries a summary one
    // function further back.
    let passes = if tokens.len() <= FIXPOINT_TOKENS {
        MAX_SMALL_PASSES
    } else if tokens.len() > ONE_PASS_TOKENS {
        1
    } else {
        2
    };
    for pass in 0..passes {
        if pass > 0 && (!a.stale || a.out.iter().any(|s| s.danger == Danger::Critical)) {
            break;
        }
        let first = pass == 0;
        a.first = first;
        a.stale = false;
        count_pass();
        a.out.clear();
        a.scope = 0;
        a.next_scope = 1;
        a.fn_sinks = 0;
        a.elem_calls.clear();
        for s in a.env.values_mut() {
            s.cur = None;
            s.atoms = 0;
            s.cur_arr = None;
        }
        a.budget = tokens.len().saturating_mul(8) + 10_000;
        a.block(0, tokens.len());
    }
    *file = std::mem::take(&mut a.file);
    (a.out, a.fn_sinks)
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

    /// A variable changed after it was read in the first pass: another pass is needed, and the
    /// bodies being read are not reused.
    fn mark_stale(&mut self) {
        self.stale = true;
        self.bodies.stale_events += 1;
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
        self.t[(i + 1).min(close)..close].iter().any(|t| matches!(&t.tok, Tok::Str(quoted) if f(quoted.value)))
    }

    /// Whether the expression at `i` is a call of a function that cuts or rearranges a
    /// string (`substr($this->data, 6)`): a global's name taken out of a longer text is hidden
    /// on purpose (`$GLOBALS[substr($d, 6)]` is `$_COOKIE` behind a fake class's constant).
    fn cut_name(&self, i: usize) -> bool {
        matches!(self.tok(i), Some(Tok::Ident(f)) if CUT_NAME.iter().any(|c| same_ci(f, c))) && self.op(i + 1, b"(")
    }

    /// Whether the call at `i` (name, then `(`) is given `FILE_APPEND`.
    fn appends(&self, i: usize) -> bool {
        let close = self.close_of(i + 1).min(self.t.len());
        self.t[(i + 1).min(close)..close].iter().any(|x| matches!(x.tok, Tok::Ident(w) if w == b"FILE_APPEND"))
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
}

#[cfg(test)]
mod tests;
