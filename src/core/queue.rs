//! A classic queue: ready messages (one FIFO per priority level), its consumers, and its settings.

use std::collections::VecDeque;
use std::rc::Rc;

use super::ids::{ChannelId, ConnectionId, CopyId, NodeId, QueueId};
use super::cluster::replica::{Halt, Replication};
use super::message::Message;
use super::queue_config::{QueueConfig, QueueKind};
use super::time::Time;
use super::value::Table;

/// One copy of a message held by a queue (ready) or by a channel (unacked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedMsg {
    /// Copies are numbered as they are enqueued, so within a queue the copy id is also the
    /// position in publish order: a requeue puts the copy back where it was.
    pub copy: CopyId,
    pub msg: Rc<Message>,
    /// Fixed at enqueue time; `Time::NEVER` without a TTL. A requeue keeps it.
    pub expires_at: Time,
    pub redelivered: bool,
    /// How often it was returned to the queue (a quorum queue's `x-delivery-count`).
    pub returns: u32,
}

/// Where a message returned to the queue (nack, reject, channel closed) goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReturnTo {
    /// A classic queue: back to its original position.
    #[default]
    OriginalPosition,
    /// A quorum queue with a delivery limit: a returns list served before everything else, in
    /// the order messages came back.
    ReturnsList,
    /// A quorum queue without a delivery limit (RabbitMQ 3.10): a reject or nack with requeue
    /// goes to the back of the queue, while what a closed channel held goes to the returns
    /// list (a real 3-node 3.10 cluster showed both).
    Back,
}

/// Ready messages, highest priority level served first, FIFO (by copy id) within a level. With
/// a returns list, one more level above the rest holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ready {
    levels: Vec<VecDeque<QueuedMsg>>,
    return_to: ReturnTo,
    len: u64,
    bytes: u64,
    /// Set while a quorum queue under `reject-publish` refuses publishes: it went over its
    /// limit and has not yet been down to this soft limit since.
    blocked_until: Option<SoftLimit>,
}

/// 80 % of `x-max-length` / `x-max-length-bytes` (rounded down; `None` = that limit is unset):
/// a blocked quorum queue accepts publishes again once its ready messages are at or below it
/// (3.10 rabbit_fifo `is_below_soft_limit`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SoftLimit {
    pub len: Option<u64>,
    pub bytes: Option<u64>,
}

impl SoftLimit {
    pub fn of(max_length: Option<u64>, max_length_bytes: Option<u64>) -> SoftLimit {
        let eighty_percent = |max: u64| max / 5 * 4 + max % 5 * 4 / 5;
        SoftLimit { len: max_length.map(eighty_percent), bytes: max_length_bytes.map(eighty_percent) }
    }
    fn reached(&self, len: u64, bytes: u64) -> bool {
        self.len.is_none_or(|l| len <= l) && self.bytes.is_none_or(|b| bytes <= b)
    }
}

impl Ready {
    pub fn new(priority_levels: usize, return_to: ReturnTo) -> Ready {
        let levels = priority_levels + usize::from(return_to != ReturnTo::OriginalPosition);
        Ready { levels: vec![VecDeque::new(); levels], return_to, len: 0, bytes: 0, blocked_until: None }
    }
    /// One copy left the ready messages; a blocked queue that reaches its soft limit unblocks.
    fn took(&mut self, size: u64) {
        self.len -= 1;
        self.bytes -= size;
        if self.blocked_until.is_some_and(|soft| soft.reached(self.len, self.bytes)) {
            self.blocked_until = None;
        }
    }
    /// Refuse publishes until the ready messages fall to `soft`.
    pub fn block_until(&mut self, soft: SoftLimit) {
        self.blocked_until = Some(soft);
    }
    pub fn is_blocked(&self) -> bool {
        self.blocked_until.is_some()
    }
    pub fn len(&self) -> u64 {
        self.len
    }
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    fn level_of(&self, msg: &Message) -> usize {
        let priority_levels = self.levels.len() - usize::from(self.return_to != ReturnTo::OriginalPosition);
        usize::from(msg.priority.unwrap_or(0)).min(priority_levels - 1)
    }
    pub fn push_back(&mut self, m: QueuedMsg) {
        let level = self.level_of(&m.msg);
        self.len += 1;
        self.bytes += m.msg.size();
        self.levels[level].push_back(m);
    }
    /// Puts a returned copy back where the queue type puts returns (see [`ReturnTo`]);
    /// `on_close`: the channel holding it closed (rather than a reject or nack).
    pub fn requeue_returned(&mut self, m: QueuedMsg, on_close: bool) {
        if on_close && self.return_to == ReturnTo::Back {
            self.len += 1;
            self.bytes += m.msg.size();
            self.levels.last_mut().expect("the returns level").push_back(m);
            return;
        }
        self.requeue(m);
    }

