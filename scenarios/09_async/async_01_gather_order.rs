//! # async_01_gather_order: results in the order tasks finish, read as input order
//!
//! Two async tasks: the first is slow (it awaits twice before finishing), the second fast. The
//! broken caller has each task push its result into a shared vector as it finishes, then reads the
//! vector as if it held the results in input order. The fix is a gather: spawn every task first,
//! then await their handles in input order: the results come back in input order whatever order
//! the tasks finish in, and they still run concurrently.
//!
//! Run it: `racelab check async_01_gather_order`, or `cargo test async_01`.
//!
//! | outcome (results for inputs 1, 2) | broken | gather | meaning |
//! |---|---|---|---|
//! | `10, 20` | Acceptable | Acceptable | each result with its input |
//! | `20, 10` | Interesting | Forbidden | completion order taken for input order |
//!
//! shuttle schedules the tasks every way and finds it. Real threads may not: tokio's
//! current-thread scheduler runs ready tasks in a fixed order, so the fast task always finishes
//! first, or never. loom has no executor to run async tasks on, and says so in its report.

use racelab::prelude::*;
use racelab::task;

// ANCHOR: shared
/// Input `x`, after `awaits` yields to the executor: a task that takes a while.
async fn job(x: i64, awaits: usize) -> i64 {
    for _ in 0..awaits {
        task::yield_now().await;
    }
    x * 10
}

/// (input, how long its task takes): the first input is the slow one.
const JOBS: [(i64, usize); 2] = [(1, 2), (2, 0)];
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: each task records its result when it finishes; the caller reads them in that order.
fn collect_as_they_finish() -> Outcome {
    task::block_on(async {
        let finished = Arc::new(Mutex::named("finished", Vec::new()));
        let handles: Vec<_> = JOBS
            .iter()
            .map(|&(x, awaits)| {
                let finished = finished.clone();
                task::spawn_named(Some(&format!("job{x}")), async move {
                    let value = job(x, awaits).await;
                    finished.lock().unwrap().push(value);
                })
            })
            .collect();
        for handle in handles {
            handle.await.unwrap();
        }
        let results = finished.lock().unwrap().clone();
        Outcome::values([results[0], results[1]])
    })
}
// ANCHOR_END: broken

// ANCHOR: gather
/// Fixed: spawn all, then await each handle in input order.
fn gather() -> Outcome {
    task::block_on(async {
        let handles: Vec<_> = JOBS
            .iter()
            .map(|&(x, awaits)| task::spawn_named(Some(&format!("job{x}")), job(x, awaits)))
            .collect();
        let mut results = Vec::new();
        for handle in handles {
            results.push(handle.await.unwrap());
        }
        Outcome::values([results[0], results[1]])
    })
}
// ANCHOR_END: gather

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "async_01_gather_order",
    title: "Async results collected as tasks finish are read as if in input order",
    intent: "Tasks finish in whatever order their awaits allow. A gather (spawn all, then await \
             each handle in input order) returns input order and still runs them concurrently.",
    explanation: "`20, 10`: the slow task yields twice before finishing, so the fast one's result \
                  reaches the shared vector first, and the caller pairs it with input 1.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("10, 20", Acceptable, "the tasks happened to finish in input order"),
                outcome("20, 10", Interesting, "completion order taken for input order"),
            ],
            otherwise: Forbidden,
            program: &Body { threads: &["job1", "job2"], run: collect_as_they_finish },
        },
        Variant {
            name: "gather",
            claim: Claim::Correct,
            outcomes: &[
                outcome("10, 20", Acceptable, "each result with its input"),
                outcome("20, 10", Forbidden, "completion order taken for input order"),
            ],
            otherwise: Forbidden,
            program: &Body { threads: &["job1", "job2"], run: gather },
        },
    ],
};
