//! Consuming (docs/rabbitmq-rules.md, "Consuming"): delivery tags, acknowledgements (ack, nack,
//! reject, multiple, tag 0), where requeued messages go, the redelivered flag, prefetch and
//! dispatch (round-robin, consumer priorities), basic.get, channel closure, cancel, recover,
//! exclusive consumers and automatic acknowledgement.

use crate::common::*;
use warren::core::{Command, DropReason};

/// A queue `name` holding `bodies`, published on `ch`.
// ----- delivery tags -----

#[test]
fn delivery_tags_count_from_1_per_channel_across_consumers_and_basic_get() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q1", &["a1", "a2"]);
    filled(&mut sim, ch, "q2", &["b1"]);
    filled(&mut sim, ch, "q3", &["c1"]);
    filled(&mut sim, ch, "q4", &["d1"]);
    let (_, c1) = sim.client();
    let (_, c2) = sim.client();

    sim.consume(c1, consumer("q1"));
    sim.consume(c1, consumer("q2"));
    let (get_tag, _, _) = sim.get(c1, "q3").unwrap();
    sim.publish(ch, msg("a3").key("q1"));
    let (other_tag, _, _) = sim.get(c2, "q4").unwrap();

    let tags: Vec<(String, u64)> = sim.deliveries(c1).into_iter().map(|g| (g.body, g.tag)).collect();
    assert_eq!(tags, [("a1".into(), 1), ("a2".into(), 2), ("b1".into(), 3), ("c1".into(), 4), ("a3".into(), 5)]);
    assert_eq!(get_tag, 4);
    assert_eq!(other_tag, 1, "another channel starts at 1");
    sim.check();
}

/// A single ack settles its own tag and no other, whether it is the newest, the oldest or one
/// between (the unacked list takes an end without a search), and the tag is then unknown.
#[test]
fn a_single_ack_settles_exactly_its_tag_at_either_end_or_between() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m1", "m2", "m3", "m4", "m5"]);
    let (_, c) = sim.client();
    let tags: Vec<u64> = (0..5).map(|_| sim.get(c, "q").unwrap().0).collect();
    assert_eq!(tags, [1, 2, 3, 4, 5]);

    sim.ok(ack(c, 5));
    sim.ok(ack(c, 1));
    sim.ok(ack(c, 3));

    assert_eq!(sim.unacked(c), ["m2", "m4"]);
    sim.ok(ack(c, 4));
    assert_eq!(sim.unacked(c), ["m2"]);
    let error = sim.channel_error(c, 406, ack(c, 3));
    assert!(error.text.contains("unknown delivery tag 3"), "{error}");
    sim.check();
}

#[test]
fn an_unknown_tag_a_double_ack_or_an_ack_on_another_channel_is_406() {
    let mut sim = Sim::new();
    let (connection, ch) = sim.client();
    filled(&mut sim, ch, "q", &["m1", "m2"]);
    let (t1, _, _) = sim.get(ch, "q").unwrap();
    sim.get(ch, "q").unwrap();

    let other = sim.channel(connection);
    let error = sim.channel_error(other, 406, ack(other, t1));
    assert_eq!(error.text, format!("PRECONDITION_FAILED - unknown delivery tag {t1}"));
    assert_eq!(sim.unacked(ch), ["m1", "m2"], "the failed ack on another channel changed nothing");

    sim.ok(ack(ch, t1));
    sim.channel_error(ch, 406, ack(ch, t1));
    assert_eq!(sim.ready("q"), ["m2"], "the channel error requeued m2");

    let (_, fresh) = sim.client();
    sim.channel_error(fresh, 406, ack(fresh, 99));
    sim.check();
}

#[test]
fn ack_multiple_settles_every_outstanding_tag_up_to_the_given_one() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m1", "m2", "m3", "m4"]);
    let (_, c) = sim.client();
    sim.consume(c, consumer("q"));

    sim.ok(ack_multiple(c, 3));

    assert_eq!(sim.unacked(c), ["m4"]);
    sim.ok(close_channel(c));
    assert_eq!(sim.ready("q"), ["m4"], "acked messages are gone for good");
    sim.check();
}

