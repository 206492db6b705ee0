//! What calls do: functions that run their argument, named and hidden calls, callbacks, and
//! the sinks (code, shell, include).

use super::*;

/// The marks a value keeps through string and array functions (a parameter stays one:
/// `explode('#', $p)` is still what the caller passed).
const KEPT: Labels = ANY_INPUT | DECODED | REMOTE | UPLOAD | ASSEMBLED | BLOB | PARAM | PARAM_BITS | SECRET;
/// Budget a `preg_replace` of literals costs to fold (its pattern is compiled).
const PREG_FOLD_COST: usize = 256;
/// Tokens after a `define` of a function's name looked through for the constant's uses.
const MAX_CONST_SCAN: usize = 4096;
/// Files written with code around data remembered per file (`An::written_code`).
const MAX_WRITTEN_CODE: usize = 8;

/// Calls through an input-holding array's elements that make it a table of functions.
const TABLE_CALLS: u8 = 3;
/// Arrays followed for `calls_from_table` per pass.
const MAX_TABLES_CALLED: usize = 16;

impl<'t, 'a> An<'t, 'a> {
    /// A call of a named function: its sinks and its value.
    pub(super) fn call(&mut self, name: &[u8], args: &[Val<'t>], i: usize, via_variable: bool) -> Val<'t> {
        self.consulted(name);
        if let Some(w) = self.wrappers.get(name).copied() {
            let at = self.shell_at_of(name);
            self.wrapped(w, args, i, at);
        }
        if self.t.len() <= FIXPOINT_TOKENS
            && !self.mail_at.is_empty()
            && let Some((to, from)) = self.mail_at.get(name).copied()
        {
            // The file's own mail helper: what reaches its recipient and its sender. (In a small
            // file: a relay is a few lines; a large application's helper is handed addresses
            // from its own tables, read under keys the visitor picks, as Adminer Editor's mass
            // mail is.)
            let reaching = |at: ParamsAt| {
                args.iter().enumerate().filter(|(k, _)| at.reaches(*k)).fold(0, |l, (_, a)| l | a.labels)
            };
            self.mailed(reaching(to), reaching(from), i);
        }
        // (One step: what it names is not another such function.)
        if !self.aliases.is_empty()
            && let Some((builtin, order)) = self.aliases.get(name).cloned()
            && !self.aliases.contains_key(&builtin)
        {
            let args: Vec<Val<'t>> = order.iter().map(|k| args.get(*k).cloned().unwrap_or_default()).collect();
            return self.call(&builtin, &args, i, via_variable);
        }
        let arg = |n: usize| args.get(n).cloned().unwrap_or_default();
        let mut union = Val::default();
        for a in args {
            union.labels |= a.labels;
        }
        union.labels &= !PHP_NAME;
        if args.iter().any(|a| a.lit.as_deref() == Some(b"php://input".as_slice())) {
            return Val { labels: INPUT | UNKNOWN, ..Val::default() };
        }
        if name == b"define"
            && let (Some(k), Some(v)) = (arg(0).lit, arg(1).lit)
            && is_code_or_shell(&lower(&v))
        {
            // `define('F', 'system')`: the bare word `F` names the function (a constant's uses
            // are found by the word, so only such names are kept).
            // (Looked for in the tokens after the definition, paid from the analysis's budget.)
            let t: &'t [Token<'a>] = self.t;
            let after = &t[i.min(t.len())..t.len().min(i + MAX_CONST_SCAN).min(i + self.budget)];
            self.budget = self.budget.saturating_sub(after.len());
            if let Some(w) = after.iter().find_map(|x| match x.tok {
                Tok::Ident(w) if w == k.as_ref() => Some(w),
                _ => None,
            }) {
                self.touch(CONSTS);
                self.const_defined();
                self.env.entry((CONSTS, w)).or_default().lit = LitState::Known(v.to_vec());
                if self.first {
                    self.mark_stale();
                }
            }
        }
        if via_variable && (is(name, SHELL) || is(name, CODE) || is(name, &["file_put_contents", "move_uploaded_file"]))
        {
            self.hit(Why::HiddenFunctionName, Danger::High, i);
        }
        let class = class(name);
        if name == b"pack" && arg(0).lit.as_deref().is_some_and(|f| !packs_text(f)) {
            // `pack('N', $n)`: numbers made binary (a file format's header), nothing decoded.
            return Val { labels: union.labels & !DECODED | UNKNOWN, ..Val::default() };
        }
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
            return Val { labels: union.labels | DECODED, lit: lit.map(Cow::Owned), ..Val::default() };
        }
        match name {
            b"chr" => {
                let c = arg(0).lit.as_deref().and_then(parse_num).map(|n| vec![(n.rem_euclid(256)) as u8]);
                // A character computed from another (`chr(ord($s[$i]) + 3)`): a decoder's step.
                let shifted = if c.is_none() && arg(0).labels & OPERATED != 0 { DECODED } else { 0 };
                return Val {
                    labels: arg(0).labels & TAINT | shifted,
                    lit: c.map(Cow::Owned),
                    atoms: 1,
                    ..Val::default()
                };
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
                return Val { labels: ASSEMBLED, lit: Some(Cow::Owned(out)), ..Val::default() };
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
                // Characters swapped in a known text hide it; in other data it is text work.
                let decoded = if lit.is_some() { DECODED } else { 0 };
                return Val { labels: union.labels | decoded, lit, ..Val::default() };
            }
            // Called through a variable (`$f = 'extract'; $f($a)`): read as a bare call is.
            b"extract" | b"import_request_variables" => {
                self.request_into_variables(args, None);
                return Val::default();
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
            // `imap_mail` and `mb_send_mail` take the same four arguments.
            b"mail" | b"imap_mail" | b"mb_send_mail" | b"wp_mail" => {
                // Recipients and headers (or an encoded body) all chosen by the visitor.
                let free = |v: &Val<'t>| v.labels & ANY_INPUT != 0 && v.labels & FIXED_HEAD == 0;
                if name != b"wp_mail" {
                    if arg(2).labels & (DECODED | BLOB) != 0 && free(&arg(0)) {
                        self.hit(Why::MailFromInput, Danger::High, i);
                    }
                    // Recipient, subject and text all the visitor's, none behind the site's
                    // words: an open relay (fresh146's random-named `qkOtHbNHi5.php`). A
                    // "tell a friend" form writes its own subject or text around theirs.
                    if free(&arg(0)) && free(&arg(1)) && free(&arg(2)) {
                        self.hit(Why::MailFromInput, Danger::High, i);
                    }
                    self.mailed(arg(0).labels, arg(3).labels, i);
                }
                // A login's password mailed to an address the file holds (a registration mail
                // goes to the address the new user typed).
                let told = args.iter().skip(1).fold(0, |l, a| l | a.labels);
                let to = arg(0);
                if to.labels & ANY_INPUT == 0 && (to.lit.is_some() || to.labels & HIDDEN != 0) {
                    self.sent(told, i);
                }
                return Val::unknown();
            }
            b"curl_setopt" => {
                // What a request carries to another site: its address and its form.
                self.sent(arg(2).labels, i);
                // The answer written straight into a file (`CURLOPT_FILE`, a handle `fopen`
                // opened on a path): including that path runs what was downloaded.
                if self.written_code.len() < MAX_WRITTEN_CODE
                    && self.second_arg_is(i, |t| matches!(t, Tok::Ident(b"CURLOPT_FILE") | Tok::Num(b"10001")))
                    && let Some(path) = self.arg_var(i, 2).and_then(|h| self.opened_path(i, h))
                {
                    self.written_code.push((path, REMOTE));
                }
                return Val::unknown();
            }
            b"wp_remote_post" | b"wp_remote_get" | b"wp_remote_request" | b"wp_safe_remote_post" | b"fsockopen" => {
                self.sent(union.labels, i);
            }
            b"exif_read_data" | b"iptcparse" => {
                // Text hidden in an image's headers.
                return Val { labels: DECODED | UNKNOWN, ..Val::default() };
            }
            b"strtolower" | b"strtoupper" | b"ucfirst" | b"lcfirst" | b"ucwords" | b"trim" | b"ltrim" | b"rtrim"
            | b"chop" | b"substr_replace" => {
                // `ucfirst('assert')`, `trim("\x0bassert")`, `rtrim('assert x', ' x')`: a known
                // name in other letters or with padding (PHP's names ignore case).
                let lit = arg(0).lit.and_then(|s| recase_or_trim(name, &s, &args[1.min(args.len())..]));
                let labels = union.labels & KEPT | if lit.is_some() { 0 } else { UNKNOWN };
                return Val { labels, lit: lit.map(Cow::Owned), ..Val::default() };
            }
            b"str_replace" | b"str_ireplace" => {
                let (a, b, c) = (arg(0), arg(1), arg(2));
                let lit = match (&a.lit, &b.lit, &c.lit) {
                    (Some(a), Some(b), Some(c)) => Some(replace(c, a, b)),
                    _ => None,
                };
                return Val { labels: union.labels, lit: lit.map(Cow::Owned), ..Val::default() };
            }
            b"assert" => {
                let a = arg(0);
                if a.labels & (TAINT | PARAM) != 0 && a.labels & OPERATED == 0 {
                    self.code(&a, i, false);
                }
                self.literal_code(&a, i, &[]);
                return Val::unknown();
            }
            b"create_function" => {
                let body = arg(1);
                self.code(&body, i, true);
                let params = arg(0).lit.as_deref().map(param_names).unwrap_or_default();
                let wraps = self.literal_code(&body, i, &params);
                if wraps != 0 {
                    // A function made from text that runs its own argument: `eval` or a shell
                    // under a name nobody wrote.
                    self.hit(Why::HiddenFunctionName, Danger::High, i);
                }
                return Val { labels: UNKNOWN | (body.labels & TAINT) | wraps, ..Val::default() };
            }
            b"array_intersect_key" => {
                // The first table's entries whose keys the second has (fresh109's shell keeps
                // `assert`'s pieces as the keys two tables share).
                let arr = match (arg(0).arr, arg(1).arr) {
                    (Some(a), Some(b)) => {
                        Some(Table::new(a.iter().filter(|(k, _)| b.iter().any(|(kb, _)| kb == k)).cloned().collect()))
                    }
                    _ => None,
                };
                return Val { labels: union.labels & KEPT | UNKNOWN, arr, ..Val::default() };
            }
            b"explode" | b"str_split" | b"preg_split" | b"array_reverse" | b"range" | b"array_keys"
            | b"array_values" => {
                // Arrays of known pieces: `explode('.', 'a.ss.ert')`, `str_split('abc')`,
                // `range('a', 'z')`.
                let pieces: Option<Vec<Vec<u8>>> = match (name, arg(0).lit, arg(1).lit) {
                    (b"explode", Some(sep), Some(s)) if !sep.is_empty() && s.len() <= MAX_LIT => Some(
                        memchr::memmem::find_iter(&s, &sep)
                            .chain(std::iter::once(s.len()))
                            .scan(0, |from, at| {
                                let p = s[*from..at].to_vec();
                                *from = at + sep.len();
                                Some(p)
                            })
                            .collect(),
                    ),
                    (b"str_split", Some(s), n) if s.len() <= MAX_LIT => {
                        let n = n.as_deref().and_then(parse_num).unwrap_or(1).max(1) as usize;
                        Some(s.chunks(n).map(<[u8]>::to_vec).collect())
                    }
                    (b"preg_split", Some(p), Some(s)) if *p == *b"//" && s.len() <= MAX_LIT => {
                        Some(s.iter().map(|c| vec![*c]).collect())
                    }
                    (b"array_reverse", _, _) => arg(0).arr.map(|t| t.iter().rev().map(|(_, v)| v.clone()).collect()),
                    // (Without a value to look for: `array_keys($t, 'x')` is a search.)
                    (b"array_keys", _, None) if args.len() == 1 => {
                        arg(0).arr.map(|t| t.iter().map(|(k, _)| k.clone()).collect())
                    }
                    (b"array_values", _, _) => arg(0).arr.map(|t| t.iter().map(|(_, v)| v.clone()).collect()),
                    // A table of characters: `range('~', ' ')` (from one byte to another, either way).
                    (b"range", Some(a), Some(b))
                        if a.len() == 1 && b.len() == 1 && !(a[0].is_ascii_digit() && b[0].is_ascii_digit()) =>
                    {
                        let (a, b) = (a[0], b[0]);
                        let bytes: Vec<u8> = if a <= b { (a..=b).collect() } else { (b..=a).rev().collect() };
                        Some(bytes.into_iter().map(|c| vec![c]).collect())
                    }
                    _ => None,
                };
                let arr = pieces.map(|p| {
                    Table::new(
                        p.into_iter()
                            .filter(|v| kept_element(v))
                            .take(MAX_TABLE)
                            .enumerate()
                            .map(|(k, v)| (k.to_string().into_bytes(), v))
                            .collect(),
                    )
                });
                return Val { labels: union.labels & KEPT | UNKNOWN, arr, ..Val::default() };
            }
            b"implode" | b"join" => {
                let (sep, t) = match (arg(0).arr, arg(1).arr) {
                    (_, Some(t)) => (arg(0).lit, Some(t)),
                    (Some(t), _) => (Some(Cow::Borrowed(&[][..])), Some(t)),
                    _ => (None, None),
                };
                let lit = match (sep, t) {
                    (Some(sep), Some(t)) if t.iter().map(|(_, v)| v.len() + sep.len()).sum::<usize>() <= MAX_LIT => {
                        Some(t.iter().map(|(_, v)| v.as_slice()).collect::<Vec<_>>().join(&sep[..]))
                    }
                    _ => None,
                };
                let labels = union.labels & KEPT | if lit.is_some() { 0 } else { UNKNOWN };
                return Val { labels, lit: lit.map(Cow::Owned), ..Val::default() };
            }
            b"substr" => {
                // `substr('sysatem', 0, 3)`: pieces of a known text.
                let lit = match (arg(0).lit, args.get(1).and_then(|a| a.lit.as_deref()).and_then(parse_num)) {
                    (Some(s), Some(start)) => {
                        let n = s.len() as i64;
                        let from = if start < 0 { (n + start).max(0) } else { start.min(n) };
                        let len = args.get(2).and_then(|a| a.lit.as_deref()).and_then(parse_num);
                        let to = match len {
                            None => n,
                            Some(l) if l < 0 => (n + l).max(from),
                            Some(l) => (from + l).min(n),
                        };
                        Some(s[from as usize..to.max(from) as usize].to_vec())
                    }
                    _ => None,
                };
                let labels = union.labels & KEPT | if lit.is_some() { 0 } else { UNKNOWN };
                return Val { labels, lit: lit.map(Cow::Owned), ..Val::default() };
            }
            b"preg_match" | b"preg_match_all" => {
                // The matches (third argument, by reference) are parts of the subject.
                if let Some(m) = self.arg_var(i, 2) {
                    let v = Val { labels: arg(1).labels & (ANY_INPUT | DECODED | REMOTE) | UNKNOWN, ..Val::default() };
                    self.assign(Target::Var(m), b"=", &v);
                }
                return Val::default();
            }
            b"unserialize" => {
                // Objects made from request data: their properties are the visitor's. (Not a
                // reply fetched from another site whose query the visitor picked: fresh138's
                // gallery plugin unserializes its maker's demo items, `getdemo.php?demo=…`.)
                // (Only where a class of the file has a method PHP runs on such an object by
                // itself, `__destruct`, `__wakeup`…: an object injection's way to run code. A
                // plugin that unserializes an import has none, fresh138's gallery.)
                if arg(0).labels & ANY_INPUT != 0
                    && arg(0).labels & REMOTE == 0
                    && !self.props_from_input
                    && self.has_magic_method()
                {
                    self.props_from_input = true;
                    self.mark_stale();
                }
                return Val { labels: union.labels & ANY_INPUT | UNKNOWN, ..Val::default() };
            }
            b"filter_var" | b"filter_var_array" => {
                // (Its callbacks' names are asked about from the call's strings.)
                self.not_own();
                // `FILTER_CALLBACK` with a code or shell function as the callback.
                let runs = self.strings_in_call(i, |s| {
                    let s = lower(s);
                    is(&s, CODE) || is(&s, SHELL)
                });
                if runs && arg(0).labels & ANY_INPUT != 0 {
                    self.hit(Why::CodeFromInput, Danger::Critical, i);
                }
                // …or a function of the file's own that runs its argument.
                let wrappers = &self.wrappers;
                let mut wraps = 0;
                let _ = self.strings_in_call(i, |s| {
                    wraps |= wrappers.get(lower(s).as_slice()).copied().unwrap_or(0);
                    false
                });
                if wraps != 0 {
                    self.wrapped(wraps, &args[..1.min(args.len())], i, ParamsAt::ANY);
                }
                return Val { labels: union.labels & (ANY_INPUT | DECODED) | UNKNOWN, ..Val::default() };
            }
            b"preg_replace" | b"preg_filter" => {
                let p = arg(0);
                if p.labels & INPUT != 0 && p.labels & FIXED_HEAD == 0 {
                    self.hit(Why::CodeFromInput, Danger::Critical, i);
                } else if p.lit.is_none()
                    && p.labels & (DECODED | REMOTE) != 0
                    && !matches!(self.tok(i + 2), Some(Tok::Str(_)))
                {
                    // A pattern taken whole from decoded or fetched data (an image's headers).
                    self.hit(Why::EvalOfDecoded, Danger::Critical, i);
                } else if p.lit.as_deref().is_some_and(preg_has_e) {
                    // Old code used `/e` with a fixed replacement (`strtoupper('\\1')`): weak
                    // unless that code does something itself or the data is hidden or the visitor's.
                    let fixed = arg(1).tok.is_some();
                    // …or a double-quoted one naming the application's own variables, none of
                    // them the visitor's or decoded (an old Twitter library's link maker).
                    let own_vars = !fixed
                        && arg(1).labels & TAINT == 0
                        && self.arg_span(i, 1).is_some_and(|(start, end)| {
                            end == start + 1
                                && matches!(self.tok(start), Some(Tok::Str(quoted)) if !quoted.vars.is_empty())
                        });
                    let before = self.out.len();
                    if fixed {
                        self.literal_code(&arg(1), i, &[]);
                    }
                    // A replacement that uses no part of the match but calls functions: code
                    // run for its own sake (a packed loader's `preg_replace('/.*/e', 'f(g($x))', '.')`).
                    let runs_own = match arg(1).tok.and_then(|k| self.tok(k)) {
                        Some(Tok::Str(quoted)) => runs_without_match(quoted.value),
                        _ => false,
                    };
                    let d = if (arg(1).labels | arg(2).labels) & TAINT != 0 {
                        Danger::Critical
                    } else if !(fixed || own_vars) || self.out.len() > before || runs_own {
                        Danger::High
                    } else {
                        Danger::Low
                    };
                    self.hit(Why::PregReplaceEval, d, i);
                }
                // A name cleaned out of a padded literal (`preg_replace('/_/', '', 's_y_s_t_e_m')`),
                // paid from the analysis's budget.
                if let (Some(pat), Some(rep), Some(sub)) = (&p.lit, &arg(1).lit, &arg(2).lit)
                    && self.budget > PREG_FOLD_COST
                    && let Some(l) = {
                        self.budget -= PREG_FOLD_COST;
                        self.file.pregs.fold(pat, rep, sub)
                    }
                {
                    return Val { labels: union.labels, lit: Some(Cow::Owned(l)), ..Val::default() };
                }
                return Val { labels: union.labels | UNKNOWN, ..Val::default() };
            }
            // WordPress's `load_template` requires the file it is given (a fake plugin's
            // `load_template("zip://" . locate_template("x.theme") . "#archive")`).
            b"load_template" => {
                self.include(&arg(0), i);
                return Val::unknown();
            }
            b"mb_ereg_replace" | b"mb_eregi_replace" => {
                if arg(3).lit.as_deref().is_some_and(|o| o.contains(&b'e')) {
                    self.hit(Why::PregReplaceEval, Danger::High, i);
                }
                return Val::unknown();
            }
            b"file_put_contents" | b"fwrite" | b"fputs" => {
                let (mut path, data) = (arg(0), arg(1));
                // A handle's PHP name counts for another site's text only: an installer writes
                // the settings file it was given line by line (WordPress's `setup-config.php`).
                if name != b"file_put_contents" && (data.labels & REMOTE == 0 || data.labels & ANY_INPUT != 0) {
                    path.labels &= !PHP_NAME;
                }
                // (Into a data file the function names itself, `'log.txt'`: no script is made.)
                let data_file =
                    name == b"file_put_contents" && path.labels & ANY_INPUT == 0 && self.arg_names_data_file(i, 0);
                if data.labels & PARAM != 0 && !data_file {
                    self.fn_sinks |= WRAPS_SAVE;
                }
                // Installers and editors write what a visitor typed too: strong only when the
                // visitor also picks the file, or the file is PHP, or the data is a blob.
                // PHP's own streams (`php://stdout`, `php://memory`) are not files.
                let stream = path.lit.as_deref().is_some_and(|p| {
                    let p = lower(p);
                    [b"php://stdout".as_slice(), b"php://stderr", b"php://output", b"php://memory", b"php://temp"]
                        .iter()
                        .any(|s| p.starts_with(s))
                });
                // A login's password added to a file (a skimmer's log; an installer writes its
                // configuration whole, never appended).
                if name == b"file_put_contents" && data.labels & SECRET != 0 && self.appends(i) {
                    self.hit(Why::CredentialCollector, Danger::High, i);
                }
                // A script written out whole from a literal: what that script does.
                if self.written_script_is_dangerous(&data) {
                    self.hit(Why::UploadDropper, Danger::High, i);
                }
                // PHP code written around data (`'<?php ' . $code`), or decoded or fetched data
                // written whole, into a file named by a variable: including that file later
                // runs the data.
                if name == b"file_put_contents"
                    && self.written_code.len() < MAX_WRITTEN_CODE
                    && (data.labels & (DECODED | REMOTE | BLOB) != 0
                        || (data.lit.is_none() && self.strings_in_call(i, |s| s.len() >= 2 && s[..2] == *b"<?")))
                    && let Some(v) = self.arg_var(i, 0)
                {
                    self.written_code.push((v, data.labels));
                    self.not_own();
                }
                // The script's own code rewritten with what a visitor sent (WP-VCD's
                // `change_code` action): code a visitor chooses, run at the next request,
                // whatever the application around it checks.
                if name == b"file_put_contents" && data.labels & INPUT != 0 && self.arg_is_own_file(i, 0) {
                    self.hit(Why::WritesCodeWithInput, Danger::High, i);
                }
                let inert = data_file && !self.idents_in_call(i, b"FILE_APPEND");
                // A command-line tool (a build or update script) writes what its operator asked.
                if data.labels & (ANY_INPUT | REMOTE | DECODED) != 0 && !stream && !inert && !self.command_line() {
                    // Fetched text written behind a PHP open tag makes a script.
                    let php_open = data.labels & REMOTE != 0
                        && self.strings_in_call(i, |s| s.len() >= 5 && s[..5].eq_ignore_ascii_case(b"<?php"));
                    let strong = path.labels & (ANY_INPUT | PHP_NAME) != 0 || data.labels & BLOB != 0 || php_open;
                    // Another site's text saved as a PHP file of the site (WP-VCD's
                    // `wp-tmp.php` from its `code.php`): code downloaded to be run, never what
                    // the application's users sent, however the file checks its users.
                    let downloaded = data.labels & REMOTE != 0
                        && data.labels & ANY_INPUT == 0
                        && (path.labels & PHP_NAME != 0 || php_open);
                    let why = if downloaded { Why::CodeFromInternet } else { Why::UploadDropper };
                    self.hit(why, if strong { Danger::High } else { Danger::Low }, i);
                }
                return Val::unknown();
            }
            b"move_uploaded_file" | b"copy" | b"rename" => {
                let (src, dst) = (arg(0), arg(1));
                if dst.labels & ANY_INPUT == 0 && self.arg_ends_inert(i, 1) {
                    // Saved as an image, a document or data: a file no server runs.
                    return Val::unknown();
                }
                if src.labels & PARAM != 0 && name != b"rename" {
                    self.fn_sinks |= WRAPS_SAVE;
                }
                if src.labels & UPLOAD != 0 || (name == b"copy" && src.labels & INPUT != 0) {
                    // (An upload put in place of the script itself, `__FILE__`, is PHP too: the
                    // self-update of a spam script.)
                    let php = dst.labels & (ANY_INPUT | PHP_NAME) != 0 || self.arg_is_own_file(i, 1);
                    let d = if php { Danger::High } else { Danger::Low };
                    self.hit(Why::UploadDropper, d, i);
                } else if name == b"copy" && src.lit.as_deref().is_some_and(|s| s.starts_with(b"http")) {
                    self.hit(Why::UploadDropper, Danger::Low, i);
                }
                return Val::unknown();
            }
            b"ob_get_clean" | b"ob_get_contents" | b"ob_get_flush" if self.printed != 0 => {
                return Val { labels: self.printed | UNKNOWN, ..Val::default() };
            }
            b"escapeshellcmd" => {
                // A command whose whole text is the visitor's, its marks escaped: still any
                // program they name (fresh158's Realzcode shell runs `escapeshellcmd($_GET['x'])`).
                // After a fixed program's name, only its arguments are the visitor's: escaped.
                let a = arg(0);
                if a.labels & INPUT != 0 && a.labels & FIXED_HEAD == 0 {
                    return Val { labels: a.labels & ANY_INPUT | UNKNOWN, ..Val::default() };
                }
                return Val::default();
            }
            b"realpath" => {
                // The same path, resolved: a fixed folder stays the start.
                return Val { labels: arg(0).labels & (ANY_INPUT | FIXED_HEAD) | UNKNOWN, ..Val::default() };
            }
            b"getenv" => {
                let l = if arg(0).lit.as_deref().is_some_and(server_key_is_input) { INPUT } else { 0 };
                return Val { labels: l | UNKNOWN, ..Val::default() };
            }
            b"file_get_contents" | b"fopen" | b"file" | b"readfile" | b"fgets" | b"fread" | b"stream_get_contents" => {
                let a0 = arg(0);
                // A password in an address read (`file_get_contents("http://…?p=$pwd")`), or in
                // a request's context.
                if matches!(name, b"file_get_contents" | b"fopen" | b"file") {
                    // (A parameter posted in the context makes the function a sender; one read
                    // as the address, a reader of any page. `fopen`'s context is its fourth.)
                    let context = if name == b"fopen" { arg(3) } else { arg(2) };
                    self.sent((a0.labels & !PARAM) | context.labels, i);
                }
                let remote = a0.lit.as_deref().is_some_and(is_web_address) || a0.labels & WEB_HEAD != 0;
                let l = if remote { REMOTE } else { 0 };
                // A file opened to be written whole keeps its PHP name: what `fwrite` puts there
                // runs. (Appended to, it is a log, `<?php die(); ?>` at its head.)
                let writing = name == b"fopen"
                    && arg(1).lit.as_deref().is_some_and(|m| matches!(m.first(), Some(b'w' | b'x' | b'c')));
                let php = if writing { a0.labels & PHP_NAME } else { 0 };
                // An uploaded file's text is what the visitor sent (fresh118's deployer reads
                // `$_FILES['file']['tmp_name']` and writes it into ten folders).
                let uploaded = if name != b"fopen" && a0.labels & UPLOAD != 0 { INPUT } else { 0 };
                if name == b"readfile" {
                    // Printed, and caught by an output buffer to be read back (fresh166's
                    // `base6644.php`: `ob_start(); readfile(…); eval('?>' . ob_get_clean());`).
                    self.printed |= (a0.labels & ANY_INPUT) | l;
                }
                return Val {
                    labels: union.labels & (ANY_INPUT | REMOTE | DECODED) | l | php | uploaded | UNKNOWN,
                    ..Val::default()
                };
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
            if cmd.labels & PARAM != 0
                && let Some(k) = SHELL.iter().position(|s| s.as_bytes() == name)
            {
                self.fn_shell_kinds |= 1 << k;
            }
            self.shell(&cmd, i, false);
            return Val::unknown();
        }
        if class & C_CALLBACK != 0
            && let Some((_, pos)) = CALLBACKS.iter().find(|(n, _)| n.as_bytes() == name)
        {
            // `LAST`: the callback comes after the arrays (`array_udiff($a, $b, $f)`).
            let pos = if *pos == LAST { args.len().saturating_sub(1) } else { *pos };
            let cb = arg(pos);
            let rest: Vec<Val<'t>> =
                args.iter().enumerate().filter(|(k, _)| *k != pos).map(|(_, a)| a.clone()).collect();
            self.callback(&cb, &rest, i);
            // A fetch or a decoder called by its name (`call_user_func($f, $url)`, the name
            // pieced together: fresh162's `cobacoba.php`): its result is that call's.
            if name == b"call_user_func"
                && let Some(n) = cb.lit.as_deref().map(lower)
                && (is(&n, REMOTE_CALLS) || is(&n, DECODERS))
            {
                return self.call(&n, &rest, i, true);
            }
            if cb.labels & INPUT != 0 && self.called_with_nothing(i, &rest) {
                // What a function the visitor picks returns may be the request (`getallheaders`).
                return Val { labels: INPUT | UNKNOWN, ..Val::default() };
            }
            if name == b"array_map" {
                // Each element transformed: the arrays' marks stay (`array_map('ord', …)` is the
                // data as numbers), and characters made from numbers or a decoder's output are
                // decoded data (`array_map('chr', $codes)`, `array_map('base64_decode', …)`).
                let decodes = cb.lit.as_deref().map(lower).is_some_and(|n| n == b"chr" || is(&n, DECODERS));
                let mut v = Val::unknown();
                for a in &rest {
                    v.labels |= a.labels & KEPT;
                }
                if decodes && v.labels & TAINT != 0 {
                    v.labels |= DECODED;
                }
                // A written list of codes made characters (`array_map('chr', [109, 111, …])`,
                // fresh106's one-line dropper joins them with `implode` for `eval`): the text is
                // known, and hidden.
                if cb.lit.as_deref().map(lower).is_some_and(|n| n == b"chr")
                    && let [codes] = rest.as_slice()
                    && let Some(t) = &codes.arr
                    && !t.is_empty()
                    && t.iter().all(|(_, c)| parse_num(c).is_some_and(|n| (0..256).contains(&n)))
                {
                    let chars = t.iter().map(|(k, c)| (k.clone(), vec![parse_num(c).unwrap_or(0) as u8])).collect();
                    return Val { labels: v.labels | DECODED, arr: Some(std::rc::Rc::new(chars)), ..Val::default() };
                }
                return v;
            }
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
        if let Some(t) = self.templates.get(name) {
            let mut lit = Some(Vec::new());
            let mut atoms = 0u16;
            for p in t {
                let piece = match p {
                    Piece::Lit(l) => Some(l.as_slice()),
                    Piece::Param(k) => args.get(*k).and_then(|a| {
                        atoms = atoms.saturating_add(a.atoms);
                        a.lit.as_deref()
                    }),
                };
                match (&mut lit, piece) {
                    (Some(l), Some(x)) if l.len() + x.len() <= MAX_LIT => l.extend_from_slice(x),
                    _ => lit = None,
                }
            }
            let labels = union.labels & (ANY_INPUT | DECODED | REMOTE | UPLOAD | ASSEMBLED | BLOB);
            return Val {
                labels: labels | if lit.is_some() { 0 } else { UNKNOWN },
                lit: lit.map(Cow::Owned),
                atoms,
                ..Val::default()
            };
        }
        // An unknown function keeps its arguments' marks (a blob given to a decoder of the file's
        // own stays a blob); a function of the file's own adds what it returns.
        let returns = self.returns.get(name).copied().unwrap_or(0);
        Val { labels: union.labels & KEPT | returns | fetched_from_site(args) | UNKNOWN, ..Val::default() }
    }

    /// Functions called through elements of an array that holds request data, their names
    /// unknown (`$p[0]() . $p[25]; $p[14]($n, $p[9]($c[3]))`): the names are pieces of a cookie
    /// or a form, a dropper's whole vocabulary. One or two such calls are an application's
    /// handlers kept beside its settings; three are a table of functions the visitor sent.
    pub(super) fn calls_from_table(&mut self, array: &'a [u8], callee: &Val<'t>, i: usize) {
        if callee.labels & ELEM_INPUT == 0 || callee.lit.is_some() || !self.record {
            return;
        }
        // (Counted over the whole pass.)
        self.not_own();
        let k = match self.elem_calls.iter().position(|(a, _)| *a == array) {
            Some(k) => k,
            None if self.elem_calls.len() < MAX_TABLES_CALLED => {
                self.elem_calls.push((array, 0));
                self.elem_calls.len() - 1
            }
            None => return,
        };
        let n = &mut self.elem_calls[k].1;
        *n = n.saturating_add(1);
        if *n == TABLE_CALLS {
            self.hit(Why::DynamicCallFromInput, Danger::Critical, i);
        }
    }

    /// A function called through a value: `$f(...)`, `$_GET['f'](...)`, `('sys'.'tem')(...)`.
    pub(super) fn var_call(&mut self, callee: &Val<'t>, args: &[Val<'t>], i: usize) -> Val<'t> {
        let tainted_args = args.iter().any(|a| a.labels & (INPUT | DECODED | REMOTE | BLOB) != 0);
        if callee.labels & INPUT != 0 {
            // Given nothing, the function picked can only be one that needs nothing (an
            // application's router calling its own handler by the action's name); what it
            // returns may still be the request (`getallheaders`), so the result is the visitor's.
            // (Or a name behind the application's own prefix: `'dhvc_form_action_' . $action`
            // picks one of its handlers, fresh138's form plugin.)
            if args.is_empty() || behind_own_prefix(callee.labels) {
                self.hit(Why::DynamicCallFromInput, Danger::Low, i);
                return Val { labels: INPUT | UNKNOWN, ..Val::default() };
            }
            self.hit(Why::DynamicCallFromInput, Danger::Critical, i);
            return Val::unknown();
        }
        if callee.labels & PARAM != 0 {
            self.fn_sinks |= WRAPS_CALL | param_positions(callee.labels, CALLS_PARAM_0);
        }
        if callee.labels & WRAPS != 0 {
            self.wrapped(callee.labels & WRAPS, args, i, ParamsAt::ANY);
        }
        // A function of unknown name given code in a literal (`$f("eval(gzinflate(…))")`):
        // `assert` under a name built at run time. What that code does is what the call does
        // (only its strong findings: a literal is text more often than code).
        // (A name folded from a loop's first turn is not known: only `assert`'s own name is.)
        let known_code = callee.lit.as_deref().is_some_and(|n| is(&lower(n), CODE));
        if let Some(first) = args.first().filter(|a| !known_code && a.tok.is_some() && a.labels & UNKNOWN == 0) {
            let before = self.out.len();
            self.literal_code(first, i, &[]);
            if self.out[before..].iter().any(|s| s.danger >= Danger::High) {
                self.hit(Why::HiddenFunctionName, Danger::High, i);
            } else {
                self.out.truncate(before);
            }
        }
        // (An empty name is a variable initialised empty and then built in a loop.)
        if let Some(name) = callee.lit.as_deref().filter(|n| !n.is_empty()).map(lower) {
            if callee.labels & HIDDEN != 0 {
                let d = if tainted_args { Danger::Critical } else { Danger::High };
                self.hit(Why::HiddenFunctionName, d, i);
            }
            return self.call(&name, args, i, true);
        }
        // A function made out of a long encoded blob (`$f = $make('', decode($blob)); $f();`).
        if callee.labels & (HIDDEN | BLOB) != 0 {
            let d = if tainted_args { Danger::Critical } else { Danger::High };
            self.hit(Why::HiddenFunctionName, d, i);
        }
        // An unknown function of a blob or of request data: its result keeps their marks.
        let mut v = Val::unknown();
        for a in args {
            v.labels |= a.labels & (ANY_INPUT | DECODED | REMOTE | BLOB);
        }
        // A function the caller names, given what the caller passed (`$r = $f($x)`): the result
        // is the caller's to choose, so where it goes is where the parameters go
        // (`eval($f($x))` runs what the caller sends).
        if callee.labels & PARAM != 0 && args.iter().any(|a| a.labels & PARAM != 0) {
            v.labels |= PARAM | args.iter().fold(0, |l, a| l | a.labels & PARAM_BITS);
        }
        v
    }

    pub(super) fn callback(&mut self, cb: &Val<'t>, rest: &[Val<'t>], i: usize) {
        let tainted = rest.iter().any(|a| a.labels & (INPUT | DECODED | REMOTE | BLOB) != 0);
        if cb.labels & PARAM != 0 {
            self.fn_sinks |= WRAPS_CALL | param_positions(cb.labels, CALLS_PARAM_0);
        }
        if cb.labels & INPUT != 0 && self.method_of_own_object(i) {
            // `[$service, $request['method']]`: the visitor picks a method of one object the
            // application made (a JSON-RPC or controller dispatcher), not any function.
        } else if cb.labels & INPUT != 0 && (self.called_with_nothing(i, rest) || behind_own_prefix(cb.labels)) {
            // A function given nothing (`call_user_func($_GET['do'])`: a router's handler), or
            // one behind the application's own prefix (`'dhvc_form_action_' . $action`).
            self.hit(Why::DynamicCallFromInput, Danger::Low, i);
        } else if cb.labels & INPUT != 0 {
            self.hit(Why::DynamicCallFromInput, Danger::Critical, i);
        } else if cb.labels & WRAPS != 0 {
            self.wrapped(cb.labels & WRAPS, rest, i, ParamsAt::ANY);
        } else if let Some(name) = cb.lit.as_deref().map(lower) {
            self.consulted(&name);
            if let Some(w) = self.wrappers.get(&name).copied() {
                let at = self.shell_at_of(&name);
                self.wrapped(w, rest, i, at);
            } else if is(&name, SHELL) || is(&name, CODE) {
                self.hit(Why::HiddenFunctionName, if tainted { Danger::Critical } else { Danger::Medium }, i);
                if let Some(a) = rest.first() {
                    if is(&name, SHELL) {
                        self.shell(a, i, false);
                    } else {
                        self.code(a, i, false);
                    }
                }
            } else if cb.labels & HIDDEN != 0 && !name.is_empty() {
                // Any function called back by a name decoded or pieced together, as when it is
                // called through the variable (`$f(…)`).
                self.hit(Why::HiddenFunctionName, if tainted { Danger::Critical } else { Danger::High }, i);
            }
        } else if cb.labels & HIDDEN != 0 {
            self.hit(Why::HiddenFunctionName, if tainted { Danger::Critical } else { Danger::High }, i);
        }
    }
}

