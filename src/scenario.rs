//! The scenario model: a small concurrent program, its variants, and what each claims.
//!
//! A [`Scenario`] is written once, in the shape jcstress gave its tests: a state constructor, a few
//! actor functions over that state, and an observer that reads the final state once the actors are
//! joined ([`Actors`]). Programs that spawn their own threads (a pool, a pipeline) are a single
//! [`Body`] instead. Every backend runs the same code through the facade.
//!
//! ## The model names no backend
//!
//! Backends read the model; the model never reads a backend, so this module imports nothing from
//! [`crate::backend`] (a test in `tests/integrity.rs` holds it to that). A backend asks a
//! [`Program`] for one of two things:
//! - loom and shuttle call [`Program::run_once`]: one execution, on the engine they have entered;
//! - the real-thread backend drives the program itself, so it asks what the program is,
//!   [`Program::shape`]: a [`Body`] hands over its function, an [`Actors`] program hands over
//!   itself as an [`ActorsProgram`], with its state and result types hidden in [`States`] and
//!   [`Ran`].
//!
//! Hiding the types must not slow the stress run down, whose throughput is compared with a
//! hand-written harness: a dynamic call per trial would show. So [`ActorsProgram`] works many
//! states at a time (build a chunk of fresh states, run one actor over a stride of the batch,
//! observe a chunk), and each of its loops is compiled for the program's own `S` and `R` in the
//! impl for [`Actors`], the same loop the backend used to run itself. The backend pays one
//! dynamic call and one type check per chunk or stride, a few dozen per batch of 4,096 trials;
//! threads, meetings, the watchdog and the tally stay in the backend.
//!
//! The other shapes this could take were worse. A visitor with a generic method
//! (`fn actors<S, R>(&mut self, ...)`) cannot be called through `dyn`, and a `Program` with a
//! generic method could not sit behind [`Variant::program`]'s `&'static dyn Program`; an
//! interface of one state at a time (build one, run one, observe one) puts a dynamic call and a
//! boxed state in every trial.

use std::any::Any;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::outcome::{Grade, Outcome, Tally};
use crate::process::Exit;
use crate::thread;
use crate::trace;

/// A small concurrent program over shared state, with a claim about it.
#[derive(Debug)]
pub struct Scenario {
    /// Stable id, `topic_NN_what_goes_wrong`; never renumbered.
    pub id: &'static str,
    /// One line.
    pub title: &'static str,
    /// One paragraph: what the scenario shows.
    pub intent: &'static str,
    /// Why each interesting outcome happens.
    pub explanation: &'static str,
    /// Two or more versions of the code, usually `broken` and `fixed`.
    pub variants: &'static [Variant],
    /// loom's preemption bound for this scenario, if not [`DEFAULT_PREEMPTION_BOUND`].
    pub preemption_bound: Option<usize>,
}

/// loom's default preemption bound.
///
/// Exhaustive search without a bound grows combinatorially (measured with loom 0.7.2 directly,
/// before racelab existed: a mutex counter with 3 threads × 2 increments took 116,319 executions); with a bound of 2 the same scenarios take a
/// few hundred. Studies of real concurrency bugs (Musuvathi and Qadeer, CHESS, PLDI 2007) found
/// nearly all of them within two preemptions, and every bug in this catalogue needs one or two.
pub const DEFAULT_PREEMPTION_BOUND: usize = 2;

impl Scenario {
    /// The variant called `name`.
    pub fn variant(&self, name: &str) -> Option<&'static Variant> {
        self.variants.iter().find(|v| v.name == name)
    }

    /// The preemption bound loom explores this scenario with.
    pub fn bound(&self) -> usize {
        self.preemption_bound.unwrap_or(DEFAULT_PREEMPTION_BOUND)
    }
}

