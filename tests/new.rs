//! `racelab new`: the files it writes, in a temporary copy of the parts of the repository it
//! edits, and what it refuses. The copy's build and its first report are `a_new_scenario_builds_
//! and_checks`, ignored here and run by `.ci/run`: it compiles racelab once more, which takes longer
//! than the whole of `cargo test` may.

use std::path::{Path, PathBuf};
use std::process::Command;

use racelab::new::{self, Request, SCAFFOLD};
use racelab::scenarios::INDEX;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `paths` (files or folders, from the repository root) into a fresh temporary folder.
fn copy(paths: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for path in paths {
        copy_into(&root().join(path), &dir.path().join(path));
    }
    dir
}

fn copy_into(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_into(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
}

/// What `racelab new` reads and writes: the catalogue and the book's generated side.
const EDITED: &[&str] = &[
    "Cargo.toml",
    "scenarios",
    "docs/src/SUMMARY.md",
    "docs/src/catalogue.md",
    "docs/src/topics",
    "docs/src/scenarios",
];

fn request(id: &str, topic: Option<&str>, actors: usize) -> Request {
    Request { id: id.to_string(), topic: topic.map(str::to_string), actors }
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every file under `dir`, with its text: what a refusal must leave as it was.
fn tree(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), std::fs::read_to_string(&path).unwrap_or_default()));
            }
        }
    }
    files.sort();
    files
}

/// `after` holds every line of `before`, in order, and more: a file `new` only added to.
fn only_added(before: &str, after: &str) -> bool {
    let mut lines = after.lines();
    before.lines().all(|kept| lines.any(|l| l == kept)) && after.len() > before.len()
}

#[test]
fn two_actors_give_the_scaffold_itself_with_the_new_id() {
    let file = new::scenario_file("counter_03_torn_read", 2).unwrap();
    let expected = SCAFFOLD
        .replace("topic_NN_what_goes_wrong", "counter_03_torn_read")
        .replace("topic_NN", "counter_03");
    assert_eq!(file, expected);
    assert!(!file.contains("topic_NN"));
}

