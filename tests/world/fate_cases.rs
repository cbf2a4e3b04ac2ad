//! One scenario per fate (src/sim/fate.rs): a ready-made scenario where one shows it, else a
//! small one made for it. Each asserts that some message copy has the fate, that the ledger's
//! fate line counts it, the client steps its lifecycle lists (with their order), and the
//! sentence the lifecycle ends with, in English and Chinese. A fanout's copies each get theirs.

use warren::lang::Lang;
use warren::sim::client_event::ClientStep;
use warren::sim::fate::{Fate, FateKind};
use warren::sim::inspect::{full_lifecycle, Step};
use warren::sim::ledger::Ledger;
use warren::sim::World;

use super::{pattern_text, run, scenario_text};

/// The first message with a copy of fate `kind` in a run of `text` (and that copy's fate), after
/// checking the ledger counts it.
fn first_with(text: &str, kind: FateKind) -> (World, String, Fate) {
    let world = run(text);
    let n = world.fates.get(kind);
    assert!(n > 0, "no message is {}: {:?}", kind.id(), world.fates);
    for lang in Lang::ALL {
        let ledger = Ledger::new(&world.guarantees, &world.fates, lang);
        let line = ledger
            .fates
            .iter()
            .find(|l| l.id == kind.id())
            .expect("a ledger line for the fate");
        assert_eq!((line.value, line.label), (n, kind.label(lang)));
        assert!(
            ledger
                .text(lang)
                .contains(&format!("  {} {n}", kind.label(lang))),
            "{:?}",
            ledger.text(lang)
        );
    }
    for p in &world.scenario.producers {
        for i in 1.. {
            let id = format!("{}-{i}", p.name);
            let Some(copies) = world.fates_of(&id) else { break };
            if let Some(c) = copies.into_iter().find(|c| c.fate.kind() == kind) {
                return (world, id, c.fate);
            }
        }
    }
    unreachable!("the tally counted a {} message", kind.id())
}

/// The message's lifecycle: its client steps in English, in order, must include `steps` (each a
/// fragment, in this order), and it ends with the fate's sentence of its one copy, checked in
/// both languages.
fn assert_story(world: &World, id: &str, steps: &[&str], en: &str, zh: &str) {
    let life = full_lifecycle(world, &world.log, &world.client_log, id);
    let texts: Vec<String> = life
        .steps
        .iter()
        .filter_map(|s| s.step.client_text(Lang::En))
        .collect();
    let mut rest = texts.iter();
    for want in steps {
        assert!(
            rest.any(|t| t.contains(want)),
            "{id}: no client step {want:?} (in order) in {texts:#?}"
        );
    }
    let times: Vec<_> = life.steps.iter().map(|s| s.at).collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "{id}: steps in time order"
    );
    assert_eq!(life.fates.len(), 1, "{id}: one copy: {:?}", life.fates);
    assert_eq!(life.fate_sentences(Lang::En), [en], "{id}");
    assert_eq!(life.fate_sentences(Lang::Zh), [zh], "{id}");
    assert!(
        life.steps
            .iter()
            .any(|s| matches!(s.step, Step::Published { .. }))
            || steps.iter().any(|s| s.contains("lost") || s.contains("reaches no broker")),
        "{id}"
    );
}

#[test]
fn processed_once_in_the_work_queue() {
    let (w, id, _) = first_with(&scenario_text("work-queue"), FateKind::Processed);
    assert_story(
        &w,
        &id,
        &[
            "sends basic.publish",
            "starts processing",
            "applies the side effect",
            "sends basic.ack",
        ],
        "Processed once: its side effect happened exactly once.",
        "处理了一次：副作用恰好发生一次。",
    );
}

#[test]
fn processed_twice_after_a_lost_ack() {
    let (w, id, fate) = first_with(&scenario_text("lost-ack"), FateKind::ProcessedTwice);
    assert_eq!(fate, Fate::ProcessedTwice { times: 2 });
    assert_story(
        &w,
        &id,
        &[
            "applies the side effect",
            "sends basic.ack",
            "ack is lost on the network",
            "applies the side effect again (time 2)",
        ],
        "Processed 2 times: the same message's side effect happened again (a duplicate delivery).",
        "处理了 2 次：同一条消息的副作用重复发生（重复投递）。",
    );
}

