//! Functions and methods the file declares: what each one's parameters reach (a wrapper of
//! code, a command or a call), what it returns, and the ones that only join their parameters.

use super::*;

impl<'t, 'a> An<'t, 'a> {
    /// `function name(...) {…}` (own variables) or a closure (shares the enclosing ones).
    pub(super) fn function(&mut self, i: usize) -> (Val<'t>, usize, Option<Target<'a>>) {
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
        // A stand-in for one of PHP's own functions, for old versions that lacked it (HostCMS's
        // `json_decode` made of `eval`): the calls reach PHP's own, so nothing of it is kept for
        // them.
        let fname = fname.filter(|n| !is(n, POLYFILLED));
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
        // The second pass takes the first's reading of a body nothing changed for.
        if named && let Some((v, end)) = self.reuse_body(i) {
            return (v, end, None);
        }
        let close = self.close_of(j);
        if let Some(name) = &fname
            && let Some(t) = self.template(params, j, close)
            && self.templates.insert(name.clone(), t.clone()) != Some(t)
        {
            self.summary_changed(name);
        }
        if let Some(name) = &fname
            && let Some(a) = self.alias(params, j, close)
            && self.aliases.insert(name.clone(), a.clone()) != Some(a)
        {
            self.summary_changed(name);
        }
        let outer = self.scope;
        if named {
            self.scope = self.next_scope;
            self.next_scope += 1;
            self.begin_body(i);
        }
        // Parameters: where they end up says whether the function runs its argument.
        let mut position = 0u32;
        for k in params.0..params.1 {
            if let Some(Tok::Var(n)) = self.tok(k) {
                let n = *n;
                let which = if position < PARAMS_TRACKED { PARAM_0 << position } else { 0 };
                position += 1;
                let slot = self.env.entry((self.scope, n)).or_default();
                slot.labels |= PARAM | which | UNKNOWN;
                slot.lit = LitState::Conflict;
            }
        }
        let outer_sinks = std::mem::take(&mut self.fn_sinks);
        let outer_returns = std::mem::take(&mut self.fn_returns);
        let outer_returned = std::mem::take(&mut self.fn_returned);
        let outer_kinds = std::mem::take(&mut self.fn_shell_kinds);
        let outer_untracked = std::mem::replace(&mut self.fn_untracked_params, position > PARAMS_TRACKED);
        let outer_shell_at = std::mem::replace(&mut self.fn_shell_at, ParamsAt::NONE);
        let outer_mail_at = std::mem::replace(&mut self.fn_mail_at, (ParamsAt::NONE, ParamsAt::NONE));
        self.block(j + 1, close);
        // One parameter tried on three or more shell functions (`exec`, else `shell_exec`, else
        // `system`…): a command runner that works wherever some of them are switched off.
        if std::mem::replace(&mut self.fn_shell_kinds, outer_kinds).count_ones() >= 3 {
            self.hit(Why::ShellFromInput, Danger::High, i);
        }
        let sinks = std::mem::replace(&mut self.fn_sinks, outer_sinks);
        let shell_at = std::mem::replace(&mut self.fn_shell_at, outer_shell_at);
        let mail_at = std::mem::replace(&mut self.fn_mail_at, outer_mail_at);
        self.fn_untracked_params = outer_untracked;
        let returns = std::mem::replace(&mut self.fn_returns, outer_returns);
        // A function of no parameters that always returns the same text is that text (fresh112's
        // Godzilla: `function r() { $a = "sfdtfdrf"; … return str_replace("fd", "", $a . $b …); }`
        // spells `str_replace`, and `$re = r();` is then called).
        if let (Some(name), 0, Returned::Lit(l)) =
            (&fname, position, std::mem::replace(&mut self.fn_returned, outer_returned))
            && !self.templates.get(name).is_some_and(|t| !matches!(t.as_slice(), [Piece::Lit(_)]))
        {
            let t = vec![Piece::Lit(l)];
            if self.templates.insert(name.clone(), t.clone()).is_none_or(|old| old != t) {
                self.summary_changed(name);
            }
        }
        self.scope = outer;
        if named {
            self.end_body(i, close + 1, UNKNOWN | sinks);
        }
        if let (Some(name), true) = (&fname, returns != 0)
            && self.returns.insert(name.clone(), returns) != Some(returns)
        {
            self.summary_changed(name);
        }
        if let (Some(name), true) = (&fname, sinks & WRAPS_SHELL != 0)
            && self.shell_at.insert(name.clone(), shell_at) != Some(shell_at)
        {
            self.summary_changed(name);
        }
        if let Some(name) = &fname
            && mail_at.0 != ParamsAt::NONE
            && mail_at.1 != ParamsAt::NONE
            && self.mail_at.insert(name.clone(), mail_at) != Some(mail_at)
        {
            self.summary_changed(name);
        }
        if let (Some(name), true) = (fname, sinks != 0)
            && self.wrappers.insert(name.clone(), sinks) != Some(sinks)
        {
            // Calls read before the definition are read again.
            self.summary_changed(&name);
        }
        (Val { labels: UNKNOWN | sinks, ..Val::default() }, close + 1, None)
    }

