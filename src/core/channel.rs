//! Client connections and channels: publish mode, delivery tags, unacked deliveries, tx buffers.

use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use super::ids::{ChannelId, ConnectionId, NodeId, QueueId};
use super::message::Message;
use super::queue::QueuedMsg;
use super::time::Time;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    pub id: ConnectionId,
    pub name: Rc<str>,
    pub node: NodeId,
    pub channels: Vec<ChannelId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelMode {
    Plain,
    Confirm,
    Tx,
}

/// An unacked delivery (from a consumer, or a manual-ack `basic.get`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub tag: u64,
    pub queue: QueueId,
    /// None for `basic.get`.
    pub consumer: Option<Rc<str>>,
    pub queued: QueuedMsg,
    /// When it was sent: the consumer acknowledgement timeout counts from here.
    pub delivered_at: Time,
}

/// A publish held by a transaction until `tx.commit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingPublish {
    pub msg: Rc<Message>,
    pub mandatory: bool,
}

/// A settlement held by a transaction: the deliveries already left the unacked list (so tags
/// are checked at once) and go back to it on rollback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingSettle {
    pub deliveries: Vec<Delivery>,
    pub outcome: Settle,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Settle {
    Ack,
    /// basic.reject / basic.nack with requeue.
    Requeue,
    /// The channel closed (or basic.recover): what it held goes back.
    Return,
    /// Reject or nack without requeue: dead-letter with reason `rejected`, or discard.
    Discard,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Channel {
    pub id: ChannelId,
    pub connection: ConnectionId,
    pub mode: ChannelMode,
    pub next_delivery_tag: u64,
    /// In tag order (tags only grow, so pushing keeps it sorted).
    pub unacked: VecDeque<Delivery>,
    /// Consumers on this channel: tag -> queue.
    pub consumers: BTreeMap<Rc<str>, QueueId>,
    /// `basic.qos(global=false)`: the limit of each consumer created after it; 0 = unlimited.
    pub prefetch: u32,
    /// `basic.qos(global=true)`: one limit shared by all the channel's consumers; 0 = none.
    pub global_prefetch: u32,
    /// Confirm mode: the sequence number of the next publish.
    pub next_publish_seq: u64,
    pub next_consumer_tag: u64,
    pub tx_publishes: Vec<PendingPublish>,
    /// Tags of deliveries the queue took back (its leader failed over): the client may still
    /// settle them, and that is ignored, not a 406.
    pub forgotten: std::collections::BTreeSet<u64>,
    pub tx_settles: Vec<PendingSettle>,
    /// When the channel opened: its acknowledgement-timeout check ticks once a minute from here.
    pub opened_at: Time,
    /// The queue most recently declared on this channel: methods naming queue `""` mean it.
    pub last_declared_queue: Option<Rc<str>>,
    /// The tick at which a timeout check is armed, if any.
    pub timeout_check: Option<Time>,
}

impl Channel {
    pub fn new(id: ChannelId, connection: ConnectionId, opened_at: Time) -> Channel {
        Channel {
            id,
            connection,
            mode: ChannelMode::Plain,
            next_delivery_tag: 1,
            unacked: VecDeque::new(),
            consumers: BTreeMap::new(),
            prefetch: 0,
            global_prefetch: 0,
            next_publish_seq: 1,
            next_consumer_tag: 1,
            tx_publishes: Vec::new(),
            forgotten: Default::default(),
            tx_settles: Vec::new(),
            opened_at,
            last_declared_queue: None,
            timeout_check: None,
        }
    }

    /// Room under the channel-wide (`global`) limit, which counts every consumer delivery
    /// still unacknowledged on the channel (`basic.get` ignores prefetch).
    pub fn has_room(&self) -> bool {
        self.global_prefetch == 0 || self.unacked.iter().filter(|d| d.consumer.is_some()).count() < self.global_prefetch as usize
    }

    pub fn issue_tag(&mut self) -> u64 {
        let tag = self.next_delivery_tag;
        self.next_delivery_tag += 1;
        tag
    }

    /// Takes the delivery a single-tag `basic.ack`/`nack`/`reject` names, if outstanding.
    // Once per ack: inlined, so that the delivery is not returned through memory.
    #[inline(always)]
    pub fn take_delivery(&mut self, tag: u64) -> Option<Delivery> {
        // Clients mostly ack the oldest or the newest delivery: taken from an end, no search
        // and no shifting.
        if self.unacked.front().is_some_and(|d| d.tag == tag) {
            return self.unacked.pop_front();
        }
        if self.unacked.back().is_some_and(|d| d.tag == tag) {
            return self.unacked.pop_back();
        }
        let at = self.unacked.binary_search_by_key(&tag, |d| d.tag).ok()?;
        self.unacked.remove(at)
    }

    /// Takes the deliveries a `multiple` settlement names: the exact tag must be outstanding,
    /// and every smaller one comes with it; tag 0 means all.
    pub fn take_deliveries(&mut self, tag: u64) -> Option<Vec<Delivery>> {
        if tag == 0 {
            return Some(self.unacked.drain(..).collect());
        }
        let at = self.unacked.binary_search_by_key(&tag, |d| d.tag).ok()?;
        Some(self.unacked.drain(..=at).collect())
    }

    /// Puts deliveries back in tag order (a tx rollback).
    pub fn restore_deliveries(&mut self, deliveries: Vec<Delivery>) {
        for d in deliveries {
            let at = self.unacked.partition_point(|x| x.tag < d.tag);
            self.unacked.insert(at, d);
        }
    }
}
