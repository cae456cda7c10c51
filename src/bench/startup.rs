//! What starting a unit of concurrency costs: a thread, a tokio task, a child process.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use super::stats::Samples;

/// Start-up costs, each a sample of start-to-finished times of an empty unit of work.
#[derive(Clone, Debug, Default)]
pub struct Startup {
    /// `std::thread::spawn` of an empty closure, then `join`.
    pub thread: Samples,
    /// `tokio::spawn` of an empty future on a warm runtime, then `.await`.
    pub task: Samples,
    /// A child process of the racelab binary that starts and exits at once.
    pub process: Samples,
}

/// Measures each: 200 threads, 200 tasks, 20 processes.
pub fn measure(exe: &Path) -> Startup {
    let mut s = Startup::default();
    for _ in 0..200 {
        let start = Instant::now();
        std::thread::spawn(|| {}).join().expect("an empty thread does not panic");
        s.thread.push(start.elapsed());
    }
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    runtime.block_on(async {
        for _ in 0..200 {
            let start = Instant::now();
            tokio::spawn(async {}).await.expect("an empty task does not panic");
            s.task.push(start.elapsed());
        }
    });
    for _ in 0..20 {
        let start = Instant::now();
        // A worker whose input is empty exits as soon as it has started. It is tied to racelab as
        // the pool's workers are, so this is the start-up the pool pays.
        let mut command = Command::new(exe);
        command.arg(crate::exec::process::WORKER_COMMAND).stdin(Stdio::null()).stdout(Stdio::null());
        let status = crate::os::die_with_parent(&mut command).status();
        if status.is_ok() {
            s.process.push(start.elapsed());
        }
    }
    s
}
