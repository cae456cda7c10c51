//! # counter_01_lost_update: two increments, one lost
//!
//! Two threads each add one to a shared counter by loading it and storing the value plus one.
//! Every access is an atomic, even `SeqCst`, and still an increment can vanish: the bug is not
//! memory ordering but atomicity. Between one thread's load and its store, the other thread can
//! load the same old value; both store 1.
//!
//! Run it: `racelab check counter_01_lost_update`, or `cargo test counter_01`.
//!
//! | outcome | broken | fixed | meaning |
//! |---|---|---|---|
//! | `2` | Acceptable | Acceptable | both increments applied |
//! | `1` | Interesting | Forbidden | one increment lost |

use racelab::prelude::*;

// ANCHOR: shared
/// The shared state: one counter.
pub struct Counter {
    value: AtomicUsize,
}

fn setup() -> Counter {
    Counter { value: AtomicUsize::named("counter", 0) }
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: the read and the write are two steps, and another thread can run between them.
fn increment_in_two_steps(c: &Counter) {
    let v = c.value.load(SeqCst);
    c.value.store(v + 1, SeqCst);
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: one read-modify-write, indivisible. `Relaxed` is enough: only atomicity is needed here,
/// and joining the threads orders their effects before the observer's read.
fn increment_atomically(c: &Counter) {
    c.value.fetch_add(1, Relaxed);
}
// ANCHOR_END: fixed

// ANCHOR: observer
fn final_count(c: &Counter, _: &[()]) -> Outcome {
    Outcome::value(c.value.load(Relaxed) as i64)
}
// ANCHOR_END: observer

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "counter_01_lost_update",
    title: "Two threads increment a counter with a separate load and store; one update is lost",
    intent: "A counter incremented by `load` then `store` loses updates even when both are SeqCst \
             atomics: the increment must be a single read-modify-write (`fetch_add`).",
    explanation: "`1`: both threads load 0 before either stores, so both store 1. The window is \
                  between one thread's load and its store; any interleaving that puts the other \
                  thread's load inside it loses an increment.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("1", Interesting, "one increment lost: load and store are two steps"),
                outcome("2", Acceptable, "both increments applied"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "t1", run: increment_in_two_steps },
                    Actor { name: "t2", run: increment_in_two_steps },
                ],
                observe: final_count,
            },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: &[
                outcome("1", Forbidden, "one increment lost"),
                outcome("2", Acceptable, "both increments applied"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "t1", run: increment_atomically },
                    Actor { name: "t2", run: increment_atomically },
                ],
                observe: final_count,
            },
        },
    ],
};
