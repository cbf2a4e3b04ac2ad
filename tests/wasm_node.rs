//! wasm-bindgen tests that run in Node (no DOM): the crate links and behaves on wasm32.
//!
//! Run with `bash scripts/test.sh`, or by hand:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!  cargo test --target wasm32-unknown-unknown --test wasm_node`.
#![cfg(target_arch = "wasm32")]

mod golden;

use rand::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use wasm_bindgen_test::wasm_bindgen_test;
use warren::ui::Theme;

/// The first outputs of `Xoshiro256PlusPlus::seed_from_u64(42)`, computed natively on x86_64.
/// The simulator's replays depend on wasm32 drawing exactly the same stream.
const XOSHIRO_SEED_42: [u64; 4] = [
    0xd076_4d4f_4476_689f,
    0x519e_4174_576f_3791,
    0xfbe0_7cfb_0c24_ed8c,
    0xb37d_9f60_0cd8_35b8,
];

#[wasm_bindgen_test]
fn seeded_prng_matches_native_stream() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
    let drawn: Vec<u64> = (0..XOSHIRO_SEED_42.len()).map(|_| rng.next_u64()).collect();
    assert_eq!(drawn, XOSHIRO_SEED_42);
}

#[wasm_bindgen_test]
fn seeded_prng_u32_stream_matches_native() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(42);
    let drawn: Vec<u32> = (0..4).map(|_| rng.next_u32()).collect();
    assert_eq!(drawn, [3_497_413_967, 1_369_325_940, 4_225_793_275, 3_011_354_464]);
}

#[wasm_bindgen_test]
fn usize_is_32_bits_on_wasm32() {
    // Why nothing seeded or hashed may use usize: it is 64 bits natively.
    assert_eq!(std::mem::size_of::<usize>(), 4);
}

#[wasm_bindgen_test]
fn ui_state_works_without_a_dom() {
    assert_eq!(Theme::default().toggled(), Theme::Dark);
    assert_eq!(Theme::Dark.as_str(), "dark");
}

#[wasm_bindgen_test]
fn the_standard_random_run_reproduces_the_native_trace() {
    assert_eq!(golden::standard_trace_hash(), golden::STANDARD_TRACE_HASH);
}

#[wasm_bindgen_test]
fn the_chaos_scenarios_reproduce_the_native_fingerprint() {
    assert_eq!(golden::chaos_world_hash(), golden::CHAOS_WORLD_HASH);
}

/// Issue 9: on wasm32 too, the timeline's ledger during playback is one consistent set (never
/// processed behind acked, the fates adding up to published), after frames, a pause and a seek.
#[wasm_bindgen_test]
fn the_playback_ledger_is_never_stale_on_wasm32() {
    use warren::core::Time;
    let text = include_str!("../scenarios/work-queue.json");
    let scenario = warren::sim::scenario::parse(text).expect("a valid scenario");
    let mut t = warren::sim::Timeline::new(&scenario).expect("it runs");
    let check = |t: &warren::sim::Timeline| {
        let g = t.guarantees();
        assert!(g.processed >= g.acked, "processed {} < acked {}", g.processed, g.acked);
        assert_eq!(t.fates().total(), g.published);
    };
    for frame in 0..300 {
        t.advance(16_667);
        check(&t);
        if frame % 30 == 0 {
            t.settle();
        }
    }
    t.settle();
    check(&t);
    let processed = t.guarantees().processed;
    t.seek(Time::from_millis(3_000));
    check(&t);
    assert!(t.guarantees().processed <= processed);
    let mut fresh = warren::sim::Timeline::new(&scenario).expect("it runs");
    fresh.seek(Time::from_millis(3_000));
    assert_eq!(t.guarantees(), fresh.guarantees());
}
