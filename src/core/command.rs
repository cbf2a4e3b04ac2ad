//! What clients (and the fault injector) ask of the broker: AMQP 0-9-1 methods as plain data, so
//! a run is a seed plus a list of timed commands that replays exactly.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::ids::{ChannelId, ConnectionId, NodeId};
use super::message::Properties;
use super::value::Table;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Command {
    /// A connection to the first node.
    OpenConnection { name: String },
    /// A connection to a given node of the cluster.
    Connect { name: String, node: NodeId },
    CloseConnection { connection: ConnectionId },
    OpenChannel { connection: ConnectionId },
    CloseChannel { channel: ChannelId },
    DeclareExchange {
        channel: ChannelId,
        name: String,
        /// The type name as the client sends it; an unknown one is refused with 503.
        kind: String,
        durable: bool,
        auto_delete: bool,
        internal: bool,
        args: Table,
        passive: bool,
    },
    DeleteExchange { channel: ChannelId, name: String, if_unused: bool },
    DeclareQueue {
        channel: ChannelId,
        name: String,
        durable: bool,
        exclusive: bool,
        auto_delete: bool,
        args: Table,
        passive: bool,
    },
    DeleteQueue { channel: ChannelId, name: String, if_unused: bool, if_empty: bool },
    PurgeQueue { channel: ChannelId, name: String },
    /// queue.bind, or exchange.bind when `to_exchange`.
    Bind { channel: ChannelId, source: String, destination: String, to_exchange: bool, key: String, args: Table },
    Unbind { channel: ChannelId, source: String, destination: String, to_exchange: bool, key: String, args: Table },
    Qos { channel: ChannelId, prefetch_count: u32, prefetch_size: u32, global: bool },
    /// An empty `tag` lets the broker name the consumer (`amq.ctag-…`).
    Consume { channel: ChannelId, queue: String, tag: String, auto_ack: bool, exclusive: bool, args: Table },
    Cancel { channel: ChannelId, tag: String },
    /// Names and body are shared strings: a publisher sending the same key a million times
    /// allocates it once.
    Publish {
        channel: ChannelId,
        exchange: Rc<str>,
        routing_key: Rc<str>,
        mandatory: bool,
        immediate: bool,
        properties: Properties,
        body: Rc<str>,
    },
    Get { channel: ChannelId, queue: String, auto_ack: bool },
    Ack { channel: ChannelId, tag: u64, multiple: bool },
    Nack { channel: ChannelId, tag: u64, multiple: bool, requeue: bool },
    Reject { channel: ChannelId, tag: u64, requeue: bool },
    Recover { channel: ChannelId, requeue: bool },
    ConfirmSelect { channel: ChannelId },
    TxSelect { channel: ChannelId },
    TxCommit { channel: ChannelId },
    TxRollback { channel: ChannelId },
    /// The broker node stops and starts again: every connection drops.
    RestartBroker,
    /// A controlled shutdown of one node (`rabbitmqctl stop_app`).
    StopNode { node: NodeId },
    /// One node's process dies.
    KillNode { node: NodeId },
    /// A stopped or crashed node starts and rejoins.
    StartNode { node: NodeId },
    /// Splits the nodes into sides that cannot reach each other; unlisted nodes form one more side.
    Partition { sides: Vec<Vec<NodeId>> },
    /// The network is whole again.
    Heal,
    /// `rabbitmqctl set_policy --apply-to queues`: applies to queues declared afterwards.
    SetPolicy { name: String, pattern: String, priority: i64, definition: Table },
}

impl Command {
    /// The channel a command runs on: a channel error closes it.
    pub fn channel(&self) -> Option<ChannelId> {
        use Command::*;
        match self {
            OpenConnection { .. }
            | Connect { .. }
            | CloseConnection { .. }
            | OpenChannel { .. }
            | RestartBroker
            | StopNode { .. }
            | KillNode { .. }
            | StartNode { .. }
            | Partition { .. }
            | Heal
            | SetPolicy { .. } => None,
            CloseChannel { channel }
            | DeclareExchange { channel, .. }
            | DeleteExchange { channel, .. }
            | DeclareQueue { channel, .. }
            | DeleteQueue { channel, .. }
            | PurgeQueue { channel, .. }
            | Bind { channel, .. }
            | Unbind { channel, .. }
            | Qos { channel, .. }
            | Consume { channel, .. }
            | Cancel { channel, .. }
            | Publish { channel, .. }
            | Get { channel, .. }
            | Ack { channel, .. }
            | Nack { channel, .. }
            | Reject { channel, .. }
            | Recover { channel, .. }
            | ConfirmSelect { channel }
            | TxSelect { channel }
            | TxCommit { channel }
            | TxRollback { channel } => Some(*channel),
        }
    }
}

/// The synchronous answer to a command (the `…-ok` method), when it carries information.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    Ok,
    Connection(ConnectionId),
    Channel(ChannelId),
    QueueDeclared { name: String, messages: u64, consumers: u64 },
    ConsumeOk { tag: String },
    /// `basic.get-ok`: the delivery itself arrives as a `Delivered` event.
    GetOk { tag: u64, message_count: u64 },
    GetEmpty,
    /// No answer: the queue cannot serve now (a quorum queue without a leader and majority),
    /// so the real client would wait and time out. Nothing changed.
    NoAnswer,
    /// queue.purge-ok / queue.delete-ok message count.
    MessageCount(u64),
}
