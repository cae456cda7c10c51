//! Every scenario and variant on real OS threads, one at a time so that the actors have both
//! cores. Real threads show a race only when the machine lets them, so these tests assert what
//! holds however busy the machine is:
//! - every outcome the hardware produced is one the scenario declares;
//! - no correct variant shows a Forbidden outcome;
//! - the verdict is one real threads can give (`caught or missed` for a race, `passed` for correct
//!   code; see [`racelab::verdict::sight`]);
//! - a deadlock that happens in every trial ends as `hang`, the run carries on, and no racelab
//!   thread is left burning a core;
//! - a slow but correct actor is never a `hang`;
//! - a panic in `setup` ends the run as an outcome, never as a hang or an empty `verified`;
//! - a program with no actors is a clear error, not a crash.

mod common;

use std::sync::atomic::AtomicUsize as StdAtomicUsize;
use std::sync::atomic::Ordering as StdOrdering;
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use racelab::backend::Backend;
use racelab::backend::threads::{self, StressConfig};
use racelab::check::Checker;
use racelab::check::isolate::Isolation;
use racelab::check::{Settings, check};
use racelab::model::outcome::Grade;
use racelab::model::program::NO_ACTORS;
use racelab::prelude::*;
use racelab::verdict::Verdict;

fn main() {
    let mut args = Arguments::from_args();
    args.test_threads = Some(1); // stress runs need the cores to themselves
    let mut trials: Vec<Trial> = common::cases(Backend::Threads)
        .into_iter()
        .map(|case| Trial::test(case.name(), move || run(&case)))
        .collect();
    // A campaign (RACELAB_SEEDS=START..END): one more stress round of every variant per number in
    // the range. Real threads take no seed; the number only names the round, so that machines
    // given different ranges, or `cargo nextest run --partition`, share the rounds out.
    for round in common::campaign_seeds() {
        trials.extend(common::cases(Backend::Threads).into_iter().map(|case| {
            let name = format!("{}::{}::threads_round_{round}", case.scenario.id, case.variant.name);
            Trial::test(name, move || run(&case))
        }));
    }
    trials
        .push(Trial::test("watchdog::a_certain_deadlock_ends_as_hang_and_the_run_goes_on", certain_deadlock));
    trials.push(Trial::test("watchdog::after_a_hang_no_racelab_thread_burns_a_core", no_thread_burns_a_core));
    trials.push(Trial::test("watchdog::a_slow_correct_actor_is_not_a_hang", slow_actor_is_not_a_hang));
    trials.push(Trial::test(
        "setup::a_setup_that_always_panics_is_an_outcome_not_verified",
        setup_always_panics,
    ));
    trials.push(Trial::test(
        "setup::a_setup_panicking_for_one_actor_ends_the_run_without_a_hang",
        setup_panics_once,
    ));
    trials.push(Trial::test("setup::a_setup_failing_late_keeps_the_trials_before_it", setup_fails_late));
    trials.push(Trial::test("actors::a_program_with_no_actors_is_a_clear_error", no_actors));
    trials.push(Trial::test("verdict::a_run_of_no_trials_is_never_verified", no_trials));
    libtest_mimic::run(&args, trials).exit();
}

/// 50 ms of trials: what is asserted here holds at any duration (declared outcomes, no Forbidden
/// outcome for correct code). A deadlock is called after half a second without a step, thousands
/// of times a step's time even on a loaded machine, and what every deadlocking variant pays here.
fn stress() -> StressConfig {
    StressConfig {
        duration: Duration::from_millis(50),
        watchdog: Duration::from_millis(500),
        ..StressConfig::default()
    }
}