#[test]
fn deduplicated_by_the_dedup_store_and_by_a_unique_key() {
    let en = "Processed once; a duplicate delivery was recognised and skipped, so the side effect happened once.";
    let zh = "处理了一次；重复投递被识别并跳过，副作用只发生一次。";
    let (w, id, _) = first_with(&scenario_text("lost-ack-dedup"), FateKind::Deduplicated);
    assert_story(
        &w,
        &id,
        &[
            "dedup store: first time, marked",
            "ack is lost",
            "recognises a duplicate and skips it",
        ],
        en,
        zh,
    );
    let (w, id, _) = first_with(&pattern_text("lost-ack-unique-key"), FateKind::Deduplicated);
    assert_story(
        &w,
        &id,
        &[
            "applies the side effect",
            "ack is lost",
            "recognises a duplicate",
        ],
        en,
        zh,
    );
}

#[test]
fn lost_in_an_auto_ack_crash_and_the_consumer_restarts() {
    let (w, id, _) = first_with(&scenario_text("auto-ack-crash"), FateKind::LostAutoAckCrash);
    assert_eq!(
        w.fates.get(FateKind::LostAutoAckCrash),
        w.guarantees.lost_in_auto_ack_consumers
    );
    assert_story(
        &w,
        &id,
        &["starts processing", "crashes with the message in its hands", "restarts"],
        "Lost: delivered with auto-ack, so the broker forgot it at once; the consumer crashed before processing it.",
        "丢失：以自动确认投递，代理立即将其遗忘；消费者在处理前崩溃。",
    );
}

#[test]
fn lost_when_an_auto_ack_consumer_fails() {
    let text = r#"{"version": 1, "seed": 2, "duration_ms": 2000, "queues": [{"name": "q"}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 10, "count": 40}],
        "consumers": [{"name": "c", "queue": "q", "auto_ack": true, "processing_ms": {"min": 1, "max": 1},
                       "failure": {"numerator": 1, "denominator": 2}}]}"#;
    let (w, id, _) = first_with(text, FateKind::LostAutoAckFailure);
    assert_story(
        &w,
        &id,
        &["starts processing", "processing fails"],
        "Lost: delivered with auto-ack; its processing failed and there was nothing left to requeue.",
        "丢失：以自动确认投递；处理失败，已无可重新入队的副本。",
    );
}

#[test]
fn lost_after_a_dedup_mark_when_the_consumer_crashes_mid_processing() {
    // charger-a marks checkout-4 done in the dedup store at 1.501 s and processes until 1.605 s.
    let text = scenario_text("lost-ack-dedup").replace(
        "\"faults\": [",
        "\"faults\": [{\"at_ms\": 1550, \"fault\": {\"kind\": \"crash_consumer\", \"consumer\": \"charger-a\"}}, ",
    );
    let (w, id, _) = first_with(&text, FateKind::LostAfterDedupMark);
    assert_story(
        &w,
        &id,
        &["dedup store: first time, marked", "crashes with the message in its hands", "recognises a duplicate and skips it"],
        "Lost: a delivery marked it done in the dedup store and died before processing; the redelivery was skipped as a duplicate.",
        "丢失：一次投递在去重存储中标记为已完成，但在处理前中断；重投递被当作重复跳过。",
    );
}

#[test]
fn rolled_back_and_never_committed_transactions() {
    let (w, id, _) = first_with(&pattern_text("tx-batches"), FateKind::RolledBack);
    assert_story(
        &w,
        &id,
        &["sends basic.publish", "sends tx.rollback"],
        "Rolled back: its transaction was rolled back, so the broker never enqueued it (the publisher knows).",
        "已回滚：所在事务被回滚，代理从未将其入队（发布者知情）。",
    );
    let (w, id, _) = first_with(&pattern_text("tx-batches"), FateKind::Uncommitted);
    assert_story(
        &w,
        &id,
        &["sends basic.publish", "channel closed before tx.commit"],
        "Never committed: its transaction's channel closed before the commit, so it was never enqueued.",
        "未提交：事务所在的信道在提交前关闭，消息从未入队。",
    );
}

