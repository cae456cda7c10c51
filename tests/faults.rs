//! The fault suite: scenarios that crash, hang, exit or outgrow a checker, on every backend. Each
//! case asserts the outcome its check ends in, and that a healthy check run right after it in the
//! same process still gets its report: no fault takes a run down.

#[path = "faults/mod.rs"]
mod faults;

use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use racelab::backend::Backend;
use racelab::backend::threads::StressConfig;
use racelab::check::Checker;
use racelab::check::Settings;
use racelab::check::isolate::{self, Isolation};
use racelab::model::scenario::Scenario;
use racelab::verdict::Verdict;

/// The outcome each fault must end in, per backend: loom, shuttle, threads, rc11.
const EXPECTED: &[(&str, [&str; 4])] = &[
    (
        "fault_01_spin_on_std_atomic",
        ["timed out after 1 s", "timed out after 1 s", "hang", "timed out after 1 s"],
    ),
    ("fault_02_sleep", ["timed out after 1 s", "timed out after 1 s", "hang", "timed out after 1 s"]),
    ("fault_03_exit", ["exited: 3", "exited: 3", "exited: 3", "exited: 3"]),
    ("fault_04_abort", ["crashed: SIGABRT", "crashed: SIGABRT", "crashed: SIGABRT", "crashed: SIGABRT"]),
    (
        "fault_05_stack_overflow",
        ["crashed: stack overflow", "crashed: SIGSEGV", "crashed: SIGABRT", "crashed: SIGSEGV"],
    ),
    ("fault_06_segfault", ["crashed: SIGSEGV", "crashed: SIGSEGV", "crashed: SIGSEGV", "crashed: SIGSEGV"]),
    ("fault_07_leaked_blocked_thread", ["deadlock", "deadlock", "finished", "deadlock"]),
    (
        "fault_08_forty_threads",
        [
            "checker limit: loom runs at most 5 threads",
            "finished",
            "finished",
            "checker limit: an execution of more than 128 events",
        ],
    ),
    (
        "fault_09_setup_panics",
        [
            "panic: in setup: setup failed",
            "panic: in setup: setup failed",
            "panic: in setup: setup failed",
            "panic: in setup: setup failed",
        ],
    ),
    (
        "fault_10_many_interleavings",
        [
            "checker limit: loom's budget of 50 executions",
            "finished",
            "finished",
            "checker limit: rc11's budget of 50 runs",
        ],
    ),
    (
        "fault_11_endless_facade_loop",
        [
            "checker limit: loom explores at most 10000 scheduling branches per execution",
            "hang",
            "hang",
            "hang",
        ],
    ),
    ("fault_12_exit_zero", ["exited: 0", "exited: 0", "exited: 0", "exited: 0"]),
    ("fault_13_sigkill", ["crashed: SIGKILL", "crashed: SIGKILL", "crashed: SIGKILL", "crashed: SIGKILL"]),
    (
        "fault_14_non_string_panic",
        [
            "panic: non-string panic payload",
            "panic: non-string panic payload",
            "panic: non-string panic payload",
            "panic: non-string panic payload",
        ],
    ),
    ("fault_15_orphan_process", ["finished", "finished", "finished", "finished"]),
    (
        "fault_16_observer_panics",
        [
            "panic: in observe: observer failed",
            "panic: in observe: observer failed",
            "panic: in observe: observer failed",
            "panic: in observe: observer failed",
        ],
    ),
];

/// The outcome each fault of a process actor must end in on the processes backend: what the
/// observer saw of each actor's end, or what racelab made of the trial.
const EXPECTED_ON_PROCESSES: &[(&str, &str)] = &[
    ("fault_18_process_actor_sleeps", "hang"),
    ("fault_19_process_actor_aborts", "t1: SIGABRT, t2: exit 0"),
    ("fault_20_process_actor_exits", "t1: exit 3, t2: exit 0"),
    ("fault_21_process_actor_panics", "t1: exit 101, t2: exit 0"),
    ("fault_22_process_actor_segfaults", "t1: SIGSEGV, t2: exit 0"),
    ("fault_23_process_setup_panics", "panic: in setup: setup failed"),
];

/// The hidden argument that makes this binary a parent running fault_17's check, until killed.
const HOLD: &str = "__hold_check";

fn main() {
    isolate::serve_if_child(faults::find);
    if std::env::args().nth(1).as_deref() == Some(HOLD) {
        let checker = Isolation::current().map(Checker::Isolated).expect("this binary");
        let _ = checker.check(&faults::HELD, &faults::HELD.variants[0], Backend::Loom, &Settings::default());
        return;
    }
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    for (id, outcomes) in EXPECTED {
        let scenario = faults::find(id).expect("every expectation names a fixture");
        for (backend, outcome) in Backend::EVERY.into_iter().zip(*outcomes) {
            let name = format!("{id}::{backend}_ends_as_{}", slug(outcome));
            trials.push(Trial::test(name, move || contained(scenario, backend, outcome)));
        }
    }
    for (id, outcome) in EXPECTED_ON_PROCESSES {
        let scenario = faults::find(id).expect("every expectation names a fixture");
        let name = format!("{id}::processes_ends_as_{}", slug(outcome));
        trials.push(Trial::test(name, move || contained(scenario, Backend::Processes, outcome)));
    }
    trials.push(Trial::test(
        "fault_17_parent_dies::a_killed_parent_leaves_nothing_the_check_started",
        parent_dies,
    ));
    libtest_mimic::run(&args, trials).exit();
}

