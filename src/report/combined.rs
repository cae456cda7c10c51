//! The combined verdict: one per variant, from every backend that ran, with every disagreement
//! between them classified, as herdtools' mcompare7 sets a model beside hardware.
//!
//! No backend's answer is assumed. An outcome that any backend reached stands, unless it is shown
//! to be a checker's artefact with evidence: loom's over-approximations (`SeqCst` as `AcqRel`, a
//! store inside a read-modify-write), refuted by rc11's whole search, which runs beside loom or
//! as loom's own cross-check ([`crate::check::run::observation`]), or, where rc11 cannot run the program
//! yet and every access is `SeqCst`, by an exhaustive sequentially consistent search. What rc11's
//! whole search reached stands as real. Where one backend reached an outcome and another that ran
//! did not, the disagreement is classified from what is known of each backend:
//!
//! | class | when |
//! |---|---|
//! | over-approximation | loom reached it; rc11 (or, all `SeqCst`, an exhaustive SC search) refutes it |
//! | blind spot | shuttle missed it, and the program's atomics are not all `SeqCst`; or loom missed a weak outcome rc11 reached |
//! | chance | a sampling backend (shuttle's random and PCT schedules, real threads), or a search cut short, missed it |
//! | depth | only a search past loom's bound reached it (loom widened, rc11, or real threads) |
//! | red flag | real threads, or shuttle, reached what rc11's whole search, or loom's with no bound, did not |

use std::collections::BTreeMap;
use std::fmt;

use comfy_table::Cell;
use serde::Serialize;

use super::{Report, grade_cell};
use crate::model::observation::Backend;
use crate::model::outcome::{self, Grade};
use crate::model::scenario::{Claim, Scenario, Variant};
use crate::term::{self, Layout, Tone};
use crate::verdict::Verdict;

/// How a disagreement between backends is explained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// A checker's known over-approximation, refuted with evidence: loom's `SeqCst` as `AcqRel`,
    /// or its read-modify-writes that a store can fall inside (loom issue 254).
    OverApproximation,
    /// A backend that cannot see this kind of behaviour (shuttle and weak memory).
    BlindSpot,
    /// A sampling backend that did not happen to reach it.
    Chance,
    /// Reached only beyond loom's preemption bound.
    Depth,
    /// A backend reached what an exhaustive search without a bound says is unreachable: a checker
    /// or scenario bug, to be looked at.
    RedFlag,
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Class::OverApproximation => "over-approximation",
            Class::BlindSpot => "blind spot",
            Class::Chance => "chance",
            Class::Depth => "depth",
            Class::RedFlag => "red flag",
        })
    }
}

/// Two backends differ on one outcome.
#[derive(Clone, Debug, Serialize)]
pub struct Disagreement {
    /// The outcome.
    pub outcome: String,
    /// The backends that reached it.
    pub reached_by: Vec<Backend>,
    /// The backends that ran and did not.
    pub missed_by: Vec<Backend>,
    /// The explanation's class.
    pub class: Class,
    /// The explanation, in words, with its evidence.
    pub why: String,
}

/// One variant, every backend that ran it, one verdict.
#[derive(Debug)]
pub struct Combined<'a> {
    /// The scenario.
    pub scenario: &'static Scenario,
    /// The variant.
    pub variant: &'static Variant,
    /// The reports it combines, one per backend.
    pub reports: Vec<&'a Report>,
    /// The combined verdict.
    pub verdict: Verdict,
    /// Whether a Forbidden outcome stands only unconfirmed (see `Observation::unconfirmed`).
    pub unconfirmed: bool,
    /// Every disagreement, classified.
    pub disagreements: Vec<Disagreement>,
}

