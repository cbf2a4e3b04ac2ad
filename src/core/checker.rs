//! The state checker: invariants of a run, checked from outside the state machine (as
//! TigerBeetle keeps its state checker beside, not inside, the replicas). It only reads the
//! broker and the events it emitted, and remembers what it needs across steps.
//!
//! - Per-copy conservation: every copy the ledger places in a queue or at a channel is there,
//!   exactly once ([`Broker::check_conservation`]).
//! - Quorum safety: at most one leader per queue and term; a queue's commit index never
//!   decreases; a message in a quorum queue (committed, hence confirmed if its publisher asked)
//!   is never lost to a fault while a majority of the queue's members is up.
//!
//! `World` runs [`Checker::after_step`] after every step and [`Checker::check_conservation`]
//! after every advance in debug builds and tests; a failure is a bug in the simulator, never
//! in its input, so it panics with the reason.

use std::collections::BTreeMap;

use super::broker::Broker;
use super::cluster::replica::Replication;
use super::event::{DropReason, Event, Stamped};
use super::ids::{NodeId, QueueId};

#[derive(Clone, Debug, Default)]
pub struct Checker {
    /// The leader each quorum queue had in each term.
    leaders: BTreeMap<(QueueId, u64), NodeId>,
    /// Each quorum queue's highest commit index so far.
    commits: BTreeMap<QueueId, u64>,
}

impl Checker {
    /// Quorum safety after one step, given the events that step emitted.
    pub fn after_step(&mut self, broker: &Broker, events: &[Stamped]) -> Result<(), String> {
        for queue in broker.queues() {
            let Replication::Quorum(group) = &queue.replication else { continue };
            if let Some(leader) = group.leader {
                match self.leaders.insert((queue.id, group.term), leader) {
                    Some(other) if other != leader => {
                        return Err(format!("quorum queue {}: two leaders in term {} ({other:?} and {leader:?})", queue.name, group.term));
                    }
                    _ => {}
                }
            }
            let before = self.commits.insert(queue.id, group.commit_index).unwrap_or(0);
            if group.commit_index < before {
                return Err(format!("quorum queue {}: the commit index went back from {before} to {}", queue.name, group.commit_index));
            }
        }
        // A queue that is gone (deleted) starts over if its id is reused.
        self.commits.retain(|id, _| broker.queue(*id).is_some());
        self.leaders.retain(|(id, _), _| broker.queue(*id).is_some());
        for stamped in events {
            let Event::Dropped { queue, copy, reason } = &stamped.event else { continue };
            if !is_fault_loss(*reason) {
                continue;
            }
            let Some(q) = broker.queue(*queue) else { continue };
            let Replication::Quorum(group) = &q.replication else { continue };
            let up = group.members.iter().filter(|m| broker.cluster_state().is_up(m.node)).count();
            if up >= group.majority() {
                return Err(format!(
                    "quorum queue {}: {copy:?} was lost ({}) while {up} of its {} members were up",
                    q.name,
                    reason.as_str(),
                    group.members.len()
                ));
            }
        }
        Ok(())
    }

    /// Per-copy conservation (an O(copies) pass: after each advance, not each step).
    pub fn check_conservation(&self, broker: &Broker) -> Result<(), String> {
        broker.check_conservation()
    }
}

/// A loss caused by a fault (a node going down, a promotion, a partition), as opposed to what
/// the queue's own rules drop (TTL, length limits, a purge, a delete).
fn is_fault_loss(reason: DropReason) -> bool {
    matches!(reason, DropReason::NodeDown | DropReason::UnsyncedMirrorPromoted | DropReason::PartitionDiscarded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::cluster::ClusterConfig;
    use crate::core::command::{Command, Reply};
    use crate::core::value::Value;

    fn quorum_cluster() -> (Broker, QueueId) {
        let mut broker = Broker::with_cluster(1, &ClusterConfig::of(&["a", "b", "c"])).unwrap();
        let Ok(Reply::Connection(connection)) = broker.apply(Command::Connect { name: "c".into(), node: NodeId(0) }) else { panic!() };
        let Ok(Reply::Channel(channel)) = broker.apply(Command::OpenChannel { connection }) else { panic!() };
        let args = [("x-queue-type".to_string(), Value::from("quorum"))].into();
        let declare = Command::DeclareQueue { channel, name: "qq".into(), durable: true, exclusive: false, auto_delete: false, args, passive: false };
        broker.apply(declare).unwrap();
        let id = broker.queues().next().unwrap().id;
        (broker, id)
    }

    #[test]
    fn a_second_leader_in_the_same_term_is_caught() {
        let (mut broker, id) = quorum_cluster();
        let mut checker = Checker::default();
        checker.after_step(&broker, &[]).unwrap();
        broker.debug_quorum_group(id, |g| g.leader = Some(NodeId(1)));
        let error = checker.after_step(&broker, &[]).unwrap_err();
        assert!(error.contains("two leaders in term"), "{error}");
    }

    #[test]
    fn a_commit_index_going_back_is_caught() {
        let (mut broker, id) = quorum_cluster();
        broker.debug_quorum_group(id, |g| g.commit_index = 5);
        let mut checker = Checker::default();
        checker.after_step(&broker, &[]).unwrap();
        broker.debug_quorum_group(id, |g| g.commit_index = 4);
        let error = checker.after_step(&broker, &[]).unwrap_err();
        assert!(error.contains("the commit index went back from 5 to 4"), "{error}");
    }

    #[test]
    fn a_quorum_copy_lost_while_a_majority_is_up_is_caught() {
        let (broker, id) = quorum_cluster();
        let lost = Stamped {
            at: broker.now(),
            event: Event::Dropped { queue: id, copy: crate::core::ids::CopyId(0), reason: DropReason::NodeDown },
        };
        let error = Checker::default().after_step(&broker, &[lost]).unwrap_err();
        assert!(error.contains("was lost (lost with its node) while 3 of its 3 members were up"), "{error}");
        let expired = Stamped {
            at: broker.now(),
            event: Event::Dropped { queue: id, copy: crate::core::ids::CopyId(0), reason: DropReason::Expired },
        };
        assert!(Checker::default().after_step(&broker, &[expired]).is_ok(), "a TTL drop is the queue's own rule");
    }
}
