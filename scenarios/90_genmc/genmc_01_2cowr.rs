//! # genmc_01_2cowr: two readers, two release writers of two locations (2CoWR)
//!
//! Two threads each write 1 to their own location with Release, two others each read one of them with
//! Acquire: every pair of old and new values may be read.
//!
//! Run it: `racelab check genmc_01_2cowr`, or `cargo test genmc_01`.
//!
//! GenMC's litmus test 2CoWR, from rust-lang/miri's `tests/genmc/pass/litmus/2cowr.rs`: GenMC counts 4
//! executions; `tests/genmc.rs` asserts rc11's counts. Each read has two writes to choose from, the initial 0
//! and the 1, and nothing relates the two reads: four executions, all consistent, one for each pair of
//! values.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 4)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/2cowr.rs";

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
/// 2CoWR as the original runs it.
static PORTED: Actors<Xy, i64> = Actors {
    setup: xy,
    actors: &[
        Actor { name: "read_y", run: |s: &Xy| s.y.load(Acquire) as i64 },
        Actor { name: "read_x", run: |s: &Xy| s.x.load(Acquire) as i64 },
        Actor {
            name: "write_x",
            run: |s: &Xy| {
                s.x.store(1, Release);
                0
            },
        },
        Actor {
            name: "write_y",
            run: |s: &Xy| {
                s.y.store(1, Release);
                0
            },
        },
    ],
    observe: |_, r| Outcome::values([r[0], r[1]]),
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_01_2cowr",
    title: "2CoWR: two readers, two release writers of two locations",
    intent: "Two threads each write 1 to their own location with Release, two others each read one of them \
             with Acquire: every pair of old and new values may be read.",
    explanation: "Each read has two writes to choose from, the initial 0 and the 1, and nothing relates the \
                  two reads: four executions, all consistent, one for each pair of values.",
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
