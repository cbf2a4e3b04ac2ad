//! Reading a run for the UI, from the world's public state and its events only: where messages
//! are and where they are going, what happened to one message, per-entity counts and time series.
//! No broker rule lives here: everything is read off the broker's state and the events it emitted.

mod cluster;
mod counts;
mod fault_applies;
mod lifecycle;
mod marks;
mod motion;
mod rows;
mod series;

pub use cluster::*;
pub use counts::*;
pub use fault_applies::*;
pub use lifecycle::*;
pub use marks::*;
pub use motion::*;
pub use rows::*;
pub use series::*;

use std::collections::BTreeMap;
use std::rc::Rc;

use super::scenario::Scenario;
use super::World;
use crate::core::{Event, QueueId, Stamped};

/// An entity of the scenario, by kind and name, as an end of the edge a message travels along
/// (the canvas draws one node for each). Not the ledger's `Place` of a message copy.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Endpoint {
    Producer(Rc<str>),
    Exchange(Rc<str>),
    Queue(Rc<str>),
    Consumer(Rc<str>),
}

/// Names of queues by id, from the log's declarations.
fn queue_names(log: &[Stamped]) -> BTreeMap<QueueId, Rc<str>> {
    crate::ordered::map_of(log.iter().filter_map(|e| match &e.event {
        Event::QueueCreated { queue, name } => Some((*queue, name.clone())),
        _ => None,
    }))
}

/// The producer that published message `body`: the world names a message `<producer>-<n>`.
pub fn producer_of<'a>(scenario: &'a Scenario, body: &str) -> Option<&'a str> {
    let (name, _) = crate::sim::message_id::parse(body)?;
    scenario.producers.iter().map(|p| p.name.as_str()).find(|p| *p == name)
}
