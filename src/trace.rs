//! Traces: the operations of one execution, per actor, in the order they happened.
//!
//! The facade records every operation on a shared object while a model checker runs the actors
//! ([`begin`] to [`take`]). Real-thread runs record nothing: they are built for throughput, and
//! their interleavings cannot be replayed anyway. [`Trace::render`] lays a trace out in one column
//! per actor, so that a race reads from top to bottom.
//!
//! ## Weak memory in a witness
//!
//! Under a weak memory model the order in which operations ran explains less: a load may read a
//! store older than the latest one, and a location's *modification order* (the order its stores
//! take effect in, which every thread agrees on) need not be the order they ran in. So each atomic
//! access is recorded with its location and value, the observer's loads (after the actors are
//! joined) are kept too, and [`take`] derives, for each location, a modification order consistent
//! with everything the execution read (the checkers do not expose theirs):
//! - each thread's stores to a location are in program order;
//! - a load that read store `s` after its own thread stored `w` has `w` before `s` (a read cannot
//!   go back behind its own store: coherence), and `s` is before any store the thread makes later;
//! - the observer's final read of a location reads its last store.
//!
//! Ties keep the order the stores ran in. Each load is then labelled by what it read against that
//! order: `newer than its own store` or `an older value than the latest store`. A witness with any
//! such read, or whose modification order differs from the order the stores ran in, shows the
//! order and the observer's loads under its columns.

use std::cell::RefCell;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::rt::{self, Engine};

mod order;

/// The most rows a rendered trace shows; longer traces keep their last rows, where the bug is.
pub const MAX_ROWS: usize = 40;

/// One operation of one actor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Index of the actor's column.
    pub actor: usize,
    /// What it did, as `object.op(args) -> result`.
    pub text: String,
    /// The atomic access it made, if it made one: what the modification order is derived from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
}

/// An atomic access: which location, which value, and whether it wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    /// Index into [`Trace::locations`].
    pub location: usize,
    /// The value read, or left by a write.
    pub value: i128,
    /// A store or read-modify-write (`true`), or a load.
    pub store: bool,
}

/// The operations of one execution, with the names of its actors in column order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// Column names, in the order the actors were started.
    pub actors: Vec<String>,
    /// Operations in the order they happened.
    pub events: Vec<Event>,
    /// Loads that read an older value than the latest store (in modification order) of those
    /// that had run: what only a weak memory model allows. Fewer make a simpler witness.
    pub stale_reads: usize,
    /// The names of the atomic locations accessed, indexed by [`Access::location`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<String>,
    /// The observer's loads, once every actor was joined.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observer: Vec<Event>,
    /// Each location's stores in modification order, as `value (actor)`, where the witness needs
    /// them (see the module docs); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modification_order: Vec<(String, Vec<String>)>,
    /// The execution graph in Graphviz's dot language, where the checker built one (rc11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dot: Option<String>,
}

/// A modelled thread's identity, as the running checker knows it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tid {
    Loom(loom::thread::ThreadId),
    /// shuttle's task id: what `shuttle::thread::current().id()` wraps, without cloning the
    /// thread's name on every recorded event.
    Shuttle(shuttle::current::TaskId),
}

fn current_tid() -> Option<Tid> {
    match rt::engine() {
        Engine::Std => None,
        Engine::Loom => Some(Tid::Loom(loom::thread::current().id())),
        Engine::Shuttle | Engine::Rc11 => Some(Tid::Shuttle(shuttle::current::me())),
    }
}

#[derive(Default)]
struct Recorder {
    on: bool,
    /// The actors are joined and the observer runs: its atomic loads are kept apart.
    observing: bool,
    trace: Trace,
    /// Which modelled thread writes to which column; a column is claimed at spawn, bound on start.
    bound: Vec<Option<Tid>>,
    /// The address of each location in `trace.locations`.
    addresses: Vec<usize>,
    /// What each column is blocked on right now, if anything.
    pending: Vec<Option<String>>,
}