#[test]
fn ack_with_tag_0_and_multiple_settles_everything_outstanding() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m1", "m2", "m3"]);
    let (_, c) = sim.client();
    sim.consume(c, consumer("q"));

    sim.ok(ack_multiple(c, 0));

    assert!(sim.unacked(c).is_empty());
    let (_, c2) = sim.client();
    sim.channel_error(c2, 406, ack(c2, 0));
    sim.check();
}

/// Vector 18: nack(8, multiple, requeue) requeues tags 5-8; a later ack(8) is 406.
#[test]
fn vector_18_nack_multiple_requeues_all_and_the_tag_is_then_unknown() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"]);
    let (_, c) = sim.client();
    for _ in 0..4 {
        let (tag, _, _) = sim.get(c, "q").unwrap();
        sim.ok(ack(c, tag));
    }
    let tags: Vec<u64> = (0..4).map(|_| sim.get(c, "q").unwrap().0).collect();
    assert_eq!(tags, [5, 6, 7, 8]);

    sim.ok(nack(c, 8, true, true));

    assert!(sim.unacked(c).is_empty());
    assert_eq!(sim.ready("q"), ["m5", "m6", "m7", "m8"]);
    let error = sim.channel_error(c, 406, ack(c, 8));
    assert!(error.text.contains("unknown delivery tag 8"), "{error}");
    sim.check();
}

#[test]
fn reject_requeues_or_discards_a_single_delivery() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["keep", "drop"]);
    let (keep, _, _) = sim.get(ch, "q").unwrap();
    let (drop, _, _) = sim.get(ch, "q").unwrap();

    sim.ok(reject(ch, drop, false));
    sim.ok(reject(ch, keep, true));

    assert_eq!(sim.ready("q"), ["keep"]);
    assert_eq!(sim.dropped("q"), [DropReason::Rejected]);
    sim.check();
}

// ----- requeue position and the redelivered flag -----

#[test]
fn requeued_messages_return_to_their_original_position() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m1", "m2", "m3", "m4", "m5"]);
    let t1 = sim.get(ch, "q").unwrap().0;
    let t2 = sim.get(ch, "q").unwrap().0;
    let t3 = sim.get(ch, "q").unwrap().0;

    sim.ok(reject(ch, t2, true));
    assert_eq!(sim.ready("q"), ["m2", "m4", "m5"]);
    sim.ok(nack(ch, t1, false, true));
    assert_eq!(sim.ready("q"), ["m1", "m2", "m4", "m5"]);
    sim.ok(reject(ch, t3, true));
    assert_eq!(sim.ready("q"), ["m1", "m2", "m3", "m4", "m5"]);
    sim.check();
}

#[test]
fn the_redelivered_flag_is_false_first_and_true_after_a_requeue() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m"]);
    let (_, c) = sim.client();
    sim.consume(c, consumer("q"));

    sim.nack_body(c, "m", true);
    sim.ack_body(c, "m");

    let flags: Vec<bool> = sim.deliveries(c).iter().map(|g| g.redelivered).collect();
    assert_eq!(flags, [false, true]);
    sim.check();
}

// ----- prefetch and dispatch -----

/// Vector 16: round-robin with prefetch 1, then consumer priorities.
#[test]
fn vector_16_round_robin_with_prefetch_blocking() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    let (_, c1) = sim.client();
    let (_, c2) = sim.client();
    sim.ok(qos(c1, 1));
    sim.consume(c1, consumer("q").tag("C1"));
    sim.ok(qos(c2, 1));
    sim.consume(c2, consumer("q").tag("C2"));

    for body in ["m1", "m2", "m3", "m4"] {
        sim.publish(ch, msg(body).key("q"));
    }
    assert_eq!(sim.delivered_to("C1"), ["m1"]);
    assert_eq!(sim.delivered_to("C2"), ["m2"]);
    assert_eq!(sim.ready("q"), ["m3", "m4"]);

    sim.ack_body(c1, "m1");
    assert_eq!(sim.delivered_to("C1"), ["m1", "m3"]);
    assert_eq!(sim.ready("q"), ["m4"]);
    sim.check();
}

