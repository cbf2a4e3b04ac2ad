//! The fault menu as data: which faults can be injected on what. A new fault kind is one more
//! row here and one text in `i18n.rs`.

use super::entity::Kind;
use crate::sim::scenario::Fault;
use crate::ui::i18n::Key;

/// What a fault acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The selected entity of this kind.
    Entity(Kind),
    /// One broker node.
    Node,
    /// The nodes ticked in the cluster panel (a partition cuts them off from the rest).
    Nodes,
    /// The broker or the network as a whole.
    Broker,
}

/// One entry of the fault menu.
#[derive(Clone, Copy, Debug)]
pub struct FaultAction {
    /// A stable id, for the DOM (`data-fault-action`) and the tests: the fault's `kind`.
    pub id: &'static str,
    pub label: Key,
    pub target: Target,
    make: fn(&[String]) -> Fault,
}

impl FaultAction {
    /// The fault on the named targets (the first one for an entity or a node; ignored for
    /// broker-wide faults).
    pub fn fault(&self, names: &[String]) -> Fault {
        (self.make)(names)
    }
}

fn first(names: &[String]) -> String {
    names.first().cloned().unwrap_or_default()
}

pub const FAULT_ACTIONS: &[FaultAction] = &[
    FaultAction { id: "crash_consumer", label: Key::CrashConsumer, target: Target::Entity(Kind::Consumer), make: |n| Fault::CrashConsumer { consumer: first(n) } },
    FaultAction { id: "lose_next_ack", label: Key::LoseNextAck, target: Target::Entity(Kind::Consumer), make: |n| Fault::LoseNextAck { consumer: first(n) } },
    FaultAction { id: "lose_next_confirm", label: Key::LoseNextConfirm, target: Target::Entity(Kind::Producer), make: |n| Fault::LoseNextConfirm { producer: first(n) } },
    FaultAction { id: "restart_broker", label: Key::RestartBroker, target: Target::Broker, make: |_| Fault::RestartBroker },
    FaultAction { id: "kill_node", label: Key::CrashNode, target: Target::Node, make: |n| Fault::KillNode { node: first(n) } },
    FaultAction { id: "stop_node", label: Key::StopNodeShort, target: Target::Node, make: |n| Fault::StopNode { node: first(n) } },
    FaultAction { id: "start_node", label: Key::StartNode, target: Target::Node, make: |n| Fault::StartNode { node: first(n) } },
    FaultAction { id: "partition", label: Key::PartitionNodes, target: Target::Nodes, make: |n| Fault::Partition { sides: vec![n.to_vec()] } },
    FaultAction { id: "heal", label: Key::Heal, target: Target::Nodes, make: |_| Fault::Heal },
];

/// The faults that act on an entity of `kind`.
pub fn for_kind(kind: Kind) -> impl Iterator<Item = &'static FaultAction> {
    FAULT_ACTIONS.iter().filter(move |a| a.target == Target::Entity(kind))
}

/// The faults on one node.
pub fn for_node() -> impl Iterator<Item = &'static FaultAction> {
    FAULT_ACTIONS.iter().filter(|a| a.target == Target::Node)
}

/// The faults on the ticked nodes (partition, heal).
pub fn for_nodes() -> impl Iterator<Item = &'static FaultAction> {
    FAULT_ACTIONS.iter().filter(|a| a.target == Target::Nodes)
}

/// The broker-wide faults.
pub fn broker_wide() -> impl Iterator<Item = &'static FaultAction> {
    FAULT_ACTIONS.iter().filter(|a| a.target == Target::Broker)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_makes_the_fault_its_id_names() {
        let names = vec!["x".to_string(), "y".to_string()];
        for a in FAULT_ACTIONS {
            let json = serde_json::to_value(a.fault(&names)).unwrap();
            assert_eq!(json["kind"], a.id, "{a:?}");
            if matches!(a.target, Target::Entity(_) | Target::Node) {
                assert!(json.as_object().unwrap().values().any(|v| v == "x"), "{a:?} names its target");
            }
        }
        let partition = FAULT_ACTIONS.iter().find(|a| a.id == "partition").unwrap().fault(&names);
        assert_eq!(partition, Fault::Partition { sides: vec![names.clone()] });
        assert_eq!(for_kind(Kind::Consumer).count(), 2);
        assert_eq!(broker_wide().count(), 1);
        assert_eq!(for_node().map(|a| a.id).collect::<Vec<_>>(), ["kill_node", "stop_node", "start_node"]);
        assert_eq!(for_nodes().count(), 2);
    }
}
