//! How text meets its reader: the terminal's width and colours, or neither.
//!
//! Every report, table and trace is rendered for a [`Layout`]. [`Layout::PLAIN`] has no width
//! and no colour: it is what snapshots, the docs and the library's `render()` get, so neither the
//! terminal's width nor its colours can ever reach them (`--json` carries numbers, never text laid
//! out). [`Layout::for_stdout`] is what the `racelab` command prints with:
//!
//! - **width**: `COLUMNS` when it is set to a number, else the width of the terminal that stdout
//!   is (the `terminal_size` crate, which clap's own help uses), else none: a pipe gets every line
//!   whole, as a snapshot does. Tables wrap their widest columns (comfy-table's dynamic
//!   arrangement); prose wraps at spaces with a hanging indent; traces share the width out among
//!   their actors' columns.
//! - **colour**: anstream's choice for stdout, the one clap makes for `--help`: none when stdout
//!   is not a terminal, with `NO_COLOR` set, with `CLICOLOR=0` or `TERM=dumb`; always with
//!   `CLICOLOR_FORCE` (unless `NO_COLOR` is set too). anstream and anstyle were chosen over
//!   owo-colors and supports-color because clap already brings them: no new crate, and racelab's
//!   colours follow the same rules as its help's.
//!
//! Numbers for people go through [`count`] (`2,294,784`) and [`share`] (`38.4%`), in every
//! layout: they are content, not decoration, and a snapshot holds them as the terminal shows them.

use comfy_table::{Cell, Color, ContentArrangement, Table, presets};

/// The narrowest width racelab lays text out for: below it, wrapping would make every line a word.
pub const MIN_WIDTH: usize = 40;

/// Where text goes, and what it may use there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The columns a line may take, or `None` for lines as long as their content.
    pub width: Option<usize>,
    /// Whether verdicts and grades are coloured (ANSI escape codes).
    pub colour: bool,
}

/// What a coloured word says, whatever the colour that says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// As expected: a verdict the claim or the backend accepts, an acceptable outcome.
    Good,
    /// Not as expected: a verdict outside what was expected, a forbidden outcome.
    Bad,
    /// Worth a look: an interesting outcome.
    Notable,
    /// Nothing to say: a skipped check, an outcome that says nothing about the program.
    Quiet,
}

impl Tone {
    fn ansi(self) -> anstyle::Style {
        use anstyle::{AnsiColor, Style};
        match self {
            Tone::Good => Style::new().fg_color(Some(AnsiColor::Green.into())),
            Tone::Bad => Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
            Tone::Notable => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            Tone::Quiet => Style::new().dimmed(),
        }
    }

    /// The same colour for a comfy-table cell, which applies it after laying the table out.
    fn table_colour(self) -> Color {
        match self {
            // The sixteen standard colours' darker half is what anstyle's green, red and yellow are.
            Tone::Good => Color::DarkGreen,
            Tone::Bad => Color::DarkRed,
            Tone::Notable => Color::DarkYellow,
            Tone::Quiet => Color::DarkGrey,
        }
    }
}

impl Layout {
    /// No width, no colour: snapshots, docs and everything deterministic.
    pub const PLAIN: Layout = Layout { width: None, colour: false };

    /// The layout for racelab's stdout, from `COLUMNS`, the terminal and the colour variables.
    pub fn for_stdout() -> Layout {
        let stdout = std::io::stdout();
        let terminal = terminal_columns(&stdout);
        let colour = anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
        Layout { width: width(std::env::var("COLUMNS").ok().as_deref(), terminal), colour }
    }

