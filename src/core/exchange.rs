//! Exchanges and their bindings.

use std::rc::Rc;

use super::error::AmqpError;
use super::ids::QueueId;
use super::routing::headers::{self, MatchMode};
use super::routing::topic;
use super::value::Table;
use crate::core::error::COMMAND_INVALID;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExchangeKind {
    Direct,
    Fanout,
    Topic,
    Headers,
}

impl ExchangeKind {
    pub fn parse(s: &str) -> Result<ExchangeKind, AmqpError> {
        Ok(match s {
            "direct" => ExchangeKind::Direct,
            "fanout" => ExchangeKind::Fanout,
            "topic" => ExchangeKind::Topic,
            "headers" => ExchangeKind::Headers,
            other => return Err(AmqpError::new(COMMAND_INVALID, format!("COMMAND_INVALID - unknown exchange type '{other}'"))),
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ExchangeKind::Direct => "direct",
            ExchangeKind::Fanout => "fanout",
            ExchangeKind::Topic => "topic",
            ExchangeKind::Headers => "headers",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Destination {
    Queue(QueueId),
    Exchange(Rc<str>),
}

/// What a binding compares, prepared once at bind time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Matcher {
    Key,
    Everything,
    Topic(Vec<String>),
    Headers(MatchMode),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub destination: Destination,
    pub key: Rc<str>,
    pub args: Table,
    pub matcher: Matcher,
}

impl Binding {
    pub fn new(kind: ExchangeKind, destination: Destination, key: &str, args: Table) -> Result<Binding, AmqpError> {
        let matcher = match kind {
            ExchangeKind::Direct => Matcher::Key,
            ExchangeKind::Fanout => Matcher::Everything,
            ExchangeKind::Topic => Matcher::Topic(topic::words(key).into_iter().map(String::from).collect()),
            ExchangeKind::Headers => Matcher::Headers(headers::match_mode(&args)?),
        };
        Ok(Binding { destination, key: key.into(), args, matcher })
    }

    /// Does this binding match any of the message's routing keys (or its headers)?
    pub fn matches(&self, keys: &[Rc<str>], key_words: &[Vec<&str>], message_headers: &Table) -> bool {
        match &self.matcher {
            Matcher::Key => keys.iter().any(|k| **k == *self.key),
            Matcher::Everything => true,
            Matcher::Topic(pattern) => key_words.iter().any(|words| topic::matches(pattern, words)),
            Matcher::Headers(mode) => headers::matches(*mode, &self.args, message_headers),
        }
    }

    pub fn same_as(&self, destination: &Destination, key: &str, args: &Table) -> bool {
        self.destination == *destination && *self.key == *key && self.args == *args
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    pub name: Rc<str>,
    pub kind: ExchangeKind,
    pub durable: bool,
    pub auto_delete: bool,
    pub internal: bool,
    pub args: Table,
    pub bindings: Vec<Binding>,
}

impl Exchange {
    pub fn alternate(&self) -> Option<&str> {
        self.args.get("alternate-exchange").and_then(|v| v.as_str())
    }
    /// A re-declare must match the existing exchange exactly, or it is refused with 406.
    pub fn equivalent(&self, kind: ExchangeKind, durable: bool, auto_delete: bool, internal: bool, args: &Table) -> bool {
        self.kind == kind && self.durable == durable && self.auto_delete == auto_delete && self.internal == internal && self.args == *args
    }
}
