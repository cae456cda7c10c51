//! Processes seen through /proc, for the tests that kill a parent and look for what it left.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The environment variable that tells a copy of a test binary which parent to play.
pub const ROLE: &str = "RACELAB_TEST_ROLE";

/// The role this copy of the test binary plays, if it is one.
pub fn role() -> Option<String> {
    std::env::var(ROLE).ok()
}

/// Starts a copy of this test binary that runs only the test `name`, with `role` set.
pub fn spawn_role(name: &str, role: &str) -> Child {
    Command::new(std::env::current_exe().expect("the test binary"))
        .args(["--exact", name, "--test-threads=1"])
        .env(ROLE, role)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("a copy of the test binary starts")
}

/// The state letter and parent of `pid`, from /proc/PID/stat; `None` once it is reaped.
fn stat(pid: u32) -> Option<(char, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid ...": the name may hold spaces and parentheses, so read after the last ')'.
    let mut fields = stat[stat.rfind(')')? + 1..].split_whitespace();
    let state = fields.next()?.chars().next()?;
    Some((state, fields.next()?.parse().ok()?))
}

/// Whether `pid` is still running: present and not a zombie waiting to be reaped.
pub fn alive(pid: u32) -> bool {
    stat(pid).is_some_and(|(state, _)| state != 'Z')
}

/// The running children of `parent`.
pub fn children(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return vec![] };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| alive(pid) && stat(pid).is_some_and(|(_, ppid)| ppid == parent))
        .collect()
}

/// Checks `condition` every few milliseconds until it holds or `bound` has passed; whether it
/// held. The bound only keeps a broken build from hanging the test: no duration is asserted.
pub fn eventually(bound: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + bound;
    loop {
        if condition() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
