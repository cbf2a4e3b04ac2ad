//! Cluster rules of issue 12, as a real 3-node RabbitMQ 3.10 cluster showed them
//! (conformance/cluster/scripts): a dead-lettered copy for a classic queue whose home node is
//! down is lost, and such a queue cannot be deleted (404) but comes back with its node, still
//! bound. Each test ends with the conservation check.


use crate::common::*;
use warren::core::{Command, DeathReason, DropReason, NodeId};

const N3: NodeId = NodeId(2);

fn three() -> Sim {
    Sim::cluster(12, &["rabbit1", "rabbit2", "rabbit3"], |_| {})
}

#[test]
fn a_dead_lettered_copy_for_a_classic_queue_whose_home_is_down_is_lost() {
    let mut sim = three();
    let (_, on1) = sim.client_on(0);
    let (_, on2) = sim.client_on(1);
    let (_, on3) = sim.client_on(2);
    sim.exchange(on1, exchange("dlx", "fanout").durable());
    sim.declare(on1, queue("src").durable().dlx("dlx"));
    sim.declare(on3, queue("cq").durable());
    sim.declare(on2, queue("dq").durable());
    sim.bind(on1, "dlx", "cq", "");
    sim.bind(on1, "dlx", "dq", "");
    let (_, c) = sim.client_on(0);
    sim.consume(c, consumer("src").tag("c"));

    sim.publish(on1, msg("m1").key("src").persistent());
    sim.reject_body(c, "m1", false);
    sim.ok(Command::StopNode { node: N3 });
    sim.publish(on1, msg("m2").key("src").persistent());
    sim.reject_body(c, "m2", false);
    assert_eq!(sim.ready("dq"), ["m1", "m2"], "the healthy target still gets its copy");
    sim.ok(Command::StartNode { node: N3 });
    sim.publish(on1, msg("m3").key("src").persistent());
    sim.reject_body(c, "m3", false);
    assert_eq!(sim.ready("cq"), ["m1", "m3"], "m2 was dead-lettered while cq's node was down: lost");
    assert_eq!(sim.ready("dq"), ["m1", "m2", "m3"]);

    // With that queue as the only target, the dead-lettered copy is dropped outright.
    let (_, on1) = sim.client_on(0);
    sim.declare(on1, queue("ttl").durable().ttl(100).dlx("").dlrk("cq"));
    sim.ok(Command::StopNode { node: N3 });
    sim.publish(on1, msg("m4").key("ttl").persistent());
    let now = sim.now_ms();
    sim.advance_to(now + 500);
    assert_eq!(sim.dropped("ttl"), [DropReason::NodeDown]);
    assert!(sim.dead_lettered("ttl").is_empty());
    sim.ok(Command::StartNode { node: N3 });
    assert_eq!(sim.ready("cq"), ["m1", "m3"]);
    assert_eq!(sim.dead_lettered("src").iter().filter(|(r, _)| *r == DeathReason::Rejected).count(), 3);
    sim.check();
}

#[test]
fn deleting_a_classic_queue_whose_home_is_down_fails_with_404_and_the_queue_comes_back() {
    let mut sim = three();
    let (_, on1) = sim.client_on(0);
    let (_, on3) = sim.client_on(2);
    sim.exchange(on1, exchange("X", "direct").durable());
    sim.declare(on3, queue("cq").durable());
    sim.bind(on1, "X", "cq", "k");
    sim.publish(on1, msg("p1").to("X").key("k").persistent());
    sim.ok(Command::StopNode { node: N3 });

    let error = sim.channel_error(on1, 404, Command::DeleteQueue { channel: on1, name: "cq".into(), if_unused: false, if_empty: false });
    assert!(
        error.text.contains("home node 'rabbit3@localhost' of durable queue 'cq'") && error.text.contains("down or inaccessible"),
        "{}",
        error.text
    );
    let (_, on1) = sim.client_on(0);
    let error = sim.channel_error(on1, 404, Command::PurgeQueue { channel: on1, name: "cq".into() });
    assert_eq!(error.code, 404);

    sim.ok(Command::StartNode { node: N3 });
    let (_, on1) = sim.client_on(0);
    sim.publish(on1, msg("p2").to("X").key("k").persistent());
    assert_eq!(sim.ready("cq"), ["p1", "p2"], "back with its messages and its binding");
    // Once its node is up, the delete works.
    sim.ok(Command::DeleteQueue { channel: on1, name: "cq".into(), if_unused: false, if_empty: false });
    assert!(!sim.exists("cq"));
    sim.check();
}
