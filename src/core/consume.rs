//! Consuming: consumers, prefetch, dispatch (priority bands, round-robin, single active
//! consumer), deliveries and `basic.get`.

use std::rc::Rc;

use super::broker::Broker;
use super::channel::Delivery;
use super::cluster::replica::Replication;
use super::command::Reply;
use super::error::{AmqpError, NOT_ALLOWED, NOT_IMPLEMENTED, RESOURCE_LOCKED};
use super::event::Event;
use super::ids::{ChannelId, QueueId};
use super::ledger::Place;
use super::message::DeathReason;
use super::queue::{QueueConsumer, QueuedMsg};
use super::queue_config::QueueKind;
use super::value::{Table, Value};

impl Broker {
    pub(super) fn qos(&mut self, channel: ChannelId, prefetch_count: u32, prefetch_size: u32, global: bool) -> Result<Reply, AmqpError> {
        if prefetch_size != 0 {
            return Err(AmqpError::new(NOT_IMPLEMENTED, format!("NOT_IMPLEMENTED - prefetch_size!=0 ({prefetch_size})")));
        }
        let ch = self.channel_mut(channel).expect("checked by apply");
        if global {
            ch.global_prefetch = prefetch_count;
            // A raised limit may unblock any queue this channel consumes from.
            let queues: Vec<QueueId> = ch.consumers.values().copied().collect();
            for queue in queues {
                self.dispatch(queue);
            }
        } else {
            ch.prefetch = prefetch_count;
        }
        Ok(Reply::Ok)
    }

    pub(super) fn consume(&mut self, channel: ChannelId, queue: &str, tag: &str, auto_ack: bool, exclusive: bool, args: &Table) -> Result<Reply, AmqpError> {
        let Some(id) = self.find_serving_queue(channel, queue)? else { return Ok(Reply::NoAnswer) };
        let priority = match args.get("x-priority") {
            None => 0,
            Some(Value::Int(p)) => *p,
            Some(other) => return Err(AmqpError::precondition(format!("PRECONDITION_FAILED - invalid x-priority {other:?}"))),
        };
        let ch = self.channel_mut(channel).expect("checked by apply");
        let tag: Rc<str> = if tag.is_empty() {
            ch.next_consumer_tag += 1;
            format!("amq.ctag-{}-{}", channel.0, ch.next_consumer_tag - 1).into()
        } else {
            tag.into()
        };
        if ch.consumers.contains_key(&tag) {
            return Err(AmqpError::new(NOT_ALLOWED, format!("NOT_ALLOWED - attempt to reuse consumer tag '{tag}'")));
        }
        let prefetch = ch.prefetch;
        let q = self.queue(id).expect("found");
        // Quorum queues ignore the exclusive-consumer flag.
        let exclusive = exclusive && q.config.kind == super::queue_config::QueueKind::Classic;
        let in_exclusive_use = q.consumers.iter().any(|c| c.exclusive) || (exclusive && !q.consumers.is_empty());
        if in_exclusive_use || (exclusive && q.config.single_active_consumer) {
            return Err(AmqpError::access_refused(format!("ACCESS_REFUSED - queue '{queue}' in vhost '/' in exclusive use")));
        }
        self.channel_mut(channel).expect("checked").consumers.insert(tag.clone(), id);
        self.queue_mut(id).expect("found").add_consumer(QueueConsumer {
            tag: tag.clone(),
            channel,
            prefetch,
            unacked: 0,
            auto_ack,
            priority,
            exclusive,
            registered: 0,
        });
        self.emit(Event::ConsumerStarted { queue: id, channel, tag: tag.clone() });
        self.dispatch(id);
        Ok(Reply::ConsumeOk { tag: tag.to_string() })
    }

