//! The broker: one state value that commands change, with virtual time and timers.
//!
//! Sans-IO in the manner of quinn-proto: the caller owns time. `apply` runs one command at the
//! current virtual time; `advance_to` jumps to a later time, firing due timers (TTL expiry,
//! queue expiry) in deadline order; `drain_events` hands over what happened. The whole state is
//! `Clone`, so a snapshot is a clone: messages are shared (`Rc`) and never copied.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::channel::{Channel, Connection};
use super::cluster::{Cluster, ClusterConfig, NodeState};
use super::command::{Command, Reply};
use super::error::AmqpError;
use super::event::{Event, Stamped};
use super::exchange::{Exchange, ExchangeKind};
use super::ids::{ChannelId, ConnectionId, NodeId, QueueId};
use super::ledger::{Ledger, Place};
use super::message_pool::MessagePool;
use super::queue::Queue;
use super::rng::SimRng;
use super::routing::cache::RouteCache;
use super::time::Time;
use crate::core::error::CHANNEL_ERROR;

/// Something the broker must do at a later virtual time. Timers are not cancelled; a stale one
/// finds nothing to do when it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// The head of a queue may have expired.
    HeadExpiry(QueueId),
    /// An `x-expires` queue may have stayed unused long enough.
    QueueUnused(QueueId),
    /// A channel's once-a-minute check for deliveries unacknowledged past `consumer_timeout`.
    AckTimeout(ChannelId),
    /// A quorum queue's election timeout for this term ran out.
    Election { queue: QueueId, term: u64 },
    /// A quorum queue's replication round trip is back: commit what a majority now holds.
    QuorumCommit(QueueId),
    /// Every mirror acknowledged a publish: its confirm may go out.
    MirrorsAcked { channel: ChannelId, seq: u64 },
}

/// A confirm waiting for queues that accept the message later (a quorum commit, mirrors).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeldConfirm {
    pub waiting: u32,
    pub ack: bool,
}

/// One side's leader of a mirrored queue split by a partition (split-brain).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Twin {
    pub original: QueueId,
    pub twin: QueueId,
    /// The nodes whose clients use the twin.
    pub nodes: Vec<NodeId>,
}

/// `advance_to` was asked for an instant before the broker's `now`: virtual time only moves forward.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeWentBackwards {
    pub now: Time,
    pub until: Time,
}

impl std::fmt::Display for TimeWentBackwards {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "time cannot move backwards: now is {}, asked for {}", self.now, self.until)
    }
}

impl std::error::Error for TimeWentBackwards {}

/// RabbitMQ's default delivery acknowledgement timeout: 30 minutes.
pub const DEFAULT_CONSUMER_TIMEOUT_MS: u64 = 1_800_000;

/// The broker: all of a run's state, driven by its caller (sans-IO, like quinn-proto's
/// `Connection`). The caller owns the clock and the order of calls:
///
/// 1. [`apply`](Broker::apply) a [`Command`] at the current virtual time ([`now`](Broker::now)).
///    It returns the reply or the AMQP error (a channel or connection error has then already
///    closed what it closes), and may queue events and schedule timers.
/// 2. [`drain_events`](Broker::drain_events) (or `drain_events_into`) after each call that can
///    emit: deliveries, confirms, returns, dead-letterings, drops. Each event is handed over once;
///    an event not drained stays pending, in order, until the next drain.
/// 3. [`next_deadline`](Broker::next_deadline) says when the broker next has something to do
///    on its own (a TTL, a queue expiry, an acknowledgement timeout, a quorum election or commit); None: nothing until
///    the next command.
/// 4. [`advance_to`](Broker::advance_to) moves time forward to a given instant, firing every
///    timer due on the way in deadline order, then drain again. Time never moves backwards:
///    asking for an earlier instant is a [`TimeWentBackwards`] error and changes nothing.
///
/// Nothing else changes the state: no clock, no I/O, no OS randomness. The seed given at
/// construction feeds the one PRNG; the same seed and the same calls give the same events. The
/// whole state is `Clone`: a snapshot is a clone.
#[derive(Clone, Debug)]
pub struct Broker {
    pub(super) now: Time,
    pub(super) exchanges: BTreeMap<Rc<str>, Exchange>,
    pub(super) queues: Vec<Option<Queue>>,
    pub(super) queue_names: BTreeMap<Rc<str>, QueueId>,
    pub(super) connections: Vec<Option<Connection>>,
    pub(super) channels: Vec<Option<Channel>>,
    pub(super) next_msg: u64,
    pub(super) next_generated_name: u64,
    timers: BTreeSet<(Time, u64, Timer)>,
    timer_seq: u64,
    events: Vec<Stamped>,
    pub(super) ledger: Ledger,
    pub(super) routes: RouteCache,
    pub(super) rng: SimRng,
    /// `consumer_timeout` in ms (RabbitMQ's default: 30 minutes); None disables it.
    pub(super) consumer_timeout: Option<u64>,
    pub(super) cluster: Cluster,
    pub(super) held_confirms: BTreeMap<(ChannelId, u64), HeldConfirm>,
    pub(super) twins: Vec<Twin>,
    /// Released message allocations for the next publishes (see `message_pool`).
    pub(super) messages: MessagePool,
}

