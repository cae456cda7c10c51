//! GenMC's litmus tests, in the form rust-lang/miri keeps them (`tests/genmc/pass/litmus/`), written
//! again as racelab programs: the same threads, accesses, orderings and final checks, each with the
//! number of executions GenMC reports for it (each test's `.stderr` there), under RC11 or, for two
//! revisions, sequential consistency. rc11 must count the same (`tests/genmc.rs`).
//!
//! Each is one [`Scenario`] with one variant, `mine`, claimed correct: the outcomes the original's
//! final check accepts are Acceptable and anything else is Forbidden. Where the original prints
//! what it read instead of checking it, the lines it printed are the accepted outcomes; where it
//! neither checks nor prints, the only outcome is `finished`. Where its check is a range or a
//! predicate, the observer applies it and names the outcome (`coherent`), and a failing execution
//! shows its values, graded Forbidden by the catch-all.
//!
//! How the programs map onto the originals:
//! - every location is an atomic initialised to 0, built by `setup`;
//! - the originals' main thread spawns every thread and (mostly) joins them; here actor 0 runs on
//!   the main thread and the others are spawned, which changes no graph's count: the main thread
//!   makes no access before spawning, and its reads after joining read the last write;
//! - the originals that check nothing at their end never join their threads (`2w2w_2sc_scf`,
//!   `LB_incMPs`, `MPU_rels_acq`, `MP_incMPs`, `MP_rels_acqf`, `SB_2sc_scf`, `Z6_acq`,
//!   `atomicpo`, `casdep`, `ccr`, `cii`, `riwi`, `viktor-relseq`); here they are joined, which adds
//!   no choice, as `detour`'s two revisions show (the same count joined or not). `detour_no_join`
//!   keeps its threads unjoined;
//! - a revision run with `-Zmiri-disable-weak-memory-emulation` (`2w2w_4rel.sc`, `Z6_U.sc`) runs
//!   GenMC under sequential consistency instead of RC11: here every access is `SeqCst`, whose
//!   RC11-consistent graphs are exactly the sequentially consistent ones;
//! - a compare-exchange's result is shown as the value it read (it succeeded exactly when that was
//!   the expected value).
//!
//! | program | test | shape | GenMC's count | source in rust-lang/miri |
//! |---|---|---|---|---|
//! | `genmc_2cowr` | 2CoWR | two readers, two release writers of two locations | 4 | `tests/genmc/pass/litmus/2cowr.rs` |
//! | `genmc_2w2w_2sc_scf` | 2+2W+2sc+scf | 2+2W, one side `SeqCst`, the other relaxed around an SC fence | 3 | `tests/genmc/pass/litmus/2w2w_2sc_scf.rs` |
//! | `genmc_2w2w_3sc_1rel_release1` | 2+2W+3sc+rel1 | 2+2W, `SeqCst` but one first store `Release` | 4 | `tests/genmc/pass/litmus/2w2w_3sc_1rel.rs` (release1) |
//! | `genmc_2w2w_3sc_1rel_release2` | 2+2W+3sc+rel2 | 2+2W, `SeqCst` but one second store `Release` | 4 | `tests/genmc/pass/litmus/2w2w_3sc_1rel.rs` (release2) |
//! | `genmc_2w2w_4rel_weak` | 2+2W | 2+2W, four release stores | 4 | `tests/genmc/pass/litmus/2w2w_4rel.rs` (weak) |
//! | `genmc_2w2w_4rel_sc` | 2+2W under SC | the same, sequentially consistent | 3 | `tests/genmc/pass/litmus/2w2w_4rel.rs` (sc) |
//! | `genmc_2w2w_4sc` | 2+2W+4sc | 2+2W, four `SeqCst` stores | 3 | `tests/genmc/pass/litmus/2w2w_4sc.rs` |
//! | `genmc_iriw_acq_sc` | IRIW-acq-sc | IRIW, acquire first reads, `SeqCst` second reads | 16 | `tests/genmc/pass/litmus/IRIW-acq-sc.rs` |
//! | `genmc_iriwish` | IRIWish | IRIW whose second write forwards the value read, acq-rel fences | 28 | `tests/genmc/pass/litmus/IRIWish.rs` |
//! | `genmc_lb` | LB | load buffering, release/acquire | 3 | `tests/genmc/pass/litmus/LB.rs` |
//! | `genmc_lb_incmps` | LB+incMPs | load buffering through two acq-rel increments | 15 | `tests/genmc/pass/litmus/LB_incMPs.rs` |
//! | `genmc_mp` | MP | message passing, release/acquire | 3 | `tests/genmc/pass/litmus/MP.rs` |
//! | `genmc_mpu2_rels_acqf` | MPU2+rels+acqf | message passing through two compare-exchanges, an acquire fence | 36 | `tests/genmc/pass/litmus/MPU2_rels_acqf.rs` |
//! | `genmc_mpu_rels_acq` | MPU+rels+acq | message passing through an increment | 13 | `tests/genmc/pass/litmus/MPU_rels_acq.rs` |
//! | `genmc_mp_incmps` | MP+incMPs | message passing through acq-rel increments | 7 | `tests/genmc/pass/litmus/MP_incMPs.rs` |
//! | `genmc_mp_rels_acqf` | MP+rels+acqf | message passing, a relaxed flag and an acquire fence | 4 | `tests/genmc/pass/litmus/MP_rels_acqf.rs` |
//! | `genmc_sb` | SB | store buffering, release/acquire | 4 | `tests/genmc/pass/litmus/SB.rs` |
//! | `genmc_sb_2sc_scf` | SB+2sc+scf | store buffering, one side `SeqCst`, the other an SC fence | 3 | `tests/genmc/pass/litmus/SB_2sc_scf.rs` |
//! | `genmc_z6_u_weak` | Z6.U | three threads, an increment between two writes of `y` | 22 | `tests/genmc/pass/litmus/Z6_U.rs` (weak) |
//! | `genmc_z6_u_sc` | Z6.U under SC | the same, sequentially consistent | 18 | `tests/genmc/pass/litmus/Z6_U.rs` (sc) |
//! | `genmc_z6_acq` | Z6+acq | a cycle of three threads, two SC fences | 7 | `tests/genmc/pass/litmus/Z6_acq.rs` |
//! | `genmc_atomicpo` | atomicpo | two stores around an acq-rel fence against two swaps | 4 | `tests/genmc/pass/litmus/atomicpo.rs` |
//! | `genmc_casdep` | casdep | a compare-exchange expecting the value just read | 2 | `tests/genmc/pass/litmus/casdep.rs` |
//! | `genmc_ccr` | ccr | two compare-exchanges from 0, one then reads | 2 | `tests/genmc/pass/litmus/ccr.rs` |
//! | `genmc_cii` | cii | a compare-exchange against two increments | 6 | `tests/genmc/pass/litmus/cii.rs` |
//! | `genmc_corr` | CoRR | two reads of two writes by one thread | 6 | `tests/genmc/pass/litmus/corr.rs` |
//! | `genmc_corr0` | CoRR0 | two readers of one write | 4 | `tests/genmc/pass/litmus/corr0.rs` |
//! | `genmc_corr1` | CoRR1 | two writers, a reader reading twice, a reader reading once | 36 | `tests/genmc/pass/litmus/corr1.rs` |
//! | `genmc_corr2` | CoRR2 | two writers, two readers reading twice | 72 | `tests/genmc/pass/litmus/corr2.rs` |
//! | `genmc_corw` | CoRW | a read then a write, against a write | 3 | `tests/genmc/pass/litmus/corw.rs` |
//! | `genmc_cowr` | CoWR | a write then a read, against a write | 3 | `tests/genmc/pass/litmus/cowr.rs` |
//! | `genmc_cumul_release` | cumul-release | a relaxed relay of a release flag, an acq-rel fence | 8 | `tests/genmc/pass/litmus/cumul-release.rs` |
//! | `genmc_default` | default | a reader reading twice, two writers | 12 | `tests/genmc/pass/litmus/default.rs` |
//! | `genmc_detour_join` | detour | values carried round three locations, joined | 9 | `tests/genmc/pass/litmus/detour.rs` (join) |
//! | `genmc_detour_no_join` | detour | the same, its threads never joined | 9 | `tests/genmc/pass/litmus/detour.rs` (no_join) |
//! | `genmc_fr_w_w_w_reads` | fr+w+w+w+reads | three writers, a reader reading four times | 210 | `tests/genmc/pass/litmus/fr_w_w_w_reads.rs` |
//! | `genmc_inc2w` | inc2w | two increments and a write | 6 | `tests/genmc/pass/litmus/inc2w.rs` |
//! | `genmc_inc_inc_rr_w_rr` | inc+inc+RR+W+RR | two increments, a write, two readers reading twice | 600 | `tests/genmc/pass/litmus/inc_inc_RR_W_RR.rs` |
//! | `genmc_riwi` | riwi | a read and an increment against an increment and a write | 3 | `tests/genmc/pass/litmus/riwi.rs` |
//! | `genmc_viktor_relseq` | viktor-relseq | six increments of one location in four threads | 180 | `tests/genmc/pass/litmus/viktor-relseq.rs` |
//!
//! The counts are from rust-lang/miri at commit `990706977fb426b5c2d99e074db098de038c3be4`.

