//! RC11's consistency axioms over one execution graph, written to be read beside herdtools7's
//! `rc11.cat` (Lahav, Vafeiadis, Kang, Hur and Dreyer, "Repairing sequential consistency in
//! C/C++11", PLDI 2017): each `let` there is a line here, under the same name.
//!
//! Two choices of representation, both standard:
//! - a read-modify-write is two events, as in GenMC and `rc11.cat`: an exclusive read and the
//!   write straight after it in its thread, related by `rmw`; atomicity says no write comes
//!   between the write the read reads and the RMW's own write in `mo` (`empty rmw & (rb; mo)`);
//! - thread creation and joining, and the initial writes, order events across threads without
//!   memory: they enter `hb` (as C11's additional synchronises-with, `asw`), never `sb`.
//!
//! One line differs from `rc11.cat`, where Rust's model (C++20's) differs from RC11: the release
//! sequence. RC11 kept C11's, in which the releasing thread's later writes to the location
//! (`sb & loc`) continue it; C++20 dropped them (P0982R1, "Weaken release sequences"), so a
//! sequence is the release write and the chain of read-modify-writes reading from it. A relaxed
//! store after a release store to the same location is then no message: an acquire load reading
//! it synchronises with nothing. GenMC, which checks Rust programs for Miri, counts executions
//! the same way (its `MP+rels+acqf`, `MPU+rels+acq` and `MPU2+rels+acqf` litmus tests,
//! `tests/genmc.rs`).
//!
//! Every location is atomic (racelab's atomics), so the data-race clause (`dr`) has nothing to
//! judge.

use std::sync::atomic::Ordering;

use super::graph::{Graph, INIT, Kind};

/// The most events one execution may have: relations are rows of 128-bit sets.
pub const MAX_EVENTS: usize = 128;

/// A binary relation over the events of one graph: `rows[a]` has bit `b` set when `a → b`.
#[derive(Clone, PartialEq, Eq)]
struct Rel {
    rows: Vec<u128>,
}

/// A set of events, as a bit mask.
type Set = u128;

impl Rel {
    fn empty(n: usize) -> Rel {
        Rel { rows: vec![0; n] }
    }

    /// `[s]`: the identity on `s`.
    fn id(n: usize, s: Set) -> Rel {
        let mut r = Rel::empty(n);
        for (a, row) in r.rows.iter_mut().enumerate() {
            if s & (1 << a) != 0 {
                *row = 1 << a;
            }
        }
        r
    }

    fn add(&mut self, a: usize, b: usize) {
        self.rows[a] |= 1 << b;
    }

    fn union(&self, other: &Rel) -> Rel {
        Rel { rows: self.rows.iter().zip(&other.rows).map(|(a, b)| a | b).collect() }
    }

    fn inter(&self, other: &Rel) -> Rel {
        Rel { rows: self.rows.iter().zip(&other.rows).map(|(a, b)| a & b).collect() }
    }

    fn minus(&self, other: &Rel) -> Rel {
        Rel { rows: self.rows.iter().zip(&other.rows).map(|(a, b)| a & !b).collect() }
    }

    /// `self ; other`.
    fn seq(&self, other: &Rel) -> Rel {
        let rows = self
            .rows
            .iter()
            .map(|&row| {
                let mut out = 0;
                let mut bits = row;
                while bits != 0 {
                    let b = bits.trailing_zeros() as usize;
                    out |= other.rows[b];
                    bits &= bits - 1;
                }
                out
            })
            .collect();
        Rel { rows }
    }

    /// `self?`: with the identity added.
    fn opt(&self) -> Rel {
        Rel { rows: self.rows.iter().enumerate().map(|(a, row)| row | (1 << a)).collect() }
    }

    /// `self+`: the transitive closure (Warshall, a row at a time).
    fn plus(&self) -> Rel {
        let mut r = self.clone();
        for k in 0..r.rows.len() {
            let through = r.rows[k];
            for a in 0..r.rows.len() {
                if r.rows[a] & (1 << k) != 0 {
                    r.rows[a] |= through;
                }
            }
        }
        r
    }

    /// `self*`.
    fn star(&self) -> Rel {
        self.plus().opt()
    }

    fn inverse(&self) -> Rel {
        let mut r = Rel::empty(self.rows.len());
        for (a, &row) in self.rows.iter().enumerate() {
            let mut bits = row;
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                r.add(b, a);
                bits &= bits - 1;
            }
        }
        r
    }

    fn irreflexive(&self) -> bool {
        self.rows.iter().enumerate().all(|(a, row)| row & (1 << a) == 0)
    }

    fn acyclic(&self) -> bool {
        self.plus().irreflexive()
    }
}

