//! The search's steps over graphs, after TruSt (Kokologiannakis, Marmanis, Gladstein and
//! Vafeiadis, "Truly stateless, optimal dynamic partial order reduction", POPL 2022): every
//! RC11-consistent execution is reached exactly once, keeping only the graph in hand and a stack of
//! graphs still to visit, never the executions already seen.
//!
//! Events are added one at a time, in an order fixed by the graph (which thread adds next is
//! [`super::run`]'s business), and each is added every consistent way:
//! - a read reads each write of its location that keeps the graph consistent ([`readable`]);
//! - a write goes in each consistent place of its location's modification order ([`placements`]),
//!   and besides, *revisits* reads added before it ([`revisits`]): a read `r` that it does not
//!   depend on may read it instead, in a graph that drops what was added after `r` and is not
//!   in the write's causal past (`porf`).
//!
//! A revisit happens only when every event it drops, and `r` itself, was added *maximally*: a
//! read reading the newest write in `mo` of those added before it or in the write's past, a write
//! placed last among them, a choice taking its first way. Exactly one sequence of additions
//! builds each graph that way, which is what makes each execution appear once.
//!
//! Two of GenMC's rules for reads that block (a lock's, a wait's), from `GenMCDriver.cpp`
//! (revisitRead, removeCASReadIfBlocks, copyGraph, isMaximalExtension):
//! - A revisit that would make such a read block drops the read too: the run that kept it could
//!   only end blocked, and its thread, waiting again, reads afresh once a newer write is there
//!   ([`super::run`] defers it). Lock programs went from up to twice as many runs as executions
//!   (worker_01's pool: 22,455 runs for 12,312) to one run per execution.
//! - The events in the revisiting write's past are *settled* in the revisited graph and every
//!   graph made from it: never revisited, never dropped by a later revisit. Without this the
//!   dropped read, added again later, let two threads' lock reads revisit each other without end
//!   (measured: counter_02_mutex ran out of its 100,000 runs with 99,997 graphs built twice);
//!   with it, every count of the catalogue, GenMC's and herd7's suites stays the same.

use super::graph::{Event, Graph, INIT, Kind, Thread};
use super::model::MAX_EVENTS;

/// Whether `g` is RC11-consistent ([`super::consistency`]).
pub fn consistent(g: &Graph) -> bool {
    let fast = super::consistency::consistent(g);
    if CROSS_CHECK.load(std::sync::atomic::Ordering::Relaxed) {
        let axioms = super::model::violated(g);
        assert_eq!(fast, axioms.is_none(), "the fast check and the axioms ({axioms:?}) disagree on {g:?}");
    }
    fast
}

/// `fast`, the answer a shortcut gave without the whole check; in a cross-checked run
/// ([`CROSS_CHECK`]) the whole check is made too, and must agree.
pub fn shortcut(fast: bool, whole: impl FnOnce() -> bool) -> bool {
    if CROSS_CHECK.load(std::sync::atomic::Ordering::Relaxed) {
        assert_eq!(fast, whole(), "a shortcut of the consistency check disagrees with the whole check");
    }
    fast
}

/// Whether every consistency check the search makes is made twice, fast and by the axioms as
/// `rc11.cat` states them, and the two must agree (a test's switch: `tests/genmc.rs`).
pub static CROSS_CHECK: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The events `e` depends on, not `e` itself, as a set of indices: before it in its owner's
/// program order, the writes reads among them read, the spawns and thread ends they follow,
/// transitively, and the initial write of every location any of them uses.
pub fn porf_prefix(g: &Graph, e: usize) -> u128 {
    let n = g.events.len();
    assert!(n <= MAX_EVENTS, "an execution of more than {MAX_EVENTS} events");
    // Each event's direct dependencies.
    let mut before = [0u128; MAX_EVENTS];
    let mut owners: [(Thread, usize); MAX_EVENTS] = [(INIT, 0); MAX_EVENTS];
    let mut count = 0;
    for (i, ev) in g.events.iter().enumerate() {
        match owners[..count].iter_mut().find(|(owner, _)| *owner == ev.owner) {
            Some(slot) => {
                before[i] |= 1 << slot.1;
                slot.1 = i;
            }
            None => {
                owners[count] = (ev.owner, i);
                count += 1;
            }
        }
        if let Some(w) = ev.rf {
            before[i] |= 1 << w;
        }
        if let Some(l) = ev.loc {
            before[i] |= 1 << g.mo[l][0];
        }
    }
    for &(a, b) in &g.asw {
        before[b] |= 1 << a;
    }
    let mut inside = 0u128;
    let mut todo = before[e] & !(1 << e);
    while todo != 0 {
        let x = todo.trailing_zeros() as usize;
        inside |= 1 << x;
        todo = (todo | before[x]) & !inside & !(1 << e);
    }
    inside
}

