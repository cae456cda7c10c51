//! # litmus_02_store_buffering: both threads read the old value
//!
//! Each thread stores 1 to its own variable, then loads the other's. In any interleaving at least
//! one load comes after the other thread's store, so `0, 0` looks impossible; but each core's
//! store can sit in its store buffer while its load runs ahead, and with `Relaxed` (or even
//! Release/Acquire) both loads read 0. A `SeqCst` fence between each store and load forbids it.
//!
//! Run it: `racelab check litmus_02_store_buffering`, or `cargo test litmus_02`.
//!
//! | outcome (r1, r2) | broken | fixed | seqcst_accesses | meaning |
//! |---|---|---|---|---|
//! | `0, 1`, `1, 0`, `1, 1` | Acceptable | Acceptable | Acceptable | some interleaving |
//! | `0, 0` | Interesting | Forbidden | Forbidden | both stores still buffered |
//!
//! The third variant makes every access `SeqCst` and no fence. That is correct, but loom treats a
//! `SeqCst` access as `AcqRel` and reports `0, 0` reachable: a known false alarm. The report says
//! so, backed by rc11's exact search of every execution the memory model allows, which never
//! reaches `0, 0`.

use racelab::prelude::*;

// ANCHOR: shared
/// The shared state: two flags.
pub struct Flags {
    x: AtomicUsize,
    y: AtomicUsize,
}

fn setup() -> Flags {
    Flags { x: AtomicUsize::named("x", 0), y: AtomicUsize::named("y", 0) }
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: with `Relaxed`, each thread's load may complete before its own store is visible.
fn t1_relaxed(f: &Flags) -> i64 {
    f.x.store(1, Relaxed);
    f.y.load(Relaxed) as i64
}
fn t2_relaxed(f: &Flags) -> i64 {
    f.y.store(1, Relaxed);
    f.x.load(Relaxed) as i64
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: a SeqCst fence keeps the load from overtaking the store (an `mfence` on x86-64).
fn t1_fenced(f: &Flags) -> i64 {
    f.x.store(1, Relaxed);
    fence(SeqCst);
    f.y.load(Relaxed) as i64
}
fn t2_fenced(f: &Flags) -> i64 {
    f.y.store(1, Relaxed);
    fence(SeqCst);
    f.x.load(Relaxed) as i64
}
// ANCHOR_END: fixed

// ANCHOR: seqcst_accesses
/// Also correct: every access SeqCst, so all four sit in one total order.
fn t1_seqcst(f: &Flags) -> i64 {
    f.x.store(1, SeqCst);
    f.y.load(SeqCst) as i64
}
fn t2_seqcst(f: &Flags) -> i64 {
    f.y.store(1, SeqCst);
    f.x.load(SeqCst) as i64
}
// ANCHOR_END: seqcst_accesses

// ANCHOR: observer
fn loads(_: &Flags, r: &[i64]) -> Outcome {
    Outcome::values([r[0], r[1]])
}
// ANCHOR_END: observer

/// The outcome table of both correct variants.
const CORRECT: &[Declared] = &[
    outcome("0, 0", Forbidden, "both loads overtook both stores"),
    outcome("0, 1", Acceptable, "t1 ran first"),
    outcome("1, 0", Acceptable, "t2 ran first"),
    outcome("1, 1", Acceptable, "the stores and loads interleaved"),
];

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "litmus_02_store_buffering",
    title: "Store then load with Relaxed: both threads read 0 (store buffering)",
    intent: "A load may complete before an earlier store to another location becomes visible to \
             other cores. Only SeqCst (a fence, or SeqCst on every access) orders a store before \
             a later load.",
    explanation: "`0, 0`: each thread's store waits in its core's store buffer while its load reads \
                  the other variable from memory, where the other store has not landed yet. No \
                  interleaving explains it; the hardware (x86-64 included) and the C11 model both \
                  allow it without SeqCst.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("0, 0", Interesting, "both loads overtook both stores: store buffering"),
                outcome("0, 1", Acceptable, "t1 ran first"),
                outcome("1, 0", Acceptable, "t2 ran first"),
                outcome("1, 1", Acceptable, "the stores and loads interleaved"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[Actor { name: "t1", run: t1_relaxed }, Actor { name: "t2", run: t2_relaxed }],
                observe: loads,
            },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: CORRECT,
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[Actor { name: "t1", run: t1_fenced }, Actor { name: "t2", run: t2_fenced }],
                observe: loads,
            },
        },
        Variant {
            name: "seqcst_accesses",
            claim: Claim::Correct,
            outcomes: CORRECT,
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[Actor { name: "t1", run: t1_seqcst }, Actor { name: "t2", run: t2_seqcst }],
                observe: loads,
            },
        },
    ],
};
