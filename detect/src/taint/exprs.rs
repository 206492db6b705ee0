//! Expressions: operators and precedence, atoms (literals, variables, casts, closures),
//! array literals, and postfix chains (calls, indexes, properties, `::`).

use super::*;

impl<'t, 'a> An<'t, 'a> {
    /// An expression from `i`: its value, where it ends, and what it assigns to (when it is a
    /// plain variable).
    pub(super) fn expr(&mut self, i: usize) -> (Val<'t>, usize, Option<Target<'a>>) {
        if self.depth > MAX_DEPTH || self.budget == 0 {
            return (Val::unknown(), i + 1, None);
        }
        // A literal alone (an argument, an array's value): its atom is the expression, with
        // nothing to join or fold (most expressions in a large script are one).
        // (A variable alone too: what it holds, marked as `expr_inner` marks one atom. Not before
        // a `{`: `$t{3}` is an index.)
        match self.tok(i) {
            Some(Tok::Str(_) | Tok::Num(_)) if self.terminator(i + 1) && !self.op(i + 1, b"{") => {
                self.budget -= 1;
                let (v, j, _) = self.atom(i);
                return (v, j.max(i), None);
            }
            Some(Tok::Var(_)) if self.terminator(i + 1) && !self.op(i + 1, b"{") => {
                self.budget -= 1;
                let (mut v, j, target) = self.atom(i);
                if j <= i {
                    return (Val::default(), i, None);
                }
                if v.atoms >= 3 {
                    v.labels |= ASSEMBLED;
                }
                self.hidden_name(&v, i);
                return (v, j, target);
            }
            _ => {}
        }
        self.depth += 1;
        let r = self.expr_inner(i);
        self.depth -= 1;
        r
    }

