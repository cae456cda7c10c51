//! # racelab: race conditions, caught and explained
//!
//! racelab is a catalogue of small concurrent programs, each with a bug and its fix, and the
//! machinery that checks them: [loom](https://docs.rs/loom) explores every interleaving within a
//! bound, [shuttle](https://docs.rs/shuttle) samples schedules at random and with PCT, and a stress
//! run tries the code on real OS threads. Every check ends in a report: a verdict, the outcomes
//! reached, and the interleaving that reached each bad one.
//!
//! ## A tour, in reading order
//!
//! | module | what it holds |
//! |---|---|
//! | [`scenarios`] | the catalogue itself, one file per scenario; start reading here |
//! | [`scenario`] | the model: a scenario, its variants, their claims, outcomes and grades |
//! | [`sync`], [`thread`] | the facade: std's paths, dispatched to std, loom or shuttle |
//! | [`fs`] | the file facade: a file the actors share, real on real threads, modelled under a checker |
//! | [`process`] | the process facade: how an actor that is a process ends, on every engine |
//! | [`outcome`] | what one execution produced, and the grades |
//! | [`backend`] | loom, shuttle, real threads and real processes, each turning a variant into an observation |
//! | [`sight`] | what each backend can see of a variant, derived from the run, never declared |
//! | [`combined`] | one verdict per variant from every backend, each disagreement classified |
//! | [`verdict`] | caught, verified (exhaustive), passed (sampled), missed, violated, false alarm |
//! | [`rc11`] | the exact RC11 model checker: every consistent execution, counted once |
//! | [`trace`] | the operations of one execution, rendered one column per actor |
//! | [`report`] | the verdict, the outcome table, witnesses and replay keys, as text and JSON |
//! | [`term`] | the terminal's width and colours, kept out of snapshots; counts, shares and durations for people |
//! | [`check`] | one variant on one backend, from settings to a report |
//! | [`escalate`] | a wider search within a time budget, when the default one finds nothing |
//! | [`isolate`] | each check in a child process with a deadline: a crash or a hang is an outcome |
//! | [`exec`], [`task`] | executors (thread pool, semaphore, process pool, async) and async tasks on the facade |
//! | [`bench`](mod@bench) | timed runs: what threads, processes and async buy on this machine |
//! | [`docs`] | reports inside the Markdown docs, regenerated and compared by the tests |
//! | [`new`] | `racelab new`: a scenario written from the scaffold, indexed, with its page in the book |
//! | [`rt`] | which engine runs the current execution; panics kept quiet inside a run |
//!
//! ## A scenario, written once
//!
//! Scenario code reads like std code, with `racelab::sync` in place of `std::sync`. Here is the
//! whole of a lost update, in the shape jcstress gave its tests: state, actors, observer.
//!
//! ```
//! use racelab::prelude::*;
//!
//! struct Counter { value: AtomicUsize }
//!
//! fn increment(c: &Counter) {
//!     let v = c.value.load(SeqCst);   // read...
//!     c.value.store(v + 1, SeqCst);   // ...then write: another thread can run in between
//! }
//!
//! static PROGRAM: Actors<Counter, ()> = Actors {
//!     setup: || Counter { value: AtomicUsize::named("counter", 0) },
//!     actors: &[Actor { name: "t1", run: increment }, Actor { name: "t2", run: increment }],
//!     observe: |c, _| Outcome::value(c.value.load(SeqCst) as i64),
//! };
//!
//! let seen = racelab::backend::loom::explore(&PROGRAM, &LoomConfig::with_bound(2));
//! assert!(seen.seen.contains_key("1"), "loom finds the lost update");
//! assert!(seen.exhaustive);
//! ```
//!
//! The catalogue's scenarios add a title, an intent, graded outcomes and a fixed variant; see
//! `docs/src/adding-a-scenario.md`.
//!
//! ## Running the checks
//!
//! `cargo test` runs every scenario, variant and backend as a test of its own
//! (`counter_01_lost_update::broken::loom_report`) and compares each deterministic report with its
//! snapshot in `tests/snapshots/`. `cargo run --release` checks the whole catalogue and prints a
//! summary; `racelab --help` lists the rest.
//!
//! ## Limits worth knowing
//!
//! - loom treats `SeqCst` accesses as `AcqRel` and does not explore load buffering; its search is
//!   exhaustive only within the preemption bound it states. When it reaches a Forbidden outcome
//!   in a program with `SeqCst` accesses, racelab's exact RC11 checker ([`rc11`]) decides whether
//!   it is real ([`check::observe()`]).
//! - rc11 has no bound, but a budget of runs: a thread pool's search can outgrow it and is then
//!   inconclusive, saying so.
//! - A bound can hide a deep bug: with a budget, a clean search widens ([`escalate`]).
//! - One variant, every backend, one verdict: [`combined::check_variant`], the way a program in a
//!   user's own crate is checked (`example-crate/`).
//! - shuttle runs every atomic as `SeqCst`: it cannot see weak-memory bugs. Random search is not
//!   a proof.
//! - Real threads show what this machine's hardware does, when it happens to do it.
//! - A scenario that aborts, exits, overflows its stack or never ends takes down the process it
//!   runs in: [`isolate::check`] runs each check in a child process with a deadline, and turns
//!   such an end into an outcome (`crashed: SIGABRT`, `timed out after 60 s`). `racelab check` and
//!   the test suite use it; [`check::check()`] runs in-process.

#![warn(missing_docs)]

// Lets scenario files say `use racelab::prelude::*` inside the crate, exactly as a user's code does.
extern crate self as racelab;

pub mod backend;
pub mod bench;
pub mod check;
pub mod cli;
pub mod combined;
pub mod docs;
pub mod escalate;
pub mod exec;
pub mod fs;
pub mod isolate;
pub mod new;
pub mod outcome;
pub mod process;
pub mod rc11;
pub mod report;
pub mod rt;
pub mod scenario;
pub mod sight;
pub mod sync;
pub mod task;
pub mod term;
pub mod thread;
pub mod trace;
pub mod verdict;

#[path = "../scenarios/mod.rs"]
pub mod scenarios;

/// Everything a scenario file needs, in one import.
pub mod prelude {
    pub use crate::backend::loom::LoomConfig;
    pub use crate::outcome::Grade::{self, Acceptable, Forbidden, Interesting};
    pub use crate::outcome::Outcome;
    pub use crate::process::Exit;
    pub use crate::scenario::{
        Actor, Actors, Body, Claim, Declared, Processes, RealOnly, Scenario, Variant, outcome,
    };
    pub use crate::sync::atomic::Ordering::{AcqRel, Acquire, Relaxed, Release, SeqCst};
    pub use crate::sync::atomic::{
        AtomicBool, AtomicI32, AtomicIsize, AtomicU64, AtomicUsize, Ordering, fence,
    };
    pub use crate::sync::{Arc, Condvar, Mutex, RwLock};
    pub use crate::thread;
}
