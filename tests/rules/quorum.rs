//! Quorum queues on one node (docs/rabbitmq-rules.md, "Quorum queues", as RabbitMQ 3.10 does it):
//! declare rules, the returns list served first, `x-delivery-limit`, persistence of every message;
//! plus the drop-head that a return over `x-max-length` triggers on a classic queue.

use crate::common::*;
use warren::core::DeathReason;

#[test]
fn a_quorum_queue_must_be_durable_shared_and_permanent() {
    let (mut sim, ch) = setup();
    sim.channel_error(ch, 406, queue("q1").arg("x-queue-type", "quorum").on(ch));
    let (_, ch) = sim.client();
    sim.channel_error(ch, 406, quorum("q2").exclusive().on(ch));
    let (_, ch) = sim.client();
    sim.channel_error(ch, 406, quorum("q3").auto_delete().on(ch));
    assert!(!sim.exists("q1") && !sim.exists("q2") && !sim.exists("q3"));
    let (_, ch) = sim.client();
    sim.declare(ch, quorum("ok"));
    assert!(sim.exists("ok"));
    sim.check();
}

#[test]
fn with_a_delivery_limit_returned_messages_are_served_first_in_return_order() {
    let (mut sim, ch) = setup();
    sim.declare(ch, quorum("qq").arg("x-delivery-limit", 20));
    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("qq"));
    }
    let (_, c) = sim.client();
    sim.ok(qos(c, 2));
    sim.consume(c, consumer("qq").tag("c"));
    sim.ok(cancel(c, "c"));
    // Returned in the order m2, m1: a classic queue would restore m1, m2 (publish order).
    sim.reject_body(c, "m2", true);
    sim.reject_body(c, "m1", true);
    assert_eq!(sim.ready("qq"), ["m2", "m1", "m3"]);
    sim.check();
}

#[test]
fn without_a_delivery_limit_returned_messages_go_to_the_back() {
    let (mut sim, ch) = setup();
    sim.declare(ch, quorum("qq"));
    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("qq"));
    }
    let (_, c) = sim.client();
    sim.ok(qos(c, 2));
    sim.consume(c, consumer("qq").tag("c"));
    sim.ok(cancel(c, "c"));
    sim.reject_body(c, "m2", true);
    sim.reject_body(c, "m1", true);
    assert_eq!(sim.ready("qq"), ["m3", "m2", "m1"], "RabbitMQ 3.10 appends returns when no limit is set");
    sim.check();
}

#[test]
fn a_negative_delivery_limit_is_taken_literally_by_3_10() {
    let (mut sim, ch) = setup();
    sim.declare(ch, quorum("qq").arg("x-delivery-limit", -1));
    let (_, c) = sim.client();
    sim.consume(c, consumer("qq").tag("c"));
    sim.publish(ch, msg("m1").key("qq"));
    sim.reject_body(c, "m1", true);
    assert_eq!(sim.delivered_to("c"), ["m1"], "dropped on its first return: 1 > -1");
    assert!(sim.ready("qq").is_empty());
    sim.check();
}

#[test]
fn a_message_returned_more_often_than_the_delivery_limit_is_dead_lettered() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "dlq");
    sim.declare(ch, quorum("qq").arg("x-delivery-limit", 2).dlx("").dlrk("dlq"));
    let (_, c) = sim.client();
    sim.consume(c, consumer("qq").tag("c"));
    sim.publish(ch, msg("m1").key("qq"));
    for _ in 0..3 {
        sim.reject_body(c, "m1", true);
    }
    // Delivered 3 times (the limit plus one), then dead-lettered on the third return.
    assert_eq!(sim.delivered_to("c"), ["m1", "m1", "m1"]);
    let dead = sim.only_msg("dlq");
    let death = &dead.deaths()[0];
    assert_eq!((&*death.queue, death.reason, death.count), ("qq", DeathReason::DeliveryLimit, 1));
    assert!(sim.ready("qq").is_empty());
    sim.check();
}

#[test]
fn without_a_delivery_limit_returns_never_dead_letter() {
    let (mut sim, ch) = setup();
    sim.declare(ch, quorum("qq").dlx("").dlrk("dlq"));
    sim.queue(ch, "dlq");
    let (_, c) = sim.client();
    sim.consume(c, consumer("qq").tag("c"));
    sim.publish(ch, msg("m1").key("qq"));
    for _ in 0..50 {
        sim.reject_body(c, "m1", true);
    }
    assert_eq!(sim.delivered_to("c").len(), 51);
    assert!(sim.ready("dlq").is_empty());
    sim.check();
}

#[test]
fn a_quorum_queue_keeps_transient_messages_across_a_restart() {
    let (mut sim, ch) = setup();
    sim.declare(ch, quorum("qq"));
    sim.declare(ch, queue("cq").durable());
    sim.publish(ch, msg("t").key("qq"));
    sim.publish(ch, msg("t").key("cq"));
    sim.ok(warren::core::Command::RestartBroker);
    assert_eq!(sim.ready("qq"), ["t"], "every quorum message is persisted");
    assert!(sim.ready("cq").is_empty(), "a transient message in a classic queue is lost");
    sim.check();
}

#[test]
fn a_return_that_puts_a_classic_queue_over_its_max_length_drops_the_head() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "dl");
    sim.declare(ch, queue("q").durable().max_length(1).dlx("").dlrk("dl"));
    let (_, c) = sim.client();
    sim.ok(qos(c, 1));
    sim.consume(c, consumer("q").tag("c"));
    sim.publish(ch, msg("m1").key("q"));
    sim.publish(ch, msg("m2").key("q"));
    sim.ok(cancel(c, "c"));
    sim.reject_body(c, "m1", true);
    // m1 goes back to the head, the queue is over its limit of 1, so the head goes: m1.
    assert_eq!(sim.ready("q"), ["m2"]);
    let dead = sim.only_msg("dl");
    assert_eq!(dead.deaths()[0].reason, DeathReason::Maxlen);
    sim.check();
}
