//! The rc11 backend: every execution the RC11 memory model allows, each counted once.
//!
//! loom treats `SeqCst` accesses as `AcqRel`, and shuttle runs every access as `SeqCst`; neither
//! can decide a program that mixes orderings. This backend decides it exactly, for the model C++20
//! and Rust follow (RC11: Lahav et al., PLDI 2017), the way GenMC does for C:
//! - [`graph`]: an execution as a graph of events, with the write each read reads from (`rf`)
//!   and each location's modification order (`mo`);
//! - [`model`]: RC11's axioms over such a graph, line by line beside herdtools7's `rc11.cat`;
//! - [`run`]: the program re-executed under a depth-first search of every choice an execution
//!   makes (which thread runs, which write a read reads, where a write goes in `mo`), keeping
//!   only consistent graphs. shuttle hosts the threads; the memory model is racelab's own.
//!
//! Different schedules build the same graph, so the search counts each graph once, by its key:
//! `executions` is the number of distinct consistent graphs (GenMC's count), `explored` the
//! schedules run to get them. GenMC's TruSt explores each graph exactly once; this search is the
//! simpler exhaustive one, and says how much more it ran.
//!
//! What it models so far: atomics of every width (load, store, swap, compare-exchange, `fetch_*`),
//! fences of every ordering, thread spawn and join, `Mutex` (taking a lock is an acquire
//! read-modify-write of its last release) and `Condvar` (a wait releases and retakes the lock);
//! channels, which racelab builds from those two; a deadlock is the outcome `deadlock`. A program
//! that uses a racelab `RwLock` or async tasks is not run yet, and the report says so.

pub mod graph;
pub mod model;
pub mod run;

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use shuttle::{Config, FailurePersistence, MaxSteps, Runner};

use crate::backend::{Backend, Observation};
use crate::outcome::Outcome;
use crate::rt::{self, Engine};
use crate::scenario::Program;
use crate::trace;

pub use run::active;

/// The schedules the search runs before it is cut short, unless told otherwise: about 15 s at
/// the slowest measured (a thread pool, 280 µs a schedule), well within a check's deadline.
pub const DEFAULT_MAX_EXPLORED: u64 = 50_000;

/// How far the rc11 search may go.
#[derive(Clone, Debug)]
pub struct Rc11Config {
    /// Schedules run before the search is cut short and reported incomplete.
    pub max_explored: u64,
    /// Steps one execution may take before it counts as `hang` (a spin loop without end).
    pub max_steps: usize,
}

impl Default for Rc11Config {
    fn default() -> Self {
        Rc11Config { max_explored: DEFAULT_MAX_EXPLORED, max_steps: 10_000 }
    }
}

impl Rc11Config {
    /// How the search runs, for a report's header.
    pub fn describe(&self) -> String {
        let mut text = "exact, every RC11-consistent execution".to_string();
        if self.max_explored != DEFAULT_MAX_EXPLORED {
            text.push_str(&format!(", budget of {} schedules", self.max_explored));
        }
        text
    }
}

