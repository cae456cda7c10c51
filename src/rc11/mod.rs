//! rc11, racelab's exact model checker: every execution the RC11 memory model allows, each built
//! once.
//!
//! loom treats `SeqCst` accesses as `AcqRel`, and shuttle runs every access as `SeqCst`; neither
//! can decide a program that mixes orderings. This backend decides it exactly, for the model C++20
//! and Rust follow (RC11: Lahav et al., PLDI 2017), the way GenMC does for C:
//! - [`graph`]: an execution as a graph of events, with the write each read reads from (`rf`)
//!   and each location's modification order (`mo`);
//! - [`model`]: RC11's axioms over such a graph, line by line beside herdtools7's `rc11.cat`, and
//!   [`consistency`], the same axioms computed fast for the search, held to [`model`] by a test;
//! - [`trust`]: the search's steps over graphs, after GenMC's TruSt (POPL 2022): each new read
//!   reads every write it consistently can, each new write goes every consistent place in `mo`
//!   and *revisits* the reads added before it that may read it, so that every consistent graph is
//!   built exactly once, keeping only a stack of graphs still to visit;
//! - [`run`]: the program re-executed, once per graph on the stack, replaying it and going on from
//!   its end. shuttle hosts the threads as coroutines; the memory model and every choice are
//!   racelab's own. Its hooks are what the facade calls on this engine, `Mutex`, `Condvar` and
//!   `RwLock` among them as read-modify-writes of hidden locations ([`run::locks`]), so that lock
//!   order and which waiter a notification wakes are searched like any read, and async tasks as
//!   modelled threads whose end is a hidden location ([`run::tasks`]).
//!
//! The first four are rc11's core, in the shape of GenMC's: the graph is data, the consistency
//! checkers judge it, the search steps over it. They import nothing outside `rc11/`. The hooks
//! ([`run`]) stand on the core, the runtime and the model; the driver that runs a whole search
//! and fills in an observation is a backend, [`crate::backend::rc11`].
//!
//! `executions` is the number of distinct consistent graphs, GenMC's count (`tests/genmc.rs`
//! checks forty of GenMC's own, `tests/rc11.rs` its Mutex test); `explored` the runs made to
//! build them: one per graph on every program of the catalogue. A run can still end blocked on a
//! write a newer one supersedes (a lock's read its thread had to add with nobody else able to go
//! on, [`run::memory::update_blocking`]); it is counted in `explored` only. A graph built twice would be
//! a bug, counted and reported.
//!
//! What it models: atomics of every width with every operation, fences of every ordering, thread
//! spawn and join, `Mutex`, `RwLock`, `Condvar` and the channels racelab builds from them, panics;
//! every thread blocked is the outcome `deadlock`, a spin loop that can only spin is `hang`
//! ([`run::memory::SPIN_BOUND`]); async tasks with `spawn`, `block_on`, `yield_now` and `select!`.

pub mod consistency;
pub mod graph;
pub mod model;
pub mod run;
pub mod trust;
