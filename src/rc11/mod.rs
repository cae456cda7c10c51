//! The rc11 backend: every execution the RC11 memory model allows, each built once.
//!
//! loom treats `SeqCst` accesses as `AcqRel`, and shuttle runs every access as `SeqCst`; neither
//! can decide a program that mixes orderings. This backend decides it exactly, for the model C++20
//! and Rust follow (RC11: Lahav et al., PLDI 2017), the way GenMC does for C:
//! - [`graph`]: an execution as a graph of events, with the write each read reads from (`rf`)
//!   and each location's modification order (`mo`);
//! - [`model`]: RC11's axioms over such a graph, line by line beside herdtools7's `rc11.cat`, and
//!   [`check`], the same axioms computed fast for the search, held to [`model`] by a test;
//! - [`trust`]: the search's steps over graphs, after GenMC's TruSt (POPL 2022): each new read
//!   reads every write it consistently can, each new write goes every consistent place in `mo`
//!   and *revisits* the reads added before it that may read it, so that every consistent graph is
//!   built exactly once, keeping only a stack of graphs still to visit;
//! - [`run`]: the program re-executed, once per graph on the stack, replaying it and going on from
//!   its end. shuttle hosts the threads as coroutines; the memory model and every choice are
//!   racelab's own;
//! - [`locks`]: `Mutex`, `Condvar` and `RwLock` as read-modify-writes of hidden locations, so that
//!   lock order and which waiter a notification wakes are searched like any read;
//! - [`tasks`]: async tasks, each a modelled thread on shuttle's executor, whose end is a hidden
//!   location its handle's polls read.
//!
//! `executions` is the number of distinct consistent graphs, GenMC's count (`tests/genmc.rs`
//! checks forty of GenMC's own, `tests/rc11.rs` its Mutex test); `explored` the runs made to
//! build them: one per graph on every program of the catalogue. A run can still end blocked on a
//! write a newer one supersedes (a lock's read its thread had to add with nobody else able to go
//! on, [`run::update_blocking`]); it is counted in `explored` only. A graph built twice would be
//! a bug, counted and reported.
//!
//! What it models: atomics of every width with every operation, fences of every ordering, thread
//! spawn and join, `Mutex`, `RwLock`, `Condvar` and the channels racelab builds from them, panics;
//! every thread blocked is the outcome `deadlock`, a spin loop that can only spin is `hang`
//! ([`run::SPIN_BOUND`]); async tasks with `spawn`, `block_on`, `yield_now` and `select!`.

pub mod check;
pub mod graph;
pub mod locks;
pub mod model;
pub mod run;
pub mod tasks;
pub mod trust;

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

/// The runs the search makes before it is cut short, unless told otherwise: a few seconds to a
/// minute of search. Enough for every catalogue scenario but the pools that hand results back
/// through a channel (`order_01`'s `broken` and `keyed`: more than 124,000 consistent executions
/// in 300,000 runs, and not finished), whose reports say where the budget ran out.
pub const DEFAULT_MAX_EXPLORED: u64 = 100_000;

/// How far the rc11 search may go.
#[derive(Clone, Debug)]
pub struct Rc11Config {
    /// Runs made before the search is cut short and reported incomplete.
    pub max_explored: u64,
    /// Scheduling steps one run may take before it counts as `hang` (a loop without end).
    pub max_steps: usize,
}

impl Default for Rc11Config {
    fn default() -> Self {
        Rc11Config { max_explored: DEFAULT_MAX_EXPLORED, max_steps: 10_000 }
    }
}

impl Rc11Config {
    /// How the search runs, for a report's header. The budget is not part of it: a search that
    /// finishes is the same search under any budget, and one that does not says so on a line of
    /// its own, with the budget it used up.
    pub fn describe(&self) -> String {
        "exact, every RC11-consistent execution".to_string()
    }
}