impl<'a> Combined<'a> {
    /// Combines the reports of one variant (all of the same scenario and variant).
    pub fn new(reports: Vec<&'a Report>) -> Combined<'a> {
        let first = reports.first().expect("a combined verdict needs a report");
        let (scenario, variant) = (first.scenario, first.variant);
        let ran: Vec<&Report> = reports.iter().copied().filter(|r| r.verdict != Verdict::Skipped).collect();
        let exact = exact_search(&ran);
        // loom's reach refuted: by the cross-check in its own report, or by rc11's whole search
        // beside it. Only loom's: what a real execution or an SC schedule reached is real, and
        // an exact search that misses it is a red flag, never evidence against it.
        let refuted = |r: &Report, id: &str| {
            r.observation
                .cross_check
                .as_ref()
                .is_some_and(|c| c.exhaustive && !c.reachable.iter().any(|x| x == id))
                || (r.observation.backend == Backend::Loom && exact.is_some_and(|e| !reached_by(e, id)))
        };
        // Every outcome some backend reached, with who reached it.
        let mut ids: Vec<&String> = ran
            .iter()
            .flat_map(|r| r.observation.seen.keys())
            .filter(|id| !outcome::says_nothing(id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let reached: BTreeMap<String, Vec<&Report>> = ids
            .into_iter()
            .map(|id| (id.clone(), ran.iter().copied().filter(|r| reached_by(r, id)).collect()))
            .collect();
        let mut disagreements = Vec::new();
        let mut standing = Vec::new();
        for (id, by) in &reached {
            let missed: Vec<&Report> = ran
                .iter()
                .copied()
                .filter(|r| !by.iter().any(|b| b.observation.backend == r.observation.backend))
                .collect();
            let artefact = by.iter().all(|r| refuted(r, id));
            if !artefact {
                standing.push(id.clone());
            }
            if missed.is_empty() && !artefact {
                continue;
            }
            let (class, why) = classify(id, by, &missed, artefact, exact);
            // An Acceptable outcome that a sample did not reach says nothing about the claim; one
            // that a backend reached against an exhaustive search's word always does.
            if variant.grade(id) == Grade::Acceptable && class != Class::RedFlag {
                continue;
            }
            disagreements.push(Disagreement {
                outcome: id.clone(),
                reached_by: by.iter().map(|r| r.observation.backend).collect(),
                missed_by: missed.iter().map(|r| r.observation.backend).collect(),
                class,
                why,
            });
        }
        // What an exhaustive SC cross-check reached stands too: it is a search of real executions.
        for r in &ran {
            for id in r.observation.cross_check.iter().filter(|c| c.exhaustive).flat_map(|c| &c.reachable) {
                if !standing.contains(id) {
                    standing.push(id.clone());
                }
            }
        }
        let grades: Vec<Grade> = standing.iter().map(|id| variant.grade(id)).collect();
        // Unconfirmed only while loom alone reached every standing Forbidden outcome: shuttle and
        // real threads run real (SC, hardware) executions, which confirm it.
        let loom_alone = standing.iter().filter(|id| variant.grade(id) == Grade::Forbidden).all(|id| {
            reached.get(id).is_some_and(|by| by.iter().all(|r| r.observation.backend == Backend::Loom))
        });
        let unconfirmed = loom_alone && ran.iter().any(|r| r.observation.unconfirmed.is_some());
        // A clean word from an exhaustive search: loom verified, or loom's false alarm refuted
        // while its own search covered its whole bound.
        let exhaustive_clean = ran.iter().any(|r| {
            r.verdict == Verdict::Verified || (r.verdict == Verdict::FalseAlarm && r.observation.exhaustive)
        });
        let cut_short = ran.iter().any(|r| r.verdict == Verdict::Inconclusive);
        let verdict = match variant.claim {
            Claim::Broken if grades.iter().any(|&g| g != Grade::Acceptable) => Verdict::Caught,
            Claim::Correct if grades.contains(&Grade::Forbidden) => Verdict::Violated,
            // An exhaustive search that finished clean stands within its stated bound, whatever a
            // search cut short elsewhere did not finish (rc11 stopped by its budget beside loom's
            // whole search): the cut one reached nothing Forbidden, and refutes nothing.
            Claim::Correct if exhaustive_clean => Verdict::Verified,
            // A backend that timed out or hit a limit may have been on the way to the bug.
            _ if cut_short || ran.is_empty() => Verdict::Inconclusive,
            Claim::Broken => Verdict::Missed,
            // Else the strongest clean word any backend earned: a sample's.
            Claim::Correct if ran.iter().any(|r| r.verdict == Verdict::Passed) => Verdict::Passed,
            Claim::Correct => Verdict::Inconclusive,
        };
        Combined { scenario, variant, reports, verdict, unconfirmed, disagreements }
    }

    /// The verdicts the claim asks for: `caught` of broken code, `verified` or `passed` of correct.
    pub fn expected(&self) -> &'static [Verdict] {
        match self.variant.claim {
            Claim::Broken => &[Verdict::Caught],
            Claim::Correct => &[Verdict::Verified, Verdict::Passed],
        }
    }

    /// Whether the combined verdict is what the variant claims.
    pub fn matches(&self) -> bool {
        self.expected().contains(&self.verdict)
    }

    /// The outcomes × backends table, the verdict and every disagreement, as text.
    pub fn render(&self) -> String {
        self.render_for(&Layout::PLAIN)
    }

    /// [`Combined::render`] laid out for `layout`: wrapped to its width, in its colours.
    pub fn render_for(&self, layout: &Layout) -> String {
        let backends: Vec<&Report> = self.reports.clone();
        let mut header = vec!["OUTCOME".to_string(), "GRADE".to_string()];
        header.extend(backends.iter().map(|r| r.observation.backend.name().to_uppercase()));
        let mut table = layout.table(header);
        let ids = self
            .variant
            .table_ids(backends.iter().flat_map(|r| r.observation.seen.keys().map(String::as_str)));
        for id in &ids {
            let grade = (!outcome::says_nothing(id)).then(|| self.variant.grade(id));
            let mut row = vec![Cell::new(id), grade_cell(grade)];
            for r in &backends {
                row.push(Cell::new(cell(r, id)));
            }
            table.add_row(row);
        }
        let mark = layout.paint(crate::verdict::mark(self.verdict, self.matches()), Tone::Bad);
        let unconfirmed =
            if self.unconfirmed && self.verdict == Verdict::Violated { ", unconfirmed" } else { "" };
        let tone = if self.matches() { Tone::Good } else { Tone::Bad };
        let mut out = format!("{} · {} · combined\n", self.scenario.id, self.variant.name);
        out += &layout.wrap(
            &format!(
                "verdict: {}{unconfirmed} (the claim asks for {}){mark}",
                layout.paint(&self.verdict.name().to_uppercase(), tone),
                crate::verdict::describe(self.expected())
            ),
            "  ",
        );
        out.push('\n');
        out.push_str(&Layout::lines(&mut table));
        for d in &self.disagreements {
            out.push('\n');
            out.push_str(layout.wrap(&format!("{}: \"{}\": {}", d.class, d.outcome, d.why), "  ").trim_end());
        }
        if !self.disagreements.is_empty() {
            out.push('\n');
        }
        out
    }

    /// The JSON row of the combined verdict (`"backend": "combined"`).
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "scenario": self.scenario.id,
            "variant": self.variant.name,
            "backend": "combined",
            "verdict": self.verdict,
            "expected": self.expected(),
            "matches": self.matches(),
            "unconfirmed": self.unconfirmed && self.verdict == Verdict::Violated,
            "disagreements": self.disagreements,
        })
    }
}

