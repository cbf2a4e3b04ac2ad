//! The standard benchmark workloads, as pure library code: no clock, no I/O, no randomness beyond
//! a seeded counter hash. They drive a [`Broker`] through [`Command`]s only, exactly as a client
//! would, and return counts; the callers (`warren-bench` natively, `bench/run-wasm.mjs` in Node)
//! own the wall clock. The same seed gives the same [`Summary`] (trace hash included) natively and
//! in WebAssembly.
//!
//! **Throughput** ([`run_throughput`]): one topic exchange routing to 10 queues, 20 manual-ack
//! consumers (2 per queue, each on its own channel, prefetch 10 set by `basic.qos` before
//! `basic.consume`), N messages published in batches of `batch` per virtual millisecond.
//!
//! Routing keys are `orders.s<shard>.<level>`: shard 0–7 and level `info` (65 %), `error` (10 %)
//! or `notify` (25 %), drawn from a seeded hash of the message number (24 distinct keys).
//!
//! | queue            | binding          | receives                                  |
//! |------------------|------------------|-------------------------------------------|
//! | `work.0`…`work.7` | `orders.s<k>.*`  | every message, exactly one of the eight   |
//! | `audit`          | `*.*.error`      | the 10 % `error` messages, a second copy  |
//! | `notify`         | `#.notify`       | the 25 % `notify` messages, a second copy |
//!
//! So the fan-out is 1.35 copies per message on average: 65 % of messages go to one queue and
//! 35 % to two. `notify` has `x-message-ttl` (20 ms by default) and dead-letters to the fanout
//! exchange `bench.dlx`, bound to the queue `dead` (no consumers: a parking lot, counted at the
//! end, so 11 queues exist in all).
//!
//! Consumers ack every delivery they get, one `basic.ack` per tag (never `multiple`). The eight
//! `work` and the `audit` consumers ack as soon as the delivery arrives (the events are drained
//! after every command). The two `notify` consumers are slow: they ack at the start of the next
//! virtual millisecond. With prefetch 10 they take at most 20 messages a millisecond while about
//! 25 arrive, so a backlog builds and the TTL expires some 5 % of all messages into `dead`.
//! After the last publish the run keeps advancing time until every consumer queue is empty.
//!
//! **Queued** ([`run_queued`]): N messages published into one queue that has no consumer, to
//! measure what a queued message costs in memory.

use std::rc::Rc;

use serde::Serialize;

use crate::core::{
    AmqpError, Broker, ChannelId, Command, DeathReason, Event, Properties, QueueId, Reply, Stamped,
    Table, Time, Value,
};

pub const EXCHANGE: &str = "bench.topic";
pub const DEAD_LETTER_EXCHANGE: &str = "bench.dlx";
pub const DEAD_QUEUE: &str = "dead";
pub const TTL_QUEUE: &str = "notify";
pub const PARKED_QUEUE: &str = "parked";

const WORK_QUEUES: u32 = 8;
const CONSUMERS_PER_QUEUE: u32 = 2;
const PREFETCH: u32 = 10;
const LEVELS: [&str; 3] = ["info", "error", "notify"];

/// Settings of the throughput workload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Throughput {
    pub messages: u64,
    /// Publishes per virtual millisecond.
    pub batch: u64,
    /// `x-message-ttl` of the `notify` queue, ms.
    pub ttl_ms: u64,
    /// Bytes in every message body.
    pub body_bytes: u32,
    pub seed: u64,
}

impl Default for Throughput {
    fn default() -> Throughput {
        Throughput {
            messages: 1_000_000,
            batch: 100,
            ttl_ms: 20,
            body_bytes: 16,
            seed: 1,
        }
    }
}

/// What a workload did, counted from the broker's events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub published: u64,
    /// Copies placed in queues, dead-lettered copies included.
    pub enqueued: u64,
    pub deliveries: u64,
    pub acks: u64,
    /// Copies that expired in `notify` (all of them dead-lettered).
    pub expired: u64,
    pub dead_lettered: u64,
    pub dropped: u64,
    /// Copies still ready when the run ended (the `dead` or `parked` queue).
    pub left_ready: u64,
    pub virtual_ms: u64,
    /// FNV-1a over every delivery (time, channel, tag, copy) and dead-lettering: equal traces
    /// mean the same run, natively and in wasm. Serialized as 16 hex digits (JavaScript numbers
    /// cannot hold every `u64`).
    #[serde(serialize_with = "hex")]
    pub trace: u64,
}

