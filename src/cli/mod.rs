//! The `racelab` command: list, check, replay, new, bench.
//!
//! Exit status: 0 when every variant's combined verdict is what its claim asks for and every
//! backend's verdict is one it can give ([`crate::verdict::sight`]), 1 when one is not, 2 for bad input
//! (an unknown id, variant or backend, an id prefix that several ids share, a malformed or stale
//! replay key, an absurd count, a setting of a backend or scheduler that does not run).

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use serde::Serialize;

use crate::backend::shuttle as shuttle_backend;
use crate::check::{Checker, Settings, isolate, widen};
use crate::model::observation::Backend;
use crate::model::scenario::Scenario;
use crate::report::Report;
use crate::report::combined::Combined;
use crate::scenarios;
use crate::term::{self, Layout, Tone, clip};
use crate::verdict::Verdict;

pub mod args;
mod flags;
mod select;
mod usage;

pub use args::command;
use args::{CheckArgs, Cli, Command};
use select::{choose_variants, find_scenario, find_variant};
use usage::Usage;

/// Writes the execution graph of rc11's first witness of a notable outcome to `path`, or says on
/// stderr that there is none.
fn write_dot(path: &std::path::Path, reports: &[Report]) -> Result<(), Usage> {
    let dot = reports.iter().filter(|r| r.observation.backend == Backend::Rc11).find_map(|r| {
        r.rows()
            .into_iter()
            .filter(|row| {
                row.seen && row.grade.is_some_and(|g| g != crate::model::outcome::Grade::Acceptable)
            })
            .find_map(|row| {
                row.witness.and_then(|w| w.dot).map(|dot| (r.scenario.id, r.variant.name, row.id, dot))
            })
    });
    match dot {
        Some((id, variant, outcome, dot)) => {
            std::fs::write(path, dot).map_err(|e| {
                Usage(format!(
                    "cannot write the execution graph to {}: {e}; give --dot a writable path",
                    path.display()
                ))
            })?;
            eprintln!(
                "wrote the execution graph of {id} · {variant} reaching \"{outcome}\" to {}",
                path.display()
            );
        }
        None => eprintln!(
            "no execution graph written to {}: rc11 reached no Interesting or Forbidden outcome",
            path.display()
        ),
    }
    Ok(())
}