/// Whether `r` reached `id`. A real-thread `hang` and a model checker's `deadlock` count as one:
/// the watchdog sees only that nothing moved, which a deadlock and a livelock both look like.
fn reached_by(r: &Report, id: &str) -> bool {
    let seen = |x: &str| r.observation.seen.contains_key(x);
    seen(id)
        || match (r.observation.backend, id) {
            (Backend::Threads | Backend::Processes, outcome::DEADLOCK) => seen(outcome::HANG),
            (Backend::Loom | Backend::Shuttle, outcome::HANG) => seen(outcome::DEADLOCK),
            // rc11 calls every thread blocked `deadlock`, and a spin loop that can only spin
            // `hang`; a watchdog, loom and shuttle may name either the other way.
            (Backend::Rc11, outcome::HANG) => seen(outcome::DEADLOCK),
            (Backend::Rc11, outcome::DEADLOCK) => seen(outcome::HANG),
            _ => false,
        }
}

/// One cell of the table: `-` where the backend did not run, else whether (or how often) it
/// reached the outcome.
fn cell(r: &Report, id: &str) -> String {
    if r.verdict == Verdict::Skipped {
        return "-".to_string();
    }
    match r.observation.seen.get(id) {
        None => "no".to_string(),
        Some(_) if r.observation.columns.is_empty() => "yes".to_string(),
        Some(seen) => term::count(seen.counts.iter().sum::<u64>()),
    }
}

