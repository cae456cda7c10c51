//! Flag values: each parsed, checked for sense, and refused with a message that names the input
//! and suggests the fix.

use crate::backend::Backend;
use crate::backend::shuttle::Schedulers;
use crate::term::clip;
use std::time::Duration;

/// Largest `--iterations`: a million per scheduler is already minutes for the whole catalogue.
const MAX_ITERATIONS: usize = 1_000_000;
/// Largest `--stress-ms`: ten minutes per variant.
const MAX_STRESS_MS: u64 = 600_000;

/// The backends `--backend` selects: those named, and with `all` the defaults of each variant
/// ([`Backend::defaults`]: processes join where the actors are processes).
#[derive(Clone, Debug)]
pub(super) struct Backends(pub(super) Vec<Backend>, pub(super) bool);

impl Default for Backends {
    fn default() -> Self {
        Backends(Backend::ALL.to_vec(), true)
    }
}

impl Backends {
    /// The backends that check `variant`, in report order.
    pub(super) fn for_variant(&self, variant: &crate::model::scenario::Variant) -> Vec<Backend> {
        let mut backends = self.0.clone();
        if self.1 {
            backends.extend(Backend::defaults(variant.program));
            backends.sort_unstable();
            backends.dedup();
        }
        backends
    }
}

/// Parses `--backend`: `all`, or names separated by commas; kept in report order, each once.
pub(super) fn parse_backend(s: &str) -> Result<Backends, String> {
    let valid = || {
        let names: Vec<&str> = Backend::EVERY.iter().map(|b| b.name()).collect();
        format!(
            "use {}, or all (loom, shuttle, threads, rc11, and processes where the actors are processes), \
             or several separated by commas: --backend loom,rc11",
            names.join(", ")
        )
    };
    let mut chosen = Vec::new();
    let mut all = false;
    for name in s.split(',').map(str::trim) {
        match name {
            "all" => {
                all = true;
                chosen.extend(Backend::ALL)
            }
            "" => return Err(format!("'{}' holds an empty backend name: {}", clip(s, 80), valid())),
            name => match name.parse::<Backend>() {
                Ok(backend) => chosen.push(backend),
                Err(_) => return Err(format!("unknown backend '{}': {}", clip(name, 80), valid())),
            },
        }
    }
    chosen.sort_unstable();
    chosen.dedup();
    Ok(Backends(chosen, all))
}

/// Largest `--bound`. Every bug in the catalogue needs at most two preemptions, and each one more
/// multiplies the search: past ten, a number is far more likely a typo than a plan.
const MAX_BOUND: usize = 10;
/// Largest `--max-executions`: a hundred million loom executions are hours of search.
const MAX_LOOM_EXECUTIONS: u64 = 100_000_000;

/// Largest `--pct-depth`. PCT finds a bug of depth d with probability at least 1/(n·k^(d−1)) per
/// run (k the steps of an execution), so each level more promises k times less.
const MAX_PCT_DEPTH: usize = 20;

/// Largest `--timeout`: a day, in seconds.
const MAX_TIMEOUT_S: u64 = 86_400;

/// Parses a whole number for `flag`, telling a number too large for any setting from no number.
pub(super) fn whole<T: std::str::FromStr<Err = std::num::ParseIntError>>(
    s: &str,
    flag: &str,
    example: &str,
    max: u64,
) -> Result<T, String> {
    use std::num::IntErrorKind;
    s.parse::<T>().map_err(|e| match e.kind() {
        IntErrorKind::PosOverflow => format!("'{}' is too large for {flag}: the most is {max}", clip(s, 80)),
        _ => format!("'{}' is not a whole number; try {flag} {example}", clip(s, 80)),
    })
}

pub(super) fn parse_seed(s: &str) -> Result<u64, String> {
    whole(s, "--seed", "1", u64::MAX)
}

pub(super) fn parse_timeout(s: &str) -> Result<u64, String> {
    match whole::<u64>(s, "--timeout", "60", MAX_TIMEOUT_S)? {
        0 => Err("a check needs time to run; try --timeout 60".into()),
        n if n > MAX_TIMEOUT_S => Err(format!("{n} s is more than a day; the most is {MAX_TIMEOUT_S}")),
        n => Ok(n),
    }
}

/// Longest `--widen`: an hour per variant and backend.
const MAX_WIDEN: Duration = Duration::from_secs(3600);

