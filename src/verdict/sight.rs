//! What each backend can see of a variant: derived from its claim and from the run, never declared.
//!
//! A scenario says what its code claims and grades its outcomes; it never says what a checker will
//! answer, because the author of a new program does not know that yet (and a declared answer
//! would turn "the code has a bug" and "the scenario is misdeclared" into the same mismatch).
//! What a backend can answer follows from what the backend is and from what the program did while
//! it ran, which the run itself records ([`Observation::orderings`], [`Observation::not_run`]):
//!
//! | backend | broken code | correct code |
//! |---|---|---|
//! | loom | `caught` | `verified`; `false alarm` too once it reached a Forbidden outcome with `SeqCst` accesses (it treats them as `AcqRel`) |
//! | shuttle | `caught`; with weaker atomics also `missed` (it runs every access as `SeqCst`) | `passed`, or `verified` after an exhaustive DFS |
//! | rc11 | `caught` | `verified`; `inconclusive` when its budget of runs cut the search short (the run records it) |
//! | real threads | `caught` or `missed`: a race shows only when the machine lets it | `passed` |
//! | any, not run | `skipped`, with the reason the run gave | `skipped` |
//!
//! A verdict outside its backend's sight is marked in that backend's report
//! ([`verdict::mark`]): `CLAIM REFUTED` when correct code reached a Forbidden outcome (a finding
//! about the code), `MISMATCH` for a surprise about the checker (loom missing a bug, which lies
//! beyond its bound then; shuttle missing one with nothing but `SeqCst` atomics; anything
//! `inconclusive`). Whether the code keeps its claim is decided once, across
//! every backend, by [`crate::report::combined`].

use super::{self as verdict, Verdict};
use crate::model::observation::{Backend, Observation};
use crate::model::scenario::Claim;

/// Why a race may be missed on real threads.
pub const RACE_ON_REAL_THREADS: &str = "real threads show a race only while both actors hold a core at once: \
                                        nearly always on an idle machine, rarely on a loaded one";

/// Why loom may reach an outcome that no RC11-consistent execution reaches, in a program without
/// `SeqCst`.
pub const LOOM_OUTSIDE_RC11: &str = "loom does not keep a read-modify-write atomic against a plain store \
                                     between its read and its write (loom issue 254, open), nor always \
                                     respect modification order (loom issue 282), so it may reach an \
                                     outcome no RC11-consistent execution reaches";

/// Why real processes may miss a broken variant's bug.
pub const RACE_ON_REAL_PROCESSES: &str = "real processes show a race only when their few microseconds of \
                                          work overlap, which a trial arranges but cannot force; each \
                                          trial starts processes, so a run makes hundreds, not millions";

/// What one backend can answer for one variant, and why, where it is not simply the claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sight {
    /// The verdicts it can give without anything being amiss.
    pub accepts: &'static [Verdict],
    /// Why it can give more than the claim asks for (or other than it), in words.
    pub why: Option<String>,
}

impl Sight {
    fn claim(accepts: &'static [Verdict]) -> Sight {
        Sight { accepts, why: None }
    }

    fn because(accepts: &'static [Verdict], why: impl Into<String>) -> Sight {
        Sight { accepts, why: Some(why.into()) }
    }
}

