//! Small litmus programs written once as text, run two ways: as a C litmus file for herd7 (with
//! herdtools7's `rc11.cat`) and as a racelab program for rc11. The corpus in `corpus.txt` keeps
//! each program's text beside what herd7 answered for it; `tests/herd.rs` rebuilds the programs
//! from that text and compares rc11's answers with herd7's, without herd7.
//!
//! A program is its threads separated by ` || `, each thread its operations separated by `; `,
//! written as Rust calls on the locations `x`, `y` and `z` (atomics initialised to 0):
//!
//! ```text
//! x.store(1, Release); y.load(Acquire) || y.fetch_add(5, AcqRel) || fence(SeqCst)
//! ```
//!
//! Operations: `load(O)`, `store(V, O)`, `swap(V, O)`, `fetch_add(V, O)`,
//! `compare_exchange(EXPECTED, NEW, SUCCESS, FAILURE)` (the strong one), and `fence(O)`, with
//! Rust's orderings. Every operation that reads gives a result: thread `t`'s `k`-th such result is
//! `t:rk`, herd7's register name. An outcome is those results in thread and program order, then
//! the final value of each location the program uses: `0:r0=1 1:r0=0 x=1 y=1`.

#![allow(dead_code)] // the generator's half is used only when the corpus is regenerated

use std::collections::{BTreeMap, HashSet};
use std::fmt::{self, Write as _};
use std::sync::{Mutex as StdMutex, OnceLock};

use racelab::model::program::{Program, Shape};
use racelab::prelude::*;

/// The locations a program may use, in the order outcomes list their final values.
pub const LOCATIONS: [&str; 3] = ["x", "y", "z"];

/// One operation of a thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `l.load(o)`.
    Load(usize, Ordering),
    /// `l.store(v, o)`.
    Store(usize, usize, Ordering),
    /// `l.swap(v, o)`.
    Swap(usize, usize, Ordering),
    /// `l.fetch_add(v, o)`.
    FetchAdd(usize, usize, Ordering),
    /// `l.compare_exchange(expected, new, success, failure)`.
    Cas(usize, usize, usize, Ordering, Ordering),
    /// `fence(o)`.
    Fence(Ordering),
}

impl Op {
    /// The location it accesses, if any.
    pub fn location(self) -> Option<usize> {
        match self {
            Op::Load(l, _) | Op::Store(l, _, _) | Op::Swap(l, _, _) | Op::FetchAdd(l, _, _) => Some(l),
            Op::Cas(l, ..) => Some(l),
            Op::Fence(_) => None,
        }
    }

    /// Whether it gives a result (it reads).
    pub fn reads(self) -> bool {
        !matches!(self, Op::Store(..) | Op::Fence(_))
    }

    /// Whether it may write.
    pub fn writes(self) -> bool {
        !matches!(self, Op::Load(..) | Op::Fence(_))
    }
}

/// A litmus program: its threads, each a list of operations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Litmus {
    /// The threads, in order.
    pub threads: Vec<Vec<Op>>,
}

fn order_name(o: Ordering) -> &'static str {
    match o {
        Relaxed => "Relaxed",
        Acquire => "Acquire",
        Release => "Release",
        AcqRel => "AcqRel",
        SeqCst => "SeqCst",
        _ => unreachable!("no other ordering"),
    }
}

fn c_order(o: Ordering) -> &'static str {
    match o {
        Relaxed => "memory_order_relaxed",
        Acquire => "memory_order_acquire",
        Release => "memory_order_release",
        AcqRel => "memory_order_acq_rel",
        SeqCst => "memory_order_seq_cst",
        _ => unreachable!("no other ordering"),
    }
}

