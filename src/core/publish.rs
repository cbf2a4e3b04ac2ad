//! Publishing: validation, routing, enqueueing (with length limits and TTL), confirms, returns.

use std::rc::Rc;

use super::broker::Broker;
use super::channel::{ChannelMode, PendingPublish};
use super::command::Reply;
use super::error::{AmqpError, NOT_IMPLEMENTED, NO_ROUTE};
use super::event::Event;
use super::broker::HeldConfirm;
use super::cluster::replica::{Halt, Replication};
use super::ids::{ChannelId, MsgId, NodeId, QueueId};
use super::ledger::Place;
use super::message::{sender_selected_keys, DeathReason, Extra, Message, Properties};
use super::queue::{QueuedMsg, SoftLimit};
use super::queue_config::{Overflow, QueueKind};
use super::routing::route;
use super::time::Time;

impl Broker {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn publish(
        &mut self,
        channel: ChannelId,
        exchange: &Rc<str>,
        routing_key: Rc<str>,
        mandatory: bool,
        immediate: bool,
        properties: Properties,
        body: Rc<str>,
    ) -> Result<(), AmqpError> {
        if immediate {
            return Err(AmqpError::new(NOT_IMPLEMENTED, "NOT_IMPLEMENTED - immediate=true"));
        }
        // The route cache knows every exchange recently published to, and the routes of the
        // keys used with it, without a tree walk: one lookup for the exchange and the route.
        let pinned = self.routes.pinned(exchange, &routing_key);
        let was_pinned = pinned.is_some();
        let (exchange_name, internal, known_route) = match pinned.or_else(|| self.routes.exchange(exchange, &routing_key)) {
            Some(known) => (known.name.clone(), known.internal, known.route.cloned()),
            None => self
                .exchanges
                .get(exchange)
                .map(|x| (x.name.clone(), x.internal, None))
                .ok_or_else(|| AmqpError::not_found(format!("NOT_FOUND - no exchange '{exchange}' in vhost '/'")))?,
        };
        if internal {
            return Err(AmqpError::access_refused(format!(
                "ACCESS_REFUSED - cannot publish to internal exchange '{exchange}' in vhost '/'"
            )));
        }
        if let Some(expiration) = &properties.expiration {
            if expiration.parse::<u64>().is_err() {
                return Err(AmqpError::precondition(format!("PRECONDITION_FAILED - invalid expiration '{expiration}'")));
            }
        }
        let message = self.new_message(exchange_name, routing_key, properties, body);
        let msg = self.messages.share(message);
        self.ledger.publishes.published += 1;
        let ch = self.channel_mut(channel).expect("checked by apply");
        let seq = match ch.mode {
            ChannelMode::Tx => {
                ch.tx_publishes.push(PendingPublish { msg: msg.clone(), mandatory });
                let id = msg.id;
                self.emit(Event::Published { channel, msg, seq: None, mandatory });
                self.emit(Event::Buffered { channel, msg: id });
                return Ok(());
            }
            ChannelMode::Confirm => {
                ch.next_publish_seq += 1;
                Some(ch.next_publish_seq - 1)
            }
            ChannelMode::Plain => None,
        };
        self.emit(Event::Published { channel, msg: msg.clone(), seq, mandatory });
        // A remembered route holds for a message routed by exchange and key alone (a simulated
        // client's message carries a message id, which routes nothing).
        let by_key = msg.routes_by_key();
        let targets = match known_route {
            Some(queues) if by_key => queues,
            _ => self.route_message(&msg),
        };
        if !was_pinned && by_key {
            // The next publish with these same strings finds the route by their addresses.
            self.routes.pin(exchange, &msg.routing_key);
        }
        self.enqueue_routed(channel, msg, mandatory, seq, targets);
        Ok(())
    }