fn run(case: &common::Case) -> Result<(), Failed> {
    let checker = Checker::Isolated(Isolation::new(env!("CARGO_BIN_EXE_racelab")));
    let settings = Settings { stress: stress(), ..Settings::default() };
    let report = checker
        .check(case.scenario, case.variant, Backend::Threads, &settings)
        .expect("nothing interrupts a test run");
    let seen: Vec<&String> = report.observation.seen.keys().collect();
    if let Some(stranger) = seen.iter().find(|id| case.variant.declared(id).is_none()) {
        return Err(format!(
            "{}: real threads produced '{stranger}', which the scenario does not declare\n\n{}",
            case.location(),
            report.render()
        )
        .into());
    }
    let forbidden: Vec<_> = seen.iter().filter(|id| case.variant.grade(id) == Grade::Forbidden).collect();
    if case.variant.claim == Claim::Correct && !forbidden.is_empty() {
        return Err(format!(
            "{}: a correct variant showed {forbidden:?} on real threads\n\n{}",
            case.location(),
            report.render()
        )
        .into());
    }
    if !report.matches() {
        return Err(format!(
            "{}: verdict {} where {} was expected\n\n{}",
            case.location(),
            report.verdict,
            racelab::verdict::describe(report.expected_verdicts()),
            report.render()
        )
        .into());
    }
    Ok(())
}

/// Two locks, and each actor waits until the other holds its first before taking its second:
/// every trial deadlocks, whatever the scheduler does.
struct Crossed {
    a: Mutex<()>,
    b: Mutex<()>,
    holding: AtomicUsize,
}

fn hold_then_take(first: &Mutex<()>, second: &Mutex<()>, holding: &AtomicUsize) {
    let _first = first.lock().unwrap();
    holding.fetch_add(1, SeqCst);
    while holding.load(SeqCst) < 2 {
        thread::yield_now();
    }
    let _second = second.lock().unwrap();
}

static CROSSED: Actors<Crossed, ()> = Actors {
    setup: || Crossed { a: Mutex::new(()), b: Mutex::new(()), holding: AtomicUsize::new(0) },
    actors: &[
        Actor { name: "t1", run: |s| hold_then_take(&s.a, &s.b, &s.holding) },
        Actor { name: "t2", run: |s| hold_then_take(&s.b, &s.a, &s.holding) },
    ],
    observe: |_, _| Outcome::label("finished"),
};

fn certain_deadlock() -> Result<(), Failed> {
    let run = threads::stress(&CROSSED, &stress());
    let outcomes: Vec<String> = run.counts.iter().map(|(o, _)| o.id()).collect();
    if outcomes != ["hang"] {
        return Err(format!("expected only `hang`, saw {outcomes:?}").into());
    }
    // Carrying on: the stuck threads stay blocked, and a new run on real threads still works.
    let next = threads::stress(&CROSSED, &stress());
    if next.counts.iter().map(|(o, _)| o.id()).collect::<Vec<_>>() != ["hang"] {
        return Err("a second run after a hang did not run".into());
    }
    Ok(())
}

/// The ids of a run's outcomes, in the order first seen.
fn ids(run: &threads::StressRun) -> Vec<String> {
    run.counts.iter().map(|(o, _)| o.id()).collect()
}

/// Each `racelab-*` thread of this process, with the CPU time it has used, in clock ticks.
fn racelab_threads() -> Vec<(String, u64)> {
    let mut threads = Vec::new();
    for task in std::fs::read_dir("/proc/self/task").expect("Linux's /proc") {
        let path = task.expect("a task").path();
        let Ok(stat) = std::fs::read_to_string(path.join("stat")) else {
            continue; // the thread has just exited
        };
        // `tid (name) state ...`: utime and stime are the 12th and 13th fields after the name.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else { continue };
        let name = &stat[open + 1..close];
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        if name.starts_with("racelab-") && fields.len() > 12 {
            let ticks = fields[11].parse::<u64>().unwrap_or(0) + fields[12].parse::<u64>().unwrap_or(0);
            threads.push((format!("{} {name}", path.display()), ticks));
        }
    }
    threads
}

/// t1 blocks forever in its first trial; t2 finishes its batch and waits for t1 at the meeting.
static ONE_STUCK: Actors<(), ()> = Actors {
    setup: || (),
    actors: &[
        Actor {
            name: "t1",
            run: |_| loop {
                std::thread::park();
            },
        },
        Actor { name: "t2", run: |_| {} },
    ],
    observe: |_, _| Outcome::label("finished"),
};

