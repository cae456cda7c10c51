//! The command-line reference, generated from clap's definition of the command
//! ([`crate::cli::command`]): the book's page `docs/src/cli.md`, and the table of a subcommand's
//! options that the README shows. `--help` and the docs are made from the same strings, so they
//! cannot disagree; a change to either is a change to the command.

use std::fmt::Write as _;

use clap::{Arg, Command};

/// The whole reference: the command, then each subcommand with its usage and a table of its
/// arguments and options. Hidden subcommands (the ones racelab runs in its own child processes)
/// and clap's `--help` and `--version` are left out.
pub fn reference(command: &Command) -> String {
    let mut command = command.clone();
    command.build();
    let name = command.get_name().to_string();
    let mut page = String::from(
        "# Command-line reference\n\nWhat `racelab --help` and `racelab COMMAND --help` print, as a page: \
         generated from the command's own definition and compared by `cargo test --test docs`, so it \
         says what the command accepts.\n",
    );
    let _ = write!(page, "\n## {name}\n\n{}\n", prose(&about(&command)));
    usage(&mut page, &mut command);
    after(&mut page, &command);
    page.push_str("\n| command | what it does |\n|---|---|\n");
    for sub in visible(&command) {
        let _ = writeln!(
            page,
            "| [`{sub}`](#{name}-{sub}) | {} |",
            prose(&first_line(&about(sub))),
            sub = sub.get_name()
        );
    }
    let subs: Vec<String> = visible(&command).map(|s| s.get_name().to_string()).collect();
    for sub in subs {
        let sub = command.find_subcommand_mut(&sub).expect("a listed subcommand");
        let _ = write!(page, "\n## {name} {}\n\n{}\n", sub.get_name(), prose(&about(sub)));
        usage(&mut page, sub);
        let table = arguments(sub);
        if !table.is_empty() {
            page.push('\n');
            page.push_str(&table);
        }
        after(&mut page, sub);
    }
    page
}

/// The table of subcommand `name`'s arguments and options, for a block in another page (the
/// README's `<!-- racelab:options check -->`); an error naming the subcommands where there is no
/// such one.
pub fn options_table(command: &Command, name: &str) -> Result<String, String> {
    let mut command = command.clone();
    command.build();
    let names: Vec<String> = visible(&command).map(|s| s.get_name().to_string()).collect();
    let sub = command
        .find_subcommand(name)
        .filter(|s| !s.is_hide_set())
        .ok_or_else(|| format!("no subcommand '{name}': the command has {}", names.join(", ")))?;
    Ok(arguments(sub))
}

/// Every visible subcommand on one line of a shell block, as typed, with the first line of what
/// it does: the README's `<!-- racelab:commands -->`. A subcommand with more than three options
/// shows them as `[OPTIONS]`; the reference and `--help` have them all.
pub fn commands_block(command: &Command) -> String {
    let mut command = command.clone();
    command.build();
    let name = command.get_name().to_string();
    let lines: Vec<(String, String)> = visible(&command)
        .map(|sub| {
            let mut line = format!("{name} {}", sub.get_name());
            let options: Vec<&Arg> = sub
                .get_arguments()
                .filter(|a| !a.is_positional() && !a.is_hide_set())
                .filter(|a| !["help", "version"].contains(&a.get_id().as_str()))
                .collect();
            for arg in sub.get_positionals().filter(|a| !a.is_hide_set()) {
                let _ = write!(line, " {}", spelling(arg));
            }
            if options.len() > 3 {
                line.push_str(" [OPTIONS]");
            } else {
                for arg in options {
                    let _ = write!(line, " [{}]", spelling(arg));
                }
            }
            (line, first_line(&about(sub)))
        })
        .collect();
    let width = lines.iter().map(|(line, _)| line.chars().count()).max().unwrap_or(0);
    let mut block = String::from("```sh\n");
    for (line, what) in lines {
        // The first clause, as a comment reads: `# check scenarios and print their verdicts`.
        let what = what.split(';').next().unwrap_or_default().trim_end_matches('.');
        let mut chars = what.chars();
        let what: String = chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default();
        let _ = writeln!(block, "{line:width$}   # {what}");
    }
    block.push_str("```\n");
    block
}

fn visible(command: &Command) -> impl Iterator<Item = &Command> {
    command.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help")
}

