//! The process pool on real child processes of the `racelab` binary.

mod children;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use racelab::exec::process::{ProcessPool, WORKER_COMMAND};

const RACELAB: &str = env!("CARGO_BIN_EXE_racelab");

fn pool(workers: usize) -> ProcessPool {
    ProcessPool::new(workers, RACELAB)
}

fn message(result: &Result<u64, racelab::exec::TaskError>) -> &str {
    &result.as_ref().unwrap_err().message
}

#[test]
fn map_returns_each_result_in_input_order() {
    let results = pool(2).map("count_divisors", &[12, 7, 36, 1]);
    let values: Vec<u64> = results.into_iter().map(Result::unwrap).collect();
    assert_eq!(values, [6, 2, 9, 1]);
}

#[test]
fn a_panicking_job_is_an_error_and_the_worker_goes_on() {
    let results = pool(1).map("fail", &[3]);
    assert_eq!(message(&results[0]), "task failed on input 3");
    // The same pool shape still computes afterwards: the child survived its job's panic.
    assert_eq!(pool(1).map("sum_of_squares", &[4])[0], Ok(14));
}

#[test]
fn a_crashing_child_is_reported_and_no_other_result_is_lost() {
    for workers in [1, 2] {
        let results = pool(workers).map("crash_on_zero", &[1, 0, 2, 3]);
        assert_eq!(results[0], Ok(1));
        let message = message(&results[1]);
        assert!(message.contains("crash_on_zero(0)") && message.contains("signal 6"), "{message}");
        assert_eq!(results[2..], [Ok(2), Ok(3)], "a new child took the jobs after the crash");
    }
}

#[test]
fn an_unknown_workload_is_an_error_that_names_it() {
    let results = pool(1).map("no_such_workload", &[1]);
    assert!(message(&results[0]).contains(r#"no workload is called "no_such_workload""#));
}

#[test]
fn a_newline_or_odd_bytes_in_the_workload_name_do_not_shift_the_answers() {
    // Paired by position, the first job was once two lines, "sum_of_squares 4" and
    // "count_divisors 12": its answer was 14, and every later job got its neighbour's answer.
    let pool = pool(1);
    for task in ["sum_of_squares 4\ncount_divisors", "count_divisors\r\u{0}\u{7f}\"\\ \u{2028}"] {
        let results = pool.map(task, &[12, 36]);
        for result in &results {
            assert!(message(result).contains(&format!("no workload is called {task:?}")), "{result:?}");
        }
    }
    assert_eq!(pool.map("count_divisors", &[12, 36]), [Ok(6), Ok(9)]);
}

#[test]
fn a_stopped_worker_ends_as_a_timeout_and_the_other_results_are_kept() {
    // hang_on_zero(0) stops its own process with SIGSTOP: alive, silent, never answering.
    let pool = pool(1).timeout(Duration::from_secs(1));
    let results = pool.map("hang_on_zero", &[1, 0, 2, 3]);
    assert_eq!(results[0], Ok(1));
    let message = message(&results[1]);
    assert!(message.contains("job 1, hang_on_zero(0) ran past the job timeout of 1s"), "{message}");
    assert_eq!(results[2..], [Ok(2), Ok(3)], "a new child took the jobs after the stopped one was killed");
}

#[test]
fn a_failed_restart_keeps_every_finished_result_and_says_why_the_rest_did_not_run() {
    // A launcher that deletes itself: the first child starts, every restart finds no binary.
    let dir = std::env::temp_dir().join(format!("racelab-restart-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let launcher = dir.join("racelab-once");
    // Written by another process: a file this one had open for writing could be inherited by a
    // child another test forks at that moment, and exec of it would fail with "text file busy".
    let mut writer = Command::new("sh")
        .args(["-c", r#"cat > "$1" && chmod 755 "$1""#, "sh"])
        .arg(&launcher)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let script = format!("#!/bin/sh\nrm -f \"$0\"\nexec '{RACELAB}' \"$@\"\n");
    writer.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    assert!(writer.wait().unwrap().success());

    let results = ProcessPool::new(1, &launcher).map("crash_on_zero", &[1, 0, 2, 3]);
    assert_eq!(results[0], Ok(1));
    assert!(message(&results[1]).contains("crash_on_zero(0)"), "{results:?}");
    for (result, input) in results[2..].iter().zip([2, 3]) {
        let message = message(result);
        assert!(
            message.starts_with(&format!(
                "crash_on_zero({input}) was not run: no worker process could be started from {}",
                launcher.display()
            )),
            "{message}"
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_worker_answers_a_line_that_is_not_utf8_with_an_error_and_goes_on() {
    let mut worker = Command::new(RACELAB)
        .arg(WORKER_COMMAND)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = worker.stdin.take().unwrap();
    stdin.write_all(b"\xff\xfe not UTF-8\n{\"id\":7,\"task\":\"count_divisors\",\"input\":12}\n").unwrap();
    drop(stdin);
    let out = worker.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "one answer per line");
    assert!(lines[0]["id"].is_null());
    assert!(lines[0]["err"].as_str().unwrap().starts_with("cannot read line 1"), "{}", lines[0]);
    assert_eq!(lines[1], serde_json::json!({"id": 7, "ok": 6}));
}

/// Not a test on its own: the parent that `a_killed_parent_leaves_no_worker_behind` kills.
#[test]
fn pool_parent_role() {
    if children::role().as_deref() == Some("pool parent") {
        pool(2).timeout(Duration::from_secs(3600)).map("wait_ms", &[3_600_000, 3_600_000]);
    }
}

#[test]
fn a_killed_parent_leaves_no_worker_behind() {
    let mut parent = children::spawn_role("pool_parent_role", "pool parent");
    let mut workers = vec![];
    let started = children::eventually(Duration::from_secs(20), || {
        workers = children::children(parent.id());
        workers.len() == 2
    });
    parent.kill().unwrap(); // SIGKILL: no destructor runs in the parent
    parent.wait().unwrap();
    assert!(started, "the parent started its two workers: {workers:?}");
    let gone =
        children::eventually(Duration::from_secs(10), || workers.iter().all(|&pid| !children::alive(pid)));
    assert!(gone, "workers {workers:?} outlived their killed parent");
}

#[test]
fn a_pool_keeps_its_workers_between_maps_and_ends_them_when_dropped() {
    let pool = pool(2);
    assert!(pool.pids().is_empty(), "no worker before the pool is used");
    pool.start().unwrap();
    let mut started = pool.pids();
    started.sort_unstable();
    assert_eq!(started.len(), 2, "start() starts every worker: {started:?}");
    for _ in 0..3 {
        assert_eq!(pool.map("count_divisors", &[12, 36, 7]), [Ok(6), Ok(9), Ok(2)]);
        let mut now = pool.pids();
        now.sort_unstable();
        assert_eq!(now, started, "the same workers serve every map");
    }
    drop(pool);
    assert!(started.iter().all(|&pid| !children::alive(pid)), "dropping the pool ends its workers");
}
