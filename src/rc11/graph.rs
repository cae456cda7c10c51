//! An execution graph: every event of one execution, which write each read reads from (`rf`), and
//! each location's modification order (`mo`).
//!
//! Events are kept in the order the search added them (GenMC's and TruSt's `≤G`): an event's index
//! is its place in that order, which the search's revisits read ([`super::trust`]). A
//! read-modify-write is two events, as in GenMC: an *exclusive* read, then straight after it in
//! its thread the write it decided on (`exclusive` too); a compare-exchange that fails, a lock that
//! is taken, or a notification a waiter has not had yet, is the read alone.

use std::fmt::Write as _;

use std::sync::atomic::Ordering;

/// Which thread an event belongs to; the initial writes belong to none.
pub type Thread = usize;

/// Where in the program's source an atomic access was made: a spin loop reads at one place.
pub type Site = &'static std::panic::Location<'static>;

/// The thread of the initial writes, which happen before everything.
pub const INIT: Thread = usize::MAX;

/// What an event does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A location's initial value.
    Init,
    /// A load, or the read part of a read-modify-write (`exclusive`).
    Read,
    /// A store, or the write part of a read-modify-write (`exclusive`).
    Write,
    /// A fence.
    Fence,
    /// A thread spawning another, whose index is the event's `value`: the child starts after it.
    Spawn,
    /// A thread's first event.
    Begin,
    /// A thread's last event.
    End,
    /// A thread joining another: the end of the child is before it.
    Join,
    /// A choice the program's own code makes between several ways on, the way taken in `value`
    /// (which waiter a `notify_one` wakes): explored like the writes a read may read.
    Choice,
}

/// One event of an execution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Its thread ([`INIT`] for an initial write).
    pub thread: Thread,
    /// The thread whose code made it: its own thread, or for an initial write the thread that
    /// created the location. An event is replayed by its owner, in the owner's order.
    pub owner: Thread,
    /// What it does.
    pub kind: Kind,
    /// The location it accesses, for reads, writes and initial writes.
    pub loc: Option<usize>,
    /// Its memory ordering (`Relaxed` for the events that have none).
    pub order: Ordering,
    /// The value it wrote, for a read the value it read, for a spawn the child, for a choice the
    /// way taken.
    pub value: i128,
    /// For a read, the write it reads from.
    pub rf: Option<usize>,
    /// Part of a read-modify-write: the exclusive read, or the write that follows it.
    pub exclusive: bool,
    /// Whether the program's trace recorded it (an actor's access or the observer's load, never
    /// setup's or a lock's): what a witness annotates. No part of the graph's identity.
    pub traced: bool,
    /// Where the program made it, for a read that may spin. No part of the graph's identity.
    pub site: Option<Site>,
    /// For a lock's or a wait's read, the values at which its thread blocks. No part of the
    /// graph's identity: the program's operation decides it.
    pub blocks: Option<Blocks>,
    /// Whether a revisit kept it as part of the revisiting write's past: the search never revisits
    /// or drops it again, in that graph or any made from it (GenMC's `revisitable` status, cleared
    /// in `copyGraph`). No part of the graph's identity.
    pub settled: bool,
}

/// The values at which a lock's or a condition variable's read blocks its thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blocks {
    /// Any but 0 (a mutex held, a reader-writer lock held by anyone).
    UnlessZero,
    /// Those with any of these bits (a reader-writer lock's writer bit).
    IfAny(i128),
    /// Those with none of these bits (a condition variable's woken bit of the waiter).
    UnlessAny(i128),
}

impl Blocks {
    /// Whether reading `value` blocks.
    pub fn at(self, value: i128) -> bool {
        match self {
            Blocks::UnlessZero => value != 0,
            Blocks::IfAny(bits) => value & bits != 0,
            Blocks::UnlessAny(bits) => value & bits == 0,
        }
    }
}

impl Event {
    /// An event of `thread` with nothing read or written yet.
    pub fn new(thread: Thread, kind: Kind, loc: Option<usize>, order: Ordering, value: i128) -> Event {
        Event {
            thread,
            owner: thread,
            kind,
            loc,
            order,
            value,
            rf: None,
            exclusive: false,
            traced: false,
            site: None,
            blocks: None,
            settled: false,
        }
    }

    /// Whether it reads memory.
    pub fn is_read(&self) -> bool {
        self.kind == Kind::Read
    }

