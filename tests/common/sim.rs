//! `Sim`: the broker, the log of every event it emitted, and the calls the rule tests make.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::rc::Rc;

use warren::core::channel::ChannelMode;
use warren::core::{
    AmqpError, Broker, ChannelId, Command, ConnectionId, DeathReason, DropReason, Event, Message, QueueId, Reply,
    Stamped, Table, Time,
};

use super::builders::*;
use super::observe::*;

pub struct Sim {
    pub broker: Broker,
    /// Every event the broker emitted, in order.
    pub log: Vec<Stamped>,
    names: BTreeMap<QueueId, String>,
    /// Which connection each channel was opened on (a closed channel can no longer be asked).
    owners: BTreeMap<ChannelId, ConnectionId>,
}

impl Default for Sim {
    fn default() -> Self {
        Sim::new()
    }
}

impl Sim {
    pub fn new() -> Sim {
        Sim { broker: Broker::new(7), log: Vec::new(), names: BTreeMap::new(), owners: BTreeMap::new() }
    }

    /// A cluster of the named nodes (all up), built as `config` says.
    pub fn cluster(seed: u64, nodes: &[&str], config: impl FnOnce(&mut warren::core::cluster::ClusterConfig)) -> Sim {
        let mut c = warren::core::cluster::ClusterConfig::of(nodes);
        config(&mut c);
        let broker = Broker::with_cluster(seed, &c).expect("a valid cluster");
        Sim { broker, log: Vec::new(), names: BTreeMap::new(), owners: BTreeMap::new() }
    }

    /// A connection to node `node` with one channel.
    pub fn client_on(&mut self, node: u32) -> (ConnectionId, ChannelId) {
        let connection = self.broker.new_connection(&format!("client@{node}"), Some(warren::core::NodeId(node))).unwrap_or_else(|e| panic!("{e}"));
        self.absorb();
        let ch = self.channel(connection);
        (connection, ch)
    }


    fn absorb(&mut self) {
        for stamped in self.broker.drain_events() {
            if let Event::QueueCreated { queue, name } = &stamped.event {
                self.names.insert(*queue, name.to_string());
            }
            self.log.push(stamped);
        }
    }

    /// Runs one command and records its events.
    pub fn run(&mut self, command: Command) -> Result<Reply, AmqpError> {
        let result = self.broker.apply(command);
        self.absorb();
        result
    }

    /// Runs a command that must succeed.
    #[track_caller]
    pub fn ok(&mut self, command: Command) -> Reply {
        let shown = format!("{command:?}");
        match self.run(command) {
            Ok(reply) => reply,
            Err(e) => panic!("{shown} failed with {e}"),
        }
    }

    /// Runs a command that must fail, and returns the error.
    #[track_caller]
    pub fn fails(&mut self, command: Command) -> AmqpError {
        let shown = format!("{command:?}");
        match self.run(command) {
            Ok(reply) => panic!("{shown} succeeded ({reply:?}) but should have failed"),
            Err(e) => e,
        }
    }

    /// Runs a command on `channel` that must raise a soft (channel) error with `code`, and
    /// checks that the channel is closed and its connection is still open.
    #[track_caller]
    pub fn channel_error(&mut self, channel: ChannelId, code: u16, command: Command) -> AmqpError {
        let error = self.fails(command);
        assert_eq!(error.code, code, "wrong reply code: {error}");
        assert!(!self.is_open(channel), "a {code} channel error must close channel {channel:?}");
        let connection = *self.owners.get(&channel).expect("channel opened through the harness");
        assert!(self.broker.connection(connection).is_some(), "a {code} error must not close the connection");
        error
    }

    pub fn advance_to(&mut self, ms: u64) {
        self.broker.advance_to(Time::from_millis(ms)).unwrap_or_else(|e| panic!("{e}"));
        self.absorb();
    }

    pub fn now_ms(&self) -> u64 {
        self.broker.now().as_millis()
    }

