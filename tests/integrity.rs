//! The catalogue checks itself: ids, files, index, declarations.

use std::collections::HashSet;
use std::path::Path;

use racelab::model::outcome::Grade;
use racelab::model::scenario::{Claim, well_formed_id};
use racelab::scenarios::INDEX;

#[test]
fn ids_are_unique_and_well_formed() {
    let mut seen = HashSet::new();
    for s in INDEX {
        assert!(well_formed_id(s.id), "{}: ids read topic_NN_what_goes_wrong", s.id);
        assert!(seen.insert(s.id), "{} is indexed twice", s.id);
    }
}

/// Every `scenarios/NN_topic/*.rs` file, as (folder, file stem).
fn scenario_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files = Vec::new();
    for folder in std::fs::read_dir(&root).unwrap() {
        let folder = folder.unwrap().path();
        if !folder.is_dir() {
            continue;
        }
        let name = folder.file_name().unwrap().to_string_lossy().to_string();
        assert!(folder.join("README.md").is_file(), "scenarios/{name} has no README.md");
        for file in std::fs::read_dir(&folder).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                files.push((name.clone(), path.file_stem().unwrap().to_string_lossy().to_string()));
            }
        }
    }
    files
}

#[test]
fn every_file_is_indexed_and_every_id_has_its_file() {
    let files = scenario_files();
    let ids: HashSet<_> = INDEX.iter().map(|s| s.id).collect();
    for (folder, stem) in &files {
        assert!(ids.contains(stem.as_str()), "scenarios/{folder}/{stem}.rs is not in scenarios/mod.rs INDEX");
    }
    for id in &ids {
        let homes: Vec<_> = files.iter().filter(|(_, stem)| stem == id).collect();
        assert_eq!(homes.len(), 1, "{id} must live in exactly one file scenarios/NN_topic/{id}.rs");
    }
}

#[test]
fn every_scenario_has_its_doc_page() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/src/scenarios");
    for s in INDEX {
        assert!(docs.join(format!("{}.md", s.id)).is_file(), "docs/src/scenarios/{}.md is missing", s.id);
    }
}

/// Every program can run: an `Actors` program has at least one actor (a `Body` spawns its own).
#[test]
fn every_program_can_run() {
    for s in INDEX {
        for v in s.variants {
            if let Some(why) = v.program.unrunnable() {
                panic!("{} {}: {why}", s.id, v.name);
            }
        }
    }
}

/// The first topic number that is not a lesson: folders from `90_...` on hold programs checked as
/// they are (a user's own, an exercise), where one variant, with its claim, is enough.
const FIRST_NON_LESSON_TOPIC: u32 = 90;

/// Whether the scenario `id` lives in a lesson's topic folder (numbered below 90), where broken and
/// fixed variants sit side by side.
fn is_lesson(id: &str) -> bool {
    scenario_files()
        .iter()
        .find(|(_, stem)| stem == id)
        .and_then(|(folder, _)| folder.split('_').next()?.parse::<u32>().ok())
        .is_none_or(|topic| topic < FIRST_NON_LESSON_TOPIC)
}

// The model names no backend, and no layer reaches above itself: `tests/layers.rs` reads every
// file's imports from its tokens and holds each to the table of layers.

#[test]
fn every_variant_declares_what_it_is_about() {
    for s in INDEX {
        assert!(
            !s.title.is_empty() && !s.intent.is_empty() && !s.explanation.is_empty(),
            "{}: title, intent, explanation",
            s.id
        );
        if is_lesson(s.id) {
            assert!(s.variants.len() >= 2, "{}: a lesson has a broken and a fixed variant at least", s.id);
            assert!(s.variants.iter().any(|v| v.claim == Claim::Broken), "{}: no broken variant", s.id);
            assert!(s.variants.iter().any(|v| v.claim == Claim::Correct), "{}: no correct variant", s.id);
        } else {
            assert!(!s.variants.is_empty(), "{}: a program needs one variant", s.id);
        }
        let mut names = HashSet::new();
        for v in s.variants {
            assert!(names.insert(v.name), "{}: variant {} twice", s.id, v.name);
            // A lesson names what goes wrong; a program checked as it is may declare only what it
            // accepts, its catch-all (never Acceptable, below) grading everything else.
            let notable = v.outcomes.iter().any(|o| o.grade != Grade::Acceptable);
            assert!(
                notable || !is_lesson(s.id),
                "{} {}: declares no Interesting or Forbidden outcome",
                s.id,
                v.name
            );
            assert_ne!(
                v.otherwise,
                Grade::Acceptable,
                "{} {}: a catch-all of Acceptable hides surprises",
                s.id,
                v.name
            );
            let mut ids = HashSet::new();
            for o in v.outcomes {
                assert!(ids.insert(o.id), "{} {}: outcome {} twice", s.id, v.name, o.id);
                assert!(
                    !o.description.is_empty(),
                    "{} {}: outcome {} has no description",
                    s.id,
                    v.name,
                    o.id
                );
            }
            if v.claim == Claim::Correct {
                assert!(
                    v.outcomes.iter().all(|o| o.grade != Grade::Interesting),
                    "{} {}: correct code has Acceptable or Forbidden outcomes, nothing in between",
                    s.id,
                    v.name
                );
            }
        }
    }
}
