//! The rc11 backend on the literature programs: every RC11-consistent execution, counted once,
//! and each outcome reachable exactly when the model allows it (herd7's verdicts under `rc11.cat`,
//! as `tests/herd.rs` records them: SB+rel+acq Sometimes, SB+sc Never, IRIW+sc Never, 2+2W+rel
//! Sometimes).

#[path = "literature/mod.rs"]
mod literature;

use racelab::backend::Observation;
use racelab::backend::rc11::{Rc11Config, explore};
use racelab::model::scenario::Scenario;
use racelab::prelude::*;

fn rc11(scenario: &'static Scenario) -> Observation {
    explore(scenario.variants[0].program, &Rc11Config::default())
}

fn reached(o: &Observation, id: &str) -> bool {
    o.seen.contains_key(id)
}

#[test]
fn store_buffering_with_release_acquire_reaches_0_0_in_4_executions() {
    let o = rc11(&literature::SB_RELEASE_ACQUIRE);
    assert!(o.exhaustive);
    assert_eq!(o.executions, 4, "GenMC counts 4 for SB");
    assert!(reached(&o, "0, 0"));
}

#[test]
fn store_buffering_with_seqcst_never_reaches_0_0_in_its_3_executions() {
    let o = rc11(&literature::SB_SEQ_CST);
    assert!(o.exhaustive);
    assert_eq!(o.executions, 3);
    assert!(!reached(&o, "0, 0"), "SB+sc: Never");
}

#[test]
fn mixed_store_buffering_with_relaxed_loads_reaches_0_0() {
    let o = rc11(&literature::SB_MIXED);
    assert_eq!(o.executions, 4);
    assert!(reached(&o, "0, 0"), "relaxed loads may read the initial values");
}

#[test]
fn iriw_with_seqcst_never_lets_the_readers_disagree() {
    let o = rc11(&literature::IRIW_SEQ_CST);
    assert!(o.exhaustive);
    assert!(!reached(&o, "10, 10"), "IRIW+sc: Never");
    assert_eq!(o.executions, 15, "each reader's two reads: 16 pairs of pairs, less the forbidden one");
    assert!(o.explored >= o.executions, "explored counts every schedule run");
}

#[test]
fn two_plus_two_w_with_release_stores_lands_each_first_store_last() {
    let o = rc11(&literature::TWO_PLUS_TWO_W_RELEASE);
    assert_eq!(o.executions, 4, "GenMC counts 4 for 2+2W with release stores (weak)");
    assert!(reached(&o, "1, 1"), "2+2W+rel: Sometimes");
}

#[test]
fn locks_order_their_users_so_the_ten_preemption_bug_is_found_in_every_lock_order() {
    let o = rc11(&literature::FIB);
    assert!(o.exhaustive);
    assert_eq!(o.executions, 252, "ten lock acquisitions, five per thread: 10 choose 5 orders");
    assert!(reached(&o, "144 reached"), "strict alternation is one of them");
}

#[test]
fn a_lock_order_deadlock_is_an_outcome_with_the_two_clean_orders() {
    let o = rc11(&literature::FORKS);
    assert_eq!(o.executions, 3);
    assert!(reached(&o, "deadlock") && reached(&o, "4"));
}

#[test]
fn a_missed_wake_up_is_a_deadlock_and_a_notification_after_the_wait_wakes() {
    let o = rc11(&literature::FLAG_THEN_WAIT);
    assert!(reached(&o, "deadlock"));
    // The flag read down, then the wait, then the notification: woken without reading the flag up.
    assert_eq!(o.executions, 3, "flag read up; read down and notified too early; read down and woken");
}

#[test]
fn a_correct_condvar_hand_off_is_verified() {
    let o = rc11(&literature::QUEUE_HANDOFF);
    assert!(o.exhaustive);
    assert_eq!(o.seen.keys().collect::<Vec<_>>(), ["7"]);
}

#[test]
fn a_select_that_drops_its_worker_at_an_await_loses_the_job_and_every_order_of_timer_and_worker_is_found() {
    let scenario = racelab::scenarios::find("async_03_cancellation").expect("in the catalogue");
    let o = rc11(scenario);
    assert!(o.exhaustive && o.not_run.is_none() && o.failure.is_none(), "{o:?}");
    assert_eq!(o.duplicates, 0);
    // The timer's end before the first poll, between the two, and after the worker's second.
    assert_eq!(o.seen.keys().collect::<Vec<_>>(), ["0, 0", "0, 1", "1, 0"]);
}

