//! The world's books: broker events into the guarantee ledger, what happened to each message
//! (so a lost one gets its cause), side effects per message, per-key ordering, and the closing
//! of the books at the end of a run (the Jepsen check).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::{Wakeup, World};
use crate::core::event::Event;
use crate::core::message::DeathReason;
use crate::core::cluster::replica::Replication;
use crate::core::{DropReason, QueueId, Stamped};
use crate::sim::fate::{Fate, FateTally};
use crate::sim::scenario::Scenario;

/// A message as the books know it: producer index and sequence number (`<producer>-<n>`) in one
/// integer, so the per-message records are vectors and integer maps, never string comparisons.
pub(super) type MsgKey = u64;

const CONFIRMED: u8 = 1;
const DEDUP_MARKED: u8 = 2;
const TX_DISCARDED: u8 = 4;
/// The broker told the publisher it did not take the message (a nack, or a mandatory return).
const REFUSED: u8 = 8;
/// The refusal was a mandatory return (not a nack).
const RETURNED: u8 = 16;
/// The transaction was rolled back by the publisher (not closed before its commit).
const ROLLED_BACK: u8 = 32;
/// A consumer recognised a delivery of it as a duplicate (dedup store or unique key).
const DEDUP_HIT: u8 = 64;

#[derive(Clone, Debug, Default)]
pub(super) struct Books {
    producer_index: BTreeMap<Rc<str>, usize>,
    queues: usize,
    /// Message key by broker message id and by copy id: the broker hands out both in order, so
    /// these are vectors, not maps (0: not a client message).
    msg_key: Vec<MsgKey>,
    copy_key: Vec<MsgKey>,
    /// Per producer, per sequence number: CONFIRMED, DEDUP_MARKED, TX_DISCARDED, REFUSED flags.
    flags: Vec<Vec<u8>>,
    /// How often each message's side effect happened, per consuming queue (a fanout copy
    /// processed by two services is two intended effects, not a duplicate), saturating at 255.
    effects: Vec<Vec<u8>>,
    /// The last thing that happened to a message that could explain its loss: the ledger's
    /// cause text and the fate it means if nothing better happened since.
    fate: BTreeMap<MsgKey, (&'static str, Fate)>,
    /// The last reason each message was dead-lettered for.
    dead: BTreeMap<MsgKey, DeathReason>,
    /// Queue names by id, from the broker's declarations (a deleted queue keeps its name here).
    queue_names: BTreeMap<QueueId, Rc<str>>,
    /// The highest producer sequence number each (consumer, producer, routing key) has seen.
    highest_seq: BTreeMap<(usize, usize, Rc<str>), u64>,
    /// Reused event buffer (swapped with the broker's, so draining allocates nothing).
    scratch: Vec<Stamped>,
    /// The id and key of the message a producer is publishing right now, so its `Published`
    /// event need not parse the id (a held or delayed publish is parsed as before).
    publishing: Option<(Rc<str>, MsgKey)>,
}

/// One more under `key`, allocating the key only the first time it is counted.
fn bump(counts: &mut BTreeMap<String, u64>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}

fn put(v: &mut Vec<MsgKey>, index: usize, key: MsgKey) {
    if v.len() <= index {
        v.resize(index + 1, 0);
    }
    v[index] = key;
}

fn slot<T: Default + Clone>(v: &mut Vec<T>, index: usize) -> &mut T {
    if v.len() <= index {
        v.resize(index + 1, T::default());
    }
    &mut v[index]
}

fn split(key: MsgKey) -> (usize, usize) {
    ((key >> 40) as usize, ((key & ((1 << 40) - 1)) - 1) as usize)
}

impl Books {
    pub(super) fn new(scenario: &Scenario) -> Books {
        let producers = scenario.producers.len();
        Books {
            producer_index: scenario.producers.iter().enumerate().map(|(i, p)| (Rc::from(p.name.as_str()), i)).collect(),
            queues: scenario.queues.len(),
            flags: vec![Vec::new(); producers],
            effects: vec![Vec::new(); producers * scenario.queues.len()],
            ..Books::default()
        }
    }

