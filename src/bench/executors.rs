//! The executors a timed run compares, each running one workload at a given worker count.
//!
//! A run whose job fails (a worker process killed, a job past its timeout) is an `Err` with the
//! reason, never a panic: the timed run reports that configuration as failed and goes on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::exec::{TaskError, ThreadPool, aio, process::ProcessPool, work};

/// One way to run many tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Executor {
    /// One after another on the calling thread.
    Sequential,
    /// racelab's [`ThreadPool`].
    Threads,
    /// rayon's work-stealing pool (CPU-bound work only).
    Rayon,
    /// racelab's [`ProcessPool`], made once per worker count and reused by every run, as a
    /// `ProcessPoolExecutor` is; its start-up is timed on its own (see [`Pools::start`]).
    Processes,
    /// tokio: async waits, or CPU work through `spawn_blocking`.
    Tokio,
    /// Not a way to run tasks: the process pool's start-up, timed on its own until every worker
    /// has answered a first empty job, before the pool's first run.
    PoolStart,
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
            Executor::PoolStart => "processes start-up",
        }
    }
}

const NOT_AN_EXECUTOR: &str = "the process pool's start-up is timed by Pools::start, not run as tasks";

/// The process pools of a timed run, one per worker count, each made once and reused by every
/// run that needs that many workers.
#[derive(Debug)]
pub struct Pools {
    exe: PathBuf,
    pools: BTreeMap<usize, ProcessPool>,
}

impl Pools {
    /// No pool yet; `exe` is the racelab binary the workers run.
    pub fn new(exe: &Path) -> Pools {
        Pools { exe: exe.to_path_buf(), pools: BTreeMap::new() }
    }

    /// Starts a new pool of `workers` and times it until every worker has answered a first empty
    /// job: what a pool costs before its first job. The pool replaces any earlier one of that size.
    pub fn start(&mut self, workers: usize) -> Result<Duration, String> {
        let pool = ProcessPool::new(workers, &self.exe);
        let begun = Instant::now();
        pool.start()?;
        let took = begun.elapsed();
        // The old pool (and its children) goes after the timing, not inside it.
        self.pools.insert(workers, pool);
        Ok(took)
    }

    /// The pool of `workers`, made now (untimed) if there is none yet.
    fn get(&mut self, workers: usize) -> &ProcessPool {
        self.pools.entry(workers).or_insert_with(|| ProcessPool::new(workers, &self.exe))
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
/// The process pool comes from `pools`, already started where [`Pools::start`] made it.
pub fn run_waits(
    executor: Executor,
    workers: usize,
    tasks: usize,
    wait: Duration,
    pools: &mut Pools,
) -> Result<Duration, String> {
    let pool = (executor == Executor::Processes).then(|| pools.get(workers));
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
            all_ok(pool.expect("made above").map("wait_ms", &vec![ms; tasks]))?;
        }
        Executor::PoolStart => return Err(NOT_AN_EXECUTOR.to_string()),
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
/// The process pool comes from `pools`, already started where [`Pools::start`] made it.
pub fn run_compute(
    executor: Executor,
    workers: usize,
    name: &str,
    inputs: &[u64],
    pools: &mut Pools,
) -> Result<(Duration, u64), String> {
    let f = work::by_name(name).ok_or_else(|| format!("no workload is called {name:?}"))?;
    let pool = (executor == Executor::Processes).then(|| pools.get(workers));
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
        Executor::Processes => all_ok(pool.expect("made above").map(name, inputs))?,
        Executor::PoolStart => return Err(NOT_AN_EXECUTOR.to_string()),
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
