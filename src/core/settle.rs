//! Settling deliveries: ack, nack, reject (with `multiple` and `requeue`) and recover.

use std::rc::Rc;

use super::broker::Broker;
use super::channel::{ChannelMode, Delivery, PendingSettle, Settle};
use super::command::Reply;
use super::error::{AmqpError, NOT_IMPLEMENTED};
use super::event::{DropReason, Event};
use super::ids::{ChannelId, CopyId, QueueId};
use super::queue::QueuedMsg;
use super::ledger::Place;
use super::message::DeathReason;

impl Broker {
    /// basic.ack / basic.nack / basic.reject. An unknown tag closes the channel with 406. In a
    /// transaction the settlement waits for the commit, but the tag is checked at once.
    pub(super) fn settle_tags(&mut self, channel: ChannelId, tag: u64, multiple: bool, outcome: Settle) -> Result<Reply, AmqpError> {
        let unknown = || AmqpError::precondition(format!("PRECONDITION_FAILED - unknown delivery tag {tag}"));
        let ch = self.channel_mut(channel).expect("checked by apply");
        let in_tx = ch.mode == ChannelMode::Tx;
        let channel_wide_limit = ch.global_prefetch > 0;
        if !ch.forgotten.is_empty() && (tag == 0 || ch.forgotten.contains(&tag)) {
            // The queue took these back on a failover: settling them is accepted and does nothing
            // (with `multiple`, the older tags the channel still holds are settled).
            if !multiple {
                ch.forgotten.remove(&tag);
                return Ok(Reply::Ok);
            }
            ch.forgotten = if tag == 0 { Default::default() } else { ch.forgotten.split_off(&(tag + 1)) };
            let deliveries: Vec<_> = if tag == 0 {
                ch.unacked.drain(..).collect()
            } else {
                let upto = ch.unacked.partition_point(|d| d.tag < tag);
                ch.unacked.drain(..upto).collect()
            };
            if in_tx {
                ch.tx_settles.push(PendingSettle { deliveries, outcome });
            } else {
                self.settle_deliveries(channel, deliveries, outcome);
            }
            return Ok(Reply::Ok);
        }
        if multiple {
            let deliveries = ch.take_deliveries(tag).ok_or_else(unknown)?;
            if in_tx {
                ch.tx_settles.push(PendingSettle { deliveries, outcome });
            } else {
                self.settle_deliveries(channel, deliveries, outcome);
            }
        } else if in_tx {
            let delivery = ch.take_delivery(tag).ok_or_else(unknown)?;
            ch.tx_settles.push(PendingSettle { deliveries: vec![delivery], outcome });
        } else {
            // One tag, the common case: no list to build. `let … else` rather than
            // `ok_or_else(…)?`: going through `Option` to `Result` and out again moved the
            // 72-byte delivery across the stack three times (about 45 instructions an ack).
            let Some(Delivery { queue, consumer, queued, .. }) = ch.take_delivery(tag) else { return Err(unknown()) };
            self.settle_one(channel, queue, consumer, queued, outcome, channel_wide_limit);
        }
        Ok(Reply::Ok)
    }

    /// basic.recover(requeue=true): every unacked delivery on the channel goes back.
    pub(super) fn recover(&mut self, channel: ChannelId, requeue: bool) -> Result<Reply, AmqpError> {
        if !requeue {
            return Err(AmqpError::new(NOT_IMPLEMENTED, "NOT_IMPLEMENTED - requeue=false"));
        }
        let deliveries: Vec<_> = self.channel_mut(channel).expect("checked by apply").unacked.drain(..).collect();
        // A requeue, like basic.reject(requeue): a quorum queue without a delivery limit puts
        // the messages at its back (a closed channel's go to the front).
        self.settle_deliveries(channel, deliveries, Settle::Requeue);
        Ok(Reply::Ok)
    }

    /// Applies one outcome to deliveries taken from `channel`'s unacked list. Requeued copies go
    /// back to their original positions, all of them before any queue dispatches again, so a
    /// batch keeps its relative order.
    pub(super) fn settle_deliveries(&mut self, channel: ChannelId, deliveries: impl IntoIterator<Item = Delivery>, outcome: Settle) {
        let mut touched = Touched::default();
        for delivery in deliveries {
            touched.add(self.settle_delivery(channel, delivery, outcome));
        }
        self.after_settling(channel, touched);
    }

    /// One delivery settled, the common single-tag ack: no list, and unless a channel-wide
    /// limit is set (`channel_wide_limit`, read by the caller, which had the channel at
    /// hand), only its own queue to look at again.
    fn settle_one(&mut self, channel: ChannelId, id: QueueId, consumer: Option<Rc<str>>, queued: QueuedMsg, outcome: Settle, channel_wide_limit: bool) {
        self.settle_parts(channel, id, consumer, queued, outcome);
        if channel_wide_limit {
            let mut touched = Touched::default();
            touched.add(id);
            return self.after_settling(channel, touched);
        }
        self.serve_again(id);
    }

