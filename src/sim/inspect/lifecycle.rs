//! What happened to one message: its copies, deliveries and dead-letterings.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::*;
use crate::core::message::Death;
use crate::core::{CopyId, DeathReason, DropReason, Event, Message, MsgId, QueueId, Stamped, Time};

/// One thing that happened to a message (to any of its copies and dead-lettered descendants).
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Published { producer: Option<Rc<str>>, exchange: Rc<str>, key: Rc<str> },
    Unroutable { returned: bool },
    Enqueued { queue: Rc<str> },
    Refused { queue: Rc<str> },
    Delivered { queue: Rc<str>, consumer: Option<Rc<str>>, redelivered: bool, auto_ack: bool },
    Acked { queue: Rc<str>, consumer: Option<Rc<str>> },
    Requeued { queue: Rc<str> },
    DeadLettered { queue: Rc<str>, reason: DeathReason, exchange: Rc<str>, key: Rc<str> },
    Dropped { queue: Rc<str>, reason: DropReason },
    Confirmed { ack: bool },
}

/// A step at a virtual time.
#[derive(Clone, Debug, PartialEq)]
pub struct Timed {
    pub at: Time,
    pub step: Step,
}

/// Everything known about one message (by its message id, the body the world gives it).
#[derive(Clone, Debug, PartialEq)]
pub struct Lifecycle {
    pub body: Rc<str>,
    pub steps: Vec<Timed>,
    /// The message as last seen (its properties, headers and `x-death`).
    pub last: Option<Rc<Message>>,
}

impl Lifecycle {
    pub fn deaths(&self) -> &[Death] {
        self.last.as_ref().map_or(&[], |m| m.deaths())
    }
}

/// The lifecycle of message `body` in `log`.
pub fn lifecycle(scenario: &Scenario, log: &[Stamped], body: &str) -> Lifecycle {
    let queues = queue_names(log);
    let name = |q: &QueueId| queues.get(q).cloned().unwrap_or_else(|| Rc::from("?"));
    let mut msgs: BTreeSet<MsgId> = BTreeSet::new();
    let mut copies: BTreeMap<CopyId, Option<Rc<str>>> = BTreeMap::new(); // copy -> consumer holding it
    let mut pending: BTreeSet<(crate::core::ChannelId, u64)> = BTreeSet::new();
    let mut out = Lifecycle { body: body.into(), steps: Vec::new(), last: None };
    for e in log {
        let step = match &e.event {
            Event::Published { channel, msg, seq, .. } if &*msg.body == body => {
                msgs.insert(msg.id);
                out.last = Some(msg.clone());
                if let Some(seq) = seq {
                    pending.insert((*channel, *seq));
                }
                let producer = producer_of(scenario, body).map(Rc::from);
                Step::Published { producer, exchange: msg.exchange.clone(), key: msg.routing_key.clone() }
            }
            Event::Unroutable { msg, returned } if msgs.contains(msg) => Step::Unroutable { returned: *returned },
            Event::Enqueued { queue, copy, msg } if msgs.contains(msg) => {
                copies.insert(*copy, None);
                Step::Enqueued { queue: name(queue) }
            }
            Event::Refused { queue, msg } if msgs.contains(msg) => Step::Refused { queue: name(queue) },
            Event::Delivered { queue, copy, consumer, redelivered, auto_ack, msg, .. } if copies.contains_key(copy) => {
                out.last = Some(msg.clone());
                copies.insert(*copy, consumer.clone());
                Step::Delivered { queue: name(queue), consumer: consumer.clone(), redelivered: *redelivered, auto_ack: *auto_ack }
            }
            Event::Acked { queue, copy, .. } if copies.contains_key(copy) => {
                Step::Acked { queue: name(queue), consumer: copies[copy].clone() }
            }
            Event::Requeued { queue, copy } if copies.contains_key(copy) => Step::Requeued { queue: name(queue) },
            Event::DeadLettered { queue, copy, reason, exchange, msg } if copies.contains_key(copy) => {
                msgs.insert(msg.id);
                out.last = Some(msg.clone());
                Step::DeadLettered { queue: name(queue), reason: *reason, exchange: exchange.clone(), key: msg.routing_key.clone() }
            }
            Event::Dropped { queue, copy, reason } if copies.contains_key(copy) => Step::Dropped { queue: name(queue), reason: *reason },
            Event::Confirmed { channel, seq, ack } if pending.remove(&(*channel, *seq)) => Step::Confirmed { ack: *ack },
            _ => continue,
        };
        out.steps.push(Timed { at: e.at, step });
    }
    out
}

/// Every message id seen in `log`, in order of first publish.
pub fn message_ids(log: &[Stamped]) -> Vec<Rc<str>> {
    let mut seen = BTreeSet::new();
    log.iter()
        .filter_map(|e| match &e.event {
            Event::Published { msg, .. } if seen.insert(msg.body.clone()) => Some(msg.body.clone()),
            _ => None,
        })
        .collect()
}
