//! A timed run's results as terminal tables, a Markdown report and SVG charts (see
//! [`super::chart`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::term::{self, Layout, Tone};

use super::chart::{self, chart_name};
use super::executors::Executor;
use super::stats::{self, NOISY_SPREAD, Samples};
use super::{Kind, Results, Row};

/// One line of a results table, whichever side measured it.
struct Line {
    executor: String,
    workers: usize,
    samples: Samples,
    sequential: f64,
    ideal: Option<f64>,
    /// Why the configuration has no timings, if it failed.
    failed: Option<String>,
}

fn seconds(s: f64) -> String {
    term::duration(s)
}

impl Line {
    /// Whether this line's spread is judged: a start-up row is a one-off cost with a long tail
    /// (a process start waits on the kernel), no basis for advice, and never called noisy.
    fn judged(&self) -> bool {
        self.executor != Executor::PoolStart.name() && self.failed.is_none()
    }

    fn noisy(&self) -> bool {
        self.judged() && self.samples.noisy()
    }

    fn cells(&self) -> Vec<String> {
        if self.failed.is_some() {
            let ideal = self.ideal.map_or("-".into(), seconds);
            let dash = || "-".to_string();
            return vec![
                self.executor.clone(),
                self.workers.to_string(),
                "failed".into(),
                dash(),
                dash(),
                ideal,
                dash(),
            ];
        }
        let median = self.samples.median();
        let spread =
            format!("±{:.1}%{}", self.samples.spread() * 100.0, if self.noisy() { " noisy" } else { "" });
        if self.executor == Executor::PoolStart.name() {
            let dash = || "-".to_string();
            return vec![
                self.executor.clone(),
                self.workers.to_string(),
                seconds(median),
                spread,
                dash(),
                dash(),
                dash(),
            ];
        }
        vec![
            self.executor.clone(),
            self.workers.to_string(),
            seconds(median),
            spread,
            format!("{:.2}×", stats::speedup(self.sequential, median)),
            self.ideal.map_or("-".into(), seconds),
            self.ideal.map_or("-".into(), |i| format!("{:.0}%", stats::efficiency(i, median) * 100.0)),
        ]
    }
}

impl Line {
    /// The cells for a terminal table: the spread in red where it is noisy.
    fn row(&self) -> Vec<comfy_table::Cell> {
        let noisy = self.noisy();
        self.cells()
            .into_iter()
            .enumerate()
            .map(
                |(i, c)| if i == 3 && noisy { Layout::cell(c, Tone::Bad) } else { comfy_table::Cell::new(c) },
            )
            .collect()
    }
}

const HEADER: [&str; 7] = ["EXECUTOR", "WORKERS", "MEDIAN", "SPREAD", "SPEED-UP", "IDEAL", "EFFICIENCY"];

/// The workloads in report order: waiting first.
fn workload_names(r: &Results) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for row in &r.rows {
        if !names.contains(&row.workload) {
            names.push(row.workload.clone());
        }
    }
    names
}

fn rust_lines(r: &Results, workload: &str) -> Vec<Line> {
    let sequential = r.sequential(workload);
    r.rows
        .iter()
        .filter(|row| row.workload == workload)
        .map(|row: &Row| Line {
            executor: row.executor.name().to_string(),
            workers: row.workers,
            samples: row.samples.clone(),
            sequential,
            ideal: Some(row.ideal),
            failed: row.failed.clone(),
        })
        .collect()
}

/// One sentence per failed line: which configuration, and why.
fn failures(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l.failed.as_ref().map(|why| format!("{} × {} failed: {why}", l.executor, l.workers)))
        .collect()
}

fn python_lines(r: &Results, workload: &str) -> Vec<Line> {
    let Ok(py) = &r.cpython else { return vec![] };
    let rows: Vec<_> = py.rows.iter().filter(|row| row.workload == workload).collect();
    let sequential =
        rows.iter().find(|row| row.executor == "sequential").map_or(f64::NAN, |row| row.samples().median());
    rows.into_iter()
        .map(|row| Line {
            executor: row.executor.clone(),
            workers: row.workers,
            samples: row.samples(),
            sequential,
            ideal: None,
            failed: None,
        })
        .collect()
}

