//! Running the program under the model: shuttle hosts the modelled threads, and a depth-first
//! search over every choice an execution makes (which thread runs next, which write a read reads
//! from, where a write goes in modification order) drives it, keeping only the choices that leave
//! the graph RC11-consistent.
//!
//! shuttle asks [`Search`] which thread to run at every scheduling point; the facade's atomics
//! call into this module (when [`active`]) to add their events to the graph, and take their
//! values from it. Both run on the one OS thread shuttle runs an execution on, so the execution's
//! state is a thread-local, and the search is shared with the scheduler shuttle owns.

use std::cell::RefCell;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use shuttle::scheduler::{Schedule, Scheduler, Task, TaskId};

use super::graph::{Event, Graph, Kind, Thread};
use super::model::{self, MAX_EVENTS};
use crate::outcome::Outcome;
use crate::trace::{self, Trace};

/// One choice point of the search: how many options it had, and which is being explored.
#[derive(Clone, Copy, Debug)]
struct Choice {
    taken: usize,
    options: usize,
}

/// A depth-first search over the choices of every execution, replayed from the start each time.
#[derive(Debug, Default)]
pub(super) struct Dfs {
    path: Vec<Choice>,
    at: usize,
    started: bool,
    /// Executions begun.
    pub(super) executions: u64,
    /// Executions that ran out of steps: a loop that never ends under some choice.
    pub(super) hangs: u64,
    /// Executions cut as spin loops that made no progress ([`SPIN_BOUND`]).
    pub(super) spins: u64,
    /// The distinct executions found so far.
    pub(super) found: Found,
}

/// The distinct executions found so far, in the order found: the first schedule to build a graph
/// keeps its outcome and trace, and a later one that builds the same graph adds nothing, so memory
/// grows with the graphs, never with the schedules run (millions, for a few hundred graphs).
#[derive(Debug, Default)]
pub(super) struct Found {
    keys: std::collections::HashSet<String>,
    /// Each distinct execution's outcome and trace.
    pub(super) executions: Vec<(Outcome, Trace)>,
}

impl Found {
    /// Keeps the execution whose graph has this key, unless one with the same graph is kept.
    pub(super) fn add(&mut self, key: String, outcome: Outcome, trace: Trace) {
        if self.keys.insert(key) {
            self.executions.push((outcome, trace));
        }
    }
}

impl Dfs {
    /// The option to take at the next choice point, of `options`.
    fn choose(&mut self, options: usize) -> usize {
        if options <= 1 {
            return 0;
        }
        if let Some(choice) = self.path.get(self.at) {
            // The program is deterministic: replaying a prefix meets the same choices.
            debug_assert_eq!(choice.options, options, "a replayed choice point changed");
            self.at += 1;
            return choice.taken.min(options - 1);
        }
        self.path.push(Choice { taken: 0, options });
        self.at += 1;
        0
    }

    /// Moves to the next unexplored path; false when there is none.
    fn advance(&mut self) -> bool {
        if !self.started {
            self.started = true;
            return true;
        }
        self.path.truncate(self.at);
        while let Some(last) = self.path.last_mut() {
            if last.taken + 1 < last.options {
                last.taken += 1;
                self.at = 0;
                return true;
            }
            self.path.pop();
        }
        false
    }
}

/// The shuttle scheduler the search drives.
pub(super) struct Search {
    pub(super) dfs: Arc<Mutex<Dfs>>,
    /// At most this many executions are begun.
    pub(super) budget: u64,
}

impl Scheduler for Search {
    fn new_execution(&mut self) -> Option<Schedule> {
        // An execution that neither finished nor was abandoned ran out of steps.
        let unfinished = end_execution();
        let mut dfs = self.dfs.lock().unwrap();
        match unfinished {
            Some(Exec { deadlock: Some(trace), graph, .. }) => {
                dfs.found.add(graph.key(), Outcome::Deadlock, trace);
            }
            Some(exec) if exec.spun => dfs.spins += 1,
            Some(exec) if !exec.abandoned => dfs.hangs += 1,
            _ => {}
        }
        if dfs.executions >= self.budget || !dfs.advance() {
            return None;
        }
        dfs.executions += 1;
        Some(Schedule::new(0))
    }

