//! # genmc_14_mp_rels_acqf: a relaxed flag after a release store, an acquire fence (MP+rels+acqf)
//!
//! A sender writes x, then a release store of 0 and a relaxed store of 1 to y; a receiver reads y with a
//! relaxed load and, when it is not 0, reads x after an acquire fence. The program checks nothing at its end.
//!
//! Run it: `racelab check genmc_14_mp_rels_acqf`, or `cargo test genmc_14`.
//!
//! GenMC's litmus test MP+rels+acqf, from rust-lang/miri's `tests/genmc/pass/litmus/MP_rels_acqf.rs`: GenMC
//! counts 4 executions; `tests/genmc.rs` asserts rc11's counts. The receiver's read of y takes one of three
//! writes. Two hold 0 (the initial value and the release store), and the receiver stops. The relaxed store of
//! 1 does not continue the release store's release sequence, by C++20's rule, which Rust, GenMC and racelab's
//! rc11 follow (herdtools7's rc11.cat keeps C11's, where it would): reading it does not synchronise, and x
//! may read 0 or 1. Four executions.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 4)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/MP_rels_acqf.rs";

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

/// x, then a release write of 0 to y and a relaxed write of 1 after it: the sender of the MPU
/// tests.
fn send_then_relaxed_flag(s: &Xy) -> i64 {
    s.x.store(1, Relaxed);
    s.y.store(0, Release);
    s.y.store(1, Relaxed);
    0
}
// ANCHOR_END: shared

// ANCHOR: ported
/// MP+rels+acqf as the original runs it.
static PORTED: Actors<Xy, i64> = Actors {
    setup: xy,
    actors: &[
        Actor { name: "sender", run: send_then_relaxed_flag },
        Actor {
            name: "receiver",
            run: |s: &Xy| {
                if s.y.load(Relaxed) != 0 {
                    fence(Acquire);
                    s.x.load(Relaxed);
                }
                0
            },
        },
    ],
    observe: finished,
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_14_mp_rels_acqf",
    title: "MP+rels+acqf: a relaxed flag after a release store, an acquire fence",
    intent: "A sender writes x, then a release store of 0 and a relaxed store of 1 to y; a receiver reads y \
             with a relaxed load and, when it is not 0, reads x after an acquire fence. The program checks \
             nothing at its end.",
    explanation: "The receiver's read of y takes one of three writes. Two hold 0 (the initial value and the \
                  release store), and the receiver stops. The relaxed store of 1 does not continue the \
                  release store's release sequence, by C++20's rule, which Rust, GenMC and racelab's rc11 \
                  follow (herdtools7's rc11.cat keeps C11's, where it would): reading it does not \
                  synchronise, and x may read 0 or 1. Four executions.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
