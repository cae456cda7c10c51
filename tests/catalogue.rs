//! Every scenario and variant on loom, shuttle and rc11: the report must match its reviewed snapshot in
//! `tests/snapshots/`, and its verdict be one the backend can give ([`racelab::verdict::sight`]); then
//! every backend on each variant, combined: the verdict must be what the variant claims.
//!
//! Generated tests, named for what they check: `counter_01_lost_update::broken::loom_report`,
//! `counter_01_lost_update::broken::combined_verdict_is_the_claim`. Filter them as usual: `cargo
//! test counter_01`. Each check runs as `racelab check` runs it: in a child process of the
//! `racelab` binary, with a deadline ([`racelab::check::isolate`]).
//!
//! A check that does not apply is an ignored test, never a pass: one known before it runs
//! ([`racelab::check::not_applicable`]: a model checker on a program only a real run can show) is
//! ignored up front, so `cargo test` and `cargo nextest run` both count it as ignored; one that
//! ends `skipped` once it runs (loom meeting an async task) is ignored then, with its reason
//! (`cargo test` says so; nextest, which judges a test by its exit status, counts it as passed).
//! `-- --include-ignored` still compares the snapshots of the first kind. A third kind: an rc11
//! search that a plain `cargo test` cuts at [`RC11_TEST_BUDGET`] runs (a pool's, tens of
//! thousands of executions) is ignored, saying so; `-- --ignored` (or `--include-ignored`)
//! searches it whole and compares its snapshot, and `.ci/run` and `.ci/update` do.
//!
//! `RACELAB_SEEDS=100..200` adds a campaign: every variant on shuttle at each of those seeds,
//! held to a verdict shuttle can give, with no snapshot (see `docs/src/running-the-tests.md`).

mod common;

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use racelab::backend::Backend;
use racelab::check::Checker;
use racelab::check::isolate::Isolation;
use racelab::check::{self, quick_settings};
use racelab::model::outcome::Grade;
use racelab::report::Report;
use racelab::verdict::Verdict;

/// The backends whose reports are kept as snapshots: those whose reports are the same at every run.
const SNAPSHOTTED: [Backend; 3] = [Backend::Loom, Backend::Shuttle, Backend::Rc11];

/// rc11's budget of runs in a plain `cargo test`: every scenario but those that run a pool is
/// searched whole in far fewer. A search this budget cuts short is an ignored test that says so;
/// `-- --ignored` (`.ci/run` and `.ci/update` run it) searches it whole, with rc11's default
/// budget, and compares its snapshot.
const RC11_TEST_BUDGET: u64 = 2_000;

/// Correct programs on which loom reaches outcomes no execution allows, through a bug of its own:
/// tokio-rs/loom#254 (open), where a store lands between a read-modify-write's read and its write.
/// rc11's whole search judges them (`check::second_opinion`), and loom's verdict is a false alarm
/// with rc11's count as evidence. Their test asserts that disagreement and nothing looser: the
/// combined verdict is the claim, loom reached a Forbidden outcome and called it a false alarm, and
/// no other backend reached it. Once loom is fixed the test fails, and the entry goes.
const LOOM_254: &[(&str, &str)] = &[("genmc_33_inc2w", "ported"), ("genmc_34_inc_inc_rr_w_rr", "ported")];

fn main() {
    let args = Arguments::from_args();
    let whole = args.ignored || args.include_ignored;
    let mut trials: Vec<Trial> = SNAPSHOTTED
        .into_iter()
        .flat_map(common::cases)
        .map(|case| {
            // Under `--ignored`, every rc11 check runs too: those a plain run cuts short are
            // known only once they run.
            let ignored = check::not_applicable(case.variant, case.backend).is_some()
                || (args.ignored && case.backend == Backend::Rc11);
            Trial::ignorable_test(case.name(), move || run(&case, whole)).with_ignored_flag(ignored)
        })
        .collect();
    trials.extend(common::cases(Backend::Loom).into_iter().map(|case| {
        let (id, variant) = (case.scenario.id, case.variant.name);
        if LOOM_254.contains(&(id, variant)) {
            let name = format!("{id}::{variant}::loom_254_is_a_false_alarm_rc11_refutes");
            return Trial::test(name, move || refuted_loom_254(&case));
        }
        let name = format!("{id}::{variant}::combined_verdict_is_the_claim");
        Trial::test(name, move || combined(&case))
    }));
    for seed in common::campaign_seeds() {
        trials.extend(common::cases(Backend::Shuttle).into_iter().map(|case| {
            let name = format!("{}::{}::shuttle_seed_{seed}", case.scenario.id, case.variant.name);
            let ignored = check::not_applicable(case.variant, case.backend).is_some();
            Trial::ignorable_test(name, move || at_seed(&case, seed)).with_ignored_flag(ignored)
        }));
    }
    trials.push(Trial::test("snapshots::every_snapshot_is_a_test", every_snapshot_is_a_test));
    libtest_mimic::run(&args, trials).exit();
}

