//! What the generated test binaries share: the catalogue, walked as test cases.

use std::ops::Range;
use std::path::Path;

use racelab::backend::Backend;
use racelab::model::scenario::{Scenario, Variant};
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
    /// ([`racelab::verdict::sight`]), never declared, so the name cannot promise `catches`; whether the
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

    /// Where the variant is written: `scenarios/01_counters/counter_01_lost_update.rs:53`, the
    /// line of its `name: "broken"`. A failing test starts its message with it, so that it points
    /// at the scenario, not at this harness (the file alone where no line names the variant).
    pub fn location(&self) -> String {
        let source = source_of(self.scenario.id);
        let text = std::fs::read_to_string(root().join(&source)).unwrap_or_default();
        let needle = format!("name: \"{}\"", self.variant.name);
        match text.lines().position(|line| line.contains(&needle)) {
            Some(at) => format!("{source}:{}", at + 1),
            None => source,
        }
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The file of scenario `id`, relative to the repository root: `scenarios/<topic>/<id>.rs`.
pub fn source_of(id: &str) -> String {
    let file = format!("{id}.rs");
    std::fs::read_dir(root().join("scenarios"))
        .expect("the catalogue's folder")
        .map(|entry| entry.expect("a topic folder").path())
        .find(|topic| topic.join(&file).is_file())
        .map(|topic| format!("scenarios/{}/{file}", topic.file_name().unwrap().to_string_lossy()))
        .unwrap_or_else(|| panic!("{id} has no file scenarios/*/{file}: add one, as tests/integrity.rs asks"))
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

/// The seeds of a campaign, from `RACELAB_SEEDS=START..END` (END excluded): none when unset. Each
/// machine of a long campaign takes its own range (`0..500` on one, `500..1000` on the next), or
/// all of them one range split by `cargo nextest run --partition hash:K/N`. Bad input stops the
/// run with a message that names it.
pub fn campaign_seeds() -> Range<u64> {
    let Some(value) = std::env::var_os("RACELAB_SEEDS") else { return 0..0 };
    let value = value.to_string_lossy();
    let parsed = value.split_once("..").and_then(|(start, end)| {
        let (start, end) = (start.trim().parse::<u64>().ok()?, end.trim().parse::<u64>().ok()?);
        (start < end).then_some(start..end)
    });
    parsed.unwrap_or_else(|| {
        eprintln!("RACELAB_SEEDS={value}: give a range of seeds START..END, END excluded, such as 100..200");
        std::process::exit(2)
    })
}
