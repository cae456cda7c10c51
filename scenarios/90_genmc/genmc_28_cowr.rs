//! # genmc_28_cowr: a write then a read, against a write (CoWR)
//!
//! One thread writes 1 to x, then reads it; another writes 2. The read never reads a write older than its own
//! thread's.
//!
//! Run it: `racelab check genmc_28_cowr`, or `cargo test genmc_28`.
//!
//! GenMC's litmus test CoWR, from rust-lang/miri's `tests/genmc/pass/litmus/cowr.rs`: GenMC counts 3
//! executions; `tests/genmc.rs` asserts rc11's counts. The read takes its own thread's 1 or the other's 2,
//! never the initial 0; with the orders of the two writes that coherence allows, three executions.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 3)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/cowr.rs";

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
/// CoWR as the original runs it.
static PORTED: Actors<X, i64> = Actors {
    setup: x,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &X| {
                s.x.store(1, Release);
                s.x.load(Acquire) as i64
            },
        },
        Actor {
            name: "t2",
            run: |s: &X| {
                s.x.store(2, Release);
                0
            },
        },
    ],
    observe: |_, r| Outcome::value(r[0]),
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_28_cowr",
    title: "CoWR: a write then a read, against a write",
    intent: "One thread writes 1 to x, then reads it; another writes 2. The read never reads a write older \
             than its own thread's.",
    explanation: "The read takes its own thread's 1 or the other's 2, never the initial 0; with the orders \
                  of the two writes that coherence allows, three executions.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        // a: the read, never older than its own thread's write
        outcomes: &[
            outcome("1", Acceptable, "accepted by the original's final check"),
            outcome("2", Acceptable, "accepted by the original's final check"),
        ],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
