//! One call checks the scenario on every backend; the deterministic part is an insta snapshot.

use racelab::check::check_variant;
use racelab::check::quick_settings;
use racelab::verdict::Verdict;
use racelab_example::TWO_WITHDRAWALS;

#[test]
fn the_overdraft_is_found_and_the_reports_are_kept() {
    let checked = check_variant(&TWO_WITHDRAWALS, &TWO_WITHDRAWALS.variants[0], &quick_settings());
    let combined = checked.combined();
    assert_eq!(combined.verdict, Verdict::Violated, "{}", combined.render());
    let name = racelab::report::snapshot_name(&TWO_WITHDRAWALS, &TWO_WITHDRAWALS.variants[0], None);
    insta::with_settings!({ prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, checked.snapshot());
    });
}
