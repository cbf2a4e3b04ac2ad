//! Simulated consumers. Each delivery goes through a pipeline of stages, each a wakeup in
//! virtual time: a dedup check in the Redis-like store (`SET dedup:<queue>:<id> NX`), a lock
//! (`SET <key> <owner> NX PX <lease>`, retried while held), a cache-aside read (Redis, then
//! MySQL on a miss, filling Redis with a TTL), processing for a drawn time (which
//! fails with a drawn probability: reject or requeue), a unique-key insert in the MySQL-like
//! table together with the side effect, then the ack. Side effects are counted per message, so
//! "processed twice" is visible.

use std::rc::Rc;

use super::books::{CopyKey, MsgKey, Slot};
use super::jobs::Jobs;
use super::network::Link;
use super::stores::Key;
use super::{Client, Wakeup, World, RESTART_MS};
use crate::core::command::Command;
use crate::core::ids::{ChannelId, ConnectionId};
use crate::core::value::Value;
use crate::core::time::micros_from_millis;
use crate::core::Time;
use crate::sim::distribution::processing_us;
use crate::sim::client_event::ClientStep;
use crate::sim::fate::Fate;
use crate::sim::scenario::{ConsumerSpec, FailureAction, Idempotency};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// On the wire from the broker (the client latency).
    Arriving,
    Dedup,
    Lock,
    CacheRead,
    DbRead,
    Process,
    Insert,
    /// A cache-aside writer's update in MySQL, then its delete in Redis (`cache.rs`).
    DbWrite,
    CacheDelete,
}

/// One delivery in a consumer's hands.
#[derive(Clone, Debug)]
pub(super) struct Work {
    id: Rc<str>,
    /// The message as the books know it (0: not a client message).
    msg: MsgKey,
    /// The slot of the queue its copy was first routed to (the books count the copy's fate).
    slot: Slot,
    /// The routing key: the record a cache-aside consumer reads is named by it.
    key: Rc<str>,
    channel: ChannelId,
    tag: u64,
    /// Whether the message carries a message id (the dedup store and unique key need one).
    has_id: bool,
    stage: Stage,
    /// The lock's owner token while this delivery holds (or believes it holds) the lock.
    lock_token: Option<Rc<str>>,
    /// Cache-aside: the row's version the MySQL read saw (what the fill puts in Redis).
    version: u64,
}

#[derive(Clone, Debug)]
pub(super) struct Consumer {
    /// The queue it consumes from: side effects and dedup entries are kept per queue.
    pub(super) queue: Rc<str>,
    /// The queue's index in the scenario (the books count side effects per queue).
    pub(super) queue_slot: usize,
    lock_key: Option<Rc<str>>,
    pub(super) connection: Option<ConnectionId>,
    pub(super) channel: Option<ChannelId>,
    pub(super) generation: u64,
    /// Deliveries in progress, by a consumer-local job number (tags restart on a new channel).
    pub(super) working: Jobs<Work>,
    pub(super) lose_next_ack: bool,
    /// Whether its basic.consume stands (the broker cancels it when the queue's node goes down).
    pub(super) subscribed: bool,
    /// A crashed consumer starts again no earlier than this.
    pub(super) down_until: Time,
    /// Crashed, not yet started again (its restart is a step of the lifecycles it cut short).
    pub(super) crashed: bool,
    pub(super) link: Link,
}

impl Consumer {
    /// The copies in its hands (auto-acked or unacked, somewhere in the pipeline).
    pub(super) fn working_copies(&self) -> impl Iterator<Item = CopyKey> + '_ {
        self.working.values().map(|w| (w.msg, w.slot)).filter(|(k, _)| *k != 0)
    }

    pub(super) fn new(spec: &ConsumerSpec, queue_slot: usize) -> Consumer {
        Consumer {
            queue: spec.queue.as_str().into(),
            queue_slot,
            lock_key: spec.lock.as_ref().map(|l| Rc::from(l.key.as_str())),
            connection: None,
            channel: None,
            generation: 0,
            working: Jobs::default(),
            lose_next_ack: false,
            subscribed: false,
            down_until: Time::ZERO,
            crashed: false,
            link: Link::default(),
        }
    }
}

