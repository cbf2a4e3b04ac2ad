//! Simulated clients, external stores, faults and chaos (issue 4, the single-node half), run
//! through `World`. Each test asserts an outcome that changes if the rule behind it breaks,
//! usually against a control run without the fault, and checks conservation at the end.

use warren::core::Time;
use crate::{golden, run, scenario_text as ready_made};
use warren::sim::scenario::{self, Fault};
use warren::sim::World;

#[test]
fn a_unique_key_makes_a_lost_ack_processed_once() {
    let text = ready_made("lost-ack").replace("\"idempotency\": \"none\"", "\"idempotency\": \"unique_key\"");
    let world = run(&text);
    let g = &world.guarantees;
    assert_eq!((g.processed, g.processed_more_than_once), (10, 0), "{g:?}");
    assert_eq!(g.deduplicated, 1, "the redelivery's insert hit the unique key: {g:?}");
    assert_eq!(g.mysql_ops, 11, "one insert per delivery: {g:?}");
    assert!(g.redelivered >= 1);
    // The same run without the unique key charges twice.
    let plain = run(&ready_made("lost-ack")).guarantees;
    assert_eq!(plain.processed_more_than_once, 1, "{plain:?}");
    assert_eq!(plain.mysql_ops, 0);
}

#[test]
fn a_dedup_check_costs_a_store_round_trip() {
    let slow = ready_made("lost-ack-dedup").replace("\"seed\": 5,", "\"seed\": 5, \"stores\": {\"redis\": {\"latency_ms\": 40}},");
    let fast = ready_made("lost-ack-dedup").replace("\"seed\": 5,", "\"seed\": 5, \"stores\": {\"redis\": {\"latency_ms\": 0}},");
    let first_ack = |w: &World| {
        w.log.iter().find(|e| matches!(e.event, warren::core::Event::Acked { .. })).map(|e| e.at).unwrap()
    };
    let (slow, fast) = (run(&slow), run(&fast));
    assert_eq!(first_ack(&slow).0 - first_ack(&fast).0, 40_000, "40 ms of Redis latency before processing");
    assert_eq!(slow.guarantees.processed_more_than_once, 0);
}

#[test]
fn an_auto_ack_crash_loss_is_attributed_and_manual_ack_loses_nothing() {
    let auto = run(&ready_made("auto-ack-crash")).guarantees;
    let n = auto.lost_in_auto_ack_consumers;
    assert!(n > 0, "{auto:?}");
    assert_eq!(auto.lost.get("an auto-ack consumer crashed before processing it"), Some(&n), "{auto:?}");
    assert_eq!(auto.processed + n, auto.published);
    let manual = run(&ready_made("auto-ack-crash").replace("\"auto_ack\": true", "\"auto_ack\": false")).guarantees;
    assert!(manual.lost.is_empty(), "{manual:?}");
    assert_eq!(manual.processed, manual.published);
}

const TX: &str = r#"{"version": 1, "seed": 11, "duration_ms": 3000,
    "queues": [{"name": "q"}],
    "producers": [{"name": "p", "keys": ["q"], "interval_ms": 10, "count": 100, "mode": "tx", "tx_batch": 10}],
    "consumers": [{"name": "c", "queue": "q", "prefetch": 10, "processing_ms": {"min": 1, "max": 2}}]}"#;

#[test]
fn tx_mode_publishes_nothing_of_a_rolled_back_batch() {
    let committed = run(TX).guarantees;
    assert_eq!((committed.tx_committed, committed.routed, committed.processed), (100, 100, 100), "{committed:?}");
    let rolled = run(&TX.replace("\"tx_batch\": 10", "\"tx_batch\": 10, \"tx_rollback\": {\"numerator\": 1, \"denominator\": 1}")).guarantees;
    assert_eq!((rolled.tx_rolled_back, rolled.routed, rolled.delivered), (100, 0, 0), "{rolled:?}");
    assert!(rolled.lost.is_empty(), "a rolled-back publish is not lost, the publisher knows: {rolled:?}");
    let half = run(&TX.replace("\"tx_batch\": 10", "\"tx_batch\": 10, \"tx_rollback\": {\"numerator\": 1, \"denominator\": 2}")).guarantees;
    assert_eq!(half.routed, half.tx_committed, "{half:?}");
    assert!(half.tx_rolled_back > 0 && half.tx_committed > 0, "{half:?}");
}

