//! # deadlock_01_lock_order: two transfers, two locks, opposite orders
//!
//! Two accounts, each behind its own lock. One transfer moves money from `a` to `b` and locks `a`
//! then `b`; the other moves money from `b` to `a` and locks `b` then `a`. If each takes its first
//! lock before the other takes its second, each waits for the other forever. The fix takes the
//! locks in one global order (here: `a` before `b`) whatever the direction of the transfer.
//!
//! Run it: `racelab check deadlock_01_lock_order`, or `cargo test deadlock_01`.
//!
//! | outcome | broken | fixed | meaning |
//! |---|---|---|---|
//! | `200` | Acceptable | Acceptable | both transfers done, no money lost |
//! | `deadlock` | Interesting | Forbidden | a model checker found both threads blocked |
//! | `hang` | Interesting | Forbidden | on real threads, the watchdog saw no progress |

use racelab::prelude::*;

// ANCHOR: shared
/// The shared state: two accounts.
pub struct Bank {
    a: Mutex<i64>,
    b: Mutex<i64>,
}

fn setup() -> Bank {
    Bank { a: Mutex::named("a", 100), b: Mutex::named("b", 100) }
}

/// Moves `amount` between the two accounts, locking `first` then `second`.
fn transfer(first: &Mutex<i64>, second: &Mutex<i64>, amount: i64) {
    let mut from = first.lock().unwrap();
    let mut to = second.lock().unwrap();
    *from -= amount;
    *to += amount;
}

/// t1, in both variants: moves 10 from `a` to `b`, locking `a` first.
fn a_to_b(bank: &Bank) {
    transfer(&bank.a, &bank.b, 10);
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: t2 locks its own source account first, `b`: the opposite order to t1's.
fn b_to_a(bank: &Bank) {
    transfer(&bank.b, &bank.a, 10);
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: `a` is always locked first; the direction only changes the sign.
fn b_to_a_in_global_order(bank: &Bank) {
    transfer(&bank.a, &bank.b, -10);
}
// ANCHOR_END: fixed

// ANCHOR: observer
fn total(bank: &Bank, _: &[()]) -> Outcome {
    Outcome::value(*bank.a.lock().unwrap() + *bank.b.lock().unwrap())
}
// ANCHOR_END: observer

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "deadlock_01_lock_order",
    title: "Two transfers lock two accounts in opposite orders and deadlock",
    intent: "Threads that take the same locks in different orders can each hold one and wait for \
             the other: a cycle in the wait-for graph. One global lock order makes the cycle \
             impossible.",
    explanation: "`deadlock`: t1 holds `a` and waits for `b`; t2 holds `b` and waits for `a`. \
                  Neither can go on, and nothing else will release a lock. On real threads the \
                  same state is a `hang`, seen by the watchdog.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("200", Acceptable, "both transfers done, no money lost"),
                outcome("deadlock", Interesting, "each thread holds one lock and waits for the other"),
                outcome("hang", Interesting, "real threads stopped making progress: the same deadlock"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[Actor { name: "t1", run: a_to_b }, Actor { name: "t2", run: b_to_a }],
                observe: total,
            },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: &[
                outcome("200", Acceptable, "both transfers done, no money lost"),
                outcome("deadlock", Forbidden, "a lock-order cycle"),
                outcome("hang", Forbidden, "real threads stopped making progress"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "t1", run: a_to_b },
                    Actor { name: "t2", run: b_to_a_in_global_order },
                ],
                observe: total,
            },
        },
    ],
};
