//! A fixed-size thread pool on the facade.

use std::collections::VecDeque;
use std::fmt;

use crate::sync::{Arc, Condvar, Mutex, mpsc};
use crate::task::{TaskError, run_job};
use crate::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// The jobs waiting for a worker, and whether the pool takes more.
struct Queue {
    jobs: VecDeque<Job>,
    closed: bool,
}

impl fmt::Debug for Queue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} queued{}", self.jobs.len(), if self.closed { ", closed" } else { "" })
    }
}

struct Shared {
    queue: Mutex<Queue>,
    ready: Condvar,
}

/// A pool of worker threads, fixed in number when it is made.
///
/// Dropping the pool (or [`ThreadPool::shutdown`]) closes its queue and waits for the workers:
/// every job submitted before is run, none is lost.
pub struct ThreadPool {
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    /// A pool of `workers` threads, named `worker1`, `worker2`, ... in traces.
    pub fn new(workers: usize) -> Self {
        assert!(workers > 0, "a pool needs at least one worker");
        let shared = Arc::new(Shared {
            queue: Mutex::named("queue", Queue { jobs: VecDeque::new(), closed: false }),
            ready: Condvar::named("work"),
        });
        let workers = (1..=workers)
            .map(|i| {
                let shared = shared.clone();
                thread::Builder::new()
                    .name(format!("worker{i}"))
                    .spawn(move || work(&shared))
                    .expect("spawn a worker")
            })
            .collect();
        ThreadPool { shared, workers }
    }

    fn push(&self, job: Job) {
        let mut queue = self.shared.queue.lock().unwrap_or_else(|p| p.into_inner());
        assert!(!queue.closed, "the pool is shut down");
        queue.jobs.push_back(job);
        drop(queue);
        self.shared.ready.notify_one();
    }

    /// Queues `f`; its [`Task`] gives back its value, or its panic as an error.
    pub fn submit<T, F>(&self, f: F) -> Task<T>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        // The slot is the task's own plumbing: untraced, like a channel's insides.
        let slot = Arc::new(Slot { value: Mutex::untraced(None), done: Condvar::untraced() });
        let filled = slot.clone();
        self.push(Box::new(move || {
            let result = run_job(f);
            *filled.value.lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
            filled.done.notify_all();
        }));
        Task { slot }
    }

    /// Runs `f` on every input; the results come back in input order, whatever order they finish in.
    pub fn map<I, T, F>(&self, inputs: impl IntoIterator<Item = I>, f: F) -> Vec<Result<T, TaskError>>
    where
        I: Send + 'static,
        T: Send + 'static,
        F: Fn(I) -> T + Send + Sync + 'static,
    {
        let f = Arc::new(f);
        let tasks: Vec<Task<T>> = inputs
            .into_iter()
            .map(|input| {
                let f = f.clone();
                self.submit(move || f(input))
            })
            .collect();
        tasks.into_iter().map(Task::join).collect()
    }

    /// Runs `f` on every input; yields `(input index, result)` in the order the jobs finish.
    pub fn as_completed<I, T, F>(&self, inputs: impl IntoIterator<Item = I>, f: F) -> Completed<T>
    where
        I: Send + 'static,
        T: Send + 'static,
        F: Fn(I) -> T + Send + Sync + 'static,
    {
        let f = Arc::new(f);
        let (tx, rx) = mpsc::labelled_channel("completed");
        for (index, input) in inputs.into_iter().enumerate() {
            let (f, tx) = (f.clone(), tx.clone());
            self.push(Box::new(move || {
                let _ = tx.send((index, run_job(|| f(input))));
            }));
        }
        Completed { rx }
    }

    /// Closes the queue, runs every job already submitted, and waits for the workers.
    pub fn shutdown(mut self) {
        self.close_and_join();
    }

    fn close_and_join(&mut self) {
        if self.workers.is_empty() {
            return; // already shut down
        }
        self.shared.queue.lock().unwrap_or_else(|p| p.into_inner()).closed = true;
        self.shared.ready.notify_all();
        for worker in self.workers.drain(..) {
            let _ = worker.join(); // a worker never panics: jobs' panics are caught
        }
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        self.close_and_join();
    }
}

impl fmt::Debug for ThreadPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadPool").field("workers", &self.workers.len()).finish()
    }
}

/// A worker: take a job, run it, until the queue is closed and empty.
fn work(shared: &Shared) {
    loop {
        let job = {
            let mut queue = shared.queue.lock().unwrap_or_else(|p| p.into_inner());
            loop {
                if let Some(job) = queue.jobs.pop_front() {
                    break Some(job);
                }
                if queue.closed {
                    break None;
                }
                queue = shared.ready.wait(queue).unwrap_or_else(|p| p.into_inner());
            }
        };
        match job {
            Some(job) => job(),
            None => return,
        }
    }
}

struct Slot<T> {
    value: Mutex<Option<Result<T, TaskError>>>,
    done: Condvar,
}

/// A submitted job: join it for its value.
pub struct Task<T> {
    slot: Arc<Slot<T>>,
}

impl<T> Task<T> {
    /// Waits for the job: its value, or its panic as a [`TaskError`].
    pub fn join(self) -> Result<T, TaskError> {
        let mut value = self.slot.value.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(result) = value.take() {
                return result;
            }
            value = self.slot.done.wait(value).unwrap_or_else(|p| p.into_inner());
        }
    }
}

impl<T> fmt::Debug for Task<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Task")
    }
}

/// Results in completion order: `(input index, result)`.
pub struct Completed<T> {
    rx: mpsc::Receiver<(usize, Result<T, TaskError>)>,
}

impl<T> Iterator for Completed<T> {
    type Item = (usize, Result<T, TaskError>);
    fn next(&mut self) -> Option<Self::Item> {
        self.rx.recv().ok()
    }
}

impl<T> fmt::Debug for Completed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Completed")
    }
}
