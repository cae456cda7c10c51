//! Thread events: spawn, begin, end and join, each ordering what it joins.

use std::sync::atomic::Ordering;

use shuttle::scheduler::TaskId;

use super::state::{ThreadState, ended, plain, with};
use crate::rc11::graph::{Kind, Thread};

/// A thread about to spawn another: the child's index and the spawn event, which [`begin`] orders
/// before the child's first event. `None` when the run is over.
pub fn spawn() -> Option<(Thread, usize)> {
    if ended() {
        return None;
    }
    let t = with(|x| x.current());
    // A new child is the next thread; a replayed one is the thread the graph's spawn names.
    let fresh = with(|x| x.threads.len());
    let at = plain(t, Kind::Spawn, Ordering::Relaxed, fresh as i128)?;
    let child = with(|x| x.graph.events[at].value) as usize;
    with(|x| {
        if x.threads.len() <= child {
            x.threads.resize(child + 1, ThreadState::default());
        }
    });
    Some((child, at))
}

/// The thread spawned as modelled thread `child` is shuttle's task `task`: it can be scheduled
/// before it has run a line.
pub fn spawned(child: Thread, task: TaskId) {
    if ended() {
        return;
    }
    with(|x| x.threads[child].task = Some(task));
}

/// The calling shuttle task is modelled thread `child`, spawned by event `spawned`, shown in the
/// trace's column `column`.
pub fn begin(child: Thread, spawned: usize, column: Option<usize>) {
    if ended() {
        return;
    }
    with(|x| {
        x.threads[child].task = Some(shuttle::current::me());
        x.threads[child].column = column;
    });
    if let Some(at) = plain(child, Kind::Begin, Ordering::Relaxed, 0) {
        with(|x| {
            if !x.graph.asw.contains(&(spawned, at)) {
                x.graph.asw.push((spawned, at));
            }
        });
    }
}

/// The calling thread is done.
pub fn end() {
    if ended() {
        return;
    }
    let t = with(|x| x.current());
    if plain(t, Kind::End, Ordering::Relaxed, 0).is_some() {
        with(|x| x.threads[t].finished = true);
    }
}

/// The calling thread is about to wait for thread `child` to end.
pub fn before_join(child: Thread) {
    if ended() {
        return;
    }
    with(|x| {
        let t = x.current();
        x.threads[t].joining = Some(child);
    });
}

/// The calling thread has joined thread `child`: everything the child did is before what follows.
pub fn join(child: Thread) {
    if ended() {
        return;
    }
    let t = with(|x| x.current());
    with(|x| x.threads[t].joining = None);
    let Some(at) = plain(t, Kind::Join, Ordering::Relaxed, child as i128) else { return };
    with(|x| {
        let end = x.graph.events.iter().rposition(|e| e.owner == child && e.kind == Kind::End);
        if let Some(end) = end
            && !x.graph.asw.contains(&(end, at))
        {
            x.graph.asw.push((end, at));
        }
    });
}
