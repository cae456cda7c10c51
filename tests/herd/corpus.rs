//! The corpus file (`corpus.txt`): litmus programs with herd7's answers, read by the tests and
//! written by the regeneration (`tests/herd.rs`, `regenerate_corpus`).
//!
//! Lines starting with `#` are comments (the header says how the file was made). A record:
//!
//! ```text
//! program NAME
//! code THE PROGRAM (litmus.rs's text form)
//! herd MODEL EXECUTIONS
//!   OUTCOME
//!   OUTCOME
//! herd ANOTHER-MODEL EXECUTIONS
//!   OUTCOME
//! ```
//!
//! Every record has an answer under [`RC11`]; one under [`CPP20_RS`] is kept only where it differs,
//! and one under [`GENMC_PSC`] only for the hand-written programs.

#![allow(dead_code)] // each test binary that includes this module uses some of it

use std::fmt::Write as _;

use super::litmus::{HerdAnswer, Litmus};

/// herdtools7's `rc11.cat`, as shipped.
pub const RC11: &str = "rc11.cat";
/// `rc11.cat` with C++20's release sequence (P0982R1): `let rs = [W]; (rf; myrmw)*`, without the
/// releasing thread's later writes (`(sb & loc)?`). Made from `rc11.cat` at regeneration.
pub const CPP20_RS: &str = "rc11.cat+cpp20-rs";
/// `rc11.cat` with GenMC's `psc` (Kater's `rc11-genmc.kat`): `sb; hb; sb` where `rc11.cat` has
/// `sbl; hb; sbl`, run with each read-modify-write split into a read and a write
/// (`-variant NoRMW`), as GenMC's graphs have them. Made from `rc11.cat` at regeneration.
pub const GENMC_PSC: &str = "rc11.cat+genmc-psc";

/// One program of the corpus with herd7's answers, by model.
#[derive(Clone, Debug)]
pub struct Record {
    /// Its name: a classic test's name, or `g` and its number for a generated one.
    pub name: String,
    /// The program.
    pub program: Litmus,
    /// herd7's answer under each model recorded, [`RC11`] first.
    pub answers: Vec<(String, HerdAnswer)>,
}

impl Record {
    /// The answer under `model`, if recorded.
    pub fn answer(&self, model: &str) -> Option<&HerdAnswer> {
        self.answers.iter().find(|(m, _)| m == model).map(|(_, a)| a)
    }

    /// What Rust's model (C++20's) allows, which rc11 must reach: [`CPP20_RS`]'s answer where it
    /// differs from [`RC11`]'s, else [`RC11`]'s.
    pub fn cpp20(&self) -> &HerdAnswer {
        self.answer(CPP20_RS).or(self.answer(RC11)).expect("every record has an rc11.cat answer")
    }
}

/// Reads the corpus; an error names the line.
pub fn parse(text: &str) -> Result<Vec<Record>, String> {
    let mut records: Vec<Record> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let bad = |why: &str| format!("corpus line {}: {why}: `{line}`", i + 1);
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix("program ") {
            records.push(Record {
                name: name.to_string(),
                program: Litmus { threads: vec![] },
                answers: vec![],
            });
            continue;
        }
        let record = records.last_mut().ok_or_else(|| bad("expected `program NAME` first"))?;
        if let Some(code) = line.strip_prefix("code ") {
            record.program = code.parse().map_err(|e: String| bad(&e))?;
        } else if let Some(answer) = line.strip_prefix("herd ") {
            let (model, executions) =
                answer.rsplit_once(' ').ok_or_else(|| bad("expected `herd MODEL N`"))?;
            let executions = executions.parse().map_err(|_| bad("expected a number of executions"))?;
            record.answers.push((model.to_string(), HerdAnswer { executions, outcomes: vec![] }));
        } else if let Some(outcome) = line.strip_prefix("  ") {
            let (_, answer) = record.answers.last_mut().ok_or_else(|| bad("an outcome before `herd`"))?;
            answer.outcomes.push(outcome.to_string());
        } else {
            return Err(bad("expected program, code, herd or an indented outcome"));
        }
    }
    if let Some(r) = records.iter().find(|r| r.answer(RC11).is_none() || r.program.threads.is_empty()) {
        return Err(format!("corpus record `{}` lacks its code or its {RC11} answer", r.name));
    }
    Ok(records)
}

/// Writes records in the form [`parse`] reads, after `header` (each line made a comment).
pub fn render(header: &str, records: &[Record]) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "# {line}");
    }
    for r in records {
        let _ = write!(out, "\nprogram {}\ncode {}\n", r.name, r.program);
        for (model, answer) in &r.answers {
            let _ = writeln!(out, "herd {model} {}", answer.executions);
            for outcome in &answer.outcomes {
                let _ = writeln!(out, "  {outcome}");
            }
        }
    }
    out.lines().map(str::trim_end).collect::<Vec<_>>().join("\n") + "\n"
}
