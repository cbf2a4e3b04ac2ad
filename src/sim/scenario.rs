//! Scenario files: a topology, the simulated clients, a fault schedule, a seed and a duration,
//! as versioned JSON. The UI's editor edits one; `warren-cli run` and the UI's playback run one.
//!
//! Parsing is strict: an unknown field, a wrong type or an impossible value is refused with a
//! message naming the field (`producers[0].interval_ms: must be at least 1`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::core::queue_config::QueueConfig;
use crate::core::rng::Ratio;
use crate::core::value::table_from_json;

/// The schema version this build reads and writes.
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub version: u32,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub seed: u64,
    /// How long the run lasts, in virtual milliseconds.
    pub duration_ms: u64,
    #[serde(default)]
    pub exchanges: Vec<ExchangeSpec>,
    #[serde(default)]
    pub queues: Vec<QueueSpec>,
    #[serde(default)]
    pub bindings: Vec<BindingSpec>,
    #[serde(default)]
    pub producers: Vec<ProducerSpec>,
    #[serde(default)]
    pub consumers: Vec<ConsumerSpec>,
    #[serde(default)]
    pub faults: Vec<ScheduledFault>,
    /// Faults drawn at seeded random times, at a rate per kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chaos: Option<ChaosSpec>,
    /// Several broker nodes (none: one node, `rabbit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ClusterSpec>,
    /// Policies (`rabbitmqctl set_policy --apply-to queues`), set before the queues are declared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<PolicySpec>,
    /// The external stores the consumers use (dedup set, unique index, locks).
    #[serde(default, skip_serializing_if = "StoresSpec::is_default")]
    pub stores: StoresSpec,
    /// The links between the clients and the broker nodes.
    #[serde(default, skip_serializing_if = "NetworkSpec::is_default")]
    pub network: NetworkSpec,
    /// Where the editor draws each entity; ignored by the simulation. By kind, then name (an
    /// exchange and a queue may share a name):
    /// `{"exchanges": {"orders": {"x": 120, "y": 80}}, "queues": {…}, "producers": {…}, "consumers": {…}}`.
    #[serde(default)]
    pub layout: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default = "yes")]
    pub durable: bool,
    #[serde(default)]
    pub internal: bool,
    #[serde(default)]
    pub args: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueSpec {
    pub name: String,
    #[serde(default = "yes")]
    pub durable: bool,
    /// The node it is declared on (its home, or its first leader); none: the first node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    #[serde(default)]
    pub args: Map<String, Json>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindingSpec {
    pub source: String,
    pub dest: String,
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub args: Map<String, Json>,
    #[serde(default)]
    pub to_exchange: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PublishMode {
    Plain,
    Confirm,
    Tx,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProducerSpec {
    pub name: String,
    #[serde(default)]
    pub exchange: String,
    /// Routing keys, used in turn.
    pub keys: Vec<String>,
    /// One publish every `interval_ms` virtual milliseconds (0: not set; give exactly one of
    /// `interval_ms`, `rate_per_s` and `burst`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub interval_ms: u64,
    /// Publishes per simulated second, evenly spaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_per_s: Option<u32>,
    /// `size` messages at once at each of the times `at_ms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst: Option<BurstSpec>,
    /// Stop after this many messages (none: until the run ends).
    #[serde(default)]
    pub count: Option<u64>,
    #[serde(default)]
    pub start_ms: u64,
    #[serde(default = "yes")]
    pub persistent: bool,
    #[serde(default = "plain")]
    pub mode: PublishMode,
    /// In confirm mode: resend a message not confirmed within this time (publisher duplicates).
    #[serde(default)]
    pub confirm_timeout_ms: Option<u64>,
    #[serde(default)]
    pub mandatory: bool,
    #[serde(default)]
    pub expiration: Option<String>,
    #[serde(default)]
    pub headers: Map<String, Json>,
    /// Set the `message_id` property (`<producer>-<n>`, kept on a resend); without it a
    /// consumer's dedup store has nothing to key on.
    #[serde(default = "yes")]
    pub message_ids: bool,
    /// In tx mode: publishes per transaction (tx.commit after every `tx_batch`).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub tx_batch: u32,
    /// In tx mode: the probability that a batch is rolled back instead of committed.
    #[serde(default = "never", skip_serializing_if = "is_never")]
    pub tx_rollback: Ratio,
    /// The node it connects to first (then the next ones, in order, while that one is down).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BurstSpec {
    pub size: u32,
    pub at_ms: Vec<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Idempotency {
    /// Every delivery is processed, duplicates included.
    None,
    /// A dedup set keyed by message id, checked and recorded before processing (Redis SETNX).
    DedupSet,
    /// A unique-key insert that fails for a duplicate (a MySQL unique index).
    UniqueKey,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureAction {
    /// basic.reject(requeue=false): dead-lettered if the queue has a DLX.
    Reject,
    /// basic.reject(requeue=true).
    Requeue,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumerSpec {
    pub name: String,
    pub queue: String,
    #[serde(default)]
    pub auto_ack: bool,
    /// 0 = unlimited.
    #[serde(default)]
    pub prefetch: u32,
    #[serde(default)]
    pub priority: i64,
    /// Processing time of one message, uniform in `min..=max` ms.
    #[serde(default)]
    pub processing_ms: Span,
    /// Processing time as a distribution (instead of `processing_ms`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing: Option<Processing>,
    /// Take a distributed lock (Redis SETNX with a lease) around processing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<LockSpec>,
    /// Cache-aside: before processing, read the record named by the routing key from Redis; on
    /// a miss read it from MySQL and put it in Redis for `ttl_ms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<CacheSpec>,
    /// The node it connects to first (then the next ones, in order, while that one is down).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// Probability that processing fails, and what the consumer then does.
    #[serde(default = "never")]
    pub failure: Ratio,
    #[serde(default = "reject")]
    pub on_failure: FailureAction,
    #[serde(default = "no_idempotency")]
    pub idempotency: Idempotency,
    #[serde(default)]
    pub start_ms: u64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    pub min: u64,
    pub max: u64,
}

/// The cluster: node names and how it behaves — the core's own configuration, read as is (one
/// definition: what a scenario can say is what the core can build).
pub use crate::core::cluster::ClusterConfig as ClusterSpec;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    pub name: String,
    pub pattern: String,
    #[serde(default)]
    pub priority: i64,
    /// `ha-mode`, `ha-params`, `ha-sync-mode`, `ha-promote-on-failure`, `ha-promote-on-shutdown`.
    pub definition: Map<String, Json>,
}

/// A processing-time distribution, drawn from the broker's seeded PRNG (integers only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum Processing {
    Fixed { ms: u64 },
    Uniform { min_ms: u64, max_ms: u64 },
    /// Memoryless, with this mean (a long tail: some messages take many times the mean).
    Exponential { mean_ms: u64 },
}

/// A lock around each message's processing: `SET key owner NX PX lease_ms` in the Redis-like
/// store, retried every `retry_ms` while someone else holds it, released by compare-and-delete.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockSpec {
    pub key: String,
    pub lease_ms: u64,
    #[serde(default = "ten")]
    pub retry_ms: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheSpec {
    pub ttl_ms: u64,
}

/// The network between the clients and their nodes (the nodes' own links are the cluster's
/// `inter_node_latency_us`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkSpec {
    /// One-way latency of a client's link, in virtual µs: a command reaches the broker, and a
    /// delivery or a confirm reaches the client, this long after it was sent.
    #[serde(default)]
    pub client_latency_us: u64,
}

/// A link slower than this is a mistake, not a network (10 s).
pub const MAX_CLIENT_LATENCY_US: u64 = 10_000_000;

impl NetworkSpec {
    pub fn is_default(&self) -> bool {
        *self == NetworkSpec::default()
    }
}

/// Per-operation latency of the external stores, in virtual milliseconds (a round trip).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoresSpec {
    #[serde(default = "redis_default")]
    pub redis: StoreSpec,
    #[serde(default = "mysql_default")]
    pub mysql: StoreSpec,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreSpec {
    pub latency_ms: u64,
}

impl Default for StoresSpec {
    fn default() -> StoresSpec {
        StoresSpec { redis: redis_default(), mysql: mysql_default() }
    }
}

impl StoresSpec {
    fn is_default(&self) -> bool {
        *self == StoresSpec::default()
    }
}

/// Chaos mode: each kind of fault happens at seeded random times (a Poisson process with the
/// given rate per simulated second, between `start_ms` and `end_ms`), against a client drawn
/// at random. Every draw comes from the broker's PRNG, so the same seed gives the same faults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChaosSpec {
    #[serde(default)]
    pub start_ms: u64,
    /// None: until the run ends.
    #[serde(default)]
    pub end_ms: Option<u64>,
    pub rates_per_s: ChaosRates,
    /// How long a `delay_message` holds a client's outgoing messages.
    #[serde(default = "hundred")]
    pub delay_ms: u64,
    /// How long a node stays down after a chaos `kill_node` or `stop_node`.
    #[serde(default = "five_seconds")]
    pub node_down_ms: u64,
    /// How long a chaos `partition` lasts.
    #[serde(default = "five_seconds")]
    pub partition_ms: u64,
}

/// Faults per simulated second, by kind; a kind left out never happens.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChaosRates {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crash_consumer: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crash_producer: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lose_next_ack: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lose_next_confirm: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kill_connection: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_message: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_message: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_broker: Option<f64>,
    /// A random running node crashes; it starts again `node_down_ms` later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kill_node: Option<f64>,
    /// A random running node shuts down (controlled); it starts again `node_down_ms` later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_node: Option<f64>,
    /// A random node is cut off from the others; the network heals `partition_ms` later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<f64>,
}

/// The kinds chaos mode draws, in a fixed order (the order of their draws).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChaosKind {
    CrashConsumer,
    CrashProducer,
    LoseNextAck,
    LoseNextConfirm,
    KillConnection,
    DropMessage,
    DelayMessage,
    RestartBroker,
    KillNode,
    StopNode,
    Partition,
}