    /// A producer is about to publish message `id`, whose key it knows.
    pub(super) fn publishing(&mut self, id: &Rc<str>, key: MsgKey) {
        self.publishing = Some((id.clone(), key));
    }

    /// The key of a client message id (`<producer>-<n>`, n from 1).
    pub(super) fn key(&self, id: &str) -> Option<MsgKey> {
        let (name, n) = crate::sim::message_id::parse(id)?;
        let producer = *self.producer_index.get(name)?;
        let n = Some(n).filter(|n| *n >= 1 && *n < 1 << 40)?;
        Some((producer as u64) << 40 | n)
    }

    fn flag(&mut self, id: &str, flag: u8) -> bool {
        match self.key(id) {
            Some(key) => self.flag_key(key, flag),
            None => false,
        }
    }

    fn flag_key(&mut self, key: MsgKey, flag: u8) -> bool {
        if key == 0 {
            return false;
        }
        let (p, n) = split(key);
        let f = slot(&mut self.flags[p], n);
        let new = *f & flag == 0;
        *f |= flag;
        new
    }

    fn has(&self, key: MsgKey, flag: u8) -> bool {
        let (p, n) = split(key);
        self.flags[p].get(n).is_some_and(|f| f & flag != 0)
    }

    /// Records a confirm; true the first time for this message.
    pub(super) fn confirm(&mut self, key: MsgKey) -> bool {
        self.flag_key(key, CONFIRMED)
    }
    pub(super) fn dedup_mark(&mut self, key: MsgKey) {
        self.flag_key(key, DEDUP_MARKED);
    }
    pub(super) fn dedup_hit(&mut self, key: MsgKey) {
        self.flag_key(key, DEDUP_HIT);
    }
    pub(super) fn tx_discard(&mut self, id: &str) {
        self.flag(id, TX_DISCARDED);
    }
    pub(super) fn tx_rolled_back(&mut self, id: &str) {
        self.flag(id, TX_DISCARDED | ROLLED_BACK);
    }
    pub(super) fn refused(&mut self, id: &str) {
        self.flag(id, REFUSED);
    }
    /// Records what happened to message `id`: `cause` for the ledger's lost causes, `fate` for
    /// its fate unless something better (a side effect, a copy still held) happens.
    pub(super) fn set_fate(&mut self, id: &str, cause: &'static str, fate: Fate) {
        if let Some(key) = self.key(id) {
            self.fate.insert(key, (cause, fate));
        }
    }

    fn queue_name(&self, queue: &QueueId) -> Rc<str> {
        self.queue_names.get(queue).cloned().unwrap_or_else(|| Rc::from("?"))
    }

    /// The side effect of message `id` happened once more for a consumer of queue `queue_slot`.
    pub(super) fn side_effect(&mut self, queue_slot: usize, key: MsgKey) {
        if key == 0 {
            return;
        }
        let (p, n) = split(key);
        let count = slot(&mut self.effects[p * self.queues + queue_slot], n);
        *count = count.saturating_add(1);
    }

    fn effects_of(&self, key: MsgKey) -> impl Iterator<Item = u8> + '_ {
        let (p, n) = split(key);
        (0..self.queues).map(move |q| self.effects[p * self.queues + q].get(n).copied().unwrap_or(0))
    }

    pub(super) fn times_processed(&self, queue_slot: usize, id: &str) -> u64 {
        let Some((p, n)) = self.key(id).map(split) else { return 0 };
        u64::from(self.effects[p * self.queues + queue_slot].get(n).copied().unwrap_or(0))
    }
}

