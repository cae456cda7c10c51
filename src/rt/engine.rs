//! Which engine runs the current execution.
//!
//! loom and shuttle run every modelled thread as a coroutine on the OS thread that called them, so
//! a plain `std` thread-local is visible to every actor of an execution. The backend runners set
//! it for the duration of a run ([`enter`]); everything else (real OS threads) sees [`Engine::Std`].

use std::cell::Cell;

/// The engine that facade objects built on this OS thread dispatch to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// `std`: real OS threads, real memory.
    Std,
    /// `loom`: exhaustive exploration under the C11 memory model.
    Loom,
    /// `shuttle`: randomised scheduling, sequentially consistent.
    Shuttle,
    /// `rc11`: racelab's exact RC11 checker, its threads hosted by shuttle ([`crate::rc11`]).
    Rc11,
}

thread_local! {
    static ENGINE: Cell<Engine> = const { Cell::new(Engine::Std) };
}

/// The engine of the execution running on this OS thread.
#[inline]
pub fn engine() -> Engine {
    ENGINE.with(Cell::get)
}

/// Makes facade objects built on this OS thread use `engine` until the guard drops.
pub fn enter(engine: Engine) -> EngineGuard {
    let previous = ENGINE.with(|e| e.replace(engine));
    EngineGuard { previous }
}

/// Restores the previous engine when dropped (see [`enter`]).
#[derive(Debug)]
pub struct EngineGuard {
    previous: Engine,
}

impl Drop for EngineGuard {
    fn drop(&mut self) {
        ENGINE.with(|e| e.set(self.previous));
    }
}