    /// A borderless table with a header: as wide as its content when there is no width, its
    /// widest columns wrapped to fit when there is one. Cells made with [`Layout::cell`] are
    /// coloured only when this layout has colour.
    pub fn table(&self, header: impl Into<comfy_table::Row>) -> Table {
        let mut table = Table::new();
        table.load_preset(presets::NOTHING);
        // comfy-table never looks at the terminal itself: the layout has decided already.
        table.force_no_tty();
        match self.width {
            Some(width) => {
                table.set_content_arrangement(ContentArrangement::Dynamic);
                table.set_width(u16::try_from(width).unwrap_or(u16::MAX));
            }
            None => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        if self.colour {
            table.enforce_styling();
            table.style_text_only();
        }
        table.set_header(header);
        table
    }

    /// A table cell in a tone: coloured in a table of a layout with colour, plain elsewhere.
    pub fn cell(text: impl ToString, tone: Tone) -> Cell {
        Cell::new(text).fg(tone.table_colour())
    }

    /// A table as lines, without the padding comfy-table leaves at their ends. Where the table
    /// is wrapped to a width, a column is never narrower than its longest word: cells wrap at
    /// spaces, never inside `disagreement` or an id (a table whose words cannot all fit is
    /// wider than the width).
    pub fn lines(table: &mut Table) -> String {
        let rows: Vec<Vec<String>> = table
            .header()
            .into_iter()
            .chain(table.row_iter())
            .map(|row| row.cell_iter().map(comfy_table::Cell::content).collect())
            .collect();
        for (i, column) in table.column_iter_mut().enumerate() {
            if column.constraint().is_some() {
                continue; // the caller's own constraint stands
            }
            let longest = rows
                .iter()
                .filter_map(|row| row.get(i))
                .flat_map(|cell| cell.split_whitespace().map(|w| w.chars().count()))
                .max()
                .unwrap_or(0);
            // comfy-table's lower boundary counts the column's padding too.
            let longest = u16::try_from(longest).unwrap_or(u16::MAX).saturating_add(column.padding_width());
            column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(
                longest,
            )));
        }
        table.lines().map(|l| l.trim_end().to_string() + "\n").collect()
    }

    /// `text` in `tone`, where this layout has colour.
    pub fn paint(&self, text: &str, tone: Tone) -> String {
        if self.colour && !text.is_empty() {
            let style = tone.ansi();
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    /// One line of prose, wrapped at spaces to the width, its later lines indented by `indent`;
    /// the line itself where there is no width. Ends with a newline.
    pub fn wrap(&self, line: &str, indent: &str) -> String {
        let Some(width) = self.width else { return format!("{line}\n") };
        // A word longer than the width (a replay key) stays whole, hyphens and all: a key cut in
        // two cannot be pasted back.
        let options = textwrap::Options::new(width)
            .subsequent_indent(indent)
            .break_words(false)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        textwrap::wrap(line, options).iter().map(|l| format!("{}\n", l.trim_end())).collect()
    }
}

/// The width to lay out for: `COLUMNS` when it holds a number, else the terminal's, never below
/// The columns of the terminal that `stdout` is, if it is one.
///
/// The `terminal_size` crate answers only when the terminal reports rows as well as columns; a
/// terminal that reports columns alone (a pseudo-terminal after `stty cols 100`, as `script` makes
/// one) has its width all the same, so its columns are asked for directly.
fn terminal_columns(stdout: &std::io::Stdout) -> Option<usize> {
    terminal_size::terminal_size_of(stdout).map(|(w, _)| usize::from(w.0)).or_else(|| {
        use std::os::fd::AsRawFd;
        // SAFETY: TIOCGWINSZ writes only into `size`, which lives on this stack; on a descriptor
        // that is no terminal it fails and writes nothing.
        let mut size: libc::winsize = unsafe { std::mem::zeroed() };
        let asked = unsafe { libc::ioctl(stdout.as_raw_fd(), libc::TIOCGWINSZ, &mut size) };
        (asked == 0 && size.ws_col > 0).then_some(usize::from(size.ws_col))
    })
}

/// [`MIN_WIDTH`].
fn width(columns: Option<&str>, terminal: Option<usize>) -> Option<usize> {
    let columns = columns.and_then(|c| c.trim().parse::<usize>().ok()).filter(|&c| c > 0);
    columns.or(terminal).map(|w| w.max(MIN_WIDTH))
}

/// `text` cut to `max` characters, with `…` where it was cut: echoed input (an id, a replay key,
/// a child's last words) stays readable.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// A count for people: `2,294,784`.
pub fn count(n: u64) -> String {
    indicatif::HumanCount(n).to_string()
}

/// `part` of `whole` as a percentage for people: `38.4%`, `<0.1%` for a few in millions, `0%`
/// for none; `-` when there is no whole.
pub fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "-".to_string();
    }
    let percent = part as f64 * 100.0 / whole as f64;
    match percent {
        0.0 => "0%".to_string(),
        p if p < 0.1 => "<0.1%".to_string(),
        p if p >= 99.95 && part < whole => ">99.9%".to_string(),
        p => {
            let text = format!("{p:.1}");
            format!("{}%", text.strip_suffix(".0").unwrap_or(&text))
        }
    }
}