#[test]
fn more_actors_give_an_outcome_for_every_count_laid_out_as_rustfmt_does() {
    for actors in 2..=new::MAX_ACTORS {
        let file = new::scenario_file("counter_03_torn_read", actors).unwrap();
        let names =
            (1..=actors).filter(|n| file.contains(&format!("name: \"t{n}\", run: broken_actor"))).count();
        assert_eq!(names, actors, "{actors} broken actors");
        assert!(
            file.contains(&format!("outcome(\"{actors}\", Acceptable")),
            "all {actors} increments applied"
        );
        assert!(!file.contains(&format!("outcome(\"{}\"", actors + 1)));
        let mut rustfmt = Command::new("rustfmt")
            .args(["--edition", "2024", "--check", "--config-path"])
            .arg(root().join("rustfmt.toml"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("rustfmt, which `cargo fmt --check` needs too");
        std::io::Write::write_all(rustfmt.stdin.as_mut().unwrap(), file.as_bytes()).unwrap();
        let out = rustfmt.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{actors} actors, not as rustfmt lays it out:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn a_scenario_in_an_existing_topic_is_written_indexed_and_in_the_book() {
    let dir = copy(EDITED);
    let before = |path| read(root(), path);
    let created = new::create(dir.path(), &request("counter_03_torn_read", None, 2), INDEX).unwrap();
    assert_eq!(created.source, "scenarios/01_counters/counter_03_torn_read.rs");
    assert_eq!(read(dir.path(), &created.source), new::scenario_file("counter_03_torn_read", 2).unwrap());
    let mod_rs = read(dir.path(), "scenarios/mod.rs");
    assert!(only_added(&before("scenarios/mod.rs"), &mod_rs));
    assert!(mod_rs.contains(
        "#[path = \"01_counters/counter_03_torn_read.rs\"]\npub mod counter_03_torn_read;\n#[path = \"03_deadlock/"
    ));
    // In INDEX after the last of its topic, before the next topic's first: `racelab list` keeps
    // the topics in order.
    assert!(mod_rs.contains(
        "    &counter_02_mutex::SCENARIO,\n    &counter_03_torn_read::SCENARIO,\n    &section_01_check_then_act::SCENARIO,\n"
    ));
    let summary = read(dir.path(), "docs/src/SUMMARY.md");
    assert!(only_added(&before("docs/src/SUMMARY.md"), &summary));
    assert!(summary.contains(
        "    - [counter_02_mutex](scenarios/counter_02_mutex.md)\n    - [counter_03_torn_read](scenarios/counter_03_torn_read.md)\n"
    ));
    for path in ["docs/src/catalogue.md", "docs/src/topics/01_counters.md"] {
        let text = read(dir.path(), path);
        assert!(only_added(&before(path), &text), "{path} only gains the new scenario");
        assert!(
            text.contains("(scenarios/counter_03_torn_read.md)")
                || text.contains("(../scenarios/counter_03_torn_read.md)")
        );
    }
    let page = read(dir.path(), "docs/src/scenarios/counter_03_torn_read.md");
    assert!(page.starts_with("# counter_03_torn_read\n"));
    assert!(page.contains("{{#include ../../../scenarios/01_counters/counter_03_torn_read.rs:broken}}"));
    assert!(
        page.contains("<!-- racelab:report counter_03_torn_read broken loom -->\n<!-- /racelab:report -->"),
        "blocks left for .ci/update"
    );
    assert_eq!(created.written.len(), 6, "{:?}", created.written);
    let printed = new::next_steps("counter_03_torn_read", &created);
    assert!(printed.contains("cargo run --release -- check counter_03_torn_read"));
    assert!(printed.contains(".ci/update && cargo insta review"));
}

/// The number a new lesson topic takes: one past the highest below 90 (the catalogue grows, so
/// the tests ask it rather than name one).
fn next_topic_number() -> u32 {
    std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().split('_').next()?.parse::<u32>().ok())
        .filter(|&n| n < 90)
        .max()
        .map_or(1, |n| n + 1)
}

#[test]
fn a_new_topic_gets_its_folder_readme_and_page() {
    let dir = copy(EDITED);
    let n = next_topic_number();
    let topic = format!("{n:02}_probe");
    let created = new::create(dir.path(), &request("probe_01_lost_item", Some(&topic), 3), INDEX).unwrap();
    let readme = read(dir.path(), &format!("scenarios/{topic}/README.md"));
    assert!(readme.starts_with(&format!("# {n:02} probe\n")), "its title, which the topic's page takes");
    assert!(created.written.contains(&format!("scenarios/{topic}/README.md")));
    assert!(read(dir.path(), &format!("docs/src/topics/{topic}.md")).contains("[probe_01_lost_item]"));
    let summary = read(dir.path(), "docs/src/SUMMARY.md");
    let entry = format!(
        "  - [{n:02} probe](topics/{topic}.md)\n    - [probe_01_lost_item](scenarios/probe_01_lost_item.md)\n"
    );
    let (_, after) = summary.split_once(&entry).expect("the new topic and its scenario in SUMMARY.md");
    let (after, _) = after.split_once("<!-- /racelab:catalogue -->").expect("inside the catalogue's part");
    // The last lesson: only topics that are not lessons (numbered 90 and up) follow it.
    let later: Vec<&str> = after.lines().filter(|l| l.starts_with("  - [")).collect();
    assert!(
        later.iter().all(|l| l[5..7].parse::<u32>().is_ok_and(|t| t >= 90)),
        "after the new topic: {later:?}"
    );
    // In INDEX too, the new lesson comes before the programs of the topics numbered 90 and up.
    let mod_rs = read(dir.path(), "scenarios/mod.rs");
    let index = &mod_rs[mod_rs.find("pub static INDEX").expect("an INDEX")..];
    let probe = index.find("&probe_01_lost_item::SCENARIO").expect("indexed");
    let first_non_lesson = index.find("&genmc_").unwrap_or(usize::MAX);
    assert!(probe < first_non_lesson, "the new lesson sits among the lessons");
    let page = read(dir.path(), "docs/src/scenarios/probe_01_lost_item.md");
    assert!(page.contains("| `3` | Acceptable | Acceptable |"), "three actors, three increments");
}

#[test]
fn it_refuses_bad_input_with_the_fix_and_changes_nothing() {
    let dir = copy(EDITED);
    let untouched = tree(dir.path());
    let refused = |id: &str, topic: Option<&str>, actors: usize| {
        let why = new::create(dir.path(), &request(id, topic, actors), INDEX).unwrap_err().0;
        assert_eq!(tree(dir.path()), untouched, "{id}: refused, yet a file changed");
        why
    };
    assert!(
        refused("counter_01_lost_update", None, 2)
            .contains("counter_01_lost_update exists (scenarios/01_counters/")
    );
    assert!(
        refused("counter_02_other", None, 2)
            .contains("is taken by counter_02_mutex: take the next number, counter_03_other")
    );
    assert!(refused("Counter_3", None, 2).contains("ids read topic_NN_what_goes_wrong"));
    let next = format!("--topic {:02}_probe", next_topic_number());
    assert!(refused("probe_01_lost_item", None, 2).contains(&next));
    assert!(refused("probe_01_lost_item", Some("probe"), 2).contains("topics read NN_name"));
    assert!(refused("probe_01_lost_item", Some("01_probe"), 2).contains("taken by scenarios/01_counters"));
    assert!(refused("counter_03_x", None, 1).contains("2 to 4 actors"));
    assert!(refused("counter_03_x", None, 5).contains("2 to 4 actors"));
}

#[test]
fn a_checkout_indexing_what_this_racelab_lacks_is_refused() {
    let dir = copy(EDITED);
    new::create(dir.path(), &request("counter_03_torn_read", None, 2), INDEX).unwrap();
    let why = new::create(dir.path(), &request("counter_04_more", None, 2), INDEX).unwrap_err().0;
    assert!(why.contains("counter_03_torn_read") && why.contains("rebuild racelab"), "{why}");
}

#[test]
fn the_command_finds_the_root_from_a_folder_inside_it_and_says_so_outside() {
    let dir = copy(EDITED);
    let run = |cwd: &Path| {
        Command::new(env!("CARGO_BIN_EXE_racelab"))
            .args(["new", "counter_03_torn_read"])
            .current_dir(cwd)
            .output()
            .unwrap()
    };
    let outside = tempfile::tempdir().unwrap();
    let out = run(outside.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not inside a racelab checkout"));
    let out = run(&dir.path().join("scenarios/01_counters"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains(".ci/update && cargo insta review"));
    assert!(dir.path().join("scenarios/01_counters/counter_03_torn_read.rs").is_file());
    let again = run(dir.path());
    assert_eq!(again.status.code(), Some(2), "an id that exists");
}

/// The whole way, in a copy of every file a build needs: `racelab new` with a new topic and three
/// actors, then the copy's integrity and scaffold tests and its first report. It builds racelab
/// once more in `CARGO_TARGET_DIR` (this build's own target folder, so that only racelab itself is
/// compiled): minutes, not seconds, so it is ignored in `cargo test` and run by `.ci/run`.
#[test]
#[ignore = "builds racelab again (about two minutes): run by .ci/run"]
fn a_new_scenario_builds_and_checks() {
    let tracked = Command::new("git")
        .args(["ls-files", "--cached", "--others", "--exclude-standard"])
        .current_dir(root())
        .output()
        .unwrap();
    let tracked = String::from_utf8(tracked.stdout).unwrap();
    let paths: Vec<&str> = tracked.lines().collect();
    let dir = copy(&paths);
    let target =
        std::env::var("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|_| root().join("target"));
    let racelab = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_racelab")).args(args).current_dir(dir.path()).output().unwrap()
    };
    let topic = format!("{:02}_probe", next_topic_number());
    let out = racelab(&["new", "probe_01_lost_item", "--topic", &topic, "--actors", "3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let cargo = |args: &[&str]| {
        let out = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(dir.path())
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("CI")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "cargo {args:?}:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    cargo(&["test", "--test", "integrity", "--test", "scaffold"]);
    let report = cargo(&["run", "--", "check", "probe_01_lost_item", "--backend", "loom,shuttle"]);
    assert!(report.contains("probe_01_lost_item · broken · loom"), "{report}");
    assert!(report.contains("verdict: CAUGHT"), "{report}");
    assert!(report.contains("verdict: VERIFIED"), "{report}");
}

/// The examples the command's help and `docs/src/adding-a-scenario.md` give are ones `racelab new`
/// takes on the catalogue as it is (an example whose id or topic number the catalogue has since
/// taken would be refused: give it a free one).
#[test]
fn the_examples_of_the_help_and_the_book_are_taken() {
    let command = racelab::cli::args::command();
    let help = command
        .find_subcommand("new")
        .expect("a new command")
        .get_after_help()
        .expect("examples")
        .to_string();
    let book = read(root(), "docs/src/adding-a-scenario.md");
    let examples: Vec<&str> = help
        .lines()
        .chain(book.lines())
        .filter_map(|l| {
            l.trim().strip_prefix("racelab new ").or_else(|| l.trim().strip_prefix("cargo run -- new "))
        })
        .collect();
    assert!(examples.len() >= 4, "the help's three examples and the book's: {examples:?}");
    for example in examples {
        // The example's words, up to its explanation (two spaces, or a shell comment).
        let words: Vec<&str> = example.split("  ").next().unwrap().split_whitespace().collect();
        let option = |name: &str| words.iter().position(|w| *w == name).map(|at| words[at + 1]);
        let actors = option("--actors").map_or(2, |n| n.parse().unwrap());
        let dir = copy(EDITED);
        let taken = new::create(dir.path(), &request(words[0], option("--topic"), actors), INDEX);
        assert!(taken.is_ok(), "`racelab new {example}` is refused: {}", taken.err().unwrap().0);
    }
}
