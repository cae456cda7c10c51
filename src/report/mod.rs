//! Reports: the verdict, the outcome table, the witness traces and how to replay them.
//!
//! [`Report::render`] is deterministic for loom and shuttle (no timings, thread ids or addresses),
//! so the test suite keeps it as an insta snapshot: a pull request shows what changed in what the
//! checkers found. [`Report::render_for`] lays the same text out for a terminal (its width, its
//! colours; see [`crate::term`]). [`Report::json`] carries the same facts, plus timings, for
//! other tools. [`combined`] sets every backend's report of one variant side by side, under one
//! combined verdict.
//!
//! A report reads the model and the verdicts, never a backend or a check: it prints what it is
//! given.

pub mod combined;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use comfy_table::{Cell, Table};
use serde::Serialize;

use crate::model::observation::{Backend, CrossCheck, Observation, Widened};
use crate::model::outcome::Grade;
use crate::model::scenario::{Scenario, Variant};
use crate::model::trace::Trace;
use crate::term::{self, Layout, Tone};
use crate::verdict::sight::{self, Sight};
use crate::verdict::{self, Verdict};

/// A borderless table whose columns are as wide as their widest cell, never wrapped to the
/// terminal's width: [`Layout::PLAIN`]'s table, which reads the same in any terminal, in a pipe
/// and in a snapshot.
pub fn plain_table(header: impl Into<comfy_table::Row>) -> Table {
    Layout::PLAIN.table(header)
}

/// The name of an insta snapshot of `variant`'s reports: `counter_01_lost_update.broken.loom` for
/// one backend's, `bank_01_two_withdrawals.mine` for every backend's together (what
/// [`combined::Checked::snapshot`] gives). The parts are joined with dots, never insta's
/// `__`: insta takes what follows a file name's last `__` for the snapshot's name, so
/// `cargo insta review` would show `loom.snap` for every scenario.
pub fn snapshot_name(scenario: &Scenario, variant: &Variant, backend: Option<Backend>) -> String {
    match backend {
        Some(backend) => format!("{}.{}.{backend}", scenario.id, variant.name),
        None => format!("{}.{}", scenario.id, variant.name),
    }
}

/// One scenario variant checked on one backend.
#[derive(Clone, Debug)]
pub struct Report {
    /// The scenario.
    pub scenario: &'static Scenario,
    /// The variant.
    pub variant: &'static Variant,
    /// What the backend saw.
    pub observation: Observation,
    /// What it means.
    pub verdict: Verdict,
    /// What this backend can see of the variant, derived from its claim and the run.
    pub sight: Sight,
}

/// One row of the outcome table.
#[derive(Debug, Serialize)]
pub struct Row {
    /// Outcome id.
    pub id: String,
    /// Its grade for this variant; none for a check that did not finish or a checker's limit,
    /// which say nothing about the program (see [`crate::model::outcome::says_nothing`]).
    pub grade: Option<Grade>,
    /// Whether the backend reached it.
    pub seen: bool,
    /// How often, where the backend counts (summed over its count columns).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// How often per count column (shuttle: `random`, `pct`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub counts: BTreeMap<String, u64>,
    /// The declared description, or a note that the catch-all graded it.
    pub description: String,
    /// A replay key for the first execution that reached it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replay: Option<String>,
    /// The first execution that reached it, where a model checker recorded one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<Trace>,
}

/// The JSON form of a report (`racelab check --json`).
#[derive(Debug, Serialize)]
pub struct JsonReport {
    scenario: &'static str,
    variant: &'static str,
    backend: Backend,
    setting: String,
    verdict: Verdict,
    expected: Vec<Verdict>,
    matches: bool,
    executions: u64,
    #[serde(skip_serializing_if = "is_zero")]
    explored: u64,
    exhaustive: bool,
    stopped: Option<String>,
    failure: Option<String>,
    elapsed_ms: f64,
    outcomes: Vec<Row>,
    replay: Option<String>,
    cross_check: Option<CrossCheck>,
    unconfirmed: Option<String>,
    widened: Option<Widened>,
}

