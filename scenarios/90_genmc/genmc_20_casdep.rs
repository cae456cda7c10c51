//! # genmc_20_casdep: a compare-exchange expecting the value just read (casdep)
//!
//! One thread reads x, compare-exchanges y from that value to 1 and writes the value to z; another writes 2
//! to y. The program checks nothing at its end.
//!
//! Run it: `racelab check genmc_20_casdep`, or `cargo test genmc_20`.
//!
//! GenMC's litmus test casdep, from rust-lang/miri's `tests/genmc/pass/litmus/casdep.rs`: GenMC counts 2
//! executions; `tests/genmc.rs` asserts rc11's counts. x is only ever 0, so the compare-exchange expects 0:
//! it reads the initial y and succeeds, or reads 2 and fails. Two executions.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 2)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/casdep.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct Xyz {
    x: AtomicU64,
    y: AtomicU64,
    z: AtomicU64,
}

fn xyz() -> Xyz {
    Xyz { x: AtomicU64::named("x", 0), y: AtomicU64::named("y", 0), z: AtomicU64::named("z", 0) }
}

/// The outcome of a program that checks nothing at its end: it ran to its end.
fn finished<S, R>(_: &S, _: &[R]) -> Outcome {
    Outcome::label("finished")
}
// ANCHOR_END: shared

// ANCHOR: ported
/// casdep as the original runs it.
static PORTED: Actors<Xyz, ()> = Actors {
    setup: xyz,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xyz| {
                let a = s.x.load(Relaxed);
                let _ = s.y.compare_exchange(a, 1, Relaxed, Relaxed);
                s.z.store(a, Relaxed);
            },
        },
        Actor { name: "t2", run: |s: &Xyz| s.y.store(2, Relaxed) },
    ],
    observe: finished,
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_20_casdep",
    title: "casdep: a compare-exchange expecting the value just read",
    intent: "One thread reads x, compare-exchanges y from that value to 1 and writes the value to z; \
             another writes 2 to y. The program checks nothing at its end.",
    explanation: "x is only ever 0, so the compare-exchange expects 0: it reads the initial y and succeeds, \
                  or reads 2 and fails. Two executions.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
