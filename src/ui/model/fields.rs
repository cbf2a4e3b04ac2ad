//! The fields of the property panel: reading one as text and writing the text the user entered.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::{Map, Value as Json};

use super::edit::Problem;
use super::entity::{Item, Kind};
use crate::core::rng::Ratio;
use crate::sim::scenario::{
    BurstSpec, CacheSpec, ChaosKind, ChaosRates, ChaosSpec, Fault, LockSpec, Processing, PublishMode, Scenario, Span,
};

/// The queue arguments the panel has a field for (others go to the argument table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueArg {
    MessageTtl,
    Expires,
    MaxLength,
    MaxLengthBytes,
    Overflow,
    DeadLetterExchange,
    DeadLetterRoutingKey,
    MaxPriority,
    SingleActiveConsumer,
}

/// How an argument is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Int,
    Str,
    Bool,
}

impl QueueArg {
    pub const ALL: [QueueArg; 9] = [
        QueueArg::MessageTtl,
        QueueArg::Expires,
        QueueArg::MaxLength,
        QueueArg::MaxLengthBytes,
        QueueArg::Overflow,
        QueueArg::DeadLetterExchange,
        QueueArg::DeadLetterRoutingKey,
        QueueArg::MaxPriority,
        QueueArg::SingleActiveConsumer,
    ];

    /// The argument names, in the order of `ALL`.
    pub const KEYS: [&'static str; 9] = [
        "x-message-ttl",
        "x-expires",
        "x-max-length",
        "x-max-length-bytes",
        "x-overflow",
        "x-dead-letter-exchange",
        "x-dead-letter-routing-key",
        "x-max-priority",
        "x-single-active-consumer",
    ];

    pub fn key(self) -> &'static str {
        QueueArg::KEYS[self as usize]
    }

    pub fn shape(self) -> Shape {
        match self {
            QueueArg::Overflow | QueueArg::DeadLetterExchange | QueueArg::DeadLetterRoutingKey => Shape::Str,
            QueueArg::SingleActiveConsumer => Shape::Bool,
            _ => Shape::Int,
        }
    }
}

pub const ALTERNATE_EXCHANGE: &str = "alternate-exchange";

/// One field of one entity (which entity is the `Item` beside it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    // The scenario.
    Title,
    Description,
    Seed,
    Duration,
    FaultAt(usize),
    FaultKind(usize),
    FaultTarget(usize),
    /// `delay_ms` of a `delay_message` fault.
    FaultDelay(usize),
    RedisLatency,
    MysqlLatency,
    /// Chaos on or off (off: no `chaos` block).
    Chaos,
    ChaosStart,
    /// Empty: until the end of the run.
    ChaosEnd,
    ChaosDelay,
    /// A kind's rate per simulated second (empty: never).
    ChaosRate(ChaosKind),
    // Exchanges and queues.
    ExchangeType,
    Durable,
    Internal,
    AlternateExchange,
    Arg(QueueArg),
    // Bindings.
    Source,
    Dest,
    ToExchange,
    Key,
    // Producers.
    Exchange,
    Keys,
    /// `interval`, `rate` or `burst`: which of the three schedules the producer has.
    Schedule,
    Interval,
    Rate,
    BurstSize,
    /// The burst times, separated by commas or spaces.
    BurstAt,
    Count,
    Start,
    Persistent,
    Mode,
    ConfirmTimeout,
    Mandatory,
    Expiration,
    MessageIds,
    TxBatch,
    TxRollbackNumerator,
    TxRollbackDenominator,
    // Consumers.
    Queue,
    AutoAck,
    Prefetch,
    Priority,
    /// `fixed`, `uniform` or `exponential`.
    ProcessingDist,
    ProcessingMin,
    ProcessingMax,
    ProcessingFixed,
    ProcessingMean,
    FailureNumerator,
    FailureDenominator,
    OnFailure,
    Idempotency,
    /// Lock on or off; its key, lease and retry interval.
    Lock,
    LockKey,
    LockLease,
    LockRetry,
    /// Cache-aside on or off, and its TTL.
    Cache,
    CacheTtl,
    /// A store's round trip per operation.
    Latency,
    /// A row of the item's argument or header table, by its key ("" for the new row).
    Entry(String),
    /// Nodes, queue types, partition handling, chaos (`model::cluster`).
    Cluster(super::cluster::ClusterField),
}

