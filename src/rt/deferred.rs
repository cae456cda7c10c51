//! Lock releases put off until a panicking loom thread has unwound.

use super::engine::{Engine, engine};

/// A loom guard whose release waits until its thread has finished unwinding.
///
/// loom keeps a lock's state in a std `Mutex` and unwraps it on every `lock()`. A loom guard
/// dropped while its thread unwinds poisons that std `Mutex`, and the next `lock()` by any thread
/// panics inside loom instead of returning the `PoisonError` std would. So when a facade guard
/// drops during a panic under loom, the facade records the poisoning itself and keeps the loom
/// guard here, releasing it as soon as the actor's panic has been caught (see
/// [`super::actor::catch_actor`]): the same thread, a few destructors later, when nothing is
/// panicking. The only executions this leaves out are those in which another thread takes the lock while the
/// panicking thread's remaining destructors run.
pub struct DeferredRelease {
    // Declared first, so dropped first: the guard borrows from the lock the `Arc` keeps alive.
    guard: loom::sync::MutexGuard<'static, ()>,
    _lock: std::sync::Arc<loom::sync::Mutex<()>>,
}

thread_local! {
    /// Deferred releases, with the loom thread each belongs to.
    static DEFERRED: std::cell::RefCell<Vec<(loom::thread::ThreadId, DeferredRelease)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl DeferredRelease {
    /// Keeps `guard`, of the loom mutex inside `lock`, until the current loom thread's panic has
    /// been caught ([`DeferredRelease::release_current`]).
    pub fn defer(guard: loom::sync::MutexGuard<'_, ()>, lock: std::sync::Arc<loom::sync::Mutex<()>>) {
        // SAFETY: the guard borrows the loom mutex inside `lock`; the `Arc` stored beside it keeps
        // that mutex alive at the same address until after the guard is dropped (field order).
        let guard: loom::sync::MutexGuard<'static, ()> = unsafe { std::mem::transmute(guard) };
        let thread = loom::thread::current().id();
        DEFERRED.with(|d| d.borrow_mut().push((thread, DeferredRelease { guard, _lock: lock })));
    }

    /// Forgets every deferred release: called when a loom search ends, since dropping a loom guard
    /// outside the execution it belongs to would panic inside loom.
    pub fn forget_all() {
        DEFERRED.with(|d| std::mem::forget(std::mem::take(&mut *d.borrow_mut())));
    }

    /// Releases the locks the current loom thread left held while it unwound.
    pub fn release_current() {
        if engine() != Engine::Loom {
            return;
        }
        let thread = loom::thread::current().id();
        let mine: Vec<DeferredRelease> = DEFERRED.with(|d| {
            let mut d = d.borrow_mut();
            let (mine, others) = std::mem::take(&mut *d).into_iter().partition(|(t, _)| *t == thread);
            *d = others;
            mine.into_iter().map(|(_, release)| release).collect()
        });
        for release in mine.into_iter().rev() {
            drop(release.guard);
        }
    }
}
