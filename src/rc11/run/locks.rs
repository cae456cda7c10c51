//! Locks, condition variables and reader-writer locks under rc11: each is a hidden location, and
//! each operation on it a read-modify-write of the model ([`memory::update`]), so that who takes a
//! lock first, and which waiter a notification wakes, are choices of the search like any other.
//!
//! - **Mutex**: 0 free, 1 held. Taking it is an acquire read of a write that left it free, and
//!   the write of 1 straight after; reading it held blocks the thread until a release is there to
//!   read (another graph). Releasing is a release store of 0. So everything before a release
//!   happens before what follows the next acquire, as C++ and Rust promise.
//! - **Condition variable**: its state holds who waits and who has been woken (one bit a thread,
//!   threads 0 to 63). A wait adds the waiter's bit, releases the mutex, blocks until its woken
//!   bit is set (clearing it), then takes the mutex again. `notify_one` moves one waiter, each a
//!   way the search explores, from waiting to woken; `notify_all` moves them all. A notification
//!   that finds nobody waiting changes nothing, so it only reads the state: were it a
//!   read-modify-write, every order of two such no-ops would be an execution of its own, though
//!   none differs in what a thread can do. What it may read is what coherence allows: a waiter
//!   that registered before the notifier took the mutex the waiter released happens before the
//!   notification, which must see it; a notification racing with a wait may miss it, as a real
//!   one may. No spurious wake-up, as under loom and shuttle.
//! - **RwLock**: its state holds the writer bit and the number of readers; `read` waits while a
//!   writer holds it, `write` while anyone does.

use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};

use super::memory::{self, Decision, Location, Step};
use super::state::{self, Block};
use crate::rc11::graph::Blocks;

/// A new lock, free (hidden from traces and reports).
pub fn new_mutex() -> usize {
    memory::new_location("mutex", 0, Location::Hidden)
}

/// Takes the lock at `loc`, blocking until it is free.
pub fn lock(loc: usize) {
    memory::update_blocking(
        loc,
        &|held| Decision {
            order: Acquire,
            exclusive: true,
            steps: vec![if held == 0 { Step::Write(1, Relaxed) } else { Step::Block(Block::Lock) }],
        },
        Blocks::UnlessZero,
    );
}

/// Takes the lock at `loc` if it is free; whether it did.
pub fn try_lock(loc: usize) -> bool {
    let (_, step) = memory::update(
        loc,
        &|held| {
            if held == 0 {
                Decision { order: Acquire, exclusive: true, steps: vec![Step::Write(1, Relaxed)] }
            } else {
                Decision { order: Relaxed, exclusive: false, steps: vec![Step::Proceed] }
            }
        },
        None,
    );
    matches!(step, Step::Write(..))
}

/// Releases the lock at `loc`.
pub fn unlock(loc: usize) {
    memory::store(loc, 0, Release);
}

/// The most threads a condition variable can tell apart: one bit each in its state.
pub const CONDVAR_THREADS: usize = 64;

/// A new condition variable, with nobody waiting.
pub fn new_condvar() -> usize {
    memory::new_location("condvar", 0, Location::Hidden)
}

fn waiting(state: i128) -> u64 {
    state as u64
}

fn woken(state: i128) -> u64 {
    (state >> 64) as u64
}

fn condvar_state(waiting: u64, woken: u64) -> i128 {
    (i128::from(woken) << 64) | i128::from(waiting)
}

/// The bit of thread `thread` in a condition variable's state; the run is refused past
/// [`CONDVAR_THREADS`].
fn bit(thread: usize) -> u64 {
    if thread >= CONDVAR_THREADS {
        state::refuse_if_active("rc11 tells apart the waiters of a condition variable up to thread 63");
    }
    1 << thread
}

/// Thread `thread` starts waiting on the condition variable at `cv` (before it releases the mutex).
pub fn start_wait(cv: usize, thread: usize) {
    let me = bit(thread);
    memory::update(
        cv,
        &|state| Decision {
            order: Relaxed,
            exclusive: true,
            steps: vec![Step::Write(condvar_state(waiting(state) | me, woken(state)), Relaxed)],
        },
        None,
    );
}

/// Thread `thread` blocks until woken on the condition variable at `cv`.
pub fn finish_wait(cv: usize, thread: usize) {
    let me = bit(thread);
    memory::update_blocking(
        cv,
        &|state| Decision {
            order: Relaxed,
            exclusive: true,
            steps: vec![if woken(state) & me != 0 {
                Step::Write(condvar_state(waiting(state), woken(state) & !me), Relaxed)
            } else {
                Step::Block(Block::Wait)
            }],
        },
        Blocks::UnlessAny(i128::from(me) << 64),
    );
}

/// Wakes one waiter of the condition variable at `cv`, if any: each waiter is a way on.
pub fn notify_one(cv: usize) {
    memory::update(
        cv,
        &|state| {
            let (waiting, woken) = (waiting(state), woken(state));
            if waiting == 0 {
                return Decision { order: Relaxed, exclusive: false, steps: vec![Step::Proceed] };
            }
            let steps = (0..64)
                .filter(|t| waiting & (1 << t) != 0)
                .map(|t| Step::Write(condvar_state(waiting & !(1 << t), woken | (1 << t)), Relaxed))
                .collect();
            Decision { order: Relaxed, exclusive: true, steps }
        },
        None,
    );
}

/// Wakes every waiter of the condition variable at `cv`.
pub fn notify_all(cv: usize) {
    memory::update(
        cv,
        &|state| {
            if waiting(state) == 0 {
                return Decision { order: Relaxed, exclusive: false, steps: vec![Step::Proceed] };
            }
            Decision {
                order: Relaxed,
                exclusive: true,
                steps: vec![Step::Write(condvar_state(0, woken(state) | waiting(state)), Relaxed)],
            }
        },
        None,
    );
}

/// A reader-writer lock's writer bit; the rest of its state counts readers.
const WRITER: i128 = 1 << 64;

/// A new reader-writer lock, free.
pub fn new_rwlock() -> usize {
    memory::new_location("rwlock", 0, Location::Hidden)
}

/// Takes the reader-writer lock at `loc` for reading, blocking while a writer holds it.
pub fn read_lock(loc: usize) {
    memory::update_blocking(
        loc,
        &|state| Decision {
            order: Acquire,
            exclusive: true,
            steps: vec![if state & WRITER == 0 {
                Step::Write(state + 1, Relaxed)
            } else {
                Step::Block(Block::Lock)
            }],
        },
        Blocks::IfAny(WRITER),
    );
}

/// Gives up one reader's hold on the reader-writer lock at `loc`.
pub fn read_unlock(loc: usize) {
    memory::update(
        loc,
        &|state| Decision { order: Relaxed, exclusive: true, steps: vec![Step::Write(state - 1, Release)] },
        None,
    );
}

/// Takes the reader-writer lock at `loc` for writing, blocking while anyone holds it.
pub fn write_lock(loc: usize) {
    memory::update_blocking(
        loc,
        &|state| Decision {
            order: Acquire,
            exclusive: true,
            steps: vec![if state == 0 { Step::Write(WRITER, Relaxed) } else { Step::Block(Block::Lock) }],
        },
        Blocks::UnlessZero,
    );
}

/// Gives up the writer's hold on the reader-writer lock at `loc`.
pub fn write_unlock(loc: usize) {
    memory::store(loc, 0, Release);
}

/// The modelled thread running now.
pub fn current_thread() -> usize {
    state::current_thread()
}