#![allow(dead_code)] // each test binary that includes this module uses some of it

use racelab::prelude::*;

/// Every program, with the number of executions GenMC reports for it.
pub const COUNTS: &[(&Scenario, u64)] = &[
    (&CO_2_WR, 4),
    (&W2W2_2SC_SCF, 3),
    (&W2W2_3SC_1REL_RELEASE1, 4),
    (&W2W2_3SC_1REL_RELEASE2, 4),
    (&W2W2_4REL_WEAK, 4),
    (&W2W2_4REL_SC, 3),
    (&W2W2_4SC, 3),
    (&IRIW_ACQ_SC, 16),
    (&IRIWISH, 28),
    (&LB, 3),
    (&LB_INCMPS, 15),
    (&MP, 3),
    (&MPU2_RELS_ACQF, 36),
    (&MPU_RELS_ACQ, 13),
    (&MP_INCMPS, 7),
    (&MP_RELS_ACQF, 4),
    (&SB, 4),
    (&SB_2SC_SCF, 3),
    (&Z6_U_WEAK, 22),
    (&Z6_U_SC, 18),
    (&Z6_ACQ, 7),
    (&ATOMICPO, 4),
    (&CASDEP, 2),
    (&CCR, 2),
    (&CII, 6),
    (&CORR, 6),
    (&CORR0, 4),
    (&CORR1, 36),
    (&CORR2, 72),
    (&CORW, 3),
    (&COWR, 3),
    (&CUMUL_RELEASE, 8),
    (&DEFAULT, 12),
    (&DETOUR_JOIN, 9),
    (&DETOUR_NO_JOIN, 9),
    (&FR_W_W_W_READS, 210),
    (&INC2W, 6),
    (&INC_INC_RR_W_RR, 600),
    (&RIWI, 3),
    (&VIKTOR_RELSEQ, 180),
];

