//! A process pool: the pool's `map` on child processes, each a re-run of the `racelab` binary.
//!
//! Processes share no memory, so a job is a workload's name and a number (see
//! [`crate::exec::work::by_name`]), sent as one JSON line, `{"id":3,"task":"count_divisors","input":12}`,
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
//! A pool is made once and reused, as Python's `ProcessPoolExecutor` is: its children start with
//! the first `map` (or [`ProcessPool::start`]) and serve every later one, so only the first pays
//! for starting processes; they end when the pool is dropped.
//!
//! No child outlives racelab: each is started and owned by a feeder thread of the pool, tied to
//! it with [`crate::os::die_with_parent`] (SIGKILL from the kernel when that thread ends, racelab killed
//! outright included), and that thread kills and reaps its child before it returns, so the thread
//! always outlives the child, which is what `PR_SET_PDEATHSIG` needs.

mod child;
mod protocol;

pub use protocol::{WORKER_COMMAND, serve};

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::TaskError;
use child::{Reply, Worker};

/// The job timeout of a new pool: one minute.
///
/// The longest job of `racelab bench` is one of four inputs calibrated to take a second in all,
/// so about a quarter second; a minute leaves room for a machine loaded many times over, and
/// still ends a stopped or looping worker within a minute instead of never.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The longest workload name the pool sends: every workload's name is far shorter, and a short
/// job line never waits on a full pipe, even to a stopped child.
const MAX_TASK_NAME: usize = 256;

/// A pool of child processes, all running `exe __worker`, kept between `map`s.
#[derive(Debug)]
pub struct ProcessPool {
    exe: PathBuf,
    workers: usize,
    timeout: Duration,
    /// One per worker, started with the first `map` or `start`.
    feeders: Mutex<Vec<Feeder>>,
}

/// A feeder thread and the way to give it orders; it owns one child at a time.
#[derive(Debug)]
struct Feeder {
    orders: Option<Sender<Order>>,
    thread: Option<JoinHandle<()>>,
    /// The process id of its child while it has one.
    pid: Arc<Mutex<Option<u32>>>,
}

/// What a feeder thread is asked to do.
enum Order {
    /// Take jobs from the batch until its queue is empty, then say so.
    Map(Arc<Batch>, Sender<()>),
    /// Start a child if there is none, and see it answer a first job.
    Start(Duration, Sender<Result<(), String>>),
}

/// One `map`: what the feeder threads share while they work through it.
struct Batch {
    task: String,
    inputs: Vec<u64>,
    timeout: Duration,
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
    /// Children start with the first `map` (or [`ProcessPool::start`]) and stay until the pool
    /// is dropped.
    pub fn new(workers: usize, exe: impl AsRef<Path>) -> Self {
        assert!(workers > 0, "a pool needs at least one worker");
        ProcessPool {
            exe: exe.as_ref().to_path_buf(),
            workers,
            timeout: DEFAULT_TIMEOUT,
            feeders: Mutex::new(Vec::new()),
        }
    }

    /// The same pool with another job timeout: a job that has not answered `timeout` after it
    /// was sent becomes a [`TaskError`], and its child is killed and replaced.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Starts every worker now, each answering a first empty job before this returns: what a
    /// pool costs before its first `map`, paid here instead. `Err` says why a worker could not
    /// start; the workers that did start stay.
    pub fn start(&self) -> Result<(), String> {
        let mut feeders = self.feeders.lock().unwrap_or_else(|p| p.into_inner());
        self.spawn_feeders(&mut feeders, self.workers)?;
        let replies: Vec<Receiver<Result<(), String>>> = feeders
            .iter()
            .map(|f| {
                let (send, reply) = mpsc::channel();
                if let Some(orders) = &f.orders {
                    let _ = orders.send(Order::Start(self.timeout, send));
                }
                reply
            })
            .collect();
        for reply in replies {
            reply.recv().unwrap_or_else(|_| Err("a feeder thread ended".to_string()))?;
        }
        Ok(())
    }

