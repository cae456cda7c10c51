//! `OnceLock`: a cell written once, std's `OnceLock` built from the facade's own primitives.
//!
//! Built from a facade [`Mutex`] (one initialiser at a time) and a facade [`AtomicBool`] (the
//! `done` flag, stored with `Release` once the value is written and loaded with `Acquire` before
//! it is read), so that loom, shuttle and rc11 run its lock and its flag as they run any
//! scenario's: who initialises, and how often, is searched like any other choice. The value
//! itself sits in plain memory, which none of them models as a store history: that a reader sees
//! it whole rests on the flag's `Release`/`Acquire` pair, the protocol `lazy_01_double_checked`
//! checks with the value in an atomic.

use std::cell::UnsafeCell;
use std::fmt;
use std::mem::MaybeUninit;

use super::atomic::{AtomicBool, Ordering};
use super::mutex::Mutex;

/// A cell written at most once, like [`std::sync::OnceLock`], checked on every engine.
pub struct OnceLock<T> {
    done: AtomicBool,
    init: Mutex<()>,
    value: UnsafeCell<MaybeUninit<T>>,
    /// Whether the value was written, for `Drop` alone: untraced, so that dropping the cell adds
    /// nothing to an execution.
    written: std::sync::atomic::AtomicBool,
}

// SAFETY: the value is written once, by the thread holding `init`, before `done` is stored with
// `Release`; it is read only after `done` is loaded `true` with `Acquire` (or by the writer
// itself), so every read happens after the write and no write follows a read. `T: Send` because
// the value may be dropped on another thread than the one that wrote it; `T: Sync` because
// several threads read it through `&T`.
unsafe impl<T: Send + Sync> Sync for OnceLock<T> {}
unsafe impl<T: Send> Send for OnceLock<T> {}

impl<T> OnceLock<T> {
    /// An empty cell, unnamed in traces.
    pub fn new() -> Self {
        OnceLock {
            done: AtomicBool::new(false),
            init: Mutex::new(()),
            value: UnsafeCell::new(MaybeUninit::uninit()),
            written: Default::default(),
        }
    }

    /// An empty cell whose flag and lock traces show as `name`.
    pub fn named(name: &'static str) -> Self {
        OnceLock {
            done: AtomicBool::named(name, false),
            init: Mutex::named(name, ()),
            value: UnsafeCell::new(MaybeUninit::uninit()),
            written: Default::default(),
        }
    }

    /// The value, if it has been written.
    pub fn get(&self) -> Option<&T> {
        if self.done.load(Ordering::Acquire) {
            // SAFETY: `done` read true with Acquire: the write of the value happens before.
            Some(unsafe { (*self.value.get()).assume_init_ref() })
        } else {
            None
        }
    }

    /// The value, written first by `f` if no one has written it yet; `f` runs at most once.
    pub fn get_or_init(&self, f: impl FnOnce() -> T) -> &T {
        if let Some(value) = self.get() {
            return value;
        }
        let guard = self.init.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !self.done.load(Ordering::Acquire) {
            // SAFETY: only the holder of `init` writes, and only while `done` is false, so no
            // reader can hold a reference to the value yet.
            unsafe { (*self.value.get()).write(f()) };
            self.written.store(true, std::sync::atomic::Ordering::Relaxed);
            self.done.store(true, Ordering::Release);
        }
        drop(guard);
        // SAFETY: `done` is true: written above by this thread, or read true with Acquire.
        unsafe { (*self.value.get()).assume_init_ref() }
    }
}

impl<T> Default for OnceLock<T> {
    fn default() -> Self {
        OnceLock::new()
    }
}

impl<T: fmt::Debug> fmt::Debug for OnceLock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OnceLock").field(&self.get()).finish()
    }
}

impl<T> Drop for OnceLock<T> {
    fn drop(&mut self) {
        if *self.written.get_mut() {
            // SAFETY: the value was written, and `&mut self` means no reader.
            unsafe { self.value.get_mut().assume_init_drop() };
        }
    }
}
