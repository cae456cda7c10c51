//! Generated documentation: reports inside Markdown, and one page per scenario.
//!
//! Output pasted into docs by hand goes stale the day the code changes. So the docs hold no pasted
//! output: a report shown in a Markdown file sits between markers,
//!
//! ````text
//! <!-- racelab:report counter_01_lost_update broken loom -->
//! ```text
//! ...
//! ```
//! <!-- /racelab:report -->
//! ````
//!
//! and `tests/docs.rs` regenerates every such block, and every generated page ([`page`]: the
//! catalogue's; [`cli`]: the command-line reference), failing with a diff for each file that
//! differs. `RACELAB_BLESS=1 cargo test --test docs` rewrites them; `.ci/update` regenerates
//! every generated file at once, snapshots included.
//!
//! A report line longer than [`PAGE_WIDTH`] that is prose (the header, the verdict, a note) is
//! wrapped on the page, its continuation indented; tables, traces and replay commands are left
//! whole, to be scrolled.

pub mod cli;
pub mod page;

use std::fmt::Write as _;

use crate::backend::shuttle::Schedulers;
use crate::check::{self, Settings};
use crate::model::observation::Backend;
use crate::model::scenario::{Scenario, Variant};
use crate::report::Report;
use crate::report::combined::Combined;
use crate::scenarios;

const OPEN: &str = "<!-- racelab:report ";
const CLOSE: &str = "<!-- /racelab:report -->";
const OPEN_COMBINED: &str = "<!-- racelab:combined ";
const CLOSE_COMBINED: &str = "<!-- /racelab:combined -->";
const OPEN_OPTIONS: &str = "<!-- racelab:options ";
const CLOSE_OPTIONS: &str = "<!-- /racelab:options -->";
const OPEN_COMMANDS: &str = "<!-- racelab:commands ";
const CLOSE_COMMANDS: &str = "<!-- /racelab:commands -->";

/// The most characters a report's prose line takes on a page before it is wrapped: what a code
/// block of the book shows without scrolling (`docs/racelab.css` widens the page to it).
pub const PAGE_WIDTH: usize = 88;

/// Where a block's scenario id is looked up: the catalogue, or a test suite's own programs too.
pub type Find = fn(&str) -> Option<&'static Scenario>;

fn variant_of(find: Find, id: &str, variant: &str) -> Result<(&'static Scenario, &'static Variant), String> {
    let scenario = find(id).ok_or_else(|| format!("no scenario '{id}'"))?;
    let variant = scenario.variant(variant).ok_or_else(|| format!("{id} has no variant '{variant}'"))?;
    Ok((scenario, variant))
}

/// The deterministic report of one scenario variant on a model checker, with default settings.
pub fn report(id: &str, variant: &str, backend: Backend) -> Result<String, String> {
    let (scenario, variant) = variant_of(scenarios::find, id, variant)?;
    if !backend.is_deterministic() {
        return Err(format!("{backend} reports vary from run to run and have no place in docs"));
    }
    Ok(checked(scenario, variant, backend, &Settings::default()).render())
}

/// [`check::check`], remembered for the life of the process: a page shows each variant's report
/// and then its combined verdict, which needs the same checks again. Only deterministic backends
/// come here, so a check run twice with the same settings gives the same report.
fn checked(
    scenario: &'static Scenario,
    variant: &'static Variant,
    backend: Backend,
    settings: &Settings,
) -> Report {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Key = (&'static str, &'static str, Backend, String);
    static SEEN: OnceLock<Mutex<HashMap<Key, Report>>> = OnceLock::new();
    let settings_key = serde_json::to_string(settings).expect("settings serialise");
    let key = (scenario.id, variant.name, backend, settings_key);
    let seen = SEEN.get_or_init(Mutex::default);
    let known = seen.lock().unwrap_or_else(|p| p.into_inner()).get(&key).cloned();
    known.unwrap_or_else(|| {
        let report = check::check(scenario, variant, backend, settings);
        seen.lock().unwrap_or_else(|p| p.into_inner()).insert(key, report.clone());
        report
    })
}

/// The most runs rc11 may take for a combined block: a search that needs more (a thread pool's,
/// tens of thousands) would make `cargo test --test docs` wait a minute for a page, so its block
/// leaves rc11 out. A search that finishes within it is the same search as `racelab check`'s.
pub const RC11_RUNS_FOR_A_PAGE: u64 = 2_000;

/// The combined verdict of one variant from loom, shuttle and rc11, with default settings: the
/// table of outcomes × backends and each disagreement. Real threads stay out: their counts vary.
/// So does rc11 where its whole search needs more than [`RC11_RUNS_FOR_A_PAGE`] runs.
pub fn combined(id: &str, variant: &str) -> Result<String, String> {
    combined_with(scenarios::find, id, variant, &Settings::default())
}

