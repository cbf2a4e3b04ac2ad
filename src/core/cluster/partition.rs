//! Network partitions and `cluster_partition_handling`.
//!
//! Failure detection is immediate (the simulated `net_ticktime` is 0): at the split each side
//! sees the other's nodes as down. Then, by mode:
//! - `pause_minority`: nodes on a side without a strict majority of all nodes pause (their
//!   clients are disconnected) until the heal;
//! - `ignore` and `autoheal`: both sides carry on. A mirrored queue gets a leader on each side
//!   that holds a mirror (split-brain, [`super::super::broker::Twin`]); a classic queue's
//!   consumers on the far side are cancelled; a quorum queue keeps working only on the side
//!   with a majority of its members.
//!
//! At the heal, `autoheal` restarts the nodes outside the winning side (most client
//! connections, then most nodes, then the lowest side); `ignore` leaves the split in place
//! until someone restarts the nodes of a side. A restarted node's split-brain leader throws
//! its messages away — confirmed ones included: this is how mirrored queues lose data.

use super::super::broker::{Broker, Twin};
use super::super::error::AmqpError;
use super::super::event::{DropReason, Event};
use super::super::ids::{NodeId, QueueId};
use super::super::ledger::Place;
use super::super::queue::{QueuedMsg, Ready};
use super::replica::{Mirror, MirrorSet, Replication};
use super::{NodeState, PartitionHandling};

impl Broker {
    pub(in crate::core) fn partition(&mut self, sides: &[Vec<NodeId>]) -> Result<(), AmqpError> {
        let mut seen = vec![false; self.cluster.nodes.len()];
        for (i, side) in sides.iter().enumerate() {
            for node in side {
                let Some(slot) = seen.get_mut(node.index()) else {
                    return Err(AmqpError::precondition(format!("PRECONDITION_FAILED - sides[{i}]: no node {} in the cluster", node.0)));
                };
                if *slot {
                    return Err(AmqpError::precondition(format!("PRECONDITION_FAILED - sides[{i}]: node {} is on two sides", node.0)));
                }
                *slot = true;
            }
        }
        if self.cluster.partitioned {
            self.heal()?;
        }
        for node in &mut self.cluster.nodes {
            node.side = sides.iter().position(|s| s.contains(&node.id)).map_or(0, |i| i as u32 + 1);
        }
        let distinct = crate::ordered::set_of(self.cluster.nodes.iter().map(|n| n.side));
        if distinct.len() < 2 {
            for node in &mut self.cluster.nodes {
                node.side = 0;
            }
            return Err(AmqpError::precondition("PRECONDITION_FAILED - a partition needs at least two sides"));
        }
        self.cluster.partitioned = true;
        self.emit(Event::Partitioned { sides: sides.to_vec() });
        if self.cluster.partition_handling == PartitionHandling::PauseMinority {
            let total = self.cluster.nodes.len();
            let minority: Vec<NodeId> = self
                .cluster
                .nodes
                .iter()
                .filter(|n| n.state == NodeState::Up && 2 * self.cluster.nodes.iter().filter(|m| m.side == n.side).count() <= total)
                .map(|n| n.id)
                .collect();
            for node in minority {
                self.node_down(node, NodeState::Paused)?;
            }
        }
        let ids: Vec<QueueId> = self.queues().filter(|q| !self.is_twin(q.id) && q.halt.is_none()).map(|q| q.id).collect();
        for id in ids {
            let queue = self.queue(id).expect("listed");
            let home = queue.node;
            let far = |broker: &Broker, channel| !broker.cluster.reachable(broker.node_of_channel(channel), home);
            match &queue.replication {
                Replication::None => {
                    let far_channels: Vec<_> = self.channels().map(|c| c.id).filter(|c| far(self, *c)).collect();
                    self.cut_off(id, &far_channels);
                }
                Replication::Mirrored(set) => {
                    let set = set.clone();
                    self.split_mirrored(id, &set);
                }
                Replication::Quorum(_) => self.quorum_member_changed(id),
            }
        }
        self.routes.clear();
        Ok(())
    }

