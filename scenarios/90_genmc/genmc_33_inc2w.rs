//! # genmc_33_inc2w: two increments and a write (inc2w)
//!
//! Two threads increment x by 1 and by 2; a third writes 4 to it. The final x is 4, 5, 6 or 7.
//!
//! Run it: `racelab check genmc_33_inc2w`, or `cargo test genmc_33`.
//!
//! GenMC's litmus test inc2w, from rust-lang/miri's `tests/genmc/pass/litmus/inc2w.rs`: GenMC counts 6
//! executions; `tests/genmc.rs` asserts rc11's counts. The write of 4 lands before, between or after the
//! increments, which land in either order: six executions, the final value whatever was added after the 4.
//! loom reaches outcomes here that no execution allows, through a bug of its own (tokio-rs/loom#254, open: a
//! store lands between an increment's read and its write); rc11's exhaustive search never reaches
//! them, so loom's verdict is a false alarm, with rc11's count as the evidence.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 6)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/inc2w.rs";

// ANCHOR: shared
/// The shared locations, each an atomic starting at 0.
pub struct X {
    x: AtomicU64,
}

fn x() -> X {
    X { x: AtomicU64::named("x", 0) }
}
// ANCHOR_END: shared

// ANCHOR: ported
/// inc2w as the original runs it.
static PORTED: Actors<X, ()> = Actors {
    setup: x,
    actors: &[
        Actor {
            name: "add1",
            run: |s: &X| {
                s.x.fetch_add(1, Relaxed);
            },
        },
        Actor { name: "write4", run: |s: &X| s.x.store(4, Release) },
        Actor {
            name: "add2",
            run: |s: &X| {
                s.x.fetch_add(2, Relaxed);
            },
        },
    ],
    observe: |s, _| Outcome::value(s.x.load(Relaxed) as i64),
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_33_inc2w",
    title: "inc2w: two increments and a write",
    intent: "Two threads increment x by 1 and by 2; a third writes 4 to it. The final x is 4, 5, 6 or 7.",
    explanation: "The write of 4 lands before, between or after the increments, which land in either order: \
                  six executions, the final value whatever was added after the 4. loom reaches outcomes \
                  here that no execution allows, through a bug of its own (tokio-rs/loom#254, open: a store \
                  lands between an increment's read and its write); rc11's exhaustive search \
                  never reaches them, so loom's verdict is a false alarm, with rc11's count as the evidence.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        // the final x
        outcomes: &[
            outcome("4", Acceptable, "accepted by the original's final check"),
            outcome("5", Acceptable, "accepted by the original's final check"),
            outcome("6", Acceptable, "accepted by the original's final check"),
            outcome("7", Acceptable, "accepted by the original's final check"),
        ],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