fn parse_order(s: &str) -> Result<Ordering, String> {
    Ok(match s {
        "Relaxed" => Relaxed,
        "Acquire" => Acquire,
        "Release" => Release,
        "AcqRel" => AcqRel,
        "SeqCst" => SeqCst,
        _ => return Err(format!("unknown ordering `{s}`: use Relaxed, Acquire, Release, AcqRel or SeqCst")),
    })
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |l: usize| LOCATIONS[l];
        match *self {
            Op::Load(l, o) => write!(f, "{}.load({})", name(l), order_name(o)),
            Op::Store(l, v, o) => write!(f, "{}.store({v}, {})", name(l), order_name(o)),
            Op::Swap(l, v, o) => write!(f, "{}.swap({v}, {})", name(l), order_name(o)),
            Op::FetchAdd(l, v, o) => write!(f, "{}.fetch_add({v}, {})", name(l), order_name(o)),
            Op::Cas(l, e, n, s, fail) => {
                write!(f, "{}.compare_exchange({e}, {n}, {}, {})", name(l), order_name(s), order_name(fail))
            }
            Op::Fence(o) => write!(f, "fence({})", order_name(o)),
        }
    }
}

impl fmt::Display for Litmus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (t, ops) in self.threads.iter().enumerate() {
            if t > 0 {
                f.write_str(" || ")?;
            }
            let ops: Vec<String> = ops.iter().map(Op::to_string).collect();
            f.write_str(&ops.join("; "))?;
        }
        Ok(())
    }
}

fn parse_op(text: &str) -> Result<Op, String> {
    let bad = |why: &str| format!("`{text}`: {why}");
    let (head, args) = text.split_once('(').ok_or_else(|| bad("expected a call, like x.load(Acquire)"))?;
    let args = args.strip_suffix(')').ok_or_else(|| bad("expected a closing parenthesis"))?;
    let args: Vec<&str> = args.split(',').map(str::trim).collect();
    let value = |s: &str| s.parse::<usize>().map_err(|_| bad(&format!("`{s}` is not a value")));
    if head == "fence" {
        let [o] = args[..] else { return Err(bad("fence takes one ordering")) };
        return Ok(Op::Fence(parse_order(o)?));
    }
    let (loc, method) = head.split_once('.').ok_or_else(|| bad("expected LOCATION.METHOD(...)"))?;
    let l = LOCATIONS
        .iter()
        .position(|&n| n == loc)
        .ok_or_else(|| bad(&format!("unknown location `{loc}`: use x, y or z")))?;
    Ok(match (method, &args[..]) {
        ("load", [o]) => Op::Load(l, parse_order(o)?),
        ("store", [v, o]) => Op::Store(l, value(v)?, parse_order(o)?),
        ("swap", [v, o]) => Op::Swap(l, value(v)?, parse_order(o)?),
        ("fetch_add", [v, o]) => Op::FetchAdd(l, value(v)?, parse_order(o)?),
        ("compare_exchange", [e, n, s, fail]) => {
            Op::Cas(l, value(e)?, value(n)?, parse_order(s)?, parse_order(fail)?)
        }
        _ => return Err(bad("expected load, store, swap, fetch_add or compare_exchange with its arguments")),
    })
}

impl std::str::FromStr for Litmus {
    type Err = String;

    fn from_str(text: &str) -> Result<Litmus, String> {
        let threads = text
            .split(" || ")
            .map(|thread| thread.split("; ").map(|op| parse_op(op.trim())).collect::<Result<Vec<_>, _>>())
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Litmus { threads })
    }
}

impl Litmus {
    /// The locations it uses, in order.
    pub fn locations(&self) -> Vec<usize> {
        let used: HashSet<usize> = self.threads.iter().flatten().filter_map(|op| op.location()).collect();
        (0..LOCATIONS.len()).filter(|l| used.contains(l)).collect()
    }

