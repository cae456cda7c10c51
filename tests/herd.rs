//! rc11 against herd7 under herdtools7's `rc11.cat`, two ways:
//! - the classic litmus shapes with each family of orderings, typed in: for every program, whether
//!   its weak outcome is reachable in some RC11-consistent execution ("Sometimes") or in none
//!   ("Never"). herd7's answers for SB, MP, LB, IRIW, 2+2W and Dekker come from running herd7
//!   7.57 with `rc11.cat` on the C litmus files of these shapes (the table below holds what it
//!   answered); WRC, ISA2, R and S follow the same model (causality through release/acquire, and
//!   `SeqCst`'s total order), as the RC11 paper's examples show;
//! - the corpus (`herd/corpus.txt`): hand-written and generated programs, each with every final
//!   state herd7 lists and its number of consistent executions, as herd7 answered when the corpus
//!   was made (`regenerate_corpus`, ignored: it needs herd7). rc11 must reach exactly those
//!   outcomes and count exactly those executions, program by program, without herd7.

#[path = "herd/corpus.rs"]
mod corpus;
#[path = "herd/generate.rs"]
mod generate;
#[path = "herd/litmus.rs"]
mod litmus;
#[path = "herd/regenerate.rs"]
mod regenerate;

use std::collections::BTreeSet;

use racelab::backend::rc11::{Rc11Config, explore};
use racelab::model::program::Program;
use racelab::prelude::*;

use corpus::{CPP20_RS, GENMC_PSC, RC11, Record};
use litmus::Litmus;

const SOMETIMES: bool = true;
const NEVER: bool = false;

/// Three locations, enough for every shape here.
struct M {
    x: AtomicUsize,
    y: AtomicUsize,
    z: AtomicUsize,
}

fn m() -> M {
    M { x: AtomicUsize::named("x", 0), y: AtomicUsize::named("y", 0), z: AtomicUsize::named("z", 0) }
}

/// Each actor returns its reads packed as decimal digits, first read first.
fn results(_: &M, r: &[u64]) -> Outcome {
    match r.len() {
        2 => Outcome::values([r[0] as i64, r[1] as i64]),
        3 => Outcome::values([r[0] as i64, r[1] as i64, r[2] as i64]),
        _ => Outcome::values([r[0] as i64, r[1] as i64, r[2] as i64, r[3] as i64]),
    }
}

/// The actors' results, then the final values of x and y (read once every actor is joined).
fn results_and_finals(m: &M, r: &[u64]) -> Outcome {
    Outcome::values([r[0] as i64, r[1] as i64, m.x.load(Relaxed) as i64, m.y.load(Relaxed) as i64])
}

fn two(a: u64, b: u64) -> u64 {
    10 * a + b
}

/// One program: `$name` with actors `$a` (closures over `&M`) and observer `$observe`.
macro_rules! program {
    ($name:ident, $observe:expr, [$($a:expr),+ $(,)?]) => {
        static $name: Actors<M, u64> = Actors {
            setup: m,
            actors: &[$(Actor { name: "t", run: $a }),+],
            observe: $observe,
        };
    };
}

// SB: x=1; r1=y || y=1; r2=x. Weak: r1 = r2 = 0.
macro_rules! sb {
    ($name:ident, $w:expr, $r:expr, $fence:expr) => {
        program!(
            $name,
            results,
            [
                |m: &M| {
                    m.x.store(1, $w);
                    if let Some(f) = $fence {
                        fence(f)
                    }
                    m.y.load($r) as u64
                },
                |m: &M| {
                    m.y.store(1, $w);
                    if let Some(f) = $fence {
                        fence(f)
                    }
                    m.x.load($r) as u64
                },
            ]
        );
    };
}
sb!(SB_RLX, Relaxed, Relaxed, None::<Ordering>);
sb!(SB_REL_ACQ, Release, Acquire, None::<Ordering>);
sb!(SB_SC, SeqCst, SeqCst, None::<Ordering>);
sb!(DEKKER_SC_FENCES, Relaxed, Relaxed, Some(SeqCst));
sb!(DEKKER_ACQREL_FENCES, Relaxed, Relaxed, Some(AcqRel));

