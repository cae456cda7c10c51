//! The user-style suite: programs in the shapes of public benchmarks, one variant each, nothing
//! declared but the claim and the graded outcomes (`tests/literature/mod.rs`). Each is checked as
//! `racelab check ID` checks a scenario named alone: every backend, each in a child process, with
//! the default budget of a named check; the combined verdict must be the literature's answer, and
//! where backends disagree, the disagreement must be classified as the table in
//! `src/report/combined.rs` says. (chance and red flag, which need a backend to be unlucky or wrong, are
//! tested on made-up reports in `src/report/combined.rs`.)

#[path = "literature/mod.rs"]
mod literature;

use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use racelab::backend::Backend;
use racelab::backend::shuttle::Schedulers;
use racelab::check::Checker;
use racelab::check::isolate::{self, Isolation};
use racelab::check::{Settings, quick_settings};
use racelab::model::scenario::Scenario;
use racelab::report::Report;
use racelab::report::combined::{Class, Combined};
use racelab::verdict::Verdict;

/// The class each program's disagreements must include, where the literature's answer makes one
/// certain: loom's `SeqCst` artefact refuted, shuttle blind to a weak behaviour.
const CLASSES: &[(&str, Class)] = &[
    ("lit_02_sb_seqcst", Class::OverApproximation),
    ("lit_03_sb_release_acquire", Class::BlindSpot),
    ("lit_05_iriw_seqcst", Class::OverApproximation),
    ("lit_06_2_2w_release", Class::BlindSpot),
    ("lit_11_hidden_std_atomic", Class::RedFlag),
];

fn main() {
    isolate::serve_if_child(literature::find);
    let args = Arguments::from_args();
    let mut trials: Vec<Trial> = literature::ANSWERS
        .iter()
        .map(|&(scenario, answer)| {
            let class = CLASSES.iter().find(|(id, _)| *id == scenario.id).map(|(_, c)| *c);
            let name = match class {
                Some(class) => {
                    format!("{}::combined_is_{answer}_classified_{}", scenario.id, slug(&class.to_string()))
                }
                None => format!("{}::combined_is_{answer}", scenario.id),
            };
            Trial::test(name, move || answered(scenario, answer, class))
        })
        .collect();
    trials.push(Trial::test("lit_01_fib_alternation::found_only_past_the_bound_is_depth", depth));
    libtest_mimic::run(&args, trials).exit();
}

/// Settings as `racelab check ID` has them, with less real-thread time.
fn named_check() -> Settings {
    let mut settings = quick_settings();
    settings.stress.duration = Duration::from_millis(100);
    settings.widen = Some(racelab::check::widen::default_time(true));
    settings
}

fn every_backend(scenario: &'static Scenario, settings: &Settings) -> Result<Vec<Report>, Failed> {
    let checker = Isolation::current().map(Checker::Isolated).map_err(|e| e.to_string())?;
    Backend::ALL
        .into_iter()
        .map(|b| checker.check(scenario, &scenario.variants[0], b, settings))
        .collect::<Result<_, _>>()
        .map_err(|_| "interrupted".into())
}

fn answered(scenario: &'static Scenario, answer: Verdict, class: Option<Class>) -> Result<(), Failed> {
    let reports = every_backend(scenario, &named_check())?;
    let combined = Combined::new(reports.iter().collect());
    if combined.verdict != answer {
        return Err(format!(
            "combined {} where the literature says {answer}\n\n{}",
            combined.verdict,
            combined.render()
        )
        .into());
    }
    if let Some(class) = class
        && !combined.disagreements.iter().any(|d| d.class == class)
    {
        return Err(format!("no disagreement classified {class}\n\n{}", combined.render()).into());
    }
    Ok(())
}

/// The ten-preemption bug, with shuttle on PCT alone (PCT at depth 3 never reached strict
/// alternation, even in 1,000,000 iterations, measured as `src/check/widen.rs` tells): only loom's
/// search past its bound finds it, and the report says so.
fn depth() -> Result<(), Failed> {
    let mut settings = named_check();
    settings.shuttle.schedulers = Schedulers::Pct;
    let scenario = &literature::FIB;
    let reports: Vec<Report> = every_backend(scenario, &settings)?
        .into_iter()
        .filter(|r| r.observation.backend != Backend::Threads)
        .collect();
    let combined = Combined::new(reports.iter().collect());
    let depth = combined.disagreements.iter().find(|d| d.outcome == "144 reached");
    match depth {
        Some(d) if d.class == Class::Depth && combined.verdict == Verdict::Violated => Ok(()),
        _ => Err(format!("expected a depth disagreement on \"144 reached\"\n\n{}", combined.render()).into()),
    }
}

fn slug(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
}
