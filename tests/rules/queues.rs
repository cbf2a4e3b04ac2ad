//! Queues (docs/rabbitmq-rules.md, "Queues"): declare rules, exclusive and auto-delete queues,
//! message TTL (per queue, per message, TTL 0), queue TTL (`x-expires`), length limits and
//! overflow, priorities and single active consumer.

use crate::common::*;
use warren::core::{ChannelId, DeathReason, DropReason, Reply};

/// A fanout dead-letter exchange `name` feeding queue `into`.
// ----- declare -----

#[test]
fn server_named_queues_get_distinct_amq_gen_names() {
    let (mut sim, ch) = setup();

    let a = sim.declare(ch, queue(""));
    let b = sim.declare(ch, queue(""));

    assert!(a.starts_with("amq.gen-") && b.starts_with("amq.gen-"), "{a} {b}");
    assert_ne!(a, b);
    assert!(sim.exists(&a) && sim.exists(&b));
    sim.publish(ch, msg("m").key(&a));
    assert_eq!(sim.ready(&a), ["m"], "usable under the generated name");
    sim.check();
}

/// The channel remembers the last generated name: a later method naming queue `""` means it
/// (RabbitMQ expands the empty name to the channel's most recently declared queue).
#[test]
fn the_channel_remembers_the_last_generated_queue_name() {
    let (mut sim, ch) = setup();
    let name = sim.declare(ch, queue(""));

    let bound = sim.run(bind(ch, "amq.fanout", "", ""));
    assert!(bound.is_ok(), "queue.bind with queue \"\" should bind {name}: {bound:?}");
    sim.publish(ch, msg("m").to("amq.fanout"));
    assert_eq!(sim.ready(&name), ["m"]);

    let consumed = sim.run(consumer("").tag("c").on(ch));
    assert!(consumed.is_ok(), "basic.consume with queue \"\" should consume {name}: {consumed:?}");
    assert_eq!(sim.delivered_to("c"), ["m"]);
    sim.check();
}

#[test]
fn amq_prefixed_queue_names_are_refused_with_403() {
    let (mut sim, ch) = setup();

    sim.channel_error(ch, 403, queue("amq.mine").on(ch));

    assert!(!sim.exists("amq.mine"));
    sim.check();
}

/// The name check comes before the existence check (`check_name` in rabbit_channel), so even a
/// server-generated `amq.gen-…` queue cannot be re-declared by name; a passive declare can.
#[test]
fn redeclaring_a_generated_amq_gen_queue_by_name_is_403_but_passive_is_fine() {
    let (mut sim, ch) = setup();
    let name = sim.declare(ch, queue(""));

    let passive = sim.ok(queue(&name).passive().on(ch));
    assert!(matches!(passive, Reply::QueueDeclared { .. }));
    sim.channel_error(ch, 403, queue(&name).on(ch));
    sim.check();
}

/// Vector 6 (part) and the other declare properties.
#[test]
fn vector_6_redeclare_with_different_properties_or_arguments_is_406() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("q").durable().ttl(1000));
    sim.publish(ch, msg("m").key("q"));

    let same = sim.ok(queue("q").durable().ttl(1000).on(ch));
    assert_eq!(same, Reply::QueueDeclared { name: "q".into(), messages: 1, consumers: 0 });

    for different in [
        queue("q").ttl(1000),                              // not durable (vector 6)
        queue("q").durable().ttl(1000).auto_delete(),      // auto-delete
        queue("q").durable().ttl(2000),                    // another TTL
        queue("q").durable(),                              // argument missing
        queue("q").durable().ttl(1000).max_length(5),      // argument added
    ] {
        let (_, ch) = sim.client();
        let shown = format!("{different:?}");
        let error = sim.channel_error(ch, 406, different.on(ch));
        assert!(error.text.contains("inequivalent"), "{shown}: {error}");
    }
    assert_eq!(sim.ready("q"), ["m"], "a refused re-declare changes nothing");
    assert!(sim.broker.queue_named("q").unwrap().durable);
    sim.check();
}

