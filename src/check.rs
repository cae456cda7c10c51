//! Checking: one scenario variant on one backend, from settings to a graded [`Report`].

use std::time::Duration;

use crate::backend::loom::{self as loom_backend, LoomConfig};
use crate::backend::shuttle::{self as shuttle_backend, ShuttleConfig};
use crate::backend::threads::StressConfig;
use crate::backend::{Backend, Observation};
use crate::report::Report;
use crate::scenario::{Expected, Scenario, Variant};
use crate::verdict;

/// Everything a check can be told; the defaults are the documented ones of each backend.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// shuttle's seed, iterations and depth.
    pub shuttle: ShuttleConfig,
    /// The real-thread stress budget.
    pub stress: StressConfig,
    /// loom's execution budget, if not [`LoomConfig`]'s default.
    pub loom_max_executions: Option<u64>,
}

/// The most executions the sequentially consistent cross-check may take.
pub const CROSS_CHECK_LIMIT: usize = 100_000;

/// Runs one variant of one scenario on one backend and grades what it saw.
pub fn check(
    scenario: &'static Scenario,
    variant: &'static Variant,
    backend: Backend,
    settings: &Settings,
) -> Report {
    let expected = match backend {
        Backend::Loom => variant.expect.loom,
        Backend::Shuttle => variant.expect.shuttle,
        Backend::Threads => variant.expect.threads,
    };
    if let Expected::NotApplicable(_) = expected {
        // The report's verdict line gives the reason.
        let observation = Observation::new(backend, "not run".to_string(), vec![]);
        return Report::new(scenario, variant, observation, verdict::Verdict::Skipped, expected);
    }
    let mut observation = observe(scenario, variant, backend, settings);
    let mut verdict = verdict::judge(variant, &observation);
    if verdict == verdict::Verdict::Violated && matches!(expected, Expected::FalseAlarm(_)) {
        observation.cross_check = Some(shuttle_backend::exhaust(variant.program, CROSS_CHECK_LIMIT));
        verdict = verdict::judge(variant, &observation);
    }
    Report::new(scenario, variant, observation, verdict, expected)
}

fn observe(
    scenario: &'static Scenario,
    variant: &'static Variant,
    backend: Backend,
    settings: &Settings,
) -> Observation {
    match backend {
        Backend::Loom => {
            let mut config = LoomConfig::with_bound(scenario.bound());
            if let Some(max) = settings.loom_max_executions {
                config.max_executions = max;
            }
            loom_backend::explore(variant.program, &config)
        }
        Backend::Shuttle => {
            shuttle_backend::explore(scenario.id, variant.name, variant.program, &settings.shuttle)
        }
        Backend::Threads => {
            let run = variant.program.stress(&settings.stress);
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
