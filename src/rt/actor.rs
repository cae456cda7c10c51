//! An actor's code run as std would run it: its panic kept as a value (as `join()` gives it), or
//! its end as a process would end; and the modelled threads of an execution not yet finished.
//!
//! Under loom a panicking thread fails the whole model and `join()` never returns `Err` (loom issue
//! #417). The facade catches the panic inside the modelled thread instead ([`catch_actor`]), so
//! `join()` returns `Err` with the payload, as it does on std. Panics that belong to the checker
//! itself (loom's deadlock report, an exceeded bound, the runners' payloads) are passed on
//! untouched.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};

use super::deferred::DeferredRelease;
use super::panic::{is_checker_panic, panic_message, scenario_panic_caught};
use super::record;
use crate::model::exit::{Exit, PANICKED};

/// What `join()` gives: the value, or the panic's payload.
pub type Caught<T> = Result<T, Box<dyn Any + Send + 'static>>;

/// Runs an actor's code, turning its panic into a value as `join()` would, and recording it.
///
/// Checker panics are resumed: loom must see its own deadlock report.
pub fn catch_actor<T>(f: impl FnOnce() -> T) -> Caught<T> {
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => Ok(value),
        Err(payload) if is_checker_panic(payload.as_ref()) => panic::resume_unwind(payload),
        Err(payload) => {
            scenario_panic_caught();
            DeferredRelease::release_current();
            // An actor that ended itself as a process would (`racelab::process::abort`) has its
            // call in the trace already.
            if !payload.is::<Exit>() {
                record::record(|| format!("panicked: {}", panic_message(payload.as_ref())));
            }
            Err(payload)
        }
    }
}

/// Runs one actor's code and tells how it ended, as its parent process would see it (see
/// [`crate::process`]): 0 when it returned, 101 when it panicked, or the [`Exit`] it unwound with.
/// A model checker's own panic passes through.
pub fn exit_of(f: impl FnOnce()) -> Exit {
    match catch_actor(f) {
        Ok(()) => Exit::Code(0),
        Err(payload) => payload.downcast_ref::<Exit>().copied().unwrap_or(Exit::Code(PANICKED)),
    }
}

thread_local! {
    /// Modelled threads spawned in this execution and not yet finished. loom and shuttle run an
    /// execution's threads as coroutines of one OS thread, so a plain thread-local sees them all.
    static UNFINISHED: Cell<usize> = const { Cell::new(0) };
}

/// Starts counting the modelled threads of a new execution.
pub fn reset_unfinished() {
    UNFINISHED.with(|n| n.set(0));
}

/// A modelled thread of this execution was spawned.
pub fn spawned() {
    UNFINISHED.with(|n| n.set(n.get() + 1));
}

/// A modelled thread of this execution finished.
pub fn finished() {
    UNFINISHED.with(|n| n.set(n.get().saturating_sub(1)));
}

/// How many modelled threads of this execution have been spawned and have not finished: once the
/// program has returned, any left are blocked forever (a leaked thread).
pub fn unfinished() -> usize {
    UNFINISHED.with(Cell::get)
}