/// Every line of a workload's table: racelab's executors, then CPython's (named so).
fn all_lines(r: &Results, workload: &str) -> Vec<Line> {
    let mut lines = rust_lines(r, workload);
    lines.extend(python_lines(r, workload).into_iter().map(|mut l| {
        l.executor = format!("CPython {}", l.executor);
        l
    }));
    lines
}

/// A line chart of speed-up against workers for `workload`, one line per executor, its caption
/// flagging a [`noisy`] run.
pub fn chart(r: &Results, workload: &str) -> String {
    chart::chart(r, workload, !noisy(r).is_empty())
}

/// Why the run is noisy: each configuration whose spread passes [`NOISY_SPREAD`], named with its
/// spread; empty for a quiet run. The large tokio run counts as one more configuration.
pub fn noisy(r: &Results) -> Vec<String> {
    let mut found: Vec<String> = workload_names(r)
        .iter()
        .flat_map(|w| {
            all_lines(r, w).into_iter().filter(Line::noisy).map(move |l| {
                format!("{w} · {} × {} ±{:.1}%", l.executor, l.workers, l.samples.spread() * 100.0)
            })
        })
        .collect();
    if r.many_waits.noisy() {
        found.push(format!("{} async waits ±{:.1}%", r.plan.many_waits, r.many_waits.spread() * 100.0));
    }
    found
}

/// Configurations whose spread was judged, for "N of M".
fn judged(r: &Results) -> usize {
    workload_names(r).iter().map(|w| all_lines(r, w).iter().filter(|l| l.judged()).count()).sum::<usize>() + 1
}

/// The sentence that flags a noisy run, or `None` for a quiet one.
pub fn noise_sentence(r: &Results) -> Option<String> {
    let noisy = noisy(r);
    if noisy.is_empty() {
        return None;
    }
    let load = r.machine.load_words().map_or(String::new(), |l| format!(" ({l})"));
    // A few by name; the tables mark every one.
    const NAMED: usize = 3;
    let more = if noisy.len() > NAMED {
        format!("; and {} more, marked noisy in the tables", noisy.len() - NAMED)
    } else {
        String::new()
    };
    Some(format!(
        "NOISY RUN: {} of {} configurations spread past ±{:.0}%: the machine was busy{load}, and \
         their speed-ups can be off by as much. The advice on when to use what is withheld; rerun \
         when the machine is quiet. Noisy: {}{more}",
        noisy.len(),
        judged(r),
        NOISY_SPREAD * 100.0,
        noisy[..noisy.len().min(NAMED)].join("; ")
    ))
}

/// The first line of the report: cores, runs, machine, date, load.
fn heading(r: &Results) -> String {
    let load = r.machine.load_words().map_or(String::new(), |l| format!(", {l}"));
    format!(
        "{} cores ({}), {}{load}; every configuration run {} time{}, alternating",
        r.cores,
        r.machine.cpu,
        r.machine.date,
        r.plan.runs,
        if r.plan.runs == 1 { "" } else { "s" }
    )
}

