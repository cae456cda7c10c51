//! The executors a timed run compares, each running one workload at a given worker count.
//!
//! A run whose job fails (a worker process killed, a job past its timeout) is an `Err` with the
//! reason, never a panic: the timed run reports that configuration as failed and goes on.

use std::path::Path;
use std::time::{Duration, Instant};

use super::work;
use crate::exec::{TaskError, ThreadPool, aio, process::ProcessPool};

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

/// Every value, or why not: how many jobs failed, and the first failure's message.
fn all_ok<T>(results: Vec<Result<T, TaskError>>) -> Result<Vec<T>, String> {
    let total = results.len();
    let failed = results.iter().filter(|r| r.is_err()).count();
    results
        .into_iter()
        .collect::<Result<Vec<T>, TaskError>>()
        .map_err(|first| format!("{failed} of {total} jobs failed; the first: {}", first.message))
}

/// Runs `tasks` waits of `wait` with `workers` workers; returns the wall time, or why a job failed.
pub fn run_waits(
    executor: Executor,
    workers: usize,
    tasks: usize,
    wait: Duration,
    exe: &Path,
) -> Result<Duration, String> {
    let ms = wait.as_millis() as u64;
    let start = Instant::now();
    match executor {
        Executor::Sequential => (0..tasks).for_each(|_| {
            work::wait_ms(ms);
        }),
        Executor::Threads => {
            let pool = ThreadPool::new(workers);
            all_ok(pool.map(vec![ms; tasks], work::wait_ms))?;
        }
        Executor::Rayon => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(workers)
                .build()
                .map_err(|e| format!("no rayon pool of {workers} threads could be built ({e})"))?;
            pool.install(|| {
                use rayon::prelude::*;
                (0..tasks).into_par_iter().for_each(|_| {
                    work::wait_ms(ms);
                })
            });
        }
        Executor::Processes => {
            all_ok(ProcessPool::new(workers, exe).map("wait_ms", &vec![ms; tasks]))?;
        }
        Executor::Tokio => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .map_err(|e| format!("no tokio runtime could be built ({e})"))?;
            // The sleep starts inside the task, once it holds a permit: `tokio::time::sleep` fixes
            // its deadline when it is created, and all the waits would end together.
            runtime.block_on(aio::gather_bounded(
                workers,
                (0..tasks).map(|_| async move { tokio::time::sleep(wait).await }),
            ));
        }
    }
    Ok(start.elapsed())
}

/// Runs the workload `name` on every input with `workers` workers; returns the wall time and the
/// sum of the results (the same for every executor, or something went wrong), or why a job failed.
pub fn run_compute(
    executor: Executor,
    workers: usize,
    name: &str,
    inputs: &[u64],
    exe: &Path,
) -> Result<(Duration, u64), String> {
    let f = work::by_name(name).ok_or_else(|| format!("no workload is called {name:?}"))?;
    let start = Instant::now();
    let results: Vec<u64> = match executor {
        Executor::Sequential => inputs.iter().map(|&n| f(n)).collect(),
        Executor::Threads => {
            let pool = ThreadPool::new(workers);
            all_ok(pool.map(inputs.to_vec(), f))?
        }
        Executor::Rayon => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(workers)
                .build()
                .map_err(|e| format!("no rayon pool of {workers} threads could be built ({e})"))?;
            pool.install(|| {
                use rayon::prelude::*;
                inputs.par_iter().map(|&n| f(n)).collect()
            })
        }
        Executor::Processes => all_ok(ProcessPool::new(workers, exe).map(name, inputs))?,
        Executor::Tokio => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .max_blocking_threads(workers)
                .build()
                .map_err(|e| format!("no tokio runtime could be built ({e})"))?;
            runtime.block_on(async {
                let handles: Vec<_> =
                    inputs.iter().map(|&n| tokio::task::spawn_blocking(move || f(n))).collect();
                let mut out = Vec::with_capacity(handles.len());
                for h in handles {
                    out.push(h.await.map_err(|e| TaskError { message: e.to_string() }));
                }
                all_ok(out)
            })?
        }
    };
    Ok((start.elapsed(), results.iter().fold(0u64, |a, &b| a.wrapping_add(b))))
}
