//! The second pass over a large file reads again only the named functions whose first reading
//! may have missed something. A function's body depends on its own text, its own variables,
//! and what it asks of the file's other functions (what they wrap, return, run or mail): when
//! the first pass read a body that touched no variable outside its own scopes, saw none of its
//! own variables change after being read, and the functions it asked about have not changed
//! since, the second pass would read it exactly as the first did. It takes the first reading
//! instead: the same findings, the same value, the same scopes numbered and the same budgets
//! spent. Only a large file's top level does this (its second pass is its last; a small file's
//! passes carry summaries one function further each time, and nested code is small).

use super::*;

/// Most function names one body's reading remembers having asked about (a body that asks
/// about more is read again).
const MAX_CONSULTED: usize = 64;

/// What the first pass read of the file's named functions, and the clock that tells what
/// changed after.
pub(super) struct Bodies {
    /// Whether bodies are kept and reused here.
    on: bool,
    /// By the token of each body's `function`.
    read: HashMap<usize, Body, Keyed>,
    /// Ticks at each body begun and at each change of a function's summary or of a constant
    /// naming a function.
    clock: u64,
    /// When each function's summary last changed (by its lowercase name's hash).
    summaries: HashMap<u64, u64, Keyed>,
    /// When a constant naming a function was last defined.
    consts: u64,
    /// Variables changed after they were read (`An::mark_stale`), counted.
    pub(super) stale_events: u64,
    names: Keyed,
}

// In tests: bodies reused, and a switch that turns reuse off (to compare findings).
#[cfg(test)]
thread_local! {
    pub(super) static REUSED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    pub(super) static NO_REUSE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Bodies {
    pub(super) fn new(on: bool) -> Bodies {
        #[cfg(test)]
        let on = on && !NO_REUSE.with(|c| c.get());
        Bodies {
            on,
            read: HashMap::default(),
            clock: 0,
            summaries: HashMap::default(),
            consts: 0,
            stale_events: 0,
            names: Keyed::default(),
        }
    }
}

/// One body as the first pass read it.
struct Body {
    /// The token after the body.
    end: usize,
    /// The function's value (`An::function`'s).
    labels: Labels,
    /// The clock when its reading began.
    begun: u64,
    hits: Vec<Sink>,
    /// Scopes numbered inside it (its own, its nested functions').
    scopes: u32,
    budget: usize,
    table_budget: usize,
    nested_code: usize,
    /// The functions it asked about (by name's hash).
    consulted: Vec<u64>,
}

/// A body being read in the first pass.
pub(super) struct Reading {
    at: usize,
    /// Its own scope: every scope numbered inside it is this or later.
    scope: u32,
    begun: u64,
    out: usize,
    stale_events: u64,
    budget: usize,
    table_budget: usize,
    nested_code: usize,
    consulted: Vec<u64>,
    /// Nothing outside its own scopes was read or written, nor kept for the whole pass.
    own: bool,
}

impl<'t, 'a> An<'t, 'a> {
    /// In the second pass, the first pass's reading of the named function at `i` when nothing it
    /// depends on changed since: its findings are added, its scopes and budgets counted, and its
    /// value and the token after it returned.
    pub(super) fn reuse_body(&mut self, i: usize) -> Option<(Val<'t>, usize)> {
        if self.first || !self.bodies.on || !self.record {
            return None;
        }
        let b = self.bodies.read.get(&i)?;
        let summaries = &self.bodies.summaries;
        let unchanged = self.bodies.consts < b.begun
            && b.consulted.iter().all(|h| summaries.get(h).is_none_or(|changed| *changed < b.begun));
        if !unchanged {
            return None;
        }
        #[cfg(test)]
        REUSED.with(|c| c.set(c.get() + 1));
        self.out.extend_from_slice(&b.hits);
        self.next_scope += b.scopes;
        self.budget = self.budget.saturating_sub(b.budget);
        self.table_budget = self.table_budget.saturating_sub(b.table_budget);
        self.file.nested_code = self.file.nested_code.saturating_sub(b.nested_code);
        Some((Val { labels: b.labels, ..Val::default() }, b.end))
    }

    /// In the first pass, starts keeping what is read of the named function at `i`, its own
    /// scope just numbered (the first of the scopes its reading numbers).
    pub(super) fn begin_body(&mut self, i: usize) {
        if !self.first || !self.bodies.on || !self.record {
            return;
        }
        self.bodies.clock += 1;
        self.reading.push(Reading {
            at: i,
            scope: self.scope,
            begun: self.bodies.clock,
            out: self.out.len(),
            stale_events: self.bodies.stale_events,
            budget: self.budget,
            table_budget: self.table_budget,
            nested_code: self.file.nested_code,
            consulted: Vec::new(),
            own: true,
        });
    }

    /// The body begun at `i` is read (`end`: the token after it; `labels`: the function's
    /// value): kept when it depends on nothing outside itself but the summaries it asked about.
    pub(super) fn end_body(&mut self, i: usize, end: usize, labels: Labels) {
        if self.reading.last().is_none_or(|r| r.at != i) {
            return;
        }
        let Some(r) = self.reading.pop() else { return };
        let clean = r.own && r.stale_events == self.bodies.stale_events && self.budget > 0 && self.record;
        if !clean {
            return;
        }
        let body = Body {
            end,
            labels,
            begun: r.begun,
            hits: self.out.get(r.out..).unwrap_or_default().to_vec(),
            scopes: self.next_scope - r.scope,
            budget: r.budget.saturating_sub(self.budget),
            table_budget: r.table_budget.saturating_sub(self.table_budget),
            nested_code: r.nested_code.saturating_sub(self.file.nested_code),
            consulted: r.consulted,
        };
        self.bodies.read.insert(i, body);
    }

    /// A variable of `scope` read or written: the bodies being read outside their own scopes
    /// (the file's globals, properties, constants) depend on more than their text.
    #[inline]
    pub(super) fn touch(&mut self, scope: u32) {
        for r in &mut self.reading {
            if scope < r.scope || scope >= CONSTS {
                r.own = false;
            }
        }
    }

    /// The bodies being read did something kept for the whole pass (a table of calls counted,
    /// a file written with code): they are read again.
    pub(super) fn not_own(&mut self) {
        for r in &mut self.reading {
            r.own = false;
        }
    }

    /// A function's summary asked for by its lowercase name.
    pub(super) fn consulted(&mut self, name: &[u8]) {
        if self.reading.is_empty() {
            return;
        }
        let h = std::hash::BuildHasher::hash_one(&self.bodies.names, name);
        for r in &mut self.reading {
            if !r.consulted.contains(&h) {
                if r.consulted.len() < MAX_CONSULTED {
                    r.consulted.push(h);
                } else {
                    r.own = false;
                }
            }
        }
    }

    /// The summary of the function of this lowercase name changed: calls read before are read
    /// again (another pass), and so are the bodies that asked about it.
    pub(super) fn summary_changed(&mut self, name: &[u8]) {
        self.mark_stale();
        if !self.bodies.on {
            return;
        }
        self.bodies.clock += 1;
        let h = std::hash::BuildHasher::hash_one(&self.bodies.names, name);
        self.bodies.summaries.insert(h, self.bodies.clock);
    }

    /// A constant naming a function was defined.
    pub(super) fn const_defined(&mut self) {
        if self.bodies.on {
            self.bodies.clock += 1;
            self.bodies.consts = self.bodies.clock;
        }
    }
}
