//! A second opinion where loom reached a Forbidden outcome: rc11's whole search, or for a program
//! of nothing but `SeqCst` an exhaustive sequentially consistent one, decides whether the outcome
//! is loom's artefact ([`crate::report::combined`] classifies it).

use super::settings::{Settings, rc11_config};
use crate::backend::rc11 as rc11_backend;
use crate::backend::shuttle as shuttle_backend;
use crate::model::observation::{CrossCheck, Observation};
use crate::model::outcome;
use crate::model::scenario::Variant;

/// The most executions the sequentially consistent cross-check may take.
pub const CROSS_CHECK_LIMIT: usize = 100_000;

/// loom reached a Forbidden outcome. It may be a false alarm: loom treats `SeqCst` accesses as
/// `AcqRel`, and even without `SeqCst` it lets a plain store fall between a read-modify-write's
/// read and its write (loom issue 254, measured on GenMC's `inc2w` and `inc+inc+RR+W+RR`). How
/// it is told depends on the program's orderings, never on what the scenario declares:
/// - rc11 decides, exactly, for any mix of orderings ([`crate::rc11`]): what it never reaches in
///   every RC11-consistent execution is a false alarm, with its count as evidence; what it
///   reaches is real;
/// - a program with no atomic access at all is not asked about: its outcome stands;
/// - where rc11 cannot finish and the program has no `SeqCst`, the outcome stands;
/// - where rc11 cannot finish (its budget runs out, an execution outgrows its events): with every
///   access and fence `SeqCst`, sequential consistency is the whole truth (C++20 and RC11 give such
///   a program only SC executions), and an exhaustive SC search (shuttle's DFS) decides; with
///   `SeqCst` mixed with weaker orderings an SC search cannot tell loom's artefact from a real weak
///   behaviour, so nothing is guessed: the outcome stands, marked unconfirmed, saying why rc11
///   could not decide.
pub(super) fn second_opinion(variant: &'static Variant, settings: &Settings, observation: &mut Observation) {
    let orderings = &observation.orderings;
    if orderings.is_empty() {
        // No atomic access at all: loom's artefacts are both about atomics, and what it reached
        // (a panic, a deadlock over locks) stands. rc11 runs in this process, so it is not asked
        // to run a program it need not judge, one that may crash it (a stack overflow does).
        return;
    }
    let seq_cst = orderings.iter().any(|o| o == "SeqCst");
    let exact = rc11_backend::explore(variant.program, &rc11_config(settings));
    if exact.not_run.is_none() && exact.failure.is_none() && exact.exhaustive {
        observation.cross_check = Some(CrossCheck {
            method: "rc11: every RC11-consistent execution, exactly".to_string(),
            executions: exact.executions,
            exhaustive: true,
            reachable: exact.seen.keys().filter(|id| !outcome::says_nothing(id)).cloned().collect(),
        });
        return;
    }
    if !seq_cst {
        return;
    }
    let why_not = exact.not_run.or(exact.failure).or(exact.stopped).unwrap_or_default();
    if orderings.len() == 1 {
        observation.cross_check = Some(shuttle_backend::exhaust(variant.program, CROSS_CHECK_LIMIT));
    } else {
        observation.unconfirmed = Some(format!(
            "the program mixes SeqCst with {}, and loom treats SeqCst accesses as AcqRel: this may \
             be loom's artefact or a real weak behaviour, which a sequentially consistent search \
             cannot tell apart, and rc11, which would decide, could not run it ({why_not})",
            orderings.iter().filter(|o| *o != "SeqCst").cloned().collect::<Vec<_>>().join(", ")
        ));
    }
}
