//! The world's books: broker events into the guarantee ledger, what happened to each message
//! (so a lost one gets its cause), side effects per message, per-key ordering, and the closing
//! of the books at the end of a run (the Jepsen check).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::World;
use crate::core::event::Event;
use crate::core::message::DeathReason;
use crate::core::{DropReason, Stamped};

#[derive(Clone, Debug, Default)]
pub(super) struct Books {
    /// Message body (the client's message id) by broker message id and by copy id: the broker
    /// hands out both in order, so these are vectors, not maps.
    msg_body: Vec<Option<Rc<str>>>,
    copy_body: Vec<Option<Rc<str>>>,
    /// The last thing that happened to a message that could explain its loss.
    pub(super) fate: BTreeMap<Rc<str>, &'static str>,
    /// How often each message's side effect happened, per consuming queue (a fanout copy
    /// processed by two services is two intended effects, not a duplicate).
    side_effects: BTreeMap<(Rc<str>, Rc<str>), u64>,
    pub(super) confirmed: BTreeSet<Rc<str>>,
    /// Ids a consumer wrote to its dedup set (processed or not).
    pub(super) dedup_marked: BTreeSet<Rc<str>>,
    /// Tx publishes rolled back or never committed: the broker never had them, and the
    /// publisher knows, so they are not lost.
    pub(super) tx_discarded: BTreeSet<Rc<str>>,
    /// The highest producer sequence number each (consumer, producer, routing key) has seen.
    highest_seq: BTreeMap<(usize, usize, Rc<str>), u64>,
    /// Reused event buffer (swapped with the broker's, so draining allocates nothing).
    scratch: Vec<Stamped>,
}

fn set(v: &mut Vec<Option<Rc<str>>>, index: usize, body: Option<Rc<str>>) {
    if v.len() <= index {
        v.resize(index + 1, None);
    }
    v[index] = body;
}

impl Books {
    pub(super) fn side_effect(&mut self, queue: &Rc<str>, id: &Rc<str>) {
        *self.side_effects.entry((queue.clone(), id.clone())).or_insert(0) += 1;
    }

    pub(super) fn times_processed(&self, queue: &str, id: &str) -> u64 {
        self.side_effects.iter().filter(|((q, i), _)| &**q == queue && &**i == id).map(|(_, n)| *n).sum()
    }

    fn body_of_copy(&mut self, copy: usize) -> Option<Rc<str>> {
        self.copy_body.get_mut(copy).and_then(Option::take)
    }
}

impl World {
    /// Takes the broker's new events: into the log (if kept), the ledger and the clients.
    pub(super) fn absorb(&mut self) {
        let mut events = std::mem::take(&mut self.books.scratch);
        self.broker.drain_events_into(&mut events);
        if self.keep_log {
            self.log.extend(events.iter().cloned());
        }
        for stamped in &events {
            self.book(&stamped.event);
        }
        events.clear();
        if events.capacity() > self.books.scratch.capacity() {
            self.books.scratch = events;
        }
    }

