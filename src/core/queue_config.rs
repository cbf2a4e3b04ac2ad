//! Queue arguments (`x-…`), validated the way RabbitMQ validates them at declare time.

use std::rc::Rc;

use super::error::AmqpError;
use super::value::{Table, Value};
use crate::core::error::NOT_IMPLEMENTED;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Overflow {
    #[default]
    DropHead,
    RejectPublish,
    RejectPublishDlx,
}

/// `x-queue-type`. A quorum queue is simulated on one node here: its declare rules, returns
/// list and delivery limit (replication arrives with the cluster).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueueKind {
    #[default]
    Classic,
    Quorum,
}

/// The arguments each queue type knows, as RabbitMQ 3.10 lists them (`capabilities()` of
/// rabbit_classic_queue, rabbit_quorum_queue, rabbit_stream_queue). A fresh declare carrying an
/// argument that only another type knows is refused; a redeclare compares exactly the existing
/// queue's list. Arguments no type knows (`x-custom`) are accepted and never compared.
const CLASSIC_ARGS: &[&str] = &[
    "x-expires",
    "x-message-ttl",
    "x-dead-letter-exchange",
    "x-dead-letter-routing-key",
    "x-max-length",
    "x-max-length-bytes",
    "x-max-priority",
    "x-overflow",
    "x-queue-mode",
    "x-queue-version",
    "x-single-active-consumer",
    "x-queue-type",
    "x-queue-master-locator",
];
const QUORUM_ARGS: &[&str] = &[
    "x-dead-letter-exchange",
    "x-dead-letter-routing-key",
    "x-dead-letter-strategy",
    "x-expires",
    "x-max-length",
    "x-max-length-bytes",
    "x-max-in-memory-length",
    "x-max-in-memory-bytes",
    "x-overflow",
    "x-single-active-consumer",
    "x-queue-type",
    "x-quorum-initial-group-size",
    "x-delivery-limit",
    "x-message-ttl",
    "x-queue-leader-locator",
];
const STREAM_ARGS: &[&str] = &[
    "x-max-length-bytes",
    "x-queue-type",
    "x-max-age",
    "x-stream-max-segment-size-bytes",
    "x-initial-cluster-size",
    "x-queue-leader-locator",
];

impl QueueKind {
    /// The arguments this type validates and compares on a redeclare.
    pub fn known_args(self) -> &'static [&'static str] {
        match self {
            QueueKind::Classic => CLASSIC_ARGS,
            QueueKind::Quorum => QUORUM_ARGS,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            QueueKind::Classic => "classic",
            QueueKind::Quorum => "quorum",
        }
    }
}

