//! The processes backend: each catalogue program whose actors are processes, run as real OS
//! processes (re-runs of the `racelab` binary), and what it does with every other program and
//! with a binary that cannot serve actors. The faults of actor processes (a hang, an abort, a
//! segfault) are in `tests/faults.rs`.

use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};

use racelab::backend::Backend;
use racelab::backend::processes::NOT_PROCESSES;
use racelab::backend::threads::StressConfig;
use racelab::check::Checker;
use racelab::check::Settings;
use racelab::check::isolate::Isolation;
use racelab::model::scenario::{Claim, Scenario, Variant};
use racelab::scenarios::{self, INDEX};
use racelab::verdict::Verdict;

/// One test of this file.
type Test = fn() -> Result<(), Failed>;

fn main() {
    let mut args = Arguments::from_args();
    // Real processes need the cores to themselves, as real threads do: two actors that never hold
    // a core at once never race (measured: 86% of trials lost an update alone, none of 34 beside
    // the other tests of this file).
    args.test_threads = Some(1);
    let tests: [(&str, Test); 5] = [
        ("every_process_program_runs_as_processes_within_what_the_backend_can_say", every_process_program),
        ("processes_share_a_real_file_and_lose_an_update_without_its_lock", shared_file),
        ("a_crashed_worker_process_is_seen_as_its_signal_on_every_backend", crashed_worker),
        ("a_program_whose_actors_share_memory_is_not_run_as_processes", memory_sharing_program),
        ("a_binary_that_does_not_serve_actors_is_named_not_trusted", binary_without_actors),
    ];
    let trials = tests.into_iter().map(|(name, test)| Trial::test(name, test)).collect();
    libtest_mimic::run(&args, trials).exit();
}

/// 150 ms of trials (about fifty on this project's 2-core machine); an actor that has not
/// ended half a second into its trial is a hang.
fn settings() -> Settings {
    Settings {
        stress: StressConfig {
            duration: Duration::from_millis(150),
            watchdog: Duration::from_millis(500),
            ..StressConfig::default()
        },
        ..Settings::default()
    }
}

fn check(scenario: &'static Scenario, variant: &'static Variant) -> racelab::report::Report {
    let checker = Checker::Isolated(Isolation::new(env!("CARGO_BIN_EXE_racelab")));
    checker.check(scenario, variant, Backend::Processes, &settings()).expect("nothing interrupts a test")
}

/// The catalogue's programs whose actors are processes.
fn process_variants() -> Vec<(&'static Scenario, &'static Variant)> {
    INDEX
        .iter()
        .flat_map(|&s| s.variants.iter().map(move |v| (s, v)))
        .filter(|(_, v)| v.program.processes().is_some())
        .collect()
}

/// Each variant's report is one the backend can give, and a correct one passes; a broken one is
/// caught or missed, as a sample may be (its race is asserted below, where it gets the time).
fn every_process_program() -> Result<(), Failed> {
    let variants = process_variants();
    assert!(variants.len() >= 4, "process_01 and process_02, two variants each: {}", variants.len());
    for (scenario, variant) in variants {
        let report = check(scenario, variant);
        let o = &report.observation;
        assert!(o.failure.is_none() && o.not_run.is_none(), "{}: {}", scenario.id, report.render());
        assert!(o.executions > 0, "{} {}: no trial ran", scenario.id, variant.name);
        for id in o.seen.keys() {
            assert!(
                variant.declared(id).is_some(),
                "{} {}: undeclared outcome {id}",
                scenario.id,
                variant.name
            );
        }
        assert!(report.matches(), "{} {}: {}", scenario.id, variant.name, report.render());
        if variant.claim == Claim::Correct {
            assert_eq!(report.verdict, Verdict::Passed, "{}", report.render());
        }
    }
    Ok(())
}

/// The lost update shows up on real processes: in about 86% of trials on a quiet machine, since
/// every actor starts on one word. A sample may still miss it on a loaded one, so it gets up to
/// five runs of 150 ms; the locked variant never loses one.
fn shared_file() -> Result<(), Failed> {
    let scenario = scenarios::find("process_01_shared_file").expect("in the catalogue");
    let broken = scenario.variant("broken").expect("a broken variant");
    let mut reports = Vec::new();
    while reports.len() < 5 {
        let report = check(scenario, broken);
        let lost = report.observation.seen.contains_key("1");
        reports.push(report);
        if lost {
            break;
        }
    }
    let last = reports.last().expect("one run at least");
    assert!(last.observation.seen.contains_key("1"), "no lost update in five runs: {}", last.render());
    let locked = check(scenario, scenario.variant("locked").expect("a locked variant"));
    assert_eq!(locked.observation.seen.keys().collect::<Vec<_>>(), ["2"], "{}", locked.render());
    Ok(())
}

/// `racelab::process::abort()` is a real SIGABRT on processes and is seen as one on every other
/// backend, where it ends only its thread.
fn crashed_worker() -> Result<(), Failed> {
    let scenario = scenarios::find("process_02_crashing_child").expect("in the catalogue");
    let per_job = scenario.variant("per_job").expect("a fixed variant");
    let checker = Checker::Isolated(Isolation::new(env!("CARGO_BIN_EXE_racelab")));
    for backend in Backend::EVERY {
        let report = checker.check(scenario, per_job, backend, &settings()).expect("not interrupted");
        let seen: Vec<&String> = report.observation.seen.keys().collect();
        assert_eq!(seen, ["2 results, job 2: SIGABRT"], "{backend}: {}", report.render());
    }
    Ok(())
}

fn memory_sharing_program() -> Result<(), Failed> {
    let scenario = scenarios::find("counter_01_lost_update").expect("in the catalogue");
    let report = check(scenario, &scenario.variants[0]);
    assert_eq!(report.verdict, Verdict::Skipped);
    assert_eq!(report.observation.not_run.as_deref(), Some(NOT_PROCESSES));
    assert!(!Backend::defaults(scenario.variants[0].program).contains(&Backend::Processes));
    let files = scenarios::find("process_01_shared_file").expect("in the catalogue");
    assert!(Backend::defaults(files.variants[0].program).contains(&Backend::Processes));
    Ok(())
}

fn binary_without_actors() -> Result<(), Failed> {
    // This test binary does not call serve_if_child: run in this process, the backend starts
    // actors from it, and they answer as a test harness would.
    let scenario = scenarios::find("process_01_shared_file").expect("in the catalogue");
    let variant = scenario.variant("locked").expect("a locked variant");
    let report = racelab::check::check(scenario, variant, Backend::Processes, &settings());
    let failure = report.observation.failure.clone().unwrap_or_default();
    assert!(failure.contains("serve_if_child"), "{}", report.render());
    assert_eq!(report.verdict, Verdict::Inconclusive, "{}", report.render());
    Ok(())
}
