//! # genmc_06_iriw_acq_sc: two readers read two SeqCst writes, acquire then SeqCst (IRIW)
//!
//! Independent reads of independent writes: two threads write x and y with SeqCst, two readers read them in
//! opposite orders, the first read Acquire and the second SeqCst.
//!
//! Run it: `racelab check genmc_06_iriw_acq_sc`, or `cargo test genmc_06`.
//!
//! GenMC's litmus test IRIW-acq-sc, from rust-lang/miri's `tests/genmc/pass/litmus/IRIW-acq-sc.rs`: GenMC
//! counts 16 executions; `tests/genmc.rs` asserts rc11's counts. Each of the four reads reads 0 or 1, and
//! RC11 allows all sixteen combinations: the first read of each reader is only Acquire, so the SeqCst order
//! need not relate the readers' first reads, and the two readers may see the writes in opposite orders.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 16)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/IRIW-acq-sc.rs";

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
/// IRIW-acq-sc as the original runs it.
static PORTED: Actors<Xy, (i64, i64)> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "write_x",
            run: |s: &Xy| {
                s.x.store(1, SeqCst);
                (0, 0)
            },
        },
        Actor {
            name: "r1",
            run: |s: &Xy| {
                let a = s.x.load(Acquire) as i64;
                s.y.load(SeqCst);
                (a, 0)
            },
        },
        Actor { name: "r2", run: |s: &Xy| (s.y.load(Acquire) as i64, s.x.load(SeqCst) as i64) },
        Actor {
            name: "write_y",
            run: |s: &Xy| {
                s.y.store(1, SeqCst);
                (0, 0)
            },
        },
    ],
    observe: |_, r: &[(i64, i64)]| Outcome::values([r[1].0, r[2].0, r[2].1]),
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_06_iriw_acq_sc",
    title: "IRIW: two readers read two SeqCst writes, acquire then SeqCst",
    intent: "Independent reads of independent writes: two threads write x and y with SeqCst, two readers \
             read them in opposite orders, the first read Acquire and the second SeqCst.",
    explanation: "Each of the four reads reads 0 or 1, and RC11 allows all sixteen combinations: the first \
                  read of each reader is only Acquire, so the SeqCst order need not relate the readers' \
                  first reads, and the two readers may see the writes in opposite orders.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        // a (x in r1), b (y in r2), c (x in r2)
        outcomes: &[
            outcome("0, 0, 0", Acceptable, "accepted by the original's final check"),
            outcome("0, 0, 1", Acceptable, "accepted by the original's final check"),
            outcome("0, 1, 0", Acceptable, "accepted by the original's final check"),
            outcome("0, 1, 1", Acceptable, "accepted by the original's final check"),
            outcome("1, 0, 0", Acceptable, "accepted by the original's final check"),
            outcome("1, 0, 1", Acceptable, "accepted by the original's final check"),
            outcome("1, 1, 0", Acceptable, "accepted by the original's final check"),
            outcome("1, 1, 1", Acceptable, "accepted by the original's final check"),
        ],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
