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

use std::sync::atomic::Ordering::{self, Acquire, Relaxed, Release};
use std::task::Waker;

use super::memory::{self, Decision, Location, Step};
use super::state::{EXEC, ended, over, plain, with};
use super::threads;
use crate::rc11::graph::{Kind, Thread};

/// A task's state bit: it has ended.
pub const FINISHED: i128 = 1;

/// A task's state bit: a poll of its handle found it unfinished and left a waker.
pub const AWAITED: i128 = 2;

/// A task about to be spawned: its modelled thread, the spawn event its first event follows, and
/// the hidden location of its state. `None` when the run is over (the caller is unwinding).
pub fn spawn() -> Option<(Thread, usize, usize)> {
    enter_async();
    let state = memory::new_location("task", 0, Location::Hidden);
    let (child, spawned) = threads::spawn()?;
    Some((child, spawned, state))
}

/// The calling task, whose state is at `state`, has finished: it says so, wakes whoever polled
/// its handle first, and ends.
pub fn finish(state: usize) {
    let (old, _) = memory::update(
        state,
        &|s| Decision { order: Relaxed, exclusive: true, steps: vec![Step::Write(s | FINISHED, Release)] },
        None,
    );
    if old & AWAITED != 0 {
        wake(state);
    }
    threads::end();
}

/// A poll of the handle of the task whose state is at `state`: whether it has finished. If not,
/// the poller's `waker` is left for the task's end to wake.
pub fn poll(state: usize, waker: &Waker) -> bool {
    let (seen, _) = memory::update(
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
    leave_waker(state, waker.clone());
    false
}

/// The program runs async tasks ([`super::tasks`]): from `block_on` or a first spawn.
pub fn enter_async() {
    EXEC.with(|e| {
        if let Some(x) = e.borrow_mut().as_mut() {
            x.asynchronous = true;
        }
    });
}

/// The calling thread is about to poll its async task, or `block_on`'s future: whether it should.
/// Not when it is asleep (its last poll returned `Pending` awaiting a task not yet ended):
/// shuttle polls a task again when its waker was woken, and racelab's own scheduling points wake
/// it too (they yield), so the model, not shuttle, says when a task wakes, and such a poll is
/// skipped. A poll that goes on forgets what the poll before awaited. (A task's first poll comes
/// before it is a modelled thread.)
///
/// A poll that a task's end woke begins with an event of its own that follows that end's write
/// (a [`Kind::Join`], as awaiting a task is joining it): the wake-up is synchronisation the
/// executor provides, and without it in the graph a revisit could move the end after the poll it
/// caused.
pub fn poll_begins() -> bool {
    if ended() {
        return true;
    }
    let me = shuttle::current::me();
    // `None`: asleep; `Some(None)`: awake; `Some(Some((t, w)))`: woken by the end write `w`.
    let woken = with(|x| {
        let Some(t) = x.threads.iter().position(|s| s.task == Some(me)) else { return Some(None) };
        let s = &mut x.threads[t];
        if !s.is_awake() {
            return None;
        }
        s.awaiting.clear();
        s.yielded = false;
        Some(s.woken_by.take().map(|w| (t, w)))
    });
    match woken {
        None => false,
        Some(Some((t, w))) => {
            let waker = with(|x| x.graph.events[w].owner);
            if let Some(at) = plain(t, Kind::Join, Ordering::Relaxed, waker as i128) {
                with(|x| {
                    if !x.graph.asw.contains(&(w, at)) {
                        x.graph.asw.push((w, at));
                    }
                });
            }
            true
        }
        Some(None) => true,
    }
}

/// The calling thread's poll of its async task, or of `block_on`'s future, returned `Pending`: it
/// sleeps if it awaits a task's end and did not yield.
pub fn poll_ends_pending() {
    if over() {
        return;
    }
    let me = shuttle::current::me();
    with(|x| {
        if let Some(s) = x.threads.iter_mut().find(|s| s.task == Some(me)) {
            s.asleep = !s.awaiting.is_empty() && !s.yielded;
        }
    });
}

/// The calling task yields: it will be polled again whatever it awaits.
pub fn yields() {
    if ended() {
        return;
    }
    with(|x| {
        let t = x.current();
        x.threads[t].yielded = true;
    });
}

/// The calling thread found the task whose state is at `state` unfinished, in its current poll:
/// `waker` is left for the task's end to wake ([`wake`]).
pub(super) fn leave_waker(state: usize, waker: Waker) {
    with(|x| {
        let t = x.current();
        x.threads[t].awaiting.push(state);
        x.wakers.push((state, waker));
    });
}

/// Wakes the wakers left on the task whose state is at `state`, and the threads that await it;
/// the calling task's last event, its end's write, is what woke them.
pub(super) fn wake(state: usize) {
    let woken: Vec<Waker> = with(|x| {
        let me = x.current();
        let fresh = x.replayed.len();
        let end = (0..x.graph.events.len())
            .rev()
            .find(|&i| x.graph.events[i].owner == me && (i >= fresh || x.replayed[i]))
            .expect("a task's end is its last event");
        // The executor polls a woken task after the wake-up: its next poll follows the end.
        for t in &mut x.threads {
            if t.awaiting.contains(&state) {
                t.awaiting.clear();
                t.asleep = false;
                t.woken_by = Some(end);
            }
        }
        let (mine, others) = std::mem::take(&mut x.wakers).into_iter().partition(|(s, _)| *s == state);
        x.wakers = others;
        mine.into_iter().map(|(_, w): (usize, Waker)| w).collect()
    });
    woken.into_iter().for_each(Waker::wake);
}
