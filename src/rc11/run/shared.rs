//! What the search keeps across runs: the stack of graphs still to visit, the counts, and the
//! executions found, each counted once with its witness. The scheduler shuttle owns shares it
//! with every run ([`super::search`]).

use std::collections::HashSet;

use crate::model::outcome::Outcome;
use crate::model::trace::Trace;
use crate::rc11::graph::Graph;

/// The search's state across runs, shared with the scheduler shuttle owns.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// Graphs still to visit.
    pub(crate) stack: Vec<Graph>,
    /// The graph the run in progress replays.
    pub(crate) current: Option<Graph>,
    /// Runs begun.
    pub(crate) runs: u64,
    /// The distinct executions found.
    pub(crate) found: Found,
    /// Runs that ended with no consistent way on, or blocked on a write a newer one supersedes.
    pub(crate) redundant: u64,
    /// Runs cut because an execution outgrew [`MAX_EVENTS`].
    pub(crate) too_big: u64,
    /// Runs that ran out of steps: a loop without an atomic access that never ends.
    pub(crate) out_of_steps: u64,
    /// Why the program cannot be run, if a facade object said so.
    pub(crate) unsupported: Option<&'static str>,
    /// The program did something different in a replay than in the run that made the graph.
    pub(crate) nondeterministic: Option<String>,
}

/// The distinct executions found, by outcome: the first run to build a graph counts it, and a
/// later one that builds the same graph is counted as a duplicate (TruSt builds none; the count
/// says so). Each outcome keeps the simplest of its executions' traces ([`Trace::simpler_than`],
/// the first of equals), made a witness of its graph: the rest are never kept, so a search of a
/// million executions holds one trace per outcome.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) keys: HashSet<u128>,
    /// Each outcome, in the order first found, with its number of executions and its witness.
    pub(crate) outcomes: Vec<(Outcome, u64, Trace)>,
    /// Graphs found again.
    pub(crate) duplicates: u64,
}

impl Found {
    /// Counts the execution of `graph`, unless the same graph is counted; `columns` gives each
    /// thread's trace column.
    pub(crate) fn add(
        &mut self,
        graph: &Graph,
        outcome: Outcome,
        mut trace: Trace,
        columns: &[Option<usize>],
    ) {
        if !self.keys.insert(graph.key()) {
            self.duplicates += 1;
            return;
        }
        let id = outcome.id();
        match self.outcomes.iter_mut().find(|(o, _, _)| o.id() == id) {
            Some((_, count, witness)) => {
                *count += 1;
                if trace.simpler_than(witness) {
                    super::witness::witness(&mut trace, graph, columns);
                    *witness = trace;
                }
            }
            None => {
                super::witness::witness(&mut trace, graph, columns);
                self.outcomes.push((outcome, 1, trace));
            }
        }
    }
}
