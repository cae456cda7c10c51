//! Backends: where an execution runs, each turning a program into an [`Observation`].
//!
//! - [`loom`](mod@loom): exhaustive within a preemption bound, under the C11 memory model.
//! - [`shuttle`](mod@shuttle): random and PCT schedules, seeded and replayable; DFS for small
//!   exhaustive sequentially consistent checks.
//! - [`rc11`]: racelab's exact RC11 model checker: every consistent execution, each built once
//!   ([`crate::rc11`] is the engine; this is its driver).
//! - [`threads`]: a stress run on real OS threads, with a watchdog.
//! - [`processes`]: each actor a real OS process, sharing files, trial after trial.
//!
//! A backend reads the program, the facade and the runtime, never a verdict, a report or a
//! check: what it returns is the model's data ([`crate::model::observation`]), which
//! [`crate::verdict`] grades and [`crate::report`] prints.

pub mod loom;
pub mod processes;
pub mod rc11;
pub mod shuttle;
pub mod threads;

pub use crate::model::observation::{Backend, CrossCheck, Observation, Seen, Widened};
