//! Dead lettering (docs/rabbitmq-rules.md, "Dead lettering"): reasons, routing with and without a
//! dead-letter routing key, the `x-death` record, cycle detection, a missing or non-matching DLX,
//! the DLX's own alternate exchange, and at-most-once delivery.
//!
//! `x-last-death-*` headers exist only from RabbitMQ 3.13 on; the core follows 3.10 here and does
//! not model them, so no test asserts them.

use crate::common::*;
use warren::core::{DeathReason, DropReason, Time};

fn death(queue: &str, reason: &'static str, count: u64, exchange: &str, keys: &[&str]) -> XDeath {
    XDeath {
        queue: queue.into(),
        reason,
        count,
        exchange: exchange.into(),
        routing_keys: keys.iter().map(|k| k.to_string()).collect(),
        original_expiration: None,
    }
}

// ----- reasons -----

#[test]
fn each_reason_is_recorded_rejected_expired_and_maxlen() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "dl");
    sim.declare(ch, queue("rejects").dlx("").dlrk("dl"));
    sim.declare(ch, queue("expires").ttl(100).dlx("").dlrk("dl"));
    sim.declare(ch, queue("drops").max_length(1).dlx("").dlrk("dl"));
    sim.declare(ch, queue("refuses").max_length(1).overflow("reject-publish-dlx").dlx("").dlrk("dl"));

    sim.publish(ch, msg("rejected-by-reject").key("rejects"));
    sim.publish(ch, msg("rejected-by-nack").key("rejects"));
    let (t1, _, _) = sim.get(ch, "rejects").unwrap();
    let (t2, _, _) = sim.get(ch, "rejects").unwrap();
    sim.ok(reject(ch, t1, false));
    sim.ok(nack(ch, t2, false, false));
    sim.publish(ch, msg("expired").key("expires"));
    sim.advance_to(100);
    sim.publish(ch, msg("dropped-head").key("drops"));
    sim.publish(ch, msg("kept").key("drops"));
    sim.publish(ch, msg("kept-too").key("refuses"));
    sim.publish(ch, msg("refused").key("refuses"));

    let reasons: Vec<(String, &str)> =
        sim.ready_msgs("dl").iter().map(|m| (m.body.to_string(), x_death(m)[0].reason)).collect();
    assert_eq!(
        reasons,
        [
            ("rejected-by-reject".into(), "rejected"),
            ("rejected-by-nack".into(), "rejected"),
            ("expired".into(), "expired"),
            ("dropped-head".into(), "maxlen"),
            ("refused".into(), "maxlen"),
        ]
    );
    sim.check();
}

#[test]
fn a_rejection_without_a_dlx_discards_the_message() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    sim.publish(ch, msg("m").key("q"));
    let (tag, _, _) = sim.get(ch, "q").unwrap();

    sim.ok(reject(ch, tag, false));

    assert!(sim.ready("q").is_empty());
    assert_eq!(sim.dropped("q"), [DropReason::Rejected]);
    sim.check();
}

/// Vector 7: queue TTL into a fanout DLX, and the full x-death record.
#[test]
fn vector_7_queue_ttl_dead_letters_with_the_full_x_death_record() {
    let (mut sim, ch) = setup();
    dead_letter_target(&mut sim, ch, "dlx", "q.dead");
    sim.declare(ch, queue("q").ttl(1000).dlx("dlx"));

    sim.publish(ch, msg("m").key("q"));
    sim.advance_to(999);
    assert_eq!(sim.ready("q"), ["m"]);
    assert!(sim.ready("q.dead").is_empty());
    sim.advance_to(1000);
    assert!(sim.ready("q").is_empty());

    let dead = sim.only_msg("q.dead");
    assert_eq!(x_death(&dead), [death("q", "expired", 1, "", &["q"])], "no original-expiration either");
    assert_eq!(dead.deaths()[0].time, Time::from_millis(1000));
    assert_eq!(first_death(&dead), Some(("q".into(), "expired", "".into())));

    let (_, consumer_ch) = sim.client();
    sim.consume(consumer_ch, consumer("q.dead"));
    let got = &sim.deliveries(consumer_ch)[0];
    assert_eq!((got.exchange(), got.routing_key()), ("dlx", "q"), "the DLX as exchange, the original key");
    sim.check();
}

