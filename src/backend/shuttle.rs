//! The shuttle backend: seeded random and PCT schedules, or a depth-first search of every
//! schedule ([`Schedulers`]); every failure replayable.
//!
//! shuttle's schedulers are wrapped in `Recording`, a scheduler of our own that
//! - records each execution's scheduling decisions, which become its replay key ([`key`]);
//! - hides a sentinel task, spawned first in every execution and always runnable. shuttle reports
//!   a deadlock by failing the whole test (and printing to stderr) before any scheduler is asked;
//!   with the sentinel there, shuttle asks us instead, and when the sentinel is all that can run,
//!   the wrapper records the outcome `deadlock` and stops the execution quietly, so the search goes
//!   on and counts every outcome;
//! - stops an execution that exceeds its step bound (a livelock) and records `hang`.
//!
//! shuttle treats every atomic access as `SeqCst`, so it cannot see weak-memory bugs. The run
//! records the orderings the program used, from which [`crate::verdict::sight`] derives that a miss may be
//! a blind spot, and [`crate::report::combined`] classifies it so.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use shuttle::scheduler::{DfsScheduler, PctScheduler, RandomScheduler, Schedule, Scheduler, Task, TaskId};
use shuttle::{Config, FailurePersistence, MaxSteps, Runner};

use super::{Backend, CrossCheck, Observation};
use crate::model::outcome::Outcome;
use crate::model::program::Program;
use crate::model::trace::Trace;
use crate::rt::record;
use crate::rt::{self, Engine};

pub mod key;

/// Which of shuttle's schedulers a search runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Schedulers {
    /// Uniformly random schedules, then PCT's, each for the iterations: the default.
    #[default]
    RandomThenPct,
    /// Uniformly random schedules only.
    Random,
    /// PCT's schedules only (Burckhardt et al., ASPLOS 2010).
    Pct,
    /// Every schedule, depth first (shuttle's `DfsScheduler`): exhaustive and sequentially
    /// consistent if it finishes within the iterations, which cap it.
    Dfs,
}

impl Schedulers {
    /// The scheduler names, as `--scheduler` spells them: `random`, `pct`, `dfs`.
    pub const NAMES: [&'static str; 3] = ["random", "pct", "dfs"];

    /// The one scheduler called `name`, if any.
    pub fn named(name: &str) -> Option<Schedulers> {
        [Schedulers::Random, Schedulers::Pct, Schedulers::Dfs].into_iter().find(|s| s.name() == name)
    }

    /// How the command line and reports name the search: `random`, `pct`, `dfs`, `random then pct`.
    pub fn name(self) -> &'static str {
        match self {
            Schedulers::RandomThenPct => "random then pct",
            Schedulers::Random => "random",
            Schedulers::Pct => "pct",
            Schedulers::Dfs => "dfs",
        }
    }

    /// Whether the search runs PCT, which `pct_depth` tunes.
    pub fn runs_pct(self) -> bool {
        matches!(self, Schedulers::RandomThenPct | Schedulers::Pct)
    }

    /// Whether the search makes random choices, which `seed` seeds.
    pub fn is_seeded(self) -> bool {
        self != Schedulers::Dfs
    }
}

/// How shuttle searches.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ShuttleConfig {
    /// Which schedulers run.
    pub schedulers: Schedulers,
    /// Seed of the random and PCT schedulers.
    pub seed: u64,
    /// Executions per scheduler (DFS: the most it may take).
    pub iterations: usize,
    /// PCT's bug depth: it explores schedules with up to `depth - 1` priority changes.
    pub pct_depth: usize,
    /// Scheduling steps in one execution before it counts as a `hang`.
    pub max_steps: usize,
}