/// A snapshot no test compares (its scenario, variant or backend is gone, or it was renamed)
/// would sit in the repository unread.
fn every_snapshot_is_a_test() -> Result<(), Failed> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let tested: Vec<String> = SNAPSHOTTED
        .into_iter()
        .flat_map(common::cases)
        .map(|c| format!("{}.snap", c.snapshot_name()))
        .collect();
    let mut unread: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("tests/snapshots: {e}"))?
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".snap") && !tested.contains(name))
        .collect();
    unread.sort();
    if unread.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "no test compares these snapshots: delete them, or rename them to a test's name: {}",
            unread.join(", ")
        )
        .into())
    }
}

/// Every backend on one variant, combined: the verdict must be what the variant claims, whatever
/// each backend alone says (a broken variant caught, a correct one verified or passed).
fn combined(case: &common::Case) -> Result<(), Failed> {
    let reports = every_backend(case)?;
    let combined = racelab::report::combined::Combined::new(reports.iter().map(|r| &**r).collect());
    if combined.matches() {
        Ok(())
    } else {
        Err(format!("{}: the combined verdict is not the claim\n\n{}", case.location(), combined.render())
            .into())
    }
}

/// A correct variant of [`LOOM_254`]: loom alone reached a Forbidden outcome, rc11's whole search
/// refuted it, so loom says false alarm and the combined verdict is the claim.
fn refuted_loom_254(case: &common::Case) -> Result<(), Failed> {
    let reports = every_backend(case)?;
    let combined = racelab::report::combined::Combined::new(reports.iter().map(|r| &**r).collect());
    let Some(loom) = reports.iter().find(|r| r.observation.backend == Backend::Loom) else {
        return Err(format!("{}: loom must run", case.location()).into());
    };
    let forbidden = |r: &Report| -> Vec<String> {
        r.observation.seen.keys().filter(|id| case.variant.grade(id) == Grade::Forbidden).cloned().collect()
    };
    let elsewhere: Vec<String> = reports
        .iter()
        .filter(|r| r.observation.backend != Backend::Loom)
        .flat_map(|r| forbidden(r))
        .collect();
    let by_rc11 =
        loom.observation.cross_check.as_ref().is_some_and(|c| c.exhaustive && c.method.starts_with("rc11"));
    let refuted = combined.matches()
        && loom.verdict == Verdict::FalseAlarm
        && by_rc11
        && !forbidden(loom).is_empty()
        && elsewhere.is_empty();
    if refuted {
        Ok(())
    } else {
        Err(format!(
            "{}: expected loom alone to reach a Forbidden outcome (tokio-rs/loom#254) and rc11's whole \
             search to refute it; if loom is fixed, take it out of LOOM_254\n\n{}\n\n{}",
            case.location(),
            combined.render(),
            loom.render()
        )
        .into())
    }
}

/// The loom, shuttle and rc11 reports the snapshot tests made, by `id.variant.backend`, for the
/// combined test of the same variant to read instead of checking again: with [`quick_settings`]
/// each gives the same report at every run (the snapshots hold them), so the verdict is the
/// same, and the combined tests, queued after every snapshot test, rarely find one missing (a
/// filtered run, where they check it themselves).
static REPORTS: Mutex<BTreeMap<String, Arc<Report>>> = Mutex::new(BTreeMap::new());

fn remembered(case: &common::Case, backend: Backend) -> String {
    format!("{}.{}.{backend}", case.scenario.id, case.variant.name)
}

