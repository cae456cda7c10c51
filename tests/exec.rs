//! The executors' promises, checked under loom and shuttle, and on real threads.

use racelab::backend::Observation;
use racelab::backend::loom::{LoomConfig, explore as loom_explore};
use racelab::backend::shuttle::{ShuttleConfig, explore as shuttle_explore};
use racelab::backend::threads::{StressConfig, stress};
use racelab::exec::{Semaphore, ThreadPool};
use racelab::prelude::*;

fn ids(o: &Observation) -> Vec<&str> {
    o.seen.keys().map(String::as_str).collect()
}

fn on_every_engine(program: &'static Body, expected: &[&str], shuttle_iterations: usize) {
    let loom = loom_explore(program, &LoomConfig::with_bound(2));
    assert_eq!(ids(&loom), expected, "loom");
    assert!(loom.exhaustive, "loom searched every execution within the bound");
    let shuttle = shuttle_explore(
        "exec",
        "test",
        program,
        &ShuttleConfig { iterations: shuttle_iterations, ..Default::default() },
    );
    assert_eq!(ids(&shuttle), expected, "shuttle");
    let run = stress(
        program,
        &StressConfig { duration: std::time::Duration::from_millis(50), ..Default::default() },
    );
    let seen: Vec<String> = run.counts.iter().map(|(o, _)| o.id()).collect();
    assert_eq!(seen, expected, "real threads");
}

fn square(x: i64) -> i64 {
    x * x
}

/// `map` returns results in input order in every interleaving.
fn map_three() -> Outcome {
    let pool = ThreadPool::new(2);
    let r: Vec<i64> = pool.map([1, 2, 3], square).into_iter().map(Result::unwrap).collect();
    Outcome::values([r[0], r[1], r[2]])
}
static MAP_THREE: Body = Body { threads: &["worker1", "worker2"], run: map_three };

#[test]
fn map_keeps_input_order_in_every_interleaving() {
    on_every_engine(&MAP_THREE, &["1, 4, 9"], 300);
}

/// `as_completed` yields each input's result exactly once, paired with its index.
fn every_result_once() -> Outcome {
    let pool = ThreadPool::new(2);
    let mut seen: Vec<(usize, i64)> =
        pool.as_completed([1, 2, 3], square).map(|(i, r)| (i, r.unwrap())).collect();
    seen.sort_unstable();
    Outcome::label(if seen == [(0, 1), (1, 4), (2, 9)] { "each once" } else { "lost or repeated" })
}
static EVERY_RESULT_ONCE: Body = Body { threads: &["worker1", "worker2"], run: every_result_once };

#[test]
fn as_completed_yields_every_result_once() {
    on_every_engine(&EVERY_RESULT_ONCE, &["each once"], 300);
}

/// A panicking job surfaces as an error, and every other result arrives.
fn one_job_panics() -> Outcome {
    let pool = ThreadPool::new(2);
    let results = pool.map([1, 2, 3], |x: i64| if x == 2 { panic!("two is bad") } else { x * 10 });
    let expected = [Ok(10), Err("two is bad".to_string()), Ok(30)];
    let got: Vec<Result<i64, String>> = results.into_iter().map(|r| r.map_err(|e| e.message)).collect();
    Outcome::label(if got == expected { "10, error: two is bad, 30" } else { "a result lost or misplaced" })
}
static ONE_JOB_PANICS: Body = Body { threads: &["worker1", "worker2"], run: one_job_panics };

#[test]
fn a_panicking_job_surfaces_as_an_error_and_loses_no_other_result() {
    on_every_engine(&ONE_JOB_PANICS, &["10, error: two is bad, 30"], 300);
}

/// Three jobs under a semaphore of two: never more than two at once, and two do overlap.
fn three_jobs_two_permits() -> Outcome {
    let permits = Arc::new(Semaphore::new(2));
    let running = Arc::new(AtomicUsize::named("running", 0));
    let most = Arc::new(AtomicUsize::named("most", 0));
    let jobs: Vec<_> = (0..3)
        .map(|_| {
            let (permits, running, most) = (permits.clone(), running.clone(), most.clone());
            thread::spawn(move || {
                let _permit = permits.acquire();
                let now = running.fetch_add(1, SeqCst) + 1;
                most.fetch_max(now, SeqCst);
                running.fetch_sub(1, SeqCst);
            })
        })
        .collect();
    for job in jobs {
        job.join().unwrap();
    }
    Outcome::value(most.load(SeqCst) as i64)
}
static THREE_JOBS_TWO_PERMITS: Body = Body { threads: &["t1", "t2", "t3"], run: three_jobs_two_permits };

#[test]
fn the_semaphore_never_lets_more_than_k_run() {
    let loom = loom_explore(&THREE_JOBS_TWO_PERMITS, &LoomConfig::with_bound(2));
    assert!(loom.exhaustive);
    assert_eq!(ids(&loom), ["1", "2"], "loom: at most 2 at once, and 2 is reached");
    let shuttle = shuttle_explore("exec", "semaphore", &THREE_JOBS_TWO_PERMITS, &ShuttleConfig::default());
    assert_eq!(ids(&shuttle), ["1", "2"], "shuttle");
}

#[test]
fn dropping_a_pool_runs_every_job_already_submitted() {
    let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let pool = ThreadPool::new(2);
    for _ in 0..100 {
        let done = done.clone();
        let _ = pool.submit(move || done.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
    }
    drop(pool);
    assert_eq!(done.load(std::sync::atomic::Ordering::SeqCst), 100);
}
