//! The speed-up charts of a timed run, as SVG.
//!
//! Drawn by hand rather than with plotters: plotters measures its labels with a font backend
//! (`ttf`, which loads system fonts through fontconfig), which a chart of a few lines does not
//! need when the SVG viewer lays out `<text>` itself; by hand, the file depends on the results
//! alone, byte for byte, and no crate comes in for it.
//!
//! Every chart has the same colour for the same executor (see [`colour`]), racelab's executors
//! in solid lines with round markers and CPython's dotted with square ones; error bars from the
//! fastest to the slowest run; workers on a log2 axis; speed-up on a labelled axis with
//! fractional ticks; the ideal dashed; and a caption with the machine, the date, the cores and
//! the load. Points of different executors at the same worker count are set a few pixels apart,
//! so that one line cannot hide another.

use std::fmt::Write as _;

use super::Results;
use super::executors::Executor;
use super::stats::{self, Samples};

/// Each executor's colour, the same in every chart (a colour-blind-safe set, Tableau's ten).
pub fn colour(executor: &str) -> &'static str {
    match executor {
        "threads" => "#1f77b4",
        "rayon" => "#2ca02c",
        "processes" => "#d62728",
        "tokio" => "#9467bd",
        "CPython ThreadPoolExecutor" => "#17becf",
        "CPython ProcessPoolExecutor" => "#ff7f0e",
        "CPython asyncio.gather" => "#8c564b",
        _ => "#7f7f7f",
    }
}

/// One executor's line: (workers, median speed-up, slowest run's, fastest run's).
struct Series {
    name: String,
    python: bool,
    points: Vec<(f64, f64, f64, f64)>,
}

fn point(workers: usize, sequential: f64, samples: &Samples) -> (f64, f64, f64, f64) {
    let (fastest, slowest) = samples.range();
    (
        workers as f64,
        stats::speedup(sequential, samples.median()),
        stats::speedup(sequential, slowest),
        stats::speedup(sequential, fastest),
    )
}

fn series(r: &Results, workload: &str) -> Vec<Series> {
    let mut all: Vec<Series> = Vec::new();
    let mut add =
        |name: String, python: bool, p: (f64, f64, f64, f64)| match all.iter_mut().find(|s| s.name == name) {
            Some(s) => s.points.push(p),
            None => all.push(Series { name, python, points: vec![p] }),
        };
    let sequential = r.sequential(workload);
    for row in r.rows.iter().filter(|row| {
        row.workload == workload
            && !matches!(row.executor, Executor::Sequential | Executor::PoolStart)
            && row.failed.is_none()
    }) {
        add(row.executor.name().to_string(), false, point(row.workers, sequential, &row.samples));
    }
    if let Ok(py) = &r.cpython {
        let rows: Vec<_> = py.rows.iter().filter(|row| row.workload == workload).collect();
        let sequential = rows
            .iter()
            .find(|row| row.executor == "sequential")
            .map_or(f64::NAN, |row| row.samples().median());
        for row in rows.iter().filter(|row| row.executor != "sequential") {
            add(format!("CPython {}", row.executor), true, point(row.workers, sequential, &row.samples()));
        }
    }
    for s in &mut all {
        s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    all
}

/// The step between y ticks: the smallest of 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, … that needs no
/// more than eight ticks up to `max`.
fn tick_step(max: f64) -> f64 {
    let mut scale = 1.0;
    loop {
        for step in [0.1, 0.2, 0.25, 0.5] {
            if max / (step * scale) <= 8.0 {
                return step * scale;
            }
        }
        scale *= 10.0;
    }
}

/// `1.5×`, `2×`, `0.25×`.
fn times(v: f64) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}×")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The chart's file name for a workload: `speedup-count-divisors.svg`.
pub fn chart_name(workload: &str) -> String {
    let slug: String = workload.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("speedup-{slug}.svg")
}

