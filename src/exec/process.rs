//! A process pool: the pool's `map` on child processes, each a re-run of the `racelab` binary.
//!
//! Processes share no memory, so a job is a workload's name and a number (see
//! [`crate::bench::work::by_name`]), sent as one line, `count_divisors 200000000`, and answered
//! with one line, `ok 9` or `err message`. A job that panics answers `err`; a child that dies
//! (abort, a signal, an OOM kill) answers nothing: the pool reports that job as a [`TaskError`]
//! naming the job and how the child ended, starts a new child, and goes on. No result is lost
//! without a word.

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};

use super::TaskError;
use crate::bench::work;

/// The hidden subcommand that makes `racelab` a worker.
pub const WORKER_COMMAND: &str = "__worker";

/// A pool of child processes, all running `exe __worker`.
#[derive(Debug)]
pub struct ProcessPool {
    exe: PathBuf,
    workers: usize,
}

impl ProcessPool {
    /// A pool of `workers` children of `exe`, the racelab binary (`std::env::current_exe()` from
    /// inside it; `env!("CARGO_BIN_EXE_racelab")` from its tests). Children start with each `map`.
    pub fn new(workers: usize, exe: impl AsRef<Path>) -> Self {
        assert!(workers > 0, "a pool needs at least one worker");
        ProcessPool { exe: exe.as_ref().to_path_buf(), workers }
    }

    /// Runs the workload `task` on every input; results in input order.
    pub fn map(&self, task: &str, inputs: &[u64]) -> io::Result<Vec<Result<u64, TaskError>>> {
        let queue: Arc<Mutex<VecDeque<(usize, u64)>>> =
            Arc::new(Mutex::new(inputs.iter().copied().enumerate().collect()));
        let results = Arc::new(Mutex::new(vec![None; inputs.len()]));
        let mut feeders = Vec::new();
        for _ in 0..self.workers.min(inputs.len()) {
            let mut child = Worker::start(&self.exe)?;
            let (queue, results, task, exe) =
                (queue.clone(), results.clone(), task.to_string(), self.exe.clone());
            // One feeder thread per child: it takes the next job, sends it, waits for the answer.
            feeders.push(std::thread::spawn(move || -> io::Result<()> {
                loop {
                    let Some((index, input)) = queue.lock().unwrap().pop_front() else { break };
                    let result = match child.run(&task, input) {
                        Ok(answer) => answer,
                        Err(_) => {
                            let ended = child.ended();
                            child = Worker::start(&exe)?;
                            Err(TaskError {
                                message: format!("worker process {ended} while running {task}({input})"),
                            })
                        }
                    };
                    results.lock().unwrap()[index] = Some(result);
                }
                child.stop();
                Ok(())
            }));
        }
        for feeder in feeders {
            feeder.join().expect("a feeder thread does not panic")?;
        }
        let results = std::mem::take(&mut *results.lock().unwrap());
        Ok(results.into_iter().map(|r| r.expect("every job answered")).collect())
    }
}

/// One child process and its pipes.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Worker {
    fn start(exe: &Path) -> io::Result<Worker> {
        let mut child = Command::new(exe)
            .arg(WORKER_COMMAND)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        Ok(Worker { child, stdin, stdout })
    }

    /// Sends one job; `Err` if the child is gone before it answers.
    fn run(&mut self, task: &str, input: u64) -> io::Result<Result<u64, TaskError>> {
        writeln!(self.stdin, "{task} {input}")?;
        self.stdin.flush()?;
        let mut line = String::new();
        if self.stdout.read_line(&mut line)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let line = line.trim_end();
        Ok(match line.split_once(' ') {
            Some(("ok", value)) => {
                value.parse().map_err(|_| TaskError { message: format!("bad answer '{line}'") })
            }
            Some(("err", message)) => Err(TaskError { message: message.to_string() }),
            _ => Err(TaskError { message: format!("bad answer '{line}'") }),
        })
    }

    /// How the child ended, for the error message.
    fn ended(&mut self) -> String {
        match self.child.wait() {
            Ok(status) => match (status.code(), signal(&status)) {
                (Some(code), _) => format!("exited with code {code}"),
                (None, Some(sig)) => format!("was killed by signal {sig}"),
                _ => "ended".to_string(),
            },
            Err(e) => format!("could not be waited for ({e})"),
        }
    }

    fn stop(mut self) {
        drop(self.stdin); // end of input: the worker loop returns
        let _ = self.child.wait();
    }
}

#[cfg(unix)]
fn signal(status: &std::process::ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(status)
}

#[cfg(not(unix))]
fn signal(_: &std::process::ExitStatus) -> Option<i32> {
    None
}

/// The worker's side: answer each `task input` line on stdin until stdin closes.
pub fn serve() -> io::Result<()> {
    let _quiet = crate::rt::quiet(); // a job's panic is an answer, not noise on stderr
    let stdin = io::stdin();
    let mut stdout = io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line?;
        let answer = match line
            .split_once(' ')
            .and_then(|(task, input)| Some((work::by_name(task)?, input.parse::<u64>().ok()?)))
        {
            Some((f, input)) => match super::run_job(|| f(input)) {
                Ok(value) => format!("ok {value}"),
                Err(e) => format!("err {}", e.message),
            },
            None => format!("err cannot run '{line}': expected a workload name and a number"),
        };
        writeln!(stdout, "{answer}")?;
        stdout.flush()?;
    }
    Ok(())
}
