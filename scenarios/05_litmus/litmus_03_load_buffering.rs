//! # litmus_03_load_buffering: each thread reads the other's later store
//!
//! Each thread loads one flag, then stores to the other: `t1` reads `x` and raises `y`, `t2`
//! reads `y` and raises `x`. The outcome `1, 1` needs each load to read a store that comes
//! after the other thread's load: a load buffered while a later store leaves first. `t1` also
//! writes a payload before raising `y`, and `t2` reads it after seeing `y` raised, to show what
//! a Relaxed flag does not carry.
//!
//! Run it: `racelab check litmus_03_load_buffering`, or `cargo test litmus_03`.
//!
//! | outcome (r1, r2, payload) | broken | fixed | meaning |
//! |---|---|---|---|
//! | `0, 0, 0`, `0, 0, 1`, `0, 1, 1`, `1, 0, *` | Acceptable | Acceptable | some interleaving |
//! | `0, 1, 0` | Interesting | Forbidden | `y` seen raised, payload stale |
//! | `1, 1, *` | Interesting | Forbidden | load buffering: both loads read the later stores |
//!
//! What each checker answers, and why:
//! - `1, 1` is allowed by the original C11 model (herd7's `c11_partialSC.cat`) and by Arm and
//!   POWER, where some machines show it. RC11, the model C++20 and Rust are checked against, adds
//!   an axiom, no thin air (`sb | rf` acyclic), that forbids it: rc11 explores every
//!   RC11-consistent execution and never reaches it. loom lets a load read only a store that has
//!   already run, so it cannot reach it either; shuttle runs every access as `SeqCst`; x86-64
//!   never reorders a load with a later store, so real threads here never show it. No backend of
//!   racelab can show `1, 1`: the row stays unseen, Interesting because portable code cannot rely
//!   on the hardware keeping to RC11 without the orderings that forbid it.
//! - `0, 1, 0` is what the bug looks like that every model does allow: `y` is Relaxed, so seeing
//!   it raised carries nothing written before it. loom and rc11 reach it, shuttle cannot, and real
//!   threads on x86-64 do not.
//!
//! The fix stores each flag with `Release` and loads it with `Acquire`: a load that reads the
//! other's store now synchronises with it, so `1, 1` would be a cycle in happens-before (forbidden
//! by C11 too) and the payload travels with `y`.

use racelab::prelude::*;

// ANCHOR: shared
/// The shared state: two flags and a payload.
pub struct Flags {
    x: AtomicUsize,
    y: AtomicUsize,
    payload: AtomicUsize,
}

fn setup() -> Flags {
    Flags {
        x: AtomicUsize::named("x", 0),
        y: AtomicUsize::named("y", 0),
        payload: AtomicUsize::named("payload", 0),
    }
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: Relaxed loads and stores; nothing orders the load before the store for `t2`...
fn t1_relaxed(f: &Flags) -> (i64, i64) {
    let r1 = f.x.load(Relaxed);
    f.payload.store(1, Relaxed);
    f.y.store(1, Relaxed);
    (r1 as i64, 0)
}
/// ...and seeing `y` raised carries nothing written before it.
fn t2_relaxed(f: &Flags) -> (i64, i64) {
    let r2 = f.y.load(Relaxed);
    let payload = f.payload.load(Relaxed);
    f.x.store(1, Relaxed);
    (r2 as i64, payload as i64)
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: each flag's `Release` store publishes what came before it...
fn t1_release(f: &Flags) -> (i64, i64) {
    let r1 = f.x.load(Acquire);
    f.payload.store(1, Relaxed);
    f.y.store(1, Release);
    (r1 as i64, 0)
}
/// ...to an `Acquire` load that reads it.
fn t2_acquire(f: &Flags) -> (i64, i64) {
    let r2 = f.y.load(Acquire);
    let payload = f.payload.load(Relaxed);
    f.x.store(1, Release);
    (r2 as i64, payload as i64)
}
// ANCHOR_END: fixed

// ANCHOR: observer
fn loads(_: &Flags, r: &[(i64, i64)]) -> Outcome {
    Outcome::values([r[0].0, r[1].0, r[1].1])
}
// ANCHOR_END: observer

/// The outcome table of both variants, the two weak rows graded `weak`.
macro_rules! outcomes {
    ($weak:expr) => {
        &[
            outcome("0, 0, 0", Acceptable, "t2 read y and the payload before t1 wrote them"),
            outcome("0, 0, 1", Acceptable, "t2 read y before t1 raised it, the payload after it was written"),
            outcome("0, 1, 0", $weak, "y seen raised, payload stale: a Relaxed flag carries nothing"),
            outcome("0, 1, 1", Acceptable, "t1 ran first, then t2"),
            outcome("1, 0, *", Acceptable, "t2 ran first, then t1"),
            outcome("1, 1, *", $weak, "load buffering: each load read the other thread's later store"),
        ]
    };
}

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "litmus_03_load_buffering",
    title: "Load then store with Relaxed: RC11 forbids load buffering, C11 and Arm allow it",
    intent: "Each thread loads one flag, then stores the other. Both loads reading 1 is allowed by \
             the original C11 model and by Arm and POWER hardware, but forbidden by RC11 (no thin \
             air), which every checker here follows; what Relaxed flags do lose under any model is \
             the data written before them. Release stores and Acquire loads forbid both.",
    explanation: "`1, 1, *`: each load read a store that comes after the other thread's load, \
                  possible on hardware that lets a store leave before an earlier load completes; \
                  no checker here reaches it (RC11 forbids it, loom reads only stores already run, \
                  x86-64 keeps loads before later stores). `0, 1, 0`: t2 saw y raised with a \
                  Relaxed load, which does not make t1's earlier payload store visible.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: outcomes!(Interesting),
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
            outcomes: outcomes!(Forbidden),
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[Actor { name: "t1", run: t1_release }, Actor { name: "t2", run: t2_acquire }],
                observe: loads,
            },
        },
    ],
};
