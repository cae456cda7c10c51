//! # genmc_30_default: a reader reading twice, two writers (default)
//!
//! One thread reads x twice; two others write 1 and 2. The second read never goes back to a write older than
//! the first's.
//!
//! Run it: `racelab check genmc_30_default`, or `cargo test genmc_30`.
//!
//! GenMC's litmus test default, from rust-lang/miri's `tests/genmc/pass/litmus/default.rs`: GenMC counts 12
//! executions; `tests/genmc.rs` asserts rc11's counts. Two orders of the writes, and in each the pairs of
//! reads that follow it: twelve consistent executions, which print the seven lines accepted here.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 12)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/default.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct X {
    x: AtomicU64,
}

fn x() -> X {
    X { x: AtomicU64::named("x", 0) }
}

/// The release writers of 1 and of 2 to x, for the coherence tests.
fn write1(s: &X) -> (i64, i64) {
    s.x.store(1, Release);
    (0, 0)
}

fn write2(s: &X) -> (i64, i64) {
    s.x.store(2, Release);
    (0, 0)
}

fn read_twice(s: &X) -> (i64, i64) {
    (s.x.load(Acquire) as i64, s.x.load(Acquire) as i64)
}
// ANCHOR_END: shared

// ANCHOR: ported
/// default as the original runs it.
static PORTED: Actors<X, (i64, i64)> = Actors {
    setup: x,
    actors: &[
        Actor { name: "reader", run: read_twice },
        Actor { name: "write1", run: write1 },
        Actor { name: "write2", run: write2 },
    ],
    observe: |_, r: &[(i64, i64)]| Outcome::values([r[0].0, r[0].1]),
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_30_default",
    title: "default: a reader reading twice, two writers",
    intent: "One thread reads x twice; two others write 1 and 2. The second read never goes back to a write \
             older than the first's.",
    explanation: "Two orders of the writes, and in each the pairs of reads that follow it: twelve \
                  consistent executions, which print the seven lines accepted here.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        // a, b: the two reads
        outcomes: &[
            outcome("0, 0", Acceptable, "accepted by the original's final check"),
            outcome("0, 1", Acceptable, "accepted by the original's final check"),
            outcome("0, 2", Acceptable, "accepted by the original's final check"),
            outcome("1, 1", Acceptable, "accepted by the original's final check"),
            outcome("1, 2", Acceptable, "accepted by the original's final check"),
            outcome("2, 1", Acceptable, "accepted by the original's final check"),
            outcome("2, 2", Acceptable, "accepted by the original's final check"),
        ],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
