//! One execution of a program on the engine a model checker entered: the actors spawned through
//! the facade, their results handed to the observer, every panic an outcome.

use std::sync::Arc;

use super::actor::Actor;
use crate::model::outcome::Outcome;
use crate::model::program::NO_ACTORS;
use crate::rt::actor;
use crate::rt::panic::panic_message;
use crate::rt::record;
use crate::thread;

/// How a runner calls an actor's code over a state: `call(run, state)`.
pub(super) type Call<S, A, R> = fn(fn(&S) -> A, &S) -> R;

/// One execution of a program in the [`Actors`] shape, on the current engine: each actor's code
/// `run` is called as `call(run, state)`, and its result goes to the observer.
///
/// Actor 0 runs on the thread that spawns the others: the same program with one modelled thread
/// fewer, which loom's search pays for exponentially.
pub(super) fn run_once_with<S, A, R>(
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
    record::begin(first.name);
    let handles: Vec<_> = actors[1..]
        .iter()
        .map(|actor| {
            let (state, run) = (state.clone(), actor.run);
            thread::Builder::new().name(actor.name).spawn(move || call(run, &state)).expect("spawn an actor")
        })
        .collect();
    let first = actor::catch_actor(|| call(first.run, &state));
    let mut results = vec![first];
    results.extend(handles.into_iter().map(|h| h.join()));
    record::pause();
    let mut values = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(payload) => {
                return Outcome::Panic(panic_message(payload.as_ref()));
            }
        }
    }
    catch_in("observe", || observe(&state, &values)).unwrap_or_else(|panic| panic)
}

/// Runs a whole body, turning its panic into a `panic: ...` outcome.
pub fn run_body(f: impl FnOnce() -> Outcome) -> Outcome {
    actor::catch_actor(f).unwrap_or_else(|p| Outcome::Panic(panic_message(p.as_ref())))
}

/// Runs the program's `setup` or `observe` (named by `step`), turning its panic into the outcome
/// `panic: in {step}: ...`, so that a report says where the program failed.
pub(super) fn catch_in<T>(step: &str, f: impl FnOnce() -> T) -> Result<T, Outcome> {
    actor::catch_actor(f).map_err(|p| Outcome::Panic(format!("in {step}: {}", panic_message(p.as_ref()))))
}
