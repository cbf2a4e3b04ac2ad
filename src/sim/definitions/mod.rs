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
mod write;

pub use export::{export, Exported};
pub use import::{import, Imported};

use serde_json::{Map, Value as Json};

/// The only virtual host Warren simulates.
pub const VHOST: &str = "/";

/// A definitions file. Sections Warren reads are typed; the others are kept as JSON so an import
/// can say what it did not take. The records are read by hand (`read.rs`: what an absent field
/// is) and written by hand (`write.rs`).
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Definitions {
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub rabbit_version: Option<String>,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub rabbitmq_version: Option<String>,
    #[cfg_attr(test, serde(skip_serializing_if = "Vec::is_empty"))]
    pub users: Vec<Json>,
    pub vhosts: Vec<VhostDef>,
    #[cfg_attr(test, serde(skip_serializing_if = "Vec::is_empty"))]
    pub permissions: Vec<Json>,
    #[cfg_attr(test, serde(skip_serializing_if = "Vec::is_empty"))]
    pub topic_permissions: Vec<Json>,
    #[cfg_attr(test, serde(skip_serializing_if = "Vec::is_empty"))]
    pub parameters: Vec<ParameterDef>,
    #[cfg_attr(test, serde(skip_serializing_if = "Vec::is_empty"))]
    pub global_parameters: Vec<Json>,
    pub policies: Vec<PolicyDef>,
    pub queues: Vec<QueueDef>,
    pub exchanges: Vec<ExchangeDef>,
    pub bindings: Vec<BindingDef>,
    /// Sections this build does not know (a newer broker's), named in a warning on import.
    #[cfg_attr(test, serde(flatten))]
    pub other: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct VhostDef {
    pub name: String,
    #[cfg_attr(test, serde(flatten))]
    pub other: Map<String, Json>,
}

/// A runtime parameter (a federation upstream, a shovel, …): never simulated.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ParameterDef {
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub vhost: Option<String>,
    pub component: String,
    pub name: String,
    #[cfg_attr(test, serde(flatten))]
    pub other: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct PolicyDef {
    /// None in a single-vhost file (the vhost it is imported into, here `/`).
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub vhost: Option<String>,
    pub name: String,
    pub pattern: String,
    #[cfg_attr(test, serde(rename = "apply-to"))]
    pub apply_to: String,
    pub definition: Map<String, Json>,
    pub priority: i64,
    #[cfg_attr(test, serde(flatten))]
    pub other: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct QueueDef {
    pub name: String,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub vhost: Option<String>,
    pub durable: bool,
    pub auto_delete: bool,
    pub arguments: Map<String, Json>,
    /// `classic`, `quorum` or `stream` (RabbitMQ 3.10 writes it; the argument `x-queue-type` is
    /// what an import reads).
    #[cfg_attr(test, serde(rename = "type", skip_serializing_if = "Option::is_none"))]
    pub kind: Option<String>,
    #[cfg_attr(test, serde(flatten))]
    pub other: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ExchangeDef {
    pub name: String,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub vhost: Option<String>,
    #[cfg_attr(test, serde(rename = "type"))]
    pub kind: String,
    pub durable: bool,
    pub auto_delete: bool,
    /// RabbitMQ 3.10 writes no `internal` key: its export leaves internal exchanges out. Warren
    /// writes `internal: true` (which the broker's import reads) and nothing otherwise.
    #[cfg_attr(test, serde(skip_serializing_if = "is_false"))]
    pub internal: bool,
    pub arguments: Map<String, Json>,
    #[cfg_attr(test, serde(flatten))]
    pub other: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct BindingDef {
    pub source: String,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub vhost: Option<String>,
    pub destination: String,
    /// `queue` or `exchange`.
    pub destination_type: String,
    pub routing_key: String,
    pub arguments: Map<String, Json>,
    #[cfg_attr(test, serde(flatten))]
    pub other: Map<String, Json>,
}


fn yes() -> bool {
    true
}
pub(super) fn is_false(b: &bool) -> bool {
    !b
}
fn all() -> String {
    "all".into()
}
