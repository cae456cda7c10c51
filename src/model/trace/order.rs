//! Each location's modification order, derived from what one execution read, and each load
//! labelled against it (see the docs of [`crate::model::trace`]).

use super::{Access, Trace};

/// One store of a location: where it sits in the trace, who made it, what it left.
#[derive(Clone, Copy)]
struct Store {
    at: usize,
    actor: usize,
    value: i128,
}

/// Derives each location's modification order, labels every load by what it read against it,
/// counts the loads of an older value, and keeps the orders where the witness needs them.
pub fn explain(trace: &mut Trace) {
    let mut orders = Vec::new();
    let mut weak = false;
    for location in 0..trace.locations.len() {
        let on = |a: &Option<Access>| a.filter(|a| a.location == location);
        let stores: Vec<Store> = trace
            .events
            .iter()
            .enumerate()
            .filter_map(|(at, e)| {
                on(&e.access).filter(|a| a.store).map(|a| Store { at, actor: e.actor, value: a.value })
            })
            .collect();
        if stores.is_empty() {
            continue;
        }
        // The store a load at `at` read: the latest to run before it with the value it returned,
        // or none (the initial value).
        let read_from = |at: usize, value: i128| stores.iter().rposition(|s| s.at < at && s.value == value);
        let mut before: Vec<(usize, usize)> = Vec::new(); // (earlier, later) in modification order
        for (i, s) in stores.iter().enumerate() {
            if let Some(next) = stores[i + 1..].iter().position(|n| n.actor == s.actor) {
                before.push((i, i + 1 + next));
            }
        }
        for (at, e) in trace.events.iter().enumerate() {
            let Some(load) = on(&e.access).filter(|a| !a.store) else { continue };
            let Some(read) = read_from(at, load.value) else { continue };
            if let Some(own) = stores.iter().rposition(|s| s.at < at && s.actor == e.actor)
                && own != read
            {
                before.push((own, read));
            }
            for (later, _) in stores.iter().enumerate().filter(|(_, s)| s.at > at && s.actor == e.actor) {
                before.push((read, later));
            }
        }
        // The observer runs after every actor is joined: it reads the last store.
        for o in &trace.observer {
            let Some(load) = on(&o.access) else { continue };
            if let Some(last) = stores.iter().rposition(|s| s.value == load.value) {
                before.extend((0..stores.len()).filter(|&i| i != last).map(|i| (i, last)));
            }
        }
        let order = sort(stores.len(), &before);
        let rank = |i: usize| order.iter().position(|&j| j == i).expect("every store is ordered");
        for at in 0..trace.events.len() {
            let e = &trace.events[at];
            let Some(load) = on(&e.access).filter(|a| !a.store) else { continue };
            let read = read_from(at, load.value);
            let own = stores.iter().rposition(|s| s.at < at && s.actor == e.actor);
            let latest = (0..stores.len()).filter(|&i| stores[i].at < at).max_by_key(|&i| rank(i));
            let label = match (own, read, latest) {
                (Some(own), Some(read), _) if own != read => {
                    format!("newer than its own store {}", stores[own].value)
                }
                (_, read, Some(latest)) if read != Some(latest) => {
                    trace.stale_reads += 1;
                    format!("an older value than the latest store, {}", stores[latest].value)
                }
                _ => continue,
            };
            weak = true;
            trace.events[at].text = format!("{}  ({label})", trace.events[at].text);
        }
        weak |= order.iter().enumerate().any(|(position, &i)| position != i);
        let name = trace.locations[location].clone();
        let column = |actor: usize| trace.actors.get(actor).cloned().unwrap_or_default();
        orders.push((
            name,
            order.iter().map(|&i| format!("{} ({})", stores[i].value, column(stores[i].actor))).collect(),
        ));
    }
    if weak {
        trace.modification_order = orders;
    }
}

/// The stores `0..n` in an order that puts every `(earlier, later)` pair in order, ties (and any
/// contradiction, which a consistent execution cannot produce) in the order they ran.
fn sort(n: usize, before: &[(usize, usize)]) -> Vec<usize> {
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let ready =
            (0..n).find(|&i| !placed[i] && before.iter().all(|&(a, b)| b != i || placed[a] || a == b));
        let next = ready.unwrap_or_else(|| (0..n).find(|&i| !placed[i]).expect("one is left"));
        placed[next] = true;
        order.push(next);
    }
    order
}
