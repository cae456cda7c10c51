//! Everything a scenario file needs, in one import: `use racelab::prelude::*`.
//!
//! The model's words (a scenario, its variants, outcomes and grades), the programs' shapes, and
//! the facade on std's paths. No backend, verdict or check: a scenario says what its code is and
//! what it claims, and what any checker answers is derived from the run.

pub use crate::model::outcome::Grade::{self, Acceptable, Forbidden, Interesting};
pub use crate::model::outcome::Outcome;
pub use crate::model::scenario::{Claim, Declared, Scenario, Variant, outcome};
pub use crate::process::Exit;
pub use crate::program::{Actor, Actors, Body, Processes, RealOnly};
pub use crate::sync::atomic::Ordering::{AcqRel, Acquire, Relaxed, Release, SeqCst};
pub use crate::sync::atomic::{AtomicBool, AtomicI32, AtomicIsize, AtomicU64, AtomicUsize, Ordering, fence};
pub use crate::sync::{Arc, Condvar, Mutex, RwLock};
pub use crate::thread;
