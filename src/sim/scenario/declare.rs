//! The scenario's topology as broker commands. The one place that decides whether a topology is
//! acceptable is the broker itself: validation applies these commands to a fresh broker and
//! reports its refusal with the field named, and `World::new` applies the very same commands.

use super::invalid::{Invalid, Why};
use super::Scenario;
use crate::core::ids::{ChannelId, NodeId};
use crate::core::Broker;

impl Scenario {
    /// A fresh broker for this scenario: one node, or its cluster.
    pub fn new_broker(&self) -> Result<Broker, Invalid> {
        match &self.cluster {
            Some(cluster) => Broker::with_cluster(self.seed, cluster).map_err(|e| Invalid::from_core("cluster", &e)),
            None => Ok(Broker::new(self.seed)),
        }
    }

    /// Sets the policies, then declares the exchanges, the queues (each from its node) and the
    /// bindings on a `topology` connection per node; the first refusal names its field
    /// (`queues[2]: the broker refuses it: PRECONDITION_FAILED - …`).
    pub fn declare_topology(&self, broker: &mut Broker) -> Result<(), Invalid> {
        for (i, p) in self.policies.iter().enumerate() {
            let command = p.set().map_err(|e| Invalid::from_core(&format!("policies[{i}]"), &e))?;
            refused(broker.apply(command), || format!("policies[{i}]"))?;
        }
        let nodes = self.node_names();
        let mut declarers = Vec::with_capacity(nodes.len());
        for node in 0..nodes.len() {
            declarers.push(self.topology_channel(broker, node)?);
        }
        let channel = declarers[0];
        for (i, x) in self.exchanges.iter().enumerate() {
            let command = x.declare(channel).map_err(|e| Invalid::from_core(&format!("exchanges[{i}]"), &e))?;
            refused(broker.apply(command), || format!("exchanges[{i}]"))?;
        }
        for (i, q) in self.queues.iter().enumerate() {
            let node = q.node.as_ref().and_then(|n| nodes.iter().position(|x| x == n)).unwrap_or(0);
            let command = q.declare(declarers[node]).map_err(|e| Invalid::from_core(&format!("queues[{i}]"), &e))?;
            refused(broker.apply(command), || format!("queues[{i}]"))?;
        }
        for (i, b) in self.bindings.iter().enumerate() {
            let command = b.bind(channel).map_err(|e| Invalid::from_core(&format!("bindings[{i}]"), &e))?;
            refused(broker.apply(command), || format!("bindings[{i}]"))?;
        }
        Ok(())
    }

    /// A channel on `node` for declaring (every node is up when the run starts).
    fn topology_channel(&self, broker: &mut Broker, node: usize) -> Result<ChannelId, Invalid> {
        let node_id = self.cluster.as_ref().map(|_| NodeId(node as u32));
        let at = self.node_names().get(node).map_or_else(|| format!("node {node}"), |name| format!("cluster.nodes[{node}] ({name})"));
        broker.new_client("topology", node_id).map(|(_, channel)| channel).map_err(|e| Invalid::new(at, Why::Broker { text: e.text }))
    }
}

/// The broker's refusal of a declaration, with the field it came from.
fn refused<T>(result: Result<T, crate::core::AmqpError>, at: impl FnOnce() -> String) -> Result<(), Invalid> {
    result.map(drop).map_err(|e| Invalid::new(at(), Why::Broker { text: e.text }))
}
