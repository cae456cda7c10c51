//! What the generated test binaries share: the catalogue, walked as test cases.

use racelab::backend::Backend;
use racelab::scenario::{Claim, Expected, Scenario, Variant};
use racelab::scenarios::INDEX;

/// One generated test: a scenario variant on a backend.
pub struct Case {
    pub scenario: &'static Scenario,
    pub variant: &'static Variant,
    pub backend: Backend,
}

impl Case {
    /// `counter_01_lost_update::broken::loom_catches`: the test says what it asserts.
    pub fn name(&self) -> String {
        let expected = match self.backend {
            Backend::Loom => self.variant.expect.loom,
            Backend::Shuttle => self.variant.expect.shuttle,
            Backend::Threads => self.variant.expect.threads,
        };
        let verb = match (expected, self.variant.claim) {
            (Expected::Claim, Claim::Broken) => "catches",
            (Expected::Claim | Expected::Chance(_), Claim::Correct) if self.backend == Backend::Loom => {
                "verifies"
            }
            (Expected::Claim, Claim::Correct) => "passes",
            (Expected::Blind(_), _) => "cannot_see",
            (Expected::Chance(_), _) => "may_catch",
            (Expected::FalseAlarm(_), _) => "false_alarm_is_explained",
            (Expected::NotApplicable(_), _) => "does_not_apply",
        };
        format!("{}::{}::{}_{verb}", self.scenario.id, self.variant.name, self.backend)
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