#[test]
fn lost_on_failover_when_an_unsynchronised_mirror_is_promoted() {
    let (w, id, fate) = first_with(
        &scenario_text("mirrored-vs-quorum"),
        FateKind::LostOnFailover,
    );
    assert!(
        matches!(&fate, Fate::LostOnFailover { queue, .. } if &**queue == "ha.orders"),
        "{fate:?}"
    );
    assert_story(
        &w,
        &id,
        &["sends basic.publish"],
        "Lost on failover: only the old leader of “ha.orders” had it, and an unsynchronised mirror was promoted.",
        "故障转移时丢失：只有“ha.orders”的旧主节点持有它，而一个未同步的镜像被提升。",
    );
}

#[test]
fn lost_with_transient_messages_when_the_broker_restarts() {
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 3000, "queues": [{"name": "q"}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 10, "count": 30, "persistent": false}],
        "consumers": [{"name": "c", "queue": "q", "start_ms": 1000, "processing_ms": {"min": 1, "max": 1}}],
        "faults": [{"at_ms": 500, "fault": {"kind": "restart_broker"}}]}"#;
    let (w, id, _) = first_with(text, FateKind::LostTransient);
    assert_eq!(w.fates.get(FateKind::LostTransient), 30, "{:?}", w.fates);
    assert_eq!(
        Ledger::new(&w.guarantees, &w.fates, Lang::En)
            .figures
            .iter()
            .find(|l| l.id == "lost")
            .map(|l| l.value),
        Some(30)
    );
    assert_story(
        &w,
        &id,
        &["sends basic.publish"],
        "Lost: a transient message in “q”, thrown away when the broker restarted.",
        "丢失：“q”中的非持久消息，在代理重启时被丢弃。",
    );
}

#[test]
fn expired_without_a_dead_letter_exchange() {
    let text = scenario_text("delay-queue").replace(
        r#""args": {"x-message-ttl": 30000, "x-dead-letter-exchange": "cancel.x", "x-dead-letter-routing-key": "cancel"}"#,
        r#""args": {"x-message-ttl": 30000}"#,
    );
    let (w, id, _) = first_with(&text, FateKind::Expired);
    assert_story(
        &w,
        &id,
        &["sends basic.publish"],
        "Expired: its TTL ran out in “order.delay”, and there was no dead-letter exchange.",
        "已过期：在“order.delay”中超过 TTL，且没有死信交换机。",
    );
}

#[test]
fn dead_lettered_and_waiting_in_the_dead_letter_queue() {
    let text = scenario_text("delay-queue").replace(
        "\"queue\": \"order.cancel\"",
        "\"queue\": \"order.cancel\", \"start_ms\": 100000",
    );
    let (w, id, fate) = first_with(&text, FateKind::DeadLettered);
    assert!(
        matches!(&fate, Fate::DeadLettered { queue, .. } if &**queue == "order.cancel"),
        "with where it went: {fate:?}"
    );
    assert_story(
        &w,
        &id,
        &["sends basic.publish"],
        "Dead-lettered (expired): it now waits in “order.cancel”.",
        "成为死信（已过期）：现在在“order.cancel”中。",
    );
}

#[test]
fn dropped_by_overflow_from_a_full_queue() {
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 2000,
        "queues": [{"name": "q", "args": {"x-max-length": 5}}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 10, "count": 20, "mode": "confirm"}],
        "consumers": [{"name": "c", "queue": "q", "start_ms": 1000, "processing_ms": {"min": 1, "max": 1}}]}"#;
    let (w, id, _) = first_with(text, FateKind::Overflow);
    assert_eq!(w.fates.get(FateKind::Overflow), 15);
    assert_story(
        &w,
        &id,
        &["sends basic.publish"],
        "Dropped by overflow: “q” was full and dropped it from its head.",
        "因溢出被丢弃：“q”已满，从队首丢弃了它。",
    );
}

#[test]
fn nacked_by_a_full_reject_publish_queue() {
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 2000,
        "queues": [{"name": "q", "args": {"x-max-length": 5, "x-overflow": "reject-publish"}}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 10, "count": 20, "mode": "confirm"}],
        "consumers": [{"name": "c", "queue": "q", "start_ms": 1000, "processing_ms": {"min": 1, "max": 1}}]}"#;
    let (w, id, _) = first_with(text, FateKind::Nacked);
    assert_eq!(w.fates.get(FateKind::Nacked), w.guarantees.nacked);
    assert_story(
        &w,
        &id,
        &["sends basic.publish"],
        "Refused: the broker nacked it (the queue was full), and the publisher was told.",
        "被拒绝：代理 nack 了它（队列已满），发布者已获知。",
    );
}

