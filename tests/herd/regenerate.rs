//! Remaking `corpus.txt` with herd7: the hand-written programs, then generated ones
//! (`generate.rs`), each rendered as C and run under `rc11.cat` and under edits of it, each edit
//! one line of `rc11.cat` replaced (made at run time from the `rc11.cat` found in herd7's libdir;
//! nothing of herdtools7 is kept in this repository).
//!
//! A generated program is kept only when it tells `rc11.cat` from one of the [`PROBES`], each
//! `rc11.cat` with one rule weakened: a program that answers the same with the rule gone says
//! nothing about whether rc11 keeps it. The header of the corpus says how many kept programs
//! tell each rule.

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

use super::corpus::{self, CPP20_RS, GENMC_PSC, RC11, Record};
use super::generate;
use super::litmus::{self, HerdAnswer, Litmus};

/// The programs written by hand, before the generated ones: GenMC's Z6.U as rust-lang/miri keeps
/// it (`tests/genmc/pass/litmus/Z6_U.rs`), and message passing whose flag is a relaxed store after
/// a release store of the same location (C++20's release sequence stops at the release store).
pub const HAND: &[(&str, &str)] = &[
    (
        "Z6.U",
        "x.store(1, SeqCst); y.store(1, Release) || y.fetch_add(1, SeqCst); y.load(Relaxed) \
         || y.store(3, SeqCst); x.load(SeqCst)",
    ),
    (
        "MP+rel+rlx-flag",
        "x.store(1, Relaxed); y.store(1, Release); y.store(2, Relaxed) || y.load(Acquire); x.load(Relaxed)",
    ),
];

/// Generated programs the corpus keeps.
pub const GENERATED: usize = 400;
/// Candidates tried, at most, to find them.
pub const CANDIDATES: usize = 4000;
/// The most consistent executions (under `rc11.cat`) a kept generated program may have: the test
/// stays within about 3 s in debug (with 60, the same number of programs took 18 s, most of it
/// in four-thread programs of 20 to 60 executions).
pub const MAX_EXECUTIONS: u64 = 16;
/// CPU seconds herd7 may spend on one program under one model (its `-timeout`); a program it
/// does not finish is left out.
pub const HERD_SECONDS: u32 = 2;

/// `rc11.cat` with one line replaced.
pub struct Edit {
    /// Its name in the corpus.
    pub name: &'static str,
    /// The line of `rc11.cat` replaced.
    pub from: &'static str,
    /// What replaces it.
    pub to: &'static str,
}

const SW: &str = "let sw = [(REL | ACQ_REL | SC)]; ([F]; sb)?; rs; rf; [R & (RLX | REL | ACQ | ACQ_REL | SC)]; \
                  (sb; [F])?; [(ACQ | ACQ_REL | SC)]";
const SCB: &str = "let scb = sb | sbl; hb; sbl | hbl | mo | rb";

/// C++20's release sequence (see `corpus.rs`).
pub const CPP20: Edit = Edit {
    name: CPP20_RS,
    from: "let rs = [W]; (sb & loc)?; [W & (RLX | REL | ACQ_REL | ACQ | SC)]; (rf; myrmw)*",
    to: "let rs = [W]; (rf; myrmw)*",
};

/// GenMC's psc (see `corpus.rs`); run with read-modify-writes split.
pub const GENMC: Edit = Edit { name: GENMC_PSC, from: SCB, to: "let scb = sb | sb; hb; sb | hbl | mo | rb" };

/// The rules a kept generated program must tell, at least one of them.
pub const PROBES: &[Edit] = &[
    Edit { name: "no SC axiom", from: "acyclic psc as SC", to: "" },
    Edit { name: "psc without pscf", from: "let psc = pscb | pscf", to: "let psc = pscb" },
    Edit { name: "scb without hbl", from: SCB, to: "let scb = sb | sbl; hb; sbl | mo | rb" },
    Edit { name: "scb with sb; hb; sb", from: SCB, to: "let scb = sb | sb; hb; sb | hbl | mo | rb" },
    Edit {
        name: "sw without fences",
        from: SW,
        to: "let sw = [(REL | ACQ_REL | SC)]; rs; rf; [R & (RLX | REL | ACQ | ACQ_REL | SC)]; [(ACQ | ACQ_REL | SC)]",
    },
    Edit { name: "hb without sw", from: "let hb = (sb | sw)+", to: "let hb = sb+" },
    Edit { name: "no RMW atomicity", from: "irreflexive (myrmw; eco) as coherencermw", to: "" },
    Edit { name: "no no-thin-air axiom", from: "acyclic (sb | rf) as no-thin-air", to: "" },
    Edit { name: "C++20 release sequences", from: CPP20.from, to: CPP20.to },
];