impl World {
    /// Connects (if not connected) and subscribes (if not subscribed). Where the node or the
    /// queue is down, it tries again `RESTART_MS` later, as a client library's recovery does.
    pub(super) fn start_consumer(&mut self, i: usize) {
        if self.now() < self.consumers[i].down_until {
            return;
        }
        if std::mem::take(&mut self.consumers[i].crashed) {
            self.note(None, ClientStep::Restarted { consumer: i as u32 });
        }
        let alive = self.alive(self.consumers[i].channel);
        if alive.is_some() && self.consumers[i].subscribed {
            return;
        }
        let spec = self.scenario.consumers[i].clone();
        let channel = match alive {
            Some(channel) => channel,
            None => {
                let Some((connection, channel)) = self.open_channel_on(&spec.name, self.node_index(spec.node.as_ref())) else {
                    self.wake(self.now().plus_millis(RESTART_MS), Wakeup::StartConsumer(i));
                    return;
                };
                if spec.prefetch > 0 {
                    self.apply(Command::prefetch(channel, spec.prefetch));
                }
                self.consumers[i].connection = Some(connection);
                self.consumers[i].channel = Some(channel);
                self.owners.set(channel, Client::Consumer(i));
                channel
            }
        };
        let args = if spec.priority != 0 { [("x-priority".to_string(), Value::Int(spec.priority))].into() } else { Default::default() };
        self.consumers[i].subscribed = true;
        let ok = self.apply(Command::Consume { channel, queue: spec.queue.clone(), tag: spec.name.clone(), auto_ack: spec.auto_ack, exclusive: false, args }).is_some();
        if !ok {
            // The queue is unavailable (404 closes the channel): reconnect and try again.
            self.consumers[i].subscribed = false;
            self.consumers[i].channel = None;
            self.wake(self.now().plus_millis(RESTART_MS), Wakeup::StartConsumer(i));
        }
    }

    /// The broker cancelled the consumer (its queue's node went down) or closed its connection
    /// (its node went down): it recovers `RESTART_MS` later.
    pub(super) fn lost_by_broker(&mut self, i: usize, connection_gone: bool) {
        let c = &mut self.consumers[i];
        c.subscribed = false;
        if connection_gone {
            c.connection = None;
            c.channel = None;
            c.link.outbox.clear();
        }
        self.wake(self.now().plus_millis(RESTART_MS), Wakeup::StartConsumer(i));
    }

