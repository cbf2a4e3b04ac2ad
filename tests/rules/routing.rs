//! Exchanges and routing (docs/rabbitmq-rules.md, "Routing"): direct, fanout, topic, headers, the
//! default exchange, exchange-to-exchange bindings, alternate exchanges, internal exchanges, one
//! copy per queue, and mandatory publishes with `basic.return`.

use crate::common::*;
use warren::core::{ChannelId, Value};

/// Declares each queue and binds it to `exchange` with its key.
fn bound(sim: &mut Sim, ch: ChannelId, exchange: &str, bindings: &[(&str, &str)]) {
    for (queue, key) in bindings {
        if !sim.exists(queue) {
            sim.queue(ch, queue);
        }
        sim.bind(ch, exchange, queue, key);
    }
}

/// Which of `queues` hold `body` (each queue's ready messages).
fn holders(sim: &Sim, queues: &[&str], body: &str) -> Vec<String> {
    queues.iter().filter(|q| sim.ready(q).iter().any(|b| b == body)).map(|q| q.to_string()).collect()
}

// ----- direct -----

#[test]
fn direct_routes_on_exact_case_sensitive_key_to_every_queue_bound_with_it() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("d", "direct"));
    bound(&mut sim, ch, "d", &[("qa", "k"), ("qb", "k"), ("qc", "K"), ("qd", "k.x")]);
    let all = ["qa", "qb", "qc", "qd"];

    sim.publish(ch, msg("lower").to("d").key("k"));
    sim.publish(ch, msg("upper").to("d").key("K"));
    sim.publish(ch, msg("prefix").to("d").key("k.x.y"));

    assert_eq!(holders(&sim, &all, "lower"), ["qa", "qb"]);
    assert_eq!(holders(&sim, &all, "upper"), ["qc"]);
    assert!(holders(&sim, &all, "prefix").is_empty(), "direct keys are not patterns");
    assert_eq!(sim.broker.ledger().publishes.unroutable, 1);
    sim.check();
}

// ----- fanout -----

#[test]
fn fanout_ignores_the_routing_key() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("f", "fanout"));
    bound(&mut sim, ch, "f", &[("q1", "only-this"), ("q2", "")]);

    sim.publish(ch, msg("m").to("f").key("something-else"));

    assert_eq!(holders(&sim, &["q1", "q2"], "m"), ["q1", "q2"]);
    sim.check();
}

// ----- topic -----

/// Vector 1: topic words and `#` matching zero words.
///
/// The vector as written says `a` reaches "q2 and q3 only", but q4 is bound with `*`, which
/// matches exactly one word, and `a` is one word (the same vector has `x` reach q4). This test
/// follows the rule, as RabbitMQ's trie match does: `a` reaches q2, q3 and q4.
#[test]
fn vector_1_topic_words_and_hash_matching_zero_words() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("T", "topic"));
    bound(&mut sim, ch, "T", &[("q1", "a.*.c"), ("q2", "a.#"), ("q3", "#"), ("q4", "*")]);
    let all = ["q1", "q2", "q3", "q4"];

    for key in ["a.b.c", "a", "", ".", "x"] {
        sim.publish(ch, msg(&format!("key={key}")).to("T").key(key));
    }

    assert_eq!(holders(&sim, &all, "key=a.b.c"), ["q1", "q2", "q3"]);
    assert_eq!(holders(&sim, &all, "key=a"), ["q2", "q3", "q4"], "a.# matches zero words after a; * matches one word");
    assert_eq!(holders(&sim, &all, "key="), ["q3"], "the empty key has zero words: only # matches it");
    assert_eq!(holders(&sim, &all, "key=."), ["q3"], "'.' is two empty words: * needs exactly one");
    assert_eq!(holders(&sim, &all, "key=x"), ["q3", "q4"]);
    sim.check();
}

