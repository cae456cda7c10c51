//! Checking: one scenario variant on one backend, from settings to a graded [`Report`], through
//! one front door, [`Checker::check`].
//!
//! - [`settings`]: what a check can be told, and each backend's configuration from it;
//! - [`run`]: the backend's run in whatever process the check runs in, with the wider search
//!   ([`widen`]) and the second opinion ([`cross`]) it may add;
//! - [`isolate`]: the same run in a child process with a deadline, where a crash or a hang is an
//!   outcome, as jcstress forks a VM per test.
//!
//! Whatever happened and wherever it ran, the observation is graded here, once, into a report:
//! a check that does not apply ([`not_applicable`]) is a `skipped` report without a run. One
//! variant on every backend at once, as a user's own test checks it, is [`check_variant`].

pub mod cross;
pub mod isolate;
pub mod run;
pub mod settings;
pub mod widen;

pub use isolate::{Interrupted, Isolation};
pub use settings::{Settings, default_timeout, quick_settings, setting, timeout};

use crate::backend::processes as processes_backend;
use crate::model::observation::{Backend, Observation};
use crate::model::scenario::{Scenario, Variant};
use crate::report::Report;
use crate::report::combined::Checked;
use crate::verdict;

/// Where a check runs: in this process, or in a child process with a deadline ([`isolate`]).
#[derive(Clone, Debug)]
pub enum Checker {
    /// In this process. A scenario that aborts, exits or never ends takes the process with it.
    InProcess,
    /// In a child process of a binary that serves checks ([`isolate::serve_if_child`]): `racelab`
    /// and the catalogue tests check this way, so that a crash or a hang is an outcome.
    Isolated(Isolation),
}

impl Checker {
    /// Checks one variant of one scenario on one backend, and grades what it saw: the front door
    /// of every check.
    ///
    /// `Err(Interrupted)` only for an isolated check cut short by [`isolate::interrupt`]: it has no
    /// report.
    pub fn check(
        &self,
        scenario: &'static Scenario,
        variant: &'static Variant,
        backend: Backend,
        settings: &Settings,
    ) -> Result<Report, Interrupted> {
        let observation = match not_applicable(variant, backend) {
            Some(why) => {
                let mut observation = Observation::new(backend, "not run".to_string(), vec![]);
                observation.not_run = Some(why.to_string());
                observation
            }
            None => match self {
                Checker::InProcess => run::observation(scenario, variant, backend, settings),
                Checker::Isolated(isolation) => {
                    isolate::observation(isolation, scenario, variant, backend, settings)?
                }
            },
        };
        Ok(grade(scenario, variant, observation))
    }
}

/// Checks one variant of one scenario on one backend, in this process, and grades what it saw:
/// [`Checker::InProcess`]'s [`check`](Checker::check).
///
/// A scenario that aborts, exits or never ends takes this process with it: `racelab check` and
/// the catalogue tests check with [`Checker::Isolated`] instead.
pub fn check(
    scenario: &'static Scenario,
    variant: &'static Variant,
    backend: Backend,
    settings: &Settings,
) -> Report {
    match Checker::InProcess.check(scenario, variant, backend, settings) {
        Ok(report) => report,
        Err(Interrupted) => unreachable!("only an isolated check is interrupted"),
    }
}

/// Why a check of `variant` on `backend` does not apply, where that is known before it runs: a
/// model checker, on a program that says only a real run can show it
/// ([`crate::model::program::Program::real_only`]); processes, on a program whose actors are not
/// processes ([`crate::model::program::Program::processes`]). What is known only once it runs (loom
/// meeting an async task) ends in a `skipped` verdict instead.
pub fn not_applicable(variant: &Variant, backend: Backend) -> Option<&'static str> {
    match backend {
        Backend::Processes if variant.program.processes().is_none() => Some(processes_backend::NOT_PROCESSES),
        Backend::Threads | Backend::Processes => None,
        Backend::Loom | Backend::Shuttle | Backend::Rc11 => variant.program.real_only(),
    }
}

/// Grades an observation into a report: the one place a verdict is given.
fn grade(scenario: &'static Scenario, variant: &'static Variant, observation: Observation) -> Report {
    let verdict = verdict::judge(variant, &observation);
    Report::new(scenario, variant, observation, verdict)
}

/// Checks one variant of a scenario on every backend of [`Backend::ALL`], in this process, and
/// returns every report;
/// [`Checked::combined`] gives the combined verdict. This is how a scenario in a user's own crate
/// is checked from its tests:
///
/// ```
/// use racelab::prelude::*;
///
/// # struct Counter { value: AtomicUsize }
/// # fn increment(c: &Counter) { let v = c.value.load(SeqCst); c.value.store(v + 1, SeqCst); }
/// # static MINE: Scenario = Scenario {
/// #     id: "mine_01_counter", title: "", intent: "", explanation: "", preemption_bound: None,
/// #     variants: &[Variant {
/// #         name: "mine", claim: Claim::Correct,
/// #         outcomes: &[outcome("1", Forbidden, "lost"), outcome("2", Acceptable, "both")],
/// #         otherwise: Forbidden,
/// #         program: &Actors {
/// #             setup: || Counter { value: AtomicUsize::named("counter", 0) },
/// #             actors: &[Actor { name: "t1", run: increment }, Actor { name: "t2", run: increment }],
/// #             observe: |c, _| Outcome::value(c.value.load(SeqCst) as i64),
/// #         },
/// #     }],
/// # };
/// let checked = racelab::check::check_variant(&MINE, &MINE.variants[0], &racelab::check::quick_settings());
/// assert_eq!(checked.combined().verdict, racelab::verdict::Verdict::Violated, "the lost update is found");
/// ```
///
/// A scenario that aborts or never ends takes the calling process with it; a test binary that
/// serves its own checks ([`isolate::serve_if_child`]) can run them isolated instead
/// ([`Checker::Isolated`]). The same goes for processes: a [`Processes`](crate::program::Processes)
/// program's actors are started from the running binary, which serves them only if it calls
/// `serve_if_child`, so processes are left out here; such a binary checks them with an isolated
/// [`Checker`] and [`Backend::Processes`].
pub fn check_variant(scenario: &'static Scenario, variant: &'static Variant, settings: &Settings) -> Checked {
    Checked { reports: Backend::ALL.into_iter().map(|b| check(scenario, variant, b, settings)).collect() }
}
