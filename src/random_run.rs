//! Seeded random runs: a random topology and a long random sequence of client commands and time
//! jumps, all drawn from the run's one seeded PRNG (the broker's). Property tests use them to
//! check conservation after every step; determinism checks compare their trace hashes between
//! two runs and between native code and WebAssembly.

use crate::core::command::{Command, Reply};
use crate::core::cluster::{ClusterConfig, NodeState, PartitionHandling};
use crate::core::ids::{ChannelId, ConnectionId, NodeId};
use crate::core::message::Properties;
use crate::core::rng::Ratio;
use crate::core::value::{Table, Value};
use crate::core::{Broker, TraceHash};

const QUEUES: [&str; 4] = ["q0", "q1", "q2", "q3"];
const EXCHANGES: [(&str, &str); 5] =
    [("x.direct", "direct"), ("x.topic", "topic"), ("x.fanout", "fanout"), ("x.headers", "headers"), ("dlx", "fanout")];
const KEYS: [&str; 8] = ["q0", "q1", "q2", "q3", "a.b", "a", "nope", ""];
const PATTERNS: [&str; 6] = ["#", "a.*", "*.b", "a.#", "", "q1"];
/// Channel slots: 0 plain publisher, 1 confirm publisher, 2 tx publisher, 3.. consumers.
const SLOTS: usize = 7;
const FIRST_CONSUMER_SLOT: usize = 3;

/// What a random run did, and the fingerprint of everything that happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub hash: u64,
    pub commands: u32,
    pub errors: u32,
    pub events: u64,
}

/// Clone is a snapshot: the broker with its PRNG and the client's channels.
#[derive(Clone)]
pub struct RandomRun {
    pub broker: Broker,
    /// One node: connections `main` and `other`. A cluster: one connection per node.
    connections: Vec<ConnectionId>,
    clustered: bool,
    slots: [Option<ChannelId>; SLOTS],
    hash: TraceHash,
    outcome: Outcome,
}

impl RandomRun {
    pub fn new(seed: u64) -> RandomRun {
        let mut broker = Broker::new(seed);
        let mut open = |name: &str| broker.new_connection(name, None).expect("a fresh broker accepts connections");
        let connections = vec![open("main"), open("other")];
        let mut run = RandomRun {
            broker,
            connections,
            clustered: false,
            slots: [None; SLOTS],
            hash: TraceHash::default(),
            outcome: Outcome { hash: 0, commands: 0, errors: 0, events: 0 },
        };
        run.declare_topology();
        run
    }

    /// A random run on a 3-node cluster: q1 is mirrored (`ha-mode` all, manual sync), q2 a
    /// quorum queue, q3 either; clients connect to every node, and node crashes, stops,
    /// restarts, partitions and heals happen among the client commands. The partition
    /// handling mode comes from the seed.
    pub fn cluster(seed: u64) -> RandomRun {
        let mut config = ClusterConfig::of(&["r1", "r2", "r3"]);
        config.partition_handling = [PartitionHandling::Ignore, PartitionHandling::PauseMinority, PartitionHandling::Autoheal][(seed % 3) as usize];
        let mut broker = Broker::with_cluster(seed, &config).expect("a valid cluster");
        let definition: Table = [("ha-mode".to_string(), Value::from("all"))].into();
        broker.apply(Command::SetPolicy { name: "ha".into(), pattern: "^q1$".into(), priority: 0, definition }).expect("a valid policy");
        let connections = (0..3)
            .map(|node| broker.new_connection(&format!("client@{node}"), Some(NodeId(node))).expect("a fresh cluster accepts connections"))
            .collect();
        let mut run = RandomRun {
            broker,
            connections,
            clustered: true,
            slots: [None; SLOTS],
            hash: TraceHash::default(),
            outcome: Outcome { hash: 0, commands: 0, errors: 0, events: 0 },
        };
        run.declare_topology();
        run
    }

    /// [`Self::run`] on a cluster ([`Self::cluster`]).
    pub fn run_cluster(seed: u64, steps: u32, mut check: impl FnMut(&Broker)) -> Outcome {
        let mut run = RandomRun::cluster(seed);
        for _ in 0..steps {
            run.step();
            check(&run.broker);
        }
        run.finish()
    }