#[test]
fn topic_keeps_empty_words_and_star_matches_an_empty_word() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("T", "topic"));
    bound(
        &mut sim,
        ch,
        "T",
        &[("star", "a.*.c"), ("tail", "#.a"), ("cities", "regions.na.cities.*"), ("empty", ""), ("trailing", "a.*")],
    );
    let all = ["star", "tail", "cities", "empty", "trailing"];

    for key in ["a..c", "a.c", "a", "regions.na.cities", "regions.na.cities.x", "", "a."] {
        sim.publish(ch, msg(&format!("key={key}")).to("T").key(key));
    }

    assert_eq!(holders(&sim, &all, "key=a..c"), ["star"], "a..c is [a, '', c]; * matches the empty word");
    assert_eq!(holders(&sim, &all, "key=a.c"), ["trailing"], "a.c has two words: a.* matches, a.*.c does not");
    assert_eq!(holders(&sim, &all, "key=a"), ["tail"], "#.a matches a");
    assert!(holders(&sim, &all, "key=regions.na.cities").is_empty());
    assert_eq!(holders(&sim, &all, "key=regions.na.cities.x"), ["cities"]);
    assert_eq!(holders(&sim, &all, "key="), ["empty"], "a binding key '' matches only the routing key ''");
    assert_eq!(holders(&sim, &all, "key=a."), ["trailing"], "a. is [a, ''], matched by a.*");
    sim.check();
}

#[test]
fn topic_hash_matches_zero_one_or_many_words() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("T", "topic"));
    bound(&mut sim, ch, "T", &[("q", "a.#")]);

    for key in ["a", "a.b", "a.b.c", "b.a"] {
        sim.publish(ch, msg(key).to("T").key(key));
    }

    assert_eq!(sim.ready("q"), ["a", "a.b", "a.b.c"]);
    sim.check();
}

// ----- one copy per queue -----

/// Vector 2: two matching bindings and a CC key still give one copy.
#[test]
fn vector_2_one_copy_per_queue_however_many_bindings_and_keys_match() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("T", "topic"));
    bound(&mut sim, ch, "T", &[("q", "a.*"), ("q", "#")]);

    sim.publish(ch, msg("m").to("T").key("a.b").cc(&["a.c"]));

    assert_eq!(sim.ready("q"), ["m"]);
    sim.check();
}

#[test]
fn one_copy_per_queue_across_exchange_to_exchange_paths() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("x", "fanout"));
    sim.exchange(ch, exchange("x2", "fanout"));
    sim.exchange(ch, exchange("x3", "fanout"));
    sim.queue(ch, "q");
    sim.bind(ch, "x", "q", "");
    sim.bind_exchange(ch, "x", "x2", "");
    sim.bind_exchange(ch, "x", "x3", "");
    sim.bind(ch, "x2", "q", "");
    sim.bind(ch, "x3", "q", "");

    sim.publish(ch, msg("m").to("x"));

    assert_eq!(sim.ready("q"), ["m"], "three paths lead to q, but a queue gets one copy");
    sim.check();
}

// ----- headers -----

/// Vector 3: any, absent x-match (all), and all with nothing to compare.
#[test]
fn vector_3_headers_any_all_and_empty_all() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("H", "headers"));
    for q in ["qAny", "qAll", "qEmpty"] {
        sim.queue(ch, q);
    }
    sim.bind_args(ch, "H", "qAny", table! {"x-match" => "any", "color" => "red", "size" => 10});
    sim.bind_args(ch, "H", "qAll", table! {"color" => "red", "size" => 10});
    sim.bind_args(ch, "H", "qEmpty", table! {"x-match" => "all"});
    let all = ["qAny", "qAll", "qEmpty"];

    sim.publish(ch, msg("red").to("H").headers(table! {"color" => "red"}));
    sim.publish(ch, msg("red10").to("H").headers(table! {"color" => "red", "size" => 10}));
    sim.publish(ch, msg("none").to("H"));

    assert_eq!(holders(&sim, &all, "red"), ["qAny", "qEmpty"]);
    assert_eq!(holders(&sim, &all, "red10"), ["qAny", "qAll", "qEmpty"]);
    assert_eq!(holders(&sim, &all, "none"), ["qEmpty"]);
    sim.check();
}