    /// A client `basic.cancel`: no more deliveries; what the consumer holds stays unacked.
    pub(super) fn cancel(&mut self, channel: ChannelId, tag: &str) -> Result<Reply, AmqpError> {
        if let Some(queue) = self.channel(channel).and_then(|c| c.consumers.get(tag)).copied() {
            self.remove_consumer(queue, channel, tag, false);
        }
        Ok(Reply::Ok)
    }

    /// Unregisters a consumer, then lets its queue react: an auto-delete queue that lost its last
    /// consumer is deleted, an `x-expires` queue starts its unused lease, a single-active-consumer
    /// queue fails over to the next consumer.
    pub(super) fn remove_consumer(&mut self, id: QueueId, channel: ChannelId, tag: &str, by_broker: bool) {
        if self.unregister_consumer(id, channel, tag, by_broker) {
            self.after_consumer_left(id);
        }
    }

    /// Takes a consumer off its queue without dispatching anything. Returns whether it was there.
    pub(super) fn unregister_consumer(&mut self, id: QueueId, channel: ChannelId, tag: &str, by_broker: bool) -> bool {
        if let Some(ch) = self.channel_mut(channel) {
            ch.consumers.remove(tag);
        }
        let Some(queue) = self.queue_mut(id) else { return false };
        let Some(index) = queue.consumer_index(channel, tag) else { return false };
        let gone = queue.remove_consumer(index);
        self.emit(Event::ConsumerCancelled { queue: id, channel, tag: gone.tag, by_broker });
        true
    }

    pub(super) fn after_consumer_left(&mut self, id: QueueId) {
        let Some(queue) = self.queue(id) else { return };
        if queue.consumers.is_empty() {
            // Only reached when a consumer left: a queue that never had one is never auto-deleted.
            if queue.auto_delete {
                self.delete_queue(id, "auto-delete: its last consumer went away");
                return;
            }
            self.arm_unused_timer(id);
        }
        self.dispatch(id);
    }

    /// Hands ready messages to consumers that can take them, dropping expired heads first (an
    /// expired message is never delivered), then arms the next head-expiry timer.
    #[inline]
    pub(super) fn dispatch(&mut self, id: QueueId) {
        // Nothing ready, nothing to expire, deliver or time (most acks end here): checked in
        // the caller, the delivery loop is not inlined.
        if self.queue(id).is_none_or(|q| q.ready.is_empty()) || !self.serving(id) {
            return;
        }
        self.dispatch_ready(id);
    }

    #[inline(never)]
    fn dispatch_ready(&mut self, id: QueueId) {
        loop {
            self.expire_heads(id);
            let (channels, connections, cluster) = (&self.channels, &self.connections, &self.cluster);
            let Some(queue) = self.queues.get_mut(id.index()).and_then(Option::as_mut) else { return };
            if queue.ready.is_empty() {
                break;
            }
            // During a partition a quorum queue's consumers on the far side get nothing.
            let leader = queue.node;
            let reaches = |c: ChannelId| {
                !cluster.partitioned || node_of(channels, connections, c).is_some_and(|n| cluster.reachable(n, leader))
            };
            let Some(consumer) = queue.next_consumer(|c| has_room(channels, c) && reaches(c)) else { break };
            let head = queue.ready.pop_head().expect("not empty");
            self.deliver(id, consumer, head);
        }
        self.arm_head_timer(id);
    }

    /// A queue serves its consumers unless its node is down or, for a quorum queue, its leader
    /// does not reach a majority.
    pub(super) fn serving(&self, id: QueueId) -> bool {
        match self.queue(id) {
            Some(q) if q.halt.is_some() => false,
            Some(q) if matches!(q.replication, Replication::Quorum(_)) => self.quorum_ok(id),
            _ => true,
        }
    }

    /// Dead-letters (or drops) every head whose expiry is due.
    #[inline]
    pub(super) fn expire_heads(&mut self, id: QueueId) {
        // Before every delivery, and the head is rarely due: checked in the caller.
        let now = self.now;
        if self.queue(id).is_some_and(|q| q.ready.next_head_expiry().is_some_and(|due| due <= now)) {
            self.expire_due_heads(id);
        }
    }