/// The results as text for a terminal of `layout`'s width and colours.
pub fn terminal(r: &Results, layout: &Layout) -> String {
    let mut out = layout.wrap(&format!("racelab bench · {}; medians", heading(r)), "  ");
    for workload in workload_names(r) {
        let _ = write!(out, "\n{}", layout.wrap(&describe_workload(r, &workload), "  "));
        let mut t = layout.table(HEADER.to_vec());
        let lines = rust_lines(r, &workload);
        for line in &lines {
            t.add_row(line.row());
        }
        out.push_str(&Layout::lines(&mut t));
        for failure in failures(&lines) {
            out.push_str(&layout.wrap(&failure, "  "));
        }
        let py = python_lines(r, &workload);
        if !py.is_empty() {
            let version = r.cpython.as_ref().map_or("", |p| p.version.as_str());
            let mut t = layout.table(HEADER.to_vec());
            for line in py {
                t.add_row(line.row());
            }
            out.push_str(&layout.wrap(
                &format!("the same in CPython {version} (speed-up over CPython's own sequential run):"),
                "  ",
            ));
            out.push_str(&Layout::lines(&mut t));
        }
    }
    out.push('\n');
    out.push_str(&layout.wrap(&many_waits_sentence(r), "  "));
    out.push_str(&layout.wrap(&startup_sentence(r), "  "));
    if let Err(why) = &r.cpython {
        out.push_str(&layout.wrap(why, "  "));
    }
    out.push('\n');
    match noise_sentence(r) {
        Some(noise) => {
            let (flag, rest) = noise.split_at("NOISY RUN".len());
            out.push_str(&layout.wrap(&format!("{}{rest}", layout.paint(flag, Tone::Bad)), "  "));
        }
        None => {
            out.push_str("when to use what, on this machine:\n");
            for row in when_to_use(r) {
                out.push_str(&layout.wrap(&format!("  {}: {} ({})", row[0], row[1], row[2]), "    "));
            }
        }
    }
    out
}

fn describe_workload(r: &Results, workload: &str) -> String {
    match r.workloads.iter().find(|(name, _)| *name == workload) {
        Some((name, inputs)) => format!("{name} over {:?} (computing)", inputs),
        None => format!("{workload} (waiting)"),
    }
}

fn many_waits_sentence(r: &Results) -> String {
    format!(
        "{} concurrent tokio waits of {} ms: {} (median, ±{:.1}%): {:.1}% over one wait",
        r.plan.many_waits,
        r.plan.wait.as_millis(),
        seconds(r.many_waits.median()),
        r.many_waits.spread() * 100.0,
        (r.many_waits.median() / r.plan.wait.as_secs_f64() - 1.0) * 100.0
    )
}

fn startup_sentence(r: &Results) -> String {
    let median = |s: &Samples| seconds(s.median());
    format!(
        "start-up, start to finish of an empty unit (median): thread {}, tokio task {}, child process {}",
        median(&r.startup.thread),
        median(&r.startup.task),
        median(&r.startup.process)
    )
}

