//! # genmc_31_detour: values carried round three locations (detour)
//!
//! Three threads: one writes 1 to x; one reads z, writes it less one to x, reads x and writes what it read to
//! y; one copies y to z. In `join` the threads are joined and their reads checked; in `no_join` they are
//! never joined.
//!
//! Run it: `racelab check genmc_31_detour`, or `cargo test genmc_31`.
//!
//! GenMC's litmus test detour, from rust-lang/miri's `tests/genmc/pass/litmus/detour.rs`: GenMC counts 9
//! executions of `join`, 9 executions of `no_join`; `tests/genmc.rs` asserts rc11's counts. Values flow from
//! z to x to y and back to z, all relaxed; a value may not come from nowhere, so what the second thread reads
//! of z is always 0. GenMC counts nine consistent executions either way: joining adds no choice.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("join", 9), ("no_join", 9)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/detour.rs";

// ANCHOR: shared
/// Three signed locations: a value goes from z to x (less one), back out of x to y, and from y
/// to z.
pub struct Detour {
    x: AtomicIsize,
    y: AtomicIsize,
    z: AtomicIsize,
}

fn detour() -> Detour {
    Detour { x: AtomicIsize::named("x", 0), y: AtomicIsize::named("y", 0), z: AtomicIsize::named("z", 0) }
}

fn detour_write_x(s: &Detour) -> (i64, i64) {
    s.x.store(1, Relaxed);
    (0, 0)
}

/// Reads z (A), writes A - 1 to x, reads x (B), writes B to y.
fn detour_through_x(s: &Detour) -> (i64, i64) {
    let a = s.z.load(Relaxed);
    s.x.store(a.wrapping_sub(1), Relaxed);
    let b = s.x.load(Relaxed);
    s.y.store(b, Relaxed);
    (a as i64, b as i64)
}

/// Reads y (C), writes it to z.
fn detour_back_to_z(s: &Detour) -> (i64, i64) {
    let c = s.y.load(Relaxed);
    s.z.store(c, Relaxed);
    (c as i64, 0)
}
// ANCHOR_END: shared

// ANCHOR: join
/// detour: values carried round three locations
static JOIN: Actors<Detour, (i64, i64)> = Actors {
    setup: detour,
    actors: &[
        Actor { name: "t1", run: detour_write_x },
        Actor { name: "t2", run: detour_through_x },
        Actor { name: "t3", run: detour_back_to_z },
    ],
    observe: |_, r: &[(i64, i64)]| Outcome::values([r[1].0, r[1].1, r[2].0]),
};
// ANCHOR_END: join

// ANCHOR: no_join
/// The same three threads, spawned and never joined: the program ends without waiting for them.
fn detour_unjoined() -> Outcome {
    let state = Arc::new(detour());
    for run in [detour_write_x, detour_through_x, detour_back_to_z] {
        let state = state.clone();
        drop(thread::spawn(move || run(&state)));
    }
    Outcome::label("finished")
}

/// detour: the threads never joined
static NO_JOIN: Body = Body { threads: &["t1", "t2", "t3"], run: detour_unjoined };
// ANCHOR_END: no_join

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_31_detour",
    title: "detour: values carried round three locations",
    intent: "Three threads: one writes 1 to x; one reads z, writes it less one to x, reads x and writes \
             what it read to y; one copies y to z. In `join` the threads are joined and their reads \
             checked; in `no_join` they are never joined.",
    explanation: "Values flow from z to x to y and back to z, all relaxed; a value may not come from \
                  nowhere, so what the second thread reads of z is always 0. GenMC counts nine consistent \
                  executions either way: joining adds no choice.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "join",
            claim: Claim::Correct,
            // A, B, C
            outcomes: &[
                outcome("0, 1, 0", Acceptable, "accepted by the original's final check"),
                outcome("0, -1, 0", Acceptable, "accepted by the original's final check"),
                outcome("0, 1, 1", Acceptable, "accepted by the original's final check"),
                outcome("0, -1, -1", Acceptable, "accepted by the original's final check"),
            ],
            otherwise: Forbidden,
            program: &JOIN,
        },
        Variant {
            name: "no_join",
            claim: Claim::Correct,
            outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
            otherwise: Forbidden,
            program: &NO_JOIN,
        },
    ],
};
