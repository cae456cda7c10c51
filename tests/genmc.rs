//! GenMC's litmus tests as rust-lang/miri keeps them, ported to racelab programs
//! (`tests/genmc/mod.rs`): rc11 must finish its search, count as many RC11-consistent executions
//! as GenMC reports, and reach no outcome the original's final check rejects.

#[path = "genmc/mod.rs"]
mod genmc;

use std::time::Instant;

use libtest_mimic::{Arguments, Failed, Trial};
use racelab::outcome::Grade;
use racelab::rc11::{Rc11Config, explore};
use racelab::scenario::Scenario;

/// Schedules rc11 may run for one program: enough for the largest here to finish.
const BUDGET: u64 = 50_000_000;

/// Programs whose trial is ignored, and why: run them with `--ignored`. Times are `cargo test`'s
/// (dev profile, optimised), one trial at a time.
const IGNORED: &[(&str, &str)] = &[
    (
        "genmc_z6_u_weak",
        "mismatch: rc11 counts 24, GenMC 22: RC11 and C++20 allow Z6.U's weak outcome (the SeqCst increment reads the release store, x read 0, y = 3 last) in two executions; GenMC forbids them",
    ),
    ("genmc_detour_no_join", "rc11 fails on a thread never joined: an rc11 execution is running"),
    ("genmc_iriwish", "slow: 7.8 s, 44,932 schedules for 28 executions"),
    ("genmc_corr2", "slow: 7.1 s, 46,326 schedules for 72 executions"),
    ("genmc_fr_w_w_w_reads", "slow: 10.4 s, 57,080 schedules for 210 executions"),
    ("genmc_inc_inc_rr_w_rr", "slow: not finished after 1,000,000 schedules, 200 s in release"),
];

fn main() {
    let args = Arguments::from_args();
    let trials = genmc::COUNTS
        .iter()
        .map(|&(scenario, count)| {
            let name = format!("{}::rc11_counts_{count}_executions", scenario.id);
            let trial = Trial::test(name, move || counts(scenario, count));
            match IGNORED.iter().find(|(id, _)| *id == scenario.id) {
                Some((_, why)) => trial.with_ignored_flag(true).with_kind(*why),
                None => trial,
            }
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn counts(scenario: &'static Scenario, genmc: u64) -> Result<(), Failed> {
    let variant = &scenario.variants[0];
    let start = Instant::now();
    let o = explore(variant.program, &Rc11Config { max_explored: BUDGET, ..Rc11Config::default() });
    let took = start.elapsed();
    if let Some(why) = &o.not_run {
        return Err(format!("not run: {why}").into());
    }
    if let Some(failure) = &o.failure {
        return Err(failure.clone().into());
    }
    if !o.exhaustive {
        return Err(format!(
            "the search did not finish in {took:.0?}: {} executions found in {} schedules",
            o.executions, o.explored
        )
        .into());
    }
    let mut wrong = Vec::new();
    if o.executions != genmc {
        wrong.push(format!("rc11 counts {} executions where GenMC counts {genmc}", o.executions));
    }
    let forbidden: Vec<&String> = o.seen.keys().filter(|id| variant.grade(id) == Grade::Forbidden).collect();
    if !forbidden.is_empty() {
        wrong.push(format!("it reached outcomes the original rejects: {forbidden:?}"));
    }
    if !wrong.is_empty() {
        let seen: Vec<&String> = o.seen.keys().collect();
        return Err(
            format!("{} ({} schedules explored; outcomes {seen:?})", wrong.join("; "), o.explored).into()
        );
    }
    println!("{}: {} executions, {} explored, {:.2?}", scenario.id, o.executions, o.explored, took);
    Ok(())
}
