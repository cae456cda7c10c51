//! # genmc_26_corr2: two writers, two readers reading twice (CoRR2)
//!
//! Two threads write 1 and 2 to x; two readers read x twice each. Neither reader goes back, and the two never
//! see the writes in opposite orders.
//!
//! Run it: `racelab check genmc_26_corr2`, or `cargo test genmc_26`.
//!
//! GenMC's litmus test CoRR2, from rust-lang/miri's `tests/genmc/pass/litmus/corr2.rs`: GenMC counts 72
//! executions; `tests/genmc.rs` asserts rc11's counts. In each of the two orders of the writes, each reader's
//! pair of reads follows that order: 72 consistent executions, none in which the readers disagree about which
//! write came first.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 72)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/corr2.rs";

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
/// CoRR2 as the original runs it.
static PORTED: Actors<X, (i64, i64)> = Actors {
    setup: x,
    actors: &[
        Actor { name: "write1", run: write1 },
        Actor { name: "write2", run: write2 },
        Actor { name: "reader1", run: read_twice },
        Actor { name: "reader2", run: read_twice },
    ],
    observe: |_, r: &[(i64, i64)]| {
        let (first, second) = (r[2], r[3]);
        // Neither reader goes back to 0, and they do not see the two writes in opposite orders.
        let opposite = matches!((first, second), ((1, 2), (2, 1)) | ((2, 1), (1, 2)));
        if coherent_pair(first) && coherent_pair(second) && !opposite {
            Outcome::label("coherent")
        } else {
            Outcome::values([first.0, first.1, second.0, second.1])
        }
    },
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_26_corr2",
    title: "CoRR2: two writers, two readers reading twice",
    intent: "Two threads write 1 and 2 to x; two readers read x twice each. Neither reader goes back, and \
             the two never see the writes in opposite orders.",
    explanation: "In each of the two orders of the writes, each reader's pair of reads follows that order: \
                  72 consistent executions, none in which the readers disagree about which write came \
                  first.",
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
