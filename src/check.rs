//! Checking: one scenario variant on one backend, from settings to a graded [`Report`].

use std::time::Duration;

use crate::backend::loom::{self as loom_backend, LoomConfig};
use crate::backend::shuttle::{self as shuttle_backend, ShuttleConfig};
use crate::backend::threads::{self as threads_backend, StressConfig};
use crate::backend::{Backend, Observation};
use crate::report::Report;
use crate::scenario::{Scenario, Variant};
use crate::verdict;

/// Everything a check can be told; the defaults are the documented ones of each backend.
///
/// It crosses a process boundary as JSON: a check runs in a child process ([`crate::isolate`]).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// shuttle's seed, iterations and depth.
    pub shuttle: ShuttleConfig,
    /// The real-thread stress budget.
    pub stress: StressConfig,
    /// loom's preemption bound, if not the scenario's own ([`Scenario::bound`]).
    pub loom_bound: Option<usize>,
    /// loom's execution budget, if not [`LoomConfig`]'s default.
    pub loom_max_executions: Option<u64>,
    /// rc11's budget of runs, if not [`crate::rc11::DEFAULT_MAX_EXPLORED`].
    #[serde(default)]
    pub rc11_max_explored: Option<u64>,
    /// How long a check's child process may take, if not [`default_timeout`]'s answer.
    pub timeout: Option<Duration>,
    /// Time for a wider search when the default one finds nothing ([`crate::escalate`]); none
    /// widens nothing, and keeps every report deterministic.
    #[serde(default)]
    pub budget: Option<Duration>,
}

/// How long a check of one variant may take on `backend` before its process is killed and the
/// check ends as `timed out after N s`.
///
/// 60 s, and for real threads the stress time on top. Generous, because an overdue check proves
/// nothing either way: loom's budget of 200,000 executions at about 55 µs each is 11 s (twice that
/// in a debug build), shuttle's 2,000 iterations take well under a second, and real threads stop
/// by themselves after the stress time.
pub fn default_timeout(backend: Backend, settings: &Settings) -> Duration {
    let base = Duration::from_secs(60) + settings.budget.unwrap_or_default();
    match backend {
        Backend::Loom | Backend::Shuttle | Backend::Rc11 => base,
        Backend::Threads | Backend::Processes => base + settings.stress.duration,
    }
}

/// The timeout a check on `backend` runs with: `settings.timeout`, else [`default_timeout`].
pub fn timeout(backend: Backend, settings: &Settings) -> Duration {
    settings.timeout.unwrap_or_else(|| default_timeout(backend, settings))
}

/// The most executions the sequentially consistent cross-check may take.
pub const CROSS_CHECK_LIMIT: usize = 100_000;

/// Runs one variant of one scenario on one backend, in this process, and grades what it saw.
///
/// A scenario that aborts, exits or never ends takes this process with it: `racelab check` and
/// the catalogue tests use [`crate::isolate::check`], which runs this in a child process.
pub fn check(
    scenario: &'static Scenario,
    variant: &'static Variant,
    backend: Backend,
    settings: &Settings,
) -> Report {
    match skipped(scenario, variant, backend) {
        Some(report) => report,
        None => grade(scenario, variant, observe(scenario, variant, backend, settings)),
    }
}

/// How a check on `backend` searches, for a report's header.
pub fn setting(scenario: &Scenario, backend: Backend, settings: &Settings) -> String {
    match backend {
        Backend::Loom => loom_config(scenario, settings).describe(),
        Backend::Shuttle => settings.shuttle.describe(),
        Backend::Threads => format!("real OS threads, {} ms", settings.stress.duration.as_millis()),
        Backend::Processes => crate::backend::processes::setting(&settings.stress),
        Backend::Rc11 => rc11_config(settings).describe(),
    }
}