#[test]
fn tx_mode_publishes_nothing_of_a_batch_open_when_the_producer_crashes() {
    // Batches close at 90, 190, … ms; at 155 ms the open batch holds 6 messages.
    let crashed = run(&TX.replace(
        "\"consumers\"",
        "\"faults\": [{\"at_ms\": 155, \"fault\": {\"kind\": \"crash_producer\", \"producer\": \"p\"}}], \"consumers\"",
    ));
    let g = &crashed.guarantees;
    assert_eq!(g.tx_uncommitted, 6, "{g:?}");
    assert_eq!(g.routed, g.tx_committed, "only committed batches reach the queue: {g:?}");
    assert_eq!(g.processed, g.tx_committed);
    assert_eq!(g.faults.get("crash_producer"), Some(&1));
}

const ORDER: &str = r#"{"version": 1, "seed": 2, "duration_ms": 5000,
    "queues": [{"name": "q"}],
    "producers": [{"name": "p", "keys": ["k"], "exchange": "amq.direct", "interval_ms": 10, "count": 40}],
    "bindings": [{"source": "amq.direct", "dest": "q", "key": "k"}],
    "consumers": [
        {"name": "slow", "queue": "q", "prefetch": 5, "processing_ms": {"min": 400, "max": 400}},
        {"name": "fast", "queue": "q", "prefetch": 1, "processing_ms": {"min": 5, "max": 5}}
    ]FAULTS}"#;

#[test]
fn a_requeue_after_a_crash_delivers_a_key_out_of_order() {
    let calm = run(&ORDER.replace("FAULTS", ""));
    assert!(calm.guarantees.out_of_order.is_empty(), "{:?}", calm.guarantees);
    let crash = run(&ORDER.replace("FAULTS", r#", "faults": [{"at_ms": 200, "fault": {"kind": "crash_consumer", "consumer": "slow"}}]"#));
    let g = &crash.guarantees;
    assert!(g.out_of_order.get("k").is_some_and(|n| *n > 0), "{g:?}");
    assert_eq!(g.processed, 40, "manual acks: nothing lost, only reordered: {g:?}");
}

const LOCK: &str = r#"{"version": 1, "seed": 8, "duration_ms": 10000,
    "queues": [{"name": "orders"}],
    "producers": [{"name": "shop", "keys": ["orders"], "interval_ms": 50, "count": 40}],
    "consumers": [
        {"name": "w1", "queue": "orders", "prefetch": 1, "processing": {"dist": "fixed", "ms": 60}, "lock": {"key": "stock", "lease_ms": LEASE, "retry_ms": 5}},
        {"name": "w2", "queue": "orders", "prefetch": 1, "processing": {"dist": "fixed", "ms": 60}, "lock": {"key": "stock", "lease_ms": LEASE, "retry_ms": 5}}
    ]}"#;

#[test]
fn a_lock_with_a_long_enough_lease_keeps_critical_sections_apart_and_a_short_one_does_not() {
    let safe = run(&LOCK.replace("LEASE", "1000")).guarantees;
    assert_eq!(safe.locks_acquired, 40, "{safe:?}");
    assert!(safe.lock_retries > 0, "two workers contend for one lock: {safe:?}");
    assert_eq!(safe.lock_overlaps, 0, "{safe:?}");
    let short = run(&LOCK.replace("LEASE", "30")).guarantees;
    assert!(short.lock_overlaps > 0, "a 30 ms lease runs out under 60 ms of work: {short:?}");
    assert_eq!(short.processed, 40);
}

const CHAOS: &str = r#"{"version": 1, "seed": SEED, "duration_ms": 20000,
    "queues": [{"name": "q"}],
    "producers": [{"name": "p", "keys": ["q"], "rate_per_s": 200, "mode": "confirm", "confirm_timeout_ms": 300}],
    "consumers": [
        {"name": "c1", "queue": "q", "prefetch": 10, "processing": {"dist": "exponential", "mean_ms": 5}},
        {"name": "c2", "queue": "q", "prefetch": 10, "processing": {"dist": "exponential", "mean_ms": 5}, "idempotency": "dedup_set"}
    ],
    "chaos": {"rates_per_s": {"crash_consumer": 0.5, "lose_next_ack": 1, "lose_next_confirm": 1, "kill_connection": 0.3,
              "drop_message": 1, "delay_message": 0.5, "crash_producer": 0.2, "restart_broker": 0.05}, "delay_ms": 250}}"#;