impl Summary {
    /// Every copy is accounted for: delivered (and acked), dead-lettered, dropped or still ready.
    pub fn balanced(&self) -> bool {
        self.enqueued == self.deliveries + self.dead_lettered + self.dropped + self.left_ready
            && self.acks == self.deliveries
    }
}

fn hex<S: serde::Serializer>(value: &u64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format!("{value:016x}"))
}

/// A workload command failed: which step, and the broker's error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkloadError {
    pub step: String,
    pub error: AmqpError,
}

impl std::fmt::Display for WorkloadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} {}", self.step, self.error.code, self.error.text)
    }
}

/// The throughput workload; see the module docs.
pub fn run_throughput(settings: Throughput) -> Result<Summary, WorkloadError> {
    let mut run = Run::new(settings.seed);
    let topology = run.throughput_topology(settings.ttl_ms)?;
    // Like a real client, the publisher keeps its exchange name and routing keys as shared
    // strings, and here its one body too: the benchmark measures the broker, not the client
    // building a body per message (the queued workload below does, to count a body's memory).
    let keys: Vec<Rc<str>> = (0..WORK_QUEUES)
        .flat_map(|shard| {
            LEVELS
                .iter()
                .map(move |level| Rc::from(format!("orders.s{shard}.{level}")))
        })
        .collect();
    let exchange: Rc<str> = EXCHANGE.into();
    let body: Rc<str> = "x".repeat(settings.body_bytes as usize).into();
    let batch = settings.batch.max(1);
    let mut ms = 0;
    while run.summary.published < settings.messages {
        ms += 1;
        run.tick(ms)?;
        let end = settings.messages.min(run.summary.published + batch);
        for n in run.summary.published..end {
            let key = &keys[key_index(settings.seed, n)];
            run.publish(topology.publisher, &exchange, key, &body)?;
        }
    }
    while !run.slow_acks.is_empty() || run.ready_in(topology.ttl_queue) > 0 {
        ms += 1;
        run.tick(ms)?;
    }
    run.summary.left_ready = run.broker.queues().map(|q| q.ready.len()).sum();
    run.summary.virtual_ms = ms;
    Ok(run.summary)
}

/// The queued workload: `messages` messages of `body_bytes` bytes published through the default
/// exchange into `parked`, which has no consumer. Returns with the broker still holding them, so
/// the caller can measure memory at its peak; dropping the broker frees them.
pub fn run_queued(
    messages: u64,
    body_bytes: u32,
    seed: u64,
) -> Result<(Summary, Broker), WorkloadError> {
    let mut run = Run::new(seed);
    let connection = run.connection("bench-queued")?;
    let channel = run.channel(connection)?;
    run.apply(
        declare_queue(channel, PARKED_QUEUE, Table::new()),
        "declare parked",
    )?;
    let body = "x".repeat(body_bytes as usize);
    let (exchange, key): (Rc<str>, Rc<str>) = ("".into(), PARKED_QUEUE.into());
    for _ in 0..messages {
        // Each queued message holds its own body, as messages from a real publisher do.
        run.publish(channel, &exchange, &key, &Rc::from(body.as_str()))?;
    }
    run.summary.left_ready = run.broker.queues().map(|q| q.ready.len()).sum();
    Ok((run.summary, run.broker))
}

/// The floor: `ops` push/pop pairs on a bare `VecDeque` holding a few elements the size of a
/// queued copy's id. Returns a checksum so the loop cannot be optimised away.
pub fn vecdeque_floor(ops: u64) -> u64 {
    let mut queue: std::collections::VecDeque<u64> = (0..16).collect();
    let mut sum = 0u64;
    for n in 0..ops {
        queue.push_back(std::hint::black_box(n));
        sum = sum.wrapping_add(queue.pop_front().unwrap_or(0));
    }
    sum
}

