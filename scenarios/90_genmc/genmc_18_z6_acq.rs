//! # genmc_18_z6_acq: a cycle of three threads, two SC fences (Z6+acq)
//!
//! Three threads: one writes x and y on either side of a SeqCst fence, one reads y with Acquire then writes
//! z, one writes z and reads x on either side of a SeqCst fence. The program checks nothing at its end.
//!
//! Run it: `racelab check genmc_18_z6_acq`, or `cargo test genmc_18`.
//!
//! GenMC's litmus test Z6+acq, from rust-lang/miri's `tests/genmc/pass/litmus/Z6_acq.rs`: GenMC counts 7
//! executions; `tests/genmc.rs` asserts rc11's counts. The reads of y and x each take 0 or 1 and the two
//! writes of z land in either order: eight combinations. The one where y is read as 1, the second thread's z
//! lands first and x is read as 0 puts the two fences before each other; RC11 forbids it, leaving seven.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 7)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/Z6_acq.rs";

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
/// Z6+acq as the original runs it.
static PORTED: Actors<Xyz, ()> = Actors {
    setup: xyz,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xyz| {
                s.x.store(1, Relaxed);
                fence(SeqCst);
                s.y.store(1, Relaxed);
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xyz| {
                s.y.load(Acquire);
                s.z.store(1, Relaxed);
            },
        },
        Actor {
            name: "t3",
            run: |s: &Xyz| {
                s.z.store(2, Relaxed);
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
    id: "genmc_18_z6_acq",
    title: "Z6+acq: a cycle of three threads, two SC fences",
    intent: "Three threads: one writes x and y on either side of a SeqCst fence, one reads y with Acquire \
             then writes z, one writes z and reads x on either side of a SeqCst fence. The program checks \
             nothing at its end.",
    explanation: "The reads of y and x each take 0 or 1 and the two writes of z land in either order: eight \
                  combinations. The one where y is read as 1, the second thread's z lands first and x is \
                  read as 0 puts the two fences before each other; RC11 forbids it, leaving seven.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