    /// Puts a returned copy back where the queue type puts returns (see [`ReturnTo`]).
    pub fn requeue(&mut self, m: QueuedMsg) {
        self.len += 1;
        self.bytes += m.msg.size();
        let level = self.level_of(&m.msg);
        match self.return_to {
            ReturnTo::ReturnsList => self.levels.last_mut().expect("the returns level").push_back(m),
            ReturnTo::Back => self.levels[level].push_back(m),
            ReturnTo::OriginalPosition => {
                let fifo = &mut self.levels[level];
                let at = fifo.partition_point(|x| x.copy < m.copy);
                fifo.insert(at, m);
            }
        }
    }
    fn head_level(&self) -> Option<usize> {
        self.levels.iter().rposition(|l| !l.is_empty())
    }
    /// The next message a consumer or `basic.get` would receive.
    pub fn head(&self) -> Option<&QueuedMsg> {
        self.head_level().and_then(|l| self.levels[l].front())
    }
    pub fn pop_head(&mut self) -> Option<QueuedMsg> {
        let level = self.head_level()?;
        let m = self.levels[level].pop_front()?;
        self.took(m.msg.size());
        Some(m)
    }
    /// Removes the copies whose expiry is due from the head of the queue. Only the overall head
    /// expires: in a priority queue an expired message behind a higher-priority one waits
    /// until it reaches the head (3.10).
    pub fn pop_expired(&mut self, now: Time) -> Vec<QueuedMsg> {
        let mut expired = Vec::new();
        while self.head().is_some_and(|m| m.expires_at <= now) {
            expired.extend(self.pop_head());
        }
        expired
    }
    /// The head's expiry: only the head expires.
    pub fn next_head_expiry(&self) -> Option<Time> {
        self.head().map(|m| m.expires_at).filter(|t| *t != Time::NEVER)
    }
    pub fn drain_all(&mut self) -> Vec<QueuedMsg> {
        self.len = 0;
        self.bytes = 0;
        self.blocked_until = None;
        self.levels.iter_mut().rev().flat_map(|l| l.drain(..)).collect()
    }
    pub fn retain(&mut self, mut keep: impl FnMut(&QueuedMsg) -> bool) -> Vec<QueuedMsg> {
        let mut removed = Vec::new();
        for level in &mut self.levels {
            let (kept, gone): (Vec<_>, Vec<_>) = level.drain(..).partition(|m| keep(m));
            *level = kept.into();
            removed.extend(gone);
        }
        for m in &removed {
            self.took(m.msg.size());
        }
        removed
    }
    /// Every ready copy, in delivery order.
    pub fn iter(&self) -> impl Iterator<Item = &QueuedMsg> {
        self.levels.iter().rev().flat_map(|l| l.iter())
    }
    /// A promoted mirror or a recovered crash flags every message it holds as redelivered.
    pub fn mark_all_redelivered(&mut self) {
        for level in &mut self.levels {
            for m in level.iter_mut() {
                m.redelivered = true;
            }
        }
    }
}

/// A consumer as its queue sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueConsumer {
    pub tag: Rc<str>,
    pub channel: ChannelId,
    /// 0 = unlimited.
    pub prefetch: u32,
    pub unacked: u32,
    pub auto_ack: bool,
    pub priority: i64,
    pub exclusive: bool,
    /// Registration order, for single-active-consumer failover.
    pub registered: u64,
}

