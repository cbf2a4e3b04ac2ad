//! How a queue is replicated, and why it may be unable to serve: the data that the node,
//! mirroring and quorum logic share. The queue's own state (`Queue::ready`, its consumers) is
//! the leader's; replicas are described by what they hold, not copied.

use std::collections::VecDeque;
use std::rc::Rc;

use super::policy::HaPolicy;
use crate::core::ids::{ChannelId, CopyId, NodeId};
use crate::core::message::Message;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Replication {
    /// A classic queue: one copy, on its home node.
    #[default]
    None,
    Mirrored(MirrorSet),
    Quorum(RaftGroup),
}

/// A classic mirrored queue's mirrors, oldest first (the leader is `Queue::node`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MirrorSet {
    pub policy: HaPolicy,
    pub mirrors: Vec<Mirror>,
}

/// A mirror holds every copy from `since` on: it joined empty when copy `since` was the next
/// to be made. It is synchronised once no copy older than that is left in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mirror {
    pub node: NodeId,
    pub since: CopyId,
}

/// A quorum queue's Raft group. Log indexes count the enqueues the leader appended; a member's
/// `matched` is how much of the log it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaftGroup {
    pub members: Vec<Member>,
    pub leader: Option<NodeId>,
    pub term: u64,
    pub last_index: u64,
    pub commit_index: u64,
    /// Publishes the leader cannot commit yet (no majority, or the round trip is under way),
    /// in order. Their copies are made when they commit, and only then are they confirmed.
    pub pending: VecDeque<PendingEntry>,
    /// The term an election timer is armed for, so that one is not armed twice.
    pub election_armed: Option<u64>,
    /// A commit round trip is under way.
    pub commit_armed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    pub node: NodeId,
    pub matched: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingEntry {
    pub msg: Rc<Message>,
    /// The publish's confirm, if the channel is in confirm mode.
    pub confirm: Option<(ChannelId, u64)>,
    /// The node the publisher is connected to: it commits once that node reaches the leader.
    pub from: NodeId,
}

impl RaftGroup {
    pub fn new(members: Vec<NodeId>, leader: NodeId) -> RaftGroup {
        RaftGroup {
            members: members.into_iter().map(|node| Member { node, matched: 0 }).collect(),
            leader: Some(leader),
            term: 1,
            last_index: 0,
            commit_index: 0,
            pending: VecDeque::new(),
            election_armed: None,
            commit_armed: false,
        }
    }
    pub fn majority(&self) -> usize {
        self.members.len() / 2 + 1
    }
    pub fn member_mut(&mut self, node: NodeId) -> Option<&mut Member> {
        self.members.iter_mut().find(|m| m.node == node)
    }
}

/// Why a queue cannot serve right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Halt {
    /// Its home (or leader, with no mirror to take over) node is down: 404 to clients, and a
    /// publish does not reach it. `crashed`: the node died, so on recovery every message is
    /// flagged redelivered.
    HomeDown { crashed: bool },
    /// A mirrored queue whose leader went down and whose mirrors may not be promoted: it stops
    /// and waits for the leader; publishes to it are nacked.
    MirrorStopped { crashed: bool },
}
