//! Programs a user might bring, in the shapes of public benchmark suites, each with the answer the
//! literature gives: one variant each, its claim (every one claims to be correct, as its author
//! would), its outcomes graded, and nothing declared about what any checker will say.
//!
//! | program | shape of | the answer | source |
//! |---|---|---|---|
//! | `lit_01_fib_alternation` | SV-COMP `fib_bench-2` | violated: a bug about ten preemptions deep | SV-COMP pthread; loom and shuttle measured as `src/check/widen.rs` tells |
//! | `lit_02_sb_seqcst` | store buffering, all `SeqCst` | correct | herd7 `rc11.cat`: SB+sc Never |
//! | `lit_03_sb_release_acquire` | store buffering, release stores, acquire loads | violated | SB+rel+acq Sometimes |
//! | `lit_04_sb_seqcst_stores_relaxed_loads` | store buffering, mixed | violated | SB with relaxed loads Sometimes |
//! | `lit_05_iriw_seqcst` | IRIW, all `SeqCst` | correct | IRIW+sc Never |
//! | `lit_06_2_2w_release` | 2+2W, release stores | violated | 2+2W+rel Sometimes |
//! | `lit_07_forks` | lock-order deadlock (SCTBench's philosophers) | violated: deadlock | SCTBench |
//! | `lit_08_flag_then_wait` | missed wake-up | violated: deadlock | SCTBench, SV-COMP |
//! | `lit_09_queue_handoff` | condvar hand-off, predicate re-checked under the lock | correct | — |
//! | `lit_10_short_alternation` | `fib_bench`, three rounds | violated: about five preemptions deep | as `lit_01` |
//! | `lit_11_hidden_std_atomic` | a lost update on a `std` atomic, out of the checkers' sight | violated | a scenario bug |

#![allow(dead_code)] // each test binary that includes this module uses some of it

use racelab::prelude::*;
use racelab::verdict::Verdict;

/// Every program, with the combined verdict the literature's answer makes right.
pub const ANSWERS: &[(&Scenario, Verdict)] = &[
    (&FIB, Verdict::Violated),
    (&SB_SEQ_CST, Verdict::Verified),
    (&SB_RELEASE_ACQUIRE, Verdict::Violated),
    (&SB_MIXED, Verdict::Violated),
    (&IRIW_SEQ_CST, Verdict::Verified),
    (&TWO_PLUS_TWO_W_RELEASE, Verdict::Violated),
    (&FORKS, Verdict::Violated),
    (&FLAG_THEN_WAIT, Verdict::Violated),
    (&QUEUE_HANDOFF, Verdict::Verified),
    (&SHORT_ALTERNATION, Verdict::Violated),
    (&HIDDEN_STD_ATOMIC, Verdict::Violated),
];

/// The program with this id, for a test binary serving its own checks.
pub fn find(id: &str) -> Option<&'static Scenario> {
    ANSWERS.iter().map(|(s, _)| *s).find(|s| s.id == id)
}

/// One program, one variant, claimed correct: a user's scenario.
macro_rules! mine {
    ($name:ident, $id:literal, $title:literal, $outcomes:expr, $otherwise:expr, $program:expr) => {
        pub static $name: Scenario = Scenario {
            id: $id,
            title: $title,
            intent: "",
            explanation: "",
            preemption_bound: None,
            variants: &[Variant {
                name: "mine",
                claim: Claim::Correct,
                outcomes: $outcomes,
                otherwise: $otherwise,
                program: $program,
            }],
        };
    };
}

// ---- a bug ten preemptions deep ----

/// Two numbers under one lock, each thread adding the other's into its own five times.
pub struct Fib {
    pair: Mutex<(i64, i64)>,
}

fn grow_i(f: &Fib) {
    for _ in 0..5 {
        let mut p = f.pair.lock().unwrap();
        p.0 += p.1;
    }
}

fn grow_j(f: &Fib) {
    for _ in 0..5 {
        let mut p = f.pair.lock().unwrap();
        p.1 += p.0;
    }
}