/// Which axiom an execution breaks, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axiom {
    /// `irreflexive hb; eco?`
    Coherence,
    /// `empty rmw & (rb; mo)`: nothing between a read-modify-write's read and its write.
    Atomicity,
    /// `acyclic psc`
    Sc,
    /// `acyclic (sb | rf)`
    NoThinAir,
}

/// The first RC11 axiom `graph` breaks, or `None` when it is consistent.
pub fn violated(graph: &Graph) -> Option<Axiom> {
    let n = graph.events.len();
    assert!(n <= MAX_EVENTS, "an execution of more than {MAX_EVENTS} events");
    let events = &graph.events;
    let set = |f: &dyn Fn(usize) -> bool| (0..n).filter(|&i| f(i)).fold(0u128, |s, i| s | (1 << i));
    let reads = set(&|i| events[i].is_read());
    let writes = set(&|i| events[i].is_write());
    let fences = set(&|i| events[i].kind == Kind::Fence);
    let order_in =
        |orders: &[Ordering]| set(&|i| events[i].kind != Kind::Init && orders.contains(&events[i].order));
    let rel = order_in(&[Ordering::Release, Ordering::AcqRel, Ordering::SeqCst]);
    let acq = order_in(&[Ordering::Acquire, Ordering::AcqRel, Ordering::SeqCst]);
    let sc = order_in(&[Ordering::SeqCst]) & (reads | writes | fences);

    // sb: program order within each thread.
    let mut sb = Rel::empty(n);
    for a in 0..n {
        for b in a + 1..n {
            if events[a].thread == events[b].thread && events[a].thread != INIT {
                sb.add(a, b);
            }
        }
    }
    // loc: same location.
    let mut loc = Rel::empty(n);
    for a in 0..n {
        for b in 0..n {
            if events[a].loc.is_some() && events[a].loc == events[b].loc {
                loc.add(a, b);
            }
        }
    }
    let mut rf = Rel::empty(n);
    for (r, e) in events.iter().enumerate() {
        if let Some(w) = e.rf {
            rf.add(w, r);
        }
    }
    // rmw: each read-modify-write's read part to its write part.
    let mut rmw = Rel::empty(n);
    for w in 0..n {
        if let Some(r) = graph.read_part(w) {
            rmw.add(r, w);
        }
    }
    let mut mo = Rel::empty(n);
    for order in &graph.mo {
        for (i, &a) in order.iter().enumerate() {
            for &b in &order[i + 1..] {
                mo.add(a, b);
            }
        }
    }
    // asw: the initial writes before everything, spawn before the child, the child before join.
    let mut asw = Rel::empty(n);
    for a in (0..n).filter(|&a| events[a].thread == INIT) {
        for b in (0..n).filter(|&b| events[b].thread != INIT) {
            asw.add(a, b);
        }
    }
    for &(a, b) in &graph.asw {
        asw.add(a, b);
    }

    let id = |s: Set| Rel::id(n, s);
    // let rb = (rf^-1; mo) \ id
    let rb = rf.inverse().seq(&mo).minus(&id(u128::MAX));
    // let eco = (rf | mo | rb)+
    let eco = rf.union(&mo).union(&rb).plus();
    // let rs = [W]; (rf; rmw)*, C++20's: rc11.cat's `(sb & loc)?; [W & atomic]` after the
    // first write is gone (see the module docs)
    let rs = id(writes).seq(&rf.seq(&rmw).star());
    // let sw = [REL]; ([F]; sb)?; rs; rf; [R & atomic]; (sb; [F])?; [ACQ]
    let sw = id(rel)
        .seq(&id(fences).seq(&sb).opt())
        .seq(&rs)
        .seq(&rf)
        .seq(&id(reads))
        .seq(&sb.seq(&id(fences)).opt())
        .seq(&id(acq));
    // let hb = (sb | sw)+, with asw
    let hb = sb.union(&sw).union(&asw).plus();

    // irreflexive hb; eco? as coherence
    if !hb.seq(&eco.opt()).irreflexive() {
        return Some(Axiom::Coherence);
    }
    // empty rmw & (rb; mo) as atomicity
    if rmw.inter(&rb.seq(&mo)).rows.iter().any(|&row| row != 0) {
        return Some(Axiom::Atomicity);
    }
    // let sbl = sb \ loc; let hbl = hb & loc
    let sbl = sb.minus(&loc);
    let hbl = hb.inter(&loc);
    // let scb = sb | sbl; hb; sbl | hbl | mo | rb
    let scb = sb.union(&sbl.seq(&hb).seq(&sbl)).union(&hbl).union(&mo).union(&rb);
    // let pscb = ([SC] | [F & SC]; hb?); scb; ([SC] | hb?; [F & SC])
    let sc_fences = sc & fences;
    let pscb = id(sc)
        .union(&id(sc_fences).seq(&hb.opt()))
        .seq(&scb)
        .seq(&id(sc).union(&hb.opt().seq(&id(sc_fences))));
    // let pscf = [F & SC]; (hb | hb; eco; hb); [F & SC]
    let pscf = id(sc_fences).seq(&hb.union(&hb.seq(&eco).seq(&hb))).seq(&id(sc_fences));
    // acyclic psc as SC
    if !pscb.union(&pscf).acyclic() {
        return Some(Axiom::Sc);
    }
    // acyclic (sb | rf) as no-thin-air
    if !sb.union(&rf).acyclic() {
        return Some(Axiom::NoThinAir);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rc11::graph::Event;

    /// An event of `thread` at `loc`, reading `rf` if it reads.
    fn event(
        thread: usize,
        kind: Kind,
        loc: usize,
        order: Ordering,
        value: i128,
        rf: Option<usize>,
    ) -> Event {
        Event { rf, ..Event::new(thread, kind, Some(loc), order, value) }
    }

    /// Adds a read-modify-write of `thread`: an exclusive read of `from`, then its write of
    /// `value` straight after `from` in `mo`. Returns the write.
    fn rmw(g: &mut Graph, thread: usize, loc: usize, order: Ordering, value: i128, from: usize) -> usize {
        let old = g.events[from].value;
        let mut read = event(thread, Kind::Read, loc, order, old, Some(from));
        read.exclusive = true;
        g.add(read);
        let mut write = event(thread, Kind::Write, loc, order, value, None);
        write.exclusive = true;
        let w = g.add(write);
        let position = g.mo[loc].iter().position(|&x| x == from).expect("in mo") + 1;
        g.place(w, position);
        w
    }

    /// Store buffering with every access at `order`: each thread stores 1 to one location and
    /// reads the other, both reads taking the initial 0.
    fn sb_both_read_zero(order: Ordering) -> Graph {
        let mut g = Graph::default();
        let (x, y) = (g.add_location(0, "x", 0, false), g.add_location(0, "y", 0, false));
        let (ix, iy) = (g.mo[x][0], g.mo[y][0]);
        let w = |g: &mut Graph, thread, loc| {
            let e = g.add(event(thread, Kind::Write, loc, order, 1, None));
            g.place(e, 1);
        };
        w(&mut g, 0, x);
        g.add(event(0, Kind::Read, y, order, 0, Some(iy)));
        w(&mut g, 1, y);
        g.add(event(1, Kind::Read, x, order, 0, Some(ix)));
        g
    }

    #[test]
    fn store_buffering_reading_zero_twice_is_allowed_for_release_acquire_and_forbidden_for_seqcst() {
        assert_eq!(violated(&sb_both_read_zero(Ordering::Relaxed)), None);
        assert_eq!(violated(&sb_both_read_zero(Ordering::Release)), None);
        assert_eq!(violated(&sb_both_read_zero(Ordering::SeqCst)), Some(Axiom::Sc));
    }

    #[test]
    fn a_read_cannot_go_back_behind_its_own_threads_store() {
        let mut g = Graph::default();
        let x = g.add_location(0, "x", 0, false);
        let init = g.mo[x][0];
        let w = g.add(event(0, Kind::Write, x, Ordering::Relaxed, 1, None));
        g.place(w, 1);
        g.add(event(0, Kind::Read, x, Ordering::Relaxed, 0, Some(init)));
        assert_eq!(violated(&g), Some(Axiom::Coherence));
    }

    #[test]
    fn two_increments_cannot_both_read_the_initial_value() {
        let mut g = Graph::default();
        let x = g.add_location(0, "x", 0, false);
        let init = g.mo[x][0];
        let first = rmw(&mut g, 0, x, Ordering::Relaxed, 1, init);
        assert_eq!(violated(&g), None);
        rmw(&mut g, 1, x, Ordering::Relaxed, 1, init);
        assert_eq!(
            violated(&g),
            Some(Axiom::Atomicity),
            "the second goes between the first's read and write"
        );
        let mut chained = Graph::default();
        let x = chained.add_location(0, "x", 0, false);
        let init = chained.mo[x][0];
        let first_again = rmw(&mut chained, 0, x, Ordering::Relaxed, 1, init);
        assert_eq!(first_again, first);
        rmw(&mut chained, 1, x, Ordering::Relaxed, 2, first_again);
        assert_eq!(violated(&chained), None, "the second reads the first");
    }

    /// Message passing with the flag written twice: x = 1 (relaxed), then y = 0 with `Release`,
    /// then y = 1 with `Relaxed`. The receiver's acquire load reads y from `flag` (the relaxed
    /// store, or a relaxed increment of it, `through_rmw`), then reads x = 0.
    fn flag_after_a_release_store(through_rmw: bool) -> Graph {
        let mut g = Graph::default();
        let (x, y) = (g.add_location(0, "x", 0, false), g.add_location(0, "y", 0, false));
        let ix = g.mo[x][0];
        let data = g.add(event(0, Kind::Write, x, Ordering::Relaxed, 1, None));
        g.place(data, 1);
        let release = g.add(event(0, Kind::Write, y, Ordering::Release, 0, None));
        g.place(release, 1);
        let mut flag = g.add(event(0, Kind::Write, y, Ordering::Relaxed, 1, None));
        g.place(flag, 2);
        if through_rmw {
            flag = rmw(&mut g, 2, y, Ordering::Relaxed, 2, flag);
        }
        let value = g.events[flag].value;
        g.add(event(1, Kind::Read, y, Ordering::Acquire, value, Some(flag)));
        g.add(event(1, Kind::Read, x, Ordering::Relaxed, 0, Some(ix)));
        g
    }

    #[test]
    fn a_relaxed_store_after_a_release_store_carries_no_message_as_in_cpp20() {
        // RC11 (`rc11.cat`) continues the release sequence through the thread's later store and
        // forbids reading x = 0; C++20 and Rust do not.
        assert_eq!(violated(&flag_after_a_release_store(false)), None);
        assert_eq!(violated(&flag_after_a_release_store(true)), None);
    }

    /// GenMC's Z6.U in the execution GenMC (0.10 and later) forbids: t0 stores x = 1 (`SeqCst`)
    /// then y = 1 (`flag`), t1's `SeqCst` increment reads y = 1 and its relaxed load reads the 2
    /// it wrote, t2 stores y = 3 (`SeqCst`, last in y's order) then reads x = 0 (`SeqCst`).
    fn z6_u(flag: Ordering) -> Graph {
        let mut g = Graph::default();
        let (x, y) = (g.add_location(0, "x", 0, false), g.add_location(0, "y", 0, false));
        let ix = g.mo[x][0];
        let wx = g.add(event(0, Kind::Write, x, Ordering::SeqCst, 1, None));
        g.place(wx, 1);
        let wy = g.add(event(0, Kind::Write, y, flag, 1, None));
        g.place(wy, 1);
        let inc = rmw(&mut g, 1, y, Ordering::SeqCst, 2, wy);
        g.add(event(1, Kind::Read, y, Ordering::Relaxed, 2, Some(inc)));
        let w3 = g.add(event(2, Kind::Write, y, Ordering::SeqCst, 3, None));
        g.place(w3, 3);
        g.add(event(2, Kind::Read, x, Ordering::SeqCst, 0, Some(ix)));
        g
    }

    #[test]
    fn z6_u_reading_x_0_after_the_increment_is_allowed_with_a_release_flag_as_rc11_cat_says() {
        // x = 1 happens before the increment (sb, then the release store's sw) but enters psc
        // only through `sbl; hb; sbl`, which needs an event of another location sequenced before
        // the increment: there is none (its read part is of the same location), so psc has no
        // edge from x = 1 and no cycle (herd7 agrees: tests/herd.rs). GenMC's `po; hb; po`, over
        // the same increment split into a read and a write, has that edge.
        assert_eq!(violated(&z6_u(Ordering::Release)), None);
        // With a SeqCst flag, x = 1 sb y = 1 mo increment mo y = 3 sb read x rb x = 1 is a cycle.
        assert_eq!(violated(&z6_u(Ordering::SeqCst)), Some(Axiom::Sc));
    }

    #[test]
    fn a_release_sequence_still_runs_through_read_modify_writes() {
        let mut g = Graph::default();
        let (x, y) = (g.add_location(0, "x", 0, false), g.add_location(0, "y", 0, false));
        let ix = g.mo[x][0];
        let data = g.add(event(0, Kind::Write, x, Ordering::Relaxed, 1, None));
        g.place(data, 1);
        let release = g.add(event(0, Kind::Write, y, Ordering::Release, 1, None));
        g.place(release, 1);
        let increment = rmw(&mut g, 2, y, Ordering::Relaxed, 2, release);
        g.add(event(1, Kind::Read, y, Ordering::Acquire, 2, Some(increment)));
        g.add(event(1, Kind::Read, x, Ordering::Relaxed, 0, Some(ix)));
        assert_eq!(
            violated(&g),
            Some(Axiom::Coherence),
            "the acquire load synchronises with the release store"
        );
    }
}
