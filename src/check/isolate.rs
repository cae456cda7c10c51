//! Isolation: every check in a child process with a deadline, as jcstress forks a VM per test.
//!
//! A scenario is somebody's code, and code can do worse than panic: call `exit`, `abort`, overflow
//! its stack, spin forever without one facade operation (no model checker can preempt that), or
//! leave a thread blocked so that loom aborts the process (loom issue 291). None of that may take a
//! run down. So [`observation`] runs each check (a scenario, a variant, a backend) in a child
//! process, the same binary started with the hidden argument [`CHILD_COMMAND`] and a JSON
//! [`Request`]; the child writes its [`Observation`] as JSON to a file and exits. The parent grades
//! it ([`super::Checker::check`]), so a verdict is made in one place whatever happened in the
//! child. A child that dies or overruns its deadline becomes an outcome of that check, naming what
//! ended it: `crashed: SIGABRT`, `exited: 3`, `timed out after 60 s`; the run goes on to the next
//! check.
//!
//! No child outlives racelab: each leads a process group of its own, killed whole when the check
//! ends (taking any process the scenario started with it). If racelab dies first, however it dies,
//! the child's lifeline breaks and it kills its own group (see `lifeline`); before it listens, the
//! kernel kills it with its parent (`PR_SET_PDEATHSIG` on Linux). [`interrupt`] kills every
//! running child at once; the command line calls it on SIGINT and SIGTERM, then prints what
//! finished.
//!
//! Any binary can serve checks: `racelab` does (its hidden `__check` command), and so can a test
//! binary with its own scenarios, by calling [`serve_if_child`] first thing in `main`.

use std::fs;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::run;
use super::settings::{Settings, setting, timeout};
use crate::backend::processes as processes_backend;
use crate::model::observation::{Backend, Observation};
use crate::model::outcome::Outcome;
use crate::model::scenario::{Scenario, Variant};
use crate::os;

/// The first argument that makes a binary serve one check instead of doing its usual work.
pub const CHILD_COMMAND: &str = "__check";

/// Environment variables that would change what loom or shuttle do behind racelab's settings
/// (`SHUTTLE_RANDOM_SEED` replaces the seed; `LOOM_MAX_PREEMPTIONS` the bound): a child never
/// sees them, so a report says what its header says.
pub const CHECKER_ENV_PREFIXES: [&str; 2] = ["SHUTTLE_", "LOOM_"];

/// What a child is asked to check.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Request {
    /// Scenario id.
    pub scenario: String,
    /// Variant name.
    pub variant: String,
    /// The backend to run.
    pub backend: Backend,
    /// The settings of the run.
    pub settings: Settings,
    /// Where the child writes its [`Answer`].
    pub answer: PathBuf,
    /// The read end of racelab's lifeline, if it has one (see `lifeline`).
    pub lifeline: Option<i32>,
}

/// What a child writes back: what the backend saw, or why the child could not run the check.
#[derive(Debug, Serialize, Deserialize)]
pub enum Answer {
    /// The backend ran.
    Observed(Box<Observation>),
    /// The request made no sense to the child (an id its catalogue does not have).
    Refused(String),
}

/// The binary that serves checks.
#[derive(Clone, Debug)]
pub struct Isolation {
    /// Path of a binary that answers [`CHILD_COMMAND`]: `racelab`, or a test binary that calls
    /// [`serve_if_child`].
    pub exe: PathBuf,
}

impl Isolation {
    /// Checks run by `exe`.
    pub fn new(exe: impl Into<PathBuf>) -> Self {
        Isolation { exe: exe.into() }
    }

    /// Checks run by the binary now running (`racelab`, or a test binary serving its own).
    pub fn current() -> io::Result<Self> {
        std::env::current_exe().map(Isolation::new)
    }
}

/// The run was interrupted ([`interrupt`]) before this check finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interrupted;

