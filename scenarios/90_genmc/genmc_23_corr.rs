//! # genmc_23_corr: two reads of one thread's two writes (CoRR)
//!
//! One thread writes 1 then 2 to x; another reads x twice. The second read never sees an older write than the
//! first.
//!
//! Run it: `racelab check genmc_23_corr`, or `cargo test genmc_23`.
//!
//! GenMC's litmus test CoRR, from rust-lang/miri's `tests/genmc/pass/litmus/corr.rs`: GenMC counts 6
//! executions; `tests/genmc.rs` asserts rc11's counts. Read-read coherence: both reads read 0, 1 or 2, and
//! the second never reads a write older in x's modification order than the first's. Six of the nine pairs
//! remain.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 6)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/corr.rs";

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
/// CoRR as the original runs it.
static PORTED: Actors<X, (i64, i64)> = Actors {
    setup: x,
    actors: &[
        Actor {
            name: "writer",
            run: |s: &X| {
                s.x.store(1, Release);
                s.x.store(2, Release);
                (0, 0)
            },
        },
        Actor { name: "reader", run: |s: &X| (s.x.load(Acquire) as i64, s.x.load(Acquire) as i64) },
    ],
    observe: |_, r: &[(i64, i64)]| Outcome::values([r[1].0, r[1].1]),
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_23_corr",
    title: "CoRR: two reads of one thread's two writes",
    intent: "One thread writes 1 then 2 to x; another reads x twice. The second read never sees an older \
             write than the first.",
    explanation: "Read-read coherence: both reads read 0, 1 or 2, and the second never reads a write older \
                  in x's modification order than the first's. Six of the nine pairs remain.",
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
            outcome("2, 2", Acceptable, "accepted by the original's final check"),
        ],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
