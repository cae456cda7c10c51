//! Real OS processes: each actor of a [`Processes`](crate::program::Processes) program in a
//! process of its own, sharing only files, trial after trial.
//!
//! A trial goes as a shell script with two workers goes, with one difference that makes a race
//! show up: the workers start together.
//!
//! 1. racelab builds the program's state, its files made in a fresh folder of the trial
//!    ([`crate::fs::SharedFile`]);
//! 2. it starts one process per actor, a re-run of its own binary with the hidden argument
//!    [`ACTOR_COMMAND`] and a JSON [`ActorRequest`]; each builds the state again, opening the
//!    files of the same names, and says it is [`READY`] on its standard output;
//! 3. once every actor is ready, racelab writes one byte to each one's standard input, and each
//!    runs its actor's code and exits;
//! 4. racelab waits for every actor and hands the observer how each ended ([`Exit`]): exit 0,
//!    exit 101 for a panic, `SIGABRT` for an abort, as a parent waiting for its children sees.
//!
//! Without step 3 the start of a process (about a millisecond, FINDINGS) would keep the actors
//! apart, and their few microseconds of file work would never overlap.
//!
//! A trial in which an actor has not ended after the watchdog's time is a `hang`: every actor of
//! it is killed, and the run stops there, as the real-thread run stops at its first hang. Each
//! actor dies with the thread that started it (`PR_SET_PDEATHSIG`) and is in the check's process
//! group, which racelab kills whole when the check ends: no actor outlives racelab.
//!
//! The run is a sample, like the real-thread one: `passed` when it saw nothing wrong, never
//! `verified`. Its counts vary from run to run, so they are kept out of snapshots.

use std::io::{self, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::threads::StressConfig;
use super::{Backend, Observation};
use crate::fs::{self as facade_fs, Place};
use crate::model::outcome::{Outcome, Tally};
use crate::model::scenario::Scenario;
use crate::process::Exit;

/// The first argument that makes a binary run one actor of a process trial.
pub const ACTOR_COMMAND: &str = "__actor";

/// What an actor's process writes on its standard output once its state is built.
pub const READY: &[u8] = b"racelab actor ready\n";

/// Why a program is not run on processes: its actors are not declared as processes.
pub const NOT_PROCESSES: &str = "its actors share memory, and processes share none: only a Processes \
                                 program, whose actors share files, runs as processes";

/// What an actor's process is asked to run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ActorRequest {
    /// Scenario id.
    pub scenario: String,
    /// Variant name.
    pub variant: String,
    /// Which actor, by its place in the program's list.
    pub actor: usize,
    /// The trial's folder, where the state's files are.
    pub dir: PathBuf,
}

/// Runs trials of `variant` for `config.duration`, each actor in a process of its own started from
/// `exe`, and counts their outcomes.
pub fn stress(
    exe: &std::path::Path,
    scenario: &Scenario,
    variant: &crate::model::scenario::Variant,
    config: &StressConfig,
) -> Observation {
    let mut o = Observation::new(Backend::Processes, setting(config), vec!["count"]);
    let Some(program) = variant.program.processes() else {
        o.not_run = Some(NOT_PROCESSES.to_string());
        return o;
    };
    let actors = variant.program.actors();
    let start = Instant::now();
    let mut tally = Tally::default();
    let mut trials = 0u64;
    while trials == 0 || start.elapsed() < config.duration {
        let folder = match tempfile::Builder::new().prefix("racelab-trial-").tempdir_in(facade_fs::scratch())
        {
            Ok(folder) => folder,
            Err(e) => {
                o.failure = Some(format!("cannot make a folder for a trial's files: {e}"));
                break;
            }
        };
        let mut failed = None;
        facade_fs::set_place(Some(Place::Make(folder.path().to_path_buf())));
        let outcome = program.trial(&mut || {
            facade_fs::set_place(None);
            let request = |actor| ActorRequest {
                scenario: scenario.id.to_string(),
                variant: variant.name.to_string(),
                actor,
                dir: folder.path().to_path_buf(),
            };
            run_actors(exe, &actors, request, config.watchdog).map_err(|e| match e {
                TrialError::Hang => Outcome::Hang,
                TrialError::Failed(why) => {
                    // Not the program's outcome: the run ends on `failed` below, before any tally.
                    failed = Some(why);
                    Outcome::Hang
                }
            })
        });
        facade_fs::set_place(None); // again, for a setup that panicked before its actors ran
        if let Some(why) = failed {
            o.failure = Some(why);
            break;
        }
        trials += 1;
        let hung = outcome == Outcome::Hang;
        tally.add(outcome, 1);
        if hung {
            o.stopped = Some(format!(
                "an actor's process had not ended {} ms after the trial began: every actor of that trial \
                 was killed",
                config.watchdog.as_millis()
            ));
            break;
        }
    }
    for (outcome, n) in tally.into_counts() {
        o.count(&outcome, 0, n, None, None);
    }
    o.executions = trials;
    o.elapsed = start.elapsed();
    o
}

/// How a process run is described in a report's header.
pub fn setting(config: &StressConfig) -> String {
    format!("real OS processes, {} ms", config.duration.as_millis())
}

/// Why a trial's actors gave no exits.
enum TrialError {
    /// An actor had not ended by the deadline.
    Hang,
    /// racelab could not run them: the message says why, and it is not the program's doing.
    Failed(String),
}

