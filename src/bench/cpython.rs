//! The CPython side of a timed run: the same workloads on ThreadPoolExecutor, ProcessPoolExecutor
//! and asyncio.gather, by our own script (`src/bench/cpython.py`), run with `python3` when the
//! machine has it.

use std::process::Command;

use serde::Deserialize;

use super::Plan;
use super::stats::Samples;

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
    let out = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(args.to_string())
        .output()
        .map_err(|e| format!("no CPython column: python3 could not be run ({e})"))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(format!("no CPython column: python3 failed: {}", stderr.lines().last().unwrap_or("")));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("no CPython column: unreadable output ({e})"))
}