/// One program, one variant, claimed correct; any outcome not declared is Forbidden.
macro_rules! mine {
    ($name:ident, $id:literal, $title:literal, $outcomes:expr, $program:expr) => {
        pub static $name: Scenario = Scenario {
            id: $id,
            title: $title,
            intent: "",
            explanation: "",
            preemption_bound: None,
            variants: &[Variant {
                name: "mine",
                claim: Claim::Correct,
                outcomes: $outcomes,
                otherwise: Forbidden,
                program: $program,
            }],
        };
    };
}

/// The outcomes the original's final check accepts (or the lines it printed), each Acceptable.
macro_rules! accepted {
    ($($id:literal),* $(,)?) => {
        &[$(outcome($id, Acceptable, "accepted by the original's final check")),*]
    };
}

/// The outcome of a program that checks nothing at its end.
pub const FINISHED: &str = "finished";

/// For the originals with no final check: every execution that ends is fine.
const ANY_END: &[Declared] = &[outcome(FINISHED, Acceptable, "no final check: every thread ran to its end")];

fn finished<S, R>(_: &S, _: &[R]) -> Outcome {
    Outcome::label(FINISHED)
}

// ---- the shared locations, each an atomic starting at 0 ----

pub struct X {
    x: AtomicU64,
}

fn x() -> X {
    X { x: AtomicU64::named("x", 0) }
}

pub struct Xy {
    x: AtomicU64,
    y: AtomicU64,
}

fn xy() -> Xy {
    Xy { x: AtomicU64::named("x", 0), y: AtomicU64::named("y", 0) }
}

/// The final `x, y`, read after every thread is joined.
fn final_xy(s: &Xy, order: Ordering) -> Outcome {
    Outcome::values([s.x.load(order) as i64, s.y.load(order) as i64])
}

pub struct Xyz {
    x: AtomicU64,
    y: AtomicU64,
    z: AtomicU64,
}

fn xyz() -> Xyz {
    Xyz { x: AtomicU64::named("x", 0), y: AtomicU64::named("y", 0), z: AtomicU64::named("z", 0) }
}

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

/// The value a compare-exchange read, whether it wrote or not.
fn read(result: Result<u64, u64>) -> i64 {
    match result {
        Ok(v) | Err(v) => v as i64,
    }
}

// ---- 2CoWR ----

mine!(
    CO_2_WR,
    "genmc_2cowr",
    "2CoWR: two readers, two release writers",
    // a (y read), b (x read)
    accepted!["0, 0", "0, 1", "1, 0", "1, 1"],
    &Actors {
        setup: xy,
        actors: &[
            Actor { name: "read_y", run: |s: &Xy| s.y.load(Acquire) as i64 },
            Actor { name: "read_x", run: |s: &Xy| s.x.load(Acquire) as i64 },
            Actor {
                name: "write_x",
                run: |s: &Xy| {
                    s.x.store(1, Release);
                    0
                },
            },
            Actor {
                name: "write_y",
                run: |s: &Xy| {
                    s.y.store(1, Release);
                    0
                },
            },
        ],
        observe: |_, r| Outcome::values([r[0], r[1]]),
    }
);

// ---- 2+2W, five ways ----

mine!(
    W2W2_2SC_SCF,
    "genmc_2w2w_2sc_scf",
    "2+2W: SeqCst stores against relaxed ones around an SC fence",
    ANY_END,
    &Actors {
        setup: xy,
        actors: &[
            Actor {
                name: "t1",
                run: |s: &Xy| {
                    s.x.store(1, SeqCst);
                    s.y.store(2, SeqCst);
                },
            },
            Actor {
                name: "t2",
                run: |s: &Xy| {
                    s.y.store(1, Relaxed);
                    fence(SeqCst);
                    s.x.store(2, Relaxed);
                },
            },
        ],
        observe: finished,
    }
);

/// 2+2W: `t1` stores 1 to x then 2 to y, `t2` 1 to y then 2 to x; each store with its ordering.
macro_rules! two_plus_two_w {
    ($name:ident, $id:literal, $title:literal, $outcomes:expr, [$a:expr, $b:expr, $c:expr, $d:expr], $observe:expr) => {
        mine!(
            $name,
            $id,
            $title,
            $outcomes,
            &Actors {
                setup: xy,
                actors: &[
                    Actor {
                        name: "t1",
                        run: |s: &Xy| {
                            s.x.store(1, $a);
                            s.y.store(2, $b);
                        },
                    },
                    Actor {
                        name: "t2",
                        run: |s: &Xy| {
                            s.y.store(1, $c);
                            s.x.store(2, $d);
                        },
                    },
                ],
                observe: |s, _| final_xy(s, $observe),
            }
        );
    };
}

// The final (x, y) after the join.
two_plus_two_w!(
    W2W2_3SC_1REL_RELEASE1,
    "genmc_2w2w_3sc_1rel_release1",
    "2+2W: SeqCst, but t2's first store Release",
    accepted!["1, 2", "1, 1", "2, 2", "2, 1"],
    [SeqCst, SeqCst, Release, SeqCst],
    Relaxed
);

two_plus_two_w!(
    W2W2_3SC_1REL_RELEASE2,
    "genmc_2w2w_3sc_1rel_release2",
    "2+2W: SeqCst, but t2's second store Release",
    accepted!["1, 2", "1, 1", "2, 2", "2, 1"],
    [SeqCst, SeqCst, SeqCst, Release],
    Relaxed
);