impl Broker {
    /// A fresh single-node broker with the standard exchanges, as RabbitMQ boots.
    pub fn new(seed: u64) -> Broker {
        Broker::with_cluster(seed, &ClusterConfig::single()).expect("one node is a valid cluster")
    }

    /// A fresh cluster of the configured nodes, all up and joined.
    pub fn with_cluster(seed: u64, config: &ClusterConfig) -> Result<Broker, String> {
        config.validate()?;
        let mut broker = Broker {
            now: Time::ZERO,
            exchanges: BTreeMap::new(),
            queues: Vec::new(),
            queue_names: BTreeMap::new(),
            connections: Vec::new(),
            channels: Vec::new(),
            next_msg: 0,
            next_generated_name: 0,
            timers: BTreeSet::new(),
            timer_seq: 0,
            events: Vec::new(),
            ledger: Ledger::default(),
            routes: RouteCache::default(),
            rng: SimRng::seeded(seed),
            consumer_timeout: Some(DEFAULT_CONSUMER_TIMEOUT_MS),
            cluster: Cluster::new(config),
            held_confirms: BTreeMap::new(),
            twins: Vec::new(),
            messages: MessagePool::default(),
        };
        for (name, kind) in [
            ("", ExchangeKind::Direct),
            ("amq.direct", ExchangeKind::Direct),
            ("amq.fanout", ExchangeKind::Fanout),
            ("amq.topic", ExchangeKind::Topic),
            ("amq.headers", ExchangeKind::Headers),
            ("amq.match", ExchangeKind::Headers),
        ] {
            let name: Rc<str> = name.into();
            broker.exchanges.insert(
                name.clone(),
                Exchange { name, kind, durable: true, auto_delete: false, internal: false, args: Default::default(), bindings: Vec::new() },
            );
        }
        Ok(broker)
    }

    /// The nodes, the network and the policies.
    pub fn cluster_state(&self) -> &Cluster {
        &self.cluster
    }

    /// The run's one seeded PRNG: simulated clients and fault injection draw from it, so a
    /// run is reproduced by its seed and its commands alone.
    pub fn rng(&mut self) -> &mut SimRng {
        &mut self.rng
    }

    /// Sets the broker-wide `consumer_timeout` (ms); None disables the check.
    pub fn set_consumer_timeout(&mut self, ms: Option<u64>) {
        self.consumer_timeout = ms;
    }

    pub fn now(&self) -> Time {
        self.now
    }

    /// Runs one command at the current virtual time. A channel error closes that channel and a
    /// connection error its connection (returning their unacked messages), as RabbitMQ does.
    // Inlined into its callers: where the command is built in place (a publish, an ack), its
    // `channel()` match folds away, and the call's frame goes with it (about 32 instructions
    // a command in the standard workload).
    #[inline(always)]
    pub fn apply(&mut self, command: Command) -> Result<Reply, AmqpError> {
        let channel = command.channel();
        if let Some(ch) = channel {
            if self.channel(ch).is_none() {
                return Err(channel_not_open(ch));
            }
        }
        // Matched rather than inspected and returned: an `Ok` goes straight out, and only an
        // error takes the slower path (about 7 instructions less per command).
        match self.execute(command) {
            Ok(reply) => Ok(reply),
            Err(error) => Err(self.failed(channel, error)),
        }
    }

    /// A command failed: a channel error closes its channel (and a connection error its
    /// connection). Returns the error.
    #[cold]
    fn failed(&mut self, channel: Option<ChannelId>, error: AmqpError) -> AmqpError {
        if let Some(ch) = channel {
            self.fail_channel(ch, &error);
        }
        error
    }

