//! # genmc_13_mp_incmps: message passing through acq-rel increments (MP+incMPs)
//!
//! A sender writes x then y with Release; one thread reads y with Acquire then increments z, another
//! increments z then reads x with Acquire. The program checks nothing at its end.
//!
//! Run it: `racelab check genmc_13_mp_incmps`, or `cargo test genmc_13`.
//!
//! GenMC's litmus test MP+incMPs, from rust-lang/miri's `tests/genmc/pass/litmus/MP_incMPs.rs`: GenMC counts
//! 7 executions; `tests/genmc.rs` asserts rc11's counts. Two reads of 0 or 1 and two orders of the increments
//! make eight combinations. In one, the first thread reads y = 1 and its increment comes first, so the second
//! thread's increment synchronises with it and its read of x must see 1: reading 0 is inconsistent, leaving
//! seven.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 7)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/MP_incMPs.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct Xyz {
    x: AtomicU64,
    y: AtomicU64,
    z: AtomicU64,
}

fn xyz() -> Xyz {
    Xyz { x: AtomicU64::named("x", 0), y: AtomicU64::named("y", 0), z: AtomicU64::named("z", 0) }
}

/// The outcome of a program that checks nothing at its end: it ran to its end.
fn finished<S, R>(_: &S, _: &[R]) -> Outcome {
    Outcome::label("finished")
}
// ANCHOR_END: shared

// ANCHOR: ported
/// MP+incMPs as the original runs it.
static PORTED: Actors<Xyz, ()> = Actors {
    setup: xyz,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xyz| {
                s.y.load(Acquire);
                s.z.fetch_add(1, AcqRel);
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xyz| {
                s.z.fetch_add(1, AcqRel);
                s.x.load(Acquire);
            },
        },
        Actor {
            name: "sender",
            run: |s: &Xyz| {
                s.x.store(1, Release);
                s.y.store(1, Release);
            },
        },
    ],
    observe: finished,
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_13_mp_incmps",
    title: "MP+incMPs: message passing through acq-rel increments",
    intent: "A sender writes x then y with Release; one thread reads y with Acquire then increments z, \
             another increments z then reads x with Acquire. The program checks nothing at its end.",
    explanation: "Two reads of 0 or 1 and two orders of the increments make eight combinations. In one, the \
                  first thread reads y = 1 and its increment comes first, so the second thread's increment \
                  synchronises with it and its read of x must see 1: reading 0 is inconsistent, leaving \
                  seven.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
