//! Publishing reliability (docs/rabbitmq-rules.md, "Publishing"): publisher confirms (sequence
//! numbers, ack and nack, unroutable and refused messages), transactions (commit, rollback,
//! conflicts with confirm mode), and what survives a broker restart.

use crate::common::*;
use warren::core::channel::ChannelMode;
use warren::core::{Command, DeathReason, DropReason};

// ----- publisher confirms -----

#[test]
fn confirm_sequence_numbers_start_at_1_with_the_first_publish_after_confirm_select() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    sim.publish(ch, msg("before-1").key("q"));
    sim.publish(ch, msg("before-2").key("q"));
    assert!(sim.confirms(ch).is_empty(), "no confirms outside confirm mode");

    sim.ok(confirm_select(ch));
    sim.publish(ch, msg("a").key("q"));
    sim.publish(ch, msg("unroutable").key("nowhere"));
    sim.publish(ch, msg("b").key("q"));

    assert_eq!(sim.confirms(ch), [(1, true), (2, true), (3, true)], "an unroutable message is acked too");
    assert_eq!(sim.mode(ch), ChannelMode::Confirm);
    sim.check();
}

#[test]
fn confirm_sequence_numbers_are_separate_from_delivery_tags() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    sim.ok(confirm_select(ch));
    sim.consume(ch, consumer("q"));

    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("q"));
    }
    let tag = sim.tag_of(ch, "m3");
    sim.ok(ack_multiple(ch, tag));
    sim.publish(ch, msg("m4").key("q"));

    assert_eq!(sim.confirms(ch), [(1, true), (2, true), (3, true), (4, true)]);
    assert_eq!(sim.deliveries(ch).iter().map(|g| g.tag).collect::<Vec<_>>(), [1, 2, 3, 4]);
    sim.check();
}

#[test]
fn confirm_select_twice_is_allowed_and_does_not_restart_the_sequence() {
    let (mut sim, ch) = setup();
    sim.ok(confirm_select(ch));
    sim.publish(ch, msg("m1").key("nowhere"));
    sim.ok(confirm_select(ch));
    sim.publish(ch, msg("m2").key("nowhere"));

    assert_eq!(sim.confirms(ch), [(1, true), (2, true)]);
    sim.check();
}

/// Vector 14: reject-publish nacks the overflowing publish, with and without dead-lettering.
#[test]
fn vector_14_reject_publish_nacks_the_refused_message() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("q").max_length(2).overflow("reject-publish"));
    sim.ok(confirm_select(ch));

    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("q"));
    }

    assert_eq!(sim.confirms(ch), [(1, true), (2, true), (3, false)]);
    assert_eq!(sim.ready("q"), ["m1", "m2"]);
    sim.check();
}

#[test]
fn vector_14_reject_publish_dlx_nacks_and_dead_letters_the_refused_message() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "dlq");
    sim.declare(ch, queue("q").max_length(2).overflow("reject-publish-dlx").dlx("").dlrk("dlq"));
    sim.ok(confirm_select(ch));

    for body in ["m1", "m2", "m3"] {
        sim.publish(ch, msg(body).key("q"));
    }

    assert_eq!(sim.confirms(ch), [(1, true), (2, true), (3, false)]);
    assert_eq!(sim.ready("q"), ["m1", "m2"]);
    assert_eq!(sim.ready("dlq"), ["m3"]);
    assert_eq!(sim.dead_lettered("q"), [(DeathReason::Maxlen, "m3".to_string())]);
    sim.check();
}

#[test]
fn a_refusal_by_one_of_several_queues_nacks_once_and_the_others_keep_the_message() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("f", "fanout"));
    sim.declare(ch, queue("full").max_length(0).overflow("reject-publish"));
    sim.queue(ch, "open");
    sim.bind(ch, "f", "full", "");
    sim.bind(ch, "f", "open", "");
    sim.ok(confirm_select(ch));

    sim.publish(ch, msg("m").to("f"));

    assert_eq!(sim.confirms(ch), [(1, false)], "exactly one answer, a nack");
    assert_eq!(sim.ready("open"), ["m"]);
    assert!(sim.ready("full").is_empty());
    sim.check();
}

#[test]
fn a_mandatory_message_refused_by_its_queue_is_nacked_not_returned() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("full").max_length(0).overflow("reject-publish"));
    sim.ok(confirm_select(ch));

    let from = sim.mark();
    sim.publish(ch, msg("m").key("full").mandatory());

    assert_eq!(sim.publisher_view(ch, from), ["nack 1"], "it was routed to a queue, so it is not returned");
    sim.check();
}

#[test]
fn a_message_discarded_by_ttl_zero_without_a_dlx_is_still_acked() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("z").ttl(0));
    sim.ok(confirm_select(ch));

    sim.publish(ch, msg("m").key("z"));

    assert_eq!(sim.confirms(ch), [(1, true)]);
    assert_eq!(sim.dropped("z"), [DropReason::Expired]);
    sim.check();
}