/// A line chart of speed-up against workers for `workload`, one line per executor; its caption
/// flags a `noisy` run.
pub fn chart(r: &Results, workload: &str, noisy: bool) -> String {
    let (w, h, left, right, top, bottom) = (780.0, 440.0, 70.0, 230.0, 40.0, 92.0);
    let all = series(r, workload);
    let sequential = r.sequential(workload);
    let ideal: Vec<(f64, f64)> = r
        .rows
        .iter()
        .filter(|row| row.workload == workload && row.executor == Executor::Threads)
        .map(|row| (row.workers as f64, sequential / row.ideal))
        .collect();
    let xs: Vec<f64> = {
        let mut xs: Vec<f64> = all.iter().flat_map(|s| s.points.iter().map(|p| p.0)).collect();
        xs.sort_by(f64::total_cmp);
        xs.dedup();
        xs
    };
    let max_x = xs.last().copied().unwrap_or(1.0).max(2.0);
    let top_y = all
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.3))
        .chain(ideal.iter().map(|p| p.1))
        .filter(|y| y.is_finite())
        .fold(1.0, f64::max)
        * 1.08;
    let step = tick_step(top_y);
    let max_y = (top_y / step).ceil() * step;
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let px = |x: f64| left + x.log2() / max_x.log2() * plot_w;
    let py = |y: f64| top + plot_h - y.clamp(0.0, max_y) / max_y * plot_h;

    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"{left}\" y=\"22\" font-size=\"15\">speed-up over sequential: {}</text>\n",
        escape(workload)
    );
    // The y axis: ticks, grid lines, its label.
    let mut tick = 0.0;
    while tick <= max_y + 1e-9 {
        let y = py(tick);
        let _ = writeln!(
            svg,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#e6e6e6\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left + plot_w,
            left - 6.0,
            y + 4.0,
            times(tick)
        );
        tick += step;
    }
    let mid_y = top + plot_h / 2.0;
    let _ = writeln!(
        svg,
        "<text x=\"18\" y=\"{mid_y:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {mid_y:.1})\">\
         speed-up over the sequential run (×)</text>"
    );
    // The x axis: one tick per worker count measured, on a log2 scale.
    for &x in &xs {
        let _ = writeln!(
            svg,
            "<line x1=\"{0:.1}\" y1=\"{top}\" x2=\"{0:.1}\" y2=\"{1:.1}\" stroke=\"#f2f2f2\"/>\n\
             <text x=\"{0:.1}\" y=\"{2:.1}\" text-anchor=\"middle\">{x}</text>",
            px(x),
            top + plot_h,
            top + plot_h + 16.0
        );
    }
    let _ = writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">workers (log₂ scale)</text>",
        left + plot_w / 2.0,
        top + plot_h + 34.0
    );
    let _ = writeln!(
        svg,
        "<line x1=\"{left}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\" stroke=\"#444\"/>\n\
         <line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{0:.1}\" stroke=\"#444\"/>",
        top + plot_h,
        left + plot_w
    );

    // The lines, each executor set a little apart from the others at the same worker count.
    let legend_x = left + plot_w + 18.0;
    let mut legend_y = top + 8.0;
    let mut legend = |svg: &mut String, name: &str, colour: &str, dash: &str| {
        let _ = writeln!(
            svg,
            "<line x1=\"{legend_x}\" y1=\"{legend_y}\" x2=\"{}\" y2=\"{legend_y}\" stroke=\"{colour}\" \
             stroke-width=\"2\"{dash}/>\n<text x=\"{}\" y=\"{:.1}\">{}</text>",
            legend_x + 22.0,
            legend_x + 28.0,
            legend_y + 4.0,
            escape(name)
        );
        legend_y += 18.0;
    };
    if !ideal.is_empty() {
        let path: Vec<String> = ideal.iter().map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y))).collect();
        let dash = " stroke-dasharray=\"6 4\"";
        let _ = writeln!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#999\" stroke-width=\"1.5\"{dash}/>",
            path.join(" ")
        );
        legend(&mut svg, "ideal", "#999", dash);
    }
    let n = all.len() as f64;
    for (i, s) in all.iter().enumerate() {
        let colour = colour(&s.name);
        let dodge = (i as f64 - (n - 1.0) / 2.0) * 3.0;
        let dash = if s.python { " stroke-dasharray=\"2 3\"" } else { "" };
        let path: Vec<String> =
            s.points.iter().map(|p| format!("{:.1},{:.1}", px(p.0) + dodge, py(p.1))).collect();
        let _ = writeln!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-opacity=\"0.85\"{dash}/>",
            path.join(" ")
        );
        for &(x, median, slow, fast) in &s.points {
            let cx = px(x) + dodge;
            let _ = writeln!(
                svg,
                "<path d=\"M{cx:.1},{0:.1}V{1:.1}M{2:.1},{0:.1}H{3:.1}M{2:.1},{1:.1}H{3:.1}\" stroke=\"{colour}\"/>",
                py(slow),
                py(fast),
                cx - 3.0,
                cx + 3.0
            );
            let marker = if s.python {
                format!(
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"6\" height=\"6\" fill=\"{colour}\"/>",
                    cx - 3.0,
                    py(median) - 3.0
                )
            } else {
                format!("<circle cx=\"{cx:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{colour}\"/>", py(median))
            };
            svg.push_str(&marker);
            svg.push('\n');
        }
        legend(&mut svg, &s.name, colour, dash);
    }

    // The caption: where and when, and how to read the bars.
    let load = r.machine.load_words().map_or(String::new(), |l| format!(" · {l}"));
    let noisy = if noisy { " · NOISY RUN: see the report" } else { "" };
    let _ = writeln!(
        svg,
        "<text x=\"{left}\" y=\"{:.1}\" font-size=\"11\" fill=\"#444\">{} · {} cores · {}{}</text>\n\
         <text x=\"{left}\" y=\"{:.1}\" font-size=\"11\" fill=\"#444\">median of {} runs; bars from the slowest \
         run to the fastest; CPython dotted, over its own sequential run<tspan fill=\"#d62728\">{noisy}</tspan></text>",
        h - 30.0,
        escape(&r.machine.cpu),
        r.cores,
        r.machine.date,
        escape(&load),
        h - 14.0,
        r.plan.runs
    );
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_fractional_where_the_range_is_small() {
        assert_eq!(tick_step(2.2), 0.5);
        assert_eq!(tick_step(1.1), 0.2);
        assert_eq!(tick_step(8.6), 2.0);
        assert_eq!(tick_step(0.5), 0.1);
        assert_eq!(times(1.5), "1.5×");
        assert_eq!(times(2.0), "2×");
        assert_eq!(times(0.25), "0.25×");
    }

    #[test]
    fn every_executor_keeps_its_colour() {
        let names = ["threads", "rayon", "processes", "tokio", "CPython ThreadPoolExecutor"];
        let colours: std::collections::BTreeSet<_> = names.iter().map(|n| colour(n)).collect();
        assert_eq!(colours.len(), names.len(), "one colour per executor");
    }
}