fn about(command: &Command) -> String {
    command.get_long_about().or(command.get_about()).map(|s| s.to_string()).unwrap_or_default()
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

fn usage(page: &mut String, command: &mut Command) {
    let usage = command.render_usage().to_string();
    let _ = write!(page, "\n```text\n{}\n```\n", usage.trim_end());
}

/// What the command prints after its options (`after_help`): examples, a note.
fn after(page: &mut String, command: &Command) {
    if let Some(text) = command.get_after_long_help().or(command.get_after_help()) {
        let _ = write!(page, "\n```text\n{}\n```\n", text.to_string().trim_end());
    }
}

/// A Markdown table of `command`'s arguments, then its options, as `--help` lists them; empty
/// where it takes none.
fn arguments(command: &Command) -> String {
    let shown: Vec<&Arg> = command
        .get_positionals()
        .chain(command.get_arguments().filter(|a| !a.is_positional()))
        .filter(|a| !a.is_hide_set() && !["help", "version"].contains(&a.get_id().as_str()))
        .collect();
    if shown.is_empty() {
        return String::new();
    }
    let mut table = String::from("| argument or option | what it does |\n|---|---|\n");
    for arg in shown {
        let _ = writeln!(table, "| `{}` | {} |", spelling(arg).replace('|', "\\|"), prose(&help(arg)));
    }
    table
}

/// How the argument is written on a command line: `--backend <BACKEND>`, `[IDS]...`.
fn spelling(arg: &Arg) -> String {
    let value = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map_or_else(|| arg.get_id().as_str().to_uppercase(), |name| name.to_string());
    let many = arg.get_num_args().is_some_and(|n| n.max_values() > 1);
    let dots = if many { "..." } else { "" };
    if arg.is_positional() {
        return if arg.is_required_set() { format!("<{value}>{dots}") } else { format!("[{value}]{dots}") };
    }
    let mut spelled = String::new();
    if let Some(short) = arg.get_short() {
        let _ = write!(spelled, "-{short}, ");
    }
    if let Some(long) = arg.get_long() {
        let _ = write!(spelled, "--{long}");
    }
    if arg.get_action().takes_values() {
        let _ = write!(spelled, " <{value}>{dots}");
    }
    spelled
}

/// Its help, as `--help` gives it, with the default clap adds.
fn help(arg: &Arg) -> String {
    let mut text = arg.get_long_help().or(arg.get_help()).map(|h| h.to_string()).unwrap_or_default();
    let defaults: Vec<String> =
        arg.get_default_values().iter().map(|d| d.to_string_lossy().into_owned()).collect();
    if !defaults.is_empty() && arg.get_action().takes_values() {
        let _ = write!(text, " [default: {}]", defaults.join(", "));
    }
    text
}

/// `text` as one Markdown table cell: on one line, its bars escaped, and outside code its
/// brackets too, so that `[default: all]` never reads as a link.
fn cell(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let escaped: Vec<String> = text
        .split('`')
        .enumerate()
        .map(
            |(i, part)| {
                if i % 2 == 0 { part.replace('[', "\\[").replace(']', "\\]") } else { part.to_string() }
            },
        )
        .collect();
    escaped.join("`").replace('|', "\\|")
}

/// Prose for a table cell ([`cell`]), each option it names (`--all`) in code, as typed: mdBook's
/// smart punctuation would turn the `--` of prose into a dash.
fn prose(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|word| {
            let named = word
                .strip_prefix("--")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_lowercase()));
            if !named {
                return word.to_string();
            }
            let end = word[2..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .map_or(word.len(), |at| at + 2);
            format!("`{}`{}", &word[..end], &word[end..])
        })
        .collect();
    cell(&words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_visible_subcommand_has_a_section_and_hidden_ones_none() {
        let page = reference(&crate::cli::args::command());
        for sub in ["list", "check", "replay", "bench", "new"] {
            assert!(page.contains(&format!("\n## racelab {sub}\n")), "a section for {sub}");
            assert!(page.contains(&format!("(#racelab-{sub})")), "{sub} in the table of commands");
        }
        assert!(!page.contains("__worker") && !page.contains("__check"), "hidden commands stay hidden");
        assert!(!page.contains("`--help`"), "clap's own --help is not listed");
    }

    #[test]
    fn the_command_list_has_every_visible_subcommand_on_a_line() {
        let block = commands_block(&crate::cli::args::command());
        assert!(block.contains("racelab new <ID> [--topic <NN_name>] [--actors <N>]"), "{block}");
        assert!(block.contains("racelab check [IDS]... [OPTIONS]"), "{block}");
        assert!(block.contains("racelab list [--json]"), "{block}");
        assert!(!block.contains("__"), "hidden commands stay hidden");
    }

    #[test]
    fn an_option_is_spelled_as_typed_with_its_default() {
        let table = options_table(&crate::cli::args::command(), "check").unwrap();
        assert!(table.contains("| `[IDS]...` |"), "brackets in code stay: {table}");
        assert!(table.contains("| `--backend <BACKEND>` |"), "{table}");
        assert!(table.contains("\\[default: all\\]"), "brackets in prose are escaped: {table}");
        assert!(table.contains("| `--json` |"), "a flag takes no value: {table}");
        assert!(
            table.contains("(all of them with `--all` or when none is given)"),
            "options in code: {table}"
        );
        let missing = options_table(&crate::cli::args::command(), "chek").unwrap_err();
        assert!(missing.contains("no subcommand 'chek'") && missing.contains("check"), "{missing}");
    }
}
