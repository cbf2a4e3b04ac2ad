//! The cluster (docs/rabbitmq-rules.md, "The cluster", recorded in conformance/cluster): node stops
//! and crashes, classic queues on a down node, classic mirrored queues, quorum queues (Raft-style),
//! partitions and their handling modes, version profiles and network latency. Each test ends with
//! the conservation check.

use crate::common::*;
use warren::core::cluster::{NodeState, PartitionHandling, Profile};
use warren::core::{Command, DropReason, Event, NodeId, Reply, Table, Value};

const N1: NodeId = NodeId(0);
const N2: NodeId = NodeId(1);
const N3: NodeId = NodeId(2);

fn three() -> Sim {
    Sim::cluster(11, &["rabbit1", "rabbit2", "rabbit3"], |_| {})
}

fn policy(sim: &mut Sim, definition: &[(&str, Value)]) {
    let definition: Table = definition.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    sim.ok(Command::SetPolicy { name: "ha".into(), pattern: "^ha\\.".into(), priority: 0, definition });
}

fn dropped(sim: &Sim, reason: DropReason) -> u64 {
    sim.broker.ledger().summary().get(reason.as_str()).copied().unwrap_or(0)
}

fn confirm_publisher(sim: &mut Sim, node: u32) -> warren::core::ChannelId {
    let (_, ch) = sim.client_on(node);
    sim.ok(confirm_select(ch));
    ch
}

// ----- classic queues and their home node -----

#[test]
fn a_classic_queue_is_unavailable_while_its_home_node_is_down_and_its_persistent_messages_return() {
    let mut sim = three();
    let (_, on3) = sim.client_on(2);
    sim.declare(on3, queue("orders").durable());
    let publisher = confirm_publisher(&mut sim, 0);
    sim.publish(publisher, msg("kept").key("orders").persistent());
    sim.publish(publisher, msg("transient").key("orders"));
    sim.ok(Command::StopNode { node: N3 });
    assert!(!sim.is_open(on3), "clients of the stopped node lose their connections");

    let (_, on1) = sim.client_on(0);
    let error = sim.fails(queue("orders").durable().passive().on(on1));
    assert_eq!(error.code, 404);
    assert!(error.text.contains("home node 'rabbit3@localhost' of durable queue 'orders'"), "{}", error.text);
    let (_, on2) = sim.client_on(1);
    assert_eq!(sim.fails(consumer("orders").on(on2)).code, 404);

    // A real 3.10 cluster acks a publish to the down queue (it is not routed) and returns it if mandatory.
    sim.publish(publisher, msg("while-down").key("orders").persistent().mandatory());
    assert_eq!(sim.confirms(publisher), vec![(1, true), (2, true), (3, true)]);
    assert_eq!(sim.returns(publisher).iter().map(|r| (r.code, r.body.as_str())).collect::<Vec<_>>(), vec![(312, "while-down")]);

    sim.ok(Command::StartNode { node: N3 });
    assert_eq!(sim.ready("orders"), vec!["kept"], "the persistent message is back, the transient one lost with its node");
    assert_eq!(dropped(&sim, DropReason::NodeDown), 1);
    let (_, again) = sim.client_on(0);
    let (_, _, body) = sim.get(again, "orders").expect("available again");
    assert_eq!(body, "kept");
    sim.check();
}

#[test]
fn after_a_crash_every_recovered_classic_message_is_flagged_redelivered_after_a_stop_only_delivered_ones() {
    for (how, flagged) in [(Command::KillNode { node: N2 }, true), (Command::StopNode { node: N2 }, false)] {
        let mut sim = three();
        let (_, on2) = sim.client_on(1);
        sim.declare(on2, queue("q").durable());
        let (_, on1) = sim.client_on(0);
        sim.publish(on1, msg("never-delivered").key("q").persistent());
        sim.ok(how);
        sim.ok(Command::StartNode { node: N2 });
        let (_, reader) = sim.client_on(0);
        sim.get(reader, "q").expect("back");
        assert_eq!(sim.deliveries(reader)[0].redelivered, flagged);
        sim.check();
    }
}

