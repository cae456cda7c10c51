//! What the generated test binaries share: the catalogue, walked as test cases.

use racelab::backend::Backend;
use racelab::scenario::{Scenario, Variant};
use racelab::scenarios::INDEX;

/// One generated test: a scenario variant on a backend.
pub struct Case {
    pub scenario: &'static Scenario,
    pub variant: &'static Variant,
    pub backend: Backend,
}

impl Case {
    /// `counter_01_lost_update::broken::loom_report`: the backend's report, held to its reviewed
    /// snapshot and to a verdict the backend can give. What it can give is derived from the run
    /// ([`racelab::sight`]), never declared, so the name cannot promise `catches`; whether the
    /// variant keeps its claim is the `combined_verdict_is_the_claim` test's to say.
    pub fn name(&self) -> String {
        format!("{}::{}::{}_report", self.scenario.id, self.variant.name, self.backend)
    }

    /// `counter_01_lost_update.broken.loom`: its report's snapshot in `tests/snapshots/`
    /// ([`racelab::report::snapshot_name`]).
    #[allow(dead_code, reason = "tests/threads.rs keeps no snapshots: real-thread counts vary")]
    pub fn snapshot_name(&self) -> String {
        racelab::report::snapshot_name(self.scenario, self.variant, Some(self.backend))
    }
}

/// Every variant of every scenario on `backend`, in catalogue order.
pub fn cases(backend: Backend) -> Vec<Case> {
    INDEX
        .iter()
        .flat_map(|&scenario| {
            scenario.variants.iter().map(move |variant| Case { scenario, variant, backend })
        })
        .collect()
}