fn combined_with(find: Find, id: &str, variant: &str, settings: &Settings) -> Result<String, String> {
    let (scenario, variant) = variant_of(find, id, variant)?;
    let mut reports: Vec<_> = [Backend::Loom, Backend::Shuttle]
        .into_iter()
        .map(|b| checked(scenario, variant, b, settings))
        .collect();
    let page_sized = Settings { rc11_max_explored: Some(RC11_RUNS_FOR_A_PAGE), ..settings.clone() };
    let rc11 = checked(scenario, variant, Backend::Rc11, &page_sized);
    if rc11.observation.stopped.is_none() {
        reports.push(rc11);
    }
    Ok(Combined::new(reports.iter().collect()).render())
}

/// The settings a combined block's options ask for, after its id and variant: `widen=5s` (a
/// wider search, [`crate::check::widen`]), `scheduler=pct`, `iterations=2`. A block shows only what is
/// the same at every run, so a time to widen belongs only where each wider search ends by itself (loom
/// finishing, shuttle's fixed number of seeds), never by the clock.
fn block_settings(options: &[&str]) -> Result<Settings, String> {
    let mut settings = Settings::default();
    for option in options {
        let bad =
            || format!("a block option '{option}': use widen=5s, scheduler=random|pct|dfs or iterations=N");
        let (key, value) = option.split_once('=').ok_or_else(bad)?;
        match key {
            "widen" => {
                let secs = value.strip_suffix('s').and_then(|n| n.parse().ok()).ok_or_else(bad)?;
                settings.widen = Some(std::time::Duration::from_secs(secs));
            }
            "scheduler" => settings.shuttle.schedulers = Schedulers::named(value).ok_or_else(bad)?,
            "iterations" => settings.shuttle.iterations = value.parse().map_err(|_| bad())?,
            _ => return Err(bad()),
        }
    }
    Ok(settings)
}

/// `markdown` with every report block, combined block, options block and commands block
/// regenerated. An options block (`<!-- racelab:options check -->`) is the table of a subcommand's
/// options ([`cli::options_table`]); a commands block (`<!-- racelab:commands -->`), every
/// subcommand on a line ([`cli::commands_block`]).
pub fn refresh_blocks(markdown: &str) -> Result<String, String> {
    refresh_blocks_with(scenarios::find, markdown)
}

