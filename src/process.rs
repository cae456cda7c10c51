//! The process facade: how an actor that is a process ends, and what its parent sees of it.
//!
//! A [`Processes`](crate::program::Processes) program's actors are OS processes on the
//! `processes` backend, each a re-run of racelab's binary sharing only files with the others
//! ([`crate::fs::SharedFile`]). Everywhere else (loom, shuttle, rc11, real threads) they are
//! threads, and this module keeps what a parent process would see the same on every engine:
//!
//! - an actor that returns ends with [`Exit::Code`]`(0)`;
//! - an actor that panics ends with [`Exit::Code`]`(101)`, the status Rust gives a process whose
//!   main thread panicked;
//! - [`abort`] ends it with [`Exit::Signal`]`(SIGABRT)` and [`exit`] with the code given: in a
//!   real actor process, by calling [`std::process::abort`] and [`std::process::exit`]; on a
//!   thread, by unwinding that thread alone with the same [`Exit`] as its payload, which the
//!   runner catches. Either way nothing after the call runs, locks the actor held are released
//!   (the OS releases a dead process's file locks; unwinding drops the guards), and the other
//!   actors go on.
//!
//! The observer is given every actor's [`Exit`], as a parent that waited for its children is.

use std::sync::atomic::{AtomicBool, Ordering};

pub use crate::model::exit::{Exit, PANICKED};
use crate::rt::record;

/// Set in an actor's own process, where [`abort`] and [`exit`] end the real process.
static REAL_PROCESS: AtomicBool = AtomicBool::new(false);

/// Marks this process as one actor's own: [`abort`] and [`exit`] end it for real from now on.
pub(crate) fn become_actor_process() {
    REAL_PROCESS.store(true, Ordering::SeqCst);
}

/// Ends this actor abnormally, as [`std::process::abort`] ends a process: `SIGABRT`.
pub fn abort() -> ! {
    end(Exit::Signal(libc::SIGABRT), "process::abort()")
}

/// Ends this actor with `code`, as [`std::process::exit`] ends a process.
pub fn exit(code: i32) -> ! {
    end(Exit::Code(code), &format!("process::exit({code})"))
}

fn end(exit: Exit, call: &str) -> ! {
    record::record(|| call.to_string());
    if REAL_PROCESS.load(Ordering::SeqCst) {
        match exit {
            Exit::Code(code) => std::process::exit(code),
            Exit::Signal(_) => std::process::abort(),
        }
    }
    // resume_unwind, not panic_any: no panic hook runs, so nothing is printed for an end that
    // was asked for.
    std::panic::resume_unwind(Box::new(exit))
}
