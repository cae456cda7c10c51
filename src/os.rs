//! The operating system's processes, as racelab uses them: children that die with their parent,
//! process groups killed whole, waiting for a child without reaping it, and signals by name.
//!
//! A leaf: it imports nothing of racelab's, and any layer may use it. Isolation runs each check in
//! a child of its own group ([`crate::check::isolate`]), the processes backend starts one process
//! per actor ([`crate::backend::processes`]), and the process pool its workers
//! ([`crate::exec::process`]); all of them rely on the same few calls, kept here once.

use std::io;
use std::process::Command;

/// Makes the child that `command` starts die with this process: on Linux the kernel sends it
/// SIGKILL when its parent ends (`PR_SET_PDEATHSIG`), however the parent ends, SIGKILL included.
///
/// The signal fires when the *thread* that spawned the child ends, not the whole process: spawn
/// from a thread that outlives the child (waits for it, or kills and reaps it, before it returns).
/// A parent that dies between `fork` and `prctl` would be missed, so the child then compares
/// `getppid()` with the parent's pid and refuses to start if it has already been orphaned.
///
/// Elsewhere this does nothing: there children are killed when their owner drops them, and a
/// racelab killed outright may leave them behind.
pub fn die_with_parent(command: &mut Command) -> &mut Command {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        let parent = std::process::id() as libc::pid_t;
        // SAFETY: between fork and exec the closure calls only prctl and getppid, both
        // async-signal-safe, and builds its error without allocating.
        unsafe {
            command.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong) != 0 {
                    return Err(io::Error::last_os_error());
                }
                if libc::getppid() != parent {
                    return Err(io::Error::from_raw_os_error(libc::ESRCH)); // orphaned already
                }
                Ok(())
            });
        }
    }
    command
}

/// Makes the child that `command` starts lead a process group of its own (killed whole with
/// [`kill_group`]), and die with the thread that starts it ([`die_with_parent`]).
pub fn lead_own_group(command: &mut Command) -> &mut Command {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
    die_with_parent(command)
}

/// Blocks until the child `pid` has ended, leaving it unreaped: a zombie holds on to its pid, and
/// so to its group's id, until [`std::process::Child::wait`] reaps it. No signal sent meanwhile
/// can reach a stranger that was given a recycled pid.
pub fn wait_without_reaping(pid: u32) {
    loop {
        // SAFETY: waitid writes only into `info`, which lives on this stack.
        let done = unsafe {
            let mut info: libc::siginfo_t = std::mem::zeroed();
            libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, libc::WEXITED | libc::WNOWAIT)
        };
        if done == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            return;
        }
    }
}

/// Sends SIGKILL to every process of the group `group` (the pid of its leader, a child of ours).
pub fn kill_group(group: u32) {
    // SAFETY: killpg only sends a signal; the group is one this process made (its leader's pid).
    unsafe {
        libc::killpg(group as libc::pid_t, libc::SIGKILL);
    }
}

/// Sends SIGKILL to the process `pid`, a child of ours not reaped yet.
pub fn kill(pid: u32) {
    // SAFETY: kill only sends a signal, to a child this process has not reaped yet.
    unsafe {
        libc::kill(pid as libc::pid_t, libc::SIGKILL);
    }
}

/// A signal's name: `SIGABRT`, or `signal 42` for one without a common name.
pub fn signal_name(signal: i32) -> String {
    let name = match signal {
        libc::SIGABRT => "SIGABRT",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGBUS => "SIGBUS",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGTERM => "SIGTERM",
        libc::SIGINT => "SIGINT",
        libc::SIGHUP => "SIGHUP",
        libc::SIGQUIT => "SIGQUIT",
        libc::SIGTRAP => "SIGTRAP",
        libc::SIGSYS => "SIGSYS",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGUSR1 => "SIGUSR1",
        libc::SIGUSR2 => "SIGUSR2",
        libc::SIGXCPU => "SIGXCPU",
        _ => return format!("signal {signal}"),
    };
    name.to_string()
}
