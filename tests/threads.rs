//! Every scenario and variant on real OS threads, one at a time so that the actors have both
//! cores. Real threads show a race only when the machine lets them, so these tests assert what
//! holds however busy the machine is:
//! - every outcome the hardware produced is one the scenario declares;
//! - no correct variant shows a Forbidden outcome;
//! - the verdict is one the scenario expects (`caught or missed` for a race, see `Expect::RACE`);
//! - and a deadlock that happens in every trial ends as `hang`, and the run carries on.

mod common;

use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use racelab::backend::Backend;
use racelab::backend::threads::StressConfig;
use racelab::check::Settings;
use racelab::isolate::{self, Isolation};
use racelab::outcome::Grade;
use racelab::prelude::*;
use racelab::scenario::Program;

fn main() {
    let mut args = Arguments::from_args();
    args.test_threads = Some(1); // stress runs need the cores to themselves
    let mut trials: Vec<Trial> = common::cases(Backend::Threads)
        .into_iter()
        .map(|case| Trial::test(case.name(), move || run(&case)))
        .collect();
    trials
        .push(Trial::test("watchdog::a_certain_deadlock_ends_as_hang_and_the_run_goes_on", certain_deadlock));
    libtest_mimic::run(&args, trials).exit();
}

fn stress() -> StressConfig {
    StressConfig { duration: Duration::from_millis(250), watchdog: Duration::from_secs(1), batch: 1024 }
}

fn run(case: &common::Case) -> Result<(), Failed> {
    let isolation = Isolation::new(env!("CARGO_BIN_EXE_racelab"));
    let settings = Settings { stress: stress(), ..Settings::default() };
    let report = isolate::check(&isolation, case.scenario, case.variant, Backend::Threads, &settings)
        .expect("nothing interrupts a test run");
    let seen: Vec<&String> = report.observation.seen.keys().collect();
    if let Some(stranger) = seen.iter().find(|id| case.variant.declared(id).is_none()) {
        return Err(format!(
            "real threads produced '{stranger}', which the scenario does not declare\n\n{}",
            report.render()
        )
        .into());
    }
    let forbidden: Vec<_> = seen.iter().filter(|id| case.variant.grade(id) == Grade::Forbidden).collect();
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

/// Two locks, and each actor waits until the other holds its first before taking its second:
/// every trial deadlocks, whatever the scheduler does.
struct Crossed {
    a: Mutex<()>,
    b: Mutex<()>,
    holding: AtomicUsize,
}

fn hold_then_take(first: &Mutex<()>, second: &Mutex<()>, holding: &AtomicUsize) {
    let _first = first.lock().unwrap();
    holding.fetch_add(1, SeqCst);
    while holding.load(SeqCst) < 2 {
        thread::yield_now();
    }
    let _second = second.lock().unwrap();
}

static CROSSED: Actors<Crossed, ()> = Actors {
    setup: || Crossed { a: Mutex::new(()), b: Mutex::new(()), holding: AtomicUsize::new(0) },
    actors: &[
        Actor { name: "t1", run: |s| hold_then_take(&s.a, &s.b, &s.holding) },
        Actor { name: "t2", run: |s| hold_then_take(&s.b, &s.a, &s.holding) },
    ],
    observe: |_, _| Outcome::label("finished"),
};

fn certain_deadlock() -> Result<(), Failed> {
    let run = CROSSED.stress(&stress());
    let outcomes: Vec<String> = run.counts.iter().map(|(o, _)| o.id()).collect();
    if outcomes != ["hang"] {
        return Err(format!("expected only `hang`, saw {outcomes:?}").into());
    }
    // Carrying on: the stuck threads stay blocked, and a new run on real threads still works.
    let next = CROSSED.stress(&stress());
    if next.counts.iter().map(|(o, _)| o.id()).collect::<Vec<_>>() != ["hang"] {
        return Err("a second run after a hang did not run".into());
    }
    Ok(())
}