/// A task stores 1 with `Relaxed`, and the main task loads it, after awaiting the task's handle
/// or without awaiting it.
fn task_store(awaited: bool) -> racelab::model::outcome::Outcome {
    use racelab::sync::atomic::AtomicUsize;
    racelab::task::block_on(async move {
        let x = Arc::new(AtomicUsize::named("x", 0));
        let y = x.clone();
        let handle = racelab::task::spawn_named(Some("task"), async move { y.store(1, Relaxed) });
        if awaited {
            handle.await.expect("the task does not panic");
        }
        racelab::model::outcome::Outcome::value(x.load(Relaxed) as i64)
    })
}

static AWAITED: racelab::program::Body =
    racelab::program::Body { threads: &["task"], run: || task_store(true) };
static NOT_AWAITED: racelab::program::Body =
    racelab::program::Body { threads: &["task"], run: || task_store(false) };

#[test]
fn awaiting_a_task_makes_everything_it_did_happen_before_what_follows_and_not_awaiting_it_does_not() {
    let awaited = explore(&AWAITED, &Rc11Config::default());
    assert!(awaited.exhaustive && awaited.duplicates == 0, "{awaited:?}");
    assert_eq!(awaited.seen.keys().collect::<Vec<_>>(), ["1"], "the task's end is read with acquire");
    let not_awaited = explore(&NOT_AWAITED, &Rc11Config::default());
    assert!(not_awaited.exhaustive && not_awaited.duplicates == 0, "{not_awaited:?}");
    assert_eq!(not_awaited.seen.keys().collect::<Vec<_>>(), ["0", "1"], "nothing orders the two");
}

/// Message passing where the reader spins until the flag is up: one location for data, one flag.
struct Spin {
    data: racelab::sync::atomic::AtomicUsize,
    flag: racelab::sync::atomic::AtomicUsize,
}

fn spin_state() -> Spin {
    use racelab::sync::atomic::AtomicUsize;
    Spin { data: AtomicUsize::named("data", 0), flag: AtomicUsize::named("flag", 0) }
}

fn spin_then_read(s: &Spin) -> i64 {
    use racelab::prelude::{Acquire, Relaxed};
    while s.flag.load(Acquire) == 0 {}
    s.data.load(Relaxed) as i64
}

static SPIN_MP: racelab::program::Actors<Spin, i64> = racelab::program::Actors {
    setup: spin_state,
    actors: &[
        racelab::program::Actor {
            name: "writer",
            run: |s| {
                use racelab::prelude::{Relaxed, Release};
                s.data.store(1, Relaxed);
                s.flag.store(1, Release);
                0
            },
        },
        racelab::program::Actor { name: "reader", run: spin_then_read },
    ],
    observe: |_, r| racelab::model::outcome::Outcome::value(r[1]),
};

#[test]
fn a_spin_loop_blocks_at_its_bound_until_the_flag_is_written_and_every_outcome_is_found() {
    let o = explore(&SPIN_MP, &Rc11Config::default());
    assert!(o.exhaustive, "{o:?}");
    assert_eq!(
        o.seen.keys().collect::<Vec<_>>(),
        ["1"],
        "release/acquire: the data is there once the flag is"
    );
    assert_eq!(
        o.executions,
        racelab::rc11::run::SPIN_BOUND as u64,
        "the reader sees the flag up after 0 to SPIN_BOUND - 1 reads of it down"
    );
}

static SPIN_FOREVER: racelab::program::Actors<Spin, i64> = racelab::program::Actors {
    setup: spin_state,
    actors: &[racelab::program::Actor { name: "reader", run: spin_then_read }],
    observe: |_, r| racelab::model::outcome::Outcome::value(r[0]),
};

#[test]
fn a_spin_loop_that_nothing_ends_is_a_hang_never_a_stuck_search() {
    let o = explore(&SPIN_FOREVER, &Rc11Config::default());
    assert_eq!(o.seen.keys().collect::<Vec<_>>(), ["hang"], "{o:?}");
}

/// The main thread spawns a writer of x it never joins, then reads x and returns.
fn read_beside_an_unjoined_writer() -> Outcome {
    let x = Arc::new(AtomicUsize::named("x", 0));
    let writer = x.clone();
    drop(thread::spawn(move || writer.store(1, Relaxed)));
    Outcome::value(x.load(Relaxed) as i64)
}

static UNJOINED: Body = Body { threads: &["writer"], run: read_beside_an_unjoined_writer };

#[test]
fn a_thread_never_joined_runs_to_its_end_within_the_execution() {
    let o = explore(&UNJOINED, &Rc11Config::default());
    assert_eq!(o.failure, None);
    assert!(o.exhaustive);
    assert_eq!(o.executions, 2, "the read takes the initial 0 or the writer's 1");
    assert!(reached(&o, "0") && reached(&o, "1"));
}