    /// Asserts that the conservation ledger balances.
    #[track_caller]
    pub fn check(&self) {
        if let Err(why) = self.broker.check_conservation() {
            panic!("conservation broken: {why}");
        }
    }

    // ----- connections and channels -----

    pub fn connection(&mut self) -> ConnectionId {
        let connection = self.broker.new_connection("client", None).unwrap_or_else(|e| panic!("{e}"));
        self.absorb();
        connection
    }

    pub fn channel(&mut self, connection: ConnectionId) -> ChannelId {
        let ch = self.broker.new_channel(connection).unwrap_or_else(|e| panic!("{e}"));
        self.absorb();
        self.owners.insert(ch, connection);
        ch
    }

    /// A new connection with one channel.
    pub fn client(&mut self) -> (ConnectionId, ChannelId) {
        let c = self.connection();
        let ch = self.channel(c);
        (c, ch)
    }

    pub fn is_open(&self, channel: ChannelId) -> bool {
        self.broker.channel(channel).is_some()
    }

    pub fn mode(&self, channel: ChannelId) -> ChannelMode {
        self.broker.channel(channel).expect("open channel").mode
    }

    // ----- topology -----

    /// Declares a queue and returns its (possibly server-generated) name.
    #[track_caller]
    pub fn declare(&mut self, channel: ChannelId, decl: QueueDecl) -> String {
        match self.ok(decl.on(channel)) {
            Reply::QueueDeclared { name, .. } => name,
            other => panic!("unexpected reply {other:?}"),
        }
    }

    /// Declares a plain transient queue.
    #[track_caller]
    pub fn queue(&mut self, channel: ChannelId, name: &str) -> String {
        self.declare(channel, queue(name))
    }

    #[track_caller]
    pub fn exchange(&mut self, channel: ChannelId, decl: ExchangeDecl) {
        self.ok(decl.on(channel));
    }

    #[track_caller]
    pub fn bind(&mut self, channel: ChannelId, exchange: &str, queue: &str, key: &str) {
        self.ok(bind(channel, exchange, queue, key));
    }

    #[track_caller]
    pub fn bind_args(&mut self, channel: ChannelId, exchange: &str, queue: &str, args: Table) {
        self.ok(bind_args(channel, exchange, queue, "", args));
    }

    /// exchange.bind: messages routed by `source` with `key` flow on to `destination`.
    #[track_caller]
    pub fn bind_exchange(&mut self, channel: ChannelId, source: &str, destination: &str, key: &str) {
        self.ok(Command::Bind {
            channel,
            source: source.into(),
            destination: destination.into(),
            to_exchange: true,
            key: key.into(),
            args: Table::new(),
        });
    }

    // ----- publishing and consuming -----

    #[track_caller]
    pub fn publish(&mut self, channel: ChannelId, publish: Publish) {
        self.ok(publish.on(channel));
    }

    /// Starts a consumer and returns its tag.
    #[track_caller]
    pub fn consume(&mut self, channel: ChannelId, consume: Consume) -> String {
        match self.ok(consume.on(channel)) {
            Reply::ConsumeOk { tag } => tag,
            other => panic!("unexpected reply {other:?}"),
        }
    }

    /// `basic.get` with manual ack: Some((tag, message_count, body)) or None for get-empty.
    #[track_caller]
    pub fn get(&mut self, channel: ChannelId, queue: &str) -> Option<(u64, u64, String)> {
        self.get_mode(channel, queue, false)
    }

    #[track_caller]
    pub fn get_auto(&mut self, channel: ChannelId, queue: &str) -> Option<(u64, u64, String)> {
        self.get_mode(channel, queue, true)
    }

