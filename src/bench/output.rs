//! A timed run's results as terminal tables, a Markdown report and SVG charts.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::report::plain_table;

use super::executors::Executor;
use super::stats::{self, Samples};
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
    if s >= 1.0 { format!("{s:.2} s") } else { format!("{:.1} ms", s * 1e3) }
}

impl Line {
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
        vec![
            self.executor.clone(),
            self.workers.to_string(),
            seconds(median),
            format!("±{:.1}%", self.samples.spread() * 100.0),
            format!("{:.2}×", stats::speedup(self.sequential, median)),
            self.ideal.map_or("-".into(), seconds),
            self.ideal.map_or("-".into(), |i| format!("{:.0}%", stats::efficiency(i, median) * 100.0)),
        ]
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

/// The results as text for the terminal.
pub fn terminal(r: &Results) -> String {
    let mut out =
        format!("racelab bench · {} cores · {} runs of each configuration, medians\n", r.cores, r.plan.runs);
    for workload in workload_names(r) {
        let _ = writeln!(out, "\n{}", describe_workload(r, &workload));
        let mut t = plain_table(HEADER.to_vec());
        let lines = rust_lines(r, &workload);
        for line in &lines {
            t.add_row(line.cells());
        }
        let _ = writeln!(out, "{t}");
        for failure in failures(&lines) {
            let _ = writeln!(out, "{failure}");
        }
        let py = python_lines(r, &workload);
        if !py.is_empty() {
            let version = r.cpython.as_ref().map_or("", |p| p.version.as_str());
            let mut t = plain_table(HEADER.to_vec());
            for line in py {
                t.add_row(line.cells());
            }
            let _ = writeln!(
                out,
                "the same in CPython {version} (speed-up over CPython's own sequential run):\n{t}"
            );
        }
    }
    let _ = writeln!(out, "\n{}", many_waits_sentence(r));
    let _ = writeln!(out, "{}", startup_sentence(r));
    if let Err(why) = &r.cpython {
        let _ = writeln!(out, "{why}");
    }
    let _ = writeln!(
        out,
        "\nwhen to use what, on this machine:\n{}",
        when_to_use(r)
            .iter()
            .map(|row| format!("  {}: {} ({})", row[0], row[1], row[2]))
            .collect::<Vec<_>>()
            .join("\n")
    );
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
    let us = |s: &Samples| format!("{:.1} µs", s.median() * 1e6);
    format!(
        "start-up, start to finish of an empty unit (median): thread {}, tokio task {}, child process {}",
        us(&r.startup.thread),
        us(&r.startup.task),
        us(&r.startup.process)
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
        "# racelab bench\n\n{} cores; every configuration run {} times, alternating; medians, with the spread as half the \
         range. Speed-up is over the sequential run; efficiency is the ideal time over the measured one (waiting: \
         ceil(tasks / workers) waits; computing: sequential time / min(workers, cores)).\n",
        r.cores, r.plan.runs
    );
    let _ = writeln!(
        out,
        "\n## When to use what, on this machine\n\n| work | use | measured here (best speed-up, at workers) |\n|---|---|---|"
    );
    for row in when_to_use(r) {
        let _ = writeln!(out, "| {} | {} | {} |", row[0], row[1], row[2]);
    }
    for workload in workload_names(r) {
        let _ = writeln!(
            out,
            "\n## {}\n\n![speed-up of {workload}]({})\n",
            describe_workload(r, &workload),
            chart_name(&workload)
        );
        let _ = writeln!(out, "| {} |\n|{}", HEADER.join(" | "), "---|".repeat(HEADER.len()));
        let rust = rust_lines(r, &workload);
        for line in &rust {
            let _ = writeln!(out, "| {} |", line.cells().join(" | "));
        }
        for mut line in python_lines(r, &workload) {
            line.executor = format!("CPython {}", line.executor);
            let _ = writeln!(out, "| {} |", line.cells().join(" | "));
        }
        let failed = failures(&rust);
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

fn chart_name(workload: &str) -> String {
    let slug: String = workload.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("speedup-{slug}.svg")
}

/// A line chart of speed-up against workers, one line per executor, the ideal dashed.
pub fn chart(r: &Results, workload: &str) -> String {
    let (w, h, left, bottom, top, right) = (640.0, 360.0, 56.0, 40.0, 36.0, 150.0);
    let mut series: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    let sequential = r.sequential(workload);
    let measured =
        |row: &&Row| row.workload == workload && row.executor != Executor::Sequential && row.failed.is_none();
    for row in r.rows.iter().filter(measured) {
        let point = (row.workers as f64, stats::speedup(sequential, row.samples.median()));
        match series.iter_mut().find(|(name, _)| name == row.executor.name()) {
            Some((_, points)) => points.push(point),
            None => series.push((row.executor.name().to_string(), vec![point])),
        }
    }
    let ideal: Vec<(f64, f64)> = r
        .rows
        .iter()
        .filter(|row| row.workload == workload && row.executor == Executor::Threads)
        .map(|row| (row.workers as f64, sequential / row.ideal))
        .collect();
    let max_x = series.iter().flat_map(|(_, p)| p.iter().map(|q| q.0)).fold(1.0, f64::max);
    let max_y = series
        .iter()
        .flat_map(|(_, p)| p.iter().map(|q| q.1))
        .chain(ideal.iter().map(|q| q.1))
        .fold(1.0, f64::max)
        .ceil();
    let px = |x: f64| left + (x - 1.0) / (max_x - 1.0).max(1.0) * (w - left - right);
    let py = |y: f64| h - bottom - y / max_y * (h - top - bottom);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"{left}\" y=\"20\" font-size=\"14\">speed-up over sequential: {}</text>\n",
        escape(workload)
    );
    let axis = |svg: &mut String, x1: f64, y1: f64, x2: f64, y2: f64| {
        let _ = writeln!(
            svg,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#444\"/>"
        );
    };
    axis(&mut svg, left, h - bottom, w - right, h - bottom);
    axis(&mut svg, left, top, left, h - bottom);
    for tick in 0..=(max_y as usize) {
        let y = py(tick as f64);
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{tick}×</text>",
            left - 6.0,
            y + 4.0
        );
        let _ = writeln!(
            svg,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#eee\"/>",
            w - right
        );
    }
    let mut xs: Vec<f64> = series.iter().flat_map(|(_, p)| p.iter().map(|q| q.0)).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    for x in xs {
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{x}</text>",
            px(x),
            h - bottom + 16.0
        );
    }
    let _ = writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">workers</text>",
        (left + w - right) / 2.0,
        h - 6.0
    );
    let colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];
    let mut legend_y = top + 10.0;
    let mut line = |svg: &mut String, name: &str, points: &[(f64, f64)], colour: &str, dashed: bool| {
        let path: Vec<String> = points.iter().map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y))).collect();
        let dash = if dashed { " stroke-dasharray=\"6 4\"" } else { "" };
        let _ = writeln!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>",
            path.join(" ")
        );
        for &(x, y) in points {
            let _ =
                writeln!(svg, "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"/>", px(x), py(y));
        }
        let lx = w - right + 16.0;
        let _ = writeln!(
            svg,
            "<line x1=\"{lx}\" y1=\"{legend_y}\" x2=\"{}\" y2=\"{legend_y}\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>",
            lx + 20.0
        );
        let _ =
            writeln!(svg, "<text x=\"{}\" y=\"{:.1}\">{}</text>", lx + 26.0, legend_y + 4.0, escape(name));
        legend_y += 18.0;
    };
    line(&mut svg, "ideal", &ideal, "#888", true);
    for (i, (name, points)) in series.iter().enumerate() {
        line(&mut svg, name, points, colours[i % colours.len()], false);
    }
    svg.push_str("</svg>\n");
    svg
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
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