/// Only strict alternation, t1 then t2 ten times, takes `j` to 144 (the Fibonacci numbers).
fn largest(f: &Fib, _: &[()]) -> Outcome {
    let (i, j) = *f.pair.lock().unwrap();
    Outcome::label(if i.max(j) >= 144 { "144 reached" } else { "below 144" })
}

mine!(
    FIB,
    "lit_01_fib_alternation",
    "a bound of two preemptions cannot see it",
    &[
        outcome("below 144", Acceptable, "some other interleaving"),
        outcome("144 reached", Forbidden, "strict alternation: about ten preemptions deep"),
    ],
    Forbidden,
    &Actors {
        setup: || Fib { pair: Mutex::named("pair", (1, 1)) },
        actors: &[Actor { name: "t1", run: grow_i }, Actor { name: "t2", run: grow_j }],
        observe: largest,
    }
);

/// The same, three rounds each: strict alternation takes one of them to 21. Small enough for loom
/// to finish its search with no bound, so what that search found is the same at every run.
fn grow_i_3(f: &Fib) {
    for _ in 0..3 {
        let mut p = f.pair.lock().unwrap();
        p.0 += p.1;
    }
}

fn grow_j_3(f: &Fib) {
    for _ in 0..3 {
        let mut p = f.pair.lock().unwrap();
        p.1 += p.0;
    }
}

mine!(
    SHORT_ALTERNATION,
    "lit_10_short_alternation",
    "strict alternation, three rounds each",
    &[
        outcome("below 21", Acceptable, "some other interleaving"),
        outcome("21 reached", Forbidden, "strict alternation: about five preemptions deep"),
    ],
    Forbidden,
    &Actors {
        setup: || Fib { pair: Mutex::named("pair", (1, 1)) },
        actors: &[Actor { name: "t1", run: grow_i_3 }, Actor { name: "t2", run: grow_j_3 }],
        observe: |f, _| {
            let (i, j) = *f.pair.lock().unwrap();
            Outcome::label(if i.max(j) >= 21 { "21 reached" } else { "below 21" })
        },
    }
);

// ---- store buffering, three ways ----

/// Two flags: each thread stores to one and loads the other.
pub struct Flags {
    pub x: AtomicUsize,
    pub y: AtomicUsize,
}

pub fn flags() -> Flags {
    Flags { x: AtomicUsize::named("x", 0), y: AtomicUsize::named("y", 0) }
}

fn loads(_: &Flags, r: &[i64]) -> Outcome {
    Outcome::values([r[0], r[1]])
}

/// Store buffering, each thread storing with `$store` and loading with `$load`.
macro_rules! store_buffering {
    ($name:ident, $id:literal, $store:expr, $load:expr) => {
        mine!(
            $name,
            $id,
            "store buffering, claimed correct",
            &[outcome("0, 0", Forbidden, "both loads missed both stores")],
            Acceptable,
            &Actors {
                setup: flags,
                actors: &[
                    Actor {
                        name: "t1",
                        run: |f: &Flags| {
                            f.x.store(1, $store);
                            f.y.load($load) as i64
                        },
                    },
                    Actor {
                        name: "t2",
                        run: |f: &Flags| {
                            f.y.store(1, $store);
                            f.x.load($load) as i64
                        },
                    },
                ],
                observe: loads,
            }
        );
    };
}

store_buffering!(SB_SEQ_CST, "lit_02_sb_seqcst", SeqCst, SeqCst);
store_buffering!(SB_RELEASE_ACQUIRE, "lit_03_sb_release_acquire", Release, Acquire);
store_buffering!(SB_MIXED, "lit_04_sb_seqcst_stores_relaxed_loads", SeqCst, Relaxed);

// ---- IRIW ----

/// Independent reads of independent writes: two writers, two readers reading both locations in
/// opposite orders. All `SeqCst`: the readers must agree on the order of the writes.
pub struct Iriw {
    x: AtomicUsize,
    y: AtomicUsize,
}

