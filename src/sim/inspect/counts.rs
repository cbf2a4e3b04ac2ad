//! The counts the canvas shows during playback, kept up to date incrementally.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::*;
use crate::core::{Event, QueueId, Stamped};

/// Counts shown on the canvas during playback.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Queue name -> (ready, unacked).
    pub queues: BTreeMap<Rc<str>, (u64, u64)>,
    /// Consumer name -> (in flight: delivered, not yet acked; acked: acked, or auto-acked when
    /// delivered — the broker's view, shown as "acked", since an auto-acked message lost in a
    /// crash was never processed).
    pub consumers: BTreeMap<Rc<str>, (u64, u64)>,
    /// Producer name -> messages published.
    pub producers: BTreeMap<Rc<str>, u64>,
}

/// What the counts need from the log, kept up to date incrementally: who consumes on which
/// channel, and how many messages each consumer processed and each producer sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    branch: u64,
    upto: usize,
    /// Sorted by channel (new channels come last: an insert is mostly a push), a list rather
    /// than a B-tree map of its own key and value types in the page's wasm.
    on_channel: Vec<(crate::core::ChannelId, Rc<str>)>,
    processed: BTreeMap<Rc<str>, u64>,
    sent: BTreeMap<Rc<str>, u64>,
}

impl Tally {
    /// Reads the events of `log` not read yet; starts over for another branch or a shorter log.
    pub fn update(&mut self, branch: u64, log: &[Stamped], scenario: &Scenario) {
        if branch != self.branch || log.len() < self.upto {
            *self = Tally { branch, ..Tally::default() };
        }
        for e in &log[self.upto..] {
            match &e.event {
                Event::ConsumerStarted { channel, tag, .. } => {
                    crate::ordered::put_sorted(&mut self.on_channel, *channel, tag.clone());
                }
                Event::Acked { channel, .. } => {
                    if let Some(tag) = crate::ordered::get_sorted(&self.on_channel, channel) {
                        *self.processed.entry(tag.clone()).or_insert(0) += 1;
                    }
                }
                Event::Delivered { consumer: Some(tag), auto_ack: true, .. } => {
                    *self.processed.entry(tag.clone()).or_insert(0) += 1;
                }
                Event::Published { msg, .. } => {
                    if let Some(p) = producer_of(scenario, &msg.body) {
                        *self.sent.entry(p.into()).or_insert(0) += 1;
                    }
                }
                _ => {}
            }
        }
        self.upto = log.len();
    }
}

/// The counts at the world's time, reading the whole log.
pub fn counts(world: &World, log: &[Stamped]) -> Counts {
    let mut tally = Tally::default();
    tally.update(0, log, &world.scenario);
    counts_with(world, &tally)
}

/// The counts at the world's time, from a tally kept up to date with the world's log.
pub fn counts_with(world: &World, tally: &Tally) -> Counts {
    let mut c = Counts::default();
    for q in world.broker.queues() {
        c.queues.insert(q.name.clone(), (q.ready.len(), 0));
    }
    for spec in &world.scenario.consumers {
        let name: Rc<str> = spec.name.as_str().into();
        let done = tally.processed.get(&name).copied().unwrap_or(0);
        c.consumers.insert(name, (0, done));
    }
    let names: BTreeMap<QueueId, Rc<str>> = crate::ordered::map_of(world.broker.queues().map(|q| (q.id, q.name.clone())));
    for ch in world.broker.channels() {
        for d in &ch.unacked {
            if let Some(n) = names.get(&d.queue).and_then(|q| c.queues.get_mut(q)) {
                n.1 += 1;
            }
            if let Some(n) = d.consumer.as_ref().and_then(|t| c.consumers.get_mut(t)) {
                n.0 += 1;
            }
        }
    }
    for spec in &world.scenario.producers {
        let name: Rc<str> = spec.name.as_str().into();
        let sent = tally.sent.get(&name).copied().unwrap_or(0);
        c.producers.insert(name, sent);
    }
    c
}
