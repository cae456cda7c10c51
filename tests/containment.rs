//! No child of racelab outlives it: interrupted, terminated or killed, a run leaves nothing behind,
//! and an interrupted `check` still prints what finished.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `racelab check` long enough to be interrupted in its first check: real threads for 20 s.
fn long_check() -> Child {
    Command::new(env!("CARGO_BIN_EXE_racelab"))
        .args(["check", "--backend", "threads", "--stress-ms", "20000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start racelab")
}

/// The pids whose parent is `parent`, from /proc.
fn children_of(parent: u32) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // The fields after the command name (which may hold spaces) start after its ')'.
        let after = &stat[stat.rfind(')').map_or(0, |i| i + 2)..];
        if after.split(' ').nth(1).and_then(|p| p.parse::<u32>().ok()) == Some(parent) {
            found.push(pid);
        }
    }
    found
}

/// Waits until `pid` has a child (its check), and returns that child's pid.
fn first_child(pid: u32) -> u32 {
    let start = Instant::now();
    loop {
        if let Some(&child) = children_of(pid).first() {
            return child;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "racelab started no check");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether a process with this pid still exists and is not a zombie.
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| !stat[stat.rfind(')').unwrap_or(0)..].starts_with(") Z"))
        .unwrap_or(false)
}

/// Polls until `pid` is gone; `false` if it is still there after 10 s.
fn gone(pid: u32) -> bool {
    let start = Instant::now();
    while alive(pid) {
        if start.elapsed() > Duration::from_secs(10) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

fn signal(pid: u32, signal: i32) {
    // SAFETY: sends a signal to a process this test started.
    assert_eq!(unsafe { libc::kill(pid as i32, signal) }, 0);
}

#[test]
fn sigint_kills_the_running_check_and_prints_what_finished() {
    for (sig, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let racelab = long_check();
        let check = first_child(racelab.id());
        signal(racelab.id(), sig);
        let sent = Instant::now();
        let out = racelab.wait_with_output().unwrap();
        // The check had 20 s of stress left: an exit well before that is the interruption's doing.
        assert!(sent.elapsed() < Duration::from_secs(10), "racelab waited for its check to end");
        assert_eq!(out.status.code(), Some(code), "exit status 128 + the signal");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("checks cut short"), "the interruption is named: {stderr}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("checks:"), "the summary is printed");
        assert!(gone(check), "the check's process died with the run");
    }
}

#[test]
fn a_killed_racelab_leaves_no_check_behind() {
    let mut racelab = long_check();
    let check = first_child(racelab.id());
    racelab.kill().unwrap(); // SIGKILL: racelab can do nothing about it, the kernel must
    racelab.wait().unwrap();
    assert!(gone(check), "PR_SET_PDEATHSIG kills the check with its parent");
}
