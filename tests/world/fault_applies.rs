//! Which faults can act now (`sim::inspect::fault_applies`, the rule behind every disabled fault
//! button): client faults by the client's settings, node faults by the broker's node states, and
//! a refused node fault is exactly one the broker would ignore.

use crate::ready_made;
use warren::lang::Lang;
use warren::sim::inspect::{fault_applies, NotApplicable};
use warren::sim::scenario::{FaultKind, PublishMode};
use warren::sim::World;

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|n| n.to_string()).collect()
}

#[test]
fn client_faults_need_a_client_that_can_suffer_them() {
    let mut s = ready_made("lost-ack");
    let w = World::new(&s).unwrap();
    assert_eq!(fault_applies(&w, FaultKind::LoseNextConfirm, &names(&["checkout"])), Ok(()), "a confirm-mode producer");
    assert_eq!(fault_applies(&w, FaultKind::LoseNextAck, &names(&["charger-a"])), Ok(()), "a consumer that acks");
    assert_eq!(fault_applies(&w, FaultKind::CrashConsumer, &names(&["charger-a"])), Ok(()));
    assert_eq!(fault_applies(&w, FaultKind::RestartBroker, &[]), Ok(()));
    assert_eq!(fault_applies(&w, FaultKind::LoseNextAck, &names(&["nobody"])), Err(NotApplicable::NoTarget));
    assert_eq!(fault_applies(&w, FaultKind::CrashConsumer, &[]), Err(NotApplicable::NoTarget));
    for mode in [PublishMode::Plain, PublishMode::Tx] {
        s.producers[0].mode = mode;
        let w = World::new(&s).unwrap();
        assert_eq!(fault_applies(&w, FaultKind::LoseNextConfirm, &names(&["checkout"])), Err(NotApplicable::NoConfirms), "{mode:?}");
    }
    let w = World::new(&ready_made("auto-ack-crash")).unwrap();
    assert_eq!(fault_applies(&w, FaultKind::LoseNextAck, &names(&["mailer-1"])), Err(NotApplicable::AutoAck));
    assert_eq!(fault_applies(&w, FaultKind::CrashConsumer, &names(&["mailer-1"])), Ok(()), "an auto-ack consumer can still crash");
}

#[test]
fn node_faults_follow_the_nodes_states_and_a_refused_one_is_one_the_broker_ignores() {
    let w = World::new(&ready_made("mirrored-vs-quorum")).unwrap();
    assert_eq!(fault_applies(&w, FaultKind::StartNode, &names(&["rabbit1"])), Err(NotApplicable::NodeRunning));
    assert_eq!(fault_applies(&w, FaultKind::KillNode, &names(&["rabbit1"])), Ok(()));
    assert_eq!(fault_applies(&w, FaultKind::Heal, &[]), Err(NotApplicable::NoPartition));
    assert_eq!(fault_applies(&w, FaultKind::Partition, &[]), Err(NotApplicable::NoNodesChosen));
    assert_eq!(fault_applies(&w, FaultKind::Partition, &names(&["rabbit1", "rabbit2", "rabbit3"])), Err(NotApplicable::AllNodesChosen));
    assert_eq!(fault_applies(&w, FaultKind::Partition, &names(&["rabbit3"])), Ok(()));
    assert_eq!(fault_applies(&w, FaultKind::StopNode, &names(&["rabbit9"])), Err(NotApplicable::NoTarget));

    // From a world with rabbit2 crashed and rabbit3 cut off, every node fault on every node: the
    // rule says it applies exactly when injecting it changes the cluster.
    let mut w = w;
    w.inject(&FaultKind::KillNode.make(&names(&["rabbit2"]), 0)).unwrap();
    assert_eq!(fault_applies(&w, FaultKind::KillNode, &names(&["rabbit2"])), Err(NotApplicable::NodeDown));
    assert_eq!(fault_applies(&w, FaultKind::StartNode, &names(&["rabbit2"])), Ok(()));
    let mut split = w.clone();
    split.inject(&FaultKind::Partition.make(&names(&["rabbit3"]), 0)).unwrap();
    assert_eq!(fault_applies(&split, FaultKind::Heal, &[]), Ok(()));
    for world in [&w, &split] {
        for kind in [FaultKind::KillNode, FaultKind::StopNode, FaultKind::StartNode] {
            for node in ["rabbit1", "rabbit2", "rabbit3"] {
                let targets = names(&[node]);
                let mut after = world.clone();
                after.inject(&kind.make(&targets, 0)).unwrap();
                let changed = after.broker.cluster_state() != world.broker.cluster_state();
                assert_eq!(fault_applies(world, kind, &targets).is_ok(), changed, "{kind:?} on {node}");
            }
        }
        let mut healed = world.clone();
        healed.inject(&FaultKind::Heal.make(&[], 0)).unwrap();
        let changed = healed.broker.cluster_state() != world.broker.cluster_state();
        assert_eq!(fault_applies(world, FaultKind::Heal, &[]).is_ok(), changed);
    }
}

#[test]
fn every_reason_reads_in_both_languages() {
    use NotApplicable::*;
    for why in [NoConfirms, AutoAck, NodeRunning, NodeDown, NoPartition, NoNodesChosen, AllNodesChosen, NoTarget] {
        let (en, zh) = (why.text(Lang::En), why.text(Lang::Zh));
        assert!(!en.is_empty() && !zh.is_empty() && en != zh, "{why:?}");
        assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{why:?} in Chinese: {zh}");
    }
}