/// A duration for people, in the unit that reads best: `0.5 µs`, `850 µs`, `12.4 ms`, `1.25 s`,
/// `3 m 20 s`.
pub fn duration(seconds: f64) -> String {
    match seconds {
        s if !s.is_finite() => "-".to_string(),
        // Each bound is where the next unit's rounding would print the next power of ten:
        // 0.9996 s is `1.00 s`, never `1000 ms`.
        s if s < 9.995e-6 => format!("{:.1} µs", s * 1e6),
        s if s < 9.995e-4 => format!("{:.0} µs", s * 1e6),
        s if s < 0.099_95 => format!("{:.1} ms", s * 1e3),
        s if s < 0.999_5 => format!("{:.0} ms", s * 1e3),
        s if s < 100.0 => format!("{s:.2} s"),
        s => format!("{} m {:02} s", (s / 60.0) as u64, (s % 60.0) as u64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_wins_over_the_terminal_and_nonsense_is_ignored() {
        assert_eq!(width(Some("100"), Some(160)), Some(100));
        assert_eq!(width(None, Some(160)), Some(160));
        assert_eq!(width(Some("wide"), Some(160)), Some(160));
        assert_eq!(width(Some("0"), None), None);
        assert_eq!(width(None, None), None, "a pipe: no width");
        assert_eq!(width(Some("12"), None), Some(MIN_WIDTH));
    }

    #[test]
    fn counts_are_grouped_and_shares_rounded() {
        assert_eq!(count(2_294_784), "2,294,784");
        assert_eq!(count(999), "999");
        assert_eq!(share(384, 1000), "38.4%");
        assert_eq!(share(500, 1000), "50%");
        assert_eq!(share(0, 1000), "0%");
        assert_eq!(share(1, 1_000_000), "<0.1%");
        assert_eq!(share(999_999, 1_000_000), ">99.9%");
        assert_eq!(share(7, 7), "100%");
        assert_eq!(share(1, 0), "-");
    }

    #[test]
    fn durations_take_the_unit_that_reads_best() {
        assert_eq!(duration(0.000_000_5), "0.5 µs");
        assert_eq!(duration(0.000_022_7), "23 µs");
        assert_eq!(duration(0.000_948_9), "949 µs");
        assert_eq!(duration(0.0124), "12.4 ms");
        assert_eq!(duration(0.8094), "809 ms");
        assert_eq!(duration(1.6), "1.60 s");
        assert_eq!(duration(0.9996), "1.00 s", "never 1000 ms");
        assert_eq!(duration(0.000_999_8), "1.0 ms", "never 1000 µs");
        assert_eq!(duration(200.0), "3 m 20 s");
    }

    #[test]
    fn prose_wraps_with_a_hanging_indent_and_keeps_long_words_whole() {
        let layout = Layout { width: Some(40), colour: false };
        let text = layout.wrap("verdict: MISSED (expected caught or missed: real threads show a race)", "  ");
        assert!(text.lines().all(|l| l.chars().count() <= 40), "{text}");
        assert!(text.lines().skip(1).all(|l| l.starts_with("  ")), "{text}");
        let key = "s1-8c8b96d5-0002202000000000000000000000000000000";
        assert!(layout.wrap(&format!("replay: {key}"), "  ").contains(key));
        assert_eq!(Layout::PLAIN.wrap("a b", "  "), "a b\n");
    }

    #[test]
    fn colour_only_where_the_layout_has_it() {
        let plain = Layout::PLAIN;
        assert_eq!(plain.paint("CAUGHT", Tone::Good), "CAUGHT");
        let colour = Layout { width: None, colour: true };
        assert!(colour.paint("CAUGHT", Tone::Good).contains("\x1b["));
        let table = |layout: Layout| {
            let mut t = layout.table(vec!["A"]);
            t.add_row(vec![Layout::cell("x", Tone::Bad)]);
            t.to_string()
        };
        assert!(!table(plain).contains('\x1b'));
        assert!(table(colour).contains('\x1b'));
    }

    #[test]
    fn a_table_wraps_its_widest_column_to_the_width() {
        let layout = Layout { width: Some(40), colour: false };
        let mut t = layout.table(vec!["ID", "DESCRIPTION"]);
        t.add_row(vec!["1", "a description far longer than forty columns, in several words"]);
        let text = Layout::lines(&mut t);
        assert!(text.lines().all(|l| l.chars().count() <= 40), "{text}");
        assert!(text.lines().count() > 2, "{text}");
    }
}
