//! # channel_01_never_closed: the receiver waits for a sender that never leaves
//!
//! The main thread makes a channel, hands a clone of the sender to a worker, and reads until the
//! channel is closed. A channel closes when its last sender is dropped: the worker's clone goes
//! when the worker ends, but the main thread still holds the original, so `rx.iter()` waits
//! forever for a message that no one will send. The fix drops the original sender before reading.
//!
//! Run it: `racelab check channel_01_never_closed`, or `cargo test channel_01`.
//!
//! | outcome | broken | fixed | meaning |
//! |---|---|---|---|
//! | `3` | Acceptable | Acceptable | both messages received, then the channel closed |
//! | `deadlock` | Interesting | Forbidden | a model checker found the receiver waiting, and no one left to send |
//! | `hang` | Interesting | Forbidden | on real threads, the watchdog saw no progress |
//!
//! loom and shuttle see the receiver blocked with every other thread finished: a deadlock. Real
//! threads cannot tell a wait that will never end from a slow one; the watchdog gives up after
//! its time without progress and records `hang`, leaving the stuck thread blocked (the check runs
//! in a child process of its own, which ends with it).

use racelab::prelude::*;
use racelab::sync::mpsc;

// ANCHOR: shared
/// The worker: sends its two messages, and drops its sender when it ends.
fn work(tx: mpsc::Sender<i64>) {
    tx.send(1).unwrap();
    tx.send(2).unwrap();
}

fn spawn_worker(tx: mpsc::Sender<i64>) -> thread::JoinHandle<()> {
    thread::Builder::new().name("worker").spawn(move || work(tx)).expect("spawn the worker")
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: the original sender stays alive in `tx`, so the channel never closes.
fn keep_the_sender() -> Outcome {
    let (tx, rx) = mpsc::named_channel("jobs");
    let worker = spawn_worker(tx.clone());
    let total: i64 = rx.iter().sum();
    worker.join().unwrap();
    Outcome::value(total)
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: drop the original sender first; the channel closes when the worker's clone goes.
fn drop_the_sender() -> Outcome {
    let (tx, rx) = mpsc::named_channel("jobs");
    let worker = spawn_worker(tx.clone());
    drop(tx);
    let total: i64 = rx.iter().sum();
    worker.join().unwrap();
    Outcome::value(total)
}
// ANCHOR_END: fixed

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "channel_01_never_closed",
    title: "A receiver waits forever because a sender it holds itself keeps the channel open",
    intent: "Reading a channel to its end waits until every sender is dropped, the receiver's \
             own thread's included. Drop every sender you do not use before reading to the end.",
    explanation: "`deadlock`: the worker sent both messages and ended, dropping its clone, but the \
                  main thread still holds the original sender, so the channel is not closed and \
                  `rx.iter()` waits for a third message. On real threads the same state is a \
                  `hang`, seen by the watchdog.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("3", Acceptable, "both messages received, then the channel closed"),
                outcome("deadlock", Interesting, "the receiver waits on a channel its own sender keeps open"),
                outcome("hang", Interesting, "real threads stopped making progress: the same wait"),
            ],
            otherwise: Forbidden,
            program: &Body { threads: &["worker"], run: keep_the_sender },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: &[
                outcome("3", Acceptable, "both messages received, then the channel closed"),
                outcome("deadlock", Forbidden, "the receiver waits and no sender is left to send"),
                outcome("hang", Forbidden, "real threads stopped making progress"),
            ],
            otherwise: Forbidden,
            program: &Body { threads: &["worker"], run: drop_the_sender },
        },
    ],
};
