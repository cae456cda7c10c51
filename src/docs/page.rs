//! The catalogue's pages in the book: one per scenario, one per topic folder, an index, and the
//! catalogue's part of `SUMMARY.md`.
//!
//! A scenario page shows the scenario's own code, never a copy: mdBook's `{{#include}}` takes it
//! from the scenario's file, between anchor comments (`// ANCHOR: broken` ...
//! `// ANCHOR_END: broken`). Each variant's code has an anchor named after the variant; `shared`
//! (what every variant uses) and `observer` are shown where the file has them. A topic's page
//! includes the folder's README in the same way.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{CLOSE, CLOSE_COMBINED, OPEN, OPEN_COMBINED, refresh_blocks};
use crate::backend::Backend;
use crate::model::scenario::{Claim, Scenario};

/// A topic folder of the catalogue (`scenarios/01_counters/`), as the book shows it.
pub struct Topic {
    /// The folder's name: `01_counters`.
    pub folder: String,
    /// Its README's title, the text of its first line after `# `: `01 counters`.
    pub title: String,
    /// Its scenarios, in catalogue order.
    pub scenarios: Vec<&'static Scenario>,
}

impl Topic {
    /// Its page, from the book's root: `topics/01_counters.md`.
    pub fn page(&self) -> String {
        format!("topics/{}.md", self.folder)
    }
}

/// The catalogue's topic folders under `root` (a racelab checkout), in order, each with its
/// README's title and the scenarios of `index` whose file it holds, in `index`'s order. An error
/// names a folder without its README, or a README that does not open with its title.
pub fn topics(root: &Path, index: &[&'static Scenario]) -> Result<Vec<Topic>, String> {
    let scenarios = root.join("scenarios");
    let entries = std::fs::read_dir(&scenarios).map_err(|e| format!("{}: {e}", scenarios.display()))?;
    let mut folders: Vec<PathBuf> =
        entries.filter_map(|e| Some(e.ok()?.path())).filter(|p| p.is_dir()).collect();
    folders.sort();
    let mut topics = Vec::new();
    for dir in folders {
        let folder = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let readme = std::fs::read_to_string(dir.join("README.md"))
            .map_err(|_| format!("scenarios/{folder}/README.md is missing: every topic has one"))?;
        let title = readme.lines().next().and_then(|l| l.strip_prefix("# ")).ok_or_else(|| {
            format!("scenarios/{folder}/README.md must open with its title, as `# 01 counters`")
        })?;
        let scenarios =
            index.iter().copied().filter(|s| dir.join(format!("{}.rs", s.id)).is_file()).collect();
        topics.push(Topic { folder, title: title.to_string(), scenarios });
    }
    Ok(topics)
}

/// The anchors a scenario page includes besides the variants', in page order.
const SHARED: &str = "shared";
const OBSERVER: &str = "observer";

/// The names of the anchor regions of `code`, in order: what `// ANCHOR: name` opens.
pub fn anchors(code: &str) -> Vec<&str> {
    code.lines()
        .filter_map(|line| line.split_once("ANCHOR:").map(|(_, name)| name.trim()))
        .filter(|name| !name.is_empty())
        .collect()
}

/// The text of anchor region `name` of `code`, without the anchor lines, as mdBook includes it;
/// `None` when `code` opens no such region or never closes it.
pub fn anchored<'a>(code: &'a str, name: &str) -> Option<Vec<&'a str>> {
    let is = |line: &str, marker: &str| line.split_once(marker).is_some_and(|(_, rest)| rest.trim() == name);
    let mut lines = code.lines().skip_while(|line| !is(line, "ANCHOR:"));
    lines.next()?;
    let mut kept = Vec::new();
    for line in lines {
        if is(line, "ANCHOR_END:") {
            return Some(kept);
        }
        if !line.contains("ANCHOR:") && !line.contains("ANCHOR_END:") {
            kept.push(line);
        }
    }
    None
}

/// The page of one scenario: its intent, its outcomes, its code (each variant beside the others)
/// and every model checker's report. `source` is its file's path from the repository root and
/// `code` that file's text; the page includes the code from the file, so `code` only says which
/// anchors it has. Panics where a variant has no anchor: `tests/docs.rs` says which.
pub fn scenario_page(scenario: &Scenario, topic: &Topic, source: &str, code: &str) -> String {
    refresh_blocks(&scenario_page_outline(scenario, topic, source, code))
        .expect("a page of existing scenarios and variants")
}

