//! Messages: what a publisher sent, plus what the broker adds when it dead-letters them.
//!
//! A message is immutable once published and shared (`Rc`) by all of its copies; dead-lettering
//! builds a new message. Rarely used fields live behind one `Option<Box<_>>` so that a plain
//! message stays small (a million of them must fit in well under 200 MB).

use std::rc::Rc;

use super::ids::MsgId;
use super::time::Time;
use super::value::{Table, Value};

/// Why a message was dead-lettered (the `reason` of an `x-death` entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeathReason {
    Rejected,
    Expired,
    Maxlen,
    DeliveryLimit,
}

impl DeathReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DeathReason::Rejected => "rejected",
            DeathReason::Expired => "expired",
            DeathReason::Maxlen => "maxlen",
            DeathReason::DeliveryLimit => "delivery_limit",
        }
    }
}

/// One entry of the `x-death` header: one per distinct (queue, reason) pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Death {
    pub queue: Rc<str>,
    pub reason: DeathReason,
    pub count: u64,
    /// Virtual time of the first death for this pair.
    pub time: Time,
    pub exchange: Rc<str>,
    pub routing_keys: Vec<Rc<str>>,
    pub original_expiration: Option<String>,
}

/// What the publisher set, beyond the routing key.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Properties {
    pub persistent: bool,
    pub priority: Option<u8>,
    /// The `expiration` property: a string holding a non-negative integer of milliseconds.
    pub expiration: Option<String>,
    /// Shared (`Rc`): a simulated producer's id is its message's body too, not a second copy.
    pub message_id: Option<Rc<str>>,
    pub headers: Table,
}

/// The parts of a message most messages never use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extra {
    pub expiration: Option<String>,
    pub message_id: Option<Rc<str>>,
    /// Headers as delivered (BCC stripped, CC removed by a DLRK, x-death fields added).
    pub headers: Table,
    /// CC keys: routed and recorded in x-death.
    pub cc: Vec<Rc<str>>,
    /// BCC keys: routed, stripped from the headers, never recorded.
    pub bcc: Vec<Rc<str>>,
    /// Most recent first.
    pub deaths: Vec<Death>,
    pub first_death: Option<(Rc<str>, DeathReason, Rc<str>)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: MsgId,
    pub body: Rc<str>,
    /// The exchange it was last published or dead-lettered through.
    pub exchange: Rc<str>,
    pub routing_key: Rc<str>,
    pub persistent: bool,
    pub priority: Option<u8>,
    pub extra: Option<Box<Extra>>,
}

thread_local! {
    // One shared empty `Extra` per thread, so a plain message needs no allocation for it.
    static NO_EXTRA: &'static Extra = Box::leak(Box::default());
}

impl Message {
    /// Routed by its exchange and routing key alone (no headers, CC or BCC keys): the route
    /// the cache remembers for the key holds for it, whatever else its extras carry (a message
    /// id, an expiration).
    #[inline]
    pub fn routes_by_key(&self) -> bool {
        match &self.extra {
            None => true,
            Some(e) => e.headers.is_empty() && e.cc.is_empty() && e.bcc.is_empty(),
        }
    }
    pub fn extra(&self) -> &Extra {
        match &self.extra {
            Some(extra) => extra,
            None => NO_EXTRA.with(|empty| *empty),
        }
    }
    pub fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Default::default)
    }
    pub fn headers(&self) -> &Table {
        &self.extra().headers
    }
    pub fn expiration(&self) -> Option<&str> {
        // On every enqueue: straight to the field, without the thread-local empty `Extra`.
        self.extra.as_ref().and_then(|e| e.expiration.as_deref())
    }
    pub fn deaths(&self) -> &[Death] {
        &self.extra().deaths
    }
    /// The routing key plus the CC keys: what x-death records.
    pub fn recorded_keys(&self) -> Vec<Rc<str>> {
        std::iter::once(self.routing_key.clone()).chain(self.extra().cc.iter().cloned()).collect()
    }
    /// Every key the message was routed with: routing key, CC and BCC.
    pub fn all_keys(&self) -> Vec<Rc<str>> {
        let extra = self.extra();
        std::iter::once(self.routing_key.clone())
            .chain(extra.cc.iter().cloned())
            .chain(extra.bcc.iter().cloned())
            .collect()
    }
    /// Body size in bytes, for `x-max-length-bytes`.
    pub fn size(&self) -> u64 {
        self.body.len() as u64
    }
}

/// Reads a `CC`/`BCC` header: an array of strings (anything else is ignored, as RabbitMQ does).
pub fn sender_selected_keys(headers: &Table, name: &str) -> Vec<Rc<str>> {
    match headers.get(name) {
        Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(Rc::from)).collect(),
        _ => Vec::new(),
    }
}