/// What `observation`'s backend can see of a variant claiming `claim`.
pub fn derive(claim: Claim, observation: &Observation) -> Sight {
    if let Some(why) = &observation.not_run {
        return Sight::because(&[Verdict::Skipped], why.clone());
    }
    let orderings = &observation.orderings;
    let seq_cst = orderings.iter().any(|o| o == "SeqCst");
    let weaker: Vec<&str> = orderings.iter().map(String::as_str).filter(|o| *o != "SeqCst").collect();
    match (observation.backend, claim) {
        // rc11's search cut by its budget of runs: what it did not reach is unknown, and the
        // report says so; a bug it reached before the cut is still caught.
        (Backend::Rc11, _) if observation.stopped.is_some() => Sight::because(
            if claim == Claim::Broken {
                &[Verdict::Caught, Verdict::Inconclusive]
            } else {
                &[Verdict::Inconclusive]
            },
            "rc11's budget of runs ran out before its search finished; a larger --max-explored \
             searches further",
        ),
        (Backend::Loom | Backend::Rc11, Claim::Broken) => Sight::claim(&[Verdict::Caught]),
        // Only once loom has reached a Forbidden outcome (the cross-check or the note that it is
        // unconfirmed tells): a clean search needs no excuse.
        (Backend::Loom, Claim::Correct)
            if seq_cst && (observation.cross_check.is_some() || observation.unconfirmed.is_some()) =>
        {
            Sight::because(
                &[Verdict::Verified, Verdict::FalseAlarm],
                "loom treats SeqCst accesses as AcqRel, so it may reach an outcome that SeqCst forbids",
            )
        }
        // Without SeqCst too, once rc11's whole search has judged what loom reached.
        (Backend::Loom, Claim::Correct) if observation.cross_check.is_some() => {
            Sight::because(&[Verdict::Verified, Verdict::FalseAlarm], LOOM_OUTSIDE_RC11)
        }
        (Backend::Shuttle, Claim::Broken) if !weaker.is_empty() => Sight::because(
            &[Verdict::Caught, Verdict::Missed],
            format!(
                "shuttle runs every atomic access as SeqCst, and this program uses {}: a bug of weak \
                 memory is out of its sight",
                weaker.join(", ")
            ),
        ),
        (Backend::Shuttle, Claim::Broken) => Sight::claim(&[Verdict::Caught]),
        (Backend::Threads, Claim::Broken) => {
            Sight::because(&[Verdict::Caught, Verdict::Missed], RACE_ON_REAL_THREADS)
        }
        (Backend::Processes, Claim::Broken) => {
            Sight::because(&[Verdict::Caught, Verdict::Missed], RACE_ON_REAL_PROCESSES)
        }
        (backend, Claim::Correct) => {
            Sight::claim(if verdict::proof(backend, observation.exhaustive) == Verdict::Verified {
                &[Verdict::Verified]
            } else {
                &[Verdict::Passed]
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observed(backend: Backend, orderings: &[&str]) -> Observation {
        let mut o = Observation::new(backend, String::new(), vec![]);
        o.orderings = orderings.iter().map(|s| s.to_string()).collect();
        o
    }

    #[test]
    fn shuttle_may_miss_a_bug_only_where_the_program_uses_weaker_atomics() {
        let relaxed = derive(Claim::Broken, &observed(Backend::Shuttle, &["Relaxed", "SeqCst"]));
        assert_eq!(relaxed.accepts, [Verdict::Caught, Verdict::Missed]);
        assert!(relaxed.why.unwrap().contains("uses Relaxed"), "names what the program used");
        let seq_cst = derive(Claim::Broken, &observed(Backend::Shuttle, &["SeqCst"]));
        assert_eq!(seq_cst, Sight { accepts: &[Verdict::Caught], why: None });
    }

    #[test]
    fn loom_may_raise_a_false_alarm_only_once_it_reached_a_forbidden_outcome_with_seqcst() {
        let mut o = observed(Backend::Loom, &["SeqCst"]);
        assert_eq!(derive(Claim::Correct, &o).accepts, [Verdict::Verified], "a clean search needs no excuse");
        o.unconfirmed = Some("mixed".into());
        assert_eq!(derive(Claim::Correct, &o).accepts, [Verdict::Verified, Verdict::FalseAlarm]);
        o.orderings = vec!["Relaxed".into()];
        assert_eq!(derive(Claim::Correct, &o).accepts, [Verdict::Verified], "no SeqCst, no artefact");
    }

    #[test]
    fn real_threads_may_miss_any_race_and_a_sample_never_verifies() {
        assert_eq!(
            derive(Claim::Broken, &observed(Backend::Threads, &[])).accepts,
            [Verdict::Caught, Verdict::Missed]
        );
        assert_eq!(derive(Claim::Correct, &observed(Backend::Threads, &[])).accepts, [Verdict::Passed]);
        let mut dfs = observed(Backend::Shuttle, &[]);
        dfs.exhaustive = true;
        assert_eq!(derive(Claim::Correct, &dfs).accepts, [Verdict::Verified], "shuttle's finished DFS");
    }

    #[test]
    fn an_rc11_search_cut_by_its_budget_may_be_inconclusive_and_says_why() {
        let mut o = observed(Backend::Rc11, &[]);
        o.exhaustive = true;
        assert_eq!(derive(Claim::Correct, &o).accepts, [Verdict::Verified], "a finished search");
        o.stopped = Some("budget of 10 runs used up".into());
        let sight = derive(Claim::Correct, &o);
        assert_eq!(sight.accepts, [Verdict::Inconclusive]);
        assert!(sight.why.unwrap().contains("--max-explored"), "says how to search further");
        assert_eq!(derive(Claim::Broken, &o).accepts, [Verdict::Caught, Verdict::Inconclusive]);
    }

    #[test]
    fn a_program_not_run_is_skipped_with_the_reason_the_run_gave() {
        let mut o = observed(Backend::Loom, &[]);
        o.not_run = Some("loom has no executor".into());
        let sight = derive(Claim::Broken, &o);
        assert_eq!(sight.accepts, [Verdict::Skipped]);
        assert_eq!(sight.why.as_deref(), Some("loom has no executor"));
    }
}
