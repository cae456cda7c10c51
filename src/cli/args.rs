//! The command line's words: every command and flag, with its help, as clap defines them.
//!
//! Apart from the commands' code ([`super`]), so that what reads the definitions (the generated
//! reference, [`crate::docs::cli`]) needs nothing else of the command line.

use clap::{Args, Parser, Subcommand};

use super::flags::{
    Backends, parse_backend, parse_bound, parse_iterations, parse_max_executions, parse_max_explored,
    parse_pct_depth, parse_scheduler, parse_seed, parse_stress_ms, parse_timeout, parse_widen,
};
use std::time::Duration;

use crate::backend::shuttle::{Schedulers, ShuttleConfig};

#[derive(Parser, Debug)]
#[command(
    name = "racelab",
    version,
    about = "Race conditions, caught: model-check the catalogue with loom, shuttle and rc11, stress it on real threads",
    after_help = "With no command, racelab checks the whole catalogue on every backend and prints a summary.\n\n\
                  Examples:\n  \
                  racelab list\n  \
                  racelab check counter_01_lost_update\n  \
                  racelab check --all --backend loom,shuttle\n  \
                  racelab replay counter_01_lost_update broken s1-8c8b96d5-00022020000\n  \
                  racelab bench --quick\n\n\
                  Output: tables fit the terminal (or COLUMNS), and verdicts are coloured on a terminal; \
                  NO_COLOR turns colour off, CLICOLOR_FORCE=1 keeps it in a pipe."
)]
pub(super) struct Cli {
    #[command(subcommand)]
    pub(super) command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub(super) enum Command {
    /// One row per scenario: id, title, variants.
    #[command(after_help = "Examples:\n  racelab list\n  racelab list --json | jq -r '.[].id'")]
    List {
        /// Print a JSON array instead of a table: one object per scenario, with its id, title and
        /// variants.
        #[arg(long)]
        json: bool,
    },
    /// Check scenarios and print their verdicts.
    #[command(after_help = "Examples:\n  \
        racelab check counter_01_lost_update            every backend, the reports in full\n  \
        racelab check counter_01 --variant broken       an id prefix, one variant\n  \
        racelab check --all --backend loom,rc11         the catalogue on two backends\n  \
        racelab check litmus_02 --backend rc11 --dot sb.dot\n  \
        racelab check --all --json > verdicts.json\n\n\
        Exit status: 0 when every verdict is as claimed and expected, 1 when one is not, 2 for bad input.")]
    Check(CheckArgs),
    /// Time the lessons' workloads on every kind of executor; print tables, write a report and charts.
    #[command(after_help = format!("Examples:\n  \
        racelab bench --quick                       about a minute, into target/racelab-bench\n  \
        racelab bench --out docs/src/bench          the full run the docs show\n\n\
        Timings are only as quiet as the machine: a run with a configuration whose spread passes \
        ±{:.0}% is flagged noisy, and its advice is withheld.", crate::bench::stats::NOISY_SPREAD * 100.0))]
    Bench {
        /// A short version, about a minute: three runs, shorter waits, smaller CPU work.
        #[arg(long)]
        quick: bool,
        /// Where the Markdown report and the SVG charts go.
        #[arg(long, default_value = "target/racelab-bench")]
        out: std::path::PathBuf,
        /// Skip the CPython side even where python3 is on the PATH.
        #[arg(long)]
        no_python: bool,
    },
    /// Serve a process pool: answer one JSON job per line on stdin (see `racelab::exec::process`).
    #[command(name = "__worker", hide = true)]
    Worker,
    /// Run one actor of a process trial for a parent racelab (see `racelab::backend::processes`).
    #[command(name = "__actor", hide = true)]
    Actor {
        /// The request, as JSON.
        request: String,
    },
    /// Run one check for a parent racelab and write its answer (see `racelab::check::isolate`).
    #[command(name = "__check", hide = true)]
    Child {
        /// The request, as JSON.
        request: String,
    },
    /// Write a new scenario from the scaffold, index it and give it its page in the book.
    #[command(after_help = "Examples:\n  \
        racelab new counter_03_torn_read                        in the folder of the counter_ scenarios\n  \
        racelab new rwlock_01_writer_starved --topic 15_rwlocks  a new topic folder, with its README\n  \
        racelab new counter_04_three_way --actors 3             three actors, outcomes 1 to 3\n\n\
        Run it inside a racelab checkout (it finds the root from the current directory). It refuses an \
        id that is malformed or taken, changing nothing, and exits 2.")]
    New {
        /// The new scenario's id, topic_NN_what_goes_wrong: counter_03_torn_read.
        id: String,
        /// Its topic folder, NN_name, created with its README when new [default: the folder that
        /// holds the id's topic word's scenarios].
        #[arg(long, value_name = "NN_name")]
        topic: Option<String>,
        /// How many actors the scaffold runs, each adding one to a counter (2 to 4).
        #[arg(long, value_name = "N", default_value_t = 2)]
        actors: usize,
    },
    /// Rerun one shuttle execution from its replay key and print its outcome and trace.
    #[command(after_help = "Example, with a key from a report's `replay:` line:\n  \
        racelab replay counter_01_lost_update broken s1-8c8b96d5-00022020000")]
    Replay {
        /// Scenario id, as `racelab list` prints it.
        id: String,
        /// Variant name: broken, fixed, ...
        variant: String,
        /// The key, as a report prints it: s1-1a2b3c4d-0223322.
        key: String,
    },
}

#[derive(Args, Debug)]
pub(super) struct CheckArgs {
    /// Scenario ids to check (all of them with --all or when none is given).
    pub(super) ids: Vec<String>,
    /// Check every scenario.
    #[arg(long)]
    pub(super) all: bool,
    /// Check only the variant of this name (broken, fixed, ...) of each scenario that has one.
    #[arg(long, value_name = "NAME")]
    pub(super) variant: Option<String>,
    /// Which backends: loom, shuttle, threads, rc11 (the exact RC11 checker),
    /// processes (each actor a process: for programs whose actors are processes, where all
    /// includes it), several separated by commas (loom,rc11), or all.
    #[arg(long, default_value = "all", value_parser = parse_backend)]
    pub(super) backend: Backends,
    /// loom's preemption bound, instead of each scenario's own.
    #[arg(long, value_name = "N", value_parser = parse_bound, allow_hyphen_values = true, help = format!(
        "loom's preemption bound, instead of each scenario's own [default: {}, unless the scenario sets one]",
        crate::model::scenario::DEFAULT_PREEMPTION_BOUND
    ))]
    pub(super) bound: Option<usize>,
    /// loom's execution budget.
    #[arg(long, value_name = "N", value_parser = parse_max_executions, allow_hyphen_values = true, help = format!(
        "loom's execution budget: a search that needs more stops, inconclusive [default: {}]. \
         A larger budget may need a longer --timeout",
        crate::backend::loom::DEFAULT_MAX_EXECUTIONS
    ))]
    pub(super) max_executions: Option<u64>,
    /// rc11's budget of runs.
    #[arg(long, value_name = "N", value_parser = parse_max_explored, allow_hyphen_values = true, help = format!(
        "rc11's budget of runs: a search that needs more stops, inconclusive [default: {}]. \
         A larger budget may need a longer --timeout",
        crate::backend::rc11::DEFAULT_MAX_EXPLORED
    ))]
    pub(super) max_explored: Option<u64>,
    /// shuttle's scheduler: random, pct, or dfs (every interleaving, capped at --iterations)
    /// [default: random, then pct].
    #[arg(long, value_name = "NAME", value_parser = parse_scheduler)]
    pub(super) scheduler: Option<Schedulers>,
    /// PCT's depth.
    #[arg(long, value_name = "N", value_parser = parse_pct_depth, allow_hyphen_values = true, help = format!(
        "PCT's depth: it finds bugs that need up to this many ordering constraints [default: {}]",
        ShuttleConfig::default().pct_depth
    ))]
    pub(super) pct_depth: Option<usize>,
    /// shuttle's seed, for random and pct.
    #[arg(long, value_parser = parse_seed, allow_hyphen_values = true, help = format!(
        "shuttle's seed, for random and pct [default: {}]", ShuttleConfig::default().seed
    ))]
    pub(super) seed: Option<u64>,
    /// shuttle's iterations per scheduler; for dfs, the most it may take.
    #[arg(long, default_value_t = 1000, value_parser = parse_iterations, allow_hyphen_values = true)]
    pub(super) iterations: usize,
    /// Milliseconds of real-thread stress per variant, and of real-process trials where processes run.
    #[arg(long, default_value_t = 500, value_parser = parse_stress_ms, allow_hyphen_values = true)]
    pub(super) stress_ms: u64,
    /// Seconds one check may take before its process is killed and it ends as `timed out`
    /// [default: 60, plus the stress time for real threads and processes].
    #[arg(long, value_parser = parse_timeout, allow_hyphen_values = true)]
    pub(super) timeout: Option<u64>,
    /// Time for a wider search (loom with no preemption bound, shuttle with more seeds) when the
    /// default one finds nothing, per variant and model checker: 500ms, 10s, 2m; 0 widens nothing
    /// [default: 5s when scenarios are named, 1s for the whole catalogue].
    #[arg(long, alias = "budget", value_name = "TIME", value_parser = parse_widen, allow_hyphen_values = true)]
    pub(super) widen: Option<Duration>,
    /// Print a JSON array instead of text: one object per scenario, variant and backend, then
    /// one per variant with its combined verdict (`"backend": "combined"`).
    #[arg(long)]
    pub(super) json: bool,
    /// Print every report in full, not only those of scenarios named on the command line.
    #[arg(long)]
    pub(super) reports: bool,
    /// Write the execution graph of rc11's first witness of a notable outcome to FILE, in
    /// Graphviz's dot language (`dot -Tsvg FILE`); needs rc11 among the backends (the default has it).
    #[arg(long, value_name = "FILE")]
    pub(super) dot: Option<std::path::PathBuf>,
}

/// The command line as clap defines it: what the generated reference, `docs/src/cli.md`, is made
/// from ([`crate::docs::cli`]).
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}
