//! What the playback UI reads off a run (`sim::inspect`): counts, lifecycles and time series
//! agree with the broker's own state and tell the story the scenario is about.

use warren::core::{DeathReason, Time};
use warren::sim::inspect::{self, Look, Endpoint, Step};
use crate::ready_made;
use warren::sim::scenario;
use warren::sim::{Timeline, World};

#[test]
fn queue_depth_series_ends_at_what_the_broker_holds() {
    for name in ["work-queue", "delay-queue", "auto-ack-crash", "lost-ack", "order-fanout"] {
        let s = ready_made(name);
        let mut t = Timeline::new(&s).unwrap();
        for at in [700, 3_300, s.duration_ms] {
            t.seek(Time::from_millis(at));
            let series = inspect::series(t.log(), t.now(), 40);
            let counts = inspect::counts(t.world(), t.log());
            for (queue, (ready, unacked)) in &counts.queues {
                let last = *series.depth[queue].last().unwrap();
                assert_eq!(last, ready + unacked, "{name} at {at} ms: {queue}");
            }
            let published: u64 = series.published.iter().sum();
            assert_eq!(published, t.guarantees().publishes, "{name} at {at} ms");
            assert_eq!(series.delivered.iter().sum::<u64>(), t.guarantees().delivered, "{name} at {at} ms");
        }
    }
}

#[test]
fn a_delay_queue_message_expires_and_is_dead_lettered_to_the_cancel_queue() {
    let s = ready_made("delay-queue");
    let w = World::run(&s).unwrap();
    let first = inspect::message_ids(&w.log)[0].clone();
    let life = inspect::lifecycle(&s, &w.log, &first);
    let dead = life.steps.iter().find_map(|t| match &t.step {
        Step::DeadLettered { queue, reason, exchange, .. } => Some((queue.clone(), *reason, exchange.clone())),
        _ => None,
    });
    let (queue, reason, _) = dead.expect("the delayed message was dead-lettered");
    assert_eq!(reason, DeathReason::Expired);
    assert!(s.queues.iter().any(|q| *q.name == *queue && q.args.contains_key("x-message-ttl")));
    assert_eq!(life.deaths().len(), 1, "x-death records the expiry");
    assert!(matches!(life.steps.first().unwrap().step, Step::Published { .. }));
    assert!(life.steps.iter().any(|t| matches!(t.step, Step::Acked { .. })), "then the canceller processed it: {:?}", life.steps);
}

#[test]
fn the_lost_ack_message_shows_a_redelivery_and_two_acks_by_different_consumers() {
    let s = ready_made("lost-ack");
    let w = World::run(&s).unwrap();
    let twice: Vec<_> = inspect::message_ids(&w.log)
        .into_iter()
        .map(|id| inspect::lifecycle(&s, &w.log, &id))
        .filter(|l| l.steps.iter().any(|t| matches!(t.step, Step::Delivered { redelivered: true, .. })))
        .collect();
    assert!(!twice.is_empty(), "some message was redelivered");
    let delivered_to: Vec<_> = twice[0]
        .steps
        .iter()
        .filter_map(|t| match &t.step {
            Step::Delivered { consumer, .. } => consumer.clone(),
            _ => None,
        })
        .collect();
    assert!(delivered_to.len() >= 2 && delivered_to.iter().any(|c| **c != *delivered_to[0]), "{delivered_to:?}");
}

#[test]
fn flights_and_resting_messages_follow_the_topology() {
    let s = ready_made("work-queue");
    let mut t = Timeline::new(&s).unwrap();
    t.seek(Time::from_millis(5_050));
    let flights = inspect::flights(t.world(), t.log(), Time::from_millis(100), 1_000);
    assert!(!flights.is_empty());
    for f in &flights {
        assert!((0.0..1.0).contains(&f.progress), "{f:?}");
        match (&f.from, &f.to) {
            (Endpoint::Producer(p), Endpoint::Queue(q)) => assert_eq!((&**p, &**q), ("dispatcher", "tasks")),
            (Endpoint::Queue(q), Endpoint::Consumer(c)) => assert!(&**q == "tasks" && c.starts_with("worker-")),
            (Endpoint::Queue(a), Endpoint::Queue(b)) => panic!("nothing is dropped in the work queue: {a} {b}"),
            other => panic!("no such edge in the work queue: {other:?}"),
        }
    }
    let counts = inspect::counts(t.world(), t.log());
    let resting = inspect::resting(t.world(), 1_000);
    let held = resting.iter().filter(|r| matches!(r.at, Endpoint::Consumer(_))).count() as u64;
    assert_eq!(held, counts.consumers.values().map(|c| c.0).sum::<u64>());
    let processed: u64 = counts.consumers.values().map(|c| c.1).sum();
    assert_eq!(processed, t.guarantees().acked);
    assert!(resting.iter().all(|r| r.look != Look::Lost));
}

#[test]
fn producer_names_are_read_from_message_ids() {
    let s = ready_made("order-fanout");
    let p = &s.producers[0].name;
    assert_eq!(inspect::producer_of(&s, &format!("{p}-12")), Some(p.as_str()));
    assert_eq!(inspect::producer_of(&s, &format!("{p}-x")), None);
    assert_eq!(inspect::producer_of(&s, "nobody-1"), None);
}

