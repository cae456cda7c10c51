//! The book resolves inside itself, checked from its sources, with no mdbook needed: every link
//! and image of every chapter reaches a chapter listed in `SUMMARY.md` (mdBook renders no other
//! page) or a file of `docs/src` (mdBook copies them), and every `#fragment` a heading or an `id`
//! of that page; every `{{#include}}` names a file that exists and, where it names an anchor, an
//! anchor region with something in it (mdBook would include nothing without a word). The pages
//! are parsed with pulldown-cmark, with the options mdBook gives it, and heading ids are made as
//! mdBook makes them.
//!
//! `.ci/run` also builds the book, where mdbook is installed; the links of the built HTML are the
//! same ones.

use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fn book() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/src")
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// `a/./b/../c` as `a/c`; `None` where it climbs out of the book's `src`.
fn normal(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// The chapters `SUMMARY.md` lists, from the book's `src`, each with the line that lists it.
fn chapters(src: &Path) -> Vec<(PathBuf, usize)> {
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).unwrap_or_default();
    Parser::new_ext(&summary, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) if !dest_url.is_empty() => {
                Some((PathBuf::from(dest_url.as_ref()), line_of(&summary, range.start)))
            }
            _ => None,
        })
        .collect()
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// A chapter's text with every `{{#include}}` of Markdown replaced by what it includes, as mdBook
/// does before rendering; each include's problem, if any, goes to `broken`.
fn expanded(src: &Path, page: &Path, text: &str, broken: &mut Vec<String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{#") {
        let Some(len) = rest[start..].find("}}") else { break };
        let directive = &rest[start + 3..start + len];
        let line = line_of(text, text.len() - rest.len() + start);
        out.push_str(&rest[..start]);
        rest = &rest[start + len + 2..];
        let (kind, argument) = directive.split_once(char::is_whitespace).unwrap_or((directive, ""));
        if !["include", "rustdoc_include"].contains(&kind) {
            out.push_str(&format!("{{{{#{directive}}}}}"));
            continue;
        }
        let (file, anchor) = match argument.trim().split_once(':') {
            Some((file, anchor)) => (file, Some(anchor)),
            None => (argument.trim(), None),
        };
        let at = format!("{}:{line}", page.display());
        let path = src.join(page.parent().unwrap()).join(file);
        let Ok(included) = std::fs::read_to_string(&path) else {
            broken.push(format!("{at}: {{{{#{kind} {file}}}}}: no such file"));
            continue;
        };
        let lines = |a: &&str| a.chars().all(|c| c.is_ascii_digit() || c == ':'); // a range of lines
        let body = match anchor.filter(|a| !lines(a)) {
            Some(anchor) => match racelab::docs::page::anchored(&included, anchor) {
                Some(lines) if lines.iter().any(|l| !l.trim().is_empty()) => lines.join("\n"),
                _ => {
                    broken.push(format!("{at}: {file} has no anchor region '{anchor}' with code in it"));
                    continue;
                }
            },
            None => included,
        };
        if path.extension().is_some_and(|e| e == "md") {
            out.push_str(&body);
        } else {
            out.push_str("(included code)");
        }
    }
    out.push_str(rest);
    out
}

/// What one page offers and asks for: its ids, and each link with its line.
#[derive(Default)]
struct Page {
    ids: HashSet<String>,
    links: Vec<(String, usize)>,
}

/// The `name="..."` values in a fragment of HTML.
fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!("{name}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let value = &html[at + needle.len()..];
            value.find('"').map(|end| &value[..end])
        })
        .collect()
}

fn read(src: &Path, page: &Path, broken: &mut Vec<String>) -> Page {
    let text = std::fs::read_to_string(src.join(page)).unwrap_or_default();
    let text = expanded(src, page, &text, broken);
    let mut found = Page::default();
    let mut heading: Option<(String, Option<String>)> = None;
    for (event, range) in Parser::new_ext(&text, options()).into_offset_iter() {
        let line = line_of(&text, range.start);
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((String::new(), id.map(|i| i.to_string())))
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((content, explicit)) = heading.take() {
                    found.ids.insert(explicit.unwrap_or_else(|| unique(&id_from(&content), &found.ids)));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((content, _)) = heading.as_mut() {
                    content.push_str(&t);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                found.links.push((dest_url.to_string(), line));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                found.ids.extend(attributes(&html, "id").into_iter().map(String::from));
                for link in attributes(&html, "href").into_iter().chain(attributes(&html, "src")) {
                    found.links.push((link.to_string(), line));
                }
            }
            _ => {}
        }
    }
    found
}

