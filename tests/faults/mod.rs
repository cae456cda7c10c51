//! Fault fixtures: scenarios that misbehave the way real code does, kept apart from the teaching
//! catalogue. Each has one variant, `fault`, claimed correct: whatever the fault does must end as
//! a named outcome of its check, never as a crashed or stuck run.

use std::sync::atomic::{AtomicBool as StdAtomicBool, Ordering as StdOrdering};

use racelab::prelude::*;

/// One fault: a program with one variant, `fault`, that claims to be correct.
macro_rules! fault {
    ($name:ident, $id:literal, $title:literal, $program:expr) => {
        /// The fixture, as its test finds it.
        pub static $name: Scenario = Scenario {
            id: $id,
            title: $title,
            intent: $title,
            explanation: "",
            preemption_bound: None,
            variants: &[Variant {
                name: "fault",
                claim: Claim::Correct,
                outcomes: &[outcome("finished", Acceptable, "the program ran to its end")],
                otherwise: Forbidden,
                program: $program,
            }],
        };
    };
}

fn finished() -> Outcome {
    Outcome::label("finished")
}

/// A flag that is never set, in plain `std`: spinning on it offers no model checker a choice.
static NEVER: StdAtomicBool = StdAtomicBool::new(false);

fn spin_on_std_atomic() -> Outcome {
    while !NEVER.load(StdOrdering::Relaxed) {
        std::hint::spin_loop();
    }
    finished()
}

fn sleep_ten_seconds() -> Outcome {
    std::thread::sleep(std::time::Duration::from_secs(10));
    finished()
}

fn exit_three() -> Outcome {
    std::process::exit(3)
}

fn abort() -> Outcome {
    std::process::abort()
}

#[allow(unconditional_recursion)]
fn recurse(depth: u64) -> u64 {
    let frame = std::hint::black_box([depth; 64]);
    recurse(frame[0] + 1) + frame[63]
}

fn overflow_the_stack() -> Outcome {
    Outcome::value(recurse(0) as i64)
}

fn segfault() -> Outcome {
    // SAFETY: none; writing through a null pointer is the fault under test.
    unsafe { std::ptr::write_volatile(std::ptr::null_mut::<u64>(), 1) };
    finished()
}

/// A thread left waiting on a condition variable that nobody signals, never joined.
fn leak_a_blocked_thread() -> Outcome {
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let waiter = pair.clone();
    thread::spawn(move || {
        let (lock, ready) = &*waiter;
        let mut done = lock.lock().unwrap();
        while !*done {
            done = ready.wait(done).unwrap();
        }
    });
    finished()
}

fn spawn_forty_threads() -> Outcome {
    let handles: Vec<_> = (0..40).map(|_| thread::spawn(|| ())).collect();
    for h in handles {
        h.join().unwrap();
    }
    finished()
}

/// Two threads and a main, each taking a lock over and over: more executions than a small budget.
fn many_interleavings() -> Outcome {
    let lock = Arc::new(Mutex::new(0));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let lock = lock.clone();
            thread::spawn(move || (0..3).for_each(|_| *lock.lock().unwrap() += 1))
        })
        .collect();
    (0..3).for_each(|_| *lock.lock().unwrap() += 1);
    handles.into_iter().for_each(|h| h.join().unwrap());
    finished()
}

/// Waits, through the facade, for a flag that nobody sets: a scheduling point every turn, and no end.
fn spin_through_the_facade() -> Outcome {
    let flag = AtomicBool::new(false);
    while !flag.load(SeqCst) {
        thread::yield_now();
    }
    finished()
}

fn exit_zero() -> Outcome {
    std::process::exit(0)
}

fn kill_self() -> Outcome {
    // SAFETY: raise only sends a signal, to this process.
    unsafe { libc::raise(libc::SIGKILL) };
    finished()
}

fn panic_with_a_number() -> Outcome {
    std::panic::panic_any(42_u32)
}

/// How long the process that [`start_a_process`] leaves behind would sleep, on each engine: a
/// number no other process on the machine is likely to sleep for, so the test can find it, and
/// one per engine, so that the three checks can run at once.
pub fn orphan_sleep(engine: racelab::rt::Engine) -> String {
    format!("86399.{}", engine as u8 + 1)
}

