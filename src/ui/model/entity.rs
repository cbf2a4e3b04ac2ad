//! What the editor can point at: a node of the topology (by kind and name), a binding (by index),
//! or the scenario itself.

use crate::sim::scenario::Scenario;

/// The four kinds of node drawn on the canvas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Producer,
    Exchange,
    Queue,
    Consumer,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Producer, Kind::Exchange, Kind::Queue, Kind::Consumer];

    /// The key of this kind's positions in `Scenario.layout`, and its CSS class.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Producer => "producers",
            Kind::Exchange => "exchanges",
            Kind::Queue => "queues",
            Kind::Consumer => "consumers",
        }
    }

    pub fn css(self) -> &'static str {
        match self {
            Kind::Producer => "producer",
            Kind::Exchange => "exchange",
            Kind::Queue => "queue",
            Kind::Consumer => "consumer",
        }
    }

    pub fn from_css(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.css() == s)
    }

    /// The names of this kind's entities, in scenario order.
    pub fn names(self, s: &Scenario) -> Vec<String> {
        match self {
            Kind::Producer => s.producers.iter().map(|p| p.name.clone()).collect(),
            Kind::Exchange => s.exchanges.iter().map(|x| x.name.clone()).collect(),
            Kind::Queue => s.queues.iter().map(|q| q.name.clone()).collect(),
            Kind::Consumer => s.consumers.iter().map(|c| c.name.clone()).collect(),
        }
    }
}

/// A node of the canvas: an entity kind and its name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeRef {
    pub kind: Kind,
    pub name: String,
}

impl NodeRef {
    pub fn new(kind: Kind, name: impl Into<String>) -> NodeRef {
        NodeRef { kind, name: name.into() }
    }
}

/// Anything that can be selected and edited.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Node(NodeRef),
    /// `Scenario.bindings[i]`.
    Binding(usize),
    /// The scenario's own fields (name, seed, duration, faults).
    Scenario,
    /// An external store drawn on the canvas.
    Store(super::stores::Store),
}

impl Item {
    pub fn node(kind: Kind, name: impl Into<String>) -> Item {
        Item::Node(NodeRef::new(kind, name))
    }

    pub fn as_node(&self) -> Option<&NodeRef> {
        match self {
            Item::Node(n) => Some(n),
            _ => None,
        }
    }

    /// Whether the item is still in the scenario (after an undo, a delete or a load).
    pub fn exists_in(&self, s: &Scenario) -> bool {
        match self {
            Item::Node(n) => n.kind.names(s).contains(&n.name),
            Item::Binding(i) => *i < s.bindings.len(),
            Item::Scenario => true,
            Item::Store(store) => super::stores::drawn(s).iter().any(|(drawn, _)| drawn == store),
        }
    }
}
