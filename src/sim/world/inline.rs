//! The inline baseline: an order service that calls its downstream service (SMS, coupons)
//! synchronously instead of publishing an event. Each order waits the service's processing time
//! plus the round trip, and fails when the service is down (crashed) or its processing fails,
//! where a queue would have held the message until the service came back.

use std::rc::Rc;

use super::World;
use crate::sim::client_event::ClientStep;
use crate::sim::distribution::processing_us;

impl World {
    /// Producer `i` places one order by calling the consumer named in its `inline_call`.
    pub(super) fn call_inline(&mut self, i: usize, service: &Rc<str>) {
        let Some(s) = self.scenario.consumers.iter().position(|c| c.name == **service) else { return };
        self.measures.inline_calls += 1;
        let failed = !self.inline_call_succeeds(s);
        self.measures.inline_failed += u64::from(failed);
        self.note(None, ClientStep::InlineCall { producer: i as u32, service: service.clone(), failed });
    }

    /// The call to consumer `s` (its latency recorded when it succeeds).
    fn inline_call_succeeds(&mut self, s: usize) -> bool {
        if self.now() < self.consumers[s].down_until {
            return false;
        }
        let spec = &self.scenario.consumers[s];
        let (processing, span, failure) = (spec.processing, spec.processing_ms, spec.failure);
        let work_us = processing_us(&mut self.clients_rng, processing, span);
        if self.clients_rng.chance(failure) {
            return false;
        }
        let round_trip_us = self.scenario.network.client_latency_us.saturating_mul(2);
        self.measures.inline_latency.record_us(work_us.saturating_add(round_trip_us));
        true
    }
}
