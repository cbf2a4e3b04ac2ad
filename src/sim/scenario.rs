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
    /// One publish every `interval_ms` virtual milliseconds.
    pub interval_ms: u64,
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
            if p.interval_ms == 0 {
                return Err(format!("producers[{i}].interval_ms: must be at least 1"));
            }
            if p.confirm_timeout_ms.is_some() && p.mode != PublishMode::Confirm {
                return Err(format!("producers[{i}].confirm_timeout_ms: only meaningful with mode \"confirm\""));
            }
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
            if c.failure.denominator == 0 || c.failure.numerator > c.failure.denominator {
                return Err(format!("consumers[{i}].failure: {}/{} is not a probability", c.failure.numerator, c.failure.denominator));
            }
        }
        for (i, f) in self.faults.iter().enumerate() {
            let (kind, name, known) = match &f.fault {
                Fault::CrashConsumer { consumer } | Fault::LoseNextAck { consumer } => {
                    ("consumer", consumer, self.consumers.iter().any(|c| &c.name == consumer))
                }
                Fault::LoseNextConfirm { producer } => ("producer", producer, self.producers.iter().any(|p| &p.name == producer)),
                Fault::RestartBroker => continue,
            };
            if !known {
                return Err(format!("faults[{i}].fault.{kind}: no {kind} named \"{name}\""));
            }
        }
        Ok(())
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
}
