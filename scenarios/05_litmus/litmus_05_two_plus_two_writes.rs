//! # litmus_05_two_plus_two_writes: each thread's first write ends up last
//!
//! Two threads each write both variables, in opposite orders: `t1` writes `x = 1` then `y = 2`,
//! `t2` writes `y = 1` then `x = 2`. Once both are joined, `x == 1 && y == 1` means each
//! variable's first write in one thread came after the other thread's second write: the order of
//! writes to `x` and the order of writes to `y` contradict both threads' program orders. With
//! `Release` stores that is allowed; with `SeqCst` stores it is forbidden.
//!
//! Run it: `racelab check litmus_05_two_plus_two_writes`, or `cargo test litmus_05`.
//!
//! | outcome (x, y) | broken | fixed | meaning |
//! |---|---|---|---|
//! | `1, 2`, `2, 1`, `2, 2` | Acceptable | Acceptable | some interleaving |
//! | `1, 1` | Interesting | Forbidden | each variable's order of writes contradicts the other's |
//!
//! What each checker answers, and why:
//! - loom keeps each variable's order of writes apart from the order the writes ran in, so it
//!   reaches `1, 1` with `Release` stores, as RC11 allows (rc11 reaches it too). With `SeqCst`
//!   stores loom still reaches it: it treats a `SeqCst` access as `AcqRel`. The combined verdict
//!   then asks rc11, which explores every RC11-consistent execution and never reaches it: a false
//!   alarm, refuted with rc11's count as evidence (herd7 with `rc11.cat`: 2+2W+rel Sometimes,
//!   2+2W+sc Never).
//! - shuttle runs every access as `SeqCst`, so it cannot reach it in either variant.
//! - x86-64 keeps each core's stores in order (TSO), so real threads here never show it.

use racelab::prelude::*;

// ANCHOR: shared
/// The shared state: two variables, both written by both threads.
pub struct Vars {
    x: AtomicUsize,
    y: AtomicUsize,
}

fn setup() -> Vars {
    Vars { x: AtomicUsize::named("x", 0), y: AtomicUsize::named("y", 0) }
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: `Release` orders each thread's stores for a reader that acquires them, but nothing
/// makes the two variables' orders of writes agree with each other.
fn t1_release(v: &Vars) {
    v.x.store(1, Release);
    v.y.store(2, Release);
}
fn t2_release(v: &Vars) {
    v.y.store(1, Release);
    v.x.store(2, Release);
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: `SeqCst` stores sit in one total order, consistent with each thread's program order.
fn t1_seqcst(v: &Vars) {
    v.x.store(1, SeqCst);
    v.y.store(2, SeqCst);
}
fn t2_seqcst(v: &Vars) {
    v.y.store(1, SeqCst);
    v.x.store(2, SeqCst);
}
// ANCHOR_END: fixed

// ANCHOR: observer
fn final_values(v: &Vars, _: &[()]) -> Outcome {
    Outcome::values([v.x.load(Relaxed) as i64, v.y.load(Relaxed) as i64])
}
// ANCHOR_END: observer

/// The outcome table of both variants, the contradicting orders graded `weak`.
macro_rules! outcomes {
    ($weak:expr) => {
        &[
            outcome(
                "1, 1",
                $weak,
                "each thread's first write came last: the two orders of writes contradict",
            ),
            outcome("1, 2", Acceptable, "t2 wrote y, then t1 wrote both, then t2 wrote x"),
            outcome("2, 1", Acceptable, "t1 wrote x, then t2 wrote both, then t1 wrote y"),
            outcome("2, 2", Acceptable, "both first writes came before both second writes"),
        ]
    };
}

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "litmus_05_two_plus_two_writes",
    title: "Two threads write two variables in opposite orders: both first writes win (2+2W)",
    intent: "Each variable's writes are totally ordered, but with Release stores the two orders \
             need not agree with the threads' program orders taken together; SeqCst stores sit \
             in one total order, which must.",
    explanation: "`1, 1`: x's last write is t1's first and y's last write is t2's first. For each \
                  variable alone the order of its writes is coherent; together they form a cycle \
                  with program order, which only SeqCst rules out.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: outcomes!(Interesting),
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[Actor { name: "t1", run: t1_release }, Actor { name: "t2", run: t2_release }],
                observe: final_values,
            },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: outcomes!(Forbidden),
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[Actor { name: "t1", run: t1_seqcst }, Actor { name: "t2", run: t2_seqcst }],
                observe: final_values,
            },
        },
    ],
};
