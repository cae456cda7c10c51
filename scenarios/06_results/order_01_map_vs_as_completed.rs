//! # order_01_map_vs_as_completed: results paired with the wrong inputs
//!
//! Two jobs go to a pool of two workers: input 1 and input 2, each multiplied by ten.
//! `as_completed` hands results back in the order the jobs *finish*, which any interleaving may
//! change. The broken caller zips those results with its inputs by position, so when job 2
//! finishes first, input 1 is paired with 20. One fix carries each input's key with its result;
//! another uses `map`, which returns results in input order whatever order the jobs finish in.
//!
//! Run it: `racelab check order_01_map_vs_as_completed`, or `cargo test order_01`.
//!
//! | outcome (results paired with inputs 1, 2) | broken | keyed | map | meaning |
//! |---|---|---|---|---|
//! | `10, 20` | Acceptable | Acceptable | Acceptable | every result with its own input |
//! | `20, 10` | Interesting | Forbidden | Forbidden | results swapped: paired by completion order |
//!
//! Real threads rarely show it: a pool is built per trial, a few thousand a second, and two tiny
//! jobs nearly always finish in the order they were queued. The model checkers schedule the
//! workers every way and find it at once.

use racelab::exec::ThreadPool;
use racelab::prelude::*;

// ANCHOR: shared
const INPUTS: [i64; 2] = [1, 2];

fn times_ten(x: i64) -> i64 {
    x * 10
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: completion order taken for input order.
fn zip_by_position() -> Outcome {
    let pool = ThreadPool::new(2);
    let results: Vec<i64> = pool.as_completed(INPUTS, times_ten).map(|(_, r)| r.unwrap()).collect();
    Outcome::values([results[0], results[1]])
}
// ANCHOR_END: broken

// ANCHOR: keyed
/// Fixed: every result carries the index of its input.
fn pair_by_key() -> Outcome {
    let pool = ThreadPool::new(2);
    let mut paired = [0; 2];
    for (index, result) in pool.as_completed(INPUTS, times_ten) {
        paired[index] = result.unwrap();
    }
    Outcome::values(paired)
}
// ANCHOR_END: keyed

// ANCHOR: map
/// Fixed another way: `map` returns results in input order.
fn map_in_input_order() -> Outcome {
    let pool = ThreadPool::new(2);
    let results: Vec<i64> = pool.map(INPUTS, times_ten).into_iter().map(Result::unwrap).collect();
    Outcome::values([results[0], results[1]])
}
// ANCHOR_END: map

/// Both correct variants grade alike.
const CORRECT: &[Declared] = &[
    outcome("10, 20", Acceptable, "every result with its own input"),
    outcome("20, 10", Forbidden, "results swapped"),
];

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "order_01_map_vs_as_completed",
    title: "Results in completion order are zipped with the inputs by position",
    intent: "as_completed yields results as jobs finish; pairing them with inputs by position \
             assumes they finish in input order. Carry the key, or use map.",
    explanation: "`20, 10`: worker2 finishes job 2 before worker1 finishes job 1, so the first \
                  result out of as_completed is 20, and the caller pairs it with input 1.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("10, 20", Acceptable, "the jobs happened to finish in input order"),
                outcome("20, 10", Interesting, "results swapped: paired by completion order"),
            ],
            otherwise: Forbidden,
            program: &Body { threads: &["worker1", "worker2"], run: zip_by_position },
        },
        Variant {
            name: "keyed",
            claim: Claim::Correct,
            outcomes: CORRECT,
            otherwise: Forbidden,
            program: &Body { threads: &["worker1", "worker2"], run: pair_by_key },
        },
        Variant {
            name: "map",
            claim: Claim::Correct,
            outcomes: CORRECT,
            otherwise: Forbidden,
            program: &Body { threads: &["worker1", "worker2"], run: map_in_input_order },
        },
    ],
};