    fn book(&mut self, event: &Event) {
        let g = &mut self.guarantees;
        let b = &mut self.books;
        match event {
            Event::Published { msg, .. } => set(&mut b.msg_body, msg.id.0 as usize, Some(msg.body.clone())),
            Event::Routed { .. } => g.routed += 1,
            Event::Unroutable { msg, returned } => {
                if !returned {
                    g.unroutable += 1;
                    *g.dropped.entry("unroutable".into()).or_insert(0) += 1;
                }
                if let Some(Some(body)) = b.msg_body.get(msg.0 as usize) {
                    b.fate.insert(body.clone(), if *returned { "returned to its publisher unroutable" } else { "unroutable" });
                }
            }
            Event::Enqueued { copy, msg, .. } => {
                let body = b.msg_body.get(msg.0 as usize).cloned().flatten();
                set(&mut b.copy_body, copy.index(), body);
            }
            Event::Returned { .. } => g.returned += 1,
            Event::Acked { copy, .. } => {
                g.acked += 1;
                b.body_of_copy(copy.index());
            }
            Event::DeadLettered { copy, reason, msg, .. } => {
                *g.dead_lettered.entry(reason.as_str().into()).or_insert(0) += 1;
                g.expired += u64::from(*reason == DeathReason::Expired);
                b.body_of_copy(copy.index());
                set(&mut b.msg_body, msg.id.0 as usize, Some(msg.body.clone()));
            }
            Event::Dropped { copy, reason, .. } => {
                *g.dropped.entry(reason.as_str().into()).or_insert(0) += 1;
                g.expired += u64::from(*reason == DropReason::Expired);
                if let Some(body) = b.body_of_copy(copy.index()) {
                    b.fate.insert(body, reason.as_str());
                }
            }
            Event::Confirmed { channel, seq, ack } => self.on_confirm(*channel, *seq, *ack),
            Event::Delivered { channel, tag, redelivered, msg, .. } => {
                g.delivered += 1;
                g.redelivered += u64::from(*redelivered);
                if let Some(i) = self.consumer_on(*channel) {
                    self.check_order(i, &msg.body, &msg.routing_key);
                    let has_id = msg.extra().message_id.is_some();
                    self.received(i, *channel, *tag, msg.body.clone(), has_id);
                }
            }
            _ => {}
        }
    }

    /// Out of order: this consumer already saw a later message of the same producer and key.
    fn check_order(&mut self, consumer: usize, body: &Rc<str>, key: &Rc<str>) {
        let Some((name, n)) = body.rsplit_once('-') else { return };
        let (Some(&producer), Ok(n)) = (self.producer_by_name.get(name), n.parse::<u64>()) else { return };
        let highest = self.books.highest_seq.entry((consumer, producer, key.clone())).or_insert(0);
        if n < *highest {
            *self.guarantees.out_of_order.entry(key.to_string()).or_insert(0) += 1;
        } else {
            *highest = n;
        }
    }

    /// Closes the books: processed counts, backlog, and every published message that was lost,
    /// with its cause. May be called at any time (a live world's ledger so far).
    pub fn finish(&mut self) {
        let b = &self.books;
        let processed_ids: BTreeSet<&str> = b.side_effects.keys().map(|(_, id)| &**id).collect();
        let held: BTreeSet<Rc<str>> = self
            .broker
            .queues()
            .flat_map(|q| q.ready.iter().map(|m| m.msg.body.clone()))
            .chain(self.broker.channels().flat_map(|c| c.unacked.iter().map(|d| d.queued.msg.body.clone())))
            .collect();
        let g = &mut self.guarantees;
        g.processed = processed_ids.len() as u64;
        g.processed_more_than_once = b.side_effects.values().filter(|n| **n > 1).count() as u64;
        g.backlog = held.len() as u64;
        g.redis_ops = self.redis.ops;
        g.mysql_ops = self.mysql.ops;
        g.lost.clear();
        g.lost_confirmed = 0;
        for (p, spec) in self.producers.iter().zip(&self.scenario.producers) {
            for n in 1..=p.sent {
                let id = format!("{}-{n}", spec.name);
                if processed_ids.contains(id.as_str()) || held.contains(id.as_str()) || b.tx_discarded.contains(id.as_str()) {
                    continue;
                }
                let cause = if b.dedup_marked.contains(id.as_str()) {
                    "marked done in the dedup store, then never processed"
                } else {
                    b.fate.get(id.as_str()).copied().unwrap_or("never consumed")
                };
                let confirmed = b.confirmed.contains(id.as_str());
                g.lost_confirmed += u64::from(confirmed);
                let cause = if confirmed { format!("confirmed, then {cause}") } else { cause.to_string() };
                *g.lost.entry(cause).or_insert(0) += 1;
            }
        }
    }
}
