//! Classic mirrored queues (profile 3.x): a leader (`Queue::node`) and mirrors, oldest first.
//!
//! A mirror knows every copy made since it joined (`Mirror::since`); it joined empty, so it is
//! unsynchronised while an older copy is still in the queue. When the leader goes, the oldest
//! mirror on a running node is promoted (if `ha-promote-on-*` allows an unsynchronised one):
//! what only the old leader had is lost, every unacked delivery is requeued, and every message
//! of the promoted queue is flagged redelivered (as a real 3.10 cluster does).

use super::super::broker::Broker;
use super::super::event::{DropReason, Event};
use super::super::ids::{CopyId, NodeId, QueueId};
use super::policy::Promote;
use super::replica::{Halt, Mirror, MirrorSet, Replication};
use super::{NodeState, Profile};

impl Broker {
    /// At declare time: a classic queue that a policy mirrors gets its mirrors (3.x only;
    /// exclusive queues are never mirrored).
    pub(in crate::core) fn place_mirrors(&mut self, id: QueueId) {
        if self.cluster.profile != Profile::V3 {
            return;
        }
        let queue = self.queue(id).expect("just declared");
        if queue.exclusive_owner.is_some() {
            return;
        }
        let Some(policy) = self.cluster.policy_for(&queue.name).map(|p| p.ha.clone()) else { return };
        let leader = queue.node;
        let mut set = MirrorSet { policy, mirrors: Vec::new() };
        for node in self.nodes_after(leader) {
            if self.cluster.is_up(node) && set.policy.wants(&self.cluster, node, 1 + set.mirrors.len()) {
                set.mirrors.push(Mirror { node, since: CopyId(0) });
            }
        }
        self.queue_mut(id).expect("just declared").replication = Replication::Mirrored(set);
    }

    /// The other nodes in ring order starting after `node`: where new replicas go.
    pub(in crate::core) fn nodes_after(&self, node: NodeId) -> Vec<NodeId> {
        let n = self.cluster.nodes.len() as u32;
        (1..n).map(|i| NodeId((node.0 + i) % n)).collect()
    }

    fn mirrors(&self, id: QueueId) -> Option<&MirrorSet> {
        match self.queue(id).map(|q| &q.replication) {
            Some(Replication::Mirrored(set)) => Some(set),
            _ => None,
        }
    }
    fn mirrors_mut(&mut self, id: QueueId) -> Option<&mut MirrorSet> {
        match self.queue_mut(id).map(|q| &mut q.replication) {
            Some(Replication::Mirrored(set)) => Some(set),
            _ => None,
        }
    }

    /// A mirror that joined at `since` is synchronised when no older copy is left, ready or
    /// out with a consumer.
    pub(in crate::core) fn is_synced(&self, id: QueueId, since: CopyId) -> bool {
        let queue = self.queue(id).expect("caller checked");
        let ready_ok = queue.ready.iter().all(|m| m.copy >= since);
        ready_ok && self.channels().all(|ch| ch.unacked.iter().all(|d| d.queue != id || d.queued.copy >= since))
    }

    /// The leader's node went down.
    pub(in crate::core) fn mirror_leader_down(&mut self, id: QueueId, how: NodeState) {
        let set = self.mirrors(id).expect("mirrored").clone();
        let Some(candidate) = set.mirrors.iter().find(|m| self.cluster.is_up(m.node)).copied() else {
            self.home_down(id, how == NodeState::Crashed);
            return;
        };
        let synced = self.is_synced(id, candidate.since);
        let allowed = match how {
            NodeState::Stopped => set.policy.on_shutdown == Promote::Always && set.policy.on_failure == Promote::Always,
            _ => set.policy.on_failure == Promote::Always,
        };
        if synced || allowed {
            self.promote(id, candidate);
        } else {
            // No mirror may take over: the queue stops and waits for its leader.
            self.halt_queue(id, Halt::MirrorStopped { crashed: how == NodeState::Crashed });
        }
    }

    /// `candidate` becomes the leader. Unacked deliveries come back; copies older than the
    /// mirror's join are lost; everything left is flagged redelivered.
    pub(in crate::core) fn promote(&mut self, id: QueueId, candidate: Mirror) {
        let since = candidate.since;
        let set = self.mirrors_mut(id).expect("mirrored");
        set.mirrors.retain(|m| m.node != candidate.node);
        self.queue_mut(id).expect("there").node = candidate.node;
        let mut lost = 0;
        for d in self.take_back(id, |_| true) {
            if d.queued.copy < since {
                lost += 1;
                self.drop_copy(id, d.queued.copy, DropReason::UnsyncedMirrorPromoted);
            } else {
                self.requeue_redelivered(id, d.queued);
            }
        }
        let queue = self.queue_mut(id).expect("there");
        let gone = queue.ready.retain(|m| m.copy >= since);
        queue.ready.mark_all_redelivered();
        for m in gone {
            lost += 1;
            self.drop_copy(id, m.copy, DropReason::UnsyncedMirrorPromoted);
        }
        self.emit(Event::MirrorPromoted { queue: id, node: candidate.node, lost });
        self.replace_missing_mirrors(id);
        self.routes.clear();
        self.dispatch(id);
    }

    /// A mirror's node went down: that mirror is gone (`exactly` places a new one elsewhere).
    pub(in crate::core) fn mirror_down(&mut self, id: QueueId, node: NodeId) {
        if let Some(set) = self.mirrors_mut(id) {
            set.mirrors.retain(|m| m.node != node);
        }
        self.replace_missing_mirrors(id);
    }

    /// A node came back: if the policy wants a mirror there, one joins, empty.
    pub(in crate::core) fn mirror_rejoin(&mut self, id: QueueId, node: NodeId) {
        let leader = self.queue(id).expect("listed").node;
        let Some(set) = self.mirrors(id) else { return };
        if leader == node || set.mirrors.iter().any(|m| m.node == node) {
            return;
        }
        if set.policy.wants(&self.cluster, node, 1 + set.mirrors.len()) {
            self.add_mirror(id, node);
        }
    }

    fn add_mirror(&mut self, id: QueueId, node: NodeId) {
        let next = CopyId(self.ledger.copies());
        let set = self.mirrors_mut(id).expect("mirrored");
        // Automatic sync copies the backlog at once (RabbitMQ blocks the queue meanwhile).
        let since = if set.policy.automatic_sync { CopyId(0) } else { next };
        set.mirrors.push(Mirror { node, since });
        self.emit(Event::MirrorAdded { queue: id, node, synced: since == CopyId(0) });
    }

    /// `ha-mode: exactly` keeps its count: a lost mirror is replaced on another running node.
    fn replace_missing_mirrors(&mut self, id: QueueId) {
        let leader = self.queue(id).expect("there").node;
        for node in self.nodes_after(leader) {
            let Some(set) = self.mirrors(id) else { return };
            let wanted = matches!(set.policy.mode, super::policy::HaMode::Exactly(_)) && set.policy.wants(&self.cluster, node, 1 + set.mirrors.len());
            if wanted && self.cluster.is_up(node) && !set.mirrors.iter().any(|m| m.node == node) {
                self.add_mirror(id, node);
            }
        }
    }
}
