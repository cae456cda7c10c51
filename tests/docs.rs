//! The docs hold no pasted output: every report in them is regenerated here and compared.
//! `RACELAB_BLESS=1 cargo test --test docs` rewrites the files; review the diff before committing.

use std::path::{Path, PathBuf};

#[path = "literature/mod.rs"]
mod literature;

use racelab::docs;
use racelab::scenario::Scenario;
use racelab::scenarios::INDEX;

/// The catalogue, then the literature programs, which `docs/src/backends.md` shows.
fn find(id: &str) -> Option<&'static Scenario> {
    racelab::scenarios::find(id).or_else(|| literature::find(id))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `path` with `expected`, or rewrites it when blessing.
fn compare(path: &Path, expected: &str) {
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    if actual == expected {
        return;
    }
    if std::env::var_os("RACELAB_BLESS").is_some() && std::env::var_os("CI").is_none() {
        std::fs::write(path, expected).unwrap();
        return;
    }
    panic!(
        "{} is out of date with the code: run `RACELAB_BLESS=1 cargo test --test docs` and review the diff",
        path.strip_prefix(root()).unwrap_or(path).display()
    );
}

fn markdown_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            markdown_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
}

#[test]
fn every_report_block_in_the_docs_is_current() {
    let mut files = vec![root().join("README.md")];
    markdown_files(&root().join("docs/src"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let refreshed =
            docs::refresh_blocks_with(find, &text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        compare(&file, &refreshed);
    }
}

#[test]
fn every_scenario_page_is_current() {
    for scenario in INDEX {
        let topic = std::fs::read_dir(root().join("scenarios"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|dir| dir.join(format!("{}.rs", scenario.id)).is_file())
            .unwrap_or_else(|| panic!("{} has no file", scenario.id));
        let source = format!("scenarios/{}/{}.rs", topic.file_name().unwrap().to_string_lossy(), scenario.id);
        let page = docs::scenario_page(scenario, &source);
        compare(&root().join(format!("docs/src/scenarios/{}.md", scenario.id)), &page);
    }
}

#[test]
fn the_book_lists_every_scenario_page() {
    let summary = std::fs::read_to_string(root().join("docs/src/SUMMARY.md")).unwrap();
    for scenario in INDEX {
        let link = format!("(scenarios/{}.md)", scenario.id);
        assert!(summary.contains(&link), "docs/src/SUMMARY.md does not link {link}");
    }
}
