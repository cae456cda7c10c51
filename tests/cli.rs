//! The `racelab` command: its output for other tools, and bad input answered with exit status 2.

use std::process::{Command, Output};

fn racelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_racelab")).args(args).output().expect("run racelab")
}

/// The rows of `check --json` that are one backend's report (not a variant's combined verdict).
fn backend_rows(stdout: &[u8]) -> Vec<serde_json::Value> {
    let rows: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    rows.as_array().unwrap().iter().filter(|r| r["backend"] != "combined").cloned().collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn list_json_has_every_scenario_with_its_variants() {
    let out = racelab(&["list", "--json"]);
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), racelab::scenarios::INDEX.len());
    assert_eq!(rows[0]["id"], "counter_01_lost_update");
    assert_eq!(rows[0]["variants"], serde_json::json!(["broken", "fixed"]));
}

#[test]
fn check_json_carries_the_documented_keys() {
    let out = racelab(&[
        "check",
        "counter_01_lost_update",
        "--backend",
        "shuttle",
        "--iterations",
        "100",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let broken = &reports[0];
    for key in ["scenario", "variant", "backend", "verdict", "expected", "outcomes", "executions", "replay"] {
        assert!(broken.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(broken["verdict"], "caught");
    assert_eq!(broken["executions"], 200);
    let lost = broken["outcomes"].as_array().unwrap().iter().find(|o| o["id"] == "1").unwrap();
    assert_eq!(lost["grade"], "interesting");
    assert_eq!(lost["seen"], true);
    assert!(lost["count"].as_u64().unwrap() > 0);
}

#[test]
fn replay_reproduces_a_key_from_a_report() {
    let out = racelab(&["check", "deadlock_01_lock_order", "--backend", "shuttle", "--json"]);
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let key = reports[0]["replay"].as_str().unwrap().to_string();
    let out = racelab(&["replay", "deadlock_01_lock_order", "broken", &key]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("outcome: deadlock") && text.contains("a.lock() waits"), "{text}");
}

#[test]
fn the_start_of_one_id_selects_it() {
    let out = racelab(&["check", "counter_01", "--backend", "shuttle", "--iterations", "50", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let reports = backend_rows(&out.stdout);
    assert_eq!(reports.len(), 2, "broken and fixed");
    assert!(reports.iter().all(|r| r["scenario"] == "counter_01_lost_update"));
    let key = reports[0]["replay"].as_str().unwrap();
    let out = racelab(&["replay", "counter_01", "broken", key]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("counter_01_lost_update · broken · shuttle replay"), "{text}");
}

#[test]
fn a_start_shared_by_several_ids_lists_them() {
    assert_usage_error(&["check", "counter_0"], "'counter_0'", "counter_01_lost_update, counter_02_mutex");
    assert_usage_error(
        &["replay", "litmus", "broken", "s1-00000000-0"],
        "'litmus'",
        "litmus_01_message_passing, litmus_02_store_buffering",
    );
}

#[test]
fn backends_separated_by_commas_run_those_only() {
    let out = racelab(&[
        "check",
        "counter_01_lost_update",
        "--backend",
        "shuttle,loom",
        "--iterations",
        "50",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let reports = backend_rows(&out.stdout);
    let backends: Vec<&str> = reports.iter().map(|r| r["backend"].as_str().unwrap()).collect();
    assert_eq!(backends, ["loom", "shuttle", "loom", "shuttle"], "in report order, per variant");
    assert_usage_error(&["check", "--backend", "loom,valgrind"], "'valgrind'", "--backend loom,rc11");
    assert_usage_error(
        &["check", "--backend", "loom,"],
        "'loom,'",
        "loom, shuttle, threads, rc11, processes, or all",
    );
}

#[test]
fn variant_checks_that_variant_only() {
    let args = ["check", "counter_01", "counter_02", "--variant", "fixed", "--backend", "loom,shuttle"];
    let out = racelab(&[&args[..], &["--iterations", "50", "--json"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let reports = backend_rows(&out.stdout);
    assert_eq!(reports.len(), 4, "two scenarios, fixed only, two backends");
    assert!(reports.iter().all(|r| r["variant"] == "fixed"));
    // A scenario without the variant is left out, and the text output says which.
    let out =
        racelab(&["check", "counter_01", "worker_02", "--variant", "ignores_poison", "--backend", "loom"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1 checks") && text.contains("left out 1 scenario without it: counter_01_lost_update")
    );
    assert_usage_error(
        &["check", "counter_01", "--variant", "fxed"],
        "'fxed'",
        "its variants are broken, fixed",
    );
    assert_usage_error(
        &["check", "counter_01", "counter_02", "--variant", "nope"],
        "'nope'",
        "broken, fixed",
    );
}

#[test]
fn loom_settings_are_named_in_the_header() {
    let out = racelab(&["check", "counter_01", "--variant", "broken", "--backend", "loom", "--bound", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let header =
        "counter_01_lost_update · broken · loom (exhaustive, preemption bound 1 instead of the scenario's 2)";
    assert!(text.starts_with(header), "{text}");
    let args = ["check", "counter_01", "--variant", "broken", "--backend", "loom", "--max-executions", "2"];
    let out = racelab(&[&args[..], &["--json"]].concat());
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports[0]["setting"], "exhaustive, preemption bound 2, budget of 2 executions");
    assert_eq!(reports[0]["executions"], 2);
}

#[test]
fn loom_settings_out_of_range_say_so() {
    assert_usage_error(&["check", "--bound", "11"], "11", "the most is 10");
    assert_usage_error(&["check", "--bound", "two"], "'two'", "--bound 2");
    assert_usage_error(&["check", "--max-executions", "0"], "execution", "--max-executions 200000");
    assert_usage_error(&["check", "--max-executions", "-3"], "'-3'", "--max-executions 200000");
    assert_usage_error(
        &["check", "--max-executions", "999999999999"],
        "999999999999",
        "the most is 100000000",
    );
    assert_usage_error(
        &["check", "--backend", "shuttle", "--bound", "1"],
        "--bound",
        "add loom to --backend",
    );
}

/// The JSON reports of a check that must run.
fn reports(args: &[&str]) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = racelab(&[args, &["--json"]].concat());
    assert_eq!(stderr(&out), "", "{args:?}");
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code(), reports.as_array().unwrap().clone())
}

#[test]
fn dfs_says_whether_it_explored_every_interleaving() {
    let args = ["check", "counter_01", "--variant", "fixed", "--backend", "shuttle", "--scheduler", "dfs"];
    let (code, all) = reports(&args);
    assert_eq!(code, Some(0));
    assert_eq!(all[0]["setting"], "dfs, exhaustive: every interleaving, sequentially consistent");
    assert_eq!(all[0]["exhaustive"], true);
    assert_eq!(all[0]["verdict"], "verified");
    // Capped below what it needs, it says so, and proves nothing.
    let (code, cut) = reports(&[&args[..], &["--iterations", "2"]].concat());
    assert_eq!(code, Some(1), "inconclusive is not the verified the catalogue expects");
    assert_eq!(cut[0]["setting"], "dfs, cut short at 2 iterations: not exhaustive");
    assert_eq!(cut[0]["exhaustive"], false);
    assert_eq!(cut[0]["verdict"], "inconclusive");
}

#[test]
fn one_shuttle_scheduler_runs_alone_and_the_header_says_which() {
    let args = ["check", "counter_01", "--variant", "broken", "--backend", "shuttle", "--iterations", "50"];
    let (_, pct) = reports(&[&args[..], &["--scheduler", "pct", "--pct-depth", "2"]].concat());
    assert_eq!(pct[0]["setting"], "pct (depth 2), 50 iterations, seed 1");
    assert_eq!(pct[0]["executions"], 50);
    let (_, random) = reports(&[&args[..], &["--scheduler", "random", "--seed", "7"]].concat());
    assert_eq!(random[0]["setting"], "random, 50 iterations, seed 7");
    let (_, both) = reports(&args);
    assert_eq!(both[0]["setting"], "random and pct (depth 3), 50 iterations each, seed 1");
    assert_eq!(both[0]["executions"], 100);
}

#[test]
fn shuttle_settings_that_make_no_sense_are_refused() {
    assert_usage_error(&["check", "--scheduler", "bfs"], "'bfs'", "random, pct, dfs");
    assert_usage_error(&["check", "--pct-depth", "0"], "depth", "--pct-depth 3");
    assert_usage_error(&["check", "--pct-depth", "21"], "21", "the most is 20");
    assert_usage_error(
        &["check", "--scheduler", "dfs", "--pct-depth", "4"],
        "--pct-depth",
        "drop one of them",
    );
    assert_usage_error(&["check", "--scheduler", "dfs", "--seed", "4"], "--seed", "drop --seed");
    assert_usage_error(
        &["check", "--backend", "loom", "--scheduler", "dfs"],
        "--backend loom",
        "add shuttle",
    );
}

/// Each bad input: exit status 2, and a message that names the input and says what to do.
fn assert_usage_error(args: &[&str], names: &str, suggests: &str) {
    let out = racelab(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let message = stderr(&out);
    assert!(message.contains(names), "{args:?}: message does not name {names:?}: {message}");
    assert!(message.contains(suggests), "{args:?}: message does not suggest {suggests:?}: {message}");
}

#[test]
fn bad_input_is_named_and_the_fix_suggested() {
    assert_usage_error(
        &["check", "counter_1_lost"],
        "'counter_1_lost'",
        "did you mean 'counter_01_lost_update'",
    );
    assert_usage_error(&["check", "nothing_like_it"], "'nothing_like_it'", "racelab list");
    assert_usage_error(
        &["replay", "counter_01_lost_update", "brokn", "s1-00000000-0"],
        "'brokn'",
        "broken, fixed",
    );
    assert_usage_error(
        &["replay", "counter_01_lost_update", "broken", "garbage"],
        "'garbage'",
        "copy it whole",
    );
    assert_usage_error(
        &["replay", "counter_01_lost_update", "broken", "s1-00000000-0"],
        "s1-00000000-0",
        "fresh keys",
    );
    assert_usage_error(&["check", "--iterations", "0"], "0", "--iterations 1000");
    assert_usage_error(&["check", "--iterations", "99999999999"], "99999999999", "the most is");
    assert_usage_error(&["check", "--stress-ms", "0"], "0", "--stress-ms 500");
    assert_usage_error(
        &["check", "--backend", "valgrind"],
        "'valgrind'",
        "loom, shuttle, threads, rc11, processes, or all",
    );
}

/// Scenarios panic, poison locks, deadlock and hang on purpose; loom and shuttle report failures
/// by panicking and printing. None of it may reach the user's terminal: it is all in the report.
#[test]
fn a_check_prints_nothing_on_stderr() {
    let noisy = [
        "deadlock_01_lock_order",
        "worker_01_panic_surfaces",
        "worker_02_poisoned_lock",
        "litmus_02_store_buffering",
    ];
    let mut args = vec!["check"];
    args.extend(noisy);
    // A short time to widen: the wider search must print nothing either, and need not take long to show it.
    args.extend(["--stress-ms", "50", "--iterations", "200", "--widen", "500ms"]);
    let out = racelab(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(stderr(&out), "", "nothing but the report");
}

#[test]
fn unknown_ids_are_refused_with_all_too() {
    assert_usage_error(&["check", "--all", "nosuch"], "'nosuch'", "racelab list");
}

#[test]
fn numbers_out_of_range_say_so_and_give_the_most() {
    let huge = "99999999999999999999999";
    assert_usage_error(&["check", "--iterations", huge], "too large", "the most is 1000000");
    assert_usage_error(&["check", "--stress-ms", huge], "too large", "the most is 600000");
    assert_usage_error(&["check", "--seed", huge], "too large", "the most is 18446744073709551615");
    assert_usage_error(&["check", "--seed", "x"], "'x'", "--seed 1");
    assert_usage_error(&["check", "--timeout", "0"], "--timeout", "--timeout 60");
    assert_usage_error(&["check", "--timeout", "5", "--stress-ms", "20000"], "--timeout 5", "--timeout 80");
}

#[test]
fn echoed_input_is_cut_to_80_characters() {
    let long = "x".repeat(100_000);
    let escape = format!("s1-00000000-({}", "1".repeat(100_000));
    let steps = format!("s1-00000000-{}", "0".repeat(100_000));
    for args in [
        vec!["check", long.as_str()],
        vec!["replay", "counter_01_lost_update", long.as_str(), "s1-00000000-0"],
        vec!["replay", "counter_01_lost_update", "broken", long.as_str()],
        vec!["replay", "counter_01_lost_update", "broken", escape.as_str()],
        vec!["replay", "counter_01_lost_update", "broken", steps.as_str()],
    ] {
        let out = racelab(&args);
        assert_eq!(out.status.code(), Some(2));
        let message = stderr(&out);
        assert!(message.contains('…'), "the input is cut where it is echoed: {message}");
        assert!(message.len() < 600, "{} bytes of error for {}", message.len(), args[1]);
    }
}

#[test]
fn a_negative_number_is_named_with_the_fix() {
    assert_usage_error(&["check", "--seed", "-1"], "'-1'", "--seed 1");
    assert_usage_error(&["check", "--iterations", "-5"], "'-5'", "--iterations 1000");
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_racelab"))
        .args(["check", "--all", "--backend", "shuttle", "--iterations", "20", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away, as `| head` does
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(141), "as SIGPIPE would");
    assert_eq!(stderr(&out), "", "no panic, nothing to say");
}

#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_racelab")).arg("list").stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(74));
    let message = stderr(&out);
    assert!(message.contains("cannot write to stdout") && !message.contains("panicked"), "{message}");
}

#[test]
fn a_time_to_widen_needs_a_unit_and_says_how_to_write_one() {
    assert_usage_error(&["check", "--widen", "10"], "'10' needs a unit", "--widen 10s");
    assert_usage_error(&["check", "--widen", "ten"], "'ten' is not a duration", "--widen 10s");
    assert_usage_error(&["check", "--widen", "2h"], "'2h' needs a unit", "500ms");
    assert_usage_error(&["check", "--widen", "61m"], "'61m' is more than an hour", "--widen");
    // `--budget`, its name before the layers, still reads the same.
    assert_usage_error(&["check", "--budget", "10"], "'10' needs a unit", "--widen 10s");
}

#[test]
fn a_named_check_widens_a_clean_search_and_says_how_far_it_went() {
    let out = racelab(&["check", "counter_01", "--variant", "fixed", "--backend", "loom", "--widen", "2s"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("widened: loom with no preemption bound"), "{text}");
    let out = racelab(&["check", "counter_01", "--variant", "fixed", "--backend", "loom", "--widen", "0"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("widened"), "0 widens nothing");
}

#[test]
fn json_adds_one_combined_row_per_variant() {
    let out = racelab(&["check", "litmus_02", "--backend", "loom,shuttle", "--iterations", "50", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let combined: Vec<&serde_json::Value> =
        rows.as_array().unwrap().iter().filter(|r| r["backend"] == "combined").collect();
    assert_eq!(combined.len(), 3, "broken, fixed, seqcst_accesses");
    let seqcst = combined.iter().find(|r| r["variant"] == "seqcst_accesses").unwrap();
    assert_eq!(seqcst["verdict"], "verified");
    assert_eq!(seqcst["matches"], true);
    assert_eq!(seqcst["disagreements"][0]["class"], "over_approximation");
    let broken = combined.iter().find(|r| r["variant"] == "broken").unwrap();
    assert_eq!(broken["disagreements"][0]["class"], "blind_spot");
    assert_eq!(broken["disagreements"][0]["missed_by"], serde_json::json!(["shuttle"]));
}

#[test]
fn a_time_to_widen_no_shorter_than_the_timeout_is_refused() {
    assert_usage_error(&["check", "--widen", "2m", "--timeout", "60"], "--widen 120 s", "--timeout 180");
}

#[test]
fn dot_writes_rc11s_execution_graph_of_the_witness() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mp.dot");
    let out = racelab(&[
        "check",
        "litmus_01_message_passing",
        "--variant",
        "broken",
        "--backend",
        "rc11",
        "--dot",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("reaching \"1, 0\""), "{}", stderr(&out));
    let dot = std::fs::read_to_string(&path).unwrap();
    assert!(dot.starts_with("digraph execution"), "{dot}");
    assert!(dot.contains("label=\"rf\"") && dot.contains("label=\"mo flag\""), "{dot}");
}

#[test]
fn dot_without_rc11_is_refused_naming_the_fix() {
    let out = racelab(&["check", "litmus_01_message_passing", "--backend", "loom", "--dot", "x.dot"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("as in --backend loom,rc11"), "{}", stderr(&out));
}

/// racelab with `env` set and the terminal variables of the test's own environment removed.
fn racelab_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_racelab"));
    for name in ["COLUMNS", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        command.env_remove(name);
    }
    command.args(args).envs(env.iter().copied()).output().expect("run racelab")
}

/// The reports of `check`, before the summary table (whose TIME column changes run to run).
fn report_text(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.split("\n SCENARIO, VARIANT ").next().unwrap().to_string()
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn output_fits_columns_and_is_coloured_only_where_asked() {
    let args = [
        "check",
        "worker_02_poisoned_lock",
        "--backend",
        "loom,shuttle",
        "--iterations",
        "100",
        "--widen",
        "0",
    ];
    let wide = racelab_with(&args, &[]);
    // 100 columns: the goal. (Far narrower, the summary's words cannot all fit, and it is
    // wider than asked rather than cut inside a word.)
    let narrow = racelab_with(&args, &[("COLUMNS", "100")]);
    let wide_text = String::from_utf8_lossy(&wide.stdout);
    assert!(wide_text.lines().any(|l| l.chars().count() > 100), "without COLUMNS a pipe gets whole lines");
    let narrow_text = String::from_utf8_lossy(&narrow.stdout);
    let widest = narrow_text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 100, "COLUMNS=100, yet a line of {widest}:\n{narrow_text}");
    assert!(!wide_text.contains('\x1b') && !narrow_text.contains('\x1b'), "a pipe gets no colour");

    let forced = racelab_with(&args, &[("COLUMNS", "100"), ("CLICOLOR_FORCE", "1")]);
    assert!(String::from_utf8_lossy(&forced.stdout).contains("\x1b["), "CLICOLOR_FORCE colours a pipe");
    assert_eq!(
        strip_ansi(&report_text(&forced)),
        report_text(&narrow),
        "colour changes no character of the text"
    );
    let vetoed = racelab_with(&args, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!String::from_utf8_lossy(&vetoed.stdout).contains('\x1b'), "NO_COLOR wins");
}

#[test]
fn json_is_the_same_whatever_the_terminal() {
    let args = ["check", "counter_01_lost_update", "--backend", "loom", "--widen", "0", "--json"];
    let plain = racelab_with(&args, &[]);
    let styled = racelab_with(&args, &[("COLUMNS", "40"), ("CLICOLOR_FORCE", "1")]);
    let without_times = |out: &Output| {
        let mut rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for row in rows.as_array_mut().unwrap() {
            row.as_object_mut().unwrap().remove("elapsed_ms");
            if let Some(w) = row.get_mut("widened").and_then(|w| w.as_object_mut()) {
                w.remove("elapsed");
            }
        }
        rows
    };
    assert!(!String::from_utf8_lossy(&styled.stdout).contains('\x1b'));
    assert_eq!(without_times(&plain), without_times(&styled));
}

#[test]
fn every_subcommand_help_shows_an_example_and_json_help_says_array() {
    for command in ["list", "check", "bench", "replay"] {
        let out = racelab(&[command, "--help"]);
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(
            help.contains("Example") && help.contains(&format!("racelab {command}")),
            "{command}:\n{help}"
        );
    }
    let help = String::from_utf8_lossy(&racelab(&["check", "--help"]).stdout).into_owned();
    assert!(help.contains("Print a JSON array") && !help.contains("one JSON object per"), "{help}");
    // The replay example holds a real key: it must still replay, or the help lies.
    let help = String::from_utf8_lossy(&racelab(&["--help"]).stdout).into_owned();
    let example =
        help.lines().find_map(|l| l.trim().strip_prefix("racelab replay ")).expect("a replay example");
    let replayed = racelab(&["replay"].into_iter().chain(example.split_whitespace()).collect::<Vec<_>>());
    assert!(replayed.status.success(), "`racelab replay {example}` from --help: {}", stderr(&replayed));
}

/// racelab's stdout on a pseudo-terminal of `columns` columns that reports no rows, as `script`
/// makes one after `stty cols 100`, with `COLUMNS` unset: what a person sees in such a terminal.
fn racelab_on_a_terminal(args: &[&str], columns: u16) -> String {
    use std::io::Read;
    use std::os::fd::FromRawFd;
    // SAFETY: each call gets or sets the state of descriptors this function opened and owns; the
    // pointers are to locals that live through the call.
    let (master, slave) = unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(master >= 0, "a pseudo-terminal");
        assert_eq!(libc::grantpt(master), 0);
        assert_eq!(libc::unlockpt(master), 0);
        let name = std::ffi::CStr::from_ptr(libc::ptsname(master)).to_owned();
        let size = libc::winsize { ws_row: 0, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0 };
        assert_eq!(libc::ioctl(master, libc::TIOCSWINSZ, &size), 0);
        let slave = libc::open(name.as_ptr(), libc::O_RDWR | libc::O_NOCTTY);
        assert!(slave >= 0, "the terminal's other end");
        (std::fs::File::from_raw_fd(master), std::fs::File::from_raw_fd(slave))
    };
    let mut command = Command::new(env!("CARGO_BIN_EXE_racelab"));
    for name in ["COLUMNS", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        command.env_remove(name);
    }
    let mut child = command.args(args).stdout(slave).stderr(std::process::Stdio::null()).spawn().unwrap();
    drop(command); // its copy of the terminal's other end: the child's must be the last
    // Read as it writes, so that a full terminal buffer never stops it; the read ends (EIO) once
    // the child, the last holder of the other end, has exited.
    let reader = std::thread::spawn(move || {
        let mut master = master;
        let mut bytes = Vec::new();
        let _ = master.read_to_end(&mut bytes);
        bytes
    });
    child.wait().unwrap();
    String::from_utf8_lossy(&reader.join().unwrap()).replace('\r', "")
}

#[test]
fn a_terminal_that_reports_only_its_columns_gets_lines_that_fit() {
    let args = ["check", "counter_01_lost_update", "--backend", "threads", "--stress-ms", "50"];
    let text = strip_ansi(&racelab_on_a_terminal(&args, 100));
    assert!(text.contains("verdict:"), "{text}");
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 100, "a terminal of 100 columns, yet a line of {widest}:\n{text}");
}
