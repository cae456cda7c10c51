//! # genmc_19_atomicpo: two stores around an acq-rel fence, two swaps (atomicpo)
//!
//! One thread stores x then y, relaxed, with an acquire-release fence between; the other swaps y then x. The
//! program checks nothing at its end.
//!
//! Run it: `racelab check genmc_19_atomicpo`, or `cargo test genmc_19`.
//!
//! GenMC's litmus test atomicpo, from rust-lang/miri's `tests/genmc/pass/litmus/atomicpo.rs`: GenMC counts 4
//! executions; `tests/genmc.rs` asserts rc11's counts. Each swap lands before or after the store of its
//! location: four orders, all consistent, since relaxed swaps synchronise with nothing.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 4)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/atomicpo.rs";

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
/// atomicpo as the original runs it.
static PORTED: Actors<Xy, ()> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xy| {
                s.x.store(1, Relaxed);
                fence(AcqRel);
                s.y.store(1, Relaxed);
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xy| {
                s.y.swap(1, Relaxed);
                s.x.swap(1, Relaxed);
            },
        },
    ],
    observe: finished,
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_19_atomicpo",
    title: "atomicpo: two stores around an acq-rel fence, two swaps",
    intent: "One thread stores x then y, relaxed, with an acquire-release fence between; the other swaps y \
             then x. The program checks nothing at its end.",
    explanation: "Each swap lands before or after the store of its location: four orders, all consistent, \
                  since relaxed swaps synchronise with nothing.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
