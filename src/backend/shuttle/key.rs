//! Replay keys: one shuttle execution, written as a string that `racelab replay` runs again.
//!
//! A key reads `s1-1a2b3c4d-0223322`: a format version, a checksum of the scenario, variant and
//! outcome it was recorded for, and the scheduling decisions in order, one base-36 digit per
//! decision (the id of the task that ran). Replaying follows the decisions one by one; if the code
//! changed so that a decision names a task that cannot run, or the replay ends in another outcome,
//! the key is stale and says so, rather than silently replaying something else.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use shuttle::scheduler::{Schedule, Scheduler, Task, TaskId};

const VERSION: &str = "s1";

/// Makes the key of an execution of `scenario`/`variant` that ended in `outcome`.
pub fn encode(scenario: &str, variant: &str, outcome: &str, steps: &[usize]) -> String {
    let digits: String = steps
        .iter()
        .map(|&s| char::from_digit(s as u32, 36).expect("task ids in a key stay below 36"))
        .collect();
    format!("{VERSION}-{:08x}-{digits}", checksum(scenario, variant, outcome))
}

fn checksum(scenario: &str, variant: &str, outcome: &str) -> u32 {
    crc32fast::hash(format!("{scenario}/{variant}/{outcome}").as_bytes())
}

/// A parsed replay key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    checksum: u32,
    /// The scheduling decisions.
    pub steps: Vec<usize>,
}

impl Key {
    /// Parses a key, or says what is wrong with it.
    pub fn parse(text: &str) -> Result<Key, KeyError> {
        let malformed = |why: &str| KeyError {
            kind: KeyErrorKind::Malformed,
            message: format!(
                "replay key '{text}' is malformed: {why}. A key looks like 's1-1a2b3c4d-0223322'; \
                 copy it whole from a report or from `racelab check ID --backend shuttle`"
            ),
        };
        let mut parts = text.trim().splitn(3, '-');
        let (Some(version), Some(sum), Some(digits)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(malformed("it needs three parts separated by '-'"));
        };
        if version != VERSION {
            return Err(malformed(&format!("it starts with '{version}', not '{VERSION}'")));
        }
        let checksum = (sum.len() == 8)
            .then(|| u32::from_str_radix(sum, 16).ok())
            .flatten()
            .ok_or_else(|| malformed("its second part must be 8 hexadecimal digits"))?;
        let steps = digits
            .chars()
            .map(|c| c.to_digit(36).map(|d| d as usize))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| malformed("its last part may hold only digits and letters"))?;
        Ok(Key { checksum, steps })
    }

    /// Checks that the key was recorded for this scenario, variant and outcome.
    pub fn check(&self, scenario: &str, variant: &str, outcome: &str, text: &str) -> Result<(), KeyError> {
        if self.checksum == checksum(scenario, variant, outcome) {
            Ok(())
        } else {
            Err(KeyError::stale(text, scenario, variant))
        }
    }
}

/// What is wrong with a replay key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyErrorKind {
    /// Not a key at all.
    Malformed,
    /// A key, but not one this code, scenario and variant produce.
    Stale,
}

/// A replay key that cannot be replayed: the kind, and a message naming the key and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    /// What went wrong.
    pub kind: KeyErrorKind,
    /// The message for the user.
    pub message: String,
}

impl KeyError {
    /// The key belongs to another scenario or variant, or to an older version of the code.
    pub fn stale(text: &str, scenario: &str, variant: &str) -> KeyError {
        KeyError {
            kind: KeyErrorKind::Stale,
            message: format!(
                "replay key '{text}' does not reproduce an execution of {scenario} {variant}: it was \
                 made for another scenario or variant, or the code has changed since. Run \
                 `racelab check {scenario} --backend shuttle` for fresh keys"
            ),
        }
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KeyError {}

/// A scheduler that follows a key's decisions, and notes when it cannot.
pub struct KeyScheduler {
    steps: Vec<usize>,
    next: usize,
    started: bool,
    /// Set when a decision names a task that cannot run, or the decisions run out too early.
    pub diverged: Arc<AtomicBool>,
}

impl KeyScheduler {
    /// A scheduler for one execution following `steps`.
    pub fn new(steps: Vec<usize>) -> Self {
        KeyScheduler { steps, next: 0, started: false, diverged: Arc::new(AtomicBool::new(false)) }
    }
}

impl Scheduler for KeyScheduler {
    fn new_execution(&mut self) -> Option<Schedule> {
        if std::mem::replace(&mut self.started, true) {
            return None;
        }
        Some(Schedule::new(0))
    }

    fn next_task(&mut self, runnable: &[&Task], _: Option<TaskId>, _: bool) -> Option<TaskId> {
        let wanted = self.steps.get(self.next).copied();
        self.next += 1;
        match wanted.and_then(|w| runnable.iter().map(|t| t.id()).find(|&id| usize::from(id) == w)) {
            Some(id) => Some(id),
            None => {
                self.diverged.store(true, Ordering::SeqCst);
                None
            }
        }
    }

    fn next_u64(&mut self) -> u64 {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_key_parses_back_to_its_steps(steps in proptest::collection::vec(0usize..36, 0..200)) {
            let text = encode("s", "v", "1", &steps);
            let key = Key::parse(&text).unwrap();
            prop_assert_eq!(&key.steps, &steps);
            prop_assert!(key.check("s", "v", "1", &text).is_ok());
            prop_assert_eq!(key.check("s", "v", "2", &text).unwrap_err().kind, KeyErrorKind::Stale);
        }

        #[test]
        fn no_string_panics_the_parser(text in ".{0,40}") {
            let _ = Key::parse(&text);
        }
    }

    #[test]
    fn malformed_keys_name_the_key_and_the_fix() {
        for bad in ["", "s1", "s2-00000000-01", "s1-xyz-01", "s1-00000000-0!"] {
            let err = Key::parse(bad).unwrap_err();
            assert_eq!(err.kind, KeyErrorKind::Malformed, "{bad}");
            assert!(err.message.contains(&format!("'{bad}'")) && err.message.contains("copy it whole"));
        }
    }
}
