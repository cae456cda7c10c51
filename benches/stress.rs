//! Real-thread stress throughput: trials a second, and witnesses (the outcome that shows the bug)
//! a second, of the threads backend on the two programs `../shared/bench/compare-stress` measures
//! against a hand-written harness: the racy counter (counter_01_lost_update, broken; witness `1`)
//! and store buffering with Relaxed accesses (litmus_02_store_buffering, broken; witness `0, 0`).
//!
//! `cargo bench --bench stress` runs 5 rounds of 1 s each, alternating the two programs so that
//! both see the same noise, and prints every round, then the median and the spread of each.
//! `cargo bench --bench stress -- 2000 9` runs 9 rounds of 2 s. The actors need both cores: on a
//! busy machine the numbers fall by orders of magnitude, so read them beside `uptime`.

use std::time::Duration;

use racelab::backend::threads::{StressConfig, stress};
use racelab::scenarios;

/// A program of the catalogue, and the outcome that shows its bug.
struct Program {
    scenario: &'static str,
    variant: &'static str,
    witness: &'static str,
}

const PROGRAMS: [Program; 2] = [
    Program { scenario: "counter_01_lost_update", variant: "broken", witness: "1" },
    Program { scenario: "litmus_02_store_buffering", variant: "broken", witness: "0, 0" },
];

/// One round of one program.
struct Round {
    trials_per_s: f64,
    witnesses_per_s: f64,
}

fn main() {
    // `cargo bench` passes `--bench`; any numbers are the round length in ms, then the rounds.
    let numbers: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let millis = numbers.first().copied().unwrap_or(1000);
    let rounds = numbers.get(1).copied().unwrap_or(5).max(1);
    let config = StressConfig { duration: Duration::from_millis(millis), ..StressConfig::default() };
    println!("stress throughput: {rounds} rounds of {millis} ms, alternating the programs");
    let mut seen: Vec<Vec<Round>> = PROGRAMS.iter().map(|_| Vec::new()).collect();
    for round in 1..=rounds {
        for (program, seen) in PROGRAMS.iter().zip(&mut seen) {
            let variant = scenarios::find(program.scenario)
                .and_then(|s| s.variant(program.variant))
                .expect("the program is in the catalogue");
            let run = stress(variant.program, &config);
            let seconds = run.elapsed.as_secs_f64();
            let witnesses: u64 =
                run.counts.iter().filter(|(o, _)| o.id() == program.witness).map(|(_, n)| n).sum();
            let r = Round {
                trials_per_s: run.trials as f64 / seconds,
                witnesses_per_s: witnesses as f64 / seconds,
            };
            println!(
                "round {round}  {:<36} {:>9} trials/s  {:>9} witnesses/s  ({:.2}% of trials)  {}",
                format!("{} {}", program.scenario, program.variant),
                millions(r.trials_per_s),
                millions(r.witnesses_per_s),
                100.0 * witnesses as f64 / run.trials.max(1) as f64,
                run.setting
            );
            seen.push(r);
        }
    }
    println!();
    for (program, seen) in PROGRAMS.iter().zip(&seen) {
        let (trials, trials_spread) = median_and_spread(seen.iter().map(|r| r.trials_per_s).collect());
        let (witnesses, witnesses_spread) =
            median_and_spread(seen.iter().map(|r| r.witnesses_per_s).collect());
        println!(
            "median  {:<36} {:>9} trials/s (±{:.0}%)  {:>9} witnesses/s (±{:.0}%)  witness `{}`",
            format!("{} {}", program.scenario, program.variant),
            millions(trials),
            trials_spread,
            millions(witnesses),
            witnesses_spread,
            program.witness
        );
    }
}

/// The median, and half the range between the smallest and the largest as a percentage of it.
fn median_and_spread(mut values: Vec<f64>) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let median = values[values.len() / 2];
    let spread = (values[values.len() - 1] - values[0]) / 2.0;
    (median, if median > 0.0 { 100.0 * spread / median } else { 0.0 })
}

fn millions(per_s: f64) -> String {
    format!("{:.2} M", per_s / 1e6)
}
