//! Where messages are and where they are going: glyphs in flight along edges, and at rest.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::ordered::{get_sorted, insert_sorted, put_sorted};

use super::*;
use crate::core::{CopyId, DeathReason, DropReason, Event, Message, MsgId, QueueId, Stamped, Time};

/// How a message glyph is drawn: the state it is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Look {
    InFlight,
    Confirmed,
    Delivered,
    Redelivered,
    DeadLettered,
    /// Waiting in a queue for a TTL to run out.
    Delayed,
    Expired,
    Lost,
}

/// A message moving along an edge: `progress` runs from 0 (at `from`) to 1 (at `to`). When
/// `from` and `to` are the same place, the message is leaving the system there (dropped).
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub body: Rc<str>,
    pub from: Endpoint,
    pub to: Endpoint,
    pub progress: f64,
    pub look: Look,
}

/// A message resting somewhere: ready in a queue or held (unacked) by a consumer.
#[derive(Clone, Debug, PartialEq)]
pub struct Resting {
    pub body: Rc<str>,
    pub at: Endpoint,
    pub look: Look,
}

/// How far back (in events) `flights` looks for the message of a dropped copy.
const LOOK_BACK: usize = 5_000;

/// Messages on the move at `now`: every publish, enqueue, delivery and dead-lettering of the
/// last `2 * leg` of virtual time is drawn travelling along its edge for `leg` (a routed copy
/// takes its second leg, exchange to queue, after the first).
pub fn flights(world: &World, log: &[Stamped], leg: Time, limit: usize) -> Vec<Flight> {
    let now = world.now();
    let since = Time(now.0.saturating_sub(2 * leg.0));
    let start = log.partition_point(|e| e.at <= since);
    let recent = &log[start..];
    // The window's messages by id: a list kept sorted (publishes come in id order, so nearly
    // every insert is a push) instead of a B-tree of this type of its own in the page's wasm.
    let mut messages: Vec<(MsgId, Rc<Message>)> = Vec::new();
    let remember = |messages: &mut Vec<(MsgId, Rc<Message>)>, msg: &Rc<Message>| {
        put_sorted(messages, msg.id, msg.clone());
    };
    let queue = |id: QueueId| world.broker.queue(id).map(|q| q.name.clone());
    // Publishes the broker has confirmed by now travel as confirmed.
    // (Sorted lists searched by halves, like `messages`: no B-tree set types in the page's wasm.)
    let mut confirmed: Vec<(crate::core::ChannelId, u64)> = Vec::new();
    for e in recent {
        if let Event::Confirmed { channel, seq, ack: true } = &e.event {
            insert_sorted(&mut confirmed, (*channel, *seq));
        }
    }
    let mut confirmed_msgs: Vec<MsgId> = Vec::new();
    let mut copies: BTreeMap<CopyId, Rc<str>> = BTreeMap::new();
    let mut out = Vec::new();
    for e in recent {
        let (hop, flight) = match &e.event {
            Event::Published { msg, channel, seq, .. } => {
                remember(&mut messages, msg);
                let look = if seq.is_some_and(|s| confirmed.binary_search(&(*channel, s)).is_ok()) {
                    insert_sorted(&mut confirmed_msgs, msg.id);
                    Look::Confirmed
                } else {
                    Look::InFlight
                };
                let Some(producer) = producer_of(&world.scenario, &msg.body) else { continue };
                if msg.exchange.is_empty() {
                    continue; // the default exchange: the enqueue leg goes straight from the producer
                }
                let to = Endpoint::Exchange(msg.exchange.clone());
                (0, Flight { body: msg.body.clone(), from: Endpoint::Producer(producer.into()), to, progress: 0.0, look })
            }
            Event::Dropped { queue: q, copy, reason } => {
                // The copy was usually enqueued long before: look back (a bounded way) for it.
                let body = copies.get(copy).cloned().or_else(|| {
                    log[start.saturating_sub(LOOK_BACK)..start].iter().rev().find_map(|e| match &e.event {
                        Event::Delivered { copy: c, msg, .. } if c == copy => Some(msg.body.clone()),
                        Event::Enqueued { copy: c, msg, .. } if c == copy => {
                            log[..start].iter().rev().take(LOOK_BACK).find_map(|e| match &e.event {
                                Event::Published { msg: m, .. } | Event::DeadLettered { msg: m, .. } if m.id == *msg => Some(m.body.clone()),
                                _ => None,
                            })
                        }
                        _ => None,
                    })
                });
                let (Some(name), Some(body)) = (queue(*q), body) else { continue };
                let look = if *reason == DropReason::Expired { Look::Expired } else { Look::Lost };
                // Drawn falling out of the queue: `from` and `to` are the same place.
                (0, Flight { body, from: Endpoint::Queue(name.clone()), to: Endpoint::Queue(name), progress: 0.0, look })
            }
            Event::Enqueued { queue: q, msg, copy } => {
                let found = get_sorted(&messages, msg);
                let (Some(m), Some(name)) = (found, queue(*q)) else { continue };
                copies.insert(*copy, m.body.clone());
                let dead = !m.deaths().is_empty();
                let (hop, from) = match producer_of(&world.scenario, &m.body) {
                    Some(p) if m.exchange.is_empty() && !dead => (0, Endpoint::Producer(p.into())),
                    _ => (1, Endpoint::Exchange(m.exchange.clone())),
                };
                let look = if dead {
                    Look::DeadLettered
                } else if confirmed_msgs.binary_search(msg).is_ok() {
                    Look::Confirmed
                } else if m.expiration().is_some() || world.broker.queue(*q).is_some_and(|q| q.config.message_ttl.is_some()) {
                    Look::Delayed
                } else {
                    Look::InFlight
                };
                (hop, Flight { body: m.body.clone(), from, to: Endpoint::Queue(name), progress: 0.0, look })
            }
            Event::Delivered { queue: q, consumer: Some(consumer), redelivered, msg, copy, .. } => {
                copies.insert(*copy, msg.body.clone());
                let Some(name) = queue(*q) else { continue };
                let look = if *redelivered { Look::Redelivered } else { Look::Delivered };
                (0, Flight { body: msg.body.clone(), from: Endpoint::Queue(name), to: Endpoint::Consumer(consumer.clone()), progress: 0.0, look })
            }
            Event::DeadLettered { queue: q, reason, exchange, msg, .. } => {
                remember(&mut messages, msg);
                let Some(name) = queue(*q) else { continue };
                let look = if *reason == DeathReason::Expired { Look::Expired } else { Look::DeadLettered };
                (0, Flight { body: msg.body.clone(), from: Endpoint::Queue(name), to: Endpoint::Exchange(exchange.clone()), progress: 0.0, look })
            }
            _ => continue,
        };
        let begin = e.at.0 + hop * leg.0;
        if now.0 < begin || now.0 >= begin + leg.0 {
            continue;
        }
        out.push(Flight { progress: (now.0 - begin) as f64 / leg.0 as f64, ..flight });
        if out.len() >= limit {
            break;
        }
    }
    out
}

/// Messages waiting in queues (ready) and held by consumers (unacked), at most `per_place` each.
pub fn resting(world: &World, per_place: usize) -> Vec<Resting> {
    let mut out = Vec::new();
    for q in world.broker.queues() {
        for m in q.ready.iter().take(per_place) {
            let look = if m.expires_at != Time::NEVER {
                Look::Delayed
            } else if m.redelivered {
                Look::Redelivered
            } else if !m.msg.deaths().is_empty() {
                Look::DeadLettered
            } else {
                Look::InFlight
            };
            out.push(Resting { body: m.msg.body.clone(), at: Endpoint::Queue(q.name.clone()), look });
        }
    }
    let mut held: BTreeMap<Rc<str>, usize> = BTreeMap::new();
    for c in world.broker.channels() {
        for d in &c.unacked {
            let Some(consumer) = &d.consumer else { continue };
            let n = held.entry(consumer.clone()).or_insert(0);
            *n += 1;
            if *n <= per_place {
                let look = if d.queued.redelivered { Look::Redelivered } else { Look::Delivered };
                out.push(Resting { body: d.queued.msg.body.clone(), at: Endpoint::Consumer(consumer.clone()), look });
            }
        }
    }
    out
}