impl QueueConsumer {
    pub fn can_take(&self) -> bool {
        self.auto_ack || self.prefetch == 0 || self.unacked < self.prefetch
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Queue {
    pub id: QueueId,
    pub name: Rc<str>,
    pub node: NodeId,
    pub durable: bool,
    pub exclusive_owner: Option<ConnectionId>,
    pub auto_delete: bool,
    pub args: Table,
    pub config: QueueConfig,
    pub ready: Ready,
    /// Dispatch order: highest priority first; the consumer served last moves to its band's end.
    pub consumers: Vec<QueueConsumer>,
    /// With single active consumer: the tag of the one consumer that receives.
    pub active_consumer: Option<(ChannelId, Rc<str>)>,
    pub next_registration: u64,
    /// The head-expiry deadline a timer is armed for (to avoid arming it twice).
    pub armed_expiry: Option<Time>,
    /// `x-expires`: the queue is deleted at this time if still unused.
    pub unused_deadline: Option<Time>,
    /// Mirrors or a Raft group; `None` for a plain classic queue on `node`.
    pub replication: Replication,
    /// Set while the queue cannot serve (its node is down).
    pub halt: Option<Halt>,
}

impl Queue {
    /// Would the ready messages exceed `x-max-length` or `x-max-length-bytes` with this many more?
    fn over_limit_with(&self, messages: u64, bytes: u64) -> bool {
        self.config.max_length.is_some_and(|max| self.ready.len() + messages > max)
            || self.config.max_length_bytes.is_some_and(|max| self.ready.bytes() + bytes > max)
    }
    pub fn is_over_limit(&self) -> bool {
        self.over_limit_with(0, 0)
    }
    pub fn would_overflow(&self, msg: &Message) -> bool {
        self.over_limit_with(1, msg.size())
    }
    /// Index of the consumer that gets the next message, if any can take one; `channel_has_room`
    /// answers for the channel-wide (global) prefetch limit.
    pub fn next_consumer(&self, channel_has_room: impl Fn(ChannelId) -> bool) -> Option<usize> {
        let ready = |c: &QueueConsumer| c.can_take() && (c.auto_ack || channel_has_room(c.channel));
        match &self.active_consumer {
            Some((channel, tag)) if self.config.single_active_consumer => {
                self.consumer_index(*channel, tag).filter(|&i| ready(&self.consumers[i]))
            }
            _ if self.config.single_active_consumer => None,
            _ => self.consumers.iter().position(ready),
        }
    }
    /// Round-robin within a priority band: the consumer just served goes to the band's end.
    pub fn rotate_after_delivery(&mut self, index: usize) {
        let priority = self.consumers[index].priority;
        let band_end = self.consumers.iter().rposition(|c| c.priority == priority).unwrap_or(index);
        // The band's end is at or after `index` (bands are contiguous): one rotation, no
        // remove-then-insert shifting the list twice. Two consumers in the band, the usual
        // case, is a swap (a rotation calls `memmove` even for two elements).
        let end = band_end.max(index);
        if end == index + 1 {
            self.consumers.swap(index, end);
        } else {
            self.consumers[index..=end].rotate_left(1);
        }
    }
    /// Inserts a new consumer after every consumer of the same or higher priority.
    pub fn add_consumer(&mut self, mut consumer: QueueConsumer) {
        consumer.registered = self.next_registration;
        self.next_registration += 1;
        let at = self.consumers.iter().position(|c| c.priority < consumer.priority).unwrap_or(self.consumers.len());
        if self.config.single_active_consumer && self.active_consumer.is_none() {
            self.active_consumer = Some((consumer.channel, consumer.tag.clone()));
        }
        self.consumers.insert(at, consumer);
    }
    pub fn consumer_index(&self, channel: ChannelId, tag: &str) -> Option<usize> {
        // Tags are usually the very string the consumer holds: compare addresses first.
        let same = |c: &QueueConsumer| std::ptr::eq(c.tag.as_ptr(), tag.as_ptr()) && c.tag.len() == tag.len() || *c.tag == *tag;
        self.consumers.iter().position(|c| c.channel == channel && same(c))
    }
    /// Removes a consumer; with single active consumer, the next one takes over: in a classic
    /// queue the highest priority first, then registration order; in a quorum queue strictly
    /// the next registered (its waiting list ignores priorities).
    pub fn remove_consumer(&mut self, index: usize) -> QueueConsumer {
        let gone = self.consumers.remove(index);
        if self.active_consumer.as_ref() == Some(&(gone.channel, gone.tag.clone())) {
            let by_priority = self.config.kind == QueueKind::Classic;
            self.active_consumer = self
                .consumers
                .iter()
                .min_by_key(|c| (std::cmp::Reverse(if by_priority { c.priority } else { 0 }), c.registered))
                .map(|c| (c.channel, c.tag.clone()));
        }
        gone
    }
}