/// The indices below `k`, as a set.
fn below(k: usize) -> u128 {
    if k >= 128 { u128::MAX } else { (1u128 << k) - 1 }
}

/// The writes of `read`'s location it may read (each is set as its `rf` and its value taken
/// from there), keeping `g` consistent, in modification order.
pub fn readable(g: &mut Graph, read: &Event) -> Vec<usize> {
    let loc = read.loc.expect("a read has a location");
    let Some(lowest) = super::consistency::lowest_place(g, read.thread, loc, g.events.len()) else {
        return Vec::new();
    };
    let writes = g.mo[loc][lowest..].to_vec();
    writes
        .into_iter()
        .filter(|&w| {
            let mut e = read.clone();
            e.rf = Some(w);
            e.value = g.events[w].value;
            g.add(e);
            let ok = consistent(g);
            g.pop();
            ok
        })
        .collect()
}

/// The places in its location's modification order where write `w` (the last event of `g`,
/// placed nowhere yet) keeps `g` consistent: after the initial write, first to last.
pub fn placements(g: &mut Graph, w: usize) -> Vec<usize> {
    let loc = g.events[w].loc.expect("a write has a location");
    // Coherence puts it after every write its thread has seen (`lowest_place`, judged without
    // it: it is the last event of `g`).
    let Some(lowest) = super::consistency::lowest_place(g, g.events[w].thread, loc, w) else {
        return Vec::new();
    };
    let unread = g.events.iter().all(|e| e.rf != Some(w));
    if unread && !super::consistency::has_seq_cst(g) {
        // Exact without the whole check (see `lowest_place`), but for atomicity: never straight
        // after a write a read-modify-write reads, which its own write must follow.
        return (1..=g.mo[loc].len())
            .filter(|&p| {
                let fast = p > lowest && !g.read_by_rmw(g.mo[loc][p - 1], None);
                shortcut(fast, || consistent_at(g, w, p))
            })
            .collect();
    }
    (lowest + 1..=g.mo[loc].len()).filter(|&p| consistent_at(g, w, p)).collect()
}

/// Whether `g` is consistent with write `w`, placed nowhere yet, at place `p` of its location's
/// `mo`; `g` is left as it was.
pub fn consistent_at(g: &mut Graph, w: usize, p: usize) -> bool {
    g.place(w, p);
    let ok = consistent(g);
    g.unplace(w);
    ok
}

/// Where write `w` goes in `mo` when it is the write part of a read-modify-write: straight after
/// the write its read part reads.
pub fn rmw_position(g: &Graph, w: usize) -> usize {
    let read = g.read_part(w).expect("a write part follows its read");
    let from = g.events[read].rf.expect("a read part reads");
    let loc = g.events[w].loc.expect("a write has a location");
    g.mo[loc].iter().position(|&x| x == from).expect("the write read is in mo") + 1
}

