//! The world's books: broker events into the guarantee ledger, what happened to each message
//! copy (so a lost one gets its cause), side effects per copy, and per-key ordering. What the
//! books mean for each copy's fate, and their closing, is `fates.rs`.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::{Wakeup, World};
use crate::core::event::Event;
use crate::core::message::DeathReason;
use crate::core::cluster::replica::Replication;
use crate::core::{DropReason, QueueId, Stamped};
use crate::sim::fate::Fate;
use crate::sim::scenario::Scenario;

/// A message as the books know it: producer index and sequence number (`<producer>-<n>`) in one
/// integer, so the per-message records are vectors and integer maps, never string comparisons.
pub(super) type MsgKey = u64;

/// A queue's place in the books: the scenario's queues first, in order (a consumer's
/// `queue_slot`), then any other queue as it is declared.
pub(super) type Slot = u32;

/// One copy of a message: the message and the queue it was first routed to (`sim/fate.rs`). A
/// resend routed again into that queue is the same copy; a dead-lettered or shovelled copy keeps
/// the slot of the queue it came from.
pub(super) type CopyKey = (MsgKey, Slot);

// Per message: what the publisher was told.
pub(super) const CONFIRMED: u8 = 1;
pub(super) const TX_DISCARDED: u8 = 4;
/// The broker told the publisher it did not take the message (a nack, or a mandatory return).
pub(super) const REFUSED: u8 = 8;
/// The refusal was a mandatory return (not a nack).
pub(super) const RETURNED: u8 = 16;
/// The transaction was rolled back by the publisher (not closed before its commit).
pub(super) const ROLLED_BACK: u8 = 32;

// Per copy.
/// The message was routed to this copy's queue (enqueued, or refused by a full queue).
const ROUTED: u8 = 1;
/// A delivery of this copy was marked done in its consumers' dedup store.
pub(super) const DEDUP_MARKED: u8 = 2;
/// A consumer recognised a delivery of this copy as a duplicate (dedup store or unique key).
pub(super) const DEDUP_HIT: u8 = 4;