#[test]
fn unroutable_dropped_or_returned() {
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 1000, "queues": [{"name": "q"}],
        "producers": [{"name": "p", "keys": ["nowhere"], "interval_ms": 100, "count": 3MANDATORY}]}"#;
    let (w, id, _) = first_with(&text.replace("MANDATORY", ""), FateKind::Unroutable);
    assert_story(
        &w,
        &id,
        &["sends basic.publish"],
        "Unroutable: no live queue took it (none matched, or the queue that matched was on a node that was down) and it was not mandatory, so the broker dropped it.",
        "无法路由：没有可用的队列接收它（没有匹配的队列，或匹配的队列所在节点已宕机），且未设 mandatory，代理将其丢弃。",
    );
    let (w, id, _) = first_with(
        &text.replace("MANDATORY", ", \"mandatory\": true"),
        FateKind::Returned,
    );
    assert_story(
        &w,
        &id,
        &["sends basic.publish"],
        "Returned: no queue matched, so the broker returned it to its publisher.",
        "被退回：没有匹配的队列，代理将其退回给发布者。",
    );
}

#[test]
fn lost_on_the_network_and_never_confirmed_after_the_publisher_gave_up() {
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 3000,
        "queues": [{"name": "q"}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 100, "count": 10}],
        "consumers": [{"name": "c", "queue": "q", "processing_ms": {"min": 1, "max": 1}}],
        "faults": [{"at_ms": 250, "fault": {"kind": "drop_message", "client": "p"}}]}"#;
    let (w, id, _) = first_with(text, FateKind::LostOnTheWay);
    assert_story(
        &w,
        &id,
        &["sends basic.publish", "publish is lost on the network"],
        "Lost on the way: it never reached the broker (the network dropped it, or no node was up to take it), and nobody resent it.",
        "在途中丢失：从未到达代理（网络丢了它，或没有可连接的节点），也没有人重发。",
    );
    // A one-node cluster whose node is down: no publish gets through, and the producer gives up.
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 3000,
        "cluster": {"nodes": ["rabbit1"], "profile": "3.x", "partition_handling": "ignore"},
        "queues": [{"name": "q", "node": "rabbit1"}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 100, "count": 3, "start_ms": 100, "mode": "confirm", "confirm_timeout_ms": 50}],
        "faults": [{"at_ms": 10, "fault": {"kind": "kill_node", "node": "rabbit1"}}]}"#;
    let (w, id, _) = first_with(text, FateKind::GaveUp);
    assert_story(
        &w,
        &id,
        &[
            "sends basic.publish",
            "finds no broker node up: the publish reaches no broker",
            "resends it under the same message id (resend 1)",
            "(resend 10)",
            "gives up",
        ],
        "Never confirmed: the publisher resent it 10 times without a confirm and gave up.",
        "从未被确认：发布者重发 10 次仍未收到确认，放弃了。",
    );
    // With no node up, the step says so, not "lost on the network", in both languages.
    let zh: Vec<String> = full_lifecycle(&w, &w.log, &w.client_log, &id)
        .steps
        .iter()
        .filter_map(|s| s.step.client_text(Lang::Zh))
        .collect();
    assert!(zh.iter().any(|t| t.contains("找不到在线的代理节点")), "{zh:#?}");
    assert!(!zh.iter().any(|t| t.contains("在网络中丢失")), "{zh:#?}");
}

#[test]
fn a_lost_confirm_is_followed_by_the_resend_and_the_duplicate_it_causes() {
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 3000,
        "queues": [{"name": "q"}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 100, "count": 5, "mode": "confirm", "confirm_timeout_ms": 200}],
        "consumers": [{"name": "c", "queue": "q", "processing_ms": {"min": 1, "max": 1}}],
        "faults": [{"at_ms": 250, "fault": {"kind": "lose_next_confirm", "producer": "p"}}]}"#;
    let (w, id, _) = first_with(text, FateKind::ProcessedTwice);
    assert_story(
        &w,
        &id,
        &[
            "sends basic.publish",
            "confirm is lost on its way back to p",
            "resends it under the same message id (resend 1)",
            "applies the side effect again",
        ],
        "Processed 2 times: the same message's side effect happened again (a duplicate delivery).",
        "处理了 2 次：同一条消息的副作用重复发生（重复投递）。",
    );
}

