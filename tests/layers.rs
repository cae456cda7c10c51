//! The layers of the house, as a rule a test holds: every file imports only from its own layer and
//! the layers its layer may use, and no files import each other in a circle.
//!
//! [`LAYERS`] is the table, bottom up. What counts as an import is every path in code (comments and
//! strings are not code) that names racelab's own items: `crate::a::b`, `racelab::a::b`,
//! `$crate::a`, `super::a`, `self::a`, and a path through a child module the file declares
//! (`mod graph;` then `graph::Kind`). Each resolves to the file of the deepest module it names, as
//! `../shared/tools/import-circles` resolves `crate::` paths (this test also follows `super::`,
//! `self::` and children, and the modules inside a file, such as `mod tests`). A layer also says
//! which engine crates it may name (`loom::`, `shuttle::`, `tokio::`, `generator::`): the model
//! names none, as it names no backend.
//!
//! The files are tokenized with `proc-macro2`, the tokenizer of Rust's own procedural macros, so
//! that a path in a doc comment, a string or a raw string is never taken for code, and a path
//! inside a macro's body always is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// One layer: what it is called, the files it holds, the layers it may import, and the engine
/// crates it may name.
struct Layer {
    name: &'static str,
    /// Paths from the crate's root: a file (`src/os.rs`) or a folder (`src/model/`).
    holds: &'static [&'static str],
    /// The layers below it that it may import (its own is always allowed).
    uses: &'static [&'static str],
    /// The engine crates its code may name.
    engines: &'static [&'static str],
}

/// The layers, bottom up. Each line's `uses` is the whole of what it may import; a layer that is
/// not named there is out of reach, even when it sits lower (the model reads no runtime, a verdict
/// no backend).
const LAYERS: &[Layer] = &[
    // Leaves anyone may use: the terminal, and the operating system's processes.
    Layer { name: "leaves", holds: &["src/term.rs", "src/os.rs"], uses: &[], engines: &[] },
    // The words as data: scenario, variant, claim, outcome, program interface, observation, trace.
    Layer { name: "model", holds: &["src/model/"], uses: &["leaves"], engines: &[] },
    // rc11's core, as GenMC keeps it: the graph, the model's axioms, the consistency checks, the
    // search's steps. Nothing outside `rc11/`.
    Layer {
        name: "rc11 core",
        holds: &[
            "src/rc11/mod.rs",
            "src/rc11/graph.rs",
            "src/rc11/model.rs",
            "src/rc11/consistency.rs",
            "src/rc11/trust.rs",
        ],
        uses: &[],
        engines: &[],
    },
    // Under the facade: which engine runs, the recorder, actors caught, every engine's payloads.
    Layer {
        name: "runtime",
        holds: &["src/rt/"],
        uses: &["model", "leaves"],
        engines: &["loom", "shuttle", "generator"],
    },
    // rc11's hooks: what the facade calls on that engine.
    Layer {
        name: "rc11 hooks",
        holds: &["src/rc11/run/"],
        uses: &["rc11 core", "runtime", "model", "leaves"],
        engines: &["shuttle"],
    },
    // std's paths, on every engine.
    Layer {
        name: "facade",
        holds: &["src/sync/", "src/thread.rs", "src/task.rs", "src/fs.rs", "src/process.rs"],
        uses: &["rc11 hooks", "runtime", "model", "leaves"],
        engines: &["loom", "shuttle", "tokio"],
    },
    // How a program runs once: Actors, Processes, Body.
    Layer {
        name: "programs",
        holds: &["src/program/"],
        uses: &["facade", "runtime", "model", "leaves"],
        engines: &[],
    },
    // Each backend turns a program into an observation; never a verdict, a report or a check.
    Layer {
        name: "backends",
        holds: &["src/backend/"],
        uses: &["programs", "facade", "rc11 hooks", "rc11 core", "runtime", "model", "leaves"],
        engines: &["loom", "shuttle"],
    },
    Layer { name: "verdicts", holds: &["src/verdict/"], uses: &["model", "leaves"], engines: &[] },
    Layer { name: "reports", holds: &["src/report/"], uses: &["verdicts", "model", "leaves"], engines: &[] },
    // One check: settings, widening, the cross-check, isolation; graded at one front door.
    Layer {
        name: "checks",
        holds: &["src/check/"],
        uses: &["reports", "verdicts", "backends", "runtime", "model", "leaves"],
        engines: &[],
    },
    // The lessons: executors on the facade, and the timed runs of them; executors never import the
    // timed runs.
    Layer {
        name: "executors",
        holds: &["src/exec/"],
        uses: &["facade", "runtime", "model", "leaves"],
        engines: &["tokio"],
    },
    Layer { name: "timed runs", holds: &["src/bench/"], uses: &["executors", "leaves"], engines: &["tokio"] },
    // Everything a scenario file needs, in one import.
    Layer {
        name: "prelude",
        holds: &["src/prelude.rs"],
        uses: &["programs", "facade", "model"],
        engines: &[],
    },
    // The catalogue: scenarios on the prelude, the facade and the executors; never a backend.
    Layer {
        name: "catalogue",
        holds: &["scenarios/"],
        uses: &["prelude", "executors", "programs", "facade", "model"],
        engines: &["tokio"],
    },
    // The command line's words, apart from its code, so that the docs read them without a circle.
    Layer {
        name: "command line's words",
        holds: &["src/cli/args.rs", "src/cli/flags.rs"],
        uses: &["timed runs", "backends", "model", "leaves"],
        engines: &[],
    },
    Layer {
        name: "docs",
        holds: &["src/docs.rs", "src/docs/"],
        uses: &["command line's words", "catalogue", "checks", "reports", "backends", "model", "leaves"],
        engines: &[],
    },
    Layer { name: "new", holds: &["src/new.rs"], uses: &["docs", "model"], engines: &[] },
    // The front door: the command, and the crate's root with its tour and its old paths.
    Layer {
        name: "front door",
        holds: &["src/cli/", "src/lib.rs", "src/main.rs"],
        uses: &[
            "new",
            "docs",
            "command line's words",
            "catalogue",
            "prelude",
            "timed runs",
            "executors",
            "checks",
            "reports",
            "verdicts",
            "backends",
            "programs",
            "facade",
            "rc11 hooks",
            "runtime",
            "rc11 core",
            "model",
            "leaves",
        ],
        engines: &[],
    },
];

