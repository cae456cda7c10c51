//! The facade's async tasks: `spawn`, `block_on`, `yield_now` and [`select!`](crate::select), on
//! shuttle's executor or on tokio.
//!
//! Under shuttle, futures are scheduled like threads, at every `.await` that yields, so a
//! scenario's async code is searched as its threads are. Under rc11 shuttle's executor hosts them
//! too, and whether a task has finished when its handle is polled is a choice of the search
//! ([`crate::rc11::run::tasks`]). Elsewhere it runs on a tokio current-thread runtime. loom has no
//! executor to spawn tasks on: under loom the first call stops the run, and loom's report says it
//! did not run the program, and why. As with threads, a task's panic is kept as a value: awaiting
//! its handle gives `Err` (shuttle itself would fail the whole test).

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::rt::record;
use crate::rt::{self, Engine};

/// A task that did not produce its value: it panicked, or its process died.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskError {
    /// What happened, as the panic message or the process's exit.
    pub message: String,
}

impl std::fmt::Display for TaskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "task failed: {}", self.message)
    }
}

impl std::error::Error for TaskError {}

/// Runs a job, keeping its panic as a [`TaskError`].
pub(crate) fn run_job<T>(job: impl FnOnce() -> T) -> Result<T, TaskError> {
    crate::rt::actor::catch_actor(job)
        .map_err(|payload| TaskError { message: rt::panic_message(payload.as_ref()) })
}

/// A tokio task's failure as a [`TaskError`]: its panic message, or its cancellation.
pub(crate) fn join_error(e: tokio::task::JoinError) -> TaskError {
    let message = if e.is_panic() {
        rt::panic_message(e.into_panic().as_ref())
    } else {
        "task was cancelled".to_string()
    };
    TaskError { message }
}

/// Why loom does not run a program with async tasks.
pub const NO_EXECUTOR_IN_LOOM: &str = "loom has no executor to run async tasks on";

/// Where an rc11 task leaves its value for its handle: the task's own code writes it before it
/// says it has finished, on the one OS thread that runs the whole search.
type Slot<T> = std::sync::Arc<std::sync::Mutex<Option<Result<T, TaskError>>>>;

enum Raw<T> {
    Shuttle(shuttle::future::JoinHandle<Result<T, TaskError>>),
    Tokio(tokio::task::JoinHandle<T>),
    /// An rc11 task: the location of its state ([`crate::rc11::run::tasks`]) and its value once done.
    Rc11 {
        state: usize,
        slot: Slot<T>,
    },
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
            Raw::Tokio(h) => Pin::new(h).poll(cx).map(|r| r.map_err(join_error)),
            Raw::Rc11 { state, slot } => {
                if !crate::rc11::run::tasks::poll(*state, cx.waker()) {
                    return Poll::Pending;
                }
                let value = slot.lock().unwrap_or_else(|p| p.into_inner()).take();
                // Empty only once the run is over (the task left its code): nothing reads it then.
                Poll::Ready(
                    value.unwrap_or_else(|| Err(TaskError { message: "the run is over".to_string() })),
                )
            }
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
    match rt::engine() {
        Engine::Rc11 => spawn_modelled(name, future),
        Engine::Shuttle => {
            let column = record::claim_column(name);
            let task = async move {
                if let Some(column) = column {
                    record::bind_column(column);
                }
                CatchUnwind(future).await
            };
            JoinHandle { raw: Raw::Shuttle(shuttle::future::spawn(task)) }
        }
        Engine::Std => JoinHandle { raw: Raw::Tokio(tokio::spawn(future)) },
        Engine::Loom => std::panic::panic_any(rt::Unsupported(NO_EXECUTOR_IN_LOOM)),
    }
}

/// [`spawn_named`] under rc11: the task is a modelled thread of its own, whose end its handle's
/// polls read ([`crate::rc11::run::tasks`]).
fn spawn_modelled<F>(name: Option<&str>, future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let column = record::claim_column(name);
    let slot: Slot<F::Output> = Default::default();
    let Some((child, spawned, state)) = crate::rc11::run::tasks::spawn() else {
        // The run is over and this thread unwinds: nothing runs the task, nothing awaits it.
        return JoinHandle { raw: Raw::Rc11 { state: 0, slot } };
    };
    let kept = slot.clone();
    let task = async move {
        crate::rc11::run::begin(child, spawned, column);
        if let Some(column) = column {
            record::bind_column(column);
        }
        let value = CatchUnwind(future).await;
        *kept.lock().unwrap_or_else(|p| p.into_inner()) = Some(value);
        crate::rc11::run::tasks::finish(state);
    };
    // A task whose run is over leaves its code from its next operation (`rc11::run::RunOver`) and
    // ends here; shuttle's handle is not needed: the slot holds the value.
    drop(shuttle::future::spawn(LeaveWhenOver(Polls(task))));
    JoinHandle { raw: Raw::Rc11 { state, slot } }
}

/// A future polled under rc11 ([`crate::rc11::run::poll_begins`]): a poll the model says is
/// spurious returns `Pending` at once, and one that returns `Pending` may put its task to sleep.
struct Polls<F>(F);

impl<F: Future> Future for Polls<F> {
    type Output = F::Output;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: structural pinning: the inner future is never moved out of `self`.
        let inner = unsafe { self.map_unchecked_mut(|s| &mut s.0) };
        if !crate::rc11::run::poll_begins() {
            return Poll::Pending;
        }
        let polled = inner.poll(cx);
        if polled.is_pending() {
            crate::rc11::run::poll_ends_pending();
        }
        polled
    }
}