// ----- routing of dead letters -----

/// Vector 10: a DLRK replaces the keys and strips CC; x-death keeps the original keys.
#[test]
fn vector_10_reject_with_a_dead_letter_routing_key() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("dlx", "direct"));
    sim.queue(ch, "qf");
    sim.queue(ch, "q-other");
    sim.bind(ch, "dlx", "qf", "failed");
    sim.bind(ch, "dlx", "q-other", "other");
    sim.declare(ch, queue("q").dlx("dlx").dlrk("failed"));
    sim.queue(ch, "other");

    sim.publish(ch, msg("m").key("q").cc(&["other"]));
    let (_, consumer_ch) = sim.client();
    sim.consume(consumer_ch, consumer("q"));
    sim.reject_body(consumer_ch, "m", false);

    let dead = sim.only_msg("qf");
    assert_eq!(&*dead.routing_key, "failed");
    assert!(!dead.headers().contains_key("CC"), "the CC header is removed with a DLRK");
    assert_eq!(x_death(&dead), [death("q", "rejected", 1, "", &["q", "other"])]);
    assert!(sim.ready("q-other").is_empty(), "with a DLRK the CC key is not used for routing");
    sim.check();
}

#[test]
fn without_a_dlrk_the_original_keys_including_cc_and_bcc_are_used() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("in", "fanout"));
    sim.exchange(ch, exchange("dlx", "direct"));
    for (q, key) in [("qk", "k"), ("qc", "c"), ("qb", "b")] {
        sim.queue(ch, q);
        sim.bind(ch, "dlx", q, key);
    }
    sim.declare(ch, queue("src").dlx("dlx"));
    sim.bind(ch, "in", "src", "");

    sim.publish(ch, msg("m").to("in").key("k").cc(&["c"]).bcc(&["b"]));
    let (tag, _, _) = sim.get(ch, "src").unwrap();
    sim.ok(reject(ch, tag, false));

    for q in ["qk", "qc", "qb"] {
        assert_eq!(sim.ready(q), ["m"], "{q}");
    }
    let dead = sim.only_msg("qc");
    assert_eq!((&*dead.exchange, &*dead.routing_key), ("dlx", "k"));
    assert_eq!(dead.headers().get("CC"), Some(&strs(&["c"])), "CC stays without a DLRK");
    assert!(!dead.headers().contains_key("BCC"));
    assert_eq!(x_death(&dead), [death("src", "rejected", 1, "in", &["k", "c"])], "x-death keys exclude BCC");
    sim.check();
}

#[test]
fn dead_lettering_removes_expiration_and_keeps_it_as_original_expiration() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "dl");
    sim.declare(ch, queue("src").dlx("").dlrk("dl"));

    sim.publish(ch, msg("m").key("src").expiration("1000"));
    sim.advance_to(1000);

    let dead = sim.only_msg("dl");
    assert_eq!(dead.expiration(), None);
    assert_eq!(x_death(&dead)[0].original_expiration.as_deref(), Some("1000"));
    sim.advance_to(1_000_000);
    assert_eq!(sim.ready("dl"), ["m"], "without its expiration it cannot expire again");
    sim.check();
}

#[test]
fn no_mandatory_return_applies_to_dead_letters() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("dlx", "direct"));
    sim.declare(ch, queue("q").dlx("dlx"));
    sim.publish(ch, msg("m").key("q").mandatory());
    let (tag, _, _) = sim.get(ch, "q").unwrap();

    sim.ok(reject(ch, tag, false));

    assert!(sim.returns(ch).is_empty());
    assert_eq!(sim.dropped("q"), [DropReason::DeadLetterUnroutable], "nothing matched in the DLX: dropped");
    sim.check();
}

// ----- the x-death record over several deaths -----