impl Recorder {
    /// The column the modelled thread `tid` writes to, if it has one.
    fn column(&self, tid: Option<Tid>) -> Option<usize> {
        self.bound.iter().position(|b| *b == tid)
    }

    /// The index of the location at `address`, named `name` the first time it is seen.
    fn location(&mut self, address: usize, name: &str) -> usize {
        match self.addresses.iter().position(|&a| a == address) {
            Some(i) => i,
            None => {
                self.addresses.push(address);
                self.trace.locations.push(name.to_string());
                self.addresses.len() - 1
            }
        }
    }

    fn reset(&mut self) {
        self.on = false;
        self.observing = false;
        self.bound.clear();
        self.addresses.clear();
        self.pending.clear();
    }
}

thread_local! {
    static RECORDER: RefCell<Recorder> = RefCell::new(Recorder::default());
}

/// Starts recording a new execution; the calling (main) thread becomes the first column.
pub fn begin(main: &str) {
    let tid = current_tid();
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        r.reset();
        r.on = tid.is_some();
        r.trace = Trace::default();
        r.trace.actors.push(main.to_string());
        r.bound.push(tid);
    });
}

/// Stops recording and returns what was recorded since [`begin`], each load labelled by what it
/// read (see the module docs).
pub fn take() -> Trace {
    let mut trace = RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        r.reset();
        std::mem::take(&mut r.trace)
    });
    crate::trace::order::explain(&mut trace);
    trace
}

/// Stops recording and returns what was recorded, ending with what each blocked thread waits for:
/// the witness of a deadlock.
pub fn take_blocked() -> Trace {
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        let pending = std::mem::take(&mut r.pending);
        for (actor, text) in pending.into_iter().enumerate() {
            if let Some(text) = text {
                r.trace.events.push(Event { actor, text, access: None });
            }
        }
    });
    take()
}

/// Notes that the calling actor is about to block (`describe` runs only while recording).
pub fn wait(describe: impl FnOnce() -> String) {
    if !recording() || checker_unwinding() {
        return;
    }
    let tid = current_tid();
    let text = describe();
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        let actor = r.column(tid).unwrap_or(0);
        if r.pending.len() <= actor {
            r.pending.resize(actor + 1, None);
        }
        r.pending[actor] = Some(text);
    });
}

/// Notes that the calling actor is no longer blocked.
pub fn done_waiting() {
    if !recording() || checker_unwinding() {
        return;
    }
    let tid = current_tid();
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        if let Some(actor) = r.column(tid)
            && let Some(slot) = r.pending.get_mut(actor)
        {
            *slot = None;
        }
    });
}

/// Stops recording the race, keeping what was recorded; the observer's atomic loads that follow
/// are kept apart ([`Trace::observer`]): they tell which store each location ended with.
pub fn pause() {
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        r.observing = r.on;
        r.on = false;
    });
}

/// Whether operations are being recorded on this OS thread.
#[inline]
pub fn recording() -> bool {
    RECORDER.with(|r| r.borrow().on)
}

/// Whether the observer runs, its loads kept apart ([`pause`]).
pub(crate) fn observing() -> bool {
    RECORDER.with(|r| r.borrow().observing)
}

/// Claims the next column for a thread about to be spawned; `None` when not recording.
pub(crate) fn claim_column(name: Option<&str>) -> Option<usize> {
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        if !r.on {
            return None;
        }
        let column = r.trace.actors.len();
        let name = name.map_or_else(|| format!("t{column}"), str::to_string);
        r.trace.actors.push(name);
        r.bound.push(None);
        Some(column)
    })
}

/// Binds the calling modelled thread to the column claimed for it at spawn.
pub(crate) fn bind_column(column: usize) {
    let tid = current_tid();
    RECORDER.with(|r| {
        if let Some(slot) = r.borrow_mut().bound.get_mut(column) {
            *slot = tid;
        }
    });
}

