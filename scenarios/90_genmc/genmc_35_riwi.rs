//! # genmc_35_riwi: a read and an increment against an increment and a release write (riwi)
//!
//! One thread reads y, then increments x; the other increments x, then writes y with Release. The program
//! checks nothing at its end.
//!
//! Run it: `racelab check genmc_35_riwi`, or `cargo test genmc_35`.
//!
//! GenMC's litmus test riwi, from rust-lang/miri's `tests/genmc/pass/litmus/riwi.rs`: GenMC counts 3
//! executions; `tests/genmc.rs` asserts rc11's counts. The increments land in either order and the read of y
//! takes 0 or 1, except that reading 1 puts the other thread's increment first: three executions.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 3)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/riwi.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct Xy {
    x: AtomicU64,
    y: AtomicU64,
}

fn xy() -> Xy {
    Xy { x: AtomicU64::named("x", 0), y: AtomicU64::named("y", 0) }
}

/// The outcome of a program that checks nothing at its end: it ran to its end.
fn finished<S, R>(_: &S, _: &[R]) -> Outcome {
    Outcome::label("finished")
}
// ANCHOR_END: shared

// ANCHOR: ported
/// riwi as the original runs it.
static PORTED: Actors<Xy, ()> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xy| {
                s.y.load(Relaxed);
                s.x.fetch_add(1, Relaxed);
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xy| {
                s.x.fetch_add(1, Relaxed);
                s.y.store(1, Release);
            },
        },
    ],
    observe: finished,
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_35_riwi",
    title: "riwi: a read and an increment against an increment and a release write",
    intent: "One thread reads y, then increments x; the other increments x, then writes y with Release. The \
             program checks nothing at its end.",
    explanation: "The increments land in either order and the read of y takes 0 or 1, except that reading 1 \
                  puts the other thread's increment first: three executions.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
