//! Outcome patterns: a variant can grade "any panic" without knowing its message.

use racelab::backend::Backend;
use racelab::check::{check, quick_settings};
use racelab::prelude::*;
use racelab::verdict::Verdict;

fn divide_by_what_was_read() -> Outcome {
    let divisor = std::hint::black_box(0);
    Outcome::value(10 / divisor)
}

static ANY_PANIC: Scenario = Scenario {
    id: "mine_01_any_panic",
    title: "a program that panics, graded by pattern",
    intent: "",
    explanation: "",
    preemption_bound: None,
    variants: &[Variant {
        name: "mine",
        claim: Claim::Correct,
        outcomes: &[outcome("panic: *", Forbidden, "any panic is a bug here")],
        otherwise: Acceptable,
        program: &Body { threads: &["main"], run: divide_by_what_was_read },
    }],
};

#[test]
fn a_pattern_grades_every_outcome_it_covers_and_its_row_gives_way_to_them() {
    let variant = &ANY_PANIC.variants[0];
    let report = check(&ANY_PANIC, variant, Backend::Loom, &quick_settings());
    let seen: Vec<&String> = report.observation.seen.keys().collect();
    assert_eq!(seen, ["panic: attempt to divide by zero"]);
    assert_eq!(variant.grade(seen[0]), Forbidden, "graded by the pattern, not the catch-all");
    assert_eq!(report.verdict, Verdict::Violated);
    let text = report.render();
    assert!(text.contains("any panic is a bug here"), "{text}");
    assert!(!text.contains("panic: *"), "the pattern's own row gives way to what it covers: {text}");
}

#[test]
fn a_pattern_covers_only_its_prefix_and_leaves_the_rest_to_the_catch_all() {
    let variant = &ANY_PANIC.variants[0];
    assert_eq!(variant.grade("0"), Acceptable, "not a panic: the catch-all");
    assert!(variant.declared("panic: anything").is_some_and(|d| d.id == "panic: *"));
    assert!(variant.declared("panicked").is_none(), "a pattern matches its whole prefix");
}
