//! What a check can be told ([`Settings`]), and what each backend is told from it: its search's
//! configuration, the header line that names it, and the deadline of its child process.

use std::time::Duration;

use crate::backend::loom::LoomConfig;
use crate::backend::processes as processes_backend;
use crate::backend::rc11::Rc11Config;
use crate::backend::shuttle::ShuttleConfig;
use crate::backend::threads::StressConfig;
use crate::model::observation::Backend;
use crate::model::scenario::Scenario;

/// Everything a check can be told; the defaults are the documented ones of each backend.
///
/// It crosses a process boundary as JSON: a check runs in a child process ([`super::isolate`]).
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
    /// rc11's budget of runs, if not [`crate::backend::rc11::DEFAULT_MAX_EXPLORED`].
    #[serde(default)]
    pub rc11_max_explored: Option<u64>,
    /// How long a check's child process may take, if not [`default_timeout`]'s answer.
    pub timeout: Option<Duration>,
    /// Time to widen a search that found nothing ([`super::widen`]); none widens nothing, and
    /// keeps every report deterministic.
    #[serde(default)]
    pub widen: Option<Duration>,
}

/// How long a check of one variant may take on `backend` before its process is killed and the
/// check ends as `timed out after N s`.
///
/// 60 s, and for real threads the stress time on top. Generous, because an overdue check proves
/// nothing either way: loom's budget of 200,000 executions at about 55 µs each is 11 s (twice that
/// in a debug build), shuttle's 2,000 iterations take well under a second, and real threads stop
/// by themselves after the stress time.
pub fn default_timeout(backend: Backend, settings: &Settings) -> Duration {
    let base = Duration::from_secs(60) + settings.widen.unwrap_or_default();
    match backend {
        Backend::Loom | Backend::Shuttle | Backend::Rc11 => base,
        Backend::Threads | Backend::Processes => base + settings.stress.duration,
    }
}

/// The timeout a check on `backend` runs with: `settings.timeout`, else [`default_timeout`].
pub fn timeout(backend: Backend, settings: &Settings) -> Duration {
    settings.timeout.unwrap_or_else(|| default_timeout(backend, settings))
}

/// How a check on `backend` searches, for a report's header.
pub fn setting(scenario: &Scenario, backend: Backend, settings: &Settings) -> String {
    match backend {
        Backend::Loom => loom_config(scenario, settings).describe(),
        Backend::Shuttle => settings.shuttle.describe(),
        Backend::Threads => format!("real OS threads, {} ms", settings.stress.duration.as_millis()),
        Backend::Processes => processes_backend::setting(&settings.stress),
        Backend::Rc11 => rc11_config(settings).describe(),
    }
}

/// How rc11 searches: its default budget, unless `settings` set one.
pub(crate) fn rc11_config(settings: &Settings) -> Rc11Config {
    let mut config = Rc11Config::default();
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

/// Settings for quick checks, as the test suite runs them: real threads for a quarter second.
pub fn quick_settings() -> Settings {
    Settings {
        stress: StressConfig { duration: Duration::from_millis(250), ..StressConfig::default() },
        ..Settings::default()
    }
}