    /// Whether it writes memory (an initial write included).
    pub fn is_write(&self) -> bool {
        matches!(self.kind, Kind::Write | Kind::Init)
    }
}

/// One location's writes in modification order. Kept inline up to a dozen writes: the search
/// clones a graph for every way it stacks, and a vector per location was a heap allocation
/// each, a tenth of a pool's search.
pub type Order = smallvec::SmallVec<[usize; 12]>;

/// The name of modelled thread `t`: its trace column's name where it has one.
fn name_of(t: Thread, threads: &[String]) -> String {
    threads.get(t).cloned().unwrap_or_else(|| format!("thread {t}"))
}

/// One execution: its events in the order they were added, `rf` inside the events, `mo` per
/// location, and the edges thread creation and joining add.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    /// Every event, in the order it was added.
    pub events: Vec<Event>,
    /// Each location's writes in modification order, its initial write first.
    pub mo: Vec<Order>,
    /// Names of the locations, for reports.
    pub names: Vec<std::sync::Arc<str>>,
    /// Which locations are a lock's or a condition variable's hidden one, not an atomic of the
    /// program.
    pub hidden: Vec<bool>,
    /// Which locations hold a `bool` (an `AtomicBool`), whose values reports show as `true` and
    /// `false`, as the trace does.
    pub booleans: Vec<bool>,
    /// Synchronisation between threads outside memory: spawn → child's begin, child's end → join.
    pub asw: Vec<(usize, usize)>,
}

impl Graph {
    /// Adds a location with its initial value, created by `owner`; returns its index.
    pub fn add_location(&mut self, owner: Thread, name: &str, value: i128, hidden: bool) -> usize {
        let loc = self.mo.len();
        let mut init = Event::new(INIT, Kind::Init, Some(loc), Ordering::Relaxed, value);
        init.owner = owner;
        self.events.push(init);
        self.mo.push(smallvec::smallvec![self.events.len() - 1]);
        self.names.push(name.into());
        self.hidden.push(hidden);
        self.booleans.push(false);
        loc
    }

    /// The value event `i` reads or writes, as the program's type shows it: `true` for a `bool`'s
    /// 1, the number itself otherwise.
    pub fn value_text(&self, i: usize) -> String {
        let e = &self.events[i];
        match e.loc {
            Some(l) if self.booleans[l] => (e.value != 0).to_string(),
            _ => e.value.to_string(),
        }
    }

    /// The read part of read-modify-write `w` (an exclusive write): its thread's event before it,
    /// past the choice between them if the operation made one.
    pub fn read_part(&self, w: usize) -> Option<usize> {
        let e = &self.events[w];
        if !(e.kind == Kind::Write && e.exclusive) {
            return None;
        }
        (0..w).rev().find(|&i| self.events[i].owner == e.owner && self.events[i].kind != Kind::Choice)
    }

    /// Whether write `w` is read by the read part of a read-modify-write whose write part is in
    /// the graph (other than `except`): that write goes straight after `w` in `mo`.
    pub fn read_by_rmw(&self, w: usize, except: Option<usize>) -> bool {
        (0..self.events.len())
            .any(|r| Some(r) != except && self.events[r].rf == Some(w) && self.read_part_of(r))
    }

    /// Whether read `r` is the read part of a read-modify-write whose write part is in the graph.
    pub fn read_part_of(&self, r: usize) -> bool {
        let e = &self.events[r];
        e.kind == Kind::Read
            && e.exclusive
            && (r + 1..self.events.len())
                .find(|&i| self.events[i].owner == e.owner && self.events[i].kind != Kind::Choice)
                .is_some_and(|w| self.read_part(w) == Some(r))
    }