/// Vector 11: `work --rejected--> wait --expired--> work` loops forever and counts grow.
#[test]
fn vector_11_retry_loop_is_not_a_cycle_and_counts_grow() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("work").dlx("").dlrk("wait"));
    sim.declare(ch, queue("wait").ttl(5000).dlx("").dlrk("work"));
    let (_, consumer_ch) = sim.client();
    sim.consume(consumer_ch, consumer("work").tag("c"));

    sim.publish(ch, msg("m").key("work"));
    for round in 1..=5u64 {
        sim.reject_body(consumer_ch, "m", false);
        assert_eq!(sim.ready("wait"), ["m"], "round {round}");
        let waiting = sim.only_msg("wait");
        let order: Vec<(&str, u64)> = waiting.deaths().iter().map(|d| (&*d.queue, d.count)).collect();
        if round == 1 {
            assert_eq!(order, [("work", 1)]);
        } else {
            assert_eq!(order, [("work", round), ("wait", round - 1)], "a repeated pair moves to the front");
        }
        sim.advance_to(round * 5000);
        assert_eq!(sim.delivered_to("c").len() as u64, round + 1, "returned to work after round {round}");
    }

    let deliveries = sim.deliveries(consumer_ch);
    let second_return = &deliveries[2].msg;
    assert_eq!(
        x_death(second_return),
        [death("wait", "expired", 2, "", &["wait"]), death("work", "rejected", 2, "", &["work"])],
        "the wait entry is first: its death was the most recent"
    );
    let last = &deliveries[5].msg;
    assert_eq!(x_death(last).iter().map(|d| (d.queue.as_str(), d.count)).collect::<Vec<_>>(), [("wait", 5), ("work", 5)]);
    assert_eq!(last.deaths()[0].time, Time::from_millis(5000), "time stays at the pair's first death");
    assert_eq!(last.deaths()[1].time, Time::ZERO);
    assert_eq!(first_death(last), Some(("work".into(), "rejected", "".into())), "first-death never changes");
    assert!(sim.dropped("work").is_empty() && sim.dropped("wait").is_empty(), "never dropped");
    sim.check();
}

#[test]
fn a_repeated_death_keeps_the_first_exchange_and_routing_keys() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("in", "direct"));
    sim.declare(ch, queue("q").dlx("").dlrk("q"));
    sim.bind(ch, "in", "q", "first-key");

    sim.publish(ch, msg("m").to("in").key("first-key"));
    for _ in 0..3 {
        let (tag, _, _) = sim.get(ch, "q").unwrap();
        sim.ok(reject(ch, tag, false));
    }

    let dead = sim.only_msg("q");
    assert_eq!(x_death(&dead), [death("q", "rejected", 3, "in", &["first-key"])]);
    assert_eq!(first_death(&dead), Some(("q".into(), "rejected", "in".into())));
    sim.check();
}

// ----- cycles -----

/// Vector 12: an expired message routed straight back to its queue is dropped.
#[test]
fn vector_12_an_automatic_cycle_is_dropped() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("c").ttl(100).dlx(""));

    sim.publish(ch, msg("m").key("c"));
    sim.advance_to(99);
    assert_eq!(sim.ready("c"), ["m"]);
    sim.advance_to(100);

    assert!(sim.ready("c").is_empty());
    assert!(sim.broker.queues().all(|q| q.ready.is_empty()), "no queue holds it");
    assert_eq!(sim.dropped("c"), [DropReason::DeadLetterCycle]);
    sim.check();
}

#[test]
fn a_cycle_drops_the_message_only_for_the_cyclic_target() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("fx", "fanout"));
    sim.declare(ch, queue("c").ttl(100).dlx("fx"));
    sim.queue(ch, "other");
    sim.bind(ch, "fx", "c", "");
    sim.bind(ch, "fx", "other", "");

    sim.publish(ch, msg("m").key("c"));
    sim.advance_to(100);

    assert!(sim.ready("c").is_empty());
    assert_eq!(sim.ready("other"), ["m"]);
    sim.advance_to(10_000);
    assert_eq!(sim.ready("other"), ["m"]);
    sim.check();
}

