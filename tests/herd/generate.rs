//! The corpus's generated programs: small litmus programs from a fixed seed, the same every time
//! (splitmix64, written out here so that no crate's version changes them). Two kinds, drawn in turn
//! (three cycles to one free program):
//!
//! - a *cycle*, the way the classic shapes are made (SB, MP, LB, 2+2W, S, R, WRC, IRIW's halves,
//!   Z6 and their longer kin): 2 to 4 threads in a ring, each one access or two accesses of two
//!   locations in program order, each thread's last access meeting the next thread's first on
//!   one location by a communication edge (a read reading a write, `rf`; a read reading before a
//!   write, `fr`; a write before a write, `co`). Then some writes become swaps, compare-exchanges
//!   or increments, some reads increments or compare-exchanges, and a fence may stand between a
//!   thread's two accesses. Whether the cycle can happen is what the model decides: the outcome
//!   that shows it is one of those herd7 lists;
//! - a *free* program: 2 to 4 threads over 1 to 3 locations, each thread 1 to 3 operations drawn
//!   at random.
//!
//! Operations are loads, stores, swaps, `fetch_add`, strong compare-exchanges and fences, each
//! with an ordering drawn from those Rust accepts for it (every one for a read-modify-write; no
//! `Relaxed` fence, which Rust refuses), `SeqCst` twice as often. Each store, swap and successful
//! compare-exchange writes a value not yet written to its location, so an outcome tells which
//! write a read read. Kept: programs of at most [`MAX_OPS`] operations, at most [`MAX_WRITES`] of
//! them writing any one location, where each thread accesses memory and some location is written
//! by one thread and accessed by another (else no thread could see another's effect).

#![allow(dead_code)] // used only when the corpus is regenerated, and by its integrity test

use std::collections::HashSet;

use racelab::prelude::*;

use super::litmus::{Litmus, Op};

/// The seed of the corpus's generated programs.
pub const SEED: u64 = 0x5eed_0008;

/// The most operations a generated program has: rc11 and herd7 both stay fast.
pub const MAX_OPS: usize = 8;

/// The most operations that may write one location: herd7 tries every order of a location's
/// writes, and slows down past this.
pub const MAX_WRITES: usize = 3;

/// splitmix64.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())]
    }
}

// Each ordering list repeats `SeqCst`: the SC axiom needs several `SeqCst` accesses or fences in
// one program to matter, which uniform draws rarely give.
const LOAD: [Ordering; 4] = [Relaxed, Acquire, SeqCst, SeqCst];
const STORE: [Ordering; 4] = [Relaxed, Release, SeqCst, SeqCst];
const RMW: [Ordering; 6] = [Relaxed, Acquire, Release, AcqRel, SeqCst, SeqCst];
const FAILURE: [Ordering; 3] = [Relaxed, Acquire, SeqCst];
const FENCE: [Ordering; 5] = [Acquire, Release, AcqRel, SeqCst, SeqCst];

/// One program, kept or not: three cycles to one free program.
pub fn candidate(rng: &mut Rng) -> Litmus {
    if rng.below(4) == 0 { free(rng) } else { cycle(rng) }
}

/// A communication edge from one thread's last access to the next thread's first.
#[derive(Clone, Copy, PartialEq)]
enum Edge {
    /// A write, then a read reading it.
    Rf,
    /// A read, then a write it read before.
    Fr,
    /// A write, then a later write.
    Co,
}