/// Whether `id` reads as a scenario id, `topic_NN_what_goes_wrong`: a lowercase topic word, two
/// digits, then a lowercase snake_case rest (`counter_01_lost_update`).
pub fn well_formed_id(id: &str) -> bool {
    let mut parts = id.splitn(3, '_');
    let (Some(topic), Some(number), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let snake = |s: &str| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    !topic.is_empty()
        && topic.chars().all(|c| c.is_ascii_lowercase())
        && number.len() == 2
        && number.chars().all(|c| c.is_ascii_digit())
        && snake(rest)
}

/// One version of a scenario's code, with its outcomes graded.
///
/// It says what the code claims and how each outcome is graded, and nothing about what any checker
/// will answer: that is derived from the run ([`crate::sight`]), and the claim is judged once
/// across every backend ([`crate::combined`]).
#[derive(Debug)]
pub struct Variant {
    /// `broken`, `fixed`, or a name for a second fix.
    pub name: &'static str,
    /// Whether this code is claimed correct.
    pub claim: Claim,
    /// The outcomes it can produce, each graded and described.
    pub outcomes: &'static [Declared],
    /// The grade of any outcome not declared (the catch-all).
    pub otherwise: Grade,
    /// The code.
    pub program: &'static dyn Program,
}

impl Variant {
    /// The grade of the outcome with this id.
    pub fn grade(&self, id: &str) -> Grade {
        self.declared(id).map_or(self.otherwise, |d| d.grade)
    }

    /// The declaration of the outcome with this id, if any: the one declared with this exact id,
    /// else the first pattern that matches it (see [`Declared::matches`]).
    pub fn declared(&self, id: &str) -> Option<&'static Declared> {
        self.outcomes.iter().find(|d| d.id == id).or_else(|| self.outcomes.iter().find(|d| d.matches(id)))
    }

    /// The rows of an outcome table, sorted: every outcome `seen`, and every declared one, except
    /// a pattern (`panic: *`) that a seen outcome stands in for (that outcome's row is described
    /// by it).
    pub fn table_ids<'a>(&self, seen: impl Iterator<Item = &'a str> + Clone) -> Vec<String> {
        let mut ids: Vec<String> = self
            .outcomes
            .iter()
            .filter(|d| !seen.clone().any(|id| d.matches(id)))
            .map(|d| d.id.to_string())
            .collect();
        ids.extend(seen.map(str::to_string));
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// What a variant claims of itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// It has the bug: a checker should reach an Interesting or Forbidden outcome.
    Broken,
    /// It is correct: no checker should reach a Forbidden outcome.
    Correct,
}

/// One declared outcome.
#[derive(Debug)]
pub struct Declared {
    /// The outcome id (see [`Outcome::id`]), or a pattern: an id ending in `*` grades every
    /// outcome that starts with what comes before it, so `panic: *` grades any panic, whatever its
    /// message, and `crashed: *` any crash.
    pub id: &'static str,
    /// Its grade.
    pub grade: Grade,
    /// One sentence: what it means.
    pub description: &'static str,
}

impl Declared {
    /// Whether this declaration is a pattern (`panic: *`) that covers the outcome `id`.
    pub fn matches(&self, id: &str) -> bool {
        self.id.strip_suffix('*').is_some_and(|prefix| id.starts_with(prefix))
    }
}

/// Shorthand for a [`Declared`] outcome.
pub const fn outcome(id: &'static str, grade: Grade, description: &'static str) -> Declared {
    Declared { id, grade, description }
}

/// A scenario's code, runnable on every backend.
pub trait Program: Sync + std::fmt::Debug {
    /// Actor names, in actor order (the order of an outcome's values).
    fn actors(&self) -> Vec<&'static str>;

    /// Runs one execution on the current engine, recording its trace: used by loom and shuttle.
    fn run_once(&self) -> Outcome;

    /// What the program is, for a runner that drives it itself: used by the real-thread backend.
    fn shape(&self) -> Shape<'_>;

