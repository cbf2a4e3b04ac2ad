//! A running scenario: the broker plus the simulated client applications and stores around it.
//!
//! One concept per file: `producer.rs` (rate, burst, confirm and tx publishing, resends),
//! `consumer.rs` (the delivery pipeline: dedup check, lock, cache-aside read, processing, unique
//! insert, ack),
//! `stores.rs` (the Redis-like and MySQL-like stores), `network.rs` (a client's messages to the
//! broker: held or dropped by faults), `faults.rs` (faults as commands), `chaos.rs` (seeded
//! random faults) and `books.rs` (broker events into the guarantee ledger).
//!
//! Discrete-event time: the world jumps to the earlier of its next client wakeup and the
//! broker's next timer. Every draw comes from the broker's one seeded PRNG, so a scenario
//! replays exactly.

mod books;
mod chaos;
mod consumer;
mod faults;
mod network;
mod producer;
pub mod stores;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::rc::Rc;

use consumer::Consumer;
use producer::Producer;

use super::guarantees::Guarantees;
use super::scenario::{FaultKind, Scenario};
use crate::core::command::{Command, Reply};
use crate::core::ids::{ChannelId, ConnectionId, NodeId};
use crate::core::{Broker, Stamped, Time};

use books::Books;

/// A crashed client's process comes back (and a dropped connection is re-opened) this long after.
const RESTART_MS: u64 = 1_000;