/// What `backend` observed of `variant`, in a child process: the child's answer, or how it ended
/// (a crash, an exit, the deadline), as an observation; [`super::Checker`] grades it.
///
/// `Err(Interrupted)` if [`interrupt`] was called meanwhile: the check was cut short and has no
/// observation.
pub fn observation(
    isolation: &Isolation,
    scenario: &'static Scenario,
    variant: &'static Variant,
    backend: Backend,
    settings: &Settings,
) -> Result<Observation, Interrupted> {
    if interrupted() {
        return Err(Interrupted);
    }
    let request = Request {
        scenario: scenario.id.to_string(),
        variant: variant.name.to_string(),
        backend,
        settings: settings.clone(),
        answer: PathBuf::new(),
        lifeline: lifeline(),
    };
    match run_child(isolation, request, timeout(backend, settings)) {
        Ok(observation) => Ok(observation),
        Err(ChildError::Interrupted) => Err(Interrupted),
        Err(ChildError::Ended(ended)) => Ok(ended.observation(scenario, backend, settings)),
    }
}

/// How a child ended without an answer.
#[derive(Debug)]
enum Ended {
    /// Killed by a signal, with its last words (the tail of its output) and the checker's own
    /// panics, if it reported any just before.
    Signalled { signal: i32, last_words: String, checker_said: String },
    /// Exited by itself, without writing an answer.
    Exited { code: i32, last_words: String },
    /// Still running at the deadline: killed.
    TimedOut(Duration),
    /// It could not be started, or its answer could not be read: racelab's failure, not the
    /// program's.
    Failed(String),
}

enum ChildError {
    Interrupted,
    Ended(Ended),
}

impl Ended {
    /// The observation of a check whose child ended this way.
    fn observation(self, scenario: &Scenario, backend: Backend, settings: &Settings) -> Observation {
        let mut o = Observation::new(backend, setting(scenario, backend, settings), vec![]);
        let lost = "the outcomes it reached before are lost";
        let (outcome, stopped) = match self {
            Ended::Signalled { signal, checker_said, .. }
                if signal == libc::SIGABRT
                    && backend == Backend::Loom
                    && checker_said.contains(LOOM_DEADLOCK) =>
            {
                // loom found every thread blocked while unwinding (a thread left blocked when the
                // program ended) and aborted instead of reporting it: loom issue 291.
                (
                    Outcome::Deadlock,
                    format!(
                        "loom found a thread blocked forever (a thread still waiting when the program \
                         ended) and aborted the process, as it does (loom issue 291); no witness, and {lost}"
                    ),
                )
            }
            Ended::Signalled { signal, last_words, .. } => (
                Outcome::Crashed(os::signal_name(signal)),
                format!(
                    "the check's process was killed by {}; {lost}{}",
                    os::signal_name(signal),
                    quote(&last_words)
                ),
            ),
            Ended::Exited { code, last_words } => (
                Outcome::Exited(code),
                format!(
                    "the program ended the check's process with exit({code}); {lost}{}",
                    quote(&last_words)
                ),
            ),
            Ended::TimedOut(after) => (
                Outcome::TimedOut(after.as_secs().max(1)),
                format!("the check's process was killed at its deadline; {lost}"),
            ),
            Ended::Failed(why) => {
                o.failure = Some(why);
                return o;
            }
        };
        o.count(&outcome, 0, 1, None, None);
        o.stopped = Some(stopped);
        o
    }
}

/// How loom's deadlock report starts, as the child's panic hook writes it down.
const LOOM_DEADLOCK: &str = "deadlock; threads";

fn quote(last_words: &str) -> String {
    if last_words.is_empty() { String::new() } else { format!(". Its last words: {last_words}") }
}

