//! The jcstress shape: fresh state, actors over it, and an observer of the final state.

use std::ops::Range;
use std::sync::atomic::AtomicU64;

use super::actor::Actor;
use super::batch::{build_states, observe_states, run_states};
use super::once::run_once_with;
use crate::model::outcome::{Outcome, Tally};
use crate::model::program::{ActorsProgram, NO_ACTORS, Program, Ran, Shape, States};

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
