//! loom's `SeqCst` over-approximation, told apart from real weak behaviour by what the program's
//! orderings allow, never by what the scenario declares: each program here declares nothing but
//! its claim and its Forbidden outcome.

use racelab::backend::Backend;
use racelab::check::{check, quick_settings};
use racelab::prelude::*;
use racelab::verdict::Verdict;

/// Two flags, each thread stores to one and loads the other (store buffering).
struct Flags {
    x: AtomicUsize,
    y: AtomicUsize,
}

fn flags() -> Flags {
    Flags { x: AtomicUsize::named("x", 0), y: AtomicUsize::named("y", 0) }
}

fn values(_: &Flags, r: &[i64]) -> Outcome {
    Outcome::values([r[0], r[1]])
}

/// One store-buffering program: each thread stores with `store`, then loads with `load`.
macro_rules! store_buffering {
    ($name:ident, $id:literal, $store:expr, $load:expr) => {
        static $name: Scenario = Scenario {
            id: $id,
            title: "store buffering, claimed correct",
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
                                f.x.store(1, $store);
                                f.y.load($load) as i64
                            },
                        },
                        Actor {
                            name: "t2",
                            run: |f: &Flags| {
                                f.y.store(1, $store);
                                f.x.load($load) as i64
                            },
                        },
                    ],
                    observe: values,
                },
            }],
        };
    };
}

store_buffering!(ALL_SEQ_CST, "weak_01_sb_all_seqcst", SeqCst, SeqCst);
store_buffering!(RELEASE_ACQUIRE, "weak_02_sb_release_acquire", Release, Acquire);
store_buffering!(MIXED, "weak_03_sb_seqcst_stores_relaxed_loads", SeqCst, Relaxed);

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
fn release_acquire_is_a_real_weak_behaviour_and_stands() {
    let report = on_loom(&RELEASE_ACQUIRE);
    assert_eq!(report.verdict, Verdict::Violated, "{}", report.render());
    assert!(report.observation.cross_check.is_none(), "no SeqCst: loom's artefact cannot apply");
    assert!(report.observation.unconfirmed.is_none());
}

#[test]
fn seqcst_mixed_with_relaxed_stands_unconfirmed_and_names_the_check_that_would_decide() {
    let report = on_loom(&MIXED);
    assert_eq!(report.verdict, Verdict::Violated, "{}", report.render());
    assert!(report.observation.cross_check.is_none(), "an SC search cannot decide a mixed program");
    let why = report.observation.unconfirmed.as_deref().expect("marked unconfirmed");
    assert!(why.contains("Relaxed") && why.contains("RC11"), "{why}");
    assert!(report.render().contains("unconfirmed: the program mixes SeqCst with Relaxed"));
}

/// Every backend in-process, then the combined verdict.
fn combined_of(scenario: &'static Scenario) -> (Verdict, Vec<racelab::combined::Class>) {
    let mut settings = quick_settings();
    settings.stress.duration = std::time::Duration::from_millis(100);
    let reports: Vec<_> =
        Backend::ALL.into_iter().map(|b| check(scenario, &scenario.variants[0], b, &settings)).collect();
    let combined = racelab::combined::Combined::new(reports.iter().collect());
    (combined.verdict, combined.disagreements.iter().map(|d| d.class).collect())
}

#[test]
fn combined_all_seqcst_is_verified_and_loom_alone_is_an_over_approximation() {
    use racelab::combined::Class;
    let (verdict, classes) = combined_of(&ALL_SEQ_CST);
    assert_eq!(verdict, Verdict::Verified);
    assert!(classes.contains(&Class::OverApproximation), "{classes:?}");
}

#[test]
fn combined_release_acquire_is_violated_and_shuttle_has_a_blind_spot() {
    use racelab::combined::Class;
    let (verdict, classes) = combined_of(&RELEASE_ACQUIRE);
    assert_eq!(verdict, Verdict::Violated, "a real weak behaviour, whatever shuttle says");
    assert!(classes.contains(&Class::BlindSpot), "{classes:?}");
}

/// Independent reads of independent writes: two writers, two readers reading both locations in
/// opposite orders. All `SeqCst`: the readers must agree on the order of the writes.
struct Iriw {
    x: AtomicUsize,
    y: AtomicUsize,
}

fn iriw_reads(r: &[i64]) -> Outcome {
    // Each reader returns its two reads as one number: 10 * first + second.
    Outcome::values([r[2], r[3]])
}

static IRIW_SEQ_CST: Scenario = Scenario {
    id: "weak_04_iriw_all_seqcst",
    title: "IRIW, every access SeqCst, claimed correct",
    intent: "",
    explanation: "",
    preemption_bound: None,
    variants: &[Variant {
        name: "mine",
        claim: Claim::Correct,
        // Reader 1 saw x then not y (10), reader 2 saw y then not x (10): the writes in two orders.
        outcomes: &[outcome("10, 10", Forbidden, "the readers disagree on the order of the writes")],
        otherwise: Acceptable,
        program: &Actors {
            setup: || Iriw { x: AtomicUsize::named("x", 0), y: AtomicUsize::named("y", 0) },
            actors: &[
                Actor {
                    name: "wx",
                    run: |s: &Iriw| {
                        s.x.store(1, SeqCst);
                        0
                    },
                },
                Actor {
                    name: "wy",
                    run: |s: &Iriw| {
                        s.y.store(1, SeqCst);
                        0
                    },
                },
                Actor { name: "r1", run: |s: &Iriw| 10 * s.x.load(SeqCst) as i64 + s.y.load(SeqCst) as i64 },
                Actor { name: "r2", run: |s: &Iriw| 10 * s.y.load(SeqCst) as i64 + s.x.load(SeqCst) as i64 },
            ],
            observe: |_, r| iriw_reads(r),
        },
    }],
};

#[test]
fn combined_iriw_all_seqcst_is_verified_whatever_loom_alone_reports() {
    let (verdict, _) = combined_of(&IRIW_SEQ_CST);
    assert_eq!(verdict, Verdict::Verified);
}

#[test]
fn loom_alone_reports_iriw_all_seqcst_and_the_sc_search_refutes_it() {
    let report = on_loom(&IRIW_SEQ_CST);
    assert!(report.observation.seen.contains_key("10, 10"), "loom over-approximates SeqCst (FINDINGS)");
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
    let seen = racelab::backend::loom::explore(&READ_OWN_WRITE, &LoomConfig::with_bound(2));
    let witness = seen.seen["2"].witness.as_ref().expect("loom keeps a witness").render();
    assert!(witness.contains("x.load(Relaxed) -> 2  (newer than its own store 1)"), "{witness}");
    assert!(!witness.contains("stale"), "coherence: it cannot be older than its own store: {witness}");
}