/// Starts the child, waits for it until `timeout`, and reads its answer.
fn run_child(
    isolation: &Isolation,
    mut request: Request,
    timeout: Duration,
) -> Result<Observation, ChildError> {
    let failed =
        |what: &str, e: &dyn std::fmt::Display| ChildError::Ended(Ended::Failed(format!("{what}: {e}")));
    let dir = tempfile::Builder::new()
        .prefix("racelab-check-")
        .tempdir()
        .map_err(|e| failed("cannot make a folder for the check's answer", &e))?;
    request.answer = dir.path().join("answer.json");
    let output_path = dir.path().join("output.log");
    let output = fs::File::create(&output_path).map_err(|e| failed("cannot make the check's log", &e))?;
    let output2 = output.try_clone().map_err(|e| failed("cannot make the check's log", &e))?;
    let json = serde_json::to_string(&request).expect("a request serialises");

    let mut command = Command::new(&isolation.exe);
    command.arg(CHILD_COMMAND).arg(json).stdin(Stdio::null()).stdout(output).stderr(output2);
    // A backtrace would bury a child's last words, and costs time in every panic it reports.
    command.env("RUST_BACKTRACE", "0");
    for (key, _) in std::env::vars_os() {
        let name = key.to_string_lossy();
        if CHECKER_ENV_PREFIXES.iter().any(|p| name.starts_with(p)) {
            command.env_remove(&key);
        }
    }
    os::lead_own_group(&mut command);
    let mut child = command.spawn().map_err(|e| {
        failed(&format!("cannot start the check's process ({})", isolation.exe.display()), &e)
    })?;
    let group = child.id();
    LIVE.lock().unwrap_or_else(|p| p.into_inner()).push(group);
    // An interruption between the spawn and the line above found no group to kill: kill it here.
    if interrupted() {
        os::kill_group(group);
    }

    // The waiter only learns that the child has ended (`WNOWAIT`): the zombie keeps its pid, and
    // so its group's id, reserved until the group is killed and the child reaped, here, below. No
    // signal can reach a stranger that was given a recycled pid.
    let (tx, rx) = mpsc::channel();
    let waiter = std::thread::Builder::new().name("racelab-waiter".into()).spawn(move || {
        os::wait_without_reaping(group);
        let _ = tx.send(());
    });
    let waited = match waiter {
        Ok(_) => rx.recv_timeout(timeout).is_ok(),
        Err(_) => false, // no waiter: end the child now rather than wait blind
    };
    os::kill_group(group); // whatever happened: a process the scenario started, an overdue check
    if !waited {
        // A child that moved to another group, or left its group's, still dies by its own pid.
        os::kill(group);
    }
    let status = if waited || rx.recv_timeout(KILL_GRACE).is_ok() {
        Some(child.wait())
    } else {
        None // stuck in the kernel; left to PR_SET_PDEATHSIG and the lifeline
    };
    LIVE.lock().unwrap_or_else(|p| p.into_inner()).retain(|&g| g != group);
    if interrupted() {
        return Err(ChildError::Interrupted);
    }
    let Some(status) = status else {
        return Err(failed("the check's process did not die when killed", &format!("pid {group}")));
    };
    if !waited {
        return Err(ChildError::Ended(Ended::TimedOut(timeout)));
    }
    let status = status.map_err(|e| failed("cannot wait for the check's process", &e))?;
    let marker = |what: &str| request.answer.with_extension(what);
    if let Ok(text) = fs::read_to_string(&request.answer) {
        return match serde_json::from_str(&text) {
            Ok(Answer::Observed(observation)) => Ok(*observation),
            Ok(Answer::Refused(why)) => Err(ChildError::Ended(Ended::Failed(why))),
            Err(e) => Err(failed("the check's answer is unreadable", &e)),
        };
    }
    let last_words = last_words(&output_path);
    if let Ok(why) = fs::read_to_string(marker(FAILED)) {
        return Err(ChildError::Ended(Ended::Failed(why)));
    }
    if !marker(STARTED).exists() {
        return Err(ChildError::Ended(Ended::Failed(format!(
            "{} did not serve the check: a binary that runs checks must call \
             racelab::check::isolate::serve_if_child first thing in main{}",
            isolation.exe.display(),
            quote(&last_words)
        ))));
    }
    let checker_said = fs::read_to_string(marker(CHECKER)).unwrap_or_default();
    use std::os::unix::process::ExitStatusExt;
    Err(ChildError::Ended(match (status.code(), status.signal()) {
        (Some(code), _) => Ended::Exited { code, last_words },
        (None, Some(signal)) => Ended::Signalled { signal, last_words, checker_said },
        (None, None) => Ended::Failed("the check's process ended in a way the OS did not name".into()),
    }))
}

/// How long a killed child may take to die before racelab stops waiting for it.
const KILL_GRACE: Duration = Duration::from_secs(5);