/// Parses `--widen`: a whole number with a unit, `500ms`, `10s`, `2m`; `0` widens nothing.
pub(super) fn parse_widen(s: &str) -> Result<Duration, String> {
    let fix = "try --widen 10s (or 500ms, 2m; 0 widens nothing)";
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(digits);
    let n: u64 = number.parse().map_err(|_| format!("'{}' is not a duration; {fix}", clip(s, 80)))?;
    let time = match unit {
        "ms" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n.saturating_mul(60)),
        "" if n == 0 => Duration::ZERO,
        _ => return Err(format!("'{}' needs a unit of ms, s or m; {fix}", clip(s, 80))),
    };
    if time > MAX_WIDEN {
        return Err(format!("'{}' is more than an hour, the most --widen takes", clip(s, 80)));
    }
    Ok(time)
}

pub(super) fn parse_iterations(s: &str) -> Result<usize, String> {
    let n: usize = whole(s, "--iterations", "1000", MAX_ITERATIONS as u64)?;
    match n {
        0 => {
            Err("a search needs at least one iteration per scheduler; try --iterations 1000 (the default)"
                .into())
        }
        n if n > MAX_ITERATIONS => Err(format!(
            "{n} iterations per scheduler would take hours over the catalogue; the most is {MAX_ITERATIONS}. \
             To search one scenario harder, name it: racelab check ID --iterations 100000"
        )),
        n => Ok(n),
    }
}

pub(super) fn parse_stress_ms(s: &str) -> Result<u64, String> {
    let n: u64 = whole(s, "--stress-ms", "500", MAX_STRESS_MS)?;
    match n {
        0 => Err("a stress run needs time to run trials; try --stress-ms 500 (the default)".into()),
        n if n > MAX_STRESS_MS => {
            Err(format!("{n} ms per variant is more than ten minutes; the most is {MAX_STRESS_MS}"))
        }
        n => Ok(n),
    }
}

/// Parses `--bound`, loom's preemption bound; 0 (no preemption at all) is a bound too.
pub(super) fn parse_bound(s: &str) -> Result<usize, String> {
    match whole::<usize>(s, "--bound", "2", MAX_BOUND as u64)? {
        n if n > MAX_BOUND => Err(format!(
            "a preemption bound of {n} is past any use: the most is {MAX_BOUND}; every bug in the \
             catalogue needs at most 2, and each preemption more multiplies the search"
        )),
        n => Ok(n),
    }
}

/// Largest `--max-explored`: a hundred million rc11 runs are hours of search.
const MAX_RC11_RUNS: u64 = 100_000_000;

/// Parses `--max-explored`, rc11's budget of runs.
pub(super) fn parse_max_explored(s: &str) -> Result<u64, String> {
    let default = crate::backend::rc11::DEFAULT_MAX_EXPLORED;
    match whole::<u64>(s, "--max-explored", &default.to_string(), MAX_RC11_RUNS)? {
        0 => Err(format!("a search needs at least one run; try --max-explored {default} (the default)")),
        n if n > MAX_RC11_RUNS => Err(format!("{n} runs would take hours; the most is {MAX_RC11_RUNS}")),
        n => Ok(n),
    }
}

/// Parses `--max-executions`, loom's execution budget.
pub(super) fn parse_max_executions(s: &str) -> Result<u64, String> {
    let default = crate::backend::loom::DEFAULT_MAX_EXECUTIONS;
    match whole::<u64>(s, "--max-executions", &default.to_string(), MAX_LOOM_EXECUTIONS)? {
        0 => Err(format!(
            "a search needs at least one execution; try --max-executions {default} (the default)"
        )),
        n if n > MAX_LOOM_EXECUTIONS => {
            Err(format!("{n} executions would take hours; the most is {MAX_LOOM_EXECUTIONS}"))
        }
        n => Ok(n),
    }
}

/// Parses `--scheduler`: one of shuttle's schedulers.
pub(super) fn parse_scheduler(s: &str) -> Result<Schedulers, String> {
    Schedulers::named(s).ok_or_else(|| {
        format!(
            "unknown scheduler '{}': use {}, or leave --scheduler out for random then pct",
            clip(s, 80),
            Schedulers::NAMES.join(", ")
        )
    })
}

/// Parses `--pct-depth`: PCT finds bugs that need up to this many ordering constraints.
pub(super) fn parse_pct_depth(s: &str) -> Result<usize, String> {
    let default = crate::backend::shuttle::ShuttleConfig::default().pct_depth;
    match whole::<usize>(s, "--pct-depth", &default.to_string(), MAX_PCT_DEPTH as u64)? {
        0 => Err(format!("PCT's depth is at least 1; try --pct-depth {default} (the default)")),
        n if n > MAX_PCT_DEPTH => {
            Err(format!("PCT at depth {n} promises next to nothing per run; the most is {MAX_PCT_DEPTH}"))
        }
        n => Ok(n),
    }
}
