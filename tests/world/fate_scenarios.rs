//! The ready-made scenarios made to show the fates no other one shows at its end
//! (`scenarios/dead-letters-and-overflow.json`, `publisher-told-no.json`, `consumer-failures.json`):
//! each fate they are meant to show is there, on the messages of the producer that makes it, as
//! many times as an independent count says (the rule's own arithmetic, the client log, the
//! world's counters), and the fates add up to `published`. No scenario fans out, so one message is
//! one copy and these counts hold whether a fate counts messages or copies.

use std::collections::BTreeMap;

use warren::sim::client_event::ClientStep;
use warren::sim::fate::{Fate, FateKind};
use warren::sim::World;

use super::{run, scenario_text};

/// The fate of a message of these scenarios: they never fan out, so it has one copy.
fn fate(world: &World, id: &str) -> Option<Fate> {
    let mut copies = world.fates_of(id)?;
    assert!(copies.len() <= 1, "{id} has {} copies: these scenarios do not fan out", copies.len());
    copies.pop().map(|c| c.fate)
}

/// Each producer's messages (by name), counted by fate kind.
fn by_producer(world: &World) -> BTreeMap<String, BTreeMap<FateKind, u64>> {
    let mut out = BTreeMap::new();
    for p in &world.scenario.producers {
        let counts: &mut BTreeMap<FateKind, u64> = out.entry(p.name.clone()).or_default();
        for n in 1.. {
            let Some(fate) = fate(world, &format!("{}-{n}", p.name)) else {
                break;
            };
            *counts.entry(fate.kind()).or_default() += 1;
        }
    }
    out
}

/// The fates of one producer's messages, in message order.
fn fates_of(world: &World, producer: &str) -> Vec<Fate> {
    (1..)
        .map_while(|n| fate(world, &format!("{producer}-{n}")))
        .collect()
}

/// How many client steps `pred` accepts.
fn steps(world: &World, pred: impl Fn(&ClientStep) -> bool) -> u64 {
    world.client_log.iter().filter(|c| pred(&c.step)).count() as u64
}

fn consumer(world: &World, name: &str) -> u32 {
    world
        .scenario
        .consumers
        .iter()
        .position(|c| c.name == name)
        .expect("a consumer of the scenario") as u32
}

/// How many times `name`'s processing failed (each failure is one message's fate).
fn failures(world: &World, name: &str) -> u64 {
    let who = consumer(world, name);
    steps(world, |s| matches!(s, ClientStep::ProcessingFailed { consumer } if *consumer == who))
}

/// `published = Σ fates`, and nothing outside `kinds` (in particular nothing vanished, nothing
/// still on its way at the end).
fn only(world: &World, kinds: &[FateKind]) {
    assert_eq!(world.fates.total(), world.guarantees.published);
    for (kind, n) in world.fates.lines() {
        assert!(
            n == 0 || kinds.contains(&kind),
            "unexpected {} {n}: {:?}",
            kind.id(),
            world.fates
        );
    }
}

#[test]
fn dead_letters_and_overflow_shows_dead_lettered_dropped_and_overflow() {
    let w = run(&scenario_text("dead-letters-and-overflow"));
    let counts = by_producer(&w);
    eprintln!("{counts:?}\n{:?}", w.guarantees);
    only(
        &w,
        &[
            FateKind::Processed,
            FateKind::DeadLettered,
            FateKind::Dropped,
            FateKind::Overflow,
        ],
    );
    let analytics = consumer(&w, "analytics");

    // A payment payer fails is rejected without requeue: payments' DLX moves it to payments.dlq,
    // where nobody consumes, so it waits there. One failure, one dead letter.
    let failed_payments = failures(&w, "payer");
    assert!(failed_payments > 0);
    assert_eq!(
        counts["checkout"].get(&FateKind::DeadLettered),
        Some(&failed_payments)
    );
    assert_eq!(
        counts["checkout"]
            .get(&FateKind::Processed)
            .copied()
            .unwrap_or(0)
            + failed_payments,
        30,
        "every payment is processed or dead-lettered: {counts:?}"
    );
    for fate in fates_of(&w, "checkout") {
        if let Fate::DeadLettered { queue, reason } = &fate {
            assert_eq!(
                (&**queue, format!("{reason:?}")),
                ("payments.dlq", "Rejected".to_string())
            );
        }
    }

    // clicks has no DLX: a click analytics rejects is dropped, and overflow drops the oldest.
    let failed_clicks = failures(&w, "analytics");
    let clicks = &counts["tracker"];
    assert!(failed_clicks > 0);
    assert_eq!(clicks.get(&FateKind::Dropped), Some(&failed_clicks));
    let overflow = clicks.get(&FateKind::Overflow).copied().unwrap_or(0);
    // analytics took `started` clicks (each processed or rejected); the rest overflowed.
    let started = steps(
        &w,
        |s| matches!(s, ClientStep::ProcessingStarted { consumer } if *consumer == analytics),
    );
    assert!(overflow > 0);
    assert_eq!(overflow + started, 100, "{clicks:?}");
    assert_eq!(
        w.fates.get(FateKind::Overflow),
        overflow,
        "only clicks overflow"
    );
    for fate in fates_of(&w, "tracker") {
        match &fate {
            Fate::Overflow { queue } | Fate::Dropped { queue, .. } => {
                assert_eq!(&**queue, "clicks")
            }
            Fate::Processed => {}
            other => panic!("a click is processed, dropped or overflowed: {other:?}"),
        }
    }
}

