//! Single-node rules where RabbitMQ 3.10 differs from the obvious reading of the spec (issue 12,
//! pinned by conformance/scripts): a quorum queue's soft `reject-publish` limit and its
//! `reject-publish-dlx`, which arguments each queue type accepts and compares, single active
//! consumer and `basic.recover` on a quorum queue, head-only expiry in a priority queue, and a
//! client script's absent routing key.


use crate::common::*;
use warren::core::{ChannelId, DeathReason, Value};

fn confirm_publisher(sim: &mut Sim) -> ChannelId {
    let (_, ch) = sim.client();
    sim.ok(confirm_select(ch));
    ch
}

/// Publishes each body to `queue` and returns the acks (true) and nacks (false) they got.
fn publish_all(sim: &mut Sim, ch: ChannelId, queue: &str, bodies: &[&str]) -> Vec<bool> {
    let before = sim.confirms(ch).len();
    for body in bodies {
        sim.publish(ch, msg(body).key(queue));
    }
    sim.confirms(ch)[before..].iter().map(|(_, ack)| *ack).collect()
}

// ----- item 1: reject-publish on a quorum queue is a soft limit -----

#[test]
fn a_quorum_queue_under_reject_publish_overshoots_by_one_then_refuses_until_its_soft_limit() {
    let (mut sim, ch) = setup();
    sim.declare(ch, quorum("qq").max_length(5).overflow("reject-publish"));
    let p = confirm_publisher(&mut sim);
    // The limit is checked after the enqueue: the sixth message is accepted, the seventh is not.
    assert_eq!(publish_all(&mut sim, p, "qq", &["m1", "m2", "m3", "m4", "m5", "m6", "m7"]), [true, true, true, true, true, true, false]);
    assert_eq!(sim.ready("qq").len(), 6);
    // Five ready is within the limit but above the soft limit (80 % of 5 = 4): still refused.
    sim.get_auto(ch, "qq");
    assert_eq!(publish_all(&mut sim, p, "qq", &["m8"]), [false]);
    // Down to 4: accepted again, until the queue is over its limit once more.
    sim.get_auto(ch, "qq");
    assert_eq!(publish_all(&mut sim, p, "qq", &["m9", "m10", "m11"]), [true, true, false]);
    assert_eq!(sim.ready("qq"), ["m3", "m4", "m5", "m6", "m9", "m10"]);
    sim.check();
}

#[test]
fn a_classic_queue_under_reject_publish_keeps_the_exact_limit() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("cq").durable().max_length(3).overflow("reject-publish"));
    let p = confirm_publisher(&mut sim);
    assert_eq!(publish_all(&mut sim, p, "cq", &["m1", "m2", "m3", "m4"]), [true, true, true, false]);
    sim.get_auto(ch, "cq");
    assert_eq!(publish_all(&mut sim, p, "cq", &["m5", "m6"]), [true, false], "no soft limit: room for one is room for one");
    sim.check();
}

#[test]
fn a_quorum_queue_soft_limit_counts_bytes_and_only_ready_messages() {
    let (mut sim, ch) = setup();
    sim.declare(ch, quorum("qq").arg("x-max-length-bytes", 4).overflow("reject-publish"));
    let p = confirm_publisher(&mut sim);
    // Bodies are 2 bytes: m3 makes 6 > 4 (accepted), then refused until at most 3 bytes (80 % of 4).
    assert_eq!(publish_all(&mut sim, p, "qq", &["m1", "m2", "m3", "m4"]), [true, true, true, false]);
    sim.get_auto(ch, "qq");
    assert_eq!(publish_all(&mut sim, p, "qq", &["m5"]), [false], "4 bytes is not below the soft limit of 3");
    sim.get_auto(ch, "qq");
    assert_eq!(publish_all(&mut sim, p, "qq", &["m6"]), [true]);

    // Unacked deliveries do not count; once a consumer takes the ready ones, publishes pass again.
    sim.declare(ch, quorum("q1").max_length(1).overflow("reject-publish"));
    let (_, c) = sim.client();
    sim.ok(qos(c, 2));
    sim.consume(c, consumer("q1").tag("c"));
    assert_eq!(publish_all(&mut sim, p, "q1", &["a", "b", "c", "d", "e"]), [true, true, true, true, false]);
    sim.ack_body(c, "a");
    sim.ack_body(c, "b");
    assert_eq!(sim.unacked(c), ["c", "d"]);
    assert_eq!(publish_all(&mut sim, p, "q1", &["f"]), [true], "the ready messages went to the consumer");
    sim.check();
}

