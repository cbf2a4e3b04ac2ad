//! A running scenario: the broker plus the simulated client applications and stores around it.
//!
//! One concept per file: `producer.rs` (rate, burst, confirm and tx publishing, resends),
//! `consumer.rs` (the delivery pipeline: dedup check, lock, cache-aside read, processing, unique
//! insert, ack; `jobs.rs`: its deliveries in progress),
//! `stores.rs` (the Redis-like and MySQL-like stores; `column.rs`: their per-message keys), the
//! services around the clients (`inline.rs`: the inline-call baseline, `orders.rs`: orders and payments, `shovel.rs`:
//! republishing, `cache.rs`: cache writes and stale reads), `measures.rs` (their figures), `network.rs` (a client's messages to the
//! broker: held or dropped by faults), `faults.rs` (faults as commands), `chaos.rs` (seeded
//! random faults), `books.rs` (broker events into the guarantee ledger) and `owners.rs` (which
//! client opened each channel).
//!
//! Discrete-event time: the world jumps to the earlier of its next client wakeup and the
//! broker's next timer. Every draw comes from a stream of the one seed (the broker's, the
//! clients', chaos's), so a scenario replays exactly.

mod awaiting;
mod books;
mod fates;
mod cache;
mod chaos;
mod column;
mod consumer;
mod faults;
mod inline;
mod jobs;
pub mod measures;
mod network;
mod orders;
mod owners;
mod producer;
mod shovel;
mod status;
pub mod stores;

pub use status::ClientStatus;

use std::collections::{BTreeMap, BinaryHeap};
use std::rc::Rc;

use consumer::Consumer;
use producer::Producer;

use super::client_event::{ClientEvent, ClientStep};
use super::fate::FateTally;
use super::guarantees::Guarantees;
use super::problem::SimProblem;
use super::scenario::{FaultKind, Scenario};
use crate::core::command::{Command, Reply};
use crate::core::ids::{ChannelId, ConnectionId, NodeId};
use crate::core::checker::Checker;
use crate::core::rng::SimRng;
use crate::core::{Broker, Stamped, Time};

use books::Books;

/// A run stops once more message copies than this are in queues or at channels at once (a
/// dead-letter or fanout loop multiplying them): past it a real broker raises a memory alarm,
/// and here the browser tab would run out of memory. As many as the messages one run may publish
/// (`MAX_MESSAGES`); a million held at once peak at about 420 MB (tests/runs/hostile.rs).
pub const MAX_LIVE_COPIES: u64 = 1_000_000;

/// A run stops once more client wakeups than this happen at one virtual instant: time would
/// never move on (a consumer that requeues every delivery with no processing time).
pub const MAX_STEPS_PER_INSTANT: u64 = 1_000_000;

/// The seed's streams (see `SimRng::stream`): the broker draws from stream 0.
const CLIENTS_STREAM: u32 = 1;
const CHAOS_STREAM: u32 = 2;

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
    /// A tx.commit-ok or tx.rollback-ok reaches its producer (after the client latency).
    TxAnswered { channel: ChannelId },
    /// A tx producer whose commit will never be answered (its channel died) goes on.
    TxResume(usize),
    /// Chaos brings a node it took down back up.
    StartNode(u32),
    /// Chaos heals the partition it made.
    Heal,
    /// A customer pays for the order carried by this message (`orders.rs`).
    Pay(u64),
    /// A cache writer's delayed second delete (an index into `delayed_deletes`).
    DelayedDelete(usize),
}

/// A client wakeup in the world's queue, ordered by its time and then its scheduling sequence
/// only (one integer, the pair is unique), reversed so the max-heap pops the earliest first: a
/// comparison never looks at the wakeup itself (it was a tenth of a cluster run as a tuple).
#[derive(Clone, Debug)]
struct Due {
    /// Time in the high 64 bits, sequence in the low.
    order: u128,
    wakeup: Wakeup,
}

impl Due {
    fn at(&self) -> Time {
        Time((self.order >> 64) as u64)
    }
}

impl PartialEq for Due {
    fn eq(&self, other: &Due) -> bool {
        self.order == other.order
    }
}

impl Eq for Due {}

impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Due) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Due {
    fn cmp(&self, other: &Due) -> std::cmp::Ordering {
        other.order.cmp(&self.order)
    }
}

