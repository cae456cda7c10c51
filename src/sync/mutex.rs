//! `Mutex`: std's shape on every engine, with std's poisoning, traced by name.

use std::cell::UnsafeCell;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LockResult, PoisonError, TryLockError, TryLockResult};

use crate::rt::record;
use crate::rt::{self, Engine};

/// The engine's own lock; the data lives in the facade (see [`Mutex`]).
///
/// loom's lock sits in an `Arc` so that a guard can outlive the facade's guard: see
/// [`DeferredRelease`](crate::rt::deferred::DeferredRelease).
pub(crate) enum RawMutex {
    Std(std::sync::Mutex<()>),
    Loom(std::sync::Arc<loom::sync::Mutex<()>>),
    Shuttle(shuttle::sync::Mutex<()>),
    /// The hidden location of an rc11 lock ([`crate::rc11::run::locks`]).
    Rc11(usize),
}

/// A held [`RawMutex`].
pub(crate) enum RawGuard<'a> {
    Std(std::sync::MutexGuard<'a, ()>),
    Loom(loom::sync::MutexGuard<'a, ()>),
    Shuttle(shuttle::sync::MutexGuard<'a, ()>),
    /// An rc11 lock, held: dropping it releases nothing by itself ([`RawMutex::unlock_rc11`]).
    Rc11(usize),
}

impl RawMutex {
    fn new() -> Self {
        match rt::engine() {
            Engine::Std => RawMutex::Std(std::sync::Mutex::new(())),
            Engine::Loom => RawMutex::Loom(std::sync::Arc::new(loom::sync::Mutex::new(()))),
            Engine::Shuttle => RawMutex::Shuttle(shuttle::sync::Mutex::new(())),
            Engine::Rc11 => RawMutex::Rc11(crate::rc11::run::locks::new_mutex()),
        }
    }

    // Poisoning is tracked by the facade, so the engines' own poison flags are ignored.
    pub(crate) fn lock(&self) -> RawGuard<'_> {
        match self {
            RawMutex::Std(m) => RawGuard::Std(m.lock().unwrap_or_else(PoisonError::into_inner)),
            RawMutex::Loom(m) => RawGuard::Loom(m.lock().unwrap_or_else(PoisonError::into_inner)),
            RawMutex::Shuttle(m) => RawGuard::Shuttle(m.lock().unwrap_or_else(PoisonError::into_inner)),
            RawMutex::Rc11(loc) => {
                crate::rc11::run::locks::lock(*loc);
                RawGuard::Rc11(*loc)
            }
        }
    }

    /// Releases an rc11 lock whose guard is being given up.
    pub(crate) fn unlock_rc11(guard: &RawGuard<'_>) {
        if let RawGuard::Rc11(loc) = guard {
            crate::rc11::run::locks::unlock(*loc);
        }
    }

    fn try_lock(&self) -> Option<RawGuard<'_>> {
        fn ok<G>(r: TryLockResult<G>) -> Option<G> {
            match r {
                Ok(g) => Some(g),
                Err(TryLockError::Poisoned(p)) => Some(p.into_inner()),
                Err(TryLockError::WouldBlock) => None,
            }
        }
        match self {
            RawMutex::Std(m) => ok(m.try_lock()).map(RawGuard::Std),
            RawMutex::Loom(m) => ok(m.try_lock()).map(RawGuard::Loom),
            RawMutex::Shuttle(m) => ok(m.try_lock()).map(RawGuard::Shuttle),
            RawMutex::Rc11(loc) => crate::rc11::run::locks::try_lock(*loc).then_some(RawGuard::Rc11(*loc)),
        }
    }
}

/// A mutual-exclusion lock, like [`std::sync::Mutex`], on whichever engine runs the execution.
///
/// Poisoning follows std on every engine: a guard dropped while its thread panics poisons the
/// lock, and later `lock()` calls return `Err` holding the guard. A lock made with
/// [`Mutex::named`] shows in traces as `name.lock() -> value` and `name.unlock() leaves value`.
pub struct Mutex<T> {
    name: &'static str,
    /// Whether its operations appear in traces (see [`Mutex::untraced`]).
    traced: bool,
    show: Option<fn(&T) -> String>,
    poisoned: AtomicBool,
    pub(crate) raw: RawMutex,
    data: UnsafeCell<T>,
}

// SAFETY: as for std's Mutex: the data is reached only through a guard, and a guard exists only
// while the engine's lock is held, so one thread at a time has access to it.
unsafe impl<T: Send> Send for Mutex<T> {}
unsafe impl<T: Send> Sync for Mutex<T> {}

impl<T> Mutex<T> {
    /// A new unlocked mutex, shown in traces as `mutex`.
    pub fn new(value: T) -> Self {
        Mutex {
            name: "mutex",
            traced: true,
            show: None,
            poisoned: AtomicBool::new(false),
            raw: RawMutex::new(),
            data: UnsafeCell::new(value),
        }
    }

