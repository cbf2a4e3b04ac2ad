//! Time travel (issue 5): a timeline that seeks back and forth gives exactly the run a straight
//! run gives, and a fault injected in the past forks into the run that has that fault scheduled.

use warren::core::Time;
use crate::ready_made;
use warren::sim::scenario::{Fault, Scenario, ScheduledFault};
use warren::sim::{Timeline, World};

fn ms(ms: u64) -> Time {
    Time::from_millis(ms)
}

/// A straight run to `t`, with the ledger counted as of `t`.
fn straight(s: &Scenario, t: Time) -> World {
    let mut w = World::new(s).unwrap();
    w.advance_to(t);
    w.finish();
    w
}

fn queue_contents(w: &World) -> Vec<(String, Vec<String>)> {
    w.broker.queues().map(|q| (q.name.to_string(), q.ready.iter().map(|m| m.msg.body.to_string()).collect())).collect()
}

#[test]
fn seeking_back_and_forth_gives_exactly_the_straight_run() {
    for name in ["lost-ack", "delay-queue", "work-queue", "order-fanout"] {
        let s = ready_made(name);
        let end = ms(s.duration_ms);
        let mut t = Timeline::with_snapshots_every(&s, 700).unwrap();
        // Wander: forward in uneven steps, far back, forward past the horizon, back again.
        for target in [1_234, 3_000, 250, 2_999, 5_555, 10, 7_000, 4_321] {
            t.seek(ms(target).min(end));
            let straight = straight(&s, ms(target).min(end));
            assert_eq!(t.log(), &straight.log[..], "{name}: the events up to {target} ms");
            assert_eq!(t.guarantees(), &straight.guarantees, "{name} at {target} ms");
            assert_eq!(queue_contents(t.world()), queue_contents(&straight), "{name} at {target} ms");
        }
        t.seek(end);
        let full = World::run(&s).unwrap();
        assert_eq!(t.log(), &full.log[..], "{name}: the whole run");
        assert_eq!(t.guarantees(), &full.guarantees, "{name}: the final ledger");
        assert!(t.snapshot_count() > 2, "{name}: snapshots were taken");
    }
}

#[test]
fn a_fault_injected_in_the_past_forks_into_the_run_with_that_fault_scheduled() {
    let mut s = ready_made("work-queue");
    s.faults.clear();
    let mut t = Timeline::new(&s).unwrap();
    t.seek(ms(s.duration_ms));
    let original = t.guarantees().clone();
    let original_log = t.log().to_vec();

    t.seek(ms(2_000));
    let crash = Fault::CrashConsumer { consumer: s.consumers[0].name.clone() };
    t.inject(crash.clone()).unwrap();
    assert_eq!(t.now(), ms(2_000), "injecting does not move time");
    assert_eq!(t.horizon(), ms(2_000), "the old future is gone");
    t.seek(ms(s.duration_ms));

    let mut with_fault = s.clone();
    with_fault.faults.push(ScheduledFault { at_ms: 2_000, fault: crash });
    let fresh = World::run(&with_fault).unwrap();
    assert_eq!(t.log(), &fresh.log[..], "the fork is the fresh run with the fault");
    assert_eq!(t.guarantees(), &fresh.guarantees);
    assert_ne!(t.log(), &original_log[..], "and differs from the original");
    assert_ne!(t.guarantees().redelivered + t.guarantees().delivered, original.redelivered + original.delivered);
}

#[test]
fn a_fork_drops_the_actions_of_the_discarded_future() {
    let s = ready_made("lost-ack");
    let mut t = Timeline::new(&s).unwrap();
    t.seek(ms(4_000));
    t.inject(Fault::RestartBroker).unwrap();
    t.seek(ms(1_500));
    t.inject(Fault::LoseNextAck { consumer: "charger-b".into() }).unwrap();
    assert_eq!(t.actions().len(), 1, "the restart at 4 s was in the discarded future");
    assert_eq!(t.actions()[0].at_ms, 1_500);
    assert_eq!(t.scenario().faults.len(), s.faults.len() + 1);
}