    fn new_message(&mut self, exchange: Rc<str>, routing_key: Rc<str>, properties: Properties, body: Rc<str>) -> Message {
        let id = MsgId(self.next_msg);
        self.next_msg += 1;
        if properties.expiration.is_none() && properties.message_id.is_none() && properties.headers.is_empty() {
            // A plain message, most of them: checked before the properties are taken apart,
            // which otherwise moved them about the stack first.
            let Properties { persistent, priority, headers, .. } = properties;
            // An empty B-tree map owns no memory, yet dropping one runs its iterator's
            // teardown (about 45 instructions a publish): forgetting it frees nothing less.
            std::mem::forget(headers);
            return Message { id, body, exchange, routing_key, persistent, priority, message_id_is_body: false, extra: None };
        }
        let Properties { persistent, priority, expiration, mut message_id, mut headers } = properties;
        // An id that is the body's text (a simulated producer's) needs no box of extras.
        let message_id_is_body = message_id.as_ref().is_some_and(|m| Rc::ptr_eq(m, &body) || **m == *body);
        if message_id_is_body {
            message_id = None;
        }
        // Most messages have no headers: no CC or BCC to look for.
        let (cc, bcc) = if headers.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            let keys = (sender_selected_keys(&headers, "CC"), sender_selected_keys(&headers, "BCC"));
            headers.remove("BCC");
            keys
        };
        let plain = expiration.is_none() && message_id.is_none() && headers.is_empty() && cc.is_empty() && bcc.is_empty();
        let extra = if plain {
            // An empty B-tree map owns no memory, yet dropping one runs its iterator's
            // teardown (about 45 instructions a publish): forgetting it frees nothing less.
            std::mem::forget(headers);
            None
        } else {
            Some(Box::new(Extra { expiration, message_id, headers, cc, bcc, ..Extra::default() }))
        };
        Message { id, body, exchange, routing_key, persistent, priority, message_id_is_body, extra }
    }

    /// Routes a published message and enqueues a copy in each target queue. Then, in confirm
    /// mode, confirms it: ack once every queue accepted it (or it was unroutable), nack if any
    /// refused it. A mandatory unroutable message is returned first.
    pub(super) fn route_and_enqueue(&mut self, channel: ChannelId, msg: Rc<Message>, mandatory: bool, seq: Option<u64>) {
        let targets = self.route_message(&msg);
        self.enqueue_routed(channel, msg, mandatory, seq, targets);
    }

    /// [`route_and_enqueue`](Broker::route_and_enqueue) once the route is known.
    #[inline(always)]
    fn enqueue_routed(&mut self, channel: ChannelId, msg: Rc<Message>, mandatory: bool, seq: Option<u64>, mut targets: Rc<[QueueId]>) {
        let clustered = self.cluster.nodes.len() > 1;
        let from = if clustered { self.node_of_channel(channel) } else { NodeId(0) };
        if clustered {
            targets = self.targets_reached_from(&targets, from);
        }
        let mut accepted = true;
        let mut held = 0;
        if targets.is_empty() {
            self.ledger.publishes.unroutable += 1;
            if mandatory {
                self.ledger.publishes.returned += 1;
                self.emit(Event::Returned { channel, msg: msg.clone(), code: NO_ROUTE });
            }
            self.emit(Event::Unroutable { msg: msg.id, returned: mandatory });
        } else {
            self.emit(Event::Routed { msg: msg.id, queues: targets.clone() });
            for &queue in targets.iter() {
                if !clustered {
                    accepted &= self.enqueue(queue, msg.clone());
                    continue;
                }
                match self.queue(queue).map(|q| (&q.replication, q.halt)) {
                    // A stopped mirrored queue refuses the publish (3.10 nacks it).
                    Some((_, Some(_))) => accepted = false,
                    Some((Replication::Quorum(_), None)) => {
                        if self.quorum_append(queue, msg.clone(), seq.map(|s| (channel, s)), from) {
                            accepted &= self.enqueue(queue, msg.clone());
                        } else {
                            held += 1;
                        }
                    }
                    Some((Replication::Mirrored(set), None)) => {
                        let wait = !set.mirrors.is_empty() && self.cluster.inter_node_latency_us > 0;
                        accepted &= self.enqueue(queue, msg.clone());
                        if let (true, Some(seq)) = (wait, seq) {
                            // Confirms wait for every mirror: one round trip between nodes.
                            held += 1;
                            let at = self.now.plus_micros(self.cluster.inter_node_latency_us.saturating_mul(2));
                            self.schedule(at, super::broker::Timer::MirrorsAcked { channel, seq });
                        }
                    }
                    _ => accepted &= self.enqueue(queue, msg.clone()),
                }
            }
        }
        if let Some(seq) = seq {
            if held > 0 {
                self.held_confirms.insert((channel, seq), HeldConfirm { waiting: held, ack: accepted });
                return;
            }
            if accepted {
                self.ledger.publishes.confirmed += 1;
            } else {
                self.ledger.publishes.nacked += 1;
            }
            self.emit(Event::Confirmed { channel, seq, ack: accepted });
        }
    }

    /// The routed queues a publisher on `from` reaches: each under its split-brain twin on
    /// that side if any. A classic queue whose home is down or cut off is not reached at all,
    /// as if it were not bound (3.10 acks such a publish, and returns it if mandatory).
    pub(super) fn targets_reached_from(&self, targets: &Rc<[QueueId]>, from: NodeId) -> Rc<[QueueId]> {
        let reached = |q: QueueId| {
            let Some(queue) = self.queue(q) else { return false };
            match (&queue.replication, queue.halt) {
                (_, Some(Halt::HomeDown { .. })) => false,
                (_, Some(Halt::MirrorStopped { .. })) | (Replication::Quorum(_), None) => true,
                _ => self.cluster.reachable(from, queue.node),
            }
        };
        if self.twins.is_empty() && targets.iter().all(|q| reached(*q)) {
            return targets.clone();
        }
        targets.iter().map(|q| self.resolve_twin(*q, from)).filter(|q| reached(*q)).collect()
    }

    /// The queues a published message goes to. Plain messages (no headers, CC or BCC) are
    /// routed by exchange and key alone, so their routes are remembered until the topology
    /// changes.
    pub(super) fn route_message(&mut self, msg: &Message) -> Rc<[QueueId]> {
        if !msg.routes_by_key() {
            let keys = msg.all_keys();
            return route(&self.exchanges, |n| self.queue_names.get(n).copied(), &msg.exchange, &keys, msg.headers()).into();
        }
        if let Some(queues) = self.routes.get(&msg.exchange, &msg.routing_key) {
            return queues.clone();
        }
        let keys = std::slice::from_ref(&msg.routing_key);
        let queues: Rc<[QueueId]> = route(&self.exchanges, |n| self.queue_names.get(n).copied(), &msg.exchange, keys, msg.headers()).into();
        // Only routes of an exchange that exists now (a transaction may commit a publish to an
        // exchange deleted since): the cache must never answer for a missing exchange.
        if let Some(x) = self.exchanges.get(&msg.exchange) {
            self.routes.insert(x.name.clone(), x.internal, msg.routing_key.clone(), queues.clone());
        }
        queues
    }

    /// Offers a message to a queue, as the queue process does: `reject-publish` refuses it
    /// before anything else; otherwise a waiting consumer takes it at once, or it joins the
    /// queue and the head is dropped while the queue is over its length limit. Returns whether
    /// the queue accepted it.
    pub(super) fn enqueue(&mut self, id: QueueId, msg: Rc<Message>) -> bool {
        let now = self.now;
        let Some(queue) = self.queue_mut(id) else { return false };
        let reject = matches!(queue.config.overflow, Overflow::RejectPublish | Overflow::RejectPublishDlx);
        // A quorum queue checks its limit after the enqueue (so it overshoots by one) and then
        // refuses until it is down to its soft limit; a classic queue keeps the exact limit.
        let refused = match queue.config.kind {
            QueueKind::Quorum => queue.ready.is_blocked(),
            QueueKind::Classic => reject && queue.would_overflow(&msg),
        };
        if refused {
            let dead_letter = queue.config.overflow == Overflow::RejectPublishDlx;
            self.ledger.publishes.refused += 1;
            self.emit(Event::Refused { queue: id, msg: msg.id });
            if dead_letter {
                let refused = self.new_copy(id, msg, now);
                self.dead_letter(id, refused, DeathReason::Maxlen);
            }
            return false;
        }
        let copy = self.new_copy(id, msg, now);
        let channels = &self.channels;
        let queue = self.queues[id.index()].as_mut().expect("checked above");
        if queue.ready.is_empty() && !self.cluster.partitioned {
            if let Some(consumer) = queue.next_consumer(|c| super::consume::has_room(channels, c)) {
                self.deliver(id, consumer, copy);
                return true;
            }
        }
        queue.ready.push_back(copy);
        self.drop_heads_over_limit(id);
        self.dispatch(id);
        self.block_publishes_over_limit(id);
        true
    }

    /// A quorum queue under `reject-publish` that is over its limit after an enqueue or a
    /// return (ready messages, after dispatch) refuses publishes until its soft limit.
    #[inline]
    pub(super) fn block_publishes_over_limit(&mut self, id: QueueId) {
        let Some(queue) = self.queue_mut(id) else { return };
        if queue.config.kind == QueueKind::Quorum && queue.config.overflow == Overflow::RejectPublish && queue.is_over_limit() {
            let soft = SoftLimit::of(queue.config.max_length, queue.config.max_length_bytes);
            queue.ready.block_until(soft);
        }
    }

    /// `drop-head`: while the queue holds more ready messages (or bytes) than its limit, the
    /// head is dropped, dead-lettered with reason `maxlen` if there is a DLX.
    #[inline]
    pub(super) fn drop_heads_over_limit(&mut self, id: QueueId) {
        // Checked in the caller (after every enqueue and settlement; most queues are within
        // their limits or have none); the loop that drops is not inlined.
        if self.queue(id).is_some_and(|q| q.config.overflow == Overflow::DropHead && q.is_over_limit()) {
            self.drop_heads(id);
        }
    }

    #[inline(never)]
    fn drop_heads(&mut self, id: QueueId) {
        loop {
            let Some(queue) = self.queue_mut(id) else { return };
            if queue.config.overflow != Overflow::DropHead || !queue.is_over_limit() {
                return;
            }
            let head = queue.ready.pop_head().expect("over a limit, so not empty");
            self.dead_letter(id, head, DeathReason::Maxlen);
        }
    }

    /// A new copy of `msg` in queue `id`, with its expiry fixed now: the lower of the queue's
    /// `x-message-ttl` and the message's `expiration`.
    // Once per enqueued copy: inlined into `enqueue` (a call returned the copy through memory).
    #[inline(always)]
    fn new_copy(&mut self, id: QueueId, msg: Rc<Message>, now: Time) -> QueuedMsg {
        let queue = self.queues[id.index()].as_mut().expect("caller checked");
        let message_ttl = msg.expiration().and_then(|e| e.parse::<u64>().ok());
        let ttl = match (queue.config.message_ttl, message_ttl) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let copy = self.ledger.new_copy(Place::Ready(id));
        self.emit(Event::Enqueued { queue: id, copy, msg: msg.id });
        QueuedMsg { copy, msg, expires_at: ttl.map_or(Time::NEVER, |t| now.plus_millis(t)), redelivered: false, returns: 0 }
    }

    pub(super) fn confirm_select(&mut self, channel: ChannelId) -> Result<Reply, AmqpError> {
        let ch = self.channel_mut(channel).expect("checked by apply");
        if ch.mode == ChannelMode::Tx {
            return Err(AmqpError::precondition("PRECONDITION_FAILED - cannot switch from tx to confirm mode"));
        }
        ch.mode = ChannelMode::Confirm;
        Ok(Reply::Ok)
    }

    pub(super) fn tx_select(&mut self, channel: ChannelId) -> Result<Reply, AmqpError> {
        let ch = self.channel_mut(channel).expect("checked by apply");
        if ch.mode == ChannelMode::Confirm {
            return Err(AmqpError::precondition("PRECONDITION_FAILED - cannot switch from confirm to tx mode"));
        }
        ch.mode = ChannelMode::Tx;
        Ok(Reply::Ok)
    }

    fn transactional(&mut self, channel: ChannelId) -> Result<&mut super::channel::Channel, AmqpError> {
        let ch = self.channel_mut(channel).expect("checked by apply");
        if ch.mode != ChannelMode::Tx {
            return Err(AmqpError::precondition("PRECONDITION_FAILED - channel is not transactional"));
        }
        Ok(ch)
    }

    /// Publishes first, then settlements, as RabbitMQ's tx.commit does; returns come before
    /// commit-ok. There is no atomicity: a commit is a batch.
    pub(super) fn tx_commit(&mut self, channel: ChannelId) -> Result<Reply, AmqpError> {
        let ch = self.transactional(channel)?;
        let mut publishes = std::mem::take(&mut ch.tx_publishes);
        let settles = std::mem::take(&mut ch.tx_settles);
        for p in publishes.drain(..) {
            self.route_and_enqueue(channel, p.msg, p.mandatory, None);
        }
        // The emptied buffer goes back for the next transaction (not one grown anew per batch).
        if let Some(ch) = self.channel_mut(channel).filter(|ch| ch.tx_publishes.is_empty()) {
            ch.tx_publishes = publishes;
        }
        for s in settles {
            self.settle_deliveries(channel, s.deliveries, s.outcome);
        }
        self.emit(Event::TxCommitted { channel });
        Ok(Reply::Ok)
    }

    /// Buffered publishes are thrown away; buffered acks are undone (the messages are unacked
    /// again, not requeued).
    pub(super) fn tx_rollback(&mut self, channel: ChannelId) -> Result<Reply, AmqpError> {
        let ch = self.transactional(channel)?;
        ch.tx_publishes.clear();
        let held: Vec<_> = ch.tx_settles.drain(..).flat_map(|s| s.deliveries).collect();
        ch.restore_deliveries(held);
        self.emit(Event::TxRolledBack { channel });
        Ok(Reply::Ok)
    }
}