/// Runs the command line; returns the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        // No command is `racelab check --all`, defaults and all, parsed by clap itself.
        None => match Cli::parse_from(["racelab", "check", "--all"]).command {
            Some(Command::Check(args)) => check(args),
            _ => unreachable!("`check --all` parses as the check command"),
        },
        Some(Command::List { json }) => list(json),
        Some(Command::Check(args)) => check(args),
        Some(Command::Replay { id, variant, key }) => replay(&id, &variant, &key),
        Some(Command::Bench { quick, out, no_python }) => bench(quick, &out, no_python),
        Some(Command::New { id, topic, actors }) => new(crate::new::Request { id, topic, actors }),
        Some(Command::Child { request }) => return isolate::serve(&request, scenarios::find),
        Some(Command::Actor { request }) => crate::backend::processes::serve_actor(&request, scenarios::find),
        Some(Command::Worker) => {
            return match crate::exec::process::serve() {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::FAILURE, // the pool sees the pipe close and reports the job
            };
        }
    };
    match result {
        Ok(code) => code,
        Err(Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

#[derive(Serialize)]
struct Listed {
    id: &'static str,
    title: &'static str,
    variants: Vec<&'static str>,
}

fn list(json: bool) -> Result<ExitCode, Usage> {
    let rows: Vec<Listed> = scenarios::INDEX
        .iter()
        .map(|s| Listed { id: s.id, title: s.title, variants: s.variants.iter().map(|v| v.name).collect() })
        .collect();
    let text = if json {
        serde_json::to_string_pretty(&rows).expect("plain data serialises")
    } else {
        let mut table = Layout::for_stdout().table(vec!["ID", "TITLE", "VARIANTS"]);
        for r in &rows {
            table.add_row([r.id, r.title, &r.variants.join(", ")]);
        }
        Layout::lines(&mut table).trim_end().to_string()
    };
    Ok(emit(&(text + "\n")).err().unwrap_or(ExitCode::SUCCESS))
}

fn check(args: CheckArgs) -> Result<ExitCode, Usage> {
    let named = !args.ids.is_empty();
    // Every id named is checked for existence, with --all too: a typo never passes silently.
    let chosen: Vec<&'static Scenario> =
        args.ids.iter().map(|id| find_scenario(id)).collect::<Result<_, _>>()?;
    let targets = if named && !args.all { chosen } else { scenarios::INDEX.to_vec() };
    let selection = choose_variants(&targets, args.variant.as_deref())?;
    let backends = &args.backend.0;
    let mut settings = Settings::default();
    if let Some(seed) = args.seed {
        settings.shuttle.seed = seed;
    }
    if let Some(schedulers) = args.scheduler {
        settings.shuttle.schedulers = schedulers;
    }
    if let Some(depth) = args.pct_depth {
        settings.shuttle.pct_depth = depth;
    }
    settings.shuttle.iterations = args.iterations;
    settings.stress.duration = Duration::from_millis(args.stress_ms);
    settings.timeout = args.timeout.map(Duration::from_secs);
    settings.loom_bound = args.bound;
    settings.loom_max_executions = args.max_executions;
    settings.rc11_max_explored = args.max_explored;
    settings.widen = Some(args.widen.unwrap_or_else(|| widen::default_time(named && !args.all)));
    if let (Some(timeout), Some(widen)) = (args.timeout, args.widen)
        && widen >= Duration::from_secs(timeout)
    {
        return Err(Usage(format!(
            "--widen {} s is no shorter than --timeout {timeout}: the wider search would be killed \
             with its check; try --timeout {}",
            widen.as_secs(),
            widen.as_secs() + 60
        )));
    }
    unused_flags(&args)?;
    if let Some(path) = &args.dot
        && !backends.contains(&Backend::Rc11)
    {
        return Err(Usage(format!(
            "--dot {} writes an rc11 execution graph, and rc11 is not among the backends: add it, as in --backend loom,rc11",
            path.display()
        )));
    }
    if let Some(timeout) = args.timeout
        && (backends.contains(&Backend::Threads) || backends.contains(&Backend::Processes))
        && timeout * 1000 <= args.stress_ms
    {
        return Err(Usage(format!(
            "--timeout {timeout} is no longer than --stress-ms {}: every real-thread check would time out; \
             try --timeout {}",
            args.stress_ms,
            args.stress_ms.div_ceil(1000) + 60
        )));
    }
    let checker = isolate::Isolation::current()
        .map(Checker::Isolated)
        .map_err(|e| Usage(format!("cannot find the racelab binary to run checks in: {e}")))?;
    catch_interrupts();

    let mut jobs = Vec::new();
    for &(scenario, variant) in &selection.variants {
        jobs.extend(args.backend.for_variant(variant).into_iter().map(|b| (scenario, variant, b)));
    }
    // On stderr, drawn only when it is a terminal: a pipe or a log gets none of it.
    let progress = indicatif::ProgressBar::new(jobs.len() as u64);
    progress.set_style(
        indicatif::ProgressStyle::with_template("{elapsed:>4} {bar:24} {pos}/{len} · ETA {eta} · {wide_msg}")
            .expect("a valid template"),
    );
    let mut reports = Vec::with_capacity(jobs.len());
    for &(scenario, variant, backend) in &jobs {
        progress.set_message(format!("{} · {} · {}", scenario.id, variant.name, backend));
        match checker.check(scenario, variant, backend, &settings) {
            Ok(report) => reports.push(report),
            Err(isolate::Interrupted) => break,
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    let cut_short = jobs.len() - reports.len();

    if let Some(path) = &args.dot {
        write_dot(path, &reports)?;
    }
    let mismatches = reports.iter().filter(|r| !r.matches()).count();
    let combined = combine(&reports);
    // A variant's combined verdict speaks for its claim only where more than one backend ran.
    let judged: Vec<&Combined> = combined.iter().filter(|c| c.reports.len() > 1).collect();
    let unclaimed = judged.iter().filter(|c| !c.matches()).count();
    let layout = Layout::for_stdout();
    let mut out = String::new();
    if args.json {
        let mut json: Vec<serde_json::Value> =
            reports.iter().map(|r| serde_json::to_value(r.json()).expect("reports serialise")).collect();
        json.extend(combined.iter().map(Combined::json));
        out = serde_json::to_string_pretty(&json).expect("reports serialise") + "\n";
    } else {
        for c in &combined {
            let off = c.reports.len() > 1 && !c.matches();
            let shown: Vec<&&Report> =
                c.reports.iter().filter(|r| named || args.reports || off || !r.matches()).collect();
            for report in &shown {
                out += &format!("{}\n", report.render_for(&layout));
            }
            if named || args.reports || !shown.is_empty() {
                out += &format!("{}\n", c.render_for(&layout));
            }
        }
        out += &summary(&combined, &layout);
        if !judged.is_empty() {
            out += &layout.wrap(
                &format!(
                    "{} variants: {} as claimed, {}{}",
                    term::count(judged.len() as u64),
                    term::count((judged.len() - unclaimed) as u64),
                    tally(&layout, unclaimed, "not"),
                    if unclaimed > 0 {
                        " (a bug in the code, or a wrong claim: their reports are printed above)"
                    } else {
                        ""
                    }
                ),
                "  ",
            );
        }
        out += &layout.wrap(
            &format!(
                "{} checks: {} as expected, {}{}",
                term::count(reports.len() as u64),
                term::count((reports.len() - mismatches) as u64),
                tally(&layout, mismatches, "not"),
                if mismatches > 0 {
                    " (a backend gave a verdict outside what it can give here: see above)"
                } else {
                    ""
                }
            ),
            "  ",
        );
        if let (Some(name), false) = (&args.variant, selection.left_out.is_empty()) {
            out += &layout.wrap(
                &format!(
                    "--variant {}: left out {} scenario{} without it: {}",
                    clip(name, 80),
                    selection.left_out.len(),
                    if selection.left_out.len() == 1 { "" } else { "s" },
                    select::listed(&selection.left_out)
                ),
                "  ",
            );
        }
    }
    if let Some(signal) = isolate::interrupting_signal() {
        // The summary goes to stdout with the rest; the interruption is news for the person.
        eprintln!(
            "racelab: {} interrupted the run: {cut_short} of {} checks cut short, {} finished",
            crate::os::signal_name(signal),
            jobs.len(),
            reports.len()
        );
    }
    if let Err(code) = emit(&out) {
        return Ok(code);
    }
    Ok(match isolate::interrupting_signal() {
        Some(signal) => ExitCode::from(128 + signal as u8),
        None if mismatches == 0 && unclaimed == 0 => ExitCode::SUCCESS,
        None => ExitCode::FAILURE,
    })
}

/// Refuses a flag that would change nothing in this run: a setting of a backend it does not run.
fn unused_flags(args: &CheckArgs) -> Result<(), Usage> {
    let backends = &args.backend.0;
    let given = [
        (Backend::Loom, "--bound", args.bound.is_some()),
        (Backend::Loom, "--max-executions", args.max_executions.is_some()),
        (Backend::Rc11, "--max-explored", args.max_explored.is_some()),
        (Backend::Shuttle, "--scheduler", args.scheduler.is_some()),
        (Backend::Shuttle, "--pct-depth", args.pct_depth.is_some()),
    ];
    for (backend, flag, set) in given {
        if set && !backends.contains(&backend) {
            let running: Vec<&str> = backends.iter().map(|b| b.name()).collect();
            return Err(Usage(format!(
                "{flag} sets {backend}, and --backend {} does not run {backend}: add {backend} to \
                 --backend, or drop {flag}",
                running.join(",")
            )));
        }
    }
    let Some(scheduler) = args.scheduler else { return Ok(()) };
    let name = scheduler.name();
    if args.pct_depth.is_some() && !scheduler.runs_pct() {
        return Err(Usage(format!(
            "--pct-depth tunes pct, and --scheduler {name} does not run it: drop one of them"
        )));
    }
    if args.seed.is_some() && !scheduler.is_seeded() {
        return Err(Usage(format!(
            "--seed seeds random and pct, and --scheduler {name} makes no random choice: drop --seed"
        )));
    }
    Ok(())
}

/// On the first SIGINT, SIGTERM, SIGHUP or SIGQUIT, every running check is killed and `check`
/// prints what finished;
/// on a second, racelab leaves at once (its children are killed first either way).
fn catch_interrupts() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    // If the handler cannot be installed, the checks still die with racelab (the lifeline); only
    // the summary of an interrupted run is lost.
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT]) else {
        return;
    };
    std::thread::spawn(move || {
        for signal in signals.forever() {
            let again = isolate::interrupted();
            isolate::interrupt(Some(signal));
            if again {
                std::process::exit(128 + signal);
            }
        }
    });
}

/// Writes `text` to stdout. A reader that went away (`racelab check | head`) ends racelab quietly
/// with status 141, as SIGPIPE would; any other failure (a full disk) says so on stderr, status 74.
/// `Err` holds the status to end with.
fn emit(text: &str) -> Result<(), ExitCode> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ExitCode::from(141)),
        Err(e) => {
            eprintln!("error: cannot write to stdout: {e}");
            Err(ExitCode::from(74))
        }
    }
}

