//! # genmc_16_sb_2sc_scf: a SeqCst store and load against relaxed ones around an SC fence (SB+2sc+scf)
//!
//! Store buffering: one thread stores and loads with SeqCst, the other stores and loads relaxed, with a
//! SeqCst fence in between. The program checks nothing at its end.
//!
//! Run it: `racelab check genmc_16_sb_2sc_scf`, or `cargo test genmc_16`.
//!
//! GenMC's litmus test SB+2sc+scf, from rust-lang/miri's `tests/genmc/pass/litmus/SB_2sc_scf.rs`: GenMC
//! counts 3 executions; `tests/genmc.rs` asserts rc11's counts. Of the four pairs of values, both loads
//! reading 0 would put the SeqCst accesses and the fence before each other in the SeqCst order; RC11 forbids
//! it, leaving three executions.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 3)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/SB_2sc_scf.rs";

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
/// SB+2sc+scf as the original runs it.
static PORTED: Actors<Xy, ()> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xy| {
                s.x.store(1, SeqCst);
                s.y.load(SeqCst);
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xy| {
                s.y.store(1, Relaxed);
                fence(SeqCst);
                s.x.load(Relaxed);
            },
        },
    ],
    observe: finished,
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_16_sb_2sc_scf",
    title: "SB+2sc+scf: a SeqCst store and load against relaxed ones around an SC fence",
    intent: "Store buffering: one thread stores and loads with SeqCst, the other stores and loads relaxed, \
             with a SeqCst fence in between. The program checks nothing at its end.",
    explanation: "Of the four pairs of values, both loads reading 0 would put the SeqCst accesses and the \
                  fence before each other in the SeqCst order; RC11 forbids it, leaving three executions.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
