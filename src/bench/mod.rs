//! Timed runs: what each kind of concurrency buys, measured on this machine.
//!
//! `racelab bench` times the lessons' workloads ([`crate::exec::work`]: waiting, `wait_ms`;
//! computing, `count_divisors`, `primes_below`, `sum_of_squares`) sequentially, on
//! racelab's thread pool, on rayon, on the process pool and on tokio, over a sweep of worker counts.
//! Every configuration runs several times, the configurations alternating, and the report gives
//! the median, the spread, the speed-up over the sequential run and the efficiency against the
//! ideal. Where `python3` is on the PATH, the same workloads run in CPython beside them.
//!
//! Nothing here is a test: timings belong in this report, never in `cargo test`.

pub mod chart;
pub mod cpython;
pub mod executors;
pub mod machine;
pub mod output;
pub mod plan;
pub mod startup;
pub mod stats;

use std::path::Path;
use std::time::Instant;

use crate::exec::work;
use executors::{Executor, Pools, run_compute, run_waits};
pub use plan::Plan;
use stats::Samples;

/// What kind of work a row measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Waiting: the ideal is ceil(tasks / workers) waits.
    Waiting,
    /// Computing: the ideal is the sequential time over min(workers, cores).
    Computing,
}

/// One configuration's timings.
#[derive(Clone, Debug)]
pub struct Row {
    /// The workload, as the report names it.
    pub workload: String,
    /// Waiting or computing.
    pub kind: Kind,
    /// Which executor.
    pub executor: Executor,
    /// How many workers (for tokio's waits: tasks allowed in flight).
    pub workers: usize,
    /// The timings.
    pub samples: Samples,
    /// The best time a perfect executor could reach, in seconds.
    pub ideal: f64,
    /// Why this configuration has no timings worth reading: a job failed (its worker process
    /// died, or ran past its timeout), or it computed another result than the sequential run.
    pub failed: Option<String>,
}

/// Where a timed run is, for progress: `done` of `total` timed steps, and the one in hand.
#[derive(Clone, Copy, Debug)]
pub struct Step<'a> {
    /// Steps finished.
    pub done: u64,
    /// Steps in the whole run.
    pub total: u64,
    /// What the last step timed.
    pub what: &'a str,
}

