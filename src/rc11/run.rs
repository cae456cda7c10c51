//! Running the program under the search: shuttle hosts the modelled threads as coroutines, and
//! this module decides which thread runs, feeds replayed events their values, and adds new events
//! every way [`super::trust`] allows, keeping one and stacking the others.
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
//! ([`RunOver`]), so that shuttle reuses its stack.

use std::cell::RefCell;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::task::Waker;

use shuttle::scheduler::{Schedule, Scheduler, Task, TaskId};

pub use super::graph::Site;
use super::graph::{Blocks, Event, Graph, INIT, Kind, Thread};
use super::model::MAX_EVENTS;
use super::trust;
use crate::outcome::Outcome;
use crate::trace::{self, Trace};

/// How many times in a row a thread may read the same write of a location at the same place in
/// its code (one load, or one failed compare-exchange, in a loop) with nothing of its own in
/// between, before it counts as spinning: it then blocks until a newer write is there to read.
///
/// Such a loop's repeats add nothing but more of the same: the execution in which it reads a
/// newer write is explored as its own. A loop that reads one location this many times at one
/// place for another reason (a bounded loop summing the same value) is taken for a spin loop;
/// fewer times, it runs as written. Each number of repeats below the bound before the newer write
/// is read is an execution of its own: the count of executions of a program that spins depends on
/// this bound, as it does under GenMC without its spin-loop transformation.
pub const SPIN_BOUND: usize = 4;

/// Why a blocked thread is blocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    /// A lock held by another thread.
    Lock,
    /// A condition variable, not yet notified.
    Wait,
    /// A spin loop ([`SPIN_BOUND`]).
    Spin,
}

/// One step a read-modify-write-like operation can take after reading a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Write this value, straight after the write read, with this ordering.
    Write(i128, Ordering),
    /// Go on without writing (a compare-exchange that failed, a lock found taken by `try_lock`).
    Proceed,
    /// Block until another write is there to read.
    Block(Block),
}

/// What an operation does with the value it read: the read's ordering, whether it is the read of
/// a read-modify-write, and the steps it may take (several: the program's own choice, explored).
pub struct Decision {
    /// The read's ordering.
    pub order: Ordering,
    /// Whether the read belongs to a read-modify-write (it does if a step writes).
    pub exclusive: bool,
    /// The ways on; never empty.
    pub steps: Vec<Step>,
}

/// The search's state across runs, shared with the scheduler shuttle owns.
#[derive(Debug, Default)]
pub(super) struct Shared {
    /// Graphs still to visit.
    pub(super) stack: Vec<Graph>,
    /// The graph the run in progress replays.
    current: Option<Graph>,
    /// Runs begun.
    pub(super) runs: u64,
    /// The distinct executions found.
    pub(super) found: Found,
    /// Runs that ended with no consistent way on, or blocked on a write a newer one supersedes.
    pub(super) redundant: u64,
    /// Runs cut because an execution outgrew [`MAX_EVENTS`].
    pub(super) too_big: u64,
    /// Runs that ran out of steps: a loop without an atomic access that never ends.
    pub(super) out_of_steps: u64,
    /// Why the program cannot be run, if a facade object said so.
    pub(super) unsupported: Option<&'static str>,
    /// The program did something different in a replay than in the run that made the graph.
    pub(super) nondeterministic: Option<String>,
}

/// The distinct executions found, by outcome: the first run to build a graph counts it, and a
/// later one that builds the same graph is counted as a duplicate (TruSt builds none; the count
/// says so). Each outcome keeps the simplest of its executions' traces ([`Trace::simpler_than`],
/// the first of equals), made a witness of its graph: the rest are never kept, so a search of a
/// million executions holds one trace per outcome.
#[derive(Debug, Default)]
pub(super) struct Found {
    keys: std::collections::HashSet<u128>,
    /// Each outcome, in the order first found, with its number of executions and its witness.
    pub(super) outcomes: Vec<(Outcome, u64, Trace)>,
    /// Graphs found again.
    pub(super) duplicates: u64,
}

impl Found {
    /// Counts the execution of `graph`, unless the same graph is counted; `columns` gives each
    /// thread's trace column.
    fn add(&mut self, graph: &Graph, outcome: Outcome, mut trace: Trace, columns: &[Option<usize>]) {
        if !self.keys.insert(graph.key()) {
            self.duplicates += 1;
            return;
        }
        let id = outcome.id();
        match self.outcomes.iter_mut().find(|(o, _, _)| o.id() == id) {
            Some((_, count, witness)) => {
                *count += 1;
                if trace.simpler_than(witness) {
                    super::witness(&mut trace, graph, columns);
                    *witness = trace;
                }
            }
            None => {
                super::witness(&mut trace, graph, columns);
                self.outcomes.push((outcome, 1, trace));
            }
        }
    }
}

/// The shuttle scheduler the search drives.
pub(super) struct Search {
    pub(super) shared: Arc<Mutex<Shared>>,
    /// At most this many runs are begun.
    pub(super) budget: u64,
}

impl Scheduler for Search {
    fn new_execution(&mut self) -> Option<Schedule> {
        // A run stopped before the program returned ended blocked (or ran out of steps).
        if let Some(exec) = end_execution() {
            exec.conclude();
        }
        let mut shared = self.shared.lock().unwrap();
        if shared.runs >= self.budget || shared.unsupported.is_some() || shared.nondeterministic.is_some() {
            return None;
        }
        let graph = if shared.runs == 0 { Graph::default() } else { shared.stack.pop()? };
        shared.current = Some(graph);
        shared.runs += 1;
        Some(Schedule::new(0))
    }