#[test]
fn a_tally_kept_up_to_date_step_by_step_equals_one_read_of_the_whole_log() {
    let s = ready_made("lost-ack");
    let mut t = Timeline::new(&s).unwrap();
    let mut tally = inspect::Tally::default();
    for at in (0..=s.duration_ms).step_by(250).chain([3_000, 7_777, 1_000, s.duration_ms]) {
        t.seek(Time::from_millis(at));
        if at == 3_000 {
            t.inject(warren::sim::scenario::Fault::CrashConsumer { consumer: "charger-b".into() }).unwrap();
        }
        tally.update(t.branch(), t.log(), &t.world().scenario);
        assert_eq!(inspect::counts_with(t.world(), &tally), inspect::counts(t.world(), t.log()), "at {at} ms");
    }
    assert!(inspect::counts(t.world(), t.log()).consumers.values().any(|c| c.1 > 0));
}

#[test]
fn confirmed_publishes_and_drops_have_their_own_looks() {
    // Confirm mode: the publish legs travel as confirmed.
    let s = ready_made("lost-ack");
    let mut t = Timeline::new(&s).unwrap();
    t.seek(Time::from_millis(1_050));
    let flights = inspect::flights(t.world(), t.log(), Time::from_millis(100), 100);
    assert!(flights.iter().any(|f| matches!(f.from, Endpoint::Producer(_)) && f.look == Look::Confirmed), "{flights:?}");

    // A max-length queue drops its head: the dropped copy falls out of the queue as lost.
    let text = r#"{"version": 1, "seed": 1, "duration_ms": 2000,
        "queues": [{"name": "small", "args": {"x-max-length": 2}}],
        "producers": [{"name": "p", "keys": ["small"], "interval_ms": 100}]}"#;
    let s = scenario::parse(text).unwrap();
    let mut t = Timeline::new(&s).unwrap();
    t.seek(Time::from_millis(1_000));
    let flights = inspect::flights(t.world(), t.log(), Time::from_millis(100), 100);
    let dropped: Vec<_> = flights.iter().filter(|f| f.from == f.to).collect();
    assert!(!dropped.is_empty(), "{flights:?}");
    assert!(dropped.iter().all(|f| f.look == Look::Lost && f.from == Endpoint::Queue("small".into())));
}

#[test]
fn end_to_end_latency_is_the_delay_queue_ttl_for_cancelled_orders() {
    let s = ready_made("delay-queue");
    let w = World::run(&s).unwrap();
    let series = inspect::series(&w.log, Time::from_millis(s.duration_ms), 60);
    let ttl = s.queues.iter().find_map(|q| q.args.get("x-message-ttl")).and_then(|v| v.as_u64()).unwrap();
    let measured: Vec<u64> = series.latency.iter().copied().filter(|l| *l > 0).collect();
    assert!(!measured.is_empty());
    // Every order waits the TTL in the delay queue, then a little for the canceller.
    assert!(measured.iter().all(|l| *l >= ttl && *l < ttl + 1_000), "{measured:?} vs ttl {ttl}");
}

/// The cluster as playback reads it: node states, who leads / mirrors / follows which queue, a
/// quorum queue's leader and term, and a halted classic queue whose home node is down.
#[test]
fn nodes_and_queue_replication_are_read_off_the_cluster_state() {
    use warren::core::cluster::NodeState;
    use warren::sim::inspect::{nodes, queue_looks};
    let s = warren::ui::model::templates::Template::by_id("mirrored-vs-quorum").unwrap().scenario().unwrap();
    let mut world = warren::sim::World::new(&s).unwrap();
    world.advance_to(warren::core::Time::from_millis(400));
    let before = nodes(&world);
    assert_eq!(before.iter().map(|n| n.state).collect::<Vec<_>>(), [NodeState::Up; 3]);
    assert_eq!(before[1].leads.iter().map(|q| q.to_string()).collect::<Vec<_>>(), ["ha.orders", "qq.orders"]);
    assert_eq!(before[2].mirrors.iter().map(|q| q.to_string()).collect::<Vec<_>>(), ["ha.orders"]);
    assert!(before[2].follows.iter().any(|q| &**q == "qq.orders"));
    let q = queue_looks(&world);
    assert_eq!((q[1].leader.as_deref(), q[1].term, q[1].quorum), (Some("rabbit2"), Some(1), true));

    world.advance_to(warren::core::Time::from_millis(1500));
    let after = nodes(&world);
    assert_eq!(after[1].state, NodeState::Crashed);
    let q = queue_looks(&world);
    assert!(q[0].mirrored && q[0].leader.as_deref() == Some("rabbit3") && !q[0].halted, "{:?}", q[0]);
    assert!(q[1].leader.as_deref() != Some("rabbit2") && q[1].term.unwrap() >= 2, "{:?}", q[1]);

    let mut classic = s.clone();
    classic.policies.clear();
    let mut world = warren::sim::World::new(&classic).unwrap();
    world.advance_to(warren::core::Time::from_millis(1500));
    let ha = &queue_looks(&world)[0];
    assert!(!ha.mirrored && ha.halted && ha.leader.as_deref() == Some("rabbit2"), "{ha:?}");
}