impl Default for ShuttleConfig {
    /// Seed 1; 1,000 random and 1,000 PCT iterations; PCT depth 3.
    ///
    /// Measured with shuttle 0.9.9 directly, before racelab existed: the bugs of this kind (a racy
    /// counter, an AB/BA deadlock, a condvar's `if` for `while`) were found in 1 to 11 iterations
    /// (median over seeds 1 to 20), and an iteration cost 3 to 10 µs in release: a thousand of each
    /// costs milliseconds and leaves a wide margin. PCT with depth d finds a bug of depth d with
    /// probability at least 1/(n·k^(d-1)) per execution (Burckhardt et al., ASPLOS 2010); depth 3
    /// covers the two preemptions every scenario here needs.
    fn default() -> Self {
        ShuttleConfig {
            schedulers: Schedulers::RandomThenPct,
            seed: 1,
            iterations: 1000,
            pct_depth: 3,
            max_steps: 10_000,
        }
    }
}

impl ShuttleConfig {
    /// How the search runs, for a report's header, naming any environment variable that changes it.
    ///
    /// shuttle's schedulers take `SHUTTLE_RANDOM_SEED` over the seed they are given. A check run by
    /// `racelab check` never sees it (its child's environment is cleaned, see
    /// [`crate::check::isolate::CHECKER_ENV_PREFIXES`]); a check run in-process says so here.
    ///
    /// A DFS search says here how far it may go; [`explore`] says whether it finished.
    pub fn describe(&self) -> String {
        let (depth, n, seed) = (self.pct_depth, crate::term::count(self.iterations as u64), self.seed);
        let mut setting = match self.schedulers {
            Schedulers::RandomThenPct => {
                format!("random and pct (depth {depth}), {n} iterations each, seed {seed}")
            }
            Schedulers::Random => format!("random, {n} iterations, seed {seed}"),
            Schedulers::Pct => format!("pct (depth {depth}), {n} iterations, seed {seed}"),
            Schedulers::Dfs => return format!("dfs, every interleaving up to {n} iterations"),
        };
        if let Ok(seed) = std::env::var("SHUTTLE_RANDOM_SEED") {
            setting.push_str(&format!(" (overridden: SHUTTLE_RANDOM_SEED={seed} is set)"));
        }
        setting
    }
}

/// The sentinel is the first task the execution's main task spawns (main is task 0).
const SENTINEL: usize = 1;

/// One execution, as it is being recorded.
#[derive(Default)]
struct Current {
    started: bool,
    steps: Vec<usize>,
    outcome: Option<(Outcome, Trace)>,
}

/// What the wrapper and the execution body share: they run on one OS thread, by turns.
#[derive(Default)]
struct Shared {
    current: Current,
    /// Finished executions: outcome, trace, decisions.
    finished: Vec<(Outcome, Trace, Vec<usize>)>,
    /// Set by the body when its outcome is in, so the sentinel may end.
    done: Arc<AtomicBool>,
}

impl Shared {
    fn finish_current(&mut self) {
        let current = std::mem::take(&mut self.current);
        if current.started {
            let (outcome, trace) = current.outcome.unwrap_or_else(|| (Outcome::Hang, record::take()));
            self.finished.push((outcome, trace, current.steps));
        }
    }
}

/// A scheduler wrapper that records decisions, hides the sentinel and turns deadlocks into
/// outcomes (see the module docs).
struct Recording<S> {
    inner: S,
    shared: Arc<Mutex<Shared>>,
}

impl<S: Scheduler> Scheduler for Recording<S> {
    fn new_execution(&mut self) -> Option<Schedule> {
        let mut shared = self.shared.lock().unwrap();
        shared.finish_current();
        let schedule = self.inner.new_execution()?;
        shared.current.started = true;
        shared.done.store(false, Ordering::SeqCst);
        Some(schedule)
    }

