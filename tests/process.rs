//! The process pool on real child processes of the `racelab` binary.

use racelab::exec::process::ProcessPool;

fn pool(workers: usize) -> ProcessPool {
    ProcessPool::new(workers, env!("CARGO_BIN_EXE_racelab"))
}

#[test]
fn map_returns_each_result_in_input_order() {
    let results = pool(2).map("count_divisors", &[12, 7, 36, 1]).unwrap();
    let values: Vec<u64> = results.into_iter().map(Result::unwrap).collect();
    assert_eq!(values, [6, 2, 9, 1]);
}

#[test]
fn a_panicking_job_is_an_error_and_the_worker_goes_on() {
    let results = pool(1).map("fail", &[3]).unwrap();
    assert_eq!(results[0].as_ref().unwrap_err().message, "task failed on input 3");
    // The same pool shape still computes afterwards: the child survived its job's panic.
    assert_eq!(pool(1).map("sum_of_squares", &[4]).unwrap()[0], Ok(14));
}

#[test]
fn a_crashing_child_is_reported_and_no_other_result_is_lost() {
    for workers in [1, 2] {
        let results = pool(workers).map("crash_on_zero", &[1, 0, 2, 3]).unwrap();
        assert_eq!(results[0], Ok(1));
        let message = &results[1].as_ref().unwrap_err().message;
        assert!(message.contains("crash_on_zero(0)") && message.contains("signal 6"), "{message}");
        assert_eq!(results[2..], [Ok(2), Ok(3)], "a new child took the jobs after the crash");
    }
}

#[test]
fn an_unknown_workload_is_an_error_that_names_it() {
    let results = pool(1).map("no_such_workload", &[1]).unwrap();
    assert!(results[0].as_ref().unwrap_err().message.contains("'no_such_workload 1'"));
}