    fn next_task(&mut self, runnable: &[&Task], current: Option<TaskId>, _yielding: bool) -> Option<TaskId> {
        if EXEC.with(|e| e.borrow().as_ref().is_some_and(|e| e.abandoned)) {
            return None;
        }
        let mut ids: Vec<TaskId> = runnable.iter().map(|t| t.id()).collect();
        ids.sort_by_key(|&id| usize::from(id));
        // The sentinel (see `SENTINEL`) is never a choice: it runs only when nothing else can.
        let sentinel = ids.iter().copied().find(|&id| usize::from(id) == SENTINEL);
        ids.retain(|&id| usize::from(id) != SENTINEL);
        if ids.is_empty() {
            let running = EXEC.with(|e| e.borrow().as_ref().is_some_and(|e| !e.abandoned));
            if running {
                // Every modelled thread is blocked, and the program has not finished: a deadlock.
                let trace = trace::take_blocked();
                EXEC.with(|e| e.borrow_mut().as_mut().map(|e| e.deadlock = Some(trace)));
                return None;
            }
            return sentinel;
        }
        // A program that returned with threads still running waits for them (`wait_for_unjoined`):
        // it runs again only when no other thread can.
        if let Some(main) = WAITING.with(|w| w.get())
            && ids.len() > 1
        {
            ids.retain(|&id| id != main);
        }
        // shuttle's own scheduling points (spawn, join, a thread's end) are no reason to switch:
        // the running thread goes on while it can (see `schedule`).
        if !AT_READ.with(|r| r.get())
            && let Some(current) = current.filter(|c| ids.contains(c))
        {
            return Some(current);
        }
        // A thread that has not reached its next read runs ahead first, without a choice.
        if let Some(ahead) = PARKED.with(|p| ids.iter().copied().find(|id| !p.borrow().contains(id))) {
            return Some(ahead);
        }
        let i = self.dfs.lock().unwrap().choose(ids.len());
        Some(ids[i])
    }

    fn next_u64(&mut self) -> u64 {
        0
    }
}

/// The task that keeps shuttle from calling a deadlock a failure: the first task the execution's
/// main task spawns (main is task 0), always runnable, never chosen while a modelled thread can
/// run. When it is all that can run, every modelled thread is blocked: the outcome `deadlock`.
pub(super) const SENTINEL: usize = 1;

/// The state of the execution running on this OS thread.
pub(super) struct Exec {
    pub(super) graph: Graph,
    dfs: Arc<Mutex<Dfs>>,
    /// The shuttle thread of each modelled thread, by index (0 is the program's main thread).
    threads: Vec<Option<shuttle::thread::ThreadId>>,
    /// Each thread's `End` event, once it has one.
    ends: Vec<Option<usize>>,
    /// No choice kept the graph consistent, or it outgrew [`MAX_EVENTS`]: the execution is
    /// dropped at the next scheduling point.
    pub(super) abandoned: bool,
    /// The execution outgrew [`MAX_EVENTS`].
    pub(super) too_big: bool,
    /// Why the program cannot be run under rc11, if a facade object said so.
    pub(super) unsupported: Option<&'static str>,
    /// Every modelled thread blocked: the trace of this deadlock.
    pub(super) deadlock: Option<Trace>,
    /// Cut as a spin loop that made no progress ([`SPIN_BOUND`]).
    pub(super) spun: bool,
    /// Where in the program each read that may spin was made (event, call site).
    sites: Vec<(usize, Site)>,
}

/// Where in the program's source an atomic read was made: a spin loop reads at one place.
pub type Site = &'static std::panic::Location<'static>;

