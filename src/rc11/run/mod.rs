//! Running the program under the search: shuttle hosts the modelled threads as coroutines, and
//! this module decides which thread runs, feeds replayed events their values, and adds new events
//! every way [`crate::rc11::trust`] allows, keeping one and stacking the others.
//!
//! Each run takes one graph off the stack and re-executes the program from the start:
//! - **Replay.** Every thread first replays its events of that graph, in its own program order:
//!   each read returns the value it read there. A thread done replaying waits for the others.
//! - **New events.** Then threads add events one at a time in an order that depends only on the
//!   graph, as TruSt requires: a thread in the middle of a read-modify-write finishes it; otherwise
//!   the lowest-numbered thread that can go on runs until it blocks or ends. A new read or write
//!   takes one consistent way; every other way, and every revisit a new write makes, is a graph
//!   pushed on the stack for a later run.
//! - **The end.** When no thread can go on, the run is over: every thread finished (an execution
//!   with the program's outcome), or some are blocked. A blocked thread reads the write that
//!   blocks it (a held lock, a condition variable's state without its wake-up, the write a spin loop
//!   keeps reading); if every such write is the newest of its location, nothing can unblock it and
//!   the execution ends in `deadlock` (or `hang`, for a spin loop); if not, a newer write revisits
//!   the read in another graph, and this one is redundant.
//!
//! Blocking is the model's own: a blocked thread parks at a scheduling point the scheduler does
//! not pick while the run goes on. shuttle's own blocking serves only `join`, whose child always
//! exists. Once a run is over, every thread still in the program's code leaves it by unwinding
//! ([`crate::rt::RunOver`]), so that shuttle reuses its stack.
//!
//! These are rc11's hooks: what the facade calls on this engine (a load, a lock, a spawn, a poll),
//! each adding its event to the run's graph. By what they hold:
//! - [`state`]: the run on this OS thread, its modelled threads, and whose turn it is;
//! - [`memory`]: atomic accesses and fences, the reads and writes the search chooses among;
//! - [`threads`]: spawn, begin, end and join;
//! - [`tasks`]: async tasks, each a modelled thread whose end is a hidden location;
//! - [`locks`]: `Mutex`, `Condvar` and `RwLock` as read-modify-writes of hidden locations;
//! - [`search`]: the scheduler shuttle drives, one run per graph on the stack, and how each run
//!   ends; [`shared`]: what the search keeps across runs, the executions found among it;
//! - [`witness`]: a found execution's trace, labelled with its graph.
//!
//! They stand on rc11's core ([`crate::rc11::graph`], [`crate::rc11::model`],
//! [`crate::rc11::consistency`], [`crate::rc11::trust`]), the runtime and the model; the driver
//! that runs a whole search is a backend ([`crate::backend::rc11`]).

pub mod locks;
pub mod memory;
pub mod search;
pub mod shared;
pub mod state;
pub mod tasks;
pub mod threads;
pub mod witness;

pub use crate::rc11::graph::{Site, Thread};
pub use memory::{
    Decision, Location, SPIN_BOUND, Step, fence, load, new_location, store, update, update_blocking,
};
pub use state::{
    Block, active, contain, current_thread, leave_if_over, refuse_if_active, torn_down, unsupported,
};
pub use tasks::{enter_async, poll_begins, poll_ends_pending, yields};
pub use threads::{before_join, begin, end, join, spawn, spawned};