    /// The process ids of the workers running now, in no particular order.
    pub fn pids(&self) -> Vec<u32> {
        let feeders = self.feeders.lock().unwrap_or_else(|p| p.into_inner());
        feeders.iter().filter_map(|f| *f.pid.lock().unwrap_or_else(|p| p.into_inner())).collect()
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
        let batch = Arc::new(Batch {
            task: task.to_string(),
            inputs: inputs.to_vec(),
            timeout: self.timeout,
            queue: Mutex::new((0..inputs.len()).collect()),
            results: Mutex::new(vec![None; inputs.len()]),
            stopped: Mutex::new(None),
        });
        {
            // One map at a time on a pool: a second caller waits for the first to finish.
            let mut feeders = self.feeders.lock().unwrap_or_else(|p| p.into_inner());
            let wanted = self.workers.min(inputs.len());
            if let Err(why) = self.spawn_feeders(&mut feeders, wanted) {
                *batch.stopped.lock().unwrap() = Some(why);
            }
            let (done, finished) = mpsc::channel();
            let mut working = 0;
            for feeder in feeders.iter().take(wanted) {
                if let Some(orders) = &feeder.orders
                    && orders.send(Order::Map(Arc::clone(&batch), done.clone())).is_ok()
                {
                    working += 1;
                }
            }
            drop(done);
            for _ in 0..working {
                if finished.recv().is_err() {
                    break; // every feeder is gone: what is left in the queue was not run
                }
            }
        }
        let stopped = batch.stopped.lock().unwrap().clone();
        let why = stopped.as_deref().unwrap_or("no worker took it");
        let results = std::mem::take(&mut *batch.results.lock().unwrap());
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

    /// Starts feeder threads until there are `wanted`, or says why one could not start.
    fn spawn_feeders(&self, feeders: &mut Vec<Feeder>, wanted: usize) -> Result<(), String> {
        while feeders.len() < wanted {
            let (orders, inbox) = mpsc::channel();
            let pid = Arc::new(Mutex::new(None));
            let exe = self.exe.clone();
            let theirs = Arc::clone(&pid);
            let thread = std::thread::Builder::new()
                .name("racelab-pool-feeder".into())
                .spawn(move || run_feeder(&exe, &inbox, &theirs))
                .map_err(|e| format!("no feeder thread could be started ({e})"))?;
            feeders.push(Feeder { orders: Some(orders), thread: Some(thread), pid });
        }
        Ok(())
    }
}

impl Drop for ProcessPool {
    /// Ends every feeder, each killing and reaping its child first.
    fn drop(&mut self) {
        let feeders = self.feeders.get_mut().unwrap_or_else(|p| p.into_inner());
        for feeder in feeders.iter_mut() {
            feeder.orders = None; // its inbox closes: the feeder's loop ends
        }
        for feeder in feeders.iter_mut() {
            if let Some(thread) = feeder.thread.take() {
                let _ = thread.join();
            }
        }
    }
}

/// A feeder thread: carries out orders until the pool closes its inbox, keeping its child
/// between them; the child is killed and reaped when the thread ends (see [`Worker`]'s drop).
fn run_feeder(exe: &Path, inbox: &Receiver<Order>, pid: &Mutex<Option<u32>>) {
    let mut worker: Option<Worker> = None;
    // The pid is recorded before the pool hears back, so that `pids` agrees with what was done.
    let record = |worker: &Option<Worker>| {
        *pid.lock().unwrap_or_else(|p| p.into_inner()) = worker.as_ref().map(Worker::id);
    };
    for order in inbox {
        match order {
            Order::Map(batch, done) => {
                feed(exe, &mut worker, &batch);
                record(&worker);
                let _ = done.send(());
            }
            Order::Start(timeout, reply) => {
                let started = match worker.take() {
                    Some(w) => Ok(w),
                    None => Worker::start(exe).map_err(|e| cannot_start(exe, &e)),
                };
                let ready = started.and_then(|mut w| match w.run(0, "wait_ms", 0, timeout) {
                    Reply::Answer(Ok(_)) => {
                        worker = Some(w);
                        Ok(())
                    }
                    Reply::Answer(Err(e)) => Err(e.message),
                    Reply::Lost(message) => Err(message),
                });
                record(&worker);
                let _ = reply.send(ready);
            }
        }
    }
    record(&None);
}

fn cannot_start(exe: &Path, e: &std::io::Error) -> String {
    format!(
        "no worker process could be started from {} ({e}); check that it is the racelab binary",
        exe.display()
    )
}

/// Takes the batch's next job, runs it on the child (starting one first if there is none),
/// records the result; until the queue is empty or no child can be started.
fn feed(exe: &Path, worker: &mut Option<Worker>, batch: &Batch) {
    loop {
        let Some(index) = batch.queue.lock().unwrap().pop_front() else { return };
        let input = batch.inputs[index];
        if worker.is_none() {
            match Worker::start(exe) {
                Ok(w) => *worker = Some(w),
                Err(e) => {
                    let why = cannot_start(exe, &e);
                    let message = format!("{}({input}) was not run: {why}", batch.task);
                    batch.results.lock().unwrap()[index] = Some(Err(TaskError { message }));
                    *batch.stopped.lock().unwrap() = Some(why);
                    return;
                }
            }
        }
        let w = worker.as_mut().expect("started above");
        match w.run(index as u64, &batch.task, input, batch.timeout) {
            Reply::Answer(result) => batch.results.lock().unwrap()[index] = Some(result),
            Reply::Lost(message) => {
                *worker = None; // killed and reaped already; the next job starts a new one
                batch.results.lock().unwrap()[index] = Some(Err(TaskError { message }));
            }
        }
    }
}