impl World {
    /// Takes the broker's new events: into the log (if kept), the ledger and the clients.
    pub(super) fn absorb(&mut self) {
        let mut events = std::mem::take(&mut self.books.scratch);
        self.broker.drain_events_into(&mut events);
        self.events_seen += events.len() as u64;
        if self.keep_log {
            self.log.extend(events.iter().cloned());
        }
        for stamped in &events {
            self.book(&stamped.event);
        }
        self.check_step(&events);
        events.clear();
        if events.capacity() > self.books.scratch.capacity() {
            self.books.scratch = events;
        }
    }

    fn book(&mut self, event: &Event) {
        let g = &mut self.guarantees;
        let b = &mut self.books;
        match event {
            Event::Published { msg, .. } => {
                let key = match b.publishing.take() {
                    Some((id, key)) if Rc::ptr_eq(&id, &msg.body) => key,
                    _ => b.key(&msg.body).unwrap_or(0),
                };
                put(&mut b.msg_key, msg.id.0 as usize, key);
            }
            Event::Routed { queues, .. } => {
                g.routed += 1;
                // Each copy the message's queues keep on another node crossed the cluster once.
                let replicas = |r: &Replication| match r {
                    Replication::None => 0,
                    Replication::Mirrored(set) => set.mirrors.len(),
                    Replication::Quorum(group) => group.members.len().saturating_sub(1),
                };
                let copies: usize = queues.iter().filter_map(|q| self.broker.queue(*q)).map(|q| replicas(&q.replication)).sum();
                self.measures.replicated += copies as u64;
            }
            Event::Unroutable { msg, returned } => {
                if !returned {
                    g.unroutable += 1;
                    bump(&mut g.dropped, "unroutable");
                }
                if let Some(&key) = b.msg_key.get(msg.0 as usize).filter(|k| **k != 0) {
                    b.fate.insert(key, if *returned { ("returned to its publisher unroutable", Fate::Returned) } else { ("unroutable", Fate::Unroutable) });
                }
            }
            Event::Enqueued { copy, msg, .. } => {
                let key = b.msg_key.get(msg.0 as usize).copied().unwrap_or(0);
                put(&mut b.copy_key, copy.index(), key);
            }
            Event::Returned { msg, .. } => {
                g.returned += 1;
                b.flag(&msg.body, REFUSED | RETURNED);
            }
            Event::QueueCreated { queue, name } => {
                b.queue_names.insert(*queue, name.clone());
            }
            Event::Acked { copy, .. } => {
                g.acked += 1;
                put(&mut b.copy_key, copy.index(), 0);
            }
            Event::DeadLettered { copy, reason, msg, .. } => {
                bump(&mut g.dead_lettered, reason.as_str());
                g.expired += u64::from(*reason == DeathReason::Expired);
                put(&mut b.copy_key, copy.index(), 0);
                let key = b.key(&msg.body).unwrap_or(0);
                put(&mut b.msg_key, msg.id.0 as usize, key);
                if key != 0 {
                    b.dead.insert(key, *reason);
                }
            }
            Event::Dropped { copy, reason, queue } => {
                bump(&mut g.dropped, reason.as_str());
                g.expired += u64::from(*reason == DropReason::Expired);
                if let Some(&key) = b.copy_key.get(copy.index()).filter(|k| **k != 0) {
                    let fate = Fate::of_drop(b.queue_name(queue), *reason);
                    b.fate.insert(key, (reason.as_str(), fate));
                }
            }
            Event::Confirmed { channel, seq, ack } => match self.scenario.network.client_latency_us {
                0 => self.on_confirm(*channel, *seq, *ack),
                latency => {
                    let at = self.now().plus_micros(latency);
                    self.wake(at, Wakeup::ConfirmArrives { channel: *channel, seq: *seq, ack: *ack });
                }
            },
            Event::TxCommitted { channel } | Event::TxRolledBack { channel } => {
                // Answered after the way back (a zero latency never made the producer wait).
                let latency = self.scenario.network.client_latency_us;
                if latency > 0 {
                    let at = self.now().plus_micros(latency);
                    self.wake(at, Wakeup::TxAnswered { channel: *channel });
                }
            }
            Event::ConsumerCancelled { channel, by_broker: true, .. } => {
                if let Some(i) = self.consumer_on(*channel) {
                    self.lost_by_broker(i, false);
                }
            }
            Event::ConnectionClosed { connection, .. } => {
                if let Some(i) = self.consumers.iter().position(|c| c.connection == Some(*connection)) {
                    self.lost_by_broker(i, true);
                }
                if let Some(i) = self.producers.iter().position(|p| p.connection == Some(*connection)) {
                    let p = &mut self.producers[i];
                    p.connection = None;
                    p.channel = None;
                    p.link.outbox.clear();
                    self.tx_channel_lost(i);
                }
            }
            Event::Delivered { channel, tag, redelivered, msg, .. } => {
                g.delivered += 1;
                g.redelivered += u64::from(*redelivered);
                // Parsed once when it was published (or dead-lettered), not per delivery.
                let key = b.msg_key.get(msg.id.0 as usize).copied().unwrap_or(0);
                if let Some(i) = self.consumer_on(*channel) {
                    self.check_order(i, key, &msg.routing_key);
                    let has_id = msg.extra().message_id.is_some();
                    self.received(i, *channel, *tag, msg.body.clone(), msg.routing_key.clone(), has_id, key);
                }
            }
            _ => {}
        }
    }