impl ChaosKind {
    pub const ALL: [ChaosKind; 11] = [
        ChaosKind::CrashConsumer,
        ChaosKind::CrashProducer,
        ChaosKind::LoseNextAck,
        ChaosKind::LoseNextConfirm,
        ChaosKind::KillConnection,
        ChaosKind::DropMessage,
        ChaosKind::DelayMessage,
        ChaosKind::RestartBroker,
        ChaosKind::KillNode,
        ChaosKind::StopNode,
        ChaosKind::Partition,
    ];
    pub fn name(self) -> &'static str {
        match self {
            ChaosKind::CrashConsumer => "crash_consumer",
            ChaosKind::CrashProducer => "crash_producer",
            ChaosKind::LoseNextAck => "lose_next_ack",
            ChaosKind::LoseNextConfirm => "lose_next_confirm",
            ChaosKind::KillConnection => "kill_connection",
            ChaosKind::DropMessage => "drop_message",
            ChaosKind::DelayMessage => "delay_message",
            ChaosKind::RestartBroker => "restart_broker",
            ChaosKind::KillNode => "kill_node",
            ChaosKind::StopNode => "stop_node",
            ChaosKind::Partition => "partition",
        }
    }
}

impl ChaosRates {
    pub fn get(&self, kind: ChaosKind) -> Option<f64> {
        match kind {
            ChaosKind::CrashConsumer => self.crash_consumer,
            ChaosKind::CrashProducer => self.crash_producer,
            ChaosKind::LoseNextAck => self.lose_next_ack,
            ChaosKind::LoseNextConfirm => self.lose_next_confirm,
            ChaosKind::KillConnection => self.kill_connection,
            ChaosKind::DropMessage => self.drop_message,
            ChaosKind::DelayMessage => self.delay_message,
            ChaosKind::RestartBroker => self.restart_broker,
            ChaosKind::KillNode => self.kill_node,
            ChaosKind::StopNode => self.stop_node,
            ChaosKind::Partition => self.partition,
        }
    }
}

