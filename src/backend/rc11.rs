//! The rc11 backend: the driver of racelab's exact RC11 checker ([`crate::rc11`]), which runs a
//! whole search of a program and says what it found.
//!
//! The engine is rc11's own (its graph, its consistency checks, its search, and the hooks the
//! facade calls); this is what [`super::loom`] is to loom: the loop over executions, and the
//! [`Observation`] filled in from what the search counted.

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use shuttle::{Config, FailurePersistence, MaxSteps, Runner};

use super::{Backend, Observation};
use crate::model::outcome::Outcome;
use crate::model::program::Program;
use crate::rc11::model::MAX_EVENTS;
use crate::rc11::run::{search, shared, state};
use crate::rt::{self, Engine, actor};
use crate::term;

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
    let shared = Arc::new(Mutex::new(shared::Shared::default()));
    let mut shuttle_config = Config::new();
    shuttle_config.failure_persistence = FailurePersistence::None;
    shuttle_config.max_steps = MaxSteps::ContinueAfter(config.max_steps);
    shuttle_config.silence_warnings = true;
    let search = search::Search { shared: shared.clone(), budget: config.max_explored };
    let runner = Runner::new(search, shuttle_config);
    let body_shared = shared.clone();
    rt::take_orderings();
    let result = {
        let _engine = rt::enter(Engine::Rc11);
        panic::catch_unwind(AssertUnwindSafe(|| {
            runner.run(move || {
                actor::reset_unfinished();
                search::begin_execution(body_shared.clone());
                // Nothing to do for a run that is over (`rt::RunOver`): it is concluded as the
                // next one begins.
                let _ = state::contain(|| {
                    let outcome = program.run_once();
                    search::wait_for_unjoined();
                    search::complete(outcome);
                });
            })
        }))
    };
    search::end_search();
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
        let limit = Outcome::CheckerLimit(format!("an execution of more than {} events", MAX_EVENTS));
        o.count(&limit, 0, shared.too_big, None, None);
    }
    let unfinished = !shared.stack.is_empty();
    match (result, &shared.nondeterministic) {
        (Err(payload), _) => {
            o.failure = Some(format!("rc11 failed: {}", rt::panic_message(payload.as_ref())))
        }
        (Ok(_), Some(what)) => o.failure = Some(format!("rc11 failed: {what}")),
        (Ok(_), None) if unfinished => {
            let limit =
                Outcome::CheckerLimit(format!("rc11's budget of {} runs", term::count(config.max_explored)));
            o.count(&limit, 0, 1, None, None);
            o.stopped = Some(format!(
                "budget of {} runs used up before the search finished: what it did not reach is unknown",
                term::count(config.max_explored)
            ));
        }
        (Ok(_), None) => {
            o.exhaustive = shared.too_big == 0;
            o.scope = Some("consistent with RC11".to_string());
        }
    }
    o
}
