//! # genmc_15_sb: store buffering, release/acquire (SB)
//!
//! Each thread writes its own location with Release, then reads the other's with Acquire. Every pair of
//! values may be read, `0, 0` included.
//!
//! Run it: `racelab check genmc_15_sb`, or `cargo test genmc_15`.
//!
//! GenMC's litmus test SB, from rust-lang/miri's `tests/genmc/pass/litmus/SB.rs`: GenMC counts 4 executions;
//! `tests/genmc.rs` asserts rc11's counts. Release and Acquire order nothing between a store and a later load
//! of another location, so both loads may read the initial values: all four pairs of values are consistent.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 4)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/SB.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct Xy {
    x: AtomicU64,
    y: AtomicU64,
}

fn xy() -> Xy {
    Xy { x: AtomicU64::named("x", 0), y: AtomicU64::named("y", 0) }
}
// ANCHOR_END: shared

// ANCHOR: ported
/// SB as the original runs it.
static PORTED: Actors<Xy, i64> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xy| {
                s.x.store(1, Release);
                s.y.load(Acquire) as i64
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xy| {
                s.y.store(1, Release);
                s.x.load(Acquire) as i64
            },
        },
    ],
    observe: |_, r| Outcome::values([r[0], r[1]]),
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_15_sb",
    title: "SB: store buffering, release/acquire",
    intent: "Each thread writes its own location with Release, then reads the other's with Acquire. Every \
             pair of values may be read, `0, 0` included.",
    explanation: "Release and Acquire order nothing between a store and a later load of another location, \
                  so both loads may read the initial values: all four pairs of values are consistent.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        // a (y read), b (x read)
        outcomes: &[
            outcome("0, 0", Acceptable, "accepted by the original's final check"),
            outcome("0, 1", Acceptable, "accepted by the original's final check"),
            outcome("1, 0", Acceptable, "accepted by the original's final check"),
            outcome("1, 1", Acceptable, "accepted by the original's final check"),
        ],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