#[test]
fn headers_ignore_the_routing_key() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("H", "headers"));
    sim.queue(ch, "q");
    sim.ok(bind_args(ch, "H", "q", "some-key", table! {"color" => "red"}));

    sim.publish(ch, msg("other-key").to("H").key("unrelated").header("color", "red"));
    sim.publish(ch, msg("same-key-wrong-header").to("H").key("some-key").header("color", "blue"));

    assert_eq!(sim.ready("q"), ["other-key"]);
    sim.check();
}

#[test]
fn headers_x_arguments_count_only_in_the_with_x_modes() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("H", "headers"));
    for q in ["all", "allx", "any", "anyx"] {
        sim.queue(ch, q);
    }
    sim.bind_args(ch, "H", "all", table! {"x-match" => "all", "x-tenant" => "a", "kind" => "k"});
    sim.bind_args(ch, "H", "allx", table! {"x-match" => "all-with-x", "x-tenant" => "a", "kind" => "k"});
    sim.bind_args(ch, "H", "any", table! {"x-match" => "any", "x-tenant" => "a"});
    sim.bind_args(ch, "H", "anyx", table! {"x-match" => "any-with-x", "x-tenant" => "a"});
    let all = ["all", "allx", "any", "anyx"];

    sim.publish(ch, msg("kind-only").to("H").header("kind", "k"));
    sim.publish(ch, msg("kind-and-tenant").to("H").headers(table! {"kind" => "k", "x-tenant" => "a"}));

    // `all` ignores x-tenant; `any` with only an x- argument has nothing to compare and never matches.
    assert_eq!(holders(&sim, &all, "kind-only"), ["all"]);
    assert_eq!(holders(&sim, &all, "kind-and-tenant"), ["all", "allx", "anyx"]);
    sim.check();
}

#[test]
fn headers_void_matches_presence_and_values_compare_without_type_tags() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("H", "headers"));
    sim.queue(ch, "present");
    sim.queue(ch, "number");
    sim.bind_args(ch, "H", "present", table! {"flag" => Value::Void});
    sim.bind_args(ch, "H", "number", table! {"n" => 1});

    sim.publish(ch, msg("flag-any-value").to("H").header("flag", "whatever"));
    sim.publish(ch, msg("no-flag").to("H").header("other", 1));
    sim.publish(ch, msg("int-1").to("H").header("n", 1));
    sim.publish(ch, msg("string-1").to("H").header("n", "1"));

    assert_eq!(sim.ready("present"), ["flag-any-value"]);
    assert_eq!(sim.ready("number"), ["int-1"], "an integer 1 matches, the string \"1\" does not");
    sim.check();
}

#[test]
fn headers_unknown_x_match_is_refused_at_bind_time_with_406() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("H", "headers"));
    sim.queue(ch, "q");

    sim.channel_error(ch, 406, bind_args(ch, "H", "q", "", table! {"x-match" => "most"}));

    assert!(sim.broker.exchanges().find(|x| &*x.name == "H").unwrap().bindings.is_empty());
    sim.check();
}

// ----- the default exchange -----

#[test]
fn default_exchange_routes_by_queue_name_including_cc_and_bcc_keys() {
    let (mut sim, ch) = setup();
    for q in ["main", "copy", "blind"] {
        sim.queue(ch, q);
    }

    sim.publish(ch, msg("m").key("main").cc(&["copy", "nobody"]).bcc(&["blind"]));
    sim.publish(ch, msg("lost").key("nobody"));

    for q in ["main", "copy", "blind"] {
        assert_eq!(sim.ready(q), ["m"], "queue {q}");
    }
    let delivered = sim.only_msg("blind");
    assert!(!delivered.headers().contains_key("BCC"), "BCC is stripped before delivery");
    assert_eq!(delivered.headers().get("CC"), Some(&strs(&["copy", "nobody"])), "CC stays");
    assert_eq!(&*delivered.routing_key, "main");
    assert_eq!(sim.broker.ledger().publishes.unroutable, 1, "a key naming no queue is unroutable");
    sim.check();
}

