//! # genmc_21_ccr: two compare-exchanges from 0, one then reads (ccr)
//!
//! Two threads each compare-exchange x from 0, to 42 and to 17; the second then reads x. The program checks
//! nothing at its end.
//!
//! Run it: `racelab check genmc_21_ccr`, or `cargo test genmc_21`.
//!
//! GenMC's litmus test ccr, from rust-lang/miri's `tests/genmc/pass/litmus/ccr.rs`: GenMC counts 2
//! executions; `tests/genmc.rs` asserts rc11's counts. Exactly one compare-exchange reads 0 and succeeds, the
//! other reads its write and fails: two executions, the later read reading the last write in both.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 2)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/ccr.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct X {
    x: AtomicU64,
}

fn x() -> X {
    X { x: AtomicU64::named("x", 0) }
}

/// The outcome of a program that checks nothing at its end: it ran to its end.
fn finished<S, R>(_: &S, _: &[R]) -> Outcome {
    Outcome::label("finished")
}
// ANCHOR_END: shared

// ANCHOR: ported
/// ccr as the original runs it.
static PORTED: Actors<X, ()> = Actors {
    setup: x,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &X| {
                let _ = s.x.compare_exchange(0, 42, Relaxed, Relaxed);
            },
        },
        Actor {
            name: "t2",
            run: |s: &X| {
                let _ = s.x.compare_exchange(0, 17, Relaxed, Relaxed);
                s.x.load(Relaxed);
            },
        },
    ],
    observe: finished,
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_21_ccr",
    title: "ccr: two compare-exchanges from 0, one then reads",
    intent: "Two threads each compare-exchange x from 0, to 42 and to 17; the second then reads x. The \
             program checks nothing at its end.",
    explanation: "Exactly one compare-exchange reads 0 and succeeds, the other reads its write and fails: \
                  two executions, the later read reading the last write in both.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