/// An `exclusive` mismatch is refused too. The spec lists it with the 406 cases, but RabbitMQ's
/// `assert_equivalence` checks it with `check_exclusive_access(…, strict)`, which raises 405
/// RESOURCE_LOCKED; this test follows the broker code.
#[test]
fn redeclare_with_a_different_exclusive_flag_is_refused_with_405() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("shared"));
    sim.channel_error(ch, 405, queue("shared").exclusive().on(ch));

    let (_, ch) = sim.client();
    sim.declare(ch, queue("mine").exclusive());
    sim.channel_error(ch, 405, queue("mine").on(ch));
    sim.check();
}

#[test]
fn passive_declare_of_a_missing_queue_is_404_and_creates_nothing() {
    let (mut sim, ch) = setup();

    sim.channel_error(ch, 404, queue("nope").passive().on(ch));

    assert!(!sim.exists("nope"));
    sim.check();
}

#[test]
fn declare_ok_counts_only_ready_messages_and_the_consumers() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("q"));
    }
    let (_, consumer_ch) = sim.client();
    sim.ok(qos(consumer_ch, 1));
    sim.consume(consumer_ch, consumer("q"));
    assert_eq!(sim.unacked(consumer_ch), ["m1"]);

    let reply = sim.ok(queue("q").passive().on(ch));

    assert_eq!(reply, Reply::QueueDeclared { name: "q".into(), messages: 2, consumers: 1 });
    sim.check();
}

// ----- exclusive queues -----

#[test]
fn an_exclusive_queue_is_locked_405_for_other_connections() {
    let mut sim = Sim::new();
    let (owner, ch) = sim.client();
    sim.declare(ch, queue("ex").exclusive());
    sim.publish(ch, msg("m1").key("ex"));

    let attempts = |ch: ChannelId| {
        vec![
            consumer("ex").on(ch),
            queue("ex").passive().on(ch),
            queue("ex").exclusive().on(ch),
            get(ch, "ex"),
            bind(ch, "amq.direct", "ex", "k"),
            purge(ch, "ex"),
            delete_queue(ch, "ex"),
        ]
    };
    for index in 0..attempts(ChannelId(0)).len() {
        let (_, other) = sim.client();
        let attempt = attempts(other).remove(index);
        sim.channel_error(other, 405, attempt);
    }
    assert_eq!(sim.ready("ex"), ["m1"], "nothing another connection tried had an effect");

    // The owning connection can use it from any of its channels.
    let second = sim.channel(owner);
    sim.consume(second, consumer("ex").tag("mine"));
    assert_eq!(sim.delivered_to("mine"), ["m1"]);
    sim.check();
}

#[test]
fn other_connections_may_still_publish_to_an_exclusive_queue() {
    let mut sim = Sim::new();
    let (_, ch) = sim.client();
    sim.declare(ch, queue("ex").exclusive());
    let (_, other) = sim.client();

    sim.publish(other, msg("from-elsewhere").key("ex"));

    assert_eq!(sim.ready("ex"), ["from-elsewhere"]);
    sim.check();
}

#[test]
fn an_exclusive_queue_is_deleted_when_its_connection_closes_and_is_never_durable() {
    let mut sim = Sim::new();
    let (owner, ch) = sim.client();
    sim.declare(ch, queue("ex").exclusive().durable());
    assert!(!sim.broker.queue_named("ex").unwrap().durable, "the durable flag is ignored for exclusive queues");
    sim.publish(ch, msg("m").key("ex"));
    let (_, other) = sim.client();

    sim.ok(close_connection(owner));

    assert!(!sim.exists("ex"));
    assert_eq!(sim.dropped("ex"), [DropReason::QueueDeleted]);
    assert!(sim.is_open(other), "other connections are unaffected");
    sim.check();
}

// ----- auto-delete -----

#[test]
fn an_auto_delete_queue_goes_when_its_last_consumer_is_cancelled() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("ad").auto_delete());
    let c1 = sim.consume(ch, consumer("ad"));
    let c2 = sim.consume(ch, consumer("ad"));

    sim.ok(cancel(ch, &c1));
    assert!(sim.exists("ad"), "one consumer is left");
    sim.ok(cancel(ch, &c2));
    assert!(!sim.exists("ad"));
    sim.check();
}

