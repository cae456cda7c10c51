//! Async tasks under rc11: each spawned task is a modelled thread, and whether it has finished is
//! a hidden location that its handle's polls read, so that which comes first, the task's end or a
//! poll of its handle, is a choice of the search like the order of two lock acquisitions.
//!
//! shuttle's executor hosts the tasks: each is polled when racelab's scheduler picks it, and a
//! task that returned `Pending` waits until its waker is woken, as under any executor. A task's
//! state holds two bits: [`FINISHED`], set as the task ends (a release read-modify-write), and
//! [`AWAITED`], set by a poll of its handle that finds it unfinished (a read-modify-write that
//! registers the poller's waker). Both write one location, so its modification order puts each
//! poll before the end or after it, as the lock inside a real executor's join handle does: a poll
//! after the end reads it finished (an acquire load, so everything the task did happens before
//! what follows the await), and a poll before it leaves its waker, which the end wakes.
//!
//! No scheduling choice is added: a task's polls are events of its thread like any other, and the
//! order in which shuttle polls tasks that are ready matters only through what they read, which
//! the search chooses.

use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};
use std::task::Waker;

use super::graph::Thread;
use super::run::{self, Decision, Location, Step};

/// A task's state bit: it has ended.
pub const FINISHED: i128 = 1;

/// A task's state bit: a poll of its handle found it unfinished and left a waker.
pub const AWAITED: i128 = 2;

/// A task about to be spawned: its modelled thread, the spawn event its first event follows, and
/// the hidden location of its state. `None` when the run is over (the caller is unwinding).
pub fn spawn() -> Option<(Thread, usize, usize)> {
    run::enter_async();
    let state = run::new_location("task", 0, Location::Hidden);
    let (child, spawned) = run::spawn()?;
    Some((child, spawned, state))
}

/// The calling task, whose state is at `state`, has finished: it says so, wakes whoever polled
/// its handle first, and ends.
pub fn finish(state: usize) {
    let (old, _) = run::update(
        state,
        &|s| Decision { order: Relaxed, exclusive: true, steps: vec![Step::Write(s | FINISHED, Release)] },
        None,
    );
    if old & AWAITED != 0 {
        run::wake(state);
    }
    run::end();
}

/// A poll of the handle of the task whose state is at `state`: whether it has finished. If not,
/// the poller's `waker` is left for the task's end to wake.
pub fn poll(state: usize, waker: &Waker) -> bool {
    let (seen, _) = run::update(
        state,
        &|s| {
            if s & FINISHED != 0 {
                Decision { order: Acquire, exclusive: false, steps: vec![Step::Proceed] }
            } else {
                Decision { order: Relaxed, exclusive: true, steps: vec![Step::Write(s | AWAITED, Relaxed)] }
            }
        },
        None,
    );
    if seen & FINISHED != 0 {
        return true;
    }
    run::leave_waker(state, waker.clone());
    false
}
