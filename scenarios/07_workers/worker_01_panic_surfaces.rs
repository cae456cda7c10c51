//! # worker_01_panic_surfaces: a failed job vanishes without a word
//!
//! Two jobs go to a pool; the second panics. The broken caller lets each job push its result into
//! a shared vector and reads the vector once the pool is done: the failed job simply left nothing
//! there, and nothing says so. The fix keeps each job's handle and joins it: a panic comes back as
//! an error value, and every job is accounted for, success or failure.
//!
//! Run it: `racelab check worker_01_panic_surfaces`, or `cargo test worker_01`.
//!
//! | outcome | broken | fixed | meaning |
//! |---|---|---|---|
//! | `1 result, 1 error` | Acceptable | Acceptable | the failure surfaced |
//! | `1 result, 0 errors` | Interesting | Forbidden | a result silently missing |

use racelab::exec::ThreadPool;
use racelab::prelude::*;

// ANCHOR: shared
fn job(x: i64) -> i64 {
    if x == 2 {
        panic!("job 2 failed");
    }
    x * 10
}

fn tally(results: usize, errors: usize) -> Outcome {
    Outcome::label(match (results, errors) {
        (1, 1) => "1 result, 1 error",
        (1, 0) => "1 result, 0 errors",
        (2, 0) => "2 results, 0 errors",
        _ => "other",
    })
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: results go into a shared vector; a job that fails adds nothing, and nobody checks.
fn collect_into_shared_vec() -> Outcome {
    let pool = ThreadPool::new(2);
    let results = Arc::new(Mutex::named("results", Vec::new()));
    for x in [1, 2] {
        let results = results.clone();
        let _ = pool.submit(move || {
            let value = job(x);
            results.lock().unwrap().push(value);
        });
    }
    pool.shutdown();
    let found = results.lock().unwrap().len();
    tally(found, 0)
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: every job's handle is joined; a panic comes back as an error value.
fn join_every_task() -> Outcome {
    let pool = ThreadPool::new(2);
    let tasks: Vec<_> = [1, 2].into_iter().map(|x| pool.submit(move || job(x))).collect();
    let (ok, failed): (Vec<_>, Vec<_>) = tasks.into_iter().map(|t| t.join()).partition(Result::is_ok);
    tally(ok.len(), failed.len())
}
// ANCHOR_END: fixed

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "worker_01_panic_surfaces",
    title: "A job panics in a pool and its result silently goes missing",
    intent: "A failure must surface as a value the caller sees, never as an absence nobody checks: \
             join every task, and count failures with successes.",
    explanation: "`1 result, 0 errors`: the panicking job never reaches its push, the pool catches \
                  the panic so the worker lives on, and the caller only counts what arrived. It \
                  happens in every interleaving: this bug needs no bad luck, only a failure.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("1 result, 0 errors", Interesting, "a result silently missing: the failure vanished"),
                outcome("1 result, 1 error", Acceptable, "the failure surfaced"),
            ],
            otherwise: Forbidden,
            program: &Body { threads: &["worker1", "worker2"], run: collect_into_shared_vec },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: &[
                outcome("1 result, 0 errors", Forbidden, "a result silently missing"),
                outcome("1 result, 1 error", Acceptable, "the failure surfaced as an error value"),
            ],
            otherwise: Forbidden,
            program: &Body { threads: &["worker1", "worker2"], run: join_every_task },
        },
    ],
};
