//! Scenarios that must hold on a cluster (issue 4), run through `World` with simulated clients,
//! node faults and the guarantee ledger: mirrored queues lose confirmed messages when an
//! unsynchronised mirror is promoted and under a partition with `ignore`; a quorum queue under
//! the same faults loses none; a classic queue is unavailable while its home node is down and its
//! persistent messages come back with it; chaos with node faults replays from its seed.

use warren::core::Time;
use crate::run;
use warren::sim::{scenario, World};

/// Three nodes; `Q` is declared on rabbit2 and mirrored to rabbit2 and rabbit3 (manual sync), or
/// is a quorum queue. rabbit3 restarts at 0.5 s (its mirror comes back empty), rabbit2 (the
/// leader) crashes at 1 s and returns at 3 s; the publisher (rabbit1) confirms 100 msg/s for 2 s;
/// the consumer connects to rabbit1 at 5 s.
const PROMOTION: &str = r#"{"version": 1, "seed": 5, "duration_ms": 12000,
    "cluster": {"nodes": ["rabbit1", "rabbit2", "rabbit3"]},
    "policies": [{"name": "ha", "pattern": "^ha\\.", "definition": {"ha-mode": "nodes", "ha-params": ["rabbit2", "rabbit3"]}}],
    "queues": [{"name": "Q", "node": "rabbit2", "args": ARGS}],
    "producers": [{"name": "p", "keys": ["Q"], "rate_per_s": 100, "count": 200, "mode": "confirm", "node": "rabbit1"}],
    "consumers": [{"name": "c", "queue": "Q", "prefetch": 50, "start_ms": 5000, "node": "rabbit1", "processing_ms": {"min": 1, "max": 2}}],
    "faults": [
        {"at_ms": 500, "fault": {"kind": "stop_node", "node": "rabbit3"}},
        {"at_ms": 600, "fault": {"kind": "start_node", "node": "rabbit3"}},
        {"at_ms": 1000, "fault": {"kind": "kill_node", "node": "rabbit2"}},
        {"at_ms": 3000, "fault": {"kind": "start_node", "node": "rabbit2"}}
    ]}"#;