#[test]
fn every_confirm_mode_publish_is_answered_exactly_once() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("f", "fanout"));
    sim.declare(ch, queue("limited").max_length(1).overflow("reject-publish"));
    sim.queue(ch, "all");
    sim.bind(ch, "f", "limited", "");
    sim.bind(ch, "f", "all", "");
    sim.ok(confirm_select(ch));

    for i in 0..6 {
        let publish = if i % 3 == 2 { msg(&format!("m{i}")).key("nowhere").mandatory() } else { msg(&format!("m{i}")).to("f") };
        sim.publish(ch, publish);
    }

    // m0 fills `limited`; m1, m3 and m4 overflow it; m2 and m5 are unroutable (returned, acked).
    assert_eq!(sim.confirms(ch), [(1, true), (2, false), (3, true), (4, false), (5, false), (6, true)]);
    let counts = &sim.broker.ledger().publishes;
    assert_eq!((counts.confirmed, counts.nacked, counts.returned), (3, 3, 2));
    assert_eq!(sim.ready("all"), ["m0", "m1", "m3", "m4"], "the other queue keeps the nacked messages");
    sim.check();
}

// ----- transactions -----

/// Vector 15: tx and confirm modes exclude each other; rollback discards, commit publishes.
#[test]
fn vector_15_tx_then_confirm_select_is_406() {
    let (mut sim, ch) = setup();
    sim.ok(tx_select(ch));
    let error = sim.channel_error(ch, 406, confirm_select(ch));
    assert!(error.text.contains("cannot switch from tx to confirm mode"), "{error}");
    sim.check();
}

#[test]
fn vector_15_confirm_then_tx_select_is_406() {
    let (mut sim, ch) = setup();
    sim.ok(confirm_select(ch));
    let error = sim.channel_error(ch, 406, tx_select(ch));
    assert!(error.text.contains("cannot switch from confirm to tx mode"), "{error}");
    sim.check();
}

#[test]
fn vector_15_rollback_discards_publishes_and_commit_delivers_them() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    sim.ok(tx_select(ch));

    sim.publish(ch, msg("rolled-back").key("q"));
    assert!(sim.ready("q").is_empty(), "buffered until commit");
    sim.ok(tx_rollback(ch));
    assert!(sim.ready("q").is_empty());

    let from = sim.mark();
    sim.publish(ch, msg("m").key("q"));
    sim.publish(ch, msg("m2").key("q"));
    assert!(sim.ready("q").is_empty());
    sim.ok(tx_commit(ch));
    assert_eq!(sim.publisher_view(ch, from), ["commit-ok"]);
    assert_eq!(sim.ready("q"), ["m", "m2"]);

    sim.publish(ch, msg("m3").key("q"));
    sim.ok(tx_commit(ch));
    assert_eq!(sim.ready("q"), ["m", "m2", "m3"], "the channel stays transactional after a commit");
    sim.check();
}

#[test]
fn commit_or_rollback_on_a_non_transactional_channel_is_406() {
    let (mut sim, ch) = setup();
    let error = sim.channel_error(ch, 406, tx_commit(ch));
    assert!(error.text.contains("not transactional"), "{error}");

    let (_, ch) = sim.client();
    sim.channel_error(ch, 406, tx_rollback(ch));

    let (_, ch) = sim.client();
    sim.ok(confirm_select(ch));
    sim.channel_error(ch, 406, tx_commit(ch));
    sim.check();
}

#[test]
fn acks_in_a_transaction_wait_for_the_commit() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    for body in ["m1", "m2"] {
        sim.publish(ch, msg(body).key("q"));
    }
    let (_, tx_ch) = sim.client();
    sim.ok(tx_select(tx_ch));
    sim.ok(qos(tx_ch, 1));
    sim.consume(tx_ch, consumer("q").tag("c"));
    assert_eq!(sim.delivered_to("c"), ["m1"]);

    sim.ack_body(tx_ch, "m1");
    assert_eq!(sim.delivered_to("c"), ["m1"], "the ack is not applied yet: the prefetch slot stays taken");
    sim.ok(tx_commit(tx_ch));

    assert_eq!(sim.delivered_to("c"), ["m1", "m2"]);
    sim.check();
}

#[test]
fn rollback_returns_buffered_acks_to_unacked_without_requeueing() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    for body in ["m1", "m2"] {
        sim.publish(ch, msg(body).key("q"));
    }
    let (_, tx_ch) = sim.client();
    sim.ok(tx_select(tx_ch));
    sim.consume(tx_ch, consumer("q"));
    let tag1 = sim.tag_of(tx_ch, "m1");

    sim.ok(ack(tx_ch, tag1));
    sim.ok(tx_rollback(tx_ch));

    assert_eq!(sim.unacked(tx_ch), ["m1", "m2"], "the rolled-back ack is undone");
    assert_eq!(sim.tag_of(tx_ch, "m1"), tag1, "under the same tag");
    assert!(sim.ready("q").is_empty(), "a rollback does not requeue consumed messages");

    sim.ok(ack(tx_ch, tag1));
    sim.ok(tx_commit(tx_ch));
    assert_eq!(sim.unacked(tx_ch), ["m2"]);
    sim.check();
}