#[test]
fn a_blocked_quorum_queue_drops_plain_publishes_silently_and_other_queues_still_get_them() {
    let (mut sim, ch) = setup();
    sim.declare(ch, quorum("qq").max_length(1).overflow("reject-publish"));
    sim.declare(ch, queue("other").durable());
    sim.exchange(ch, exchange("F", "fanout").durable());
    sim.bind(ch, "F", "qq", "");
    sim.bind(ch, "F", "other", "");
    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).to("F"));
    }
    assert_eq!(sim.ready("qq"), ["m1", "m2"]);
    assert_eq!(sim.ready("other"), ["m1", "m2", "m3"]);
    assert!(sim.returns(ch).is_empty() && sim.confirms(ch).is_empty());
    sim.check();
}

// ----- item 2: reject-publish-dlx on a quorum queue is drop-head -----

#[test]
fn reject_publish_dlx_on_a_quorum_queue_drops_the_head_and_acks_the_publish() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "dlq");
    sim.declare(ch, quorum("qq").max_length(2).overflow("reject-publish-dlx").dlx("").dlrk("dlq"));
    let p = confirm_publisher(&mut sim);
    assert_eq!(publish_all(&mut sim, p, "qq", &["m1", "m2", "m3", "m4"]), [true; 4]);
    assert_eq!(sim.ready("qq"), ["m3", "m4"]);
    assert_eq!(sim.dead_lettered("qq"), [(DeathReason::Maxlen, "m1".to_string()), (DeathReason::Maxlen, "m2".to_string())]);
    assert_eq!(sim.ready("dlq"), ["m1", "m2"]);
    sim.check();
}

// ----- item 3: another queue type's arguments are refused; unknown ones pass -----

#[test]
fn a_classic_queue_refuses_quorum_and_stream_arguments() {
    let (mut sim, _) = setup();
    for (key, value) in [
        ("x-delivery-limit", Value::from(5)),
        ("x-quorum-initial-group-size", Value::from(3)),
        ("x-max-in-memory-length", Value::from(10)),
        ("x-dead-letter-strategy", Value::from("at-most-once")),
        ("x-queue-leader-locator", Value::from("client-local")),
        ("x-max-age", Value::from("1D")),
    ] {
        let (_, ch) = sim.client();
        let error = sim.channel_error(ch, 406, queue("c").durable().arg(key, value).on(ch));
        assert!(error.text.contains(key) && error.text.contains("classic"), "{}", error.text);
        assert!(!sim.exists("c"), "{key}: the queue is not created");
    }
    let (_, ch) = sim.client();
    sim.declare(ch, queue("c").durable().arg("x-queue-master-locator", "min-masters").arg("x-queue-mode", "lazy"));
    assert!(sim.exists("c"));
    sim.check();
}

#[test]
fn a_quorum_queue_refuses_classic_and_stream_arguments() {
    let (mut sim, _) = setup();
    for (key, value) in [
        ("x-max-priority", Value::from(5)),
        ("x-queue-mode", Value::from("lazy")),
        ("x-queue-master-locator", Value::from("min-masters")),
        ("x-queue-version", Value::from(2)),
        ("x-initial-cluster-size", Value::from(1)),
    ] {
        let (_, ch) = sim.client();
        let error = sim.channel_error(ch, 406, quorum("qq").arg(key, value).on(ch));
        assert!(error.text.contains(key) && error.text.contains("quorum"), "{}", error.text);
        assert!(!sim.exists("qq"), "{key}: the queue is not created");
    }
    let (_, ch) = sim.client();
    sim.declare(ch, quorum("qq").arg("x-delivery-limit", 5).arg("x-quorum-initial-group-size", 1).arg("x-max-in-memory-length", 10));
    assert!(sim.exists("qq"));
    sim.check();
}

