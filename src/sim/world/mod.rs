//! A running scenario: the broker plus the simulated client applications around it.
//!
//! Producers publish on a timer (in confirm mode they resend what is not confirmed in time, so
//! publisher-side duplicates appear); consumers take deliveries, spend a drawn processing time,
//! fail with a drawn probability, deduplicate if told to, and ack. Faults from the schedule (a
//! consumer crash, a lost ack, a lost confirm, a broker restart) happen at their virtual times.
//! Every draw comes from the broker's one seeded PRNG, so a scenario replays exactly.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

mod consumer;
mod faults;
mod producer;

use consumer::Consumer;
use producer::Producer;
use super::guarantees::Guarantees;
use super::scenario::Scenario;
use crate::core::command::{Command, Reply};
use crate::core::event::Event;
use crate::core::ids::{ChannelId, ConnectionId};
use crate::core::value::table_from_json;
use crate::core::{Broker, Stamped, Time};

/// A crashed consumer's process comes back this long after the crash.
const CONSUMER_RESTART_MS: u64 = 1_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Wakeup {
    Publish(usize),
    /// A consumer finishes processing one delivery (`generation` guards against a crash since).
    Finish { consumer: usize, generation: u64, tag: u64 },
    ConfirmTimeout { producer: usize, seq: u64 },
    Fault(usize),
    StartConsumer(usize),
}

#[derive(Clone, Debug)]
pub struct World {
    pub broker: Broker,
    pub scenario: Scenario,
    producers: Vec<Producer>,
    consumers: Vec<Consumer>,
    wakeups: BTreeSet<(Time, u64, Wakeup)>,
    wakeup_seq: u64,
    /// How often each message's side effect happened, per consuming queue (a fanout copy
    /// processed by two services is two intended effects, not a duplicate).
    side_effects: BTreeMap<(Rc<str>, Rc<str>), u64>,
    /// The consumers' dedup store (a Redis set / a unique index), per consuming queue.
    dedup: BTreeSet<(Rc<str>, Rc<str>)>,
    confirmed: BTreeSet<Rc<str>>,
    pub guarantees: Guarantees,
    /// Every event so far, for the trace and the UI.
    pub log: Vec<Stamped>,
}

impl World {
    /// Builds the topology and schedules the clients and the faults. The scenario must be valid.
    pub fn new(scenario: &Scenario) -> Result<World, String> {
        scenario.validate()?;
        let mut world = World {
            broker: Broker::new(scenario.seed),
            scenario: scenario.clone(),
            producers: scenario.producers.iter().map(Producer::new).collect(),
            consumers: scenario
                .consumers
                .iter()
                .map(|c| Consumer { queue: c.queue.as_str().into(), channel: None, generation: 0, working: BTreeMap::new(), lose_next_ack: false })
                .collect(),
            wakeups: BTreeSet::new(),
            wakeup_seq: 0,
            side_effects: BTreeMap::new(),
            dedup: BTreeSet::new(),
            confirmed: BTreeSet::new(),
            guarantees: Guarantees::default(),
            log: Vec::new(),
        };
        world.declare_topology()?;
        for (i, p) in scenario.producers.iter().enumerate() {
            world.wake(Time::from_millis(p.start_ms), Wakeup::Publish(i));
        }
        for (i, c) in scenario.consumers.iter().enumerate() {
            world.wake(Time::from_millis(c.start_ms), Wakeup::StartConsumer(i));
        }
        for (i, f) in scenario.faults.iter().enumerate() {
            world.wake(Time::from_millis(f.at_ms), Wakeup::Fault(i));
        }
        Ok(world)
    }

    pub fn now(&self) -> Time {
        self.broker.now()
    }

    /// Runs the whole scenario and settles the ledger.
    pub fn run(scenario: &Scenario) -> Result<World, String> {
        let mut world = World::new(scenario)?;
        world.advance_to(Time::from_millis(scenario.duration_ms));
        world.finish();
        Ok(world)
    }