/// The engine crates a layer's code may name, or not.
const ENGINES: [&str; 4] = ["loom", "shuttle", "tokio", "generator"];

/// A file's layer: the one whose `holds` names it most closely (a file before its folder).
fn layer_of(file: &str) -> Option<&'static Layer> {
    LAYERS
        .iter()
        .flat_map(|l| l.holds.iter().map(move |h| (l, *h)))
        .filter(|(_, h)| if h.ends_with('/') { file.starts_with(h) } else { file == *h })
        .max_by_key(|(_, h)| h.len())
        .map(|(l, _)| l)
}

/// The crate's files, by their path from the root, with their module paths.
struct Crate {
    root: PathBuf,
    /// Module path (`["rc11", "run"]`) to file (`src/rc11/run/mod.rs`).
    modules: BTreeMap<Vec<String>, String>,
    /// The macros exported at the crate's root (`select`), to the file that defines them.
    macros: BTreeMap<String, String>,
}

impl Crate {
    fn load() -> Crate {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut modules = BTreeMap::new();
        for file in rust_files(&root.join("src")).into_iter().chain(rust_files(&root.join("scenarios"))) {
            let rel = relative(&root, &file);
            modules.insert(module_path(&rel), rel);
        }
        let mut macros = BTreeMap::new();
        for file in modules.values() {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            let tokens: Vec<TokenTree> = TokenStream::from_str(&text).unwrap().into_iter().collect();
            for w in tokens.windows(3) {
                if let (TokenTree::Ident(a), TokenTree::Punct(p), TokenTree::Ident(name)) =
                    (&w[0], &w[1], &w[2])
                    && a == "macro_rules"
                    && p.as_char() == '!'
                {
                    macros.insert(name.to_string(), file.clone());
                }
            }
        }
        Crate { root, modules, macros }
    }