fn whole<T: std::str::FromStr>(v: &str) -> Result<T, Problem> {
    v.trim().parse().map_err(|_| Problem::NotWhole)
}

fn optional_whole(v: &str) -> Result<Option<u64>, Problem> {
    if v.trim().is_empty() {
        Ok(None)
    } else {
        whole(v).map(Some)
    }
}

fn flag(v: &str) -> bool {
    v == "true"
}

/// An enum from its serde name (the value of a `<select>`).
fn choice<T: DeserializeOwned>(v: &str) -> Result<T, Problem> {
    serde_json::from_value(Json::from(v)).map_err(|e| Problem::Invalid(e.to_string()))
}

/// An enum's serde name.
fn name_of<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_string)).unwrap_or_default()
}

fn opt(v: Option<impl ToString>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn arg_text(args: &Map<String, Json>, key: &str) -> String {
    match args.get(key) {
        None => String::new(),
        Some(Json::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A fault's kind and target as text.
pub fn fault_parts(f: &Fault) -> (String, String) {
    let kind =
        serde_json::to_value(f).ok().and_then(|j| j.get("kind")?.as_str().map(str::to_string)).unwrap_or_default();
    let target = match f {
        Fault::CrashConsumer { consumer } | Fault::LoseNextAck { consumer } => consumer.clone(),
        Fault::LoseNextConfirm { producer } => producer.clone(),
        Fault::KillNode { node } | Fault::StopNode { node } | Fault::StartNode { node } => node.clone(),
        other => other.target().unwrap_or_default().to_string(),
    };
    (kind, target)
}

/// The text a field shows.
pub fn get(s: &Scenario, item: &Item, field: &Field) -> String {
    use Field::*;
    if let Cluster(c) = field {
        return super::cluster::get(s, item, c);
    }
    match item {
        Item::Store(store) => match field {
            Latency => store.latency_ms(s).to_string(),
            _ => String::new(),
        },
        Item::Scenario => match field {
            Title => s.name.clone(),
            Description => s.description.clone(),
            Seed => s.seed.to_string(),
            Duration => s.duration_ms.to_string(),
            FaultAt(i) => opt(s.faults.get(*i).map(|f| f.at_ms)),
            FaultKind(i) => s.faults.get(*i).map(|f| fault_parts(&f.fault).0).unwrap_or_default(),
            FaultTarget(i) => s.faults.get(*i).map(|f| fault_parts(&f.fault).1).unwrap_or_default(),
            FaultDelay(i) => match s.faults.get(*i).map(|f| &f.fault) {
                Some(Fault::DelayMessage { delay_ms, .. }) => delay_ms.to_string(),
                _ => String::new(),
            },
            RedisLatency => s.stores.redis.latency_ms.to_string(),
            MysqlLatency => s.stores.mysql.latency_ms.to_string(),
            Chaos => s.chaos.is_some().to_string(),
            ChaosStart => opt(s.chaos.as_ref().map(|c| c.start_ms)),
            ChaosEnd => opt(s.chaos.as_ref().and_then(|c| c.end_ms)),
            ChaosDelay => opt(s.chaos.as_ref().map(|c| c.delay_ms)),
            ChaosRate(k) => opt(s.chaos.as_ref().and_then(|c| c.rates_per_s.get(*k))),
            _ => String::new(),
        },
        Item::Binding(i) => match (s.bindings.get(*i), field) {
            (Some(b), Source) => b.source.clone(),
            (Some(b), Dest) => b.dest.clone(),
            (Some(b), ToExchange) => b.to_exchange.to_string(),
            (Some(b), Key) => b.key.clone(),
            _ => String::new(),
        },
        Item::Node(n) => match n.kind {
            Kind::Exchange => match (s.exchanges.iter().find(|x| x.name == n.name), field) {
                (Some(x), Name) => x.name.clone(),
                (Some(x), ExchangeType) => x.kind.clone(),
                (Some(x), Durable) => x.durable.to_string(),
                (Some(x), Internal) => x.internal.to_string(),
                (Some(x), AlternateExchange) => arg_text(&x.args, ALTERNATE_EXCHANGE),
                _ => String::new(),
            },
            Kind::Queue => match (s.queues.iter().find(|q| q.name == n.name), field) {
                (Some(q), Name) => q.name.clone(),
                (Some(q), Durable) => q.durable.to_string(),
                (Some(q), Arg(a)) if a.shape() == Shape::Bool => {
                    (q.args.get(a.key()) == Some(&Json::Bool(true))).to_string()
                }
                (Some(q), Arg(a)) => arg_text(&q.args, a.key()),
                _ => String::new(),
            },
            Kind::Producer => match (s.producers.iter().find(|p| p.name == n.name), field) {
                (Some(p), Name) => p.name.clone(),
                (Some(p), Exchange) => p.exchange.clone(),
                (Some(p), Keys) => p.keys.join("\n"),
                (Some(p), Schedule) => schedule_of(p).to_string(),
                (Some(p), Interval) => p.interval_ms.to_string(),
                (Some(p), Rate) => opt(p.rate_per_s),
                (Some(p), BurstSize) => opt(p.burst.as_ref().map(|b| b.size)),
                (Some(p), BurstAt) => p
                    .burst
                    .as_ref()
                    .map(|b| b.at_ms.iter().map(u64::to_string).collect::<Vec<_>>().join(", "))
                    .unwrap_or_default(),
                (Some(p), MessageIds) => p.message_ids.to_string(),
                (Some(p), TxBatch) => p.tx_batch.to_string(),
                (Some(p), TxRollbackNumerator) => p.tx_rollback.numerator.to_string(),
                (Some(p), TxRollbackDenominator) => p.tx_rollback.denominator.to_string(),
                (Some(p), Count) => opt(p.count),
                (Some(p), Start) => p.start_ms.to_string(),
                (Some(p), Persistent) => p.persistent.to_string(),
                (Some(p), Mode) => name_of(&p.mode),
                (Some(p), ConfirmTimeout) => opt(p.confirm_timeout_ms),
                (Some(p), Mandatory) => p.mandatory.to_string(),
                (Some(p), Expiration) => p.expiration.clone().unwrap_or_default(),
                _ => String::new(),
            },
            Kind::Consumer => match (s.consumers.iter().find(|c| c.name == n.name), field) {
                (Some(c), Name) => c.name.clone(),
                (Some(c), Queue) => c.queue.clone(),
                (Some(c), AutoAck) => c.auto_ack.to_string(),
                (Some(c), Prefetch) => c.prefetch.to_string(),
                (Some(c), Priority) => c.priority.to_string(),
                (Some(c), ProcessingDist) => dist_of(c.processing).to_string(),
                (Some(c), ProcessingMin) => span_of(c).min.to_string(),
                (Some(c), ProcessingMax) => span_of(c).max.to_string(),
                (Some(c), ProcessingFixed) => match c.processing {
                    Some(Processing::Fixed { ms }) => ms.to_string(),
                    _ => String::new(),
                },
                (Some(c), ProcessingMean) => match c.processing {
                    Some(Processing::Exponential { mean_ms }) => mean_ms.to_string(),
                    _ => String::new(),
                },
                (Some(c), Lock) => c.lock.is_some().to_string(),
                (Some(c), LockKey) => c.lock.as_ref().map(|l| l.key.clone()).unwrap_or_default(),
                (Some(c), LockLease) => opt(c.lock.as_ref().map(|l| l.lease_ms)),
                (Some(c), LockRetry) => opt(c.lock.as_ref().map(|l| l.retry_ms)),
                (Some(c), Cache) => c.cache.is_some().to_string(),
                (Some(c), CacheTtl) => opt(c.cache.map(|c| c.ttl_ms)),
                (Some(c), FailureNumerator) => c.failure.numerator.to_string(),
                (Some(c), FailureDenominator) => c.failure.denominator.to_string(),
                (Some(c), OnFailure) => name_of(&c.on_failure),
                (Some(c), Idempotency) => name_of(&c.idempotency),
                (Some(c), Start) => c.start_ms.to_string(),
                _ => String::new(),
            },
        },
    }
}

/// Writes the text the user entered into a field (names are renamed by `rename`, not here).
pub fn set(s: &mut Scenario, item: &Item, field: &Field, v: &str) -> Result<(), Problem> {
    use Field::*;
    if let Cluster(c) = field {
        return super::cluster::set(s, item, c, v);
    }
    match item {
        Item::Scenario => set_scenario(s, field, v)?,
        Item::Store(store) => {
            if *field == Latency {
                store.set_latency_ms(s, whole(v)?);
            }
        }
        Item::Binding(i) => {
            if let Some(b) = s.bindings.get_mut(*i) {
                match field {
                    Source => b.source = v.trim().into(),
                    Dest => b.dest = v.trim().into(),
                    ToExchange => b.to_exchange = flag(v),
                    Key => b.key = v.into(),
                    _ => {}
                }
            }
        }
        Item::Node(n) => match n.kind {
            Kind::Exchange => {
                if let Some(x) = s.exchanges.iter_mut().find(|x| x.name == n.name) {
                    match field {
                        ExchangeType => x.kind = v.into(),
                        Durable => x.durable = flag(v),
                        Internal => x.internal = flag(v),
                        AlternateExchange if v.trim().is_empty() => drop(x.args.remove(ALTERNATE_EXCHANGE)),
                        AlternateExchange => drop(x.args.insert(ALTERNATE_EXCHANGE.into(), Json::from(v.trim()))),
                        _ => {}
                    }
                }
            }
            Kind::Queue => {
                if let Some(q) = s.queues.iter_mut().find(|q| q.name == n.name) {
                    match field {
                        Durable => q.durable = flag(v),
                        Arg(a) => set_queue_arg(&mut q.args, *a, v)?,
                        _ => {}
                    }
                }
            }
            Kind::Producer => {
                let last_ms = s.duration_ms.saturating_sub(1);
                if let Some(p) = s.producers.iter_mut().find(|p| p.name == n.name) {
                    match field {
                        Exchange => p.exchange = v.trim().into(),
                        Keys => p.keys = keys(v),
                        Schedule => set_schedule(p, v, last_ms)?,
                        Interval => p.interval_ms = whole(v)?,
                        Rate => p.rate_per_s = Some(whole(v)?),
                        BurstSize => {
                            let size = whole(v)?;
                            if let Some(b) = &mut p.burst {
                                b.size = size;
                            }
                        }
                        BurstAt => {
                            let times = v
                                .split(|c: char| c == ',' || c.is_whitespace())
                                .filter(|t| !t.is_empty())
                                .map(whole)
                                .collect::<Result<Vec<u64>, _>>()?;
                            if let Some(b) = &mut p.burst {
                                b.at_ms = times;
                            }
                        }
                        MessageIds => p.message_ids = flag(v),
                        TxBatch => p.tx_batch = whole(v)?,
                        TxRollbackNumerator => p.tx_rollback.numerator = whole(v)?,
                        TxRollbackDenominator => p.tx_rollback.denominator = whole(v)?,
                        Count => p.count = optional_whole(v)?,
                        Start => p.start_ms = whole(v)?,
                        Persistent => p.persistent = flag(v),
                        Mode => {
                            p.mode = choice(v)?;
                            if p.mode != PublishMode::Confirm {
                                p.confirm_timeout_ms = None;
                            }
                            if p.mode != PublishMode::Tx {
                                p.tx_batch = 1;
                                p.tx_rollback = Ratio::NEVER;
                            }
                        }
                        ConfirmTimeout => p.confirm_timeout_ms = optional_whole(v)?,
                        Mandatory => p.mandatory = flag(v),
                        Expiration => p.expiration = Some(v.trim().to_string()).filter(|e| !e.is_empty()),
                        _ => {}
                    }
                }
            }
            Kind::Consumer => {
                if let Some(c) = s.consumers.iter_mut().find(|c| c.name == n.name) {
                    match field {
                        Queue => c.queue = v.trim().into(),
                        AutoAck => c.auto_ack = flag(v),
                        Prefetch => c.prefetch = whole(v)?,
                        Priority => c.priority = v.trim().parse().map_err(|_| Problem::NotInteger)?,
                        ProcessingDist => set_dist(c, v)?,
                        ProcessingMin | ProcessingMax => {
                            let ms = whole(v)?;
                            let min = *field == ProcessingMin;
                            match &mut c.processing {
                                Some(Processing::Uniform { min_ms, max_ms }) => *(if min { min_ms } else { max_ms }) = ms,
                                _ if min => c.processing_ms.min = ms,
                                _ => c.processing_ms.max = ms,
                            }
                        }
                        ProcessingFixed => {
                            let value = whole(v)?;
                            if let Some(Processing::Fixed { ms }) = &mut c.processing {
                                *ms = value;
                            }
                        }
                        ProcessingMean => {
                            let value = whole(v)?;
                            if let Some(Processing::Exponential { mean_ms }) = &mut c.processing {
                                *mean_ms = value;
                            }
                        }
                        Lock => {
                            c.lock = flag(v).then(|| LockSpec { key: format!("lock:{}", c.queue), lease_ms: 1000, retry_ms: 10 })
                        }
                        LockKey | LockLease | LockRetry => {
                            let Some(lock) = &mut c.lock else { return Ok(()) };
                            match field {
                                LockKey => lock.key = v.trim().into(),
                                LockLease => lock.lease_ms = whole(v)?,
                                _ => lock.retry_ms = whole(v)?,
                            }
                        }
                        Cache => c.cache = flag(v).then_some(CacheSpec { ttl_ms: 10_000 }),
                        CacheTtl => {
                            let ttl = whole(v)?;
                            if let Some(cache) = &mut c.cache {
                                cache.ttl_ms = ttl;
                            }
                        }
                        FailureNumerator => c.failure.numerator = whole(v)?,
                        FailureDenominator => c.failure.denominator = whole(v)?,
                        OnFailure => c.on_failure = choice(v)?,
                        Idempotency => c.idempotency = choice(v)?,
                        Start => c.start_ms = whole(v)?,
                        _ => {}
                    }
                }
            }
        },
    }
    Ok(())
}

/// The fault kinds the schedule offers (the client faults and a broker restart), in menu order.
pub const FAULT_KINDS: [&str; 8] = [
    "crash_consumer",
    "lose_next_ack",
    "crash_producer",
    "lose_next_confirm",
    "kill_connection",
    "drop_message",
    "delay_message",
    "restart_broker",
];

/// The clients a fault of this kind can aim at, in scenario order (none: it has no target).
pub fn fault_targets(s: &Scenario, kind: &str) -> Vec<String> {
    let producers = s.producers.iter().map(|p| p.name.clone());
    let consumers = s.consumers.iter().map(|c| c.name.clone());
    match kind {
        "crash_consumer" | "lose_next_ack" => consumers.collect(),
        "crash_producer" | "lose_next_confirm" => producers.collect(),
        "kill_connection" | "drop_message" | "delay_message" => producers.chain(consumers).collect(),
        "kill_node" | "stop_node" | "start_node" => super::cluster::nodes(s),
        _ => vec![],
    }
}

/// Which schedule a producer has: `interval`, `rate` or `burst`.
pub fn schedule_of(p: &crate::sim::scenario::ProducerSpec) -> &'static str {
    match (&p.rate_per_s, &p.burst) {
        (Some(_), _) => "rate",
        (_, Some(_)) => "burst",
        _ => "interval",
    }
}

/// Switches a producer to another schedule, with a sensible first value (the old one is dropped:
/// a producer has exactly one).
fn set_schedule(p: &mut crate::sim::scenario::ProducerSpec, v: &str, last_ms: u64) -> Result<(), Problem> {
    if v == schedule_of(p) {
        return Ok(());
    }
    let (interval, rate, burst) = match v {
        "interval" => (1000, None, None),
        "rate" => (0, Some(10), None),
        "burst" => (0, None, Some(BurstSpec { size: 10, at_ms: vec![1000.min(last_ms)] })),
        other => return Err(Problem::Invalid(format!("schedule: \"{other}\" is not interval, rate or burst"))),
    };
    (p.interval_ms, p.rate_per_s, p.burst) = (interval, rate, burst);
    Ok(())
}

/// A processing distribution's name (`processing_ms`, the older form, is a uniform one).
pub fn dist_of(p: Option<Processing>) -> &'static str {
    match p {
        Some(Processing::Fixed { .. }) => "fixed",
        Some(Processing::Exponential { .. }) => "exponential",
        Some(Processing::Uniform { .. }) | None => "uniform",
    }
}

/// The range of a consumer's processing time as the uniform fields show it.
fn span_of(c: &crate::sim::scenario::ConsumerSpec) -> Span {
    match c.processing {
        Some(Processing::Uniform { min_ms, max_ms }) => Span { min: min_ms, max: max_ms },
        Some(Processing::Fixed { ms }) => Span { min: ms, max: ms },
        Some(Processing::Exponential { mean_ms }) => Span { min: mean_ms, max: mean_ms },
        None => c.processing_ms,
    }
}

/// Switches a consumer's processing distribution, keeping its typical time.
fn set_dist(c: &mut crate::sim::scenario::ConsumerSpec, v: &str) -> Result<(), Problem> {
    if v == dist_of(c.processing) {
        return Ok(());
    }
    let span = span_of(c);
    let mean = ((span.min + span.max) / 2).max(1);
    c.processing = Some(match v {
        "fixed" => Processing::Fixed { ms: mean },
        "uniform" => Processing::Uniform { min_ms: span.min, max_ms: span.max },
        "exponential" => Processing::Exponential { mean_ms: mean },
        other => return Err(Problem::Invalid(format!("processing.dist: \"{other}\" is not fixed, uniform or exponential"))),
    });
    c.processing_ms = Span::default();
    Ok(())
}

/// Chaos as it is switched on: a lost ack now and then, the rest up to the user.
fn default_chaos() -> ChaosSpec {
    ChaosSpec {
        start_ms: 0,
        end_ms: None,
        rates_per_s: ChaosRates { lose_next_ack: Some(0.2), ..ChaosRates::default() },
        delay_ms: 100,
        node_down_ms: 5000,
        partition_ms: 5000,
    }
}

fn rate_mut(r: &mut ChaosRates, kind: ChaosKind) -> &mut Option<f64> {
    match kind {
        ChaosKind::CrashConsumer => &mut r.crash_consumer,
        ChaosKind::CrashProducer => &mut r.crash_producer,
        ChaosKind::LoseNextAck => &mut r.lose_next_ack,
        ChaosKind::LoseNextConfirm => &mut r.lose_next_confirm,
        ChaosKind::KillConnection => &mut r.kill_connection,
        ChaosKind::DropMessage => &mut r.drop_message,
        ChaosKind::DelayMessage => &mut r.delay_message,
        ChaosKind::RestartBroker => &mut r.restart_broker,
        ChaosKind::KillNode => &mut r.kill_node,
        ChaosKind::StopNode => &mut r.stop_node,
        ChaosKind::Partition => &mut r.partition,
    }
}

/// A rate per second: empty is "never"; the range is the scenario's to check.
fn rate(v: &str) -> Result<Option<f64>, Problem> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<f64>().map(Some).map_err(|_| Problem::NotNumber)
}

/// Routing keys, one per line (an empty text is the one empty key).
fn keys(v: &str) -> Vec<String> {
    let mut keys: Vec<String> = v.split('\n').map(|k| k.trim_end_matches('\r').to_string()).collect();
    while keys.len() > 1 && keys.last().is_some_and(|k| k.is_empty()) {
        keys.pop();
    }
    keys
}

fn set_queue_arg(args: &mut Map<String, Json>, a: QueueArg, v: &str) -> Result<(), Problem> {
    let v = v.trim();
    let value = match a.shape() {
        _ if v.is_empty() || (a.shape() == Shape::Bool && v != "true") => None,
        Shape::Int => Some(Json::from(v.parse::<i64>().map_err(|_| Problem::NotInteger)?)),
        Shape::Str => Some(Json::from(v)),
        Shape::Bool => Some(Json::Bool(true)),
    };
    match value {
        Some(value) => drop(args.insert(a.key().into(), value)),
        None => {
            args.remove(a.key());
            if a == QueueArg::DeadLetterExchange {
                args.remove(QueueArg::DeadLetterRoutingKey.key());
            }
        }
    }
    Ok(())
}

fn set_scenario(s: &mut Scenario, field: &Field, v: &str) -> Result<(), Problem> {
    use Field::*;
    match field {
        Title => s.name = v.into(),
        Description => s.description = v.into(),
        Seed => s.seed = whole(v)?,
        Duration => s.duration_ms = whole(v)?,
        FaultAt(i) => {
            let at = whole(v)?;
            if let Some(f) = s.faults.get_mut(*i) {
                f.at_ms = at;
            }
        }
        FaultKind(i) | FaultTarget(i) => {
            let Some(f) = s.faults.get(*i) else { return Ok(()) };
            let (mut kind, mut target) = fault_parts(&f.fault);
            let delay_ms = match f.fault {
                Fault::DelayMessage { delay_ms, .. } => delay_ms,
                _ => 100,
            };
            if *field == FaultKind(*i) {
                kind = v.to_string();
                let fits = fault_targets(s, &kind);
                if !fits.contains(&target) {
                    target = fits.first().cloned().unwrap_or_default();
                }
            } else {
                target = v.to_string();
            }
            let fault = match kind.as_str() {
                "crash_consumer" => Fault::CrashConsumer { consumer: target },
                "lose_next_ack" => Fault::LoseNextAck { consumer: target },
                "lose_next_confirm" => Fault::LoseNextConfirm { producer: target },
                "kill_node" => Fault::KillNode { node: target },
                "stop_node" => Fault::StopNode { node: target },
                "start_node" => Fault::StartNode { node: target },
                "heal" => Fault::Heal,
                "partition" => match &s.faults[*i].fault {
                    f @ Fault::Partition { .. } => f.clone(),
                    _ => Fault::Partition { sides: vec![super::cluster::nodes(s).into_iter().take(1).collect()] },
                },
                "crash_producer" => Fault::CrashProducer { producer: target },
                "kill_connection" => Fault::KillConnection { client: target },
                "drop_message" => Fault::DropMessage { client: target },
                "delay_message" => Fault::DelayMessage { client: target, delay_ms },
                _ => Fault::RestartBroker,
            };
            s.faults[*i].fault = fault;
        }
        FaultDelay(i) => {
            let ms = whole(v)?;
            if let Some(Fault::DelayMessage { delay_ms, .. }) = s.faults.get_mut(*i).map(|f| &mut f.fault) {
                *delay_ms = ms;
            }
        }
        RedisLatency => s.stores.redis.latency_ms = whole(v)?,
        MysqlLatency => s.stores.mysql.latency_ms = whole(v)?,
        Chaos => s.chaos = flag(v).then(default_chaos),
        ChaosStart | ChaosEnd | ChaosDelay | ChaosRate(_) => {
            let Some(chaos) = &mut s.chaos else { return Ok(()) };
            match field {
                ChaosStart => chaos.start_ms = whole(v)?,
                ChaosEnd => chaos.end_ms = optional_whole(v)?,
                ChaosDelay => chaos.delay_ms = whole(v)?,
                ChaosRate(k) => *rate_mut(&mut chaos.rates_per_s, *k) = rate(v)?,
                _ => {}
            }
        }
        _ => {}
    }
    Ok(())
}

/// The argument or header table of an item (consumers and the scenario have none).
pub fn table<'a>(s: &'a mut Scenario, item: &Item) -> Option<&'a mut Map<String, Json>> {
    match item {
        Item::Binding(i) => s.bindings.get_mut(*i).map(|b| &mut b.args),
        Item::Node(n) => match n.kind {
            Kind::Exchange => s.exchanges.iter_mut().find(|x| x.name == n.name).map(|x| &mut x.args),
            Kind::Queue => s.queues.iter_mut().find(|q| q.name == n.name).map(|q| &mut q.args),
            Kind::Producer => s.producers.iter_mut().find(|p| p.name == n.name).map(|p| &mut p.headers),
            Kind::Consumer => None,
        },
        Item::Scenario | Item::Store(_) => None,
    }
}