#[derive(Clone, Debug)]
pub struct World {
    pub broker: Broker,
    pub scenario: Scenario,
    producers: Vec<Producer>,
    consumers: Vec<Consumer>,
    /// Client wakeups, earliest first; `(time, sequence)` is unique, so ties go in scheduling order.
    wakeups: BinaryHeap<Due>,
    wakeup_seq: u64,
    /// The Redis-like store (dedup set, locks) and the MySQL-like table (unique keys).
    pub redis: stores::Redis,
    pub mysql: stores::Table,
    /// Who believes they hold each lock right now (more than one: the lease ran out under one).
    lock_holders: BTreeMap<Rc<str>, u32>,
    /// What the broker's events tell about each message, for the ledger.
    books: Books,
    /// Which client opened each channel (`owners.rs`).
    owners: owners::ChannelOwners,
    pub guarantees: Guarantees,
    /// How many published messages have each fate, as of the last [`World::finish`].
    pub fates: FateTally,
    /// Every broker event so far, for the trace and the UI (see `keep_log`).
    pub log: Vec<Stamped>,
    /// What the clients did, message by message, kept (and drained) like `log`.
    pub client_log: Vec<ClientEvent>,
    /// Broker events emitted so far (a client step's place among them).
    events_seen: u64,
    keep_log: bool,
    /// Why the run stopped early (too many live copies, a loop without time passing); time no
    /// longer advances.
    pub halted: Option<SimProblem>,
    /// Client wakeups handled at the current virtual instant.
    steps_this_instant: u64,
    /// The invariants checked after every step in debug builds and tests (`core/checker.rs`).
    checker: Checker,
    /// The clients' draws (processing times, failures, rollbacks) and chaos's (times, targets),
    /// each its own stream of the seed (the broker keeps stream 0).
    clients_rng: SimRng,
    chaos_rng: SimRng,
    /// The figures the lessons read beyond the ledger (latencies, orders, cache, shovels).
    pub measures: measures::Measures,
    orders: orders::Orders,
    /// Cache keys a writer deletes a second time (`cache.rs`).
    /// The cache key, the message whose write it follows, and the writer.
    delayed_deletes: Vec<(Rc<str>, Rc<str>, u32)>,
    /// The value of every dedup entry in Redis (`"1"`), shared rather than allocated per message.
    dedup_value: Rc<str>,
}

/// The broker's `apply` (which is inlined into its callers) in one place for the world: its
/// client steps pass commands of every kind, so a copy inlined into `World::apply` folds
/// nothing and only grows it (the cluster run lost about 15 instructions a command to the
/// bigger wrapper, and inlining the wrapper as well cost the page 885 B).
#[inline(never)]
fn apply_out_of_line(broker: &mut Broker, command: Command) -> Result<Reply, crate::core::AmqpError> {
    broker.apply(command)
}

impl World {
    /// Builds the topology and schedules the clients, the faults and chaos. The scenario must be valid.
    pub fn new(scenario: &Scenario) -> Result<World, String> {
        scenario.validate()?;
        let broker = scenario.new_broker()?;
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
            owners: owners::ChannelOwners::default(),
            guarantees: Guarantees::default(),
            fates: FateTally::default(),
            log: Vec::new(),
            client_log: Vec::new(),
            events_seen: 0,
            keep_log: true,
            halted: None,
            steps_this_instant: 0,
            checker: Checker::default(),
            clients_rng: SimRng::stream(scenario.seed, CLIENTS_STREAM),
            chaos_rng: SimRng::stream(scenario.seed, CHAOS_STREAM),
            measures: measures::Measures::default(),
            orders: orders::Orders::default(),
            delayed_deletes: Vec::new(),
            dedup_value: Rc::from("1"),
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
        if let Some(why) = &world.halted {
            return Err(why.to_string());
        }
        world.finish();
        Ok(world)
    }

    /// Moves virtual time forward, waking the broker and the clients in deadline order.
    pub fn advance_to(&mut self, until: Time) {
        self.advance_within(until, &mut { u64::MAX });
    }

