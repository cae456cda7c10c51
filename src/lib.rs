//! # racelab: race conditions, caught and explained
//!
//! racelab is a catalogue of small concurrent programs, each with a bug and its fix, and the
//! machinery that checks them: [loom](https://docs.rs/loom) explores every interleaving within a
//! bound, [shuttle](https://docs.rs/shuttle) samples schedules at random and with PCT, racelab's
//! own exact checker, [`rc11`], builds every execution the RC11 memory model allows, and stress
//! runs try the code on real OS threads and processes. Every check ends in a report: a verdict, the outcomes
//! reached, and the interleaving that reached each bad one.
//!
//! ## A tour, in reading order
//!
//! The house has one direction of dependency: each layer imports only from the layers beneath it
//! (`tests/layers.rs` states the rules and holds every file to them). Bottom up:
//!
//! | layer | modules | what it holds |
//! |---|---|---|
//! | leaves | [`term`], [`os`] | the terminal's width and colours; processes, their groups and signals |
//! | model | [`model`] | the words as data: scenario, variant, claim, outcome and grade, the program interface, the observation a backend returns, the trace |
//! | runtime | [`rt`] | which engine runs, the trace recorder, actors caught as std catches them, every engine's unwinding payloads |
//! | rc11 | [`rc11`] | the exact RC11 checker: its graph, axioms, consistency checks and search, and the hooks the facade calls |
//! | facade | [`sync`], [`thread`], [`task`], [`fs`], [`process`] | std's paths, dispatched to std, loom, shuttle or rc11 |
//! | programs | [`program`] | `Actors`, `Processes`, `Body`: how a program runs once, on every engine |
//! | backends | [`backend`] | loom, shuttle, rc11, real threads and real processes, each turning a program into an observation |
//! | verdicts | [`verdict`] | caught, verified (exhaustive), passed (sampled), missed, violated, false alarm; what each backend can see |
//! | reports | [`report`] | the verdict, the outcome table, witnesses and replay keys; the combined verdict of every backend |
//! | checks | [`check`] | one check through one front door: settings, widening, the cross-check, isolation in a child process |
//! | lessons | [`exec`], [`bench`](mod@bench) | executors on the facade (thread pool, semaphore, process pool, async); timed runs of them |
//! | catalogue | [`scenarios`], [`prelude`] | the scenarios themselves, one file each; start reading here |
//! | front door | [`docs`], [`new`], [`cli`] | reports inside the book, `racelab new`, the `racelab` command |
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
//! let seen = racelab::backend::loom::explore(&PROGRAM, &racelab::backend::loom::LoomConfig::with_bound(2));
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
//!   it is real ([`check::cross`]).
//! - rc11 has no bound, but a budget of runs: a thread pool's search can outgrow it and is then
//!   inconclusive, saying so.
//! - A bound can hide a deep bug: given time to widen, a clean search widens ([`check::widen`]).
//! - One variant, every backend, one verdict: [`check::check_variant`], the way a program in a
//!   user's own crate is checked (`example-crate/`).
//! - shuttle runs every atomic as `SeqCst`: it cannot see weak-memory bugs. Random search is not
//!   a proof.
//! - Real threads show what this machine's hardware does, when it happens to do it.
//! - A scenario that aborts, exits, overflows its stack or never ends takes down the process it
//!   runs in: an isolated [`check::Checker`] runs each check in a child process with a deadline,
//!   and turns such an end into an outcome (`crashed: SIGABRT`, `timed out after 60 s`).
//!   `racelab check` and the test suite check that way; [`check::check()`] runs in-process.

#![warn(missing_docs)]

// Lets scenario files say `use racelab::prelude::*` inside the crate, exactly as a user's code does.
extern crate self as racelab;

pub mod backend;
pub mod bench;
pub mod check;
pub mod cli;
pub mod docs;
pub mod exec;
pub mod fs;
pub mod model;
pub mod new;
pub mod os;
pub mod process;
pub mod program;
pub mod rc11;
pub mod report;
pub mod rt;
pub mod sync;
pub mod task;
pub mod term;
pub mod thread;
pub mod verdict;

#[path = "../scenarios/mod.rs"]
pub mod scenarios;

pub mod prelude;

/// Where a check runs in a child process, at the path crates written before `check/` used:
/// [`check::isolate`], whose [`serve_if_child`](check::isolate::serve_if_child) a binary that
/// serves its own checks calls first thing in `main`.
pub use check::isolate;

/// The combined verdict at the path crates written before the layers used: the combined verdict
/// lives in [`report::combined`], and one variant checked on every backend is
/// [`check::check_variant`].
pub mod combined {
    pub use crate::check::check_variant;
    pub use crate::report::combined::*;
}
