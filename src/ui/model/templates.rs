//! The ready-made scenarios of the scenario menu: the JSON files under `scenarios/`, built in.

use crate::sim::scenario::{parse, Scenario};

/// A built-in scenario: an id (its file name and its translation keys) and its JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    pub id: &'static str,
    pub json: &'static str,
}

macro_rules! templates {
    ($($id:literal),* $(,)?) => {
        [$(Template { id: $id, json: include_str!(concat!("../../../scenarios/", $id, ".json")) }),*]
    };
}

/// In menu order.
pub const TEMPLATES: [Template; 7] = templates![
    "order-fanout",
    "work-queue",
    "delay-queue",
    "lost-ack",
    "lost-ack-dedup",
    "auto-ack-crash",
    "mirrored-vs-quorum",
];

impl Template {
    pub fn by_id(id: &str) -> Option<Template> {
        TEMPLATES.into_iter().find(|t| t.id == id)
    }

    /// The scenario (every file is checked by `tests/world/scenarios.rs`).
    pub fn scenario(&self) -> Result<Scenario, String> {
        parse(self.json)
    }
}