    #[track_caller]
    fn get_mode(&mut self, channel: ChannelId, queue: &str, auto_ack: bool) -> Option<(u64, u64, String)> {
        let before = self.log.len();
        match self.ok(Command::Get { channel, queue: queue.into(), auto_ack }) {
            Reply::GetOk { tag, message_count } => {
                let body = self.log[before..]
                    .iter()
                    .find_map(|s| match &s.event {
                        Event::Delivered { channel: c, tag: t, msg, .. } if *c == channel && *t == tag => {
                            Some(msg.body.to_string())
                        }
                        _ => None,
                    })
                    .expect("a get-ok comes with its delivery");
                Some((tag, message_count, body))
            }
            Reply::GetEmpty => None,
            other => panic!("unexpected reply {other:?}"),
        }
    }

    /// The delivery tag under which `channel` currently holds `body` unacked.
    #[track_caller]
    pub fn tag_of(&self, channel: ChannelId, body: &str) -> u64 {
        self.broker
            .channel(channel)
            .expect("open channel")
            .unacked
            .iter()
            .find(|d| &*d.queued.msg.body == body)
            .unwrap_or_else(|| panic!("channel {channel:?} holds no unacked delivery of {body:?}"))
            .tag
    }

    /// Bodies `channel` holds unacked, in tag order.
    pub fn unacked(&self, channel: ChannelId) -> Vec<String> {
        self.broker
            .channel(channel)
            .map(|ch| ch.unacked.iter().map(|d| d.queued.msg.body.to_string()).collect())
            .unwrap_or_default()
    }

    #[track_caller]
    pub fn ack_body(&mut self, channel: ChannelId, body: &str) {
        let tag = self.tag_of(channel, body);
        self.ok(ack(channel, tag));
    }

    #[track_caller]
    pub fn reject_body(&mut self, channel: ChannelId, body: &str, requeue: bool) {
        let tag = self.tag_of(channel, body);
        self.ok(reject(channel, tag, requeue));
    }

    #[track_caller]
    pub fn nack_body(&mut self, channel: ChannelId, body: &str, requeue: bool) {
        let tag = self.tag_of(channel, body);
        self.ok(nack(channel, tag, false, requeue));
    }

    // ----- what the broker holds -----

    /// Ready message bodies of a queue, in the order they would be delivered.
    #[track_caller]
    pub fn ready(&self, name: &str) -> Vec<String> {
        self.broker
            .queue_named(name)
            .unwrap_or_else(|| panic!("queue {name:?} does not exist"))
            .ready
            .iter()
            .map(|m| m.msg.body.to_string())
            .collect()
    }

    /// The ready messages themselves.
    #[track_caller]
    pub fn ready_msgs(&self, name: &str) -> Vec<Rc<Message>> {
        self.broker
            .queue_named(name)
            .unwrap_or_else(|| panic!("queue {name:?} does not exist"))
            .ready
            .iter()
            .map(|m| m.msg.clone())
            .collect()
    }

    /// The single ready message of a queue.
    #[track_caller]
    pub fn only_msg(&self, name: &str) -> Rc<Message> {
        let msgs = self.ready_msgs(name);
        assert_eq!(msgs.len(), 1, "queue {name:?} should hold exactly one message, holds {:?}", self.ready(name));
        msgs[0].clone()
    }

    pub fn exists(&self, name: &str) -> bool {
        self.broker.queue_named(name).is_some()
    }

    pub fn exchange_exists(&self, name: &str) -> bool {
        self.broker.exchanges().any(|x| &*x.name == name)
    }

    // ----- what the client saw -----

    fn queue_name(&self, id: QueueId) -> String {
        self.names.get(&id).cloned().unwrap_or_else(|| format!("{id:?}"))
    }

    /// Bodies delivered on `channel`, in order.
    pub fn delivered(&self, channel: ChannelId) -> Vec<String> {
        self.deliveries(channel).into_iter().map(|g| g.body).collect()
    }

    /// Bodies delivered to one consumer tag, in order.
    pub fn delivered_to(&self, tag: &str) -> Vec<String> {
        self.all_deliveries().into_iter().filter(|g| g.consumer.as_deref() == Some(tag)).map(|g| g.body).collect()
    }

