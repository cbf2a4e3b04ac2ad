//! The golden trace of the standard random run, shared by the native and the wasm tests: both
//! must reproduce it exactly, which is how a native run and a wasm run are compared.
//!
//! It changes only when the core's behaviour or its events change. Then print the new value
//! (`cargo test --test properties -- --nocapture standard`), check the change was intended, and
//! update it here: every platform's test follows.

/// Seed and number of steps of the standard random run.
pub const STANDARD_RUN: (u64, u32) = (42, 3_000);

/// Its event-trace hash (computed natively on x86_64).
pub const STANDARD_TRACE_HASH: u64 = 15_846_991_977_031_353_908;

/// Runs the standard random run and returns its trace hash (the wasm test binaries call it; the
/// native one checks the fuller outcome itself).
#[allow(dead_code)]
pub fn standard_trace_hash() -> u64 {
    let (seed, steps) = STANDARD_RUN;
    warren::random_run::RandomRun::run(seed, steps, |_| {}).hash
}

/// The fingerprint (event trace, then ledger) of the two chaos pattern scenarios, computed
/// natively on x86_64: the exponential processing times, the chaos times and targets, the
/// cluster's elections and the ledger must come out the same on wasm32. The ledger's
/// processed, processed-twice, backlog, lost and lost-confirmed count message copies since
/// issue 9's fates per copy (chaos-at-least-once fans out to two queues), hence this value
/// (the books only read the events: the run itself is the same).
#[allow(dead_code)]
pub const CHAOS_WORLD_HASH: u64 = 16_578_778_709_776_959_538;

#[allow(dead_code)]
pub fn chaos_world_hash() -> u64 {
    let mut hash = warren::core::TraceHash::default();
    for text in [
        include_str!("../../scenarios/patterns/chaos-at-least-once.json"),
        include_str!("../../scenarios/patterns/cluster-chaos.json"),
    ] {
        let scenario = warren::sim::scenario::parse(text).expect("a valid pattern scenario");
        let world = warren::sim::World::run(&scenario).expect("it runs");
        hash.absorb(&world.log);
        hash.absorb_bytes(format!("{:?}", world.guarantees).as_bytes());
    }
    hash.value()
}
