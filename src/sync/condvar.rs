//! `Condvar`: std's shape on every engine, paired with the facade's [`Mutex`].

use std::fmt;
use std::sync::{LockResult, PoisonError};

use super::mutex::{MutexGuard, RawGuard};
use crate::rt::record;
use crate::rt::{self, Engine};

enum RawCondvar {
    Std(std::sync::Condvar),
    Loom(loom::sync::Condvar),
    Shuttle(shuttle::sync::Condvar),
    /// The hidden location of an rc11 condition variable ([`crate::rc11::run::locks`]).
    Rc11(usize),
}

/// A condition variable, like [`std::sync::Condvar`], on whichever engine runs the execution.
///
/// Neither loom nor shuttle produces spurious wake-ups, so a missing `while` around `wait` shows
/// up in a model only when another thread really can change the state between the wake-up and the
/// re-lock. A condvar made with [`Condvar::named`] shows in traces as `name.wait()` and so on.
pub struct Condvar {
    name: &'static str,
    traced: bool,
    raw: RawCondvar,
}

impl Condvar {
    /// A new condition variable, shown in traces as `condvar`.
    pub fn new() -> Self {
        Condvar::named("condvar")
    }

    /// A new condition variable, shown in traces under `name`.
    pub fn named(name: &'static str) -> Self {
        let raw = match rt::engine() {
            Engine::Std => RawCondvar::Std(std::sync::Condvar::new()),
            Engine::Loom => RawCondvar::Loom(loom::sync::Condvar::new()),
            Engine::Shuttle => RawCondvar::Shuttle(shuttle::sync::Condvar::new()),
            Engine::Rc11 => RawCondvar::Rc11(crate::rc11::run::locks::new_condvar()),
        };
        Condvar { name, traced: true, raw }
    }

    /// A condition variable that never appears in traces (see `Mutex::untraced`).
    pub(crate) fn untraced() -> Self {
        Condvar { traced: false, ..Condvar::new() }
    }

    /// Releases the guard's lock and sleeps until notified, then takes the lock again.
    pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
        if self.traced {
            let released = guard.mutex_name().unwrap_or("its lock");
            record::record(|| format!("{}.wait() releases {released}", self.name));
            record::wait(|| format!("{}.wait() waits for a notification", self.name));
        }
        let (mutex, raw) = guard.release();
        let raw = match (&self.raw, raw) {
            (RawCondvar::Std(cv), RawGuard::Std(g)) => {
                RawGuard::Std(cv.wait(g).unwrap_or_else(PoisonError::into_inner))
            }
            (RawCondvar::Loom(cv), RawGuard::Loom(g)) => {
                RawGuard::Loom(cv.wait(g).unwrap_or_else(PoisonError::into_inner))
            }
            (RawCondvar::Shuttle(cv), RawGuard::Shuttle(g)) => {
                RawGuard::Shuttle(cv.wait(g).unwrap_or_else(PoisonError::into_inner))
            }
            (RawCondvar::Rc11(cv), RawGuard::Rc11(lock)) => {
                // Waiting starts before the mutex is released, so a notification after the
                // release finds the waiter; it ends with the mutex taken again.
                let me = crate::rc11::run::locks::current_thread();
                crate::rc11::run::locks::start_wait(*cv, me);
                crate::rc11::run::locks::unlock(lock);
                crate::rc11::run::locks::finish_wait(*cv, me);
                crate::rc11::run::locks::lock(lock);
                RawGuard::Rc11(lock)
            }
            _ => panic!("racelab: a Condvar and a Mutex made under different backends were used together"),
        };
        if self.traced {
            record::done_waiting();
            record::record(|| format!("{}.wait() wakes", self.name));
        }
        mutex.guard(raw)
    }

    /// Waits while `condition` holds, re-checking it after every wake-up.
    pub fn wait_while<'a, T>(
        &self,
        mut guard: MutexGuard<'a, T>,
        mut condition: impl FnMut(&mut T) -> bool,
    ) -> LockResult<MutexGuard<'a, T>> {
        while condition(&mut *guard) {
            guard = self.wait(guard)?;
        }
        Ok(guard)
    }

    /// Wakes one waiting thread, if any.
    pub fn notify_one(&self) {
        if self.traced {
            record::record(|| format!("{}.notify_one()", self.name));
        }
        match &self.raw {
            RawCondvar::Std(cv) => cv.notify_one(),
            RawCondvar::Loom(cv) => cv.notify_one(),
            RawCondvar::Shuttle(cv) => cv.notify_one(),
            RawCondvar::Rc11(cv) => crate::rc11::run::locks::notify_one(*cv),
        }
    }

    /// Wakes every waiting thread.
    pub fn notify_all(&self) {
        if self.traced {
            record::record(|| format!("{}.notify_all()", self.name));
        }
        match &self.raw {
            RawCondvar::Std(cv) => cv.notify_all(),
            RawCondvar::Loom(cv) => cv.notify_all(),
            RawCondvar::Shuttle(cv) => cv.notify_all(),
            RawCondvar::Rc11(cv) => crate::rc11::run::locks::notify_all(*cv),
        }
    }
}

impl Default for Condvar {
    fn default() -> Self {
        Condvar::new()
    }
}

impl fmt::Debug for Condvar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Condvar").field("name", &self.name).finish()
    }
}
