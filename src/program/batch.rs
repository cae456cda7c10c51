//! Many trials of an actors program at a time, for the real-thread backend: a chunk of fresh
//! states built, one actor run over a stride of the batch, a chunk observed, each loop compiled for
//! the program's own types (see [`crate::model::program`]).

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::outcome::{Outcome, Tally};
use crate::model::program::{Ran, States};
use crate::rt::actor;
use crate::rt::panic::panic_message;

use super::once::catch_in;

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

/// [`ActorsProgram::build`], for a program whose states `setup` makes.
pub(super) fn build_states<S: Send + Sync + 'static>(
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
    chunk.refilled::<S>();
    built
}

/// [`ActorsProgram::run`], for an actor whose code is `run`.
pub(super) fn run_states<S: 'static, R: Default + Clone + Send + Sync + 'static>(
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
                    panics.push((lo + i, panic_message(p.as_ref())));
                    i += 1;
                    progress.step();
                }
            }
        }
        offset += chunk.len();
    }
}

/// [`ActorsProgram::observe`], for a program whose observer is `observe`.
pub(super) fn observe_states<S: 'static, R: Copy + Default + 'static>(
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
        let finished = actor::catch_actor(|| {
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
            tally.add(Outcome::Panic(format!("in observe: {}", panic_message(p.as_ref()))), 1);
            i += 1;
            progress.step();
        }
    }
}