/// Round-robin turns within a priority band, whatever its size: three consumers take turns, and
/// two in a band above a lower one take turns while the lower one gets nothing.
#[test]
fn round_robin_turns_within_a_band_of_two_or_three() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "three");
    sim.queue(ch, "two");
    let (_, c) = sim.client();
    for tag in ["A", "B", "C"] {
        sim.consume(c, consumer("three").tag(tag));
    }
    sim.consume(c, consumer("two").tag("high1").priority(5));
    sim.consume(c, consumer("two").tag("high2").priority(5));
    sim.consume(c, consumer("two").tag("low").priority(0));

    for body in ["m1", "m2", "m3", "m4", "m5", "m6", "m7"] {
        sim.publish(ch, msg(body).key("three"));
    }
    for body in ["n1", "n2", "n3", "n4", "n5"] {
        sim.publish(ch, msg(body).key("two"));
    }
    assert_eq!(sim.delivered_to("A"), ["m1", "m4", "m7"]);
    assert_eq!(sim.delivered_to("B"), ["m2", "m5"]);
    assert_eq!(sim.delivered_to("C"), ["m3", "m6"]);
    assert_eq!(sim.delivered_to("high1"), ["n1", "n3", "n5"]);
    assert_eq!(sim.delivered_to("high2"), ["n2", "n4"]);
    assert!(sim.delivered_to("low").is_empty());
    sim.check();
}

#[test]
fn vector_16_the_highest_priority_consumer_gets_everything_it_can_take() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    let (_, c) = sim.client();
    sim.consume(c, consumer("q").tag("C4").priority(0));
    sim.consume(c, consumer("q").tag("C3").priority(10));

    for body in ["m1", "m2", "m3", "m4"] {
        sim.publish(ch, msg(body).key("q"));
    }

    assert_eq!(sim.delivered_to("C3"), ["m1", "m2", "m3", "m4"]);
    assert!(sim.delivered_to("C4").is_empty());
    sim.check();
}

#[test]
fn a_lower_priority_consumer_gets_messages_only_while_higher_ones_are_blocked() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    let (_, high) = sim.client();
    let (_, low) = sim.client();
    sim.ok(qos(high, 1));
    sim.consume(high, consumer("q").tag("high").priority(10));
    sim.consume(low, consumer("q").tag("low").priority(-5));

    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("q"));
    }
    assert_eq!(sim.delivered_to("high"), ["m1"]);
    assert_eq!(sim.delivered_to("low"), ["m2", "m3"], "the broker does not wait for a blocked consumer");

    sim.ack_body(high, "m1");
    sim.publish(ch, msg("m4").key("q"));
    assert_eq!(sim.delivered_to("high"), ["m1", "m4"]);
    sim.check();
}

#[test]
fn basic_qos_applies_to_consumers_created_after_it() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    let (_, c) = sim.client();
    sim.consume(c, consumer("q").tag("before"));
    sim.ok(qos(c, 1));
    sim.consume(c, consumer("q").tag("after"));

    for body in ["m1", "m2", "m3", "m4"] {
        sim.publish(ch, msg(body).key("q"));
    }

    assert_eq!(sim.delivered_to("before"), ["m1", "m3", "m4"], "unlimited: created before basic.qos");
    assert_eq!(sim.delivered_to("after"), ["m2"]);
    sim.check();
}

/// `global=true`: one limit shared by all consumers on the channel (P3 and P4).
#[test]
fn global_qos_is_one_limit_shared_by_the_channels_consumers() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "qa");
    sim.queue(ch, "qb");
    let (_, c) = sim.client();
    sim.ok(qos_global(c, 2));
    sim.consume(c, consumer("qa").tag("a"));
    sim.consume(c, consumer("qb").tag("b"));

    for body in ["a1", "a2", "a3"] {
        sim.publish(ch, msg(body).key("qa"));
    }
    for body in ["b1", "b2"] {
        sim.publish(ch, msg(body).key("qb"));
    }

    assert_eq!(sim.unacked(c), ["a1", "a2"], "the channel-wide limit of 2 is used up by consumer a");
    assert_eq!(sim.ready("qb"), ["b1", "b2"]);

    // Each ack frees one slot of the shared limit, for whichever queue: all five get through,
    // never more than two at a time.
    while let Some(body) = sim.unacked(c).first().cloned() {
        sim.ack_body(c, &body);
        assert!(sim.unacked(c).len() <= 2, "{:?}", sim.unacked(c));
    }
    let mut delivered = sim.delivered(c);
    delivered.sort();
    assert_eq!(delivered, ["a1", "a2", "a3", "b1", "b2"]);
    sim.check();
}