    #[inline(never)]
    fn expire_due_heads(&mut self, id: QueueId) {
        let now = self.now;
        let Some(queue) = self.queue_mut(id) else { return };
        for expired in queue.ready.pop_expired(now) {
            self.dead_letter(id, expired, DeathReason::Expired);
        }
    }

    /// Sends one copy to the consumer at `index` of queue `id`.
    pub(super) fn deliver(&mut self, id: QueueId, index: usize, queued: QueuedMsg) {
        let queue = self.queues[id.index()].as_mut().expect("caller checked");
        let consumer = &mut queue.consumers[index];
        let (channel, tag, auto_ack) = (consumer.channel, consumer.tag.clone(), consumer.auto_ack);
        if !auto_ack {
            consumer.unacked += 1;
        }
        queue.rotate_after_delivery(index);
        self.hand_over(channel, id, Some(tag), queued, auto_ack);
    }

    /// A delivery (or get-ok) on a channel: a new delivery tag; auto-ack settles it at once.
    // Once per delivery: inlined into its two callers (a frame of its own and the moves of
    // the copy into it cost about 25 instructions a delivery).
    #[inline(always)]
    fn hand_over(&mut self, channel: ChannelId, id: QueueId, consumer: Option<Rc<str>>, queued: QueuedMsg, auto_ack: bool) -> u64 {
        let ch = self.channels[channel.index()].as_mut().expect("a consumer's channel is open");
        let tag = ch.issue_tag();
        let event = Event::Delivered {
            queue: id,
            copy: queued.copy,
            channel,
            consumer: consumer.clone(),
            tag,
            redelivered: queued.redelivered,
            auto_ack,
            msg: queued.msg.clone(),
        };
        if auto_ack {
            self.ledger.set(queued.copy, Place::AutoAcked);
        } else {
            self.ledger.set(queued.copy, Place::Unacked(channel));
            ch.unacked.push_back(Delivery { tag, queue: id, consumer, queued, delivered_at: self.now });
            self.arm_ack_timeout(channel);
        }
        self.emit(event);
        tag
    }

    /// `basic.get`: takes the head regardless of prefetch, and renews an `x-expires` lease.
    pub(super) fn get(&mut self, channel: ChannelId, queue: &str, auto_ack: bool) -> Result<Reply, AmqpError> {
        let Some(id) = self.find_serving_queue(channel, queue)? else { return Ok(Reply::NoAnswer) };
        if self.queue(id).is_some_and(|q| q.config.kind == QueueKind::Quorum && q.config.single_active_consumer) {
            return Err(AmqpError::new(
                RESOURCE_LOCKED,
                format!("RESOURCE_LOCKED - cannot obtain access to locked queue '{queue}'. basic.get operations are not supported by quorum queues with single active consumer"),
            ));
        }
        self.arm_unused_timer(id);
        self.expire_heads(id);
        let Some(head) = self.queue_mut(id).and_then(|q| q.ready.pop_head()) else {
            return Ok(Reply::GetEmpty);
        };
        let tag = self.hand_over(channel, id, None, head, auto_ack);
        self.arm_head_timer(id);
        let message_count = self.queue(id).map_or(0, |q| q.ready.len());
        Ok(Reply::GetOk { tag, message_count })
    }
}

fn node_of(channels: &[Option<super::channel::Channel>], connections: &[Option<super::channel::Connection>], channel: ChannelId) -> Option<super::ids::NodeId> {
    let ch = channels.get(channel.index())?.as_ref()?;
    Some(connections.get(ch.connection.index())?.as_ref()?.node)
}

/// Room under a channel's global prefetch limit (a closed channel has none).
pub(super) fn has_room(channels: &[Option<super::channel::Channel>], channel: ChannelId) -> bool {
    channels.get(channel.index()).and_then(Option::as_ref).is_some_and(|c| c.has_room())
}