// MP: x=1; y=1 || r1=y; r2=x. Weak: r1 = 1, r2 = 0.
macro_rules! mp {
    ($name:ident, $wx:expr, $wy:expr, $ry:expr, $rx:expr, $fence:expr) => {
        program!(
            $name,
            results,
            [
                |m: &M| {
                    m.x.store(1, $wx);
                    if let Some(f) = $fence {
                        fence(f)
                    }
                    m.y.store(1, $wy);
                    0
                },
                |m: &M| {
                    let a = m.y.load($ry) as u64;
                    if let Some(f) = $fence {
                        fence(f)
                    }
                    two(a, m.x.load($rx) as u64)
                },
            ]
        );
    };
}
mp!(MP_RLX, Relaxed, Relaxed, Relaxed, Relaxed, None::<Ordering>);
mp!(MP_REL_ACQ, Relaxed, Release, Acquire, Relaxed, None::<Ordering>);
mp!(MP_FENCES, Relaxed, Relaxed, Relaxed, Relaxed, Some(AcqRel));
mp!(MP_SC, SeqCst, SeqCst, SeqCst, SeqCst, None::<Ordering>);

// LB: r1=x; y=1 || r2=y; x=1. Weak: r1 = r2 = 1.
macro_rules! lb {
    ($name:ident, $r:expr, $w:expr) => {
        program!(
            $name,
            results,
            [
                |m: &M| {
                    let a = m.x.load($r) as u64;
                    m.y.store(1, $w);
                    a
                },
                |m: &M| {
                    let a = m.y.load($r) as u64;
                    m.x.store(1, $w);
                    a
                },
            ]
        );
    };
}
lb!(LB_RLX, Relaxed, Relaxed);
lb!(LB_ACQ_REL, Acquire, Release);

// IRIW: x=1 || y=1 || r1=x; r2=y || r3=y; r4=x. Weak: readers see the writes in two orders.
macro_rules! iriw {
    ($name:ident, $w:expr, $first:expr, $second:expr, $fence:expr) => {
        program!(
            $name,
            results,
            [
                |m: &M| {
                    m.x.store(1, $w);
                    0
                },
                |m: &M| {
                    m.y.store(1, $w);
                    0
                },
                |m: &M| {
                    let a = m.x.load($first) as u64;
                    if let Some(f) = $fence {
                        fence(f)
                    }
                    two(a, m.y.load($second) as u64)
                },
                |m: &M| {
                    let a = m.y.load($first) as u64;
                    if let Some(f) = $fence {
                        fence(f)
                    }
                    two(a, m.x.load($second) as u64)
                },
            ]
        );
    };
}
iriw!(IRIW_RLX, Relaxed, Relaxed, Relaxed, None::<Ordering>);
iriw!(IRIW_REL_ACQ, Release, Acquire, Acquire, None::<Ordering>);
iriw!(IRIW_ACQ_SC, SeqCst, Acquire, SeqCst, None::<Ordering>);
iriw!(IRIW_SC, SeqCst, SeqCst, SeqCst, None::<Ordering>);
iriw!(IRIW_SC_FENCES, Relaxed, Relaxed, Relaxed, Some(SeqCst));

// 2+2W: x=1; y=2 || y=1; x=2. Weak: finally x = 1 and y = 1.
macro_rules! two_plus_two_w {
    ($name:ident, $w:expr) => {
        program!(
            $name,
            results_and_finals,
            [
                |m: &M| {
                    m.x.store(1, $w);
                    m.y.store(2, $w);
                    0
                },
                |m: &M| {
                    m.y.store(1, $w);
                    m.x.store(2, $w);
                    0
                },
            ]
        );
    };
}
two_plus_two_w!(W2_RLX, Relaxed);
two_plus_two_w!(W2_REL, Release);
two_plus_two_w!(W2_SC, SeqCst);

// WRC: x=1 || r1=x; y=1 || r2=y; r3=x. Weak: r1 = 1, r2 = 1, r3 = 0.
macro_rules! wrc {
    ($name:ident, $w:expr, $r:expr) => {
        program!(
            $name,
            results,
            [
                |m: &M| {
                    m.x.store(1, $w);
                    0
                },
                |m: &M| {
                    let a = m.x.load($r) as u64;
                    m.y.store(1, $w);
                    a
                },
                |m: &M| {
                    let a = m.y.load($r) as u64;
                    two(a, m.x.load($r) as u64)
                },
            ]
        );
    };
}
wrc!(WRC_RLX, Relaxed, Relaxed);
wrc!(WRC_REL_ACQ, Release, Acquire);
wrc!(WRC_SC, SeqCst, SeqCst);

