//! The timed-run machinery on a plan too small to time anything: every executor runs every
//! workload and agrees with the sequential result (the run asserts it), and the report, the
//! charts and the "when to use what" table come out whole. No timing is asserted.

mod children;

use std::time::Duration;

use racelab::bench::{self, Plan, executors::Executor, output};

const RACELAB: &str = env!("CARGO_BIN_EXE_racelab");

fn micro_plan() -> Plan {
    Plan {
        runs: 1,
        wait_tasks: 2,
        wait: Duration::from_millis(1),
        wait_workers: vec![1, 2],
        many_waits: 10,
        compute_target: 0.004,
        compute_tasks: 2,
        compute_workers: vec![1, 2],
        cpython: false,
    }
}

#[test]
fn a_micro_run_covers_every_executor_and_writes_its_report() {
    let mut steps = vec![];
    let mut results = bench::run(&micro_plan(), RACELAB.as_ref(), |step| steps.push((step.done, step.total)));
    let total = steps[0].1;
    assert!(steps.iter().enumerate().all(|(i, &(done, t))| done == i as u64 + 1 && t == total), "{steps:?}");
    assert_eq!(steps.last().unwrap().0, total, "progress ends at its total");
    for workload in ["2 waits of 1 ms", "count_divisors", "primes_below", "sum_of_squares"] {
        let executors: Vec<Executor> =
            results.rows.iter().filter(|r| r.workload == workload).map(|r| r.executor).collect();
        assert!(
            executors.contains(&Executor::Sequential) && executors.contains(&Executor::Threads),
            "{workload}: {executors:?}"
        );
        assert!(
            executors.contains(&Executor::Processes) && executors.contains(&Executor::Tokio),
            "{workload}: {executors:?}"
        );
        assert!(results.sequential(workload).is_finite(), "{workload} has a sequential baseline");
    }
    let timed = |r: &&bench::Row| r.executor != Executor::PoolStart;
    assert!(
        results
            .rows
            .iter()
            .filter(timed)
            .all(|r| r.samples.seconds.len() == 1 && r.ideal.is_finite() && r.ideal > 0.0)
    );
    // The process pool's start-up is a row of its own after the pool's rows, one per worker count.
    for workload in ["2 waits of 1 ms", "count_divisors"] {
        let rows: Vec<(Executor, usize)> =
            results.rows.iter().filter(|r| r.workload == workload).map(|r| (r.executor, r.workers)).collect();
        let at = rows.iter().position(|&(e, _)| e == Executor::PoolStart).expect("a start-up row");
        assert_eq!(rows[at - 1], (Executor::Processes, 2), "{rows:?}");
        assert_eq!(rows[at..at + 2], [(Executor::PoolStart, 1), (Executor::PoolStart, 2)], "{rows:?}");
    }
    assert!(results.rows.iter().all(|r| r.failed.is_none()), "no configuration failed");
    assert_eq!(results.startup.thread.seconds.len(), 200);
    assert!(results.cpython.as_ref().unwrap_err().contains("--no-python"));

    let dir = std::env::temp_dir().join(format!("racelab-bench-test-{}", std::process::id()));
    let written = output::write(&results, &dir).unwrap();
    assert_eq!(written.len(), 5, "a report and one chart per workload: {written:?}");
    let report = std::fs::read_to_string(&written[0]).unwrap();
    assert!(report.contains("## When to use what") && report.contains("| sequential | 1 |"));
    for chart in &written[1..] {
        let svg = std::fs::read_to_string(chart).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>") && svg.contains("<polyline"));
    }
    assert_eq!(output::when_to_use(&results).len(), 3);

    // A failed configuration is a row that says so, with its reason under the table, and the
    // rest of the report as before.
    let row = results.rows.iter_mut().find(|r| r.executor == Executor::Processes).unwrap();
    row.failed = Some("worker process was killed by signal 9".into());
    let (workload, workers) = (row.workload.clone(), row.workers);
    let terminal = output::terminal(&results, &racelab::term::Layout::PLAIN);
    let markdown = output::markdown(&results);
    let named = format!("processes × {workers} failed: worker process was killed by signal 9");
    assert!(terminal.contains(&named) && terminal.contains(" failed "), "{terminal}");
    assert!(markdown.contains(&format!("| processes | {workers} | failed |")) && markdown.contains(&named));
    assert!(output::chart(&results, &workload).ends_with("</svg>\n"));

    // One run per configuration has no spread: a quiet run, which gives its advice. A row whose
    // runs spread past the threshold flags the run, and the advice is withheld.
    assert!(output::noisy(&results).is_empty() && markdown.contains("| work | use |"), "{markdown}");
    let row = results.rows.iter_mut().find(|r| r.executor == Executor::Threads).unwrap();
    let median = row.samples.median();
    row.samples.seconds = vec![median * 0.7, median, median * 1.3];
    let (workload, workers) = (row.workload.clone(), row.workers);
    let markdown = output::markdown(&results);
    let terminal = output::terminal(&results, &racelab::term::Layout::PLAIN);
    let named = format!("{workload} · threads × {workers} ±30.0%");
    assert!(markdown.contains("**Noisy run:**") && markdown.contains(&named), "{markdown}");
    assert!(!markdown.contains("| work | use |"), "a noisy run gives no advice:\n{markdown}");
    assert!(markdown.contains("| ±30.0% noisy |"), "the row is marked:\n{markdown}");
    assert!(
        terminal.contains("NOISY RUN") && !terminal.contains("when to use what, on this machine:"),
        "{terminal}"
    );
    assert!(output::chart(&results, &workload).contains("NOISY RUN"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_dead_worker_fails_its_configuration_with_the_reason_instead_of_the_bench() {
    let mut pools = bench::executors::Pools::new(RACELAB.as_ref());
    let failed = bench::executors::run_compute(Executor::Processes, 2, "crash_on_zero", &[1, 0], &mut pools);
    let why = failed.unwrap_err();
    assert!(why.starts_with("1 of 2 jobs failed; the first: worker process was killed by signal 6"), "{why}");
}

#[test]
fn an_unwritable_out_fails_at_once_before_any_work() {
    let out = std::process::Command::new(RACELAB)
        .args(["bench", "--quick", "--no-python", "--out", "/proc/racelab-forbidden"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: cannot write the report to /proc/racelab-forbidden: ")
            && stderr.contains("pass a folder you can write to with --out"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "no table was printed: nothing was timed");
}

/// Not a test on its own: the parent that `a_killed_racelab_leaves_no_python_process_behind` kills.
#[test]
fn python_parent_role() {
    if children::role().as_deref() == Some("python parent") {
        let _ = bench::cpython::command(["--hold", "2"]).output();
    }
}

#[test]
fn a_killed_racelab_leaves_no_python_process_behind() {
    if std::process::Command::new("python3").arg("--version").output().is_err() {
        eprintln!("no python3 on the PATH: nothing to leave behind");
        return;
    }
    let mut parent = children::spawn_role("python_parent_role", "python parent");
    let mut python = vec![];
    let started = children::eventually(Duration::from_secs(20), || {
        python = children::children(parent.id());
        python.len() == 1 && {
            python.extend(children::children(python[0]));
            python.len() == 3
        }
    });
    parent.kill().unwrap(); // SIGKILL: no destructor runs in the parent
    parent.wait().unwrap();
    assert!(started, "python3 started its pool of two: {python:?}");
    let gone =
        children::eventually(Duration::from_secs(10), || python.iter().all(|&pid| !children::alive(pid)));
    assert!(gone, "python3 and its workers {python:?} outlived their killed parent");
}
