//! Reading a run for the UI, from the world's public state and its events only: where messages
//! are and where they are going, what happened to one message, per-entity counts and time series.
//! No broker rule lives here: everything is read off the broker's state and the events it emitted.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::scenario::Scenario;
use super::World;
use crate::core::message::Death;
use crate::core::{CopyId, DeathReason, DropReason, Event, Message, MsgId, QueueId, Stamped, Time};

/// An entity of the scenario, by kind and name (the canvas draws one node for each).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    Producer(Rc<str>),
    Exchange(Rc<str>),
    Queue(Rc<str>),
    Consumer(Rc<str>),
}

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

impl Look {
    pub fn css(self) -> &'static str {
        match self {
            Look::InFlight => "in-flight",
            Look::Confirmed => "confirmed",
            Look::Delivered => "delivered",
            Look::Redelivered => "redelivered",
            Look::DeadLettered => "dead-lettered",
            Look::Delayed => "delayed",
            Look::Expired => "expired",
            Look::Lost => "lost",
        }
    }
}

/// A message moving along an edge: `progress` runs from 0 (at `from`) to 1 (at `to`). When
/// `from` and `to` are the same place, the message is leaving the system there (dropped).
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub body: Rc<str>,
    pub from: Place,
    pub to: Place,
    pub progress: f64,
    pub look: Look,
}

/// A message resting somewhere: ready in a queue or held (unacked) by a consumer.
#[derive(Clone, Debug, PartialEq)]
pub struct Resting {
    pub body: Rc<str>,
    pub at: Place,
    pub look: Look,
}

/// Names of queues by id, from the log's declarations.
fn queue_names(log: &[Stamped]) -> BTreeMap<QueueId, Rc<str>> {
    log.iter()
        .filter_map(|e| match &e.event {
            Event::QueueCreated { queue, name } => Some((*queue, name.clone())),
            _ => None,
        })
        .collect()
}

/// The producer that published message `body`: the world names a message `<producer>-<n>`.
pub fn producer_of<'a>(scenario: &'a Scenario, body: &str) -> Option<&'a str> {
    scenario.producers.iter().map(|p| p.name.as_str()).find(|name| {
        body.strip_prefix(name).and_then(|rest| rest.strip_prefix('-')).is_some_and(|n| n.parse::<u64>().is_ok())
    })
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
    let mut messages: BTreeMap<MsgId, Rc<Message>> = BTreeMap::new();
    let queue = |id: QueueId| world.broker.queue(id).map(|q| q.name.clone());
    // Publishes the broker has confirmed by now travel as confirmed.
    let confirmed: BTreeSet<(crate::core::ChannelId, u64)> = recent
        .iter()
        .filter_map(|e| match &e.event {
            Event::Confirmed { channel, seq, ack: true } => Some((*channel, *seq)),
            _ => None,
        })
        .collect();
    let mut confirmed_msgs: BTreeSet<MsgId> = BTreeSet::new();
    let mut copies: BTreeMap<CopyId, Rc<str>> = BTreeMap::new();
    let mut out = Vec::new();
    for e in recent {
        let (hop, flight) = match &e.event {
            Event::Published { msg, channel, seq, .. } => {
                messages.insert(msg.id, msg.clone());
                let look = if seq.is_some_and(|s| confirmed.contains(&(*channel, s))) {
                    confirmed_msgs.insert(msg.id);
                    Look::Confirmed
                } else {
                    Look::InFlight
                };
                let Some(producer) = producer_of(&world.scenario, &msg.body) else { continue };
                if msg.exchange.is_empty() {
                    continue; // the default exchange: the enqueue leg goes straight from the producer
                }
                let to = Place::Exchange(msg.exchange.clone());
                (0, Flight { body: msg.body.clone(), from: Place::Producer(producer.into()), to, progress: 0.0, look })
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
                (0, Flight { body, from: Place::Queue(name.clone()), to: Place::Queue(name), progress: 0.0, look })
            }
            Event::Enqueued { queue: q, msg, copy } => {
                let (Some(m), Some(name)) = (messages.get(msg), queue(*q)) else { continue };
                copies.insert(*copy, m.body.clone());
                let dead = !m.deaths().is_empty();
                let (hop, from) = match producer_of(&world.scenario, &m.body) {
                    Some(p) if m.exchange.is_empty() && !dead => (0, Place::Producer(p.into())),
                    _ => (1, Place::Exchange(m.exchange.clone())),
                };
                let look = if dead {
                    Look::DeadLettered
                } else if confirmed_msgs.contains(msg) {
                    Look::Confirmed
                } else if m.expiration().is_some() || world.broker.queue(*q).is_some_and(|q| q.config.message_ttl.is_some()) {
                    Look::Delayed
                } else {
                    Look::InFlight
                };
                (hop, Flight { body: m.body.clone(), from, to: Place::Queue(name), progress: 0.0, look })
            }
            Event::Delivered { queue: q, consumer: Some(consumer), redelivered, msg, copy, .. } => {
                copies.insert(*copy, msg.body.clone());
                let Some(name) = queue(*q) else { continue };
                let look = if *redelivered { Look::Redelivered } else { Look::Delivered };
                (0, Flight { body: msg.body.clone(), from: Place::Queue(name), to: Place::Consumer(consumer.clone()), progress: 0.0, look })
            }
            Event::DeadLettered { queue: q, reason, exchange, msg, .. } => {
                messages.insert(msg.id, msg.clone());
                let Some(name) = queue(*q) else { continue };
                let look = if *reason == DeathReason::Expired { Look::Expired } else { Look::DeadLettered };
                (0, Flight { body: msg.body.clone(), from: Place::Queue(name), to: Place::Exchange(exchange.clone()), progress: 0.0, look })
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
            out.push(Resting { body: m.msg.body.clone(), at: Place::Queue(q.name.clone()), look });
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
                out.push(Resting { body: d.queued.msg.body.clone(), at: Place::Consumer(consumer.clone()), look });
            }
        }
    }
    out
}