/// The search's shortcuts (a new event in a graph with no `SeqCst` skips the whole consistency
/// check) held to the whole check on the programs with the most locks and wake-ups: the thread
/// pools of the catalogue, 200 runs each, every check made both ways. (The GenMC suite does the
/// same for atomics alone.) A disagreement fails the search; a graph built twice is counted.
#[test]
fn the_searchs_shortcuts_agree_with_the_whole_check_on_a_pool() {
    racelab::rc11::trust::CROSS_CHECK.store(true, std::sync::atomic::Ordering::Relaxed);
    for (id, variant) in [("worker_01_panic_surfaces", "broken"), ("order_01_map_vs_as_completed", "broken")]
    {
        let program =
            racelab::scenarios::find(id).and_then(|s| s.variant(variant)).expect("in the catalogue").program;
        let o = explore(program, &Rc11Config { max_explored: 200, ..Rc11Config::default() });
        assert_eq!(o.failure, None, "{id} {variant}");
        assert_eq!(o.duplicates, 0, "{id} {variant}");
        assert!(o.executions > 50, "{id} {variant}: {} executions in 200 runs", o.executions);
    }
}

/// A lock one actor takes and never gives back, and another actor's destructor that takes it
/// while that actor unwinds a panic.
struct HeldLock {
    m: racelab::sync::Mutex<i64>,
}

/// Takes the lock when dropped.
struct LockOnDrop<'a>(&'a racelab::sync::Mutex<i64>);

impl Drop for LockOnDrop<'_> {
    fn drop(&mut self) {
        drop(self.0.lock());
    }
}

static LOCK_WHILE_UNWINDING: racelab::program::Actors<HeldLock, i64> = racelab::program::Actors {
    setup: || HeldLock { m: racelab::sync::Mutex::named("m", 0) },
    actors: &[
        racelab::program::Actor {
            name: "panicker",
            run: |s| {
                let _on_drop = LockOnDrop(&s.m);
                panic!("boom");
            },
        },
        racelab::program::Actor {
            name: "keeper",
            run: |s| {
                std::mem::forget(s.m.lock());
                0
            },
        },
    ],
    observe: |_, r| racelab::model::outcome::Outcome::value(r[1]),
};

/// A run that ends with a thread blocked inside a destructor, while it unwinds a panic, cannot
/// have that thread leave its code as the other threads of a finished run do
/// (`rc11::run::RunOver`): shuttle's teardown unwinds it, and the search goes on to the next run.
#[test]
fn a_thread_blocked_while_it_unwinds_a_panic_ends_with_its_run() {
    let o = explore(&LOCK_WHILE_UNWINDING, &Rc11Config::default());
    assert_eq!(o.failure, None, "{o:?}");
    assert!(o.exhaustive, "{o:?}");
    assert!(reached(&o, "deadlock"), "the keeper first: the panicker's destructor waits for ever: {o:?}");
    assert_eq!(o.executions, 2, "{:?}", o.seen.keys().collect::<Vec<_>>());
}

/// Message passing between two async tasks: one stores the data then raises the flag with
/// `flag_order`, the other reads the flag with `read_order`, then the data.
fn tasks_message_passing(flag_order: Ordering, read_order: Ordering) -> racelab::model::outcome::Outcome {
    use racelab::sync::atomic::AtomicUsize;
    racelab::task::block_on(async move {
        let (data, flag) = (Arc::new(AtomicUsize::named("data", 0)), Arc::new(AtomicUsize::named("flag", 0)));
        let (d, f) = (data.clone(), flag.clone());
        let writer = racelab::task::spawn_named(Some("writer"), async move {
            d.store(1, Relaxed);
            f.store(1, flag_order);
        });
        let reader = racelab::task::spawn_named(Some("reader"), async move {
            let seen = flag.load(read_order);
            (seen, data.load(Relaxed))
        });
        writer.await.expect("no panic");
        let (seen, got) = reader.await.expect("no panic");
        racelab::model::outcome::Outcome::values([seen as i64, got as i64])
    })
}

static TASKS_MP_RELAXED: racelab::program::Body = racelab::program::Body {
    threads: &["writer", "reader"],
    run: || tasks_message_passing(Relaxed, Relaxed),
};
static TASKS_MP_RELEASE_ACQUIRE: racelab::program::Body = racelab::program::Body {
    threads: &["writer", "reader"],
    run: || tasks_message_passing(Release, Acquire),
};