/// herd7 on this machine, with a directory of litmus files and models.
struct Herd {
    bin: String,
    libdir: String,
    dir: tempfile::TempDir,
    rc11: String,
}

impl Herd {
    /// The model file for `edit` (`rc11.cat` itself for none).
    fn model(&self, edit: Option<&Edit>) -> String {
        let Some(edit) = edit else { return "rc11.cat".to_string() };
        assert!(
            self.rc11.contains(edit.from),
            "rc11.cat has no line `{}`: another version of herdtools7?",
            edit.from
        );
        let path = self.dir.path().join(format!("{}.cat", edit.name.replace([' ', ';', '+'], "-")));
        fs::write(&path, self.rc11.replace(edit.from, edit.to)).unwrap();
        path.to_string_lossy().into_owned()
    }

    /// herd7's answers for `programs` under `model`, by name; a program herd7 did not finish in
    /// [`HERD_SECONDS`] has none.
    fn run(&self, model: &str, split_rmw: bool, programs: &[(&str, &Litmus)]) -> HashMap<String, HerdAnswer> {
        let mut answers = HashMap::new();
        for chunk in programs.chunks(100) {
            let files: Vec<PathBuf> = chunk
                .iter()
                .map(|(name, program)| {
                    let file = self.dir.path().join(format!("{name}.litmus"));
                    fs::write(&file, program.to_c(name)).unwrap();
                    file
                })
                .collect();
            let mut cmd = Command::new(&self.bin);
            cmd.args(["-set-libdir", &self.libdir, "-model", model, "-timeout", &HERD_SECONDS.to_string()]);
            if split_rmw {
                cmd.args(["-variant", "NoRMW"]);
            }
            let out = cmd.args(&files).output().expect("herd7 runs");
            assert!(out.status.success(), "herd7 failed: {}", String::from_utf8_lossy(&out.stderr));
            let text = String::from_utf8_lossy(&out.stdout);
            for block in text.split("\nTest ").map(|b| b.trim_start_matches("Test ")) {
                let name = block.split_whitespace().next().unwrap_or_default();
                if let Some((name, program)) = chunk.iter().find(|(n, _)| *n == name) {
                    let answer = litmus::parse_herd(program, block).unwrap_or_else(|e| panic!("{name}: {e}"));
                    answers.insert(name.to_string(), answer);
                }
            }
        }
        answers
    }
}

