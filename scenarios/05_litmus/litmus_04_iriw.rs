//! # litmus_04_iriw: two readers disagree on the order of two independent writes
//!
//! Independent reads of independent writes: one writer raises `x`, another raises `y`; one
//! reader reads `x` then `y`, the other `y` then `x`. The outcome `1, 0, 1, 0` means the first
//! reader saw `x` raised before `y` and the second saw `y` before `x`: the two writes reached the
//! readers in different orders. With `Acquire` loads (and `Release` stores) that is allowed;
//! with every access `SeqCst` all four sit in one total order, and it is forbidden.
//!
//! Run it: `racelab check litmus_04_iriw`, or `cargo test litmus_04`.
//!
//! | outcome (reader 1: x, y; reader 2: y, x) | broken | fixed | meaning |
//! |---|---|---|---|
//! | `1, 0, 1, 0` | Interesting | Forbidden | the readers saw the writes in opposite orders |
//! | the other fifteen | Acceptable | Acceptable | some interleaving |
//!
//! What each checker answers, and why:
//! - loom lets a load read any store not yet overwritten in its view, so it reaches `1, 0, 1, 0`
//!   with `Acquire` loads, as RC11 allows (rc11 reaches it too). With every access `SeqCst` loom
//!   still reaches it: loom treats a `SeqCst` access as `AcqRel`. The combined verdict then asks
//!   rc11, which explores every RC11-consistent execution and never reaches it: a false alarm,
//!   refuted with rc11's count as evidence.
//! - shuttle runs every access as `SeqCst`, so it cannot reach it in either variant.
//! - x86-64 is multi-copy atomic: every core sees stores in one order, so real threads here never
//!   show it. POWER can (its stores reach other cores one at a time); Armv8 cannot.

use racelab::prelude::*;

// ANCHOR: shared
/// The shared state: two flags, written by different threads.
pub struct Flags {
    x: AtomicUsize,
    y: AtomicUsize,
}

fn setup() -> Flags {
    Flags { x: AtomicUsize::named("x", 0), y: AtomicUsize::named("y", 0) }
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: `Release` stores and `Acquire` loads order each thread's own accesses...
fn write_x_release(f: &Flags) -> (i64, i64) {
    f.x.store(1, Release);
    (0, 0)
}
fn write_y_release(f: &Flags) -> (i64, i64) {
    f.y.store(1, Release);
    (0, 0)
}
/// ...but give the two independent stores no order that every reader agrees on.
fn read_xy_acquire(f: &Flags) -> (i64, i64) {
    let x = f.x.load(Acquire);
    let y = f.y.load(Acquire);
    (x as i64, y as i64)
}
fn read_yx_acquire(f: &Flags) -> (i64, i64) {
    let y = f.y.load(Acquire);
    let x = f.x.load(Acquire);
    (y as i64, x as i64)
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: every access `SeqCst`, so all of them sit in one total order that both readers see.
fn write_x_seqcst(f: &Flags) -> (i64, i64) {
    f.x.store(1, SeqCst);
    (0, 0)
}
fn write_y_seqcst(f: &Flags) -> (i64, i64) {
    f.y.store(1, SeqCst);
    (0, 0)
}
fn read_xy_seqcst(f: &Flags) -> (i64, i64) {
    let x = f.x.load(SeqCst);
    let y = f.y.load(SeqCst);
    (x as i64, y as i64)
}
fn read_yx_seqcst(f: &Flags) -> (i64, i64) {
    let y = f.y.load(SeqCst);
    let x = f.x.load(SeqCst);
    (y as i64, x as i64)
}
// ANCHOR_END: fixed

// ANCHOR: observer
fn readers_saw(_: &Flags, r: &[(i64, i64)]) -> Outcome {
    Outcome::values([r[2].0, r[2].1, r[3].0, r[3].1])
}
// ANCHOR_END: observer

/// The outcome table of both variants, the readers' disagreement graded `weak`.
macro_rules! outcomes {
    ($weak:expr) => {
        &[
            outcome("0, *", Acceptable, "reader 1 read x before it was raised"),
            outcome("1, 0, 0, *", Acceptable, "x was raised before y, and reader 2 read y before it was"),
            outcome("1, 0, 1, 0", $weak, "the readers saw the two writes in opposite orders"),
            outcome("1, 0, 1, 1", Acceptable, "x was raised, then y, then reader 2 read both"),
            outcome("1, 1, *", Acceptable, "reader 1 saw both writes"),
        ]
    };
}

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "litmus_04_iriw",
    title: "Two readers see two independent writes in opposite orders (IRIW)",
    intent: "Release and Acquire order each thread's own accesses, not independent writes by \
             different threads: two readers may see them in opposite orders. Only SeqCst on \
             every access puts them in one order that all threads agree on.",
    explanation: "`1, 0, 1, 0`: reader 1 saw x raised and y not yet; reader 2 saw y raised and x \
                  not yet. With Acquire loads nothing makes the readers agree on which write came \
                  first; the C11 and RC11 models both allow it (POWER hardware shows it). With \
                  every access SeqCst, the single total order forbids it.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: outcomes!(Interesting),
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "writer_x", run: write_x_release },
                    Actor { name: "writer_y", run: write_y_release },
                    Actor { name: "reader_1", run: read_xy_acquire },
                    Actor { name: "reader_2", run: read_yx_acquire },
                ],
                observe: readers_saw,
            },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: outcomes!(Forbidden),
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "writer_x", run: write_x_seqcst },
                    Actor { name: "writer_y", run: write_y_seqcst },
                    Actor { name: "reader_1", run: read_xy_seqcst },
                    Actor { name: "reader_2", run: read_yx_seqcst },
                ],
                observe: readers_saw,
            },
        },
    ],
};