    fn next_task(&mut self, runnable: &[&Task], current: Option<TaskId>, _yielding: bool) -> Option<TaskId> {
        EXEC.with(|e| match e.borrow_mut().as_mut() {
            // The run's main task, before the program starts.
            None => runnable.first().map(|t| t.id()),
            Some(x) => {
                let pick = x.pick(runnable, current);
                x.stopped |= pick.is_none();
                pick
            }
        })
    }

    fn next_u64(&mut self) -> u64 {
        0
    }
}

/// One modelled thread of a run.
#[derive(Debug, Default, Clone)]
struct ThreadState {
    /// Its shuttle task, once it has started.
    task: Option<TaskId>,
    /// Its column in the trace, if it has one.
    column: Option<usize>,
    /// The events of the replayed graph it made, in its program order.
    replay: Vec<usize>,
    /// How many of them it has replayed.
    cursor: usize,
    /// Its blocked read, and why, once it blocks for good.
    blocked: Option<(usize, Block)>,
    /// The child it waits for in `join`.
    joining: Option<Thread>,
    /// Whether it has ended.
    finished: bool,
    /// Whether it waits at a scheduling point of ours (for its turn, for what its next replayed
    /// event follows, or for good): anywhere else it is between two events.
    parked: bool,
    /// Whether it is the main thread waiting, after the program returned, for threads it never
    /// joined.
    waiting: bool,
    /// As an async task (or the main thread in `block_on`): the states of the tasks whose handles
    /// it polled unfinished in its current poll, one of whose ends wakes it ([`super::tasks`]).
    awaiting: Vec<usize>,
    /// As an async task: whether it yielded in its current poll, and so is polled again anyway.
    yielded: bool,
    /// As an async task: whether its last poll returned `Pending` to wait for a task's end, which
    /// has not woken it yet. An executor does not poll it then.
    asleep: bool,
    /// As an async task woken by a task's end: that end's write, which its next poll follows.
    woken_by: Option<usize>,
    /// A lock's or a wait's read it put off ([`update_blocking`]): the location, and how many
    /// writes it had then. It goes on once a newer write is there, or nobody else can.
    deferred: Option<(usize, usize)>,
}

impl ThreadState {
    /// Whether an executor would poll it ([`ThreadState::asleep`]).
    fn is_awake(&self) -> bool {
        !self.asleep
    }
}

/// The state of the run on this OS thread.
pub(super) struct Exec {
    pub(super) graph: Graph,
    shared: Arc<Mutex<Shared>>,
    threads: Vec<ThreadState>,
    /// Which events of the graph the run replays have been replayed.
    replayed: Vec<bool>,
    /// The thread in the middle of an operation that adds several events (a read-modify-write):
    /// it adds the rest before anyone else adds anything.
    mid_op: Option<Thread>,
    /// The run cannot go on: no consistent way on, or too many events.
    abandoned: bool,
    /// The scheduler found no thread able to go on.
    stopped: bool,
    /// The program returned and every thread finished; its outcome is recorded.
    complete: bool,
    /// The trace at the moment the run stopped blocked.
    blocked_trace: Option<Trace>,
    /// Whether the program runs async tasks ([`super::tasks`]): then the main thread waits for
    /// the tasks it never awaited to end before the run completes, as for unjoined threads.
    asynchronous: bool,
    /// The wakers of polls that found a task unfinished, by the location of its state.
    wakers: Vec<(usize, Waker)>,
}

thread_local! {
    static EXEC: RefCell<Option<Exec>> = const { RefCell::new(None) };
}

/// Whether an rc11 run is going on, on this OS thread.
pub fn active() -> bool {
    EXEC.with(|e| e.borrow().is_some())
}

/// Starts a run of the graph the scheduler chose: the calling shuttle task is thread 0.
pub(super) fn begin_execution(shared: Arc<Mutex<Shared>>) {
    let graph = shared.lock().unwrap().current.take().unwrap_or_default();
    // Every thread the graph knows of: its events' owners, and the children its spawns name.
    let count = graph
        .events
        .iter()
        .map(|e| if e.kind == Kind::Spawn { e.value as usize } else { e.owner })
        .filter(|&t| t != INIT)
        .max()
        .map_or(1, |m| m + 1);
    let mut threads = vec![ThreadState::default(); count];
    for (i, e) in graph.events.iter().enumerate() {
        threads[e.owner].replay.push(i);
    }
    threads[0].task = Some(shuttle::current::me());
    threads[0].column = Some(0);
    EXEC.with(|e| {
        *e.borrow_mut() = Some(Exec {
            replayed: vec![false; graph.events.len()],
            graph,
            shared,
            threads,
            mid_op: None,
            abandoned: false,
            stopped: false,
            complete: false,
            blocked_trace: None,
            asynchronous: false,
            wakers: Vec::new(),
        })
    });
}

/// Ends the run on this OS thread and returns its state.
pub(super) fn end_execution() -> Option<Exec> {
    EXEC.with(|e| e.borrow_mut().take())
}

/// The program has returned, on the main thread: threads it never joined run to their end, as
/// they do on shuttle and under GenMC; the main thread waits for them without adding anything.
pub(super) fn wait_for_unjoined() {
    // Threads, and async tasks the program never awaited to their end.
    let unfinished = || {
        crate::thread::unfinished() > 0
            || with(|x| x.asynchronous && x.threads[1..].iter().any(|t| !t.finished))
    };
    if !unfinished() {
        return;
    }
    with(|x| x.threads[0].waiting = true);
    while unfinished() {
        shuttle::thread::yield_now();
        if ended() {
            return;
        }
    }
    with(|x| x.threads[0].waiting = false);
}

