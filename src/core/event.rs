//! What the broker tells the outside world. Every state change that a user could want to see
//! (and that the script runner, the ledger views and the UI animate) is one event.

use std::rc::Rc;

use super::cluster::NodeState;
use super::ids::{ChannelId, ConnectionId, CopyId, MsgId, NodeId, QueueId};
use super::message::{DeathReason, Message};
use super::time::Time;

/// Why a copy (or a publish) left the system without being consumed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// Expired with no dead-letter exchange configured.
    Expired,
    /// Rejected (requeue=false) with no dead-letter exchange configured.
    Rejected,
    /// Dropped from the head by `x-max-length` with no dead-letter exchange.
    Maxlen,
    /// Returned more often than a quorum queue's delivery limit, with no dead-letter exchange.
    DeliveryLimit,
    /// Dead-lettering would route it back into a fully automatic cycle.
    DeadLetterCycle,
    /// The dead-letter exchange does not exist.
    DeadLetterExchangeMissing,
    /// The dead-letter exchange routed it nowhere.
    DeadLetterUnroutable,
    /// The target of a dead-lettering refused it (`reject-publish`): dead-lettering is at-most-once.
    DeadLetterRefused,
    QueueDeleted,
    QueuePurged,
    /// A transient message in a durable queue, discarded when the broker restarted.
    TransientOnRestart,
    /// A transient message (or a transient queue's message) lost with its node, or a copy
    /// dead-lettered only to classic queues whose node is down.
    NodeDown,
    /// Only the old leader of a mirrored queue had it, and an unsynchronised mirror was promoted.
    UnsyncedMirrorPromoted,
    /// Accepted by one side's leader during a partition; that side's node restarted and threw it away.
    PartitionDiscarded,
}

impl DropReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DropReason::Expired => "expired",
            DropReason::Rejected => "rejected",
            DropReason::Maxlen => "maxlen",
            DropReason::DeliveryLimit => "delivery limit",
            DropReason::DeadLetterCycle => "dead-letter cycle",
            DropReason::DeadLetterExchangeMissing => "dead-letter exchange missing",
            DropReason::DeadLetterUnroutable => "dead-letter unroutable",
            DropReason::DeadLetterRefused => "dead-letter target refused",
            DropReason::QueueDeleted => "queue deleted",
            DropReason::QueuePurged => "queue purged",
            DropReason::TransientOnRestart => "transient message lost in restart",
            DropReason::NodeDown => "lost with its node",
            DropReason::UnsyncedMirrorPromoted => "an unsynchronised mirror was promoted",
            DropReason::PartitionDiscarded => "discarded after a partition",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A `basic.publish` accepted by a channel (`seq` in confirm mode).
    Published { channel: ChannelId, msg: Rc<Message>, seq: Option<u64>, mandatory: bool },
    /// A publish held by a transaction until commit.
    Buffered { channel: ChannelId, msg: MsgId },
    Routed { msg: MsgId, queues: Rc<[QueueId]> },
    /// Routed to no queue; `returned` when mandatory made the broker send it back.
    Unroutable { msg: MsgId, returned: bool },
    Returned { channel: ChannelId, msg: Rc<Message>, code: u16 },
    Enqueued { queue: QueueId, copy: CopyId, msg: MsgId },
    /// `reject-publish` overflow: the queue refused the message.
    Refused { queue: QueueId, msg: MsgId },
    Delivered {
        queue: QueueId,
        copy: CopyId,
        channel: ChannelId,
        /// None for `basic.get`.
        consumer: Option<Rc<str>>,
        tag: u64,
        redelivered: bool,
        auto_ack: bool,
        msg: Rc<Message>,
    },
    Acked { queue: QueueId, copy: CopyId, channel: ChannelId },
    Requeued { queue: QueueId, copy: CopyId },
    DeadLettered { queue: QueueId, copy: CopyId, reason: DeathReason, exchange: Rc<str>, msg: Rc<Message> },
    Dropped { queue: QueueId, copy: CopyId, reason: DropReason },
    Confirmed { channel: ChannelId, seq: u64, ack: bool },
    TxCommitted { channel: ChannelId },
    TxRolledBack { channel: ChannelId },
    ConsumerStarted { queue: QueueId, channel: ChannelId, tag: Rc<str> },
    /// `by_broker`: the queue went away (a `basic.cancel` notification), not a client cancel.
    ConsumerCancelled { queue: QueueId, channel: ChannelId, tag: Rc<str>, by_broker: bool },
    QueueCreated { queue: QueueId, name: Rc<str> },
    QueueDeleted { queue: QueueId, name: Rc<str>, why: &'static str },
    ExchangeCreated { name: Rc<str> },
    ExchangeDeleted { name: Rc<str> },
    ConnectionOpened { connection: ConnectionId },
    ConnectionClosed { connection: ConnectionId, code: u16, text: String },
    ChannelOpened { channel: ChannelId },
    ChannelClosed { channel: ChannelId, code: u16, text: String },
    BrokerRestarted,
    NodeDown { node: NodeId, how: NodeState },
    NodeUp { node: NodeId },
    /// A queue stopped serving (its node is down) and, later, serves again.
    QueueHalted { queue: QueueId },
    QueueResumed { queue: QueueId },
    MirrorAdded { queue: QueueId, node: NodeId, synced: bool },
    /// A mirror became a mirrored queue's leader; `lost` copies only the old leader had.
    MirrorPromoted { queue: QueueId, node: NodeId, lost: u64 },
    LeaderLost { queue: QueueId, node: NodeId },
    LeaderElected { queue: QueueId, node: NodeId, term: u64 },
    Partitioned { sides: Vec<Vec<NodeId>> },
    Healed,
    /// A partition gave a mirrored queue a second leader, `twin`, on the far side.
    SplitBrain { queue: QueueId, twin: QueueId, node: NodeId },
    TwinDiscarded { queue: QueueId, twin: QueueId },
}

/// An event and the virtual time it happened at.
#[derive(Clone, Debug, PartialEq)]
pub struct Stamped {
    pub at: Time,
    pub event: Event,
}
