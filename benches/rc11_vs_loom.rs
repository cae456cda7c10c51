//! rc11 beside loom on the same programs: consistent executions a second, and how much rc11's
//! search explores per consistent execution (goal 1.0, GenMC's TruSt).
//!
//! `cargo bench --bench rc11_vs_loom`. First a table: per program, rc11's consistent executions,
//! its runs explored and their ratio, and each checker's executions a second (its count over the
//! median of whole searches timed alternately, rc11 then loom, round by round), with rc11's
//! spread; then criterion times one whole search of each, to show a regression.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use racelab::backend::loom::{LoomConfig, explore as loom_explore};
use racelab::backend::rc11::{Rc11Config, explore as rc11_explore};
use racelab::model::program::Program;

/// The programs: catalogue litmus tests, a lock-based counter, and a thread pool (whose loom
/// search keeps the scenario's preemption bound: with none it does not end in reasonable time).
fn programs() -> Vec<(&'static str, &'static dyn Program, LoomConfig)> {
    let find = |id: &str, variant: &str| {
        racelab::scenarios::find(id).and_then(|s| s.variant(variant)).expect("in the catalogue").program
    };
    vec![
        ("sb_relaxed", find("litmus_02_store_buffering", "broken"), unbounded()),
        ("mp_relaxed", find("litmus_01_message_passing", "broken"), unbounded()),
        ("mp_release_acquire", find("litmus_01_message_passing", "fixed"), unbounded()),
        ("counter_mutex", find("counter_02_mutex", "fixed"), unbounded()),
        ("pool_panic", find("worker_01_panic_surfaces", "broken"), LoomConfig::with_bound(2)),
    ]
}

fn unbounded() -> LoomConfig {
    let mut config = LoomConfig::with_bound(2);
    config.unbounded = true;
    config
}

/// The median and the spread (lowest, highest) of `rounds` timings of `f`, in seconds.
fn timed(rounds: usize, mut f: impl FnMut()) -> Vec<f64> {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect()
}

fn median(mut xs: Vec<f64>) -> (f64, f64, f64) {
    xs.sort_by(f64::total_cmp);
    (xs[xs.len() / 2], xs[0], xs[xs.len() - 1])
}

/// Executions a second of each checker, timed alternately round by round (these machines are
/// shared and noisy), printed as a table before criterion's own timings; `search time` is how
/// many times faster rc11 finishes its whole search than loom (loom counts schedules, rc11 graphs,
/// so a program has fewer rc11 executions).
fn table() {
    println!(
        "{:<20} {:>10} {:>10} {:>9} {:>12} {:>12} {:>10} {:>12}",
        "program",
        "rc11 execs",
        "explored",
        "ratio",
        "rc11 exec/s",
        "loom exec/s",
        "rc11÷loom",
        "search time"
    );
    for (name, program, loom_config) in programs() {
        let exact = rc11_explore(program, &Rc11Config::default());
        let loom = loom_explore(program, &loom_config);
        let rounds = if exact.executions > 1_000 { 3 } else { 21 };
        let (mut rc11_times, mut loom_times) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            rc11_times.extend(timed(1, || drop(black_box(rc11_explore(program, &Rc11Config::default())))));
            loom_times.extend(timed(1, || drop(black_box(loom_explore(program, &loom_config)))));
        }
        let (rc11_s, rc11_lo, rc11_hi) = median(rc11_times);
        let (loom_s, _, _) = median(loom_times);
        let rc11_rate = exact.executions as f64 / rc11_s;
        let loom_rate = loom.executions as f64 / loom_s;
        println!(
            "{name:<20} {:>10} {:>10} {:>9.2} {:>12.0} {:>12.0} {:>10.2} {:>11.2}×   (rc11 {:.1}–{:.1} ms over {rounds} rounds; loom {} executions)",
            exact.executions,
            exact.explored,
            exact.explored as f64 / exact.executions.max(1) as f64,
            rc11_rate,
            loom_rate,
            rc11_rate / loom_rate,
            loom_s / rc11_s,
            rc11_lo * 1e3,
            rc11_hi * 1e3,
            loom.executions,
        );
    }
}

fn compare(c: &mut Criterion) {
    table();
    for (name, program, loom_config) in programs() {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        group.bench_function("rc11", |b| b.iter(|| black_box(rc11_explore(program, &Rc11Config::default()))));
        group.bench_function("loom", |b| b.iter(|| black_box(loom_explore(program, &loom_config))));
        group.finish();
    }
}

criterion_group!(benches, compare);
criterion_main!(benches);