/// After a hang, the thread waiting at the meeting leaves and the stuck one stays blocked: none
/// of the run's threads still alive uses any CPU time.
fn no_thread_burns_a_core() -> Result<(), Failed> {
    let run = threads::stress(&ONE_STUCK, &stress());
    if ids(&run) != ["hang"] {
        return Err(format!("expected only `hang`, saw {:?}", ids(&run)).into());
    }
    let before = racelab_threads();
    std::thread::sleep(Duration::from_millis(300));
    let after = racelab_threads();
    let burning: Vec<_> = after
        .iter()
        .filter(|(name, ticks)| before.iter().any(|(n, t)| n == name && t < ticks))
        .map(|(name, _)| name)
        .collect();
    if !burning.is_empty() {
        return Err(format!("threads still using CPU time after the hang: {burning:?}").into());
    }
    Ok(())
}

/// Each call takes 3 ms: the first batch (one stride, 256 states) takes most of a second, four
/// times the watchdog, yet every call is progress.
static SLOW: Actors<AtomicUsize, ()> = Actors {
    setup: || AtomicUsize::new(0),
    actors: &[Actor { name: "t1", run: slow_increment }, Actor { name: "t2", run: slow_increment }],
    observe: |c, _| Outcome::value(c.load(SeqCst) as i64),
};

fn slow_increment(c: &AtomicUsize) {
    std::thread::sleep(Duration::from_millis(3));
    c.fetch_add(1, SeqCst);
}

fn slow_actor_is_not_a_hang() -> Result<(), Failed> {
    let config = StressConfig {
        duration: Duration::from_millis(1),
        watchdog: Duration::from_millis(200),
        batch: 256,
        stride: 256,
        ..StressConfig::default()
    };
    let run = threads::stress(&SLOW, &config);
    if ids(&run) != ["2"] || run.trials < 256 {
        return Err(
            format!("expected a whole batch of `2`, saw {:?} in {} trials", run.counts, run.trials).into()
        );
    }
    Ok(())
}

fn always_fails() -> AtomicUsize {
    panic!("no state today")
}

static SETUP_PANICS: Actors<AtomicUsize, ()> = Actors {
    setup: always_fails,
    actors: &[
        Actor {
            name: "t1",
            run: |c| {
                c.fetch_add(1, SeqCst);
            },
        },
        Actor { name: "t2", run: |_| {} },
    ],
    observe: |c, _| Outcome::value(c.load(SeqCst) as i64),
};

/// A scenario around one test program, so that `check` can grade it: a correct claim, `1` acceptable.
macro_rules! scenario_of {
    ($name:ident, $program:expr) => {
        static $name: Scenario = Scenario {
            id: "test_01_program",
            title: "a test program",
            intent: "a test program",
            explanation: "a test program",
            preemption_bound: None,
            variants: &[Variant {
                name: "fixed",
                claim: Claim::Correct,
                outcomes: &[outcome("1", Acceptable, "one increment")],
                otherwise: Forbidden,
                program: $program,
            }],
        };
    };
}

scenario_of!(SETUP_PANICS_SCENARIO, &SETUP_PANICS);

fn setup_always_panics() -> Result<(), Failed> {
    let report = check(
        &SETUP_PANICS_SCENARIO,
        &SETUP_PANICS_SCENARIO.variants[0],
        Backend::Threads,
        &Settings { stress: stress(), ..Settings::default() },
    );
    let seen: Vec<&String> = report.observation.seen.keys().collect();
    if seen != ["panic: in setup: no state today"] || report.observation.executions == 0 {
        return Err(format!("expected only the setup's panic, counted\n\n{}", report.render()).into());
    }
    if matches!(report.verdict, Verdict::Verified | Verdict::Passed) {
        return Err(format!("a program that never ran was verified\n\n{}", report.render()).into());
    }
    Ok(())
}

/// `setup` fails only on t2's thread: t1's chunk is built, t2's is not.
static SETUP_PANICS_FOR_T2: Actors<AtomicUsize, ()> = Actors {
    setup: || {
        if std::thread::current().name() == Some("racelab-t2") {
            panic!("no state on t2");
        }
        AtomicUsize::new(0)
    },
    actors: &[Actor { name: "t1", run: |_| {} }, Actor { name: "t2", run: |_| {} }],
    observe: |c, _| Outcome::value(c.load(SeqCst) as i64),
};

