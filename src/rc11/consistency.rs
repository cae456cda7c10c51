//! RC11's axioms computed fast, for the search, which asks at every choice whether a graph is
//! still consistent: [`super::model`] states them the way `rc11.cat` does, as relations built whole;
//! this module decides the same thing with less work, and a test holds the two to the same answer
//! on random graphs (`tests` below), beside the GenMC and herd7 suites.
//!
//! - **No thin air** (`acyclic (sb | rf)`): a topological order of program order, reads-from and
//!   thread creation and joining, or a cycle.
//! - **Happens-before**, in that order: each event's predecessors, as a bit set, from its
//!   program-order predecessor, the spawn or thread end it follows, and the release writes and
//!   fences its acquire read or fence synchronises with (through release sequences).
//! - **Coherence** (`irreflexive hb; eco?`): no event happens before an event of its location that
//!   comes before it in `eco`. Per location, `eco` is a comparison of places in `mo`: a write's
//!   own, a read's that of the write it reads.
//! - **Atomicity**: each read-modify-write's write straight after the write its read reads.
//! - **SC** (`acyclic psc`): only when the graph has `SeqCst` events, by [`super::model`] itself.

use std::sync::atomic::Ordering;

use super::graph::{Graph, INIT, Kind};
use super::model::{self, MAX_EVENTS};

const NONE: usize = usize::MAX;

/// What the checks need of one graph, each in a fixed array of [`MAX_EVENTS`] on the stack: the
/// search calls this for every way it weighs, and allocating dominated its profile.
struct Analysis {
    /// The read part of each read-modify-write's write.
    read_part: [usize; MAX_EVENTS],
    /// Each event's happens-before predecessors.
    hb: [u128; MAX_EVENTS],
    /// Each write's place in its location's `mo`.
    place: [usize; MAX_EVENTS],
}

/// Whether `g` has `SeqCst` reads, writes or fences: then the SC axiom has something to judge.
pub fn has_seq_cst(g: &Graph) -> bool {
    g.events
        .iter()
        .any(|e| e.order == Ordering::SeqCst && matches!(e.kind, Kind::Read | Kind::Write | Kind::Fence))
}

/// Whether `g` is RC11-consistent: the same answer as `model::violated(g).is_none()`.
pub fn consistent(g: &Graph) -> bool {
    assert!(g.events.len() <= MAX_EVENTS, "an execution of more than {MAX_EVENTS} events");
    if has_seq_cst(g) {
        return model::violated(g).is_none();
    }
    let Some(a) = analyse(g) else { return false };
    coherent(g, &a) && atomic(g, &a)
}

/// The lowest place in the `mo` of `loc` that an access of `thread` following its events before
/// index `upto` may read, or go after as a write: past every write of `loc` that happens before
/// it, and every write read by a read of `loc` that does (coherence). `None` when the graph has a
/// cycle.
///
/// For a new event that nothing yet reads or follows, in a consistent graph with no `SeqCst`
/// event, coherence is all there is to check, and this decides it exactly: a new read may read
/// any write from this place on (what it synchronises with happens before the write it reads, so
/// adds nothing older), a new write may go anywhere after it but between a read-modify-write's
/// read and write. No cycle can pass through an event nothing follows, and atomicity concerns only
/// a read-modify-write's own write. With `SeqCst` the SC axiom needs the whole check.
pub fn lowest_place(g: &Graph, thread: usize, loc: usize, upto: usize) -> Option<usize> {
    let a = analyse(g)?;
    let last = (0..upto).rev().find(|&i| g.events[i].thread == thread);
    let before = last.map_or(0, |e| a.hb[e] | (1 << e));
    let mut lowest = 0;
    let mut bits = before;
    while bits != 0 {
        let i = bits.trailing_zeros() as usize;
        let e = &g.events[i];
        if e.loc == Some(loc) {
            let w = if e.kind == Kind::Read { e.rf.unwrap_or(i) } else { i };
            if a.place[w] != NONE {
                lowest = lowest.max(a.place[w]);
            }
        }
        bits &= bits - 1;
    }
    Some(lowest)
}