/// A task under rc11, polled as [`Polls`] does, that ends quietly when its run is over
/// ([`crate::rc11::run::contain`]).
struct LeaveWhenOver<F>(Polls<F>);

impl<F: Future<Output = ()>> Future for LeaveWhenOver<F> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // SAFETY: structural pinning: the inner future is never moved out of `self`.
        let inner = unsafe { self.map_unchecked_mut(|s| &mut s.0) };
        crate::rc11::run::contain(|| inner.poll(cx)).unwrap_or(Poll::Ready(()))
    }
}

/// Runs a future to completion on the engine's executor: shuttle's, or a tokio current-thread
/// runtime with its timer enabled.
pub fn block_on<F: Future>(future: F) -> F::Output {
    match rt::engine() {
        Engine::Shuttle => shuttle::future::block_on(future),
        Engine::Rc11 => {
            crate::rc11::run::enter_async();
            shuttle::future::block_on(Polls(future))
        }
        Engine::Loom => std::panic::panic_any(rt::Unsupported(NO_EXECUTOR_IN_LOOM)),
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
        Engine::Rc11 => {
            crate::rc11::run::yields();
            shuttle::future::yield_now().await;
            crate::rc11::run::leave_if_over();
        }
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
        match run_job(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(e) => Poll::Ready(Err(e)),
        }
    }
}

/// Which of the two futures given to [`select`] finished first, with its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Either<L, R> {
    /// The first future finished first.
    Left(L),
    /// The second future finished first.
    Right(R),
}

/// Awaits two futures at once and returns the value of whichever finishes first, dropping the
/// other: the function under [`select!`](crate::select), as `futures::future::select` is under
/// `tokio::select!`.
///
/// Dropping the loser is what cancelling it means: it stops at the `.await` it last returned
/// `Pending` from and never runs again. Whatever it did before that `.await` stays done, and its
/// locals are dropped there (their destructors run, inside the winner's poll); whatever it meant
/// to do after never happens. A future is *cancellation-safe* when stopping it at any of its
/// awaits leaves the state it shares whole.
///
/// Each poll polls `left` first, then `right`, like `tokio::select!` with `biased;`: when both
/// are ready, `left` wins. tokio's default picks the first at random; here the order is fixed so
/// that a model checker's schedule, which records which task ran and no random number, decides
/// the winner and a replay reproduces it. Each future is boxed, so neither need be `Unpin`.
pub fn select<A: Future, B: Future>(left: A, right: B) -> Select<A, B> {
    select_named("left", left, "right", right)
}

/// [`select`], with the names a trace shows for the two futures ([`select!`](crate::select) passes
/// their source text).
pub fn select_named<A: Future, B: Future>(
    left_name: &'static str,
    left: A,
    right_name: &'static str,
    right: B,
) -> Select<A, B> {
    Select { left: Some(Box::pin(left)), right: Some(Box::pin(right)), names: [left_name, right_name] }
}

/// The future [`select`] returns.
#[must_use = "futures do nothing unless awaited"]
pub struct Select<A, B> {
    left: Option<Pin<Box<A>>>,
    right: Option<Pin<Box<B>>>,
    names: [&'static str; 2],
}

impl<A, B> std::fmt::Debug for Select<A, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Select").field("left", &self.names[0]).field("right", &self.names[1]).finish()
    }
}

impl<A: Future, B: Future> Future for Select<A, B> {
    type Output = Either<A::Output, B::Output>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Unpin: both futures are boxed.
        let this = self.get_mut();
        let [left_name, right_name] = this.names;
        let left = this.left.as_mut().expect("a select polled after it finished");
        if let Poll::Ready(value) = left.as_mut().poll(cx) {
            this.left = None;
            record::record(|| format!("select -> {left_name} ready, {right_name} dropped"));
            this.right = None; // the loser's destructors run here, after the record above
            return Poll::Ready(Either::Left(value));
        }
        let right = this.right.as_mut().expect("a select polled after it finished");
        if let Poll::Ready(value) = right.as_mut().poll(cx) {
            this.right = None;
            record::record(|| format!("select -> {right_name} ready, {left_name} dropped"));
            this.left = None;
            return Poll::Ready(Either::Right(value));
        }
        Poll::Pending
    }
}

/// Waits on two branches at once, runs the handler of the first to finish, and drops the other
/// future where it last awaited: `tokio::select!` over [`task::select`](crate::task::select).
///
/// ```
/// # racelab::task::block_on(async {
/// use racelab::task;
/// let slow = async { task::yield_now().await; "done" };
/// let stop = async {};
/// let said = racelab::select! {
///     word = slow => word,
///     _ = stop => "stopped",
/// };
/// assert_eq!(said, "stopped"); // `slow` was dropped at its first await, never to finish
/// # });
/// ```
///
/// Two branches, `pattern = future => handler`, the first polled first (as `biased;` does in
/// tokio's, see [`task::select`](crate::task::select)); a handler that is a block needs no comma
/// after it. Unlike tokio's, a pattern that does not match is a compile error, not a disabled
/// branch: write patterns that always match.
#[macro_export]
macro_rules! select {
    ($left:pat = $a:expr => $on_left:block $right:pat = $b:expr => $on_right:expr $(,)?) => {
        $crate::select! { $left = $a => $on_left, $right = $b => $on_right }
    };
    ($left:pat = $a:expr => $on_left:expr, $right:pat = $b:expr => $on_right:expr $(,)?) => {
        match $crate::task::select_named(stringify!($a), $a, stringify!($b), $b).await {
            $crate::task::Either::Left($left) => $on_left,
            $crate::task::Either::Right($right) => $on_right,
        }
    };
}
