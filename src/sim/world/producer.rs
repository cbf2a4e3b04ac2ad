//! Simulated producers: publish at an interval, at a rate or in bursts; in plain, confirm or tx
//! mode. In confirm mode a message nacked, or not confirmed within `confirm_timeout_ms`, is sent
//! again under the same message id (publisher-side duplicates); in tx mode every `tx_batch` publishes end in
//! a tx.commit, or a tx.rollback with the scenario's probability.

use std::collections::VecDeque;
use std::rc::Rc;

use super::awaiting::Awaiting;
use super::books::{parts, MsgKey};
use super::network::Link;
use super::{Client, Wakeup, World, RESTART_MS};
use crate::core::command::Command;
use crate::core::ids::{ChannelId, ConnectionId};
use crate::core::message::Properties;
use crate::core::value::{table_from_json, Table};
use crate::core::time::micros_from_millis;
use crate::core::Time;
use crate::sim::client_event::ClientStep;
use crate::sim::fate::Fate;
use crate::sim::message_id;
use crate::sim::scenario::{ProducerSpec, PublishMode};

/// A publish awaiting its confirm: the message's key in the books (its id and routing key follow
/// from it, `World::id_and_key`, for the few resent or refused), how many times it was resent
/// already, and when it was sent (for the confirm latency). No strings: a confirm moves and
/// drops three integers.
type Pending = (MsgKey, u32, Time);

/// A message not confirmed after this many resends is given up (counted in the ledger's
/// `gave_up`), as a real client's retry policy stops: a confirm timeout shorter than the round
/// trip would otherwise resend for ever, one more copy on the wire each time.
pub const MAX_RESENDS: u32 = 10;

#[derive(Clone, Debug)]
pub(super) struct Producer {
    pub(super) connection: Option<ConnectionId>,
    pub(super) channel: Option<ChannelId>,
    /// Counts the channels opened: a confirm from an old channel never matches a new publish.
    epoch: u64,
    /// The spec's exchange, keys and headers, prepared once rather than on every publish.
    exchange: Rc<str>,
    keys: Vec<Rc<str>>,
    /// For each key, the place of the first key equal to it.
    first_equal_key: Vec<usize>,
    headers: Table,
    /// Messages created so far (the next one is `<name>-<sent + 1>`).
    pub(super) sent: u64,
    /// Writes those ids.
    ids: message_id::Ids,
    /// Inline calls made instead of publishes (`inline.rs`); they count towards `count`.
    inline_calls: u64,
    /// Confirm mode: (channel epoch, publish sequence number) -> (message id, routing key),
    /// until confirmed. Epoch 0 holds publishes lost on the network, which no confirm matches.
    pending: Awaiting<Pending>,
    /// Confirm deadlines in send order (the timeout is the same for every send, so also in
    /// deadline order): one wakeup per producer for the earliest, instead of one per message
    /// in the world's queue. Confirmed entries are skipped when their deadline comes.
    deadlines: VecDeque<(Time, u64, u64)>,
    deadline_armed: bool,
    next_seq: u64,
    dropped: u64,
    /// Tx mode: the messages published in the open transaction.
    tx_open: Vec<Rc<str>>,
    /// Tx mode: the channel whose tx.commit (or tx.rollback) is unanswered. The transaction is
    /// synchronous: the producer publishes nothing until its commit-ok comes back.
    tx_waiting: Option<ChannelId>,
    /// Messages the application handed over while the producer waited for its commit-ok; they
    /// go out, in order, once it arrives (they count towards `count`).
    tx_held: u64,
    pub(super) lose_next_confirm: bool,
    pub(super) drop_next: bool,
    /// A crashed producer publishes nothing until then.
    pub(super) down_until: Time,
    pub(super) link: Link,
}

