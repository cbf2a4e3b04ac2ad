//! The services around the clients that the lessons need: the shovel (republishing consumer),
//! orders with payments and a canceller, cache writes with stale-read detection, the inline-call
//! baseline and the confirm latency per publish. Each test would fail if its rule broke.

use warren::sim::lesson::figure;
use warren::sim::scenario;
use warren::sim::World;

use super::run;

fn fig(w: &World, name: &str) -> u64 {
    figure(w, name).unwrap_or_else(|| panic!("no figure {name}"))
}

/// 20 messages expire unconsumed in `work` and are dead-lettered to `parking`; `shovel` (the
/// consumer JSON given) takes them from there.
fn parking_lot(shovel: &str) -> String {
    format!(
        r#"{{"version": 1, "seed": 1, "duration_ms": 5000,
        "exchanges": [{{"name": "parking.x", "type": "fanout"}}],
        "queues": [{{"name": "work", "args": {{"x-message-ttl": 100, "x-dead-letter-exchange": "parking.x"}}}},
                   {{"name": "parking"}}, {{"name": "retry"}}, {{"name": "retry.ttl"}}],
        "bindings": [{{"source": "parking.x", "dest": "parking", "key": ""}}],
        "producers": [{{"name": "p", "keys": ["work"], "interval_ms": 10, "count": 20}}],
        "consumers": [{shovel}
                      {{"name": "worker", "queue": "retry", "processing": {{"dist": "fixed", "ms": 1}}}}]}}"#
    )
}