/// Explores every RC11-consistent execution of `program`.
pub fn explore(program: &'static dyn Program, config: &Rc11Config) -> Observation {
    let _quiet = rt::quiet();
    let start = Instant::now();
    let mut o = Observation::new(Backend::Rc11, config.describe(), vec![]);
    let dfs = Arc::new(Mutex::new(run::Dfs::default()));
    let mut shuttle_config = Config::new();
    shuttle_config.failure_persistence = FailurePersistence::None;
    shuttle_config.max_steps = MaxSteps::ContinueAfter(config.max_steps);
    shuttle_config.silence_warnings = true;
    let search = run::Search { dfs: dfs.clone(), budget: config.max_explored };
    let runner = Runner::new(search, shuttle_config);
    let body_dfs = dfs.clone();
    rt::take_orderings();
    let result = {
        let _engine = rt::enter(Engine::Shuttle);
        panic::catch_unwind(AssertUnwindSafe(|| {
            runner.run(move || {
                crate::thread::reset_unfinished();
                // The sentinel: task 1, see `run::SENTINEL`.
                let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
                let sentinel_done = done.clone();
                shuttle::thread::spawn(move || {
                    while !sentinel_done.load(std::sync::atomic::Ordering::SeqCst) {
                        shuttle::thread::yield_now();
                    }
                });
                run::begin_execution(body_dfs.clone());
                let outcome = program.run_once();
                run::wait_for_unjoined();
                let mut trace = trace::take();
                if let Some(exec) = run::end_execution() {
                    witness(&mut trace, &exec.graph);
                    body_dfs.lock().unwrap().found.add(exec.graph.key(), outcome, trace);
                }
                done.store(true, std::sync::atomic::Ordering::SeqCst);
            })
        }))
    };
    let leftover = run::end_execution();
    o.elapsed = start.elapsed();
    o.orderings = rt::take_orderings();
    let (explored, hangs, spins) = {
        let dfs = dfs.lock().unwrap();
        (dfs.executions, dfs.hangs, dfs.spins)
    };
    if let Some(why) = leftover.as_ref().and_then(|exec| exec.unsupported) {
        o.not_run = Some(why.to_string());
        o.setting = "not run".to_string();
        return o;
    }
    let found = std::mem::take(&mut dfs.lock().unwrap().found.executions);
    for (outcome, trace) in found {
        o.executions += 1;
        o.count(&outcome, 0, 1, Some(trace), None);
    }
    if hangs > 0 {
        o.count(&Outcome::Hang, 0, hangs, None, None);
    }
    if spins > 0 {
        // Cut spin loops are redundant executions, unless nothing else ever finished: then the
        // program cannot finish without spinning for ever.
        if o.executions == 0 {
            o.count(&Outcome::Hang, 0, spins, None, None);
        }
        o.stopped = Some(format!(
            "{spins} executions cut at a spin loop: a thread read the same write {} times in a row \
             (run::SPIN_BOUND)",
            run::SPIN_BOUND
        ));
    }
    o.explored = explored;
    match result {
        Err(payload) => o.failure = Some(format!("rc11 failed: {}", rt::panic_message(payload.as_ref()))),
        Ok(_) if explored >= config.max_explored => {
            let limit = Outcome::CheckerLimit(format!("rc11's budget of {} schedules", config.max_explored));
            o.count(&limit, 0, 1, None, None);
            o.stopped = Some(format!(
                "budget of {} schedules used up before the search finished: what it did not reach is unknown",
                config.max_explored
            ));
        }
        Ok(_) => {
            o.exhaustive = true;
            o.scope = Some("consistent with RC11".to_string());
        }
    }
    o
}

/// Makes a trace the witness of its execution graph: each read says which write it read from
/// (`[from t2]`, `[from init]`), the modification order shown is the graph's own, and the graph
/// goes along in Graphviz's dot language (`racelab check --dot FILE`).
fn witness(trace: &mut trace::Trace, graph: &graph::Graph) {
    let accesses: Vec<usize> = graph.accesses().collect();
    let recorded = trace.events.iter().filter(|e| e.access.is_some()).count() + trace.observer.len();
    if accesses.len() == recorded {
        let events = trace.events.iter_mut().filter(|e| e.access.is_some()).chain(trace.observer.iter_mut());
        for (event, &at) in events.zip(&accesses) {
            if let Some(w) = graph.events[at].rf {
                let from = match graph.events[w].thread {
                    graph::INIT => "init".to_string(),
                    t => trace.actors.get(t).cloned().unwrap_or_else(|| format!("thread {t}")),
                };
                event.text.push_str(&format!("  [from {from}]"));
            }
        }
    }
    let column = |t: graph::Thread| trace.actors.get(t).cloned().unwrap_or_else(|| format!("thread {t}"));
    trace.modification_order = graph
        .mo
        .iter()
        .enumerate()
        .filter(|&(loc, order)| !graph.hidden[loc] && order.len() > 1)
        .map(|(loc, order)| {
            let stores = order[1..]
                .iter()
                .map(|&w| format!("{} ({})", graph.events[w].value, column(graph.events[w].thread)));
            (graph.names[loc].clone(), stores.collect())
        })
        .collect();
    trace.dot = Some(graph.dot(&trace.actors));
}