#[test]
fn cc_and_bcc_keys_route_through_named_exchanges_too() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("d", "direct"));
    bound(&mut sim, ch, "d", &[("qa", "a"), ("qb", "b"), ("qc", "c")]);

    sim.publish(ch, msg("m").to("d").key("a").cc(&["b"]).bcc(&["c"]));

    assert_eq!(holders(&sim, &["qa", "qb", "qc"], "m"), ["qa", "qb", "qc"]);
    sim.check();
}

/// Vector 6 (part): binding to the default exchange is refused.
#[test]
fn vector_6_binding_to_or_unbinding_from_the_default_exchange_is_403() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");
    sim.channel_error(ch, 403, bind(ch, "", "q", "q"));

    let (_, ch) = sim.client();
    sim.channel_error(ch, 403, unbind(ch, "", "q", "q"));
    sim.check();
}

#[test]
fn amq_prefixed_exchanges_cannot_be_declared_or_deleted() {
    let (mut sim, ch) = setup();
    sim.channel_error(ch, 403, exchange("amq.mine", "direct").on(ch));
    assert!(!sim.exchange_exists("amq.mine"));

    let (_, ch) = sim.client();
    sim.channel_error(ch, 403, warren::core::Command::DeleteExchange { channel: ch, name: "amq.direct".into(), if_unused: false });
    assert!(sim.exchange_exists("amq.direct"));
    sim.check();
}

// ----- publish errors -----

/// Vector 6 (part): a missing exchange and an internal exchange.
#[test]
fn vector_6_publish_to_missing_exchange_is_404_and_to_internal_exchange_is_403() {
    let (mut sim, ch) = setup();
    sim.channel_error(ch, 404, msg("m").to("missing").on(ch));

    let (_, ch) = sim.client();
    sim.exchange(ch, exchange("inside", "fanout").internal());
    sim.queue(ch, "q");
    sim.bind(ch, "inside", "q", "");
    sim.channel_error(ch, 403, msg("m").to("inside").on(ch));
    assert!(sim.ready("q").is_empty());
    assert_eq!(sim.broker.ledger().publishes.published, 0, "a refused publish is never accepted");
    sim.check();
}

/// The broker remembers routes (and the exchange they start from) between publishes; that memory
/// never answers for an exchange that is gone. Publish to `x` (remembered), delete it, commit a
/// transaction holding a publish to it (routed nowhere), then publish again: 404, as before.
#[test]
fn a_deleted_exchange_is_404_even_after_publishes_to_it_were_remembered() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("x", "fanout"));
    sim.queue(ch, "q");
    sim.bind(ch, "x", "q", "");
    sim.publish(ch, msg("m1").to("x"));
    let (_, tx) = sim.client();
    sim.ok(tx_select(tx));
    sim.publish(tx, msg("m2").to("x"));
    sim.ok(warren::core::Command::DeleteExchange { channel: ch, name: "x".into(), if_unused: false });
    sim.ok(tx_commit(tx));
    sim.channel_error(ch, 404, msg("m3").to("x").on(ch));
    assert_eq!(sim.ready("q"), ["m1"]);
    sim.check();
}

// ----- exchange-to-exchange bindings -----

#[test]
fn e2e_applies_the_destination_exchange_type_to_the_same_message() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("front", "direct"));
    sim.exchange(ch, exchange("events", "topic"));
    sim.bind_exchange(ch, "front", "events", "orders.created");
    bound(&mut sim, ch, "events", &[("all-orders", "orders.#"), ("created", "*.created"), ("payments", "payments.#")]);
    let all = ["all-orders", "created", "payments"];

    sim.publish(ch, msg("m").to("front").key("orders.created"));
    sim.publish(ch, msg("not-bound-on-front").to("front").key("orders.updated"));

    assert_eq!(holders(&sim, &all, "m"), ["all-orders", "created"]);
    assert!(holders(&sim, &all, "not-bound-on-front").is_empty());
    let m = sim.only_msg("created");
    assert_eq!((&*m.exchange, &*m.routing_key), ("front", "orders.created"), "the message is unchanged");
    sim.check();
}