/// The pids of live processes whose command line holds `marker`.
fn processes_with(marker: &str) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let zombie = stat.rfind(')').is_some_and(|i| stat[i..].starts_with(") Z"));
        if !zombie && String::from_utf8_lossy(&cmdline).contains(marker) {
            found.push(pid);
        }
    }
    found
}

/// A parent killed outright (SIGKILL: no handler runs) while its check runs: the check dies by
/// `PR_SET_PDEATHSIG`, and the process the scenario started dies by the lifeline.
fn parent_dies() -> Result<(), Failed> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut parent = std::process::Command::new(exe).arg(HOLD).spawn().map_err(|e| e.to_string())?;
    let start = std::time::Instant::now();
    while processes_with(faults::HELD_SLEEP).is_empty() {
        if start.elapsed() > Duration::from_secs(30) {
            let _ = parent.kill();
            return Err("the held check never started its process".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    parent.kill().map_err(|e| e.to_string())?;
    parent.wait().map_err(|e| e.to_string())?;
    if !gone(faults::HELD_SLEEP, Duration::from_secs(10)) {
        return Err("a process the check started outlived racelab".into());
    }
    Ok(())
}

fn slug(outcome: &str) -> String {
    let mut s: String = outcome
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    s.truncate(40);
    s.trim_end_matches('_').to_string()
}

/// Quick settings: a fault's timeout is what a test pays for it, so the deadline is short.
fn settings() -> Settings {
    let mut settings = Settings {
        stress: StressConfig {
            duration: Duration::from_millis(100),
            watchdog: Duration::from_millis(300),
            batch: 64,
            ..StressConfig::default()
        },
        timeout: Some(Duration::from_secs(2)),
        ..Settings::default()
    };
    settings.shuttle.iterations = 50;
    settings
}

/// The quick settings, with loom's and rc11's budgets small enough to run out on fault_10, and a
/// deadline of 1 s: the faults that never end wait for it (a tiny fixture's check takes
/// milliseconds), and the healthy check after each keeps the 2 s of `settings`.
fn budget_of_50() -> Settings {
    Settings {
        loom_max_executions: Some(50),
        rc11_max_explored: Some(50),
        timeout: Some(Duration::from_secs(1)),
        ..settings()
    }
}

/// Whether every `sleep` process fault_15 started is gone (they die with their check's process
/// group; the poll allows for the kernel's reaping).
fn orphans_gone(backend: Backend) -> bool {
    let engine = match backend {
        Backend::Loom => racelab::rt::Engine::Loom,
        Backend::Shuttle => racelab::rt::Engine::Shuttle,
        Backend::Rc11 => racelab::rt::Engine::Rc11,
        Backend::Threads | Backend::Processes => racelab::rt::Engine::Std,
    };
    gone(&faults::orphan_sleep(engine), Duration::from_secs(5))
}

/// Whether every live process whose command line holds `marker` is gone within `within` (the
/// poll allows for the kernel's reaping).
fn gone(marker: &str, within: Duration) -> bool {
    let start = std::time::Instant::now();
    while !processes_with(marker).is_empty() {
        if start.elapsed() > within {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

fn contained(scenario: &'static Scenario, backend: Backend, expected: &str) -> Result<(), Failed> {
    let checker = Isolation::current().map(Checker::Isolated).map_err(|e| e.to_string())?;
    let variant = &scenario.variants[0];
    let report = checker.check(scenario, variant, backend, &budget_of_50()).map_err(|_| "interrupted")?;
    let seen: Vec<&String> = report.observation.seen.keys().collect();
    if !seen.iter().any(|id| *id == expected) {
        return Err(format!("expected the outcome '{expected}', saw {seen:?}\n\n{}", report.render()).into());
    }
    let verdicts: &[Verdict] = match expected {
        "finished" => &[Verdict::Verified, Verdict::Passed],
        limit if racelab::model::outcome::says_nothing(limit) => &[Verdict::Inconclusive],
        _ => &[Verdict::Violated],
    };
    if !verdicts.contains(&report.verdict) {
        return Err(format!(
            "verdict {} where {verdicts:?} was expected\n\n{}",
            report.verdict,
            report.render()
        )
        .into());
    }
    if scenario.id == faults::ORPHAN.id && !orphans_gone(backend) {
        return Err("a process the scenario started outlived its check".into());
    }
    let actors = format!("\"scenario\":\"{}\"", scenario.id);
    if backend == Backend::Processes && !gone(&actors, Duration::from_secs(5)) {
        return Err(format!("an actor process of {} outlived its check", scenario.id).into());
    }
    // The run goes on: a healthy check, right after, in the same process, gets its report.
    let (healthy, fixed) = if backend == Backend::Processes {
        ("process_01_shared_file", "locked")
    } else {
        ("counter_02_mutex", "fixed")
    };
    let healthy = faults::find(healthy).expect("the catalogue is served too");
    let fixed = healthy.variant(fixed).expect("a fixed variant");
    let next = checker.check(healthy, fixed, backend, &settings()).map_err(|_| "interrupted")?;
    if ![Verdict::Verified, Verdict::Passed].contains(&next.verdict) {
        return Err(format!("the check after the fault did not run cleanly\n\n{}", next.render()).into());
    }
    Ok(())
}