/// The program returned with `outcome` and every thread finished: the run is an execution.
pub(super) fn complete(outcome: Outcome) {
    let trace = trace::take();
    with(|x| {
        x.complete = true;
        if x.abandoned {
            return;
        }
        let columns: Vec<Option<usize>> = x.threads.iter().map(|t| t.column).collect();
        x.shared.lock().unwrap().found.add(&x.graph, outcome, trace, &columns);
    });
}

fn with<T>(f: impl FnOnce(&mut Exec) -> T) -> T {
    EXEC.with(|e| f(e.borrow_mut().as_mut().expect("an rc11 run is going on")))
}

/// Whether the run is over (see [`Exec::over`]).
fn over() -> bool {
    EXEC.with(|e| e.borrow().as_ref().is_none_or(Exec::over))
}

/// Whether the run is over and the calling thread unwinds: it must not wait for anything (a
/// `join` in a destructor would wait for ever).
pub fn torn_down() -> bool {
    over() && std::thread::panicking()
}

/// The payload with which a modelled thread leaves the program's code once its run is over.
///
/// A run that ends blocked, or is abandoned, leaves threads parked in the middle of their code.
/// Rather than have shuttle tear them down (it unwinds each stack and then unmaps it, and maps a
/// fresh one for the next run: half the time of a search of a pool, most runs of which end
/// blocked), the scheduler resumes them one by one and each unwinds to its start by itself,
/// where the facade catches this payload and the thread ends as a thread that returned. shuttle
/// then keeps its stack for the next run.
#[derive(Debug)]
pub struct RunOver;

/// Leaves the program's code: the run is over ([`RunOver`]). Every task waiting for its waker is
/// woken first, so that it too is polled once more and leaves.
fn leave() -> ! {
    let wakers: Vec<Waker> = EXEC.with(|e| {
        e.borrow_mut().as_mut().map(|x| x.wakers.drain(..).map(|(_, w)| w).collect()).unwrap_or_default()
    });
    wakers.into_iter().for_each(Waker::wake);
    std::panic::resume_unwind(Box::new(RunOver))
}

/// Whether the run is over, for a thread that is unwinding: it goes on without waiting or adding
/// anything. A thread that is not unwinding does not return: it leaves ([`RunOver`]).
fn ended() -> bool {
    if !over() {
        return false;
    }
    if std::thread::panicking() { true } else { leave() }
}

/// Leaves the program's code if the run is over ([`RunOver`]), unless the caller is unwinding: for
/// a scheduling point outside the model (`yield_now`).
pub fn leave_if_over() {
    ended();
}

/// Runs the body of a modelled thread; `None` when it left the program's code because its run
/// was over ([`RunOver`]). Any other panic goes on.
pub fn contain<T>(body: impl FnOnce() -> T) -> Option<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(value) => Some(value),
        Err(payload) if payload.is::<RunOver>() => None,
        Err(payload) => std::panic::resume_unwind(payload),
    }
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

/// The modelled thread running now.
pub fn current_thread() -> Thread {
    with(|x| x.current())
}

/// Notes that a facade object the model does not cover was used, before the facade stops the run.
pub fn unsupported(why: &'static str) {
    EXEC.with(|e| {
        if let Some(x) = e.borrow_mut().as_mut() {
            x.shared.lock().unwrap().unsupported.get_or_insert(why);
        }
    });
}

/// Stops an rc11 run at a facade object the model does not cover (`what` says which): the report
/// then says the program was not run, and why.
pub fn refuse_if_active(what: &'static str) {
    if active() {
        unsupported(what);
        std::panic::panic_any(crate::rt::Unsupported(what));
    }
}

impl Exec {
    /// The modelled thread running now.
    fn current(&self) -> Thread {
        let me = shuttle::current::me();
        self.threads.iter().position(|t| t.task == Some(me)).expect("every modelled thread is registered")
    }

    fn replay_done(&self) -> bool {
        self.threads.iter().all(|t| t.cursor >= t.replay.len())
    }

    /// Whether thread `t` can add an event now.
    fn enabled(&self, t: Thread) -> bool {
        self.could_go_on(t) && !self.put_off(t)
    }

    /// Whether thread `t` put off a read ([`update_blocking`]) and no newer write is there yet.
    fn put_off(&self, t: Thread) -> bool {
        self.threads[t].deferred.is_some_and(|(loc, writes)| self.graph.mo[loc].len() == writes)
    }

    /// Whether thread `t` could add an event now, were it not putting off a read.
    fn could_go_on(&self, t: Thread) -> bool {
        let s = &self.threads[t];
        s.task.is_some()
            && !s.finished
            && s.blocked.is_none()
            && !s.waiting
            && s.joining.is_none_or(|child| self.threads[child].finished)
            && s.is_awake()
    }

    /// The thread that adds the next event, once replay is done: the one in the middle of an
    /// operation, else the lowest-numbered that can go on. `None`: nobody can.
    fn turn(&self) -> Option<Thread> {
        if let Some(t) = self.mid_op {
            return Some(t);
        }
        let lowest = (0..self.threads.len()).find(|&t| self.enabled(t));
        // With nobody else to go on, a read put off is added, and blocks. The main thread,
        // waiting for the threads it never joined, goes on once they have all ended; if one is
        // blocked for good, nobody goes on.
        lowest.or_else(|| (0..self.threads.len()).find(|&t| self.could_go_on(t))).or_else(|| {
            (self.threads[0].waiting && self.threads[1..].iter().all(|t| t.finished)).then_some(0)
        })
    }

    /// Whether the run is over, or going: then nothing more is added (destructors that run as
    /// shuttle tears a stopped run down add nothing).
    fn over(&self) -> bool {
        self.stopped || self.abandoned
    }