/// Starts an OS process and returns without waiting for it: the check must not leave it behind.
fn start_a_process() -> Outcome {
    match std::process::Command::new("sleep").arg(orphan_sleep(racelab::rt::engine())).spawn() {
        Ok(_) => finished(),
        Err(_) => Outcome::label("no sleep command"),
    }
}

/// What the process that [`start_a_process_and_wait`] starts sleeps for: findable, as above.
pub const HELD_SLEEP: &str = "86398.5";

/// Starts an OS process, then waits a minute: a check that is still running when its parent dies.
fn start_a_process_and_wait() -> Outcome {
    let _ = std::process::Command::new("sleep").arg(HELD_SLEEP).spawn();
    std::thread::sleep(std::time::Duration::from_secs(60));
    finished()
}

/// An observer that panics.
fn observe_panics(_: &Nothing, _: &[()]) -> Outcome {
    panic!("observer failed")
}

struct Nothing;

fn panicking_setup() -> Nothing {
    panic!("setup failed")
}

fault!(
    SPIN,
    "fault_01_spin_on_std_atomic",
    "an actor spins on a plain std atomic",
    &Body { threads: &["main"], run: spin_on_std_atomic }
);
fault!(
    SLEEP,
    "fault_02_sleep",
    "an actor sleeps for ten seconds",
    &Body { threads: &["main"], run: sleep_ten_seconds }
);
fault!(EXIT, "fault_03_exit", "an actor calls exit(3)", &Body { threads: &["main"], run: exit_three });
fault!(ABORT, "fault_04_abort", "an actor calls abort()", &Body { threads: &["main"], run: abort });
fault!(
    OVERFLOW,
    "fault_05_stack_overflow",
    "an actor recurses without end",
    &Body { threads: &["main"], run: overflow_the_stack }
);
fault!(
    SEGFAULT,
    "fault_06_segfault",
    "an actor writes through a null pointer",
    &Body { threads: &["main"], run: segfault }
);
fault!(
    LEAK,
    "fault_07_leaked_blocked_thread",
    "a thread is left blocked, never joined",
    &Body { threads: &["main", "waiter"], run: leak_a_blocked_thread }
);
fault!(
    FORTY,
    "fault_08_forty_threads",
    "a program spawns forty threads",
    &Body { threads: &["main"], run: spawn_forty_threads }
);
fault!(
    SETUP,
    "fault_09_setup_panics",
    "building the state panics",
    &Actors {
        setup: panicking_setup,
        actors: &[Actor { name: "t1", run: |_: &Nothing| () }, Actor { name: "t2", run: |_: &Nothing| () }],
        observe: |_, _| Outcome::label("finished"),
    }
);

fault!(
    BUDGET,
    "fault_10_many_interleavings",
    "more interleavings than the budget",
    &Body { threads: &["main"], run: many_interleavings }
);
fault!(
    ENDLESS,
    "fault_11_endless_facade_loop",
    "a spin loop on a facade atomic that nobody sets",
    &Body { threads: &["main"], run: spin_through_the_facade }
);

fault!(
    EXIT_ZERO,
    "fault_12_exit_zero",
    "an actor calls exit(0): success, but no answer",
    &Body { threads: &["main"], run: exit_zero }
);
fault!(
    SIGKILL,
    "fault_13_sigkill",
    "an actor sends itself SIGKILL",
    &Body { threads: &["main"], run: kill_self }
);
fault!(
    NUMBER,
    "fault_14_non_string_panic",
    "an actor panics with a number",
    &Body { threads: &["main"], run: panic_with_a_number }
);
fault!(
    ORPHAN,
    "fault_15_orphan_process",
    "a program starts a process and never waits for it",
    &Body { threads: &["main"], run: start_a_process }
);
fault!(
    OBSERVER,
    "fault_16_observer_panics",
    "the observer panics",
    &Actors {
        setup: || Nothing,
        actors: &[Actor { name: "t1", run: |_: &Nothing| () }, Actor { name: "t2", run: |_: &Nothing| () }],
        observe: observe_panics,
    }
);

fault!(
    HELD,
    "fault_17_parent_dies",
    "a check still running when racelab is killed",
    &Body { threads: &["main"], run: start_a_process_and_wait }
);