    /// Why the program cannot run at all, if it cannot: an [`Actors`] program with no actor.
    fn unrunnable(&self) -> Option<&'static str> {
        None
    }

    /// Why only a real run can show what this program does, if only one can: a [`RealOnly`]
    /// program (a delay on a real clock). Model checkers then do not run it.
    fn real_only(&self) -> Option<&'static str> {
        None
    }

    /// The program as processes, if its actors are processes sharing only files: a [`Processes`]
    /// program, which the `processes` backend runs as real OS processes.
    fn processes(&self) -> Option<&dyn ProcessesProgram> {
        None
    }
}

/// What a [`Program`] is, seen by a runner that drives it itself (see the module docs).
pub enum Shape<'a> {
    /// Fresh states, actors over them and an observer, with the types hidden.
    Actors(&'a dyn ActorsProgram),
    /// A body that spawns its own threads, run whole each time.
    Body(fn() -> Outcome),
}

/// The outcome of an [`Actors`] program with no actor, on every backend, and why `check` runs none.
pub const NO_ACTORS: &str = "the program has no actors: give it at least one Actor";

/// One actor: a name (its trace column) and its code over the shared state.
pub struct Actor<S, R> {
    /// Role name: `writer`, `reader`; `t1`, `t2` when symmetric.
    pub name: &'static str,
    /// The actor's code; its result goes to the observer.
    pub run: fn(&S) -> R,
}

/// A program in jcstress's shape: fresh state, actors over it, an observer.
pub struct Actors<S: 'static, R: 'static> {
    /// Builds a fresh state (through the facade, so it is built for the running engine).
    pub setup: fn() -> S,
    /// The actors, run concurrently.
    pub actors: &'static [Actor<S, R>],
    /// Reads the final state and the actors' results, once every actor is joined.
    pub observe: fn(&S, &[R]) -> Outcome,
}

impl<S: 'static, R: 'static> std::fmt::Debug for Actors<S, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<_> = self.actors.iter().map(|a| a.name).collect();
        f.debug_struct("Actors").field("actors", &names).finish()
    }
}

impl<S, R> Program for Actors<S, R>
where
    S: Send + Sync + 'static,
    R: Send + Sync + Copy + Default + 'static,
{
    fn actors(&self) -> Vec<&'static str> {
        self.actors.iter().map(|a| a.name).collect()
    }

    fn run_once(&self) -> Outcome {
        run_once_with(self.setup, self.actors, |run, state| run(state), self.observe)
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Actors(self)
    }

    fn unrunnable(&self) -> Option<&'static str> {
        self.actors.is_empty().then_some(NO_ACTORS)
    }
}

/// How a runner calls an actor's code over a state: `call(run, state)`.
type Call<S, A, R> = fn(fn(&S) -> A, &S) -> R;

/// One execution of a program in the [`Actors`] shape, on the current engine: each actor's code
/// `run` is called as `call(run, state)`, and its result goes to the observer.
///
/// Actor 0 runs on the thread that spawns the others: the same program with one modelled thread
/// fewer, which loom's search pays for exponentially.
fn run_once_with<S, A, R>(
    setup: fn() -> S,
    actors: &'static [Actor<S, A>],
    call: Call<S, A, R>,
    observe: fn(&S, &[R]) -> Outcome,
) -> Outcome
where
    S: Send + Sync + 'static,
    A: 'static,
    R: Send + 'static,
{
    let Some(first) = actors.first() else {
        return Outcome::Panic(NO_ACTORS.to_string());
    };
    let state = match catch_in("setup", setup) {
        Ok(state) => Arc::new(state),
        Err(panic) => return panic,
    };
    trace::begin(first.name);
    let handles: Vec<_> = actors[1..]
        .iter()
        .map(|actor| {
            let (state, run) = (state.clone(), actor.run);
            thread::Builder::new().name(actor.name).spawn(move || call(run, &state)).expect("spawn an actor")
        })
        .collect();
    let first = thread::catch_actor(|| call(first.run, &state));
    let mut results = vec![first];
    results.extend(handles.into_iter().map(|h| h.join()));
    trace::pause();
    let mut values = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(payload) => {
                return Outcome::Panic(crate::rt::panic_message(payload.as_ref()));
            }
        }
    }
    catch_in("observe", || observe(&state, &values)).unwrap_or_else(|panic| panic)
}