#[test]
fn a_transient_classic_queue_is_deleted_with_its_home_node_and_its_consumers_are_cancelled_for_good() {
    let mut sim = three();
    let (_, on3) = sim.client_on(2);
    sim.declare(on3, queue("temp"));
    sim.declare(on3, queue("durable").durable());
    let (_, on1) = sim.client_on(0);
    sim.consume(on1, consumer("durable").tag("c1"));
    sim.ok(Command::KillNode { node: N3 });
    assert!(!sim.exists("temp"), "a transient queue dies with its node");
    assert!(sim.log.iter().any(|s| matches!(&s.event, Event::ConsumerCancelled { tag, by_broker: true, .. } if &**tag == "c1")));
    sim.ok(Command::StartNode { node: N3 });
    let (_, p) = sim.client_on(0);
    sim.publish(p, msg("later").key("durable").persistent());
    assert_eq!(sim.ready("durable"), vec!["later"], "the cancelled consumer is not re-registered when the node returns");
    sim.check();
}

// ----- classic mirrored queues -----

/// `ha.q` led by rabbit2 and mirrored to rabbit3 (`ha-mode: nodes`, plus `extra` policy keys);
/// `before` is published (persistent, confirmed) from rabbit1, then rabbit3 restarts, so its
/// mirror rejoins empty. Returns the confirm publisher.
fn mirror_rejoined_after(sim: &mut Sim, extra: &[(&str, Value)], before: &[&str]) -> warren::core::ChannelId {
    let mut definition = vec![("ha-mode", Value::from("nodes")), ("ha-params", strs(&["rabbit2@localhost", "rabbit3@localhost"]))];
    definition.extend(extra.iter().cloned());
    policy(sim, &definition);
    let (_, on2) = sim.client_on(1);
    sim.declare(on2, queue("ha.q").durable());
    let publisher = confirm_publisher(sim, 0);
    for body in before {
        sim.publish(publisher, msg(body).key("ha.q").persistent());
    }
    sim.ok(Command::StopNode { node: N3 });
    sim.ok(Command::StartNode { node: N3 });
    publisher
}

#[test]
fn promoting_an_unsynchronised_mirror_loses_confirmed_messages() {
    let mut sim = three();
    let publisher = mirror_rejoined_after(&mut sim, &[], &["m1", "m2"]);
    sim.publish(publisher, msg("m3").key("ha.q").persistent());
    sim.ok(Command::KillNode { node: N2 });
    assert_eq!(sim.confirms(publisher), vec![(1, true), (2, true), (3, true)], "all three were confirmed");
    assert_eq!(sim.ready("ha.q"), vec!["m3"], "m1 and m2 were only on the old leader");
    assert_eq!(dropped(&sim, DropReason::UnsyncedMirrorPromoted), 2);
    assert!(sim.broker.queue_named("ha.q").unwrap().ready.iter().all(|m| m.redelivered), "a promoted queue flags everything redelivered");
    assert!(sim.log.iter().any(|s| matches!(s.event, Event::MirrorPromoted { node: N3, lost: 2, .. })));
    sim.check();
}

#[test]
fn the_oldest_synchronised_mirror_is_promoted_and_nothing_is_lost() {
    let mut sim = three();
    policy(&mut sim, &[("ha-mode", Value::from("all"))]);
    let (_, on2) = sim.client_on(1);
    sim.declare(on2, queue("ha.q").durable());
    let publisher = confirm_publisher(&mut sim, 0);
    sim.publish(publisher, msg("m1").key("ha.q").persistent());
    sim.ok(Command::StopNode { node: N3 });
    sim.ok(Command::StartNode { node: N3 }); // rabbit3 is now the youngest, unsynchronised mirror
    let (_, c3) = sim.client_on(2);
    sim.consume(c3, consumer("ha.q").tag("c3"));
    assert_eq!(sim.delivered(c3), vec!["m1"]);
    sim.ok(Command::KillNode { node: N2 });
    assert_eq!(sim.broker.queue_named("ha.q").unwrap().node, N1, "rabbit3's mirror rejoined last, so rabbit1 (oldest) is promoted");
    assert_eq!(sim.delivered(c3), vec!["m1", "m1"], "the unacked message is requeued and redelivered to the surviving consumer");
    assert!(sim.deliveries(c3)[1].redelivered);
    // The ack of the first delivery was "in flight": it is accepted and ignored.
    let first_tag = sim.deliveries(c3)[0].tag;
    sim.ok(ack(c3, first_tag));
    assert_eq!(sim.unacked(c3), vec!["m1"]);
    assert_eq!(dropped(&sim, DropReason::UnsyncedMirrorPromoted), 0);
    sim.check();
}