/// A process actor's state: one file, so that the actors have something to open.
pub struct OneFile {
    _file: racelab::fs::SharedFile,
}

fn one_file() -> OneFile {
    OneFile { _file: racelab::fs::SharedFile::named("file", "") }
}

/// What the observer of a process fault sees: how each actor ended, as `t1: SIGABRT, t2: exit 0`.
fn exits(_: &OneFile, exits: &[Exit]) -> Outcome {
    Outcome::label(match exits {
        [Exit::Code(0), Exit::Code(0)] => "finished",
        [Exit::Signal(libc::SIGABRT), Exit::Code(0)] => "t1: SIGABRT, t2: exit 0",
        [Exit::Code(3), Exit::Code(0)] => "t1: exit 3, t2: exit 0",
        [Exit::Code(101), Exit::Code(0)] => "t1: exit 101, t2: exit 0",
        [Exit::Signal(libc::SIGSEGV), Exit::Code(0)] => "t1: SIGSEGV, t2: exit 0",
        _ => "other",
    })
}

fn idle(_: &OneFile) {}

fault!(
    ACTOR_HANGS,
    "fault_18_process_actor_sleeps",
    "an actor process that sleeps for ten seconds",
    &Processes {
        setup: one_file,
        actors: &[
            Actor { name: "t1", run: |_: &OneFile| std::thread::sleep(std::time::Duration::from_secs(10)) },
            Actor { name: "t2", run: idle },
        ],
        observe: exits,
    }
);

fault!(
    ACTOR_ABORTS,
    "fault_19_process_actor_aborts",
    "an actor process that calls std::process::abort, not the facade's",
    &Processes {
        setup: one_file,
        actors: &[
            Actor { name: "t1", run: |_: &OneFile| std::process::abort() },
            Actor { name: "t2", run: idle }
        ],
        observe: exits,
    }
);

fault!(
    ACTOR_EXITS,
    "fault_20_process_actor_exits",
    "an actor process that calls std::process::exit(3)",
    &Processes {
        setup: one_file,
        actors: &[
            Actor { name: "t1", run: |_: &OneFile| std::process::exit(3) },
            Actor { name: "t2", run: idle }
        ],
        observe: exits,
    }
);

fault!(
    ACTOR_PANICS,
    "fault_21_process_actor_panics",
    "an actor process that panics",
    &Processes {
        setup: one_file,
        actors: &[
            Actor { name: "t1", run: |_: &OneFile| panic!("actor failed") },
            Actor { name: "t2", run: idle }
        ],
        observe: exits,
    }
);

fault!(
    ACTOR_SEGFAULTS,
    "fault_22_process_actor_segfaults",
    "an actor process that writes through a null pointer",
    &Processes {
        setup: one_file,
        actors: &[
            Actor {
                name: "t1",
                run: |_: &OneFile| {
                    segfault();
                }
            },
            Actor { name: "t2", run: idle }
        ],
        observe: exits,
    }
);

fault!(
    PROCESS_SETUP,
    "fault_23_process_setup_panics",
    "a Processes program whose setup panics",
    &Processes {
        setup: || -> OneFile { panic!("setup failed") },
        actors: &[Actor { name: "t1", run: idle }, Actor { name: "t2", run: idle }],
        observe: exits,
    }
);

/// Every fixture.
pub static FAULTS: &[&Scenario] = &[
    &SPIN,
    &SLEEP,
    &EXIT,
    &ABORT,
    &OVERFLOW,
    &SEGFAULT,
    &LEAK,
    &FORTY,
    &SETUP,
    &BUDGET,
    &ENDLESS,
    &EXIT_ZERO,
    &SIGKILL,
    &NUMBER,
    &ORPHAN,
    &OBSERVER,
    &HELD,
    &ACTOR_HANGS,
    &ACTOR_ABORTS,
    &ACTOR_EXITS,
    &ACTOR_PANICS,
    &ACTOR_SEGFAULTS,
    &PROCESS_SETUP,
];

/// The fixture with this id, for a child process serving a check.
pub fn find(id: &str) -> Option<&'static Scenario> {
    FAULTS.iter().copied().find(|s| s.id == id).or_else(|| racelab::scenarios::find(id))
}
