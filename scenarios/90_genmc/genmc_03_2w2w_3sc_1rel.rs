//! # genmc_03_2w2w_3sc_1rel: SeqCst stores, one of them only Release (2+2W)
//!
//! Two threads write x and y in opposite orders, three stores SeqCst and one Release: in `release1` the
//! second thread's first store, in `release2` its second. The final x and y may be any pair of the written
//! values.
//!
//! Run it: `racelab check genmc_03_2w2w_3sc_1rel`, or `cargo test genmc_03`.
//!
//! GenMC's litmus test 2+2W+3sc+rel1, from rust-lang/miri's `tests/genmc/pass/litmus/2w2w_3sc_1rel.rs`: GenMC
//! counts 4 executions of `release1`, 4 executions of `release2`; `tests/genmc.rs` asserts rc11's counts.
//! With one store out of the SeqCst order, nothing forbids each thread's first write from landing last: every
//! order of the two writes of x and of y is consistent, four executions in each variant, and the final `1, 1`
//! is one of them.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("release1", 4), ("release2", 4)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/2w2w_3sc_1rel.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct Xy {
    x: AtomicU64,
    y: AtomicU64,
}

fn xy() -> Xy {
    Xy { x: AtomicU64::named("x", 0), y: AtomicU64::named("y", 0) }
}

/// The final `x, y`, read after every thread is joined.
fn final_xy(s: &Xy, order: Ordering) -> Outcome {
    Outcome::values([s.x.load(order) as i64, s.y.load(order) as i64])
}
// ANCHOR_END: shared

// ANCHOR: release1
// The final (x, y) after the join.
/// 2+2W: SeqCst, but t2's first store Release
static RELEASE1: Actors<Xy, ()> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xy| {
                s.x.store(1, SeqCst);
                s.y.store(2, SeqCst);
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xy| {
                s.y.store(1, Release);
                s.x.store(2, SeqCst);
            },
        },
    ],
    observe: |s, _| final_xy(s, Relaxed),
};
// ANCHOR_END: release1

// ANCHOR: release2
/// 2+2W: SeqCst, but t2's second store Release
static RELEASE2: Actors<Xy, ()> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xy| {
                s.x.store(1, SeqCst);
                s.y.store(2, SeqCst);
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xy| {
                s.y.store(1, SeqCst);
                s.x.store(2, Release);
            },
        },
    ],
    observe: |s, _| final_xy(s, Relaxed),
};
// ANCHOR_END: release2

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_03_2w2w_3sc_1rel",
    title: "2+2W: SeqCst stores, one of them only Release",
    intent: "Two threads write x and y in opposite orders, three stores SeqCst and one Release: in \
             `release1` the second thread's first store, in `release2` its second. The final x and y may be \
             any pair of the written values.",
    explanation: "With one store out of the SeqCst order, nothing forbids each thread's first write from \
                  landing last: every order of the two writes of x and of y is consistent, four executions \
                  in each variant, and the final `1, 1` is one of them.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "release1",
            claim: Claim::Correct,
            outcomes: &[
                outcome("1, 2", Acceptable, "accepted by the original's final check"),
                outcome("1, 1", Acceptable, "accepted by the original's final check"),
                outcome("2, 2", Acceptable, "accepted by the original's final check"),
                outcome("2, 1", Acceptable, "accepted by the original's final check"),
            ],
            otherwise: Forbidden,
            program: &RELEASE1,
        },
        Variant {
            name: "release2",
            claim: Claim::Correct,
            outcomes: &[
                outcome("1, 2", Acceptable, "accepted by the original's final check"),
                outcome("1, 1", Acceptable, "accepted by the original's final check"),
                outcome("2, 2", Acceptable, "accepted by the original's final check"),
                outcome("2, 1", Acceptable, "accepted by the original's final check"),
            ],
            otherwise: Forbidden,
            program: &RELEASE2,
        },
    ],
};
