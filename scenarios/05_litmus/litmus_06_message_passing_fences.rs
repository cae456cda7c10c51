//! # litmus_06_message_passing_fences: fences on the wrong side of the flag
//!
//! Message passing with `Relaxed` accesses and fences: a writer stores the data, then raises a
//! flag; a reader reads the flag, then the data. A `Release` fence orders the writes *before* it
//! ahead of any store *after* it; an `Acquire` fence orders loads *before* it ahead of any access
//! *after* it. So the writer's fence goes between the data and the flag, and the reader's between
//! the flag and the data. The broken variant puts each fence on the other side, where it orders
//! nothing that matters.
//!
//! Run it: `racelab check litmus_06_message_passing_fences`, or `cargo test litmus_06`.
//!
//! | outcome (flag, data) | broken | fixed | meaning |
//! |---|---|---|---|
//! | `0, 0`, `0, 1`, `1, 1` | Acceptable | Acceptable | consistent with some interleaving |
//! | `1, 0` | Interesting | Forbidden | flag seen, data stale |
//!
//! What each checker answers, and why: loom models fences and store histories and reaches `1, 0`
//! in the broken variant; rc11 does too, and neither reaches it in the fixed one. shuttle runs
//! every access as `SeqCst` and cannot show it; x86-64 keeps stores in order and loads in order,
//! so real threads show it only if the compiler reorders the Relaxed accesses.

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
/// Broken: the `Release` fence comes after the flag, so nothing orders the data before it...
fn write_fence_after(m: &Message) -> (i64, i64) {
    m.data.store(1, Relaxed);
    m.flag.store(1, Relaxed);
    fence(Release);
    (0, 0)
}
/// ...and the `Acquire` fence comes before the flag's load, so it acquires nothing.
fn read_fence_before(m: &Message) -> (i64, i64) {
    fence(Acquire);
    let flag = m.flag.load(Relaxed);
    let data = m.data.load(Relaxed);
    (flag as i64, data as i64)
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: a `Release` fence between the data and the flag...
fn write_fenced(m: &Message) -> (i64, i64) {
    m.data.store(1, Relaxed);
    fence(Release);
    m.flag.store(1, Relaxed);
    (0, 0)
}
/// ...synchronises with an `Acquire` fence after a load that read the flag.
fn read_fenced(m: &Message) -> (i64, i64) {
    let flag = m.flag.load(Relaxed);
    fence(Acquire);
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

/// The outcome table of both variants, the stale read graded `stale`.
macro_rules! outcomes {
    ($stale:expr) => {
        &[
            outcome("0, 0", Acceptable, "the reader ran first"),
            outcome("0, 1", Acceptable, "the reader read the flag before it was raised, then the data"),
            outcome("1, 0", $stale, "flag seen, data stale: no fence orders the data before the flag"),
            outcome("1, 1", Acceptable, "the message arrived whole"),
        ]
    };
}

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "litmus_06_message_passing_fences",
    title: "Relaxed message passing with fences: each fence must sit between the flag and the data",
    intent: "A Release fence before a Relaxed store, and an Acquire fence after a Relaxed load \
             that reads it, synchronise as a Release store and an Acquire load would. A fence on \
             the other side of the flag orders nothing the reader needs.",
    explanation: "`1, 0`: the writer's fence comes after both stores and the reader's before both \
                  loads, so no fence sits between a data access and a flag access: the flag \
                  reaches the reader without the data, as with no fence at all.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: outcomes!(Interesting),
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "writer", run: write_fence_after },
                    Actor { name: "reader", run: read_fence_before },
                ],
                observe: reader_saw,
            },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: outcomes!(Forbidden),
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "writer", run: write_fenced },
                    Actor { name: "reader", run: read_fenced },
                ],
                observe: reader_saw,
            },
        },
    ],
};