/// Program order, happens-before and places in `mo`; `None` if `sb | rf` (with thread creation
/// and joining) has a cycle: no thin air.
fn analyse(g: &Graph) -> Option<Analysis> {
    let n = g.events.len();
    let events = &g.events;
    // Each event's program-order neighbours, and the read part of each RMW's write.
    let mut previous = [NONE; MAX_EVENTS];
    let mut read_part = [NONE; MAX_EVENTS];
    let mut last_of: [(usize, usize); MAX_EVENTS] = [(NONE, NONE); MAX_EVENTS];
    let mut threads = 0;
    for (i, e) in events.iter().enumerate() {
        if e.thread == INIT {
            continue;
        }
        match last_of[..threads].iter_mut().find(|(t, _)| *t == e.thread) {
            Some(slot) => {
                previous[i] = slot.1;
                slot.1 = i;
            }
            None => {
                last_of[threads] = (e.thread, i);
                threads += 1;
            }
        }
        if e.kind == Kind::Write && e.exclusive {
            let mut p = previous[i];
            while p != NONE && events[p].kind == Kind::Choice {
                p = previous[p];
            }
            read_part[i] = p;
        }
    }
    // What each event follows: program order, reads-from, spawn and join.
    let mut follows = [0u128; MAX_EVENTS];
    for (i, e) in events.iter().enumerate() {
        if previous[i] != NONE {
            follows[i] |= 1 << previous[i];
        }
        if let Some(w) = e.rf {
            follows[i] |= 1 << w;
        }
    }
    let mut asw_into = [0u128; MAX_EVENTS];
    for &(a, b) in &g.asw {
        follows[b] |= 1 << a;
        asw_into[b] |= 1 << a;
    }
    // Most graphs the search weighs were built forwards, every event after all it follows: then
    // the order of addition is topological, and only a revisited read (reading a write added
    // after it) sends the check through Kahn's algorithm.
    let mut order = [0usize; MAX_EVENTS];
    if follows[..n].iter().enumerate().all(|(i, &f)| f >> i == 0) {
        for (i, slot) in order[..n].iter_mut().enumerate() {
            *slot = i;
        }
    } else if !topological(&follows[..n], &mut order[..n]) {
        return None;
    }

    // Synchronises-with, into each target: release writes and fences, through release sequences.
    let release = |o: Ordering| matches!(o, Ordering::Release | Ordering::AcqRel | Ordering::SeqCst);
    let acquire = |o: Ordering| matches!(o, Ordering::Acquire | Ordering::AcqRel | Ordering::SeqCst);
    let fence = |i: usize, ordered: &dyn Fn(Ordering) -> bool| {
        events[i].kind == Kind::Fence && ordered(events[i].order)
    };
    // Each event's first acquire fence after it in program order, and last release fence before.
    let mut acquire_after = [NONE; MAX_EVENTS];
    let mut release_before = [NONE; MAX_EVENTS];
    for &(_, last) in &last_of[..threads] {
        let mut x = last;
        let mut seen = NONE;
        while x != NONE {
            acquire_after[x] = seen;
            if fence(x, &acquire) {
                seen = x;
            }
            x = previous[x];
        }
    }
    for i in 0..n {
        let p = previous[i];
        if p != NONE {
            release_before[i] = if fence(p, &release) { p } else { release_before[p] };
        }
    }
    let mut sw_into = [0u128; MAX_EVENTS];
    for (r, e) in events.iter().enumerate() {
        let (Kind::Read, Some(w)) = (e.kind, e.rf) else { continue };
        // The targets: the read if it acquires, and the first acquire fence after it.
        let mut targets = 0u128;
        if acquire(e.order) {
            targets |= 1 << r;
        }
        if acquire_after[r] != NONE {
            targets |= 1 << acquire_after[r];
        }
        if targets == 0 {
            continue;
        }
        // The sources: each write whose release sequence holds `w`, if it releases, and the last
        // release fence before it in its thread.
        let mut sources = 0u128;
        let mut head = w;
        loop {
            let h = &events[head];
            if h.kind != Kind::Init {
                if release(h.order) {
                    sources |= 1 << head;
                }
                if release_before[head] != NONE {
                    sources |= 1 << release_before[head];
                }
            }
            match read_part[head] {
                NONE => break,
                r => match events[r].rf {
                    Some(earlier) => head = earlier,
                    None => break,
                },
            }
        }
        let mut bits = targets;
        while bits != 0 {
            let t = bits.trailing_zeros() as usize;
            sw_into[t] |= sources;
            bits &= bits - 1;
        }
    }

    // Happens-before predecessors, in topological order.
    let inits: u128 = (0..n).filter(|&i| events[i].thread == INIT).fold(0, |s, i| s | (1 << i));
    let mut hb = [0u128; MAX_EVENTS];
    for &e in &order[..n] {
        if events[e].thread == INIT {
            continue;
        }
        let mut preds = inits | asw_into[e] | sw_into[e];
        if previous[e] != NONE {
            preds |= 1 << previous[e];
        }
        let mut closure = preds;
        let mut bits = preds & !inits;
        while bits != 0 {
            let p = bits.trailing_zeros() as usize;
            closure |= hb[p];
            bits &= bits - 1;
        }
        hb[e] = closure;
    }

    let mut place = [NONE; MAX_EVENTS];
    for order in &g.mo {
        for (p, &w) in order.iter().enumerate() {
            place[w] = p;
        }
    }
    Some(Analysis { read_part, hb, place })
}