fn setup_panics_once() -> Result<(), Failed> {
    let run = threads::stress(&SETUP_PANICS_FOR_T2, &stress());
    if ids(&run) != ["panic: in setup: no state on t2"] {
        return Err(format!("expected only the setup's panic, saw {:?}", ids(&run)).into());
    }
    Ok(())
}

/// `setup` fails on its 5,000th call, long after the first batch: the run ends at the next meeting.
static SETUP_CALLS: StdAtomicUsize = StdAtomicUsize::new(0);

static SETUP_FAILS_LATE: Actors<AtomicUsize, ()> = Actors {
    setup: || {
        if SETUP_CALLS.fetch_add(1, StdOrdering::Relaxed) == 5_000 {
            panic!("out of states");
        }
        AtomicUsize::new(0)
    },
    actors: &[Actor { name: "t1", run: |_| {} }, Actor { name: "t2", run: |_| {} }],
    observe: |c, _| Outcome::value(c.load(SeqCst) as i64),
};

fn setup_fails_late() -> Result<(), Failed> {
    let config = StressConfig { duration: Duration::from_secs(60), ..stress() };
    let run = threads::stress(&SETUP_FAILS_LATE, &config);
    let panics = run.counts.iter().filter(|(o, _)| o.id() == "panic: in setup: out of states").count();
    if panics != 1 || ids(&run).contains(&"hang".to_string()) || !ids(&run).contains(&"0".to_string()) {
        return Err(format!("expected trials of `0`, then the setup's panic, saw {:?}", run.counts).into());
    }
    Ok(())
}

static NO_ACTORS_PROGRAM: Actors<AtomicUsize, ()> =
    Actors { setup: || AtomicUsize::new(0), actors: &[], observe: |_, _| Outcome::value(1) };

scenario_of!(NO_ACTORS_SCENARIO, &NO_ACTORS_PROGRAM);

/// Every backend answers a program with no actors with one clear outcome, and `check` says why it
/// ran nothing; nothing divides by zero or indexes an empty list.
fn no_actors() -> Result<(), Failed> {
    let outcome = format!("panic: {NO_ACTORS}");
    let run = threads::stress(&NO_ACTORS_PROGRAM, &stress());
    if ids(&run) != [outcome.as_str()] {
        return Err(format!("threads: expected `{outcome}`, saw {:?}", ids(&run)).into());
    }
    let loom = racelab::backend::loom::explore(
        &NO_ACTORS_PROGRAM,
        &racelab::backend::loom::LoomConfig::with_bound(2),
    );
    let shuttle = racelab::backend::shuttle::explore(
        "test_01_program",
        "fixed",
        &NO_ACTORS_PROGRAM,
        &Default::default(),
    );
    for (name, o) in [("loom", &loom), ("shuttle", &shuttle)] {
        if o.seen.keys().collect::<Vec<_>>() != [&outcome] {
            return Err(format!("{name}: expected `{outcome}`, saw {:?}", o.seen.keys()).into());
        }
    }
    for backend in Backend::ALL {
        let report = check(
            &NO_ACTORS_SCENARIO,
            &NO_ACTORS_SCENARIO.variants[0],
            backend,
            &Settings { stress: stress(), ..Settings::default() },
        );
        if report.verdict != Verdict::Inconclusive || !report.render().contains(NO_ACTORS) {
            return Err(format!("{backend}: expected a clear error\n\n{}", report.render()).into());
        }
    }
    Ok(())
}

static QUICK_BODY: Body = Body { threads: &["main"], run: || Outcome::value(1) };

scenario_of!(QUICK_BODY_SCENARIO, &QUICK_BODY);

/// A budget of no time runs no trial: nothing was seen, so nothing is verified.
fn no_trials() -> Result<(), Failed> {
    let settings =
        Settings { stress: StressConfig { duration: Duration::ZERO, ..stress() }, ..Settings::default() };
    let report = check(&QUICK_BODY_SCENARIO, &QUICK_BODY_SCENARIO.variants[0], Backend::Threads, &settings);
    if report.observation.executions != 0 || report.verdict != Verdict::Inconclusive {
        return Err(format!("expected an inconclusive run of no trials\n\n{}", report.render()).into());
    }
    Ok(())
}
