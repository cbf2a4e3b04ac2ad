//! Processing-time and chaos draws from a seeded portable PRNG, in integers only, so every
//! platform (x86_64, wasm32) draws the same times.

use super::scenario::{Processing, Span};
use crate::core::rng::SimRng;
use crate::core::time::micros_from_millis;

/// `-ln(1 - i/64)` in units of 2^-24, for i in 0..64: the inverse CDF of Exp(1) at 64 quantiles,
/// precomputed so no `f64` logarithm (whose last bit differs between libms) is ever evaluated.
const EXP_QUANTILES: [u64; 64] = [
    0, 264214, 532655, 805461, 1082777, 1364753, 1651550, 1943335, 2240285, 2542585, 2850433, 3164035, 3483610,
    3809392, 4141625, 4480570, 4826504, 5179722, 5540536, 5909281, 6286313, 6672013, 7066789, 7471079, 7885352,
    8310115, 8745911, 9193330, 9653009, 10125637, 10611968, 11112817, 11629080, 12161735, 12711857, 13280630,
    13869365, 14479513, 15112690, 15770705, 16455584, 17169616, 17915393, 18695869, 19514432, 20374991, 21282089,
    22241048, 23258160, 24340937, 25498445, 26741770, 28084664, 29544473, 31143512, 32911168, 34887240, 37127525,
    39713744, 42772592, 46516320, 51342824, 58145400, 69774480,
];

/// An Exp(1) draw in units of 2^-24: the inverse CDF, linear between the 64 quantiles; the top
/// 1/64 uses memorylessness (beyond ln 64 the tail is ln 64 plus another Exp(1) draw).
fn exp1_q24(rng: &mut SimRng) -> u64 {
    let mut base = 0u64;
    // Each round continues with probability 1/64; 16 rounds cover any realistic stream.
    for _ in 0..16 {
        let r = rng.next_u64();
        let bucket = (r >> 58) as usize;
        let frac = (r >> 26) & 0xFFFF_FFFF;
        if bucket < 63 {
            let (lo, hi) = (EXP_QUANTILES[bucket], EXP_QUANTILES[bucket + 1]);
            return base + lo + (((hi - lo) * frac) >> 32);
        }
        base += EXP_QUANTILES[63];
    }
    base
}

/// An exponential draw with the given mean (any unit), rounded down. The product in 64 bits
/// when it fits (always, for realistic means: wasm has no 128-bit multiply, it calls a routine
/// per draw), else in 128; the same value either way.
pub fn exponential(rng: &mut SimRng, mean: u64) -> u64 {
    let q = exp1_q24(rng);
    match mean.checked_mul(q) {
        Some(product) => product >> 24,
        None => u64::try_from((u128::from(mean) * u128::from(q)) >> 24).unwrap_or(u64::MAX),
    }
}

/// A processing time in virtual microseconds.
pub fn processing_us(rng: &mut SimRng, processing: Option<Processing>, span: Span) -> u64 {
    match processing {
        None => micros_from_millis(rng.between(span.min, span.max)),
        Some(Processing::Fixed { ms }) => micros_from_millis(ms),
        Some(Processing::Uniform { min_ms, max_ms }) => micros_from_millis(rng.between(min_ms, max_ms)),
        Some(Processing::Exponential { mean_ms }) => exponential(rng, micros_from_millis(mean_ms)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_draws_have_the_asked_mean_and_a_long_tail() {
        let mut rng = SimRng::seeded(5);
        let draws: Vec<u64> = (0..100_000).map(|_| exponential(&mut rng, 1_000)).collect();
        let mean = draws.iter().sum::<u64>() / draws.len() as u64;
        assert!((980..=1_020).contains(&mean), "mean {mean}");
        let above_3x = draws.iter().filter(|d| **d > 3_000).count();
        // P(X > 3 mean) = e^-3 ≈ 4.98%.
        assert!((4_500..5_500).contains(&above_3x), "{above_3x}");
        let median = {
            let mut d = draws.clone();
            d.sort_unstable();
            d[d.len() / 2]
        };
        assert!((670..=715).contains(&median), "median {median} (ln 2 ≈ 0.693)");
    }

    #[test]
    fn a_draw_is_the_128_bit_product_whether_or_not_it_fits_in_64_bits() {
        for mean in [0, 1, 20_000, 86_400_000_000, 1 << 40, u64::MAX / 3, u64::MAX] {
            let (mut rng, mut twin) = (SimRng::seeded(9), SimRng::seeded(9));
            for _ in 0..2_000 {
                let wide = (u128::from(mean) * u128::from(exp1_q24(&mut twin))) >> 24;
                assert_eq!(u128::from(exponential(&mut rng, mean)), wide.min(u128::from(u64::MAX)), "{mean}");
            }
        }
    }

    #[test]
    fn the_same_seed_draws_the_same_times() {
        let a: Vec<u64> = (0..50).scan(SimRng::seeded(1), |r, _| Some(exponential(r, 500))).collect();
        let b: Vec<u64> = (0..50).scan(SimRng::seeded(1), |r, _| Some(exponential(r, 500))).collect();
        assert_eq!(a, b);
    }
}