/// Each variant's reports, in the order they ran, with their combined verdict.
fn combine(reports: &[Report]) -> Vec<Combined<'_>> {
    let mut groups: Vec<Vec<&Report>> = Vec::new();
    for r in reports {
        match groups.last_mut() {
            Some(g) if g[0].scenario.id == r.scenario.id && g[0].variant.name == r.variant.name => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    groups.into_iter().map(Combined::new).collect()
}

/// "0 not", plain; "2 not", in red where the layout has colour.
fn tally(layout: &Layout, n: usize, word: &str) -> String {
    let text = format!("{} {word}", term::count(n as u64));
    if n == 0 { text } else { layout.paint(&text, Tone::Bad) }
}

/// A verdict's cell in the summary, green where it is what was expected, red where not.
fn verdict_cell(verdict: Verdict, text: String, expected: bool) -> comfy_table::Cell {
    let tone = match (verdict, expected) {
        (Verdict::Skipped, _) => Tone::Quiet,
        (_, true) => Tone::Good,
        (_, false) => Tone::Bad,
    };
    Layout::cell(text, tone)
}

/// One row per backend, then the variant's combined verdict, under a row naming the scenario:
/// ids and variant names share the first column, so that the table fits a terminal of 100
/// columns without wrapping every cell.
fn summary(combined: &[Combined], layout: &Layout) -> String {
    use comfy_table::Cell;
    let mut table = layout.table(vec!["SCENARIO, VARIANT", "BACKEND", "VERDICT", "EXPECTED", "RUNS", "TIME"]);
    let mut scenario = "";
    for c in combined {
        if c.scenario.id != scenario {
            scenario = c.scenario.id;
            table.add_row(vec![Cell::new(scenario)]);
        }
        for (i, r) in c.reports.iter().enumerate() {
            let mark = if r.matches() { "" } else { " ✗" };
            table.add_row(vec![
                Cell::new(if i == 0 { format!("  {}", r.variant.name) } else { String::new() }),
                Cell::new(r.observation.backend),
                verdict_cell(r.verdict, format!("{}{mark}", r.verdict), r.matches()),
                Cell::new(crate::verdict::describe(r.expected_verdicts())),
                Cell::new(r.runs(r.observation.executions)),
                Cell::new(term::duration(r.observation.elapsed.as_secs_f64())),
            ]);
        }
        if c.reports.len() > 1 {
            let mark = if c.matches() { "" } else { " ✗" };
            let unconfirmed =
                if c.unconfirmed && c.verdict == Verdict::Violated { ", unconfirmed" } else { "" };
            table.add_row(vec![
                Cell::new(""),
                Cell::new("combined"),
                verdict_cell(c.verdict, format!("{}{unconfirmed}{mark}", c.verdict), c.matches()),
                Cell::new(crate::verdict::describe(c.expected())),
                Cell::new(format!(
                    "{} disagreement{}",
                    c.disagreements.len(),
                    if c.disagreements.len() == 1 { "" } else { "s" }
                )),
                Cell::new(""),
            ]);
        }
    }
    // A count stays beside its unit and a time beside its unit: what is expected wraps instead.
    for i in [4, 5] {
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
    Layout::lines(&mut table)
}

fn replay(id: &str, variant_name: &str, key: &str) -> Result<ExitCode, Usage> {
    let scenario = find_scenario(id)?;
    let variant = find_variant(scenario, variant_name)?;
    let replayed = shuttle_backend::replay(scenario.id, variant.name, variant.program, key)
        .map_err(|e| Usage(e.message))?;
    let id = replayed.outcome.id();
    let grade = variant.grade(&id);
    let description = variant.declared(&id).map_or("not declared", |d| d.description);
    let text = format!(
        "{} · {} · shuttle replay of {key}\noutcome: {id} ({grade}: {description})\n\n{}",
        scenario.id,
        variant.name,
        replayed.trace.render()
    );
    Ok(emit(&text).err().unwrap_or(ExitCode::SUCCESS))
}

fn new(request: crate::new::Request) -> Result<ExitCode, Usage> {
    let here = std::env::current_dir().map_err(|e| {
        Usage(format!("cannot read the current directory: {e}; run racelab new from a racelab checkout"))
    })?;
    let root = crate::new::find_root(&here).map_err(|e| Usage(e.0))?;
    let created = crate::new::create(&root, &request, scenarios::INDEX).map_err(|e| Usage(e.0))?;
    Ok(emit(&crate::new::next_steps(&request.id, &created)).err().unwrap_or(ExitCode::SUCCESS))
}

fn bench(quick: bool, out: &std::path::Path, no_python: bool) -> Result<ExitCode, Usage> {
    use crate::bench;
    let unwritable = |e: std::io::Error| {
        Usage(format!(
            "cannot write the report to {}: {e}; pass a folder you can write to with --out",
            out.display()
        ))
    };
    bench::output::check_writable(out).map_err(unwritable)?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let mut plan = if quick { bench::Plan::quick(cores) } else { bench::Plan::full(cores) };
    plan.cpython = !no_python;
    let exe = std::env::current_exe()
        .map_err(|e| Usage(format!("cannot find the racelab binary for the process pool: {e}")))?;
    // On stderr, drawn only when it is a terminal.
    let progress = indicatif::ProgressBar::new(0);
    progress.set_style(
        indicatif::ProgressStyle::with_template(
            "{elapsed:>4} {bar:24} {percent:>3}% {pos}/{len} · ETA {eta} · {wide_msg}",
        )
        .expect("a valid template"),
    );
    let results = bench::run(&plan, &exe, |step| {
        progress.set_length(step.total);
        progress.set_position(step.done);
        progress.set_message(step.what.to_string());
    });
    progress.finish_and_clear();
    // The files first: a reader of stdout that went away (`| head`) must not cost the report.
    let written = bench::output::write(&results, out).map_err(unwritable)?;
    let layout = Layout::for_stdout();
    let text = format!(
        "{}\n{}",
        bench::output::terminal(&results, &layout),
        layout.wrap(
            &format!(
                "wrote {}",
                written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
            ),
            "  "
        )
    );
    Ok(emit(&text).err().unwrap_or(ExitCode::SUCCESS))
}