    /// The task shuttle runs next.
    fn pick(&mut self, runnable: &[&Task], current: Option<TaskId>) -> Option<TaskId> {
        if self.over() {
            return self.wind_down(runnable);
        }
        let can_run = |t: &ThreadState| t.task.is_some_and(|id| runnable.iter().any(|r| r.id() == id));
        if !self.replay_done() {
            if let Some(t) = (0..self.threads.len()).find(|&t| self.ready(t) && can_run(&self.threads[t])) {
                return self.threads[t].task;
            }
            // A thread between two events (spawning, say: shuttle's scheduling point inside the
            // spawn comes before the child's task is known) goes on to its next one.
            let parked =
                |id: TaskId| self.threads.iter().any(|t| t.task == Some(id) && (t.parked || !t.is_awake()));
            if let Some(r) = runnable.iter().find(|r| !parked(r.id())) {
                return Some(r.id());
            }
            let waiting: Vec<String> = (0..self.threads.len())
                .filter_map(|t| {
                    let s = &self.threads[t];
                    let &i = s.replay.get(s.cursor)?;
                    let e = &self.graph.events[i];
                    Some(format!(
                        "thread {t} at its {:?} (task {:?}, ready {}, parked {})",
                        e.kind,
                        s.task,
                        self.ready(t),
                        s.parked
                    ))
                })
                .collect();
            let why = format!(
                "a replay could not go on: {} (runnable {:?}, current {current:?})",
                waiting.join(", "),
                runnable.iter().map(|t| t.id()).collect::<Vec<_>>()
            );
            self.nondeterministic(&why);
            return None;
        }
        // A task just spawned is polled first: its first poll makes it a modelled thread (shuttle
        // does not tell its id to the code that spawns it).
        if self.asynchronous
            && self.mid_op.is_none()
            && let Some(new) = runnable.iter().find(|r| self.threads.iter().all(|t| t.task != Some(r.id())))
        {
            return Some(new.id());
        }
        match self.turn() {
            Some(t) if can_run(&self.threads[t]) => self.threads[t].task,
            Some(_) => {
                self.nondeterministic("the thread whose turn it is cannot run");
                None
            }
            None => {
                if !self.complete {
                    self.blocked_trace = Some(trace::take_blocked());
                }
                self.stopped = true;
                self.wind_down(runnable)
            }
        }
    }

    /// The task shuttle runs next once the run is over: each thread still in the program's code
    /// in turn, to leave it ([`RunOver`]).
    fn wind_down(&self, runnable: &[&Task]) -> Option<TaskId> {
        runnable.first().map(|t| t.id())
    }

    fn nondeterministic(&mut self, what: &str) {
        self.abandoned = true;
        self.shared.lock().unwrap().nondeterministic.get_or_insert_with(|| what.to_string());
    }

    /// Classifies a run that stopped before the program completed.
    fn conclude(mut self) {
        let mut shared = self.shared.lock().unwrap();
        if self.complete {
            return;
        }
        if self.abandoned || !self.stopped {
            if !self.stopped && !self.abandoned {
                shared.out_of_steps += 1;
            } else if self.graph.events.len() >= MAX_EVENTS {
                shared.too_big += 1;
            } else {
                shared.redundant += 1;
            }
            return;
        }
        let blocked: Vec<(usize, Block)> = self.threads.iter().filter_map(|t| t.blocked).collect();
        let final_ = blocked.iter().all(|&(read, _)| {
            let e = &self.graph.events[read];
            let w = e.rf.expect("a blocked read reads");
            self.graph.mo[e.loc.expect("a read has a location")].last() == Some(&w)
        });
        if blocked.is_empty() || !final_ {
            shared.redundant += 1;
            return;
        }
        let spins = blocked.iter().any(|&(_, why)| why == Block::Spin);
        let outcome = if spins { Outcome::Hang } else { Outcome::Deadlock };
        let trace = self.blocked_trace.take().unwrap_or_default();
        let columns: Vec<Option<usize>> = self.threads.iter().map(|t| t.column).collect();
        shared.found.add(&self.graph, outcome, trace, &columns);
    }

    /// Whether thread `t`'s next event to replay may be replayed now: what it reads, and the
    /// spawn or thread end it follows, are replayed already. Replaying in that order runs the
    /// program's own code in an order its graph allows: a critical section after the one whose
    /// release its lock reads, so that the plain data a lock guards holds what it held.
    fn ready(&self, t: Thread) -> bool {
        let s = &self.threads[t];
        let Some(&i) = s.replay.get(s.cursor) else { return false };
        let e = &self.graph.events[i];
        e.rf.is_none_or(|w| self.replayed[w])
            && self.graph.asw.iter().all(|&(a, b)| b != i || self.replayed[a])
    }

    /// Thread `t`'s next event to replay, checked against what the program does now (`kind` at
    /// `loc`), and marked replayed.
    fn take_replay(&mut self, t: Thread, kind: Kind, loc: Option<usize>) -> usize {
        let s = &mut self.threads[t];
        {
            let i = s.replay[s.cursor];
            s.cursor += 1;
            self.replayed[i] = true;
            let e = &self.graph.events[i];
            let same_loc = kind == Kind::Init || e.loc == loc;
            if e.kind != kind || !same_loc {
                let what = format!(
                    "thread {t} did {kind:?} where the run it replays did {:?}: the program must do the same \
                     given the same values read",
                    e.kind
                );
                self.nondeterministic(&what);
            }
            i
        }
    }

    /// Stacks a graph for a later run.
    fn push(&self, graph: Graph) {
        self.shared.lock().unwrap().stack.push(graph);
    }

    /// Adds `event`; `None` (and the run abandoned) when it would outgrow [`MAX_EVENTS`].
    fn add(&mut self, event: Event) -> Option<usize> {
        if self.graph.events.len() >= MAX_EVENTS {
            self.abandoned = true;
            return None;
        }
        Some(self.graph.add(event))
    }

