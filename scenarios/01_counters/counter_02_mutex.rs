//! # counter_02_mutex: a lock around each step is not a lock around the increment
//!
//! The counter now sits in a `Mutex`, yet the broken increment takes the lock twice: once to read,
//! once to write. Each access is protected; the increment is not. The fix holds one guard across
//! the read and the write.
//!
//! Run it: `racelab check counter_02_mutex`, or `cargo test counter_02`.
//!
//! | outcome | broken | fixed | meaning |
//! |---|---|---|---|
//! | `2` | Acceptable | Acceptable | both increments applied |
//! | `1` | Interesting | Forbidden | one increment lost |

use racelab::prelude::*;

// ANCHOR: shared
/// The shared state: a counter behind a lock.
pub struct Counter {
    value: Mutex<i64>,
}

fn setup() -> Counter {
    Counter { value: Mutex::named("counter", 0) }
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: the guard is dropped between the read and the write.
fn lock_each_step(c: &Counter) {
    let v = *c.value.lock().unwrap();
    *c.value.lock().unwrap() = v + 1;
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: one guard covers the whole read-modify-write.
fn lock_the_increment(c: &Counter) {
    *c.value.lock().unwrap() += 1;
}
// ANCHOR_END: fixed

// ANCHOR: observer
fn final_count(c: &Counter, _: &[()]) -> Outcome {
    Outcome::value(*c.value.lock().unwrap())
}
// ANCHOR_END: observer

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "counter_02_mutex",
    title: "A mutex taken separately for the read and the write still loses updates",
    intent: "Locking every access is not the same as locking the operation: the critical section \
             must cover the whole read-modify-write.",
    explanation: "`1`: t1 reads 0 and releases the lock; t2 takes it, reads 0 and releases it; both \
                  write 1. The lock orders the four accesses but cannot keep the pairs together.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("1", Interesting, "one increment lost between the two critical sections"),
                outcome("2", Acceptable, "both increments applied"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "t1", run: lock_each_step },
                    Actor { name: "t2", run: lock_each_step },
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
                    Actor { name: "t1", run: lock_the_increment },
                    Actor { name: "t2", run: lock_the_increment },
                ],
                observe: final_count,
            },
        },
    ],
};
