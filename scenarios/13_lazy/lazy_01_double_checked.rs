//! # lazy_01_double_checked: the flag says ready, the value is not there yet
//!
//! Double-checked initialisation: read a `ready` flag without the lock; if it is down, take the
//! lock, check again, write the value, raise the flag. With a `Relaxed` flag, a thread that sees
//! it raised on the fast path has no guarantee of seeing the value written before it: it reads
//! the uninitialised `0`. The fix raises the flag with `Release` and reads it with `Acquire`; a
//! third variant uses `OnceLock`, which does exactly that inside (`racelab::sync::OnceLock`,
//! built from the facade's own lock and atomic, so every backend checks it too).
//!
//! Run it: `racelab check lazy_01_double_checked`, or `cargo test lazy_01`.
//!
//! | outcome (t1, t2) | broken | fixed | once_lock | meaning |
//! |---|---|---|---|---|
//! | `42, 42` | Acceptable | Acceptable | Acceptable | both read the initialised value |
//! | `0, 42`, `42, 0` | Interesting | Forbidden | Forbidden | the flag was seen raised, the value not yet written |
//!
//! loom and rc11 model the value's store history and reach `0` on the fast path of the broken
//! variant; shuttle runs every access as `SeqCst` and cannot; x86-64 keeps stores in order and
//! loads in order, so real threads show it only if the compiler reorders the Relaxed accesses.
//! In the `once_lock` variant the value sits in the cell's plain memory, which no checker here
//! models as a store history: what they search there is who initialises and how often; the
//! `fixed` variant, the same protocol with the value in an atomic, is where its orderings are
//! checked.

use racelab::prelude::*;
use racelab::sync::OnceLock;

// ANCHOR: shared
/// The shared state: the lazily written value, its flag and lock, and a `OnceLock` for the
/// third variant. `0` stands for "not yet written".
pub struct Lazy {
    value: AtomicUsize,
    ready: AtomicBool,
    lock: Mutex<()>,
    cell: OnceLock<usize>,
}

fn setup() -> Lazy {
    Lazy {
        value: AtomicUsize::named("value", 0),
        ready: AtomicBool::named("ready", false),
        lock: Mutex::named("lock", ()),
        cell: OnceLock::named("cell"),
    }
}

/// The expensive computation, run once.
fn compute() -> usize {
    42
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: a `Relaxed` flag publishes nothing; the fast path can see it raised and the value 0.
fn get_relaxed(l: &Lazy) -> i64 {
    if !l.ready.load(Relaxed) {
        let _guard = l.lock.lock().unwrap();
        if !l.ready.load(Relaxed) {
            l.value.store(compute(), Relaxed);
            l.ready.store(true, Relaxed);
        }
    }
    l.value.load(Relaxed) as i64
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: the flag's `Release` store publishes the value to a fast path that reads it `Acquire`.
fn get_acquire(l: &Lazy) -> i64 {
    if !l.ready.load(Acquire) {
        let _guard = l.lock.lock().unwrap();
        if !l.ready.load(Relaxed) {
            l.value.store(compute(), Relaxed);
            l.ready.store(true, Release);
        }
    }
    l.value.load(Relaxed) as i64
}
// ANCHOR_END: fixed

// ANCHOR: once_lock
/// Also fixed: `OnceLock` is the same protocol, written once, in the library.
fn get_once_lock(l: &Lazy) -> i64 {
    *l.cell.get_or_init(compute) as i64
}
// ANCHOR_END: once_lock

// ANCHOR: observer
fn both_read(_: &Lazy, r: &[i64]) -> Outcome {
    Outcome::values([r[0], r[1]])
}
// ANCHOR_END: observer

/// The outcome table of both correct variants.
const CORRECT: &[Declared] = &[
    outcome("0, 42", Forbidden, "t1 saw the flag raised and the value not yet written"),
    outcome("42, 0", Forbidden, "t2 saw the flag raised and the value not yet written"),
    outcome("42, 42", Acceptable, "both read the initialised value"),
];

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "lazy_01_double_checked",
    title: "Double-checked initialisation with a Relaxed flag publishes an unwritten value",
    intent: "The flag of a double-checked initialisation is a message: raised with Release and \
             read with Acquire, it carries the value written before it; Relaxed carries nothing. \
             OnceLock does it right once, for everyone.",
    explanation: "`0, 42` or `42, 0`: one thread wrote the value and raised the flag under the \
                  lock; the other read the flag on the fast path, without the lock, and saw it \
                  raised, but its Relaxed load synchronised with nothing, so its read of the value \
                  could still return the 0 from before the write.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("0, 42", Interesting, "t1 saw the flag raised and the value not yet written"),
                outcome("42, 0", Interesting, "t2 saw the flag raised and the value not yet written"),
                outcome("42, 42", Acceptable, "both read the initialised value"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[Actor { name: "t1", run: get_relaxed }, Actor { name: "t2", run: get_relaxed }],
                observe: both_read,
            },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: CORRECT,
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[Actor { name: "t1", run: get_acquire }, Actor { name: "t2", run: get_acquire }],
                observe: both_read,
            },
        },
        Variant {
            name: "once_lock",
            claim: Claim::Correct,
            outcomes: CORRECT,
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[Actor { name: "t1", run: get_once_lock }, Actor { name: "t2", run: get_once_lock }],
                observe: both_read,
            },
        },
    ],
};