    /// Whether reading `w` at `site` would be thread `t`'s [`SPIN_BOUND`]th read in a row of that
    /// write there, with nothing else of its own in between.
    fn spins(&self, t: Thread, w: usize, site: Option<Site>, upto: usize) -> bool {
        let Some(site) = site else { return false };
        let mine = (0..upto).rev().filter(|&i| self.graph.events[i].owner == t);
        let repeats = mine
            .take(SPIN_BOUND - 1)
            .filter(|&i| {
                let e = &self.graph.events[i];
                e.kind == Kind::Read && e.rf == Some(w) && e.site == Some(site)
            })
            .count();
        repeats == SPIN_BOUND - 1
    }
}

/// What thread `t` does for its next event.
enum Next {
    /// Replays this event of the graph.
    Replay(usize),
    /// Adds a new one: it is the thread's turn.
    Fresh,
    /// Nothing: the run is over, and the thread is unwinding as shuttle tears the run down (a
    /// destructor on its stack makes an atomic access). It must not wait, and what it does is no
    /// part of any execution.
    Over,
}

/// Thread `t`'s next event (`kind` at `loc`): the one it replays, once what that event follows is
/// replayed (checked against what the program does now), or a new one, once it is the thread's
/// turn.
fn next_event(t: Thread, kind: Kind, loc: Option<usize>) -> Next {
    loop {
        if over() {
            return stop();
        }
        let (left, ready) = with(|x| {
            let s = &x.threads[t];
            (s.cursor < s.replay.len(), x.ready(t))
        });
        if left && ready {
            return Next::Replay(with(|x| x.take_replay(t, kind, loc)));
        }
        if !left && with(|x| x.replay_done() && x.turn() == Some(t)) {
            return Next::Fresh;
        }
        parked_yield(t);
    }
}

/// What a thread that finds the run over does: leaves the program's code ([`RunOver`]), or if it
/// is unwinding already, goes on without waiting.
fn stop() -> Next {
    if std::thread::panicking() { Next::Over } else { leave() }
}

/// Yields at a scheduling point of ours, thread `t` marked parked meanwhile.
fn parked_yield(t: Thread) {
    with(|x| x.threads[t].parked = true);
    shuttle::thread::yield_now();
    if !over() {
        with(|x| x.threads[t].parked = false);
    }
}

/// Parks the calling thread for the rest of the run: it is blocked. Once the run is over, it
/// leaves the program's code ([`RunOver`]). A thread that blocked while unwinding a panic (a
/// destructor that takes a lock) cannot unwind again: it returns instead, as every operation of a
/// run that is over returns to an unwinding thread, and goes on unwinding.
fn park_for_good() {
    EXEC.with(|e| {
        if let Some(x) = e.borrow_mut().as_mut()
            && let Some(t) = x.threads.iter().position(|t| t.task == Some(shuttle::current::me()))
        {
            x.threads[t].parked = true;
        }
    });
    loop {
        shuttle::thread::yield_now();
        if ended() {
            return;
        }
    }
}

/// Abandons the run (no consistent way on, or too many events) and parks.
fn abandon() -> Next {
    EXEC.with(|e| {
        if let Some(x) = e.borrow_mut().as_mut() {
            x.abandoned = true;
        }
    });
    stop()
}

/// Blocks the calling thread `t` for good at its read `read`; it returns only to a thread that
/// blocked while unwinding, once the run is over ([`park_for_good`]).
fn block(t: Thread, read: usize, why: Block) {
    with(|x| {
        x.threads[t].blocked = Some((read, why));
        x.mid_op = None;
    });
    park_for_good()
}

/// What a new location is, for reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// An atomic of the program holding a number.
    Number,
    /// An `AtomicBool`: its values read `true` and `false` in reports.
    Boolean,
    /// A lock's or a condition variable's, kept out of traces.
    Hidden,
}

/// A new atomic location holding `value`.
pub fn new_location(name: &str, value: i128, kind: Location) -> usize {
    if ended() {
        return 0;
    }
    let t = with(|x| x.current());
    match next_event(t, Kind::Init, None) {
        Next::Replay(i) => with(|x| x.graph.events[i].loc.expect("an initial write has a location")),
        Next::Over => 0,
        Next::Fresh => {
            let made = with(|x| {
                if x.graph.events.len() >= MAX_EVENTS {
                    return None;
                }
                let loc = x.graph.add_location(t, name, value, kind == Location::Hidden);
                x.graph.booleans[loc] = kind == Location::Boolean;
                Some(loc)
            });
            match made {
                Some(loc) => loc,
                None => {
                    abandon();
                    0
                }
            }
        }
    }
}

/// Whether the event being added is one the trace records: an actor's access or the observer's.
fn traced(loc: usize) -> bool {
    with(|x| !x.graph.hidden[loc]) && (trace::recording() || trace::observing())
}

/// A load: it reads any write of the location that keeps the graph consistent.
pub fn load(loc: usize, order: Ordering, site: Site) -> i128 {
    let (value, _) =
        update(loc, &|_| Decision { order, exclusive: false, steps: vec![Step::Proceed] }, Some(site));
    value
}

/// A store: it goes in every consistent place of the location's modification order, and revisits
/// the reads added before it that may read it.
pub fn store(loc: usize, value: i128, order: Ordering) {
    if ended() {
        return;
    }
    let t = with(|x| x.current());
    let show = traced(loc);
    match next_event(t, Kind::Write, Some(loc)) {
        Next::Replay(i) => with(|x| x.graph.events[i].traced = show),
        Next::Over => {}
        Next::Fresh => write_fresh(t, loc, value, order, false, show),
    }
}