#[test]
fn dropped_when_a_consumer_rejects_without_a_dead_letter_exchange() {
    let text = r#"{"version": 1, "seed": 2, "duration_ms": 2000, "queues": [{"name": "q"}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 10, "count": 40}],
        "consumers": [{"name": "c", "queue": "q", "processing_ms": {"min": 1, "max": 1}, "failure": {"numerator": 1, "denominator": 2}}]}"#;
    let (w, id, _) = first_with(text, FateKind::Dropped);
    assert_story(
        &w,
        &id,
        &["starts processing", "processing fails"],
        "Dropped from “q” (rejected).",
        "被丢弃：在“q”中（被拒绝）。",
    );
}

#[test]
fn still_queued_and_in_flight_while_the_run_goes_on() {
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 1000, "queues": [{"name": "q"}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 10, "count": 20}],
        "consumers": [{"name": "c", "queue": "q", "prefetch": 1, "processing_ms": {"min": 5000, "max": 5000}}]}"#;
    let (w, id, _) = first_with(text, FateKind::StillQueued);
    assert_story(
        &w,
        &id,
        &["sends basic.publish"],
        "Still queued in “q”, waiting for a consumer.",
        "仍在“q”中等待消费者。",
    );
    let (w, id, _) = first_with(text, FateKind::InFlight);
    assert_eq!(
        (
            w.fates.get(FateKind::InFlight),
            w.fates.get(FateKind::StillQueued)
        ),
        (1, 19)
    );
    assert_story(
        &w,
        &id,
        &["sends basic.publish", "starts processing"],
        "In flight: on its way (an open transaction, the network, or a consumer's hands), no outcome yet.",
        "传输/处理中：仍在途中（未提交的事务、网络或消费者手中），尚无结果。",
    );
}

#[test]
fn lost_with_transient_messages_when_their_node_crashes() {
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 3000,
        "cluster": {"nodes": ["rabbit1", "rabbit2"], "profile": "3.x", "partition_handling": "ignore"},
        "queues": [{"name": "q", "node": "rabbit2"}],
        "producers": [{"name": "p", "keys": ["q"], "interval_ms": 10, "count": 16, "persistent": false, "node": "rabbit1"}],
        "consumers": [{"name": "c", "queue": "q", "start_ms": 2500, "node": "rabbit1", "processing_ms": {"min": 1, "max": 1}}],
        "faults": [{"at_ms": 500, "fault": {"kind": "kill_node", "node": "rabbit2"}}, {"at_ms": 1000, "fault": {"kind": "start_node", "node": "rabbit2"}}]}"#;
    let (w, id, _) = first_with(text, FateKind::LostTransient);
    assert_eq!(w.fates.get(FateKind::LostTransient), 16, "{:?}", w.fates);
    assert_story(
        &w,
        &id,
        &["sends basic.publish"],
        "Lost: a transient message in “q”, gone with its node.",
        "丢失：“q”中的非持久消息，随其节点一起消失。",
    );
}

/// The lifecycle of the first message with a client step `pred` accepts, as English texts.
fn story_of(world: &World, pred: impl Fn(&ClientStep) -> bool) -> Vec<String> {
    let event = world
        .client_log
        .iter()
        .find(|c| pred(&c.step) && c.body.is_some())
        .expect("such a step");
    let id = event.body.as_deref().unwrap();
    let life = full_lifecycle(world, &world.log, &world.client_log, id);
    life.steps
        .iter()
        .map(|s| s.step.client_text(Lang::En).unwrap_or_default())
        .collect()
}