#[test]
fn an_auto_delete_queue_goes_when_its_last_consumers_channel_closes() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("ad").auto_delete());
    let (_, consumer_ch) = sim.client();
    sim.consume(consumer_ch, consumer("ad"));

    sim.ok(close_channel(consumer_ch));

    assert!(!sim.exists("ad"));
    sim.check();
}

#[test]
fn an_auto_delete_queue_that_never_had_a_consumer_is_never_deleted() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("ad").auto_delete());
    sim.publish(ch, msg("m1").key("ad"));
    sim.publish(ch, msg("m2").key("ad"));

    let got = sim.get(ch, "ad").expect("a message");
    sim.ok(ack(ch, got.0));
    sim.get_auto(ch, "ad").expect("a message");
    assert_eq!(sim.get(ch, "ad"), None);
    sim.advance_to(3_600_000);

    assert!(sim.exists("ad"), "basic.get is not a consumer");
    sim.check();
}

// ----- message TTL -----

#[test]
fn queue_ttl_expires_each_message_at_enqueue_time_plus_ttl() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("q").ttl(1000));
    sim.publish(ch, msg("m1").key("q"));
    sim.advance_to(400);
    sim.publish(ch, msg("m2").key("q"));

    sim.advance_to(999);
    assert_eq!(sim.ready("q"), ["m1", "m2"]);
    sim.advance_to(1000);
    assert_eq!(sim.ready("q"), ["m2"]);
    sim.advance_to(1399);
    assert_eq!(sim.ready("q"), ["m2"]);
    sim.advance_to(1400);
    assert!(sim.ready("q").is_empty());
    assert_eq!(sim.dropped("q"), [DropReason::Expired, DropReason::Expired], "no DLX: expired messages are dropped");
    sim.check();
}

/// Vector 8: per-message TTL only expires at the head (head-of-line blocking).
#[test]
fn vector_8_per_message_ttl_head_of_line_blocking() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "work");
    sim.declare(ch, queue("wait").dlx("").dlrk("work"));

    sim.publish(ch, msg("m1").key("wait").expiration("10000"));
    sim.publish(ch, msg("m2").key("wait").expiration("1000"));

    sim.advance_to(5000);
    assert_eq!(sim.ready("wait"), ["m1", "m2"], "m2 expired at 1000 but is stuck behind m1; it still counts");
    assert!(sim.ready("work").is_empty());
    let declared = sim.ok(queue("wait").dlx("").dlrk("work").on(ch));
    assert!(matches!(declared, Reply::QueueDeclared { messages: 2, .. }), "{declared:?}");

    sim.advance_to(10000);
    assert!(sim.ready("wait").is_empty());
    assert_eq!(sim.ready("work"), ["m1", "m2"]);
    let m2 = &sim.ready_msgs("work")[1];
    assert_eq!(m2.expiration(), None, "dead-lettering removes the expiration property");
    assert_eq!(x_death(m2)[0].original_expiration.as_deref(), Some("1000"));
    sim.check();
}

#[test]
fn with_both_ttls_the_lower_one_applies() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("long-queue-ttl").ttl(5000));
    sim.declare(ch, queue("short-queue-ttl").ttl(1000));

    sim.publish(ch, msg("short-msg").key("long-queue-ttl").expiration("1000"));
    sim.publish(ch, msg("long-msg").key("short-queue-ttl").expiration("5000"));

    sim.advance_to(999);
    assert_eq!(sim.ready("long-queue-ttl"), ["short-msg"]);
    assert_eq!(sim.ready("short-queue-ttl"), ["long-msg"]);
    sim.advance_to(1000);
    assert!(sim.ready("long-queue-ttl").is_empty(), "min(5000, 1000)");
    assert!(sim.ready("short-queue-ttl").is_empty(), "min(1000, 5000)");
    sim.check();
}

/// Vector 9: TTL 0 delivers only to a consumer that can take the message right now.
#[test]
fn vector_9_ttl_zero_with_no_consumer_expires_at_once() {
    let (mut sim, ch) = setup();
    dead_letter_target(&mut sim, ch, "zdx", "zd");
    sim.declare(ch, queue("z").ttl(0).dlx("zdx"));

    sim.publish(ch, msg("m").key("z").mandatory());

    assert!(sim.ready("z").is_empty());
    assert_eq!(sim.ready("zd"), ["m"]);
    assert_eq!(x_death(&sim.only_msg("zd"))[0].reason, "expired");
    assert!(sim.returns(ch).is_empty(), "TTL 0 is not `immediate`: no basic.return");
    sim.check();
}