/// What the books keep for every copy: its side effects (saturating at 255) and its flags.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Cell {
    pub(super) effects: u8,
    pub(super) flags: u8,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Books {
    producer_index: BTreeMap<Rc<str>, usize>,
    producers: usize,
    /// Queue names by slot, and the slot of each declared queue (by `QueueId`; `Slot::MAX`: none).
    slot_names: Vec<Rc<str>>,
    queue_slot: Vec<Slot>,
    /// Message key by broker message id and by copy id: the broker hands out both in order, so
    /// these are vectors, not maps (0: not a client message).
    pub(super) msg_key: Vec<MsgKey>,
    pub(super) copy_key: Vec<MsgKey>,
    /// The slot of each broker copy, and the slot a broker message carries when it is a
    /// dead-lettered or shovelled copy (by message id; 0: none, else slot + 1).
    pub(super) copy_slot: Vec<Slot>,
    msg_origin: Vec<Slot>,
    /// Per producer, per sequence number: CONFIRMED, TX_DISCARDED, REFUSED ... flags.
    flags: Vec<Vec<u8>>,
    /// Per slot and producer (`slot * producers + producer`), per sequence number: the copy.
    cells: Vec<Vec<Cell>>,
    /// The last thing that happened to a message before it reached a queue that could explain
    /// its loss (lost on the way, the publisher gave up, unroutable): the cause text for the
    /// legacy per-cause counter and the fate it means.
    pub(super) fate: BTreeMap<MsgKey, (&'static str, Fate)>,
    /// The same for a copy (dropped from its queue, lost in an auto-ack consumer, nacked).
    pub(super) copy_fate: BTreeMap<CopyKey, (&'static str, Fate)>,
    /// The last reason each copy was dead-lettered for.
    pub(super) dead: BTreeMap<CopyKey, DeathReason>,
    /// The slot of the copy a shovel republished last, by message (its `Published` event gets it).
    shovelled: BTreeMap<MsgKey, Slot>,
    /// The highest producer sequence number each (consumer, producer, routing key) has seen:
    /// per `consumer * producers + producer`, by routing key (found without cloning the key).
    highest_seq: Vec<BTreeMap<Rc<str>, u64>>,
    /// The same for the producer's own keys, by their place among its keys (the first of equal
    /// ones; such a key is never in `highest_seq`): see `check_order`.
    highest_by_key: Vec<Vec<Option<u64>>>,
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

#[inline]
fn put<T: Default + Clone>(v: &mut Vec<T>, index: usize, value: T) {
    *slot(v, index) = value;
}

#[inline]
fn slot<T: Default + Clone>(v: &mut Vec<T>, index: usize) -> &mut T {
    if v.len() <= index {
        if v.len() == index {
            // The usual growth, one new message or copy at a time: a push, not a resize's loop.
            v.push(T::default());
        } else {
            v.resize(index + 1, T::default());
        }
    }
    &mut v[index]
}

/// A key's producer index and sequence number (n from 1), as `Books::key` packs them.
pub(super) fn parts(key: MsgKey) -> (u64, u64) {
    (key >> 40, key & ((1 << 40) - 1))
}

/// A key's producer index and its message's place in that producer's records (n - 1).
pub(super) fn split(key: MsgKey) -> (usize, usize) {
    let (producer, n) = parts(key);
    (producer as usize, (n - 1) as usize)
}

impl Books {
    pub(super) fn new(scenario: &Scenario) -> Books {
        let producers = scenario.producers.len();
        Books {
            producer_index: crate::ordered::map_of(scenario.producers.iter().enumerate().map(|(i, p)| (Rc::from(p.name.as_str()), i))),
            producers,
            slot_names: scenario.queues.iter().map(|q| Rc::from(q.name.as_str())).collect(),
            flags: vec![Vec::new(); producers],
            cells: vec![Vec::new(); producers * scenario.queues.len()],
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

    pub(super) fn has(&self, key: MsgKey, flag: u8) -> bool {
        let (p, n) = split(key);
        self.flags[p].get(n).is_some_and(|f| f & flag != 0)
    }

    /// The books' slot of a queue declared with `name` (a new slot for a queue the scenario
    /// does not declare).
    fn declare(&mut self, queue: QueueId, name: &Rc<str>) {
        let s = match self.slot_names.iter().position(|n| n == name) {
            Some(s) => s,
            None => {
                self.slot_names.push(name.clone());
                self.cells.resize(self.slot_names.len() * self.producers, Vec::new());
                self.slot_names.len() - 1
            }
        };
        if self.queue_slot.len() <= queue.index() {
            self.queue_slot.resize(queue.index() + 1, Slot::MAX);
        }
        self.queue_slot[queue.index()] = s as Slot;
    }

    pub(super) fn slot_of(&self, queue: QueueId) -> Slot {
        self.queue_slot.get(queue.index()).copied().unwrap_or(Slot::MAX)
    }

    /// The slot of `queue`, declaring it by its name if the books have not seen it declared: a
    /// split brain's second queue of the same name gets its copies before it is announced, and
    /// they are the same copies.
    fn slot_or_declare(&mut self, queue: QueueId, broker: &crate::core::Broker) -> Slot {
        let s = self.slot_of(queue);
        if s != Slot::MAX {
            return s;
        }
        match broker.queue(queue) {
            Some(q) => {
                let name = q.name.clone();
                self.declare(queue, &name);
                self.slot_of(queue)
            }
            None => Slot::MAX,
        }
    }

    /// The name of the queue a copy was first routed to.
    pub(super) fn slot_name(&self, s: Slot) -> Rc<str> {
        self.slot_names.get(s as usize).cloned().unwrap_or_else(|| Rc::from("?"))
    }

    pub(super) fn cell(&self, (key, s): CopyKey) -> Cell {
        let (p, n) = split(key);
        self.cells.get(s as usize * self.producers + p).and_then(|c| c.get(n)).copied().unwrap_or_default()
    }

    #[inline]
    fn cell_mut(&mut self, (key, s): CopyKey) -> Option<&mut Cell> {
        if key == 0 || s == Slot::MAX {
            return None;
        }
        let (p, n) = split(key);
        let column = self.cells.get_mut(s as usize * self.producers + p)?;
        Some(slot(column, n))
    }

    fn copy_flag(&mut self, copy: CopyKey, flag: u8) {
        if let Some(c) = self.cell_mut(copy) {
            c.flags |= flag;
        }
    }

    /// The queues message `key` was routed to, as slots in order.
    pub(super) fn routed(&self, key: MsgKey) -> impl Iterator<Item = Slot> + '_ {
        (0..self.slot_names.len() as Slot).filter(move |s| self.is_routed((key, *s)))
    }

    /// Whether the message was routed to this copy's queue.
    pub(super) fn is_routed(&self, copy: CopyKey) -> bool {
        self.cell(copy).flags & ROUTED != 0
    }

    /// Records a confirm; true the first time for this message.
    pub(super) fn confirm(&mut self, key: MsgKey) -> bool {
        self.flag_key(key, CONFIRMED)
    }
    pub(super) fn dedup_mark(&mut self, copy: CopyKey) {
        self.copy_flag(copy, DEDUP_MARKED);
    }
    pub(super) fn dedup_hit(&mut self, copy: CopyKey) {
        self.copy_flag(copy, DEDUP_HIT);
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
    /// Records what happened to message `id` before it reached a queue: `cause` for the
    /// ledger's lost causes, `fate` for its fate unless it reaches a queue after all.
    pub(super) fn set_fate(&mut self, id: &str, cause: &'static str, fate: Fate) {
        if let Some(key) = self.key(id) {
            self.fate.insert(key, (cause, fate));
        }
    }
    /// Records what happened to one copy, the same way.
    pub(super) fn set_copy_fate(&mut self, copy: CopyKey, cause: &'static str, fate: Fate) {
        if copy.0 != 0 {
            self.copy_fate.insert(copy, (cause, fate));
        }
    }
    /// A shovel republishes copy `copy`: the copy its publish makes is the same copy.
    pub(super) fn shovelling(&mut self, copy: CopyKey) {
        if copy.0 != 0 {
            self.shovelled.insert(copy.0, copy.1);
        }
    }

    fn queue_name(&self, queue: &QueueId) -> Rc<str> {
        self.slot_name(self.slot_of(*queue))
    }

    /// The side effect of copy `copy` happened once more; how many times it has now.
    pub(super) fn side_effect(&mut self, copy: CopyKey) -> u8 {
        match self.cell_mut(copy) {
            Some(c) => {
                c.effects = c.effects.saturating_add(1);
                c.effects
            }
            None => 1,
        }
    }

    pub(super) fn times_processed(&self, queue_slot: usize, id: &str) -> u64 {
        let Some(key) = self.key(id) else { return 0 };
        u64::from(self.cell((key, queue_slot as Slot)).effects)
    }
}

impl World {
    /// Takes the broker's new events: into the log (if kept), the ledger and the clients.
    #[inline]
    pub(super) fn absorb(&mut self) {
        // Most client steps and timers emit nothing: two thirds of the calls, which return here
        // without the frame of the booking below.
        if self.broker.pending_events().is_empty() {
            self.check_step(&[]);
            return;
        }
        self.absorb_events();
    }

    #[inline(never)]
    fn absorb_events(&mut self) {
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
            Event::Published { msg, channel, .. } => {
                let key = match b.publishing.take() {
                    Some((id, key)) if Rc::ptr_eq(&id, &msg.body) => key,
                    _ => b.key(&msg.body).unwrap_or(0),
                };
                put(&mut b.msg_key, msg.id.0 as usize, key);
                // A shovel's publish carries the copy it republishes (a producer's never does);
                // without shovelled copies there is no channel to look for.
                if !b.shovelled.is_empty() && self.consumers.iter().any(|c| c.channel == Some(*channel)) {
                    if let Some(&s) = b.shovelled.get(&key) {
                        put(&mut b.msg_origin, msg.id.0 as usize, s + 1);
                    }
                }
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
                    let fate = if *returned { ("returned to its publisher unroutable", Fate::Returned) } else { ("unroutable", Fate::Unroutable) };
                    // A shovelled copy that routes nowhere ends there; a publish has no copy yet.
                    match b.msg_origin.get(msg.0 as usize).copied().unwrap_or(0) {
                        0 => b.fate.insert(key, fate),
                        s => b.copy_fate.insert((key, s - 1), fate),
                    };
                }
            }
            Event::Enqueued { copy, msg, queue } => {
                let key = b.msg_key.get(msg.0 as usize).copied().unwrap_or(0);
                let s = match b.msg_origin.get(msg.0 as usize).copied().unwrap_or(0) {
                    0 => b.slot_or_declare(*queue, &self.broker),
                    s => s - 1,
                };
                put(&mut b.copy_key, copy.index(), key);
                put(&mut b.copy_slot, copy.index(), s);
                b.copy_flag((key, s), ROUTED);
            }
            Event::Refused { queue, msg } => {
                // A full `reject-publish` queue: the copy meant for it never existed, and the
                // publisher hears a nack.
                let key = b.msg_key.get(msg.0 as usize).copied().unwrap_or(0);
                let s = match b.msg_origin.get(msg.0 as usize).copied().unwrap_or(0) {
                    0 => b.slot_or_declare(*queue, &self.broker),
                    s => s - 1,
                };
                b.copy_flag((key, s), ROUTED);
                b.set_copy_fate((key, s), "refused by a full queue", Fate::Nacked);
            }
            Event::Returned { msg, .. } => {
                g.returned += 1;
                b.flag(&msg.body, REFUSED | RETURNED);
            }
            Event::QueueCreated { queue, name } => b.declare(*queue, name),
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
                // The dead-lettered message's copies are this copy, moved on.
                let s = b.copy_slot.get(copy.index()).copied().unwrap_or(Slot::MAX);
                put(&mut b.msg_origin, msg.id.0 as usize, s.wrapping_add(1));
                if key != 0 {
                    b.dead.insert((key, s), *reason);
                }
            }
            Event::Dropped { copy, reason, queue } => {
                bump(&mut g.dropped, reason.as_str());
                g.expired += u64::from(*reason == DropReason::Expired);
                if let Some(&key) = b.copy_key.get(copy.index()).filter(|k| **k != 0) {
                    let fate = Fate::of_drop(b.queue_name(queue), *reason);
                    let s = b.copy_slot.get(copy.index()).copied().unwrap_or(Slot::MAX);
                    b.copy_fate.insert((key, s), (reason.as_str(), fate));
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
            Event::Delivered { channel, tag, redelivered, msg, copy, .. } => {
                g.delivered += 1;
                g.redelivered += u64::from(*redelivered);
                // Parsed once when it was published (or dead-lettered), not per delivery.
                let key = b.msg_key.get(msg.id.0 as usize).copied().unwrap_or(0);
                let s = b.copy_slot.get(copy.index()).copied().unwrap_or(Slot::MAX);
                if let Some(i) = self.consumer_on(*channel) {
                    self.check_order(i, key, &msg.routing_key);
                    let has_id = msg.message_id().is_some();
                    self.received(i, *channel, *tag, msg.body.clone(), msg.routing_key.clone(), has_id, (key, s));
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
        let b = &mut self.books;
        let at = consumer * b.producers + producer;
        // Most messages carry one of their producer's own keys, the very string it sent: its
        // place in the producer's keys (the first of equal ones) finds the record without a
        // string comparison. Any other key is looked up by its text.
        if let Some(place) = self.producers.get(producer).and_then(|p| p.key_place(key)) {
            match slot(slot(&mut b.highest_by_key, at), place) {
                Some(highest) if n < *highest => bump(&mut self.guarantees.out_of_order, key),
                highest => *highest = Some(n),
            }
            return;
        }
        let seen = slot(&mut b.highest_seq, at);
        match seen.get_mut(&**key) {
            Some(highest) if n < *highest => bump(&mut self.guarantees.out_of_order, key),
            Some(highest) => *highest = n,
            None => {
                seen.insert(key.clone(), n);
            }
        }
    }
}
