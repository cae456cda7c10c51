//! `racelab new ID`: a new scenario, written from the scaffold and put in its place.
//!
//! [`create`] writes `scenarios/NN_topic/ID.rs` from `docs/src/scaffold.rs` (the id put in, and as
//! many actors as asked for, with an outcome for each count they can reach), indexes it in
//! `scenarios/mod.rs`, adds the topic folder and its README where the topic is new, and writes
//! the book's side with the code `tests/docs.rs` compares it with ([`crate::docs::page`]): the
//! scenario's page, its topic's page, the catalogue's index and `SUMMARY.md`. The page's report
//! blocks stay empty until the scenario is built into racelab: `.ci/update` fills them, with its
//! snapshots.
//!
//! It refuses, changing nothing, an id that is malformed or taken, a topic that is malformed, an
//! actor count loom cannot model, and a checkout whose index this racelab was not built from.

use std::path::{Path, PathBuf};

use crate::docs::page::{self, Topic};
use crate::model::scenario::{Declared, Scenario, Variant, well_formed_id};

#[path = "../docs/src/scaffold.rs"]
pub mod scaffold;

/// The scaffold's text, as `docs/src/scaffold.rs` holds it.
pub const SCAFFOLD: &str = include_str!("../docs/src/scaffold.rs");
/// The id the scaffold is written with, replaced by the new one.
const SCAFFOLD_ID: &str = "topic_NN_what_goes_wrong";
/// The most actors `--actors` takes: loom models at most five threads, the main one included.
pub const MAX_ACTORS: usize = 4;
/// The widest line rustfmt leaves whole (`rustfmt.toml`'s `max_width`).
const MAX_WIDTH: usize = 110;

/// What `racelab new` was asked for.
#[derive(Debug, Clone)]
pub struct Request {
    /// The scenario's id: `counter_03_torn_read`.
    pub id: String,
    /// Its topic folder, `NN_name`; `None` for the folder that holds its topic's scenarios.
    pub topic: Option<String>,
    /// How many actors its scaffold runs, 2 to [`MAX_ACTORS`].
    pub actors: usize,
}

/// Why `racelab new` refused: a message that names the input and says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

/// What [`create`] wrote.
#[derive(Debug)]
pub struct Created {
    /// The scenario's file, from the repository root: `scenarios/01_counters/counter_03_x.rs`.
    pub source: String,
    /// Every file written, created or changed, from the repository root, in the order written.
    pub written: Vec<String>,
}

/// The racelab checkout that holds `from`: the nearest directory at or above it with a
/// `Cargo.toml` of the package `racelab`, a `scenarios/mod.rs` and a `docs/src/SUMMARY.md`.
pub fn find_root(from: &Path) -> Result<PathBuf, Refused> {
    for dir in from.ancestors() {
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
        if manifest.lines().any(|l| l.trim() == "name = \"racelab\"")
            && dir.join("scenarios/mod.rs").is_file()
            && dir.join("docs/src/SUMMARY.md").is_file()
        {
            return Ok(dir.to_path_buf());
        }
    }
    Err(Refused(format!(
        "{} is not inside a racelab checkout (a directory with racelab's Cargo.toml, scenarios/mod.rs and \
         docs/src/SUMMARY.md): run `racelab new` from inside one, e.g. `cd racelab && cargo run -- new ID`",
        from.display()
    )))
}

/// The ids `scenarios/mod.rs` indexes, from its `pub mod` lines.
pub fn indexed_ids(mod_rs: &str) -> Vec<String> {
    mod_rs.lines().filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';')).map(str::to_string).collect()
}

/// The topic word and number of a well-formed id: `("counter", 3)` for `counter_03_torn_read`.
fn topic_and_number(id: &str) -> (&str, u32) {
    let mut parts = id.splitn(3, '_');
    let topic = parts.next().unwrap_or_default();
    let number = parts.next().and_then(|n| n.parse().ok()).unwrap_or_default();
    (topic, number)
}

/// The outcomes of `variant` of the scaffold with `actors` actors each adding one: every count
/// from 1 to `actors`. Fewer than `actors` is the scaffold's graded `"1"` (a lost increment), all
/// of them its `"2"`.
fn outcomes_for(variant: &Variant, actors: usize) -> Vec<Declared> {
    let lost = variant.declared("1").expect("the scaffold grades \"1\"");
    let all = variant.declared("2").expect("the scaffold grades \"2\"");
    (1..=actors)
        .map(|n| {
            let like = if n == actors { all } else { lost };
            Declared { id: leak(n.to_string()), ..*like }
        })
        .collect()
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The scenario the new file declares, for its page: the scaffold's, with `id` and the outcomes
/// of `actors` actors. Only its words and grades are used; its program is the scaffold's own.
pub fn declared(id: &str, actors: usize) -> &'static Scenario {
    let base = &scaffold::SCENARIO;
    let variants: Vec<Variant> = base
        .variants
        .iter()
        .map(|v| Variant { outcomes: Box::leak(outcomes_for(v, actors).into_boxed_slice()), ..*v })
        .collect();
    Box::leak(Box::new(Scenario {
        id: leak(id.to_string()),
        variants: Box::leak(variants.into_boxed_slice()),
        ..*base
    }))
}

