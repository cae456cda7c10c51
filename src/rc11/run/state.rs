//! The run on this OS thread: its graph, its modelled threads and what each waits for, whose
//! turn it is to add an event, and how a thread leaves a run that is over.

use std::cell::RefCell;

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::task::Waker;

use shuttle::scheduler::{Task, TaskId};

use super::shared::Shared;
use crate::model::trace::Trace;
use crate::rc11::graph::{Event, Graph, Kind, Thread};
use crate::rc11::model::MAX_EVENTS;
use crate::rc11::trust;
use crate::rt::{RunOver, record};

/// Why a blocked thread is blocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    /// A lock held by another thread.
    Lock,
    /// A condition variable, not yet notified.
    Wait,
    /// A spin loop ([`super::memory::SPIN_BOUND`]).
    Spin,
}

/// One modelled thread of a run.
#[derive(Debug, Default, Clone)]
pub(super) struct ThreadState {
    /// Its shuttle task, once it has started.
    pub(super) task: Option<TaskId>,
    /// Its column in the trace, if it has one.
    pub(super) column: Option<usize>,
    /// The events of the replayed graph it made, in its program order.
    pub(super) replay: Vec<usize>,
    /// How many of them it has replayed.
    pub(super) cursor: usize,
    /// Its blocked read, and why, once it blocks for good.
    pub(super) blocked: Option<(usize, Block)>,
    /// The child it waits for in `join`.
    pub(super) joining: Option<Thread>,
    /// Whether it has ended.
    pub(super) finished: bool,
    /// Whether it waits at a scheduling point of ours (for its turn, for what its next replayed
    /// event follows, or for good): anywhere else it is between two events.
    pub(super) parked: bool,
    /// Whether it is the main thread waiting, after the program returned, for threads it never
    /// joined.
    pub(super) waiting: bool,
    /// As an async task (or the main thread in `block_on`): the states of the tasks whose handles
    /// it polled unfinished in its current poll, one of whose ends wakes it ([`super::tasks`]).
    pub(super) awaiting: Vec<usize>,
    /// As an async task: whether it yielded in its current poll, and so is polled again anyway.
    pub(super) yielded: bool,
    /// As an async task: whether its last poll returned `Pending` to wait for a task's end, which
    /// has not woken it yet. An executor does not poll it then.
    pub(super) asleep: bool,
    /// As an async task woken by a task's end: that end's write, which its next poll follows.
    pub(super) woken_by: Option<usize>,
    /// A lock's or a wait's read it put off ([`update_blocking`]): the location, and how many
    /// writes it had then. It goes on once a newer write is there, or nobody else can.
    pub(super) deferred: Option<(usize, usize)>,
}

impl ThreadState {
    /// Whether an executor would poll it ([`ThreadState::asleep`]).
    pub(super) fn is_awake(&self) -> bool {
        !self.asleep
    }
}

/// The state of the run on this OS thread.
pub(super) struct Exec {
    pub(super) graph: Graph,
    pub(super) shared: Arc<Mutex<Shared>>,
    pub(super) threads: Vec<ThreadState>,
    /// Which events of the graph the run replays have been replayed.
    pub(super) replayed: Vec<bool>,
    /// The thread in the middle of an operation that adds several events (a read-modify-write):
    /// it adds the rest before anyone else adds anything.
    pub(super) mid_op: Option<Thread>,
    /// The run cannot go on: no consistent way on, or too many events.
    pub(super) abandoned: bool,
    /// The scheduler found no thread able to go on.
    pub(super) stopped: bool,
    /// The program returned and every thread finished; its outcome is recorded.
    pub(super) complete: bool,
    /// The trace at the moment the run stopped blocked.
    pub(super) blocked_trace: Option<Trace>,
    /// Whether the program runs async tasks ([`super::tasks`]): then the main thread waits for
    /// the tasks it never awaited to end before the run completes, as for unjoined threads.
    pub(super) asynchronous: bool,
    /// The wakers of polls that found a task unfinished, by the location of its state.
    pub(super) wakers: Vec<(usize, Waker)>,
}

thread_local! {
    pub(super) static EXEC: RefCell<Option<Exec>> = const { RefCell::new(None) };
}

/// Whether an rc11 run is going on, on this OS thread.
pub fn active() -> bool {
    EXEC.with(|e| e.borrow().is_some())
}

pub(super) fn with<T>(f: impl FnOnce(&mut Exec) -> T) -> T {
    EXEC.with(|e| f(e.borrow_mut().as_mut().expect("an rc11 run is going on")))
}

/// Whether the run is over (see [`Exec::over`]).
pub(super) fn over() -> bool {
    EXEC.with(|e| e.borrow().as_ref().is_none_or(Exec::over))
}

/// Whether the run is over and the calling thread unwinds: it must not wait for anything (a
/// `join` in a destructor would wait for ever).
pub fn torn_down() -> bool {
    over() && std::thread::panicking()
}