/// `pack` formats that carry text through (`H*` hex, `a`/`A` strings, `C*` character codes):
/// a decoder's; wider numbers (`N`, `n`, `V`, `i`…) are a binary file format's.
/// What a case or trim function (or `substr_replace`) makes of a known text, when its other
/// arguments are known too.
fn recase_or_trim(name: &[u8], s: &[u8], rest: &[Val]) -> Option<Vec<u8>> {
    if s.len() > MAX_LIT {
        return None;
    }
    let lit = |k: usize| rest.get(k).map(|a| a.lit.as_deref());
    let cut: &[u8] = match (name, lit(0)) {
        (b"substr_replace", _) | (_, None) => b" \t\n\r\0\x0b",
        (_, Some(Some(c))) if !c.contains(&b'.') => c,
        _ => return None,
    };
    let keep = |c: &u8| !cut.contains(c);
    let from = s.iter().position(keep).unwrap_or(s.len());
    let to = s.iter().rposition(keep).map_or(from, |p| p + 1);
    Some(match name {
        b"strtolower" => s.to_ascii_lowercase(),
        b"strtoupper" => s.to_ascii_uppercase(),
        b"ucfirst" | b"lcfirst" | b"ucwords" => {
            let mut v = s.to_vec();
            for k in 0..v.len() {
                let word_start = k == 0 || (name == b"ucwords" && v[k - 1].is_ascii_whitespace());
                if word_start {
                    v[k] = if name == b"lcfirst" { v[k].to_ascii_lowercase() } else { v[k].to_ascii_uppercase() };
                }
            }
            v
        }
        b"trim" => s[from..to.max(from)].to_vec(),
        b"ltrim" => s[from..].to_vec(),
        b"rtrim" | b"chop" => s[..s.iter().rposition(keep).map_or(0, |p| p + 1)].to_vec(),
        b"substr_replace" => {
            let (Some(Some(with)), Some(Some(start))) = (lit(0), lit(1)) else { return None };
            let n = s.len() as i64;
            let start = parse_num(start)?;
            let from = if start < 0 { (n + start).max(0) } else { start.min(n) } as usize;
            let len = match lit(2) {
                None => n,
                Some(Some(l)) => parse_num(l)?,
                Some(None) => return None,
            };
            let to = if len < 0 { (n + len).max(from as i64) } else { (from as i64 + len).min(n) } as usize;
            [&s[..from], with, &s[to.max(from)..]].concat()
        }
        _ => return None,
    })
}