impl Producer {
    pub(super) fn new(spec: &ProducerSpec) -> Producer {
        Producer {
            connection: None,
            channel: None,
            epoch: 0,
            exchange: spec.exchange.as_str().into(),
            keys: spec.keys.iter().map(|k| Rc::from(k.as_str())).collect(),
            first_equal_key: spec.keys.iter().enumerate().map(|(at, k)| spec.keys.iter().position(|x| x == k).unwrap_or(at)).collect(),
            headers: table_from_json(&spec.headers).expect("validated"),
            sent: 0,
            ids: message_id::Ids::new(&spec.name),
            inline_calls: 0,
            pending: Awaiting::default(),
            deadlines: VecDeque::new(),
            deadline_armed: false,
            next_seq: 1,
            dropped: 0,
            tx_open: Vec::new(),
            tx_waiting: None,
            tx_held: 0,
            lose_next_confirm: false,
            drop_next: false,
            down_until: Time::ZERO,
            link: Link::default(),
        }
    }
}

impl Producer {
    /// Messages created but not yet sent for good: in an open transaction.
    pub(super) fn unsent(&self) -> impl Iterator<Item = &str> {
        self.tx_open.iter().map(|id| &**id)
    }

    /// Messages whose publish is held or travelling on the producer's link.
    pub(super) fn on_the_wire(&self) -> impl Iterator<Item = &str> {
        fn publish(c: &Command) -> Option<&str> {
            match c {
                Command::Publish { body, .. } => Some(body),
                _ => None,
            }
        }
        self.link.outbox.iter().filter_map(publish).chain(self.link.in_flight.iter().filter_map(|(_, c)| publish(c)))
    }

    /// The place of routing key `key` among the producer's keys (the first of equal ones):
    /// found by address first (the very string it sent), else by text. None: not one of them.
    pub(super) fn key_place(&self, key: &Rc<str>) -> Option<usize> {
        let at = self.keys.iter().position(|k| Rc::ptr_eq(k, key)).or_else(|| self.keys.iter().position(|k| **k == **key))?;
        self.first_equal_key.get(at).copied()
    }

    /// Messages awaiting their confirm (a lost one is resent when its deadline comes).
    pub(super) fn pending_keys(&self) -> impl Iterator<Item = MsgKey> + '_ {
        self.pending.values().map(|(key, ..)| *key)
    }
}

/// The time between an interval or rate producer's ticks.
fn tick_us(spec: &ProducerSpec) -> u64 {
    match spec.rate_per_s {
        Some(rate) => (1_000_000 / u64::from(rate)).max(1),
        None => micros_from_millis(spec.interval_ms),
    }
}

impl World {
    fn producer_channel(&mut self, i: usize) -> Option<ChannelId> {
        if let Some(ch) = self.alive(self.producers[i].channel) {
            return Some(ch);
        }
        // The old channel died with its transaction: the broker never enqueued those messages.
        self.discard_open_tx(i);
        let spec = &self.scenario.producers[i];
        let (name, node) = (spec.name.clone(), self.node_index(spec.node.as_ref()));
        let (connection, channel) = self.open_channel_on(&name, node)?;
        match self.scenario.producers[i].mode {
            PublishMode::Confirm => self.apply(Command::ConfirmSelect { channel }),
            PublishMode::Tx => self.apply(Command::TxSelect { channel }),
            PublishMode::Plain => None,
        };
        let p = &mut self.producers[i];
        // A new channel numbers its publishes from 1 again; what was pending will never be confirmed.
        p.epoch += 1;
        p.next_seq = 1;
        p.connection = Some(connection);
        p.channel = Some(channel);
        self.owners.set(channel, Client::Producer(i));
        Some(channel)
    }

    pub(super) fn discard_open_tx(&mut self, i: usize) {
        let open = std::mem::take(&mut self.producers[i].tx_open);
        self.guarantees.tx_uncommitted += open.len() as u64;
        for id in &open {
            self.books.tx_discard(id);
            self.note(Some(id), ClientStep::TxAborted { producer: i as u32 });
        }
    }

    /// The application handed over its `count` messages (some may wait for a commit-ok).
    fn count_reached(&self, i: usize) -> bool {
        let p = &self.producers[i];
        self.scenario.producers[i].count.is_some_and(|c| p.sent + p.inline_calls + p.tx_held >= c)
    }

    /// Every one of the `count` messages was sent (none waits for a commit-ok).
    fn all_sent(&self, i: usize) -> bool {
        self.count_reached(i) && self.producers[i].tx_held == 0
    }