#[test]
fn promoting_an_unsynchronised_mirror_loses_confirmed_messages_and_a_quorum_queue_loses_none() {
    let mirrored = run(&PROMOTION.replace("\"Q\"", "\"ha.q\"").replace("ARGS", "{}"));
    let g = &mirrored.guarantees;
    let lost = g.lost.get("confirmed, then an unsynchronised mirror was promoted").copied().unwrap_or(0);
    // Messages 1..=60 (0 to 0.59 s) were on rabbit2 alone when rabbit3's empty mirror was promoted.
    assert_eq!(lost, 60, "{g:?}");
    assert_eq!(g.lost_confirmed, lost);
    assert_eq!(g.processed + lost, g.published, "everything else was consumed: {g:?}");

    let quorum = run(&PROMOTION.replace("ARGS", r#"{"x-queue-type": "quorum"}"#));
    let q = &quorum.guarantees;
    assert_eq!(q.lost_confirmed, 0, "{q:?}");
    assert!(q.lost.is_empty(), "{q:?}");
    assert_eq!(q.confirmed, 200);
    assert_eq!(q.processed, 200, "{q:?}");
}

/// rabbit1 (the queue's node) is cut off from rabbit2 and rabbit3 from 1 s to 2 s while the
/// publisher on rabbit2 keeps publishing. Under `ignore` the split stays after the heal until
/// the operator restarts rabbit2 and rabbit3 (at 3 s): the majority side's writes are gone.
const PARTITION: &str = r#"{"version": 1, "seed": 7, "duration_ms": 12000,
    "cluster": {"nodes": ["rabbit1", "rabbit2", "rabbit3"], "partition_handling": "ignore"},
    "policies": [{"name": "ha", "pattern": "^ha\\.", "definition": {"ha-mode": "all", "ha-sync-mode": "automatic"}}],
    "queues": [{"name": "Q", "node": "rabbit1", "args": ARGS}],
    "producers": [{"name": "p", "keys": ["Q"], "rate_per_s": 20, "count": 60, "mode": "confirm", "confirm_timeout_ms": 2000, "node": "rabbit2"}],
    "consumers": [{"name": "c", "queue": "Q", "prefetch": 10, "start_ms": 6000, "node": "rabbit1", "processing_ms": {"min": 1, "max": 2}}],
    "faults": [
        {"at_ms": 1000, "fault": {"kind": "partition", "sides": [["rabbit1"], ["rabbit2", "rabbit3"]]}},
        {"at_ms": 2000, "fault": {"kind": "heal"}},
        {"at_ms": 3000, "fault": {"kind": "stop_node", "node": "rabbit2"}},
        {"at_ms": 3001, "fault": {"kind": "start_node", "node": "rabbit2"}},
        {"at_ms": 3002, "fault": {"kind": "stop_node", "node": "rabbit3"}},
        {"at_ms": 3003, "fault": {"kind": "start_node", "node": "rabbit3"}}
    ]}"#;

#[test]
fn under_a_partition_with_ignore_a_mirrored_queue_loses_confirmed_messages_and_a_quorum_queue_none() {
    let mirrored = run(&PARTITION.replace("\"Q\"", "\"ha.q\"").replace("ARGS", "{}"));
    let g = &mirrored.guarantees;
    let lost = g.lost.get("confirmed, then discarded after a partition").copied().unwrap_or(0);
    assert!(lost >= 15, "the split-brain twin confirmed about 20 publishes, then was thrown away: {g:?}");
    assert_eq!(g.lost_confirmed, lost, "{g:?}");

    let quorum = run(&PARTITION.replace("ARGS", r#"{"x-queue-type": "quorum"}"#));
    let q = &quorum.guarantees;
    assert_eq!(q.lost_confirmed, 0, "{q:?}");
    assert_eq!(q.processed, 60, "{q:?}");
}

const HOME_DOWN: &str = r#"{"version": 1, "seed": 3, "duration_ms": 10000,
    "cluster": {"nodes": ["rabbit1", "rabbit2", "rabbit3"]},
    "queues": [{"name": "orders", "node": "rabbit2"}],
    "producers": [{"name": "p", "keys": ["orders"], "interval_ms": 50, "count": 10, "mode": "confirm", "node": "rabbit1", "persistent": PERSISTENT}],
    "consumers": [{"name": "c", "queue": "orders", "start_ms": 1000, "node": "rabbit1", "processing_ms": {"min": 1, "max": 1}}],
    "faults": [
        {"at_ms": 600, "fault": {"kind": "kill_node", "node": "rabbit2"}},
        {"at_ms": 4000, "fault": {"kind": "start_node", "node": "rabbit2"}}
    ]}"#;

#[test]
fn a_classic_queue_is_unavailable_while_its_home_node_is_down_and_its_persistent_messages_return() {
    let s = scenario::parse(&HOME_DOWN.replace("PERSISTENT", "true")).unwrap();
    let mut world = World::new(&s).unwrap();
    world.advance_to(Time::from_millis(3_999));
    assert_eq!(world.guarantees.delivered, 0, "the consumer keeps retrying a queue whose home is down");
    world.advance_to(Time::from_millis(10_000));
    world.finish();
    let g = &world.guarantees;
    assert_eq!((g.processed, g.confirmed), (10, 10), "the persistent messages came back with the node: {g:?}");
    world.broker.check_conservation().unwrap();

    let transient = run(&HOME_DOWN.replace("PERSISTENT", "false")).guarantees;
    assert_eq!(transient.processed, 0, "{transient:?}");
    assert_eq!(transient.lost.get("confirmed, then lost with its node"), Some(&10), "{transient:?}");
}

const CHAOS: &str = r#"{"version": 1, "seed": SEED, "duration_ms": 30000,
    "cluster": {"nodes": ["rabbit1", "rabbit2", "rabbit3"]},
    "policies": [{"name": "ha", "pattern": "^ha\\.", "definition": {"ha-mode": "all"}}],
    "queues": [{"name": "qq", "args": {"x-queue-type": "quorum"}}, {"name": "ha.q", "node": "rabbit2"}],
    "producers": [
        {"name": "p1", "keys": ["qq"], "rate_per_s": 100, "mode": "confirm", "confirm_timeout_ms": 500},
        {"name": "p2", "keys": ["ha.q"], "rate_per_s": 100, "mode": "confirm", "confirm_timeout_ms": 500, "node": "rabbit3"}
    ],
    "consumers": [
        {"name": "c1", "queue": "qq", "prefetch": 20, "node": "rabbit2", "processing": {"dist": "exponential", "mean_ms": 3}},
        {"name": "c2", "queue": "ha.q", "prefetch": 20, "node": "rabbit1", "processing": {"dist": "exponential", "mean_ms": 3}}
    ],
    "chaos": {"rates_per_s": {"kill_node": 0.2, "stop_node": 0.1, "partition": 0.1, "crash_consumer": 0.2}, "node_down_ms": 2000, "partition_ms": 1500}}"#;

#[test]
fn chaos_with_node_faults_replays_from_its_seed_and_another_seed_differs() {
    let a = run(&CHAOS.replace("SEED", "1"));
    let b = run(&CHAOS.replace("SEED", "1"));
    assert_eq!(a.log, b.log);
    assert_eq!(a.guarantees, b.guarantees);
    let f = &a.guarantees.faults;
    assert!(f.get("kill_node").is_some_and(|n| *n >= 2) && f.contains_key("partition"), "{f:?}");
    assert_ne!(run(&CHAOS.replace("SEED", "2")).guarantees.faults, a.guarantees.faults);
}
