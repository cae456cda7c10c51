//! # worker_02_poisoned_lock: a worker dies halfway through an update
//!
//! A ledger holds entries in pairs, a debit and its credit, so that they sum to zero. The `writer`
//! takes the lock, pushes a debit, and panics before the credit: the lock is poisoned, and the
//! ledger holds half an update. What does the `reader`, taking the lock next, see?
//! - broken: `lock().unwrap()`, so the writer's failure becomes the reader's panic too;
//! - ignores_poison: `into_inner()` on the error, trusting the data: it reads a sum of -10;
//! - fixed: recovers, rolling back the half-done update before using the data.
//!
//! Run it: `racelab check worker_02_poisoned_lock`, or `cargo test worker_02`.
//!
//! | outcome (the reader's view) | broken | ignores_poison | fixed | meaning |
//! |---|---|---|---|---|
//! | `0` | Acceptable | Acceptable | Acceptable | balanced ledger |
//! | `-10` | Forbidden | Interesting | Forbidden | half an update read as data |
//! | `reader panicked` | Interesting | Forbidden | Forbidden | the failure cascades |

use racelab::prelude::*;
use racelab::sync::MutexGuard;

// ANCHOR: shared
type Ledger = Arc<Mutex<Vec<i64>>>;

/// The writer: a debit, then a failure before the matching credit.
fn write_half_an_update(ledger: &Ledger) {
    let mut entries = ledger.lock().unwrap();
    entries.push(-10);
    panic!("writer failed between the debit and the credit");
}

fn sum(entries: &MutexGuard<'_, Vec<i64>>) -> i64 {
    entries.iter().sum()
}

/// Runs the writer and `read` concurrently; the outcome is what the reader saw.
fn run(read: fn(&Ledger) -> i64) -> Outcome {
    let ledger: Ledger = Arc::new(Mutex::named("ledger", Vec::new()));
    let (w, r) = (ledger.clone(), ledger.clone());
    let writer = thread::Builder::new().name("writer").spawn(move || write_half_an_update(&w)).unwrap();
    let reader = thread::Builder::new().name("reader").spawn(move || read(&r)).unwrap();
    let _ = writer.join(); // the writer's failure is expected; the reader's view is the question
    match reader.join() {
        Ok(total) => Outcome::value(total),
        Err(_) => Outcome::label("reader panicked"),
    }
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: a poisoned lock turns into a second panic.
fn read_with_unwrap(ledger: &Ledger) -> i64 {
    sum(&ledger.lock().unwrap())
}
// ANCHOR_END: broken

// ANCHOR: ignores_poison
/// Broken another way: takes the data back from the poison and trusts it.
fn read_ignoring_poison(ledger: &Ledger) -> i64 {
    sum(&ledger.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
}
// ANCHOR_END: ignores_poison

// ANCHOR: fixed
/// Fixed: a poisoned ledger may hold half an update; drop the unmatched entry, then read.
fn read_and_recover(ledger: &Ledger) -> i64 {
    let entries = match ledger.lock() {
        Ok(entries) => entries,
        Err(poisoned) => {
            let mut entries = poisoned.into_inner();
            let complete = entries.len() / 2 * 2;
            entries.truncate(complete);
            entries
        }
    };
    sum(&entries)
}
// ANCHOR_END: fixed

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "worker_02_poisoned_lock",
    title: "A worker panics while holding a lock: the others inherit its failure or its half-done update",
    intent: "A poisoned lock says the data behind it may be half-updated. Unwrapping spreads the \
             failure; ignoring the poison spreads the corruption; recovery repairs the invariant \
             before using the data.",
    explanation: "`reader panicked`: the writer's panic poisoned the lock, and `unwrap` on the \
                  reader's `lock()` panics in turn. `-10`: `into_inner` hands over the debit \
                  without its credit. Both need the writer to take the lock first; if the reader \
                  goes first it sees an empty, balanced ledger.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("-10", Forbidden, "half an update read as data"),
                outcome("0", Acceptable, "the reader went first: an empty, balanced ledger"),
                outcome("reader panicked", Interesting, "the writer's failure cascades into the reader"),
            ],
            otherwise: Forbidden,
            program: &Body { threads: &["writer", "reader"], run: || run(read_with_unwrap) },
        },
        Variant {
            name: "ignores_poison",
            claim: Claim::Broken,
            outcomes: &[
                outcome("-10", Interesting, "half an update read as data: the debit without its credit"),
                outcome("0", Acceptable, "the reader went first: an empty, balanced ledger"),
                outcome("reader panicked", Forbidden, "into_inner never panics"),
            ],
            otherwise: Forbidden,
            program: &Body { threads: &["writer", "reader"], run: || run(read_ignoring_poison) },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: &[
                outcome("-10", Forbidden, "half an update read as data"),
                outcome("0", Acceptable, "a balanced ledger: the half-done update rolled back"),
                outcome("reader panicked", Forbidden, "the failure cascades"),
            ],
            otherwise: Forbidden,
            program: &Body { threads: &["writer", "reader"], run: || run(read_and_recover) },
        },
    ],
};
