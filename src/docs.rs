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
//! and `tests/docs.rs` regenerates every such block, and every scenario page, from a real check,
//! failing when a file differs. `RACELAB_BLESS=1 cargo test --test docs` rewrites them.

use std::fmt::Write as _;

use crate::backend::Backend;
use crate::backend::shuttle::Schedulers;
use crate::check::{self, Settings};
use crate::scenario::{Scenario, Variant};
use crate::scenarios;

const OPEN: &str = "<!-- racelab:report ";
const CLOSE: &str = "<!-- /racelab:report -->";
const OPEN_COMBINED: &str = "<!-- racelab:combined ";
const CLOSE_COMBINED: &str = "<!-- /racelab:combined -->";

/// Where a block's scenario id is looked up: the catalogue, or a test suite's own programs too.
pub type Find = fn(&str) -> Option<&'static Scenario>;

fn variant_of(find: Find, id: &str, variant: &str) -> Result<(&'static Scenario, &'static Variant), String> {
    let scenario = find(id).ok_or_else(|| format!("no scenario '{id}'"))?;
    let variant = scenario.variant(variant).ok_or_else(|| format!("{id} has no variant '{variant}'"))?;
    Ok((scenario, variant))
}

/// The deterministic report of one scenario variant on loom or shuttle, with default settings.
pub fn report(id: &str, variant: &str, backend: Backend) -> Result<String, String> {
    let (scenario, variant) = variant_of(scenarios::find, id, variant)?;
    if !backend.is_deterministic() {
        return Err(format!("{backend} reports vary from run to run and have no place in docs"));
    }
    Ok(check::check(scenario, variant, backend, &Settings::default()).render())
}

/// The combined verdict of one variant from loom and shuttle, with default settings: the table
/// of outcomes × backends and each disagreement. Real threads stay out: their counts vary.
pub fn combined(id: &str, variant: &str) -> Result<String, String> {
    combined_with(scenarios::find, id, variant, &Settings::default())
}

fn combined_with(find: Find, id: &str, variant: &str, settings: &Settings) -> Result<String, String> {
    let (scenario, variant) = variant_of(find, id, variant)?;
    let reports: Vec<_> = [Backend::Loom, Backend::Shuttle]
        .into_iter()
        .map(|b| check::check(scenario, variant, b, settings))
        .collect();
    Ok(crate::combined::Combined::new(reports.iter().collect()).render())
}

/// The settings a combined block's options ask for, after its id and variant: `budget=5s` (a
/// wider search, [`crate::escalate`]), `scheduler=pct`, `iterations=2`. A block shows only what is
/// the same at every run, so a budget belongs only where each wider search ends by itself (loom
/// finishing, shuttle's fixed number of seeds), never by the clock.
fn block_settings(options: &[&str]) -> Result<Settings, String> {
    let mut settings = Settings::default();
    for option in options {
        let bad =
            || format!("a block option '{option}': use budget=5s, scheduler=random|pct|dfs or iterations=N");
        let (key, value) = option.split_once('=').ok_or_else(bad)?;
        match key {
            "budget" => {
                let secs = value.strip_suffix('s').and_then(|n| n.parse().ok()).ok_or_else(bad)?;
                settings.budget = Some(std::time::Duration::from_secs(secs));
            }
            "scheduler" => settings.shuttle.schedulers = Schedulers::named(value).ok_or_else(bad)?,
            "iterations" => settings.shuttle.iterations = value.parse().map_err(|_| bad())?,
            _ => return Err(bad()),
        }
    }
    Ok(settings)
}

/// `markdown` with every report block and combined block regenerated.
pub fn refresh_blocks(markdown: &str) -> Result<String, String> {
    refresh_blocks_with(scenarios::find, markdown)
}

