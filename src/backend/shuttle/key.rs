//! Replay keys: one shuttle execution, written as a string that `racelab replay` runs again.
//!
//! A key reads `s1-1a2b3c4d-0223322`: a format version, a checksum of the scenario, variant and
//! outcome it was recorded for, and the scheduling decisions in order, each the id of the task
//! that ran. Replaying follows the decisions one by one; if the code changed so that a decision
//! names a task that cannot run, the replay ends in another outcome, or the execution ends with
//! decisions left over, the key is stale and says so, rather than silently replaying something
//! else.
//!
//! ## Grammar
//!
//! ```text
//! key      = "s1" "-" checksum "-" decision*
//! checksum = 8 × hex digit                       crc32 of "scenario/variant/outcome"
//! decision = digit36                             a task id below 36: one base-36 digit
//!          | "(" digit36+ ")"                    a task id of 36 or more, in base 36
//! digit36  = "0".."9" | "a".."z"                 (upper case is read too)
//! ```
//!
//! Task ids below 36 are written exactly as the first keys were, so every key made before the
//! escape existed still parses to the same decisions, and a program with fewer than 34 threads
//! (shuttle's main task and racelab's sentinel take ids 0 and 1) still gets the same keys. A task
//! id of 36 or more is written only one way: `(10)` is task 36, and `(0z)` or `(z)` are refused.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use shuttle::scheduler::{Schedule, Scheduler, Task, TaskId};

const VERSION: &str = "s1";

/// The first task id written with an escape, `(` base-36 digits `)`.
const ESCAPED_FROM: usize = 36;

/// Makes the key of an execution of `scenario`/`variant` that ended in `outcome`.
pub fn encode(scenario: &str, variant: &str, outcome: &str, steps: &[usize]) -> String {
    let mut key = format!("{VERSION}-{:08x}-", checksum(scenario, variant, outcome));
    for &step in steps {
        if step < ESCAPED_FROM {
            key.push(digit(step));
        } else {
            key.push('(');
            key.push_str(&base36(step));
            key.push(')');
        }
    }
    key
}

/// The base-36 digit of `d`, which is below 36.
fn digit(d: usize) -> char {
    char::from_digit(d as u32, 36).expect("a base-36 digit is below 36")
}

/// `n` in base 36, most significant digit first.
fn base36(mut n: usize) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(digit(n % 36));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}

/// The decisions of a key's last part, or why they cannot be read.
fn decisions(text: &str) -> Result<Vec<usize>, String> {
    let mut steps = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '(' {
            let d = c.to_digit(36).ok_or_else(|| {
                format!("its last part holds '{c}', which is neither a base-36 digit nor a '(' escape")
            })?;
            steps.push(d as usize);
            continue;
        }
        let (mut inner, mut closed) = (String::new(), false);
        for c in chars.by_ref() {
            if c == ')' {
                closed = true;
                break;
            }
            inner.push(c);
        }
        if !closed {
            return Err(format!("'({inner}' opens a task id with '(' and never closes it with ')'"));
        }
        let id =
            inner.chars().try_fold(0usize, |n, c| n.checked_mul(36)?.checked_add(c.to_digit(36)? as usize));
        match id {
            Some(id) if id >= ESCAPED_FROM && !inner.starts_with('0') => steps.push(id),
            _ => {
                return Err(format!(
                    "'({inner})' is not a task id of 36 or more in base 36 without leading zeros \
                     (ids below 36 are written as one digit, without parentheses)"
                ));
            }
        }
    }
    Ok(steps)
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
                "replay key '{}' is malformed: {}. A key looks like 's1-1a2b3c4d-0223322'; \
                 copy it whole from a report or from `racelab check ID --backend shuttle`",
                crate::term::clip(text, 80),
                crate::term::clip(why, 160)
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
        let steps = decisions(digits).map_err(|why| malformed(&why))?;
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
                "replay key '{}' does not reproduce an execution of {scenario} {variant}: it was \
                 made for another scenario or variant, or the code has changed since. Run \
                 `racelab check {scenario} --backend shuttle` for fresh keys",
                crate::term::clip(text, 80)
            ),
        }
    }

    /// The execution ended after `made` decisions, and the key holds `held`: the rest were never
    /// made. The key is stale, not malformed: it reads well, but this code does not produce it.
    pub fn left_over(text: &str, scenario: &str, variant: &str, made: usize, held: usize) -> KeyError {
        KeyError {
            kind: KeyErrorKind::Stale,
            message: format!(
                "replay key '{}' holds {held} scheduling decisions, but the execution of \
                 {scenario} {variant} it replays ended after {made}: the key has steps added to \
                 it, or the code has changed since. Copy the key whole from a fresh \
                 `racelab check {scenario} --backend shuttle`",
                crate::term::clip(text, 80)
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
        fn a_key_parses_back_to_its_steps(steps in proptest::collection::vec(0usize..=10_000, 0..200)) {
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

        #[test]
        fn no_key_shaped_string_panics_the_parser(text in "s1-[0-9a-f]{8}-[0-9a-zA-Z()!]{0,40}") {
            let _ = Key::parse(&text);
        }
    }

    #[test]
    fn ids_below_36_are_written_as_they_always_were() {
        let key = encode("s", "v", "1", &[0, 2, 2, 3, 3, 2, 2, 35]);
        assert!(key.ends_with("-0223322z"), "{key}");
        let old = format!("{}-0223322z", &key[..11]);
        assert_eq!(Key::parse(&old).unwrap().steps, [0, 2, 2, 3, 3, 2, 2, 35]);
    }

    #[test]
    fn ids_of_36_or_more_are_escaped_in_base_36() {
        let key = encode("s", "v", "1", &[2, 36, 3, 10_000, 1_295, 1_296]);
        assert!(key.ends_with("-2(10)3(7ps)(zz)(100)"), "{key}");
        assert_eq!(Key::parse(&key).unwrap().steps, [2, 36, 3, 10_000, 1_295, 1_296]);
    }

    #[test]
    fn a_bad_escape_names_itself() {
        for (tail, named) in [
            ("2(10", "'(10' opens"),
            ("(", "'(' opens"),
            ("()", "'()'"),
            ("(z)", "'(z)'"),
            ("(010)", "'(010)'"),
            ("(1!)", "'(1!)'"),
            ("((10))", "'((10)'"),
            ("(zzzzzzzzzzzzzzzzzzzzzzzzz)", "'(zzzzzzzzzzzzzzzzzzzzzzzzz)'"),
        ] {
            let bad = format!("s1-00000000-{tail}");
            let err = Key::parse(&bad).unwrap_err();
            assert_eq!(err.kind, KeyErrorKind::Malformed, "{bad}");
            assert!(err.message.contains(named), "{bad}: {}", err.message);
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