#[test]
fn chaos_with_the_same_seed_replays_exactly_and_another_seed_differs() {
    let a = run(&CHAOS.replace("SEED", "21"));
    let b = run(&CHAOS.replace("SEED", "21"));
    assert_eq!(a.log, b.log);
    assert_eq!(a.guarantees, b.guarantees);
    let total: u64 = a.guarantees.faults.values().sum();
    assert!(total > 20 && a.guarantees.faults.len() >= 6, "chaos drew faults of most kinds: {:?}", a.guarantees.faults);
    let c = run(&CHAOS.replace("SEED", "22"));
    assert_ne!(a.guarantees.faults, c.guarantees.faults);
    assert_ne!(a.log, c.log);
}

#[test]
fn chaos_stops_at_its_end_time() {
    let s = CHAOS.replace("SEED", "3").replace("\"delay_ms\": 250}", "\"delay_ms\": 250, \"end_ms\": 1}");
    let g = run(&s).guarantees;
    assert!(g.faults.is_empty(), "{:?}", g.faults);
    assert_eq!(g.resends, 0);
}

#[test]
fn confirmed_then_dropped_by_the_broker_is_lost_with_its_cause() {
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 2000,
        "queues": [{"name": "q", "args": {"x-max-length": 5}}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 10, "count": 20, "mode": "confirm"}],
        "consumers": [{"name": "c", "queue": "q", "start_ms": 1000, "processing_ms": {"min": 1, "max": 1}}]}"#;
    let g = run(text).guarantees;
    assert_eq!(g.confirmed, 20);
    assert_eq!(g.processed, 5, "{g:?}");
    assert_eq!(g.lost_confirmed, 15, "Jepsen: confirmed, never consumed: {g:?}");
    assert_eq!(g.lost.get("confirmed, then maxlen"), Some(&15), "{g:?}");
}

#[test]
fn a_dropped_plain_publish_is_lost_and_a_dropped_confirmed_one_is_resent() {
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 3000,
        "queues": [{"name": "q"}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 100, "count": 10MODE}],
        "consumers": [{"name": "c", "queue": "q", "processing_ms": {"min": 1, "max": 1}}],
        "faults": [{"at_ms": 250, "fault": {"kind": "drop_message", "client": "p"}}]}"#;
    let plain = run(&text.replace("MODE", "")).guarantees;
    assert_eq!((plain.network_drops, plain.routed, plain.processed), (1, 9, 9), "{plain:?}");
    assert_eq!(plain.lost.get("dropped on the network before the broker"), Some(&1), "{plain:?}");
    let confirm = run(&text.replace("MODE", ", \"mode\": \"confirm\", \"confirm_timeout_ms\": 200")).guarantees;
    assert_eq!((confirm.network_drops, confirm.resends, confirm.processed), (1, 1, 10), "{confirm:?}");
    assert!(confirm.lost.is_empty(), "{confirm:?}");
}

