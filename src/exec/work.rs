//! The lessons' workloads: waiting (simulated I/O) and computing, which the timed runs
//! ([`crate::bench`]) measure and a process pool's worker runs by name.
//!
//! Each is a plain `fn(u64) -> u64`, named in [`by_name`], so that a child process can be asked
//! to run one by name (see [`crate::exec::process`]).

use std::time::Duration;

/// How many numbers from 1 to `n` divide `n`, by trial division: about `n` steps.
pub fn count_divisors(n: u64) -> u64 {
    (1..=n).filter(|&d| n.is_multiple_of(d)).count() as u64
}

/// How many primes are below `n`, each tested by trial division up to its square root.
pub fn primes_below(n: u64) -> u64 {
    (2..n).filter(|&k| (2..).take_while(|d| d * d <= k).all(|d| k % d != 0)).count() as u64
}

/// The sum of i² for i below `n`, wrapping: about `n` steps of arithmetic.
///
/// Each `i` passes through `black_box`: otherwise the compiler replaces the loop with the closed
/// form n(n−1)(2n−1)/6, and the workload takes no time at any size.
pub fn sum_of_squares(n: u64) -> u64 {
    (0..n).fold(0u64, |acc, i| {
        let i = std::hint::black_box(i);
        acc.wrapping_add(i.wrapping_mul(i))
    })
}

/// Waits `ms` milliseconds and returns it: a stand-in for a request to a slow service.
pub fn wait_ms(ms: u64) -> u64 {
    std::thread::sleep(Duration::from_millis(ms));
    ms
}

/// Panics: a task that fails.
pub fn fail(n: u64) -> u64 {
    panic!("task failed on input {n}")
}

/// Ends the whole process at once on input 0, as a segfault or an OOM kill would; returns any
/// other input: a child that crashes on one job of many.
pub fn crash_on_zero(n: u64) -> u64 {
    if n == 0 {
        std::process::abort()
    }
    n
}

/// Stops its own process on input 0 (SIGSTOP), as a debugger or a wedged system call would leave
/// it: alive, silent, never answering; returns any other input. A pool's job timeout is what ends
/// such a job.
pub fn hang_on_zero(n: u64) -> u64 {
    if n == 0 {
        #[cfg(unix)]
        // SAFETY: raise only sends a signal to this process; SIGSTOP cannot be caught.
        unsafe {
            libc::raise(libc::SIGSTOP);
        }
        loop {
            std::thread::sleep(Duration::from_secs(3600)); // where there is no SIGSTOP, or after SIGCONT
        }
    }
    n
}

/// A workload: a number in, a number out.
pub type Workload = fn(u64) -> u64;

/// Every workload a worker process can run, by name: the timed ones, then those that fail on
/// purpose for the tests.
pub const ALL: [(&str, Workload); 7] = [
    ("count_divisors", count_divisors),
    ("primes_below", primes_below),
    ("sum_of_squares", sum_of_squares),
    ("wait_ms", wait_ms),
    ("fail", fail),
    ("crash_on_zero", crash_on_zero),
    ("hang_on_zero", hang_on_zero),
];

/// The workload called `name`.
pub fn by_name(name: &str) -> Option<Workload> {
    ALL.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workloads_compute_what_they_say() {
        assert_eq!(count_divisors(12), 6); // 1 2 3 4 6 12
        assert_eq!(primes_below(20), 8); // 2 3 5 7 11 13 17 19
        assert_eq!(sum_of_squares(4), 14); // 0 + 1 + 4 + 9
        assert!(by_name("count_divisors").is_some() && by_name("nothing").is_none());
    }
}