    /// A function whose body is only `return` of its parameters and literals joined
    /// (`function j($a, $b) { return $a . '' . $b; }`, a helper that glues a hidden name).
    pub(super) fn template(&self, params: (usize, usize), open: usize, close: usize) -> Option<Vec<Piece>> {
        let names = self.param_names(params);
        // `return <pieces>;`, or the pieces given to a variable that is returned:
        // `$s = $a . 'ck'; return $s;`.
        let (mut k, through) = match (self.tok(open + 1), self.tok(open + 2)) {
            (Some(Tok::Ident(r)), _) if r.eq_ignore_ascii_case(b"return") => (open + 2, None),
            (Some(Tok::Var(v)), Some(Tok::Op(b"="))) if !names.contains(v) => (open + 3, Some(*v)),
            _ => return None,
        };
        let mut out = Vec::new();
        loop {
            match self.tok(k)? {
                Tok::Var(n) => out.push(Piece::Param(names.iter().position(|p| p == n)?)),
                Tok::Str(quoted) if quoted.vars.is_empty() && quoted.value.len() <= 64 => {
                    out.push(Piece::Lit(quoted.value.to_vec()))
                }
                _ => return None,
            }
            k += 1;
            match self.tok(k)? {
                Tok::Op(b".") => k += 1,
                Tok::Op(b";") => break,
                _ => return None,
            }
        }
        if let Some(v) = through {
            // Then `return $v;` and nothing else.
            let returned = matches!(self.tok(k + 1), Some(Tok::Ident(r)) if r.eq_ignore_ascii_case(b"return"))
                && matches!(self.tok(k + 2), Some(Tok::Var(x)) if *x == v)
                && self.op(k + 3, b";");
            if !returned {
                return None;
            }
            k += 3;
        }
        (self.op(k + 1, b"}") && k + 1 == close && out.len() <= 32).then_some(out)
    }