#[test]
fn a_controlled_shutdown_stops_a_queue_with_only_unsynchronised_mirrors_and_publishes_are_nacked() {
    let mut sim = three();
    let publisher = mirror_rejoined_after(&mut sim, &[], &["m1"]);
    sim.ok(Command::StopNode { node: N2 });
    sim.publish(publisher, msg("m2").key("ha.q").persistent());
    assert_eq!(sim.confirms(publisher), vec![(1, true), (2, false)], "the stopped queue nacks");
    sim.ok(Command::StartNode { node: N2 });
    assert_eq!(sim.ready("ha.q"), vec!["m1"], "the leader comes back with what it had");
    assert!(!sim.broker.queue_named("ha.q").unwrap().ready.iter().any(|m| m.redelivered), "a controlled stop flags nothing");
    sim.check();

    // ha-promote-on-shutdown: always promotes the unsynchronised mirror (and loses m1).
    let mut sim = three();
    mirror_rejoined_after(&mut sim, &[("ha-promote-on-shutdown", Value::from("always"))], &["m1"]);
    sim.ok(Command::StopNode { node: N2 });
    assert!(sim.ready("ha.q").is_empty());
    assert_eq!(dropped(&sim, DropReason::UnsyncedMirrorPromoted), 1);
    sim.check();
}

#[test]
fn automatic_sync_makes_a_returning_mirror_safe_to_promote() {
    let mut sim = three();
    mirror_rejoined_after(&mut sim, &[("ha-sync-mode", Value::from("automatic"))], &["m1"]);
    sim.ok(Command::KillNode { node: N2 });
    assert_eq!(sim.ready("ha.q"), vec!["m1"]);
    sim.check();
}

#[test]
fn exactly_n_replaces_a_lost_mirror_on_another_node() {
    let mut sim = Sim::cluster(3, &["a", "b", "c", "d"], |_| {});
    policy(&mut sim, &[("ha-mode", Value::from("exactly")), ("ha-params", Value::Int(2))]);
    let (_, on1) = sim.client_on(0);
    sim.declare(on1, queue("ha.q").durable());
    let mirrors = |sim: &Sim| match &sim.broker.queue_named("ha.q").unwrap().replication {
        warren::core::cluster::replica::Replication::Mirrored(set) => set.mirrors.iter().map(|m| m.node).collect::<Vec<_>>(),
        other => panic!("not mirrored: {other:?}"),
    };
    assert_eq!(mirrors(&sim), vec![N2]);
    sim.ok(Command::StopNode { node: N2 });
    assert_eq!(mirrors(&sim), vec![N3], "a new mirror is created elsewhere");
    sim.check();
}

// ----- partitions: split-brain for mirrored queues, none for quorum queues -----

/// rabbit1 (the leader's node) is cut off from rabbit2 and rabbit3; a publisher on rabbit2
/// keeps publishing, confirmed by the split-brain leader on its side.
fn split_and_publish(sim: &mut Sim, name: &str) -> warren::core::ChannelId {
    let (_, on1) = sim.client_on(0);
    if name.starts_with("ha.") {
        sim.declare(on1, queue(name).durable());
    } else {
        sim.declare(on1, quorum(name));
    }
    let publisher = confirm_publisher(sim, 1);
    sim.publish(publisher, msg("before").key(name).persistent());
    sim.ok(Command::Partition { sides: vec![vec![N1], vec![N2, N3]] });
    sim.advance_to(sim.now_ms() + 1_000);
    for i in 0..3 {
        sim.publish(publisher, msg(&format!("during-{i}")).key(name).persistent());
    }
    publisher
}