/// Counts shown on the canvas during playback.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Queue name -> (ready, unacked).
    pub queues: BTreeMap<Rc<str>, (u64, u64)>,
    /// Consumer name -> (in flight: delivered, not yet acked; processed: acked or auto-acked).
    pub consumers: BTreeMap<Rc<str>, (u64, u64)>,
    /// Producer name -> messages published.
    pub producers: BTreeMap<Rc<str>, u64>,
}

/// What the counts need from the log, kept up to date incrementally: who consumes on which
/// channel, and how many messages each consumer processed and each producer sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    branch: u64,
    upto: usize,
    on_channel: BTreeMap<crate::core::ChannelId, Rc<str>>,
    processed: BTreeMap<Rc<str>, u64>,
    sent: BTreeMap<Rc<str>, u64>,
}

impl Tally {
    /// Reads the events of `log` not read yet; starts over for another branch or a shorter log.
    pub fn update(&mut self, branch: u64, log: &[Stamped], scenario: &Scenario) {
        if branch != self.branch || log.len() < self.upto {
            *self = Tally { branch, ..Tally::default() };
        }
        for e in &log[self.upto..] {
            match &e.event {
                Event::ConsumerStarted { channel, tag, .. } => {
                    self.on_channel.insert(*channel, tag.clone());
                }
                Event::Acked { channel, .. } => {
                    if let Some(tag) = self.on_channel.get(channel) {
                        *self.processed.entry(tag.clone()).or_insert(0) += 1;
                    }
                }
                Event::Delivered { consumer: Some(tag), auto_ack: true, .. } => {
                    *self.processed.entry(tag.clone()).or_insert(0) += 1;
                }
                Event::Published { msg, .. } => {
                    if let Some(p) = producer_of(scenario, &msg.body) {
                        *self.sent.entry(p.into()).or_insert(0) += 1;
                    }
                }
                _ => {}
            }
        }
        self.upto = log.len();
    }
}

/// The counts at the world's time, reading the whole log.
pub fn counts(world: &World, log: &[Stamped]) -> Counts {
    let mut tally = Tally::default();
    tally.update(0, log, &world.scenario);
    counts_with(world, &tally)
}