    /// The events `thread`'s code made, in its program order (initial writes it created included).
    pub fn owned(&self, thread: Thread) -> impl Iterator<Item = usize> + '_ {
        (0..self.events.len()).filter(move |&i| self.events[i].owner == thread)
    }

    /// The program's own atomic accesses the trace recorded, each read-modify-write once (its
    /// write part), in the program order of `thread`.
    pub fn traced_accesses(&self, thread: Thread) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for i in self.owned(thread) {
            let e = &self.events[i];
            if !e.traced || !matches!(e.kind, Kind::Read | Kind::Write) {
                continue;
            }
            if e.kind == Kind::Write && e.exclusive && out.last() == self.read_part(i).as_ref() {
                out.pop();
            }
            out.push(i);
        }
        out
    }

    /// Who wrote what event `w` holds, for a reader: `t1's 1`, or `the initial 0`.
    pub fn writer(&self, w: usize, threads: &[String]) -> String {
        let e = &self.events[w];
        match e.kind {
            Kind::Init => format!("the initial {}", self.value_text(w)),
            _ => format!("{}'s {}", name_of(e.thread, threads), self.value_text(w)),
        }
    }

    /// The graph in Graphviz's dot language: one cluster per thread with its events in program
    /// order, `rf` edges from each write to the reads that read it, `mo` edges along each
    /// location's modification order.
    pub fn dot(&self, threads: &[String]) -> String {
        let mut out =
            String::from("digraph execution {\n  rankdir=TB;\n  node [shape=box, fontname=monospace];\n");
        let label = |i: usize| {
            let e = &self.events[i];
            let loc = e.loc.map_or(String::new(), |l| self.names[l].to_string());
            let rmw = if e.exclusive { " (RMW)" } else { "" };
            match e.kind {
                Kind::Init => format!("{loc} = {}", self.value_text(i)),
                Kind::Read => format!("R {:?} {loc} = {}{rmw}", e.order, self.value_text(i)),
                Kind::Write => format!("W {:?} {loc} = {}{rmw}", e.order, self.value_text(i)),
                Kind::Fence => format!("F {:?}", e.order),
                other => format!("{other:?}"),
            }
        };
        let shown = |i: usize| {
            let e = &self.events[i];
            e.loc.is_none_or(|l| !self.hidden[l]) && e.kind != Kind::Choice
        };
        let mut threads_seen: Vec<Thread> = self.events.iter().map(|e| e.thread).collect();
        threads_seen.sort_unstable();
        threads_seen.dedup();
        for t in threads_seen {
            let name = if t == INIT { "init".to_string() } else { name_of(t, threads) };
            let _ = writeln!(
                out,
                "  subgraph cluster_{} {{\n    label=\"{name}\";",
                if t == INIT { 0 } else { t + 1 }
            );
            let mine: Vec<usize> =
                (0..self.events.len()).filter(|&i| self.events[i].thread == t && shown(i)).collect();
            for &i in &mine {
                let _ = writeln!(out, "    e{i} [label=\"{}\"];", label(i));
            }
            // The initial writes are in no program order: they only happen before everything.
            for pair in mine.windows(2).filter(|_| t != INIT) {
                let _ = writeln!(out, "    e{} -> e{} [label=\"po\"];", pair[0], pair[1]);
            }
            out.push_str("  }\n");
        }
        for &(a, b) in &self.asw {
            let _ = writeln!(out, "  e{a} -> e{b} [label=\"sw\", style=dashed];");
        }
        for (r, e) in self.events.iter().enumerate() {
            if let Some(w) = e.rf.filter(|_| shown(r)) {
                let _ = writeln!(out, "  e{w} -> e{r} [label=\"rf\", color=green, constraint=false];");
            }
        }
        for (loc, order) in self.mo.iter().enumerate().filter(|(l, _)| !self.hidden[*l]) {
            for pair in order.windows(2) {
                let _ = writeln!(
                    out,
                    "  e{} -> e{} [label=\"mo {}\", color=red, constraint=false];",
                    pair[0], pair[1], self.names[loc]
                );
            }
        }
        out.push_str("}\n");
        out
    }

    /// Adds an event; returns its index. A write still needs its place in `mo` ([`Graph::place`]).
    pub fn add(&mut self, event: Event) -> usize {
        self.events.push(event);
        self.events.len() - 1
    }

    /// Puts write `w` at `position` in its location's modification order.
    pub fn place(&mut self, w: usize, position: usize) {
        let loc = self.events[w].loc.expect("a write has a location");
        self.mo[loc].insert(position, w);
    }

    /// Takes write `w` out of its location's modification order, to place it elsewhere.
    pub fn unplace(&mut self, w: usize) {
        let loc = self.events[w].loc.expect("a write has a location");
        self.mo[loc].retain(|x| *x != w);
    }

    /// Removes the last event added (and its place in `mo`): undoes a tentative step.
    pub fn pop(&mut self) {
        if let Some(e) = self.events.pop() {
            let at = self.events.len();
            if let Some(loc) = e.loc {
                self.mo[loc].retain(|w| *w != at);
            }
            self.asw.retain(|&(a, b)| a != at && b != at);
        }
    }

    /// The graph of only the events `keep` marks, in the same order, events and locations
    /// renumbered (a location whose initial write goes, goes). `keep` must be closed under what
    /// its events read from and follow.
    pub fn restrict(&self, keep: &[bool]) -> Graph {
        let kept_locations: Vec<bool> = self.mo.iter().map(|order| keep[order[0]]).collect();
        let mut loc_number = vec![usize::MAX; self.mo.len()];
        let mut next = 0;
        for (l, kept) in kept_locations.iter().enumerate() {
            if *kept {
                loc_number[l] = next;
                next += 1;
            }
        }
        let mut renumber = vec![usize::MAX; self.events.len()];
        let mut events = Vec::new();
        for (i, e) in self.events.iter().enumerate() {
            if keep[i] {
                renumber[i] = events.len();
                let mut e = e.clone();
                e.loc = e.loc.map(|l| {
                    debug_assert!(
                        loc_number[l] != usize::MAX,
                        "a kept event uses a location made by a deleted one"
                    );
                    loc_number[l]
                });
                events.push(e);
            }
        }
        for e in &mut events {
            e.rf = e.rf.map(|w| {
                debug_assert!(renumber[w] != usize::MAX, "a kept read reads a deleted write");
                renumber[w]
            });
        }
        let kept = |l: &usize| kept_locations[*l];
        let mo = (0..self.mo.len())
            .filter(kept)
            .map(|l| self.mo[l].iter().filter(|&&w| keep[w]).map(|&w| renumber[w]).collect())
            .collect();
        let names = (0..self.mo.len()).filter(kept).map(|l| self.names[l].clone()).collect();
        let hidden = (0..self.mo.len()).filter(kept).map(|l| self.hidden[l]).collect();
        let booleans = (0..self.mo.len()).filter(kept).map(|l| self.booleans[l]).collect();
        let asw = self
            .asw
            .iter()
            .filter(|&&(a, b)| keep[a] && keep[b])
            .map(|&(a, b)| (renumber[a], renumber[b]))
            .collect();
        Graph { events, mo, names, hidden, booleans, asw }
    }

    /// A key that two executions share when they are the same graph: each event named by its
    /// owner and its place in the owner's program order, each location by its initial write; per
    /// thread its events, each read naming the write it reads from, and each location's
    /// modification order. Kept as 128 bits of two hashes of that description, so that a search
    /// of a million executions keeps 16 MB of keys: two different graphs share a key with a
    /// chance of about 2^-128 per pair, and the key only counts duplicates.
    pub fn key(&self) -> u128 {
        use std::hash::{Hash, Hasher};
        const NONE: u64 = u64::MAX;
        let mut nth = vec![(0u64, 0u64); self.events.len()];
        let mut owners: Vec<(Thread, u64)> = Vec::new();
        for (i, e) in self.events.iter().enumerate() {
            let c = match owners.iter_mut().find(|(t, _)| *t == e.owner) {
                Some((_, c)) => c,
                None => {
                    owners.push((e.owner, 0));
                    &mut owners.last_mut().expect("just pushed").1
                }
            };
            nth[i] = (e.owner as u64, *c);
            *c += 1;
        }
        let loc_name = |l: usize| nth[self.mo[l][0]];
        owners.sort_unstable();
        let mut words: Vec<u64> = Vec::with_capacity(10 * self.events.len() + 4 * self.mo.len());
        for &(t, count) in &owners {
            words.extend([t as u64, count]);
            for e in self.events.iter().filter(|e| e.owner == t) {
                let (loc_owner, loc_nth) = e.loc.map_or((NONE, NONE), loc_name);
                let (rf_owner, rf_nth) = e.rf.map_or((NONE, NONE), |w| nth[w]);
                words.extend([
                    e.kind as u64,
                    loc_owner,
                    loc_nth,
                    e.order as u64,
                    e.value as u64,
                    (e.value >> 64) as u64,
                    u64::from(e.exclusive),
                    rf_owner,
                    rf_nth,
                ]);
            }
        }
        let mut locations: Vec<usize> = (0..self.mo.len()).collect();
        locations.sort_by_key(|&l| loc_name(l));
        for l in locations {
            let (owner, n) = loc_name(l);
            words.extend([owner, n, self.mo[l].len() as u64]);
            for &w in &self.mo[l] {
                words.extend([nth[w].0, nth[w].1]);
            }
        }
        let hash = |salt: u64| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            salt.hash(&mut h);
            words.hash(&mut h);
            h.finish()
        };
        (u128::from(hash(0)) << 64) | u128::from(hash(1))
    }
}