    /// The file of the deepest module `path` names (`["rc11", "run", "load"]` is in
    /// `src/rc11/run/mod.rs`); a macro exported at the root is in the file that defines it.
    fn resolve(&self, path: &[String]) -> Option<&String> {
        if let Some(first) = path.first()
            && !self.modules.contains_key(&path[..1])
            && let Some(file) = self.macros.get(first)
        {
            return Some(file);
        }
        (1..=path.len()).rev().find_map(|k| self.modules.get(&path[..k]))
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn relative(root: &Path, file: &Path) -> String {
    file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")
}

/// A file's module path: `src/rc11/run/mod.rs` is `["rc11", "run"]`, `src/lib.rs` is `[]`, and the
/// catalogue sits at `scenarios` (`lib.rs` mounts `scenarios/mod.rs` there).
fn module_path(rel: &str) -> Vec<String> {
    let (base, rest) = match rel.split_once('/') {
        Some(("src", rest)) => (vec![], rest),
        Some(("scenarios", rest)) => (vec!["scenarios".to_string()], rest),
        _ => panic!("{rel} is neither in src/ nor in scenarios/"),
    };
    let mut parts: Vec<String> = base;
    parts.extend(rest.trim_end_matches(".rs").split('/').map(str::to_string));
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// One path in a file's code that names racelab's own items or an engine crate.
struct Import {
    line: usize,
    /// As written, for the message.
    text: String,
    /// The module path it names, from the crate's root; `None` for an engine crate.
    path: Option<Vec<String>>,
    /// The engine crate it names, if it names one.
    engine: Option<String>,
}

/// Every import in `tokens`, read as code of the module `module` (a file's, or one inside it).
fn imports(tokens: TokenStream, module: &[String], out: &mut Vec<Import>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    // The child modules this module declares: a path through one is a path into its file.
    let mut children: BTreeSet<String> = BTreeSet::new();
    for w in tokens.windows(2) {
        if let (TokenTree::Ident(m), TokenTree::Ident(name)) = (&w[0], &w[1])
            && m == "mod"
        {
            children.insert(name.to_string());
        }
    }
    imports_in(&tokens, module, &children, out);
}

/// [`imports`] of the tokens of one module or of a group inside it (a function's body, a macro's
/// arguments), where `children` are the module's child modules.
fn imports_in(tokens: &[TokenTree], module: &[String], children: &BTreeSet<String>, out: &mut Vec<Import>) {
    let mut i = 0;
    while i < tokens.len() {
        // `mod name { ... }`: a module inside the file, read as its own; so is `mod $name { ... }`
        // in a macro's body, which stamps one.
        let stamped = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '$');
        let at = if stamped { i + 2 } else { i + 1 };
        if let (TokenTree::Ident(m), Some(TokenTree::Ident(name)), Some(TokenTree::Group(g))) =
            (&tokens[i], tokens.get(at), tokens.get(at + 1))
            && m == "mod"
            && g.delimiter() == Delimiter::Brace
        {
            let mut inner = module.to_vec();
            inner.push(name.to_string());
            imports(g.stream(), &inner, out);
            i = at + 2;
            continue;
        }
        if let TokenTree::Group(g) = &tokens[i] {
            let inner: Vec<TokenTree> = g.stream().into_iter().collect();
            imports_in(&inner, module, children, out);
            i += 1;
            continue;
        }
        let TokenTree::Ident(head) = &tokens[i] else {
            i += 1;
            continue;
        };
        // A path's first segment: not a segment after `::`, nor a field or method after `.`
        // (`$crate` is `crate`, after a `$`).
        if i >= 1 && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == ':' || p.as_char() == '.')
        {
            i += 1;
            continue;
        }
        let (segments, end, open) = path_at(tokens, i);
        if segments.len() < 2 && !open {
            i += 1;
            continue;
        }
        let line = head.span().start().line;
        let text = segments.join("::");
        let name = head.to_string();
        let base: Option<Vec<String>> = match name.as_str() {
            "crate" | "racelab" => Some(vec![]),
            "super" => {
                let supers = segments.iter().take_while(|s| *s == "super").count();
                Some(module[..module.len().saturating_sub(supers)].to_vec())
            }
            "self" => Some(module.to_vec()),
            _ if children.contains(&name) => Some(module.to_vec()),
            _ => None,
        };
        match base {
            Some(mut path) => {
                let rest = segments.iter().skip_while(|s| *s == "super" || *s == "self");
                let rest: Vec<String> = match name.as_str() {
                    "crate" | "racelab" => rest.skip(1).cloned().collect(),
                    _ => rest.cloned().collect(),
                };
                path.extend(rest);
                for full in expand(path, tokens, end) {
                    out.push(Import { line, text: text.clone(), path: Some(full), engine: None });
                }
            }
            None if ENGINES.contains(&name.as_str()) && !children.contains(&name) => {
                out.push(Import { line, text, path: None, engine: Some(name) });
            }
            None => {}
        }
        i = end;
    }
}

/// The segments of the path that starts at `tokens[i]` (`a :: b :: c`), where it ends, and whether
/// it goes on into a group or a glob (`a::{b, c}`, `a::*`).
fn path_at(tokens: &[TokenTree], i: usize) -> (Vec<String>, usize, bool) {
    let mut segments = vec![tokens[i].to_string()];
    let mut k = i + 1;
    loop {
        let colons = matches!((tokens.get(k), tokens.get(k + 1)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':');
        if !colons {
            break;
        }
        match tokens.get(k + 2) {
            Some(TokenTree::Ident(next)) => {
                segments.push(next.to_string());
                k += 3;
            }
            _ => {
                // `a::{...}` or `a::*`: the group is read by `expand`.
                segments.push(String::new());
                k += 2;
                break;
            }
        }
    }
    let open = segments.last().is_some_and(String::is_empty);
    if open {
        segments.pop();
    }
    (segments, k, open)
}

/// `path`, and each path a `{...}` group after it adds (`crate::a::{b, c::d}`), to the end.
fn expand(path: Vec<String>, tokens: &[TokenTree], end: usize) -> Vec<Vec<String>> {
    let Some(TokenTree::Group(g)) = tokens.get(end) else { return vec![path] };
    if g.delimiter() != Delimiter::Brace {
        return vec![path];
    }
    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
    let mut paths = Vec::new();
    for item in inner.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
        let Some(TokenTree::Ident(first)) = item.first() else { continue };
        let (segments, k, _) = path_at(item, 0);
        let mut full = path.clone();
        if first != "self" {
            full.extend(segments.iter().filter(|s| *s != "self").cloned());
        }
        paths.extend(expand(full, item, k));
    }
    if paths.is_empty() { vec![path] } else { paths }
}

/// Every file's imports, by file.
fn every_import(krate: &Crate) -> BTreeMap<String, Vec<Import>> {
    krate
        .modules
        .iter()
        .map(|(module, file)| {
            let text = std::fs::read_to_string(krate.root.join(file)).unwrap();
            let tokens =
                TokenStream::from_str(&text).unwrap_or_else(|e| panic!("{file} does not tokenize: {e}"));
            let mut found = Vec::new();
            imports(tokens, module, &mut found);
            (file.clone(), found)
        })
        .collect()
}

#[test]
fn every_file_is_in_a_layer() {
    let krate = Crate::load();
    let homeless: Vec<&String> = krate.modules.values().filter(|f| layer_of(f).is_none()).collect();
    assert!(
        homeless.is_empty(),
        "these files are in no layer of tests/layers.rs: {homeless:?}; add each to the layer it belongs to"
    );
    for layer in LAYERS {
        for used in layer.uses {
            assert!(
                LAYERS.iter().any(|l| l.name == *used),
                "layer {} uses {used}, which is no layer",
                layer.name
            );
        }
    }
}

#[test]
fn every_import_keeps_to_the_layers() {
    let krate = Crate::load();
    let mut broken = Vec::new();
    for (file, found) in every_import(&krate) {
        let layer = layer_of(&file).expect("every file is in a layer (every_file_is_in_a_layer)");
        for import in found {
            if let Some(engine) = &import.engine {
                if !layer.engines.contains(&engine.as_str()) {
                    broken.push(format!(
                        "{file}:{}: `{}` names the engine crate {engine}, which layer {} may not (it may name: {})",
                        import.line,
                        import.text,
                        layer.name,
                        if layer.engines.is_empty() { "none".to_string() } else { layer.engines.join(", ") }
                    ));
                }
                continue;
            }
            let Some(target) = import.path.as_deref().and_then(|p| krate.resolve(p)) else { continue };
            let to = layer_of(target).expect("every file is in a layer");
            if to.name != layer.name && !layer.uses.contains(&to.name) {
                broken.push(format!(
                    "{file}:{}: `{}` reaches {target}, in layer {}; layer {} may import only {}",
                    import.line,
                    import.text,
                    to.name,
                    layer.name,
                    if layer.uses.is_empty() { "itself".to_string() } else { layer.uses.join(", ") }
                ));
            }
        }
    }
    assert!(broken.is_empty(), "{} imports run against the layers:\n{}", broken.len(), broken.join("\n"));
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let krate = Crate::load();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, found) in every_import(&krate) {
        let targets = found.iter().filter_map(|i| i.path.as_deref().and_then(|p| krate.resolve(p)));
        let targets: BTreeSet<String> = targets.filter(|t| **t != file).cloned().collect();
        edges.insert(file, targets);
    }
    let circles = strongly_connected(&edges);
    let described: Vec<String> = circles
        .iter()
        .map(|c| {
            let inside: Vec<String> = c
                .iter()
                .flat_map(|f| edges[f].iter().filter(|t| c.contains(*t)).map(move |t| format!("{f} -> {t}")))
                .collect();
            format!("{} files: {}", c.len(), inside.join(", "))
        })
        .collect();
    assert!(described.is_empty(), "files import each other in a circle:\n{}", described.join("\n"));
}

