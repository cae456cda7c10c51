//! # genmc_32_fr_w_w_w_reads: three writers, a reader reading four times (fr+w+w+w+reads)
//!
//! Three threads write 1, 2 and 3 to x, relaxed; a fourth reads x four times. Every read is one of the
//! written values.
//!
//! Run it: `racelab check genmc_32_fr_w_w_w_reads`, or `cargo test genmc_32`.
//!
//! GenMC's litmus test fr+w+w+w+reads, from rust-lang/miri's `tests/genmc/pass/litmus/fr_w_w_w_reads.rs`:
//! GenMC counts 210 executions; `tests/genmc.rs` asserts rc11's counts. Six orders of the three writes, and
//! in each the sequences of four reads that never go back in that order: GenMC counts 210 consistent
//! executions.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 210)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/fr_w_w_w_reads.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct X {
    x: AtomicU64,
}

fn x() -> X {
    X { x: AtomicU64::named("x", 0) }
}
// ANCHOR_END: shared

// ANCHOR: ported
/// fr+w+w+w+reads as the original runs it.
static PORTED: Actors<X, [i64; 4]> = Actors {
    setup: x,
    actors: &[
        Actor {
            name: "write1",
            run: |s: &X| {
                s.x.store(1, Relaxed);
                [0; 4]
            },
        },
        Actor {
            name: "write2",
            run: |s: &X| {
                s.x.store(2, Relaxed);
                [0; 4]
            },
        },
        Actor {
            name: "write3",
            run: |s: &X| {
                s.x.store(3, Relaxed);
                [0; 4]
            },
        },
        // Four loads, each its own line as in the original (a loop of one load would be a
        // spin loop to rc11: see `rc11::run::SPIN_BOUND`).
        Actor {
            name: "reader",
            run: |s: &X| {
                let first = s.x.load(Relaxed) as i64;
                let second = s.x.load(Relaxed) as i64;
                let third = s.x.load(Relaxed) as i64;
                let fourth = s.x.load(Relaxed) as i64;
                [first, second, third, fourth]
            },
        },
    ],
    // Every read is one of the values written.
    observe: |_, r: &[[i64; 4]]| {
        if r[3].iter().all(|v| (0..=3).contains(v)) {
            Outcome::label("coherent")
        } else {
            Outcome::values(r[3])
        }
    },
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_32_fr_w_w_w_reads",
    title: "fr+w+w+w+reads: three writers, a reader reading four times",
    intent: "Three threads write 1, 2 and 3 to x, relaxed; a fourth reads x four times. Every read is one \
             of the written values.",
    explanation: "Six orders of the three writes, and in each the sequences of four reads that never go \
                  back in that order: GenMC counts 210 consistent executions.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome(
            "coherent",
            Acceptable,
            "passes the original's final check; a failing execution shows its values",
        )],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
