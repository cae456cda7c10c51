//! Outcomes and grades: what one execution produced, and what the scenario says of it.

use std::fmt;

use serde::Serialize;

/// How many values an outcome can hold (one per actor, or a few from the observer).
pub const MAX_VALUES: usize = 4;

/// What one execution produced.
///
/// Its [`id`](Outcome::id) is a short string in actor order: `"1"`, `"0, 1"`, a label such as
/// `"lost"`, or one of the outcomes racelab adds itself: `deadlock` (a model checker found every
/// thread blocked), `hang` (the real-thread watchdog fired or shuttle's step bound ran out),
/// `panic: message`, and what ended a check's child process: `crashed: SIGABRT`, `exited: 3`,
/// `timed out after 30 s`. The last, and `checker limit: ...`, say nothing about the program:
/// see [`says_nothing`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// Values in actor order.
    Values {
        /// How many of `values` are used.
        len: u8,
        /// The values, unused ones zero.
        values: [i64; MAX_VALUES],
    },
    /// A fixed label chosen by the observer.
    Label(&'static str),
    /// Every thread blocked, found by a model checker.
    Deadlock,
    /// The real-thread watchdog saw no progress in time.
    Hang,
    /// An actor or the observer panicked with this message.
    Panic(String),
    /// The check's process was killed by this signal (`SIGABRT`: an abort or a stack overflow;
    /// `SIGSEGV`): the program crashed it.
    Crashed(String),
    /// The check's process exited by itself with this status: the program called `exit`.
    Exited(i32),
    /// The check's process did not finish within this many seconds and was killed.
    TimedOut(u64),
    /// The checker cannot run the program as written, for this reason (loom's thread limit).
    CheckerLimit(String),
}

/// The id of [`Outcome::Deadlock`].
pub const DEADLOCK: &str = "deadlock";
/// The id of [`Outcome::Hang`].
pub const HANG: &str = "hang";
/// How the id of [`Outcome::TimedOut`] starts.
pub const TIMED_OUT: &str = "timed out after ";
/// How the id of [`Outcome::CheckerLimit`] starts.
pub const CHECKER_LIMIT: &str = "checker limit: ";

/// Whether an outcome id says nothing about the program: a check that ran out of time (an endless
/// loop and a long search look the same from outside) or a checker's own limit.
///
/// Such an outcome is never graded: a verdict that rests on it is `inconclusive`.
pub fn says_nothing(id: &str) -> bool {
    id.starts_with(TIMED_OUT) || id.starts_with(CHECKER_LIMIT)
}

/// The report's description of an outcome that [`says_nothing`].
pub fn why_it_says_nothing(id: &str) -> &'static str {
    if id.starts_with(TIMED_OUT) {
        "not graded: an endless loop and a long search look alike; rerun with a longer --timeout"
    } else if id.contains("budget of") {
        "not graded: the search used up its budget before it finished; a larger one searches further"
    } else {
        "not graded: the checker cannot run the program as written; another backend can"
    }
}

impl Outcome {
    /// One value.
    pub fn value(v: impl Into<i64>) -> Outcome {
        Outcome::values([v.into()])
    }

    /// Several values, in actor order.
    pub fn values<const N: usize>(vs: [i64; N]) -> Outcome {
        const { assert!(N <= MAX_VALUES, "an outcome holds at most MAX_VALUES values") };
        let mut values = [0; MAX_VALUES];
        values[..N].copy_from_slice(&vs);
        Outcome::Values { len: N as u8, values }
    }

    /// A label.
    pub fn label(label: &'static str) -> Outcome {
        Outcome::Label(label)
    }

    /// The outcome's id, as declared in scenarios and shown in reports.
    pub fn id(&self) -> String {
        self.to_string()
    }
}

/// Counts of outcomes, in the order first seen: what a stress run adds to once per trial.
///
/// An outcome is already a compact key: values and labels are a few words, with nothing to
/// allocate or format; its id is written once per distinct outcome, by the report. What a count
/// per trial costs is the search for the outcome's row, so the row found last is tried first: a
/// run sees a handful of outcomes, and mostly the same one many times over.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    counts: Vec<(Outcome, u64)>,
    last: usize,
}

impl Tally {
    /// Adds `n` to the count of `outcome`, appending it if new.
    #[inline(always)]
    pub fn add(&mut self, outcome: Outcome, n: u64) {
        if let Some((seen, count)) = self.counts.get_mut(self.last)
            && same(seen, &outcome)
        {
            *count += n;
            return;
        }
        self.add_elsewhere(outcome, n);
    }

