//! The client-script format (`../shared/formats/client-script.md` plus `conformance/EXTENSIONS.md`),
//! parsed strictly: an unknown field or op, a missing field or a wrong type is an error that
//! names the step and the field.

use serde::Deserialize;
use serde_json::Value as Json;

use crate::core::value::{table_from_json, Table};
pub use crate::input::from_json;
use crate::input::one_line;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PublisherMode {
    Plain,
    Confirm,
    Tx,
}

/// The declarations: the core's specs, shared with the scenario format.
pub use crate::core::spec::{BindingSpec, ExchangeSpec, PolicySpec, QueueSpec};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declare {
    #[serde(default)]
    pub exchanges: Vec<ExchangeSpec>,
    #[serde(default)]
    pub queues: Vec<QueueSpec>,
    #[serde(default)]
    pub bindings: Vec<BindingSpec>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnDelivery {
    Ack,
    Reject,
    Requeue,
    Nack,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    Publish {
        #[serde(default)]
        exchange: String,
        /// Absent = the empty routing key (natural for fanout and headers exchanges).
        #[serde(default)]
        key: String,
        id: String,
        #[serde(default = "yes")]
        persistent: bool,
        expiration: Option<String>,
        #[serde(default, deserialize_with = "amqp_table")]
        headers: Table,
        priority: Option<u8>,
        #[serde(default)]
        mandatory: bool,
        node: Option<String>,
    },
    Commit {
        node: Option<String>,
    },
    Rollback {
        node: Option<String>,
    },
    Wait {
        ms: u64,
    },
    Consume {
        queue: String,
        consumer: String,
        prefetch: Option<u32>,
        #[serde(default)]
        auto_ack: bool,
        priority: Option<i64>,
        on_delivery: Option<OnDelivery>,
        #[serde(default)]
        exclusive: bool,
        connection: Option<String>,
        node: Option<String>,
    },
    Ack {
        consumer: String,
        id: String,
        #[serde(default)]
        multiple: bool,
    },
    Reject {
        consumer: String,
        id: String,
    },
    Requeue {
        consumer: String,
        id: String,
    },
    Nack {
        consumer: String,
        id: String,
        #[serde(default)]
        multiple: bool,
        #[serde(default)]
        requeue: bool,
    },
    Crash {
        consumer: String,
    },
    Cancel {
        consumer: String,
    },
    RestartBroker {},
    Get {
        queue: String,
        consumer: String,
        #[serde(default)]
        auto_ack: bool,
    },
    DeclareExchange(ExchangeSpec),
    DeclareQueue(QueueSpec),
    Bind(BindingSpec),
    Unbind(BindingSpec),
    DeleteQueue {
        queue: String,
    },
    DeleteExchange {
        exchange: String,
    },
    Purge {
        queue: String,
    },
    ConfirmSelect {},
    TxSelect {},
    Recover {
        consumer: String,
    },
    StopNode {
        node: String,
    },
    KillNode {
        node: String,
    },
    StartNode {
        node: String,
    },
}

#[derive(Clone, Debug)]
pub struct Script {
    pub name: String,
    pub publisher: PublisherMode,
    pub declare: Declare,
    pub steps: Vec<Step>,
    pub settle_ms: u64,
    pub nodes: Vec<String>,
    pub policies: Vec<PolicySpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScript {
    #[serde(default)]
    name: String,
    #[serde(default = "plain")]
    publisher: PublisherMode,
    #[serde(default)]
    declare: Declare,
    #[serde(default)]
    steps: Vec<Json>,
    #[serde(default = "default_settle")]
    settle_ms: u64,
    #[serde(default)]
    nodes: Vec<String>,
    #[serde(default)]
    policies: Vec<PolicySpec>,
}

/// A JSON object as an AMQP table; a value that is not an AMQP value (a float, an integer beyond
/// i64) is refused naming its key.
fn amqp_table<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Table, D::Error> {
    let map = serde_json::Map::<String, Json>::deserialize(deserializer)?;
    table_from_json(&map).map_err(serde::de::Error::custom)
}

fn yes() -> bool {
    true
}
fn plain() -> PublisherMode {
    PublisherMode::Plain
}
fn default_settle() -> u64 {
    100
}

/// Reads a script, naming the first problem found (`step 3: missing field `queue``) in one line
/// safe to print (see [`crate::input::one_line`]).
pub fn parse(text: &str) -> Result<Script, String> {
    let raw: RawScript = from_json(text).map_err(|e| format!("script: {e}"))?;
    let steps = raw
        .steps
        .into_iter()
        .enumerate()
        .map(|(i, json)| {
            crate::input::from_value::<Step>(&json).map_err(|e| one_line(&format!("step {i}: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let script = Script {
        name: raw.name,
        publisher: raw.publisher,
        declare: raw.declare,
        steps,
        settle_ms: raw.settle_ms,
        nodes: raw.nodes,
        policies: raw.policies,
    };
    validate(&script).map_err(|e| one_line(&e))?;
    Ok(script)
}

/// The longest `wait` step or `settle_ms`: one virtual day. The conformance scripts wait
/// seconds; a longer wait only spins through timers.
pub const MAX_WAIT_MS: u64 = 86_400_000;

fn validate(script: &Script) -> Result<(), String> {
    if script.settle_ms > MAX_WAIT_MS {
        return Err(format!("settle_ms: at most {MAX_WAIT_MS} (one day), not {}", script.settle_ms));
    }
    for (i, step) in script.steps.iter().enumerate() {
        match step {
            Step::Publish { expiration: Some(e), .. } if e.is_empty() => return Err(format!("step {i}: expiration must not be empty")),
            Step::Wait { ms } if *ms > MAX_WAIT_MS => return Err(format!("step {i}: ms: at most {MAX_WAIT_MS} (one day), not {ms}")),
            Step::DeclareExchange(x) => arguments(&x.args, || format!("step {i}"))?,
            Step::DeclareQueue(q) => arguments(&q.args, || format!("step {i}"))?,
            Step::Bind(b) | Step::Unbind(b) => arguments(&b.args, || format!("step {i}"))?,
            _ => {}
        }
    }
    // Declarations' arguments are AMQP tables: a float or an integer beyond i64 is refused as the
    // script is read, naming its key, never when the step runs.
    for (i, x) in script.declare.exchanges.iter().enumerate() {
        arguments(&x.args, || format!("declare.exchanges[{i}].args"))?;
    }
    for (i, q) in script.declare.queues.iter().enumerate() {
        arguments(&q.args, || format!("declare.queues[{i}].args"))?;
    }
    for (i, b) in script.declare.bindings.iter().enumerate() {
        arguments(&b.args, || format!("declare.bindings[{i}].args"))?;
    }
    for (i, p) in script.policies.iter().enumerate() {
        arguments(&p.definition, || format!("policies[{i}].definition"))?;
    }
    Ok(())
}

fn arguments(args: &serde_json::Map<String, Json>, at: impl FnOnce() -> String) -> Result<(), String> {
    table_from_json(args).map(drop).map_err(|e| format!("{}: {e}", at()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_example_parses() {
        let s = parse(
            r#"{"name":"delay-queue","publisher":"plain",
            "declare":{"exchanges":[{"name":"dlx","type":"direct","durable":true,"args":{}}],
                       "queues":[{"name":"q","durable":true,"args":{"x-message-ttl":1000,"x-dead-letter-exchange":"dlx"}}],
                       "bindings":[{"source":"dlx","dest":"q.dead","key":"k","args":{},"to_exchange":false}]},
            "steps":[{"op":"publish","exchange":"","key":"q","id":"m1","persistent":true,"expiration":"500","headers":{"a":"b"},"priority":3,"mandatory":false},
                     {"op":"wait","ms":1200}],
            "settle_ms":100}"#,
        )
        .unwrap();
        assert_eq!(s.steps.len(), 2);
        assert_eq!(s.settle_ms, 100);
    }

    #[test]
    fn errors_name_the_step_and_the_problem() {
        let e = parse(r#"{"steps":[{"op":"wait","ms":1},{"op":"consume","consumer":"c"}]}"#).unwrap_err();
        assert!(e.starts_with("step 1:") && e.contains("queue"), "{e}");
        let e = parse(r#"{"steps":[{"op":"teleport"}]}"#).unwrap_err();
        assert!(e.contains("teleport"), "{e}");
        let e = parse(r#"{"steps":[{"op":"wait","ms":1,"extra":2}]}"#).unwrap_err();
        assert!(e.contains("extra"), "{e}");
        let e = parse(r#"{"publisher":"sometimes"}"#).unwrap_err();
        assert!(e.contains("sometimes"), "{e}");
        let e = parse(r#"{"declare":{"queues":[{"name":"q","args":{"x-message-ttl":1.5}}]}}"#).unwrap_err();
        assert!(e.contains("x-message-ttl"), "{e}");
        assert!(parse("{not json").unwrap_err().starts_with("script:"));
    }

    #[test]
    fn an_absent_key_is_the_empty_routing_key() {
        let s = parse(
            r#"{"declare":{"bindings":[{"source":"x","dest":"q"}]},
                "steps":[{"op":"publish","exchange":"x","id":"m1"},{"op":"bind","source":"x","dest":"q2"}]}"#,
        )
        .unwrap();
        assert_eq!(s.declare.bindings[0].key, "");
        assert!(matches!(&s.steps[0], Step::Publish { key, .. } if key.is_empty()));
        assert!(matches!(&s.steps[1], Step::Bind(b) if b.key.is_empty()));
    }
}
