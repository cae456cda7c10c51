//! The facade keeps std's semantics on every engine.

use racelab::backend::loom::{LoomConfig, explore as loom_explore};
use racelab::backend::shuttle::{ShuttleConfig, explore as shuttle_explore};
use racelab::backend::threads::{StressConfig, stress};
use racelab::prelude::*;
use racelab::sync::mpsc;

/// Spawns a thread that panics, joins it, and reports what `join()` returned.
fn join_a_panicking_thread() -> Outcome {
    let handle = thread::spawn(|| -> u32 { panic!("worker failed") });
    match handle.join() {
        Ok(_) => Outcome::label("ok"),
        Err(payload) if payload.downcast_ref::<&str>() == Some(&"worker failed") => Outcome::label("err"),
        Err(_) => Outcome::label("err with another payload"),
    }
}

static PANICKING_JOIN: Body = Body { threads: &["worker"], run: join_a_panicking_thread };

fn ids(o: &racelab::backend::Observation) -> Vec<&str> {
    o.seen.keys().map(String::as_str).collect()
}

#[test]
fn a_panicking_thread_makes_join_return_err_under_loom() {
    let o = loom_explore(&PANICKING_JOIN, &LoomConfig::with_bound(2));
    assert_eq!(ids(&o), ["err"]);
    assert!(o.exhaustive);
}

#[test]
fn a_panicking_thread_makes_join_return_err_under_shuttle() {
    let o = shuttle_explore(
        "facade",
        "join",
        &PANICKING_JOIN,
        &ShuttleConfig { iterations: 50, ..Default::default() },
    );
    assert_eq!(ids(&o), ["err"]);
    assert_eq!(o.seen["err"].counts[0], 50, "every random iteration joined an Err");
    assert!(o.failure.is_none(), "PCT's refusal of a choiceless program is a note, not a failure");
}

#[test]
fn a_panicking_thread_makes_join_return_err_on_std() {
    let run = stress(
        &PANICKING_JOIN,
        &StressConfig { duration: std::time::Duration::from_millis(20), ..Default::default() },
    );
    assert_eq!(run.counts.iter().map(|(o, _)| o.id()).collect::<Vec<_>>(), ["err"]);
}

/// A thread panics while holding the lock; the next `lock()` must say so.
fn poison_a_lock() -> Outcome {
    let m = Arc::new(Mutex::new(0));
    let m2 = m.clone();
    let _ = thread::spawn(move || {
        let _guard = m2.lock().unwrap();
        panic!("holding the lock");
    })
    .join();
    Outcome::label(if m.lock().is_err() { "poisoned" } else { "clean" })
}

static POISON: Body = Body { threads: &["holder"], run: poison_a_lock };

#[test]
fn a_panic_under_a_lock_poisons_it_under_shuttle_and_std() {
    let o =
        shuttle_explore("facade", "poison", &POISON, &ShuttleConfig { iterations: 20, ..Default::default() });
    assert_eq!(ids(&o), ["poisoned"]);
    let run = stress(
        &POISON,
        &StressConfig { duration: std::time::Duration::from_millis(20), ..Default::default() },
    );
    assert_eq!(run.counts.iter().map(|(o, _)| o.id()).collect::<Vec<_>>(), ["poisoned"]);
}

/// The channel reports a disconnected sender as std's does, on every engine.
fn drain_a_channel() -> Outcome {
    let (tx, rx) = mpsc::channel();
    let producer = thread::spawn(move || {
        tx.send(1).unwrap();
        tx.send(2).unwrap();
    });
    let received: Vec<i64> = rx.iter().collect();
    producer.join().unwrap();
    Outcome::label(if received == [1, 2] { "in order, then disconnected" } else { "wrong" })
}

static CHANNEL: Body = Body { threads: &["producer"], run: drain_a_channel };

#[test]
fn a_channel_delivers_in_order_then_disconnects_on_every_engine() {
    let expected = ["in order, then disconnected"];
    assert_eq!(ids(&loom_explore(&CHANNEL, &LoomConfig::with_bound(2))), expected);
    assert_eq!(ids(&shuttle_explore("facade", "channel", &CHANNEL, &ShuttleConfig::default())), expected);
    let run = stress(
        &CHANNEL,
        &StressConfig { duration: std::time::Duration::from_millis(20), ..Default::default() },
    );
    assert_eq!(run.counts.iter().map(|(o, _)| o.id()).collect::<Vec<_>>(), expected);
}

/// Two threads race to initialise one `OnceLock`, counting how often the initialiser runs:
/// the outcome is `runs, value seen by the spawned thread, value seen by main`.
fn race_to_initialise() -> Outcome {
    let cell = Arc::new(racelab::sync::OnceLock::named("cell"));
    let runs = Arc::new(AtomicUsize::named("runs", 0));
    let init = |runs: &AtomicUsize| {
        runs.fetch_add(1, SeqCst);
        7
    };
    let (c, r) = (cell.clone(), runs.clone());
    let other = thread::spawn(move || *c.get_or_init(|| init(&r)));
    let mine = *cell.get_or_init(|| init(&runs));
    let theirs = other.join().unwrap();
    Outcome::values([runs.load(SeqCst) as i64, theirs, mine])
}