#[test]
fn async_tasks_are_threads_of_the_memory_model_so_relaxed_message_passing_between_them_is_weak() {
    let relaxed = explore(&TASKS_MP_RELAXED, &Rc11Config::default());
    assert!(relaxed.exhaustive && relaxed.duplicates == 0, "{relaxed:?}");
    assert_eq!(relaxed.seen.keys().collect::<Vec<_>>(), ["0, 0", "0, 1", "1, 0", "1, 1"]);
    let fixed = explore(&TASKS_MP_RELEASE_ACQUIRE, &Rc11Config::default());
    assert!(fixed.exhaustive && fixed.duplicates == 0, "{fixed:?}");
    assert_eq!(fixed.seen.keys().collect::<Vec<_>>(), ["0, 0", "0, 1", "1, 1"], "release/acquire");
}

/// A task that panics: its handle gives the panic as an error.
static PANICKING_TASK: racelab::program::Body = racelab::program::Body {
    threads: &["task"],
    run: || {
        racelab::task::block_on(async {
            let handle = racelab::task::spawn_named(Some("task"), async { panic!("boom") });
            match handle.await {
                Ok(()) => racelab::model::outcome::Outcome::label("returned"),
                Err(e) if e.message == "boom" => racelab::model::outcome::Outcome::label("panicked: boom"),
                Err(_) => racelab::model::outcome::Outcome::label("another error"),
            }
        })
    },
};

#[test]
fn a_task_that_panics_gives_its_handle_the_panic() {
    let o = explore(&PANICKING_TASK, &Rc11Config::default());
    assert!(o.exhaustive && o.failure.is_none(), "{o:?}");
    assert_eq!(o.seen.keys().collect::<Vec<_>>(), ["panicked: boom"]);
}

/// The main task holds a lock while it awaits a task that takes the same lock.
static AWAIT_UNDER_LOCK: racelab::program::Body = racelab::program::Body {
    threads: &["task"],
    run: || {
        racelab::task::block_on(async {
            let lock = Arc::new(Mutex::named("lock", 0));
            let held = lock.lock().unwrap();
            let theirs = lock.clone();
            let handle =
                racelab::task::spawn_named(Some("task"), async move { *theirs.lock().unwrap() += 1 });
            handle.await.expect("no panic");
            racelab::model::outcome::Outcome::value(*held)
        })
    },
};

#[test]
fn awaiting_a_task_that_waits_for_a_lock_the_awaiter_holds_is_a_deadlock() {
    let o = explore(&AWAIT_UNDER_LOCK, &Rc11Config::default());
    assert!(o.exhaustive && o.failure.is_none(), "{o:?}");
    assert_eq!(o.seen.keys().collect::<Vec<_>>(), ["deadlock"]);
}

/// GenMC's Mutex test as rust-lang/miri keeps it (`tests/genmc/pass/intercept/mutex_simple.rs`,
/// revision `reps2`, at commit 9a2ec6983a9c99b09aadc2b42dfaf821904c36c6), in racelab's words: the
/// main thread takes the lock, finds `try_lock` fails while it holds it and succeeds once it is
/// free, then two threads each take it twice, adding 2 and 4 under it; joined, the total is 12.
fn mutex_simple() -> Outcome {
    let lock = Arc::new(Mutex::named("lock", [1234u64; 2]));
    {
        let mut held = lock.lock().unwrap();
        held[0] = 0;
        held[1] = 10;
        assert!(lock.try_lock().is_err(), "try_lock succeeds on a lock held");
    }
    assert!(lock.try_lock().is_ok(), "try_lock fails on a free lock");
    let threads: Vec<_> = [2u64, 4]
        .into_iter()
        .map(|add| {
            let lock = lock.clone();
            thread::spawn(move || {
                for _ in 0..2 {
                    lock.lock().unwrap()[0] += add;
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let held = lock.lock().unwrap();
    Outcome::values([held[0] as i64, held[1] as i64])
}

static MUTEX_SIMPLE: Body = Body { threads: &["t1", "t2"], run: mutex_simple };

/// GenMC counts 6 executions (the revision's `.stderr`): the orders of four critical sections, two
/// of each thread; and none blocked, the original says, thanks to Miri telling GenMC when a lock's
/// read blocks. rc11 runs none blocked either: one run per execution.
#[test]
fn mutex_simple_counts_the_6_executions_genmc_counts_in_6_runs() {
    let o = explore(&MUTEX_SIMPLE, &Rc11Config::default());
    assert!(o.exhaustive && o.failure.is_none(), "{o:?}");
    assert_eq!(o.executions, 6, "GenMC counts 6 for mutex_simple reps2");
    assert_eq!((o.explored, o.duplicates), (6, 0), "runs explored, graphs built twice");
    assert_eq!(o.seen.keys().collect::<Vec<_>>(), ["12, 10"]);
}