    /// The program as a C litmus file for herd7, named `name`. A compare-exchange keeps its
    /// expected value in a plain location of its own (`c<thread>_<k>`, as C passes it by pointer),
    /// which holds the value read once the call returns: that is the result.
    pub fn to_c(&self, name: &str) -> String {
        let locations = self.locations();
        let mut init = Vec::new();
        let mut body = String::new();
        for (t, ops) in self.threads.iter().enumerate() {
            let mut params: Vec<String> =
                locations.iter().map(|&l| format!("atomic_int* {}", LOCATIONS[l])).collect();
            let mut code = String::new();
            let mut k = 0;
            for &op in ops {
                let r = format!("r{k}");
                match op {
                    Op::Load(l, o) => {
                        let _ = writeln!(
                            code,
                            "  int {r} = atomic_load_explicit({}, {});",
                            LOCATIONS[l],
                            c_order(o)
                        );
                    }
                    Op::Store(l, v, o) => {
                        let _ =
                            writeln!(code, "  atomic_store_explicit({}, {v}, {});", LOCATIONS[l], c_order(o));
                    }
                    Op::Swap(l, v, o) => {
                        let _ = writeln!(
                            code,
                            "  int {r} = atomic_exchange_explicit({}, {v}, {});",
                            LOCATIONS[l],
                            c_order(o)
                        );
                    }
                    Op::FetchAdd(l, v, o) => {
                        let _ = writeln!(
                            code,
                            "  int {r} = atomic_fetch_add_explicit({}, {v}, {});",
                            LOCATIONS[l],
                            c_order(o)
                        );
                    }
                    Op::Cas(l, e, n, s, fail) => {
                        let c = format!("c{t}_{k}");
                        init.push(format!("{c} = {e};"));
                        params.push(format!("int* {c}"));
                        let _ = writeln!(
                            code,
                            "  atomic_compare_exchange_strong_explicit({}, {c}, {n}, {}, {});",
                            LOCATIONS[l],
                            c_order(s),
                            c_order(fail)
                        );
                        let _ = writeln!(code, "  int {r} = *{c};");
                    }
                    Op::Fence(o) => {
                        let _ = writeln!(code, "  atomic_thread_fence({});", c_order(o));
                    }
                }
                if op.reads() {
                    k += 1;
                }
            }
            let _ = write!(body, "\nP{t}({}) {{\n{code}}}\n", params.join(", "));
        }
        let mut shown: Vec<String> = self.registers();
        shown.extend(locations.iter().map(|&l| LOCATIONS[l].to_string()));
        let first = LOCATIONS[locations[0]];
        format!(
            "C {name}\n(* {self} *)\n{{ {} }}\n{body}\nlocations [{};]\nexists ({first}=0)\n",
            init.join(" "),
            shown.join("; ")
        )
    }

    /// The register names, `t:rk`, in thread and program order.
    pub fn registers(&self) -> Vec<String> {
        let mut names = Vec::new();
        for (t, ops) in self.threads.iter().enumerate() {
            let reads = ops.iter().filter(|op| op.reads()).count();
            names.extend((0..reads).map(|k| format!("{t}:r{k}")));
        }
        names
    }

    /// The outcome's text from each register's value and each used location's final value.
    pub fn outcome(&self, registers: &[usize], finals: &[usize]) -> String {
        let mut parts: Vec<String> =
            self.registers().iter().zip(registers).map(|(name, v)| format!("{name}={v}")).collect();
        parts.extend(self.locations().iter().zip(finals).map(|(&l, v)| format!("{}={v}", LOCATIONS[l])));
        parts.join(" ")
    }
}

/// herd7's answer for one litmus file: the number of consistent executions and the final
/// states, as outcomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HerdAnswer {
    /// Consistent executions (herd7's positive and negative witnesses together).
    pub executions: u64,
    /// Every final state herd7 lists, as an outcome of [`Litmus::outcome`]'s form.
    pub outcomes: Vec<String>,
}

