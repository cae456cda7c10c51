//! # buffer_01_bounded: one condition variable, notify_one, and a producer wakes a producer
//!
//! A bounded buffer of one slot, two producers putting two items each, one consumer taking all
//! four. Everyone waits on the same condition variable, in a `while` loop, and signals with
//! `notify_one`. When a producer fills the slot while the other producer and the consumer both
//! wait, its one wake-up can go to the other producer, which finds the slot still full and waits
//! again: the consumer, the only one who could empty the slot, is never woken. Two condition
//! variables (`not_full` for producers, `not_empty` for the consumer) send each wake-up to someone
//! who can use it; `notify_all` wakes everyone and lets each re-check.
//!
//! Run it: `racelab check buffer_01_bounded`, or `cargo test buffer_01`.
//!
//! | outcome | broken | two_condvars | notify_all | meaning |
//! |---|---|---|---|---|
//! | `33` | Acceptable | Acceptable | Acceptable | the consumer took all four items |
//! | `deadlock` | Interesting | Forbidden | Forbidden | a model checker found everyone waiting |
//! | `hang` | Interesting | Forbidden | Forbidden | on real threads, the watchdog saw no progress |

use racelab::prelude::*;

// ANCHOR: shared
/// The shared state: a one-item slot, one condition variable for the broken and `notify_all`
/// variants, and two for the `two_condvars` variant.
pub struct Buffer {
    slot: Mutex<Option<i64>>,
    changed: Condvar,
    not_full: Condvar,
    not_empty: Condvar,
}

fn setup() -> Buffer {
    Buffer {
        slot: Mutex::named("slot", None),
        changed: Condvar::named("changed"),
        not_full: Condvar::named("not_full"),
        not_empty: Condvar::named("not_empty"),
    }
}

/// Puts `item` once the slot is empty: waits on `wait_on`, then wakes someone on `wake`.
fn put(slot: &Mutex<Option<i64>>, wait_on: &Condvar, wake: impl Fn(), item: i64) {
    let mut guard = slot.lock().unwrap();
    while guard.is_some() {
        guard = wait_on.wait(guard).unwrap();
    }
    *guard = Some(item);
    drop(guard);
    wake();
}

/// Takes an item once there is one: waits on `wait_on`, then wakes someone on `wake`.
fn take(slot: &Mutex<Option<i64>>, wait_on: &Condvar, wake: impl Fn()) -> i64 {
    let mut guard = slot.lock().unwrap();
    while guard.is_none() {
        guard = wait_on.wait(guard).unwrap();
    }
    let item = guard.take().unwrap_or(0);
    drop(guard);
    wake();
    item
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: one condition variable, and `notify_one` may wake a producer when only the consumer
/// can go on.
fn produce_one_condvar(b: &Buffer, items: [i64; 2]) -> i64 {
    for item in items {
        put(&b.slot, &b.changed, || b.changed.notify_one(), item);
    }
    0
}
fn producer_1(b: &Buffer) -> i64 {
    produce_one_condvar(b, [1, 2])
}
fn producer_2(b: &Buffer) -> i64 {
    produce_one_condvar(b, [10, 20])
}
fn consumer(b: &Buffer) -> i64 {
    (0..4).map(|_| take(&b.slot, &b.changed, || b.changed.notify_one())).sum()
}
// ANCHOR_END: broken

// ANCHOR: two_condvars
/// Fixed: producers wait on `not_full` and wake the consumer on `not_empty`, and the other way
/// round, so every wake-up goes to a thread that can use it.
fn produce_two_condvars(b: &Buffer, items: [i64; 2]) -> i64 {
    for item in items {
        put(&b.slot, &b.not_full, || b.not_empty.notify_one(), item);
    }
    0
}
fn producer_1_two(b: &Buffer) -> i64 {
    produce_two_condvars(b, [1, 2])
}
fn producer_2_two(b: &Buffer) -> i64 {
    produce_two_condvars(b, [10, 20])
}
fn consumer_two(b: &Buffer) -> i64 {
    (0..4).map(|_| take(&b.slot, &b.not_empty, || b.not_full.notify_one())).sum()
}
// ANCHOR_END: two_condvars

// ANCHOR: notify_all
/// Also fixed: one condition variable, but `notify_all` wakes everyone, and each waiter
/// re-checks its own condition in its `while` loop.
fn produce_notify_all(b: &Buffer, items: [i64; 2]) -> i64 {
    for item in items {
        put(&b.slot, &b.changed, || b.changed.notify_all(), item);
    }
    0
}
fn producer_1_all(b: &Buffer) -> i64 {
    produce_notify_all(b, [1, 2])
}
fn producer_2_all(b: &Buffer) -> i64 {
    produce_notify_all(b, [10, 20])
}
fn consumer_all(b: &Buffer) -> i64 {
    (0..4).map(|_| take(&b.slot, &b.changed, || b.changed.notify_all())).sum()
}
// ANCHOR_END: notify_all

// ANCHOR: observer
fn consumed(_: &Buffer, results: &[i64]) -> Outcome {
    Outcome::value(results[2])
}
// ANCHOR_END: observer

/// The outcome table of both fixed variants.
const FIXED: &[Declared] = &[
    outcome("33", Acceptable, "the consumer took all four items"),
    outcome("deadlock", Forbidden, "everyone waiting, and no one left to notify"),
    outcome("hang", Forbidden, "real threads stopped making progress"),
];

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "buffer_01_bounded",
    title: "A bounded buffer with one condition variable and notify_one deadlocks",
    intent: "When threads waiting for different conditions share one condition variable, \
             notify_one may wake a thread that cannot go on, and the one that could sleeps \
             forever. One condition variable per condition, or notify_all, fixes it.",
    explanation: "`deadlock`: a producer filled the slot and its notify_one woke the other \
                  producer, not the waiting consumer; that producer found the slot full and waited \
                  again. Now both wait on `changed` with the slot full, and the only thread that \
                  could empty it was never woken. On real threads the same state is a `hang`.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("33", Acceptable, "the consumer took all four items"),
                outcome("deadlock", Interesting, "a producer's wake-up went to the other producer"),
                outcome("hang", Interesting, "real threads stopped making progress: the same deadlock"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "producer_1", run: producer_1 },
                    Actor { name: "producer_2", run: producer_2 },
                    Actor { name: "consumer", run: consumer },
                ],
                observe: consumed,
            },
        },
        Variant {
            name: "two_condvars",
            claim: Claim::Correct,
            outcomes: FIXED,
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "producer_1", run: producer_1_two },
                    Actor { name: "producer_2", run: producer_2_two },
                    Actor { name: "consumer", run: consumer_two },
                ],
                observe: consumed,
            },
        },
        Variant {
            name: "notify_all",
            claim: Claim::Correct,
            outcomes: FIXED,
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "producer_1", run: producer_1_all },
                    Actor { name: "producer_2", run: producer_2_all },
                    Actor { name: "consumer", run: consumer_all },
                ],
                observe: consumed,
            },
        },
    ],
};
