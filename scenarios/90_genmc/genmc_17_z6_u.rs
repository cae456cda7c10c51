//! # genmc_17_z6_u: an increment between two writes of y (Z6.U)
//!
//! Three threads: one writes x then y, one increments y then reads it, one writes 3 to y then reads x. In
//! `weak` with the original's orderings; in `sc` with every access SeqCst, as GenMC runs it when Miri's
//! weak-memory emulation is off. The outcomes are the lines the original prints.
//!
//! Run it: `racelab check genmc_17_z6_u`, or `cargo test genmc_17`.
//!
//! GenMC's litmus test Z6.U, from rust-lang/miri's `tests/genmc/pass/litmus/Z6_U.rs`: GenMC counts 22
//! executions of `weak`, 18 executions of `sc`; `tests/genmc.rs` asserts rc11's counts. rc11 counts 24
//! executions of `weak` where GenMC counts 22, as herd7 does with `rc11.cat`: two executions, where y = 3
//! lands last and the third thread reads x = 0, are consistent under RC11 and C++20 and not under the
//! stronger SeqCst condition GenMC checks since version 0.10 (`tests/genmc.rs` says why, `tests/herd.rs`
//! asserts herd7's answers).

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("weak", 22), ("sc", 18)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/Z6_U.rs";

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

// ANCHOR: weak
/// Z6.U: an increment between two writes of y
static WEAK: Actors<Xy, i64> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xy| {
                s.x.store(1, SeqCst);
                s.y.store(1, Release);
                0
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xy| {
                s.y.fetch_add(1, SeqCst);
                s.y.load(Relaxed) as i64
            },
        },
        Actor {
            name: "t3",
            run: |s: &Xy| {
                s.y.store(3, SeqCst);
                s.x.load(SeqCst) as i64
            },
        },
    ],
    observe: |s, r| Outcome::values([r[1], r[2], s.x.load(Relaxed) as i64, s.y.load(Relaxed) as i64]),
};
// ANCHOR_END: weak

// ANCHOR: sc
// GenMC under sequential consistency: every access SeqCst.
/// Z6.U under sequential consistency
static SC: Actors<Xy, i64> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xy| {
                s.x.store(1, SeqCst);
                s.y.store(1, SeqCst);
                0
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xy| {
                s.y.fetch_add(1, SeqCst);
                s.y.load(SeqCst) as i64
            },
        },
        Actor {
            name: "t3",
            run: |s: &Xy| {
                s.y.store(3, SeqCst);
                s.x.load(SeqCst) as i64
            },
        },
    ],
    observe: |s, r| Outcome::values([r[1], r[2], s.x.load(SeqCst) as i64, s.y.load(SeqCst) as i64]),
};
// ANCHOR_END: sc

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_17_z6_u",
    title: "Z6.U: an increment between two writes of y",
    intent: "Three threads: one writes x then y, one increments y then reads it, one writes 3 to y then \
             reads x. In `weak` with the original's orderings; in `sc` with every access SeqCst, as GenMC \
             runs it when Miri's weak-memory emulation is off. The outcomes are the lines the original \
             prints.",
    explanation: "rc11 counts 24 executions of `weak` where GenMC counts 22, as herd7 does with `rc11.cat`: \
                  two executions, where y = 3 lands last and the third thread reads x = 0, are consistent \
                  under RC11 and C++20 and not under the stronger SeqCst condition GenMC checks since \
                  version 0.10 (`tests/genmc.rs` says why, `tests/herd.rs` asserts herd7's answers).",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "weak",
            claim: Claim::Correct,
            outcomes: &[
                outcome("1, 0, 1, 1", Acceptable, "a line the original prints"),
                outcome("1, 0, 1, 3", Acceptable, "a line the original prints"),
                outcome("1, 1, 1, 1", Acceptable, "a line the original prints"),
                outcome("1, 1, 1, 3", Acceptable, "a line the original prints"),
                outcome("2, 0, 1, 2", Acceptable, "a line the original prints"),
                outcome(
                    "2, 0, 1, 3",
                    Acceptable,
                    "allowed by RC11 (herd7's rc11.cat) and C++20; GenMC since 0.10 never prints it",
                ),
                outcome("2, 1, 1, 2", Acceptable, "a line the original prints"),
                outcome("2, 1, 1, 3", Acceptable, "a line the original prints"),
                outcome("3, 0, 1, 1", Acceptable, "a line the original prints"),
                outcome("3, 0, 1, 3", Acceptable, "a line the original prints"),
                outcome("3, 1, 1, 1", Acceptable, "a line the original prints"),
                outcome("3, 1, 1, 3", Acceptable, "a line the original prints"),
                outcome("4, 0, 1, 1", Acceptable, "a line the original prints"),
                outcome("4, 0, 1, 4", Acceptable, "a line the original prints"),
                outcome("4, 1, 1, 1", Acceptable, "a line the original prints"),
                outcome("4, 1, 1, 4", Acceptable, "a line the original prints"),
            ],
            otherwise: Forbidden,
            program: &WEAK,
        },
        Variant {
            name: "sc",
            claim: Claim::Correct,
            outcomes: &[
                outcome("1, 0, 1, 1", Acceptable, "a line the original prints"),
                outcome("1, 1, 1, 1", Acceptable, "a line the original prints"),
                outcome("1, 1, 1, 3", Acceptable, "a line the original prints"),
                outcome("2, 0, 1, 2", Acceptable, "a line the original prints"),
                outcome("2, 1, 1, 2", Acceptable, "a line the original prints"),
                outcome("2, 1, 1, 3", Acceptable, "a line the original prints"),
                outcome("3, 0, 1, 1", Acceptable, "a line the original prints"),
                outcome("3, 1, 1, 1", Acceptable, "a line the original prints"),
                outcome("3, 1, 1, 3", Acceptable, "a line the original prints"),
                outcome("4, 0, 1, 1", Acceptable, "a line the original prints"),
                outcome("4, 1, 1, 1", Acceptable, "a line the original prints"),
                outcome("4, 1, 1, 4", Acceptable, "a line the original prints"),
            ],
            otherwise: Forbidden,
            program: &SC,
        },
    ],
};