#[test]
fn lock_and_cache_steps_are_in_the_lifecycle() {
    let lock = run(&pattern_text("distributed-lock"));
    assert!(
        lock.guarantees.lock_overlaps > 0,
        "the pattern's short lease: {:?}",
        lock.guarantees
    );
    let waited = story_of(&lock, |s| matches!(s, ClientStep::LockWait { .. }));
    assert!(
        waited
            .iter()
            .any(|t| t.ends_with("finds the lock held and waits")),
        "{waited:#?}"
    );
    assert!(
        waited
            .iter()
            .any(|t| t.ends_with("takes the lock") || t.contains("takes the lock while")),
        "{waited:#?}"
    );
    let overlap = story_of(&lock, |s| {
        matches!(s, ClientStep::LockAcquired { overlap: true, .. })
    });
    assert!(
        overlap.iter().any(|t| t.contains(
            "takes the lock while the previous holder is still inside (its lease expired)"
        )),
        "{overlap:#?}"
    );
    let expired = story_of(&lock, |s| matches!(s, ClientStep::LockExpired { .. }));
    assert!(
        expired
            .iter()
            .any(|t| t.ends_with("finds its lock's lease expired while it was inside")),
        "{expired:#?}"
    );
    let cache = run(&pattern_text("cache-aside"));
    let missed = story_of(&cache, |s| matches!(s, ClientStep::CacheMiss { .. }));
    assert!(
        missed
            .iter()
            .any(|t| t.ends_with("misses the cache, reads MySQL and fills the cache")),
        "{missed:#?}"
    );
    let hit = story_of(&cache, |s| matches!(s, ClientStep::CacheHit { .. }));
    assert!(
        hit.iter()
            .any(|t| t.ends_with("reads the record from the cache (hit)")),
        "{hit:#?}"
    );
    assert_eq!(
        ClientStep::CacheHit { consumer: 0 }.describe(Lang::Zh, "c"),
        "c 从缓存读取记录（命中）"
    );
}

