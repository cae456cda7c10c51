//! GenMC's litmus tests as rust-lang/miri keeps them, ported to racelab programs in the catalogue
//! (`scenarios/90_genmc/`, listed with GenMC's counts in [`racelab::scenarios::GENMC`]): for each
//! variant rc11 must finish its search, count as many RC11-consistent executions as GenMC reports,
//! each built by one run of its own (none twice, none wasted), and reach no outcome the original's
//! final check rejects.

use std::time::Instant;

use libtest_mimic::{Arguments, Failed, Trial};
use racelab::backend::rc11::{Rc11Config, explore};
use racelab::model::outcome::Grade;
use racelab::model::scenario::{Scenario, Variant};
use racelab::scenarios::{GENMC, INDEX};

/// Schedules rc11 may run for one program: enough for the largest here to finish.
const BUDGET: u64 = 50_000_000;

/// Where rc11 and GenMC count differently (scenario, variant, rc11's count, the outcomes only
/// rc11 reaches), and why: rc11's count and those outcomes are asserted, and the reason stands
/// here for a reviewer to judge.
const DIFFERENCES: &[(&str, &str, u64, &[&str], &str)] = &[(
    "genmc_17_z6_u",
    "weak",
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
    let mut trials: Vec<Trial> = GENMC
        .iter()
        .flat_map(|&(scenario, counts)| {
            counts.iter().map(move |&(variant, count)| (scenario, variant, count))
        })
        .map(|(scenario, name, count)| {
            let variant =
                scenario.variant(name).unwrap_or_else(|| panic!("{}: no variant {name}", scenario.id));
            let id = scenario.id;
            match DIFFERENCES.iter().find(|(s, v, _, _, _)| (*s, *v) == (id, name)) {
                Some(&(_, _, ours, extra, _)) => {
                    let test = format!("{id}::{name}::rc11_counts_{ours}_where_genmc_counts_{count}");
                    Trial::test(test, move || counts(scenario, variant, ours, extra))
                }
                None => {
                    let test = format!("{id}::{name}::rc11_counts_{count}_executions");
                    Trial::test(test, move || counts(scenario, variant, count, &[]))
                }
            }
        })
        .collect();
    trials
        .push(Trial::test("genmc::every_program_of_the_topic_has_its_counts", every_program_has_its_counts));
    trials
        .push(Trial::test("genmc::every_rc11_snapshot_shows_the_asserted_count", snapshots_show_the_counts));
    libtest_mimic::run(&args, trials).exit();
}

/// `GENMC` lists every scenario of `scenarios/90_genmc/`, once, in catalogue order, with one count
/// for each of its variants and none for a variant it lacks; and the topic holds the 40 programs.
fn every_program_has_its_counts() -> Result<(), Failed> {
    let topic = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/90_genmc");
    let in_topic: Vec<&str> =
        INDEX.iter().map(|s| s.id).filter(|id| topic.join(format!("{id}.rs")).is_file()).collect();
    let listed: Vec<&str> = GENMC.iter().map(|(s, _)| s.id).collect();
    if listed != in_topic {
        return Err(format!("GENMC lists {listed:?}, the topic holds {in_topic:?} (in INDEX order)").into());
    }
    for (scenario, counts) in GENMC {
        let named: Vec<&str> = counts.iter().map(|(v, _)| *v).collect();
        let variants: Vec<&str> = scenario.variants.iter().map(|v| v.name).collect();
        if named != variants {
            return Err(format!("{}: counts for {named:?}, variants {variants:?}", scenario.id).into());
        }
    }
    let programs: usize = GENMC.iter().map(|(_, counts)| counts.len()).sum();
    if programs != 40 {
        return Err(
            format!("{programs} programs, where Miri keeps 40 GenMC litmus tests and revisions").into()
        );
    }
    Ok(())
}

/// The count rc11 must reach on one variant: GenMC's, or where [`DIFFERENCES`] says why, rc11's own.
fn expected_count(id: &str, variant: &str, genmc: u64) -> u64 {
    DIFFERENCES.iter().find(|(s, v, _, _, _)| (*s, *v) == (id, variant)).map_or(genmc, |d| d.2)
}

/// The reviewed rc11 snapshot of every variant (`tests/snapshots/`, compared by
/// `tests/catalogue.rs`) heads its report with the count asserted here, every execution explored
/// once: a snapshot accepted with another count fails here.
fn snapshots_show_the_counts() -> Result<(), Failed> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut wrong = Vec::new();
    for (scenario, counts) in GENMC {
        for &(variant, genmc) in *counts {
            let name = format!("{}.{variant}.rc11.snap", scenario.id);
            let text = std::fs::read_to_string(dir.join(&name)).map_err(|e| format!("{name}: {e}"))?;
            let n = expected_count(scenario.id, variant, genmc);
            let head = format!(
                "{} · {variant} · rc11 (exact, every RC11-consistent execution) · {n} executions ({n} explored)\n",
                scenario.id
            );
            if !text.contains(&head) {
                wrong.push(format!("{name} does not open its report with `{}`", head.trim_end()));
            }
        }
    }
    if wrong.is_empty() { Ok(()) } else { Err(wrong.join("\n").into()) }
}

fn counts(scenario: &Scenario, variant: &Variant, expected: u64, extra: &[&str]) -> Result<(), Failed> {
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
    println!(
        "{} {}: {} executions, {} explored, {:.2?}",
        scenario.id, variant.name, o.executions, o.explored, took
    );
    Ok(())
}
