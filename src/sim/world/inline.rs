//! The inline baseline: an order service that calls its downstream service (SMS, coupons)
//! synchronously instead of publishing an event. Each order waits the service's processing time
//! plus the round trip, and fails when the service is down (crashed) or its processing fails,
//! where a queue would have held the message until the service came back.

use super::World;
use crate::sim::distribution::processing_us;

impl World {
    /// Producer `i` places one order by calling the consumer named in its `inline_call`.
    pub(super) fn call_inline(&mut self, service: &str) {
        let Some(s) = self.scenario.consumers.iter().position(|c| c.name == service) else { return };
        self.measures.inline_calls += 1;
        if self.now() < self.consumers[s].down_until {
            self.measures.inline_failed += 1;
            return;
        }
        let spec = &self.scenario.consumers[s];
        let (processing, span, failure) = (spec.processing, spec.processing_ms, spec.failure);
        let work_us = processing_us(&mut self.clients_rng, processing, span);
        if self.clients_rng.chance(failure) {
            self.measures.inline_failed += 1;
            return;
        }
        let round_trip_us = self.scenario.network.client_latency_us.saturating_mul(2);
        self.measures.inline_latency.record_us(work_us.saturating_add(round_trip_us));
    }
}