impl ChaosSpec {
    /// The mean time between two faults of a kind, in virtual microseconds (None: never).
    /// Rates are converted once to integers, so the draws themselves use no floating point.
    pub fn mean_gap_us(&self, kind: ChaosKind) -> Option<u64> {
        self.rates_per_s.get(kind).map(|rate| (1_000_000.0 / rate).round().max(1.0) as u64)
    }
}

/// A fault at a virtual time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledFault {
    pub at_ms: u64,
    pub fault: Fault,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Fault {
    /// The consumer's process dies: its channel closes and its unacked messages are requeued.
    CrashConsumer { consumer: String },
    /// The consumer's next ack never reaches the broker.
    LoseNextAck { consumer: String },
    /// The producer's next publisher confirm never arrives.
    LoseNextConfirm { producer: String },
    /// The broker restarts.
    RestartBroker,
    /// The producer's process dies: its connection closes (an open transaction is discarded,
    /// pending confirms are forgotten); it comes back and publishes again 1 s later.
    CrashProducer { producer: String },
    /// The client's connection drops (a producer or a consumer); the process lives on and
    /// reconnects. A consumer's deliveries in progress can no longer be acked: they are
    /// requeued by the broker and redelivered.
    KillConnection { client: String },
    /// The client's next message to the broker (a producer's publish, a consumer's ack) is lost.
    DropMessage { client: String },
    /// The client's messages to the broker are held for `delay_ms` (in order, as on one TCP
    /// connection), then arrive together.
    DelayMessage { client: String, delay_ms: u64 },
    /// A node's process dies (`kill -9`): see the cluster in the core for what each queue type does.
    KillNode { node: String },
    /// A controlled shutdown of a node (`rabbitmqctl stop_app`).
    StopNode { node: String },
    /// A stopped or crashed node starts and rejoins.
    StartNode { node: String },
    /// The network splits into these sides (node names); unlisted nodes form one more side.
    Partition { sides: Vec<Vec<String>> },
    /// The network is whole again.
    Heal,
}