/// An [`Actors`] program with its types hidden, driven a chunk of states at a time.
///
/// Every method loops over many states in code compiled for the program's own types, so a
/// runner makes one dynamic call per chunk or stride, never one per trial; each method catches
/// panics once around its whole loop and, after one, carries on from the next state, so a trial
/// pays nothing for the catching. The buffers (states, results) are the runner's, refilled in
/// place batch after batch, so a batch allocates nothing once the first has run. `progress`
/// counts the states a thread has built, run or observed: each method stores the running count
/// after every state, with a plain store, for whoever watches that the program is not stuck; only
/// the calling thread may write it.
/// Its actor names are [`Program::actors`].
pub trait ActorsProgram: Program {
    /// Replaces the states of `chunk` with `n` fresh ones, dropping the old ones first; a panic in
    /// `setup` is the outcome `panic: in setup: ...`, and `chunk` keeps the states built before it.
    fn build(&self, chunk: &mut States, n: usize, progress: &AtomicU64) -> Result<(), Outcome>;

    /// Runs actor `actor` over states `range` of `batch` (its chunks end to end), storing each
    /// result in `ran` at that state's index in the batch and catching each panic.
    fn run(&self, actor: usize, batch: &[&States], range: Range<usize>, ran: &mut Ran, progress: &AtomicU64);

    /// Observes each state of `chunk` (states `offset..` of the batch) with every actor's results,
    /// in actor order, and adds each outcome to `tally`; a trial in which an actor panicked is
    /// that panic (the first actor's, if several did).
    fn observe(&self, chunk: &States, offset: usize, ran: &[&Ran], tally: &mut Tally, progress: &AtomicU64);
}

/// Fresh states of one [`ActorsProgram`], their type hidden; empty by default.
pub struct States {
    states: Box<dyn Any + Send + Sync>,
    len: usize,
}

impl States {
    /// How many states.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn get<S: 'static>(&self) -> &[S] {
        if self.len == 0 {
            return &[];
        }
        self.states.downcast_ref::<Vec<S>>().expect("states built by the same program")
    }

    /// The states as a vector to refill: a new one the first time.
    fn vec_mut<S: Send + Sync + 'static>(&mut self) -> &mut Vec<S> {
        if !self.states.is::<Vec<S>>() {
            self.states = Box::new(Vec::<S>::new());
        }
        self.states.downcast_mut::<Vec<S>>().expect("just made a vector of S")
    }
}

impl Default for States {
    /// No states.
    fn default() -> Self {
        States { states: Box::new(()), len: 0 }
    }
}

/// What one actor did over a batch, its type hidden: a result per state, and its panics.
pub struct Ran {
    results: Box<dyn Any + Send + Sync>,
    /// Each panic, with the index of its state in the batch, in the order run.
    panics: Vec<(usize, String)>,
}

impl Ran {
    /// Forgets the panics of the last batch, before the next one runs (its results are
    /// overwritten as it runs).
    pub fn clear(&mut self) {
        self.panics.clear();
    }

    fn results<R: 'static>(&self) -> &[R] {
        self.results.downcast_ref::<Vec<R>>().map_or(&[], Vec::as_slice)
    }

    /// A result slot for each of `len` states, and the panics.
    fn parts_mut<R: Default + Clone + Send + Sync + 'static>(
        &mut self,
        len: usize,
    ) -> (&mut [R], &mut Vec<(usize, String)>) {
        if !self.results.is::<Vec<R>>() {
            self.results = Box::new(Vec::<R>::new());
        }
        let results = self.results.downcast_mut::<Vec<R>>().expect("just made a vector of R");
        if results.len() < len {
            results.resize(len, R::default());
        }
        (&mut results[..len], &mut self.panics)
    }
}

impl Default for Ran {
    /// Nothing run.
    fn default() -> Self {
        Ran { results: Box::new(()), panics: Vec::new() }
    }
}

