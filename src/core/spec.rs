//! The topology as data: the exchanges, queues, bindings and policies a client script or a
//! scenario declares (one set of types for both formats; each keeps its own outer shape), and
//! the [`Command`] that declares each one.
//!
//! Arguments are JSON here (as both file formats write them) and become an AMQP [`Table`] when
//! a command is built; a value with no AMQP form is an error naming its key, never a panic.
//!
//! Both formats read them with the scenario's record reader (`sim/scenario/read_topology.rs`:
//! each field's key and the value it takes when absent); the `serde` attributes below are the
//! tests' `Serialize` derive, the export's reference.

use serde_json::{Map, Value as Json};

use super::command::Command;
use super::ids::ChannelId;
use super::value::{table_from_json, Table};

/// `exchange.declare`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ExchangeSpec {
    pub name: String,
    /// `direct`, `fanout`, `topic` or `headers`.
    #[cfg_attr(test, serde(rename = "type"))]
    pub kind: String,
    pub durable: bool,
    #[cfg_attr(test, serde(skip_serializing_if = "is_false"))]
    pub auto_delete: bool,
    pub internal: bool,
    pub args: Map<String, Json>,
}

/// `queue.declare`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct QueueSpec {
    pub name: String,
    pub durable: bool,
    #[cfg_attr(test, serde(skip_serializing_if = "is_false"))]
    pub exclusive: bool,
    #[cfg_attr(test, serde(skip_serializing_if = "is_false"))]
    pub auto_delete: bool,
    #[cfg_attr(test, serde(skip_serializing_if = "is_false"))]
    pub passive: bool,
    /// The node of the declaring client (the queue's home, or its first leader); none: the
    /// first node.
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub node: Option<String>,
    pub args: Map<String, Json>,
}

/// `queue.bind`, or `exchange.bind` with `to_exchange` (the destination is then an exchange).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct BindingSpec {
    pub source: String,
    pub dest: String,
    pub key: String,
    pub args: Map<String, Json>,
    pub to_exchange: bool,
}

/// A queue policy, as `rabbitmqctl set_policy --apply-to queues NAME PATTERN DEFINITION`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct PolicySpec {
    pub name: String,
    pub pattern: String,
    pub priority: i64,
    /// `ha-mode`, `ha-params`, `ha-sync-mode`, `ha-promote-on-failure`, `ha-promote-on-shutdown`.
    pub definition: Map<String, Json>,
}

/// The derive's `skip_serializing_if`, kept in the tests as the export's reference.
#[cfg(test)]
fn is_false(b: &bool) -> bool {
    !*b
}

/// The AMQP table of JSON arguments; the error names the key (`args.x-foo: …`).
fn args(map: &Map<String, Json>) -> Result<Table, String> {
    table_from_json(map).map_err(|e| format!("args.{e}"))
}

impl ExchangeSpec {
    /// A durable exchange with no arguments.
    pub fn new(name: &str, kind: &str) -> ExchangeSpec {
        ExchangeSpec { name: name.into(), kind: kind.into(), durable: true, auto_delete: false, internal: false, args: Map::new() }
    }
    pub fn declare(&self, channel: ChannelId) -> Result<Command, String> {
        Ok(Command::DeclareExchange {
            channel,
            name: self.name.clone(),
            kind: self.kind.clone(),
            durable: self.durable,
            auto_delete: self.auto_delete,
            internal: self.internal,
            args: args(&self.args)?,
            passive: false,
        })
    }
}

impl QueueSpec {
    /// A durable, shared queue with no arguments, on the first node.
    pub fn new(name: &str) -> QueueSpec {
        QueueSpec { name: name.into(), durable: true, exclusive: false, auto_delete: false, passive: false, node: None, args: Map::new() }
    }
    pub fn declare(&self, channel: ChannelId) -> Result<Command, String> {
        Ok(Command::DeclareQueue {
            channel,
            name: self.name.clone(),
            durable: self.durable,
            exclusive: self.exclusive,
            auto_delete: self.auto_delete,
            args: args(&self.args)?,
            passive: self.passive,
        })
    }
}

impl BindingSpec {
    pub fn bind(&self, channel: ChannelId) -> Result<Command, String> {
        let (source, destination, to_exchange, key) = (self.source.clone(), self.dest.clone(), self.to_exchange, self.key.clone());
        Ok(Command::Bind { channel, source, destination, to_exchange, key, args: args(&self.args)? })
    }
    pub fn unbind(&self, channel: ChannelId) -> Result<Command, String> {
        let (source, destination, to_exchange, key) = (self.source.clone(), self.dest.clone(), self.to_exchange, self.key.clone());
        Ok(Command::Unbind { channel, source, destination, to_exchange, key, args: args(&self.args)? })
    }
}

impl PolicySpec {
    pub fn set(&self) -> Result<Command, String> {
        let definition = table_from_json(&self.definition).map_err(|e| format!("definition.{e}"))?;
        Ok(Command::SetPolicy { name: self.name.clone(), pattern: self.pattern.clone(), priority: self.priority, definition })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_becomes_its_command_and_bad_arguments_are_named() {
        let q: QueueSpec = serde_json::from_str(r#"{"name": "q", "exclusive": true, "args": {"x-max-length": 2}}"#).unwrap();
        let Ok(Command::DeclareQueue { durable, exclusive, auto_delete, passive, args, .. }) = q.declare(ChannelId(1)) else { panic!() };
        assert_eq!((durable, exclusive, auto_delete, passive, args.len()), (true, true, false, false, 1));
        let bad: ExchangeSpec = serde_json::from_str(r#"{"name": "x", "type": "direct", "args": {"x-f": 1.5}}"#).unwrap();
        assert!(bad.declare(ChannelId(1)).unwrap_err().starts_with("args.x-f:"), "{:?}", bad.declare(ChannelId(1)));
        // What a format leaves out is not written back (a scenario keeps its shape).
        assert_eq!(serde_json::to_string(&QueueSpec::new("q")).unwrap(), r#"{"name":"q","durable":true,"args":{}}"#);
    }
}
