//! The event log, one row per event.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::*;
use crate::core::{CopyId, Event, MsgId, QueueId, Stamped, Time};

/// One line of the event log: what kind of event, where, who, which message.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub index: usize,
    pub at: Time,
    /// A stable id of the kind (`published`, `delivered`, …), for filters and translations.
    pub kind: &'static str,
    pub queue: Option<Rc<str>>,
    /// The consumer, or the exchange a message went to.
    pub who: Option<Rc<str>>,
    pub body: Option<Rc<str>>,
    pub detail: Option<&'static str>,
}

/// Every kind a row can have, in the order the filter lists them.
pub const ROW_KINDS: &[&str] = &[
    "published", "routed", "unroutable", "enqueued", "delivered", "acked", "requeued", "dead_lettered", "dropped",
    "confirmed", "consumer", "channel", "broker",
];

/// The rows of the last `window` events of `log` (messages are named from within the window).
pub fn rows(log: &[Stamped], window: usize) -> Vec<Row> {
    let start = log.len().saturating_sub(window);
    let queues = queue_names(log);
    let name = |q: &QueueId| queues.get(q).cloned();
    let mut bodies: BTreeMap<MsgId, Rc<str>> = BTreeMap::new();
    let mut copies: BTreeMap<CopyId, Rc<str>> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, e) in log.iter().enumerate().skip(start) {
        let row = |kind, queue, who, body, detail| Row { index: i, at: e.at, kind, queue, who, body, detail };
        out.push(match &e.event {
            Event::Published { msg, .. } => {
                bodies.insert(msg.id, msg.body.clone());
                row("published", None, Some(msg.exchange.clone()), Some(msg.body.clone()), None)
            }
            Event::Routed { msg, queues } => row("routed", None, None, bodies.get(msg).cloned(), queues.is_empty().then_some("no queue")),
            Event::Unroutable { msg, returned } => row("unroutable", None, None, bodies.get(msg).cloned(), returned.then_some("returned")),
            Event::Enqueued { queue, copy, msg } => {
                let body = bodies.get(msg).cloned();
                if let Some(b) = &body {
                    copies.insert(*copy, b.clone());
                }
                row("enqueued", name(queue), None, body, None)
            }
            Event::Delivered { queue, copy, consumer, redelivered, msg, .. } => {
                copies.insert(*copy, msg.body.clone());
                row("delivered", name(queue), consumer.clone(), Some(msg.body.clone()), redelivered.then_some("redelivered"))
            }
            Event::Acked { queue, copy, .. } => row("acked", name(queue), None, copies.get(copy).cloned(), None),
            Event::Requeued { queue, copy } => row("requeued", name(queue), None, copies.get(copy).cloned(), None),
            Event::DeadLettered { queue, copy, reason, exchange, msg } => {
                bodies.insert(msg.id, msg.body.clone());
                row("dead_lettered", name(queue), Some(exchange.clone()), copies.get(copy).cloned().or(Some(msg.body.clone())), Some(reason.as_str()))
            }
            Event::Dropped { queue, copy, reason } => row("dropped", name(queue), None, copies.get(copy).cloned(), Some(reason.as_str())),
            Event::Confirmed { ack, .. } => row("confirmed", None, None, None, Some(if *ack { "ack" } else { "nack" })),
            Event::ConsumerStarted { queue, tag, .. } => row("consumer", name(queue), Some(tag.clone()), None, Some("started")),
            Event::ConsumerCancelled { queue, tag, .. } => row("consumer", name(queue), Some(tag.clone()), None, Some("cancelled")),
            Event::ChannelOpened { .. } => row("channel", None, None, None, Some("opened")),
            Event::ChannelClosed { .. } => row("channel", None, None, None, Some("closed")),
            Event::BrokerRestarted => row("broker", None, None, None, Some("restarted")),
            _ => continue,
        });
    }
    out
}