    /// As [`World::advance_to`], but handles at most `budget` instants that have work (each
    /// one: the broker's timers due then and every client wakeup due then): playback's bound on
    /// the work of one animation frame. Returns whether `until` was reached; if not, the world
    /// stops after a whole instant, exactly where an unbounded run would have passed through.
    pub fn advance_within(&mut self, until: Time, budget: &mut u64) -> bool {
        while self.halted.is_none() {
            let client = self.wakeups.peek().map(Due::at);
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
            if next > self.now() {
                if *budget == 0 {
                    return false;
                }
                *budget -= 1;
                self.steps_this_instant = 0;
            }
            if self.broker.advance_to(next).is_err() {
                break;
            }
            self.absorb();
            while let Some(due) = self.wakeups.peek() {
                if due.at() > next {
                    break;
                }
                let wakeup = due.wakeup;
                self.wakeups.pop();
                self.handle(wakeup);
                self.absorb();
                self.steps_this_instant += 1;
                if self.steps_this_instant > MAX_STEPS_PER_INSTANT {
                    self.halted = Some(SimProblem::TooManySteps { at: next, max: MAX_STEPS_PER_INSTANT });
                    return false;
                }
                // Inside the batch: a dead-letter loop with instant consumers multiplies copies
                // without virtual time ever moving.
                if self.check_live_copies() {
                    return false;
                }
            }
        }
        if self.halted.is_some() {
            return false;
        }
        // A world's time only moves forward (the timeline seeks back by restoring a snapshot): an
        // `until` already passed leaves it where it is.
        let _ = self.broker.advance_to(until);
        self.absorb();
        if cfg!(debug_assertions) {
            if let Err(reason) = self.checker.check_conservation(&self.broker) {
                panic!("checker, at {}: {reason}", self.now());
            }
        }
        true
    }

    /// Debug builds and tests: the checker's per-step invariants over what the step emitted.
    fn check_step(&mut self, events: &[Stamped]) {
        if cfg!(debug_assertions) {
            if let Err(reason) = self.checker.after_step(&self.broker, events) {
                panic!("checker, at {}: {reason}", self.now());
            }
        }
    }

    /// Halts the run when too many copies are live; true when halted.
    fn check_live_copies(&mut self) -> bool {
        let live = self.broker.ledger().live();
        if live > MAX_LIVE_COPIES {
            self.halted = Some(SimProblem::TooManyCopies { at: self.now(), live, max: MAX_LIVE_COPIES });
        }
        self.halted.is_some()
    }

    /// Records a client step (only while the log is kept: it never changes what happens).
    /// Inlined: a benchmark run keeps no log, and the call was most of the cost of the check.
    #[inline]
    fn note(&mut self, body: Option<&Rc<str>>, step: ClientStep) {
        if self.keep_log {
            self.client_log.push(ClientEvent { at: self.now(), after: self.events_seen, body: body.cloned(), step });
        }
    }

    fn wake(&mut self, at: Time, wakeup: Wakeup) {
        self.wakeup_seq += 1;
        self.wakeups.push(Due { order: u128::from(at.0) << 64 | u128::from(self.wakeup_seq), wakeup });
    }

    fn apply(&mut self, command: Command) -> Option<Reply> {
        let result = apply_out_of_line(&mut self.broker, command);
        self.absorb();
        result.ok()
    }

    /// The scenario's topology, declared exactly as validation declared it on a fresh broker.
    fn declare_topology(&mut self) -> Result<(), String> {
        let scenario = self.scenario.clone();
        scenario.declare_topology(&mut self.broker)?;
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
            Wakeup::TxAnswered { channel } => self.on_tx_ok(channel),
            Wakeup::TxResume(i) => self.tx_resume(i),
            Wakeup::StartNode(node) => {
                self.apply(Command::StartNode { node: NodeId(node) });
            }
            Wakeup::Heal => {
                self.apply(Command::Heal);
            }
            Wakeup::Pay(msg) => self.pay(msg),
            Wakeup::DelayedDelete(index) => self.delayed_delete(index),
        }
    }

    /// How many times the side effect of message `id`'s copy first routed to `queue` happened
    /// (wherever the copy went since: a dead-letter queue, a shovel's target queue).
    pub fn times_processed(&self, queue: &str, id: &str) -> u64 {
        let Some(slot) = self.scenario.queues.iter().position(|q| q.name == queue) else { return 0 };
        self.books.times_processed(slot, id)
    }
}
