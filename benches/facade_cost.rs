//! What the facade costs: a scenario explored by racelab's loom backend, against the same code
//! written directly for loom, same preemption bound, same shape (one spawned thread, the other
//! actor on the model's main thread), so both explore the same executions.
//!
//! `cargo bench --bench facade_cost`; the ratio of the two medians is the facade's overhead per
//! execution, trace recording included. Each benchmark first prints its execution count: equal
//! counts mean the two explore the same space.

use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use criterion::{Criterion, criterion_group, criterion_main};
use racelab::backend::loom::{LoomConfig, explore};
use racelab::scenarios;

const BOUND: usize = 2;

/// counter_01_lost_update, broken, written against loom directly.
fn direct_lost_update() -> usize {
    static EXECUTIONS: AtomicUsize = AtomicUsize::new(0);
    EXECUTIONS.store(0, SeqCst);
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(BOUND);
    builder.check(|| {
        EXECUTIONS.fetch_add(1, SeqCst);
        let counter = std::sync::Arc::new(loom::sync::atomic::AtomicUsize::new(0));
        let other = counter.clone();
        let t2 = loom::thread::spawn(move || {
            let v = other.load(SeqCst);
            other.store(v + 1, SeqCst);
        });
        let v = counter.load(SeqCst);
        counter.store(v + 1, SeqCst);
        t2.join().unwrap();
        black_box(counter.load(SeqCst));
    });
    EXECUTIONS.load(SeqCst)
}

/// section_01_check_then_act, broken, written against loom directly.
fn direct_check_then_act() -> usize {
    static EXECUTIONS: AtomicUsize = AtomicUsize::new(0);
    EXECUTIONS.store(0, SeqCst);
    fn withdraw(balance: &loom::sync::Mutex<i64>) -> bool {
        let enough = *balance.lock().unwrap() >= 80;
        if enough {
            *balance.lock().unwrap() -= 80;
        }
        enough
    }
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(BOUND);
    builder.check(|| {
        EXECUTIONS.fetch_add(1, SeqCst);
        let balance = std::sync::Arc::new(loom::sync::Mutex::new(100i64));
        let other = balance.clone();
        let t2 = loom::thread::spawn(move || withdraw(&other));
        black_box(withdraw(&balance));
        black_box(t2.join().unwrap());
        black_box(*balance.lock().unwrap());
    });
    EXECUTIONS.load(SeqCst)
}

fn through_racelab(id: &str) -> u64 {
    let program = scenarios::find(id).unwrap().variant("broken").unwrap().program;
    explore(program, &LoomConfig::with_bound(BOUND)).executions
}

fn facade_cost(c: &mut Criterion) {
    for (id, direct) in [
        ("counter_01_lost_update", direct_lost_update as fn() -> usize),
        ("section_01_check_then_act", direct_check_then_act),
    ] {
        println!("{id}: racelab {} executions, direct loom {} executions", through_racelab(id), direct());
        let mut group = c.benchmark_group(id);
        group.bench_function("direct loom", |b| b.iter(direct));
        group.bench_function("racelab", |b| b.iter(|| through_racelab(id)));
        group.finish();
    }
}

criterion_group!(benches, facade_cost);
criterion_main!(benches);