#[test]
fn the_publisher_is_told_no_shows_returned_and_nacked() {
    let w = run(&scenario_text("publisher-told-no"));
    let counts = by_producer(&w);
    eprintln!("{counts:?}\n{:?}", w.guarantees);
    only(
        &w,
        &[FateKind::Processed, FateKind::Returned, FateKind::Nacked],
    );

    // alerts' keys alternate sms, push; push matches no binding of notify and is mandatory.
    let alerts = fates_of(&w, "alerts");
    assert_eq!(alerts.len(), 10);
    for (i, fate) in alerts.iter().enumerate() {
        let want = if i % 2 == 1 {
            FateKind::Returned
        } else {
            FateKind::Processed
        };
        assert_eq!(fate.kind(), want, "alerts-{}", i + 1);
    }
    assert_eq!(
        (w.fates.get(FateKind::Returned), w.guarantees.returned),
        (5, 5)
    );

    // orders refuses while 3 are ready: each refusal is one nack, final for checkout (no resends),
    // and every order fulfilment took was processed.
    let checkout = &counts["checkout"];
    let nacked = checkout.get(&FateKind::Nacked).copied().unwrap_or(0);
    let fulfilment = consumer(&w, "fulfilment");
    let taken = steps(
        &w,
        |s| matches!(s, ClientStep::ProcessingStarted { consumer } if *consumer == fulfilment),
    );
    assert!(nacked > 0, "{checkout:?}");
    assert_eq!((w.guarantees.nacked, w.guarantees.resends), (nacked, 0));
    assert_eq!(checkout.get(&FateKind::Processed), Some(&taken));
    assert_eq!(nacked + taken, 20, "{checkout:?}");
}

#[test]
fn the_broker_is_down_shows_lost_on_the_way_and_gave_up() {
    let w = run(&scenario_text("broker-down"));
    let counts = by_producer(&w);
    eprintln!("{counts:?}\n{:?}", w.guarantees);
    only(
        &w,
        &[
            FateKind::Processed,
            FateKind::LostOnTheWay,
            FateKind::GaveUp,
        ],
    );
    let (down, up) = (2000, 5000);
    let sent_at = |producer: &str, n: u64| -> u64 {
        let p = w
            .scenario
            .producers
            .iter()
            .find(|p| p.name == producer)
            .unwrap();
        p.start_ms + (n - 1) * p.interval_ms
    };

    // Without confirms, a metric sent while the node is down is lost on the way; the rest arrive.
    for (i, fate) in fates_of(&w, "metrics-agent").iter().enumerate() {
        let at = sent_at("metrics-agent", i as u64 + 1);
        let want = if (down..up).contains(&at) {
            FateKind::LostOnTheWay
        } else {
            FateKind::Processed
        };
        assert_eq!(fate.kind(), want, "metrics-agent-{} sent at {at} ms", i + 1);
    }

    // billing resends every 100 ms: an invoice whose 10th resend (1 s after it was sent) still
    // finds the node down is given up; a later one gets through once the node is back.
    let billing = fates_of(&w, "billing");
    for (i, fate) in billing.iter().enumerate() {
        let at = sent_at("billing", i as u64 + 1);
        let want = if (down..up - 1000).contains(&at) {
            FateKind::GaveUp
        } else {
            FateKind::Processed
        };
        assert_eq!(fate.kind(), want, "billing-{} sent at {at} ms", i + 1);
    }
    assert!(
        counts["billing"][&FateKind::GaveUp] > 0
            && counts["metrics-agent"][&FateKind::LostOnTheWay] > 0
    );
    assert_eq!(w.guarantees.gave_up, counts["billing"][&FateKind::GaveUp]);
}