/// Everything a timed run measured.
#[derive(Clone, Debug)]
pub struct Results {
    /// Cores on this machine.
    pub cores: usize,
    /// The plan it ran.
    pub plan: Plan,
    /// The CPU-bound workloads with the inputs calibration chose.
    pub workloads: Vec<(&'static str, Vec<u64>)>,
    /// Every configuration's timings, sequential baselines included.
    pub rows: Vec<Row>,
    /// The large tokio run: `plan.many_waits` waits at once.
    pub many_waits: Samples,
    /// What starting a thread, a task and a process costs.
    pub startup: startup::Startup,
    /// The CPython side, or why there is none.
    pub cpython: Result<cpython::PyResults, String>,
    /// The machine, the date and how busy the machine was.
    pub machine: machine::Machine,
}

impl Results {
    /// The sequential median of `workload`.
    pub fn sequential(&self, workload: &str) -> f64 {
        self.rows
            .iter()
            .find(|r| r.workload == workload && r.executor == Executor::Sequential)
            .map_or(f64::NAN, |r| r.samples.median())
    }
}

/// Sizes a workload so that `tasks` calls of it take about `target` seconds in all.
fn calibrate(name: &str, tasks: usize, target: f64) -> u64 {
    let f = work::by_name(name).expect("a known workload");
    let per_task = target / tasks as f64;
    let mut n: u64 = 1_000;
    loop {
        let start = Instant::now();
        std::hint::black_box(f(std::hint::black_box(n)));
        let took = start.elapsed().as_secs_f64();
        if took >= per_task / 4.0 || n > 1 << 40 {
            // Scale the last measurement up, assuming cost grows no slower than linearly.
            return ((n as f64) * (per_task / took.max(1e-9))).max(n as f64) as u64;
        }
        n *= 2;
    }
}

/// The CPU-bound workloads, sized on this machine: a few numbers near the calibrated size, so
/// that tasks differ a little as real inputs do.
fn workloads(plan: &Plan) -> Vec<(&'static str, Vec<u64>)> {
    ["count_divisors", "primes_below", "sum_of_squares"]
        .into_iter()
        .map(|name| {
            let n = calibrate(name, plan.compute_tasks, plan.compute_target);
            (name, (0..plan.compute_tasks as u64).map(|i| n + i * (n / 1000).max(1)).collect())
        })
        .collect()
}

/// A configuration to time.
struct Config {
    workload: String,
    kind: Kind,
    executor: Executor,
    workers: usize,
    ideal: f64,
    inputs: Vec<u64>,
}

/// Runs the plan; `exe` is the racelab binary, for the process pool; `tick` is called after
/// every timed step, for progress.
pub fn run(plan: &Plan, exe: &Path, mut tick: impl FnMut(Step)) -> Results {
    let mut machine = machine::Machine::now();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let workloads = workloads(plan);
    let wait_name = format!("{} waits of {} ms", plan.wait_tasks, plan.wait.as_millis());
    let wait_s = plan.wait.as_secs_f64();

    let mut configs = vec![Config {
        workload: wait_name.clone(),
        kind: Kind::Waiting,
        executor: Executor::Sequential,
        workers: 1,
        ideal: stats::ideal_waits(plan.wait_tasks, wait_s, 1),
        inputs: vec![],
    }];
    for executor in [Executor::Threads, Executor::Processes, Executor::Tokio] {
        for &w in &plan.wait_workers {
            let ideal = stats::ideal_waits(plan.wait_tasks, wait_s, w);
            configs.push(Config {
                workload: wait_name.clone(),
                kind: Kind::Waiting,
                executor,
                workers: w,
                ideal,
                inputs: vec![],
            });
        }
    }
    for (name, inputs) in &workloads {
        // The ideal of CPU work depends on the sequential time: filled in after the runs.
        configs.push(Config {
            workload: name.to_string(),
            kind: Kind::Computing,
            executor: Executor::Sequential,
            workers: 1,
            ideal: f64::NAN,
            inputs: inputs.clone(),
        });
        for executor in [Executor::Threads, Executor::Rayon, Executor::Processes, Executor::Tokio] {
            for &w in &plan.compute_workers {
                configs.push(Config {
                    workload: name.to_string(),
                    kind: Kind::Computing,
                    executor,
                    workers: w,
                    ideal: f64::NAN,
                    inputs: inputs.clone(),
                });
            }
        }
    }

    // Every worker count the process pool runs at: each pool is started `runs` times, timed, and
    // the last one kept for every timed run at that count.
    let mut pool_sizes: Vec<usize> =
        configs.iter().filter(|c| c.executor == Executor::Processes).map(|c| c.workers).collect();
    pool_sizes.sort_unstable();
    pool_sizes.dedup();
    let total = (pool_sizes.len() + configs.len() + 1) as u64 * plan.runs as u64 + 2;
    let mut done = 0;
    let mut step = |what: &str| {
        done += 1;
        tick(Step { done, total, what });
    };

    let mut pools = Pools::new(exe);
    let mut pool_startup: Vec<(usize, Samples, Option<String>)> =
        pool_sizes.iter().map(|&w| (w, Samples::default(), None)).collect();
    for _ in 0..plan.runs {
        for (w, samples, failed) in &mut pool_startup {
            if failed.is_none() {
                match pools.start(*w) {
                    Ok(took) => samples.push(took),
                    Err(why) => *failed = Some(why),
                }
            }
            step(&format!("process pool start-up × {w}"));
        }
    }

    let mut samples = vec![Samples::default(); configs.len()];
    let mut checksums: Vec<Option<u64>> = vec![None; configs.len()];
    let mut failed: Vec<Option<String>> = vec![None; configs.len()];
    for run in 0..plan.runs {
        // Alternate the order, so that drift (a warming cache, a neighbour's load) spreads evenly.
        let order: Vec<usize> =
            if run % 2 == 0 { (0..configs.len()).collect() } else { (0..configs.len()).rev().collect() };
        for i in order {
            let c = &configs[i];
            // A failed configuration is not run again: its report is the failure, not a time.
            if failed[i].is_none() {
                let timed = match c.kind {
                    Kind::Waiting => run_waits(c.executor, c.workers, plan.wait_tasks, plan.wait, &mut pools),
                    Kind::Computing => run_compute(c.executor, c.workers, &c.workload, &c.inputs, &mut pools)
                        .and_then(|(took, sum)| match checksums[i].replace(sum) {
                            Some(before) if before != sum => {
                                Err(format!("computed {sum} in run {}, {before} before", run + 1))
                            }
                            _ => Ok(took),
                        }),
                };
                match timed {
                    Ok(took) => samples[i].push(took),
                    Err(why) => failed[i] = Some(why),
                }
            }
            step(&format!("{} · {} × {}", c.workload, c.executor.name(), c.workers));
        }
    }
    drop(pools); // every worker process ends here, before the runs that follow
    // Every executor computed what the sequential run computed, or its time means nothing.
    for (i, c) in configs.iter().enumerate().filter(|(_, c)| c.kind == Kind::Computing) {
        let sequential = configs
            .iter()
            .position(|s| s.workload == c.workload && s.executor == Executor::Sequential)
            .unwrap();
        match (failed[i].is_none(), checksums[i], checksums[sequential]) {
            (true, Some(sum), Some(expected)) if sum != expected => {
                failed[i] = Some(format!("computed {sum}, where the sequential run computed {expected}"));
            }
            _ => {}
        }
    }

    let mut rows: Vec<Row> = configs
        .into_iter()
        .zip(samples)
        .zip(failed)
        .map(|((c, samples), failed)| Row {
            workload: c.workload,
            kind: c.kind,
            executor: c.executor,
            workers: c.workers,
            samples,
            ideal: c.ideal,
            failed,
        })
        .collect();
    for i in 0..rows.len() {
        if rows[i].kind == Kind::Computing {
            let sequential = rows
                .iter()
                .find(|r| r.workload == rows[i].workload && r.executor == Executor::Sequential)
                .unwrap()
                .samples
                .median();
            rows[i].ideal = stats::ideal_compute(sequential, rows[i].workers, cores);
        }
    }
    // The pool's start-up, on rows of their own after the pool's timed rows of each workload.
    for (workload, kind) in workload_kinds(&rows) {
        let at = rows.iter().rposition(|r| r.workload == workload && r.executor == Executor::Processes);
        let Some(at) = at else { continue };
        let used: Vec<usize> = rows
            .iter()
            .filter(|r| r.workload == workload && r.executor == Executor::Processes)
            .map(|r| r.workers)
            .collect();
        let startup =
            pool_startup.iter().filter(|(w, _, _)| used.contains(w)).map(|(w, samples, failed)| Row {
                workload: workload.clone(),
                kind,
                executor: Executor::PoolStart,
                workers: *w,
                samples: samples.clone(),
                ideal: f64::NAN,
                failed: failed.clone(),
            });
        rows.splice(at + 1..at + 1, startup.collect::<Vec<_>>());
    }

    let mut many_waits = Samples::default();
    for _ in 0..plan.runs {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a runtime");
        let start = Instant::now();
        runtime
            .block_on(crate::exec::aio::gather((0..plan.many_waits).map(|_| tokio::time::sleep(plan.wait))));
        many_waits.push(start.elapsed());
        step(&format!("{} async waits", plan.many_waits));
    }

    let startup = startup::measure(exe);
    step("start-up costs");
    let cpython = if plan.cpython {
        cpython::run(plan)
    } else {
        Err("no CPython column: --no-python was given".to_string())
    };
    step("CPython");
    machine.finish();
    Results { cores, plan: plan.clone(), workloads, rows, many_waits, startup, cpython, machine }
}

/// Each workload once, in order, with its kind.
fn workload_kinds(rows: &[Row]) -> Vec<(String, Kind)> {
    let mut seen: Vec<(String, Kind)> = Vec::new();
    for r in rows {
        if !seen.iter().any(|(w, _)| *w == r.workload) {
            seen.push((r.workload.clone(), r.kind));
        }
    }
    seen
}
