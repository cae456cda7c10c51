//! The threads backend: a stress run on real OS threads, built for throughput, with a watchdog.
//!
//! A thread spawned per trial runs about 12 k trials a second and, on the racy counter, was never
//! seen to lose an update (FINDINGS.md): the second thread starts long after the first has
//! finished. So, as jcstress does, each actor gets one persistent thread for the whole run, and
//! the threads meet once per *batch* of fresh states rather than once per trial: every actor runs
//! over the same batch of states in the same order, so the actors work on the same state at
//! about the same moment, thousands of times per meeting.
//!
//! Actor i's thread builds chunk i of the next batch and observes chunk i of the last, so both
//! kinds of serial work are shared out; actor 0's thread also keeps time. The calling thread is a
//! watchdog and nothing else, so that on a two-core machine two actors have the two cores.
//!
//! The watchdog watches *progress*, not rounds: every actor thread counts each state it builds,
//! runs or observes, on a cache line of its own (a plain store, no shared read-modify-write). If
//! the sum stands still for the watchdog's time, the actors are stuck (a deadlock, a lost
//! wake-up): the run records `hang` and ends there. A slow but correct actor keeps the count
//! moving and is never a hang, however long a batch takes. The threads waiting at a meeting see
//! the run abandoned and leave; the stuck ones stay blocked where they are. No OS thread can be
//! killed safely, but one blocked on a lock costs nothing, and the test run carries on.
//!
//! The program's own code outside the actors can fail too. A panic in `setup` ends the run with
//! the outcome `panic: in setup: ...`: the actor that could not build its chunk counts it and
//! stops the run before it reaches the next meeting, where every actor sees the stop and leaves.
//! A panic in `observe` is that trial's outcome, `panic: in observe: ...`, and the run goes on.
//!
//! The backend reads the model and never the reverse: it asks a program for its [`Shape`]. An
//! [`Actors`](crate::scenario::Actors) program comes as an [`ActorsProgram`], whose methods each
//! take a whole chunk and run the per-trial loop in code compiled for the program's own types;
//! this module keeps the threads, the meetings, the watchdog and the tally.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use crate::outcome::{self, Outcome};
use crate::rt;
use crate::scenario::{self, ActorsProgram, Program, Ran, Shape, States};

/// How long and how hard to stress.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct StressConfig {
    /// Wall time to keep running trials (a batch under way is finished first).
    pub duration: Duration,
    /// The run is a `hang` when no actor finishes a step (building, running or observing one
    /// state; a whole body) for this long.
    pub watchdog: Duration,
    /// Fresh states per batch, each run by every actor.
    pub batch: usize,
}

impl Default for StressConfig {
    /// One second of trials, a 2 s watchdog, batches of 1,024 states.
    ///
    /// FINDINGS.md: batches of about 1,000 gave 37.6 M trials/s on the racy counter with 5% lost
    /// updates; batches of 64 k ran faster but overlapped far less (0.04% on store buffering).
    /// The watchdog is millions of times a step's usual time, so a slow machine is not a hang.
    fn default() -> Self {
        StressConfig { duration: Duration::from_secs(1), watchdog: Duration::from_secs(2), batch: 1024 }
    }
}

/// What a stress run saw.
#[derive(Clone, Debug, Default)]
pub struct StressRun {
    /// How the trials ran, for the report's header.
    pub setting: String,
    /// Each outcome seen, with how often.
    pub counts: Vec<(Outcome, u64)>,
    /// Trials run (a state that could not be built counts as one).
    pub trials: u64,
    /// Wall time.
    pub elapsed: Duration,
}

impl StressRun {
    fn add(&mut self, outcome: Outcome, n: u64) {
        outcome::tally(&mut self.counts, outcome, n);
    }
}

/// Runs `program` on real OS threads until the configured budget is spent.
pub fn stress(program: &'static dyn Program, config: &StressConfig) -> StressRun {
    match program.shape() {
        Shape::Actors(actors) => stress_actors(actors, config),
        Shape::Body(body) => stress_body(body, config),
    }
}