    /// An interval or rate producer's tick: one message, then the next tick.
    pub(super) fn publish_tick(&mut self, i: usize) {
        if self.count_reached(i) {
            return;
        }
        self.publish_one(i);
        let gap_us = tick_us(&self.scenario.producers[i]);
        self.wake(self.now().plus_micros(gap_us), Wakeup::Publish(i));
    }

    /// A burst: `size` messages at once.
    pub(super) fn burst(&mut self, i: usize, _index: usize) {
        let size = self.scenario.producers[i].burst.as_ref().map_or(0, |b| b.size);
        for _ in 0..size {
            if self.count_reached(i) {
                return;
            }
            self.publish_one(i);
        }
    }

    fn publish_one(&mut self, i: usize) {
        if self.now() < self.producers[i].down_until {
            return; // The process is down: the message is never created.
        }
        if let Some(service) = self.scenario.producers[i].inline_call.as_deref() {
            let service = Rc::from(service);
            self.producers[i].inline_calls += 1;
            self.call_inline(i, &service);
            return;
        }
        // A commit on a channel that has died since will never be answered.
        if let Some(ch) = self.producers[i].tx_waiting {
            if self.alive(Some(ch)).is_none() {
                self.producers[i].tx_waiting = None;
            }
        }
        if self.producers[i].tx_waiting.is_some() || self.producers[i].tx_held > 0 {
            self.producers[i].tx_held += 1;
            self.publish_held(i);
            return;
        }
        self.publish_new(i);
    }

    /// What waited for a commit-ok goes out until the next commit makes the producer wait again.
    fn publish_held(&mut self, i: usize) {
        while self.producers[i].tx_held > 0 && self.producers[i].tx_waiting.is_none() {
            self.producers[i].tx_held -= 1;
            self.publish_new(i);
        }
    }

    /// A tx.commit-ok (or tx.rollback-ok) reaches the producer: it publishes again.
    pub(super) fn on_tx_ok(&mut self, channel: ChannelId) {
        let Some(i) = self.producers.iter().position(|p| p.tx_waiting == Some(channel)) else { return };
        let now = self.now();
        self.measures.last_settled = self.measures.last_settled.max(now);
        self.tx_resume(i);
    }

    /// The producer stops waiting for a commit-ok (it came, or its channel died) and sends what
    /// waited.
    pub(super) fn tx_resume(&mut self, i: usize) {
        self.producers[i].tx_waiting = None;
        if self.now() >= self.producers[i].down_until {
            self.publish_held(i);
        }
    }

    /// The producer's channel died under an unanswered commit: no answer will come, so it goes
    /// on (at the next wakeup, not inside the broker event that told it).
    pub(super) fn tx_channel_lost(&mut self, i: usize) {
        if self.producers[i].tx_waiting.take().is_some() && self.producers[i].tx_held > 0 {
            self.wake(self.now(), Wakeup::TxResume(i));
        }
    }

    /// The id and routing key of producer `i`'s message `msg` (its n-th: `<name>-<n>`, the
    /// n-th key in turn), as `publish_new` made them.
    fn id_and_key(&self, i: usize, msg: MsgKey) -> (Rc<str>, Rc<str>) {
        let (_, n) = parts(msg);
        let p = &self.producers[i];
        let key = p.keys[(n.saturating_sub(1) % p.keys.len() as u64) as usize].clone();
        (message_id::format(&self.scenario.producers[i].name, n), key)
    }

    /// A new message: created, published, and in tx mode committed with its batch.
    fn publish_new(&mut self, i: usize) {
        let p = &mut self.producers[i];
        let n = p.sent;
        p.sent += 1;
        let id = p.ids.id(n + 1);
        let key = p.keys[(n % p.keys.len() as u64) as usize].clone();
        self.guarantees.published += 1;
        self.place_order(i, (i as u64) << 40 | (n + 1));
        self.send(i, id, key, (i as u64) << 40 | (n + 1), 0);
        // The last message: a tx producer commits its partial batch rather than leave it open.
        if self.all_sent(i) && !self.producers[i].tx_open.is_empty() {
            if let Some(channel) = self.alive(self.producers[i].channel) {
                self.end_tx(i, channel);
            }
        }
    }

