//! # async_02_blocking_the_loop: one blocking call stops every task
//!
//! A single-threaded runtime runs a heartbeat task that ticks every 10 ms, and a task that waits
//! 50 ms. The broken task waits with `std::thread::sleep`: it blocks the runtime's only thread, so
//! the heartbeat cannot tick until it is done. The fixes wait without blocking: `tokio::time::sleep`
//! yields to the runtime while it waits, and `spawn_blocking` moves the blocking call to a thread
//! of its own.
//!
//! Run it: `racelab check async_02_blocking_the_loop --backend threads`, or `cargo test async_02`.
//!
//! | outcome (heartbeats during the wait) | broken | async_sleep | spawn_blocking | meaning |
//! |---|---|---|---|---|
//! | `heartbeat ran` | Acceptable | Acceptable | Acceptable | the runtime kept serving other tasks |
//! | `heartbeat starved` | Interesting | Forbidden | Forbidden | the runtime's thread was blocked |
//!
//! The bug is a delay on a real clock, so it is shown on a real runtime only: a scheduler that may
//! legitimately run the waiting task first cannot tell a blocked runtime from an unlucky one.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use racelab::prelude::*;

// ANCHOR: shared
const WAIT: Duration = Duration::from_millis(50);
const BEAT: Duration = Duration::from_millis(10);

/// Runs the heartbeat beside `wait` on a current-thread runtime; counts beats during the wait.
fn heartbeat_during(
    wait: fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>,
) -> Outcome {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a runtime");
    runtime.block_on(async {
        let waiting = Arc::new(AtomicBool::new(true));
        let beats = Arc::new(AtomicUsize::new(0));
        let heartbeat = {
            let (waiting, beats) = (waiting.clone(), beats.clone());
            tokio::spawn(async move {
                while waiting.load(Ordering::SeqCst) {
                    tokio::time::sleep(BEAT).await;
                    if waiting.load(Ordering::SeqCst) {
                        beats.fetch_add(1, Ordering::SeqCst);
                    }
                }
            })
        };
        tokio::task::yield_now().await; // let the heartbeat start
        wait().await;
        waiting.store(false, Ordering::SeqCst);
        heartbeat.await.expect("the heartbeat does not panic");
        Outcome::label(if beats.load(Ordering::SeqCst) > 0 { "heartbeat ran" } else { "heartbeat starved" })
    })
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: a blocking sleep inside an async task holds the runtime's only thread.
fn block_the_thread() -> Outcome {
    heartbeat_during(|| Box::pin(async { std::thread::sleep(WAIT) }))
}
// ANCHOR_END: broken

// ANCHOR: async_sleep
/// Fixed: an async sleep hands the thread back to the runtime while it waits.
fn sleep_asynchronously() -> Outcome {
    heartbeat_during(|| Box::pin(tokio::time::sleep(WAIT)))
}
// ANCHOR_END: async_sleep

// ANCHOR: spawn_blocking
/// Fixed another way: the blocking call runs on a thread of its own.
fn move_to_blocking_pool() -> Outcome {
    heartbeat_during(|| {
        Box::pin(async {
            tokio::task::spawn_blocking(|| std::thread::sleep(WAIT)).await.expect("the sleep does not panic")
        })
    })
}
// ANCHOR_END: spawn_blocking

const REAL_TIME: &str = "the bug is a delay on a real clock: no scheduler alone can show it";

/// Both fixes grade alike.
const CORRECT: &[Declared] = &[
    outcome("heartbeat ran", Acceptable, "the runtime kept serving other tasks during the wait"),
    outcome("heartbeat starved", Forbidden, "the runtime's thread was blocked"),
];

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "async_02_blocking_the_loop",
    title: "A blocking call inside an async task stops every task on a single-threaded runtime",
    intent: "An async runtime runs tasks on few threads by switching at every await; a task that \
             blocks without awaiting holds its thread, and every task queued behind it waits.",
    explanation: "`heartbeat starved`: `std::thread::sleep` never returns to the runtime, so for \
                  50 ms the runtime's one thread runs nothing else, and the heartbeat's 10 ms \
                  timers fire only after the wait is over.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("heartbeat ran", Acceptable, "the runtime kept serving other tasks"),
                outcome(
                    "heartbeat starved",
                    Interesting,
                    "no heartbeat for the whole wait: the thread was blocked",
                ),
            ],
            otherwise: Forbidden,
            program: &RealOnly {
                why: REAL_TIME,
                body: Body { threads: &["heartbeat", "waiter"], run: block_the_thread },
            },
        },
        Variant {
            name: "async_sleep",
            claim: Claim::Correct,
            outcomes: CORRECT,
            otherwise: Forbidden,
            program: &RealOnly {
                why: REAL_TIME,
                body: Body { threads: &["heartbeat", "waiter"], run: sleep_asynchronously },
            },
        },
        Variant {
            name: "spawn_blocking",
            claim: Claim::Correct,
            outcomes: CORRECT,
            otherwise: Forbidden,
            program: &RealOnly {
                why: REAL_TIME,
                body: Body { threads: &["heartbeat", "waiter"], run: move_to_blocking_pool },
            },
        },
    ],
};