mine!(
    IRIW_SEQ_CST,
    "lit_05_iriw_seqcst",
    "IRIW, every access SeqCst, claimed correct",
    // Reader 1 saw x then not y (10), reader 2 saw y then not x (10): the writes in two orders.
    &[outcome("10, 10", Forbidden, "the readers disagree on the order of the writes")],
    Acceptable,
    &Actors {
        setup: || Iriw { x: AtomicUsize::named("x", 0), y: AtomicUsize::named("y", 0) },
        actors: &[
            Actor {
                name: "wx",
                run: |s: &Iriw| {
                    s.x.store(1, SeqCst);
                    0
                },
            },
            Actor {
                name: "wy",
                run: |s: &Iriw| {
                    s.y.store(1, SeqCst);
                    0
                },
            },
            Actor { name: "r1", run: |s: &Iriw| 10 * s.x.load(SeqCst) as i64 + s.y.load(SeqCst) as i64 },
            Actor { name: "r2", run: |s: &Iriw| 10 * s.y.load(SeqCst) as i64 + s.x.load(SeqCst) as i64 },
        ],
        // Each reader's two reads as one number: 10 * first + second.
        observe: |_, r| Outcome::values([r[2], r[3]]),
    }
);

// ---- 2+2W ----

// Two writers, each writing both locations in opposite orders, with release stores. The final
// values `1, 1` mean each location's first write landed last: the two threads disagree on the
// order of their own writes, which `SeqCst` forbids and release stores allow.
mine!(
    TWO_PLUS_TWO_W_RELEASE,
    "lit_06_2_2w_release",
    "2+2W, release stores, claimed correct",
    // The final (x, y): `1, 1` is each location's first store landing last.
    &[outcome("1, 1", Forbidden, "each thread's first store landed after the other's second")],
    Acceptable,
    &Actors {
        setup: flags,
        actors: &[
            Actor {
                name: "t1",
                run: |f: &Flags| {
                    f.x.store(1, Release);
                    f.y.store(2, Release);
                },
            },
            Actor {
                name: "t2",
                run: |f: &Flags| {
                    f.y.store(1, Release);
                    f.x.store(2, Release);
                },
            },
        ],
        // Read once both writers are joined: the last store in each location's modification order.
        observe: |f, _| Outcome::values([f.x.load(Relaxed) as i64, f.y.load(Relaxed) as i64]),
    }
);

// ---- a lock-order deadlock ----

/// Two forks on a table; each philosopher picks up the fork on their left first.
pub struct Table {
    left: Mutex<u32>,
    right: Mutex<u32>,
}

fn eat(first: &Mutex<u32>, second: &Mutex<u32>) {
    let mut a = first.lock().unwrap();
    let mut b = second.lock().unwrap();
    *a += 1;
    *b += 1;
}

mine!(
    FORKS,
    "lit_07_forks",
    "two philosophers, each taking their left fork first",
    &[
        outcome("4", Acceptable, "both ate: each fork used twice"),
        outcome("deadlock", Forbidden, "each holds one fork and waits for the other"),
        outcome("hang", Forbidden, "on real threads: the watchdog saw no progress"),
    ],
    Forbidden,
    &Actors {
        setup: || Table { left: Mutex::named("left", 0), right: Mutex::named("right", 0) },
        actors: &[
            Actor { name: "plato", run: |t: &Table| eat(&t.left, &t.right) },
            Actor { name: "kant", run: |t: &Table| eat(&t.right, &t.left) },
        ],
        observe: |t, _| Outcome::value(*t.left.lock().unwrap() + *t.right.lock().unwrap()),
    }
);

// ---- a missed wake-up ----

/// A flag set before the notification, and a waiter that reads the flag outside the lock.
pub struct Signal {
    raised: AtomicBool,
    lock: Mutex<()>,
    bell: Condvar,
}

fn raise(s: &Signal) -> i64 {
    s.raised.store(true, SeqCst);
    s.bell.notify_one();
    0
}