thread_local! {
    static EXEC: RefCell<Option<Exec>> = const { RefCell::new(None) };
    /// Whether the scheduling point shuttle is at is one of ours, before a read ([`schedule`]).
    static AT_READ: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The threads waiting at a read for the search to let them go on ([`schedule`]).
    static PARKED: RefCell<Vec<TaskId>> = const { RefCell::new(Vec::new()) };
    /// The main thread, while it waits for the threads the program left running.
    static WAITING: std::cell::Cell<Option<TaskId>> = const { std::cell::Cell::new(None) };
}

/// Whether an rc11 execution runs on this OS thread: the facade's atomics then belong to it.
pub fn active() -> bool {
    EXEC.with(|e| e.borrow().is_some())
}

/// Starts an execution: the calling shuttle thread is thread 0.
pub(super) fn begin_execution(dfs: Arc<Mutex<Dfs>>) {
    PARKED.with(|p| p.borrow_mut().clear());
    // An execution dropped while its main thread waited (abandoned, or out of steps) left it set.
    WAITING.with(|w| w.set(None));
    let main = shuttle::thread::current().id();
    EXEC.with(|e| {
        *e.borrow_mut() = Some(Exec {
            graph: Graph::default(),
            dfs,
            threads: vec![Some(main)],
            ends: vec![None],
            abandoned: false,
            too_big: false,
            unsupported: None,
            deadlock: None,
            spun: false,
            sites: Vec::new(),
        })
    });
}

/// The program has returned (on the main thread): threads it spawned and never joined still run
/// to their end, as they do on shuttle and under GenMC, and their events are part of the
/// execution. The main thread waits for them without being a choice of the search.
pub(super) fn wait_for_unjoined() {
    if crate::thread::unfinished() == 0 {
        return;
    }
    WAITING.with(|w| w.set(Some(shuttle::current::me())));
    while crate::thread::unfinished() > 0 {
        shuttle::thread::yield_now();
    }
    WAITING.with(|w| w.set(None));
}

/// Ends the execution on this OS thread and returns its state.
pub(super) fn end_execution() -> Option<Exec> {
    EXEC.with(|e| e.borrow_mut().take())
}

/// Notes that a facade object the model does not cover was used, before the facade stops the run.
pub fn unsupported(why: &'static str) {
    EXEC.with(|e| {
        if let Some(exec) = e.borrow_mut().as_mut() {
            exec.unsupported.get_or_insert(why);
        }
    });
}

/// A scheduling point: another thread may run before the calling one goes on.
///
/// Only reads are scheduling points (and what shuttle schedules at itself: spawn, join, a thread's
/// end). That loses no execution: a graph is consistent only if `sb ∪ rf` is acyclic, so some
/// thread's next event can always run with what it reads already written, and running writes
/// and fences as early as possible only makes more writes available to reads, which still choose
/// what they read. A thread need never be switched away from before a write or a fence.
///
/// Going further the same way, every thread runs ahead to its next read before any read is
/// chosen: a scheduling point switches, without a choice, to a thread that is not parked at a
/// read, and only when every runnable thread is parked at one does the search choose which reads
/// next. What is left to explore is the order of reads, and what each reads.
fn schedule() {
    let me = shuttle::current::me();
    PARKED.with(|p| p.borrow_mut().push(me));
    AT_READ.with(|r| r.set(true));
    shuttle::thread::sleep(Duration::ZERO);
    AT_READ.with(|r| r.set(false));
    PARKED.with(|p| p.borrow_mut().retain(|&t| t != me));
}

fn with<T>(f: impl FnOnce(&mut Exec) -> T) -> T {
    EXEC.with(|e| f(e.borrow_mut().as_mut().expect("an rc11 execution is running")))
}

impl Exec {
    /// Cuts the execution if the read at `at` is thread `thread`'s [`SPIN_BOUND`]th read in a row
    /// of the same write, with no other event of its own in between.
    fn spin_check(&mut self, thread: Thread, at: usize, site: Site) {
        self.sites.push((at, site));
        let events = &self.graph.events;
        let (loc, rf) = (events[at].loc, events[at].rf);
        let site_of = |i: usize| self.sites.iter().rev().find(|&&(e, _)| e == i).map(|&(_, s)| s);
        let mine = (0..=at).rev().filter(|&i| events[i].thread == thread);
        let repeats = mine
            .take_while(|&i| {
                let e = &events[i];
                e.kind == Kind::Read && e.loc == loc && e.rf == rf && site_of(i) == Some(site)
            })
            .count();
        if repeats >= SPIN_BOUND {
            self.abandoned = true;
            self.spun = true;
        }
    }

