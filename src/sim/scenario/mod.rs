//! Scenario files: a topology, the simulated clients, a fault schedule, a seed and a duration,
//! as versioned JSON. The UI's editor edits one; `warren-cli run` and the UI's playback run one.
//!
//! Parsing is strict: an unknown field, a wrong type or an impossible value is refused with a
//! message naming the field (`producers[0].interval_ms: must be at least 1`).

mod clients;
mod declare;
mod defaults;
mod environment;
mod export;
mod faults;
mod invalid;
pub mod limits;
pub(crate) mod read;
#[cfg(test)]
pub(crate) mod mutants;
mod read_fault;
mod read_processing;
mod read_tagged;
mod read_topology;
mod services;
mod topology;
mod validate;
pub(crate) mod write;

pub use clients::*;
pub use environment::*;
pub use faults::*;
pub use invalid::*;
pub use services::*;
pub use topology::*;

use serde_json::{Map, Value as Json};

/// The schema version this build reads and writes.
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Scenario {
    pub version: u32,
    pub name: String,
    pub description: String,
    /// The name and description in Chinese (`{"zh": {"name": "…", "description": "…"}}`); the
    /// English ones above stand in for a text left out.
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub zh: Option<Texts>,
    pub seed: u64,
    /// How long the run lasts, in virtual milliseconds.
    pub duration_ms: u64,
    pub exchanges: Vec<ExchangeSpec>,
    pub queues: Vec<QueueSpec>,
    pub bindings: Vec<BindingSpec>,
    pub producers: Vec<ProducerSpec>,
    pub consumers: Vec<ConsumerSpec>,
    pub faults: Vec<ScheduledFault>,
    /// Faults drawn at seeded random times, at a rate per kind.
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub chaos: Option<ChaosSpec>,
    /// Several broker nodes (none: one node, `rabbit`).
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub cluster: Option<ClusterSpec>,
    /// Policies (`rabbitmqctl set_policy --apply-to queues`), set before the queues are declared.
    #[cfg_attr(test, serde(skip_serializing_if = "Vec::is_empty"))]
    pub policies: Vec<PolicySpec>,
    /// The external stores the consumers use (dedup set, unique index, locks).
    #[cfg_attr(test, serde(skip_serializing_if = "StoresSpec::is_default"))]
    pub stores: StoresSpec,
    /// The links between the clients and the broker nodes.
    #[cfg_attr(test, serde(skip_serializing_if = "NetworkSpec::is_default"))]
    pub network: NetworkSpec,
    /// Where the editor draws each entity; ignored by the simulation. By kind, then name (an
    /// exchange and a queue may share a name):
    /// `{"exchanges": {"orders": {"x": 120, "y": 80}}, "queues": {…}, "producers": {…}, "consumers": {…}}`.
    pub layout: Map<String, Json>,
}

/// A scenario's own texts in one more language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Texts {
    pub name: String,
    pub description: String,
}

/// Reads a scenario, naming the first problem found.
pub fn parse(text: &str) -> Result<Scenario, String> {
    let scenario: Scenario = crate::input::from_json(text)?;
    scenario.validate().map_err(|e| crate::input::one_line(&e.to_string()))?;
    Ok(scenario)
}


impl Scenario {
    /// The name in `lang` (the English one where no translation is given).
    pub fn name_in(&self, lang: crate::lang::Lang) -> &str {
        self.translated(lang, |t| &t.name).unwrap_or(&self.name)
    }

    /// The description in `lang` (the English one where no translation is given).
    pub fn description_in(&self, lang: crate::lang::Lang) -> &str {
        self.translated(lang, |t| &t.description).unwrap_or(&self.description)
    }

    fn translated<'a>(&'a self, lang: crate::lang::Lang, text: fn(&'a Texts) -> &'a String) -> Option<&'a str> {
        let texts = match lang {
            crate::lang::Lang::En => None,
            crate::lang::Lang::Zh => self.zh.as_ref(),
        };
        texts.map(text).map(String::as_str).filter(|t| !t.trim().is_empty())
    }

    /// The node names: the cluster's, or the one node `rabbit`.
    pub fn node_names(&self) -> Vec<String> {
        self.cluster.as_ref().map_or_else(|| vec!["rabbit".to_string()], |c| c.nodes.clone())
    }

    /// The scenario as a JSON value, equal to `serde_json::to_value`'s, read back from the pretty
    /// text the export writes. The page then holds one writer of the scenario (the text one)
    /// instead of two (a second one for values cost 14 KB of wasm before wasm-opt); share links,
    /// autosave and lesson patches call this.
    pub fn to_json(&self) -> serde_json::Result<Json> {
        serde_json::from_str(&self.to_pretty_json())
    }

    pub fn check_node(&self, node: &str, at: &str) -> Result<(), Invalid> {
        let names = self.node_names();
        if names.iter().any(|n| n == node) {
            Ok(())
        } else {
            Err(Invalid::new(at, Why::NoSuchNode { name: node.to_string(), nodes: names }))
        }
    }
}