#[test]
fn unknown_arguments_are_accepted_and_never_compared() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("c").durable().arg("x-custom", "a"));
    sim.declare(ch, queue("c").durable().arg("x-custom", "b"));
    sim.declare(ch, queue("c").durable());
    sim.declare(ch, quorum("qq").arg("x-custom", 1));
    sim.declare(ch, quorum("qq").arg("x-custom", 2));
    assert!(sim.is_open(ch));
    sim.check();
}

#[test]
fn argument_values_are_validated_for_the_queue_type_that_knows_them() {
    let (mut sim, _) = setup();
    for decl in [
        queue("a").durable().arg("x-queue-mode", "eager"),
        queue("a").durable().arg("x-queue-version", 3),
        quorum("a").arg("x-max-in-memory-length", -1),
        quorum("a").arg("x-quorum-initial-group-size", 0),
        quorum("a").arg("x-dead-letter-strategy", "twice"),
    ] {
        let (_, ch) = sim.client();
        sim.channel_error(ch, 406, decl.on(ch));
        assert!(!sim.exists("a"));
    }
    sim.check();
}

// ----- item 4: the compared set on a redeclare -----

#[test]
fn a_redeclare_compares_x_queue_mode_on_a_classic_queue() {
    let (mut sim, _) = setup();
    let (_, ch) = sim.client();
    sim.declare(ch, queue("lazy").durable().arg("x-queue-mode", "lazy"));
    for decl in [
        queue("lazy").durable(),
        queue("lazy").durable().arg("x-queue-mode", "default"),
        queue("lazy").durable().arg("x-queue-mode", "bogus"),
    ] {
        let (_, ch) = sim.client();
        let error = sim.channel_error(ch, 406, decl.on(ch));
        assert!(error.text.contains("inequivalent arg 'x-queue-mode'"), "{}", error.text);
    }
    let (_, ch) = sim.client();
    sim.declare(ch, queue("lazy").durable().arg("x-queue-mode", "lazy"));
    sim.check();
}

#[test]
fn a_redeclare_compares_x_delivery_limit_on_a_quorum_queue() {
    let (mut sim, _) = setup();
    let (_, ch) = sim.client();
    sim.declare(ch, quorum("qq").arg("x-delivery-limit", 3));
    for decl in [quorum("qq"), quorum("qq").arg("x-delivery-limit", 4)] {
        let (_, ch) = sim.client();
        let error = sim.channel_error(ch, 406, decl.on(ch));
        assert!(error.text.contains("inequivalent arg 'x-delivery-limit'"), "{}", error.text);
    }
    let (_, ch) = sim.client();
    sim.declare(ch, quorum("qq").arg("x-delivery-limit", 3));
    sim.check();
}

#[test]
fn a_redeclare_ignores_arguments_the_existing_queue_type_does_not_know() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("c").durable());
    // Refused on a fresh declare, accepted on a redeclare of a classic queue: not compared.
    sim.declare(ch, queue("c").durable().arg("x-max-in-memory-length", 10));
    sim.declare(ch, queue("c").durable().arg("x-delivery-limit", -5));
    // An absent x-queue-type and "classic" are the same.
    sim.declare(ch, queue("c").durable().arg("x-queue-type", "classic"));
    sim.declare(ch, quorum("qq"));
    sim.declare(ch, quorum("qq").arg("x-max-priority", 10).arg("x-queue-mode", "lazy"));
    assert!(sim.is_open(ch));
    let error = sim.channel_error(ch, 406, queue("fresh").durable().arg("x-max-in-memory-length", 10).on(ch));
    assert!(error.text.contains("x-max-in-memory-length"), "{}", error.text);
    sim.check();
}