/// A cycle (see the module docs).
pub fn cycle(rng: &mut Rng) -> Litmus {
    let n = 2 + rng.below(3);
    let edges: Vec<Edge> = (0..n).map(|_| [Edge::Rf, Edge::Fr, Edge::Co][rng.below(3)]).collect();
    // Thread i's first access ends edge i - 1, its last starts edge i: a write where an edge
    // needs one. One access serves both ends only if they agree.
    let first_writes = |i: usize| edges[(i + n - 1) % n] != Edge::Rf;
    let last_writes = |i: usize| edges[i] != Edge::Fr;
    let single: Vec<bool> = (0..n).map(|i| first_writes(i) == last_writes(i) && rng.below(3) == 0).collect();
    // Edge i's location changes at each thread of two accesses; the ring must come back to it.
    let changes = single.iter().filter(|s| !**s).count();
    let names: Vec<usize> = match changes {
        0 => vec![0],
        1 => return free(rng), // one change cannot close the ring
        2 => vec![0, 1],
        3 => vec![0, 1, 2],
        _ => vec![0, 1, 2 * rng.below(2), 1],
    };
    let mut segment = 0;
    let mut edge_loc = vec![0; n];
    for i in 0..n {
        // Edge i - 1 is in `segment`; thread i moves to the next one if it has two accesses.
        if !single[i] && i > 0 {
            segment += 1;
        }
        edge_loc[i] = names[segment % names.len()];
    }
    if !single[0] && changes > 0 {
        // Thread 0's first access is on the last edge's location, which must differ from edge 0's.
        debug_assert_ne!(edge_loc[n - 1], edge_loc[0]);
    }
    let mut written = [0; 3];
    let mut access = |rng: &mut Rng, l: usize, write: bool| -> Op {
        // A fresh value for the location, and an expected value among those written so far.
        let (fresh, expected) = (written[l] + 1, rng.below(written[l] + 1));
        let op = if write {
            match rng.below(8) {
                0 => Op::Swap(l, fresh, rng.pick(&RMW)),
                1 => Op::Cas(l, expected, fresh, rng.pick(&RMW), rng.pick(&FAILURE)),
                2 => Op::FetchAdd(l, 1, rng.pick(&RMW)),
                _ => Op::Store(l, fresh, rng.pick(&STORE)),
            }
        } else {
            match rng.below(10) {
                0 => Op::FetchAdd(l, 1, rng.pick(&RMW)),
                1 => Op::Cas(l, expected, fresh, rng.pick(&RMW), rng.pick(&FAILURE)),
                _ => Op::Load(l, rng.pick(&LOAD)),
            }
        };
        if !matches!(op, Op::Load(..) | Op::FetchAdd(..)) {
            written[l] = fresh;
        }
        op
    };
    let mut program = Litmus { threads: Vec::new() };
    for i in 0..n {
        let (in_loc, out_loc) = (edge_loc[(i + n - 1) % n], edge_loc[i]);
        let mut ops = vec![access(rng, in_loc, first_writes(i))];
        if !single[i] {
            if rng.below(3) == 0 {
                ops.push(Op::Fence(rng.pick(&FENCE)));
            }
            ops.push(access(rng, out_loc, last_writes(i)));
        }
        program.threads.push(ops);
    }
    program
}

/// A free program (see the module docs): mostly two or three locations (one in five programs has
/// one).
pub fn free(rng: &mut Rng) -> Litmus {
    let threads = 2 + rng.below(3);
    let locations = if rng.below(5) == 0 { 1 } else { 2 + rng.below(2) };
    let mut written = vec![0; locations];
    let mut program = Litmus { threads: Vec::new() };
    for _ in 0..threads {
        let mut ops = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let l = rng.below(locations);
            let fresh = |written: &mut Vec<usize>| {
                written[l] += 1;
                written[l]
            };
            let op = match rng.below(12) {
                0..=3 => Op::Load(l, rng.pick(&LOAD)),
                4..=6 => Op::Store(l, fresh(&mut written), rng.pick(&STORE)),
                7 => Op::Swap(l, fresh(&mut written), rng.pick(&RMW)),
                8 => Op::FetchAdd(l, 1, rng.pick(&RMW)),
                9 => {
                    let expected = rng.below(written[l] + 1);
                    Op::Cas(l, expected, fresh(&mut written), rng.pick(&RMW), rng.pick(&FAILURE))
                }
                _ => Op::Fence(rng.pick(&FENCE)),
            };
            ops.push(op);
        }
        program.threads.push(ops);
    }
    program
}

/// Whether a candidate is kept (see the module docs).
pub fn kept(p: &Litmus) -> bool {
    let ops: usize = p.threads.iter().map(Vec::len).sum();
    let every_thread_accesses = p.threads.iter().all(|t| t.iter().any(|op| op.location().is_some()));
    let shared_write = p.locations().iter().any(|&l| {
        let touches =
            |t: &Vec<Op>, write: bool| t.iter().any(|op| op.location() == Some(l) && (!write || op.writes()));
        p.threads.iter().enumerate().any(|(i, writer)| {
            touches(writer, true)
                && p.threads.iter().enumerate().any(|(j, other)| i != j && touches(other, false))
        })
    });
    let writes =
        |l: usize| p.threads.iter().flatten().filter(|op| op.writes() && op.location() == Some(l)).count();
    let few_writes = p.locations().iter().all(|&l| writes(l) <= MAX_WRITES);
    ops <= MAX_OPS && every_thread_accesses && shared_write && few_writes
}

/// The first `n` distinct kept programs from [`SEED`].
pub fn programs(n: usize) -> Vec<Litmus> {
    let mut rng = Rng::new(SEED);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    while out.len() < n {
        let p = candidate(&mut rng);
        if kept(&p) && seen.insert(p.to_string()) {
            out.push(p);
        }
    }
    out
}
