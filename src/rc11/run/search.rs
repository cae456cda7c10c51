//! The search across runs: the stack of graphs still to visit, the scheduler shuttle drives (one
//! run per graph), and the executions found, each counted once.

use std::sync::{Arc, Mutex};

use shuttle::scheduler::{Schedule, Scheduler, Task, TaskId};

use super::shared::Shared;
use super::state::{Block, EXEC, Exec, ThreadState, ended, with};
use crate::model::outcome::Outcome;
use crate::rc11::graph::{Graph, INIT, Kind};
use crate::rc11::model::MAX_EVENTS;
use crate::rt::record;

/// The shuttle scheduler the search drives.
pub(crate) struct Search {
    pub(crate) shared: Arc<Mutex<Shared>>,
    /// At most this many runs are begun.
    pub(crate) budget: u64,
}

impl Scheduler for Search {
    fn new_execution(&mut self) -> Option<Schedule> {
        // A run stopped before the program returned ended blocked (or ran out of steps).
        if let Some(exec) = end_execution() {
            exec.conclude();
        }
        let mut shared = self.shared.lock().unwrap();
        if shared.runs >= self.budget || shared.unsupported.is_some() || shared.nondeterministic.is_some() {
            return None;
        }
        let graph = if shared.runs == 0 { Graph::default() } else { shared.stack.pop()? };
        shared.current = Some(graph);
        shared.runs += 1;
        Some(Schedule::new(0))
    }

    fn next_task(&mut self, runnable: &[&Task], current: Option<TaskId>, _yielding: bool) -> Option<TaskId> {
        EXEC.with(|e| match e.borrow_mut().as_mut() {
            // The run's main task, before the program starts.
            None => runnable.first().map(|t| t.id()),
            Some(x) => {
                let pick = x.pick(runnable, current);
                x.stopped |= pick.is_none();
                pick
            }
        })
    }

    fn next_u64(&mut self) -> u64 {
        0
    }
}

/// Starts a run of the graph the scheduler chose: the calling shuttle task is thread 0.
pub(crate) fn begin_execution(shared: Arc<Mutex<Shared>>) {
    let graph = shared.lock().unwrap().current.take().unwrap_or_default();
    // Every thread the graph knows of: its events' owners, and the children its spawns name.
    let count = graph
        .events
        .iter()
        .map(|e| if e.kind == Kind::Spawn { e.value as usize } else { e.owner })
        .filter(|&t| t != INIT)
        .max()
        .map_or(1, |m| m + 1);
    let mut threads = vec![ThreadState::default(); count];
    for (i, e) in graph.events.iter().enumerate() {
        threads[e.owner].replay.push(i);
    }
    threads[0].task = Some(shuttle::current::me());
    threads[0].column = Some(0);
    EXEC.with(|e| {
        *e.borrow_mut() = Some(Exec {
            replayed: vec![false; graph.events.len()],
            graph,
            shared,
            threads,
            mid_op: None,
            abandoned: false,
            stopped: false,
            complete: false,
            blocked_trace: None,
            asynchronous: false,
            wakers: Vec::new(),
        })
    });
}

/// Ends the run on this OS thread and returns its state.
pub(super) fn end_execution() -> Option<Exec> {
    EXEC.with(|e| e.borrow_mut().take())
}

/// Forgets the run left on this OS thread once the search is over (shuttle returned).
pub(crate) fn end_search() {
    drop(end_execution());
}

/// The program has returned, on the main thread: threads it never joined run to their end, as
/// they do on shuttle and under GenMC; the main thread waits for them without adding anything.
pub(crate) fn wait_for_unjoined() {
    // Threads, and async tasks the program never awaited to their end.
    let unfinished = || {
        crate::rt::actor::unfinished() > 0
            || with(|x| x.asynchronous && x.threads[1..].iter().any(|t| !t.finished))
    };
    if !unfinished() {
        return;
    }
    with(|x| x.threads[0].waiting = true);
    while unfinished() {
        shuttle::thread::yield_now();
        if ended() {
            return;
        }
    }
    with(|x| x.threads[0].waiting = false);
}

/// The program returned with `outcome` and every thread finished: the run is an execution.
pub(crate) fn complete(outcome: Outcome) {
    let trace = record::take();
    with(|x| {
        x.complete = true;
        if x.abandoned {
            return;
        }
        let columns: Vec<Option<usize>> = x.threads.iter().map(|t| t.column).collect();
        x.shared.lock().unwrap().found.add(&x.graph, outcome, trace, &columns);
    });
}

impl Exec {
    /// Classifies a run that stopped before the program completed.
    pub(super) fn conclude(mut self) {
        let mut shared = self.shared.lock().unwrap();
        if self.complete {
            return;
        }
        if self.abandoned || !self.stopped {
            if !self.stopped && !self.abandoned {
                shared.out_of_steps += 1;
            } else if self.graph.events.len() >= MAX_EVENTS {
                shared.too_big += 1;
            } else {
                shared.redundant += 1;
            }
            return;
        }
        let blocked: Vec<(usize, Block)> = self.threads.iter().filter_map(|t| t.blocked).collect();
        let final_ = blocked.iter().all(|&(read, _)| {
            let e = &self.graph.events[read];
            let w = e.rf.expect("a blocked read reads");
            self.graph.mo[e.loc.expect("a read has a location")].last() == Some(&w)
        });
        if blocked.is_empty() || !final_ {
            shared.redundant += 1;
            return;
        }
        let spins = blocked.iter().any(|&(_, why)| why == Block::Spin);
        let outcome = if spins { Outcome::Hang } else { Outcome::Deadlock };
        let trace = self.blocked_trace.take().unwrap_or_default();
        let columns: Vec<Option<usize>> = self.threads.iter().map(|t| t.column).collect();
        shared.found.add(&self.graph, outcome, trace, &columns);
    }
}
