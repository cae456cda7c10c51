//! # genmc_29_cumul_release: a relaxed relay of a release flag, an acq-rel fence (cumul-release)
//!
//! A sender writes x relaxed, then y with Release; a relay copies y into z, relaxed; a receiver reads z,
//! passes an acquire-release fence, reads x.
//!
//! Run it: `racelab check genmc_29_cumul_release`, or `cargo test genmc_29`.
//!
//! GenMC's litmus test cumul-release, from rust-lang/miri's `tests/genmc/pass/litmus/cumul-release.rs`: GenMC
//! counts 8 executions; `tests/genmc.rs` asserts rc11's counts. Every read is relaxed and the relay's copy
//! carries no release: reading the relayed 1 through z does not make x = 1 visible. GenMC counts eight
//! consistent executions, which print the six lines accepted here.

use racelab::prelude::*;

/// GenMC's count of consistent executions of each variant, from the original's `.stderr`.
pub const GENMC_EXECUTIONS: &[(&str, u64)] = &[("ported", 8)];

/// The original, in rust-lang/miri at [`super::MIRI_COMMIT`].
pub const MIRI_SOURCE: &str = "tests/genmc/pass/litmus/cumul-release.rs";

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
// ANCHOR_END: shared

// ANCHOR: ported
/// cumul-release as the original runs it.
static PORTED: Actors<Xyz, (i64, i64)> = Actors {
    setup: xyz,
    actors: &[
        Actor {
            name: "sender",
            run: |s: &Xyz| {
                s.x.store(1, Relaxed);
                s.y.store(1, Release);
                (0, 0)
            },
        },
        Actor {
            name: "relay",
            run: |s: &Xyz| {
                let a = s.y.load(Relaxed);
                s.z.store(a, Relaxed);
                (a as i64, 0)
            },
        },
        Actor {
            name: "receiver",
            run: |s: &Xyz| {
                let b = s.z.load(Relaxed) as i64;
                fence(AcqRel);
                (b, s.x.load(Relaxed) as i64)
            },
        },
    ],
    observe: |_, r: &[(i64, i64)]| Outcome::values([r[1].0, r[2].0, r[2].1]),
};
// ANCHOR_END: ported

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "genmc_29_cumul_release",
    title: "cumul-release: a relaxed relay of a release flag, an acq-rel fence",
    intent: "A sender writes x relaxed, then y with Release; a relay copies y into z, relaxed; a receiver \
             reads z, passes an acquire-release fence, reads x.",
    explanation: "Every read is relaxed and the relay's copy carries no release: reading the relayed 1 \
                  through z does not make x = 1 visible. GenMC counts eight consistent executions, which \
                  print the six lines accepted here.",
    preemption_bound: None,
    variants: &[Variant {
        name: "ported",
        claim: Claim::Correct,
        // a (the relay's read of y), b (z read), c (x read)
        outcomes: &[
            outcome("0, 0, 0", Acceptable, "accepted by the original's final check"),
            outcome("0, 0, 1", Acceptable, "accepted by the original's final check"),
            outcome("1, 0, 0", Acceptable, "accepted by the original's final check"),
            outcome("1, 0, 1", Acceptable, "accepted by the original's final check"),
            outcome("1, 1, 0", Acceptable, "accepted by the original's final check"),
            outcome("1, 1, 1", Acceptable, "accepted by the original's final check"),
        ],
        otherwise: Forbidden,
        program: &PORTED,
    }],
};
