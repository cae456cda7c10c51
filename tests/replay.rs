//! Replay keys reproduce their execution, and a fixed seed reproduces its report byte for byte.

use racelab::backend::Backend;
use racelab::backend::shuttle::{self, ShuttleConfig, key::KeyErrorKind};
use racelab::check::{check, quick_settings};
use racelab::model::outcome::Grade;
use racelab::prelude::*;
use racelab::scenarios::INDEX;

/// Every non-acceptable outcome shuttle reaches in the catalogue, replayed from its key: the same
/// outcome, and the same trace, operation for operation.
#[test]
fn every_key_in_the_catalogue_replays_its_outcome_and_trace() {
    let mut replayed = 0;
    for scenario in INDEX {
        for variant in scenario.variants {
            let report = check(scenario, variant, Backend::Shuttle, &quick_settings());
            for (id, seen) in &report.observation.seen {
                if variant.grade(id) == Grade::Acceptable {
                    continue;
                }
                let key = seen.replay.as_deref().expect("shuttle keeps a key for every outcome");
                let again = shuttle::replay(scenario.id, variant.name, variant.program, key)
                    .unwrap_or_else(|e| panic!("{} {} {id}: {e}", scenario.id, variant.name));
                assert_eq!(&again.outcome.id(), id, "{} {}: key {key}", scenario.id, variant.name);
                assert_eq!(
                    Some(&again.trace),
                    seen.witness.as_ref(),
                    "{} {}: key {key}",
                    scenario.id,
                    variant.name
                );
                replayed += 1;
            }
        }
    }
    assert!(
        replayed >= 4,
        "the catalogue's broken variants give at least four keys to replay, got {replayed}"
    );
}

#[test]
fn a_key_for_another_variant_or_outcome_is_stale() {
    let scenario = racelab::scenarios::find("counter_01_lost_update").unwrap();
    let broken = scenario.variant("broken").unwrap();
    let report = check(scenario, broken, Backend::Shuttle, &quick_settings());
    let key = report.observation.seen["1"].replay.clone().unwrap();
    let fixed = scenario.variant("fixed").unwrap();
    let err = shuttle::replay(scenario.id, "fixed", fixed.program, &key).unwrap_err();
    assert_eq!(err.kind, KeyErrorKind::Stale);
    assert!(err.message.contains(&key) && err.message.contains("racelab check counter_01_lost_update"));
}

#[test]
fn a_key_whose_decisions_the_code_cannot_follow_is_stale() {
    let scenario = racelab::scenarios::find("deadlock_01_lock_order").unwrap();
    let broken = scenario.variant("broken").unwrap();
    // Task 9 never exists in a two-actor scenario.
    let err = shuttle::replay(scenario.id, "broken", broken.program, "s1-00000000-0999").unwrap_err();
    assert_eq!(err.kind, KeyErrorKind::Stale);
}

/// The same seed gives the same report, byte for byte: loom's order is fixed, shuttle's is seeded.
#[test]
fn the_same_settings_give_the_same_report() {
    // A search cut short repeats itself as well as a whole one: fewer shuttle iterations and a
    // loom budget that stops a pool's search early keep this test short.
    let mut settings = quick_settings();
    settings.shuttle.iterations = 200;
    settings.loom_max_executions = Some(300);
    for scenario in INDEX {
        for variant in scenario.variants {
            for backend in [Backend::Loom, Backend::Shuttle] {
                let first = check(scenario, variant, backend, &settings).render();
                let second = check(scenario, variant, backend, &settings).render();
                assert_eq!(first, second, "{} {} {backend}", scenario.id, variant.name);
            }
        }
    }
}

#[test]
fn another_seed_gives_other_counts() {
    let scenario = racelab::scenarios::find("counter_01_lost_update").unwrap();
    let variant = scenario.variant("broken").unwrap();
    let mut settings = quick_settings();
    let first = check(scenario, variant, Backend::Shuttle, &settings).render();
    settings.shuttle.seed = 2;
    let second = check(scenario, variant, Backend::Shuttle, &settings).render();
    assert_ne!(first, second, "the seed steers shuttle's schedules");
}

/// Forty threads each add one to a counter, then the body joins them: task ids reach 41, past
/// the 36 that one base-36 digit can name.
fn forty_threads() -> Outcome {
    let counter = Arc::new(AtomicUsize::named("counter", 0));
    let handles: Vec<_> = (0..40)
        .map(|_| {
            let counter = counter.clone();
            thread::spawn(move || {
                counter.fetch_add(1, SeqCst);
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    Outcome::value(counter.load(SeqCst) as i64)
}

static FORTY: Body = Body { threads: &["main"], run: forty_threads };

#[test]
fn a_program_with_forty_threads_gets_keys_that_replay() {
    let config = ShuttleConfig { iterations: 50, ..ShuttleConfig::default() };
    let seen = shuttle::explore("test_01_forty", "fixed", &FORTY, &config);
    assert_eq!(seen.failure, None);
    assert_eq!(seen.seen.keys().collect::<Vec<_>>(), ["40"]);
    let seen = &seen.seen["40"];
    let key = seen.replay.as_deref().expect("a key for every outcome");
    assert!(key.contains('('), "task ids of 36 or more are escaped: {key}");
    let again = shuttle::replay("test_01_forty", "fixed", &FORTY, key).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.outcome.id(), "40");
    assert_eq!(Some(&again.trace), seen.witness.as_ref(), "key {key}");
}

#[test]
fn a_key_with_a_decision_added_at_the_end_is_refused() {
    let scenario = racelab::scenarios::find("counter_01_lost_update").unwrap();
    let broken = scenario.variant("broken").unwrap();
    let report = check(scenario, broken, Backend::Shuttle, &quick_settings());
    let key = report.observation.seen["1"].replay.clone().unwrap();
    assert!(shuttle::replay(scenario.id, "broken", broken.program, &key).is_ok());
    // Task 0, the body's main task, exists in every execution: the decision is a plausible one.
    let longer = format!("{key}0");
    let err = shuttle::replay(scenario.id, "broken", broken.program, &longer).unwrap_err();
    assert_eq!(err.kind, KeyErrorKind::Stale);
    assert!(err.message.contains(&longer) && err.message.contains("racelab check counter_01_lost_update"));
    assert!(
        err.message.contains("ended after"),
        "the message says the key ran past the end: {}",
        err.message
    );
}