/// How rc11 searches: its default budget, unless `settings` set one.
pub(crate) fn rc11_config(settings: &Settings) -> crate::rc11::Rc11Config {
    let mut config = crate::rc11::Rc11Config::default();
    if let Some(max) = settings.rc11_max_explored {
        config.max_explored = max;
    }
    config
}

/// How loom searches `scenario`: its own bound, unless `settings` set one, and any budget set.
pub(crate) fn loom_config(scenario: &Scenario, settings: &Settings) -> LoomConfig {
    let mut config = LoomConfig::with_bound(scenario.bound());
    if let Some(bound) = settings.loom_bound {
        config.scenario_bound = Some(config.preemption_bound);
        config.preemption_bound = bound;
    }
    if let Some(max) = settings.loom_max_executions {
        config.max_executions = max;
    }
    config
}

/// Why a check of `variant` on `backend` does not apply, where that is known before it runs: a
/// model checker, on a program that says only a real run can show it
/// ([`crate::scenario::Program::real_only`]); processes, on a program whose actors are not
/// processes ([`crate::scenario::Program::processes`]). What is known only once it runs (loom
/// meeting an async task) ends in a `skipped` verdict instead.
pub fn not_applicable(variant: &Variant, backend: Backend) -> Option<&'static str> {
    match backend {
        Backend::Processes if variant.program.processes().is_none() => {
            Some(crate::backend::processes::NOT_PROCESSES)
        }
        Backend::Threads | Backend::Processes => None,
        Backend::Loom | Backend::Shuttle | Backend::Rc11 => variant.program.real_only(),
    }
}

/// The report of a check that is not run, because it does not apply ([`not_applicable`]).
pub fn skipped(scenario: &'static Scenario, variant: &'static Variant, backend: Backend) -> Option<Report> {
    let why = not_applicable(variant, backend)?;
    let mut observation = Observation::new(backend, "not run".to_string(), vec![]);
    observation.not_run = Some(why.to_string());
    Some(grade(scenario, variant, observation))
}

/// Grades an observation into a report.
pub fn grade(scenario: &'static Scenario, variant: &'static Variant, observation: Observation) -> Report {
    let verdict = verdict::judge(variant, &observation);
    Report::new(scenario, variant, observation, verdict)
}

/// Runs the backend, any wider search a budget buys, and the sequentially consistent cross-check
/// where loom reported a violation: everything a check does that can misbehave.
pub fn observe(
    scenario: &'static Scenario,
    variant: &'static Variant,
    backend: Backend,
    settings: &Settings,
) -> Observation {
    if let Some(why) = variant.program.unrunnable() {
        let mut observation = Observation::new(backend, "not run".to_string(), vec![]);
        observation.failure = Some(why.to_string());
        return observation;
    }
    let mut observation = run_backend(scenario, variant, backend, settings);
    crate::escalate::widen(scenario, variant, settings, &mut observation);
    if backend == Backend::Loom && verdict::judge(variant, &observation) == verdict::Verdict::Violated {
        second_opinion(variant, settings, &mut observation);
    }
    observation
}

