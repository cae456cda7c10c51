//! The trace recorder: every operation on a shared object, per modelled thread, while a model
//! checker runs the actors ([`begin`] to [`take`]).
//!
//! Real-thread runs record nothing: they are built for throughput, and their interleavings cannot
//! be replayed anyway. What is recorded is a [`Trace`], the model's data
//! ([`crate::model::trace`] says how one reads, and how a witness of weak memory is labelled).

use std::cell::RefCell;

use super::engine::{self, Engine};
use super::panic::scenario_panicking;
use crate::model::trace::{Access, Event, Trace, order};

/// A modelled thread's identity, as the running checker knows it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tid {
    Loom(loom::thread::ThreadId),
    /// shuttle's task id: what `shuttle::thread::current().id()` wraps, without cloning the
    /// thread's name on every recorded event.
    Shuttle(shuttle::current::TaskId),
}

fn current_tid() -> Option<Tid> {
    match engine::engine() {
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
    order::explain(&mut trace);
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
    std::thread::panicking() && !scenario_panicking()
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
