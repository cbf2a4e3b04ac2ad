//! RabbitMQ definitions (`definitions.json`, what the management plugin and
//! `rabbitmqctl export_definitions` write): the scenario's topology carried to a real broker and
//! back. Only the topology travels — exchanges, queues with their arguments, bindings (to queues and
//! to exchanges), `ha-*` policies, vhost `/`; a definitions file has no clients, faults or nodes.
//!
//! `export` turns a scenario into definitions; `import` reads a definitions file into a scenario
//! and names everything it holds that Warren does not simulate (users, other vhosts, streams,
//! federation parameters, policy keys other than `ha-*`, …) in a warning, never dropping it
//! silently. The field layout is RabbitMQ 3.10's, checked live by `conformance/definitions.sh`.

mod export;
mod import;
mod read;

pub use export::{export, Exported};
pub use import::{import, Imported};

use serde::Serialize;
use serde_json::{Map, Value as Json};

/// The only virtual host Warren simulates.
pub const VHOST: &str = "/";

/// A definitions file. Sections Warren reads are typed; the others are kept as JSON so an import
/// can say what it did not take. The records are read by hand (`read.rs`: what an absent field
/// is), written by the derive.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Definitions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rabbit_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rabbitmq_version: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<Json>,
    pub vhosts: Vec<VhostDef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<Json>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topic_permissions: Vec<Json>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParameterDef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub global_parameters: Vec<Json>,
    pub policies: Vec<PolicyDef>,
    pub queues: Vec<QueueDef>,
    pub exchanges: Vec<ExchangeDef>,
    pub bindings: Vec<BindingDef>,
    /// Sections this build does not know (a newer broker's), named in a warning on import.
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VhostDef {
    pub name: String,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// A runtime parameter (a federation upstream, a shovel, …): never simulated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParameterDef {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vhost: Option<String>,
    pub component: String,
    pub name: String,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyDef {
    /// None in a single-vhost file (the vhost it is imported into, here `/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vhost: Option<String>,
    pub name: String,
    pub pattern: String,
    #[serde(rename = "apply-to")]
    pub apply_to: String,
    pub definition: Map<String, Json>,
    pub priority: i64,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QueueDef {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vhost: Option<String>,
    pub durable: bool,
    pub auto_delete: bool,
    pub arguments: Map<String, Json>,
    /// `classic`, `quorum` or `stream` (RabbitMQ 3.10 writes it; the argument `x-queue-type` is
    /// what an import reads).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExchangeDef {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vhost: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub durable: bool,
    pub auto_delete: bool,
    /// RabbitMQ 3.10 writes no `internal` key: its export leaves internal exchanges out. Warren
    /// writes `internal: true` (which the broker's import reads) and nothing otherwise.
    #[serde(skip_serializing_if = "is_false")]
    pub internal: bool,
    pub arguments: Map<String, Json>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BindingDef {
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vhost: Option<String>,
    pub destination: String,
    /// `queue` or `exchange`.
    pub destination_type: String,
    pub routing_key: String,
    pub arguments: Map<String, Json>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

impl Definitions {
    /// Pretty JSON, as `rabbitmqctl import_definitions` reads it.
    pub fn to_json_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

fn yes() -> bool {
    true
}
fn is_false(b: &bool) -> bool {
    !b
}
fn all() -> String {
    "all".into()
}
