//! Verdicts: what an observation means for a variant's claim, and whether that was expected.

use std::fmt;

use serde::Serialize;

pub mod sight;

use crate::model::observation::{Backend, Observation};
use crate::model::outcome::{self, Grade};
use crate::model::scenario::{Claim, Variant};

/// What a backend's observation means for the variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Broken code reached an Interesting or Forbidden outcome: the bug was found.
    Caught,
    /// Correct code reached no Forbidden outcome in an *exhaustive* search, within its stated
    /// bound: a proof, as far as the bound goes.
    Verified,
    /// Correct code reached no Forbidden outcome in a *sampling* run (shuttle's random or PCT
    /// schedules, real threads): evidence, never a proof.
    Passed,
    /// Broken code reached only Acceptable outcomes: the bug was not found.
    Missed,
    /// Correct code reached a Forbidden outcome.
    Violated,
    /// The backend reported a Forbidden outcome that an exact search (rc11, or for a program of
    /// nothing but `SeqCst` an exhaustive sequentially consistent one) shows unreachable: a known
    /// over-approximation of the backend (loom's `SeqCst` as `AcqRel`, loom issue 254), not a bug
    /// in the code.
    FalseAlarm,
    /// Not run: the backend cannot run this program, for the reason its observation gives
    /// ([`Observation::not_run`]).
    Skipped,
    /// Nothing conclusive: an exhaustive search was cut short, the check timed out, a checker's
    /// limit stopped it, or the checker failed or ran no execution at all, before any notable
    /// outcome was reached.
    Inconclusive,
}

impl Verdict {
    /// The verdict's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Caught => "caught",
            Verdict::Verified => "verified",
            Verdict::Passed => "passed",
            Verdict::Missed => "missed",
            Verdict::Violated => "violated",
            Verdict::FalseAlarm => "false alarm",
            Verdict::Inconclusive => "inconclusive",
            Verdict::Skipped => "skipped",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Grades an observation against the variant's claim.
pub fn judge(variant: &Variant, observation: &Observation) -> Verdict {
    let (graded, ungraded): (Vec<&String>, Vec<&String>) =
        observation.seen.keys().partition(|id| !outcome::says_nothing(id));
    let grades: Vec<Grade> = graded.into_iter().map(|id| variant.grade(id)).collect();
    let forbidden = grades.contains(&Grade::Forbidden);
    let notable = grades.iter().any(|&g| g != Grade::Acceptable);
    // A check cut short by a timeout or a checker limit, a checker that failed, or one that ran
    // nothing, cannot vouch for what it did not see.
    let cut_short = observation.failure.is_some() || observation.executions == 0 || !ungraded.is_empty();
    if observation.not_run.is_some() {
        return Verdict::Skipped;
    }
    match variant.claim {
        Claim::Broken if notable => Verdict::Caught,
        _ if cut_short && !forbidden => Verdict::Inconclusive,
        Claim::Broken => Verdict::Missed,
        Claim::Correct if forbidden => match &observation.cross_check {
            Some(check)
                if check.exhaustive && forbidden_unreachable(variant, observation, &check.reachable) =>
            {
                Verdict::FalseAlarm
            }
            _ => Verdict::Violated,
        },
        Claim::Correct if observation.backend == Backend::Loom && !observation.exhaustive => {
            Verdict::Inconclusive
        }
        Claim::Correct => proof(observation.backend, observation.exhaustive),
    }
}

/// What a clean run of `backend` can claim: `verified` for an exhaustive search (loom always is,
/// within its bound; shuttle's DFS when it finished), `passed` for sampling.
pub fn proof(backend: Backend, exhaustive: bool) -> Verdict {
    if backend == Backend::Loom || exhaustive { Verdict::Verified } else { Verdict::Passed }
}

fn forbidden_unreachable(variant: &Variant, observation: &Observation, reachable: &[String]) -> bool {
    observation
        .seen
        .keys()
        .filter(|id| variant.grade(id) == Grade::Forbidden)
        .all(|id| !reachable.contains(id))
}

/// How a report marks a verdict that is not one it accepts, in words that tell a finding about the
/// code from a surprise about the checkers:
/// - `CLAIM REFUTED`: code claimed correct reached a Forbidden outcome. The code has a bug (or the
///   grade is wrong); nothing is amiss with the checkers.
/// - `BUG NOT FOUND`: code claimed broken reached only Acceptable outcomes.
/// - `MISMATCH`: anything else, a verdict the backend should not give here (`inconclusive`, loom
///   missing a bug within its sight).
pub fn mark(verdict: Verdict, accepted: bool) -> &'static str {
    match verdict {
        _ if accepted => "",
        Verdict::Violated => " · CLAIM REFUTED",
        Verdict::Missed => " · BUG NOT FOUND",
        _ => " · MISMATCH",
    }
}

/// How a report spells the verdicts it accepts: `caught`, `caught or missed`.
pub fn describe(verdicts: &[Verdict]) -> String {
    verdicts.iter().map(|v| v.name()).collect::<Vec<_>>().join(" or ")
}