#[test]
fn e2e_cycles_are_cut_by_visiting_each_exchange_once() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("a", "fanout"));
    sim.exchange(ch, exchange("b", "fanout"));
    sim.bind_exchange(ch, "a", "b", "");
    sim.bind_exchange(ch, "b", "a", "");
    sim.queue(ch, "q");
    sim.bind(ch, "b", "q", "");

    sim.publish(ch, msg("m").to("a"));

    assert_eq!(sim.ready("q"), ["m"]);
    sim.check();
}

// ----- alternate exchanges -----

/// Vector 5: an unroutable mandatory message goes to the AE, unchanged, with no return.
#[test]
fn vector_5_alternate_exchange_takes_unroutable_messages_and_counts_as_routed() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("AE", "fanout"));
    sim.exchange(ch, exchange("X", "direct").alternate("AE"));
    bound(&mut sim, ch, "AE", &[("qAE", "")]);
    bound(&mut sim, ch, "X", &[("qR", "k1")]);

    sim.publish(ch, msg("k2-msg").to("X").key("k2").mandatory());
    sim.publish(ch, msg("k1-msg").to("X").key("k1").mandatory());

    assert_eq!(sim.ready("qAE"), ["k2-msg"]);
    assert_eq!(sim.ready("qR"), ["k1-msg"]);
    let via_ae = sim.only_msg("qAE");
    assert_eq!((&*via_ae.exchange, &*via_ae.routing_key), ("X", "k2"), "the message is otherwise unchanged");
    assert!(sim.returns(ch).is_empty(), "delivered via an AE counts as routed: no basic.return");
    assert_eq!(sim.broker.ledger().publishes.unroutable, 0);
    sim.check();
}

#[test]
fn alternate_exchange_is_skipped_when_an_e2e_destination_matched() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("AE", "fanout"));
    sim.exchange(ch, exchange("X", "direct").alternate("AE"));
    sim.exchange(ch, exchange("X2", "direct"));
    bound(&mut sim, ch, "AE", &[("qAE", "")]);
    sim.bind_exchange(ch, "X", "X2", "k");
    bound(&mut sim, ch, "X2", &[("q2", "other")]);

    sim.publish(ch, msg("m").to("X").key("k").mandatory());

    assert!(sim.ready("qAE").is_empty(), "X had a destination (X2), so X's AE is not used");
    assert!(sim.ready("q2").is_empty());
    assert_eq!(
        sim.returns(ch),
        [Returned { code: 312, exchange: "X".into(), routing_key: "k".into(), body: "m".into() }],
        "nothing took it, so mandatory returns it"
    );
    sim.check();
}

#[test]
fn the_e2e_destinations_own_alternate_exchange_is_used() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("AE", "fanout"));
    sim.exchange(ch, exchange("AE2", "fanout"));
    sim.exchange(ch, exchange("X", "direct").alternate("AE"));
    sim.exchange(ch, exchange("X2", "direct").alternate("AE2"));
    bound(&mut sim, ch, "AE", &[("qAE", "")]);
    bound(&mut sim, ch, "AE2", &[("qAE2", "")]);
    sim.bind_exchange(ch, "X", "X2", "k");

    sim.publish(ch, msg("m").to("X").key("k").mandatory());

    assert_eq!(holders(&sim, &["qAE", "qAE2"], "m"), ["qAE2"]);
    assert!(sim.returns(ch).is_empty());
    sim.check();
}