#[test]
fn a_delayed_client_sends_nothing_until_the_delay_ends_then_everything_in_order() {
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 2000,
        "queues": [{"name": "q"}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 10, "count": 100}],
        "faults": [{"at_ms": 205, "fault": {"kind": "delay_message", "client": "p", "delay_ms": 300}}]}"#;
    let s = scenario::parse(text).unwrap();
    let mut world = World::new(&s).unwrap();
    world.advance_to(Time::from_millis(204));
    let before = world.broker.queue_named("q").unwrap().ready.len();
    world.advance_to(Time::from_millis(504));
    assert_eq!(world.broker.queue_named("q").unwrap().ready.len(), before, "held on the way");
    world.advance_to(Time::from_millis(505));
    assert_eq!(world.broker.queue_named("q").unwrap().ready.len(), 51, "all arrive together");
    let bodies: Vec<String> = world.broker.queue_named("q").unwrap().ready.iter().map(|m| m.msg.body.to_string()).collect();
    let expected: Vec<String> = (1..=51).map(|n| format!("p-{n}")).collect();
    assert_eq!(bodies, expected, "in publish order");
}

#[test]
fn a_killed_consumer_connection_redelivers_work_in_progress_so_it_is_processed_twice() {
    let text = r#"{"version": 1, "seed": 4, "duration_ms": 5000,
        "queues": [{"name": "q"}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 100, "count": 10}],
        "consumers": [{"name": "c", "queue": "q", "prefetch": 1, "processing_ms": {"min": 50, "max": 50}, "auto_ack": AUTO}],
        "faults": [{"at_ms": 220, "fault": {"kind": "kill_connection", "client": "c"}}]}"#;
    let manual = run(&text.replace("AUTO", "false")).guarantees;
    assert_eq!((manual.processed, manual.processed_more_than_once), (10, 1), "{manual:?}");
    // With auto-ack the message was settled at delivery: the live process still finishes it once.
    let auto = run(&text.replace("AUTO", "true")).guarantees;
    assert_eq!((auto.processed, auto.processed_more_than_once), (10, 0), "{auto:?}");
}

#[test]
fn a_fault_injected_into_a_live_world_acts_at_once_and_unknown_targets_are_refused() {
    let s = scenario::parse(&ready_made("work-queue")).unwrap();
    let mut world = World::new(&s).unwrap();
    world.advance_to(Time::from_millis(3_000));
    let channels_before = world.broker.channels().count();
    world.inject(&Fault::CrashConsumer { consumer: "worker-1".into() }).unwrap();
    assert_eq!(world.broker.channels().count(), channels_before - 1, "its channel closed now");
    assert!(world.log.iter().any(|e| e.at == Time::from_millis(3_000) && matches!(e.event, warren::core::Event::Requeued { .. })));
    let err = world.inject(&Fault::LoseNextAck { consumer: "nobody".into() }).unwrap_err();
    assert_eq!(err, "fault.consumer: no consumer named \"nobody\"");
    world.advance_to(Time::from_millis(20_000));
    world.finish();
    assert_eq!(world.guarantees.faults.get("crash_consumer"), Some(&1));
    assert_eq!(world.guarantees.processed, 100);
}

#[test]
fn rate_and_burst_producers_publish_on_schedule() {
    let rate = r#"{"version": 1, "seed": 1, "duration_ms": 1000, "queues": [{"name": "q"}],
        "producers": [{"name": "p", "keys": ["q"], "rate_per_s": 250}]}"#;
    assert_eq!(run(rate).guarantees.published, 251, "t = 0, 4, …, 1000 ms: a run includes its last instant");
    let burst = r#"{"version": 1, "seed": 1, "duration_ms": 1000, "queues": [{"name": "q"}],
        "producers": [{"name": "p", "keys": ["q"], "burst": {"size": 50, "at_ms": [100, 600]}}]}"#;
    let s = scenario::parse(burst).unwrap();
    let mut world = World::new(&s).unwrap();
    world.advance_to(Time::from_millis(99));
    assert_eq!(world.broker.queue_named("q").unwrap().ready.len(), 0);
    world.advance_to(Time::from_millis(100));
    assert_eq!(world.broker.queue_named("q").unwrap().ready.len(), 50, "50 at once");
    world.advance_to(Time::from_millis(1000));
    assert_eq!(world.broker.queue_named("q").unwrap().ready.len(), 100);
}

