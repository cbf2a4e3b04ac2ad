//! The scenario's topology as broker commands. The one place that decides whether a topology is
//! acceptable is the broker itself: validation applies these commands to a fresh broker and
//! reports its refusal with the field named, and `World::new` applies the very same commands.

use super::Scenario;
use crate::core::command::{Command, Reply};
use crate::core::ids::{ChannelId, NodeId};
use crate::core::value::{table_from_json, Table};
use crate::core::Broker;

impl Scenario {
    /// A fresh broker for this scenario: one node, or its cluster.
    pub fn new_broker(&self) -> Result<Broker, String> {
        match &self.cluster {
            Some(cluster) => Broker::cluster(self.seed, cluster).map_err(|e| format!("cluster.{e}")),
            None => Ok(Broker::new(self.seed)),
        }
    }

    /// Sets the policies, then declares the exchanges, the queues (each from its node) and the
    /// bindings on a `topology` connection per node; the first refusal names its field
    /// (`queues[2]: PRECONDITION_FAILED - …`).
    pub fn declare_topology(&self, broker: &mut Broker) -> Result<(), String> {
        for (i, p) in self.policies.iter().enumerate() {
            let definition = table(&p.definition, &format!("policies[{i}].definition"))?;
            let command = Command::SetPolicy { name: p.name.clone(), pattern: p.pattern.clone(), priority: p.priority, definition };
            refused(broker.apply(command), || format!("policies[{i}]"))?;
        }
        let nodes = self.node_names();
        let mut declarers = Vec::with_capacity(nodes.len());
        for node in 0..nodes.len() {
            declarers.push(self.topology_channel(broker, node)?);
        }
        let channel = declarers[0];
        for (i, x) in self.exchanges.iter().enumerate() {
            let args = table(&x.args, &format!("exchanges[{i}].args"))?;
            let (name, kind) = (x.name.clone(), x.kind.clone());
            let command = Command::DeclareExchange { channel, name, kind, durable: x.durable, auto_delete: false, internal: x.internal, args, passive: false };
            refused(broker.apply(command), || format!("exchanges[{i}]"))?;
        }
        for (i, q) in self.queues.iter().enumerate() {
            let node = q.node.as_ref().and_then(|n| nodes.iter().position(|x| x == n)).unwrap_or(0);
            let args = table(&q.args, &format!("queues[{i}].args"))?;
            let command = Command::DeclareQueue { channel: declarers[node], name: q.name.clone(), durable: q.durable, exclusive: false, auto_delete: false, args, passive: false };
            refused(broker.apply(command), || format!("queues[{i}]"))?;
        }
        for (i, b) in self.bindings.iter().enumerate() {
            let args = table(&b.args, &format!("bindings[{i}].args"))?;
            let (source, destination, key) = (b.source.clone(), b.dest.clone(), b.key.clone());
            let command = Command::Bind { channel, source, destination, to_exchange: b.to_exchange, key, args };
            refused(broker.apply(command), || format!("bindings[{i}]"))?;
        }
        Ok(())
    }

    /// A channel on `node` for declaring (every node is up when the run starts).
    fn topology_channel(&self, broker: &mut Broker, node: usize) -> Result<ChannelId, String> {
        let connect = match &self.cluster {
            None => Command::OpenConnection { name: "topology".into() },
            Some(_) => Command::Connect { name: "topology".into(), node: NodeId(node as u32) },
        };
        let Ok(Reply::Connection(connection)) = broker.apply(connect) else {
            return Err(format!("node {node}: refuses the topology's connection"));
        };
        match broker.apply(Command::OpenChannel { connection }) {
            Ok(Reply::Channel(channel)) => Ok(channel),
            _ => Err(format!("node {node}: refuses the topology's channel")),
        }
    }
}

fn table(map: &serde_json::Map<String, serde_json::Value>, at: &str) -> Result<Table, String> {
    table_from_json(map).map_err(|e| format!("{at}.{e}"))
}

/// The broker's refusal of a declaration, with the field it came from.
fn refused<T>(result: Result<T, crate::core::AmqpError>, at: impl FnOnce() -> String) -> Result<(), String> {
    result.map(drop).map_err(|e| format!("{}: the broker refuses it: {}", at(), e.text))
}
