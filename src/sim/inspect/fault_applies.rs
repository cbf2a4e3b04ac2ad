//! Whether a fault can act now: the one rule behind every fault button of playback (the fault
//! menu, the cluster panel). A fault that would do nothing (lose the confirm of a producer that
//! asks for none, start a running node, heal a whole network) is refused here with a reason, so
//! its button is disabled and says why instead of silently doing nothing.
//!
//! The node rules are the broker's own preconditions (`core/cluster`: stop and kill need a
//! running node, start one that is not, heal a partition, a partition two sides), read off its
//! state; the client rules read the scenario's client settings.

use super::*;
use crate::core::cluster::NodeState;
use crate::lang::Lang;
use crate::sim::scenario::{FaultKind, PublishMode};

/// Why a fault cannot act now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotApplicable {
    /// A lost confirm needs a producer in confirm mode.
    NoConfirms,
    /// A lost ack needs a consumer that acks (not auto-ack).
    AutoAck,
    /// Start needs a node that is down.
    NodeRunning,
    /// Crash and stop need a running node.
    NodeDown,
    /// Heal needs a partition.
    NoPartition,
    /// A partition needs some nodes ticked …
    NoNodesChosen,
    /// … and some left on the other side.
    AllNodesChosen,
    /// The target is not in the scenario (or none is selected).
    NoTarget,
}

impl NotApplicable {
    /// The reason, for a button's title and its screen-reader text.
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            NotApplicable::NoConfirms => {
                lang.pick("this producer publishes without confirms: there is no confirm to lose", "该生产者未开启发布确认：没有可丢失的确认")
            }
            NotApplicable::AutoAck => lang.pick("this consumer uses auto-ack: it sends no ack to lose", "该消费者为自动确认（auto-ack）：没有可丢失的 ack"),
            NotApplicable::NodeRunning => lang.pick("the node is already running", "该节点已在运行"),
            NotApplicable::NodeDown => lang.pick("the node is not running", "该节点未在运行"),
            NotApplicable::NoPartition => lang.pick("the network is not partitioned: nothing to heal", "网络没有分区：无需恢复"),
            NotApplicable::NoNodesChosen => lang.pick("tick the nodes to cut off first", "请先勾选要隔离的节点"),
            NotApplicable::AllNodesChosen => {
                lang.pick("leave at least one node on the other side", "至少留一个节点在另一侧")
            }
            NotApplicable::NoTarget => lang.pick("no such client or node in the scenario", "场景中没有该客户端或节点"),
        }
    }
}

/// Whether a fault of `kind` aimed at `targets` (a client or a node; the ticked nodes of a
/// partition; none for a broker-wide fault) can act on the world as it is now.
pub fn fault_applies(world: &World, kind: FaultKind, targets: &[String]) -> Result<(), NotApplicable> {
    let first = targets.first().map(String::as_str).unwrap_or_default();
    let cluster = world.broker.cluster_state();
    let node_state = || cluster.nodes.iter().find(|n| &*n.name == first).map(|n| n.state).ok_or(NotApplicable::NoTarget);
    let s = &world.scenario;
    match kind {
        FaultKind::LoseNextConfirm => {
            let p = s.producers.iter().find(|p| p.name == first).ok_or(NotApplicable::NoTarget)?;
            if p.mode != PublishMode::Confirm {
                return Err(NotApplicable::NoConfirms);
            }
        }
        FaultKind::LoseNextAck => {
            let c = s.consumers.iter().find(|c| c.name == first).ok_or(NotApplicable::NoTarget)?;
            if c.auto_ack {
                return Err(NotApplicable::AutoAck);
            }
        }
        FaultKind::CrashConsumer => {
            s.consumers.iter().find(|c| c.name == first).ok_or(NotApplicable::NoTarget)?;
        }
        FaultKind::CrashProducer => {
            s.producers.iter().find(|p| p.name == first).ok_or(NotApplicable::NoTarget)?;
        }
        FaultKind::KillConnection | FaultKind::DropMessage | FaultKind::DelayMessage => {
            if !s.producers.iter().any(|p| p.name == first) && !s.consumers.iter().any(|c| c.name == first) {
                return Err(NotApplicable::NoTarget);
            }
        }
        FaultKind::KillNode | FaultKind::StopNode => {
            if node_state()? != NodeState::Up {
                return Err(NotApplicable::NodeDown);
            }
        }
        FaultKind::StartNode => {
            if node_state()? == NodeState::Up {
                return Err(NotApplicable::NodeRunning);
            }
        }
        FaultKind::Partition => {
            if targets.is_empty() {
                return Err(NotApplicable::NoNodesChosen);
            }
            if cluster.nodes.iter().all(|n| targets.iter().any(|t| *t == *n.name)) {
                return Err(NotApplicable::AllNodesChosen);
            }
        }
        FaultKind::Heal => {
            if !cluster.partitioned {
                return Err(NotApplicable::NoPartition);
            }
        }
        FaultKind::RestartBroker => {}
    }
    Ok(())
}