impl Fault {
    /// The client a fault is aimed at, if any.
    pub fn target(&self) -> Option<&str> {
        match self {
            Fault::CrashConsumer { consumer } | Fault::LoseNextAck { consumer } => Some(consumer),
            Fault::LoseNextConfirm { producer } | Fault::CrashProducer { producer } => Some(producer),
            Fault::KillConnection { client } | Fault::DropMessage { client } | Fault::DelayMessage { client, .. } => Some(client),
            Fault::RestartBroker | Fault::KillNode { .. } | Fault::StopNode { .. } | Fault::StartNode { .. } | Fault::Partition { .. } | Fault::Heal => None,
        }
    }
    pub fn target_mut(&mut self) -> Option<&mut String> {
        match self {
            Fault::CrashConsumer { consumer } | Fault::LoseNextAck { consumer } => Some(consumer),
            Fault::LoseNextConfirm { producer } | Fault::CrashProducer { producer } => Some(producer),
            Fault::KillConnection { client } | Fault::DropMessage { client } | Fault::DelayMessage { client, .. } => Some(client),
            Fault::RestartBroker | Fault::KillNode { .. } | Fault::StopNode { .. } | Fault::StartNode { .. } | Fault::Partition { .. } | Fault::Heal => None,
        }
    }
    /// Checks a fault against a scenario's clients, naming the field at `at` on a problem.
    pub fn check(&self, scenario: &Scenario, at: &str) -> Result<(), String> {
        let consumer = |n: &str| scenario.consumers.iter().any(|c| c.name == n);
        let producer = |n: &str| scenario.producers.iter().any(|p| p.name == n);
        let (field, name, known) = match self {
            Fault::CrashConsumer { consumer: n } | Fault::LoseNextAck { consumer: n } => ("consumer", n, consumer(n)),
            Fault::LoseNextConfirm { producer: n } | Fault::CrashProducer { producer: n } => ("producer", n, producer(n)),
            Fault::KillConnection { client: n } | Fault::DropMessage { client: n } => ("client", n, consumer(n) || producer(n)),
            Fault::DelayMessage { client: n, delay_ms } => {
                if *delay_ms == 0 {
                    return Err(format!("{at}.delay_ms: must be > 0"));
                }
                ("client", n, consumer(n) || producer(n))
            }
            Fault::RestartBroker | Fault::Heal => return Ok(()),
            Fault::KillNode { node } | Fault::StopNode { node } | Fault::StartNode { node } => {
                return scenario.check_node(node, &format!("{at}.node"));
            }
            Fault::Partition { sides } => {
                if sides.is_empty() {
                    return Err(format!("{at}.sides: needs at least one side"));
                }
                let mut seen = std::collections::BTreeSet::new();
                for (s, side) in sides.iter().enumerate() {
                    for (n, node) in side.iter().enumerate() {
                        scenario.check_node(node, &format!("{at}.sides[{s}][{n}]"))?;
                        if !seen.insert(node) {
                            return Err(format!("{at}.sides[{s}][{n}]: \"{node}\" is on two sides"));
                        }
                    }
                }
                return Ok(());
            }
        };
        if !known {
            let what = if field == "client" { "producer or consumer" } else { field };
            return Err(format!("{at}.{field}: no {what} named \"{name}\""));
        }
        Ok(())
    }
}

fn yes() -> bool {
    true
}
fn plain() -> PublishMode {
    PublishMode::Plain
}
fn never() -> Ratio {
    Ratio::NEVER
}
fn reject() -> FailureAction {
    FailureAction::Reject
}
fn no_idempotency() -> Idempotency {
    Idempotency::None
}
fn one() -> u32 {
    1
}
fn is_one(n: &u32) -> bool {
    *n == 1
}
fn is_zero(n: &u64) -> bool {
    *n == 0
}
fn is_never(r: &Ratio) -> bool {
    r.numerator == 0
}
fn ten() -> u64 {
    10
}
fn hundred() -> u64 {
    100
}
fn five_seconds() -> u64 {
    5_000
}
fn redis_default() -> StoreSpec {
    StoreSpec { latency_ms: 1 }
}
fn mysql_default() -> StoreSpec {
    StoreSpec { latency_ms: 5 }
}
fn probability(r: Ratio, at: &str) -> Result<(), String> {
    if r.denominator == 0 || r.numerator > r.denominator {
        return Err(format!("{at}: {}/{} is not a probability", r.numerator, r.denominator));
    }
    Ok(())
}

/// Reads a scenario, naming the first problem found.
pub fn parse(text: &str) -> Result<Scenario, String> {
    let scenario: Scenario = crate::script::format::from_json(text)?;
    scenario.validate()?;
    Ok(scenario)
}