    fn execute(&mut self, command: Command) -> Result<Reply, AmqpError> {
        use Command::*;
        match command {
            OpenConnection { name } => self.connect(&name, NodeId(0)).map(Reply::Connection),
            Connect { name, node } => self.connect(&name, node).map(Reply::Connection),
            CloseConnection { connection } => self.close_connection(connection, 320, "CONNECTION_FORCED - closed by client").map(|_| Reply::Ok),
            OpenChannel { connection } => self.open_channel(connection).map(Reply::Channel),
            CloseChannel { channel } => {
                self.close_channel(channel, 200, "OK");
                Ok(Reply::Ok)
            }
            DeclareExchange { channel: _, name, kind, durable, auto_delete, internal, args, passive } => {
                self.declare_exchange(&name, &kind, durable, auto_delete, internal, args, passive).map(|_| Reply::Ok)
            }
            DeleteExchange { channel: _, name, if_unused } => self.delete_exchange(&name, if_unused).map(|_| Reply::Ok),
            DeclareQueue { channel, name, durable, exclusive, auto_delete, args, passive } => {
                self.declare_queue(channel, &name, durable, exclusive, auto_delete, args, passive)
            }
            DeleteQueue { channel, name, if_unused, if_empty } => self.delete_queue_cmd(channel, &name, if_unused, if_empty),
            PurgeQueue { channel, name } => self.purge_queue(channel, &name),
            Bind { channel, source, destination, to_exchange, key, args } => {
                self.bind(channel, &source, &destination, to_exchange, &key, args).map(|_| Reply::Ok)
            }
            Unbind { channel, source, destination, to_exchange, key, args } => {
                self.unbind(channel, &source, &destination, to_exchange, &key, &args).map(|_| Reply::Ok)
            }
            Qos { channel, prefetch_count, prefetch_size, global } => self.qos(channel, prefetch_count, prefetch_size, global),
            Consume { channel, queue, tag, auto_ack, exclusive, args } => self.consume(channel, &queue, &tag, auto_ack, exclusive, &args),
            Cancel { channel, tag } => self.cancel(channel, &tag),
            Publish { channel, exchange, routing_key, mandatory, immediate, properties, body } => {
                self.publish(channel, &exchange, routing_key, mandatory, immediate, properties, body).map(|_| Reply::Ok)
            }
            Get { channel, queue, auto_ack } => self.get(channel, &queue, auto_ack),
            Ack { channel, tag, multiple } => self.settle_tags(channel, tag, multiple, super::channel::Settle::Ack),
            Nack { channel, tag, multiple, requeue } => self.settle_tags(channel, tag, multiple, settle_of(requeue)),
            Reject { channel, tag, requeue } => self.settle_tags(channel, tag, false, settle_of(requeue)),
            Recover { channel, requeue } => self.recover(channel, requeue),
            ConfirmSelect { channel } => self.confirm_select(channel),
            TxSelect { channel } => self.tx_select(channel),
            TxCommit { channel } => self.tx_commit(channel),
            TxRollback { channel } => self.tx_rollback(channel),
            RestartBroker => {
                self.restart();
                Ok(Reply::Ok)
            }
            StopNode { node } => self.node_down(node, NodeState::Stopped).map(|_| Reply::Ok),
            KillNode { node } => self.node_down(node, NodeState::Crashed).map(|_| Reply::Ok),
            StartNode { node } => self.node_up(node).map(|_| Reply::Ok),
            Partition { sides } => self.partition(&sides).map(|_| Reply::Ok),
            Heal => self.heal().map(|_| Reply::Ok),
            SetPolicy { name, pattern, priority, definition } => self.set_policy(&name, &pattern, priority, &definition).map(|_| Reply::Ok),
        }
    }

    // ----- time -----

    /// The next virtual time at which something is scheduled, if any: never before `now` (a
    /// timer set for an instant already passed fires at the next `advance_to`, at `now`).
    pub fn next_deadline(&self) -> Option<Time> {
        self.timers.first().map(|(at, _, _)| (*at).max(self.now))
    }

    /// Moves virtual time forward to `until`, firing every timer due on the way, in order. An
    /// `until` before `now` is refused and changes nothing; `until == now` fires what is due.
    pub fn advance_to(&mut self, until: Time) -> Result<(), TimeWentBackwards> {
        if until < self.now {
            return Err(TimeWentBackwards { now: self.now, until });
        }
        while let Some(&(at, seq, timer)) = self.timers.first() {
            if at > until {
                break;
            }
            self.timers.remove(&(at, seq, timer));
            self.now = self.now.max(at);
            self.fire(timer);
        }
        self.now = self.now.max(until);
        Ok(())
    }