/// Leaves the program's code: the run is over ([`RunOver`]). Every task waiting for its waker is
/// woken first, so that it too is polled once more and leaves.
pub(super) fn leave() -> ! {
    let wakers: Vec<Waker> = EXEC.with(|e| {
        e.borrow_mut().as_mut().map(|x| x.wakers.drain(..).map(|(_, w)| w).collect()).unwrap_or_default()
    });
    wakers.into_iter().for_each(Waker::wake);
    std::panic::resume_unwind(Box::new(RunOver))
}

/// Whether the run is over, for a thread that is unwinding: it goes on without waiting or adding
/// anything. A thread that is not unwinding does not return: it leaves ([`RunOver`]).
pub(super) fn ended() -> bool {
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
    pub(super) fn current(&self) -> Thread {
        let me = shuttle::current::me();
        self.threads.iter().position(|t| t.task == Some(me)).expect("every modelled thread is registered")
    }

    pub(super) fn replay_done(&self) -> bool {
        self.threads.iter().all(|t| t.cursor >= t.replay.len())
    }

    /// Whether thread `t` can add an event now.
    pub(super) fn enabled(&self, t: Thread) -> bool {
        self.could_go_on(t) && !self.put_off(t)
    }

    /// Whether thread `t` put off a read ([`update_blocking`]) and no newer write is there yet.
    pub(super) fn put_off(&self, t: Thread) -> bool {
        self.threads[t].deferred.is_some_and(|(loc, writes)| self.graph.mo[loc].len() == writes)
    }

    /// Whether thread `t` could add an event now, were it not putting off a read.
    pub(super) fn could_go_on(&self, t: Thread) -> bool {
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
    pub(super) fn turn(&self) -> Option<Thread> {
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
    pub(super) fn over(&self) -> bool {
        self.stopped || self.abandoned
    }

    /// The task shuttle runs next.
    pub(super) fn pick(&mut self, runnable: &[&Task], current: Option<TaskId>) -> Option<TaskId> {
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
                    self.blocked_trace = Some(record::take_blocked());
                }
                self.stopped = true;
                self.wind_down(runnable)
            }
        }
    }

    /// The task shuttle runs next once the run is over: each thread still in the program's code
    /// in turn, to leave it ([`RunOver`]).
    pub(super) fn wind_down(&self, runnable: &[&Task]) -> Option<TaskId> {
        runnable.first().map(|t| t.id())
    }

    pub(super) fn nondeterministic(&mut self, what: &str) {
        self.abandoned = true;
        self.shared.lock().unwrap().nondeterministic.get_or_insert_with(|| what.to_string());
    }

    /// Whether thread `t`'s next event to replay may be replayed now: what it reads, and the
    /// spawn or thread end it follows, are replayed already. Replaying in that order runs the
    /// program's own code in an order its graph allows: a critical section after the one whose
    /// release its lock reads, so that the plain data a lock guards holds what it held.
    pub(super) fn ready(&self, t: Thread) -> bool {
        let s = &self.threads[t];
        let Some(&i) = s.replay.get(s.cursor) else { return false };
        let e = &self.graph.events[i];
        e.rf.is_none_or(|w| self.replayed[w])
            && self.graph.asw.iter().all(|&(a, b)| b != i || self.replayed[a])
    }

    /// Thread `t`'s next event to replay, checked against what the program does now (`kind` at
    /// `loc`), and marked replayed.
    pub(super) fn take_replay(&mut self, t: Thread, kind: Kind, loc: Option<usize>) -> usize {
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
    pub(super) fn push(&self, graph: Graph) {
        self.shared.lock().unwrap().stack.push(graph);
    }

    /// Adds `event`; `None` (and the run abandoned) when it would outgrow [`MAX_EVENTS`].
    pub(super) fn add(&mut self, event: Event) -> Option<usize> {
        if self.graph.events.len() >= MAX_EVENTS {
            self.abandoned = true;
            return None;
        }
        Some(self.graph.add(event))
    }
}

/// What thread `t` does for its next event.
pub(super) enum Next {
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
pub(super) fn next_event(t: Thread, kind: Kind, loc: Option<usize>) -> Next {
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
pub(super) fn stop() -> Next {
    if std::thread::panicking() { Next::Over } else { leave() }
}

/// Yields at a scheduling point of ours, thread `t` marked parked meanwhile.
pub(super) fn parked_yield(t: Thread) {
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
pub(super) fn park_for_good() {
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
pub(super) fn abandon() -> Next {
    EXEC.with(|e| {
        if let Some(x) = e.borrow_mut().as_mut() {
            x.abandoned = true;
        }
    });
    stop()
}

/// Blocks the calling thread `t` for good at its read `read`; it returns only to a thread that
/// blocked while unwinding, once the run is over ([`park_for_good`]).
pub(super) fn block(t: Thread, read: usize, why: Block) {
    with(|x| {
        x.threads[t].blocked = Some((read, why));
        x.mid_op = None;
    });
    park_for_good()
}

/// A plain event of thread `t` with nothing to choose (spawn, begin, end, join, fence): its index,
/// or `None` when the run is over. A fence may leave no consistent way on (an SC fence against
/// what was read before it), which abandons the run.
pub(super) fn plain(t: Thread, kind: Kind, order: Ordering, value: i128) -> Option<usize> {
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
