//! The catalogue: every scenario, in numbered topic folders, one file each.
//!
//! [`INDEX`] is the source of truth: the order of `racelab list`, of the summary and of the
//! generated tests. `tests/integrity.rs` checks it against the files on disk. To add a scenario,
//! follow `docs/src/adding-a-scenario.md`.

use crate::model::scenario::Scenario;

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
#[path = "90_genmc/genmc_01_2cowr.rs"]
pub mod genmc_01_2cowr;
#[path = "90_genmc/genmc_02_2w2w_2sc_scf.rs"]
pub mod genmc_02_2w2w_2sc_scf;
#[path = "90_genmc/genmc_03_2w2w_3sc_1rel.rs"]
pub mod genmc_03_2w2w_3sc_1rel;
#[path = "90_genmc/genmc_04_2w2w_4rel.rs"]
pub mod genmc_04_2w2w_4rel;
#[path = "90_genmc/genmc_05_2w2w_4sc.rs"]
pub mod genmc_05_2w2w_4sc;
#[path = "90_genmc/genmc_06_iriw_acq_sc.rs"]
pub mod genmc_06_iriw_acq_sc;
#[path = "90_genmc/genmc_07_iriwish.rs"]
pub mod genmc_07_iriwish;
#[path = "90_genmc/genmc_08_lb.rs"]
pub mod genmc_08_lb;
#[path = "90_genmc/genmc_09_lb_incmps.rs"]
pub mod genmc_09_lb_incmps;
#[path = "90_genmc/genmc_10_mp.rs"]
pub mod genmc_10_mp;
#[path = "90_genmc/genmc_11_mpu2_rels_acqf.rs"]
pub mod genmc_11_mpu2_rels_acqf;
#[path = "90_genmc/genmc_12_mpu_rels_acq.rs"]
pub mod genmc_12_mpu_rels_acq;
#[path = "90_genmc/genmc_13_mp_incmps.rs"]
pub mod genmc_13_mp_incmps;
#[path = "90_genmc/genmc_14_mp_rels_acqf.rs"]
pub mod genmc_14_mp_rels_acqf;
#[path = "90_genmc/genmc_15_sb.rs"]
pub mod genmc_15_sb;
#[path = "90_genmc/genmc_16_sb_2sc_scf.rs"]
pub mod genmc_16_sb_2sc_scf;
#[path = "90_genmc/genmc_17_z6_u.rs"]
pub mod genmc_17_z6_u;
#[path = "90_genmc/genmc_18_z6_acq.rs"]
pub mod genmc_18_z6_acq;
#[path = "90_genmc/genmc_19_atomicpo.rs"]
pub mod genmc_19_atomicpo;
#[path = "90_genmc/genmc_20_casdep.rs"]
pub mod genmc_20_casdep;
#[path = "90_genmc/genmc_21_ccr.rs"]
pub mod genmc_21_ccr;
#[path = "90_genmc/genmc_22_cii.rs"]
pub mod genmc_22_cii;
#[path = "90_genmc/genmc_23_corr.rs"]
pub mod genmc_23_corr;
#[path = "90_genmc/genmc_24_corr0.rs"]
pub mod genmc_24_corr0;
#[path = "90_genmc/genmc_25_corr1.rs"]
pub mod genmc_25_corr1;
#[path = "90_genmc/genmc_26_corr2.rs"]
pub mod genmc_26_corr2;
#[path = "90_genmc/genmc_27_corw.rs"]
pub mod genmc_27_corw;
#[path = "90_genmc/genmc_28_cowr.rs"]
pub mod genmc_28_cowr;
#[path = "90_genmc/genmc_29_cumul_release.rs"]
pub mod genmc_29_cumul_release;
#[path = "90_genmc/genmc_30_default.rs"]
pub mod genmc_30_default;
#[path = "90_genmc/genmc_31_detour.rs"]
pub mod genmc_31_detour;
#[path = "90_genmc/genmc_32_fr_w_w_w_reads.rs"]
pub mod genmc_32_fr_w_w_w_reads;
#[path = "90_genmc/genmc_33_inc2w.rs"]
pub mod genmc_33_inc2w;
#[path = "90_genmc/genmc_34_inc_inc_rr_w_rr.rs"]
pub mod genmc_34_inc_inc_rr_w_rr;
#[path = "90_genmc/genmc_35_riwi.rs"]
pub mod genmc_35_riwi;
#[path = "90_genmc/genmc_36_viktor_relseq.rs"]
pub mod genmc_36_viktor_relseq;
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
    &genmc_01_2cowr::SCENARIO,
    &genmc_02_2w2w_2sc_scf::SCENARIO,
    &genmc_03_2w2w_3sc_1rel::SCENARIO,
    &genmc_04_2w2w_4rel::SCENARIO,
    &genmc_05_2w2w_4sc::SCENARIO,
    &genmc_06_iriw_acq_sc::SCENARIO,
    &genmc_07_iriwish::SCENARIO,
    &genmc_08_lb::SCENARIO,
    &genmc_09_lb_incmps::SCENARIO,
    &genmc_10_mp::SCENARIO,
    &genmc_11_mpu2_rels_acqf::SCENARIO,
    &genmc_12_mpu_rels_acq::SCENARIO,
    &genmc_13_mp_incmps::SCENARIO,
    &genmc_14_mp_rels_acqf::SCENARIO,
    &genmc_15_sb::SCENARIO,
    &genmc_16_sb_2sc_scf::SCENARIO,
    &genmc_17_z6_u::SCENARIO,
    &genmc_18_z6_acq::SCENARIO,
    &genmc_19_atomicpo::SCENARIO,
    &genmc_20_casdep::SCENARIO,
    &genmc_21_ccr::SCENARIO,
    &genmc_22_cii::SCENARIO,
    &genmc_23_corr::SCENARIO,
    &genmc_24_corr0::SCENARIO,
    &genmc_25_corr1::SCENARIO,
    &genmc_26_corr2::SCENARIO,
    &genmc_27_corw::SCENARIO,
    &genmc_28_cowr::SCENARIO,
    &genmc_29_cumul_release::SCENARIO,
    &genmc_30_default::SCENARIO,
    &genmc_31_detour::SCENARIO,
    &genmc_32_fr_w_w_w_reads::SCENARIO,
    &genmc_33_inc2w::SCENARIO,
    &genmc_34_inc_inc_rr_w_rr::SCENARIO,
    &genmc_35_riwi::SCENARIO,
    &genmc_36_viktor_relseq::SCENARIO,
];