/// Explores every RC11-consistent execution of `program`.
pub fn explore(program: &'static dyn Program, config: &Rc11Config) -> Observation {
    let _quiet = (std::env::var_os("RC11_LOUD").is_none()).then(rt::quiet);
    let start = Instant::now();
    let mut o = Observation::new(Backend::Rc11, config.describe(), vec![]);
    let shared = Arc::new(Mutex::new(run::Shared::default()));
    let mut shuttle_config = Config::new();
    shuttle_config.failure_persistence = FailurePersistence::None;
    shuttle_config.max_steps = MaxSteps::ContinueAfter(config.max_steps);
    shuttle_config.silence_warnings = true;
    let search = run::Search { shared: shared.clone(), budget: config.max_explored };
    let runner = Runner::new(search, shuttle_config);
    let body_shared = shared.clone();
    rt::take_orderings();
    let result = {
        let _engine = rt::enter(Engine::Rc11);
        panic::catch_unwind(AssertUnwindSafe(|| {
            runner.run(move || {
                crate::thread::reset_unfinished();
                run::begin_execution(body_shared.clone());
                // Nothing to do for a run that is over (`run::RunOver`): it is concluded as the
                // next one begins.
                let _ = run::contain(|| {
                    let outcome = program.run_once();
                    run::wait_for_unjoined();
                    run::complete(outcome);
                });
            })
        }))
    };
    drop(run::end_execution());
    o.elapsed = start.elapsed();
    o.orderings = rt::take_orderings();
    let mut shared = shared.lock().unwrap();
    if let Some(why) = shared.unsupported {
        o.not_run = Some(why.to_string());
        o.setting = "not run".to_string();
        return o;
    }
    for (outcome, count, trace) in std::mem::take(&mut shared.found.outcomes) {
        o.executions += count;
        o.count(&outcome, 0, count, Some(trace), None);
    }
    o.explored = shared.runs;
    o.duplicates = shared.found.duplicates;
    if shared.out_of_steps > 0 {
        o.count(&Outcome::Hang, 0, shared.out_of_steps, None, None);
    }
    if shared.too_big > 0 {
        let limit = Outcome::CheckerLimit(format!("an execution of more than {} events", model::MAX_EVENTS));
        o.count(&limit, 0, shared.too_big, None, None);
    }
    let unfinished = !shared.stack.is_empty();
    match (result, &shared.nondeterministic) {
        (Err(payload), _) => {
            o.failure = Some(format!("rc11 failed: {}", rt::panic_message(payload.as_ref())))
        }
        (Ok(_), Some(what)) => o.failure = Some(format!("rc11 failed: {what}")),
        (Ok(_), None) if unfinished => {
            let limit = Outcome::CheckerLimit(format!(
                "rc11's budget of {} runs",
                crate::term::count(config.max_explored)
            ));
            o.count(&limit, 0, 1, None, None);
            o.stopped = Some(format!(
                "budget of {} runs used up before the search finished: what it did not reach is unknown",
                crate::term::count(config.max_explored)
            ));
        }
        (Ok(_), None) => {
            o.exhaustive = shared.too_big == 0;
            o.scope = Some("consistent with RC11".to_string());
        }
    }
    o
}

/// Makes a trace the witness of its execution graph: each read says which write it read from
/// (`[from t2]`, `[from init]`), the modification order shown is the graph's own, and the graph
/// goes along in Graphviz's dot language (`racelab check --dot FILE`). `columns` gives each
/// modelled thread's column in the trace: a thread's accesses in the graph and in its column are
/// matched in program order (the observer's loads are the main thread's last).
pub(crate) fn witness(trace: &mut trace::Trace, graph: &graph::Graph, columns: &[Option<usize>]) {
    let name = |t: graph::Thread| {
        columns
            .get(t)
            .copied()
            .flatten()
            .and_then(|c| trace.actors.get(c).cloned())
            .unwrap_or_else(|| format!("thread {t}"))
    };
    let names: Vec<String> = (0..columns.len()).map(name).collect();
    let mut notes: Vec<(usize, bool, String)> = Vec::new();
    for (t, column) in columns.iter().enumerate() {
        let Some(column) = *column else { continue };
        let accesses = graph.traced_accesses(t);
        let recorded = trace.events.iter().filter(|e| e.actor == column && e.access.is_some()).count()
            + if t == 0 { trace.observer.len() } else { 0 };
        if accesses.len() != recorded {
            continue;
        }
        let mut in_column = trace
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.actor == column && e.access.is_some())
            .map(|(i, _)| (i, false))
            .collect::<Vec<_>>();
        if t == 0 {
            in_column.extend((0..trace.observer.len()).map(|i| (i, true)));
        }
        for (&at, &(i, observer)) in accesses.iter().zip(&in_column) {
            let read = graph.read_part(at).unwrap_or(at);
            if let Some(w) = graph.events[read].rf {
                let from = match graph.events[w].kind {
                    graph::Kind::Init => "init".to_string(),
                    _ => names
                        .get(graph.events[w].thread)
                        .cloned()
                        .unwrap_or_else(|| format!("thread {}", graph.events[w].thread)),
                };
                notes.push((i, observer, format!("  [from {from}]")));
            }
        }
    }
    for (i, observer, note) in notes {
        let event = if observer { &mut trace.observer[i] } else { &mut trace.events[i] };
        event.text.push_str(&note);
    }
    trace.modification_order = graph
        .mo
        .iter()
        .enumerate()
        .filter(|&(loc, order)| !graph.hidden[loc] && order.len() > 1)
        .map(|(loc, order)| {
            let stores = order[1..].iter().map(|&w| {
                format!(
                    "{} ({})",
                    graph.value_text(w),
                    names.get(graph.events[w].thread).cloned().unwrap_or_default()
                )
            });
            (graph.names[loc].to_string(), stores.collect())
        })
        .collect();
    trace.dot = Some(graph.dot(&names));
}
