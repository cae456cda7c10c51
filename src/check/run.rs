//! One backend's run of one variant, in whatever process the check runs in: the backend itself,
//! any wider search a time to widen buys ([`super::widen`]), and the second opinion where loom
//! reached a Forbidden outcome ([`super::cross`]). Everything a check does that can misbehave,
//! which is why [`super::isolate`] runs it in a child process.

use super::settings::{Settings, loom_config, rc11_config, setting};
use super::{cross, widen};
use crate::backend::loom as loom_backend;
use crate::backend::processes as processes_backend;
use crate::backend::rc11 as rc11_backend;
use crate::backend::shuttle as shuttle_backend;
use crate::backend::threads as threads_backend;
use crate::model::observation::{Backend, Observation};
use crate::model::outcome::Outcome;
use crate::model::scenario::{Scenario, Variant};
use crate::verdict::{self, Verdict};

/// Runs the backend, any wider search a budget buys, and the sequentially consistent cross-check
/// where loom reported a violation: everything a check does that can misbehave.
pub fn observation(
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
    widen::widen(scenario, variant, settings, &mut observation);
    if backend == Backend::Loom && verdict::judge(variant, &observation) == Verdict::Violated {
        cross::second_opinion(variant, settings, &mut observation);
    }
    observation
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
        Backend::Rc11 => rc11_backend::explore(variant.program, &rc11_config(settings)),
        Backend::Processes => match std::env::current_exe() {
            Ok(exe) => processes_backend::stress(&exe, scenario, variant, &settings.stress),
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
            if run.counts.iter().any(|(o, _)| *o == Outcome::Hang) {
                o.stopped = Some(format!(
                    "the watchdog saw no progress for {} ms; the stuck threads were left blocked",
                    settings.stress.watchdog.as_millis()
                ));
            }
            o
        }
    }
}