/// Coherence: no event happens before an event of its location that precedes it in `eco`.
fn coherent(g: &Graph, a: &Analysis) -> bool {
    let events = &g.events;
    let place = &a.place;
    let key = |i: usize| match events[i].kind {
        Kind::Read => place[events[i].rf.expect("a read reads")],
        _ => place[i],
    };
    let is_write = |i: usize| events[i].is_write();
    // `b eco a`, for two events of one location.
    let eco = |b: usize, a: usize| match (is_write(b), is_write(a)) {
        (true, true) => place[b] < place[a],
        (true, false) => place[b] <= key(a),
        (false, true) | (false, false) => key(b) < key(a),
    };
    let mut at_location = [0u128; MAX_EVENTS];
    for (i, e) in events.iter().enumerate() {
        if let Some(l) = e.loc {
            at_location[l] |= 1 << i;
        }
    }
    for (b, e) in events.iter().enumerate() {
        let Some(l) = e.loc else { continue };
        let mut bits = a.hb[b] & at_location[l];
        while bits != 0 {
            let x = bits.trailing_zeros() as usize;
            if eco(b, x) {
                return false;
            }
            bits &= bits - 1;
        }
    }
    true
}

/// Atomicity: each read-modify-write's write straight after the write its read reads.
fn atomic(g: &Graph, a: &Analysis) -> bool {
    (0..g.events.len()).all(|w| match a.read_part[w] {
        NONE => true,
        r => g.events[r].rf.is_none_or(|from| a.place[w] == a.place[from] + 1),
    })
}

/// Fills `order` with the events in an order where each comes after those `follows` names
/// (Kahn's algorithm: an event goes once everything it follows has gone); false if they make a
/// cycle.
fn topological(follows: &[u128], order: &mut [usize]) -> bool {
    let n = follows.len();
    let mut waiting = [0u32; MAX_EVENTS];
    let mut followers = [0u128; MAX_EVENTS];
    let mut filled = 0;
    for (e, &f) in follows.iter().enumerate() {
        waiting[e] = f.count_ones();
        let mut bits = f;
        while bits != 0 {
            followers[bits.trailing_zeros() as usize] |= 1 << e;
            bits &= bits - 1;
        }
        if f == 0 {
            order[filled] = e;
            filled += 1;
        }
    }
    let mut done = 0;
    while done < filled {
        let mut bits = followers[order[done]];
        done += 1;
        while bits != 0 {
            let x = bits.trailing_zeros() as usize;
            waiting[x] -= 1;
            if waiting[x] == 0 {
                order[filled] = x;
                filled += 1;
            }
            bits &= bits - 1;
        }
    }
    filled == n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rc11::graph::Event;
    use proptest::prelude::*;

    /// A random graph: a few threads' loads, stores, RMWs and fences over two locations, each read
    /// reading some write of its location, each location's writes in some order. No `SeqCst`: the
    /// fast check leaves those graphs to the axioms themselves.
    fn graph() -> impl Strategy<Value = Graph> {
        let orders = prop_oneof![
            Just(Ordering::Relaxed),
            Just(Ordering::Acquire),
            Just(Ordering::Release),
            Just(Ordering::AcqRel)
        ];
        let op = (0..2usize, 0..4u8, 0..2usize, orders);
        (proptest::collection::vec(op, 4..16), proptest::collection::vec(any::<u32>(), 32)).prop_map(
            |(ops, picks)| {
                let mut g = Graph::default();
                let locations = [g.add_location(0, "x", 0, false), g.add_location(0, "y", 0, false)];
                let mut pick = picks.into_iter().cycle();
                let mut choose = |n: usize| pick.next().unwrap_or(0) as usize % n.max(1);
                for (value, (thread, kind, loc, order)) in ops.into_iter().enumerate() {
                    let loc = locations[loc];
                    let value = value as i128 + 1;
                    match kind {
                        0 => {
                            let w = g.mo[loc][choose(g.mo[loc].len())];
                            let read = Event {
                                rf: Some(w),
                                ..Event::new(thread, Kind::Read, Some(loc), order, g.events[w].value)
                            };
                            g.add(read);
                        }
                        1 => {
                            let w = g.add(Event::new(thread, Kind::Write, Some(loc), order, value));
                            let p = 1 + choose(g.mo[loc].len());
                            g.place(w, p);
                        }
                        2 => {
                            let from = choose(g.mo[loc].len());
                            let w = g.mo[loc][from];
                            let mut read = Event {
                                rf: Some(w),
                                ..Event::new(thread, Kind::Read, Some(loc), order, g.events[w].value)
                            };
                            read.exclusive = true;
                            g.add(read);
                            let mut write = Event::new(thread, Kind::Write, Some(loc), order, value);
                            write.exclusive = true;
                            let at = g.add(write);
                            g.place(at, from + 1);
                        }
                        _ => {
                            g.add(Event::new(thread, Kind::Fence, None, order, 0));
                        }
                    }
                }
                g
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn the_fast_check_agrees_with_the_axioms(g in graph()) {
            prop_assert_eq!(consistent(&g), model::violated(&g).is_none(), "{:?}", g);
        }
    }
}
