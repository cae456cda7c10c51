//! # litmus_01_message_passing: the flag arrives before the data
//!
//! A writer stores the data, then raises a flag; a reader reads the flag, then the data. With
//! `Relaxed` accesses nothing orders the two stores for another thread: the reader can see the
//! flag raised and the data still 0. The fix publishes with a `Release` store of the flag and reads
//! it with an `Acquire` load: whoever sees the flag sees everything written before it.
//!
//! Run it: `racelab check litmus_01_message_passing`, or `cargo test litmus_01`.
//!
//! | outcome (flag, data) | broken | fixed | meaning |
//! |---|---|---|---|
//! | `0, 0`, `0, 1`, `1, 1` | Acceptable | Acceptable | consistent with some interleaving |
//! | `1, 0` | Interesting | Forbidden | flag seen, data stale |
//!
//! shuttle runs every atomic access as `SeqCst` and cannot produce `1, 0`. On x86-64 the hardware
//! keeps stores in order and loads in order (TSO), so real threads show it only if the compiler
//! reorders the accesses; on Arm the hardware itself does.

use racelab::prelude::*;

// ANCHOR: shared
/// The shared state: a value and the flag that publishes it.
pub struct Message {
    data: AtomicUsize,
    flag: AtomicUsize,
}

fn setup() -> Message {
    Message { data: AtomicUsize::named("data", 0), flag: AtomicUsize::named("flag", 0) }
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: nothing orders the two `Relaxed` stores for the reader...
fn write_relaxed(m: &Message) -> (i64, i64) {
    m.data.store(1, Relaxed);
    m.flag.store(1, Relaxed);
    (0, 0)
}

/// ...and nothing orders its two loads.
fn read_relaxed(m: &Message) -> (i64, i64) {
    let flag = m.flag.load(Relaxed);
    let data = m.data.load(Relaxed);
    (flag as i64, data as i64)
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: the flag's `Release` store publishes every write before it...
fn write_release(m: &Message) -> (i64, i64) {
    m.data.store(1, Relaxed);
    m.flag.store(1, Release);
    (0, 0)
}

/// ...to whoever reads the flag with `Acquire` and sees it raised.
fn read_acquire(m: &Message) -> (i64, i64) {
    let flag = m.flag.load(Acquire);
    let data = m.data.load(Relaxed);
    (flag as i64, data as i64)
}
// ANCHOR_END: fixed

// ANCHOR: observer
fn reader_saw(_: &Message, results: &[(i64, i64)]) -> Outcome {
    let (flag, data) = results[1];
    Outcome::values([flag, data])
}
// ANCHOR_END: observer

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "litmus_01_message_passing",
    title: "Data then flag with Relaxed: the reader sees the flag but stale data",
    intent: "A flag published with a Relaxed store does not carry the data written before it; \
             Release on the store and Acquire on the load make the flag a message.",
    explanation: "`1, 0`: under the C11 model the two Relaxed stores are unordered for the reader, \
                  so its flag load can read the new value while its data load reads the initial \
                  one. No interleaving of the four accesses explains it: it is a weak-memory \
                  outcome, found by loom, which models store histories, and by no scheduler alone.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("0, 0", Acceptable, "the reader ran first"),
                outcome("0, 1", Acceptable, "the reader read the flag before it was raised, then the data"),
                outcome(
                    "1, 0",
                    Interesting,
                    "flag seen, data stale: the stores reached the reader out of order",
                ),
                outcome("1, 1", Acceptable, "the message arrived whole"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "writer", run: write_relaxed },
                    Actor { name: "reader", run: read_relaxed },
                ],
                observe: reader_saw,
            },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: &[
                outcome("0, 0", Acceptable, "the reader ran first"),
                outcome("0, 1", Acceptable, "the reader read the flag before it was raised, then the data"),
                outcome("1, 0", Forbidden, "flag seen, data stale"),
                outcome("1, 1", Acceptable, "the message arrived whole"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "writer", run: write_release },
                    Actor { name: "reader", run: read_acquire },
                ],
                observe: reader_saw,
            },
        },
    ],
};
