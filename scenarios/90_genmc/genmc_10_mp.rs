//! # genmc_10_mp: message passing, release/acquire (MP)
//!
//! A sender writes x, then y, with Release; a receiver reads y, then x, with Acquire. A receiver that sees
//! the flag must see the data.
//!
//! Run it: `racelab check genmc_10_mp`, or `cargo test genmc_10`.
//!
//! GenMC's litmus test MP, from rust-lang/miri's `tests/genmc/pass/litmus/MP.rs`: GenMC counts 3 executions;
//! `tests/genmc.rs` asserts rc11's counts. The acquire read of y = 1 synchronises with the release store of
//! y, after which x = 1 happens before the read of x: `1, 0` is inconsistent, and three executions remain.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 3)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/MP.rs";

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
/// MP as the original runs it.
static PORTED: Actors<Xy, (i64, i64)> = Actors {
    setup: xy,
    actors: &[
        Actor {
            name: "sender",
            run: |s: &Xy| {
                s.x.store(1, Release);
                s.y.store(1, Release);
                (0, 0)
            },
        },
        Actor { name: "receiver", run: |s: &Xy| (s.y.load(Acquire) as i64, s.x.load(Acquire) as i64) },
    ],
    observe: |_, r: &[(i64, i64)]| Outcome::values([r[1].0, r[1].1]),
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_10_mp",
    title: "MP: message passing, release/acquire",
    intent: "A sender writes x, then y, with Release; a receiver reads y, then x, with Acquire. A receiver \
             that sees the flag must see the data.",
    explanation: "The acquire read of y = 1 synchronises with the release store of y, after which x = 1 \
                  happens before the read of x: `1, 0` is inconsistent, and three executions remain.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        // a (y read), b (x read)
        outcomes: &[
            outcome("0, 0", Acceptable, "accepted by the original's final check"),
            outcome("0, 1", Acceptable, "accepted by the original's final check"),
            outcome("1, 1", Acceptable, "accepted by the original's final check"),
        ],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
