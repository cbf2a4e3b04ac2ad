//! What the broker tells the outside world. Every state change that a user could want to see
//! (and that the script runner, the ledger views and the UI animate) is one event.

use std::rc::Rc;

use super::ids::{ChannelId, ConnectionId, CopyId, MsgId, QueueId};
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
}

/// An event and the virtual time it happened at.
#[derive(Clone, Debug, PartialEq)]
pub struct Stamped {
    pub at: Time,
    pub event: Event,
}