/// Every default backend's report of one variant, each checked in a child process as `racelab
/// check` does, or, for loom and shuttle, the report its snapshot test already made. Real threads
/// run 50 ms: the verdict asserted holds at any duration.
fn every_backend(case: &common::Case) -> Result<Vec<Arc<Report>>, Failed> {
    let checker = Checker::Isolated(Isolation::new(env!("CARGO_BIN_EXE_racelab")));
    let mut settings = quick_settings();
    settings.stress.duration = std::time::Duration::from_millis(50);
    // A deadlocking variant's real threads are called stuck after half a second without a step
    // (the default's 2 s is for a user's machine under any load; here it was most of the wait).
    settings.stress.watchdog = std::time::Duration::from_millis(500);
    // rc11's report is its snapshot test's where that searched the program whole; a pool's, cut
    // there, is searched here within the same budget: loom's whole search decides its verdict.
    settings.rc11_max_explored = Some(RC11_TEST_BUDGET);
    let mut reports = Vec::new();
    for backend in Backend::defaults(case.variant.program) {
        let known = REPORTS.lock().unwrap().get(&remembered(case, backend)).cloned();
        let report = match known {
            Some(report) => report,
            None => Arc::new(
                checker.check(case.scenario, case.variant, backend, &settings).map_err(|_| "interrupted")?,
            ),
        };
        reports.push(report);
    }
    Ok(reports)
}

/// One variant on one backend: its report must match its snapshot, its verdict be one the backend
/// can give. rc11 searches with [`RC11_TEST_BUDGET`] unless `whole`; a search that budget cuts
/// short is ignored, saying so, since its report is not the whole search's.
fn run(case: &common::Case, whole: bool) -> Result<Completion, Failed> {
    let checker = Checker::Isolated(Isolation::new(env!("CARGO_BIN_EXE_racelab")));
    let mut settings = quick_settings();
    let budgeted = case.backend == Backend::Rc11 && !whole;
    if budgeted {
        settings.rc11_max_explored = Some(RC11_TEST_BUDGET);
    } else if case.backend == Backend::Rc11 {
        // A whole search of a pool takes seconds to a minute, more on a loaded machine: its
        // snapshot is of the search, never of a deadline.
        settings.timeout = Some(std::time::Duration::from_secs(600));
    }
    let report = checker
        .check(case.scenario, case.variant, case.backend, &settings)
        .expect("nothing interrupts a test run");
    if budgeted && report.observation.stopped.is_some() {
        return Ok(Completion::ignored_with(format!(
            "rc11 needs more than {RC11_TEST_BUDGET} runs to search it whole: \
             `cargo test --test catalogue -- --ignored` does, and compares its snapshot"
        )));
    }
    let report = Arc::new(report);
    if matches!(case.backend, Backend::Loom | Backend::Shuttle | Backend::Rc11) {
        REPORTS.lock().unwrap().insert(remembered(case, case.backend), report.clone());
    }
    let text = report.render();
    let snapshot = case.snapshot_name();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!("racelab check {} --backend {}", case.scenario.id, case.backend));
    // insta shows it as the snapshot's "Input file", beside the harness's line it calls "Source".
    settings.set_input_file(common::source_of(case.scenario.id));
    let compared = std::panic::catch_unwind(AssertUnwindSafe(|| {
        settings.bind(|| insta::assert_snapshot!(snapshot.as_str(), &text))
    }));
    if compared.is_err() {
        return Err(format!(
            "{}: the {} report of {} differs from tests/snapshots/{snapshot}.snap (insta's diff is above); \
             if the new one is right, write it with `.ci/update` and accept it with `cargo insta review`",
            case.location(),
            case.backend,
            case.variant.name
        )
        .into());
    }
    graded(case, &report)
}

/// One variant on shuttle at `seed`, for a campaign: held to a verdict shuttle can give, with no
/// snapshot (its counts differ from seed to seed); a failure carries the replay key.
fn at_seed(case: &common::Case, seed: u64) -> Result<Completion, Failed> {
    let checker = Checker::Isolated(Isolation::new(env!("CARGO_BIN_EXE_racelab")));
    let mut settings = quick_settings();
    settings.shuttle.seed = seed;
    let report = checker
        .check(case.scenario, case.variant, case.backend, &settings)
        .expect("nothing interrupts a test run");
    graded(case, &report)
}

/// Passed when the verdict is one the backend can give; ignored, with the reason, when the check
/// turned out not to apply.
fn graded(case: &common::Case, report: &racelab::report::Report) -> Result<Completion, Failed> {
    if !report.matches() {
        return Err(format!(
            "{}: verdict {} where {} was expected\n\n{}",
            case.location(),
            report.verdict,
            racelab::verdict::describe(report.expected_verdicts()),
            report.render()
        )
        .into());
    }
    if report.verdict == Verdict::Skipped {
        let why = report.observation.not_run.clone().unwrap_or_else(|| "it does not apply".to_string());
        return Ok(Completion::ignored_with(why));
    }
    Ok(Completion::Completed)
}
