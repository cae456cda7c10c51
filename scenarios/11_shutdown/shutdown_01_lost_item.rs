//! # shutdown_01_lost_item: the consumer stops with items still queued
//!
//! A producer queues two items, then tells the consumer to stop. The broken consumer checks the
//! stop flag first: if the flag is up when it wakes, it leaves, and whatever is still queued is
//! lost. One fix drains first: the consumer stops only when the flag is up *and* the queue is
//! empty. The other sends a sentinel: stopping is a message in the queue, behind every item, so
//! the consumer cannot see it before them.
//!
//! Run it: `racelab check shutdown_01_lost_item`, or `cargo test shutdown_01`.
//!
//! | outcome (items consumed) | broken | drain_first | sentinel | meaning |
//! |---|---|---|---|---|
//! | `2` | Acceptable | Acceptable | Acceptable | every item consumed |
//! | `0`, `1` | Interesting | Forbidden | Forbidden | items dropped at shutdown |

use std::collections::VecDeque;

use racelab::prelude::*;

// ANCHOR: shared
/// A message in the queue: an item, or (in the `sentinel` variant) the order to stop.
#[derive(Debug)]
pub enum Msg {
    /// Work to do.
    Item(i64),
    /// No more items will come.
    Done,
}

/// What the lock guards: the queued messages and the stop flag.
#[derive(Debug)]
pub struct Queue {
    items: VecDeque<Msg>,
    stop: bool,
}

/// The shared state: the queue and its condition variable.
pub struct Shared {
    queue: Mutex<Queue>,
    changed: Condvar,
}

fn setup() -> Shared {
    Shared {
        queue: Mutex::named("queue", Queue { items: VecDeque::new(), stop: false }),
        changed: Condvar::named("changed"),
    }
}

fn send(s: &Shared, msg: Msg) {
    s.queue.lock().unwrap().items.push_back(msg);
    s.changed.notify_one();
}

/// The producer of the stop-flag variants: two items, then the flag.
fn produce_then_stop(s: &Shared) -> i64 {
    send(s, Msg::Item(1));
    send(s, Msg::Item(2));
    s.queue.lock().unwrap().stop = true;
    s.changed.notify_one();
    0
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: the stop flag is checked before the queue, so items queued before it are dropped.
fn consume_until_stop(s: &Shared) -> i64 {
    let mut consumed = 0;
    let mut queue = s.queue.lock().unwrap();
    loop {
        if queue.stop {
            return consumed;
        }
        if let Some(Msg::Item(_)) = queue.items.pop_front() {
            consumed += 1;
        } else {
            queue = s.changed.wait(queue).unwrap();
        }
    }
}
// ANCHOR_END: broken

// ANCHOR: drain_first
/// Fixed: take an item while there is one; stop only when the flag is up and the queue empty.
fn drain_then_stop(s: &Shared) -> i64 {
    let mut consumed = 0;
    let mut queue = s.queue.lock().unwrap();
    loop {
        if let Some(Msg::Item(_)) = queue.items.pop_front() {
            consumed += 1;
        } else if queue.stop {
            return consumed;
        } else {
            queue = s.changed.wait(queue).unwrap();
        }
    }
}
// ANCHOR_END: drain_first

// ANCHOR: sentinel
/// Also fixed: the order to stop is a message, queued behind every item...
fn produce_then_sentinel(s: &Shared) -> i64 {
    send(s, Msg::Item(1));
    send(s, Msg::Item(2));
    send(s, Msg::Done);
    0
}
/// ...so the consumer meets it only after taking them all.
fn consume_until_sentinel(s: &Shared) -> i64 {
    let mut consumed = 0;
    let mut queue = s.queue.lock().unwrap();
    loop {
        match queue.items.pop_front() {
            Some(Msg::Item(_)) => consumed += 1,
            Some(Msg::Done) => return consumed,
            None => queue = s.changed.wait(queue).unwrap(),
        }
    }
}
// ANCHOR_END: sentinel

// ANCHOR: observer
fn consumed(_: &Shared, results: &[i64]) -> Outcome {
    Outcome::value(results[1])
}
// ANCHOR_END: observer

/// The outcome table of both fixed variants.
const FIXED: &[Declared] = &[
    outcome("0", Forbidden, "both items dropped at shutdown"),
    outcome("1", Forbidden, "one item dropped at shutdown"),
    outcome("2", Acceptable, "every item consumed"),
];

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "shutdown_01_lost_item",
    title: "A consumer told to stop leaves items in the queue",
    intent: "A stop signal that travels beside the queue can overtake the items in it. Stopping \
             only once the queue is empty, or sending the stop as a message behind the items, \
             makes every item queued before the stop get consumed.",
    explanation: "`0` or `1`: the producer queued its items and raised the stop flag before the \
                  consumer took them all; the consumer looked at the flag first and left, and the \
                  items still queued were never consumed.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("0", Interesting, "both items dropped: the flag was up before the consumer looked"),
                outcome("1", Interesting, "one item dropped: the flag overtook it"),
                outcome("2", Acceptable, "every item consumed before the flag went up"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "producer", run: produce_then_stop },
                    Actor { name: "consumer", run: consume_until_stop },
                ],
                observe: consumed,
            },
        },
        Variant {
            name: "drain_first",
            claim: Claim::Correct,
            outcomes: FIXED,
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "producer", run: produce_then_stop },
                    Actor { name: "consumer", run: drain_then_stop },
                ],
                observe: consumed,
            },
        },
        Variant {
            name: "sentinel",
            claim: Claim::Correct,
            outcomes: FIXED,
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "producer", run: produce_then_sentinel },
                    Actor { name: "consumer", run: consume_until_sentinel },
                ],
                observe: consumed,
            },
        },
    ],
};