/// The rust-lang/miri commit whose `tests/genmc/pass/litmus/` the programs of `90_genmc` come from,
/// with GenMC's counts of their executions.
pub const MIRI_COMMIT: &str = "990706977fb426b5c2d99e074db098de038c3be4";

/// GenMC's litmus tests (`scenarios/90_genmc/`), in catalogue order: each scenario with GenMC's count
/// of consistent executions of each of its variants, by variant name.
pub static GENMC: &[(&Scenario, &[(&str, u64)])] = &[
    (&genmc_01_2cowr::SCENARIO, genmc_01_2cowr::GENMC_EXECUTIONS),
    (&genmc_02_2w2w_2sc_scf::SCENARIO, genmc_02_2w2w_2sc_scf::GENMC_EXECUTIONS),
    (&genmc_03_2w2w_3sc_1rel::SCENARIO, genmc_03_2w2w_3sc_1rel::GENMC_EXECUTIONS),
    (&genmc_04_2w2w_4rel::SCENARIO, genmc_04_2w2w_4rel::GENMC_EXECUTIONS),
    (&genmc_05_2w2w_4sc::SCENARIO, genmc_05_2w2w_4sc::GENMC_EXECUTIONS),
    (&genmc_06_iriw_acq_sc::SCENARIO, genmc_06_iriw_acq_sc::GENMC_EXECUTIONS),
    (&genmc_07_iriwish::SCENARIO, genmc_07_iriwish::GENMC_EXECUTIONS),
    (&genmc_08_lb::SCENARIO, genmc_08_lb::GENMC_EXECUTIONS),
    (&genmc_09_lb_incmps::SCENARIO, genmc_09_lb_incmps::GENMC_EXECUTIONS),
    (&genmc_10_mp::SCENARIO, genmc_10_mp::GENMC_EXECUTIONS),
    (&genmc_11_mpu2_rels_acqf::SCENARIO, genmc_11_mpu2_rels_acqf::GENMC_EXECUTIONS),
    (&genmc_12_mpu_rels_acq::SCENARIO, genmc_12_mpu_rels_acq::GENMC_EXECUTIONS),
    (&genmc_13_mp_incmps::SCENARIO, genmc_13_mp_incmps::GENMC_EXECUTIONS),
    (&genmc_14_mp_rels_acqf::SCENARIO, genmc_14_mp_rels_acqf::GENMC_EXECUTIONS),
    (&genmc_15_sb::SCENARIO, genmc_15_sb::GENMC_EXECUTIONS),
    (&genmc_16_sb_2sc_scf::SCENARIO, genmc_16_sb_2sc_scf::GENMC_EXECUTIONS),
    (&genmc_17_z6_u::SCENARIO, genmc_17_z6_u::GENMC_EXECUTIONS),
    (&genmc_18_z6_acq::SCENARIO, genmc_18_z6_acq::GENMC_EXECUTIONS),
    (&genmc_19_atomicpo::SCENARIO, genmc_19_atomicpo::GENMC_EXECUTIONS),
    (&genmc_20_casdep::SCENARIO, genmc_20_casdep::GENMC_EXECUTIONS),
    (&genmc_21_ccr::SCENARIO, genmc_21_ccr::GENMC_EXECUTIONS),
    (&genmc_22_cii::SCENARIO, genmc_22_cii::GENMC_EXECUTIONS),
    (&genmc_23_corr::SCENARIO, genmc_23_corr::GENMC_EXECUTIONS),
    (&genmc_24_corr0::SCENARIO, genmc_24_corr0::GENMC_EXECUTIONS),
    (&genmc_25_corr1::SCENARIO, genmc_25_corr1::GENMC_EXECUTIONS),
    (&genmc_26_corr2::SCENARIO, genmc_26_corr2::GENMC_EXECUTIONS),
    (&genmc_27_corw::SCENARIO, genmc_27_corw::GENMC_EXECUTIONS),
    (&genmc_28_cowr::SCENARIO, genmc_28_cowr::GENMC_EXECUTIONS),
    (&genmc_29_cumul_release::SCENARIO, genmc_29_cumul_release::GENMC_EXECUTIONS),
    (&genmc_30_default::SCENARIO, genmc_30_default::GENMC_EXECUTIONS),
    (&genmc_31_detour::SCENARIO, genmc_31_detour::GENMC_EXECUTIONS),
    (&genmc_32_fr_w_w_w_reads::SCENARIO, genmc_32_fr_w_w_w_reads::GENMC_EXECUTIONS),
    (&genmc_33_inc2w::SCENARIO, genmc_33_inc2w::GENMC_EXECUTIONS),
    (&genmc_34_inc_inc_rr_w_rr::SCENARIO, genmc_34_inc_inc_rr_w_rr::GENMC_EXECUTIONS),
    (&genmc_35_riwi::SCENARIO, genmc_35_riwi::GENMC_EXECUTIONS),
    (&genmc_36_viktor_relseq::SCENARIO, genmc_36_viktor_relseq::GENMC_EXECUTIONS),
];

/// The scenario with this id.
pub fn find(id: &str) -> Option<&'static Scenario> {
    INDEX.iter().copied().find(|s| s.id == id)
}