/// Adds a new write of thread `t` (a store, or a read-modify-write's write part): one consistent
/// place kept, the others and its revisits stacked.
fn write_fresh(t: Thread, loc: usize, value: i128, order: Ordering, exclusive: bool, show: bool) {
    let kept = with(|x| {
        let mut event = Event::new(t, Kind::Write, Some(loc), order, value);
        event.exclusive = exclusive;
        event.traced = show;
        let w = x.add(event)?;
        let places = if exclusive {
            let p = trust::rmw_position(&x.graph, w);
            let read = x.graph.read_part(w).expect("a write part follows its read");
            let from = x.graph.events[read].rf.expect("a read part reads");
            // Without SeqCst only atomicity can fail (see `check::lowest_place`).
            let ok = if order == Ordering::SeqCst || super::check::has_seq_cst(&x.graph) {
                trust::consistent_at(&mut x.graph, w, p)
            } else {
                let fast = !x.graph.read_by_rmw(from, Some(read));
                trust::shortcut(fast, || trust::consistent_at(&mut x.graph, w, p))
            };
            if ok { vec![p] } else { vec![] }
        } else {
            trust::placements(&mut x.graph, w)
        };
        // Revisits are judged on the graph with the write in place (the last place, or where an
        // RMW's write must go); each places it anew.
        let p = match places.last() {
            Some(&p) => p,
            None if exclusive => trust::rmw_position(&x.graph, w),
            None => x.graph.mo[loc].len(),
        };
        x.graph.place(w, p);
        for revisit in trust::revisits(&x.graph, w) {
            x.push(revisit);
        }
        x.graph.unplace(w);
        let (&last, others) = places.split_last()?;
        for &p in others {
            let mut g = x.graph.clone();
            g.place(w, p);
            x.push(g);
        }
        x.graph.place(w, last);
        Some(())
    });
    if kept.is_none() {
        abandon();
    }
}

/// A read followed by what `decide` makes of the value read: a load, a read-modify-write, a
/// compare-exchange, a lock's acquire, a condition variable's wait or notification. Returns the
/// value read and the step taken.
///
/// The read may read any write of the location that keeps the graph consistent; for each, the
/// steps `decide` gives are each a way on (a write straight after the one read, going on, or
/// blocking), several of them a choice of the program's own, recorded as a [`Kind::Choice`].
pub fn update(loc: usize, decide: &dyn Fn(i128) -> Decision, site: Option<Site>) -> (i128, Step) {
    update_with(loc, decide, site, None)
}

/// [`update`] for an operation that blocks its thread at the values `blocks` names (taking a lock,
/// waiting on a condition variable). While another thread can go on, such a read is not added
/// where it would block on the newest write: its thread waits for a newer one, as GenMC defers a
/// lock's read (`removeCASReadIfBlocks`), so that a run does not build a read that a later
/// release supersedes. With nobody else to go on, the read is added, and blocks.
pub fn update_blocking(loc: usize, decide: &dyn Fn(i128) -> Decision, blocks: Blocks) -> (i128, Step) {
    update_with(loc, decide, None, Some(blocks))
}

fn update_with(
    loc: usize,
    decide: &dyn Fn(i128) -> Decision,
    site: Option<Site>,
    blocks: Option<Blocks>,
) -> (i128, Step) {
    if ended() {
        return (0, Step::Proceed);
    }
    let t = with(|x| x.current());
    let show = traced(loc);
    match next_event(t, Kind::Read, Some(loc)) {
        Next::Replay(i) => replay_update(t, i, loc, decide, site, show),
        Next::Over => (0, Step::Proceed),
        Next::Fresh => {
            if let Some(blocks) = blocks {
                while defers(t, loc, blocks) {
                    if !wait_for_turn(t) {
                        return (0, Step::Proceed);
                    }
                }
            }
            update_fresh(t, loc, decide, site, show, blocks)
        }
    }
}

/// Whether thread `t`, about to read `loc` where it blocks at `blocks`, waits instead: the newest
/// write blocks it, and it has not already waited with nobody else able to go on since.
fn defers(t: Thread, loc: usize, blocks: Blocks) -> bool {
    with(|x| {
        let order = &x.graph.mo[loc];
        let newest = *order.last().expect("a location has its initial write");
        let now = (loc, order.len());
        // Its turn came back with no newer write: nobody else can go on.
        let forced = x.threads[t].deferred == Some(now);
        let defer = blocks.at(x.graph.events[newest].value) && !forced;
        x.threads[t].deferred = defer.then_some(now);
        defer
    })
}

/// Waits until it is thread `t`'s turn to add an event; false when the run is over (to a thread
/// that unwinds).
fn wait_for_turn(t: Thread) -> bool {
    loop {
        if over() {
            return !matches!(stop(), Next::Over);
        }
        if with(|x| x.replay_done() && x.turn() == Some(t)) {
            return true;
        }
        parked_yield(t);
    }
}

