//! Quorum queues: a Raft-style group per queue.
//!
//! The queue state (`Queue::ready`, consumers) is the replicated state machine; what is
//! simulated is who may change it. A publish is appended by the leader and becomes a copy in
//! the queue only when a majority holds it (after a round trip between nodes), and only then is
//! it confirmed. Without a leader that reaches a majority nothing moves: publishes wait,
//! nothing is delivered, `basic.get` gets no answer. When the leader is lost, the members on a
//! side holding a majority elect one after a timeout drawn from the run's PRNG; the member with
//! the longest log wins, so nothing committed is ever lost. A returning follower catches up.
//! A leader change keeps the consumers of surviving nodes and what they hold (as 3.10 does).

use super::super::broker::{Broker, Timer};
use super::super::event::Event;
use super::super::ids::{ChannelId, NodeId, QueueId};
use super::super::message::Message;
use super::replica::{PendingEntry, RaftGroup, Replication};
use std::rc::Rc;

impl Broker {
    /// At declare time: the group is the declaring node (leader) and the next running nodes,
    /// `x-quorum-initial-group-size` of them (default 3, at most one per node).
    pub(in crate::core) fn place_quorum(&mut self, id: QueueId) {
        let queue = self.queue(id).expect("just declared");
        let leader = queue.node;
        let wanted = queue.args.get("x-quorum-initial-group-size").and_then(|v| v.as_int()).map_or(3, |n| n.max(1) as usize);
        let mut members = vec![leader];
        for node in self.nodes_after(leader) {
            if members.len() < wanted && self.cluster.is_up(node) {
                members.push(node);
            }
        }
        self.queue_mut(id).expect("just declared").replication = Replication::Quorum(RaftGroup::new(members, leader));
    }

    pub(in crate::core) fn group(&self, id: QueueId) -> Option<&RaftGroup> {
        match self.queue(id).map(|q| &q.replication) {
            Some(Replication::Quorum(g)) => Some(g),
            _ => None,
        }
    }
    /// Tests of the checker break a group's invariants on purpose.
    #[cfg(test)]
    pub(in crate::core) fn debug_quorum_group(&mut self, id: QueueId, change: impl FnOnce(&mut RaftGroup)) {
        if let Some(group) = self.group_mut(id) {
            change(group);
        }
    }

    fn group_mut(&mut self, id: QueueId) -> Option<&mut RaftGroup> {
        match self.queue_mut(id).map(|q| &mut q.replication) {
            Some(Replication::Quorum(g)) => Some(g),
            _ => None,
        }
    }

    /// Members that are up and reachable from `node` (itself included if up).
    fn members_with(&self, group: &RaftGroup, node: NodeId) -> usize {
        group.members.iter().filter(|m| self.cluster.reachable(node, m.node)).count()
    }

    /// The leader runs and reaches a majority: the queue makes progress.
    pub(in crate::core) fn quorum_ok(&self, id: QueueId) -> bool {
        let Some(group) = self.group(id) else { return true };
        group.leader.is_some_and(|l| self.cluster.is_up(l) && self.members_with(group, l) >= group.majority())
    }

    /// Can a client on `node` reach a working leader?
    pub(in crate::core) fn quorum_serves(&self, id: QueueId, node: NodeId) -> bool {
        self.quorum_ok(id) && self.group(id).and_then(|g| g.leader).is_some_and(|l| self.cluster.reachable(node, l))
    }

    /// A publish to a quorum queue: committed now when the leader reaches a majority and the
    /// network has no latency; otherwise it waits. Returns whether it was committed now.
    pub(in crate::core) fn quorum_append(&mut self, id: QueueId, msg: Rc<Message>, confirm: Option<(ChannelId, u64)>, from: NodeId) -> bool {
        let immediate = self.cluster.inter_node_latency_us == 0 && self.quorum_serves(id, from) && self.group(id).is_some_and(|g| g.pending.is_empty());
        if immediate {
            self.note_committed(id);
            return true;
        }
        self.group_mut(id).expect("quorum").pending.push_back(PendingEntry { msg, confirm, from });
        self.arm_commit(id);
        false
    }

    /// One more entry is in the log of every member the leader reaches, and committed.
    fn note_committed(&mut self, id: QueueId) {
        self.replicate(id, 1);
    }

    fn arm_commit(&mut self, id: QueueId) {
        if !self.quorum_ok(id) || self.group(id).is_some_and(|g| g.commit_armed || g.pending.is_empty()) {
            return;
        }
        self.group_mut(id).expect("quorum").commit_armed = true;
        let round_trip = self.cluster.inter_node_latency_us.saturating_mul(2);
        let at = self.now.plus_micros(round_trip);
        self.schedule(at, Timer::QuorumCommit(id));
    }

