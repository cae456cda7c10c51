//! What a backend asks of a scenario's code: the [`Program`] interface, with the types of its
//! state and results hidden.
//!
//! Backends read the model; the model never reads a backend. A backend asks a [`Program`] for
//! one of two things:
//! - loom, shuttle and rc11 call [`Program::run_once`]: one execution, on the engine they have
//!   entered;
//! - the real-thread backend drives the program itself, so it asks what the program is,
//!   [`Program::shape`]: a body hands over its function, an actors program hands over itself as
//!   an [`ActorsProgram`], with its state and result types hidden in [`States`] and [`Ran`].
//!
//! The programs themselves (`Actors`, `Processes`, `Body`) and how each runs once live a layer up,
//! in [`crate::program`], on the facade.
//!
//! Hiding the types must not slow the stress run down, whose throughput is compared with a
//! hand-written harness: a dynamic call per trial would show. So [`ActorsProgram`] works many
//! states at a time (build a chunk of fresh states, run one actor over a stride of the batch,
//! observe a chunk), and each of its loops is compiled for the program's own `S` and `R` in the
//! program's impl, the same loop the backend used to run itself. The backend pays one dynamic
//! call and one type check per chunk or stride, a few dozen per batch of 4,096 trials; threads,
//! meetings, the watchdog and the tally stay in the backend.
//!
//! The other shapes this could take were worse. A visitor with a generic method
//! (`fn actors<S, R>(&mut self, ...)`) cannot be called through `dyn`, and a `Program` with a
//! generic method could not sit behind [`Variant::program`](super::scenario::Variant::program)'s
//! `&'static dyn Program`; an interface of one state at a time (build one, run one, observe one)
//! puts a dynamic call and a boxed state in every trial.

use std::any::Any;
use std::ops::Range;
use std::sync::atomic::AtomicU64;

use super::exit::Exit;
use super::outcome::{Outcome, Tally};

/// A scenario's code, runnable on every backend.
pub trait Program: Sync + std::fmt::Debug {
    /// Actor names, in actor order (the order of an outcome's values).
    fn actors(&self) -> Vec<&'static str>;

    /// Runs one execution on the current engine, recording its trace: used by the model checkers.
    fn run_once(&self) -> Outcome;

    /// What the program is, for a runner that drives it itself: used by the real-thread backend.
    fn shape(&self) -> Shape<'_>;

    /// Why the program cannot run at all, if it cannot: an actors program with no actor.
    fn unrunnable(&self) -> Option<&'static str> {
        None
    }

    /// Why only a real run can show what this program does, if only one can: a `RealOnly`
    /// program (a delay on a real clock). Model checkers then do not run it.
    fn real_only(&self) -> Option<&'static str> {
        None
    }

    /// The program as processes, if its actors are processes sharing only files: a `Processes`
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

/// The outcome of an actors program with no actor, on every backend, and why a check runs none.
pub const NO_ACTORS: &str = "the program has no actors: give it at least one Actor";

/// An actors program with its types hidden, driven a chunk of states at a time.
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

    /// The states, as the program that built them knows them.
    pub(crate) fn get<S: 'static>(&self) -> &[S] {
        if self.len == 0 {
            return &[];
        }
        self.states.downcast_ref::<Vec<S>>().expect("states built by the same program")
    }

    /// The states as a vector to refill (a new one the first time); [`States::refilled`] counts
    /// them once it is.
    pub(crate) fn vec_mut<S: Send + Sync + 'static>(&mut self) -> &mut Vec<S> {
        if !self.states.is::<Vec<S>>() {
            self.states = Box::new(Vec::<S>::new());
        }
        self.states.downcast_mut::<Vec<S>>().expect("just made a vector of S")
    }

    /// Counts the states after [`States::vec_mut`] refilled them.
    pub(crate) fn refilled<S: Send + Sync + 'static>(&mut self) {
        self.len = self.vec_mut::<S>().len();
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
    pub(crate) panics: Vec<(usize, String)>,
}

impl Ran {
    /// Forgets the panics of the last batch, before the next one runs (its results are
    /// overwritten as it runs).
    pub fn clear(&mut self) {
        self.panics.clear();
    }

    /// The results, as the program that ran them knows them.
    pub(crate) fn results<R: 'static>(&self) -> &[R] {
        self.results.downcast_ref::<Vec<R>>().map_or(&[], Vec::as_slice)
    }

    /// A result slot for each of `len` states, and the panics.
    pub(crate) fn parts_mut<R: Default + Clone + Send + Sync + 'static>(
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

/// A program whose actors are processes, with its state type hidden, as the `processes` backend
/// drives it: one trial at a time, racelab's side and each actor's side.
pub trait ProcessesProgram: Program {
    /// Racelab's side of one trial: builds the state (making its files), lets `run_actors` run
    /// every actor in a process of its own and say how each ended, then observes. What
    /// `run_actors` answers instead of exits (a hang) is the trial's outcome.
    fn trial(&self, run_actors: &mut dyn FnMut() -> Result<Vec<Exit>, Outcome>) -> Outcome;

    /// An actor's side, in its own process: builds the state (opening the files racelab made),
    /// calls `ready`, which returns once every actor may start, then runs actor `actor`.
    fn run_actor(&self, actor: usize, ready: &mut dyn FnMut());
}