/// The counts at the world's time, from a tally kept up to date with the world's log.
pub fn counts_with(world: &World, tally: &Tally) -> Counts {
    let mut c = Counts::default();
    for q in world.broker.queues() {
        c.queues.insert(q.name.clone(), (q.ready.len(), 0));
    }
    for spec in &world.scenario.consumers {
        let name: Rc<str> = spec.name.as_str().into();
        let done = tally.processed.get(&name).copied().unwrap_or(0);
        c.consumers.insert(name, (0, done));
    }
    let names: BTreeMap<QueueId, Rc<str>> = world.broker.queues().map(|q| (q.id, q.name.clone())).collect();
    for ch in world.broker.channels() {
        for d in &ch.unacked {
            if let Some(n) = names.get(&d.queue).and_then(|q| c.queues.get_mut(q)) {
                n.1 += 1;
            }
            if let Some(n) = d.consumer.as_ref().and_then(|t| c.consumers.get_mut(t)) {
                n.0 += 1;
            }
        }
    }
    for spec in &world.scenario.producers {
        let name: Rc<str> = spec.name.as_str().into();
        let sent = tally.sent.get(&name).copied().unwrap_or(0);
        c.producers.insert(name, sent);
    }
    c
}

// ----- one message's lifecycle -----

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

// ----- time series for the charts -----

/// Per time bucket: each queue's depth (ready + unacked) at the bucket's end, and how many
/// publishes, deliveries and acks happened in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub bucket: Time,
    pub depth: BTreeMap<Rc<str>, Vec<u64>>,
    pub published: Vec<u64>,
    pub delivered: Vec<u64>,
    pub acked: Vec<u64>,
    /// Mean end-to-end latency (ms) of the messages processed in the bucket: from the first
    /// publish of the message id to its ack (or its auto-ack delivery); 0 when none was.
    pub latency: Vec<u64>,
}

/// The series of `log` from 0 to `until` in `buckets` buckets.
pub fn series(log: &[Stamped], until: Time, buckets: usize) -> Series {
    let buckets = buckets.max(1);
    let bucket = Time((until.0 / buckets as u64).max(1));
    let names = queue_names(log);
    let mut depth_now: BTreeMap<QueueId, i64> = names.keys().map(|q| (*q, 0)).collect();
    let mut s = Series { bucket, published: vec![0; buckets], delivered: vec![0; buckets], acked: vec![0; buckets], ..Series::default() };
    let mut first_publish: BTreeMap<Rc<str>, Time> = BTreeMap::new();
    let mut bodies: BTreeMap<MsgId, Rc<str>> = BTreeMap::new();
    let mut copies: BTreeMap<CopyId, Rc<str>> = BTreeMap::new();
    let mut latency_sum = vec![0u64; buckets];
    let mut latency_n = vec![0u64; buckets];
    let mut depth: BTreeMap<QueueId, Vec<u64>> = names.keys().map(|q| (*q, vec![0; buckets])).collect();
    let mut filled = 0;
    let fill = |upto: usize, filled: &mut usize, depth: &mut BTreeMap<QueueId, Vec<u64>>, now: &BTreeMap<QueueId, i64>| {
        while *filled < upto.min(buckets) {
            for (q, d) in now {
                if let Some(v) = depth.get_mut(q) {
                    v[*filled] = (*d).max(0) as u64;
                }
            }
            *filled += 1;
        }
    };
    for e in log.iter().take_while(|e| e.at <= until) {
        let i = ((e.at.0 / bucket.0) as usize).min(buckets - 1);
        fill(i, &mut filled, &mut depth, &depth_now);
        let mut change = |q: &QueueId, by: i64| *depth_now.entry(*q).or_insert(0) += by;
        let mut processed = |body: Option<&Rc<str>>| {
            if let Some(at) = body.and_then(|b| first_publish.get(b)) {
                latency_sum[i] += e.at.as_millis().saturating_sub(at.as_millis());
                latency_n[i] += 1;
            }
        };
        match &e.event {
            Event::Published { msg, .. } => {
                s.published[i] += 1;
                bodies.insert(msg.id, msg.body.clone());
                first_publish.entry(msg.body.clone()).or_insert(e.at);
            }
            Event::Enqueued { queue, copy, msg } => {
                change(queue, 1);
                if let Some(b) = bodies.get(msg) {
                    copies.insert(*copy, b.clone());
                }
            }
            Event::Delivered { queue, auto_ack, msg, .. } => {
                s.delivered[i] += 1;
                if *auto_ack {
                    change(queue, -1);
                    processed(Some(&msg.body));
                }
            }
            Event::Acked { queue, copy, .. } => {
                s.acked[i] += 1;
                change(queue, -1);
                processed(copies.get(copy));
            }
            Event::DeadLettered { queue, msg, .. } => {
                change(queue, -1);
                bodies.insert(msg.id, msg.body.clone());
            }
            Event::Dropped { queue, .. } => change(queue, -1),
            _ => {}
        }
    }
    fill(buckets, &mut filled, &mut depth, &depth_now);
    s.latency = latency_sum.iter().zip(&latency_n).map(|(sum, n)| if *n == 0 { 0 } else { sum / n }).collect();
    s.depth = depth.into_iter().filter_map(|(q, v)| names.get(&q).map(|n| (n.clone(), v))).collect();
    s
}

