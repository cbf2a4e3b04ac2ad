//! What happened to one message: its copies, deliveries and dead-letterings, and with
//! [`full_lifecycle`] what its clients did (publish, resend, transaction, the consumer's
//! pipeline, ack, crash and restart), in the order it happened, ending in the fate of each of
//! its copies (one per queue it was routed to).

use std::collections::BTreeSet;
use std::rc::Rc;

use crate::ordered::push_new;

use super::*;
use crate::core::message::Death;
use crate::core::{CopyId, DeathReason, DropReason, Event, Message, MsgId, QueueId, Stamped, Time};
use crate::lang::Lang;
use crate::sim::client_event::{ClientEvent, ClientStep};
use crate::sim::fate::CopyFate;

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
    /// A client's step (`who`: the producer's or consumer's name).
    Client { who: Rc<str>, step: ClientStep },
}

impl Step {
    /// A client's step in words (a broker step is worded by the UI's `Lang::step`).
    pub fn client_text(&self, lang: Lang) -> Option<String> {
        match self {
            Step::Client { who, step } => Some(step.describe(lang, who)),
            _ => None,
        }
    }
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
    /// What finally happened to each of its copies (one, on the publisher's side, when it
    /// reached no queue), as of the time of the log (set by [`full_lifecycle`]).
    pub fates: Vec<CopyFate>,
}

impl Lifecycle {
    pub fn deaths(&self) -> &[Death] {
        self.last.as_ref().map_or(&[], |m| m.deaths())
    }

    /// The sentences the lifecycle ends with: the fate's sentence of a message with one copy;
    /// one per copy, each after its queue, when it has several (`sim::fate::copy_sentence`).
    pub fn fate_sentences(&self, lang: Lang) -> Vec<String> {
        match &self.fates[..] {
            [one] => vec![one.fate.sentence(lang)],
            many => many.iter().map(|c| crate::sim::fate::copy_sentence(c, lang)).collect(),
        }
    }
}

/// The lifecycle of message `body` in `log` (the broker's steps only).
pub fn lifecycle(scenario: &Scenario, log: &[Stamped], body: &str) -> Lifecycle {
    broker_lifecycle(scenario, log, body).0
}

/// The broker's steps of message `body`, and the index in `log` of each.
fn broker_lifecycle(scenario: &Scenario, log: &[Stamped], body: &str) -> (Lifecycle, Vec<u64>) {
    let mut at_index = Vec::new();
    let queues = queue_names(log);
    let name = |q: &QueueId| queues.get(q).cloned().unwrap_or_else(|| Rc::from("?"));
    // One message's ids, copies and unconfirmed publishes: a few each, so lists searched in
    // order (no B-tree types of their own in the page's wasm).
    let mut msgs: Vec<MsgId> = Vec::new();
    let mut copies: Vec<(CopyId, Option<Rc<str>>)> = Vec::new(); // copy -> consumer holding it
    let mut pending: Vec<(crate::core::ChannelId, u64)> = Vec::new();
    let held = |copies: &[(CopyId, Option<Rc<str>>)], copy: &CopyId| copies.iter().any(|c| c.0 == *copy);
    let mut out = Lifecycle { body: body.into(), steps: Vec::new(), last: None, fates: Vec::new() };
    for (index, e) in log.iter().enumerate() {
        let step = match &e.event {
            Event::Published { channel, msg, seq, .. } if &*msg.body == body => {
                push_new(&mut msgs, msg.id);
                out.last = Some(msg.clone());
                if let Some(seq) = seq {
                    push_new(&mut pending, (*channel, *seq));
                }
                let producer = producer_of(scenario, body).map(Rc::from);
                Step::Published { producer, exchange: msg.exchange.clone(), key: msg.routing_key.clone() }
            }
            Event::Unroutable { msg, returned } if msgs.contains(msg) => Step::Unroutable { returned: *returned },
            Event::Enqueued { queue, copy, msg } if msgs.contains(msg) => {
                match copies.iter_mut().find(|c| c.0 == *copy) {
                    Some(c) => c.1 = None,
                    None => copies.push((*copy, None)),
                }
                Step::Enqueued { queue: name(queue) }
            }
            Event::Refused { queue, msg } if msgs.contains(msg) => Step::Refused { queue: name(queue) },
            Event::Delivered { queue, copy, consumer, redelivered, auto_ack, msg, .. } if held(&copies, copy) => {
                out.last = Some(msg.clone());
                if let Some(c) = copies.iter_mut().find(|c| c.0 == *copy) {
                    c.1 = consumer.clone();
                }
                Step::Delivered { queue: name(queue), consumer: consumer.clone(), redelivered: *redelivered, auto_ack: *auto_ack }
            }
            Event::Acked { queue, copy, .. } if held(&copies, copy) => {
                let consumer = copies.iter().find(|c| c.0 == *copy).and_then(|c| c.1.clone());
                Step::Acked { queue: name(queue), consumer }
            }
            Event::Requeued { queue, copy } if held(&copies, copy) => Step::Requeued { queue: name(queue) },
            Event::DeadLettered { queue, copy, reason, exchange, msg } if held(&copies, copy) => {
                push_new(&mut msgs, msg.id);
                out.last = Some(msg.clone());
                Step::DeadLettered { queue: name(queue), reason: *reason, exchange: exchange.clone(), key: msg.routing_key.clone() }
            }
            Event::Dropped { queue, copy, reason } if held(&copies, copy) => Step::Dropped { queue: name(queue), reason: *reason },
            Event::Confirmed { channel, seq, ack } if pending.contains(&(*channel, *seq)) => {
                pending.retain(|p| *p != (*channel, *seq));
                Step::Confirmed { ack: *ack }
            }
            _ => continue,
        };
        out.steps.push(Timed { at: e.at, step });
        at_index.push(index as u64);
    }
    (out, at_index)
}

