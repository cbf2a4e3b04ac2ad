//! Ordering guarantees (docs/rabbitmq-rules.md, "Ordering"): publish order per channel and queue,
//! what reorders deliveries (priorities, several consumers with redelivery) and what preserves
//! order (a single active consumer, closing a channel instead of cancelling, FIFO `basic.get`).

use crate::common::*;

fn numbered(prefix: &str, n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("{prefix}{i}")).collect()
}

/// Whether `sub` appears in `seq` in the same relative order.
fn is_subsequence(sub: &[String], seq: &[String]) -> bool {
    let mut rest = seq.iter();
    sub.iter().all(|s| rest.any(|x| x == s))
}

#[test]
fn one_channel_one_queue_one_consumer_delivers_in_publish_order() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    let (_, c) = sim.client();
    sim.ok(qos(c, 3));
    sim.consume(c, consumer("q").tag("c"));
    let bodies = numbered("m", 20);

    for body in &bodies {
        sim.publish(ch, msg(body).key("q"));
    }
    while let Some(body) = sim.unacked(c).first().cloned() {
        sim.ack_body(c, &body);
    }

    assert_eq!(sim.delivered_to("c"), bodies);
    sim.check();
}

#[test]
fn a_message_routed_to_several_queues_reaches_each_in_channel_publish_order() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("t", "topic"));
    for (q, key) in [("all", "#"), ("evens", "even"), ("odds", "odd")] {
        sim.queue(ch, q);
        sim.bind(ch, "t", q, key);
    }

    let bodies = numbered("m", 10);
    for (i, body) in bodies.iter().enumerate() {
        sim.publish(ch, msg(body).to("t").key(if i % 2 == 0 { "odd" } else { "even" }));
    }

    assert_eq!(sim.ready("all"), bodies);
    assert_eq!(sim.ready("odds"), ["m1", "m3", "m5", "m7", "m9"]);
    assert_eq!(sim.ready("evens"), ["m2", "m4", "m6", "m8", "m10"]);
    sim.check();
}

#[test]
fn interleaved_publishes_from_two_channels_keep_each_channels_order() {
    let mut sim = Sim::new();
    let (_, a) = sim.client();
    let (_, b) = sim.client();
    sim.queue(a, "q");
    let from_a = numbered("a", 6);
    let from_b = numbered("b", 6);

    for i in 0..6 {
        sim.publish(a, msg(&from_a[i]).key("q"));
        if i % 2 == 0 {
            sim.publish(b, msg(&from_b[i]).key("q"));
            sim.publish(b, msg(&from_b[i + 1]).key("q"));
        }
    }

    let queued = sim.ready("q");
    assert_eq!(queued.len(), 12);
    assert!(is_subsequence(&from_a, &queued), "{queued:?}");
    assert!(is_subsequence(&from_b, &queued), "{queued:?}");
    sim.check();
}

#[test]
fn the_queue_keeps_publish_order_through_requeues_and_channel_closure() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    for body in numbered("m", 6) {
        sim.publish(ch, msg(&body).key("q"));
    }
    let (_, c) = sim.client();
    let tag = sim.consume(c, consumer("q"));
    sim.ok(cancel(c, &tag));

    sim.ack_body(c, "m2");
    sim.ack_body(c, "m5");
    sim.nack_body(c, "m4", true);
    assert_eq!(sim.ready("q"), ["m4"]);
    sim.ok(close_channel(c));

    assert_eq!(sim.ready("q"), ["m1", "m3", "m4", "m6"]);
    sim.check();
}

#[test]
fn priorities_change_the_delivery_order() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("pq").arg("x-max-priority", 9));
    sim.publish(ch, msg("low-first").key("pq").priority(1));
    sim.publish(ch, msg("high-second").key("pq").priority(8));
    sim.publish(ch, msg("low-third").key("pq").priority(1));

    let (_, c) = sim.client();
    sim.consume(c, consumer("pq").tag("c"));

    assert_eq!(sim.delivered_to("c"), ["high-second", "low-first", "low-third"]);
    sim.check();
}

#[test]
fn with_several_consumers_a_requeued_older_message_arrives_after_newer_ones() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    let (_, c1) = sim.client();
    let (_, c2) = sim.client();
    sim.ok(qos(c1, 1));
    sim.consume(c1, consumer("q").tag("C1"));
    sim.ok(qos(c2, 1));
    sim.consume(c2, consumer("q").tag("C2"));
    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("q"));
    }
    assert_eq!(sim.delivered_to("C2"), ["m2"]);

    sim.ok(close_channel(c1));
    assert_eq!(sim.ready("q"), ["m1", "m3"], "m1 goes back ahead of m3");
    sim.ack_body(c2, "m2");
    sim.ack_body(c2, "m1");

    let seen: Vec<(String, bool)> = sim.deliveries(c2).into_iter().map(|g| (g.body, g.redelivered)).collect();
    assert_eq!(seen, [("m2".into(), false), ("m1".into(), true), ("m3".into(), false)]);
    sim.check();
}

#[test]
fn a_single_active_consumer_sees_publish_order_across_a_failover() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("sac").arg("x-single-active-consumer", true));
    let (_, c1) = sim.client();
    let (_, c2) = sim.client();
    sim.ok(qos(c1, 2));
    sim.consume(c1, consumer("sac").tag("C1"));
    sim.ok(qos(c2, 2));
    sim.consume(c2, consumer("sac").tag("C2"));
    for body in numbered("m", 5) {
        sim.publish(ch, msg(&body).key("sac"));
    }
    sim.ack_body(c1, "m1");

    sim.ok(close_channel(c1));
    while let Some(body) = sim.unacked(c2).first().cloned() {
        sim.ack_body(c2, &body);
    }

    let mut seen = sim.delivered_to("C1");
    assert_eq!(seen, ["m1", "m2", "m3"]);
    let after = sim.delivered_to("C2");
    assert_eq!(after, ["m2", "m3", "m4", "m5"]);
    seen.truncate(1);
    seen.extend(after);
    assert_eq!(seen, numbered("m", 5), "processed in publish order");
    sim.check();
}

#[test]
fn closing_a_channel_preserves_order_where_cancel_does_not() {
    // Cancel first: the old consumer keeps m1 while a new consumer takes the newer messages.
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("q"));
    }
    let (_, old) = sim.client();
    sim.ok(qos(old, 1));
    let tag = sim.consume(old, consumer("q"));
    sim.ok(cancel(old, &tag));
    let (_, new) = sim.client();
    sim.consume(new, consumer("q").tag("new"));
    sim.ok(close_channel(old));
    assert_eq!(sim.delivered_to("new"), ["m2", "m3", "m1"]);
    sim.check();

    // Close instead: m1 is back at the head before anyone else consumes.
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("q"));
    }
    let (_, old) = sim.client();
    sim.ok(qos(old, 1));
    sim.consume(old, consumer("q"));
    sim.ok(close_channel(old));
    let (_, new) = sim.client();
    sim.consume(new, consumer("q").tag("new"));
    assert_eq!(sim.delivered_to("new"), ["m1", "m2", "m3"]);
    sim.check();
}

#[test]
fn basic_get_reads_in_fifo_order() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    let bodies = numbered("m", 5);
    for body in &bodies {
        sim.publish(ch, msg(body).key("q"));
    }

    let mut got = Vec::new();
    while let Some((_, _, body)) = sim.get_auto(ch, "q") {
        got.push(body);
    }

    assert_eq!(got, bodies);
    sim.check();
}