#[test]
fn alternate_exchanges_chain_and_stop_at_one_already_visited() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("X", "direct").alternate("A1"));
    sim.exchange(ch, exchange("A1", "direct").alternate("A2"));
    sim.exchange(ch, exchange("A2", "fanout"));
    bound(&mut sim, ch, "A2", &[("q", "")]);
    // A loop of alternates with no bindings at all.
    sim.exchange(ch, exchange("L1", "direct").alternate("L2"));
    sim.exchange(ch, exchange("L2", "direct").alternate("L1"));

    sim.publish(ch, msg("chained").to("X").key("k"));
    sim.publish(ch, msg("looped").to("L1").key("k").mandatory());

    assert_eq!(sim.ready("q"), ["chained"]);
    assert_eq!(sim.returns(ch).len(), 1, "the AE loop terminates and the message is unroutable");
    assert_eq!(sim.returns(ch)[0].body, "looped");
    sim.check();
}

#[test]
fn a_missing_alternate_exchange_is_skipped() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("X", "direct").alternate("never-declared"));

    sim.publish(ch, msg("m").to("X").key("k").mandatory());

    assert_eq!(sim.returns(ch).len(), 1, "with the AE missing the message is unroutable and returned");
    assert_eq!(sim.broker.ledger().publishes.unroutable, 1);

    // Declared later, it is used from then on.
    sim.exchange(ch, exchange("never-declared", "fanout"));
    bound(&mut sim, ch, "never-declared", &[("late", "")]);
    sim.publish(ch, msg("m2").to("X").key("k").mandatory());
    assert_eq!(sim.ready("late"), ["m2"]);
    assert_eq!(sim.returns(ch).len(), 1);
    sim.check();
}

// ----- internal exchanges -----

#[test]
fn internal_exchanges_are_reachable_through_e2e_bindings_and_as_alternates() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("inner", "fanout").internal());
    sim.exchange(ch, exchange("hidden-ae", "fanout").internal());
    sim.exchange(ch, exchange("front", "direct").alternate("hidden-ae"));
    sim.bind_exchange(ch, "front", "inner", "via-e2e");
    bound(&mut sim, ch, "inner", &[("q-inner", "")]);
    bound(&mut sim, ch, "hidden-ae", &[("q-ae", "")]);

    sim.publish(ch, msg("e2e").to("front").key("via-e2e"));
    sim.publish(ch, msg("ae").to("front").key("unbound"));

    assert_eq!(sim.ready("q-inner"), ["e2e"]);
    assert_eq!(sim.ready("q-ae"), ["ae"]);
    sim.check();
}

// ----- mandatory and basic.return -----

#[test]
fn mandatory_unroutable_is_returned_with_312_and_the_first_routing_key_otherwise_dropped() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("d", "direct"));

    sim.publish(ch, msg("returned").to("d").key("first").cc(&["second"]).mandatory());
    sim.publish(ch, msg("dropped").to("d").key("first"));

    assert_eq!(
        sim.returns(ch),
        [Returned { code: 312, exchange: "d".into(), routing_key: "first".into(), body: "returned".into() }]
    );
    let ledger = &sim.broker.ledger().publishes;
    assert_eq!((ledger.unroutable, ledger.returned), (2, 1), "both unroutable, only the mandatory one returned");
    sim.check();
}

#[test]
fn a_routed_mandatory_message_is_not_returned() {
    let (mut sim, ch) = setup();
    sim.queue(ch, "q");

    sim.publish(ch, msg("m").key("q").mandatory());

    assert!(sim.returns(ch).is_empty());
    assert_eq!(sim.ready("q"), ["m"]);
    sim.check();
}

/// Vector 4: on a confirm channel the return comes before the ack.
#[test]
fn vector_4_mandatory_return_comes_before_the_confirm() {
    let (mut sim, ch) = setup();
    sim.ok(confirm_select(ch));

    let from = sim.mark();
    sim.publish(ch, msg("m").key("nope").mandatory());
    assert_eq!(sim.publisher_view(ch, from), ["return 312 /nope m", "ack 1"]);

    let from = sim.mark();
    sim.publish(ch, msg("m").key("nope"));
    assert_eq!(sim.publisher_view(ch, from), ["ack 2"], "without mandatory: only the ack");
    sim.check();
}

