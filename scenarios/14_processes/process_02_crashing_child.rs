//! # process_02_crashing_child: one worker process dies, and the collector throws every result away
//!
//! Three worker processes each run one job and write its result to a file of their own. The job
//! of the second worker crashes its process halfway (`racelab::process::abort()`, as a fault in
//! native code or an out-of-memory kill would): it never writes its result. The parent collects
//! once every worker has exited.
//!
//! The broken collector gathers the results as one `Result`, the way `collect::<Result<Vec<_>, _>>()`
//! does, or Python's `ProcessPoolExecutor.map` when a worker dies (`BrokenProcessPool`): the first
//! dead worker makes the whole collection an error, and the two results that did arrive are thrown
//! away with it. The fixed collector looks at each worker's exit status on its own: it reports the
//! dead job, naming how it died, and keeps every other result.
//!
//! Run it: `racelab check process_02_crashing_child`, or `cargo test process_02`.
//!
//! | outcome | broken | fixed | meaning |
//! |---|---|---|---|
//! | `every result lost` | Interesting | Forbidden | one dead worker cost the results of the others |
//! | `2 results, job 2: SIGABRT` | Acceptable | Acceptable | the dead job reported, every other result kept |
//!
//! Each worker is a process on the `processes` backend, and the crash is a real `SIGABRT` that
//! takes down that process alone. loom, shuttle, rc11 and real threads run the workers as
//! threads, and `racelab::process::abort()` ends only the calling thread, as `SIGABRT` would end
//! a process: the collector sees the same exit statuses everywhere.

use racelab::fs::SharedFile;
use racelab::prelude::*;
use racelab::process;

// ANCHOR: shared
/// The shared state: one result file per worker, empty until its job is done.
pub struct State {
    results: [SharedFile; 3],
}

fn setup() -> State {
    State {
        results: [
            SharedFile::named("result_1", ""),
            SharedFile::named("result_2", ""),
            SharedFile::named("result_3", ""),
        ],
    }
}

/// Job `n`: the square of `n`, written to the worker's result file. Job 2 crashes its process
/// halfway, before it writes anything.
fn job(s: &State, n: usize) {
    let square = n * n;
    if n == 2 {
        process::abort();
    }
    s.results[n - 1].write(&square.to_string()).expect("the result file writes");
}

fn worker_1(s: &State) {
    job(s, 1)
}

fn worker_2(s: &State) {
    job(s, 2)
}

fn worker_3(s: &State) {
    job(s, 3)
}

const WORKERS: &[Actor<State, ()>] = &[
    Actor { name: "w1", run: worker_1 },
    Actor { name: "w2", run: worker_2 },
    Actor { name: "w3", run: worker_3 },
];

/// The result worker `k` wrote, once it exited cleanly.
fn result(s: &State, k: usize) -> i64 {
    let text = s.results[k].read_to_string().expect("the result file reads");
    text.trim().parse().expect("a worker that exited cleanly wrote its result")
}

/// The collector's report: how many results it kept, and each dead job with how it died.
fn tally(results: usize, dead: &[String]) -> Outcome {
    Outcome::label(match (results, dead) {
        (0, _) => "every result lost",
        (2, [job]) if job == "job 2: SIGABRT" => "2 results, job 2: SIGABRT",
        (3, []) => "3 results",
        _ => "other",
    })
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: the results are collected as one `Result`; the first dead worker makes it an error,
/// and the results already read go with it.
fn collect_all_or_nothing(s: &State, exits: &[Exit]) -> Outcome {
    let collected: Result<Vec<i64>, String> = exits
        .iter()
        .enumerate()
        .map(
            |(k, exit)| if exit.success() { Ok(result(s, k)) } else { Err(format!("job {}: {exit}", k + 1)) },
        )
        .collect();
    match collected {
        Ok(results) => tally(results.len(), &[]),
        Err(dead) => tally(0, &[dead]),
    }
}
// ANCHOR_END: broken

// ANCHOR: per_job
/// Fixed: each worker's exit status is looked at on its own; a dead job is reported with how it
/// died, and every other result is kept.
fn collect_each(s: &State, exits: &[Exit]) -> Outcome {
    let mut results = Vec::new();
    let mut dead = Vec::new();
    for (k, exit) in exits.iter().enumerate() {
        if exit.success() {
            results.push(result(s, k));
        } else {
            dead.push(format!("job {}: {exit}", k + 1));
        }
    }
    tally(results.len(), &dead)
}
// ANCHOR_END: per_job

/// The scenario; add it to `INDEX` in `scenarios/mod.rs`.
pub static SCENARIO: Scenario = Scenario {
    id: "process_02_crashing_child",
    title: "A worker process crashes, and the collector loses every result",
    intent: "Three worker processes each write one job's result to a file; the second crashes \
             halfway. Collecting the results as one Result throws away the two that arrived; \
             looking at each worker's exit status on its own reports the dead job and keeps the rest.",
    explanation: "every result lost: the collector turned the first dead worker into an error for \
                  the whole collection, as collect::<Result<Vec<_>, _>>() and Python's \
                  BrokenProcessPool do, and the results of the workers that exited cleanly went \
                  with it.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("every result lost", Interesting, "one dead worker cost the results of the others"),
                outcome(
                    "2 results, job 2: SIGABRT",
                    Acceptable,
                    "the dead job reported, every other result kept",
                ),
            ],
            otherwise: Forbidden,
            program: &Processes { setup, actors: WORKERS, observe: collect_all_or_nothing },
        },
        Variant {
            name: "per_job",
            claim: Claim::Correct,
            outcomes: &[
                outcome("every result lost", Forbidden, "one dead worker cost the results of the others"),
                outcome(
                    "2 results, job 2: SIGABRT",
                    Acceptable,
                    "the dead job reported, every other result kept",
                ),
            ],
            otherwise: Forbidden,
            program: &Processes { setup, actors: WORKERS, observe: collect_each },
        },
    ],
};