/// Which of the 24 routing keys message `n` uses: shard from the low bits of a seeded
/// splitmix64 of `n`, level from the rest (65 % info, 10 % error, 25 % notify).
fn key_index(seed: u64, n: u64) -> usize {
    let h = splitmix64(seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let shard = h % u64::from(WORK_QUEUES);
    let level = match (h >> 8) % 100 {
        0..=64 => 0,
        65..=74 => 1,
        _ => 2,
    };
    (shard * LEVELS.len() as u64 + level) as usize
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// `FNV_PRIME` to the powers 0 to 8.
const FNV_POWERS: [u64; 9] = {
    let mut powers = [1u64; 9];
    let mut k = 1;
    while k < 9 {
        powers[k] = powers[k - 1].wrapping_mul(FNV_PRIME);
        k += 1;
    }
    powers
};

/// FNV-1a over the values' little-endian bytes, all eight of each. This runs for every
/// delivery, and the values are small: a zero byte's step, `(h ^ 0) * P`, is a bare multiply,
/// so a value's zero top bytes are taken in one multiply by `P^k` (the same hash, fewer steps).
fn fnv(mut hash: u64, values: &[u64]) -> u64 {
    for &value in values {
        let significant = 8 - (value.leading_zeros() / 8) as usize;
        let mut rest = value;
        for _ in 0..significant {
            hash = (hash ^ (rest & 0xff)).wrapping_mul(FNV_PRIME);
            rest >>= 8;
        }
        hash = hash.wrapping_mul(FNV_POWERS[8 - significant]);
    }
    hash
}

/// The ids the throughput loop needs after setup.
struct Topology {
    publisher: ChannelId,
    ttl_queue: QueueId,
}

/// A broker, the counters, and the acks still owed.
struct Run {
    broker: Broker,
    summary: Summary,
    /// By channel index: whether its consumers ack one virtual millisecond late (`notify`'s).
    /// Looked up for every delivery, so indexed rather than searched.
    slow_channels: Vec<bool>,
    /// Deliveries the fast consumers still have to ack (reused, so no allocation per command).
    fast_acks: Vec<(ChannelId, u64)>,
    /// Deliveries the slow consumers ack at the next tick.
    slow_acks: Vec<(ChannelId, u64)>,
    /// The tick's acks taken from `slow_acks`, swapped back empty: neither list is regrown
    /// from nothing every tick (a fresh `Vec` per tick cost four reallocations each).
    owed: Vec<(ChannelId, u64)>,
    /// The event buffer, swapped with the broker's so neither allocates per command.
    events: Vec<Stamped>,
}

impl Run {
    fn new(seed: u64) -> Run {
        Run {
            broker: Broker::new(seed),
            summary: Summary {
                trace: FNV_OFFSET,
                ..Summary::default()
            },
            slow_channels: Vec::new(),
            fast_acks: Vec::new(),
            slow_acks: Vec::new(),
            owed: Vec::new(),
            events: Vec::new(),
        }
    }

    fn throughput_topology(&mut self, ttl_ms: u64) -> Result<Topology, WorkloadError> {
        let connection = self.connection("bench-throughput")?;
        let publisher = self.channel(connection)?;
        self.apply(
            declare_exchange(publisher, EXCHANGE, "topic"),
            "declare exchange",
        )?;
        self.apply(
            declare_exchange(publisher, DEAD_LETTER_EXCHANGE, "fanout"),
            "declare dead-letter exchange",
        )?;
        self.apply(
            declare_queue(publisher, DEAD_QUEUE, Table::new()),
            "declare dead",
        )?;
        self.apply(
            bind(publisher, DEAD_LETTER_EXCHANGE, DEAD_QUEUE, ""),
            "bind dead",
        )?;
        let mut queues: Vec<(String, String, Table)> = (0..WORK_QUEUES)
            .map(|shard| {
                (
                    format!("work.{shard}"),
                    format!("orders.s{shard}.*"),
                    Table::new(),
                )
            })
            .collect();
        queues.push(("audit".into(), "*.*.error".into(), Table::new()));
        let ttl_args: Table = [
            ("x-message-ttl".to_string(), Value::Int(ttl_ms as i64)),
            (
                "x-dead-letter-exchange".to_string(),
                Value::from(DEAD_LETTER_EXCHANGE),
            ),
        ]
        .into_iter()
        .collect();
        queues.push((TTL_QUEUE.into(), "#.notify".into(), ttl_args));
        for (name, pattern, args) in queues {
            self.apply(declare_queue(publisher, &name, args), "declare queue")?;
            self.apply(bind(publisher, EXCHANGE, &name, &pattern), "bind queue")?;
            for _ in 0..CONSUMERS_PER_QUEUE {
                let channel = self.channel(connection)?;
                self.apply(Command::prefetch(channel, PREFETCH), "qos")?;
                let consume = Command::Consume {
                    channel,
                    queue: name.clone(),
                    tag: String::new(),
                    auto_ack: false,
                    exclusive: false,
                    args: Table::new(),
                };
                self.apply(consume, "consume")?;
                if name == TTL_QUEUE {
                    let at = channel.index();
                    if self.slow_channels.len() <= at {
                        self.slow_channels.resize(at + 1, false);
                    }
                    self.slow_channels[at] = true;
                }
            }
        }
        let ttl_queue = self
            .broker
            .queue_named(TTL_QUEUE)
            .map(|q| q.id)
            .expect("declared above");
        Ok(Topology {
            publisher,
            ttl_queue,
        })
    }

    /// Advances virtual time to `ms` (expiring what is due), then the slow consumers ack what
    /// they received during the previous millisecond.
    fn tick(&mut self, ms: u64) -> Result<(), WorkloadError> {
        let moved = self.broker.advance_to(Time::from_millis(ms));
        debug_assert!(moved.is_ok(), "the workload's clock only moves forward: {moved:?}");
        self.settle()?;
        let mut owed = std::mem::replace(&mut self.slow_acks, std::mem::take(&mut self.owed));
        let acked = owed.iter().try_for_each(|&(channel, tag)| self.ack(channel, tag));
        owed.clear();
        self.owed = owed;
        acked
    }

    fn publish(
        &mut self,
        channel: ChannelId,
        exchange: &Rc<str>,
        routing_key: &Rc<str>,
        body: &Rc<str>,
    ) -> Result<(), WorkloadError> {
        let command = Command::Publish {
            channel,
            exchange: exchange.clone(),
            routing_key: routing_key.clone(),
            mandatory: false,
            immediate: false,
            properties: Properties::default(),
            body: body.clone(),
        };
        self.apply(command, "publish")?;
        self.summary.published += 1;
        self.settle()
    }

    fn ack(&mut self, channel: ChannelId, tag: u64) -> Result<(), WorkloadError> {
        self.ack_one(channel, tag)?;
        self.settle()
    }

    /// One `basic.ack` of one tag (never `multiple`), counted.
    // Once per delivery: inlined into `settle`'s loop.
    #[inline(always)]
    fn ack_one(&mut self, channel: ChannelId, tag: u64) -> Result<(), WorkloadError> {
        self.apply(Command::ack(channel, tag, false), "ack")?;
        self.summary.acks += 1;
        Ok(())
    }

    /// Drains the events of the last command, then acks every fast delivery (each ack may
    /// dispatch more, which are acked in turn) until none is owed.
    fn settle(&mut self) -> Result<(), WorkloadError> {
        loop {
            self.count_events();
            let Some((channel, tag)) = self.fast_acks.pop() else { return Ok(()) };
            self.ack_one(channel, tag)?;
        }
    }

    /// Called from `settle` alone, so inlined there: it runs once per command (460,000 times
    /// in the standard run), and as a call of its own its frame set-up cost ~35 instructions.
    #[inline(always)]
    fn count_events(&mut self) {
        self.broker.drain_events_into(&mut self.events);
        // Taken out by value, field by field: each variant's shared pointers are released
        // where the variant is known, instead of a generic drop call per event when the
        // buffer is cleared (the common events are named for that alone).
        for Stamped { at, event } in self.events.drain(..) {
            match event {
                Event::Published { msg, .. } => drop(msg),
                Event::Routed { queues, .. } => drop(queues),
                // Ids and numbers only, nothing to release: forgetting them skips the drop
                // call that a variant matched without moving a field still gets.
                e @ Event::Enqueued { .. } => {
                    std::mem::forget(e);
                    self.summary.enqueued += 1;
                }
                e @ Event::Acked { .. } => std::mem::forget(e),
                Event::Delivered {
                    channel,
                    tag,
                    copy,
                    consumer,
                    msg,
                    ..
                } => {
                    drop((consumer, msg));
                    self.summary.deliveries += 1;
                    self.summary.trace = fnv(
                        self.summary.trace,
                        &[at.0, u64::from(channel.0), tag, copy.0],
                    );
                    if self.slow_channels.get(channel.index()).copied().unwrap_or(false) {
                        self.slow_acks.push((channel, tag));
                    } else {
                        self.fast_acks.push((channel, tag));
                    }
                }
                Event::DeadLettered {
                    copy,
                    reason,
                    exchange,
                    msg,
                    ..
                } => {
                    drop((exchange, msg));
                    self.summary.dead_lettered += 1;
                    if reason == DeathReason::Expired {
                        self.summary.expired += 1;
                    }
                    self.summary.trace = fnv(self.summary.trace, &[at.0, copy.0]);
                }
                Event::Dropped { .. } => self.summary.dropped += 1,
                _ => {}
            }
        }
    }

    fn ready_in(&self, queue: QueueId) -> u64 {
        self.broker.queue(queue).map_or(0, |q| q.ready.len())
    }

    // Inlined, with the broker's `apply`, into each caller, where the command's kind is known.
    #[inline(always)]
    fn apply(&mut self, command: Command, step: &str) -> Result<Reply, WorkloadError> {
        self.broker.apply(command).map_err(|error| WorkloadError {
            step: step.to_string(),
            error,
        })
    }

    fn connection(&mut self, name: &str) -> Result<crate::core::ConnectionId, WorkloadError> {
        self.broker.new_connection(name, None).map_err(|error| WorkloadError { step: "open connection".into(), error })
    }

    fn channel(&mut self, connection: crate::core::ConnectionId) -> Result<ChannelId, WorkloadError> {
        self.broker.new_channel(connection).map_err(|error| WorkloadError { step: "open channel".into(), error })
    }
}

fn declare_exchange(channel: ChannelId, name: &str, kind: &str) -> Command {
    Command::DeclareExchange {
        channel,
        name: name.into(),
        kind: kind.into(),
        durable: false,
        auto_delete: false,
        internal: false,
        args: Table::new(),
        passive: false,
    }
}

fn declare_queue(channel: ChannelId, name: &str, args: Table) -> Command {
    Command::DeclareQueue {
        channel,
        name: name.into(),
        durable: false,
        exclusive: false,
        auto_delete: false,
        args,
        passive: false,
    }
}

fn bind(channel: ChannelId, exchange: &str, queue: &str, key: &str) -> Command {
    Command::Bind {
        channel,
        source: exchange.into(),
        destination: queue.into(),
        to_exchange: false,
        key: key.into(),
        args: Table::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Throughput {
        Throughput {
            messages: 20_000,
            ..Throughput::default()
        }
    }

    #[test]
    fn every_copy_is_delivered_and_acked_or_expired_into_dead() {
        let s = run_throughput(small()).unwrap();
        assert_eq!(s.published, 20_000);
        assert!(s.balanced(), "{s:?}");
        assert!(s.expired > 0 && s.expired == s.dead_lettered, "{s:?}");
        // The dead-lettered copies are all parked in `dead`, nothing else is left.
        assert_eq!(s.enqueued, s.deliveries + 2 * s.dead_lettered, "{s:?}");
        assert_eq!(s.left_ready, s.dead_lettered);
        // About 1.35 copies per message are routed; about 5 % of messages expire.
        let routed = s.enqueued - s.dead_lettered;
        assert!((26_000..28_000).contains(&routed), "{routed}");
        assert!((500..1_500).contains(&s.expired), "{s:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_trace_and_another_seed_does_not() {
        let a = run_throughput(small()).unwrap();
        assert_eq!(a, run_throughput(small()).unwrap());
        let b = run_throughput(Throughput { seed: 2, ..small() }).unwrap();
        assert_ne!(a.trace, b.trace);
    }

    #[test]
    fn the_queued_workload_keeps_every_message() {
        let (s, broker) = run_queued(1_000, 16, 1).unwrap();
        assert_eq!(
            (s.published, s.enqueued, s.left_ready, s.deliveries),
            (1_000, 1_000, 1_000, 0)
        );
        assert_eq!(
            broker.queue_named(PARKED_QUEUE).map(|q| q.ready.len()),
            Some(1_000)
        );
        assert!(broker.check_conservation().is_ok());
    }

    #[test]
    fn the_trace_hash_is_byte_wise_fnv_1a() {
        // The plain definition: every byte of every value, zero bytes included.
        let reference = |mut hash: u64, values: &[u64]| {
            for value in values {
                for byte in value.to_le_bytes() {
                    hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
                }
            }
            hash
        };
        let mut values = vec![0, 1, 0xff, 0x100, 0xffff_ffff, u64::MAX, 1 << 63, 0x0100_0000_0000_0000];
        values.extend((0..64).map(|i| splitmix64(i) >> (i % 64)));
        for pair in values.windows(3) {
            assert_eq!(fnv(FNV_OFFSET, pair), reference(FNV_OFFSET, pair), "{pair:?}");
        }
        // A zero value is eight multiplies by the prime, not none.
        assert_eq!(fnv(FNV_OFFSET, &[0]), FNV_OFFSET.wrapping_mul(FNV_POWERS[8]));
        assert_ne!(fnv(FNV_OFFSET, &[0]), FNV_OFFSET);
    }

    #[test]
    fn routing_keys_split_as_documented() {
        let mut levels = [0u64; 3];
        for n in 0..100_000 {
            levels[key_index(7, n) % 3] += 1;
        }
        assert!(
            (63_000..67_000).contains(&levels[0]) && (9_000..11_000).contains(&levels[1]),
            "{levels:?}"
        );
    }
}