/// Adds a new update of thread `t` (see [`update`]).
fn update_fresh(
    t: Thread,
    loc: usize,
    decide: &dyn Fn(i128) -> Decision,
    site: Option<Site>,
    show: bool,
    blocks: Option<Blocks>,
) -> (i128, Step) {
    let chosen = with(|x| {
        if x.graph.events.len() + 3 > MAX_EVENTS {
            return None;
        }
        // Every way on: the graph it leaves, the value read, the step taken, and the place in `mo`
        // of the write read; write by write in `mo` order, each write's steps in order.
        let mut ways: Vec<(Graph, i128, Step, usize)> = Vec::new();
        let writes = x.graph.mo[loc].clone();
        // Coherence rules out every write older than one this thread has seen.
        let lowest = super::check::lowest_place(&x.graph, t, loc, x.graph.events.len())?;
        // What the operation does with each write it may read, decided once.
        let decisions: Vec<(usize, usize, i128, Decision)> = writes
            .iter()
            .enumerate()
            .skip(lowest)
            .map(|(place, &w)| (place, w, x.graph.events[w].value, decide(x.graph.events[w].value)))
            .collect();
        let seq_cst = super::check::has_seq_cst(&x.graph)
            || decisions.iter().any(|(_, _, _, d)| d.order == Ordering::SeqCst);
        for (place, w, value, decision) in decisions {
            let mut read = Event::new(t, Kind::Read, Some(loc), decision.order, value);
            read.rf = Some(w);
            read.exclusive = decision.exclusive;
            read.site = site;
            read.traced = show;
            read.blocks = blocks;
            let r = x.graph.add(read);
            // Without SeqCst, every write from the lowest place on is consistent to read (see
            // `check::lowest_place`); with it, the whole check decides.
            if !trust::shortcut(!seq_cst || trust::consistent(&x.graph), || trust::consistent(&x.graph)) {
                x.graph.pop();
                continue;
            }
            let spinning = !decision.exclusive && x.spins(t, w, site, r);
            let several = decision.steps.len() > 1;
            for (k, &step) in decision.steps.iter().enumerate() {
                let mut g = x.graph.clone();
                if several {
                    g.add(Event::new(t, Kind::Choice, None, Ordering::Relaxed, k as i128));
                }
                match step {
                    Step::Write(new, order) => {
                        let mut write = Event::new(t, Kind::Write, Some(loc), order, new);
                        write.exclusive = true;
                        write.traced = show;
                        let at = g.add(write);
                        let p = trust::rmw_position(&g, at);
                        g.place(at, p);
                        for revisit in trust::revisits(&g, at) {
                            x.push(revisit);
                        }
                        // Without SeqCst only atomicity can fail: another RMW's write already
                        // follows the write read.
                        let fits = if seq_cst || order == Ordering::SeqCst {
                            trust::consistent(&g)
                        } else {
                            trust::shortcut(!x.graph.read_by_rmw(w, Some(r)), || trust::consistent(&g))
                        };
                        if fits {
                            ways.push((g, value, step, place));
                        }
                    }
                    Step::Proceed if spinning => ways.push((g, value, Step::Block(Block::Spin), place)),
                    Step::Proceed | Step::Block(_) => ways.push((g, value, step, place)),
                }
            }
            x.graph.pop();
        }
        // A way that blocks on a write some newer write follows stays blocked, and is never
        // revisited (its read does not read the newest write): no execution ends that way.
        //
        // A lock's or a wait's read seldom gets here blocking on the newest write: while another
        // thread can go on, `update_blocking` puts it off until a newer write is there (GenMC's
        // removeCASReadIfBlocks, checkReconsiderReadOpts and rescheduleReads). That only changes
        // the order in which events are added, a function of the graph, so each graph is still
        // built once: over the catalogue the same executions, none twice, and 13% to 25% fewer
        // runs (worker_01's pool: 25,973 runs to 22,455, order_01's map 46,504 to 38,020). An
        // earlier attempt, which waited for a newer write even with nobody else able to go on,
        // built 8 graphs twice on a pool of two workers and one job.
        //
        // (Nor is such a read revisited in place, as GenMC's in-place revisiting does when a newer
        // write arrives: GenMC does that only for plain loads under an `assume`, never for the read
        // of a compare-exchange, and ours are the reads of read-modify-writes. Say T waits for a
        // lock U holds, U releases it with write W, and U goes on to take it again. Revisited in
        // place, T now reads W and takes the lock next; the execution where U takes it again first
        // and T waits is then built by no run, since U's second acquire can no longer read W. The
        // run that stays blocked builds it: U's new acquire revisits T's read. Such a revisit,
        // which would make a read block, drops the read instead, and its thread waits here again
        // (`trust::revisits`, as GenMC's revisitRead does): no run of the catalogue ends blocked
        // unless its execution is a deadlock.)
        let newest = writes.len() - 1;
        ways.retain(|&(_, _, step, place)| !matches!(step, Step::Block(_)) || place == newest);
        // The run keeps the first way of the newest write that has one, as a program running alone
        // would read the latest value; any would do. The others are stacked.
        let last = ways.iter().map(|way| way.3).max()?;
        let kept = ways.iter().position(|way| way.3 == last)?;
        let mut chosen = None;
        for (i, (g, value, step, _)) in ways.into_iter().enumerate() {
            if i == kept {
                chosen = Some((g, value, step));
            } else {
                x.push(g);
            }
        }
        let (g, value, step) = chosen?;
        x.graph = g;
        let read = (0..x.graph.events.len())
            .rev()
            .find(|&i| x.graph.events[i].kind == Kind::Read && x.graph.events[i].owner == t)?;
        Some((value, step, read))
    });
    let Some((value, step, read)) = chosen else {
        abandon();
        return (0, Step::Proceed);
    };
    if let Step::Block(why) = step {
        block(t, read, why);
    }
    (value, step)
}

