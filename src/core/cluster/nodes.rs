//! Nodes stopping, crashing and starting; what a plain classic queue does while its home node
//! is down; and the lookups the rest of the core asks of the cluster.
//!
//! Real 3.10 clusters decided the details (conformance/cluster): a classic queue whose home is
//! down answers 404, its consumers are cancelled for good, a publish routed to it is treated as
//! not routed (acked, returned if mandatory), its transient messages and transient queues are
//! gone, and after a crash every recovered message is flagged redelivered.

use super::super::broker::Broker;
use super::super::channel::Delivery;
use super::super::error::AmqpError;
use super::super::event::{DropReason, Event};
use super::super::ids::{ChannelId, ConnectionId, NodeId, QueueId};
use super::super::ledger::Place;
use super::super::queue::QueuedMsg;
use super::super::value::Table;
use super::policy::Policy;
use super::replica::{Halt, Replication};
use super::NodeState;
use crate::core::error::CONNECTION_FORCED;

impl Broker {
    pub(in crate::core) fn connect(&mut self, name: &str, node: NodeId) -> Result<ConnectionId, AmqpError> {
        match self.cluster.node(node) {
            None => Err(AmqpError::new(CONNECTION_FORCED, format!("CONNECTION_FORCED - no node {} in the cluster", node.0))),
            Some(n) if n.state != NodeState::Up => {
                Err(AmqpError::new(CONNECTION_FORCED, format!("CONNECTION_FORCED - node {} is not running ({:?})", n.name, n.state)))
            }
            Some(_) => Ok(self.open_connection(name, node)),
        }
    }

    /// The node a channel's connection is on.
    pub(in crate::core) fn node_of_channel(&self, channel: ChannelId) -> NodeId {
        self.channel(channel).and_then(|c| self.connection(c.connection)).map_or(NodeId(0), |c| c.node)
    }

    pub(in crate::core) fn set_policy(&mut self, name: &str, pattern: &str, priority: i64, definition: &Table) -> Result<(), AmqpError> {
        // RabbitMQ 4.x removed classic queue mirroring: its policy keys are not recognised.
        if self.cluster.profile == super::Profile::V4 {
            if let Some(key) = definition.keys().find(|k| k.starts_with("ha-")) {
                return Err(AmqpError::precondition(format!("PRECONDITION_FAILED - policy '{name}': '{key}' is not a policy key in RabbitMQ 4.x (classic mirroring was removed)")));
            }
        }
        let policy = Policy::new(name, pattern, priority, definition).map_err(|e| AmqpError::precondition(format!("PRECONDITION_FAILED - {e}")))?;
        self.cluster.policies.retain(|p| p.name != name);
        self.cluster.policies.push(policy);
        Ok(())
    }

    fn known_node(&self, node: NodeId) -> Result<(), AmqpError> {
        match self.cluster.node(node) {
            Some(_) => Ok(()),
            None => Err(AmqpError::not_found(format!("NOT_FOUND - no node {} in the cluster", node.0))),
        }
    }

    /// A node stops (controlled), crashes or pauses. Its clients lose their connections first
    /// (what they held unacked goes back to its queue), then each queue it hosts reacts.
    pub(in crate::core) fn node_down(&mut self, node: NodeId, how: NodeState) -> Result<(), AmqpError> {
        self.known_node(node)?;
        if !self.cluster.is_up(node) {
            return Err(AmqpError::precondition(format!("PRECONDITION_FAILED - node {} is not running", self.cluster.display_name(node))));
        }
        self.cluster.nodes[node.index()].state = how;
        self.emit(Event::NodeDown { node, how });
        let connections: Vec<_> = self.connections.iter().flatten().filter(|c| c.node == node).map(|c| c.id).collect();
        let _ = self.close_connections_silently(&connections);
        let crashed = how == NodeState::Crashed;
        // A split-brain leader on this node is thrown away: it rejoins empty.
        let twins: Vec<_> = self.twins.iter().filter(|t| self.queue(t.twin).is_some_and(|q| q.node == node)).map(|t| t.twin).collect();
        for twin in twins {
            self.discard_twin(twin);
        }
        let ids: Vec<QueueId> = self.queues().filter(|q| !self.is_twin(q.id)).map(|q| q.id).collect();
        for id in ids {
            let Some(queue) = self.queue(id) else { continue };
            let home = queue.node == node;
            match &queue.replication {
                Replication::None if home && queue.halt.is_none() => self.home_down(id, crashed),
                Replication::None => {}
                Replication::Mirrored(_) if home && queue.halt.is_none() => self.mirror_leader_down(id, how),
                Replication::Mirrored(_) => self.mirror_down(id, node),
                Replication::Quorum(_) => self.quorum_member_changed(id),
            }
        }
        Ok(())
    }