    /// Out of order: this consumer already saw a later message of the same producer and key.
    fn check_order(&mut self, consumer: usize, msg: MsgKey, key: &Rc<str>) {
        if msg == 0 {
            return;
        }
        let (producer, n) = split(msg);
        let n = n as u64;
        let highest = self.books.highest_seq.entry((consumer, producer, key.clone())).or_insert(0);
        if n < *highest {
            bump(&mut self.guarantees.out_of_order, key);
        } else {
            *highest = n;
        }
    }

    /// Where each message not yet finished is now: ready in a queue, or moving (unacked at a
    /// consumer, in its hands, on a producer's link, in an open transaction, awaiting a resend).
    fn whereabouts(&self) -> Whereabouts {
        let b = &self.books;
        let mut w = Whereabouts::default();
        for q in self.broker.queues() {
            for m in q.ready.iter() {
                if let Some(key) = b.key(&m.msg.body) {
                    w.ready.entry(key).or_insert_with(|| q.name.clone());
                }
            }
        }
        w.unacked = self.broker.channels().flat_map(|c| c.unacked.iter().filter_map(|d| b.key(&d.queued.msg.body))).collect();
        // Still in an open transaction (or waiting in a held link): not lost, not yet sent.
        w.open = self.producers.iter().flat_map(|p| p.unsent()).filter_map(|id| b.key(id)).collect();
        w.moving = self.consumers.iter().flat_map(|c| c.working_keys()).collect();
        for p in &self.producers {
            w.moving.extend(p.on_the_wire().filter_map(|id| b.key(id)));
            w.awaiting_confirm.extend(p.pending_keys());
        }
        w
    }

