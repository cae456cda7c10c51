//! Traces: the operations of one execution, per actor, in the order they happened.
//!
//! The facade records every operation on a shared object while a model checker runs the actors
//! ([`crate::rt::record`]); this is what it records, as data. [`Trace::render`] lays a trace out in
//! one column per actor, so that a race reads from top to bottom.
//!
//! ## Weak memory in a witness
//!
//! Under a weak memory model the order in which operations ran explains less: a load may read a
//! store older than the latest one, and a location's *modification order* (the order its stores
//! take effect in, which every thread agrees on) need not be the order they ran in. So each atomic
//! access is recorded with its location and value, the observer's loads (after the actors are
//! joined) are kept too, and [`order::explain`] derives, for each location, a modification order consistent
//! with everything the execution read (the checkers do not expose theirs):
//! - each thread's stores to a location are in program order;
//! - a load that read store `s` after its own thread stored `w` has `w` before `s` (a read cannot
//!   go back behind its own store: coherence), and `s` is before any store the thread makes later;
//! - the observer's final read of a location reads its last store.
//!
//! Ties keep the order the stores ran in. Each load is then labelled by what it read against that
//! order: `newer than its own store` or `an older value than the latest store`. A witness with any
//! such read, or whose modification order differs from the order the stores ran in, shows the
//! order and the observer's loads under its columns.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

pub mod order;

/// The most rows a rendered trace shows; longer traces keep their last rows, where the bug is.
pub const MAX_ROWS: usize = 40;

/// One operation of one actor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Index of the actor's column.
    pub actor: usize,
    /// What it did, as `object.op(args) -> result`.
    pub text: String,
    /// The atomic access it made, if it made one: what the modification order is derived from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
}

/// An atomic access: which location, which value, and whether it wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    /// Index into [`Trace::locations`].
    pub location: usize,
    /// The value read, or left by a write.
    pub value: i128,
    /// A store or read-modify-write (`true`), or a load.
    pub store: bool,
}

/// The operations of one execution, with the names of its actors in column order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// Column names, in the order the actors were started.
    pub actors: Vec<String>,
    /// Operations in the order they happened.
    pub events: Vec<Event>,
    /// Loads that read an older value than the latest store (in modification order) of those
    /// that had run: what only a weak memory model allows. Fewer make a simpler witness.
    pub stale_reads: usize,
    /// The names of the atomic locations accessed, indexed by [`Access::location`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<String>,
    /// The observer's loads, once every actor was joined.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observer: Vec<Event>,
    /// Each location's stores in modification order, as `value (actor)`, where the witness needs
    /// them (see the module docs); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modification_order: Vec<(String, Vec<String>)>,
    /// The execution graph in Graphviz's dot language, where the checker built one (rc11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dot: Option<String>,
}

/// A line under the trace, wrapped within `width` where one is given, its later lines indented.
fn prose(line: &str, width: Option<usize>) -> String {
    match width {
        Some(w) => textwrap::wrap(
            line,
            textwrap::Options::new(w)
                .subsequent_indent("    ")
                .word_splitter(textwrap::WordSplitter::NoHyphenation),
        )
        .iter()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect(),
        None => format!("{line}\n"),
    }
}

/// Narrows `widths` to `budget` columns in all: columns within an even share keep their width,
/// the rest share what is left evenly (never below 8 columns: past that, more lines beat
/// unreadable ones).
fn narrow(widths: &mut [usize], budget: usize) {
    if widths.iter().sum::<usize>() <= budget {
        return;
    }
    let mut order: Vec<usize> = (0..widths.len()).collect();
    order.sort_by_key(|&i| widths[i]);
    let mut left = budget;
    for (placed, &i) in order.iter().enumerate() {
        let share = left / (order.len() - placed);
        widths[i] = widths[i].min(share).max(8);
        left = left.saturating_sub(widths[i]);
    }
}

impl Trace {
    /// Whether this trace explains its outcome more simply than `other`: fewer stale reads, then
    /// fewer operations.
    pub fn simpler_than(&self, other: &Trace) -> bool {
        (self.stale_reads, self.events.len()) < (other.stale_reads, other.events.len())
    }

    /// Lays the trace out in one column per actor, one operation per row.
    ///
    /// ```text
    ///   t1                    | t2
    ///   counter.load() -> 0   |
    ///                         | counter.load() -> 0
    /// ```
    pub fn render(&self) -> String {
        self.render_within(None)
    }

