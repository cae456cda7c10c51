//! # genmc_24_corr0: two readers of one write (CoRR0)
//!
//! One thread writes 1 to x; two others each read x once. Every pair of old and new values may be read.
//!
//! Run it: `racelab check genmc_24_corr0`, or `cargo test genmc_24`.
//!
//! GenMC's litmus test CoRR0, from rust-lang/miri's `tests/genmc/pass/litmus/corr0.rs`: GenMC counts 4
//! executions; `tests/genmc.rs` asserts rc11's counts. Each read takes the initial 0 or the 1, independently:
//! four executions.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 4)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/corr0.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct X {
    x: AtomicU64,
}

fn x() -> X {
    X { x: AtomicU64::named("x", 0) }
}
// ANCHOR_END: shared

// ANCHOR: ported
/// CoRR0 as the original runs it.
static PORTED: Actors<X, i64> = Actors {
    setup: x,
    actors: &[
        Actor {
            name: "writer",
            run: |s: &X| {
                s.x.store(1, Release);
                0
            },
        },
        Actor { name: "reader1", run: |s: &X| s.x.load(Acquire) as i64 },
        Actor { name: "reader2", run: |s: &X| s.x.load(Acquire) as i64 },
    ],
    observe: |_, r| Outcome::values([r[1], r[2]]),
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_24_corr0",
    title: "CoRR0: two readers of one write",
    intent: "One thread writes 1 to x; two others each read x once. Every pair of old and new values may be \
             read.",
    explanation: "Each read takes the initial 0 or the 1, independently: four executions.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        // a, b: the two readers
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
