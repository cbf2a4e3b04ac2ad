//! Scenario → definitions: the topology, in the layout RabbitMQ 3.10 exports.

use serde_json::Map;

use super::{BindingDef, Definitions, ExchangeDef, PolicyDef, QueueDef, VhostDef, VHOST};
use crate::sim::Scenario;

/// Definitions and what of the scenario they cannot carry (said, not dropped silently).
#[derive(Clone, Debug, PartialEq)]
pub struct Exported {
    pub definitions: Definitions,
    pub notes: Vec<String>,
}

pub fn export(s: &Scenario) -> Exported {
    let vhost = || Some(VHOST.to_string());
    let exchanges = s
        .exchanges
        .iter()
        .map(|x| ExchangeDef {
            name: x.name.clone(),
            vhost: vhost(),
            kind: x.kind.clone(),
            durable: x.durable,
            auto_delete: false,
            internal: x.internal,
            arguments: x.args.clone(),
            other: Map::new(),
        })
        .collect();
    let queues = s
        .queues
        .iter()
        .map(|q| {
            let quorum = q.args.get("x-queue-type").and_then(|t| t.as_str()) == Some("quorum");
            QueueDef {
                name: q.name.clone(),
                vhost: vhost(),
                durable: q.durable,
                auto_delete: false,
                arguments: q.args.clone(),
                kind: Some(if quorum { "quorum" } else { "classic" }.into()),
                other: Map::new(),
            }
        })
        .collect();
    let bindings = s
        .bindings
        .iter()
        .map(|b| BindingDef {
            source: b.source.clone(),
            vhost: vhost(),
            destination: b.dest.clone(),
            destination_type: if b.to_exchange { "exchange" } else { "queue" }.into(),
            routing_key: b.key.clone(),
            arguments: b.args.clone(),
            other: Map::new(),
        })
        .collect();
    let policies = s
        .policies
        .iter()
        .map(|p| PolicyDef {
            vhost: vhost(),
            name: p.name.clone(),
            pattern: p.pattern.clone(),
            apply_to: "queues".into(),
            definition: p.definition.clone(),
            priority: p.priority,
            other: Map::new(),
        })
        .collect();
    let definitions =
        Definitions { vhosts: vec![VhostDef { name: VHOST.into(), other: Map::new() }], policies, queues, exchanges, bindings, ..Definitions::default() };
    Exported { definitions, notes: notes(s) }
}

/// What a definitions file has no place for.
fn notes(s: &Scenario) -> Vec<String> {
    let mut notes = Vec::new();
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut left = Vec::new();
    if !s.producers.is_empty() {
        left.push(count(s.producers.len(), "producer", "producers"));
    }
    if !s.consumers.is_empty() {
        left.push(count(s.consumers.len(), "consumer", "consumers"));
    }
    if !s.faults.is_empty() || s.chaos.is_some() {
        left.push("the fault schedule".into());
    }
    if !left.is_empty() {
        notes.push(format!("definitions hold the topology only; not exported: {}", left.join(", ")));
    }
    if let Some(cluster) = &s.cluster {
        notes.push(format!("cluster: definitions do not list nodes; create the {}-node cluster first (the policies name its nodes)", cluster.nodes.len()));
    }
    for (i, q) in s.queues.iter().enumerate() {
        if let Some(node) = &q.node {
            notes.push(format!(
                "queues[{i}].node: definitions do not say where a queue lives; \"{}\" is declared on the node that imports it, not on {node}",
                q.name
            ));
        }
    }
    notes
}
