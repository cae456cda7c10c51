//! # process_01_shared_file: two workers add one to a counter kept in a file, and one update is lost
//!
//! A counter lives in a file, `counter`, as text. Each worker adds one to it the way a shell script
//! would: read the file, parse the number, write the number plus one back. Reading and writing are
//! two steps, so both workers can read `0` before either writes, and both write `1`: one update is
//! lost. The fix takes the file's exclusive lock ([`std::fs::File::lock`], stable since Rust 1.89)
//! around the read and the write, so the second worker reads what the first one wrote.
//!
//! The workers are processes (a `Processes` program): on the `processes` backend each is a real
//! OS process, and the file is a real file they both open. The file is `racelab::fs::SharedFile`:
//! facade state under loom, shuttle and rc11 (its lock a facade lock), a real file in a temporary
//! folder on real threads and processes, so the same code is model-checked and then run against
//! the real file system, by threads and by processes.
//!
//! Run it: `racelab check process_01_shared_file`, or `cargo test process_01`.

use racelab::fs::SharedFile;
use racelab::prelude::*;

// The book shows this file's code on the scenario's page, taken from between these marks: `shared`
// for what every variant uses, one region named after each variant, and `observer`.
// ANCHOR: shared
/// The shared state, built fresh for every execution: the file, holding `0`.
pub struct State {
    counter: SharedFile,
}

fn setup() -> State {
    State { counter: SharedFile::named("counter", "0") }
}

/// Reads the counter, then writes it back plus one: two steps.
fn add_one(file: &SharedFile) {
    let text = file.read_to_string().expect("the counter file reads");
    let n: i64 = text.trim().parse().expect("the counter file holds a number");
    file.write(&(n + 1).to_string()).expect("the counter file writes");
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: nothing stops the other worker between this one's read and its write.
fn broken_worker(s: &State) {
    add_one(&s.counter);
}
// ANCHOR_END: broken

// ANCHOR: locked
/// Fixed: the file's exclusive lock is held from the read to the write, so the other worker's
/// read comes before this one's or after its write, never between.
fn locked_worker(s: &State) {
    let _lock = s.counter.lock().expect("the counter file locks");
    add_one(&s.counter);
}
// ANCHOR_END: locked

// ANCHOR: observer
/// Reads the file once both workers have exited: the count it holds. A worker that did not exit
/// cleanly (it panicked on a torn read) is the outcome instead.
fn observe(s: &State, exits: &[Exit]) -> Outcome {
    if exits.iter().any(|exit| !exit.success()) {
        return Outcome::label("a worker failed");
    }
    let text = s.counter.read_to_string().expect("the counter file reads");
    Outcome::value(text.trim().parse::<i64>().expect("the counter file holds a number"))
}
// ANCHOR_END: observer

/// The scenario; add it to `INDEX` in `scenarios/mod.rs`.
pub static SCENARIO: Scenario = Scenario {
    id: "process_01_shared_file",
    title: "Workers adding one to a counter in a file lose an update without the file's lock",
    intent: "A counter kept in a file, updated by reading it and writing it back, loses an update when two \
             workers interleave; the file's exclusive lock (std::fs::File::lock) around the read and the \
             write makes each update whole.",
    explanation: "1: both workers read 0 before either writes, and both write 1; the second write \
                  replaces the first. A worker failed (on a real file only): writing a file empties \
                  it, then writes it, and a worker that reads in between finds no number, panics \
                  and exits with status 101.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("1", Interesting, "one update lost: both workers read 0 and wrote 1"),
                outcome("2", Acceptable, "both updates kept"),
                outcome(
                    "a worker failed",
                    Interesting,
                    "a worker read the file while the other rewrote it (emptied, then written): a torn read",
                ),
            ],
            otherwise: Forbidden,
            program: &Processes {
                setup,
                actors: &[Actor { name: "w1", run: broken_worker }, Actor { name: "w2", run: broken_worker }],
                observe,
            },
        },
        Variant {
            name: "locked",
            claim: Claim::Correct,
            outcomes: &[
                outcome("1", Forbidden, "an update lost although the lock was held"),
                outcome("2", Acceptable, "both updates kept"),
            ],
            otherwise: Forbidden,
            program: &Processes {
                setup,
                actors: &[Actor { name: "w1", run: locked_worker }, Actor { name: "w2", run: locked_worker }],
                observe,
            },
        },
    ],
};
