//! What a command line names: scenarios by id or by the start of one, and their variants.

use super::usage::Usage;
use crate::model::scenario::{Scenario, Variant};
use crate::scenarios;
use crate::term::clip;

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
        _ => Err(Usage(format!(
            "'{}' is the start of {} ids: {}; give enough of the id to pick one",
            clip(id, 80),
            matches.len(),
            listed(&matches)
        ))),
    }
}

/// `names` joined with commas, the first [`LISTED`] of them and how many more.
pub(super) fn listed(names: &[&str]) -> String {
    let mut text = names[..names.len().min(LISTED)].join(", ");
    if names.len() > LISTED {
        text += &format!(" and {} more", names.len() - LISTED);
    }
    text
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

/// The variants a check run takes, and the scenarios `--variant` left out.
pub(super) struct Chosen {
    /// Each scenario with one of its variants, in catalogue and declaration order.
    pub(super) variants: Vec<(&'static Scenario, &'static Variant)>,
    /// Ids of the scenarios that have no variant of the name asked for.
    pub(super) left_out: Vec<&'static str>,
}

/// Every variant of `targets`, or with `only`, the variant of that name in each target that has
/// one. A name that no target has is refused, with the names they do have.
pub(super) fn choose_variants(targets: &[&'static Scenario], only: Option<&str>) -> Result<Chosen, Usage> {
    let Some(name) = only else {
        let variants = targets.iter().flat_map(|&s| s.variants.iter().map(move |v| (s, v))).collect();
        return Ok(Chosen { variants, left_out: vec![] });
    };
    let (mut variants, mut left_out) = (Vec::new(), Vec::new());
    for &scenario in targets {
        match scenario.variant(name) {
            Some(variant) => variants.push((scenario, variant)),
            None => left_out.push(scenario.id),
        }
    }
    if !variants.is_empty() {
        return Ok(Chosen { variants, left_out });
    }
    if let [one] = targets {
        return Err(find_variant(one, name).expect_err("the scenario has no such variant"));
    }
    let mut names: Vec<&str> = Vec::new();
    for v in targets.iter().flat_map(|s| s.variants) {
        if !names.contains(&v.name) {
            names.push(v.name);
        }
    }
    Err(Usage(format!(
        "none of the {} scenarios checked has a variant '{}': their variants are {}",
        targets.len(),
        clip(name, 80),
        names.join(", ")
    )))
}