    /// The parameters' names, in order (`params`: the tokens between the parentheses).
    fn param_names(&self, params: (usize, usize)) -> Vec<&'a [u8]> {
        (params.0..params.1)
            .filter_map(|k| match self.tok(k) {
                Some(Tok::Var(n)) => Some(*n),
                _ => None,
            })
            .collect()
    }

    /// `{ return builtin($p, $q, …); }` with parameters only: the function called (lowercase)
    /// and the parameter each of its arguments is.
    pub(super) fn alias(&self, params: (usize, usize), open: usize, close: usize) -> Option<(Vec<u8>, Vec<usize>)> {
        let names = self.param_names(params);
        if !matches!(self.tok(open + 1), Some(Tok::Ident(r)) if r.eq_ignore_ascii_case(b"return")) {
            return None;
        }
        let Some(Tok::Ident(f)) = self.tok(open + 2) else { return None };
        let builtin = lower(f);
        // (Not a language construct: `return eval($c);` runs code, which the function's
        // summary says.)
        let construct = matches!(
            builtin.as_slice(),
            b"eval" | b"isset" | b"empty" | b"exit" | b"die" | b"print" | b"array" | b"list" | b"new" | b"clone"
        ) || INCLUDES.iter().any(|w| w.as_bytes() == builtin);
        if construct || !self.op(open + 3, b"(") {
            return None;
        }
        let mut order = Vec::new();
        let mut k = open + 4;
        loop {
            match self.tok(k)? {
                Tok::Var(n) => order.push(names.iter().position(|p| p == n)?),
                Tok::Op(b")") if order.is_empty() => break,
                _ => return None,
            }
            k += 1;
            match self.tok(k)? {
                Tok::Op(b",") => k += 1,
                Tok::Op(b")") => break,
                _ => return None,
            }
        }
        (self.op(k + 1, b";") && self.op(k + 2, b"}") && k + 2 == close).then_some((builtin, order))
    }

    /// Whether the file makes `$v` an object (`$v = new C(…)`, `$v = new C;`).
    fn made_by_new(&self, v: &[u8]) -> bool {
        self.t.windows(3).any(|w| {
            matches!(w[0].tok, Tok::Var(n) if n == v)
                && matches!(w[1].tok, Tok::Op(b"="))
                && matches!(w[2].tok, Tok::Ident(n) if same_ci(n, b"new"))
        })
    }

    /// A method call `->name(…)` (`open` is its `(`): methods that take a callback (SQLite's
    /// user functions, `ArrayObject::uasort`, `PDO::FETCH_FUNC`) and text hidden in comments.
    pub(super) fn method_call(&mut self, method: &[u8], args: &[Val<'t>], open: usize) -> Val<'t> {
        const CALLBACK_METHODS: &[&str] = &[
            "createfunction",
            "sqlitecreatefunction",
            "createaggregate",
            "sqlitecreateaggregate",
            "uasort",
            "uksort",
            "fetchall",
            "fetchcolumn",
            "setfetchmode",
        ];
        if method == b"registerphpfunctions" {
            // XSLT allowed to call PHP, with a stylesheet in the file that calls a code or
            // shell function (`php:function('assert', …)`).
            let t: &'t [Token<'a>] = self.t;
            let calls_sink = t.iter().any(|t| match &t.tok {
                Tok::Str(quoted) => memchr::memmem::find_iter(quoted.value, b"function(").any(|p| {
                    let value = quoted.value;
                    let rest = &value[p + 9..];
                    let name: Vec<u8> = rest
                        .iter()
                        .skip_while(|c| matches!(c, b'\'' | b'"' | b' '))
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                        .map(u8::to_ascii_lowercase)
                        .collect();
                    is(&name, CODE) || is(&name, SHELL)
                }),
                _ => false,
            });
            if calls_sink {
                self.hit(Why::HiddenFunctionName, Danger::High, open);
            }
        }
        // A method of this object (defined in this file) that runs its parameter as code or a
        // command: what the call is given is what runs.
        // (`$this->run(…)`, or a class's static method: `self::run(…)`, `K::run(…)`.)
        let own = open >= 3
            && ((self.op(open - 2, b"->") && matches!(self.tok(open - 3), Some(Tok::Var(b"this"))))
                || (self.op(open - 2, b"::") && matches!(self.tok(open - 3), Some(Tok::Ident(_)))));
        if own {
            self.consulted(method);
        }
        // (Or an object the file makes itself, `$r = new C(); $r->run($code)`: fresh105's
        // loader hides its `eval` in a class's method. Looked for only when a method of that
        // name runs what it is given, which few files have.)
        let own = own
            || (open >= 3
                && self.op(open - 2, b"->")
                && self.wrappers.get(method).is_some_and(|w| w & (WRAPS_CODE | WRAPS_SHELL) != 0)
                && matches!(self.tok(open - 3), Some(Tok::Var(v)) if self.made_by_new(v)));
        // (Not one that calls what it is given: a command dispatcher's `$this->command('eval', …)`
        // names a server's command, not PHP's.)
        if own && let Some(w) = self.wrappers.get(method).map(|w| w & (WRAPS_CODE | WRAPS_SHELL)).filter(|w| *w != 0) {
            let at = self.shell_at_of(method);
            self.wrapped(w, args, open, at);
        }
        if method == b"getdoccomment" {
            // Code kept in a doc comment and cut out of it.
            return Val { labels: DECODED | UNKNOWN, ..Val::default() };
        }
        if method == b"getfromindex" || method == b"getfromname" {
            // A zip archive's member read out (`ZipArchive`): code kept in an archive, run as
            // decoded data (as an include of a `zip://` member is).
            return Val { labels: DECODED | UNKNOWN, ..Val::default() };
        }
        // PDO's fetch methods take a callback only with `PDO::FETCH_FUNC` (else their arguments
        // are a query's parameters).
        let fetch = matches!(method, b"fetchall" | b"fetchcolumn" | b"setfetchmode");
        if is(method, CALLBACK_METHODS) && (!fetch || self.idents_in_call(open, b"FETCH_FUNC")) {
            for (k, cb) in args.iter().enumerate() {
                let named = cb.lit.as_deref().map(lower).is_some_and(|n| is(&n, CODE) || is(&n, SHELL));
                if cb.labels & (INPUT | WRAPS | HIDDEN) != 0 || named {
                    let rest: Vec<Val<'t>> =
                        args.iter().enumerate().filter(|(x, _)| *x != k).map(|(_, a)| a.clone()).collect();
                    self.callback(cb, &rest, open);
                }
            }
        }
        // What a method of the file's own classes returns (decoded or fetched data), called on
        // this object or on another (`$fetcher->get($url)` of the file's own fetching class).
        let returns = if self.returns.is_empty() { 0 } else { self.returns.get(method).copied().unwrap_or(0) };
        // Any object's method handed decoded or fetched data (a decrypting class): what it
        // gives back is that data, transformed.
        let given = args.iter().any(|a| a.labels & (DECODED | REMOTE | BLOB) != 0);
        // (Also what one of its own methods gives back of such data: fresh131's
        // `RemoteContentFetcher::fetch` returns `$this->validateContent(curl_exec($ch))`.)
        let labels = if returns & (DECODED | REMOTE | METHOD_DECODED) != 0 || given {
            UNKNOWN | METHOD_DECODED
        } else {
            UNKNOWN
        };
        let labels = labels | super::calls::fetched_from_site(args);
        Val { labels, ..Val::default() }
    }
}

/// `'$a, $b'` (a `create_function` parameter list): the names.
pub(super) fn param_names(list: &[u8]) -> Vec<Vec<u8>> {
    list.split(|c| *c == b'$')
        .skip(1)
        .map(|p| p.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c >= 0x80).copied().collect())
        .filter(|n: &Vec<u8>| !n.is_empty())
        .collect()
}
