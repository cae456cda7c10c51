//! Executors: the patterns concurrency lessons teach, written small enough to read.
//!
//! - [`ThreadPool`]: a fixed number of workers; `submit` returns a [`Task`] to join, `map` keeps
//!   input order, `as_completed` yields in completion order; a panicking job is a [`TaskError`].
//! - [`Semaphore`]: at most K holders at once, from a `Mutex` and a `Condvar`.
//! - [`process::ProcessPool`]: the same `map` on child processes; a crashing child is an error.
//! - [`aio`]: async on tokio: gather in input order, completion order, a bound on tasks in flight,
//!   failures kept as values.
//!
//! The thread pool and the semaphore are written on the facade, so loom and shuttle check them as
//! they check any scenario (`scenarios/06_results`, `07_workers`, `08_limits`).

mod pool;
mod semaphore;

pub mod aio;
pub mod process;

pub use pool::{Completed, Task, ThreadPool};
pub use semaphore::{Permit, Semaphore};

use std::fmt;

/// A task that did not produce its value: it panicked, or its process died.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskError {
    /// What happened, as the panic message or the process's exit.
    pub message: String,
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "task failed: {}", self.message)
    }
}

impl std::error::Error for TaskError {}

/// Runs a job, keeping its panic as a [`TaskError`].
pub(crate) fn run_job<T>(job: impl FnOnce() -> T) -> Result<T, TaskError> {
    crate::thread::catch_actor(job)
        .map_err(|payload| TaskError { message: crate::rt::panic_message(payload.as_ref()) })
}