    /// The leader's side counts far channels as gone: their consumers are cancelled and what
    /// they held goes back to the queue.
    fn cut_off(&mut self, id: QueueId, channels: &[super::super::ids::ChannelId]) {
        self.cancel_consumers(id, |c| channels.contains(&c));
        for d in self.take_back(id, |c| channels.contains(&c)) {
            self.requeue_redelivered(id, d.queued);
        }
    }

    /// Every side without the leader that holds a running mirror promotes its oldest one: that
    /// side's clients now use a second queue of the same name, holding the mirror's copies.
    fn split_mirrored(&mut self, id: QueueId, set: &MirrorSet) {
        let leader = self.queue(id).expect("there").node;
        let leader_side = self.cluster.node(leader).map_or(0, |n| n.side);
        // Sorted and distinct: a set of sides, as in `partition` (one sort of u32 fewer in the page).
        let far_sides = crate::ordered::set_of(set.mirrors.iter().filter_map(|m| self.cluster.node(m.node)).filter(|n| n.state == NodeState::Up && n.side != leader_side).map(|n| n.side));
        let far_channels: Vec<_> = self.channels().map(|c| c.id).filter(|c| !self.cluster.reachable(self.node_of_channel(*c), leader)).collect();
        // Snapshot the mirror's view before the leader's side takes the far deliveries back.
        let out_far: Vec<QueuedMsg> = self.channels().filter(|c| far_channels.contains(&c.id)).flat_map(|c| c.unacked.iter().filter(|d| d.queue == id).map(|d| d.queued.clone())).collect();
        let ready: Vec<QueuedMsg> = self.queue(id).expect("there").ready.iter().cloned().collect();
        for side in far_sides {
            let nodes: Vec<NodeId> = self.cluster.nodes.iter().filter(|n| n.side == side).map(|n| n.id).collect();
            let mirrors: Vec<Mirror> = set.mirrors.iter().filter(|m| nodes.contains(&m.node)).copied().collect();
            let leader_there = mirrors[0];
            let twin = self.make_twin(id, leader_there.node, MirrorSet { policy: set.policy.clone(), mirrors: mirrors[1..].to_vec() });
            let mut held: Vec<&QueuedMsg> = ready.iter().chain(out_far.iter()).filter(|m| m.copy >= leader_there.since).collect();
            crate::ordered::sort_by_u64(&mut held, |m| m.copy.0);
            for m in held {
                let copy = self.ledger.new_copy(Place::Ready(twin));
                self.emit(Event::Enqueued { queue: twin, copy, msg: m.msg.id });
                let twin_queue = self.queue_mut(twin).expect("made");
                twin_queue.ready.push_back(QueuedMsg { copy, msg: m.msg.clone(), expires_at: m.expires_at, redelivered: true, returns: m.returns });
            }
            // That side's consumers follow their side's leader.
            let side_channels: Vec<_> = self.channels().map(|c| c.id).filter(|c| nodes.contains(&self.node_of_channel(*c))).collect();
            self.move_consumers(id, twin, &side_channels);
            self.twins.push(Twin { original: id, twin, nodes });
            self.emit(Event::SplitBrain { queue: id, twin, node: leader_there.node });
            self.dispatch(twin);
        }
        let near: Vec<NodeId> = self.cluster.nodes.iter().filter(|n| self.cluster.reachable(n.id, leader)).map(|n| n.id).collect();
        if let Some(Replication::Mirrored(own)) = self.queue_mut(id).map(|q| &mut q.replication) {
            own.mirrors.retain(|m| near.contains(&m.node));
        }
        self.cut_off(id, &far_channels);
    }

    fn make_twin(&mut self, of: QueueId, node: NodeId, set: MirrorSet) -> QueueId {
        let original = self.queue(of).expect("there");
        let id = QueueId(self.queues.len() as u32);
        let mut twin = original.clone();
        twin.id = id;
        twin.node = node;
        twin.ready = Ready::new(original.config.levels(), original.config.return_to());
        twin.consumers = Vec::new();
        twin.active_consumer = None;
        twin.replication = Replication::Mirrored(set);
        twin.armed_expiry = None;
        self.queues.push(Some(twin));
        id
    }

