//! Figures a run reports beyond the guarantee ledger, for the lessons: confirm latency per
//! publish, the latency of an inline call (the order waits for the service), what a shovel
//! republished, the orders a delay queue cancelled, and the cache's writes and stale reads.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::core::Time;

/// Latencies in virtual µs, kept as a count per distinct value: a run's latencies are sums of a
/// few configured delays, so the mean and percentiles are exact and memory grows with the
/// distinct values, not with the samples.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Latencies {
    counts: BTreeMap<u64, u64>,
    n: u64,
    sum: u128,
}

impl Latencies {
    /// One latency: from `start` to `end` (0 if `end` is earlier, which virtual time never is).
    pub fn record(&mut self, start: Time, end: Time) {
        self.record_us(end.0.saturating_sub(start.0));
    }

    pub fn record_us(&mut self, us: u64) {
        *self.counts.entry(us).or_insert(0) += 1;
        self.n += 1;
        self.sum += u128::from(us);
    }

    pub fn count(&self) -> u64 {
        self.n
    }

    /// The mean, rounded down (0 with no sample).
    pub fn mean_us(&self) -> u64 {
        match self.n {
            0 => 0,
            n => u64::try_from(self.sum / u128::from(n)).unwrap_or(u64::MAX),
        }
    }

    /// The nearest-rank percentile `pct` (1..=100): the smallest latency at or below which
    /// `pct` % of the samples lie (0 with no sample).
    pub fn percentile_us(&self, pct: u64) -> u64 {
        let need = u128::from(self.n) * u128::from(pct.clamp(1, 100));
        let mut seen = 0u128;
        for (&us, &count) in &self.counts {
            seen += u128::from(count);
            if seen * 100 >= need {
                return us;
            }
        }
        0
    }

    pub fn max_us(&self) -> u64 {
        self.counts.keys().next_back().copied().unwrap_or(0)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Measures {
    /// From each `basic.publish` to its `basic.ack` reaching the producer (resends are publishes
    /// of their own).
    pub confirm_latency: Latencies,
    /// Inline calls (a producer that calls the service itself instead of publishing): how long
    /// each order waited for the service, and the calls that failed because it was down.
    pub inline_latency: Latencies,
    pub inline_calls: u64,
    pub inline_failed: u64,
    /// Deliveries a republishing consumer (a shovel) published again.
    pub republished: u64,
    /// Orders placed, paid during their delay, cancelled by a canceller, left alone because
    /// paid, cancelled although paid (a canceller that does not check), and paid after they
    /// were cancelled (the customer paid for a cancelled order).
    pub orders_placed: u64,
    pub orders_paid: u64,
    pub orders_cancelled: u64,
    pub orders_kept_paid: u64,
    pub paid_orders_cancelled: u64,
    pub paid_after_cancel: u64,
    /// How long after its delay ran out each order was settled by the canceller (the
    /// per-message-TTL head-of-line trap makes this long).
    pub settle_lateness: Latencies,
    /// Cache-aside writers: rows updated in MySQL, cache keys deleted (the delayed second
    /// delete included), and reads that found in Redis an older version than MySQL's.
    pub cache_writes: u64,
    pub cache_deletes: u64,
    pub stale_reads: u64,
    /// When a consumer last finished a delivery (processed it or recognised a duplicate): the
    /// drain time of a backlog.
    pub last_done: Time,
    /// When a producer last learned a message was taken: its tx.commit-ok or confirm arrived
    /// (plain mode: when it was sent). A producer's throughput on a slow link.
    pub last_settled: Time,
    /// Message copies sent to another node for a mirror or a quorum follower (replication
    /// traffic), counted when a publish is routed.
    pub replicated: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_percentiles_and_max_are_exact() {
        let mut l = Latencies::default();
        assert_eq!((l.mean_us(), l.percentile_us(99), l.max_us()), (0, 0, 0));
        for us in 1..=100 {
            l.record_us(us * 10);
        }
        assert_eq!(l.count(), 100);
        assert_eq!(l.mean_us(), 505);
        assert_eq!(l.percentile_us(50), 500);
        assert_eq!(l.percentile_us(99), 990);
        assert_eq!(l.percentile_us(100), 1000);
        assert_eq!(l.max_us(), 1000);
        l.record(Time(50), Time(20));
        assert_eq!((l.count(), l.mean_us(), l.max_us()), (101, 500, 1000), "a negative span counts as 0");
    }
}
