//! Widening: when a check's default search finds nothing, a wider one, for a time given
//! (`--widen`, [`Settings::widen`]).
//!
//! A bound is a bet: loom's default of two preemptions finds nearly every real bug (CHESS), and
//! nothing that needs more. One that needs about ten, SV-COMP's `fib_bench` (two threads
//! alternating `i += j` and `j += i` under a lock, wrong only on strict alternation; the test
//! suite's `lit_01_fib_alternation`), was measured on 2026-11-21 with loom 0.7.2 and shuttle 0.9.9:
//! loom with a bound of 2 to 9 misses it, loom with *no* bound finds it after about 20,000
//! executions (its search order reaches deep schedules early), shuttle's random search within
//! 100,000 iterations on 10 seeds of 10, and PCT of depth 3 never (`tests/literature.rs` keeps
//! what a test can: found only past the bound). So when the default search ends clean (a broken
//! variant missed, a correct one verified or passed) and time to widen is given, the check goes on:
//! - loom, with no preemption bound, until it finishes (then `verified` holds without a bound) or
//!   the time runs out;
//! - shuttle, with fresh seeds, random and PCT, round after round, for [`SEED_ROUNDS`] seeds or
//!   until the time runs out.
//!
//! What the wider search reaches is merged into the observation, and the report says how far it
//! went and which outcomes it found beyond the default search. Real threads are not widened: their
//! time is `--stress-ms`.

use std::time::{Duration, Instant};

use super::settings::{Settings, loom_config, timeout};
use crate::backend::shuttle::{Schedulers, ShuttleConfig};
use crate::backend::{loom as loom_backend, shuttle as shuttle_backend};
use crate::model::observation::{Backend, Observation, Seen, Widened};
use crate::model::outcome;
use crate::model::scenario::{Scenario, Variant};
use crate::verdict::{self, Verdict};

/// Widens the search behind `observation` if it ended clean and `settings` give time to widen.
pub fn widen(
    scenario: &'static Scenario,
    variant: &'static Variant,
    settings: &Settings,
    observation: &mut Observation,
) {
    let Some(time) = settings.widen.filter(|t| !t.is_zero()) else { return };
    // Never past the check's own deadline: a margin is left for the cross-check and the answer.
    let room =
        timeout(observation.backend, settings).saturating_sub(observation.elapsed + Duration::from_secs(10));
    let time = time.min(room);
    if time.is_zero() {
        return;
    }
    let clean =
        matches!(verdict::judge(variant, observation), Verdict::Missed | Verdict::Verified | Verdict::Passed);
    if !clean {
        return;
    }
    let start = Instant::now();
    let deadline = start + time;
    let wide = match observation.backend {
        Backend::Loom => {
            let mut config = loom_config(scenario, settings);
            config.unbounded = true;
            config.deadline = Some(deadline);
            config.max_executions = u64::MAX;
            let wide = loom_backend::explore(variant.program, &config);
            merge(observation, &wide, 0);
            Widened {
                method: "loom with no preemption bound".to_string(),
                executions: wide.executions,
                finished: wide.exhaustive,
                elapsed: start.elapsed(),
                beyond: Vec::new(),
            }
        }
        // A depth-first search that finished has nothing left to find; one cut short is widened
        // by more iterations, which the user asks for.
        Backend::Shuttle if settings.shuttle.schedulers == Schedulers::Dfs => return,
        Backend::Shuttle => {
            let column = observation.columns.len();
            observation.columns.push("wider".to_string());
            for seen in observation.seen.values_mut() {
                seen.counts.push(0);
            }
            let (mut executions, mut seed) = (0, settings.shuttle.seed);
            let last = settings.shuttle.seed.saturating_add(SEED_ROUNDS);
            while Instant::now() < deadline && seed < last {
                seed = seed.wrapping_add(1);
                let config = ShuttleConfig { seed, ..settings.shuttle.clone() };
                let round = shuttle_backend::explore(scenario.id, variant.name, variant.program, &config);
                executions += round.executions;
                merge(observation, &round, column);
            }
            Widened {
                method: format!(
                    "shuttle, random and pct with seeds {} to {seed}",
                    settings.shuttle.seed.saturating_add(1)
                ),
                executions,
                finished: seed == last,
                elapsed: start.elapsed(),
                beyond: Vec::new(),
            }
        }
        // Real runs' time is their stress time; rc11's search is exact, with nothing past it.
        Backend::Threads | Backend::Processes | Backend::Rc11 => return,
    };
    let beyond =
        observation.seen.iter().filter(|(_, s)| s.first_found_wider).map(|(id, _)| id.clone()).collect();
    observation.widened = Some(Widened { beyond, ..wide });
    if observation.backend == Backend::Loom && observation.widened.as_ref().is_some_and(|w| w.finished) {
        observation.scope = Some("with no preemption bound".to_string());
    }
}

/// Adds what `wide` reached to `observation`, counting it in `column`; outcomes that say nothing
/// about the program (the wider search's own limits) stay out.
fn merge(observation: &mut Observation, wide: &Observation, column: usize) {
    for (id, seen) in &wide.seen {
        if outcome::says_nothing(id) {
            continue;
        }
        let width = observation.columns.len();
        let entry = observation.seen.entry(id.clone()).or_insert_with(|| Seen {
            counts: vec![0; width],
            witness: seen.witness.clone(),
            replay: seen.replay.clone(),
            first_found_wider: true,
        });
        if let Some(c) = entry.counts.get_mut(column) {
            *c += seen.counts.iter().sum::<u64>().max(1);
        }
    }
}

/// How many fresh seeds shuttle's wider search tries at most: ten rounds of the default 2,000
/// iterations is 20,000 more, where random search found the ten-preemption bug above within 10,000
/// iterations on 6 seeds of 10 (measured as told in the module's docs). A search that ends by this
/// count, not by the clock, is the same at every run.
pub const SEED_ROUNDS: u64 = 10;

/// The time to widen `racelab check` gives each variant on each model checker: 5 s when scenarios are
/// named, 1 s for the whole catalogue (`--all`, or no command), which keeps it well within a
/// minute on two cores. loom with no bound finishes most of the catalogue's programs within either
/// (the ten-preemption bug of `tests/widen.rs` in well under a second), and shuttle stops after
/// [`SEED_ROUNDS`].
pub fn default_time(named: bool) -> Duration {
    if named { Duration::from_secs(5) } else { Duration::from_secs(1) }
}
