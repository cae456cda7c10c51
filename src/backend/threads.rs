//! The threads backend: a stress run on real OS threads, built for throughput, with a watchdog.
//!
//! A thread spawned per trial runs about 12 k trials a second and, on the racy counter, was never
//! seen to lose an update (measured on a 2-core machine with a hand-written harness, before racelab
//! existed): the second thread starts long after the first has finished. So, as jcstress does, each
//! actor gets one persistent thread for the whole run, and the threads meet once per *batch* of
//! fresh states rather than once per trial: every actor runs over the same batch of states in the
//! same order, so the actors work on the same state at about the same moment, thousands of times
//! per meeting. Walking a batch, the actors drift apart (the one that left the meeting first runs
//! ahead; the other follows through cache lines the first has just taken), and a race shows only
//! while they are on the same state; so, again as jcstress does, they also wait for each other at a
//! checkpoint after every *stride* of a few hundred states, and each actor thread is pinned to a
//! core of its own where there are enough.
//!
//! Actor i's thread builds chunk i of the next batch and observes chunk i of the last, so both
//! kinds of serial work are shared out; actor 0's thread also keeps time. Each actor counts its
//! own outcomes, merged once the run is over, so no actor waits for another's tally. The calling
//! thread is a watchdog and nothing else, so that on a two-core machine two actors have the two
//! cores.
//!
//! A trial pays for nothing but the program's own code and a handful of instructions around it:
//! the program's loops ([`ActorsProgram`]) catch panics once per stride or chunk rather than once
//! per trial, refill the same buffers batch after batch, and count outcomes without allocating;
//! the facade's atomics go straight to std's on real threads ([`crate::sync::atomic`]).
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
//! [`Actors`](crate::program::Actors) program comes as an [`ActorsProgram`], whose methods each
//! take a chunk or a stride and run the per-trial loop in code compiled for the program's own
//! types; this module keeps the threads, the meetings, the watchdog and the tally.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard, mpsc};
use std::time::{Duration, Instant};

use crate::model::outcome::{Outcome, Tally};
use crate::model::program::{ActorsProgram, NO_ACTORS, Program, Ran, Shape, States};
use crate::rt;

/// How long and how hard to stress.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct StressConfig {
    /// Wall time to keep running trials (a batch under way is finished first).
    pub duration: Duration,
    /// The run is a `hang` when no actor finishes a step (building, running or observing one
    /// state; a whole body) for this long.
    pub watchdog: Duration,
    /// Fresh states per batch, each run by every actor: the actors meet before and after it. A
    /// run starts with a batch of one stride and doubles it batch after batch up to this size.
    pub batch: usize,
    /// States the actors run between two checkpoints of a batch, where each waits for the others,
    /// as jcstress's actors do at the end of each of its strides.
    #[serde(default = "default_stride")]
    pub stride: usize,
    /// Whether each actor thread is pinned to a core of its own, as jcstress pins its actors,
    /// where there are at least as many cores as actors.
    #[serde(default = "pin_by_default")]
    pub pin: bool,
}

fn default_stride() -> usize {
    StressConfig::default().stride
}

fn pin_by_default() -> bool {
    true
}