static ONCE_LOCK_RACE: Body = Body { threads: &["other"], run: race_to_initialise };

#[test]
fn a_once_lock_runs_its_initialiser_once_and_everyone_sees_the_value_on_every_engine() {
    let loom = loom_explore(&ONCE_LOCK_RACE, &LoomConfig::with_bound(2));
    assert_eq!(ids(&loom), ["1, 7, 7"]);
    assert!(loom.exhaustive);
    let shuttle = shuttle_explore(
        "facade",
        "once_lock",
        &ONCE_LOCK_RACE,
        &ShuttleConfig { iterations: 50, ..Default::default() },
    );
    assert_eq!(ids(&shuttle), ["1, 7, 7"]);
    let std = stress(
        &ONCE_LOCK_RACE,
        &StressConfig { duration: std::time::Duration::from_millis(20), ..Default::default() },
    );
    assert_eq!(std.counts.iter().map(|(o, _)| o.id()).collect::<Vec<_>>(), ["1, 7, 7"]);
    let empty = racelab::sync::OnceLock::<i64>::new();
    assert_eq!(empty.get(), None, "nothing written yet");
    assert_eq!(*empty.get_or_init(|| 3), 3);
    assert_eq!(*empty.get_or_init(|| 4), 3, "written once");
}

/// Two tasks that each yield once, raced in a select: the outcome names the winner.
fn race_two_tasks() -> Outcome {
    use racelab::task::{self, Either};
    task::block_on(async {
        let a = task::spawn_named(Some("a"), async { task::yield_now().await });
        let b = task::spawn_named(Some("b"), async { task::yield_now().await });
        match task::select(a, b).await {
            Either::Left(_) => Outcome::label("a won"),
            Either::Right(_) => Outcome::label("b won"),
        }
    })
}

static SELECT_RACE: Body = Body { threads: &["a", "b"], run: race_two_tasks };

#[test]
fn a_select_of_two_tasks_is_won_by_either_under_shuttle_and_by_the_first_polled_on_tokio() {
    let shuttle = shuttle_explore(
        "facade",
        "select",
        &SELECT_RACE,
        &ShuttleConfig { iterations: 100, ..Default::default() },
    );
    assert_eq!(ids(&shuttle), ["a won", "b won"], "the schedule decides which task finishes first");
    let witness = shuttle.seen["b won"].witness.as_ref().unwrap().render();
    assert!(
        witness.contains("select -> right ready, left dropped"),
        "the trace shows the cancellation:\n{witness}"
    );
    // tokio's current-thread runtime runs spawned tasks in the order they were spawned: both are
    // done by the time the select looks again, and the first branch is polled first.
    assert_eq!(race_two_tasks().id(), "a won");
}

/// Sets its flag when dropped.
struct SetOnDrop(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Drop for SetOnDrop {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// A select whose loser holds a guard across an await it never comes back from: the outcome
/// says whether the guard's destructor ran, and whether the loser went past its await.
fn drop_the_loser() -> Outcome {
    use racelab::task;
    use std::sync::atomic::{AtomicBool, Ordering};
    let (dropped, resumed) =
        (std::sync::Arc::new(AtomicBool::new(false)), std::sync::Arc::new(AtomicBool::new(false)));
    let won = task::block_on(async {
        let loser = {
            let (dropped, resumed) = (dropped.clone(), resumed.clone());
            async move {
                let _guard = SetOnDrop(dropped);
                task::yield_now().await;
                task::yield_now().await;
                resumed.store(true, Ordering::SeqCst);
            }
        };
        let winner = task::yield_now();
        // A block handler needs no comma, as in tokio's select!.
        racelab::select! {
            _ = loser => { "the loser won" }
            _ = winner => "the winner won",
        }
    });
    let label = match (won, dropped.load(Ordering::SeqCst), resumed.load(Ordering::SeqCst)) {
        ("the winner won", true, false) => "dropped at its await",
        ("the winner won", false, _) => "the loser was not dropped",
        ("the winner won", true, true) => "the loser ran past its await",
        _ => "the loser won",
    };
    Outcome::label(label)
}

static DROP_THE_LOSER: Body = Body { threads: &[], run: drop_the_loser };

#[test]
fn a_select_drops_the_loser_at_its_await_and_runs_its_destructors_under_shuttle_and_tokio() {
    let shuttle = shuttle_explore(
        "facade",
        "drop",
        &DROP_THE_LOSER,
        &ShuttleConfig { iterations: 20, ..Default::default() },
    );
    assert_eq!(ids(&shuttle), ["dropped at its await"]);
    assert_eq!(drop_the_loser().id(), "dropped at its await", "on tokio");
}

#[test]
fn a_select_takes_the_first_future_when_both_are_ready() {
    use racelab::task::{self, Either};
    let both_ready = task::block_on(task::select(async { 1 }, async { 2 }));
    assert_eq!(both_ready, Either::Left(1));
    let only_second = task::block_on(task::select(std::future::pending::<i32>(), async { 2 }));
    assert_eq!(only_second, Either::Right(2));
}