    /// A delivery arrives: it enters the pipeline at its first stage.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn received(&mut self, i: usize, channel: ChannelId, tag: u64, id: Rc<str>, key: Rc<str>, has_id: bool, (msg, slot): CopyKey) {
        let latency = self.scenario.network.client_latency_us;
        let stage = if latency > 0 { Stage::Arriving } else { Stage::Dedup };
        let job = self.consumers[i].working.push(Work { id, msg, slot, key, channel, tag, has_id, stage, lock_token: None, version: 0 });
        if latency > 0 {
            self.wake_step(i, job, latency);
        } else {
            self.begin(i, job, has_id);
        }
    }

    /// The delivery is in the consumer's hands: a dedup check first if it keeps a dedup set.
    fn begin(&mut self, i: usize, job: u64, has_id: bool) {
        if self.scenario.consumers[i].idempotency == Idempotency::DedupSet && has_id {
            self.set_stage(i, job, Stage::Dedup);
            self.redis_round_trip(i, job);
        } else {
            self.enter_lock(i, job);
        }
    }

    fn set_stage(&mut self, i: usize, job: u64, stage: Stage) {
        if let Some(w) = self.consumers[i].working.get_mut(job) {
            w.stage = stage;
        }
    }

    fn wake_step(&mut self, i: usize, job: u64, after_us: u64) {
        let generation = self.consumers[i].generation;
        self.wake(self.now().plus_micros(after_us), Wakeup::Step { consumer: i, generation, tag: job });
    }

    fn redis_round_trip(&mut self, i: usize, job: u64) {
        self.wake_step(i, job, micros_from_millis(self.scenario.stores.redis.latency_ms));
    }

    fn enter_lock(&mut self, i: usize, job: u64) {
        if self.scenario.consumers[i].lock.is_some() {
            self.set_stage(i, job, Stage::Lock);
            self.redis_round_trip(i, job);
        } else {
            self.enter_cache(i, job);
        }
    }

    /// Cache-aside: read the record from Redis first; on a miss, from MySQL, then fill Redis.
    fn enter_cache(&mut self, i: usize, job: u64) {
        if self.scenario.consumers[i].cache.is_some() {
            self.set_stage(i, job, Stage::CacheRead);
            self.redis_round_trip(i, job);
        } else {
            self.enter_processing(i, job);
        }
    }

    fn enter_processing(&mut self, i: usize, job: u64) {
        self.set_stage(i, job, Stage::Process);
        self.note_job(i, job, ClientStep::ProcessingStarted { consumer: i as u32 });
        let spec = &self.scenario.consumers[i];
        let (processing, span) = (spec.processing, spec.processing_ms);
        let us = processing_us(&mut self.clients_rng, processing, span);
        self.wake_step(i, job, us);
    }

    /// Records a client step about the message of job `job` (nothing to find without a log).
    /// Inlined, as `note` is: a benchmark run keeps no log.
    #[inline]
    fn note_job(&mut self, i: usize, job: u64, step: ClientStep) {
        if !self.keep_log {
            return;
        }
        if let Some(id) = self.consumers[i].working.get(job).map(|w| w.id.clone()) {
            self.note(Some(&id), step);
        }
    }

    /// The side effect of copy `copy` of message `id` happens (once more).
    fn side_effect(&mut self, i: usize, id: &Rc<str>, copy: CopyKey) {
        let times = self.books.side_effect(copy);
        self.note(Some(id), ClientStep::SideEffect { consumer: i as u32, times });
    }

    /// A stage of a delivery's pipeline completes.
    pub(super) fn step(&mut self, i: usize, generation: u64, job: u64) {
        if self.consumers[i].generation != generation {
            return; // The process crashed since: this work died with it.
        }
        let Some(work) = self.consumers[i].working.get(job) else { return };
        let (id, msg, stage) = (work.id.clone(), work.msg, work.stage);
        let copy = (msg, work.slot);
        let queue = self.consumers[i].queue.clone();
        match stage {
            Stage::Arriving => {
                let has_id = work.has_id;
                self.begin(i, job, has_id);
            }
            Stage::Dedup => {
                let key = self.store_key(i, &queue, &id, msg);
                if self.redis.set_nx(self.now(), key, self.dedup_value.clone(), None) {
                    self.books.dedup_mark(copy);
                    self.note(Some(&id), ClientStep::DedupMarked { consumer: i as u32 });
                    self.enter_lock(i, job);
                } else {
                    self.guarantees.deduplicated += 1;
                    self.books.dedup_hit(copy);
                    self.note(Some(&id), ClientStep::DedupHit { consumer: i as u32 });
                    self.complete(i, job);
                }
            }
            Stage::Lock => self.try_lock(i, job),
            Stage::CacheRead => {
                let record = self.consumers[i].working[&job].key.clone();
                if let Some(cached) = self.redis.get(self.now(), &Key::Name(record.clone())) {
                    self.guarantees.cache_hits += 1;
                    self.note(Some(&id), ClientStep::CacheHit { consumer: i as u32 });
                    self.check_stale(&record, &cached);
                    self.enter_processing(i, job);
                } else {
                    self.guarantees.cache_misses += 1;
                    self.note(Some(&id), ClientStep::CacheMiss { consumer: i as u32 });
                    // The query reads the row as it reaches MySQL; the fill comes a round trip later.
                    let version = self.mysql.version(&record);
                    if let Some(w) = self.consumers[i].working.get_mut(job) {
                        w.version = version;
                    }
                    self.set_stage(i, job, Stage::DbRead);
                    self.wake_step(i, job, micros_from_millis(self.scenario.stores.mysql.latency_ms));
                }
            }
            Stage::DbRead => {
                // The record came from MySQL; put it in Redis for the next reader.
                let ttl_ms = self.scenario.consumers[i].cache.as_ref().map_or(0, |c| c.ttl_ms);
                let work = &self.consumers[i].working[&job];
                let (key, version) = (Key::Name(work.key.clone()), work.version);
                self.mysql.select();
                self.redis.set_px(self.now(), key, version.to_string().into(), ttl_ms);
                self.enter_processing(i, job);
            }
            Stage::Process => {
                let spec = &self.scenario.consumers[i];
                let (failure, on_failure, idempotency, auto_ack) = (spec.failure, spec.on_failure, spec.idempotency, spec.auto_ack);
                if self.clients_rng.chance(failure) {
                    self.note(Some(&id), ClientStep::ProcessingFailed { consumer: i as u32 });
                    self.release_lock(i, job);
                    let Some(work) = self.consumers[i].working.remove(job) else { return };
                    if auto_ack {
                        self.books.set_copy_fate((work.msg, work.slot), "its processing failed in an auto-ack consumer", Fate::LostAutoAckFailure);
                    } else {
                        self.guarantees.rejected += 1;
                        let requeue = on_failure == FailureAction::Requeue;
                        self.transmit(Client::Consumer(i), Command::reject(work.channel, work.tag, requeue));
                    }
                    return;
                }
                if idempotency == Idempotency::UniqueKey && self.consumers[i].working[&job].has_id {
                    self.set_stage(i, job, Stage::Insert);
                    self.wake_step(i, job, micros_from_millis(self.scenario.stores.mysql.latency_ms));
                } else {
                    self.processed(i, job, copy);
                }
            }
            Stage::Insert => {
                // The unique key and the side effect commit in one transaction: a duplicate
                // insert fails, and the side effect rolls back with it.
                if self.mysql.insert_unique(self.store_key(i, &queue, &id, msg)) {
                    self.side_effect(i, &id, copy);
                } else {
                    self.guarantees.deduplicated += 1;
                    self.books.dedup_hit(copy);
                    self.note(Some(&id), ClientStep::DedupHit { consumer: i as u32 });
                }
                self.complete(i, job);
            }
            Stage::DbWrite => {
                let record = self.consumers[i].working[&job].key.clone();
                self.write_row(&record);
                self.note(Some(&id), ClientStep::RowWritten { consumer: i as u32 });
                self.set_stage(i, job, Stage::CacheDelete);
                self.redis_round_trip(i, job);
            }
            Stage::CacheDelete => {
                let record = self.consumers[i].working[&job].key.clone();
                let double_delete_ms = self.scenario.consumers[i].cache_write.and_then(|w| w.double_delete_ms);
                self.delete_cached(i, &id, &record, double_delete_ms);
                self.side_effect(i, &id, copy);
                self.complete(i, job);
            }
        }
    }

    /// Processing succeeded: the consumer's service does its part (a shovel republishes, a
    /// cache writer goes on to MySQL, a canceller settles the order), then acks.
    fn processed(&mut self, i: usize, job: u64, copy: CopyKey) {
        let spec = &self.scenario.consumers[i];
        let (republish, cache_write, orders) = (spec.republish.is_some(), spec.cache_write.is_some(), spec.orders);
        if republish {
            let w = &self.consumers[i].working[&job];
            let (channel, id, key, has_id) = (w.channel, w.id.clone(), w.key.clone(), w.has_id);
            self.books.shovelling(copy);
            self.republish(i, channel, &id, &key, has_id);
            self.complete(i, job);
            return;
        }
        if cache_write {
            self.set_stage(i, job, Stage::DbWrite);
            self.wake_step(i, job, micros_from_millis(self.scenario.stores.mysql.latency_ms));
            return;
        }
        let id = self.consumers[i].working[&job].id.clone();
        if let Some(action) = orders {
            self.settle_order(i, &id, action, copy.0);
        }
        self.side_effect(i, &id, copy);
        self.complete(i, job);
    }

    /// The store key of a message for a consumer's queue (`dedup:<queue>:<id>`, `<queue>/<id>`).
    fn store_key(&self, i: usize, queue: &str, id: &str, msg: MsgKey) -> Key {
        match msg {
            0 => Key::Name(format!("{queue}:{id}").into()),
            msg => Key::Message { queue: self.consumers[i].queue_slot as u32, msg },
        }
    }

    fn try_lock(&mut self, i: usize, job: u64) {
        let Some(lock) = self.scenario.consumers[i].lock.clone() else { return };
        let key = self.consumers[i].lock_key.clone().expect("a lock spec has a key");
        let token: Rc<str> = format!("{}#{job}", self.scenario.consumers[i].name).into();
        if self.redis.set_nx(self.now(), Key::Name(key.clone()), token.clone(), Some(lock.lease_ms)) {
            self.guarantees.locks_acquired += 1;
            let holders = self.lock_holders.entry(key).or_insert(0);
            let overlap = *holders > 0;
            if overlap {
                self.guarantees.lock_overlaps += 1;
            }
            *holders += 1;
            self.note_job(i, job, ClientStep::LockAcquired { consumer: i as u32, overlap });
            if let Some(w) = self.consumers[i].working.get_mut(job) {
                w.lock_token = Some(token);
            }
            self.enter_cache(i, job);
        } else {
            self.guarantees.lock_retries += 1;
            self.note_job(i, job, ClientStep::LockWait { consumer: i as u32 });
            self.wake_step(i, job, micros_from_millis(lock.retry_ms.saturating_add(self.scenario.stores.redis.latency_ms)));
        }
    }

    /// Leaves the critical section: compare-and-delete in Redis (a no-op if the lease ran out
    /// and someone else holds the lock now).
    fn release_lock(&mut self, i: usize, job: u64) {
        // Without a lock spec no delivery ever holds a token: nothing to look up.
        if self.consumers[i].lock_key.is_none() {
            return;
        }
        let Some(token) = self.consumers[i].working.get_mut(job).and_then(|w| w.lock_token.take()) else { return };
        let key = self.consumers[i].lock_key.clone().expect("a lock spec has a key");
        self.forget_holder(&key);
        if !self.redis.del_if(self.now(), &Key::Name(key), &token) {
            // Not its lock any more: the lease ran out while it was inside.
            self.note_job(i, job, ClientStep::LockExpired { consumer: i as u32 });
        }
    }

    pub(super) fn forget_holder(&mut self, key: &Rc<str>) {
        if let Some(n) = self.lock_holders.get_mut(key) {
            *n = n.saturating_sub(1);
        }
    }

    /// The delivery is done (processed or recognised as a duplicate): release, then ack.
    fn complete(&mut self, i: usize, job: u64) {
        self.measures.last_done = self.now();
        self.release_lock(i, job);
        let Some(work) = self.consumers[i].working.remove(job) else { return };
        if !self.scenario.consumers[i].auto_ack {
            self.ack(i, work.channel, work.tag, &work.id);
        }
    }

    fn ack(&mut self, i: usize, channel: ChannelId, tag: u64, id: &Rc<str>) {
        if self.alive(Some(channel)).is_none() {
            return; // The channel is gone: the broker has requeued this delivery already.
        }
        self.note(Some(id), ClientStep::AckSent { consumer: i as u32 });
        if std::mem::take(&mut self.consumers[i].lose_next_ack) {
            self.guarantees.network_drops += 1;
            self.note(Some(id), ClientStep::AckLost { consumer: i as u32 });
            return; // The ack is lost on the way: the broker still counts the message unacked.
        }
        self.transmit(Client::Consumer(i), Command::ack(channel, tag, false));
    }

    /// The consumer's process dies: work in progress is gone (lost if it was auto-acked), the
    /// connection closes (the broker requeues the unacked deliveries), and it starts again
    /// `RESTART_MS` later.
    pub(super) fn crash_consumer(&mut self, i: usize) {
        let auto_ack = self.scenario.consumers[i].auto_ack;
        let c = &mut self.consumers[i];
        c.generation += 1;
        let work = c.working.take_all();
        let lock_key = c.lock_key.clone();
        self.consumers[i].crashed = true;
        for w in work {
            self.note(Some(&w.id), ClientStep::Crashed { consumer: i as u32 });
            if auto_ack {
                self.guarantees.lost_in_auto_ack_consumers += 1;
                self.books.set_copy_fate((w.msg, w.slot), "an auto-ack consumer crashed before processing it", Fate::LostAutoAckCrash);
            }
            // A dead process is in no critical section any more, but its lease stays in Redis.
            if let (Some(_), Some(key)) = (w.lock_token, &lock_key) {
                self.forget_holder(key);
            }
        }
        self.kill_consumer_connection(i);
        self.consumers[i].down_until = self.now().plus_millis(RESTART_MS);
    }

    /// The consumer's connection drops; the process lives on (its work in progress finishes,
    /// but can no longer be acked) and reconnects `RESTART_MS` later.
    pub(super) fn kill_consumer_connection(&mut self, i: usize) {
        if let Some(connection) = self.consumers[i].connection.take() {
            if self.broker.connection(connection).is_some() {
                self.apply(Command::CloseConnection { connection });
            }
        }
        self.consumers[i].channel = None;
        self.consumers[i].subscribed = false;
        self.consumers[i].link.outbox.clear();
        self.wake(self.now().plus_millis(RESTART_MS), Wakeup::StartConsumer(i));
    }
}
