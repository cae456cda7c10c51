//! The scenario: a small concurrent program, its variants, and what each claims.
//!
//! A [`Scenario`] is written once, in the shape jcstress gave its tests: a state constructor, a few
//! actor functions over that state, and an observer that reads the final state once the actors are
//! joined ([`crate::program::Actors`]). Programs that spawn their own threads (a pool, a pipeline)
//! are a single [`crate::program::Body`] instead. Every backend runs the same code through the
//! facade; what a backend asks of the code is the [`Program`] interface.
//!
//! This is the bottom of the house: the model imports nothing of racelab's but the leaves
//! (`tests/layers.rs` holds it to that), so a backend, a verdict or a report can read it and it
//! never reads them.

use super::outcome::Grade;
use super::program::Program;

/// A small concurrent program over shared state, with a claim about it.
#[derive(Debug)]
pub struct Scenario {
    /// Stable id, `topic_NN_what_goes_wrong`; never renumbered.
    pub id: &'static str,
    /// One line.
    pub title: &'static str,
    /// One paragraph: what the scenario shows.
    pub intent: &'static str,
    /// Why each interesting outcome happens.
    pub explanation: &'static str,
    /// Two or more versions of the code, usually `broken` and `fixed`.
    pub variants: &'static [Variant],
    /// loom's preemption bound for this scenario, if not [`DEFAULT_PREEMPTION_BOUND`].
    pub preemption_bound: Option<usize>,
}

/// loom's default preemption bound.
///
/// Exhaustive search without a bound grows combinatorially (measured with loom 0.7.2 directly,
/// before racelab existed: a mutex counter with 3 threads × 2 increments took 116,319 executions);
/// with a bound of 2 the same scenarios take a few hundred. Studies of real concurrency bugs
/// (Musuvathi and Qadeer, CHESS, PLDI 2007) found nearly all of them within two preemptions, and
/// every bug in this catalogue needs one or two.
pub const DEFAULT_PREEMPTION_BOUND: usize = 2;

impl Scenario {
    /// The variant called `name`.
    pub fn variant(&self, name: &str) -> Option<&'static Variant> {
        self.variants.iter().find(|v| v.name == name)
    }

    /// The preemption bound loom explores this scenario with.
    pub fn bound(&self) -> usize {
        self.preemption_bound.unwrap_or(DEFAULT_PREEMPTION_BOUND)
    }
}

/// Whether `id` reads as a scenario id, `topic_NN_what_goes_wrong`: a lowercase topic word, two
/// digits, then a lowercase snake_case rest (`counter_01_lost_update`).
pub fn well_formed_id(id: &str) -> bool {
    let mut parts = id.splitn(3, '_');
    let (Some(topic), Some(number), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let snake = |s: &str| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    !topic.is_empty()
        && topic.chars().all(|c| c.is_ascii_lowercase())
        && number.len() == 2
        && number.chars().all(|c| c.is_ascii_digit())
        && snake(rest)
}

/// One version of a scenario's code, with its outcomes graded.
///
/// It says what the code claims and how each outcome is graded, and nothing about what any checker
/// will answer: that is derived from the run ([`crate::verdict::sight`]), and the claim is judged once
/// across every backend ([`crate::report::combined`]).
#[derive(Debug)]
pub struct Variant {
    /// `broken`, `fixed`, or a name for a second fix.
    pub name: &'static str,
    /// Whether this code is claimed correct.
    pub claim: Claim,
    /// The outcomes it can produce, each graded and described.
    pub outcomes: &'static [Declared],
    /// The grade of any outcome not declared (the catch-all).
    pub otherwise: Grade,
    /// The code.
    pub program: &'static dyn Program,
}

impl Variant {
    /// The grade of the outcome with this id.
    pub fn grade(&self, id: &str) -> Grade {
        self.declared(id).map_or(self.otherwise, |d| d.grade)
    }

    /// The declaration of the outcome with this id, if any: the one declared with this exact id,
    /// else the first pattern that matches it (see [`Declared::matches`]).
    pub fn declared(&self, id: &str) -> Option<&'static Declared> {
        self.outcomes.iter().find(|d| d.id == id).or_else(|| self.outcomes.iter().find(|d| d.matches(id)))
    }

    /// The rows of an outcome table, sorted: every outcome `seen`, and every declared one, except
    /// a pattern (`panic: *`) that a seen outcome stands in for (that outcome's row is described
    /// by it).
    pub fn table_ids<'a>(&self, seen: impl Iterator<Item = &'a str> + Clone) -> Vec<String> {
        let mut ids: Vec<String> = self
            .outcomes
            .iter()
            .filter(|d| !seen.clone().any(|id| d.matches(id)))
            .map(|d| d.id.to_string())
            .collect();
        ids.extend(seen.map(str::to_string));
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// What a variant claims of itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// It has the bug: a checker should reach an Interesting or Forbidden outcome.
    Broken,
    /// It is correct: no checker should reach a Forbidden outcome.
    Correct,
}

/// One declared outcome.
#[derive(Debug)]
pub struct Declared {
    /// The outcome id (see [`Outcome::id`](super::outcome::Outcome::id)), or a pattern: an id
    /// ending in `*` grades every outcome that starts with what comes before it, so `panic: *`
    /// grades any panic, whatever its message, and `crashed: *` any crash.
    pub id: &'static str,
    /// Its grade.
    pub grade: Grade,
    /// One sentence: what it means.
    pub description: &'static str,
}

impl Declared {
    /// Whether this declaration is a pattern (`panic: *`) that covers the outcome `id`.
    pub fn matches(&self, id: &str) -> bool {
        self.id.strip_suffix('*').is_some_and(|prefix| id.starts_with(prefix))
    }
}

/// Shorthand for a [`Declared`] outcome.
pub const fn outcome(id: &'static str, grade: Grade, description: &'static str) -> Declared {
    Declared { id, grade, description }
}