/// The graphs in which the last event of `g`, write `a` (already placed in `mo`), is read by a
/// read added before it, or for a read that would block on `a`, lose that read: TruSt's backward
/// revisits. Each is consistent, with `a` placed anew (every consistent place, or straight after
/// what its read part reads for an RMW's write).
pub fn revisits(g: &Graph, a: usize) -> Vec<Graph> {
    debug_assert_eq!(a, g.events.len() - 1, "revisits are of the write just added");
    let loc = g.events[a].loc.expect("a write has a location");
    if !g.events[..a].iter().any(|e| e.kind == Kind::Read && e.loc == Some(loc)) {
        return Vec::new(); // no read of its location to revisit
    }
    let prefix = porf_prefix(g, a);
    // The reads of each write, which maximality asks of every write a revisit would drop.
    let mut readers = [0u128; MAX_EVENTS];
    for (x, e) in g.events.iter().enumerate() {
        if let Some(w) = e.rf {
            readers[w] |= 1 << x;
        }
    }
    let mut out = Vec::new();
    for r in 0..a {
        let read = &g.events[r];
        if read.kind != Kind::Read || read.loc != Some(loc) || prefix & (1 << r) != 0 {
            continue;
        }
        // Dropped: what was added after `r` and is not in the write's past.
        let deleted = below(a) & !below(r + 1) & !prefix;
        let mut judged = deleted | (1 << r);
        let mut maximal = true;
        while judged != 0 && maximal {
            let e = judged.trailing_zeros() as usize;
            maximal = maximally_added(g, e, prefix, &readers);
            judged &= judged - 1;
        }
        if !maximal {
            continue;
        }
        // A read that would block on the write is dropped too, and its thread waits for a newer
        // write (GenMC's removeCASReadIfBlocks in revisitRead): the run that kept it would end
        // blocked, and the write that unblocks it finds the thread waiting, not a read to revisit.
        let blocks = read.blocks.is_some_and(|b| b.at(g.events[a].value));
        let gone = if blocks { deleted | (1 << r) } else { deleted };
        let keep: Vec<bool> = (0..g.events.len()).map(|e| gone & (1 << e) == 0).collect();
        let mut next = g.restrict(&keep);
        let renumbered = |e: usize| (!gone & below(e)).count_ones() as usize;
        let a2 = renumbered(a);
        let mut past = prefix | (1 << a);
        while past != 0 {
            let e = past.trailing_zeros() as usize;
            next.events[renumbered(e)].settled = true;
            past &= past - 1;
        }
        if !blocks {
            let r2 = renumbered(r);
            next.events[r2].rf = Some(a2);
            next.events[r2].value = next.events[a2].value;
        }
        if next.events[a2].exclusive {
            next.unplace(a2);
            let p = rmw_position(&next, a2);
            next.place(a2, p);
            if consistent(&next) {
                out.push(next);
            }
        } else {
            next.unplace(a2);
            for p in placements(&mut next, a2) {
                let mut placed = next.clone();
                placed.place(a2, p);
                out.push(placed);
            }
        }
    }
    out
}

/// Whether event `e` was added the way the search adds an event first, judged against the
/// events added up to it and the revisiting write's causal past (`prefix`): TruSt's
/// `IsMaximallyAdded`. A settled event never is (see the module's notes). A read must read, and a
/// write be, the newest write in `mo` among those; a write must not be read by any of them (a
/// read it revisited earlier); a choice must take its first way.
fn maximally_added(g: &Graph, e: usize, prefix: u128, readers: &[u128; MAX_EVENTS]) -> bool {
    let previous_set = below(e + 1) | prefix;
    let previous = |x: usize| previous_set & (1 << x) != 0;
    let ev = &g.events[e];
    if ev.settled {
        return false;
    }
    match ev.kind {
        Kind::Choice => ev.value == 0,
        Kind::Read | Kind::Write => {
            let loc = ev.loc.expect("an access has a location");
            if ev.kind == Kind::Write && readers[e] & previous_set != 0 {
                return false;
            }
            let w = if ev.kind == Kind::Read { ev.rf.expect("a read reads") } else { e };
            if !previous(w) {
                return false;
            }
            let order = &g.mo[loc];
            let at = order.iter().position(|&x| x == w).expect("every write is in mo");
            order[at + 1..].iter().all(|&later| !previous(later))
        }
        Kind::Init | Kind::Fence | Kind::Spawn | Kind::Begin | Kind::End | Kind::Join => true,
    }
}
