//! Simulated consumers: take deliveries, spend a drawn processing time, fail with a drawn
//! probability, deduplicate if told to, and ack.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::{Wakeup, World};
use crate::core::command::Command;
use crate::core::ids::ChannelId;
use crate::core::value::Value;
use crate::sim::scenario::{FailureAction, Idempotency};

#[derive(Clone, Debug)]
pub(super) struct Consumer {
    /// The queue it consumes from: side effects and dedup entries are kept per queue.
    pub(super) queue: Rc<str>,
    pub(super) channel: Option<ChannelId>,
    pub(super) generation: u64,
    /// Deliveries being processed: tag -> (message id, redelivered).
    pub(super) working: BTreeMap<u64, Rc<str>>,
    pub(super) lose_next_ack: bool,
}

impl World {
    pub(super) fn start_consumer(&mut self, i: usize) {
        let spec = self.scenario.consumers[i].clone();
        let (_, channel) = self.open_channel(&spec.name);
        if spec.prefetch > 0 {
            self.apply(Command::Qos { channel, prefetch_count: spec.prefetch, prefetch_size: 0, global: false });
        }
        self.consumers[i].channel = Some(channel);
        let args = if spec.priority != 0 { [("x-priority".to_string(), Value::Int(spec.priority))].into() } else { Default::default() };
        self.apply(Command::Consume { channel, queue: spec.queue.clone(), tag: spec.name.clone(), auto_ack: spec.auto_ack, exclusive: false, args });
    }

    pub(super) fn consumer_on(&self, channel: ChannelId) -> Option<usize> {
        self.consumers.iter().position(|c| c.channel == Some(channel))
    }

    pub(super) fn received(&mut self, i: usize, tag: u64, id: Rc<str>) {
        let spec = &self.scenario.consumers[i];
        let (idempotency, auto_ack, processing) = (spec.idempotency, spec.auto_ack, spec.processing_ms);
        let key = (self.consumers[i].queue.clone(), id.clone());
        // A dedup set is checked and written before processing (SETNX): a duplicate is acked at once.
        if idempotency == Idempotency::DedupSet && !self.dedup.insert(key) {
            self.guarantees.deduplicated += 1;
            if !auto_ack {
                self.ack(i, tag);
            }
            return;
        }
        self.consumers[i].working.insert(tag, id);
        let ms = self.broker.rng().between(processing.min, processing.max);
        let generation = self.consumers[i].generation;
        self.wake(self.now().plus_millis(ms), Wakeup::Finish { consumer: i, generation, tag });
    }

    pub(super) fn finish_processing(&mut self, i: usize, generation: u64, tag: u64) {
        if self.consumers[i].generation != generation {
            return;
        }
        let Some(id) = self.consumers[i].working.remove(&tag) else { return };
        let spec = &self.scenario.consumers[i];
        let (failure, on_failure, idempotency, auto_ack) = (spec.failure, spec.on_failure, spec.idempotency, spec.auto_ack);
        if self.broker.rng().chance(failure) {
            if !auto_ack {
                self.guarantees.rejected += 1;
                let requeue = on_failure == FailureAction::Requeue;
                if let Some(channel) = self.alive(self.consumers[i].channel) {
                    self.apply(Command::Reject { channel, tag, requeue });
                }
            }
            return;
        }
        // A unique key is written together with the side effect: a duplicate insert fails.
        let key = (self.consumers[i].queue.clone(), id);
        let duplicate = idempotency == Idempotency::UniqueKey && !self.dedup.insert(key.clone());
        if duplicate {
            self.guarantees.deduplicated += 1;
        } else {
            *self.side_effects.entry(key).or_insert(0) += 1;
        }
        if !auto_ack {
            self.ack(i, tag);
        }
    }

    pub(super) fn ack(&mut self, i: usize, tag: u64) {
        let Some(channel) = self.alive(self.consumers[i].channel) else { return };
        if std::mem::take(&mut self.consumers[i].lose_next_ack) {
            return; // The ack is lost on the way: the broker still counts the message unacked.
        }
        self.guarantees.acked += 1;
        self.apply(Command::Ack { channel, tag, multiple: false });
    }

}
