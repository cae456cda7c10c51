//! loom's `SeqCst` over-approximation, told apart from real weak behaviour by what the program's
//! orderings allow, never by what the scenario declares: each program here declares nothing but
//! its claim and its Forbidden outcome.

use racelab::backend::Backend;
use racelab::check::{check, quick_settings};
use racelab::prelude::*;
use racelab::verdict::Verdict;

#[path = "literature/mod.rs"]
mod literature;

use literature::{
    Flags, IRIW_SEQ_CST, SB_MIXED as MIXED, SB_RELEASE_ACQUIRE as RELEASE_ACQUIRE, SB_SEQ_CST as ALL_SEQ_CST,
    flags,
};

fn on_loom(scenario: &'static Scenario) -> racelab::report::Report {
    check(scenario, &scenario.variants[0], Backend::Loom, &quick_settings())
}

#[test]
fn all_seqcst_is_a_false_alarm_with_an_exhaustive_sc_search_as_evidence() {
    let report = on_loom(&ALL_SEQ_CST);
    assert!(report.observation.seen.contains_key("0, 0"), "loom over-approximates SeqCst");
    assert_eq!(report.observation.orderings, ["SeqCst"]);
    let evidence = report.observation.cross_check.as_ref().expect("the SC search ran by itself");
    assert!(evidence.exhaustive && !evidence.reachable.contains(&"0, 0".to_string()));
    assert_eq!(report.verdict, Verdict::FalseAlarm, "{}", report.render());
}

#[test]
fn release_acquire_is_a_real_weak_behaviour_rc11_confirms() {
    let report = on_loom(&RELEASE_ACQUIRE);
    assert_eq!(report.verdict, Verdict::Violated, "{}", report.render());
    // No SeqCst, yet loom's read-modify-writes may still mislead it (loom issue 254): rc11 judges.
    let check = report.observation.cross_check.as_ref().expect("rc11 decided");
    assert!(check.method.starts_with("rc11") && check.exhaustive, "{check:?}");
    assert!(check.reachable.contains(&"0, 0".to_string()), "release/acquire allows store buffering");
    assert!(report.observation.unconfirmed.is_none());
}

#[test]
fn seqcst_mixed_with_relaxed_is_decided_by_rc11_and_stands_confirmed() {
    let report = on_loom(&MIXED);
    assert_eq!(report.verdict, Verdict::Violated, "{}", report.render());
    let check = report.observation.cross_check.as_ref().expect("rc11 decided");
    assert!(check.method.starts_with("rc11") && check.exhaustive, "{check:?}");
    assert!(check.reachable.contains(&"0, 0".to_string()), "relaxed loads may read the initial values");
    assert!(report.observation.unconfirmed.is_none());
}

/// Mixed store buffering beside an `RwLock`, which rc11 models as a read-modify-write of a hidden
/// location like every lock.
struct Locked {
    flags: Flags,
    _lock: RwLock<()>,
}

static MIXED_WITH_A_LOCK: Scenario = Scenario {
    id: "weak_06_sb_mixed_with_a_lock",
    title: "store buffering, SeqCst stores, relaxed loads, and a lock",
    intent: "",
    explanation: "",
    preemption_bound: None,
    variants: &[Variant {
        name: "mine",
        claim: Claim::Correct,
        outcomes: &[outcome("0, 0", Forbidden, "both loads missed both stores")],
        otherwise: Acceptable,
        program: &Actors {
            setup: || Locked { flags: flags(), _lock: RwLock::named("lock", ()) },
            actors: &[
                Actor {
                    name: "t1",
                    run: |l: &Locked| {
                        l.flags.x.store(1, SeqCst);
                        l.flags.y.load(Relaxed) as i64
                    },
                },
                Actor {
                    name: "t2",
                    run: |l: &Locked| {
                        l.flags.y.store(1, SeqCst);
                        l.flags.x.load(Relaxed) as i64
                    },
                },
            ],
            observe: |_, r| Outcome::values([r[0], r[1]]),
        },
    }],
};

