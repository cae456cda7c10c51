//! # genmc_12_mpu_rels_acq: message passing through an increment (MPU+rels+acq)
//!
//! A sender writes x, then a release store of 0 and a relaxed store of 1 to y; another thread increments y; a
//! receiver reads y with Acquire and writes x when it read more than 1. The program checks nothing at its
//! end.
//!
//! Run it: `racelab check genmc_12_mpu_rels_acq`, or `cargo test genmc_12`.
//!
//! GenMC's litmus test MPU+rels+acq, from rust-lang/miri's `tests/genmc/pass/litmus/MPU_rels_acq.rs`: GenMC
//! counts 13 executions; `tests/genmc.rs` asserts rc11's counts. GenMC counts 13 consistent executions of the
//! choices: where the increment lands among the sender's writes of y, which write of y the receiver reads,
//! and, when it writes x, the order of the two writes of x.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 13)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/MPU_rels_acq.rs";

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
/// MPU+rels+acq as the original runs it.
static PORTED: Actors<Xy, i64> = Actors {
    setup: xy,
    actors: &[
        Actor { name: "sender", run: send_then_relaxed_flag },
        Actor {
            name: "increment",
            run: |s: &Xy| {
                s.y.fetch_add(1, Relaxed);
                0
            },
        },
        Actor {
            name: "receiver",
            run: |s: &Xy| {
                if s.y.load(Acquire) > 1 {
                    s.x.store(2, Relaxed);
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
    id: "genmc_12_mpu_rels_acq",
    title: "MPU+rels+acq: message passing through an increment",
    intent: "A sender writes x, then a release store of 0 and a relaxed store of 1 to y; another thread \
             increments y; a receiver reads y with Acquire and writes x when it read more than 1. The \
             program checks nothing at its end.",
    explanation: "GenMC counts 13 consistent executions of the choices: where the increment lands among the \
                  sender's writes of y, which write of y the receiver reads, and, when it writes x, the \
                  order of the two writes of x.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