    /// The fate of message `key` as of now (see `sim/fate.rs` for the order of precedence).
    fn decide(&self, key: MsgKey, w: &Whereabouts) -> Fate {
        let b = &self.books;
        let (total, most) = b.effects_of(key).fold((0u64, 0u8), |(t, m), c| (t + u64::from(c), m.max(c)));
        if total > 0 {
            return if most > 1 {
                Fate::ProcessedTwice { times: most }
            } else if b.has(key, DEDUP_HIT) {
                Fate::Deduplicated
            } else {
                Fate::Processed
            };
        }
        if let Some(queue) = w.ready.get(&key) {
            return match b.dead.get(&key) {
                Some(reason) => Fate::DeadLettered { reason: *reason, queue: queue.clone() },
                None => Fate::StillQueued { queue: queue.clone() },
            };
        }
        if w.unacked.contains(&key) || w.moving.contains(&key) || w.open.contains(&key) {
            return Fate::InFlight;
        }
        if b.has(key, TX_DISCARDED) {
            return if b.has(key, ROLLED_BACK) { Fate::RolledBack } else { Fate::Uncommitted };
        }
        if b.has(key, REFUSED) && !b.has(key, CONFIRMED) {
            return if b.has(key, RETURNED) { Fate::Returned } else { Fate::Nacked };
        }
        if b.has(key, DEDUP_MARKED) {
            return Fate::LostAfterDedupMark;
        }
        match b.fate.get(&key) {
            // Lost before the broker, but its producer will resend it: not over yet.
            Some((_, Fate::LostOnTheWay)) | None if w.awaiting_confirm.contains(&key) => Fate::InFlight,
            Some((_, fate)) => fate.clone(),
            None => Fate::Vanished,
        }
    }

    /// The fate of message `id` as of now (None: no message of this run's producers).
    pub fn fate(&self, id: &str) -> Option<Fate> {
        let key = self.books.key(id)?;
        let (p, n) = split(key);
        if n as u64 >= self.producers.get(p)?.sent {
            return None;
        }
        Some(self.decide(key, &self.whereabouts()))
    }

    /// Closes the books: processed counts, backlog, every published message's fate, and every
    /// published message that was lost, with its cause. May be called at any time (a live
    /// world's ledger so far).
    pub fn finish(&mut self) {
        let w = self.whereabouts();
        let mut fates = FateTally::default();
        for (p, producer) in self.producers.iter().enumerate() {
            for n in 1..=producer.sent {
                fates.add(self.decide((p as u64) << 40 | n, &w).kind());
            }
        }
        self.fates = fates;
        let b = &self.books;
        let held: BTreeSet<MsgKey> = w.ready.keys().chain(w.unacked.iter()).copied().collect();
        let open = &w.open;
        let g = &mut self.guarantees;
        g.processed = 0;
        g.processed_more_than_once = 0;
        g.backlog = held.len() as u64;
        g.redis_ops = self.redis.ops;
        g.mysql_ops = self.mysql.ops;
        g.lost.clear();
        g.lost_confirmed = 0;
        for (p, producer) in self.producers.iter().enumerate() {
            for n in 1..=producer.sent {
                let key = (p as u64) << 40 | n;
                let (total, most) = b.effects_of(key).fold((0u64, 0u8), |(t, m), c| (t + u64::from(c), m.max(c)));
                if total > 0 {
                    g.processed += 1;
                    g.processed_more_than_once += u64::from(most > 1);
                    continue;
                }
                // Not lost: still in the broker, not yet sent, or the publisher was told (a rollback,
                // a nack or a return, and the message was not delivered some other way).
                if held.contains(&key) || open.contains(&key) || b.has(key, TX_DISCARDED) || (b.has(key, REFUSED) && !b.has(key, CONFIRMED)) {
                    continue;
                }
                let cause = if b.has(key, DEDUP_MARKED) {
                    "marked done in the dedup store, then never processed"
                } else {
                    b.fate.get(&key).map_or("never consumed", |(cause, _)| *cause)
                };
                let confirmed = b.has(key, CONFIRMED);
                g.lost_confirmed += u64::from(confirmed);
                let cause = if confirmed { format!("confirmed, then {cause}") } else { cause.to_string() };
                *g.lost.entry(cause).or_insert(0) += 1;
            }
        }
    }
}

/// Where the messages still in the run are (see [`World::whereabouts`]).
#[derive(Default)]
struct Whereabouts {
    ready: BTreeMap<MsgKey, Rc<str>>,
    unacked: BTreeSet<MsgKey>,
    open: BTreeSet<MsgKey>,
    moving: BTreeSet<MsgKey>,
    awaiting_confirm: BTreeSet<MsgKey>,
}
