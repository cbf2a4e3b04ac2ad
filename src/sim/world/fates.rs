//! The fate of each message copy as of now (`sim/fate.rs`), decided from the books
//! (`books.rs`) and where the copies and messages still in the run are; and the closing of the
//! books (the ledger's counters that sum over the fates, and the Jepsen check).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::books::{parts, split, CopyKey, MsgKey, Slot, CONFIRMED, DEDUP_HIT, DEDUP_MARKED, RETURNED, ROLLED_BACK, REFUSED, TX_DISCARDED};
use super::World;
use crate::core::QueueId;
use crate::sim::fate::{CopyFate, Fate, FateKind, FateTally};

impl World {
    /// Where each copy not yet finished is now: ready in a queue, or moving (unacked at a
    /// consumer, in its hands), and where each message not yet routed is (on a producer's
    /// link, in an open transaction, awaiting a resend).
    fn whereabouts(&self) -> Whereabouts {
        let b = &self.books;
        let copy = |c: crate::core::CopyId| -> Option<CopyKey> {
            let key = b.copy_key.get(c.index()).copied().filter(|k| *k != 0)?;
            Some((key, b.copy_slot.get(c.index()).copied().unwrap_or(Slot::MAX)))
        };
        let mut w = Whereabouts::default();
        for q in self.broker.queues() {
            for m in q.ready.iter() {
                if let Some(c) = copy(m.copy) {
                    w.ready.entry(c).or_insert_with(|| q.name.clone());
                }
            }
        }
        w.unacked = crate::ordered::set_of(self.broker.channels().flat_map(|c| c.unacked.iter().filter_map(|d| copy(d.queued.copy))));
        w.moving = crate::ordered::set_of(w.unacked.iter().copied().chain(self.consumers.iter().flat_map(|c| c.working_copies())));
        // Still in an open transaction (or waiting in a held link): not lost, not yet sent.
        w.open = crate::ordered::set_of(self.producers.iter().flat_map(|p| p.unsent()).filter_map(|id| b.key(id)));
        for p in &self.producers {
            w.open.extend(p.on_the_wire().filter_map(|id| b.key(id)));
            w.awaiting_confirm.extend(p.pending_keys());
        }
        w
    }

    /// The fate of copy `copy` as of now (see `sim/fate.rs` for the order of precedence).
    fn decide_copy(&self, copy: CopyKey, w: &Whereabouts) -> Fate {
        let b = &self.books;
        let cell = b.cell(copy);
        if cell.effects > 0 {
            return if cell.effects > 1 {
                Fate::ProcessedTwice { times: cell.effects }
            } else if cell.flags & DEDUP_HIT != 0 {
                Fate::Deduplicated
            } else {
                Fate::Processed
            };
        }
        if let Some(queue) = w.ready.get(&copy) {
            return match b.dead.get(&copy) {
                Some(reason) => Fate::DeadLettered { reason: *reason, queue: queue.clone() },
                None => Fate::StillQueued { queue: queue.clone() },
            };
        }
        if w.moving.contains(&copy) {
            return Fate::InFlight;
        }
        if cell.flags & DEDUP_MARKED != 0 {
            return Fate::LostAfterDedupMark;
        }
        match b.copy_fate.get(&copy) {
            Some((_, fate)) => fate.clone(),
            // Acked without its side effect, but its producer may route it here again.
            None if w.open.contains(&copy.0) || w.awaiting_confirm.contains(&copy.0) => Fate::InFlight,
            None => Fate::Vanished,
        }
    }

    /// The fate of message `key` that reached no queue: one fate, on the publisher's side.
    fn decide_unrouted(&self, key: MsgKey, w: &Whereabouts) -> Fate {
        let b = &self.books;
        if w.open.contains(&key) {
            return Fate::InFlight;
        }
        if b.has(key, TX_DISCARDED) {
            return if b.has(key, ROLLED_BACK) { Fate::RolledBack } else { Fate::Uncommitted };
        }
        if b.has(key, REFUSED) && !b.has(key, CONFIRMED) {
            return if b.has(key, RETURNED) { Fate::Returned } else { Fate::Nacked };
        }
        match b.fate.get(&key) {
            // Lost before the broker, but its producer will resend it: not over yet.
            Some((_, Fate::LostOnTheWay)) | None if w.awaiting_confirm.contains(&key) => Fate::InFlight,
            Some((_, fate)) => fate.clone(),
            None => Fate::Vanished,
        }
    }

    /// Calls `each` with every copy of message `key` and its fate (slot None: the message
    /// reached no queue, and this is its one publisher-side fate).
    fn decide(&self, key: MsgKey, w: &Whereabouts, mut each: impl FnMut(Option<Slot>, Fate)) {
        let mut any = false;
        for s in self.books.routed(key) {
            any = true;
            each(Some(s), self.decide_copy((key, s), w));
        }
        if !any {
            each(None, self.decide_unrouted(key, w));
        }
    }

    /// The name of queue `queue` as the books know it (a deleted queue, or a split brain's
    /// second queue, keeps its name here).
    pub fn queue_name(&self, queue: QueueId) -> Option<Rc<str>> {
        let s = self.books.slot_of(queue);
        (s != Slot::MAX).then(|| self.books.slot_name(s))
    }