    /// Commits, in order, the waiting publishes whose client reaches the leader.
    pub(in crate::core) fn quorum_commit(&mut self, id: QueueId) {
        // A stale timer: the queue may be gone.
        if self.group(id).is_none() || !self.quorum_ok(id) {
            return;
        }
        let pending = std::mem::take(&mut self.group_mut(id).expect("quorum").pending);
        let mut kept = std::collections::VecDeque::new();
        for entry in pending {
            if !self.quorum_serves(id, entry.from) {
                kept.push_back(entry);
                continue;
            }
            self.note_committed(id);
            let accepted = self.enqueue(id, entry.msg);
            if let Some((channel, seq)) = entry.confirm {
                self.release_confirm(channel, seq, accepted);
            }
        }
        self.group_mut(id).expect("quorum").pending = kept;
    }

    /// Something changed for a member (a node went down or up, the network split or healed):
    /// followers that are reachable catch up, waiting publishes commit, or an election starts.
    pub(in crate::core) fn quorum_member_changed(&mut self, id: QueueId) {
        let Some(group) = self.group(id) else { return };
        let leader_lost = match group.leader {
            Some(l) => !self.cluster.is_up(l) || self.members_with(group, l) < group.majority(),
            None => true,
        };
        if let (true, Some(l)) = (leader_lost, group.leader) {
            if !self.cluster.is_up(l) {
                self.group_mut(id).expect("quorum").leader = None;
                self.emit(Event::LeaderLost { queue: id, node: l });
            }
        }
        if leader_lost {
            self.arm_election(id);
            return;
        }
        self.catch_up(id);
        self.arm_commit(id);
        if self.cluster.inter_node_latency_us == 0 {
            self.quorum_commit(id);
        }
        self.dispatch(id);
    }

    /// Followers the leader reaches copy the log they missed (no blocking sync step).
    fn catch_up(&mut self, id: QueueId) {
        self.replicate(id, 0);
    }

    /// The leader appends `appended` entries (0: none) and every member it reaches holds its
    /// whole log, which is committed. Field by field, so the group can change while the cluster
    /// is read (no list built per publish).
    fn replicate(&mut self, id: QueueId, appended: u64) {
        let cluster = &self.cluster;
        let Some(Some(queue)) = self.queues.get_mut(id.index()) else { return };
        let Replication::Quorum(group) = &mut queue.replication else { return };
        let Some(leader) = group.leader else { return };
        group.last_index += appended;
        if appended > 0 {
            group.commit_index = group.last_index;
        }
        let last = group.last_index;
        for member in group.members.iter_mut().filter(|m| cluster.reachable(leader, m.node)) {
            member.matched = last;
        }
    }

    /// A majority of members that can reach each other, if there is one: its up members.
    fn electorate(&self, group: &RaftGroup) -> Option<Vec<NodeId>> {
        group.members.iter().map(|m| m.node).filter(|n| self.cluster.is_up(*n)).find_map(|n| {
            let side: Vec<NodeId> = group.members.iter().map(|m| m.node).filter(|m| self.cluster.reachable(n, *m)).collect();
            (side.len() >= group.majority()).then_some(side)
        })
    }

    fn arm_election(&mut self, id: QueueId) {
        let Some(group) = self.group(id) else { return };
        let term = group.term;
        if group.election_armed == Some(term) || self.electorate(group).is_none() {
            return;
        }
        let (low, high) = self.cluster.election_timeout_ms;
        let timeout = self.rng.between(low, high);
        self.group_mut(id).expect("quorum").election_armed = Some(term);
        let at = self.now.plus_millis(timeout);
        self.schedule(at, Timer::Election { queue: id, term });
    }

    /// An election timeout ran out: the electorate's member with the longest log becomes
    /// leader for the next term (ties broken by the PRNG, as timeouts would).
    pub(in crate::core) fn run_election(&mut self, id: QueueId, term: u64) {
        let Some(group) = self.group(id) else { return };
        if group.term != term || group.election_armed != Some(term) {
            return;
        }
        let Some(electorate) = self.electorate(group) else {
            self.group_mut(id).expect("quorum").election_armed = None;
            return;
        };
        let matched = |n: NodeId| group.members.iter().find(|m| m.node == n).map_or(0, |m| m.matched);
        let best = electorate.iter().map(|n| matched(*n)).max().unwrap_or(0);
        let tied: Vec<NodeId> = electorate.iter().copied().filter(|n| matched(*n) == best).collect();
        let winner = tied[self.rng.between(0, tied.len() as u64 - 1) as usize];
        let group = self.group_mut(id).expect("quorum");
        group.term += 1;
        group.election_armed = None;
        group.leader = Some(winner);
        let term = group.term;
        self.queue_mut(id).expect("there").node = winner;
        self.emit(Event::LeaderElected { queue: id, node: winner, term });
        self.routes.clear();
        self.quorum_member_changed(id);
    }
}