#[test]
fn in_a_transaction_returns_are_sent_at_commit_before_commit_ok() {
    let (mut sim, ch) = setup();
    sim.ok(tx_select(ch));

    let from = sim.mark();
    sim.publish(ch, msg("m").key("nope").mandatory());
    assert!(sim.publisher_view(ch, from).is_empty(), "nothing is routed before the commit");
    sim.ok(tx_commit(ch));
    assert_eq!(sim.publisher_view(ch, from), ["return 312 /nope m", "commit-ok"]);

    let from = sim.mark();
    sim.publish(ch, msg("m2").key("nope").mandatory());
    sim.ok(tx_rollback(ch));
    assert_eq!(sim.publisher_view(ch, from), ["rollback-ok"], "a rolled-back publish is never returned");
    sim.check();
}

// ----- exchange lifecycle -----

#[test]
fn auto_delete_exchange_goes_with_its_last_source_binding_but_not_before_having_one() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("ad", "fanout").auto_delete());
    assert!(sim.exchange_exists("ad"), "never bound: not deleted");
    sim.queue(ch, "q1");
    sim.queue(ch, "q2");
    sim.bind(ch, "ad", "q1", "");
    sim.bind(ch, "ad", "q2", "");

    sim.ok(unbind(ch, "ad", "q1", ""));
    assert!(sim.exchange_exists("ad"), "one source binding is left");
    sim.ok(delete_queue(ch, "q2"));
    assert!(!sim.exchange_exists("ad"), "its last binding went with the queue");
    sim.check();
}

#[test]
fn an_auto_delete_exchange_counts_only_bindings_where_it_is_the_source() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("front", "fanout"));
    sim.exchange(ch, exchange("ad", "fanout").auto_delete());
    sim.queue(ch, "q");
    sim.bind_exchange(ch, "front", "ad", "");
    sim.bind(ch, "ad", "q", "");

    sim.ok(warren::core::Command::Unbind {
        channel: ch,
        source: "front".into(),
        destination: "ad".into(),
        to_exchange: true,
        key: "".into(),
        args: Default::default(),
    });
    assert!(sim.exchange_exists("ad"), "losing a binding where it is the destination does not delete it");
    sim.ok(unbind(ch, "ad", "q", ""));
    assert!(!sim.exchange_exists("ad"));
    sim.check();
}

/// The route cache serves a message whose extras route nothing (a message id) with the route
/// remembered for its exchange and key, also when the very same strings come again (found by
/// their addresses); a message whose extras carry CC keys is routed afresh all the same.
#[test]
fn remembered_routes_serve_a_message_with_extras_only_when_they_route_by_key_alone() {
    let (mut sim, ch) = setup();
    sim.exchange(ch, exchange("d", "direct"));
    bound(&mut sim, ch, "d", &[("qa", "a"), ("qb", "b")]);
    let (x, key): (std::rc::Rc<str>, std::rc::Rc<str>) = ("d".into(), "a".into());
    let publish = |body: &str, cc: &[&str]| {
        let mut properties = warren::core::Properties { message_id: Some(body.into()), ..Default::default() };
        if !cc.is_empty() {
            properties.headers.insert("CC".into(), strs(cc));
        }
        // The same exchange and key strings every time, as a simulated producer sends them.
        let (exchange, routing_key) = (x.clone(), key.clone());
        warren::core::Command::Publish { channel: ch, exchange, routing_key, mandatory: false, immediate: false, properties, body: body.into() }
    };

    for (body, cc) in [("m1", &[][..]), ("m2", &[]), ("m3", &["b"]), ("m4", &[])] {
        sim.ok(publish(body, cc));
    }

    assert_eq!(sim.ready("qa"), ["m1", "m2", "m3", "m4"]);
    assert_eq!(sim.ready("qb"), ["m3"], "the CC key routes the third one to qb too");
    sim.check();
}