    pub(super) fn expr_inner(&mut self, i: usize) -> (Val<'t>, usize, Option<Target<'a>>) {
        let mut acc = Val::default();
        let mut lit: Option<Cow<'t, [u8]>> = Some(Cow::Borrowed(&[][..]));
        let mut pure = true;
        let mut j = i;
        let mut atoms_seen = 0;
        let mut head_fixed = false;
        // The text known at the start (up to the first atom not known), enough to tell an
        // address; and whether an address starts the expression.
        let mut head = Head::default();
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
        let mut escaping_fallback = false;
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
            // (`"http://" . $_SERVER['HTTP_HOST']`: the site's own address, not another site's.)
            if matches!(self.tok(j), Some(Tok::Var(b"_SERVER"))) {
                head.closed = true;
            }
            head.take(&v);
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
                // (`$` starts a variable variable, never joins two values: after a braceless
                // `foreach (…)` or `if (…)` it starts the body's statement, `$$k = $v;`.)
                Some(Tok::Op(o)) if !matches!(*o, b";" | b"," | b")" | b"]" | b"}" | b"{" | b"=>" | b"$") => {
                    pure = false;
                    pending = Some(*o);
                    // `cond ? a : b` is `a` or `b`: the condition only chooses (`$_GET['x'] ==
                    // 'y' ? 'a.php' : 'b.php'` is one of two literals), its marks are not the
                    // value's. (`cond ?: b` is the condition itself.)
                    if *o == b"?" && !self.op(j + 1, b":") {
                        acc = Val::default();
                        head = Head::default();
                        escaping_fallback = self.asks_for_escaping(i, j);
                    }
                    // `function_exists('escapeshellarg') ? … escapeshellarg($f) … : … $f …`:
                    // the second branch is for a PHP without the escaping function; its code is
                    // read (its calls are sinks too), its value is not the expression's.
                    if *o == b":" && std::mem::take(&mut escaping_fallback) {
                        let (_, end, _) = self.expr(j + 1);
                        j = end;
                        break;
                    }
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
            acc.labels &= !(FIXED_HEAD | WEB_HEAD);
            // (Not when the text at the start is the start of a dangerous function's name:
            // `'sys' . $_GET['x']` picks `system` as a name.)
            if head_fixed && !starts_dangerous_name(&head.text[..head.len]) {
                acc.labels |= FIXED_HEAD;
            }
            if head.web {
                acc.labels |= WEB_HEAD;
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
        self.hidden_name(&acc, i);
        let target = if atoms_seen == 1 { last_target } else { None };
        (acc, j, target)
    }

    /// Whether the condition from `i` to the `?` at `q` is `function_exists('escapeshellarg')`
    /// (or `escapeshellcmd`): PHP has both unless a host took them away.
    fn asks_for_escaping(&self, i: usize, q: usize) -> bool {
        q == i + 4
            && matches!(self.tok(i), Some(Tok::Ident(f)) if same_ci(f, b"function_exists"))
            && self.op(i + 1, b"(")
            && matches!(self.tok(i + 2), Some(Tok::Str(l)) if same_ci(l.value, b"escapeshellarg") || same_ci(l.value, b"escapeshellcmd"))
            && self.op(i + 3, b")")
    }

    /// A dangerous function's name computed by decoding or piece by piece, wherever it goes
    /// (a callback of a method, a session handler, a value kept for later).
    fn hidden_name(&mut self, v: &Val<'t>, i: usize) {
        let mut buf = [0u8; 32];
        if v.labels & HIDDEN != 0
            && let Some(l) = &v.lit
            && l.len() <= 24
            && let Some(name) = crate::php::lower_name(l, &mut buf)
        {
            if is(name, SHELL) || is(name, CODE) {
                self.hit(Why::HiddenFunctionName, Danger::High, i);
            } else if class(name) & C_DECODER != 0 && name != b"pack" {
                self.hit(Why::HiddenFunctionName, Danger::Medium, i);
            }
        }
    }

    /// A call's argument list, emptied and kept for the next call's (`args`).
    pub(super) fn recycle(&mut self, mut args: Vec<Val<'t>>) {
        args.clear();
        if self.arg_lists.len() < MAX_SPARE_ARG_LISTS {
            self.arg_lists.push(args);
        }
    }

    /// `list($a, $b) = …` / `[$a, $b] = …` (`open`, then `=` at `eq`): every variable in the
    /// list gets the right-hand side's marks.
    pub(super) fn destructure(&mut self, open: usize, eq: usize) -> (Val<'t>, usize, Option<Target<'a>>) {
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

    /// Arguments of a call whose `(` is at `open`: values and the index after `)`.
    pub(super) fn args(&mut self, open: usize) -> (Vec<Val<'t>>, usize) {
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

    pub(super) fn atom(&mut self, i: usize) -> (Val<'t>, usize, Option<Target<'a>>) {
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
                        let key = match (self.tok(i + 2), self.op(i + 3, b"}")) {
                            (Some(Tok::Var(n)), true) => Some(*n),
                            _ => None,
                        };
                        let read = self.named_var(&inner, e, i);
                        return self.request_named(read, e, key);
                    }
                    if let Some(Tok::Var(n)) = self.tok(i + 1) {
                        // `$$a(…)`, `$$a[…]`: the variable named by `$a`, then the call or index.
                        let n = *n;
                        let v = self.lookup(n);
                        let read = self.named_var(&v, i + 2, i);
                        return self.request_named(read, i + 2, Some(n));
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
            Tok::Str(quoted) => {
                let (value, vars, escapes) = (quoted.value, quoted.vars, &quoted.escapes);
                let mut v = Val::lit_of(value);
                // A name's letters each written as an escape (`"\x6a" . "\163" . …`): pieces of a
                // name spelled so that no search finds it, counted as character lookups are.
                if vars.is_empty() && spelled_in_escapes(value, *escapes) {
                    v.atoms = value.len() as u16;
                }
                for name in vars {
                    let x = self.interpolated(name);
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
                } else if is_web_address(value) {
                    // `"https://$host/raw"`: the address is written, the host is not.
                    v.labels |= WEB_HEAD;
                }
                self.postfix(v, i + 1, None, i, None)
            }
            Tok::Backtick(quoted) => {
                let mut v = Val::default();
                for name in quoted.vars {
                    v.join(&self.interpolated(name));
                }
                self.shell(&v, i, true);
                (Val::unknown(), i + 1, None)
            }
            Tok::Ident(w) => self.ident(w, i),
            Tok::Close => (Val::default(), i, None),
        }
    }

    /// A variable interpolated in a string: a property read through it (`"$this->code"`) is
    /// the property's value.
    fn interpolated(&mut self, name: &'a [u8]) -> Val<'t> {
        match memchr::memmem::find(name, b"->") {
            Some(k) => self.lookup_prop(&name[k + 2..]),
            None => self.lookup(name),
        }
    }

    /// Values of a bracketed list opened at `open` up to `close` (`[a, b => c]`, `array(...)`).
    /// Also the known elements, by key (`['a' => 'x', 'y']`).
    pub(super) fn list(&mut self, open: usize, close: &[u8]) -> (ArrayFold, usize, Option<Table>) {
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

    pub(super) fn postfix(
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
    pub(super) fn indexed_var(&mut self, name: &'a [u8], i: usize) -> Option<(Val<'t>, usize, Option<Target<'a>>)> {
        let close: &[u8] = match self.tok(i + 1) {
            Some(Tok::Op(b"[")) => b"]",
            Some(Tok::Op(b"{")) => b"}",
            _ => return None,
        };
        let literal = match self.tok(i + 2) {
            Some(Tok::Num(_)) => true,
            Some(Tok::Str(quoted)) => quoted.vars.is_empty(),
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

    pub(super) fn postfix_from(
        &mut self,
        mut v: Val<'t>,
        mut j: usize,
        mut target: Option<Target<'a>>,
        start: usize,
        base_name: Option<&'a [u8]>,
        mut indexed: bool,
    ) -> (Val<'t>, usize, Option<Target<'a>>) {
        loop {
            // A property: `$this->data`, `$o->data`, or a class's own `K::$data` (not a method
            // call): one value per name, whatever the object.
            let prop = match (self.tok(j), self.tok(j + 1)) {
                (Some(Tok::Op(o)), Some(Tok::Ident(p))) if (*o == b"->" || *o == b"?->") && !self.op(j + 2, b"(") => {
                    Some(*p)
                }
                (Some(Tok::Op(b"::")), Some(Tok::Var(p))) if !self.op(j + 2, b"(") => Some(*p),
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
                    let hidden_key = idx.labels & HIDDEN != 0
                        || (idx.lit.is_none() && base_name == Some(b"GLOBALS") && self.cut_name(j + 1));
                    let key = idx.lit;
                    let indexed_before = indexed;
                    // Special arrays by key.
                    let mut global = None;
                    // What the server or the visitor sent, read under a key decoded or assembled
                    // from pieces (`$_SERVER[$O{41}.$O{30}.$O{30}.$O{35}]`): no application hides
                    // which field it reads.
                    // (The key known: a name, not any value that passed a decoder somewhere.)
                    if !indexed
                        && hidden_key
                        && base_name.is_some_and(|n| n == b"_SERVER" || is_superglobal_input(n).is_some())
                        && key
                            .as_deref()
                            .is_some_and(|k| k.len() >= 2 && k.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_'))
                    {
                        self.hit(Why::ObfuscatedNames, Danger::Medium, start);
                    }
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
                            // A global whose name is decoded or assembled: which one is hidden
                            // on purpose, and the request's fields are among them.
                            (Some(b"GLOBALS"), None) if hidden_key => {
                                v = Val { labels: INPUT | UNKNOWN, ..Val::default() };
                            }
                            // A login form's password field.
                            (Some(b"_POST" | b"_REQUEST" | b"_GET"), Some(k)) if is_password_field(k) => {
                                v = element(&v, key.as_deref(), curly);
                                v.labels |= SECRET;
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
                            Target::Prop(_) | Target::Global(_) | Target::RequestNamed => None,
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
                    if let Some(Target::Elem(n)) = target {
                        self.calls_from_table(n, &v, j.max(start));
                    }
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
}

/// Whether a short literal is letters, digits or `_` all written as escapes (`"\x73\171"`).
fn spelled_in_escapes(value: &[u8], escapes: u32) -> bool {
    !value.is_empty()
        && value.len() <= 32
        && escapes as usize >= value.len()
        && value.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// Whether a known start of a value (up to 8 bytes) begins a dangerous function's name (PHP's
/// own names that obfuscators hide: the one list of them).
fn starts_dangerous_name(head: &[u8]) -> bool {
    !head.is_empty()
        && crate::shapes::ESCAPED_NAMES[crate::shapes::FUNCTION_NAMES_FROM..]
            .iter()
            .any(|n| n.len() >= head.len() && n[..head.len()].eq_ignore_ascii_case(head))
}

/// The first bytes an expression is known to start with, gathered atom by atom while each is
/// known (`"https" . "://" . $host`), and whether they begin another site's address.
#[derive(Default)]
struct Head {
    text: [u8; 8],
    len: usize,
    /// An atom not known was met: nothing more is gathered.
    closed: bool,
    web: bool,
}

impl Head {
    #[inline]
    fn take(&mut self, v: &Val<'_>) {
        if self.closed {
            return;
        }
        match v.lit.as_deref() {
            Some(x) => {
                let n = x.len().min(self.text.len() - self.len);
                self.text[self.len..self.len + n].copy_from_slice(&x[..n]);
                self.len += n;
                if self.len == self.text.len() {
                    self.web = is_web_address(&self.text);
                    self.closed = true;
                }
            }
            None => {
                // (An unknown atom first that starts with an address itself: a variable made so.)
                self.web =
                    if self.len == 0 { v.labels & WEB_HEAD != 0 } else { is_web_address(&self.text[..self.len]) };
                self.closed = true;
            }
        }
    }
}

/// Whether `s` starts with `http://`, `https://` or `ftp://` (any case).
pub(super) fn is_web_address(s: &[u8]) -> bool {
    let starts = |p: &[u8]| s.len() >= p.len() && s[..p.len()].eq_ignore_ascii_case(p);
    starts(b"http://") || starts(b"https://") || starts(b"ftp://")
}
