//! `RwLock`: std's shape on every engine, with std's poisoning (by writers only).

use std::cell::UnsafeCell;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LockResult, PoisonError};

use crate::rt::record;
use crate::rt::{self, Engine};

enum RawRwLock {
    Std(std::sync::RwLock<()>),
    Loom(loom::sync::RwLock<()>),
    Shuttle(shuttle::sync::RwLock<()>),
    /// The hidden location of an rc11 reader-writer lock ([`crate::rc11::run::locks`]).
    Rc11(usize),
}

enum RawRead<'a> {
    Std(#[allow(dead_code)] std::sync::RwLockReadGuard<'a, ()>),
    Loom(#[allow(dead_code)] loom::sync::RwLockReadGuard<'a, ()>),
    Shuttle(#[allow(dead_code)] shuttle::sync::RwLockReadGuard<'a, ()>),
    /// Released by the guard's `drop`.
    Rc11(usize),
}

enum RawWrite<'a> {
    Std(#[allow(dead_code)] std::sync::RwLockWriteGuard<'a, ()>),
    Loom(#[allow(dead_code)] loom::sync::RwLockWriteGuard<'a, ()>),
    Shuttle(#[allow(dead_code)] shuttle::sync::RwLockWriteGuard<'a, ()>),
    /// Released by the guard's `drop`.
    Rc11(usize),
}

/// A reader-writer lock, like [`std::sync::RwLock`], on whichever engine runs the execution.
pub struct RwLock<T> {
    name: &'static str,
    poisoned: AtomicBool,
    raw: RawRwLock,
    data: UnsafeCell<T>,
}

// SAFETY: as for std's RwLock: shared access only under a read guard, exclusive access only under
// the write guard, and the engine's lock keeps the two apart.
unsafe impl<T: Send> Send for RwLock<T> {}
unsafe impl<T: Send + Sync> Sync for RwLock<T> {}

impl<T> RwLock<T> {
    /// A new unlocked reader-writer lock, shown in traces as `rwlock`.
    pub fn new(value: T) -> Self {
        RwLock::named("rwlock", value)
    }

    /// A new unlocked reader-writer lock, shown in traces under `name`.
    pub fn named(name: &'static str, value: T) -> Self {
        let raw = match rt::engine() {
            Engine::Std => RawRwLock::Std(std::sync::RwLock::new(())),
            Engine::Loom => RawRwLock::Loom(loom::sync::RwLock::new(())),
            Engine::Shuttle => RawRwLock::Shuttle(shuttle::sync::RwLock::new(())),
            Engine::Rc11 => RawRwLock::Rc11(crate::rc11::run::locks::new_rwlock()),
        };
        RwLock { name, poisoned: AtomicBool::new(false), raw, data: UnsafeCell::new(value) }
    }

    /// Blocks until shared access is granted.
    pub fn read(&self) -> LockResult<RwLockReadGuard<'_, T>> {
        let raw = match &self.raw {
            RawRwLock::Std(l) => RawRead::Std(l.read().unwrap_or_else(PoisonError::into_inner)),
            RawRwLock::Loom(l) => RawRead::Loom(l.read().unwrap_or_else(PoisonError::into_inner)),
            RawRwLock::Shuttle(l) => RawRead::Shuttle(l.read().unwrap_or_else(PoisonError::into_inner)),
            RawRwLock::Rc11(loc) => {
                crate::rc11::run::locks::read_lock(*loc);
                RawRead::Rc11(*loc)
            }
        };
        record::record(|| format!("{}.read()", self.name));
        let guard = RwLockReadGuard { lock: self, raw };
        if self.poisoned.load(Ordering::Relaxed) { Err(PoisonError::new(guard)) } else { Ok(guard) }
    }

    /// Blocks until exclusive access is granted.
    pub fn write(&self) -> LockResult<RwLockWriteGuard<'_, T>> {
        let raw = match &self.raw {
            RawRwLock::Std(l) => RawWrite::Std(l.write().unwrap_or_else(PoisonError::into_inner)),
            RawRwLock::Loom(l) => RawWrite::Loom(l.write().unwrap_or_else(PoisonError::into_inner)),
            RawRwLock::Shuttle(l) => RawWrite::Shuttle(l.write().unwrap_or_else(PoisonError::into_inner)),
            RawRwLock::Rc11(loc) => {
                crate::rc11::run::locks::write_lock(*loc);
                RawWrite::Rc11(*loc)
            }
        };
        record::record(|| format!("{}.write()", self.name));
        let guard = RwLockWriteGuard { lock: self, raw: Some(raw) };
        if self.poisoned.load(Ordering::Relaxed) { Err(PoisonError::new(guard)) } else { Ok(guard) }
    }
}

impl<T> fmt::Debug for RwLock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RwLock").field("name", &self.name).finish_non_exhaustive()
    }
}

/// Shared access to an [`RwLock`]'s value.
pub struct RwLockReadGuard<'a, T> {
    lock: &'a RwLock<T>,
    raw: RawRead<'a>,
}

impl<T> Deref for RwLockReadGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: a read lock is held for the guard's lifetime.
        unsafe { &*self.lock.data.get() }
    }
}

impl<T> Drop for RwLockReadGuard<'_, T> {
    fn drop(&mut self) {
        record::record(|| format!("{}.read_unlock()", self.lock.name));
        if let RawRead::Rc11(loc) = self.raw {
            crate::rc11::run::locks::read_unlock(loc);
        }
    }
}

/// Exclusive access to an [`RwLock`]'s value.
pub struct RwLockWriteGuard<'a, T> {
    lock: &'a RwLock<T>,
    raw: Option<RawWrite<'a>>,
}

impl<T> Deref for RwLockWriteGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the write lock is held for the guard's lifetime.
        unsafe { &*self.lock.data.get() }
    }
}

impl<T> DerefMut for RwLockWriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the write lock is held for the guard's lifetime, and the guard is borrowed mutably.
        unsafe { &mut *self.lock.data.get() }
    }
}

impl<T> Drop for RwLockWriteGuard<'_, T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.lock.poisoned.store(true, Ordering::Relaxed);
        }
        record::record(|| format!("{}.write_unlock()", self.lock.name));
        if let Some(RawWrite::Rc11(loc)) = self.raw.take() {
            crate::rc11::run::locks::write_unlock(loc);
        }
    }
}