    #[inline(never)]
    fn add_elsewhere(&mut self, outcome: Outcome, n: u64) {
        match self.counts.iter().position(|(seen, _)| *seen == outcome) {
            Some(at) => {
                self.counts[at].1 += n;
                self.last = at;
            }
            None => {
                self.counts.push((outcome, n));
                self.last = self.counts.len() - 1;
            }
        }
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Tally) {
        for (outcome, n) in &other.counts {
            self.add(outcome.clone(), *n);
        }
    }

    /// The counts, in the order first seen.
    pub fn counts(&self) -> &[(Outcome, u64)] {
        &self.counts
    }

    /// Forgets every count.
    pub fn clear(&mut self) {
        self.counts.clear();
        self.last = 0;
    }

    /// The counts, in the order first seen.
    pub fn into_counts(self) -> Vec<(Outcome, u64)> {
        self.counts
    }
}

/// Whether two outcomes are the same: `==`, with values (what nearly every trial produces)
/// compared first and inline.
#[inline(always)]
fn same(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Outcome::Values { len: l, values: v }, Outcome::Values { len: m, values: w }) => l == m && v == w,
        _ => a == b,
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Values { len, values } => {
                for (i, v) in values[..*len as usize].iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                Ok(())
            }
            Outcome::Label(label) => f.write_str(label),
            Outcome::Deadlock => f.write_str(DEADLOCK),
            Outcome::Hang => f.write_str(HANG),
            Outcome::Panic(message) => write!(f, "panic: {message}"),
            Outcome::Crashed(signal) => write!(f, "crashed: {signal}"),
            Outcome::Exited(code) => write!(f, "exited: {code}"),
            Outcome::TimedOut(seconds) => write!(f, "{TIMED_OUT}{seconds} s"),
            Outcome::CheckerLimit(why) => write!(f, "{CHECKER_LIMIT}{why}"),
        }
    }
}

/// What a scenario says of an outcome, as jcstress grades them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Correct behaviour.
    Acceptable,
    /// Allowed by the code as written, and the reason the scenario exists: the bug, made visible.
    Interesting,
    /// Must never happen: seen in a variant that claims to be correct, it is a violation.
    Forbidden,
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Grade::Acceptable => "Acceptable",
            Grade::Interesting => "Interesting",
            Grade::Forbidden => "Forbidden",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_in_actor_order() {
        assert_eq!(Outcome::value(1).id(), "1");
        assert_eq!(Outcome::values([0, 1]).id(), "0, 1");
        assert_eq!(Outcome::label("lost").id(), "lost");
        assert_eq!(Outcome::Deadlock.id(), "deadlock");
        assert_eq!(Outcome::Panic("boom".into()).id(), "panic: boom");
        assert_eq!(Outcome::Crashed("SIGABRT".into()).id(), "crashed: SIGABRT");
        assert_eq!(Outcome::Exited(3).id(), "exited: 3");
    }

    #[test]
    fn a_tally_counts_each_outcome_in_the_order_first_seen() {
        let mut tally = Tally::default();
        for outcome in [Outcome::value(2), Outcome::value(1), Outcome::value(2), Outcome::value(2)] {
            tally.add(outcome, 1);
        }
        tally.add(Outcome::Panic("boom".into()), 3);
        tally.add(Outcome::value(1), 1);
        let mut other = Tally::default();
        other.add(Outcome::label("lost"), 5);
        other.add(Outcome::value(1), 1);
        tally.merge(&other);
        let ids: Vec<(String, u64)> = tally.counts().iter().map(|(o, n)| (o.id(), *n)).collect();
        assert_eq!(ids, [("2".into(), 3), ("1".into(), 3), ("panic: boom".into(), 3), ("lost".into(), 5)]);
        tally.clear();
        assert!(tally.counts().is_empty());
    }

    #[test]
    fn only_timeouts_and_checker_limits_say_nothing_about_the_program() {
        assert!(says_nothing(&Outcome::TimedOut(30).id()));
        assert!(says_nothing(&Outcome::CheckerLimit("loom supports 5 threads".into()).id()));
        for graded in
            [Outcome::Crashed("SIGSEGV".into()), Outcome::Exited(0), Outcome::Hang, Outcome::Deadlock]
        {
            assert!(!says_nothing(&graded.id()), "{graded}");
        }
    }
}