/// The newer clients' steps, on the lessons that use them: each is in the client log as often
/// as the measure it counts, at a virtual time, and in the lifecycle of its message (en and zh
/// texts that differ). Inline calls have no message: they are client-only steps.
#[test]
fn the_new_clients_steps_are_in_the_lifecycle() {
    let lessons = super::fates::every_lesson_scenario();
    let world = |prefix: &str| {
        let (_, s) = lessons.iter().find(|(n, _)| n.starts_with(prefix)).unwrap();
        World::run(s).unwrap()
    };
    let count = |w: &World, f: &dyn Fn(&ClientStep) -> bool| w.client_log.iter().filter(|c| f(&c.step)).count() as u64;
    // The first message with a step matching `f`: the step is in its lifecycle, timed, in both languages.
    let in_lifecycle = |w: &World, f: &dyn Fn(&ClientStep) -> bool, en: &str| {
        let c = w.client_log.iter().find(|c| f(&c.step)).unwrap_or_else(|| panic!("no step {en}"));
        let body = c.body.clone().expect("about a message");
        let life = full_lifecycle(w, &w.log, &w.client_log, &body);
        let step = life.steps.iter().find(|s| matches!(&s.step, Step::Client { step, .. } if f(step))).expect("in the lifecycle");
        assert_eq!(step.at, c.at);
        let (e, z) = (step.step.client_text(Lang::En).unwrap(), step.step.client_text(Lang::Zh).unwrap());
        assert!(e.contains(en), "{e}");
        assert_ne!(e, z);
        e
    };

    let shovel = world("09-expiry-and-republish reference");
    assert_eq!(count(&shovel, &|s| matches!(s, ClientStep::Republished { .. })), shovel.measures.republished);
    let text = in_lifecycle(&shovel, &|s| matches!(s, ClientStep::Republished { .. }), "republishes it under the same id to exchange");
    let spec = shovel.scenario.consumers.iter().find_map(|c| c.republish.clone()).unwrap();
    let exchange = if spec.exchange.is_empty() { "(default)" } else { spec.exchange.as_str() };
    assert!(text.contains(&format!("“{exchange}”")), "{text}");

    for name in ["11-cache-consistency start", "11-cache-consistency reference"] {
        let cache = world(name);
        assert_eq!(count(&cache, &|s| matches!(s, ClientStep::RowWritten { .. })), cache.measures.cache_writes, "{name}");
        assert_eq!(count(&cache, &|s| matches!(s, ClientStep::CacheDeleted { .. })), cache.measures.cache_deletes, "{name}");
        in_lifecycle(&cache, &|s| matches!(s, ClientStep::RowWritten { .. }), "updates the row in MySQL");
        in_lifecycle(&cache, &|s| matches!(s, ClientStep::CacheDeleted { second: false, .. }), "deletes the cache key (invalidation)");
    }
    let double = world("11-cache-consistency reference");
    assert!(count(&double, &|s| matches!(s, ClientStep::CacheDeleted { second: true, .. })) > 0);
    in_lifecycle(&double, &|s| matches!(s, ClientStep::CacheDeleted { second: true, .. }), "a second time");

    let blind = world("10-delay-queue start");
    let m = &blind.measures;
    assert!(m.paid_orders_cancelled > 0);
    assert_eq!(count(&blind, &|s| matches!(s, ClientStep::OrderCancelled { paid: true, .. })), m.paid_orders_cancelled);
    assert_eq!(count(&blind, &|s| matches!(s, ClientStep::OrderCancelled { .. })), m.orders_cancelled);
    assert_eq!(count(&blind, &|s| matches!(s, ClientStep::OrderPaid { too_late: false, .. })), m.orders_paid);
    assert_eq!(count(&blind, &|s| matches!(s, ClientStep::OrderPaid { too_late: true, .. })), m.paid_after_cancel);
    in_lifecycle(&blind, &|s| matches!(s, ClientStep::OrderCancelled { paid: true, .. }), "although it was paid");
    in_lifecycle(&blind, &|s| matches!(s, ClientStep::OrderPaid { too_late: false, .. }), "pays during the delay");
    let checked = world("10-delay-queue reference");
    assert!(checked.measures.orders_kept_paid > 0);
    assert_eq!(count(&checked, &|s| matches!(s, ClientStep::OrderKeptPaid { .. })), checked.measures.orders_kept_paid);
    in_lifecycle(&checked, &|s| matches!(s, ClientStep::OrderKeptPaid { .. }), "finds the order paid and keeps it");
    in_lifecycle(&checked, &|s| matches!(s, ClientStep::OrderCancelled { paid: false, .. }), "cancels the unpaid order");

    let inline = world("01-why-a-queue start");
    let m = &inline.measures;
    assert!(m.inline_failed > 0);
    assert_eq!(count(&inline, &|s| matches!(s, ClientStep::InlineCall { .. })), m.inline_calls);
    assert_eq!(count(&inline, &|s| matches!(s, ClientStep::InlineCall { failed: true, .. })), m.inline_failed);
    let failed = inline.client_log.iter().find(|c| matches!(c.step, ClientStep::InlineCall { failed: true, .. })).unwrap();
    assert!(failed.body.is_none() && failed.at.as_millis() >= 1000, "the service is down from 1 s: {:?}", failed.at);
    let who = &inline.scenario.producers[0].name;
    for (lang, want) in [(Lang::En, "inline: the call fails"), (Lang::Zh, "调用失败")] {
        assert!(failed.step.describe(lang, who).contains(want));
    }
}