/// Beside the answer: the child made it this far (the request parsed, the check began).
const STARTED: &str = "started";
/// Beside the answer: why the child could not write it.
const FAILED: &str = "failed";
/// Beside the answer: the checker's own panics, as the child's panic hook saw them.
const CHECKER: &str = "checker";

/// Process groups of the children running now, for [`interrupt`].
static LIVE: Mutex<Vec<u32>> = Mutex::new(Vec::new());
/// Set by [`interrupt`].
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// The signal that interrupted the run, if a signal did.
static SIGNAL: AtomicI32 = AtomicI32::new(0);

/// Stops the run: kills every running check's process group at once; [`observation`] answers
/// `Err(Interrupted)` from then on. `signal` is the signal that asked for it, if any.
pub fn interrupt(signal: Option<i32>) {
    SIGNAL.store(signal.unwrap_or(0), Ordering::SeqCst);
    INTERRUPTED.store(true, Ordering::SeqCst);
    for &group in LIVE.lock().unwrap_or_else(|p| p.into_inner()).iter() {
        os::kill_group(group);
    }
}

/// Whether [`interrupt`] was called.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// The signal that interrupted the run, if a signal did.
pub fn interrupting_signal() -> Option<i32> {
    Some(SIGNAL.load(Ordering::SeqCst)).filter(|&s| s != 0)
}

/// The last lines of a child's output, at most 300 characters: what it said before it died.
fn last_words(path: &Path) -> String {
    const TAIL: u64 = 4096;
    let mut text = String::new();
    if let Ok(mut file) = fs::File::open(path) {
        let len = file.metadata().map_or(0, |m| m.len());
        let _ = file.seek(SeekFrom::Start(len.saturating_sub(TAIL)));
        let mut bytes = Vec::new();
        let _ = file.read_to_end(&mut bytes);
        text = String::from_utf8_lossy(&bytes).into_owned();
    }
    let lines: Vec<&str> =
        text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("note: ")).collect();
    // A panic that escaped: its header and message say more than anything after them.
    let from = match lines.iter().rposition(|l| l.starts_with("thread '") && l.contains("panicked at")) {
        Some(at) => at,
        None => lines.len().saturating_sub(2),
    };
    let mut words: Vec<&str> = lines[from..].iter().take(2).copied().collect();
    // The last line is the last thing said (a fatal runtime error after an escaped panic).
    if let Some(&last) = lines.last()
        && !words.contains(&last)
    {
        words.push(last);
    }
    let words = words.join(" / ");
    crate::term::clip(&words, 300)
}

/// Serves one check if this process was started as a child ([`CHILD_COMMAND`] as its first
/// argument), or one actor of a process trial
/// ([`ACTOR_COMMAND`](processes_backend::ACTOR_COMMAND)), and exits; otherwise returns,
/// and `main` goes on as usual.
///
/// A test binary with scenarios of its own calls this first thing in `main`, with its lookup.
pub fn serve_if_child(find: fn(&str) -> Option<&'static Scenario>) {
    let mut args = std::env::args();
    match args.nth(1).as_deref() {
        Some(CHILD_COMMAND) => {
            let request = args.next().unwrap_or_default();
            let code = serve(&request, find);
            std::process::exit(if code == ExitCode::SUCCESS { 0 } else { 2 });
        }
        Some(processes_backend::ACTOR_COMMAND) => {
            processes_backend::serve_actor(&args.next().unwrap_or_default(), find)
        }
        _ => {}
    }
}