    fn next_task(
        &mut self,
        runnable: &[&Task],
        current: Option<TaskId>,
        is_yielding: bool,
    ) -> Option<TaskId> {
        let actors: Vec<&Task> =
            runnable.iter().copied().filter(|t| usize::from(t.id()) != SENTINEL).collect();
        let sentinel = || runnable.iter().map(|t| t.id()).find(|&id| usize::from(id) == SENTINEL);
        if actors.iter().any(|t| t.runnable()) {
            let choice = self.inner.next_task(&actors, current, is_yielding)?;
            self.shared.lock().unwrap().current.steps.push(choice.into());
            return Some(choice);
        }
        let mut shared = self.shared.lock().unwrap();
        if shared.done.load(Ordering::SeqCst) {
            if crate::rt::actor::unfinished() == 0 {
                return sentinel(); // the actors are done: let the sentinel finish too
            }
            // The program returned, leaving a thread blocked forever: shuttle would fail the whole
            // run as a deadlock. loom calls it a deadlock too; it is this execution's outcome.
            if let Some((outcome, trace)) = shared.current.outcome.as_mut() {
                *outcome = Outcome::Deadlock;
                let column = trace.actors.len().saturating_sub(1);
                trace.events.push(crate::model::trace::Event {
                    actor: column,
                    text: "still blocked when the program ended".into(),
                    access: None,
                });
            }
            return None;
        }
        if shared.current.outcome.is_none() {
            shared.current.outcome = Some((Outcome::Deadlock, record::take_blocked()));
        }
        None
    }

    fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }
}

/// What a run of shuttle produced: each execution's outcome, trace and decisions, and the failure
/// that ended it early, if shuttle itself panicked (PCT refuses a program that gives it no choice).
struct Run {
    executions: Vec<(Outcome, Trace, Vec<usize>)>,
    failure: Option<String>,
}

/// Runs `program` once per execution the scheduler asks for.
fn run<S: Scheduler + 'static>(program: &'static dyn Program, scheduler: S, max_steps: usize) -> Run {
    let _quiet = rt::quiet();
    let _engine = rt::enter(Engine::Shuttle);
    let shared = Arc::new(Mutex::new(Shared::default()));
    let mut config = Config::new();
    config.failure_persistence = FailurePersistence::None;
    config.max_steps = MaxSteps::ContinueAfter(max_steps);
    config.silence_warnings = true;
    let runner = Runner::new(Recording { inner: scheduler, shared: shared.clone() }, config);
    let body_shared = shared.clone();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runner.run(move || {
            crate::rt::actor::reset_unfinished();
            let done = body_shared.lock().unwrap().done.clone();
            let sentinel_done = done.clone();
            shuttle::thread::spawn(move || {
                while !sentinel_done.load(Ordering::SeqCst) {
                    shuttle::thread::yield_now();
                }
            });
            let outcome = program.run_once();
            let trace = record::take();
            body_shared.lock().unwrap().current.outcome = Some((outcome, trace));
            done.store(true, Ordering::SeqCst);
        })
    }));
    let mut shared = shared.lock().unwrap_or_else(|p| p.into_inner());
    let failure = result.err().map(|payload| {
        shared.current = Current::default(); // the execution shuttle abandoned has no outcome
        rt::panic_message(payload.as_ref())
    });
    shared.finish_current();
    Run { executions: std::mem::take(&mut shared.finished), failure }
}