    /// A node starts again and rejoins: queues it is home to recover, mirrors rejoin empty,
    /// quorum followers catch up.
    pub(in crate::core) fn node_up(&mut self, node: NodeId) -> Result<(), AmqpError> {
        self.known_node(node)?;
        if self.cluster.is_up(node) {
            return Err(AmqpError::precondition(format!("PRECONDITION_FAILED - node {} is already running", self.cluster.display_name(node))));
        }
        let n = &mut self.cluster.nodes[node.index()];
        n.state = NodeState::Up;
        n.incarnation += 1;
        self.emit(Event::NodeUp { node });
        let ids: Vec<QueueId> = self.queues().map(|q| q.id).collect();
        for id in ids {
            let Some(queue) = self.queue(id) else { continue };
            let home = queue.node == node;
            match (&queue.replication, queue.halt) {
                (_, Some(halt)) if home => self.resume_home(id, halt),
                (Replication::Mirrored(_), _) => self.mirror_rejoin(id, node),
                (Replication::Quorum(_), _) => self.quorum_member_changed(id),
                _ => {}
            }
        }
        self.routes.clear();
        Ok(())
    }

    /// Closes connections the way a dying node drops them: no close handshake reaches the
    /// client, and everything they held returns to its queue.
    fn close_connections_silently(&mut self, connections: &[ConnectionId]) -> Result<(), AmqpError> {
        self.close_connections(connections, 320, "CONNECTION_FORCED - the node went down")
    }

    /// A plain classic (or unmirrored) queue's home went down: a transient queue is deleted; a
    /// durable one keeps only its persistent messages, loses its consumers, and waits.
    pub(in crate::core) fn home_down(&mut self, id: QueueId, crashed: bool) {
        if !self.queue(id).is_some_and(|q| q.durable) {
            self.delete_queue(id, "transient queue lost with its home node");
            return;
        }
        self.halt_queue(id, Halt::HomeDown { crashed });
    }

    /// The queue stops serving until its node returns: its consumers are cancelled, what they
    /// held comes back (redelivered), and its transient messages are lost with the node.
    pub(in crate::core) fn halt_queue(&mut self, id: QueueId, halt: Halt) {
        self.cancel_consumers(id, |_| true);
        for d in self.take_back(id, |_| true) {
            self.requeue_redelivered(id, d.queued);
        }
        self.drop_transient(id, DropReason::NodeDown);
        self.queue_mut(id).expect("still there").halt = Some(halt);
        self.emit(Event::QueueHalted { queue: id });
    }

    /// A copy taken back from a channel goes back to its queue, flagged redelivered.
    pub(in crate::core) fn requeue_redelivered(&mut self, id: QueueId, mut queued: QueuedMsg) {
        queued.redelivered = true;
        let copy = queued.copy;
        self.queue_mut(id).expect("caller checked").ready.requeue(queued);
        self.ledger.set(copy, Place::Ready(id));
        self.emit(Event::Requeued { queue: id, copy });
    }

    /// A queue whose node came back serves again. After a crash, recovery flags every
    /// message redelivered (the broker cannot know which were delivered).
    fn resume_home(&mut self, id: QueueId, halt: Halt) {
        let queue = self.queue_mut(id).expect("listed");
        queue.halt = None;
        let (Halt::HomeDown { crashed } | Halt::MirrorStopped { crashed }) = halt;
        if crashed {
            queue.ready.mark_all_redelivered();
        }
        self.emit(Event::QueueResumed { queue: id });
        self.arm_unused_timer(id);
        self.dispatch(id);
    }