#[test]
fn an_automatic_cycle_through_two_queues_is_detected() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("a").ttl(100).dlx("").dlrk("b"));
    sim.declare(ch, queue("b").ttl(100).dlx("").dlrk("a"));

    sim.publish(ch, msg("m").key("a"));
    sim.advance_to(100);
    assert_eq!(sim.ready("b"), ["m"], "a -> b is not yet a cycle");
    sim.advance_to(200);

    assert!(sim.ready("a").is_empty() && sim.ready("b").is_empty());
    assert_eq!(sim.dropped("b"), [DropReason::DeadLetterCycle]);
    sim.check();
}

#[test]
fn a_rejection_is_never_a_cycle() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("r").dlx(""));
    sim.publish(ch, msg("m").key("r"));

    for expected in 1..=2u64 {
        let (tag, _, _) = sim.get(ch, "r").unwrap();
        sim.ok(reject(ch, tag, false));
        let back = sim.only_msg("r");
        assert_eq!(x_death(&back), [death("r", "rejected", expected, "", &["r"])]);
    }
    sim.check();
}

// ----- the dead-letter exchange -----

#[test]
fn a_missing_dlx_drops_the_message_and_a_dlx_declared_later_is_used() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("q").dlx("later"));
    sim.publish(ch, msg("m1").key("q"));
    let (tag, _, _) = sim.get(ch, "q").unwrap();

    sim.ok(reject(ch, tag, false));
    assert_eq!(sim.dropped("q"), [DropReason::DeadLetterExchangeMissing]);

    dead_letter_target(&mut sim, ch, "later", "dl");
    sim.publish(ch, msg("m2").key("q"));
    let (tag, _, _) = sim.get(ch, "q").unwrap();
    sim.ok(reject(ch, tag, false));
    assert_eq!(sim.ready("dl"), ["m2"]);
    sim.check();
}

#[test]
fn the_dlx_own_alternate_exchange_applies() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("dlae", "fanout"));
    sim.exchange(ch, exchange("dlx", "direct").alternate("dlae"));
    sim.queue(ch, "caught");
    sim.bind(ch, "dlae", "caught", "");
    sim.declare(ch, queue("q").dlx("dlx").dlrk("no-binding"));
    sim.publish(ch, msg("m").key("q"));
    let (tag, _, _) = sim.get(ch, "q").unwrap();

    sim.ok(reject(ch, tag, false));

    let dead = sim.only_msg("caught");
    assert_eq!(x_death(&dead)[0].queue, "q");
    assert_eq!((&*dead.exchange, &*dead.routing_key), ("dlx", "no-binding"));
    sim.check();
}

#[test]
fn dead_lettering_is_at_most_once_a_refusing_target_loses_the_message() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("full").max_length(1).overflow("reject-publish"));
    sim.publish(ch, msg("occupant").key("full"));
    sim.declare(ch, queue("q").dlx("").dlrk("full"));
    sim.publish(ch, msg("m").key("q"));
    let (tag, _, _) = sim.get(ch, "q").unwrap();

    sim.ok(reject(ch, tag, false));

    assert_eq!(sim.ready("full"), ["occupant"]);
    assert!(sim.ready("q").is_empty(), "not kept in the source queue either");
    assert_eq!(sim.dead_lettered("q"), [(DeathReason::Rejected, "m".to_string())]);
    sim.check();
}

#[test]
fn nack_multiple_without_requeue_dead_letters_each_in_order() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "dl");
    sim.declare(ch, queue("q").dlx("").dlrk("dl"));
    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("q"));
    }
    let (_, consumer_ch) = sim.client();
    sim.consume(consumer_ch, consumer("q"));
    let last = sim.tag_of(consumer_ch, "m3");

    sim.ok(nack(consumer_ch, last, true, false));

    assert_eq!(sim.ready("dl"), ["m1", "m2", "m3"]);
    sim.check();
}