    fn current(&self) -> Thread {
        let me = shuttle::thread::current().id();
        self.threads.iter().position(|&t| t == Some(me)).expect("every modelled thread is registered")
    }

    fn choose(&mut self, options: usize) -> usize {
        self.dfs.lock().unwrap().choose(options)
    }

    /// Adds `event` with the first consistent of `placements` the search picks: each placement
    /// fills in the event's read and its place in modification order. Returns the event's index,
    /// or `None` when the execution was abandoned.
    fn add_choosing(
        &mut self,
        event: Event,
        placements: Vec<(Option<usize>, Option<usize>)>,
    ) -> Option<usize> {
        if self.abandoned {
            return None;
        }
        if self.graph.events.len() >= MAX_EVENTS {
            self.too_big = true;
            self.abandoned = true;
            return None;
        }
        // Spawning, beginning, ending and joining only add `hb` edges into events not yet added;
        // taking or releasing a lock reads (if anything) the lock's last write and goes last in its
        // modification order, so every edge it adds ends at it: none of these can close a cycle
        // or break an axiom, and they need no check.
        let sync = matches!(event.kind, Kind::Spawn | Kind::Begin | Kind::End | Kind::Join)
            || event.loc.is_some_and(|l| self.graph.hidden[l]);
        let consistent: Vec<(Option<usize>, Option<usize>)> = placements
            .into_iter()
            .filter(|&placement| {
                if sync {
                    return true;
                }
                self.apply(&event, placement);
                let ok = model::violated(&self.graph).is_none();
                self.graph.pop();
                ok
            })
            .collect();
        if consistent.is_empty() {
            self.abandoned = true;
            return None;
        }
        let i = self.choose(consistent.len());
        Some(self.apply(&event, consistent[i]))
    }

    /// Adds `event` reading from `rf` (its value taken from there for a read) and placed at
    /// `position` in modification order.
    fn apply(&mut self, event: &Event, (rf, position): (Option<usize>, Option<usize>)) -> usize {
        let mut e = event.clone();
        e.rf = rf;
        if e.kind == Kind::Read
            && let Some(w) = rf
        {
            e.value = self.graph.events[w].value;
        }
        let at = self.graph.add(e);
        if let Some(p) = position {
            self.graph.place(at, p);
        }
        at
    }
}

/// A new atomic location holding `value`: an initial write, before everything.
pub fn new_location(name: &str, value: i128) -> usize {
    with(|x| x.graph.add_location(name, value))
}

/// A new lock's hidden location (see [`acquired`]).
pub fn new_lock() -> usize {
    with(|x| x.graph.add_lock())
}

/// A load: it reads from any write of the location that keeps the graph consistent.
pub fn load(loc: usize, order: Ordering, site: Site) -> i128 {
    schedule();
    with(|x| {
        let thread = x.current();
        let event = Event { thread, kind: Kind::Read, loc: Some(loc), order, value: 0, rf: None };
        let placements = x.graph.mo[loc].iter().map(|&w| (Some(w), None)).collect();
        match x.add_choosing(event, placements) {
            Some(at) => {
                x.spin_check(thread, at, site);
                x.graph.events[at].value
            }
            None => 0,
        }
    })
}

/// How many times in a row a thread may read the same write of a location at the same place in
/// its code (one load, or one compare-exchange, in a loop), with nothing of its own in between,
/// before the execution is cut as a spin loop that made no progress.
///
/// Such a loop's later iterations add nothing: the execution in which it reads a newer write
/// sooner, or runs after the thread it waits for, is explored from an earlier choice (GenMC
/// discards these executions the same way). Reads at different places (straight-line code
/// reading a location four times) are never cut; a loop that reads one location a fixed number
/// of times is, past the bound, which every report that cuts an execution states.
pub const SPIN_BOUND: usize = 4;