/// Whether the thread unwinds a panic of the checker's own. Then nothing may be recorded: when
/// loom finds a deadlock it unwinds the stacks of the blocked threads, their guards drop, and
/// loom has no current thread to ask about (a second panic there aborts the process). While a
/// scenario's own panic unwinds, its thread is the running one, and recording is safe.
fn checker_unwinding() -> bool {
    std::thread::panicking() && !rt::scenario_panicking()
}

/// Records one operation of the calling actor; `describe` runs only while recording.
#[inline]
pub fn record(describe: impl FnOnce() -> String) {
    record_with(None, describe);
}

/// Records a load of the atomic `name` at `address` that returned `value`; [`take`] labels it by
/// what it read.
pub fn record_load(address: usize, name: &str, value: i128, describe: impl FnOnce() -> String) {
    record_access(address, name, value, false, describe);
}

/// Records a store (or read-modify-write) that left `value` in the atomic `name` at `address`.
pub fn record_store(address: usize, name: &str, value: i128, describe: impl FnOnce() -> String) {
    record_access(address, name, value, true, describe);
}

fn record_access(address: usize, name: &str, value: i128, store: bool, describe: impl FnOnce() -> String) {
    if checker_unwinding() {
        return;
    }
    let observing = RECORDER.with(|r| r.borrow().observing);
    if observing {
        // The observer's loads only: what it writes is no part of any execution's order.
        if !store {
            RECORDER.with(|r| {
                let mut r = r.borrow_mut();
                let location = r.location(address, name);
                let access = Some(Access { location, value, store });
                r.trace.observer.push(Event { actor: 0, text: describe(), access });
            });
        }
        return;
    }
    if !recording() {
        return;
    }
    let location = RECORDER.with(|r| r.borrow_mut().location(address, name));
    record_with(Some(Access { location, value, store }), describe);
}

fn record_with(access: Option<Access>, describe: impl FnOnce() -> String) {
    if !recording() || checker_unwinding() {
        return;
    }
    let tid = current_tid();
    let text = describe();
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        let actor = r.column(tid).unwrap_or(0);
        r.trace.events.push(Event { actor, text, access });
    });
}

/// A line under the trace, wrapped within `width` where one is given, its later lines indented.
fn prose(line: &str, width: Option<usize>) -> String {
    match width {
        Some(w) => textwrap::wrap(
            line,
            textwrap::Options::new(w)
                .subsequent_indent("    ")
                .word_splitter(textwrap::WordSplitter::NoHyphenation),
        )
        .iter()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect(),
        None => format!("{line}\n"),
    }
}

/// Narrows `widths` to `budget` columns in all: columns within an even share keep their width,
/// the rest share what is left evenly (never below 8 columns: past that, more lines beat
/// unreadable ones).
fn narrow(widths: &mut [usize], budget: usize) {
    if widths.iter().sum::<usize>() <= budget {
        return;
    }
    let mut order: Vec<usize> = (0..widths.len()).collect();
    order.sort_by_key(|&i| widths[i]);
    let mut left = budget;
    for (placed, &i) in order.iter().enumerate() {
        let share = left / (order.len() - placed);
        widths[i] = widths[i].min(share).max(8);
        left = left.saturating_sub(widths[i]);
    }
}

impl Trace {
    /// Whether this trace explains its outcome more simply than `other`: fewer stale reads, then
    /// fewer operations.
    pub fn simpler_than(&self, other: &Trace) -> bool {
        (self.stale_reads, self.events.len()) < (other.stale_reads, other.events.len())
    }

    /// Lays the trace out in one column per actor, one operation per row.
    ///
    /// ```text
    ///   t1                    | t2
    ///   counter.load() -> 0   |
    ///                         | counter.load() -> 0
    /// ```
    pub fn render(&self) -> String {
        self.render_within(None)
    }