// ISA2: x=1; y=1 || r1=y; z=1 || r2=z; r3=x. Weak: r1 = 1, r2 = 1, r3 = 0.
macro_rules! isa2 {
    ($name:ident, $w:expr, $r:expr) => {
        program!(
            $name,
            results,
            [
                |m: &M| {
                    m.x.store(1, $w);
                    m.y.store(1, $w);
                    0
                },
                |m: &M| {
                    let a = m.y.load($r) as u64;
                    m.z.store(1, $w);
                    a
                },
                |m: &M| {
                    let a = m.z.load($r) as u64;
                    two(a, m.x.load($r) as u64)
                },
            ]
        );
    };
}
isa2!(ISA2_RLX, Relaxed, Relaxed);
isa2!(ISA2_REL_ACQ, Release, Acquire);

// R: x=1; y=1 || y=2; r1=x. Weak: finally y = 2 (the second thread's store last) and r1 = 0.
macro_rules! r_shape {
    ($name:ident, $w:expr, $r:expr, $fence:expr) => {
        program!(
            $name,
            results_and_finals,
            [
                |m: &M| {
                    m.x.store(1, $w);
                    if let Some(f) = $fence {
                        fence(f)
                    }
                    m.y.store(1, $w);
                    0
                },
                |m: &M| {
                    m.y.store(2, $w);
                    if let Some(f) = $fence {
                        fence(f)
                    }
                    m.x.load($r) as u64
                },
            ]
        );
    };
}
r_shape!(R_RLX, Relaxed, Relaxed, None::<Ordering>);
r_shape!(R_REL_ACQ, Release, Acquire, None::<Ordering>);
r_shape!(R_SC, SeqCst, SeqCst, None::<Ordering>);
r_shape!(R_SC_FENCES, Relaxed, Relaxed, Some(SeqCst));

// S: x=2; y=1 || r1=y; x=1. Weak: r1 = 1 and finally x = 2.
macro_rules! s_shape {
    ($name:ident, $w:expr, $r:expr) => {
        program!(
            $name,
            results_and_finals,
            [
                |m: &M| {
                    m.x.store(2, $w);
                    m.y.store(1, $w);
                    0
                },
                |m: &M| {
                    let a = m.y.load($r) as u64;
                    m.x.store(1, $w);
                    a
                },
            ]
        );
    };
}
s_shape!(S_RLX, Relaxed, Relaxed);
s_shape!(S_REL_ACQ, Release, Acquire);

/// Every program: its name, the program, its weak outcome, and herd7's verdict on it.
const TABLE: &[(&str, &dyn Program, &str, bool)] = &[
    ("SB+rlx", &SB_RLX, "0, 0", SOMETIMES),
    ("SB+rel+acq", &SB_REL_ACQ, "0, 0", SOMETIMES),
    ("SB+sc", &SB_SC, "0, 0", NEVER),
    ("Dekker+rlx+sc-fences", &DEKKER_SC_FENCES, "0, 0", NEVER),
    ("Dekker+rlx+acqrel-fences", &DEKKER_ACQREL_FENCES, "0, 0", SOMETIMES),
    ("MP+rlx", &MP_RLX, "0, 10", SOMETIMES),
    ("MP+rel+acq", &MP_REL_ACQ, "0, 10", NEVER),
    ("MP+rlx+acqrel-fences", &MP_FENCES, "0, 10", NEVER),
    ("MP+sc", &MP_SC, "0, 10", NEVER),
    ("LB+rlx", &LB_RLX, "1, 1", NEVER),
    ("LB+acq+rel", &LB_ACQ_REL, "1, 1", NEVER),
    ("IRIW+rlx", &IRIW_RLX, "0, 0, 10, 10", SOMETIMES),
    ("IRIW+rel+acq", &IRIW_REL_ACQ, "0, 0, 10, 10", SOMETIMES),
    ("IRIW+acq-sc", &IRIW_ACQ_SC, "0, 0, 10, 10", SOMETIMES),
    ("IRIW+sc", &IRIW_SC, "0, 0, 10, 10", NEVER),
    ("IRIW+rlx+sc-fences", &IRIW_SC_FENCES, "0, 0, 10, 10", NEVER),
    ("2+2W+rlx", &W2_RLX, "0, 0, 1, 1", SOMETIMES),
    ("2+2W+rel", &W2_REL, "0, 0, 1, 1", SOMETIMES),
    ("2+2W+sc", &W2_SC, "0, 0, 1, 1", NEVER),
    ("WRC+rlx", &WRC_RLX, "0, 1, 10", SOMETIMES),
    ("WRC+rel+acq", &WRC_REL_ACQ, "0, 1, 10", NEVER),
    ("WRC+sc", &WRC_SC, "0, 1, 10", NEVER),
    ("ISA2+rlx", &ISA2_RLX, "0, 1, 10", SOMETIMES),
    ("ISA2+rel+acq", &ISA2_REL_ACQ, "0, 1, 10", NEVER),
    ("R+rlx", &R_RLX, "0, 0, 1, 2", SOMETIMES),
    ("R+rel+acq", &R_REL_ACQ, "0, 0, 1, 2", SOMETIMES),
    ("R+sc", &R_SC, "0, 0, 1, 2", NEVER),
    ("R+rlx+sc-fences", &R_SC_FENCES, "0, 0, 1, 2", NEVER),
    ("S+rlx", &S_RLX, "0, 1, 2, 1", SOMETIMES),
    ("S+rel+acq", &S_REL_ACQ, "0, 1, 2, 1", NEVER),
];