    /// Moves virtual time forward, waking the broker and the clients in deadline order.
    pub fn advance_to(&mut self, until: Time) {
        loop {
            let client = self.wakeups.first().map(|(at, _, _)| *at);
            let next = match (client, self.broker.next_deadline()) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => match a.or(b) {
                    Some(t) => t,
                    None => break,
                },
            };
            if next > until {
                break;
            }
            self.broker.advance_to(next);
            self.absorb();
            while let Some(&(at, seq, wakeup)) = self.wakeups.first() {
                if at > next {
                    break;
                }
                self.wakeups.remove(&(at, seq, wakeup));
                self.handle(wakeup);
                self.absorb();
            }
        }
        self.broker.advance_to(until);
        self.absorb();
    }

    fn wake(&mut self, at: Time, wakeup: Wakeup) {
        self.wakeup_seq += 1;
        self.wakeups.insert((at, self.wakeup_seq, wakeup));
    }

    fn apply(&mut self, command: Command) -> Option<Reply> {
        let result = self.broker.apply(command);
        self.absorb();
        result.ok()
    }

    fn declare_topology(&mut self) -> Result<(), String> {
        let (_, channel) = self.open_channel("topology");
        let s = self.scenario.clone();
        let table = |m| table_from_json(m).expect("validated");
        let mut commands = Vec::new();
        for x in &s.exchanges {
            commands.push(Command::DeclareExchange { channel, name: x.name.clone(), kind: x.kind.clone(), durable: x.durable, auto_delete: false, internal: x.internal, args: table(&x.args), passive: false });
        }
        for q in &s.queues {
            commands.push(Command::DeclareQueue { channel, name: q.name.clone(), durable: q.durable, exclusive: false, auto_delete: false, args: table(&q.args), passive: false });
        }
        for b in &s.bindings {
            commands.push(Command::Bind { channel, source: b.source.clone(), destination: b.dest.clone(), to_exchange: b.to_exchange, key: b.key.clone(), args: table(&b.args) });
        }
        for command in commands {
            self.broker.apply(command).map_err(|e| format!("the broker refused the topology: {e}"))?;
        }
        self.absorb();
        Ok(())
    }

    fn open_channel(&mut self, name: &str) -> (ConnectionId, ChannelId) {
        let Some(Reply::Connection(connection)) = self.apply(Command::OpenConnection { name: name.into() }) else { unreachable!() };
        let Some(Reply::Channel(channel)) = self.apply(Command::OpenChannel { connection }) else { unreachable!() };
        (connection, channel)
    }

    fn alive(&self, channel: Option<ChannelId>) -> Option<ChannelId> {
        channel.filter(|c| self.broker.channel(*c).is_some())
    }

    fn handle(&mut self, wakeup: Wakeup) {
        match wakeup {
            Wakeup::Publish(i) => self.publish_next(i),
            Wakeup::Finish { consumer, generation, tag } => self.finish_processing(consumer, generation, tag),
            Wakeup::ConfirmTimeout { producer, seq } => self.confirm_timed_out(producer, seq),
            Wakeup::Fault(i) => self.inject(i),
            Wakeup::StartConsumer(i) => self.start_consumer(i),
        }
    }

    // ----- events -----

    fn absorb(&mut self) {
        let events = self.broker.drain_events();
        for stamped in &events {
            match &stamped.event {
                Event::Confirmed { channel, seq, ack } => {
                    let Some(i) = self.producers.iter().position(|p| p.channel == Some(*channel)) else { continue };
                    if std::mem::take(&mut self.producers[i].lose_next_confirm) {
                        continue; // Lost on the way back: the producer will time out and resend.
                    }
                    let Some((id, _)) = self.producers[i].pending.remove(seq) else { continue };
                    if *ack {
                        self.guarantees.confirmed += u64::from(self.confirmed.insert(id));
                    } else {
                        self.guarantees.nacked += 1;
                    }
                }
                Event::Returned { .. } => self.guarantees.returned += 1,
                Event::Delivered { channel, tag, redelivered, msg, .. } => {
                    self.guarantees.delivered += 1;
                    self.guarantees.redelivered += u64::from(*redelivered);
                    if let Some(i) = self.consumer_on(*channel) {
                        self.received(i, *tag, msg.body.clone());
                    }
                }
                Event::DeadLettered { reason, .. } => *self.guarantees.dead_lettered.entry(reason.as_str().into()).or_insert(0) += 1,
                Event::Dropped { reason, .. } => *self.guarantees.dropped.entry(reason.as_str().into()).or_insert(0) += 1,
                Event::Unroutable { returned: false, .. } => *self.guarantees.dropped.entry("unroutable".into()).or_insert(0) += 1,
                _ => {}
            }
        }
        self.log.extend(events);
    }

    /// Closes the books: processed counts, backlog, and confirmed messages that were lost.
    pub fn finish(&mut self) {
        let g = &mut self.guarantees;
        let processed_ids: BTreeSet<&Rc<str>> = self.side_effects.keys().map(|(_, id)| id).collect();
        g.processed = processed_ids.len() as u64;
        g.processed_more_than_once = self.side_effects.values().filter(|n| **n > 1).count() as u64;
        let held: BTreeSet<Rc<str>> = self
            .broker
            .queues()
            .flat_map(|q| q.ready.iter().map(|m| m.msg.body.clone()))
            .chain(self.broker.channels().flat_map(|c| c.unacked.iter().map(|d| d.queued.msg.body.clone())))
            .collect();
        g.backlog = held.len() as u64;
        g.lost_confirmed = self.confirmed.iter().filter(|id| !processed_ids.contains(id) && !held.contains(*id)).count() as u64;
    }
}