#[test]
fn failures_inside_the_consumer_lose_messages_the_broker_counts_as_handled() {
    let w = run(&scenario_text("consumer-failures"));
    let counts = by_producer(&w);
    eprintln!("{counts:?}\n{:?}", w.guarantees);
    only(
        &w,
        &[
            FateKind::Processed,
            FateKind::LostAutoAckFailure,
            FateKind::LostAfterDedupMark,
        ],
    );

    // Auto-ack: each failed resize is a lost thumbnail; the broker has nothing to requeue.
    let failed = failures(&w, "resizer");
    assert!(failed > 0);
    assert_eq!(
        counts["uploads"].get(&FateKind::LostAutoAckFailure),
        Some(&failed)
    );
    assert_eq!(
        counts["uploads"]
            .get(&FateKind::Processed)
            .copied()
            .unwrap_or(0)
            + failed,
        30
    );

    // charger (prefetch 1) crashes twice mid-charge: each time the one charge in its hands was
    // already marked in the dedup store, so its redelivery is skipped and it is never charged.
    let charger = consumer(&w, "charger");
    let crashes = steps(
        &w,
        |s| matches!(s, ClientStep::Crashed { consumer } if *consumer == charger),
    );
    assert_eq!(crashes, 2);
    let shop = &counts["shop"];
    assert_eq!(
        shop.get(&FateKind::LostAfterDedupMark),
        Some(&2),
        "{shop:?}"
    );
    assert_eq!(shop.get(&FateKind::Processed), Some(&28), "{shop:?}");
    assert_eq!(
        steps(
            &w,
            |s| matches!(s, ClientStep::DedupHit { consumer } if *consumer == charger)
        ),
        2,
        "the two redeliveries are the only duplicates"
    );
}

/// Every fate but "vanished" ends some ready-made scenario or some lesson's starting scenario,
/// so a student can open a message with it (and e2e/fates.test.mjs shoots each). "Vanished" is
/// the bucket for a message gone without a known cause: `fates.rs` asserts that no ready-made
/// scenario, chaos run or lesson ever ends with one.
#[test]
fn every_fate_but_vanished_ends_a_ready_made_scenario_or_a_lesson() {
    use warren::ui::model::templates::TEMPLATES;
    let mut scenarios: Vec<(String, warren::sim::scenario::Scenario)> = TEMPLATES
        .iter()
        .map(|t| (t.id.to_string(), t.scenario().unwrap()))
        .collect();
    scenarios.extend(
        super::fates::every_lesson_scenario()
            .into_iter()
            .filter(|(n, _)| n.ends_with("start")),
    );
    let mut shown: BTreeMap<FateKind, String> = BTreeMap::new();
    for (name, s) in &scenarios {
        let world = World::run(s).unwrap();
        for (kind, n) in world.fates.lines() {
            if n > 0 {
                shown.entry(kind).or_insert_with(|| name.clone());
            }
        }
    }
    eprintln!("{shown:#?}");
    let missing: Vec<_> = FateKind::ALL
        .iter()
        .filter(|k| **k != FateKind::Vanished && !shown.contains_key(k))
        .map(|k| k.id())
        .collect();
    assert!(missing.is_empty(), "no scenario ends with {missing:?}");
    assert!(!shown.contains_key(&FateKind::Vanished), "{shown:?}");
}

