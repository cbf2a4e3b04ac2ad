//! Runs a client script against the simulated broker and records the observation.
//!
//! The runner plays the client application: one `main` connection with a publisher channel, a
//! declaring channel and one channel per named consumer (see conformance/EXTENSIONS.md for the
//! conventions shared with the real-broker oracle). Every step's consequences are absorbed
//! before the next step; `on_delivery` settlements happen as each delivery arrives.

use std::collections::{BTreeMap, VecDeque};

use serde_json::{json, Value as Json};

use super::format::{OnDelivery, Script, Step};
use super::observation::{x_death, Observation};
use crate::core::command::{Command, Reply};
use crate::core::event::Event;
use crate::core::cluster::ClusterConfig;
use crate::core::ids::{ChannelId, ConnectionId, NodeId};
use crate::core::message::Properties;
use crate::core::value::Value;
use crate::core::{AmqpError, Broker};

/// Index used in `errors` for failures of the top-level `declare` block.
const DECLARE_BLOCK: i64 = -1;
/// A script whose consumers keep requeueing for ever would never settle.
const MAX_SETTLEMENTS: u64 = 100_000;

pub fn run(script: &Script) -> Result<Observation, String> {
    let mut runner = Runner::new(script)?;
    runner.declare_block()?;
    for (index, step) in script.steps.iter().enumerate() {
        let index = index as i64;
        match runner.step(index, step) {
            Ok(()) => {}
            Err(Stop::Refused(error)) => runner.refused(index, &error)?,
            Err(Stop::Fatal(message)) => return Err(message),
        }
    }
    runner.wait(script.settle_ms)?;
    runner.finish()
}

/// Every node name the script uses must be one of its `nodes` (a script without `nodes` runs
/// on one node and may not name any).
fn check_node_names(script: &Script) -> Result<(), String> {
    let known = |where_: String, node: &Option<String>| match node {
        Some(n) if !script.nodes.contains(n) => Err(format!("{where_}.node: '{n}' is not one of the script's nodes {:?}", script.nodes)),
        _ => Ok(()),
    };
    for (i, q) in script.declare.queues.iter().enumerate() {
        known(format!("declare.queues[{i}]"), &q.node)?;
    }
    for (i, step) in script.steps.iter().enumerate() {
        let node = match step {
            Step::Publish { node, .. } | Step::Consume { node, .. } | Step::Commit { node } | Step::Rollback { node } => node.clone(),
            Step::StopNode { node } | Step::KillNode { node } | Step::StartNode { node } => Some(node.clone()),
            Step::DeclareQueue(q) => q.node.clone(),
            _ => None,
        };
        known(format!("steps[{i}]"), &node)?;
    }
    Ok(())
}

/// Why a step stopped short: the broker refused it (e.g. a connection to a stopped node), which
/// is recorded in `errors` and the script goes on; or the script cannot go on (a CLI error).
pub(super) enum Stop {
    Refused(AmqpError),
    Fatal(String),
}

impl From<AmqpError> for Stop {
    fn from(error: AmqpError) -> Stop {
        Stop::Refused(error)
    }
}

impl From<String> for Stop {
    fn from(message: String) -> Stop {
        Stop::Fatal(message)
    }
}

pub(super) struct ConsumerChannel {
    pub(super) channel: ChannelId,
    /// The connection it lives on: a channel closed by an error reopens there.
    pub(super) connection: String,
    pub(super) on_delivery: Option<OnDelivery>,
}

pub(super) struct Runner<'s> {
    pub(super) script: &'s Script,
    pub(super) broker: Broker,
    pub(super) connections: BTreeMap<String, ConnectionId>,
    /// Each node's publisher and declaring channels (one node without the cluster extension).
    pub(super) publishers: BTreeMap<NodeId, ChannelId>,
    pub(super) declarers: BTreeMap<NodeId, ChannelId>,
    pub(super) consumers: BTreeMap<String, ConsumerChannel>,
    /// Consumer channels in the order they were opened (the final close order).
    pub(super) opened: Vec<String>,
    /// The most recent delivery tag of each message id on each channel.
    pub(super) last_tag: BTreeMap<(ChannelId, String), u64>,
    /// Confirm-mode publishes in publish order, with their channel and outcome once known.
    pub(super) confirms: Vec<(String, ChannelId, Option<bool>)>,
    pub(super) confirm_index: BTreeMap<(ChannelId, u64), usize>,
    /// Queues the final drain reads, in declaration order.
    pub(super) drain: Vec<String>,
    pub(super) settlements: u64,
    pub(super) obs: Observation,
}