/// Searches `program` with the schedulers `config` names: by default random, then PCT, both
/// seeded; or DFS, which says in the observation's setting whether it explored every interleaving.
pub fn explore(
    scenario: &str,
    variant: &str,
    program: &'static dyn Program,
    config: &ShuttleConfig,
) -> Observation {
    let start = Instant::now();
    rt::take_orderings(); // forget what an earlier run on this OS thread used
    let random =
        || run(program, RandomScheduler::new_from_seed(config.seed, config.iterations), config.max_steps);
    let pct = || {
        let scheduler = PctScheduler::new_from_seed(config.seed, config.pct_depth, config.iterations);
        run(program, scheduler, config.max_steps)
    };
    // DFS gets one execution more than its cap: if it takes it, the cap cut the search short.
    let dfs = || {
        run(program, DfsScheduler::new(Some(config.iterations.saturating_add(1)), false), config.max_steps)
    };
    let phases = match config.schedulers {
        Schedulers::RandomThenPct => vec![("random", random()), ("pct", pct())],
        Schedulers::Random => vec![("random", random())],
        Schedulers::Pct => vec![("pct", pct())],
        Schedulers::Dfs => vec![("dfs", dfs())],
    };
    let columns = phases.iter().map(|(name, _)| *name).collect();
    let mut o = Observation::new(Backend::Shuttle, config.describe(), columns);
    let (mut failures, mut notes) = (Vec::new(), Vec::new());
    let mut cut_short = false;
    for (column, (name, mut phase)) in phases.into_iter().enumerate() {
        if name == "dfs" && phase.executions.len() > config.iterations {
            phase.executions.truncate(config.iterations);
            cut_short = true;
        }
        let ran = phase.executions.len();
        match phase.failure {
            // PCT needs a scheduling choice to vary; with none, the one schedule is all there is.
            Some(f) if f.contains("did not exercise any concurrency") => notes.push(format!(
                "{name} stopped after {ran} iteration: the program offers no scheduling choice"
            )),
            Some(f) => failures.push(format!("{name} failed after {ran} iterations: {f}")),
            None => {}
        }
        for (outcome, trace, steps) in phase.executions {
            o.executions += 1;
            let replay = key::encode(scenario, variant, &outcome.id(), &steps);
            o.count(&outcome, column, 1, Some(trace), Some(replay));
        }
    }
    if config.schedulers == Schedulers::Dfs {
        let n = config.iterations;
        if cut_short {
            o.setting = format!("dfs, cut short at {n} iterations: not exhaustive");
            let limit = Outcome::CheckerLimit(format!("shuttle's budget of {n} dfs iterations"));
            o.count(&limit, 0, 1, None, None);
            notes.push(format!(
                "dfs used up its {n} iterations before it had explored every interleaving: what it \
                 did not reach is unknown; more iterations search further"
            ));
        } else if failures.is_empty() {
            o.setting = "dfs, exhaustive: every interleaving, sequentially consistent".to_string();
            o.exhaustive = true;
            o.scope = Some("of every interleaving, sequentially consistent".to_string());
        }
    }
    if !failures.is_empty() {
        o.failure = Some(failures.join("; "));
    }
    if !notes.is_empty() {
        o.stopped = Some(notes.join("; "));
    }
    o.elapsed = start.elapsed();
    o.orderings = rt::take_orderings();
    o
}

/// Explores every interleaving with shuttle's DFS scheduler: exhaustive, sequentially consistent.
///
/// `limit` caps the executions; the result says whether the search finished within it.
pub fn exhaust(program: &'static dyn Program, limit: usize) -> CrossCheck {
    let run = run(program, DfsScheduler::new(Some(limit + 1), false), ShuttleConfig::default().max_steps);
    let executions = run.executions;
    let mut reachable: Vec<String> = executions.iter().map(|(o, _, _)| o.id()).collect();
    reachable.sort();
    reachable.dedup();
    CrossCheck {
        method: "shuttle dfs: every interleaving, sequentially consistent".to_string(),
        executions: executions.len().min(limit) as u64,
        exhaustive: executions.len() <= limit && run.failure.is_none(),
        reachable,
    }
}

/// The outcome and trace of one replayed execution.
#[derive(Debug)]
pub struct Replayed {
    /// What it produced.
    pub outcome: Outcome,
    /// Its operations.
    pub trace: Trace,
}

/// Replays the execution a key was made from.
pub fn replay(
    scenario: &str,
    variant: &str,
    program: &'static dyn Program,
    replay_key: &str,
) -> Result<Replayed, key::KeyError> {
    let parsed = key::Key::parse(replay_key)?;
    let scheduler = key::KeyScheduler::new(parsed.steps.clone());
    let diverged = scheduler.diverged.clone();
    let mut run = run(program, scheduler, ShuttleConfig::default().max_steps);
    let Some((outcome, trace, followed)) = run.executions.pop() else {
        return Err(key::KeyError::stale(replay_key, scenario, variant));
    };
    if diverged.load(Ordering::SeqCst) {
        return Err(key::KeyError::stale(replay_key, scenario, variant));
    }
    // The execution may end before the key does: the decisions left over were never made.
    if followed.len() < parsed.steps.len() {
        return Err(key::KeyError::left_over(
            replay_key,
            scenario,
            variant,
            followed.len(),
            parsed.steps.len(),
        ));
    }
    parsed.check(scenario, variant, &outcome.id(), replay_key)?;
    Ok(Replayed { outcome, trace })
}