/// The canvas labels where these fates happen (src/sim/inspect/marks.rs): a refusal at the full
/// queue, a return at the publisher it went back to, a dead letter at the queue it left. Each
/// label opens a message with that fate, and the refusals are counted as the nacks are.
#[test]
fn refusals_returns_and_dead_letters_are_marked_where_they_happen() {
    use warren::core::Time;
    use warren::lang::Lang;
    use warren::sim::inspect::{marks, Endpoint, MarkKind};
    use warren::sim::Timeline;

    let window = Time::from_millis(1_500);
    let at = |name: &str, ms: u64| {
        let s = warren::sim::scenario::parse(&scenario_text(name)).unwrap();
        let mut t = Timeline::new(&s).unwrap();
        t.seek(Time::from_millis(ms));
        t
    };
    let end = |name: &str| run(&scenario_text(name));

    let told_no = at("publisher-told-no", 1_500);
    let found = marks(told_no.world(), told_no.log(), told_no.client_log(), window);
    let fates = end("publisher-told-no");
    let refused = found
        .iter()
        .find(|m| m.kind == MarkKind::Refused)
        .expect("a refusal");
    assert_eq!(refused.place, Endpoint::Queue("orders".into()));
    let body = refused.body.as_deref().expect("it opens a message");
    assert_eq!(
        fate(&fates, body).map(|f| f.kind()),
        Some(FateKind::Nacked),
        "{body}"
    );
    // Every nack of the first 1.5 s is one refusal.
    assert_eq!(refused.count, told_no.world().guarantees.nacked);
    let returned = found
        .iter()
        .find(|m| m.kind == MarkKind::Returned)
        .expect("a return");
    assert_eq!(returned.place, Endpoint::Producer("alerts".into()));
    let body = returned.body.as_deref().unwrap();
    assert_eq!(
        fate(&fates, body).map(|f| f.kind()),
        Some(FateKind::Returned),
        "{body}"
    );
    assert_eq!(
        (returned.kind.label(Lang::En), returned.kind.label(Lang::Zh)),
        ("returned to the publisher", "退回给发布者")
    );
    assert!(refused.kind.is_warning() && !refused.kind.is_loss());

    // payer fails checkout-6 at 1.316 s: payments dead-letters it.
    let dead = at("dead-letters-and-overflow", 1_400);
    let found = marks(dead.world(), dead.log(), dead.client_log(), window);
    let m = found
        .iter()
        .find(|m| m.kind == MarkKind::DeadLettered)
        .expect("a dead letter");
    assert_eq!(
        (&m.place, m.body.as_deref()),
        (&Endpoint::Queue("payments".into()), Some("checkout-6"))
    );
    assert_eq!(
        fate(&end("dead-letters-and-overflow"), "checkout-6").map(|f| f.kind()),
        Some(FateKind::DeadLettered)
    );
    // Before it, nothing was dead-lettered.
    let before = at("dead-letters-and-overflow", 1_300);
    assert!(
        marks(before.world(), before.log(), before.client_log(), window)
            .iter()
            .all(|m| m.kind != MarkKind::DeadLettered)
    );
}

/// A redelivery the dedup store skips is harmless after a side effect and a loss without one:
/// the canvas says which. charger crashes at 5 s with shop-… marked but not charged.
#[test]
fn a_skipped_redelivery_is_marked_lost_when_it_was_never_processed() {
    use warren::core::Time;
    use warren::sim::client_event::ClientEvent;
    use warren::sim::inspect::{marks, Endpoint, MarkKind};
    use warren::sim::Timeline;

    let window = Time::from_millis(1_500);
    // The marks 100 ms after the first dedup hit of a scenario.
    let after_first_hit = |text: &str| {
        let s = warren::sim::scenario::parse(text).unwrap();
        let end = World::run(&s).unwrap();
        let hit: &ClientEvent = end
            .client_log
            .iter()
            .find(|c| matches!(c.step, ClientStep::DedupHit { .. }))
            .expect("a dedup hit");
        let mut t = Timeline::new(&s).unwrap();
        t.seek(Time::from_millis(hit.at.as_millis() + 100));
        let found = marks(t.world(), t.log(), t.client_log(), window);
        let fate = fate(&end, hit.body.as_deref().unwrap()).map(|f| f.kind());
        (found, fate)
    };
    let (found, fate) = after_first_hit(&scenario_text("consumer-failures"));
    assert_eq!(fate, Some(FateKind::LostAfterDedupMark));
    let m = found
        .iter()
        .find(|m| m.kind == MarkKind::LostAfterDedupMark)
        .expect("the loss is marked");
    assert_eq!(m.place, Endpoint::Consumer("charger".into()));
    assert!(m.kind.is_loss());
    assert!(found.iter().all(|m| m.kind != MarkKind::DuplicateSkipped));

    let (found, fate) = after_first_hit(&scenario_text("lost-ack-dedup"));
    assert_eq!(fate, Some(FateKind::Deduplicated));
    assert!(found.iter().any(|m| m.kind == MarkKind::DuplicateSkipped));
    assert!(found.iter().all(|m| m.kind != MarkKind::LostAfterDedupMark));
}