#[test]
fn message_ids_off_leaves_the_dedup_store_nothing_to_key_on() {
    let text = ready_made("lost-ack-dedup").replace("\"mode\": \"confirm\"", "\"mode\": \"confirm\", \"message_ids\": false");
    let g = run(&text).guarantees;
    assert_eq!((g.deduplicated, g.processed_more_than_once, g.redis_ops), (0, 1, 0), "{g:?}");
}

fn pattern(name: &str) -> String {
    std::fs::read_to_string(format!("{}/scenarios/patterns/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn the_pattern_scenarios_show_what_their_descriptions_promise() {
    let lock = run(&pattern("distributed-lock")).guarantees;
    assert!(lock.lock_overlaps > 0 && lock.lock_retries > 0, "{lock:?}");
    let long_lease = run(&pattern("distributed-lock").replace("\"lease_ms\": 80", "\"lease_ms\": 1000")).guarantees;
    assert_eq!(long_lease.lock_overlaps, 0, "{long_lease:?}");

    let unique = run(&pattern("lost-ack-unique-key")).guarantees;
    assert_eq!((unique.processed, unique.processed_more_than_once, unique.deduplicated), (10, 0, 1), "{unique:?}");

    let tx = run(&pattern("tx-batches")).guarantees;
    assert!(tx.tx_rolled_back > 0 && tx.tx_uncommitted > 0, "{tx:?}");
    assert_eq!(tx.routed, tx.tx_committed);
    assert_eq!(tx.tx_committed + tx.tx_rolled_back + tx.tx_uncommitted, tx.published, "every message ends in one of the three");

    let chaos = run(&pattern("chaos-at-least-once")).guarantees;
    assert!(chaos.processed_more_than_once > 0 && chaos.deduplicated > 0 && chaos.resends > 0, "{chaos:?}");
    // Manual acks and resends lose nothing confirmed, but the dedup consumer marks a message
    // done before processing it: a crash in between loses that consumer's copy (the other
    // queue's copy is processed, which hid the loss while the unit was the message).
    let marked = "confirmed, then marked done in the dedup store, then never processed";
    assert!(chaos.lost_confirmed > 0, "{chaos:?}");
    assert_eq!(chaos.lost.get(marked).copied(), Some(chaos.lost_confirmed), "{chaos:?}");
    assert_eq!(chaos.lost.len(), 1, "{chaos:?}");
}

#[test]
fn a_full_reject_publish_queue_nacks_and_a_nacked_message_is_not_counted_lost() {
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 2000,
        "queues": [{"name": "q", "args": {"x-max-length": 5, "x-overflow": "OVERFLOW"}}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 10, "count": 20, "mode": "confirm"}],
        "consumers": [{"name": "c", "queue": "q", "start_ms": 1000, "processing_ms": {"min": 1, "max": 1}}]}"#;
    let g = run(&text.replace("OVERFLOW", "reject-publish")).guarantees;
    assert_eq!((g.confirmed, g.nacked, g.processed), (5, 15, 5), "{g:?}");
    assert!(g.lost.is_empty(), "the publisher was told: {g:?}");
    // drop-head confirms all twenty and then silently drops fifteen: those are lost.
    let d = run(&text.replace("OVERFLOW", "drop-head")).guarantees;
    assert_eq!((d.confirmed, d.nacked, d.lost_confirmed), (20, 0, 15), "{d:?}");
}

#[test]
fn the_chaos_scenarios_reproduce_their_golden_fingerprint() {
    // The same value is asserted on wasm32 in tests/wasm_node.rs.
    assert_eq!(golden::chaos_world_hash(), golden::CHAOS_WORLD_HASH, "see tests/golden/mod.rs");
}

