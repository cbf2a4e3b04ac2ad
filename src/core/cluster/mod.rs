//! The cluster: broker nodes that are up, stopped, crashed or paused, the network between them
//! (partitions, latency), the version profile, and how queues are placed and replicated.
//!
//! One `Broker` value is the whole cluster. Queues remember their node (a classic queue's home,
//! a mirrored or quorum queue's leader) and their replication ([`replica`]); node faults and
//! partitions are commands like any other, so a fault schedule replays exactly.
//!
//! - [`nodes`]: stop / crash / start a node, and what a classic queue does when its home goes.
//! - [`mirroring`]: classic mirrored queues (3.x): mirrors, synchronisation, promotion.
//! - [`quorum`]: quorum queues: Raft-style terms, elections with randomised timeouts, commits.
//! - [`partition`]: partitions and `ignore` / `pause_minority` / `autoheal`.

pub mod mirroring;
pub mod nodes;
pub mod partition;
pub mod policy;
pub mod quorum;
pub mod replica;

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::ids::NodeId;

/// Which RabbitMQ release line the cluster behaves like. Read and named (`name()`) as the
/// scenario's other enums are, by `read_names!` (sim/scenario/read.rs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub enum Profile {
    /// 3.x (the oracle is 3.10): classic mirrored queues exist; quorum queues have no default
    /// delivery limit.
    #[default]
    #[cfg_attr(test, serde(rename = "3.x"))]
    V3,
    /// 4.x: mirroring is gone (`ha-*` policy keys are ignored); a quorum queue's delivery limit
    /// defaults to 20.
    #[cfg_attr(test, serde(rename = "4.x"))]
    V4,
}

/// `cluster_partition_handling`. Read and named (`name()`) by `read_names!`, as [`Profile`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum PartitionHandling {
    /// Nothing automatic: both sides carry on (split-brain) and stay split after the heal until
    /// the nodes of one side are restarted.
    #[default]
    Ignore,
    /// A node on a side with no strict majority of all nodes pauses until the partition heals.
    PauseMinority,
    /// When the partition heals, the nodes outside the winning side restart.
    Autoheal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeState {
    Up,
    /// A controlled shutdown (`rabbitmqctl stop_app`).
    Stopped,
    /// The process died.
    Crashed,
    /// Paused by `pause_minority` while on the minority side of a partition.
    Paused,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub id: NodeId,
    pub name: Rc<str>,
    pub state: NodeState,
    /// Which side of the current partition the node is on; every node is on side 0 when the
    /// network is whole.
    pub side: u32,
    /// Bumped on every start: mirrors and followers compare it to know a node came back.
    pub incarnation: u32,
}

/// How a cluster is built (also a scenario's `cluster` block, read by the scenario's record
/// reader: `sim/scenario/read_topology.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ClusterConfig {
    /// Node names, at least one and at most seven; the first is the default node.
    pub nodes: Vec<String>,
    pub profile: Profile,
    pub partition_handling: PartitionHandling,
    /// One-way latency between two nodes, in µs: a quorum commit and a mirrored confirm wait
    /// for a round trip. 0 = the replies are immediate.
    pub inter_node_latency_us: u64,
    /// Raft election timeout range, in ms, drawn per election from the run's PRNG.
    pub election_timeout_ms: (u64, u64),
}

pub(crate) fn default_election_timeout() -> (u64, u64) {
    (150, 300)
}

pub const MAX_NODES: usize = 7;

impl ClusterConfig {
    pub fn single() -> ClusterConfig {
        ClusterConfig::of(&["rabbit"])
    }
    pub fn of(names: &[&str]) -> ClusterConfig {
        ClusterConfig {
            nodes: names.iter().map(|n| n.to_string()).collect(),
            profile: Profile::V3,
            partition_handling: PartitionHandling::Ignore,
            inter_node_latency_us: 0,
            election_timeout_ms: default_election_timeout(),
        }
    }
    pub fn validate(&self) -> Result<(), String> {
        if self.nodes.is_empty() || self.nodes.len() > MAX_NODES {
            return Err(format!("nodes: a cluster has 1 to {MAX_NODES} nodes, not {}", self.nodes.len()));
        }
        for (i, name) in self.nodes.iter().enumerate() {
            if name.is_empty() {
                return Err(format!("nodes[{i}]: a node needs a name"));
            }
            if self.nodes[..i].contains(name) {
                return Err(format!("nodes[{i}]: '{name}' is listed twice"));
            }
        }
        let (low, high) = self.election_timeout_ms;
        if low == 0 || low > high {
            return Err(format!("election_timeout_ms: ({low}, {high}) is not a range of positive milliseconds"));
        }
        Ok(())
    }
}

/// The nodes and the network between them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    pub nodes: Vec<Node>,
    pub profile: Profile,
    pub partition_handling: PartitionHandling,
    pub inter_node_latency_us: u64,
    pub election_timeout_ms: (u64, u64),
    pub policies: Vec<policy::Policy>,
    /// True while the network is split (every node is not on side 0).
    pub partitioned: bool,
}

impl Cluster {
    pub fn new(config: &ClusterConfig) -> Cluster {
        Cluster {
            nodes: config
                .nodes
                .iter()
                .enumerate()
                .map(|(i, name)| Node { id: NodeId(i as u32), name: name.as_str().into(), state: NodeState::Up, side: 0, incarnation: 0 })
                .collect(),
            profile: config.profile,
            partition_handling: config.partition_handling,
            inter_node_latency_us: config.inter_node_latency_us,
            election_timeout_ms: config.election_timeout_ms,
            policies: Vec::new(),
            partitioned: false,
        }
    }
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }
    pub fn node_named(&self, name: &str) -> Option<NodeId> {
        self.nodes.iter().find(|n| &*n.name == name).map(|n| n.id)
    }
    pub fn is_up(&self, id: NodeId) -> bool {
        self.node(id).is_some_and(|n| n.state == NodeState::Up)
    }
    /// Both nodes run and the network joins them.
    pub fn reachable(&self, a: NodeId, b: NodeId) -> bool {
        match (self.node(a), self.node(b)) {
            (Some(x), Some(y)) => x.state == NodeState::Up && y.state == NodeState::Up && x.side == y.side,
            _ => false,
        }
    }
    /// The name RabbitMQ prints for a node (`rabbit@localhost` style).
    pub fn display_name(&self, id: NodeId) -> String {
        let name = self.node(id).map_or("?", |n| &n.name);
        if name.contains('@') {
            name.to_string()
        } else {
            format!("{name}@localhost")
        }
    }
}