/// A table value from what the user typed: JSON if it reads as JSON, otherwise a string.
pub fn parse_value(text: &str) -> Json {
    serde_json::from_str(text.trim()).unwrap_or_else(|_| Json::from(text))
}

/// A table value as the user should see it: strings bare unless they would read back as
/// something else.
pub fn show_value(value: &Json) -> String {
    match value {
        Json::String(s) if !matches!(parse_value(s), Json::String(_)) => value.to_string(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub fn set_entry(s: &mut Scenario, item: &Item, old_key: &str, key: &str, value: &str) -> Result<(), Problem> {
    let Some(table) = table(s, item) else { return Ok(()) };
    if key.is_empty() {
        return Err(Problem::EmptyKey);
    }
    if key != old_key && table.contains_key(key) {
        return Err(Problem::DuplicateKey);
    }
    table.remove(old_key);
    table.insert(key.to_string(), parse_value(value));
    Ok(())
}

impl Field {
    /// A stable name for the DOM (`data-field`) and tests: `x-message-ttl`, `interval`, `fault-at-0`.
    pub fn slug(&self) -> String {
        if let Field::Arg(a) = self {
            return a.key().to_string();
        }
        let debug = format!("{self:?}");
        let mut out = String::new();
        for c in debug.chars() {
            match c {
                '(' => out.push('-'),
                ')' | '"' => {}
                c if c.is_ascii_uppercase() => {
                    if !out.is_empty() && !out.ends_with('-') {
                        out.push('-');
                    }
                    out.push(c.to_ascii_lowercase());
                }
                c => out.push(c),
            }
        }
        out
    }
}

/// The rows of an item's argument or header table, without the keys that have their own field.
pub fn entries(s: &Scenario, item: &Item, hidden: &[&str]) -> Vec<(String, Json)> {
    let table = match item {
        Item::Binding(i) => s.bindings.get(*i).map(|b| &b.args),
        Item::Node(n) => match n.kind {
            Kind::Exchange => s.exchanges.iter().find(|x| x.name == n.name).map(|x| &x.args),
            Kind::Queue => s.queues.iter().find(|q| q.name == n.name).map(|q| &q.args),
            Kind::Producer => s.producers.iter().find(|p| p.name == n.name).map(|p| &p.headers),
            Kind::Consumer => None,
        },
        Item::Scenario | Item::Store(_) => None,
    };
    table
        .into_iter()
        .flatten()
        .filter(|(k, _)| !hidden.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_kebab_case() {
        assert_eq!(Field::Arg(QueueArg::MessageTtl).slug(), "x-message-ttl");
        assert_eq!(QueueArg::ALL.map(QueueArg::key), QueueArg::KEYS);
        assert_eq!(QueueArg::SingleActiveConsumer.key(), "x-single-active-consumer");
        assert_eq!(Field::FaultAt(2).slug(), "fault-at-2");
        assert_eq!(Field::ConfirmTimeout.slug(), "confirm-timeout");
        assert_eq!(Field::Name.slug(), "name");
    }

    #[test]
    fn table_values_read_as_json_or_text() {
        assert_eq!(parse_value("5"), Json::from(5));
        assert_eq!(parse_value("true"), Json::Bool(true));
        assert_eq!(parse_value("sms"), Json::from("sms"));
        assert_eq!(parse_value("\"5\""), Json::from("5"));
        for v in [Json::from("5"), Json::from("sms"), Json::from(7), Json::Bool(false)] {
            assert_eq!(parse_value(&show_value(&v)), v);
        }
    }
}
