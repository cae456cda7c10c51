//! The facade: std's `sync` paths, dispatched at run time to std, loom, shuttle or rc11.
//!
//! Scenario code imports `racelab::sync::{Arc, Mutex, ...}` instead of `std::sync::...` and
//! otherwise reads as ordinary std code. Each object is built for the engine running the execution
//! at the time ([`crate::rt::engine()`]): std on real threads, loom's or shuttle's primitive inside
//! their models, and under rc11 a location of its execution graph ([`crate::rc11::run`]). Objects given a name (`Mutex::named("balance", 100)`) are recorded in traces.

mod condvar;
mod mutex;
mod once_lock;
mod rwlock;

pub mod atomic;
pub mod mpsc;

pub use condvar::Condvar;
pub use mutex::{Mutex, MutexGuard};
pub use once_lock::OnceLock;
pub use rwlock::{RwLock, RwLockReadGuard, RwLockWriteGuard};
pub use std::sync::{LockResult, PoisonError, TryLockError, TryLockResult};

/// std's `Arc`, on every engine.
///
/// loom's `Arc` models its reference count, but when loom finds a deadlock while the locks sit in a
/// `loom::sync::Arc`, the cleanup panics inside a destructor and aborts the whole test binary (loom
/// issue #291, reproduced with loom 0.7.2: SIGABRT, "panic in a destructor during cleanup"). The
/// reference count is not what the catalogue studies, so std's `Arc` serves everywhere and a
/// deadlock stays an outcome.
pub use std::sync::Arc;