#[test]
fn a_shovel_on_the_dead_letter_queue_brings_expired_messages_back_to_be_processed() {
    let parked = run(&parking_lot(""));
    assert_eq!((fig(&parked, "expired"), fig(&parked, "processed"), fig(&parked, "backlog")), (20, 0, 20));
    let shovelled = run(&parking_lot(r#"{"name": "shovel", "queue": "parking", "republish": {"routing_key": "retry"}},"#));
    assert_eq!(fig(&shovelled, "republished"), 20);
    assert_eq!((fig(&shovelled, "processed"), fig(&shovelled, "lost"), fig(&shovelled, "backlog")), (20, 0, 0));
    // The shovel republishes under the same id: the copy routed to work, expired, parked and
    // shovelled to retry is still work's copy, processed once there.
    assert_eq!(shovelled.times_processed("work", "p-7"), 1, "the message keeps its id and its copy");
    assert_eq!(shovelled.times_processed("retry", "p-7"), 0, "no second copy");
}

#[test]
fn a_shovel_sets_the_expiration_it_is_given_and_none_otherwise() {
    let kept = run(&parking_lot(r#"{"name": "shovel", "queue": "parking", "republish": {"routing_key": "retry.ttl"}},"#));
    assert_eq!((fig(&kept, "backlog"), fig(&kept, "lost")), (20, 0), "no expiration: they wait in retry.ttl");
    let expiring = run(&parking_lot(r#"{"name": "shovel", "queue": "parking", "republish": {"routing_key": "retry.ttl", "expiration": "50"}},"#));
    // Expired a second time, with no dead-letter exchange this time: the fate of all 20 is expiry.
    assert_eq!((fig(&expiring, "backlog"), fig(&expiring, "fate_expired"), fig(&expiring, "expired")), (0, 20, 40));
}

#[test]
fn a_broken_shovel_or_service_field_is_refused_with_the_field_named() {
    let text = parking_lot(r#"{"name": "shovel", "queue": "parking", "republish": {"exchange": "nowhere"}},"#);
    assert_eq!(scenario::parse(&text).unwrap_err(), r#"consumers[0].republish.exchange: no exchange named "nowhere""#);
    let text = parking_lot(r#"{"name": "shovel", "queue": "parking", "republish": {"expiration": "soon"}},"#);
    assert!(scenario::parse(&text).unwrap_err().starts_with("consumers[0].republish.expiration:"));
    let text = parking_lot(r#"{"name": "w", "queue": "parking", "cache_write": {"double_delete_ms": 0}},"#);
    assert!(scenario::parse(&text).unwrap_err().starts_with("consumers[0].cache_write.double_delete_ms: must be > 0"));
    let text = parking_lot(r#"{"name": "w", "queue": "parking", "cache_write": {"double_delete_ms": 90000000}},"#);
    assert!(scenario::parse(&text).unwrap_err().starts_with("consumers[0].cache_write.double_delete_ms: at most"));
    let text = parking_lot(r#"{"name": "w", "queue": "parking", "orders": "cancel", "republish": {}},"#);
    assert!(scenario::parse(&text).unwrap_err().starts_with("consumers[0]: give at most one of"));
    let text = parking_lot("").replace(r#""count": 20}"#, r#""count": 20, "inline_call": "sms"}"#);
    assert_eq!(scenario::parse(&text).unwrap_err(), r#"producers[0].inline_call: no consumer named "sms" (the service it calls)"#);
    let text = parking_lot("").replace(r#""count": 20}"#, r#""count": 20, "orders": {"paid": [3, 2], "pay_after_ms": {"min": 0, "max": 1}}}"#);
    assert!(scenario::parse(&text).unwrap_err().starts_with("producers[0].orders.paid:"), "{}", scenario::parse(&text).unwrap_err());
    let text = parking_lot("").replace(r#""count": 20}"#, r#""count": 20, "orders": {"paid": [1, 2], "pay_after_ms": {"min": 5, "max": 1}}}"#);
    assert!(scenario::parse(&text).unwrap_err().starts_with("producers[0].orders.pay_after_ms: min 5 is above max 1"));
}

/// Orders parked for `delay` ms in `order.delay`, dead-lettered to the canceller; half are paid
/// after 0–`pay_max` ms.
fn delay_queue(canceller: &str, pay_max: u64) -> String {
    format!(
        r#"{{"version": 1, "seed": 4, "duration_ms": 60000,
        "exchanges": [{{"name": "cancel.x", "type": "direct"}}],
        "queues": [{{"name": "order.delay", "args": {{"x-dead-letter-exchange": "cancel.x", "x-dead-letter-routing-key": "cancel"}}}},
                   {{"name": "order.cancel"}}],
        "bindings": [{{"source": "cancel.x", "dest": "order.cancel", "key": "cancel"}}],
        "producers": [{{"name": "checkout", "keys": ["order.delay"], "interval_ms": 100, "count": 100, "expiration": "10000",
                        "orders": {{"paid": [1, 2], "pay_after_ms": {{"min": 0, "max": {pay_max}}}}}}}],
        "consumers": [{{"name": "canceller", "queue": "order.cancel", "orders": "{canceller}", "processing": {{"dist": "fixed", "ms": 2}}}}]}}"#
    )
}

#[test]
fn a_canceller_that_checks_the_state_cancels_only_unpaid_orders() {
    let w = run(&delay_queue("cancel_unpaid", 9000));
    let (placed, paid, cancelled, kept) = (fig(&w, "orders_placed"), fig(&w, "orders_paid"), fig(&w, "orders_cancelled"), fig(&w, "orders_kept_paid"));
    assert_eq!(placed, 100);
    assert!(paid > 30 && paid < 70, "about half pay: {paid}");
    assert_eq!((cancelled + kept, kept, fig(&w, "paid_orders_cancelled")), (100, paid, 0));
    assert!(fig(&w, "settle_lateness_max_ms") <= 3, "settled as the delay ran out");
    let blind = run(&delay_queue("cancel", 9000));
    assert_eq!(fig(&blind, "orders_cancelled"), 100);
    assert_eq!(fig(&blind, "paid_orders_cancelled"), fig(&blind, "orders_paid"));
    assert!(fig(&blind, "paid_orders_cancelled") > 0);
}

#[test]
fn a_payment_after_the_delay_finds_its_order_cancelled() {
    let w = run(&delay_queue("cancel_unpaid", 20000));
    let late = fig(&w, "paid_after_cancel");
    assert!(late > 0, "payments up to 20 s after a 10 s delay");
    assert_eq!(fig(&w, "orders_paid") + late + fig(&w, "orders_cancelled") - late, fig(&w, "orders_cancelled") + fig(&w, "orders_paid"));
    assert_eq!(fig(&w, "orders_kept_paid"), fig(&w, "orders_paid"));
}

#[test]
fn a_long_per_message_ttl_at_the_head_blocks_a_short_one_behind_it() {
    // A 30-minute order, then a 1-minute one, in one queue: the broker expires only from the
    // head, so the 1-minute order waits for the 30-minute one.
    let one_queue = r#"{"version": 1, "seed": 1, "duration_ms": 1900000,
        "exchanges": [{"name": "cancel.x", "type": "fanout"}],
        "queues": [{"name": "order.delay", "args": {"x-dead-letter-exchange": "cancel.x"}}, {"name": "order.cancel"}],
        "bindings": [{"source": "cancel.x", "dest": "order.cancel", "key": ""}],
        "producers": [
          {"name": "slow", "keys": ["order.delay"], "interval_ms": 1000, "count": 1, "expiration": "1800000", "orders": {"paid": [0, 1], "pay_after_ms": {"min": 0, "max": 0}}},
          {"name": "fast", "keys": ["order.delay"], "interval_ms": 1000, "count": 1, "start_ms": 10, "expiration": "60000", "orders": {"paid": [0, 1], "pay_after_ms": {"min": 0, "max": 0}}}],
        "consumers": [{"name": "canceller", "queue": "order.cancel", "orders": "cancel_unpaid", "processing": {"dist": "fixed", "ms": 1}}]}"#;
    let w = run(one_queue);
    assert_eq!(fig(&w, "orders_cancelled"), 2);
    let late = fig(&w, "settle_lateness_max_ms");
    assert!((1_739_000..=1_741_000).contains(&late), "the 1-minute order was settled {late} ms late");
    let per_level = one_queue
        .replace(r#"{"name": "order.cancel"}"#, r#"{"name": "order.cancel"}, {"name": "order.delay.1m", "args": {"x-dead-letter-exchange": "cancel.x"}}"#)
        .replace(r#""keys": ["order.delay"], "interval_ms": 1000, "count": 1, "start_ms": 10"#, r#""keys": ["order.delay.1m"], "interval_ms": 1000, "count": 1, "start_ms": 10"#);
    let w = run(&per_level);
    assert_eq!(fig(&w, "orders_cancelled"), 2);
    assert!(fig(&w, "settle_lateness_max_ms") <= 1, "one queue per delay level: on time");
}

/// Four readers read 20 products through the cache (TTL `ttl` ms), one read a millisecond; the
/// MySQL query takes 20 ms. `writer` adds a producer of updates.
fn cache_aside(ttl: u64, writer: &str, double_delete: &str) -> String {
    let keys = (1..=20).map(|k| format!("\"p{k}\"")).collect::<Vec<_>>().join(", ");
    let readers = (1..=4)
        .map(|r| format!(r#"{{"name": "reader-{r}", "queue": "reads", "prefetch": 1, "processing": {{"dist": "fixed", "ms": 1}}, "cache": {{"ttl_ms": {ttl}}}}}"#))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        r#"{{"version": 1, "seed": 2, "duration_ms": 5000,
        "stores": {{"redis": {{"latency_ms": 1}}, "mysql": {{"latency_ms": 20}}}},
        "exchanges": [{{"name": "reads.x", "type": "topic"}}, {{"name": "writes.x", "type": "topic"}}],
        "queues": [{{"name": "reads"}}, {{"name": "writes"}}],
        "bindings": [{{"source": "reads.x", "dest": "reads", "key": "*"}}, {{"source": "writes.x", "dest": "writes", "key": "*"}}],
        "producers": [{{"name": "browse", "exchange": "reads.x", "keys": [{keys}], "interval_ms": 1, "count": 4000}}{writer}],
        "consumers": [{readers},
          {{"name": "writer", "queue": "writes", "prefetch": 1, "processing": {{"dist": "fixed", "ms": 1}}, "cache_write": {{{double_delete}}}}}]}}"#
    )
}

fn writes() -> String {
    let keys = (1..=20).map(|k| format!("\"p{k}\"")).rev().collect::<Vec<_>>().join(", ");
    format!(r#", {{"name": "edit", "exchange": "writes.x", "keys": [{keys}], "interval_ms": 25, "count": 150}}"#)
}

#[test]
fn stale_reads_need_a_writer_and_a_fill_that_lands_after_the_delete() {
    let no_writes = run(&cache_aside(300, "", ""));
    assert_eq!((fig(&no_writes, "cache_writes"), fig(&no_writes, "stale_reads")), (0, 0));
    assert!(fig(&no_writes, "cache_hits") > 0 && fig(&no_writes, "cache_misses") > 0);
    let raced = run(&cache_aside(300, &writes(), ""));
    assert_eq!(fig(&raced, "cache_writes"), 150);
    let stale = fig(&raced, "stale_reads");
    assert!(stale > 0, "a read that began before a write filled the cache after its delete");
    // The mitigations: delete again after a read's time (the stale fill goes), or a short TTL.
    let double = run(&cache_aside(300, &writes(), r#""double_delete_ms": 30"#));
    assert!(fig(&double, "stale_reads") < stale, "{} against {stale}", fig(&double, "stale_reads"));
    assert_eq!((fig(&double, "cache_writes"), fig(&double, "cache_deletes")), (150, 300), "every write deletes twice");
    assert_eq!(fig(&raced, "cache_deletes"), 150);
    let short_ttl = run(&cache_aside(60, &writes(), ""));
    assert!(fig(&short_ttl, "stale_reads") < stale);
}

/// 300 orders, one every 10 ms; the SMS service takes 200 ms a message and crashes at 1 s (it is
/// back 1 s later). `inline` makes the order service call it instead of publishing.
fn sms(inline: bool) -> String {
    let call = if inline { r#", "inline_call": "sms-service""# } else { r#", "mode": "confirm""# };
    format!(
        r#"{{"version": 1, "seed": 3, "duration_ms": 10000, "network": {{"client_latency_us": 500}},
        "queues": [{{"name": "sms", "durable": true}}],
        "producers": [{{"name": "orders", "keys": ["sms"], "interval_ms": 10, "count": 300{call}}}],
        "consumers": [{{"name": "sms-service", "queue": "sms", "processing": {{"dist": "fixed", "ms": 200}}}}],
        "faults": [{{"at_ms": 1000, "fault": {{"kind": "crash_consumer", "consumer": "sms-service"}}}}]}}"#
    )
}

#[test]
fn an_inline_call_waits_for_the_service_and_fails_while_it_is_down() {
    let inline = run(&sms(true));
    assert_eq!((fig(&inline, "inline_calls"), fig(&inline, "published")), (300, 0));
    assert_eq!(fig(&inline, "inline_failed"), 100, "the orders placed while the service was down");
    assert_eq!(fig(&inline, "inline_latency_mean_us"), 201_000, "the service's 200 ms plus the round trip");
    let queued = run(&sms(false));
    assert_eq!((fig(&queued, "published"), fig(&queued, "processed"), fig(&queued, "lost")), (300, 300, 0));
    assert_eq!((fig(&queued, "confirms"), fig(&queued, "confirm_latency_mean_us")), (300, 1_000), "a round trip to the broker");
    // Nothing waits once the service is back: the last SMS is done 1 ms (to the broker and on to
    // the service) plus 200 ms after the last order (at 2.99 s).
    assert_eq!(fig(&queued, "last_done_ms"), 3_191);
}

fn replicated(queue_args: &str, policy: &str) -> String {
    format!(
        r#"{{"version": 1, "seed": 3, "duration_ms": 3000,
        "cluster": {{"nodes": ["rabbit1", "rabbit2", "rabbit3"], "inter_node_latency_us": 1000}},
        "policies": [{policy}],
        "queues": [{{"name": "orders", "durable": true, "node": "rabbit1", "args": {queue_args}}}],
        "producers": [{{"name": "shop", "keys": ["orders"], "interval_ms": 10, "count": 100, "mode": "confirm", "node": "rabbit1"}}]}}"#
    )
}

#[test]
fn confirm_latency_grows_with_replication() {
    let classic = run(&replicated("{}", ""));
    let mirrored = run(&replicated("{}", r#"{"name": "ha", "pattern": "^orders$", "definition": {"ha-mode": "all", "ha-sync-mode": "automatic"}}"#));
    let quorum = run(&replicated(r#"{"x-queue-type": "quorum"}"#, ""));
    for w in [&classic, &mirrored, &quorum] {
        assert_eq!((fig(w, "confirms"), fig(w, "lost")), (100, 0));
    }
    // The queue's leader is on the producer's node: a classic queue confirms at once, a mirrored
    // one after its mirrors' round trip (1 ms each way), a quorum queue after a majority's.
    assert_eq!(fig(&classic, "confirm_latency_p99_us"), 0);
    assert_eq!(fig(&mirrored, "confirm_latency_mean_us"), 2_000);
    assert_eq!(fig(&quorum, "confirm_latency_mean_us"), 2_000);
}

/// 100 orders handed over at once on a link with 5 ms each way, in `mode` (`extra`: its fields).
fn on_a_slow_link(mode: &str, extra: &str) -> String {
    format!(
        r#"{{"version": 1, "seed": 5, "duration_ms": 2000, "network": {{"client_latency_us": 5000}},
        "queues": [{{"name": "orders", "durable": true}}],
        "producers": [{{"name": "shop", "keys": ["orders"], "burst": {{"size": 100, "at_ms": [0]}}, "mode": "{mode}"{extra}}}]}}"#
    )
}

#[test]
fn a_transaction_waits_a_round_trip_per_commit_where_confirms_do_not() {
    let tx = run(&on_a_slow_link("tx", r#", "tx_batch": 10"#));
    let confirm = run(&on_a_slow_link("confirm", r#", "confirm_timeout_ms": 500"#));
    assert_eq!((fig(&tx, "tx_committed"), fig(&tx, "backlog"), fig(&tx, "lost")), (100, 100, 0));
    assert_eq!((fig(&confirm, "confirmed"), fig(&confirm, "backlog"), fig(&confirm, "resends")), (100, 100, 0));
    // tx.commit blocks: each batch of 10 goes out when the previous commit-ok is back, ten round
    // trips of 10 ms. Confirms come back asynchronously: every publish is out at once and the
    // last confirm is home after one round trip.
    assert_eq!(fig(&tx, "producer_done_ms"), 100);
    assert_eq!(fig(&confirm, "producer_done_ms"), 10);
    // Without a latency a commit is answered at once: no wait.
    let local = run(&on_a_slow_link("tx", r#", "tx_batch": 10"#).replace("5000", "0"));
    assert_eq!((fig(&local, "tx_committed"), fig(&local, "producer_done_ms")), (100, 0));
}

#[test]
fn a_tx_producer_on_an_interval_falls_behind_its_application_and_catches_up_in_order() {
    // An order every 2 ms, a commit every 5 orders (10 ms of orders) and a 20 ms round trip:
    // the orders wait in the producer, then go out as a batch when the commit-ok is back.
    let text = r#"{"version": 1, "seed": 5, "duration_ms": 5000, "network": {"client_latency_us": 10000},
        "queues": [{"name": "orders", "durable": true}],
        "producers": [{"name": "shop", "keys": ["orders"], "interval_ms": 2, "count": 50, "mode": "tx", "tx_batch": 5}]}"#;
    let w = run(text);
    assert_eq!((fig(&w, "published"), fig(&w, "tx_committed"), fig(&w, "backlog")), (50, 50, 50));
    // The first batch is out at 8 ms (orders at 0..8 ms); then one batch per 20 ms round trip:
    // the tenth commit-ok is back at 8 + 10 × 20 ms.
    assert_eq!(fig(&w, "producer_done_ms"), 208);
}

#[test]
fn replication_traffic_is_a_copy_per_mirror_or_follower() {
    let classic = run(&replicated("{}", ""));
    let mirrored = run(&replicated("{}", r#"{"name": "ha", "pattern": "^orders$", "definition": {"ha-mode": "all", "ha-sync-mode": "automatic"}}"#));
    let two = run(&replicated("{}", r#"{"name": "ha", "pattern": "^orders$", "definition": {"ha-mode": "exactly", "ha-params": 2}}"#));
    let quorum = run(&replicated(r#"{"x-queue-type": "quorum"}"#, ""));
    // 100 publishes: none leave a classic queue's node; every mirror (2 with ha-mode all on three
    // nodes, 1 with exactly 2) and every follower of a three-member quorum queue gets a copy.
    assert_eq!(fig(&classic, "replicated"), 0);
    assert_eq!(fig(&mirrored, "replicated"), 200);
    assert_eq!(fig(&two, "replicated"), 100);
    assert_eq!(fig(&quorum, "replicated"), 200);
}

/// 10 confirmed publishes into a queue that takes 5 and rejects the rest (reject-publish).
fn full_queue(extra: &str) -> String {
    format!(
        r#"{{"version": 1, "seed": 5, "duration_ms": 3000, "network": {{"client_latency_us": 1000}},
        "queues": [{{"name": "orders", "args": {{"x-max-length": 5, "x-overflow": "reject-publish"}}}}],
        "producers": [{{"name": "shop", "keys": ["orders"], "interval_ms": 10, "count": 10, "mode": "confirm"{extra}}}]}}"#
    )
}

#[test]
fn a_nack_is_resent_by_a_producer_with_a_resend_policy() {
    let no_policy = run(&full_queue(""));
    assert_eq!((fig(&no_policy, "confirmed"), fig(&no_policy, "nacked"), fig(&no_policy, "resends")), (5, 5, 0));
    // With a timeout the nacked 5 are sent again when it runs out, nacked again while the queue
    // stays full, 10 resends each; the nack of the last resend is final (refused).
    let policy = run(&full_queue(r#", "confirm_timeout_ms": 100"#));
    assert_eq!((fig(&policy, "confirmed"), fig(&policy, "resends")), (5, 50));
    assert_eq!((fig(&policy, "nacked"), policy.guarantees.gave_up), (55, 0));
    // A consumer that starts before the first resend: every nacked order gets in on it.
    let drained = run(&full_queue(r#", "confirm_timeout_ms": 100"#).replace(
        r#""producers""#,
        r#""consumers": [{"name": "billing", "queue": "orders", "start_ms": 95, "processing": {"dist": "fixed", "ms": 1}}], "producers""#,
    ));
    assert_eq!((fig(&drained, "confirmed"), fig(&drained, "processed"), fig(&drained, "lost")), (10, 10, 0));
    assert!(fig(&drained, "nacked") > 0 && fig(&drained, "resends") == fig(&drained, "nacked"));
}
