//! # genmc_04_2w2w_4rel: four release stores, and the same under sequential consistency (2+2W)
//!
//! Two threads write x and y in opposite orders. In `weak` all four stores are Release; in `sc` every access
//! is SeqCst, as GenMC runs the original when Miri's weak-memory emulation is off.
//!
//! Run it: `racelab check genmc_04_2w2w_4rel`, or `cargo test genmc_04`.
//!
//! GenMC's litmus test 2+2W, from rust-lang/miri's `tests/genmc/pass/litmus/2w2w_4rel.rs`: GenMC counts 4
//! executions of `weak`, 3 executions of `sc`; `tests/genmc.rs` asserts rc11's counts. Release orders nothing
//! between two writes of different locations, so in `weak` each thread's first write may land last in both
//! orders: four executions, final `1, 1` among them. Sequential consistency puts the four stores in one order
//! that keeps each thread's program order, and there both first writes cannot come last: three executions,
//! never `1, 1`.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("weak", 4), ("sc", 3)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/2w2w_4rel.rs";

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

// ANCHOR: weak
// The original's stores are `Release`, `t2`'s pair first: the same program with the threads named
// the other way round.
/// 2+2W: four release stores
static WEAK: Actors<Xy, ()> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xy| {
                s.x.store(1, Release);
                s.y.store(2, Release);
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xy| {
                s.y.store(1, Release);
                s.x.store(2, Release);
            },
        },
    ],
    observe: |s, _| final_xy(s, Relaxed),
};
// ANCHOR_END: weak

// ANCHOR: sc
// GenMC under sequential consistency: every access SeqCst.
/// 2+2W under sequential consistency
static SC: Actors<Xy, ()> = Actors {
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
                s.x.store(2, SeqCst);
            },
        },
    ],
    observe: |s, _| final_xy(s, SeqCst),
};
// ANCHOR_END: sc

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_04_2w2w_4rel",
    title: "2+2W: four release stores, and the same under sequential consistency",
    intent: "Two threads write x and y in opposite orders. In `weak` all four stores are Release; in `sc` \
             every access is SeqCst, as GenMC runs the original when Miri's weak-memory emulation is off.",
    explanation: "Release orders nothing between two writes of different locations, so in `weak` each \
                  thread's first write may land last in both orders: four executions, final `1, 1` among \
                  them. Sequential consistency puts the four stores in one order that keeps each thread's \
                  program order, and there both first writes cannot come last: three executions, never `1, \
                  1`.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "weak",
            claim: Claim::Correct,
            outcomes: &[
                outcome("1, 2", Acceptable, "accepted by the original's final check"),
                outcome("1, 1", Acceptable, "accepted by the original's final check"),
                outcome("2, 2", Acceptable, "accepted by the original's final check"),
                outcome("2, 1", Acceptable, "accepted by the original's final check"),
            ],
            otherwise: Forbidden,
            program: &WEAK,
        },
        Variant {
            name: "sc",
            claim: Claim::Correct,
            outcomes: &[
                outcome("1, 2", Acceptable, "accepted by the original's final check"),
                outcome("1, 1", Acceptable, "accepted by the original's final check"),
                outcome("2, 2", Acceptable, "accepted by the original's final check"),
                outcome("2, 1", Acceptable, "accepted by the original's final check"),
            ],
            otherwise: Forbidden,
            program: &SC,
        },
    ],
};