#[test]
fn vector_9_ttl_zero_is_delivered_to_a_consumer_with_a_free_prefetch_slot() {
    let (mut sim, ch) = setup();
    dead_letter_target(&mut sim, ch, "zdx", "zd");
    sim.declare(ch, queue("z").ttl(0).dlx("zdx"));
    let (_, consumer_ch) = sim.client();
    sim.ok(qos(consumer_ch, 1));
    sim.consume(consumer_ch, consumer("z").tag("c"));

    sim.publish(ch, msg("m").key("z"));

    assert_eq!(sim.delivered_to("c"), ["m"]);
    assert!(sim.ready("zd").is_empty());
    sim.advance_to(10_000);
    assert_eq!(sim.unacked(consumer_ch), ["m"], "an unacked message does not expire");
    assert!(sim.ready("zd").is_empty());
    sim.check();
}

#[test]
fn vector_9_ttl_zero_expires_when_the_consumer_is_blocked_by_prefetch() {
    let (mut sim, ch) = setup();
    dead_letter_target(&mut sim, ch, "zdx", "zd");
    sim.declare(ch, queue("z").ttl(0).dlx("zdx"));
    let (_, consumer_ch) = sim.client();
    sim.ok(qos(consumer_ch, 1));
    sim.consume(consumer_ch, consumer("z").tag("c"));
    sim.publish(ch, msg("first").key("z"));

    sim.publish(ch, msg("second").key("z"));

    assert_eq!(sim.delivered_to("c"), ["first"]);
    assert_eq!(sim.ready("zd"), ["second"]);
    sim.check();
}

#[test]
fn per_message_expiration_zero_behaves_like_ttl_zero() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");

    sim.publish(ch, msg("m").key("q").expiration("0"));

    assert!(sim.ready("q").is_empty());
    assert_eq!(sim.dropped("q"), [DropReason::Expired]);
    sim.check();
}

#[test]
fn an_invalid_expiration_is_refused_with_406() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    for bad in ["-1", "soon", "1.5"] {
        let (_, ch) = sim.client();
        sim.channel_error(ch, 406, msg("m").key("q").expiration(bad).on(ch));
    }
    assert!(sim.ready("q").is_empty());
    sim.check();
}

#[test]
fn an_unacked_message_does_not_expire_and_a_requeue_past_its_expiry_dead_letters_it() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "dead");
    sim.declare(ch, queue("q").ttl(1000).dlx("").dlrk("dead"));
    let (_, consumer_ch) = sim.client();
    sim.consume(consumer_ch, consumer("q").tag("c"));
    sim.publish(ch, msg("m").key("q"));

    sim.advance_to(5000);
    assert_eq!(sim.unacked(consumer_ch), ["m"], "TTL counts time in the queue only");
    assert!(sim.ready("dead").is_empty());

    sim.nack_body(consumer_ch, "m", true);

    assert_eq!(sim.delivered_to("c"), ["m"], "an expired message is never delivered again");
    assert_eq!(sim.ready("dead"), ["m"]);
    assert_eq!(x_death(&sim.only_msg("dead"))[0].reason, "expired");
    sim.check();
}

#[test]
fn a_requeued_message_keeps_its_original_expiry() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("q").ttl(1000));
    sim.publish(ch, msg("m").key("q"));
    let (tag, _, _) = sim.get(ch, "q").expect("m");

    sim.advance_to(500);
    sim.ok(reject(ch, tag, true));
    assert_eq!(sim.ready("q"), ["m"]);

    sim.advance_to(999);
    assert_eq!(sim.ready("q"), ["m"]);
    sim.advance_to(1000);
    assert!(sim.ready("q").is_empty(), "expiry was fixed at enqueue (t=0), not at the requeue (t=500)");
    sim.check();
}

#[test]
fn an_expired_message_is_never_handed_out_by_basic_get() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("q").ttl(1000));
    sim.publish(ch, msg("m").key("q"));

    sim.advance_to(1000);

    assert_eq!(sim.get(ch, "q"), None);
    sim.check();
}

// ----- queue TTL (x-expires) -----

