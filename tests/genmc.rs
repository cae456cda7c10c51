//! GenMC's litmus tests as rust-lang/miri keeps them, ported to racelab programs
//! (`tests/genmc/mod.rs`): rc11 must finish its search, count as many RC11-consistent executions
//! as GenMC reports, each built by one run of its own (none twice, none wasted), and reach no
//! outcome the original's final check rejects.

#[path = "genmc/mod.rs"]
mod genmc;

use std::time::Instant;

use libtest_mimic::{Arguments, Failed, Trial};
use racelab::outcome::Grade;
use racelab::rc11::{Rc11Config, explore};
use racelab::scenario::Scenario;

/// Schedules rc11 may run for one program: enough for the largest here to finish.
const BUDGET: u64 = 50_000_000;

/// Where rc11 and GenMC count differently, and why: rc11's count and the outcomes only rc11
/// reaches are asserted, and the reason stands here for a reviewer to judge.
const DIFFERENCES: &[(&str, u64, &[&str], &str)] = &[(
    "genmc_z6_u_weak",
    24,
    &["2, 0, 1, 3"],
    "RC11 (herdtools7's rc11.cat) and C++20 allow two executions GenMC forbids: the SeqCst \
     increment reads the release store of y, y = 3 lands last in y's modification order, and t3 \
     reads x = 0 (t2's load then reads 2, an outcome only these reach, or 3). herd7 7.57 with \
     rc11.cat counts 24 executions of Z6.U and lists this outcome (tests/herd/corpus.txt, \
     program Z6.U, asserted by tests/herd.rs), as GenMC's own test expected up to v0.9 \
     (tests/correct/litmus/Z6.U, 24; 22 from v0.10.0). GenMC 0.10 and later check Kater's \
     rc11-genmc.kat, whose psc has [SC]; po; hb; po; [SC] where rc11.cat has [SC]; sb|≠loc; hb; \
     sb|≠loc; [SC], and split an RMW into a read and a write: x = 1 po the release store sw the \
     increment's read po its write then orders x = 1 before the increment's write, closing the \
     cycle write, mo y = 3, sb read x, rb x = 1. herd7 with that one edit and RMWs split \
     (-variant NoRMW) counts GenMC's 22 (the corpus's rc11.cat+genmc-psc answer). In C++20 \
     x = 1 does not strongly happen before the increment (the release store is not SeqCst, and the \
     increment is one operation with nothing sequenced before it in its thread), so the order S \
     of SeqCst operations may put the increment first",
)];

fn main() {
    let args = Arguments::from_args();
    // Every consistency check is made both ways here, the fast one held to the axioms.
    racelab::rc11::trust::CROSS_CHECK.store(true, std::sync::atomic::Ordering::Relaxed);
    let trials = genmc::COUNTS
        .iter()
        .map(|&(scenario, count)| match DIFFERENCES.iter().find(|(id, _, _, _)| *id == scenario.id) {
            Some(&(_, ours, extra, _)) => {
                let name = format!("{}::rc11_counts_{ours}_where_genmc_counts_{count}", scenario.id);
                Trial::test(name, move || counts(scenario, ours, extra))
            }
            None => {
                let name = format!("{}::rc11_counts_{count}_executions", scenario.id);
                Trial::test(name, move || counts(scenario, count, &[]))
            }
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn counts(scenario: &'static Scenario, expected: u64, extra: &[&str]) -> Result<(), Failed> {
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
    if o.executions != expected {
        wrong.push(format!("rc11 counts {} executions where {expected} are expected", o.executions));
    }
    let forbidden: Vec<&String> = o
        .seen
        .keys()
        .filter(|id| variant.grade(id) == Grade::Forbidden && !extra.contains(&id.as_str()))
        .collect();
    if let Some(missing) = extra.iter().find(|id| !o.seen.contains_key(**id)) {
        wrong.push(format!("it did not reach \"{missing}\", which RC11 allows and GenMC does not"));
    }
    if !forbidden.is_empty() {
        wrong.push(format!("it reached outcomes the original rejects: {forbidden:?}"));
    }
    // TruSt's promise on a program that never blocks: each run builds one new execution.
    if o.duplicates > 0 || o.explored != o.executions {
        wrong.push(format!(
            "{} runs for {} executions, {} built twice: a run that builds nothing new",
            o.explored, o.executions, o.duplicates
        ));
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
