//! # genmc_08_lb: load buffering, release/acquire (LB)
//!
//! Each thread reads one location with Acquire, then writes the other with Release; neither may read the
//! other's write when the other reads its own.
//!
//! Run it: `racelab check genmc_08_lb`, or `cargo test genmc_08`.
//!
//! GenMC's litmus test LB, from rust-lang/miri's `tests/genmc/pass/litmus/LB.rs`: GenMC counts 3 executions;
//! `tests/genmc.rs` asserts rc11's counts. Each read takes the initial 0 or the other thread's write: four
//! combinations. Both reading the other's write (`1, 2`) would need each write to happen before the read that
//! precedes it; RC11 forbids it, leaving three.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 3)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/LB.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct Xy {
    x: AtomicU64,
    y: AtomicU64,
}

fn xy() -> Xy {
    Xy { x: AtomicU64::named("x", 0), y: AtomicU64::named("y", 0) }
}
// ANCHOR_END: shared

// ANCHOR: ported
/// LB as the original runs it.
static PORTED: Actors<Xy, i64> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xy| {
                let a = s.y.load(Acquire) as i64;
                s.x.store(2, Release);
                a
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xy| {
                let b = s.x.load(Acquire) as i64;
                s.y.store(1, Release);
                b
            },
        },
    ],
    observe: |_, r| Outcome::values([r[0], r[1]]),
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_08_lb",
    title: "LB: load buffering, release/acquire",
    intent: "Each thread reads one location with Acquire, then writes the other with Release; neither may \
             read the other's write when the other reads its own.",
    explanation: "Each read takes the initial 0 or the other thread's write: four combinations. Both \
                  reading the other's write (`1, 2`) would need each write to happen before the read that \
                  precedes it; RC11 forbids it, leaving three.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        // a (y read), b (x read)
        outcomes: &[
            outcome("0, 0", Acceptable, "accepted by the original's final check"),
            outcome("0, 2", Acceptable, "accepted by the original's final check"),
            outcome("1, 0", Acceptable, "accepted by the original's final check"),
        ],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