#[test]
fn a_prefetch_size_is_not_implemented_and_closes_the_connection() {
    let mut sim = Sim::new();
    let (connection, ch) = sim.client();

    let error = sim.fails(Command::Qos { channel: ch, prefetch_count: 0, prefetch_size: 1024, global: false });

    assert_eq!(error.code, 540);
    assert!(sim.broker.connection(connection).is_none());
    sim.check();
}

// ----- basic.get -----

#[test]
fn basic_get_takes_the_head_reports_the_ready_count_and_ignores_prefetch() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m1", "m2", "m3"]);
    let (_, c) = sim.client();
    sim.ok(qos(c, 1));

    let first = sim.get(c, "q").unwrap();
    let second = sim.get(c, "q").unwrap();
    let third = sim.get_auto(c, "q").unwrap();

    assert_eq!((first.1, first.2.as_str()), (2, "m1"));
    assert_eq!((second.1, second.2.as_str()), (1, "m2"), "prefetch 1 does not limit basic.get");
    assert_eq!((third.1, third.2.as_str()), (0, "m3"));
    assert_eq!(sim.get(c, "q"), None, "get-empty");
    assert_eq!(sim.unacked(c), ["m1", "m2"], "the auto-ack get is settled at once");
    sim.channel_error(c, 406, ack(c, third.0));
    sim.check();
}

// ----- channel and connection closure -----

/// Vector 17: closing a channel requeues its unacked messages in their original order.
#[test]
fn vector_17_channel_close_requeues_in_original_order() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m1", "m2", "m3"]);
    let (_, c1) = sim.client();
    sim.consume(c1, consumer("q").tag("C1"));
    assert_eq!(sim.deliveries(c1).iter().map(|g| (g.body.as_str(), g.tag)).collect::<Vec<_>>(), [("m1", 1), ("m2", 2), ("m3", 3)]);
    sim.ok(ack(c1, 2));

    sim.ok(close_channel(c1));
    let (_, c2) = sim.client();
    sim.consume(c2, consumer("q").tag("C2"));

    let got: Vec<(String, bool)> = sim.deliveries(c2).into_iter().map(|g| (g.body, g.redelivered)).collect();
    assert_eq!(got, [("m1".into(), true), ("m3".into(), true)]);
    assert!(sim.all_deliveries().iter().filter(|g| g.body == "m2").count() == 1, "m2 is never seen again");
    sim.check();
}

#[test]
fn closing_a_connection_requeues_consumer_and_get_deliveries() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m1", "m2", "m3", "m4"]);
    let (connection, c) = sim.client();
    let got_ch = sim.channel(connection);
    sim.get(got_ch, "q").unwrap();
    sim.ok(qos(c, 2));
    sim.consume(c, consumer("q"));
    assert_eq!(sim.unacked(c), ["m2", "m3"]);
    assert_eq!(sim.unacked(got_ch), ["m1"]);

    sim.ok(close_connection(connection));

    assert_eq!(sim.ready("q"), ["m1", "m2", "m3", "m4"]);
    assert!(sim.broker.queue_named("q").unwrap().ready.iter().take(3).all(|m| m.redelivered));
    sim.check();
}

#[test]
fn a_channel_error_requeues_the_channels_unacked_messages() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m1"]);
    let (_, c) = sim.client();
    sim.get(c, "q").unwrap();

    sim.channel_error(c, 404, msg("x").to("missing").on(c));

    assert_eq!(sim.ready("q"), ["m1"]);
    sim.check();
}

