//! A counting semaphore from a `Mutex` and a `Condvar`.

use crate::sync::{Condvar, Mutex};

/// At most `permits` holders at once; `acquire` blocks until a permit is free.
///
/// The count is checked and taken under one lock, so two threads cannot both see the last permit
/// free: the check-then-act race of `limit_01_at_most_k`'s broken limiter cannot happen here.
#[derive(Debug)]
pub struct Semaphore {
    free: Mutex<usize>,
    released: Condvar,
}

impl Semaphore {
    /// A semaphore with `permits` permits, shown in traces as `permits`.
    pub fn new(permits: usize) -> Self {
        Semaphore { free: Mutex::named("permits", permits), released: Condvar::named("released") }
    }

    /// Takes a permit, waiting for one if none is free; the permit returns when the guard drops.
    pub fn acquire(&self) -> Permit<'_> {
        let mut free = self.free.lock().unwrap_or_else(|p| p.into_inner());
        while *free == 0 {
            free = self.released.wait(free).unwrap_or_else(|p| p.into_inner());
        }
        *free -= 1;
        Permit { semaphore: self }
    }
}

/// A held permit of a [`Semaphore`].
#[derive(Debug)]
pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.semaphore.free.lock().unwrap_or_else(|p| p.into_inner()) += 1;
        self.semaphore.released.notify_one();
    }
}
