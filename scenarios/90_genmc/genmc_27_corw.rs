//! # genmc_27_corw: a read then a write, against a write (CoRW)
//!
//! One thread reads x, then writes 1 to it; another writes 2. The read never reads its own thread's later
//! write.
//!
//! Run it: `racelab check genmc_27_corw`, or `cargo test genmc_27`.
//!
//! GenMC's litmus test CoRW, from rust-lang/miri's `tests/genmc/pass/litmus/corw.rs`: GenMC counts 3
//! executions; `tests/genmc.rs` asserts rc11's counts. The read takes 0 or 2, never the 1 its own thread
//! writes after it; with the orders of the two writes that coherence allows, three executions.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 3)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/corw.rs";

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
/// CoRW as the original runs it.
static PORTED: Actors<X, i64> = Actors {
    setup: x,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &X| {
                let a = s.x.load(Acquire) as i64;
                s.x.store(1, Release);
                a
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
    id: "genmc_27_corw",
    title: "CoRW: a read then a write, against a write",
    intent: "One thread reads x, then writes 1 to it; another writes 2. The read never reads its own \
             thread's later write.",
    explanation: "The read takes 0 or 2, never the 1 its own thread writes after it; with the orders of the \
                  two writes that coherence allows, three executions.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        // a: the read, never its own thread's later write
        outcomes: &[
            outcome("0", Acceptable, "accepted by the original's final check"),
            outcome("2", Acceptable, "accepted by the original's final check"),
        ],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
