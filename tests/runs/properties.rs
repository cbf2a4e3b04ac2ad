//! Property tests over random command sequences: no panic, conservation after every step, and
//! determinism (the same seed gives the same event-trace hash).

use crate::golden::{STANDARD_RUN, STANDARD_TRACE_HASH};
use proptest::prelude::*;
use warren::random_run::RandomRun;

/// 256 cases, or `PROPTEST_CASES` when it is set: a longer run is one variable away.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn conservation_holds_after_every_step(seed in any::<u64>(), steps in 50u32..600) {
        let mut step = 0;
        RandomRun::run(seed, steps, |broker| {
            step += 1;
            if let Err(reason) = broker.check_conservation() {
                panic!("seed {seed}, step {step}: {reason}");
            }
            // The core's time contract: nothing is due before now.
            if let Some(next) = broker.next_deadline() {
                assert!(next >= broker.now(), "seed {seed}, step {step}: deadline {next} before now {}", broker.now());
            }
        });
    }

    #[test]
    fn conservation_holds_after_every_step_of_a_cluster_with_faults(seed in any::<u64>(), steps in 50u32..600) {
        let mut step = 0;
        RandomRun::run_cluster(seed, steps, |broker| {
            step += 1;
            if let Err(reason) = broker.check_conservation() {
                panic!("cluster seed {seed}, step {step}: {reason}");
            }
            if let Some(next) = broker.next_deadline() {
                assert!(next >= broker.now(), "cluster seed {seed}, step {step}: deadline {next} before now {}", broker.now());
            }
        });
    }

    #[test]
    fn the_same_seed_gives_the_same_cluster_trace(seed in any::<u64>(), steps in 50u32..400) {
        let first = RandomRun::run_cluster(seed, steps, |_| {});
        let second = RandomRun::run_cluster(seed, steps, |_| {});
        prop_assert_eq!(first, second);
    }

    #[test]
    fn the_same_seed_gives_the_same_trace(seed in any::<u64>(), steps in 50u32..400) {
        let first = RandomRun::run(seed, steps, |_| {});
        let second = RandomRun::run(seed, steps, |_| {});
        prop_assert_eq!(first, second);
    }
}

#[test]
fn the_standard_run_exercises_the_broker_and_is_reproducible() {
    let (seed, steps) = STANDARD_RUN;
    let first = RandomRun::run(seed, steps, |_| {});
    let second = RandomRun::run(seed, steps, |_| {});
    assert_eq!(first, second);
    assert_eq!(first.hash, STANDARD_TRACE_HASH, "the golden trace changed: see tests/golden/mod.rs");
    assert!(first.commands > 2_000 && first.events > 4_000, "{first:?}");
    assert!(first.errors > 0, "the run should also exercise channel errors: {first:?}");
    println!("standard run: {first:?}");
}

#[test]
fn different_seeds_give_different_traces() {
    let a = RandomRun::run(1, 300, |_| {});
    let b = RandomRun::run(2, 300, |_| {});
    assert_ne!(a.hash, b.hash);
}

/// Time travel: a snapshot (a clone) taken mid-run, restored and played forward, reaches
/// exactly the future the original run reaches, and the original is untouched by it.
#[test]
fn a_restored_snapshot_replays_to_the_same_future() {
    let mut run = RandomRun::new(7);
    for _ in 0..200 {
        run.step();
    }
    let snapshot = run.clone();
    let at_snapshot = snapshot.broker.now();
    for _ in 0..300 {
        run.step();
    }
    let mut restored = snapshot.clone();
    assert_eq!(restored.broker.now(), at_snapshot, "playing the original forward did not move the snapshot");
    for _ in 0..300 {
        restored.step();
    }
    restored.broker.check_conservation().unwrap();
    assert_eq!(format!("{:?}", run.broker.pending_events()), format!("{:?}", restored.broker.pending_events()));
    assert_eq!(run.finish().hash, restored.finish().hash);
}