#[test]
fn rc11_agrees_with_herd7_on_every_classic_shape() {
    let mut wrong = Vec::new();
    for &(name, program, weak, sometimes) in TABLE {
        let o = explore(program, &Rc11Config::default());
        assert!(o.exhaustive && o.failure.is_none(), "{name}: {o:?}");
        let reached = o.seen.contains_key(weak);
        if reached != sometimes {
            let seen: Vec<&String> = o.seen.keys().collect();
            wrong.push(format!(
                "{name}: herd7 says {}, rc11 {} \"{weak}\" (seen: {seen:?})",
                if sometimes { "Sometimes" } else { "Never" },
                if reached { "reached" } else { "did not reach" },
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The corpus, as committed.
const CORPUS: &str = include_str!("herd/corpus.txt");

fn records() -> Vec<Record> {
    corpus::parse(CORPUS).unwrap_or_else(|e| panic!("tests/herd/corpus.txt: {e}"))
}

#[test]
fn rc11_reaches_exactly_what_herd7_allows_on_every_corpus_program() {
    let records = records();
    let mut wrong = Vec::new();
    for r in &records {
        let program: &'static Litmus = Box::leak(Box::new(r.program.clone()));
        let o = explore(program, &Rc11Config::default());
        assert!(o.exhaustive && o.failure.is_none() && o.not_run.is_none(), "{}: {o:?}", r.name);
        let seen: BTreeSet<&str> = o.seen.keys().map(String::as_str).collect();
        let expected = r.cpp20();
        let allowed: BTreeSet<&str> = expected.outcomes.iter().map(String::as_str).collect();
        if seen != allowed || o.executions != expected.executions {
            wrong.push(format!(
                "{} ({}): herd7 counts {} executions, rc11 {}; only herd7 allows {:?}; only rc11 reaches {:?}",
                r.name,
                r.program,
                expected.executions,
                o.executions,
                allowed.difference(&seen).collect::<Vec<_>>(),
                seen.difference(&allowed).collect::<Vec<_>>(),
            ));
        }
    }
    assert!(wrong.is_empty(), "{} of {} programs differ:\n{}", wrong.len(), records.len(), wrong.join("\n"));
}

/// Whether some thread writes a location with a release write (or any write after a release
/// fence) and then writes it again: only there can a release sequence continue through the
/// releasing thread's later store, as `rc11.cat`'s (C11's) does and C++20's does not.
fn release_then_later_store(p: &Litmus) -> bool {
    use litmus::Op;
    p.threads.iter().any(|ops| {
        let mut fenced = false;
        ops.iter().enumerate().any(|(i, &op)| {
            let releases = |o: Ordering| matches!(o, Release | AcqRel | SeqCst);
            let release_write = match op {
                Op::Fence(o) => {
                    fenced |= releases(o);
                    false
                }
                Op::Store(_, _, o) | Op::Swap(_, _, o) | Op::FetchAdd(_, _, o) | Op::Cas(_, _, _, o, _) => {
                    fenced || releases(o)
                }
                Op::Load(..) => false,
            };
            release_write
                && ops[i + 1..].iter().any(|later| later.writes() && later.location() == op.location())
        })
    })
}

#[test]
fn rc11_cat_and_cpp20_differ_only_where_a_release_sequence_could_run_through_a_later_store() {
    let records = records();
    let differing: Vec<&Record> = records.iter().filter(|r| r.answer(CPP20_RS).is_some()).collect();
    for r in &differing {
        let (c11, cpp20) = (r.answer(RC11).unwrap(), r.answer(CPP20_RS).unwrap());
        assert!(
            release_then_later_store(&r.program),
            "{}: rc11.cat and C++20 differ on {}",
            r.name,
            r.program
        );
        assert!(
            c11.outcomes.iter().all(|o| cpp20.outcomes.contains(o)) && c11.executions < cpp20.executions,
            "{}: C++20's release sequences are shorter, so it allows more than rc11.cat, never less",
            r.name
        );
    }
    let hand = records.iter().find(|r| r.name == "MP+rel+rlx-flag").expect("the corpus's MP+rel+rlx-flag");
    assert!(differing.iter().any(|r| r.name == hand.name), "the release-sequence example differs");
    println!(
        "{} of {} corpus programs answer differently under C++20's release sequences",
        differing.len(),
        records.len()
    );
}

#[test]
fn z6_u_rc11_cat_allows_what_genmc_forbids_and_genmc_s_psc_gives_its_count() {
    let records = records();
    let z6 = records.iter().find(|r| r.name == "Z6.U").expect("the corpus's Z6.U");
    // racelab's genmc_17_z6_u weak outcome "2, 0, 1, 3": t2 reads y = 2 after its increment, t3
    // reads x = 0, finally x = 1 and y = 3.
    let weak = "1:r0=1 1:r1=2 2:r0=0 x=1 y=3";
    let (rc11_cat, genmc_psc) = (z6.answer(RC11).unwrap(), z6.answer(GENMC_PSC).unwrap());
    assert!(rc11_cat.outcomes.iter().any(|o| o == weak), "rc11.cat allows {weak}");
    assert!(!genmc_psc.outcomes.iter().any(|o| o == weak), "GenMC's psc forbids {weak}");
    let (_, counts) = racelab::scenarios::GENMC.iter().find(|(s, _)| s.id == "genmc_17_z6_u").unwrap();
    let (_, genmc_count) = counts.iter().find(|(v, _)| *v == "weak").unwrap();
    assert_eq!(genmc_psc.executions, *genmc_count, "herd7 with GenMC's psc counts as GenMC does");
    assert!(rc11_cat.executions > *genmc_count);
}

#[test]
fn the_corpus_generated_programs_are_the_generator_s() {
    let records = records();
    let generated: Vec<(usize, &Record)> =
        records.iter().filter_map(|r| Some((r.name.strip_prefix('g')?.parse().ok()?, r))).collect();
    let last = generated.iter().map(|&(i, _)| i).max().expect("generated programs in the corpus");
    let programs = generate::programs(last + 1);
    for (i, r) in generated {
        assert_eq!(r.program, programs[i], "{} is not the generator's program {i}", r.name);
    }
}

/// Rebuilds `tests/herd/corpus.txt` by running herd7 on every program (`herd/regenerate.rs`).
/// Needs herd7 (herdtools7 7.57 was used): `HERD7=path/to/herd7
/// HERD7_LIBDIR=path/to/herdtools7/herd/libdir cargo test --test herd -- --ignored regenerate_corpus`.
#[test]
#[ignore = "needs herd7: set HERD7 and HERD7_LIBDIR (see its docs)"]
fn regenerate_corpus() {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!("{name} is not set: point HERD7 at a herd7 binary and HERD7_LIBDIR at herdtools7's herd/libdir")
        })
    };
    let path = format!("{}/tests/herd/corpus.txt", env!("CARGO_MANIFEST_DIR"));
    let records = regenerate::corpus(&var("HERD7"), &var("HERD7_LIBDIR"), &path);
    println!("{path}: {records} programs");
}
