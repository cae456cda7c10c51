//! rc11 beside loom on the same programs: consistent executions a second, and how much rc11's
//! search explores per consistent execution (goal 1.0, GenMC's TruSt).
//!
//! `cargo bench --bench rc11_vs_loom`. Before timing, each program prints rc11's consistent
//! executions and schedules explored, and loom's executions with no preemption bound; criterion
//! then times one whole search of each (the two alternate, program by program). Executions a
//! second are the count divided by the median time.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use racelab::backend::loom::{LoomConfig, explore as loom_explore};
use racelab::rc11::{Rc11Config, explore as rc11_explore};
use racelab::scenario::Program;

/// The programs: catalogue litmus tests and a lock-based counter.
fn programs() -> Vec<(&'static str, &'static dyn Program)> {
    let find = |id: &str, variant: &str| {
        racelab::scenarios::find(id).and_then(|s| s.variant(variant)).expect("in the catalogue").program
    };
    vec![
        ("sb_relaxed", find("litmus_02_store_buffering", "broken")),
        ("mp_relaxed", find("litmus_01_message_passing", "broken")),
        ("mp_release_acquire", find("litmus_01_message_passing", "fixed")),
        ("counter_mutex", find("counter_02_mutex", "fixed")),
    ]
}

fn unbounded() -> LoomConfig {
    let mut config = LoomConfig::with_bound(2);
    config.unbounded = true;
    config
}

fn compare(c: &mut Criterion) {
    for (name, program) in programs() {
        let exact = rc11_explore(program, &Rc11Config::default());
        let loom = loom_explore(program, &unbounded());
        println!(
            "{name}: rc11 {} consistent executions, {} schedules explored ({:.2} per execution); loom {} executions",
            exact.executions,
            exact.explored,
            exact.explored as f64 / exact.executions.max(1) as f64,
            loom.executions
        );
        let mut group = c.benchmark_group(name);
        group.bench_function("rc11", |b| b.iter(|| black_box(rc11_explore(program, &Rc11Config::default()))));
        group.bench_function("loom", |b| b.iter(|| black_box(loom_explore(program, &unbounded()))));
        group.finish();
    }
}

criterion_group!(benches, compare);
criterion_main!(benches);