    /// [`Trace::render`] within `width` columns, where one is given: the columns wider than their
    /// share of it are narrowed, and an operation too long for its column goes on over more
    /// lines, indented, in the same column.
    pub fn render_within(&self, width: Option<usize>) -> String {
        let skipped = self.events.len().saturating_sub(MAX_ROWS);
        let events = &self.events[skipped..];
        // Only actors with something to show get a column, in their order.
        let mut shown: Vec<usize> =
            events.iter().map(|e| e.actor.min(self.actors.len().saturating_sub(1))).collect();
        shown.sort_unstable();
        shown.dedup();
        let column_of =
            |actor: usize| shown.iter().position(|&a| a == actor.min(self.actors.len().saturating_sub(1)));
        let columns = shown.len().max(1);
        let mut widths: Vec<usize> =
            shown.iter().map(|&a| self.actors.get(a).map_or(0, |n| n.chars().count())).collect();
        widths.resize(columns, 0);
        for e in events {
            let w = &mut widths[column_of(e.actor).unwrap_or(0)];
            *w = (*w).max(e.text.chars().count());
        }
        if let Some(width) = width {
            // Two columns of indent, three between columns.
            narrow(&mut widths, width.saturating_sub(2 + 3 * (columns - 1)));
        }
        let widths = &widths;
        let row = |cells: &[&str]| -> String {
            let wrapped: Vec<Vec<String>> = cells
                .iter()
                .zip(widths)
                .map(|(cell, &w)| {
                    if cell.chars().count() <= w {
                        vec![cell.to_string()]
                    } else {
                        let options = textwrap::Options::new(w)
                            .subsequent_indent("  ")
                            .word_splitter(textwrap::WordSplitter::NoHyphenation);
                        textwrap::wrap(cell, options).into_iter().map(|l| l.into_owned()).collect()
                    }
                })
                .collect();
            let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
            let mut out = String::new();
            for line_no in 0..height {
                let mut line = String::from("  ");
                for (i, lines) in wrapped.iter().enumerate() {
                    if i > 0 {
                        line.push_str(" | ");
                    }
                    let cell = lines.get(line_no).map_or("", String::as_str);
                    let _ = write!(line, "{cell:<width$}", width = widths[i]);
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
            out
        };
        let names: Vec<&str> = shown.iter().map(|&a| self.actors.get(a).map_or("", String::as_str)).collect();
        let mut out = row(&names);
        if skipped > 0 {
            let _ = writeln!(out, "  ... {skipped} earlier operations not shown");
        }
        for e in events {
            let mut cells = vec![""; columns];
            cells[column_of(e.actor).unwrap_or(0)] = &e.text;
            out.push_str(&row(&cells));
        }
        if !self.modification_order.is_empty() {
            if !self.observer.is_empty() {
                let loads: Vec<&str> = self.observer.iter().map(|e| e.text.as_str()).collect();
                out.push_str(&prose(&format!("  observer, after the join: {}", loads.join(" · ")), width));
            }
            let orders: Vec<String> = self
                .modification_order
                .iter()
                .map(|(location, stores)| format!("{location}: {}", stores.join(", ")))
                .collect();
            out.push_str(&prose(
                &format!("  modification order, first to last: {}", orders.join(" · ")),
                width,
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_puts_each_operation_in_its_actor_column() {
        let trace = Trace {
            actors: vec!["t1".into(), "t2".into()],
            events: vec![
                Event { actor: 0, text: "counter.load() -> 0".into(), access: None },
                Event { actor: 1, text: "counter.load() -> 0".into(), access: None },
                Event { actor: 0, text: "counter.store(1)".into(), access: None },
            ],
            ..Trace::default()
        };
        let expected = "  t1                  | t2\n  counter.load() -> 0 |\n                      | counter.load() -> 0\n  counter.store(1)    |\n";
        assert_eq!(trace.render(), expected);
    }

    #[test]
    fn render_keeps_the_last_rows_of_a_long_trace() {
        let events =
            (0..MAX_ROWS + 5).map(|i| Event { actor: 0, text: format!("op{i}"), access: None }).collect();
        let text = Trace { actors: vec!["main".into()], events, ..Trace::default() }.render();
        assert!(text.contains("... 5 earlier operations not shown"));
        assert!(!text.contains("op4\n") && text.contains(&format!("op{}\n", MAX_ROWS + 4)));
    }
}