    /// [`Trace::render`] within `width` columns, where one is given: the columns wider than their
    /// share of it are narrowed, and an operation too long for its column goes on over more
    /// lines, indented, in the same column.
    pub fn render_within(&self, width: Option<usize>) -> String {
        let skipped = self.events.len().saturating_sub(MAX_ROWS);
        let events = &self.events[skipped..];
        // Only actors with something to show get a column, in their order.
        let mut shown: Vec<usize> =
            events.iter().map(|e| e.actor.min(self.actors.len().saturating_sub(1))).collect();
        shown.sort_unstable();
        shown.dedup();
        let column_of =
            |actor: usize| shown.iter().position(|&a| a == actor.min(self.actors.len().saturating_sub(1)));
        let columns = shown.len().max(1);
        let mut widths: Vec<usize> =
            shown.iter().map(|&a| self.actors.get(a).map_or(0, |n| n.chars().count())).collect();
        widths.resize(columns, 0);
        for e in events {
            let w = &mut widths[column_of(e.actor).unwrap_or(0)];
            *w = (*w).max(e.text.chars().count());
        }
        if let Some(width) = width {
            // Two columns of indent, three between columns.
            narrow(&mut widths, width.saturating_sub(2 + 3 * (columns - 1)));
        }
        let widths = &widths;
        let row = |cells: &[&str]| -> String {
            let wrapped: Vec<Vec<String>> = cells
                .iter()
                .zip(widths)
                .map(|(cell, &w)| {
                    if cell.chars().count() <= w {
                        vec![cell.to_string()]
                    } else {
                        let options = textwrap::Options::new(w)
                            .subsequent_indent("  ")
                            .word_splitter(textwrap::WordSplitter::NoHyphenation);
                        textwrap::wrap(cell, options).into_iter().map(|l| l.into_owned()).collect()
                    }
                })
                .collect();
            let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
            let mut out = String::new();
            for line_no in 0..height {
                let mut line = String::from("  ");
                for (i, lines) in wrapped.iter().enumerate() {
                    if i > 0 {
                        line.push_str(" | ");
                    }
                    let cell = lines.get(line_no).map_or("", String::as_str);
                    let _ = write!(line, "{cell:<width$}", width = widths[i]);
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
            out
        };
        let names: Vec<&str> = shown.iter().map(|&a| self.actors.get(a).map_or("", String::as_str)).collect();
        let mut out = row(&names);
        if skipped > 0 {
            let _ = writeln!(out, "  ... {skipped} earlier operations not shown");
        }
        for e in events {
            let mut cells = vec![""; columns];
            cells[column_of(e.actor).unwrap_or(0)] = &e.text;
            out.push_str(&row(&cells));
        }
        if !self.modification_order.is_empty() {
            if !self.observer.is_empty() {
                let loads: Vec<&str> = self.observer.iter().map(|e| e.text.as_str()).collect();
                out.push_str(&prose(&format!("  observer, after the join: {}", loads.join(" · ")), width));
            }
            let orders: Vec<String> = self
                .modification_order
                .iter()
                .map(|(location, stores)| format!("{location}: {}", stores.join(", ")))
                .collect();
            out.push_str(&prose(
                &format!("  modification order, first to last: {}", orders.join(" · ")),
                width,
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_puts_each_operation_in_its_actor_column() {
        let trace = Trace {
            actors: vec!["t1".into(), "t2".into()],
            events: vec![
                Event { actor: 0, text: "counter.load() -> 0".into(), access: None },
                Event { actor: 1, text: "counter.load() -> 0".into(), access: None },
                Event { actor: 0, text: "counter.store(1)".into(), access: None },
            ],
            ..Trace::default()
        };
        let expected = "  t1                  | t2\n  counter.load() -> 0 |\n                      | counter.load() -> 0\n  counter.store(1)    |\n";
        assert_eq!(trace.render(), expected);
    }

    #[test]
    fn render_keeps_the_last_rows_of_a_long_trace() {
        let events =
            (0..MAX_ROWS + 5).map(|i| Event { actor: 0, text: format!("op{i}"), access: None }).collect();
        let text = Trace { actors: vec!["main".into()], events, ..Trace::default() }.render();
        assert!(text.contains("... 5 earlier operations not shown"));
        assert!(!text.contains("op4\n") && text.contains(&format!("op{}\n", MAX_ROWS + 4)));
    }
}
