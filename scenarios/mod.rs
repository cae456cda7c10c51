//! The catalogue: every scenario, in numbered topic folders, one file each.
//!
//! [`INDEX`] is the source of truth: the order of `racelab list`, of the summary and of the
//! generated tests. `tests/integrity.rs` checks it against the files on disk. To add a scenario,
//! follow `docs/src/adding-a-scenario.md`.

use crate::scenario::Scenario;

#[path = "01_counters/counter_01_lost_update.rs"]
pub mod counter_01_lost_update;
#[path = "01_counters/counter_02_mutex.rs"]
pub mod counter_02_mutex;
#[path = "03_deadlock/deadlock_01_lock_order.rs"]
pub mod deadlock_01_lock_order;
#[path = "04_handoff/handoff_01_missed_wakeup.rs"]
pub mod handoff_01_missed_wakeup;
#[path = "05_litmus/litmus_01_message_passing.rs"]
pub mod litmus_01_message_passing;
#[path = "05_litmus/litmus_02_store_buffering.rs"]
pub mod litmus_02_store_buffering;
#[path = "02_sections/section_01_check_then_act.rs"]
pub mod section_01_check_then_act;

/// Every scenario, in catalogue order.
pub static INDEX: &[&Scenario] = &[
    &counter_01_lost_update::SCENARIO,
    &counter_02_mutex::SCENARIO,
    &section_01_check_then_act::SCENARIO,
    &deadlock_01_lock_order::SCENARIO,
    &handoff_01_missed_wakeup::SCENARIO,
    &litmus_01_message_passing::SCENARIO,
    &litmus_02_store_buffering::SCENARIO,
];

/// The scenario with this id.
pub fn find(id: &str) -> Option<&'static Scenario> {
    INDEX.iter().copied().find(|s| s.id == id)
}