    /// Re-registers the consumers of `from` that live on `channels` with queue `to`.
    fn move_consumers(&mut self, from: QueueId, to: QueueId, channels: &[super::super::ids::ChannelId]) {
        let moving: Vec<_> = self.queue(from).expect("there").consumers.iter().filter(|c| channels.contains(&c.channel)).cloned().collect();
        for consumer in moving {
            self.unregister_consumer(from, consumer.channel, &consumer.tag, false);
            if let Some(ch) = self.channel_mut(consumer.channel) {
                ch.consumers.insert(consumer.tag.clone(), to);
            }
            let (channel, tag) = (consumer.channel, consumer.tag.clone());
            let mut fresh = consumer;
            fresh.unacked = 0;
            self.queue_mut(to).expect("there").add_consumer(fresh);
            self.emit(Event::ConsumerStarted { queue: to, channel, tag });
        }
    }

    /// A split-brain leader's node restarted: everything it held is thrown away.
    pub(in crate::core) fn discard_twin(&mut self, twin: QueueId) {
        let Some(at) = self.twins.iter().position(|t| t.twin == twin) else { return };
        let Twin { original, .. } = self.twins.remove(at);
        let Some(mut queue) = self.queues.get_mut(twin.index()).and_then(Option::take) else { return };
        for m in queue.ready.drain_all() {
            self.drop_copy(twin, m.copy, DropReason::PartitionDiscarded);
        }
        for consumer in std::mem::take(&mut queue.consumers) {
            if let Some(ch) = self.channel_mut(consumer.channel) {
                ch.consumers.remove(&consumer.tag);
            }
            self.emit(Event::ConsumerCancelled { queue: twin, channel: consumer.channel, tag: consumer.tag, by_broker: true });
        }
        for d in self.take_back(twin, |_| true) {
            self.drop_copy(twin, d.queued.copy, DropReason::PartitionDiscarded);
        }
        self.emit(Event::TwinDiscarded { queue: original, twin });
    }

    pub(in crate::core) fn heal(&mut self) -> Result<(), AmqpError> {
        if !self.cluster.partitioned {
            return Err(AmqpError::precondition("PRECONDITION_FAILED - the network is not partitioned"));
        }
        let sides: Vec<u32> = self.cluster.nodes.iter().map(|n| n.side).collect();
        for node in &mut self.cluster.nodes {
            node.side = 0;
        }
        self.cluster.partitioned = false;
        self.emit(Event::Healed);
        match self.cluster.partition_handling {
            PartitionHandling::PauseMinority => {
                let paused: Vec<NodeId> = self.cluster.nodes.iter().filter(|n| n.state == NodeState::Paused).map(|n| n.id).collect();
                for node in paused {
                    self.node_up(node)?;
                }
            }
            PartitionHandling::Autoheal => {
                let winner = self.autoheal_winner(&sides);
                let losers: Vec<NodeId> =
                    self.cluster.nodes.iter().filter(|n| sides[n.id.index()] != winner && n.state == NodeState::Up).map(|n| n.id).collect();
                for node in losers {
                    self.node_down(node, NodeState::Stopped)?;
                    self.node_up(node)?;
                }
            }
            PartitionHandling::Ignore => {}
        }
        let ids: Vec<QueueId> = self.queues().map(|q| q.id).collect();
        for id in ids {
            self.quorum_member_changed(id);
        }
        self.routes.clear();
        Ok(())
    }

    /// The side with the most client connections, then the most nodes, then the lowest number.
    fn autoheal_winner(&self, sides: &[u32]) -> u32 {
        let candidates = crate::ordered::set_of(sides.iter().copied());
        let score = |side: u32| {
            let connections = self.connections.iter().flatten().filter(|c| sides[c.node.index()] == side).count();
            let nodes = sides.iter().filter(|s| **s == side).count();
            (connections, nodes, std::cmp::Reverse(side))
        };
        candidates.into_iter().max_by_key(|s| score(*s)).unwrap_or(0)
    }
}