    /// One `basic.publish` of message `id` (a first send or a resend).
    fn send(&mut self, i: usize, id: Rc<str>, key: Rc<str>, msg: MsgKey, resends: u32) {
        let channel = self.producer_channel(i);
        let spec = &self.scenario.producers[i];
        // No node to connect to: the publish fails like one lost on the way.
        let unreachable = channel.is_none();
        let channel = channel.unwrap_or(ChannelId(u32::MAX));
        let (mode, confirm_timeout_ms, tx_batch) = (spec.mode, spec.confirm_timeout_ms, spec.tx_batch);
        let p = &self.producers[i];
        let properties = Properties {
            persistent: spec.persistent,
            priority: None,
            expiration: spec.expiration.clone(),
            message_id: spec.message_ids.then(|| id.clone()),
            headers: p.headers.clone(),
        };
        let command = Command::Publish {
            channel,
            exchange: p.exchange.clone(),
            routing_key: key,
            mandatory: spec.mandatory,
            immediate: false,
            properties,
            body: id.clone(),
        };
        self.guarantees.publishes += 1;
        if mode == PublishMode::Plain {
            // Plain mode hears nothing back: the producer is done with a message once it sent it.
            self.measures.last_settled = self.measures.last_settled.max(self.now());
        }
        let lost = unreachable || std::mem::take(&mut self.producers[i].drop_next);
        // The pending entry goes in first: a transient message may be confirmed during the publish.
        let now = self.now();
        let pending = (mode == PublishMode::Confirm).then(|| {
            let p = &mut self.producers[i];
            let (epoch, seq) = if lost {
                p.dropped += 1;
                (0, p.dropped)
            } else {
                p.next_seq += 1;
                (p.epoch, p.next_seq - 1)
            };
            p.pending.insert((epoch, seq), (msg, resends, now));
            (epoch, seq)
        });
        self.note(Some(&id), ClientStep::Publish { producer: i as u32, resend: resends });
        if unreachable || lost {
            self.note(Some(&id), ClientStep::PublishLost { producer: i as u32, no_node: unreachable });
        }
        let accepted = if unreachable {
            self.books.set_fate(&id, "no broker node to connect to", Fate::LostOnTheWay);
            true
        } else if lost {
            self.guarantees.network_drops += 1;
            self.books.set_fate(&id, "dropped on the network before the broker", Fate::LostOnTheWay);
            true
        } else {
            self.books.publishing(&id, msg);
            self.transmit(Client::Producer(i), command)
        };
        if !accepted {
            if let Some(key) = pending {
                self.producers[i].pending.remove(&key);
            }
            return;
        }
        if let (Some((epoch, seq)), Some(ms)) = (pending, confirm_timeout_ms) {
            let due = self.now().plus_millis(ms);
            let p = &mut self.producers[i];
            p.deadlines.push_back((due, epoch, seq));
            if !std::mem::replace(&mut p.deadline_armed, true) {
                self.wake(due, Wakeup::ConfirmTimeout { producer: i });
            }
        }
        if mode == PublishMode::Tx && !unreachable {
            self.producers[i].tx_open.push(id);
            if self.producers[i].tx_open.len() as u64 >= u64::from(tx_batch) {
                self.end_tx(i, channel);
            }
        }
    }

    /// tx.commit, or tx.rollback with the scenario's probability; the producer then waits for
    /// the answer, one round trip (none without a client latency: the answer is immediate).
    fn end_tx(&mut self, i: usize, channel: ChannelId) {
        let mut batch = std::mem::take(&mut self.producers[i].tx_open);
        if self.scenario.network.client_latency_us > 0 {
            self.producers[i].tx_waiting = Some(channel);
        }
        let rollback = self.clients_rng.chance(self.scenario.producers[i].tx_rollback);
        if rollback {
            self.transmit(Client::Producer(i), Command::TxRollback { channel });
            self.guarantees.tx_rolled_back += batch.len() as u64;
            batch.iter().for_each(|id| self.books.tx_rolled_back(id));
        } else {
            self.transmit(Client::Producer(i), Command::TxCommit { channel });
            self.guarantees.tx_committed += batch.len() as u64;
        }
        let producer = i as u32;
        for id in &batch {
            self.note(Some(id), if rollback { ClientStep::TxRollback { producer } } else { ClientStep::TxCommit { producer } });
        }
        // The emptied batch goes back for the next one to fill, rather than a new vector grown
        // from nothing every batch (three reallocations per batch of ten).
        batch.clear();
        let open = &mut self.producers[i].tx_open;
        if open.is_empty() && open.capacity() < batch.capacity() {
            *open = batch;
        }
    }

