//! Memory events: new locations, loads, stores, read-modify-writes and fences, each read reading
//! every write it consistently can, each write going every consistent place in `mo`.

use std::sync::atomic::Ordering;

use super::state::{
    Block, Exec, Next, abandon, block, ended, next_event, over, parked_yield, plain, stop, with,
};
use crate::rc11::graph::{Blocks, Event, Graph, Kind, Site, Thread};
use crate::rc11::model::MAX_EVENTS;
use crate::rc11::{consistency, trust};
use crate::rt::record;

/// How many times in a row a thread may read the same write of a location at the same place in
/// its code (one load, or one failed compare-exchange, in a loop) with nothing of its own in
/// between, before it counts as spinning: it then blocks until a newer write is there to read.
///
/// Such a loop's repeats add nothing but more of the same: the execution in which it reads a
/// newer write is explored as its own. A loop that reads one location this many times at one
/// place for another reason (a bounded loop summing the same value) is taken for a spin loop;
/// fewer times, it runs as written. Each number of repeats below the bound before the newer write
/// is read is an execution of its own: the count of executions of a program that spins depends on
/// this bound, as it does under GenMC without its spin-loop transformation.
pub const SPIN_BOUND: usize = 4;

/// One step a read-modify-write-like operation can take after reading a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Write this value, straight after the write read, with this ordering.
    Write(i128, Ordering),
    /// Go on without writing (a compare-exchange that failed, a lock found taken by `try_lock`).
    Proceed,
    /// Block until another write is there to read.
    Block(Block),
}

/// What an operation does with the value it read: the read's ordering, whether it is the read of
/// a read-modify-write, and the steps it may take (several: the program's own choice, explored).
pub struct Decision {
    /// The read's ordering.
    pub order: Ordering,
    /// Whether the read belongs to a read-modify-write (it does if a step writes).
    pub exclusive: bool,
    /// The ways on; never empty.
    pub steps: Vec<Step>,
}

/// What a new location is, for reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// An atomic of the program holding a number.
    Number,
    /// An `AtomicBool`: its values read `true` and `false` in reports.
    Boolean,
    /// A lock's or a condition variable's, kept out of traces.
    Hidden,
}

/// A new atomic location holding `value`.
pub fn new_location(name: &str, value: i128, kind: Location) -> usize {
    if ended() {
        return 0;
    }
    let t = with(|x| x.current());
    match next_event(t, Kind::Init, None) {
        Next::Replay(i) => with(|x| x.graph.events[i].loc.expect("an initial write has a location")),
        Next::Over => 0,
        Next::Fresh => {
            let made = with(|x| {
                if x.graph.events.len() >= MAX_EVENTS {
                    return None;
                }
                let loc = x.graph.add_location(t, name, value, kind == Location::Hidden);
                x.graph.booleans[loc] = kind == Location::Boolean;
                Some(loc)
            });
            match made {
                Some(loc) => loc,
                None => {
                    abandon();
                    0
                }
            }
        }
    }
}

/// Whether the event being added is one the trace records: an actor's access or the observer's.
pub(super) fn traced(loc: usize) -> bool {
    with(|x| !x.graph.hidden[loc]) && (record::recording() || record::observing())
}

/// A load: it reads any write of the location that keeps the graph consistent.
pub fn load(loc: usize, order: Ordering, site: Site) -> i128 {
    let (value, _) =
        update(loc, &|_| Decision { order, exclusive: false, steps: vec![Step::Proceed] }, Some(site));
    value
}

/// A store: it goes in every consistent place of the location's modification order, and revisits
/// the reads added before it that may read it.
pub fn store(loc: usize, value: i128, order: Ordering) {
    if ended() {
        return;
    }
    let t = with(|x| x.current());
    let show = traced(loc);
    match next_event(t, Kind::Write, Some(loc)) {
        Next::Replay(i) => with(|x| x.graph.events[i].traced = show),
        Next::Over => {}
        Next::Fresh => write_fresh(t, loc, value, order, false, show),
    }
}

