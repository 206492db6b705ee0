//! Variables: what an assignment marks and learns (labels, the literal, the value so far in
//! the text, an array's known elements), and what a read finds, by scope (`global`,
//! `$GLOBALS`, properties, `$$name`).

use super::*;

impl<'t, 'a> An<'t, 'a> {
    pub(super) fn assign(&mut self, t: Target<'a>, op: &[u8], rhs: &Val<'t>) {
        let (scope, name, elem) = match t {
            Target::RequestNamed => {
                if rhs.labels & ANY_INPUT != 0 {
                    self.every_variable_from_request();
                }
                return;
            }
            Target::Var(n) => (self.scope_of(n), n, false),
            Target::Elem(n) if n == b"GLOBALS" => (0, n, true),
            Target::Elem(n) => (self.scope_of(n), n, true),
            Target::Prop(n) => (PROPS, n, false),
            Target::Global(n) => (0, n, false),
        };
        let first = self.first;
        // Which parameter a value is means something only inside its function: a global or a
        // property given it is read by other functions (`add_action($a, $f)` storing `$f` in
        // a global table that `do_action` calls from).
        let own_scope = scope == self.scope;
        self.touch(scope);
        let slot = self.env.entry((scope, name)).or_default();
        let before = slot.labels;
        let mut labels = rhs.labels & !UNKNOWN | if rhs.lit.is_none() { rhs.labels & UNKNOWN } else { 0 };
        if !own_scope {
            labels &= !PARAM_BITS;
        }
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
        let gained = slot.labels & !before & (TAINT | UPLOAD | ELEM_INPUT | FIXED_HEAD) != 0;
        let read = slot.read;
        if !first {
            // (Literals are learnt in the first pass only. A mark still gained by a variable
            // read before calls for another pass of a small file: a chain of assignments
            // written backwards, `goto` by `goto`, moves one link a pass.)
            if read && gained {
                self.mark_stale();
            }
            return;
        }
        let lit_before = matches!(slot.lit, LitState::Unset);
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
        let learnt = lit_before && matches!(slot.lit, LitState::Known(_));
        if read && (gained || learnt) {
            self.mark_stale();
        }
    }

    /// `extract($a)`, `parse_str($q, $out)`, `import_request_variables(…)` of request data:
    /// every variable may now come from the request (or the one `into` names).
    pub(super) fn request_into_variables(&mut self, args: &[Val<'t>], into: Option<&'a [u8]>) {
        if args.first().is_none_or(|a| a.labels & INPUT == 0) {
            return;
        }
        match into {
            Some(n) => {
                self.env.entry((self.scope, n)).or_default().labels |= INPUT;
                if self.first {
                    self.mark_stale();
                }
            }
            None => self.every_variable_from_request(),
        }
    }

    pub(super) fn lookup(&mut self, name: &'a [u8]) -> Val<'t> {
        if let Some(l) = is_superglobal_input(name) {
            return Val { labels: l, ..Val::default() };
        }
        if self.extracted.contains(&self.scope) {
            return Val { labels: INPUT | UNKNOWN, ..Val::default() };
        }
        let scope = self.scope_of(name);
        self.lookup_at(scope, name)
    }

    pub(super) fn lookup_at(&mut self, scope: u32, name: &'a [u8]) -> Val<'t> {
        self.lookup_at_with(scope, name, |t| {
            count_copied(t.len());
            t.to_vec()
        })
    }

    /// `lookup_at`, with what of the variable's known text the value keeps (`text`).
    pub(super) fn lookup_at_with(
        &mut self,
        scope: u32,
        name: &'a [u8],
        text: impl FnOnce(&[u8]) -> Vec<u8>,
    ) -> Val<'t> {
        self.touch(scope);
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
    pub(super) fn scope_of(&self, name: &'a [u8]) -> u32 {
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
    pub(super) fn lookup_prop(&mut self, name: &'a [u8]) -> Val<'t> {
        self.touch(PROPS);
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
    pub(super) fn var_named(&mut self, name: &[u8]) -> Option<&'a [u8]> {
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

    /// A variable named by a computed value (`${'_PO'.'ST'}`, `${'GLOBALS'}[…]`, `$$name`) from
    /// where that value ends (`e`).
    pub(super) fn named_var(&mut self, name: &Val<'t>, e: usize, i: usize) -> (Val<'t>, usize, Option<Target<'a>>) {
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

    /// `named_var`'s reading of `$$k` or `${$k}` (the name ending at `end`), as the target of an
    /// assignment when it is nothing more (no index, call or property after it) and `$k` is the
    /// key of a loop over the request's fields.
    pub(super) fn request_named(
        &self,
        read: (Val<'t>, usize, Option<Target<'a>>),
        end: usize,
        key: Option<&'a [u8]>,
    ) -> (Val<'t>, usize, Option<Target<'a>>) {
        let (v, e, target) = read;
        let copies_field = e == end && key.is_some_and(|k| self.request_keys.contains(&(self.scope, k)));
        (v, e, target.or(copies_field.then_some(Target::RequestNamed)))
    }

    /// From here on, in this scope, every variable may hold what the request sent (`extract`
    /// of request data, or each field copied into a variable of its name).
    pub(super) fn every_variable_from_request(&mut self) {
        if !self.extracted.contains(&self.scope) {
            self.extracted.push(self.scope);
        }
        if self.first {
            self.mark_stale();
        }
    }

    /// `$x++` / `--$x`: the variable's known value stepped the way PHP does (`'a'++` is `'b'`).
    pub(super) fn step(&mut self, t: Target<'a>, up: bool) -> Option<Vec<u8>> {
        let key = match t {
            Target::Var(n) => (self.scope_of(n), n),
            Target::Global(n) => (0, n),
            Target::Elem(_) | Target::Prop(_) | Target::RequestNamed => return None,
        };
        let first = self.first;
        self.touch(key.0);
        let slot = self.env.entry(key).or_default();
        if first {
            slot.lit = LitState::Conflict;
        }
        slot.cur = slot.cur.as_deref().and_then(|c| if up { str_inc(c) } else { num_dec(c) });
        slot.cur.clone()
    }
}