#[test]
fn closing_a_transactional_channel_forgets_its_uncommitted_acks_and_requeues() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    sim.publish(ch, msg("m").key("q"));
    let (_, tx_ch) = sim.client();
    sim.ok(tx_select(tx_ch));
    sim.consume(tx_ch, consumer("q"));
    sim.ack_body(tx_ch, "m");

    sim.ok(close_channel(tx_ch));

    assert_eq!(sim.ready("q"), ["m"], "the ack was never committed");
    sim.check();
}

#[test]
fn a_rejection_in_a_transaction_dead_letters_only_at_commit() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "dl");
    sim.declare(ch, queue("q").dlx("").dlrk("dl"));
    sim.publish(ch, msg("m").key("q"));
    let (_, tx_ch) = sim.client();
    sim.ok(tx_select(tx_ch));
    sim.consume(tx_ch, consumer("q"));

    sim.reject_body(tx_ch, "m", false);
    assert!(sim.ready("dl").is_empty());
    sim.ok(tx_commit(tx_ch));

    assert_eq!(sim.ready("dl"), ["m"]);
    sim.check();
}

#[test]
fn errors_inside_a_transaction_are_raised_at_once() {
    let (mut sim, ch) = setup();
    sim.ok(tx_select(ch));
    let error = sim.channel_error(ch, 406, ack(ch, 42));
    assert!(error.text.contains("unknown delivery tag 42"), "{error}");

    let (_, ch) = sim.client();
    sim.ok(tx_select(ch));
    sim.channel_error(ch, 404, msg("m").to("missing").on(ch));
    sim.check();
}

#[test]
fn closing_a_transactional_channel_discards_its_uncommitted_publishes() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    let (_, tx_ch) = sim.client();
    sim.ok(tx_select(tx_ch));
    sim.publish(tx_ch, msg("m").key("q"));

    sim.ok(close_channel(tx_ch));

    assert!(sim.ready("q").is_empty());
    sim.check();
}

// ----- publish errors -----

#[test]
fn immediate_is_not_implemented_and_closes_the_connection() {
    let mut sim = Sim::new();
    let (connection, ch) = sim.client();
    sim.queue(ch, "q");

    let error = sim.fails(msg("m").key("q").immediate().on(ch));

    assert_eq!(error.code, 540);
    assert!(sim.broker.connection(connection).is_none(), "540 is a hard error");
    assert!(sim.ready("q").is_empty());
    sim.check();
}

// ----- broker restart -----

#[test]
fn restart_keeps_durable_queues_with_persistent_messages_only() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("dq").durable());
    sim.queue(ch, "tq");
    sim.publish(ch, msg("persistent").key("dq").persistent());
    sim.publish(ch, msg("transient").key("dq"));
    sim.publish(ch, msg("persistent-in-transient-queue").key("tq").persistent());

    sim.ok(Command::RestartBroker);

    assert_eq!(sim.ready("dq"), ["persistent"]);
    assert_eq!(sim.dropped("dq"), [DropReason::TransientOnRestart]);
    assert!(!sim.exists("tq"), "transient queues are gone");
    assert!(!sim.is_open(ch), "every connection dropped");
    sim.check();
}

#[test]
fn restart_keeps_durable_exchanges_and_their_bindings_between_durable_ends() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("dx", "direct").durable());
    sim.exchange(ch, exchange("tx", "direct"));
    sim.declare(ch, queue("dq").durable());
    sim.queue(ch, "tq");
    sim.bind(ch, "dx", "dq", "k");
    sim.bind(ch, "dx", "tq", "k");
    sim.bind(ch, "tx", "dq", "k");

    sim.ok(Command::RestartBroker);
    let (_, ch) = sim.client();

    assert!(sim.exchange_exists("dx"));
    assert!(!sim.exchange_exists("tx"));
    sim.publish(ch, msg("after").to("dx").key("k").mandatory());
    assert_eq!(sim.ready("dq"), ["after"], "the durable binding survived");
    assert!(sim.returns(ch).is_empty());
    sim.check();
}

#[test]
fn restart_requeues_unacked_persistent_messages_flagged_redelivered() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("dq").durable());
    for body in ["held", "waiting"] {
        sim.publish(ch, msg(body).key("dq").persistent());
    }
    let (_, consumer_ch) = sim.client();
    sim.ok(qos(consumer_ch, 1));
    sim.consume(consumer_ch, consumer("dq"));
    assert_eq!(sim.unacked(consumer_ch), ["held"]);

    sim.ok(Command::RestartBroker);
    let (_, ch) = sim.client();
    sim.consume(ch, consumer("dq").tag("after-restart"));

    let got = sim.deliveries(ch);
    assert_eq!(got.iter().map(|g| (g.body.as_str(), g.redelivered)).collect::<Vec<_>>(), [("held", true), ("waiting", false)]);
    sim.check();
}
