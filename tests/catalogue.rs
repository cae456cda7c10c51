//! Every scenario and variant on loom and shuttle: the verdict must be the declared one, and the
//! report must match its reviewed snapshot in `tests/snapshots/`.
//!
//! One generated test per case, named for what it asserts:
//! `counter_01_lost_update::broken::loom_catches`. Filter them as usual: `cargo test counter_01`.
//! Each check runs as `racelab check` runs it: in a child process of the `racelab` binary, with a
//! deadline ([`racelab::isolate`]).

mod common;

use libtest_mimic::{Arguments, Failed, Trial};
use racelab::backend::Backend;
use racelab::check::quick_settings;
use racelab::isolate::{self, Isolation};

fn main() {
    let args = Arguments::from_args();
    let trials = [Backend::Loom, Backend::Shuttle]
        .into_iter()
        .flat_map(common::cases)
        .map(|case| Trial::test(case.name(), move || run(&case)))
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn run(case: &common::Case) -> Result<(), Failed> {
    let isolation = Isolation::new(env!("CARGO_BIN_EXE_racelab"));
    let report = isolate::check(&isolation, case.scenario, case.variant, case.backend, &quick_settings())
        .expect("nothing interrupts a test run");
    let text = report.render();
    let snapshot = format!("{}__{}__{}", case.scenario.id, case.variant.name, case.backend);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!("racelab check {} --backend {}", case.scenario.id, case.backend));
    settings.bind(|| insta::assert_snapshot!(snapshot, text));
    if report.matches() {
        Ok(())
    } else {
        Err(format!(
            "verdict {} where {} was expected\n\n{text}",
            report.verdict,
            racelab::verdict::describe(report.expected_verdicts())
        )
        .into())
    }
}
