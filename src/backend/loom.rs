//! The loom backend: every interleaving within a preemption bound, under the C11 memory model.
//!
//! loom itself stops at the first failure and reports nothing on success, so the runner does its
//! own bookkeeping: it counts executions as they start, records each one's outcome and keeps the
//! trace of the first execution to reach it. Three things end a search early, and each is reported
//! as such, never as a clean pass:
//! - a deadlock: loom reports it by panicking out of the whole search, so the outcome `deadlock`
//!   is recorded with its trace, and exploration ends there;
//! - the execution budget ([`LoomConfig::max_executions`]), enforced here, at the start of an
//!   execution, because loom checks its own limits only every `checkpoint_interval` executions and
//!   then returns as if it had finished (seen with loom 0.7.2's `max_permutations` and
//!   `max_duration`: a search cut short passed silently);
//! - any other failure of loom's own (too many branches, a leak).

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::{Backend, Observation};
use crate::model::outcome::Outcome;
use crate::model::program::Program;
use crate::rt::record;
use crate::rt::{self, BudgetExhausted, Engine, TimeUp};

/// The executions loom explores before a search is cut short, unless told otherwise.
pub const DEFAULT_MAX_EXECUTIONS: u64 = 200_000;

/// How loom searches.
#[derive(Clone, Debug)]
pub struct LoomConfig {
    /// At most this many preemptions per execution (see
    /// [`crate::model::scenario::DEFAULT_PREEMPTION_BOUND`]).
    pub preemption_bound: usize,
    /// The scenario's own bound, where `preemption_bound` was set over it for this run.
    pub scenario_bound: Option<usize>,
    /// Executions explored before the search is cut short and reported incomplete.
    pub max_executions: u64,
    /// loom's limit on scheduling decisions in one execution.
    pub max_branches: usize,
    /// Search with no preemption bound at all (an escalation, [`crate::check::widen`]): loom's own
    /// order then reaches deep schedules early.
    pub unbounded: bool,
    /// Stop when this moment passes, at the start of an execution (an escalation's time budget).
    pub deadline: Option<Instant>,
}

impl LoomConfig {
    /// The defaults, with the given preemption bound.
    pub fn with_bound(preemption_bound: usize) -> Self {
        LoomConfig {
            preemption_bound,
            scenario_bound: None,
            max_executions: DEFAULT_MAX_EXECUTIONS,
            max_branches: 10_000,
            unbounded: false,
            deadline: None,
        }
    }

    /// How the search runs, for a report's header: `exhaustive, preemption bound 2`, followed by
    /// whatever differs from the scenario's defaults (`instead of the scenario's 2`, `budget of
    /// 5000 executions`).
    pub fn describe(&self) -> String {
        let mut text = if self.unbounded {
            "exhaustive, no preemption bound".to_string()
        } else {
            format!("exhaustive, preemption bound {}", self.preemption_bound)
        };
        if let Some(own) = self.scenario_bound.filter(|&own| own != self.preemption_bound) {
            text.push_str(&format!(" instead of the scenario's {own}"));
        }
        if self.max_executions != DEFAULT_MAX_EXECUTIONS {
            text.push_str(&format!(", budget of {} executions", self.max_executions));
        }
        text
    }
}