#[test]
fn under_ignore_a_split_mirrored_queue_loses_confirmed_messages_when_its_side_restarts() {
    let mut sim = three();
    policy(&mut sim, &[("ha-mode", Value::from("all")), ("ha-sync-mode", Value::from("automatic"))]);
    let publisher = split_and_publish(&mut sim, "ha.q");
    assert_eq!(sim.confirms(publisher).iter().filter(|(_, ack)| *ack).count(), 4, "both sides confirm (split-brain)");
    assert!(sim.log.iter().any(|s| matches!(s.event, Event::SplitBrain { node: N2, .. })));
    sim.ok(Command::Heal);
    // `ignore`: the split stays until an operator restarts the nodes of the other side.
    assert_eq!(sim.broker.queues().filter(|q| &*q.name == "ha.q").count(), 2);
    for node in [N2, N3] {
        sim.ok(Command::StopNode { node });
        sim.ok(Command::StartNode { node });
    }
    assert_eq!(sim.broker.queues().filter(|q| &*q.name == "ha.q").count(), 1);
    assert_eq!(sim.ready("ha.q"), vec!["before"], "the three confirmed 'during' messages are gone");
    assert_eq!(dropped(&sim, DropReason::PartitionDiscarded), 4, "the twin's copies (incl. its copy of 'before') were thrown away");
    sim.check();
}

#[test]
fn under_autoheal_the_losing_side_restarts_at_the_heal_and_its_writes_are_lost() {
    let mut sim = Sim::cluster(11, &["rabbit1", "rabbit2", "rabbit3"], |c| c.partition_handling = PartitionHandling::Autoheal);
    policy(&mut sim, &[("ha-mode", Value::from("all")), ("ha-sync-mode", Value::from("automatic"))]);
    // More clients on rabbit1's side make it the winner.
    for _ in 0..3 {
        sim.client_on(0);
    }
    let publisher = split_and_publish(&mut sim, "ha.q");
    sim.ok(Command::Heal);
    assert!(!sim.is_open(publisher), "the losing side's nodes restarted: their clients were disconnected");
    assert_eq!(sim.ready("ha.q"), vec!["before"]);
    assert_eq!(dropped(&sim, DropReason::PartitionDiscarded), 4);
    sim.check();
}

#[test]
fn a_quorum_queue_under_the_same_partition_loses_no_confirmed_message() {
    let mut sim = three();
    let publisher = split_and_publish(&mut sim, "qq");
    // The majority side (rabbit2, rabbit3) elected a leader; its publishes were confirmed.
    let leader = sim.broker.queue_named("qq").unwrap().node;
    assert!(leader == N2 || leader == N3, "the new leader is on the majority side, not {leader:?}");
    let confirmed = sim.confirms(publisher).iter().filter(|(_, ack)| *ack).count();
    assert_eq!(confirmed, 4);
    sim.ok(Command::Heal);
    for node in [N2, N3] {
        sim.ok(Command::StopNode { node });
        sim.ok(Command::StartNode { node });
        sim.advance_to(sim.now_ms() + 1_000);
    }
    assert_eq!(sim.ready("qq"), vec!["before", "during-0", "during-1", "during-2"], "every confirmed message is still there");
    assert_eq!(dropped(&sim, DropReason::PartitionDiscarded) + dropped(&sim, DropReason::UnsyncedMirrorPromoted), 0);
    sim.check();
}

#[test]
fn a_quorum_queue_on_the_minority_side_makes_no_progress() {
    let mut sim = three();
    let (_, on1) = sim.client_on(0);
    sim.declare(on1, quorum("qq"));
    sim.ok(Command::Partition { sides: vec![vec![N1], vec![N2, N3]] });
    let publisher = confirm_publisher(&mut sim, 0);
    sim.publish(publisher, msg("minority").key("qq").persistent());
    sim.advance_to(sim.now_ms() + 2_000);
    assert!(sim.confirms(publisher).is_empty(), "a publish on the minority side is neither confirmed nor nacked");
    let (_, reader) = sim.client_on(0);
    assert_eq!(sim.ok(get(reader, "qq")), Reply::NoAnswer, "basic.get gets no answer on the minority side");
    sim.ok(Command::Heal);
    assert_eq!(sim.confirms(publisher), vec![(1, true)], "confirmed once the network is whole");
    sim.check();
}

#[test]
fn pause_minority_pauses_the_minority_nodes_until_the_heal() {
    let mut sim = Sim::cluster(11, &["rabbit1", "rabbit2", "rabbit3"], |c| c.partition_handling = PartitionHandling::PauseMinority);
    let (_, on1) = sim.client_on(0);
    sim.ok(Command::Partition { sides: vec![vec![N1], vec![N2, N3]] });
    assert!(!sim.is_open(on1), "a paused node closes its clients' connections");
    assert_eq!(sim.broker.cluster_state().node(N1).unwrap().state, NodeState::Paused);
    assert!(sim.run(Command::Connect { name: "late".into(), node: N1 }).is_err(), "a paused node accepts no connection");
    sim.ok(Command::Heal);
    assert_eq!(sim.broker.cluster_state().node(N1).unwrap().state, NodeState::Up);
    sim.client_on(0);
    sim.check();
}