fn packs_text(format: &[u8]) -> bool {
    format.iter().any(|c| matches!(c, b'H' | b'h' | b'a' | b'A' | b'Z' | b'C' | b'c'))
}

/// What a function PHP does not know returns when it is handed another site's full address
/// (`geturlsinfo('https://…')`, a fetcher whose `curl_exec` is called by a hidden name): text
/// from that site, which counts where it runs as PHP code.
pub(super) fn fetched_from_site(args: &[Val<'_>]) -> Labels {
    let site = |a: &Val<'_>| {
        a.lit.as_deref().is_some_and(|l| {
            l.len() > 10 && {
                let l = l.trim_ascii_start();
                l.len() > 10 && (l[..7].eq_ignore_ascii_case(b"http://") || l[..8].eq_ignore_ascii_case(b"https://"))
            }
        })
    };
    if args.iter().any(site) { METHOD_DECODED } else { 0 }
}

impl<'a, 't> An<'a, 't> {
    /// Whether the file defines a method PHP calls on an object by itself once it is made
    /// from text or dropped (`__destruct`, `__wakeup`, `__unserialize`, `__toString`, `__call`,
    /// `__get`, `__set`, `__invoke`).
    fn has_magic_method(&self) -> bool {
        const MAGIC: [&[u8]; 8] =
            [b"__destruct", b"__wakeup", b"__unserialize", b"__tostring", b"__call", b"__get", b"__set", b"__invoke"];
        self.t.windows(2).any(|w| {
            matches!(w[0].tok, Tok::Ident(f) if f.eq_ignore_ascii_case(b"function"))
                && matches!(w[1].tok, Tok::Ident(n) if MAGIC.iter().any(|m| n.eq_ignore_ascii_case(m)))
        })
    }
}

/// Whether a function's name is the application's own prefix and the visitor's word joined
/// to it (`'dhvc_form_action_' . $action`), not a name computed some other way (`pack(…) ^
/// $key`, decoded, assembled).
fn behind_own_prefix(labels: Labels) -> bool {
    labels & FIXED_HEAD != 0 && labels & HIDDEN == 0
}