// ----- the event log -----

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

/// What a node shows during playback: its state, which side of a partition it is on, and which
/// queues it leads, mirrors or follows (read from `broker.cluster_state()` and each queue's
/// `node` and `replication`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeLook {
    pub name: Rc<str>,
    pub state: crate::core::cluster::NodeState,
    /// The side of the current partition (0 when the network is whole).
    pub side: u32,
    pub partitioned: bool,
    /// Queues whose home, leader or master is here.
    pub leads: Vec<Rc<str>>,
    /// Classic mirrored queues with a mirror here.
    pub mirrors: Vec<Rc<str>>,
    /// Quorum queues with a follower here.
    pub follows: Vec<Rc<str>>,
}

/// How a queue is replicated right now, as the canvas shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueLook {
    pub name: Rc<str>,
    /// Its home node (a classic queue), master (mirrored) or leader (quorum; `None` while there is none).
    pub leader: Option<Rc<str>>,
    /// The Raft term of a quorum queue.
    pub term: Option<u64>,
    pub mirrored: bool,
    pub quorum: bool,
    /// It cannot serve (its node is down, a mirrored queue stopped with its master, or a quorum
    /// queue has no leader).
    pub halted: bool,
}

/// Every node of the cluster, in order.
pub fn nodes(world: &World) -> Vec<NodeLook> {
    use crate::core::cluster::replica::Replication;
    let cluster = world.broker.cluster_state();
    let mut looks: Vec<NodeLook> = cluster
        .nodes
        .iter()
        .map(|n| NodeLook {
            name: n.name.clone(),
            state: n.state,
            side: n.side,
            partitioned: cluster.partitioned,
            leads: Vec::new(),
            mirrors: Vec::new(),
            follows: Vec::new(),
        })
        .collect();
    let mut seen = BTreeSet::new();
    for q in world.broker.queues() {
        if !seen.insert(q.name.clone()) {
            continue;
        }
        let mut put = |node: crate::core::ids::NodeId, list: fn(&mut NodeLook) -> &mut Vec<Rc<str>>| {
            if let Some(look) = cluster.nodes.iter().position(|n| n.id == node).and_then(|i| looks.get_mut(i)) {
                list(look).push(q.name.clone());
            }
        };
        match &q.replication {
            Replication::None => put(q.node, |l| &mut l.leads),
            Replication::Mirrored(set) => {
                put(q.node, |l| &mut l.leads);
                for m in &set.mirrors {
                    put(m.node, |l| &mut l.mirrors);
                }
            }
            Replication::Quorum(group) => {
                for m in &group.members {
                    if Some(m.node) == group.leader {
                        put(m.node, |l| &mut l.leads);
                    } else {
                        put(m.node, |l| &mut l.follows);
                    }
                }
            }
        }
    }
    looks
}

/// Every queue's replication, in declaration order (a split-brain twin is shown once).
pub fn queue_looks(world: &World) -> Vec<QueueLook> {
    use crate::core::cluster::replica::Replication;
    let cluster = world.broker.cluster_state();
    let name = |id| cluster.node(id).map(|n| n.name.clone());
    let mut seen = BTreeSet::new();
    world
        .broker
        .queues()
        .filter(|q| seen.insert(q.name.clone()))
        .map(|q| {
            let (leader, term) = match &q.replication {
                Replication::Quorum(g) => (g.leader.and_then(name), Some(g.term)),
                _ => (name(q.node), None),
            };
            QueueLook {
                name: q.name.clone(),
                leader,
                term,
                mirrored: matches!(q.replication, Replication::Mirrored(_)),
                quorum: matches!(q.replication, Replication::Quorum(_)),
                halted: q.halt.is_some() || leader_missing(&q.replication),
            }
        })
        .collect()
}

fn leader_missing(r: &crate::core::cluster::replica::Replication) -> bool {
    matches!(r, crate::core::cluster::replica::Replication::Quorum(g) if g.leader.is_none())
}
