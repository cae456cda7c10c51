//! # genmc_25_corr1: two writers, a reader reading twice, a reader reading once (CoRR1)
//!
//! Two threads write 1 and 2 to x; one reads x twice, another once. The reads are checked for coherence: only
//! written values, and no going back to 0.
//!
//! Run it: `racelab check genmc_25_corr1`, or `cargo test genmc_25`.
//!
//! GenMC's litmus test CoRR1, from rust-lang/miri's `tests/genmc/pass/litmus/corr1.rs`: GenMC counts 36
//! executions; `tests/genmc.rs` asserts rc11's counts. Two orders of the writes, and in each the reads that
//! coherence allows: a second read never reads an older write than the first. GenMC counts 36 consistent
//! executions; every one passes the original's check.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 36)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/corr1.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct X {
    x: AtomicU64,
}

fn x() -> X {
    X { x: AtomicU64::named("x", 0) }
}

/// The release writers of 1 and of 2 to x, for the coherence tests.
fn write1(s: &X) -> (i64, i64) {
    s.x.store(1, Release);
    (0, 0)
}

fn write2(s: &X) -> (i64, i64) {
    s.x.store(2, Release);
    (0, 0)
}

fn read_twice(s: &X) -> (i64, i64) {
    (s.x.load(Acquire) as i64, s.x.load(Acquire) as i64)
}

/// Only 0, 1 and 2 are read, and a read after one that saw a write cannot see 0 again.
fn coherent_pair((a, b): (i64, i64)) -> bool {
    (0..=2).contains(&a) && (0..=2).contains(&b) && !(a != 0 && b == 0)
}
// ANCHOR_END: shared

// ANCHOR: ported
/// CoRR1 as the original runs it.
static PORTED: Actors<X, (i64, i64)> = Actors {
    setup: x,
    actors: &[
        Actor { name: "write1", run: write1 },
        Actor { name: "write2", run: write2 },
        Actor { name: "read_twice", run: read_twice },
        Actor { name: "read_once", run: |s: &X| (s.x.load(Acquire) as i64, 0) },
    ],
    observe: |_, r: &[(i64, i64)]| {
        let ((a, b), c) = (r[2], r[3].0);
        if coherent_pair((a, b)) && (0..=2).contains(&c) {
            Outcome::label("coherent")
        } else {
            Outcome::values([a, b, c])
        }
    },
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_25_corr1",
    title: "CoRR1: two writers, a reader reading twice, a reader reading once",
    intent: "Two threads write 1 and 2 to x; one reads x twice, another once. The reads are checked for \
             coherence: only written values, and no going back to 0.",
    explanation: "Two orders of the writes, and in each the reads that coherence allows: a second read \
                  never reads an older write than the first. GenMC counts 36 consistent executions; every \
                  one passes the original's check.",
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
