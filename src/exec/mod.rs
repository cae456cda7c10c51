//! Executors: the patterns concurrency lessons teach, written small enough to read.
//!
//! - [`ThreadPool`]: a fixed number of workers; `submit` returns a [`Task`] to join, `map` keeps
//!   input order, `as_completed` yields in completion order; a panicking job is a [`TaskError`].
//! - [`Semaphore`]: at most K holders at once, from a `Mutex` and a `Condvar`.
//! - [`process::ProcessPool`]: the same `map` on child processes; a crashing child is an error.
//! - [`aio`]: async on tokio: gather in input order, completion order, a bound on tasks in flight,
//!   failures kept as values.
//! - [`work`]: the lessons' workloads, waiting and computing, which a process pool's worker runs
//!   by name.
//!
//! The thread pool and the semaphore are written on the facade, so loom and shuttle check them as
//! they check any scenario (`scenarios/06_results`, `07_workers`, `08_limits`).

mod pool;
mod semaphore;

pub mod aio;
pub mod process;
pub mod work;

pub use pool::{Completed, Task, ThreadPool};
pub use semaphore::{Permit, Semaphore};

/// A task that did not produce its value: it panicked, or its process died.
pub use crate::task::TaskError;