/// The order fanout with an auto-ack SMS service that crashes with an order in its hands: that
/// order's SMS copy is lost and its coupon copy processed once. The unit is the copy, so the
/// processed coupon copy does not hide the lost SMS copy: two fates for one message, the
/// ledger's sum counts 40 copies of 20 orders, its lost line (and the lesson figure) 1, and the
/// lifecycle ends in one sentence per copy. The canvas marks the loss at the SMS service only.
#[test]
fn a_fanout_copy_lost_in_an_auto_ack_crash_is_not_hidden_by_the_copy_processed_in_the_other_queue() {
    use warren::sim::fate::CopyFate;
    use warren::sim::inspect::{marks, Endpoint, MarkKind};
    // sms-service auto-acks and works 100 ms on each order (published every 500 ms from 0 ms),
    // so at 2 550 ms it has order 6 in its hands.
    let text = scenario_text("order-fanout")
        .replace(
            r#""queue": "sms.notify", "prefetch": 10, "processing_ms": {"min": 50, "max": 150}"#,
            r#""queue": "sms.notify", "auto_ack": true, "processing_ms": {"min": 100, "max": 100}"#,
        )
        .replace(
            r#""layout""#,
            r#""faults": [{"at_ms": 2550, "fault": {"kind": "crash_consumer", "consumer": "sms-service"}}], "layout""#,
        );
    assert!(text.contains("auto_ack") && text.contains("crash_consumer"), "the edit applies");
    let (w, id, _) = first_with(&text, FateKind::LostAutoAckCrash);
    assert_eq!(id, "order-service-6");
    let copies = w.fates_of(&id).unwrap();
    assert_eq!(
        copies,
        [
            CopyFate { queue: Some("sms.notify".into()), fate: Fate::LostAutoAckCrash },
            CopyFate { queue: Some("coupon.issue".into()), fate: Fate::Processed },
        ]
    );
    // Every other order: both copies processed once.
    assert_eq!(w.fates_of("order-service-5").unwrap().iter().map(|c| c.fate.kind()).collect::<Vec<_>>(), [FateKind::Processed; 2]);
    let (g, t) = (&w.guarantees, &w.fates);
    assert_eq!((g.published, t.total(), t.get(FateKind::Processed), t.lost()), (20, 40, 39, 1), "{t:?}");
    assert_eq!((g.processed, g.lost_in_auto_ack_consumers, g.lost.values().sum::<u64>()), (39, 1, 1), "{g:?}");
    for (figure, value) in [("lost", 1), ("copies", 40), ("published", 20), ("processed", 39), ("fate_lost_auto_ack_crash", 1)] {
        assert_eq!(warren::sim::lesson::figures::figure(&w, figure), Some(value), "{figure}");
    }
    // The ledger's sum, in both languages, the same in the browser (sum_head) and the CLI (text).
    let sums = [
        (Lang::En, "published 20, copies 40 =", "published 20, copies 40 = processed once 39 + lost: auto-ack crash 1"),
        (Lang::Zh, "已发布 20，副本 40 =", "已发布 20，副本 40 = 处理一次 39 + 丢失：自动确认后崩溃 1"),
    ];
    for (lang, head, line) in sums {
        let ledger = Ledger::new(g, t, lang);
        assert_eq!(ledger.sum_head(lang), head);
        assert!(ledger.text(lang).contains(&line.to_string()), "{:?}", ledger.text(lang));
        let lost = ledger.figures.iter().find(|l| l.id == "lost").unwrap();
        assert_eq!((lost.value, lost.alarm), (1, true));
        assert_eq!(ledger.figures.iter().find(|l| l.id == "copies").map(|l| l.value), Some(40));
    }
    // The lifecycle: the crash among the client steps, then one sentence per copy.
    let life = full_lifecycle(&w, &w.log, &w.client_log, &id);
    let texts: Vec<String> = life.steps.iter().filter_map(|s| s.step.client_text(Lang::En)).collect();
    assert!(texts.iter().any(|t| t.contains("crashes with the message in its hands")), "{texts:#?}");
    assert_eq!(
        life.fate_sentences(Lang::En),
        [
            "In “sms.notify”: lost: delivered with auto-ack, so the broker forgot it at once; the consumer crashed before processing it.",
            "In “coupon.issue”: processed once: its side effect happened exactly once.",
        ]
    );
    assert_eq!(
        life.fate_sentences(Lang::Zh),
        [
            "在“sms.notify”中：丢失：以自动确认投递，代理立即将其遗忘；消费者在处理前崩溃。",
            "在“coupon.issue”中：处理了一次：副作用恰好发生一次。",
        ]
    );
    assert_eq!(
        warren::sim::fate::sentence(&life.fates, Lang::En).unwrap(),
        life.fate_sentences(Lang::En).join(" ")
    );
    // The canvas, just after the crash: the loss is marked at sms-service, with the lost order,
    // and nowhere near the coupon service.
    let s = warren::sim::scenario::parse(&text).unwrap();
    let mut live = World::new(&s).unwrap();
    live.advance_to(warren::core::Time::from_millis(2_600));
    let found = marks(&live, &live.log, &live.client_log, warren::core::Time::from_millis(1_500));
    let losses: Vec<_> = found.iter().filter(|m| m.kind.is_loss()).collect();
    assert_eq!(losses.len(), 1, "{found:?}");
    assert_eq!(
        (&losses[0].place, losses[0].kind, losses[0].body.as_deref()),
        (&Endpoint::Consumer("sms-service".into()), MarkKind::LostAutoAckCrash, Some(id.as_str()))
    );
}
