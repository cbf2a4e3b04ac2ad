//! What the canvas marks (src/sim/inspect/marks.rs): a short-lived label at the place of a key
//! moment (a loss, a duplicate, a rollback), in English and Chinese, and a crashed client until
//! it is back.

use warren::core::Time;
use warren::lang::Lang;
use warren::sim::inspect::{client_statuses, marks, Endpoint, Mark, MarkKind};
use warren::sim::world::ClientStatus;
use warren::sim::Timeline;

use super::{pattern_text, ready_made};

const WINDOW: Time = Time::from_millis(1_500);

fn at(name: &str, pattern: bool, ms: u64) -> Timeline {
    let s = if pattern {
        warren::sim::scenario::parse(&pattern_text(name)).unwrap()
    } else {
        ready_made(name)
    };
    let mut t = Timeline::new(&s).unwrap();
    t.seek(Time::from_millis(ms));
    t
}

fn marks_of(t: &Timeline) -> Vec<Mark> {
    marks(t.world(), t.log(), t.client_log(), WINDOW)
}

fn find(t: &Timeline, kind: MarkKind) -> Option<Mark> {
    marks_of(t).into_iter().find(|m| m.kind == kind)
}

#[test]
fn an_auto_ack_crash_is_marked_lost_at_the_consumer_which_shows_crashed_until_it_restarts() {
    let before = at("auto-ack-crash", false, 3_900);
    assert_eq!(find(&before, MarkKind::LostAutoAckCrash), None);
    assert!(client_statuses(before.world()).is_empty());
    let t = at("auto-ack-crash", false, 4_100);
    let m = find(&t, MarkKind::LostAutoAckCrash).expect("the crash is marked");
    assert_eq!(m.place, Endpoint::Consumer("mailer-1".into()));
    assert!(
        m.kind.is_loss() && m.count >= 1 && m.body.is_some(),
        "{m:?}"
    );
    assert_eq!(
        (m.kind.label(Lang::En), m.kind.label(Lang::Zh)),
        ("lost: auto-ack crash", "丢失：自动确认后崩溃")
    );
    assert_eq!(
        client_statuses(t.world()),
        vec![(
            Endpoint::Consumer("mailer-1".into()),
            ClientStatus::Crashed {
                back_at: Time::from_millis(5_000)
            }
        )]
    );
    let back = at("auto-ack-crash", false, 5_100);
    assert!(
        client_statuses(back.world()).is_empty(),
        "back after its restart"
    );
    assert!(
        find(&back, MarkKind::Restarted).is_some(),
        "the restart is marked: {:?}",
        marks_of(&back)
    );
    let later = at("auto-ack-crash", false, 7_000);
    assert_eq!(
        find(&later, MarkKind::LostAutoAckCrash),
        None,
        "the label is short-lived"
    );
}

#[test]
fn a_duplicate_and_a_lost_ack_are_marked_at_the_consumers() {
    let t = at("lost-ack", false, 1_700);
    assert_eq!(
        find(&t, MarkKind::AckLost).map(|m| m.place),
        Some(Endpoint::Consumer("charger-a".into()))
    );
    let t = at("lost-ack", false, 3_300);
    let m = find(&t, MarkKind::Duplicate).expect("the second side effect is marked");
    assert_eq!(
        (m.place, m.kind.label(Lang::Zh)),
        (Endpoint::Consumer("charger-b".into()), "重复处理")
    );
}

#[test]
fn a_rollback_is_marked_at_the_producer_and_a_failover_loss_at_the_queue() {
    let s = warren::sim::scenario::parse(&pattern_text("tx-batches")).unwrap();
    let w = warren::sim::World::run(&s).unwrap();
    let rollback = w
        .client_log
        .iter()
        .find(|c| {
            matches!(
                c.step,
                warren::sim::client_event::ClientStep::TxRollback { .. }
            )
        })
        .unwrap()
        .at;
    let t = at("tx-batches", true, rollback.as_millis() + 10);
    let m = find(&t, MarkKind::RolledBack).expect("the rollback is marked");
    assert_eq!(
        (&m.place, m.kind.label(Lang::En)),
        (&Endpoint::Producer("importer".into()), "rolled back")
    );
    assert!(m.count >= 1, "one per message of the batch: {m:?}");
    let t = at("mirrored-vs-quorum", false, 1_100);
    let m = find(&t, MarkKind::LostOnFailover).expect("the promotion's losses are marked");
    assert_eq!(m.place, Endpoint::Queue("ha.orders".into()));
    assert_eq!(m.count, 30);
    // Each lost copy is the queue's: the label opens one of them, a message of the scenario.
    let body = m.body.expect("a dropped copy's message");
    let copies = t.world().fates_of(&body).expect("a producer's message");
    assert!(
        copies.iter().any(|c| c.queue.as_deref() == Some("ha.orders") && c.fate.kind() == warren::sim::fate::FateKind::LostOnFailover),
        "{body}: {copies:?}"
    );
}

/// The canvas stacks a place's labels in the order `marks` gives them: one per place and kind,
/// sorted by place, then kind (inspect keeps them in a sorted list).
#[test]
fn marks_come_one_per_place_and_kind_in_place_then_kind_order() {
    let mut most = 0;
    for (name, pattern) in [
        ("chaos-at-least-once", true),
        ("cluster-chaos", true),
        ("dead-letters-and-overflow", false),
        ("mirrored-vs-quorum", false),
    ] {
        for ms in (500..=20_000).step_by(500) {
            let found = marks_of(&at(name, pattern, ms));
            let keys: Vec<_> = found.iter().map(|m| (m.place.clone(), m.kind)).collect();
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "{name} at {ms} ms: {keys:?}");
            most = most.max(found.len());
        }
    }
    assert!(most >= 3, "some moment has several marks to order: {most}");
}
