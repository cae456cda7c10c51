//! # genmc_36_viktor_relseq: six increments of one location in four threads (viktor-relseq)
//!
//! Four threads increment one location six times between them, with Acquire, Release and Relaxed. The program
//! checks nothing at its end.
//!
//! Run it: `racelab check genmc_36_viktor_relseq`, or `cargo test genmc_36`.
//!
//! GenMC's litmus test viktor-relseq, from rust-lang/miri's `tests/genmc/pass/litmus/viktor-relseq.rs`: GenMC
//! counts 180 executions; `tests/genmc.rs` asserts rc11's counts. Increments never lose a value, so an
//! execution is an order of the six increments that keeps each thread's own in program order: 6! / (2! 2!) =
//! 180.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 180)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/viktor-relseq.rs";

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
/// viktor-relseq as the original runs it.
static PORTED: Actors<X, ()> = Actors {
    setup: x,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &X| {
                s.x.fetch_add(1, Acquire);
                s.x.fetch_add(1, Relaxed);
            },
        },
        Actor {
            name: "t2",
            run: |s: &X| {
                s.x.fetch_add(1, Relaxed);
                s.x.fetch_add(1, Relaxed);
            },
        },
        Actor {
            name: "t3",
            run: |s: &X| {
                s.x.fetch_add(1, Release);
            },
        },
        Actor {
            name: "t4",
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
    id: "genmc_36_viktor_relseq",
    title: "viktor-relseq: six increments of one location in four threads",
    intent: "Four threads increment one location six times between them, with Acquire, Release and Relaxed. \
             The program checks nothing at its end.",
    explanation: "Increments never lose a value, so an execution is an order of the six increments that \
                  keeps each thread's own in program order: 6! / (2! 2!) = 180.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
