//! The docs hold no pasted output: every generated file is regenerated here and compared, one test
//! per file, named by its path (`docs/src/scenarios/counter_01_lost_update.md`), so a run names
//! every stale file, each failing with its diff. Generated are: every report, combined and options
//! block in the README and the book ([`racelab::docs`]); the catalogue's pages, its index and its
//! part of `SUMMARY.md` ([`racelab::docs::page`]); the command-line reference
//! ([`racelab::docs::cli`]).
//!
//! `RACELAB_BLESS=1 cargo test --test docs` rewrites the stale files instead (never under `CI`);
//! `.ci/update` does it with every snapshot too. Review the diff before committing.

use std::path::{Path, PathBuf};

#[path = "literature/mod.rs"]
mod literature;

use libtest_mimic::{Arguments, Failed, Trial};
use racelab::docs::{self, page, page::Topic};
use racelab::model::scenario::Scenario;
use racelab::scenarios::INDEX;

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    let wholesale = generated_pages();
    for file in markdown_files() {
        let path = relative(&file);
        if wholesale.contains(&path) {
            continue; // generated whole below, blocks included
        }
        trials.push(Trial::test(path.clone(), move || {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let mut expected = docs::refresh_blocks_with(find, &text).map_err(|e| format!("{path}: {e}"))?;
            if path == "docs/src/SUMMARY.md" {
                expected = page::refresh_summary(&expected, &topics()).map_err(|e| format!("{path}: {e}"))?;
            }
            compare(&path, &expected)
        }));
    }
    for topic in topics() {
        for &scenario in &topic.scenarios {
            let path = format!("docs/src/scenarios/{}.md", scenario.id);
            let folder = topic.folder.clone();
            trials.push(Trial::test(path.clone(), move || {
                let topic = topics().into_iter().find(|t| t.folder == folder).expect("the same topics");
                compare(&path, &scenario_page(&topic, scenario)?)
            }));
        }
        let path = format!("docs/src/{}", topic.page());
        trials.push(Trial::test(path.clone(), move || compare(&path, &page::topic_page(&topic))));
    }
    trials.push(Trial::test("docs/src/catalogue.md", || {
        compare("docs/src/catalogue.md", &page::catalogue_page(&topics()))
    }));
    trials.push(Trial::test("docs/src/cli.md", || {
        compare("docs/src/cli.md", &docs::cli::reference(&racelab::cli::command()))
    }));
    trials.push(Trial::test("generated::no_page_outlives_its_scenario_or_topic", move || {
        no_stray_pages(&wholesale)
    }));
    libtest_mimic::run(&args, trials).exit();
}

/// The catalogue, then the literature programs, which `docs/src/backends.md` shows.
fn find(id: &str) -> Option<&'static Scenario> {
    racelab::scenarios::find(id).or_else(|| literature::find(id))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).to_string_lossy().into_owned()
}

/// The catalogue's topic folders, in order, each with its README's title and its scenarios in
/// catalogue order.
fn topics() -> Vec<Topic> {
    page::topics(root(), INDEX).unwrap_or_else(|e| panic!("{e}"))
}

/// A scenario's page, after checking that its file marks every variant's code.
fn scenario_page(topic: &Topic, scenario: &'static Scenario) -> Result<String, Failed> {
    let source = format!("scenarios/{}/{}.rs", topic.folder, scenario.id);
    let code = std::fs::read_to_string(root().join(&source)).map_err(|e| format!("{source}: {e}"))?;
    for v in scenario.variants {
        if page::anchored(&code, v.name).is_none_or(|lines| lines.iter().all(|l| l.trim().is_empty())) {
            return Err(format!(
                "{source}: variant {name} has no code marked for its page: put `// ANCHOR: {name}` before \
                 its code and `// ANCHOR_END: {name}` after it",
                name = v.name
            )
            .into());
        }
    }
    Ok(page::scenario_page(scenario, topic, &source, &code))
}

/// Every generated page, from the repository root.
fn generated_pages() -> Vec<String> {
    let mut pages: Vec<String> = INDEX.iter().map(|s| format!("docs/src/scenarios/{}.md", s.id)).collect();
    pages.extend(topics().iter().map(|t| format!("docs/src/{}", t.page())));
    pages.extend(["docs/src/catalogue.md".to_string(), "docs/src/cli.md".to_string()]);
    pages
}

/// A page left in the generated folders by a scenario or topic that is gone.
fn no_stray_pages(generated: &[String]) -> Result<(), Failed> {
    let mut stray = Vec::new();
    for folder in ["docs/src/scenarios", "docs/src/topics"] {
        let Ok(entries) = std::fs::read_dir(root().join(folder)) else { continue };
        for entry in entries {
            let path = relative(&entry.unwrap().path());
            if !generated.contains(&path) {
                stray.push(path);
            }
        }
    }
    if stray.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "generated by nothing, left by a scenario or topic that is gone: delete {}",
            stray.join(", ")
        )
        .into())
    }
}

fn markdown_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    let mut files = vec![root().join("README.md")];
    walk(&root().join("docs/src"), &mut files);
    files.sort();
    files
}

/// Compares the file at `path` (from the repository root) with `expected`: a failure shows the
/// diff from what is committed to what the code generates. With `RACELAB_BLESS` set, outside CI,
/// a stale file is rewritten instead.
fn compare(path: &str, expected: &str) -> Result<(), Failed> {
    let file = root().join(path);
    let actual = std::fs::read_to_string(&file).unwrap_or_default();
    if actual == expected {
        return Ok(());
    }
    if std::env::var_os("RACELAB_BLESS").is_some() && std::env::var_os("CI").is_none() {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{path}: {e}"))?;
        }
        std::fs::write(&file, expected).map_err(|e| format!("{path}: {e}"))?;
        eprintln!("rewrote {path}");
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(actual.as_str(), expected)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{path} (committed)"), &format!("{path} (generated)"))
        .to_string();
    Err(format!(
        "{path} is out of date with the code. Regenerate it with `.ci/update` (or \
         `RACELAB_BLESS=1 cargo test --test docs`) and review the diff:\n\n{diff}"
    )
    .into())
}
