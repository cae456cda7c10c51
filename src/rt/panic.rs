//! Panics inside a run: kept quiet, told apart (the scenario's own, or the checker's), and the
//! payloads with which every engine unwinds a thread on purpose.
//!
//! Scenarios panic on purpose (a poisoned lock, a worker that fails), loom panics to report a
//! deadlock, and the runners unwind a thread to stop it ([`BudgetExhausted`], [`TimeUp`],
//! [`RunOver`], [`Unsupported`]). The facade catches the scenario's panics as outcomes and passes
//! every checker's on untouched ([`is_checker_panic`]); all of those payloads live here, under
//! every engine, so the facade names none of the engines above it.

use std::any::Any;
use std::cell::Cell;
use std::panic;
use std::sync::Once;

use super::engine::{Engine, engine};

/// In a check's child process, where the panic hook writes the checker's own panics down.
static CHECKER_PANICS: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Marks this process as a check's child ([`crate::check::isolate`]): the panic hook then writes the
/// checker's own panics (loom's deadlock report) to `path`, which the parent reads if the checker
/// aborts the process right after (loom issue 291). A file of its own, so that nothing the
/// scenario prints can pass for the checker's words.
pub fn child_mode(path: std::path::PathBuf) {
    let _ = CHECKER_PANICS.set(path);
}

/// The checker's panics so far were handled (loom's deadlock caught and reported): forget them,
/// so that a later abort is not blamed on them.
pub fn forget_checker_panics() {
    if let Some(path) = CHECKER_PANICS.get() {
        let _ = std::fs::remove_file(path);
    }
}

fn write_down_checker_panic(message: &str) {
    use std::io::Write;
    if let Some(path) = CHECKER_PANICS.get()
        && let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(path)
    {
        let _ = writeln!(file, "{message}");
    }
}

thread_local! {
    static QUIET: Cell<u32> = const { Cell::new(0) };
    static SCENARIO_PANIC: Cell<bool> = const { Cell::new(false) };
}

/// Whether the panic now unwinding on this OS thread is the scenario's own, not the checker's.
///
/// Set by the panic hook as a panic starts, cleared when the facade catches it. Only during a
/// scenario's panic is the panicking thread loom's active thread; during loom's own deadlock
/// report there is no active thread to ask anything of.
pub(crate) fn scenario_panicking() -> bool {
    SCENARIO_PANIC.with(Cell::get) && std::thread::panicking()
}

/// The facade caught the scenario's panic: it is no longer unwinding.
pub(crate) fn scenario_panic_caught() {
    SCENARIO_PANIC.with(|p| p.set(false));
}

/// Silences the panic hook on this OS thread until the guard drops.
///
/// Scenarios panic on purpose (a poisoned lock, a worker that fails), loom panics to report a
/// deadlock, and shuttle's own hook prints a schedule for every panic, caught or not. Inside a
/// racelab run every panic becomes an outcome, so none of them should reach the terminal; outside
/// one, panics print as usual.
pub fn quiet() -> QuietGuard {
    install_hook();
    QUIET.with(|q| q.set(q.get() + 1));
    QuietGuard(())
}

/// Whether this OS thread is inside a [`quiet`] section.
pub fn is_quiet() -> bool {
    QUIET.with(Cell::get) > 0
}

/// Ends a [`quiet`] section when dropped.
#[derive(Debug)]
pub struct QuietGuard(());

impl Drop for QuietGuard {
    fn drop(&mut self) {
        QUIET.with(|q| q.set(q.get() - 1));
    }
}

/// Installs racelab's panic hook once per process, in place of shuttle's.
///
/// shuttle installs its hook the first time it runs an execution, behind a `Once`, and that hook
/// prints "Task failed, serializing schedule" for every panic in the process afterwards (measured
/// with shuttle 0.9.9 before racelab existed: one loom model run after it printed 24,900 lines). So
/// we let shuttle install it first, with one empty execution, then replace it with ours: silent
/// inside [`quiet`] sections, std's default hook elsewhere. shuttle's `Once` is spent, so it never
/// comes back.
fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let original = panic::take_hook();
        panic::set_hook(Box::new(|_| {}));
        shuttle::check_random(|| {}, 1);
        drop(panic::take_hook()); // shuttle's hook, wrapping our empty placeholder
        panic::set_hook(Box::new(move |info| {
            let checker = is_checker_panic(info.payload());
            SCENARIO_PANIC.with(|p| p.set(!checker));
            if checker {
                write_down_checker_panic(&panic_message(info.payload()));
            }
            if QUIET.with(Cell::get) == 0 || std::env::var_os("RACELAB_DEBUG_PANICS").is_some() {
                original(info);
            }
        }));
    });
}

/// How loom's assertion reads when a program starts more threads than loom models (5, loom 0.7).
pub const LOOM_THREAD_LIMIT: &str = "assertion failed: self.threads.len() < self.max()";

/// The message racelab gives a stack overflow that loom's coroutines report by panicking.
pub const STACK_OVERFLOW: &str = "stack overflow";

/// The text of a panic payload: its message when it is a string, a placeholder otherwise.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    // loom runs modelled threads as coroutines of the `generator` crate, which reports an
    // overflow of a coroutine's stack by panicking with its own error type.
    if payload.downcast_ref::<generator::Error>() == Some(&generator::Error::StackErr) {
        return STACK_OVERFLOW.to_string();
    }
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_string()
    }
}

/// Whether a panic belongs to the model checker rather than to the scenario.
///
/// The facade catches a panicking actor so that `join()` returns `Err` as std does, but loom
/// reports a deadlock or an exceeded bound by panicking inside whichever modelled thread notices
/// it. Those panics must reach loom, so they are re-raised. The list is loom 0.7's.
pub fn is_checker_panic(payload: &(dyn Any + Send)) -> bool {
    if payload.is::<BudgetExhausted>()
        || payload.is::<Unsupported>()
        || payload.is::<TimeUp>()
        || payload.is::<generator::Error>()
        || payload.is::<RunOver>()
    {
        return true;
    }
    let message = match payload.downcast_ref::<&str>() {
        Some(s) => *s,
        None => match payload.downcast_ref::<String>() {
            Some(s) => s.as_str(),
            None => return false,
        },
    };
    message.starts_with("deadlock; threads")
        || message.starts_with("Model exceeded maximum number of")
        || message.starts_with("Arc leaked")
        || message.starts_with("Allocation leaked")
        || (engine() == Engine::Loom && message.starts_with(LOOM_THREAD_LIMIT))
}

/// The panic payload with which a runner stops an exploration that has used up its budget.
#[derive(Debug)]
pub struct BudgetExhausted;

/// The panic payload with which the facade stops a run on an engine that cannot do what the
/// program asked of it (an async task under loom, which has no executor): the backend then
/// reports the program as not run, with this reason, instead of a panic of the program's.
#[derive(Debug)]
pub struct Unsupported(pub &'static str);

/// The panic payload with which the loom runner stops a search whose time budget has run out.
#[derive(Debug)]
pub struct TimeUp;

/// The payload with which a modelled thread of rc11 leaves the program's code once its run is over.
///
/// A run that ends blocked, or is abandoned, leaves threads parked in the middle of their code.
/// Rather than have shuttle tear them down (it unwinds each stack and then unmaps it, and maps a
/// fresh one for the next run: half the time of a search of a pool, most runs of which end
/// blocked), the scheduler resumes them one by one and each unwinds to its start by itself,
/// where the facade catches this payload and the thread ends as a thread that returned. shuttle
/// then keeps its stack for the next run ([`crate::rc11::run`]).
#[derive(Debug)]
pub struct RunOver;
