//! What a backend returns: which backend ran ([`Backend`]), and what it saw of one variant
//! ([`Observation`]), outcome by outcome ([`Seen`]), with any wider search ([`Widened`]) and second
//! opinion ([`CrossCheck`]) beside it.
//!
//! It is data, the model's: [`crate::verdict`] grades it, [`crate::report`] prints it, and the
//! backends ([`crate::backend`]) fill it in.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::outcome::Outcome;
use super::program::Program;
use super::trace::Trace;

/// Where an execution runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// loom: exhaustive within a preemption bound.
    Loom,
    /// shuttle: random and PCT scheduling.
    Shuttle,
    /// Real OS threads.
    Threads,
    /// racelab's exact RC11 model checker ([`crate::rc11`]).
    Rc11,
    /// Real OS processes, one per actor ([`crate::backend::processes`]): for a program whose actors are
    /// processes ([`crate::program::Processes`]), where it joins the defaults ([`Backend::defaults`]).
    Processes,
}

impl Backend {
    /// The backends a check runs by default, in report order.
    pub const ALL: [Backend; 4] = [Backend::Loom, Backend::Shuttle, Backend::Threads, Backend::Rc11];

    /// Every backend there is: [`Backend::ALL`], and processes, which runs where a program's
    /// actors are processes ([`Backend::defaults`]) or when named.
    pub const EVERY: [Backend; 5] =
        [Backend::Loom, Backend::Shuttle, Backend::Threads, Backend::Rc11, Backend::Processes];

    /// The backends a check of `program` runs when none are named: [`Backend::ALL`], and processes
    /// for a program whose actors are processes. Elsewhere processes do not apply
    /// ([`crate::backend::processes::NOT_PROCESSES`]), and a report saying so for every scenario
    /// would be noise.
    pub fn defaults(program: &dyn Program) -> Vec<Backend> {
        let mut backends = Backend::ALL.to_vec();
        if program.processes().is_some() {
            backends.push(Backend::Processes);
        }
        backends
    }

    /// The backend's name, as the command line spells it.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Loom => "loom",
            Backend::Shuttle => "shuttle",
            Backend::Threads => "threads",
            Backend::Rc11 => "rc11",
            Backend::Processes => "processes",
        }
    }

    /// Whether every run with the same settings gives the same observation (and so a snapshot).
    pub fn is_deterministic(self) -> bool {
        !self.is_real()
    }

    /// Whether it runs the program for real (threads, processes) rather than model-checks it.
    pub fn is_real(self) -> bool {
        matches!(self, Backend::Threads | Backend::Processes)
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Backend {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Backend::EVERY.into_iter().find(|b| b.name() == s).ok_or_else(|| {
            format!("unknown backend '{s}': use loom, shuttle, threads, rc11, processes or all")
        })
    }
}

/// What a backend saw of one variant.
///
/// It crosses a process boundary as JSON: a check runs in a child process ([`crate::check::isolate`]).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Observation {
    /// Which backend.
    pub backend: Backend,
    /// How it searched, for the report's header: `exhaustive, preemption bound 2`.
    pub setting: String,
    /// Names of the count columns (`random`, `pct`; `count`); none where only reachability counts.
    pub columns: Vec<String>,
    /// Every outcome reached, by id.
    pub seen: BTreeMap<String, Seen>,
    /// Executions (loom), iterations (shuttle) or trials (threads) run; for rc11, the distinct
    /// consistent executions.
    pub executions: u64,
    /// rc11 only: the runs it made to find them, those that ended blocked on a write a newer one
    /// supersedes (revisited in another run) or with no consistent way on included.
    #[serde(default)]
    pub explored: u64,
    /// rc11 only: runs that built a graph an earlier run had built (the search is built to make
    /// none; a count above zero is a bug in it, and the report says so).
    #[serde(default)]
    pub duplicates: u64,
    /// Whether the search covered its whole bounded space (loom, DFS).
    pub exhaustive: bool,
    /// The bound an exhaustive search covered, in words for `every execution ...`:
    /// `within preemption bound 2`.
    #[serde(default)]
    pub scope: Option<String>,
    /// Why the search stopped early, if it did.
    pub stopped: Option<String>,
    /// The checker itself failed: nothing it did not find can be trusted as absent.
    pub failure: Option<String>,
    /// Wall time; never part of a snapshot.
    pub elapsed: Duration,
    /// A second opinion, where the first backend's answer may be a known false alarm.
    pub cross_check: Option<CrossCheck>,
    /// The memory orderings the program's atomic accesses and fences used (model checkers only),
    /// weakest first: what decides whether loom's `SeqCst` over-approximation can be ruled out,
    /// and whether shuttle can see a bug at all ([`crate::verdict::sight`]).
    #[serde(default)]
    pub orderings: Vec<String>,
    /// The wider search run after this one found nothing, if one ran ([`crate::check::widen`]).
    #[serde(default)]
    pub widened: Option<Widened>,
    /// Why a reached Forbidden outcome is not confirmed, where racelab cannot yet tell a checker's
    /// artefact from a real behaviour, and what check would decide.
    #[serde(default)]
    pub unconfirmed: Option<String>,
    /// Why the backend could not run the program at all, which the run found out or the program
    /// says of itself ([`crate::model::program::Program::real_only`]): the verdict is `skipped`.
    #[serde(default)]
    pub not_run: Option<String>,
}