/// Reads the flag, then, if it was down, waits: a notification between the two is lost.
fn wait_for_it(s: &Signal) -> i64 {
    if !s.raised.load(SeqCst) {
        let guard = s.lock.lock().unwrap();
        drop(s.bell.wait(guard).unwrap());
    }
    1
}

mine!(
    FLAG_THEN_WAIT,
    "lit_08_flag_then_wait",
    "a waiter reads the flag, then waits, outside one lock",
    &[
        outcome("woke", Acceptable, "the waiter went on"),
        outcome("deadlock", Forbidden, "the bell rang between the check and the wait"),
        outcome("hang", Forbidden, "on real threads: the watchdog saw no progress"),
    ],
    Forbidden,
    &Actors {
        setup: || Signal {
            raised: AtomicBool::named("raised", false),
            lock: Mutex::named("lock", ()),
            bell: Condvar::named("bell"),
        },
        actors: &[Actor { name: "raiser", run: raise }, Actor { name: "waiter", run: wait_for_it }],
        observe: |_, _| Outcome::label("woke"),
    }
);

// ---- a correct condvar hand-off ----

/// A queue and its condition variable: the consumer re-checks under the lock after every wake-up.
pub struct Queue {
    items: Mutex<Vec<i64>>,
    nonempty: Condvar,
}

fn push(q: &Queue) -> i64 {
    q.items.lock().unwrap().push(7);
    q.nonempty.notify_one();
    0
}

fn pop(q: &Queue) -> i64 {
    let mut items = q.items.lock().unwrap();
    loop {
        if let Some(item) = items.pop() {
            return item;
        }
        items = q.nonempty.wait(items).unwrap();
    }
}

mine!(
    QUEUE_HANDOFF,
    "lit_09_queue_handoff",
    "a condvar hand-off, the predicate re-checked under the lock",
    &[outcome("7", Acceptable, "the consumer got the item")],
    Forbidden,
    &Actors {
        setup: || Queue { items: Mutex::named("items", Vec::new()), nonempty: Condvar::named("nonempty") },
        actors: &[Actor { name: "producer", run: push }, Actor { name: "consumer", run: pop }],
        observe: |_, r| Outcome::value(r[1]),
    }
);

// ---- a scenario bug: a std atomic the checkers cannot see ----

/// A counter kept in a `std` atomic (not racelab's), beside two racelab atomics the actors touch
/// between reading and writing it. loom sees only its own objects: the two racelab stores are
/// independent, so its reduction runs one schedule and never interleaves the hidden accesses.
/// shuttle switches threads at every racelab operation whatever they touch, and loses updates.
pub struct Hidden {
    counter: std::sync::atomic::AtomicUsize,
    a: AtomicUsize,
    b: AtomicUsize,
}

fn bump(counter: &std::sync::atomic::AtomicUsize, mine: &AtomicUsize) {
    let v = counter.load(std::sync::atomic::Ordering::SeqCst);
    mine.store(1, SeqCst);
    counter.store(v + 1, std::sync::atomic::Ordering::SeqCst);
}

mine!(
    HIDDEN_STD_ATOMIC,
    "lit_11_hidden_std_atomic",
    "a counter in a std atomic, read and written around a racelab store",
    &[outcome("2", Acceptable, "both increments landed"), outcome("1", Forbidden, "an increment was lost")],
    Forbidden,
    &Actors {
        setup: || Hidden {
            counter: std::sync::atomic::AtomicUsize::new(0),
            a: AtomicUsize::named("a", 0),
            b: AtomicUsize::named("b", 0),
        },
        actors: &[
            Actor { name: "t1", run: |h: &Hidden| bump(&h.counter, &h.a) },
            Actor { name: "t2", run: |h: &Hidden| bump(&h.counter, &h.b) },
        ],
        observe: |h, _| Outcome::value(h.counter.load(std::sync::atomic::Ordering::SeqCst) as i64),
    }
);