/// rc11's report, if it searched every RC11-consistent execution of the program: what it never
/// reached, no execution the memory model allows reaches, and what it reached, one does.
fn exact_search<'r>(ran: &[&'r Report]) -> Option<&'r Report> {
    ran.iter().copied().find(|r| {
        r.observation.backend == Backend::Rc11
            && r.observation.exhaustive
            && r.observation.failure.is_none()
            && r.observation.not_run.is_none()
    })
}

/// The words for rc11's whole search, with its count of executions.
fn exact_words(executions: u64) -> String {
    format!("rc11's exact search of every RC11-consistent execution ({})", term::count(executions))
}

/// Explains why `missed` did not reach `id`, which `by` reached; `exact` is rc11's whole search,
/// if it ran one.
fn classify(
    id: &str,
    by: &[&Report],
    missed: &[&Report],
    artefact: bool,
    exact: Option<&Report>,
) -> (Class, String) {
    let who =
        |rs: &[&Report]| rs.iter().map(|r| r.observation.backend.name()).collect::<Vec<_>>().join(" and ");
    if artefact {
        let check = by.iter().find_map(|r| r.observation.cross_check.as_ref());
        let search = match (check, exact) {
            (Some(check), _) if check.method.starts_with("rc11") => exact_words(check.executions),
            (None, Some(exact)) => exact_words(exact.observation.executions),
            (None, None) => unreachable!("refuted by a cross-check or by rc11's whole search"),
            (Some(check), _) => format!(
                "every access here is SeqCst, and an exhaustive sequentially consistent search ({} \
                 executions)",
                term::count(check.executions)
            ),
        };
        let seq_cst = by.iter().any(|r| r.observation.orderings.iter().any(|o| o == "SeqCst"));
        let why = if seq_cst {
            "loom treats SeqCst accesses as AcqRel"
        } else {
            "loom lets a store fall inside a read-modify-write (loom issues 254 and 282)"
        };
        return (Class::OverApproximation, format!("{why}; {search} never reaches it"));
    }
    let loom = by.iter().chain(missed).find(|r| r.observation.backend == Backend::Loom);
    // The orderings the program's atomics used, as any backend that ran it noted them.
    let weak = by.iter().chain(missed).any(|r| r.observation.orderings.iter().any(|o| o != "SeqCst"));
    let loom_unbounded = loom.is_some_and(|l| l.observation.widened.as_ref().is_some_and(|w| w.finished));
    let missed_by = |b: Backend| missed.iter().any(|r| r.observation.backend == b);
    let is_exact = |r: &Report| exact.is_some_and(|e| std::ptr::eq(r, e));
    // An exact search that missed what a real execution or a schedule reached: one is wrong.
    if let Some(e) = missed.iter().find(|r| is_exact(r)) {
        return (
            Class::RedFlag,
            format!(
                "{} reached it, yet {} never did: a bug of a checker or of the scenario (shared state \
                 outside racelab's types is invisible to the model checkers)",
                who(by),
                exact_words(e.observation.executions)
            ),
        );
    }
    // What rc11's exact search reaches, an execution the memory model allows reaches: where loom
    // missed it, its search stopped at its bound, or its model leaves the behaviour out.
    if by.iter().any(|r| is_exact(r)) && missed_by(Backend::Loom) {
        let l = loom.expect("loom ran");
        let setting = &l.observation.setting;
        return if weak && (loom_unbounded || missed_by(Backend::Shuttle)) {
            (
                Class::BlindSpot,
                format!(
                    "{} reached it, and loom's search ({setting}) did not: loom leaves out some weak \
                     behaviours, load buffering among them (it runs each thread's accesses in program \
                     order)",
                    who(by)
                ),
            )
        } else if !l.observation.exhaustive {
            let why = l.observation.stopped.as_deref().unwrap_or("it was cut short");
            (Class::Chance, format!("loom's search ({setting}) ended before reaching it: {why}"))
        } else {
            (Class::Depth, format!("{} reached it beyond loom's search ({setting})", who(by)))
        };
    }
    if missed_by(Backend::Loom) {
        let l = loom.expect("loom ran");
        return if loom_unbounded {
            (
                Class::RedFlag,
                format!(
                    "{} reached it, yet loom's search with no bound never did: a bug of a checker or of \
                     the scenario (shared state outside racelab's types is invisible to loom)",
                    who(by)
                ),
            )
        } else if !l.observation.exhaustive {
            let setting = &l.observation.setting;
            let why = l.observation.stopped.as_deref().unwrap_or("it was cut short");
            (Class::Chance, format!("loom's search ({setting}) ended before reaching it: {why}"))
        } else {
            (Class::Depth, format!("{} reached it beyond loom's search ({})", who(by), l.observation.setting))
        };
    }
    // Found only beyond a bound: by a widened search, or by rc11's, which has none.
    let wider = |r: &Report| r.observation.seen.get(id).is_some_and(|s| s.first_found_wider);
    if by.iter().any(|r| wider(r)) && by.iter().all(|r| wider(r) || is_exact(r)) {
        let how = by
            .iter()
            .filter_map(|r| match &r.observation.widened {
                Some(w) if wider(r) => {
                    Some(format!("{}, {} executions", w.method, term::count(w.executions)))
                }
                _ if is_exact(r) => Some(format!("{}, with no bound", exact_words(r.observation.executions))),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("; ");
        return (Class::Depth, format!("found only beyond the default search: {how}"));
    }
    if missed_by(Backend::Shuttle) && weak {
        return (
            Class::BlindSpot,
            "shuttle runs every atomic access as SeqCst: it cannot produce a weak-memory outcome".into(),
        );
    }
    let samples = missed
        .iter()
        .map(|r| match &r.observation.stopped {
            Some(why) => format!(
                "{}, which stopped after {}: {why}",
                r.observation.backend,
                r.runs(r.observation.executions)
            ),
            None => format!("{} in {}", r.observation.backend, r.runs(r.observation.executions)),
        })
        .collect::<Vec<_>>()
        .join("; ");
    (Class::Chance, format!("not seen by {samples}: a sample, not a search"))
}

/// Every backend's report of one variant, owned: what [`crate::check::check_variant`] returns.
#[derive(Debug)]
pub struct Checked {
    /// One report per backend, in [`Backend::ALL`]'s order (processes are not among them: see
    /// [`crate::check::check_variant`]).
    pub reports: Vec<Report>,
}

impl Checked {
    /// The combined verdict of these reports.
    pub fn combined(&self) -> Combined<'_> {
        Combined::new(self.reports.iter().collect())
    }

    /// The reports of the deterministic backends (loom, shuttle), then their combined verdict, as
    /// text: what a user's test keeps as an insta snapshot (real-thread counts vary from run to
    /// run, so they stay out; see [`crate::backend::Backend::is_deterministic`]).
    pub fn snapshot(&self) -> String {
        let kept: Vec<&Report> =
            self.reports.iter().filter(|r| r.observation.backend.is_deterministic()).collect();
        let mut text: String = kept.iter().map(|r| r.render() + "\n").collect();
        text.push_str(&Combined::new(kept).render());
        text
    }
}

#[cfg(test)]
mod tests {
    //! The two classes that need a backend to be unlucky or wrong, on made-up observations; the
    //! others come from real runs in `tests/literature.rs`.
    use super::*;
    use crate::model::observation::{Observation, Widened};
    use crate::model::outcome::Outcome;
    use crate::model::program::{Program, Shape};
    use crate::model::scenario::{Declared, outcome};

    /// No program: the observations are made up, and nothing runs it.
    #[derive(Debug)]
    struct MadeUp;

    impl Program for MadeUp {
        fn actors(&self) -> Vec<&'static str> {
            Vec::new()
        }

        fn run_once(&self) -> Outcome {
            Outcome::label("ok")
        }

        fn shape(&self) -> Shape<'_> {
            Shape::Body(|| Outcome::label("ok"))
        }
    }

    static OUTCOMES: &[Declared] = &[
        outcome("ok", Grade::Acceptable, "fine"),
        outcome("odd", Grade::Acceptable, "fine, but rare"),
        outcome("bad", Grade::Forbidden, "the bug"),
    ];

    static SCENARIO: Scenario = Scenario {
        id: "made_up",
        title: "",
        intent: "",
        explanation: "",
        preemption_bound: None,
        variants: &[Variant {
            name: "mine",
            claim: Claim::Correct,
            outcomes: OUTCOMES,
            otherwise: Grade::Forbidden,
            program: &MadeUp,
        }],
    };

    fn report(backend: Backend, seen: &[&'static str], tweak: impl FnOnce(&mut Observation)) -> Report {
        let columns = if backend == Backend::Loom { vec![] } else { vec!["count"] };
        let mut o = Observation::new(backend, "made up".into(), columns);
        for &id in seen {
            o.count(&Outcome::label(id), 0, 1, None, None);
        }
        o.executions = 1_000;
        tweak(&mut o);
        let variant = &SCENARIO.variants[0];
        let verdict = crate::verdict::judge(variant, &o);
        Report::new(&SCENARIO, variant, o, verdict)
    }

    fn exhaustive(o: &mut Observation) {
        o.exhaustive = true;
    }

    #[test]
    fn a_sample_that_missed_what_an_exhaustive_search_reached_is_chance() {
        let loom = report(Backend::Loom, &["ok", "bad"], exhaustive);
        let threads = report(Backend::Threads, &["ok"], |_| {});
        let combined = Combined::new(vec![&loom, &threads]);
        assert_eq!(combined.verdict, Verdict::Violated);
        let d = &combined.disagreements[0];
        assert_eq!((d.outcome.as_str(), d.class), ("bad", Class::Chance), "{}", combined.render());
        assert!(d.why.contains("threads in 1,000 trials"), "{}", d.why);
    }

    #[test]
    fn real_threads_reaching_what_loom_with_no_bound_never_did_is_a_red_flag_whatever_its_grade() {
        let unbounded = |o: &mut Observation| {
            o.exhaustive = true;
            o.widened = Some(Widened {
                method: "loom with no preemption bound".into(),
                executions: 50,
                finished: true,
                elapsed: Default::default(),
                beyond: vec![],
            });
        };
        let loom = report(Backend::Loom, &["ok"], unbounded);
        let threads = report(Backend::Threads, &["ok", "odd", "bad"], |_| {});
        let combined = Combined::new(vec![&loom, &threads]);
        let classes: Vec<(&str, Class)> =
            combined.disagreements.iter().map(|d| (d.outcome.as_str(), d.class)).collect();
        assert_eq!(classes, [("bad", Class::RedFlag), ("odd", Class::RedFlag)], "{}", combined.render());
    }

    /// rc11's report of a search that finished: every RC11-consistent execution.
    fn whole(o: &mut Observation) {
        o.exhaustive = true;
        o.orderings = vec!["Relaxed".into()];
    }

    #[test]
    fn what_loom_alone_reached_and_rc11_searched_whole_never_did_is_loom_s_artefact() {
        let loom = report(Backend::Loom, &["ok", "bad"], exhaustive);
        let rc11 = report(Backend::Rc11, &["ok"], whole);
        let combined = Combined::new(vec![&loom, &rc11]);
        assert_eq!(combined.verdict, Verdict::Verified, "{}", combined.render());
        let d = &combined.disagreements[0];
        assert_eq!((d.outcome.as_str(), d.class), ("bad", Class::OverApproximation), "{}", combined.render());
        assert!(
            d.why.contains("rc11's exact search of every RC11-consistent execution (1,000)"),
            "{}",
            d.why
        );
    }

    #[test]
    fn a_schedule_reaching_what_rc11_searched_whole_never_did_is_a_red_flag_and_stands() {
        let shuttle = report(Backend::Shuttle, &["ok", "bad"], |_| {});
        let rc11 = report(Backend::Rc11, &["ok"], whole);
        let combined = Combined::new(vec![&shuttle, &rc11]);
        assert_eq!(combined.verdict, Verdict::Violated, "{}", combined.render());
        let d = &combined.disagreements[0];
        assert_eq!((d.outcome.as_str(), d.class), ("bad", Class::RedFlag), "{}", combined.render());
    }

    #[test]
    fn a_weak_outcome_rc11_reached_and_loom_and_shuttle_did_not_is_their_blind_spot_and_stands() {
        let loom = report(Backend::Loom, &["ok"], exhaustive);
        let shuttle = report(Backend::Shuttle, &["ok"], |_| {});
        let rc11 = report(Backend::Rc11, &["ok", "bad"], whole);
        let combined = Combined::new(vec![&loom, &shuttle, &rc11]);
        assert_eq!(combined.verdict, Verdict::Violated, "{}", combined.render());
        let d = &combined.disagreements[0];
        assert_eq!((d.outcome.as_str(), d.class), ("bad", Class::BlindSpot), "{}", combined.render());
        assert_eq!(d.missed_by, [Backend::Loom, Backend::Shuttle]);
    }

    #[test]
    fn an_acceptable_outcome_a_sample_did_not_reach_is_no_disagreement() {
        let loom = report(Backend::Loom, &["ok", "odd"], exhaustive);
        let threads = report(Backend::Threads, &["ok"], |_| {});
        let combined = Combined::new(vec![&loom, &threads]);
        assert!(combined.disagreements.is_empty(), "{}", combined.render());
        assert_eq!(combined.verdict, Verdict::Verified);
    }

    #[test]
    fn a_search_cut_short_takes_nothing_from_a_whole_one_but_leaves_a_sample_inconclusive() {
        let cut = |o: &mut Observation| {
            o.count(&Outcome::CheckerLimit("rc11's budget of 10 runs".into()), 0, 1, None, None);
            o.stopped = Some("budget of 10 runs used up".into());
        };
        let rc11 = report(Backend::Rc11, &["ok"], cut);
        assert_eq!(rc11.verdict, Verdict::Inconclusive);
        let loom = report(Backend::Loom, &["ok"], exhaustive);
        let threads = report(Backend::Threads, &["ok"], |_| {});
        let whole = Combined::new(vec![&loom, &threads, &rc11]);
        assert_eq!(whole.verdict, Verdict::Verified, "{}", whole.render());
        let sampled = Combined::new(vec![&threads, &rc11]);
        assert_eq!(sampled.verdict, Verdict::Inconclusive, "{}", sampled.render());
    }
}