/// A thread's side of a `progress` count: the count is kept here and stored after every step.
struct Progress<'a> {
    count: &'a AtomicU64,
    steps: u64,
}

impl<'a> Progress<'a> {
    fn new(count: &'a AtomicU64) -> Self {
        Progress { count, steps: count.load(Ordering::Relaxed) }
    }

    /// One more state done.
    #[inline]
    fn step(&mut self) {
        self.steps += 1;
        self.count.store(self.steps, Ordering::Relaxed);
    }
}

impl<S, R> ActorsProgram for Actors<S, R>
where
    S: Send + Sync + 'static,
    R: Send + Sync + Copy + Default + 'static,
{
    fn build(&self, chunk: &mut States, n: usize, progress: &AtomicU64) -> Result<(), Outcome> {
        build_states(self.setup, chunk, n, progress)
    }

    fn run(&self, actor: usize, batch: &[&States], range: Range<usize>, ran: &mut Ran, progress: &AtomicU64) {
        run_states(self.actors[actor].run, batch, range, ran, progress)
    }

    fn observe(&self, chunk: &States, offset: usize, ran: &[&Ran], tally: &mut Tally, progress: &AtomicU64) {
        observe_states(self.observe, chunk, offset, ran, tally, progress)
    }
}

/// [`ActorsProgram::build`], for a program whose states `setup` makes.
fn build_states<S: Send + Sync + 'static>(
    setup: impl Fn() -> S,
    chunk: &mut States,
    n: usize,
    progress: &AtomicU64,
) -> Result<(), Outcome> {
    let mut progress = Progress::new(progress);
    let states = chunk.vec_mut::<S>();
    states.clear();
    states.reserve(n);
    // `extend` writes each state straight into the reserved room; a panic leaves the states
    // built before it in place.
    let built = catch_in("setup", || {
        states.extend((0..n).map(|_| {
            let state = setup();
            progress.step();
            state
        }));
    });
    chunk.len = chunk.vec_mut::<S>().len();
    built
}

/// [`ActorsProgram::run`], for an actor whose code is `run`.
fn run_states<S: 'static, R: Default + Clone + Send + Sync + 'static>(
    run: impl Fn(&S) -> R,
    batch: &[&States],
    range: Range<usize>,
    ran: &mut Ran,
    progress: &AtomicU64,
) {
    let mut progress = Progress::new(progress);
    let (results, panics) = ran.parts_mut::<R>(batch.iter().map(|c| c.len()).sum());
    let mut offset = 0;
    for chunk in batch {
        let (lo, hi) = (range.start.max(offset), range.end.min(offset + chunk.len()));
        if lo < hi {
            let states = &chunk.get::<S>()[lo - offset..hi - offset];
            let results = &mut results[lo..hi];
            let mut i = 0;
            while i < states.len() {
                let finished = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    while i < states.len() {
                        results[i] = run(&states[i]);
                        i += 1;
                        progress.step();
                    }
                }));
                if let Err(p) = finished {
                    // State i panicked: its result stays a default, and the loop goes on.
                    results[i] = R::default();
                    panics.push((lo + i, crate::rt::panic_message(p.as_ref())));
                    i += 1;
                    progress.step();
                }
            }
        }
        offset += chunk.len();
    }
}

