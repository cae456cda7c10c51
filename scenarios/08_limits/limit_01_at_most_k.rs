//! # limit_01_at_most_k: two jobs slip past a limit of one
//!
//! At most one job may run at a time (K = 1). The broken limiter reads the number of jobs in
//! flight, and if it is below K, adds one: a check, then an act. Both jobs can read 0 before either
//! adds, and both run. The fixed limiter is a semaphore: the count is checked and taken under one
//! lock, and a job that finds no permit waits for one.
//!
//! Run it: `racelab check limit_01_at_most_k`, or `cargo test limit_01`.
//!
//! | outcome (most jobs ever in flight) | broken | fixed | meaning |
//! |---|---|---|---|
//! | `1` | Acceptable | Acceptable | the limit held |
//! | `2` | Interesting | Forbidden | the limit was exceeded |

use racelab::exec::Semaphore;
use racelab::prelude::*;

// ANCHOR: shared
const K: usize = 1;

/// The shared state: the limiter's own count, and a measurement of what really ran at once.
pub struct Limited {
    admitted: AtomicUsize,
    permits: Semaphore,
    running: AtomicUsize,
    most: AtomicUsize,
}

fn setup() -> Limited {
    Limited {
        admitted: AtomicUsize::named("admitted", 0),
        permits: Semaphore::new(K),
        running: AtomicUsize::named("running", 0),
        most: AtomicUsize::named("most", 0),
    }
}

/// The job: count itself in, note the most seen, count itself out.
fn job(s: &Limited) {
    let now = s.running.fetch_add(1, SeqCst) + 1;
    s.most.fetch_max(now, SeqCst);
    s.running.fetch_sub(1, SeqCst);
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: check the count, then increment it; a job that finds the limit reached is turned away.
fn check_then_increment(s: &Limited) {
    if s.admitted.load(SeqCst) < K {
        s.admitted.fetch_add(1, SeqCst);
        job(s);
        s.admitted.fetch_sub(1, SeqCst);
    }
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: a semaphore takes the permit under its lock, or waits for one.
fn with_semaphore(s: &Limited) {
    let _permit = s.permits.acquire();
    job(s);
}
// ANCHOR_END: fixed

// ANCHOR: observer
fn most_in_flight(s: &Limited, _: &[()]) -> Outcome {
    Outcome::value(s.most.load(SeqCst) as i64)
}
// ANCHOR_END: observer

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "limit_01_at_most_k",
    title: "A limiter checks the count, then increments it: two jobs run under a limit of one",
    intent: "A concurrency limit is a check-then-act on a counter; it holds only if the check and \
             the increment are one step: a semaphore.",
    explanation: "`2`: both jobs load `admitted` = 0 before either increments it; both pass the \
                  check and both run. The measured `most` shows what really ran at once.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("1", Acceptable, "the limit held"),
                outcome("2", Interesting, "two jobs in flight under a limit of one"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "job1", run: check_then_increment },
                    Actor { name: "job2", run: check_then_increment },
                ],
                observe: most_in_flight,
            },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: &[
                outcome("1", Acceptable, "the limit held"),
                outcome("2", Forbidden, "two jobs in flight under a limit of one"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "job1", run: with_semaphore },
                    Actor { name: "job2", run: with_semaphore },
                ],
                observe: most_in_flight,
            },
        },
    ],
};