/// A store: it goes anywhere in the location's modification order after its initial write.
pub fn store(loc: usize, value: i128, order: Ordering) {
    with(|x| {
        let thread = x.current();
        let event = Event { thread, kind: Kind::Write, loc: Some(loc), order, value, rf: None };
        let placements = (1..=x.graph.mo[loc].len()).map(|p| (None, Some(p))).collect();
        x.add_choosing(event, placements);
    });
}

/// A read-modify-write that always writes (`swap`, `fetch_*`): it reads some write of the location
/// and takes the place right after it in modification order. Returns the value it read.
pub fn rmw(loc: usize, order: Ordering, update: &dyn Fn(i128) -> i128) -> i128 {
    update_if(loc, order, order, &|old| Some(update(old)), None).unwrap_or_else(|old| old)
}

/// A compare-exchange: it writes `new` after a write holding `current` (`Ok` with the value read),
/// or only reads, with the `failure` ordering (`Err` with the value read). A weak one is modelled
/// as a strong one: it never fails spuriously.
pub fn compare_exchange(
    loc: usize,
    current: i128,
    new: i128,
    success: Ordering,
    failure: Ordering,
    site: Site,
) -> Result<i128, i128> {
    update_if(loc, success, failure, &|old| (old == current).then_some(new), Some(site))
}

fn update_if(
    loc: usize,
    success: Ordering,
    failure: Ordering,
    update: &dyn Fn(i128) -> Option<i128>,
    site: Option<Site>,
) -> Result<i128, i128> {
    schedule();
    with(|x| {
        let thread = x.current();
        let writes = x.graph.mo[loc].clone();
        // Each write it may read gives one event: a read-modify-write right after it, or a read.
        let mut options = Vec::new();
        for (position, &w) in writes.iter().enumerate() {
            let old = x.graph.events[w].value;
            options.push(match update(old) {
                Some(new) => (Kind::Rmw, success, new, w, Some(position + 1), old),
                None => (Kind::Read, failure, old, w, None, old),
            });
        }
        if x.abandoned || x.graph.events.len() >= MAX_EVENTS {
            x.too_big |= x.graph.events.len() >= MAX_EVENTS;
            x.abandoned = true;
            return Err(0);
        }
        let consistent: Vec<_> = options
            .into_iter()
            .filter(|&(kind, order, value, w, position, _)| {
                let event = Event { thread, kind, loc: Some(loc), order, value, rf: None };
                x.apply(&event, (Some(w), position));
                let ok = model::violated(&x.graph).is_none();
                x.graph.pop();
                ok
            })
            .collect();
        if consistent.is_empty() {
            x.abandoned = true;
            return Err(0);
        }
        let (kind, order, value, w, position, old) = consistent[x.choose(consistent.len())];
        let event = Event { thread, kind, loc: Some(loc), order, value, rf: None };
        let at = x.apply(&event, (Some(w), position));
        // A compare-exchange that keeps failing on the same write is a spin loop too.
        if let (Kind::Read, Some(site)) = (kind, site) {
            x.spin_check(thread, at, site);
        }
        if kind == Kind::Rmw { Ok(old) } else { Err(old) }
    })
}

/// A fence.
pub fn fence(order: Ordering) {
    with(|x| {
        let thread = x.current();
        let event = Event { thread, kind: Kind::Fence, loc: None, order, value: 0, rf: None };
        x.add_choosing(event, vec![(None, None)]);
    });
}

/// A thread about to spawn another: returns the child's index and the spawn event, which
/// [`begin`] orders before the child's first event.
pub fn spawn() -> (Thread, Option<usize>) {
    with(|x| {
        let thread = x.current();
        let child = x.threads.len();
        x.threads.push(None);
        x.ends.push(None);
        let event =
            Event { thread, kind: Kind::Spawn, loc: None, order: Ordering::Relaxed, value: 0, rf: None };
        (child, x.add_choosing(event, vec![(None, None)]))
    })
}

