//! # section_01_check_then_act: two withdrawals pass the same check
//!
//! An account holds 100. Two withdrawals of 80 each check the balance, then debit it. Each step
//! takes the lock, but the lock is released between the check and the act, so both withdrawals can
//! pass the check before either debits: the account ends at -60. The fix holds one lock across the
//! check and the act, so the second withdrawal sees the first one's debit and is refused.
//!
//! Run it: `racelab check section_01_check_then_act`, or `cargo test section_01`.
//!
//! | outcome | broken | fixed | meaning |
//! |---|---|---|---|
//! | `20` | Acceptable | Acceptable | one withdrawal paid, the other refused |
//! | `-60` | Interesting | Forbidden | both paid: overdrawn |

use racelab::prelude::*;

// ANCHOR: shared
/// The shared state: one account.
pub struct Account {
    balance: Mutex<i64>,
}

const AMOUNT: i64 = 80;

fn setup() -> Account {
    Account { balance: Mutex::named("balance", 100) }
}
// ANCHOR_END: shared

// ANCHOR: broken
/// Broken: check under one lock, act under another. Returns whether the withdrawal was paid.
fn check_then_withdraw(a: &Account) -> bool {
    let enough = *a.balance.lock().unwrap() >= AMOUNT;
    if enough {
        *a.balance.lock().unwrap() -= AMOUNT;
    }
    enough
}
// ANCHOR_END: broken

// ANCHOR: fixed
/// Fixed: the check and the act under one guard.
fn withdraw_atomically(a: &Account) -> bool {
    let mut balance = a.balance.lock().unwrap();
    let enough = *balance >= AMOUNT;
    if enough {
        *balance -= AMOUNT;
    }
    enough
}
// ANCHOR_END: fixed

// ANCHOR: observer
fn final_balance(a: &Account, _: &[bool]) -> Outcome {
    Outcome::value(*a.balance.lock().unwrap())
}
// ANCHOR_END: observer

/// The scenario, as indexed in the catalogue.
pub static SCENARIO: Scenario = Scenario {
    id: "section_01_check_then_act",
    title: "Two withdrawals check the balance, then debit it: both pass, the account is overdrawn",
    intent: "A decision taken under one lock and acted on under another acts on stale facts: the \
             check and the act must be one critical section.",
    explanation: "`-60`: both withdrawals read 100 and decide to pay before either debits; both \
                  debits then run. The balance the second check saw was true when it was read and \
                  false by the time it was used.",
    preemption_bound: None,
    variants: &[
        Variant {
            name: "broken",
            claim: Claim::Broken,
            outcomes: &[
                outcome("-60", Interesting, "both withdrawals passed the check: overdrawn"),
                outcome("20", Acceptable, "one withdrawal paid, the other refused"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "t1", run: check_then_withdraw },
                    Actor { name: "t2", run: check_then_withdraw },
                ],
                observe: final_balance,
            },
        },
        Variant {
            name: "fixed",
            claim: Claim::Correct,
            outcomes: &[
                outcome("-60", Forbidden, "both withdrawals paid: overdrawn"),
                outcome("20", Acceptable, "one withdrawal paid, the other refused"),
            ],
            otherwise: Forbidden,
            program: &Actors {
                setup,
                actors: &[
                    Actor { name: "t1", run: withdraw_atomically },
                    Actor { name: "t2", run: withdraw_atomically },
                ],
                observe: final_balance,
            },
        },
    ],
};
