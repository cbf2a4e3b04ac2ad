//! The topology a scenario declares: exchanges, queues, bindings, policies and the cluster.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::defaults::*;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default = "yes")]
    pub durable: bool,
    #[serde(default)]
    pub internal: bool,
    #[serde(default)]
    pub args: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueSpec {
    pub name: String,
    #[serde(default = "yes")]
    pub durable: bool,
    /// The node it is declared on (its home, or its first leader); none: the first node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    #[serde(default)]
    pub args: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindingSpec {
    pub source: String,
    pub dest: String,
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub args: Map<String, Json>,
    #[serde(default)]
    pub to_exchange: bool,
}

/// The cluster: node names and how it behaves — the core's own configuration, read as is (one
/// definition: what a scenario can say is what the core can build).
pub use crate::core::cluster::ClusterConfig as ClusterSpec;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    pub name: String,
    pub pattern: String,
    #[serde(default)]
    pub priority: i64,
    /// `ha-mode`, `ha-params`, `ha-sync-mode`, `ha-promote-on-failure`, `ha-promote-on-shutdown`.
    pub definition: Map<String, Json>,
}