#[test]
fn an_unknown_target_is_refused_and_changes_nothing() {
    let s = ready_made("lost-ack");
    let mut t = Timeline::new(&s).unwrap();
    t.seek(ms(2_000));
    let before = (t.log().len(), t.guarantees().clone(), t.horizon());
    let error = t.inject(Fault::CrashConsumer { consumer: "ghost".into() }).unwrap_err();
    assert!(error.to_string().contains("no consumer named \"ghost\""), "{error}");
    let zh = error.render(warren::lang::Lang::Zh);
    assert!(zh.starts_with("故障未注入：") && zh.contains("ghost"), "{zh}");
    assert_eq!((t.log().len(), t.guarantees().clone(), t.horizon()), before);
    assert!(t.actions().is_empty());
}

#[test]
fn step_goes_to_the_next_event_and_stops_at_the_end() {
    let s = ready_made("delay-queue");
    let full = World::run(&s).unwrap();
    let mut t = Timeline::new(&s).unwrap();
    let mut times = Vec::new();
    while let Some(at) = t.step() {
        assert_eq!(t.now(), at);
        times.push(at);
    }
    let mut expected: Vec<Time> = full.log.iter().map(|e| e.at).filter(|at| *at > Time::ZERO).collect();
    expected.dedup();
    assert_eq!(times, expected, "one step per distinct event time");
    assert_eq!(t.log(), &full.log[..]);
}

#[test]
fn restart_and_reseed_start_over_from_time_zero() {
    let s = ready_made("work-queue");
    let mut t = Timeline::new(&s).unwrap();
    t.seek(ms(3_000));
    t.inject(Fault::RestartBroker).unwrap();
    t.restart();
    assert_eq!((t.now(), t.actions().len()), (Time::ZERO, 0));
    t.seek(ms(s.duration_ms));
    assert_eq!(t.log(), &World::run(&s).unwrap().log[..], "same seed, same run");

    t.set_seed(s.seed + 1);
    t.seek(ms(s.duration_ms));
    let mut other = s.clone();
    other.seed += 1;
    assert_eq!(t.log(), &World::run(&other).unwrap().log[..]);
    assert_eq!(t.base().seed, s.seed + 1);
}

#[test]
fn a_zero_snapshot_interval_is_refused() {
    let error = Timeline::with_snapshots_every(&ready_made("lost-ack"), 0).unwrap_err();
    assert!(error.to_string().contains("snapshot interval"), "{error}");
    assert!(error.render(warren::lang::Lang::Zh).contains("快照间隔"));
}

#[test]
fn an_edit_in_the_past_forks_and_keeps_the_actions_that_still_apply() {
    let s = ready_made("lost-ack");
    let mut t = Timeline::new(&s).unwrap();
    t.seek(ms(2_500));
    t.inject(Fault::CrashConsumer { consumer: "charger-b".into() }).unwrap();
    t.inject(Fault::LoseNextConfirm { producer: "checkout".into() }).unwrap();
    t.seek(ms(6_000));
    t.seek(ms(3_000));
    let mut edited = s.clone();
    edited.consumers[1].processing_ms.max = 900; // charger-b becomes slower
    edited.producers[0].name = "shop".into(); // the lost confirm's target is gone
    edited.consumers[1].processing_ms.min = 800;
    t.edit(&edited).unwrap();
    assert_eq!((t.now(), t.horizon()), (ms(3_000), ms(3_000)), "the future is recomputed from now");
    assert_eq!(t.actions().len(), 1, "the crash still applies, the lost confirm names no producer now");
    t.seek(ms(s.duration_ms));
    let mut expected = edited.clone();
    expected.faults.push(ScheduledFault { at_ms: 2_500, fault: Fault::CrashConsumer { consumer: "charger-b".into() } });
    assert_eq!(t.log(), &World::run(&expected).unwrap().log[..]);

    let mut broken = edited.clone();
    broken.duration_ms = 0;
    let before = t.log().len();
    let refused = t.edit(&broken).unwrap_err();
    assert!(refused.to_string().contains("duration_ms: must be at least 1"), "{refused}");
    assert!(refused.render(warren::lang::Lang::Zh).contains("duration_ms：至少为 1"), "{refused:?}");
    assert_eq!(t.log().len(), before, "a refused edit changes nothing");
}