/// Adds a new write of thread `t` (a store, or a read-modify-write's write part): one consistent
/// place kept, the others and its revisits stacked.
pub(super) fn write_fresh(t: Thread, loc: usize, value: i128, order: Ordering, exclusive: bool, show: bool) {
    let kept = with(|x| {
        let mut event = Event::new(t, Kind::Write, Some(loc), order, value);
        event.exclusive = exclusive;
        event.traced = show;
        let w = x.add(event)?;
        let places = if exclusive {
            let p = trust::rmw_position(&x.graph, w);
            let read = x.graph.read_part(w).expect("a write part follows its read");
            let from = x.graph.events[read].rf.expect("a read part reads");
            // Without SeqCst only atomicity can fail (see `check::lowest_place`).
            let ok = if order == Ordering::SeqCst || consistency::has_seq_cst(&x.graph) {
                trust::consistent_at(&mut x.graph, w, p)
            } else {
                let fast = !x.graph.read_by_rmw(from, Some(read));
                trust::shortcut(fast, || trust::consistent_at(&mut x.graph, w, p))
            };
            if ok { vec![p] } else { vec![] }
        } else {
            trust::placements(&mut x.graph, w)
        };
        // Revisits are judged on the graph with the write in place (the last place, or where an
        // RMW's write must go); each places it anew.
        let p = match places.last() {
            Some(&p) => p,
            None if exclusive => trust::rmw_position(&x.graph, w),
            None => x.graph.mo[loc].len(),
        };
        x.graph.place(w, p);
        for revisit in trust::revisits(&x.graph, w) {
            x.push(revisit);
        }
        x.graph.unplace(w);
        let (&last, others) = places.split_last()?;
        for &p in others {
            let mut g = x.graph.clone();
            g.place(w, p);
            x.push(g);
        }
        x.graph.place(w, last);
        Some(())
    });
    if kept.is_none() {
        abandon();
    }
}

/// A read followed by what `decide` makes of the value read: a load, a read-modify-write, a
/// compare-exchange, a lock's acquire, a condition variable's wait or notification. Returns the
/// value read and the step taken.
///
/// The read may read any write of the location that keeps the graph consistent; for each, the
/// steps `decide` gives are each a way on (a write straight after the one read, going on, or
/// blocking), several of them a choice of the program's own, recorded as a [`Kind::Choice`].
pub fn update(loc: usize, decide: &dyn Fn(i128) -> Decision, site: Option<Site>) -> (i128, Step) {
    update_with(loc, decide, site, None)
}

/// [`update`] for an operation that blocks its thread at the values `blocks` names (taking a lock,
/// waiting on a condition variable). While another thread can go on, such a read is not added
/// where it would block on the newest write: its thread waits for a newer one, as GenMC defers a
/// lock's read (`removeCASReadIfBlocks`), so that a run does not build a read that a later
/// release supersedes. With nobody else to go on, the read is added, and blocks.
pub fn update_blocking(loc: usize, decide: &dyn Fn(i128) -> Decision, blocks: Blocks) -> (i128, Step) {
    update_with(loc, decide, None, Some(blocks))
}

pub(super) fn update_with(
    loc: usize,
    decide: &dyn Fn(i128) -> Decision,
    site: Option<Site>,
    blocks: Option<Blocks>,
) -> (i128, Step) {
    if ended() {
        return (0, Step::Proceed);
    }
    let t = with(|x| x.current());
    let show = traced(loc);
    match next_event(t, Kind::Read, Some(loc)) {
        Next::Replay(i) => replay_update(t, i, loc, decide, site, show),
        Next::Over => (0, Step::Proceed),
        Next::Fresh => {
            if let Some(blocks) = blocks {
                while defers(t, loc, blocks) {
                    if !wait_for_turn(t) {
                        return (0, Step::Proceed);
                    }
                }
            }
            update_fresh(t, loc, decide, site, show, blocks)
        }
    }
}

/// Whether thread `t`, about to read `loc` where it blocks at `blocks`, waits instead: the newest
/// write blocks it, and it has not already waited with nobody else able to go on since.
pub(super) fn defers(t: Thread, loc: usize, blocks: Blocks) -> bool {
    with(|x| {
        let order = &x.graph.mo[loc];
        let newest = *order.last().expect("a location has its initial write");
        let now = (loc, order.len());
        // Its turn came back with no newer write: nobody else can go on.
        let forced = x.threads[t].deferred == Some(now);
        let defer = blocks.at(x.graph.events[newest].value) && !forced;
        x.threads[t].deferred = defer.then_some(now);
        defer
    })
}

/// Waits until it is thread `t`'s turn to add an event; false when the run is over (to a thread
/// that unwinds).
pub(super) fn wait_for_turn(t: Thread) -> bool {
    loop {
        if over() {
            return !matches!(stop(), Next::Over);
        }
        if with(|x| x.replay_done() && x.turn() == Some(t)) {
            return true;
        }
        parked_yield(t);
    }
}

