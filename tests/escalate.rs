//! A bug that needs about ten preemptions (the shape of SV-COMP's fib_bench): loom's default bound
//! of two cannot reach it; the wider search a budget buys does, and says so.

use racelab::backend::Backend;
use racelab::check::{Settings, check, quick_settings};
use racelab::prelude::*;
use racelab::verdict::Verdict;

/// Two numbers under one lock, each thread adding the other's into its own five times.
struct Fib {
    pair: Mutex<(i64, i64)>,
}

fn grow_i(f: &Fib) {
    for _ in 0..5 {
        let mut p = f.pair.lock().unwrap();
        p.0 += p.1;
    }
}

fn grow_j(f: &Fib) {
    for _ in 0..5 {
        let mut p = f.pair.lock().unwrap();
        p.1 += p.0;
    }
}

/// Only strict alternation, t1 then t2 ten times, takes `j` to 144 (the Fibonacci numbers).
fn largest(f: &Fib, _: &[()]) -> Outcome {
    let (i, j) = *f.pair.lock().unwrap();
    Outcome::label(if i.max(j) >= 144 { "144 reached" } else { "below 144" })
}

static FIB: Scenario = Scenario {
    id: "mine_02_fib_alternation",
    title: "a bound of two preemptions cannot see it",
    intent: "",
    explanation: "",
    preemption_bound: None,
    variants: &[Variant {
        name: "mine",
        claim: Claim::Correct,
        outcomes: &[
            outcome("below 144", Acceptable, "some other interleaving"),
            outcome("144 reached", Forbidden, "strict alternation: about ten preemptions deep"),
        ],
        otherwise: Forbidden,
        program: &Actors {
            setup: || Fib { pair: Mutex::named("pair", (1, 1)) },
            actors: &[Actor { name: "t1", run: grow_i }, Actor { name: "t2", run: grow_j }],
            observe: largest,
        },
    }],
};

#[test]
fn the_default_bound_misses_it() {
    let report = check(&FIB, &FIB.variants[0], Backend::Loom, &quick_settings());
    assert_eq!(report.verdict, Verdict::Verified, "verified within bound 2, and only that");
    assert!(report.render().contains("within preemption bound 2"));
}

#[test]
fn the_default_budget_of_a_named_check_widens_loom_past_the_bound_and_finds_it() {
    let settings = Settings { budget: Some(racelab::escalate::default_budget(true)), ..quick_settings() };
    let report = check(&FIB, &FIB.variants[0], Backend::Loom, &settings);
    assert_eq!(report.verdict, Verdict::Violated, "{}", report.render());
    let widened = report.observation.widened.as_ref().expect("the search was widened");
    assert_eq!(widened.beyond, ["144 reached"], "found only beyond the default search");
    assert!(report.render().contains("found beyond the default search: 144 reached"));
}

#[test]
fn combined_the_deep_bug_stands_whoever_found_it() {
    use racelab::combined::Combined;
    let settings = Settings { budget: Some(racelab::escalate::default_budget(true)), ..quick_settings() };
    let reports: Vec<_> = [Backend::Loom, Backend::Shuttle]
        .into_iter()
        .map(|b| check(&FIB, &FIB.variants[0], b, &settings))
        .collect();
    let combined = Combined::new(reports.iter().collect());
    assert_eq!(combined.verdict, Verdict::Violated, "{}", combined.render());
    // shuttle's random schedules reach strict alternation at seed 1 too, loom only past its bound:
    // the two agree on the outcome, so nothing is left to classify.
    assert!(combined.disagreements.is_empty(), "{}", combined.render());
}