/// The calling shuttle thread is modelled thread `child`, spawned by event `spawned`.
pub fn begin(child: Thread, spawned: Option<usize>) {
    with(|x| {
        x.threads[child] = Some(shuttle::thread::current().id());
        let event = Event {
            thread: child,
            kind: Kind::Begin,
            loc: None,
            order: Ordering::Relaxed,
            value: 0,
            rf: None,
        };
        if let (Some(at), Some(spawned)) = (x.add_choosing(event, vec![(None, None)]), spawned) {
            x.graph.asw.push((spawned, at));
        }
    });
}

/// The calling thread is done.
pub fn end() {
    with(|x| {
        let thread = x.current();
        let event =
            Event { thread, kind: Kind::End, loc: None, order: Ordering::Relaxed, value: 0, rf: None };
        x.ends[thread] = x.add_choosing(event, vec![(None, None)]);
    });
}

/// The calling thread has joined thread `child`: everything the child did is before what follows.
pub fn join(child: Thread) {
    with(|x| {
        let thread = x.current();
        let event =
            Event { thread, kind: Kind::Join, loc: None, order: Ordering::Relaxed, value: 0, rf: None };
        if let (Some(at), Some(Some(end))) =
            (x.add_choosing(event, vec![(None, None)]), x.ends.get(child).copied())
        {
            x.graph.asw.push((end, at));
        }
    });
}

/// Stops an rc11 run at a facade object the model does not cover yet (`what` says which): the
/// report then says the program was not run, and why.
pub fn refuse_if_active(what: &'static str) {
    if active() {
        unsupported(what);
        std::panic::panic_any(crate::rt::Unsupported(what));
    }
}

/// A thread about to do something whose timing against other threads decides what happens, as a
/// read's does: take a lock (it reads the lock's last release), or notify a condition variable
/// (a wait that comes later misses it). The search chooses when, as it chooses reads.
pub fn choice_point() {
    if active() {
        schedule();
    }
}

/// The calling thread took the lock whose hidden location is `loc`: an acquire read-modify-write
/// of the last release, so everything before that release happens before what follows.
pub fn acquired(loc: usize) {
    if !active() {
        return;
    }
    with(|x| {
        let thread = x.current();
        let last = *x.graph.mo[loc].last().expect("a location has its initial write");
        let position = x.graph.mo[loc].len();
        let event =
            Event { thread, kind: Kind::Rmw, loc: Some(loc), order: Ordering::AcqRel, value: 1, rf: None };
        x.add_choosing(event, vec![(Some(last), Some(position))]);
    });
}

/// The calling thread released the lock whose hidden location is `loc`: a release write, last in
/// the lock's modification order.
pub fn released(loc: usize) {
    if !active() {
        return;
    }
    with(|x| {
        let thread = x.current();
        let position = x.graph.mo[loc].len();
        let event =
            Event { thread, kind: Kind::Write, loc: Some(loc), order: Ordering::Release, value: 0, rf: None };
        x.add_choosing(event, vec![(None, Some(position))]);
    });
}

/// The calling thread waits on a condition variable: once woken it is a choice like a thread at
/// a read, so that who takes the lock next is searched, not left to whoever runs ahead.
pub fn park_waiter() {
    let me = shuttle::current::me();
    PARKED.with(|p| p.borrow_mut().push(me));
}

/// The calling thread is done waiting (see [`park_waiter`]).
pub fn unpark_waiter() {
    let me = shuttle::current::me();
    PARKED.with(|p| p.borrow_mut().retain(|&t| t != me));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_keeps_the_first_execution_of_each_graph_and_nothing_of_a_repeat() {
        let mut found = Found::default();
        found.add("g1".into(), Outcome::label("a"), Trace::default());
        found.add("g2".into(), Outcome::label("b"), Trace::default());
        found.add("g1".into(), Outcome::label("c"), Trace::default());
        let outcomes: Vec<String> = found.executions.iter().map(|(o, _)| o.id()).collect();
        assert_eq!(outcomes, ["a", "b"]);
    }
}