/// Adds a new update of thread `t` (see [`update`]).
pub(super) fn update_fresh(
    t: Thread,
    loc: usize,
    decide: &dyn Fn(i128) -> Decision,
    site: Option<Site>,
    show: bool,
    blocks: Option<Blocks>,
) -> (i128, Step) {
    let chosen = with(|x| {
        if x.graph.events.len() + 3 > MAX_EVENTS {
            return None;
        }
        // Every way on: the graph it leaves, the value read, the step taken, and the place in `mo`
        // of the write read; write by write in `mo` order, each write's steps in order.
        let mut ways: Vec<(Graph, i128, Step, usize)> = Vec::new();
        let writes = x.graph.mo[loc].clone();
        // Coherence rules out every write older than one this thread has seen.
        let lowest = consistency::lowest_place(&x.graph, t, loc, x.graph.events.len())?;
        // What the operation does with each write it may read, decided once.
        let decisions: Vec<(usize, usize, i128, Decision)> = writes
            .iter()
            .enumerate()
            .skip(lowest)
            .map(|(place, &w)| (place, w, x.graph.events[w].value, decide(x.graph.events[w].value)))
            .collect();
        let seq_cst = consistency::has_seq_cst(&x.graph)
            || decisions.iter().any(|(_, _, _, d)| d.order == Ordering::SeqCst);
        for (place, w, value, decision) in decisions {
            let mut read = Event::new(t, Kind::Read, Some(loc), decision.order, value);
            read.rf = Some(w);
            read.exclusive = decision.exclusive;
            read.site = site;
            read.traced = show;
            read.blocks = blocks;
            let r = x.graph.add(read);
            // Without SeqCst, every write from the lowest place on is consistent to read (see
            // `check::lowest_place`); with it, the whole check decides.
            if !trust::shortcut(!seq_cst || trust::consistent(&x.graph), || trust::consistent(&x.graph)) {
                x.graph.pop();
                continue;
            }
            let spinning = !decision.exclusive && x.spins(t, w, site, r);
            let several = decision.steps.len() > 1;
            for (k, &step) in decision.steps.iter().enumerate() {
                let mut g = x.graph.clone();
                if several {
                    g.add(Event::new(t, Kind::Choice, None, Ordering::Relaxed, k as i128));
                }
                match step {
                    Step::Write(new, order) => {
                        let mut write = Event::new(t, Kind::Write, Some(loc), order, new);
                        write.exclusive = true;
                        write.traced = show;
                        let at = g.add(write);
                        let p = trust::rmw_position(&g, at);
                        g.place(at, p);
                        for revisit in trust::revisits(&g, at) {
                            x.push(revisit);
                        }
                        // Without SeqCst only atomicity can fail: another RMW's write already
                        // follows the write read.
                        let fits = if seq_cst || order == Ordering::SeqCst {
                            trust::consistent(&g)
                        } else {
                            trust::shortcut(!x.graph.read_by_rmw(w, Some(r)), || trust::consistent(&g))
                        };
                        if fits {
                            ways.push((g, value, step, place));
                        }
                    }
                    Step::Proceed if spinning => ways.push((g, value, Step::Block(Block::Spin), place)),
                    Step::Proceed | Step::Block(_) => ways.push((g, value, step, place)),
                }
            }
            x.graph.pop();
        }
        // A way that blocks on a write some newer write follows stays blocked, and is never
        // revisited (its read does not read the newest write): no execution ends that way.
        //
        // A lock's or a wait's read seldom gets here blocking on the newest write: while another
        // thread can go on, `update_blocking` puts it off until a newer write is there (GenMC's
        // removeCASReadIfBlocks, checkReconsiderReadOpts and rescheduleReads). That only changes
        // the order in which events are added, a function of the graph, so each graph is still
        // built once: over the catalogue the same executions, none twice, and 13% to 25% fewer
        // runs (worker_01's pool: 25,973 runs to 22,455, order_01's map 46,504 to 38,020). An
        // earlier attempt, which waited for a newer write even with nobody else able to go on,
        // built 8 graphs twice on a pool of two workers and one job.
        //
        // (Nor is such a read revisited in place, as GenMC's in-place revisiting does when a newer
        // write arrives: GenMC does that only for plain loads under an `assume`, never for the read
        // of a compare-exchange, and ours are the reads of read-modify-writes. Say T waits for a
        // lock U holds, U releases it with write W, and U goes on to take it again. Revisited in
        // place, T now reads W and takes the lock next; the execution where U takes it again first
        // and T waits is then built by no run, since U's second acquire can no longer read W. The
        // run that stays blocked builds it: U's new acquire revisits T's read. Such a revisit,
        // which would make a read block, drops the read instead, and its thread waits here again
        // (`trust::revisits`, as GenMC's revisitRead does): no run of the catalogue ends blocked
        // unless its execution is a deadlock.)
        let newest = writes.len() - 1;
        ways.retain(|&(_, _, step, place)| !matches!(step, Step::Block(_)) || place == newest);
        // The run keeps the first way of the newest write that has one, as a program running alone
        // would read the latest value; any would do. The others are stacked.
        let last = ways.iter().map(|way| way.3).max()?;
        let kept = ways.iter().position(|way| way.3 == last)?;
        let mut chosen = None;
        for (i, (g, value, step, _)) in ways.into_iter().enumerate() {
            if i == kept {
                chosen = Some((g, value, step));
            } else {
                x.push(g);
            }
        }
        let (g, value, step) = chosen?;
        x.graph = g;
        let read = (0..x.graph.events.len())
            .rev()
            .find(|&i| x.graph.events[i].kind == Kind::Read && x.graph.events[i].owner == t)?;
        Some((value, step, read))
    });
    let Some((value, step, read)) = chosen else {
        abandon();
        return (0, Step::Proceed);
    };
    if let Step::Block(why) = step {
        block(t, read, why);
    }
    (value, step)
}

