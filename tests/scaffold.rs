//! The scaffold in `docs/src/scaffold.rs` compiles, and its two variants get their verdicts: a new
//! scenario copied from it starts out working.

#[path = "../docs/src/scaffold.rs"]
mod scaffold;

use racelab::backend::Backend;
use racelab::check::{check, quick_settings};
use racelab::verdict::Verdict;

#[test]
fn the_scaffold_is_caught_broken_and_verified_fixed() {
    let s = &scaffold::SCENARIO;
    let broken = check(s, s.variant("broken").unwrap(), Backend::Loom, &quick_settings());
    assert_eq!(broken.verdict, Verdict::Caught);
    let fixed = check(s, s.variant("fixed").unwrap(), Backend::Loom, &quick_settings());
    assert_eq!(fixed.verdict, Verdict::Verified);
}

#[test]
fn the_scaffold_marks_each_variants_code_for_the_book() {
    let code = include_str!("../docs/src/scaffold.rs");
    for v in scaffold::SCENARIO.variants {
        let lines = racelab::docs::page::anchored(code, v.name).unwrap_or_default();
        assert!(lines.iter().any(|l| l.contains("fn ")), "no code between the anchors of {}", v.name);
    }
}