/// A grade's cell, in its tone: `-` for an outcome that says nothing about the program.
pub fn grade_cell(grade: Option<Grade>) -> Cell {
    match grade {
        None => Layout::cell("-", Tone::Quiet),
        Some(g @ Grade::Acceptable) => Layout::cell(g, Tone::Good),
        Some(g @ Grade::Interesting) => Layout::cell(g, Tone::Notable),
        Some(g @ Grade::Forbidden) => Layout::cell(g, Tone::Bad),
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Report {
    /// Puts a graded observation together.
    pub fn new(
        scenario: &'static Scenario,
        variant: &'static Variant,
        observation: Observation,
        verdict: Verdict,
    ) -> Self {
        let sight = sight::derive(variant.claim, &observation);
        Report { scenario, variant, observation, verdict, sight }
    }

    /// The verdicts this backend can give on the variant ([`crate::verdict::sight`]).
    pub fn expected_verdicts(&self) -> &'static [Verdict] {
        self.sight.accepts
    }

    /// Whether the verdict is one this backend can give.
    pub fn matches(&self) -> bool {
        self.expected_verdicts().contains(&self.verdict)
    }

    /// What the backend counts: `executions`, `iterations` or `trials`.
    pub fn unit(&self) -> &'static str {
        match self.observation.backend {
            Backend::Loom | Backend::Rc11 => "executions",
            Backend::Shuttle => "iterations",
            Backend::Threads | Backend::Processes => "trials",
        }
    }

    /// `n` of what the backend counts: `1 execution`, `2,000 iterations`.
    pub fn runs(&self, n: u64) -> String {
        let unit = self.unit();
        format!("{} {}", term::count(n), if n == 1 { unit.trim_end_matches('s') } else { unit })
    }

    /// Every declared outcome and every outcome reached, sorted by id.
    pub fn rows(&self) -> Vec<Row> {
        let ids = self.variant.table_ids(self.observation.seen.keys().map(String::as_str));
        let counted = !self.observation.columns.is_empty();
        ids.iter()
            .map(|id| {
                let id = id.as_str();
                let seen = self.observation.seen.get(id);
                let counts: BTreeMap<_, _> = self
                    .observation
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.clone(), seen.map_or(0, |s| s.counts[i])))
                    .collect();
                let graded = !crate::model::outcome::says_nothing(id);
                Row {
                    id: id.to_string(),
                    grade: graded.then(|| self.variant.grade(id)),
                    seen: seen.is_some(),
                    count: counted.then(|| counts.values().sum()),
                    counts: if self.observation.columns.len() > 1 { counts } else { BTreeMap::new() },
                    description: match self.variant.declared(id) {
                        Some(d) => d.description.to_string(),
                        None if !graded => crate::model::outcome::why_it_says_nothing(id).to_string(),
                        None => format!("not declared: graded {} by the catch-all", self.variant.otherwise),
                    },
                    replay: seen.and_then(|s| s.replay.clone()),
                    witness: seen.and_then(|s| s.witness.clone()),
                }
            })
            .collect()
    }

    /// The report as text. Deterministic for loom and shuttle; for real threads it adds the rate.
    pub fn render(&self) -> String {
        self.render_for(&Layout::PLAIN)
    }

    /// The report laid out for `layout`: lines wrapped to its width, verdicts and grades in its
    /// colours. With [`Layout::PLAIN`] this is [`Report::render`].
    pub fn render_for(&self, layout: &Layout) -> String {
        let o = &self.observation;
        let explored = match (o.backend, o.explored, o.duplicates) {
            (Backend::Rc11, 0, _) => String::new(),
            (Backend::Rc11, runs, 0) => format!(" ({} explored)", term::count(runs)),
            // TruSt builds each graph once: a repeat is a bug in rc11, and says so.
            (Backend::Rc11, runs, twice) => {
                format!(
                    " ({} explored; {} built twice, a bug in rc11)",
                    term::count(runs),
                    term::count(twice)
                )
            }
            _ => String::new(),
        };
        let mut prose = vec![format!(
            "{} · {} · {} ({}) · {}{explored}",
            self.scenario.id,
            self.variant.name,
            o.backend,
            o.setting,
            self.runs(o.executions)
        )];
        prose.push(format!("verdict: {}", self.verdict_line(layout)));
        if self.verdict == Verdict::Skipped {
            return prose.iter().map(|line| layout.wrap(line, "  ")).collect();
        }
        if let Some(stopped) = &o.stopped {
            prose.push(format!("stopped early: {stopped}"));
        }
        if let Some(failure) = &o.failure {
            prose.push(format!("checker failure: {failure}"));
        }
        if let Some(w) = &o.widened {
            prose.push(format!(
                "widened: {}, {} more in {:.1} s, {}{}",
                w.method,
                self.runs(w.executions),
                w.elapsed.as_secs_f64(),
                if w.finished { "to its end" } else { "until its time budget ran out" },
                if w.beyond.is_empty() {
                    "; nothing new".to_string()
                } else {
                    format!("; found beyond the default search: {}", w.beyond.join(" · "))
                }
            ));
        }
        if let Some(why) = &o.unconfirmed {
            prose.push(format!("unconfirmed: {why}"));
        }
        if let Some(check) = &o.cross_check {
            prose.push(format!(
                "cross-check: {}, {} executions{}; reachable: {}",
                check.method,
                term::count(check.executions),
                if check.exhaustive { "" } else { " (cut short)" },
                check.reachable.join(" · ")
            ));
        }
        if o.backend.is_real() && !o.elapsed.is_zero() {
            let seconds = o.elapsed.as_secs_f64();
            let witnesses: u64 = o
                .seen
                .iter()
                .filter(|(id, _)| {
                    self.variant.grade(id) != Grade::Acceptable && !crate::model::outcome::says_nothing(id)
                })
                .map(|(_, s)| s.counts.iter().sum::<u64>())
                .sum();
            let rate = o.executions as f64 / seconds;
            let rate = if rate >= 1e5 { format!("{:.1} M", rate / 1e6) } else { term::count(rate as u64) };
            prose.push(format!(
                "rate: {rate} trials/s, {} witnesses/s (non-acceptable outcomes), over {seconds:.2} s",
                term::count((witnesses as f64 / seconds) as u64)
            ));
        }
        let mut out: String = prose.iter().map(|line| layout.wrap(line, "  ")).collect();
        out.push('\n');
        out.push_str(&self.table(layout));
        let rows = self.rows();
        for row in rows.iter().filter(|r| r.grade != Some(Grade::Acceptable) && r.seen) {
            if let Some(witness) = &row.witness {
                let _ = write!(out, "\nwitness for \"{}\":\n{}", row.id, witness.render_within(layout.width));
            }
            if let Some(key) = &row.replay {
                let line =
                    format!("replay: racelab replay {} {} {}", self.scenario.id, self.variant.name, key);
                out.push_str(&layout.wrap(&line, "  "));
            }
        }
        out
    }

    fn verdict_line(&self, layout: &Layout) -> String {
        if self.verdict == Verdict::Skipped {
            let why = self.observation.not_run.as_deref().unwrap_or("the backend cannot run this program");
            return format!("{}: {why}", layout.paint("SKIPPED", Tone::Quiet));
        }
        let expected = verdict::describe(self.expected_verdicts());
        let reason = self.sight.why.as_ref().map_or(String::new(), |why| format!(": {why}"));
        let tone = if self.matches() { Tone::Good } else { Tone::Bad };
        let mark = layout.paint(verdict::mark(self.verdict, self.matches()), Tone::Bad);
        let evidence = self.evidence().map_or(String::new(), |e| format!(": {e}"));
        let name = layout.paint(&self.verdict.name().to_uppercase(), tone);
        format!("{name} (expected {expected}{reason}){evidence}{mark}")
    }

    /// What a clean verdict rests on, in words: the bound of an exhaustive search, the size of a
    /// sample.
    fn evidence(&self) -> Option<String> {
        let o = &self.observation;
        match self.verdict {
            Verdict::Verified if o.widened.as_ref().is_some_and(|w| w.finished) => {
                let w = o.widened.as_ref().expect("just checked");
                Some(format!("all {} executions with no preemption bound", term::count(w.executions)))
            }
            Verdict::Verified => {
                let all = match o.executions {
                    1 => format!("the only {}", self.unit().trim_end_matches('s')),
                    n => format!("all {}", self.runs(n)),
                };
                Some(match &o.scope {
                    Some(scope) => format!("{all} {scope}"),
                    None => all,
                })
            }
            Verdict::Passed => {
                Some(format!("no forbidden outcome in {}; a sample, not a proof", self.runs(o.executions)))
            }
            _ => None,
        }
    }

    fn table(&self, layout: &Layout) -> String {
        let columns = &self.observation.columns;
        let mut header = vec!["OUTCOME".to_string(), "GRADE".to_string()];
        if columns.is_empty() {
            header.push("SEEN".to_string());
        } else {
            header.extend(columns.iter().map(|c| c.to_uppercase()));
            header.push("SHARE".to_string());
        }
        header.push("DESCRIPTION".to_string());
        let mut table = layout.table(header);
        let rows = self.rows();
        // The share of every run this table counts, the wider search's included.
        let total: u64 = rows.iter().filter_map(|r| r.count).sum();
        for row in rows {
            let mut cells = vec![Cell::new(&row.id), grade_cell(row.grade)];
            if columns.is_empty() {
                cells.push(Cell::new(if row.seen { "yes" } else { "no" }));
            } else {
                if row.counts.is_empty() {
                    cells.push(Cell::new(term::count(row.count.unwrap_or(0))));
                } else {
                    cells.extend(columns.iter().map(|c| Cell::new(term::count(row.counts[c]))));
                }
                cells.push(Cell::new(term::share(row.count.unwrap_or(0), total)));
            }
            cells.push(Cell::new(&row.description));
            table.add_row(cells);
        }
        Layout::lines(&mut table)
    }

    /// The report as a JSON value.
    pub fn json(&self) -> JsonReport {
        let rows = self.rows();
        JsonReport {
            scenario: self.scenario.id,
            variant: self.variant.name,
            backend: self.observation.backend,
            setting: self.observation.setting.clone(),
            verdict: self.verdict,
            expected: self.expected_verdicts().to_vec(),
            matches: self.matches(),
            executions: self.observation.executions,
            explored: self.observation.explored,
            exhaustive: self.observation.exhaustive,
            stopped: self.observation.stopped.clone(),
            failure: self.observation.failure.clone(),
            elapsed_ms: self.observation.elapsed.as_secs_f64() * 1e3,
            replay: rows.iter().filter(|r| r.grade != Some(Grade::Acceptable)).find_map(|r| r.replay.clone()),
            outcomes: rows,
            cross_check: self.observation.cross_check.clone(),
            unconfirmed: self.observation.unconfirmed.clone(),
            widened: self.observation.widened.clone(),
        }
    }
}