/// `markdown` with every block regenerated, its ids looked up with `find`: how the docs show
/// programs that are not in the catalogue (the test suite's literature programs).
///
/// A combined block may name settings after its variant (see `block_settings`):
/// `<!-- racelab:combined lit_10_short_alternation mine widen=5s scheduler=pct -->`.
pub fn refresh_blocks_with(find: Find, markdown: &str) -> Result<String, String> {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    loop {
        let next = [
            (OPEN, CLOSE),
            (OPEN_COMBINED, CLOSE_COMBINED),
            (OPEN_OPTIONS, CLOSE_OPTIONS),
            (OPEN_COMMANDS, CLOSE_COMMANDS),
        ]
        .into_iter()
        .filter_map(|(open, close)| rest.find(open).map(|at| (at, open, close)))
        .min_by_key(|(at, _, _)| *at);
        let Some((start, open, close)) = next else { break };
        let header_end = start + rest[start..].find("-->").ok_or("an unclosed report marker")? + 3;
        let args: Vec<&str> = rest[start + open.len()..header_end - 3].split_whitespace().collect();
        let block = match (open, &args[..]) {
            (OPEN, [id, variant, backend]) => report(id, variant, backend.parse()?)?,
            (OPEN, _) => return Err(format!("a report marker needs ID VARIANT BACKEND, found {args:?}")),
            (OPEN_OPTIONS, [command]) => cli::options_table(&crate::cli::args::command(), command)?,
            (OPEN_OPTIONS, _) => return Err(format!("an options marker needs COMMAND, found {args:?}")),
            (OPEN_COMMANDS, []) => cli::commands_block(&crate::cli::args::command()),
            (OPEN_COMMANDS, _) => return Err(format!("a commands marker takes nothing, found {args:?}")),
            (_, [id, variant, options @ ..]) => combined_with(find, id, variant, &block_settings(options)?)?,
            _ => {
                return Err(format!("a combined marker needs ID VARIANT [OPTION=VALUE ...], found {args:?}"));
            }
        };
        let end = header_end + rest[header_end..].find(close).ok_or("a block without its closing marker")?;
        out.push_str(&rest[..header_end]);
        if open == OPEN_OPTIONS || open == OPEN_COMMANDS {
            let _ = write!(out, "\n{block}");
        } else {
            let _ = write!(out, "\n```text\n{}```\n", for_the_page(&block));
        }
        out.push_str(close);
        rest = &rest[end + close.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `report` with each prose line longer than [`PAGE_WIDTH`] wrapped: a line that starts at the
/// left margin, other than a `replay:` command. Table rows and trace lines start with a space.
fn for_the_page(report: &str) -> String {
    let mut out = String::with_capacity(report.len());
    for line in report.lines() {
        let prose = !line.starts_with(char::is_whitespace) && !line.starts_with("replay:");
        if prose && line.chars().count() > PAGE_WIDTH {
            wrap(line, &mut out);
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Writes `line` to `out` in pieces of at most [`PAGE_WIDTH`] characters (a word longer than that
/// stays whole), each after the first indented by four spaces. A break goes after the last ` · `
/// that fits past the first third of the line, else after the last `;`, then `:`, that fits past
/// its middle, else at the last space that fits: a header breaks between its parts rather than inside
/// one. Never by preference after a comma: outcome ids have them (`0, 1`).
fn wrap(line: &str, out: &mut String) {
    const INDENT: &str = "    ";
    let mut rest = line;
    let mut width = PAGE_WIDTH;
    loop {
        if rest.chars().count() <= width {
            let _ = writeln!(out, "{rest}");
            return;
        }
        let fits: usize = rest.char_indices().nth(width).map_or(rest.len(), |(at, _)| at);
        // Up to and with the character at `fits` (a space there may take the break), to the end
        // of that character, which may be more than a byte (`·`).
        let end = rest[fits..].chars().next().map_or(rest.len(), |c| fits + c.len_utf8());
        let spaces: Vec<usize> = rest[..end].match_indices(' ').map(|(at, _)| at).collect();
        let last_after = |from: usize, ends: &dyn Fn(&str) -> bool| {
            spaces.iter().rev().copied().find(|&at| at > from && ends(&rest[..at]))
        };
        let between_parts = last_after(fits / 3, &|s| s.ends_with(" ·"));
        let after_a_clause = || {
            last_after(fits / 2, &|s| s.ends_with(';'))
                .or_else(|| last_after(fits / 2, &|s| s.ends_with(':')))
        };
        let at = between_parts.or_else(after_a_clause).or_else(|| spaces.last().copied());
        let Some(at) = at.filter(|&at| at > 0) else {
            let _ = writeln!(out, "{rest}");
            return;
        };
        let _ = writeln!(out, "{}", &rest[..at]);
        out.push_str(INDENT);
        rest = &rest[at + 1..];
        width = PAGE_WIDTH - INDENT.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_wrapped_between_its_parts_and_tables_are_left_whole() {
        let header = "litmus_02_store_buffering · seqcst_accesses · shuttle (random and pct (depth 3), 1000 \
                      iterations each, seed 1) · 2000 iterations";
        let row = format!(" 0, 0     Forbidden   yes   {}", "x".repeat(100));
        let replay = format!("replay: racelab replay id broken s1-{}", "0".repeat(100));
        let page = for_the_page(&format!("{header}\n{row}\n{replay}\n"));
        let lines: Vec<&str> = page.lines().collect();
        assert_eq!(
            lines[..2],
            [
                "litmus_02_store_buffering · seqcst_accesses ·",
                "    shuttle (random and pct (depth 3), 1000 iterations each, seed 1) · 2000 iterations"
            ]
        );
        assert_eq!(lines[2..], [row.as_str(), replay.as_str()], "a row and a command stay whole");
        assert!(lines.iter().take(2).all(|l| l.chars().count() <= PAGE_WIDTH));
    }

    #[test]
    fn an_outcome_id_is_not_broken_at_its_comma() {
        let note = "cross-check: rc11: every RC11-consistent execution, exactly, 3 executions; \
                    reachable: 0, 1 · 1, 0 · 1, 1";
        assert_eq!(
            for_the_page(note),
            "cross-check: rc11: every RC11-consistent execution, exactly, 3 executions;\n    \
             reachable: 0, 1 · 1, 0 · 1, 1\n"
        );
        let header = "counter_01_lost_update · broken · shuttle (random and pct (depth 3), 1000 \
                      iterations each, seed 1) · 2000 iterations";
        assert_eq!(
            for_the_page(header),
            "counter_01_lost_update · broken ·\n    shuttle (random and pct (depth 3), 1000 iterations \
             each, seed 1) · 2000 iterations\n"
        );
    }

    #[test]
    fn a_word_longer_than_the_page_stays_whole() {
        let long = format!("verdict: {}", "x".repeat(PAGE_WIDTH + 5));
        assert_eq!(for_the_page(&long), format!("verdict:\n    {}\n", "x".repeat(PAGE_WIDTH + 5)));
    }

    #[test]
    fn a_line_whose_limit_falls_inside_a_wide_character_is_wrapped() {
        // The character at the page's width is `·`, two bytes wide: the cut must not split it.
        for pad in 0..4 {
            let line = format!("{}{} 4 · 5 · 6 · 7 · 8", "x".repeat(PAGE_WIDTH - 8 + pad), " ·");
            let wrapped = for_the_page(&line);
            assert_eq!(wrapped.replace("\n    ", " ").trim_end(), line, "nothing lost or added");
        }
    }
}