    /// Applies the outcome to one delivery; returns its queue.
    // Once per ack: inlined into its two callers (the single-tag path moved the 72-byte
    // delivery into a frame of its own).
    #[inline(always)]
    fn settle_delivery(&mut self, channel: ChannelId, delivery: Delivery, outcome: Settle) -> QueueId {
        let Delivery { queue: id, consumer, queued, .. } = delivery;
        self.settle_parts(channel, id, consumer, queued, outcome);
        id
    }

    /// [`settle_delivery`](Broker::settle_delivery) on the parts of a delivery: the single-tag
    /// path takes them apart where it takes the delivery, so that the whole delivery is not
    /// copied across the stack on its way here (an ack uses only its queue, copy and message).
    #[inline(always)]
    fn settle_parts(&mut self, channel: ChannelId, id: QueueId, consumer: Option<Rc<str>>, mut queued: QueuedMsg, outcome: Settle) {
        let Some(queue) = self.queue_mut(id) else {
            // The queue was deleted while the message was out: an ack still settles it.
            match outcome {
                Settle::Ack => self.ack_copy(id, queued.copy, channel),
                _ => self.drop_copy(id, queued.copy, DropReason::QueueDeleted),
            }
            return;
        };
        // One lookup of the queue for both: its consumer's count and the outcome.
        if let Some(i) = consumer.as_ref().and_then(|tag| queue.consumer_index(channel, tag)) {
            queue.consumers[i].unacked -= 1;
        }
        match outcome {
            Settle::Ack => {
                self.ack_copy(id, queued.copy, channel);
                self.messages.give(queued.msg);
            }
            Settle::Requeue | Settle::Return => {
                queued.redelivered = true;
                queued.returns += 1;
                if queue.config.delivery_limit.is_some_and(|limit| i64::from(queued.returns) > limit) {
                    self.dead_letter(id, queued, DeathReason::DeliveryLimit);
                } else {
                    let copy = queued.copy;
                    queue.ready.requeue_returned(queued, outcome == Settle::Return);
                    self.ledger.set(copy, Place::Ready(id));
                    self.emit(Event::Requeued { queue: id, copy });
                }
            }
            Settle::Discard => self.dead_letter(id, queued, DeathReason::Rejected),
        }
    }

    /// The queues a settlement touched serve again, in id order.
    fn after_settling(&mut self, channel: ChannelId, mut touched: Touched) {
        // Under a channel-wide limit, a settlement on one queue can unblock the channel's
        // consumers on every other queue.
        if self.channel(channel).is_some_and(|c| c.global_prefetch > 0) {
            for &id in self.channel(channel).expect("checked").consumers.values() {
                touched.add(id);
            }
        }
        for id in touched.in_order() {
            self.serve_again(id);
        }
    }

    /// After a settlement: returned messages count against x-max-length too, so drop-head
    /// applies before dispatch.
    // After every settlement: inlined, like `settle_delivery`, into its two callers.
    #[inline(always)]
    fn serve_again(&mut self, id: QueueId) {
        // Most acks leave their queue with nothing ready, and an empty queue is within any
        // length limit: nothing to drop, dispatch or block, found in one lookup, not three.
        if self.queue(id).is_none_or(|q| q.ready.is_empty()) {
            return;
        }
        self.drop_heads_over_limit(id);
        self.dispatch(id);
        self.block_publishes_over_limit(id);
    }

    fn ack_copy(&mut self, queue: QueueId, copy: CopyId, channel: ChannelId) {
        self.ledger.set(copy, Place::Acked);
        self.emit(Event::Acked { queue, copy, channel });
    }

    pub(super) fn drop_copy(&mut self, queue: QueueId, copy: CopyId, reason: DropReason) {
        self.ledger.set(copy, Place::Dropped(reason));
        self.emit(Event::Dropped { queue, copy, reason });
    }
}

/// The queues a settlement touched, without allocating for the usual single queue.
#[derive(Default)]
struct Touched {
    first: Option<QueueId>,
    more: Vec<QueueId>,
}

impl Touched {
    fn add(&mut self, id: QueueId) {
        match self.first {
            None => self.first = Some(id),
            Some(first) if first == id => {}
            Some(_) => self.more.push(id),
        }
    }
    /// In queue-id order, each once.
    #[inline]
    fn in_order(self) -> impl Iterator<Item = QueueId> {
        let Touched { first, mut more } = self;
        if more.is_empty() {
            // The usual single queue: no sort, and no allocation to free.
            return first.into_iter().chain(Vec::new());
        }
        more.extend(first);
        more.sort_unstable();
        more.dedup();
        None.into_iter().chain(more)
    }
}
