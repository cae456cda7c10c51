//! What a command line names: scenarios by id or by the start of one, and their variants.

use super::{Usage, clip};
use crate::scenario::{Scenario, Variant};
use crate::scenarios;

/// At most this many ids are listed where a prefix matches several.
const LISTED: usize = 10;

/// The scenario `id` names: the one with that exact id, or the only one whose id starts with it.
///
/// A start shared by several ids is refused with the matches; anything else with the closest id.
pub(super) fn find_scenario(id: &str) -> Result<&'static Scenario, Usage> {
    if let Some(scenario) = scenarios::find(id) {
        return Ok(scenario);
    }
    let matches: Vec<&'static str> =
        scenarios::INDEX.iter().map(|s| s.id).filter(|s| s.starts_with(id)).collect();
    match matches[..] {
        [one] => Ok(scenarios::find(one).expect("an id of the index")),
        [] => Err(unknown(id)),
        _ => {
            let more = matches.len().saturating_sub(LISTED);
            let mut listed = matches[..matches.len().min(LISTED)].join(", ");
            if more > 0 {
                listed += &format!(" and {more} more");
            }
            Err(Usage(format!(
                "'{}' is the start of {} ids: {listed}; give enough of the id to pick one",
                clip(id, 80),
                matches.len()
            )))
        }
    }
}

/// An id that is neither a scenario's nor the start of one, with the closest id if one is close.
fn unknown(id: &str) -> Usage {
    let closest = scenarios::INDEX
        .iter()
        .map(|s| (strsim::jaro_winkler(id, s.id), s.id))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score > 0.7)
        .map_or(String::new(), |(_, s)| format!("did you mean '{s}'? "));
    Usage(format!("unknown scenario '{}': {closest}`racelab list` prints every id", clip(id, 80)))
}

/// The variant of `scenario` called `name`, or a refusal that lists the scenario's variants.
pub(super) fn find_variant(scenario: &'static Scenario, name: &str) -> Result<&'static Variant, Usage> {
    scenario.variant(name).ok_or_else(|| {
        let names: Vec<_> = scenario.variants.iter().map(|v| v.name).collect();
        Usage(format!(
            "scenario {} has no variant '{}': its variants are {}",
            scenario.id,
            clip(name, 80),
            names.join(", ")
        ))
    })
}
