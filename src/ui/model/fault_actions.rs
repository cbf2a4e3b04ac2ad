//! The fault menu as data: which faults can be injected on which kind of entity. A new fault
//! kind (a node crash, a partition) is one more row here and one text in `i18n.rs`.

use super::entity::Kind;
use crate::sim::scenario::Fault;
use crate::ui::i18n::Key;

/// One entry of the fault menu.
#[derive(Clone, Copy, Debug)]
pub struct FaultAction {
    /// A stable id, for the DOM (`data-fault-action`) and the tests.
    pub id: &'static str,
    pub label: Key,
    /// The kind of entity it acts on; `None` for the broker as a whole.
    pub target: Option<Kind>,
    make: fn(&str) -> Fault,
}

impl FaultAction {
    /// The fault on the entity named `name` (ignored for broker-wide faults).
    pub fn fault(&self, name: &str) -> Fault {
        (self.make)(name)
    }
}

pub const FAULT_ACTIONS: &[FaultAction] = &[
    FaultAction { id: "crash_consumer", label: Key::CrashConsumer, target: Some(Kind::Consumer), make: |n| Fault::CrashConsumer { consumer: n.into() } },
    FaultAction { id: "lose_next_ack", label: Key::LoseNextAck, target: Some(Kind::Consumer), make: |n| Fault::LoseNextAck { consumer: n.into() } },
    FaultAction { id: "lose_next_confirm", label: Key::LoseNextConfirm, target: Some(Kind::Producer), make: |n| Fault::LoseNextConfirm { producer: n.into() } },
    FaultAction { id: "restart_broker", label: Key::RestartBroker, target: None, make: |_| Fault::RestartBroker },
];

/// The faults that act on an entity of `kind`.
pub fn for_kind(kind: Kind) -> impl Iterator<Item = &'static FaultAction> {
    FAULT_ACTIONS.iter().filter(move |a| a.target == Some(kind))
}

/// The broker-wide faults.
pub fn broker_wide() -> impl Iterator<Item = &'static FaultAction> {
    FAULT_ACTIONS.iter().filter(|a| a.target.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_makes_the_fault_its_id_names() {
        for a in FAULT_ACTIONS {
            let json = serde_json::to_value(a.fault("x")).unwrap();
            assert_eq!(json["kind"], a.id, "{a:?}");
            if let Some(kind) = a.target {
                assert!(json.as_object().unwrap().values().any(|v| v == "x"), "{a:?} names its {kind:?}");
            }
        }
        assert_eq!(for_kind(Kind::Consumer).count(), 2);
        assert_eq!(broker_wide().count(), 1);
    }
}
