//! A process pool: the pool's `map` on child processes, each a re-run of the `racelab` binary.
//!
//! Processes share no memory, so a job is a workload's name and a number (see
//! [`crate::bench::work::by_name`]), sent as one JSON line, `{"id":3,"task":"count_divisors","input":12}`,
//! and answered with one, `{"id":3,"ok":6}` or `{"id":3,"err":"..."}`: JSON escapes every byte
//! that could end a line early, and the id pairs each answer with its job. Every job ends in its
//! own result, whatever happens:
//!
//! - a job that panics, or names no workload, is answered with an error, and the child goes on;
//! - a child that dies (abort, a signal, an OOM kill), runs past the job timeout (see
//!   [`ProcessPool::timeout`]), or answers out of step is killed and reaped; its job becomes a
//!   [`TaskError`] naming the job and what happened; a new child takes the next job;
//! - if no new child can be started (the binary is gone, `fork` fails), the jobs left over become
//!   `TaskError`s that say so, and every result already in is kept.
//!
//! No child outlives racelab: each is tied to the feeder thread that starts it with
//! [`die_with_parent`] (SIGKILL from the kernel when that thread ends, racelab killed outright
//! included), and that thread kills and reaps its child before it returns, so the thread always
//! outlives the child, which is what `PR_SET_PDEATHSIG` needs.

mod child;
mod protocol;

pub use child::die_with_parent;
pub use protocol::serve;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use super::TaskError;
use child::{Reply, Worker};

/// The hidden subcommand that makes `racelab` a worker.
pub const WORKER_COMMAND: &str = "__worker";

/// The job timeout of a new pool: one minute.
///
/// The longest job of `racelab bench` is one of four inputs calibrated to take a second in all,
/// so about a quarter second; a minute leaves room for a machine loaded many times over, and
/// still ends a stopped or looping worker within a minute instead of never.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The longest workload name the pool sends: every workload's name is far shorter, and a short
/// job line never waits on a full pipe, even to a stopped child.
const MAX_TASK_NAME: usize = 256;

/// A pool of child processes, all running `exe __worker`.
#[derive(Debug)]
pub struct ProcessPool {
    exe: PathBuf,
    workers: usize,
    timeout: Duration,
}

/// What the feeder threads of one `map` share.
struct Shared<'a> {
    task: &'a str,
    inputs: &'a [u64],
    /// Indices of the jobs not yet taken.
    queue: Mutex<VecDeque<usize>>,
    /// Each job's result, once it has one.
    results: Mutex<Vec<Option<Result<u64, TaskError>>>>,
    /// Why a feeder stopped before the queue was empty, for the jobs it left.
    stopped: Mutex<Option<String>>,
}

impl ProcessPool {
    /// A pool of `workers` children of `exe`, the racelab binary (`std::env::current_exe()` from
    /// inside it; `env!("CARGO_BIN_EXE_racelab")` from its tests), with the [`DEFAULT_TIMEOUT`].
    /// Children start with each `map` and are gone when it returns.
    pub fn new(workers: usize, exe: impl AsRef<Path>) -> Self {
        assert!(workers > 0, "a pool needs at least one worker");
        ProcessPool { exe: exe.as_ref().to_path_buf(), workers, timeout: DEFAULT_TIMEOUT }
    }

    /// The same pool with another job timeout: a job that has not answered `timeout` after it
    /// was sent becomes a [`TaskError`], and its child is killed and replaced.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Runs the workload `task` on every input; one result per input, in input order.
    ///
    /// There is no error for the call as a whole: a child that cannot be started is the reason
    /// given in the result of each job it would have run, beside the results already in.
    pub fn map(&self, task: &str, inputs: &[u64]) -> Vec<Result<u64, TaskError>> {
        if task.len() > MAX_TASK_NAME {
            let message = format!(
                "a workload name of {} bytes was not sent: no workload's name is longer than {MAX_TASK_NAME}",
                task.len()
            );
            return inputs.iter().map(|_| Err(TaskError { message: message.clone() })).collect();
        }
        let shared = Shared {
            task,
            inputs,
            queue: Mutex::new((0..inputs.len()).collect()),
            results: Mutex::new(vec![None; inputs.len()]),
            stopped: Mutex::new(None),
        };
        std::thread::scope(|scope| {
            for _ in 0..self.workers.min(inputs.len()) {
                let started = std::thread::Builder::new()
                    .name("racelab-pool-feeder".into())
                    .spawn_scoped(scope, || self.feed(&shared));
                if let Err(e) = started {
                    *shared.stopped.lock().unwrap() =
                        Some(format!("no feeder thread could be started ({e})"));
                }
            }
        });
        let stopped = shared.stopped.into_inner().unwrap();
        let why = stopped.as_deref().unwrap_or("no worker took it");
        let results = shared.results.into_inner().unwrap();
        results
            .into_iter()
            .zip(inputs)
            .map(|(result, input)| {
                result.unwrap_or_else(|| {
                    Err(TaskError { message: format!("{task}({input}) was not run: {why}") })
                })
            })
            .collect()
    }

    /// One feeder thread: takes the next job, runs it on its child (starting one first if it has
    /// none), records the result; until the queue is empty or no child can be started.
    fn feed(&self, shared: &Shared) {
        let mut worker: Option<Worker> = None;
        loop {
            let Some(index) = shared.queue.lock().unwrap().pop_front() else { return };
            let input = shared.inputs[index];
            let result = match &mut worker {
                Some(w) => run(w, index, shared, self.timeout),
                None => match Worker::start(&self.exe) {
                    Ok(w) => run(worker.insert(w), index, shared, self.timeout),
                    Err(e) => {
                        let why = format!(
                            "no worker process could be started from {} ({e}); check that it is the racelab binary",
                            self.exe.display()
                        );
                        let message = format!("{}({input}) was not run: {why}", shared.task);
                        shared.results.lock().unwrap()[index] = Some(Err(TaskError { message }));
                        *shared.stopped.lock().unwrap() = Some(why);
                        return;
                    }
                },
            };
            match result {
                Reply::Answer(result) => shared.results.lock().unwrap()[index] = Some(result),
                Reply::Lost(message) => {
                    worker = None; // killed and reaped already; the next job starts a new one
                    shared.results.lock().unwrap()[index] = Some(Err(TaskError { message }));
                }
            }
        }
    }
}

fn run(worker: &mut Worker, index: usize, shared: &Shared, timeout: Duration) -> Reply {
    worker.run(index as u64, shared.task, shared.inputs[index], timeout)
}
