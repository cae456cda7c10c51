//! A found execution's trace made its witness: which write each read read from, the graph's own
//! modification order, and the graph in Graphviz's dot language.

use crate::model::trace::Trace;
use crate::rc11::graph::{Graph, Kind, Thread};

/// Makes a trace the witness of its execution graph: each read says which write it read from
/// (`[from t2]`, `[from init]`), the modification order shown is the graph's own, and the graph
/// goes along in Graphviz's dot language (`racelab check --dot FILE`). `columns` gives each
/// modelled thread's column in the trace: a thread's accesses in the graph and in its column are
/// matched in program order (the observer's loads are the main thread's last).
pub(crate) fn witness(trace: &mut Trace, graph: &Graph, columns: &[Option<usize>]) {
    let name = |t: Thread| {
        columns
            .get(t)
            .copied()
            .flatten()
            .and_then(|c| trace.actors.get(c).cloned())
            .unwrap_or_else(|| format!("thread {t}"))
    };
    let names: Vec<String> = (0..columns.len()).map(name).collect();
    let mut notes: Vec<(usize, bool, String)> = Vec::new();
    for (t, column) in columns.iter().enumerate() {
        let Some(column) = *column else { continue };
        let accesses = graph.traced_accesses(t);
        let recorded = trace.events.iter().filter(|e| e.actor == column && e.access.is_some()).count()
            + if t == 0 { trace.observer.len() } else { 0 };
        if accesses.len() != recorded {
            continue;
        }
        let mut in_column = trace
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.actor == column && e.access.is_some())
            .map(|(i, _)| (i, false))
            .collect::<Vec<_>>();
        if t == 0 {
            in_column.extend((0..trace.observer.len()).map(|i| (i, true)));
        }
        for (&at, &(i, observer)) in accesses.iter().zip(&in_column) {
            let read = graph.read_part(at).unwrap_or(at);
            if let Some(w) = graph.events[read].rf {
                let from = match graph.events[w].kind {
                    Kind::Init => "init".to_string(),
                    _ => names
                        .get(graph.events[w].thread)
                        .cloned()
                        .unwrap_or_else(|| format!("thread {}", graph.events[w].thread)),
                };
                notes.push((i, observer, format!("  [from {from}]")));
            }
        }
    }
    for (i, observer, note) in notes {
        let event = if observer { &mut trace.observer[i] } else { &mut trace.events[i] };
        event.text.push_str(&note);
    }
    trace.modification_order = graph
        .mo
        .iter()
        .enumerate()
        .filter(|&(loc, order)| !graph.hidden[loc] && order.len() > 1)
        .map(|(loc, order)| {
            let stores = order[1..].iter().map(|&w| {
                format!(
                    "{} ({})",
                    graph.value_text(w),
                    names.get(graph.events[w].thread).cloned().unwrap_or_default()
                )
            });
            (graph.names[loc].to_string(), stores.collect())
        })
        .collect();
    trace.dot = Some(graph.dot(&names));
}
