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
