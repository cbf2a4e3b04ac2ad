//! The fields of the property panel: reading one as text and writing the text the user entered.
//! One file per entity, each with its fields' get and set side by side; this file names the
//! fields and sends each to its entity.

mod binding;
mod consumer;
mod exchange;
mod producer;
mod queue;
mod scenario;
mod table;
mod text;

pub use consumer::dist_of;
pub use producer::schedule_of;
pub use scenario::fault_targets;
pub use table::{entries, parse_value, set_entry, show_value, table};

use super::edit::Problem;
use super::entity::{Item, Kind};
use crate::sim::scenario::Scenario;

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
    /// The title and description in Chinese (`zh.name`, `zh.description`).
    TitleZh,
    DescriptionZh,
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
    ChaosRate(crate::sim::scenario::FaultKind),
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

/// The text a field shows.
pub fn get(s: &Scenario, item: &Item, field: &Field) -> String {
    if let Field::Cluster(c) = field {
        return super::cluster::get(s, item, c);
    }
    let shown = match item {
        Item::Scenario => Some(scenario::get(s, field)),
        Item::Store(store) => (*field == Field::Latency).then(|| store.latency_ms(s).to_string()),
        Item::Binding(i) => s.bindings.get(*i).map(|b| binding::get(b, field)),
        Item::Node(n) => match n.kind {
            Kind::Exchange => s.exchanges.iter().find(|x| x.name == n.name).map(|x| exchange::get(x, field)),
            Kind::Queue => s.queues.iter().find(|q| q.name == n.name).map(|q| queue::get(q, field)),
            Kind::Producer => s.producers.iter().find(|p| p.name == n.name).map(|p| producer::get(p, field)),
            Kind::Consumer => s.consumers.iter().find(|c| c.name == n.name).map(|c| consumer::get(c, field)),
        },
    };
    shown.unwrap_or_default()
}

/// Writes the text the user entered into a field (names are renamed by `rename`, not here).
pub fn set(s: &mut Scenario, item: &Item, field: &Field, v: &str) -> Result<(), Problem> {
    if let Field::Cluster(c) = field {
        return super::cluster::set(s, item, c, v);
    }
    match item {
        Item::Scenario => scenario::set(s, field, v)?,
        Item::Store(store) => {
            if *field == Field::Latency {
                store.set_latency_ms(s, text::whole(v)?);
            }
        }
        Item::Binding(i) => {
            if let Some(b) = s.bindings.get_mut(*i) {
                binding::set(b, field, v);
            }
        }
        Item::Node(n) => match n.kind {
            Kind::Exchange => exchange::set(s, &n.name, field, v)?,
            Kind::Queue => {
                if let Some(q) = s.queues.iter_mut().find(|q| q.name == n.name) {
                    queue::set(q, field, v)?;
                }
            }
            Kind::Producer => {
                let last_ms = s.duration_ms.saturating_sub(1);
                if let Some(p) = s.producers.iter_mut().find(|p| p.name == n.name) {
                    producer::set(p, field, v, last_ms)?;
                }
            }
            Kind::Consumer => {
                if let Some(c) = s.consumers.iter_mut().find(|c| c.name == n.name) {
                    consumer::set(c, field, v)?;
                }
            }
        },
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value as Json;

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
