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

#[derive(Clone, PartialEq, Eq)]
pub struct Message {
    pub id: MsgId,
    pub body: Rc<str>,
    /// The exchange it was last published or dead-lettered through.
    pub exchange: Rc<str>,
    pub routing_key: Rc<str>,
    pub persistent: bool,
    pub priority: Option<u8>,
    /// The `message_id` property is the body's text (a simulated producer's id is its body):
    /// then no box of extras is allocated (and dropped) for it on every publish. Any other id is
    /// in `extra`. See [`Message::message_id`].
    pub message_id_is_body: bool,
    pub extra: Option<Box<Extra>>,
}

/// Written as when every message id was one of the extras (`Extra { expiration, message_id,
/// headers, .. }`): event traces, and the trace hashes that fingerprint them, stay the same.
impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let extra = (self.extra.is_some() || self.message_id_is_body).then(|| ExtraWithId { extra: self.extra(), message_id: self.message_id() });
        f.debug_struct("Message")
            .field("id", &self.id)
            .field("body", &self.body)
            .field("exchange", &self.exchange)
            .field("routing_key", &self.routing_key)
            .field("persistent", &self.persistent)
            .field("priority", &self.priority)
            .field("extra", &extra)
            .finish()
    }
}

/// A message's extras with its id among them, for its debug form.
struct ExtraWithId<'a> {
    extra: &'a Extra,
    message_id: Option<&'a Rc<str>>,
}

impl std::fmt::Debug for ExtraWithId<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let e = self.extra;
        f.debug_struct("Extra")
            .field("expiration", &e.expiration)
            .field("message_id", &self.message_id)
            .field("headers", &e.headers)
            .field("cc", &e.cc)
            .field("bcc", &e.bcc)
            .field("deaths", &e.deaths)
            .field("first_death", &e.first_death)
            .finish()
    }
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
    /// The `message_id` property.
    pub fn message_id(&self) -> Option<&Rc<str>> {
        if self.message_id_is_body {
            Some(&self.body)
        } else {
            self.extra.as_ref().and_then(|e| e.message_id.as_ref())
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn message(message_id_is_body: bool, extra: Option<Box<Extra>>) -> Message {
        Message {
            id: MsgId(1),
            body: "p-1".into(),
            exchange: "x".into(),
            routing_key: "k".into(),
            persistent: false,
            priority: None,
            message_id_is_body,
            extra,
        }
    }

    /// A message id kept as "the body" reads and prints exactly as the boxed one it replaces
    /// (the derived form of the old `Extra`): the event traces and their hashes depend on it.
    #[test]
    fn a_message_id_that_is_the_body_reads_and_prints_as_one_among_the_extras() {
        let boxed = message(false, Some(Box::new(Extra { message_id: Some("p-1".into()), ..Extra::default() })));
        let kept = message(true, None);
        let expected = "Message { id: MsgId(1), body: \"p-1\", exchange: \"x\", routing_key: \"k\", persistent: false, \
            priority: None, extra: Some(Extra { expiration: None, message_id: Some(\"p-1\"), headers: {}, cc: [], bcc: [], \
            deaths: [], first_death: None }) }";
        assert_eq!(format!("{kept:?}"), expected);
        assert_eq!(format!("{boxed:?}"), expected);
        assert_eq!(format!("{kept:#?}"), format!("{boxed:#?}"));
        assert_eq!((kept.message_id().map(|m| &**m), boxed.message_id().map(|m| &**m)), (Some("p-1"), Some("p-1")));
        let plain = message(false, None);
        assert_eq!(plain.message_id(), None);
        assert!(format!("{plain:?}").ends_with("priority: None, extra: None }"));
    }
}
