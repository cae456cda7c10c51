//! Every scenario and variant on real OS threads, one at a time so that the actors have both
//! cores: no fixed variant may show a Forbidden outcome, and every verdict must be the declared one
//! (`caught` where the race shows on this hardware within a short run, `hang` included, where the
//! watchdog ends a deadlock and the run carries on).

mod common;

use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use racelab::backend::Backend;
use racelab::backend::threads::StressConfig;
use racelab::check::{Settings, check};
use racelab::outcome::Grade;
use racelab::scenario::Claim;

fn main() {
    let mut args = Arguments::from_args();
    args.test_threads = Some(1); // stress runs need the cores to themselves
    let trials = common::cases(Backend::Threads)
        .into_iter()
        .map(|case| Trial::test(case.name(), move || run(&case)))
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn run(case: &common::Case) -> Result<(), Failed> {
    let settings = Settings {
        stress: StressConfig {
            duration: Duration::from_millis(250),
            watchdog: Duration::from_secs(1),
            batch: 1024,
        },
        ..Settings::default()
    };
    let report = check(case.scenario, case.variant, Backend::Threads, &settings);
    let forbidden: Vec<_> =
        report.observation.seen.keys().filter(|id| case.variant.grade(id) == Grade::Forbidden).collect();
    if case.variant.claim == Claim::Correct && !forbidden.is_empty() {
        return Err(
            format!("a correct variant showed {forbidden:?} on real threads\n\n{}", report.render()).into()
        );
    }
    if !report.matches() {
        return Err(format!(
            "verdict {} where {} was expected\n\n{}",
            report.verdict,
            racelab::verdict::describe(report.expected_verdicts()),
            report.render()
        )
        .into());
    }
    Ok(())
}