/// loom reached a Forbidden outcome. It may be a false alarm: loom treats `SeqCst` accesses as
/// `AcqRel`, and even without `SeqCst` it lets a plain store fall between a read-modify-write's
/// read and its write (loom issue 254, measured on GenMC's `inc2w` and `inc+inc+RR+W+RR`). How
/// it is told depends on the program's orderings, never on what the scenario declares:
/// - rc11 decides, exactly, for any mix of orderings ([`crate::rc11`]): what it never reaches in
///   every RC11-consistent execution is a false alarm, with its count as evidence; what it
///   reaches is real;
/// - a program with no atomic access at all is not asked about: its outcome stands;
/// - where rc11 cannot finish and the program has no `SeqCst`, the outcome stands;
/// - where rc11 cannot finish (its budget runs out, an execution outgrows its events): with every access and fence `SeqCst`, sequential consistency is the whole
///   truth (C++20 and RC11 give such a program only SC executions), and an exhaustive SC search
///   (shuttle's DFS) decides; with `SeqCst` mixed with weaker orderings an SC search cannot tell
///   loom's artefact from a real weak behaviour, so nothing is guessed: the outcome stands,
///   marked unconfirmed, saying why rc11 could not decide.
fn second_opinion(variant: &'static Variant, settings: &Settings, observation: &mut Observation) {
    let orderings = &observation.orderings;
    if orderings.is_empty() {
        // No atomic access at all: loom's artefacts are both about atomics, and what it reached
        // (a panic, a deadlock over locks) stands. rc11 runs in this process, so it is not asked
        // to run a program it need not judge, one that may crash it (a stack overflow does).
        return;
    }
    let seq_cst = orderings.iter().any(|o| o == "SeqCst");
    let exact = crate::rc11::explore(variant.program, &rc11_config(settings));
    if exact.not_run.is_none() && exact.failure.is_none() && exact.exhaustive {
        observation.cross_check = Some(crate::backend::CrossCheck {
            method: "rc11: every RC11-consistent execution, exactly".to_string(),
            executions: exact.executions,
            exhaustive: true,
            reachable: exact.seen.keys().filter(|id| !crate::outcome::says_nothing(id)).cloned().collect(),
        });
        return;
    }
    if !seq_cst {
        return;
    }
    let why_not = exact.not_run.or(exact.failure).or(exact.stopped).unwrap_or_default();
    if orderings.len() == 1 {
        observation.cross_check = Some(shuttle_backend::exhaust(variant.program, CROSS_CHECK_LIMIT));
    } else {
        observation.unconfirmed = Some(format!(
            "the program mixes SeqCst with {}, and loom treats SeqCst accesses as AcqRel: this may \
             be loom's artefact or a real weak behaviour, which a sequentially consistent search \
             cannot tell apart, and rc11, which would decide, could not run it ({why_not})",
            orderings.iter().filter(|o| *o != "SeqCst").cloned().collect::<Vec<_>>().join(", ")
        ));
    }
}

fn run_backend(
    scenario: &'static Scenario,
    variant: &'static Variant,
    backend: Backend,
    settings: &Settings,
) -> Observation {
    match backend {
        Backend::Loom => loom_backend::explore(variant.program, &loom_config(scenario, settings)),
        Backend::Shuttle => {
            shuttle_backend::explore(scenario.id, variant.name, variant.program, &settings.shuttle)
        }
        Backend::Rc11 => crate::rc11::explore(variant.program, &rc11_config(settings)),
        Backend::Processes => match std::env::current_exe() {
            Ok(exe) => crate::backend::processes::stress(&exe, scenario, variant, &settings.stress),
            Err(e) => {
                let mut o = Observation::new(backend, setting(scenario, backend, settings), vec![]);
                o.failure = Some(format!("cannot find the binary to start actors' processes from: {e}"));
                o
            }
        },
        Backend::Threads => {
            let run = threads_backend::stress(variant.program, &settings.stress);
            let mut o = Observation::new(Backend::Threads, run.setting.clone(), vec!["count"]);
            for (outcome, n) in &run.counts {
                o.count(outcome, 0, *n, None, None);
            }
            o.executions = run.trials;
            o.elapsed = run.elapsed;
            if run.counts.iter().any(|(o, _)| *o == crate::outcome::Outcome::Hang) {
                o.stopped = Some(format!(
                    "the watchdog saw no progress for {} ms; the stuck threads were left blocked",
                    settings.stress.watchdog.as_millis()
                ));
            }
            o
        }
    }
}

/// Settings for quick checks, as the test suite runs them: real threads for a quarter second.
pub fn quick_settings() -> Settings {
    Settings {
        stress: StressConfig { duration: Duration::from_millis(250), ..StressConfig::default() },
        ..Settings::default()
    }
}
