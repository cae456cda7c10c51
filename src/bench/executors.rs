//! The executors a timed run compares, each running one workload at a given worker count.

use std::path::Path;
use std::time::{Duration, Instant};

use super::work;
use crate::exec::{ThreadPool, aio, process::ProcessPool};

/// One way to run many tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Executor {
    /// One after another on the calling thread.
    Sequential,
    /// racelab's [`ThreadPool`].
    Threads,
    /// rayon's work-stealing pool (CPU-bound work only).
    Rayon,
    /// racelab's [`ProcessPool`], children started per run.
    Processes,
    /// tokio: async waits, or CPU work through `spawn_blocking`.
    Tokio,
}

impl Executor {
    /// Its name in tables and charts.
    pub fn name(self) -> &'static str {
        match self {
            Executor::Sequential => "sequential",
            Executor::Threads => "threads",
            Executor::Rayon => "rayon",
            Executor::Processes => "processes",
            Executor::Tokio => "tokio",
        }
    }
}

/// Runs `tasks` waits of `wait` with `workers` workers; returns the wall time.
pub fn run_waits(executor: Executor, workers: usize, tasks: usize, wait: Duration, exe: &Path) -> Duration {
    let ms = wait.as_millis() as u64;
    let start = Instant::now();
    match executor {
        Executor::Sequential => (0..tasks).for_each(|_| {
            work::wait_ms(ms);
        }),
        Executor::Threads => {
            let pool = ThreadPool::new(workers);
            let done = pool.map(vec![ms; tasks], work::wait_ms);
            assert!(done.iter().all(Result::is_ok));
        }
        Executor::Rayon => {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(workers).build().expect("a rayon pool");
            pool.install(|| {
                use rayon::prelude::*;
                (0..tasks).into_par_iter().for_each(|_| {
                    work::wait_ms(ms);
                })
            });
        }
        Executor::Processes => {
            let done =
                ProcessPool::new(workers, exe).map("wait_ms", &vec![ms; tasks]).expect("start workers");
            assert!(done.iter().all(Result::is_ok));
        }
        Executor::Tokio => {
            let runtime =
                tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a runtime");
            // The sleep starts inside the task, once it holds a permit: `tokio::time::sleep` fixes
            // its deadline when it is created, and all the waits would end together.
            runtime.block_on(aio::gather_bounded(
                workers,
                (0..tasks).map(|_| async move { tokio::time::sleep(wait).await }),
            ));
        }
    }
    start.elapsed()
}

/// Runs the workload `name` on every input with `workers` workers; returns the wall time and the
/// sum of the results (the same for every executor, or something went wrong).
pub fn run_compute(
    executor: Executor,
    workers: usize,
    name: &str,
    inputs: &[u64],
    exe: &Path,
) -> (Duration, u64) {
    let f = work::by_name(name).expect("a known workload");
    let start = Instant::now();
    let results: Vec<u64> = match executor {
        Executor::Sequential => inputs.iter().map(|&n| f(n)).collect(),
        Executor::Threads => {
            let pool = ThreadPool::new(workers);
            pool.map(inputs.to_vec(), f).into_iter().map(|r| r.expect("no job fails")).collect()
        }
        Executor::Rayon => {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(workers).build().expect("a rayon pool");
            pool.install(|| {
                use rayon::prelude::*;
                inputs.par_iter().map(|&n| f(n)).collect()
            })
        }
        Executor::Processes => ProcessPool::new(workers, exe)
            .map(name, inputs)
            .expect("start workers")
            .into_iter()
            .map(|r| r.expect("no job fails"))
            .collect(),
        Executor::Tokio => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .max_blocking_threads(workers)
                .build()
                .expect("a runtime");
            runtime.block_on(async {
                let handles: Vec<_> =
                    inputs.iter().map(|&n| tokio::task::spawn_blocking(move || f(n))).collect();
                let mut out = Vec::with_capacity(handles.len());
                for h in handles {
                    out.push(h.await.expect("no job fails"));
                }
                out
            })
        }
    };
    (start.elapsed(), results.iter().fold(0u64, |a, &b| a.wrapping_add(b)))
}