/// Replays an update whose read is event `i`: the value read is the graph's, and what follows it
/// (its choice and write, if the graph has them) is replayed too, or added anew if the run that
/// made the graph stopped after the read (a revisited read decides again).
fn replay_update(
    t: Thread,
    i: usize,
    loc: usize,
    decide: &dyn Fn(i128) -> Decision,
    site: Option<Site>,
    show: bool,
) -> (i128, Step) {
    let (value, rf) = with(|x| {
        let e = &mut x.graph.events[i];
        e.traced = show;
        (e.value, e.rf.expect("a read reads"))
    });
    let decision = decide(value);
    // A revisited read may now read a value its operation treats otherwise: a compare-exchange
    // that succeeded fails with its failure ordering, a `try_lock` finds the lock taken. Its
    // ordering is that of the new decision, and the graph must still be consistent with it.
    let changed = with(|x| {
        let e = &mut x.graph.events[i];
        let changed = e.order != decision.order || e.exclusive != decision.exclusive;
        e.order = decision.order;
        e.exclusive = decision.exclusive;
        changed
    });
    if changed && !with(|x| trust::consistent(&x.graph)) {
        abandon();
        return (value, Step::Proceed);
    }
    let mut k = 0;
    if decision.steps.len() > 1 {
        // The rest of the operation goes before anything another thread adds.
        with(|x| x.mid_op = Some(t));
        match next_event(t, Kind::Choice, None) {
            Next::Replay(c) => k = with(|x| x.graph.events[c].value) as usize,
            Next::Over => return (value, Step::Proceed),
            Next::Fresh => with(|x| {
                // The graph ends at this read: its choice is new, every way explored.
                for other in (1..decision.steps.len()).rev() {
                    let mut g = x.graph.clone();
                    g.add(Event::new(t, Kind::Choice, None, Ordering::Relaxed, other as i128));
                    x.push(g);
                }
                x.graph.add(Event::new(t, Kind::Choice, None, Ordering::Relaxed, 0));
            }),
        }
    }
    let step = decision.steps[k.min(decision.steps.len() - 1)];
    match step {
        Step::Write(new, order) => {
            with(|x| x.mid_op = Some(t));
            match next_event(t, Kind::Write, Some(loc)) {
                Next::Replay(w) => with(|x| x.graph.events[w].traced = show),
                Next::Over => {}
                Next::Fresh => write_fresh(t, loc, new, order, true, show),
            }
            with(|x| x.mid_op = None);
            (value, step)
        }
        Step::Block(why) => {
            block(t, i, why);
            (value, step)
        }
        Step::Proceed => {
            with(|x| x.mid_op = None);
            if !decision.exclusive && with(|x| x.spins(t, rf, site, i)) {
                block(t, i, Block::Spin);
            }
            (value, step)
        }
    }
}

/// A plain event of thread `t` with nothing to choose (spawn, begin, end, join, fence): its index,
/// or `None` when the run is over. A fence may leave no consistent way on (an SC fence against
/// what was read before it), which abandons the run.
fn plain(t: Thread, kind: Kind, order: Ordering, value: i128) -> Option<usize> {
    match next_event(t, kind, None) {
        Next::Replay(i) => Some(i),
        Next::Over => None,
        Next::Fresh => {
            let at = with(|x| {
                let at = x.add(Event::new(t, kind, None, order, value))?;
                (kind != Kind::Fence || trust::consistent(&x.graph)).then_some(at)
            });
            if at.is_none() {
                abandon();
            }
            at
        }
    }
}

/// A fence.
pub fn fence(order: Ordering) {
    if ended() {
        return;
    }
    let t = with(|x| x.current());
    plain(t, Kind::Fence, order, 0);
}

/// A thread about to spawn another: the child's index and the spawn event, which [`begin`] orders
/// before the child's first event. `None` when the run is over.
pub fn spawn() -> Option<(Thread, usize)> {
    if ended() {
        return None;
    }
    let t = with(|x| x.current());
    // A new child is the next thread; a replayed one is the thread the graph's spawn names.
    let fresh = with(|x| x.threads.len());
    let at = plain(t, Kind::Spawn, Ordering::Relaxed, fresh as i128)?;
    let child = with(|x| x.graph.events[at].value) as usize;
    with(|x| {
        if x.threads.len() <= child {
            x.threads.resize(child + 1, ThreadState::default());
        }
    });
    Some((child, at))
}

/// The thread spawned as modelled thread `child` is shuttle's task `task`: it can be scheduled
/// before it has run a line.
pub fn spawned(child: Thread, task: TaskId) {
    if ended() {
        return;
    }
    with(|x| x.threads[child].task = Some(task));
}

/// The calling shuttle task is modelled thread `child`, spawned by event `spawned`, shown in the
/// trace's column `column`.
pub fn begin(child: Thread, spawned: usize, column: Option<usize>) {
    if ended() {
        return;
    }
    with(|x| {
        x.threads[child].task = Some(shuttle::current::me());
        x.threads[child].column = column;
    });
    if let Some(at) = plain(child, Kind::Begin, Ordering::Relaxed, 0) {
        with(|x| {
            if !x.graph.asw.contains(&(spawned, at)) {
                x.graph.asw.push((spawned, at));
            }
        });
    }
}

/// The calling thread is done.
pub fn end() {
    if ended() {
        return;
    }
    let t = with(|x| x.current());
    if plain(t, Kind::End, Ordering::Relaxed, 0).is_some() {
        with(|x| x.threads[t].finished = true);
    }
}

/// The calling thread is about to wait for thread `child` to end.
pub fn before_join(child: Thread) {
    if ended() {
        return;
    }
    with(|x| {
        let t = x.current();
        x.threads[t].joining = Some(child);
    });
}

/// The calling thread has joined thread `child`: everything the child did is before what follows.
pub fn join(child: Thread) {
    if ended() {
        return;
    }
    let t = with(|x| x.current());
    with(|x| x.threads[t].joining = None);
    let Some(at) = plain(t, Kind::Join, Ordering::Relaxed, child as i128) else { return };
    with(|x| {
        let end = x.graph.events.iter().rposition(|e| e.owner == child && e.kind == Kind::End);
        if let Some(end) = end
            && !x.graph.asw.contains(&(end, at))
        {
            x.graph.asw.push((end, at));
        }
    });
}
