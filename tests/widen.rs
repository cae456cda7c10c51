//! A bug that needs about ten preemptions (the shape of SV-COMP's fib_bench): loom's default bound
//! of two cannot reach it; the wider search a budget buys does, and says so.

use racelab::backend::Backend;
use racelab::check::{Settings, check, quick_settings};
use racelab::verdict::Verdict;

#[path = "literature/mod.rs"]
mod literature;

use literature::FIB;

#[test]
fn the_default_bound_misses_it() {
    let report = check(&FIB, &FIB.variants[0], Backend::Loom, &quick_settings());
    assert_eq!(report.verdict, Verdict::Verified, "verified within bound 2, and only that");
    assert!(report.render().contains("within preemption bound 2"));
}

#[test]
fn the_default_budget_of_a_named_check_widens_loom_past_the_bound_and_finds_it() {
    let settings = Settings { widen: Some(racelab::check::widen::default_time(true)), ..quick_settings() };
    let report = check(&FIB, &FIB.variants[0], Backend::Loom, &settings);
    assert_eq!(report.verdict, Verdict::Violated, "{}", report.render());
    let widened = report.observation.widened.as_ref().expect("the search was widened");
    assert_eq!(widened.beyond, ["144 reached"], "found only beyond the default search");
    assert!(report.render().contains("found beyond the default search: 144 reached"));
}