// The original's stores are `Release`, `t2`'s pair first: the same program with the threads named
// the other way round.
two_plus_two_w!(
    W2W2_4REL_WEAK,
    "genmc_2w2w_4rel_weak",
    "2+2W: four release stores",
    accepted!["1, 2", "1, 1", "2, 2", "2, 1"],
    [Release, Release, Release, Release],
    Relaxed
);

// GenMC under sequential consistency: every access SeqCst.
two_plus_two_w!(
    W2W2_4REL_SC,
    "genmc_2w2w_4rel_sc",
    "2+2W under sequential consistency",
    accepted!["1, 2", "1, 1", "2, 2", "2, 1"],
    [SeqCst, SeqCst, SeqCst, SeqCst],
    SeqCst
);

two_plus_two_w!(
    W2W2_4SC,
    "genmc_2w2w_4sc",
    "2+2W: four SeqCst stores",
    accepted!["2, 1", "2, 2", "1, 2"],
    [SeqCst, SeqCst, SeqCst, SeqCst],
    Relaxed
);

// ---- IRIW ----

mine!(
    IRIW_ACQ_SC,
    "genmc_iriw_acq_sc",
    "IRIW: SeqCst writes, acquire then SeqCst reads",
    // a (x in r1), b (y in r2), c (x in r2)
    accepted!["0, 0, 0", "0, 0, 1", "0, 1, 0", "0, 1, 1", "1, 0, 0", "1, 0, 1", "1, 1, 0", "1, 1, 1"],
    &Actors {
        setup: xy,
        actors: &[
            Actor {
                name: "write_x",
                run: |s: &Xy| {
                    s.x.store(1, SeqCst);
                    (0, 0)
                },
            },
            Actor {
                name: "r1",
                run: |s: &Xy| {
                    let a = s.x.load(Acquire) as i64;
                    s.y.load(SeqCst);
                    (a, 0)
                },
            },
            Actor { name: "r2", run: |s: &Xy| (s.y.load(Acquire) as i64, s.x.load(SeqCst) as i64) },
            Actor {
                name: "write_y",
                run: |s: &Xy| {
                    s.y.store(1, SeqCst);
                    (0, 0)
                },
            },
        ],
        observe: |_, r: &[(i64, i64)]| Outcome::values([r[1].0, r[2].0, r[2].1]),
    }
);

// The original prints its five reads; the outcomes are the lines it printed. Here: what `relay`
// read (and wrote to y), then each reader's two reads as one number, 10 * first + second.
mine!(
    IRIWISH,
    "genmc_iriwish",
    "IRIWish: a relayed write, two readers with acq-rel fences",
    accepted![
        "0, 0, 0",
        "0, 0, 1",
        "0, 10, 0",
        "0, 10, 1",
        "1, 0, 0",
        "1, 0, 1",
        "1, 0, 11",
        "1, 1, 0",
        "1, 1, 1",
        "1, 1, 11",
        "1, 10, 0",
        "1, 10, 1",
        "1, 10, 11",
        "1, 11, 0",
        "1, 11, 1",
        "1, 11, 11",
    ],
    &Actors {
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
    }
);

// ---- load buffering ----

mine!(
    LB,
    "genmc_lb",
    "LB: load buffering, release/acquire",
    // a (y read), b (x read)
    accepted!["0, 0", "0, 2", "1, 0"],
    &Actors {
        setup: xy,
        actors: &[
            Actor {
                name: "t1",
                run: |s: &Xy| {
                    let a = s.y.load(Acquire) as i64;
                    s.x.store(2, Release);
                    a
                },
            },
            Actor {
                name: "t2",
                run: |s: &Xy| {
                    let b = s.x.load(Acquire) as i64;
                    s.y.store(1, Release);
                    b
                },
            },
        ],
        observe: |_, r| Outcome::values([r[0], r[1]]),
    }
);

mine!(
    LB_INCMPS,
    "genmc_lb_incmps",
    "LB+incMPs: load buffering through acq-rel increments",
    ANY_END,
    &Actors {
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
    }
);

// ---- message passing ----

mine!(
    MP,
    "genmc_mp",
    "MP: message passing, release/acquire",
    // a (y read), b (x read)
    accepted!["0, 0", "0, 1", "1, 1"],
    &Actors {
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
    }
);

/// x, then a release write of 0 to y and a relaxed write of 1 after it: the sender of the MPU
/// tests.
fn send_then_relaxed_flag(s: &Xy) -> i64 {
    s.x.store(1, Relaxed);
    s.y.store(0, Release);
    s.y.store(1, Relaxed);
    0
}