/// The lifecycle of message `body` with its clients' steps merged in (each at its place among
/// the broker's events), ending in its fate as the world decides it now. `log` and `clients`
/// must be the whole run so far from its start (a timeline's `log()` and `client_log()`).
pub fn full_lifecycle(world: &World, log: &[Stamped], clients: &[ClientEvent], body: &str) -> Lifecycle {
    let scenario = &world.scenario;
    // Each broker step with its place in the log, to put the client steps among them.
    let (mut life, broker_steps) = broker_lifecycle(scenario, log, body);
    let name = |step: &ClientStep| -> Rc<str> {
        let n = match (step.producer(), step.consumer()) {
            (Some(p), _) => scenario.producers.get(p as usize).map(|p| p.name.as_str()),
            (_, Some(c)) => scenario.consumers.get(c as usize).map(|c| c.name.as_str()),
            _ => None,
        };
        Rc::from(n.unwrap_or("?"))
    };
    // The consumers crashed holding it, until they restart (a few: a list, not a set type of
    // its own in the page's wasm).
    let mut crashed: Vec<u32> = Vec::new();
    let mut mine: Vec<(u64, Timed)> = Vec::new();
    for c in clients {
        let about_it = match (&c.body, &c.step) {
            (Some(b), ClientStep::Crashed { consumer }) if &**b == body => {
                push_new(&mut crashed, *consumer);
                true
            }
            (Some(b), _) => &**b == body,
            (None, ClientStep::Restarted { consumer }) => match crashed.iter().position(|c| c == consumer) {
                Some(i) => {
                    crashed.swap_remove(i);
                    true
                }
                None => false,
            },
            (None, _) => false,
        };
        if about_it {
            mine.push((c.after, Timed { at: c.at, step: Step::Client { who: name(&c.step), step: c.step.clone() } }));
        }
    }
    let broker = std::mem::take(&mut life.steps);
    let mut clients = mine.into_iter().peekable();
    for (step, index) in broker.into_iter().zip(broker_steps) {
        while let Some((_, c)) = clients.next_if(|(after, c)| *after <= index && c.at <= step.at) {
            life.steps.push(c);
        }
        life.steps.push(step);
    }
    life.steps.extend(clients.map(|(_, c)| c));
    life.fates = world.fates_of(body).unwrap_or_default();
    life
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