/// An array field as rustfmt lays it out: on one line where it fits, else an item a line.
fn array(indent: &str, field: &str, items: &[String]) -> String {
    let one = format!("{indent}{field}: &[{}],\n", items.join(", "));
    if one.trim_end().chars().count() <= MAX_WIDTH {
        return one;
    }
    let mut out = format!("{indent}{field}: &[\n");
    for item in items {
        out.push_str(&format!("{indent}    {item},\n"));
    }
    out.push_str(&format!("{indent}],\n"));
    out
}

fn outcome_items(outcomes: &[Declared]) -> Vec<String> {
    outcomes.iter().map(|o| format!("outcome({:?}, {:?}, {:?})", o.id, o.grade, o.description)).collect()
}

fn actor_items(variant: &str, actors: usize) -> Vec<String> {
    (1..=actors).map(|n| format!("Actor {{ name: \"t{n}\", run: {variant}_actor }}")).collect()
}

/// The new scenario's file: the scaffold with `id` for its id, and `actors` actors in each variant.
pub fn scenario_file(id: &str, actors: usize) -> Result<String, Refused> {
    let moved = |what: &str| {
        Refused(format!(
            "docs/src/scaffold.rs no longer has {what} where racelab new expects it: update src/new.rs with it"
        ))
    };
    let mut text = SCAFFOLD.to_string();
    for v in scaffold::SCENARIO.variants {
        let (outcomes_at, actors_at) = ("            ", "                ");
        let was = array(outcomes_at, "outcomes", &outcome_items(v.outcomes));
        let now = array(outcomes_at, "outcomes", &outcome_items(&outcomes_for(v, actors)));
        if text.matches(&was).count() != 1 {
            return Err(moved(&format!("the outcomes of {} laid out as `{}`", v.name, was.trim())));
        }
        text = text.replace(&was, &now);
        let was = array(actors_at, "actors", &actor_items(v.name, 2));
        if text.matches(&was).count() != 1 {
            return Err(moved(&format!("the actors of {} laid out as `{}`", v.name, was.trim())));
        }
        text = text.replace(&was, &array(actors_at, "actors", &actor_items(v.name, actors)));
    }
    let prefix = |id: &str| id.splitn(3, '_').take(2).collect::<Vec<_>>().join("_");
    Ok(text.replace(SCAFFOLD_ID, id).replace(&prefix(SCAFFOLD_ID), &prefix(id)))
}

/// `mod_rs` with `id`, in `folder`, indexed: its module among the others in name order, and its
/// entry in `INDEX` after every scenario of its folder and of the folders before it, so that
/// `racelab list` keeps the topics in order (a new lesson comes before `90_genmc`'s programs).
fn add_to_index(mod_rs: &str, folder: &str, id: &str) -> Result<String, Refused> {
    let declaration = format!("#[path = \"{folder}/{id}.rs\"]\npub mod {id};\n");
    let mut out = String::with_capacity(mod_rs.len() + 2 * declaration.len());
    let mut placed = false;
    let mut lines = mod_rs.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let next = lines.peek().copied().unwrap_or_default();
        let is_declaration = line.starts_with("#[path = ") && next.starts_with("pub mod ");
        let after =
            next.strip_prefix("pub mod ").is_some_and(|name| name.trim_end().trim_end_matches(';') > id);
        let is_last = line.starts_with("pub mod ") && !next.starts_with("#[path = ");
        if !placed && is_declaration && after {
            out.push_str(&declaration);
            placed = true;
        }
        out.push_str(line);
        if !placed && is_last {
            out.push_str(&declaration);
            placed = true;
        }
    }
    let open = "pub static INDEX: &[&Scenario] = &[\n";
    let unexpected = || {
        Refused(format!(
            "scenarios/mod.rs is not laid out as racelab new expects (`#[path]` and `pub mod` pairs, then \
             `{}`...`];`): index {id} by hand, as docs/src/adding-a-scenario.md says",
            open.trim()
        ))
    };
    let start = out.find(open).ok_or_else(unexpected)? + open.len();
    let end = start + out[start..].find("];\n").ok_or_else(unexpected)?;
    if !placed {
        return Err(unexpected());
    }
    // Each indexed id's folder, from its `#[path]`: the entry goes before the first of a later one.
    let folder_of = |other: &str| {
        out.split_inclusive('\n')
            .find_map(|line| line.strip_prefix("#[path = \"")?.strip_suffix(&format!("/{other}.rs\"]\n")))
            .map(str::to_string)
    };
    let mut at = end;
    let mut offset = start;
    for line in out[start..end].split_inclusive('\n') {
        let entry = line.trim().strip_prefix('&').and_then(|l| l.strip_suffix("::SCENARIO,"));
        if let Some(other) = entry
            && folder_of(other).is_some_and(|f| f.as_str() > folder)
        {
            at = offset;
            break;
        }
        offset += line.len();
    }
    out.insert_str(at, &format!("    &{id}::SCENARIO,\n"));
    Ok(out)
}