/// A string argument that must be one of `allowed`, checked only when the queue type knows it.
fn enum_arg(args: &Table, kind: QueueKind, name: &str, allowed: &[&str]) -> Result<(), AmqpError> {
    match args.get(name) {
        Some(Value::Str(s)) if allowed.contains(&s.as_str()) => Ok(()),
        Some(other) if kind.known_args().contains(&name) => Err(AmqpError::precondition(format!(
            "PRECONDITION_FAILED - invalid arg '{name}' for queue: {other:?} is not one of {allowed:?}"
        ))),
        _ => Ok(()),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueConfig {
    pub kind: QueueKind,
    /// A quorum queue's `x-delivery-limit`: a message returned more often is dead-lettered
    /// with reason `delivery_limit`. RabbitMQ 3.x sets no default, and takes a negative limit
    /// literally: the first return already exceeds it.
    pub delivery_limit: Option<i64>,
    /// `x-message-ttl`, ms.
    pub message_ttl: Option<u64>,
    /// `x-expires`, ms: delete the queue after this long unused.
    pub expires: Option<u64>,
    pub max_length: Option<u64>,
    pub max_length_bytes: Option<u64>,
    pub overflow: Overflow,
    pub dead_letter_exchange: Option<Rc<str>>,
    pub dead_letter_routing_key: Option<Rc<str>>,
    /// `x-max-priority`: the highest priority level (levels are 0..=max).
    pub max_priority: Option<u8>,
    pub single_active_consumer: bool,
}

fn int_arg(args: &Table, name: &str, min: i64) -> Result<Option<u64>, AmqpError> {
    match args.get(name) {
        None => Ok(None),
        Some(Value::Int(i)) if *i >= min => Ok(Some(*i as u64)),
        Some(Value::Int(i)) => Err(AmqpError::precondition(format!(
            "invalid arg '{name}' for queue: {i} is below the minimum {min}"
        ))),
        Some(other) => Err(AmqpError::precondition(format!("invalid arg '{name}' for queue: {other:?} is not an integer"))),
    }
}

fn str_arg(args: &Table, name: &str) -> Result<Option<Rc<str>>, AmqpError> {
    match args.get(name) {
        None => Ok(None),
        Some(Value::Str(s)) => Ok(Some(Rc::from(s.as_str()))),
        Some(other) => Err(AmqpError::precondition(format!("invalid arg '{name}' for queue: {other:?} is not a string"))),
    }
}

impl QueueConfig {
    pub fn parse(args: &Table) -> Result<QueueConfig, AmqpError> {
        let overflow = match args.get("x-overflow") {
            None => Overflow::DropHead,
            Some(Value::Str(s)) if s == "drop-head" => Overflow::DropHead,
            Some(Value::Str(s)) if s == "reject-publish" => Overflow::RejectPublish,
            Some(Value::Str(s)) if s == "reject-publish-dlx" => Overflow::RejectPublishDlx,
            Some(other) => {
                return Err(AmqpError::precondition(format!("invalid arg 'x-overflow' for queue: {other:?}")))
            }
        };
        let max_priority = match int_arg(args, "x-max-priority", 0)? {
            Some(p) if p > 255 => {
                return Err(AmqpError::precondition(format!("invalid arg 'x-max-priority' for queue: {p} is above 255")))
            }
            other => other.map(|p| p as u8),
        };
        let single_active_consumer = match args.get("x-single-active-consumer") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                return Err(AmqpError::precondition(format!("invalid arg 'x-single-active-consumer' for queue: {other:?}")))
            }
        };
        let kind = match args.get("x-queue-type") {
            None => QueueKind::Classic,
            Some(Value::Str(s)) if s == "classic" => QueueKind::Classic,
            Some(Value::Str(s)) if s == "quorum" => QueueKind::Quorum,
            Some(Value::Str(s)) if s == "stream" => {
                return Err(AmqpError::new(NOT_IMPLEMENTED, "NOT_IMPLEMENTED - stream queues are not simulated"))
            }
            Some(other) => return Err(AmqpError::precondition(format!("invalid arg 'x-queue-type' for queue: {other:?}"))),
        };
        // Another type's argument is refused (3.10 `check_arguments_key`); unknown ones pass.
        if let Some(key) = args.keys().find(|k| {
            let k = k.as_str();
            !kind.known_args().contains(&k) && [CLASSIC_ARGS, QUORUM_ARGS, STREAM_ARGS].iter().any(|list| list.contains(&k))
        }) {
            return Err(AmqpError::precondition(format!(
                "PRECONDITION_FAILED - invalid arg '{key}' for queue of queue type {}",
                kind.as_str()
            )));
        }
        // Values of the arguments that change nothing simulated are still validated.
        enum_arg(args, kind, "x-queue-mode", &["default", "lazy"])?;
        enum_arg(args, kind, "x-dead-letter-strategy", &["at-most-once", "at-least-once"])?;
        enum_arg(args, kind, "x-queue-leader-locator", &["client-local", "balanced", "random", "least-leaders"])?;
        if let Some(v) = int_arg(args, "x-queue-version", 0)? {
            if v != 1 && v != 2 {
                return Err(AmqpError::precondition(format!("PRECONDITION_FAILED - invalid arg 'x-queue-version' for queue: unsupported queue version '{v}'")));
            }
        }
        int_arg(args, "x-max-in-memory-length", 0)?;
        int_arg(args, "x-max-in-memory-bytes", 0)?;
        int_arg(args, "x-quorum-initial-group-size", 1)?;
        let delivery_limit = match args.get("x-delivery-limit") {
            None => None,
            Some(Value::Int(i)) => Some(*i),
            Some(other) => return Err(AmqpError::precondition(format!("invalid arg 'x-delivery-limit' for queue: {other:?}"))),
        };
        let overflow = match (kind, overflow) {
            // 3.10 logs a warning and uses drop-head: the head is dead-lettered `maxlen`.
            (QueueKind::Quorum, Overflow::RejectPublishDlx) => Overflow::DropHead,
            (_, overflow) => overflow,
        };
        let config = QueueConfig {
            kind,
            delivery_limit,
            message_ttl: int_arg(args, "x-message-ttl", 0)?,
            expires: int_arg(args, "x-expires", 1)?,
            max_length: int_arg(args, "x-max-length", 0)?,
            max_length_bytes: int_arg(args, "x-max-length-bytes", 0)?,
            overflow,
            dead_letter_exchange: str_arg(args, "x-dead-letter-exchange")?,
            dead_letter_routing_key: str_arg(args, "x-dead-letter-routing-key")?,
            max_priority,
            single_active_consumer,
        };
        if config.dead_letter_routing_key.is_some() && config.dead_letter_exchange.is_none() {
            return Err(AmqpError::precondition(
                "invalid arg 'x-dead-letter-routing-key' for queue: x-dead-letter-exchange is not set",
            ));
        }
        Ok(config)
    }

    /// Where returned messages go in this queue.
    pub fn return_to(&self) -> super::queue::ReturnTo {
        use super::queue::ReturnTo;
        match (self.kind, self.delivery_limit) {
            (QueueKind::Classic, _) => ReturnTo::OriginalPosition,
            (QueueKind::Quorum, Some(_)) => ReturnTo::ReturnsList,
            (QueueKind::Quorum, None) => ReturnTo::Back,
        }
    }

    /// Number of priority levels the ready store keeps.
    pub fn levels(&self) -> usize {
        usize::from(self.max_priority.unwrap_or(0)) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, Value)]) -> Table {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    #[test]
    fn valid_arguments_are_read() {
        let c = QueueConfig::parse(&args(&[
            ("x-message-ttl", 0.into()),
            ("x-max-length", 2.into()),
            ("x-overflow", "reject-publish-dlx".into()),
            ("x-dead-letter-exchange", "".into()),
            ("x-dead-letter-routing-key", "k".into()),
            ("x-max-priority", 5.into()),
        ]))
        .unwrap();
        assert_eq!((c.message_ttl, c.max_length, c.overflow), (Some(0), Some(2), Overflow::RejectPublishDlx));
        assert_eq!(c.levels(), 6);
        assert_eq!(c.dead_letter_exchange.as_deref(), Some(""));
    }

    #[test]
    fn invalid_values_are_refused_with_406() {
        for bad in [
            args(&[("x-message-ttl", (-1).into())]),
            args(&[("x-expires", 0.into())]),
            args(&[("x-message-ttl", "1000".into())]),
            args(&[("x-overflow", "drop-tail".into())]),
            args(&[("x-max-priority", 256.into())]),
            args(&[("x-dead-letter-routing-key", "k".into())]),
        ] {
            assert_eq!(QueueConfig::parse(&bad).unwrap_err().code, 406, "{bad:?}");
        }
    }
}
