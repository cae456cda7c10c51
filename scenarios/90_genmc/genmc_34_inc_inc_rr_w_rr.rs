//! # genmc_34_inc_inc_rr_w_rr: two increments, a write, two readers reading twice (inc+inc+RR+W+RR)
//!
//! Two threads increment x, one writes 42, two read x twice each; one combination of reads is rejected by the
//! original's check.
//!
//! Run it: `racelab check genmc_34_inc_inc_rr_w_rr`, or `cargo test genmc_34`.
//!
//! GenMC's litmus test inc+inc+RR+W+RR, from rust-lang/miri's `tests/genmc/pass/litmus/inc_inc_RR_W_RR.rs`:
//! GenMC counts 600 executions; `tests/genmc.rs` asserts rc11's counts. The writes' orders and every coherent
//! pair of reads for each reader make 600 consistent executions. The rejected one has one reader see 42 then
//! 2 and the other 1 then 42, which would put the write of 42 between the increment that read 1 and its write
//! of 2, where an increment's atomicity leaves no room. loom reaches outcomes here that no execution allows,
//! through a bug of its own (tokio-rs/loom#254, open: a store lands between an increment's read and its
//! write); rc11's exhaustive search never reaches them, so loom's verdict is a false
//! alarm, with rc11's count as the evidence.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 600)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/inc_inc_RR_W_RR.rs";

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
/// inc+inc+RR+W+RR as the original runs it.
static PORTED: Actors<X, (i64, i64)> = Actors {
    setup: x,
    actors: &[
        Actor {
            name: "inc1",
            run: |s: &X| {
                s.x.fetch_add(1, Relaxed);
                (0, 0)
            },
        },
        Actor {
            name: "inc2",
            run: |s: &X| {
                s.x.fetch_add(1, Relaxed);
                (0, 0)
            },
        },
        Actor { name: "reader1", run: |s: &X| (s.x.load(Relaxed) as i64, s.x.load(Relaxed) as i64) },
        Actor {
            name: "write42",
            run: |s: &X| {
                s.x.store(42, Relaxed);
                (0, 0)
            },
        },
        Actor { name: "reader2", run: |s: &X| (s.x.load(Relaxed) as i64, s.x.load(Relaxed) as i64) },
    ],
    // The one combination the original rejects: A, B = 42, 2 and C, D = 1, 42.
    observe: |_, r: &[(i64, i64)]| {
        let ((a, b), (c, d)) = (r[2], r[4]);
        if (a, b, c, d) == (42, 2, 1, 42) {
            Outcome::values([a, b, c, d])
        } else {
            Outcome::label("coherent")
        }
    },
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_34_inc_inc_rr_w_rr",
    title: "inc+inc+RR+W+RR: two increments, a write, two readers reading twice",
    intent: "Two threads increment x, one writes 42, two read x twice each; one combination of reads is \
             rejected by the original's check.",
    explanation: "The writes' orders and every coherent pair of reads for each reader make 600 consistent \
                  executions. The rejected one has one reader see 42 then 2 and the other 1 then 42, which \
                  would put the write of 42 between the increment that read 1 and its write of 2, where an \
                  increment's atomicity leaves no room. loom reaches outcomes here that no execution \
                  allows, through a bug of its own (tokio-rs/loom#254, open: a store lands between an \
                  increment's read and its write); rc11's exhaustive search never reaches \
                  them, so loom's verdict is a false alarm, with rc11's count as the evidence.",
    // Five threads: loom's default bound of 2 explores 163,304 executions (18 s in a debug build),
    // bound 1 explores 13,184. rc11's search has no bound.
    preemption_bound: Some(1),
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