#[test]
fn x_expires_deletes_an_unused_queue_without_dead_lettering_its_messages() {
    let (mut sim, ch) = setup();
    dead_letter_target(&mut sim, ch, "dlx", "dl");
    sim.declare(ch, queue("q").arg("x-expires", 1000).dlx("dlx"));
    sim.publish(ch, msg("m").key("q"));

    sim.advance_to(999);
    assert!(sim.exists("q"));
    sim.advance_to(1000);

    assert!(!sim.exists("q"));
    assert!(sim.ready("dl").is_empty(), "messages of an expired queue are not dead-lettered");
    assert_eq!(sim.dropped("q"), [DropReason::QueueDeleted]);
    sim.check();
}

#[test]
fn x_expires_lease_is_renewed_by_basic_get_and_by_redeclare() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("by-get").arg("x-expires", 1000));
    sim.declare(ch, queue("by-declare").arg("x-expires", 1000));

    sim.advance_to(600);
    assert_eq!(sim.get(ch, "by-get"), None, "even a get-empty is a use");
    sim.declare(ch, queue("by-declare").arg("x-expires", 1000));

    sim.advance_to(1599);
    assert!(sim.exists("by-get") && sim.exists("by-declare"));
    sim.advance_to(1600);
    assert!(!sim.exists("by-get") && !sim.exists("by-declare"));
    sim.check();
}

#[test]
fn x_expires_does_not_run_while_a_consumer_is_attached() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("q").arg("x-expires", 1000));
    sim.advance_to(500);
    let tag = sim.consume(ch, consumer("q"));

    sim.advance_to(5000);
    assert!(sim.exists("q"));
    sim.ok(cancel(ch, &tag));
    sim.advance_to(5999);
    assert!(sim.exists("q"), "the lease restarts when the last consumer goes");
    sim.advance_to(6000);
    assert!(!sim.exists("q"));
    sim.check();
}

#[test]
fn x_expires_must_be_positive() {
    let (mut sim, ch) = setup();
    sim.channel_error(ch, 406, queue("q").arg("x-expires", 0).on(ch));
    assert!(!sim.exists("q"));
    sim.check();
}

// ----- length limits -----

/// Vector 13: drop-head dead-letters the oldest with reason maxlen.
#[test]
fn vector_13_drop_head_dead_letters_the_oldest_message() {
    let (mut sim, ch) = setup();
    dead_letter_target(&mut sim, ch, "dlx", "dl");
    sim.declare(ch, queue("q").max_length(2).dlx("dlx"));

    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("q"));
    }

    assert_eq!(sim.ready("q"), ["m2", "m3"]);
    assert_eq!(sim.ready("dl"), ["m1"]);
    assert_eq!(x_death(&sim.only_msg("dl"))[0].reason, "maxlen");
    sim.check();
}

#[test]
fn drop_head_without_a_dlx_drops_and_counts_only_ready_messages() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("q").max_length(2));
    let (_, consumer_ch) = sim.client();
    sim.ok(qos(consumer_ch, 2));
    sim.consume(consumer_ch, consumer("q"));
    for body in ["u1", "u2", "r1", "r2"] {
        sim.publish(ch, msg(body).key("q"));
    }
    assert_eq!(sim.unacked(consumer_ch), ["u1", "u2"]);
    assert_eq!(sim.ready("q"), ["r1", "r2"], "unacked messages do not count toward the limit");

    sim.publish(ch, msg("r3").key("q"));

    assert_eq!(sim.ready("q"), ["r2", "r3"]);
    assert_eq!(sim.dropped("q"), [DropReason::Maxlen]);
    sim.check();
}

#[test]
fn drop_head_first_offers_the_new_message_to_a_consumer() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("q").max_length(0));
    let (_, consumer_ch) = sim.client();
    sim.consume(consumer_ch, consumer("q").tag("c"));

    sim.publish(ch, msg("m").key("q"));

    assert_eq!(sim.delivered_to("c"), ["m"], "delivered straight away, never enqueued, so never dropped");
    assert!(sim.dropped("q").is_empty());
    sim.check();
}

