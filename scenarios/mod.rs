//! The catalogue: every scenario, in numbered topic folders, one file each.
//!
//! [`INDEX`] is the source of truth: the order of `racelab list`, of the summary and of the
//! generated tests. `tests/integrity.rs` checks it against the files on disk. To add a scenario,
//! follow `docs/src/adding-a-scenario.md`.

use crate::scenario::Scenario;

#[path = "09_async/async_01_gather_order.rs"]
pub mod async_01_gather_order;
#[path = "09_async/async_02_blocking_the_loop.rs"]
pub mod async_02_blocking_the_loop;
#[path = "09_async/async_03_cancellation.rs"]
pub mod async_03_cancellation;
#[path = "10_buffers/buffer_01_bounded.rs"]
pub mod buffer_01_bounded;
#[path = "12_channels/channel_01_never_closed.rs"]
pub mod channel_01_never_closed;
#[path = "01_counters/counter_01_lost_update.rs"]
pub mod counter_01_lost_update;
#[path = "01_counters/counter_02_mutex.rs"]
pub mod counter_02_mutex;
#[path = "03_deadlock/deadlock_01_lock_order.rs"]
pub mod deadlock_01_lock_order;
#[path = "03_deadlock/deadlock_02_philosophers.rs"]
pub mod deadlock_02_philosophers;
#[path = "04_handoff/handoff_01_missed_wakeup.rs"]
pub mod handoff_01_missed_wakeup;
#[path = "13_lazy/lazy_01_double_checked.rs"]
pub mod lazy_01_double_checked;
#[path = "08_limits/limit_01_at_most_k.rs"]
pub mod limit_01_at_most_k;
#[path = "05_litmus/litmus_01_message_passing.rs"]
pub mod litmus_01_message_passing;
#[path = "05_litmus/litmus_02_store_buffering.rs"]
pub mod litmus_02_store_buffering;
#[path = "05_litmus/litmus_03_load_buffering.rs"]
pub mod litmus_03_load_buffering;
#[path = "05_litmus/litmus_04_iriw.rs"]
pub mod litmus_04_iriw;
#[path = "05_litmus/litmus_05_two_plus_two_writes.rs"]
pub mod litmus_05_two_plus_two_writes;
#[path = "05_litmus/litmus_06_message_passing_fences.rs"]
pub mod litmus_06_message_passing_fences;
#[path = "06_results/order_01_map_vs_as_completed.rs"]
pub mod order_01_map_vs_as_completed;
#[path = "14_processes/process_01_shared_file.rs"]
pub mod process_01_shared_file;
#[path = "14_processes/process_02_crashing_child.rs"]
pub mod process_02_crashing_child;
#[path = "02_sections/section_01_check_then_act.rs"]
pub mod section_01_check_then_act;
#[path = "11_shutdown/shutdown_01_lost_item.rs"]
pub mod shutdown_01_lost_item;
#[path = "07_workers/worker_01_panic_surfaces.rs"]
pub mod worker_01_panic_surfaces;
#[path = "07_workers/worker_02_poisoned_lock.rs"]
pub mod worker_02_poisoned_lock;

/// Every scenario, in catalogue order.
pub static INDEX: &[&Scenario] = &[
    &counter_01_lost_update::SCENARIO,
    &counter_02_mutex::SCENARIO,
    &section_01_check_then_act::SCENARIO,
    &deadlock_01_lock_order::SCENARIO,
    &deadlock_02_philosophers::SCENARIO,
    &handoff_01_missed_wakeup::SCENARIO,
    &litmus_01_message_passing::SCENARIO,
    &litmus_02_store_buffering::SCENARIO,
    &litmus_03_load_buffering::SCENARIO,
    &litmus_04_iriw::SCENARIO,
    &litmus_05_two_plus_two_writes::SCENARIO,
    &litmus_06_message_passing_fences::SCENARIO,
    &order_01_map_vs_as_completed::SCENARIO,
    &worker_01_panic_surfaces::SCENARIO,
    &worker_02_poisoned_lock::SCENARIO,
    &limit_01_at_most_k::SCENARIO,
    &async_01_gather_order::SCENARIO,
    &async_02_blocking_the_loop::SCENARIO,
    &async_03_cancellation::SCENARIO,
    &buffer_01_bounded::SCENARIO,
    &shutdown_01_lost_item::SCENARIO,
    &channel_01_never_closed::SCENARIO,
    &lazy_01_double_checked::SCENARIO,
    &process_01_shared_file::SCENARIO,
    &process_02_crashing_child::SCENARIO,
];

/// The scenario with this id.
pub fn find(id: &str) -> Option<&'static Scenario> {
    INDEX.iter().copied().find(|s| s.id == id)
}
