//! # handoff_01_missed_wakeup: the consumer sleeps through the only notification
//!
//! A producer puts one item in a slot and notifies a condition variable. The broken consumer
//! checks the slot, releases the lock, then takes the lock again to wait: if the producer fills
//! the slot and notifies in that gap, the notification wakes nobody, and the consumer then waits
//! for one that will never come. The fix checks and waits under one guard, in a `while` loop:
//! `Condvar::wait` releases the lock and sleeps in one step, so no notification can fall between.
//!
//! Run it: `racelab check handoff_01_missed_wakeup`, or `cargo test handoff_01`.
//!
//! | outcome | broken | fixed | meaning |
//! |---|---|---|---|
//! | `42` | Acceptable | Acceptable | the consumer got the item |
//! | `deadlock` | Interesting | Forbidden | the consumer waits for a notification already sent |
//! | `hang` | Interesting | Forbidden | on real threads, the watchdog saw no progress |

use racelab::prelude::*;

// ANCHOR: shared
/// The shared state: a one-item slot and its condition variable.
pub struct Handoff {
    slot: Mutex<Option<i64>>,
    ready: Condvar,
}

fn setup() -> Handoff {
    Handoff { slot: Mutex::named("slot", None), ready: Condvar::named("ready") }
}

fn produce(h: &Handoff) -> i64 {
    *h.slot.lock().unwrap() = Some(42);
    h.ready.notify_one();
    0
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: the check and the wait are under two different acquisitions of the lock.
fn check_then_wait(h: &Handoff) -> i64 {
    let empty = h.slot.lock().unwrap().is_none();
    if empty {
        let slot = h.slot.lock().unwrap();
        let mut slot = h.ready.wait(slot).unwrap();
        return slot.take().unwrap_or(-1);
    }
    h.slot.lock().unwrap().take().unwrap_or(-1)
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: check and wait under one guard, and re-check after every wake-up.
fn wait_while_empty(h: &Handoff) -> i64 {
    let mut slot = h.slot.lock().unwrap();
    while slot.is_none() {
        slot = h.ready.wait(slot).unwrap();
    }
    slot.take().unwrap_or(-1)
}
// ANCHOR_END: fixed

// ANCHOR: observer
fn item_received(_: &Handoff, results: &[i64]) -> Outcome {
    Outcome::value(results[1])
}
// ANCHOR_END: observer

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "handoff_01_missed_wakeup",
    title: "A consumer checks the queue, then waits under a new lock and misses the wake-up",
    intent: "A condition variable keeps no memory of a notification nobody waited for. The \
             predicate must be checked under the same lock the wait releases, in a loop.",
    explanation: "`deadlock`: the consumer sees an empty slot and drops the lock; the producer \
                  fills the slot and notifies while nobody waits; the consumer then waits, and no \
                  second notification comes.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("42", Acceptable, "the consumer got the item"),
                outcome("deadlock", Interesting, "the consumer waits for a notification already sent"),
                outcome("hang", Interesting, "real threads stopped making progress: the same missed wake-up"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "producer", run: produce },
                    Actor { name: "consumer", run: check_then_wait },
                ],
                observe: item_received,
            },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: &[
                outcome("42", Acceptable, "the consumer got the item"),
                outcome("deadlock", Forbidden, "a missed wake-up"),
                outcome("hang", Forbidden, "real threads stopped making progress"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "producer", run: produce },
                    Actor { name: "consumer", run: wait_while_empty },
                ],
                observe: item_received,
            },
        },
    ],
};
