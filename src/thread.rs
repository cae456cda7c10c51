//! The facade's `thread`: std's `spawn`, `Builder`, `JoinHandle` and `yield_now` on every engine.
//!
//! One difference from the engines underneath, and one from std: under loom a panicking thread
//! fails the whole model and `join()` never returns `Err` (loom issue #417). The facade catches
//! the panic inside the modelled thread instead ([`crate::rt::actor::catch_actor`]), so `join()`
//! returns `Err` with the payload, as it does on std. Panics that belong to the checker itself
//! (loom's deadlock report, an exceeded bound) are passed on untouched.

use std::fmt;

use crate::rc11::run as hooks;
use crate::rt::actor::{self, Caught};
use crate::rt::{self, Engine, RunOver, record};

enum RawHandle<T> {
    Std(std::thread::JoinHandle<T>),
    Loom(loom::thread::JoinHandle<Caught<T>>),
    Shuttle(shuttle::thread::JoinHandle<Caught<T>>),
}

/// An owned permission to join a thread, like [`std::thread::JoinHandle`].
pub struct JoinHandle<T> {
    raw: RawHandle<T>,
    /// The thread's index in an rc11 execution, which joining orders before what follows.
    rc11: Option<hooks::Thread>,
}

impl<T> JoinHandle<T> {
    /// Waits for the thread to finish: `Ok` with its result, or `Err` with its panic payload.
    pub fn join(self) -> std::thread::Result<T> {
        if let Some(child) = self.rc11 {
            if hooks::torn_down() {
                return Err(Box::new("the rc11 run is over"));
            }
            hooks::before_join(child);
        }
        let result = match self.raw {
            RawHandle::Std(h) => h.join(),
            RawHandle::Loom(h) => h.join().expect("the facade catches panics in loom threads"),
            RawHandle::Shuttle(h) => h.join().unwrap_or_else(Err),
        };
        if let Some(child) = self.rc11 {
            hooks::join(child);
        }
        result
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JoinHandle")
    }
}

/// Thread factory with a name, like [`std::thread::Builder`]; the name titles the thread's trace
/// column.
#[derive(Debug, Default)]
pub struct Builder {
    name: Option<String>,
}

impl Builder {
    /// A builder for an unnamed thread.
    pub fn new() -> Self {
        Builder::default()
    }

    /// Names the thread.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Spawns the thread.
    pub fn spawn<F, T>(self, f: F) -> std::io::Result<JoinHandle<T>>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let engine = rt::engine();
        if engine == Engine::Std {
            let mut b = std::thread::Builder::new();
            if let Some(name) = self.name {
                b = b.name(name);
            }
            // A thread started inside a racelab run (a pool's worker in a stress trial) keeps the
            // run's panics quiet too: they are outcomes, not news.
            let quiet = rt::is_quiet();
            let body = move || {
                let _quiet = quiet.then(rt::quiet);
                f()
            };
            return b.spawn(body).map(|h| JoinHandle { raw: RawHandle::Std(h), rc11: None });
        }
        let column = record::claim_column(self.name.as_deref());
        actor::spawned();
        let rc11 = if engine == Engine::Rc11 { hooks::spawn() } else { None };
        let body = move || {
            let Some((child, spawned)) = rc11 else {
                let result = run_modelled(column, f);
                actor::finished();
                return result;
            };
            // A thread whose rc11 run is over leaves the program's code and ends here, as if it
            // returned (`rt::RunOver`).
            let ran = hooks::contain(|| {
                hooks::begin(child, spawned, column);
                let result = run_modelled(column, f);
                hooks::end();
                result
            });
            actor::finished();
            ran.unwrap_or_else(|| Err(Box::new(RunOver)))
        };
        let raw = match engine {
            Engine::Loom => {
                let mut b = loom::thread::Builder::new();
                if let Some(name) = self.name {
                    b = b.name(name);
                }
                RawHandle::Loom(b.spawn(body)?)
            }
            _ => {
                let mut b = shuttle::thread::Builder::new();
                if let Some(name) = self.name {
                    b = b.name(name);
                }
                let handle = b.spawn(body)?;
                if let Some((child, _)) = rc11 {
                    let task = usize::from(handle.thread().id());
                    hooks::spawned(child, shuttle::scheduler::TaskId::from(task));
                }
                RawHandle::Shuttle(handle)
            }
        };
        Ok(JoinHandle { raw, rc11: rc11.map(|(child, _)| child) })
    }
}

/// The body of a modelled thread: bind its trace column, run `f`, keep its panic as a value.
fn run_modelled<T>(column: Option<usize>, f: impl FnOnce() -> T) -> Caught<T> {
    if let Some(column) = column {
        record::bind_column(column);
    }
    actor::catch_actor(f)
}

/// Spawns a thread, like [`std::thread::spawn`].
pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    Builder::new().spawn(f).expect("failed to spawn thread")
}

/// Lets another thread run, like [`std::thread::yield_now`]; a scheduling point in a model.
///
/// Under rc11 it adds nothing to the execution: the search already explores every value a spin
/// loop's reads can take. It is still a scheduling step, so a loop that yields without reading
/// racelab atomics ends as `hang` once it has taken too many.
pub fn yield_now() {
    match rt::engine() {
        Engine::Std => std::thread::yield_now(),
        Engine::Loom => loom::thread::yield_now(),
        Engine::Shuttle => shuttle::thread::yield_now(),
        Engine::Rc11 => {
            shuttle::thread::yield_now();
            hooks::leave_if_over();
        }
    }
}