impl<'s> Runner<'s> {
    fn new(script: &'s Script) -> Result<Runner<'s>, String> {
        check_node_names(script)?;
        let mut broker = if script.nodes.is_empty() {
            Broker::new(0)
        } else {
            let names: Vec<&str> = script.nodes.iter().map(String::as_str).collect();
            Broker::with_cluster(0, &ClusterConfig::of(&names))?
        };
        for (i, p) in script.policies.iter().enumerate() {
            let command = p.set().map_err(|e| format!("policies[{i}].{e}"))?;
            broker.apply(command).map_err(|e| format!("policies[{i}]: {}", e.text))?;
        }
        Ok(Runner {
            script,
            broker,
            connections: BTreeMap::new(),
            publishers: BTreeMap::new(),
            declarers: BTreeMap::new(),
            consumers: BTreeMap::new(),
            opened: Vec::new(),
            last_tag: BTreeMap::new(),
            confirms: Vec::new(),
            confirm_index: BTreeMap::new(),
            drain: Vec::new(),
            settlements: 0,
            obs: Observation::default(),
        })
    }

    /// A script node name (None = the first node) as the broker's node id.
    pub(super) fn node(&self, name: Option<&str>) -> NodeId {
        name.and_then(|n| self.script.nodes.iter().position(|x| x == n)).map_or(NodeId(0), |i| NodeId(i as u32))
    }

    /// Applies a command, records a broker error under `index`, and absorbs the consequences.
    fn apply(&mut self, index: i64, command: Command) -> Result<Option<Reply>, String> {
        let result = self.broker.apply(command);
        if let Err(AmqpError { code, .. }) = &result {
            self.obs.errors.push(json!([index, code]));
        }
        self.absorb()?;
        Ok(result.ok())
    }

    /// Records a refusal that stopped a step (the broker's own errors are recorded by `apply`).
    fn refused(&mut self, index: i64, error: &AmqpError) -> Result<(), String> {
        self.obs.errors.push(json!([index, error.code]));
        self.absorb()
    }

    /// The top-level declarations. A failed one closes the declaring channel, so each gets an
    /// open channel; its error is recorded under index -1.
    fn declare_block(&mut self) -> Result<(), String> {
        let declare = &self.script.declare;
        self.drain.extend(declare.queues.iter().map(|q| q.name.clone()));
        for (i, x) in declare.exchanges.iter().enumerate() {
            let command = |channel| x.declare(channel).map_err(|e| format!("declare.exchanges[{i}].{e}"));
            self.declare_one(NodeId(0), command)?;
        }
        for (i, q) in declare.queues.iter().enumerate() {
            let command = |channel| q.declare(channel).map_err(|e| format!("declare.queues[{i}].{e}"));
            self.declare_one(self.node(q.node.as_deref()), command)?;
        }
        for (i, b) in declare.bindings.iter().enumerate() {
            let command = |channel| b.bind(channel).map_err(|e| format!("declare.bindings[{i}].{e}"));
            self.declare_one(NodeId(0), command)?;
        }
        Ok(())
    }

    /// One declaration of the top-level block on a declaring channel of `node`; a node that refuses
    /// the connection, like a refused declaration, is recorded under index -1.
    fn declare_one(&mut self, node: NodeId, command: impl FnOnce(ChannelId) -> Result<Command, String>) -> Result<(), String> {
        match self.declarer_on(node) {
            Ok(channel) => self.apply(DECLARE_BLOCK, command(channel)?).map(drop),
            Err(error) => self.refused(DECLARE_BLOCK, &error),
        }
    }

    fn step(&mut self, index: i64, step: &Step) -> Result<(), Stop> {
        // One function per kind of step; each gets only its own kinds.
        match step {
            Step::Publish { .. } | Step::Commit { .. } | Step::Rollback { .. } | Step::ConfirmSelect {} | Step::TxSelect {} => self.publisher_step(index, step),
            Step::Wait { ms } => Ok(self.wait(*ms)?),
            Step::Consume { .. }
            | Step::Ack { .. }
            | Step::Reject { .. }
            | Step::Requeue { .. }
            | Step::Nack { .. }
            | Step::Crash { .. }
            | Step::Cancel { .. }
            | Step::Recover { .. }
            | Step::Get { .. } => self.consumer_step(index, step),
            Step::DeclareExchange(_)
            | Step::DeclareQueue(_)
            | Step::Bind(_)
            | Step::Unbind(_)
            | Step::DeleteQueue { .. }
            | Step::DeleteExchange { .. }
            | Step::Purge { .. } => self.topology_step(index, step),
            Step::RestartBroker {} | Step::StopNode { .. } | Step::KillNode { .. } | Step::StartNode { .. } => self.broker_step(index, step),
        }
    }

    /// A step of the publisher channel (of the step's node): publish, commit, rollback, select.
    fn publisher_step(&mut self, index: i64, step: &Step) -> Result<(), Stop> {
        match step {
            Step::Publish { exchange, key, id, persistent, expiration, headers, priority, mandatory, node } => {
                let channel = self.publisher_on(self.node(node.as_deref()))?;
                let properties = Properties {
                    persistent: *persistent,
                    priority: *priority,
                    expiration: expiration.clone(),
                    message_id: None,
                    headers: headers.clone(),
                };
                let command = Command::Publish {
                    channel,
                    exchange: exchange.as_str().into(),
                    routing_key: key.as_str().into(),
                    mandatory: *mandatory,
                    immediate: false,
                    properties,
                    body: id.as_str().into(),
                };
                self.apply(index, command)?;
            }
            Step::Commit { node } => {
                let channel = self.publisher_on(self.node(node.as_deref()))?;
                self.apply(index, Command::TxCommit { channel })?;
            }
            Step::Rollback { node } => {
                let channel = self.publisher_on(self.node(node.as_deref()))?;
                self.apply(index, Command::TxRollback { channel })?;
            }
            Step::ConfirmSelect {} => {
                let channel = self.publisher()?;
                self.apply(index, Command::ConfirmSelect { channel })?;
            }
            Step::TxSelect {} => {
                let channel = self.publisher()?;
                self.apply(index, Command::TxSelect { channel })?;
            }
            _ => unreachable!("step() sends only publisher steps here"),
        }
        Ok(())
    }

    /// A step of a named consumer's channel: consume, settle, crash, cancel, recover, get.
    fn consumer_step(&mut self, index: i64, step: &Step) -> Result<(), Stop> {
        match step {
            Step::Consume { queue, consumer, prefetch, auto_ack, priority, on_delivery, exclusive, connection, node } => {
                let connection = self.connection_name(connection.as_deref(), self.node(node.as_deref()));
                let connection = Some(connection.as_str());
                let channel = self.consumer_channel(consumer, connection)?;
                if let Some(c) = self.consumers.get_mut(consumer) {
                    c.on_delivery = *on_delivery;
                }
                if let Some(prefetch_count) = prefetch {
                    self.apply(index, Command::prefetch(channel, *prefetch_count))?;
                }
                let channel = self.consumer_channel(consumer, connection)?;
                let args = priority.map(|p| [("x-priority".to_string(), Value::Int(p))].into()).unwrap_or_default();
                let command = Command::Consume {
                    channel,
                    queue: queue.clone(),
                    tag: consumer.clone(),
                    auto_ack: *auto_ack,
                    exclusive: *exclusive,
                    args,
                };
                self.apply(index, command)?;
            }
            Step::Ack { consumer, id, multiple } => self.settle(index, consumer, id, |channel, tag| Command::ack(channel, tag, *multiple))?,
            Step::Reject { consumer, id } => self.settle(index, consumer, id, |channel, tag| Command::reject(channel, tag, false))?,
            Step::Requeue { consumer, id } => self.settle(index, consumer, id, |channel, tag| Command::reject(channel, tag, true))?,
            Step::Nack { consumer, id, multiple, requeue } => {
                self.settle(index, consumer, id, |channel, tag| Command::nack(channel, tag, *multiple, *requeue))?
            }
            Step::Crash { consumer } => {
                if let Some(channel) = self.alive(self.consumers.get(consumer).map(|c| c.channel)) {
                    self.apply(index, Command::CloseChannel { channel })?;
                }
            }
            Step::Cancel { consumer } => {
                let channel = self.consumer_channel(consumer, None)?;
                self.apply(index, Command::Cancel { channel, tag: consumer.clone() })?;
            }
            Step::Recover { consumer } => {
                let channel = self.consumer_channel(consumer, None)?;
                self.apply(index, Command::Recover { channel, requeue: true })?;
            }
            Step::Get { queue, consumer, auto_ack } => {
                let channel = self.consumer_channel(consumer, None)?;
                self.apply(index, Command::Get { channel, queue: queue.clone(), auto_ack: *auto_ack })?;
            }
            _ => unreachable!("step() sends only consumer steps here"),
        }
        Ok(())
    }

    /// A declaration or deletion on the declaring channel.
    fn topology_step(&mut self, index: i64, step: &Step) -> Result<(), Stop> {
        match step {
            Step::DeclareExchange(x) => {
                let channel = self.declarer()?;
                let command = x.declare(channel).map_err(|e| format!("step {index}: {e}"))?;
                self.apply(index, command)?;
            }
            Step::DeclareQueue(q) => {
                if !self.drain.contains(&q.name) {
                    self.drain.push(q.name.clone());
                }
                let channel = self.declarer_on(self.node(q.node.as_deref()))?;
                let command = q.declare(channel).map_err(|e| format!("step {index}: {e}"))?;
                self.apply(index, command)?;
            }
            Step::Bind(b) | Step::Unbind(b) => {
                let channel = self.declarer()?;
                let command = if matches!(step, Step::Bind(_)) { b.bind(channel) } else { b.unbind(channel) };
                let command = command.map_err(|e| format!("step {index}: {e}"))?;
                self.apply(index, command)?;
            }
            Step::DeleteQueue { queue } => {
                let channel = self.declarer()?;
                self.apply(index, Command::DeleteQueue { channel, name: queue.clone(), if_unused: false, if_empty: false })?;
            }
            Step::DeleteExchange { exchange } => {
                let channel = self.declarer()?;
                self.apply(index, Command::DeleteExchange { channel, name: exchange.clone(), if_unused: false })?;
            }
            Step::Purge { queue } => {
                let channel = self.declarer()?;
                self.apply(index, Command::PurgeQueue { channel, name: queue.clone() })?;
            }
            _ => unreachable!("step() sends only topology steps here"),
        }
        Ok(())
    }

    /// A broker restart or a node's stop, crash or start.
    fn broker_step(&mut self, index: i64, step: &Step) -> Result<(), Stop> {
        match step {
            Step::RestartBroker {} => {
                self.apply(index, Command::RestartBroker)?;
            }
            Step::StopNode { node } => {
                let node = self.node(Some(node));
                self.apply(index, Command::StopNode { node })?;
            }
            Step::KillNode { node } => {
                let node = self.node(Some(node));
                self.apply(index, Command::KillNode { node })?;
            }
            Step::StartNode { node } => {
                let node = self.node(Some(node));
                self.apply(index, Command::StartNode { node })?;
            }
            _ => unreachable!("step() sends only broker steps here"),
        }
        Ok(())
    }

    /// Settles the most recent delivery of `id` on the consumer's channel; if it never got
    /// `id`, a tag one past the highest issued (the broker answers 406 unknown delivery tag).
    fn settle(&mut self, index: i64, consumer: &str, id: &str, command: impl Fn(ChannelId, u64) -> Command) -> Result<(), Stop> {
        let channel = self.consumer_channel(consumer, None)?;
        let tag = match self.last_tag.get(&(channel, id.to_string())) {
            Some(tag) => *tag,
            None => self.broker.channel(channel).map_or(1, |c| c.next_delivery_tag),
        };
        self.apply(index, command(channel, tag))?;
        Ok(())
    }

    /// Lets virtual time pass, stopping at every timer so consumers settle as deliveries arrive.
    fn wait(&mut self, ms: u64) -> Result<(), String> {
        let until = self.broker.now().plus_millis(ms);
        while let Some(next) = self.broker.next_deadline().filter(|t| *t <= until) {
            self.broker.advance_to(next).map_err(|e| e.to_string())?;
            self.absorb()?;
        }
        self.broker.advance_to(until).map_err(|e| e.to_string())?;
        self.absorb()
    }

    /// Turns events into observations, settling `on_delivery` consumers' deliveries at once.
    fn absorb(&mut self) -> Result<(), String> {
        let mut pending: VecDeque<_> = self.broker.drain_events().into();
        while let Some(stamped) = pending.pop_front() {
            match stamped.event {
                Event::Published { channel, msg, seq: Some(seq), .. } => {
                    self.confirm_index.insert((channel, seq), self.confirms.len());
                    self.confirms.push((msg.body.to_string(), channel, None));
                }
                Event::Confirmed { channel, seq, ack } => {
                    if let Some(at) = self.confirm_index.get(&(channel, seq)) {
                        self.confirms[*at].2 = Some(ack);
                    }
                }
                Event::Returned { msg, code, .. } => self.obs.returns.push(json!([&*msg.body, code])),
                Event::Delivered { channel, tag, redelivered, auto_ack, msg, .. } => {
                    let Some((name, on_delivery)) = self.consumer_named(channel) else { continue };
                    let name = name.to_string();
                    self.obs.deliveries.push(json!([name, &*msg.body, redelivered, &*msg.exchange, &*msg.routing_key, x_death(&msg)]));
                    self.last_tag.insert((channel, msg.body.to_string()), tag);
                    if let (Some(action), false) = (on_delivery, auto_ack) {
                        self.settlements += 1;
                        if self.settlements > MAX_SETTLEMENTS {
                            return Err(format!("the consumers settled more than {MAX_SETTLEMENTS} deliveries: the script never settles"));
                        }
                        let command = match action {
                            OnDelivery::Ack => Command::ack(channel, tag, false),
                            OnDelivery::Reject => Command::reject(channel, tag, false),
                            OnDelivery::Requeue => Command::reject(channel, tag, true),
                            OnDelivery::Nack => Command::nack(channel, tag, false, false),
                        };
                        let _ = self.broker.apply(command);
                        pending.extend(self.broker.drain_events());
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Closes every consumer channel, then drains each declared queue with basic.get.
    fn finish(mut self) -> Result<Observation, String> {
        for name in self.opened.clone() {
            if let Some(channel) = self.alive(self.consumers.get(&name).map(|c| c.channel)) {
                let _ = self.broker.apply(Command::CloseChannel { channel });
                self.absorb()?;
            }
        }
        self.consumers.clear();
        for queue in self.drain.clone() {
            let found = self.drain_queue(&queue);
            self.obs.final_state.push((queue, found));
        }
        // In a cluster script a confirm still awaited on an open channel is a "timeout" (a
        // quorum queue without a majority never answers); one whose channel closed has no entry.
        let cluster = !self.script.nodes.is_empty();
        self.obs.confirms = self
            .confirms
            .iter()
            .filter_map(|(id, channel, outcome)| match outcome {
                Some(ack) => Some(json!([id, if *ack { "ack" } else { "nack" }])),
                None if cluster && self.broker.channel(*channel).is_some() => Some(json!([id, "timeout"])),
                None => None,
            })
            .collect();
        Ok(self.obs)
    }

    fn drain_queue(&mut self, queue: &str) -> Json {
        let mut found = Vec::new();
        loop {
            let channel = match self.declarer() {
                Ok(channel) => channel,
                Err(error) => return json!(format!("error {}", error.code)),
            };
            match self.broker.apply(Command::Get { channel, queue: queue.to_string(), auto_ack: true }) {
                Ok(Reply::GetOk { .. }) => {
                    for stamped in self.broker.drain_events() {
                        if let Event::Delivered { redelivered, msg, .. } = stamped.event {
                            found.push(json!([&*msg.body, redelivered, x_death(&msg)]));
                        }
                    }
                }
                // A quorum queue without a majority: the real get blocks and times out.
                Ok(Reply::NoAnswer) => return json!("timeout"),
                Ok(_) => return Json::Array(found),
                Err(error) => {
                    self.broker.drain_events();
                    return json!(format!("error {}", error.code));
                }
            }
        }
    }
}
