//! An execution graph: every event of one execution, which write each read reads from (`rf`), and
//! each location's modification order (`mo`).

use std::fmt::Write as _;

use std::sync::atomic::Ordering;

/// Which thread an event belongs to; the initial writes belong to none.
pub type Thread = usize;

/// The thread of the initial writes, which happen before everything.
pub const INIT: Thread = usize::MAX;

/// What an event does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A location's initial value.
    Init,
    /// A load, or a compare-exchange that failed (it only read).
    Read,
    /// A store.
    Write,
    /// A read-modify-write: one event that reads and writes (swap, fetch_*, a compare-exchange that
    /// succeeded).
    Rmw,
    /// A fence.
    Fence,
    /// A thread spawning another: the start of the child is after it.
    Spawn,
    /// A thread's first event.
    Begin,
    /// A thread's last event.
    End,
    /// A thread joining another: the end of the child is before it.
    Join,
}

/// One event of an execution.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Event {
    /// Its thread.
    pub thread: Thread,
    /// What it does.
    pub kind: Kind,
    /// The location it accesses, for reads, writes and initial writes.
    pub loc: Option<usize>,
    /// Its memory ordering (`Relaxed` for the events that have none).
    pub order: Ordering,
    /// The value it wrote, or for a read the value it read.
    pub value: i128,
    /// For a read or read-modify-write, the write it reads from.
    pub rf: Option<usize>,
}

impl Event {
    /// Whether it reads memory.
    pub fn is_read(&self) -> bool {
        matches!(self.kind, Kind::Read | Kind::Rmw)
    }

    /// Whether it writes memory (an initial write included).
    pub fn is_write(&self) -> bool {
        matches!(self.kind, Kind::Write | Kind::Rmw | Kind::Init)
    }
}

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
    pub mo: Vec<Vec<usize>>,
    /// Names of the locations, for reports.
    pub names: Vec<String>,
    /// Which locations are a lock's hidden one ([`Graph::add_lock`]), not an atomic of the program.
    pub hidden: Vec<bool>,
    /// Synchronisation between threads outside memory: spawn → child's begin, child's end → join.
    pub asw: Vec<(usize, usize)>,
}

impl Graph {
    /// Adds a location with its initial value; returns its index.
    pub fn add_location(&mut self, name: &str, value: i128) -> usize {
        let loc = self.mo.len();
        self.events.push(Event {
            thread: INIT,
            kind: Kind::Init,
            loc: Some(loc),
            order: Ordering::Relaxed,
            value,
            rf: None,
        });
        self.mo.push(vec![self.events.len() - 1]);
        self.names.push(name.to_string());
        self.hidden.push(false);
        loc
    }

    /// Adds a lock's hidden location, whose releases and acquires order the lock's users.
    pub fn add_lock(&mut self) -> usize {
        let loc = self.add_location("lock", 0);
        self.hidden[loc] = true;
        loc
    }

    /// The program's own atomic accesses (reads, writes, read-modify-writes; no initial write, no
    /// lock's), in the order they ran: the order the facade recorded them in a trace.
    pub fn accesses(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.events.len()).filter(|&i| {
            let e = &self.events[i];
            matches!(e.kind, Kind::Read | Kind::Write | Kind::Rmw) && e.loc.is_some_and(|l| !self.hidden[l])
        })
    }

    /// Who wrote what event `w` holds, for a reader: `t1's 1`, or `the initial 0`.
    pub fn writer(&self, w: usize, threads: &[String]) -> String {
        let e = &self.events[w];
        match e.kind {
            Kind::Init => format!("the initial {}", e.value),
            _ => format!("{}'s {}", name_of(e.thread, threads), e.value),
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
            let loc = e.loc.map_or(String::new(), |l| self.names[l].clone());
            match e.kind {
                Kind::Init => format!("{loc} = {}", e.value),
                Kind::Read => format!("R{:?} {loc} = {}", e.order, e.value),
                Kind::Write => format!("W{:?} {loc} = {}", e.order, e.value),
                Kind::Rmw => format!("RMW{:?} {loc} = {}", e.order, e.value),
                Kind::Fence => format!("F{:?}", e.order),
                other => format!("{other:?}"),
            }
        };
        let shown = |i: usize| self.events[i].loc.is_none_or(|l| !self.hidden[l]);
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
            for pair in mine.windows(2) {
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

    /// Removes the last event added (and its place in `mo`): undoes a tentative step.
    pub fn pop(&mut self) {
        if let Some(e) = self.events.pop() {
            let at = self.events.len();
            if let Some(loc) = e.loc {
                self.mo[loc].retain(|&w| w != at);
            }
            self.asw.retain(|&(a, b)| a != at && b != at);
        }
    }

    /// A key that two executions share exactly when they are the same graph: per thread its
    /// events in program order, each read naming the write it reads from by (thread, position),
    /// and each location's modification order the same way.
    pub fn key(&self) -> String {
        let position = |i: usize| {
            let e = &self.events[i];
            let nth = self.events[..i].iter().filter(|o| o.thread == e.thread).count();
            (e.thread, nth)
        };
        let mut threads: Vec<Thread> = self.events.iter().map(|e| e.thread).collect();
        threads.sort_unstable();
        threads.dedup();
        let mut key = String::new();
        for t in threads {
            let _ = write!(key, "T{t}:");
            for e in self.events.iter().filter(|e| e.thread == t) {
                let _ = write!(key, "{:?}{:?}{:?}{}", e.kind, e.loc, e.order, e.value);
                if let Some(w) = e.rf {
                    let _ = write!(key, "<{:?}", position(w));
                }
                key.push(';');
            }
        }
        for (loc, order) in self.mo.iter().enumerate() {
            let _ = write!(key, "M{loc}:");
            for &w in order {
                let _ = write!(key, "{:?},", position(w));
            }
        }
        key
    }
}