// The original prints the final x and y and what each thread read; the outcomes are the lines it
// printed. Here: x, y, then what the two compare-exchanges read as one number (10 * the first's
// + the second's), then what the acquire load read.
mine!(
    MPU2_RELS_ACQF,
    "genmc_mpu2_rels_acqf",
    "MPU2+rels+acqf: message passing through two compare-exchanges and an acquire fence",
    accepted![
        "1, 1, 0, 0",
        "1, 1, 0, 1",
        "1, 1, 10, 0",
        "1, 1, 10, 1",
        "1, 2, 1, 0",
        "1, 2, 1, 1",
        "1, 2, 1, 2",
        "1, 2, 11, 0",
        "1, 2, 11, 1",
        "1, 2, 11, 2",
        "1, 3, 21, 0",
        "1, 3, 21, 1",
        "1, 3, 21, 2",
        "1, 3, 21, 3",
        "2, 3, 21, 3",
    ],
    &Actors {
        setup: xy,
        actors: &[
            Actor { name: "sender", run: send_then_relaxed_flag },
            Actor { name: "cas_2_to_3", run: |s: &Xy| read(s.y.compare_exchange(2, 3, Relaxed, Relaxed)) },
            Actor { name: "cas_1_to_2", run: |s: &Xy| read(s.y.compare_exchange(1, 2, Relaxed, Relaxed)) },
            Actor {
                name: "receiver",
                run: |s: &Xy| {
                    let c = s.y.load(Acquire);
                    if c > 2 {
                        fence(Acquire);
                        s.x.store(2, Relaxed);
                    }
                    c as i64
                },
            },
        ],
        observe: |s, r| {
            Outcome::values([s.x.load(Relaxed) as i64, s.y.load(Relaxed) as i64, 10 * r[1] + r[2], r[3]])
        },
    }
);

mine!(
    MPU_RELS_ACQ,
    "genmc_mpu_rels_acq",
    "MPU+rels+acq: message passing through an increment",
    ANY_END,
    &Actors {
        setup: xy,
        actors: &[
            Actor { name: "sender", run: send_then_relaxed_flag },
            Actor {
                name: "increment",
                run: |s: &Xy| {
                    s.y.fetch_add(1, Relaxed);
                    0
                },
            },
            Actor {
                name: "receiver",
                run: |s: &Xy| {
                    if s.y.load(Acquire) > 1 {
                        s.x.store(2, Relaxed);
                    }
                    0
                },
            },
        ],
        observe: finished,
    }
);

mine!(
    MP_INCMPS,
    "genmc_mp_incmps",
    "MP+incMPs: message passing through acq-rel increments",
    ANY_END,
    &Actors {
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
    }
);

mine!(
    MP_RELS_ACQF,
    "genmc_mp_rels_acqf",
    "MP+rels+acqf: a relaxed flag after a release store, an acquire fence",
    ANY_END,
    &Actors {
        setup: xy,
        actors: &[
            Actor { name: "sender", run: send_then_relaxed_flag },
            Actor {
                name: "receiver",
                run: |s: &Xy| {
                    if s.y.load(Relaxed) != 0 {
                        fence(Acquire);
                        s.x.load(Relaxed);
                    }
                    0
                },
            },
        ],
        observe: finished,
    }
);

// ---- store buffering ----

mine!(
    SB,
    "genmc_sb",
    "SB: store buffering, release/acquire",
    // a (y read), b (x read)
    accepted!["0, 0", "0, 1", "1, 0", "1, 1"],
    &Actors {
        setup: xy,
        actors: &[
            Actor {
                name: "t1",
                run: |s: &Xy| {
                    s.x.store(1, Release);
                    s.y.load(Acquire) as i64
                },
            },
            Actor {
                name: "t2",
                run: |s: &Xy| {
                    s.y.store(1, Release);
                    s.x.load(Acquire) as i64
                },
            },
        ],
        observe: |_, r| Outcome::values([r[0], r[1]]),
    }
);

mine!(
    SB_2SC_SCF,
    "genmc_sb_2sc_scf",
    "SB+2sc+scf: SeqCst store and load against relaxed ones around an SC fence",
    ANY_END,
    &Actors {
        setup: xy,
        actors: &[
            Actor {
                name: "t1",
                run: |s: &Xy| {
                    s.x.store(1, SeqCst);
                    s.y.load(SeqCst);
                },
            },
            Actor {
                name: "t2",
                run: |s: &Xy| {
                    s.y.store(1, Relaxed);
                    fence(SeqCst);
                    s.x.load(Relaxed);
                },
            },
        ],
        observe: finished,
    }
);

// ---- Z6 ----

/// Z6.U with its orderings: `t1` writes x then y, `t2` increments y then reads it, `t3` writes y
/// and reads x.
macro_rules! z6_u {
    ($name:ident, $id:literal, $title:literal, $outcomes:expr, [$x1:expr, $y1:expr, $inc:expr, $a:expr, $y3:expr, $b:expr], $observe:expr) => {
        // The original prints what t2 and t3 read and the final x and y; the outcomes are the
        // lines it printed: a, b, x, y.
        mine!(
            $name,
            $id,
            $title,
            $outcomes,
            &Actors {
                setup: xy,
                actors: &[
                    Actor {
                        name: "t1",
                        run: |s: &Xy| {
                            s.x.store(1, $x1);
                            s.y.store(1, $y1);
                            0
                        },
                    },
                    Actor {
                        name: "t2",
                        run: |s: &Xy| {
                            s.y.fetch_add(1, $inc);
                            s.y.load($a) as i64
                        },
                    },
                    Actor {
                        name: "t3",
                        run: |s: &Xy| {
                            s.y.store(3, $y3);
                            s.x.load($b) as i64
                        },
                    },
                ],
                observe: |s, r| {
                    Outcome::values([r[1], r[2], s.x.load($observe) as i64, s.y.load($observe) as i64])
                },
            }
        );
    };
}