/// A simulated client: producers and consumers by their index in the scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Client {
    Producer(usize),
    Consumer(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Wakeup {
    /// A rate or interval producer's next publish.
    Publish(usize),
    /// A burst producer's `index`-th burst.
    Burst { producer: usize, index: usize },
    /// A producer's earliest confirm deadline.
    ConfirmTimeout { producer: usize },
    /// The next stage of a delivery in a consumer (`generation` guards against a crash since).
    Step { consumer: usize, generation: u64, tag: u64 },
    StartConsumer(usize),
    Fault(usize),
    Chaos(FaultKind),
    /// A client whose messages were held sends them now.
    Flush(Client),
    /// A client's messages on the wire reach the broker.
    Arrive(Client),
    /// A confirm reaches its producer (after the client latency).
    ConfirmArrives { channel: ChannelId, seq: u64, ack: bool },
    /// Chaos brings a node it took down back up.
    StartNode(u32),
    /// Chaos heals the partition it made.
    Heal,
}

#[derive(Clone, Debug)]
pub struct World {
    pub broker: Broker,
    pub scenario: Scenario,
    producers: Vec<Producer>,
    consumers: Vec<Consumer>,
    /// Client wakeups, earliest first; `(time, sequence)` is unique, so ties go in scheduling order.
    wakeups: BinaryHeap<Reverse<(Time, u64, Wakeup)>>,
    wakeup_seq: u64,
    /// The Redis-like store (dedup set, locks) and the MySQL-like table (unique keys).
    pub redis: stores::Redis,
    pub mysql: stores::Table,
    /// Who believes they hold each lock right now (more than one: the lease ran out under one).
    lock_holders: BTreeMap<Rc<str>, u32>,
    /// What the broker's events tell about each message, for the ledger.
    books: Books,
    pub guarantees: Guarantees,
    /// Every broker event so far, for the trace and the UI (see `keep_log`).
    pub log: Vec<Stamped>,
    keep_log: bool,
}

impl World {
    /// Builds the topology and schedules the clients, the faults and chaos. The scenario must be valid.
    pub fn new(scenario: &Scenario) -> Result<World, String> {
        scenario.validate()?;
        let broker = match &scenario.cluster {
            Some(cluster) => Broker::with_cluster(scenario.seed, cluster).map_err(|e| format!("cluster: {e}"))?,
            None => Broker::new(scenario.seed),
        };
        let mut world = World {
            broker,
            scenario: scenario.clone(),
            producers: scenario.producers.iter().map(Producer::new).collect(),
            consumers: scenario
                .consumers
                .iter()
                .map(|c| Consumer::new(c, scenario.queues.iter().position(|q| q.name == c.queue).expect("validated")))
                .collect(),
            wakeups: BinaryHeap::new(),
            wakeup_seq: 0,
            redis: stores::Redis::default(),
            mysql: stores::Table::default(),
            lock_holders: BTreeMap::new(),
            books: Books::new(scenario),
            guarantees: Guarantees::default(),
            log: Vec::new(),
            keep_log: true,
        };
        world.declare_topology()?;
        for (i, p) in scenario.producers.iter().enumerate() {
            match &p.burst {
                Some(b) => {
                    for (index, at) in b.at_ms.iter().enumerate() {
                        world.wake(Time::from_millis(*at), Wakeup::Burst { producer: i, index });
                    }
                }
                None => world.wake(Time::from_millis(p.start_ms), Wakeup::Publish(i)),
            }
        }
        for (i, c) in scenario.consumers.iter().enumerate() {
            world.wake(Time::from_millis(c.start_ms), Wakeup::StartConsumer(i));
        }
        for (i, f) in scenario.faults.iter().enumerate() {
            world.wake(Time::from_millis(f.at_ms), Wakeup::Fault(i));
        }
        world.schedule_chaos();
        Ok(world)
    }

    /// Whether to keep every broker event in `log` (default yes). A long benchmark run turns it
    /// off so memory stays flat; the ledger is kept either way.
    pub fn keep_log(&mut self, keep: bool) {
        self.keep_log = keep;
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
            let client = self.wakeups.peek().map(|Reverse((at, _, _))| *at);
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
            // Every deadline is at or after now (the broker's are, and clients are woken later
            // than the time they are scheduled at), so this never goes back; if it did, stop.
            if self.broker.advance_to(next).is_err() {
                break;
            }
            self.absorb();
            while let Some(&Reverse((at, _, wakeup))) = self.wakeups.peek() {
                if at > next {
                    break;
                }
                self.wakeups.pop();
                self.handle(wakeup);
                self.absorb();
            }
        }
        // A world's time only moves forward (the timeline seeks back by restoring a snapshot): an
        // `until` already passed leaves it where it is.
        let _ = self.broker.advance_to(until);
        self.absorb();
    }

    fn wake(&mut self, at: Time, wakeup: Wakeup) {
        self.wakeup_seq += 1;
        self.wakeups.push(Reverse((at, self.wakeup_seq, wakeup)));
    }

    fn apply(&mut self, command: Command) -> Option<Reply> {
        let result = self.broker.apply(command);
        self.absorb();
        result.ok()
    }

    fn declare_topology(&mut self) -> Result<(), String> {
        let s = self.scenario.clone();
        for (i, p) in s.policies.iter().enumerate() {
            let command = p.set().map_err(|e| format!("policies[{i}].{e}"))?;
            self.broker.apply(command).map_err(|e| format!("the broker refused policy {}: {e}", p.name))?;
        }
        let nodes = s.node_names();
        let mut declarers = Vec::new();
        for node in 0..nodes.len() {
            let (_, channel) = self.open_channel_on("topology", node).ok_or("the topology's node is down")?;
            declarers.push(channel);
        }
        let channel = declarers[0];
        let mut commands = Vec::new();
        for (i, x) in s.exchanges.iter().enumerate() {
            commands.push(x.declare(channel).map_err(|e| format!("exchanges[{i}].{e}"))?);
        }
        for (i, q) in s.queues.iter().enumerate() {
            let node = q.node.as_ref().and_then(|n| nodes.iter().position(|x| x == n)).unwrap_or(0);
            commands.push(q.declare(declarers[node]).map_err(|e| format!("queues[{i}].{e}"))?);
        }
        for (i, b) in s.bindings.iter().enumerate() {
            commands.push(b.bind(channel).map_err(|e| format!("bindings[{i}].{e}"))?);
        }
        for command in commands {
            self.broker.apply(command).map_err(|e| format!("the broker refused the topology: {e}"))?;
        }
        self.absorb();
        Ok(())
    }

    /// Connects a client to its node, or to the next running one in order (a client given the
    /// list of the cluster's hosts), and opens a channel. None while every node is down.
    fn open_channel_on(&mut self, name: &str, node: usize) -> Option<(ConnectionId, ChannelId)> {
        let nodes = self.scenario.cluster.as_ref().map_or(0, |c| c.nodes.len());
        let opened = if nodes == 0 {
            self.broker.new_client(name, None).ok()
        } else {
            (0..nodes).find_map(|k| self.broker.new_client(name, Some(NodeId(((node + k) % nodes) as u32))).ok())
        };
        self.absorb();
        opened
    }

    /// A client's preferred node (its `node`, else the first).
    fn node_index(&self, node: Option<&String>) -> usize {
        let Some(cluster) = &self.scenario.cluster else { return 0 };
        node.and_then(|n| cluster.nodes.iter().position(|x| x == n)).unwrap_or(0)
    }

    fn alive(&self, channel: Option<ChannelId>) -> Option<ChannelId> {
        channel.filter(|c| self.broker.channel(*c).is_some())
    }

    fn handle(&mut self, wakeup: Wakeup) {
        match wakeup {
            Wakeup::Publish(i) => self.publish_tick(i),
            Wakeup::Burst { producer, index } => self.burst(producer, index),
            Wakeup::ConfirmTimeout { producer } => self.confirm_timed_out(producer),
            Wakeup::Step { consumer, generation, tag } => self.step(consumer, generation, tag),
            Wakeup::StartConsumer(i) => self.start_consumer(i),
            Wakeup::Fault(i) => {
                let fault = self.scenario.faults[i].fault.clone();
                self.apply_fault(&fault);
            }
            Wakeup::Chaos(kind) => self.chaos(kind),
            Wakeup::Flush(client) => self.flush(client),
            Wakeup::Arrive(client) => self.arrive(client),
            Wakeup::ConfirmArrives { channel, seq, ack } => self.on_confirm(channel, seq, ack),
            Wakeup::StartNode(node) => {
                self.apply(Command::StartNode { node: NodeId(node) });
            }
            Wakeup::Heal => {
                self.apply(Command::Heal);
            }
        }
    }

    /// How many times the side effect of message `id` happened for consumers of `queue`.
    pub fn times_processed(&self, queue: &str, id: &str) -> u64 {
        let Some(slot) = self.scenario.queues.iter().position(|q| q.name == queue) else { return 0 };
        self.books.times_processed(slot, id)
    }
}
