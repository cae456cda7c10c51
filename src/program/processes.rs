//! A program whose actors are processes sharing only files, observed through how each ended.

use std::ops::Range;
use std::sync::atomic::AtomicU64;

use super::actor::Actor;
use super::batch::{build_states, observe_states, run_states};
use super::once::{catch_in, run_once_with};
use crate::model::exit::Exit;
use crate::model::outcome::{Outcome, Tally};
use crate::model::program::{ActorsProgram, NO_ACTORS, ProcessesProgram, Program, Ran, Shape, States};
use crate::rt::actor;

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
    actor::exit_of(|| run(state))
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