/// Explores `program` with loom and returns every outcome reached.
pub fn explore(program: &'static dyn Program, config: &LoomConfig) -> Observation {
    let _quiet = rt::quiet();
    let setting = config.describe();
    let observation = Arc::new(Mutex::new(Observation::new(Backend::Loom, setting, vec![])));

    let mut builder = loom::model::Builder::new();
    // Set every field, so that LOOM_* environment variables cannot change a report behind its back.
    builder.preemption_bound = (!config.unbounded).then_some(config.preemption_bound);
    builder.max_branches = config.max_branches;
    builder.max_permutations = None;
    builder.max_duration = None;
    builder.checkpoint_file = None;
    builder.checkpoint_interval = usize::MAX;
    builder.log = false;
    builder.location = false;

    let threads = builder.max_threads;
    rt::take_orderings(); // forget what an earlier run on this OS thread used
    let start = Instant::now();
    let (seen, budget, deadline) = (observation.clone(), config.max_executions, config.deadline);
    let result = {
        let _engine = rt::enter(Engine::Loom);
        panic::catch_unwind(AssertUnwindSafe(|| {
            builder.check(move || {
                let n = {
                    let mut o = seen.lock().unwrap();
                    o.executions += 1;
                    o.executions
                };
                if n > budget {
                    panic::panic_any(BudgetExhausted);
                }
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    panic::panic_any(TimeUp);
                }
                let outcome = program.run_once();
                let witness = record::take();
                seen.lock().unwrap().count(&outcome, 0, 1, Some(witness), None);
            })
        }))
    };
    crate::rt::deferred::DeferredRelease::forget_all();
    rt::forget_checker_panics(); // loom returned: whatever it panicked with is handled below
    let mut o = Arc::try_unwrap(observation)
        .map(|m| m.into_inner().unwrap())
        .unwrap_or_else(|shared| shared.lock().unwrap().clone());
    o.elapsed = start.elapsed();
    o.orderings = rt::take_orderings();
    match result {
        Ok(()) => {
            o.exhaustive = true;
            o.scope = Some(if config.unbounded {
                "with no preemption bound".to_string()
            } else {
                format!("within preemption bound {}", config.preemption_bound)
            });
        }
        Err(payload) if payload.is::<rt::Unsupported>() => {
            let why = payload.downcast_ref::<rt::Unsupported>().expect("just checked").0;
            o.seen.clear();
            o.executions = 0;
            o.setting = "not run".to_string();
            o.not_run = Some(why.to_string());
        }
        Err(payload) if payload.is::<TimeUp>() => {
            o.executions -= 1;
            o.stopped = Some(format!("its time budget ran out after {} executions", o.executions));
        }
        Err(payload) if payload.is::<BudgetExhausted>() => {
            o.executions -= 1;
            let limit =
                Outcome::CheckerLimit(format!("loom's budget of {} executions", config.max_executions));
            o.count(&limit, 0, 1, None, None);
            o.stopped = Some(format!(
                "budget of {} executions used up before the search finished: what it did not reach \
                 is unknown. A lower preemption bound, or fewer threads or operations, make the search \
                 smaller",
                config.max_executions
            ));
        }
        Err(payload) => {
            let message = rt::panic_message(payload.as_ref());
            let witness = record::take_blocked();
            if message.starts_with("deadlock; threads") {
                o.count(&Outcome::Deadlock, 0, 1, Some(witness), None);
                o.stopped = Some("loom stops at the first deadlock it finds".to_string());
            } else if message.starts_with(rt::LOOM_THREAD_LIMIT) {
                let limit = Outcome::CheckerLimit(format!("loom runs at most {threads} threads"));
                o.count(&limit, 0, 1, Some(witness), None);
                o.stopped = Some(format!(
                    "the program started more threads than loom can model ({threads}, its main thread \
                     included); shuttle and real threads have no such limit"
                ));
            } else if message.starts_with("Model exceeded maximum number of branches") {
                let limit = Outcome::CheckerLimit(format!(
                    "loom explores at most {} scheduling branches per execution",
                    config.max_branches
                ));
                o.count(&limit, 0, 1, Some(witness), None);
                o.stopped = Some(
                    "one execution made more scheduling decisions than loom allows: a long \
                                  loop of facade operations, or a spin loop that never gives way"
                        .to_string(),
                );
            } else if message == rt::STACK_OVERFLOW {
                o.count(&Outcome::Crashed("stack overflow".into()), 0, 1, None, None);
                o.stopped = Some(
                    "loom stops at a stack overflow (its threads run on small stacks of their own)".into(),
                );
            } else {
                o.failure = Some(format!("loom failed: {}", first_line(&message)));
            }
        }
    }
    o
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}