/// `markdown` with every block regenerated, its ids looked up with `find`: how the docs show
/// programs that are not in the catalogue (the test suite's literature programs).
///
/// A combined block may name settings after its variant (see [`block_settings`]):
/// `<!-- racelab:combined lit_10_short_alternation mine budget=5s scheduler=pct -->`.
pub fn refresh_blocks_with(find: Find, markdown: &str) -> Result<String, String> {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    loop {
        let next = [(OPEN, CLOSE), (OPEN_COMBINED, CLOSE_COMBINED)]
            .into_iter()
            .filter_map(|(open, close)| rest.find(open).map(|at| (at, open, close)))
            .min_by_key(|(at, _, _)| *at);
        let Some((start, open, close)) = next else { break };
        let header_end = start + rest[start..].find("-->").ok_or("an unclosed report marker")? + 3;
        let args: Vec<&str> = rest[start + open.len()..header_end - 3].split_whitespace().collect();
        let text = match (open, &args[..]) {
            (OPEN, [id, variant, backend]) => report(id, variant, backend.parse()?)?,
            (OPEN, _) => return Err(format!("a report marker needs ID VARIANT BACKEND, found {args:?}")),
            (_, [id, variant, options @ ..]) => combined_with(find, id, variant, &block_settings(options)?)?,
            _ => {
                return Err(format!("a combined marker needs ID VARIANT [OPTION=VALUE ...], found {args:?}"));
            }
        };
        let end = header_end + rest[header_end..].find(close).ok_or("a block without its closing marker")?;
        out.push_str(&rest[..header_end]);
        let _ = write!(out, "\n```text\n{text}```\n");
        out.push_str(close);
        rest = &rest[end + close.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The page of one scenario, from its own fields and its reports; `source` is its file's path
/// relative to the repository root.
pub fn scenario_page(scenario: &Scenario, source: &str) -> String {
    let mut page = format!("# {}\n\n{}\n\n", scenario.id, scenario.title);
    let _ = writeln!(page, "{}\n", scenario.intent);
    let _ = writeln!(page, "**Why it happens.** {}\n", scenario.explanation);
    let _ = writeln!(
        page,
        "Source: [`{source}`](../../../{source}). Run it: `racelab check {id}`, or `cargo test {id}`.\n",
        id = scenario.id
    );
    page.push_str("## Outcomes\n\n| outcome |");
    for v in scenario.variants {
        let _ = write!(page, " {} |", v.name);
    }
    page.push_str("\n|---|");
    page.push_str(&"---|".repeat(scenario.variants.len()));
    page.push('\n');
    let mut ids: Vec<&str> = scenario.variants.iter().flat_map(|v| v.outcomes.iter().map(|o| o.id)).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let _ = write!(page, "| `{id}` |");
        for v in scenario.variants {
            let grade = v.grade(id);
            let _ = write!(page, " {grade} |");
        }
        page.push('\n');
    }
    page.push_str("\nAnything else is graded by each variant's catch-all: ");
    let catch_alls: Vec<String> =
        scenario.variants.iter().map(|v| format!("{} for {}", v.otherwise, v.name)).collect();
    let _ = writeln!(page, "{}.\n", catch_alls.join(", "));
    page.push_str("## What the checkers found\n\n");
    let modelled = scenario.variants.iter().any(|v| v.program.real_only().is_none());
    if !modelled {
        let _ = writeln!(
            page,
            "No model checker applies to this scenario; it runs on real threads only, and real-thread \
             reports vary from run to run, so none is kept here. See it with \
             `racelab check {} --backend threads`.",
            scenario.id
        );
        return page;
    }
    page.push_str(
        "Each report below is regenerated and compared by `cargo test --test docs`: every model \
         checker's, then the variant's combined verdict (real threads' counts vary from run to run, \
         so they stay out; `racelab check` shows them).\n",
    );
    for v in scenario.variants {
        for backend in [Backend::Loom, Backend::Shuttle] {
            if let Some(why) = v.program.real_only() {
                let _ = write!(page, "\n### {} on {backend}\n\nNot run: {why}.\n", v.name);
                continue;
            }
            let _ = write!(
                page,
                "\n### {} on {backend}\n\n{OPEN}{} {} {backend} -->\n{CLOSE}\n",
                v.name, scenario.id, v.name
            );
        }
        let _ = write!(
            page,
            "\n### {}, combined\n\n{OPEN_COMBINED}{} {} -->\n{CLOSE_COMBINED}\n",
            v.name, scenario.id, v.name
        );
    }
    refresh_blocks(&page).expect("a page of existing scenarios and variants")
}
