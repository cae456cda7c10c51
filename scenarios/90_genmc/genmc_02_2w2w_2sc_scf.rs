//! # genmc_02_2w2w_2sc_scf: SeqCst stores against relaxed ones around an SC fence (2+2W)
//!
//! Two threads write x and y in opposite orders: one with two SeqCst stores, the other with two relaxed
//! stores on either side of a SeqCst fence. The program checks nothing at its end.
//!
//! Run it: `racelab check genmc_02_2w2w_2sc_scf`, or `cargo test genmc_02`.
//!
//! GenMC's litmus test 2+2W+2sc+scf, from rust-lang/miri's `tests/genmc/pass/litmus/2w2w_2sc_scf.rs`: GenMC
//! counts 3 executions; `tests/genmc.rs` asserts rc11's counts. An execution is an order of the two writes of
//! x and of the two writes of y: four. In the one where each thread's first write lands last in both orders,
//! the SeqCst stores and the fence would have to precede each other in the SeqCst order; RC11 forbids it,
//! leaving three.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 3)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/2w2w_2sc_scf.rs";

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
/// 2+2W+2sc+scf as the original runs it.
static PORTED: Actors<Xy, ()> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xy| {
                s.x.store(1, SeqCst);
                s.y.store(2, SeqCst);
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xy| {
                s.y.store(1, Relaxed);
                fence(SeqCst);
                s.x.store(2, Relaxed);
            },
        },
    ],
    observe: finished,
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_02_2w2w_2sc_scf",
    title: "2+2W: SeqCst stores against relaxed ones around an SC fence",
    intent: "Two threads write x and y in opposite orders: one with two SeqCst stores, the other with two \
             relaxed stores on either side of a SeqCst fence. The program checks nothing at its end.",
    explanation: "An execution is an order of the two writes of x and of the two writes of y: four. In the \
                  one where each thread's first write lands last in both orders, the SeqCst stores and the \
                  fence would have to precede each other in the SeqCst order; RC11 forbids it, leaving \
                  three.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