#[test]
fn seqcst_mixed_with_relaxed_beside_an_rwlock_is_decided_by_rc11_too() {
    let report = on_loom(&MIXED_WITH_A_LOCK);
    assert_eq!(report.verdict, Verdict::Violated, "{}", report.render());
    let check = report.observation.cross_check.as_ref().expect("rc11 models the RwLock and decides");
    assert!(check.method.starts_with("rc11") && check.exhaustive, "{check:?}");
    assert!(check.reachable.contains(&"0, 0".to_string()), "relaxed loads may read the initial values");
    assert!(report.observation.unconfirmed.is_none());
}

#[test]
fn loom_alone_reports_iriw_all_seqcst_and_the_sc_search_refutes_it() {
    let report = on_loom(&IRIW_SEQ_CST);
    assert!(report.observation.seen.contains_key("10, 10"), "loom over-approximates SeqCst accesses");
    assert_eq!(report.verdict, Verdict::FalseAlarm, "{}", report.render());
}

/// Release/acquire store buffering whose observer reads the flags with `SeqCst` after the join.
static OBSERVED_WITH_SEQ_CST: Scenario = Scenario {
    id: "weak_05_sb_release_acquire_seqcst_observer",
    title: "store buffering, release/acquire, an observer reading with SeqCst",
    intent: "",
    explanation: "",
    preemption_bound: None,
    variants: &[Variant {
        name: "mine",
        claim: Claim::Correct,
        outcomes: &[outcome("0, 0", Forbidden, "both loads missed both stores")],
        otherwise: Acceptable,
        program: &Actors {
            setup: flags,
            actors: &[
                Actor {
                    name: "t1",
                    run: |f: &Flags| {
                        f.x.store(1, Release);
                        f.y.load(Acquire) as i64
                    },
                },
                Actor {
                    name: "t2",
                    run: |f: &Flags| {
                        f.y.store(1, Release);
                        f.x.load(Acquire) as i64
                    },
                },
            ],
            // The observer's ordering is no part of the race: the actors are joined by then.
            observe: |f, r| {
                let _ = f.x.load(SeqCst) + f.y.load(SeqCst);
                Outcome::values([r[0], r[1]])
            },
        },
    }],
};

#[test]
fn an_observers_orderings_do_not_count_only_the_actors_do() {
    let report = on_loom(&OBSERVED_WITH_SEQ_CST);
    assert_eq!(report.observation.orderings, ["Release", "Acquire"]);
    assert_eq!(report.verdict, Verdict::Violated);
    assert!(report.observation.unconfirmed.is_none(), "no SeqCst among the actors: it stands, confirmed");
}

/// t1 writes x and reads it back; t2 writes x too.
static READ_OWN_WRITE: Actors<Flags, i64> = Actors {
    setup: flags,
    actors: &[
        Actor {
            name: "t1",
            run: |f: &Flags| {
                f.x.store(1, Relaxed);
                f.x.load(Relaxed) as i64
            },
        },
        Actor {
            name: "t2",
            run: |f: &Flags| {
                f.x.store(2, Relaxed);
                0
            },
        },
    ],
    observe: |_, r| Outcome::value(r[0]),
};

#[test]
fn a_read_newer_than_its_own_store_is_labelled_so_and_never_stale() {
    let seen =
        racelab::backend::loom::explore(&READ_OWN_WRITE, &racelab::backend::loom::LoomConfig::with_bound(2));
    let witness = seen.seen["2"].witness.as_ref().expect("loom keeps a witness").render();
    assert!(witness.contains("x.load(Relaxed) -> 2  (newer than its own store 1)"), "{witness}");
    assert!(!witness.contains("stale"), "coherence: it cannot be older than its own store: {witness}");
}

#[test]
fn a_2_2w_witness_shows_each_locations_modification_order_and_the_observers_loads() {
    let report = on_loom(&literature::TWO_PLUS_TWO_W_RELEASE);
    let witness = report.observation.seen["1, 1"].witness.as_ref().expect("loom keeps a witness").render();
    assert!(
        witness.contains("observer, after the join: x.load(Relaxed) -> 1 · y.load(Relaxed) -> 1"),
        "{witness}"
    );
    // Each location's first store landed last: the order the final reads demand.
    assert!(witness.contains("x: 2 (t2), 1 (t1) · y: 2 (t1), 1 (t2)"), "{witness}");
}
