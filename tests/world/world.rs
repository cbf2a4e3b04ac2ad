//! Scenarios that must hold (issue 4, the ones a single node can show): the simulated clients,
//! faults and the guarantee ledger, run through `World`. Each asserts an outcome that would
//! change if the rule behind it broke, and the conservation ledger at the end.

use crate::{run, run_ready_made as ready_made};
use warren::sim::{scenario, World};

#[test]
fn a_lost_ack_makes_a_message_processed_twice_without_dedup() {
    let g = ready_made("lost-ack").guarantees;
    assert_eq!(g.published, 10);
    assert_eq!(g.processed_more_than_once, 1, "{g:?}");
    assert!(g.redelivered >= 1);
    assert_eq!(g.lost_confirmed, 0);
}

#[test]
fn a_dedup_store_makes_the_same_lost_ack_processed_once() {
    let g = ready_made("lost-ack-dedup").guarantees;
    assert_eq!(g.processed_more_than_once, 0, "{g:?}");
    assert!(g.deduplicated >= 1, "the redelivery was recognised: {g:?}");
    assert_eq!(g.processed, 10);
}

#[test]
fn an_auto_ack_consumer_that_crashes_loses_messages_and_manual_ack_does_not() {
    let auto = ready_made("auto-ack-crash");
    assert!(auto.guarantees.lost_in_auto_ack_consumers > 0, "{:?}", auto.guarantees);
    let manual_text = std::fs::read_to_string(format!("{}/scenarios/auto-ack-crash.json", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .replace("\"auto_ack\": true", "\"auto_ack\": false");
    let manual = run(&manual_text);
    assert_eq!(manual.guarantees.lost_in_auto_ack_consumers, 0);
    assert_eq!(manual.guarantees.processed, manual.guarantees.published, "{:?}", manual.guarantees);
}

const CONFIRMS: &str = r#"{"version": 1, "seed": 9, "duration_ms": 5000,
    "queues": [{"name": "q"}],
    "producers": [{"name": "p", "keys": ["q"], "interval_ms": 100, "count": 5, "mode": "confirm", "confirm_timeout_ms": 500}],
    "consumers": [{"name": "c", "queue": "q", "prefetch": 5, "processing_ms": {"min": 5, "max": 10}}],
    "faults": [{"at_ms": 150, "fault": {"kind": "lose_next_confirm", "producer": "p"}}]}"#;

#[test]
fn a_lost_confirm_makes_the_publisher_resend_a_duplicate() {
    let g = run(CONFIRMS).guarantees;
    assert_eq!((g.published, g.resends, g.publishes), (5, 1, 6), "{g:?}");
    assert_eq!(g.processed_more_than_once, 1, "the resent copy is processed again: {g:?}");
    assert_eq!(g.confirmed, 5);

    let no_fault = run(&CONFIRMS.replace("\"lose_next_confirm\"", "\"restart_broker\"").replace(", \"producer\": \"p\"", ""));
    assert_eq!(no_fault.guarantees.resends, 0, "{:?}", no_fault.guarantees);
}

const BACKLOG: &str = r#"{"version": 1, "seed": 3, "duration_ms": 20000,
    "queues": [{"name": "jobs"}],
    "producers": [{"name": "p", "keys": ["jobs"], "interval_ms": 20, "count": 500}],
    "consumers": [
        {"name": "w1", "queue": "jobs", "prefetch": 1, "processing_ms": {"min": 50, "max": 70}},
        {"name": "w2", "queue": "jobs", "prefetch": 1, "processing_ms": {"min": 50, "max": 70}, "start_ms": 5000},
        {"name": "w3", "queue": "jobs", "prefetch": 1, "processing_ms": {"min": 50, "max": 70}, "start_ms": 5000},
        {"name": "w4", "queue": "jobs", "prefetch": 1, "processing_ms": {"min": 50, "max": 70}, "start_ms": 5000}
    ]}"#;

#[test]
fn a_backlog_forms_when_consumers_are_slower_and_drains_after_scaling_out() {
    let s = scenario::parse(BACKLOG).unwrap();
    let mut world = World::new(&s).unwrap();
    world.advance_to(warren::core::Time::from_millis(5_000));
    let backlog = world.broker.queue_named("jobs").unwrap().ready.len();
    assert!(backlog > 100, "one slow worker falls behind a fast producer: {backlog} ready");
    world.advance_to(warren::core::Time::from_millis(20_000));
    world.finish();
    assert_eq!(world.broker.queue_named("jobs").unwrap().ready.len(), 0, "four workers drain it");
    assert_eq!(world.guarantees.processed, 500);
    world.broker.check_conservation().unwrap();
}

#[test]
fn the_same_scenario_replays_exactly() {
    let a = ready_made("lost-ack");
    let b = ready_made("lost-ack");
    assert_eq!(a.log, b.log);
    assert_eq!(a.guarantees, b.guarantees);
}

/// Every scenario file under `scenarios/` and `scenarios/patterns/` (all of them in the menu).
fn scenario_files() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files = Vec::new();
    for dir in [root.clone(), root.join("patterns")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_ready_made_scenario_runs_and_balances() {
    for path in scenario_files() {
        let world = run(&std::fs::read_to_string(&path).unwrap());
        let g = &world.guarantees;
        assert!(g.published > 0 && g.delivered > 0, "{}: {g:?}", path.display());
    }
}