/// [`ActorsProgram::observe`], for a program whose observer is `observe`.
fn observe_states<S: 'static, R: Copy + Default + 'static>(
    observe: impl Fn(&S, &[R]) -> Outcome,
    chunk: &States,
    offset: usize,
    ran: &[&Ran],
    tally: &mut Tally,
    progress: &AtomicU64,
) {
    let mut progress = Progress::new(progress);
    let states = chunk.get::<S>();
    let end = offset + states.len();
    let results: Vec<&[R]> = ran.iter().map(|r| r.results::<R>()).collect();
    // The panics of this chunk's trials, by state, then actor: each trial takes the first.
    let mut panics: Vec<(usize, usize, &str)> = ran
        .iter()
        .enumerate()
        .flat_map(|(a, r)| r.panics.iter().map(move |(k, message)| (*k, a, message.as_str())))
        .filter(|(k, _, _)| (offset..end).contains(k))
        .collect();
    panics.sort_unstable();
    // The next panic's place in `panics`, and its state (past the end when there is none).
    let mut next = 0;
    let at = |next: usize| panics.get(next).map_or(usize::MAX, |(k, _, _)| *k);
    let mut next_at = at(0);
    let mut row = vec![R::default(); ran.len()];
    let mut i = 0;
    while i < states.len() {
        let finished = thread::catch_actor(|| {
            while i < states.len() {
                let k = offset + i;
                let outcome = if k == next_at {
                    let message = panics[next].2;
                    while at(next) == k {
                        next += 1;
                    }
                    next_at = at(next);
                    Outcome::Panic(message.to_string())
                } else {
                    for (slot, values) in row.iter_mut().zip(&results) {
                        *slot = values[k];
                    }
                    observe(&states[i], &row)
                };
                tally.add(outcome, 1);
                i += 1;
                progress.step();
            }
        });
        if let Err(p) = finished {
            tally.add(Outcome::Panic(format!("in observe: {}", crate::rt::panic_message(p.as_ref()))), 1);
            i += 1;
            progress.step();
        }
    }
}

/// A program whose actors are processes: fresh state kept in files, actors that share only those
/// files, and an observer that sees how each actor ended, as a parent that waited for its
/// children does.
///
/// The `processes` backend runs each actor as a real OS process, a re-run of racelab's binary
/// ([`crate::backend::processes`]): `setup` runs in racelab, making the files
/// ([`crate::fs::SharedFile`]), and again in each actor's process, where it opens them. Every
/// other backend runs the actors as threads over one state, each ended as a process would end
/// ([`crate::process`]): a panic is [`Exit::Code`]`(101)` and [`crate::process::abort`] is
/// `SIGABRT`, for that actor alone. So the same program is model-checked, stressed on threads and
/// run as processes. Its state should hold nothing but files: memory is not shared between
/// processes, and an atomic or a lock in it would be one per process there.
pub struct Processes<S: 'static> {
    /// Builds a fresh state: in racelab it makes the files, in an actor's process it opens them.
    pub setup: fn() -> S,
    /// The actors, each a process of its own on the `processes` backend.
    pub actors: &'static [Actor<S, ()>],
    /// Reads the final state, given how each actor ended (in actor order).
    pub observe: fn(&S, &[Exit]) -> Outcome,
}

impl<S: 'static> std::fmt::Debug for Processes<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<_> = self.actors.iter().map(|a| a.name).collect();
        f.debug_struct("Processes").field("actors", &names).finish()
    }
}

/// An actor's code run as a process would run it: how it ended, never its panic.
fn as_process<S>(run: fn(&S), state: &S) -> Exit {
    crate::process::exit_of(|| run(state))
}

impl<S: Send + Sync + 'static> Program for Processes<S> {
    fn actors(&self) -> Vec<&'static str> {
        self.actors.iter().map(|a| a.name).collect()
    }

    fn run_once(&self) -> Outcome {
        run_once_with(self.setup, self.actors, as_process, self.observe)
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Actors(self)
    }

    fn unrunnable(&self) -> Option<&'static str> {
        self.actors.is_empty().then_some(NO_ACTORS)
    }

    fn processes(&self) -> Option<&dyn ProcessesProgram> {
        Some(self)
    }
}

impl<S: Send + Sync + 'static> ActorsProgram for Processes<S> {
    fn build(&self, chunk: &mut States, n: usize, progress: &AtomicU64) -> Result<(), Outcome> {
        build_states(self.setup, chunk, n, progress)
    }

    fn run(&self, actor: usize, batch: &[&States], range: Range<usize>, ran: &mut Ran, progress: &AtomicU64) {
        let run = self.actors[actor].run;
        run_states(|state: &S| as_process(run, state), batch, range, ran, progress)
    }

    fn observe(&self, chunk: &States, offset: usize, ran: &[&Ran], tally: &mut Tally, progress: &AtomicU64) {
        observe_states(self.observe, chunk, offset, ran, tally, progress)
    }
}