impl Scenario {
    /// Checks what the types cannot: versions, ranges and references between entities.
    pub fn validate(&self) -> Result<(), String> {
        if self.version != VERSION {
            return Err(format!("version: this build reads version {VERSION}, not {}", self.version));
        }
        if self.duration_ms == 0 {
            return Err("duration_ms: must be at least 1".into());
        }
        let exchange_exists = |name: &str| name.is_empty() || name.starts_with("amq.") || self.exchanges.iter().any(|x| x.name == name);
        let queue_exists = |name: &str| self.queues.iter().any(|q| q.name == name);
        if let Some(cluster) = &self.cluster {
            cluster.validate().map_err(|e| format!("cluster.{e}"))?;
        }
        if self.network.client_latency_us > MAX_CLIENT_LATENCY_US {
            return Err(format!("network.client_latency_us: at most {MAX_CLIENT_LATENCY_US} (10 s), not {}", self.network.client_latency_us));
        }
        for (i, p) in self.policies.iter().enumerate() {
            let definition = table_from_json(&p.definition).map_err(|e| format!("policies[{i}].definition.{e}"))?;
            crate::core::cluster::policy::Policy::new(&p.name, &p.pattern, p.priority, &definition).map_err(|e| format!("policies[{i}]: {e}"))?;
        }
        unique("policies", self.policies.iter().map(|p| p.name.as_str()))?;
        for (i, q) in self.queues.iter().enumerate() {
            if let Some(node) = &q.node {
                self.check_node(node, &format!("queues[{i}].node"))?;
            }
        }
        for (i, p) in self.producers.iter().enumerate() {
            if let Some(node) = &p.node {
                self.check_node(node, &format!("producers[{i}].node"))?;
            }
        }
        for (i, c) in self.consumers.iter().enumerate() {
            if let Some(node) = &c.node {
                self.check_node(node, &format!("consumers[{i}].node"))?;
            }
        }
        unique("exchanges", self.exchanges.iter().map(|x| x.name.as_str()))?;
        unique("queues", self.queues.iter().map(|q| q.name.as_str()))?;
        unique("clients", self.producers.iter().map(|p| p.name.as_str()).chain(self.consumers.iter().map(|c| c.name.as_str())))?;
        for (i, x) in self.exchanges.iter().enumerate() {
            if !matches!(x.kind.as_str(), "direct" | "fanout" | "topic" | "headers") {
                return Err(format!("exchanges[{i}].type: \"{}\" is not direct, fanout, topic or headers", x.kind));
            }
            if x.name.is_empty() || x.name.starts_with("amq.") {
                return Err(format!("exchanges[{i}].name: \"{}\" is reserved", x.name));
            }
            let args = table_from_json(&x.args).map_err(|e| format!("exchanges[{i}].args.{e}"))?;
            match args.get("alternate-exchange") {
                None => {}
                Some(crate::core::Value::Str(ae)) if exchange_exists(ae) && !ae.is_empty() => {}
                Some(crate::core::Value::Str(ae)) => {
                    return Err(format!("exchanges[{i}].args.alternate-exchange: no exchange named \"{ae}\""))
                }
                Some(_) => return Err(format!("exchanges[{i}].args.alternate-exchange: must be an exchange name")),
            }
        }
        for (i, q) in self.queues.iter().enumerate() {
            if q.name.is_empty() || q.name.starts_with("amq.") {
                return Err(format!("queues[{i}].name: \"{}\" is empty or reserved", q.name));
            }
            let args = table_from_json(&q.args).map_err(|e| format!("queues[{i}].args.{e}"))?;
            QueueConfig::parse(&args).map_err(|e| format!("queues[{i}].args: {}", e.text))?;
            if let Some(dlx) = args.get("x-dead-letter-exchange").and_then(|v| v.as_str()) {
                if !exchange_exists(dlx) {
                    return Err(format!("queues[{i}].args.x-dead-letter-exchange: no exchange named \"{dlx}\""));
                }
            }
        }
        for (i, b) in self.bindings.iter().enumerate() {
            if b.source.is_empty() {
                return Err(format!("bindings[{i}].source: the default exchange cannot be bound"));
            }
            if !exchange_exists(&b.source) {
                return Err(format!("bindings[{i}].source: no exchange named \"{}\"", b.source));
            }
            let dest_exists = if b.to_exchange { exchange_exists(&b.dest) && !b.dest.is_empty() } else { queue_exists(&b.dest) };
            if !dest_exists {
                let what = if b.to_exchange { "exchange" } else { "queue" };
                return Err(format!("bindings[{i}].dest: no {what} named \"{}\"", b.dest));
            }
            table_from_json(&b.args).map_err(|e| format!("bindings[{i}].args.{e}"))?;
        }
        for (what, name) in self.producers.iter().map(|p| ("producers", &p.name)).chain(self.consumers.iter().map(|c| ("consumers", &c.name))) {
            if name.trim().is_empty() {
                return Err(format!("{what}: every client needs a name"));
            }
        }
        for (i, p) in self.producers.iter().enumerate() {
            if !exchange_exists(&p.exchange) {
                return Err(format!("producers[{i}].exchange: no exchange named \"{}\"", p.exchange));
            }
            if p.keys.is_empty() {
                return Err(format!("producers[{i}].keys: needs at least one routing key"));
            }
            let at = format!("producers[{i}]");
            match (p.interval_ms, p.rate_per_s, &p.burst) {
                (_, Some(0), _) => return Err(format!("{at}.rate_per_s: must be > 0")),
                (_, Some(r), _) if r > 1_000_000 => return Err(format!("{at}.rate_per_s: at most 1000000 (one per virtual microsecond)")),
                (_, _, Some(b)) if b.size == 0 => return Err(format!("{at}.burst.size: must be > 0")),
                (_, _, Some(b)) if b.at_ms.is_empty() => return Err(format!("{at}.burst.at_ms: needs at least one time")),
                (0, None, None) => return Err(format!("{at}.interval_ms: must be at least 1 (or give rate_per_s or burst)")),
                (0, Some(_), None) | (0, None, Some(_)) | (_, None, None) => {}
                _ => return Err(format!("{at}: give exactly one of interval_ms, rate_per_s and burst")),
            }
            if let Some(b) = &p.burst {
                if let Some(t) = b.at_ms.iter().find(|t| **t >= self.duration_ms) {
                    return Err(format!("{at}.burst.at_ms: {t} is not before the end of the run (duration_ms {})", self.duration_ms));
                }
            }
            if p.confirm_timeout_ms.is_some() && p.mode != PublishMode::Confirm {
                return Err(format!("producers[{i}].confirm_timeout_ms: only meaningful with mode \"confirm\""));
            }
            if p.confirm_timeout_ms == Some(0) {
                return Err(format!("{at}.confirm_timeout_ms: must be > 0"));
            }
            if p.tx_batch == 0 {
                return Err(format!("{at}.tx_batch: must be at least 1"));
            }
            if p.mode != PublishMode::Tx && (p.tx_batch != 1 || p.tx_rollback.numerator != 0) {
                let field = if p.tx_batch != 1 { "tx_batch" } else { "tx_rollback" };
                return Err(format!("{at}.{field}: only meaningful with mode \"tx\""));
            }
            probability(p.tx_rollback, &format!("{at}.tx_rollback"))?;
            if p.expiration.as_deref().is_some_and(|e| e.parse::<u64>().is_err()) {
                return Err(format!("producers[{i}].expiration: must be a string holding a non-negative integer"));
            }
            table_from_json(&p.headers).map_err(|e| format!("producers[{i}].headers.{e}"))?;
        }
        for (i, c) in self.consumers.iter().enumerate() {
            if !queue_exists(&c.queue) {
                return Err(format!("consumers[{i}].queue: no queue named \"{}\"", c.queue));
            }
            if c.processing_ms.min > c.processing_ms.max {
                return Err(format!("consumers[{i}].processing_ms: min {} is above max {}", c.processing_ms.min, c.processing_ms.max));
            }
            probability(c.failure, &format!("consumers[{i}].failure"))?;
            match c.processing {
                Some(_) if c.processing_ms != Span::default() => {
                    return Err(format!("consumers[{i}].processing: give either processing or processing_ms, not both"))
                }
                Some(Processing::Uniform { min_ms, max_ms }) if min_ms > max_ms => {
                    return Err(format!("consumers[{i}].processing.min_ms: {min_ms} is above max_ms {max_ms}"))
                }
                Some(Processing::Exponential { mean_ms: 0 }) => {
                    return Err(format!("consumers[{i}].processing.mean_ms: must be > 0"))
                }
                _ => {}
            }
            if c.cache.is_some_and(|cache| cache.ttl_ms == 0) {
                return Err(format!("consumers[{i}].cache.ttl_ms: must be > 0"));
            }
            if let Some(lock) = &c.lock {
                if lock.key.is_empty() {
                    return Err(format!("consumers[{i}].lock.key: must not be empty"));
                }
                if lock.lease_ms == 0 {
                    return Err(format!("consumers[{i}].lock.lease_ms: must be > 0"));
                }
                if lock.retry_ms == 0 {
                    return Err(format!("consumers[{i}].lock.retry_ms: must be > 0"));
                }
            }
        }
        for (i, f) in self.faults.iter().enumerate() {
            if f.at_ms >= self.duration_ms {
                return Err(format!("faults[{i}].at_ms: {} is not before the end of the run (duration_ms {})", f.at_ms, self.duration_ms));
            }
            f.fault.check(self, &format!("faults[{i}].fault"))?;
        }
        if let Some(chaos) = &self.chaos {
            for kind in ChaosKind::ALL {
                if let Some(rate) = chaos.rates_per_s.get(kind) {
                    if !(rate > 0.0 && rate <= 1000.0) {
                        return Err(format!("chaos.rates_per_s.{}: must be > 0 and at most 1000", kind.name()));
                    }
                }
            }
            if chaos.end_ms.is_some_and(|end| end <= chaos.start_ms) {
                return Err("chaos.end_ms: must be after start_ms".into());
            }
            if chaos.delay_ms == 0 {
                return Err("chaos.delay_ms: must be > 0".into());
            }
            if chaos.node_down_ms == 0 {
                return Err("chaos.node_down_ms: must be > 0".into());
            }
            if chaos.partition_ms == 0 {
                return Err("chaos.partition_ms: must be > 0".into());
            }
            let nodes = self.node_names().len();
            for kind in [ChaosKind::KillNode, ChaosKind::StopNode, ChaosKind::Partition] {
                if chaos.rates_per_s.get(kind).is_some() && nodes < 2 {
                    return Err(format!("chaos.rates_per_s.{}: needs a cluster of at least 2 nodes", kind.name()));
                }
            }
        }
        Ok(())
    }
}