#[test]
fn deleting_or_purging_a_queue_never_dead_letters() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "dl");
    sim.declare(ch, queue("purged").dlx("").dlrk("dl"));
    sim.declare(ch, queue("deleted").dlx("").dlrk("dl"));
    sim.publish(ch, msg("p").key("purged"));
    sim.publish(ch, msg("d").key("deleted"));

    assert_eq!(sim.ok(purge(ch, "purged")), warren::core::Reply::MessageCount(1));
    assert_eq!(sim.ok(delete_queue(ch, "deleted")), warren::core::Reply::MessageCount(1));

    assert!(sim.ready("dl").is_empty());
    assert_eq!(sim.dropped("purged"), [DropReason::QueuePurged]);
    assert_eq!(sim.dropped("deleted"), [DropReason::QueueDeleted]);
    sim.check();
}

// ----- remembered routes -----

/// Dead-lettering routes through the routes the publish path remembers: a dead-lettered copy
/// and a client publish with the same exchange and key go to the same queues, and after the
/// DLX's bindings change both follow the new bindings, never a route remembered before.
#[test]
fn a_dead_lettered_copy_follows_the_bindings_of_the_moment_as_a_publish_does() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("dlx", "direct"));
    sim.queue(ch, "a");
    sim.queue(ch, "b");
    sim.declare(ch, queue("src").dlx("dlx"));
    sim.bind(ch, "dlx", "a", "src");
    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("src"));
    }
    let (t1, _, _) = sim.get(ch, "src").unwrap();
    sim.ok(reject(ch, t1, false));
    sim.publish(ch, msg("direct-1").to("dlx").key("src"));
    let (t2, _, _) = sim.get(ch, "src").unwrap();
    sim.ok(reject(ch, t2, false));
    assert_eq!(sim.ready("a"), ["m1", "direct-1", "m2"]);

    sim.ok(unbind(ch, "dlx", "a", "src"));
    sim.bind(ch, "dlx", "b", "src");
    let (t3, _, _) = sim.get(ch, "src").unwrap();
    sim.ok(reject(ch, t3, false));
    sim.publish(ch, msg("direct-2").to("dlx").key("src"));

    assert_eq!(sim.ready("a"), ["m1", "direct-1", "m2"]);
    assert_eq!(sim.ready("b"), ["m3", "direct-2"]);
    sim.check();
}

#[test]
fn dead_letters_sharing_one_key_string_follow_topology_changes() {
    // Messages published with one shared routing-key string: the dead-letter path remembers
    // their route under that string and the DLX setting, and must forget it when bindings or
    // the exchange change, exactly as for names looked up afresh.
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("dlx", "direct"));
    sim.queue(ch, "a");
    sim.queue(ch, "b");
    sim.declare(ch, queue("src").dlx("dlx"));
    sim.bind(ch, "dlx", "a", "src");
    let key: std::rc::Rc<str> = "src".into();
    for body in ["m1", "m2", "m3", "m4", "m5"] {
        let mut publish = msg(body).key("src").on(ch);
        if let warren::core::Command::Publish { routing_key, .. } = &mut publish {
            *routing_key = key.clone();
        }
        sim.ok(publish);
    }
    let reject_next = |sim: &mut Sim| {
        let (tag, _, _) = sim.get(ch, "src").unwrap();
        sim.ok(reject(ch, tag, false));
    };
    reject_next(&mut sim);
    reject_next(&mut sim);
    assert_eq!(sim.ready("a"), ["m1", "m2"]);

    sim.ok(unbind(ch, "dlx", "a", "src"));
    sim.bind(ch, "dlx", "b", "src");
    reject_next(&mut sim);
    reject_next(&mut sim);
    assert_eq!(sim.ready("a"), ["m1", "m2"]);
    assert_eq!(sim.ready("b"), ["m3", "m4"]);

    sim.ok(warren::core::Command::DeleteExchange { channel: ch, name: "dlx".into(), if_unused: false });
    reject_next(&mut sim);
    assert_eq!(sim.dropped("src"), [DropReason::DeadLetterExchangeMissing]);
    assert_eq!(sim.ready("b"), ["m3", "m4"]);
    sim.check();
}
