//! Bare words: function calls by name (handed to `calls`), constants, keywords that start
//! statements (`function`, `global`, `include`, `eval`…).

use super::*;

impl<'t, 'a> An<'t, 'a> {
    pub(super) fn ident(&mut self, w: &'a [u8], i: usize) -> (Val<'t>, usize, Option<Target<'a>>) {
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
                self.fn_returns |= v.labels & (ANY_INPUT | DECODED | REMOTE | BLOB | METHOD_DECODED);
                self.fn_returned = match (std::mem::take(&mut self.fn_returned), v.lit.as_deref()) {
                    (Returned::Nothing, Some(l)) if l.len() <= MAX_RETURNED_TEXT => Returned::Lit(l.to_vec()),
                    (Returned::Lit(a), Some(l)) if a == l => Returned::Lit(a),
                    _ => Returned::Other,
                };
                return (v, e, None);
            }
            b"foreach" if call => {
                let (v, mut e, _) = self.expr(i + 2);
                // `foreach ($_POST as $k => …)`: `$k` names a request field.
                let over_request =
                    e == i + 3 && matches!(self.tok(i + 2), Some(Tok::Var(s)) if is_superglobal_input(s).is_some());
                // A list that holds other sites' addresses (a loader tries its shell's copies,
                // local paths and URLs, and runs the first one there: fresh125's
                // `isi_backup_file.php`): each value may be read from another site.
                let web = v.arr.as_ref().is_some_and(|t| t.iter().any(|(_, x)| is_web_address(x)));
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
                            if over_request && self.op(e, b"=>") && self.request_keys.len() < MAX_REQUEST_KEYS {
                                self.request_keys.push((self.scope, n));
                            }
                            self.touch(scope);
                            let keyed = self.op(e, b"=>");
                            let s = self.env.entry((scope, n)).or_default();
                            let gained = s.read && (v.labels & !s.labels & (TAINT | UPLOAD | ELEM_INPUT)) != 0;
                            s.labels |= v.labels | UNKNOWN;
                            if web && !keyed {
                                s.labels |= WEB_HEAD;
                            }
                            s.lit = LitState::Conflict;
                            s.cur = None;
                            if gained {
                                self.mark_stale();
                            }
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
                // (`parse_str($q, $out)` fills the variable its second argument names.)
                let into = match (name, self.tok(e.saturating_sub(2))) {
                    (b"parse_str", Some(Tok::Var(n))) => Some(*n),
                    _ => None,
                };
                self.request_into_variables(&args, into);
                // `extract(array('f' => 'create_function', 'b' => 'convert_uudecode'))`: each
                // key a variable holding its text (fresh145's VI_CURRENT_FILE loader).
                if name == b"extract"
                    && let Some(table) = args.first().and_then(|a| a.arr.clone())
                {
                    for (k, v) in table.iter().take(MAX_EXTRACTED) {
                        if let Some(n) = self.var_named(k) {
                            self.assign(Target::Var(n), b"=", &Val::lit(v.clone()));
                        }
                    }
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
        // `__DIR__`: the file's own folder, a fixed place whose text does not matter; as an
        // empty text, a path built on it keeps its literal tail (`__DIR__ . '/x.txt'`).
        if same_ci(w, b"__DIR__") {
            return (Val::lit(Vec::new()), i + 1, None);
        }
        // A constant the file defined as a code or shell function's name.
        if let Some(Slot { lit: LitState::Known(v), .. }) = self.env.get(&(CONSTS, w)) {
            let v = v.clone();
            self.touch(CONSTS);
            return (Val::lit(v), i + 1, None);
        }
        // A bare word of high bytes only (`~(瞰)`): undefined, so its own bytes.
        if w.iter().all(|c| *c >= 0x80) {
            return (Val::lit(w.to_vec()), i + 1, None);
        }
        (Val::default(), i + 1, None)
    }
}

/// Most variables `extract` of a literal table defines (each found by a read of the tokens).
const MAX_EXTRACTED: usize = 8;
