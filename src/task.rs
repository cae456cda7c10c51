//! The facade's async tasks: `spawn`, `block_on`, `yield_now`, on shuttle's executor or on tokio.
//!
//! Under shuttle, futures are scheduled like threads, at every `.await` that yields, so a
//! scenario's async code is searched as its threads are. Elsewhere it runs on a tokio
//! current-thread runtime. loom has no executor to spawn tasks on: under loom the first call stops
//! the run, and loom's report says it did not run the program, and why. As with threads, a task's panic is kept as a value: awaiting its
//! handle gives `Err` (shuttle itself would fail the whole test).

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::exec::TaskError;
use crate::rt::{self, Engine};
use crate::trace;

/// Why loom does not run a program with async tasks.
pub const NO_EXECUTOR_IN_LOOM: &str = "loom has no executor to run async tasks on";

/// Why rc11 does not run a program with async tasks yet: shuttle would schedule the tasks, but
/// the search does not yet choose at their awaits, so it would miss interleavings.
pub const NO_TASKS_IN_RC11: &str = "rc11 does not model async tasks yet";

enum Raw<T> {
    Shuttle(shuttle::future::JoinHandle<Result<T, TaskError>>),
    Tokio(tokio::task::JoinHandle<T>),
}

/// An awaitable handle to a spawned task: its value, or its panic as a [`TaskError`].
pub struct JoinHandle<T> {
    raw: Raw<T>,
}

impl<T> Future for JoinHandle<T> {
    type Output = Result<T, TaskError>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Both handles are Unpin, so the enum is too.
        match &mut self.get_mut().raw {
            Raw::Shuttle(h) => {
                Pin::new(h).poll(cx).map(|r| r.unwrap_or_else(|e| Err(TaskError { message: e.to_string() })))
            }
            Raw::Tokio(h) => Pin::new(h).poll(cx).map(|r| r.map_err(crate::exec::aio::join_error)),
        }
    }
}

impl<T> std::fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JoinHandle")
    }
}

/// Spawns a task, like `tokio::spawn`, shown in traces as `t1`, `t2`, ...
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    spawn_named(None, future)
}

/// Spawns a task whose trace column is titled `name`.
pub fn spawn_named<F>(name: Option<&str>, future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    crate::rc11::run::refuse_if_active(NO_TASKS_IN_RC11);
    match rt::engine() {
        Engine::Shuttle => {
            let column = trace::claim_column(name);
            let task = async move {
                if let Some(column) = column {
                    trace::bind_column(column);
                }
                CatchUnwind(future).await
            };
            JoinHandle { raw: Raw::Shuttle(shuttle::future::spawn(task)) }
        }
        Engine::Std => JoinHandle { raw: Raw::Tokio(tokio::spawn(future)) },
        Engine::Loom => std::panic::panic_any(rt::Unsupported(NO_EXECUTOR_IN_LOOM)),
        Engine::Rc11 => unreachable!("refused above"),
    }
}

/// Runs a future to completion on the engine's executor: shuttle's, or a tokio current-thread
/// runtime with its timer enabled.
pub fn block_on<F: Future>(future: F) -> F::Output {
    crate::rc11::run::refuse_if_active(NO_TASKS_IN_RC11);
    match rt::engine() {
        Engine::Shuttle => shuttle::future::block_on(future),
        Engine::Loom => std::panic::panic_any(rt::Unsupported(NO_EXECUTOR_IN_LOOM)),
        Engine::Rc11 => unreachable!("refused above"),
        Engine::Std => tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("build a current-thread runtime")
            .block_on(future),
    }
}

/// Lets the executor run another task: a scheduling point under shuttle.
pub async fn yield_now() {
    match rt::engine() {
        Engine::Shuttle => shuttle::future::yield_now().await,
        _ => tokio::task::yield_now().await,
    }
}

/// A future whose panic becomes an `Err`, as a thread's does at `join()`.
struct CatchUnwind<F>(F);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, TaskError>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: structural pinning: the inner future is never moved out of `self`.
        let inner = unsafe { self.map_unchecked_mut(|s| &mut s.0) };
        match crate::exec::run_job(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(e) => Poll::Ready(Err(e)),
        }
    }
}
