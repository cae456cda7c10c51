//! # genmc_11_mpu2_rels_acqf: message passing through two compare-exchanges and an acquire fence (MPU2+rels+acqf)
//!
//! A sender writes x, then a release store of 0 and a relaxed store of 1 to y; two compare-exchanges move y
//! from 1 to 2 and from 2 to 3; a receiver reads y with Acquire and, having read 3, writes x after an acquire
//! fence. The outcomes are the lines the original prints.
//!
//! Run it: `racelab check genmc_11_mpu2_rels_acqf`, or `cargo test genmc_11`.
//!
//! GenMC's litmus test MPU2+rels+acqf, from rust-lang/miri's `tests/genmc/pass/litmus/MPU2_rels_acqf.rs`:
//! GenMC counts 36 executions; `tests/genmc.rs` asserts rc11's counts. The compare-exchanges read y's writes
//! in any order coherence allows, and each succeeds only on its expected value; GenMC counts 36 consistent
//! executions of these choices, which print the fifteen lines accepted here.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 36)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/MPU2_rels_acqf.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct Xy {
    x: AtomicU64,
    y: AtomicU64,
}

fn xy() -> Xy {
    Xy { x: AtomicU64::named("x", 0), y: AtomicU64::named("y", 0) }
}

/// The value a compare-exchange read, whether it wrote or not.
fn read(result: Result<u64, u64>) -> i64 {
    match result {
        Ok(v) | Err(v) => v as i64,
    }
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
// The original prints the final x and y and what each thread read; the outcomes are the lines it
// printed. Here: x, y, then what the two compare-exchanges read as one number (10 * the first's
// + the second's), then what the acquire load read.
/// MPU2+rels+acqf as the original runs it.
static PORTED: Actors<Xy, i64> = Actors {
    setup: xy,
    actors: &[
        Actor { name: "sender", run: send_then_relaxed_flag },
        Actor { name: "cas_2_to_3", run: |s: &Xy| read(s.y.compare_exchange(2, 3, Relaxed, Relaxed)) },
        Actor { name: "cas_1_to_2", run: |s: &Xy| read(s.y.compare_exchange(1, 2, Relaxed, Relaxed)) },
        Actor {
            name: "receiver",
            run: |s: &Xy| {
                let c = s.y.load(Acquire);
                if c > 2 {
                    fence(Acquire);
                    s.x.store(2, Relaxed);
                }
                c as i64
            },
        },
    ],
    observe: |s, r| {
        Outcome::values([s.x.load(Relaxed) as i64, s.y.load(Relaxed) as i64, 10 * r[1] + r[2], r[3]])
    },
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_11_mpu2_rels_acqf",
    title: "MPU2+rels+acqf: message passing through two compare-exchanges and an acquire fence",
    intent: "A sender writes x, then a release store of 0 and a relaxed store of 1 to y; two \
             compare-exchanges move y from 1 to 2 and from 2 to 3; a receiver reads y with Acquire and, \
             having read 3, writes x after an acquire fence. The outcomes are the lines the original \
             prints.",
    explanation: "The compare-exchanges read y's writes in any order coherence allows, and each succeeds \
                  only on its expected value; GenMC counts 36 consistent executions of these choices, which \
                  print the fifteen lines accepted here.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[
            outcome("1, 1, 0, 0", Acceptable, "a line the original prints"),
            outcome("1, 1, 0, 1", Acceptable, "a line the original prints"),
            outcome("1, 1, 10, 0", Acceptable, "a line the original prints"),
            outcome("1, 1, 10, 1", Acceptable, "a line the original prints"),
            outcome("1, 2, 1, 0", Acceptable, "a line the original prints"),
            outcome("1, 2, 1, 1", Acceptable, "a line the original prints"),
            outcome("1, 2, 1, 2", Acceptable, "a line the original prints"),
            outcome("1, 2, 11, 0", Acceptable, "a line the original prints"),
            outcome("1, 2, 11, 1", Acceptable, "a line the original prints"),
            outcome("1, 2, 11, 2", Acceptable, "a line the original prints"),
            outcome("1, 3, 21, 0", Acceptable, "a line the original prints"),
            outcome("1, 3, 21, 1", Acceptable, "a line the original prints"),
            outcome("1, 3, 21, 2", Acceptable, "a line the original prints"),
            outcome("1, 3, 21, 3", Acceptable, "a line the original prints"),
            outcome("2, 3, 21, 3", Acceptable, "a line the original prints"),
        ],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