// ----- quorum queues: majority, elections, catch-up -----

#[test]
fn without_a_majority_a_quorum_queue_holds_publishes_and_confirms_them_in_order_when_it_returns() {
    let mut sim = three();
    let (_, on1) = sim.client_on(0);
    sim.declare(on1, quorum("qq"));
    sim.ok(Command::StopNode { node: N2 });
    sim.ok(Command::StopNode { node: N3 });
    let publisher = confirm_publisher(&mut sim, 0);
    sim.publish(publisher, msg("m1").key("qq").persistent());
    sim.publish(publisher, msg("m2").key("qq").persistent());
    sim.advance_to(10_000);
    assert!(sim.confirms(publisher).is_empty());
    let (_, reader) = sim.client_on(0);
    assert_eq!(sim.ok(get(reader, "qq")), Reply::NoAnswer);
    sim.ok(Command::StartNode { node: N2 });
    assert_eq!(sim.confirms(publisher), vec![(1, true), (2, true)], "acked (not nacked), in order");
    assert_eq!(sim.ready("qq"), vec!["m1", "m2"]);
    sim.check();
}

#[test]
fn a_leader_crash_elects_the_most_up_to_date_member_after_a_randomised_timeout() {
    let mut sim = Sim::cluster(5, &["n1", "n2", "n3", "n4", "n5"], |c| c.election_timeout_ms = (150, 300));
    let (_, on1) = sim.client_on(0);
    sim.declare(on1, quorum("qq").arg("x-quorum-initial-group-size", 5i64));
    sim.ok(Command::StopNode { node: NodeId(4) }); // n5 misses what follows
    let publisher = confirm_publisher(&mut sim, 1);
    for i in 0..3 {
        sim.publish(publisher, msg(&format!("m{i}")).key("qq").persistent());
    }
    sim.ok(Command::StartNode { node: NodeId(4) });
    sim.ok(Command::StopNode { node: NodeId(3) });
    sim.ok(Command::KillNode { node: N1 });
    let killed_at = sim.now_ms();
    sim.advance_to(killed_at + 1_000);
    let elected: Vec<_> = sim.log.iter().filter_map(|s| match s.event {
        Event::LeaderElected { node, term, .. } => Some((s.at.as_millis() - killed_at, node, term)),
        _ => None,
    }).collect();
    assert_eq!(elected.len(), 1, "{elected:?}");
    let (after, node, term) = elected[0];
    assert!((150..=300).contains(&after), "elected {after} ms after the crash");
    assert_eq!(term, 2);
    assert!(node == N2 || node == N3 || node == NodeId(4), "{node:?}");
    assert_eq!(sim.ready("qq"), vec!["m0", "m1", "m2"], "a caught-up follower or an up-to-date one: nothing committed is lost");
    sim.check();
}

#[test]
fn elections_replay_exactly_from_the_seed() {
    let run = |seed: u64| {
        let mut sim = Sim::cluster(seed, &["a", "b", "c"], |_| {});
        let (_, on1) = sim.client_on(0);
        sim.declare(on1, quorum("qq"));
        sim.ok(Command::KillNode { node: N1 });
        sim.advance_to(1_000);
        sim.log.iter().find_map(|s| match s.event {
            Event::LeaderElected { node, .. } => Some((s.at, node)),
            _ => None,
        })
    };
    assert_eq!(run(1), run(1));
    let outcomes: std::collections::BTreeSet<_> = (0..20).map(run).collect();
    assert!(outcomes.len() > 1, "different seeds draw different timeouts and winners: {outcomes:?}");
}

