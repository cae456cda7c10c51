//! Replay keys reproduce their execution, and a fixed seed reproduces its report byte for byte.

use racelab::backend::Backend;
use racelab::backend::shuttle::{self, key::KeyErrorKind};
use racelab::check::{check, quick_settings};
use racelab::outcome::Grade;
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
    for scenario in INDEX {
        for variant in scenario.variants {
            for backend in [Backend::Loom, Backend::Shuttle] {
                let first = check(scenario, variant, backend, &quick_settings()).render();
                let second = check(scenario, variant, backend, &quick_settings()).render();
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