/// The best speed-up of `executor` on `kind` work, and the workers it took.
fn best(r: &Results, kind: Kind, executor: Executor) -> Option<(f64, usize)> {
    r.rows
        .iter()
        .filter(|row| row.kind == kind && row.executor == executor && row.failed.is_none())
        .map(|row| (stats::speedup(r.sequential(&row.workload), row.samples.median()), row.workers))
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

fn best_python(r: &Results, waiting: bool, executor: &str) -> Option<f64> {
    let py = r.cpython.as_ref().ok()?;
    let is_waiting = |w: &str| w.contains("waits");
    py.rows
        .iter()
        .filter(|row| row.executor == executor && is_waiting(&row.workload) == waiting)
        .map(|row| {
            let seq = py
                .rows
                .iter()
                .find(|s| s.workload == row.workload && s.executor == "sequential")
                .map_or(f64::NAN, |s| s.samples().median());
            seq / row.samples().median()
        })
        .max_by(f64::total_cmp)
}

/// "When to use what", each row from this run's numbers: work, what to use, what was measured.
pub fn when_to_use(r: &Results) -> Vec<[String; 3]> {
    let x = |b: Option<(f64, usize)>| b.map_or("not measured".into(), |(s, w)| format!("{s:.2}× at {w}"));
    let py =
        |waiting, e| best_python(r, waiting, e).map_or(String::new(), |s| format!(", CPython {e} {s:.2}×"));
    vec![
        [
            "waiting (I/O-bound)".into(),
            "threads or async: waits overlap whatever the core count".into(),
            format!(
                "threads {}, tokio {}, processes {}{}{}",
                x(best(r, Kind::Waiting, Executor::Threads)),
                x(best(r, Kind::Waiting, Executor::Tokio)),
                x(best(r, Kind::Waiting, Executor::Processes)),
                py(true, "ThreadPoolExecutor"),
                py(true, "asyncio.gather")
            ),
        ],
        [
            "thousands of waits at once".into(),
            "async: a task costs far less than a thread".into(),
            format!("{}; {}", many_waits_sentence(r), startup_sentence(r)),
        ],
        [
            format!("computing (CPU-bound), {} cores", r.cores),
            "threads, rayon or processes, as many workers as cores; in CPython, processes (the GIL serialises threads)".into(),
            format!(
                "threads {}, rayon {}, processes {}, tokio spawn_blocking {}{}{}",
                x(best(r, Kind::Computing, Executor::Threads)),
                x(best(r, Kind::Computing, Executor::Rayon)),
                x(best(r, Kind::Computing, Executor::Processes)),
                x(best(r, Kind::Computing, Executor::Tokio)),
                py(false, "ThreadPoolExecutor"),
                py(false, "ProcessPoolExecutor")
            ),
        ],
    ]
}

/// The results as a Markdown report, the charts beside it.
pub fn markdown(r: &Results) -> String {
    let mut out = format!(
        "# racelab bench\n\n{}; medians, with the spread as half the range (past ±{:.0}% a configuration is \
         called noisy). Speed-up is over the sequential run; efficiency is the ideal time over the measured one \
         (waiting: ceil(tasks / workers) waits; computing: sequential time / min(workers, cores)). racelab's \
         process pool is made once per worker count and reused by every run, its start-up timed on rows of its \
         own; CPython's executors are made and shut down inside each timed run, start-up included.\n",
        heading(r),
        NOISY_SPREAD * 100.0
    );
    let _ = writeln!(out, "\n## When to use what, on this machine\n");
    match noise_sentence(r) {
        Some(noise) => {
            let rest = noise.strip_prefix("NOISY RUN:").unwrap_or(&noise);
            let _ = writeln!(out, "**Noisy run:**{rest}");
        }
        None => {
            let _ =
                writeln!(out, "| work | use | measured here (best speed-up, at workers) |\n|---|---|---|");
            for row in when_to_use(r) {
                let _ = writeln!(out, "| {} | {} | {} |", row[0], row[1], row[2]);
            }
        }
    }
    for workload in workload_names(r) {
        let _ = writeln!(
            out,
            "\n## {}\n\n![speed-up of {workload}]({})\n",
            describe_workload(r, &workload),
            chart_name(&workload)
        );
        let _ = writeln!(out, "| {} |\n|{}", HEADER.join(" | "), "---|".repeat(HEADER.len()));
        for line in all_lines(r, &workload) {
            let _ = writeln!(out, "| {} |", line.cells().join(" | "));
        }
        let failed = failures(&rust_lines(r, &workload));
        if !failed.is_empty() {
            let _ = writeln!(out, "\n- {}", failed.join("\n- "));
        }
    }
    let _ =
        writeln!(out, "\n## Start-up and scale\n\n- {}\n- {}", startup_sentence(r), many_waits_sentence(r));
    match &r.cpython {
        Ok(py) => {
            let _ =
                writeln!(out, "- CPython {}; its CPU-bound inputs, sized for it: {:?}", py.version, py.sizes);
        }
        Err(why) => {
            let _ = writeln!(out, "- {why}");
        }
    }
    out
}

/// Checks, before any timing starts, that `dir` can take the report: creates it, then writes a
/// probe file and removes it. A folder found unwritable only after the run wastes the run.
pub fn check_writable(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let probe = dir.join(format!(".racelab-probe-{}", std::process::id()));
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(&probe)
}

/// Writes `report.md` and one chart per workload into `dir`; returns the files written.
pub fn write(r: &Results, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = vec![dir.join("report.md")];
    std::fs::write(&written[0], markdown(r))?;
    for workload in workload_names(r) {
        let path = dir.join(chart_name(&workload));
        std::fs::write(&path, chart(r, &workload))?;
        written.push(path);
    }
    Ok(written)
}