/// [`scenario_page`] with its report blocks left empty, to be filled once the scenario is built
/// into racelab: the page `racelab new` writes for a scenario this racelab does not hold yet.
pub fn scenario_page_outline(scenario: &Scenario, topic: &Topic, source: &str, code: &str) -> String {
    let include = format!("../../../{source}");
    let mut page = format!("# {}\n\n{}\n\n", scenario.id, scenario.title);
    let _ = writeln!(page, "{}\n", scenario.intent);
    let _ = writeln!(page, "**Why it happens.** {}\n", scenario.explanation);
    let _ = writeln!(
        page,
        "Part of [{title}](../{topic}). Run it: `racelab check {id}`, or `cargo test {id}`. Source: \
         [`{source}`](#the-whole-file), in full at the end of this page.\n",
        title = topic.title,
        topic = topic.page(),
        id = scenario.id,
    );
    outcomes(&mut page, scenario);
    page.push_str("## The code\n\n");
    let has = anchors(code);
    if has.contains(&SHARED) {
        let _ = writeln!(
            page,
            "What every variant shares:\n\n```rust\n{{{{#include {include}:{SHARED}}}}}\n```\n"
        );
    }
    page.push_str("<div class=\"variants\">\n");
    for v in scenario.variants {
        let claim = match v.claim {
            Claim::Broken => "with the bug",
            Claim::Correct => "claimed correct",
        };
        let _ = writeln!(
            page,
            "<div>\n\n**{name}**, {claim}:\n\n```rust\n{{{{#include {include}:{name}}}}}\n```\n\n</div>",
            name = v.name
        );
    }
    page.push_str("</div>\n\n");
    if has.contains(&OBSERVER) {
        let _ = writeln!(
            page,
            "The observer, once the actors are joined:\n\n```rust\n{{{{#include {include}:{OBSERVER}}}}}\n```\n"
        );
    }
    reports(&mut page, scenario);
    let _ = write!(
        page,
        "\n## The whole file\n\n<details>\n<summary><code>{source}</code></summary>\n\n```rust\n\
         {{{{#include {include}}}}}\n```\n\n</details>\n"
    );
    page
}

/// The table of every outcome's grade in every variant.
fn outcomes(page: &mut String, scenario: &Scenario) {
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
            let _ = write!(page, " {} |", v.grade(id));
        }
        page.push('\n');
    }
    page.push_str("\nAnything else is graded by each variant's catch-all: ");
    let catch_alls: Vec<String> =
        scenario.variants.iter().map(|v| format!("{} for {}", v.otherwise, v.name)).collect();
    let _ = writeln!(page, "{}.\n", catch_alls.join(", "));
}

/// Every model checker's report of every variant, then the variant's combined verdict.
fn reports(page: &mut String, scenario: &Scenario) {
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
        return;
    }
    let real = if scenario.variants.iter().any(|v| v.program.processes().is_some()) {
        "real threads' and real processes' counts"
    } else {
        "real threads' counts"
    };
    page.push_str(&format!(
        "Each report below is regenerated and compared by `cargo test --test docs`: every model \
         checker's, then the variant's combined verdict ({real} vary from run to run, so they stay \
         out; `racelab check` shows them). rc11's report is its snapshot, which `cargo test --test \
         catalogue` compares; the combined verdict leaves rc11 out where its whole search takes \
         more than {} runs, too long to run again for a page.\n",
        crate::term::count(super::RC11_RUNS_FOR_A_PAGE)
    ));
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
        if v.program.real_only().is_none() {
            // rc11's report is its snapshot, past insta's five lines of header: a pool's whole
            // search takes too long to run again for a page.
            let snapshot = crate::report::snapshot_name(scenario, v, Some(Backend::Rc11));
            let _ = write!(
                page,
                "\n### {} on rc11\n\n```text\n{{{{#include ../../../tests/snapshots/{snapshot}.snap:6:}}}}\n```\n",
                v.name
            );
        }
        let _ = write!(
            page,
            "\n### {}, combined\n\n{OPEN_COMBINED}{} {} -->\n{CLOSE_COMBINED}\n",
            v.name, scenario.id, v.name
        );
    }
}

