//! # genmc_07_iriwish: a relayed write, two readers with acq-rel fences (IRIWish)
//!
//! A thread writes x; a relay copies what it reads of x into y with a release store; two readers read x and y
//! in opposite orders, an acquire-release fence between their two reads. The outcomes are the lines the
//! original prints.
//!
//! Run it: `racelab check genmc_07_iriwish`, or `cargo test genmc_07`.
//!
//! GenMC's litmus test IRIWish, from rust-lang/miri's `tests/genmc/pass/litmus/IRIWish.rs`: GenMC counts 28
//! executions; `tests/genmc.rs` asserts rc11's counts. The relay writes y whatever it read, 0 included, so a
//! read of y = 0 has two writes to take it from; GenMC counts 28 consistent executions, which print the
//! sixteen lines accepted here.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 28)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/IRIWish.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct Xy {
    x: AtomicU64,
    y: AtomicU64,
}

fn xy() -> Xy {
    Xy { x: AtomicU64::named("x", 0), y: AtomicU64::named("y", 0) }
}
// ANCHOR_END: shared

// ANCHOR: ported
// The original prints its five reads; the outcomes are the lines it printed. Here: what `relay`
// read (and wrote to y), then each reader's two reads as one number, 10 * first + second.
/// IRIWish as the original runs it.
static PORTED: Actors<Xy, i64> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "write_x",
            run: |s: &Xy| {
                s.x.store(1, Relaxed);
                0
            },
        },
        Actor {
            name: "relay",
            run: |s: &Xy| {
                let v = s.x.load(Relaxed);
                s.y.store(v, Release);
                v as i64
            },
        },
        Actor {
            name: "x_then_y",
            run: |s: &Xy| {
                let first = s.x.load(Relaxed) as i64;
                fence(AcqRel);
                10 * first + s.y.load(Relaxed) as i64
            },
        },
        Actor {
            name: "y_then_x",
            run: |s: &Xy| {
                let first = s.y.load(Relaxed) as i64;
                fence(AcqRel);
                10 * first + s.x.load(Relaxed) as i64
            },
        },
    ],
    observe: |_, r| Outcome::values([r[1], r[2], r[3]]),
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_07_iriwish",
    title: "IRIWish: a relayed write, two readers with acq-rel fences",
    intent: "A thread writes x; a relay copies what it reads of x into y with a release store; two readers \
             read x and y in opposite orders, an acquire-release fence between their two reads. The \
             outcomes are the lines the original prints.",
    explanation: "The relay writes y whatever it read, 0 included, so a read of y = 0 has two writes to \
                  take it from; GenMC counts 28 consistent executions, which print the sixteen lines \
                  accepted here.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        outcomes: &[
            outcome("0, 0, 0", Acceptable, "a line the original prints"),
            outcome("0, 0, 1", Acceptable, "a line the original prints"),
            outcome("0, 10, 0", Acceptable, "a line the original prints"),
            outcome("0, 10, 1", Acceptable, "a line the original prints"),
            outcome("1, 0, 0", Acceptable, "a line the original prints"),
            outcome("1, 0, 1", Acceptable, "a line the original prints"),
            outcome("1, 0, 11", Acceptable, "a line the original prints"),
            outcome("1, 1, 0", Acceptable, "a line the original prints"),
            outcome("1, 1, 1", Acceptable, "a line the original prints"),
            outcome("1, 1, 11", Acceptable, "a line the original prints"),
            outcome("1, 10, 0", Acceptable, "a line the original prints"),
            outcome("1, 10, 1", Acceptable, "a line the original prints"),
            outcome("1, 10, 11", Acceptable, "a line the original prints"),
            outcome("1, 11, 0", Acceptable, "a line the original prints"),
            outcome("1, 11, 1", Acceptable, "a line the original prints"),
            outcome("1, 11, 11", Acceptable, "a line the original prints"),
        ],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