#[test]
fn a_consumer_crash_during_playback_redelivers_what_it_held() {
    let s = ready_made("work-queue");
    let mut t = Timeline::new(&s).unwrap();
    t.seek(ms(4_321));
    let held = warren::sim::inspect::counts(t.world(), t.log()).consumers["worker-1"].0;
    assert_eq!(held, 1, "worker-1 holds a task");
    t.inject(Fault::CrashConsumer { consumer: "worker-1".into() }).unwrap();
    t.seek(ms(5_821));
    assert!(t.guarantees().redelivered >= 1, "{:?}", t.guarantees());
}

#[test]
fn playback_frames_then_a_settle_give_the_ledger_a_seek_gives() {
    let s = ready_made("work-queue");
    let mut played = Timeline::new(&s).unwrap();
    for _ in 0..400 {
        played.advance(16_667); // 60 frames a second at 1×
    }
    played.settle();
    let mut sought = Timeline::new(&s).unwrap();
    sought.seek(played.now());
    assert_eq!(played.guarantees(), sought.guarantees());
    assert!(played.guarantees().processed > 0);
}

/// The cluster in playback: node faults injected from the cluster panel and a chaos switch
/// turned on in the editor go through the timeline, so the run equals a straight run of the
/// scenario with those faults, and seeking back and forth replays it.
#[test]
fn node_faults_and_a_chaos_switch_fork_the_cluster_run() {
    let s = ready_made("mirrored-vs-quorum");
    let mut t = Timeline::new(&s).unwrap();
    t.seek(ms(2_000));
    t.inject(Fault::Partition { sides: vec![vec!["rabbit3".into()]] }).unwrap();
    t.seek(ms(2_500));
    t.inject(Fault::Heal).unwrap();
    let mut edited = s.clone();
    edited.chaos = Some(serde_json::from_str(r#"{"rates_per_s": {"kill_node": 0.5}, "node_down_ms": 1000}"#).unwrap());
    t.edit(&edited).unwrap();
    t.seek(ms(s.duration_ms));
    let mut expected = edited.clone();
    expected.faults.push(ScheduledFault { at_ms: 2_000, fault: Fault::Partition { sides: vec![vec!["rabbit3".into()]] } });
    expected.faults.push(ScheduledFault { at_ms: 2_500, fault: Fault::Heal });
    let straight = World::run(&expected).unwrap();
    assert_eq!(t.log(), &straight.log[..]);
    assert!(straight.guarantees.faults.get("kill_node").is_some_and(|n| *n > 1), "{:?}", straight.guarantees.faults);
    assert_eq!(straight.guarantees.faults.get("partition"), Some(&1));
    let end = t.log().to_vec();
    t.seek(ms(1_000));
    t.seek(ms(s.duration_ms));
    assert_eq!(t.log(), &end[..]);
}

#[test]
fn a_frame_budget_falls_behind_and_then_catches_up_on_the_same_run() {
    let s = ready_made("order-fanout");
    let mut bounded = Timeline::new(&s).unwrap();
    assert!(!bounded.advance_within(10_000_000, 3), "three instants are not ten seconds of work");
    let behind = bounded.now();
    assert!(behind > ms(0) && behind < ms(10_000), "it moved, but not all the way: {behind}");
    let mut frames = 1;
    while !bounded.advance_within(ms(10_000).0 - bounded.now().0, 3) {
        frames += 1;
    }
    assert!(frames > 2, "{frames} frames");
    let mut straight_line = Timeline::new(&s).unwrap();
    straight_line.advance(10_000_000);
    assert_eq!(bounded.now(), straight_line.now());
    assert_eq!(bounded.log(), straight_line.log(), "a budget changes when work happens, never what happens");
}
