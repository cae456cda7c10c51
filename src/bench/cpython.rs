//! The CPython side of a timed run: the same workloads on ThreadPoolExecutor, ProcessPoolExecutor
//! and asyncio.gather, by our own script (`src/bench/cpython.py`), run with `python3` when the
//! machine has it.
//!
//! No process of the CPython side outlives racelab. `python3` is tied to racelab with
//! [`die_with_parent`] (spawned from the thread that then waits for it, so that thread outlives
//! it); each pool worker of the script ties itself to `python3` the same way (`prctl` through
//! `ctypes`). `python3` runs in a process group of its own, so that a Ctrl-C reaches racelab alone
//! and ends the rest through those ties, instead of a traceback from every worker; and once
//! `python3` has exited, whatever is left in its group is killed before it is reaped.

use std::ffi::OsStr;
use std::io::{self, Read};
use std::process::{Child, Command, Output, Stdio};

use serde::Deserialize;

use super::plan::Plan;
use super::stats::Samples;
use crate::os::die_with_parent;

/// The script, built into the binary so that `racelab bench` runs from any directory.
const SCRIPT: &str = include_str!("cpython.py");

/// One CPython configuration's timings.
#[derive(Clone, Debug, Deserialize)]
pub struct PyRow {
    /// The workload, named as on the Rust side.
    pub workload: String,
    /// `sequential`, `ThreadPoolExecutor`, `ProcessPoolExecutor` or `asyncio.gather`.
    pub executor: String,
    /// Workers (for asyncio: tasks allowed in flight).
    pub workers: usize,
    /// Seconds per run.
    pub seconds: Vec<f64>,
}

impl PyRow {
    /// The timings as [`Samples`].
    pub fn samples(&self) -> Samples {
        Samples { seconds: self.seconds.clone() }
    }
}

/// What the script measured.
#[derive(Clone, Debug, Deserialize)]
pub struct PyResults {
    /// CPython's version, as `sys.version` starts.
    pub version: String,
    /// The inputs calibration chose for each CPU-bound workload.
    pub sizes: std::collections::BTreeMap<String, Vec<u64>>,
    /// Every configuration's timings.
    pub rows: Vec<PyRow>,
}

/// Runs the script; `Err` says why there is no CPython column (no `python3`, or it failed).
pub fn run(plan: &Plan) -> Result<PyResults, String> {
    let args = serde_json::json!({
        "runs": plan.runs,
        "wait_tasks": plan.wait_tasks,
        "wait_ms": plan.wait.as_millis() as u64,
        "wait_workers": plan.wait_workers,
        "compute_target": plan.compute_target,
        "compute_tasks": plan.compute_tasks,
        "compute_workers": plan.compute_workers,
    });
    let out = command([args.to_string()])
        .spawn()
        .and_then(finish)
        .map_err(|e| format!("no CPython column: python3 could not be run ({e})"))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(format!("no CPython column: python3 failed: {}", stderr.lines().last().unwrap_or("")));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("no CPython column: unreadable output ({e})"))
}

/// The `python3` command that runs the script with `args`: tied to this process (see the module
/// docs), in a process group of its own, with no stdin and its output piped.
pub fn command<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Command {
    let mut command = Command::new("python3");
    command.arg("-c").arg(SCRIPT).args(args);
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    die_with_parent(&mut command);
    command
}

/// Collects the output of `python3`, then kills whatever is left in its process group, then
/// reaps it. The group is killed while `python3` is still unreaped, so that its id cannot have
/// been taken by another group in the meantime.
fn finish(mut child: Child) -> io::Result<Output> {
    fn drain(pipe: Option<impl Read + Send + 'static>) -> io::Result<std::thread::JoinHandle<Vec<u8>>> {
        std::thread::Builder::new().name("racelab-python-output".into()).spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    }
    let readers = drain(child.stdout.take()).and_then(|out| Ok((out, drain(child.stderr.take())?)));
    let (stdout, stderr) = match readers {
        Ok(readers) => readers,
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(e);
        }
    };
    #[cfg(unix)]
    {
        // The group is python3's own, its leader unreaped.
        crate::os::wait_without_reaping(child.id());
        crate::os::kill_group(child.id());
    }
    let status = child.wait()?;
    let joined = |h: std::thread::JoinHandle<Vec<u8>>| h.join().unwrap_or_default();
    Ok(Output { status, stdout: joined(stdout), stderr: joined(stderr) })
}
