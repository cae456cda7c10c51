//! The model: what racelab's words mean, as data. A [`Scenario`] and its [`Variant`]s with their
//! [`Claim`]s and [`Declared`] outcomes; the [`Program`] interface a backend runs; an [`Outcome`]
//! and its [`Grade`]; the [`Observation`] a backend returns; the [`Trace`] of one execution; how an
//! actor that is a process ended ([`Exit`]).
//!
//! It sits at the bottom of the house and imports nothing of racelab's but the leaves
//! ([`crate::os`], [`crate::term`]): every other layer reads it, and it reads none of them
//! (`tests/layers.rs` holds every layer to its rule).

pub mod exit;
pub mod observation;
pub mod outcome;
pub mod program;
pub mod scenario;
pub mod trace;

pub use exit::Exit;
pub use observation::{Backend, CrossCheck, Observation, Seen, Widened};
pub use outcome::{Grade, Outcome, Tally};
pub use program::{ActorsProgram, ProcessesProgram, Program, Ran, Shape, States};
pub use scenario::{Claim, Declared, Scenario, Variant};
pub use trace::Trace;
