//! # genmc_09_lb_incmps: load buffering round four threads through acq-rel increments (LB+incMPs)
//!
//! Four threads in a ring: an acquire read of x, increments of z by two threads, a release write of y, an
//! acquire read of y, increments of w by two threads, a release write of x. The program checks nothing at its
//! end.
//!
//! Run it: `racelab check genmc_09_lb_incmps`, or `cargo test genmc_09`.
//!
//! GenMC's litmus test LB+incMPs, from rust-lang/miri's `tests/genmc/pass/litmus/LB_incMPs.rs`: GenMC counts
//! 15 executions; `tests/genmc.rs` asserts rc11's counts. Each of the two reads reads 0 or 1 and each pair of
//! increments lands in one of two orders: sixteen combinations. In one, every read and every increment takes
//! its value from the thread before it in the ring, a cycle of program order and reads-from; RC11 forbids it,
//! leaving 15.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 15)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/LB_incMPs.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct Xyzw {
    x: AtomicU64,
    y: AtomicU64,
    z: AtomicU64,
    w: AtomicU64,
}

fn xyzw() -> Xyzw {
    Xyzw {
        x: AtomicU64::named("x", 0),
        y: AtomicU64::named("y", 0),
        z: AtomicU64::named("z", 0),
        w: AtomicU64::named("w", 0),
    }
}

/// The outcome of a program that checks nothing at its end: it ran to its end.
fn finished<S, R>(_: &S, _: &[R]) -> Outcome {
    Outcome::label("finished")
}
// ANCHOR_END: shared

// ANCHOR: ported
/// LB+incMPs as the original runs it.
static PORTED: Actors<Xyzw, ()> = Actors {
    setup: xyzw,
    actors: &[
        Actor {
            name: "t1",
            run: |s: &Xyzw| {
                s.x.load(Acquire);
                s.z.fetch_add(1, AcqRel);
            },
        },
        Actor {
            name: "t2",
            run: |s: &Xyzw| {
                s.z.fetch_add(1, AcqRel);
                s.y.store(1, Release);
            },
        },
        Actor {
            name: "t3",
            run: |s: &Xyzw| {
                s.y.load(Acquire);
                s.w.fetch_add(1, AcqRel);
            },
        },
        Actor {
            name: "t4",
            run: |s: &Xyzw| {
                s.w.fetch_add(1, AcqRel);
                s.x.store(1, Release);
            },
        },
    ],
    observe: finished,
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_09_lb_incmps",
    title: "LB+incMPs: load buffering round four threads through acq-rel increments",
    intent: "Four threads in a ring: an acquire read of x, increments of z by two threads, a release write \
             of y, an acquire read of y, increments of w by two threads, a release write of x. The program \
             checks nothing at its end.",
    explanation: "Each of the two reads reads 0 or 1 and each pair of increments lands in one of two \
                  orders: sixteen combinations. In one, every read and every increment takes its value from \
                  the thread before it in the ring, a cycle of program order and reads-from; RC11 forbids \
                  it, leaving 15.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[outcome("finished", Acceptable, "no final check: every thread ran to its end")],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