/// mdBook's id for a heading: lower case, spaces to `-`, only letters, digits, `_` and `-` kept.
fn id_from(content: &str) -> String {
    content
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// `id`, or `id-1`, `id-2`, ... where the page has it already: mdBook's ids for repeated headings.
fn unique(id: &str, used: &HashSet<String>) -> String {
    (0..)
        .map(|n| if n == 0 { id.to_string() } else { format!("{id}-{n}") })
        .find(|c| !used.contains(c))
        .unwrap()
}

/// Every link and include of the book in `src` that does not resolve, each with its page and line;
/// and how many links there are.
fn check(src: &Path) -> (usize, Vec<String>) {
    let mut broken = Vec::new();
    let listed: Vec<(PathBuf, usize)> = chapters(src);
    for (chapter, line) in &listed {
        if !src.join(chapter).is_file() {
            broken.push(format!("SUMMARY.md:{line}: {} does not exist", chapter.display()));
        }
    }
    let pages: BTreeMap<PathBuf, Page> =
        listed.iter().map(|(chapter, _)| (chapter.clone(), read(src, chapter, &mut broken))).collect();
    let mut checked = 0;
    for (page, found) in &pages {
        for (link, line) in &found.links {
            checked += 1;
            let at = format!("{}:{line}: {link}", page.display());
            if link.contains("://") || link.starts_with("mailto:") {
                continue; // outside the book: not this test's to fetch
            }
            let (path, fragment) = link.split_once('#').map_or((link.as_str(), None), |(p, f)| (p, Some(f)));
            let target = if path.is_empty() {
                page.clone()
            } else {
                match normal(&page.parent().unwrap().join(path)) {
                    Some(target) => target,
                    None => {
                        broken.push(format!("{at}: points outside the book (docs/src)"));
                        continue;
                    }
                }
            };
            let target = match target.extension().and_then(|e| e.to_str()) {
                Some("html") => target.with_extension("md"),
                _ => target,
            };
            if target.extension().is_some_and(|e| e == "md") {
                let Some(target_page) = pages.get(&target) else {
                    let why =
                        if src.join(&target).is_file() { "is not in SUMMARY.md" } else { "does not exist" };
                    broken.push(format!("{at}: {} {why}, so the book has no such page", target.display()));
                    continue;
                };
                if let Some(fragment) = fragment.filter(|f| !target_page.ids.contains(*f)) {
                    broken.push(format!("{at}: {} has no heading or id '{fragment}'", target.display()));
                }
            } else if !src.join(&target).is_file() {
                broken.push(format!("{at}: no such file in docs/src"));
            }
        }
    }
    (checked, broken)
}

#[test]
fn every_link_and_include_of_the_book_resolves_inside_it() {
    let (checked, broken) = check(&book());
    assert!(checked > 0, "the pages have links to check");
    assert!(
        broken.is_empty(),
        "{} of {checked} links or includes do not resolve:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn a_broken_link_anchor_or_include_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("scenarios")).unwrap();
    let write = |path: &str, text: &str| std::fs::write(src.join(path), text).unwrap();
    write("SUMMARY.md", "# Summary\n\n- [A](a.md)\n- [B](scenarios/b.md)\n");
    write("a.md", "# A\n\n## Two words\n\n[fine](scenarios/b.md#b) [fine](#two-words)\n[no page](c.md)\n");
    write("c.md", "# C, on disk but not listed\n");
    write(
        "scenarios/b.md",
        "# B\n\n[out](../../x.rs) [no anchor](../a.md#nowhere) ![image](missing.svg)\n\n\
         {{#include ../code.rs:fixed}}\n{{#include ../code.rs:broken}}\n",
    );
    write("code.rs", "// ANCHOR: fixed\nfn fixed() {}\n// ANCHOR_END: fixed\n");
    let (checked, broken) = check(&src);
    assert_eq!(checked, 6, "{broken:?}");
    let said = broken.join("\n");
    for expected in [
        "a.md:6: c.md: c.md is not in SUMMARY.md",
        "scenarios/b.md:3: ../../x.rs: points outside the book",
        "scenarios/b.md:3: ../a.md#nowhere: a.md has no heading or id 'nowhere'",
        "scenarios/b.md:3: missing.svg: no such file",
        "scenarios/b.md:6: ../code.rs has no anchor region 'broken'",
    ] {
        assert!(said.contains(expected), "expected `{expected}` in:\n{said}");
    }
    assert_eq!(broken.len(), 5, "{said}");
}

#[test]
fn heading_ids_are_made_as_mdbook_makes_them() {
    assert_eq!(id_from("Every check in a process of its own"), "every-check-in-a-process-of-its-own");
    assert_eq!(id_from("`racelab check`: options"), "racelab-check-options");
    let used: HashSet<String> = ["outcomes".to_string()].into();
    assert_eq!(unique("outcomes", &used), "outcomes-1");
}

#[test]
fn a_link_out_of_the_book_is_caught() {
    assert_eq!(normal(Path::new("scenarios/../../scenarios/x.rs")), None);
    assert_eq!(normal(Path::new("scenarios/./a.md")), Some(PathBuf::from("scenarios/a.md")));
}
