//! # deadlock_02_philosophers: three philosophers, each holding a left fork
//!
//! Three philosophers sit at a round table with one fork between each pair. To eat, each takes
//! the fork on the left, then the fork on the right. If all three take their left fork before
//! anyone takes a right one, each waits for a fork its neighbour holds: a wait-for cycle through
//! all three. The fix numbers the forks and has everyone take the lower-numbered fork first, so
//! the last philosopher reaches for fork 0 before fork 2, and the cycle cannot close.
//!
//! Run it: `racelab check deadlock_02_philosophers`, or `cargo test deadlock_02`.
//!
//! | outcome | broken | fixed | meaning |
//! |---|---|---|---|
//! | `6` | Acceptable | Acceptable | every philosopher ate once, with two forks each |
//! | `deadlock` | Interesting | Forbidden | a model checker found all three waiting |
//! | `hang` | Interesting | Forbidden | on real threads, the watchdog saw no progress |

use racelab::prelude::*;

// ANCHOR: shared
/// The shared state: three forks, each counting the meals it served.
pub struct Table {
    forks: [Mutex<i64>; 3],
}

fn setup() -> Table {
    Table { forks: [Mutex::named("fork0", 0), Mutex::named("fork1", 0), Mutex::named("fork2", 0)] }
}

/// Eats once, holding `first` then `second`.
fn eat(table: &Table, first: usize, second: usize) {
    let mut a = table.forks[first].lock().unwrap();
    let mut b = table.forks[second].lock().unwrap();
    *a += 1;
    *b += 1;
}

/// Philosophers 0 and 1, in both variants: the left fork (lower-numbered) first.
fn p0(table: &Table) {
    eat(table, 0, 1);
}
fn p1(table: &Table) {
    eat(table, 1, 2);
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: philosopher 2 also takes the left fork first, fork 2, then fork 0, closing the circle.
fn p2_left_first(table: &Table) {
    eat(table, 2, 0);
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: philosopher 2 takes the lower-numbered fork first, fork 0, then fork 2.
fn p2_lower_first(table: &Table) {
    eat(table, 0, 2);
}
// ANCHOR_END: fixed

// ANCHOR: observer
fn meals(table: &Table, _: &[()]) -> Outcome {
    Outcome::value(table.forks.iter().map(|f| *f.lock().unwrap()).sum::<i64>())
}
// ANCHOR_END: observer

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "deadlock_02_philosophers",
    title: "Three dining philosophers, each taking the left fork first, deadlock",
    intent: "A lock-order cycle can run through more than two threads: three philosophers, each \
             holding one fork and waiting for the next. Taking the forks in one global order \
             (lower number first) breaks every cycle.",
    explanation: "`deadlock`: p0 holds fork0 and waits for fork1, p1 holds fork1 and waits for \
                  fork2, p2 holds fork2 and waits for fork0. On real threads the same state is a \
                  `hang`, seen by the watchdog.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("6", Acceptable, "every philosopher ate once, with two forks each"),
                outcome(
                    "deadlock",
                    Interesting,
                    "each philosopher holds the left fork and waits for the right",
                ),
                outcome("hang", Interesting, "real threads stopped making progress: the same deadlock"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "p0", run: p0 },
                    Actor { name: "p1", run: p1 },
                    Actor { name: "p2", run: p2_left_first },
                ],
                observe: meals,
            },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: &[
                outcome("6", Acceptable, "every philosopher ate once, with two forks each"),
                outcome("deadlock", Forbidden, "a cycle of philosophers waiting for forks"),
                outcome("hang", Forbidden, "real threads stopped making progress"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "p0", run: p0 },
                    Actor { name: "p1", run: p1 },
                    Actor { name: "p2", run: p2_lower_first },
                ],
                observe: meals,
            },
        },
    ],
};