    /// Resends, under the same message id and key, what was not confirmed in time; then waits
    /// for the next deadline.
    pub(super) fn confirm_timed_out(&mut self, i: usize) {
        let now = self.now();
        self.producers[i].deadline_armed = false;
        while let Some(&(due, epoch, seq)) = self.producers[i].deadlines.front() {
            if due > now {
                break;
            }
            self.producers[i].deadlines.pop_front();
            let Some((msg, resends, _)) = self.producers[i].pending.remove(&(epoch, seq)) else { continue };
            let (id, key) = self.id_and_key(i, msg);
            if resends >= MAX_RESENDS {
                self.guarantees.gave_up += 1;
                self.books.set_fate(&id, "the publisher gave up after 10 resends without a confirm", Fate::GaveUp);
                self.note(Some(&id), ClientStep::GaveUp { producer: i as u32 });
                continue;
            }
            self.guarantees.resends += 1;
            self.send(i, id, key, msg, resends + 1);
        }
        let p = &mut self.producers[i];
        if let (Some(&(due, _, _)), false) = (p.deadlines.front(), p.deadline_armed) {
            p.deadline_armed = true;
            self.wake(due, Wakeup::ConfirmTimeout { producer: i });
        }
    }

    /// A `basic.ack` / `basic.nack` from the broker on a producer's channel.
    pub(super) fn on_confirm(&mut self, channel: ChannelId, seq: u64, ack: bool) {
        let Some(i) = self.producer_on(channel) else { return };
        let epoch = self.producers[i].epoch;
        if std::mem::take(&mut self.producers[i].lose_next_confirm) {
            // Lost on the way back: the producer will time out and resend.
            if let Some(&(msg, ..)) = self.producers[i].pending.get(&(epoch, seq)) {
                let (id, _) = self.id_and_key(i, msg);
                self.note(Some(&id), ClientStep::ConfirmLost { producer: i as u32 });
            }
            return;
        }
        let Some((msg, resends, sent_at)) = self.producers[i].pending.remove(&(epoch, seq)) else { return };
        let now = self.now();
        self.measures.last_settled = self.measures.last_settled.max(now);
        if ack {
            self.measures.confirm_latency.record(sent_at, now);
            self.guarantees.confirmed += u64::from(self.books.confirm(msg));
            return;
        }
        self.guarantees.nacked += 1;
        if self.scenario.producers[i].confirm_timeout_ms.is_some() && resends < MAX_RESENDS {
            // A producer with a resend policy keeps a nacked message unsettled: its confirm
            // deadline, still queued, sends it again (the timeout is the back-off, so a full
            // queue is not hammered at the speed of the round trip).
            self.producers[i].pending.insert((epoch, seq), (msg, resends, sent_at));
        } else {
            let (id, _) = self.id_and_key(i, msg);
            self.books.refused(&id);
        }
    }

    /// The producer's process dies: its connection closes, its open transaction and pending
    /// confirms die with it, and it publishes again `RESTART_MS` later.
    pub(super) fn crash_producer(&mut self, i: usize) {
        self.kill_producer_connection(i);
        self.discard_open_tx(i);
        let p = &mut self.producers[i];
        // The process's memory dies with it: what waited for a commit-ok is never published.
        p.tx_waiting = None;
        p.tx_held = 0;
        p.pending.clear();
        p.deadlines.clear();
        p.down_until = self.broker.now().plus_millis(RESTART_MS);
    }

    /// The producer's connection drops; the process lives on and reconnects on its next publish
    /// (pending confirms time out and are resent).
    pub(super) fn kill_producer_connection(&mut self, i: usize) {
        if let Some(connection) = self.producers[i].connection.take() {
            if self.broker.connection(connection).is_some() {
                self.apply(Command::CloseConnection { connection });
            }
        }
        self.producers[i].channel = None;
        self.producers[i].link.outbox.clear();
        self.tx_channel_lost(i);
    }
}