const CACHE: &str = r#"{"version": 1, "seed": 1, "duration_ms": 5000,
    "queues": [{"name": "q"}],
    "producers": [{"name": "p", "keys": ["a", "b"], "exchange": "amq.direct", "interval_ms": 50, "count": 40}],
    "bindings": [{"source": "amq.direct", "dest": "q", "key": "a"}, {"source": "amq.direct", "dest": "q", "key": "b"}],
    "consumers": [{"name": "c", "queue": "q", "prefetch": 1, "processing": {"dist": "fixed", "ms": 5}, "cache": {"ttl_ms": TTL}}]}"#;

#[test]
fn cache_aside_misses_once_per_key_and_ttl_and_goes_to_mysql_on_a_miss() {
    let long = run(&CACHE.replace("TTL", "60000")).guarantees;
    assert_eq!((long.cache_misses, long.cache_hits), (2, 38), "one miss per key: {long:?}");
    assert_eq!(long.mysql_ops, 2, "a hit never reads MySQL");
    // A TTL shorter than the 100 ms between two messages of one key: every read misses.
    let short = run(&CACHE.replace("TTL", "60")).guarantees;
    assert_eq!((short.cache_misses, short.cache_hits), (40, 0), "{short:?}");
    assert_eq!(short.mysql_ops, 40);
    let pattern = run(&pattern("cache-aside")).guarantees;
    assert!(pattern.cache_hits > 300 && pattern.cache_misses >= 4, "{pattern:?}");
}

/// A client's link has a latency each way: a publish reaches the broker, and its confirm the
/// producer, one latency later each. A confirm timeout shorter than the round trip makes every
/// publish look lost, so the producer resends it (publisher-side duplicates); a longer one does not.
const LINK: &str = r#"{"version": 1, "seed": 3, "duration_ms": 2000, "network": {"client_latency_us": LATENCY},
    "queues": [{"name": "q"}],
    "producers": [{"name": "p", "exchange": "", "keys": ["q"], "interval_ms": 50, "count": 20, "mode": "confirm", "confirm_timeout_ms": 8}],
    "consumers": [{"name": "c", "queue": "q", "prefetch": 5, "processing": {"dist": "fixed", "ms": 1}}]}"#;

#[test]
fn a_confirm_timeout_shorter_than_the_clients_round_trip_resends_every_message() {
    let slow = run(&LINK.replace("LATENCY", "5000"));
    assert_eq!(slow.guarantees.published, 20);
    assert!(slow.guarantees.resends >= 20, "a 10 ms round trip against an 8 ms timeout: {:?}", slow.guarantees);
    assert!(slow.guarantees.processed_more_than_once > 0, "the resends are duplicates: {:?}", slow.guarantees);
    let fast = run(&LINK.replace("LATENCY", "3000"));
    assert_eq!((fast.guarantees.resends, fast.guarantees.processed_more_than_once), (0, 0), "{:?}", fast.guarantees);
    // The first publish leaves at 0 and reaches the broker one latency later; its delivery
    // reaches the consumer, and its ack the broker, one latency each after that.
    let first = |w: &World, pick: fn(&warren::core::Event) -> bool| w.log.iter().find(|e| pick(&e.event)).map(|e| e.at).unwrap();
    assert_eq!(first(&fast, |e| matches!(e, warren::core::Event::Published { .. })), Time::from_millis(3));
    assert_eq!(first(&fast, |e| matches!(e, warren::core::Event::Acked { .. })), Time::from_millis(3 + 3 + 1 + 3));
    let zero = run(&LINK.replace("LATENCY", "0"));
    assert_eq!(first(&zero, |e| matches!(e, warren::core::Event::Acked { .. })), Time::from_millis(1));
}

#[test]
fn an_impossible_client_latency_is_refused_naming_the_field() {
    let error = scenario::parse(&LINK.replace("LATENCY", "99000000")).unwrap_err();
    assert!(error.contains("network.client_latency_us: at most 10000000"), "{error}");
    let error = scenario::parse(&LINK.replace("\"client_latency_us\": LATENCY", "\"client_latency\": 5")).unwrap_err();
    assert!(error.contains("client_latency"), "{error}");
}