/// The strongly connected components of more than one file (Tarjan's algorithm).
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeSet<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        found: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(w: &mut Walk<'a>, v: &'a str) {
        let n = w.index.len();
        w.index.insert(v, n);
        w.low.insert(v, n);
        w.stack.push(v);
        w.on.insert(v);
        for t in w.edges.get(v).into_iter().flatten() {
            if !w.index.contains_key(t.as_str()) {
                visit(w, t);
                let low = w.low[t.as_str()].min(w.low[v]);
                w.low.insert(v, low);
            } else if w.on.contains(t.as_str()) {
                let low = w.index[t.as_str()].min(w.low[v]);
                w.low.insert(v, low);
            }
        }
        if w.low[v] == w.index[v] {
            let mut component = BTreeSet::new();
            while let Some(t) = w.stack.pop() {
                w.on.remove(t);
                component.insert(t.to_string());
                if t == v {
                    break;
                }
            }
            if component.len() > 1 {
                w.found.push(component);
            }
        }
    }
    let mut w = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !w.index.contains_key(v.as_str()) {
            visit(&mut w, v);
        }
    }
    w.found
}

/// The most lines a file of `src/` may have: past it, a file holds more than one idea.
const MAX_LINES: usize = 800;

#[test]
fn no_file_of_src_is_longer_than_one_idea() {
    let krate = Crate::load();
    let long: Vec<String> = krate
        .modules
        .values()
        .filter(|f| f.starts_with("src/"))
        .filter_map(|f| {
            let lines = std::fs::read_to_string(krate.root.join(f)).unwrap().lines().count();
            (lines >= MAX_LINES).then(|| format!("{f}: {lines} lines"))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files of {MAX_LINES} lines or more: split each by what it holds\n{}",
        long.join("\n")
    );
}

/// The test reads what it claims to: a path in a comment or a string is no import, one in a macro's
/// body and one through `super::` inside `mod tests` are.
#[test]
fn imports_are_read_from_code_only() {
    let text = r#"
        //! crate::backend::loom in a doc comment
        use crate::model::{outcome::Outcome, trace::{self, Trace}};
        const S: &str = "crate::check::run";
        mod graph;
        fn f() { let _ = graph::Kind::Init; format!("{}", $crate::task::select_named()); }
        #[cfg(test)]
        mod tests { use super::*; use super::super::rt::actor; }
    "#;
    let mut found = Vec::new();
    imports(TokenStream::from_str(text).unwrap(), &["rc11".to_string()], &mut found);
    let paths: Vec<String> = found.iter().filter_map(|i| i.path.as_ref()).map(|p| p.join("::")).collect();
    assert_eq!(
        paths,
        [
            "model::outcome::Outcome",
            "model::trace",
            "model::trace::Trace",
            "rc11::graph::Kind::Init",
            "task::select_named",
            "rc11",
            "rt::actor"
        ]
    );
}

/// Not a check: `LAYERS_FILE=src/sync/atomic.rs cargo test --test layers -- --ignored --nocapture`
/// prints every import this test reads in that file, and the file each reaches.
#[test]
#[ignore]
fn print_the_imports_of_one_file() {
    let krate = Crate::load();
    let Ok(file) = std::env::var("LAYERS_FILE") else { return };
    for import in every_import(&krate).remove(&file).unwrap_or_default() {
        let target = import.path.as_deref().and_then(|p| krate.resolve(p));
        println!(
            "{file}:{}: {} -> {}",
            import.line,
            import.text,
            target.map_or("(engine crate)", |t| t.as_str())
        );
    }
}

/// The paths a user's crate was written against before the layers still name the same items:
/// `racelab::combined::check_variant` and `racelab::isolate::serve_if_child`, as the example crate
/// and `docs/src/adding-a-scenario.md` once wrote them. It compiles, or it does not.
#[test]
fn the_paths_a_users_crate_uses_still_work() {
    use racelab::model::scenario::{Scenario, Variant};
    type CheckVariant =
        fn(&'static Scenario, &'static Variant, &racelab::check::Settings) -> racelab::combined::Checked;
    let old: CheckVariant = racelab::combined::check_variant;
    let new: CheckVariant = racelab::check::check_variant;
    assert_eq!(old as usize, new as usize, "one function, two paths");
    type Find = fn(&str) -> Option<&'static Scenario>;
    let old: fn(Find) = racelab::isolate::serve_if_child;
    let new: fn(Find) = racelab::check::isolate::serve_if_child;
    assert_eq!(old as usize, new as usize, "one function, two paths");
    let _: fn() -> racelab::check::Settings = racelab::check::quick_settings;
    let _ = racelab::verdict::Verdict::Violated;
    let _: fn(&Scenario, &Variant, Option<racelab::backend::Backend>) -> String =
        racelab::report::snapshot_name;
}