/// Replays an update whose read is event `i`: the value read is the graph's, and what follows it
/// (its choice and write, if the graph has them) is replayed too, or added anew if the run that
/// made the graph stopped after the read (a revisited read decides again).
pub(super) fn replay_update(
    t: Thread,
    i: usize,
    loc: usize,
    decide: &dyn Fn(i128) -> Decision,
    site: Option<Site>,
    show: bool,
) -> (i128, Step) {
    let (value, rf) = with(|x| {
        let e = &mut x.graph.events[i];
        e.traced = show;
        (e.value, e.rf.expect("a read reads"))
    });
    let decision = decide(value);
    // A revisited read may now read a value its operation treats otherwise: a compare-exchange
    // that succeeded fails with its failure ordering, a `try_lock` finds the lock taken. Its
    // ordering is that of the new decision, and the graph must still be consistent with it.
    let changed = with(|x| {
        let e = &mut x.graph.events[i];
        let changed = e.order != decision.order || e.exclusive != decision.exclusive;
        e.order = decision.order;
        e.exclusive = decision.exclusive;
        changed
    });
    if changed && !with(|x| trust::consistent(&x.graph)) {
        abandon();
        return (value, Step::Proceed);
    }
    let mut k = 0;
    if decision.steps.len() > 1 {
        // The rest of the operation goes before anything another thread adds.
        with(|x| x.mid_op = Some(t));
        match next_event(t, Kind::Choice, None) {
            Next::Replay(c) => k = with(|x| x.graph.events[c].value) as usize,
            Next::Over => return (value, Step::Proceed),
            Next::Fresh => with(|x| {
                // The graph ends at this read: its choice is new, every way explored.
                for other in (1..decision.steps.len()).rev() {
                    let mut g = x.graph.clone();
                    g.add(Event::new(t, Kind::Choice, None, Ordering::Relaxed, other as i128));
                    x.push(g);
                }
                x.graph.add(Event::new(t, Kind::Choice, None, Ordering::Relaxed, 0));
            }),
        }
    }
    let step = decision.steps[k.min(decision.steps.len() - 1)];
    match step {
        Step::Write(new, order) => {
            with(|x| x.mid_op = Some(t));
            match next_event(t, Kind::Write, Some(loc)) {
                Next::Replay(w) => with(|x| x.graph.events[w].traced = show),
                Next::Over => {}
                Next::Fresh => write_fresh(t, loc, new, order, true, show),
            }
            with(|x| x.mid_op = None);
            (value, step)
        }
        Step::Block(why) => {
            block(t, i, why);
            (value, step)
        }
        Step::Proceed => {
            with(|x| x.mid_op = None);
            if !decision.exclusive && with(|x| x.spins(t, rf, site, i)) {
                block(t, i, Block::Spin);
            }
            (value, step)
        }
    }
}

/// A fence.
pub fn fence(order: Ordering) {
    if ended() {
        return;
    }
    let t = with(|x| x.current());
    plain(t, Kind::Fence, order, 0);
}

impl Exec {
    /// Whether reading `w` at `site` would be thread `t`'s [`SPIN_BOUND`]th read in a row of that
    /// write there, with nothing else of its own in between.
    pub(super) fn spins(&self, t: Thread, w: usize, site: Option<Site>, upto: usize) -> bool {
        let Some(site) = site else { return false };
        let mine = (0..upto).rev().filter(|&i| self.graph.events[i].owner == t);
        let repeats = mine
            .take(SPIN_BOUND - 1)
            .filter(|&i| {
                let e = &self.graph.events[i];
                e.kind == Kind::Read && e.rf == Some(w) && e.site == Some(site)
            })
            .count();
        repeats == SPIN_BOUND - 1
    }
}