    /// Every delivery (and get-ok) on every channel, in order.
    pub fn all_deliveries(&self) -> Vec<Got> {
        self.log
            .iter()
            .filter_map(|s| match &s.event {
                Event::Delivered { queue, channel, consumer, tag, redelivered, msg, .. } => Some(Got {
                    at: s.at,
                    queue: self.queue_name(*queue),
                    channel: *channel,
                    consumer: consumer.as_ref().map(|t| t.to_string()),
                    tag: *tag,
                    redelivered: *redelivered,
                    body: msg.body.to_string(),
                    msg: msg.clone(),
                }),
                _ => None,
            })
            .collect()
    }

    /// Every delivery (and get-ok) on `channel`, in order.
    pub fn deliveries(&self, channel: ChannelId) -> Vec<Got> {
        self.all_deliveries().into_iter().filter(|g| g.channel == channel).collect()
    }

    /// Publisher confirms on `channel`: (sequence number, ack?).
    pub fn confirms(&self, channel: ChannelId) -> Vec<(u64, bool)> {
        self.log
            .iter()
            .filter_map(|s| match &s.event {
                Event::Confirmed { channel: c, seq, ack } if *c == channel => Some((*seq, *ack)),
                _ => None,
            })
            .collect()
    }

    /// `basic.return`s on `channel`.
    pub fn returns(&self, channel: ChannelId) -> Vec<Returned> {
        self.log
            .iter()
            .filter_map(|s| match &s.event {
                Event::Returned { channel: c, msg, code } if *c == channel => Some(Returned {
                    code: *code,
                    exchange: msg.exchange.to_string(),
                    routing_key: msg.routing_key.to_string(),
                    body: msg.body.to_string(),
                }),
                _ => None,
            })
            .collect()
    }

    /// What a publisher on `channel` receives, in order, from log position `from` on:
    /// `return 312 <exchange>/<key> <body>`, `ack N`, `nack N`, `commit-ok`, `rollback-ok`.
    pub fn publisher_view(&self, channel: ChannelId, from: usize) -> Vec<String> {
        self.log[from..]
            .iter()
            .filter_map(|s| match &s.event {
                Event::Returned { channel: c, msg, code } if *c == channel => {
                    Some(format!("return {code} {}/{} {}", msg.exchange, msg.routing_key, msg.body))
                }
                Event::Confirmed { channel: c, seq, ack } if *c == channel => {
                    Some(format!("{} {seq}", if *ack { "ack" } else { "nack" }))
                }
                Event::TxCommitted { channel: c } if *c == channel => Some("commit-ok".into()),
                Event::TxRolledBack { channel: c } if *c == channel => Some("rollback-ok".into()),
                _ => None,
            })
            .collect()
    }

    /// Position in the event log, to look at what happens after it.
    pub fn mark(&self) -> usize {
        self.log.len()
    }

    /// Copies dropped from queue `name` (not dead-lettered), with the reason.
    pub fn dropped(&self, name: &str) -> Vec<DropReason> {
        self.log
            .iter()
            .filter_map(|s| match &s.event {
                Event::Dropped { queue, reason, .. } if self.queue_name(*queue) == name => Some(*reason),
                _ => None,
            })
            .collect()
    }

    /// Dead-letterings out of queue `name`: (reason, body).
    pub fn dead_lettered(&self, name: &str) -> Vec<(DeathReason, String)> {
        self.log
            .iter()
            .filter_map(|s| match &s.event {
                Event::DeadLettered { queue, reason, msg, .. } if self.queue_name(*queue) == name => {
                    Some((*reason, msg.body.to_string()))
                }
                _ => None,
            })
            .collect()
    }

    /// Consumers cancelled by the broker (a `basic.cancel` notification): tags.
    pub fn broker_cancels(&self, channel: ChannelId) -> Vec<String> {
        self.log
            .iter()
            .filter_map(|s| match &s.event {
                Event::ConsumerCancelled { channel: c, tag, by_broker: true, .. } if *c == channel => Some(tag.to_string()),
                _ => None,
            })
            .collect()
    }
}