/// Writes the corpus to `out`, running herd7 `bin` with its `libdir`; returns how many programs
/// it has.
pub fn corpus(bin: &str, libdir: &str, out: &str) -> usize {
    let rc11 = fs::read_to_string(format!("{libdir}/rc11.cat")).expect("rc11.cat in herd7's libdir");
    let herd =
        Herd { bin: bin.to_string(), libdir: libdir.to_string(), dir: tempfile::tempdir().unwrap(), rc11 };

    // The hand-written programs: every answer.
    let hand: Vec<(&str, Litmus)> = HAND.iter().map(|&(name, code)| (name, code.parse().unwrap())).collect();
    let hand_refs: Vec<(&str, &Litmus)> = hand.iter().map(|(n, p)| (*n, p)).collect();
    let c11 = herd.run(&herd.model(None), false, &hand_refs);
    let cpp20 = herd.run(&herd.model(Some(&CPP20)), false, &hand_refs);
    let genmc = herd.run(&herd.model(Some(&GENMC)), true, &hand_refs);
    let mut records: Vec<Record> = hand
        .iter()
        .map(|(name, program)| {
            let answer =
                |by: &HashMap<String, HerdAnswer>| by.get(*name).cloned().expect("herd7 answers in time");
            let mut answers = vec![(RC11.to_string(), answer(&c11))];
            if answer(&cpp20) != answers[0].1 {
                answers.push((CPP20_RS.to_string(), answer(&cpp20)));
            }
            answers.push((GENMC_PSC.to_string(), answer(&genmc)));
            Record { name: name.to_string(), program: program.clone(), answers }
        })
        .collect();

    // The generated ones: those herd7 answers in time, small enough, telling some probe; taken
    // in batches until enough are kept.
    let names: Vec<String> = (0..CANDIDATES).map(|i| format!("g{i:04}")).collect();
    let programs = generate::programs(CANDIDATES);
    let models: Vec<String> = PROBES.iter().map(|p| herd.model(Some(p))).collect();
    let (c11_model, cpp20_model) = (herd.model(None), herd.model(Some(&CPP20)));
    let mut told = vec![0; PROBES.len()];
    let (mut tried, mut slow) = (0, 0);
    'batches: for batch in names.iter().map(String::as_str).zip(&programs).collect::<Vec<_>>().chunks(200) {
        let c11 = herd.run(&c11_model, false, batch);
        slow += batch.len() - c11.len();
        let small: Vec<(&str, &Litmus)> = batch
            .iter()
            .copied()
            .filter(|(n, _)| c11.get(*n).is_some_and(|a| a.executions <= MAX_EXECUTIONS))
            .collect();
        let cpp20 = herd.run(&cpp20_model, false, &small);
        let probes: Vec<HashMap<String, HerdAnswer>> =
            models.iter().map(|m| herd.run(m, false, &small)).collect();
        for &(name, program) in batch {
            if records.len() == HAND.len() + GENERATED {
                break 'batches;
            }
            tried += 1;
            let (Some(answer), Some(cpp20)) = (c11.get(name), cpp20.get(name)) else { continue };
            let tells: Vec<bool> = probes.iter().map(|p| p.get(name).is_some_and(|a| a != answer)).collect();
            if !tells.contains(&true) {
                continue;
            }
            for (count, t) in told.iter_mut().zip(&tells) {
                *count += usize::from(*t);
            }
            let mut answers = vec![(RC11.to_string(), answer.clone())];
            if cpp20 != answer {
                answers.push((CPP20_RS.to_string(), cpp20.clone()));
            }
            records.push(Record { name: name.to_string(), program: program.clone(), answers });
        }
    }
    let kept = records.len() - HAND.len();
    assert_eq!(kept, GENERATED, "only {kept} of {CANDIDATES} candidates kept: raise CANDIDATES");

    let version = Command::new(bin).arg("-version").output().expect("herd7 -version").stdout;
    let date = Command::new("date").args(["-u", "+%F"]).output().expect("date").stdout;
    let mut header = format!(
        "rc11 against herd7, program by program: tests/herd.rs reads this file and asserts that rc11\n\
         reaches exactly the final states herd7 lists and counts as many consistent executions.\n\
         \n\
         Made by `regenerate_corpus` in tests/herd.rs (tests/herd/regenerate.rs) on {}\
         with herd7 {}\
         Each program is rendered as C (tests/herd/litmus.rs, Litmus::to_c) and run as\n\
         \x20 herd7 -set-libdir HERD7_LIBDIR -model MODEL -timeout {HERD_SECONDS} FILE.litmus...\n\
         under these models:\n\
         - {RC11}: herdtools7's herd/libdir/rc11.cat, as shipped;\n\
         - {CPP20_RS}: rc11.cat with C++20's release sequence (P0982R1), the line\n\
         \x20 `{}` made `{}`;\n\
         \x20 kept only where its answer differs. racelab follows C++20, as Rust does, so rc11 must give\n\
         \x20 this answer where there is one;\n\
         - {GENMC_PSC}: rc11.cat with GenMC's psc (Kater's rc11-genmc.kat, GenMC 0.10 and later), the line\n\
         \x20 `{}` made `{}`,\n\
         \x20 run with -variant NoRMW (a read-modify-write is a read and a write, as in GenMC's graphs);\n\
         \x20 for the hand-written programs only.\n\
         \n\
         Programs: {} written by hand, then {kept} generated from seed {:#x} (tests/herd/generate.rs), named\n\
         by their place among the generator's programs: the first {kept} of its first {tried} programs that herd7\n\
         answers within {HERD_SECONDS} s (herd7 did not answer {slow} of the programs it was given), with at most {MAX_EXECUTIONS} executions under rc11.cat, whose answer\n\
         changes under at least one of these edits of rc11.cat (kept programs telling each):\n",
        String::from_utf8_lossy(&date),
        String::from_utf8_lossy(&version),
        CPP20.from,
        CPP20.to,
        GENMC.from,
        GENMC.to,
        HAND.len(),
        generate::SEED,
    );
    for (probe, count) in PROBES.iter().zip(&told) {
        let to = if probe.to.is_empty() { "removed".to_string() } else { format!("made `{}`", probe.to) };
        header.push_str(&format!("- {}: {count} (`{}` {to})\n", probe.name, probe.from));
    }
    header.push_str(
        "Outcomes: each thread's results (t:rk, the k-th operation of thread t that reads), then each\n\
         location's final value.",
    );
    fs::write(out, corpus::render(&header, &records)).unwrap();
    records.len()
}
