//! One worker process seen from the pool: its pipes, a reader thread, a deadline per job, and a
//! death tied to racelab's.

use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::protocol::{Answer, Job, WORKER_COMMAND, excerpt};
use crate::exec::TaskError;

/// What came of one job on a worker.
pub(crate) enum Reply {
    /// The worker answered: the job's value or its error. The worker is ready for the next job.
    Answer(Result<u64, TaskError>),
    /// The worker can no longer be trusted (it died, timed out or answered out of step); it has
    /// been killed and reaped. The message says what happened, naming the job.
    Lost(String),
}

/// A running `racelab __worker`, owned by the thread that started it.
///
/// A thread of its own reads the child's answers into a channel, so that waiting for an answer
/// can have a deadline (`recv_timeout`) without `poll` on the pipe. Dropping a worker kills and
/// reaps its child: an idle worker keeps no state worth a graceful goodbye, and a kill is over at
/// once where a polite end of input could wait on a wedged child forever.
pub(crate) struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    answers: Receiver<Vec<u8>>,
    reader: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts `exe __worker`, tied to the calling thread (see [`crate::os::die_with_parent`]).
    pub fn start(exe: &Path) -> io::Result<Worker> {
        let mut command = Command::new(exe);
        command.arg(WORKER_COMMAND).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null());
        let mut child = crate::os::die_with_parent(&mut command).spawn()?;
        let stdin = child.stdin.take();
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let (send, answers) = mpsc::channel();
        let reader = std::thread::Builder::new().name("racelab-pool-reader".into()).spawn(move || {
            loop {
                let mut line = Vec::new();
                match stdout.read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => break, // the child closed its stdout: it has ended
                    Ok(_) if send.send(line).is_err() => break,
                    Ok(_) => {}
                }
            }
        });
        match reader {
            Ok(reader) => Ok(Worker { child, stdin, answers, reader: Some(reader) }),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(e)
            }
        }
    }

    /// The child's process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Runs job `id`, `task(input)`, waiting at most `timeout` for its answer.
    ///
    /// A job line is a few dozen bytes and goes out only once the last answer is in, so the
    /// write never waits on a full pipe, even to a stopped child.
    pub fn run(&mut self, id: u64, task: &str, input: u64, timeout: Duration) -> Reply {
        let job = format!("job {id}, {task}({input})");
        let mut line = serde_json::to_vec(&Job { id, task, input }).expect("a job serialises");
        line.push(b'\n');
        let sent = match self.stdin.as_mut() {
            Some(stdin) => stdin.write_all(&line).and_then(|()| stdin.flush()),
            None => Err(io::ErrorKind::BrokenPipe.into()),
        };
        if sent.is_err() {
            return Reply::Lost(format!("worker process {} before it took {job}", self.ended()));
        }
        match self.answers.recv_timeout(timeout) {
            Ok(line) => match serde_json::from_slice::<Answer>(&line) {
                Ok(Answer { id: Some(got), ok: Some(value), err: None }) if got == id => {
                    Reply::Answer(Ok(value))
                }
                Ok(Answer { id: Some(got), ok: None, err: Some(message) }) if got == id => {
                    Reply::Answer(Err(TaskError { message }))
                }
                _ => {
                    let _ = self.kill();
                    Reply::Lost(format!(
                        "worker process answered {} to {job}: not an answer to that job, so the worker was replaced",
                        excerpt(line.strip_suffix(b"\n").unwrap_or(&line))
                    ))
                }
            },
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.kill();
                Reply::Lost(format!(
                    "{job} ran past the job timeout of {timeout:?}, so its worker process was killed; \
                     give the pool a longer one with ProcessPool::timeout if the job needs it"
                ))
            }
            Err(RecvTimeoutError::Disconnected) => {
                Reply::Lost(format!("worker process {} while running {job}", self.ended()))
            }
        }
    }

    /// How the child ended, for a message: given a moment to finish ending on its own (so that a
    /// crash reads as its own signal, not as our kill), then killed.
    fn ended(&mut self) -> String {
        let deadline = Instant::now() + Duration::from_secs(1);
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(2)),
                _ => break self.kill(),
            }
        };
        match status {
            Ok(status) => describe(status),
            Err(e) => format!("could not be waited for ({e})"),
        }
    }

    /// Kills and reaps the child (idempotent), and lets the reader thread finish.
    fn kill(&mut self) -> io::Result<ExitStatus> {
        self.stdin = None;
        let _ = self.child.kill(); // an error only says it has already ended
        let status = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join(); // the pipe's writer is gone with the child: the reader sees its end
        }
        status
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.kill();
    }
}

/// "exited with code 1", "was killed by signal 6".
fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return format!("was killed by signal {signal}");
    }
    match status.code() {
        Some(code) => format!("exited with code {code}"),
        None => "ended".to_string(),
    }
}
