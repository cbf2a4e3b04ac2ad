//! What the nodes and the queues' replication show during playback.

use std::rc::Rc;

use super::*;

/// What a node shows during playback: its state, which side of a partition it is on, and which
/// queues it leads, mirrors or follows (read from `broker.cluster_state()` and each queue's
/// `node` and `replication`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeLook {
    pub name: Rc<str>,
    pub state: crate::core::cluster::NodeState,
    /// The side of the current partition (0 when the network is whole).
    pub side: u32,
    pub partitioned: bool,
    /// Queues whose home, leader or master is here.
    pub leads: Vec<Rc<str>>,
    /// Classic mirrored queues with a mirror here.
    pub mirrors: Vec<Rc<str>>,
    /// Quorum queues with a follower here.
    pub follows: Vec<Rc<str>>,
}

/// How a queue is replicated right now, as the canvas shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueLook {
    pub name: Rc<str>,
    /// Its home node (a classic queue), master (mirrored) or leader (quorum; `None` while there is none).
    pub leader: Option<Rc<str>>,
    /// The Raft term of a quorum queue.
    pub term: Option<u64>,
    pub mirrored: bool,
    pub quorum: bool,
    /// It cannot serve (its node is down, a mirrored queue stopped with its master, or a quorum
    /// queue has no leader).
    pub halted: bool,
}

/// Every node of the cluster, in order.
pub fn nodes(world: &World) -> Vec<NodeLook> {
    use crate::core::cluster::replica::Replication;
    let cluster = world.broker.cluster_state();
    let mut looks: Vec<NodeLook> = cluster
        .nodes
        .iter()
        .map(|n| NodeLook {
            name: n.name.clone(),
            state: n.state,
            side: n.side,
            partitioned: cluster.partitioned,
            leads: Vec::new(),
            mirrors: Vec::new(),
            follows: Vec::new(),
        })
        .collect();
    let mut seen = Vec::new();
    for q in world.broker.queues() {
        if !crate::ordered::push_new(&mut seen, q.name.clone()) {
            continue;
        }
        let mut put = |node: crate::core::ids::NodeId, list: fn(&mut NodeLook) -> &mut Vec<Rc<str>>| {
            if let Some(look) = cluster.nodes.iter().position(|n| n.id == node).and_then(|i| looks.get_mut(i)) {
                list(look).push(q.name.clone());
            }
        };
        match &q.replication {
            Replication::None => put(q.node, |l| &mut l.leads),
            Replication::Mirrored(set) => {
                put(q.node, |l| &mut l.leads);
                for m in &set.mirrors {
                    put(m.node, |l| &mut l.mirrors);
                }
            }
            Replication::Quorum(group) => {
                for m in &group.members {
                    if Some(m.node) == group.leader {
                        put(m.node, |l| &mut l.leads);
                    } else {
                        put(m.node, |l| &mut l.follows);
                    }
                }
            }
        }
    }
    looks
}

/// Every queue's replication, in declaration order (a split-brain twin is shown once).
pub fn queue_looks(world: &World) -> Vec<QueueLook> {
    use crate::core::cluster::replica::Replication;
    let cluster = world.broker.cluster_state();
    let name = |id| cluster.node(id).map(|n| n.name.clone());
    let mut seen = Vec::new();
    world
        .broker
        .queues()
        .filter(|q| crate::ordered::push_new(&mut seen, q.name.clone()))
        .map(|q| {
            let (leader, term) = match &q.replication {
                Replication::Quorum(g) => (g.leader.and_then(name), Some(g.term)),
                _ => (name(q.node), None),
            };
            QueueLook {
                name: q.name.clone(),
                leader,
                term,
                mirrored: matches!(q.replication, Replication::Mirrored(_)),
                quorum: matches!(q.replication, Replication::Quorum(_)),
                halted: q.halt.is_some() || leader_missing(&q.replication),
            }
        })
        .collect()
}

fn leader_missing(r: &crate::core::cluster::replica::Replication) -> bool {
    matches!(r, crate::core::cluster::replica::Replication::Quorum(g) if g.leader.is_none())
}
