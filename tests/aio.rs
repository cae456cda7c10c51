//! Async executors on tokio's paused clock: deterministic, and no real waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::Duration;

use racelab::exec::aio::{as_completed, gather, gather_bounded};
use tokio::time::{Instant, advance, sleep};
use tokio_test::{assert_pending, assert_ready};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A task that takes `delay` ms and returns it.
async fn takes(delay: u64) -> u64 {
    sleep(ms(delay)).await;
    delay
}

#[tokio::test(start_paused = true)]
async fn gather_keeps_input_order_while_tasks_finish_in_another() {
    let start = Instant::now();
    let results = gather([300, 100, 200].map(takes)).await;
    assert_eq!(results, [Ok(300), Ok(100), Ok(200)], "input order");
    assert_eq!(start.elapsed(), ms(300), "concurrent: as long as the slowest, not the sum");

    let finished: Vec<usize> =
        as_completed([300, 100, 200].map(takes)).await.into_iter().map(|(i, _)| i).collect();
    assert_eq!(finished, [1, 2, 0], "completion order: fastest first");
}

#[tokio::test(start_paused = true)]
async fn a_gather_is_pending_until_its_slowest_task_is_done() {
    let mut gathering = tokio_test::task::spawn(gather([300, 100, 200].map(takes)));
    assert_pending!(gathering.poll()); // spawns the three tasks
    // Each step lets the runtime run the tasks: they set their timers when they first run, and
    // finish when they run after their timer fires.
    let settle = || async {
        for _ in 0..3 {
            tokio::task::yield_now().await;
        }
    };
    settle().await;
    advance(ms(250)).await; // the two fast tasks are done, the slow one is not
    settle().await;
    assert_pending!(gathering.poll());
    advance(ms(50)).await;
    settle().await;
    assert!(gathering.is_woken(), "the slow task's completion wakes the gather");
    assert_eq!(assert_ready!(gathering.poll()), [Ok(300), Ok(100), Ok(200)]);
}

#[tokio::test(start_paused = true)]
async fn failures_are_kept_as_values_in_their_place() {
    let jobs = [1u64, 2, 3].map(|x| async move {
        sleep(ms(10 * x)).await;
        if x == 2 {
            panic!("job 2 failed");
        }
        x
    });
    let results = gather(jobs).await;
    assert_eq!(results[0], Ok(1));
    assert_eq!(results[1].as_ref().unwrap_err().message, "job 2 failed");
    assert_eq!(results[2], Ok(3));
}

#[tokio::test(start_paused = true)]
async fn a_bound_of_two_runs_four_waits_in_two_rounds() {
    let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let start = Instant::now();
    let jobs = (0..4).map(|_| {
        let (running, most) = (running.clone(), most.clone());
        async move {
            most.fetch_max(running.fetch_add(1, SeqCst) + 1, SeqCst);
            sleep(ms(100)).await;
            running.fetch_sub(1, SeqCst);
        }
    });
    let results = gather_bounded(2, jobs).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(most.load(SeqCst), 2, "never more than two in flight, and two at once");
    assert_eq!(start.elapsed(), ms(200), "ceil(4 / 2) rounds of 100 ms");
}

/// Heartbeats that tick while `wait` is in progress, on this single-threaded runtime.
async fn beats_during(wait: impl std::future::Future<Output = ()>) -> usize {
    let (waiting, beats) = (Arc::new(AtomicUsize::new(1)), Arc::new(AtomicUsize::new(0)));
    let heartbeat = {
        let (waiting, beats) = (waiting.clone(), beats.clone());
        tokio::spawn(async move {
            while waiting.load(SeqCst) == 1 {
                sleep(ms(10)).await;
                if waiting.load(SeqCst) == 1 {
                    beats.fetch_add(1, SeqCst);
                }
            }
        })
    };
    tokio::task::yield_now().await;
    wait.await;
    waiting.store(0, SeqCst);
    heartbeat.await.unwrap();
    beats.load(SeqCst)
}

#[tokio::test(start_paused = true)]
async fn a_blocking_sleep_starves_the_loop_and_an_async_sleep_does_not() {
    assert_eq!(beats_during(async { std::thread::sleep(ms(50)) }).await, 0, "blocked: no heartbeat");
    let beats = beats_during(sleep(ms(50))).await;
    assert!((4..=5).contains(&beats), "the heartbeat ticked every 10 ms of the wait: {beats}");
}
