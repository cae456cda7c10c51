//! The memory orderings a modelled execution's atomics used, noted as they run.

use std::cell::Cell;

use super::record;

thread_local! {
    /// The orderings this OS thread's modelled executions used, as a bit set ([`note_ordering`]).
    /// loom and shuttle run every modelled thread of a run on the OS thread that started it.
    static ORDERINGS_SEEN: Cell<u8> = const { Cell::new(0) };
}

/// Notes that an atomic access or fence ran with `order` under a model checker.
///
/// Whether a program's atomics are all `SeqCst` decides what loom's report of a Forbidden outcome
/// can mean: loom treats `SeqCst` accesses as `AcqRel`, so with nothing but `SeqCst` an exhaustive
/// sequentially consistent search is the whole truth and can refute loom; with weaker orderings
/// mixed in it cannot (see `crate::check::run::observation`).
pub(crate) fn note_ordering(order: std::sync::atomic::Ordering) {
    use std::sync::atomic::Ordering::*;
    // Only the actors' accesses: setup runs before the threads start and the observer after they
    // are joined, so their orderings decide nothing about the race (a trace records exactly the
    // actors' part of an execution).
    if !record::recording() {
        return;
    }
    let bit = match order {
        Relaxed => 1,
        Release => 2,
        Acquire => 4,
        AcqRel => 8,
        SeqCst => 16,
        _ => 32,
    };
    ORDERINGS_SEEN.with(|seen| seen.set(seen.get() | bit));
}

/// The orderings noted since the last call, by name, strongest last; and forgets them.
pub fn take_orderings() -> Vec<String> {
    let seen = ORDERINGS_SEEN.with(|seen| seen.replace(0));
    ["Relaxed", "Release", "Acquire", "AcqRel", "SeqCst", "other"]
        .iter()
        .enumerate()
        .filter(|(i, _)| seen & (1 << i) != 0)
        .map(|(_, name)| name.to_string())
        .collect()
}
