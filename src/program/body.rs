//! A program that spawns its own threads, run whole each time; and one that only a real run can
//! show.

use super::once::run_body;
use crate::model::outcome::Outcome;
use crate::model::program::{Program, Shape};
use crate::rt::record;

/// A program that spawns its own threads: one body, run whole each time.
pub struct Body {
    /// Names of the threads it spawns, for the record.
    pub threads: &'static [&'static str],
    /// The program; returns the outcome.
    pub run: fn() -> Outcome,
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Body").field("threads", &self.threads).finish()
    }
}

impl Program for Body {
    fn actors(&self) -> Vec<&'static str> {
        self.threads.to_vec()
    }

    fn run_once(&self) -> Outcome {
        record::begin("main");
        let outcome = run_body(self.run);
        record::pause();
        outcome
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Body(self.run)
    }
}

/// A [`Body`] that only real threads can show, for the reason given: its bug is a delay on a real
/// clock, or it drives a real runtime (tokio) directly, which no model checker schedules. This is
/// a fact about the program, not a guess at a checker's answer, so the program says it itself.
pub struct RealOnly {
    /// Why a model checker cannot show what the program does.
    pub why: &'static str,
    /// The program.
    pub body: Body,
}

impl std::fmt::Debug for RealOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RealOnly").field("why", &self.why).field("body", &self.body).finish()
    }
}

impl Program for RealOnly {
    fn actors(&self) -> Vec<&'static str> {
        self.body.actors()
    }

    fn run_once(&self) -> Outcome {
        self.body.run_once()
    }

    fn shape(&self) -> Shape<'_> {
        self.body.shape()
    }

    fn real_only(&self) -> Option<&'static str> {
        Some(self.why)
    }
}