z6_u!(
    Z6_U_WEAK,
    "genmc_z6_u_weak",
    "Z6.U: an increment between two writes of y",
    accepted![
        "1, 0, 1, 1",
        "1, 0, 1, 3",
        "1, 1, 1, 1",
        "1, 1, 1, 3",
        "2, 0, 1, 2",
        "2, 1, 1, 2",
        "2, 1, 1, 3",
        "3, 0, 1, 1",
        "3, 0, 1, 3",
        "3, 1, 1, 1",
        "3, 1, 1, 3",
        "4, 0, 1, 1",
        "4, 0, 1, 4",
        "4, 1, 1, 1",
        "4, 1, 1, 4",
    ],
    [SeqCst, Release, SeqCst, Relaxed, SeqCst, SeqCst],
    Relaxed
);

// GenMC under sequential consistency: every access SeqCst.
z6_u!(
    Z6_U_SC,
    "genmc_z6_u_sc",
    "Z6.U under sequential consistency",
    accepted![
        "1, 0, 1, 1",
        "1, 1, 1, 1",
        "1, 1, 1, 3",
        "2, 0, 1, 2",
        "2, 1, 1, 2",
        "2, 1, 1, 3",
        "3, 0, 1, 1",
        "3, 1, 1, 1",
        "3, 1, 1, 3",
        "4, 0, 1, 1",
        "4, 1, 1, 1",
        "4, 1, 1, 4",
    ],
    [SeqCst, SeqCst, SeqCst, SeqCst, SeqCst, SeqCst],
    SeqCst
);

mine!(
    Z6_ACQ,
    "genmc_z6_acq",
    "Z6+acq: a cycle of three threads, two SC fences",
    ANY_END,
    &Actors {
        setup: xyz,
        actors: &[
            Actor {
                name: "t1",
                run: |s: &Xyz| {
                    s.x.store(1, Relaxed);
                    fence(SeqCst);
                    s.y.store(1, Relaxed);
                },
            },
            Actor {
                name: "t2",
                run: |s: &Xyz| {
                    s.y.load(Acquire);
                    s.z.store(1, Relaxed);
                },
            },
            Actor {
                name: "t3",
                run: |s: &Xyz| {
                    s.z.store(2, Relaxed);
                    fence(SeqCst);
                    s.x.load(Relaxed);
                },
            },
        ],
        observe: finished,
    }
);

// ---- read-modify-writes ----

mine!(
    ATOMICPO,
    "genmc_atomicpo",
    "atomicpo: two stores around an acq-rel fence, two swaps",
    ANY_END,
    &Actors {
        setup: xy,
        actors: &[
            Actor {
                name: "t1",
                run: |s: &Xy| {
                    s.x.store(1, Relaxed);
                    fence(AcqRel);
                    s.y.store(1, Relaxed);
                },
            },
            Actor {
                name: "t2",
                run: |s: &Xy| {
                    s.y.swap(1, Relaxed);
                    s.x.swap(1, Relaxed);
                },
            },
        ],
        observe: finished,
    }
);

mine!(
    CASDEP,
    "genmc_casdep",
    "casdep: a compare-exchange expecting the value just read",
    ANY_END,
    &Actors {
        setup: xyz,
        actors: &[
            Actor {
                name: "t1",
                run: |s: &Xyz| {
                    let a = s.x.load(Relaxed);
                    let _ = s.y.compare_exchange(a, 1, Relaxed, Relaxed);
                    s.z.store(a, Relaxed);
                },
            },
            Actor { name: "t2", run: |s: &Xyz| s.y.store(2, Relaxed) },
        ],
        observe: finished,
    }
);

mine!(
    CCR,
    "genmc_ccr",
    "ccr: two compare-exchanges from 0, one then reads",
    ANY_END,
    &Actors {
        setup: x,
        actors: &[
            Actor {
                name: "t1",
                run: |s: &X| {
                    let _ = s.x.compare_exchange(0, 42, Relaxed, Relaxed);
                },
            },
            Actor {
                name: "t2",
                run: |s: &X| {
                    let _ = s.x.compare_exchange(0, 17, Relaxed, Relaxed);
                    s.x.load(Relaxed);
                },
            },
        ],
        observe: finished,
    }
);

mine!(
    CII,
    "genmc_cii",
    "cii: a compare-exchange against two increments",
    ANY_END,
    &Actors {
        setup: x,
        actors: &[
            Actor {
                name: "cas_1_to_2",
                run: |s: &X| {
                    let _ = s.x.compare_exchange(1, 2, Relaxed, Relaxed);
                },
            },
            Actor {
                name: "inc1",
                run: |s: &X| {
                    s.x.fetch_add(1, Relaxed);
                },
            },
            Actor {
                name: "inc2",
                run: |s: &X| {
                    s.x.fetch_add(1, Relaxed);
                },
            },
        ],
        observe: finished,
    }
);

// ---- coherence ----

mine!(
    CORR,
    "genmc_corr",
    "CoRR: two reads of one thread's two writes",
    // a, b: the two reads
    accepted!["0, 0", "0, 1", "0, 2", "1, 1", "1, 2", "2, 2"],
    &Actors {
        setup: x,
        actors: &[
            Actor {
                name: "writer",
                run: |s: &X| {
                    s.x.store(1, Release);
                    s.x.store(2, Release);
                    (0, 0)
                },
            },
            Actor { name: "reader", run: |s: &X| (s.x.load(Acquire) as i64, s.x.load(Acquire) as i64) },
        ],
        observe: |_, r: &[(i64, i64)]| Outcome::values([r[1].0, r[1].1]),
    }
);