/// The topic folders of `root/scenarios`, sorted.
fn folders(root: &Path) -> Result<Vec<String>, Refused> {
    let dir = root.join("scenarios");
    let entries = std::fs::read_dir(&dir).map_err(|e| Refused(format!("{}: {e}", dir.display())))?;
    let mut found: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    Ok(found)
}

/// Whether `topic` reads `NN_name`: two digits, then a lowercase snake_case name.
fn well_formed_topic(topic: &str) -> bool {
    let Some((number, name)) = topic.split_once('_') else { return false };
    number.len() == 2
        && number.chars().all(|c| c.is_ascii_digit())
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The folder the scenario goes in, and whether it is new.
fn choose_topic(root: &Path, request: &Request, ids: &[(String, String)]) -> Result<(String, bool), Refused> {
    let folders = folders(root)?;
    let next_number =
        folders.iter().filter_map(|f| f.get(..2)?.parse::<u32>().ok()).filter(|&n| n < 90).max().unwrap_or(0)
            + 1;
    let (word, _) = topic_and_number(&request.id);
    let Some(topic) = &request.topic else {
        let homes: Vec<&String> = {
            let mut homes: Vec<&String> =
                ids.iter().filter(|(id, _)| topic_and_number(id).0 == word).map(|(_, f)| f).collect();
            homes.dedup();
            homes
        };
        return match homes[..] {
            [folder] => Ok((folder.clone(), false)),
            [] => Err(Refused(format!(
                "no topic folder holds {word}_ scenarios yet: name a new one with --topic NN_name, e.g. \
                 --topic {next_number:02}_{word}"
            ))),
            _ => Err(Refused(format!(
                "{word}_ scenarios live in several folders ({}): say which with --topic",
                homes.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
            ))),
        };
    };
    if !well_formed_topic(topic) {
        return Err(Refused(format!(
            "'{topic}' is not a topic folder's name: topics read NN_name, two digits and a lowercase name, \
             e.g. --topic {next_number:02}_{word}"
        )));
    }
    if folders.contains(topic) {
        return Ok((topic.clone(), false));
    }
    if let Some(taken) = folders.iter().find(|f| f.get(..3) == topic.get(..3)) {
        return Err(Refused(format!(
            "topic number {} is taken by scenarios/{taken}: use --topic {taken}, or a new number such as \
             --topic {next_number:02}_{}",
            &topic[..2],
            &topic[3..]
        )));
    }
    Ok((topic.clone(), true))
}

/// Writes the scenario `request` asks for into the checkout at `root`, whose index must be
/// `index` (the catalogue this racelab was built with): see the module's docs. Nothing is written
/// when it refuses.
pub fn create(root: &Path, request: &Request, index: &[&'static Scenario]) -> Result<Created, Refused> {
    let id = request.id.as_str();
    if !well_formed_id(id) {
        return Err(Refused(format!(
            "'{id}' is not a scenario id: ids read topic_NN_what_goes_wrong, a lowercase topic word, two \
             digits and a lowercase snake_case name, e.g. counter_03_torn_read"
        )));
    }
    if !(2..=MAX_ACTORS).contains(&request.actors) {
        return Err(Refused(format!(
            "--actors {}: the scaffold needs 2 to {MAX_ACTORS} actors (two to race; loom models at most five \
             threads, the main one included)",
            request.actors
        )));
    }
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).map_err(|e| Refused(format!("cannot read {path}: {e}")))
    };
    let mod_rs = read("scenarios/mod.rs")?;
    let on_disk = indexed_ids(&mod_rs);
    // Every scenario file on disk, as (id, folder).
    let mut files = Vec::new();
    for folder in folders(root)? {
        let dir = root.join("scenarios").join(&folder);
        for entry in std::fs::read_dir(&dir).map_err(|e| Refused(format!("{}: {e}", dir.display())))? {
            let path = entry.map_err(|e| Refused(e.to_string()))?.path();
            if path.extension().is_some_and(|e| e == "rs") {
                let stem = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
                files.push((stem, folder.clone()));
            }
        }
    }
    let (word, number) = topic_and_number(id);
    let known: Vec<&String> = files.iter().map(|(stem, _)| stem).chain(&on_disk).collect();
    let next = known.iter().filter(|o| topic_and_number(o).0 == word).map(|o| topic_and_number(o).1).max();
    let next = next.unwrap_or(0) + 1;
    if let Some((_, folder)) = files.iter().find(|(other, _)| other == id) {
        return Err(Refused(format!(
            "{id} exists (scenarios/{folder}/{id}.rs): ids are stable, so take the next number, \
             {word}_{next:02}_..."
        )));
    }
    if let Some(other) = known.iter().find(|o| topic_and_number(o) == (word, number)) {
        return Err(Refused(format!(
            "{word}_{number:02} is taken by {other}: take the next number, {word}_{next:02}_{}",
            id.splitn(3, '_').nth(2).unwrap_or_default()
        )));
    }
    let built: Vec<&str> = index.iter().map(|s| s.id).collect();
    let differ: Vec<&str> = on_disk
        .iter()
        .map(String::as_str)
        .filter(|id| !built.contains(id))
        .chain(built.iter().copied().filter(|id| !on_disk.iter().any(|d| d == id)))
        .collect();
    if !differ.is_empty() {
        return Err(Refused(format!(
            "scenarios/mod.rs and this racelab's catalogue differ ({}): rebuild racelab from this checkout \
             and run it again, `cargo run -- new {id}`",
            differ.join(", ")
        )));
    }
    let (folder, new_topic) = choose_topic(root, request, &files)?;

    // Everything is known: make every file's text, then write them.
    let source = format!("scenarios/{folder}/{id}.rs");
    let code = scenario_file(id, request.actors)?;
    let mut writes: Vec<(String, String)> = Vec::new();
    if new_topic {
        let title = folder.replacen('_', " ", 1).replace('_', " ");
        writes.push((
            format!("scenarios/{folder}/README.md"),
            format!(
                "# {title}\n\nOne paragraph: what this topic teaches, and what each of its scenarios shows \
                 (`{id}`: what goes wrong, and the fix).\n"
            ),
        ));
    }
    writes.push((source.clone(), code.clone()));
    writes.push(("scenarios/mod.rs".into(), add_to_index(&mod_rs, &folder, id)?));
    let scenario = declared(id, request.actors);
    let mut all = index.to_vec();
    all.push(scenario);

    // The book: computed from the folders as they will be, so written after the scenario's side.
    let write_all = |writes: &[(String, String)]| -> Result<(), Refused> {
        for (path, text) in writes {
            let file = root.join(path);
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Refused(format!("cannot create {}: {e}", dir.display())))?;
            }
            std::fs::write(&file, text).map_err(|e| Refused(format!("cannot write {path}: {e}")))?;
        }
        Ok(())
    };
    write_all(&writes)?;
    let topics: Vec<Topic> = page::topics(root, &all).map_err(Refused)?;
    let topic = topics.iter().find(|t| t.folder == folder).expect("the folder just written");
    let summary = page::refresh_summary(&read("docs/src/SUMMARY.md")?, &topics).map_err(Refused)?;
    let book = vec![
        (format!("docs/src/scenarios/{id}.md"), page::scenario_page_outline(scenario, topic, &source, &code)),
        (format!("docs/src/{}", topic.page()), page::topic_page(topic)),
        ("docs/src/catalogue.md".to_string(), page::catalogue_page(&topics)),
        ("docs/src/SUMMARY.md".to_string(), summary),
    ];
    write_all(&book)?;
    let written = writes.into_iter().chain(book).map(|(path, _)| path).collect();
    Ok(Created { source, written })
}

/// What `racelab new` prints once it has written the scenario: the files, then the next two
/// commands, the first report and the review.
pub fn next_steps(id: &str, created: &Created) -> String {
    let mut text = format!("created {id}:\n");
    for path in &created.written {
        text.push_str(&format!("  {path}\n"));
    }
    text.push_str(&format!(
        "\nRewrite {source} (what goes wrong, the state, the actors, the graded outcomes), then:\n  \
         cargo run --release -- check {id}    # build racelab with it, check it on every backend\n  \
         .ci/update && cargo insta review    # write its snapshots and its page's reports, and review them\n",
        source = created.source
    ));
    text
}