/// Starts one process per actor, lets them all go at once, and waits for each.
fn run_actors(
    exe: &std::path::Path,
    actors: &[&str],
    request: impl Fn(usize) -> ActorRequest,
    watchdog: Duration,
) -> Result<Vec<Exit>, TrialError> {
    let deadline = Instant::now() + watchdog;
    let mut children: Vec<Child> = Vec::with_capacity(actors.len());
    let killed = |children: &mut Vec<Child>| {
        for child in children.iter_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    };
    for (k, name) in actors.iter().enumerate() {
        let json = serde_json::to_string(&request(k)).expect("a request serialises");
        let mut command = Command::new(exe);
        command
            .arg(ACTOR_COMMAND)
            .arg(json)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .env("RUST_BACKTRACE", "0");
        crate::os::die_with_parent(&mut command);
        match command.spawn() {
            Ok(child) => children.push(child),
            Err(e) => {
                killed(&mut children);
                return Err(TrialError::Failed(format!(
                    "cannot start a process for actor {name} ({}): {e}",
                    exe.display()
                )));
            }
        }
    }
    // Every actor ready, then every one let go, as close together as writes allow.
    for (k, child) in children.iter_mut().enumerate() {
        let stdout = child.stdout.as_mut().expect("stdout is piped");
        match read_ready(stdout, deadline) {
            Ok(true) => {}
            Ok(false) => {
                killed(&mut children);
                return Err(TrialError::Hang);
            }
            Err(said) => {
                killed(&mut children);
                return Err(TrialError::Failed(format!(
                    "actor {}'s process ended or spoke before it was ready ({}): a binary that runs \
                     process actors must call racelab::check::isolate::serve_if_child first thing in main, \
                     and a Processes program's setup should do no more than make its files",
                    actors[k],
                    if said.is_empty() { "it said nothing".to_string() } else { format!("it said {said:?}") }
                )));
            }
        }
    }
    for child in children.iter_mut() {
        if let Some(mut stdin) = child.stdin.take() {
            let _ = stdin.write_all(b"g");
        }
    }
    let mut exits: Vec<Option<Exit>> = vec![None; children.len()];
    loop {
        for (k, child) in children.iter_mut().enumerate() {
            if exits[k].is_none()
                && let Ok(Some(status)) = child.try_wait()
            {
                exits[k] = Some(match (status.code(), status.signal()) {
                    (Some(code), _) => Exit::Code(code),
                    (None, Some(signal)) => Exit::Signal(signal),
                    (None, None) => Exit::Code(-1),
                });
            }
        }
        if exits.iter().all(Option::is_some) {
            return Ok(exits.into_iter().map(|e| e.expect("every actor ended")).collect());
        }
        if Instant::now() >= deadline {
            killed(&mut children);
            return Err(TrialError::Hang);
        }
        std::thread::sleep(Duration::from_micros(50));
    }
}

/// Reads [`READY`] from an actor's standard output: `Ok(true)` once read, `Ok(false)` at the
/// deadline, `Err` with what it said instead if it said anything else or ended first.
fn read_ready(stdout: &mut std::process::ChildStdout, deadline: Instant) -> Result<bool, String> {
    use std::os::fd::AsRawFd;
    let mut got = Vec::with_capacity(READY.len());
    while got.len() < READY.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut fd = libc::pollfd { fd: stdout.as_raw_fd(), events: libc::POLLIN, revents: 0 };
        // SAFETY: poll reads and writes only the one pollfd on this stack.
        let n = unsafe { libc::poll(&mut fd, 1, left.as_millis().min(i32::MAX as u128) as i32) };
        if n < 0 && io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        if n == 0 {
            return Ok(false);
        }
        let mut buf = [0u8; 64];
        let want = (READY.len() - got.len()).min(buf.len());
        match stdout.read(&mut buf[..want]) {
            Ok(0) | Err(_) => return Err(String::from_utf8_lossy(&got).into_owned()),
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
        if !READY.starts_with(&got) {
            return Err(String::from_utf8_lossy(&got).into_owned());
        }
    }
    Ok(true)
}

/// The actor's side: builds the state, opening the trial's files, says it is ready, waits for
/// the word to go, runs its actor and exits: 0 when the actor returned, 101 when it panicked, or
/// however the actor itself ended the process ([`crate::process::abort`]).
pub fn serve_actor(request: &str, find: fn(&str) -> Option<&'static Scenario>) -> ! {
    let request: ActorRequest = match serde_json::from_str(request) {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "error: `{ACTOR_COMMAND}` is racelab's own: it takes a request from a parent racelab ({e})"
            );
            std::process::exit(2);
        }
    };
    let program = find(&request.scenario)
        .and_then(|s| s.variant(&request.variant))
        .and_then(|v| v.program.processes().map(|p| (v, p)));
    let Some((variant, program)) = program else {
        eprintln!(
            "error: no Processes program {} {} in this binary's catalogue",
            request.scenario, request.variant
        );
        std::process::exit(2);
    };
    if request.actor >= variant.program.actors().len() {
        eprintln!("error: {} {} has no actor {}", request.scenario, request.variant, request.actor);
        std::process::exit(2);
    }
    crate::process::become_actor_process();
    facade_fs::set_place(Some(Place::Open(request.dir.clone())));
    let ready = &mut || {
        let mut out = io::stdout().lock();
        if out.write_all(READY).and_then(|()| out.flush()).is_err() {
            std::process::exit(3); // racelab is gone
        }
        let mut go = [0u8; 1];
        if io::stdin().read_exact(&mut go).is_err() {
            std::process::exit(3); // racelab gave up on this trial
        }
    };
    let ran =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| program.run_actor(request.actor, ready)));
    std::process::exit(if ran.is_ok() { 0 } else { crate::process::PANICKED });
}
