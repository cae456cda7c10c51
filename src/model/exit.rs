//! How an actor that is a process ended, as its parent sees it: what a processes program's
//! observer is given ([`crate::program::Processes`]), the same on every engine
//! ([`crate::process`] says how).

use crate::os;

/// How an actor ended, as its parent process sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Exit {
    /// It exited with this status: 0 when it returned, 101 when it panicked.
    Code(i32),
    /// It was killed by this signal (`SIGABRT` for [`crate::process::abort`]).
    Signal(i32),
}

/// The status of an actor process whose code panicked, as Rust gives it.
pub const PANICKED: i32 = 101;

impl Exit {
    /// Whether the actor ended normally: exit status 0.
    pub fn success(self) -> bool {
        self == Exit::Code(0)
    }
}

impl Default for Exit {
    /// Exited with status 0.
    fn default() -> Self {
        Exit::Code(0)
    }
}

impl std::fmt::Display for Exit {
    /// `exit 0`, `exit 101`, `SIGABRT`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exit::Code(code) => write!(f, "exit {code}"),
            Exit::Signal(signal) => f.write_str(&os::signal_name(*signal)),
        }
    }
}