mine!(
    CORR0,
    "genmc_corr0",
    "CoRR0: two readers of one write",
    // a, b: the two readers
    accepted!["0, 0", "0, 1", "1, 0", "1, 1"],
    &Actors {
        setup: x,
        actors: &[
            Actor {
                name: "writer",
                run: |s: &X| {
                    s.x.store(1, Release);
                    0
                },
            },
            Actor { name: "reader1", run: |s: &X| s.x.load(Acquire) as i64 },
            Actor { name: "reader2", run: |s: &X| s.x.load(Acquire) as i64 },
        ],
        observe: |_, r| Outcome::values([r[1], r[2]]),
    }
);

/// What a check of reads applied by the observer calls an execution that passes it.
pub const COHERENT: &str = "coherent";

const COHERENT_ONLY: &[Declared] = &[outcome(
    COHERENT,
    Acceptable,
    "passes the original's final check; a failing execution shows its values",
)];

/// The release writers of 1 and of 2 to x, for the coherence tests.
fn write1(s: &X) -> (i64, i64) {
    s.x.store(1, Release);
    (0, 0)
}

fn write2(s: &X) -> (i64, i64) {
    s.x.store(2, Release);
    (0, 0)
}

fn read_twice(s: &X) -> (i64, i64) {
    (s.x.load(Acquire) as i64, s.x.load(Acquire) as i64)
}

/// Only 0, 1 and 2 are read, and a read after one that saw a write cannot see 0 again.
fn coherent_pair((a, b): (i64, i64)) -> bool {
    (0..=2).contains(&a) && (0..=2).contains(&b) && !(a != 0 && b == 0)
}

mine!(
    CORR1,
    "genmc_corr1",
    "CoRR1: two writers, a reader reading twice, a reader reading once",
    COHERENT_ONLY,
    &Actors {
        setup: x,
        actors: &[
            Actor { name: "write1", run: write1 },
            Actor { name: "write2", run: write2 },
            Actor { name: "read_twice", run: read_twice },
            Actor { name: "read_once", run: |s: &X| (s.x.load(Acquire) as i64, 0) },
        ],
        observe: |_, r: &[(i64, i64)]| {
            let ((a, b), c) = (r[2], r[3].0);
            if coherent_pair((a, b)) && (0..=2).contains(&c) {
                Outcome::label(COHERENT)
            } else {
                Outcome::values([a, b, c])
            }
        },
    }
);

mine!(
    CORR2,
    "genmc_corr2",
    "CoRR2: two writers, two readers reading twice",
    COHERENT_ONLY,
    &Actors {
        setup: x,
        actors: &[
            Actor { name: "write1", run: write1 },
            Actor { name: "write2", run: write2 },
            Actor { name: "reader1", run: read_twice },
            Actor { name: "reader2", run: read_twice },
        ],
        observe: |_, r: &[(i64, i64)]| {
            let (first, second) = (r[2], r[3]);
            // Neither reader goes back to 0, and they do not see the two writes in opposite orders.
            let opposite = matches!((first, second), ((1, 2), (2, 1)) | ((2, 1), (1, 2)));
            if coherent_pair(first) && coherent_pair(second) && !opposite {
                Outcome::label(COHERENT)
            } else {
                Outcome::values([first.0, first.1, second.0, second.1])
            }
        },
    }
);

mine!(
    CORW,
    "genmc_corw",
    "CoRW: a read then a write, against a write",
    // a: the read, never its own thread's later write
    accepted!["0", "2"],
    &Actors {
        setup: x,
        actors: &[
            Actor {
                name: "t1",
                run: |s: &X| {
                    let a = s.x.load(Acquire) as i64;
                    s.x.store(1, Release);
                    a
                },
            },
            Actor {
                name: "t2",
                run: |s: &X| {
                    s.x.store(2, Release);
                    0
                },
            },
        ],
        observe: |_, r| Outcome::value(r[0]),
    }
);

mine!(
    COWR,
    "genmc_cowr",
    "CoWR: a write then a read, against a write",
    // a: the read, never older than its own thread's write
    accepted!["1", "2"],
    &Actors {
        setup: x,
        actors: &[
            Actor {
                name: "t1",
                run: |s: &X| {
                    s.x.store(1, Release);
                    s.x.load(Acquire) as i64
                },
            },
            Actor {
                name: "t2",
                run: |s: &X| {
                    s.x.store(2, Release);
                    0
                },
            },
        ],
        observe: |_, r| Outcome::value(r[0]),
    }
);

mine!(
    CUMUL_RELEASE,
    "genmc_cumul_release",
    "cumul-release: a relaxed relay of a release flag, an acq-rel fence",
    // a (the relay's read of y), b (z read), c (x read)
    accepted!["0, 0, 0", "0, 0, 1", "1, 0, 0", "1, 0, 1", "1, 1, 0", "1, 1, 1"],
    &Actors {
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
    }
);

mine!(
    DEFAULT,
    "genmc_default",
    "default: a reader reading twice, two writers",
    // a, b: the two reads
    accepted!["0, 0", "0, 1", "0, 2", "1, 1", "1, 2", "2, 1", "2, 2"],
    &Actors {
        setup: x,
        actors: &[
            Actor { name: "reader", run: read_twice },
            Actor { name: "write1", run: write1 },
            Actor { name: "write2", run: write2 },
        ],
        observe: |_, r: &[(i64, i64)]| Outcome::values([r[0].0, r[0].1]),
    }
);

// ---- detour ----

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