#[test]
fn max_length_bytes_counts_body_bytes_and_the_first_limit_hit_applies() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("bytes").arg("x-max-length-bytes", 10));
    sim.declare(ch, queue("both").max_length(5).arg("x-max-length-bytes", 6));

    for body in ["aaaa", "bbbb", "cccc"] {
        sim.publish(ch, msg(body).key("bytes"));
    }
    for body in ["abc", "def", "ghi"] {
        sim.publish(ch, msg(body).key("both"));
    }

    assert_eq!(sim.ready("bytes"), ["bbbb", "cccc"], "12 bytes > 10: the head goes");
    assert_eq!(sim.ready("both"), ["def", "ghi"], "the byte limit is hit before the count limit");
    sim.check();
}

#[test]
fn reject_publish_refuses_the_new_message_and_keeps_the_old_ones() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("q").max_length(2).overflow("reject-publish"));

    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("q"));
    }

    assert_eq!(sim.ready("q"), ["m1", "m2"]);
    assert_eq!(sim.broker.ledger().publishes.refused, 1, "without confirms m3 is dropped silently");
    assert!(sim.is_open(ch));
    sim.check();
}

#[test]
fn reject_publish_checks_the_limit_before_offering_to_a_consumer_and_ignores_unacked() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("full").max_length(0).overflow("reject-publish"));
    sim.declare(ch, queue("q").max_length(1).overflow("reject-publish"));
    let (_, consumer_ch) = sim.client();
    sim.consume(consumer_ch, consumer("full").tag("c-full"));
    sim.ok(qos(consumer_ch, 1));
    sim.consume(consumer_ch, consumer("q").tag("c-q"));

    sim.publish(ch, msg("refused").key("full"));
    sim.publish(ch, msg("u1").key("q"));
    sim.publish(ch, msg("r1").key("q"));
    sim.publish(ch, msg("r2").key("q"));

    assert!(sim.delivered_to("c-full").is_empty(), "the limit check runs before any consumer is tried");
    assert_eq!(sim.delivered_to("c-q"), ["u1"]);
    assert_eq!(sim.ready("q"), ["r1"], "u1 is unacked and does not count; r2 overflows");
    assert_eq!(sim.broker.ledger().publishes.refused, 2);
    sim.check();
}

/// Vector 14 (second half, without confirms): reject-publish-dlx also dead-letters the refused one.
#[test]
fn reject_publish_dlx_dead_letters_the_refused_message_with_reason_maxlen() {
    let (mut sim, ch) = setup();
    dead_letter_target(&mut sim, ch, "dlx", "dlq");
    sim.declare(ch, queue("q").max_length(2).overflow("reject-publish-dlx").dlx("dlx"));

    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("q"));
    }

    assert_eq!(sim.ready("q"), ["m1", "m2"]);
    assert_eq!(sim.ready("dlq"), ["m3"]);
    assert_eq!(sim.dead_lettered("q"), [(DeathReason::Maxlen, "m3".to_string())]);
    sim.check();
}

// ----- priorities -----

#[test]
fn priority_queue_serves_the_highest_priority_first_and_clamps_to_the_maximum() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("pq").arg("x-max-priority", 5));

    sim.publish(ch, msg("none").key("pq"));
    sim.publish(ch, msg("p1").key("pq").priority(1));
    sim.publish(ch, msg("p5").key("pq").priority(5));
    sim.publish(ch, msg("p3").key("pq").priority(3));
    sim.publish(ch, msg("p9").key("pq").priority(9));
    sim.publish(ch, msg("p0").key("pq").priority(0));

    let mut got = Vec::new();
    while let Some((_, _, body)) = sim.get_auto(ch, "pq") {
        got.push(body);
    }
    assert_eq!(got, ["p5", "p9", "p3", "p1", "none", "p0"], "9 counts as 5 (FIFO after p5); no priority counts as 0");
    sim.check();
}

#[test]
fn drop_head_on_a_priority_queue_drops_the_highest_priority_head() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("pq").arg("x-max-priority", 5).max_length(2));

    sim.publish(ch, msg("high").key("pq").priority(5));
    sim.publish(ch, msg("low1").key("pq"));
    sim.publish(ch, msg("low2").key("pq"));

    assert_eq!(sim.ready("pq"), ["low1", "low2"], "the head is the next message out: the high-priority one");
    assert_eq!(sim.dropped("pq"), [DropReason::Maxlen]);
    sim.check();
}