/// Reads herd7's output for `program`: the `States` block and the `Positive: P Negative: N` line.
pub fn parse_herd(program: &Litmus, output: &str) -> Result<HerdAnswer, String> {
    let lines: Vec<&str> = output.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("States "))
        .ok_or_else(|| format!("no `States` line in herd7's output:\n{output}"))?;
    let count: usize = lines[start]["States ".len()..].trim().parse().map_err(|_| "a bad States line")?;
    let names = program.registers();
    let locations = program.locations();
    let mut outcomes = Vec::new();
    for line in &lines[start + 1..start + 1 + count] {
        let values: BTreeMap<String, usize> = line
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                let (k, v) = s.split_once('=').ok_or_else(|| format!("bad state `{s}`"))?;
                let k = k.trim_start_matches('[').trim_end_matches(']');
                Ok((k.to_string(), v.parse::<usize>().map_err(|_| format!("bad value in `{s}`"))?))
            })
            .collect::<Result<_, String>>()?;
        let get = |k: &str| values.get(k).copied().ok_or_else(|| format!("`{k}` missing from `{line}`"));
        let registers = names.iter().map(|n| get(n)).collect::<Result<Vec<_>, _>>()?;
        let finals = locations.iter().map(|&l| get(LOCATIONS[l])).collect::<Result<Vec<_>, _>>()?;
        outcomes.push(program.outcome(&registers, &finals));
    }
    outcomes.sort();
    let witnesses = lines
        .iter()
        .find_map(|l| l.strip_prefix("Positive: "))
        .ok_or_else(|| format!("no `Positive:` line in herd7's output:\n{output}"))?;
    let (positive, negative) =
        witnesses.split_once(" Negative: ").ok_or_else(|| format!("bad witness line `{witnesses}`"))?;
    let executions = positive.trim().parse::<u64>().map_err(|_| "bad Positive count")?
        + negative.trim().parse::<u64>().map_err(|_| "bad Negative count")?;
    Ok(HerdAnswer { executions, outcomes })
}

/// An outcome's text, kept once for the whole test binary (an [`Outcome::Label`] is `'static`).
fn interned(text: String) -> &'static str {
    static SEEN: OnceLock<StdMutex<HashSet<&'static str>>> = OnceLock::new();
    let mut seen = SEEN.get_or_init(Default::default).lock().unwrap();
    match seen.get(text.as_str()) {
        Some(&s) => s,
        None => {
            let s: &'static str = Box::leak(text.into_boxed_str());
            seen.insert(s);
            s
        }
    }
}

/// The thread names, in order.
const THREADS: [&str; 4] = ["t0", "t1", "t2", "t3"];

fn run_thread(ops: &[Op], locations: &[AtomicUsize]) -> Vec<usize> {
    let mut results = Vec::new();
    for &op in ops {
        match op {
            Op::Load(l, o) => results.push(locations[l].load(o)),
            Op::Store(l, v, o) => locations[l].store(v, o),
            Op::Swap(l, v, o) => results.push(locations[l].swap(v, o)),
            Op::FetchAdd(l, v, o) => results.push(locations[l].fetch_add(v, o)),
            Op::Cas(l, e, n, s, fail) => {
                results.push(locations[l].compare_exchange(e, n, s, fail).unwrap_or_else(|read| read))
            }
            Op::Fence(o) => fence(o),
        }
    }
    results
}

impl Program for Litmus {
    fn actors(&self) -> Vec<&'static str> {
        THREADS[..self.threads.len()].to_vec()
    }

    /// The main thread spawns every thread, joins them, and reads each location's final value.
    fn run_once(&self) -> Outcome {
        racelab::rt::record::begin("main");
        let locations: Arc<Vec<AtomicUsize>> =
            Arc::new(LOCATIONS.iter().map(|&name| AtomicUsize::named(name, 0)).collect());
        let handles: Vec<_> = self
            .threads
            .iter()
            .enumerate()
            .map(|(t, ops)| {
                let (ops, locations) = (ops.clone(), locations.clone());
                thread::Builder::new()
                    .name(THREADS[t])
                    .spawn(move || run_thread(&ops, &locations))
                    .expect("spawn a thread")
            })
            .collect();
        let mut registers = Vec::new();
        for h in handles {
            match h.join() {
                Ok(results) => registers.extend(results),
                Err(_) => return Outcome::Panic("a litmus thread panicked".to_string()),
            }
        }
        racelab::rt::record::pause();
        let finals: Vec<usize> = self.locations().iter().map(|&l| locations[l].load(Relaxed)).collect();
        Outcome::Label(interned(self.outcome(&registers, &finals)))
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Body(|| panic!("a corpus program runs on rc11 only"))
    }
}