impl Observation {
    /// An empty observation for `backend`.
    pub fn new(backend: Backend, setting: String, columns: Vec<&'static str>) -> Self {
        Observation {
            backend,
            setting,
            columns: columns.into_iter().map(String::from).collect(),
            seen: BTreeMap::new(),
            executions: 0,
            explored: 0,
            duplicates: 0,
            exhaustive: false,
            scope: None,
            stopped: None,
            failure: None,
            elapsed: Duration::ZERO,
            cross_check: None,
            orderings: Vec::new(),
            widened: None,
            unconfirmed: None,
            not_run: None,
        }
    }

    /// Counts `times` executions reaching `outcome` in `column`, keeping the simplest witness and
    /// its replay key.
    pub fn count(
        &mut self,
        outcome: &Outcome,
        column: usize,
        times: u64,
        witness: Option<Trace>,
        replay: Option<String>,
    ) {
        let width = self.columns.len();
        let seen = self.seen.entry(outcome.id()).or_insert_with(|| Seen {
            counts: vec![0; width],
            witness: None,
            replay: None,
            first_found_wider: false,
        });
        if let Some(c) = seen.counts.get_mut(column) {
            *c += times;
        }
        // Keep the simplest witness (and its key): every search order then shows the same one.
        let simpler = match (&witness, &seen.witness) {
            (Some(new), Some(old)) => new.simpler_than(old),
            (_, None) => true,
            (None, Some(_)) => false,
        };
        if simpler {
            seen.witness = witness;
            seen.replay = replay;
        }
    }
}

/// What a backend saw of one outcome.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Seen {
    /// How often, per count column.
    pub counts: Vec<u64>,
    /// The operations of the first execution that reached it (model checkers only).
    pub witness: Option<Trace>,
    /// A key that `racelab replay` turns back into that execution (shuttle only).
    pub replay: Option<String>,
    /// Whether only a wider search ([`crate::check::widen`]) reached it.
    #[serde(default)]
    pub first_found_wider: bool,
}

/// A wider search, run within a time budget after the default one found nothing.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Widened {
    /// How it searched: `loom with no preemption bound`.
    pub method: String,
    /// Executions or iterations it ran.
    pub executions: u64,
    /// Whether it finished (an exhaustive search that covered everything) rather than running out
    /// of time.
    pub finished: bool,
    /// Wall time; never part of a snapshot (a widened search runs only with a budget).
    pub elapsed: Duration,
    /// Outcomes it reached that the default search did not: found only beyond its bound.
    pub beyond: Vec<String>,
}

/// An exhaustive sequentially consistent exploration, run when loom reports a known false alarm.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CrossCheck {
    /// How it was explored.
    pub method: String,
    /// Executions explored.
    pub executions: u64,
    /// Whether the exploration finished.
    pub exhaustive: bool,
    /// Every outcome it reached.
    pub reachable: Vec<String>,
}