/// The page of one topic folder: its README, included, then its scenarios.
pub fn topic_page(topic: &Topic) -> String {
    let mut page = format!("{{{{#include ../../../scenarios/{}/README.md}}}}\n\n", topic.folder);
    page.push_str("## Its scenarios\n\n");
    for s in &topic.scenarios {
        let _ = writeln!(page, "- [{id}](../scenarios/{id}.md): {}", s.title, id = s.id);
    }
    page
}

/// The catalogue's index: every topic, each with its scenarios and their variants.
pub fn catalogue_page(topics: &[Topic]) -> String {
    let mut page = String::from(
        "# The catalogue\n\nEvery scenario, by topic, as `racelab list` prints them. A scenario's page \
         shows its code, each variant beside the others, and what every checker found.\n",
    );
    for topic in topics {
        let _ = writeln!(page, "\n## [{}]({})\n", topic.title, topic.page());
        page.push_str("| scenario | variants | what goes wrong |\n|---|---|---|\n");
        for s in &topic.scenarios {
            let variants: Vec<String> = s.variants.iter().map(|v| format!("`{}`", v.name)).collect();
            let _ = writeln!(
                page,
                "| [{id}](scenarios/{id}.md) | {} | {} |",
                variants.join(", "),
                s.title.replace('|', "\\|"),
                id = s.id
            );
        }
    }
    page
}

/// Where the catalogue's part of `SUMMARY.md` begins and ends.
pub const SUMMARY_OPEN: &str = "<!-- racelab:catalogue -->";
/// See [`SUMMARY_OPEN`].
pub const SUMMARY_CLOSE: &str = "<!-- /racelab:catalogue -->";

/// `summary` with its catalogue part, between [`SUMMARY_OPEN`] and [`SUMMARY_CLOSE`], listing
/// every topic and its scenarios; an error where the markers are missing.
pub fn refresh_summary(summary: &str, topics: &[Topic]) -> Result<String, String> {
    let missing =
        || format!("SUMMARY.md needs the lines {SUMMARY_OPEN} and {SUMMARY_CLOSE} around the catalogue");
    let start = summary.find(SUMMARY_OPEN).ok_or_else(missing)? + SUMMARY_OPEN.len();
    let end = start + summary[start..].find(SUMMARY_CLOSE).ok_or_else(missing)?;
    let mut part = String::from("\n- [The catalogue](catalogue.md)\n");
    for topic in topics {
        let _ = writeln!(part, "  - [{}]({})", topic.title, topic.page());
        for s in &topic.scenarios {
            let _ = writeln!(part, "    - [{id}](scenarios/{id}.md)", id = s.id);
        }
    }
    Ok(format!("{}{part}{}", &summary[..start], &summary[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "use x;\n// ANCHOR: shared\nstruct S;\n// ANCHOR: broken\nfn b() {}\n\
                        // ANCHOR_END: shared\nfn c() {}\n// ANCHOR_END: broken\n// ANCHOR: open\n";

    #[test]
    fn an_anchor_region_is_what_mdbook_includes() {
        assert_eq!(anchors(CODE), ["shared", "broken", "open"]);
        assert_eq!(anchored(CODE, "shared").unwrap(), ["struct S;", "fn b() {}"], "inner markers dropped");
        assert_eq!(anchored(CODE, "broken").unwrap(), ["fn b() {}", "fn c() {}"]);
        assert_eq!(anchored(CODE, "open"), None, "never closed");
        assert_eq!(anchored(CODE, "fixed"), None, "never opened");
    }

    #[test]
    fn the_summary_keeps_what_is_outside_its_markers() {
        let summary =
            format!("# Summary\n\n- [A](a.md)\n{SUMMARY_OPEN}\nold\n{SUMMARY_CLOSE}\n- [B](b.md)\n");
        let refreshed = refresh_summary(&summary, &[]).unwrap();
        assert_eq!(
            refreshed,
            format!(
                "# Summary\n\n- [A](a.md)\n{SUMMARY_OPEN}\n- [The catalogue](catalogue.md)\n{SUMMARY_CLOSE}\n- [B](b.md)\n"
            )
        );
        assert!(refresh_summary("# Summary\n", &[]).unwrap_err().contains(SUMMARY_OPEN), "names the fix");
    }
}
