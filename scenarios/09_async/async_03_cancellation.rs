//! # async_03_cancellation: a select drops a task halfway through moving a job
//!
//! A worker takes a job from a shared `queue`, works on it (an `.await`), and records it in
//! `done`. A `select!` races the worker against a timer: when the timer wins, the worker's future
//! is dropped where it last awaited, and what it had not done yet never happens. The broken worker
//! takes the job out of the queue before its await: cancelled there, the job is in neither
//! collection, lost. Both fixes make the worker cancellation-safe. `commit_at_once` leaves the job
//! queued while it works and then moves it with no await between the two steps, so a cancellation
//! can only come before the move or after it. `requeue_on_drop` keeps the taken job in a guard
//! whose destructor puts it back, and the destructor runs when the select drops the worker.
//!
//! Run it: `racelab check async_03_cancellation`, or `cargo test async_03`.
//!
//! | outcome (jobs queued, jobs done) | broken | commit_at_once | requeue_on_drop | meaning |
//! |---|---|---|---|---|
//! | `0, 1` | Acceptable | Acceptable | Acceptable | the job was done before the timer fired |
//! | `1, 0` | Acceptable | Acceptable | Acceptable | the timer fired first; the job waits in the queue |
//! | `0, 0` | Interesting | Forbidden | Forbidden | the job lost: cancelled between taking and recording it |
//! | `1, 1` | Forbidden | Forbidden | Forbidden | the job both queued and done: it would run twice |
//!
//! On one thread (shuttle's executor, tokio's current-thread runtime) the broken worker never ends
//! in `1, 0`: an async function runs up to its first await at its first poll, and the timer's task
//! cannot run before the caller's first poll, so the worker has taken the job before the timer
//! can be seen to have fired. rc11 runs each task as a thread of its own, as a multi-threaded
//! runtime may, and there the timer can have ended before that first poll: `1, 0` as well.
//!
//! shuttle schedules the timer and the worker every way and finds the lost job; so does rc11,
//! which orders the timer's end and each poll of its handle every way the memory model allows. On
//! tokio the timer's task runs while the worker waits, so the timer wins every time. loom has no
//! executor to run async tasks on: it says so in its report.

use std::future::Future;

use racelab::prelude::*;
use racelab::task;

// ANCHOR: shared
/// The shared state: one job waiting in `queue`, none in `done`.
pub struct Jobs {
    queue: Mutex<Vec<i64>>,
    done: Mutex<Vec<i64>>,
}

/// Races `worker` against a timer, as `tokio::select!` races a task against `tokio::time::sleep`;
/// the loser is dropped. The timer is a task of its own that finishes as soon as it runs: no
/// clock, so a model checker can order it every way against the worker.
fn race_the_timer<F: Future<Output = ()>>(worker: fn(Arc<Jobs>) -> F) -> Outcome {
    task::block_on(async {
        let jobs =
            Arc::new(Jobs { queue: Mutex::named("queue", vec![1]), done: Mutex::named("done", Vec::new()) });
        let timer = task::spawn_named(Some("timer"), async {});
        let work = worker(jobs.clone());
        racelab::select! {
            _ = timer => {}, // time is up: stop the worker wherever it is
            _ = work => {},
        }
        observe(&jobs)
    })
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: between taking the job and recording it, the worker awaits; dropped there, it has
/// taken the job and recorded nothing.
async fn take_then_work(jobs: Arc<Jobs>) {
    let Some(job) = jobs.queue.lock().unwrap().pop() else { return };
    task::yield_now().await; // the work: a point where the select may drop this future
    jobs.done.lock().unwrap().push(job);
}
// ANCHOR_END: broken

// ANCHOR: commit_at_once
/// Fixed: work on the job while it is still queued, then move it with no await between the two
/// steps, under the queue's lock: a cancellation comes before the move or after it, never inside.
async fn work_then_commit(jobs: Arc<Jobs>) {
    let Some(job) = jobs.queue.lock().unwrap().last().copied() else { return };
    task::yield_now().await; // the work: dropped here, the job is still queued
    let mut queue = jobs.queue.lock().unwrap();
    queue.pop();
    jobs.done.lock().unwrap().push(job);
}
// ANCHOR_END: commit_at_once

// ANCHOR: requeue_on_drop
/// Holds a taken job until it is recorded; dropped with the job still in it, it puts it back.
struct Requeue {
    jobs: Arc<Jobs>,
    job: Option<i64>,
}

impl Drop for Requeue {
    fn drop(&mut self) {
        if let Some(job) = self.job.take() {
            self.jobs.queue.lock().unwrap().push(job);
        }
    }
}

/// Fixed another way: the taken job sits in a guard while the worker awaits; when the select
/// drops the worker, the guard's destructor runs and puts the job back in the queue.
async fn take_with_guard(jobs: Arc<Jobs>) {
    let Some(job) = jobs.queue.lock().unwrap().pop() else { return };
    let mut taken = Requeue { jobs: jobs.clone(), job: Some(job) };
    task::yield_now().await; // the work: dropped here, `taken` requeues the job
    let job = taken.job.take().expect("only the destructor empties the guard");
    jobs.done.lock().unwrap().push(job);
}
// ANCHOR_END: requeue_on_drop

// ANCHOR: observer
/// How many jobs are queued and how many done, once the select has returned.
fn observe(jobs: &Jobs) -> Outcome {
    let queued = jobs.queue.lock().unwrap().len() as i64;
    let done = jobs.done.lock().unwrap().len() as i64;
    Outcome::values([queued, done])
}
// ANCHOR_END: observer

fn broken() -> Outcome {
    race_the_timer(take_then_work)
}

fn commit_at_once() -> Outcome {
    race_the_timer(work_then_commit)
}

fn requeue_on_drop() -> Outcome {
    race_the_timer(take_with_guard)
}

/// The fixes grade alike.
const SAFE: &[Declared] = &[
    outcome("0, 0", Forbidden, "the job lost: cancelled between taking and recording it"),
    outcome("0, 1", Acceptable, "the job was done before the timer fired"),
    outcome("1, 0", Acceptable, "the timer fired first; the job waits in the queue for the next run"),
    outcome("1, 1", Forbidden, "the job both queued and done: it would run twice"),
];

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "async_03_cancellation",
    title: "A select drops a task halfway through moving a job, and the job is lost",
    intent: "A select drops the losing future at its last await: whatever it did before stays \
             done, whatever came after never happens. A future raced in a select must leave the \
             shared state whole wherever it stops: no await between steps that belong together, \
             or a guard that undoes the first when the future is dropped.",
    explanation: "`0, 0`: the worker pops the job from the queue and awaits; the timer's task runs \
                  and finishes, the select sees it first, and drops the worker at its await. The \
                  push into `done` never runs, and nothing puts the job back.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("0, 0", Interesting, "the job lost: cancelled between taking and recording it"),
                outcome("0, 1", Acceptable, "the job was done before the timer fired"),
                outcome("1, 0", Acceptable, "the timer fired before the worker took the job"),
                outcome("1, 1", Forbidden, "the job both queued and done: it would run twice"),
            ],
            otherwise: Forbidden,
            program: &Body { threads: &["timer"], run: broken },
        },
        Variant {
            name: "commit_at_once",
            claim: Claim::Correct,
            outcomes: SAFE,
            otherwise: Forbidden,
            program: &Body { threads: &["timer"], run: commit_at_once },
        },
        Variant {
            name: "requeue_on_drop",
            claim: Claim::Correct,
            outcomes: SAFE,
            otherwise: Forbidden,
            program: &Body { threads: &["timer"], run: requeue_on_drop },
        },
    ],
};