    pub(super) fn schedule(&mut self, at: Time, timer: Timer) {
        self.timer_seq += 1;
        self.timers.insert((at, self.timer_seq, timer));
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::HeadExpiry(q) => {
                if let Some(queue) = self.queue_mut(q) {
                    queue.armed_expiry = None;
                    self.dispatch(q);
                }
            }
            Timer::QueueUnused(q) => self.expire_unused_queue(q),
            Timer::AckTimeout(ch) => self.check_ack_timeout(ch),
            Timer::Election { queue, term } => self.run_election(queue, term),
            Timer::QuorumCommit(queue) => {
                if let Some(super::cluster::replica::Replication::Quorum(group)) = self.queue_mut(queue).map(|q| &mut q.replication) {
                    group.commit_armed = false;
                }
                self.quorum_commit(queue);
            }
            Timer::MirrorsAcked { channel, seq } => self.release_confirm(channel, seq, true),
        }
    }

    // ----- events -----

    pub(super) fn emit(&mut self, event: Event) {
        self.events.push(Stamped { at: self.now, event });
    }

    /// Hands over every event since the last call.
    pub fn drain_events(&mut self) -> Vec<Stamped> {
        std::mem::take(&mut self.events)
    }

    /// Hands over every event since the last call by swapping buffers: the caller's (cleared)
    /// buffer becomes the broker's, so neither side allocates once both have grown.
    pub fn drain_events_into(&mut self, buffer: &mut Vec<Stamped>) {
        buffer.clear();
        std::mem::swap(&mut self.events, buffer);
    }

    /// Events not yet drained.
    pub fn pending_events(&self) -> &[Stamped] {
        &self.events
    }

    // ----- lookups -----

    pub fn queue(&self, id: QueueId) -> Option<&Queue> {
        self.queues.get(id.index()).and_then(Option::as_ref)
    }
    pub(super) fn queue_mut(&mut self, id: QueueId) -> Option<&mut Queue> {
        self.queues.get_mut(id.index()).and_then(Option::as_mut)
    }
    pub fn queue_named(&self, name: &str) -> Option<&Queue> {
        self.queue_names.get(name).and_then(|id| self.queue(*id))
    }
    pub fn queues(&self) -> impl Iterator<Item = &Queue> {
        self.queues.iter().flatten()
    }
    pub fn exchanges(&self) -> impl Iterator<Item = &Exchange> {
        self.exchanges.values()
    }
    pub fn channel(&self, id: ChannelId) -> Option<&Channel> {
        self.channels.get(id.index()).and_then(Option::as_ref)
    }
    pub(super) fn channel_mut(&mut self, id: ChannelId) -> Option<&mut Channel> {
        self.channels.get_mut(id.index()).and_then(Option::as_mut)
    }
    pub fn connection(&self, id: ConnectionId) -> Option<&Connection> {
        self.connections.get(id.index()).and_then(Option::as_ref)
    }
    pub fn channels(&self) -> impl Iterator<Item = &Channel> {
        self.channels.iter().flatten()
    }
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Conservation: every copy the ledger places in a queue or at a channel is there, exactly
    /// once; and each consumer's unacked count matches the deliveries its channel holds.
    pub fn check_conservation(&self) -> Result<(), String> {
        let ready = self.queues().flat_map(|q| q.ready.iter().map(move |m| (m.copy, Place::Ready(q.id))));
        let unacked = self.channels().flat_map(|ch| {
            let held = ch.tx_settles.iter().flat_map(|p| p.deliveries.iter());
            ch.unacked.iter().chain(held).map(move |d| (d.queued.copy, Place::Unacked(ch.id)))
        });
        self.ledger.check(ready.chain(unacked))?;
        for queue in self.queues() {
            for consumer in &queue.consumers {
                let held = self.channel(consumer.channel).map_or(0, |ch| {
                    let in_tx = ch.tx_settles.iter().flat_map(|p| p.deliveries.iter());
                    ch.unacked
                        .iter()
                        .chain(in_tx)
                        .filter(|d| d.queue == queue.id && d.consumer.as_ref() == Some(&consumer.tag))
                        .count()
                });
                if held as u64 != u64::from(consumer.unacked) {
                    return Err(format!(
                        "consumer {} on {} counts {} unacked but its channel holds {held}",
                        consumer.tag, queue.name, consumer.unacked
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The error of a command on a channel that is not open (out of line: `apply` is inlined
/// into every caller, and this is its rare path).
#[cold]
#[inline(never)]
fn channel_not_open(ch: ChannelId) -> AmqpError {
    AmqpError::new(CHANNEL_ERROR, format!("CHANNEL_ERROR - channel {} is not open", ch.0))
}

fn settle_of(requeue: bool) -> super::channel::Settle {
    if requeue {
        super::channel::Settle::Requeue
    } else {
        super::channel::Settle::Discard
    }
}
