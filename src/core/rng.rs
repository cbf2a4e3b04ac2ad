//! The one seeded, portable PRNG of a run. Xoshiro256++ gives the same stream on x86_64 and
//! wasm32 (rand's SmallRng does not). Decisions use integers only, never `f64`.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// A probability as an integer ratio, so every platform makes the same draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Ratio {
    pub numerator: u32,
    pub denominator: u32,
}

impl Ratio {
    pub const NEVER: Ratio = Ratio { numerator: 0, denominator: 1 };
    pub const fn new(numerator: u32, denominator: u32) -> Ratio {
        Ratio { numerator, denominator }
    }
}

#[derive(Clone, Debug)]
pub struct SimRng {
    inner: Xoshiro256PlusPlus,
}

impl SimRng {
    pub fn seeded(seed: u64) -> SimRng {
        SimRng { inner: Xoshiro256PlusPlus::seed_from_u64(seed) }
    }
    /// Stream `n` of a seed: the seed's stream jumped ahead `n` × 2^128 draws, so streams never
    /// overlap and stream 0 is [`SimRng::seeded`] itself. A run gives the broker, the simulated
    /// clients and chaos a stream each, so a change in one does not reshuffle the others' draws.
    pub fn stream(seed: u64, n: u32) -> SimRng {
        let mut rng = SimRng::seeded(seed);
        for _ in 0..n {
            rng.inner.jump();
        }
        rng
    }
    pub fn next_u64(&mut self) -> u64 {
        self.inner.random()
    }
    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        self.inner.random_range(lo..=hi)
    }
    pub fn chance(&mut self, ratio: Ratio) -> bool {
        if ratio.numerator == 0 || ratio.denominator == 0 {
            return false;
        }
        self.between(1, u64::from(ratio.denominator)) <= u64::from(ratio.numerator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_known_first_value() {
        let mut a = SimRng::seeded(42);
        let mut b = SimRng::seeded(42);
        let xs: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs[0], SimRng::seeded(43).next_u64());
    }

    #[test]
    fn stream_0_is_the_seed_and_other_streams_differ() {
        let first = |mut r: SimRng| (0..4).map(|_| r.next_u64()).collect::<Vec<_>>();
        assert_eq!(first(SimRng::stream(7, 0)), first(SimRng::seeded(7)));
        assert_ne!(first(SimRng::stream(7, 1)), first(SimRng::seeded(7)));
        assert_ne!(first(SimRng::stream(7, 1)), first(SimRng::stream(7, 2)));
        assert_eq!(first(SimRng::stream(7, 2)), first(SimRng::stream(7, 2)));
    }

    #[test]
    fn chance_respects_the_extremes() {
        let mut r = SimRng::seeded(1);
        assert!((0..100).all(|_| !r.chance(Ratio::NEVER)));
        assert!((0..100).all(|_| r.chance(Ratio::new(1, 1))));
        let hits = (0..10_000).filter(|_| r.chance(Ratio::new(1, 4))).count();
        assert!((2_000..3_000).contains(&hits), "{hits}");
    }
}