impl Default for StressConfig {
    /// One second of trials, a 2 s watchdog, batches of 4,096 states in strides of 256, each
    /// actor on a core of its own.
    ///
    /// Chosen by measuring witnesses a second against a hand-written harness
    /// (`../shared/bench/compare-stress`; `cargo bench --bench stress` for racelab alone). The
    /// actors drift apart as they walk a batch (the one that left the last meeting first runs
    /// ahead, the other follows through cache lines the first has just taken), and a race shows
    /// only while both work on the same state at the same moment. A checkpoint every 256 states
    /// brings them back in step, as jcstress's do (its default stride is 256 too); 4,096 states
    /// between meetings keep a batch's fixed costs (the meetings, the locks, the time check)
    /// small beside its trials. Batches start at one stride and double up to that, as jcstress
    /// sizes its batches to the time it has: a short run, or a program whose trials are slow,
    /// is not held to a whole batch of 4,096 before the time is checked. Pinned, two actors never
    /// share a core.
    /// The watchdog is millions of times a step's usual time, so a slow machine is not a hang.
    fn default() -> Self {
        StressConfig {
            duration: Duration::from_secs(1),
            watchdog: Duration::from_secs(2),
            batch: 4096,
            stride: 256,
            pin: true,
        }
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
        match self.counts.iter_mut().find(|(o, _)| *o == outcome) {
            Some((_, count)) => *count += n,
            None => self.counts.push((outcome, n)),
        }
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

/// A value alone on its cache line, so that what one actor writes never slows another's reads.
#[repr(align(128))]
#[derive(Default)]
struct Alone<T>(T);

/// What one actor thread has counted: its outcomes and trials, added to once per batch.
#[derive(Default)]
struct Counted {
    tally: Tally,
    trials: u64,
}

/// What the actors of one run share.
///
/// The locks never wait: the meetings already keep the phases apart (in a batch's run every actor
/// reads every chunk and writes only its own results; in its observation every actor reads every
/// actor's results and writes only its own chunk and count). They are there so that no `unsafe`
/// code has to promise it.
struct Shared {
    /// The batch, in one chunk per actor: actor i builds chunk i of the next batch and observes
    /// chunk i of the last, so both kinds of serial work are spread over every core.
    chunks: Vec<Alone<RwLock<States>>>,
    /// Each actor's results and panics for this batch, one per state of the whole batch, in
    /// chunk order.
    ran: Vec<Alone<RwLock<Ran>>>,
    /// Arrivals at the meetings, ever increasing: an actor's m-th meeting completes at n·m.
    arrived: Alone<AtomicUsize>,
    /// Set when the run should end at the next meeting: the budget is spent, or `setup` panicked.
    stop: AtomicBool,
    /// Set by the watchdog when it gives up on the run: spinning threads leave.
    abandon: AtomicBool,
    /// Each actor thread's steps, for the watchdog.
    beats: Vec<Beat>,
    /// Each actor thread's counts: merged once the run is over, so no actor waits for another's.
    counted: Vec<Alone<Mutex<Counted>>>,
}

/// Reads a lock's value, whether or not a thread panicked holding it: the meetings, not the
/// lock, keep the phases apart, and a panic is already an outcome.
fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

fn lock<T>(lock: &Mutex<T>) -> MutexGuard<'_, T> {
    lock.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How a run lays out its batches, from the configuration and the number of actors.
#[derive(Clone, Copy, Debug)]
struct Plan {
    actors: usize,
    /// Fresh states each actor builds and observes in the first batch.
    first: usize,
    /// ... and in the largest batches.
    largest: usize,
    /// States run between two checkpoints of a batch.
    stride: usize,
}

impl Plan {
    fn new(config: &StressConfig, actors: usize) -> Plan {
        let batch = config.batch.max(1);
        let stride = config.stride.max(1);
        let largest = batch.div_ceil(actors);
        Plan { actors, first: stride.min(batch).div_ceil(actors), largest, stride }
    }

    /// Fresh states each actor builds for batch `round` (from 0): doubling from the first
    /// batch's to the largest's.
    fn chunk(&self, round: u64) -> usize {
        let growth = 1usize.checked_shl(round.min(63) as u32).unwrap_or(usize::MAX);
        self.first.saturating_mul(growth).min(self.largest)
    }
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
        run.add(Outcome::Panic(NO_ACTORS.to_string()), 1);
        return run;
    }
    let plan = Plan::new(config, actors);
    let shared = Arc::new(Shared {
        chunks: (0..actors).map(|_| Alone::default()).collect(),
        ran: (0..actors).map(|_| Alone::default()).collect(),
        arrived: Alone::default(),
        stop: AtomicBool::new(false),
        abandon: AtomicBool::new(false),
        beats: (0..actors).map(|_| Beat::default()).collect(),
        counted: (0..actors).map(|_| Alone::default()).collect(),
    });
    // Pinning needs a core per actor; with fewer, the scheduler must be free to move them.
    let cores =
        if config.pin { core_affinity::get_core_ids().filter(|cores| cores.len() >= actors) } else { None };
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let start = Instant::now();
    for (index, name) in names.iter().enumerate() {
        let (shared, done_tx, duration) = (shared.clone(), done_tx.clone(), config.duration);
        // Consecutive cores from one that depends on the process: checks run side by side in
        // several processes (the test suite does) then spread over a large machine instead of
        // all piling onto its first cores.
        let core = cores.as_ref().map(|cores| cores[(std::process::id() as usize + index) % cores.len()]);
        std::thread::Builder::new()
            .name(format!("racelab-{name}"))
            .spawn(move || {
                let _quiet = rt::quiet();
                if let Some(core) = core {
                    core_affinity::set_for_current(core);
                }
                actor_loop(program, plan, index, &shared, start, duration);
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
    let mut tally = Tally::default();
    let mut trials = 0;
    for counted in &shared.counted {
        let counted = lock(&counted.0);
        tally.merge(&counted.tally);
        trials += counted.trials;
    }
    let mut run = StressRun { counts: tally.into_counts(), trials, ..StressRun::default() };
    run.setting = format!(
        "{actors} persistent OS threads{}, batches of {} growing to {} in strides of {}, {} ms",
        if cores.is_some() { " on cores of their own" } else { "" },
        crate::term::count((plan.first * actors) as u64),
        crate::term::count((plan.largest * actors) as u64),
        plan.stride,
        crate::term::count(config.duration.as_millis() as u64)
    );
    if hung {
        run.add(Outcome::Hang, 1);
    }
    run.elapsed = start.elapsed();
    run
}

/// One actor's meetings with the others: at the start and end of every batch, and between its
/// strides.
struct Meetings<'a> {
    shared: &'a Shared,
    actors: usize,
    held: usize,
}

impl Meetings<'_> {
    /// Waits for every actor to arrive; `false` if the watchdog abandoned the run meanwhile.
    fn meet(&mut self) -> bool {
        self.held += 1;
        rendezvous(self.shared, self.actors * self.held)
    }
}

/// One actor's thread, batch after batch: meet, run every state of the batch (stride by stride,
/// meeting between strides), meet again, then observe its own chunk and build its chunk of the
/// next batch.
fn actor_loop(
    program: &dyn ActorsProgram,
    plan: Plan,
    index: usize,
    shared: &Shared,
    start: Instant,
    duration: Duration,
) {
    let progress = &shared.beats[index].0;
    let mut meetings = Meetings { shared, actors: plan.actors, held: 0 };
    let mut counted = Tally::default();
    build(program, plan.chunk(0), index, shared);
    for round in 1u64.. {
        // First meeting: every chunk of the batch is built (or the run is over).
        if !meetings.meet() || shared.stop.load(Ordering::Acquire) {
            return;
        }
        let offset = {
            let chunks: Vec<_> = shared.chunks.iter().map(|c| read(&c.0)).collect();
            let batch: Vec<&States> = chunks.iter().map(|c| &**c).collect();
            let total: usize = batch.iter().map(|c| c.len()).sum();
            let mut ran = write(&shared.ran[index].0);
            ran.clear();
            let mut from = 0;
            while from < total {
                let to = from.saturating_add(plan.stride).min(total);
                program.run(index, &batch, from..to, &mut ran, progress);
                from = to;
                // A checkpoint between strides brings the actors back in step, as jcstress's do.
                if from < total && !meetings.meet() {
                    return;
                }
            }
            batch[..index].iter().map(|c| c.len()).sum::<usize>()
        };
        // Second meeting: every actor's results are in.
        if !meetings.meet() {
            return;
        }
        {
            let ran: Vec<_> = shared.ran.iter().map(|r| read(&r.0)).collect();
            let ran: Vec<&Ran> = ran.iter().map(|r| &**r).collect();
            let chunk = read(&shared.chunks[index].0);
            program.observe(&chunk, offset, &ran, &mut counted, progress);
            let mut total = lock(&shared.counted[index].0);
            total.tally.merge(&counted);
            total.trials += chunk.len() as u64;
        }
        counted.clear();
        build(program, plan.chunk(round), index, shared);
        if index == 0 && start.elapsed() >= duration {
            shared.stop.store(true, Ordering::Release);
        }
    }
}

/// Builds actor `index`'s chunk of the next batch, `n` fresh states.
///
/// If `setup` panics, the run is over: the panic is counted as one trial's outcome and `stop` is
/// set before this actor reaches the next meeting, so every actor sees it there and leaves.
fn build(program: &dyn ActorsProgram, n: usize, index: usize, shared: &Shared) {
    let built = program.build(&mut write(&shared.chunks[index].0), n, &shared.beats[index].0);
    if let Err(panic) = built {
        let mut counted = lock(&shared.counted[index].0);
        counted.tally.add(panic, 1);
        counted.trials += 1;
        drop(counted);
        shared.stop.store(true, Ordering::Release);
    }
}

/// Waits until `target` arrivals in all; `false` if the watchdog abandoned the run meanwhile.
///
/// Spins first: with as many actors as cores the others arrive within a microsecond, and a
/// sleeping thread would take tens of microseconds to wake. Past that it yields the core, so that
/// with more actors than cores the thread being waited for can run. Both loops check `abandon`,
/// so no thread keeps spinning once the watchdog has given up on the run.
fn rendezvous(shared: &Shared, target: usize) -> bool {
    shared.arrived.0.fetch_add(1, Ordering::AcqRel);
    let mut spins = 0u32;
    while shared.arrived.0.load(Ordering::Acquire) < target {
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
                let _ = tx.send(crate::program::run_body(body));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_double_from_one_stride_to_the_largest_and_stay_there() {
        let config = StressConfig { batch: 4096, stride: 256, ..StressConfig::default() };
        let plan = Plan::new(&config, 2);
        let chunks: Vec<usize> = (0..7).map(|round| plan.chunk(round)).collect();
        assert_eq!(chunks, [128, 256, 512, 1024, 2048, 2048, 2048]);
        assert_eq!(plan.chunk(u64::MAX), 2048);
        let small = Plan::new(&StressConfig { batch: 64, stride: 256, ..StressConfig::default() }, 3);
        assert_eq!((small.chunk(0), small.chunk(9)), (22, 22));
    }
}