/// One actor thread's count of steps done, alone on its cache line (128 bytes covers the
/// adjacent-line prefetch of x86 and the 128-byte lines of some ARM cores): the actor writes it
/// with a plain store (as the `progress` of [`ActorsProgram`]), and only the watchdog reads it.
#[repr(align(128))]
#[derive(Default)]
struct Beat(AtomicU64);

/// What the actors of one run share.
struct Shared {
    /// The batch, in one chunk per actor: actor i builds chunk i of the next batch and observes
    /// chunk i of the last, so both kinds of serial work are spread over every core.
    chunks: Vec<Mutex<Arc<States>>>,
    /// Each actor's results and panics for this round, one per state of the whole batch, in
    /// chunk order.
    ran: Vec<Mutex<Arc<Ran>>>,
    /// Arrivals at the rendezvous, ever increasing: round r's two meetings complete at 2·n·r − n
    /// and 2·n·r.
    arrived: AtomicUsize,
    /// Set when the run should end at the next meeting: the budget is spent, or `setup` panicked.
    stop: AtomicBool,
    /// Set by the watchdog when it gives up on the run: spinning threads leave.
    abandon: AtomicBool,
    /// Each actor thread's steps, for the watchdog.
    beats: Vec<Beat>,
    /// The tally so far, merged by every actor once a round.
    run: Mutex<StressRun>,
}

/// Stresses a jcstress-shaped program: persistent actor threads over batches of fresh states.
///
/// The calling thread is only the watchdog: it sleeps, waking now and then to check that the
/// actors still make progress, so that the actors have the cores to themselves. A program with
/// no actor is not run: its one outcome says so.
pub fn stress_actors(program: &'static dyn ActorsProgram, config: &StressConfig) -> StressRun {
    let names = program.actors();
    let actors = names.len();
    if actors == 0 {
        let mut run = StressRun { setting: "not run".to_string(), trials: 1, ..StressRun::default() };
        run.add(Outcome::Panic(scenario::NO_ACTORS.to_string()), 1);
        return run;
    }
    let chunk = config.batch.max(1).div_ceil(actors);
    let shared = Arc::new(Shared {
        chunks: (0..actors).map(|_| Mutex::new(Arc::default())).collect(),
        ran: (0..actors).map(|_| Mutex::new(Arc::default())).collect(),
        arrived: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        abandon: AtomicBool::new(false),
        beats: (0..actors).map(|_| Beat::default()).collect(),
        run: Mutex::new(StressRun::default()),
    });
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let start = Instant::now();
    for (index, name) in names.iter().enumerate() {
        let (shared, done_tx, duration) = (shared.clone(), done_tx.clone(), config.duration);
        std::thread::Builder::new()
            .name(format!("racelab-{name}"))
            .spawn(move || {
                let _quiet = rt::quiet();
                actor_loop(program, actors, index, chunk, &shared, start, duration);
                drop(done_tx); // the watchdog stops waiting when every actor has left
            })
            .expect("spawn a stress thread");
    }
    drop(done_tx);

    // The watchdog: a hang is a total step count that has not moved for `watchdog`.
    let tick = (config.watchdog / 8).max(Duration::from_millis(1));
    let steps = || shared.beats.iter().map(|b| b.0.load(Ordering::Relaxed)).sum::<u64>();
    let (mut last, mut since) = (steps(), Instant::now());
    let hung = loop {
        match done_rx.recv_timeout(tick) {
            Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => break false,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let now = steps();
                if now != last {
                    (last, since) = (now, Instant::now());
                } else if since.elapsed() >= config.watchdog {
                    shared.abandon.store(true, Ordering::Release);
                    break true;
                }
            }
        }
    };
    let mut run = std::mem::take(&mut *shared.run.lock().unwrap_or_else(|p| p.into_inner()));
    run.setting = format!(
        "{actors} persistent OS threads, batches of {}, {} ms",
        crate::term::count((chunk * actors) as u64),
        crate::term::count(config.duration.as_millis() as u64)
    );
    if hung {
        run.add(Outcome::Hang, 1);
    }
    run.elapsed = start.elapsed();
    run
}

