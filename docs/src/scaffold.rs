//! # topic_NN_what_goes_wrong: one line saying what goes wrong
//!
//! What the scenario shows, in a paragraph: the shared state, what each actor does, and why the
//! broken code can go wrong. Then the fix, and why it works.
//!
//! Run it: `racelab check topic_NN_what_goes_wrong`, or `cargo test topic_NN`.

use racelab::prelude::*;

// The book shows this file's code on the scenario's page, taken from between these marks: `shared`
// for what every variant uses, one region named after each variant, and `observer`.
// ANCHOR: shared
/// The shared state, built fresh for every execution.
pub struct State {
    value: AtomicUsize,
}

fn setup() -> State {
    // Name every shared object: the name is what the trace shows.
    State { value: AtomicUsize::named("value", 0) }
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: say what is wrong with it.
fn broken_actor(s: &State) {
    let v = s.value.load(SeqCst);
    s.value.store(v + 1, SeqCst);
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: say why it is right.
fn fixed_actor(s: &State) {
    s.value.fetch_add(1, SeqCst);
}
// ANCHOR_END: fixed

// ANCHOR: observer
/// Reads the final state once every actor is joined; the outcome id is what reports show.
fn observe(s: &State, _results: &[()]) -> Outcome {
    Outcome::value(s.value.load(SeqCst) as i64)
}
// ANCHOR_END: observer

/// The scenario; add it to `INDEX` in `scenarios/mod.rs`.
pub static SCENARIO: Scenario = Scenario {
    id: "topic_NN_what_goes_wrong",
    title: "One line, as `racelab list` shows it",
    intent: "One paragraph: the lesson.",
    explanation: "Why each Interesting outcome happens, outcome by outcome.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("1", Interesting, "one sentence: what this outcome means"),
                outcome("2", Acceptable, "one sentence"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[Actor { name: "t1", run: broken_actor }, Actor { name: "t2", run: broken_actor }],
                observe,
            },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: &[outcome("1", Forbidden, "one sentence"), outcome("2", Acceptable, "one sentence")],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[Actor { name: "t1", run: fixed_actor }, Actor { name: "t2", run: fixed_actor }],
                observe,
            },
        },
    ],
};