/// A [`Processes`] program with its state type hidden, as the `processes` backend drives it: one
/// trial at a time, racelab's side and each actor's side.
pub trait ProcessesProgram: Program {
    /// Racelab's side of one trial: builds the state (making its files), lets `run_actors` run
    /// every actor in a process of its own and say how each ended, then observes. What
    /// `run_actors` answers instead of exits (a hang) is the trial's outcome.
    fn trial(&self, run_actors: &mut dyn FnMut() -> Result<Vec<Exit>, Outcome>) -> Outcome;

    /// An actor's side, in its own process: builds the state (opening the files racelab made),
    /// calls `ready`, which returns once every actor may start, then runs actor `actor`.
    fn run_actor(&self, actor: usize, ready: &mut dyn FnMut());
}

impl<S: Send + Sync + 'static> ProcessesProgram for Processes<S> {
    fn trial(&self, run_actors: &mut dyn FnMut() -> Result<Vec<Exit>, Outcome>) -> Outcome {
        let state = match catch_in("setup", self.setup) {
            Ok(state) => state,
            Err(panic) => return panic,
        };
        match run_actors() {
            Ok(exits) => catch_in("observe", || (self.observe)(&state, &exits)).unwrap_or_else(|panic| panic),
            Err(outcome) => outcome,
        }
    }

    fn run_actor(&self, actor: usize, ready: &mut dyn FnMut()) {
        let state = (self.setup)();
        ready();
        (self.actors[actor].run)(&state);
    }
}

/// A program that spawns its own threads: one body, run whole each time.
pub struct Body {
    /// Names of the threads it spawns, for the record.
    pub threads: &'static [&'static str],
    /// The program; returns the outcome.
    pub run: fn() -> Outcome,
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Body").field("threads", &self.threads).finish()
    }
}

impl Program for Body {
    fn actors(&self) -> Vec<&'static str> {
        self.threads.to_vec()
    }

    fn run_once(&self) -> Outcome {
        trace::begin("main");
        let outcome = observe(self.run);
        trace::pause();
        outcome
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Body(self.run)
    }
}

/// A [`Body`] that only real threads can show, for the reason given: its bug is a delay on a real
/// clock, or it drives a real runtime (tokio) directly, which no model checker schedules. This is
/// a fact about the program, not a guess at a checker's answer, so the program says it itself.
pub struct RealOnly {
    /// Why a model checker cannot show what the program does.
    pub why: &'static str,
    /// The program.
    pub body: Body,
}

impl std::fmt::Debug for RealOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RealOnly").field("why", &self.why).field("body", &self.body).finish()
    }
}

impl Program for RealOnly {
    fn actors(&self) -> Vec<&'static str> {
        self.body.actors()
    }

    fn run_once(&self) -> Outcome {
        self.body.run_once()
    }

    fn shape(&self) -> Shape<'_> {
        self.body.shape()
    }

    fn real_only(&self) -> Option<&'static str> {
        Some(self.why)
    }
}

/// Runs a whole body, turning its panic into a `panic: ...` outcome.
pub(crate) fn observe(f: impl FnOnce() -> Outcome) -> Outcome {
    thread::catch_actor(f).unwrap_or_else(|p| Outcome::Panic(crate::rt::panic_message(p.as_ref())))
}

/// Runs the program's `setup` or `observe` (named by `step`), turning its panic into the outcome
/// `panic: in {step}: ...`, so that a report says where the program failed.
fn catch_in<T>(step: &str, f: impl FnOnce() -> T) -> Result<T, Outcome> {
    thread::catch_actor(f)
        .map_err(|p| Outcome::Panic(format!("in {step}: {}", crate::rt::panic_message(p.as_ref()))))
}