    /// A new unlocked mutex, shown in traces under `name` with the value it guards.
    pub fn named(name: &'static str, value: T) -> Self
    where
        T: fmt::Debug,
    {
        Mutex { name, show: Some(|v| format!("{v:?}")), ..Mutex::new(value) }
    }

    /// A mutex that never appears in traces: for the internals of another primitive (a channel's
    /// queue, a task's result slot), whose own operations are what a reader needs to see.
    pub(crate) fn untraced(value: T) -> Self {
        Mutex { traced: false, ..Mutex::new(value) }
    }

    /// Blocks until the lock is held; `Err` if a thread panicked while holding it.
    ///
    /// While a trace is recorded, the wait is noted as pending, so that a deadlock's witness ends
    /// with `name.lock() waits` in the column of every thread blocked here.
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        if let RawMutex::Std(m) = &self.raw {
            // Real threads record nothing: skip the trace machinery on the hot path.
            let raw = RawGuard::Std(m.lock().unwrap_or_else(PoisonError::into_inner));
            return if self.is_poisoned() {
                Err(PoisonError::new(MutexGuard { lock: self, raw: Some(raw) }))
            } else {
                Ok(MutexGuard { lock: self, raw: Some(raw) })
            };
        }
        if !self.traced {
            let raw = self.raw.lock();
            return self.guard(raw);
        }
        record::wait(|| format!("{}.lock() waits", self.name));
        let raw = self.raw.lock();
        record::done_waiting();
        self.guard(raw)
    }

    /// Takes the lock if it is free, without blocking.
    pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
        match self.raw.try_lock() {
            Some(raw) => self.guard(raw).map_err(TryLockError::Poisoned),
            None => Err(TryLockError::WouldBlock),
        }
    }

    /// Whether a thread panicked while holding the lock.
    pub fn is_poisoned(&self) -> bool {
        self.poisoned.load(Ordering::Relaxed)
    }

    /// The guarded value, taking the mutex apart.
    pub fn into_inner(self) -> LockResult<T> {
        let poisoned = self.is_poisoned();
        let value = self.data.into_inner();
        if poisoned { Err(PoisonError::new(value)) } else { Ok(value) }
    }

    pub(crate) fn guard<'a>(&'a self, raw: RawGuard<'a>) -> LockResult<MutexGuard<'a, T>> {
        let guard = MutexGuard { lock: self, raw: Some(raw) };
        if self.traced {
            record::record(|| match self.show {
                // SAFETY: the raw lock is held.
                Some(show) => format!("{}.lock() -> {}", self.name, show(unsafe { &*self.data.get() })),
                None => format!("{}.lock()", self.name),
            });
        }
        if self.is_poisoned() { Err(PoisonError::new(guard)) } else { Ok(guard) }
    }
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Self {
        Mutex::new(T::default())
    }
}

impl<T> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mutex").field("name", &self.name).finish_non_exhaustive()
    }
}

/// Access to a [`Mutex`]'s value while its lock is held; unlocks when dropped.
pub struct MutexGuard<'a, T> {
    lock: &'a Mutex<T>,
    raw: Option<RawGuard<'a>>,
}

impl<'a, T> MutexGuard<'a, T> {
    /// The traced name of the guarded mutex, if it is traced.
    pub(crate) fn mutex_name(&self) -> Option<&'static str> {
        self.lock.traced.then_some(self.lock.name)
    }

    /// Gives up the engine's guard (for `Condvar::wait`), recording the release.
    pub(crate) fn release(mut self) -> (&'a Mutex<T>, RawGuard<'a>) {
        let raw = self.raw.take().expect("guard holds its lock until dropped");
        (self.lock, raw)
    }
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the raw lock is held for the guard's lifetime.
        unsafe { &*self.lock.data.get() }
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the raw lock is held for the guard's lifetime, and the guard is borrowed mutably.
        unsafe { &mut *self.lock.data.get() }
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        let Some(raw) = self.raw.take() else { return };
        let poisons = std::thread::panicking();
        if poisons {
            self.lock.poisoned.store(true, Ordering::Relaxed);
        }
        if matches!(raw, RawGuard::Std(_)) {
            return; // dropping `raw` unlocks; real threads record nothing
        }
        if self.lock.traced {
            let poisoned = if poisons { ", poisoned" } else { "" };
            record::record(|| match self.lock.show {
                Some(show) => format!("{}.unlock() leaves {}{poisoned}", self.lock.name, show(self)),
                None => format!("{}.unlock(){poisoned}", self.lock.name),
            });
        }
        RawMutex::unlock_rc11(&raw);
        match (raw, &self.lock.raw) {
            (RawGuard::Loom(guard), RawMutex::Loom(lock)) if rt::panic::scenario_panicking() => {
                crate::rt::deferred::DeferredRelease::defer(guard, lock.clone());
            }
            (raw, _) => drop(raw),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
