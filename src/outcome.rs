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

/// Adds `n` to the count of `outcome`, appending it if new: outcomes stay in the order first seen.
pub fn tally(counts: &mut Vec<(Outcome, u64)>, outcome: Outcome, n: u64) {
    match counts.iter_mut().find(|(o, _)| *o == outcome) {
        Some((_, c)) => *c += n,
        None => counts.push((outcome, n)),
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
