//! The pool's wire format: one JSON object per line, each way.
//!
//! A job is `{"id":3,"task":"count_divisors","input":12}`; its answer is `{"id":3,"ok":6}` or
//! `{"id":3,"err":"task failed on input 3"}`. JSON escapes a newline inside a string as `\n`, so
//! whatever bytes a job carries, one line is one message: a newline in a workload's name can no
//! longer split one job into two and pair every later answer with the wrong job.
//!
//! The worker answers every line, and then reads the next: a line that is not UTF-8, not JSON, not
//! a job, or names no workload gets an `err` answer, with the line's `id` where one could be read
//! (`null` otherwise). The pool checks each answer's `id` against the job it sent, so an answer
//! out of step is caught at once instead of being taken for another job's result.

use std::io::{self, BufRead, Write};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::exec::work;

/// The hidden subcommand that makes `racelab` a worker.
pub const WORKER_COMMAND: &str = "__worker";

/// One job, as the pool sends it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Job<'a> {
    /// The job's index in the inputs of `map`: its answer must carry it back.
    pub id: u64,
    /// The workload's name, see [`work::ALL`].
    pub task: &'a str,
    /// The workload's input.
    pub input: u64,
}

/// One answer, as the worker sends it: exactly one of `ok` and `err`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Answer {
    /// The id of the job answered; `None` when the line was unreadable.
    pub id: Option<u64>,
    /// The workload's result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ok: Option<u64>,
    /// Why there is no result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub err: Option<String>,
}

impl Answer {
    fn err(id: Option<u64>, message: String) -> Answer {
        Answer { id, ok: None, err: Some(message) }
    }
}

/// What a job line looks like, for error answers.
const EXPECTED: &str = r#"expected one JSON object per line, as {"id":1,"task":"count_divisors","input":12}"#;

/// The start of `line`, readable whatever its bytes: for error messages.
pub(crate) fn excerpt(line: &[u8]) -> String {
    const MAX: usize = 80;
    let text = String::from_utf8_lossy(&line[..line.len().min(MAX)]);
    let dots = if line.len() > MAX { "…" } else { "" };
    format!("{text:?}{dots}")
}

/// The answer to line `number` (from 1) of the worker's input.
fn answer(line: &[u8], number: u64) -> Answer {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let value: Value = match serde_json::from_slice(line) {
        Ok(value) => value,
        Err(e) => {
            return Answer::err(
                None,
                format!("cannot read line {number}, {} ({e}); {EXPECTED}", excerpt(line)),
            );
        }
    };
    let id = value.get("id").and_then(Value::as_u64);
    let job = match Job::deserialize(&value) {
        Ok(job) => job,
        Err(e) => {
            return Answer::err(
                id,
                format!("line {number}, {} is not a job ({e}); {EXPECTED}", excerpt(line)),
            );
        }
    };
    let Some(f) = work::by_name(job.task) else {
        let names: Vec<&str> = work::ALL.iter().map(|(name, _)| *name).collect();
        return Answer::err(
            Some(job.id),
            format!("no workload is called {:?}; the workloads are {}", job.task, names.join(", ")),
        );
    };
    match crate::task::run_job(|| f(job.input)) {
        Ok(value) => Answer { id: Some(job.id), ok: Some(value), err: None },
        Err(e) => Answer::err(Some(job.id), e.message),
    }
}

/// The worker's side: answers each line of stdin on stdout, one JSON line each, until stdin
/// closes. Only a broken stdin or stdout ends it early.
pub fn serve() -> io::Result<()> {
    let _quiet = crate::rt::quiet(); // a job's panic is an answer, not noise on stderr
    let mut stdin = io::stdin().lock();
    let mut stdout = io::stdout().lock();
    let mut line = Vec::new();
    for number in 1.. {
        line.clear();
        if stdin.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        serde_json::to_writer(&mut stdout, &answer(&line, number))?;
        stdout.write_all(b"\n")?;
        stdout.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(line: &[u8]) -> String {
        serde_json::to_string(&answer(line, 1)).unwrap()
    }

    #[test]
    fn every_line_gets_an_answer_with_the_id_it_could_read() {
        assert_eq!(answered(br#"{"id":4,"task":"count_divisors","input":12}"#), r#"{"id":4,"ok":6}"#);
        assert!(answered(b"\xff\xfe\n").starts_with(r#"{"id":null,"err":"cannot read line 1"#));
        assert!(answered(br#"{"id":5,"task":"count_divisors"}"#).starts_with(r#"{"id":5,"err":"line 1"#));
        let unknown = answered(br#"{"id":6,"task":"count\ndivisors","input":1}"#);
        assert!(
            unknown.starts_with(r#"{"id":6,"err":"no workload is called \"count\\ndivisors\""#),
            "{unknown}"
        );
    }
}