mine!(
    DETOUR_JOIN,
    "genmc_detour_join",
    "detour: values carried round three locations",
    // A, B, C
    accepted!["0, 1, 0", "0, -1, 0", "0, 1, 1", "0, -1, -1"],
    &Actors {
        setup: detour,
        actors: &[
            Actor { name: "t1", run: detour_write_x },
            Actor { name: "t2", run: detour_through_x },
            Actor { name: "t3", run: detour_back_to_z },
        ],
        observe: |_, r: &[(i64, i64)]| Outcome::values([r[1].0, r[1].1, r[2].0]),
    }
);

/// The same three threads, spawned and never joined: the program ends without waiting for them.
fn detour_unjoined() -> Outcome {
    let state = Arc::new(detour());
    for run in [detour_write_x, detour_through_x, detour_back_to_z] {
        let state = state.clone();
        drop(thread::spawn(move || run(&state)));
    }
    Outcome::label(FINISHED)
}

mine!(
    DETOUR_NO_JOIN,
    "genmc_detour_no_join",
    "detour: the threads never joined",
    ANY_END,
    &Body { threads: &["t1", "t2", "t3"], run: detour_unjoined }
);

// ---- many reads, many writes ----

mine!(
    FR_W_W_W_READS,
    "genmc_fr_w_w_w_reads",
    "fr+w+w+w+reads: three writers, a reader reading four times",
    COHERENT_ONLY,
    &Actors {
        setup: x,
        actors: &[
            Actor {
                name: "write1",
                run: |s: &X| {
                    s.x.store(1, Relaxed);
                    [0; 4]
                },
            },
            Actor {
                name: "write2",
                run: |s: &X| {
                    s.x.store(2, Relaxed);
                    [0; 4]
                },
            },
            Actor {
                name: "write3",
                run: |s: &X| {
                    s.x.store(3, Relaxed);
                    [0; 4]
                },
            },
            // Four loads, each its own line as in the original (a loop of one load would be a
            // spin loop to rc11: see `rc11::run::SPIN_BOUND`).
            Actor {
                name: "reader",
                run: |s: &X| {
                    let first = s.x.load(Relaxed) as i64;
                    let second = s.x.load(Relaxed) as i64;
                    let third = s.x.load(Relaxed) as i64;
                    let fourth = s.x.load(Relaxed) as i64;
                    [first, second, third, fourth]
                },
            },
        ],
        // Every read is one of the values written.
        observe: |_, r: &[[i64; 4]]| {
            if r[3].iter().all(|v| (0..=3).contains(v)) {
                Outcome::label(COHERENT)
            } else {
                Outcome::values(r[3])
            }
        },
    }
);

mine!(
    INC2W,
    "genmc_inc2w",
    "inc2w: two increments and a write",
    // the final x
    accepted!["4", "5", "6", "7"],
    &Actors {
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
    }
);

mine!(
    INC_INC_RR_W_RR,
    "genmc_inc_inc_rr_w_rr",
    "inc+inc+RR+W+RR: two increments, a write, two readers reading twice",
    COHERENT_ONLY,
    &Actors {
        setup: x,
        actors: &[
            Actor {
                name: "inc1",
                run: |s: &X| {
                    s.x.fetch_add(1, Relaxed);
                    (0, 0)
                },
            },
            Actor {
                name: "inc2",
                run: |s: &X| {
                    s.x.fetch_add(1, Relaxed);
                    (0, 0)
                },
            },
            Actor { name: "reader1", run: |s: &X| (s.x.load(Relaxed) as i64, s.x.load(Relaxed) as i64) },
            Actor {
                name: "write42",
                run: |s: &X| {
                    s.x.store(42, Relaxed);
                    (0, 0)
                },
            },
            Actor { name: "reader2", run: |s: &X| (s.x.load(Relaxed) as i64, s.x.load(Relaxed) as i64) },
        ],
        // The one combination the original rejects: A, B = 42, 2 and C, D = 1, 42.
        observe: |_, r: &[(i64, i64)]| {
            let ((a, b), (c, d)) = (r[2], r[4]);
            if (a, b, c, d) == (42, 2, 1, 42) {
                Outcome::values([a, b, c, d])
            } else {
                Outcome::label(COHERENT)
            }
        },
    }
);

mine!(
    RIWI,
    "genmc_riwi",
    "riwi: a read and an increment against an increment and a release write",
    ANY_END,
    &Actors {
        setup: xy,
        actors: &[
            Actor {
                name: "t1",
                run: |s: &Xy| {
                    s.y.load(Relaxed);
                    s.x.fetch_add(1, Relaxed);
                },
            },
            Actor {
                name: "t2",
                run: |s: &Xy| {
                    s.x.fetch_add(1, Relaxed);
                    s.y.store(1, Release);
                },
            },
        ],
        observe: finished,
    }
);

mine!(
    VIKTOR_RELSEQ,
    "genmc_viktor_relseq",
    "viktor-relseq: six increments of one location in four threads",
    ANY_END,
    &Actors {
        setup: x,
        actors: &[
            Actor {
                name: "t1",
                run: |s: &X| {
                    s.x.fetch_add(1, Acquire);
                    s.x.fetch_add(1, Relaxed);
                },
            },
            Actor {
                name: "t2",
                run: |s: &X| {
                    s.x.fetch_add(1, Relaxed);
                    s.x.fetch_add(1, Relaxed);
                },
            },
            Actor {
                name: "t3",
                run: |s: &X| {
                    s.x.fetch_add(1, Release);
                },
            },
            Actor {
                name: "t4",
                run: |s: &X| {
                    s.x.fetch_add(1, Relaxed);
                },
            },
        ],
        observe: finished,
    }
);