#[test]
fn without_x_max_priority_message_priorities_are_ignored() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");

    sim.publish(ch, msg("low").key("q").priority(1));
    sim.publish(ch, msg("high").key("q").priority(9));

    assert_eq!(sim.ready("q"), ["low", "high"]);
    sim.check();
}

#[test]
fn x_max_priority_above_255_is_refused() {
    let (mut sim, ch) = setup();
    sim.channel_error(ch, 406, queue("pq").arg("x-max-priority", 256).on(ch));
    sim.check();
}

// ----- single active consumer -----

fn sac(sim: &mut Sim, ch: ChannelId) {
    sim.declare(ch, queue("sac").arg("x-single-active-consumer", true));
}

#[test]
fn single_active_consumer_delivers_only_to_the_first_consumer_even_when_it_is_blocked() {
    let (mut sim, ch) = setup();
    sac(&mut sim, ch);
    let (_, ch1) = sim.client();
    let (_, ch2) = sim.client();
    sim.ok(qos(ch1, 1));
    sim.consume(ch1, consumer("sac").tag("c1"));
    sim.consume(ch2, consumer("sac").tag("c2"));

    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("sac"));
    }

    assert_eq!(sim.delivered_to("c1"), ["m1"]);
    assert!(sim.delivered_to("c2").is_empty(), "the waiting consumer gets nothing");
    assert_eq!(sim.ready("sac"), ["m2", "m3"]);
    sim.ack_body(ch1, "m1");
    assert_eq!(sim.delivered_to("c1"), ["m1", "m2"]);
    sim.check();
}

#[test]
fn single_active_consumer_fails_over_on_cancel_and_on_channel_close() {
    let (mut sim, ch) = setup();
    sac(&mut sim, ch);
    let (_, ch1) = sim.client();
    let (_, ch2) = sim.client();
    let (_, ch3) = sim.client();
    sim.consume(ch1, consumer("sac").tag("c1"));
    sim.consume(ch2, consumer("sac").tag("c2"));
    sim.consume(ch3, consumer("sac").tag("c3"));
    sim.publish(ch, msg("m1").key("sac"));

    sim.ok(cancel(ch1, "c1"));
    sim.publish(ch, msg("m2").key("sac"));
    assert_eq!(sim.delivered_to("c2"), ["m2"], "the next registered consumer takes over");
    assert_eq!(sim.unacked(ch1), ["m1"], "a cancel keeps the old consumer's unacked message");

    sim.ok(close_channel(ch2));
    assert_eq!(sim.delivered_to("c3"), ["m2"], "on channel close c3 takes over and gets the requeued m2");
    sim.ok(close_channel(ch1));
    assert_eq!(sim.delivered_to("c3"), ["m2", "m1"]);
    assert!(sim.deliveries(ch3).iter().all(|g| g.redelivered));
    sim.check();
}

#[test]
fn single_active_consumer_failover_prefers_the_highest_priority_then_registration_order() {
    let (mut sim, ch) = setup();
    sac(&mut sim, ch);
    let (_, c) = sim.client();
    sim.consume(c, consumer("sac").tag("first"));
    sim.consume(c, consumer("sac").tag("low"));
    sim.consume(c, consumer("sac").tag("high-a").priority(5));
    sim.consume(c, consumer("sac").tag("high-b").priority(5));

    sim.publish(ch, msg("m1").key("sac"));
    assert_eq!(sim.delivered_to("first"), ["m1"], "the first registered is active, whatever the priorities");
    sim.ok(cancel(c, "first"));
    sim.publish(ch, msg("m2").key("sac"));

    assert_eq!(sim.delivered_to("high-a"), ["m2"]);
    assert!(sim.delivered_to("low").is_empty() && sim.delivered_to("high-b").is_empty());
    sim.check();
}

#[test]
fn an_exclusive_consumer_on_a_single_active_consumer_queue_is_403() {
    let (mut sim, ch) = setup();
    sac(&mut sim, ch);
    let (_, c) = sim.client();

    sim.channel_error(c, 403, consumer("sac").exclusive().on(c));

    assert!(sim.broker.queue_named("sac").unwrap().consumers.is_empty());
    sim.check();
}