    /// Drops a queue's transient ready messages (they lived only in the dead node's memory).
    pub(in crate::core) fn drop_transient(&mut self, id: QueueId, reason: DropReason) {
        let queue = self.queue_mut(id).expect("caller checked");
        let lost = queue.ready.retain(|m| m.msg.persistent);
        for m in lost {
            self.drop_copy(id, m.copy, reason);
        }
    }

    /// The broker cancels a queue's consumers (a `basic.cancel` to each client) where `which`
    /// says so, given the consumer's channel.
    pub(in crate::core) fn cancel_consumers(&mut self, id: QueueId, which: impl Fn(ChannelId) -> bool) {
        let consumers: Vec<_> = self.queue(id).map(|q| q.consumers.iter().filter(|c| which(c.channel)).map(|c| (c.channel, c.tag.clone())).collect()).unwrap_or_default();
        for (channel, tag) in consumers {
            self.unregister_consumer(id, channel, &tag, true);
        }
    }

    /// Takes back from every channel (where `which` says so) the deliveries of queue `id`:
    /// the queue has them again, while the client may still settle their tags — those
    /// settlements are then ignored (the ack "was in flight").
    pub(in crate::core) fn take_back(&mut self, id: QueueId, which: impl Fn(ChannelId) -> bool) -> Vec<Delivery> {
        let mut taken = Vec::new();
        let channels: Vec<ChannelId> = self.channels().filter(|c| which(c.id) && c.unacked.iter().any(|d| d.queue == id)).map(|c| c.id).collect();
        for channel in channels {
            let ch = self.channel_mut(channel).expect("listed");
            let (mine, rest): (Vec<_>, Vec<_>) = ch.unacked.drain(..).partition(|d| d.queue == id);
            ch.unacked = rest.into();
            ch.forgotten.extend(mine.iter().map(|d| d.tag));
            for d in &mine {
                if let (Some(tag), Some(queue)) = (&d.consumer, self.queue_mut(id)) {
                    if let Some(i) = queue.consumer_index(channel, tag) {
                        queue.consumers[i].unacked -= 1;
                    }
                }
            }
            taken.extend(mine);
        }
        crate::ordered::sort_by_u64(&mut taken, |d| d.queued.copy.0);
        taken
    }

    /// Can a client on the channel's node use this queue now? A halted queue, or a classic or
    /// mirrored one whose node it cannot reach, answers 404 as RabbitMQ does.
    pub(in crate::core) fn check_reachable(&self, id: QueueId, channel: ChannelId) -> Result<(), AmqpError> {
        let queue = self.queue(id).expect("caller found it");
        let from = self.node_of_channel(channel);
        let quorum = matches!(queue.replication, Replication::Quorum(_));
        if queue.halt.is_some() || (!quorum && !self.cluster.reachable(from, queue.node)) {
            let kind = if queue.durable { "durable" } else { "transient" };
            return Err(AmqpError::not_found(format!(
                "NOT_FOUND - home node '{}' of {kind} queue '{}' in vhost '/' is down or inaccessible",
                self.cluster.display_name(queue.node),
                queue.name
            )));
        }
        Ok(())
    }

    /// The queue a client on `node` reaches under this id: the split-brain leader on its side
    /// of a partition, if there is one.
    pub(in crate::core) fn resolve_twin(&self, id: QueueId, node: NodeId) -> QueueId {
        if self.twins.is_empty() {
            return id;
        }
        self.twins.iter().find(|t| t.original == id && t.nodes.contains(&node)).map_or(id, |t| t.twin)
    }

    pub(in crate::core) fn is_twin(&self, id: QueueId) -> bool {
        self.twins.iter().any(|t| t.twin == id)
    }

    /// A confirm waiting for later acceptances: one more queue accepted (or refused) it.
    pub(in crate::core) fn release_confirm(&mut self, channel: ChannelId, seq: u64, ack: bool) {
        let Some(held) = self.held_confirms.get_mut(&(channel, seq)) else { return };
        held.waiting -= 1;
        held.ack &= ack;
        if held.waiting > 0 {
            return;
        }
        let ack = held.ack;
        self.held_confirms.remove(&(channel, seq));
        if self.channel(channel).is_none() {
            return;
        }
        if ack {
            self.ledger.publishes.confirmed += 1;
        } else {
            self.ledger.publishes.nacked += 1;
        }
        self.emit(Event::Confirmed { channel, seq, ack });
    }
}