#[test]
fn a_redeclare_compares_every_argument_of_the_queue_type() {
    let (mut sim, _) = setup();
    let (_, ch) = sim.client();
    sim.declare(ch, quorum("qq").arg("x-max-in-memory-bytes", 1000).arg("x-queue-leader-locator", "client-local"));
    for (key, value) in [
        ("x-max-in-memory-bytes", Value::from(1001)),
        ("x-queue-leader-locator", Value::from("balanced")),
        ("x-quorum-initial-group-size", Value::from(3)),
    ] {
        let (_, c) = sim.client();
        let decl = quorum("qq").arg("x-max-in-memory-bytes", 1000).arg("x-queue-leader-locator", "client-local").arg(key, value);
        let error = sim.channel_error(c, 406, decl.on(c));
        assert!(error.text.contains(key), "{}", error.text);
    }
    sim.declare(ch, queue("c").durable().arg("x-queue-version", 1).arg("x-queue-master-locator", "min-masters"));
    for (key, value) in [("x-queue-version", Value::from(2)), ("x-queue-master-locator", Value::from("client-local"))] {
        let (_, c) = sim.client();
        let decl = queue("c").durable().arg("x-queue-version", 1).arg("x-queue-master-locator", "min-masters").arg(key, value);
        let error = sim.channel_error(c, 406, decl.on(c));
        assert!(error.text.contains(key), "{}", error.text);
    }
    sim.check();
}

// ----- item 5: single active consumer on a quorum queue -----

#[test]
fn basic_get_on_a_single_active_consumer_quorum_queue_is_refused_with_405() {
    let (mut sim, ch) = setup();
    sim.declare(ch, quorum("qq").arg("x-single-active-consumer", true));
    sim.declare(ch, queue("cq").durable().arg("x-single-active-consumer", true));
    sim.publish(ch, msg("m1").key("qq"));
    sim.publish(ch, msg("m2").key("cq"));
    let (_, g) = sim.client();
    assert_eq!(sim.get_auto(g, "cq").map(|(_, _, body)| body).as_deref(), Some("m2"), "a classic SAC queue allows basic.get");
    sim.channel_error(g, 405, get_auto(g, "qq"));
    assert_eq!(sim.ready("qq"), ["m1"]);
    sim.check();
}

#[test]
fn a_quorum_queue_hands_over_to_the_next_registered_consumer_ignoring_priority() {
    let (mut sim, ch) = setup();
    sim.declare(ch, quorum("qq").arg("x-single-active-consumer", true));
    let mut channels = Vec::new();
    for (tag, priority) in [("c1", 0), ("c2", 0), ("c3", 5)] {
        let (_, c) = sim.client();
        sim.consume(c, consumer("qq").tag(tag).priority(priority).auto_ack());
        channels.push(c);
    }
    sim.publish(ch, msg("m1").key("qq"));
    sim.ok(cancel(channels[0], "c1"));
    // A classic queue would pick c3 (priority 5) here.
    sim.publish(ch, msg("m2").key("qq"));
    sim.ok(close_channel(channels[1]));
    sim.publish(ch, msg("m3").key("qq"));
    assert_eq!(sim.delivered_to("c1"), ["m1"]);
    assert_eq!(sim.delivered_to("c2"), ["m2"]);
    assert_eq!(sim.delivered_to("c3"), ["m3"]);
    sim.check();
}

// ----- item 6: basic.recover on a quorum queue requeues at the back -----

#[test]
fn recover_on_a_quorum_queue_puts_the_messages_at_the_back_unlike_a_channel_close() {
    let (mut sim, ch) = setup();
    sim.declare(ch, quorum("qq"));
    for body in ["m1", "m2", "m3", "m4"] {
        sim.publish(ch, msg(body).key("qq"));
    }
    let (_, c) = sim.client();
    sim.ok(qos(c, 2));
    sim.consume(c, consumer("qq").tag("c"));
    sim.ok(cancel(c, "c"));
    assert_eq!(sim.unacked(c), ["m1", "m2"]);
    sim.ok(recover(c));
    assert_eq!(sim.ready("qq"), ["m3", "m4", "m1", "m2"]);

    // What a closed channel held is served first instead.
    let (_, c) = sim.client();
    sim.ok(qos(c, 1));
    sim.consume(c, consumer("qq").tag("d"));
    sim.ok(close_channel(c));
    assert_eq!(sim.ready("qq"), ["m3", "m4", "m1", "m2"], "m3 went back to the front");
    sim.check();
}