    /// Runs `steps` random steps, calling `check` after each one.
    pub fn run(seed: u64, steps: u32, mut check: impl FnMut(&Broker)) -> Outcome {
        let mut run = RandomRun::new(seed);
        for _ in 0..steps {
            run.step();
            check(&run.broker);
        }
        run.finish()
    }

    pub fn finish(mut self) -> Outcome {
        self.absorb();
        self.outcome.hash = self.hash.value();
        self.outcome
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.broker.rng().between(0, items.len() as u64 - 1) as usize]
    }
    fn chance(&mut self, numerator: u32, denominator: u32) -> bool {
        self.broker.rng().chance(Ratio::new(numerator, denominator))
    }
    fn below(&mut self, n: u64) -> u64 {
        self.broker.rng().between(0, n.saturating_sub(1))
    }

    fn apply(&mut self, command: Command) -> Option<Reply> {
        self.outcome.commands += 1;
        let result = self.broker.apply(command);
        if result.is_err() {
            self.outcome.errors += 1;
        }
        self.absorb();
        result.ok()
    }

    fn absorb(&mut self) {
        let events = self.broker.drain_events();
        self.outcome.events += events.len() as u64;
        self.hash.absorb(&events);
    }

    /// The channel in `slot`, reopened (in its publishing mode) if an error or a restart closed it.
    fn channel(&mut self, slot: usize) -> ChannelId {
        if let Some(ch) = self.slots[slot].filter(|c| self.broker.channel(*c).is_some()) {
            return ch;
        }
        let conn_index = if self.clustered { slot % self.connections.len() } else { usize::from(slot == SLOTS - 1) };
        if self.broker.connection(self.connections[conn_index]).is_none() {
            let command = if self.clustered {
                // A client whose node is down connects to the first running node instead.
                let cluster = self.broker.cluster_state();
                let node = [NodeId(conn_index as u32)].into_iter().chain(cluster.nodes.iter().map(|n| n.id)).find(|n| cluster.is_up(*n));
                Command::connect(&format!("client@{conn_index}"), Some(node.expect("a run keeps one node up")))
            } else {
                Command::connect(if conn_index == 0 { "main" } else { "other" }, None)
            };
            if let Some(Reply::Connection(id)) = self.apply(command) {
                self.connections[conn_index] = id;
            }
        }
        let Some(Reply::Channel(channel)) = self.apply(Command::OpenChannel { connection: self.connections[conn_index] }) else {
            unreachable!("the connection was just checked")
        };
        match slot {
            1 => self.apply(Command::ConfirmSelect { channel }),
            2 => self.apply(Command::TxSelect { channel }),
            _ => None,
        };
        self.slots[slot] = Some(channel);
        channel
    }

    fn declare_topology(&mut self) {
        let channel = self.channel(0);
        for (name, kind) in EXCHANGES {
            self.apply(Command::DeclareExchange {
                channel,
                name: name.into(),
                kind: kind.into(),
                durable: true,
                auto_delete: false,
                internal: false,
                args: Table::new(),
                passive: false,
            });
        }
        for name in QUEUES {
            self.declare_queue(name);
        }
        for (i, queue) in QUEUES.iter().enumerate() {
            let pattern = *self.pick(&PATTERNS);
            let headers: Table = [("x-match".to_string(), Value::from("any")), ("k".to_string(), Value::Int(i as i64 % 2))].into();
            let bindings = [
                ("x.direct", queue.to_string(), Table::new()),
                ("x.topic", pattern.to_string(), Table::new()),
                ("x.fanout", String::new(), Table::new()),
                ("x.headers", String::new(), headers),
                ("dlx", String::new(), Table::new()),
            ];
            for (source, key, args) in bindings {
                if self.chance(2, 3) {
                    let channel = self.channel(0);
                    self.apply(Command::Bind { channel, source: source.into(), destination: queue.to_string(), to_exchange: false, key, args });
                }
            }
        }
    }

    fn declare_queue(&mut self, name: &str) {
        let mut args = Table::new();
        if self.chance(1, 2) {
            args.insert("x-message-ttl".into(), Value::Int(self.below(1500) as i64));
        }
        if self.chance(1, 3) {
            args.insert("x-max-length".into(), Value::Int(self.below(5) as i64));
            let overflow = *self.pick(&["drop-head", "reject-publish", "reject-publish-dlx"]);
            args.insert("x-overflow".into(), overflow.into());
        }
        if self.chance(2, 3) {
            let dlx = *self.pick(&["dlx", "", "missing"]);
            args.insert("x-dead-letter-exchange".into(), dlx.into());
            if dlx.is_empty() || self.chance(1, 3) {
                args.insert("x-dead-letter-routing-key".into(), (*self.pick(&QUEUES)).into());
            }
        }
        if self.chance(1, 4) {
            args.insert("x-max-priority".into(), Value::Int(3));
        }
        if self.chance(1, 6) {
            args.insert("x-single-active-consumer".into(), Value::Bool(true));
        }
        let quorum = self.clustered && (name == "q2" || (name == "q3" && self.chance(1, 2)));
        if quorum {
            args.remove("x-max-priority");
            args.insert("x-queue-type".into(), "quorum".into());
        }
        // In a cluster the queue's home (or leader) is the node of a random client.
        let slot = if self.clustered { self.below(SLOTS as u64) as usize } else { 0 };
        let channel = self.channel(slot);
        let durable = quorum || self.chance(3, 4);
        self.apply(Command::DeclareQueue { channel, name: name.into(), durable, exclusive: false, auto_delete: false, args, passive: false });
    }

    /// One random client action or time jump.
    pub fn step(&mut self) {
        match self.below(100) {
            0..=34 => self.publish(),
            35..=42 => self.consume(),
            43..=67 => self.settle(),
            68..=72 => {
                let slot = FIRST_CONSUMER_SLOT + self.below(3) as usize;
                let channel = self.channel(slot);
                let queue = self.pick(&QUEUES).to_string();
                let auto_ack = self.chance(1, 3);
                self.apply(Command::Get { channel, queue, auto_ack });
            }
            73..=75 => self.cancel(),
            76..=78 => {
                let slot = self.below(SLOTS as u64) as usize;
                if let Some(channel) = self.slots[slot].filter(|c| self.broker.channel(*c).is_some()) {
                    self.apply(Command::CloseChannel { channel });
                }
            }
            79..=80 => {
                let slot = FIRST_CONSUMER_SLOT + self.below(3) as usize;
                let channel = self.channel(slot);
                self.apply(Command::Recover { channel, requeue: true });
            }
            81..=85 => {
                let channel = self.channel(2);
                let command = if self.chance(3, 4) { Command::TxCommit { channel } } else { Command::TxRollback { channel } };
                self.apply(command);
            }
            86..=96 => {
                let ms = self.below(1500);
                let moved = self.broker.advance_to(self.broker.now().plus_millis(ms));
                debug_assert!(moved.is_ok(), "now + ms is never before now");
                self.absorb();
            }
            97 => {
                let channel = self.channel(0);
                let name = self.pick(&QUEUES).to_string();
                self.apply(Command::PurgeQueue { channel, name });
            }
            98 => {
                let channel = self.channel(0);
                let name = *self.pick(&QUEUES);
                self.apply(Command::DeleteQueue { channel, name: name.into(), if_unused: false, if_empty: false });
                self.declare_queue(name);
            }
            _ if self.clustered => self.cluster_fault(),
            _ => {
                if self.chance(1, 3) {
                    self.apply(Command::RestartBroker);
                }
            }
        }
    }

    /// A node crash, stop or start, a partition or a heal (one node always stays up).
    fn cluster_fault(&mut self) {
        let cluster = self.broker.cluster_state();
        let up: Vec<NodeId> = cluster.nodes.iter().filter(|n| cluster.is_up(n.id)).map(|n| n.id).collect();
        let down: Vec<NodeId> = cluster.nodes.iter().filter(|n| n.state != NodeState::Up).map(|n| n.id).collect();
        let partitioned = cluster.partitioned;
        let command = match self.below(5) {
            0 if up.len() > 1 => Command::KillNode { node: *self.pick(&up) },
            1 if up.len() > 1 => Command::StopNode { node: *self.pick(&up) },
            2 | 3 if partitioned => Command::Heal,
            2 => {
                let alone = NodeId(self.below(3) as u32);
                Command::Partition { sides: vec![vec![alone]] }
            }
            _ if !down.is_empty() && !partitioned => Command::StartNode { node: *self.pick(&down) },
            _ => return,
        };
        self.apply(command);
        // pause_minority can pause every running node; an operator then heals the network.
        let cluster = self.broker.cluster_state();
        if cluster.partitioned && !cluster.nodes.iter().any(|n| cluster.is_up(n.id)) {
            self.apply(Command::Heal);
        }
    }

    fn publish(&mut self) {
        let slot = self.below(3) as usize;
        let channel = self.channel(slot);
        let exchange = if self.chance(1, 50) { "missing" } else { *self.pick(&["", "x.direct", "x.topic", "x.fanout", "x.headers"]) };
        let mut properties = Properties { persistent: self.chance(1, 2), ..Properties::default() };
        if self.chance(1, 4) {
            properties.expiration = Some(self.below(1200).to_string());
        }
        if self.chance(1, 4) {
            properties.priority = Some(self.below(6) as u8);
        }
        if self.chance(1, 3) {
            properties.headers.insert("k".into(), Value::Int(self.below(2) as i64));
        }
        if self.chance(1, 10) {
            properties.headers.insert("CC".into(), Value::Array(vec![(*self.pick(&KEYS)).into()]));
        }
        let routing_key = self.pick(&KEYS).to_string();
        let mandatory = self.chance(1, 4);
        let body = format!("m{}", self.outcome.commands);
        self.apply(Command::Publish {
            channel,
            exchange: exchange.into(),
            routing_key: routing_key.into(),
            mandatory,
            immediate: false,
            properties,
            body: body.into(),
        });
    }

    fn consume(&mut self) {
        let slot = FIRST_CONSUMER_SLOT + self.below((SLOTS - FIRST_CONSUMER_SLOT) as u64) as usize;
        let channel = self.channel(slot);
        let prefetch_count = self.below(4) as u32;
        self.apply(Command::prefetch(channel, prefetch_count));
        let channel = self.channel(slot);
        let queue = self.pick(&QUEUES).to_string();
        let args: Table = if self.chance(1, 3) { [("x-priority".to_string(), Value::Int(self.below(3) as i64))].into() } else { Table::new() };
        let auto_ack = self.chance(1, 5);
        let exclusive = self.chance(1, 20);
        self.apply(Command::Consume { channel, queue, tag: String::new(), auto_ack, exclusive, args });
    }

    fn settle(&mut self) {
        let slot = FIRST_CONSUMER_SLOT + self.below((SLOTS - FIRST_CONSUMER_SLOT) as u64) as usize;
        let Some(channel) = self.slots[slot].filter(|c| self.broker.channel(*c).is_some()) else { return };
        let ch = self.broker.channel(channel).expect("checked");
        let tags: Vec<u64> = ch.unacked.iter().map(|d| d.tag).collect();
        let next = ch.next_delivery_tag;
        let tag = if tags.is_empty() || self.chance(1, 20) { next + self.below(2) } else { *self.pick(&tags) };
        let multiple = self.chance(1, 4);
        let requeue = self.chance(1, 2);
        let command = match self.below(3) {
            0 => Command::ack(channel, tag, multiple),
            1 => Command::nack(channel, tag, multiple, requeue),
            _ => Command::reject(channel, tag, requeue),
        };
        self.apply(command);
    }

    fn cancel(&mut self) {
        let slot = FIRST_CONSUMER_SLOT + self.below((SLOTS - FIRST_CONSUMER_SLOT) as u64) as usize;
        let Some(channel) = self.slots[slot].filter(|c| self.broker.channel(*c).is_some()) else { return };
        let tags: Vec<String> = self.broker.channel(channel).expect("checked").consumers.keys().map(|t| t.to_string()).collect();
        if tags.is_empty() {
            return;
        }
        let tag = self.pick(&tags).clone();
        self.apply(Command::Cancel { channel, tag });
    }
}
