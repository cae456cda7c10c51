//! # genmc_05_2w2w_4sc: four SeqCst stores (2+2W)
//!
//! Two threads write x and y in opposite orders with four SeqCst stores; the final x and y may not both be
//! the first thread's first write.
//!
//! Run it: `racelab check genmc_05_2w2w_4sc`, or `cargo test genmc_05`.
//!
//! GenMC's litmus test 2+2W+4sc, from rust-lang/miri's `tests/genmc/pass/litmus/2w2w_4sc.rs`: GenMC counts 3
//! executions; `tests/genmc.rs` asserts rc11's counts. The SeqCst order puts all four stores in one order
//! that keeps each thread's program order and each location's modification order, and there both first writes
//! cannot come last: final `1, 1` is inconsistent, and three orders of the writes remain.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 3)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/2w2w_4sc.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct Xy {
    x: AtomicU64,
    y: AtomicU64,
}

fn xy() -> Xy {
    Xy { x: AtomicU64::named("x", 0), y: AtomicU64::named("y", 0) }
}

/// The final `x, y`, read after every thread is joined.
fn final_xy(s: &Xy, order: Ordering) -> Outcome {
    Outcome::values([s.x.load(order) as i64, s.y.load(order) as i64])
}
// ANCHOR_END: shared

// ANCHOR: ported
/// 2+2W+4sc as the original runs it.
static PORTED: Actors<Xy, ()> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xy| {
                s.x.store(1, SeqCst);
                s.y.store(2, SeqCst);
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xy| {
                s.y.store(1, SeqCst);
                s.x.store(2, SeqCst);
            },
        },
    ],
    observe: |s, _| final_xy(s, Relaxed),
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_05_2w2w_4sc",
    title: "2+2W: four SeqCst stores",
    intent: "Two threads write x and y in opposite orders with four SeqCst stores; the final x and y may \
             not both be the first thread's first write.",
    explanation: "The SeqCst order puts all four stores in one order that keeps each thread's program order \
                  and each location's modification order, and there both first writes cannot come last: \
                  final `1, 1` is inconsistent, and three orders of the writes remain.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[
            outcome("2, 1", Acceptable, "accepted by the original's final check"),
            outcome("2, 2", Acceptable, "accepted by the original's final check"),
            outcome("1, 2", Acceptable, "accepted by the original's final check"),
        ],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