#[test]
fn recover_on_a_classic_queue_restores_the_original_positions() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    for body in ["m1", "m2", "m3", "m4"] {
        sim.publish(ch, msg(body).key("q"));
    }
    let (_, c) = sim.client();
    sim.ok(qos(c, 2));
    sim.consume(c, consumer("q").tag("c"));
    sim.ok(cancel(c, "c"));
    sim.ok(recover(c));
    assert_eq!(sim.ready("q"), ["m1", "m2", "m3", "m4"]);
    sim.check();
}

#[test]
fn recover_on_a_quorum_queue_with_a_delivery_limit_counts_as_a_return() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "dlq");
    sim.declare(ch, quorum("qq").arg("x-delivery-limit", 1).dlx("").dlrk("dlq"));
    let (_, c) = sim.client();
    sim.ok(qos(c, 2));
    sim.consume(c, consumer("qq").tag("c"));
    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("qq"));
    }
    sim.ok(recover(c));
    // Returned messages are served first: the consumer gets m1, m2 again.
    assert_eq!(sim.delivered_to("c"), ["m1", "m2", "m1", "m2"]);
    sim.ok(recover(c));
    assert_eq!(sim.ready("dlq"), ["m1", "m2"], "returned twice, over the limit of 1");
    assert_eq!(sim.delivered_to("c"), ["m1", "m2", "m1", "m2", "m3"]);
    sim.check();
}

// ----- item 7: a priority queue expires only its overall head -----

#[test]
fn an_expired_message_behind_a_higher_priority_one_waits_until_it_is_the_head() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "dlq");
    sim.declare(ch, queue("pq").durable().arg("x-max-priority", 5).dlx("").dlrk("dlq"));
    sim.publish(ch, msg("low").key("pq").expiration("300").priority(1));
    sim.publish(ch, msg("high").key("pq").priority(5));
    sim.advance_to(1000);
    assert_eq!(sim.ready("pq"), ["high", "low"], "low's TTL passed, but it is not the head");
    assert!(sim.ready("dlq").is_empty());
    let (_, c) = sim.client();
    sim.consume(c, consumer("pq").tag("c").auto_ack());
    assert_eq!(sim.delivered_to("c"), ["high"]);
    assert_eq!(sim.dead_lettered("pq"), [(DeathReason::Expired, "low".to_string())]);
    sim.check();
}

#[test]
fn a_lower_priority_message_expires_as_soon_as_the_expired_blocker_before_it_does() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "dlq");
    sim.declare(ch, queue("pq").durable().arg("x-max-priority", 5).dlx("").dlrk("dlq"));
    sim.publish(ch, msg("low").key("pq").expiration("300").priority(1));
    sim.publish(ch, msg("high").key("pq").expiration("2500").priority(5));
    sim.advance_to(2000);
    assert!(sim.ready("dlq").is_empty());
    sim.advance_to(2600);
    assert_eq!(sim.ready("dlq"), ["high", "low"]);
    sim.check();
}

// ----- item 10: a client script's publish or binding without `key` -----

#[test]
fn a_script_publish_or_binding_without_key_uses_the_empty_routing_key() {
    let observation = warren::script::run_text(
        r#"{"declare":{"exchanges":[{"name":"F","type":"fanout"},{"name":"D","type":"direct"}],
                       "queues":[{"name":"f"},{"name":"d"}],
                       "bindings":[{"source":"F","dest":"f"},{"source":"D","dest":"d"}]},
            "steps":[{"op":"publish","exchange":"F","id":"m1"},
                     {"op":"publish","exchange":"D","id":"m2"},
                     {"op":"publish","exchange":"D","key":"x","id":"m3","mandatory":true},
                     {"op":"unbind","source":"D","dest":"d"},
                     {"op":"publish","exchange":"D","id":"m4","mandatory":true}]}"#,
    )
    .expect("a script without keys is valid");
    let json = observation.to_json();
    assert_eq!(json["final"]["f"], serde_json::json!([["m1", false, null]]));
    assert_eq!(json["final"]["d"], serde_json::json!([["m2", false, null]]), "routed with the empty key");
    assert_eq!(json["returns"], serde_json::json!([["m3", 312], ["m4", 312]]), "the unbind without key removed the '' binding");
}
