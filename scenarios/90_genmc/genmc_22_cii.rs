//! # genmc_22_cii: a compare-exchange against two increments (cii)
//!
//! One thread compare-exchanges x from 1 to 2, two others increment x. The program checks nothing at its end.
//!
//! Run it: `racelab check genmc_22_cii`, or `cargo test genmc_22`.
//!
//! GenMC's litmus test cii, from rust-lang/miri's `tests/genmc/pass/litmus/cii.rs`: GenMC counts 6
//! executions; `tests/genmc.rs` asserts rc11's counts. The two increments land in either order and the
//! compare-exchange reads 0, 1 or 2 on the way: GenMC counts six consistent executions, one for each place of
//! the compare-exchange among the increments' writes and each order of the increments.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 6)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/cii.rs";

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
/// cii as the original runs it.
static PORTED: Actors<X, ()> = Actors {
    setup: x,
    actors: &[
        Actor {
            name: "cas_1_to_2",
            run: |s: &X| {
                let _ = s.x.compare_exchange(1, 2, Relaxed, Relaxed);
            },
        },
        Actor {
            name: "inc1",
            run: |s: &X| {
                s.x.fetch_add(1, Relaxed);
            },
        },
        Actor {
            name: "inc2",
            run: |s: &X| {
                s.x.fetch_add(1, Relaxed);
            },
        },
    ],
    observe: finished,
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_22_cii",
    title: "cii: a compare-exchange against two increments",
    intent: "One thread compare-exchanges x from 1 to 2, two others increment x. The program checks nothing \
             at its end.",
    explanation: "The two increments land in either order and the compare-exchange reads 0, 1 or 2 on the \
                  way: GenMC counts six consistent executions, one for each place of the compare-exchange \
                  among the increments' writes and each order of the increments.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