    /// The client message id of broker copy `copy` (None: not a copy of a producer's message,
    /// or a copy already acked or dead-lettered).
    pub fn copy_message(&self, copy: crate::core::CopyId) -> Option<Rc<str>> {
        let key = self.books.copy_key.get(copy.index()).copied().filter(|k| *k != 0)?;
        self.client_message(key).map(|(_, id)| id)
    }

    /// The producer (by index) and client message id of broker message `msg` (None: not a
    /// producer's message).
    pub fn message_of(&self, msg: crate::core::MsgId) -> Option<(usize, Rc<str>)> {
        let key = self.books.msg_key.get(usize::try_from(msg.0).ok()?).copied().filter(|k| *k != 0)?;
        self.client_message(key)
    }

    fn client_message(&self, key: MsgKey) -> Option<(usize, Rc<str>)> {
        let (p, n) = split(key);
        Some((p, crate::sim::message_id::format(&self.scenario.producers.get(p)?.name, n as u64 + 1)))
    }

    /// The fate of every copy of message `id` as of now, in the order of the queues (None: no
    /// message of this run's producers).
    pub fn fates_of(&self, id: &str) -> Option<Vec<CopyFate>> {
        let key = self.books.key(id)?;
        let (p, n) = split(key);
        if n as u64 >= self.producers.get(p)?.sent {
            return None;
        }
        let mut out = Vec::new();
        self.decide(key, &self.whereabouts(), |s, fate| out.push(CopyFate { queue: s.map(|s| self.books.slot_name(s)), fate }));
        Some(out)
    }

    /// Whether `key` is one of the messages this run's producers created (the ones `finish` decides).
    fn is_published(&self, key: MsgKey) -> bool {
        let (p, n) = parts(key);
        usize::try_from(p).ok().and_then(|p| self.producers.get(p)).is_some_and(|producer| n >= 1 && n <= producer.sent)
    }

    /// Closes the books: every copy's fate, and the counters that sum over them (processed,
    /// processed twice, still held, lost with its cause, confirmed and lost). May be called at
    /// any time (a live world's ledger so far).
    pub fn finish(&mut self) {
        let w = self.whereabouts();
        let mut fates = FateTally::default();
        self.guarantees.redis_ops = self.redis.ops;
        self.guarantees.mysql_ops = self.mysql.ops;
        let mut lost: BTreeMap<String, u64> = BTreeMap::new();
        let (mut processed, mut twice, mut lost_confirmed) = (0, 0, 0);
        for (p, producer) in self.producers.iter().enumerate() {
            for n in 1..=producer.sent {
                let key = (p as u64) << 40 | n;
                self.decide(key, &w, |s, fate| {
                    let kind = fate.kind();
                    fates.add(kind);
                    processed += u64::from(matches!(kind, FateKind::Processed | FateKind::ProcessedTwice | FateKind::Deduplicated));
                    twice += u64::from(kind == FateKind::ProcessedTwice);
                    let b = &self.books;
                    // Jepsen: confirmed, and no queue will ever have it processed.
                    let gone = matches!(kind, FateKind::Expired | FateKind::Dropped | FateKind::Unroutable);
                    lost_confirmed += u64::from((kind.is_lost() || gone) && b.has(key, CONFIRMED));
                    if kind.is_lost() {
                        let recorded = match s {
                            Some(s) => b.copy_fate.get(&(key, s)),
                            None => b.fate.get(&key),
                        };
                        let cause = match (kind, recorded) {
                            (FateKind::LostAfterDedupMark, _) => "marked done in the dedup store, then never processed",
                            (_, Some((cause, _))) => cause,
                            (_, None) => "never consumed",
                        };
                        let confirmed = b.has(key, CONFIRMED);
                        let cause = if confirmed { format!("confirmed, then {cause}") } else { cause.to_string() };
                        *lost.entry(cause).or_insert(0) += 1;
                    }
                });
            }
        }
        // Held by the broker (ready, or unacked at a consumer): the copies of those that are
        // copies of this run's messages, counted from the few held rather than looked up for
        // each of the hundreds of thousands of copies (two tree searches each).
        let held = w.ready.keys().filter(|c| !w.unacked.contains(c)).chain(w.unacked.iter());
        let backlog = held.filter(|&&(key, s)| self.is_published(key) && self.books.is_routed((key, s))).count() as u64;
        let g = &mut self.guarantees;
        (g.processed, g.processed_more_than_once, g.backlog, g.lost, g.lost_confirmed) = (processed, twice, backlog, lost, lost_confirmed);
        self.fates = fates;
    }
}

/// Where the copies and messages still in the run are (see [`World::whereabouts`]).
#[derive(Default)]
struct Whereabouts {
    /// Copies ready in a queue (the queue's name).
    ready: BTreeMap<CopyKey, Rc<str>>,
    /// Copies unacked at a consumer.
    unacked: BTreeSet<CopyKey>,
    /// Copies unacked or in a consumer's hands.
    moving: BTreeSet<CopyKey>,
    /// Messages not yet routed: in an open transaction, a held link or on the wire.
    open: BTreeSet<MsgKey>,
    awaiting_confirm: BTreeSet<MsgKey>,
}
