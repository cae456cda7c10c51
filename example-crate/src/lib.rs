//! A crate of one's own, checked with racelab: a bank account whose withdrawal checks the balance,
//! then takes the money, each step under the lock but not both under one.
//!
//! The scenario below is all racelab needs: the state, the actors, an observer, and the outcomes
//! graded, with one variant claimed correct (its author believes it is). `tests/check.rs` checks
//! it on every backend with one call and keeps the reports as an insta snapshot.

use racelab::prelude::*;

/// An account: a balance behind a lock.
pub struct Account {
    balance: Mutex<i64>,
}

impl Account {
    /// An account holding `balance`.
    pub fn new(balance: i64) -> Self {
        Account { balance: Mutex::named("balance", balance) }
    }

    /// Takes `amount` if the balance covers it; says whether it did.
    pub fn withdraw(&self, amount: i64) -> bool {
        let enough = *self.balance.lock().unwrap() >= amount; // the check...
        if enough {
            *self.balance.lock().unwrap() -= amount; // ...and the act, under another guard
        }
        enough
    }

    /// The balance now.
    pub fn balance(&self) -> i64 {
        *self.balance.lock().unwrap()
    }
}

fn withdraw_80(a: &Account) -> bool {
    a.withdraw(80)
}

/// Two withdrawals of 80 from an account of 100: at most one may succeed.
pub static TWO_WITHDRAWALS: Scenario = Scenario {
    id: "bank_01_two_withdrawals",
    title: "Two withdrawals of 80 from 100",
    intent: "The balance must never go below zero.",
    explanation: "Both withdrawals can see 100 before either takes its 80.",
    preemption_bound: None,
    variants: &[Variant {
        name: "mine",
        claim: Claim::Correct,
        outcomes: &[
            outcome("20", Acceptable, "one withdrawal went through"),
            outcome("-60", Forbidden, "both went through: overdrawn"),
        ],
        otherwise: Forbidden,
        program: &Actors {
            setup: || Account::new(100),
            actors: &[Actor { name: "alice", run: withdraw_80 }, Actor { name: "bob", run: withdraw_80 }],
            observe: |a, _| Outcome::value(a.balance()),
        },
    }],
};
