//! Traces: the operations of one execution, per actor, in the order they happened.
//!
//! The facade records every operation on a shared object while a model checker runs the actors
//! ([`begin`] to [`take`]). Real-thread runs record nothing: they are built for throughput, and
//! their interleavings cannot be replayed anyway. [`Trace::render`] lays a trace out in one column
//! per actor, so that a race reads from top to bottom.

use std::cell::RefCell;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::rt::{self, Engine};

/// The most rows a rendered trace shows; longer traces keep their last rows, where the bug is.
pub const MAX_ROWS: usize = 40;

/// One operation of one actor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Index of the actor's column.
    pub actor: usize,
    /// What it did, as `object.op(args) -> result`.
    pub text: String,
}

/// The operations of one execution, with the names of its actors in column order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// Column names, in the order the actors were started.
    pub actors: Vec<String>,
    /// Operations in the order they happened.
    pub events: Vec<Event>,
    /// Loads that returned an older value than the latest store in trace order: what only a weak
    /// memory model allows. Fewer make a simpler witness.
    pub stale_reads: usize,
}

/// A modelled thread's identity, as the running checker knows it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tid {
    Loom(loom::thread::ThreadId),
    Shuttle(shuttle::thread::ThreadId),
}

fn current_tid() -> Option<Tid> {
    match rt::engine() {
        Engine::Std => None,
        Engine::Loom => Some(Tid::Loom(loom::thread::current().id())),
        Engine::Shuttle => Some(Tid::Shuttle(shuttle::thread::current().id())),
    }
}

#[derive(Default)]
struct Recorder {
    on: bool,
    trace: Trace,
    /// Which modelled thread writes to which column; a column is claimed at spawn, bound on start.
    bound: Vec<Option<Tid>>,
    /// The latest value stored to each atomic, by address, in trace order.
    latest: Vec<(usize, i128)>,
    /// The latest value each column stored to each atomic: (column, address, value).
    own: Vec<(usize, usize, i128)>,
    /// What each column is blocked on right now, if anything.
    pending: Vec<Option<String>>,
}

impl Recorder {
    /// The column the modelled thread `tid` writes to, if it has one.
    fn column(&self, tid: Option<Tid>) -> Option<usize> {
        self.bound.iter().position(|b| *b == tid)
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
        r.on = tid.is_some();
        r.trace = Trace::default();
        r.bound.clear();
        r.latest.clear();
        r.own.clear();
        r.pending.clear();
        r.trace.actors.push(main.to_string());
        r.bound.push(tid);
    });
}

/// Stops recording and returns what was recorded since [`begin`].
pub fn take() -> Trace {
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        r.on = false;
        r.bound.clear();
        r.latest.clear();
        r.own.clear();
        r.pending.clear();
        std::mem::take(&mut r.trace)
    })
}

/// Stops recording and returns what was recorded, ending with what each blocked thread waits for:
/// the witness of a deadlock.
pub fn take_blocked() -> Trace {
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        let pending = std::mem::take(&mut r.pending);
        for (actor, text) in pending.into_iter().enumerate() {
            if let Some(text) = text {
                r.trace.events.push(Event { actor, text });
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
        if let Some(actor) = r.column(tid) {
            if let Some(slot) = r.pending.get_mut(actor) {
                *slot = None;
            }
        }
    });
}

/// Stops recording (the observer's reads are not part of the race), keeping what was recorded.
pub fn pause() {
    RECORDER.with(|r| r.borrow_mut().on = false);
}

/// Whether operations are being recorded on this OS thread.
#[inline]
pub fn recording() -> bool {
    RECORDER.with(|r| r.borrow().on)
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
    record_with(|_, _| describe());
}

/// Records a load of the atomic at `address` that returned `value`, marking what it read when it
/// is not the latest store in trace order.
///
/// Coherence (C++ and RC11: a read cannot see a store that precedes, in modification order, a
/// store its own thread already made to the location) decides the label when the thread stored
/// there itself: any other value is *newer* than its own store. Otherwise a value other than the
/// latest store in this order is marked stale: an older value than the latest store.
pub fn record_load(address: usize, value: i128, describe: impl FnOnce() -> String) {
    record_with(|r, actor| {
        let own = r.own.iter().find(|(c, a, _)| *c == actor && *a == address).map(|&(_, _, v)| v);
        let latest = r.latest.iter().find(|(a, _)| *a == address).map(|&(_, v)| v);
        match (own, latest) {
            (Some(own), _) if own != value => format!("{}  (newer than its own store {own})", describe()),
            (Some(_), _) => describe(),
            (None, Some(latest)) if latest != value => {
                r.trace.stale_reads += 1;
                format!("{}  (stale: latest store {latest})", describe())
            }
            _ => describe(),
        }
    });
}

/// Records a store (or read-modify-write) that left `value` in the atomic at `address`.
pub fn record_store(address: usize, value: i128, describe: impl FnOnce() -> String) {
    record_with(|r, actor| {
        match r.latest.iter_mut().find(|(a, _)| *a == address) {
            Some(slot) => slot.1 = value,
            None => r.latest.push((address, value)),
        }
        match r.own.iter_mut().find(|(c, a, _)| *c == actor && *a == address) {
            Some(slot) => slot.2 = value,
            None => r.own.push((actor, address, value)),
        }
        describe()
    });
}

fn record_with(describe: impl FnOnce(&mut Recorder, usize) -> String) {
    if !recording() || checker_unwinding() {
        return;
    }
    let tid = current_tid();
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        let actor = r.column(tid).unwrap_or(0);
        let text = describe(&mut r, actor);
        r.trace.events.push(Event { actor, text });
    });
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
        let row = |cells: &[&str]| -> String {
            let mut line = String::from("  ");
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    line.push_str(" | ");
                }
                let _ = write!(line, "{cell:<width$}", width = widths[i]);
            }
            line.trim_end().to_string() + "\n"
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
                Event { actor: 0, text: "counter.load() -> 0".into() },
                Event { actor: 1, text: "counter.load() -> 0".into() },
                Event { actor: 0, text: "counter.store(1)".into() },
            ],
            stale_reads: 0,
        };
        let expected = "  t1                  | t2\n  counter.load() -> 0 |\n                      | counter.load() -> 0\n  counter.store(1)    |\n";
        assert_eq!(trace.render(), expected);
    }

    #[test]
    fn render_keeps_the_last_rows_of_a_long_trace() {
        let events = (0..MAX_ROWS + 5).map(|i| Event { actor: 0, text: format!("op{i}") }).collect();
        let text = Trace { actors: vec!["main".into()], events, stale_reads: 0 }.render();
        assert!(text.contains("... 5 earlier operations not shown"));
        assert!(!text.contains("op4\n") && text.contains(&format!("op{}\n", MAX_ROWS + 4)));
    }
}