impl Scenario {
    /// The node names: the cluster's, or the one node `rabbit`.
    pub fn node_names(&self) -> Vec<String> {
        self.cluster.as_ref().map_or_else(|| vec!["rabbit".to_string()], |c| c.nodes.clone())
    }

    fn check_node(&self, node: &str, at: &str) -> Result<(), String> {
        let names = self.node_names();
        if names.iter().any(|n| n == node) {
            Ok(())
        } else {
            Err(format!("{at}: no node named \"{node}\" (the nodes are {})", names.join(", ")))
        }
    }
}

fn unique<'a>(what: &str, names: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for name in names {
        if !seen.insert(name) {
            return Err(format!("{what}: the name \"{name}\" is used twice"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DELAY_QUEUE: &str = r#"{
        "version": 1, "name": "delay queue", "seed": 7, "duration_ms": 60000,
        "exchanges": [{"name": "cancel.x", "type": "direct"}],
        "queues": [
            {"name": "delay.30s", "args": {"x-message-ttl": 30000, "x-dead-letter-exchange": "cancel.x", "x-dead-letter-routing-key": "cancel"}},
            {"name": "cancel"}
        ],
        "bindings": [{"source": "cancel.x", "dest": "cancel", "key": "cancel"}],
        "producers": [{"name": "orders", "exchange": "", "keys": ["delay.30s"], "interval_ms": 1000, "count": 5}],
        "consumers": [{"name": "canceller", "queue": "cancel", "prefetch": 1, "processing_ms": {"min": 10, "max": 20}}],
        "faults": [{"at_ms": 40000, "fault": {"kind": "crash_consumer", "consumer": "canceller"}}]
    }"#;

    #[test]
    fn a_valid_scenario_parses_and_round_trips() {
        let s = parse(DELAY_QUEUE).unwrap();
        assert_eq!((s.queues.len(), s.producers[0].count, s.consumers[0].prefetch), (2, Some(5), 1));
        let again = parse(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(s, again);
    }

    #[test]
    fn every_problem_names_its_field() {
        let cases = [
            (r#""version": 1"#, r#""version": 2"#, "version: this build reads version 1"),
            (r#""interval_ms": 1000"#, r#""interval_ms": 0"#, "producers[0].interval_ms: must be at least 1"),
            (r#""x-message-ttl": 30000"#, r#""x-message-ttl": -5"#, "queues[0].args:"),
            (r#""dest": "cancel""#, r#""dest": "nowhere""#, "bindings[0].dest: no queue named \"nowhere\""),
            (r#""x-dead-letter-exchange": "cancel.x""#, r#""x-dead-letter-exchange": "gone""#, "x-dead-letter-exchange: no exchange named \"gone\""),
            (r#""min": 10, "max": 20"#, r#""min": 30, "max": 20"#, "consumers[0].processing_ms: min 30 is above max 20"),
            (r#""consumer": "canceller"}"#, r#""consumer": "ghost"}"#, "faults[0].fault.consumer: no consumer named \"ghost\""),
            (r#""prefetch": 1"#, r#""prefetch": 1, "colour": "red""#, "colour"),
            (r#""source": "cancel.x""#, r#""source": """#, "bindings[0].source: the default exchange cannot be bound"),
            (r#""prefetch": 1"#, r#""prefetch": "one""#, "consumers[0].prefetch"),
            (r#""type": "direct"}"#, r#""type": "direct", "args": {"alternate-exchange": "nowhere"}}"#, "exchanges[0].args.alternate-exchange: no exchange named \"nowhere\""),
            (r#""name": "canceller""#, r#""name": " ""#, "consumers: every client needs a name"),
        ];
        for (from, to, needle) in cases {
            assert!(DELAY_QUEUE.contains(from), "{from}");
            let error = parse(&DELAY_QUEUE.replacen(from, to, 1)).unwrap_err();
            assert!(error.contains(needle), "{error:?} should contain {needle:?}");
        }
    }

    const CLIENTS: &str = r#"{
        "version": 1, "seed": 1, "duration_ms": 10000,
        "queues": [{"name": "q"}],
        "producers": [
            {"name": "a", "keys": ["q"], "interval_ms": 10},
            {"name": "b", "keys": ["q"], "rate_per_s": 100, "mode": "tx", "tx_batch": 5},
            {"name": "c", "keys": ["q"], "burst": {"size": 10, "at_ms": [100]}, "mode": "confirm", "confirm_timeout_ms": 50}
        ],
        "consumers": [
            {"name": "w", "queue": "q", "processing": {"dist": "exponential", "mean_ms": 20}, "lock": {"key": "k", "lease_ms": 100}}
        ],
        "stores": {"redis": {"latency_ms": 1}, "mysql": {"latency_ms": 4}},
        "faults": [{"at_ms": 500, "fault": {"kind": "delay_message", "client": "w", "delay_ms": 100}}],
        "chaos": {"rates_per_s": {"crash_consumer": 0.5}, "delay_ms": 100}
    }"#;

    #[test]
    fn client_fields_store_fields_and_chaos_parse_and_round_trip() {
        let s = parse(CLIENTS).unwrap();
        assert_eq!(s.producers[1].rate_per_s, Some(100));
        assert_eq!(s.consumers[0].lock.as_ref().map(|l| (l.lease_ms, l.retry_ms)), Some((100, 10)), "retry_ms defaults to 10");
        assert_eq!(s.chaos.as_ref().and_then(|c| c.mean_gap_us(ChaosKind::CrashConsumer)), Some(2_000_000));
        assert_eq!(parse(&serde_json::to_string(&s).unwrap()).unwrap(), s);
    }

    #[test]
    fn impossible_client_values_are_refused_naming_the_field() {
        let cases = [
            (r#""rate_per_s": 100"#, r#""rate_per_s": 0"#, "producers[1].rate_per_s: must be > 0"),
            (r#""rate_per_s": 100"#, r#""rate_per_s": 100, "interval_ms": 5"#, "producers[1]: give exactly one of interval_ms, rate_per_s and burst"),
            (r#""interval_ms": 10"#, r#""interval_ms": 0"#, "producers[0].interval_ms: must be at least 1"),
            (r#""size": 10"#, r#""size": 0"#, "producers[2].burst.size: must be > 0"),
            (r#""at_ms": [100]"#, r#""at_ms": [10000]"#, "producers[2].burst.at_ms: 10000 is not before the end of the run"),
            (r#""tx_batch": 5"#, r#""tx_batch": 0"#, "producers[1].tx_batch: must be at least 1"),
            (r#""interval_ms": 10"#, r#""interval_ms": 10, "tx_batch": 3"#, "producers[0].tx_batch: only meaningful with mode \"tx\""),
            (r#""tx_batch": 5"#, r#""tx_batch": 5, "tx_rollback": {"numerator": 3, "denominator": 2}"#, "producers[1].tx_rollback: 3/2 is not a probability"),
            (r#""confirm_timeout_ms": 50"#, r#""confirm_timeout_ms": 0"#, "producers[2].confirm_timeout_ms: must be > 0"),
            (r#""mean_ms": 20"#, r#""mean_ms": 0"#, "consumers[0].processing.mean_ms: must be > 0"),
            (r#""dist": "exponential", "mean_ms": 20"#, r#""dist": "uniform", "min_ms": 9, "max_ms": 3"#, "consumers[0].processing.min_ms: 9 is above max_ms 3"),
            (r#""dist": "exponential""#, r#""dist": "normal""#, "consumers[0].processing.dist: unknown variant `normal`"),
            (r#""lease_ms": 100"#, r#""lease_ms": 0"#, "consumers[0].lock.lease_ms: must be > 0"),
            (r#""key": "k""#, r#""key": """#, "consumers[0].lock.key: must not be empty"),
            (r#""queue": "q", "processing""#, r#""queue": "q", "processing_ms": {"min": 1, "max": 2}, "processing""#, "consumers[0].processing: give either processing or processing_ms"),
            (r#""latency_ms": 4"#, r#""latency_ms": 4, "size": 1"#, "stores.mysql.size: unknown field `size`"),
            (r#""client": "w""#, r#""client": "x""#, "faults[0].fault.client: no producer or consumer named \"x\""),
            (r#""delay_ms": 100}}"#, r#""delay_ms": 0}}"#, "faults[0].fault.delay_ms: must be > 0"),
            (r#""at_ms": 500"#, r#""at_ms": 20000"#, "faults[0].at_ms: 20000 is not before the end of the run"),
            (r#""crash_consumer": 0.5"#, r#""crash_consumer": 0"#, "chaos.rates_per_s.crash_consumer: must be > 0"),
            (r#""crash_consumer": 0.5"#, r#""crash_consumers": 0.5"#, "chaos.rates_per_s.crash_consumers: unknown field `crash_consumers`"),
            (r#""chaos": {"#, r#""chaos": {"end_ms": 0, "#, "chaos.end_ms: must be after start_ms"),
        ];
        for (from, to, needle) in cases {
            assert!(CLIENTS.contains(from), "{from}");
            let error = parse(&CLIENTS.replacen(from, to, 1)).unwrap_err();
            assert!(error.contains(needle), "{error:?} should contain {needle:?}");
        }
    }

    const CLUSTER: &str = r#"{
        "version": 1, "seed": 1, "duration_ms": 10000,
        "cluster": {"nodes": ["r1", "r2", "r3"], "partition_handling": "pause_minority"},
        "policies": [{"name": "ha", "pattern": "^ha", "definition": {"ha-mode": "all"}}],
        "queues": [{"name": "ha.q", "node": "r2"}],
        "producers": [{"name": "p", "keys": ["ha.q"], "interval_ms": 10, "node": "r3"}],
        "consumers": [{"name": "c", "queue": "ha.q", "node": "r1"}],
        "faults": [{"at_ms": 100, "fault": {"kind": "partition", "sides": [["r1"], ["r2", "r3"]]}},
                   {"at_ms": 200, "fault": {"kind": "kill_node", "node": "r2"}}],
        "chaos": {"rates_per_s": {"kill_node": 0.1}}
    }"#;

    #[test]
    fn cluster_fields_parse_and_impossible_ones_are_refused_naming_the_field() {
        let s = parse(CLUSTER).unwrap();
        assert_eq!(s.node_names(), ["r1", "r2", "r3"]);
        assert_eq!(parse(&serde_json::to_string(&s).unwrap()).unwrap(), s);
        let cases = [
            (r#""node": "r2"}"#, r#""node": "r9"}"#, "queues[0].node: no node named \"r9\" (the nodes are r1, r2, r3)"),
            (r#""node": "r3"}"#, r#""node": "x"}"#, "producers[0].node: no node named \"x\""),
            (r#""kind": "kill_node", "node": "r2""#, r#""kind": "kill_node", "node": "r4""#, "faults[1].fault.node: no node named \"r4\""),
            (r#"["r2", "r3"]]"#, r#"["r2", "r1"]]"#, "faults[0].fault.sides[1][1]: \"r1\" is on two sides"),
            (r#""nodes": ["r1", "r2", "r3"]"#, r#""nodes": ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"]"#, "cluster.nodes: a cluster has 1 to 7 nodes, not 8"),
            (r#""partition_handling": "pause_minority""#, r#""partition_handling": "pause""#, "cluster.partition_handling: unknown variant `pause`"),
            (r#"{"ha-mode": "all"}"#, r#"{"ha-mode": "some"}"#, "policies[0]: policy 'ha'"),
            (r#""pattern": "^ha""#, r#""pattern": "(""#, "policies[0]: policy 'ha': pattern '(' is not a regular expression"),
        ];
        for (from, to, needle) in cases {
            assert!(CLUSTER.contains(from), "{from}");
            let error = parse(&CLUSTER.replacen(from, to, 1)).unwrap_err();
            assert!(error.contains(needle), "{error:?} should contain {needle:?}");
        }
        let single = r#"{"version": 1, "duration_ms": 1000, "queues": [{"name": "q", "node": "rabbit"}],
            "chaos": {"rates_per_s": {"kill_node": 0.1}}}"#;
        let error = parse(single).unwrap_err();
        assert_eq!(error, "chaos.rates_per_s.kill_node: needs a cluster of at least 2 nodes");
    }
}