/// The child's side: runs the check a JSON [`Request`] asks for, writes the [`Answer`], exits.
///
/// It exits with `std::process::exit`, so that threads the scenario left blocked, and destructors
/// that might block, cannot keep the check from ending.
pub fn serve(request: &str, find: fn(&str) -> Option<&'static Scenario>) -> ExitCode {
    let request: Request = match serde_json::from_str(request) {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "error: `{CHILD_COMMAND}` is racelab's own: it takes a request from a parent racelab ({e})"
            );
            return ExitCode::from(2);
        }
    };
    let _ = fs::write(request.answer.with_extension(STARTED), "");
    // racelab kills its checks itself; a signal meant for the whole session (a terminal's ^C, a
    // hang-up, a service manager stopping the group) must not pass for the program's crash. A
    // handler that does nothing, not SIG_IGN: a handler is reset by exec, so the processes the
    // scenario starts keep the default dispositions, where an ignored signal would stay ignored.
    extern "C" fn shrug(_: libc::c_int) {}
    // SAFETY: the handler does nothing at all, which is async-signal-safe.
    unsafe {
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT] {
            libc::signal(signal, shrug as extern "C" fn(libc::c_int) as libc::sighandler_t);
        }
    }
    if let Some(fd) = request.lifeline
        && hold_lifeline(fd)
    {
        // From here the lifeline kills this process *and* what the scenario starts when racelab
        // dies. `PR_SET_PDEATHSIG` would kill this process first, lifeline thread and all, and
        // leave the scenario's processes behind; it has covered the moments before this one.
        #[cfg(target_os = "linux")]
        // SAFETY: prctl changes only this process's parent-death signal.
        unsafe {
            libc::prctl(libc::PR_SET_PDEATHSIG, 0 as libc::c_ulong);
        }
    }
    crate::rt::child_mode(request.answer.with_extension(CHECKER));
    let answer = match find(&request.scenario).and_then(|s| Some((s, s.variant(&request.variant)?))) {
        Some((scenario, variant)) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run::observation(scenario, variant, request.backend, &request.settings)
        }))
        .map_or_else(
            |p| {
                Answer::Refused(format!(
                    "racelab failed inside the check: {}",
                    crate::rt::panic_message(p.as_ref())
                ))
            },
            |o| Answer::Observed(Box::new(o)),
        ),
        None => Answer::Refused(format!(
            "the check's process has no scenario {} with a variant {}: it runs another catalogue",
            request.scenario, request.variant
        )),
    };
    let partial = request.answer.with_extension("partial");
    let written = fs::write(&partial, serde_json::to_vec(&answer).expect("an answer serialises"))
        .and_then(|()| fs::rename(&partial, &request.answer));
    if let Err(e) = written {
        let _ =
            fs::write(request.answer.with_extension(FAILED), format!("cannot write the check's answer: {e}"));
    }
    std::process::exit(0);
}

/// The read end of a pipe whose write end only racelab holds: when racelab ends, however it ends
/// (`SIGKILL` included), every child reading it sees end-of-file.
///
/// `PR_SET_PDEATHSIG` kills a check's own process when racelab dies, but not the processes the
/// scenario started; a child that sees the lifeline break kills its whole group, them included.
/// A process that left the group (`setsid`, a daemon) escapes this, as it escapes every group kill.
fn lifeline() -> Option<i32> {
    static LIFELINE: std::sync::OnceLock<Option<i32>> = std::sync::OnceLock::new();
    *LIFELINE.get_or_init(|| {
        let mut fds = [0; 2];
        // SAFETY: pipe and fcntl write only into `fds` and the descriptors they name. The write end
        // is close-on-exec, so that only this process holds it; the read end is inherited.
        unsafe {
            if libc::pipe(fds.as_mut_ptr()) != 0 {
                return None;
            }
            libc::fcntl(fds[1], libc::F_SETFD, libc::FD_CLOEXEC);
            libc::fcntl(fds[0], libc::F_SETFD, 0);
        }
        Some(fds[0]) // the write end stays open, unused, for the life of the process
    })
}

/// In the child: a thread that waits on the lifeline and, once it breaks, kills the child's group.
/// `false` if no thread could be started.
fn hold_lifeline(fd: i32) -> bool {
    let started = std::thread::Builder::new().name("racelab-lifeline".into()).spawn(move || {
        let mut byte = 0u8;
        loop {
            // SAFETY: read writes at most one byte into `byte`.
            let n = unsafe { libc::read(fd, (&mut byte as *mut u8).cast(), 1) };
            if n == 0 || (n < 0 && io::Error::last_os_error().raw_os_error() != Some(libc::EINTR)) {
                // SAFETY: killpg(0) signals this process's own group: the check and what it started.
                unsafe { libc::killpg(0, libc::SIGKILL) };
            }
        }
    });
    started.is_ok()
}
