//! What a timed run measures: how many runs, which workloads, which worker counts.

use std::time::Duration;

/// What a timed run measures.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Runs of every configuration.
    pub runs: usize,
    /// Tasks in the waiting workload.
    pub wait_tasks: usize,
    /// How long each of them waits.
    pub wait: Duration,
    /// Worker counts for the waiting workload.
    pub wait_workers: Vec<usize>,
    /// How many concurrent async waits in the large tokio run.
    pub many_waits: usize,
    /// Seconds the sequential run of each CPU-bound workload should take, for calibration.
    pub compute_target: f64,
    /// Tasks per CPU-bound workload.
    pub compute_tasks: usize,
    /// Worker counts for the CPU-bound workloads.
    pub compute_workers: Vec<usize>,
    /// Whether to run the CPython side.
    pub cpython: bool,
}

impl Plan {
    /// The full run: five runs each, 8 waits of 200 ms, CPU work sized to about a second.
    pub fn full(cores: usize) -> Plan {
        Plan {
            runs: 5,
            wait_tasks: 8,
            wait: Duration::from_millis(200),
            wait_workers: vec![1, 2, 4, 8, 16],
            many_waits: 10_000,
            compute_target: 1.0,
            compute_tasks: 4,
            compute_workers: (1..=cores + 1).collect(),
            cpython: true,
        }
    }

    /// About a minute: three runs, shorter waits, CPU work sized to a quarter second.
    pub fn quick(cores: usize) -> Plan {
        Plan { runs: 3, wait: Duration::from_millis(50), compute_target: 0.25, ..Plan::full(cores) }
    }
}