#[test]
fn auto_ack_deliveries_are_not_limited_by_prefetch_and_are_lost_on_close() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m1", "m2", "m3"]);
    let (_, c) = sim.client();
    sim.ok(qos(c, 1));

    sim.consume(c, consumer("q").tag("auto").auto_ack());
    sim.ok(close_channel(c));

    assert_eq!(sim.delivered_to("auto"), ["m1", "m2", "m3"]);
    assert!(sim.ready("q").is_empty(), "settled as sent: nothing to requeue");
    assert_eq!(sim.broker.ledger().summary().get("auto_acked"), Some(&3));
    sim.check();
}

// ----- cancel, recover, exclusive consumers -----

#[test]
fn cancel_stops_deliveries_but_keeps_unacked_messages() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m1", "m2"]);
    let (_, c) = sim.client();
    let tag = sim.consume(c, consumer("q"));

    sim.ok(cancel(c, &tag));
    sim.publish(ch, msg("m3").key("q"));

    assert_eq!(sim.delivered(c), ["m1", "m2"]);
    assert_eq!(sim.unacked(c), ["m1", "m2"], "a cancel neither requeues nor discards");
    assert_eq!(sim.ready("q"), ["m3"]);
    sim.ack_body(c, "m1");
    sim.ok(close_channel(c));
    assert_eq!(sim.ready("q"), ["m2", "m3"]);
    sim.check();
}

#[test]
fn cancelling_an_unknown_consumer_tag_is_fine() {
    let (mut sim, ch) = setup();
    sim.ok(cancel(ch, "never-existed"));
    assert!(sim.is_open(ch));
    sim.check();
}

#[test]
fn deleting_a_queue_cancels_its_consumers_with_a_notification() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    let (_, c) = sim.client();
    let tag = sim.consume(c, consumer("q"));

    sim.ok(delete_queue(ch, "q"));

    assert_eq!(sim.broker_cancels(c), [tag]);
    assert!(sim.broker.channel(c).unwrap().consumers.is_empty());
    sim.check();
}

#[test]
fn recover_requeues_every_unacked_message_flagged_redelivered() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m1", "m2", "m3"]);
    let (_, c) = sim.client();
    sim.get(c, "q").unwrap();
    sim.get(c, "q").unwrap();

    sim.ok(recover(c));

    assert!(sim.unacked(c).is_empty());
    assert_eq!(sim.ready("q"), ["m1", "m2", "m3"]);
    let flags: Vec<bool> = sim.broker.queue_named("q").unwrap().ready.iter().map(|m| m.redelivered).collect();
    assert_eq!(flags, [true, true, false]);
    sim.check();
}

#[test]
fn recover_redelivers_to_the_channels_consumer_under_new_tags() {
    let (mut sim, ch) = setup();
    filled(&mut sim, ch, "q", &["m1", "m2"]);
    let (_, c) = sim.client();
    sim.consume(c, consumer("q"));

    sim.ok(recover(c));

    let got: Vec<(String, u64, bool)> = sim.deliveries(c).into_iter().map(|g| (g.body, g.tag, g.redelivered)).collect();
    assert_eq!(
        got,
        [("m1".into(), 1, false), ("m2".into(), 2, false), ("m1".into(), 3, true), ("m2".into(), 4, true)]
    );
    sim.channel_error(c, 406, ack(c, 1));
    sim.check();
}

#[test]
fn recover_without_requeue_is_not_implemented() {
    let mut sim = Sim::new();
    let (connection, ch) = sim.client();
    let error = sim.fails(Command::Recover { channel: ch, requeue: false });
    assert_eq!(error.code, 540);
    assert!(sim.broker.connection(connection).is_none());
    sim.check();
}

#[test]
fn an_exclusive_consumer_needs_an_unused_queue_and_keeps_others_out() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "busy");
    sim.queue(ch, "mine");
    let (_, c1) = sim.client();
    sim.consume(c1, consumer("busy"));
    sim.consume(c1, consumer("mine").tag("owner").exclusive());

    let (_, c2) = sim.client();
    let error = sim.channel_error(c2, 403, consumer("busy").exclusive().on(c2));
    assert!(error.text.contains("in exclusive use"), "{error}");
    let (_, c3) = sim.client();
    sim.channel_error(c3, 403, consumer("mine").on(c3));

    sim.publish(ch, msg("m").key("mine"));
    assert_eq!(sim.delivered_to("owner"), ["m"]);
    sim.check();
}