/// One actor's thread, round after round: meet, run every state of the batch, meet again, then
/// observe its own chunk and build its chunk of the next batch.
fn actor_loop(
    program: &dyn ActorsProgram,
    actors: usize,
    index: usize,
    chunk: usize,
    shared: &Shared,
    start: Instant,
    duration: Duration,
) {
    let progress = &shared.beats[index].0;
    build(program, index, chunk, shared);
    for round in 1.. {
        // First meeting: every chunk of the batch is built (or the run is over).
        if !rendezvous(shared, actors * (2 * round - 1)) || shared.stop.load(Ordering::Acquire) {
            return;
        }
        let chunks: Vec<Arc<States>> = shared.chunks.iter().map(|c| c.lock().unwrap().clone()).collect();
        let ran = program.run(index, &chunks, progress);
        *shared.ran[index].lock().unwrap() = Arc::new(ran);
        // Second meeting: every actor's results are in.
        if !rendezvous(shared, actors * 2 * round) {
            return;
        }
        let ran: Vec<Arc<Ran>> = shared.ran.iter().map(|r| r.lock().unwrap().clone()).collect();
        let counts = program.observe(&chunks[index], index * chunk, &ran, progress);
        let mut total = shared.run.lock().unwrap();
        for (outcome, n) in counts {
            total.add(outcome, n);
        }
        total.trials += chunks[index].len() as u64;
        drop(total);
        build(program, index, chunk, shared);
        if index == 0 && start.elapsed() >= duration {
            shared.stop.store(true, Ordering::Release);
        }
    }
}

/// Builds actor `index`'s chunk of the next batch.
///
/// If `setup` panics, the run is over: the panic is counted as one trial's outcome and `stop` is
/// set before this actor reaches the next meeting, so every actor sees it there and leaves.
fn build(program: &dyn ActorsProgram, index: usize, chunk: usize, shared: &Shared) {
    match program.build(chunk, &shared.beats[index].0) {
        Ok(states) => *shared.chunks[index].lock().unwrap() = Arc::new(states),
        Err(panic) => {
            let mut run = shared.run.lock().unwrap();
            run.add(panic, 1);
            run.trials += 1;
            drop(run);
            shared.stop.store(true, Ordering::Release);
        }
    }
}

/// Waits until `target` arrivals in all; `false` if the watchdog abandoned the run meanwhile.
///
/// Spins first: with as many actors as cores the others arrive within a microsecond, and a
/// sleeping thread would take tens of microseconds to wake. Past that it yields the core, so that
/// with more actors than cores the thread being waited for can run. Both loops check `abandon`,
/// so no thread keeps spinning once the watchdog has given up on the run.
fn rendezvous(shared: &Shared, target: usize) -> bool {
    shared.arrived.fetch_add(1, Ordering::AcqRel);
    let mut spins = 0u32;
    while shared.arrived.load(Ordering::Acquire) < target {
        if shared.abandon.load(Ordering::Relaxed) {
            return false;
        }
        if spins < 20_000 {
            std::hint::spin_loop();
            spins += 1;
        } else {
            std::thread::yield_now();
        }
    }
    true
}

/// Stresses a program that spawns its own threads: the whole body per trial, under the watchdog.
pub fn stress_body(body: fn() -> Outcome, config: &StressConfig) -> StressRun {
    let mut run = StressRun {
        setting: format!("the whole program once per trial, {} ms", config.duration.as_millis()),
        ..StressRun::default()
    };
    let start = Instant::now();
    while start.elapsed() < config.duration {
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("racelab-body".into())
            .spawn(move || {
                let _quiet = rt::quiet();
                let _ = tx.send(scenario::observe(body));
            })
            .expect("spawn a stress thread");
        match rx.recv_timeout(config.watchdog) {
            Ok(outcome) => run.add(outcome, 1),
            Err(_) => {
                run.add(Outcome::Hang, 1);
                break;
            }
        }
        run.trials += 1;
    }
    run.elapsed = start.elapsed();
    run
}
