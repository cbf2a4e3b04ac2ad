//! The fault vocabulary in the UI: each kind's words, and the fault menu of playback (which
//! faults can be injected on what), read off `FaultKind` (its kinds marked `live`, grouped by
//! what they aim at). A new kind needs its row in `FaultKind` and its labels here.

use super::entity::Kind;
use crate::sim::scenario::{Fault, FaultKind, FaultTarget};
use crate::ui::i18n::Key;

/// What a fault acts on in the menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The selected entity of this kind.
    Entity(Kind),
    /// The selected producer or consumer.
    Client,
    /// One broker node.
    Node,
    /// The nodes ticked in the cluster panel (a partition cuts them off from the rest; heal).
    Nodes,
    /// The broker or the network as a whole.
    Broker,
}

/// One entry of the fault menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaultAction {
    pub kind: FaultKind,
    /// A stable id, for the DOM (`data-fault-action`) and the tests: the kind's name.
    pub id: &'static str,
    pub label: Key,
    pub target: Target,
}

impl FaultAction {
    fn of(kind: FaultKind) -> FaultAction {
        let target = match kind.target() {
            FaultTarget::Consumer => Target::Entity(Kind::Consumer),
            FaultTarget::Producer => Target::Entity(Kind::Producer),
            FaultTarget::Client => Target::Client,
            FaultTarget::Node => Target::Node,
            FaultTarget::Nodes => Target::Nodes,
            // A cluster-wide fault with no target (heal) sits with the ticked nodes.
            FaultTarget::None if kind.needs_cluster() => Target::Nodes,
            FaultTarget::None => Target::Broker,
        };
        FaultAction { kind, id: kind.name(), label: menu_label(kind), target }
    }

    /// The fault on the named targets (the first one for an entity or a node; all of them as
    /// one side for a partition; ignored for broker-wide faults).
    pub fn fault(&self, names: &[String]) -> Fault {
        self.kind.make(names, 100)
    }
}

/// The menu's words for a kind (shorter than the schedule's where a node is named next to it).
fn menu_label(kind: FaultKind) -> Key {
    match kind {
        FaultKind::KillNode => Key::CrashNode,
        FaultKind::StopNode => Key::StopNodeShort,
        FaultKind::StartNode => Key::StartNode,
        FaultKind::Partition => Key::PartitionNodes,
        other => fault_kind_key(other),
    }
}

/// The label of a fault kind (the schedule's and chaos mode's).
pub fn fault_kind_key(kind: FaultKind) -> Key {
    match kind {
        FaultKind::CrashConsumer => Key::CrashConsumer,
        FaultKind::CrashProducer => Key::CrashProducer,
        FaultKind::LoseNextAck => Key::LoseNextAck,
        FaultKind::LoseNextConfirm => Key::LoseNextConfirm,
        FaultKind::KillConnection => Key::KillConnection,
        FaultKind::DropMessage => Key::DropMessage,
        FaultKind::DelayMessage => Key::DelayMessage,
        FaultKind::RestartBroker => Key::RestartBroker,
        FaultKind::KillNode => Key::KillNode,
        FaultKind::StopNode => Key::StopNode,
        FaultKind::StartNode => Key::StartANode,
        FaultKind::Partition => Key::Partition,
        FaultKind::Heal => Key::Heal,
    }
}

/// Every entry of the menu, in the vocabulary's order.
pub fn fault_actions() -> impl Iterator<Item = FaultAction> {
    FaultKind::ALL.into_iter().filter(|k| k.live()).map(FaultAction::of)
}

/// The faults that act on an entity of `kind`.
pub fn for_kind(kind: Kind) -> impl Iterator<Item = FaultAction> {
    let client = matches!(kind, Kind::Producer | Kind::Consumer);
    fault_actions().filter(move |a| a.target == Target::Entity(kind) || (client && a.target == Target::Client))
}

/// The faults on one node.
pub fn for_node() -> impl Iterator<Item = FaultAction> {
    fault_actions().filter(|a| a.target == Target::Node)
}

/// The faults on the ticked nodes (partition, heal).
pub fn for_nodes() -> impl Iterator<Item = FaultAction> {
    fault_actions().filter(|a| a.target == Target::Nodes)
}

/// The broker-wide faults.
pub fn broker_wide() -> impl Iterator<Item = FaultAction> {
    fault_actions().filter(|a| a.target == Target::Broker)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_makes_the_fault_its_id_names() {
        let names = vec!["x".to_string(), "y".to_string()];
        for a in fault_actions() {
            let json = serde_json::to_value(a.fault(&names)).unwrap();
            assert_eq!(json["kind"], a.id, "{a:?}");
            if matches!(a.target, Target::Entity(_) | Target::Node) {
                assert!(json.as_object().unwrap().values().any(|v| v == "x"), "{a:?} names its target");
            }
        }
        let partition = fault_actions().find(|a| a.id == "partition").unwrap().fault(&names);
        assert_eq!(partition, Fault::Partition { sides: vec![names.clone()] });
        assert_eq!(for_kind(Kind::Consumer).count(), 2);
        assert_eq!(broker_wide().count(), 1);
        assert_eq!(for_node().map(|a| a.id).collect::<Vec<_>>(), ["kill_node", "stop_node", "start_node"]);
        assert_eq!(for_nodes().count(), 2);
    }
}