#[test]
fn a_quorum_leader_failover_keeps_a_surviving_consumers_unacked_messages() {
    let mut sim = three();
    let (_, on2) = sim.client_on(1);
    sim.declare(on2, quorum("qq"));
    let (_, c1) = sim.client_on(0);
    sim.ok(qos(c1, 1));
    sim.consume(c1, consumer("qq").tag("c1"));
    let (_, p) = sim.client_on(0);
    sim.publish(p, msg("m1").key("qq").persistent());
    sim.publish(p, msg("m2").key("qq").persistent());
    sim.ok(Command::KillNode { node: N2 });
    sim.advance_to(5_000);
    assert_eq!(sim.unacked(c1), vec!["m1"], "not returned by the failover");
    sim.ack_body(c1, "m1");
    assert_eq!(sim.delivered(c1), vec!["m1", "m2"], "delivery goes on from the new leader");
    sim.check();
}

// ----- profiles and latency -----

#[test]
fn profile_4x_has_no_mirroring_and_a_default_quorum_delivery_limit_of_20() {
    let mut sim = Sim::cluster(1, &["a", "b", "c"], |c| c.profile = Profile::V4);
    // RabbitMQ 4.x does not recognise the mirroring keys: the policy itself is refused.
    let definition = [("ha-mode".to_string(), Value::from("all"))].into();
    let refused = sim.broker.apply(Command::SetPolicy { name: "ha".into(), pattern: "^ha\\.".into(), priority: 0, definition }).unwrap_err();
    assert_eq!(refused.code, 406);
    assert!(refused.text.contains("'ha-mode' is not a policy key in RabbitMQ 4.x"), "{}", refused.text);
    let (_, on2) = sim.client_on(1);
    sim.declare(on2, queue("ha.q").durable());
    sim.declare(on2, quorum("qq"));
    assert_eq!(sim.broker.queue_named("ha.q").unwrap().replication, warren::core::cluster::replica::Replication::None);
    assert_eq!(sim.broker.queue_named("qq").unwrap().config.delivery_limit, Some(20));
    let mut v3 = three();
    let (_, ch) = v3.client_on(0);
    v3.declare(ch, quorum("qq"));
    assert_eq!(v3.broker.queue_named("qq").unwrap().config.delivery_limit, None);
    sim.check();
}

#[test]
fn with_network_latency_a_quorum_confirm_waits_for_a_round_trip_between_nodes() {
    let mut sim = Sim::cluster(1, &["a", "b", "c"], |c| c.inter_node_latency_us = 2_000);
    let (_, on1) = sim.client_on(0);
    sim.declare(on1, quorum("qq"));
    let publisher = confirm_publisher(&mut sim, 0);
    sim.publish(publisher, msg("m").key("qq").persistent());
    assert!(sim.confirms(publisher).is_empty(), "not yet committed");
    assert!(sim.ready("qq").is_empty(), "not in the queue before it commits");
    sim.advance_to(3);
    assert!(sim.confirms(publisher).is_empty());
    sim.advance_to(4);
    assert_eq!(sim.confirms(publisher), vec![(1, true)], "committed after 2 × 2 ms");
    assert_eq!(sim.ready("qq"), vec!["m"]);
    sim.check();
}

#[test]
fn impossible_cluster_commands_are_refused_with_the_problem_named() {
    let mut sim = three();
    assert!(sim.fails(Command::StartNode { node: N2 }).text.contains("already running"));
    assert!(sim.fails(Command::StopNode { node: NodeId(9) }).text.contains("no node 9"));
    assert!(sim.fails(Command::Heal).text.contains("not partitioned"));
    assert!(sim.fails(Command::Partition { sides: vec![vec![N1, N2, N3]] }).text.contains("at least two sides"));
    assert!(sim.fails(Command::Partition { sides: vec![vec![N1], vec![N1, N2]] }).text.contains("two sides"));
    let definition: Table = [("ha-mode".to_string(), Value::from("sometimes"))].into();
    assert!(sim.fails(Command::SetPolicy { name: "p".into(), pattern: ".*".into(), priority: 0, definition }).text.contains("ha-mode"));
    sim.ok(Command::KillNode { node: N2 });
    assert!(sim.fails(Command::KillNode { node: N2 }).text.contains("not running"));
    let error = warren::core::Broker::with_cluster(0, &warren::core::cluster::ClusterConfig::of(&["a", "a"])).unwrap_err();
    assert!(error.contains("nodes[1]: 'a' is listed twice"), "{error}");
    let eight = ["a", "b", "c", "d", "e", "f", "g", "h"];
    assert!(warren::core::Broker::with_cluster(0, &warren::core::cluster::ClusterConfig::of(&eight)).unwrap_err().contains("1 to 7"));
    sim.check();
}
